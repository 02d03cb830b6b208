//! Demo partnerships, triangular arrangements and policy exchanges, and which demo
//! projects run under which framework.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::arrangements::{AgreementKind, ArrangementInput};
use crate::domain::exchanges::{ExchangeFormat, ExchangeInput, ExchangeStatus};
use crate::domain::money::Contribution;
use crate::domain::partnerships::{
    AgreementInstrument, PartnershipInput, PartnershipScope, Party, PartyRole,
};
use crate::domain::vocabulary::{AgreementStatus, Visibility};

pub const COMMISSION_BOLIVIA: &str =
    "Comisión Mixta de Cooperación Técnica Argentina-Bolivia 2023-2025";
pub const MOU_PARAGUAY: &str =
    "Memorando de entendimiento Argentina-Paraguay en sanidad agropecuaria";
pub const MERCOSUR_HEALTH: &str = "Acuerdo marco MERCOSUR de cooperación en salud pública";
pub const FEALAC_PLATFORM: &str = "Plataforma FEALAC de innovación agrícola";
pub const FAO_FRAMEWORK: &str = "Marco de cooperación Sur-Sur Argentina-FAO";
pub const PPJA: &str =
    "Programa de Asociación Argentina-Japón para la Cooperación Triangular (PPJA)";
pub const ARGENTINA_UNDP_HAITI: &str = "Arreglo triangular Argentina-PNUD-Haití";

/// Project code → (partnership title, arrangement title) it runs under.
pub const PROJECT_FRAMEWORKS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("FOAR-TRI-2024-0003", None, Some(PPJA)),
    ("FOAR-TRI-2025-0006", None, Some(ARGENTINA_UNDP_HAITI)),
    ("FOAR-2024-0018", Some(COMMISSION_BOLIVIA), None),
    ("FOAR-2023-0041", Some(MOU_PARAGUAY), None),
    ("MERCOSUR-2025-0002", Some(MERCOSUR_HEALTH), None),
    ("FAO-AR-2024-0001", Some(FAO_FRAMEWORK), None),
];

fn date(text: &str) -> NaiveDate {
    text.parse().expect("demo dates are valid")
}

fn party(ids: &HashMap<&str, Uuid>, acronym: &str, role: PartyRole) -> Party {
    Party {
        organisation_id: ids[acronym],
        role,
    }
}

// One demo partnership per call, read like a table row.
#[allow(clippy::too_many_arguments)]
fn partnership(
    title: &str,
    scope: PartnershipScope,
    space: Option<&str>,
    parties: Vec<Party>,
    instrument: AgreementInstrument,
    signed: &str,
    until: Option<&str>,
    status: AgreementStatus,
    sectors: &[&str],
    description: &str,
) -> PartnershipInput {
    PartnershipInput {
        default_language: crate::domain::documents::default_language(),
        document_links: Vec::new(),
        title: super::localised(title),
        scope,
        space: space.map(Into::into),
        parties,
        instrument,
        signed_on: Some(date(signed)),
        valid_from: Some(date(signed)),
        valid_until: until.map(date),
        status,
        sectors: sectors.iter().map(|s| (*s).into()).collect(),
        description: Some(super::localised(description)),
        visibility: Visibility::Public,
    }
}

pub fn partnerships(ids: &HashMap<&str, Uuid>) -> Vec<PartnershipInput> {
    use AgreementInstrument::*;
    use PartnershipScope::*;
    use PartyRole::{Coordinator, Party as Signatory};
    vec![
        partnership(
            COMMISSION_BOLIVIA,
            Bilateral,
            None,
            vec![
                party(ids, "DGCIN", Signatory),
                party(ids, "VIPFE", Signatory),
            ],
            JointCommissionMinutes,
            "2023-09-01",
            Some("2025-08-31"),
            AgreementStatus::Expired,
            &["311", "151"],
            "Acta de la XV Comisión Mixta: programa bienal de proyectos de cooperación técnica.",
        ),
        partnership(
            MOU_PARAGUAY,
            Bilateral,
            None,
            vec![
                party(ids, "SENASA", Signatory),
                party(ids, "MAG", Signatory),
            ],
            MemorandumOfUnderstanding,
            "2022-05-10",
            None,
            AgreementStatus::Active,
            &["31195"],
            "Cooperación en vigilancia epidemiológica y laboratorios de sanidad animal.",
        ),
        partnership(
            MERCOSUR_HEALTH,
            Regional,
            Some("mercosur"),
            vec![party(ids, "MSAL", Signatory), party(ids, "SM", Coordinator)],
            FrameworkAgreement,
            "2024-11-15",
            Some("2028-11-14"),
            AgreementStatus::Active,
            &["122"],
            "Red de laboratorios de salud pública de los Estados Partes del MERCOSUR.",
        ),
        partnership(
            FEALAC_PLATFORM,
            Interregional,
            Some("fealac"),
            vec![
                party(ids, "DGCIN", Signatory),
                party(ids, "MARD", Signatory),
                party(ids, "JICA", Signatory),
            ],
            TechnicalCooperationAgreement,
            "2023-08-24",
            None,
            AgreementStatus::Active,
            &["311"],
            "Intercambio entre América Latina y Asia del Este sobre innovación en la producción agrícola.",
        ),
        partnership(
            FAO_FRAMEWORK,
            Multilateral,
            None,
            vec![party(ids, "DGCIN", Signatory), party(ids, "FAO", Signatory)],
            FrameworkAgreement,
            "2024-02-01",
            Some("2027-01-31"),
            AgreementStatus::Active,
            &["311"],
            "Marco programático para la cooperación Sur-Sur de la Argentina en agricultura familiar con la FAO.",
        ),
    ]
}

pub fn arrangements(ids: &HashMap<&str, Uuid>) -> Vec<ArrangementInput> {
    let share = |acronym: &str, amount: Option<&str>, currency: Option<&str>, days: Option<u32>| {
        Contribution {
            organisation_id: ids[acronym],
            amount: amount.map(Into::into),
            currency: currency.map(Into::into),
            expert_days: days,
        }
    };
    vec![
        ArrangementInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: super::localised(PPJA),
            first_providers: vec![ids["INTA"]],
            second_providers: vec![ids["JICA"]],
            recipients: vec![ids["MAG"], ids["MDRyT"]],
            agreement_kind: AgreementKind::Trilateral,
            signed_on: Some(date("2024-05-01")),
            valid_from: Some(date("2024-05-01")),
            valid_until: Some(date("2029-04-30")),
            status: AgreementStatus::Active,
            governance: Some(super::localised(
                "Comité conjunto DGCIN-JICA con los ministerios receptores",
            )),
            cost_sharing: vec![
                share("JICA", Some("60000000"), Some("JPY"), Some(120)),
                share("INTA", Some("150000.00"), Some("USD"), Some(600)),
                share("MAG", None, None, Some(90)),
            ],
            visibility: Visibility::Public,
        },
        ArrangementInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: super::localised(ARGENTINA_UNDP_HAITI),
            first_providers: vec![ids["DGCIN"]],
            second_providers: vec![ids["UNDP"]],
            recipients: vec![ids["MPCE"]],
            agreement_kind: AgreementKind::BilateralCombination,
            signed_on: Some(date("2025-10-01")),
            valid_from: None,
            valid_until: None,
            status: AgreementStatus::Active,
            governance: Some(super::localised("Comité de seguimiento trimestral")),
            cost_sharing: vec![
                share("UNDP", Some("250000.00"), Some("USD"), None),
                share("DGCIN", Some("150000.00"), Some("USD"), Some(200)),
            ],
            visibility: Visibility::Public,
        },
    ]
}

/// The demo exchanges; `projects` and `partnerships` map codes and titles to ids.
pub fn exchanges(
    ids: &HashMap<&str, Uuid>,
    projects: &HashMap<String, Uuid>,
    partnerships: &HashMap<String, Uuid>,
) -> Vec<ExchangeInput> {
    let exchange = |title: &str,
                    area: &str,
                    offering: &[&str],
                    receiving: &[&str],
                    format: ExchangeFormat,
                    dates: (&str, &str),
                    host: Option<&str>,
                    people: (u32, u32),
                    days: u32,
                    status: ExchangeStatus,
                    outcomes: Option<&str>,
                    sdgs: &[i32]| ExchangeInput {
        default_language: crate::domain::documents::default_language(),
        document_links: Vec::new(),
        title: super::localised(title),
        policy_area: area.into(),
        summary: None,
        offering_organisations: offering.iter().map(|a| ids[a]).collect(),
        receiving_organisations: receiving.iter().map(|a| ids[a]).collect(),
        format,
        start_date: date(dates.0),
        end_date: date(dates.1),
        host_country: host.map(Into::into),
        participants_total: Some(people.0),
        participants_women: Some(people.1),
        expert_days: Some(days),
        outcomes: outcomes.map(super::localised),
        lessons_learned: None,
        sdg_goals: sdgs.to_vec(),
        status,
        project_id: None,
        partnership_id: None,
        visibility: Visibility::Public,
    };
    let mut fealac = exchange(
        "Seminario FEALAC sobre variedades de arroz tolerantes a la salinidad",
        "31182",
        &["INTA"],
        &["MARD"],
        ExchangeFormat::Seminar,
        ("2024-03-11", "2024-03-13"),
        Some("VN"),
        (34, 15),
        12,
        ExchangeStatus::Completed,
        Some("Hoja de ruta conjunta de ensayos en el delta del Mekong y en Corrientes."),
        &[2, 13],
    );
    fealac.partnership_id = partnerships.get(FEALAC_PLATFORM).copied();
    let mut dairy_visit = exchange(
        "Visita de estudio a laboratorios lácteos del INTI",
        "31166",
        &["INTI"],
        &["MDRyT"],
        ExchangeFormat::StudyVisit,
        ("2025-06-02", "2025-06-06"),
        Some("AR"),
        (10, 6),
        15,
        ExchangeStatus::Completed,
        Some("Protocolo de control de calidad de leche adoptado por tres queserías comunitarias."),
        &[2, 8],
    );
    dairy_visit.project_id = projects.get("FOAR-2025-0012").copied();
    let mut family_farming = exchange(
        "Visita de estudio sobre agricultura familiar en estaciones del INTA",
        "31120",
        &["INTA"],
        &["MAG"],
        ExchangeFormat::StudyVisit,
        ("2027-04-12", "2027-04-16"),
        Some("AR"),
        (12, 7),
        10,
        ExchangeStatus::Planned,
        None,
        &[1, 2],
    );
    family_farming.project_id = projects.get("FOAR-TRI-2024-0003").copied();
    let mut mission = exchange(
        "Misión técnica de vigilancia epidemiológica",
        "31195",
        &["SENASA"],
        &["MAG"],
        ExchangeFormat::TechnicalMission,
        ("2024-08-19", "2024-08-23"),
        Some("PY"),
        (4, 2),
        20,
        ExchangeStatus::Completed,
        Some("Manual de muestreo serológico revisado y validado por ambos servicios."),
        &[2, 3],
    );
    mission.partnership_id = partnerships.get(MOU_PARAGUAY).copied();
    let mut workshop = exchange(
        "Taller regional de bioseguridad en laboratorios",
        "12220",
        &["MSAL"],
        &["SM"],
        ExchangeFormat::Workshop,
        ("2027-05-17", "2027-05-19"),
        Some("UY"),
        (40, 26),
        8,
        ExchangeStatus::Planned,
        None,
        &[3],
    );
    workshop.partnership_id = partnerships.get(MERCOSUR_HEALTH).copied();
    vec![fealac, dairy_visit, family_farming, mission, workshop]
}
