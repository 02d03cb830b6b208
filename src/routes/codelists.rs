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

/// Labels of a code in English, Spanish, French and Portuguese.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Labels {
    pub en: String,
    /// Null where the reference data has no Spanish label.
    #[schema(required = true)]
    pub es: Option<String>,
    /// Null where the reference data has no French label.
    #[schema(required = true)]
    pub fr: Option<String>,
    /// Null where there is no Portuguese label (only the small lists have one).
    #[schema(required = true)]
    pub pt: Option<String>,
}

impl Labels {
    /// The labels of a reference code.
    pub fn of(entry: &codelists::CodeEntry) -> Self {
        Labels {
            en: entry.en.clone(),
            es: entry.es.clone(),
            fr: entry.fr.clone(),
            pt: entry.pt.clone(),
        }
    }

    /// English and Spanish only (the API's own vocabularies and names).
    pub fn en_es(en: impl Into<String>, es: impl Into<String>) -> Self {
        Labels {
            en: en.into(),
            es: Some(es.into()),
            fr: None,
            pt: None,
        }
    }

    /// The label in `language`, or the English one where it has none.
    pub fn in_language(&self, language: LabelLanguage) -> &str {
        let label = match language {
            LabelLanguage::En => None,
            LabelLanguage::Es => self.es.as_deref(),
            LabelLanguage::Fr => self.fr.as_deref(),
            LabelLanguage::Pt => self.pt.as_deref(),
        };
        label.unwrap_or(&self.en)
    }
}

/// A language labels can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelLanguage {
    Es,
    En,
    Fr,
    Pt,
}

impl LabelLanguage {
    pub const ALL: [LabelLanguage; 4] = [Self::Es, Self::En, Self::Fr, Self::Pt];
    /// The directorate's language, when the client asks for none it has.
    pub const DEFAULT: LabelLanguage = LabelLanguage::Es;

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es => "es",
            Self::En => "en",
            Self::Fr => "fr",
            Self::Pt => "pt",
        }
    }

    /// The first language of an `Accept-Language` header (RFC 9110: by quality, then
    /// order; `pt-BR` is `pt`) that labels come in.
    pub fn from_accept_language(header: &str) -> Option<LabelLanguage> {
        crate::l10n::accepted_ranges(header)
            .into_iter()
            .find_map(|tag| {
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                Self::ALL.into_iter().find(|l| l.as_str() == primary)
            })
    }
}

/// One code of a codelist.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"code": "31166", "label": "Agricultural extension", "labels": {"en": "Agricultural extension", "es": null, "fr": "Vulgarisation agricole", "pt": null}, "status": "active", "category": "311"}))]
pub struct CodelistItem {
    pub code: String,
    /// The label in the language asked for (`lang`, else `Accept-Language`, else
    /// Spanish), or the English one where there is none in it.
    #[schema(example = "Agricultural extension")]
    pub label: String,
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
            label: e.en.clone(),
            labels: Labels::of(e),
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
                label: en.to_owned(),
                labels: Labels::en_es(en, es),
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
    lists: HashMap<(&'static str, LabelLanguage), Rendered>,
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
    let mut lists = HashMap::new();
    for mut document in documents {
        for language in LabelLanguage::ALL {
            for item in &mut document.items {
                item.label = item.labels.in_language(language).to_owned();
            }
            lists.insert((document.name, language), render(&document));
        }
    }
    Rendition {
        index: render(&index),
        lists,
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

/// The names `/codelists/{name}` serves.
pub fn names() -> Vec<&'static str> {
    documents().iter().map(|d| d.name).collect()
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

/// The language of the labels.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LabelQuery {
    /// The language of each code's `label` (es, en, fr or pt); without it, the first of
    /// `Accept-Language` that labels come in, else Spanish. Every language stays in
    /// `labels`: choosing one hides nothing.
    pub lang: Option<LabelLanguage>,
}

/// Get a codelist
///
/// Every code with its labels in English, Spanish, French and Portuguese where the
/// reference data has them, `label` in the language asked for (`lang` or
/// `Accept-Language`, falling back to English where a code has no label in it), and its
/// status. Withdrawn codes stay listed (old records use them) but are refused in new data.
#[utoipa::path(
    tag = TAG,
    params(("name" = String, Path, description = "Codelist name, as listed by GET /api/v1/codelists",
        example = "countries"), LabelQuery,
        ("Accept-Language" = Option<String>, Header, description = "Used for `label` when `lang` is not given, e.g. \"pt-BR, en;q=0.5\"")),
    responses(
        (status = 200, description = "The codelist", body = CodelistDocument,
            headers(("ETag" = String, description = "Changes only with a new release and with the language of `label`"),
                    ("Cache-Control" = String, description = "private, max-age=3600"),
                    ("Content-Language" = String, description = "The language of `label`"),
                    ("Vary" = String, description = "Accept-Language"))),
        (status = 304, description = "Not modified since the ETag named by If-None-Match"),
        (status = 404, description = "No codelist by that name", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/codelists/{name}")]
pub async fn get_codelist(
    _caller: Caller,
    req: HttpRequest,
    query: QueryParams<LabelQuery>,
) -> Result<HttpResponse, ApiError> {
    let name = req.match_info().get("name").unwrap_or_default();
    let language = query.0.lang.unwrap_or_else(|| {
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(LabelLanguage::from_accept_language)
            .unwrap_or(LabelLanguage::DEFAULT)
    });
    match RENDITION.lists.get(&(name, language)) {
        Some(rendered) => {
            let mut response = cached(&req, rendered);
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_LANGUAGE,
                header::HeaderValue::from_static(language.as_str()),
            );
            headers.insert(
                header::VARY,
                header::HeaderValue::from_static("Accept-Language"),
            );
            Ok(response)
        }
        None => Err(ApiError::not_found(crate::msg!(
            "codelist-not-found",
            name = format!("{name:?}")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::LabelLanguage::{self, *};

    #[test]
    fn accept_language_picks_by_quality_then_order() {
        let pick = LabelLanguage::from_accept_language;
        assert_eq!(pick("pt-BR"), Some(Pt));
        assert_eq!(pick("de, fr;q=0.4, en;q=0.6"), Some(En));
        assert_eq!(pick("FR-ca, es"), Some(Fr));
        assert_eq!(pick("es;q=0, fr;q=0.1"), Some(Fr));
        assert_eq!(pick("de, *"), None);
        assert_eq!(pick("en;q=abc, pt"), Some(Pt));
        assert_eq!(pick(""), None);
        assert_eq!(pick(&"de,".repeat(10_000)), None);
        // Read as `l10n::accepted_ranges` reads every Accept-Language: the parameter's
        // name in either case (RFC 9110 §5.6.6), a quality that is not a number left out.
        assert_eq!(pick("es;Q=0.1, fr;Q=0.2"), Some(Fr));
        assert_eq!(pick("es;q=inf, pt;q=0.5"), Some(Pt));
    }
}
