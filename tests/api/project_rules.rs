//! Every validation rule of a project: each broken rule is a 422 naming its place, and a
//! body breaking several lists them all.

use chrono::{Days, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::fixtures::{Cast, PROJECTS, bilateral, cast, triangular};
use crate::support::{admin, spawn};

/// Apply `change` to a valid bilateral project; expect exactly `pointers` in the 422.
fn case(cast: &Cast, change: impl Fn(&mut Value), pointers: &[&str]) -> (Value, Vec<String>) {
    let mut body = bilateral(cast, "FOAR-RULES-1");
    change(&mut body);
    (body, pointers.iter().map(|p| p.to_string()).collect())
}

#[actix_web::test]
async fn each_rule_is_enforced_with_its_pointer() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let tomorrow = Utc::now()
        .date_naive()
        .checked_add_days(Days::new(1))
        .unwrap()
        .to_string();
    let cases = vec![
        // Codes against the codelists.
        case(
            &cast,
            |b| b["recipient_countries"][0]["country_code"] = json!("ZZ"),
            &["/recipient_countries/0/country_code"],
        ),
        case(
            &cast,
            |b| b["recipient_countries"][0]["country_code"] = json!("AN"),
            &["/recipient_countries/0/country_code"],
        ),
        case(
            &cast,
            |b| b["recipient_regions"] = json!([{"region_code": "999", "percentage": "50"}]),
            &["/recipient_countries", "/recipient_regions/0/region_code"],
        ),
        case(
            &cast,
            |b| b["sectors"][0]["code"] = json!("99999"),
            &["/sectors/0/code"],
        ),
        case(
            &cast,
            |b| b["sectors"][0]["code"] = json!("11321"),
            &["/sectors/0/code"],
        ),
        case(
            &cast,
            |b| b["sdg_goals"] = json!([2, 18]),
            &["/sdg_goals/1"],
        ),
        case(
            &cast,
            |b| b["sdg_targets"] = json!(["2.99"]),
            &["/sdg_targets/0"],
        ),
        case(
            &cast,
            |b| b["sdg_targets"] = json!(["4.1"]),
            &["/sdg_targets/0"],
        ),
        case(
            &cast,
            |b| b["budget"]["currency"] = json!("XXY"),
            &["/budget/currency"],
        ),
        case(&cast, |b| b["status"] = json!(9), &["/status"]),
        // Shares sum to 100.
        case(
            &cast,
            |b| b["recipient_countries"][0]["percentage"] = json!("90"),
            &["/recipient_countries"],
        ),
        case(
            &cast,
            |b| b["recipient_countries"] = json!([{"country_code": "BO", "percentage": "70"}, {"country_code": "PY", "percentage": "30.01"}]),
            &["/recipient_countries"],
        ),
        case(
            &cast,
            |b| b["recipient_regions"] = json!([{"region_code": "489", "percentage": "50"}]),
            &["/recipient_countries"],
        ),
        case(
            &cast,
            |b| b["sectors"][1]["percentage"] = json!("30"),
            &["/sectors"],
        ),
        case(
            &cast,
            |b| b["sectors"][1]["percentage"] = json!("40.123"),
            &["/sectors/1/percentage"],
        ),
        case(
            &cast,
            |b| b["sectors"][1]["percentage"] = json!("0"),
            &["/sectors/1/percentage"],
        ),
        case(&cast, |b| b["sectors"] = json!([]), &["/sectors"]),
        case(
            &cast,
            |b| b["recipient_countries"] = json!([]),
            &["/recipient_countries"],
        ),
        case(
            &cast,
            |b| b["sectors"][1]["code"] = json!("31166"),
            &["/sectors/1/code"],
        ),
        case(
            &cast,
            |b| b["recipient_countries"] = json!([{"country_code": "BO", "percentage": "50"}, {"country_code": "BO", "percentage": "50"}]),
            &["/recipient_countries/1/country_code"],
        ),
        // Dates.
        case(
            &cast,
            |b| b["planned_end"] = json!("2025-02-01"),
            &["/planned_end"],
        ),
        case(
            &cast,
            |b| b["actual_end"] = json!("2025-03-01"),
            &["/actual_end"],
        ),
        case(
            &cast,
            |b| b["actual_start"] = json!(tomorrow),
            &["/actual_start"],
        ),
        case(
            &cast,
            |b| {
                b["actual_start"] = json!(null);
                b["actual_end"] = json!("2025-03-01");
            },
            &["/actual_end"],
        ),
        // Participants.
        case(
            &cast,
            |b| b["participants"][1]["role"] = json!("implementing"),
            &["/participants"],
        ),
        case(
            &cast,
            |b| b["participants"] = json!([]),
            &["/contributions/0/organisation_id", "/participants"],
        ),
        case(
            &cast,
            |b| b["participants"][1] = json!({"organisation_id": b["participants"][0]["organisation_id"], "role": "provider"}),
            &["/participants", "/participants/1"],
        ),
        // Money.
        case(
            &cast,
            |b| b["budget"]["amount"] = json!("-5"),
            &["/budget/amount"],
        ),
        case(
            &cast,
            |b| b["budget"]["amount"] = json!("10.505"),
            &["/budget/amount"],
        ),
        case(
            &cast,
            |b| b["budget"] = json!({"amount": "10.5", "currency": "JPY"}),
            &["/budget/amount"],
        ),
        case(
            &cast,
            |b| b["budget"]["amount"] = json!("1e6"),
            &["/budget/amount"],
        ),
        case(
            &cast,
            |b| {
                b["contributions"][0]["organisation_id"] =
                    b["participants"][1]["organisation_id"].clone()
            },
            &[],
        ),
        case(
            &cast,
            |b| b["contributions"][0]["currency"] = json!(null),
            &["/contributions/0/currency"],
        ),
        case(
            &cast,
            |b| {
                b["contributions"] =
                    json!([{"organisation_id": b["participants"][0]["organisation_id"]}])
            },
            &["/contributions/0"],
        ),
        case(
            &cast,
            |b| b["contributions"][0]["expert_days"] = json!(2_000_000),
            &["/contributions/0/expert_days"],
        ),
        // Text.
        case(&cast, |b| b["code"] = json!("has spaces"), &["/code"]),
        case(&cast, |b| b["title"] = json!({"es": " "}), &["/title/es"]),
        case(
            &cast,
            |b| b["title"] = json!({"es": "x".repeat(501)}),
            &["/title/es"],
        ),
    ];
    for (body, pointers) in cases {
        let response = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
        if pointers.is_empty() {
            // The control case: still valid.
            response.ok(201);
            continue;
        }
        response.problem(422);
        assert_eq!(response.pointers(), pointers, "{}", response.text());
    }
}

#[actix_web::test]
async fn participants_must_exist_and_contributors_must_participate() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = bilateral(&cast, "FOAR-2025-0012");
    body["participants"][1]["organisation_id"] = json!(Uuid::now_v7());
    let response = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/participants/1/organisation_id"]);

    let mut body = bilateral(&cast, "FOAR-2025-0012");
    body["contributions"][0]["organisation_id"] = cast.jica.clone();
    let response = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/contributions/0/organisation_id"]);
}

#[actix_web::test]
async fn triangular_projects_need_three_distinct_roles() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create_project(&triangular(&cast, "TRI-OK")).await;

    let mut missing_second = triangular(&cast, "TRI-1");
    missing_second["participants"][1]["role"] = json!("funding");
    let response = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&missing_second)
        .send()
        .await;
    let problem = response.problem(422);
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("second provider")
    );

    // INTA as first provider and recipient at once.
    let mut two_roles = triangular(&cast, "TRI-2");
    two_roles["participants"]
        .as_array_mut()
        .unwrap()
        .push(json!({"organisation_id": cast.inta, "role": "recipient"}));
    let response = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&two_roles)
        .send()
        .await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/participants/0", "/participants/3"]);

    // Other roles may be combined freely (INTA also implements).
    let mut implementing = triangular(&cast, "TRI-3");
    implementing["participants"]
        .as_array_mut()
        .unwrap()
        .push(json!({"organisation_id": cast.inta, "role": "implementing"}));
    app.create_project(&implementing).await;
}

#[actix_web::test]
async fn a_bilateral_project_accepts_the_role_both() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = bilateral(&cast, "BIL-BOTH");
    body["participants"] = json!([
        {"organisation_id": cast.inti, "role": "both"},
        {"organisation_id": cast.mdryt, "role": "both"}
    ]);
    app.create_project(&body).await;
}

#[actix_web::test]
async fn a_body_breaking_many_rules_lists_them_all() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = bilateral(&cast, "FOAR-2025-0012");
    body["status"] = json!(0);
    body["planned_end"] = json!("2000-01-01");
    body["sectors"][0]["code"] = json!("00000");
    body["sdg_goals"] = json!([20]);
    body["budget"]["amount"] = json!("abc");
    let response = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
    let problem = response.problem(422);
    assert_eq!(
        response.pointers(),
        [
            "/budget/amount",
            "/planned_end",
            "/sdg_goals/0",
            "/sdg_targets/0",
            "/sectors/0/code",
            "/status"
        ]
    );
    assert_eq!(problem["detail"], "6 rules violated");
}

#[actix_web::test]
async fn malformed_project_bodies_are_400() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let cases = [
        ("modality", json!("bilateral")),
        ("planned_start", json!("01/03/2025")),
        ("status", json!("2")),
        ("sdg_goals", json!("2,8")),
        ("visibility", json!("secret")),
        ("owner", json!("me")),
        ("id", json!(Uuid::now_v7())),
    ];
    for (key, value) in cases {
        let mut body = bilateral(&cast, "FOAR-2025-0012");
        body[key] = value;
        let response = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
        response.problem(400);
        assert_eq!(response.pointers(), [format!("/{key}")], "{key}");
    }
    let mut body = bilateral(&cast, "FOAR-2025-0012");
    body["participants"][0]["role"] = json!("donor");
    let response = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
    response.problem(400);
    assert_eq!(response.pointers(), ["/participants/0/role"]);
}

#[actix_web::test]
async fn array_sizes_are_limited() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = bilateral(&cast, "FOAR-2025-0012");
    body["sectors"] = json!(
        (0..51)
            .map(|_| json!({"code": "31166", "percentage": "1"}))
            .collect::<Vec<_>>()
    );
    let response = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
    response.problem(422);
    assert!(response.pointers().contains(&"/sectors".to_string()));
}
