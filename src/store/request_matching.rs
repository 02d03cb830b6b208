//! The queries matching in reverse reads (`domain::matching::requests`): which open
//! cooperation requests share a capacity's sectors, SDG targets, formats and languages,
//! which are close to its texts (the database's own full-text search over requests:
//! SQLite FTS5 `request_search`, PostgreSQL `cooperation_requests.search_vector`), and
//! where the capacity was delivered. Every query keeps only requests in the given
//! pipeline statuses that the caller's scope may read, so the candidates are already
//! what the caller may be shown; the score is the domain's.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text};

use crate::db::DbConnection;
use crate::schema::{
    cooperation_request_formats as rf, cooperation_request_languages as rl,
    cooperation_request_sdg_targets as rt, cooperation_request_sectors as rs,
    cooperation_requests as r,
};
use crate::store::StoreError;
use crate::store::batch::MAX_BIND_PARAMETERS;
use crate::store::children;
use crate::store::matching::{
    self, Asked, BindsRanking, Dialect, Kept, Postgres, Ranked, Ranking, Searched, Sqlite,
    Statements,
};
use crate::store::visibility::{ReadScope, readable_by};

/// (request id, code, its group): a request's sector in a category, or its SDG target in
/// a goal.
pub type CodeHit = (String, String, String);

/// The pipeline statuses a request is matched in (the domain says which).
pub type Statuses = [&'static str; 3];

/// Of requests `ids`, the sectors in the capacity's `categories`.
pub fn sectors_in_categories(
    conn: &mut DbConnection,
    ids: &[String],
    categories: &[String],
) -> Result<Vec<CodeHit>, StoreError> {
    if categories.is_empty() || ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(rs::table
        .filter(rs::request_id.eq_any(ids))
        .filter(rs::category.eq_any(categories))
        .select((rs::request_id, rs::code, rs::category))
        .order((rs::request_id, rs::position))
        .load(conn)?)
}

/// Of requests `ids`, the SDG targets in the capacity's `goals`.
pub fn targets_in_goals(
    conn: &mut DbConnection,
    ids: &[String],
    goals: &[i32],
) -> Result<Vec<CodeHit>, StoreError> {
    if goals.is_empty() || ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, i32)> = rt::table
        .filter(rt::request_id.eq_any(ids))
        .filter(rt::goal.eq_any(goals))
        .select((rt::request_id, rt::target, rt::goal))
        .order((rt::request_id, rt::position))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, target, goal)| (id, target, goal.to_string()))
        .collect())
}

/// What a capacity offers, as the reverse ranking query binds it.
#[derive(Debug, Clone)]
pub struct Offered<'a> {
    /// DAC 5-digit sectors, and their 3-digit categories.
    pub sectors: &'a [String],
    pub categories: &'a [String],
    /// SDG targets, and their goals.
    pub targets: &'a [String],
    pub goals: &'a [i32],
    pub formats: &'a [&'a str],
    pub languages: &'a [String],
    /// Folded key words, letters and digits only.
    pub terms: &'a [String],
    /// Where it was delivered, and the other countries of those countries' regions.
    pub delivered: &'a [String],
    pub delivered_regions: &'a [String],
    /// The pipeline statuses a request is matched in.
    pub statuses: Statuses,
    /// Only requests from this country.
    pub country: Option<&'a str>,
}

/// The open requests `scope` may read (as `GET /cooperation-requests` lists them) that
/// share a sector category, an SDG goal or a key word with `offered`, scored in one
/// statement on every criterion but availability (the same for every request), the best
/// `keep`, ties in id order: what `store::matching::ranked` does for capacities.
pub fn ranked(
    conn: &mut DbConnection,
    offered: &Offered,
    scope: ReadScope,
    keep: usize,
) -> Result<Vec<Ranked>, StoreError> {
    debug_assert!(
        offered.terms.len() <= crate::store::matching::MAX_TERMS
            && offered
                .terms
                .iter()
                .all(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric))
    );
    let (all, organisation) = match scope {
        ReadScope::All => (1, String::new()),
        ReadScope::Public => (0, String::new()),
        ReadScope::PublicOrParticipant(org) => (0, org.to_string()),
    };
    let keep_at = i64::try_from(keep.max(1)).unwrap_or(i64::MAX);
    let bound = Bound {
        offered,
        all,
        organisation,
        keep: keep_at,
    };
    let asked = Asked {
        terms: offered.terms,
        keep,
        slack: 0,
        kept: Kept::Best,
    };
    match conn {
        DbConnection::Sqlite(sqlite) => {
            let statements = ranking_sql(Sqlite);
            Ok(sqlite
                .transaction(|sqlite| matching::rank(sqlite, Sqlite, &statements, &bound, asked))?)
        }
        DbConnection::Postgres(pg) => {
            let statements = ranking_sql(Postgres);
            Ok(matching::without_jit(pg, |pg| {
                matching::rank(pg, Postgres, &statements, &bound, asked)
            })?)
        }
    }
}

/// What the requests' ranking binds.
struct Bound<'a> {
    offered: &'a Offered<'a>,
    all: i32,
    organisation: String,
    keep: i64,
}

impl BindsRanking<diesel::sqlite::Sqlite> for Bound<'_> {
    fn query(&self, sql: &str) -> BoxedSqlQuery<'static, diesel::sqlite::Sqlite, SqlQuery> {
        let json = |list: &[String]| serde_json::to_string(list).unwrap_or_default();
        let Bound {
            offered,
            all,
            ref organisation,
            keep,
        } = *self;
        let statuses: Vec<String> = offered.statuses.iter().map(|s| (*s).to_owned()).collect();
        let formats: Vec<String> = offered.formats.iter().map(|f| (*f).to_owned()).collect();
        diesel::sql_query(sql.to_owned())
            .into_boxed()
            .bind::<Text, _>(json(offered.sectors))
            .bind::<Text, _>(json(offered.categories))
            .bind::<Text, _>(json(offered.targets))
            .bind::<Text, _>(serde_json::to_string(offered.goals).unwrap_or_default())
            .bind::<Text, _>(json(&formats))
            .bind::<Text, _>(json(offered.languages))
            .bind::<Text, _>(json(offered.terms))
            .bind::<Integer, _>(all)
            .bind::<Text, _>(organisation.clone())
            .bind::<Nullable<Text>, _>(offered.country.map(str::to_owned))
            .bind::<BigInt, _>(keep)
            .bind::<Text, _>(json(&statuses))
            .bind::<Text, _>(json(offered.delivered))
            .bind::<Text, _>(json(offered.delivered_regions))
    }
}

impl BindsRanking<diesel::pg::Pg> for Bound<'_> {
    fn query(&self, sql: &str) -> BoxedSqlQuery<'static, diesel::pg::Pg, SqlQuery> {
        let Bound {
            offered,
            all,
            ref organisation,
            keep,
        } = *self;
        let statuses: Vec<String> = offered.statuses.iter().map(|s| (*s).to_owned()).collect();
        let formats: Vec<String> = offered.formats.iter().map(|f| (*f).to_owned()).collect();
        diesel::sql_query(sql.to_owned())
            .into_boxed()
            .bind::<Array<Text>, _>(offered.sectors.to_vec())
            .bind::<Array<Text>, _>(offered.categories.to_vec())
            .bind::<Array<Text>, _>(offered.targets.to_vec())
            .bind::<Array<Integer>, _>(offered.goals.to_vec())
            .bind::<Array<Text>, _>(formats)
            .bind::<Array<Text>, _>(offered.languages.to_vec())
            .bind::<Array<Text>, _>(offered.terms.to_vec())
            .bind::<Integer, _>(all)
            .bind::<Text, _>(organisation.clone())
            .bind::<Nullable<Text>, _>(offered.country.map(str::to_owned))
            .bind::<BigInt, _>(keep)
            .bind::<Array<Text>, _>(statuses)
            .bind::<Array<Text>, _>(offered.delivered.to_vec())
            .bind::<Array<Text>, _>(offered.delivered_regions.to_vec())
    }
}

const REQUESTS: Searched = Searched {
    table: "cooperation_requests",
    alias: "r",
    fts: "request_search",
    children: "cooperation_request",
    key: "request_id",
};

/// Requests ranked for a capacity. Parameters after the shared seven: 8 every request
/// (0 or 1), 9 the caller's organisation (or ''), 10 country or null, 11 how many to keep,
/// 12 statuses, 13 countries delivered to, 14 the other countries of their regions.
fn ranking_sql(d: impl Dialect) -> Statements {
    use crate::store::matching::points as p;
    let (p8, p9, p10, p11) = (d.param(8), d.param(9), d.param(10), d.param(11));
    Statements::of(
        d,
        Ranking {
            searched: REQUESTS,
            more_points: &format!(
                "CASE WHEN {in_delivered} THEN {country} WHEN {in_region} THEN {region} \
                 ELSE 0 END",
                in_delivered = d.in_list("r.country_code", 13),
                in_region = d.in_list("r.country_code", 14),
                country = p::COUNTRY_EXPERIENCE,
                region = p::REGION_EXPERIENCE,
            ),
            more_at_most: p::COUNTRY_EXPERIENCE,
            offered_when: &format!(
                "{open} \
                 AND ({p8} = 1 OR (r.visibility = 'public' AND r.approved_version IS NOT NULL) \
                      OR EXISTS (SELECT 1 FROM cooperation_request_organisations o \
                                 WHERE o.request_id = r.id AND o.organisation_id = {p9})) \
                 AND ({p10} IS NULL OR r.country_code = {p10})",
                open = d.in_list("r.status", 12),
            ),
            keep: &p11,
            slack: "0",
            kept: &format!("ORDER BY points DESC, id LIMIT {p11}"),
            free: 15,
        },
    )
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
    children::items_among!(conn, ids, offered, rf.request_id, format)
}

/// Of `ids`' preferred languages, those in `spoken`, by request.
pub fn languages_among(
    conn: &mut DbConnection,
    ids: &[String],
    spoken: &[String],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    children::items_among!(conn, ids, spoken, rl.request_id, language)
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
