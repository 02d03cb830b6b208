//! The demo data's ids. They are fixed, so that the contract's examples, the README and a
//! newcomer's first requests name records that exist after `seed --demo` on any machine:
//! `0193a6a0-KKKK-7000-8000-NNNNNNNNNNNN`, KKKK the kind, N the record's place in the
//! demo's list (from 1). Add records at the end of a list, never between: an id, once
//! documented, keeps naming the same record.

use uuid::Uuid;

const ORGANISATION: u16 = 1;
const PROJECT: u16 = 2;
const PARTNERSHIP: u16 = 3;
const ARRANGEMENT: u16 = 4;
const EXCHANGE: u16 = 5;
const CAPACITY: u16 = 6;
const REQUEST: u16 = 7;

fn demo_id(kind: u16, place: usize) -> Uuid {
    Uuid::from_u128(
        0x0193a6a0_0000_7000_8000_000000000000 | (u128::from(kind) << 80) | place as u128,
    )
}

/// The demo organisation at `place` (from 1) of the demo's list.
pub fn organisation(place: usize) -> Uuid {
    demo_id(ORGANISATION, place)
}

pub fn project(place: usize) -> Uuid {
    demo_id(PROJECT, place)
}

pub fn partnership(place: usize) -> Uuid {
    demo_id(PARTNERSHIP, place)
}

pub fn arrangement(place: usize) -> Uuid {
    demo_id(ARRANGEMENT, place)
}

pub fn exchange(place: usize) -> Uuid {
    demo_id(EXCHANGE, place)
}

pub fn capacity(place: usize) -> Uuid {
    demo_id(CAPACITY, place)
}

/// The demo cooperation request at `place` (from 1) of `seed::requests`' list.
pub fn request(place: usize) -> Uuid {
    demo_id(REQUEST, place)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_ids_read_as_their_kind_and_place() {
        assert_eq!(
            organisation(4).to_string(),
            "0193a6a0-0001-7000-8000-000000000004"
        );
        assert_eq!(
            project(12).to_string(),
            "0193a6a0-0002-7000-8000-00000000000c"
        );
        assert_eq!(exchange(1).get_version_num(), 7);
    }
}
