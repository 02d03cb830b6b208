//! The demo's cooperation requests: partner ministries of Latin America, the Caribbean,
//! Africa and Asia asking in Spanish, Portuguese, English and French, at every stage of
//! the directorate's pipeline (some with the directorate's consultations), two of them
//! formulated as draft projects drawing on the demo catalogue.

use std::collections::HashMap;

use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::capacities::CapacityFormat::{
    self, ExpertMission as Mission, Internship, RemoteAdvice as Remote, StudyVisit as Visit,
    ToolsAndPublications as Tools, TrainingCourse as Course,
};
use crate::domain::cooperation_requests::{
    self as requests, ConsultationAnswer, CooperationRequest, CooperationRequestInput,
    DeclineReason, Formulate, Move, NewConsultation, RequestChannel, RequestMove, RequestPriority,
    RequestStatus,
};
use crate::domain::documents::{LocalisedText, default_language};
use crate::domain::record::{self, ExpectedVersions};
use crate::domain::vocabulary::Visibility::{self, Public, Restricted};
use crate::error::ApiError;
use crate::seed::{demo_ids, seed_caller};
use crate::store::cooperation_requests as request_store;

/// Where a demo request is left in the pipeline.
pub enum Stage {
    Received,
    /// With the institutions consulted: (acronym, asked on, answer, comment).
    UnderAssessment(&'static [(&'static str, &'static str, ConsultationAnswer, &'static str)]),
    Accepted(&'static str),
    Declined(DeclineReason, &'static str),
    /// Formulated as a project drawing on these capacities (their Spanish titles).
    Formulated(&'static [&'static str]),
    /// Closed after being declined, or formulated.
    Closed(&'static Stage),
}

/// One demo request: its requester (acronym), channel and language, its texts in that
/// language, its codes, desired start window, priority, visibility and stage.
pub struct DemoRequest {
    pub requester: &'static str,
    pub channel: RequestChannel,
    pub language: &'static str,
    pub title: &'static str,
    pub problem: &'static str,
    pub expected: &'static str,
    pub population: &'static str,
    pub sectors: &'static [&'static str],
    pub targets: &'static [&'static str],
    pub formats: &'static [CapacityFormat],
    pub languages: &'static [&'static str],
    pub start: (Option<&'static str>, Option<&'static str>),
    pub priority: Option<RequestPriority>,
    pub visibility: Visibility,
    pub stage: Stage,
}

use ConsultationAnswer::{Available, NeedsInformation, Unavailable};
use RequestChannel::{Direct, EmbassyNote, JointCommission, Multilateral};
use RequestPriority::{High, Low, Medium};

/// The requests, in the order of their demo ids (add at the end only).
pub const DEMO_REQUESTS: &[DemoRequest] = &[
    DemoRequest {
        requester: "MDRyT",
        channel: JointCommission,
        language: "es",
        title: "Vigilancia y control de la fiebre aftosa en zonas de frontera",
        problem: "Los brotes en países vecinos amenazan el estatus sanitario del rodeo bovino del oriente boliviano; el servicio oficial carece de protocolos de vigilancia activa y de capacidad de diagnóstico rápido en la frontera.",
        expected: "Un plan de vigilancia activa en los departamentos de frontera, veterinarios oficiales capacitados y un laboratorio regional con diagnóstico acreditado.",
        population: "Veterinarios oficiales y 12.000 pequeños y medianos ganaderos de Santa Cruz y Beni.",
        sectors: &["31195"],
        targets: &["2.3", "2.4"],
        formats: &[Mission, Course],
        languages: &["es"],
        start: (Some("2027-03-01"), Some("2027-06-30")),
        priority: Some(High),
        visibility: Public,
        stage: Stage::UnderAssessment(&[
            (
                "SENASA",
                "2026-11-16",
                Available,
                "Dos especialistas en epidemiología disponibles desde marzo; proponen una misión de diagnóstico de diez días.",
            ),
            (
                "INTA",
                "2026-11-16",
                NeedsInformation,
                "Pide el censo de establecimientos por departamento antes de comprometer técnicos.",
            ),
        ]),
    },
    DemoRequest {
        requester: "MAG",
        channel: Direct,
        language: "es",
        title: "Extensión rural para la agricultura familiar campesina",
        problem: "El servicio de extensión llega a menos de un tercio de las fincas campesinas de San Pedro y Caaguazú y no cuenta con metodologías participativas ni con promotores formados.",
        expected: "Una metodología de extensión participativa adoptada por la Dirección de Extensión Agraria y 60 técnicos formados como formadores.",
        population: "Familias campesinas productoras de alimentos de San Pedro y Caaguazú.",
        sectors: &["31166", "31161"],
        targets: &["2.3"],
        formats: &[Course, Visit],
        languages: &["es"],
        start: (Some("2027-04-01"), None),
        priority: None,
        visibility: Public,
        stage: Stage::Received,
    },
    DemoRequest {
        requester: "MADER",
        channel: EmbassyNote,
        language: "pt",
        title: "Qualidade e segurança do leite na cadeia láctea familiar",
        problem: "As cooperativas leiteiras da província de Manica perdem parte da produção por falta de controlo de qualidade, de frio e de boas práticas de ordenha.",
        expected: "Um laboratório de controlo de qualidade do leite em funcionamento e 200 produtores formados em boas práticas de ordenha e higiene.",
        population: "Produtores leiteiros familiares e cooperativas da província de Manica.",
        sectors: &["31195", "32161"],
        targets: &["2.3", "12.3"],
        formats: &[Mission, Internship],
        languages: &["pt", "es"],
        start: (Some("2027-02-01"), Some("2027-05-31")),
        priority: Some(Medium),
        visibility: Public,
        stage: Stage::Accepted(
            "A Direção aceitou o pedido; o INTI apresentará uma proposta de missão técnica.",
        ),
    },
    DemoRequest {
        requester: "MARD",
        channel: Direct,
        language: "en",
        title: "Mechanisation of rice harvesting in the Mekong Delta",
        problem: "Smallholders in the Mekong Delta lose up to 10% of the rice harvest to manual harvesting and drying; the ministry seeks combine harvesters adapted to wet fields and training for operators.",
        expected: "A pilot fleet of adapted harvesters and a training programme for machinery cooperatives.",
        population: "Rice smallholders and machinery cooperatives of An Giang and Dong Thap.",
        sectors: &["31120"],
        targets: &["2.3", "12.3"],
        formats: &[Mission, Tools],
        languages: &["en"],
        start: (None, None),
        priority: Some(Low),
        visibility: Public,
        stage: Stage::Declined(
            DeclineReason::OutsidePriorities,
            "The supply of machinery falls outside the technical cooperation the Fund finances; we suggest presenting the training component separately.",
        ),
    },
    DemoRequest {
        requester: "MARNDR",
        channel: Multilateral,
        language: "fr",
        title: "Jardins familiaux et sécurité alimentaire en milieu rural",
        problem: "Dans le département du Nord-Est, les ménages ruraux dépendent des marchés pour les légumes frais et n'ont pas accès à des semences de qualité ni à un encadrement technique.",
        expected: "Un réseau de promoteurs locaux, des jardins familiaux et scolaires en production et une banque de semences communautaire.",
        population: "Ménages ruraux et écoles du département du Nord-Est.",
        sectors: &["31161", "12240"],
        targets: &["2.1"],
        formats: &[Mission, Course, Tools],
        languages: &["fr"],
        start: (Some("2027-01-15"), Some("2027-04-30")),
        priority: Some(High),
        visibility: Public,
        stage: Stage::Formulated(&["ProHuerta: huertas familiares y seguridad alimentaria"]),
    },
    DemoRequest {
        requester: "MPCE",
        channel: EmbassyNote,
        language: "fr",
        title: "Renforcement de la gestion de la coopération Sud-Sud",
        problem: "Le ministère n'a pas de système pour enregistrer l'offre et la demande de coopération ni pour rendre compte des projets reçus.",
        expected: "Une unité de coopération Sud-Sud formée et un registre des projets en service.",
        population: "Les cadres de la Direction de la coopération externe.",
        sectors: &["15110"],
        targets: &["17.9"],
        formats: &[Visit, Remote],
        languages: &["fr", "es"],
        start: (Some("2026-09-01"), None),
        priority: Some(Medium),
        visibility: Public,
        stage: Stage::Closed(&Stage::Formulated(&["Gestión de la cooperación Sur-Sur"])),
    },
    DemoRequest {
        requester: "MAGA",
        channel: JointCommission,
        language: "es",
        title: "Agroecología y bioinsumos para productores de granos básicos",
        problem: "Los productores de maíz y frijol del Corredor Seco dependen de fertilizantes importados cuyo precio se duplicó; el ministerio quiere promover bioinsumos elaborados localmente.",
        expected: "Tres biofábricas comunitarias en funcionamiento y una guía técnica validada para maíz y frijol.",
        population: "Productores de infrasubsistencia del Corredor Seco de Chiquimula y Zacapa.",
        sectors: &["31182", "31161"],
        targets: &["2.4"],
        formats: &[Mission, Course],
        languages: &["es"],
        start: (Some("2027-05-01"), Some("2027-08-31")),
        priority: Some(Medium),
        visibility: Restricted,
        stage: Stage::UnderAssessment(&[(
            "INTA",
            "2026-11-25",
            Available,
            "La EEA Oliveros puede recibir una pasantía y enviar una misión en mayo.",
        )]),
    },
    DemoRequest {
        requester: "SESAL",
        channel: Direct,
        language: "es",
        title: "Fortalecimiento del programa ampliado de inmunizaciones",
        problem: "La cobertura de vacunación infantil cayó por debajo del 80% y el registro nominal es en papel; se pierden dosis por fallas en la cadena de frío.",
        expected: "Un registro nominal electrónico en 3 regiones sanitarias y un plan de mantenimiento de la cadena de frío.",
        population: "Niños menores de cinco años y personal de vacunación de tres regiones sanitarias.",
        sectors: &["12220", "12250"],
        targets: &["3.8", "3.b"],
        formats: &[Mission, Internship],
        languages: &["es"],
        start: (Some("2027-03-01"), None),
        priority: Some(High),
        visibility: Restricted,
        stage: Stage::Accepted(
            "Aceptada; el Ministerio de Salud de la Nación coordinará la asistencia técnica.",
        ),
    },
    DemoRequest {
        requester: "MOAFM",
        channel: EmbassyNote,
        language: "en",
        title: "Early warning of drought and hurricanes for farmers",
        problem: "Farmers in St Elizabeth lose crops to droughts and hurricanes that forecasts could anticipate, but warnings do not reach them in time or in a usable form.",
        expected: "Agro-climatic bulletins issued weekly and an SMS alert service for registered farmers.",
        population: "Small farmers of St Elizabeth and Manchester parishes.",
        sectors: &["74020", "31191"],
        targets: &["13.1", "11.5"],
        formats: &[Remote, Course],
        languages: &["en"],
        start: (None, None),
        priority: None,
        visibility: Public,
        stage: Stage::Received,
    },
    DemoRequest {
        requester: "MISPAS",
        channel: Direct,
        language: "es",
        title: "Organización del sistema nacional de donación y trasplante",
        problem: "El país no tiene un registro único de donantes ni protocolos de procuración en los hospitales públicos.",
        expected: "Un registro nacional de donantes y protocolos de procuración en cinco hospitales.",
        population: "Pacientes en lista de espera y equipos de procuración hospitalaria.",
        sectors: &["12191"],
        targets: &["3.8"],
        formats: &[Internship, Remote],
        languages: &["es"],
        start: (None, None),
        priority: None,
        visibility: Restricted,
        stage: Stage::Declined(
            DeclineReason::InsufficientInformation,
            "Les pedimos el marco normativo vigente y los hospitales propuestos; con esa información pueden volver a presentarla.",
        ),
    },
    DemoRequest {
        requester: "MINSA",
        channel: JointCommission,
        language: "pt",
        title: "Diagnóstico laboratorial de doenças infecciosas",
        problem: "A rede de laboratórios provinciais não confirma a tempo os casos de sarampo, cólera e febre amarela; faltam protocolos de biossegurança e controlo de qualidade.",
        expected: "Um laboratório nacional de referência com controlo de qualidade externo e técnicos de cinco províncias formados.",
        population: "Técnicos de laboratório da rede provincial de saúde.",
        sectors: &["12250"],
        targets: &["3.3", "3.d"],
        formats: &[Internship, Course],
        languages: &["pt", "es"],
        start: (Some("2027-02-15"), Some("2027-07-31")),
        priority: Some(High),
        visibility: Public,
        stage: Stage::Formulated(&["Diagnóstico de laboratorio de enfermedades infecciosas"]),
    },
    DemoRequest {
        requester: "MASAE",
        channel: Direct,
        language: "fr",
        title: "Gestion des sols et de l'eau pour le maraîchage",
        problem: "Dans la zone des Niayes, la salinisation des nappes et l'érosion réduisent les rendements maraîchers.",
        expected: "Des parcelles de démonstration d'irrigation goutte-à-goutte et des techniciens formés à la gestion des sols.",
        population: "Maraîchers et groupements de femmes de la zone des Niayes.",
        sectors: &["31140", "31161"],
        targets: &["2.4", "6.4"],
        formats: &[Mission, Course],
        languages: &["fr"],
        start: (Some("2027-06-01"), None),
        priority: Some(Medium),
        visibility: Public,
        stage: Stage::UnderAssessment(&[(
            "INTA",
            "2026-12-01",
            Unavailable,
            "Sin técnicos francófonos disponibles en 2027; sugiere cursos a distancia en español.",
        )]),
    },
    DemoRequest {
        requester: "MoALD",
        channel: Multilateral,
        language: "en",
        title: "Satellite information for drought monitoring in pastoral counties",
        problem: "County governments in northern Kenya declare drought emergencies late because they lack timely vegetation and soil moisture data.",
        expected: "A monthly drought index per county and staff trained to produce it from satellite data.",
        population: "Pastoralist households and county disaster management staff of Turkana and Marsabit.",
        sectors: &["74020", "31191"],
        targets: &["13.1", "2.4"],
        formats: &[Course, Remote],
        languages: &["en"],
        start: (Some("2027-01-01"), Some("2027-12-31")),
        priority: Some(Medium),
        visibility: Public,
        stage: Stage::Accepted("Accepted; CONAE will propose a remote training course with FAO."),
    },
    DemoRequest {
        requester: "MAPPF",
        channel: Direct,
        language: "pt",
        title: "Extensão rural e hortas comunitárias nos sucos rurais",
        problem: "A desnutrição crónica infantil supera 40% em Ermera e Aileu; as famílias cultivam pouca variedade de hortícolas.",
        expected: "Hortas comunitárias em 20 sucos e extensionistas formados em produção hortícola.",
        population: "Famílias rurais e escolas dos municípios de Ermera e Aileu.",
        sectors: &["31166", "12240"],
        targets: &["2.1", "2.2"],
        formats: &[Course, Mission],
        languages: &["pt", "en"],
        start: (None, None),
        priority: None,
        visibility: Public,
        stage: Stage::Received,
    },
    DemoRequest {
        requester: "DA",
        channel: EmbassyNote,
        language: "en",
        title: "Drought-tolerant crop varieties through agricultural biotechnology",
        problem: "El Niño droughts cut maize yields in Mindanao; the Department seeks to develop drought-tolerant varieties.",
        expected: "Breeding lines evaluated in field trials and researchers trained in molecular markers.",
        population: "Maize farmers of Mindanao and researchers of the Bureau of Plant Industry.",
        sectors: &["31182"],
        targets: &["2.5"],
        formats: &[Internship],
        languages: &["en"],
        start: (None, None),
        priority: Some(Low),
        visibility: Public,
        stage: Stage::Closed(&Stage::Declined(
            DeclineReason::Duplicate,
            "The same request reached us through the FAO South-South programme, where it is being handled.",
        )),
    },
    DemoRequest {
        requester: "MSP",
        channel: JointCommission,
        language: "es",
        title: "Formación de posgrado en salud pública para equipos de atención primaria",
        problem: "Los equipos de atención primaria de la Amazonía no tienen formación en epidemiología ni en gestión de servicios.",
        expected: "Una cohorte de 30 profesionales con diplomatura en salud pública y un programa propio en una universidad ecuatoriana.",
        population: "Profesionales de atención primaria de las provincias amazónicas.",
        sectors: &["12261", "12220"],
        targets: &["3.c"],
        formats: &[Course, Remote],
        languages: &["es"],
        start: (Some("2027-08-01"), None),
        priority: None,
        visibility: Public,
        stage: Stage::Received,
    },
];

fn text(language: &str, value: &str) -> LocalisedText {
    [(language.to_owned(), value.to_owned())].into()
}

/// The input of a demo request; `ids` maps the demo organisations' acronyms to ids.
pub fn input(spec: &DemoRequest, ids: &HashMap<&str, Uuid>) -> CooperationRequestInput {
    let date = |d: Option<&str>| d.and_then(|d| d.parse().ok());
    CooperationRequestInput {
        default_language: if spec.language.is_empty() {
            default_language()
        } else {
            spec.language.to_owned()
        },
        document_links: Vec::new(),
        requesting_organisation: ids[spec.requester],
        channel: spec.channel,
        title: text(spec.language, spec.title),
        problem_statement: text(spec.language, spec.problem),
        expected_results: Some(text(spec.language, spec.expected)),
        target_population: Some(text(spec.language, spec.population)),
        sectors: spec.sectors.iter().map(|&s| s.to_owned()).collect(),
        sdg_targets: spec.targets.iter().map(|&t| t.to_owned()).collect(),
        formats: spec.formats.to_vec(),
        languages: spec.languages.iter().map(|&l| l.to_owned()).collect(),
        desired_start_from: date(spec.start.0),
        desired_start_to: date(spec.start.1),
        priority: spec.priority,
        visibility: spec.visibility,
        country: None,
        status: RequestStatus::Received,
        decline_reason: None,
        comment_to_requester: None,
        project_id: None,
    }
}

/// Create the demo requests not there yet (found by title) and bring each new one to its
/// stage; how many were created. `catalogue` maps capacities' Spanish titles to ids.
pub fn requests(
    conn: &mut DbConnection,
    ids: &HashMap<&str, Uuid>,
    catalogue: &HashMap<String, Uuid>,
) -> Result<usize, ApiError> {
    let caller = seed_caller();
    let mut created = 0;
    for (place, spec) in (1..).zip(DEMO_REQUESTS) {
        if request_store::id_by_title(conn, spec.title)?.is_some() {
            continue;
        }
        let id = demo_ids::request(place);
        let saved = record::create_as::<CooperationRequest>(
            conn,
            &caller,
            id,
            input(spec, ids),
            Default::default(),
        )?;
        created += 1;
        advance(
            conn,
            id,
            saved.record.meta.version,
            &spec.stage,
            ids,
            catalogue,
        )?;
    }
    Ok(created)
}

/// Bring request `id`, at `version`, to `stage`; its version after.
fn advance(
    conn: &mut DbConnection,
    id: Uuid,
    version: i64,
    stage: &Stage,
    ids: &HashMap<&str, Uuid>,
    catalogue: &HashMap<String, Uuid>,
) -> Result<i64, ApiError> {
    let caller = seed_caller();
    let mut version = version;
    let mut step = |conn: &mut DbConnection, kind, reason, comment: Option<&str>| {
        let saved = requests::move_request(
            conn,
            &caller,
            id,
            &ExpectedVersions::any_of(vec![version]),
            Move {
                kind,
                reason,
                comment: comment.map(str::to_owned),
            },
        )?;
        version = saved.record.meta.version;
        Ok::<i64, ApiError>(version)
    };
    match stage {
        Stage::Received => Ok(version),
        Stage::UnderAssessment(consultations) => {
            let version = step(conn, RequestMove::Assess, None, None)?;
            for (acronym, asked_on, answer, comment) in *consultations {
                requests::add_consultation(
                    conn,
                    &seed_caller(),
                    id,
                    NewConsultation {
                        organisation_id: ids[acronym],
                        asked_on: asked_on.parse().map_err(ApiError::internal)?,
                        answer: Some(*answer),
                        comment: Some((*comment).to_owned()),
                    },
                )?;
            }
            Ok(version)
        }
        Stage::Accepted(comment) => {
            step(conn, RequestMove::Assess, None, None)?;
            step(conn, RequestMove::Accept, None, Some(comment))
        }
        Stage::Declined(reason, comment) => {
            step(conn, RequestMove::Assess, None, None)?;
            step(conn, RequestMove::Decline, Some(*reason), Some(comment))
        }
        Stage::Formulated(capacities) => {
            step(conn, RequestMove::Assess, None, None)?;
            let version = step(conn, RequestMove::Accept, None, None)?;
            let formulated = requests::formulate(
                conn,
                &seed_caller(),
                id,
                &ExpectedVersions::any_of(vec![version]),
                Formulate {
                    capacity_ids: capacities.iter().map(|t| catalogue[*t]).collect(),
                },
            )?;
            Ok(formulated.request.record.meta.version)
        }
        Stage::Closed(before) => {
            let version = advance(conn, id, version, before, ids, catalogue)?;
            let closed = requests::move_request(
                conn,
                &seed_caller(),
                id,
                &ExpectedVersions::any_of(vec![version]),
                Move {
                    kind: RequestMove::Close,
                    reason: None,
                    comment: None,
                },
            )?;
            Ok(closed.record.meta.version)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::RecordKind;

    #[test]
    fn every_demo_request_is_valid_and_every_stage_and_language_is_shown() {
        let acronyms: Vec<&str> = DEMO_REQUESTS.iter().map(|r| r.requester).collect();
        let ids: HashMap<&str, Uuid> = acronyms.iter().map(|a| (*a, Uuid::now_v7())).collect();
        let today = chrono::Utc::now().date_naive();
        let mut languages = std::collections::BTreeSet::new();
        for spec in DEMO_REQUESTS {
            let mut input = input(spec, &ids);
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{}",
                spec.title
            );
            record::check_all::<CooperationRequest>(&mut input).unwrap();
            languages.insert(spec.language);
        }
        assert_eq!(
            languages.into_iter().collect::<Vec<_>>(),
            ["en", "es", "fr", "pt"]
        );
        assert!(DEMO_REQUESTS.len() >= 15);
    }
}
