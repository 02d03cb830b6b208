//! Partnerships: cooperation frameworks — a joint commission or MoU with one country
//! (bilateral), an agreement inside an integration space (regional), a forum between
//! regions (inter-regional), or a framework with a multilateral organisation.

mod kind;
mod query;
mod rules;

use std::collections::HashSet;

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::closed_vocabulary::vocabulary;
use crate::codelists::spaces::{SpaceKind, integration_space};
use crate::codelists::{self, MULTILATERAL_ORGANISATION_TYPE};
use crate::db::DbConnection;
use crate::domain::documents::{
    LocalisedMember, LocalisedText, SharedParts, all_texts, text_in, text_schemas,
};
use crate::domain::kinds::ResourceKind;
use crate::domain::record::{CooperationKind, NoDerived, Record, RecordKind, ReviewedMeta};
use crate::domain::vocabulary::{AgreementStatus, Visibility};
use crate::error::{ApiError, FieldError};
use crate::store::organisations as org_store;
use crate::store::partnerships::{PartnershipColumns, PartnershipRow, Partnerships};
use crate::text::search_text;
use crate::validation::Violations;

pub use query::{PartnershipExportQuery, PartnershipFilters, PartnershipQuery};
pub use rules::{check_agreement_dates, reference_date};

/// A partnership as the API returns it: its fields with the server's members.
pub type Partnership = Record<PartnershipInput>;

vocabulary! {
    /// The reach of a partnership.
    PartnershipScope {
        Bilateral = "bilateral", "Bilateral", "Bilateral";
        Regional = "regional", "Regional (inside an integration space)", "Regional (en un espacio de integración)";
        Interregional = "interregional", "Inter-regional (a forum between regions)", "Interregional (foro entre regiones)";
        Multilateral = "multilateral", "Multilateral (with an international organisation)", "Multilateral (con un organismo internacional)";
    }
}

vocabulary! {
    /// The legal or political instrument of an agreement.
    AgreementInstrument {
        JointCommissionMinutes = "joint_commission_minutes", "Joint commission minutes", "Acta de comisión mixta";
        MemorandumOfUnderstanding = "memorandum_of_understanding", "Memorandum of understanding", "Memorando de entendimiento";
        FrameworkAgreement = "framework_agreement", "Framework agreement", "Acuerdo marco";
        TechnicalCooperationAgreement = "technical_cooperation_agreement", "Technical cooperation agreement", "Convenio de cooperación técnica";
        LetterOfIntent = "letter_of_intent", "Letter of intent", "Carta de intención";
        ExchangeOfNotes = "exchange_of_notes", "Exchange of notes", "Canje de notas";
    }
}

vocabulary! {
    /// The part an organisation plays in a partnership.
    PartyRole {
        Party = "party", "Party (signatory)", "Parte (firmante)";
        Coordinator = "coordinator", "Coordinator", "Coordinador";
        Observer = "observer", "Observer", "Observador";
    }
}

/// An organisation and its role in a partnership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub organisation_id: Uuid,
    pub role: PartyRole,
}

crate::domain::documents::cooperation_input! {
    /// A partnership as clients send it.
    #[schema(example = json!({
        "title": {"es": "Comisión Mixta Argentina-Bolivia", "pt": "Comissão Mista Argentina-Bolívia"}, "scope": "bilateral", "space": null,
        "parties": [
            {"organisation_id": "0193a6a0-0001-7000-8000-000000000002", "role": "party"},
            {"organisation_id": "0193a6a0-0001-7000-8000-00000000000b", "role": "party"}
        ],
        "instrument": "joint_commission_minutes", "signed_on": "2023-09-01",
        "valid_from": "2023-09-01", "valid_until": "2025-08-31", "status": "active",
        "sectors": ["311"], "description": {"es": "Programa de cooperación técnica 2023-2025."}, "visibility": "public"
    }))]
    pub struct PartnershipInput {
        /// The title per language (ISO 639-1 codes); the `default_language`'s is required,
        /// each at most 300 characters.
        #[schema(schema_with = text_schemas::title_300)]
        pub title: LocalisedText,
        pub scope: PartnershipScope,
        /// Integration space or forum (see `GET /api/v1/codelists/integration_spaces`):
        /// required for regional and inter-regional partnerships, none otherwise.
        #[serde(default)]
        #[schema(example = "mercosur", max_length = 50)]
        pub space: Option<String>,
        #[validate(length(max = 100))]
        #[schema(min_items = 1, max_items = 100)]
        pub parties: Vec<Party>,
        pub instrument: AgreementInstrument,
        /// Required once the partnership is no longer a draft; the date at which regional
        /// membership is checked.
        #[serde(default)]
        pub signed_on: Option<NaiveDate>,
        #[serde(default)]
        pub valid_from: Option<NaiveDate>,
        #[serde(default)]
        pub valid_until: Option<NaiveDate>,
        pub status: AgreementStatus,
        /// Thematic sectors: DAC 3-digit categories or 5-digit sectors.
        #[serde(default)]
        #[validate(length(max = 50))]
        #[schema(schema_with = crate::validation::code_arrays::dac_sectors)]
        pub sectors: Vec<String>,
        /// Per language, each at most 20,000 characters.
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_20000)]
        pub description: Option<LocalisedText>,
        pub visibility: Visibility,
    }
}
