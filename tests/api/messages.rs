//! What a client reads when its request is refused: the shape the API expects, in words
//! a person writes (not serde's), at the same pointers as before.

use serde_json::{Value, json};

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn, token};
use ssc_api::auth::Role;

/// The single error of a 400 body problem: its pointer and message, with `detail` the
/// pointer and message together.
#[track_caller]
fn body_error(problem: &Value) -> (String, String) {
    let errors = problem["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{problem}");
    let pointer = errors[0]["pointer"].as_str().unwrap().to_owned();
    let message = errors[0]["message"].as_str().unwrap().to_owned();
    assert_eq!(
        problem["detail"],
        format!("{pointer}: {message}"),
        "{problem}"
    );
    (pointer, message)
}

#[actix_web::test]
async fn a_body_that_does_not_fit_is_told_the_shape_expected() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let cases: [(&str, Value, &str, &str); 6] = [
        (
            "/title",
            json!("Fortalecimiento de la cadena láctea"),
            "/title",
            "expected text per language, such as {\"es\": \"…\"}; got the text \"Fortalecimiento de la cadena láctea\"",
        ),
        (
            "/budget/amount",
            json!(125000.5),
            "/budget/amount",
            "expected a decimal string such as \"125000.00\" (numbers are written as text, so no precision is lost); got the number 125000.5",
        ),
        (
            "/planned_start",
            json!("01/03/2025"),
            "/planned_start",
            "expected a date such as 2025-03-01 (year-month-day)",
        ),
        (
            "/planned_end",
            json!("2026-02-30"),
            "/planned_end",
            "no such date: expected a date such as 2025-03-01 (year-month-day)",
        ),
        (
            "/modality",
            json!("bilateral"),
            "/modality",
            "unknown value \"bilateral\": expected one of bilateral_ssc, triangular, regional_ssc or multilateral",
        ),
        (
            "/status",
            json!("two"),
            "/status",
            "expected a whole number; got the text \"two\"",
        ),
    ];
    for (member, value, pointer, message) in cases {
        let mut body = bilateral(&cast, "MSG-1");
        *body.pointer_mut(member).unwrap() = value;
        let problem = app
            .post(PROJECTS)
            .bearer(&admin())
            .json(&body)
            .send()
            .await
            .problem(400);
        assert_eq!(problem["type"], "urn:ssc-api:problem:bad-request");
        assert_eq!(
            body_error(&problem),
            (pointer.to_owned(), message.to_owned())
        );
    }
}

#[actix_web::test]
async fn a_lower_case_country_code_is_answered_with_the_upper_case_one() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for (code, message) in [
        (
            "bo",
            "unknown country code \"bo\": codes are upper case, did you mean \"BO\"?",
        ),
        ("XX", "unknown country code \"XX\""),
        ("xx", "unknown country code \"xx\""),
    ] {
        let mut body = bilateral(&cast, "MSG-2");
        body["recipient_countries"][0]["country_code"] = json!(code);
        let problem = app
            .post(PROJECTS)
            .bearer(&admin())
            .json(&body)
            .send()
            .await
            .problem(422);
        let error = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["pointer"] == "/recipient_countries/0/country_code")
            .unwrap_or_else(|| panic!("{problem}"));
        assert_eq!(error["message"], message);
    }
}

#[actix_web::test]
async fn a_token_pasted_with_its_prefix_or_garbage_is_named_as_such() {
    let app = spawn().await;
    let valid = admin();
    for (authorization, detail) in [
        (
            format!("Bearer Bearer {valid}"),
            "the token starts with a second \"Bearer \": send `Authorization: Bearer <token>` with the token alone (drop the prefix from what was pasted)",
        ),
        (
            format!("Bearer bearer {valid}"),
            "the token starts with a second \"Bearer \": send `Authorization: Bearer <token>` with the token alone (drop the prefix from what was pasted)",
        ),
        ("Bearer aaaa.bbbb.cccc".to_owned(), "the token is malformed"),
        ("Bearer garbage".to_owned(), "the token is malformed"),
    ] {
        let problem = app
            .get(PROJECTS)
            .header("authorization", &authorization)
            .send()
            .await
            .problem(401);
        assert_eq!(problem["detail"], detail, "{authorization}");
    }
}

#[actix_web::test]
async fn roles_are_listed_as_people_write_them() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let viewer = token(Role::Viewer, None);
    let problem = app
        .post(PROJECTS)
        .bearer(&viewer)
        .json(&bilateral(&cast, "MSG-3"))
        .send()
        .await
        .problem(403);
    assert_eq!(
        problem["detail"],
        "this operation needs one of the roles admin, coordinator or partner; the token has viewer"
    );
    let problem = app
        .post("/api/v1/organisations")
        .bearer(&viewer)
        .json(&json!({"name": "X", "organisation_type": "10", "country_code": "AR"}))
        .send()
        .await
        .problem(403);
    assert_eq!(
        problem["detail"],
        "this operation needs the role admin; the token has viewer"
    );
}
