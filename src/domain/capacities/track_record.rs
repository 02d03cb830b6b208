//! A capacity's track record: the projects that drew on it, with their recipient
//! countries. Computed when asked (projects change without the capacity changing), from
//! the projects the caller may read.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::capacities::Capacity;
use crate::domain::documents::LocalisedText;
use crate::domain::projects::Project;
use crate::domain::record::{self, RecordStorage};
use crate::error::ApiError;
use crate::store::projects as project_store;

/// The most projects a track record lists.
pub const MAX_PROJECTS: i64 = 500;

/// One project that drew on the capacity.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "project_id": "0193a6a0-0002-7000-8000-000000000001", "code": "FOAR-2025-0012",
    "title": {"es": "Fortalecimiento de la cadena láctea"}, "status": 2,
    "planned_start": "2025-03-01", "planned_end": "2026-12-31",
    "recipient_countries": ["BO"]
}))]
pub struct DeliveredProject {
    pub project_id: Uuid,
    pub code: String,
    #[schema(schema_with = crate::domain::documents::text_schemas::title_500)]
    pub title: LocalisedText,
    /// IATI ActivityStatus, 1 to 6.
    pub status: i32,
    pub planned_start: chrono::NaiveDate,
    pub planned_end: chrono::NaiveDate,
    /// Its recipient countries (ISO 3166-1 alpha-2).
    pub recipient_countries: Vec<String>,
}

/// The projects that delivered a capacity, and the countries they reached.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "capacity_id": "0193a6a0-cc1e-7b3a-9c1d-2f4e5a6b7c8d",
    "projects": [{
        "project_id": "0193a6a0-0002-7000-8000-000000000001", "code": "FOAR-2025-0012",
        "title": {"es": "Fortalecimiento de la cadena láctea"}, "status": 2,
        "planned_start": "2025-03-01", "planned_end": "2026-12-31",
        "recipient_countries": ["BO"]
    }],
    "recipient_countries": ["BO"]
}))]
pub struct TrackRecord {
    pub capacity_id: Uuid,
    /// The projects the caller may read that name the capacity in `capacity_ids`, by
    /// code (at most 500).
    pub projects: Vec<DeliveredProject>,
    /// Every recipient country of those projects, each once, in code order.
    pub recipient_countries: Vec<String>,
}

/// The track record of capacity `id` as `caller` may see it (404 when it may not read
/// the capacity).
pub fn track_record(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<TrackRecord, ApiError> {
    record::read::<Capacity>(conn, caller, id)?;
    let mut projects = Vec::new();
    for project_id in project_store::ids_drawing_on(conn, id, MAX_PROJECTS)? {
        let Some(stored) = Project::find(conn, caller, project_id)? else {
            continue;
        };
        let project: Project =
            serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
        // The version the caller reads says whether it draws on the capacity.
        if !project.capacity_ids.contains(&id) {
            continue;
        }
        projects.push(DeliveredProject {
            project_id,
            code: project.code.clone(),
            title: project.title.clone(),
            status: project.status,
            planned_start: project.planned_start,
            planned_end: project.planned_end,
            recipient_countries: project
                .recipient_countries
                .iter()
                .map(|c| c.country_code.clone())
                .collect(),
        });
    }
    projects.sort_by(|a, b| a.code.cmp(&b.code));
    let mut countries: Vec<String> = projects
        .iter()
        .flat_map(|p| p.recipient_countries.iter().cloned())
        .collect();
    countries.sort();
    countries.dedup();
    Ok(TrackRecord {
        capacity_id: id,
        projects,
        recipient_countries: countries,
    })
}
