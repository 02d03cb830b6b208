//! `/api/v1/codelists`: the reference codes the API validates against, with English and
//! Spanish labels. The bodies are rendered once; they are cacheable (ETag, Cache-Control)
//! because they change only with a new release.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Caller;
use crate::codelists::spaces::{IntegrationSpace, SpaceKind, integration_spaces};
use crate::codelists::{self, CodeStatus, Codelist};
use crate::domain::projects::{Instrument, Modality, ParticipantRole};
use crate::error::ApiError;
use crate::http::extract::QueryParams;

const TAG: &str = "codelists";
const CACHE_CONTROL: &str = "private, max-age=3600";

pub fn configure(cfg: &mut ServiceConfig) {
    // The integration spaces have their own route (and shape); it must come before
    // the generic `{name}` one.
    cfg.service(list_codelists)
        .service(get_integration_spaces)
        .service(get_codelist);
}

/// Labels of a code.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Labels {
    pub en: String,
    /// Absent (null) where the reference data has no Spanish label.
    #[schema(required = true)]
    pub es: Option<String>,
}

/// One code of a codelist.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"code": "31166", "labels": {"en": "Agricultural extension", "es": null}, "status": "active", "category": "311"}))]
pub struct CodelistItem {
    pub code: String,
    pub labels: Labels,
    pub status: CodeStatus,
    /// Sectors: the 3-digit DAC category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// SDG targets: the goal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Currencies: ISO 4217 minor-unit digits (the decimals an amount may have).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minor_unit: Option<u8>,
}

/// A codelist and all its codes.
#[derive(Debug, Serialize, ToSchema)]
pub struct CodelistDocument {
    pub name: &'static str,
    pub title: &'static str,
    pub source: &'static str,
    pub items: Vec<CodelistItem>,
}

/// A codelist in the index.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "countries", "title": "Countries", "source": "IATI Country codelist 2.03 (ISO 3166-1); Spanish names from UNTERM", "count": 251, "href": "/api/v1/codelists/countries"}))]
pub struct CodelistSummary {
    pub name: &'static str,
    pub title: &'static str,
    pub source: &'static str,
    /// Number of codes, withdrawn ones included.
    pub count: usize,
    pub href: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CodelistIndex {
    pub items: Vec<CodelistSummary>,
}

fn from_reference(list: &Codelist) -> Vec<CodelistItem> {
    list.entries
        .iter()
        .map(|e| CodelistItem {
            code: e.code.clone(),
            labels: Labels {
                en: e.en.clone(),
                es: e.es.clone(),
            },
            status: e.status,
            category: e.category.clone(),
            goal: e.goal.clone(),
            minor_unit: e.minor_unit,
        })
        .collect()
}

fn from_vocabulary<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    labels: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<CodelistItem> {
    all.iter()
        .map(|&v| {
            let (en, es) = labels(v);
            CodelistItem {
                code: code(v).to_owned(),
                labels: Labels {
                    en: en.to_owned(),
                    es: Some(es.to_owned()),
                },
                status: CodeStatus::Active,
                category: None,
                goal: None,
                minor_unit: None,
            }
        })
        .collect()
}

const IATI: &str = "IATI codelists 2.03";

fn documents() -> Vec<CodelistDocument> {
    let reference = |name, title, source, list: &Codelist| CodelistDocument {
        name,
        title,
        source,
        items: from_reference(list),
    };
    vec![
        reference(
            "countries",
            "Countries",
            "IATI Country codelist 2.03 (ISO 3166-1); Spanish names from UNTERM",
            codelists::countries(),
        ),
        reference(
            "regions",
            "Regions",
            "IATI Region codelist 2.03 (OECD DAC)",
            codelists::regions(),
        ),
        reference(
            "sectors",
            "DAC sectors (5-digit)",
            "IATI Sector codelist 2.03 (OECD DAC CRS purpose codes)",
            codelists::sectors(),
        ),
        reference(
            "sector_categories",
            "DAC sector categories (3-digit)",
            "IATI SectorCategory codelist 2.03",
            codelists::sector_categories(),
        ),
        reference(
            "sdg_goals",
            "Sustainable Development Goals",
            "IATI UNSDG-Goals codelist",
            codelists::sdg_goals(),
        ),
        reference(
            "sdg_targets",
            "SDG targets",
            "IATI UNSDG-Targets codelist",
            codelists::sdg_targets(),
        ),
        reference(
            "currencies",
            "Currencies",
            "IATI Currency codelist 2.03 (ISO 4217), minor units from ISO 4217",
            codelists::currencies(),
        ),
        reference(
            "activity_statuses",
            "Activity statuses",
            IATI,
            codelists::activity_statuses(),
        ),
        reference(
            "organisation_types",
            "Organisation types",
            IATI,
            codelists::organisation_types(),
        ),
        reference(
            "languages",
            "Languages (ISO 639-1)",
            "IATI Language codelist 2.03",
            codelists::languages(),
        ),
        reference(
            "document_categories",
            "Document categories (A: activity documents, B: organisation documents)",
            "IATI DocumentCategory codelist 2.03",
            codelists::document_categories(),
        ),
        reference(
            "file_formats",
            "File formats (IANA media types)",
            "IATI FileFormat codelist 2.03",
            codelists::file_formats(),
        ),
        reference(
            "result_types",
            "Result types (of project results)",
            "IATI ResultType codelist 2.03",
            codelists::result_types(),
        ),
        reference(
            "indicator_measures",
            "Indicator measures (how an indicator's values are read)",
            "IATI IndicatorMeasure codelist 2.03",
            codelists::indicator_measures(),
        ),
        CodelistDocument {
            name: "participant_roles",
            title: "Roles of organisations in projects",
            source: "ssc-api (SEGIB framework)",
            items: from_vocabulary(
                ParticipantRole::ALL,
                ParticipantRole::as_str,
                ParticipantRole::labels,
            ),
        },
        CodelistDocument {
            name: "modalities",
            title: "Cooperation modalities",
            source: "ssc-api (SEGIB framework)",
            items: from_vocabulary(Modality::ALL, Modality::as_str, Modality::labels),
        },
        CodelistDocument {
            name: "instruments",
            title: "Cooperation instruments",
            source: "ssc-api (SEGIB framework)",
            items: from_vocabulary(Instrument::ALL, Instrument::as_str, Instrument::labels),
        },
    ]
}

const SPACES: &str = "integration_spaces";
const SPACES_TITLE: &str = "Integration spaces and forums";
const SPACES_SOURCE: &str = "ssc-api: treaties and founding declarations of each space";

/// Integration spaces and forums, with their members.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntegrationSpaceList {
    pub name: &'static str,
    pub title: &'static str,
    pub source: &'static str,
    pub items: Vec<IntegrationSpace>,
}

/// Which spaces to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SpaceQuery {
    /// Only the spaces this country (ISO 3166-1 alpha-2) was a member of on `date`.
    #[param(example = "BO")]
    pub country: Option<String>,
    /// Membership on this date: with `country`, the spaces it belonged to then (default
    /// today); alone, the spaces that had members then.
    #[param(example = "2015-06-01")]
    pub date: Option<NaiveDate>,
    /// Regional blocs or inter-regional forums only.
    pub kind: Option<SpaceKind>,
}

/// Integration spaces and forums
///
/// MERCOSUR, CELAC, UNASUR, SICA, CAN, ALADI, ALBA-TCP, the Pacific Alliance (regional)
/// and ASA, FEALAC, ASPA, the Ibero-American Conference (inter-regional), with their
/// member states and the dates they joined or left. With `country` (and `date`): the
/// spaces that country belonged to on that date; with `date` alone, the spaces that had
/// members on that date.
#[utoipa::path(
    tag = TAG,
    params(SpaceQuery),
    responses(
        (status = 200, description = "The integration spaces", body = IntegrationSpaceList,
            headers(("Cache-Control" = String, description = "private, max-age=3600"))),
    )
)]
#[get("/codelists/integration_spaces")]
pub async fn get_integration_spaces(
    _caller: Caller,
    query: QueryParams<SpaceQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    crate::domain::filters::country(query.country.as_deref(), "country")?;
    crate::domain::filters::calendar_date("date", query.date)?;
    let items = integration_spaces()
        .iter()
        .filter(|s| query.kind.is_none_or(|kind| s.kind == kind))
        .filter(|s| match (query.country.as_deref(), query.date) {
            (Some(country), date) => s.has_member_on(
                country,
                date.unwrap_or_else(|| chrono::Utc::now().date_naive()),
            ),
            (None, Some(date)) => s
                .members
                .iter()
                .any(|m| s.has_member_on(&m.country_code, date)),
            (None, None) => true,
        })
        .cloned()
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL))
        .json(IntegrationSpaceList {
            name: SPACES,
            title: SPACES_TITLE,
            source: SPACES_SOURCE,
            items,
        }))
}

/// A rendered body and its entity tag.
struct Rendered {
    body: Bytes,
    etag: String,
}

fn render<T: Serialize>(value: &T) -> Rendered {
    let body = serde_json::to_vec(value).expect("codelists serialise");
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    Rendered {
        etag: format!("\"{:016x}\"", hasher.finish()),
        body: Bytes::from(body),
    }
}

struct Rendition {
    index: Rendered,
    lists: HashMap<&'static str, Rendered>,
}

static RENDITION: LazyLock<Rendition> = LazyLock::new(|| {
    let documents = documents();
    let index = CodelistIndex {
        items: documents
            .iter()
            .map(|d| CodelistSummary {
                name: d.name,
                title: d.title,
                source: d.source,
                count: d.items.len(),
                href: format!("/api/v1/codelists/{}", d.name),
            })
            .collect(),
    };
    let mut index = index;
    index.items.push(CodelistSummary {
        name: SPACES,
        title: SPACES_TITLE,
        source: SPACES_SOURCE,
        count: integration_spaces().len(),
        href: format!("/api/v1/codelists/{SPACES}"),
    });
    Rendition {
        index: render(&index),
        lists: documents.iter().map(|d| (d.name, render(d))).collect(),
    }
});

fn cached(req: &HttpRequest, rendered: &Rendered) -> HttpResponse {
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == rendered.etag || t.trim() == "*")
        });
    let mut response = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, rendered.etag.clone()))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    if matches {
        response.finish()
    } else {
        response
            .content_type("application/json")
            .body(rendered.body.clone())
    }
}

/// List the codelists
///
/// The names, titles and sizes of every codelist the API validates against.
#[utoipa::path(
    tag = TAG,
    responses(
        (status = 200, description = "The codelists", body = CodelistIndex,
            headers(("ETag" = String, description = "Changes only with a new release"),
                    ("Cache-Control" = String, description = "private, max-age=3600"))),
        (status = 304, description = "Not modified since the ETag named by If-None-Match"),
    )
)]
#[get("/codelists")]
pub async fn list_codelists(_caller: Caller, req: HttpRequest) -> HttpResponse {
    cached(&req, &RENDITION.index)
}

/// Get a codelist
///
/// Every code with its English and Spanish labels and status. Withdrawn codes stay
/// listed (old records use them) but are refused in new data.
#[utoipa::path(
    tag = TAG,
    params(("name" = String, Path, description = "Codelist name, as listed by GET /api/v1/codelists",
        example = "countries")),
    responses(
        (status = 200, description = "The codelist", body = CodelistDocument,
            headers(("ETag" = String, description = "Changes only with a new release"),
                    ("Cache-Control" = String, description = "private, max-age=3600"))),
        (status = 304, description = "Not modified since the ETag named by If-None-Match"),
        (status = 404, description = "No codelist by that name", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/codelists/{name}")]
pub async fn get_codelist(_caller: Caller, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let name = req.match_info().get("name").unwrap_or_default();
    match RENDITION.lists.get(name) {
        Some(rendered) => Ok(cached(&req, rendered)),
        None => Err(ApiError::not_found(format!(
            "no codelist named {name:?}; GET /api/v1/codelists lists them"
        ))),
    }
}
