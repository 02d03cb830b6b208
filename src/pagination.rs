//! Keyset pagination: `limit` (default 50, at most 200) and an opaque `cursor` that
//! carries the sort key of the last item returned. Each list names its cursor kind, so a
//! cursor from one list (or one sort order) is refused by another.
//!
//! Cursors are signed (HMAC-SHA256, with a key derived from the JWT secret, so that every
//! replica reads every replica's cursors): a client cannot make one up, and so cannot
//! choose the snapshot or the position a list works from.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;

use crate::error::ApiError;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// The bytes of a cursor's signature kept in it.
const TAG_BYTES: usize = 16;
/// Shortest and longest cursor text (the contract's pattern says the same).
pub const CURSOR_MIN_LEN: usize = 22;
pub const CURSOR_MAX_LEN: usize = 1024;

/// The page size asked for, checked.
pub fn page_size(limit: Option<u32>) -> Result<usize, ApiError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n as usize),
        _ => Err(ApiError::bad_parameter(
            "limit",
            crate::msg!("limit-range", max = MAX_LIMIT.to_string()),
        )),
    }
}

/// Signs and reads cursors.
#[derive(Clone)]
pub struct Cursors {
    key: [u8; 32],
}

impl std::fmt::Debug for Cursors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cursors(***)")
    }
}

fn mac(key: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length")
}

impl Cursors {
    /// Cursors whose key is derived from `secret` (the JWT secret).
    pub fn new(secret: &[u8]) -> Self {
        let mut derive = mac(secret);
        derive.update(b"ssc-api cursors v1");
        Cursors {
            key: derive.finalize().into_bytes().into(),
        }
    }

    /// A cursor of the list named `kind` at `key`.
    pub fn encode<K: Serialize>(&self, kind: &str, key: &K) -> String {
        let json = serde_json::to_vec(&(kind, key)).expect("cursor keys serialise");
        let mut signer = mac(&self.key);
        signer.update(&json);
        let tag = signer.finalize().into_bytes();
        let mut bytes = tag[..TAG_BYTES].to_vec();
        bytes.extend_from_slice(&json);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The key of a cursor this list (`kind`) issued. A value that cannot be a cursor is
    /// a bad parameter (400); a well-formed one that this list did not issue (another
    /// list's, a made-up one) cannot be processed (422). `parameter` names it.
    pub fn decode_as<K: DeserializeOwned>(
        &self,
        parameter: &str,
        kind: &str,
        cursor: &str,
    ) -> Result<K, ApiError> {
        let well_formed = (CURSOR_MIN_LEN..=CURSOR_MAX_LEN).contains(&cursor.len())
            && cursor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed {
            return Err(ApiError::bad_parameter(
                parameter,
                crate::msg!("cursor-malformed"),
            ));
        }
        let refused =
            || ApiError::unprocessable_parameter(parameter, crate::msg!("cursor-foreign"));
        let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| refused())?;
        if bytes.len() <= TAG_BYTES {
            return Err(refused());
        }
        let (tag, json) = bytes.split_at(TAG_BYTES);
        let mut verifier = mac(&self.key);
        verifier.update(json);
        verifier.verify_truncated_left(tag).map_err(|_| refused())?;
        let (found, key): (String, K) = serde_json::from_slice(json).map_err(|_| refused())?;
        if found == kind {
            Ok(key)
        } else {
            Err(refused())
        }
    }

    /// [`Cursors::decode_as`] for the `cursor` parameter.
    pub fn decode<K: DeserializeOwned>(&self, kind: &str, cursor: &str) -> Result<K, ApiError> {
        self.decode_as("cursor", kind, cursor)
    }

    /// Cut a fetched batch (asked for `limit + 1` rows) into a page and the next cursor.
    pub fn paginate<T, K: Serialize>(
        &self,
        mut rows: Vec<T>,
        limit: usize,
        kind: &str,
        key_of: impl Fn(&T) -> K,
    ) -> (Vec<T>, Option<String>) {
        if rows.len() > limit {
            rows.truncate(limit);
            let next = rows.last().map(|last| self.encode(kind, &key_of(last)));
            (rows, next)
        } else {
            (rows, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;

    #[test]
    fn cursors_round_trip_and_are_bound_to_their_list_and_key() {
        let cursors = Cursors::new(b"a secret of the service, long enough");
        let cursor = cursors.encode("organisations", &("inti", "0193"));
        let key: (String, String) = cursors.decode("organisations", &cursor).unwrap();
        assert_eq!(key, ("inti".to_owned(), "0193".to_owned()));
        let refused = |result: Result<(String, String), ApiError>| result.unwrap_err().problem;
        assert_eq!(
            refused(cursors.decode("projects", &cursor)),
            Problem::ValidationFailed
        );
        // Another service's cursor, or one edited by a client, is not ours.
        let other = Cursors::new(b"another secret, just as long as it");
        assert_eq!(
            refused(other.decode("organisations", &cursor)),
            Problem::ValidationFailed
        );
        let mut bytes = URL_SAFE_NO_PAD.decode(&cursor).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        let edited = URL_SAFE_NO_PAD.encode(bytes);
        assert_eq!(
            refused(cursors.decode("organisations", &edited)),
            Problem::ValidationFailed
        );
        // What cannot be a cursor at all is a bad parameter.
        for bad in ["not base64!", "short", &"x".repeat(CURSOR_MAX_LEN + 1)] {
            assert_eq!(
                refused(cursors.decode("organisations", bad)),
                Problem::BadRequest
            );
        }
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(page_size(None).unwrap(), 50);
        assert_eq!(page_size(Some(200)).unwrap(), 200);
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(201)).is_err());
    }
}
