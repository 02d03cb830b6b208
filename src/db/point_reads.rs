//! Reads of one record by id, gathered into one statement on PostgreSQL.
//!
//! On PostgreSQL a read by id costs the database little, but each one costs a round trip
//! and two hand-offs between threads (to the blocking pool and back): a profile of the
//! server under `GET /projects/{id}` spent most of its time switching threads and waiting
//! in `poll`, not reading. So the reads that arrive while one is in flight wait for it and
//! then go together, one `id = ANY($1)` statement per group (a kind read with one scope),
//! on one pooled connection. A read that arrives alone goes at once: nothing waits for
//! company, so a quiet server answers as before and a busy one makes fewer, larger trips.
//!
//! Each statement is a snapshot taken after every gathered request arrived, so a reader
//! still sees every write committed before its request. A batch that fails (the database
//! did not answer in time, a broken connection) answers its error to each of its reads:
//! reading them again one by one would only make each caller wait twice.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::oneshot;

use super::{Db, DbConnection};
use crate::error::ApiError;

/// A record as a point read returns it: version, representation, approved version.
pub type PointRow = (i64, String, Option<i64>);

/// Reads the rows of many ids of one group, each with its id (rows it may not read or
/// that do not exist are left out).
pub type ReadMany = Box<
    dyn FnOnce(&mut DbConnection, &[String]) -> Result<Vec<(String, PointRow)>, ApiError> + Send,
>;

/// The most reads one statement takes: bounds its array and the time a batch holds its
/// connection.
const MOST_PER_BATCH: usize = 256;

/// A read's answer: its row, if the reader may read it.
type Answer = Result<Option<PointRow>, ApiError>;

struct Waiting {
    group: String,
    id: String,
    read: ReadMany,
    answer: oneshot::Sender<Answer>,
}

#[derive(Default)]
struct Queue {
    waiting: Vec<Waiting>,
    /// Whether a task is taking batches from the queue.
    draining: bool,
}

/// The point reads waiting for a batch (one per server process).
#[derive(Default)]
pub struct PointReads {
    queue: Mutex<Queue>,
    /// Batches read, the reads they answered, and batches that failed (for tests and
    /// diagnosis).
    batches: AtomicU64,
    answered: AtomicU64,
    failed: AtomicU64,
}

impl PointReads {
    /// Reads waiting for a batch.
    pub fn waiting(&self) -> usize {
        self.queue().waiting.len()
    }

    /// Batches read so far, and the reads they answered.
    pub fn batches(&self) -> (u64, u64) {
        (
            self.batches.load(Ordering::Relaxed),
            self.answered.load(Ordering::Relaxed),
        )
    }

    /// Batches that failed so far.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The row of record `id` that `read` (a reader of group `group`) returns, if any.
    pub async fn read(
        self: &Arc<Self>,
        db: &Db,
        group: String,
        id: String,
        read: ReadMany,
    ) -> Answer {
        let (answer, answered) = oneshot::channel();
        let start = {
            let mut queue = self.queue();
            queue.waiting.push(Waiting {
                group,
                id,
                read,
                answer,
            });
            !std::mem::replace(&mut queue.draining, true)
        };
        if start {
            let reads = Arc::clone(self);
            let db = db.clone();
            actix_web::rt::spawn(async move { reads.drain(&db).await });
        }
        // A sender dropped unanswered: the task taking batches was dropped (the server
        // is stopping).
        answered
            .await
            .unwrap_or_else(|_| Err(ApiError::unavailable("a gathered read was dropped")))
    }

    /// Take batches until no read waits.
    async fn drain(self: Arc<Self>, db: &Db) {
        let mut stopped = Draining {
            reads: &self,
            finished: false,
        };
        loop {
            let batch: Vec<Waiting> = {
                let mut queue = self.queue();
                if queue.waiting.is_empty() {
                    queue.draining = false;
                    stopped.finished = true;
                    return;
                }
                let taken = queue.waiting.len().min(MOST_PER_BATCH);
                queue.waiting.drain(..taken).collect()
            };
            let (answers, reads): (Vec<_>, Vec<_>) = batch
                .into_iter()
                .map(|waiting| (waiting.answer, (waiting.group, waiting.id, waiting.read)))
                .unzip();
            match db.read(move |conn| read_batch(conn, reads)).await {
                Ok(rows) => {
                    self.batches.fetch_add(1, Ordering::Relaxed);
                    self.answered
                        .fetch_add(rows.len() as u64, Ordering::Relaxed);
                    for (answer, row) in answers.into_iter().zip(rows) {
                        let _ = answer.send(Ok(row));
                    }
                }
                Err(error) => {
                    self.failed.fetch_add(1, Ordering::Relaxed);
                    for answer in answers {
                        let _ = answer.send(Err(error.clone()));
                    }
                }
            }
        }
    }
}

/// Lets the next read start a task if this one stops before the queue is empty (the
/// task was dropped): the reads still waiting are answered 503.
struct Draining<'a> {
    reads: &'a PointReads,
    finished: bool,
}

impl Drop for Draining<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let mut queue = self.reads.queue();
            queue.draining = false;
            queue.waiting.clear();
        }
    }
}

/// One statement per group; the rows in the order of `reads`.
fn read_batch(
    conn: &mut DbConnection,
    reads: Vec<(String, String, ReadMany)>,
) -> Result<Vec<Option<PointRow>>, ApiError> {
    // Each group's reader, and the positions of its ids.
    let mut groups: Vec<(String, ReadMany, Vec<usize>)> = Vec::new();
    let mut ids = Vec::with_capacity(reads.len());
    for (position, (group, id, read)) in reads.into_iter().enumerate() {
        ids.push(id);
        match groups.iter_mut().find(|(name, _, _)| *name == group) {
            Some((_, _, members)) => members.push(position),
            None => groups.push((group, read, vec![position])),
        }
    }
    let mut rows = vec![None; ids.len()];
    for (_, read, members) in groups {
        let group_ids: Vec<String> = members.iter().map(|&at| ids[at].clone()).collect();
        let found: HashMap<String, PointRow> = read(conn, &group_ids)?.into_iter().collect();
        for at in members {
            rows[at] = found.get(&ids[at]).cloned();
        }
    }
    Ok(rows)
}
