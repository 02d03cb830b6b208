//! Keyset pagination: `limit` (default 50, at most 200) and an opaque `cursor` that
//! carries the sort key of the last item returned. Each list names its cursor kind, so a
//! cursor from one list (or one sort order) is refused by another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// The page size asked for, checked.
pub fn page_size(limit: Option<u32>) -> Result<usize, ApiError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n as usize),
        _ => Err(ApiError::bad_parameter(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        )),
    }
}

pub fn encode_cursor<K: Serialize>(kind: &str, key: &K) -> String {
    let json = serde_json::to_vec(&(kind, key)).expect("cursor keys serialise");
    URL_SAFE_NO_PAD.encode(json)
}

pub fn decode_cursor<K: DeserializeOwned>(kind: &str, cursor: &str) -> Result<K, ApiError> {
    let invalid = || ApiError::bad_parameter("cursor", "is not a cursor issued by this list");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let (found, key): (String, K) = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if found == kind {
        Ok(key)
    } else {
        Err(invalid())
    }
}

/// Cut a fetched batch (asked for `limit + 1` rows) into a page and the next cursor.
pub fn paginate<T, K: Serialize>(
    mut rows: Vec<T>,
    limit: usize,
    kind: &str,
    key_of: impl Fn(&T) -> K,
) -> (Vec<T>, Option<String>) {
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(|last| encode_cursor(kind, &key_of(last)));
        (rows, next)
    } else {
        (rows, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_is_bound_to_its_list() {
        let cursor = encode_cursor("organisations", &("inti", "0193"));
        let key: (String, String) = decode_cursor("organisations", &cursor).unwrap();
        assert_eq!(key, ("inti".to_owned(), "0193".to_owned()));
        assert!(decode_cursor::<(String, String)>("projects", &cursor).is_err());
        assert!(decode_cursor::<(String, String)>("organisations", "not base64!").is_err());
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(page_size(None).unwrap(), 50);
        assert_eq!(page_size(Some(200)).unwrap(), 200);
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(201)).is_err());
    }
}
