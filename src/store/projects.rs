//! Storage of projects: the row's own columns (the sort keys among them), one table per
//! child collection, and the sort keys of every version (`project_revisions`, for pages
//! sorted by code or start). The shared columns and queries are `store::records`'.

use std::collections::HashSet;

use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::schema::{project_capacities, project_participants, project_revisions, projects};
use crate::store::StoreError;
use crate::store::batch::{insert_children, insert_rows};
use crate::store::fixed_sql::FixedSql;
use crate::store::parse_uuid;
use crate::store::record_table::{
    ContributionRow, RecordColumns, RecordRow, delete_children, record_table, with_ids,
};

pub mod list;

record_table! {
    /// The `projects` table.
    pub struct Projects {
        table: projects,
        kind: "project",
        participants: project_participants.project_id,
        row: ProjectRow,
        filter: list::ProjectFilter => list::filtered,
    }
}

/// A project's own columns.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ProjectColumns {
    pub code: String,
    pub iati_identifier: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub objectives: Option<String>,
    pub modality: &'static str,
    pub instrument: &'static str,
    pub status: i32,
    pub approval_date: Option<NaiveDate>,
    pub planned_start: NaiveDate,
    /// Year of `planned_start`, for statistics grouped by year on both backends.
    pub planned_start_year: i32,
    pub planned_end: NaiveDate,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    /// Minor units of `budget_currency`.
    pub budget_amount_minor: Option<i64>,
    pub budget_currency: Option<String>,
    pub partnership_id: Option<String>,
    pub triangular_arrangement_id: Option<String>,
}

/// A code with its share, in hundredths of a percent (100% = 10000).
pub type Share = (String, i32);

/// A project as stored beside the shared columns.
#[derive(Debug, Clone)]
pub struct ProjectRow {
    pub columns: ProjectColumns,
    /// Public and approved: counted by everyone's statistics (copied into the child rows
    /// statistics group, with the budget, so that they never read the wide project rows).
    pub counts_publicly: bool,
    pub countries: Vec<Share>,
    pub regions: Vec<Share>,
    /// 5-digit DAC sectors.
    pub sectors: Vec<Share>,
    pub sdg_goals: Vec<i32>,
    pub sdg_targets: Vec<String>,
    /// (organisation, role), in order.
    pub participants: Vec<(Uuid, &'static str)>,
    pub contributions: Vec<ContributionRow>,
    /// The capacities it draws on, in order.
    pub capacities: Vec<Uuid>,
}

impl RecordRow for ProjectRow {
    fn insert_children(
        conn: &mut DbConnection,
        records: &[(&RecordColumns, &Self)],
    ) -> Result<(), StoreError> {
        if let ([(record, row)], DbConnection::Postgres(pg)) = (records, &mut *conn) {
            // The record's row is written, its `seq` known.
            let head = FixedSql::new("WITH change AS (SELECT ")
                .bind::<diesel::sql_types::BigInt, _>(record.seq)
                .sql("::bigint AS seq), record AS (SELECT ")
                .bind::<diesel::sql_types::Text, _>(&record.id)
                .sql("::text AS id), ");
            children_after(head, record, row).execute(pg)?;
            return Ok(());
        }
        // What statistics sum and whom they count for is copied beside each grouped
        // child row: the project's budget and `counts_publicly`.
        insert_children!(conn, project_countries.project_id,
        for (id, row) in with_ids(records) => &row.countries,
        |(code, percentage)| {
            country_code: code,
            percentage: *percentage,
            budget_currency: &row.columns.budget_currency,
            budget_amount_minor: row.columns.budget_amount_minor,
            counts_publicly: row.counts_publicly,
        })?;
        insert_children!(conn, project_regions.project_id,
        for (id, row) in with_ids(records) => &row.regions,
        |(code, percentage)| {
            region_code: code,
            percentage: *percentage,
            budget_currency: &row.columns.budget_currency,
            budget_amount_minor: row.columns.budget_amount_minor,
            counts_publicly: row.counts_publicly,
        })?;
        // Statistics count a project once per category and once per organisation.
        insert_children!(conn, project_sectors.project_id,
        for (id, row) in with_ids(records) => &row.sectors,
        let mut categories = HashSet::new();
        |(code, percentage)| {
            sector_code: code,
            category: &code[..3],
            first_of_category: categories.insert(&code[..3]),
            percentage: *percentage,
            budget_currency: &row.columns.budget_currency,
            budget_amount_minor: row.columns.budget_amount_minor,
            counts_publicly: row.counts_publicly,
        })?;
        insert_children!(conn, project_sdg_goals.project_id,
        for (id, row) in with_ids(records) => &row.sdg_goals,
        |goal| {
            goal: *goal,
            budget_currency: &row.columns.budget_currency,
            budget_amount_minor: row.columns.budget_amount_minor,
            counts_publicly: row.counts_publicly,
        })?;
        insert_children!(conn, project_sdg_targets.project_id,
        for (id, row) in with_ids(records) => &row.sdg_targets,
        |target| { target: target })?;
        insert_children!(conn, project_participants.project_id,
        for (id, row) in with_ids(records) => &row.participants,
        let mut organisations = HashSet::new();
        |(organisation, role)| {
            organisation_id: organisation.to_string(),
            role: *role,
            first_of_organisation: organisations.insert(*organisation),
            budget_currency: &row.columns.budget_currency,
            budget_amount_minor: row.columns.budget_amount_minor,
            counts_publicly: row.counts_publicly,
        })?;
        insert_children!(conn, project_contributions.project_id,
        for (id, row) in with_ids(records) => &row.contributions,
        |c| {
            organisation_id: c.organisation.to_string(),
            amount_minor: c.amount_minor,
            currency: c.currency.clone(),
            expert_days: c.expert_days,
        })?;
        insert_children!(conn, project_capacities.project_id,
        for (id, row) in with_ids(records) => &row.capacities,
        |capacity| { capacity_id: capacity.to_string() })?;
        // The sort keys of each version, for pages requested while it changes.
        let revisions: Vec<_> = records
            .iter()
            .map(|(record, row)| {
                (
                    project_revisions::project_id.eq(record.id.as_str()),
                    project_revisions::seq.eq(record.seq),
                    project_revisions::code.eq(&row.columns.code),
                    project_revisions::planned_start.eq(row.columns.planned_start),
                    project_revisions::updated_at.eq(record.updated_at),
                )
            })
            .collect();
        insert_rows!(conn, project_revisions::table, revisions, 5)?;
        Ok(())
    }

    const CHILDREN_AT_ONCE: bool = true;

    fn children_at_once<'a>(
        head: FixedSql<'a>,
        record: &'a RecordColumns,
        row: &'a Self,
    ) -> Option<FixedSql<'a>> {
        Some(children_after(head, record, row))
    }

    fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), StoreError> {
        if let DbConnection::Postgres(pg) = conn {
            // One statement of fixed text (kept prepared) for every table, where a
            // statement per table took eight round trips.
            FixedSql::new("WITH project AS (SELECT ")
                .bind::<diesel::sql_types::Text, _>(id)
                .sql(
                    "::text AS id), \
                     countries AS (DELETE FROM project_countries USING project \
                     WHERE project_id = project.id), \
                     regions AS (DELETE FROM project_regions USING project \
                     WHERE project_id = project.id), \
                     sectors AS (DELETE FROM project_sectors USING project \
                     WHERE project_id = project.id), \
                     goals AS (DELETE FROM project_sdg_goals USING project \
                     WHERE project_id = project.id), \
                     targets AS (DELETE FROM project_sdg_targets USING project \
                     WHERE project_id = project.id), \
                     participants AS (DELETE FROM project_participants USING project \
                     WHERE project_id = project.id), \
                     contributions AS (DELETE FROM project_contributions USING project \
                     WHERE project_id = project.id) \
                     DELETE FROM project_capacities USING project \
                     WHERE project_id = project.id",
                )
                .execute(pg)?;
            return Ok(());
        }
        delete_children!(
            conn,
            id,
            project_countries.project_id,
            project_regions.project_id,
            project_sectors.project_id,
            project_sdg_goals.project_id,
            project_sdg_targets.project_id,
            project_participants.project_id,
            project_contributions.project_id,
            project_capacities.project_id,
        )
    }
}

/// The child rows of one project (a write through the API) on PostgreSQL, as
/// `insert_children` writes them, in one statement of fixed text (kept prepared) after
/// `head` (see [`RecordRow::children_at_once`]): each table's rows from arrays, in one
/// round trip where a statement per table took nine.
fn children_after<'a>(
    head: FixedSql<'a>,
    record: &'a RecordColumns,
    row: &'a ProjectRow,
) -> FixedSql<'a> {
    use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamp};
    let sql = head
        .sql("project AS (SELECT record.id, ")
        .bind::<Nullable<Text>, _>(&row.columns.budget_currency)
        .sql("::text AS budget_currency, ")
        .bind::<Nullable<BigInt>, _>(row.columns.budget_amount_minor)
        .sql("::bigint AS budget_amount_minor, ")
        .bind::<Bool, _>(row.counts_publicly)
        .sql(
            "::boolean AS counts_publicly FROM record), \
         countries AS (INSERT INTO project_countries (project_id, position, country_code, \
         percentage, budget_currency, budget_amount_minor, counts_publicly) \
         SELECT p.id, (c.n - 1)::int, c.code, c.percentage, p.budget_currency, \
         p.budget_amount_minor, p.counts_publicly FROM project p, unnest(",
        );
    let sql = with_organisations(with_shares(sql, row), row);
    sql.sql(
        ") WITH ORDINALITY AS c (capacity_id, n)) \
         INSERT INTO project_revisions (project_id, seq, code, planned_start, updated_at) \
         SELECT p.id, (SELECT seq FROM change), ",
    )
    .bind::<Text, _>(&row.columns.code)
    .sql(", ")
    .bind::<Date, _>(row.columns.planned_start)
    .sql(", ")
    .bind::<Timestamp, _>(record.updated_at)
    .sql(" FROM project p RETURNING seq")
}

/// `children_after`'s rows of the project's shares and codes: countries,
/// regions, sectors, SDG goals and targets, each table's rows from arrays.
fn with_shares<'a>(sql: FixedSql<'a>, row: &'a ProjectRow) -> FixedSql<'a> {
    use diesel::sql_types::{Array, Bool, Integer, Text};
    let codes = |shares: &[Share]| {
        shares
            .iter()
            .map(|(code, _)| code.clone())
            .collect::<Vec<_>>()
    };
    let percentages = |shares: &[Share]| shares.iter().map(|(_, p)| *p).collect::<Vec<_>>();
    // Statistics count a project once per category.
    let mut categories = HashSet::new();
    let first_of_category: Vec<bool> = row
        .sectors
        .iter()
        .map(|(code, _)| categories.insert(&code[..3]))
        .collect();
    sql.bind::<Array<Text>, _>(codes(&row.countries))
        .sql(", ")
        .bind::<Array<Integer>, _>(percentages(&row.countries))
        .sql(
            ") WITH ORDINALITY AS c (code, percentage, n)), \
         regions AS (INSERT INTO project_regions (project_id, position, region_code, \
         percentage, budget_currency, budget_amount_minor, counts_publicly) \
         SELECT p.id, (r.n - 1)::int, r.code, r.percentage, p.budget_currency, \
         p.budget_amount_minor, p.counts_publicly FROM project p, unnest(",
        )
        .bind::<Array<Text>, _>(codes(&row.regions))
        .sql(", ")
        .bind::<Array<Integer>, _>(percentages(&row.regions))
        .sql(
            ") WITH ORDINALITY AS r (code, percentage, n)), \
         sectors AS (INSERT INTO project_sectors (project_id, position, sector_code, category, \
         first_of_category, percentage, budget_currency, budget_amount_minor, counts_publicly) \
         SELECT p.id, (s.n - 1)::int, s.code, left(s.code, 3), s.first_of_category, \
         s.percentage, p.budget_currency, p.budget_amount_minor, p.counts_publicly \
         FROM project p, unnest(",
        )
        .bind::<Array<Text>, _>(codes(&row.sectors))
        .sql(", ")
        .bind::<Array<Bool>, _>(first_of_category)
        .sql(", ")
        .bind::<Array<Integer>, _>(percentages(&row.sectors))
        .sql(
            ") WITH ORDINALITY AS s (code, first_of_category, percentage, n)), \
         goals AS (INSERT INTO project_sdg_goals (project_id, position, goal, budget_currency, \
         budget_amount_minor, counts_publicly) \
         SELECT p.id, (g.n - 1)::int, g.goal, p.budget_currency, p.budget_amount_minor, \
         p.counts_publicly FROM project p, unnest(",
        )
        .bind::<Array<Integer>, _>(&row.sdg_goals)
        .sql(
            ") WITH ORDINALITY AS g (goal, n)), \
         targets AS (INSERT INTO project_sdg_targets (project_id, position, target) \
         SELECT p.id, (t.n - 1)::int, t.target FROM project p, unnest(",
        )
        .bind::<Array<Text>, _>(&row.sdg_targets)
        .sql(
            ") WITH ORDINALITY AS t (target, n)), \
         participants AS (INSERT INTO project_participants (project_id, position, \
         organisation_id, role, first_of_organisation, budget_currency, budget_amount_minor, \
         counts_publicly) \
         SELECT p.id, (o.n - 1)::int, o.organisation_id, o.role, o.first_of_organisation, \
         p.budget_currency, p.budget_amount_minor, p.counts_publicly FROM project p, unnest(",
        )
}

/// `children_after`'s rows naming organisations and capacities: participants,
/// contributions and the capacities drawn on.
fn with_organisations<'a>(sql: FixedSql<'a>, row: &'a ProjectRow) -> FixedSql<'a> {
    use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text};
    // Statistics count a project once per organisation.
    let mut organisations = HashSet::new();
    let first_of_organisation: Vec<bool> = row
        .participants
        .iter()
        .map(|(organisation, _)| organisations.insert(*organisation))
        .collect();
    let contributions = &row.contributions;
    sql.bind::<Array<Text>, _>(
        row.participants
            .iter()
            .map(|(organisation, _)| organisation.to_string())
            .collect::<Vec<_>>(),
    )
    .sql(", ")
    .bind::<Array<Text>, _>(
        row.participants
            .iter()
            .map(|(_, role)| *role)
            .collect::<Vec<_>>(),
    )
    .sql(", ")
    .bind::<Array<Bool>, _>(first_of_organisation)
    .sql(
        ") WITH ORDINALITY AS o (organisation_id, role, first_of_organisation, n)), \
         contributions AS (INSERT INTO project_contributions (project_id, position, \
         organisation_id, amount_minor, currency, expert_days) \
         SELECT p.id, (c.n - 1)::int, c.organisation_id, c.amount_minor, c.currency, \
         c.expert_days FROM project p, unnest(",
    )
    .bind::<Array<Text>, _>(
        contributions
            .iter()
            .map(|c| c.organisation.to_string())
            .collect::<Vec<_>>(),
    )
    .sql(", ")
    .bind::<Array<Nullable<BigInt>>, _>(
        contributions
            .iter()
            .map(|c| c.amount_minor)
            .collect::<Vec<_>>(),
    )
    .sql(", ")
    .bind::<Array<Nullable<Text>>, _>(
        contributions
            .iter()
            .map(|c| c.currency.clone())
            .collect::<Vec<_>>(),
    )
    .sql(", ")
    .bind::<Array<Nullable<Integer>>, _>(
        contributions
            .iter()
            .map(|c| c.expert_days)
            .collect::<Vec<_>>(),
    )
    .sql(
        ") WITH ORDINALITY AS c (organisation_id, amount_minor, currency, expert_days, n)), \
         capacities AS (INSERT INTO project_capacities (project_id, position, capacity_id) \
         SELECT p.id, (c.n - 1)::int, c.capacity_id FROM project p, unnest(",
    )
    .bind::<Array<Text>, _>(
        row.capacities
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>(),
    )
}

/// What a project's checks read of other records: which of the organisations it names
/// exist, and the projects holding its codes or IATI identifiers.
#[derive(Debug, Default)]
pub struct Referenced {
    pub organisations: HashSet<Uuid>,
    /// (code, holder), by code.
    pub codes: Vec<(String, Uuid)>,
    /// (identifier, holder), by identifier.
    pub iati_identifiers: Vec<(String, Uuid)>,
}

/// [`Referenced`] for these organisations, codes and identifiers: on PostgreSQL in one
/// statement of fixed text (a round trip per create, where a statement each took two or
/// three), on SQLite (in this process) a query each.
pub fn referenced(
    conn: &mut DbConnection,
    organisations: &[Uuid],
    codes: &[&str],
    identifiers: &[&str],
) -> Result<Referenced, StoreError> {
    let DbConnection::Postgres(pg) = conn else {
        return Ok(Referenced {
            organisations: crate::store::organisations::existing(
                conn,
                organisations.iter().copied(),
            )?,
            codes: holding_codes(conn, codes)?,
            iati_identifiers: holding_iati_identifiers(conn, identifiers)?,
        });
    };
    use diesel::sql_types::{Array, Text};
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Text)]
        what: String,
        #[diesel(sql_type = Text)]
        value: String,
        #[diesel(sql_type = Text)]
        holder: String,
    }
    let found: Vec<Found> = FixedSql::new(
        "SELECT 'organisation' AS what, id AS value, id AS holder FROM organisations \
         WHERE id = ANY(",
    )
    .bind::<Array<Text>, _>(
        organisations
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>(),
    )
    .sql(") UNION ALL SELECT 'code', code, id FROM projects WHERE code = ANY(")
    .bind::<Array<Text>, _>(codes)
    .sql(
        ") UNION ALL SELECT 'iati_identifier', iati_identifier, id FROM projects \
         WHERE iati_identifier = ANY(",
    )
    .bind::<Array<Text>, _>(identifiers)
    .sql(")")
    .load(pg)?;
    let mut referenced = Referenced::default();
    for Found {
        what,
        value,
        holder,
    } in found
    {
        let holder = parse_uuid(&holder)?;
        match what.as_str() {
            "organisation" => {
                referenced.organisations.insert(holder);
            }
            "code" => referenced.codes.push((value, holder)),
            _ => referenced.iati_identifiers.push((value, holder)),
        }
    }
    referenced.codes.sort();
    referenced.iati_identifiers.sort();
    Ok(referenced)
}

/// The project holding `code`, if any.
pub fn id_by_code(conn: &mut DbConnection, code: &str) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = projects::table
        .filter(projects::code.eq(code))
        .select(projects::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(parse_uuid).transpose()
}

/// The projects holding any of these codes: (code, id).
pub fn holding_codes(
    conn: &mut DbConnection,
    codes: &[&str],
) -> Result<Vec<(String, Uuid)>, StoreError> {
    let rows: Vec<(String, String)> = projects::table
        .filter(projects::code.eq_any(codes))
        .select((projects::code, projects::id))
        .order(projects::code)
        .load(conn)?;
    rows.into_iter()
        .map(|(code, id)| Ok((code, parse_uuid(&id)?)))
        .collect()
}

/// The projects holding any of these IATI identifiers: (identifier, id).
pub fn holding_iati_identifiers(
    conn: &mut DbConnection,
    identifiers: &[&str],
) -> Result<Vec<(String, Uuid)>, StoreError> {
    if identifiers.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<String>, String)> = projects::table
        .filter(projects::iati_identifier.eq_any(identifiers))
        .select((projects::iati_identifier, projects::id))
        .order(projects::iati_identifier)
        .load(conn)?;
    rows.into_iter()
        .filter_map(|(identifier, id)| identifier.map(|identifier| (identifier, id)))
        .map(|(identifier, id)| Ok((identifier, parse_uuid(&id)?)))
        .collect()
}

/// The project holding this IATI identifier, if any.
pub fn id_by_iati_identifier(
    conn: &mut DbConnection,
    identifier: &str,
) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = projects::table
        .filter(projects::iati_identifier.eq(identifier))
        .select(projects::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(parse_uuid).transpose()
}

/// The codes of the projects under this partnership or this triangular arrangement
/// (whichever is given), at most 20: what a delete of either must wait for.
pub fn codes_under(
    conn: &mut DbConnection,
    partnership: Option<Uuid>,
    arrangement: Option<Uuid>,
) -> Result<Vec<String>, StoreError> {
    let mut query = projects::table.into_boxed();
    if let Some(partnership) = partnership {
        query = query.filter(projects::partnership_id.eq(partnership.to_string()));
    }
    if let Some(arrangement) = arrangement {
        query = query.filter(projects::triangular_arrangement_id.eq(arrangement.to_string()));
    }
    Ok(query
        .select(projects::code)
        .order(projects::code)
        .limit(20)
        .load(conn)?)
}

/// The codes of the projects that draw on this capacity (as their approved versions
/// say), at most 20: what a delete of the capacity must wait for.
pub fn codes_drawing_on(
    conn: &mut DbConnection,
    capacity: Uuid,
) -> Result<Vec<String>, StoreError> {
    Ok(projects::table
        .filter(diesel::dsl::exists(
            project_capacities::table
                .filter(project_capacities::project_id.eq(projects::id))
                .filter(project_capacities::capacity_id.eq(capacity.to_string())),
        ))
        .select(projects::code)
        .order(projects::code)
        .limit(20)
        .load(conn)?)
}

/// The ids of the projects that draw on this capacity (as their approved versions say),
/// oldest first, at most `limit`.
pub fn ids_drawing_on(
    conn: &mut DbConnection,
    capacity: Uuid,
    limit: i64,
) -> Result<Vec<Uuid>, StoreError> {
    let ids: Vec<String> = project_capacities::table
        .filter(project_capacities::capacity_id.eq(capacity.to_string()))
        .select(project_capacities::project_id)
        .distinct()
        .order(project_capacities::project_id)
        .limit(limit)
        .load(conn)?;
    ids.iter().map(|id| parse_uuid(id)).collect()
}

/// The projects under a triangular arrangement: their ids, codes, and participants with
/// their roles.
#[allow(clippy::type_complexity)]
pub fn participants_under_arrangement(
    conn: &mut DbConnection,
    arrangement: Uuid,
) -> Result<Vec<(Uuid, String, Vec<(Uuid, String)>)>, StoreError> {
    let rows: Vec<(String, String, String, String)> = projects::table
        .inner_join(project_participants::table)
        .filter(projects::triangular_arrangement_id.eq(arrangement.to_string()))
        .select((
            projects::id,
            projects::code,
            project_participants::organisation_id,
            project_participants::role,
        ))
        .order((projects::code, project_participants::position))
        .load(conn)?;
    let mut found: Vec<(Uuid, String, Vec<(Uuid, String)>)> = Vec::new();
    for (id, code, organisation, role) in rows {
        let organisation = parse_uuid(&organisation)?;
        match found.last_mut() {
            Some((_, last, participants)) if *last == code => {
                participants.push((organisation, role))
            }
            _ => found.push((parse_uuid(&id)?, code, vec![(organisation, role)])),
        }
    }
    Ok(found)
}
