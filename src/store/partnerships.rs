//! Storage of partnerships: the row's own columns, the parties, the sectors, the list
//! filters. The shared columns and queries are `store::records`'.

use diesel::dsl::exists;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::schema::{organisations, partnership_parties, partnership_sectors, partnerships};
use crate::store::StoreError;
use crate::store::batch::insert_children;
use crate::store::record_table::{
    RecordColumns, RecordRow, delete_children, record_table, with_ids,
};
use crate::store::visibility::{ReadScope, readable_by};
use crate::text::contains_pattern;

record_table! {
    /// The `partnerships` table.
    pub struct Partnerships {
        table: partnerships,
        kind: "partnership",
        participants: partnership_parties.partnership_id,
        row: PartnershipRow,
        filter: PartnershipFilter => filtered,
    }
}

/// A partnership's own columns.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = partnerships, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct PartnershipColumns {
    pub title: String,
    pub scope: &'static str,
    pub space: Option<String>,
    pub instrument: &'static str,
    pub signed_on: Option<chrono::NaiveDate>,
    pub valid_from: Option<chrono::NaiveDate>,
    pub valid_until: Option<chrono::NaiveDate>,
    pub status: &'static str,
}

/// A partnership as stored beside the shared columns.
#[derive(Debug, Clone)]
pub struct PartnershipRow {
    pub columns: PartnershipColumns,
    /// (organisation, role), in order.
    pub parties: Vec<(Uuid, &'static str)>,
    /// DAC categories or sectors, in order.
    pub sectors: Vec<String>,
}

impl RecordRow for PartnershipRow {
    fn insert_children(
        conn: &mut DbConnection,
        records: &[(&RecordColumns, &Self)],
    ) -> Result<(), StoreError> {
        insert_children!(conn, partnership_parties.partnership_id,
            for (id, row) in with_ids(records) => &row.parties,
            |(organisation, role)| { organisation_id: organisation.to_string(), role: *role })?;
        insert_children!(conn, partnership_sectors.partnership_id,
            for (id, row) in with_ids(records) => &row.sectors,
            |code| { code: code })?;
        Ok(())
    }

    fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        delete_children!(
            conn,
            id,
            partnership_parties.partnership_id,
            partnership_sectors.partnership_id
        )
    }
}

/// The record with this exact title, if any (the demo data's way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = partnerships::table
        .filter(partnerships::title.eq(title))
        .select(partnerships::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

/// The list filters, checked (codes as stored).
#[derive(Debug, Default, Clone)]
pub struct PartnershipFilter {
    pub scope: Option<&'static str>,
    pub space: Option<String>,
    pub status: Option<&'static str>,
    /// A party, in any role.
    pub organisation: Option<Uuid>,
    /// Parties from this country.
    pub country: Option<String>,
    /// A DAC category (3 digits, its sectors included) or sector.
    pub sector: Option<String>,
    pub visibility: Option<&'static str>,
    /// Folded search text.
    pub q: Option<String>,
}

fn filtered(filter: &PartnershipFilter, scope: ReadScope) -> partnerships::BoxedQuery<'_, Backend> {
    let mut query = partnerships::table.into_boxed();
    if let Some(value) = filter.scope {
        query = query.filter(partnerships::scope.eq(value));
    }
    if let Some(space) = &filter.space {
        query = query.filter(partnerships::space.eq(space));
    }
    if let Some(status) = filter.status {
        query = query.filter(partnerships::status.eq(status));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(partnerships::visibility.eq(visibility));
    }
    if let Some(organisation) = filter.organisation {
        query = query.filter(exists(
            partnership_parties::table
                .filter(partnership_parties::partnership_id.eq(partnerships::id))
                .filter(partnership_parties::organisation_id.eq(organisation.to_string())),
        ));
    }
    if let Some(country) = &filter.country {
        query = query.filter(exists(
            partnership_parties::table
                .inner_join(
                    organisations::table
                        .on(organisations::id.eq(partnership_parties::organisation_id)),
                )
                .filter(partnership_parties::partnership_id.eq(partnerships::id))
                .filter(organisations::country_code.eq(country)),
        ));
    }
    if let Some(sector) = &filter.sector {
        query = query.filter(exists(
            partnership_sectors::table
                .filter(partnership_sectors::partnership_id.eq(partnerships::id))
                .filter(
                    partnership_sectors::code
                        .eq(sector)
                        .or(partnership_sectors::code.like(format!("{sector}%"))),
                ),
        ));
    }
    if let Some(q) = &filter.q {
        query = query.filter(
            partnerships::search_text
                .like(contains_pattern(q))
                .escape('\\'),
        );
    }
    readable_by!(
        query,
        scope,
        partnerships,
        partnership_parties.partnership_id
    )
}
