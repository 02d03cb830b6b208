//! Capacity statistics: per group, how many capacities the caller may list (with the
//! list's filters) and how often they were formulated: how many projects the caller may
//! read draw on at least one of them (`capacity_ids` of the version of each project
//! that counts for the caller).
//!
//! How often a capacity was *matched* is not counted: matches are computed when asked
//! (`GET /cooperation-requests/{id}/matches`) and recording each answer would make every
//! read a write, which a GET on stateless replicas must not be. The recorded traces of a
//! match are a formulation (counted here, as projects drawing on the capacity) and the
//! directorate's consultations, which name organisations rather than capacities and are
//! internal notes that no figure a partner or viewer reads may reflect.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::db::DbConnection;
use crate::domain::capacities::CapacityDimension;
use crate::error::ApiError;
use crate::store::capacities::CapacityFilter;
use crate::store::capacity_stats::{self as store, CapacityKey};
use crate::store::organisations as org_store;
use crate::store::visibility::ReadScope;

/// The figures of a group of capacities (or of all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityFigures {
    pub capacities: i64,
    /// Projects drawing on at least one of them.
    pub projects: i64,
}

/// The answer: the totals, each group (unordered), and the names of the organisations
/// among the keys when grouped by organisation.
#[derive(Debug, Clone)]
pub struct CapacityAnswer {
    pub total: CapacityFigures,
    pub groups: Vec<(String, CapacityFigures)>,
    pub names: HashMap<String, String>,
}

/// The capacities matching `filter` that `scope` may list, grouped by `dimension` (routes
/// ask `AnswersAtSeq::grouped`, which keeps the answer until the next change).
pub fn capacity_groups(
    conn: &mut DbConnection,
    scope: ReadScope,
    filter: &CapacityFilter,
    dimension: CapacityDimension,
) -> Result<CapacityAnswer, ApiError> {
    let key = match dimension {
        CapacityDimension::Sector => CapacityKey::Sector,
        CapacityDimension::Format => CapacityKey::Format,
        CapacityDimension::Organisation => CapacityKey::Organisation,
    };
    let capacities = store::ids(conn, filter, scope)?;
    let listed: HashSet<&String> = capacities.iter().collect();
    let mut drawing_on: HashMap<String, HashSet<String>> = HashMap::new();
    for (capacity, project) in store::capacities_drawn_on(conn, scope)? {
        if listed.contains(&capacity) {
            drawing_on.entry(capacity).or_default().insert(project);
        }
    }
    let mut members: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for (capacity, key) in store::keys(conn, key)? {
        if listed.contains(&capacity) {
            members.entry(key).or_default().insert(capacity);
        }
    }
    let figures = |capacities: &mut dyn Iterator<Item = &String>| {
        let mut count = 0;
        let mut projects: HashSet<&String> = HashSet::new();
        for capacity in capacities {
            count += 1;
            projects.extend(drawing_on.get(capacity).into_iter().flatten());
        }
        CapacityFigures {
            capacities: count,
            projects: projects.len() as i64,
        }
    };
    let total = figures(&mut capacities.iter());
    let groups: Vec<(String, CapacityFigures)> = members
        .iter()
        .map(|(key, ids)| (key.clone(), figures(&mut ids.iter())))
        .collect();
    let names = if dimension == CapacityDimension::Organisation {
        org_store::names(conn, members.keys().cloned().collect())?
    } else {
        HashMap::new()
    };
    Ok(CapacityAnswer {
        total,
        groups,
        names,
    })
}
