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
//! - `word_signature(text)`: the folded `text`'s words (split as `held_terms` splits
//!   them) as a 64-bit set: bit `word_bit(word)` of each. Null text, null signature.
//!   Kept for every capacity and request (`capacity_signatures`, `request_signatures`,
//!   migration 000031) so that matching can skip records cheaply.
//! - `signature_bound(signature, terms)`: how many entries of `terms` have their bit in
//!   `signature`: at least `held_terms(text, terms)` for the text it was made from (a
//!   word held has its bit set), and cheap. Null signature (not known), every entry.

use std::ffi::{c_int, c_void};

use libsqlite3_sys as ffi;

/// Registers the functions on `db`.
///
/// # Safety
/// `db` is an open connection.
pub(super) unsafe fn register(db: *mut ffi::sqlite3) -> c_int {
    type Scalar =
        unsafe extern "C" fn(*mut ffi::sqlite3_context, c_int, *mut *mut ffi::sqlite3_value);
    let functions: [(&std::ffi::CStr, c_int, Scalar); 3] = [
        (c"held_terms", 2, held_terms),
        (c"word_signature", 1, word_signature),
        (c"signature_bound", 2, signature_bound),
    ];
    for (name, arguments, function) in functions {
        // SAFETY: `db` is open; the name is a C string; each function has the signature
        // of a scalar function and takes no user data.
        let status = unsafe {
            ffi::sqlite3_create_function_v2(
                db,
                name.as_ptr(),
                arguments,
                ffi::SQLITE_UTF8 | ffi::SQLITE_DETERMINISTIC | ffi::SQLITE_INNOCUOUS,
                std::ptr::null_mut(),
                Some(function),
                None,
                None,
                None,
            )
        };
        if status != ffi::SQLITE_OK {
            return status;
        }
    }
    ffi::SQLITE_OK
}

/// The words of a folded text, as `held_terms` and the reasons read them.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A word's bit in a signature: FNV-1a (64 bits) of its UTF-8 bytes, modulo 64. Stored
/// signatures depend on it: changing it needs their refresh.
pub fn word_bit(word: &str) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in word.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % 64) as u32
}

/// `word_signature(text)`: the set of the words' bits.
pub fn signature_of(text: &str) -> u64 {
    words(text).fold(0, |signature, word| signature | (1 << word_bit(word)))
}

/// How many entries of `terms` (the first 64, as `held_count`) have their bit in
/// `signature`: never fewer than `held_count(terms, text)` for
/// `signature == signature_of(text)`. (`signature_bound` computes it from the terms'
/// bits, kept.)
#[cfg(test)]
pub fn bound_of(signature: u64, terms: &[String]) -> i64 {
    let terms = &terms[..terms.len().min(64)];
    let set = terms
        .iter()
        .filter(|term| signature & (1 << word_bit(term)) != 0)
        .count();
    i64::try_from(set).unwrap_or(i64::MAX)
}

/// How many entries of `terms` are words of `text` (the first 64: matching asks at most
/// `store::matching::MAX_TERMS`).
pub fn held_count(terms: &[String], text: &str) -> i64 {
    let terms = &terms[..terms.len().min(64)];
    let mut held: u64 = 0;
    for word in words(text) {
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

unsafe extern "C" fn drop_bits(bits: *mut c_void) {
    // SAFETY: set by `signature_bound` from `Box::into_raw`, dropped once by SQLite.
    drop(unsafe { Box::from_raw(bits.cast::<Vec<u64>>()) });
}

/// `word_signature(text)`.
unsafe extern "C" fn word_signature(
    context: *mut ffi::sqlite3_context,
    count: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite passes `count` (1) values, valid for this call.
    unsafe {
        let text = if count == 1 { text_of(*values) } else { None };
        match text {
            // The bits as SQLite's signed 64-bit integer.
            Some(text) => ffi::sqlite3_result_int64(context, signature_of(text) as i64),
            None => ffi::sqlite3_result_null(context),
        }
    }
}

/// `signature_bound(signature, terms)`. The terms' bits are kept with the statement
/// (`sqlite3_set_auxdata`) while the argument stays the same.
unsafe extern "C" fn signature_bound(
    context: *mut ffi::sqlite3_context,
    count: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite passes `count` (2) values, valid for this call; the auxiliary data
    // of argument 1 is only ever a boxed `Vec<u64>` set here.
    unsafe {
        if count != 2 {
            ffi::sqlite3_result_null(context);
            return;
        }
        let values = std::slice::from_raw_parts(values, 2);
        let bits = ffi::sqlite3_get_auxdata(context, 1).cast::<Vec<u64>>();
        if bits.is_null() {
            let terms: Vec<String> = text_of(values[1])
                .and_then(|json| serde_json::from_str(json).ok())
                .unwrap_or_default();
            let owned: Vec<u64> = terms
                .iter()
                .take(64)
                .map(|term| 1 << word_bit(term))
                .collect();
            let raw = Box::into_raw(Box::new(owned));
            // SQLite may drop the data at once (then it is not kept): read it first.
            let bound = bound_with(values[0], &*raw);
            ffi::sqlite3_set_auxdata(context, 1, raw.cast(), Some(drop_bits));
            ffi::sqlite3_result_int64(context, bound);
            return;
        }
        ffi::sqlite3_result_int64(context, bound_with(values[0], &*bits));
    }
}

/// How many of `bits` the signature `value` holds; every one when it is null.
///
/// # Safety
/// `value` is a protected value of the current call.
unsafe fn bound_with(value: *mut ffi::sqlite3_value, bits: &[u64]) -> i64 {
    // SAFETY: as the caller says.
    let signature = unsafe {
        if ffi::sqlite3_value_type(value) == ffi::SQLITE_NULL {
            u64::MAX
        } else {
            ffi::sqlite3_value_int64(value) as u64
        }
    };
    let set = bits.iter().filter(|bit| signature & **bit != 0).count();
    i64::try_from(set).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::{bound_of, held_count, signature_of};

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

    /// The bound is never below the count, whatever the words (letters of any script,
    /// digits, repeated terms); a word absent from the text may share a set bit.
    #[test]
    fn the_signature_bounds_the_count_from_above() {
        let vocabulary = [
            "riego",
            "goteo",
            "cuenca",
            "2030",
            "agua",
            "suelos",
            "semillas",
            "sequia",
            "mujeres",
            "niñez",
            "москва",
            "水利",
            "h2o",
            "x",
            "pequenos",
            "productores",
        ];
        let mut state: u64 = 7;
        let mut next = |below: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % below
        };
        let mut below_total = 0;
        for _ in 0..2000 {
            let text: Vec<&str> = (0..next(12)).map(|_| vocabulary[next(16)]).collect();
            let text = text.join(if next(2) == 0 { " " } else { ", " });
            let terms: Vec<String> = (0..next(20))
                .map(|_| vocabulary[next(16)].to_owned())
                .collect();
            let held = held_count(&terms, &text);
            let bound = bound_of(signature_of(&text), &terms);
            assert!(bound >= held, "{text:?} {terms:?}: {bound} < {held}");
            below_total += usize::from(bound == held);
        }
        // Mostly exact with so few words.
        assert!(below_total > 1500, "{below_total}");
        assert_eq!(signature_of(""), 0);
        assert_eq!(bound_of(0, &["riego".to_owned()]), 0);
        assert_eq!(bound_of(u64::MAX, &["a".to_owned(), "b".to_owned()]), 2);
    }
}
