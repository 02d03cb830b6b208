//! Storage of partnerships: the row (scalar fields, representation), parties, sectors.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::domain::access::ReadScope;
use crate::domain::changes::ResourceKind;
use crate::domain::partnerships::{Partnership, PartnershipFilter};
use crate::domain::record::StoredRecord;
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::schema::{
    organisations, partnership_parties, partnership_sectors, partnerships, policy_exchanges,
    projects,
};
use crate::store::snapshot::{self, ListRow, SnapshotCursor, TimeKey};
use crate::text::{contains_pattern, fold};

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = partnerships, treat_none_as_null = true)]
struct PartnershipColumns<'a> {
    title: &'a str,
    scope: &'a str,
    space: Option<&'a str>,
    instrument: &'a str,
    signed_on: Option<chrono::NaiveDate>,
    valid_from: Option<chrono::NaiveDate>,
    valid_until: Option<chrono::NaiveDate>,
    status: &'a str,
    visibility: &'a str,
    search_text: String,
    representation: String,
    version: i64,
    last_change_seq: i64,
    updated_at: NaiveDateTime,
    updated_by: &'a str,
}

impl<'a> PartnershipColumns<'a> {
    fn of(p: &'a Partnership, seq: i64) -> Result<Self, ApiError> {
        let search_text = [Some(p.title.as_str()), p.description.as_deref()]
            .into_iter()
            .flatten()
            .map(fold)
            .collect::<Vec<_>>()
            .join(" ");
        Ok(PartnershipColumns {
            title: &p.title,
            scope: p.scope.as_str(),
            space: p.space.as_deref(),
            instrument: p.instrument.as_str(),
            signed_on: p.signed_on,
            valid_from: p.valid_from,
            valid_until: p.valid_until,
            status: p.status.as_str(),
            visibility: p.visibility.as_str(),
            search_text,
            representation: serde_json::to_string(p).map_err(ApiError::internal)?,
            version: p.version,
            last_change_seq: seq,
            updated_at: p.updated_at.naive_utc(),
            updated_by: &p.updated_by,
        })
    }
}

pub fn insert(conn: &mut DbConnection, p: &Partnership, seq: i64) -> Result<String, ApiError> {
    let id = p.id.to_string();
    let columns = PartnershipColumns::of(p, seq)?;
    let representation = columns.representation.clone();
    diesel::insert_into(partnerships::table)
        .values((
            partnerships::id.eq(&id),
            columns,
            partnerships::created_seq.eq(seq),
            partnerships::created_at.eq(p.created_at.naive_utc()),
            partnerships::created_by.eq(&p.created_by),
        ))
        .execute(conn)?;
    insert_children(conn, &id, p)?;
    Ok(representation)
}

pub fn update(
    conn: &mut DbConnection,
    p: &Partnership,
    expected_version: i64,
    seq: i64,
) -> Result<Option<String>, ApiError> {
    let id = p.id.to_string();
    let columns = PartnershipColumns::of(p, seq)?;
    let representation = columns.representation.clone();
    let updated = diesel::update(
        partnerships::table
            .filter(partnerships::id.eq(&id))
            .filter(partnerships::version.eq(expected_version)),
    )
    .set(columns)
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    delete_children(conn, &id)?;
    insert_children(conn, &id, p)?;
    Ok(Some(representation))
}

pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    let id = id.to_string();
    delete_children(conn, &id)?;
    diesel::delete(partnerships::table.filter(partnerships::id.eq(&id))).execute(conn)?;
    Ok(())
}

fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::delete(partnership_parties::table.filter(partnership_parties::partnership_id.eq(id)))
        .execute(conn)?;
    diesel::delete(partnership_sectors::table.filter(partnership_sectors::partnership_id.eq(id)))
        .execute(conn)?;
    Ok(())
}

fn insert_children(conn: &mut DbConnection, id: &str, p: &Partnership) -> Result<(), ApiError> {
    for (position, party) in (0..).zip(&p.parties) {
        diesel::insert_into(partnership_parties::table)
            .values((
                partnership_parties::partnership_id.eq(id),
                partnership_parties::position.eq(position),
                partnership_parties::organisation_id.eq(party.organisation_id.to_string()),
                partnership_parties::role.eq(party.role.as_str()),
            ))
            .execute(conn)?;
    }
    for (position, code) in (0..).zip(&p.sectors) {
        diesel::insert_into(partnership_sectors::table)
            .values((
                partnership_sectors::partnership_id.eq(id),
                partnership_sectors::position.eq(position),
                partnership_sectors::code.eq(code),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The record with this exact title, if any (the demo data's way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, ApiError> {
    let id: Option<String> = partnerships::table
        .filter(partnerships::title.eq(title))
        .select(partnerships::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

pub fn find_stored(conn: &mut DbConnection, id: Uuid) -> Result<Option<StoredRecord>, ApiError> {
    let row: Option<(String, i64, String)> = partnerships::table
        .filter(partnerships::id.eq(id.to_string()))
        .select((
            partnerships::visibility,
            partnerships::version,
            partnerships::representation,
        ))
        .first(conn)
        .optional()?;
    row.map(|(visibility, version, representation)| {
        Ok(StoredRecord {
            visibility: Visibility::parse(&visibility)
                .ok_or_else(|| ApiError::internal(format!("partnership {id}: bad visibility")))?,
            version,
            representation,
        })
    })
    .transpose()
}

/// The stored partnership (its representation is written with its rows, in one
/// transaction, from the same record).
pub fn load(conn: &mut DbConnection, id: Uuid) -> Result<Option<Partnership>, ApiError> {
    find_stored(conn, id)?
        .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
        .transpose()
}

pub fn has_party(conn: &mut DbConnection, id: Uuid, organisation: Uuid) -> Result<bool, ApiError> {
    Ok(diesel::select(exists(
        partnership_parties::table
            .filter(partnership_parties::partnership_id.eq(id.to_string()))
            .filter(partnership_parties::organisation_id.eq(organisation.to_string())),
    ))
    .get_result(conn)?)
}

/// Projects and policy exchanges under the partnership, described for a 409.
pub fn referenced_by(conn: &mut DbConnection, id: Uuid) -> Result<Vec<String>, ApiError> {
    let key = id.to_string();
    let project_codes: Vec<String> = projects::table
        .filter(projects::partnership_id.eq(&key))
        .select(projects::code)
        .order(projects::code)
        .limit(20)
        .load(conn)?;
    let exchanges: Vec<String> = policy_exchanges::table
        .filter(policy_exchanges::partnership_id.eq(&key))
        .select(policy_exchanges::id)
        .order(policy_exchanges::id)
        .limit(20)
        .load(conn)?;
    Ok(project_codes
        .into_iter()
        .map(|code| format!("project {code}"))
        .chain(
            exchanges
                .into_iter()
                .map(|e| format!("policy exchange {e}")),
        )
        .collect())
}

/// How many partnerships name `organisation` as a party.
pub fn count_with_party(conn: &mut DbConnection, organisation: Uuid) -> Result<i64, ApiError> {
    Ok(partnership_parties::table
        .filter(partnership_parties::organisation_id.eq(organisation.to_string()))
        .select(diesel::dsl::count(partnership_parties::partnership_id).aggregate_distinct())
        .first(conn)?)
}

type PartnershipQuery<'a> = partnerships::BoxedQuery<'a, Backend>;

fn filtered(filter: &PartnershipFilter, scope: ReadScope) -> PartnershipQuery<'_> {
    let mut query = partnerships::table.into_boxed();
    if let Some(value) = filter.scope {
        query = query.filter(partnerships::scope.eq(value.as_str()));
    }
    if let Some(space) = &filter.space {
        query = query.filter(partnerships::space.eq(space));
    }
    if let Some(status) = filter.status {
        query = query.filter(partnerships::status.eq(status.as_str()));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(partnerships::visibility.eq(visibility.as_str()));
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
    match scope {
        ReadScope::All => query,
        ReadScope::Public => query.filter(partnerships::visibility.eq(Visibility::Public.as_str())),
        ReadScope::PublicOrParticipant(org) => query.filter(
            partnerships::visibility
                .eq(Visibility::Public.as_str())
                .or(exists(
                    partnership_parties::table
                        .filter(partnership_parties::partnership_id.eq(partnerships::id))
                        .filter(partnership_parties::organisation_id.eq(org.to_string())),
                )),
        ),
    }
}

/// One newest-first page (up to `limit + 1` rows).
pub fn page(
    conn: &mut DbConnection,
    filter: &PartnershipFilter,
    scope: ReadScope,
    cursor: &SnapshotCursor,
    limit: usize,
) -> Result<Vec<(String, TimeKey)>, ApiError> {
    let mut unchanged =
        filtered(filter, scope).filter(partnerships::last_change_seq.le(cursor.snapshot));
    if let Some(TimeKey { updated_at, id }) = &cursor.after {
        unchanged = unchanged.filter(
            partnerships::updated_at
                .lt(*updated_at)
                .or(partnerships::updated_at
                    .eq(*updated_at)
                    .and(partnerships::id.lt(id.clone()))),
        );
    }
    let unchanged: Vec<ListRow> = unchanged
        .order((partnerships::updated_at.desc(), partnerships::id.desc()))
        .limit(limit as i64 + 1)
        .select((
            partnerships::id,
            partnerships::representation,
            partnerships::updated_at,
        ))
        .load(conn)?;
    let changed_since: Vec<String> = partnerships::table
        .filter(partnerships::last_change_seq.gt(cursor.snapshot))
        .filter(partnerships::created_seq.le(cursor.snapshot))
        .select(partnerships::id)
        .load(conn)?;
    let moved: Vec<ListRow> = if changed_since.is_empty() {
        Vec::new()
    } else {
        filtered(filter, scope)
            .filter(partnerships::id.eq_any(changed_since))
            .select((
                partnerships::id,
                partnerships::representation,
                partnerships::updated_at,
            ))
            .load(conn)?
    };
    snapshot::merge(
        conn,
        ResourceKind::Partnership,
        unchanged,
        moved,
        cursor,
        limit,
    )
}
