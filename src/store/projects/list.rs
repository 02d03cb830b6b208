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
use diesel::prelude::*;

use crate::db::{Backend, DbConnection};
use crate::domain::access::ReadScope;
use crate::domain::projects::query::{
    ProjectCursor, ProjectFilter, ProjectSort, SortKey, SortValue,
};
use crate::error::ApiError;
use crate::schema::{project_revisions, projects};

pub type ProjectQuery<'a> = projects::BoxedQuery<'a, Backend>;

/// Apply the project filters and a caller's read scope to a boxed query over any source
/// that includes `projects` (the table itself, or a child table joined to it, for
/// statistics). A macro, because each source is a different query type.
macro_rules! filter_projects {
    ($query:expr, $filter:expr, $scope:expr) => {{
        let filter: &$crate::domain::projects::query::ProjectFilter = $filter;
        let mut query = $query;
        if let Some(status) = filter.status {
            query = query.filter($crate::schema::projects::status.eq(status));
        }
        if let Some(modality) = filter.modality {
            query = query.filter($crate::schema::projects::modality.eq(modality.as_str()));
        }
        if let Some(instrument) = filter.instrument {
            query = query.filter($crate::schema::projects::instrument.eq(instrument.as_str()));
        }
        if let Some(visibility) = filter.visibility {
            query = query.filter($crate::schema::projects::visibility.eq(visibility.as_str()));
        }
        if let Some(country) = &filter.country {
            query = query.filter(diesel::dsl::exists(
                $crate::schema::project_countries::table
                    .filter(
                        $crate::schema::project_countries::project_id
                            .eq($crate::schema::projects::id),
                    )
                    .filter($crate::schema::project_countries::country_code.eq(country)),
            ));
        }
        if let Some(region) = &filter.region {
            query = query.filter(diesel::dsl::exists(
                $crate::schema::project_regions::table
                    .filter(
                        $crate::schema::project_regions::project_id
                            .eq($crate::schema::projects::id),
                    )
                    .filter($crate::schema::project_regions::region_code.eq(region)),
            ));
        }
        if let Some(sector) = &filter.sector {
            query = query.filter(diesel::dsl::exists(
                $crate::schema::project_sectors::table
                    .filter(
                        $crate::schema::project_sectors::project_id
                            .eq($crate::schema::projects::id),
                    )
                    .filter($crate::schema::project_sectors::sector_code.eq(sector)),
            ));
        }
        if let Some(category) = &filter.sector_category {
            query = query.filter(diesel::dsl::exists(
                $crate::schema::project_sectors::table
                    .filter(
                        $crate::schema::project_sectors::project_id
                            .eq($crate::schema::projects::id),
                    )
                    .filter($crate::schema::project_sectors::category.eq(category)),
            ));
        }
        if let Some(goal) = filter.sdg {
            query = query.filter(diesel::dsl::exists(
                $crate::schema::project_sdg_goals::table
                    .filter(
                        $crate::schema::project_sdg_goals::project_id
                            .eq($crate::schema::projects::id),
                    )
                    .filter($crate::schema::project_sdg_goals::goal.eq(goal)),
            ));
        }
        if let Some(organisation) = filter.organisation {
            let participants = $crate::schema::project_participants::table
                .filter(
                    $crate::schema::project_participants::project_id
                        .eq($crate::schema::projects::id),
                )
                .filter(
                    $crate::schema::project_participants::organisation_id
                        .eq(organisation.to_string()),
                );
            query = match filter.organisation_role {
                Some(role) => query
                    .filter(diesel::dsl::exists(participants.filter(
                        $crate::schema::project_participants::role.eq(role.as_str()),
                    ))),
                None => query.filter(diesel::dsl::exists(participants)),
            };
        }
        if let Some(partnership) = filter.partnership {
            query =
                query.filter($crate::schema::projects::partnership_id.eq(partnership.to_string()));
        }
        if let Some(arrangement) = filter.triangular_arrangement {
            query = query.filter(
                $crate::schema::projects::triangular_arrangement_id.eq(arrangement.to_string()),
            );
        }
        if let Some(from) = filter.start_from {
            query = query.filter($crate::schema::projects::planned_start.ge(from));
        }
        if let Some(to) = filter.start_to {
            query = query.filter($crate::schema::projects::planned_start.le(to));
        }
        if let Some(since) = filter.updated_since {
            query = query.filter($crate::schema::projects::updated_at.ge(since));
        }
        if let Some(q) = &filter.q {
            query = query.filter(
                $crate::schema::projects::search_text
                    .like($crate::text::contains_pattern(q))
                    .escape('\\'),
            );
        }
        match $scope {
            $crate::domain::access::ReadScope::All => query,
            $crate::domain::access::ReadScope::Public => query.filter(
                $crate::schema::projects::visibility
                    .eq($crate::domain::vocabulary::Visibility::Public.as_str()),
            ),
            $crate::domain::access::ReadScope::PublicOrParticipant(org) => query.filter(
                $crate::schema::projects::visibility
                    .eq($crate::domain::vocabulary::Visibility::Public.as_str())
                    .or(diesel::dsl::exists(
                        $crate::schema::project_participants::table
                            .filter(
                                $crate::schema::project_participants::project_id
                                    .eq($crate::schema::projects::id),
                            )
                            .filter(
                                $crate::schema::project_participants::organisation_id
                                    .eq(org.to_string()),
                            ),
                    )),
            ),
        }
    }};
}

pub(crate) use filter_projects;

/// Projects matching `filter` that `scope` may see.
pub fn filtered<'a>(filter: &'a ProjectFilter, scope: ReadScope) -> ProjectQuery<'a> {
    filter_projects!(projects::table.into_boxed(), filter, scope)
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
