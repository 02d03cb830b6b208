//! A cooperation request as a kind of record: its place in the registry, the members the
//! server owns, the rules that need the database, and how it is stored.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::domain::cooperation_requests::{
    CooperationRequest, CooperationRequestFilters, CooperationRequestInput, RequestStatus,
};
use crate::domain::documents::{LocalisedMember, SharedParts, all_texts, text_in};
use crate::domain::kinds::ResourceKind;
use crate::domain::organisations::unknown_organisations;
use crate::domain::record::{CooperationKind, NoDerived, Record, RecordKind, ReviewedMeta};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::cooperation_requests::{
    CooperationRequestColumns, CooperationRequestRow, CooperationRequests,
};
use crate::store::organisations as org_store;
use crate::store::record_table;
use crate::store::visibility::ReadScope;
use crate::text::search_text;
use crate::validation::Violations;

impl RecordKind for CooperationRequestInput {
    const KIND: ResourceKind = ResourceKind::CooperationRequest;
    type Derived = NoDerived;
    type Meta = ReviewedMeta;

    fn shared_parts(&mut self) -> Option<SharedParts<'_>> {
        let input = self;
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 300, &mut input.title),
                LocalisedMember::required(
                    "/problem_statement",
                    20_000,
                    &mut input.problem_statement,
                ),
                LocalisedMember::optional("/expected_results", 20_000, &mut input.expected_results),
                LocalisedMember::optional(
                    "/target_population",
                    20_000,
                    &mut input.target_population,
                ),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(&mut self, _today: NaiveDate) -> Violations {
        self.check_rules()
    }

    /// The pipeline's members are kept from the stored version (a new request is
    /// `received`), whatever the body says; the country is the requesting organisation's.
    /// The priority is the directorate's: a partner's write that sets or changes it is
    /// refused.
    fn settle(
        &mut self,
        conn: &mut DbConnection,
        caller: &Caller,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let stored = match id {
            Some(id) => stored(conn, id)?,
            None => None,
        };
        let priority_before = stored.as_ref().and_then(|s| s.priority);
        if caller.role == Role::Partner && self.priority != priority_before {
            return Err(ApiError::forbidden(crate::msg!("priority-for-directorate")));
        }
        match stored {
            Some(stored) => {
                self.status = stored.status;
                self.decline_reason = stored.decline_reason;
                self.comment_to_requester = stored.comment_to_requester.clone();
                self.project_id = stored.project_id;
            }
            None => {
                self.status = RequestStatus::Received;
                self.decline_reason = None;
                self.comment_to_requester = None;
                self.project_id = None;
            }
        }
        self.country = org_store::find(conn, self.requesting_organisation)?
            .and_then(|organisation| organisation.content.country_code);
        Ok(())
    }

    /// The requesting organisation exists.
    fn check_references(
        &self,
        conn: &mut DbConnection,
        _caller: &Caller,
        _id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let organisation = vec![(
            "/requesting_organisation".to_owned(),
            self.requesting_organisation,
        )];
        ApiError::unless_violated(unknown_organisations(conn, organisation)?)
    }
}

/// The stored current version of request `id` (none for an incomplete draft), whoever
/// asks: what the server owns is kept from it.
fn stored(conn: &mut DbConnection, id: Uuid) -> Result<Option<CooperationRequestInput>, ApiError> {
    record_table::find::<CooperationRequests>(conn, id, ReadScope::All)?
        .map(|stored| {
            serde_json::from_str::<CooperationRequest>(&stored.representation)
                .map(|record| record.fields)
                .map_err(ApiError::internal)
        })
        .transpose()
}

impl CooperationKind for CooperationRequestInput {
    type Table = CooperationRequests;
    type Filters = CooperationRequestFilters;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn participants(&self) -> Vec<Uuid> {
        vec![self.requesting_organisation]
    }

    fn search_text(&self) -> String {
        search_text(all_texts([
            Some(&self.title),
            Some(&self.problem_statement),
            self.expected_results.as_ref(),
            self.target_population.as_ref(),
        ]))
    }

    fn row(record: &Record<Self>) -> Result<CooperationRequestRow, ApiError> {
        Ok(CooperationRequestRow {
            columns: CooperationRequestColumns {
                title: text_in(&record.title, &record.default_language).to_owned(),
                status: record.status.as_str(),
                channel: record.channel.as_str(),
                priority: record.priority.map(|p| p.as_str()),
                country_code: record.country.clone(),
                project_id: record.project_id.map(|id| id.to_string()),
                desired_start_from: record.desired_start_from,
                desired_start_to: record.desired_start_to,
            },
            codes: record.codes().rows(vec![record.requesting_organisation]),
        })
    }
}
