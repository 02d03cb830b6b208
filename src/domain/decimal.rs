//! Exact decimals as scaled integers: money in a currency's minor units, percentages in
//! hundredths. Clients send and receive decimal strings; floats never appear.

use crate::l10n::Message;
use crate::msg;

/// The largest amount accepted, in major units: 10^13 - 1 (ten trillion).
pub const MAX_INTEGER_DIGITS: usize = 13;

/// Parse a non-negative decimal string with at most `scale` fraction digits into units of
/// 10^-scale ("125000.5" at scale 2 is 12500050).
pub fn parse_scaled(text: &str, scale: u32) -> Result<i64, Message> {
    let value = parse_magnitude(text, text, scale)?;
    // 13 integer digits and the few fraction digits of money and percentages fit.
    i64::try_from(value).map_err(|_| msg!("decimal-too-large", value = format!("{text:?}")))
}

/// Parse a decimal string with an optional leading '-' and at most `scale` fraction digits
/// into units of 10^-scale, in 128 bits: no value of that form overflows.
pub fn parse_signed(text: &str, scale: u32) -> Result<i128, Message> {
    match text.strip_prefix('-') {
        Some(digits) => parse_magnitude(text, digits, scale).map(|v| -v),
        None => parse_magnitude(text, text, scale),
    }
}

/// The digits of `text` (without its sign) in units of 10^-scale.
fn parse_magnitude(text: &str, digits: &str, scale: u32) -> Result<i128, Message> {
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || (digits.contains('.') && !all_digits(fraction)) {
        return Err(msg!("decimal-malformed", value = format!("{text:?}")));
    }
    if fraction.len() > scale as usize {
        return Err(match scale {
            0 => msg!("decimal-no-minor-unit", value = format!("{text:?}")),
            _ => msg!(
                "decimal-too-many-places",
                value = format!("{text:?}"),
                places = scale
            ),
        });
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > MAX_INTEGER_DIGITS {
        return Err(msg!(
            "decimal-too-many-digits",
            value = format!("{text:?}"),
            digits = MAX_INTEGER_DIGITS
        ));
    }
    let mut value: i128 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        value = value * 10 + i128::from(b - b'0');
    }
    for _ in fraction.len()..scale as usize {
        value *= 10;
    }
    Ok(value)
}

/// Format units of 10^-scale with exactly `scale` fraction digits ("125000.00").
pub fn format_fixed(value: i64, scale: u32) -> String {
    format_signed(i128::from(value), scale, false)
}

/// Format units of 10^-scale without trailing zeros ("60", "33.33", "12.5").
pub fn format_trimmed(value: i64, scale: u32) -> String {
    format_signed(i128::from(value), scale, true)
}

/// Format signed units of 10^-scale, with `scale` fraction digits or (`trimmed`) without
/// trailing zeros; never "-0".
pub fn format_signed(value: i128, scale: u32, trimmed: bool) -> String {
    let divisor = 10i128.pow(scale);
    let (whole, fraction) = (value.abs() / divisor, value.abs() % divisor);
    let mut text = whole.to_string();
    if scale > 0 {
        let digits = format!("{fraction:0width$}", width = scale as usize);
        let digits = if trimmed {
            digits.trim_end_matches('0')
        } else {
            &digits
        };
        if !digits.is_empty() {
            text.push('.');
            text.push_str(digits);
        }
    }
    if value < 0 { format!("-{text}") } else { text }
}

/// `numerator / denominator`, rounded half away from zero (`denominator` is not 0).
pub fn divide_rounded(numerator: i128, denominator: i128) -> i128 {
    let magnitude = (2 * numerator.abs() + denominator.abs()) / (2 * denominator.abs());
    magnitude * numerator.signum() * denominator.signum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_decimals() {
        assert_eq!(parse_scaled("125000.5", 2), Ok(12_500_050));
        assert_eq!(parse_scaled("125000", 2), Ok(12_500_000));
        assert_eq!(parse_scaled("0.01", 2), Ok(1));
        assert_eq!(parse_scaled("007", 0), Ok(7));
        assert_eq!(parse_scaled("9999999999999.99", 2), Ok(999_999_999_999_999));
        for bad in [
            "", ".5", "5.", "-1", "+1", "1e3", "1,000", " 1", "1.2.3", "abc",
        ] {
            assert!(parse_scaled(bad, 2).is_err(), "{bad:?}");
        }
        assert!(parse_scaled("1.234", 2).is_err());
        assert!(parse_scaled("1.5", 0).is_err());
        assert!(parse_scaled("10000000000000", 2).is_err());
    }

    #[test]
    fn formats_fixed_and_trimmed() {
        assert_eq!(format_fixed(12_500_050, 2), "125000.50");
        assert_eq!(format_fixed(5, 2), "0.05");
        assert_eq!(format_fixed(1500, 0), "1500");
        assert_eq!(format_trimmed(6000, 2), "60");
        assert_eq!(format_trimmed(3333, 2), "33.33");
        assert_eq!(format_trimmed(1250, 2), "12.5");
        assert_eq!(format_trimmed(10000, 2), "100");
        assert_eq!(format_signed(-1_500_000, 6, true), "-1.5");
        assert_eq!(format_signed(-5000, 2, false), "-50.00");
        assert_eq!(format_signed(0, 6, true), "0");
    }

    #[test]
    fn signed_values_do_not_overflow() {
        assert_eq!(
            parse_signed("-9999999999999.999999", 6),
            Ok(-9_999_999_999_999_999_999)
        );
        assert!(parse_signed("99999999999999", 6).is_err());
        assert!(parse_signed("--1", 6).is_err());
        assert_eq!(divide_rounded(-200_000, -30), 6667);
        assert_eq!(divide_rounded(15, 2), 8);
        assert_eq!(divide_rounded(-15, 2), -8);
    }
}
