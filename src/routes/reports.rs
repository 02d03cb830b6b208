//! `GET /api/v1/reports/{segib|tossd}`: the yearly reports, streamed as the exports are
//! (`routes::exports::report`), over the caller's project list.

use std::sync::Arc;

use actix_web::{HttpResponse, get, web};
use utoipa::IntoResponses;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::{Db, DbConnection};
use crate::domain::list_query::ListFilters;
use crate::domain::projects::query::{ProjectFilters, ProjectListRequest};
use crate::domain::rates::RateTable;
use crate::domain::reports::{self, ReportQuery};
use crate::error::{ApiError, PROBLEM_JSON, ProblemDocument};
use crate::exports::Column;
use crate::http::extract::QueryParams;
use crate::pagination::Cursors;
use crate::routes::exports::{PageReader, ReportFile, RowMaker};

const TAG: &str = "reports";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(segib_report).service(tossd_report);
}

/// 400: the report's query asks for no year it can have, or an unknown format.
#[derive(IntoResponses)]
#[response(status = 400, description = "`year` missing or outside 1950–2100, or an unknown `format`", content_type = PROBLEM_JSON)]
pub struct ReportQueryProblem(pub ProblemDocument);

type Rows = fn(&mut DbConnection, &RateTable, i32, Vec<String>) -> Result<Vec<String>, ApiError>;

/// The caller's projects (every one it may read, as its list), newest first.
fn projects() -> Result<PageReader, ApiError> {
    let filter = ProjectFilters::default().check()?;
    Ok(Arc::new(
        move |conn: &mut DbConnection, caller: &Caller, cursors: &Cursors, cursor: Option<&str>| {
            ProjectListRequest::bulk(cursors, filter.clone(), None, cursor)?.serve(conn, caller)
        },
    ))
}

async fn report(
    caller: Caller,
    db: &Db,
    cursors: &Cursors,
    query: &ReportQuery,
    name: &'static str,
    columns: &'static [Column],
    rows: Rows,
) -> Result<HttpResponse, ApiError> {
    let (year, format) = query.checked()?;
    let rates = Arc::new(db.read(move |conn| RateTable::load(conn, &[year])).await?);
    let maker: RowMaker = Arc::new(move |conn, items| rows(conn, &rates, year, items));
    let file = ReportFile {
        name,
        columns,
        format,
    };
    crate::routes::exports::report(db, cursors, caller, file, projects()?, maker).await
}

const FILE: &str = "The rows are streamed (read page by page: memory does not grow with the \
    number of projects), `format=csv` (RFC 4180, UTF-8, CRLF line ends, a header row; a text cell \
    that a spreadsheet would run as a formula gets a leading `'`) or `xlsx` (one sheet, typed: \
    dates as dates, amounts as numbers). Exactly the caller's scope, as its project list: the \
    directorate every project, a partner the public ones and its own, a viewer the approved \
    versions of the public ones. Every rate the rows need is checked before anything is sent: a \
    missing exchange rate (or expert-day rate) is a 422 naming the currency and year, never a \
    guess.";

fn segib_description() -> String {
    format!(
        "One row per initiative: each project active in `year` (started, actual else planned, by \
         its end; ended, actual else planned, after its start) in one of SEGIB's modalities, with \
         SEGIB's dimensions (modality, type, the role of each country, sectors, SDGs, dates) and \
         its burden sharing: what each partner budgeted and executed, from the project's \
         execution figures (`GET /projects/{{id}}/execution`, whole-project figures), in each \
         currency and in total in US dollars at `year`'s rate.\n\n{FILE}\n\nThe columns, in \
         order:\n\n{}",
        reports::describe(reports::SEGIB_COLUMNS)
    )
}

fn tossd_description() -> String {
    format!(
        "One row per activity, recipient, modality and currency, in TOSSD's published column \
         names (then the service's own), Argentina reporting as provider `425`: each activity \
         (not cancelled) of the projects active in `year` whose start (actual, else planned) is \
         in `year`. Cash rows are the activity's costs paid by Argentine organisations (commitment: \
         planned costs; disbursement: executed costs); in-kind rows are its expert days (of an \
         activity from Argentina or from no recorded country) at `year`'s expert-day rate. \
         Amounts in thousands of US dollars at `year`'s rate (to the cent); an activity without a \
         destination is split among the project's recipients by their percentages, the parts \
         adding up to the whole. Transactions (expenditures) are not activities and are not in \
         this report.\n\n{FILE}\n\nThe columns, in order:\n\n{}",
        reports::describe(reports::TOSSD_COLUMNS)
    )
}

/// SEGIB report
#[utoipa::path(
    tag = TAG,
    description = segib_description(),
    params(ReportQuery),
    responses(
        (status = 200, description = "The report, in the format asked for",
            headers(("Content-Disposition" = String, description = "attachment; with the file name")),
            content(
                (String = "text/csv", example = json!("year,project_id,code,title,modality,type,...\r\n2025,0193a6a0-0002-7000-8000-000000000001,AR-BO-2024-001,Fortalecimiento de la cadena láctea,bilateral,project,...\r\n")),
                (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            )),
        ReportQueryProblem,
        (status = 422, description = "A rate the report needs is not set: the problem names the currency and year", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/reports/segib")]
pub async fn segib_report(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    report(
        caller,
        &db,
        &cursors,
        &query.0,
        "segib",
        reports::SEGIB.as_slice(),
        reports::segib_rows,
    )
    .await
}

/// TOSSD report
#[utoipa::path(
    tag = TAG,
    description = tossd_description(),
    params(ReportQuery),
    responses(
        (status = 200, description = "The report, in the format asked for",
            headers(("Content-Disposition" = String, description = "attachment; with the file name")),
            content(
                (String = "text/csv", example = json!("Year,provider,tossdid,ProjectNumber,recipientcode,...\r\n2025,425,AR-BO-2024-001-A1,AR-BO-2024-001,428,...\r\n")),
                (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            )),
        ReportQueryProblem,
        (status = 422, description = "A rate the report needs is not set: the problem names the currency (or the expert-day rate) and year", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/reports/tossd")]
pub async fn tossd_report(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    report(
        caller,
        &db,
        &cursors,
        &query.0,
        "tossd",
        reports::TOSSD.as_slice(),
        reports::tossd_rows,
    )
    .await
}
