//! Wording shared by many messages, and the messages that replace a library's own
//! (serde's, for a body that does not fit).
//!
//! What a client reads is a message of the catalogue (`crate::l10n`, `src/locales`),
//! rendered in the caller's language. The English helpers here ([`counted`],
//! [`and_list`], [`or_list`]) are for the command line and the logs, which stay English.

use crate::l10n::{self, Message, Text};
use crate::msg;

/// `n` and the noun, singular or plural as `n` asks: "1 project", "3 activities".
pub fn counted(n: impl std::fmt::Display, singular: &str) -> String {
    let n = n.to_string();
    if n == "1" {
        format!("1 {singular}")
    } else {
        format!("{n} {}", l10n::english_plural(singular))
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

/// A 403 for a caller whose role is not among `allowed` (role names are the token's
/// values: the same in every language).
pub fn needs_role(allowed: &[&str], has: &str) -> Message {
    match allowed {
        [one] => msg!("needs-role", role = *one, has = has),
        _ => msg!(
            "needs-one-of-roles",
            roles = l10n::or_list(allowed.iter().copied()),
            has = has
        ),
    }
}

/// A code not in its code list (`what`: "country code"), suggesting the upper-cased
/// code when that one exists.
pub fn unknown_code(what: &str, code: &str, upper_case_exists: bool) -> Message {
    let upper = code.to_uppercase();
    if upper != code && upper_case_exists {
        msg!(
            "code-unknown-upper",
            what = l10n::code_noun(what),
            code = format!("{code:?}"),
            upper = format!("{upper:?}")
        )
    } else {
        msg!(
            "code-unknown",
            what = l10n::code_noun(what),
            code = format!("{code:?}")
        )
    }
}

/// A code its code list has withdrawn.
pub fn withdrawn_code(what: &str, code: &str) -> Message {
    msg!(
        "code-withdrawn",
        what = l10n::code_noun(what),
        code = format!("{code:?}")
    )
}

/// What the API expects where a body's member at `pointer` does not deserialise, in
/// place of serde's wording (`message`, its position already removed), as a message of
/// the catalogue. The pointer stays as it is; only the words change (serde's own, for a
/// case not foreseen here, stay English).
pub fn body_error(pointer: &str, message: &str) -> Text {
    let member = pointer.rsplit('/').next().unwrap_or("");
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        // "invalid type: string \"hola\", expected a map"
        if let Some((found, expected)) = rest.rsplit_once(", expected ") {
            return invalid_type(member, found, expected).into();
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((value, expected)) = rest.split_once(", expected ")
    {
        return unknown_value(&quoted(value), expected);
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some(name) = rest.strip_suffix('`')
    {
        return msg!("body-missing-member", member = name).into();
    }
    if message == "input is out of range" {
        return msg!("no-such-date").into();
    }
    if CHRONO_DATE_ERRORS.contains(&message) {
        return msg!("expected-date").into();
    }
    message.into()
}

/// The member a "missing field" message of [`body_error`] names.
pub fn missing_member(message: &Text) -> Option<&str> {
    let message = message.as_message()?;
    if message.key() != "body-missing-member" {
        return None;
    }
    match message.arg_of("member")? {
        l10n::Arg::Text(Text::Plain(name)) => Some(name),
        _ => None,
    }
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

fn invalid_type(member: &str, found: &str, expected: &str) -> Message {
    let found = describe_found(found);
    let is_number = matches!(&found, Text::Message(m) if m.key() == "found-number");
    match expected {
        "a map" => msg!("expected-texts", found = found),
        "a string" if is_number && is_decimal_member(member) => {
            msg!("expected-decimal", found = found)
        }
        "a string" | "a borrowed string" => msg!("expected-text", found = found),
        "a sequence" => msg!("expected-list", found = found),
        "a boolean" => msg!("expected-boolean", found = found),
        whole if is_integer_type(whole) => msg!("expected-whole-number", found = found),
        "f32" | "f64" => msg!("expected-number", found = found),
        other if other.starts_with("struct ") || other == "a map or a sequence" => {
            msg!("expected-object", found = found)
        }
        other if other.starts_with("one of ") || other.starts_with("variant identifier") => {
            msg!("expected-documented-string", found = found)
        }
        other => msg!("expected-other", expected = other, found = found),
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
/// "sequence", "boolean `true`", "null" in plain words (values as JSON writes them).
fn describe_found(found: &str) -> Text {
    let value_after = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|value| value.trim_matches('`').to_owned())
    };
    if let Some(text) = value_after("string ") {
        msg!("found-text", value = text).into()
    } else if let Some(number) = value_after("floating point ").or_else(|| value_after("integer "))
    {
        msg!("found-number", value = number).into()
    } else if let Some(boolean) = value_after("boolean ") {
        boolean.into()
    } else {
        match found {
            "map" => msg!("found-object").into(),
            "sequence" => msg!("found-list").into(),
            "null" | "unit value" => "null".into(),
            other => other.into(),
        }
    }
}

/// serde's "`a`" (or "\"a\"") as "\"a\"".
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.trim_matches('`').trim_matches('"'))
}

/// serde's "one of `a`, `b`, `c`" (or "`a`", or "`a` or `b`") as "unknown value \"x\":
/// expected one of a, b or c" in the language answered; "there are no variants" as
/// itself.
fn unknown_value(value: &str, expected: &str) -> Text {
    let names: Vec<String> = expected
        .trim_start_matches("one of ")
        .split([',', ' '])
        .map(|s| s.trim().trim_matches('`'))
        .filter(|s| !s.is_empty() && *s != "or")
        .map(str::to_owned)
        .collect();
    match names.as_slice() {
        [] => format!("unknown value {value}: {expected}").into(),
        [one] => msg!("unknown-value", value = value, allowed = one).into(),
        _ => msg!(
            "unknown-value-one-of",
            value = value,
            allowed = l10n::or_list(names)
        )
        .into(),
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
        let body_error = |pointer: &str, message: &str| body_error(pointer, message).english();
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
