//! Checks of list and statistics query parameters shared by every list: a code that must
//! be in its codelist, a DAC sector or category, a date range. A bad value is a 400
//! naming the parameter; withdrawn codes are allowed (old records use them).

use chrono::NaiveDate;

use crate::codelists::{self, Codelist};
use crate::error::ApiError;

/// `code` is in `list` (else 400: "unknown {what} …").
pub fn known(list: &Codelist, code: &str, parameter: &str, what: &str) -> Result<(), ApiError> {
    match list.get(code) {
        Some(_) => Ok(()),
        None => Err(ApiError::bad_parameter(
            parameter,
            format!("unknown {what} {code:?}"),
        )),
    }
}

/// An optional country code parameter.
pub fn country(code: Option<&str>, parameter: &str) -> Result<(), ApiError> {
    match code {
        Some(code) => known(codelists::countries(), code, parameter, "country code"),
        None => Ok(()),
    }
}

/// An optional SDG goal parameter.
pub fn sdg_goal(goal: Option<i32>) -> Result<(), ApiError> {
    match goal {
        Some(goal) => known(codelists::sdg_goals(), &goal.to_string(), "sdg", "SDG goal"),
        None => Ok(()),
    }
}

/// A DAC sector parameter: a 5-digit sector or a 3-digit category (for all its
/// sectors). Returns (sector, category).
pub fn sector(code: Option<&str>) -> Result<(Option<String>, Option<String>), ApiError> {
    match code {
        None => Ok((None, None)),
        Some(code) if code.len() == 5 => {
            known(codelists::sectors(), code, "sector", "DAC sector")?;
            Ok((Some(code.to_owned()), None))
        }
        Some(code) if code.len() == 3 => {
            known(
                codelists::sector_categories(),
                code,
                "sector",
                "DAC sector category",
            )?;
            Ok((None, Some(code.to_owned())))
        }
        Some(code) => Err(ApiError::bad_parameter(
            "sector",
            format!("{code:?} is neither a 5-digit DAC sector nor a 3-digit category"),
        )),
    }
}

/// `start_from` and `start_to`: within the supported dates, and in order.
pub fn start_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), ApiError> {
    crate::validation::date_parameters(&[("start_from", from), ("start_to", to)])?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(ApiError::bad_parameter(
            "start_to",
            "must not be before start_from",
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
        for bad in ["99999", "999", "3116", "abc"] {
            let error = sector(Some(bad)).unwrap_err();
            assert_eq!(
                error.errors[0].parameter.as_deref(),
                Some("sector"),
                "{bad}"
            );
        }
    }

    #[test]
    fn start_ranges_are_ordered_and_bounded() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert!(start_range(day(2025, 1, 1), day(2025, 1, 1)).is_ok());
        assert!(start_range(day(2025, 1, 2), day(2025, 1, 1)).is_err());
        assert!(start_range(day(1800, 1, 1), None).is_err());
        assert!(sdg_goal(Some(18)).is_err() && sdg_goal(Some(17)).is_ok());
        assert!(country(Some("ZZ"), "country").is_err() && country(Some("BO"), "country").is_ok());
    }
}
