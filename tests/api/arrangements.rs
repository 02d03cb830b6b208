//! Triangular arrangements: roles, cost sharing totals, and the projects under them.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{ARRANGEMENTS, PROJECTS, arrangement, cast, triangular};
use crate::support::{admin, spawn, token};

#[actix_web::test]
async fn cost_sharing_is_totalled_by_role_and_currency() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let body = arrangement(&cast);
    let created = app.create(ARRANGEMENTS, &body).await;
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&created[key], value, "{key}");
    }
    assert_eq!(
        created["totals_by_role"],
        json!({
            "first_provider": [{"currency": "USD", "amount": "20000.00"}],
            "second_provider": [{"currency": "JPY", "amount": "1000000"}, {"currency": "USD", "amount": "50000.00"}],
            "recipient": []
        })
    );
    assert_eq!(
        created["expert_days_by_role"],
        json!({"first_provider": 200, "second_provider": 60, "recipient": 30})
    );
    let path = format!("{ARRANGEMENTS}/{}", created["id"].as_str().unwrap());
    assert_eq!(
        app.get(&path)
            .bearer(&token(Role::Viewer, None))
            .send()
            .await
            .ok(200),
        created
    );
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(history["items"][0]["resource"], "triangular_arrangement");
}

#[actix_web::test]
async fn roles_are_filled_and_distinct() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            {
                let mut b = arrangement(&cast);
                b["second_providers"] = json!([]);
                b["cost_sharing"] = json!([]);
                b
            },
            vec!["/second_providers"],
        ),
        (
            {
                let mut b = arrangement(&cast);
                b["recipients"] = json!([cast.mag, cast.inta]);
                b
            },
            vec!["/recipients/1"],
        ),
        (
            {
                let mut b = arrangement(&cast);
                b["first_providers"] = json!([cast.inta, cast.inta]);
                b
            },
            vec!["/first_providers/1"],
        ),
        (
            {
                let mut b = arrangement(&cast);
                b["cost_sharing"][0]["organisation_id"] = cast.undp.clone();
                b
            },
            vec!["/cost_sharing/0/organisation_id"],
        ),
        (
            {
                let mut b = arrangement(&cast);
                b["cost_sharing"][0]["amount"] = json!("1.234");
                b
            },
            vec!["/cost_sharing/0/amount"],
        ),
        (
            {
                let mut b = arrangement(&cast);
                b["cost_sharing"][3] = json!({"organisation_id": cast.mag});
                b
            },
            vec!["/cost_sharing/3"],
        ),
        (
            {
                let mut b = arrangement(&cast);
                b["recipients"] = json!([Uuid::now_v7()]);
                b["cost_sharing"] = json!([]);
                b
            },
            vec!["/recipients/0"],
        ),
        (
            {
                let mut b = arrangement(&cast);
                b["status"] = json!("active");
                b["signed_on"] = json!(null);
                b
            },
            vec!["/signed_on"],
        ),
    ];
    for (body, pointers) in cases {
        let response = app
            .post(ARRANGEMENTS)
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        response.problem(422);
        assert_eq!(response.pointers(), pointers, "{}", response.text());
    }
    let mut unknown_kind = arrangement(&cast);
    unknown_kind["agreement_kind"] = json!("quadrilateral");
    app.post(ARRANGEMENTS)
        .bearer(&admin())
        .json(&unknown_kind)
        .send()
        .await
        .problem(400);
}

#[actix_web::test]
async fn projects_under_an_arrangement_match_its_parties() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let created = app.create(ARRANGEMENTS, &arrangement(&cast)).await;
    let id = created["id"].clone();
    let path = format!("{ARRANGEMENTS}/{}", id.as_str().unwrap());

    let mut project = triangular(&cast, "TRI-1");
    project["triangular_arrangement_id"] = id.clone();
    let under = app.create_project(&project).await;

    // Not triangular, or roles that do not match the arrangement's, are refused.
    let mut bilateral_under = triangular(&cast, "TRI-2");
    bilateral_under["triangular_arrangement_id"] = id.clone();
    bilateral_under["modality"] = json!("regional_ssc");
    let response = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&bilateral_under)
        .send()
        .await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/modality"]);
    let mut swapped = triangular(&cast, "TRI-3");
    swapped["triangular_arrangement_id"] = id.clone();
    swapped["participants"][1]["organisation_id"] = cast.undp.clone();
    swapped["contributions"] = json!([]);
    let response = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&swapped)
        .send()
        .await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/participants/1"]);
    let mut unknown = triangular(&cast, "TRI-4");
    unknown["triangular_arrangement_id"] = json!(Uuid::now_v7());
    let response = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&unknown)
        .send()
        .await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/triangular_arrangement_id"]);

    let listed = app
        .get(&format!("{path}/projects"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(listed["items"][0]["code"], "TRI-1");
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    // Changing the arrangement so that the project no longer matches is refused.
    let response = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"recipients": [cast.mdryt], "cost_sharing": []}))
        .send()
        .await;
    assert!(
        response.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("TRI-1")
    );
    // Deleting it too, naming the project.
    let response = app
        .delete(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .send()
        .await;
    assert!(
        response.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("TRI-1")
    );
    // Adding a recipient keeps the project valid.
    app.patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"recipients": [cast.mag, cast.mdryt]}))
        .send()
        .await
        .ok(200);
    let project_path = format!("{PROJECTS}/{}", under["id"].as_str().unwrap());
    app.get(&project_path).bearer(&admin()).send().await.ok(200);
}

#[actix_web::test]
async fn arrangement_list_filters_by_party_and_role() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let created = app.create(ARRANGEMENTS, &arrangement(&cast)).await;
    let get = |q: String| {
        app.get(&format!("{ARRANGEMENTS}?{q}"))
            .bearer(&admin())
            .send()
    };
    let count = |page: Value| page["items"].as_array().unwrap().len();
    let jica = cast.jica.as_str().unwrap();
    assert_eq!(count(get(format!("organisation={jica}")).await.ok(200)), 1);
    assert_eq!(
        count(
            get(format!("organisation={jica}&role=second_provider"))
                .await
                .ok(200)
        ),
        1
    );
    assert_eq!(
        count(
            get(format!("organisation={jica}&role=recipient"))
                .await
                .ok(200)
        ),
        0
    );
    assert_eq!(count(get("q=japon".into()).await.ok(200)), 1);
    assert_eq!(count(get("status=draft".into()).await.ok(200)), 0);
    // A role alone is well-formed but says nothing: 422. A role arrangements do not have
    // is not in the parameter's enum: 400.
    let alone = get("role=recipient".into()).await.problem(422);
    assert_eq!(alone["errors"][0]["parameter"], "role");
    get(format!("organisation={jica}&role=funding"))
        .await
        .problem(400);
    get(format!("organisation={jica}&role=provider"))
        .await
        .problem(400);
    assert_eq!(created["status"], "active");
}

/// A conflict names only the projects the caller may read: the rest are counted.
#[actix_web::test]
async fn conflicts_name_only_the_projects_the_caller_may_read() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = arrangement(&cast);
    body["recipients"] = json!([cast.mag, cast.mdryt]);
    let created = app.create(ARRANGEMENTS, &body).await;
    let id = created["id"].as_str().unwrap();
    let mut seen = triangular(&cast, "SEEN-1");
    seen["triangular_arrangement_id"] = json!(id);
    app.create(PROJECTS, &seen).await;
    // Restricted to Bolivia's ministry and the providers: Paraguay's MAG may not read it.
    let mut hidden = triangular(&cast, "HIDDEN-1");
    hidden["triangular_arrangement_id"] = json!(id);
    hidden["visibility"] = json!("restricted");
    hidden["participants"][2]["organisation_id"] = cast.mdryt.clone();
    hidden["recipient_countries"] = json!([{"country_code": "BO", "percentage": "100"}]);
    app.create(PROJECTS, &hidden).await;

    // MAG swaps the providers' roles: both projects would no longer match.
    let mag = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let mut swapped = body.clone();
    swapped["first_providers"] = json!([cast.jica]);
    swapped["second_providers"] = json!([cast.inta]);
    let detail =
        |reply: crate::support::Reply| reply.problem(409)["detail"].as_str().unwrap().to_owned();
    let as_partner = detail(
        app.put(&format!("{ARRANGEMENTS}/{id}"))
            .bearer(&mag)
            .if_match(&created["version"])
            .json(&swapped)
            .send()
            .await,
    );
    assert!(as_partner.contains("SEEN-1"), "{as_partner}");
    assert!(!as_partner.contains("HIDDEN-1"), "{as_partner}");
    assert!(
        as_partner.contains("1 more you may not read"),
        "{as_partner}"
    );
    let as_admin = detail(
        app.put(&format!("{ARRANGEMENTS}/{id}"))
            .bearer(&admin())
            .if_match(&created["version"])
            .json(&swapped)
            .send()
            .await,
    );
    assert!(
        as_admin.contains("SEEN-1") && as_admin.contains("HIDDEN-1"),
        "{as_admin}"
    );
}
