//! Unit tests of the results' rules and progress.

use super::progress::*;
use super::rules::*;
use super::*;

#[test]
fn progress_runs_from_baseline_to_target_in_either_direction() {
    assert_eq!(progress_of(UNIT, Some("0"), "200", "150"), Some(7500));
    assert_eq!(progress_of(UNIT, None, "200", "200"), Some(10000));
    // Fewer is better: from 50 down to 20, at 30 two thirds of the way.
    assert_eq!(progress_of(PERCENTAGE, Some("50"), "20", "30"), Some(6667));
    assert_eq!(progress_of(UNIT, Some("10"), "10", "12"), None);
    assert_eq!(progress_of(4, Some("1"), "3", "2"), None);
    assert_eq!(progress_of(UNIT, Some("100"), "200", "50"), Some(-5000));
    assert_eq!(format_percent(-5000), "-50.00");
    assert_eq!(format_percent(6667), "66.67");
}

#[test]
fn values_are_canonical_decimals() {
    assert_eq!(parse_value("-1.5").map(format_value), Ok("-1.5".to_owned()));
    assert_eq!(
        parse_value("007.250").map(format_value),
        Ok("7.25".to_owned())
    );
    assert_eq!(parse_value("-0").map(format_value), Ok("0".to_owned()));
    assert!(parse_value("1e3").is_err());
    assert!(parse_value("1.1234567").is_err());
}
