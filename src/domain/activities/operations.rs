//! Reading and writing a project's activities: who may, their versions and change
//! records (as a project's results).

use std::collections::HashSet;

use chrono::Datelike;

use super::*;
use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::access::{self, Sharing};
use crate::domain::changes::{ChangeAction, ChangePage};
use crate::domain::decimal::parse_scaled;
use crate::domain::kinds::ResourceKind;
use crate::domain::lists;
use crate::domain::money::currency_scale;
use crate::domain::projects::{Project, ProjectInput};
use crate::domain::record::{self, CooperationKind, ExpectedVersions, RecordStorage};
use crate::error::ApiError;
use crate::pagination::Cursors;
use crate::store::activities::{self as store, ActivityCostRow, ActivityItemRow, StoredActivities};
use crate::store::changes::{self as change_store, NewChange};
use crate::store::record_table;
use crate::store::visibility::ReadScope;
use crate::store::{self as stores, to_utc};

/// The first and last day a project runs, planned or actual.
fn span_of(project: &ProjectInput) -> (NaiveDate, NaiveDate) {
    let earliest = project
        .actual_start
        .map_or(project.planned_start, |s| s.min(project.planned_start));
    let latest = project
        .actual_end
        .map_or(project.planned_end, |e| e.max(project.planned_end));
    (earliest, latest)
}

/// The organisations that may pay a project's costs: its participants and contributors.
pub fn payers_of(project: &ProjectInput) -> HashSet<Uuid> {
    project
        .participants
        .iter()
        .map(|p| p.organisation_id)
        .chain(project.contributions.iter().map(|c| c.organisation_id))
        .collect()
}

/// The project's activities as the caller may read them (404 when it may not read the
/// project), with their version.
pub fn read(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<StoredActivities, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    stored_or_empty(conn, project_id)
}

fn stored_or_empty(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<StoredActivities, ApiError> {
    match store::find(conn, project_id)? {
        Some(stored) => Ok(stored),
        None => Ok(StoredActivities {
            version: 0,
            representation: serde_json::to_string(&ProjectActivities {
                project_id,
                version: 0,
                updated_at: None,
                updated_by: None,
                activities: Vec::new(),
            })
            .map_err(ApiError::internal)?,
        }),
    }
}

/// The change records of the project's activities, for callers who may read the project.
pub fn history(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<ChangePage, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    lists::changes_page(
        conn,
        ReadScope::All,
        ResourceKind::ProjectActivities,
        project_id,
        limit,
        cursor,
        cursors,
    )
    .map(|page| {
        page.unwrap_or(ChangePage {
            items: Vec::new(),
            next_cursor: None,
        })
    })
}

/// Replace the project's activities when the client read their current version
/// (`If-Match`; `"0"` before any were saved). Who may write them is who may write the
/// project's results. Saving the same activities again changes nothing.
pub fn replace(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    expected: &ExpectedVersions,
    mut input: ActivitiesInput,
) -> Result<StoredActivities, ApiError> {
    // The project's dates and participants bound the activities, and an edit of the
    // project checks them against the activities: one waits for the other.
    change_store::hold_results(conn, project_id)?;
    record::read::<Project>(conn, caller, project_id)?;
    let current_project: Project = record_table::find::<<ProjectInput as CooperationKind>::Table>(
        conn,
        project_id,
        ReadScope::All,
    )?
    .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
    .transpose()?
    // The caller reads it (above), so only an incomplete draft has no row.
    .ok_or_else(|| record::incomplete_draft::<Project>(project_id, "has no activities"))?;
    let counted = Project::approved(conn, project_id)?.unwrap_or_else(|| current_project.clone());
    check_writer(caller, &counted)?;
    let (first, last) = span_of(&counted);
    let (current_first, current_last) = span_of(&current_project);
    let payers: HashSet<Uuid> = payers_of(&counted)
        .intersection(&payers_of(&current_project))
        .copied()
        .collect();
    check_within(
        &mut input,
        &counted.default_language,
        (first.max(current_first), last.min(current_last)),
        &payers,
    )
    .into_result()?;
    let current = stored_or_empty(conn, project_id)?;
    expected.check(current.version)?;
    let before: ProjectActivities =
        serde_json::from_str(&current.representation).map_err(ApiError::internal)?;
    if before.activities == input.activities {
        return Ok(current);
    }
    let version = current.version + 1;
    let now = to_utc(stores::now());
    let audience =
        record::counted_audience_of::<Project>(conn, project_id, &current_project.fields)?;
    change_store::append(
        conn,
        NewChange {
            resource: ResourceKind::ProjectActivities.as_str(),
            record_id: project_id,
            action: if version == 1 {
                ChangeAction::Create.as_str()
            } else {
                ChangeAction::Update.as_str()
            },
            version,
            actor: &caller.sub,
            actor_organisation_id: caller.org,
            at: now.naive_utc(),
            changed_fields: vec!["activities".to_owned()],
            audience,
            previous_audience: None,
            comment: None,
        },
    )?;
    let (items, costs) = rows_of(&input.activities)?;
    let saved = StoredActivities {
        version,
        representation: serde_json::to_string(&ProjectActivities {
            project_id,
            version,
            updated_at: Some(now),
            updated_by: Some(caller.sub.clone()),
            activities: input.activities,
        })
        .map_err(ApiError::internal)?,
    };
    let written = store::save(
        conn,
        project_id,
        current.version,
        &saved,
        now.naive_utc(),
        &caller.sub,
        &items,
        &costs,
    )?;
    if !written {
        return Err(ApiError::changed_concurrently());
    }
    Ok(saved)
}

/// May `caller` write the activities of a project whose content that counts is
/// `counted`? Admins and coordinators: any; partners: those their organisation takes
/// part in.
fn check_writer(caller: &Caller, counted: &Project) -> Result<(), ApiError> {
    let participants = counted.participants();
    access::check_update(
        caller,
        "project",
        false,
        Sharing {
            participants: &participants,
            visibility: counted.visibility,
        },
        None,
    )
}

/// The rows figures and reports read of checked activities.
fn rows_of(
    activities: &[Activity],
) -> Result<(Vec<ActivityItemRow>, Vec<ActivityCostRow>), ApiError> {
    let mut items = Vec::with_capacity(activities.len());
    let mut costs = Vec::new();
    for (position, activity) in activities.iter().enumerate() {
        let year = activity
            .actual_start
            .unwrap_or(activity.planned_start)
            .year();
        items.push(ActivityItemRow {
            kind: activity.kind.as_str().to_owned(),
            status: activity.status.as_str().to_owned(),
            year,
            expert_days: activity.expert_days.unwrap_or(0) as i32,
        });
        for cost in &activity.costs {
            let scale = currency_scale(&cost.currency).map_err(ApiError::internal)?;
            costs.push(ActivityCostRow {
                activity: position as i32,
                category: cost.category.as_str().to_owned(),
                executed: cost.stage == CostStage::Executed,
                amount_minor: parse_scaled(&cost.amount, scale).map_err(ApiError::internal)?,
                currency: cost.currency.clone(),
                paying_organisation_id: cost.paying_organisation_id.to_string(),
                year,
            });
        }
    }
    Ok((items, costs))
}

/// The first and last of a project's activities' dates, and who pays their costs.
pub type ActivityBounds = ((NaiveDate, NaiveDate), HashSet<Uuid>);

/// What the project's activities need of the project: the first and last of their dates
/// and the organisations paying their costs (an edit of the project keeps them inside
/// its dates and among its participants). `None` while it has no activities.
pub fn bounds(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<Option<ActivityBounds>, ApiError> {
    let Some(stored) = store::find(conn, project_id)? else {
        return Ok(None);
    };
    let saved: ProjectActivities =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    let mut payers = HashSet::new();
    for activity in &saved.activities {
        for date in [
            Some(activity.planned_start),
            Some(activity.planned_end),
            activity.actual_start,
            activity.actual_end,
        ]
        .into_iter()
        .flatten()
        {
            span = Some(match span {
                None => (date, date),
                Some((first, last)) => (first.min(date), last.max(date)),
            });
        }
        payers.extend(activity.costs.iter().map(|c| c.paying_organisation_id));
    }
    Ok(span.map(|span| (span, payers)))
}
