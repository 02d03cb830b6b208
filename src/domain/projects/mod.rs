//! Projects: the unit of South-South or triangular cooperation (an IATI activity).
//!
//! `ProjectInput` is what clients send; `rules` checks it, `access` decides who may read
//! and write which project, and `operations` performs the writes (with their change
//! records) inside one transaction.

pub mod kind;
pub mod query;
pub mod rules;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::closed_vocabulary::vocabulary;
use crate::domain::documents::{LocalisedText, text_schemas};
pub use crate::domain::money::{Contribution, Money};
use crate::domain::record::Record;
use crate::domain::vocabulary::Visibility;

pub const MAX_RECIPIENTS: usize = 250;
pub const MAX_SECTORS: usize = 50;
pub const MAX_SDG_TARGETS: usize = 169;
pub const MAX_PARTICIPANTS: usize = 100;
pub const MAX_CONTRIBUTIONS: usize = 200;
pub const MAX_EXPERT_DAYS: u32 = 1_000_000;

vocabulary! {
    /// The kind of cooperation (SEGIB framework).
    Modality {
        BilateralSsc = "bilateral_ssc", "Bilateral South-South cooperation", "Cooperación Sur-Sur bilateral";
        Triangular = "triangular", "Triangular cooperation", "Cooperación triangular";
        RegionalSsc = "regional_ssc", "Regional South-South cooperation", "Cooperación Sur-Sur regional";
        Multilateral = "multilateral", "Multilateral cooperation", "Cooperación multilateral";
    }
}

vocabulary! {
    /// The size of the intervention.
    Instrument {
        Project = "project", "Project", "Proyecto";
        Action = "action", "Action", "Acción";
        Programme = "programme", "Programme", "Programa";
    }
}

vocabulary! {
    /// The part an organisation plays in a project.
    ParticipantRole {
        Provider = "provider", "Provider", "Oferente";
        Recipient = "recipient", "Recipient", "Receptor";
        Both = "both", "Provider and recipient", "Oferente y receptor";
        FirstProvider = "first_provider", "First provider (triangular)", "Primer oferente (triangular)";
        SecondProvider = "second_provider", "Second provider (triangular)", "Segundo oferente (triangular)";
        Implementing = "implementing", "Implementing organisation", "Organismo ejecutor";
        Funding = "funding", "Funding organisation", "Organismo financiador";
    }
}

/// A recipient country and its share of the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"country_code": "BO", "percentage": "100"}))]
pub struct CountryShare {
    /// ISO 3166-1 alpha-2 code.
    #[schema(min_length = 2, max_length = 2)]
    pub country_code: String,
    /// Percentage as a decimal string, up to 2 decimals; recipient countries and regions
    /// together sum to 100.
    #[schema(
        max_length = 6,
        pattern = r"^[0-9]{1,3}(\.[0-9]{1,2})?$",
        example = "100"
    )]
    pub percentage: String,
}

/// A recipient region (IATI Region, OECD DAC vocabulary) and its share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"region_code": "489", "percentage": "100"}))]
pub struct RegionShare {
    #[schema(min_length = 3, max_length = 3)]
    pub region_code: String,
    #[schema(
        max_length = 6,
        pattern = r"^[0-9]{1,3}(\.[0-9]{1,2})?$",
        example = "100"
    )]
    pub percentage: String,
}

/// A DAC 5-digit sector and its share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "31166", "percentage": "60"}))]
pub struct SectorShare {
    #[schema(min_length = 5, max_length = 5)]
    pub code: String,
    #[schema(
        max_length = 6,
        pattern = r"^[0-9]{1,3}(\.[0-9]{1,2})?$",
        example = "60"
    )]
    pub percentage: String,
}

/// An organisation and its role in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub organisation_id: Uuid,
    pub role: ParticipantRole,
}

crate::domain::documents::cooperation_input! {
    /// A project as clients send it (create, replace; a merge patch applies to this shape).
    #[schema(example = json!({
        "code": "FOAR-2026-0001",
        "iati_identifier": null,
        "title": {"es": "Fortalecimiento de la cadena láctea", "pt": "Fortalecimento da cadeia láctea"},
        "description": {"es": "Transferencia de tecnología a pequeños productores lecheros."},
        "objectives": {"es": "Mejorar la calidad y la inocuidad de la leche en el altiplano."},
        "modality": "bilateral_ssc",
        "instrument": "project",
        "status": 2,
        "visibility": "public",
        "approval_date": "2025-01-20",
        "planned_start": "2025-03-01",
        "planned_end": "2026-12-31",
        "actual_start": "2025-03-15",
        "actual_end": null,
        "recipient_countries": [{"country_code": "BO", "percentage": "100"}],
        "recipient_regions": [],
        "sectors": [{"code": "31166", "percentage": "60"}, {"code": "32165", "percentage": "40"}],
        "sdg_goals": [2, 8],
        "sdg_targets": ["2.3"],
        "participants": [
            {"organisation_id": "0193a6a0-0001-7000-8000-000000000005", "role": "provider"},
            {"organisation_id": "0193a6a0-0001-7000-8000-00000000000a", "role": "recipient"}
        ],
        "budget": {"amount": "125000.00", "currency": "USD"},
        "contributions": [
            {"organisation_id": "0193a6a0-0001-7000-8000-000000000005", "amount": "80000.00", "currency": "USD", "expert_days": 120}
        ],
        "partnership_id": null,
        "triangular_arrangement_id": null
    }))]
    pub struct ProjectInput {
        /// Human code, unique (letters, digits, '-', '_', '.', '/').
        #[validate(length(min = 1, max = 50))]
        #[schema(min_length = 1, max_length = 50, example = "FOAR-2026-0001")]
        pub code: String,
        /// IATI activity identifier, unique.
        #[serde(default)]
        #[validate(length(min = 3, max = 150))]
        #[schema(min_length = 3, max_length = 150)]
        pub iati_identifier: Option<String>,
        /// The title per language (ISO 639-1 codes); the `default_language`'s is required,
        /// each at most 500 characters.
        #[schema(schema_with = text_schemas::title_500)]
        pub title: LocalisedText,
        /// Per language, each at most 20,000 characters.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub description: Option<LocalisedText>,
        /// Per language, each at most 20,000 characters.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub objectives: Option<LocalisedText>,
        pub modality: Modality,
        pub instrument: Instrument,
        /// IATI ActivityStatus code, 1 (pipeline) to 6 (suspended).
        #[schema(minimum = 1, maximum = 6, example = 2)]
        pub status: i32,
        pub visibility: Visibility,
        #[serde(default)]
        pub approval_date: Option<NaiveDate>,
        pub planned_start: NaiveDate,
        pub planned_end: NaiveDate,
        /// Not in the future.
        #[serde(default)]
        pub actual_start: Option<NaiveDate>,
        /// Not in the future, and only with an actual start.
        #[serde(default)]
        pub actual_end: Option<NaiveDate>,
        #[serde(default)]
        #[validate(length(max = 250))]
        #[schema(max_items = 250)]
        pub recipient_countries: Vec<CountryShare>,
        #[serde(default)]
        #[validate(length(max = 250))]
        #[schema(max_items = 250)]
        pub recipient_regions: Vec<RegionShare>,
        #[validate(length(max = 50))]
        #[schema(min_items = 1, max_items = 50)]
        pub sectors: Vec<SectorShare>,
        /// SDG goal numbers, 1 to 17.
        #[serde(default)]
        #[schema(max_items = 17, example = json!([2, 8]))]
        pub sdg_goals: Vec<i32>,
        /// SDG targets such as "2.3"; each target's goal must be among `sdg_goals`.
        #[serde(default)]
        #[validate(length(max = 169))]
        #[schema(schema_with = crate::validation::code_arrays::sdg_targets)]
        pub sdg_targets: Vec<String>,
        #[validate(length(max = 100))]
        #[schema(min_items = 1, max_items = 100)]
        pub participants: Vec<Participant>,
        #[serde(default)]
        pub budget: Option<Money>,
        #[serde(default)]
        #[validate(length(max = 200), nested)]
        #[schema(max_items = 200)]
        pub contributions: Vec<Contribution>,
        #[serde(default)]
        pub partnership_id: Option<Uuid>,
        #[serde(default)]
        pub triangular_arrangement_id: Option<Uuid>,
        /// The capacities of the catalogue it draws on (each at most once): they make
        /// those capacities' track records.
        #[serde(default)]
        #[validate(length(max = 50))]
        #[schema(max_items = 50)]
        pub capacity_ids: Vec<Uuid>,
    }
}

impl ProjectInput {
    /// The members a create sets: every one that is not null or empty (what a create's
    /// change record lists as changed).
    pub fn present_fields(&self) -> Vec<String> {
        let present = [
            ("budget", self.budget.is_some()),
            ("capacity_ids", !self.capacity_ids.is_empty()),
            ("code", true),
            ("contributions", !self.contributions.is_empty()),
            ("default_language", true),
            ("description", self.description.is_some()),
            ("document_links", !self.document_links.is_empty()),
            ("iati_identifier", self.iati_identifier.is_some()),
            ("instrument", true),
            ("modality", true),
            ("objectives", self.objectives.is_some()),
            ("participants", !self.participants.is_empty()),
            ("partnership_id", self.partnership_id.is_some()),
            ("planned_end", true),
            ("planned_start", true),
            ("recipient_countries", !self.recipient_countries.is_empty()),
            ("recipient_regions", !self.recipient_regions.is_empty()),
            ("sdg_goals", !self.sdg_goals.is_empty()),
            ("sdg_targets", !self.sdg_targets.is_empty()),
            ("sectors", !self.sectors.is_empty()),
            ("status", true),
            ("title", true),
            (
                "triangular_arrangement_id",
                self.triangular_arrangement_id.is_some(),
            ),
            ("visibility", true),
            ("actual_end", self.actual_end.is_some()),
            ("actual_start", self.actual_start.is_some()),
            ("approval_date", self.approval_date.is_some()),
        ];
        let mut fields: Vec<String> = present
            .into_iter()
            .filter(|(_, set)| *set)
            .map(|(name, _)| name.to_owned())
            .collect();
        fields.sort();
        fields
    }
}

/// A project as the API returns it: its fields with the server's members.
pub type Project = Record<ProjectInput>;

impl ProjectInput {
    /// The organisations taking part, in any role.
    pub fn participant_organisations(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.participants.iter().map(|p| p.organisation_id)
    }

    /// The first and last day the project runs, planned or actual: its parts (results,
    /// activities) lie inside them.
    pub fn span(&self) -> (NaiveDate, NaiveDate) {
        let earliest = self
            .actual_start
            .map_or(self.planned_start, |s| s.min(self.planned_start));
        let latest = self
            .actual_end
            .map_or(self.planned_end, |e| e.max(self.planned_end));
        (earliest, latest)
    }
}
