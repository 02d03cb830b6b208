//! The queries matching in reverse reads (`domain::matching::requests`): which open
//! cooperation requests share a capacity's sectors, SDG targets, formats and languages,
//! which are close to its texts (the database's own full-text search over requests:
//! SQLite FTS5 `request_search`, PostgreSQL `cooperation_requests.search_vector`), and
//! where the capacity was delivered. Every query keeps only requests in the given
//! pipeline statuses that the caller's scope may read, so the candidates are already
//! what the caller may be shown; the score is the domain's.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::db::DbConnection;
use crate::schema::{
    cooperation_request_formats as rf, cooperation_request_languages as rl,
    cooperation_request_sdg_targets as rt, cooperation_request_sectors as rs,
    cooperation_requests as r, project_capacities, project_countries, projects,
};
use crate::store::StoreError;
use crate::store::batch::MAX_BIND_PARAMETERS;
use crate::store::visibility::{ReadScope, readable_by};

/// At most this many requests are taken from the full-text search (those holding most key
/// words first):
/// a capacity whose words are everywhere costs no more than this.
pub const TEXT_CANDIDATES: i64 = 1_000;

/// (request id, code, its group): a request's sector in a category, or its SDG target in
/// a goal.
pub type CodeHit = (String, String, String);

/// The pipeline statuses a request is matched in (the domain says which).
pub type Statuses = [&'static str; 3];

/// (request id, code, its group): an open request's sectors in the capacity's
/// categories.
pub fn sectors_in_categories(
    conn: &mut DbConnection,
    categories: &[String],
    statuses: Statuses,
    scope: ReadScope,
) -> Result<Vec<CodeHit>, StoreError> {
    if categories.is_empty() {
        return Ok(Vec::new());
    }
    let query = rs::table
        .inner_join(r::table)
        .filter(rs::category.eq_any(categories))
        .filter(r::status.eq_any(statuses))
        .select((rs::request_id, rs::code, rs::category))
        .order((rs::request_id, rs::position))
        .into_boxed();
    let query = readable_by!(
        query,
        scope,
        cooperation_requests,
        cooperation_request_organisations.request_id
    );
    Ok(query.load(conn)?)
}

/// (request id, target, its goal): an open request's SDG targets in the capacity's goals.
pub fn targets_in_goals(
    conn: &mut DbConnection,
    goals: &[i32],
    statuses: Statuses,
    scope: ReadScope,
) -> Result<Vec<CodeHit>, StoreError> {
    if goals.is_empty() {
        return Ok(Vec::new());
    }
    let query = rt::table
        .inner_join(r::table)
        .filter(rt::goal.eq_any(goals))
        .filter(r::status.eq_any(statuses))
        .select((rt::request_id, rt::target, rt::goal))
        .order((rt::request_id, rt::position))
        .into_boxed();
    let query = readable_by!(
        query,
        scope,
        cooperation_requests,
        cooperation_request_organisations.request_id
    );
    let rows: Vec<(String, String, i32)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, target, goal)| (id, target, goal.to_string()))
        .collect())
}

#[derive(QueryableByName)]
struct TextHit {
    #[diesel(sql_type = Text)]
    id: String,
    /// How many of the key words its texts hold.
    #[diesel(sql_type = BigInt)]
    matched: i64,
}

/// The open requests `scope` may read whose texts hold any of `terms` (folded words of
/// letters and digits only), each with how many of them it holds, those holding most
/// first (at most [`TEXT_CANDIDATES`]): the measure capacities' matches use
/// (`store::matching`), one index lookup per word, FTS5 on SQLite and the `tsvector`'s
/// GIN index on PostgreSQL, both over the folded `search_text`. The read rule is
/// `store::visibility`'s, written out in SQL here: everything for `All`, approved public
/// requests, and for a partner also those its organisation makes.
pub fn text_matches(
    conn: &mut DbConnection,
    terms: &[String],
    statuses: Statuses,
    scope: ReadScope,
) -> Result<Vec<(String, i64)>, StoreError> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    debug_assert!(
        terms
            .iter()
            .all(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric))
    );
    let (all, organisation) = match scope {
        ReadScope::All => (1, String::new()),
        ReadScope::Public => (0, String::new()),
        ReadScope::PublicOrParticipant(org) => (0, org.to_string()),
    };
    // The same predicate on both backends, after the text's own.
    const READABLE: &str = "AND r.status IN (?, ?, ?) \
        AND (? = 1 OR (r.visibility = 'public' AND r.approved_version IS NOT NULL) \
             OR EXISTS (SELECT 1 FROM cooperation_request_organisations o \
                        WHERE o.request_id = r.id AND o.organisation_id = ?))";
    let hits: Vec<TextHit> = match conn {
        DbConnection::Sqlite(sqlite) => {
            // Words are letters and digits: quoting each makes it a plain FTS5 term.
            diesel::sql_query(format!(
                "SELECT r.id AS id, w.m AS matched FROM ( \
                     SELECT s.rowid AS seq, COUNT(*) AS m \
                     FROM json_each(?) t, request_search s \
                     WHERE s.request_search MATCH '\"' || t.value || '\"' GROUP BY s.rowid \
                 ) w JOIN cooperation_requests r ON r.created_seq = w.seq \
                 WHERE 1 = 1 {READABLE} \
                 ORDER BY w.m DESC, r.id LIMIT ?"
            ))
            .bind::<Text, _>(serde_json::to_string(terms).unwrap_or_default())
            .bind::<Text, _>(statuses[0])
            .bind::<Text, _>(statuses[1])
            .bind::<Text, _>(statuses[2])
            .bind::<Integer, _>(all)
            .bind::<Text, _>(organisation)
            .bind::<BigInt, _>(TEXT_CANDIDATES)
            .load(sqlite)?
        }
        DbConnection::Postgres(pg) => {
            // PostgreSQL numbers its parameters: the shared predicate's `?` become $2..$6.
            let mut n = 1;
            let readable: String = READABLE
                .split('?')
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part.to_owned()
                    } else {
                        n += 1;
                        format!("${n}{part}")
                    }
                })
                .collect();
            diesel::sql_query(format!(
                "SELECT r.id AS id, COUNT(*) AS matched FROM unnest($1::text[]) t \
                 JOIN cooperation_requests r ON r.search_vector @@ to_tsquery('simple', t) \
                 WHERE true {readable} \
                 GROUP BY r.id ORDER BY matched DESC, r.id LIMIT $7"
            ))
            .bind::<diesel::sql_types::Array<Text>, _>(terms)
            .bind::<Text, _>(statuses[0])
            .bind::<Text, _>(statuses[1])
            .bind::<Text, _>(statuses[2])
            .bind::<Integer, _>(all)
            .bind::<Text, _>(organisation)
            .bind::<BigInt, _>(TEXT_CANDIDATES)
            .load(pg)?
        }
    };
    Ok(hits.into_iter().map(|h| (h.id, h.matched)).collect())
}

/// An open request as ranking needs it.
#[derive(Debug, Clone)]
pub struct OpenRequest {
    pub id: String,
    /// Its title in its default language (the version that counts).
    pub title: String,
    /// The requesting organisation's country.
    pub country: Option<String>,
}

/// Of `ids`, the requests in `statuses` that `scope` may read, in `country` when given.
pub fn open_requests(
    conn: &mut DbConnection,
    ids: &[String],
    statuses: Statuses,
    scope: ReadScope,
    country: Option<&str>,
) -> Result<Vec<OpenRequest>, StoreError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - 8) {
        let mut query = r::table
            .filter(r::id.eq_any(chunk))
            .filter(r::status.eq_any(statuses))
            .select((r::id, r::title, r::country_code))
            .into_boxed();
        if let Some(country) = country {
            query = query.filter(r::country_code.eq(country.to_owned()));
        }
        let query = readable_by!(
            query,
            scope,
            cooperation_requests,
            cooperation_request_organisations.request_id
        );
        let rows: Vec<(String, String, Option<String>)> = query.load(conn)?;
        found.extend(rows.into_iter().map(|(id, title, country)| OpenRequest {
            id,
            title,
            country,
        }));
    }
    Ok(found)
}

/// Of `ids`' preferred formats, those in `offered`, by request.
pub fn formats_among(
    conn: &mut DbConnection,
    ids: &[String],
    offered: &[&str],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_request: HashMap<String, Vec<String>> = HashMap::new();
    if offered.is_empty() {
        return Ok(by_request);
    }
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - offered.len()) {
        let rows: Vec<(String, String)> = rf::table
            .filter(rf::request_id.eq_any(chunk))
            .filter(rf::format.eq_any(offered))
            .select((rf::request_id, rf::format))
            .order((rf::request_id, rf::position))
            .load(conn)?;
        for (id, format) in rows {
            by_request.entry(id).or_default().push(format);
        }
    }
    Ok(by_request)
}

/// Of `ids`' preferred languages, those in `spoken`, by request.
pub fn languages_among(
    conn: &mut DbConnection,
    ids: &[String],
    spoken: &[String],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_request: HashMap<String, Vec<String>> = HashMap::new();
    if spoken.is_empty() {
        return Ok(by_request);
    }
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - spoken.len()) {
        let rows: Vec<(String, String)> = rl::table
            .filter(rl::request_id.eq_any(chunk))
            .filter(rl::language.eq_any(spoken))
            .select((rl::request_id, rl::language))
            .order((rl::request_id, rl::position))
            .load(conn)?;
        for (id, language) in rows {
            by_request.entry(id).or_default().push(language);
        }
    }
    Ok(by_request)
}

/// The recipient countries of the projects that drew on capacity `id` (their approved
/// versions' links) and that `scope` may read, each once, in code order.
pub fn delivered_to(
    conn: &mut DbConnection,
    id: &str,
    scope: ReadScope,
) -> Result<Vec<String>, StoreError> {
    let query = project_capacities::table
        .inner_join(projects::table.on(projects::id.eq(project_capacities::project_id)))
        .inner_join(
            project_countries::table
                .on(project_countries::project_id.eq(project_capacities::project_id)),
        )
        .filter(project_capacities::capacity_id.eq(id.to_owned()))
        .select(project_countries::country_code)
        .distinct()
        .order(project_countries::country_code)
        .into_boxed();
    let query = readable_by!(query, scope, projects, project_participants.project_id);
    Ok(query.load(conn)?)
}

/// The folded texts (`search_text`, the version that counts) of requests `ids`.
pub fn search_texts(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, StoreError> {
    let mut texts = HashMap::new();
    for chunk in ids.chunks(MAX_BIND_PARAMETERS) {
        let rows: Vec<(String, String)> = r::table
            .filter(r::id.eq_any(chunk))
            .select((r::id, r::search_text))
            .load(conn)?;
        texts.extend(rows);
    }
    Ok(texts)
}
