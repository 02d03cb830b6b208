//! Storage of organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::organisations::{Organisation, OrganisationFilter, OrganisationInput};
use crate::error::ApiError;
use crate::schema::organisations;
use crate::store::{parse_uuid, to_utc};
use crate::text::{contains_pattern, fold};

#[derive(Queryable, Selectable)]
#[diesel(table_name = organisations)]
struct OrganisationRow {
    id: String,
    name: String,
    acronym: Option<String>,
    organisation_type: String,
    country_code: Option<String>,
    iati_identifier: Option<String>,
    parent_id: Option<String>,
    sort_key: String,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl OrganisationRow {
    fn into_domain(self) -> Result<Organisation, ApiError> {
        Ok(Organisation {
            id: parse_uuid(&self.id)?,
            name: self.name,
            acronym: self.acronym,
            organisation_type: self.organisation_type,
            country_code: self.country_code,
            iati_identifier: self.iati_identifier,
            parent_id: self.parent_id.as_deref().map(parse_uuid).transpose()?,
            version: self.version,
            created_at: to_utc(self.created_at),
            updated_at: to_utc(self.updated_at),
        })
    }
}

/// The columns a client's input sets.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true)]
struct OrganisationContent<'a> {
    name: &'a str,
    acronym: Option<&'a str>,
    organisation_type: &'a str,
    country_code: Option<&'a str>,
    iati_identifier: Option<&'a str>,
    parent_id: Option<String>,
    sort_key: String,
    search_text: String,
}

impl<'a> OrganisationContent<'a> {
    fn from_input(input: &'a OrganisationInput) -> Self {
        let search_text = [
            Some(input.name.as_str()),
            input.acronym.as_deref(),
            input.iati_identifier.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(fold)
        .collect::<Vec<_>>()
        .join(" ");
        OrganisationContent {
            name: &input.name,
            acronym: input.acronym.as_deref(),
            organisation_type: &input.organisation_type,
            country_code: input.country_code.as_deref(),
            iati_identifier: input.iati_identifier.as_deref(),
            parent_id: input.parent_id.map(|p| p.to_string()),
            sort_key: fold(&input.name),
            search_text,
        }
    }
}

pub fn insert(
    conn: &mut DbConnection,
    id: Uuid,
    input: &OrganisationInput,
    caller: &Caller,
    now: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(organisations::table)
        .values((
            organisations::id.eq(id.to_string()),
            OrganisationContent::from_input(input),
            organisations::version.eq(1i64),
            organisations::created_at.eq(now),
            organisations::updated_at.eq(now),
            organisations::created_by.eq(&caller.sub),
            organisations::updated_by.eq(&caller.sub),
        ))
        .execute(conn)?;
    Ok(())
}

/// Write new content if the stored version is still `expected_version`; false when it
/// is not (a concurrent write won).
pub fn update(
    conn: &mut DbConnection,
    id: Uuid,
    expected_version: i64,
    input: &OrganisationInput,
    caller: &Caller,
    now: NaiveDateTime,
) -> Result<bool, ApiError> {
    let updated = diesel::update(
        organisations::table
            .filter(organisations::id.eq(id.to_string()))
            .filter(organisations::version.eq(expected_version)),
    )
    .set((
        OrganisationContent::from_input(input),
        organisations::version.eq(expected_version + 1),
        organisations::updated_at.eq(now),
        organisations::updated_by.eq(&caller.sub),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    diesel::delete(organisations::table.filter(organisations::id.eq(id.to_string())))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Option<Organisation>, ApiError> {
    organisations::table
        .filter(organisations::id.eq(id.to_string()))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?
        .map(OrganisationRow::into_domain)
        .transpose()
}

/// `None` when there is no such organisation, else its parent.
pub fn parent_of(conn: &mut DbConnection, id: Uuid) -> Result<Option<Option<Uuid>>, ApiError> {
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
) -> Result<std::collections::HashMap<Uuid, OrganisationProfile>, ApiError> {
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

/// Names of organisations by id (for labels).
pub fn names(
    conn: &mut DbConnection,
    ids: Vec<String>,
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    let rows: Vec<(String, String)> = organisations::table
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Which of `ids` are organisations.
pub fn existing(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = Uuid>,
) -> Result<std::collections::HashSet<Uuid>, ApiError> {
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
) -> Result<Option<Uuid>, ApiError> {
    let id: Option<String> = organisations::table
        .filter(organisations::iati_identifier.eq(identifier))
        .select(organisations::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(parse_uuid).transpose()
}

/// Which records refer to this organisation, described for a 409.
pub fn references(conn: &mut DbConnection, id: Uuid) -> Result<Vec<String>, ApiError> {
    let children: i64 = organisations::table
        .filter(organisations::parent_id.eq(id.to_string()))
        .count()
        .get_result(conn)?;
    let counts = [
        (children, "organisation(s) as their parent"),
        (
            crate::store::projects::count_referencing_organisation(conn, id)?,
            "project(s) as a participant or contributor",
        ),
        (
            crate::store::partnerships::count_with_party(conn, id)?,
            "partnership(s) as a party",
        ),
        (
            crate::store::arrangements::count_with_party(conn, id)?,
            "triangular arrangement(s) as a party",
        ),
        (
            crate::store::exchanges::count_with_organisation(conn, id)?,
            "policy exchange(s) as an offering or receiving organisation",
        ),
        (
            crate::store::clients::count_for_organisation(conn, id)?,
            "API client(s), revoked ones included",
        ),
    ];
    Ok(counts
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect())
}

/// The key a page of organisations is ordered by: folded name, then id.
pub type OrganisationKey = (String, String);

/// Organisations matching `filter`, ordered by name, after `after`, at most `limit + 1`.
pub fn list(
    conn: &mut DbConnection,
    filter: &OrganisationFilter,
    after: Option<&OrganisationKey>,
    limit: usize,
) -> Result<Vec<(Organisation, OrganisationKey)>, ApiError> {
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
    rows.into_iter()
        .map(|row| {
            let key = (row.sort_key.clone(), row.id.clone());
            row.into_domain().map(|org| (org, key))
        })
        .collect()
}
