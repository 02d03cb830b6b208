//! JSON documents in and out of the API: parsing a body into a typed value with a JSON
//! pointer (RFC 6901) to the member that does not fit, and applying a JSON Merge Patch
//! (RFC 7396) to a record. Plain functions over bytes and values, used by the HTTP
//! extractors and by the domain alike.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::msg;

/// Apply a merge patch to `current` (a record as a request body) and parse the result as a
/// full request body: a member the patch sets to `null` is removed, so a required one is
/// reported missing.
pub fn apply_merge_patch<T: DeserializeOwned>(
    mut current: Value,
    patch: &Map<String, Value>,
) -> Result<T, ApiError> {
    // Removing a member the body does not have would be a silent no-op: a member the
    // schema does not know is refused whatever its value, as in a full body.
    if let Value::Object(members) = &current
        && let Some(unknown) = patch
            .iter()
            .find(|(name, value)| value.is_null() && !members.contains_key(*name))
            .map(|(name, _)| name)
    {
        return Err(ApiError::bad_body(
            format!("/{}", crate::json::escape_pointer_token(unknown)),
            msg!("body-unknown-member", member = unknown.as_str()),
        ));
    }
    json_patch::merge(&mut current, &Value::Object(patch.clone()));
    integralise(&mut current);
    from_value(current)
}

/// Parse a JSON document, pointing at the offending member when it does not fit `T`.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_body("", msg!("body-empty")));
    }
    // PostgreSQL text cannot hold U+0000, and no field needs it. In JSON it can only be
    // written as an escape, so the raw bytes say whether to look closer.
    if memchr_subslice(bytes, b"\\u0000") {
        let document: Value = serde_json::from_slice(bytes)
            .map_err(|e| ApiError::bad_body("", msg!("body-malformed", reason = e.to_string())))?;
        if let Some(pointer) = find_nul(&document, String::new()) {
            return Err(ApiError::bad_body(pointer, msg!("body-nul")));
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut written_as_float = false;
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let pointer = json_pointer(e.path());
        let inner = e.into_inner();
        match inner.classify() {
            // serde_json reports a value of the wrong kind where an enum is expected (a
            // number for a string) as a syntax error; the document itself is sound.
            serde_json::error::Category::Syntax
                if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() =>
            {
                ApiError::bad_body(pointer, msg!("expected-documented-string-bare"))
            }
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                ApiError::bad_body("", msg!("body-malformed", reason = inner.to_string()))
            }
            _ => {
                let message = strip_position(&inner.to_string());
                written_as_float = message.contains("floating point");
                let message = crate::messages::body_error(&pointer, &message);
                ApiError::bad_body_text(pointer, message)
            }
        }
    });
    let value = match value {
        Ok(value) => value,
        // JSON does not tell 2 from 2.0, and neither does JSON Schema's `integer`: a
        // whole number written with a fraction or exponent is read again as an integer.
        Err(_) if written_as_float => {
            let mut document: Value = serde_json::from_slice(bytes).map_err(|e| {
                ApiError::bad_body("", msg!("body-malformed", reason = e.to_string()))
            })?;
            integralise(&mut document);
            return from_value(document);
        }
        Err(error) => return Err(error),
    };
    de.end()
        .map_err(|e| ApiError::bad_body("", msg!("body-malformed", reason = e.to_string())))?;
    Ok(value)
}

fn memchr_subslice(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The JSON pointer of the first string (or member name) holding U+0000.
fn find_nul(value: &Value, at: String) -> Option<String> {
    match value {
        Value::String(text) if text.contains('\0') => Some(at),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_nul(item, format!("{at}/{i}"))),
        Value::Object(members) => members.iter().find_map(|(name, member)| {
            let here = format!("{at}/{}", escape_pointer_token(name));
            if name.contains('\0') {
                Some(here)
            } else {
                find_nul(member, here)
            }
        }),
        _ => None,
    }
}

/// Deserialise `T` from a JSON value, pointing at the offending member.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = json_pointer(e.path());
        let message = crate::messages::body_error(&pointer, &e.into_inner().to_string());
        ApiError::bad_body_text(pointer, message)
    })
}

/// Turn whole numbers written as floats (`2.0`, `1e3`) into integers.
pub fn integralise(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // Only where the float is exact: below 2^53.
            if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integralise),
        Value::Object(members) => members.values_mut().for_each(integralise),
        _ => {}
    }
}

/// serde_json appends " at line 1 column 17" to data errors; the pointer says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Turn a serde path into a JSON pointer (for an unknown member, the path ends with it).
pub fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}

pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
