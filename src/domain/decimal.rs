//! Exact decimals as scaled integers: money in a currency's minor units, percentages in
//! hundredths. Clients send and receive decimal strings; floats never appear.

/// The largest amount accepted, in major units: 10^13 - 1 (ten trillion).
pub const MAX_INTEGER_DIGITS: usize = 13;

/// Parse a non-negative decimal string with at most `scale` fraction digits into units of
/// 10^-scale ("125000.5" at scale 2 is 12500050).
pub fn parse_scaled(text: &str, scale: u32) -> Result<i64, String> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (text.contains('.') && !digits(fraction)) {
        return Err(format!(
            "must be a non-negative decimal number written with digits and an optional '.' (e.g. \"1250.50\"), got {text:?}"
        ));
    }
    if fraction.len() > scale as usize {
        return Err(match scale {
            0 => format!("{text:?} has decimals, but this currency has no minor unit"),
            _ => format!("{text:?} has more than {scale} decimal places"),
        });
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > MAX_INTEGER_DIGITS {
        return Err(format!(
            "{text:?} is too large (at most {MAX_INTEGER_DIGITS} digits before the point)"
        ));
    }
    let mut value: i64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        value = value * 10 + i64::from(b - b'0');
    }
    for _ in fraction.len()..scale as usize {
        value *= 10;
    }
    Ok(value)
}

/// Format units of 10^-scale with exactly `scale` fraction digits ("125000.00").
pub fn format_fixed(value: i64, scale: u32) -> String {
    let divisor = 10i64.pow(scale);
    let (whole, fraction) = (value / divisor, value % divisor);
    if scale == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{fraction:0width$}", width = scale as usize)
    }
}

/// Format units of 10^-scale without trailing zeros ("60", "33.33", "12.5").
pub fn format_trimmed(value: i64, scale: u32) -> String {
    let fixed = format_fixed(value, scale);
    if fixed.contains('.') {
        fixed.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        fixed
    }
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
    }
}
