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
use crate::iati::public_file as stored;
use crate::iati::publication::{self, ExportPage};
use crate::iati::{IatiSettings, ReportingOrg};
use crate::pagination::Cursors;
use crate::store::changes as change_store;
use crate::store::projects::list::ProjectFilter;

const TAG: &str = "iati";
const XML: &str = "application/xml; charset=utf-8";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_activities)
        .service(organisation_file)
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
/// An IATI activity file of version 2.01 to 2.03 (`application/xml`, UTF-8 or UTF-16, at
/// most `SSC_MAX_IMPORT_BYTES`, 50 MiB by default), for admins and coordinators. The
/// file is checked whole first: malformed XML (400), a document that is not
/// `iati-activities`, a 1.x file, one with a DOCTYPE, an element of more than 100
/// attributes or a tag of more than 1 MiB (422) change nothing. Then each activity is
/// checked against the project's rules and imported in its own transaction: matched by
/// `iati-identifier` (else its
/// `other-identifier` of type A1 as the code), a new one creates a project, a known one
/// updates it as a new version (keeping what the file does not give: visibility,
/// instrument, frameworks, results), an unchanged one is left alone, so importing a file
/// twice changes nothing the second time. An update that would make a project public or
/// remove an organisation from it is saved as a version awaiting review (`submitted`);
/// content awaiting review is never overwritten. An activity lacking what a project
/// needs, or breaking its rules, is kept as an incomplete draft (`drafted`; its id follows
/// from its identifier, so a later import finds it and one that completes it makes it a
/// project). Organisations are matched by IATI identifier, else by name, and created when
/// absent. What real files get wrong is kept, normalised or left out as
/// `src/iati/MAPPING.md` says; the report counts every outcome and describes the first
/// 100 drafted, skipped or altered activities (an XPath per note and why). `dry_run=true` reports without writing. Two imports run at once per
/// process; past that, 503 with `Retry-After`.
#[utoipa::path(
    tag = TAG,
    params(ImportQuery),
    request_body(content = String, content_type = "application/xml", description = "An IATI 2.0x activity file",
        example = json!("<iati-activities version=\"2.03\"><iati-activity>…</iati-activity></iati-activities>")),
    responses(
        (status = 200, description = "What the import did (or, on a dry run, would do)", body = crate::iati::import::report::ImportReport),
        (status = 403, description = "Only admins and coordinators import", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        (status = 503, description = "Two imports are running already (each holds its file in memory); `Retry-After` says when to try again", body = crate::error::ProblemDocument, content_type = "application/problem+json",
            headers(("Retry-After" = String, description = "Seconds to wait"))),
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
            crate::msg!("iati-file-content-type"),
        ));
    }
    // Held before the body is read: a body in memory per import in flight at most.
    let Ok(_slot) = settings.import_slots.clone().try_acquire_owned() else {
        return Err(ApiError::new(
            Problem::ServiceUnavailable,
            crate::msg!("imports-busy", count = crate::iati::IMPORTS_AT_ONCE),
        )
        .with_header(header::RETRY_AFTER, "10"));
    };
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
    // Checked whole first (off the async workers, and off the blocking pool): a fault
    // anywhere leaves the database as it was.
    let whole = body.clone();
    crate::iati::import::on_own_thread(move || crate::iati::reader::check(whole.as_ref()))
        .await
        .ok_or_else(|| ApiError::internal("the IATI file check stopped"))?
        .map_err(file_error)?;
    let mut report = crate::iati::import::report::ImportReport::default();
    crate::iati::import::import(
        &db,
        &caller,
        &settings.reporting_org,
        std::io::Cursor::new(body),
        dry_run,
        &mut report,
        |_| {},
    )
    .await
    .map_err(file_error)?;
    Ok(HttpResponse::Ok().json(report))
}

/// Imports running at once in this process (each holds its file in memory).
const IMPORTS_AT_ONCE: usize = 2;

/// The slots of imports in flight: past [`IMPORTS_AT_ONCE`], 503 with `Retry-After`.
pub fn import_slots() -> &'static std::sync::Arc<tokio::sync::Semaphore> {
    static SLOTS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
        std::sync::LazyLock::new(|| {
            std::sync::Arc::new(tokio::sync::Semaphore::new(IMPORTS_AT_ONCE))
        });
    &SLOTS
}

/// A file that cannot be read: 400 when it is not XML, 422 when it is not IATI 2.0x; said
/// in the caller's language (the XML parser's own reason, inside, stays English).
fn file_error(error: crate::iati::reader::FileError) -> ApiError {
    use crate::iati::reader::{FileError, MAX_ATTRIBUTES};
    let message = match error {
        FileError::Malformed { position, message } => {
            let message = crate::msg!("iati-file-malformed", position = position, reason = message);
            return ApiError::new(Problem::BadRequest, message);
        }
        FileError::DocumentType => crate::msg!("iati-file-doctype"),
        FileError::TooManyAttributes(position) => crate::msg!(
            "iati-file-too-many-attributes",
            max = MAX_ATTRIBUTES,
            position = position
        ),
        FileError::TooLargeTag(position) => {
            crate::msg!("iati-file-tag-too-large", position = position)
        }
        FileError::NotIati(root) => crate::msg!("iati-file-not-iati", root = root),
        FileError::UnsupportedVersion(version) => {
            crate::msg!("iati-file-unsupported-version", version = version)
        }
    };
    ApiError::new(Problem::ValidationFailed, message)
}

/// The reporting organisation's IATI organisation file
///
/// The IATI Organisation Standard 2.03 file of the reporting organisation
/// (`SSC_IATI_REPORTING_ORG_*`): its budget per calendar year, and per recipient
/// country and region per year, summed from the budgets of the projects the caller
/// reads (readers of approved content: their approved versions), each project's budget
/// spread over its planned dates by days; one element per currency (no exchange rates
/// are held); and its own documents (`SSC_IATI_ORGANISATION_DOCUMENTS`). Total
/// expenditure is not published: the service holds no execution figures yet. Valid
/// against `iati-organisations-schema.xsd`.
#[utoipa::path(
    tag = TAG,
    responses(
        (status = 200, description = "The organisation file, as IATI 2.03 XML", body = String, content_type = "application/xml",
            example = json!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><iati-organisations version=\"2.03\" …><iati-organisation …><organisation-identifier>AR-CUIT-30546671166</organisation-identifier>…<total-budget status=\"1\">…</total-budget>…</iati-organisation></iati-organisations>\n")),
    )
)]
#[get("/iati/organisation")]
pub async fn organisation_file(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    settings: web::Data<IatiSettings>,
) -> Result<HttpResponse, ApiError> {
    let budgets =
        crate::iati::organisation::budgets(db.get_ref(), &caller, cursors.get_ref()).await?;
    let xml = crate::iati::organisation::document(
        &budgets,
        &settings.reporting_org,
        &settings.organisation_documents,
        &crate::domain::documents::default_language(),
        Utc::now(),
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, XML))
        .body(xml))
}

/// Where the public organisation file is served (outside `/api/v1`).
pub const PUBLIC_ORGANISATION_FILE: &str = "/iati/organisation.xml";

/// The public IATI organisation file
///
/// With `SSC_IATI_PUBLISH=true`, the reporting organisation's IATI organisation file
/// (as `GET /api/v1/iati/organisation` describes it) from the public, approved projects,
/// without a token; 404 when publication is off. Generated once per change and served
/// from storage, with `ETag`, `Last-Modified` and conditional GET as the activity file.
#[utoipa::path(
    tag = TAG,
    responses(
        (status = 200, description = "The organisation file, as IATI 2.03 XML", body = String, content_type = "application/xml",
            headers(
                ("ETag" = String, description = "Changes with any change to the records"),
                ("Last-Modified" = String, description = "When the records last changed"),
            ),
            example = json!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><iati-organisations version=\"2.03\" …>…</iati-organisations>\n")),
        (status = 304, description = "Not modified since the ETag or time the request names"),
        (status = 404, description = "Publication is off (SSC_IATI_PUBLISH)", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/iati/organisation.xml")]
pub async fn public_organisation_file(
    req: HttpRequest,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    settings: web::Data<IatiSettings>,
) -> Result<HttpResponse, ApiError> {
    serve_public(req, db, cursors, settings, PublicDocument::Organisation).await
}

/// Where the public IATI file is served (outside `/api/v1`: the IATI Registry links it).
pub const PUBLIC_FILE: &str = "/iati/activities.xml";

/// The public IATI file
///
/// With `SSC_IATI_PUBLISH=true`, the IATI 2.03 document of every public project in its
/// approved version (what a viewer reads), without a token, for the IATI Registry to
/// link; never a restricted record or a draft. 404 when publication is off. `ETag` (weak:
/// `generated-datetime` is the request's) and `Last-Modified` change with any change to
/// the records; `If-None-Match` and `If-Modified-Since` answer 304. The document is
/// generated once per change (by one request, the others waiting for it) and served
/// from storage, so a slow reader holds no one else up; a request that waits more than
/// 20 s for a generation gets 503 with `Retry-After`.
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
    serve_public(req, db, cursors, settings, PublicDocument::Activities).await
}

/// The two public documents.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PublicDocument {
    Activities,
    Organisation,
}

/// A public document, with conditional GET, generated once per change.
async fn serve_public(
    req: HttpRequest,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    settings: web::Data<IatiSettings>,
    document: PublicDocument,
) -> Result<HttpResponse, ApiError> {
    if !settings.publish {
        return Err(ApiError::not_found(crate::msg!("iati-not-published")));
    }
    let reporting = settings.reporting_org.clone();
    let latest = db.read(|conn| Ok(change_store::latest(conn)?)).await?;
    let etag = public_etag(latest.map_or(0, |(seq, _)| seq), &reporting, document);
    let modified = latest.map(|(_, at)| HttpDate::from(std::time::SystemTime::from(at.and_utc())));
    let mut response = if not_modified(&req, &etag, modified) {
        HttpResponse::NotModified().finish()
    } else {
        let (db, cursors) = (db.get_ref().clone(), cursors.get_ref().clone());
        let file = match document {
            PublicDocument::Activities => {
                settings
                    .public_files
                    .file(&etag, |path| {
                        stored::write_activities(db, cursors, reporting, path)
                    })
                    .await?
            }
            PublicDocument::Organisation => {
                let documents = settings.organisation_documents.clone();
                settings
                    .organisation_files
                    .file(&etag, |path| {
                        stored::write_organisation(db, cursors, reporting, documents, path)
                    })
                    .await?
            }
        };
        file_response(file)?
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

/// Does the request's `If-None-Match` (else `If-Modified-Since`) say it has this state?
fn not_modified(req: &HttpRequest, etag: &str, modified: Option<HttpDate>) -> bool {
    let mut unchanged = crate::http::etag::none_match_names(req, etag);
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
    unchanged
}

/// A stored file as a 200 answer of XML.
fn file_response(file: std::fs::File) -> Result<HttpResponse, ApiError> {
    let length = file.metadata().map_err(ApiError::internal)?.len();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, XML))
        .body(actix_web::body::SizedStream::new(
            length,
            stored::body(file),
        )))
}

/// The public file's entity tag: the latest change, and the reporting organisation (a
/// new one changes every activity).
fn public_etag(latest_seq: i64, reporting: &ReportingOrg, document: PublicDocument) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(
        format!(
            "{}\n{}\n{}",
            reporting.reference, reporting.organisation_type, reporting.name
        )
        .as_bytes(),
    );
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let kind = match document {
        PublicDocument::Activities => "iati",
        PublicDocument::Organisation => "iati-org",
    };
    format!("W/\"{kind}-{latest_seq}-{hex}\"")
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
    )
    .await
}

/// A project as an IATI activity
///
/// The project the caller reads at `GET /api/v1/projects/{id}` (the approved version for
/// readers of approved content), with its results and document links, as an IATI 2.03
/// `iati-activities` document of one activity. 404 when the caller may not read it; 409
/// while it is an incomplete draft.
#[utoipa::path(
    tag = TAG,
    params(("id" = uuid::Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project as an IATI 2.03 activity", body = String, content_type = "application/xml",
            example = json!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" …><iati-activity …>…</iati-activity></iati-activities>\n")),
        (status = 409, description = "The project is an incomplete draft: it has no IATI activity until it is complete", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
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
