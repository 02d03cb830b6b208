//! What every SQLite connection this process opens gets, installed once as an automatic
//! extension (`sqlite3_auto_extension`; diesel offers no handle to the raw connection):
//!
//! - the progress handler that interrupts a statement past its request's deadline
//!   (`deadline`);
//! - the SQL functions of `sqlite_functions` (matching's `held_terms`);
//! - the query planner stability guarantee (QPSG): a prepared statement keeps its plan
//!   whatever values are bound to it. Without it SQLite prepares a cached statement again
//!   on its first step after each binding of a parameter whose value its plan used, and
//!   diesel binds every value, `LIMIT`'s included, on every run: every
//!   `GET /projects/{id}` (`... LIMIT ?`) and every page parsed and planned its query
//!   anew (seen in a profile as `sqlite3_step` → `sqlite3Reprepare`; with the guarantee,
//!   GET by id went from 22-25k to 36-37k requests a second). Plans still follow the
//!   statistics (`ANALYZE`), only not the values of the parameters.

use std::ffi::{c_char, c_int};
use std::sync::Once;

use libsqlite3_sys as ffi;

use super::deadline::{STEPS_PER_CHECK, past_deadline};

/// Called by SQLite for every connection opened after [`install`].
unsafe extern "C" fn on_open(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: SQLite passes the connection being opened; the handler takes no argument,
    // and SQLITE_DBCONFIG_ENABLE_QPSG takes an int and an optional int pointer.
    let stable_plans = unsafe {
        ffi::sqlite3_progress_handler(
            db,
            STEPS_PER_CHECK,
            Some(past_deadline),
            std::ptr::null_mut(),
        );
        ffi::sqlite3_db_config(
            db,
            ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        )
    };
    // SAFETY: `db` is open.
    let functions = unsafe { super::sqlite_functions::register(db) };
    if functions != ffi::SQLITE_OK {
        log::error!("cannot register matching's SQL functions (status {functions})");
        return functions;
    }
    // Without it reads are slower, not wrong: the connection opens all the same.
    if stable_plans != ffi::SQLITE_OK {
        log::warn!("SQLite's query planner stability guarantee is off (status {stable_plans})");
    }
    ffi::SQLITE_OK
}

/// Set up every SQLite connection opened from now on.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // SAFETY: `on_open` has the entry point's signature and stays valid for the
        // life of the process.
        let status = unsafe { ffi::sqlite3_auto_extension(Some(on_open)) };
        if status != ffi::SQLITE_OK {
            log::error!("cannot set up SQLite connections (status {status}): statements are not bounded by the request timeout");
        }
    });
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::ptr::{null, null_mut};

    use super::*;

    /// Open an in-memory database (set up by [`install`]), with the planner stability
    /// guarantee as `stable` says; fill and analyse a table, then run one cached
    /// statement three times, binding its parameters each time as diesel does (its
    /// `LIMIT` too, which SQLite folds into the plan). Returns the guarantee as the
    /// connection reports it and how often the statement was prepared again.
    fn reprepares(stable: bool) -> (c_int, c_int) {
        install();
        let run = |db: *mut ffi::sqlite3, sql: &CStr| {
            // SAFETY: `db` is open; the SQL is a valid C string.
            let status =
                unsafe { ffi::sqlite3_exec(db, sql.as_ptr(), None, null_mut(), null_mut()) };
            assert_eq!(status, ffi::SQLITE_OK, "{sql:?}");
        };
        // SAFETY: each handle is used only while open and is closed at the end.
        unsafe {
            let mut db = null_mut();
            let flags = ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE;
            assert_eq!(
                ffi::sqlite3_open_v2(c":memory:".as_ptr(), &mut db, flags, null()),
                ffi::SQLITE_OK
            );
            if !stable {
                ffi::sqlite3_db_config(
                    db,
                    ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
                    0 as c_int,
                    null_mut::<c_int>(),
                );
            }
            let mut enabled: c_int = -1;
            ffi::sqlite3_db_config(
                db,
                ffi::SQLITE_DBCONFIG_ENABLE_QPSG,
                -1 as c_int,
                &mut enabled as *mut c_int,
            );
            run(
                db,
                c"CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER);
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                  INSERT INTO t SELECT printf('k%05d', i), i % 7 FROM n;
                  ANALYZE;",
            );
            let mut statement = null_mut();
            assert_eq!(
                ffi::sqlite3_prepare_v3(
                    db,
                    c"SELECT v FROM t WHERE id = ?1 LIMIT ?2".as_ptr(),
                    -1,
                    ffi::SQLITE_PREPARE_PERSISTENT as _,
                    &mut statement,
                    null_mut(),
                ),
                ffi::SQLITE_OK
            );
            for key in [c"k00001", c"k01000", c"k01999"] {
                ffi::sqlite3_bind_text(statement, 1, key.as_ptr(), -1, None);
                ffi::sqlite3_bind_int(statement, 2, 1);
                assert_eq!(ffi::sqlite3_step(statement), ffi::SQLITE_ROW);
                ffi::sqlite3_reset(statement);
            }
            let reprepared =
                ffi::sqlite3_stmt_status(statement, ffi::SQLITE_STMTSTATUS_REPREPARE, 0);
            ffi::sqlite3_finalize(statement);
            ffi::sqlite3_close(db);
            (enabled, reprepared)
        }
    }

    #[test]
    fn a_cached_statement_keeps_its_plan_whatever_values_are_bound() {
        assert_eq!(reprepares(true), (1, 0));
        // What the guarantee prevents: with it off, each new binding prepares the
        // statement again.
        let (enabled, reprepared) = reprepares(false);
        assert_eq!(enabled, 0);
        assert!(reprepared >= 2, "prepared again {reprepared} times");
    }
}
