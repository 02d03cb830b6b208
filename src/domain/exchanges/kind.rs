//! A policy exchange as a kind of record: its place in the registry, the rules that need
//! the database, and how it is stored.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::documents::{LocalisedMember, SharedParts, all_texts, text_in};
use crate::domain::exchanges::{ExchangeFilters, ExchangeInput};
use crate::domain::kinds::ResourceKind;
use crate::domain::organisations::{listed, unknown_organisations};
use crate::domain::partnerships::Partnership;
use crate::domain::projects::Project;
use crate::domain::record::{self, CooperationKind, NoDerived, Record, RecordKind, ReviewedMeta};
use crate::domain::vocabulary::Visibility;
use crate::error::{ApiError, FieldError};
use crate::store::exchanges::{ExchangeColumns, ExchangeRow, Exchanges, OFFERING, RECEIVING};
use crate::text::search_text;
use crate::validation::Violations;

impl RecordKind for ExchangeInput {
    const KIND: ResourceKind = ResourceKind::PolicyExchange;
    type Derived = NoDerived;
    type Meta = ReviewedMeta;

    fn shared_parts(&mut self) -> Option<SharedParts<'_>> {
        let input = self;
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

    fn check(&mut self, today: NaiveDate) -> Violations {
        self.check_rules(today)
    }

    /// Organisations exist; the project and partnership, when given, exist and the
    /// caller may read them.
    fn check_references(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        _id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let input = self;
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
                crate::msg!(
                    "not-found-with-id",
                    kind = crate::l10n::noun("project"),
                    id = project.to_string()
                ),
            ));
        }
        if let Some(partnership) = input.partnership_id
            && !record::visible::<Partnership>(conn, caller, partnership)?
        {
            errors.push(FieldError::at(
                "/partnership_id",
                crate::msg!(
                    "not-found-with-id",
                    kind = crate::l10n::noun("partnership"),
                    id = partnership.to_string()
                ),
            ));
        }
        ApiError::unless_violated(errors)
    }
}

impl CooperationKind for ExchangeInput {
    type Table = Exchanges;
    type Filters = ExchangeFilters;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn participants(&self) -> Vec<Uuid> {
        self.offering_organisations
            .iter()
            .chain(&self.receiving_organisations)
            .copied()
            .collect()
    }

    fn search_text(&self) -> String {
        search_text(all_texts([Some(&self.title), self.summary.as_ref()]))
    }

    fn row(record: &Record<Self>) -> Result<ExchangeRow, ApiError> {
        let count = |n: Option<u32>| n.map(|n| n as i32);
        Ok(ExchangeRow {
            columns: ExchangeColumns {
                title: text_in(&record.title, &record.default_language).to_owned(),
                policy_area: record.policy_area.clone(),
                policy_category: record.policy_area[..3].to_owned(),
                format: record.format.as_str(),
                start_date: record.start_date,
                start_year: chrono::Datelike::year(&record.start_date),
                end_date: record.end_date,
                host_country: record.host_country.clone(),
                participants_total: count(record.participants_total),
                participants_women: count(record.participants_women),
                expert_days: count(record.expert_days),
                status: record.status.as_str(),
                project_id: record.project_id.map(|id| id.to_string()),
                partnership_id: record.partnership_id.map(|id| id.to_string()),
            },
            organisations: record
                .offering_organisations
                .iter()
                .map(|o| (*o, OFFERING))
                .chain(
                    record
                        .receiving_organisations
                        .iter()
                        .map(|o| (*o, RECEIVING)),
                )
                .collect(),
            sdg_goals: record.sdg_goals.clone(),
        })
    }
}
