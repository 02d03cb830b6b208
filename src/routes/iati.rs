//! IATI 2.03 publication: `/api/v1/iati/activities` (the projects the caller may read,
//! with the project list's filters, as one streamed `iati-activities` document),
//! `/api/v1/projects/{id}/iati` (one project's activity) and, with `SSC_IATI_PUBLISH`,
//! `/iati/activities.xml` without a token (public, approved records only).

use actix_web::http::header::{self, HttpDate};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use futures_util::stream;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::Db;
use crate::domain::projects::query::IatiExportQuery;
use crate::error::{ApiError, Problem};
use crate::http::extract::{QueryParams, RecordId, read_body_within};
use crate::iati::export;
use crate::iati::publication::{self, ExportPage};
use crate::iati::{IatiSettings, ReportingOrg};
use crate::pagination::Cursors;
use crate::store::changes as change_store;
use crate::store::projects::list::ProjectFilter;

const TAG: &str = "iati";
const XML: &str = "application/xml; charset=utf-8";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_activities)
        .service(project_activity)
        .service(import_activities);
}

/// The largest IATI file `POST /api/v1/iati/imports` takes (`SSC_MAX_IMPORT_BYTES`).
#[derive(Debug, Clone, Copy)]
pub struct ImportLimit(pub usize);

/// Whether an import only reports.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Report what the import would do, writing nothing.
    #[param(default = false)]
    pub dry_run: Option<bool>,
}

/// Import an IATI activity file
///
/// An IATI activity file of version 2.01 to 2.03 (`application/xml`, at most
/// `SSC_MAX_IMPORT_BYTES`, 50 MiB by default), for admins and coordinators. The file is
/// checked whole first: malformed XML (400), a document that is not `iati-activities`, a
/// 1.x file or one with a DOCTYPE (422) change nothing. Then each activity is imported in
/// its own transaction: matched by `iati-identifier` (else its `other-identifier` of type
/// A1 as the code), a new one creates a project, a known one updates it as a new version
/// (with its change record), an unchanged one is left alone, so importing a file twice
/// changes nothing the second time. Organisations are matched by IATI identifier, else
/// by name, and created when absent. What real files get wrong is kept, normalised or
/// left out as `src/iati/MAPPING.md` says; the report names each skipped or altered
/// activity, the element (an XPath) and why. `dry_run=true` reports without writing.
#[utoipa::path(
    tag = TAG,
    params(ImportQuery),
    request_body(content = String, content_type = "application/xml", description = "An IATI 2.0x activity file",
        example = json!("<iati-activities version=\"2.03\"><iati-activity>…</iati-activity></iati-activities>")),
    responses(
        (status = 200, description = "What the import did (or, on a dry run, would do)", body = crate::iati::import::ImportReport),
        (status = 403, description = "Only admins and coordinators import", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/iati/imports")]
pub async fn import_activities(
    caller: Caller,
    req: HttpRequest,
    payload: web::Payload,
    db: web::Data<Db>,
    settings: web::Data<IatiSettings>,
    query: QueryParams<ImportQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(&[Role::Admin, Role::Coordinator])?;
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if !matches!(
        content_type.as_deref(),
        Some("application/xml" | "text/xml")
    ) {
        return Err(ApiError::new(
            Problem::UnsupportedMediaType,
            "an IATI file is sent as Content-Type: application/xml",
        ));
    }
    let limit = req
        .app_data::<ImportLimit>()
        .map_or(50 * 1024 * 1024, |l| l.0);
    let body = read_body_within(
        &req,
        &mut payload.into_inner(),
        limit,
        "SSC_MAX_IMPORT_BYTES",
    )
    .await?;
    let dry_run = query.0.dry_run.unwrap_or(false);
    // Checked whole first: a fault anywhere leaves the database as it was.
    crate::iati::reader::check(body.as_ref()).map_err(file_error)?;
    let mut report = crate::iati::import::ImportReport::default();
    crate::iati::import::import(
        &db,
        &caller,
        &settings.reporting_org,
        body.as_ref(),
        dry_run,
        &mut report,
        |_| {},
    )
    .await
    .map_err(file_error)?;
    Ok(HttpResponse::Ok().json(report))
}

/// A file that cannot be read: 400 when it is not XML, 422 when it is not IATI 2.0x.
fn file_error(error: crate::iati::reader::FileError) -> ApiError {
    use crate::iati::reader::FileError;
    match error {
        FileError::Malformed { .. } => ApiError::bad_request(error.to_string()),
        _ => ApiError::new(Problem::ValidationFailed, error.to_string()),
    }
}

/// Where the public IATI file is served (outside `/api/v1`: the IATI Registry links it).
pub const PUBLIC_FILE: &str = "/iati/activities.xml";

/// The public IATI file
///
/// With `SSC_IATI_PUBLISH=true`, the IATI 2.03 document of every public project in its
/// approved version (what a viewer reads), without a token, for the IATI Registry to
/// link; never a restricted record or a draft. 404 when publication is off. `ETag` (weak:
/// `generated-datetime` is the request's) and `Last-Modified` change with any change to
/// the records; `If-None-Match` and `If-Modified-Since` answer 304. One file is generated
/// at a time per server: while one is, another request gets 503 with `Retry-After`.
#[utoipa::path(
    tag = TAG,
    responses(
        (status = 200, description = "The public activities, as IATI 2.03 XML", body = String, content_type = "application/xml",
            headers(
                ("ETag" = String, description = "Changes with any change to the records"),
                ("Last-Modified" = String, description = "When the records last changed"),
            ),
            example = json!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" …>…</iati-activities>\n")),
        (status = 304, description = "Not modified since the ETag or time the request names"),
        (status = 404, description = "Publication is off (SSC_IATI_PUBLISH)", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/iati/activities.xml")]
pub async fn public_file(
    req: HttpRequest,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    settings: web::Data<IatiSettings>,
) -> Result<HttpResponse, ApiError> {
    if !settings.publish {
        return Err(ApiError::not_found(
            "the public IATI file is not published here (SSC_IATI_PUBLISH is off)",
        ));
    }
    let reporting = settings.reporting_org.clone();
    let latest = db.read(|conn| Ok(change_store::latest(conn)?)).await?;
    let etag = public_etag(latest.map_or(0, |(seq, _)| seq), &reporting);
    let modified = latest.map(|(_, at)| HttpDate::from(std::time::SystemTime::from(at.and_utc())));
    let mut unchanged = crate::http::etag::none_match_names(&req, &etag);
    if req.headers().get(header::IF_NONE_MATCH).is_none()
        && let (Some(modified), Some(header::IfModifiedSince(since))) =
            (modified, req.get_header::<header::IfModifiedSince>())
    {
        // HTTP dates have whole seconds.
        let seconds = |date: HttpDate| {
            std::time::SystemTime::from(date)
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        };
        unchanged = seconds(modified) <= seconds(since);
    }
    let mut response = if unchanged {
        HttpResponse::NotModified().finish()
    } else {
        let Ok(slot) = public_file_slots().clone().try_acquire_owned() else {
            return Err(ApiError::new(
                Problem::ServiceUnavailable,
                "the public IATI file is being generated for another request; retry shortly",
            )
            .with_header(header::RETRY_AFTER, "5"));
        };
        stream_export(
            db.get_ref().clone(),
            cursors.get_ref().clone(),
            public_reader(),
            ProjectFilter::default(),
            reporting,
            Some(slot),
        )
        .await?
    };
    let headers = response.headers_mut();
    headers.insert(
        header::ETAG,
        header::HeaderValue::from_str(&etag).map_err(ApiError::internal)?,
    );
    if let Some(modified) = modified {
        headers.insert(
            header::LAST_MODIFIED,
            header::HeaderValue::from_str(&modified.to_string()).map_err(ApiError::internal)?,
        );
    }
    // Caches may keep it, and must ask again (a conditional GET) before reusing it.
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, no-cache"),
    );
    Ok(response)
}

/// Public files generated at once by this process: without a token anyone may ask, and
/// each costs the whole export, so one runs at a time and the others wait (503 with
/// `Retry-After`; a crawler's conditional GET answered 304 costs nothing).
pub fn public_file_slots() -> &'static std::sync::Arc<tokio::sync::Semaphore> {
    static SLOTS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
        std::sync::LazyLock::new(|| std::sync::Arc::new(tokio::sync::Semaphore::new(1)));
    &SLOTS
}

/// Who reads the public file: a viewer, who reads public, approved records only.
fn public_reader() -> Caller {
    Caller {
        sub: "iati-public-file".into(),
        role: Role::Viewer,
        org: None,
        issuer: "ssc-api".into(),
    }
}

/// The public file's entity tag: the latest change, and the reporting organisation (a
/// new one changes every activity).
fn public_etag(latest_seq: i64, reporting: &ReportingOrg) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(
        format!(
            "{}\n{}\n{}",
            reporting.reference, reporting.organisation_type, reporting.name
        )
        .as_bytes(),
    );
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("W/\"iati-{latest_seq}-{hex}\"")
}

/// Export projects as IATI activities
///
/// One IATI 2.03 `iati-activities` document (`generated-datetime` the time of the
/// request) of the projects the caller may read, ordered by code, with the project
/// list's filters. Streamed page by page, so any number of projects exports in constant
/// memory; it validates against the IATI activity schema. Readers of approved content
/// get each project's approved version, as in the project list. How every member maps is
/// in `src/iati/MAPPING.md`; what IATI has no element for is in attributes of the
/// `urn:ssc-api:iati` namespace (prefix `ssc`).
#[utoipa::path(
    tag = TAG,
    params(IatiExportQuery),
    responses(
        (status = 200, description = "The activities, as IATI 2.03 XML", body = String, content_type = "application/xml",
            example = json!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" generated-datetime=\"2026-12-03T12:00:00Z\" xmlns:ssc=\"urn:ssc-api:iati\">\n<iati-activity …>…</iati-activity>\n</iati-activities>\n")),
    )
)]
#[get("/iati/activities")]
pub async fn export_activities(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    settings: web::Data<IatiSettings>,
    query: IatiExportQuery,
) -> Result<HttpResponse, ApiError> {
    let filter = query.checked()?;
    stream_export(
        db.get_ref().clone(),
        cursors.get_ref().clone(),
        caller,
        filter,
        settings.reporting_org.clone(),
        None,
    )
    .await
}

/// A project as an IATI activity
///
/// The project the caller reads at `GET /api/v1/projects/{id}` (the approved version for
/// readers of approved content), with its results and document links, as an IATI 2.03
/// `iati-activities` document of one activity. 404 when the caller may not read it.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project as an IATI 2.03 activity", body = String, content_type = "application/xml",
            example = json!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" …><iati-activity …>…</iati-activity></iati-activities>\n")),
    )
)]
#[get("/projects/{id}/iati")]
pub async fn project_activity(
    caller: Caller,
    db: web::Data<Db>,
    settings: web::Data<IatiSettings>,
    id: RecordId,
) -> Result<HttpResponse, ApiError> {
    let reporting = settings.reporting_org.clone();
    let xml = db
        .read(move |conn| publication::single(conn, &caller, id.0, &reporting, Utc::now()))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, XML))
        .body(xml))
}

/// Answer with the document, reading one page of projects at a time as the client takes
/// them (the next page is read only once the previous one was sent).
async fn stream_export(
    db: Db,
    cursors: Cursors,
    caller: Caller,
    filter: ProjectFilter,
    reporting: ReportingOrg,
    // Held until the document is sent (or the client goes).
    slot: Option<tokio::sync::OwnedSemaphorePermit>,
) -> Result<HttpResponse, ApiError> {
    let generated = Utc::now();
    let first = {
        let (caller, cursors, filter, reporting) = (
            caller.clone(),
            cursors.clone(),
            filter.clone(),
            reporting.clone(),
        );
        db.read(move |conn| {
            publication::page(conn, &caller, &cursors, filter, None, &reporting, generated)
        })
        .await?
    };
    let opening = stream::once(async move {
        Ok::<Bytes, actix_web::Error>(Bytes::from(export::document_start(generated)))
    });
    let pages = crate::http::respond::paged_stream(
        first,
        |page: &ExportPage| page.next_cursor.clone(),
        move |cursor| {
            let (db, caller, cursors, filter, reporting) = (
                db.clone(),
                caller.clone(),
                cursors.clone(),
                filter.clone(),
                reporting.clone(),
            );
            async move {
                db.read(move |conn| {
                    publication::page(
                        conn,
                        &caller,
                        &cursors,
                        filter,
                        Some(&cursor),
                        &reporting,
                        generated,
                    )
                })
                .await
            }
        },
        move |page: ExportPage, last| {
            // Held until the document is sent (or the client goes).
            let _slot = &slot;
            let mut chunk = page.xml;
            if last {
                chunk.extend_from_slice(export::document_end());
            }
            Ok(chunk)
        },
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, XML))
        .streaming(futures_util::StreamExt::chain(opening, pages)))
}
