//! Partnerships: the record, the rules of each scope, access, projects under them.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{PARTNERSHIPS, PROJECTS, bilateral, bilateral_partnership, cast};
use crate::support::{admin, spawn, token};

fn org(id: &Value) -> Option<Uuid> {
    Some(Uuid::parse_str(id.as_str().unwrap()).unwrap())
}

#[actix_web::test]
async fn a_partnership_round_trips_with_versioning_and_history() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let body = bilateral_partnership(&cast);
    let response = app
        .post(PARTNERSHIPS)
        .bearer(&token(Role::Coordinator, None))
        .json(&body)
        .send()
        .await;
    let created = response.ok(201);
    assert_eq!(response.header("etag"), Some("\"1\""));
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&created[key], value, "{key}");
    }
    let path = format!("{PARTNERSHIPS}/{}", created["id"].as_str().unwrap());
    assert_eq!(response.header("location"), Some(path.as_str()));
    assert_eq!(
        app.get(&path)
            .bearer(&token(Role::Viewer, None))
            .send()
            .await
            .ok(200),
        created
    );

    app.patch(&path)
        .bearer(&admin())
        .json(&json!({"status": "expired"}))
        .send()
        .await
        .problem(428);
    let patched = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"status": "expired"}))
        .send()
        .await
        .ok(200);
    assert_eq!(patched["status"], "expired");
    assert_eq!(patched["version"], 2);
    app.patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"status": "active"}))
        .send()
        .await
        .problem(412);

    let history = app
        .get(&format!("{path}/history"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(history["items"][1]["changed_fields"], json!(["status"]));
    assert_eq!(history["items"][1]["resource"], "partnership");

    app.delete(&path)
        .bearer(&admin())
        .if_match(&patched["version"])
        .send()
        .await
        .ok(204);
    app.get(&path).bearer(&admin()).send().await.problem(404);
}

#[actix_web::test]
async fn each_scope_has_its_rules() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let isa = app
        .create_organisation(json!({"name": "Secretaría del MERCOSUR", "organisation_type": "40"}))
        .await;
    let cases: Vec<(Value, Vec<&str>)> = vec![
        // Bilateral: exactly two countries, every party with a country, no space.
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["parties"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"organisation_id": cast.mag, "role": "party"}));
                b
            },
            vec!["/parties"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["parties"][1]["organisation_id"] = cast.inta.clone();
                b
            },
            vec!["/parties"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["parties"][1]["organisation_id"] = cast.undp.clone();
                b
            },
            vec!["/parties/1/organisation_id"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["space"] = json!("mercosur");
                b
            },
            vec!["/space"],
        ),
        // Regional: a regional space, parties members at the signature date.
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["scope"] = json!("regional");
                b
            },
            vec!["/space"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["scope"] = json!("regional");
                b["space"] = json!("asa");
                b
            },
            vec!["/space"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["scope"] = json!("regional");
                b["space"] = json!("nowhere");
                b
            },
            vec!["/space"],
        ),
        // Bolivia joined MERCOSUR in July 2024.
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["scope"] = json!("regional");
                b["space"] = json!("mercosur");
                b
            },
            vec!["/parties/1/organisation_id"],
        ),
        // Multilateral: a multilateral organisation takes part.
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["scope"] = json!("multilateral");
                b
            },
            vec!["/parties"],
        ),
        // Agreement dates and status.
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["signed_on"] = json!(null);
                b
            },
            vec!["/signed_on"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["valid_until"] = json!("2020-01-01");
                b
            },
            vec!["/valid_until"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["sectors"] = json!(["999", "31166", "31166"]);
                b
            },
            vec!["/sectors/0", "/sectors/2"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["parties"] = json!([]);
                b
            },
            vec!["/parties"],
        ),
        (
            {
                let mut b = bilateral_partnership(&cast);
                b["parties"][1]["organisation_id"] = json!(Uuid::now_v7());
                b
            },
            vec!["/parties/1/organisation_id"],
        ),
    ];
    for (body, pointers) in cases {
        let response = app
            .post(PARTNERSHIPS)
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        response.problem(422);
        assert_eq!(response.pointers(), pointers, "{}", response.text());
    }
    // Valid ones of each scope.
    let mut regional = bilateral_partnership(&cast);
    regional["scope"] = json!("regional");
    regional["space"] = json!("mercosur");
    regional["signed_on"] = json!("2024-09-01");
    regional["parties"]
        .as_array_mut()
        .unwrap()
        .push(json!({"organisation_id": isa["id"], "role": "coordinator"}));
    app.create(PARTNERSHIPS, &regional).await;
    let mut interregional = bilateral_partnership(&cast);
    interregional["scope"] = json!("interregional");
    interregional["space"] = json!("fealac");
    interregional["parties"]
        .as_array_mut()
        .unwrap()
        .push(json!({"organisation_id": cast.jica, "role": "party"}));
    app.create(PARTNERSHIPS, &interregional).await;
    let mut multilateral = bilateral_partnership(&cast);
    multilateral["scope"] = json!("multilateral");
    multilateral["parties"][1]["organisation_id"] = cast.undp.clone();
    app.create(PARTNERSHIPS, &multilateral).await;
    let mut draft = bilateral_partnership(&cast);
    draft["status"] = json!("draft");
    draft["signed_on"] = json!(null);
    app.create(PARTNERSHIPS, &draft).await;
}

#[actix_web::test]
async fn partners_and_viewers_are_held_to_their_records() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let party = token(Role::Partner, org(&cast.mdryt));
    let outsider = token(Role::Partner, org(&cast.mag));
    let mut body = bilateral_partnership(&cast);
    body["visibility"] = json!("restricted");
    let created = app
        .post(PARTNERSHIPS)
        .bearer(&party)
        .json(&body)
        .send()
        .await
        .ok(201);
    app.post(PARTNERSHIPS)
        .bearer(&outsider)
        .json(&body)
        .send()
        .await
        .problem(403);
    app.post(PARTNERSHIPS)
        .bearer(&token(Role::Viewer, None))
        .json(&body)
        .send()
        .await
        .problem(403);
    let path = format!("{PARTNERSHIPS}/{}", created["id"].as_str().unwrap());
    app.get(&path).bearer(&party).send().await.ok(200);
    app.get(&path).bearer(&outsider).send().await.problem(404);
    app.get(&path)
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .problem(404);
    app.get(&format!("{path}/projects"))
        .bearer(&outsider)
        .send()
        .await
        .problem(404);
    let listed = app.get(PARTNERSHIPS).bearer(&outsider).send().await.ok(200);
    assert!(listed["items"].as_array().unwrap().is_empty());
    let listed = app.get(PARTNERSHIPS).bearer(&party).send().await.ok(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    // The party cannot drop itself; the outsider cannot touch it.
    let mut without_self = body.clone();
    without_self["parties"][1]["organisation_id"] = cast.mag.clone();
    app.put(&path)
        .bearer(&party)
        .if_match(&created["version"])
        .json(&without_self)
        .send()
        .await
        .problem(403);
    app.patch(&path)
        .bearer(&outsider)
        .if_match(&created["version"])
        .json(&json!({"title": {"es": "x"}}))
        .send()
        .await
        .problem(404);
    app.delete(&path)
        .bearer(&party)
        .if_match(&created["version"])
        .send()
        .await
        .problem(403);
}

#[actix_web::test]
async fn projects_run_under_a_partnership_which_cannot_then_be_deleted() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partnership = app
        .create(PARTNERSHIPS, &bilateral_partnership(&cast))
        .await;
    let path = format!("{PARTNERSHIPS}/{}", partnership["id"].as_str().unwrap());
    let mut project = bilateral(&cast, "FOAR-2025-0012");
    project["partnership_id"] = partnership["id"].clone();
    let created = app.create_project(&project).await;
    app.create_project(&bilateral(&cast, "FOAR-2025-0013"))
        .await;

    let under = app
        .get(&format!("{path}/projects"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let codes: Vec<&str> = under["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["FOAR-2025-0012"]);
    let filtered = app
        .get(&format!(
            "{PROJECTS}?partnership={}",
            partnership["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);

    let refused = app
        .delete(&path)
        .bearer(&admin())
        .if_match(&partnership["version"])
        .send()
        .await;
    assert!(
        refused.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("FOAR-2025-0012")
    );

    // A reference to a partnership that does not exist (or is not visible) is refused.
    let mut dangling = bilateral(&cast, "FOAR-2025-0014");
    dangling["partnership_id"] = json!(Uuid::now_v7());
    let response = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&dangling)
        .send()
        .await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/partnership_id"]);

    // Once the project leaves it, the partnership can go.
    let project_path = format!("{PROJECTS}/{}", created["id"].as_str().unwrap());
    app.patch(&project_path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"partnership_id": null}))
        .send()
        .await
        .ok(200);
    app.delete(&path)
        .bearer(&admin())
        .if_match(&partnership["version"])
        .send()
        .await
        .ok(204);
    // And organisations that are parties cannot be deleted while it existed.
}

#[actix_web::test]
async fn a_party_organisation_cannot_be_deleted() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create(PARTNERSHIPS, &bilateral_partnership(&cast))
        .await;
    let response = app
        .delete(&format!(
            "/api/v1/organisations/{}",
            cast.mdryt.as_str().unwrap()
        ))
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .send()
        .await;
    let problem = response.problem(409);
    assert!(
        problem["detail"].as_str().unwrap().contains("partnership"),
        "{problem}"
    );
}

#[actix_web::test]
async fn partnership_list_filters() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let bilateral_one = app
        .create(PARTNERSHIPS, &bilateral_partnership(&cast))
        .await;
    let mut multilateral = bilateral_partnership(&cast);
    multilateral["title"] = json!({"es": "Marco de cooperación con el PNUD"});
    multilateral["scope"] = json!("multilateral");
    multilateral["parties"][1]["organisation_id"] = cast.undp.clone();
    multilateral["status"] = json!("suspended");
    multilateral["sectors"] = json!(["15110"]);
    let multilateral = app.create(PARTNERSHIPS, &multilateral).await;
    let ids = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let one = |v: &Value| vec![v["id"].as_str().unwrap().to_owned()];
    let get = |q: String| {
        app.get(&format!("{PARTNERSHIPS}?{q}"))
            .bearer(&admin())
            .send()
    };
    assert_eq!(
        ids(get("scope=multilateral".into()).await.ok(200)),
        one(&multilateral)
    );
    assert_eq!(
        ids(get("status=active".into()).await.ok(200)),
        one(&bilateral_one)
    );
    assert_eq!(
        ids(get("country=BO".into()).await.ok(200)),
        one(&bilateral_one)
    );
    assert_eq!(
        ids(get("sector=151".into()).await.ok(200)),
        one(&multilateral)
    );
    assert_eq!(
        ids(get("sector=311".into()).await.ok(200)),
        one(&bilateral_one)
    );
    assert_eq!(
        ids(get(format!("organisation={}", cast.undp.as_str().unwrap()))
            .await
            .ok(200)),
        one(&multilateral)
    );
    assert_eq!(ids(get("q=pnud".into()).await.ok(200)), one(&multilateral));
    assert_eq!(
        ids(get("limit=1".into()).await.ok(200)),
        one(&multilateral),
        "newest first"
    );
    for (query, status, parameter) in [
        ("scope=global", 400, "scope"),
        ("space=Mercosur", 400, "space"),
        ("space=nowhere", 422, "space"),
        ("country=XX", 422, "country"),
        ("country=xx", 400, "country"),
        ("sector=1", 400, "sector"),
        ("sector=999", 422, "sector"),
        ("status=signed", 400, "status"),
    ] {
        let problem = get(query.into()).await.problem(status);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
    }
}
