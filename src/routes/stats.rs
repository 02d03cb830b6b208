//! `/api/v1/stats/…`: aggregates for dashboards, computed by the database over the same
//! filters as the lists, and over exactly the records the caller may read.

use std::collections::BTreeMap;

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::codelists;
use crate::db::Db;
use crate::domain::exchanges::{ExchangeDimension, ExchangeFormat, ExchangeStatsQuery};
use crate::domain::money::{CurrencyTotal, totals};
use crate::domain::projects::Modality;
use crate::domain::projects::query::{ProjectDimension, ProjectStatsQuery};
use crate::domain::stats;
use crate::error::ApiError;
use crate::routes::codelists::Labels;

const TAG: &str = "statistics";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(project_stats).service(exchange_stats);
}

/// Projects of one group.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"key": "BO", "labels": {"en": "Bolivia (Plurinational State of)", "es": "Bolivia (Estado Plurinacional de)"}, "projects": 12, "budget": [{"currency": "USD", "amount": "1450000.00"}]}))]
pub struct ProjectGroup {
    /// The group's code (a country code, a modality, a year, an organisation id, ...).
    pub key: String,
    /// Its name, where one is known.
    #[schema(required = true)]
    pub labels: Option<Labels>,
    pub projects: i64,
    /// The summed budgets, one total per currency (never converted or summed across
    /// currencies). Projects without a budget count in `projects` only.
    pub budget: Vec<CurrencyTotal>,
}

/// Totals over every matching project.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectTotal {
    pub projects: i64,
    pub budget: Vec<CurrencyTotal>,
}

/// Project statistics.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "group_by": "country",
    "total": {"projects": 40, "budget": [{"currency": "USD", "amount": "5200000.00"}]},
    "groups": [{"key": "BO", "labels": {"en": "Bolivia (Plurinational State of)", "es": "Bolivia (Estado Plurinacional de)"}, "projects": 12, "budget": [{"currency": "USD", "amount": "1450000.00"}]}]
}))]
pub struct ProjectStats {
    pub group_by: ProjectDimension,
    pub total: ProjectTotal,
    /// Most projects first. A project belongs to every group of a multi-valued field
    /// (each of its countries, sectors, SDGs, organisations), with its whole budget, so
    /// groups can add up to more than the total.
    pub groups: Vec<ProjectGroup>,
}

fn reference_labels(list: &codelists::Codelist, code: &str) -> Option<Labels> {
    list.get(code).map(Labels::of)
}

/// Project counts and budgets
///
/// Grouped by `group_by` (default `modality`): modality, status, recipient country,
/// region, DAC sector category, SDG, year of planned start, or participating
/// organisation. Takes the project list's filters.
#[utoipa::path(
    tag = TAG,
    params(ProjectStatsQuery),
    responses((status = 200, description = "Project statistics", body = ProjectStats))
)]
#[get("/stats/projects")]
pub async fn project_stats(
    caller: Caller,
    db: web::Data<Db>,
    answers: web::Data<stats::StatsAnswers>,
    query: ProjectStatsQuery,
) -> Result<web::Json<ProjectStats>, ApiError> {
    let filter = query.checked()?;
    let dimension = query.own.group_by.unwrap_or(ProjectDimension::Modality);
    let answer = db
        .read(move |conn| stats::project_groups(conn, &answers, &caller, &filter, dimension))
        .await?;
    let (rows, names) = (answer.0.clone(), &answer.1);

    let mut total = ProjectTotal {
        projects: 0,
        budget: Vec::new(),
    };
    let mut total_money = Vec::new();
    let mut groups: BTreeMap<String, (i64, Vec<(String, i128)>)> = BTreeMap::new();
    for row in rows {
        let money = row.currency.clone().map(|c| (c, row.budget_minor));
        match row.key {
            None => {
                total.projects += row.projects;
                total_money.extend(money);
            }
            Some(key) => {
                let group = groups.entry(key).or_default();
                group.0 += row.projects;
                group.1.extend(money);
            }
        }
    }
    total.budget = totals(total_money);
    let label = |key: &str| -> Option<Labels> {
        match dimension {
            ProjectDimension::Modality => Modality::parse(key).map(|m| {
                let (en, es) = m.labels();
                Labels::en_es(en, es)
            }),
            ProjectDimension::Status => reference_labels(codelists::activity_statuses(), key),
            ProjectDimension::Country => reference_labels(codelists::countries(), key),
            ProjectDimension::Region => reference_labels(codelists::regions(), key),
            ProjectDimension::SectorCategory => {
                reference_labels(codelists::sector_categories(), key)
            }
            ProjectDimension::Sdg => reference_labels(codelists::sdg_goals(), key),
            ProjectDimension::StartYear => None,
            // A name is the same in every language.
            ProjectDimension::Organisation => names.get(key).map(|name| Labels {
                en: name.clone(),
                es: Some(name.clone()),
                fr: Some(name.clone()),
                pt: Some(name.clone()),
            }),
        }
    };
    let mut groups: Vec<ProjectGroup> = groups
        .into_iter()
        .map(|(key, (projects, money))| ProjectGroup {
            labels: label(&key),
            key,
            projects,
            budget: totals(money),
        })
        .collect();
    groups.sort_by(|a, b| b.projects.cmp(&a.projects).then_with(|| a.key.cmp(&b.key)));
    Ok(web::Json(ProjectStats {
        group_by: dimension,
        total,
        groups,
    }))
}

/// Policy exchanges of one group.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"key": "study_visit", "labels": {"en": "Study visit", "es": "Visita de estudio"}, "exchanges": 8, "participants_total": 96, "participants_women": 51, "expert_days": 120}))]
pub struct ExchangeGroup {
    /// A format, or a year.
    pub key: String,
    #[schema(required = true)]
    pub labels: Option<Labels>,
    pub exchanges: i64,
    pub participants_total: i64,
    pub participants_women: i64,
    pub expert_days: i64,
}

/// Totals over every matching exchange.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExchangeTotal {
    pub exchanges: i64,
    pub participants_total: i64,
    pub participants_women: i64,
    pub expert_days: i64,
}

/// Policy exchange statistics.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "group_by": "format",
    "total": {"exchanges": 20, "participants_total": 240, "participants_women": 131, "expert_days": 300},
    "groups": [{"key": "study_visit", "labels": {"en": "Study visit", "es": "Visita de estudio"}, "exchanges": 8, "participants_total": 96, "participants_women": 51, "expert_days": 120}]
}))]
pub struct ExchangeStats {
    pub group_by: ExchangeDimension,
    pub total: ExchangeTotal,
    /// Most exchanges first (by year: in year order).
    pub groups: Vec<ExchangeGroup>,
}

/// Policy exchanges by format or year
///
/// Counts, participants and women participants, and expert days, grouped by `group_by`
/// (default `format`). Takes the policy exchange list's filters.
#[utoipa::path(
    tag = TAG,
    params(ExchangeStatsQuery),
    responses((status = 200, description = "Policy exchange statistics", body = ExchangeStats))
)]
#[get("/stats/policy-exchanges")]
pub async fn exchange_stats(
    caller: Caller,
    db: web::Data<Db>,
    answers: web::Data<stats::StatsAnswers>,
    query: ExchangeStatsQuery,
) -> Result<web::Json<ExchangeStats>, ApiError> {
    let filter = query.checked()?;
    let dimension = query.own.group_by.unwrap_or(ExchangeDimension::Format);
    let rows = db
        .read(move |conn| stats::exchange_groups(conn, &answers, &caller, &filter, dimension))
        .await?;
    let mut total = ExchangeTotal {
        exchanges: 0,
        participants_total: 0,
        participants_women: 0,
        expert_days: 0,
    };
    let mut groups = Vec::new();
    for row in rows.iter().cloned() {
        match row.key {
            None => {
                total = ExchangeTotal {
                    exchanges: row.exchanges,
                    participants_total: row.participants_total,
                    participants_women: row.participants_women,
                    expert_days: row.expert_days,
                }
            }
            Some(key) => groups.push(ExchangeGroup {
                labels: match dimension {
                    ExchangeDimension::Format => ExchangeFormat::parse(&key).map(|f| {
                        let (en, es) = f.labels();
                        Labels::en_es(en, es)
                    }),
                    ExchangeDimension::Year => None,
                },
                key,
                exchanges: row.exchanges,
                participants_total: row.participants_total,
                participants_women: row.participants_women,
                expert_days: row.expert_days,
            }),
        }
    }
    match dimension {
        ExchangeDimension::Year => groups.sort_by(|a, b| a.key.cmp(&b.key)),
        ExchangeDimension::Format => groups.sort_by(|a, b| {
            b.exchanges
                .cmp(&a.exchanges)
                .then_with(|| a.key.cmp(&b.key))
        }),
    }
    Ok(web::Json(ExchangeStats {
        group_by: dimension,
        total,
        groups,
    }))
}
