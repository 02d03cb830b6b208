//! Policy exchanges: the sharing of a public policy or experience between institutions —
//! a technical mission, a study visit, a workshop — with who offered, who received, who
//! took part, and what came of it.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::codelists;
use crate::db::DbConnection;
use crate::domain::documents::{
    LocalisedMember, LocalisedText, SharedParts, all_texts, text_in, text_schemas,
};
use crate::domain::filters;
use crate::domain::kinds::ResourceKind;
use crate::domain::lists::RecordListQuery;
use crate::domain::organisations::{listed, unknown_organisations};
use crate::domain::partnerships::Partnership;
use crate::domain::projects::Project;
use crate::domain::record::{self, CooperationRecord, RecordMeta, RecordRules, record_accessors};
use crate::domain::review::ReviewStatus;
use crate::domain::vocabulary::Visibility;
use crate::error::{ApiError, FieldError};
use crate::store::exchanges::{
    ExchangeColumns, ExchangeFilter, ExchangeRow, Exchanges, OFFERING, RECEIVING,
};
use crate::text::search_text;
use crate::validation::Violations;
use crate::vocabulary::vocabulary;

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

/// A policy exchange as clients send it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": {"es": "Intercambio sobre agricultura familiar", "pt": "Intercâmbio sobre agricultura familiar"}, "policy_area": "31166",
    "summary": {"es": "Visita de técnicos del MAG a estaciones experimentales del INTA."},
    "offering_organisations": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c01"],
    "receiving_organisations": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c03"],
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

/// A policy exchange as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-bc1e-7b3a-9c1d-2f4e5a6b7c8d",
    "title": {"es": "Intercambio sobre agricultura familiar", "pt": "Intercâmbio sobre agricultura familiar"}, "policy_area": "31166",
    "summary": {"es": "Visita de técnicos del MAG a estaciones experimentales del INTA."},
    "offering_organisations": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c01"],
    "receiving_organisations": ["0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c03"],
    "format": "study_visit", "start_date": "2025-04-01", "end_date": "2025-04-05",
    "host_country": "AR", "participants_total": 12, "participants_women": 7,
    "expert_days": 10, "outcomes": null, "lessons_learned": null, "sdg_goals": [2],
    "status": "planned", "project_id": null, "partnership_id": null, "visibility": "public",
    "version": 1, "created_at": "2025-03-01T10:00:00Z", "updated_at": "2025-03-01T10:00:00Z",
    "created_by": "maria.gomez", "updated_by": "maria.gomez",
    "review_status": "approved", "approved_version": 1
}))]
pub struct PolicyExchange {
    pub id: Uuid,
    #[schema(schema_with = text_schemas::title_300)]
    pub title: LocalisedText,
    pub policy_area: String,
    #[schema(schema_with = text_schemas::text_20000, required = true)]
    pub summary: Option<LocalisedText>,
    pub offering_organisations: Vec<Uuid>,
    pub receiving_organisations: Vec<Uuid>,
    pub format: ExchangeFormat,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    #[schema(required = true)]
    pub host_country: Option<String>,
    #[schema(required = true)]
    pub participants_total: Option<u32>,
    #[schema(required = true)]
    pub participants_women: Option<u32>,
    #[schema(required = true)]
    pub expert_days: Option<u32>,
    #[schema(schema_with = text_schemas::text_20000, required = true)]
    pub outcomes: Option<LocalisedText>,
    #[schema(schema_with = text_schemas::text_20000, required = true)]
    pub lessons_learned: Option<LocalisedText>,
    pub sdg_goals: Vec<i32>,
    pub status: ExchangeStatus,
    #[schema(required = true)]
    pub project_id: Option<Uuid>,
    #[schema(required = true)]
    pub partnership_id: Option<Uuid>,
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

impl ExchangeInput {
    fn check(&mut self, today: NaiveDate) -> Violations {
        let mut v = Violations::of(self);
        v.dates(&[
            ("/start_date", Some(self.start_date)),
            ("/end_date", Some(self.end_date)),
        ]);
        v.code(
            "/policy_area",
            codelists::sectors(),
            &self.policy_area,
            "DAC sector",
        );
        if let Some(country) = &self.host_country {
            v.code(
                "/host_country",
                codelists::countries(),
                country,
                "country code",
            );
        }
        let offering: HashSet<Uuid> = self.offering_organisations.iter().copied().collect();
        for (list, field) in [
            (&self.offering_organisations, "offering_organisations"),
            (&self.receiving_organisations, "receiving_organisations"),
        ] {
            if list.is_empty() {
                v.add(format!("/{field}"), "needs at least one organisation");
            }
            let mut seen = HashSet::new();
            for (i, id) in list.iter().enumerate() {
                if !seen.insert(id) {
                    v.add(
                        format!("/{field}/{i}"),
                        format!("organisation {id} is listed twice"),
                    );
                }
            }
        }
        for (i, id) in self.receiving_organisations.iter().enumerate() {
            if offering.contains(id) {
                v.add(format!("/receiving_organisations/{i}"), format!("organisation {id} also offers; an institution does not exchange with itself"));
            }
        }
        if self.start_date > self.end_date {
            v.add("/end_date", "must not be before start_date");
        }
        match (self.participants_total, self.participants_women) {
            (Some(total), Some(women)) if women > total => {
                v.add(
                    "/participants_women",
                    format!("{women} women among {total} participants"),
                );
            }
            (None, Some(_)) => v.add(
                "/participants_total",
                "needed when participants_women is given",
            ),
            _ => {}
        }
        let mut goals = HashSet::new();
        for (i, goal) in self.sdg_goals.iter().enumerate() {
            if let Err(message) = codelists::sdg_goals().active(&goal.to_string(), "SDG goal") {
                v.add(format!("/sdg_goals/{i}"), message);
            }
            if !goals.insert(goal) {
                v.add(
                    format!("/sdg_goals/{i}"),
                    format!("goal {goal} is listed twice"),
                );
            }
        }
        if self.status == ExchangeStatus::Completed {
            if self.outcomes.is_none() {
                v.add("/outcomes", "a completed exchange records its outcomes");
            }
            if self.end_date > today {
                v.add(
                    "/end_date",
                    format!("a completed exchange cannot end in the future (today is {today})"),
                );
            }
        }
        v
    }
}

impl RecordRules for PolicyExchange {
    type Input = ExchangeInput;

    const KIND: ResourceKind = ResourceKind::PolicyExchange;

    fn new(i: ExchangeInput, meta: RecordMeta) -> Self {
        PolicyExchange {
            id: meta.id,
            title: i.title,
            policy_area: i.policy_area,
            summary: i.summary,
            offering_organisations: i.offering_organisations,
            receiving_organisations: i.receiving_organisations,
            format: i.format,
            start_date: i.start_date,
            end_date: i.end_date,
            host_country: i.host_country,
            participants_total: i.participants_total,
            participants_women: i.participants_women,
            expert_days: i.expert_days,
            outcomes: i.outcomes,
            lessons_learned: i.lessons_learned,
            sdg_goals: i.sdg_goals,
            status: i.status,
            project_id: i.project_id,
            partnership_id: i.partnership_id,
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

    fn to_input(&self) -> ExchangeInput {
        ExchangeInput {
            default_language: self.default_language.clone(),
            document_links: self.document_links.clone(),
            title: self.title.clone(),
            policy_area: self.policy_area.clone(),
            summary: self.summary.clone(),
            offering_organisations: self.offering_organisations.clone(),
            receiving_organisations: self.receiving_organisations.clone(),
            format: self.format,
            start_date: self.start_date,
            end_date: self.end_date,
            host_country: self.host_country.clone(),
            participants_total: self.participants_total,
            participants_women: self.participants_women,
            expert_days: self.expert_days,
            outcomes: self.outcomes.clone(),
            lessons_learned: self.lessons_learned.clone(),
            sdg_goals: self.sdg_goals.clone(),
            status: self.status,
            project_id: self.project_id,
            partnership_id: self.partnership_id,
            visibility: self.visibility,
        }
    }

    fn shared_parts(input: &mut ExchangeInput) -> Option<SharedParts<'_>> {
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 300, &mut input.title),
                LocalisedMember::optional("/summary", 20_000, &mut input.summary),
                LocalisedMember::optional("/outcomes", 20_000, &mut input.outcomes),
                LocalisedMember::optional("/lessons_learned", 20_000, &mut input.lessons_learned),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(input: &mut ExchangeInput, today: NaiveDate) -> Violations {
        input.check(today)
    }

    /// Organisations exist; the project and partnership, when given, exist and the
    /// caller may read them.
    fn check_references(
        conn: &mut DbConnection,
        caller: &Caller,
        input: &ExchangeInput,
        _id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let organisations = listed("offering_organisations", &input.offering_organisations)
            .chain(listed(
                "receiving_organisations",
                &input.receiving_organisations,
            ))
            .collect();
        let mut errors = unknown_organisations(conn, organisations)?;
        if let Some(project) = input.project_id
            && !record::visible::<Project>(conn, caller, project)?
        {
            errors.push(FieldError::at(
                "/project_id",
                format!("no project with id {project}"),
            ));
        }
        if let Some(partnership) = input.partnership_id
            && !record::visible::<Partnership>(conn, caller, partnership)?
        {
            errors.push(FieldError::at(
                "/partnership_id",
                format!("no partnership with id {partnership}"),
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(errors))
        }
    }
}

impl CooperationRecord for PolicyExchange {
    type Table = Exchanges;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn visibility_of(input: &ExchangeInput) -> Visibility {
        input.visibility
    }

    fn participants(input: &ExchangeInput) -> Vec<Uuid> {
        input
            .offering_organisations
            .iter()
            .chain(&input.receiving_organisations)
            .copied()
            .collect()
    }

    fn search_text(&self) -> String {
        search_text(all_texts([Some(&self.title), self.summary.as_ref()]))
    }

    fn row(&self) -> Result<ExchangeRow, ApiError> {
        let count = |n: Option<u32>| n.map(|n| n as i32);
        Ok(ExchangeRow {
            columns: ExchangeColumns {
                title: text_in(&self.title, &self.default_language).to_owned(),
                policy_area: self.policy_area.clone(),
                policy_category: self.policy_area[..3].to_owned(),
                format: self.format.as_str(),
                start_date: self.start_date,
                start_year: chrono::Datelike::year(&self.start_date),
                end_date: self.end_date,
                host_country: self.host_country.clone(),
                participants_total: count(self.participants_total),
                participants_women: count(self.participants_women),
                expert_days: count(self.expert_days),
                status: self.status.as_str(),
                project_id: self.project_id.map(|id| id.to_string()),
                partnership_id: self.partnership_id.map(|id| id.to_string()),
            },
            organisations: self
                .offering_organisations
                .iter()
                .map(|o| (*o, OFFERING))
                .chain(self.receiving_organisations.iter().map(|o| (*o, RECEIVING)))
                .collect(),
            sdg_goals: self.sdg_goals.clone(),
        })
    }
}

/// Define a query-parameter struct with every policy exchange filter, plus `$extra`
/// fields, and its `filter()`: the list and the statistics take the same filters.
macro_rules! with_exchange_filters {
    // The export calls the format filter `exchange_format`: its `format` is the file's.
    ($(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        with_exchange_filters! { format; $(#[$meta])* pub struct $name { $($extra)* } }
    };
    ($format:ident; $(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($extra)*
            /// An offering or receiving organisation.
            pub organisation: Option<Uuid>,
            /// Host country (ISO 3166-1 alpha-2).
            #[param(example = "AR")]
            pub country: Option<String>,
            /// How it is shared.
            pub $format: Option<ExchangeFormat>,
            /// Policy area: a 5-digit DAC sector, or a 3-digit category for all its sectors.
            #[param(example = "311")]
            pub sector: Option<String>,
            /// SDG goal, 1 to 17.
            #[param(minimum = 1, maximum = 17)]
            pub sdg: Option<i32>,
            /// Starting on or after this date.
            pub start_from: Option<NaiveDate>,
            /// Starting on or before this date.
            pub start_to: Option<NaiveDate>,
            /// Planned, completed or cancelled.
            pub status: Option<ExchangeStatus>,
            /// Exchanges within this project.
            pub project: Option<Uuid>,
            /// Exchanges within this partnership.
            pub partnership: Option<Uuid>,
            /// Public or restricted.
            pub visibility: Option<Visibility>,
            /// Text in the title or summary (case and accents ignored).
            #[param(max_length = 200)]
            pub q: Option<String>,
        }

        impl $name {
            pub fn checked_filter(&self) -> Result<ExchangeFilter, ApiError> {
                check_filters(FilterParams {
                    organisation: self.organisation,
                    country: self.country.clone(),
                    format: self.$format,
                    sector: self.sector.clone(),
                    sdg: self.sdg,
                    start_from: self.start_from,
                    start_to: self.start_to,
                    status: self.status,
                    project: self.project,
                    partnership: self.partnership,
                    visibility: self.visibility,
                    q: self.q.clone(),
                })
            }
        }
    };
}

with_exchange_filters! {
    /// Filters and paging for the policy exchange list (newest first). Filters combine
    /// with AND; the statistics take the same ones.
    pub struct ExchangeQuery {
        /// Page size, 1 to 200.
        #[param(minimum = 1, maximum = 200, default = 50)]
        pub limit: Option<u32>,
        /// The `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
}

with_exchange_filters! {
    exchange_format;
    /// Which policy exchanges an export holds: the list's filters (the format of the
    /// exchange is `exchange_format` here), every page.
    pub struct ExchangeExportQuery {
        /// The file format.
        pub format: Option<crate::exports::ExportFormat>,
        /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
        /// each record's default language.
        #[param(example = "pt", pattern = "^[a-z]{2}$")]
        pub lang: Option<String>,
    }
}

impl RecordListQuery for ExchangeQuery {
    type Record = PolicyExchange;
    const CURSOR_KIND: &'static str = "policy-exchanges";

    fn paging(&self) -> (Option<u32>, Option<&str>) {
        (self.limit, self.cursor.as_deref())
    }

    fn filter(&self) -> Result<ExchangeFilter, ApiError> {
        self.checked_filter()
    }
}

/// What policy exchange statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeDimension {
    Format,
    /// Year of the start date.
    Year,
}

with_exchange_filters! {
    /// What to group policy exchange statistics by, and which exchanges to count (the
    /// list's filters).
    pub struct ExchangeStatsQuery {
        /// The dimension to group by.
        pub group_by: Option<ExchangeDimension>,
    }
}

/// The filter parameters as received.
struct FilterParams {
    organisation: Option<Uuid>,
    country: Option<String>,
    format: Option<ExchangeFormat>,
    sector: Option<String>,
    sdg: Option<i32>,
    start_from: Option<NaiveDate>,
    start_to: Option<NaiveDate>,
    status: Option<ExchangeStatus>,
    project: Option<Uuid>,
    partnership: Option<Uuid>,
    visibility: Option<Visibility>,
    q: Option<String>,
}

fn check_filters(p: FilterParams) -> Result<ExchangeFilter, ApiError> {
    filters::start_range(p.start_from, p.start_to)?;
    filters::country(p.country.as_deref(), "country")?;
    let (sector, sector_category) = filters::sector(p.sector.as_deref())?;
    filters::sdg_goal(p.sdg)?;
    Ok(ExchangeFilter {
        organisation: p.organisation,
        country: p.country.clone(),
        format: p.format.map(ExchangeFormat::as_str),
        sector,
        sector_category,
        sdg: p.sdg,
        start_from: p.start_from,
        start_to: p.start_to,
        status: p.status.map(ExchangeStatus::as_str),
        project: p.project,
        partnership: p.partnership,
        visibility: p.visibility.map(Visibility::as_str),
        q: crate::text::search_filter(p.q.as_deref())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    fn valid() -> ExchangeInput {
        ExchangeInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: crate::domain::documents::es(" Intercambio sobre agricultura familiar "),
            policy_area: "31166".into(),
            summary: None,
            offering_organisations: vec![Uuid::now_v7()],
            receiving_organisations: vec![Uuid::now_v7()],
            format: ExchangeFormat::StudyVisit,
            start_date: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2025, 4, 5).unwrap(),
            host_country: Some("AR".into()),
            participants_total: Some(12),
            participants_women: Some(7),
            expert_days: Some(10),
            outcomes: None,
            lessons_learned: Some(crate::domain::documents::es("  Coordinar antes.  ")),
            sdg_goals: vec![2, 5],
            status: ExchangeStatus::Planned,
            project_id: None,
            partnership_id: None,
            visibility: Visibility::Public,
        }
    }

    #[track_caller]
    fn violated(mut input: ExchangeInput, pointer: &str, message: &str) {
        input.check(today()).assert_has(pointer, message);
    }

    #[test]
    fn a_valid_exchange_passes_normalised() {
        let mut input = valid();
        assert!(input.check(today()).is_empty());
        crate::domain::record::check_all::<PolicyExchange>(&mut input).unwrap();
        assert_eq!(input.title["es"], "Intercambio sobre agricultura familiar");
        assert_eq!(input.lessons_learned.unwrap()["es"], "Coordinar antes.");
    }

    #[test]
    fn codes_are_known_and_active() {
        let mut input = valid();
        input.policy_area = "99999".into();
        violated(input, "/policy_area", "unknown");
        let mut input = valid();
        input.policy_area = "11321".into();
        violated(input, "/policy_area", "withdrawn");
        let mut input = valid();
        input.host_country = Some("ZZ".into());
        violated(input, "/host_country", "unknown");
        let mut input = valid();
        input.sdg_goals = vec![2, 18];
        violated(input, "/sdg_goals/1", "unknown");
        let mut input = valid();
        input.sdg_goals = vec![2, 2];
        violated(input, "/sdg_goals/1", "listed twice");
    }

    #[test]
    fn someone_offers_someone_else_receives() {
        let mut input = valid();
        input.offering_organisations.clear();
        violated(
            input,
            "/offering_organisations",
            "at least one organisation",
        );
        let mut input = valid();
        input.receiving_organisations.clear();
        violated(
            input,
            "/receiving_organisations",
            "at least one organisation",
        );
        let mut input = valid();
        input.receiving_organisations = input.offering_organisations.clone();
        violated(input, "/receiving_organisations/0", "also offers");
        let mut input = valid();
        input
            .offering_organisations
            .push(input.offering_organisations[0]);
        violated(input, "/offering_organisations/1", "listed twice");
    }

    #[test]
    fn dates_are_in_order_and_in_range() {
        let mut input = valid();
        input.end_date = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        violated(input, "/end_date", "must not be before start_date");
        let mut input = valid();
        input.start_date = NaiveDate::from_ymd_opt(1899, 12, 31).unwrap();
        violated(input, "/start_date", "must be between");
    }

    #[test]
    fn women_are_counted_among_the_participants() {
        let mut input = valid();
        input.participants_women = Some(13);
        violated(
            input,
            "/participants_women",
            "13 women among 12 participants",
        );
        let mut input = valid();
        input.participants_total = None;
        violated(
            input,
            "/participants_total",
            "needed when participants_women is given",
        );
    }

    #[test]
    fn a_completed_exchange_has_outcomes_and_is_over() {
        let mut input = valid();
        input.status = ExchangeStatus::Completed;
        violated(input.clone(), "/outcomes", "records its outcomes");
        input.outcomes = Some(crate::domain::documents::es("Protocolo adoptado."));
        let mut done = input.clone();
        assert!(done.check(today()).is_empty());
        input.end_date = today().succ_opt().unwrap();
        violated(input, "/end_date", "cannot end in the future");
    }

    #[test]
    fn list_filters_are_checked() {
        let bad = |f: fn(&mut ExchangeQuery)| {
            let mut query = ExchangeQuery::default();
            f(&mut query);
            RecordListQuery::filter(&query)
                .err()
                .and_then(|e| e.errors[0].parameter.clone())
        };
        assert_eq!(
            bad(|q| q.country = Some("ZZ".into())).as_deref(),
            Some("country")
        );
        assert_eq!(
            bad(|q| q.sector = Some("99999".into())).as_deref(),
            Some("sector")
        );
        assert_eq!(bad(|q| q.sdg = Some(0)).as_deref(), Some("sdg"));
        assert_eq!(
            bad(|q| {
                q.start_from = NaiveDate::from_ymd_opt(2025, 2, 1);
                q.start_to = NaiveDate::from_ymd_opt(2025, 1, 1);
            })
            .as_deref(),
            Some("start_to")
        );
        let mut query = ExchangeQuery {
            sector: Some("311".into()),
            ..Default::default()
        };
        let filter = RecordListQuery::filter(&query).unwrap();
        assert_eq!(
            (filter.sector, filter.sector_category.as_deref()),
            (None, Some("311"))
        );
        query.sector = Some("31166".into());
        assert_eq!(
            RecordListQuery::filter(&query).unwrap().sector.as_deref(),
            Some("31166")
        );
    }
}
