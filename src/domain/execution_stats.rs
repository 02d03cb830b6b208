//! Execution statistics (`GET /stats/execution`): the execution figures of
//! `domain::execution` summed over the projects the caller's list holds (the project
//! list's filters), per group and currency, computed by the database
//! (`store::execution_stats`) and kept per change (`StatsAnswers`): every write to a
//! project, its activities or its transactions records a change.
//!
//! Like the other statistics they count the version that counts (a project's approved
//! content, whoever asks: an edit awaiting review counts once approved), where the
//! per-project figures show the directorate and the project's partners the edit.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Caller;
use crate::db::{DbConnection, DbPool};
use crate::domain::access::read_scope;
use crate::domain::execution::{ActivityCounts, ExpertDays, Minor, Sums};
use crate::domain::execution_index::ExecutionIndex;
use crate::domain::kept_answers::AnswersAtSeq;
use crate::domain::list_query::{Filtered, GroupBy};
use crate::domain::money::format_minor;
use crate::domain::projects::query::{ProjectFilter, ProjectFilters};
use crate::error::ApiError;
use crate::store::execution_stats::{self as store, ExecutionRows, Measure};

/// What execution statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExecutionDimension {
    /// Cooperation modality.
    Modality,
    /// Recipient country (a project counts whole in each of its countries).
    Country,
    /// Recipient region (likewise).
    Region,
    /// DAC sector category, 3 digits (likewise).
    SectorCategory,
    /// The year of each amount: an activity's (actual, else planned start) for its costs,
    /// its status and expert days; a transaction's date; the project's planned start for
    /// its budget and contributions.
    Year,
    /// The paying organisation's role in the project (burden sharing by role).
    Role,
}

/// What to group execution statistics by, and which projects to count (the project
/// list's filters).
pub type ExecutionStatsQuery = Filtered<GroupBy<ExecutionDimension>, ProjectFilters>;

/// The figures of one currency.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CurrencyTotals {
    /// ISO 4217 code.
    pub currency: String,
    /// The budgets in this currency, summed; null when no project of the group has its
    /// budget in it (and by role, which no budget has).
    #[schema(required = true)]
    pub budget: Option<String>,
    #[serde(flatten)]
    pub sums: Sums,
}

/// The execution figures of a group of projects (or of all of them).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupFigures {
    /// Projects of the group: by year, those planned to start in it; by role, those in
    /// which an organisation holds it.
    pub projects: i64,
    /// Per currency, by code: never converted or summed across currencies.
    pub currencies: Vec<CurrencyTotals>,
    /// Null by role (days are no organisation's payment).
    #[schema(required = true)]
    pub expert_days: Option<ExpertDays>,
    /// Null by role (an activity is paid by several).
    #[schema(required = true)]
    pub activities: Option<ActivityCounts>,
}

/// What a group adds up while the rows are read.
#[derive(Default)]
struct Tally {
    projects: i64,
    budget: BTreeMap<String, i128>,
    money: BTreeMap<String, Minor>,
    expert_days: ExpertDays,
    activities: ActivityCounts,
}

impl Tally {
    fn figures(self, by_payer: bool) -> GroupFigures {
        let mut currencies: BTreeMap<String, Minor> = self.money;
        for currency in self.budget.keys() {
            currencies.entry(currency.clone()).or_default();
        }
        GroupFigures {
            projects: self.projects,
            currencies: currencies
                .into_iter()
                .map(|(currency, minor)| CurrencyTotals {
                    budget: self
                        .budget
                        .get(&currency)
                        .map(|sum| format_minor(*sum, &currency)),
                    sums: minor.render(&currency),
                    currency,
                })
                .collect(),
            expert_days: (!by_payer).then_some(self.expert_days),
            activities: (!by_payer).then_some(self.activities),
        }
    }
}

/// The figures over every project (the total) and per group key.
pub struct ExecutionAnswer {
    pub total: GroupFigures,
    pub groups: Vec<(String, GroupFigures)>,
    /// The response body, rendered by the first request that reads this answer (it
    /// depends on nothing else): kept answers are sent as they were rendered.
    pub rendered: OnceLock<Vec<u8>>,
}

/// The execution statistics of the projects matching `filter` that the caller may read,
/// grouped by `dimension`: kept until the next change. From the index when it can answer
/// (it may start a job on `pool` that builds it), else computed by the database.
pub fn execution_groups(
    conn: &mut DbConnection,
    pool: &DbPool,
    answers: &AnswersAtSeq<ExecutionAnswer>,
    index: &ExecutionIndex,
    caller: &Caller,
    filter: &ProjectFilter,
    dimension: ExecutionDimension,
) -> Result<Arc<ExecutionAnswer>, ApiError> {
    let scope = read_scope(caller);
    let question = format!("{dimension:?}|{scope:?}|{filter:?}|{}", index.enabled());
    answers.answer(conn, question, |conn| {
        let grouping = match dimension {
            ExecutionDimension::Modality => store::ExecutionDimension::Modality,
            ExecutionDimension::Country => store::ExecutionDimension::Country,
            ExecutionDimension::Region => store::ExecutionDimension::Region,
            ExecutionDimension::SectorCategory => store::ExecutionDimension::SectorCategory,
            ExecutionDimension::Year => store::ExecutionDimension::Year,
            ExecutionDimension::Role => store::ExecutionDimension::Role,
        };
        let rows = match index.rows(conn, pool, filter, scope, grouping)? {
            Some(rows) => rows,
            None => store::execution_rows(conn, filter, scope, grouping)?,
        };
        Ok(answer(rows, dimension == ExecutionDimension::Role))
    })
}

/// The rows added up per group (key `None`: the total).
fn answer(rows: ExecutionRows, by_payer: bool) -> ExecutionAnswer {
    let mut tallies: BTreeMap<Option<String>, Tally> = BTreeMap::new();
    tallies.entry(None).or_default();
    for row in rows.projects {
        let tally = tallies.entry(row.key).or_default();
        tally.projects += row.projects;
        if let Some(currency) = row.currency {
            *tally.budget.entry(currency).or_default() += row.budget_minor;
        }
    }
    for row in rows.money {
        let minor = tallies
            .entry(row.key)
            .or_default()
            .money
            .entry(row.currency)
            .or_default();
        *match row.measure {
            Measure::Pledged => &mut minor.pledged,
            Measure::PlannedCosts => &mut minor.planned_costs,
            Measure::ExecutedCosts => &mut minor.executed_costs,
            // IATI TransactionType codes: 2 and 11 commitments, 3 disbursements, 12
            // incoming funds, 4 expenditures (`domain::execution`).
            Measure::Transaction(3) => &mut minor.disbursed,
            Measure::Transaction(12) => &mut minor.received,
            Measure::Transaction(4) => &mut minor.expended,
            Measure::Transaction(_) => &mut minor.committed,
        } += row.minor;
    }
    for (key, days) in rows.pledged_days {
        tallies.entry(key).or_default().expert_days.pledged += days.unsigned_abs();
    }
    for row in rows.activities {
        let tally = tallies.entry(row.key).or_default();
        let count = u32::try_from(row.activities).unwrap_or(u32::MAX);
        let days = row.expert_days.unsigned_abs();
        let counts = &mut tally.activities;
        counts.total += count;
        match row.status.as_str() {
            "done" => {
                counts.done += count;
                tally.expert_days.executed += days;
            }
            "postponed" => counts.postponed += count,
            "cancelled" => counts.cancelled += count,
            _ => counts.planned += count,
        }
        // Planned days: of every activity not cancelled, done ones included.
        if row.status != "cancelled" {
            tally.expert_days.planned += days;
        }
    }
    let total = tallies.remove(&None).unwrap_or_default().figures(false);
    let groups = tallies
        .into_iter()
        .filter_map(|(key, tally)| Some((key?, tally.figures(by_payer))))
        .collect();
    ExecutionAnswer {
        total,
        groups,
        rendered: OnceLock::new(),
    }
}
