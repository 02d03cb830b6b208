//! Transactions of a project, shaped as IATI's: commitments made and received,
//! disbursements, expenditures and incoming funds, each dated, valued in a currency, from
//! a provider to a receiver organisation. Like its results and activities, a project's
//! transactions are one sub-resource (`/projects/{id}/transactions`) with versions of
//! their own: read by whoever may read the project, written by whoever may write it, every
//! version a change record of kind `project_transactions` (history and change feed) whose
//! audience is the project's. They are not reviewed: what happened counts once saved.
//!
//! Transaction types travel by name, like every vocabulary of the API; each name is one
//! IATI TransactionType code (`TransactionType::iati_code`), which the IATI export writes
//! and the rows for figures keep.

mod operations;
mod rules;

pub use operations::parties;
pub use rules::check_within;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::closed_vocabulary::vocabulary;
use crate::domain::documents::LocalisedText;

/// The most transactions of one project.
pub const MAX_TRANSACTIONS: usize = 500;
/// The longest description, per language.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The longest name of an outside organisation.
pub const MAX_NAME_CHARS: usize = 300;
/// The longest IATI organisation identifier of an outside organisation.
pub const MAX_IDENTIFIER_CHARS: usize = 100;

vocabulary! {
    /// What a transaction is: one of IATI's TransactionType codes (2, 3, 4, 11, 12).
    TransactionType {
        /// IATI 2: a firm commitment of the reporting side to fund.
        OutgoingCommitment = "outgoing_commitment", "Outgoing commitment", "Compromiso de aporte";
        /// IATI 3: money paid out to a receiver.
        Disbursement = "disbursement", "Disbursement", "Desembolso";
        /// IATI 4: money spent on goods and services of the project.
        Expenditure = "expenditure", "Expenditure", "Gasto";
        /// IATI 11: a firm commitment received from a funder.
        IncomingCommitment = "incoming_commitment", "Incoming commitment", "Compromiso recibido";
        /// IATI 12: money received from a funder.
        IncomingFunds = "incoming_funds", "Incoming funds", "Fondos recibidos";
    }
}

impl TransactionType {
    /// Its IATI TransactionType code.
    pub fn iati_code(self) -> u8 {
        match self {
            TransactionType::OutgoingCommitment => 2,
            TransactionType::Disbursement => 3,
            TransactionType::Expenditure => 4,
            TransactionType::IncomingCommitment => 11,
            TransactionType::IncomingFunds => 12,
        }
    }

    /// The type of an IATI TransactionType code, if the API keeps it.
    pub fn of_iati_code(code: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.iati_code().to_string() == code)
    }

    /// A commitment (2 or 11) rather than a flow of money.
    pub fn is_commitment(self) -> bool {
        matches!(
            self,
            TransactionType::OutgoingCommitment | TransactionType::IncomingCommitment
        )
    }
}

/// A project's transactions, as written: the whole set replaces the previous one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"transactions": transaction_examples()}))]
pub struct TransactionsInput {
    /// At most 500 transactions, in the order they are reported.
    #[validate(length(max = 500), nested)]
    #[schema(max_items = 500)]
    pub transactions: Vec<Transaction>,
}

/// One transaction of a project (IATI's `transaction`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!(transaction_examples()[1]))]
pub struct Transaction {
    /// `outgoing_commitment` (IATI 2), `disbursement` (3), `expenditure` (4),
    /// `incoming_commitment` (11) or `incoming_funds` (12).
    pub transaction_type: TransactionType,
    /// When it happened: not after today (UTC). A transaction is what happened; what is
    /// foreseen is the project's budget and its contributions.
    #[schema(example = "2025-06-30")]
    pub date: NaiveDate,
    /// Above zero: a decimal string with at most the currency's minor-unit digits, saved
    /// with exactly those digits (`"25000.5"` in USD is saved as `"25000.50"`).
    #[schema(
        max_length = 18,
        pattern = r"^[0-9]{1,13}(\.[0-9]{1,4})?$",
        example = "25000.00"
    )]
    #[validate(length(max = 18))]
    pub value: String,
    /// ISO 4217 code, active in the currency codelist.
    #[schema(min_length = 3, max_length = 3, example = "USD")]
    #[validate(length(max = 3))]
    pub currency: String,
    /// Who the money comes from; null when not stated.
    #[serde(default)]
    pub provider: Option<TransactionParty>,
    /// Who the money goes to; null when not stated.
    #[serde(default)]
    pub receiver: Option<TransactionParty>,
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub description: Option<LocalisedText>,
}

/// The organisation providing or receiving a transaction: one of the project's
/// participants or contributors (`organisation_id`), or an organisation the service does
/// not hold (`name`, with its IATI identifier when it has one). Exactly one of
/// `organisation_id` and `name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"organisation_id": "0193a6a0-0001-7000-8000-000000000005", "name": null, "iati_identifier": null}))]
pub struct TransactionParty {
    /// A participant or contributor of the project (which then stays one).
    #[serde(default)]
    pub organisation_id: Option<Uuid>,
    /// The name of an organisation outside the service (1 to 300 characters).
    #[serde(default)]
    #[schema(
        min_length = 1,
        max_length = 300,
        example = "Banco Interamericano de Desarrollo"
    )]
    pub name: Option<String>,
    /// The IATI organisation identifier of that outside organisation (only with `name`).
    #[serde(default)]
    #[schema(min_length = 1, max_length = 100, example = "XM-DAC-46012")]
    pub iati_identifier: Option<String>,
}

impl TransactionParty {
    /// An organisation of the project.
    pub fn organisation(id: Uuid) -> Self {
        TransactionParty {
            organisation_id: Some(id),
            name: None,
            iati_identifier: None,
        }
    }
}

fn optional_text_schema() -> utoipa::openapi::Object {
    crate::validation::code_arrays::optional_localised_text(
        MAX_TEXT_CHARS,
        serde_json::json!({"es": "Primer desembolso del FO.AR"}),
    )
}

fn transaction_examples() -> serde_json::Value {
    serde_json::json!([
        {
            "transaction_type": "outgoing_commitment",
            "date": "2025-03-01",
            "value": "60000.00",
            "currency": "USD",
            "provider": {"organisation_id": "0193a6a0-0001-7000-8000-000000000005", "name": null, "iati_identifier": null},
            "receiver": {"organisation_id": "0193a6a0-0001-7000-8000-00000000000a", "name": null, "iati_identifier": null},
            "description": {"es": "Compromiso del FO.AR para la cadena láctea"}
        },
        {
            "transaction_type": "disbursement",
            "date": "2025-06-30",
            "value": "25000.00",
            "currency": "USD",
            "provider": {"organisation_id": "0193a6a0-0001-7000-8000-000000000005", "name": null, "iati_identifier": null},
            "receiver": {"organisation_id": "0193a6a0-0001-7000-8000-00000000000a", "name": null, "iati_identifier": null},
            "description": {"es": "Primer desembolso del FO.AR"}
        }
    ])
}

/// A project's transactions as read: the transactions, their version (0 before any were
/// saved) and who saved them last.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "project_id": "0193a6a0-0002-7000-8000-000000000001",
    "version": 2,
    "updated_at": "2026-03-01T12:00:00Z",
    "updated_by": "joao.silva",
    "transactions": transaction_examples()
}))]
pub struct ProjectTransactions {
    pub project_id: Uuid,
    /// The transactions' own version (their `ETag`), independent of the project's; 0
    /// while none have been saved.
    pub version: i64,
    /// When they were last saved; null at version 0.
    #[schema(required = true)]
    pub updated_at: Option<DateTime<Utc>>,
    /// `sub` of who saved them last; null at version 0.
    #[schema(required = true)]
    pub updated_by: Option<String>,
    pub transactions: Vec<Transaction>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_is_one_iati_code_and_back() {
        let codes: Vec<u8> = TransactionType::ALL.iter().map(|t| t.iati_code()).collect();
        assert_eq!(codes, [2, 3, 4, 11, 12]);
        for kind in TransactionType::ALL {
            assert_eq!(
                TransactionType::of_iati_code(&kind.iati_code().to_string()),
                Some(*kind)
            );
        }
        for other in ["1", "5", "13", "03", ""] {
            assert_eq!(TransactionType::of_iati_code(other), None, "{other}");
        }
        let commitments: Vec<&str> = TransactionType::ALL
            .iter()
            .filter(|t| t.is_commitment())
            .map(|t| t.as_str())
            .collect();
        assert_eq!(commitments, ["outgoing_commitment", "incoming_commitment"]);
    }
}
