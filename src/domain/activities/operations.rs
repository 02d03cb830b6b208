//! A project's activities as a part of it with versions of its own
//! (`domain::project_parts`): what is special to them, the rows their figures read and
//! what they bound of the project.

use std::collections::HashSet;

use chrono::Datelike;

use super::*;
use crate::db::DbConnection;
use crate::domain::decimal::parse_scaled;
use crate::domain::kinds::ResourceKind;
use crate::domain::money::currency_scale;
use crate::domain::project_parts::{self, ProjectPart};
use crate::domain::projects::{Project, ProjectInput};
use crate::error::ApiError;
use crate::store::StoreError;
use crate::store::activities::{self as store, ActivityCostRow, ActivityItemRow};
use crate::store::project_parts::{PartWrite, StoredPart};
use crate::validation::Violations;

impl ProjectPart for ProjectActivities {
    const KIND: ResourceKind = ResourceKind::ProjectActivities;
    const NOUN: &'static str = "activities";
    type Item = Activity;
    type Input = ActivitiesInput;
    type Rows = (Vec<ActivityItemRow>, Vec<ActivityCostRow>);

    fn document(
        project_id: Uuid,
        version: i64,
        updated_at: Option<DateTime<Utc>>,
        updated_by: Option<String>,
        activities: Vec<Activity>,
    ) -> Self {
        ProjectActivities {
            project_id,
            version,
            updated_at,
            updated_by,
            activities,
        }
    }

    fn items(&self) -> &[Activity] {
        &self.activities
    }

    fn input_items(input: &ActivitiesInput) -> &[Activity] {
        &input.activities
    }

    fn into_items(input: ActivitiesInput) -> Vec<Activity> {
        input.activities
    }

    /// Besides the dates, who pays: a participant or contributor of both versions.
    fn check(
        input: &mut ActivitiesInput,
        counted: &Project,
        current: &Project,
        span: (NaiveDate, NaiveDate),
    ) -> Violations {
        let payers: HashSet<Uuid> = payers_of(counted)
            .intersection(&payers_of(current))
            .copied()
            .collect();
        check_within(input, &counted.default_language, span, &payers)
    }

    fn rows(activities: &[Activity]) -> Result<Self::Rows, ApiError> {
        rows_of(activities)
    }

    fn find(conn: &mut DbConnection, project_id: Uuid) -> Result<Option<StoredPart>, StoreError> {
        store::find(conn, project_id)
    }

    fn find_many(
        conn: &mut DbConnection,
        project_ids: &[String],
    ) -> Result<Vec<(String, String)>, crate::store::StoreError> {
        store::find_many(conn, project_ids)
    }

    fn save(
        conn: &mut DbConnection,
        write: &PartWrite<'_>,
        (items, costs): &Self::Rows,
    ) -> Result<bool, StoreError> {
        store::save(conn, write, items, costs)
    }

    fn insert_many(
        conn: &mut DbConnection,
        parts: &[(String, StoredPart, Self::Rows)],
        at: chrono::NaiveDateTime,
        by: &str,
    ) -> Result<(), StoreError> {
        store::insert_many(conn, parts, at, by)
    }
}

/// The organisations that may pay a project's costs: its participants and contributors.
pub fn payers_of(project: &ProjectInput) -> HashSet<Uuid> {
    project
        .participants
        .iter()
        .map(|p| p.organisation_id)
        .chain(project.contributions.iter().map(|c| c.organisation_id))
        .collect()
}

/// The rows figures and reports read of checked activities.
fn rows_of(
    activities: &[Activity],
) -> Result<(Vec<ActivityItemRow>, Vec<ActivityCostRow>), ApiError> {
    let mut items = Vec::with_capacity(activities.len());
    let mut costs = Vec::new();
    for (position, activity) in activities.iter().enumerate() {
        let year = activity
            .actual_start
            .unwrap_or(activity.planned_start)
            .year();
        items.push(ActivityItemRow {
            kind: activity.kind.as_str().to_owned(),
            status: activity.status.as_str().to_owned(),
            year,
            expert_days: activity.expert_days.unwrap_or(0) as i32,
        });
        for cost in &activity.costs {
            let scale = currency_scale(&cost.currency).map_err(ApiError::internal)?;
            costs.push(ActivityCostRow {
                activity: position as i32,
                category: cost.category.as_str().to_owned(),
                executed: cost.stage == CostStage::Executed,
                amount_minor: parse_scaled(&cost.amount, scale).map_err(ApiError::internal)?,
                currency: cost.currency.clone(),
                paying_organisation_id: cost.paying_organisation_id.to_string(),
                year,
            });
        }
    }
    Ok((items, costs))
}

/// The first and last of a project's activities' dates, and who pays their costs.
pub type ActivityBounds = ((NaiveDate, NaiveDate), HashSet<Uuid>);

/// What the project's activities need of the project: the first and last of their dates
/// and the organisations paying their costs (an edit of the project keeps them inside
/// its dates and among its participants). `None` while it has no activities.
pub fn bounds(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<Option<ActivityBounds>, ApiError> {
    let Some(saved) = project_parts::saved::<ProjectActivities>(conn, project_id)? else {
        return Ok(None);
    };
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    let mut payers = HashSet::new();
    for activity in &saved.activities {
        for date in [
            Some(activity.planned_start),
            Some(activity.planned_end),
            activity.actual_start,
            activity.actual_end,
        ]
        .into_iter()
        .flatten()
        {
            span = Some(match span {
                None => (date, date),
                Some((first, last)) => (first.min(date), last.max(date)),
            });
        }
        payers.extend(activity.costs.iter().map(|c| c.paying_organisation_id));
    }
    Ok(span.map(|span| (span, payers)))
}
