//! Storage of organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::schema::{api_clients, organisations};
use crate::store::StoreError;
use crate::store::parse_uuid;
use crate::text::contains_pattern;

/// What an organisation's content sets of its row: read with the row, written by its
/// inserts and updates.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct OrganisationContent {
    pub name: String,
    pub acronym: Option<String>,
    pub organisation_type: String,
    pub country_code: Option<String>,
    pub iati_identifier: Option<String>,
    pub parent_id: Option<String>,
    /// The folded name: the list's order.
    pub sort_key: String,
}

/// An organisation as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: String,
    #[diesel(embed)]
    pub content: OrganisationContent,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: String,
    pub updated_by: String,
}

/// The columns a write of an organisation sets: its content, and the text `q` searches.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct OrganisationColumns {
    #[diesel(embed)]
    pub content: OrganisationContent,
    /// Folded text for `q`.
    pub search_text: String,
}

/// Who wrote an organisation and when, beside its content.
#[derive(Debug, Clone)]
pub struct Written<'a> {
    pub id: String,
    pub version: i64,
    pub at: NaiveDateTime,
    pub by: &'a str,
}

pub fn insert(
    conn: &mut DbConnection,
    written: &Written<'_>,
    columns: &OrganisationColumns,
) -> Result<(), StoreError> {
    diesel::insert_into(organisations::table)
        .values((
            organisations::id.eq(&written.id),
            columns,
            organisations::version.eq(written.version),
            organisations::created_at.eq(written.at),
            organisations::updated_at.eq(written.at),
            organisations::created_by.eq(written.by),
            organisations::updated_by.eq(written.by),
        ))
        .execute(conn)?;
    Ok(())
}

/// Write new content if the stored version is still `expected_version`; false when it
/// is not (a concurrent write won).
pub fn update(
    conn: &mut DbConnection,
    written: &Written<'_>,
    columns: &OrganisationColumns,
    expected_version: i64,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        organisations::table
            .filter(organisations::id.eq(&written.id))
            .filter(organisations::version.eq(expected_version)),
    )
    .set((
        columns,
        organisations::version.eq(written.version),
        organisations::updated_at.eq(written.at),
        organisations::updated_by.eq(written.by),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Delete if the stored version is still `expected_version`; false otherwise.
pub fn delete(
    conn: &mut DbConnection,
    id: Uuid,
    expected_version: i64,
) -> Result<bool, StoreError> {
    let deleted = diesel::delete(
        organisations::table
            .filter(organisations::id.eq(id.to_string()))
            .filter(organisations::version.eq(expected_version)),
    )
    .execute(conn)?;
    Ok(deleted == 1)
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Option<OrganisationRow>, StoreError> {
    Ok(organisations::table
        .filter(organisations::id.eq(id.to_string()))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// `None` when there is no such organisation, else its parent.
pub fn parent_of(conn: &mut DbConnection, id: Uuid) -> Result<Option<Option<Uuid>>, StoreError> {
    let parent: Option<Option<String>> = organisations::table
        .filter(organisations::id.eq(id.to_string()))
        .select(organisations::parent_id)
        .first(conn)
        .optional()?;
    parent
        .map(|p| p.as_deref().map(parse_uuid).transpose())
        .transpose()
}

/// What rules about countries and types need to know of an organisation.
#[derive(Debug, Clone)]
pub struct OrganisationProfile {
    pub country_code: Option<String>,
    pub organisation_type: String,
}

/// The profiles of those of `ids` that are organisations.
pub fn profiles(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, OrganisationProfile>, StoreError> {
    let mut keys: Vec<String> = ids.map(|id| id.to_string()).collect();
    keys.sort();
    keys.dedup();
    let rows: Vec<(String, Option<String>, String)> = organisations::table
        .filter(organisations::id.eq_any(keys))
        .select((
            organisations::id,
            organisations::country_code,
            organisations::organisation_type,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, country_code, organisation_type)| {
            Ok((
                parse_uuid(&id)?,
                OrganisationProfile {
                    country_code,
                    organisation_type,
                },
            ))
        })
        .collect()
}

/// Names of organisations by id (for labels), however many ids: a statement binds at
/// most what the backends allow (an export page may name tens of thousands).
pub fn names(
    conn: &mut DbConnection,
    ids: Vec<String>,
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let mut names = std::collections::HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(crate::store::batch::MAX_BIND_PARAMETERS) {
        let rows: Vec<(String, String)> = organisations::table
            .filter(organisations::id.eq_any(chunk))
            .select((organisations::id, organisations::name))
            .load(conn)?;
        names.extend(rows);
    }
    Ok(names)
}

/// Which of `ids` are organisations.
pub fn existing(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = Uuid>,
) -> Result<std::collections::HashSet<Uuid>, StoreError> {
    let mut keys: Vec<String> = ids.map(|id| id.to_string()).collect();
    keys.sort();
    keys.dedup();
    let found: Vec<String> = organisations::table
        .filter(organisations::id.eq_any(keys))
        .select(organisations::id)
        .load(conn)?;
    found.iter().map(|id| parse_uuid(id)).collect()
}

pub fn id_by_iati_identifier(
    conn: &mut DbConnection,
    identifier: &str,
) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = organisations::table
        .filter(organisations::iati_identifier.eq(identifier))
        .select(organisations::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(parse_uuid).transpose()
}

/// How many organisations have this one as their parent.
pub fn count_children(conn: &mut DbConnection, id: Uuid) -> Result<i64, StoreError> {
    Ok(organisations::table
        .filter(organisations::parent_id.eq(id.to_string()))
        .count()
        .get_result(conn)?)
}

/// How many API clients (revoked ones included) act for this organisation.
pub fn count_clients(conn: &mut DbConnection, id: Uuid) -> Result<i64, StoreError> {
    Ok(api_clients::table
        .filter(api_clients::organisation_id.eq(id.to_string()))
        .count()
        .get_result(conn)?)
}

/// The list filters, checked.
#[derive(Debug, Default, Clone)]
pub struct OrganisationFilter {
    pub organisation_type: Option<String>,
    pub country: Option<String>,
    /// Folded search text.
    pub q: Option<String>,
}

/// The key a page of organisations is ordered by: folded name, then id.
pub type OrganisationKey = (String, String);

/// Organisations matching `filter`, ordered by name, after `after`, at most `limit + 1`.
pub fn list(
    conn: &mut DbConnection,
    filter: &OrganisationFilter,
    after: Option<&OrganisationKey>,
    limit: usize,
) -> Result<Vec<(OrganisationRow, OrganisationKey)>, StoreError> {
    let mut query = organisations::table.into_boxed();
    if let Some(code) = &filter.organisation_type {
        query = query.filter(organisations::organisation_type.eq(code.clone()));
    }
    if let Some(code) = &filter.country {
        query = query.filter(organisations::country_code.eq(code.clone()));
    }
    if let Some(q) = &filter.q {
        query = query.filter(
            organisations::search_text
                .like(contains_pattern(q))
                .escape('\\'),
        );
    }
    if let Some((key, id)) = after {
        query = query.filter(
            organisations::sort_key
                .gt(key.clone())
                .or(organisations::sort_key
                    .eq(key.clone())
                    .and(organisations::id.gt(id.clone()))),
        );
    }
    let rows: Vec<OrganisationRow> = query
        .order((organisations::sort_key.asc(), organisations::id.asc()))
        .limit(limit as i64 + 1)
        .select(OrganisationRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let key = (row.content.sort_key.clone(), row.id.clone());
            (row, key)
        })
        .collect())
}

/// What a publication names of an organisation: (id, name, IATI identifier,
/// organisation type, country).
pub type PublicationDetails = (String, String, Option<String>, String, Option<String>);

/// The publication details of each of `ids` that is an organisation.
pub fn publication_details(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<Vec<PublicationDetails>, StoreError> {
    let mut found = Vec::new();
    for ids in ids.chunks(500) {
        found.extend(
            organisations::table
                .filter(organisations::id.eq_any(ids))
                .select((
                    organisations::id,
                    organisations::name,
                    organisations::iati_identifier,
                    organisations::organisation_type,
                    organisations::country_code,
                ))
                .load::<PublicationDetails>(conn)?,
        );
    }
    Ok(found)
}

/// The organisation of exactly this name, if there is one (and only one).
pub fn id_by_name(conn: &mut DbConnection, name: &str) -> Result<Option<Uuid>, StoreError> {
    let ids: Vec<String> = organisations::table
        .filter(organisations::name.eq(name))
        .select(organisations::id)
        .limit(2)
        .load(conn)?;
    match ids.as_slice() {
        [id] => parse_uuid(id).map(Some),
        _ => Ok(None),
    }
}
