//! A request's database time, bounded on SQLite as PostgreSQL's `statement_timeout`
//! bounds it there.
//!
//! SQLite runs statements inside this process, so nothing outside can cancel them. A
//! progress handler, installed on every connection the process opens
//! (`sqlite_connections`), runs every few thousand virtual-machine steps and
//! interrupts the statement when the thread running it has passed the deadline it set
//! ([`enforce`]). Reads set one (`Db::read`). The SQLite writer thread does not: an
//! interrupted statement may roll back the whole transaction, which there holds a batch of
//! other requests' writes; it refuses a write whose deadline passed before it started.

use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::time::Instant;

/// Virtual-machine steps between two deadline checks (a check costs one clock read).
pub(super) const STEPS_PER_CHECK: c_int = 4_000;

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Until dropped, statements on this thread are interrupted once `deadline` has passed.
#[must_use = "the deadline holds while the guard lives"]
pub struct DeadlineGuard {
    previous: Option<Instant>,
}

pub fn enforce(deadline: Instant) -> DeadlineGuard {
    DeadlineGuard {
        previous: DEADLINE.with(|current| current.replace(Some(deadline))),
    }
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        DEADLINE.with(|current| current.set(self.previous));
    }
}

/// The progress handler: non-zero interrupts the running statement (`SQLITE_INTERRUPT`).
pub(super) unsafe extern "C" fn past_deadline(_: *mut c_void) -> c_int {
    DEADLINE.with(|deadline| deadline.get().is_some_and(|at| Instant::now() >= at)) as c_int
}
