//! From request to project: `formulate` creates a draft project prefilled from an
//! accepted request and the capacities chosen for it (their offering institutions as
//! providers, the requester as recipient, the request's sectors, SDG targets, texts and
//! country, the capacities drawn on), links the two (the request's `project_id`, the
//! project's `capacity_ids` and recipient) and moves the request to `formulated`, in one
//! transaction. A second formulate finds the request formulated: 409 naming its project.
//! The project is a draft of the directorate's: its code and dates are for the
//! directorate to complete (until then it is an incomplete draft listing what it lacks,
//! read by the directorate only; once complete, the requester reads it as its recipient).

use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::capacities::Capacity;
use crate::domain::changes::ChangeAction;
use crate::domain::cooperation_requests::pipeline::{check_directs, check_status};
use crate::domain::cooperation_requests::{
    CooperationRequest, CooperationRequestInput, RequestStatus,
};
use crate::domain::projects::Project;
use crate::domain::record::{self, ExpectedVersions, RecordStorage, Saved, draft};
use crate::domain::review::WriteReview;
use crate::error::ApiError;
use crate::validation::Violations;

/// The body of `formulate`: the capacities the project draws on.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"capacity_ids": ["0193a6a0-0006-7000-8000-000000000001"]}))]
pub struct Formulate {
    /// Approved capacities the caller may read, each once (at least one).
    #[validate(length(min = 1, max = 20))]
    #[schema(min_items = 1, max_items = 20)]
    pub capacity_ids: Vec<Uuid>,
}

/// What `formulate` did: the request as saved, and the project created.
pub struct Formulated {
    pub request: Saved<CooperationRequest>,
    pub project_id: Uuid,
}

/// Formulate request `id` as a project drawing on `body.capacity_ids`, if the request is
/// still at the version the client read.
pub fn formulate(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &ExpectedVersions,
    body: Formulate,
) -> Result<Formulated, ApiError> {
    let mut project_id = None;
    let request = record::workflow_move::<CooperationRequest>(
        conn,
        caller,
        id,
        expected,
        ChangeAction::Formulate,
        |conn, input| {
            check_directs(caller, "formulate")?;
            check_status(input, &[RequestStatus::Accepted], "formulate")?;
            let providers = providers(conn, caller, &body.capacity_ids)?;
            let document = project_document(input, &providers, &body.capacity_ids);
            let review = WriteReview {
                draft: true,
                ..WriteReview::default()
            };
            let project = draft::create::<Project>(conn, caller, document, review)?;
            input.status = RequestStatus::Formulated;
            input.project_id = Some(project.id);
            project_id = Some(project.id);
            Ok(None)
        },
    )?;
    Ok(Formulated {
        request,
        project_id: project_id.ok_or_else(|| ApiError::internal("no project formulated"))?,
    })
}

/// The offering organisations of the capacities, each once in order: 422 for a capacity
/// the caller may not read or that is not approved, or one listed twice.
fn providers(
    conn: &mut DbConnection,
    caller: &Caller,
    capacity_ids: &[Uuid],
) -> Result<Vec<Uuid>, ApiError> {
    let mut v = Violations::new();
    let mut providers = Vec::new();
    for (i, capacity_id) in capacity_ids.iter().enumerate() {
        let pointer = format!("/capacity_ids/{i}");
        if capacity_ids[..i].contains(capacity_id) {
            v.add(
                pointer,
                crate::msg!("code-listed-twice", code = capacity_id.to_string()),
            );
            continue;
        }
        if !record::visible::<Capacity>(conn, caller, *capacity_id)? {
            v.add(
                pointer,
                crate::msg!("approved-capacity-not-found", id = capacity_id.to_string()),
            );
            continue;
        }
        let Some(capacity) = Capacity::load(conn, caller, *capacity_id)? else {
            v.add(
                pointer,
                crate::msg!(
                    "not-found-with-id",
                    kind = crate::l10n::noun("capacity"),
                    id = capacity_id.to_string()
                ),
            );
            continue;
        };
        for organisation in &capacity.offering_organisations {
            if !providers.contains(organisation) {
                providers.push(*organisation);
            }
        }
    }
    v.into_result()?;
    Ok(providers)
}

/// The project's fields as the request and capacities give them.
fn project_document(
    request: &CooperationRequestInput,
    providers: &[Uuid],
    capacity_ids: &[Uuid],
) -> Map<String, Value> {
    let mut participants: Vec<Value> = providers
        .iter()
        .filter(|p| **p != request.requesting_organisation)
        .map(|p| json!({"organisation_id": p, "role": "provider"}))
        .collect();
    participants.push(json!({
        "organisation_id": request.requesting_organisation,
        "role": if providers.contains(&request.requesting_organisation) { "both" } else { "recipient" },
    }));
    let recipient_countries: Vec<Value> = request
        .country
        .iter()
        .map(|country| json!({"country_code": country, "percentage": "100"}))
        .collect();
    let mut document = json!({
        "default_language": request.default_language,
        "title": request.title,
        "description": request.problem_statement,
        "objectives": request.expected_results,
        "modality": "bilateral_ssc",
        "instrument": "project",
        "status": 1,
        "visibility": request.visibility,
        "recipient_countries": recipient_countries,
        "recipient_regions": [],
        "sectors": sector_shares(&request.sectors),
        "sdg_goals": request.codes().sdg_goals(),
        "sdg_targets": request.sdg_targets,
        "participants": participants,
        "contributions": [],
        "capacity_ids": capacity_ids,
    });
    if let Some(start) = request.desired_start_from {
        document["planned_start"] = json!(start);
    }
    match document {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The sectors in equal shares summing to 100 (hundredths; what is left over goes to the
/// first).
fn sector_shares(sectors: &[String]) -> Vec<Value> {
    let n = sectors.len().max(1) as i64;
    let each = 10_000 / n;
    let first = 10_000 - each * (n - 1);
    sectors
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let hundredths = if i == 0 { first } else { each };
            json!({"code": code, "percentage": percentage(hundredths)})
        })
        .collect()
}

/// Hundredths as a decimal string ("100", "33.34").
fn percentage(hundredths: i64) -> String {
    match hundredths % 100 {
        0 => (hundredths / 100).to_string(),
        cents => format!("{}.{:02}", hundredths / 100, cents)
            .trim_end_matches('0')
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_to_a_hundred() {
        let shares = |n: usize| {
            sector_shares(&vec!["31195".to_owned(); n])
                .into_iter()
                .map(|s| s["percentage"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(shares(1), ["100"]);
        assert_eq!(shares(2), ["50", "50"]);
        assert_eq!(shares(3), ["33.34", "33.33", "33.33"]);
        assert_eq!(shares(4), ["25", "25", "25", "25"]);
        assert_eq!(
            shares(6),
            ["16.7", "16.66", "16.66", "16.66", "16.66", "16.66"]
        );
    }
}
