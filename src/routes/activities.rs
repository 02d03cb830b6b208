//! `/api/v1/projects/{id}/activities…`: a project's activities (missions, courses,
//! internships, ...) and their costs, with versions of their own.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, RecordWriter};
use crate::db::Db;
use crate::domain::activities::{self, ActivitiesInput, ProjectActivities};
use crate::domain::changes::ChangePage;
use crate::domain::record::ExpectedVersions;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::extract::{JsonBody, QueryParams, RecordId};
use crate::http::respond;
use crate::pagination::Cursors;
use crate::routes::PageQuery;

const TAG: &str = "activities";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_activities)
        .service(replace_activities)
        .service(activities_history);
}

/// Get a project's activities
///
/// Its activities (missions, courses, internships, visits, meetings, deliveries) and
/// their costs, with their own version: `ETag` and `If-None-Match` work as on records.
/// Version 0, with no activities, until some are saved. Whoever may read the project may
/// read them (404 otherwise).
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project's activities", body = ProjectActivities,
            headers(("ETag" = String, description = "The activities' version"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
    )
)]
#[get("/projects/{id}/activities")]
pub async fn get_activities(
    caller: Caller,
    db: web::Data<Db>,
    id: RecordId,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let stored = db
        .read(move |conn| activities::read(conn, &caller, id.0))
        .await?;
    Ok(respond::read(&req, stored.version, stored.representation))
}

/// Replace a project's activities
///
/// The whole set of activities, as they are planned and then carried out, without
/// re-sending the project. Needs `If-Match` with the activities' `ETag` (`"0"` before any
/// were saved). Admins and coordinators write any project's activities, partners those of
/// projects their organisation takes part in. Rules, every violation at its pointer:
/// dates inside the project's (which then cannot move past them); actual dates and
/// executed costs only when the activity is `done` (its actual dates then required); a
/// `cancellation_reason` when, and only when, it is `cancelled`; each cost paid by a
/// participant or contributor of the project (who then stays one), in an active currency
/// with at most its minor-unit digits; `participants_women` not more than
/// `participants_total`. Saving the same activities again keeps the version. Each new
/// version is in the activities' history and the change feed (kind `project_activities`,
/// with the project's id). Activities count once saved: they are not reviewed.
#[utoipa::path(
    tag = TAG,
    params(
        ("id" = uuid::Uuid, Path, description = "Project id"),
        ("If-Match" = String, Header, description = "ETag of the activities' version being replaced, e.g. \"0\" or \"3\""),
    ),
    request_body = ActivitiesInput,
    responses(
        (status = 200, description = "Saved", body = ProjectActivities,
            headers(("ETag" = String, description = "The activities' new version"))),
        (status = 403, description = "Viewers cannot write; a partner must take part in the project", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The project is an incomplete draft: it has activities until it is complete", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[put("/projects/{id}/activities")]
pub async fn replace_activities(
    RecordWriter(caller): RecordWriter,
    db: web::Data<Db>,
    id: RecordId,
    if_match: IfMatch,
    body: JsonBody<ActivitiesInput>,
) -> Result<HttpResponse, ApiError> {
    let expected = ExpectedVersions::any_of(if_match.into_versions());
    let input = body.read().await?;
    let saved = db
        .write(move |conn| activities::replace(conn, &caller, id.0, &expected, input))
        .await?;
    Ok(respond::record(
        StatusCode::OK,
        saved.version,
        saved.representation,
    ))
}

/// History of a project's activities
///
/// Their change records, oldest first, for callers who may read the project; empty while
/// no activities were saved.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Project id"), PageQuery),
    responses((status = 200, description = "A page of change records", body = ChangePage))
)]
#[get("/projects/{id}/activities/history")]
pub async fn activities_history(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    id: RecordId,
    query: QueryParams<PageQuery>,
) -> Result<web::Json<ChangePage>, ApiError> {
    let cursors = cursors.get_ref().clone();
    let query = query.0;
    db.read(move |conn| {
        activities::history(
            conn,
            &caller,
            id.0,
            query.limit,
            query.cursor.as_deref(),
            &cursors,
        )
    })
    .await
    .map(web::Json)
}
