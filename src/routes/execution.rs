//! `GET /api/v1/projects/{id}/execution`: a project's execution figures, computed when
//! asked from the project and its activities and transactions.

use actix_web::{get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::execution::{self, Execution};
use crate::error::ApiError;
use crate::http::extract::RecordId;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(project_execution);
}

/// Execution figures of a project
///
/// Budget against execution, per currency and per paying organisation (burden sharing):
/// `pledged` (contributions), `planned_costs` and `executed_costs` (activities' costs by
/// who pays), `committed` (commitment transactions, 2 and 11, by provider), `disbursed`
/// (3) and `received` (12) (transfers between the parties, not spending), `expended`
/// (expenditures, 4) and `executed` (`executed_costs` + `expended`: what was spent; a
/// spending is recorded once, as an activity's cost or as an expenditure). Expert days
/// pledged, planned (activities not cancelled) and executed (done activities); activities
/// by status. Amounts in each currency's digits, never converted. Computed when asked from
/// the version of the project the caller reads and its activities and transactions (with
/// their versions), so the figures never lag behind them; whoever may read the project may
/// read them (404 otherwise).
#[utoipa::path(
    tag = "projects",
    params(("id" = uuid::Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project's execution figures", body = Execution),
        (status = 409, description = "The project is an incomplete draft: it has figures once it is complete", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/projects/{id}/execution")]
pub async fn project_execution(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
) -> Result<web::Json<Execution>, ApiError> {
    db.read(move |conn| execution::figures(conn, &caller, id.0))
        .await
        .map(web::Json)
}
