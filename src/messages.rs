//! Wording shared by many messages, and the messages that replace a library's own
//! (serde's, for a body that does not fit): English, written here once so that a later
//! localisation has one place to translate.

/// `n` and the noun, singular or plural as `n` asks: "1 project", "3 activities".
pub fn counted(n: impl std::fmt::Display, singular: &str) -> String {
    let n = n.to_string();
    if n == "1" {
        format!("1 {singular}")
    } else {
        format!("{n} {}", plural(singular))
    }
}

/// The regular English plural of a noun (or of a phrase's last word): "activity" →
/// "activities", "policy exchange" → "policy exchanges".
pub fn plural(singular: &str) -> String {
    let consonant_y = singular.ends_with('y')
        && !singular
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| "aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &singular[..singular.len() - 1])
    } else if ["s", "x", "ch", "sh"]
        .iter()
        .any(|end| singular.ends_with(end))
    {
        format!("{singular}es")
    } else {
        format!("{singular}s")
    }
}

/// Items as a sentence lists them: "a", "a or b", "a, b or c".
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    list(items, "or")
}

/// Items as a sentence lists them: "a", "a and b", "a, b and c".
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    list(items, "and")
}

fn list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", init.join(", "), last.as_ref())
        }
    }
}

/// A 403 for a caller whose role is not among `allowed`.
pub fn needs_role(allowed: &[&str], has: &str) -> String {
    match allowed {
        [one] => format!("this operation needs the role {one}; the token has {has}"),
        _ => format!(
            "this operation needs one of the roles {}; the token has {has}",
            or_list(allowed)
        ),
    }
}

/// A bearer token that does not even have a token's shape.
pub const TOKEN_MALFORMED: &str = "the token is malformed";

/// `Authorization: Bearer Bearer eyJ…`: the prefix was pasted with the token.
pub const TOKEN_WITH_BEARER_PREFIX: &str = "the token starts with a second \"Bearer \": send \
     `Authorization: Bearer <token>` with the token alone (drop the prefix from what was pasted)";

/// A code not in its code list (`what`: "country code"), suggesting the upper-cased
/// code when that one exists.
pub fn unknown_code(what: &str, code: &str, upper_case_exists: bool) -> String {
    let upper = code.to_uppercase();
    if upper != code && upper_case_exists {
        format!("unknown {what} {code:?}: codes are upper case, did you mean {upper:?}?")
    } else {
        format!("unknown {what} {code:?}")
    }
}

/// What the API expects where a body's member at `pointer` does not deserialise, in
/// place of serde's wording (`message`, its position already removed). The pointer
/// stays as it is; only the words change.
pub fn body_error(pointer: &str, message: &str) -> String {
    let member = pointer.rsplit('/').next().unwrap_or("");
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        // "invalid type: string \"hola\", expected a map"
        if let Some((found, expected)) = rest.rsplit_once(", expected ") {
            return invalid_type(member, found, expected);
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((value, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "unknown value {}: {}",
            quoted(value),
            allowed_values(expected)
        );
    }
    if message == "input is out of range" {
        return "no such date: expected a date such as 2025-03-01 (year-month-day)".to_owned();
    }
    if CHRONO_DATE_ERRORS.contains(&message) {
        return "expected a date such as 2025-03-01 (year-month-day)".to_owned();
    }
    message.to_owned()
}

/// chrono's messages for text that is not a date (the fields that use them are dates).
const CHRONO_DATE_ERRORS: [&str; 6] = [
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "input is out of range",
    "input is not enough for unique date and time",
    "no possible date and time matching input",
];

fn invalid_type(member: &str, found: &str, expected: &str) -> String {
    let found = describe_found(found);
    match expected {
        "a map" => format!("expected text per language, such as {{\"es\": \"…\"}}; got {found}"),
        "a string" if found.starts_with("the number") && is_decimal_member(member) => format!(
            "expected a decimal string such as \"125000.00\" (numbers are written as text, so no precision is lost); got {found}"
        ),
        "a string" => format!("expected text (a JSON string); got {found}"),
        "a sequence" => format!("expected a list (a JSON array); got {found}"),
        "a boolean" => format!("expected true or false; got {found}"),
        "a borrowed string" => format!("expected text (a JSON string); got {found}"),
        whole if is_integer_type(whole) => format!("expected a whole number; got {found}"),
        "f32" | "f64" => format!("expected a number; got {found}"),
        other if other.starts_with("struct ") || other == "a map or a sequence" => {
            format!("expected an object (a JSON object with members); got {found}")
        }
        other if other.starts_with("one of ") || other.starts_with("variant identifier") => {
            format!("expected one of the documented strings; got {found}")
        }
        other => format!("expected {other}; got {found}"),
    }
}

/// Members holding decimal strings: amounts and percentages.
fn is_decimal_member(member: &str) -> bool {
    member.ends_with("amount") || member.ends_with("percentage") || member == "value"
}

fn is_integer_type(name: &str) -> bool {
    matches!(
        name,
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
    )
}

/// serde's "string \"hola\"", "floating point `125000.5`", "integer `3`", "map",
/// "sequence", "boolean `true`", "null" in plain words.
fn describe_found(found: &str) -> String {
    let value_after = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|value| value.trim_matches('`').to_owned())
    };
    if let Some(text) = value_after("string ") {
        format!("the text {text}")
    } else if let Some(number) = value_after("floating point ").or_else(|| value_after("integer "))
    {
        format!("the number {number}")
    } else if let Some(boolean) = value_after("boolean ") {
        boolean
    } else {
        match found {
            "map" => "an object".to_owned(),
            "sequence" => "a list".to_owned(),
            "null" | "unit value" => "null".to_owned(),
            other => other.to_owned(),
        }
    }
}

/// serde's "`a`" (or "\"a\"") as "\"a\"".
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.trim_matches('`').trim_matches('"'))
}

/// serde's "one of `a`, `b`, `c`" (or "`a`", or "`a` or `b`") as "expected one of a, b or
/// c"; "there are no variants" as itself.
fn allowed_values(expected: &str) -> String {
    let names: Vec<&str> = expected
        .trim_start_matches("one of ")
        .split([',', ' '])
        .map(|s| s.trim().trim_matches('`'))
        .filter(|s| !s.is_empty() && *s != "or")
        .collect();
    match names.as_slice() {
        [] => expected.to_owned(),
        [one] => format!("expected {one}"),
        _ => format!("expected one of {}", or_list(&names)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lists_read_as_people_write_them() {
        assert_eq!(counted(1u8, "activity"), "1 activity");
        assert_eq!(counted(3u8, "activity"), "3 activities");
        assert_eq!(counted(0u8, "policy exchange"), "0 policy exchanges");
        assert_eq!(counted(2u8, "day"), "2 days");
        assert_eq!(or_list(&["admin"]), "admin");
        assert_eq!(or_list(&["admin", "coordinator"]), "admin or coordinator");
        assert_eq!(
            or_list(&["admin", "coordinator", "partner"]),
            "admin, coordinator or partner"
        );
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn serde_wording_is_replaced_by_what_the_api_expects() {
        assert_eq!(
            body_error("/title", "invalid type: string \"hola\", expected a map"),
            "expected text per language, such as {\"es\": \"…\"}; got the text \"hola\""
        );
        assert!(
            body_error(
                "/budget/amount",
                "invalid type: floating point `125000.5`, expected a string"
            )
            .ends_with("; got the number 125000.5")
        );
        assert_eq!(
            body_error(
                "/modality",
                "unknown variant `bilateral`, expected one of `bilateral_ssc`, `triangular`, `regional_ssc`"
            ),
            "unknown value \"bilateral\": expected one of bilateral_ssc, triangular or regional_ssc"
        );
        assert_eq!(
            body_error("/status", "invalid type: string \"two\", expected i32"),
            "expected a whole number; got the text \"two\""
        );
        assert_eq!(
            body_error("/planned_start", "input contains invalid characters"),
            "expected a date such as 2025-03-01 (year-month-day)"
        );
        assert_eq!(body_error("/x", "something else"), "something else");
    }
}
