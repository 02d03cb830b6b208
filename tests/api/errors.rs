//! Every error path of the HTTP layer answers with a problem document.

use serde_json::json;

use crate::support::{admin, spawn, spawn_with};

const ORGS: &str = "/api/v1/organisations";

#[actix_web::test]
async fn malformed_json_is_400() {
    let app = spawn().await;
    for body in [
        "{\"name\": ",
        "{\"name\": \"x\",}",
        "not json",
        "{} trailing",
        "",
    ] {
        let response = app
            .post(ORGS)
            .bearer(&admin())
            .body("application/json", body)
            .send()
            .await;
        let problem = response.problem(400);
        assert_eq!(
            problem["type"], "urn:ssc-api:problem:bad-request",
            "{body:?}"
        );
    }
}

#[actix_web::test]
async fn wrong_or_missing_content_type_is_415() {
    let app = spawn().await;
    let body = r#"{"name": "X", "organisation_type": "10", "country_code": "AR"}"#;
    for content_type in [
        "text/plain",
        "application/xml",
        "application/merge-patch+json",
    ] {
        let response = app
            .post(ORGS)
            .bearer(&admin())
            .body(content_type, body)
            .send()
            .await;
        response.problem(415);
    }
    let response = app.post(ORGS).bearer(&admin()).payload(body).send().await;
    response.problem(415);
    // Parameters on the media type are fine.
    app.post(ORGS)
        .bearer(&admin())
        .body("application/json; charset=utf-8", body)
        .send()
        .await
        .ok(201);
}

#[actix_web::test]
async fn bodies_over_the_limit_are_413_and_change_nothing() {
    let app = spawn_with(|state| state.limits.max_body_bytes = 256).await;
    let big = json!({"name": "x".repeat(300), "organisation_type": "10", "country_code": "AR"});
    let response = app.post(ORGS).bearer(&admin()).json(&big).send().await;
    assert!(
        response.problem(413)["detail"]
            .as_str()
            .unwrap()
            .contains("256")
    );
    let list = app.get(ORGS).bearer(&admin()).send().await.ok(200);
    assert!(list["items"].as_array().unwrap().is_empty());
    // Just under the limit is accepted.
    let small = json!({"name": "x", "organisation_type": "10", "country_code": "AR"});
    app.post(ORGS)
        .bearer(&admin())
        .json(&small)
        .send()
        .await
        .ok(201);
}

/// A chunked body (no Content-Length to refuse up front) is cut off at the limit too.
#[actix_web::test]
async fn chunked_bodies_over_the_limit_are_413_and_change_nothing() {
    let app = spawn_with(|state| state.limits.max_body_bytes = 256).await;
    let (address, server) = crate::support::serve(app.state.clone());
    let chunked = |body: &str| {
        let mut request = format!(
            "POST {ORGS} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            admin()
        );
        // In chunks of 100 bytes, as a client streaming its body would.
        for chunk in body.as_bytes().chunks(100) {
            request.push_str(&format!(
                "{:x}\r\n{}\r\n",
                chunk.len(),
                std::str::from_utf8(chunk).unwrap()
            ));
        }
        request.push_str("0\r\n\r\n");
        request.into_bytes()
    };
    let big = json!({"name": "x".repeat(300), "organisation_type": "21"}).to_string();
    let response = crate::support::raw_http(address, chunked(&big)).await;
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("application/problem+json"), "{response}");
    let small = json!({"name": "Agencia", "organisation_type": "21"}).to_string();
    let response = crate::support::raw_http(address, chunked(&small)).await;
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    server.stop(false).await;
    let list = app.get(ORGS).bearer(&admin()).send().await.ok(200);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Agencia"]);
}

#[actix_web::test]
async fn the_default_limit_is_one_mebibyte() {
    let app = spawn().await;
    // A valid body padded with whitespace to exactly 1 MiB is read; one byte more is not.
    let body = r#"{"name": "Agencia", "organisation_type": "21"}"#;
    let padded = |size: usize| format!("{body}{}", " ".repeat(size - body.len()));
    app.post(ORGS)
        .bearer(&admin())
        .body("application/json", padded(1024 * 1024))
        .send()
        .await
        .ok(201);
    app.post(ORGS)
        .bearer(&admin())
        .body("application/json", padded(1024 * 1024 + 1))
        .send()
        .await
        .problem(413);
    let list = app.get(ORGS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn unknown_routes_are_404_and_wrong_methods_405_with_allow() {
    let app = spawn().await;
    for path in [
        "/",
        "/api/v1/nothing",
        "/api/v2/organisations",
        "/api/v1/organisations/a/b/c",
    ] {
        app.get(path).bearer(&admin()).send().await.problem(404);
    }
    let response = app.delete(ORGS).bearer(&admin()).send().await;
    response.problem(405);
    assert_eq!(response.header("allow"), Some("GET, POST"));
    let response = app
        .post(&format!("{ORGS}/0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d"))
        .bearer(&admin())
        .send()
        .await;
    response.problem(405);
    assert_eq!(response.header("allow"), Some("GET, PUT, PATCH, DELETE"));
    let response = app.post("/healthz").send().await;
    response.problem(405);
    assert_eq!(response.header("allow"), Some("GET"));
}

#[actix_web::test]
async fn bad_path_values_are_400_naming_the_parameter() {
    let app = spawn().await;
    // Only the hyphenated form, as the contract's pattern says; the parser would read
    // the simple, braced and URN forms too.
    for id in [
        "not-a-uuid",
        "123",
        "None",
        "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8",
        "0193a6a03c1e7b3a9c1d2f4e5a6b7c8e",
        "%7B0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8e%7D",
        "urn:uuid:0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8e",
    ] {
        let response = app
            .get(&format!("{ORGS}/{id}"))
            .bearer(&admin())
            .send()
            .await;
        let problem = response.problem(400);
        assert_eq!(problem["errors"][0]["parameter"], "id", "{id}");
    }
    // Either case is a UUID.
    for id in [
        "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8e",
        "0193A6A0-3C1E-7B3A-9C1D-2F4E5A6B7C8E",
    ] {
        app.get(&format!("{ORGS}/{id}"))
            .bearer(&admin())
            .send()
            .await
            .problem(404);
    }
}

#[actix_web::test]
async fn request_ids_are_echoed_or_generated() {
    let app = spawn().await;
    let response = app
        .get("/healthz")
        .header("x-request-id", "client-abc.123")
        .send()
        .await;
    assert_eq!(response.header("x-request-id"), Some("client-abc.123"));

    let response = app.get("/healthz").send().await;
    let generated = response.header("x-request-id").unwrap();
    assert_eq!(
        uuid::Uuid::parse_str(generated).unwrap().get_version_num(),
        7
    );

    // An id that could garble a log line is replaced.
    let response = app
        .get("/healthz")
        .header("x-request-id", "evil id\twith spaces")
        .send()
        .await;
    assert_ne!(
        response.header("x-request-id"),
        Some("evil id\twith spaces")
    );
    assert!(uuid::Uuid::parse_str(response.header("x-request-id").unwrap()).is_ok());

    // Errors carry the id in the body too.
    let response = app
        .get(ORGS)
        .header("x-request-id", "trace-42")
        .send()
        .await;
    assert_eq!(response.problem(401)["request_id"], "trace-42");
}

/// U+0000 cannot be stored in PostgreSQL text: it is refused as bad input (400, naming
/// where), on both backends, in bodies, patches and query strings.
#[actix_web::test]
async fn the_nul_character_is_refused_everywhere() {
    let app = spawn().await;
    let reply = app
        .post(ORGS)
        .bearer(&admin())
        .body(
            "application/json",
            r#"{"name": "INTA\u0000", "organisation_type": "10", "country_code": "AR"}"#,
        )
        .send()
        .await;
    reply.problem(400);
    assert_eq!(reply.pointers(), ["/name"]);

    let created = app.organisation("INTA").await;
    let path = format!("{ORGS}/{}", created["id"].as_str().unwrap());
    let reply = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .body("application/merge-patch+json", r#"{"acronym": "\u0000"}"#)
        .send()
        .await;
    reply.problem(400);
    assert_eq!(reply.pointers(), ["/acronym"]);

    let reply = app
        .post("/api/v1/clients")
        .bearer(&admin())
        .body(
            "application/json",
            format!(
                r#"{{"name": "x\u0000", "organisation_id": {}, "role": "partner"}}"#,
                created["id"]
            ),
        )
        .send()
        .await;
    reply.problem(400);
    assert_eq!(reply.pointers(), ["/name"]);

    let problem = app
        .get(&format!("{ORGS}?q=in%00ta"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);
    assert_eq!(problem["errors"][0]["parameter"], "q");
    // A backslash followed by "u0000" as text is fine.
    let reply = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .body("application/merge-patch+json", r#"{"acronym": "\\u0000"}"#)
        .send()
        .await;
    assert_eq!(reply.ok(200)["acronym"], "\\u0000");
}

/// Dates are of this era (1900-01-01 to 2199-12-31): chrono parses years PostgreSQL
/// cannot store, and nobody means year 0 or 200000.
#[actix_web::test]
async fn dates_outside_the_supported_range_are_refused() {
    use crate::fixtures::{
        ARRANGEMENTS, EXCHANGES, PARTNERSHIPS, PROJECTS, arrangement, bilateral,
        bilateral_partnership, cast, exchange,
    };
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut project = bilateral(&cast, "DATES-1");
    project["approval_date"] = json!("-5000-01-01");
    let mut exchange_body = exchange(&cast);
    exchange_body["end_date"] = json!("+200000-01-01");
    let mut partnership = bilateral_partnership(&cast);
    partnership["signed_on"] = json!("0000-01-01");
    let mut arrangement_body = arrangement(&cast);
    arrangement_body["valid_until"] = json!("2200-01-01");
    for (path, body, pointer) in [
        (PROJECTS, project, "/approval_date"),
        (EXCHANGES, exchange_body, "/end_date"),
        (PARTNERSHIPS, partnership, "/signed_on"),
        (ARRANGEMENTS, arrangement_body, "/valid_until"),
    ] {
        let reply = app.post(path).bearer(&admin()).json(&body).send().await;
        reply.problem(422);
        assert!(
            reply.pointers().contains(&pointer.to_owned()),
            "{path}: {}",
            reply.text()
        );
    }
    // What the contract's `format: date` does not take (a year of other than four
    // digits) is 400; any date it takes bounds a filter: far out, it includes or
    // excludes every record.
    for (url, parameter) in [
        (format!("{PROJECTS}?start_from=-5000-01-01"), "start_from"),
        (format!("{EXCHANGES}?start_to=%2B200000-01-01"), "start_to"),
    ] {
        let problem = app.get(&url).bearer(&admin()).send().await.problem(400);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{url}");
    }
    for url in [
        format!("{PROJECTS}?start_from=9999-12-31"),
        format!("{EXCHANGES}?start_to=0001-01-01"),
        "/api/v1/stats/projects?start_to=0001-01-01".to_owned(),
    ] {
        app.get(&url).bearer(&admin()).send().await.ok(200);
    }
    let page = app.get(PROJECTS).bearer(&admin()).send().await.ok(200);
    assert_eq!(page["items"], json!([]));
    // `updated_since` far out is clamped, not refused: the answer is the same.
    app.create_project(&bilateral(&cast, "DATES-2")).await;
    for (since, count) in [
        ("-5000-01-01T00:00:00Z", 1),
        ("%2B200000-01-01T00:00:00Z", 0),
    ] {
        let page = app
            .get(&format!("{PROJECTS}?updated_since={since}"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(page["items"].as_array().unwrap().len(), count, "{since}");
    }
}

/// A body breaking thousands of rules (a title with 2,000 unknown languages, some with
/// long names) gets the first 100 listed and their total, not an answer larger than
/// the request.
#[actix_web::test]
async fn at_most_100_errors_are_listed_with_their_total() {
    let app = spawn().await;
    let mut titles = serde_json::Map::new();
    titles.insert("es".into(), json!("Título"));
    for n in 0..2_000 {
        let long = if n < 100 {
            "x".repeat(2_000)
        } else {
            String::new()
        };
        titles.insert(format!("q{n:04}{long}"), json!("?"));
    }
    let cast = crate::fixtures::cast(&app).await;
    let mut body = crate::fixtures::bilateral(&cast, "MANY-ERRORS");
    body["title"] = serde_json::Value::Object(titles);
    let response = app
        .post(crate::fixtures::PROJECTS)
        .bearer(&admin())
        .json(&body)
        .send()
        .await;
    let problem = response.problem(422);
    let errors = problem["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 100, "{}", response.text().len());
    assert!(problem["total_errors"].as_u64().unwrap() > 100, "{problem}");
    assert!(
        errors[0]["pointer"].as_str().unwrap().chars().count() <= 1_001,
        "pointers are bounded"
    );
    assert!(response.text().len() < 300_000, "{}", response.text().len());
}
