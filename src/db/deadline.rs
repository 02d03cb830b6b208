//! A request's database time, bounded on SQLite as PostgreSQL's `statement_timeout`
//! bounds it there.
//!
//! SQLite runs statements inside this process, so nothing outside can cancel them. A
//! progress handler, installed on every connection the process opens
//! (`sqlite3_auto_extension`), runs every few thousand virtual-machine steps and
//! interrupts the statement when the thread running it has passed the deadline it set
//! ([`enforce`]). Reads set one (`Db::read`). The SQLite writer thread does not: an
//! interrupted statement may roll back the whole transaction, which there holds a batch of
//! other requests' writes; it refuses a write whose deadline passed before it started.
//!
//! diesel offers no handle to the raw connection, hence the process-wide hook.

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void};
use std::sync::Once;
use std::time::Instant;

use libsqlite3_sys as ffi;

/// Virtual-machine steps between two deadline checks (a check costs one clock read).
const STEPS_PER_CHECK: c_int = 4_000;

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
unsafe extern "C" fn past_deadline(_: *mut c_void) -> c_int {
    DEADLINE.with(|deadline| deadline.get().is_some_and(|at| Instant::now() >= at)) as c_int
}

/// Called by SQLite for every connection opened after [`install`].
unsafe extern "C" fn on_open(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: SQLite passes the connection being opened; the handler takes no argument.
    unsafe {
        ffi::sqlite3_progress_handler(
            db,
            STEPS_PER_CHECK,
            Some(past_deadline),
            std::ptr::null_mut(),
        )
    };
    ffi::SQLITE_OK
}

/// Install the progress handler on every SQLite connection opened from now on.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // SAFETY: `on_open` has the entry point's signature and stays valid for the
        // life of the process.
        let status = unsafe { ffi::sqlite3_auto_extension(Some(on_open)) };
        if status != ffi::SQLITE_OK {
            log::error!("cannot bound SQLite statements by the request timeout (status {status})");
        }
    });
}
