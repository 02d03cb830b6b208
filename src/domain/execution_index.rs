//! What execution statistics sum, held in memory per project and caught up from the
//! change feed: the first answer after a write re-reads the rows of the projects written
//! since (a few indexed reads) and sums every project in memory, instead of joining every
//! contribution, cost and transaction to its project's groups in SQL (seconds at 100,000
//! projects). Nothing is written for it: writes and bulk loads cost what they did.
//!
//! The index stands at a change `seq`: it holds exactly what the database held then.
//! Every write to what it is made of (a project's columns and child rows, its review,
//! its activities, its transactions, its delete) records a change naming the project in
//! the same transaction (`store::execution_facts::changed_projects`), so catching up to a
//! later `seq` is re-reading the projects named by the changes after it, in the read
//! transaction of the statistic (its snapshot). Each replica keeps its own. When the
//! index cannot stand at the transaction's horizon (PostgreSQL sees changes beyond it,
//! or another request moved the index past this one's snapshot), [`ExecutionIndex::rows`]
//! answers `None` and the statistic is computed by the database as before.
//!
//! The sums are those of `store::execution_stats`, group for group (the same rows, keys
//! and currencies; `tests/api/execution_index.rs` compares both after every kind of
//! write, for every grouping and role).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::db::DbConnection;
use crate::store::StoreError;
use crate::store::changes as change_store;
use crate::store::execution_facts::{self as facts, FactRows, Projects};
use crate::store::execution_stats::{
    ActivityRow, ExecutionDimension, ExecutionRows, Measure, MoneyRow, OUTSIDE,
};
use crate::store::projects::list::ProjectFilter;
use crate::store::stats::ProjectGroupRow;
use crate::store::visibility::{PUBLIC, ReadScope};

/// Past this many changes to catch up on, every project is read again.
const CATCH_UP_LIMIT: i64 = 20_000;
/// Projects read per statement set.
const PROJECTS_PER_READ: usize = 2_000;

/// A fast hash for small integer keys (FxHash's): the sums hash a few million keys.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.add(u64::from(*byte));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_i32(&mut self, n: i32) {
        self.add(n as u32 as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Texts (codes, currencies, organisation ids) as small numbers.
#[derive(Default)]
struct Names {
    at: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Names {
    fn of(&mut self, name: &str) -> u32 {
        if let Some(n) = self.at.get(name) {
            return *n;
        }
        let n = u32::try_from(self.names.len()).expect("fewer than 2^32 names");
        self.names.push(name.into());
        self.at.insert(name.into(), n);
        n
    }

    fn find(&self, name: &str) -> Option<u32> {
        self.at.get(name).copied()
    }

    fn text(&self, n: u32) -> &str {
        &self.names[n as usize]
    }
}

/// An amount: the year and payer's role it counts in, its currency and measure.
struct Money {
    year: i32,
    role: u32,
    currency: u32,
    measure: Measure,
    minor: i64,
}

/// A contribution's expert days (and whether it has a currency).
struct Pledge {
    year: i32,
    role: u32,
    currency: Option<u32>,
    days: i64,
}

/// An activity: its year, status and expert days.
struct Activity {
    year: i32,
    status: u32,
    days: i64,
}

/// One project, as execution statistics count it.
struct ProjectFacts {
    public: bool,
    modality: u32,
    start_year: i32,
    budget: (Option<u32>, i64),
    countries: Vec<u32>,
    regions: Vec<u32>,
    sectors: Vec<u32>,
    /// Every organisation taking part (who may read it).
    organisations: Vec<u32>,
    /// Every role held in it, once.
    roles: Vec<u32>,
    /// Each organisation's first role, for what it pays.
    first_roles: Vec<(u32, u32)>,
    money: Vec<Money>,
    pledges: Vec<Pledge>,
    activities: Vec<Activity>,
}

impl ProjectFacts {
    fn role_of(&self, payer: Option<u32>, outside: u32) -> u32 {
        payer
            .and_then(|payer| {
                self.first_roles
                    .iter()
                    .find(|(organisation, _)| *organisation == payer)
                    .map(|(_, role)| *role)
            })
            .unwrap_or(outside)
    }
}

/// The index: the projects as of change `seq`.
struct Indexed {
    seq: i64,
    names: Names,
    projects: HashMap<Box<str>, ProjectFacts>,
}

impl Indexed {
    /// Replace the facts of the projects in `rows` (of the projects `ids`; those without
    /// a row are gone).
    fn put(&mut self, ids: &[String], rows: FactRows) {
        for id in ids {
            self.projects.remove(id.as_str());
        }
        let names = &mut self.names;
        let outside = names.of(OUTSIDE);
        let mut fresh: HashMap<String, ProjectFacts> = HashMap::with_capacity(rows.projects.len());
        for (id, modality, start_year, amount, currency, visibility, approved) in rows.projects {
            let facts = ProjectFacts {
                public: visibility == PUBLIC && approved.is_some(),
                modality: names.of(&modality),
                start_year,
                budget: (
                    currency.as_deref().map(|c| names.of(c)),
                    amount.unwrap_or(0),
                ),
                countries: Vec::new(),
                regions: Vec::new(),
                sectors: Vec::new(),
                organisations: Vec::new(),
                roles: Vec::new(),
                first_roles: Vec::new(),
                money: Vec::new(),
                pledges: Vec::new(),
                activities: Vec::new(),
            };
            fresh.insert(id, facts);
        }
        for (rows, list) in [(rows.countries, 0), (rows.regions, 1), (rows.sectors, 2)] {
            for (id, code) in rows {
                if let Some(facts) = fresh.get_mut(&id) {
                    let code = names.of(&code);
                    match list {
                        0 => facts.countries.push(code),
                        1 => facts.regions.push(code),
                        _ => facts.sectors.push(code),
                    }
                }
            }
        }
        for (id, organisation, role, first) in rows.participants {
            if let Some(facts) = fresh.get_mut(&id) {
                let organisation = names.of(&organisation);
                let role = names.of(&role);
                if !facts.organisations.contains(&organisation) {
                    facts.organisations.push(organisation);
                }
                if !facts.roles.contains(&role) {
                    facts.roles.push(role);
                }
                if first {
                    facts.first_roles.push((organisation, role));
                }
            }
        }
        for (id, organisation, amount, currency, days) in rows.contributions {
            if let Some(facts) = fresh.get_mut(&id) {
                let role = facts.role_of(names.find(&organisation), outside);
                let currency = currency.as_deref().map(|c| names.of(c));
                if let Some(currency) = currency {
                    facts.money.push(Money {
                        year: facts.start_year,
                        role,
                        currency,
                        measure: Measure::Pledged,
                        minor: amount.unwrap_or(0),
                    });
                }
                facts.pledges.push(Pledge {
                    year: facts.start_year,
                    role,
                    currency,
                    days: i64::from(days.unwrap_or(0)),
                });
            }
        }
        for (id, executed, amount, currency, payer, year) in rows.costs {
            if let Some(facts) = fresh.get_mut(&id) {
                let role = facts.role_of(names.find(&payer), outside);
                facts.money.push(Money {
                    year,
                    role,
                    currency: names.of(&currency),
                    measure: if executed {
                        Measure::ExecutedCosts
                    } else {
                        Measure::PlannedCosts
                    },
                    minor: amount,
                });
            }
        }
        for (id, kind, year, value, currency, provider) in rows.transactions {
            if let Some(facts) = fresh.get_mut(&id) {
                let role = facts.role_of(provider.as_deref().and_then(|p| names.find(p)), outside);
                facts.money.push(Money {
                    year,
                    role,
                    currency: names.of(&currency),
                    measure: Measure::Transaction(kind),
                    minor: value,
                });
            }
        }
        for (id, status, year, days) in rows.items {
            if let Some(facts) = fresh.get_mut(&id) {
                facts.activities.push(Activity {
                    year,
                    status: names.of(&status),
                    days: i64::from(days),
                });
            }
        }
        for (id, facts) in fresh {
            self.projects.insert(id.into_boxed_str(), facts);
        }
    }

    /// Read the rows of the projects `ids` again.
    fn reload(&mut self, conn: &mut DbConnection, ids: &[String]) -> Result<(), StoreError> {
        for chunk in ids.chunks(PROJECTS_PER_READ) {
            let rows = facts::load(conn, Projects::Named(chunk))?;
            self.put(chunk, rows);
        }
        Ok(())
    }

    /// Every project, as of `seq`.
    fn build(conn: &mut DbConnection, seq: i64) -> Result<Indexed, StoreError> {
        let mut indexed = Indexed {
            seq,
            names: Names::default(),
            projects: HashMap::new(),
        };
        let ids = facts::every_project(conn)?;
        indexed.projects.reserve(ids.len());
        // In ranges of ids, each read as index ranges: every project of a range is in
        // `chunk` (the ids are in order, of this snapshot).
        for chunk in ids.chunks(PROJECTS_PER_READ) {
            let (first, last) = (&chunk[0], &chunk[chunk.len() - 1]);
            let rows = facts::load(conn, Projects::Between(first, last))?;
            indexed.put(chunk, rows);
        }
        Ok(indexed)
    }
}

/// A group: over every project, a code (interned), or a year.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Total,
    Name(u32),
    Year(i32),
}

/// The sums of one answer, keyed as `store::execution_stats` groups its rows.
#[derive(Default)]
struct Sums {
    projects: FxMap<(Key, Option<u32>), (i64, i128)>,
    money: FxMap<(Key, u32, Measure), i128>,
    pledged_days: FxMap<(Key, Option<u32>), i64>,
    activities: FxMap<(Key, u32), (i64, i64)>,
}

impl Sums {
    fn project(&mut self, key: Key, (currency, amount): (Option<u32>, i64)) {
        let entry = self.projects.entry((key, currency)).or_default();
        entry.0 += 1;
        entry.1 += i128::from(amount);
    }

    fn money(&mut self, key: Key, money: &Money) {
        *self
            .money
            .entry((key, money.currency, money.measure))
            .or_default() += i128::from(money.minor);
    }

    fn pledge(&mut self, key: Key, pledge: &Pledge) {
        *self.pledged_days.entry((key, pledge.currency)).or_default() += pledge.days;
    }

    fn activity(&mut self, key: Key, activity: &Activity) {
        let entry = self.activities.entry((key, activity.status)).or_default();
        entry.0 += 1;
        entry.1 += activity.days;
    }

    /// Add one project's figures under the groups of `dimension`.
    fn add(&mut self, dimension: ExecutionDimension, facts: &ProjectFacts) {
        self.project(Key::Total, facts.budget);
        for money in &facts.money {
            self.money(Key::Total, money);
        }
        for pledge in &facts.pledges {
            self.pledge(Key::Total, pledge);
        }
        for activity in &facts.activities {
            self.activity(Key::Total, activity);
        }
        let keys: &[u32] = match dimension {
            ExecutionDimension::Modality => std::slice::from_ref(&facts.modality),
            ExecutionDimension::Country => &facts.countries,
            ExecutionDimension::Region => &facts.regions,
            ExecutionDimension::SectorCategory => &facts.sectors,
            ExecutionDimension::Year => {
                self.project(Key::Year(facts.start_year), facts.budget);
                for money in &facts.money {
                    self.money(Key::Year(money.year), money);
                }
                for pledge in &facts.pledges {
                    self.pledge(Key::Year(pledge.year), pledge);
                }
                for activity in &facts.activities {
                    self.activity(Key::Year(activity.year), activity);
                }
                return;
            }
            ExecutionDimension::Role => {
                // A budget is no organisation's: projects per role they hold, no budget.
                for role in &facts.roles {
                    let entry = self.projects.entry((Key::Name(*role), None)).or_default();
                    entry.0 += 1;
                }
                for money in &facts.money {
                    self.money(Key::Name(money.role), money);
                }
                for pledge in &facts.pledges {
                    self.pledge(Key::Name(pledge.role), pledge);
                }
                return;
            }
        };
        for key in keys {
            let key = Key::Name(*key);
            self.project(key, facts.budget);
            for money in &facts.money {
                self.money(key, money);
            }
            for pledge in &facts.pledges {
                self.pledge(key, pledge);
            }
            for activity in &facts.activities {
                self.activity(key, activity);
            }
        }
    }

    /// The sums as the rows `store::execution_stats` loads.
    fn rows(self, names: &Names) -> ExecutionRows {
        let key = |key: Key| match key {
            Key::Total => None,
            Key::Name(n) => Some(names.text(n).to_owned()),
            Key::Year(year) => Some(year.to_string()),
        };
        let currency = |n: u32| names.text(n).to_owned();
        ExecutionRows {
            projects: (self.projects.into_iter())
                .map(|((k, c), (projects, budget_minor))| ProjectGroupRow {
                    key: key(k),
                    currency: c.map(currency),
                    projects,
                    budget_minor,
                })
                .collect(),
            money: (self.money.into_iter())
                .map(|((k, c, measure), minor)| MoneyRow {
                    key: key(k),
                    currency: currency(c),
                    measure,
                    minor,
                })
                .collect(),
            pledged_days: (self.pledged_days.into_iter())
                .map(|((k, _), days)| (key(k), days))
                .collect(),
            activities: (self.activities.into_iter())
                .map(|((k, status), (activities, expert_days))| ActivityRow {
                    key: key(k),
                    status: names.text(status).to_owned(),
                    activities,
                    expert_days,
                })
                .collect(),
        }
    }
}

/// The index of one database (held by the app state with the kept answers).
#[derive(Default)]
pub struct ExecutionIndex {
    state: Mutex<Option<Indexed>>,
    /// Off: every statistic is computed by the database (tests compare both ways).
    off: AtomicBool,
}

impl ExecutionIndex {
    /// Whether statistics read the index (on unless a test turned it off).
    pub fn enabled(&self) -> bool {
        !self.off.load(Ordering::Relaxed)
    }

    /// Turn the index on or off (for tests comparing its answers with the database's).
    pub fn set_enabled(&self, on: bool) {
        self.off.store(!on, Ordering::Relaxed);
    }

    /// The rows execution statistics sum for the projects matching `filter` that `scope`
    /// may read, grouped by `dimension` and over all of them (key `None`), as of this
    /// read transaction's horizon; `None` when the index cannot stand there (the caller
    /// then asks the database).
    pub fn rows(
        &self,
        conn: &mut DbConnection,
        filter: &ProjectFilter,
        scope: ReadScope,
        dimension: ExecutionDimension,
    ) -> Result<Option<ExecutionRows>, StoreError> {
        if !self.enabled() {
            return Ok(None);
        }
        let horizon = change_store::horizon(conn)?;
        if horizon.beyond != 0 {
            return Ok(None);
        }
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match state.as_mut() {
            Some(indexed) if indexed.seq > horizon.seq => return Ok(None),
            Some(indexed) => match facts::changed_projects(conn, indexed.seq, CATCH_UP_LIMIT)? {
                Some(mut ids) => {
                    ids.sort_unstable();
                    ids.dedup();
                    indexed.reload(conn, &ids)?;
                    indexed.seq = horizon.seq;
                }
                None => *state = Some(Indexed::build(conn, horizon.seq)?),
            },
            None => *state = Some(Indexed::build(conn, horizon.seq)?),
        }
        let indexed = state.as_ref().expect("built above");
        let mut sums = Sums::default();
        if filter.is_empty() {
            let organisation = match scope {
                ReadScope::PublicOrParticipant(org) => indexed.names.find(&org.to_string()),
                _ => None,
            };
            for facts in indexed.projects.values() {
                let readable = match scope {
                    ReadScope::All => true,
                    ReadScope::Public => facts.public,
                    ReadScope::PublicOrParticipant(_) => {
                        facts.public
                            || organisation.is_some_and(|org| facts.organisations.contains(&org))
                    }
                };
                if readable {
                    sums.add(dimension, facts);
                }
            }
        } else {
            for id in facts::project_ids(conn, filter, scope)? {
                if let Some(facts) = indexed.projects.get(id.as_str()) {
                    sums.add(dimension, facts);
                }
            }
        }
        Ok(Some(sums.rows(&indexed.names)))
    }
}
