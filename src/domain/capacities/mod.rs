//! Capacities: what an institution can share with partner countries — its experts,
//! courses, internships and tools — in a catalogue that cooperation requests are matched
//! against. Partners of an offering organisation keep their own; the directorate reviews
//! them; the projects that draw on a capacity make its track record.

mod kind;
mod query;
mod rules;
mod track_record;

use uuid::Uuid;
use validator::Validate;

use crate::closed_vocabulary::vocabulary;
use crate::domain::documents::{LocalisedText, text_schemas};
pub use crate::domain::match_codes::CapacityFormat;
use crate::domain::match_codes::MatchCodes;
use crate::domain::record::Record;
use crate::domain::vocabulary::Visibility;

pub use query::{
    CapacityDimension, CapacityExportQuery, CapacityFilters, CapacityQuery, CapacityStatsQuery,
};
pub use track_record::{DeliveredProject, TrackRecord, track_record};

/// A capacity as the API returns it: its fields with the server's members.
pub type Capacity = Record<CapacityInput>;

vocabulary! {
    /// Whether a capacity is offered now.
    CapacityStatus {
        Active = "active", "Active", "Activa";
        Paused = "paused", "Paused", "En pausa";
        Retired = "retired", "Retired", "Retirada";
    }
}

crate::domain::documents::cooperation_input! {
    /// A capacity as clients send it.
    #[schema(example = json!({
        "offering_organisations": ["0193a6a0-0001-7000-8000-000000000004"],
        "title": {"es": "Mejoramiento genético de pasturas", "en": "Pasture genetic improvement"},
        "description": {"es": "Selección y evaluación de forrajeras adaptadas a sequía en estaciones experimentales."},
        "what_partners_learn": {"es": "Protocolos de ensayo, bancos de germoplasma y registro de cultivares."},
        "sectors": ["31182", "31166"], "sdg_targets": ["2.4"],
        "formats": ["expert_mission", "training_course"], "languages": ["es", "en"],
        "typical_duration_days": 10, "experts_available": 4, "in_kind_expert_days": 40,
        "status": "active", "visibility": "public"
    }))]
    pub struct CapacityInput {
        /// The institutions that offer it (at least one); their partners keep it.
        #[validate(length(max = 50))]
        #[schema(min_items = 1, max_items = 50)]
        pub offering_organisations: Vec<Uuid>,
        /// The title per language (ISO 639-1 codes); the `default_language`'s is required,
        /// each at most 300 characters.
        #[schema(schema_with = text_schemas::title_300)]
        pub title: LocalisedText,
        /// What the institution knows and does, per language (each at most 20,000
        /// characters).
        #[schema(schema_with = text_schemas::description_20000)]
        pub description: LocalisedText,
        /// What a partner's staff take home, per language (each at most 20,000 characters).
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub what_partners_learn: Option<LocalisedText>,
        /// DAC 5-digit sectors (at least one).
        #[validate(length(max = 20))]
        #[schema(schema_with = crate::validation::code_arrays::dac5_sectors)]
        pub sectors: Vec<String>,
        /// SDG targets such as "2.3".
        #[serde(default)]
        #[validate(length(max = 169))]
        #[schema(schema_with = crate::validation::code_arrays::any_sdg_targets)]
        pub sdg_targets: Vec<String>,
        /// How it is shared (at least one).
        #[validate(length(max = 6))]
        #[schema(min_items = 1, max_items = 6)]
        pub formats: Vec<CapacityFormat>,
        /// The languages its experts work in (ISO 639-1, at least one).
        #[validate(length(max = 20))]
        #[schema(schema_with = crate::validation::code_arrays::working_languages)]
        pub languages: Vec<String>,
        /// How long an engagement usually lasts, in days.
        #[serde(default)]
        #[validate(range(min = 1, max = 3650))]
        #[schema(minimum = 1, maximum = 3650)]
        pub typical_duration_days: Option<u32>,
        /// How many experts can take part at a time.
        #[serde(default)]
        #[validate(range(max = 10000))]
        #[schema(maximum = 10000)]
        pub experts_available: Option<u32>,
        /// What the institution contributes in kind per engagement, in expert days.
        #[serde(default)]
        #[validate(range(max = 1000000))]
        #[schema(maximum = 1000000)]
        pub in_kind_expert_days: Option<u32>,
        pub status: CapacityStatus,
        pub visibility: Visibility,
    }
}

impl CapacityInput {
    /// The codes it is matched on.
    pub fn codes(&self) -> MatchCodes<'_> {
        MatchCodes {
            sectors: &self.sectors,
            sdg_targets: &self.sdg_targets,
            formats: &self.formats,
            languages: &self.languages,
        }
    }
}
