//! The queries matching reads: which capacities share a request's sectors, SDG targets,
//! formats and languages, which are close to its texts (the database's own full-text
//! search: SQLite FTS5, PostgreSQL `tsvector`), which may be offered to the caller, and
//! where they were delivered. Each answers rows for a set of capacity ids; the score is
//! the domain's (`domain::matching`).

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text};

use crate::db::DbConnection;
use crate::schema::{
    capacities, capacity_formats, capacity_languages, capacity_organisations, capacity_sdg_targets,
    capacity_sectors, project_capacities, project_countries, projects,
};
use crate::store::StoreError;
use crate::store::batch::MAX_BIND_PARAMETERS;
use crate::store::visibility::{PUBLIC, ReadScope};

/// At most this many capacities are taken from the full-text search (the closest first):
/// a request whose words are everywhere costs no more than this.
pub const TEXT_CANDIDATES: i64 = 1_000;

/// (capacity id, code, its group): a capacity's sectors in the request's categories, or
/// its SDG targets in the request's goals.
pub type CodeHit = (String, String, String);

/// A capacity's sectors whose 3-digit category is one of `categories`.
pub fn sectors_in_categories(
    conn: &mut DbConnection,
    categories: &[String],
) -> Result<Vec<CodeHit>, StoreError> {
    if categories.is_empty() {
        return Ok(Vec::new());
    }
    Ok(capacity_sectors::table
        .filter(capacity_sectors::category.eq_any(categories))
        .select((
            capacity_sectors::capacity_id,
            capacity_sectors::code,
            capacity_sectors::category,
        ))
        .order((capacity_sectors::capacity_id, capacity_sectors::position))
        .load(conn)?)
}

/// A capacity's SDG targets whose goal is one of `goals`.
pub fn targets_in_goals(
    conn: &mut DbConnection,
    goals: &[i32],
) -> Result<Vec<CodeHit>, StoreError> {
    if goals.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, i32)> = capacity_sdg_targets::table
        .filter(capacity_sdg_targets::goal.eq_any(goals))
        .select((
            capacity_sdg_targets::capacity_id,
            capacity_sdg_targets::target,
            capacity_sdg_targets::goal,
        ))
        .order((
            capacity_sdg_targets::capacity_id,
            capacity_sdg_targets::position,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, target, goal)| (id, target, goal.to_string()))
        .collect())
}

#[derive(QueryableByName)]
struct TextHit {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Double)]
    relevance: f64,
}

/// The capacities whose texts hold any of `terms` (folded words of letters and digits
/// only), each with its relevance (larger is closer; only comparable within one call),
/// the closest [`TEXT_CANDIDATES`]. SQLite ranks with FTS5's BM25, PostgreSQL with
/// `ts_rank`; both index the folded `search_text`, so accents and case do not matter.
pub fn text_relevance(
    conn: &mut DbConnection,
    terms: &[String],
) -> Result<Vec<(String, f64)>, StoreError> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    debug_assert!(
        terms
            .iter()
            .all(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric))
    );
    let hits: Vec<TextHit> = match conn {
        DbConnection::Sqlite(sqlite) => {
            let query = terms
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(" OR ");
            diesel::sql_query(
                "SELECT c.id AS id, -bm25(capacity_search) AS relevance \
                 FROM capacity_search JOIN capacities c ON c.created_seq = capacity_search.rowid \
                 WHERE capacity_search MATCH ? ORDER BY relevance DESC, c.id LIMIT ?",
            )
            .bind::<Text, _>(query)
            .bind::<BigInt, _>(TEXT_CANDIDATES)
            .load(sqlite)?
        }
        DbConnection::Postgres(pg) => {
            let query = terms.join(" | ");
            diesel::sql_query(
                "SELECT c.id AS id, ts_rank(c.search_vector, q)::float8 AS relevance \
                 FROM capacities c, to_tsquery('simple', $1) q \
                 WHERE c.search_vector @@ q ORDER BY relevance DESC, c.id LIMIT $2",
            )
            .bind::<Text, _>(query)
            .bind::<BigInt, _>(TEXT_CANDIDATES)
            .load(pg)?
        }
    };
    Ok(hits.into_iter().map(|h| (h.id, h.relevance)).collect())
}

/// What a capacity that may be offered brings besides its codes.
#[derive(Debug, Clone)]
pub struct Offerable {
    pub id: String,
    pub experts_available: Option<i32>,
    /// Its title in its default language (the approved version's).
    pub title: String,
}

/// Of `ids`, the capacities that may be offered: active and approved (their columns hold
/// the approved version), readable in `scope` as approved content, offered by
/// `organisation` and in `format` when given.
pub fn offerable(
    conn: &mut DbConnection,
    ids: &[String],
    scope: ReadScope,
    organisation: Option<&str>,
    format: Option<&str>,
) -> Result<Vec<Offerable>, StoreError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - 8) {
        let mut query = capacities::table
            .filter(capacities::id.eq_any(chunk))
            .filter(capacities::status.eq("active"))
            .filter(capacities::approved_version.is_not_null())
            .select((
                capacities::id,
                capacities::experts_available,
                capacities::title,
            ))
            .into_boxed();
        // Restricted capacities are offered only to callers reading every record.
        if scope != ReadScope::All {
            query = query.filter(capacities::visibility.eq(PUBLIC));
        }
        if let Some(organisation) = organisation {
            query = query.filter(diesel::dsl::exists(
                capacity_organisations::table
                    .filter(capacity_organisations::capacity_id.eq(capacities::id))
                    .filter(capacity_organisations::organisation_id.eq(organisation.to_owned())),
            ));
        }
        if let Some(format) = format {
            query = query.filter(diesel::dsl::exists(
                capacity_formats::table
                    .filter(capacity_formats::capacity_id.eq(capacities::id))
                    .filter(capacity_formats::format.eq(format.to_owned())),
            ));
        }
        let rows: Vec<(String, Option<i32>, String)> = query.load(conn)?;
        found.extend(
            rows.into_iter()
                .map(|(id, experts_available, title)| Offerable {
                    id,
                    experts_available,
                    title,
                }),
        );
    }
    Ok(found)
}

/// Of `ids`' formats, those in `wanted`, by capacity.
pub fn formats_among(
    conn: &mut DbConnection,
    ids: &[String],
    wanted: &[&str],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_capacity: HashMap<String, Vec<String>> = HashMap::new();
    if wanted.is_empty() {
        return Ok(by_capacity);
    }
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - wanted.len()) {
        let rows: Vec<(String, String)> = capacity_formats::table
            .filter(capacity_formats::capacity_id.eq_any(chunk))
            .filter(capacity_formats::format.eq_any(wanted))
            .select((capacity_formats::capacity_id, capacity_formats::format))
            .order((capacity_formats::capacity_id, capacity_formats::position))
            .load(conn)?;
        for (id, format) in rows {
            by_capacity.entry(id).or_default().push(format);
        }
    }
    Ok(by_capacity)
}

/// Of `ids`' working languages, those in `wanted`, by capacity.
pub fn languages_among(
    conn: &mut DbConnection,
    ids: &[String],
    wanted: &[String],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_capacity: HashMap<String, Vec<String>> = HashMap::new();
    if wanted.is_empty() {
        return Ok(by_capacity);
    }
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - wanted.len()) {
        let rows: Vec<(String, String)> = capacity_languages::table
            .filter(capacity_languages::capacity_id.eq_any(chunk))
            .filter(capacity_languages::language.eq_any(wanted))
            .select((
                capacity_languages::capacity_id,
                capacity_languages::language,
            ))
            .order((
                capacity_languages::capacity_id,
                capacity_languages::position,
            ))
            .load(conn)?;
        for (id, language) in rows {
            by_capacity.entry(id).or_default().push(language);
        }
    }
    Ok(by_capacity)
}

/// Of `ids`, the recipient countries among `countries` of the projects that drew on each
/// (their approved versions) and that `scope` may read, by capacity, each country once.
pub fn delivered_to(
    conn: &mut DbConnection,
    ids: &[String],
    countries: &[String],
    scope: ReadScope,
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_capacity: HashMap<String, Vec<String>> = HashMap::new();
    if countries.is_empty() {
        return Ok(by_capacity);
    }
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - countries.len() - 8) {
        let query = project_capacities::table
            .inner_join(projects::table.on(projects::id.eq(project_capacities::project_id)))
            .inner_join(
                project_countries::table
                    .on(project_countries::project_id.eq(project_capacities::project_id)),
            )
            .filter(project_capacities::capacity_id.eq_any(chunk))
            .filter(project_countries::country_code.eq_any(countries))
            .select((
                project_capacities::capacity_id,
                project_countries::country_code,
            ))
            .distinct()
            .order((
                project_capacities::capacity_id,
                project_countries::country_code,
            ))
            .into_boxed();
        let query = crate::store::visibility::readable_by!(
            query,
            scope,
            projects,
            project_participants.project_id
        );
        let rows: Vec<(String, String)> = query.load(conn)?;
        for (id, country) in rows {
            by_capacity.entry(id).or_default().push(country);
        }
    }
    Ok(by_capacity)
}

/// The folded texts (`search_text`, the approved version's) of `ids`.
pub fn search_texts(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, StoreError> {
    let mut texts = HashMap::new();
    for chunk in ids.chunks(MAX_BIND_PARAMETERS) {
        let rows: Vec<(String, String)> = capacities::table
            .filter(capacities::id.eq_any(chunk))
            .select((capacities::id, capacities::search_text))
            .load(conn)?;
        texts.extend(rows);
    }
    Ok(texts)
}
