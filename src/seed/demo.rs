//! Demo data: the directorate's own ministries and agencies, partner ministries, donors,
//! multilaterals and regional bodies, and a dozen projects across every modality. A
//! second run adds nothing.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::{Db, DbConnection};
use crate::domain::arrangements::TriangularArrangement;
use crate::domain::capacities::Capacity;
use crate::domain::documents::DocumentLink;
use crate::domain::exchanges::PolicyExchange;
use crate::domain::organisations::{Organisation, OrganisationInput};
use crate::domain::partnerships::Partnership;
use crate::domain::projects::Project;
use crate::domain::projects::{
    Contribution, CountryShare, Instrument, Modality, Money, Participant, ParticipantRole,
    ProjectInput, RegionShare, SectorShare,
};
use crate::domain::record::{self, RecordStorage};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::seed::{capacities, demo_ids, frameworks, requests, seed_caller};
use crate::store::organisations::{self as org_store, OrganisationFilter};
use crate::store::{
    arrangements as arrangement_store, capacities as capacity_store, exchanges as exchange_store,
    partnerships as partnership_store, projects as project_store,
};

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
    // The institutions of the demo catalogue (`seed::capacities`).
    (
        "Administración Nacional de Medicamentos, Alimentos y Tecnología Médica",
        "ANMAT",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Comisión Nacional de Actividades Espaciales",
        "CONAE",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Servicio Geológico Minero Argentino",
        "SEGEMAR",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Servicio Meteorológico Nacional",
        "SMN",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Ministerio de Desarrollo Social de la Nación",
        "MDS",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Administración Nacional de Laboratorios e Institutos de Salud Dr. Carlos G. Malbrán",
        "ANLIS",
        "10",
        Some("AR"),
        None,
        Some("MSAL"),
    ),
    (
        "Instituto Nacional de Investigación y Desarrollo Pesquero",
        "INIDEP",
        "10",
        Some("AR"),
        None,
        None,
    ),
    (
        "Equipo Argentino de Antropología Forense",
        "EAAF",
        "22",
        Some("AR"),
        None,
        None,
    ),
    (
        "Universidad Nacional de La Plata",
        "UNLP",
        "80",
        Some("AR"),
        None,
        None,
    ),
    (
        "Instituto Nacional Central Único Coordinador de Ablación e Implante",
        "INCUCAI",
        "10",
        Some("AR"),
        None,
        Some("MSAL"),
    ),
    (
        "Comisión Nacional de Energía Atómica",
        "CNEA",
        "10",
        Some("AR"),
        None,
        None,
    ), // Partner ministries that ask for cooperation (`seed::requests`).
    (
        "Ministerio de Agricultura, Ganadería y Alimentación",
        "MAGA",
        "10",
        Some("GT"),
        None,
        None,
    ),
    ("Secretaría de Salud", "SESAL", "10", Some("HN"), None, None),
    (
        "Ministry of Agriculture, Fisheries and Mining",
        "MOAFM",
        "10",
        Some("JM"),
        None,
        None,
    ),
    (
        "Ministerio de Salud Pública y Asistencia Social",
        "MISPAS",
        "10",
        Some("DO"),
        None,
        None,
    ),
    ("Ministério da Saúde", "MINSA", "10", Some("AO"), None, None),
    (
        "Ministère de l'Agriculture, de la Souveraineté alimentaire et de l'Élevage",
        "MASAE",
        "10",
        Some("SN"),
        None,
        None,
    ),
    (
        "Ministry of Agriculture and Livestock Development",
        "MoALD",
        "10",
        Some("KE"),
        None,
        None,
    ),
    (
        "Ministério da Agricultura, Pecuária, Pescas e Florestas",
        "MAPPF",
        "10",
        Some("TL"),
        None,
        None,
    ),
    (
        "Department of Agriculture",
        "DA",
        "10",
        Some("PH"),
        None,
        None,
    ),
    (
        "Ministerio de Salud Pública",
        "MSP",
        "10",
        Some("EC"),
        None,
        None,
    ),
];

/// (acronym, amount, currency, expert days)
type DemoContribution = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<u32>,
);

/// A demo project in a compact form; see `DEMO_PROJECTS`.
struct DemoProject {
    code: &'static str,
    title: &'static str,
    description: &'static str,
    modality: Modality,
    instrument: Instrument,
    status: i32,
    visibility: Visibility,
    planned: (&'static str, &'static str),
    actual: (Option<&'static str>, Option<&'static str>),
    countries: &'static [(&'static str, &'static str)],
    regions: &'static [(&'static str, &'static str)],
    sectors: &'static [(&'static str, &'static str)],
    sdgs: &'static [i32],
    targets: &'static [&'static str],
    participants: &'static [(&'static str, ParticipantRole)],
    budget: Option<(&'static str, &'static str)>,
    contributions: &'static [DemoContribution],
}

use crate::messages::counted;
use Instrument::{Action, Programme, Project as ProjectInstrument};
use Modality::{BilateralSsc, Multilateral, RegionalSsc, Triangular};
use ParticipantRole::{
    Both, FirstProvider, Funding, Implementing, Provider, Recipient, SecondProvider,
};
use Visibility::{Public, Restricted};

const DEMO_PROJECTS: &[DemoProject] = &[
    DemoProject {
        code: "FOAR-2025-0012",
        title: "Fortalecimiento de la cadena láctea",
        description: "Transferencia de tecnología del INTI a pequeños productores lecheros del altiplano boliviano: calidad, inocuidad y queserías comunitarias.",
        modality: BilateralSsc,
        instrument: ProjectInstrument,
        status: 2,
        visibility: Public,
        planned: ("2025-03-01", "2026-12-31"),
        actual: (Some("2025-03-15"), None),
        countries: &[("BO", "100")],
        regions: &[],
        sectors: &[("31166", "60"), ("31195", "40")],
        sdgs: &[2, 8],
        targets: &["2.3"],
        participants: &[("INTI", Provider), ("MDRyT", Recipient)],
        budget: Some(("125000.00", "USD")),
        contributions: &[
            ("INTI", Some("80000.00"), Some("USD"), Some(120)),
            ("MDRyT", Some("45000.00"), Some("USD"), None),
        ],
    },
    DemoProject {
        code: "FOAR-TRI-2024-0003",
        title: "Agricultura familiar sostenible en el Chaco paraguayo",
        description: "Programa triangular Argentina–Japón–Paraguay: extensión rural, manejo de suelos y agua para la agricultura familiar.",
        modality: Triangular,
        instrument: Programme,
        status: 2,
        visibility: Public,
        planned: ("2024-06-01", "2027-05-31"),
        actual: (Some("2024-07-01"), None),
        countries: &[("PY", "100")],
        regions: &[],
        sectors: &[("31120", "70"), ("31166", "30")],
        sdgs: &[1, 2],
        targets: &["1.4", "2.4"],
        participants: &[
            ("INTA", FirstProvider),
            ("JICA", SecondProvider),
            ("MAG", Recipient),
        ],
        budget: Some(("45000000", "JPY")),
        contributions: &[
            ("JICA", Some("30000000"), Some("JPY"), None),
            ("INTA", None, None, Some(360)),
            ("MAG", Some("15000000"), Some("JPY"), None),
        ],
    },
    DemoProject {
        code: "FOAR-2023-0041",
        title: "Vigilancia epidemiológica de la fiebre aftosa",
        description: "El SENASA comparte con el MAG de Paraguay su sistema de vigilancia y sus protocolos de laboratorio.",
        modality: BilateralSsc,
        instrument: ProjectInstrument,
        status: 3,
        visibility: Public,
        planned: ("2023-04-01", "2025-03-31"),
        actual: (Some("2023-05-02"), Some("2025-03-28")),
        countries: &[("PY", "100")],
        regions: &[],
        sectors: &[("31195", "100")],
        sdgs: &[2, 3],
        targets: &[],
        participants: &[("SENASA", Provider), ("MAG", Recipient)],
        budget: Some(("60000.00", "USD")),
        contributions: &[("SENASA", None, None, Some(90))],
    },
    DemoProject {
        code: "FOAR-2022-0007",
        title: "ProHuerta Haití: huertas familiares y seguridad alimentaria",
        description: "Autoproducción de alimentos frescos en huertas familiares y escolares con semillas, capacitación y promotores locales.",
        modality: BilateralSsc,
        instrument: Programme,
        status: 4,
        visibility: Public,
        planned: ("2022-01-15", "2024-12-31"),
        actual: (Some("2022-02-01"), Some("2024-12-20")),
        countries: &[("HT", "100")],
        regions: &[],
        sectors: &[("31161", "80"), ("31166", "20")],
        sdgs: &[2],
        targets: &["2.1"],
        participants: &[("INTA", Provider), ("MARNDR", Recipient)],
        budget: Some(("350000.00", "USD")),
        contributions: &[("INTA", Some("250000.00"), Some("USD"), Some(480))],
    },
    DemoProject {
        code: "FOAR-2025-0020",
        title: "Horticultura y poscosecha en la provincia de Nampula",
        description: "Asistencia técnica del INTA al MADER de Mozambique en horticultura, riego por goteo y manejo poscosecha.",
        modality: BilateralSsc,
        instrument: ProjectInstrument,
        status: 1,
        visibility: Public,
        planned: ("2026-03-01", "2027-12-31"),
        actual: (None, None),
        countries: &[("MZ", "100")],
        regions: &[],
        sectors: &[("31161", "100")],
        sdgs: &[2, 12],
        targets: &[],
        participants: &[("INTA", Provider), ("MADER", Recipient)],
        budget: Some(("90000.00", "USD")),
        contributions: &[],
    },
    DemoProject {
        code: "FOAR-2024-0033",
        title: "Intercambio de experiencias en mejoramiento genético del arroz",
        description: "Intercambio entre el INTA y el MARD de Viet Nam sobre variedades de arroz tolerantes a la salinidad.",
        modality: BilateralSsc,
        instrument: Action,
        status: 2,
        visibility: Public,
        planned: ("2024-09-01", "2025-12-31"),
        actual: (Some("2024-10-07"), None),
        countries: &[("VN", "50"), ("AR", "50")],
        regions: &[],
        sectors: &[("31182", "100")],
        sdgs: &[2, 13],
        targets: &[],
        participants: &[("INTA", Both), ("MARD", Both)],
        budget: None,
        contributions: &[
            ("INTA", None, None, Some(45)),
            ("MARD", None, None, Some(45)),
        ],
    },
    DemoProject {
        code: "MERCOSUR-2025-0002",
        title: "Red regional de laboratorios de salud pública",
        description: "Proyecto regional del MERCOSUR para armonizar protocolos de vigilancia y formar personal de laboratorio.",
        modality: RegionalSsc,
        instrument: Programme,
        status: 2,
        visibility: Public,
        planned: ("2025-01-01", "2027-12-31"),
        actual: (Some("2025-02-10"), None),
        countries: &[],
        regions: &[("489", "100")],
        sectors: &[("12220", "60"), ("12191", "40")],
        sdgs: &[3],
        targets: &["3.d"],
        participants: &[
            ("MSAL", Provider),
            ("SM", Implementing),
            ("ISM", Implementing),
        ],
        budget: Some(("500000.00", "USD")),
        contributions: &[("MSAL", Some("200000.00"), Some("USD"), Some(150))],
    },
    DemoProject {
        code: "FAO-AR-2024-0001",
        title: "Programa FAO-Argentina de cooperación Sur-Sur en agricultura familiar",
        description: "La FAO facilita la transferencia de experiencias argentinas de agricultura familiar a países de América del Sur.",
        modality: Multilateral,
        instrument: Programme,
        status: 2,
        visibility: Public,
        planned: ("2024-03-01", "2026-02-28"),
        actual: (Some("2024-03-01"), None),
        countries: &[],
        regions: &[("489", "100")],
        sectors: &[("31120", "100")],
        sdgs: &[1, 2],
        targets: &[],
        participants: &[("FAO", Funding), ("FAO", Implementing), ("INTA", Provider)],
        budget: Some(("1200000.00", "USD")),
        contributions: &[
            ("FAO", Some("900000.00"), Some("USD"), None),
            ("INTA", Some("300000.00"), Some("USD"), Some(600)),
        ],
    },
    DemoProject {
        code: "FOAR-2024-0018",
        title: "Gestión de la inversión pública y sistemas de información",
        description: "Formación de equipos del VIPFE en evaluación de proyectos de inversión pública, con apoyo académico de la UBA.",
        modality: BilateralSsc,
        instrument: ProjectInstrument,
        status: 2,
        visibility: Public,
        planned: ("2024-05-01", "2026-04-30"),
        actual: (Some("2024-06-03"), None),
        countries: &[("BO", "100")],
        regions: &[],
        sectors: &[("15110", "100")],
        sdgs: &[16, 17],
        targets: &["17.9"],
        participants: &[("UBA", Provider), ("VIPFE", Recipient)],
        budget: Some(("48000.00", "USD")),
        contributions: &[("UBA", None, None, Some(80))],
    },
    DemoProject {
        code: "FOAR-2023-0050",
        title: "Misión técnica en metrología legal",
        description: "Misión del INTI para apoyar la puesta en marcha del laboratorio nacional de metrología.",
        modality: BilateralSsc,
        instrument: Action,
        status: 5,
        visibility: Public,
        planned: ("2023-08-01", "2023-12-15"),
        actual: (None, None),
        countries: &[("BO", "100")],
        regions: &[],
        sectors: &[("32182", "100")],
        sdgs: &[9],
        targets: &[],
        participants: &[("INTI", Provider), ("MDRyT", Recipient)],
        budget: Some(("12000.00", "USD")),
        contributions: &[],
    },
    DemoProject {
        code: "FOAR-2025-0031",
        title: "Sistemas de alerta temprana agroclimática",
        description: "Asistencia técnica reservada a las partes: modelos de pronóstico y sistemas de alerta para el delta del Mekong.",
        modality: BilateralSsc,
        instrument: ProjectInstrument,
        status: 2,
        visibility: Restricted,
        planned: ("2025-06-01", "2026-11-30"),
        actual: (Some("2025-06-16"), None),
        countries: &[("VN", "100")],
        regions: &[],
        sectors: &[("74020", "50"), ("41010", "50")],
        sdgs: &[13],
        targets: &["13.1"],
        participants: &[("INTA", Provider), ("MARD", Recipient)],
        budget: Some(("2500000000", "VND")),
        contributions: &[],
    },
    DemoProject {
        code: "FOAR-TRI-2025-0006",
        title: "Fortalecimiento institucional de la planificación en Haití",
        description: "Cooperación triangular Argentina–PNUD–Haití para los sistemas de planificación y coordinación de la cooperación externa.",
        modality: Triangular,
        instrument: ProjectInstrument,
        status: 1,
        visibility: Public,
        planned: ("2026-01-15", "2027-06-30"),
        actual: (None, None),
        countries: &[("HT", "100")],
        regions: &[],
        sectors: &[("15110", "100")],
        sdgs: &[16, 17],
        targets: &["17.9"],
        participants: &[
            ("DGCIN", FirstProvider),
            ("UNDP", SecondProvider),
            ("MPCE", Recipient),
        ],
        budget: Some(("400000.00", "USD")),
        contributions: &[
            ("UNDP", Some("250000.00"), Some("USD"), None),
            ("DGCIN", Some("150000.00"), Some("USD"), Some(200)),
        ],
    },
];

fn date(text: &str) -> NaiveDate {
    text.parse().expect("demo dates are valid")
}

fn project_input(spec: &DemoProject, ids: &HashMap<&str, Uuid>) -> ProjectInput {
    let id = |acronym: &str| {
        *ids.get(acronym)
            .unwrap_or_else(|| panic!("demo organisation {acronym}"))
    };
    let code = spec.code.to_lowercase();
    let mut document_links = vec![DocumentLink {
        url: format!("https://cooperacion.example.gob.ar/proyectos/{code}"),
        format: "text/html".into(),
        title: [
            ("es".to_owned(), format!("Ficha del proyecto {}", spec.code)),
            ("pt".to_owned(), format!("Ficha do projeto {}", spec.code)),
            ("en".to_owned(), format!("Project page {}", spec.code)),
        ]
        .into(),
        categories: vec!["A12".into()],
        languages: vec!["es".into()],
        document_date: None,
    }];
    if spec.status >= 3 {
        document_links.push(DocumentLink {
            url: format!("https://cooperacion.example.gob.ar/evaluaciones/{code}.pdf"),
            format: "application/pdf".into(),
            title: [(
                "es".to_owned(),
                format!("Evaluación final de {}", spec.code),
            )]
            .into(),
            categories: vec!["A07".into(), "A08".into()],
            languages: vec!["es".into(), "pt".into()],
            document_date: Some(date(spec.planned.1)),
        });
    }
    ProjectInput {
        default_language: crate::domain::documents::default_language(),
        document_links,
        code: spec.code.into(),
        iati_identifier: None,
        title: super::localised(spec.title),
        description: Some(super::localised(spec.description)),
        objectives: None,
        modality: spec.modality,
        instrument: spec.instrument,
        status: spec.status,
        visibility: spec.visibility,
        approval_date: Some(date(spec.planned.0) - chrono::Days::new(45)),
        planned_start: date(spec.planned.0),
        planned_end: date(spec.planned.1),
        actual_start: spec.actual.0.map(date),
        actual_end: spec.actual.1.map(date),
        recipient_countries: spec
            .countries
            .iter()
            .map(|(c, p)| CountryShare {
                country_code: (*c).into(),
                percentage: (*p).into(),
            })
            .collect(),
        recipient_regions: spec
            .regions
            .iter()
            .map(|(r, p)| RegionShare {
                region_code: (*r).into(),
                percentage: (*p).into(),
            })
            .collect(),
        sectors: spec
            .sectors
            .iter()
            .map(|(c, p)| SectorShare {
                code: (*c).into(),
                percentage: (*p).into(),
            })
            .collect(),
        sdg_goals: spec.sdgs.to_vec(),
        sdg_targets: spec.targets.iter().map(|t| (*t).into()).collect(),
        participants: spec
            .participants
            .iter()
            .map(|(a, role)| Participant {
                organisation_id: id(a),
                role: *role,
            })
            .collect(),
        budget: spec.budget.map(|(amount, currency)| Money {
            amount: amount.into(),
            currency: currency.into(),
        }),
        contributions: spec
            .contributions
            .iter()
            .map(|(a, amount, currency, days)| Contribution {
                organisation_id: id(a),
                amount: amount.map(Into::into),
                currency: currency.map(Into::into),
                expert_days: *days,
            })
            .collect(),
        partnership_id: None,
        triangular_arrangement_id: None,
        capacity_ids: Vec::new(),
    }
}

/// Create the demo organisations that are missing; return every demo id by acronym.
fn organisations(
    conn: &mut DbConnection,
) -> Result<(HashMap<&'static str, Uuid>, usize), ApiError> {
    let caller = seed_caller();
    let mut by_acronym = HashMap::new();
    let mut created = 0;
    for (place, &(name, acronym, org_type, country, iati, parent)) in (1..).zip(DEMO_ORGANISATIONS)
    {
        let filter = OrganisationFilter {
            q: Some(crate::text::fold(name)),
            ..Default::default()
        };
        let existing = org_store::list(conn, &filter, None, 10)?
            .into_iter()
            .find(|(org, _)| org.name == name);
        let id = match existing {
            Some((org, _)) => crate::store::parse_uuid(&org.id)?,
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
                let id = demo_ids::organisation(place);
                record::create_as::<Organisation>(conn, &caller, id, input, Default::default())?
                    .record
                    .id
            }
        };
        by_acronym.insert(acronym, id);
    }
    Ok((by_acronym, created))
}

/// Create the records of `inputs` whose title is not taken yet, the one at `place` (from
/// 1) under the id `demo_id(place)`; return every title's id.
fn by_title<R: RecordStorage>(
    conn: &mut DbConnection,
    inputs: Vec<R::Input>,
    demo_id: fn(usize) -> Uuid,
    title: impl Fn(&R::Input) -> String,
    existing: impl Fn(&mut DbConnection, &str) -> Result<Option<Uuid>, crate::store::StoreError>,
    created: &mut usize,
) -> Result<HashMap<String, Uuid>, ApiError> {
    let caller = seed_caller();
    let mut ids = HashMap::new();
    for (place, input) in (1..).zip(inputs) {
        let key = title(&input);
        let id = match existing(conn, &key)? {
            Some(id) => id,
            None => {
                *created += 1;
                record::create_as::<R>(conn, &caller, demo_id(place), input, Default::default())?
                    .record
                    .meta()
                    .id
            }
        };
        ids.insert(key, id);
    }
    Ok(ids)
}

/// Put three demo projects through the review workflow, so that the demo has a record
/// in every review state: a partner's edit awaiting review (`submitted`), one returned to
/// it with a comment (`returned`), and one it is editing again (`draft`), each over an
/// approved version that viewers keep reading.
fn review_states(
    conn: &mut DbConnection,
    projects: &HashMap<&'static str, Uuid>,
) -> Result<(), ApiError> {
    use crate::auth::{Caller, Role};
    use crate::domain::record::{ExpectedVersions, Update};
    use crate::domain::review::{Transition, WriteReview};

    let coordinator = Caller {
        sub: "directorate.review".into(),
        role: Role::Coordinator,
        org: None,
        issuer: "ssc-api seed".into(),
    };
    let steps: [(&str, usize, &str); 3] = [
        (
            "FOAR-2024-0033",
            1,
            "Se agregan las metas de la segunda fase.",
        ),
        ("FOAR-2023-0050", 2, "Actualización del plan de trabajo."),
        ("FOAR-2025-0031", 3, "Ajuste de los aportes en especie."),
    ];
    for (code, depth, objectives) in steps {
        let id = *projects
            .get(code)
            .ok_or_else(|| ApiError::internal(format!("demo project {code} is missing")))?;
        let project = Project::load(conn, &seed_caller(), id)?
            .ok_or_else(|| ApiError::internal("a demo project just created"))?;
        let partner = Caller {
            sub: "partner.demo".into(),
            role: Role::Partner,
            org: project.participants.first().map(|p| p.organisation_id),
            issuer: "ssc-api seed".into(),
        };
        let at = |version: i64| ExpectedVersions::any_of(vec![version]);
        let patch = |text: &str| {
            let mut map = serde_json::Map::new();
            map.insert("objectives".into(), serde_json::json!({ "es": text }));
            Update::Patch(map)
        };
        let mut version = project.meta.version;
        version = record::update::<Project>(
            conn,
            &partner,
            id,
            &at(version),
            patch(objectives),
            WriteReview::default(),
        )?
        .record
        .meta
        .version;
        if depth >= 2 {
            version = record::review::<Project>(
                conn,
                &coordinator,
                id,
                &at(version),
                Transition::Return,
                Some("Indicar la fuente de financiamiento de la segunda fase.".into()),
            )?
            .record
            .meta
            .version;
        }
        if depth >= 3 {
            record::update::<Project>(
                conn,
                &partner,
                id,
                &at(version),
                patch(&format!("{objectives} Fuente: fondo fiduciario.")),
                WriteReview::default(),
            )?;
        }
    }
    Ok(())
}

/// Results reported for three projects: outputs and outcomes with baselines, targets
/// and actuals (a unit, a percentage where fewer is better, a qualitative indicator),
/// texts in Spanish, Portuguese, English and French.
fn demo_results() -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    vec![
        (
            "FOAR-TRI-2024-0003",
            json!({"results": [
                {"type": 1, "aggregation_status": true,
                 "title": {"es": "Productores familiares capacitados en manejo de suelos", "pt": "Produtores familiares capacitados em manejo de solos", "en": "Family farmers trained in soil management"},
                 "description": null,
                 "indicators": [{"measure": 1, "ascending": true,
                    "title": {"es": "Productores capacitados", "en": "Farmers trained"}, "description": null,
                    "baseline": {"year": 2024, "date": "2024-05-15", "value": "0", "comment": null},
                    "periods": [
                        {"start": "2024-06-01", "end": "2025-05-31", "target": {"value": "300", "comment": null}, "actual": {"value": "340", "comment": {"es": "Listas de asistencia de MAG"}}},
                        {"start": "2025-06-01", "end": "2026-05-31", "target": {"value": "600", "comment": null}, "actual": {"value": "410", "comment": null}},
                        {"start": "2026-06-01", "end": "2027-05-31", "target": {"value": "900", "comment": null}, "actual": null}
                    ]}]},
                {"type": 2, "aggregation_status": false,
                 "title": {"es": "Menores pérdidas poscosecha en las cooperativas", "en": "Lower post-harvest losses in the cooperatives"},
                 "description": {"es": "Pérdidas medidas por la Dirección de Extensión Agraria."},
                 "indicators": [
                    {"measure": 2, "ascending": false,
                     "title": {"es": "Pérdida poscosecha de hortalizas (%)"}, "description": null,
                     "baseline": {"year": 2024, "date": null, "value": "35", "comment": null},
                     "periods": [{"start": "2025-01-01", "end": "2025-12-31", "target": {"value": "25", "comment": null}, "actual": {"value": "29.5", "comment": null}}]},
                    {"measure": 5, "ascending": true,
                     "title": {"es": "Apropiación del modelo por las cooperativas", "pt": "Apropriação do modelo pelas cooperativas"}, "description": null,
                     "baseline": {"year": 2024, "date": null, "value": null, "comment": {"es": "Sin comités de gestión"}},
                     "periods": [{"start": "2025-01-01", "end": "2025-12-31", "target": {"value": null, "comment": {"es": "Comités activos en 3 cooperativas"}}, "actual": {"value": null, "comment": {"es": "Dos comités activos", "pt": "Dois comitês ativos"}}}]}
                 ]}
            ]}),
        ),
        (
            "FOAR-2023-0041",
            json!({"results": [
                {"type": 1, "aggregation_status": true,
                 "title": {"es": "Laboratorios de diagnóstico de fiebre aftosa acreditados"}, "description": null,
                 "indicators": [{"measure": 1, "ascending": true,
                    "title": {"es": "Laboratorios acreditados"}, "description": null,
                    "baseline": {"year": 2023, "date": null, "value": "1", "comment": null},
                    "periods": [{"start": "2023-04-01", "end": "2025-03-31", "target": {"value": "4", "comment": null}, "actual": {"value": "4", "comment": {"es": "Informe final del SENASAG"}}}]}]}
            ]}),
        ),
        (
            "FOAR-2022-0007",
            json!({"results": [
                {"type": 3, "aggregation_status": null,
                 "title": {"es": "Mejor seguridad alimentaria de los hogares", "fr": "Meilleure sécurité alimentaire des ménages", "ht": "Pi bon sekirite alimantè pou fanmi yo"},
                 "description": null,
                 "indicators": [{"measure": 2, "ascending": true,
                    "title": {"es": "Hogares con huerta familiar productiva (%)", "fr": "Ménages avec un potager familial productif (%)"}, "description": null,
                    "baseline": {"year": 2021, "date": null, "value": "12", "comment": null},
                    "periods": [
                        {"start": "2022-01-15", "end": "2022-12-31", "target": {"value": "25", "comment": null}, "actual": {"value": "22", "comment": null}},
                        {"start": "2023-01-01", "end": "2024-12-31", "target": {"value": "40", "comment": null}, "actual": {"value": "43", "comment": {"fr": "Enquête du ministère de l'Agriculture", "es": "Encuesta del Ministerio de Agricultura"}}}
                    ]}]}
            ]}),
        ),
    ]
}

fn results(
    conn: &mut DbConnection,
    projects: &HashMap<&'static str, Uuid>,
) -> Result<(), ApiError> {
    use crate::domain::project_parts;
    use crate::domain::record::ExpectedVersions;
    use crate::domain::results::{ProjectResults, ResultsInput};
    for (code, body) in demo_results() {
        let id = *projects
            .get(code)
            .ok_or_else(|| ApiError::internal(format!("demo project {code} is missing")))?;
        let input: ResultsInput = serde_json::from_value(body).map_err(ApiError::internal)?;
        project_parts::replace::<ProjectResults>(
            conn,
            &seed_caller(),
            id,
            &ExpectedVersions::any_of(vec![0]),
            input,
        )?;
    }
    Ok(())
}

/// A demo transaction: type, date, value, currency, provider and receiver (a demo
/// organisation's short name, or `"!"` and a name for an outside one), description.
type DemoTransaction = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

/// Transactions of four demo projects from 2024 to 2026: commitments, disbursements,
/// expenditures and incoming funds, in the currencies of their budgets.
const DEMO_TRANSACTIONS: &[(&str, &[DemoTransaction])] = &[
    (
        "FOAR-2025-0012",
        &[
            (
                "outgoing_commitment",
                "2025-03-01",
                "80000.00",
                "USD",
                Some("INTI"),
                Some("MDRyT"),
                "Compromiso del INTI con la cadena láctea",
            ),
            (
                "disbursement",
                "2025-06-30",
                "25000.00",
                "USD",
                Some("INTI"),
                Some("MDRyT"),
                "Primer desembolso: equipamiento de queserías",
            ),
            (
                "disbursement",
                "2026-03-16",
                "30000.00",
                "USD",
                Some("INTI"),
                Some("MDRyT"),
                "Segundo desembolso",
            ),
            (
                "expenditure",
                "2026-05-20",
                "18500.00",
                "USD",
                Some("MDRyT"),
                Some("!Lácteos del Altiplano S.R.L."),
                "Análisis de calidad de leche",
            ),
        ],
    ),
    (
        "FOAR-TRI-2024-0003",
        &[
            (
                "incoming_commitment",
                "2024-07-01",
                "30000000",
                "JPY",
                Some("JICA"),
                Some("INTA"),
                "Compromiso de JICA",
            ),
            (
                "incoming_funds",
                "2024-09-10",
                "12000000",
                "JPY",
                Some("JICA"),
                Some("INTA"),
                "Primera transferencia de JICA",
            ),
            (
                "disbursement",
                "2025-04-15",
                "10000000",
                "JPY",
                Some("INTA"),
                Some("MAG"),
                "Fondos para las parcelas demostrativas",
            ),
            (
                "incoming_funds",
                "2025-08-01",
                "9000000",
                "JPY",
                Some("JICA"),
                Some("INTA"),
                "Segunda transferencia de JICA",
            ),
            (
                "expenditure",
                "2026-06-30",
                "7500000",
                "JPY",
                Some("MAG"),
                None,
                "Sistemas de riego en el Chaco",
            ),
        ],
    ),
    (
        "FAO-AR-2024-0001",
        &[
            (
                "incoming_commitment",
                "2024-03-01",
                "900000.00",
                "USD",
                Some("FAO"),
                Some("INTA"),
                "Compromiso de la FAO",
            ),
            (
                "incoming_funds",
                "2024-04-15",
                "450000.00",
                "USD",
                Some("FAO"),
                Some("INTA"),
                "Primer tramo",
            ),
            (
                "incoming_funds",
                "2025-04-15",
                "450000.00",
                "USD",
                Some("FAO"),
                Some("INTA"),
                "Segundo tramo",
            ),
            (
                "expenditure",
                "2025-11-28",
                "380000.00",
                "USD",
                Some("INTA"),
                None,
                "Capacitaciones y semillas",
            ),
            (
                "expenditure",
                "2026-02-20",
                "410000.00",
                "USD",
                Some("INTA"),
                None,
                "Cierre: publicaciones y evaluación",
            ),
        ],
    ),
    (
        "MERCOSUR-2025-0002",
        &[
            (
                "disbursement",
                "2025-05-05",
                "80000.00",
                "USD",
                Some("MSAL"),
                Some("ISM"),
                "Vigilancia regional: primer año",
            ),
            (
                "disbursement",
                "2026-04-10",
                "60000.00",
                "USD",
                Some("MSAL"),
                Some("ISM"),
                "Vigilancia regional: segundo año",
            ),
        ],
    ),
];

fn transactions(
    conn: &mut DbConnection,
    projects: &HashMap<&'static str, Uuid>,
    organisations: &HashMap<&str, Uuid>,
) -> Result<(), ApiError> {
    use crate::domain::project_parts;
    use crate::domain::record::ExpectedVersions;
    use crate::domain::transactions::{ProjectTransactions, TransactionsInput};
    let party = |name: Option<&str>| -> Result<serde_json::Value, ApiError> {
        Ok(match name {
            None => serde_json::Value::Null,
            Some(outside) if outside.starts_with('!') => {
                serde_json::json!({"name": &outside[1..]})
            }
            Some(short) => {
                let id = organisations.get(short).ok_or_else(|| {
                    ApiError::internal(format!("demo organisation {short} is missing"))
                })?;
                serde_json::json!({"organisation_id": id})
            }
        })
    };
    for (code, specs) in DEMO_TRANSACTIONS {
        let id = *projects
            .get(code)
            .ok_or_else(|| ApiError::internal(format!("demo project {code} is missing")))?;
        let mut items = Vec::new();
        for &(kind, date, value, currency, provider, receiver, description) in *specs {
            items.push(serde_json::json!({
                "transaction_type": kind, "date": date, "value": value, "currency": currency,
                "provider": party(provider)?, "receiver": party(receiver)?,
                "description": {"es": description},
            }));
        }
        let input: TransactionsInput =
            serde_json::from_value(serde_json::json!({"transactions": items}))
                .map_err(ApiError::internal)?;
        project_parts::replace::<ProjectTransactions>(
            conn,
            &seed_caller(),
            id,
            &ExpectedVersions::any_of(vec![0]),
            input,
        )?;
    }
    Ok(())
}

/// Demo exchange rates (units per US dollar, near each year's average but demo values, not
/// official figures) for the currencies of the demo's budgets and contributions.
const DEMO_EXCHANGE_RATES: &[(i32, &str, &str)] = &[
    (2024, "ARS", "915.95"),
    (2024, "EUR", "0.924"),
    (2024, "JPY", "151.48"),
    (2024, "VND", "24165"),
    (2025, "ARS", "1150"),
    (2025, "EUR", "0.885"),
    (2025, "JPY", "150.2"),
    (2025, "VND", "25500"),
];

/// Demo values of an expert's day (USD).
const DEMO_EXPERT_DAY_RATES: &[(i32, &str)] = &[(2024, "350.00"), (2025, "380.00")];

/// Set the demo rates that are not set yet; how many were.
fn rates(conn: &mut DbConnection) -> Result<usize, ApiError> {
    use crate::domain::rates::{self, ExchangeRateInput, ExpertDayRateInput};
    let caller = seed_caller();
    let mut created = 0;
    for &(year, currency, units) in DEMO_EXCHANGE_RATES {
        if rates::read_rate(conn, year, currency).is_err() {
            let input = ExchangeRateInput {
                units_per_usd: units.into(),
            };
            rates::put_rate(conn, &caller, year, currency, &[0], input)?;
            created += 1;
        }
    }
    for &(year, amount) in DEMO_EXPERT_DAY_RATES {
        if rates::read_day_rate(conn, year).is_err() {
            let input = ExpertDayRateInput {
                amount: amount.into(),
                currency: rates::USD.into(),
            };
            rates::put_day_rate(conn, &caller, year, &[0], input)?;
            created += 1;
        }
    }
    Ok(created)
}

/// Load the demo data (what is already there is left alone).
pub async fn demo(db: &Db) -> Result<(), String> {
    let summary = db
        .write(|conn| {
            let (ids, organisations_created) = organisations(conn)?;
            let caller = seed_caller();
            let mut frameworks_created = 0;
            let mut capacities_created = 0;
            let catalogue = by_title::<Capacity>(
                conn,
                capacities::DEMO_CAPACITIES
                    .iter()
                    .map(|spec| capacities::input(spec, &ids))
                    .collect(),
                demo_ids::capacity,
                |c| c.title["es"].clone(),
                capacity_store::id_by_title,
                &mut capacities_created,
            )?;
            let partnerships = by_title::<Partnership>(
                conn,
                frameworks::partnerships(&ids),
                demo_ids::partnership,
                |p| p.title["es"].clone(),
                partnership_store::id_by_title,
                &mut frameworks_created,
            )?;
            let arrangements = by_title::<TriangularArrangement>(
                conn,
                frameworks::arrangements(&ids),
                demo_ids::arrangement,
                |a| a.title["es"].clone(),
                arrangement_store::id_by_title,
                &mut frameworks_created,
            )?;
            let mut projects = HashMap::new();
            let mut projects_created = 0;
            for (place, spec) in (1..).zip(DEMO_PROJECTS) {
                let id = match project_store::id_by_code(conn, spec.code)? {
                    Some(id) => id,
                    None => {
                        let mut input = project_input(spec, &ids);
                        input.capacity_ids = capacities::PROJECT_CAPACITIES
                            .iter()
                            .filter(|(code, _)| *code == spec.code)
                            .flat_map(|(_, places)| places.iter())
                            .map(|&place| {
                                catalogue[capacities::DEMO_CAPACITIES[place - 1].spanish_title()]
                            })
                            .collect();
                        if let Some((_, partnership, arrangement)) = frameworks::PROJECT_FRAMEWORKS
                            .iter()
                            .find(|(code, _, _)| *code == spec.code)
                        {
                            input.partnership_id =
                                partnership.and_then(|t| partnerships.get(t).copied());
                            input.triangular_arrangement_id =
                                arrangement.and_then(|t| arrangements.get(t).copied());
                        }
                        projects_created += 1;
                        let id = demo_ids::project(place);
                        record::create_as::<Project>(conn, &caller, id, input, Default::default())?
                            .record
                            .id
                    }
                };
                projects.insert(spec.code, id);
            }
            if projects_created == DEMO_PROJECTS.len() {
                review_states(conn, &projects)?;
                results(conn, &projects)?;
                transactions(conn, &projects, &ids)?;
            }
            by_title::<PolicyExchange>(
                conn,
                frameworks::exchanges(&ids, &projects, &partnerships),
                demo_ids::exchange,
                |e| e.title["es"].clone(),
                exchange_store::id_by_title,
                &mut frameworks_created,
            )?;
            let requests_created = requests::requests(conn, &ids, &catalogue)?;
            let rates_created = rates(conn)?;
            Ok(format!(
                "demo data: {} created, {} in the catalogue and {} set",
                crate::messages::and_list(&[
                    counted(organisations_created, "organisation"),
                    counted(projects_created, "project"),
                    counted(requests_created, "cooperation request"),
                    format!(
                        "{} (partnerships, arrangements and exchanges)",
                        counted(frameworks_created, "cooperation framework")
                    ),
                ]),
                counted(capacities_created, "capacity"),
                counted(rates_created, "rate"),
            ))
        })
        .await
        .map_err(|e| format!("seeding failed: {} {:?}", e.detail, e.errors))?;
    println!("{summary}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::RecordKind;

    #[test]
    fn every_demo_project_is_valid() {
        let ids: HashMap<&str, Uuid> = DEMO_ORGANISATIONS
            .iter()
            .map(|o| (o.1, Uuid::now_v7()))
            .collect();
        let today = chrono::Utc::now().date_naive();
        for spec in DEMO_PROJECTS {
            let mut input = project_input(spec, &ids);
            let violations = input.check_rules(today);
            assert!(violations.is_empty(), "{}: {violations:?}", spec.code);
            record::check_all::<Project>(&mut input).unwrap();
        }
        let modalities: std::collections::HashSet<_> =
            DEMO_PROJECTS.iter().map(|p| p.modality).collect();
        for partnership in frameworks::partnerships(&ids) {
            let mut input = partnership;
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{:?}",
                input.title
            );
            record::check_all::<Partnership>(&mut input).unwrap();
        }
        for arrangement in frameworks::arrangements(&ids) {
            let mut input = arrangement;
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{:?}",
                input.title
            );
            record::check_all::<TriangularArrangement>(&mut input).unwrap();
        }
        for exchange in frameworks::exchanges(&ids, &HashMap::new(), &HashMap::new()) {
            let mut input = exchange;
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{:?}",
                input.title
            );
            record::check_all::<PolicyExchange>(&mut input).unwrap();
        }
        assert_eq!(
            modalities.len(),
            Modality::ALL.len(),
            "every modality is shown"
        );
    }
}
