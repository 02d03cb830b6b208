//! The project list: filters as SQL, keyset pagination that stays consistent while
//! projects change between page requests.
//!
//! A cursor carries a snapshot: the latest change `seq` when its first page was served.
//! Projects unchanged since then are paged straight from the `projects` table by their
//! current sort key. The few changed since are placed where they stood at the snapshot
//! (their sort key is read from `project_revisions`), so a project updated between two
//! page requests is neither returned twice nor skipped. Projects created after the
//! snapshot wait for a fresh listing.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::exists;
use diesel::prelude::*;

use crate::db::{Backend, DbConnection};
use crate::domain::access::ReadScope;
use crate::domain::projects::query::{
    ProjectCursor, ProjectFilter, ProjectSort, SortKey, SortValue,
};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::schema::{
    project_countries, project_participants, project_regions, project_revisions, project_sdg_goals,
    project_sectors, projects,
};
use crate::text::contains_pattern;

type ProjectQuery<'a> = projects::BoxedQuery<'a, Backend>;

/// Projects matching `filter` that `scope` may see.
fn filtered<'a>(filter: &'a ProjectFilter, scope: ReadScope) -> ProjectQuery<'a> {
    let mut query = projects::table.into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(projects::status.eq(status));
    }
    if let Some(modality) = filter.modality {
        query = query.filter(projects::modality.eq(modality.as_str()));
    }
    if let Some(instrument) = filter.instrument {
        query = query.filter(projects::instrument.eq(instrument.as_str()));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(projects::visibility.eq(visibility.as_str()));
    }
    if let Some(country) = &filter.country {
        query = query.filter(exists(
            project_countries::table
                .filter(project_countries::project_id.eq(projects::id))
                .filter(project_countries::country_code.eq(country)),
        ));
    }
    if let Some(region) = &filter.region {
        query = query.filter(exists(
            project_regions::table
                .filter(project_regions::project_id.eq(projects::id))
                .filter(project_regions::region_code.eq(region)),
        ));
    }
    if let Some(sector) = &filter.sector {
        query = query.filter(exists(
            project_sectors::table
                .filter(project_sectors::project_id.eq(projects::id))
                .filter(project_sectors::sector_code.eq(sector)),
        ));
    }
    if let Some(category) = &filter.sector_category {
        query = query.filter(exists(
            project_sectors::table
                .filter(project_sectors::project_id.eq(projects::id))
                .filter(project_sectors::category.eq(category)),
        ));
    }
    if let Some(goal) = filter.sdg {
        query = query.filter(exists(
            project_sdg_goals::table
                .filter(project_sdg_goals::project_id.eq(projects::id))
                .filter(project_sdg_goals::goal.eq(goal)),
        ));
    }
    if let Some(organisation) = filter.organisation {
        let participants = project_participants::table
            .filter(project_participants::project_id.eq(projects::id))
            .filter(project_participants::organisation_id.eq(organisation.to_string()));
        query = match filter.organisation_role {
            Some(role) => query.filter(exists(
                participants.filter(project_participants::role.eq(role.as_str())),
            )),
            None => query.filter(exists(participants)),
        };
    }
    if let Some(partnership) = filter.partnership {
        query = query.filter(projects::partnership_id.eq(partnership.to_string()));
    }
    if let Some(arrangement) = filter.triangular_arrangement {
        query = query.filter(projects::triangular_arrangement_id.eq(arrangement.to_string()));
    }
    if let Some(from) = filter.start_from {
        query = query.filter(projects::planned_start.ge(from));
    }
    if let Some(to) = filter.start_to {
        query = query.filter(projects::planned_start.le(to));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(projects::updated_at.ge(since));
    }
    if let Some(q) = &filter.q {
        query = query.filter(projects::search_text.like(contains_pattern(q)).escape('\\'));
    }
    restrict(query, scope)
}

/// Apply a caller's read scope to a project query.
pub fn restrict(query: ProjectQuery<'_>, scope: ReadScope) -> ProjectQuery<'_> {
    match scope {
        ReadScope::All => query,
        ReadScope::Public => query.filter(projects::visibility.eq(Visibility::Public.as_str())),
        ReadScope::PublicOrParticipant(org) => query.filter(
            projects::visibility
                .eq(Visibility::Public.as_str())
                .or(exists(
                    project_participants::table
                        .filter(project_participants::project_id.eq(projects::id))
                        .filter(project_participants::organisation_id.eq(org.to_string())),
                )),
        ),
    }
}

/// Keep only rows after `key` in `sort`'s order.
fn after<'a>(query: ProjectQuery<'a>, sort: ProjectSort, key: &SortKey) -> ProjectQuery<'a> {
    let id = key.id.clone();
    match (&key.value, sort) {
        (SortValue::Time(at), ProjectSort::UpdatedAt) => query.filter(
            projects::updated_at
                .lt(*at)
                .or(projects::updated_at.eq(*at).and(projects::id.lt(id))),
        ),
        (SortValue::Text(code), ProjectSort::Code) => query.filter(
            projects::code
                .gt(code.clone())
                .or(projects::code.eq(code.clone()).and(projects::id.gt(id))),
        ),
        (SortValue::Date(date), ProjectSort::PlannedStart) => query.filter(
            projects::planned_start
                .gt(*date)
                .or(projects::planned_start.eq(*date).and(projects::id.gt(id))),
        ),
        // decode() builds values of the cursor's own sort.
        _ => unreachable!("a cursor's key matches its sort"),
    }
}

fn ordered(query: ProjectQuery<'_>, sort: ProjectSort) -> ProjectQuery<'_> {
    match sort {
        ProjectSort::UpdatedAt => query.order((projects::updated_at.desc(), projects::id.desc())),
        ProjectSort::Code => query.order((projects::code.asc(), projects::id.asc())),
        ProjectSort::PlannedStart => {
            query.order((projects::planned_start.asc(), projects::id.asc()))
        }
    }
}

/// One page of representations (up to `limit + 1`, to tell whether more follow), each
/// with its key for the next cursor.
pub fn page(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    cursor: &ProjectCursor,
    limit: usize,
) -> Result<Vec<(String, SortKey)>, ApiError> {
    let sort = cursor.sort;
    let snapshot = cursor.snapshot;

    let mut unchanged = filtered(filter, scope).filter(projects::last_change_seq.le(snapshot));
    if let Some(key) = &cursor.after {
        unchanged = after(unchanged, sort, key);
    }
    let rows: Vec<(String, String, String, NaiveDate, NaiveDateTime)> = ordered(unchanged, sort)
        .limit(limit as i64 + 1)
        .select((
            projects::id,
            projects::representation,
            projects::code,
            projects::planned_start,
            projects::updated_at,
        ))
        .load(conn)?;
    let mut page: Vec<(String, SortKey)> = rows
        .into_iter()
        .map(|(id, representation, code, start, updated)| {
            (representation, SortKey::of(sort, id, &code, start, updated))
        })
        .collect();

    // Projects that existed at the snapshot and changed since: place them by their key
    // as it was then. Found by the `last_change_seq` index first (usually none), so the
    // filters only ever run over that handful.
    let changed_since: Vec<String> = projects::table
        .filter(projects::last_change_seq.gt(snapshot))
        .filter(projects::created_seq.le(snapshot))
        .select(projects::id)
        .load(conn)?;
    let moved: Vec<(String, String)> = if changed_since.is_empty() {
        Vec::new()
    } else {
        filtered(filter, scope)
            .filter(projects::id.eq_any(changed_since))
            .select((projects::id, projects::representation))
            .load(conn)?
    };
    for (id, representation) in moved {
        let Some((code, start, updated)) = project_revisions::table
            .filter(project_revisions::project_id.eq(&id))
            .filter(project_revisions::seq.le(snapshot))
            .order(project_revisions::seq.desc())
            .select((
                project_revisions::code,
                project_revisions::planned_start,
                project_revisions::updated_at,
            ))
            .first::<(String, NaiveDate, NaiveDateTime)>(conn)
            .optional()?
        else {
            continue;
        };
        let key = SortKey::of(sort, id, &code, start, updated);
        if cursor
            .after
            .as_ref()
            .is_none_or(|after| key.is_after(after, sort))
        {
            page.push((representation, key));
        }
    }
    page.sort_by(|a, b| a.1.cmp_in(&b.1, sort));
    page.truncate(limit + 1);
    Ok(page)
}
