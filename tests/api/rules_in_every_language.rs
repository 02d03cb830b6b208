//! Every kind's rules in the caller's language: a body breaking many rules of each kind
//! is refused with the same `type`, status and pointers in English, Spanish, Portuguese
//! and French, and no message of the other languages reads as the English one (a rule
//! still written in English would).

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::activities::activities;
use crate::fixtures::{
    ARRANGEMENTS, CAPACITIES, COOPERATION_REQUESTS, EXCHANGES, PARTNERSHIPS, PROJECTS, arrangement,
    bilateral, bilateral_partnership, capacity, cast, cooperation_request, exchange, triangular,
};
use crate::results::results;
use crate::support::{admin, spawn};
use crate::transactions::transactions;

const ORGANISATIONS: &str = "/api/v1/organisations";

/// One refused write: what it is, where it goes, and its body.
struct Refusal {
    name: &'static str,
    method: Method,
    path: String,
    body: Value,
    /// The version a write of an existing record names.
    if_match: Option<Value>,
    /// The fewest violations it must list (so a body that stops breaking rules is noticed).
    at_least: usize,
}

/// `refusal` sent in each language: a 422 whose `type`, status and pointers are the
/// English answer's, and whose every message differs from the English one.
async fn refused_in_every_language<S, B>(app: &crate::support::TestApp<S>, refusal: &Refusal)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let send = |language: &str| {
        let call = app
            .request(refusal.method.clone(), &refusal.path)
            .bearer(&admin())
            .header("Accept-Language", language)
            .json(&refusal.body);
        match &refusal.if_match {
            Some(version) => call.if_match(version),
            None => call,
        }
        .send()
    };
    let english = send("en").await.problem(422);
    let errors = |problem: &Value| -> Vec<(String, String)> {
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["pointer"].as_str().unwrap().to_owned(),
                    e["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let english_errors = errors(&english);
    assert!(
        english_errors.len() >= refusal.at_least,
        "{}: {} violations, expected at least {}: {english}",
        refusal.name,
        english_errors.len(),
        refusal.at_least
    );
    for language in ["es", "pt", "fr"] {
        let reply = send(language).await;
        assert_eq!(reply.header("content-language"), Some(language));
        let problem = reply.problem(422);
        assert_eq!(problem["type"], english["type"], "{}", refusal.name);
        assert_ne!(problem["detail"], english["detail"], "{}", refusal.name);
        let translated = errors(&problem);
        let pointers = |errors: &[(String, String)]| -> Vec<String> {
            errors.iter().map(|(p, _)| p.clone()).collect()
        };
        assert_eq!(
            pointers(&translated),
            pointers(&english_errors),
            "{} in {language}",
            refusal.name
        );
        for ((pointer, message), (_, in_english)) in translated.iter().zip(&english_errors) {
            assert_ne!(
                message, in_english,
                "{} in {language}: {pointer} is still in English",
                refusal.name
            );
            assert!(
                !message.contains("{$") && !message.contains("{ $"),
                "{} in {language}: {pointer}: {message}",
                refusal.name
            );
        }
    }
}

/// Set the members of `changes` on `body`.
fn with(mut body: Value, changes: Value) -> Value {
    for (name, value) in changes.as_object().unwrap() {
        body[name] = value.clone();
    }
    body
}

#[actix_web::test]
async fn every_rule_of_every_kind_speaks_the_callers_language() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "IDIOMAS-1")).await;
    let project_path =
        |part: &str| format!("{PROJECTS}/{}/{part}", project["id"].as_str().unwrap());
    let triangular_project = app.create_project(&triangular(&cast, "IDIOMAS-2")).await;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    let capacity_id = uuid::Uuid::now_v7();
    let link = |changes: Value| {
        with(
            json!({
                "url": "https://www.cancilleria.gob.ar/cooperacion/actas/comixta-ar-py-2024.pdf",
                "format": "application/pdf",
                "title": {"es": "Acta de la Comisión Mixta"},
                "categories": ["A09"],
                "languages": ["es"],
                "document_date": "2024-05-14"
            }),
            changes,
        )
    };

    let mut activities_body = activities(&cast.inti, &cast.mdryt);
    let first = &mut activities_body["activities"][0];
    first["planned_start"] = json!("2025-01-10");
    first["participants_women"] = json!(30);
    first["institutions"] = json!(["  "]);
    first["costs"][0]["paying_organisation_id"] = cast.jica.clone();
    first["costs"][1]["amount"] = json!("10.123");
    let second = &mut activities_body["activities"][1];
    second["actual_start"] = json!("2026-05-04");
    second["costs"][0]["stage"] = json!("executed");
    second["status"] = json!("cancelled");
    activities_body["activities"]
        .as_array_mut()
        .unwrap()
        .extend([
            json!({"kind": "virtual_meeting", "planned_start": "2025-06-02",
                "planned_end": "2025-06-01", "status": "done",
                "cancellation_reason": {"es": "Sin conexión"}, "participants_women": 2}),
            json!({"kind": "virtual_meeting", "planned_start": "2025-06-02",
                "planned_end": "2025-06-03", "status": "done", "actual_start": "2025-06-03",
                "actual_end": "2025-06-02", "costs": [{"category": "per_diem", "amount": "1",
                "currency": "JPY", "paying_organisation_id": cast.inti, "stage": "planned"},
                {"category": "per_diem", "amount": "1.5", "currency": "JPY",
                "paying_organisation_id": cast.inti, "stage": "planned"}]}),
        ]);

    let mut transactions_body = transactions(&cast.inti, &cast.mdryt);
    let first = &mut transactions_body["transactions"][0];
    first["date"] = json!(tomorrow);
    first["value"] = json!("0.00");
    first["provider"] = json!({"organisation_id": cast.jica});
    first["receiver"] = json!({"organisation_id": cast.mdryt, "iati_identifier": "BO-1"});
    let second = &mut transactions_body["transactions"][1];
    second["provider"] = json!({});
    second["receiver"] = json!({"organisation_id": cast.mdryt, "name": "MDRyT"});
    let third = &mut transactions_body["transactions"][2];
    third["value"] = json!("10.123");
    third["receiver"] = json!({"name": "  ", "iati_identifier": "XM DAC"});
    third["description"] = json!({"xx": "texto"});
    transactions_body["transactions"][3]["value"] = json!("12345678901234");

    let mut results_body = results();
    let first = &mut results_body["results"][0];
    first["title"] = json!({"pt": "Sem espanhol", "en": "  "});
    let indicator = &mut first["indicators"][0];
    indicator["baseline"]["date"] = json!("2023-05-01");
    indicator["periods"][0]["start"] = json!("2025-06-01");
    indicator["periods"][0]["end"] = json!("2025-05-31");
    indicator["periods"][1]["actual"]["value"] = json!("1e3");
    indicator["periods"].as_array_mut().unwrap().push(json!({
        "start": "2027-01-01", "end": "2027-12-31",
        "target": {"value": null, "comment": null}, "actual": null
    }));
    let outcome = &mut results_body["results"][1]["indicators"];
    outcome[0]["periods"][0]["actual"]["value"] = json!("150");
    outcome[0]["periods"][0]["target"]["value"] = json!("60");
    outcome[1]["periods"][0]["actual"] = json!({"value": "2", "comment": null});
    outcome[1]["measure"] = json!(5);
    outcome[1]["baseline"]["value"] = json!("1");

    let refusals = [
        Refusal {
            name: "a bilateral project",
            method: Method::POST,
            path: PROJECTS.into(),
            body: with(
                bilateral(&cast, "-mal código"),
                json!({
                    "iati_identifier": "sin-guion mal",
                    "planned_end": "2025-01-01",
                    "actual_start": null,
                    "actual_end": "2025-04-01",
                    "recipient_countries": [{"country_code": "BO", "percentage": "0"},
                        {"country_code": "PY", "percentage": "abc"},
                        {"country_code": "PY", "percentage": "100.5"}],
                    "sectors": [{"code": "31166", "percentage": "60"},
                        {"code": "31166", "percentage": "30"}],
                    "sdg_goals": [2, 2],
                    "sdg_targets": ["4.1", "4.1"],
                    "capacity_ids": [capacity_id, capacity_id],
                    "participants": [{"organisation_id": cast.inti, "role": "provider"},
                        {"organisation_id": cast.inti, "role": "provider"}],
                    "budget": {"amount": "1.234", "currency": "USD"},
                    "contributions": [
                        {"organisation_id": cast.jica, "amount": "5", "currency": null},
                        {"organisation_id": cast.inti, "amount": null, "currency": "USD"},
                        {"organisation_id": cast.inti, "amount": null, "currency": null},
                        {"organisation_id": cast.inti, "amount": "1.5", "currency": "JPY"},
                        {"organisation_id": cast.inti, "amount": "1", "currency": "JPY"}
                    ]
                }),
            ),
            if_match: None,
            at_least: 20,
        },
        Refusal {
            name: "projects' recipients, sectors and participants",
            method: Method::POST,
            path: PROJECTS.into(),
            body: with(
                triangular(&cast, "IDIOMAS-3"),
                json!({
                    "actual_start": tomorrow,
                    "recipient_countries": [],
                    "recipient_regions": [],
                    "sectors": [],
                    "participants": [{"organisation_id": cast.inta, "role": "first_provider"},
                        {"organisation_id": cast.inta, "role": "recipient"}],
                }),
            ),
            if_match: None,
            at_least: 5,
        },
        Refusal {
            name: "a project's sums and roles",
            method: Method::POST,
            path: PROJECTS.into(),
            body: with(
                bilateral(&cast, "IDIOMAS-4"),
                json!({
                    "recipient_countries": [{"country_code": "BO", "percentage": "60"}],
                    "sectors": [{"code": "31166", "percentage": "60"}],
                    "participants": [],
                }),
            ),
            if_match: None,
            at_least: 3,
        },
        Refusal {
            name: "a bilateral project without a provider",
            method: Method::POST,
            path: PROJECTS.into(),
            body: with(
                bilateral(&cast, "IDIOMAS-5"),
                json!({
                    "participants": [{"organisation_id": cast.mdryt, "role": "recipient"}],
                    "contributions": [],
                    "document_links": [
                        link(json!({"url": "ftp://files.example.org/acta.pdf"})),
                        link(json!({"url": "https://ana:secreto@files.example.org/acta.pdf"})),
                        link(json!({"url": "acta.pdf"})),
                        link(json!({"url": "https://example.org/a\\b.pdf"})),
                        link(json!({"url": "https:///acta.pdf"})),
                        link(json!({"url": "https://example.org/\u{202E}fdp.exe"})),
                        link(json!({"url": "https://exa mple.org/acta.pdf"})),
                        link(json!({"format": "application/x-acta"})),
                        link(json!({"categories": ["B01", "A09", "A09", "A99"]})),
                        link(json!({"title": {"pt": "Ata", "zz": "?", "en": "  ",
                            "fr": "x".repeat(501)}})),
                        link(json!({"languages": ["es", "xx", "es"]})),
                        link(json!({"document_date": "1850-01-01"})),
                    ]
                }),
            ),
            if_match: None,
            at_least: 15,
        },
        Refusal {
            name: "a triangular project's roles",
            method: Method::PUT,
            path: format!("{PROJECTS}/{}", triangular_project["id"].as_str().unwrap()),
            body: with(
                triangular(&cast, "IDIOMAS-2"),
                json!({"participants": [{"organisation_id": cast.inta, "role": "first_provider"},
                    {"organisation_id": cast.inta, "role": "second_provider"}],
                    "contributions": []}),
            ),
            if_match: Some(triangular_project["version"].clone()),
            at_least: 3,
        },
        Refusal {
            name: "a partnership",
            method: Method::POST,
            path: PARTNERSHIPS.into(),
            body: with(
                bilateral_partnership(&cast),
                json!({
                    "scope": "regional",
                    "space": null,
                    "parties": [{"organisation_id": cast.inti, "role": "party"},
                        {"organisation_id": cast.inti, "role": "party"}],
                    "signed_on": null,
                    "valid_from": "2025-01-01",
                    "valid_until": "2024-01-01",
                    "sectors": ["311", "311", "99999"],
                }),
            ),
            if_match: None,
            at_least: 6,
        },
        Refusal {
            name: "a partnership's space",
            method: Method::POST,
            path: PARTNERSHIPS.into(),
            body: with(
                bilateral_partnership(&cast),
                json!({"scope": "interregional", "space": "mercosur", "parties": []}),
            ),
            if_match: None,
            at_least: 2,
        },
        Refusal {
            name: "a partnership's unknown space",
            method: Method::POST,
            path: PARTNERSHIPS.into(),
            body: with(
                bilateral_partnership(&cast),
                json!({"scope": "regional", "space": "atlantis"}),
            ),
            if_match: None,
            at_least: 1,
        },
        Refusal {
            name: "a bilateral partnership with a space",
            method: Method::POST,
            path: PARTNERSHIPS.into(),
            body: with(bilateral_partnership(&cast), json!({"space": "mercosur"})),
            if_match: None,
            at_least: 1,
        },
        Refusal {
            name: "a triangular arrangement",
            method: Method::POST,
            path: ARRANGEMENTS.into(),
            body: with(
                arrangement(&cast),
                json!({
                    "first_providers": [cast.inta, cast.inta],
                    "second_providers": [],
                    "recipients": [cast.inta],
                    "status": "active",
                    "signed_on": null,
                    "cost_sharing": [
                        {"organisation_id": cast.undp, "amount": "1", "currency": "USD"},
                        {"organisation_id": cast.inta, "amount": "1.001", "currency": "USD"}
                    ],
                }),
            ),
            if_match: None,
            at_least: 6,
        },
        Refusal {
            name: "a policy exchange",
            method: Method::POST,
            path: EXCHANGES.into(),
            body: with(
                exchange(&cast),
                json!({
                    "offering_organisations": [cast.inta, cast.inta],
                    "receiving_organisations": [cast.inta],
                    "start_date": "2099-02-01",
                    "end_date": "2099-01-01",
                    "participants_total": 12,
                    "participants_women": 13,
                    "sdg_goals": [2, 2],
                    "status": "completed",
                    "outcomes": null,
                }),
            ),
            if_match: None,
            at_least: 6,
        },
        Refusal {
            name: "a policy exchange's counts",
            method: Method::POST,
            path: EXCHANGES.into(),
            body: with(
                exchange(&cast),
                json!({"offering_organisations": [], "participants_total": null}),
            ),
            if_match: None,
            at_least: 2,
        },
        Refusal {
            name: "a multilateral organisation",
            method: Method::POST,
            path: ORGANISATIONS.into(),
            body: json!({"name": "Organismo", "organisation_type": "40", "country_code": "AR",
                "iati_identifier": "sin guion"}),
            if_match: None,
            at_least: 2,
        },
        Refusal {
            name: "a government body",
            method: Method::POST,
            path: ORGANISATIONS.into(),
            body: json!({"name": "Ministerio", "organisation_type": "10"}),
            if_match: None,
            at_least: 1,
        },
        Refusal {
            name: "a capacity",
            method: Method::POST,
            path: CAPACITIES.into(),
            body: with(
                capacity(&cast),
                json!({
                    "offering_organisations": [],
                    "sectors": ["311", "31166", "31166"],
                    "sdg_targets": ["2.4", "2.4"],
                    "formats": [],
                    "languages": ["es", "es"],
                }),
            ),
            if_match: None,
            at_least: 6,
        },
        Refusal {
            name: "a capacity's languages",
            method: Method::POST,
            path: CAPACITIES.into(),
            body: with(capacity(&cast), json!({"sectors": [], "languages": []})),
            if_match: None,
            at_least: 2,
        },
        Refusal {
            name: "a cooperation request",
            method: Method::POST,
            path: COOPERATION_REQUESTS.into(),
            body: with(
                cooperation_request(&cast),
                json!({
                    "sectors": ["311"],
                    "sdg_targets": ["2.4", "2.4"],
                    "languages": [],
                    "desired_start_from": "2027-06-30",
                    "desired_start_to": "2027-03-01",
                }),
            ),
            if_match: None,
            at_least: 4,
        },
        Refusal {
            name: "a cooperation request without sectors",
            method: Method::POST,
            path: COOPERATION_REQUESTS.into(),
            body: with(cooperation_request(&cast), json!({"sectors": []})),
            if_match: None,
            at_least: 1,
        },
        Refusal {
            name: "a project's activities",
            method: Method::PUT,
            path: project_path("activities"),
            body: activities_body,
            if_match: Some(json!(0)),
            at_least: 14,
        },
        Refusal {
            name: "a project's transactions",
            method: Method::PUT,
            path: project_path("transactions"),
            body: transactions_body,
            if_match: Some(json!(0)),
            at_least: 9,
        },
        Refusal {
            name: "a project's results",
            method: Method::PUT,
            path: format!(
                "{PROJECTS}/{}/results",
                triangular_project["id"].as_str().unwrap()
            ),
            body: results_body,
            if_match: Some(json!(0)),
            at_least: 10,
        },
    ];
    for refusal in &refusals {
        refused_in_every_language(&app, refusal).await;
    }
}
