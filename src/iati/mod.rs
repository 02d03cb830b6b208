//! IATI 2.03: projects published as IATI activity XML. `export` writes one activity per
//! project, elements in the schema's order; `MAPPING.md` beside this file is the table of
//! how each member maps (and where what IATI has no element for goes).

pub mod export;
pub mod import;
pub mod publication;
pub mod reader;

/// The organisation publishing the activities (IATI `reporting-org`), from
/// `SSC_IATI_REPORTING_ORG_REF`, `_TYPE` and `_NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingOrg {
    /// Its IATI organisation identifier, `{registration agency}-{number}`; activity
    /// identifiers start with it.
    pub reference: String,
    /// IATI OrganisationType code (10: government).
    pub organisation_type: String,
    pub name: String,
}

impl Default for ReportingOrg {
    fn default() -> Self {
        ReportingOrg {
            reference: "AR-CUIT-30546671166".into(),
            organisation_type: "10".into(),
            name: "Ministerio de Relaciones Exteriores, Comercio Internacional y Culto".into(),
        }
    }
}

/// How the service publishes IATI.
#[derive(Debug, Clone, Default)]
pub struct IatiSettings {
    pub reporting_org: ReportingOrg,
    /// Serve the public, approved records at `/iati/activities.xml` without a token.
    pub publish: bool,
}

/// The characters the IATI Standard ruleset forbids in an activity identifier.
const FORBIDDEN_IN_IDENTIFIERS: [char; 4] = ['/', '&', '|', '?'];

/// A project's IATI activity identifier: its own `iati_identifier`, else
/// `{reporting-org ref}-{code}`; a character the ruleset forbids becomes `-`.
pub fn activity_identifier(
    iati_identifier: Option<&str>,
    code: &str,
    reporting: &ReportingOrg,
) -> String {
    let identifier = match iati_identifier {
        Some(identifier) => identifier.to_owned(),
        None => format!("{}-{code}", reporting.reference),
    };
    identifier.replace(FORBIDDEN_IN_IDENTIFIERS, "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_carry_the_reporting_org_and_no_forbidden_characters() {
        let org = ReportingOrg::default();
        assert_eq!(
            activity_identifier(None, "FOAR-2025-0012", &org),
            "AR-CUIT-30546671166-FOAR-2025-0012"
        );
        assert_eq!(
            activity_identifier(None, "FO/AR&1|2?3", &org),
            "AR-CUIT-30546671166-FO-AR-1-2-3"
        );
        assert_eq!(
            activity_identifier(Some("XM-DAC-41114-PROJECT-00123"), "X", &org),
            "XM-DAC-41114-PROJECT-00123"
        );
    }
}
