//! Demo data: the directorate's own ministries and agencies, partner ministries, donors,
//! multilaterals and regional bodies. Written through the same domain operations as the
//! API (so every record has its history); a second run adds nothing.

use std::collections::HashMap;

use uuid::Uuid;

use crate::auth::{Caller, Role};
use crate::db::Db;
use crate::domain::organisations::{self as orgs, OrganisationFilter, OrganisationInput};
use crate::store::organisations as org_store;

/// (name, acronym, IATI organisation type, country, IATI identifier, parent acronym)
type DemoOrganisation = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const DEMO_ORGANISATIONS: &[DemoOrganisation] = &[
    // Argentina: the directorate, its ministry and the technical agencies it mobilises.
    (
        "Ministerio de Relaciones Exteriores, Comercio Internacional y Culto",
        "MRECIC",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Dirección General de Cooperación Internacional",
        "DGCIN",
        "10",
        Some("AR"),
        None,
        Some("MRECIC"),
    ),
    (
        "Fondo Argentino de Cooperación Internacional",
        "FO.AR",
        "10",
        Some("AR"),
        None,
        Some("MRECIC"),
    ),
    (
        "Instituto Nacional de Tecnología Agropecuaria",
        "INTA",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Instituto Nacional de Tecnología Industrial",
        "INTI",
        "10",
        Some("AR"),
        Some("AR-CUIT-30546671166"),
        None,
    ),
    (
        "Consejo Nacional de Investigaciones Científicas y Técnicas",
        "CONICET",
        "15",
        Some("AR"),
        None,
        None,
    ),
    (
        "Servicio Nacional de Sanidad y Calidad Agroalimentaria",
        "SENASA",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Ministerio de Salud de la Nación",
        "MSAL",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Universidad de Buenos Aires",
        "UBA",
        "80",
        Some("AR"),
        None,
        None,
    ),
    // Partner ministries.
    (
        "Ministerio de Desarrollo Rural y Tierras",
        "MDRyT",
        "10",
        Some("BO"),
        None,
        None,
    ),
    (
        "Viceministerio de Inversión Pública y Financiamiento Externo",
        "VIPFE",
        "10",
        Some("BO"),
        None,
        None,
    ),
    (
        "Ministerio de Agricultura y Ganadería",
        "MAG",
        "10",
        Some("PY"),
        None,
        None,
    ),
    (
        "Ministério da Agricultura e Desenvolvimento Rural",
        "MADER",
        "10",
        Some("MZ"),
        None,
        None,
    ),
    (
        "Ministry of Agriculture and Rural Development",
        "MARD",
        "10",
        Some("VN"),
        None,
        None,
    ),
    (
        "Ministère de l'Agriculture, des Ressources Naturelles et du Développement Rural",
        "MARNDR",
        "10",
        Some("HT"),
        None,
        None,
    ),
    (
        "Ministère de la Planification et de la Coopération Externe",
        "MPCE",
        "10",
        Some("HT"),
        None,
        None,
    ),
    // Second providers, multilaterals and regional bodies.
    (
        "Japan International Cooperation Agency",
        "JICA",
        "10",
        Some("JP"),
        None,
        None,
    ),
    (
        "United Nations Development Programme",
        "UNDP",
        "40",
        None,
        Some("XM-DAC-41114"),
        None,
    ),
    (
        "Food and Agriculture Organization of the United Nations",
        "FAO",
        "40",
        None,
        Some("XM-DAC-41301"),
        None,
    ),
    ("Secretaría del MERCOSUR", "SM", "40", None, None, None),
    (
        "Instituto Social del MERCOSUR",
        "ISM",
        "40",
        None,
        None,
        None,
    ),
    (
        "Presidencia Pro Tempore de la CELAC",
        "PPT-CELAC",
        "40",
        None,
        None,
        None,
    ),
];

fn seed_caller() -> Caller {
    Caller {
        sub: "seed".into(),
        role: Role::Admin,
        org: None,
    }
}

/// Load the demo organisations (skipping any whose name is already present).
pub async fn demo(db: &Db) -> Result<(), String> {
    let created = db
        .write(|conn| {
            let caller = seed_caller();
            let mut by_acronym: HashMap<&str, Uuid> = HashMap::new();
            let mut created = 0;
            for &(name, acronym, org_type, country, iati, parent) in DEMO_ORGANISATIONS {
                let filter = OrganisationFilter {
                    q: Some(crate::text::fold(name)),
                    ..Default::default()
                };
                let existing = org_store::list(conn, &filter, None, 10)?
                    .into_iter()
                    .find(|(org, _)| org.name == name);
                let id = match existing {
                    Some((org, _)) => org.id,
                    None => {
                        let input = OrganisationInput {
                            name: name.into(),
                            acronym: Some(acronym.into()),
                            organisation_type: org_type.into(),
                            country_code: country.map(Into::into),
                            iati_identifier: iati.map(Into::into),
                            parent_id: parent.and_then(|p| by_acronym.get(p).copied()),
                        };
                        created += 1;
                        orgs::create(conn, &caller, input)?.id
                    }
                };
                by_acronym.insert(acronym, id);
            }
            Ok(created)
        })
        .await
        .map_err(|e| format!("seeding failed: {}", e.detail))?;
    println!("demo data: {created} organisation(s) created");
    Ok(())
}
