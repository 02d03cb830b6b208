//! Triangular arrangements: three-sided frameworks with first providers (the Southern
//! country sharing its experience), second providers (a traditional donor or multilateral
//! that facilitates and co-funds) and recipients. Projects can run under one.

mod kind;
mod query;
mod rules;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::closed_vocabulary::vocabulary;
use crate::db::DbConnection;
use crate::domain::documents::{
    LocalisedMember, LocalisedText, SharedParts, all_texts, text_in, text_schemas,
};
use crate::domain::kinds::ResourceKind;
use crate::domain::money::{
    Contribution, CurrencyTotal, check_contributions, contribution_rows, parse_amount, totals,
};
use crate::domain::organisations::{listed, unknown_organisations};
use crate::domain::partnerships::check_agreement_dates;
use crate::domain::projects::{ParticipantRole, Project};
use crate::domain::record::{self, CooperationKind, Record, RecordKind, ReviewedMeta};
use crate::domain::vocabulary::{AgreementStatus, Visibility};
use crate::error::ApiError;
use crate::store::arrangements::{ArrangementColumns, ArrangementRow, Arrangements};
use crate::store::projects as project_store;
use crate::text::search_text;
use crate::validation::Violations;

pub use query::{ArrangementExportQuery, ArrangementFilters, ArrangementQuery};

/// A triangular arrangement as the API returns it: its fields, the cost sharing totalled
/// by role, and the server's members.
pub type TriangularArrangement = Record<ArrangementInput>;

crate::closed_vocabulary::vocabulary! {
    /// The part an organisation plays in a triangular arrangement.
    ArrangementRole {
        FirstProvider = "first_provider", "First provider", "Primer oferente";
        SecondProvider = "second_provider", "Second provider", "Segundo oferente";
        Recipient = "recipient", "Recipient", "Receptor";
    }
}

vocabulary! {
    /// How the parties are bound.
    AgreementKind {
        Trilateral = "trilateral", "One trilateral agreement", "Un acuerdo trilateral";
        BilateralCombination = "bilateral_combination", "A combination of bilateral agreements", "Una combinación de acuerdos bilaterales";
    }
}

crate::domain::documents::cooperation_input! {
    /// A triangular arrangement as clients send it.
    #[schema(example = json!({
        "title": {"es": "Programa de Asociación Argentina-Japón", "en": "Argentina-Japan Partnership Programme"},
        "first_providers": ["0193a6a0-0001-7000-8000-000000000004"],
        "second_providers": ["0193a6a0-0001-7000-8000-000000000011"],
        "recipients": ["0193a6a0-0001-7000-8000-00000000000c"],
        "agreement_kind": "trilateral", "signed_on": "2024-05-01", "valid_from": null,
        "valid_until": null, "status": "active", "governance": {"es": "Comité conjunto"},
        "cost_sharing": [{"organisation_id": "0193a6a0-0001-7000-8000-000000000011", "amount": "50000.00", "currency": "USD", "expert_days": 60}],
        "visibility": "public"
    }))]
    pub struct ArrangementInput {
        /// The title per language (ISO 639-1 codes); the `default_language`'s is required,
        /// each at most 300 characters.
        #[schema(schema_with = text_schemas::title_300)]
        pub title: LocalisedText,
        /// Organisations sharing their experience (at least one).
        #[validate(length(max = 50))]
        #[schema(min_items = 1, max_items = 50)]
        pub first_providers: Vec<Uuid>,
        /// Organisations facilitating and co-funding (at least one).
        #[validate(length(max = 50))]
        #[schema(min_items = 1, max_items = 50)]
        pub second_providers: Vec<Uuid>,
        /// Beneficiary organisations (at least one). No organisation holds two roles.
        #[validate(length(max = 50))]
        #[schema(min_items = 1, max_items = 50)]
        pub recipients: Vec<Uuid>,
        pub agreement_kind: AgreementKind,
        #[serde(default)]
        pub signed_on: Option<NaiveDate>,
        #[serde(default)]
        pub valid_from: Option<NaiveDate>,
        #[serde(default)]
        pub valid_until: Option<NaiveDate>,
        pub status: AgreementStatus,
        /// The body that steers the arrangement, per language (each at most 5,000
        /// characters).
        #[serde(default)]
        #[schema(schema_with = text_schemas::text_5000)]
        pub governance: Option<LocalisedText>,
        /// What each party puts in: money and/or expert days.
        #[serde(default)]
        #[validate(length(max = 150), nested)]
        #[schema(max_items = 150)]
        pub cost_sharing: Vec<Contribution>,
        pub visibility: Visibility,
    }
}

/// Money totals per currency, by role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RoleTotals {
    pub first_provider: Vec<CurrencyTotal>,
    pub second_provider: Vec<CurrencyTotal>,
    pub recipient: Vec<CurrencyTotal>,
}

/// Expert days, by role.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RoleDays {
    pub first_provider: u64,
    pub second_provider: u64,
    pub recipient: u64,
}

/// What a triangular arrangement's representation computes from its cost sharing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "totals_by_role": {"first_provider": [], "second_provider": [{"currency": "USD", "amount": "50000.00"}], "recipient": []},
    "expert_days_by_role": {"first_provider": 0, "second_provider": 60, "recipient": 0}
}))]
pub struct ArrangementTotals {
    /// Money put in by the parties of each role, per currency (never summed across
    /// currencies).
    pub totals_by_role: RoleTotals,
    /// Expert days put in by the parties of each role.
    pub expert_days_by_role: RoleDays,
}
