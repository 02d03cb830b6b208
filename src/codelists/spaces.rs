//! Integration spaces and forums (MERCOSUR, CELAC, FEALAC, ...): a built-in codelist
//! with each space's member states and when they joined or left.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::codelists::CodeStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpaceKind {
    /// A bloc of one region (MERCOSUR, SICA, ...).
    Regional,
    /// A forum between regions (ASA, FEALAC, ASPA, the Ibero-American Conference).
    Interregional,
}

/// One period of membership of a state in a space.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Membership {
    pub country_code: String,
    /// Null when not known (treated as a member since the space was founded).
    #[schema(required = true)]
    pub joined: Option<NaiveDate>,
    /// Null while still a member.
    #[schema(required = true)]
    pub left: Option<NaiveDate>,
    #[schema(required = true)]
    pub note: Option<String>,
}

/// An integration space or forum.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "code": "mercosur", "kind": "regional",
    "labels": {"en": "Southern Common Market (MERCOSUR)", "es": "Mercado Común del Sur (MERCOSUR)"},
    "founded": "1991-03-26", "status": "active",
    "members": [{"country_code": "AR", "joined": "1991-03-26", "left": null, "note": null}]
}))]
pub struct IntegrationSpace {
    pub code: String,
    pub kind: SpaceKind,
    pub labels: SpaceLabels,
    pub founded: NaiveDate,
    pub status: CodeStatus,
    pub members: Vec<Membership>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SpaceLabels {
    pub en: String,
    pub es: String,
}

impl IntegrationSpace {
    /// Was `country` a member on `date`?
    pub fn has_member_on(&self, country: &str, date: NaiveDate) -> bool {
        self.members.iter().any(|m| {
            m.country_code == country
                && m.joined.is_none_or(|joined| joined <= date)
                && m.left.is_none_or(|left| date < left)
        })
    }
}

/// The embedded file's shape (labels flat, as the derive script writes them).
#[derive(Deserialize)]
struct StoredSpace {
    code: String,
    kind: SpaceKind,
    en: String,
    es: String,
    founded: NaiveDate,
    status: CodeStatus,
    members: Vec<Membership>,
}

pub fn integration_spaces() -> &'static [IntegrationSpace] {
    static SPACES: LazyLock<Vec<IntegrationSpace>> = LazyLock::new(|| {
        let stored: Vec<StoredSpace> =
            serde_json::from_str(include_str!("data/integration_spaces.json"))
                .expect("embedded integration spaces");
        stored
            .into_iter()
            .map(|s| IntegrationSpace {
                code: s.code,
                kind: s.kind,
                labels: SpaceLabels { en: s.en, es: s.es },
                founded: s.founded,
                status: s.status,
                members: s.members,
            })
            .collect()
    });
    &SPACES
}

pub fn integration_space(code: &str) -> Option<&'static IntegrationSpace> {
    integration_spaces().iter().find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn membership_follows_the_dates() {
        let mercosur = integration_space("mercosur").unwrap();
        assert!(mercosur.has_member_on("AR", date("1995-01-01")));
        assert!(!mercosur.has_member_on("BO", date("2020-01-01")));
        assert!(mercosur.has_member_on("BO", date("2024-07-08")));
        let unasur = integration_space("unasur").unwrap();
        assert!(unasur.has_member_on("BR", date("2015-01-01")));
        assert!(!unasur.has_member_on("BR", date("2021-01-01")));
        assert!(unasur.has_member_on("BR", date("2024-01-01")));
        let asa = integration_space("asa").unwrap();
        assert_eq!(asa.kind, SpaceKind::Interregional);
        assert!(asa.has_member_on("MZ", date("2010-01-01")));
        assert_eq!(integration_spaces().len(), 12);
    }
}
