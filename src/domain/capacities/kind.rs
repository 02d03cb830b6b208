//! A capacity as a kind of record: its place in the registry, the rules that need the
//! database, and how it is stored.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::capacities::{CapacityFilters, CapacityInput};
use crate::domain::documents::{LocalisedMember, SharedParts, all_texts, text_in};
use crate::domain::kinds::ResourceKind;
use crate::domain::organisations::{listed, unknown_organisations};
use crate::domain::record::{CooperationKind, NoDerived, Record, RecordKind, ReviewedMeta};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::capacities::{Capacities, CapacityColumns, CapacityRow};
use crate::text::search_text;
use crate::validation::Violations;

impl RecordKind for CapacityInput {
    const KIND: ResourceKind = ResourceKind::Capacity;
    type Derived = NoDerived;
    type Meta = ReviewedMeta;

    fn shared_parts(&mut self) -> Option<SharedParts<'_>> {
        let input = self;
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 300, &mut input.title),
                LocalisedMember::required("/description", 20_000, &mut input.description),
                LocalisedMember::optional(
                    "/what_partners_learn",
                    20_000,
                    &mut input.what_partners_learn,
                ),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(&mut self, _today: NaiveDate) -> Violations {
        self.check_rules()
    }

    /// The offering organisations exist.
    fn check_references(
        &self,
        conn: &mut DbConnection,
        _caller: &Caller,
        _id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let organisations =
            listed("offering_organisations", &self.offering_organisations).collect();
        ApiError::unless_violated(unknown_organisations(conn, organisations)?)
    }
}

impl CooperationKind for CapacityInput {
    type Table = Capacities;
    type Filters = CapacityFilters;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn participants(&self) -> Vec<Uuid> {
        self.offering_organisations.clone()
    }

    fn search_text(&self) -> String {
        search_text(all_texts([
            Some(&self.title),
            Some(&self.description),
            self.what_partners_learn.as_ref(),
        ]))
    }

    fn row(record: &Record<Self>) -> Result<CapacityRow, ApiError> {
        let count = |n: Option<u32>| n.map(|n| n as i32);
        Ok(CapacityRow {
            columns: CapacityColumns {
                title: text_in(&record.title, &record.default_language).to_owned(),
                status: record.status.as_str(),
                typical_duration_days: count(record.typical_duration_days),
                experts_available: count(record.experts_available),
                in_kind_expert_days: count(record.in_kind_expert_days),
            },
            codes: record.codes().rows(record.offering_organisations.clone()),
        })
    }
}
