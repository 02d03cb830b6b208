//! Storage of policy exchanges: the row, the offering and receiving organisations, SDGs.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::domain::access::ReadScope;
use crate::domain::changes::ResourceKind;
use crate::domain::exchanges::{ExchangeFilter, PolicyExchange};
use crate::domain::record::StoredRecord;
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::schema::{exchange_organisations, exchange_sdg_goals, policy_exchanges};
use crate::store::snapshot::{self, ListRow, SnapshotCursor, TimeKey};
use crate::text::fold;

const OFFERING: &str = "offering";
const RECEIVING: &str = "receiving";

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = policy_exchanges, treat_none_as_null = true)]
struct ExchangeColumns<'a> {
    title: &'a str,
    policy_area: &'a str,
    policy_category: &'a str,
    format: &'a str,
    start_date: chrono::NaiveDate,
    start_year: i32,
    end_date: chrono::NaiveDate,
    host_country: Option<&'a str>,
    participants_total: Option<i32>,
    participants_women: Option<i32>,
    expert_days: Option<i32>,
    status: &'a str,
    project_id: Option<String>,
    partnership_id: Option<String>,
    visibility: &'a str,
    search_text: String,
    representation: String,
    version: i64,
    last_change_seq: i64,
    updated_at: NaiveDateTime,
    updated_by: &'a str,
}

impl<'a> ExchangeColumns<'a> {
    fn of(e: &'a PolicyExchange, seq: i64) -> Result<Self, ApiError> {
        let search_text = [Some(e.title.as_str()), e.summary.as_deref()]
            .into_iter()
            .flatten()
            .map(fold)
            .collect::<Vec<_>>()
            .join(" ");
        let count = |n: Option<u32>| n.map(|n| n as i32);
        Ok(ExchangeColumns {
            title: &e.title,
            policy_area: &e.policy_area,
            policy_category: &e.policy_area[..3],
            format: e.format.as_str(),
            start_date: e.start_date,
            start_year: chrono::Datelike::year(&e.start_date),
            end_date: e.end_date,
            host_country: e.host_country.as_deref(),
            participants_total: count(e.participants_total),
            participants_women: count(e.participants_women),
            expert_days: count(e.expert_days),
            status: e.status.as_str(),
            project_id: e.project_id.map(|id| id.to_string()),
            partnership_id: e.partnership_id.map(|id| id.to_string()),
            visibility: e.visibility.as_str(),
            search_text,
            representation: serde_json::to_string(e).map_err(ApiError::internal)?,
            version: e.version,
            last_change_seq: seq,
            updated_at: e.updated_at.naive_utc(),
            updated_by: &e.updated_by,
        })
    }
}

pub fn insert(conn: &mut DbConnection, e: &PolicyExchange, seq: i64) -> Result<String, ApiError> {
    let id = e.id.to_string();
    let columns = ExchangeColumns::of(e, seq)?;
    let representation = columns.representation.clone();
    diesel::insert_into(policy_exchanges::table)
        .values((
            policy_exchanges::id.eq(&id),
            columns,
            policy_exchanges::created_seq.eq(seq),
            policy_exchanges::created_at.eq(e.created_at.naive_utc()),
            policy_exchanges::created_by.eq(&e.created_by),
        ))
        .execute(conn)?;
    insert_children(conn, &id, e)?;
    Ok(representation)
}

pub fn update(
    conn: &mut DbConnection,
    e: &PolicyExchange,
    expected_version: i64,
    seq: i64,
) -> Result<Option<String>, ApiError> {
    let id = e.id.to_string();
    let columns = ExchangeColumns::of(e, seq)?;
    let representation = columns.representation.clone();
    let updated = diesel::update(
        policy_exchanges::table
            .filter(policy_exchanges::id.eq(&id))
            .filter(policy_exchanges::version.eq(expected_version)),
    )
    .set(columns)
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    delete_children(conn, &id)?;
    insert_children(conn, &id, e)?;
    Ok(Some(representation))
}

pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    let id = id.to_string();
    delete_children(conn, &id)?;
    diesel::delete(policy_exchanges::table.filter(policy_exchanges::id.eq(&id))).execute(conn)?;
    Ok(())
}

fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::delete(
        exchange_organisations::table.filter(exchange_organisations::exchange_id.eq(id)),
    )
    .execute(conn)?;
    diesel::delete(exchange_sdg_goals::table.filter(exchange_sdg_goals::exchange_id.eq(id)))
        .execute(conn)?;
    Ok(())
}

fn insert_children(conn: &mut DbConnection, id: &str, e: &PolicyExchange) -> Result<(), ApiError> {
    let organisations = e
        .offering_organisations
        .iter()
        .map(|o| (o, OFFERING))
        .chain(e.receiving_organisations.iter().map(|o| (o, RECEIVING)));
    for (position, (organisation, side)) in (0..).zip(organisations) {
        diesel::insert_into(exchange_organisations::table)
            .values((
                exchange_organisations::exchange_id.eq(id),
                exchange_organisations::position.eq(position),
                exchange_organisations::organisation_id.eq(organisation.to_string()),
                exchange_organisations::side.eq(side),
            ))
            .execute(conn)?;
    }
    for (position, goal) in (0..).zip(&e.sdg_goals) {
        diesel::insert_into(exchange_sdg_goals::table)
            .values((
                exchange_sdg_goals::exchange_id.eq(id),
                exchange_sdg_goals::position.eq(position),
                exchange_sdg_goals::goal.eq(goal),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The record with this exact title, if any (the demo data's way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, ApiError> {
    let id: Option<String> = policy_exchanges::table
        .filter(policy_exchanges::title.eq(title))
        .select(policy_exchanges::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

pub fn find_stored(conn: &mut DbConnection, id: Uuid) -> Result<Option<StoredRecord>, ApiError> {
    let row: Option<(String, i64, String)> = policy_exchanges::table
        .filter(policy_exchanges::id.eq(id.to_string()))
        .select((
            policy_exchanges::visibility,
            policy_exchanges::version,
            policy_exchanges::representation,
        ))
        .first(conn)
        .optional()?;
    row.map(|(visibility, version, representation)| {
        Ok(StoredRecord {
            visibility: Visibility::parse(&visibility).ok_or_else(|| {
                ApiError::internal(format!("policy exchange {id}: bad visibility"))
            })?,
            version,
            representation,
        })
    })
    .transpose()
}

/// The stored exchange (its representation is written with its rows, in one transaction,
/// from the same record).
pub fn load(conn: &mut DbConnection, id: Uuid) -> Result<Option<PolicyExchange>, ApiError> {
    find_stored(conn, id)?
        .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
        .transpose()
}

pub fn has_organisation(
    conn: &mut DbConnection,
    id: Uuid,
    organisation: Uuid,
) -> Result<bool, ApiError> {
    Ok(diesel::select(exists(
        exchange_organisations::table
            .filter(exchange_organisations::exchange_id.eq(id.to_string()))
            .filter(exchange_organisations::organisation_id.eq(organisation.to_string())),
    ))
    .get_result(conn)?)
}

/// How many exchanges name `organisation` (offering or receiving).
pub fn count_with_organisation(
    conn: &mut DbConnection,
    organisation: Uuid,
) -> Result<i64, ApiError> {
    Ok(exchange_organisations::table
        .filter(exchange_organisations::organisation_id.eq(organisation.to_string()))
        .select(diesel::dsl::count(exchange_organisations::exchange_id).aggregate_distinct())
        .first(conn)?)
}

pub type ExchangeQuery<'a> = policy_exchanges::BoxedQuery<'a, Backend>;

/// Apply the policy exchange filters and a caller's read scope to a boxed query over
/// `policy_exchanges` (for any backend: lists use the multi-backend one, statistics the
/// concrete one).
macro_rules! filter_exchanges {
    ($query:expr, $filter:expr, $scope:expr) => {{
        let filter: &$crate::domain::exchanges::ExchangeFilter = $filter;
        let scope: $crate::domain::access::ReadScope = $scope;
        let mut query = $query;
        if let Some(organisation) = filter.organisation {
            query = query.filter(diesel::dsl::exists(
                $crate::schema::exchange_organisations::table
                    .filter(
                        $crate::schema::exchange_organisations::exchange_id
                            .eq($crate::schema::policy_exchanges::id),
                    )
                    .filter(
                        $crate::schema::exchange_organisations::organisation_id
                            .eq(organisation.to_string()),
                    ),
            ));
        }
        if let Some(country) = &filter.country {
            query = query.filter($crate::schema::policy_exchanges::host_country.eq(country));
        }
        if let Some(format) = filter.format {
            query = query.filter($crate::schema::policy_exchanges::format.eq(format.as_str()));
        }
        if let Some(sector) = &filter.sector {
            query = query.filter($crate::schema::policy_exchanges::policy_area.eq(sector));
        }
        if let Some(category) = &filter.sector_category {
            query = query.filter($crate::schema::policy_exchanges::policy_category.eq(category));
        }
        if let Some(goal) = filter.sdg {
            query = query.filter(diesel::dsl::exists(
                $crate::schema::exchange_sdg_goals::table
                    .filter(
                        $crate::schema::exchange_sdg_goals::exchange_id
                            .eq($crate::schema::policy_exchanges::id),
                    )
                    .filter($crate::schema::exchange_sdg_goals::goal.eq(goal)),
            ));
        }
        if let Some(from) = filter.start_from {
            query = query.filter($crate::schema::policy_exchanges::start_date.ge(from));
        }
        if let Some(to) = filter.start_to {
            query = query.filter($crate::schema::policy_exchanges::start_date.le(to));
        }
        if let Some(status) = filter.status {
            query = query.filter($crate::schema::policy_exchanges::status.eq(status.as_str()));
        }
        if let Some(project) = filter.project {
            query =
                query.filter($crate::schema::policy_exchanges::project_id.eq(project.to_string()));
        }
        if let Some(partnership) = filter.partnership {
            query = query.filter(
                $crate::schema::policy_exchanges::partnership_id.eq(partnership.to_string()),
            );
        }
        if let Some(visibility) = filter.visibility {
            query =
                query.filter($crate::schema::policy_exchanges::visibility.eq(visibility.as_str()));
        }
        if let Some(q) = &filter.q {
            query = query.filter(
                $crate::schema::policy_exchanges::search_text
                    .like($crate::text::contains_pattern(q))
                    .escape('\\'),
            );
        }
        match scope {
            $crate::domain::access::ReadScope::All => query,
            $crate::domain::access::ReadScope::Public => query.filter(
                $crate::schema::policy_exchanges::visibility
                    .eq($crate::domain::vocabulary::Visibility::Public.as_str()),
            ),
            $crate::domain::access::ReadScope::PublicOrParticipant(org) => query.filter(
                $crate::schema::policy_exchanges::visibility
                    .eq($crate::domain::vocabulary::Visibility::Public.as_str())
                    .or(diesel::dsl::exists(
                        $crate::schema::exchange_organisations::table
                            .filter(
                                $crate::schema::exchange_organisations::exchange_id
                                    .eq($crate::schema::policy_exchanges::id),
                            )
                            .filter(
                                $crate::schema::exchange_organisations::organisation_id
                                    .eq(org.to_string()),
                            ),
                    )),
            ),
        }
    }};
}

pub(crate) use filter_exchanges;

/// Exchanges matching `filter` that `scope` may see.
pub fn filtered(filter: &ExchangeFilter, scope: ReadScope) -> ExchangeQuery<'_> {
    filter_exchanges!(policy_exchanges::table.into_boxed(), filter, scope)
}

/// One newest-first page (up to `limit + 1` rows).
pub fn page(
    conn: &mut DbConnection,
    filter: &ExchangeFilter,
    scope: ReadScope,
    cursor: &SnapshotCursor,
    limit: usize,
) -> Result<Vec<(String, TimeKey)>, ApiError> {
    let mut unchanged =
        filtered(filter, scope).filter(policy_exchanges::last_change_seq.le(cursor.snapshot));
    if let Some(TimeKey { updated_at, id }) = &cursor.after {
        unchanged = unchanged.filter(
            policy_exchanges::updated_at
                .lt(*updated_at)
                .or(policy_exchanges::updated_at
                    .eq(*updated_at)
                    .and(policy_exchanges::id.lt(id.clone()))),
        );
    }
    let unchanged: Vec<ListRow> = unchanged
        .order((
            policy_exchanges::updated_at.desc(),
            policy_exchanges::id.desc(),
        ))
        .limit(limit as i64 + 1)
        .select((
            policy_exchanges::id,
            policy_exchanges::representation,
            policy_exchanges::updated_at,
        ))
        .load(conn)?;
    let changed_since: Vec<String> = policy_exchanges::table
        .filter(policy_exchanges::last_change_seq.gt(cursor.snapshot))
        .filter(policy_exchanges::created_seq.le(cursor.snapshot))
        .select(policy_exchanges::id)
        .load(conn)?;
    let moved: Vec<ListRow> = if changed_since.is_empty() {
        Vec::new()
    } else {
        filtered(filter, scope)
            .filter(policy_exchanges::id.eq_any(changed_since))
            .select((
                policy_exchanges::id,
                policy_exchanges::representation,
                policy_exchanges::updated_at,
            ))
            .load(conn)?
    };
    snapshot::merge(
        conn,
        ResourceKind::PolicyExchange,
        unchanged,
        moved,
        cursor,
        limit,
    )
}
