//! The public catalogue (`GET /catalogue`, no token, with `SSC_CATALOGUE_PUBLIC=true`):
//! what a partner country browses. The capacities a viewer reads that are active — approved
//! versions of public capacities — with their codes labelled in the caller's language (es,
//! pt, en or fr) and the countries where they were delivered (public, approved projects),
//! newest first in pages as small as an anonymous caller may ask for: every page is a
//! bounded number of indexed reads (the page, the offering organisations' names, the
//! countries delivered), whatever the catalogue's size.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::codelists;
use crate::db::DbConnection;
use crate::domain::capacities::{Capacity, CapacityFormat, CapacityStatus};
use crate::domain::documents::{LocalisedText, text_schemas};
use crate::domain::filters;
use crate::domain::lists::ListRequest;
use crate::error::ApiError;
use crate::l10n::{Language, Message};
use crate::pagination::Cursors;
use crate::store::capacities::{Capacities, CapacityFilter};
use crate::store::catalogue as store;
use crate::store::organisations as org_store;
use crate::store::record_table;
use crate::store::snapshot::TimeKey;
use crate::store::visibility::{PUBLIC, ReadScope};

/// The largest page an anonymous caller gets.
pub const MAX_LIMIT: u32 = 50;
const DEFAULT_LIMIT: u32 = 20;
/// The cursors of this list (a cursor of another list is refused).
const CURSOR_KIND: &str = "catalogue";

/// Which page of the catalogue, and which capacities.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Page size, 1 to 50.
    #[param(minimum = 1, maximum = 50, default = 20)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(max_length = 1024)]
    pub cursor: Option<String>,
    /// A DAC sector (5 digits), or a category (3 digits) for all its sectors.
    pub sector: Option<String>,
    /// One of the ways it is shared.
    pub format: Option<CapacityFormat>,
    /// A language its experts work in (ISO 639-1).
    pub language: Option<String>,
}

/// A code with its name in the caller's language.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"code": "BO", "name": "Bolivia (Estado Plurinacional de)"}))]
pub struct Label {
    pub code: String,
    pub name: String,
}

/// An organisation offering a capacity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Offerer {
    pub id: Uuid,
    pub name: String,
}

/// A capacity as the public catalogue shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-0006-7000-8000-000000000001",
    "default_language": "es",
    "title": {"es": "Calidad e inocuidad en la cadena láctea", "en": "Quality and safety in the dairy chain"},
    "description": {"es": "Asistencia técnica a queserías y tambos pequeños: buenas prácticas de manufactura, análisis de leche y planes de inocuidad."},
    "what_partners_learn": {"es": "Protocolos de calidad de leche cruda, control de procesos en queserías y formación de técnicos locales."},
    "offering_organisations": [{"id": "0193a6a0-0001-7000-8000-000000000005", "name": "Instituto Nacional de Tecnología Industrial"}],
    "sectors": [{"code": "32161", "name": "Agro-industries"}, {"code": "31195", "name": "Livestock/veterinary services"}],
    "sdg_targets": ["2.3", "12.3"],
    "formats": [{"code": "expert_mission", "name": "misión de expertos"}, {"code": "training_course", "name": "curso de capacitación"}],
    "languages": [{"code": "es", "name": "Español"}, {"code": "pt", "name": "Portugués"}],
    "typical_duration_days": 14, "experts_available": 6, "in_kind_expert_days": 80,
    "delivered_in": [{"code": "BO", "name": "Bolivia (Estado Plurinacional de)"}]
}))]
pub struct CatalogueEntry {
    pub id: Uuid,
    /// The language its texts are first written in (ISO 639-1).
    pub default_language: String,
    /// Its title per language.
    #[schema(schema_with = text_schemas::title_300)]
    pub title: LocalisedText,
    /// What the institution knows and does, per language.
    #[schema(schema_with = text_schemas::description_20000)]
    pub description: LocalisedText,
    /// What a partner's staff take home, per language.
    #[schema(schema_with = text_schemas::text_20000)]
    pub what_partners_learn: Option<LocalisedText>,
    /// The institutions that offer it.
    pub offering_organisations: Vec<Offerer>,
    /// Its DAC 5-digit sectors, named.
    pub sectors: Vec<Label>,
    /// SDG targets such as "2.3".
    pub sdg_targets: Vec<String>,
    /// How it is shared, named.
    pub formats: Vec<Label>,
    /// The languages its experts work in, named.
    pub languages: Vec<Label>,
    pub typical_duration_days: Option<u32>,
    pub experts_available: Option<u32>,
    pub in_kind_expert_days: Option<u32>,
    /// Its track record: the recipient countries of the public projects that drew on it,
    /// named, in code order.
    pub delivered_in: Vec<Label>,
}

/// A page of the public catalogue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CataloguePage {
    pub items: Vec<CatalogueEntry>,
    /// The cursor of the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// The checked request for a page: its filters (active public capacities, and the
/// caller's), size and cursor. 400 for a malformed parameter, 422 for an unknown code.
pub fn request(
    cursors: &Cursors,
    query: &CatalogueQuery,
) -> Result<ListRequest<CapacityFilter, TimeKey>, ApiError> {
    let limit = match query.limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => n as usize,
        _ => {
            return Err(ApiError::bad_parameter(
                "limit",
                crate::msg!("limit-range", max = MAX_LIMIT.to_string()),
            ));
        }
    };
    let (sector, sector_category) = filters::sector(query.sector.as_deref())?;
    if let Some(language) = &query.language {
        filters::known(codelists::languages(), language, "language", "language")?;
    }
    let filter = CapacityFilter {
        sector,
        sector_category,
        format: query.format.map(CapacityFormat::as_str),
        language: query.language.clone(),
        status: Some(CapacityStatus::Active.as_str()),
        visibility: Some(PUBLIC),
        ..CapacityFilter::default()
    };
    ListRequest::of_size(cursors, CURSOR_KIND, filter, limit, query.cursor.as_deref())
}

/// One page of the catalogue, labelled in `language`.
pub fn page(
    conn: &mut DbConnection,
    request: ListRequest<CapacityFilter, TimeKey>,
    language: Language,
) -> Result<CataloguePage, ApiError> {
    // What a viewer reads: approved versions of public capacities.
    let page = request.serve(conn, |conn, filter, cursor, limit| {
        Ok(record_table::newest_first::<Capacities>(
            conn,
            filter,
            ReadScope::Public,
            cursor,
            limit,
        )?)
    })?;
    let capacities: Vec<Capacity> = page
        .items
        .iter()
        .map(|representation| serde_json::from_str(representation))
        .collect::<Result<_, _>>()
        .map_err(ApiError::internal)?;
    let mut organisations: Vec<String> = capacities
        .iter()
        .flat_map(|c| c.offering_organisations.iter().map(Uuid::to_string))
        .collect();
    organisations.sort();
    organisations.dedup();
    let names = org_store::names(conn, organisations)?;
    let ids: Vec<String> = capacities.iter().map(|c| c.id.to_string()).collect();
    let delivered = store::delivered_to(conn, &ids, None, ReadScope::Public)?;
    let labels = Labels { language };
    let items = capacities
        .into_iter()
        .map(|capacity| labels.entry(capacity, &names, &delivered))
        .collect();
    Ok(CataloguePage {
        items,
        next_cursor: page.next_cursor,
    })
}

/// Names codes in one language.
struct Labels {
    language: Language,
}

impl Labels {
    fn entry(
        &self,
        capacity: Capacity,
        names: &HashMap<String, String>,
        delivered: &HashMap<String, Vec<String>>,
    ) -> CatalogueEntry {
        let id = capacity.id;
        let countries = delivered
            .get(&id.to_string())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let fields = capacity.fields;
        CatalogueEntry {
            id,
            offering_organisations: fields
                .offering_organisations
                .iter()
                .map(|o| Offerer {
                    id: *o,
                    name: names.get(&o.to_string()).cloned().unwrap_or_default(),
                })
                .collect(),
            sectors: self.codes(codelists::sectors(), &fields.sectors),
            formats: fields
                .formats
                .iter()
                .map(|f| Label {
                    code: f.as_str().to_owned(),
                    name: format_name(*f).render(self.language),
                })
                .collect(),
            languages: self.codes(codelists::languages(), &fields.languages),
            delivered_in: self.codes(codelists::countries(), countries),
            default_language: fields.default_language,
            title: fields.title,
            description: fields.description,
            what_partners_learn: fields.what_partners_learn,
            sdg_targets: fields.sdg_targets,
            typical_duration_days: fields.typical_duration_days,
            experts_available: fields.experts_available,
            in_kind_expert_days: fields.in_kind_expert_days,
        }
    }

    fn codes(&self, list: &codelists::Codelist, codes: &[String]) -> Vec<Label> {
        codes
            .iter()
            .map(|code| Label {
                code: code.clone(),
                name: list
                    .get(code)
                    .map_or_else(|| code.clone(), |entry| entry.name_in(self.language)),
            })
            .collect()
    }
}

/// A format's name, from the catalogue of messages (the names matching's reasons use).
fn format_name(format: CapacityFormat) -> Message {
    Message::new(match format {
        CapacityFormat::ExpertMission => "matching-format-expert-mission",
        CapacityFormat::TrainingCourse => "matching-format-training-course",
        CapacityFormat::Internship => "matching-format-internship",
        CapacityFormat::StudyVisit => "matching-format-study-visit",
        CapacityFormat::RemoteAdvice => "matching-format-remote-advice",
        CapacityFormat::ToolsAndPublications => "matching-format-tools-and-publications",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_in_every_language() {
        for format in CapacityFormat::ALL {
            for language in [Language::Es, Language::Pt, Language::En, Language::Fr] {
                let name = format_name(*format).render(language);
                assert!(!name.is_empty() && !name.starts_with("matching-"), "{name}");
            }
        }
        assert_eq!(
            format_name(CapacityFormat::StudyVisit).render(Language::Pt),
            "visita de estudo"
        );
    }
}
