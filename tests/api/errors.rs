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

#[actix_web::test]
async fn the_default_limit_is_one_mebibyte() {
    let app = spawn().await;
    let body = format!(
        r#"{{"name": "{}", "organisation_type": "10"}}"#,
        "x".repeat(1024 * 1024)
    );
    app.post(ORGS)
        .bearer(&admin())
        .body("application/json", body)
        .send()
        .await
        .problem(413);
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
    for id in ["not-a-uuid", "123", "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8"] {
        let response = app
            .get(&format!("{ORGS}/{id}"))
            .bearer(&admin())
            .send()
            .await;
        let problem = response.problem(400);
        assert_eq!(problem["errors"][0]["parameter"], "id");
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
