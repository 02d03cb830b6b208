//! SQL functions every SQLite connection gets (registered by `sqlite_connections`).
//!
//! - `held_terms(text, terms)`: how many of `terms` (a JSON array of folded key words,
//!   letters and digits only) are words of the folded `text`, each entry of the list
//!   counted (the count matching's full-text lookups make, one per entry). A word is a
//!   run of letters and digits, as the reasons read them
//!   (`domain::matching::reasons::words_found`) and as FTS5's `unicode61` tokenizer
//!   splits the folded texts it indexes. Null text, null count. Matching counts the words
//!   of the few records it must score this way, instead of grouping every posting of every
//!   word (`store::matching::rank`).

use std::ffi::{c_int, c_void};

use libsqlite3_sys as ffi;

/// Registers the functions on `db`.
///
/// # Safety
/// `db` is an open connection.
pub(super) unsafe fn register(db: *mut ffi::sqlite3) -> c_int {
    // SAFETY: `db` is open; the name is a C string; `held_terms` has the signature of a
    // scalar function and takes no user data.
    unsafe {
        ffi::sqlite3_create_function_v2(
            db,
            c"held_terms".as_ptr(),
            2,
            ffi::SQLITE_UTF8 | ffi::SQLITE_DETERMINISTIC | ffi::SQLITE_INNOCUOUS,
            std::ptr::null_mut(),
            Some(held_terms),
            None,
            None,
            None,
        )
    }
}

/// How many entries of `terms` are words of `text` (the first 64: matching asks at most
/// `store::matching::MAX_TERMS`).
pub fn held_count(terms: &[String], text: &str) -> i64 {
    let terms = &terms[..terms.len().min(64)];
    let mut held: u64 = 0;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        for (i, term) in terms.iter().enumerate() {
            if term == word {
                held |= 1 << i;
            }
        }
    }
    i64::from(held.count_ones())
}

/// The UTF-8 text of `value`, unless null (or not UTF-8).
///
/// # Safety
/// `value` is a protected value of the current call.
unsafe fn text_of<'v>(value: *mut ffi::sqlite3_value) -> Option<&'v str> {
    // SAFETY: SQLite gives the value's text (valid until the value changes, after this
    // call) and then its length in bytes.
    unsafe {
        if ffi::sqlite3_value_type(value) == ffi::SQLITE_NULL {
            return None;
        }
        let text = ffi::sqlite3_value_text(value);
        let length = usize::try_from(ffi::sqlite3_value_bytes(value)).ok()?;
        if text.is_null() {
            return Some("");
        }
        std::str::from_utf8(std::slice::from_raw_parts(text, length)).ok()
    }
}

unsafe extern "C" fn drop_terms(terms: *mut c_void) {
    // SAFETY: set by `held_terms` from `Box::into_raw`, dropped once by SQLite.
    drop(unsafe { Box::from_raw(terms.cast::<Vec<String>>()) });
}

/// `held_terms(text, terms)`. The parsed terms are kept with the statement
/// (`sqlite3_set_auxdata`) while the argument stays the same.
unsafe extern "C" fn held_terms(
    context: *mut ffi::sqlite3_context,
    count: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite passes `count` (2) values, valid for this call; the auxiliary data
    // of argument 1 is only ever a boxed `Vec<String>` set here.
    unsafe {
        if count != 2 {
            ffi::sqlite3_result_null(context);
            return;
        }
        let values = std::slice::from_raw_parts(values, 2);
        let Some(text) = text_of(values[0]) else {
            ffi::sqlite3_result_null(context);
            return;
        };
        let cached = ffi::sqlite3_get_auxdata(context, 1).cast::<Vec<String>>();
        let held = if cached.is_null() {
            let terms: Vec<String> = text_of(values[1])
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default();
            let held = held_count(&terms, text);
            ffi::sqlite3_set_auxdata(
                context,
                1,
                Box::into_raw(Box::new(terms)).cast(),
                Some(drop_terms),
            );
            held
        } else {
            held_count(&*cached, text)
        };
        ffi::sqlite3_result_int64(context, held);
    }
}

#[cfg(test)]
mod tests {
    use super::held_count;

    #[test]
    fn counts_each_entry_held_as_a_whole_word() {
        let terms: Vec<String> = ["riego", "goteo", "cuenca", "2030", "riego"]
            .iter()
            .map(|t| (*t).to_owned())
            .collect();
        for (text, held) in [
            ("riego por goteo en valles", 3),
            ("riego-goteo/cuenca: 2030", 5),
            ("riegos goteos riego", 2),
            ("", 0),
            ("agenda 2030, cuenca del plata", 2),
            ("riegocuenca 20300", 0),
        ] {
            assert_eq!(held_count(&terms, text), held, "{text}");
        }
    }
}
