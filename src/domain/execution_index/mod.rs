//! What execution statistics sum, held in memory per project and caught up from the
//! change feed: the first answer after a write re-reads the rows of the projects written
//! since (a few indexed reads) and sums every project in memory, instead of joining every
//! contribution, cost and transaction to its project's groups in SQL (seconds at 100,000
//! projects). Nothing is written for it: writes and bulk loads cost what they did.
//!
//! The index stands at a change `seq`: it holds exactly what the database held then.
//! Every write to what it is made of (a project's columns and child rows, its review,
//! its activities, its transactions, its delete) records a change naming the project in
//! the same transaction (`store::execution_facts::changed_projects`), so catching up to a
//! later `seq` is re-reading the projects named by the changes after it, in the read
//! transaction of the statistic (its snapshot).
//!
//! It is a cache: each process builds its own from the database, and any statistic it
//! cannot answer is computed by the database as before ([`ExecutionIndex::rows`] answers
//! `None`): while the index is being built, when it stands beyond the transaction's
//! snapshot, when PostgreSQL shows changes beyond the horizon, when more than
//! [`CATCH_UP_LIMIT`] changes were made since it was caught up.
//!
//! Building it (every project read) and catching up over many changes take seconds at
//! 100,000 projects, so they are never done inside a request: the first statistic that
//! needs them starts one job on a thread of its own, with its own pooled connection and no
//! request's deadline, and is answered by the database meanwhile. One job at a time; a job
//! that fails is not started again before [`RETRY_AFTER`].
//!
//! The sums are those of `store::execution_stats`, group for group (the same rows, keys
//! and currencies; `tests/api/execution_index.rs` compares both after every kind of
//! write, for every grouping and role).

mod packed;
mod sums;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::db::{DbConnection, DbPool, Transaction, transaction};
use crate::store::StoreError;
use crate::store::changes as change_store;
use crate::store::execution_facts::{self as facts, Projects};
use crate::store::execution_stats::{ExecutionDimension, ExecutionRows};
use crate::store::projects::list::ProjectFilter;
use crate::store::visibility::ReadScope;

use packed::{Indexed, Section, Unfit, project_key};
use sums::Sums;

/// Changes a statistic catches up on inside its request (at most a few reads of
/// [`PROJECTS_PER_READ`] projects); past it, a job catches up.
const CATCH_UP_LIMIT: i64 = 5_000;
/// Changes past which a job builds the index anew rather than catch up.
const REBUILD_LIMIT: i64 = 100_000;
/// Projects read per statement set.
const PROJECTS_PER_READ: usize = 2_000;
/// How long after a failed job none is started.
const RETRY_AFTER: Duration = Duration::from_secs(60);
/// How often a job looks again for a settled horizon (PostgreSQL: a transaction in
/// progress holds a `seq` below one committed), and how long it waits in between.
const SETTLE_ATTEMPTS: u32 = 20;
const SETTLE_PAUSE: Duration = Duration::from_millis(25);

/// The index of one database (held by the app state with the kept answers).
#[derive(Default)]
pub struct ExecutionIndex {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// A job ended (tests wait on it).
    job_ended: Condvar,
    /// Off: every statistic is computed by the database (tests compare both ways).
    off: AtomicBool,
    /// Jobs wait before reading anything while this is above zero (tests).
    held: Mutex<usize>,
    released: Condvar,
    /// The next job fails at once (tests).
    fail_next: AtomicBool,
}

#[derive(Default)]
struct State {
    indexed: Option<Indexed>,
    /// A job is building the index or catching it up (it holds it meanwhile).
    job_running: bool,
    /// When the last job failed.
    failed_at: Option<Instant>,
    retry_after: Option<Duration>,
    jobs: u64,
    failed_jobs: u64,
    answered: u64,
}

/// Where the index stands (for tests and the metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStatus {
    /// Projects held; `None` while there is no index to answer from.
    pub projects: Option<usize>,
    /// The change it stands at.
    pub seq: Option<i64>,
    pub job_running: bool,
    /// Jobs started, and of them failed.
    pub jobs: u64,
    pub failed_jobs: u64,
    /// Statistics answered from the index.
    pub answered: u64,
}

/// Jobs are held while this lives ([`ExecutionIndex::hold_jobs`]).
#[must_use = "jobs are held while the guard lives"]
pub struct JobsHeld(Arc<Shared>);

impl Drop for JobsHeld {
    fn drop(&mut self) {
        *lock(&self.0.held) -= 1;
        self.0.released.notify_all();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why a job ended without an index.
enum JobFailure {
    Store(StoreError),
    Unfit(Unfit),
    /// PostgreSQL kept showing changes beyond the horizon.
    Unsettled,
    Pool(String),
    Injected,
}

impl std::fmt::Display for JobFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobFailure::Store(error) => write!(f, "{error}"),
            JobFailure::Unfit(Unfit(what)) => write!(f, "too many {what} to pack"),
            JobFailure::Unsettled => write!(f, "the change feed's horizon did not settle"),
            JobFailure::Pool(error) => write!(f, "no database connection: {error}"),
            JobFailure::Injected => write!(f, "failed on purpose (test)"),
        }
    }
}

impl From<StoreError> for JobFailure {
    fn from(error: StoreError) -> Self {
        JobFailure::Store(error)
    }
}

impl From<diesel::result::Error> for JobFailure {
    fn from(error: diesel::result::Error) -> Self {
        JobFailure::Store(error.into())
    }
}

impl From<Unfit> for JobFailure {
    fn from(unfit: Unfit) -> Self {
        JobFailure::Unfit(unfit)
    }
}

impl Indexed {
    /// Read the rows of the projects `ids` again.
    fn reload(&mut self, conn: &mut DbConnection, ids: &[String]) -> Result<(), JobFailure> {
        for chunk in ids.chunks(PROJECTS_PER_READ) {
            let rows = facts::load(conn, Projects::Named(chunk))?;
            self.put(chunk, rows)?;
        }
        Ok(())
    }

    /// Every project, as of `seq`.
    fn build(conn: &mut DbConnection, seq: i64) -> Result<Indexed, JobFailure> {
        let mut indexed = Indexed::new(seq);
        let ids = facts::every_project(conn)?;
        indexed.projects.reserve(ids.len());
        // In ranges of ids, each read as index ranges: every project of a range is in
        // `chunk` (the ids are in order, of this snapshot).
        for chunk in ids.chunks(PROJECTS_PER_READ) {
            let (first, last) = (&chunk[0], &chunk[chunk.len() - 1]);
            let rows = facts::load(conn, Projects::Between(first, last))?;
            indexed.put(chunk, rows)?;
        }
        indexed.projects.shrink_to_fit();
        Ok(indexed)
    }

    /// Bring the index (or a new one) to this transaction's settled horizon: re-read the
    /// projects changed since, or every project.
    fn refresh(
        conn: &mut DbConnection,
        old: Option<Indexed>,
        horizon: change_store::Horizon,
    ) -> Result<Indexed, JobFailure> {
        if let Some(mut indexed) = old.filter(|indexed| indexed.seq <= horizon.seq)
            && let Some(ids) = changed_projects(conn, indexed.seq, REBUILD_LIMIT)?
        {
            indexed.reload(conn, &ids)?;
            indexed.seq = horizon.seq;
            return Ok(indexed);
        }
        Indexed::build(conn, horizon.seq)
    }
}

/// The projects named by the changes after `seq`, once each; `None` past `limit` changes.
fn changed_projects(
    conn: &mut DbConnection,
    seq: i64,
    limit: i64,
) -> Result<Option<Vec<String>>, StoreError> {
    Ok(facts::changed_projects(conn, seq, limit)?.map(|mut ids| {
        ids.sort_unstable();
        ids.dedup();
        ids
    }))
}

impl ExecutionIndex {
    /// Whether statistics read the index (on unless a test turned it off).
    pub fn enabled(&self) -> bool {
        !self.shared.off.load(Ordering::Relaxed)
    }

    /// Turn the index on or off (for tests comparing its answers with the database's).
    pub fn set_enabled(&self, on: bool) {
        self.shared.off.store(!on, Ordering::Relaxed);
    }

    pub fn status(&self) -> IndexStatus {
        let state = lock(&self.shared.state);
        IndexStatus {
            projects: state.indexed.as_ref().map(|indexed| indexed.projects.len()),
            seq: state.indexed.as_ref().map(|indexed| indexed.seq),
            job_running: state.job_running,
            jobs: state.jobs,
            failed_jobs: state.failed_jobs,
            answered: state.answered,
        }
    }

    /// Tests: jobs started while the guard lives wait before reading anything, so that
    /// what statistics answer while the index is being built can be seen.
    pub fn hold_jobs(&self) -> JobsHeld {
        *lock(&self.shared.held) += 1;
        JobsHeld(self.shared.clone())
    }

    /// Tests: the next job fails without reading anything.
    pub fn fail_next_job(&self) {
        self.shared.fail_next.store(true, Ordering::Relaxed);
    }

    /// Tests: how long after a failed job none is started ([`RETRY_AFTER`] by default).
    pub fn set_retry_after(&self, after: Duration) {
        lock(&self.shared.state).retry_after = Some(after);
    }

    /// Wait until no job runs, at most `timeout`; whether none runs.
    pub fn wait_for_job(&self, timeout: Duration) -> bool {
        let state = lock(&self.shared.state);
        let (state, _) = self
            .shared
            .job_ended
            .wait_timeout_while(state, timeout, |state| state.job_running)
            .unwrap_or_else(PoisonError::into_inner);
        !state.job_running
    }

    /// The rows execution statistics sum for the projects matching `filter` that `scope`
    /// may read, grouped by `dimension` and over all of them (key `None`), as of this
    /// read transaction's horizon; `None` when the index cannot stand there (the caller
    /// then asks the database). Starts a job on `pool` when the index is missing or too
    /// far behind.
    pub fn rows(
        &self,
        conn: &mut DbConnection,
        pool: &DbPool,
        filter: &ProjectFilter,
        scope: ReadScope,
        dimension: ExecutionDimension,
    ) -> Result<Option<ExecutionRows>, StoreError> {
        if !self.enabled() {
            return Ok(None);
        }
        let horizon = change_store::horizon(conn)?;
        if horizon.beyond != 0 {
            return Ok(None);
        }
        let mut state = lock(&self.shared.state);
        let Some(indexed) = state.indexed.as_mut() else {
            self.start_job(&mut state, pool);
            return Ok(None);
        };
        if indexed.seq > horizon.seq {
            // Another request caught it up past this one's snapshot.
            return Ok(None);
        }
        if indexed.seq < horizon.seq {
            match changed_projects(conn, indexed.seq, CATCH_UP_LIMIT)? {
                Some(ids) => match indexed.reload(conn, &ids) {
                    Ok(()) => indexed.seq = horizon.seq,
                    // Some projects may have been read again, others not: it stands
                    // nowhere now. A job builds it again later.
                    Err(failure) => {
                        state.indexed = None;
                        crate::metrics::get().execution_index_projects.set(0);
                        return match failure {
                            JobFailure::Store(error) => Err(error),
                            failure => {
                                log::warn!("execution index given up: {failure}");
                                state.failed_at = Some(Instant::now());
                                Ok(None)
                            }
                        };
                    }
                },
                None => {
                    self.start_job(&mut state, pool);
                    return Ok(None);
                }
            }
        }
        let indexed = state.indexed.as_ref().expect("caught up above");
        let mut sums = Sums::new(indexed, dimension);
        if filter.is_empty() {
            let organisation = match scope {
                ReadScope::PublicOrParticipant(org) => {
                    indexed.organisations.find(org.to_string().as_str())
                }
                _ => None,
            };
            for project in indexed.every_project() {
                let readable = match scope {
                    ReadScope::All => true,
                    ReadScope::Public => project.public(),
                    ReadScope::PublicOrParticipant(_) => {
                        project.public()
                            || organisation.is_some_and(|org| {
                                project.section(Section::Organisations).contains(&org)
                            })
                    }
                };
                if readable {
                    sums.add(project);
                }
            }
        } else {
            for id in facts::project_ids(conn, filter, scope)? {
                if let Some(project) = project_key(&id).and_then(|key| indexed.project(key)) {
                    sums.add(project);
                }
            }
        }
        let rows = sums.rows();
        state.answered += 1;
        Ok(Some(rows))
    }

    /// Start a job bringing the index to the database's horizon, unless one runs or the
    /// last failed less than [`RETRY_AFTER`] ago. The job takes the index (statistics are
    /// answered by the database until it is back).
    fn start_job(&self, state: &mut State, pool: &DbPool) {
        let retry_after = state.retry_after.unwrap_or(RETRY_AFTER);
        if state.job_running || state.failed_at.is_some_and(|at| at.elapsed() < retry_after) {
            return;
        }
        state.job_running = true;
        state.jobs += 1;
        let old = state.indexed.take();
        crate::metrics::get().execution_index_projects.set(0);
        let (shared, pool) = (self.shared.clone(), pool.clone());
        let spawned = std::thread::Builder::new()
            .name("execution-index".into())
            .spawn(move || {
                let started = Instant::now();
                let job = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run_job(&shared, &pool, old)
                }));
                let mut state = lock(&shared.state);
                state.job_running = false;
                match job {
                    Ok(Ok(indexed)) => {
                        log::info!(
                            "execution index: {} projects at change {} in {} ms, ~{} MB",
                            indexed.projects.len(),
                            indexed.seq,
                            started.elapsed().as_millis(),
                            indexed.bytes() / 1_000_000
                        );
                        state.indexed = Some(indexed);
                        state.failed_at = None;
                    }
                    Ok(Err(failure)) => {
                        log::warn!("execution index not built: {failure}");
                        state.failed_at = Some(Instant::now());
                        state.failed_jobs += 1;
                    }
                    Err(_) => {
                        log::error!("execution index: the job panicked");
                        state.failed_at = Some(Instant::now());
                        state.failed_jobs += 1;
                    }
                }
                crate::metrics::get().execution_index_projects.set(
                    state
                        .indexed
                        .as_ref()
                        .map_or(0, |indexed| indexed.projects.len() as i64),
                );
                drop(state);
                release_freed_memory();
                shared.job_ended.notify_all();
            });
        if let Err(error) = spawned {
            log::warn!("execution index: no thread for the job: {error}");
            state.job_running = false;
            state.failed_at = Some(Instant::now());
            state.failed_jobs += 1;
        }
    }
}

/// Give back to the system what glibc's malloc holds free after a job: SQLite allocates
/// through it (its page cache and sorting for the job's reads, in the job thread's arena),
/// while this crate's own allocations go through mimalloc (`main.rs`), which this does
/// not touch.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only hands free pages of glibc's arenas back to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Bring `old` (or a new index) to the database's settled horizon, in one read
/// transaction of its own.
fn run_job(shared: &Shared, pool: &DbPool, old: Option<Indexed>) -> Result<Indexed, JobFailure> {
    {
        let held = lock(&shared.held);
        let _held = shared
            .released
            .wait_while(held, |held| *held > 0)
            .unwrap_or_else(PoisonError::into_inner);
    }
    if shared.fail_next.swap(false, Ordering::Relaxed) {
        return Err(JobFailure::Injected);
    }
    let mut conn = pool
        .get()
        .map_err(|error| JobFailure::Pool(error.to_string()))?;
    let mut old = old;
    for attempt in 0..SETTLE_ATTEMPTS {
        if attempt > 0 {
            std::thread::sleep(SETTLE_PAUSE);
        }
        let done = transaction(&mut conn, Transaction::Read, |conn| {
            let horizon = change_store::horizon(conn)?;
            if horizon.beyond != 0 {
                return Ok(None);
            }
            Indexed::refresh(conn, old.take(), horizon).map(Some)
        })?;
        if let Some(indexed) = done {
            return Ok(indexed);
        }
    }
    Err(JobFailure::Unsettled)
}
