//! The demo catalogue: what Argentine institutions can share with partner countries, in
//! fields each is publicly known for (INTA's rural extension and ProHuerta, INTI's
//! industrial quality, SENASA's animal health, the forensic anthropologists of the EAAF,
//! ...). Titles in Spanish and English, some in Portuguese or French; every format,
//! status and visibility occurs.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::capacities::{CapacityFormat, CapacityInput, CapacityStatus};
use crate::domain::documents::{LocalisedText, default_language};
use crate::domain::vocabulary::Visibility;

use CapacityFormat::{
    ExpertMission as Mission, Internship, RemoteAdvice as Remote, StudyVisit as Visit,
    ToolsAndPublications as Tools, TrainingCourse as Course,
};
use CapacityStatus::{Active, Paused, Retired};
use Visibility::{Public, Restricted};

/// One demo capacity: (title in es, en and maybe pt or fr), offering acronyms, what it
/// is, what partners learn, DAC sectors, SDG targets, formats, languages, typical days,
/// experts, in-kind expert days, status, visibility.
pub struct DemoCapacity {
    pub title: &'static [(&'static str, &'static str)],
    pub offering: &'static [&'static str],
    pub description: &'static str,
    pub learn: &'static str,
    pub sectors: &'static [&'static str],
    pub targets: &'static [&'static str],
    pub formats: &'static [CapacityFormat],
    pub languages: &'static [&'static str],
    pub figures: (u32, u32, u32),
    pub status: CapacityStatus,
    pub visibility: Visibility,
}

impl DemoCapacity {
    /// Its Spanish title: what a second seed finds it by.
    pub fn spanish_title(&self) -> &'static str {
        self.title
            .iter()
            .find(|(language, _)| *language == "es")
            .map(|(_, title)| *title)
            .expect("every demo capacity has a Spanish title")
    }
}

/// The catalogue, in the order of its documented ids (append, never insert).
pub const DEMO_CAPACITIES: &[DemoCapacity] = &[
    DemoCapacity {
        title: &[
            ("es", "Calidad e inocuidad en la cadena láctea"),
            ("en", "Quality and safety in the dairy chain"),
            ("pt", "Qualidade e inocuidade na cadeia láctea"),
        ],
        offering: &["INTI"],
        description: "Asistencia técnica a queserías y tambos pequeños: buenas prácticas de manufactura, análisis de leche y planes de inocuidad.",
        learn: "Protocolos de calidad de leche cruda, control de procesos en queserías y formación de técnicos locales.",
        sectors: &["32161", "31195"],
        targets: &["2.3", "12.3"],
        formats: &[Mission, Course, Internship],
        languages: &["es", "pt"],
        figures: (14, 6, 80),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Extensión rural para la agricultura familiar"),
            ("en", "Rural extension for family farming"),
            ("pt", "Extensão rural para a agricultura familiar"),
        ],
        offering: &["INTA"],
        description: "Metodologías de extensión y trabajo con organizaciones de productores familiares, con agencias de extensión en todo el país.",
        learn: "Diseño de programas de extensión, planificación participativa y seguimiento de resultados en el territorio.",
        sectors: &["31166", "31120"],
        targets: &["2.3", "2.4"],
        formats: &[Mission, Course, Visit],
        languages: &["es", "en", "pt"],
        figures: (21, 12, 200),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Manejo de suelos y agua para la producción agrícola"),
            ("en", "Soil and water management for agriculture"),
        ],
        offering: &["INTA"],
        description: "Conservación de suelos, riego complementario y cosecha de agua en zonas semiáridas.",
        learn: "Diagnóstico de suelos, diseño de sistemas de riego y prácticas de conservación.",
        sectors: &["31130", "31140"],
        targets: &["2.4", "15.3"],
        formats: &[Mission, Course],
        languages: &["es", "en"],
        figures: (15, 8, 120),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            (
                "es",
                "ProHuerta: huertas familiares y seguridad alimentaria",
            ),
            ("en", "ProHuerta: family gardens and food security"),
            (
                "fr",
                "ProHuerta : jardins familiaux et sécurité alimentaire",
            ),
        ],
        offering: &["INTA", "MDS"],
        description: "Producción de alimentos frescos en huertas familiares, escolares y comunitarias, con semillas y capacitación de promotores.",
        learn: "Organización de redes de promotores, producción agroecológica de hortalizas y distribución de semillas.",
        sectors: &["31161", "31166"],
        targets: &["2.1", "2.3"],
        formats: &[Mission, Course, Tools],
        languages: &["es", "fr"],
        figures: (30, 10, 300),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            (
                "es",
                "Sanidad animal: vigilancia y control de la fiebre aftosa",
            ),
            (
                "en",
                "Animal health: surveillance and control of foot-and-mouth disease",
            ),
        ],
        offering: &["SENASA"],
        description: "Sistemas de vigilancia epidemiológica, vacunación y control de movimientos de animales.",
        learn: "Planes de vigilancia, laboratorios de diagnóstico y gestión de emergencias sanitarias.",
        sectors: &["31195"],
        targets: &["2.3"],
        formats: &[Mission, Course, Internship],
        languages: &["es", "en"],
        figures: (10, 5, 50),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Certificación fitosanitaria para la exportación"),
            ("en", "Phytosanitary certification for export"),
        ],
        offering: &["SENASA"],
        description: "Procedimientos de certificación, análisis de riesgo de plagas y acuerdos de acceso a mercados.",
        learn: "Sistemas de certificación electrónica y negociación de protocolos fitosanitarios.",
        sectors: &["33110", "31191"],
        targets: &["17.11"],
        formats: &[Mission, Remote],
        languages: &["es"],
        figures: (7, 3, 20),
        status: Active,
        visibility: Restricted,
    },
    DemoCapacity {
        title: &[
            ("es", "Biotecnología agrícola"),
            ("en", "Agricultural biotechnology"),
        ],
        offering: &["CONICET", "INTA"],
        description: "Investigación en mejoramiento vegetal, marcadores moleculares y bioseguridad.",
        learn: "Técnicas de laboratorio, marcos de bioseguridad y vinculación entre ciencia y producción.",
        sectors: &["31182", "43082"],
        targets: &["2.5", "9.5"],
        formats: &[Internship, Remote],
        languages: &["es", "en"],
        figures: (60, 4, 120),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Fortalecimiento de la atención primaria de la salud"),
            ("en", "Strengthening primary health care"),
            ("pt", "Fortalecimento da atenção primária à saúde"),
        ],
        offering: &["MSAL"],
        description: "Organización de redes de centros de salud, equipos comunitarios y sistemas de información sanitaria.",
        learn: "Modelos de atención por niveles, formación de agentes sanitarios y registros nominales.",
        sectors: &["12220"],
        targets: &["3.8"],
        formats: &[Mission, Course, Visit],
        languages: &["es", "pt"],
        figures: (10, 6, 60),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Inmunizaciones: cadena de frío y registro nominal"),
            ("en", "Immunisation: cold chain and nominal registers"),
        ],
        offering: &["MSAL"],
        description: "Logística de vacunas, cadena de frío y registro nominal de vacunados.",
        learn: "Planificación de campañas, gestión de la cadena de frío y sistemas de registro.",
        sectors: &["12250"],
        targets: &["3.8", "3.b"],
        formats: &[Mission, Course, Tools],
        languages: &["es", "en"],
        figures: (7, 4, 28),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            (
                "es",
                "Diagnóstico de laboratorio de enfermedades infecciosas",
            ),
            ("en", "Laboratory diagnosis of infectious diseases"),
        ],
        offering: &["ANLIS"],
        description: "Redes de laboratorios de referencia, vigilancia genómica y control de calidad.",
        learn: "Técnicas de diagnóstico, bioseguridad en laboratorios y redes de referencia.",
        sectors: &["12250", "12182"],
        targets: &["3.3", "3.d"],
        formats: &[Internship, Course],
        languages: &["es", "en"],
        figures: (20, 5, 100),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Regulación y fiscalización de medicamentos"),
            ("en", "Regulation and inspection of medicines"),
        ],
        offering: &["ANMAT"],
        description: "Registro de productos, buenas prácticas de fabricación e inspección de establecimientos.",
        learn: "Procesos regulatorios, farmacovigilancia e inspección basada en riesgo.",
        sectors: &["12110"],
        targets: &["3.8"],
        formats: &[Course, Internship, Remote],
        languages: &["es", "en"],
        figures: (10, 4, 40),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Sistemas nacionales de donación y trasplante"),
            ("en", "National organ donation and transplant systems"),
        ],
        offering: &["INCUCAI"],
        description: "Organización de un sistema nacional de procuración, registro y asignación de órganos.",
        learn: "Marcos normativos, registros informáticos y formación de coordinadores hospitalarios.",
        sectors: &["12191"],
        targets: &["3.8"],
        formats: &[Mission, Internship, Tools],
        languages: &["es", "en"],
        figures: (10, 3, 30),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            (
                "es",
                "Antropología forense y búsqueda de personas desaparecidas",
            ),
            (
                "en",
                "Forensic anthropology and the search for the disappeared",
            ),
            (
                "fr",
                "Anthropologie médico-légale et recherche des personnes disparues",
            ),
        ],
        offering: &["EAAF"],
        description: "Investigación forense, exhumaciones e identificación genética de víctimas de violaciones de derechos humanos.",
        learn: "Protocolos de investigación forense, bancos genéticos y acompañamiento de familiares.",
        sectors: &["15160"],
        targets: &["16.3", "16.10"],
        formats: &[Mission, Course],
        languages: &["es", "en", "fr", "pt"],
        figures: (30, 8, 240),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Economía social y microcrédito"),
            ("en", "Social economy and microcredit"),
        ],
        offering: &["MDS"],
        description: "Programas de microcrédito, cooperativas de trabajo y registro de emprendedores de la economía social.",
        learn: "Diseño de fondos de microcrédito y acompañamiento de cooperativas.",
        sectors: &["16010"],
        targets: &["1.3", "8.3"],
        formats: &[Course, Visit],
        languages: &["es"],
        figures: (10, 4, 40),
        status: Paused,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Transferencias alimentarias con tarjeta"),
            ("en", "Card-based food transfers"),
        ],
        offering: &["MDS"],
        description: "Transferencias para la compra de alimentos mediante tarjetas, con padrones y pagos electrónicos.",
        learn: "Focalización, padrones de beneficiarios y pagos electrónicos.",
        sectors: &["16010"],
        targets: &["1.3", "2.1"],
        formats: &[Remote, Tools],
        languages: &["es"],
        figures: (5, 2, 10),
        status: Retired,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Evaluación de recursos pesqueros"),
            ("en", "Fish stock assessment"),
        ],
        offering: &["INIDEP"],
        description: "Campañas de investigación, modelos de evaluación de poblaciones y asesoramiento para cuotas de captura.",
        learn: "Muestreo biológico, modelos de evaluación y bases científicas de la gestión pesquera.",
        sectors: &["31382", "31310"],
        targets: &["14.4"],
        formats: &[Internship, Mission],
        languages: &["es", "en"],
        figures: (30, 4, 120),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Servicios meteorológicos y alertas tempranas"),
            ("en", "Weather services and early warning"),
            ("fr", "Services météorologiques et alerte précoce"),
        ],
        offering: &["SMN"],
        description: "Pronóstico, redes de observación y sistemas de alerta temprana ante eventos extremos.",
        learn: "Operación de redes de estaciones, pronóstico por impacto y comunicación de alertas.",
        sectors: &["43060"],
        targets: &["13.1", "11.5"],
        formats: &[Mission, Course, Remote],
        languages: &["es", "fr"],
        figures: (10, 5, 50),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Información satelital para el agro y las emergencias"),
            (
                "en",
                "Satellite information for agriculture and emergencies",
            ),
        ],
        offering: &["CONAE"],
        description: "Imágenes y mapas de humedad de suelo para el monitoreo agrícola y la respuesta ante inundaciones e incendios.",
        learn: "Procesamiento de imágenes, productos de humedad de suelo y su uso en la gestión de riesgos.",
        sectors: &["43082", "43060"],
        targets: &["13.1", "2.4"],
        formats: &[Course, Remote, Tools],
        languages: &["es", "en"],
        figures: (10, 3, 30),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Cartografía geológica y peligrosidad geológica"),
            ("en", "Geological mapping and geohazards"),
        ],
        offering: &["SEGEMAR"],
        description: "Cartas geológicas, estudios de peligrosidad volcánica y de remoción en masa.",
        learn: "Métodos de cartografía, sistemas de información geográfica y evaluación de peligros.",
        sectors: &["32210"],
        targets: &["11.5"],
        formats: &[Mission, Internship],
        languages: &["es"],
        figures: (20, 4, 80),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Aplicaciones nucleares en medicina y agricultura"),
            ("en", "Nuclear applications in medicine and agriculture"),
        ],
        offering: &["CNEA"],
        description: "Radioisótopos para el diagnóstico, radioterapia y técnica del insecto estéril contra plagas.",
        learn: "Producción y uso seguro de radioisótopos y control de plagas con insectos estériles.",
        sectors: &["12191", "31192"],
        targets: &["3.4", "2.4"],
        formats: &[Internship, Course],
        languages: &["es", "en"],
        figures: (45, 4, 160),
        status: Active,
        visibility: Restricted,
    },
    DemoCapacity {
        title: &[
            ("es", "Formación de posgrado en salud pública"),
            ("en", "Postgraduate training in public health"),
        ],
        offering: &["UBA"],
        description: "Maestrías y cursos de posgrado en epidemiología, gestión sanitaria y salud pública.",
        learn: "Epidemiología aplicada, gestión de servicios y evaluación de políticas de salud.",
        sectors: &["11420", "12220"],
        targets: &["3.c", "4.3"],
        formats: &[Course, Remote],
        languages: &["es"],
        figures: (90, 10, 100),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Hidráulica y gestión del riesgo de inundaciones"),
            ("en", "Hydraulics and flood risk management"),
        ],
        offering: &["UNLP"],
        description: "Modelación hidrológica e hidráulica de cuencas y planes de gestión del riesgo de inundaciones.",
        learn: "Modelos de cuenca, mapas de riesgo y diseño de obras de control.",
        sectors: &["14015", "43060"],
        targets: &["11.5", "13.1"],
        formats: &[Mission, Course, Remote],
        languages: &["es", "en"],
        figures: (14, 4, 56),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Metrología y calibración para laboratorios"),
            ("en", "Metrology and calibration for laboratories"),
        ],
        offering: &["INTI"],
        description: "Patrones nacionales de medida, calibración de instrumentos y acreditación de laboratorios.",
        learn: "Trazabilidad metrológica, calibración y sistemas de gestión de laboratorios.",
        sectors: &["32120"],
        targets: &["9.5"],
        formats: &[Internship, Course],
        languages: &["es", "en", "pt"],
        figures: (20, 5, 100),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Eficiencia energética en pymes industriales"),
            ("en", "Energy efficiency in industrial SMEs"),
        ],
        offering: &["INTI"],
        description: "Diagnósticos energéticos en plantas industriales pequeñas y medianas y planes de mejora.",
        learn: "Auditorías energéticas, medición de consumos y evaluación de inversiones de eficiencia.",
        sectors: &["23183"],
        targets: &["7.3"],
        formats: &[Mission, Course],
        languages: &["es"],
        figures: (10, 3, 30),
        status: Paused,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Agroecología y bioinsumos"),
            ("en", "Agroecology and bio-inputs"),
        ],
        offering: &["INTA"],
        description: "Transición agroecológica de sistemas productivos y producción de bioinsumos en las fincas.",
        learn: "Diseño de sistemas diversificados, elaboración de bioinsumos y evaluación de la transición.",
        sectors: &["31120", "41030"],
        targets: &["2.4", "15.5"],
        formats: &[Visit, Course],
        languages: &["es", "pt"],
        figures: (10, 6, 60),
        status: Active,
        visibility: Public,
    },
    DemoCapacity {
        title: &[
            ("es", "Gestión de la cooperación Sur-Sur"),
            ("en", "Managing South-South cooperation"),
            ("pt", "Gestão da cooperação Sul-Sul"),
            ("fr", "Gestion de la coopération Sud-Sud"),
        ],
        offering: &["FO.AR"],
        description: "Formulación, seguimiento y evaluación de proyectos de cooperación técnica entre países en desarrollo.",
        learn: "El ciclo del proyecto del FO.AR, comisiones mixtas y sistemas de información de la cooperación.",
        sectors: &["15110"],
        targets: &["17.9"],
        formats: &[Course, Remote, Tools],
        languages: &["es", "en", "pt", "fr"],
        figures: (5, 4, 20),
        status: Active,
        visibility: Public,
    },
];

/// Project code → the demo capacities (their places, from 1) it draws on.
pub const PROJECT_CAPACITIES: &[(&str, &[usize])] =
    &[("FOAR-2025-0012", &[1]), ("FOAR-TRI-2024-0003", &[2, 3])];

fn texts(pairs: &[(&str, &str)]) -> LocalisedText {
    pairs
        .iter()
        .map(|(language, text)| ((*language).to_owned(), (*text).to_owned()))
        .collect()
}

fn spanish(text: &str) -> LocalisedText {
    texts(&[("es", text)])
}

/// The input of a demo capacity; `ids` maps the demo organisations' acronyms to ids.
pub fn input(spec: &DemoCapacity, ids: &HashMap<&str, Uuid>) -> CapacityInput {
    let (days, experts, expert_days) = spec.figures;
    CapacityInput {
        default_language: default_language(),
        document_links: Vec::new(),
        offering_organisations: spec.offering.iter().map(|a| ids[a]).collect(),
        title: texts(spec.title),
        description: spanish(spec.description),
        what_partners_learn: Some(spanish(spec.learn)),
        sectors: spec.sectors.iter().map(|&s| s.to_owned()).collect(),
        sdg_targets: spec.targets.iter().map(|&t| t.to_owned()).collect(),
        formats: spec.formats.to_vec(),
        languages: spec.languages.iter().map(|&l| l.to_owned()).collect(),
        typical_duration_days: Some(days),
        experts_available: Some(experts),
        in_kind_expert_days: Some(expert_days),
        status: spec.status,
        visibility: spec.visibility,
    }
}
