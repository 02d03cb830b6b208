//! Checks of list and statistics query parameters shared by every list: a code that must
//! be in its codelist, a DAC sector or category, a date range.
//!
//! A value without the parameter's syntax (the `pattern` the contract states for it, from
//! [`CODE_PARAMETERS`]) is a 400 naming the parameter. A well-formed value that the
//! service cannot use, a code that is not in its codelist or parameters that contradict
//! each other, is a 422 naming it, as the same codes are in request bodies. Withdrawn
//! codes are allowed (old records use them).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::codelists::{self, Codelist};
use crate::error::ApiError;

/// The syntax of a code: the contract's `pattern`, and the same rule here.
pub struct CodeSyntax {
    pub pattern: &'static str,
    /// What a value must look like, in words.
    pub described: &'static str,
    regex: LazyLock<Regex>,
}

impl CodeSyntax {
    pub fn matches(&self, value: &str) -> bool {
        self.regex.is_match(value)
    }
}

macro_rules! code_syntax {
    ($($(#[$meta:meta])* $name:ident = $pattern:literal, $described:literal;)*) => {$(
        $(#[$meta])*
        pub static $name: CodeSyntax = CodeSyntax {
            pattern: $pattern,
            described: $described,
            regex: LazyLock::new(|| Regex::new($pattern).expect("a valid pattern")),
        };
    )*};
}

code_syntax! {
    /// ISO 3166-1 alpha-2.
    COUNTRY = "^[A-Z]{2}$", "two capital letters (ISO 3166-1 alpha-2)";
    /// IATI Region.
    REGION = "^[0-9]{2,4}$", "two to four digits (an IATI Region code)";
    /// A 5-digit DAC sector or its 3-digit category.
    SECTOR_OR_CATEGORY = "^[0-9]{3}([0-9]{2})?$",
        "a 5-digit DAC sector or a 3-digit category";
    /// IATI OrganisationType.
    ORGANISATION_TYPE = "^[0-9]{2}$", "two digits (an IATI OrganisationType code)";
    /// An integration space or forum.
    SPACE = "^[a-z][a-z_]{0,49}$", "lowercase letters and underscores";
    /// ISO 639-1.
    LANGUAGE = "^[a-z]{2}$", "two lowercase letters (ISO 639-1)";
}

/// The code parameters of the lists and statistics, by name: the contract gives each its
/// pattern (`openapi::finish`), and [`known`] checks it.
pub static CODE_PARAMETERS: [(&str, &CodeSyntax); 6] = [
    ("country", &COUNTRY),
    ("region", &REGION),
    ("sector", &SECTOR_OR_CATEGORY),
    ("organisation_type", &ORGANISATION_TYPE),
    ("space", &SPACE),
    ("language", &LANGUAGE),
];

/// The syntax of the code parameter `parameter`.
fn syntax_of(parameter: &str) -> &'static CodeSyntax {
    CODE_PARAMETERS
        .iter()
        .find(|(name, _)| *name == parameter)
        .map(|(_, syntax)| *syntax)
        .expect("every code parameter has its syntax")
}

/// `code`, given as `parameter`, has its syntax (else 400) and is in `list` (else 422:
/// "unknown {what} …").
pub fn known(list: &Codelist, code: &str, parameter: &str, what: &str) -> Result<(), ApiError> {
    in_codelist(code, parameter, what, |code| list.get(code).is_some())
}

/// [`known`], with membership decided by `exists`.
pub fn in_codelist(
    code: &str,
    parameter: &str,
    what: &str,
    exists: impl FnOnce(&str) -> bool,
) -> Result<(), ApiError> {
    let syntax = syntax_of(parameter);
    if !syntax.matches(code) {
        return Err(ApiError::bad_parameter(
            parameter,
            crate::msg!("code-syntax", parameter = parameter),
        ));
    }
    if exists(code) {
        Ok(())
    } else {
        Err(ApiError::unprocessable_parameter(
            parameter,
            crate::msg!(
                "code-unknown",
                what = crate::l10n::code_noun(what),
                code = format!("{code:?}")
            ),
        ))
    }
}

/// An optional country code parameter.
pub fn country(code: Option<&str>, parameter: &str) -> Result<(), ApiError> {
    match code {
        Some(code) => known(codelists::countries(), code, parameter, "country code"),
        None => Ok(()),
    }
}

/// An optional SDG goal parameter (its range, 1 to 17, is in the contract).
pub fn sdg_goal(goal: Option<i32>) -> Result<(), ApiError> {
    match goal {
        Some(goal) if codelists::sdg_goals().get(&goal.to_string()).is_none() => Err(
            ApiError::bad_parameter("sdg", crate::msg!("sdg-goal-parameter")),
        ),
        _ => Ok(()),
    }
}

/// A DAC sector parameter: a 5-digit sector or a 3-digit category (for all its
/// sectors). Returns (sector, category).
pub fn sector(code: Option<&str>) -> Result<(Option<String>, Option<String>), ApiError> {
    match code {
        None => Ok((None, None)),
        Some(code) if code.len() == 3 => {
            let list = codelists::sector_categories();
            known(list, code, "sector", "DAC sector category")?;
            Ok((None, Some(code.to_owned())))
        }
        Some(code) => {
            known(codelists::sectors(), code, "sector", "DAC sector")?;
            Ok((Some(code.to_owned()), None))
        }
    }
}

/// A date parameter as the contract's `format: date` (RFC 3339 `full-date`) has it: a
/// four-digit year (the parser also reads signed and longer years). Any such date bounds
/// a filter: one outside the dates records may have includes or excludes them all.
pub fn calendar_date(parameter: &str, date: Option<NaiveDate>) -> Result<(), ApiError> {
    use chrono::Datelike;
    match date {
        Some(date) if !(0..=9999).contains(&date.year()) => Err(ApiError::bad_parameter(
            parameter,
            crate::msg!("date-parameter"),
        )),
        _ => Ok(()),
    }
}

/// `start_from` and `start_to`: dates, in order (422 when reversed: each is well-formed
/// alone).
pub fn start_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), ApiError> {
    calendar_date("start_from", from)?;
    calendar_date("start_to", to)?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(ApiError::unprocessable_parameter(
            "start_to",
            crate::msg!("date-not-before", start = "start_from"),
        ));
    }
    Ok(())
}

/// A parameter that narrows another one, given without it (422).
pub fn needs(parameter: &str, given: bool, other: &str, other_given: bool) -> Result<(), ApiError> {
    if given && !other_given {
        return Err(ApiError::unprocessable_parameter(
            parameter,
            crate::msg!("needs-parameter", other = other),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sectors_and_categories() {
        assert_eq!(sector(Some("31166")).unwrap(), (Some("31166".into()), None));
        assert_eq!(sector(Some("311")).unwrap(), (None, Some("311".into())));
        // Well-formed but unknown: 422; malformed: 400. Both name the parameter.
        for (bad, status) in [("99999", 422), ("999", 422), ("3116", 400), ("abc", 400)] {
            let error = sector(Some(bad)).unwrap_err();
            assert_eq!(error.problem.status().as_u16(), status, "{bad}");
            assert_eq!(
                error.errors[0].parameter.as_deref(),
                Some("sector"),
                "{bad}"
            );
        }
    }

    #[test]
    fn code_syntaxes_take_their_codelists_codes_and_nothing_malformed() {
        let lists = [
            ("country", codelists::countries()),
            ("region", codelists::regions()),
            ("sector", codelists::sectors()),
            ("sector", codelists::sector_categories()),
            ("organisation_type", codelists::organisation_types()),
        ];
        for (parameter, list) in lists {
            for item in &list.entries {
                assert!(
                    syntax_of(parameter).matches(&item.code),
                    "{parameter} {}",
                    item.code
                );
            }
        }
        for space in codelists::spaces::integration_spaces() {
            assert!(SPACE.matches(&space.code), "{}", space.code);
        }
        for (parameter, bad) in [
            ("country", ""),
            ("country", "bo"),
            ("country", "BOL"),
            ("region", "4"),
            ("sector", "3116"),
            ("organisation_type", "1"),
            ("space", "Mercosur"),
            ("space", ""),
        ] {
            assert!(!syntax_of(parameter).matches(bad), "{parameter} {bad:?}");
        }
    }

    #[test]
    fn start_ranges_are_ordered_and_take_any_date() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert!(start_range(day(2025, 1, 1), day(2025, 1, 1)).is_ok());
        let reversed = start_range(day(2025, 1, 2), day(2025, 1, 1)).unwrap_err();
        assert_eq!(reversed.problem.status().as_u16(), 422);
        assert!(start_range(day(1, 1, 1), day(9999, 12, 31)).is_ok());
        assert!(sdg_goal(Some(18)).is_err() && sdg_goal(Some(17)).is_ok());
        assert!(country(Some("ZZ"), "country").is_err() && country(Some("BO"), "country").is_ok());
    }
}
