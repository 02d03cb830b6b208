//! The queries matching reads: one statement per backend that scores the capacities a
//! caller may be offered on every criterion but experience (sectors, SDG targets,
//! formats, languages, availability, and the key words their texts hold through the
//! database's own full-text search: SQLite FTS5, PostgreSQL `tsvector`) and keeps only
//! what can still reach the best; then, for those few, where they were delivered and the
//! codes their reasons name. The points of each criterion are here (`points`), where the
//! score is computed; `domain::matching` documents the score and writes its reasons.

use std::collections::HashMap;

use diesel::backend::Backend;
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::query_dsl::LoadQuery;
use diesel::serialize::ToSql;
use diesel::sql_types::{Array, BigInt, HasSqlType, Integer, Nullable, Text};

use crate::db::DbConnection;
use crate::schema::{
    capacities, capacity_formats, capacity_languages, capacity_sdg_targets, capacity_sectors,
};
use crate::store::StoreError;
use crate::store::children;
use crate::store::visibility::ReadScope;

/// Points of each criterion (`domain::matching` documents the score).
pub mod points {
    pub const SECTOR: u32 = 30;
    pub const SECTOR_CATEGORY: u32 = 15;
    pub const SDG_TARGET: u32 = 10;
    pub const SDG_GOAL: u32 = 5;
    pub const FORMAT: u32 = 10;
    pub const LANGUAGE: u32 = 10;
    pub const COUNTRY_EXPERIENCE: u32 = 10;
    pub const REGION_EXPERIENCE: u32 = 5;
    pub const AVAILABILITY: u32 = 5;
    pub const TEXT: u32 = 20;
}

/// The most key words taken from one request (the first found, titles first): bounds the
/// search however long the request's texts are.
pub const MAX_TERMS: usize = 32;

/// What a demand asks, as the ranking query binds it: lists of codes, and the caller's
/// filters.
#[derive(Debug, Clone, Default)]
pub struct Wanted<'a> {
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
    /// Only capacities this organisation offers.
    pub organisation: Option<&'a str>,
    /// Only capacities shared in this format.
    pub format: Option<&'a str>,
}

/// A capacity that may be offered, with the points the ranking query gave it.
#[derive(Debug, Clone, QueryableByName)]
pub struct Ranked {
    #[diesel(sql_type = Text)]
    pub id: String,
    /// Its points for everything but experience: sector, SDG, format, language,
    /// availability and text.
    #[diesel(sql_type = BigInt)]
    pub points: i64,
    /// How many of the demand's key words its texts hold.
    #[diesel(sql_type = BigInt)]
    pub matched_terms: i64,
    /// The most key words any candidate's texts hold: the text points are relative to it.
    #[diesel(sql_type = BigInt)]
    pub best_terms: i64,
}

/// The capacities that may be offered (active, approved, readable in `scope` as approved
/// content, within the filters) and share a sector category, an SDG goal or a key word
/// with `wanted`, scored in one statement: the points of every criterion but experience
/// (which depends on projects the caller may read). Only those that can still reach the
/// best `keep` once up to `slack` experience points are added come back, best first, ties
/// in id order; the rest are never sent over the wire.
///
/// The text's points are `TEXT` × the key words it holds ÷ the most any candidate holds,
/// rounded half up: the same on both backends, and what the reason names.
pub fn ranked(
    conn: &mut DbConnection,
    wanted: &Wanted,
    scope: ReadScope,
    keep: usize,
    slack: u32,
) -> Result<Vec<Ranked>, StoreError> {
    debug_assert!(
        wanted.terms.len() <= MAX_TERMS
            && wanted
                .terms
                .iter()
                .all(|t| !t.is_empty() && t.chars().all(char::is_alphanumeric))
    );
    // Restricted capacities are offered only to callers reading every record.
    let public_only = i32::from(scope != ReadScope::All);
    let keep_at = i64::try_from(keep.max(1)).unwrap_or(i64::MAX);
    let slack = i64::from(slack);
    let bound = Bound {
        wanted,
        public_only,
        keep: keep_at,
        slack,
    };
    let asked = Asked {
        terms: wanted.terms,
        keep,
        slack,
        kept: Kept::WithinSlack,
    };
    match conn {
        DbConnection::Sqlite(sqlite) => {
            let statements = capacities_sql(Sqlite);
            Ok(sqlite.transaction(|sqlite| rank(sqlite, Sqlite, &statements, &bound, asked))?)
        }
        DbConnection::Postgres(pg) => {
            let statements = capacities_sql(Postgres);
            Ok(without_jit(pg, |pg| {
                rank(pg, Postgres, &statements, &bound, asked)
            })?)
        }
    }
}

/// What the capacities' ranking binds.
struct Bound<'a> {
    wanted: &'a Wanted<'a>,
    public_only: i32,
    keep: i64,
    slack: i64,
}

impl BindsRanking<diesel::sqlite::Sqlite> for Bound<'_> {
    fn query(&self, sql: &str) -> BoxedSqlQuery<'static, diesel::sqlite::Sqlite, SqlQuery> {
        let json = |list: &[String]| serde_json::to_string(list).unwrap_or_default();
        let Bound {
            wanted,
            public_only,
            keep,
            slack,
        } = *self;
        let formats: Vec<String> = wanted.formats.iter().map(|f| (*f).to_owned()).collect();
        diesel::sql_query(sql.to_owned())
            .into_boxed()
            .bind::<Text, _>(json(wanted.sectors))
            .bind::<Text, _>(json(wanted.categories))
            .bind::<Text, _>(json(wanted.targets))
            .bind::<Text, _>(serde_json::to_string(wanted.goals).unwrap_or_default())
            .bind::<Text, _>(json(&formats))
            .bind::<Text, _>(json(wanted.languages))
            .bind::<Text, _>(json(wanted.terms))
            .bind::<Integer, _>(public_only)
            .bind::<Nullable<Text>, _>(wanted.organisation.map(str::to_owned))
            .bind::<Nullable<Text>, _>(wanted.format.map(str::to_owned))
            .bind::<BigInt, _>(keep)
            .bind::<BigInt, _>(slack)
    }
}

impl BindsRanking<diesel::pg::Pg> for Bound<'_> {
    fn query(&self, sql: &str) -> BoxedSqlQuery<'static, diesel::pg::Pg, SqlQuery> {
        let Bound {
            wanted,
            public_only,
            keep,
            slack,
        } = *self;
        let formats: Vec<String> = wanted.formats.iter().map(|f| (*f).to_owned()).collect();
        diesel::sql_query(sql.to_owned())
            .into_boxed()
            .bind::<Array<Text>, _>(wanted.sectors.to_vec())
            .bind::<Array<Text>, _>(wanted.categories.to_vec())
            .bind::<Array<Text>, _>(wanted.targets.to_vec())
            .bind::<Array<Integer>, _>(wanted.goals.to_vec())
            .bind::<Array<Text>, _>(formats)
            .bind::<Array<Text>, _>(wanted.languages.to_vec())
            .bind::<Array<Text>, _>(wanted.terms.to_vec())
            .bind::<Integer, _>(public_only)
            .bind::<Nullable<Text>, _>(wanted.organisation.map(str::to_owned))
            .bind::<Nullable<Text>, _>(wanted.format.map(str::to_owned))
            .bind::<BigInt, _>(keep)
            .bind::<BigInt, _>(slack)
    }
}

/// Runs a ranking query on PostgreSQL without JIT compilation. Its estimated cost (many
/// rows through several joins) passes `jit_above_cost`, and compiling it took longer than
/// running it: about 1 s of 2.2 s for a capacity's matches at 50,000 requests.
pub(crate) fn without_jit<T>(
    pg: &mut diesel::PgConnection,
    query: impl FnOnce(&mut diesel::PgConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    pg.transaction(|pg| {
        diesel::connection::SimpleConnection::batch_execute(pg, "SET LOCAL jit = off")?;
        query(pg)
    })
}

/// The backends' dialects of the ranking queries (capacities here, requests in
/// `store::request_matching`).
#[derive(Clone, Copy)]
pub(crate) struct Sqlite;
#[derive(Clone, Copy)]
pub(crate) struct Postgres;

/// What a ranking query searches: a record table (aliased `alias`), its child tables of
/// codes (`{children}_sectors`, `_sdg_targets`, `_formats`, `_languages`, each naming the
/// record in column `key`), and its full-text index `fts` (SQLite: an FTS5 table keyed by
/// the record's `created_seq`; PostgreSQL: a table of (`id`, `search_vector`)).
#[derive(Clone, Copy)]
pub(crate) struct Searched {
    pub table: &'static str,
    pub alias: &'static str,
    pub fts: &'static str,
    pub children: &'static str,
    pub key: &'static str,
}

pub(crate) trait Dialect: Copy {
    /// Parameter `n` (1-based).
    fn param(self, n: u32) -> String;
    /// `column` is one of the list bound as parameter `n`.
    fn in_list(self, column: &str, n: u32) -> String;
    /// `SELECT row_key, m`: each record's count of the key words (the list bound as
    /// parameter `n`) its texts hold, keyed by the column [`Dialect::words_key`] names;
    /// only records holding one.
    fn words(self, searched: Searched, n: u32) -> String;
    /// The record's column `words.row_key` is.
    fn words_key(self, searched: Searched) -> String;
    /// The CTEs (each followed by a comma, or nothing) that [`Dialect::held`] and
    /// [`Dialect::holding`] read: the key words bound as parameter `n`, and (`groups`)
    /// the parameter holding a [`Dialect::groups`] expression.
    fn held_prelude(self, n: u32, groups: Option<u32>) -> String;
    /// Joins the full-text row of the record whose `words.row_key` is `key`, for
    /// [`Dialect::held`].
    fn held_join(self, searched: Searched, key: &str) -> String;
    /// How many of the key words bound as parameter `n` the joined full-text row holds:
    /// the count `words` makes, for one record.
    fn held(self, n: u32) -> String;
    /// `SELECT row_key, m` of the records holding every key word of one of the groups
    /// (the [`Dialect::groups`] expression bound as parameter `groups`, named in the
    /// prelude too), `m` as [`Dialect::held`] counts the key words bound as parameter `n`.
    fn holding(self, searched: Searched, n: u32, groups: u32) -> String;
    /// A full-text query every record holding at least `at_least` (1 to their number)
    /// of `terms` matches ([`at_least`]).
    fn groups(self, terms: &[&str], at_least: usize) -> String;
}

impl Dialect for Sqlite {
    fn param(self, n: u32) -> String {
        format!("?{n}")
    }
    fn in_list(self, column: &str, n: u32) -> String {
        format!("{column} IN (SELECT value FROM json_each(?{n}))")
    }
    fn words(self, searched: Searched, n: u32) -> String {
        // One FTS5 lookup per word (words are letters and digits, so quoting is safe).
        let fts = searched.fts;
        format!(
            "SELECT s.rowid AS row_key, COUNT(*) AS m FROM json_each(?{n}) t, {fts} s \
             WHERE s.{fts} MATCH '\"' || t.value || '\"' GROUP BY s.rowid"
        )
    }
    // The FTS index is keyed by `created_seq`, which the ranking indexes cover: the wide
    // rows are never read.
    fn words_key(self, searched: Searched) -> String {
        format!("{}.created_seq", searched.alias)
    }
    fn held_prelude(self, _n: u32, _groups: Option<u32>) -> String {
        String::new()
    }
    fn held_join(self, searched: Searched, key: &str) -> String {
        format!("LEFT JOIN {fts} s ON s.rowid = {key}", fts = searched.fts)
    }
    // The folded text's words (`db::sqlite_functions::held_terms`), as the reasons read
    // them (`domain::matching::reasons::words_found`).
    fn held(self, n: u32) -> String {
        format!("COALESCE(held_terms(s.search_text, ?{n}), 0)")
    }
    fn holding(self, searched: Searched, n: u32, groups: u32) -> String {
        let fts = searched.fts;
        format!(
            "SELECT s.rowid AS row_key, {held} AS m FROM {fts} s WHERE s.{fts} MATCH ?{groups}",
            held = self.held(n),
        )
    }
    // One level: FTS5 reads a word's postings once for each time the query names it.
    fn groups(self, terms: &[&str], at_least: usize) -> String {
        self::at_least(terms, at_least, 1, " AND ", " OR ", &|w| format!("\"{w}\""))
            .unwrap_or_default()
    }
}

impl Dialect for Postgres {
    fn param(self, n: u32) -> String {
        format!("${n}")
    }
    fn in_list(self, column: &str, n: u32) -> String {
        format!("{column} = ANY(${n})")
    }
    fn words(self, searched: Searched, n: u32) -> String {
        // The records holding any of the words (one lookup of them all in the narrow
        // table of migration 000027), each read once and tested against each word's own
        // query: the same `@@` as one lookup per word, without grouping a row per word
        // and record (with common words, hundreds of thousands). The queries are made
        // once (`q`): inlined, each row would parse them again. No words, no query (and
        // no notice about an empty one).
        let fts = searched.fts;
        let queries: Vec<String> = (1..=MAX_TERMS)
            .map(|i| format!("to_tsquery('simple', (${n}::text[])[{i}]) AS q{i}"))
            .collect();
        let tests: Vec<String> = (1..=MAX_TERMS)
            .map(|i| format!("COALESCE((w.search_vector @@ q.q{i})::int, 0)"))
            .collect();
        format!(
            "WITH q AS MATERIALIZED ( \
                 SELECT to_tsquery('simple', NULLIF(array_to_string(${n}::text[], ' | '), '')) AS any, \
                        {queries}) \
             SELECT w.id AS row_key, {tests} AS m \
             FROM q JOIN {fts} w ON w.search_vector @@ q.any",
            tests = tests.join(" + "),
            queries = queries.join(", "),
        )
    }
    fn words_key(self, searched: Searched) -> String {
        format!("{}.id", searched.alias)
    }
    // Each word's own query, made once, as `words` makes them.
    fn held_prelude(self, n: u32, groups: Option<u32>) -> String {
        let queries: Vec<String> = (1..=MAX_TERMS)
            .map(|i| format!("to_tsquery('simple', (${n}::text[])[{i}]) AS q{i}"))
            .collect();
        let groups = groups
            .map(|g| format!("to_tsquery('simple', ${g}) AS groups, "))
            .unwrap_or_default();
        format!(
            "q AS MATERIALIZED (SELECT {groups}{queries}), ",
            queries = queries.join(", ")
        )
    }
    fn held_join(self, searched: Searched, key: &str) -> String {
        format!(
            "CROSS JOIN q LEFT JOIN {fts} w ON w.id = {key}",
            fts = searched.fts
        )
    }
    fn held(self, _n: u32) -> String {
        let tests: Vec<String> = (1..=MAX_TERMS)
            .map(|i| format!("COALESCE((w.search_vector @@ q.q{i})::int, 0)"))
            .collect();
        format!("({})", tests.join(" + "))
    }
    fn holding(self, searched: Searched, n: u32, _groups: u32) -> String {
        format!(
            "SELECT w.id AS row_key, {held} AS m FROM q JOIN {fts} w ON w.search_vector @@ q.groups",
            held = self.held(n),
            fts = searched.fts,
        )
    }
    // One level: a second one (a third as many records found with the synthetic texts)
    // made GIN's evaluation of the larger query slower than the counting it saved.
    fn groups(self, terms: &[&str], at_least: usize) -> String {
        self::at_least(terms, at_least, 1, " & ", " | ", &|w| w.to_owned()).unwrap_or_default()
    }
}

/// What one direction adds to the shared ranking query.
pub(crate) struct Ranking<'a> {
    pub searched: Searched,
    /// Points only this direction's candidates can score (an SQL expression over the
    /// record, `0` or more), added to those of the codes.
    pub more_points: &'a str,
    /// The most `more_points` can be.
    pub more_at_most: u32,
    /// What a candidate must be besides sharing something (SQL conditions on the record).
    pub offered_when: &'a str,
    /// How many are asked for (an SQL expression: a parameter).
    pub keep: &'a str,
    /// Points still to come after the query (an SQL expression: a parameter, or `0`): a
    /// record within them of the best `keep` comes back.
    pub slack: &'a str,
    /// Which of the ranked come back (over `ranked`: `id`, `m`, `best`, `points`), in
    /// what order.
    pub kept: &'a str,
    /// The first parameter number the ranking's own parameters leave free: the queries
    /// of [`rank`] bind two more there.
    pub free: u32,
}

impl Ranking<'_> {
    /// The most points a record sharing no code can score.
    fn words_at_most(&self) -> u32 {
        use self::points as p;
        p::FORMAT + p::LANGUAGE + self.more_at_most + p::TEXT
    }
}

/// The ranking query of both directions: the records that share a sector category, an
/// SDG goal or a key word with what is compared (parameters 1 sectors, 2 categories,
/// 3 targets, 4 goals, 5 formats, 6 languages, 7 key words; the rest are `ranking`'s),
/// scored on the codes and `more_points`, with the text's points relative to the best
/// candidate's: `TEXT` × its words ÷ the most any candidate holds, rounded half up.
///
/// Only the records sharing a code (`coded`: a sector category or an SDG goal, a few
/// thousand at most) are scored on every criterion. Those sharing only words can score
/// at most format, language, `more_at_most` and the text's points; when that cannot
/// reach the best `keep` of the others (less than the `keep`-th's points, `slack`
/// added), they are never scored (`scored_by_words` is empty): they would not be
/// answered, and the `keep`-th is the same. The most words any candidate holds (`best`)
/// is that of the coded ones, or of an offered record holding more (few, read from
/// `words` alone). The answer is the same as scoring every candidate.
pub(crate) fn ranking_sql(d: impl Dialect, ranking: Ranking) -> String {
    let Searched {
        table, alias: a, ..
    } = ranking.searched;
    let Scoring {
        codes,
        coded_partial,
        words_partial,
    } = scoring(d, &ranking);
    let text = |m: &str| {
        format!(
            "CASE WHEN {m} = 0 THEN 0 ELSE ({text2} * {m} + best) / (2 * best) END",
            text2 = 2 * points::TEXT
        )
    };
    format!(
        "WITH words AS MATERIALIZED ({words}), \
         {codes}, \
         coded AS MATERIALIZED ( \
             SELECT {a}.id AS id, COALESCE(words.m, 0) AS m, \
                    {coded_partial} AS partial \
             FROM codes JOIN {table} {a} ON {a}.id = codes.id \
             LEFT JOIN words ON words.row_key = {words_key} \
             WHERE ({offered_when})), \
         coded_best AS MATERIALIZED (SELECT COALESCE(MAX(m), 0) AS m FROM coded), \
         b AS MATERIALIZED ( \
             SELECT COALESCE(MAX(best), 0) AS best FROM ( \
                 SELECT m AS best FROM coded_best \
                 UNION ALL \
                 SELECT words.m FROM words \
                 WHERE words.m > (SELECT m FROM coded_best) \
                   AND EXISTS (SELECT 1 FROM {table} {a} \
                               WHERE {words_key} = words.row_key AND ({offered_when}))) all_best), \
         scored_coded AS MATERIALIZED ( \
             SELECT id, m, best, partial + {coded_text} AS points FROM coded, b), \
         reach AS MATERIALIZED ( \
             SELECT COALESCE((SELECT points FROM scored_coded ORDER BY points DESC \
                              LIMIT 1 OFFSET {keep} - 1), 0) AS points), \
         scored_by_words AS MATERIALIZED ( \
             SELECT {a}.id AS id, words.m AS m, best, \
                    {words_partial} + {words_text} AS points \
             FROM words JOIN {table} {a} ON {words_key} = words.row_key, b \
             WHERE (SELECT points FROM reach) <= {words_at_most} + {slack} \
               AND ({offered_when}) \
               AND NOT EXISTS (SELECT 1 FROM codes WHERE codes.id = {a}.id)), \
         ranked AS MATERIALIZED ( \
             SELECT id, m, best, points FROM scored_coded \
             UNION ALL SELECT id, m, best, points FROM scored_by_words) \
         SELECT id, CAST(points AS BIGINT) AS points, CAST(m AS BIGINT) AS matched_terms, \
                CAST(best AS BIGINT) AS best_terms \
         FROM ranked {kept}",
        words = d.words(ranking.searched, 7),
        words_key = d.words_key(ranking.searched),
        coded_text = text("m"),
        words_text = text("words.m"),
        words_at_most = ranking.words_at_most(),
        offered_when = ranking.offered_when,
        keep = ranking.keep,
        slack = ranking.slack,
        kept = ranking.kept,
    )
}

/// What the full ranking query and the contenders' query share: the records sharing a
/// sector category or an SDG goal with their points on those codes (`codes`, a CTE), and
/// the points of a record on everything but the text, sharing a code (`coded_partial`,
/// over `codes` and the record) or not (`words_partial`).
struct Scoring {
    codes: String,
    coded_partial: String,
    words_partial: String,
}

fn scoring(d: impl Dialect, ranking: &Ranking) -> Scoring {
    use self::points as p;
    let Searched {
        alias: a,
        children,
        key,
        ..
    } = ranking.searched;
    let codes_and_more = |shared: &str| {
        format!(
            "{shared}{format} * CAST(EXISTS (SELECT 1 FROM {children}_formats f \
                 WHERE f.{key} = {a}.id AND {format_wanted}) AS INTEGER) \
             + {language} * CAST(EXISTS (SELECT 1 FROM {children}_languages l \
                 WHERE l.{key} = {a}.id AND {language_wanted}) AS INTEGER) \
             + {more_points}",
            format = p::FORMAT,
            language = p::LANGUAGE,
            format_wanted = d.in_list("f.format", 5),
            language_wanted = d.in_list("l.language", 6),
            more_points = ranking.more_points,
        )
    };
    let codes = format!(
        "codes AS MATERIALIZED ( \
             SELECT id, MAX(sector) + MAX(sdg) AS p FROM ( \
                 SELECT {key} AS id, \
                        CASE WHEN {same_sector} THEN {sector} ELSE {category} END AS sector, \
                        0 AS sdg \
                 FROM {children}_sectors WHERE {in_category} \
                 UNION ALL \
                 SELECT {key}, 0, CASE WHEN {same_target} THEN {target} ELSE {goal} END \
                 FROM {children}_sdg_targets WHERE {in_goal}) shared \
             GROUP BY id)",
        same_sector = d.in_list("code", 1),
        in_category = d.in_list("category", 2),
        same_target = d.in_list("target", 3),
        in_goal = d.in_list("goal", 4),
        sector = p::SECTOR,
        category = p::SECTOR_CATEGORY,
        target = p::SDG_TARGET,
        goal = p::SDG_GOAL,
    );
    Scoring {
        codes,
        coded_partial: codes_and_more("codes.p + "),
        words_partial: codes_and_more(""),
    }
}

/// The contenders' query: the records sharing a sector category or an SDG goal (as
/// [`ranking_sql`]'s `coded`) whose points on everything but the text, with the text's
/// most and `slack` added, reach the `keep`-th best of those points: nothing else can be
/// answered while the records sharing only words are out of reach. Each comes back with
/// those points (`points`) and the key words it holds (`matched_terms`, counted for these
/// records only); `best_terms` is 0.
pub(crate) fn contenders_sql(d: impl Dialect, ranking: &Ranking) -> String {
    let Searched {
        table, alias: a, ..
    } = ranking.searched;
    let Scoring {
        codes,
        coded_partial,
        ..
    } = scoring(d, ranking);
    format!(
        "WITH {prelude}{codes}, \
         coded AS MATERIALIZED ( \
             SELECT {a}.id AS id, {words_key} AS row_key, {coded_partial} AS partial \
             FROM codes JOIN {table} {a} ON {a}.id = codes.id \
             WHERE ({offered_when})), \
         bar AS MATERIALIZED ( \
             SELECT COALESCE((SELECT partial FROM coded ORDER BY partial DESC \
                              LIMIT 1 OFFSET {keep} - 1), 0) AS partial) \
         SELECT coded.id AS id, CAST(coded.partial AS BIGINT) AS points, \
                CAST({held} AS BIGINT) AS matched_terms, CAST(0 AS BIGINT) AS best_terms \
         FROM coded {held_join} \
         WHERE coded.partial + {text} + {slack} >= (SELECT partial FROM bar)",
        prelude = d.held_prelude(7, None),
        words_key = d.words_key(ranking.searched),
        held = d.held(7),
        held_join = d.held_join(ranking.searched, "coded.row_key"),
        offered_when = ranking.offered_when,
        keep = ranking.keep,
        slack = ranking.slack,
        text = points::TEXT,
    )
}

/// The most key words (parameter 7) an offered record holds among those holding every
/// word of one of the groups bound as parameter `free`, if one of them holds at least
/// parameter `free + 1`; else null.
pub(crate) fn most_held_sql(d: impl Dialect, ranking: &Ranking) -> String {
    let Searched {
        table, alias: a, ..
    } = ranking.searched;
    format!(
        "WITH {prelude}found AS MATERIALIZED ({holding}) \
         SELECT CAST(MAX(found.m) AS BIGINT) AS m \
         FROM found JOIN {table} {a} ON {words_key} = found.row_key \
         WHERE found.m >= {at_least} AND ({offered_when})",
        prelude = d.held_prelude(7, Some(ranking.free)),
        holding = d.holding(ranking.searched, 7, ranking.free),
        words_key = d.words_key(ranking.searched),
        at_least = d.param(ranking.free + 1),
        offered_when = ranking.offered_when,
    )
}

/// A ranking's statements: every candidate scored ([`ranking_sql`]), the contenders
/// ([`contenders_sql`]), the most key words held ([`most_held_sql`]); and the most points
/// a record sharing no code can score.
pub(crate) struct Statements {
    pub full: String,
    pub contenders: String,
    pub most_held: String,
    pub words_at_most: u32,
}

impl Statements {
    pub(crate) fn of(d: impl Dialect, ranking: Ranking) -> Self {
        Self {
            contenders: contenders_sql(d, &ranking),
            most_held: most_held_sql(d, &ranking),
            words_at_most: ranking.words_at_most(),
            full: ranking_sql(d, ranking),
        }
    }
}

/// The most key words any candidate holds, if one holds it.
#[derive(QueryableByName)]
pub(crate) struct MostHeld {
    #[diesel(sql_type = Nullable<BigInt>)]
    pub m: Option<i64>,
}

/// What [`rank`] is asked: the key words, how many (`keep`), the points still to come
/// (`slack`), which come back.
#[derive(Clone, Copy)]
pub(crate) struct Asked<'t> {
    pub terms: &'t [String],
    pub keep: usize,
    pub slack: i64,
    pub kept: Kept,
}

/// Which of the ranked come back.
#[derive(Clone, Copy)]
pub(crate) enum Kept {
    /// The best `keep`, ties in id order.
    Best,
    /// Those within `slack` of the `keep`-th best, best first, ties in id order.
    WithinSlack,
}

/// What one ranking compares, bound as the parameters its [`Statements`] share on backend
/// `DB` (SQLite takes lists as JSON text, PostgreSQL as arrays), for [`rank`].
pub(crate) trait BindsRanking<DB: Backend> {
    /// `sql`, one of the ranking's statements, with what is compared bound to it.
    fn query(&self, sql: &str) -> BoxedSqlQuery<'static, DB, SqlQuery>;
}

/// The answer of [`ranking_sql`], read with less work where the records sharing only
/// words cannot be answered: the contenders alone ([`contenders_sql`]) are scored, and
/// the most key words any candidate holds (what the text's points are relative to) is
/// found without counting every record's words.
///
/// That most is at least the contenders' most, `h`. A record holding at least `h + 1` of
/// the `n` key words misses at most `n - h - 1` of them, so it holds every word of one of
/// any `n - h` groups partitioning them (pigeonhole): the records the groups' full-text
/// query finds are counted, and if none of the offered ones holds `h + 1` the most is
/// `h`. Where the contenders cannot keep the records sharing only words out (fewer than
/// `keep`, or too few points), every candidate is scored ([`ranking_sql`]).
pub(crate) fn rank<C>(
    conn: &mut C,
    d: impl Dialect,
    statements: &Statements,
    bound: &impl BindsRanking<C::Backend>,
    asked: Asked,
) -> QueryResult<Vec<Ranked>>
where
    C: Connection,
    C::Backend: HasSqlType<Text> + HasSqlType<BigInt>,
    String: ToSql<Text, C::Backend>,
    i64: ToSql<BigInt, C::Backend>,
    for<'q> BoxedSqlQuery<'static, C::Backend, SqlQuery>:
        LoadQuery<'q, C, Ranked> + LoadQuery<'q, C, MostHeld>,
{
    let Asked {
        terms,
        keep,
        slack,
        kept,
    } = asked;
    let mut ranked: Vec<Ranked> = bound.query(&statements.contenders).load(conn)?;
    let held = ranked.iter().map(|r| r.matched_terms).max().unwrap_or(0);
    let n = i64::try_from(terms.len()).unwrap_or(i64::MAX);
    let best = if held < n {
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let at_least = usize::try_from(held + 1).unwrap_or(usize::MAX);
        let found: MostHeld = bound
            .query(&statements.most_held)
            .bind::<Text, _>(d.groups(&terms, at_least))
            .bind::<BigInt, _>(held + 1)
            .get_result(conn)?;
        found.m.map_or(held, |most| most.max(held))
    } else {
        held
    };
    for r in &mut ranked {
        r.points += text_points(r.matched_terms, best);
        r.best_terms = best;
    }
    ranked.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.id.cmp(&b.id)));
    let reach = ranked.get(keep.max(1) - 1).map_or(0, |r| r.points);
    if reach <= i64::from(statements.words_at_most) + slack {
        return bound.query(&statements.full).load(conn);
    }
    match kept {
        Kept::Best => ranked.truncate(keep),
        Kept::WithinSlack => ranked.retain(|r| r.points + slack >= reach),
    }
    Ok(ranked)
}

/// A boolean query (words joined by `and` and `or`, each written by `word`) that every
/// record holding at least `at_least` of `terms` matches, or none when every record does
/// (`at_least` 0). A record holding `at_least` of `n` words misses at most
/// `n - at_least`, so it holds every word of one of `n - at_least + 1` groups dealing
/// them out (pigeonhole); with `depth` above 1, each group is also asked to come with
/// `at_least` minus its size of the other words, found the same way.
pub(crate) fn at_least(
    terms: &[&str],
    at_least: usize,
    depth: u32,
    and: &str,
    or: &str,
    word: &dyn Fn(&str) -> String,
) -> Option<String> {
    if at_least == 0 {
        return None;
    }
    let count = (terms.len() + 1)
        .saturating_sub(at_least)
        .clamp(1, terms.len().max(1));
    let mut groups: Vec<Vec<&str>> = vec![Vec::new(); count];
    for (i, term) in terms.iter().enumerate() {
        groups[i % count].push(term);
    }
    let branches: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let mut all: Vec<String> = group.iter().map(|w| word(w)).collect();
            let rest: Vec<&str> = terms
                .iter()
                .enumerate()
                .filter(|(i, _)| i % count != g)
                .map(|(_, t)| *t)
                .collect();
            let more = if depth > 1 {
                self::at_least(
                    &rest,
                    at_least.saturating_sub(group.len()),
                    depth - 1,
                    and,
                    or,
                    word,
                )
            } else {
                None
            };
            all.extend(more.map(|more| format!("({more})")));
            format!("({})", all.join(and))
        })
        .collect();
    Some(branches.join(or))
}

/// The text's points as [`ranking_sql`] computes them: `TEXT` × `m` ÷ `best`, rounded
/// half up.
fn text_points(m: i64, best: i64) -> i64 {
    if m == 0 || best == 0 {
        0
    } else {
        (2 * i64::from(points::TEXT) * m + best) / (2 * best)
    }
}

const CAPACITIES: Searched = Searched {
    table: "capacities",
    alias: "c",
    fts: "capacity_search",
    children: "capacity",
    key: "capacity_id",
};

/// Capacities ranked for a demand. Parameters after the shared seven: 8 public only
/// (0 or 1), 9 organisation or null, 10 format or null, 11 how many to keep, 12 the
/// experience points still to come.
fn capacities_sql(d: impl Dialect) -> Statements {
    use self::points as p;
    let (p8, p9, p10, p11, p12) = (
        d.param(8),
        d.param(9),
        d.param(10),
        d.param(11),
        d.param(12),
    );
    Statements::of(
        d,
        Ranking {
            searched: CAPACITIES,
            more_points: &format!(
                "{} * CAST(COALESCE(c.experts_available, 0) > 0 AS INTEGER)",
                p::AVAILABILITY
            ),
            more_at_most: p::AVAILABILITY,
            offered_when: &format!(
                "c.status = 'active' AND c.approved_version IS NOT NULL \
                 AND ({p8} = 0 OR c.visibility = 'public') \
                 AND ({p9} IS NULL OR EXISTS (SELECT 1 FROM capacity_organisations o \
                      WHERE o.capacity_id = c.id AND o.organisation_id = {p9})) \
                 AND ({p10} IS NULL OR EXISTS (SELECT 1 FROM capacity_formats f \
                      WHERE f.capacity_id = c.id AND f.format = {p10}))"
            ),
            keep: &p11,
            slack: &p12,
            // What can still reach the best `keep` once experience is added.
            kept: &format!(
                "WHERE points + {p12} >= COALESCE( \
                     (SELECT points FROM ranked ORDER BY points DESC LIMIT 1 OFFSET {p11} - 1), 0) \
                 ORDER BY points DESC, id"
            ),
            free: 13,
        },
    )
}

/// (capacity id, code, its group): a capacity's sectors in the request's categories, or
/// its SDG targets in the request's goals.
pub type CodeHit = (String, String, String);

/// Of `ids`, the sectors whose 3-digit category is one of `categories`.
pub fn sectors_in_categories(
    conn: &mut DbConnection,
    ids: &[String],
    categories: &[String],
) -> Result<Vec<CodeHit>, StoreError> {
    if categories.is_empty() || ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(capacity_sectors::table
        .filter(capacity_sectors::capacity_id.eq_any(ids))
        .filter(capacity_sectors::category.eq_any(categories))
        .select((
            capacity_sectors::capacity_id,
            capacity_sectors::code,
            capacity_sectors::category,
        ))
        .order((capacity_sectors::capacity_id, capacity_sectors::position))
        .load(conn)?)
}

/// Of `ids`, the SDG targets whose goal is one of `goals`.
pub fn targets_in_goals(
    conn: &mut DbConnection,
    ids: &[String],
    goals: &[i32],
) -> Result<Vec<CodeHit>, StoreError> {
    if goals.is_empty() || ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, i32)> = capacity_sdg_targets::table
        .filter(capacity_sdg_targets::capacity_id.eq_any(ids))
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

/// What an answered capacity shows besides its reasons.
#[derive(Debug, Clone)]
pub struct Shown {
    pub experts_available: Option<i32>,
    /// Its title in its default language (the approved version's).
    pub title: String,
    /// Its folded texts (`search_text`, the approved version's): where the key words
    /// found are read from.
    pub search_text: String,
}

/// The title, experts and folded texts of `ids` (the few answered).
pub fn shown(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Shown>, StoreError> {
    let rows: Vec<(String, Option<i32>, String, String)> = capacities::table
        .filter(capacities::id.eq_any(ids))
        .select((
            capacities::id,
            capacities::experts_available,
            capacities::title,
            capacities::search_text,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, experts_available, title, search_text)| {
            (
                id,
                Shown {
                    experts_available,
                    title,
                    search_text,
                },
            )
        })
        .collect())
}

/// Of `ids`' formats, those in `wanted`, by capacity.
pub fn formats_among(
    conn: &mut DbConnection,
    ids: &[String],
    wanted: &[&str],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    children::items_among!(conn, ids, wanted, capacity_formats.capacity_id, format)
}

/// Of `ids`' working languages, those in `wanted`, by capacity.
pub fn languages_among(
    conn: &mut DbConnection,
    ids: &[String],
    wanted: &[String],
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    children::items_among!(conn, ids, wanted, capacity_languages.capacity_id, language)
}

#[cfg(test)]
mod tests {
    use super::at_least;

    /// Evaluates a query of words, `&`, `|` and parentheses against the words `held`.
    fn holds(query: &str, held: &[&str]) -> bool {
        fn or(tokens: &[&str], at: &mut usize, held: &[&str]) -> bool {
            let mut value = and(tokens, at, held);
            while tokens.get(*at) == Some(&"|") {
                *at += 1;
                value |= and(tokens, at, held);
            }
            value
        }
        fn and(tokens: &[&str], at: &mut usize, held: &[&str]) -> bool {
            let mut value = atom(tokens, at, held);
            while tokens.get(*at) == Some(&"&") {
                *at += 1;
                value &= atom(tokens, at, held);
            }
            value
        }
        fn atom(tokens: &[&str], at: &mut usize, held: &[&str]) -> bool {
            let token = tokens[*at];
            *at += 1;
            if token == "(" {
                let value = or(tokens, at, held);
                assert_eq!(tokens[*at], ")");
                *at += 1;
                value
            } else {
                held.contains(&token)
            }
        }
        let spaced = query.replace('(', " ( ").replace(')', " ) ");
        let tokens: Vec<&str> = spaced.split_whitespace().collect();
        let mut at = 0;
        let value = or(&tokens, &mut at, held);
        assert_eq!(at, tokens.len(), "{query}");
        value
    }

    /// Every set of words holding at least as many as asked matches the query, at every
    /// depth.
    #[test]
    fn the_pigeonhole_query_finds_every_record_holding_enough_words() {
        let words = ["a", "b", "c", "d", "e", "f", "g"];
        for n in 1..=words.len() {
            let terms = &words[..n];
            for wanted in 1..=n {
                for depth in 1..=3 {
                    let query =
                        at_least(terms, wanted, depth, " & ", " | ", &|w| w.to_owned()).unwrap();
                    for mask in 0u32..(1 << n) {
                        let held: Vec<&str> = (0..n)
                            .filter(|i| mask & (1 << i) != 0)
                            .map(|i| terms[i])
                            .collect();
                        if held.len() >= wanted {
                            assert!(holds(&query, &held), "{query} {held:?}");
                        }
                        // Asked for all, only all.
                        if wanted == n {
                            assert_eq!(holds(&query, &held), held.len() == n, "{query}");
                        }
                    }
                }
            }
        }
        assert_eq!(
            at_least(&["a", "b"], 0, 1, " & ", " | ", &|w| w.to_owned()),
            None
        );
    }
}
