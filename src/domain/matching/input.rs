//! A demand sent as it is, not yet a cooperation request: what the catalogue is searched
//! with before a request is recorded (`POST /capacities/matches`).

use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::codelists;
use crate::domain::capacities::CapacityFormat;
use crate::domain::matching::Demand;
use crate::error::ApiError;
use crate::validation::Violations;

/// What is needed: the request-to-be's codes, country and words.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "sectors": ["31120"], "sdg_targets": ["2.3"], "formats": ["expert_mission"],
    "languages": ["es"], "country": "BO",
    "text": "Mejorar la producción lechera de pequeños productores del altiplano."
}))]
pub struct DemandInput {
    /// DAC 5-digit sectors.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(schema_with = crate::validation::code_arrays::demanded_sectors)]
    pub sectors: Vec<String>,
    /// SDG targets such as "2.3".
    #[serde(default)]
    #[validate(length(max = 169))]
    #[schema(schema_with = crate::validation::code_arrays::any_sdg_targets)]
    pub sdg_targets: Vec<String>,
    /// The formats preferred.
    #[serde(default)]
    #[validate(length(max = 6))]
    #[schema(max_items = 6)]
    pub formats: Vec<CapacityFormat>,
    /// The languages preferred (ISO 639-1).
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(schema_with = crate::validation::code_arrays::demanded_languages)]
    pub languages: Vec<String>,
    /// The country asking (ISO 3166-1 alpha-2): experience there, or in its region,
    /// counts.
    #[serde(default)]
    #[schema(example = "BO", pattern = "^[A-Z]{2}$", max_length = 2)]
    pub country: Option<String>,
    /// What is needed, in words, in any language (at most 20,000 characters).
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub text: Option<String>,
}

impl DemandInput {
    /// The demand, or 422 with every violation: unknown codes, and nothing to match on
    /// (no sector, SDG target or text).
    pub fn check(self) -> Result<Demand, ApiError> {
        let mut v = Violations::of(&self);
        v.codes("sectors", codelists::sectors(), &self.sectors, "DAC sector");
        v.codes(
            "sdg_targets",
            codelists::sdg_targets(),
            &self.sdg_targets,
            "SDG target",
        );
        v.codes(
            "languages",
            codelists::languages(),
            &self.languages,
            "language",
        );
        if let Some(country) = &self.country {
            v.code("/country", codelists::countries(), country, "country code");
        }
        let text = self.text.filter(|t| !t.trim().is_empty());
        if self.sectors.is_empty() && self.sdg_targets.is_empty() && text.is_none() {
            v.add("", crate::msg!("matching-needs-criterion"));
        }
        v.into_result()?;
        Ok(Demand {
            sectors: self.sectors,
            sdg_targets: self.sdg_targets,
            formats: self.formats,
            languages: self.languages,
            country: self.country,
            texts: text.into_iter().collect(),
        })
    }
}
