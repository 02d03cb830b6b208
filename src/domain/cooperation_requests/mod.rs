//! Cooperation requests: a partner ministry's demand for cooperation, from the moment the
//! directorate receives it (an embassy note, a joint commission, directly, through a
//! multilateral) until a project is formulated from it or it is closed.
//!
//! A request is a cooperation record (versions, review, history, change feed, access by
//! visibility and participation: its requesting organisation takes part) with a pipeline
//! of its own beside the review workflow (`pipeline`): each move is an operation of the
//! directorate's with `If-Match`, recorded as its own action. The directorate's
//! assessment (consultations of national institutions, internal notes) is not part of the
//! record: it is kept apart (`assessment`) and served only to coordinators and admins, so
//! that no representation, change record, export or error message carries it.

mod assessment;
mod formulate;
mod kind;
mod matches;
mod pipeline;
mod query;
mod rules;

use chrono::NaiveDate;
use uuid::Uuid;
use validator::Validate;

use crate::closed_vocabulary::vocabulary;
use crate::domain::capacities::CapacityFormat;
use crate::domain::documents::{LocalisedText, text_schemas};
use crate::domain::match_codes::MatchCodes;
use crate::domain::matching::Demand;
use crate::domain::record::Record;
use crate::domain::vocabulary::Visibility;

pub use assessment::{
    Assessment, ConsultationAnswer, NewConsultation, NewNote, Note, NoteKind, add_consultation,
    add_note, assessment,
};
pub use formulate::{Formulate, Formulated, formulate};
pub use matches::matches;
pub use pipeline::{Decline, Move, PipelineComment, RequestMove, move_request};
pub use query::{
    CooperationRequestExportQuery, CooperationRequestFilters, CooperationRequestQuery,
    CooperationRequestStatsQuery, RequestDimension,
};

/// A cooperation request as the API returns it: its fields with the server's members.
pub type CooperationRequest = Record<CooperationRequestInput>;

vocabulary! {
    /// How a request reached the directorate.
    RequestChannel {
        EmbassyNote = "embassy_note", "Embassy note", "Nota de embajada";
        JointCommission = "joint_commission", "Joint commission", "Comisión mixta";
        Direct = "direct", "Direct request", "Solicitud directa";
        Multilateral = "multilateral", "Through a multilateral organisation", "A través de un organismo multilateral";
    }
}

vocabulary! {
    /// The directorate's priority for a request.
    RequestPriority {
        High = "high", "High", "Alta";
        Medium = "medium", "Medium", "Media";
        Low = "low", "Low", "Baja";
    }
}

vocabulary! {
    /// Where a request stands in the directorate's pipeline.
    RequestStatus {
        Received = "received", "Received", "Recibida";
        UnderAssessment = "under_assessment", "Under assessment", "En evaluación";
        Accepted = "accepted", "Accepted", "Aceptada";
        Declined = "declined", "Declined", "Rechazada";
        Formulated = "formulated", "Formulated as a project", "Formulada como proyecto";
        Closed = "closed", "Closed", "Cerrada";
    }
}

vocabulary! {
    /// Why a request was declined.
    DeclineReason {
        OutsidePriorities = "outside_priorities", "Outside the cooperation priorities", "Fuera de las prioridades de cooperación";
        NoCapacityAvailable = "no_capacity_available", "No capacity available", "Sin capacidad disponible";
        Duplicate = "duplicate", "Duplicate of another request", "Duplicada";
        InsufficientInformation = "insufficient_information", "Insufficient information", "Información insuficiente";
        Other = "other", "Other", "Otra";
    }
}

/// Where a new request starts.
fn received() -> RequestStatus {
    RequestStatus::Received
}

crate::domain::documents::cooperation_input! {
    /// A cooperation request as clients send it. `country`, `status`, `decline_reason`,
    /// `comment_to_requester` and `project_id` are the server's (read-only: what a body
    /// says of them is ignored); `priority` is the directorate's.
    #[schema(example = json!({
        "requesting_organisation": "0193a6a0-0001-7000-8000-00000000000a",
        "channel": "joint_commission",
        "title": {"es": "Fortalecimiento de la vigilancia epidemiológica de la fiebre aftosa"},
        "problem_statement": {"es": "El servicio sanitario necesita mejorar la detección temprana de brotes en zonas de frontera."},
        "expected_results": {"es": "Protocolos de vigilancia activa y un laboratorio de diagnóstico acreditado."},
        "target_population": {"es": "Veterinarios oficiales y productores ganaderos de frontera."},
        "sectors": ["31195"], "sdg_targets": ["2.4"],
        "formats": ["expert_mission", "training_course"], "languages": ["es"],
        "desired_start_from": "2027-03-01", "desired_start_to": "2027-06-30",
        "priority": null, "visibility": "restricted"
    }))]
    pub struct CooperationRequestInput {
        /// The organisation asking (a partner ministry or agency); its partners follow the
        /// request.
        pub requesting_organisation: Uuid,
        pub channel: RequestChannel,
        /// The title per language (ISO 639-1 codes); the `default_language`'s is required,
        /// each at most 300 characters.
        #[schema(schema_with = text_schemas::title_300)]
        pub title: LocalisedText,
        /// The problem the requester wants help with, per language (each at most 20,000
        /// characters).
        #[schema(schema_with = text_schemas::description_20000)]
        pub problem_statement: LocalisedText,
        /// What the requester expects to achieve, per language.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub expected_results: Option<LocalisedText>,
        /// Who is to benefit, per language.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub target_population: Option<LocalisedText>,
        /// DAC 5-digit sectors (at least one).
        #[validate(length(max = 20))]
        #[schema(schema_with = crate::validation::code_arrays::dac5_sectors)]
        pub sectors: Vec<String>,
        /// SDG targets such as "2.3".
        #[serde(default)]
        #[validate(length(max = 169))]
        #[schema(schema_with = crate::validation::code_arrays::any_sdg_targets)]
        pub sdg_targets: Vec<String>,
        /// The ways of sharing the requester prefers (none: any).
        #[serde(default)]
        #[validate(length(max = 6))]
        #[schema(max_items = 6)]
        pub formats: Vec<CapacityFormat>,
        /// The languages the requester prefers to work in (at least one).
        #[validate(length(max = 20))]
        #[schema(schema_with = crate::validation::code_arrays::preferred_languages)]
        pub languages: Vec<String>,
        /// The earliest start the requester wishes for.
        #[serde(default)]
        pub desired_start_from: Option<NaiveDate>,
        /// The latest start the requester wishes for (not before `desired_start_from`).
        #[serde(default)]
        pub desired_start_to: Option<NaiveDate>,
        /// The directorate's priority: set by coordinators and admins only (a partner's
        /// write that sets or changes it is refused, 403).
        #[serde(default)]
        pub priority: Option<RequestPriority>,
        pub visibility: Visibility,
        /// The requesting organisation's country (ISO 3166-1), the request's country: set
        /// by the server from the organisation when the request is written (null for an
        /// organisation without a country).
        #[serde(default)]
        #[schema(read_only, min_length = 2, max_length = 2, pattern = "^[A-Z]{2}$", example = "BO")]
        pub country: Option<String>,
        /// Where the request stands in the pipeline: changed only by its operations
        /// (`assess`, `accept`, `decline`, `formulate`, `close`).
        #[serde(default = "received")]
        #[schema(read_only)]
        pub status: RequestStatus,
        /// Why it was declined (set by `decline`).
        #[serde(default)]
        #[schema(read_only)]
        pub decline_reason: Option<DeclineReason>,
        /// The directorate's last comment addressed to the requester (set by the pipeline's
        /// operations; what the requester reads).
        #[serde(default)]
        #[schema(read_only, max_length = 2000)]
        pub comment_to_requester: Option<String>,
        /// The project formulated from it (set by `formulate`).
        #[serde(default)]
        #[schema(read_only)]
        pub project_id: Option<Uuid>,
    }
}

impl CooperationRequestInput {
    /// The codes it is matched on.
    pub fn codes(&self) -> MatchCodes<'_> {
        MatchCodes {
            sectors: &self.sectors,
            sdg_targets: &self.sdg_targets,
            formats: &self.formats,
            languages: &self.languages,
        }
    }

    /// The request as matching reads it: its codes, its country and its texts in every
    /// language (the title, problem statement, expected results and target population).
    pub fn demand(&self) -> Demand {
        let texts = [
            Some(&self.title),
            Some(&self.problem_statement),
            self.expected_results.as_ref(),
            self.target_population.as_ref(),
        ]
        .into_iter()
        .flatten()
        .flat_map(|text| text.values().cloned())
        .collect();
        Demand {
            sectors: self.sectors.clone(),
            sdg_targets: self.sdg_targets.clone(),
            formats: self.formats.clone(),
            languages: self.languages.clone(),
            country: self.country.clone(),
            texts,
        }
    }
}
