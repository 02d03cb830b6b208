//! Activities of a project: the missions, courses, internships, visits, meetings and
//! deliveries it is carried out by, with what each costs and who pays it (planned, then
//! executed). Like its results, a project's activities are one sub-resource
//! (`/projects/{id}/activities`) with versions of their own: read by whoever may read the
//! project, written by whoever may write it, every version a change record of kind
//! `project_activities` (history and change feed) whose audience is the project's. They
//! are not reviewed: what was executed counts once saved.

mod operations;
mod rules;

pub use operations::{bounds, payers_of};
pub use rules::check_within;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::closed_vocabulary::vocabulary;
use crate::domain::documents::LocalisedText;

/// The most activities of one project.
pub const MAX_ACTIVITIES: usize = 200;
/// The longest description, outcome or cancellation reason, per language.
pub const MAX_TEXT_CHARS: usize = 4000;

vocabulary! {
    /// What an activity is.
    ActivityKind {
        ExpertMission = "expert_mission", "Expert mission", "Misión de expertos";
        TrainingCourse = "training_course", "Training course", "Curso de capacitación";
        Internship = "internship", "Internship", "Pasantía";
        StudyVisit = "study_visit", "Study visit", "Visita de estudio";
        VirtualMeeting = "virtual_meeting", "Virtual meeting", "Reunión virtual";
        EquipmentDelivery = "equipment_delivery", "Equipment delivery", "Entrega de equipamiento";
        Other = "other", "Other", "Otra";
    }
}

vocabulary! {
    /// Where an activity stands.
    ActivityStatus {
        Planned = "planned", "Planned", "Planificada";
        Done = "done", "Done", "Realizada";
        Postponed = "postponed", "Postponed", "Postergada";
        Cancelled = "cancelled", "Cancelled", "Cancelada";
    }
}

vocabulary! {
    /// What a cost pays for.
    CostCategory {
        AirTickets = "air_tickets", "Air tickets", "Pasajes aéreos";
        PerDiem = "per_diem", "Per diem", "Viáticos";
        LocalCosts = "local_costs", "Local costs", "Gastos locales";
        Materials = "materials", "Materials", "Materiales";
        Other = "other", "Other", "Otros";
    }
}

vocabulary! {
    /// Whether a cost is foreseen or was spent.
    CostStage {
        Planned = "planned", "Planned", "Planificado";
        Executed = "executed", "Executed", "Ejecutado";
    }
}

/// A project's activities, as written: the whole set replaces the previous one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"activities": [activity_example()]}))]
pub struct ActivitiesInput {
    /// At most 200 activities, in the order they are reported.
    #[validate(length(max = 200), nested)]
    #[schema(max_items = 200)]
    pub activities: Vec<Activity>,
}

/// One activity of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!(activity_example()))]
pub struct Activity {
    pub kind: ActivityKind,
    /// ISO 3166-1 alpha-2 code of the country the participants travel from (or connect
    /// from); null when no one travels.
    #[serde(default)]
    #[schema(min_length = 2, max_length = 2, example = "AR")]
    #[validate(length(max = 2))]
    pub from_country: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country the activity takes place in.
    #[serde(default)]
    #[schema(min_length = 2, max_length = 2, example = "BO")]
    #[validate(length(max = 2))]
    pub to_country: Option<String>,
    /// Inside the project's dates.
    #[schema(example = "2025-04-07")]
    pub planned_start: NaiveDate,
    /// On or after `planned_start`, inside the project's dates.
    #[schema(example = "2025-04-11")]
    pub planned_end: NaiveDate,
    /// Only when done (then required), inside the project's dates.
    #[serde(default)]
    pub actual_start: Option<NaiveDate>,
    /// Only when done (then required), on or after `actual_start`.
    #[serde(default)]
    pub actual_end: Option<NaiveDate>,
    /// `planned`, `done`, `postponed` or `cancelled` (with a `cancellation_reason`).
    pub status: ActivityStatus,
    /// Why it was cancelled: required when cancelled, only then.
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub cancellation_reason: Option<LocalisedText>,
    /// How many people take part.
    #[serde(default)]
    #[schema(maximum = 100000)]
    #[validate(range(max = 100_000))]
    pub participants_total: Option<u32>,
    /// How many of them are women: not more than `participants_total`.
    #[serde(default)]
    #[schema(maximum = 100000)]
    #[validate(range(max = 100_000))]
    pub participants_women: Option<u32>,
    /// The institutions the participants come from, by name (at most 50).
    #[serde(default)]
    #[schema(schema_with = institutions_schema)]
    #[validate(length(max = 50))]
    pub institutions: Vec<String>,
    /// Days of expert work the activity takes (planned; executed once done).
    #[serde(default)]
    #[schema(maximum = 100000)]
    #[validate(range(max = 100_000))]
    pub expert_days: Option<u32>,
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub description: Option<LocalisedText>,
    /// What came of it (once done).
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub outcome: Option<LocalisedText>,
    /// What it costs and who pays: at most 50. Executed costs only when done.
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub costs: Vec<ActivityCost>,
}

/// The longest institution name.
pub const MAX_INSTITUTION_CHARS: usize = 300;

fn institutions_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    use utoipa::openapi::{RefOr, Schema};
    ArrayBuilder::new()
        .description(Some(
            "The institutions the participants come from, by name (at most 50, each 1 to 300 characters).",
        ))
        .items(RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(MAX_INSTITUTION_CHARS))
                .build(),
        )))
        .max_items(Some(50))
        .examples([serde_json::json!(["INTA"])])
        .build()
}

/// One cost of an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ActivityCost {
    pub category: CostCategory,
    /// A decimal string with at most the currency's minor-unit digits.
    #[schema(
        max_length = 18,
        pattern = r"^[0-9]{1,13}(\.[0-9]{1,4})?$",
        example = "1450.00"
    )]
    #[validate(length(max = 18))]
    pub amount: String,
    /// ISO 4217 code.
    #[schema(min_length = 3, max_length = 3, example = "USD")]
    #[validate(length(max = 3))]
    pub currency: String,
    /// The organisation that pays it: a participant or contributor of the project.
    pub paying_organisation_id: Uuid,
    /// `planned` or `executed` (only when the activity is done).
    pub stage: CostStage,
}

fn optional_text_schema() -> utoipa::openapi::Object {
    crate::validation::code_arrays::optional_localised_text(
        MAX_TEXT_CHARS,
        serde_json::json!({"es": "Relevamiento de tambos en Cochabamba"}),
    )
}

fn activity_example() -> serde_json::Value {
    serde_json::json!({
        "kind": "expert_mission",
        "from_country": "AR",
        "to_country": "BO",
        "planned_start": "2025-04-07",
        "planned_end": "2025-04-11",
        "actual_start": "2025-04-07",
        "actual_end": "2025-04-12",
        "status": "done",
        "cancellation_reason": null,
        "participants_total": 24,
        "participants_women": 13,
        "institutions": ["INTA", "Ministerio de Desarrollo Rural y Tierras"],
        "expert_days": 10,
        "description": {"es": "Misión de dos técnicos del INTA a tambos de Cochabamba"},
        "outcome": {"es": "Diagnóstico de la cadena láctea validado"},
        "costs": [
            {"category": "air_tickets", "amount": "1450.00", "currency": "USD",
             "paying_organisation_id": "0193a6a0-0001-7000-8000-000000000005", "stage": "executed"},
            {"category": "local_costs", "amount": "3500.00", "currency": "BOB",
             "paying_organisation_id": "0193a6a0-0001-7000-8000-00000000000a", "stage": "executed"}
        ]
    })
}

/// A project's activities as read: the activities, their version (0 before any were
/// saved) and who saved them last.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "project_id": "0193a6a0-0002-7000-8000-000000000001",
    "version": 3,
    "updated_at": "2026-03-01T12:00:00Z",
    "updated_by": "joao.silva",
    "activities": [activity_example()]
}))]
pub struct ProjectActivities {
    pub project_id: Uuid,
    /// The activities' own version (their `ETag`), independent of the project's; 0
    /// while none have been saved.
    pub version: i64,
    /// When they were last saved; null at version 0.
    #[schema(required = true)]
    pub updated_at: Option<DateTime<Utc>>,
    /// `sub` of who saved them last; null at version 0.
    #[schema(required = true)]
    pub updated_by: Option<String>,
    pub activities: Vec<Activity>,
}
