//! `/api/v1/projects/{id}/results…`: a project's results and indicators, and
//! `/api/v1/stats/results`: progress towards their targets across projects.

use actix_web::{get, put, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::codelists;
use crate::db::Db;
use crate::domain::decimal::divide_rounded;
use crate::domain::projects::query::ResultStatsQuery;
use crate::domain::results::{self, ProjectResults, ResultsInput, ResultsProgress};
use crate::domain::stats;
use crate::error::ApiError;
use crate::http::extract::RecordId;
use crate::routes::codelists::Labels;
use crate::routes::project_parts::project_part_routes;

const TAG: &str = "results";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_results)
        .service(replace_results)
        .service(results_history)
        .service(results_progress)
        .service(result_stats);
}

project_part_routes! {
    tag: TAG,
    part: ProjectResults,
    input: ResultsInput,
    path: "/projects/{id}/results",
    /// Get a project's results
    ///
    /// Its results and indicators (IATI 2.03 `result`), with their own version: `ETag` and
    /// `If-None-Match` work as on records. Version 0, with no results, until some are saved.
    /// Whoever may read the project may read them (404 otherwise).
    read: get_results {
        found: "The project's results",
        etag: "The results' version",
    },
    /// Replace a project's results
    ///
    /// The whole set of results, as a partner reports actuals or a coordinator sets targets,
    /// without re-sending the project. Needs `If-Match` with the results' `ETag` (`"0"`
    /// before any were saved). Admins and coordinators write any project's results, partners
    /// those of projects their organisation takes part in. Periods lie inside the project's
    /// dates and do not overlap per indicator; values are decimal strings for measures 1–4
    /// (percentages 0 to 100), and qualitative indicators carry text in `comment`. Every
    /// violation is listed with its pointer. Saving the same results again keeps the version.
    /// Each new version is in the results' history and the change feed (kind
    /// `project_results`, with the project's id). Results count once saved: they are not
    /// reviewed.
    replace: replace_results {
        if_match: "ETag of the results' version being replaced, e.g. \"0\" or \"3\"",
        new_etag: "The results' new version",
        conflict: "The project is an incomplete draft: it has results until it is complete",
    },
    /// History of a project's results
    ///
    /// Their change records, oldest first, for callers who may read the project; empty while
    /// no results were saved.
    history: results_history {
        path: "/projects/{id}/results/history",
    },
}

/// Progress of a project's indicators
///
/// For each indicator, the latest period with both a target and an actual value, and the
/// progress from baseline to target: (actual − baseline) / (target − baseline), 100 when
/// the target is met whichever the direction. Unit and percentage indicators only; null
/// for the others.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Project id")),
    responses((status = 200, description = "Progress per indicator", body = ResultsProgress))
)]
#[get("/projects/{id}/results/progress")]
pub async fn results_progress(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
) -> Result<web::Json<ResultsProgress>, ApiError> {
    db.read(move |conn| results::progress(conn, &caller, id.0))
        .await
        .map(web::Json)
}

/// Indicators of one result type.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"result_type": 1, "labels": {"en": "Output", "es": "Producto"}, "indicators": 42, "measured": 30, "met": 12, "mean_progress_percent": "71.25"}))]
pub struct ResultTypeProgress {
    /// IATI ResultType.
    pub result_type: i32,
    #[schema(required = true)]
    pub labels: Option<Labels>,
    pub indicators: i64,
    /// Those with a progress (unit and percentage indicators with a period holding both
    /// a target and an actual value).
    pub measured: i64,
    /// Those that reached their target (progress of 100 % or more).
    pub met: i64,
    /// The mean progress of the measured ones, each counted within 0-100 % (so that no
    /// indicator weighs more than one met target), two decimals; null when none is.
    #[schema(required = true, example = "71.25")]
    pub mean_progress_percent: Option<String>,
}

/// Indicator progress across projects.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "total": {"indicators": 60, "measured": 41, "met": 15, "mean_progress_percent": "68.40"},
    "groups": [{"result_type": 1, "labels": {"en": "Output", "es": "Producto"}, "indicators": 42, "measured": 30, "met": 12, "mean_progress_percent": "71.25"}]
}))]
pub struct ResultStats {
    /// Over every result type.
    pub total: ResultTotal,
    /// One per result type that has indicators, in code order.
    pub groups: Vec<ResultTypeProgress>,
}

/// Totals over every matching indicator.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultTotal {
    pub indicators: i64,
    pub measured: i64,
    pub met: i64,
    #[schema(required = true, example = "68.40")]
    pub mean_progress_percent: Option<String>,
}

/// Indicator progress across projects
///
/// Target against actual per result type over the indicators of the projects the caller
/// may read, with the project list's filters (and `result_type`): how many indicators,
/// how many have a progress, how many met their target, and the mean progress (each
/// indicator's progress counted within 0-100 %: a project's own figures show exceeded
/// targets and setbacks, and the mean is of shares of targets reached, which no single
/// report can push past 100 %).
#[utoipa::path(
    tag = "statistics",
    params(ResultStatsQuery),
    responses((status = 200, description = "Indicator progress", body = ResultStats))
)]
#[get("/stats/results")]
pub async fn result_stats(
    caller: Caller,
    db: web::Data<Db>,
    query: ResultStatsQuery,
) -> Result<web::Json<ResultStats>, ApiError> {
    let (filter, result_type) = query.checked_with_type()?;
    let rows = db
        .read(move |conn| stats::indicator_groups(conn, &caller, &filter, result_type))
        .await?;
    let mean = |sum: i64, measured: i64| {
        (measured > 0).then(|| {
            let mean = divide_rounded(i128::from(sum), i128::from(measured));
            results::format_percent(i64::try_from(mean).unwrap_or(i64::MAX))
        })
    };
    let (indicators, measured, met, sum) = rows.iter().fold((0, 0, 0, 0), |t, r| {
        (
            t.0 + r.indicators,
            t.1 + r.measured,
            t.2 + r.met,
            t.3 + r.progress_sum,
        )
    });
    let groups = rows
        .iter()
        .map(|row| ResultTypeProgress {
            result_type: row.result_type,
            labels: codelists::result_types()
                .get(&row.result_type.to_string())
                .map(Labels::of),
            indicators: row.indicators,
            measured: row.measured,
            met: row.met,
            mean_progress_percent: mean(row.progress_sum, row.measured),
        })
        .collect();
    Ok(web::Json(ResultStats {
        total: ResultTotal {
            indicators,
            measured,
            met,
            mean_progress_percent: mean(sum, measured),
        },
        groups,
    }))
}
