//! The sections of MAPPING.md about money: the budget, the commitments that become
//! contributions and the transactions that become the project's transactions.

use chrono::NaiveDate;

use crate::domain::decimal::parse_signed;
use crate::domain::documents::LocalisedText;
use crate::domain::money::{Money, currency_scale, format_minor};
use crate::domain::transactions::TransactionType;
use crate::iati::import::map::texts::texts;
use crate::iati::import::organisations::OrganisationRef;
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;

/// A commitment: who pledged how much.
pub struct Commitment {
    pub provider: OrganisationRef,
    pub amount: String,
    pub currency: String,
}

/// The activity's default currency, upper-cased.
pub fn default_currency(activity: &Node) -> Option<String> {
    activity
        .attribute("default-currency")
        .map(str::to_uppercase)
}

/// A `value` in minor units of its currency (its own, else the activity's default).
/// More decimals than the currency has (`21189.0975000000` in USD) are rounded half
/// away from zero, with a note; what is not an amount is left out with a note.
fn value_of(
    value: &Node,
    path: &str,
    default: Option<&str>,
    notes: &mut Notes,
) -> Option<(String, i128)> {
    let Some(currency) = value
        .attribute("currency")
        .map(str::to_uppercase)
        .or_else(|| default.map(str::to_owned))
    else {
        notes.add(
            path,
            "no currency (on the value or as the activity's default): left out",
        );
        return None;
    };
    let text = value.trimmed_text();
    let scale = match currency_scale(&currency) {
        Ok(scale) => scale,
        Err(message) => {
            notes.add(path, format!("{message}: left out"));
            return None;
        }
    };
    // Trailing zeros beyond the currency's decimals change nothing.
    let exact = match text.split_once('.') {
        Some((units, decimals)) if decimals.len() > scale as usize => {
            let (kept, rest) = decimals.split_at(scale as usize);
            if rest.bytes().all(|b| b == b'0') {
                format!("{units}.{kept}")
            } else {
                text.to_owned()
            }
        }
        _ => text.to_owned(),
    };
    if let Ok(minor) = parse_signed(exact.trim_end_matches('.'), scale) {
        return Some((currency, minor));
    }
    // More decimals than the currency has: rounded to its minor units.
    let rounded = text
        .split_once('.')
        .filter(|(_, decimals)| decimals.len() > scale as usize && decimals.len() <= 30)
        .and_then(|(units, decimals)| {
            let exact = parse_signed(&format!("{units}.{decimals}"), decimals.len() as u32).ok()?;
            let factor = 10i128.checked_pow(decimals.len() as u32 - scale)?;
            let half = factor / 2;
            Some(if exact < 0 {
                (exact - half) / factor
            } else {
                (exact + half) / factor
            })
        });
    match rounded {
        Some(minor) => {
            notes.add(
                path,
                format!(
                    "{text:?} has more decimals than {currency}: rounded to {}",
                    format_minor(minor, &currency)
                ),
            );
            Some((currency, minor))
        }
        None => {
            notes.add(
                path,
                format!("{text:?} is not an amount in {currency}: left out"),
            );
            None
        }
    }
}

/// The `value` of the transaction at `path`, as `value_of` reads it, when it is above
/// zero; zero or less is left out with a note.
fn positive_value_of(
    value: &Node,
    path: &str,
    default: Option<&str>,
    notes: &mut Notes,
) -> Option<(String, i128)> {
    let path = format!("{path}/value");
    let (currency, minor) = value_of(value, &path, default, notes)?;
    if minor <= 0 {
        notes.add(path, "not above zero: left out");
        return None;
    }
    Some((currency, minor))
}

/// "Budget": the budgets' values summed, in the first currency given.
pub fn budget(activity: &Node, notes: &mut Notes) -> Option<Money> {
    let default = default_currency(activity);
    let mut budget: Option<(String, i128)> = None;
    for (n, node) in activity.all("budget") {
        let path = format!("budget[{n}]/value");
        let Some(value) = node.first("value") else {
            continue;
        };
        let Some((currency, minor)) = value_of(value, &path, default.as_deref(), notes) else {
            continue;
        };
        match &mut budget {
            None => budget = Some((currency, minor)),
            Some((first, total)) if *first == currency => *total += minor,
            Some((first, _)) => notes.add(
                &path,
                format!("in {currency}, not {first} like the first budget: left out"),
            ),
        }
    }
    match budget {
        Some((_, total)) if total < 0 => {
            notes.add("budget", "the budgets sum to less than zero: left out");
            None
        }
        Some((currency, total)) => Some(Money {
            amount: format_minor(total, &currency),
            currency,
        }),
        None => None,
    }
}

/// Whether a `transaction` is one of the project's transactions part as the service
/// exported it (`ssc:recorded="true"`): a commitment so marked is not a contribution.
fn is_recorded(transaction: &Node) -> bool {
    transaction.attribute(crate::iati::export::RECORDED) == Some("true")
}

/// "Transactions": commitments (types 2 and 11) not marked `ssc:recorded` are
/// contributions of their `provider-org`; other types carry none.
pub fn commitments(activity: &Node, language: &str, notes: &mut Notes) -> Vec<Commitment> {
    let default = default_currency(activity);
    let mut commitments = Vec::new();
    for (n, transaction) in activity.all("transaction") {
        let path = format!("transaction[{n}]");
        let kind = transaction
            .first("transaction-type")
            .and_then(|t| t.attribute("code"));
        if !matches!(kind, Some("2" | "11")) || is_recorded(transaction) {
            continue;
        }
        let (Some(value), Some(provider)) = (
            transaction.first("value"),
            transaction.first("provider-org"),
        ) else {
            notes.add(
                &path,
                "a commitment without value or provider-org: left out",
            );
            continue;
        };
        let Some((currency, minor)) = positive_value_of(value, &path, default.as_deref(), notes)
        else {
            continue;
        };
        commitments.push(Commitment {
            provider: OrganisationRef::of(provider, format!("{path}/provider-org"), language),
            amount: format_minor(minor, &currency),
            currency,
        });
    }
    commitments
}

/// A transaction of the project's transactions part, its organisations as the file names
/// them (found among the project's organisations when it is written).
pub struct RecordedTransaction {
    pub transaction_type: TransactionType,
    pub date: NaiveDate,
    pub value: String,
    pub currency: String,
    pub provider: Option<OrganisationRef>,
    pub receiver: Option<OrganisationRef>,
    pub description: Option<LocalisedText>,
}

/// "Transactions": disbursements (3), expenditures (4) and incoming funds (12), and the
/// commitments (2, 11) marked `ssc:recorded`, are the project's transactions; other types
/// are left out with a note. One without a type, date or value above zero is left out
/// with a note.
pub fn recorded(activity: &Node, language: &str, notes: &mut Notes) -> Vec<RecordedTransaction> {
    let default = default_currency(activity);
    let mut recorded = Vec::new();
    for (n, transaction) in activity.all("transaction") {
        let path = format!("transaction[{n}]");
        let code = transaction
            .first("transaction-type")
            .and_then(|t| t.attribute("code"));
        let kind = code.and_then(TransactionType::of_iati_code);
        let transaction_type = match kind {
            Some(kind) if kind.is_commitment() && !is_recorded(transaction) => continue,
            Some(kind) => kind,
            None => {
                notes.add(
                    format!("{path}/transaction-type"),
                    match code {
                        Some(code) => format!(
                            "type {code:?} is not one the service keeps (2, 3, 4, 11, 12): left out"
                        ),
                        None => "no type: left out".to_owned(),
                    },
                );
                continue;
            }
        };
        let Some(date) = transaction
            .first("transaction-date")
            .and_then(|d| d.attribute("iso-date"))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            notes.add(
                format!("{path}/transaction-date"),
                "no date in YYYY-MM-DD: left out",
            );
            continue;
        };
        let Some(value) = transaction.first("value") else {
            notes.add(format!("{path}/value"), "no value: left out");
            continue;
        };
        let Some((currency, minor)) = positive_value_of(value, &path, default.as_deref(), notes)
        else {
            continue;
        };
        let party = |name: &str| {
            transaction
                .first(name)
                .map(|node| OrganisationRef::of(node, format!("{path}/{name}"), language))
        };
        let description = transaction
            .first("description")
            .map(|d| texts(d, language))
            .filter(|d| !d.is_empty());
        recorded.push(RecordedTransaction {
            transaction_type,
            date,
            value: format_minor(minor, &currency),
            currency,
            provider: party("provider-org"),
            receiver: party("receiver-org"),
            description,
        });
    }
    recorded
}
