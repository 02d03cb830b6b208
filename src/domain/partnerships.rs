//! Partnerships: cooperation frameworks — a joint commission or MoU with one country
//! (bilateral), an agreement inside an integration space (regional), a forum between
//! regions (inter-regional), or a framework with a multilateral organisation.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::codelists::spaces::{SpaceKind, integration_space};
use crate::codelists::{self, MULTILATERAL_ORGANISATION_TYPE};
use crate::db::DbConnection;
use crate::domain::documents::{
    LocalisedMember, LocalisedText, SharedParts, all_texts, text_in, text_schemas,
};
use crate::domain::filters;
use crate::domain::kinds::ResourceKind;
use crate::domain::lists::RecordListQuery;
use crate::domain::record::{CooperationRecord, RecordMeta, RecordRules, record_accessors};
use crate::domain::review::ReviewStatus;
use crate::domain::vocabulary::{AgreementStatus, Visibility};
use crate::error::{ApiError, FieldError};
use crate::store::organisations as org_store;
use crate::store::partnerships::{
    PartnershipColumns, PartnershipFilter, PartnershipRow, Partnerships,
};
use crate::text::search_text;
use crate::validation::Violations;
use crate::vocabulary::vocabulary;

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

/// A partnership as clients send it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": {"es": "Comisión Mixta Argentina-Bolivia", "pt": "Comissão Mista Argentina-Bolívia"}, "scope": "bilateral", "space": null,
    "parties": [
        {"organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d", "role": "party"},
        {"organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8e", "role": "party"}
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

/// A partnership as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-9c1e-7b3a-9c1d-2f4e5a6b7c8d",
    "title": {"es": "Comisión Mixta Argentina-Bolivia", "pt": "Comissão Mista Argentina-Bolívia"}, "scope": "bilateral", "space": null,
    "parties": [
        {"organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d", "role": "party"},
        {"organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8e", "role": "party"}
    ],
    "instrument": "joint_commission_minutes", "signed_on": "2023-09-01",
    "valid_from": "2023-09-01", "valid_until": "2025-08-31", "status": "active",
    "sectors": ["311"], "description": {"es": "Programa de cooperación técnica 2023-2025."}, "visibility": "public",
    "version": 1, "created_at": "2023-09-02T10:00:00Z", "updated_at": "2023-09-02T10:00:00Z",
    "created_by": "maria.gomez", "updated_by": "maria.gomez",
    "review_status": "approved", "approved_version": 1
}))]
pub struct Partnership {
    pub id: Uuid,
    #[schema(schema_with = text_schemas::title_300)]
    pub title: LocalisedText,
    pub scope: PartnershipScope,
    #[schema(required = true)]
    pub space: Option<String>,
    pub parties: Vec<Party>,
    pub instrument: AgreementInstrument,
    #[schema(required = true)]
    pub signed_on: Option<NaiveDate>,
    #[schema(required = true)]
    pub valid_from: Option<NaiveDate>,
    #[schema(required = true)]
    pub valid_until: Option<NaiveDate>,
    pub status: AgreementStatus,
    pub sectors: Vec<String>,
    #[schema(schema_with = text_schemas::text_20000, required = true)]
    pub description: Option<LocalisedText>,
    pub visibility: Visibility,
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

/// The date at which a partnership's rules about time (membership of a space) apply:
/// its signature, else its start of validity, else today.
pub fn reference_date(input: &PartnershipInput, today: NaiveDate) -> NaiveDate {
    input.signed_on.or(input.valid_from).unwrap_or(today)
}

/// Check agreement dates and status (shared with triangular arrangements).
pub fn check_agreement_dates(
    v: &mut Violations,
    status: AgreementStatus,
    signed_on: Option<NaiveDate>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
) {
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && from > until
    {
        v.add("/valid_until", "must not be before valid_from");
    }
    if status != AgreementStatus::Draft && signed_on.is_none() {
        v.add(
            "/signed_on",
            format!("a {status} agreement needs its signature date"),
        );
    }
}

impl PartnershipInput {
    fn check(&mut self) -> Violations {
        let mut v = Violations::of(self);
        v.dates(&[
            ("/signed_on", self.signed_on),
            ("/valid_from", self.valid_from),
            ("/valid_until", self.valid_until),
        ]);
        if self.parties.is_empty() {
            v.add("/parties", "a partnership needs at least one party");
        }
        let mut seen = HashSet::new();
        for (i, party) in self.parties.iter().enumerate() {
            if !seen.insert((party.organisation_id, party.role)) {
                v.add(
                    format!("/parties/{i}"),
                    format!(
                        "organisation {} is listed twice as {}",
                        party.organisation_id, party.role
                    ),
                );
            }
        }
        match (self.scope, &self.space) {
            (PartnershipScope::Regional | PartnershipScope::Interregional, None) => {
                v.add(
                    "/space",
                    format!(
                        "a {} partnership names its integration space or forum",
                        self.scope
                    ),
                );
            }
            (PartnershipScope::Regional | PartnershipScope::Interregional, Some(code)) => {
                let expected = if self.scope == PartnershipScope::Regional {
                    SpaceKind::Regional
                } else {
                    SpaceKind::Interregional
                };
                match integration_space(code) {
                    None => v.add("/space", format!("unknown integration space {code:?}")),
                    Some(space) if space.kind != expected => v.add(
                        "/space",
                        format!(
                            "{code} is {} space, not {}",
                            if space.kind == SpaceKind::Regional {
                                "a regional"
                            } else {
                                "an inter-regional"
                            },
                            self.scope
                        ),
                    ),
                    Some(_) => {}
                }
            }
            (_, Some(_)) => v.add(
                "/space",
                format!("a {} partnership has no integration space", self.scope),
            ),
            (_, None) => {}
        }
        let mut sectors = HashSet::new();
        for (i, code) in self.sectors.iter().enumerate() {
            let known = match code.len() {
                3 => codelists::sector_categories().active(code, "DAC sector category"),
                _ => codelists::sectors().active(code, "DAC sector"),
            };
            if let Err(message) = known {
                v.add(format!("/sectors/{i}"), message);
            }
            if !sectors.insert(code) {
                v.add(format!("/sectors/{i}"), format!("{code} is listed twice"));
            }
        }
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

impl RecordRules for Partnership {
    type Input = PartnershipInput;

    const KIND: ResourceKind = ResourceKind::Partnership;

    fn new(i: PartnershipInput, meta: RecordMeta) -> Self {
        Partnership {
            id: meta.id,
            title: i.title,
            scope: i.scope,
            space: i.space,
            parties: i.parties,
            instrument: i.instrument,
            signed_on: i.signed_on,
            valid_from: i.valid_from,
            valid_until: i.valid_until,
            status: i.status,
            sectors: i.sectors,
            description: i.description,
            visibility: i.visibility,
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

    fn to_input(&self) -> PartnershipInput {
        PartnershipInput {
            default_language: self.default_language.clone(),
            document_links: self.document_links.clone(),
            title: self.title.clone(),
            scope: self.scope,
            space: self.space.clone(),
            parties: self.parties.clone(),
            instrument: self.instrument,
            signed_on: self.signed_on,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            status: self.status,
            sectors: self.sectors.clone(),
            description: self.description.clone(),
            visibility: self.visibility,
        }
    }

    fn shared_parts(input: &mut PartnershipInput) -> Option<SharedParts<'_>> {
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 300, &mut input.title),
                LocalisedMember::optional("/description", 20_000, &mut input.description),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(input: &mut PartnershipInput, _today: NaiveDate) -> Violations {
        input.check()
    }

    /// Parties exist; a bilateral partnership joins exactly two countries; the parties of
    /// a regional or inter-regional one are members of its space at the reference date;
    /// a multilateral one includes a multilateral organisation.
    fn check_references(
        conn: &mut DbConnection,
        _caller: &Caller,
        input: &PartnershipInput,
        _id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let profiles = org_store::profiles(conn, input.parties.iter().map(|p| p.organisation_id))?;
        let mut errors = Vec::new();
        for (i, party) in input.parties.iter().enumerate() {
            if !profiles.contains_key(&party.organisation_id) {
                errors.push(FieldError::at(
                    format!("/parties/{i}/organisation_id"),
                    format!("no organisation with id {}", party.organisation_id),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let country = |id: &Uuid| profiles[id].country_code.clone();
        match input.scope {
            PartnershipScope::Bilateral => {
                for (i, party) in input.parties.iter().enumerate() {
                    if country(&party.organisation_id).is_none() {
                        errors.push(FieldError::at(
                            format!("/parties/{i}/organisation_id"),
                            "a bilateral partnership is between organisations of two countries; this one has no country",
                        ));
                    }
                }
                let countries: HashSet<String> = input
                    .parties
                    .iter()
                    .filter_map(|p| country(&p.organisation_id))
                    .collect();
                if errors.is_empty() && countries.len() != 2 {
                    errors.push(FieldError::at("/parties", format!(
                        "a bilateral partnership joins exactly two countries; its parties belong to {}",
                        countries.len()
                    )));
                }
            }
            PartnershipScope::Regional | PartnershipScope::Interregional => {
                if let Some(space) = input.space.as_deref().and_then(integration_space) {
                    let on = reference_date(input, Utc::now().date_naive());
                    for (i, party) in input.parties.iter().enumerate() {
                        if let Some(code) = country(&party.organisation_id)
                            && !space.has_member_on(&code, on)
                        {
                            errors.push(FieldError::at(
                                format!("/parties/{i}/organisation_id"),
                                format!("{code} was not a member of {} on {on}", space.code),
                            ));
                        }
                    }
                }
            }
            PartnershipScope::Multilateral => {
                if !input.parties.iter().any(|p| {
                    profiles[&p.organisation_id].organisation_type == MULTILATERAL_ORGANISATION_TYPE
                }) {
                    errors.push(FieldError::at("/parties", "a multilateral partnership includes a multilateral organisation (IATI type 40)"));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(errors))
        }
    }
}

impl CooperationRecord for Partnership {
    type Table = Partnerships;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn visibility_of(input: &PartnershipInput) -> Visibility {
        input.visibility
    }

    fn participants(input: &PartnershipInput) -> Vec<Uuid> {
        input.parties.iter().map(|p| p.organisation_id).collect()
    }

    fn search_text(&self) -> String {
        search_text(all_texts([Some(&self.title), self.description.as_ref()]))
    }

    fn row(&self) -> Result<PartnershipRow, ApiError> {
        Ok(PartnershipRow {
            columns: PartnershipColumns {
                title: text_in(&self.title, &self.default_language).to_owned(),
                scope: self.scope.as_str(),
                space: self.space.clone(),
                instrument: self.instrument.as_str(),
                signed_on: self.signed_on,
                valid_from: self.valid_from,
                valid_until: self.valid_until,
                status: self.status.as_str(),
            },
            parties: self
                .parties
                .iter()
                .map(|p| (p.organisation_id, p.role.as_str()))
                .collect(),
            sectors: self.sectors.clone(),
        })
    }
}

/// Define a query-parameter struct with every partnership filter, plus `$extra` fields,
/// and its `checked_filter()`: the list and the export take the same filters.
macro_rules! with_partnership_filters {
    ($(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($extra)*
            /// Bilateral, regional, inter-regional or multilateral.
            pub scope: Option<PartnershipScope>,
            /// Integration space or forum code.
            #[param(example = "mercosur")]
            pub space: Option<String>,
            /// Agreement status.
            pub status: Option<AgreementStatus>,
            /// A party, in any role.
            pub organisation: Option<Uuid>,
            /// Parties from this country (ISO 3166-1 alpha-2).
            #[param(example = "BO")]
            pub country: Option<String>,
            /// DAC sector category (3 digits) or sector (5 digits).
            #[param(example = "311")]
            pub sector: Option<String>,
            /// Public or restricted.
            pub visibility: Option<Visibility>,
            /// Text in the title or description (case and accents ignored).
            #[param(max_length = 200)]
            pub q: Option<String>,
        }

        impl $name {
        pub fn checked_filter(&self) -> Result<PartnershipFilter, ApiError> {
            if let Some(code) = &self.space {
                filters::in_codelist(code, "space", "integration space", |code| {
                    integration_space(code).is_some()
                })?;
            }
            filters::country(self.country.as_deref(), "country")?;
            filters::sector(self.sector.as_deref())?;
            Ok(PartnershipFilter {
                scope: self.scope.map(PartnershipScope::as_str),
                space: self.space.clone(),
                status: self.status.map(AgreementStatus::as_str),
                organisation: self.organisation,
                country: self.country.clone(),
                sector: self.sector.clone(),
                visibility: self.visibility.map(Visibility::as_str),
                q: crate::text::search_filter(self.q.as_deref())?,
            })
        }
        }
    };
}

with_partnership_filters! {
    /// Filters and paging for the partnership list (newest first).
    pub struct PartnershipQuery {
        /// Page size, 1 to 200.
        #[param(minimum = 1, maximum = 200, default = 50)]
        pub limit: Option<u32>,
        /// The `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
}

with_partnership_filters! {
    /// Which partnerships an export holds: the list's filters, every page.
    pub struct PartnershipExportQuery {
        /// The file format.
        pub format: Option<crate::exports::ExportFormat>,
        /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
        /// each record's default language.
        #[param(example = "pt", pattern = "^[a-z]{2}$")]
        pub lang: Option<String>,
    }
}

impl RecordListQuery for PartnershipQuery {
    type Record = Partnership;
    const CURSOR_KIND: &'static str = "partnerships";

    fn paging(&self) -> (Option<u32>, Option<&str>) {
        (self.limit, self.cursor.as_deref())
    }

    fn filter(&self) -> Result<PartnershipFilter, ApiError> {
        self.checked_filter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> PartnershipInput {
        PartnershipInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: crate::domain::documents::es("  Comisión Mixta Argentina-Bolivia "),
            scope: PartnershipScope::Bilateral,
            space: None,
            parties: vec![
                Party {
                    organisation_id: Uuid::now_v7(),
                    role: PartyRole::Party,
                },
                Party {
                    organisation_id: Uuid::now_v7(),
                    role: PartyRole::Party,
                },
            ],
            instrument: AgreementInstrument::JointCommissionMinutes,
            signed_on: NaiveDate::from_ymd_opt(2023, 9, 1),
            valid_from: NaiveDate::from_ymd_opt(2023, 9, 1),
            valid_until: NaiveDate::from_ymd_opt(2025, 8, 31),
            status: AgreementStatus::Active,
            sectors: vec!["311".into(), "31166".into()],
            description: Some(crate::domain::documents::es(" Programa 2023-2025\n")),
            visibility: Visibility::Public,
        }
    }

    fn violations(mut input: PartnershipInput) -> Violations {
        input.check()
    }

    #[track_caller]
    fn violated(input: PartnershipInput, pointer: &str, message: &str) {
        violations(input).assert_has(pointer, message);
    }

    #[test]
    fn a_valid_partnership_passes_normalised() {
        let mut input = valid();
        assert!(input.check().is_empty());
        crate::domain::record::check_all::<Partnership>(&mut input).unwrap();
        assert_eq!(input.title["es"], "Comisión Mixta Argentina-Bolivia");
        assert_eq!(input.description.unwrap()["es"], "Programa 2023-2025");
    }

    #[test]
    fn a_partnership_has_parties_each_once_per_role() {
        let mut input = valid();
        input.parties.clear();
        violated(input, "/parties", "at least one party");
        let mut input = valid();
        input.parties.push(input.parties[0].clone());
        violated(input, "/parties/2", "listed twice as party");
        let mut input = valid();
        let mut observer = input.parties[0].clone();
        observer.role = PartyRole::Observer;
        input.parties.push(observer);
        assert!(
            violations(input).is_empty(),
            "another role is another party"
        );
    }

    #[test]
    fn regional_and_interregional_partnerships_name_a_space_of_their_kind() {
        let mut input = valid();
        input.scope = PartnershipScope::Regional;
        violated(input.clone(), "/space", "names its integration space");
        input.space = Some("atlantis".into());
        violated(input.clone(), "/space", "unknown integration space");
        input.space = Some("fealac".into());
        violated(
            input.clone(),
            "/space",
            "an inter-regional space, not regional",
        );
        input.space = Some("mercosur".into());
        assert!(violations(input.clone()).is_empty());
        input.scope = PartnershipScope::Interregional;
        violated(input, "/space", "a regional space, not interregional");
        let mut input = valid();
        input.space = Some("mercosur".into());
        violated(input, "/space", "has no integration space");
    }

    #[test]
    fn sectors_are_known_active_and_listed_once() {
        let mut input = valid();
        input.sectors = vec!["999".into()];
        violated(input, "/sectors/0", "unknown");
        let mut input = valid();
        input.sectors = vec!["11321".into()];
        violated(input, "/sectors/0", "withdrawn");
        let mut input = valid();
        input.sectors = vec!["311".into(), "311".into()];
        violated(input, "/sectors/1", "listed twice");
    }

    #[test]
    fn agreement_dates_are_in_order_and_signed_once_in_force() {
        let mut input = valid();
        input.valid_until = NaiveDate::from_ymd_opt(2022, 1, 1);
        violated(input, "/valid_until", "must not be before valid_from");
        let mut input = valid();
        input.signed_on = None;
        violated(input.clone(), "/signed_on", "needs its signature date");
        input.status = AgreementStatus::Draft;
        assert!(violations(input).is_empty(), "a draft is not signed yet");
        let mut input = valid();
        input.valid_from = NaiveDate::from_ymd_opt(1800, 1, 1);
        violated(input, "/valid_from", "must be between");
    }

    #[test]
    fn title_length_is_checked_after_trimming() {
        let mut input = valid();
        input.title = crate::domain::documents::es("   ");
        let refused = crate::domain::record::check_all::<Partnership>(&mut input).unwrap_err();
        assert_eq!(refused.errors[0].pointer.as_deref(), Some("/title/es"));
        assert!(refused.errors[0].message.contains("must not be empty"));
        input.title = crate::domain::documents::es(format!(" {} ", "a".repeat(300)));
        crate::domain::record::check_all::<Partnership>(&mut input).unwrap();
        input.title = crate::domain::documents::es("a".repeat(301));
        let refused = crate::domain::record::check_all::<Partnership>(&mut input).unwrap_err();
        assert!(refused.errors[0].message.contains("at most 300 characters"));
    }

    #[test]
    fn the_reference_date_is_the_signature_then_validity_then_today() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut input = valid();
        assert_eq!(reference_date(&input, today), input.signed_on.unwrap());
        input.signed_on = None;
        assert_eq!(reference_date(&input, today), input.valid_from.unwrap());
        input.valid_from = None;
        assert_eq!(reference_date(&input, today), today);
    }

    #[test]
    fn list_filters_are_checked() {
        let query = |f: fn(&mut PartnershipQuery)| {
            let mut q = PartnershipQuery::default();
            f(&mut q);
            RecordListQuery::filter(&q)
                .err()
                .map(|e| e.errors[0].parameter.clone())
        };
        assert_eq!(
            query(|q| q.space = Some("atlantis".into())),
            Some(Some("space".into()))
        );
        assert_eq!(
            query(|q| q.country = Some("ZZ".into())),
            Some(Some("country".into()))
        );
        assert_eq!(
            query(|q| q.sector = Some("3".into())),
            Some(Some("sector".into()))
        );
        assert_eq!(query(|q| q.sector = Some("311".into())), None);
    }
}
