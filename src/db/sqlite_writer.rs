//! Group commit for SQLite.
//!
//! SQLite has one writer at a time, and every commit writes each page it touched to the
//! WAL. A project insert touches a couple of dozen pages (its row, its indexes, its child
//! tables), so committing writes one by one spends most of its time writing the same
//! index pages over and over. Here a single writer thread takes every write that is
//! waiting, runs each in its own savepoint inside one transaction, commits once, and only
//! then answers each caller. A failed write rolls back to its savepoint alone; a failed
//! commit fails every write of the batch. Alone, a write is committed as soon as it ran.
//!
//! Checkpoints (copying the WAL back into the database file, with an fsync) would stall
//! whichever commit triggers them; they run on a thread of their own instead.
//!
//! PostgreSQL has concurrent writers and needs none of this: it uses the pool.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use tokio::sync::oneshot;

use crate::db::{DatabaseUrl, DbConnection, Transaction, transaction};
use crate::error::ApiError;

/// Writes committed together at most.
const MAX_BATCH: usize = 64;
/// Writes waiting at most; past that, callers wait to enqueue (backpressure).
const QUEUE: usize = 1024;

/// A write waiting for the writer thread, with its reply channel.
trait Job: Send {
    /// Run inside the batch's transaction (in its own savepoint). False when the work
    /// panicked: the connection's transaction state can no longer be trusted.
    fn run(&mut self, conn: &mut DbConnection) -> bool;
    /// Deliver the outcome once the batch's commit is known.
    fn complete(self: Box<Self>, commit: Result<(), &ApiError>);
}

struct TypedJob<T, F> {
    work: Option<F>,
    /// Not started past this (its caller's database time is up).
    deadline: Instant,
    outcome: Option<Result<T, ApiError>>,
    reply: oneshot::Sender<Result<T, ApiError>>,
}

impl<T, F> Job for TypedJob<T, F>
where
    T: Send,
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send,
{
    fn run(&mut self, conn: &mut DbConnection) -> bool {
        let work = self.work.take().expect("a job runs once");
        if Instant::now() >= self.deadline {
            self.outcome = Some(Err(ApiError::database_timeout(
                "a write waited for the SQLite writer past its deadline",
            )));
            return true;
        }
        match catch_unwind(AssertUnwindSafe(|| conn.transaction(work))) {
            Ok(outcome) => {
                self.outcome = Some(outcome);
                true
            }
            Err(_) => {
                self.outcome = Some(Err(ApiError::internal(
                    "a write panicked; its batch was rolled back",
                )));
                false
            }
        }
    }

    fn complete(self: Box<Self>, commit: Result<(), &ApiError>) {
        let outcome = match (commit, self.outcome) {
            (Ok(()), Some(outcome)) => outcome,
            // The write itself failed: its own error stands.
            (Err(_), Some(Err(error))) => Err(error),
            (Err(_), _) | (Ok(()), None) => Err(ApiError::unavailable("the batch's commit failed")),
        };
        // The caller may have gone away (client disconnected); nothing to do then.
        let _ = self.reply.send(outcome);
    }
}

/// How often the checkpointer copies the WAL back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);
/// How often the planner's statistics are refreshed (`PRAGMA optimize`).
const OPTIMIZE_EVERY: Duration = Duration::from_secs(3600);

/// WAL frames (4 KiB pages) past which the checkpointer makes room even if it has to wait
/// for the writer, and the writer checkpoints after its commits: it bounds the WAL at
/// roughly 64 MiB (plus the largest transaction) under sustained load.
const WAL_FRAMES_LIMIT: i64 = 16_000;

/// The writer's connection: a larger page cache (the index pages it keeps touching stay
/// in memory), the savepoints' sub-journals in memory instead of a temporary file, and
/// checkpoints left to the checkpointer thread until the WAL passes `WAL_FRAMES_LIMIT`.
/// Past it the writer checkpoints after its commit itself (SQLite's automatic checkpoint):
/// back-to-back large writes (a bulk load) leave the checkpointer no moment to restart
/// the WAL, which then grew to the size of everything written (4.3 GB for `seed
/// --synthetic 100000`). When the writer restarts the WAL it also truncates the file to
/// that size (`journal_size_limit`): a burst's WAL does not keep its disk space.
fn connect_writer(url: &DatabaseUrl) -> Result<DbConnection, String> {
    let mut conn = url.connect().map_err(|e| e.to_string())?;
    conn.batch_execute(&format!(
        "PRAGMA cache_size = -16000; PRAGMA wal_autocheckpoint = {WAL_FRAMES_LIMIT}; \
         PRAGMA journal_size_limit = {}; PRAGMA temp_store = MEMORY; \
         PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;",
        WAL_FRAMES_LIMIT * 4096
    ))
    .map_err(|e| e.to_string())?;
    Ok(conn)
}

#[derive(QueryableByName)]
struct CheckpointResult {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    busy: i32,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    log: i64,
}

fn checkpoint(conn: &mut DbConnection, mode: &str) -> Result<CheckpointResult, String> {
    let DbConnection::Sqlite(conn) = conn else {
        return Err("checkpoints are for SQLite".into());
    };
    diesel::sql_query(format!("PRAGMA wal_checkpoint({mode})"))
        .get_result::<CheckpointResult>(conn)
        .map_err(|e| e.to_string())
}

/// Copy the WAL into the database file every `CHECKPOINT_EVERY` without blocking the
/// writer (PASSIVE). When the WAL has grown past `WAL_FRAMES_LIMIT` anyway (the writer
/// never paused long enough for a passive checkpoint to finish), wait for a moment
/// between commits so that the next commit starts the WAL afresh (RESTART). Stops when
/// the writer thread ends.
fn run_checkpointer(url: DatabaseUrl, writer_alive: mpsc::Receiver<()>) {
    let Ok(mut conn) = url.connect() else {
        log::error!("the SQLite checkpointer cannot connect; the WAL will grow until restart");
        return;
    };
    // The query planner's statistics, refreshed now and then as SQLite advises for
    // long-lived connections (without them it may pick an index that reads every row of
    // a filter's value).
    let mut optimized = Instant::now();
    while let Err(mpsc::RecvTimeoutError::Timeout) = writer_alive.recv_timeout(CHECKPOINT_EVERY) {
        if optimized.elapsed() >= OPTIMIZE_EVERY {
            optimized = Instant::now();
            if let Err(error) = conn.batch_execute("PRAGMA analysis_limit = 1000; PRAGMA optimize;")
            {
                log::warn!("SQLite PRAGMA optimize failed: {error}");
            }
        }
        match checkpoint(&mut conn, "PASSIVE") {
            Ok(result) if result.log > WAL_FRAMES_LIMIT => {
                if let Err(error) = checkpoint(&mut conn, "RESTART") {
                    log::warn!("SQLite checkpoint (RESTART) failed: {error}");
                }
            }
            Ok(result) if result.busy != 0 => log::debug!("SQLite checkpoint was busy"),
            Ok(_) => {}
            Err(error) => log::warn!("SQLite checkpoint failed: {error}"),
        }
    }
}

/// Handle to the writer thread.
#[derive(Clone)]
pub struct SqliteWriter {
    queue: mpsc::SyncSender<Box<dyn Job>>,
    /// Writes sent and not yet taken by the writer thread.
    waiting: Arc<AtomicUsize>,
    /// False once the writer thread has ended.
    running: Arc<std::sync::atomic::AtomicBool>,
}

/// Clears the running flag when the writer thread ends, however it ends.
struct Running(Arc<std::sync::atomic::AtomicBool>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

impl SqliteWriter {
    /// Start the writer thread on its own connection to `url`.
    pub fn start(url: DatabaseUrl) -> Result<Self, String> {
        let mut conn = connect_writer(&url).map_err(|e| {
            format!(
                "cannot open the writer connection to {}: {e}",
                url.redacted()
            )
        })?;
        let (queue, jobs) = mpsc::sync_channel::<Box<dyn Job>>(QUEUE);
        let (alive, writer_alive) = mpsc::channel::<()>();
        let waiting = Arc::new(AtomicUsize::new(0));
        let taken = waiting.clone();
        let checkpointer_url = url.clone();
        let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let running_flag = Running(running.clone());
        thread::Builder::new()
            .name("sqlite-checkpointer".into())
            .spawn(move || run_checkpointer(checkpointer_url, writer_alive))
            .map_err(|e| format!("cannot start the checkpointer thread: {e}"))?;
        thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                // Dropped when this thread ends, which stops the checkpointer.
                let _alive = alive;
                let _running = running_flag;
                // Ends when every handle (and so every sender) is dropped.
                while let Ok(first) = jobs.recv() {
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match jobs.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    taken.fetch_sub(batch.len(), Ordering::Relaxed);
                    crate::metrics::get()
                        .writer_batch_size
                        .observe(batch.len() as f64);
                    let commit = transaction(&mut conn, Transaction::Write, |conn| {
                        for job in batch.iter_mut() {
                            if !job.run(conn) {
                                return Err(ApiError::internal("a write panicked"));
                            }
                        }
                        Ok(())
                    });
                    if let Err(error) = &commit {
                        log::error!(
                            "SQLite batch of {} was not committed: {error}",
                            crate::messages::counted(batch.len(), "write")
                        );
                        // Start the next batch on a connection in a known state.
                        if let Ok(fresh) = connect_writer(&url) {
                            conn = fresh;
                        }
                    }
                    for job in batch {
                        job.complete(commit.as_ref().map(|_| ()));
                    }
                }
            })
            .map_err(|e| format!("cannot start the writer thread: {e}"))?;
        Ok(SqliteWriter {
            queue,
            waiting,
            running,
        })
    }

    /// Whether the writer thread still takes writes.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// Writes waiting for the writer thread (not yet in a batch).
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Run `work` as one write and wait for it to be committed; a write still waiting at
    /// `deadline` is not run.
    pub async fn write<T, F>(&self, work: F, deadline: Instant) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let (reply, outcome) = oneshot::channel();
        let job = Box::new(TypedJob {
            work: Some(work),
            deadline,
            outcome: None,
            reply,
        });
        // Counted before sending: the writer may take the job (and uncount it) at once.
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let unsent = || {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            ApiError::unavailable("the writer thread has stopped")
        };
        match self.queue.try_send(job) {
            Ok(()) => {}
            Err(mpsc::TrySendError::Full(job)) => {
                // A full queue blocks the sender: wait off the async workers.
                let queue = self.queue.clone();
                let sent = actix_web::web::block(move || queue.send(job)).await;
                if !matches!(sent, Ok(Ok(()))) {
                    return Err(unsent());
                }
            }
            Err(mpsc::TrySendError::Disconnected(_)) => return Err(unsent()),
        }
        outcome
            .await
            .map_err(|_| ApiError::unavailable("the writer thread dropped a write"))?
    }
}
