//! Record versions as entity tags: every record carries `version`, sent as a strong
//! `ETag: "<version>"`. Writes to an existing record need `If-Match` with the version the
//! client last read (428 without it; the domain answers 412 when the record has moved on),
//! so two clients editing the same record cannot silently overwrite each other.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use crate::error::{ApiError, Problem};
use crate::msg;

pub use crate::error::entity_tag as etag;

/// The versions named by `If-Match` (strong comparison: weak and foreign tags never
/// match, so they are left out).
#[derive(Debug, Clone)]
pub struct IfMatch {
    versions: Vec<i64>,
}

impl IfMatch {
    /// The versions the client says it read; the write goes ahead only on one of them.
    pub fn into_versions(self) -> Vec<i64> {
        self.versions
    }
}

fn parse_if_match(value: &str) -> Result<IfMatch, ApiError> {
    let mut versions = Vec::new();
    for tag in value.split(',').map(str::trim) {
        if tag == "*" {
            return Err(ApiError::new(
                Problem::PreconditionRequired,
                msg!("if-match-any"),
            ));
        }
        let (weak, quoted) = match tag.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let inner = quoted
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .ok_or_else(|| ApiError::bad_parameter("If-Match", msg!("if-match-malformed")))?;
        // A weak or foreign tag is well-formed but can never match.
        if !weak && let Ok(version) = inner.parse::<i64>() {
            versions.push(version);
        }
    }
    Ok(IfMatch { versions })
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get(header::IF_MATCH) {
            None => Err(ApiError::new(
                Problem::PreconditionRequired,
                msg!("if-match-required"),
            )),
            Some(value) => value
                .to_str()
                .map_err(|_| ApiError::bad_parameter("If-Match", msg!("header-not-text")))
                .and_then(parse_if_match),
        };
        ready(result)
    }
}

/// Does the request's `If-None-Match` name this version (so a GET may answer 304)?
pub fn not_modified(req: &HttpRequest, version: i64) -> bool {
    none_match_names(req, &etag(version))
}

/// Does the request's `If-None-Match` name the entity tag `current` (weak comparison:
/// `W/"x"` and `"x"` are the same)?
pub fn none_match_names(req: &HttpRequest, current: &str) -> bool {
    let Some(value) = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let current = current.trim_start_matches("W/");
    value
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_entity_tags() {
        assert_eq!(parse_if_match("\"3\"").unwrap().into_versions(), [3]);
        assert_eq!(
            parse_if_match("\"2\", \"3\"").unwrap().into_versions(),
            [2, 3]
        );
        assert!(
            parse_if_match("W/\"3\"")
                .unwrap()
                .into_versions()
                .is_empty()
        );
        assert!(
            parse_if_match("\"abc\"")
                .unwrap()
                .into_versions()
                .is_empty()
        );
        assert!(parse_if_match("3").is_err());
        assert!(parse_if_match("*").is_err());
    }
}
