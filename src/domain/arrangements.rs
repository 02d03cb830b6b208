//! Triangular arrangements: three-sided frameworks with first providers (the Southern
//! country sharing its experience), second providers (a traditional donor or multilateral
//! that facilitates and co-funds) and recipients. Projects can run under one.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::documents::{
    LocalisedMember, LocalisedText, SharedParts, all_texts, text_in, text_schemas,
};
use crate::domain::kinds::ResourceKind;
use crate::domain::lists::RecordListQuery;
use crate::domain::money::{
    Contribution, CurrencyTotal, check_contributions, contribution_rows, parse_amount, totals,
};
use crate::domain::organisations::{listed, unknown_organisations};
use crate::domain::partnerships::check_agreement_dates;
use crate::domain::projects::{ParticipantRole, Project};
use crate::domain::record::{self, CooperationRecord, RecordMeta, RecordRules, record_accessors};
use crate::domain::review::ReviewStatus;
use crate::domain::vocabulary::{AgreementStatus, Visibility};
use crate::error::ApiError;
use crate::store::arrangements::{
    ArrangementColumns, ArrangementFilter, ArrangementRow, Arrangements,
};
use crate::store::projects as project_store;
use crate::text::search_text;
use crate::validation::Violations;
use crate::vocabulary::vocabulary;

crate::vocabulary::vocabulary! {
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

/// A triangular arrangement as clients send it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": {"es": "Programa de Asociación Argentina-Japón", "en": "Argentina-Japan Partnership Programme"},
    "first_providers": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c01"],
    "second_providers": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c02"],
    "recipients": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c03"],
    "agreement_kind": "trilateral", "signed_on": "2024-05-01", "valid_from": null,
    "valid_until": null, "status": "active", "governance": {"es": "Comité conjunto"},
    "cost_sharing": [{"organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c02", "amount": "50000.00", "currency": "USD", "expert_days": 60}],
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
    /// The language of the record's text unless it says otherwise (ISO 639-1, default
    /// `es`); wherever text comes in several languages, this one's is required.
    #[serde(default = "crate::domain::documents::default_language")]
    #[schema(
        min_length = 2,
        max_length = 3,
        pattern = "^[a-z]{2,3}$",
        default = "es",
        example = "es"
    )]
    pub default_language: String,
    /// Links to its agreements, minutes, reports and other documents (at most 50).
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub document_links: Vec<crate::domain::documents::DocumentLink>,
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

/// A triangular arrangement as the API returns it, with the cost sharing totalled by role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-ac1e-7b3a-9c1d-2f4e5a6b7c8d",
    "title": {"es": "Programa de Asociación Argentina-Japón", "en": "Argentina-Japan Partnership Programme"},
    "first_providers": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c01"],
    "second_providers": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c02"],
    "recipients": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c03"],
    "agreement_kind": "trilateral", "signed_on": "2024-05-01", "valid_from": null,
    "valid_until": null, "status": "active", "governance": {"es": "Comité conjunto"},
    "cost_sharing": [{"organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c02", "amount": "50000.00", "currency": "USD", "expert_days": 60}],
    "visibility": "public",
    "totals_by_role": {"first_provider": [], "second_provider": [{"currency": "USD", "amount": "50000.00"}], "recipient": []},
    "expert_days_by_role": {"first_provider": 0, "second_provider": 60, "recipient": 0},
    "version": 1, "created_at": "2024-05-02T10:00:00Z", "updated_at": "2024-05-02T10:00:00Z",
    "created_by": "maria.gomez", "updated_by": "maria.gomez",
    "review_status": "approved", "approved_version": 1
}))]
pub struct TriangularArrangement {
    pub id: Uuid,
    #[schema(schema_with = text_schemas::title_300)]
    pub title: LocalisedText,
    pub first_providers: Vec<Uuid>,
    pub second_providers: Vec<Uuid>,
    pub recipients: Vec<Uuid>,
    pub agreement_kind: AgreementKind,
    #[schema(required = true)]
    pub signed_on: Option<NaiveDate>,
    #[schema(required = true)]
    pub valid_from: Option<NaiveDate>,
    #[schema(required = true)]
    pub valid_until: Option<NaiveDate>,
    pub status: AgreementStatus,
    #[schema(schema_with = text_schemas::text_5000, required = true)]
    pub governance: Option<LocalisedText>,
    pub cost_sharing: Vec<Contribution>,
    pub visibility: Visibility,
    /// Money put in by the parties of each role, per currency (never summed across
    /// currencies).
    pub totals_by_role: RoleTotals,
    /// Expert days put in by the parties of each role.
    pub expert_days_by_role: RoleDays,
    /// The language of the record's text unless it says otherwise (ISO 639-1).
    pub default_language: String,
    /// Links to its agreements, minutes, reports and other documents.
    pub document_links: Vec<crate::domain::documents::DocumentLink>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_by: String,
    /// Where the record stands in review: `draft` and `returned` are with their authors,
    /// `submitted` awaits a coordinator, `approved` counts. Changed by the record's
    /// `submit`, `approve` and `return` operations and by writes (see the README).
    #[schema(read_only)]
    pub review_status: ReviewStatus,
    /// The version readers who see only approved content (viewers, other partners) read;
    /// null until the record is first approved.
    #[schema(read_only, required = true)]
    pub approved_version: Option<i64>,
}

impl ArrangementInput {
    /// The role of each party.
    pub fn roles(&self) -> HashMap<Uuid, ParticipantRole> {
        let mut roles = HashMap::new();
        for (list, role) in [
            (&self.recipients, ParticipantRole::Recipient),
            (&self.second_providers, ParticipantRole::SecondProvider),
            (&self.first_providers, ParticipantRole::FirstProvider),
        ] {
            for id in list {
                roles.insert(*id, role);
            }
        }
        roles
    }

    fn check(&mut self) -> Violations {
        let mut v = Violations::of(self);
        v.dates(&[
            ("/signed_on", self.signed_on),
            ("/valid_from", self.valid_from),
            ("/valid_until", self.valid_until),
        ]);
        let mut holder: HashMap<Uuid, &str> = HashMap::new();
        for (list, field) in [
            (&self.first_providers, "first_providers"),
            (&self.second_providers, "second_providers"),
            (&self.recipients, "recipients"),
        ] {
            if list.is_empty() {
                v.add(format!("/{field}"), "needs at least one organisation");
            }
            for (i, id) in list.iter().enumerate() {
                match holder.get(id) {
                    Some(other) if *other == field => v.add(format!("/{field}/{i}"), format!("organisation {id} is listed twice")),
                    Some(other) => v.add(format!("/{field}/{i}"), format!("organisation {id} is already in {other}; no organisation holds two roles")),
                    None => {
                        holder.insert(*id, field);
                    }
                }
            }
        }
        let parties: HashSet<Uuid> = holder.keys().copied().collect();
        check_contributions(
            &mut v,
            "/cost_sharing",
            &mut self.cost_sharing,
            &parties,
            "party of the arrangement",
        );
        check_agreement_dates(
            &mut v,
            self.status,
            self.signed_on,
            self.valid_from,
            self.valid_until,
        );
        v
    }
}

fn role_totals(input: &ArrangementInput) -> (RoleTotals, RoleDays) {
    let roles = input.roles();
    let mut money: HashMap<ParticipantRole, Vec<(String, i128)>> = HashMap::new();
    let mut days = RoleDays::default();
    for share in &input.cost_sharing {
        let Some(role) = roles.get(&share.organisation_id) else {
            continue;
        };
        if let (Some(amount), Some(currency)) = (&share.amount, &share.currency)
            && let Ok(minor) = parse_amount(amount, currency)
        {
            money
                .entry(*role)
                .or_default()
                .push((currency.clone(), i128::from(minor)));
        }
        let expert_days = u64::from(share.expert_days.unwrap_or(0));
        match role {
            ParticipantRole::FirstProvider => days.first_provider += expert_days,
            ParticipantRole::SecondProvider => days.second_provider += expert_days,
            _ => days.recipient += expert_days,
        }
    }
    let mut take = |role| totals(money.remove(&role).unwrap_or_default());
    let totals = RoleTotals {
        first_provider: take(ParticipantRole::FirstProvider),
        second_provider: take(ParticipantRole::SecondProvider),
        recipient: take(ParticipantRole::Recipient),
    };
    (totals, days)
}

impl RecordRules for TriangularArrangement {
    type Input = ArrangementInput;

    const KIND: ResourceKind = ResourceKind::TriangularArrangement;

    fn new(i: ArrangementInput, meta: RecordMeta) -> Self {
        let (totals_by_role, expert_days_by_role) = role_totals(&i);
        TriangularArrangement {
            id: meta.id,
            title: i.title,
            first_providers: i.first_providers,
            second_providers: i.second_providers,
            recipients: i.recipients,
            agreement_kind: i.agreement_kind,
            signed_on: i.signed_on,
            valid_from: i.valid_from,
            valid_until: i.valid_until,
            status: i.status,
            governance: i.governance,
            cost_sharing: i.cost_sharing,
            visibility: i.visibility,
            totals_by_role,
            expert_days_by_role,
            default_language: i.default_language,
            document_links: i.document_links,
            version: meta.version,
            created_at: meta.created_at,
            updated_at: meta.updated_at,
            created_by: meta.created_by,
            updated_by: meta.updated_by,
            review_status: meta.review_status,
            approved_version: meta.approved_version,
        }
    }

    record_accessors!(reviewed);

    fn to_input(&self) -> ArrangementInput {
        ArrangementInput {
            default_language: self.default_language.clone(),
            document_links: self.document_links.clone(),
            title: self.title.clone(),
            first_providers: self.first_providers.clone(),
            second_providers: self.second_providers.clone(),
            recipients: self.recipients.clone(),
            agreement_kind: self.agreement_kind,
            signed_on: self.signed_on,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            status: self.status,
            governance: self.governance.clone(),
            cost_sharing: self.cost_sharing.clone(),
            visibility: self.visibility,
        }
    }

    fn shared_parts(input: &mut ArrangementInput) -> Option<SharedParts<'_>> {
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 300, &mut input.title),
                LocalisedMember::optional("/governance", 5_000, &mut input.governance),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(input: &mut ArrangementInput, _today: NaiveDate) -> Violations {
        input.check()
    }

    /// Parties exist; projects already under the arrangement keep their first providers,
    /// second providers and recipients among its parties in the same roles.
    fn check_references(
        conn: &mut DbConnection,
        caller: &Caller,
        input: &ArrangementInput,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let parties = listed("first_providers", &input.first_providers)
            .chain(listed("second_providers", &input.second_providers))
            .chain(listed("recipients", &input.recipients))
            .collect();
        let errors = unknown_organisations(conn, parties)?;
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if let Some(id) = id {
            let roles = input.roles();
            let broken: Vec<(Uuid, String)> =
                project_store::participants_under_arrangement(conn, id)?
                    .into_iter()
                    .filter(|(_, _, participants)| {
                        participants.iter().any(|(org, role)| {
                            let role = ParticipantRole::parse(role);
                            matches!(
                                role,
                                Some(
                                    ParticipantRole::FirstProvider
                                        | ParticipantRole::SecondProvider
                                        | ParticipantRole::Recipient
                                )
                            ) && roles.get(org) != role.as_ref()
                        })
                    })
                    .map(|(project, code, _)| (project, code))
                    .collect();
            if !broken.is_empty() {
                // Name only the projects the caller may read.
                let mut named = Vec::new();
                for (project, code) in &broken {
                    if record::visible::<Project>(conn, caller, *project)? {
                        named.push(code.clone());
                    }
                }
                let hidden = broken.len() - named.len();
                if hidden > 0 {
                    named.push(format!("{hidden} more you may not read"));
                }
                return Err(ApiError::conflict(format!(
                    "projects under this arrangement would no longer match its parties: {}; change them first",
                    named.join(", ")
                )));
            }
        }
        Ok(())
    }
}

impl CooperationRecord for TriangularArrangement {
    type Table = Arrangements;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn visibility_of(input: &ArrangementInput) -> Visibility {
        input.visibility
    }

    fn participants(input: &ArrangementInput) -> Vec<Uuid> {
        input
            .first_providers
            .iter()
            .chain(&input.second_providers)
            .chain(&input.recipients)
            .copied()
            .collect()
    }

    fn search_text(&self) -> String {
        search_text(all_texts([Some(&self.title), self.governance.as_ref()]))
    }

    fn row(&self) -> Result<ArrangementRow, ApiError> {
        let parties = self
            .first_providers
            .iter()
            .map(|o| (*o, ParticipantRole::FirstProvider.as_str()))
            .chain(
                self.second_providers
                    .iter()
                    .map(|o| (*o, ParticipantRole::SecondProvider.as_str())),
            )
            .chain(
                self.recipients
                    .iter()
                    .map(|o| (*o, ParticipantRole::Recipient.as_str())),
            )
            .collect();
        Ok(ArrangementRow {
            columns: ArrangementColumns {
                title: text_in(&self.title, &self.default_language).to_owned(),
                agreement_kind: self.agreement_kind.as_str(),
                signed_on: self.signed_on,
                valid_from: self.valid_from,
                valid_until: self.valid_until,
                status: self.status.as_str(),
            },
            parties,
            costs: contribution_rows(&self.cost_sharing)?,
        })
    }
}

/// Define a query-parameter struct with every arrangement filter, plus `$extra` fields,
/// and its `checked_filter()`: the list and the export take the same filters.
macro_rules! with_arrangement_filters {
    ($(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($extra)*
    /// A party, in any role (narrow with `role`).
    pub organisation: Option<Uuid>,
    /// With `organisation`: only where it holds this role.
    pub role: Option<ArrangementRole>,
    /// Agreement status.
    pub status: Option<AgreementStatus>,
    /// Trilateral or a combination of bilateral agreements.
    pub agreement_kind: Option<AgreementKind>,
    /// Public or restricted.
    pub visibility: Option<Visibility>,
    /// Text in the title or governance (case and accents ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
        }

        impl $name {
    pub fn checked_filter(&self) -> Result<ArrangementFilter, ApiError> {
        crate::domain::filters::needs(
            "role",
            self.role.is_some(),
            "organisation",
            self.organisation.is_some(),
        )?;
        Ok(ArrangementFilter {
            organisation: self.organisation,
            role: self.role.map(ArrangementRole::as_str),
            status: self.status.map(AgreementStatus::as_str),
            agreement_kind: self.agreement_kind.map(AgreementKind::as_str),
            visibility: self.visibility.map(Visibility::as_str),
            q: crate::text::search_filter(self.q.as_deref())?,
        })
    }
        }
    };
}

with_arrangement_filters! {
    /// Filters and paging for the arrangement list (newest first).
    pub struct ArrangementQuery {
        /// Page size, 1 to 200.
        #[param(minimum = 1, maximum = 200, default = 50)]
        pub limit: Option<u32>,
        /// The `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
}

with_arrangement_filters! {
    /// Which triangular arrangements an export holds: the list's filters, every page.
    pub struct ArrangementExportQuery {
        /// The file format.
        pub format: Option<crate::exports::ExportFormat>,
        /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
        /// each record's default language.
        #[param(example = "pt", pattern = "^[a-z]{2}$")]
        pub lang: Option<String>,
    }
}

impl RecordListQuery for ArrangementQuery {
    type Record = TriangularArrangement;
    const CURSOR_KIND: &'static str = "triangular-arrangements";

    fn paging(&self) -> (Option<u32>, Option<&str>) {
        (self.limit, self.cursor.as_deref())
    }

    fn filter(&self) -> Result<ArrangementFilter, ApiError> {
        self.checked_filter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::RecordMeta;

    struct Parties {
        first: Uuid,
        second: Uuid,
        recipient: Uuid,
    }

    fn valid() -> (ArrangementInput, Parties) {
        let parties = Parties {
            first: Uuid::now_v7(),
            second: Uuid::now_v7(),
            recipient: Uuid::now_v7(),
        };
        let input = ArrangementInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: crate::domain::documents::es(" Programa de Asociación Argentina-Japón "),
            first_providers: vec![parties.first],
            second_providers: vec![parties.second],
            recipients: vec![parties.recipient],
            agreement_kind: AgreementKind::Trilateral,
            signed_on: NaiveDate::from_ymd_opt(2024, 5, 1),
            valid_from: None,
            valid_until: None,
            status: AgreementStatus::Active,
            governance: None,
            cost_sharing: vec![
                Contribution {
                    organisation_id: parties.second,
                    amount: Some("50000".into()),
                    currency: Some("USD".into()),
                    expert_days: Some(60),
                },
                Contribution {
                    organisation_id: parties.first,
                    amount: None,
                    currency: None,
                    expert_days: Some(40),
                },
            ],
            visibility: Visibility::Public,
        };
        (input, parties)
    }

    #[track_caller]
    fn violated(mut input: ArrangementInput, pointer: &str, message: &str) {
        input.check().assert_has(pointer, message);
    }

    #[test]
    fn a_valid_arrangement_passes_normalised() {
        let (mut input, _) = valid();
        assert!(input.check().is_empty());
        crate::domain::record::check_all::<TriangularArrangement>(&mut input).unwrap();
        assert_eq!(input.title["es"], "Programa de Asociación Argentina-Japón");
        assert_eq!(
            input.cost_sharing[0].amount.as_deref(),
            Some("50000.00"),
            "money in its currency's minor units"
        );
    }

    #[test]
    fn every_role_has_an_organisation() {
        for field in ["first_providers", "second_providers", "recipients"] {
            let (mut input, _) = valid();
            match field {
                "first_providers" => input.first_providers.clear(),
                "second_providers" => input.second_providers.clear(),
                _ => input.recipients.clear(),
            }
            input.cost_sharing.clear();
            violated(
                input,
                &format!("/{field}"),
                "needs at least one organisation",
            );
        }
    }

    #[test]
    fn no_organisation_holds_two_roles_or_is_listed_twice() {
        let (mut input, parties) = valid();
        input.recipients.push(parties.first);
        violated(input, "/recipients/1", "already in first_providers");
        let (mut input, parties) = valid();
        input.second_providers.push(parties.second);
        violated(input, "/second_providers/1", "listed twice");
    }

    #[test]
    fn cost_sharing_names_parties_with_money_or_days() {
        let (mut input, _) = valid();
        let outsider = Uuid::now_v7();
        input.cost_sharing[1].organisation_id = outsider;
        violated(input, "/cost_sharing/1/organisation_id", "not a party");
        let (mut input, _) = valid();
        input.cost_sharing[1].expert_days = None;
        violated(input, "/cost_sharing/1", "needs an amount or expert_days");
        let (mut input, _) = valid();
        input.cost_sharing[0].currency = None;
        violated(input, "/cost_sharing/0/currency", "needs its currency");
        let (mut input, _) = valid();
        input.cost_sharing[0].amount = Some("1.234".into());
        violated(input, "/cost_sharing/0/amount", "amount");
    }

    #[test]
    fn agreement_dates_apply_as_to_partnerships() {
        let (mut input, _) = valid();
        input.signed_on = None;
        violated(input, "/signed_on", "needs its signature date");
        let (mut input, _) = valid();
        input.valid_from = NaiveDate::from_ymd_opt(2025, 1, 2);
        input.valid_until = NaiveDate::from_ymd_opt(2025, 1, 1);
        violated(input, "/valid_until", "must not be before valid_from");
    }

    #[test]
    fn totals_by_role_sum_each_currency_and_the_expert_days() {
        let (mut input, parties) = valid();
        input.cost_sharing.push(Contribution {
            organisation_id: parties.second,
            amount: Some("10.50".into()),
            currency: Some("EUR".into()),
            expert_days: None,
        });
        assert!(input.check().is_empty());
        let now = Utc::now();
        let record = TriangularArrangement::new(
            input,
            RecordMeta {
                id: Uuid::now_v7(),
                version: 1,
                created_at: now,
                updated_at: now,
                created_by: "test".into(),
                updated_by: "test".into(),
                review_status: crate::domain::review::ReviewStatus::Approved,
                approved_version: Some(1),
            },
        );
        let money = |totals: &[CurrencyTotal]| -> Vec<(String, String)> {
            totals
                .iter()
                .map(|t| (t.currency.clone(), t.amount.clone()))
                .collect()
        };
        assert_eq!(
            money(&record.totals_by_role.second_provider),
            [
                ("EUR".into(), "10.50".into()),
                ("USD".into(), "50000.00".into())
            ]
        );
        assert!(record.totals_by_role.first_provider.is_empty());
        assert_eq!(record.expert_days_by_role.first_provider, 40);
        assert_eq!(record.expert_days_by_role.second_provider, 60);
        assert_eq!(record.expert_days_by_role.recipient, 0);
    }

    #[test]
    fn the_role_filter_needs_an_organisation() {
        let filter = |organisation: Option<Uuid>, role| {
            let query = ArrangementQuery {
                organisation,
                role: Some(role),
                ..Default::default()
            };
            RecordListQuery::filter(&query).map(|f| f.role)
        };
        let alone = filter(None, ArrangementRole::Recipient).unwrap_err();
        assert_eq!(alone.problem.status().as_u16(), 422);
        assert_eq!(alone.errors[0].parameter.as_deref(), Some("role"));
        assert_eq!(
            filter(Some(Uuid::now_v7()), ArrangementRole::SecondProvider).unwrap(),
            Some("second_provider")
        );
        // The roles are the ones arrangements store.
        let stored: Vec<&str> = [
            ParticipantRole::FirstProvider,
            ParticipantRole::SecondProvider,
            ParticipantRole::Recipient,
        ]
        .map(ParticipantRole::as_str)
        .to_vec();
        let filterable: Vec<&str> = ArrangementRole::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(filterable, stored);
    }
}
