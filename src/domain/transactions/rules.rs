//! The rules of a project's transactions: dates not after today, values above zero in an
//! active currency, and who provides and receives them.

use std::collections::HashSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::domain::decimal::parse_scaled;
use crate::domain::documents::check_localised;
use crate::domain::money::{currency_scale, format_minor};
use crate::msg;
use crate::validation::Violations;

/// Every rule of transactions in `language` on `today`, whose organisations of the service
/// are among `parties` (the project's participants and contributors), each violation at
/// its pointer; trims what passes.
pub fn check_within(
    input: &mut TransactionsInput,
    language: &str,
    today: NaiveDate,
    parties: &HashSet<Uuid>,
) -> Violations {
    let mut v = Violations::of(input);
    for (t, transaction) in input.transactions.iter_mut().enumerate() {
        let at = format!("/transactions/{t}");
        check_transaction(&mut v, &at, transaction, language, today, parties);
    }
    v
}

fn check_transaction(
    v: &mut Violations,
    at: &str,
    transaction: &mut Transaction,
    language: &str,
    today: NaiveDate,
    parties: &HashSet<Uuid>,
) {
    let date_at = format!("{at}/date");
    v.dates(&[(date_at.as_str(), Some(transaction.date))]);
    if transaction.date > today {
        v.add(
            date_at,
            msg!("transaction-in-future", today = today.to_string()),
        );
    }
    match currency_scale(&transaction.currency) {
        Err(message) => v.add(format!("{at}/currency"), message),
        Ok(scale) => match parse_scaled(&transaction.value, scale) {
            Err(message) => v.add(format!("{at}/value"), message),
            Ok(0) => v.add(format!("{at}/value"), msg!("value-above-zero")),
            // Written with the currency's digits, as the IATI import reads it back.
            Ok(minor) => transaction.value = format_minor(i128::from(minor), &transaction.currency),
        },
    }
    for (field, party) in [
        ("provider", transaction.provider.as_mut()),
        ("receiver", transaction.receiver.as_mut()),
    ] {
        if let Some(party) = party {
            check_party(v, &format!("{at}/{field}"), party, parties);
        }
    }
    if let Some(description) = transaction.description.as_mut() {
        check_localised(
            v,
            &format!("{at}/description"),
            description,
            language,
            MAX_TEXT_CHARS,
        );
    }
}

/// One organisation of the project, or a named outside one; trims the name and identifier.
fn check_party(
    v: &mut Violations,
    at: &str,
    party: &mut TransactionParty,
    parties: &HashSet<Uuid>,
) {
    for text in [party.name.as_mut(), party.iati_identifier.as_mut()]
        .into_iter()
        .flatten()
    {
        *text = text.trim().to_owned();
    }
    match (party.organisation_id, &party.name) {
        (Some(id), None) => {
            if !parties.contains(&id) {
                v.add(
                    format!("{at}/organisation_id"),
                    msg!(
                        "transaction-party-outside-project",
                        organisation = id.to_string()
                    ),
                );
            }
            if party.iati_identifier.is_some() {
                v.add(
                    format!("{at}/iati_identifier"),
                    msg!("transaction-party-identifier-outside-only"),
                );
            }
        }
        (Some(_), Some(_)) => v.add(format!("{at}/name"), msg!("transaction-party-id-or-name")),
        (None, None) => v.add(at, msg!("transaction-party-none")),
        (None, Some(name)) => {
            let chars = name.chars().count();
            if chars == 0 || chars > MAX_NAME_CHARS {
                v.add(
                    format!("{at}/name"),
                    msg!("text-length", min = 1, max = MAX_NAME_CHARS),
                );
            }
            if let Some(identifier) = &party.iati_identifier {
                let chars = identifier.chars().count();
                if chars == 0
                    || chars > MAX_IDENTIFIER_CHARS
                    || identifier.chars().any(char::is_whitespace)
                {
                    v.add(
                        format!("{at}/iati_identifier"),
                        msg!("identifier-length", min = 1, max = MAX_IDENTIFIER_CHARS),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_violation_at_its_pointer() {
        let mut input: TransactionsInput = serde_json::from_value(serde_json::json!({
            "transactions": [{
                "transaction_type": "disbursement", "date": "2025-05-02", "value": "0",
                "currency": "ZZZ",
                "provider": {"organisation_id": Uuid::nil()},
                "receiver": {"organisation_id": Uuid::nil(), "name": "Otro"}
            }, {
                "transaction_type": "expenditure", "date": "2026-01-02", "value": "0",
                "currency": "USD", "provider": {}, "receiver": {"name": " ", "iati_identifier": "A B"}
            }]
        }))
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let errors = check_within(&mut input, "es", today, &HashSet::new()).into_errors();
        let mut pointers: Vec<&str> = errors.iter().filter_map(|e| e.pointer.as_deref()).collect();
        pointers.sort();
        assert_eq!(
            pointers,
            [
                "/transactions/0/currency",
                "/transactions/0/provider/organisation_id",
                "/transactions/0/receiver/name",
                "/transactions/1/date",
                "/transactions/1/provider",
                "/transactions/1/receiver/iati_identifier",
                "/transactions/1/receiver/name",
                "/transactions/1/value",
            ]
        );
    }
}
