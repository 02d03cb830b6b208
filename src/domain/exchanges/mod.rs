//! Policy exchanges: the sharing of a public policy or experience between institutions —
//! a technical mission, a study visit, a workshop — with who offered, who received, who
//! took part, and what came of it.

mod kind;
mod query;
mod rules;

use chrono::NaiveDate;
use uuid::Uuid;
use validator::Validate;

use crate::closed_vocabulary::vocabulary;
use crate::domain::documents::{LocalisedText, text_schemas};
use crate::domain::record::Record;
use crate::domain::vocabulary::Visibility;

pub use query::{
    ExchangeDimension, ExchangeExportQuery, ExchangeFilters, ExchangeQuery, ExchangeStatsQuery,
};

/// A policy exchange as the API returns it: its fields with the server's members.
pub type PolicyExchange = Record<ExchangeInput>;

vocabulary! {
    /// How a policy or experience is shared.
    ExchangeFormat {
        TechnicalMission = "technical_mission", "Technical mission", "Misión técnica";
        StudyVisit = "study_visit", "Study visit", "Visita de estudio";
        Workshop = "workshop", "Workshop", "Taller";
        Seminar = "seminar", "Seminar", "Seminario";
        Internship = "internship", "Internship", "Pasantía";
        Secondment = "secondment", "Secondment", "Adscripción";
        VirtualExchange = "virtual_exchange", "Virtual exchange", "Intercambio virtual";
        DocumentExchange = "document_exchange", "Exchange of documents", "Intercambio de documentación";
    }
}

vocabulary! {
    /// Where an exchange stands.
    ExchangeStatus {
        Planned = "planned", "Planned", "Planificado";
        Completed = "completed", "Completed", "Realizado";
        Cancelled = "cancelled", "Cancelled", "Cancelado";
    }
}

crate::domain::documents::cooperation_input! {
    /// A policy exchange as clients send it.
    #[schema(example = json!({
        "title": {"es": "Intercambio sobre agricultura familiar", "pt": "Intercâmbio sobre agricultura familiar"}, "policy_area": "31166",
        "summary": {"es": "Visita de técnicos del MAG a estaciones experimentales del INTA."},
        "offering_organisations": ["0193a6a0-0001-7000-8000-000000000004"],
        "receiving_organisations": ["0193a6a0-0001-7000-8000-00000000000c"],
        "format": "study_visit", "start_date": "2025-04-01", "end_date": "2025-04-05",
        "host_country": "AR", "participants_total": 12, "participants_women": 7,
        "expert_days": 10, "outcomes": null, "lessons_learned": null, "sdg_goals": [2],
        "status": "planned", "project_id": null, "partnership_id": null, "visibility": "public"
    }))]
    pub struct ExchangeInput {
        /// The title per language (ISO 639-1 codes); the `default_language`'s is required,
        /// each at most 300 characters.
        #[schema(schema_with = text_schemas::title_300)]
        pub title: LocalisedText,
        /// The policy area: a DAC 5-digit sector.
        #[schema(min_length = 5, max_length = 5, example = "31166")]
        pub policy_area: String,
        /// Per language, each at most 20,000 characters.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub summary: Option<LocalisedText>,
        /// Institutions sharing their policy or experience (at least one).
        #[validate(length(max = 50))]
        #[schema(min_items = 1, max_items = 50)]
        pub offering_organisations: Vec<Uuid>,
        /// Institutions learning from it (at least one; none also offering).
        #[validate(length(max = 50))]
        #[schema(min_items = 1, max_items = 50)]
        pub receiving_organisations: Vec<Uuid>,
        pub format: ExchangeFormat,
        pub start_date: NaiveDate,
        pub end_date: NaiveDate,
        /// Where it takes place (ISO 3166-1 alpha-2); none for virtual exchanges.
        #[serde(default)]
        #[schema(min_length = 2, max_length = 2, example = "AR")]
        pub host_country: Option<String>,
        #[serde(default)]
        #[validate(range(max = 100000))]
        #[schema(maximum = 100000)]
        pub participants_total: Option<u32>,
        /// Women among the participants; at most `participants_total`.
        #[serde(default)]
        #[validate(range(max = 100000))]
        #[schema(maximum = 100000)]
        pub participants_women: Option<u32>,
        #[serde(default)]
        #[validate(range(max = 1000000))]
        #[schema(maximum = 1000000)]
        pub expert_days: Option<u32>,
        /// What came of it, per language (each at most 20,000 characters); required to mark
        /// the exchange completed.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub outcomes: Option<LocalisedText>,
        /// Per language, each at most 20,000 characters.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub lessons_learned: Option<LocalisedText>,
        /// SDG goal numbers, 1 to 17.
        #[serde(default)]
        #[schema(max_items = 17)]
        pub sdg_goals: Vec<i32>,
        pub status: ExchangeStatus,
        /// The project it belongs to, if any.
        #[serde(default)]
        pub project_id: Option<Uuid>,
        /// The partnership it belongs to, if any.
        #[serde(default)]
        pub partnership_id: Option<Uuid>,
        pub visibility: Visibility,
    }
}
