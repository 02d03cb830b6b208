//! Policy exchanges: the record, its rules, its filters and its links.

use chrono::{Days, Utc};
use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{
    EXCHANGES, PARTNERSHIPS, PROJECTS, bilateral, bilateral_partnership, cast, exchange,
};
use crate::support::{admin, spawn, token};

#[actix_web::test]
async fn an_exchange_round_trips_and_completes_with_outcomes() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let body = exchange(&cast);
    let created = app.create(EXCHANGES, &body).await;
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&created[key], value, "{key}");
    }
    let path = format!("{EXCHANGES}/{}", created["id"].as_str().unwrap());
    let incomplete = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"status": "completed"}))
        .send()
        .await;
    incomplete.problem(422);
    assert_eq!(incomplete.pointers(), ["/outcomes"]);
    let completed = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"status": "completed", "outcomes": {"es": "Protocolo de extensión adoptado por el MAG."}}))
        .send()
        .await
        .ok(200);
    assert_eq!(completed["status"], "completed");
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(
        history["items"][1]["changed_fields"],
        json!(["outcomes", "status"])
    );
    assert_eq!(history["items"][1]["resource"], "policy_exchange");
}

#[actix_web::test]
async fn exchange_rules() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let next_week = (Utc::now().date_naive() + Days::new(7)).to_string();
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            {
                let mut b = exchange(&cast);
                b["participants_women"] = json!(13);
                b
            },
            vec!["/participants_women"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["participants_total"] = json!(null);
                b
            },
            vec!["/participants_total"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["end_date"] = json!("2025-03-01");
                b
            },
            vec!["/end_date"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["receiving_organisations"] = json!([cast.mag, cast.inta]);
                b
            },
            vec!["/receiving_organisations/1"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["offering_organisations"] = json!([]);
                b
            },
            vec!["/offering_organisations"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["policy_area"] = json!("311");
                b
            },
            vec!["/policy_area"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["host_country"] = json!("ZZ");
                b
            },
            vec!["/host_country"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["sdg_goals"] = json!([2, 2]);
                b
            },
            vec!["/sdg_goals/1"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["status"] = json!("completed");
                b["outcomes"] = json!({"es": "ok"});
                b["start_date"] = json!(next_week.clone());
                b["end_date"] = json!(next_week.clone());
                b
            },
            vec!["/end_date"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["project_id"] = json!(Uuid::now_v7());
                b
            },
            vec!["/project_id"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["partnership_id"] = json!(Uuid::now_v7());
                b
            },
            vec!["/partnership_id"],
        ),
        (
            {
                let mut b = exchange(&cast);
                b["offering_organisations"] = json!([Uuid::now_v7()]);
                b
            },
            vec!["/offering_organisations/0"],
        ),
    ];
    for (body, pointers) in cases {
        let response = app
            .post(EXCHANGES)
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        response.problem(422);
        assert_eq!(response.pointers(), pointers, "{}", response.text());
    }
    let mut bad_format = exchange(&cast);
    bad_format["format"] = json!("conference");
    app.post(EXCHANGES)
        .bearer(&admin())
        .json(&bad_format)
        .send()
        .await
        .problem(400);
    let mut virtual_one = exchange(&cast);
    virtual_one["format"] = json!("virtual_exchange");
    virtual_one["host_country"] = json!(null);
    app.create(EXCHANGES, &virtual_one).await;
}

#[actix_web::test]
async fn exchanges_link_projects_and_partnerships() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app
        .create_project(&bilateral(&cast, "FOAR-2025-0012"))
        .await;
    let partnership = app
        .create(PARTNERSHIPS, &bilateral_partnership(&cast))
        .await;
    let mut body = exchange(&cast);
    body["project_id"] = project["id"].clone();
    body["partnership_id"] = partnership["id"].clone();
    app.create(EXCHANGES, &body).await;
    let project_path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let refused = app
        .delete(&project_path)
        .bearer(&admin())
        .if_match(&project["version"])
        .send()
        .await;
    assert!(
        refused.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("policy exchange")
    );
    let partnership_path = format!("{PARTNERSHIPS}/{}", partnership["id"].as_str().unwrap());
    let refused = app
        .delete(&partnership_path)
        .bearer(&admin())
        .if_match(&partnership["version"])
        .send()
        .await;
    assert!(
        refused.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("policy exchange")
    );
    let listed = app
        .get(&format!(
            "{EXCHANGES}?project={}",
            project["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn exchange_filters() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create(EXCHANGES, &exchange(&cast)).await;
    let mut workshop = exchange(&cast);
    workshop["title"] = json!({"es": "Taller de sanidad animal"});
    workshop["format"] = json!("workshop");
    workshop["policy_area"] = json!("31195");
    workshop["host_country"] = json!("PY");
    workshop["start_date"] = json!("2024-10-01");
    workshop["end_date"] = json!("2024-10-03");
    workshop["sdg_goals"] = json!([3]);
    workshop["offering_organisations"] = json!([cast.inti]);
    workshop["receiving_organisations"] = json!([cast.mdryt]);
    workshop["status"] = json!("cancelled");
    app.create(EXCHANGES, &workshop).await;
    let titles = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"]["es"].as_str().unwrap().to_owned())
            .collect()
    };
    let get = |q: String| app.get(&format!("{EXCHANGES}?{q}")).bearer(&admin()).send();
    let visit = vec!["Intercambio sobre agricultura familiar".to_owned()];
    let taller = vec!["Taller de sanidad animal".to_owned()];
    assert_eq!(titles(get("format=workshop".into()).await.ok(200)), taller);
    assert_eq!(titles(get("country=AR".into()).await.ok(200)), visit);
    assert_eq!(titles(get("sector=31166".into()).await.ok(200)), visit);
    assert_eq!(titles(get("sector=311".into()).await.ok(200)).len(), 2);
    assert_eq!(titles(get("sdg=3".into()).await.ok(200)), taller);
    assert_eq!(
        titles(get("start_from=2025-01-01".into()).await.ok(200)),
        visit
    );
    assert_eq!(
        titles(get("start_to=2024-12-31".into()).await.ok(200)),
        taller
    );
    assert_eq!(titles(get("status=cancelled".into()).await.ok(200)), taller);
    assert_eq!(
        titles(
            get(format!("organisation={}", cast.mag.as_str().unwrap()))
                .await
                .ok(200)
        ),
        visit
    );
    assert_eq!(titles(get("q=sanidad".into()).await.ok(200)), taller);
    // Malformed (400), or well-formed and unusable (422): each names its parameter.
    for (query, status, parameter) in [
        ("format=talk", 400, "format"),
        ("sector=12", 400, "sector"),
        ("sdg=0", 400, "sdg"),
        ("country=", 400, "country"),
        ("country=ZZ", 422, "country"),
        ("sector=99999", 422, "sector"),
        ("start_from=2025-02-01&start_to=2025-01-01", 422, "start_to"),
    ] {
        let problem = get(query.into()).await.problem(status);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
    }
}
