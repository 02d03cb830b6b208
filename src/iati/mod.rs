//! IATI 2.03: projects published as IATI activity XML. `export` writes one activity per
//! project, elements in the schema's order; `MAPPING.md` beside this file is the table of
//! how each member maps (and where what IATI has no element for goes).

pub mod export;
pub mod import;
pub mod organisation;
pub mod public_file;
pub mod publication;
pub mod reader;
pub mod reader_input;

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
#[derive(Debug, Clone)]
pub struct IatiSettings {
    pub reporting_org: ReportingOrg,
    /// Serve the public, approved records at `/iati/activities.xml` without a token.
    pub publish: bool,
    /// Imports running at once in this process (each holds its file in memory): past
    /// [`IMPORTS_AT_ONCE`], `POST /iati/imports` answers 503.
    pub import_slots: std::sync::Arc<tokio::sync::Semaphore>,
    /// The public activity file, generated once per change.
    pub public_files: std::sync::Arc<public_file::PublicFiles>,
    /// The public organisation file, likewise.
    pub organisation_files: std::sync::Arc<public_file::PublicFiles>,
    /// The reporting organisation's own documents, for its organisation file
    /// (`SSC_IATI_ORGANISATION_DOCUMENTS`).
    pub organisation_documents: Vec<crate::domain::documents::DocumentLink>,
}

/// Imports one process runs at once.
pub const IMPORTS_AT_ONCE: usize = 2;

impl Default for IatiSettings {
    fn default() -> Self {
        IatiSettings {
            reporting_org: ReportingOrg::default(),
            publish: false,
            import_slots: std::sync::Arc::new(tokio::sync::Semaphore::new(IMPORTS_AT_ONCE)),
            public_files: Default::default(),
            organisation_files: Default::default(),
            organisation_documents: Vec::new(),
        }
    }
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
