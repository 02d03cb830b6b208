//! The OpenAPI contract: the committed copy matches the generated document, and every
//! operation is fully described.

use serde_json::Value;

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[test]
fn committed_openapi_document_matches_the_generated_one() {
    let generated = serde_json::to_string_pretty(&ssc_api::app::openapi_document()).unwrap();
    assert!(
        generated.trim_end() == COMMITTED.trim_end(),
        "openapi/openapi.json is out of date: regenerate it with\n    cargo run -- openapi > openapi/openapi.json\nand review the diff"
    );
}

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((method.to_uppercase(), path.clone(), operation));
        }
    }
    found
}

/// Resolve a local `$ref` (or return the value itself).
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => doc
            .pointer(reference.trim_start_matches('#'))
            .expect("$ref resolves"),
        None => value,
    }
}

#[test]
fn every_operation_is_fully_described() {
    let doc = ssc_api::app::openapi_document();
    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for (method, path, operation) in operations(&doc) {
        let name = format!("{method} {path}");
        assert!(
            operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{name}: summary"
        );
        assert!(operation["description"].is_string(), "{name}: description");
        assert!(operation["operationId"].is_string(), "{name}: operationId");
        let tag = operation["tags"][0]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: tag"));
        assert!(tags.contains(&tag), "{name}: tag {tag} is declared");

        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            assert!(
                parameter["description"].is_string(),
                "{name}: parameter {} described",
                parameter["name"]
            );
            assert!(
                parameter["schema"].is_object(),
                "{name}: parameter {} typed",
                parameter["name"]
            );
        }
        if let Some(body) = operation.get("requestBody") {
            for (media, content) in body["content"].as_object().unwrap() {
                let schema = resolve(&doc, &content["schema"]);
                assert!(
                    content.get("example").is_some() || schema.get("example").is_some(),
                    "{name}: request body {media} has an example"
                );
            }
        }
        let responses = operation["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{name}: a success response"
        );
        for (status, response) in responses {
            let response = resolve(&doc, response);
            assert!(
                response["description"].is_string(),
                "{name} {status}: description"
            );
            let Some(content) = response.get("content").and_then(Value::as_object) else {
                assert!(
                    ["204", "304", "308"].contains(&status.as_str()),
                    "{name} {status}: has a body"
                );
                continue;
            };
            for (media, body) in content {
                let schema = resolve(&doc, &body["schema"]);
                if media == "application/problem+json"
                    && let Some(example_status) = body.pointer("/example/status")
                {
                    assert_eq!(
                        example_status.to_string(),
                        *status,
                        "{name} {status}: the example is of another status"
                    );
                }
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(media, "application/problem+json", "{name} {status}");
                    assert_eq!(
                        body["schema"]["$ref"], "#/components/schemas/ProblemDocument",
                        "{name} {status}"
                    );
                } else if media == "application/json" && path != "/api/v1/openapi.json" {
                    assert!(
                        body.get("example").is_some()
                            || schema.get("example").is_some()
                            || schema["properties"]["items"].is_object(),
                        "{name} {status}: response has an example"
                    );
                }
            }
        }
        let public = ssc_api::openapi::PUBLIC_PATHS.contains(&path.as_str());
        if path == "/metrics" {
            // Its own token, not one of the API's schemes (not in Authorize).
            assert_eq!(operation["security"], serde_json::json!([]), "{name}");
            assert!(
                responses.contains_key("401") && responses.contains_key("404"),
                "{name}"
            );
        } else if public {
            assert_eq!(
                operation["security"],
                serde_json::json!([]),
                "{name}: public"
            );
        } else {
            assert!(responses.contains_key("401"), "{name}: declares 401");
            assert!(
                operation.get("security").is_none(),
                "{name}: uses the global bearer security"
            );
        }
        if path.starts_with("/api/v1/") {
            assert!(responses.contains_key("429"), "{name}: declares 429");
        }
        // (An IATI import is idempotent by itself: the same file again changes nothing.)
        if method == "POST" && path == "/api/v1/iati/imports" {
            for status in ["413", "415", "422"] {
                assert!(responses.contains_key(status), "{name}: declares {status}");
            }
        } else if method == "POST"
            && !ssc_api::openapi::NOT_IDEMPOTENT.contains(&path.as_str())
            && !operation["parameters"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["name"] == "If-Match"))
        {
            let takes_key = operation["parameters"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["name"] == "Idempotency-Key"));
            assert!(takes_key, "{name}: takes an Idempotency-Key");
            for status in ["409", "422"] {
                assert!(responses.contains_key(status), "{name}: declares {status}");
            }
        }
        // Review transitions are guarded by If-Match, and do not claim to take a key; those
        // that honour one besides (a request's formulation, whose retry is answered as
        // the first time) are listed.
        let guarded = operation["parameters"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["name"] == "If-Match"));
        if method == "POST"
            && guarded
            && ssc_api::openapi::KEYED_WITH_IF_MATCH.contains(&path.as_str())
        {
            assert!(
                operation["parameters"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| p["name"] == "Idempotency-Key")),
                "{name}: takes an Idempotency-Key"
            );
        } else if method == "POST" && guarded {
            assert!(
                !operation["parameters"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| p["name"] == "Idempotency-Key")),
                "{name}: If-Match guards it; no Idempotency-Key"
            );
        }
        let takes_query = operation["parameters"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["in"] == "query"));
        if takes_query {
            assert!(
                responses.contains_key("422"),
                "{name}: declares 422 (well-formed parameters it cannot use)"
            );
        }
        assert!(
            operation.get("parameters").is_none_or(Value::is_array),
            "{name}: parameters is a list"
        );
        if operation.get("requestBody").is_some() {
            for status in ["408", "413", "415"] {
                assert!(responses.contains_key(status), "{name}: declares {status}");
            }
        }
    }
    // Authorize offers a bearer token and OAuth 2.0 client credentials against the
    // token endpoint, and nothing else (the metrics token is not the API's).
    assert_eq!(
        doc["security"],
        serde_json::json!([{"bearer": []}, {"client_credentials": []}])
    );
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert_eq!(
        schemes.keys().collect::<Vec<_>>(),
        ["bearer", "client_credentials"]
    );
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["client_credentials"]["type"], "oauth2");
    let token_url = schemes["client_credentials"]["flows"]["clientCredentials"]["tokenUrl"]
        .as_str()
        .unwrap();
    assert_eq!(token_url, "/api/v1/auth/token");
    assert!(doc["paths"][token_url]["post"].is_object());
}

/// Walk a request body schema and report every string without a length bound and every
/// array without `maxItems`: the limits every body has must be in the contract.
fn unbounded(
    doc: &Value,
    schema: &Value,
    at: String,
    seen: &mut Vec<String>,
    found: &mut Vec<String>,
) {
    if let Some(reference) = schema["$ref"].as_str() {
        if seen.iter().any(|s| s == reference) {
            return;
        }
        seen.push(reference.to_owned());
    }
    let schema = resolve(doc, schema);
    for key in ["oneOf", "anyOf", "allOf"] {
        for (i, sub) in schema[key].as_array().into_iter().flatten().enumerate() {
            unbounded(doc, sub, format!("{at}/{key}{i}"), seen, found);
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let bounded_format = schema["format"]
        .as_str()
        .is_some_and(|f| ["uuid", "date", "date-time"].contains(&f));
    if types.contains(&"string")
        && schema.get("enum").is_none()
        && !bounded_format
        && schema.get("maxLength").is_none()
    {
        found.push(format!("{at}: string without maxLength"));
    }
    if types.contains(&"array") {
        if schema.get("maxItems").is_none() {
            found.push(format!("{at}: array without maxItems"));
        }
        unbounded(doc, &schema["items"], format!("{at}/items"), seen, found);
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        unbounded(doc, property, format!("{at}/{name}"), seen, found);
    }
    // A map (text per language): bounded in its members and in each value.
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        if schema.get("maxProperties").is_none() {
            found.push(format!("{at}: map without maxProperties"));
        }
        unbounded(doc, values, format!("{at}/*"), seen, found);
    }
}

#[test]
fn every_request_body_bounds_its_strings_and_arrays() {
    let doc = ssc_api::app::openapi_document();
    let mut found = Vec::new();
    for (method, path, operation) in operations(&doc) {
        for (media, content) in operation["requestBody"]["content"]
            .as_object()
            .into_iter()
            .flatten()
        {
            unbounded(
                &doc,
                &content["schema"],
                format!("{method} {path} {media}"),
                &mut Vec::new(),
                &mut found,
            );
        }
    }
    assert!(found.is_empty(), "unbounded input:\n{}", found.join("\n"));
}

#[test]
fn every_reference_resolves_and_every_enum_is_in_wire_form() {
    let doc = ssc_api::app::openapi_document();
    fn visit(doc: &Value, value: &Value, problems: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str)
                    && doc.pointer(reference.trim_start_matches('#')).is_none()
                {
                    problems.push(format!("unresolved {reference}"));
                }
                // Wire codes are snake_case (or codes such as "10", "2.3").
                for code in map
                    .get("enum")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(code) = code.as_str()
                        && code.chars().any(|c| c.is_ascii_uppercase())
                    {
                        problems.push(format!("enum value {code:?} is not a wire code"));
                    }
                }
                map.values().for_each(|v| visit(doc, v, problems));
            }
            Value::Array(items) => items.iter().for_each(|v| visit(doc, v, problems)),
            _ => {}
        }
    }
    let mut problems = Vec::new();
    visit(&doc, &doc, &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        doc["components"]["schemas"]["Visibility"]["enum"],
        serde_json::json!(["public", "restricted"])
    );
}

/// Every kind in the registry has its standard operations where `routes::collection`
/// says, and the change feed's `types` documents every kind it accepts.
#[test]
fn every_registered_kind_has_its_routes_and_is_in_the_feed() {
    use ssc_api::domain::kinds::ResourceKind;
    let doc = ssc_api::app::openapi_document();
    let methods = |path: &str| -> Vec<String> {
        doc["paths"][path]
            .as_object()
            .unwrap_or_else(|| panic!("{path} is not in the document"))
            .keys()
            .cloned()
            .collect()
    };
    let types = doc["paths"]["/api/v1/changes"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "types")
        .unwrap()["description"]
        .as_str()
        .unwrap()
        .to_owned();
    for kind in ResourceKind::ALL {
        assert!(
            types.contains(kind.as_str()),
            "the feed's types omit {kind}"
        );
    }
    for kind in ResourceKind::records() {
        let collection = ssc_api::routes::collection(kind);
        assert_eq!(methods(&collection), ["get", "post"], "{kind}");
        assert_eq!(
            methods(&format!("{collection}/{{id}}")),
            ["get", "put", "delete", "patch"],
            "{kind}"
        );
        assert_eq!(
            methods(&format!("{collection}/{{id}}/history")),
            ["get"],
            "{kind}"
        );
    }
}

/// Each create links to every operation on the record it creates (its id from the body,
/// its ETag as If-Match where the operation takes one), and every link names a real
/// operation: a stateful client can walk from a POST to everything the record allows.
#[test]
fn every_create_links_to_what_its_record_allows() {
    fn created_example(doc: &Value, created: &Value) -> Value {
        let schema = &created["content"]["application/json"]["schema"];
        let schema = match schema["$ref"].as_str() {
            Some(reference) => doc.pointer(reference.trim_start_matches('#')).unwrap(),
            None => schema,
        };
        schema["example"].clone()
    }
    let doc = ssc_api::app::openapi_document();
    let all = operations(&doc);
    let ids: Vec<&str> = all
        .iter()
        .filter_map(|(_, _, op)| op["operationId"].as_str())
        .collect();
    let mut creates = 0;
    for (method, path, operation) in &all {
        for (status, response) in operation["responses"].as_object().unwrap() {
            for (name, link) in response["links"].as_object().into_iter().flatten() {
                let target = link["operationId"].as_str().unwrap();
                assert!(
                    ids.contains(&target),
                    "{method} {path} {status}: link {name}"
                );
            }
        }
        let Some(created) = operation["responses"].get("201") else {
            continue;
        };
        creates += 1;
        let under = format!("{path}/{{id}}");
        // What is created may allow nothing of its own (an entry of a cooperation
        // request's assessment, a request's formulation): then there is nothing to link.
        let allows_something = all.iter().any(|(_, target_path, _)| {
            *target_path == under || target_path.starts_with(&format!("{under}/"))
        });
        if !allows_something {
            continue;
        }
        let links = created["links"]
            .as_object()
            .unwrap_or_else(|| panic!("{path}: links"));
        for (_, target_path, target) in &all {
            if *target_path != under && !target_path.starts_with(&format!("{under}/")) {
                continue;
            }
            let target_id = target["operationId"].as_str().unwrap();
            // A create may keep an incomplete draft, which has no IATI activity (409).
            if target_path.ends_with("/iati") {
                assert!(links.get(target_id).is_none(), "{path} → {target_id}");
                continue;
            }
            let link = &links[target_id];
            // The id is where the link says, in the documented 201 body.
            let pointer = link["parameters"]["path.id"]
                .as_str()
                .and_then(|p| p.strip_prefix("$response.body#"))
                .unwrap_or_else(|| panic!("{path} → {target_id}: path.id"));
            let example = created_example(&doc, created);
            let id = example.pointer(pointer).and_then(Value::as_str);
            assert!(
                id.is_some_and(|id| uuid::Uuid::try_parse(id).is_ok()),
                "{path} → {target_id}: {pointer} is not the id in {example}"
            );
            let takes_if_match = target["parameters"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["name"] == "If-Match"));
            assert_eq!(
                link["parameters"]["header.If-Match"] == "$response.header.ETag",
                takes_if_match,
                "{path} → {target_id}"
            );
        }
    }
    assert_eq!(
        creates, 12,
        "clients, webhooks, the seven kinds of record, and a cooperation request's formulation, consultations and notes"
    );
}
