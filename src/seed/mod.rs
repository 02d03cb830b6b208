//! Loading data: `demo` (a small, realistic landscape) and `synthetic` (many valid,
//! varied projects for load tests). Both write through the domain operations, so every
//! record is validated and has its history.

mod capacities;
pub mod demo;
pub mod demo_ids;
mod dice;
mod execution;
mod frameworks;
mod requests;
pub mod synthetic;

use crate::auth::{Caller, Role};
use crate::domain::documents::LocalisedText;

pub use demo::demo;
pub use synthetic::synthetic;

/// The actor recorded on seeded records.
pub fn seed_caller() -> Caller {
    Caller {
        sub: "seed".into(),
        role: Role::Admin,
        org: None,
        issuer: "ssc-api seed".into(),
    }
}

/// Translations of demo texts from their Spanish: (Spanish, language, text). Partner
/// ministries read the demo records in Portuguese (Mozambique, Brazil), English (Japan,
/// Viet Nam) and French (Haiti).
const TRANSLATIONS: &[(&str, &str, &str)] = &[
    (
        "Fortalecimiento de la cadena láctea",
        "pt",
        "Fortalecimento da cadeia láctea",
    ),
    (
        "Fortalecimiento de la cadena láctea",
        "en",
        "Strengthening the dairy value chain",
    ),
    (
        "Agricultura familiar sostenible en el Chaco paraguayo",
        "en",
        "Sustainable family farming in the Paraguayan Chaco",
    ),
    (
        "Agricultura familiar sostenible en el Chaco paraguayo",
        "pt",
        "Agricultura familiar sustentável no Chaco paraguaio",
    ),
    (
        "ProHuerta Haití: huertas familiares y seguridad alimentaria",
        "fr",
        "ProHuerta Haïti : potagers familiaux et sécurité alimentaire",
    ),
    (
        "ProHuerta Haití: huertas familiares y seguridad alimentaria",
        "en",
        "ProHuerta Haiti: family gardens and food security",
    ),
    (
        "Horticultura y poscosecha en la provincia de Nampula",
        "pt",
        "Horticultura e pós-colheita na província de Nampula",
    ),
    (
        "Horticultura y poscosecha en la provincia de Nampula",
        "en",
        "Horticulture and post-harvest handling in Nampula province",
    ),
    (
        "Red regional de laboratorios de salud pública",
        "pt",
        "Rede regional de laboratórios de saúde pública",
    ),
    (
        "Fortalecimiento institucional de la planificación en Haití",
        "fr",
        "Renforcement institutionnel de la planification en Haïti",
    ),
    (
        "Programa de Asociación Argentina-Japón para la Cooperación Triangular (PPJA)",
        "en",
        "Partnership Programme for Joint Cooperation between Argentina and Japan (PPJA)",
    ),
    (
        "Acuerdo marco MERCOSUR de cooperación en salud pública",
        "pt",
        "Acordo-quadro do MERCOSUL de cooperação em saúde pública",
    ),
    (
        "Arreglo triangular Argentina-PNUD-Haití",
        "fr",
        "Arrangement triangulaire Argentine-PNUD-Haïti",
    ),
    (
        "Arreglo triangular Argentina-PNUD-Haití",
        "en",
        "Argentina-UNDP-Haiti triangular arrangement",
    ),
    (
        "Seminario FEALAC sobre variedades de arroz tolerantes a la salinidad",
        "en",
        "FEALAC seminar on salinity-tolerant rice varieties",
    ),
    (
        "Hoja de ruta conjunta de ensayos en el delta del Mekong y en Corrientes.",
        "en",
        "A joint roadmap of trials in the Mekong delta and in Corrientes.",
    ),
    (
        "Taller regional de bioseguridad en laboratorios",
        "pt",
        "Oficina regional de biossegurança em laboratórios",
    ),
];

/// A demo text: its Spanish, with the translations `TRANSLATIONS` has for it.
pub fn localised(spanish: &str) -> LocalisedText {
    std::iter::once(("es".to_owned(), spanish.to_owned()))
        .chain(
            TRANSLATIONS
                .iter()
                .filter(|(es, _, _)| *es == spanish)
                .map(|(_, language, text)| ((*language).to_owned(), (*text).to_owned())),
        )
        .collect()
}

pub use crate::domain::documents::es;
