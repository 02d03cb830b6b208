//! The index's projects summed group for group as `store::execution_stats` groups its
//! rows (the same keys, currencies, measures and statuses; a row wherever the database
//! would have one, zero sums included), in arrays indexed by numbers instead of maps:
//! a group's slot (0: every project; then one per code, or per year when grouped by
//! year), a currency, a measure, a status.

use super::packed::{Indexed, Money, NONE, Project, Section};
use crate::store::execution_stats::{ActivityRow, ExecutionDimension, ExecutionRows, MoneyRow};
use crate::store::stats::ProjectGroupRow;

pub(super) struct Sums<'a> {
    indexed: &'a Indexed,
    dimension: ExecutionDimension,
    currencies: usize,
    measures: usize,
    statuses: usize,
    /// Per slot and budget currency (0: none, else the currency's number + 1): projects
    /// and their budgets.
    projects: Vec<(i64, i128)>,
    /// Per slot, currency and measure: the amounts, and whether any was summed.
    money: Vec<i128>,
    money_seen: Vec<bool>,
    /// Per slot: expert days pledged.
    pledged_days: Vec<Option<i64>>,
    /// Per slot and status: activities and their expert days.
    activities: Vec<(i64, i64)>,
}

impl<'a> Sums<'a> {
    pub(super) fn new(indexed: &'a Indexed, dimension: ExecutionDimension) -> Self {
        let slots = 1 + match dimension {
            ExecutionDimension::Year => indexed.years.len(),
            _ => indexed.codes.len(),
        };
        let (currencies, measures, statuses) = (
            indexed.currencies.len(),
            indexed.measures.len(),
            indexed.statuses.len(),
        );
        Sums {
            indexed,
            dimension,
            currencies,
            measures,
            statuses,
            projects: vec![(0, 0); slots * (currencies + 1)],
            money: vec![0; slots * currencies * measures],
            money_seen: vec![false; slots * currencies * measures],
            pledged_days: vec![None; slots],
            activities: vec![(0, 0); slots * statuses],
        }
    }

    fn project(&mut self, slot: usize, (currency, amount): (u32, i64)) {
        let column = if currency == NONE {
            0
        } else {
            currency as usize + 1
        };
        let cell = &mut self.projects[slot * (self.currencies + 1) + column];
        cell.0 += 1;
        cell.1 += i128::from(amount);
    }

    fn money(&mut self, slot: usize, money: &Money) {
        let at = (slot * self.currencies + money.currency as usize) * self.measures
            + money.measure as usize;
        self.money[at] += i128::from(money.minor);
        self.money_seen[at] = true;
    }

    fn pledge(&mut self, slot: usize, days: i64) {
        *self.pledged_days[slot].get_or_insert(0) += days;
    }

    fn activity(&mut self, slot: usize, status: u32, count: i64, days: i64) {
        let cell = &mut self.activities[slot * self.statuses + status as usize];
        cell.0 += count;
        cell.1 += days;
    }

    /// Everything of `project` under the group `slot`.
    fn whole(&mut self, slot: usize, project: Project<'_>) {
        self.project(slot, project.budget());
        for money in project.money() {
            self.money(slot, &money);
        }
        for (_, _, days) in project.pledges() {
            self.pledge(slot, days);
        }
        for (_, status, count, days) in project.activities() {
            self.activity(slot, status, count, days);
        }
    }

    /// Add one project's figures to the total and under its groups.
    pub(super) fn add(&mut self, project: Project<'_>) {
        self.whole(0, project);
        let codes = match self.dimension {
            ExecutionDimension::Modality => {
                return self.whole(1 + project.modality() as usize, project);
            }
            ExecutionDimension::Country => project.section(Section::Countries),
            ExecutionDimension::Region => project.section(Section::Regions),
            ExecutionDimension::SectorCategory => project.section(Section::Sectors),
            ExecutionDimension::Year => {
                let start = 1 + project.start_year() as usize;
                self.project(start, project.budget());
                for money in project.money() {
                    self.money(1 + money.year as usize, &money);
                }
                for (_, _, days) in project.pledges() {
                    self.pledge(start, days);
                }
                for (year, status, count, days) in project.activities() {
                    self.activity(1 + year as usize, status, count, days);
                }
                return;
            }
            ExecutionDimension::Role => {
                // A budget is no organisation's: projects per role they hold, no budget.
                for role in project.section(Section::Roles) {
                    self.projects[(1 + *role as usize) * (self.currencies + 1)].0 += 1;
                }
                for money in project.money() {
                    self.money(1 + money.role as usize, &money);
                }
                for (role, _, days) in project.pledges() {
                    self.pledge(1 + role as usize, days);
                }
                return;
            }
        };
        for code in codes {
            self.whole(1 + *code as usize, project);
        }
    }

    /// The sums as the rows `store::execution_stats` loads.
    pub(super) fn rows(self) -> ExecutionRows {
        let indexed = self.indexed;
        let year = matches!(self.dimension, ExecutionDimension::Year);
        let key = |slot: usize| match slot {
            0 => None,
            _ if year => Some(indexed.years.get(slot as u32 - 1).to_string()),
            _ => Some(indexed.codes.get(slot as u32 - 1).to_string()),
        };
        let currency = |n: usize| indexed.currencies.get(n as u32).to_string();
        let mut rows = ExecutionRows::default();
        let columns = self.currencies + 1;
        for (at, (projects, budget_minor)) in self.projects.into_iter().enumerate() {
            if projects > 0 {
                rows.projects.push(ProjectGroupRow {
                    key: key(at / columns),
                    currency: (at % columns > 0).then(|| currency(at % columns - 1)),
                    projects,
                    budget_minor,
                });
            }
        }
        let per_slot = self.currencies * self.measures;
        for (at, minor) in self.money.into_iter().enumerate() {
            if self.money_seen[at] {
                rows.money.push(MoneyRow {
                    key: key(at / per_slot),
                    currency: currency(at % per_slot / self.measures),
                    measure: *indexed.measures.get((at % self.measures) as u32),
                    minor,
                });
            }
        }
        for (slot, days) in self.pledged_days.into_iter().enumerate() {
            if let Some(days) = days {
                rows.pledged_days.push((key(slot), days));
            }
        }
        for (at, (activities, expert_days)) in self.activities.into_iter().enumerate() {
            if activities > 0 {
                rows.activities.push(ActivityRow {
                    key: key(at / self.statuses),
                    status: indexed
                        .statuses
                        .get((at % self.statuses) as u32)
                        .to_string(),
                    activities,
                    expert_days,
                });
            }
        }
        rows
    }
}
