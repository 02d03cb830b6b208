//! Realistic records for tests: a handful of organisations and valid projects.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};

use crate::support::{TestApp, admin};

pub const PROJECTS: &str = "/api/v1/projects";

/// Organisation ids (as JSON strings) for the usual cast.
pub struct Cast {
    /// Argentina: industrial technology institute.
    pub inti: Value,
    /// Argentina: agricultural technology institute.
    pub inta: Value,
    /// Bolivia: rural development ministry.
    pub mdryt: Value,
    /// Paraguay: agriculture ministry.
    pub mag: Value,
    /// Japan: cooperation agency.
    pub jica: Value,
    /// UNDP.
    pub undp: Value,
}

pub async fn cast<S, B>(app: &TestApp<S>) -> Cast
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let org = |name: &str, acronym: &str, kind: &str, country: Option<&str>| json!({"name": name, "acronym": acronym, "organisation_type": kind, "country_code": country});
    Cast {
        inti: app
            .create_organisation(org(
                "Instituto Nacional de Tecnología Industrial",
                "INTI",
                "10",
                Some("AR"),
            ))
            .await["id"]
            .clone(),
        inta: app
            .create_organisation(org(
                "Instituto Nacional de Tecnología Agropecuaria",
                "INTA",
                "10",
                Some("AR"),
            ))
            .await["id"]
            .clone(),
        mdryt: app
            .create_organisation(org(
                "Ministerio de Desarrollo Rural y Tierras",
                "MDRyT",
                "10",
                Some("BO"),
            ))
            .await["id"]
            .clone(),
        mag: app
            .create_organisation(org(
                "Ministerio de Agricultura y Ganadería",
                "MAG",
                "10",
                Some("PY"),
            ))
            .await["id"]
            .clone(),
        jica: app
            .create_organisation(org(
                "Japan International Cooperation Agency",
                "JICA",
                "10",
                Some("JP"),
            ))
            .await["id"]
            .clone(),
        undp: app
            .create_organisation(org(
                "United Nations Development Programme",
                "UNDP",
                "40",
                None,
            ))
            .await["id"]
            .clone(),
    }
}

/// A valid bilateral project: INTI provides, Bolivia's MDRyT receives.
pub fn bilateral(cast: &Cast, code: &str) -> Value {
    json!({
        "code": code,
        "title": {"es": "Fortalecimiento de la cadena láctea"},
        "description": {"es": "Transferencia de tecnología a pequeños productores lecheros."},
        "objectives": {"es": "Mejorar la calidad de la leche."},
        "modality": "bilateral_ssc",
        "instrument": "project",
        "status": 2,
        "visibility": "public",
        "approval_date": "2025-01-20",
        "planned_start": "2025-03-01",
        "planned_end": "2026-12-31",
        "actual_start": "2025-03-15",
        "actual_end": null,
        "recipient_countries": [{"country_code": "BO", "percentage": "100"}],
        "recipient_regions": [],
        "sectors": [{"code": "31166", "percentage": "60"}, {"code": "32165", "percentage": "40"}],
        "sdg_goals": [2, 8],
        "sdg_targets": ["2.3"],
        "participants": [
            {"organisation_id": cast.inti, "role": "provider"},
            {"organisation_id": cast.mdryt, "role": "recipient"}
        ],
        "budget": {"amount": "125000.00", "currency": "USD"},
        "contributions": [
            {"organisation_id": cast.inti, "amount": "80000.00", "currency": "USD", "expert_days": 120}
        ],
        "partnership_id": null,
        "triangular_arrangement_id": null
    })
}

/// A valid triangular project: INTA first provider, JICA second, Paraguay's MAG recipient.
pub fn triangular(cast: &Cast, code: &str) -> Value {
    json!({
        "code": code,
        "title": {"es": "Agricultura familiar sostenible en el Chaco paraguayo"},
        "description": {"es": "Cooperación triangular Argentina-Japón-Paraguay en extensión rural."},
        "modality": "triangular",
        "instrument": "programme",
        "status": 2,
        "visibility": "public",
        "planned_start": "2024-06-01",
        "planned_end": "2027-05-31",
        "recipient_countries": [{"country_code": "PY", "percentage": "100"}],
        "sectors": [{"code": "31120", "percentage": "100"}],
        "sdg_goals": [1, 2],
        "sdg_targets": ["1.4", "2.4"],
        "participants": [
            {"organisation_id": cast.inta, "role": "first_provider"},
            {"organisation_id": cast.jica, "role": "second_provider"},
            {"organisation_id": cast.mag, "role": "recipient"}
        ],
        "budget": {"amount": "30000000", "currency": "JPY"},
        "contributions": [
            {"organisation_id": cast.jica, "amount": "25000000", "currency": "JPY"},
            {"organisation_id": cast.inta, "expert_days": 300}
        ]
    })
}

pub const CAPACITIES: &str = "/api/v1/capacities";

/// A valid capacity offered by INTA (Argentina).
pub fn capacity(cast: &Cast) -> Value {
    json!({
        "offering_organisations": [cast.inta],
        "title": {"es": "Mejoramiento genético de pasturas", "en": "Pasture genetic improvement"},
        "description": {"es": "Selección y evaluación de forrajeras adaptadas a sequía en estaciones experimentales."},
        "what_partners_learn": {"es": "Protocolos de ensayo y registro de cultivares."},
        "sectors": ["31182", "31166"],
        "sdg_targets": ["2.4"],
        "formats": ["expert_mission", "training_course"],
        "languages": ["es", "en"],
        "typical_duration_days": 10,
        "experts_available": 4,
        "in_kind_expert_days": 40,
        "status": "active",
        "visibility": "public"
    })
}

pub const COOPERATION_REQUESTS: &str = "/api/v1/cooperation-requests";

/// A valid cooperation request from Bolivia's rural development ministry.
pub fn cooperation_request(cast: &Cast) -> Value {
    json!({
        "requesting_organisation": cast.mdryt,
        "channel": "joint_commission",
        "title": {"es": "Mejoramiento de pasturas para la lechería del altiplano"},
        "problem_statement": {"es": "Las pasturas nativas no alcanzan para sostener la producción lechera en época seca."},
        "expected_results": {"es": "Variedades forrajeras adaptadas evaluadas en tres municipios."},
        "target_population": {"es": "Productores lecheros de La Paz y Oruro."},
        "sectors": ["31166", "31182"],
        "sdg_targets": ["2.4"],
        "formats": ["expert_mission", "training_course"],
        "languages": ["es"],
        "desired_start_from": "2027-03-01",
        "desired_start_to": "2027-06-30",
        "priority": null,
        "visibility": "public"
    })
}

impl<S, B> TestApp<S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    /// Create a project as admin and return its body.
    pub async fn create_project(&self, body: &Value) -> Value {
        let response = self.post(PROJECTS).bearer(&admin()).json(body).send().await;
        assert_eq!(response.status.as_u16(), 201, "{}", response.text());
        response.json()
    }
}

pub const PARTNERSHIPS: &str = "/api/v1/partnerships";
pub const ARRANGEMENTS: &str = "/api/v1/triangular-arrangements";
pub const EXCHANGES: &str = "/api/v1/policy-exchanges";

/// A valid bilateral partnership between INTI (Argentina) and MDRyT (Bolivia).
pub fn bilateral_partnership(cast: &Cast) -> Value {
    json!({
        "title": {"es": "Comisión Mixta Argentina-Bolivia"},
        "scope": "bilateral",
        "space": null,
        "parties": [
            {"organisation_id": cast.inti, "role": "party"},
            {"organisation_id": cast.mdryt, "role": "party"}
        ],
        "instrument": "joint_commission_minutes",
        "signed_on": "2023-09-01",
        "valid_from": "2023-09-01",
        "valid_until": "2025-08-31",
        "status": "active",
        "sectors": ["311"],
        "description": {"es": "Programa de cooperación técnica 2023-2025."},
        "visibility": "public"
    })
}

/// A valid arrangement: INTA first provider, JICA second, MAG (Paraguay) recipient.
pub fn arrangement(cast: &Cast) -> Value {
    json!({
        "title": {"es": "Programa de Asociación Argentina-Japón"},
        "first_providers": [cast.inta],
        "second_providers": [cast.jica],
        "recipients": [cast.mag],
        "agreement_kind": "trilateral",
        "signed_on": "2024-05-01",
        "valid_from": null,
        "valid_until": null,
        "status": "active",
        "governance": {"es": "Comité conjunto"},
        "cost_sharing": [
            {"organisation_id": cast.jica, "amount": "50000.00", "currency": "USD", "expert_days": 60},
            {"organisation_id": cast.jica, "amount": "1000000", "currency": "JPY", "expert_days": null},
            {"organisation_id": cast.inta, "amount": "20000.00", "currency": "USD", "expert_days": 200},
            {"organisation_id": cast.mag, "amount": null, "currency": null, "expert_days": 30}
        ],
        "visibility": "public"
    })
}

/// A valid planned study visit: MAG (Paraguay) staff at INTA (Argentina).
pub fn exchange(cast: &Cast) -> Value {
    json!({
        "title": {"es": "Intercambio sobre agricultura familiar"},
        "policy_area": "31166",
        "summary": {"es": "Visita de técnicos del MAG a estaciones experimentales del INTA."},
        "offering_organisations": [cast.inta],
        "receiving_organisations": [cast.mag],
        "format": "study_visit",
        "start_date": "2025-04-01",
        "end_date": "2025-04-05",
        "host_country": "AR",
        "participants_total": 12,
        "participants_women": 7,
        "expert_days": 10,
        "outcomes": null,
        "lessons_learned": null,
        "sdg_goals": [2],
        "status": "planned",
        "project_id": null,
        "partnership_id": null,
        "visibility": "public"
    })
}

impl<S, B> TestApp<S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    /// Create any record as admin at `path` and return its body.
    pub async fn create(&self, path: &str, body: &Value) -> Value {
        let response = self.post(path).bearer(&admin()).json(body).send().await;
        assert_eq!(response.status.as_u16(), 201, "{path}: {}", response.text());
        response.json()
    }
}

/// The members of a cooperation record whose text comes in several languages.
pub const TEXT_MEMBERS: [&str; 11] = [
    "title",
    "description",
    "objectives",
    "governance",
    "summary",
    "outcomes",
    "lessons_learned",
    "what_partners_learn",
    "problem_statement",
    "expected_results",
    "target_population",
];

/// Give each text of `body` a version in `language` too (its Spanish, marked).
pub fn translated(mut body: Value, language: &str) -> Value {
    for member in TEXT_MEMBERS {
        if let Some(text) = body.get_mut(member).and_then(Value::as_object_mut)
            && let Some(spanish) = text.get("es").and_then(Value::as_str)
        {
            let translation = format!("[{language}] {spanish}");
            text.insert(language.to_owned(), Value::String(translation));
        }
    }
    body
}
