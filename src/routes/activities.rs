//! `/api/v1/projects/{id}/activities…`: a project's activities (missions, courses,
//! internships, ...) and their costs, with versions of their own.

use actix_web::{get, put};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::domain::activities::{ActivitiesInput, ProjectActivities};
use crate::routes::project_parts::project_part_routes;

const TAG: &str = "activities";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_activities)
        .service(replace_activities)
        .service(activities_history);
}

project_part_routes! {
    tag: TAG,
    part: ProjectActivities,
    input: ActivitiesInput,
    path: "/projects/{id}/activities",
    /// Get a project's activities
    ///
    /// Its activities (missions, courses, internships, visits, meetings, deliveries) and
    /// their costs, with their own version: `ETag` and `If-None-Match` work as on records.
    /// Version 0, with no activities, until some are saved. Whoever may read the project may
    /// read them (404 otherwise).
    read: get_activities {
        found: "The project's activities",
        etag: "The activities' version",
    },
    /// Replace a project's activities
    ///
    /// The whole set of activities, as they are planned and then carried out, without
    /// re-sending the project. Needs `If-Match` with the activities' `ETag` (`"0"` before any
    /// were saved). Admins and coordinators write any project's activities, partners those of
    /// projects their organisation takes part in. Rules, every violation at its pointer:
    /// dates inside the project's (which then cannot move past them); actual dates and
    /// executed costs only when the activity is `done` (its actual dates then required); a
    /// `cancellation_reason` when, and only when, it is `cancelled`; each cost paid by a
    /// participant or contributor of the project (who then stays one), in an active currency
    /// with at most its minor-unit digits; `participants_women` not more than
    /// `participants_total`. Saving the same activities again keeps the version. Each new
    /// version is in the activities' history and the change feed (kind `project_activities`,
    /// with the project's id). Activities count once saved: they are not reviewed.
    replace: replace_activities {
        if_match: "ETag of the activities' version being replaced, e.g. \"0\" or \"3\"",
        new_etag: "The activities' new version",
        conflict: "The project is an incomplete draft: it has activities until it is complete",
    },
    /// History of a project's activities
    ///
    /// Their change records, oldest first, for callers who may read the project; empty while
    /// no activities were saved.
    history: activities_history {
        path: "/projects/{id}/activities/history",
    },
}
