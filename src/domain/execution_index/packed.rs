//! The projects of the execution index, packed: each project is one slice of 32-bit words
//! (one allocation), its texts interned as small numbers, amounts in one word when they
//! fit in 32 bits (two otherwise). A project with three contributions, four costs, three
//! transactions and two activities takes ~200 bytes here, where one struct of vectors per
//! project took several allocations and ~1 kB.
//!
//! What a packed project holds:
//!
//! | words | what |
//! | --- | --- |
//! | 0 | modality (code) \| planned start year (year number) << 16 |
//! | 1 | budget currency (currency number, [`NONE`] without) \| 1 << 16 when public |
//! | 2, 3 | budget amount in minor units (i64, low word first) |
//! | 4 ..= 11 | where each [`Section`] ends (word offsets) |
//! | 12 .. | the sections, in [`Section`] order |
//!
//! Sections: countries, regions, sector categories, roles (codes, a word each);
//! organisations taking part (organisation numbers, a word each); amounts (year number \|
//! measure number << 16 \| [`WIDE`]; payer's role \| currency << 16; the amount in one word,
//! or two with [`WIDE`]); pledges (payer's role \| currency << 16, [`NONE`] without;
//! expert days); activities (year number \| status << 16; how many; their expert days).
//! Amounts, pledges and activities that fall in the same groups are summed when packed
//! ([`Unpacked`]).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::store::execution_facts::FactRows;
use crate::store::execution_stats::{Measure, OUTSIDE};
use crate::store::visibility::PUBLIC;

/// No currency (a budget or contribution without one).
pub(super) const NONE: u32 = 0xFFFF;
/// An amount that takes two words (it does not fit in an i32).
const WIDE: u32 = 1 << 31;
const HEADER: usize = 4 + SECTIONS;
const SECTIONS: usize = 8;

/// The sections of a packed project, in order.
#[derive(Clone, Copy)]
pub(super) enum Section {
    Countries,
    Regions,
    Sectors,
    Roles,
    Organisations,
    Money,
    Pledges,
    Activities,
}

/// What could not be packed (more distinct codes than 16 bits number, a project id that
/// is not a UUID): the index is given up and the database answers.
#[derive(Debug)]
pub(super) struct Unfit(pub(super) &'static str);

/// A fast hash for small keys (FxHash's).
#[derive(Default, Clone, Copy)]
pub(super) struct Fx(u64);

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
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        for byte in chunks.remainder() {
            self.add(u64::from(*byte));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Values numbered in the order first seen, below `limit`.
pub(super) struct Interner<T> {
    at: FxMap<T, u32>,
    values: Vec<T>,
    limit: u32,
    what: &'static str,
}

impl<T: Eq + Hash + Clone> Interner<T> {
    fn new(limit: u32, what: &'static str) -> Self {
        Interner {
            at: FxMap::default(),
            values: Vec::new(),
            limit,
            what,
        }
    }

    /// The number of `value`, numbering it if it is new.
    fn of<Q>(&mut self, value: &Q) -> Result<u32, Unfit>
    where
        T: Borrow<Q> + for<'a> From<&'a Q>,
        Q: Eq + Hash + ?Sized,
    {
        match self.at.get(value) {
            Some(n) => Ok(*n),
            None => self.insert(T::from(value)),
        }
    }

    /// [`Interner::of`] for values that are their own key.
    fn of_value(&mut self, value: T) -> Result<u32, Unfit> {
        match self.at.get(&value) {
            Some(n) => Ok(*n),
            None => self.insert(value),
        }
    }

    fn insert(&mut self, value: T) -> Result<u32, Unfit> {
        let n = u32::try_from(self.values.len()).map_err(|_| Unfit(self.what))?;
        if n >= self.limit {
            return Err(Unfit(self.what));
        }
        self.values.push(value.clone());
        self.at.insert(value, n);
        Ok(n)
    }

    pub(super) fn find<Q>(&self, value: &Q) -> Option<u32>
    where
        T: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.at.get(value).copied()
    }

    pub(super) fn get(&self, n: u32) -> &T {
        &self.values[n as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.values.len()
    }
}

/// A project's id as the index keys it: its UUID's 128 bits (ids are lowercase
/// hyphenated UUIDs; anything else is [`Unfit`]).
pub(super) fn project_key(id: &str) -> Option<u128> {
    if id.len() != 36 || id.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    uuid::Uuid::parse_str(id).ok().map(|id| id.as_u128())
}

fn split(word: u32) -> (u32, u32) {
    (word & 0xFFFF, (word >> 16) & 0x7FFF)
}

/// One packed project, read.
#[derive(Clone, Copy)]
pub(super) struct Project<'a>(&'a [u32]);

/// An amount of a project: the year and measure it counts in, its payer's role, its
/// currency, in minor units.
pub(super) struct Money {
    pub(super) year: u32,
    pub(super) measure: u32,
    pub(super) role: u32,
    pub(super) currency: u32,
    pub(super) minor: i64,
}

impl<'a> Project<'a> {
    pub(super) fn modality(self) -> u32 {
        split(self.0[0]).0
    }

    pub(super) fn start_year(self) -> u32 {
        self.0[0] >> 16
    }

    pub(super) fn public(self) -> bool {
        self.0[1] >> 16 == 1
    }

    /// The budget's currency ([`NONE`]: none) and amount.
    pub(super) fn budget(self) -> (u32, i64) {
        (self.0[1] & 0xFFFF, wide(self.0[2], self.0[3]))
    }

    pub(super) fn section(self, section: Section) -> &'a [u32] {
        let at = section as usize;
        let start = if at == 0 {
            HEADER
        } else {
            self.0[4 + at - 1] as usize
        };
        &self.0[start..self.0[4 + at] as usize]
    }

    pub(super) fn money(self) -> impl Iterator<Item = Money> + 'a {
        let mut words = self.section(Section::Money);
        std::iter::from_fn(move || {
            let (&first, rest) = words.split_first()?;
            let (year, measure) = split(first);
            let (role, currency) = (rest[0] & 0xFFFF, rest[0] >> 16);
            let (minor, used) = if first & WIDE == 0 {
                (i64::from(rest[1] as i32), 3)
            } else {
                (wide(rest[1], rest[2]), 4)
            };
            words = &words[used..];
            Some(Money {
                year,
                measure,
                role,
                currency,
                minor,
            })
        })
    }

    /// (payer's role, currency or [`NONE`], expert days).
    pub(super) fn pledges(self) -> impl Iterator<Item = (u32, u32, i64)> + 'a {
        (self.section(Section::Pledges).chunks_exact(2))
            .map(|w| (w[0] & 0xFFFF, w[0] >> 16, i64::from(w[1] as i32)))
    }

    /// (year number, status, activities, their expert days).
    pub(super) fn activities(self) -> impl Iterator<Item = (u32, u32, i64, i64)> + 'a {
        (self.section(Section::Activities).chunks_exact(3)).map(|w| {
            let (count, days) = (i64::from(w[1]), i64::from(w[2] as i32));
            (w[0] & 0xFFFF, w[0] >> 16, count, days)
        })
    }
}

fn wide(low: u32, high: u32) -> i64 {
    (u64::from(low) | (u64::from(high) << 32)) as i64
}

/// The index's projects as of change `seq`, and the numbers of their texts.
pub(super) struct Indexed {
    pub(super) seq: i64,
    /// Modalities, countries, regions, sector categories, roles.
    pub(super) codes: Interner<Box<str>>,
    pub(super) currencies: Interner<Box<str>>,
    pub(super) statuses: Interner<Box<str>>,
    pub(super) years: Interner<i32>,
    pub(super) measures: Interner<Measure>,
    pub(super) organisations: Interner<Box<str>>,
    pub(super) projects: FxMap<u128, Box<[u32]>>,
}

/// A project being put together from its rows. Amounts of the same year, measure, payer's
/// role and currency are summed into one (the statistics only ever sum them), and so are
/// pledges of the same role and currency and activities of the same year and status
/// (counted): a project's eight or nine costs are two or three amounts here.
#[derive(Default)]
struct Unpacked {
    head: [u32; 4],
    start_year: u32,
    first_roles: Vec<(u32, u32)>,
    sections: [Vec<u32>; SECTIONS],
    /// (year | measure << 16, role | currency << 16, sum).
    money: Vec<(u32, u32, i64)>,
    /// (role | currency << 16, days).
    pledges: Vec<(u32, i32)>,
    /// (year | status << 16, activities, days).
    activities: Vec<(u32, u32, i32)>,
}

impl Unpacked {
    fn role_of(&self, payer: Option<u32>, outside: u32) -> u32 {
        payer
            .and_then(|payer| {
                (self.first_roles.iter())
                    .find(|(organisation, _)| *organisation == payer)
                    .map(|(_, role)| *role)
            })
            .unwrap_or(outside)
    }

    fn push(&mut self, section: Section, word: u32) {
        self.sections[section as usize].push(word);
    }

    fn push_unique(&mut self, section: Section, word: u32) {
        if !self.sections[section as usize].contains(&word) {
            self.push(section, word);
        }
    }

    fn money(&mut self, year: u32, measure: u32, role: u32, currency: u32, minor: i64) {
        let key = (year | measure << 16, role | currency << 16);
        // A sum that would pass 64 bits is kept apart (the statistics sum in 128).
        let merged = (self.money.iter_mut()).find(|(group, payer, sum)| {
            (*group, *payer) == key && sum.checked_add(minor).is_some()
        });
        match merged {
            Some((_, _, sum)) => *sum += minor,
            None => self.money.push((key.0, key.1, minor)),
        }
    }

    fn pledge(&mut self, role: u32, currency: u32, days: i32) {
        let key = role | currency << 16;
        let merged = (self.pledges.iter_mut())
            .find(|(group, sum)| *group == key && sum.checked_add(days).is_some());
        match merged {
            Some((_, sum)) => *sum += days,
            None => self.pledges.push((key, days)),
        }
    }

    fn activity(&mut self, year: u32, status: u32, days: i32) {
        let key = year | status << 16;
        let merged = (self.activities.iter_mut()).find(|(group, count, sum)| {
            *group == key && *count < u32::MAX && sum.checked_add(days).is_some()
        });
        match merged {
            Some((_, count, sum)) => {
                *count += 1;
                *sum += days;
            }
            None => self.activities.push((key, 1, days)),
        }
    }

    fn pack(mut self) -> Box<[u32]> {
        let money = &mut self.sections[Section::Money as usize];
        for (group, payer, minor) in self.money {
            match i32::try_from(minor) {
                Ok(narrow) => money.extend([group, payer, narrow as u32]),
                Err(_) => money.extend([
                    group | WIDE,
                    payer,
                    minor as u32,
                    (minor as u64 >> 32) as u32,
                ]),
            }
        }
        let pledges = &mut self.sections[Section::Pledges as usize];
        for (payer, days) in self.pledges {
            pledges.extend([payer, days as u32]);
        }
        let activities = &mut self.sections[Section::Activities as usize];
        for (group, count, days) in self.activities {
            activities.extend([group, count, days as u32]);
        }
        let length = HEADER + self.sections.iter().map(Vec::len).sum::<usize>();
        let mut words = Vec::with_capacity(length);
        words.extend(self.head);
        let mut end = HEADER;
        for section in &self.sections {
            end += section.len();
            words.push(u32::try_from(end).expect("a project of fewer than 2^32 words"));
        }
        for section in self.sections {
            words.extend(section);
        }
        words.into_boxed_slice()
    }
}

impl Indexed {
    pub(super) fn new(seq: i64) -> Self {
        Indexed {
            seq,
            codes: Interner::new(NONE, "codes"),
            currencies: Interner::new(NONE, "currencies"),
            statuses: Interner::new(NONE, "activity statuses"),
            years: Interner::new(NONE, "years"),
            measures: Interner::new(0x7FFF, "measures"),
            organisations: Interner::new(u32::MAX, "organisations"),
            projects: FxMap::default(),
        }
    }

    /// About what the projects take in memory: their words and the map's slots.
    pub(super) fn bytes(&self) -> usize {
        let words: usize = self.projects.values().map(|words| words.len()).sum();
        words * 4 + self.projects.capacity() * (std::mem::size_of::<(u128, Box<[u32]>)>() + 1)
    }

    pub(super) fn project(&self, key: u128) -> Option<Project<'_>> {
        self.projects.get(&key).map(|words| Project(words))
    }

    pub(super) fn every_project(&self) -> impl Iterator<Item = Project<'_>> {
        self.projects.values().map(|words| Project(words))
    }

    /// Replace the projects `ids` by what `rows` hold of them (those without a row are
    /// gone).
    pub(super) fn put(&mut self, ids: &[String], rows: FactRows) -> Result<(), Unfit> {
        const NOT_UUID: Unfit = Unfit("a project id that is not a lowercase UUID");
        for id in ids {
            self.projects.remove(&project_key(id).ok_or(NOT_UUID)?);
        }
        let outside = self.codes.of(OUTSIDE)?;
        let mut fresh: FxMap<String, Unpacked> = FxMap::default();
        for (id, modality, start_year, amount, currency, visibility, approved) in rows.projects {
            let start_year = self.years.of_value(start_year)?;
            let currency = match currency.as_deref() {
                Some(currency) => self.currencies.of(currency)?,
                None => NONE,
            };
            let public = u32::from(visibility == PUBLIC && approved.is_some());
            let amount = amount.unwrap_or(0);
            let project = Unpacked {
                head: [
                    self.codes.of(modality.as_str())? | start_year << 16,
                    currency | public << 16,
                    amount as u32,
                    (amount as u64 >> 32) as u32,
                ],
                start_year,
                ..Unpacked::default()
            };
            fresh.insert(id, project);
        }
        let lists = [
            (rows.countries, Section::Countries),
            (rows.regions, Section::Regions),
            (rows.sectors, Section::Sectors),
        ];
        for (rows, section) in lists {
            for (id, code) in rows {
                if let Some(project) = fresh.get_mut(&id) {
                    project.push(section, self.codes.of(code.as_str())?);
                }
            }
        }
        for (id, organisation, role, first) in rows.participants {
            if let Some(project) = fresh.get_mut(&id) {
                let organisation = self.organisations.of(organisation.as_str())?;
                let role = self.codes.of(role.as_str())?;
                project.push_unique(Section::Organisations, organisation);
                project.push_unique(Section::Roles, role);
                if first {
                    project.first_roles.push((organisation, role));
                }
            }
        }
        let pledged = self.measures.of_value(Measure::Pledged)?;
        for (id, organisation, amount, currency, days) in rows.contributions {
            if let Some(project) = fresh.get_mut(&id) {
                let role = project.role_of(self.organisations.find(organisation.as_str()), outside);
                let currency = match currency.as_deref() {
                    Some(currency) => {
                        let currency = self.currencies.of(currency)?;
                        let year = project.start_year;
                        project.money(year, pledged, role, currency, amount.unwrap_or(0));
                        currency
                    }
                    None => NONE,
                };
                project.pledge(role, currency, days.unwrap_or(0));
            }
        }
        for (id, executed, amount, currency, payer, year) in rows.costs {
            if let Some(project) = fresh.get_mut(&id) {
                let role = project.role_of(self.organisations.find(payer.as_str()), outside);
                let measure = self.measures.of_value(if executed {
                    Measure::ExecutedCosts
                } else {
                    Measure::PlannedCosts
                })?;
                let (year, currency) = (
                    self.years.of_value(year)?,
                    self.currencies.of(currency.as_str())?,
                );
                project.money(year, measure, role, currency, amount);
            }
        }
        for (id, kind, year, value, currency, provider) in rows.transactions {
            if let Some(project) = fresh.get_mut(&id) {
                let payer = provider.as_deref().and_then(|p| self.organisations.find(p));
                let role = project.role_of(payer, outside);
                let measure = self.measures.of_value(Measure::Transaction(kind))?;
                let (year, currency) = (
                    self.years.of_value(year)?,
                    self.currencies.of(currency.as_str())?,
                );
                project.money(year, measure, role, currency, value);
            }
        }
        for (id, status, year, days) in rows.items {
            if let Some(project) = fresh.get_mut(&id) {
                let year = self.years.of_value(year)?;
                let status = self.statuses.of(status.as_str())?;
                project.activity(year, status, days);
            }
        }
        for (id, project) in fresh {
            let key = project_key(&id).ok_or(NOT_UUID)?;
            self.projects.insert(key, project.pack());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money_of(project: Project<'_>) -> Vec<(u32, u32, u32, u32, i64)> {
        (project.money())
            .map(|m| (m.year, m.measure, m.role, m.currency, m.minor))
            .collect()
    }

    #[test]
    fn amounts_of_a_group_are_summed_and_wide_ones_take_two_words() {
        let mut project = Unpacked::default();
        project.push(Section::Countries, 7);
        project.money(1, 2, 3, 4, 100);
        project.money(1, 2, 3, 4, -40);
        project.money(1, 2, 3, 5, 3_000_000_000);
        project.money(1, 2, 3, 5, 1);
        // Past 64 bits: kept apart.
        project.money(9, 2, 3, 4, i64::MAX);
        project.money(9, 2, 3, 4, 1);
        project.pledge(3, NONE, 10);
        project.pledge(3, NONE, 5);
        project.activity(1, 2, 3);
        project.activity(1, 2, 4);
        project.activity(1, 0, 0);
        let words = project.pack();
        let project = Project(&words);
        assert_eq!(project.section(Section::Countries), &[7]);
        assert!(project.section(Section::Regions).is_empty());
        assert_eq!(
            money_of(project),
            vec![
                (1, 2, 3, 4, 60),
                (1, 2, 3, 5, 3_000_000_001),
                (9, 2, 3, 4, i64::MAX),
                (9, 2, 3, 4, 1),
            ]
        );
        assert_eq!(project.pledges().collect::<Vec<_>>(), vec![(3, NONE, 15)]);
        assert_eq!(
            project.activities().collect::<Vec<_>>(),
            vec![(1, 2, 2, 7), (1, 0, 1, 0)]
        );
        // The amounts: 3 + 4 + 4 + 3 words.
        assert_eq!(words.len(), HEADER + 1 + 14 + 2 + 6);
    }

    #[test]
    fn project_keys_are_lowercase_uuids() {
        let id = "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d";
        assert!(project_key(id).is_some());
        assert_eq!(project_key(&id.to_uppercase()), None);
        assert_eq!(project_key("0193a6a07c1e7b3a9c1d2f4e5a6b7c8d"), None);
    }
}
