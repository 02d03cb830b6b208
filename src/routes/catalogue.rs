//! `/catalogue`: the public catalogue of capacities, without a token, when
//! `SSC_CATALOGUE_PUBLIC=true` (outside `/api/v1`, like the public IATI files: what a
//! partner country's ministry browses, linked from anywhere).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::db::Db;
use crate::domain::catalogue::{self, CatalogueQuery};
use crate::error::ApiError;
use crate::http::extract::parse_query;
use crate::pagination::Cursors;

/// Where the public catalogue is served.
pub const PATH: &str = "/catalogue";

/// Whether the public catalogue is served (`SSC_CATALOGUE_PUBLIC`).
#[derive(Debug, Clone, Copy)]
pub struct CataloguePublic(pub bool);

/// The public catalogue
///
/// With `SSC_CATALOGUE_PUBLIC=true`, without a token: the capacities a partner country may
/// browse — active ones, in the approved version of public capacities (never a
/// restricted capacity or a draft) — newest first, with their sectors, formats, languages
/// and the countries of their track record (public, approved projects) named in the
/// language of `Accept-Language` (es, pt, en or fr; English by default), and their offering
/// organisations by name. Pages of at most 50 (default 20) with an opaque `next_cursor`,
/// consistent while the catalogue changes; `sector` (5-digit code or 3-digit category),
/// `format` and `language` narrow it. 404 when the catalogue is not public.
#[utoipa::path(
    tag = "capacities",
    params(CatalogueQuery),
    responses(
        (status = 200, description = "A page of the public catalogue", body = catalogue::CataloguePage,
            headers(
                ("Content-Language" = String, description = "The language of the labels"),
                ("Vary" = String, description = "`Accept-Language`: the labels depend on it"),
            )),
        (status = 400, description = "A malformed parameter or cursor", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "The catalogue is not public here (SSC_CATALOGUE_PUBLIC)", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "An unknown sector or language", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/catalogue")]
pub async fn public_catalogue(
    req: HttpRequest,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
) -> Result<HttpResponse, ApiError> {
    let public = req.app_data::<CataloguePublic>().is_some_and(|p| p.0);
    if !public {
        return Err(ApiError::not_found(crate::msg!("catalogue-not-public")));
    }
    let query: CatalogueQuery = parse_query(req.query_string())?;
    let request = catalogue::request(&cursors, &query)?;
    // The language the request negotiated (`l10n`), read here: the query runs on
    // another thread.
    let language = crate::l10n::current();
    let page = db
        .read(move |conn| catalogue::page(conn, request, language))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, language.tag()))
        .insert_header((header::VARY, "Accept-Language"))
        .json(page))
}
