//! The contract's examples work on the demo data as a developer in Swagger UI would use
//! them: no parameter starts filled in, every read at the demo's documented ids answers
//! its documented success, and every JSON request body's example is accepted as it
//! stands by a database fresh from `seed --demo`.

use serde_json::Value;

use crate::support::{admin, spawn, spawn_with};

/// The demo's documented ids (`src/seed/demo_ids.rs`) the examples name.
const DEMO_ITEMS: &[(&str, &str)] = &[
    // INTI
    (
        "/api/v1/organisations/{id}",
        "0193a6a0-0001-7000-8000-000000000005",
    ),
    // The demo's project in review (FOAR-2024-0033) and the one returned to its partner
    // (FOAR-2023-0050).
    (
        "/api/v1/projects/{id}/approve",
        "0193a6a0-0002-7000-8000-000000000006",
    ),
    (
        "/api/v1/projects/{id}/return",
        "0193a6a0-0002-7000-8000-000000000006",
    ),
    (
        "/api/v1/projects/{id}/submit",
        "0193a6a0-0002-7000-8000-00000000000a",
    ),
    // FOAR-2025-0012
    (
        "/api/v1/projects/{id}",
        "0193a6a0-0002-7000-8000-000000000001",
    ),
    (
        "/api/v1/partnerships/{id}",
        "0193a6a0-0003-7000-8000-000000000001",
    ),
    (
        "/api/v1/triangular-arrangements/{id}",
        "0193a6a0-0004-7000-8000-000000000001",
    ),
    (
        "/api/v1/policy-exchanges/{id}",
        "0193a6a0-0005-7000-8000-000000000001",
    ),
    // The demo's requests, each where its move can be made: Paraguay's (received),
    // Bolivia's (under assessment), Mozambique's (accepted), Viet Nam's (declined).
    (
        "/api/v1/cooperation-requests/{id}/assess",
        "0193a6a0-0007-7000-8000-000000000002",
    ),
    (
        "/api/v1/cooperation-requests/{id}/decline",
        "0193a6a0-0007-7000-8000-000000000002",
    ),
    (
        "/api/v1/cooperation-requests/{id}/formulate",
        "0193a6a0-0007-7000-8000-000000000003",
    ),
    (
        "/api/v1/cooperation-requests/{id}/close",
        "0193a6a0-0007-7000-8000-000000000004",
    ),
    (
        "/api/v1/cooperation-requests/{id}",
        "0193a6a0-0007-7000-8000-000000000001",
    ),
    // INTI's dairy quality capacity, which FOAR-2025-0012 draws on.
    (
        "/api/v1/capacities/{id}",
        "0193a6a0-0006-7000-8000-000000000001",
    ),
];

/// Paths whose parameters are not record ids, at demo values.
const DEMO_PATHS: &[(&str, &str)] = &[
    ("/api/v1/codelists/{name}", "/api/v1/codelists/countries"),
    (
        "/api/v1/exchange-rates/{year}/{currency}",
        "/api/v1/exchange-rates/2025/ARS",
    ),
    (
        "/api/v1/expert-day-rates/{year}",
        "/api/v1/expert-day-rates/2025",
    ),
    // A report's year is required: one the demo has rates for.
    ("/api/v1/reports/segib", "/api/v1/reports/segib?year=2025"),
    ("/api/v1/reports/tossd", "/api/v1/reports/tossd?year=2025"),
];

/// Operations an example cannot reach on the demo data alone, and why. A new operation
/// fails the tests below until it works on the demo data or is listed here.
const NOT_ON_THE_DEMO: &[(&str, &str)] = &[
    (
        "GET /api/v1/clients/{id}",
        "API clients are made by their admins",
    ),
    (
        "GET /api/v1/webhooks/{id}",
        "webhooks belong to an API client",
    ),
    (
        "GET /api/v1/webhooks/{id}/deliveries",
        "webhooks belong to an API client",
    ),
    ("POST /api/v1/webhooks", "webhooks belong to an API client"),
    ("POST /api/v1/auth/token", "needs an API client's secret"),
    ("GET /metrics", "answers only with SSC_METRICS_TOKEN"),
    (
        "POST /api/v1/capacities/{id}/submit",
        "the demo's capacities are approved",
    ),
    (
        "POST /api/v1/capacities/{id}/approve",
        "the demo's capacities are approved",
    ),
    (
        "POST /api/v1/capacities/{id}/return",
        "the demo's capacities are approved",
    ),
    (
        "POST /api/v1/cooperation-requests/{id}/submit",
        "the demo's requests are approved",
    ),
    (
        "POST /api/v1/cooperation-requests/{id}/approve",
        "the demo's requests are approved",
    ),
    (
        "POST /api/v1/cooperation-requests/{id}/return",
        "the demo's requests are approved",
    ),
    (
        "POST /api/v1/partnerships/{id}/submit",
        "the demo's partnerships are approved",
    ),
    (
        "POST /api/v1/partnerships/{id}/approve",
        "the demo's partnerships are approved",
    ),
    (
        "POST /api/v1/partnerships/{id}/return",
        "the demo's partnerships are approved",
    ),
    (
        "POST /api/v1/triangular-arrangements/{id}/submit",
        "the demo's arrangements are approved",
    ),
    (
        "POST /api/v1/triangular-arrangements/{id}/approve",
        "the demo's arrangements are approved",
    ),
    (
        "POST /api/v1/triangular-arrangements/{id}/return",
        "the demo's arrangements are approved",
    ),
    (
        "POST /api/v1/policy-exchanges/{id}/submit",
        "the demo's exchanges are approved",
    ),
    (
        "POST /api/v1/policy-exchanges/{id}/approve",
        "the demo's exchanges are approved",
    ),
    (
        "POST /api/v1/policy-exchanges/{id}/return",
        "the demo's exchanges are approved",
    ),
];

fn path_filled(path: &str) -> Option<String> {
    if let Some((_, filled)) = DEMO_PATHS.iter().find(|(p, _)| *p == path) {
        return Some((*filled).to_owned());
    }
    if !path.contains('{') {
        return Some(path.to_owned());
    }
    DEMO_ITEMS.iter().find_map(|(item, id)| {
        path.strip_prefix(item)
            .map(|rest| format!("{}{rest}", item.replace("{id}", id)))
            .filter(|filled| !filled.contains('{'))
    })
}

/// The first success status the operation documents.
fn documented_success(operation: &Value) -> u16 {
    operation["responses"]
        .as_object()
        .unwrap()
        .keys()
        .find(|status| status.starts_with('2'))
        .and_then(|status| status.parse().ok())
        .expect("an operation documents a success")
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => doc.pointer(reference.trim_start_matches('#')).unwrap(),
        None => value,
    }
}

/// (name, path, operation) of every operation with `method`.
fn operations<'a>(doc: &'a Value, method: &str) -> Vec<(String, &'a str, &'a Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if let Some(operation) = item.get(method) {
            found.push((
                format!("{} {path}", method.to_uppercase()),
                path.as_str(),
                operation,
            ));
        }
    }
    found
}

fn not_on_the_demo(name: &str) -> bool {
    NOT_ON_THE_DEMO.iter().any(|(n, _)| *n == name)
}

#[test]
fn no_parameter_starts_filled_in() {
    let doc = ssc_api::app::openapi_document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let parameter = resolve(&doc, parameter);
                let name = format!("{method} {path} {}", parameter["name"]);
                assert!(parameter.get("example").is_none(), "{name}");
                assert!(parameter.get("examples").is_none(), "{name}");
                assert!(parameter["schema"].get("example").is_none(), "{name}");
            }
        }
    }
}

#[actix_web::test]
async fn every_read_answers_its_success_at_the_demo_ids() {
    // The public IATI files and the public catalogue are served too.
    let app = spawn_with(|state| {
        state.iati.publish = true;
        state.catalogue_public = true;
    })
    .await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    let doc = ssc_api::app::openapi_document();
    let mut unreached = Vec::new();
    for (name, path, operation) in operations(&doc, "get") {
        let Some(filled) = path_filled(path) else {
            unreached.push(name);
            continue;
        };
        if not_on_the_demo(&name) {
            unreached.push(name);
            continue;
        }
        let reply = app.get(&filled).bearer(&admin()).send().await;
        assert_eq!(
            reply.status.as_u16(),
            documented_success(operation),
            "{name} at {filled}: {}",
            reply.text()
        );
    }
    for name in &unreached {
        assert!(not_on_the_demo(name), "{name}: no demo id fills its path");
    }
}

/// The example of the operation's JSON request body, if it takes one.
fn body_example(doc: &Value, operation: &Value) -> Option<(String, Value)> {
    let content = operation["requestBody"]["content"].as_object()?;
    let (media, body) = content.iter().find(|(media, _)| media.contains("json"))?;
    let example = body
        .get("example")
        .or_else(|| resolve(doc, &body["schema"]).get("example"))
        .cloned()?;
    Some((media.clone(), example))
}

/// Every JSON example body, sent as it stands to a database fresh from the demo seed
/// (one each: a replace's example would otherwise take the code a create's example
/// gives), with the `If-Match` a read of the target gives.
#[actix_web::test]
async fn every_json_body_example_is_accepted_on_the_demo_data() {
    let doc = ssc_api::app::openapi_document();
    let mut tried = 0;
    for method in ["post", "put", "patch"] {
        for (name, path, operation) in operations(&doc, method) {
            let Some((media, example)) = body_example(&doc, operation) else {
                continue;
            };
            if not_on_the_demo(&name) {
                continue;
            }
            let filled = path_filled(path).unwrap_or_else(|| panic!("{name}: no demo id"));
            let app = spawn().await;
            ssc_api::seed::demo(&app.state.db).await.unwrap();
            let mut call = app
                .request(method.to_uppercase().parse().unwrap(), &filled)
                .bearer(&admin())
                .body(&media, example.to_string());
            let needs_if_match = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == "If-Match");
            if needs_if_match {
                // The version of what is written: the resource itself, or for a review
                // transition (`…/{id}/approve`) the record.
                let read = if doc["paths"][path].get("get").is_some() {
                    filled.clone()
                } else {
                    filled.rsplit_once('/').unwrap().0.to_owned()
                };
                let target = app.get(&read).bearer(&admin()).send().await;
                let etag = target
                    .header("etag")
                    .unwrap_or_else(|| panic!("{name}: GET {read} gives an ETag"))
                    .to_owned();
                call = call.header("if-match", &etag);
            }
            let reply = call.send().await;
            assert_eq!(
                reply.status.as_u16(),
                documented_success(operation),
                "{name} at {filled} with {example}: {}",
                reply.text()
            );
            tried += 1;
        }
    }
    // The creates, replaces and patches of the record kinds and the projects' parts.
    assert!(tried >= 15, "{tried} examples tried");
}
