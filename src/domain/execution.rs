//! A project's execution figures (`GET /projects/{id}/execution`): its budget and what
//! each organisation pledged, committed and executed, per currency; expert days pledged,
//! planned and executed; activities by status. Computed when asked from the project as
//! the caller reads it and from its activities and transactions, never stored: the
//! project's representation would go stale whenever a part changes (see
//! ARCHITECTURE.md, the last paragraph).
//!
//! What each figure counts, so that no money is counted twice:
//! - `pledged`: the project's contributions (the plan);
//! - `planned_costs`, `executed_costs`: its activities' costs by paying organisation
//!   (`executed_costs` only of done activities: only those have executed costs);
//! - `committed`: commitment transactions (2, 11) by provider;
//! - `disbursed`, `received`: disbursements (3) and incoming funds (12) by provider:
//!   transfers between the parties, not spending;
//! - `expended`: expenditures (4) by provider;
//! - `executed` = `executed_costs` + `expended`: what was spent. A project records a
//!   spending once, as an activity's cost or as an expenditure.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::activities::{ActivityStatus, CostStage, ProjectActivities};
use crate::domain::money::{format_minor, parse_amount};
use crate::domain::project_parts;
use crate::domain::projects::Project;
use crate::domain::record::{self, RecordStorage};
use crate::domain::transactions::{ProjectTransactions, TransactionType};
use crate::error::ApiError;

/// A project's execution figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "project_id": "0193a6a0-0002-7000-8000-000000000001",
    "currencies": [{"currency": "USD", "budget": "125000.00", "pledged": "125000.00",
        "planned_costs": "0.00", "executed_costs": "0.00", "committed": "80000.00",
        "disbursed": "55000.00", "received": "0.00", "expended": "18500.00", "executed": "18500.00"}],
    "organisations": [{"organisation_id": "0193a6a0-0001-7000-8000-000000000005", "name": null,
        "currency": "USD", "pledged": "80000.00", "planned_costs": "0.00", "executed_costs": "0.00",
        "committed": "80000.00", "disbursed": "55000.00", "received": "0.00", "expended": "0.00",
        "executed": "0.00"}],
    "expert_days": {"pledged": 120, "planned": 0, "executed": 0},
    "activities": {"total": 0, "planned": 0, "done": 0, "postponed": 0, "cancelled": 0},
    "activities_version": 0,
    "transactions_version": 4
}))]
pub struct Execution {
    pub project_id: Uuid,
    /// Per currency, by code: the budget (in its currency) and the sums below.
    pub currencies: Vec<CurrencyFigures>,
    /// Per organisation and currency (burden sharing): who pays what, ordered by
    /// organisation then currency. An outside provider of transactions by `name`, with
    /// `organisation_id` null; both null for transactions that name no provider.
    pub organisations: Vec<OrganisationFigures>,
    pub expert_days: ExpertDays,
    pub activities: ActivityCounts,
    /// The versions of the activities and transactions counted (their `ETag`s).
    pub activities_version: i64,
    pub transactions_version: i64,
}

/// Money of one currency: decimal strings with the currency's digits.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Sums {
    /// The contributions pledged.
    pub pledged: String,
    /// Costs of activities, planned.
    pub planned_costs: String,
    /// Costs of done activities, executed.
    pub executed_costs: String,
    /// Commitment transactions (outgoing 2, incoming 11).
    pub committed: String,
    /// Disbursements (3): transfers, not spending.
    pub disbursed: String,
    /// Incoming funds (12): transfers, not spending.
    pub received: String,
    /// Expenditures (4).
    pub expended: String,
    /// `executed_costs` + `expended`: what was spent.
    pub executed: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CurrencyFigures {
    /// ISO 4217 code.
    pub currency: String,
    /// The project's budget when it is in this currency, else null.
    #[schema(required = true)]
    pub budget: Option<String>,
    #[serde(flatten)]
    pub sums: Sums,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationFigures {
    /// An organisation of the service; null for an outside provider.
    #[schema(required = true)]
    pub organisation_id: Option<Uuid>,
    /// The outside provider's name; null for an organisation of the service.
    #[schema(required = true)]
    pub name: Option<String>,
    pub currency: String,
    #[serde(flatten)]
    pub sums: Sums,
}

/// Days of expert work.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ExpertDays {
    /// Pledged in the contributions.
    pub pledged: u64,
    /// Of activities not cancelled.
    pub planned: u64,
    /// Of done activities.
    pub executed: u64,
}

/// The project's activities by status.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ActivityCounts {
    pub total: u32,
    pub planned: u32,
    pub done: u32,
    pub postponed: u32,
    pub cancelled: u32,
}

/// Sums in minor units, by what they count (also what execution statistics sum).
#[derive(Default, Clone, Copy)]
pub(crate) struct Minor {
    pub(crate) pledged: i128,
    pub(crate) planned_costs: i128,
    pub(crate) executed_costs: i128,
    pub(crate) committed: i128,
    pub(crate) disbursed: i128,
    pub(crate) received: i128,
    pub(crate) expended: i128,
}

impl Minor {
    pub(crate) fn render(&self, currency: &str) -> Sums {
        let f = |minor: i128| format_minor(minor, currency);
        Sums {
            pledged: f(self.pledged),
            planned_costs: f(self.planned_costs),
            executed_costs: f(self.executed_costs),
            committed: f(self.committed),
            disbursed: f(self.disbursed),
            received: f(self.received),
            expended: f(self.expended),
            executed: f(self.executed_costs + self.expended),
        }
    }
}

/// Who an amount is of: an organisation of the service, or an outside one by name.
type Payer = (Option<Uuid>, Option<String>);

#[derive(Default)]
struct Totals {
    currencies: BTreeMap<String, Minor>,
    organisations: BTreeMap<(Payer, String), Minor>,
}

impl Totals {
    fn add(
        &mut self,
        payer: Payer,
        currency: &str,
        amount: &str,
        field: fn(&mut Minor) -> &mut i128,
    ) {
        // Saved amounts were checked: one that does not parse counts nothing.
        let Ok(minor) = parse_amount(amount, currency) else {
            return;
        };
        *field(self.currencies.entry(currency.to_owned()).or_default()) += i128::from(minor);
        *field(
            self.organisations
                .entry((payer, currency.to_owned()))
                .or_default(),
        ) += i128::from(minor);
    }
}

/// The execution figures of the project the caller may read (404 otherwise), from the
/// version it reads and the project's activities and transactions.
pub fn figures(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<Execution, ApiError> {
    let Some(stored) = Project::find(conn, caller, project_id)? else {
        record::read::<Project>(conn, caller, project_id)?;
        return Err(record::incomplete_draft::<Project>(project_id, "execution"));
    };
    let project: Project =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let activities = project_parts::saved::<ProjectActivities>(conn, project_id)?;
    let transactions = project_parts::saved::<ProjectTransactions>(conn, project_id)?;
    Ok(compute(
        project_id,
        &project,
        activities.as_ref(),
        transactions.as_ref(),
    ))
}

/// The execution figures of `project` (as the caller reads it) with its activities and
/// transactions: what `figures` answers, and what the reports count.
pub fn compute(
    project_id: Uuid,
    project: &Project,
    activities: Option<&ProjectActivities>,
    transactions: Option<&ProjectTransactions>,
) -> Execution {
    let mut totals = Totals::default();
    let mut expert_days = ExpertDays::default();
    for contribution in &project.contributions {
        let payer = (Some(contribution.organisation_id), None);
        if let (Some(amount), Some(currency)) = (&contribution.amount, &contribution.currency) {
            totals.add(payer, currency, amount, |m| &mut m.pledged);
        }
        expert_days.pledged += u64::from(contribution.expert_days.unwrap_or(0));
    }
    let mut counts = ActivityCounts::default();
    for activity in activities.iter().flat_map(|a| &a.activities) {
        counts.total += 1;
        match activity.status {
            ActivityStatus::Planned => counts.planned += 1,
            ActivityStatus::Done => counts.done += 1,
            ActivityStatus::Postponed => counts.postponed += 1,
            ActivityStatus::Cancelled => counts.cancelled += 1,
        }
        let days = u64::from(activity.expert_days.unwrap_or(0));
        if activity.status != ActivityStatus::Cancelled {
            expert_days.planned += days;
        }
        if activity.status == ActivityStatus::Done {
            expert_days.executed += days;
        }
        for cost in &activity.costs {
            let payer = (Some(cost.paying_organisation_id), None);
            let field: fn(&mut Minor) -> &mut i128 = match cost.stage {
                CostStage::Planned => |m| &mut m.planned_costs,
                CostStage::Executed => |m| &mut m.executed_costs,
            };
            totals.add(payer, &cost.currency, &cost.amount, field);
        }
    }
    for transaction in transactions.iter().flat_map(|t| &t.transactions) {
        let payer = match &transaction.provider {
            Some(party) => (party.organisation_id, party.name.clone()),
            None => (None, None),
        };
        let field: fn(&mut Minor) -> &mut i128 = match transaction.transaction_type {
            TransactionType::OutgoingCommitment | TransactionType::IncomingCommitment => {
                |m| &mut m.committed
            }
            TransactionType::Disbursement => |m| &mut m.disbursed,
            TransactionType::IncomingFunds => |m| &mut m.received,
            TransactionType::Expenditure => |m| &mut m.expended,
        };
        totals.add(payer, &transaction.currency, &transaction.value, field);
    }
    if let Some(budget) = &project.budget {
        totals
            .currencies
            .entry(budget.currency.clone())
            .or_default();
    }
    let currencies = totals
        .currencies
        .iter()
        .map(|(currency, minor)| CurrencyFigures {
            currency: currency.clone(),
            budget: project
                .budget
                .as_ref()
                .filter(|b| b.currency == *currency)
                .map(|b| b.amount.clone()),
            sums: minor.render(currency),
        })
        .collect();
    let organisations = totals
        .organisations
        .iter()
        .map(
            |(((organisation_id, name), currency), minor)| OrganisationFigures {
                organisation_id: *organisation_id,
                name: name.clone(),
                currency: currency.clone(),
                sums: minor.render(currency),
            },
        )
        .collect();
    Execution {
        project_id,
        currencies,
        organisations,
        expert_days,
        activities: counts,
        activities_version: activities.map_or(0, |a| a.version),
        transactions_version: transactions.map_or(0, |t| t.version),
    }
}
