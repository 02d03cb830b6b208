//! The project list: filters as SQL, and keyset pages in three orders that stay
//! consistent while projects change between page requests (see `store::snapshot`). For
//! the orders by code and by planned start, a project changed since the snapshot is placed
//! by its sort key then, read from `project_revisions`.

use std::cmp::Ordering;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::schema::{project_revisions, projects};
use crate::store::StoreError;
use crate::store::record_table::{self};
use crate::store::snapshot::{
    KeyedRow, ListKey, SnapshotCursor, at_positions, first_positions, merge,
};
use crate::store::visibility::ReadScope;

/// The project filters, checked (codes as stored).
#[derive(Debug, Default, Clone)]
pub struct ProjectFilter {
    pub status: Option<i32>,
    pub modality: Option<&'static str>,
    pub instrument: Option<&'static str>,
    pub visibility: Option<&'static str>,
    pub country: Option<String>,
    pub region: Option<String>,
    /// A 5-digit sector code.
    pub sector: Option<String>,
    /// A 3-digit sector category.
    pub sector_category: Option<String>,
    pub sdg: Option<i32>,
    pub organisation: Option<Uuid>,
    pub organisation_role: Option<&'static str>,
    pub partnership: Option<Uuid>,
    pub triangular_arrangement: Option<Uuid>,
    pub start_from: Option<NaiveDate>,
    pub start_to: Option<NaiveDate>,
    pub updated_since: Option<NaiveDateTime>,
    /// Folded search text.
    pub q: Option<String>,
}

impl ProjectFilter {
    /// No filter at all (every project the scope may read). Written as a destructuring so
    /// that a new filter cannot be forgotten here.
    pub fn is_empty(&self) -> bool {
        let ProjectFilter {
            status,
            modality,
            instrument,
            visibility,
            country,
            region,
            sector,
            sector_category,
            sdg,
            organisation,
            organisation_role,
            partnership,
            triangular_arrangement,
            start_from,
            start_to,
            updated_since,
            q,
        } = self;
        status.is_none()
            && modality.is_none()
            && instrument.is_none()
            && visibility.is_none()
            && country.is_none()
            && region.is_none()
            && sector.is_none()
            && sector_category.is_none()
            && sdg.is_none()
            && organisation.is_none()
            && organisation_role.is_none()
            && partnership.is_none()
            && triangular_arrangement.is_none()
            && start_from.is_none()
            && start_to.is_none()
            && updated_since.is_none()
            && q.is_none()
    }
}

/// Apply the project filters and a caller's read scope to a boxed query over any source
/// that includes `projects` (the table itself, or a child table joined to it, for
/// statistics; on either backend). A macro, because each source is a different query type.
macro_rules! filter_projects {
    ($query:expr, $filter:expr, $scope:expr) => {{
        use diesel::dsl::exists;
        use $crate::schema::{
            project_countries as pc, project_participants as pp, project_regions as pr,
            project_sdg_goals as pg, project_sectors as ps, projects as p,
        };
        let filter: &$crate::store::projects::list::ProjectFilter = $filter;
        let mut query = $query;
        if let Some(status) = filter.status {
            query = query.filter(p::status.eq(status));
        }
        if let Some(modality) = filter.modality {
            query = query.filter(p::modality.eq(modality));
        }
        if let Some(instrument) = filter.instrument {
            query = query.filter(p::instrument.eq(instrument));
        }
        if let Some(visibility) = filter.visibility {
            query = query.filter(p::visibility.eq(visibility));
        }
        if let Some(country) = &filter.country {
            query = query.filter(exists(
                pc::table
                    .filter(pc::project_id.eq(p::id))
                    .filter(pc::country_code.eq(country)),
            ));
        }
        if let Some(region) = &filter.region {
            query = query.filter(exists(
                pr::table
                    .filter(pr::project_id.eq(p::id))
                    .filter(pr::region_code.eq(region)),
            ));
        }
        if let Some(sector) = &filter.sector {
            query = query.filter(exists(
                ps::table
                    .filter(ps::project_id.eq(p::id))
                    .filter(ps::sector_code.eq(sector)),
            ));
        }
        if let Some(category) = &filter.sector_category {
            query = query.filter(exists(
                ps::table
                    .filter(ps::project_id.eq(p::id))
                    .filter(ps::category.eq(category)),
            ));
        }
        if let Some(goal) = filter.sdg {
            query = query.filter(exists(
                pg::table
                    .filter(pg::project_id.eq(p::id))
                    .filter(pg::goal.eq(goal)),
            ));
        }
        if let Some(organisation) = filter.organisation {
            let participants = pp::table
                .filter(pp::project_id.eq(p::id))
                .filter(pp::organisation_id.eq(organisation.to_string()));
            query = match filter.organisation_role {
                Some(role) => query.filter(exists(participants.filter(pp::role.eq(role)))),
                None => query.filter(exists(participants)),
            };
        }
        if let Some(partnership) = filter.partnership {
            query = query.filter(p::partnership_id.eq(partnership.to_string()));
        }
        if let Some(arrangement) = filter.triangular_arrangement {
            query = query.filter(p::triangular_arrangement_id.eq(arrangement.to_string()));
        }
        if let Some(from) = filter.start_from {
            query = query.filter(p::planned_start.ge(from));
        }
        if let Some(to) = filter.start_to {
            query = query.filter(p::planned_start.le(to));
        }
        if let Some(since) = filter.updated_since {
            query = query.filter(p::updated_at.ge(since));
        }
        if let Some(q) = &filter.q {
            query = query.filter(
                p::search_text
                    .like($crate::text::contains_pattern(q))
                    .escape('\\'),
            );
        }
        $crate::store::visibility::readable_by!(
            query,
            $scope,
            projects,
            project_participants.project_id
        )
    }};
}

pub(crate) use filter_projects;

type ProjectQuery<'a> = projects::BoxedQuery<'a, Backend>;

/// Projects matching `filter` that `scope` may see.
pub fn filtered(filter: &ProjectFilter, scope: ReadScope) -> ProjectQuery<'_> {
    filter_projects!(projects::table.into_boxed(), filter, scope)
}

/// The orders of the project list besides newest first (ties broken by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectOrder {
    /// By code, A to Z.
    Code,
    /// By planned start, earliest first.
    PlannedStart,
}

/// A position in the list ordered by code or by planned start.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProjectKey {
    Code(String, String),
    PlannedStart(NaiveDate, String),
}

impl ProjectKey {
    fn of(order: ProjectOrder, id: String, code: String, planned_start: NaiveDate) -> Self {
        match order {
            ProjectOrder::Code => ProjectKey::Code(code, id),
            ProjectOrder::PlannedStart => ProjectKey::PlannedStart(planned_start, id),
        }
    }
}

impl ListKey for ProjectKey {
    fn cmp_in_list(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }

    fn id(&self) -> &str {
        match self {
            ProjectKey::Code(_, id) | ProjectKey::PlannedStart(_, id) => id,
        }
    }
}

diesel::alias!(project_revisions as revisions_then: RevisionsThen);

/// Positions in `order` at `cursor`'s snapshot of the projects `ids` (their sort keys in
/// their last revision up to the snapshot), after the cursor's position: at most
/// `limit + 1`, in list order.
fn ordered_then(
    conn: &mut DbConnection,
    order: ProjectOrder,
    ids: &[String],
    cursor: &SnapshotCursor<ProjectKey>,
    limit: usize,
) -> Result<Vec<ProjectKey>, StoreError> {
    use project_revisions as r;
    let then = revisions_then;
    let last_revision_then = then
        .filter(then.field(r::seq).le(cursor.snapshot))
        .filter(then.field(r::project_id).eq_any(ids))
        .group_by(then.field(r::project_id))
        .select(diesel::dsl::max(then.field(r::seq)));
    let mut positions = r::table
        .filter(r::project_id.eq_any(ids))
        .filter(r::seq.nullable().eq_any(last_revision_then))
        .into_boxed();
    positions = match (order, &cursor.after) {
        (_, None) => positions,
        (ProjectOrder::Code, Some(ProjectKey::Code(code, id))) => positions.filter(
            r::code
                .ge(code.clone())
                .and(r::code.gt(code.clone()).or(r::project_id.gt(id.clone()))),
        ),
        (ProjectOrder::PlannedStart, Some(ProjectKey::PlannedStart(start, id))) => positions
            .filter(
                r::planned_start
                    .ge(*start)
                    .and(r::planned_start.gt(*start).or(r::project_id.gt(id.clone()))),
            ),
        _ => return Err(another_sort_order()),
    };
    positions = match order {
        ProjectOrder::Code => positions.order((r::code.asc(), r::project_id.asc())),
        ProjectOrder::PlannedStart => {
            positions.order((r::planned_start.asc(), r::project_id.asc()))
        }
    };
    let rows: Vec<(String, String, NaiveDate)> = positions
        .limit(limit as i64 + 1)
        .select((r::project_id, r::code, r::planned_start))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, start)| ProjectKey::of(order, id, code, start))
        .collect())
}

/// Cursors are decoded for their own order only; this is for the impossible other case.
fn another_sort_order() -> StoreError {
    StoreError::corrupt("a cursor of another sort order reached the page query")
}

/// One page in `order` (up to `limit + 1` rows, each with its key).
pub fn ordered_page(
    conn: &mut DbConnection,
    filter: &ProjectFilter,
    scope: ReadScope,
    order: ProjectOrder,
    cursor: &SnapshotCursor<ProjectKey>,
    limit: usize,
) -> Result<Vec<KeyedRow<ProjectKey>>, StoreError> {
    let snapshot = cursor.snapshot;
    let mut unchanged = filtered(filter, scope).filter(projects::last_change_seq.le(snapshot));
    unchanged = match (order, &cursor.after) {
        (_, None) => unchanged,
        (ProjectOrder::Code, Some(ProjectKey::Code(code, id))) => unchanged.filter(
            // `(code, id) > (c, i)`, its first term bounding the index range.
            projects::code.ge(code.clone()).and(
                projects::code
                    .gt(code.clone())
                    .or(projects::id.gt(id.clone())),
            ),
        ),
        (ProjectOrder::PlannedStart, Some(ProjectKey::PlannedStart(start, id))) => unchanged
            .filter(
                projects::planned_start.ge(*start).and(
                    projects::planned_start
                        .gt(*start)
                        .or(projects::id.gt(id.clone())),
                ),
            ),
        _ => return Err(another_sort_order()),
    };
    unchanged = match order {
        ProjectOrder::Code => unchanged.order((projects::code.asc(), projects::id.asc())),
        ProjectOrder::PlannedStart => {
            unchanged.order((projects::planned_start.asc(), projects::id.asc()))
        }
    };
    let rows: Vec<(String, String, String, NaiveDate)> = unchanged
        .limit(limit as i64 + 1)
        .select((
            projects::id,
            projects::representation,
            projects::code,
            projects::planned_start,
        ))
        .load(conn)?;
    let unchanged = rows
        .into_iter()
        .map(|(id, representation, code, start)| {
            (representation, ProjectKey::of(order, id, code, start))
        })
        .collect();

    // Projects that existed at the snapshot, match, and changed since (usually none):
    // placed by their sort key then.
    let moved_ids = crate::store::snapshot::moved_since(cursor, || {
        filtered(filter, scope)
            .filter(projects::last_change_seq.gt(snapshot))
            .filter(projects::created_seq.le(snapshot))
            .select(projects::id)
            .load(conn)
    })?;
    let positions = first_positions(&moved_ids, limit, |ids| {
        ordered_then(conn, order, ids, cursor, limit)
    })?;
    let representations = projects::table
        .filter(projects::id.eq_any(positions.iter().map(ListKey::id)))
        .select((projects::id, projects::representation))
        .load(conn)?;
    let moved = at_positions(positions, representations);
    let mut page = merge(unchanged, moved, cursor.after.as_ref(), limit);
    record_table::show_approved::<super::Projects, _>(conn, scope, &mut page)?;
    Ok(page)
}
