//! `GET /api/v1/stats/execution`: the projects' execution figures summed per group,
//! computed by the database over exactly the projects the caller's list holds, kept
//! until the next change like the other statistics.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::codelists;
use crate::db::Db;
use crate::domain::execution_stats::{
    ExecutionDimension, ExecutionStatsQuery, GroupFigures, execution_groups,
};
use crate::domain::projects::{Modality, ParticipantRole};
use crate::domain::stats::StatsAnswers;
use crate::error::ApiError;
use crate::routes::codelists::Labels;
use crate::store::execution_stats::OUTSIDE;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(execution_stats);
}

/// The execution figures of one group.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExecutionGroup {
    /// The group's code: a modality, a country or region code, a DAC sector category, a
    /// year, a role (or `outside`: paid by no organisation taking part in the project).
    pub key: String,
    #[schema(required = true)]
    pub labels: Option<Labels>,
    #[serde(flatten)]
    pub figures: GroupFigures,
}

/// Execution statistics (the example: the demo data as a viewer reads it).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "group_by": "modality",
    "total": {"projects": 11, "currencies": [
        {"currency": "BOB", "budget": null, "pledged": "0.00", "planned_costs": "0.00", "executed_costs": "7700.00", "committed": "0.00", "disbursed": "0.00", "received": "0.00", "expended": "0.00", "executed": "7700.00"},
        {"currency": "JPY", "budget": "45000000", "pledged": "45000000", "planned_costs": "3600000", "executed_costs": "4500000", "committed": "30000000", "disbursed": "10000000", "received": "21000000", "expended": "7500000", "executed": "12000000"},
        {"currency": "USD", "budget": "2785000.00", "pledged": "2175000.00", "planned_costs": "12000.00", "executed_costs": "22940.00", "committed": "980000.00", "disbursed": "195000.00", "received": "900000.00", "expended": "808500.00", "executed": "831440.00"},
        {"currency": "VND", "budget": null, "pledged": "0", "planned_costs": "0", "executed_costs": "45000000", "committed": "0", "disbursed": "0", "received": "0", "expended": "0", "executed": "45000000"}],
        "expert_days": {"pledged": 2170, "planned": 74, "executed": 64},
        "activities": {"total": 14, "planned": 1, "done": 11, "postponed": 1, "cancelled": 1}},
    "groups": [{"key": "bilateral_ssc",
        "labels": {"en": "Bilateral South-South cooperation", "es": "Cooperación Sur-Sur bilateral", "fr": null, "pt": null},
        "projects": 7, "currencies": [
        {"currency": "BOB", "budget": null, "pledged": "0.00", "planned_costs": "0.00", "executed_costs": "7700.00", "committed": "0.00", "disbursed": "0.00", "received": "0.00", "expended": "0.00", "executed": "7700.00"},
        {"currency": "USD", "budget": "685000.00", "pledged": "375000.00", "planned_costs": "12000.00", "executed_costs": "16460.00", "committed": "80000.00", "disbursed": "55000.00", "received": "0.00", "expended": "18500.00", "executed": "34960.00"},
        {"currency": "VND", "budget": null, "pledged": "0", "planned_costs": "0", "executed_costs": "45000000", "committed": "0", "disbursed": "0", "received": "0", "expended": "0", "executed": "45000000"}],
        "expert_days": {"pledged": 860, "planned": 49, "executed": 39},
        "activities": {"total": 9, "planned": 1, "done": 7, "postponed": 0, "cancelled": 1}}]
}))]
pub struct ExecutionStats {
    pub group_by: ExecutionDimension,
    pub total: GroupFigures,
    /// Most projects first (by year: in year order). By country, region and sector a
    /// project counts whole in each of its groups, so groups can add up to more than the
    /// total; by modality, year and role every amount counts in exactly one group.
    pub groups: Vec<ExecutionGroup>,
}

fn labels(dimension: ExecutionDimension, key: &str) -> Option<Labels> {
    let reference = |list: &codelists::Codelist| list.get(key).map(Labels::of);
    match dimension {
        ExecutionDimension::Modality => Modality::parse(key).map(|m| {
            let (en, es) = m.labels();
            Labels::en_es(en, es)
        }),
        ExecutionDimension::Country => reference(codelists::countries()),
        ExecutionDimension::Region => reference(codelists::regions()),
        ExecutionDimension::SectorCategory => reference(codelists::sector_categories()),
        ExecutionDimension::Year => None,
        ExecutionDimension::Role if key == OUTSIDE => Some(Labels::en_es(
            "Outside the project, or not named",
            "Ajeno al proyecto, o sin nombrar",
        )),
        ExecutionDimension::Role => ParticipantRole::parse(key).map(|r| {
            let (en, es) = r.labels();
            Labels::en_es(en, es)
        }),
    }
}

/// Execution figures by group
///
/// The execution figures of `GET /projects/{id}/execution` summed over the projects the
/// project list's filters select, as the caller may read them, grouped by `group_by`
/// (default `modality`), per currency (never converted or summed across currencies),
/// with the same meaning: `budget`, `pledged` (contributions), `planned_costs` and
/// `executed_costs` (activities' costs), `committed` (transactions 2 and 11), `disbursed`
/// (3), `received` (12), `expended` (4), `executed` (`executed_costs` + `expended`);
/// expert days pledged, planned and executed; activities by status.
///
/// Groups: `modality`; `country`, `region`, `sector_category` (a project counts whole
/// in each of its recipient countries, regions, DAC sector categories); `year`: the year
/// of each amount — an activity's year (its actual start, else planned) for its costs,
/// status and expert days, a transaction's date for transactions, and the project's
/// planned start for its budget, contributions and count; `role`: the role in the
/// project of the organisation that pays (burden sharing: a contribution's organisation,
/// a cost's paying organisation, a transaction's provider; its first role when it holds
/// two; `outside` for a provider outside the project or none), with the budget, expert
/// days and activities in the total only.
///
/// Like the other statistics, the version of a project that counts is its approved
/// content (an edit awaiting review counts once approved), with its activities and
/// transactions as they are now. Kept until the next change.
#[utoipa::path(
    tag = "statistics",
    params(ExecutionStatsQuery),
    responses(
        (status = 200, description = "Execution statistics", body = ExecutionStats),
    )
)]
#[get("/stats/execution")]
pub async fn execution_stats(
    caller: Caller,
    db: web::Data<Db>,
    answers: web::Data<StatsAnswers>,
    query: ExecutionStatsQuery,
) -> Result<HttpResponse, ApiError> {
    let filter = query.checked()?;
    let dimension = query.own.group_by.unwrap_or(ExecutionDimension::Modality);
    let pool = db.pool().clone();
    let answer = db
        .read(move |conn| {
            execution_groups(
                conn,
                &pool,
                &answers.execution,
                &answers.execution_index,
                &caller,
                &filter,
                dimension,
            )
        })
        .await?;
    let rendered = answer.rendered.get_or_init(|| {
        let mut groups: Vec<ExecutionGroup> = answer
            .groups
            .iter()
            .map(|(key, figures)| ExecutionGroup {
                labels: labels(dimension, key),
                key: key.clone(),
                figures: figures.clone(),
            })
            .collect();
        match dimension {
            ExecutionDimension::Year => groups.sort_by(|a, b| a.key.cmp(&b.key)),
            _ => groups.sort_by(|a, b| {
                (b.figures.projects)
                    .cmp(&a.figures.projects)
                    .then_with(|| a.key.cmp(&b.key))
            }),
        }
        serde_json::to_vec(&ExecutionStats {
            group_by: dimension,
            total: answer.total.clone(),
            groups,
        })
        .expect("statistics serialise")
    });
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(rendered.clone()))
}
