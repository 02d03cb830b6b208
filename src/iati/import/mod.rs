//! Importing IATI activities as projects. A file is read twice as a stream: first
//! through to its end to check it (a malformed, non-IATI or 1.x file changes nothing),
//! then activity by activity. Reading and mapping run on a blocking thread, never on
//! the async workers; each mapped activity whose counts and rules pass (checked before
//! anything is looked up or written) is then written in its own transaction, so one bad
//! activity never stops the others and no activity holds the database for long.
//! Activities are matched by `iati-identifier` (else by the code of their
//! `other-identifier` of type A1): new ones are created, known ones updated as a new
//! version (or saved for review, see [`write`]), unchanged ones left alone. What real
//! files get wrong is kept, normalised or refused as `MAPPING.md` ("Import") says, and
//! every such case is in the report with the element's path.

pub mod cli;
pub mod map;
pub mod organisations;
pub mod report;
pub mod write;

use std::io::BufRead;

use chrono::Utc;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::projects::Project;
use crate::domain::record;
use crate::error::{ApiError, FieldError, Problem};
use crate::iati::ReportingOrg;
use crate::iati::reader::{Activity, ActivityReader, FileError, MAX_ELEMENTS_PER_ACTIVITY};

pub use cli::{command_line_importer, import_files};
pub use report::{ActivityReport, ImportNote, ImportReport, Outcome};

use map::Mapped;
use report::Notes;

/// Activities read ahead of the one being written.
const READ_AHEAD: usize = 8;
/// A project's participants and contributions at most (`ProjectInput`'s limits).
const MAX_PARTICIPANTS: usize = 100;
const MAX_CONTRIBUTIONS: usize = 200;

/// One activity as read and checked on the reading thread.
struct Prepared {
    position: u64,
    identifier: Option<String>,
    notes: Notes,
    /// What to write; `None`: skipped (why is in `notes`).
    mapped: Option<Mapped>,
    /// What keeps it from being a project (missing members, rules it breaks): when
    /// any, it is kept as an incomplete draft.
    incomplete: Vec<FieldError>,
}

/// Import every activity of a file that [`reader::check`](crate::iati::reader::check)
/// has read through. `caller` writes.
pub async fn import<R: BufRead + Send + 'static>(
    db: &Db,
    caller: &Caller,
    reporting: &ReportingOrg,
    source: R,
    dry_run: bool,
    report: &mut ImportReport,
    mut progress: impl FnMut(u64),
) -> Result<(), FileError> {
    report.dry_run = dry_run;
    let (sender, mut receiver) = mpsc::channel(READ_AHEAD);
    let reading = {
        let reporting = reporting.clone();
        let first = report.activities;
        on_own_thread(move || read_all(source, &reporting, first, sender))
    };
    while let Some(prepared) = receiver.recv().await {
        let Prepared {
            position,
            identifier,
            mut notes,
            mapped,
            incomplete,
        } = prepared;
        let outcome = match mapped {
            None => Err(()),
            Some(mapped) => {
                match write_one(db, caller, mapped, incomplete, dry_run, &notes.base).await {
                    (Ok(done), more) => {
                        notes.list.extend(more);
                        Ok(done)
                    }
                    (Err(error), more) => {
                        notes.list.extend(more);
                        refused(&mut notes, &error);
                        Err(())
                    }
                }
            }
        };
        report.add(match outcome {
            Ok((outcome, project_id)) => ActivityReport {
                position,
                identifier,
                outcome,
                project_id: Some(project_id),
                notes: notes.list,
            },
            Err(()) => ActivityReport {
                position,
                identifier,
                outcome: Outcome::Skipped,
                project_id: None,
                notes: notes.list,
            },
        });
        progress(position);
    }
    match reading.await {
        Some(result) => result,
        None => Err(FileError::Malformed {
            position: 0,
            message: "the reader stopped unexpectedly".into(),
        }),
    }
}

/// Run `work` on a thread of its own, started at once: reading a file takes as long as
/// the file lasts, and the blocking pool is sized for database work (two imports at most
/// run at once). The outcome is `None` when the thread could not start or `work`
/// panicked (logged).
pub fn on_own_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> impl std::future::Future<Output = Option<T>> {
    let (finished, outcome) = tokio::sync::oneshot::channel();
    let started = std::thread::Builder::new()
        .name("iati-import".into())
        .spawn(move || {
            let _ = finished.send(work());
        });
    if let Err(error) = &started {
        log::error!("an IATI import thread could not start: {error}");
    }
    async move {
        started.ok()?;
        let outcome = outcome.await.ok();
        if outcome.is_none() {
            log::error!("an IATI import thread stopped (a panic)");
        }
        outcome
    }
}

/// Read, map and check every activity of `source`, handing each to the writer.
fn read_all<R: BufRead>(
    source: R,
    reporting: &ReportingOrg,
    first: u64,
    sender: mpsc::Sender<Prepared>,
) -> Result<(), FileError> {
    let mut reader = ActivityReader::open(source)?;
    let mut position = first;
    let today = Utc::now().date_naive();
    while let Some(activity) = reader.next_activity()? {
        position += 1;
        let prepared = prepare(activity, position, reporting, today);
        if sender.blocking_send(prepared).is_err() {
            // The writer is gone (the client left): stop reading.
            return Ok(());
        }
    }
    Ok(())
}

/// Map an activity and check what can be checked without the database: what a project
/// needs, the project's rules and counts (with a placeholder for each organisation).
/// An activity lacking what a project needs or breaking its rules is kept, as an
/// incomplete draft; one beyond the counts, or with no identifier, is skipped.
fn prepare(
    activity: Activity,
    position: u64,
    reporting: &ReportingOrg,
    today: chrono::NaiveDate,
) -> Prepared {
    let mut notes = Notes::new(position);
    let node = match activity {
        Activity::TooLarge => {
            notes.add(
                "",
                format!("more than {MAX_ELEMENTS_PER_ACTIVITY} elements, or too much text or nesting: not read"),
            );
            return Prepared {
                position,
                identifier: None,
                notes,
                mapped: None,
                incomplete: Vec::new(),
            };
        }
        Activity::Read(node) => node,
    };
    let identifier = node
        .first("iati-identifier")
        .map(|n| n.trimmed_text().to_owned())
        .filter(|i| !i.is_empty());
    let mut incomplete = Vec::new();
    let mapped = map::map(&node, reporting, today, &mut notes).filter(|mapped| {
        if let Some(too_many) = too_many(mapped) {
            refused(&mut notes, &ApiError::validation(vec![too_many]));
            return false;
        }
        incomplete = if mapped.missing.is_empty() {
            let placeholders = write::Organisations::placeholders(mapped);
            let mut scratch = Notes::new(position);
            let mut input = write::assemble(mapped, &placeholders, &mut scratch);
            match record::check_all::<Project>(&mut input) {
                Ok(()) => Vec::new(),
                Err(error) => error.errors,
            }
        } else {
            mapped.missing.clone()
        };
        true
    });
    Prepared {
        position,
        identifier,
        notes,
        mapped,
        incomplete,
    }
}

/// Participants and commitments beyond what a project holds, refused before anything
/// else is done with them (each costs a look-up, perhaps an organisation).
fn too_many(mapped: &Mapped) -> Option<FieldError> {
    if mapped.participants.len() > MAX_PARTICIPANTS {
        return Some(FieldError::at(
            "/participants",
            crate::msg!(
                "import-too-many-participants",
                max = MAX_PARTICIPANTS,
                count = mapped.participants.len()
            ),
        ));
    }
    (mapped.commitments.len() > MAX_CONTRIBUTIONS).then(|| {
        FieldError::at(
            "/contributions",
            crate::msg!(
                "import-too-many-contributions",
                max = MAX_CONTRIBUTIONS,
                count = mapped.commitments.len()
            ),
        )
    })
}

/// Write one activity in its own transaction (rolled back on a dry run, once its
/// outcome is known): the outcome, and the notes made on the way.
async fn write_one(
    db: &Db,
    caller: &Caller,
    mapped: Mapped,
    incomplete: Vec<FieldError>,
    dry_run: bool,
    base: &str,
) -> (Result<(Outcome, Uuid), ApiError>, Vec<ImportNote>) {
    use std::sync::{Arc, Mutex};
    type Kept = (Option<(Outcome, Uuid)>, Vec<ImportNote>);
    let kept: Arc<Mutex<Kept>> = Arc::default();
    let (caller, base, slot) = (caller.clone(), base.to_owned(), kept.clone());
    let written = db
        .write(move |conn| {
            let mut notes = Notes {
                base,
                list: Vec::new(),
            };
            let outcome = write::write(conn, &caller, mapped, incomplete, &mut notes);
            let mut slot = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            slot.1 = notes.list;
            match outcome {
                Ok(done) if dry_run => {
                    slot.0 = Some(done);
                    // An error rolls the transaction back.
                    // Never answered: the dry run's report is.
                    Err(ApiError::new(Problem::Conflict, crate::msg!("dry-run")))
                }
                other => other,
            }
        })
        .await;
    let (done, notes) = std::mem::take(&mut *kept.lock().unwrap_or_else(|p| p.into_inner()));
    match (written, done) {
        (_, Some(done)) if dry_run => (Ok(done), notes),
        (written, _) => (written, notes),
    }
}

/// Report why the activity's write was refused: each violation at its pointer, in the
/// words of the API's 422s.
fn refused(notes: &mut Notes, error: &ApiError) {
    if error.problem.status().is_server_error() {
        log::error!("an IATI activity could not be imported: {}", error.detail);
        notes.add("", "the service failed to store it; it has been logged");
        return;
    }
    if error.errors.is_empty() {
        notes.add("", error.detail.clone());
    }
    for violation in &error.errors {
        let member = violation
            .pointer
            .clone()
            .or_else(|| violation.parameter.clone())
            .unwrap_or_default();
        notes.add(
            "",
            format!("refused: the project's {member}: {}", violation.message),
        );
    }
}
