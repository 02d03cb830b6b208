//! `/api/v1/stats/cooperation-requests` and `/api/v1/stats/capacities`: the demand side
//! in figures, over exactly the requests and capacities the caller's lists hold, with
//! the lists' filters, kept until the next change like the other statistics.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::codelists;
use crate::db::Db;
use crate::domain::capacities::{CapacityDimension, CapacityFormat, CapacityStatsQuery};
use crate::domain::capacity_stats::{CapacityFigures, capacity_groups};
use crate::domain::cooperation_requests::{
    CooperationRequestStatsQuery, RequestChannel, RequestDimension, RequestStatus,
};
use crate::domain::request_stats::{self, RequestFigures};
use crate::domain::stats::StatsAnswers;
use crate::error::ApiError;
use crate::routes::codelists::Labels;

const TAG: &str = "statistics";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(cooperation_request_stats)
        .service(capacity_stats);
}

/// The figures of some cooperation requests.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"requests": 17, "decided": 11, "accepted": 7, "median_days_to_decision": 16.5, "acceptance_rate": 0.6364}))]
pub struct RequestTotal {
    pub requests: i64,
    /// How many were decided: accepted or declined (whatever happened to them since:
    /// formulated, closed).
    pub decided: i64,
    /// How many of the decided ones were accepted.
    pub accepted: i64,
    /// The median, over the decided ones, of the days (to a tenth) from received (when
    /// the request was recorded) to decision (its `accept` or `decline` move, as in its
    /// history); the mean of the middle two of an even number. Null when none was
    /// decided.
    #[schema(required = true, minimum = 0)]
    pub median_days_to_decision: Option<f64>,
    /// accepted ÷ decided, from 0 to 1 (to four decimals). Null when none was decided.
    #[schema(required = true, minimum = 0, maximum = 1)]
    pub acceptance_rate: Option<f64>,
}

impl From<&RequestFigures> for RequestTotal {
    fn from(f: &RequestFigures) -> Self {
        RequestTotal {
            requests: f.requests,
            decided: f.decided,
            accepted: f.accepted,
            median_days_to_decision: f.median_days_to_decision,
            acceptance_rate: f.acceptance_rate,
        }
    }
}

/// Cooperation requests of one group.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"key": "joint_commission", "labels": {"en": "Joint commission", "es": "Comisión mixta"}, "requests": 6, "decided": 4, "accepted": 3, "median_days_to_decision": 21.0, "acceptance_rate": 0.75}))]
pub struct RequestGroup {
    /// The group's code (a status, a country code, a DAC region code, a DAC 5-digit
    /// sector or a channel).
    pub key: String,
    /// Its name, where one is known.
    #[schema(required = true)]
    pub labels: Option<Labels>,
    #[serde(flatten)]
    pub figures: RequestTotal,
}

/// Cooperation request statistics.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "group_by": "channel",
    "total": {"requests": 17, "decided": 11, "accepted": 7, "median_days_to_decision": 16.5, "acceptance_rate": 0.6364},
    "groups": [{"key": "joint_commission", "labels": {"en": "Joint commission", "es": "Comisión mixta"}, "requests": 6, "decided": 4, "accepted": 3, "median_days_to_decision": 21.0, "acceptance_rate": 0.75}]
}))]
pub struct RequestStats {
    pub group_by: RequestDimension,
    pub total: RequestTotal,
    /// Most requests first, then by key. A request is in every group of its sectors, so
    /// sector groups can add up to more than the total; a request without a country (or
    /// whose country has no DAC region) is in no country (region) group.
    pub groups: Vec<RequestGroup>,
}

fn reference_labels(list: &codelists::Codelist, code: &str) -> Option<Labels> {
    list.get(code).map(Labels::of)
}

/// Cooperation request counts, time to decision and acceptance rate
///
/// Grouped by `group_by` (default `status`): status, country, DAC region, DAC sector or
/// channel; per group the requests, how many were decided (accepted or declined) and
/// accepted, the median days from received to decision and the acceptance rate
/// (accepted ÷ decided, null when none was decided). Counts exactly the requests the
/// caller's list holds (partners: public approved ones and their own organisation's;
/// viewers: public approved ones), with the list's filters; the directorate's assessment
/// never enters the figures.
#[utoipa::path(
    tag = TAG,
    params(CooperationRequestStatsQuery),
    responses((status = 200, description = "Cooperation request statistics", body = RequestStats))
)]
#[get("/stats/cooperation-requests")]
pub async fn cooperation_request_stats(
    caller: Caller,
    db: web::Data<Db>,
    answers: web::Data<StatsAnswers>,
    query: CooperationRequestStatsQuery,
) -> Result<web::Json<RequestStats>, ApiError> {
    let filter = query.checked()?;
    let dimension = query.own.group_by.unwrap_or(RequestDimension::Status);
    let answer = db
        .read(move |conn| {
            let answers = &answers.requests;
            answers.grouped(
                conn,
                &caller,
                &filter,
                dimension,
                request_stats::request_groups,
            )
        })
        .await?;
    let label = |key: &str| -> Option<Labels> {
        match dimension {
            RequestDimension::Status => RequestStatus::parse(key).map(|s| {
                let (en, es) = s.labels();
                Labels::en_es(en, es)
            }),
            RequestDimension::Channel => RequestChannel::parse(key).map(|c| {
                let (en, es) = c.labels();
                Labels::en_es(en, es)
            }),
            RequestDimension::Country => reference_labels(codelists::countries(), key),
            RequestDimension::Region => reference_labels(codelists::regions(), key),
            RequestDimension::Sector => reference_labels(codelists::sectors(), key),
        }
    };
    let mut groups: Vec<RequestGroup> = answer
        .groups
        .iter()
        .map(|(key, figures)| RequestGroup {
            labels: label(key),
            key: key.clone(),
            figures: figures.into(),
        })
        .collect();
    groups.sort_by(|a, b| {
        b.figures
            .requests
            .cmp(&a.figures.requests)
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(web::Json(RequestStats {
        group_by: dimension,
        total: (&answer.total).into(),
        groups,
    }))
}

/// The figures of some capacities.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"capacities": 25, "projects": 4}))]
pub struct CapacityTotal {
    pub capacities: i64,
    /// How often they were formulated: the projects the caller may read that draw on at
    /// least one of them (name it in `capacity_ids`, in the version that counts), each
    /// once. How often they were matched is not counted: matches are computed when asked
    /// and never recorded (a read does not write).
    pub projects: i64,
}

impl From<CapacityFigures> for CapacityTotal {
    fn from(f: CapacityFigures) -> Self {
        CapacityTotal {
            capacities: f.capacities,
            projects: f.projects,
        }
    }
}

/// Capacities of one group.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"key": "training_course", "labels": {"en": "Training course", "es": "Curso de capacitación"}, "capacities": 12, "projects": 3}))]
pub struct CapacityGroup {
    /// The group's code (a DAC 5-digit sector, a format or an organisation id).
    pub key: String,
    /// Its name, where one is known.
    #[schema(required = true)]
    pub labels: Option<Labels>,
    #[serde(flatten)]
    pub figures: CapacityTotal,
}

/// Capacity statistics.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "group_by": "format",
    "total": {"capacities": 25, "projects": 4},
    "groups": [{"key": "training_course", "labels": {"en": "Training course", "es": "Curso de capacitación"}, "capacities": 12, "projects": 3}]
}))]
pub struct CapacityStats {
    pub group_by: CapacityDimension,
    pub total: CapacityTotal,
    /// Most capacities first, then by key. A capacity is in every group of its sectors,
    /// formats and offering organisations, so groups can add up to more than the total.
    pub groups: Vec<CapacityGroup>,
}

/// Capacity counts and how often they were formulated
///
/// Grouped by `group_by` (default `sector`): DAC sector, format or offering
/// organisation; per group the capacities and the projects that draw on them. Counts
/// exactly the capacities the caller's list holds (viewers and other partners: approved
/// public ones), with the list's filters, and the projects the caller may read. How often
/// a capacity was matched is not counted: matches are computed when asked, never
/// recorded.
#[utoipa::path(
    tag = TAG,
    params(CapacityStatsQuery),
    responses((status = 200, description = "Capacity statistics", body = CapacityStats))
)]
#[get("/stats/capacities")]
pub async fn capacity_stats(
    caller: Caller,
    db: web::Data<Db>,
    answers: web::Data<StatsAnswers>,
    query: CapacityStatsQuery,
) -> Result<web::Json<CapacityStats>, ApiError> {
    let filter = query.checked()?;
    let dimension = query.own.group_by.unwrap_or(CapacityDimension::Sector);
    let answer = db
        .read(move |conn| {
            let answers = &answers.capacities;
            answers.grouped(conn, &caller, &filter, dimension, capacity_groups)
        })
        .await?;
    let label = |key: &str| -> Option<Labels> {
        match dimension {
            CapacityDimension::Sector => reference_labels(codelists::sectors(), key),
            CapacityDimension::Format => CapacityFormat::parse(key).map(|f| {
                let (en, es) = f.labels();
                Labels::en_es(en, es)
            }),
            // A name is the same in every language.
            CapacityDimension::Organisation => answer.names.get(key).map(|name| Labels {
                en: name.clone(),
                es: Some(name.clone()),
                fr: Some(name.clone()),
                pt: Some(name.clone()),
            }),
        }
    };
    let mut groups: Vec<CapacityGroup> = answer
        .groups
        .iter()
        .map(|(key, figures)| CapacityGroup {
            labels: label(key),
            key: key.clone(),
            figures: (*figures).into(),
        })
        .collect();
    groups.sort_by(|a, b| {
        b.figures
            .capacities
            .cmp(&a.figures.capacities)
            .then_with(|| a.key.cmp(&b.key))
    });
    Ok(web::Json(CapacityStats {
        group_by: dimension,
        total: answer.total.into(),
        groups,
    }))
}
