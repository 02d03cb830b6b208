//! The demo catalogue: what Argentine institutions can share with partner countries, in
//! fields each is publicly known for (INTA's rural extension and ProHuerta, INTI's
//! industrial quality, SENASA's animal health, the forensic anthropologists of the EAAF,
//! ...). Titles in Spanish and English, some in Portuguese or French; every format,
//! status and visibility occurs.

use uuid::Uuid;

use crate::domain::capacities::CapacityInput;

/// The catalogue, in the order of its documented ids (append, never insert): each
/// capacity as a client sends it, its offering organisations named by their acronyms.
const CATALOGUE: &str = include_str!("data/capacities.json");

/// Project code → the demo capacities (their places, from 1) it draws on.
pub const PROJECT_CAPACITIES: &[(&str, &[usize])] =
    &[("FOAR-2025-0012", &[1]), ("FOAR-TRI-2024-0003", &[2, 3])];

/// The demo capacities' inputs, in the catalogue's order; `id` gives a demo
/// organisation's id by its acronym.
pub fn inputs(id: impl Fn(&str) -> Uuid) -> Vec<CapacityInput> {
    let bodies: Vec<serde_json::Value> =
        serde_json::from_str(CATALOGUE).expect("the demo catalogue is valid JSON");
    bodies
        .into_iter()
        .map(|mut body| {
            let offering = &mut body["offering_organisations"];
            let acronyms: Vec<String> =
                serde_json::from_value(offering.take()).expect("acronyms of the offering");
            *offering = acronyms.iter().map(|a| id(a).to_string()).collect();
            serde_json::from_value(body).expect("a demo capacity is a capacity's input")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::capacities::Capacity;
    use crate::domain::record::{self, RecordKind};

    #[test]
    fn every_demo_capacity_is_valid() {
        let today = chrono::Utc::now().date_naive();
        let inputs = inputs(|_| Uuid::now_v7());
        assert_eq!(inputs.len(), 26);
        for mut input in inputs {
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{:?}",
                input.title
            );
            record::check_all::<Capacity>(&mut input).unwrap();
        }
    }
}
