//! Storage of triangular arrangements: the row (scalar fields, representation), the
//! parties with their roles, the cost sharing.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::domain::access::ReadScope;
use crate::domain::arrangements::{ArrangementFilter, TriangularArrangement};
use crate::domain::changes::ResourceKind;
use crate::domain::projects::ParticipantRole;
use crate::domain::record::StoredRecord;
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::schema::{
    arrangement_costs, arrangement_parties, project_participants, projects, triangular_arrangements,
};
use crate::store::parse_uuid;
use crate::store::snapshot::{self, ListRow, SnapshotCursor, TimeKey};
use crate::text::{contains_pattern, fold};

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = triangular_arrangements, treat_none_as_null = true)]
struct ArrangementColumns<'a> {
    title: &'a str,
    agreement_kind: &'a str,
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

impl<'a> ArrangementColumns<'a> {
    fn of(a: &'a TriangularArrangement, seq: i64) -> Result<Self, ApiError> {
        let search_text = [Some(a.title.as_str()), a.governance.as_deref()]
            .into_iter()
            .flatten()
            .map(fold)
            .collect::<Vec<_>>()
            .join(" ");
        Ok(ArrangementColumns {
            title: &a.title,
            agreement_kind: a.agreement_kind.as_str(),
            signed_on: a.signed_on,
            valid_from: a.valid_from,
            valid_until: a.valid_until,
            status: a.status.as_str(),
            visibility: a.visibility.as_str(),
            search_text,
            representation: serde_json::to_string(a).map_err(ApiError::internal)?,
            version: a.version,
            last_change_seq: seq,
            updated_at: a.updated_at.naive_utc(),
            updated_by: &a.updated_by,
        })
    }
}

pub fn insert(
    conn: &mut DbConnection,
    p: &TriangularArrangement,
    seq: i64,
) -> Result<String, ApiError> {
    let id = p.id.to_string();
    let columns = ArrangementColumns::of(p, seq)?;
    let representation = columns.representation.clone();
    diesel::insert_into(triangular_arrangements::table)
        .values((
            triangular_arrangements::id.eq(&id),
            columns,
            triangular_arrangements::created_seq.eq(seq),
            triangular_arrangements::created_at.eq(p.created_at.naive_utc()),
            triangular_arrangements::created_by.eq(&p.created_by),
        ))
        .execute(conn)?;
    insert_children(conn, &id, p)?;
    Ok(representation)
}

pub fn update(
    conn: &mut DbConnection,
    p: &TriangularArrangement,
    expected_version: i64,
    seq: i64,
) -> Result<Option<String>, ApiError> {
    let id = p.id.to_string();
    let columns = ArrangementColumns::of(p, seq)?;
    let representation = columns.representation.clone();
    let updated = diesel::update(
        triangular_arrangements::table
            .filter(triangular_arrangements::id.eq(&id))
            .filter(triangular_arrangements::version.eq(expected_version)),
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
    diesel::delete(triangular_arrangements::table.filter(triangular_arrangements::id.eq(&id)))
        .execute(conn)?;
    Ok(())
}

fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::delete(arrangement_parties::table.filter(arrangement_parties::arrangement_id.eq(id)))
        .execute(conn)?;
    diesel::delete(arrangement_costs::table.filter(arrangement_costs::arrangement_id.eq(id)))
        .execute(conn)?;
    Ok(())
}

fn insert_children(
    conn: &mut DbConnection,
    id: &str,
    a: &TriangularArrangement,
) -> Result<(), ApiError> {
    let parties = a
        .first_providers
        .iter()
        .map(|o| (o, ParticipantRole::FirstProvider))
        .chain(
            a.second_providers
                .iter()
                .map(|o| (o, ParticipantRole::SecondProvider)),
        )
        .chain(a.recipients.iter().map(|o| (o, ParticipantRole::Recipient)));
    for (position, (organisation, role)) in (0..).zip(parties) {
        diesel::insert_into(arrangement_parties::table)
            .values((
                arrangement_parties::arrangement_id.eq(id),
                arrangement_parties::position.eq(position),
                arrangement_parties::organisation_id.eq(organisation.to_string()),
                arrangement_parties::role.eq(role.as_str()),
            ))
            .execute(conn)?;
    }
    for (position, c) in (0..).zip(&a.cost_sharing) {
        let amount_minor = match (&c.amount, &c.currency) {
            (Some(amount), Some(currency)) => Some(
                crate::domain::money::parse_amount(amount, currency).map_err(ApiError::internal)?,
            ),
            _ => None,
        };
        diesel::insert_into(arrangement_costs::table)
            .values((
                arrangement_costs::arrangement_id.eq(id),
                arrangement_costs::position.eq(position),
                arrangement_costs::organisation_id.eq(c.organisation_id.to_string()),
                arrangement_costs::amount_minor.eq(amount_minor),
                arrangement_costs::currency.eq(c.currency.as_deref()),
                arrangement_costs::expert_days.eq(c.expert_days.map(|d| d as i32)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The record with this exact title, if any (the demo data's way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, ApiError> {
    let id: Option<String> = triangular_arrangements::table
        .filter(triangular_arrangements::title.eq(title))
        .select(triangular_arrangements::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

pub fn find_stored(conn: &mut DbConnection, id: Uuid) -> Result<Option<StoredRecord>, ApiError> {
    let row: Option<(String, i64, String)> = triangular_arrangements::table
        .filter(triangular_arrangements::id.eq(id.to_string()))
        .select((
            triangular_arrangements::visibility,
            triangular_arrangements::version,
            triangular_arrangements::representation,
        ))
        .first(conn)
        .optional()?;
    row.map(|(visibility, version, representation)| {
        Ok(StoredRecord {
            visibility: Visibility::parse(&visibility).ok_or_else(|| {
                ApiError::internal(format!("triangular arrangement {id}: bad visibility"))
            })?,
            version,
            representation,
        })
    })
    .transpose()
}

/// The stored arrangement (its representation is written with its rows, in one
/// transaction, from the same record).
pub fn load(conn: &mut DbConnection, id: Uuid) -> Result<Option<TriangularArrangement>, ApiError> {
    find_stored(conn, id)?
        .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
        .transpose()
}

pub fn has_party(conn: &mut DbConnection, id: Uuid, organisation: Uuid) -> Result<bool, ApiError> {
    Ok(diesel::select(exists(
        arrangement_parties::table
            .filter(arrangement_parties::arrangement_id.eq(id.to_string()))
            .filter(arrangement_parties::organisation_id.eq(organisation.to_string())),
    ))
    .get_result(conn)?)
}

/// The projects under the arrangement: their codes and participants with roles.
#[allow(clippy::type_complexity)]
pub fn projects_under(
    conn: &mut DbConnection,
    id: Uuid,
) -> Result<Vec<(String, Vec<(Uuid, ParticipantRole)>)>, ApiError> {
    let rows: Vec<(String, String, String)> = projects::table
        .inner_join(project_participants::table)
        .filter(projects::triangular_arrangement_id.eq(id.to_string()))
        .select((
            projects::code,
            project_participants::organisation_id,
            project_participants::role,
        ))
        .order((projects::code, project_participants::position))
        .load(conn)?;
    let mut found: Vec<(String, Vec<(Uuid, ParticipantRole)>)> = Vec::new();
    for (code, organisation, role) in rows {
        let role = ParticipantRole::parse(&role)
            .ok_or_else(|| ApiError::internal(format!("project {code}: bad participant role")))?;
        let organisation = parse_uuid(&organisation)?;
        match found.last_mut() {
            Some((last, participants)) if *last == code => participants.push((organisation, role)),
            _ => found.push((code, vec![(organisation, role)])),
        }
    }
    Ok(found)
}

/// How many arrangements name `organisation` as a party.
pub fn count_with_party(conn: &mut DbConnection, organisation: Uuid) -> Result<i64, ApiError> {
    Ok(arrangement_parties::table
        .filter(arrangement_parties::organisation_id.eq(organisation.to_string()))
        .select(diesel::dsl::count(arrangement_parties::arrangement_id).aggregate_distinct())
        .first(conn)?)
}

type ArrangementQuery<'a> = triangular_arrangements::BoxedQuery<'a, Backend>;

fn filtered(filter: &ArrangementFilter, scope: ReadScope) -> ArrangementQuery<'_> {
    let mut query = triangular_arrangements::table.into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(triangular_arrangements::status.eq(status.as_str()));
    }
    if let Some(kind) = filter.agreement_kind {
        query = query.filter(triangular_arrangements::agreement_kind.eq(kind.as_str()));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(triangular_arrangements::visibility.eq(visibility.as_str()));
    }
    if let Some(organisation) = filter.organisation {
        let parties = arrangement_parties::table
            .filter(arrangement_parties::arrangement_id.eq(triangular_arrangements::id))
            .filter(arrangement_parties::organisation_id.eq(organisation.to_string()));
        query = match filter.role {
            Some(role) => query.filter(exists(
                parties.filter(arrangement_parties::role.eq(role.as_str())),
            )),
            None => query.filter(exists(parties)),
        };
    }
    if let Some(q) = &filter.q {
        query = query.filter(
            triangular_arrangements::search_text
                .like(contains_pattern(q))
                .escape('\\'),
        );
    }
    match scope {
        ReadScope::All => query,
        ReadScope::Public => {
            query.filter(triangular_arrangements::visibility.eq(Visibility::Public.as_str()))
        }
        ReadScope::PublicOrParticipant(org) => query.filter(
            triangular_arrangements::visibility
                .eq(Visibility::Public.as_str())
                .or(exists(
                    arrangement_parties::table
                        .filter(arrangement_parties::arrangement_id.eq(triangular_arrangements::id))
                        .filter(arrangement_parties::organisation_id.eq(org.to_string())),
                )),
        ),
    }
}

/// One newest-first page (up to `limit + 1` rows).
pub fn page(
    conn: &mut DbConnection,
    filter: &ArrangementFilter,
    scope: ReadScope,
    cursor: &SnapshotCursor,
    limit: usize,
) -> Result<Vec<(String, TimeKey)>, ApiError> {
    let mut unchanged = filtered(filter, scope)
        .filter(triangular_arrangements::last_change_seq.le(cursor.snapshot));
    if let Some(TimeKey { updated_at, id }) = &cursor.after {
        unchanged = unchanged.filter(
            triangular_arrangements::updated_at.lt(*updated_at).or(
                triangular_arrangements::updated_at
                    .eq(*updated_at)
                    .and(triangular_arrangements::id.lt(id.clone())),
            ),
        );
    }
    let unchanged: Vec<ListRow> = unchanged
        .order((
            triangular_arrangements::updated_at.desc(),
            triangular_arrangements::id.desc(),
        ))
        .limit(limit as i64 + 1)
        .select((
            triangular_arrangements::id,
            triangular_arrangements::representation,
            triangular_arrangements::updated_at,
        ))
        .load(conn)?;
    let changed_since: Vec<String> = triangular_arrangements::table
        .filter(triangular_arrangements::last_change_seq.gt(cursor.snapshot))
        .filter(triangular_arrangements::created_seq.le(cursor.snapshot))
        .select(triangular_arrangements::id)
        .load(conn)?;
    let moved: Vec<ListRow> = if changed_since.is_empty() {
        Vec::new()
    } else {
        filtered(filter, scope)
            .filter(triangular_arrangements::id.eq_any(changed_since))
            .select((
                triangular_arrangements::id,
                triangular_arrangements::representation,
                triangular_arrangements::updated_at,
            ))
            .load(conn)?
    };
    snapshot::merge(
        conn,
        ResourceKind::TriangularArrangement,
        unchanged,
        moved,
        cursor,
        limit,
    )
}
