//! Organisations an activity names (participating and providing organisations): found
//! by IATI identifier, else by exactly the same name, else created. What is created is
//! checked against the organisations' rules before anything is written, so a project
//! that its own rules refuse leaves no organisation behind.

use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::codelists;
use crate::db::DbConnection;
use crate::domain::organisations::{Organisation, OrganisationInput};
use crate::domain::record;
use crate::error::ApiError;
use crate::iati::import::map::texts::texts;
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;
use crate::store::organisations as organisation_store;

/// Organisation types of government bodies, which need a country.
const GOVERNMENT_TYPES: [&str; 3] = ["10", "11", "15"];

/// An organisation as an activity names it.
#[derive(Debug, Clone)]
pub struct OrganisationRef {
    pub reference: Option<String>,
    pub name: Option<String>,
    pub organisation_type: Option<String>,
    pub country: Option<String>,
    pub path: String,
}

impl OrganisationRef {
    pub fn of(node: &Node, path: String, default_language: &str) -> Self {
        OrganisationRef {
            reference: node.attribute("ref").map(str::to_owned),
            name: texts(node, default_language).into_values().next(),
            organisation_type: node.attribute("type").map(str::to_owned),
            country: node.attribute("ssc:country").map(str::to_owned),
            path,
        }
    }

    /// The key two mentions of one organisation share.
    pub fn key(&self) -> (Option<&str>, Option<&str>) {
        (self.reference.as_deref(), self.name.as_deref())
    }
}

/// The organisation already in the database, by IATI identifier, else by name (the
/// name it would be created with).
pub fn find(
    conn: &mut DbConnection,
    organisation: &OrganisationRef,
) -> Result<Option<Uuid>, ApiError> {
    if let Some(reference) = &organisation.reference
        && let Some(id) = organisation_store::id_by_iati_identifier(conn, reference)?
    {
        return Ok(Some(id));
    }
    match name_of(organisation) {
        Some(name) => Ok(organisation_store::id_by_name(conn, &name)?),
        None => Ok(None),
    }
}

fn name_of(organisation: &OrganisationRef) -> Option<String> {
    organisation
        .name
        .clone()
        .or_else(|| organisation.reference.clone())
}

/// The organisation to create for one an activity names, checked against the
/// organisations' rules; `None` (with a note) when none can be. A `ref` that is not an
/// IATI identifier (a bare agency number, unusual characters) names it but is not
/// kept as its identifier; a government body whose country the file does not give is
/// created as type 90 (Other), with a note to correct it.
pub fn planned(organisation: &OrganisationRef, notes: &mut Notes) -> Option<OrganisationInput> {
    let Some(name) = name_of(organisation) else {
        notes.add(
            &organisation.path,
            "an organisation without ref or name: left out",
        );
        return None;
    };
    let mut organisation_type = match organisation.organisation_type.as_deref() {
        Some(code) if codelists::organisation_types().active(code, "type").is_ok() => {
            code.to_owned()
        }
        other => {
            if let Some(code) = other {
                notes.add(
                    format!("{}/@type", organisation.path),
                    format!("unknown organisation type {code:?}: created as 90 (Other)"),
                );
            }
            "90".to_owned()
        }
    };
    // The country: as the file says, else the identifier's registration agency's.
    let country = organisation.country.clone().or_else(|| {
        let prefix = organisation.reference.as_deref()?.get(..2)?;
        codelists::countries()
            .get(prefix)
            .map(|_| prefix.to_owned())
    });
    if country.is_none() && GOVERNMENT_TYPES.contains(&organisation_type.as_str()) {
        notes.add(
            format!("{}/@type", organisation.path),
            "a government body needs a country, and the file gives none: created as 90 (Other); correct it",
        );
        organisation_type = "90".to_owned();
    }
    let mut input = OrganisationInput {
        name,
        acronym: None,
        organisation_type,
        country_code: country,
        iati_identifier: organisation.reference.clone(),
        parent_id: None,
    };
    let identifier_refused = record::check_all::<Organisation>(&mut input.clone())
        .err()
        .is_some_and(|e| {
            e.errors
                .iter()
                .any(|e| e.pointer.as_deref() == Some("/iati_identifier"))
        });
    if identifier_refused {
        notes.add(
            format!("{}/@ref", organisation.path),
            "not an IATI organisation identifier: it names the organisation but is not kept as its identifier",
        );
        input.iati_identifier = None;
    }
    match record::check_all::<Organisation>(&mut input) {
        Ok(()) => Some(input),
        Err(error) => {
            let why = error
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.pointer.as_deref().unwrap_or(""), e.message))
                .collect::<Vec<_>>()
                .join("; ");
            notes.add(
                &organisation.path,
                format!("the organisation cannot be created ({why}): left out"),
            );
            None
        }
    }
}

/// Create an organisation [`planned`] checked. Organisations are otherwise written by
/// admins: an import (for admins and coordinators) creates those its activities name,
/// under the importer's name.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    input: OrganisationInput,
) -> Result<Uuid, ApiError> {
    let importer = Caller {
        role: Role::Admin,
        ..caller.clone()
    };
    record::create::<Organisation>(conn, &importer, input, Default::default())
        .map(|saved| saved.record.id)
}
