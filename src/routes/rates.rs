//! `/api/v1/exchange-rates` and `/api/v1/expert-day-rates`: the yearly rates the reports
//! convert amounts and expert days with. Admins write; every caller with a token reads.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use serde::Deserialize;
use utoipa::{IntoParams, IntoResponses};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Admin, Caller};
use crate::db::Db;
use crate::domain::rates::{
    self, ExchangeRate, ExchangeRateInput, ExchangeRatePage, ExpertDayRate, ExpertDayRateInput,
    ExpertDayRateList, RateUpload,
};
use crate::error::{ApiError, PROBLEM_JSON, ProblemDocument};
use crate::http::etag::IfMatch;
use crate::http::extract::{JsonBody, QueryParams, check_content_type, read_body};
use crate::http::respond;
use crate::pagination::Cursors;
use crate::routes::problems::AdminsOnly;

const TAG: &str = "rates";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_exchange_rates)
        .service(upload_exchange_rates)
        .service(get_exchange_rate)
        .service(put_exchange_rate)
        .service(delete_exchange_rate)
        .service(list_expert_day_rates)
        .service(get_expert_day_rate)
        .service(put_expert_day_rate)
        .service(delete_expert_day_rate);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RateQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only the rates of this year.
    #[param(minimum = 1950, maximum = 2100, example = 2025)]
    pub year: Option<i32>,
    /// Only the rates of this currency (ISO 4217).
    #[param(min_length = 3, max_length = 3, example = "ARS")]
    pub currency: Option<String>,
}

/// 400 and 422: the `{year}` (or `{currency}`) of the path cannot have a rate.
#[derive(IntoResponses)]
pub enum RateKeyProblems {
    #[response(status = 400, description = "The year is not a number", content_type = PROBLEM_JSON)]
    YearNotANumber(ProblemDocument),
    #[response(status = 422, description = "The year is outside 1950–2100, or the currency cannot have a rate (unknown, withdrawn, or USD)", content_type = PROBLEM_JSON)]
    NoRateCanBeSet(ProblemDocument),
}

fn year_of(req: &HttpRequest) -> Result<i32, ApiError> {
    rates::parse_year(req.match_info().get("year").unwrap_or_default())
}

fn currency_of(req: &HttpRequest) -> Result<String, ApiError> {
    rates::parse_currency(req.match_info().get("currency").unwrap_or_default())
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(ApiError::internal)
}

/// List exchange rates
///
/// Every caller with a token. By year, then currency. A rate is the number of units of
/// the currency one US dollar buys on average over the year; reports divide amounts by
/// it. USD has no entry: its rate is 1.
#[utoipa::path(
    tag = TAG,
    params(RateQuery),
    responses((status = 200, description = "A page of exchange rates", body = ExchangeRatePage))
)]
#[get("/exchange-rates")]
pub async fn list_exchange_rates(
    _caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<RateQuery>,
) -> Result<web::Json<ExchangeRatePage>, ApiError> {
    let query = query.0;
    if let Some(year) = query.year {
        rates::parse_year(&year.to_string())?;
    }
    if let Some(currency) = &query.currency {
        rates::parse_currency(currency)?;
    }
    let page = db
        .read(move |conn| {
            rates::list_rates(
                conn,
                query.year,
                query.currency.as_deref(),
                query.limit,
                query.cursor.as_deref(),
                &cursors,
            )
        })
        .await?;
    Ok(web::Json(page))
}

/// Upload exchange rates as CSV
///
/// Admins only. A CSV file (`text/csv`, UTF-8) whose header names the columns `year`,
/// `currency` and `units_per_usd` (in any order; other columns are ignored), one rate a
/// row, at most 10,000 rows. Each rate is set as by `PUT
/// /api/v1/exchange-rates/{year}/{currency}` without its version check: a rate given its
/// current value keeps its version. All or nothing: any problem changes nothing, and every
/// problem is listed at `/<row>/<column>`, rows counted from 0 after the header. Uploading
/// the same file again changes nothing.
#[utoipa::path(
    tag = TAG,
    request_body(content = String, content_type = "text/csv", description = "Rates, one a row, after a header",
        example = json!("year,currency,units_per_usd\n2025,ARS,915.95\n2025,BRL,5.39\n")),
    responses(
        (status = 200, description = "What the upload did", body = RateUpload),
        AdminsOnly,
    )
)]
#[post("/exchange-rates/upload")]
pub async fn upload_exchange_rates(
    Admin(caller): Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<web::Json<RateUpload>, ApiError> {
    check_content_type(&req, &["text/csv"])?;
    let body = read_body(&req, &mut payload.into_inner()).await?;
    let report = db
        .write(move |conn| rates::upload_csv(conn, &caller, &body))
        .await?;
    Ok(web::Json(report))
}

/// Get an exchange rate
///
/// Every caller with a token. `ETag` and `If-None-Match` work as on records.
#[utoipa::path(
    tag = TAG,
    params(
        ("year" = i32, Path, description = "The year, 1950 to 2100", example = 2025),
        ("currency" = String, Path, description = "ISO 4217 code, not USD", example = "ARS"),
    ),
    responses(
        (status = 200, description = "The rate", body = ExchangeRate,
            headers(("ETag" = String, description = "The rate's version"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
        (status = 404, description = "No rate is set for this currency and year", body = ProblemDocument, content_type = "application/problem+json"),
        RateKeyProblems,
    )
)]
#[get("/exchange-rates/{year}/{currency}")]
pub async fn get_exchange_rate(
    _caller: Caller,
    db: web::Data<Db>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (year, currency) = (year_of(&req)?, currency_of(&req)?);
    let rate = db
        .read(move |conn| rates::read_rate(conn, year, &currency))
        .await?;
    Ok(respond::read(&req, rate.version, json(&rate)?))
}

/// Set an exchange rate
///
/// Admins only. Needs `If-Match` with the rate's `ETag`, `"0"` when none is set yet. The same value again keeps the version.
#[utoipa::path(
    tag = TAG,
    params(
        ("year" = i32, Path, description = "The year, 1950 to 2100", example = 2025),
        ("currency" = String, Path, description = "ISO 4217 code, not USD", example = "ARS"),
        ("If-Match" = String, Header, description = "ETag of the rate being replaced; \"0\" when none is set"),
    ),
    request_body = ExchangeRateInput,
    responses(
        (status = 200, description = "Saved", body = ExchangeRate,
            headers(("ETag" = String, description = "The rate's version"))),
        AdminsOnly,
        RateKeyProblems,
    )
)]
#[put("/exchange-rates/{year}/{currency}")]
pub async fn put_exchange_rate(
    Admin(caller): Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    if_match: IfMatch,
    body: JsonBody<ExchangeRateInput>,
) -> Result<HttpResponse, ApiError> {
    let (year, currency) = (year_of(&req)?, currency_of(&req)?);
    let input = body.read().await?;
    let expected = if_match.into_versions();
    let (_created, rate) = db
        .write(move |conn| rates::put_rate(conn, &caller, year, &currency, &expected, input))
        .await?;
    Ok(respond::record(StatusCode::OK, rate.version, json(&rate)?))
}

/// Delete an exchange rate
///
/// Admins only. Needs `If-Match` with the rate's `ETag`. Reports that need it answer 422
/// until it is set again.
#[utoipa::path(
    tag = TAG,
    params(
        ("year" = i32, Path, description = "The year, 1950 to 2100", example = 2025),
        ("currency" = String, Path, description = "ISO 4217 code, not USD", example = "ARS"),
        ("If-Match" = String, Header, description = "ETag of the rate being deleted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        AdminsOnly,
        (status = 404, description = "No rate is set for this currency and year", body = ProblemDocument, content_type = "application/problem+json"),
        RateKeyProblems,
    )
)]
#[delete("/exchange-rates/{year}/{currency}")]
pub async fn delete_exchange_rate(
    _admin: Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (year, currency) = (year_of(&req)?, currency_of(&req)?);
    let expected = if_match.into_versions();
    db.write(move |conn| rates::delete_rate(conn, year, &currency, &expected))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// List expert-day rates
///
/// Every caller with a token. What one day of an expert's work is worth in each year for
/// which an admin set it, by year: reports value in-kind contributions (expert days)
/// with it, apart from cash.
#[utoipa::path(
    tag = TAG,
    responses((status = 200, description = "Every expert-day rate", body = ExpertDayRateList))
)]
#[get("/expert-day-rates")]
pub async fn list_expert_day_rates(
    _caller: Caller,
    db: web::Data<Db>,
) -> Result<web::Json<ExpertDayRateList>, ApiError> {
    Ok(web::Json(db.read(rates::list_day_rates).await?))
}

/// Get an expert-day rate
///
/// Every caller with a token. `ETag` and `If-None-Match` work as on records.
#[utoipa::path(
    tag = TAG,
    params(("year" = i32, Path, description = "The year, 1950 to 2100", example = 2025)),
    responses(
        (status = 200, description = "The rate", body = ExpertDayRate,
            headers(("ETag" = String, description = "The rate's version"))),
        (status = 304, description = "Not modified since the version named by If-None-Match"),
        (status = 404, description = "No rate is set for this year", body = ProblemDocument, content_type = "application/problem+json"),
        RateKeyProblems,
    )
)]
#[get("/expert-day-rates/{year}")]
pub async fn get_expert_day_rate(
    _caller: Caller,
    db: web::Data<Db>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let year = year_of(&req)?;
    let rate = db
        .read(move |conn| rates::read_day_rate(conn, year))
        .await?;
    Ok(respond::read(&req, rate.version, json(&rate)?))
}

/// Set an expert-day rate
///
/// Admins only. Needs `If-Match` with the rate's `ETag`, `"0"` when none is set yet. The amount is in any active currency; reports convert it to USD at the
/// year's exchange rate. The same value again keeps the version.
#[utoipa::path(
    tag = TAG,
    params(
        ("year" = i32, Path, description = "The year, 1950 to 2100", example = 2025),
        ("If-Match" = String, Header, description = "ETag of the rate being replaced; \"0\" when none is set"),
    ),
    request_body = ExpertDayRateInput,
    responses(
        (status = 200, description = "Saved", body = ExpertDayRate,
            headers(("ETag" = String, description = "The rate's version"))),
        AdminsOnly,
        RateKeyProblems,
    )
)]
#[put("/expert-day-rates/{year}")]
pub async fn put_expert_day_rate(
    Admin(caller): Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    if_match: IfMatch,
    body: JsonBody<ExpertDayRateInput>,
) -> Result<HttpResponse, ApiError> {
    let year = year_of(&req)?;
    let input = body.read().await?;
    let expected = if_match.into_versions();
    let (_created, rate) = db
        .write(move |conn| rates::put_day_rate(conn, &caller, year, &expected, input))
        .await?;
    Ok(respond::record(StatusCode::OK, rate.version, json(&rate)?))
}

/// Delete an expert-day rate
///
/// Admins only. Needs `If-Match` with the rate's `ETag`.
#[utoipa::path(
    tag = TAG,
    params(
        ("year" = i32, Path, description = "The year, 1950 to 2100", example = 2025),
        ("If-Match" = String, Header, description = "ETag of the rate being deleted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        AdminsOnly,
        (status = 404, description = "No rate is set for this year", body = ProblemDocument, content_type = "application/problem+json"),
        RateKeyProblems,
    )
)]
#[delete("/expert-day-rates/{year}")]
pub async fn delete_expert_day_rate(
    _admin: Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let year = year_of(&req)?;
    let expected = if_match.into_versions();
    db.write(move |conn| rates::delete_day_rate(conn, year, &expected))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
