//! What an import says it did: counts of every outcome, and the first activities that
//! were kept as incomplete drafts, skipped, held for review or altered, each with notes
//! at XPaths into the file.
//! The report is bounded whatever the file: at most [`MAX_DETAILS`] activities are
//! described and at most [`MAX_NOTES`] notes each, the rest counted.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Activities described in a report at most (the others are counted).
pub const MAX_DETAILS: usize = 100;
/// Notes of one activity at most (the others are counted in a last note).
pub const MAX_NOTES: usize = 50;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "dry_run": false, "activities": 5, "created": 1, "updated": 1, "submitted": 1, "drafted": 1, "unchanged": 0, "skipped": 1,
    "details": [
        {"position": 2, "identifier": "XM-DAC-41114-PROJECT-00123", "outcome": "updated",
         "project_id": "0193a6a0-0002-7000-8000-000000000001",
         "notes": [{"path": "iati-activity[2]/sector[2]/@percentage", "message": "missing: the sectors without one share what the others leave (50)"}]},
        {"position": 3, "identifier": "AR-CUIT-30546671166-FOAR-2025-0012", "outcome": "submitted",
         "project_id": "0193a6a0-0002-7000-8000-000000000002",
         "notes": [{"path": "iati-activity[3]/@ssc:visibility", "message": "makes the project public: saved for review (another reviewer approves it)"}]},
        {"position": 4, "identifier": "XM-DAC-47066-AR-1234", "outcome": "drafted",
         "project_id": "5b1f0c7e-3d2a-5c4e-8f6a-0b9c8d7e6f5a",
         "notes": [{"path": "iati-activity[4]/activity-date", "message": "missing: a project needs its start and end dates"},
                   {"path": "iati-activity[4]", "message": "kept as an incomplete draft: the project's /planned_end: is required"}]},
        {"position": 5, "identifier": null, "outcome": "skipped", "project_id": null,
         "notes": [{"path": "iati-activity[5]/iati-identifier", "message": "missing: an activity is matched by its identifier"}]}
    ],
    "details_omitted": 0
}))]
pub struct ImportReport {
    /// Nothing was written: what an import would do.
    pub dry_run: bool,
    /// Activities read, in all the files given.
    pub activities: u64,
    pub created: u64,
    pub updated: u64,
    /// Written as a version awaiting review: the update would have made the project
    /// public or removed an organisation from it.
    pub submitted: u64,
    /// Kept as incomplete drafts (created or changed): the activity lacks what a
    /// project needs or breaks its rules; the draft lists what, in its `completeness`.
    pub drafted: u64,
    pub unchanged: u64,
    pub skipped: u64,
    /// The first activities that were kept as drafts, skipped, held for review or
    /// altered, with why (at most 100).
    pub details: Vec<ActivityReport>,
    /// Activities drafted, skipped or altered beyond those in `details`.
    pub details_omitted: u64,
}

/// What became of one activity.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ActivityReport {
    /// Its position in the file (1-based, as in `iati-activity[n]`).
    pub position: u64,
    #[schema(required = true)]
    pub identifier: Option<String>,
    pub outcome: Outcome,
    /// The project (or incomplete draft) it created or updated.
    #[schema(required = true)]
    pub project_id: Option<Uuid>,
    /// At most 50; a last note counts the others.
    pub notes: Vec<ImportNote>,
}

/// What was kept, normalised or refused, and where.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ImportNote {
    /// An XPath into the file, such as `iati-activity[3]/sector[2]/@percentage`.
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    /// Saved as a version awaiting review (the approved one stays what counts).
    Submitted,
    /// Kept as an incomplete draft (`?review=draft`), created or changed.
    Drafted,
    Unchanged,
    Skipped,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Submitted => "submitted",
            Outcome::Drafted => "drafted",
            Outcome::Unchanged => "unchanged",
            Outcome::Skipped => "skipped",
        }
    }
}

impl ImportReport {
    pub fn add(&mut self, mut report: ActivityReport) {
        self.activities += 1;
        match report.outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Submitted => self.submitted += 1,
            Outcome::Drafted => self.drafted += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Skipped => self.skipped += 1,
        }
        let worth_telling = matches!(
            report.outcome,
            Outcome::Skipped | Outcome::Submitted | Outcome::Drafted
        ) || !report.notes.is_empty();
        if !worth_telling {
            return;
        }
        if self.details.len() == MAX_DETAILS {
            self.details_omitted += 1;
            return;
        }
        if report.notes.len() > MAX_NOTES {
            let more = report.notes.len() - (MAX_NOTES - 1);
            report.notes.truncate(MAX_NOTES - 1);
            report.notes.push(ImportNote {
                path: format!("iati-activity[{}]", report.position),
                message: format!("and {more} more notes"),
            });
        }
        self.details.push(report);
    }
}

/// Notes of one activity, each at a path below it.
pub struct Notes {
    pub base: String,
    pub list: Vec<ImportNote>,
}

impl Notes {
    pub fn new(position: u64) -> Self {
        Notes {
            base: format!("iati-activity[{position}]"),
            list: Vec::new(),
        }
    }

    pub fn add(&mut self, path: impl AsRef<str>, message: impl Into<String>) {
        let path = path.as_ref();
        self.list.push(ImportNote {
            path: if path.is_empty() {
                self.base.clone()
            } else {
                format!("{}/{path}", self.base)
            },
            message: message.into(),
        });
    }
}

impl std::fmt::Display for ImportReport {
    /// The summary the command line prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for detail in &self.details {
            writeln!(
                f,
                "iati-activity[{}] {}: {}",
                detail.position,
                detail.identifier.as_deref().unwrap_or("(no identifier)"),
                detail.outcome.as_str()
            )?;
            for note in &detail.notes {
                writeln!(f, "  {}: {}", note.path, note.message)?;
            }
        }
        if self.details_omitted > 0 {
            writeln!(
                f,
                "({} drafted, skipped or altered)",
                crate::messages::counted(self.details_omitted, "more activity")
            )?;
        }
        writeln!(
            f,
            "{}{}: {} created, {} updated, {} submitted for review, {}, {} unchanged, {} skipped",
            if self.dry_run {
                "dry run (nothing written): "
            } else {
                ""
            },
            crate::messages::counted(self.activities, "activity"),
            self.created,
            self.updated,
            self.submitted,
            match self.drafted {
                1 => "1 kept as an incomplete draft".to_owned(),
                n => format!("{n} kept as incomplete drafts"),
            },
            self.unchanged,
            self.skipped
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(position: u64, notes: usize) -> ActivityReport {
        ActivityReport {
            position,
            identifier: None,
            outcome: Outcome::Skipped,
            project_id: None,
            notes: (0..notes)
                .map(|n| ImportNote {
                    path: format!("iati-activity[{position}]/x[{n}]"),
                    message: "m".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_report_is_bounded_whatever_the_file() {
        let mut report = ImportReport::default();
        for position in 1..=1000 {
            report.add(skipped(position, 500));
        }
        assert_eq!(report.activities, 1000);
        assert_eq!(report.skipped, 1000);
        assert_eq!(report.details.len(), MAX_DETAILS);
        assert_eq!(report.details_omitted, 900);
        let notes = &report.details[0].notes;
        assert_eq!(notes.len(), MAX_NOTES);
        assert_eq!(notes.last().unwrap().message, "and 451 more notes");
    }
}
