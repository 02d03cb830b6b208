//! Reference codelists embedded in the binary (derived from the IATI 2.03 codelists and
//! the ISO 3166 country table by `scripts/derive_codelists.py`), with lookups that tell
//! validation whether a code exists and is still active.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CodeStatus {
    Active,
    /// Kept so that old records stay readable; refused for new data.
    Withdrawn,
}

/// One code of a codelist as stored in the embedded data files.
#[derive(Debug, Clone, Deserialize)]
pub struct CodeEntry {
    pub code: String,
    pub en: String,
    pub es: Option<String>,
    /// French, from the IATI codelists' narratives and UNTERM.
    #[serde(default)]
    pub fr: Option<String>,
    /// Portuguese, kept by hand for the small lists.
    #[serde(default)]
    pub pt: Option<String>,
    pub status: CodeStatus,
    /// Sectors: their 3-digit DAC category.
    #[serde(default)]
    pub category: Option<String>,
    /// SDG targets: their goal.
    #[serde(default)]
    pub goal: Option<String>,
    /// Currencies: ISO 4217 minor-unit digits.
    #[serde(default)]
    pub minor_unit: Option<u8>,
    /// Countries: the DAC region (Region codelist) of their UN M49 area.
    #[serde(default)]
    pub region: Option<String>,
}

impl CodeEntry {
    /// Its name in `language`; Portuguese falls back to Spanish (closer to it than
    /// English), the others to English.
    pub fn name_in(&self, language: crate::l10n::Language) -> String {
        use crate::l10n::Language;
        let name = match language {
            Language::En => None,
            Language::Es => self.es.as_ref(),
            Language::Pt => self.pt.as_ref().or(self.es.as_ref()),
            Language::Fr => self.fr.as_ref(),
        };
        name.unwrap_or(&self.en).clone()
    }
}

pub struct Codelist {
    pub name: &'static str,
    pub entries: Vec<CodeEntry>,
    index: HashMap<String, usize>,
}

impl Codelist {
    fn load(name: &'static str, json: &str) -> Self {
        let entries: Vec<CodeEntry> =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("embedded codelist {name}: {e}"));
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.clone(), i))
            .collect();
        Codelist {
            name,
            entries,
            index,
        }
    }

    pub fn get(&self, code: &str) -> Option<&CodeEntry> {
        self.index.get(code).map(|&i| &self.entries[i])
    }

    /// The entry for `code` when it exists and is active; otherwise a message for the
    /// client ("unknown …" or "… is withdrawn").
    pub fn active(&self, code: &str, what: &str) -> Result<&CodeEntry, crate::l10n::Message> {
        match self.get(code) {
            Some(entry) if entry.status == CodeStatus::Active => Ok(entry),
            Some(_) => Err(crate::messages::withdrawn_code(what, code)),
            None => Err(crate::messages::unknown_code(
                what,
                code,
                self.get(&code.to_uppercase()).is_some(),
            )),
        }
    }
}

macro_rules! embedded_codelist {
    ($fn_name:ident, $file:literal) => {
        pub fn $fn_name() -> &'static Codelist {
            static LIST: LazyLock<Codelist> = LazyLock::new(|| {
                Codelist::load($file, include_str!(concat!("data/", $file, ".json")))
            });
            &LIST
        }
    };
}

pub mod spaces;

embedded_codelist!(countries, "countries");
embedded_codelist!(regions, "regions");
embedded_codelist!(sectors, "sectors");
embedded_codelist!(sector_categories, "sector_categories");
embedded_codelist!(sdg_goals, "sdg_goals");
embedded_codelist!(sdg_targets, "sdg_targets");
embedded_codelist!(currencies, "currencies");
embedded_codelist!(activity_statuses, "activity_statuses");
embedded_codelist!(organisation_types, "organisation_types");
embedded_codelist!(languages, "languages");
embedded_codelist!(document_categories, "document_categories");
embedded_codelist!(file_formats, "file_formats");
embedded_codelist!(result_types, "result_types");
embedded_codelist!(indicator_measures, "indicator_measures");

/// IATI OrganisationType code of multilateral organisations.
pub const MULTILATERAL_ORGANISATION_TYPE: &str = "40";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lists_load_and_answer() {
        assert_eq!(
            countries().get("AR").unwrap().es.as_deref(),
            Some("Argentina")
        );
        assert!(countries().active("AN", "country code").is_err());
        assert!(countries().active("ZZ", "country code").is_err());
        assert_eq!(
            sectors().get("31166").unwrap().category.as_deref(),
            Some("311")
        );
        assert_eq!(sdg_targets().get("2.3").unwrap().goal.as_deref(), Some("2"));
        assert_eq!(currencies().get("JPY").unwrap().minor_unit, Some(0));
        assert_eq!(currencies().get("USD").unwrap().minor_unit, Some(2));
        assert_eq!(
            organisation_types().get("10").unwrap().es.as_deref(),
            Some("Gobierno")
        );
        assert_eq!(sdg_goals().entries.len(), 17);
        assert_eq!(
            countries().get("BO").unwrap().region.as_deref(),
            Some("489")
        );
        assert_eq!(
            countries().get("HT").unwrap().region.as_deref(),
            Some("1031")
        );
        assert_eq!(
            countries().get("MZ").unwrap().region.as_deref(),
            Some("1027")
        );
        assert_eq!(
            countries().get("VN").unwrap().region.as_deref(),
            Some("789")
        );
        for country in &countries().entries {
            if let Some(region) = &country.region {
                assert!(
                    regions().get(region).is_some(),
                    "{}: {region}",
                    country.code
                );
            }
        }
    }
}
