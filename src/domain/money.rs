//! Money and in-kind contributions, shared by projects (contributions) and triangular
//! arrangements (cost sharing): exact decimal strings in a currency's minor units.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::codelists;
use crate::domain::decimal::{format_fixed, parse_scaled};
use crate::error::ApiError;
use crate::l10n::Message;
use crate::msg;
use crate::store::record_table::ContributionRow;
use crate::validation::Violations;

/// An amount of money: a decimal string with at most the currency's minor-unit digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": "125000.00", "currency": "USD"}))]
pub struct Money {
    #[schema(
        max_length = 18,
        pattern = r"^[0-9]{1,13}(\.[0-9]{1,4})?$",
        example = "125000.00"
    )]
    pub amount: String,
    /// ISO 4217 code.
    #[schema(min_length = 3, max_length = 3, example = "USD")]
    pub currency: String,
}

/// What one participant puts in: money (amount and currency together) and/or expert days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"organisation_id": "0193a6a0-0001-7000-8000-000000000005", "amount": "80000.00", "currency": "USD", "expert_days": 120}))]
pub struct Contribution {
    /// A participant of the project.
    pub organisation_id: Uuid,
    #[serde(default)]
    #[schema(max_length = 18, pattern = r"^[0-9]{1,13}(\.[0-9]{1,4})?$")]
    pub amount: Option<String>,
    #[serde(default)]
    #[schema(min_length = 3, max_length = 3)]
    pub currency: Option<String>,
    /// In-kind contribution: days of expert work.
    #[serde(default)]
    #[validate(range(max = 1_000_000))]
    #[schema(maximum = 1_000_000)]
    pub expert_days: Option<u32>,
}

/// Contributions as stored (money in minor units). The contributions were checked, so an
/// amount that does not parse is a bug.
pub fn contribution_rows(contributions: &[Contribution]) -> Result<Vec<ContributionRow>, ApiError> {
    contributions
        .iter()
        .map(|c| {
            let amount_minor = match (&c.amount, &c.currency) {
                (Some(amount), Some(currency)) => {
                    Some(parse_amount(amount, currency).map_err(ApiError::internal)?)
                }
                _ => None,
            };
            Ok(ContributionRow {
                organisation: c.organisation_id,
                amount_minor,
                currency: c.currency.clone(),
                expert_days: c.expert_days.map(|d| d as i32),
            })
        })
        .collect()
}

/// Minor-unit digits of an active currency, or why it cannot be used.
pub fn currency_scale(code: &str) -> Result<u32, crate::l10n::Message> {
    codelists::currencies()
        .active(code, "currency")
        .map(|c| u32::from(c.minor_unit.unwrap_or(2)))
}

/// Parse an amount in `currency` into minor units.
pub fn parse_amount(amount: &str, currency: &str) -> Result<i64, Message> {
    let scale = currency_scale(currency)?;
    parse_scaled(amount, scale).map_err(|e| msg!("amount-invalid", problem = e))
}

/// Check an amount in a currency (reporting at `{at}/currency` or `{at}/amount`); the
/// canonical amount when both are valid.
pub fn checked_amount(
    v: &mut Violations,
    at: &str,
    amount: &str,
    currency: &str,
) -> Option<String> {
    match currency_scale(currency) {
        Err(message) => {
            v.add(format!("{at}/currency"), message);
            None
        }
        Ok(scale) => match parse_scaled(amount, scale) {
            Ok(minor) => Some(format_fixed(minor, scale)),
            Err(message) => {
                v.add(
                    format!("{at}/amount"),
                    msg!("amount-invalid", problem = message),
                );
                None
            }
        },
    }
}

/// Check contributions (`at` is the list's pointer): each organisation among `parties`
/// (`outsider` says an organisation is not one), one entry per organisation and
/// currency, money complete and exact, something given. Normalises the amounts it accepts.
pub fn check_contributions(
    v: &mut Violations,
    at: &str,
    contributions: &mut [Contribution],
    parties: &HashSet<Uuid>,
    outsider: fn(Uuid) -> Message,
) {
    let mut seen = HashSet::new();
    for (i, c) in contributions.iter_mut().enumerate() {
        let at = format!("{at}/{i}");
        if !parties.contains(&c.organisation_id) {
            v.add(format!("{at}/organisation_id"), outsider(c.organisation_id));
        }
        if !seen.insert((c.organisation_id, c.currency.clone())) {
            v.add(
                &at,
                msg!(
                    "contribution-currency-twice",
                    organisation = c.organisation_id.to_string()
                ),
            );
        }
        match (&c.amount, &c.currency) {
            (Some(amount), Some(currency)) => {
                if let Some(amount) = checked_amount(v, &at, amount, currency) {
                    c.amount = Some(amount);
                }
            }
            (Some(_), None) => v.add(
                format!("{at}/currency"),
                msg!("contribution-amount-without-currency"),
            ),
            (None, Some(_)) => v.add(
                format!("{at}/amount"),
                msg!("contribution-currency-without-amount"),
            ),
            (None, None) if c.expert_days.is_none() => v.add(&at, msg!("contribution-empty")),
            (None, None) => {}
        }
    }
}

/// A total in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"currency": "USD", "amount": "125000.00"}))]
pub struct CurrencyTotal {
    pub currency: String,
    pub amount: String,
}

/// Totals of `(currency, minor units)` pairs, one per currency (never summed across
/// currencies), ordered by currency code.
pub fn totals(amounts: impl IntoIterator<Item = (String, i128)>) -> Vec<CurrencyTotal> {
    let mut by_currency: std::collections::BTreeMap<String, i128> = Default::default();
    for (currency, minor) in amounts {
        *by_currency.entry(currency).or_default() += minor;
    }
    by_currency
        .into_iter()
        .map(|(currency, minor)| CurrencyTotal {
            amount: format_minor(minor, &currency),
            currency,
        })
        .collect()
}

/// Minor units (possibly beyond i64, for sums) as a decimal string in the currency.
pub fn format_minor(minor: i128, currency: &str) -> String {
    let scale = currency_scale_any(currency);
    let divisor = 10i128.pow(scale);
    if scale == 0 {
        return minor.to_string();
    }
    // The sign goes in front of the whole amount: -150 cents is "-1.50", -50 is "-0.50"
    // (dividing the signed value would give "-1.-50" and "0.-50").
    let sign = if minor < 0 { "-" } else { "" };
    let magnitude = minor.unsigned_abs();
    let divisor = divisor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        magnitude / divisor,
        magnitude % divisor,
        width = scale as usize
    )
}

/// Minor-unit digits of any known currency, withdrawn ones included (old data).
fn currency_scale_any(code: &str) -> u32 {
    codelists::currencies()
        .get(code)
        .and_then(|c| c.minor_unit)
        .map_or(2, u32::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_amounts_keep_their_sign_in_front() {
        assert_eq!(format_minor(-150, "USD"), "-1.50");
        assert_eq!(format_minor(-5, "USD"), "-0.05");
        assert_eq!(format_minor(-1500, "JPY"), "-1500");
        assert_eq!(format_minor(-1, "KWD"), "-0.001");
        assert_eq!(format_minor(0, "USD"), "0.00");
        assert_eq!(format_minor(123_456, "EUR"), "1234.56");
    }

    #[test]
    fn amounts_follow_the_currency_minor_unit() {
        assert_eq!(parse_amount("1500", "JPY"), Ok(1500));
        assert!(parse_amount("1500.5", "JPY").is_err());
        assert_eq!(parse_amount("10.5", "USD"), Ok(1050));
        assert_eq!(parse_amount("1.234", "BHD"), Ok(1234));
        assert!(parse_amount("1", "XXY").is_err());
    }

    #[test]
    fn totals_stay_per_currency() {
        let sums = totals([("USD".into(), 150), ("JPY".into(), 3), ("USD".into(), 50)]);
        assert_eq!(
            sums,
            vec![
                CurrencyTotal {
                    currency: "JPY".into(),
                    amount: "3".into()
                },
                CurrencyTotal {
                    currency: "USD".into(),
                    amount: "2.00".into()
                },
            ]
        );
        assert_eq!(
            format_minor(12_345_678_901_234_567_890, "USD"),
            "123456789012345678.90"
        );
    }
}
