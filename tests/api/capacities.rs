//! Capacities: the catalogue record, its rules, who keeps it, its filters, its export
//! and its track record (the projects that draw on it).

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{CAPACITIES, PROJECTS, bilateral, capacity, cast};
use crate::support::{admin, spawn, token};

fn org(id: &Value) -> Option<Uuid> {
    id.as_str().map(|s| s.parse().unwrap())
}

fn item_of(record: &Value) -> String {
    format!("{CAPACITIES}/{}", record["id"].as_str().unwrap())
}

#[actix_web::test]
async fn a_capacity_round_trips_with_its_history() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let body = capacity(&cast);
    let created = app.create(CAPACITIES, &body).await;
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&created[key], value, "{key}");
    }
    assert_eq!(created["review_status"], "approved");
    let item = item_of(&created);
    let read = app
        .get(&item)
        .bearer(&token(Role::Viewer, None))
        .send()
        .await;
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.json(), created);
    app.patch(&item)
        .bearer(&admin())
        .json(&json!({"status": "paused"}))
        .send()
        .await
        .problem(428);
    app.patch(&item)
        .bearer(&admin())
        .if_match(&json!(7))
        .json(&json!({"status": "paused"}))
        .send()
        .await
        .problem(412);
    let paused = app
        .patch(&item)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"status": "paused", "experts_available": 2}))
        .send()
        .await
        .ok(200);
    assert_eq!(paused["status"], "paused");
    assert_eq!(paused["version"], 2);
    let history = app
        .get(&format!("{item}/history"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(history["items"][0]["resource"], "capacity");
    assert_eq!(
        history["items"][1]["changed_fields"],
        json!(["experts_available", "status"])
    );
    let feed = app
        .get("/api/v1/changes?types=capacity")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(feed["items"].as_array().unwrap().len(), 2);
}

/// A change to a valid body.
type Change = fn(&mut Value);

#[actix_web::test]
async fn capacity_rules_point_at_the_member() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let cases: Vec<(Change, &str)> = vec![
        (
            |b| b["offering_organisations"] = json!([]),
            "/offering_organisations",
        ),
        (|b| b["sectors"] = json!([]), "/sectors"),
        (|b| b["sectors"] = json!(["31182", "31182"]), "/sectors/1"),
        (|b| b["sectors"] = json!(["311"]), "/sectors/0"),
        (|b| b["sectors"] = json!(["99999"]), "/sectors/0"),
        (|b| b["formats"] = json!([]), "/formats"),
        (
            |b| b["formats"] = json!(["internship", "internship"]),
            "/formats/1",
        ),
        (|b| b["languages"] = json!([]), "/languages"),
        (|b| b["languages"] = json!(["zz"]), "/languages/0"),
        (|b| b["sdg_targets"] = json!(["2.99"]), "/sdg_targets/0"),
        (
            |b| b["typical_duration_days"] = json!(0),
            "/typical_duration_days",
        ),
        (
            |b| b["description"] = json!({"en": "English only"}),
            "/description/es",
        ),
        (
            |b| b["offering_organisations"] = json!([Uuid::now_v7()]),
            "/offering_organisations/0",
        ),
    ];
    for (change, pointer) in cases {
        let mut body = capacity(&cast);
        change(&mut body);
        let reply = app
            .post(CAPACITIES)
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        reply.problem(422);
        assert!(
            reply.pointers().iter().any(|p| p == pointer),
            "{pointer}: {:?}",
            reply.pointers()
        );
    }
    let mut body = capacity(&cast);
    body["formats"] = json!(["webinar"]);
    app.post(CAPACITIES)
        .bearer(&admin())
        .json(&body)
        .send()
        .await
        .problem(400);
    let mut body = capacity(&cast);
    body["owner"] = json!("me");
    app.post(CAPACITIES)
        .bearer(&admin())
        .json(&body)
        .send()
        .await
        .problem(400);
}

/// Partners of an offering organisation keep their own capacities; coordinators review
/// them; viewers read approved public ones only.
#[actix_web::test]
async fn partners_keep_their_own_capacities_and_coordinators_review_them() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let inta = token(Role::Partner, org(&cast.inta));
    let inti = token(Role::Partner, org(&cast.inti));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    app.post(CAPACITIES)
        .bearer(&inti)
        .json(&capacity(&cast))
        .send()
        .await
        .problem(403);
    app.post(CAPACITIES)
        .bearer(&viewer)
        .json(&capacity(&cast))
        .send()
        .await
        .problem(403);
    let draft = app
        .post(CAPACITIES)
        .bearer(&inta)
        .json(&capacity(&cast))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");
    let item = item_of(&draft);
    app.get(&item).bearer(&viewer).send().await.problem(404);
    app.get(&item).bearer(&inti).send().await.problem(404);
    let list = app.get(CAPACITIES).bearer(&viewer).send().await.ok(200);
    assert_eq!(list["items"], json!([]));
    let submitted = app
        .post(&format!("{item}/submit"))
        .bearer(&inta)
        .if_match(&draft["version"])
        .send()
        .await
        .ok(200);
    app.post(&format!("{item}/approve"))
        .bearer(&inta)
        .if_match(&submitted["version"])
        .send()
        .await
        .problem(403);
    let approved = app
        .post(&format!("{item}/approve"))
        .bearer(&coordinator)
        .if_match(&submitted["version"])
        .send()
        .await
        .ok(200);
    assert_eq!(approved["review_status"], "approved");
    assert_eq!(
        app.get(&item).bearer(&viewer).send().await.ok(200),
        approved
    );
    let list = app.get(CAPACITIES).bearer(&viewer).send().await.ok(200);
    assert_eq!(list["items"], json!([approved]));
    // Another organisation's partner may not change it.
    app.patch(&item)
        .bearer(&inti)
        .if_match(&approved["version"])
        .json(&json!({"status": "retired"}))
        .send()
        .await
        .problem(403);
    // Partners do not delete; coordinators do.
    app.delete(&item)
        .bearer(&inta)
        .if_match(&approved["version"])
        .send()
        .await
        .problem(403);
    app.delete(&item)
        .bearer(&coordinator)
        .if_match(&approved["version"])
        .send()
        .await
        .ok(204);
}

#[actix_web::test]
async fn the_catalogue_filters_by_sector_format_language_organisation_and_text() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let pastures = app.create(CAPACITIES, &capacity(&cast)).await;
    let mut metrology = capacity(&cast);
    metrology["offering_organisations"] = json!([cast.inti]);
    metrology["title"] = json!({"es": "Metrología legal y calibración"});
    metrology["description"] = json!({"es": "Laboratorios de calibración acreditados."});
    metrology["what_partners_learn"] = Value::Null;
    metrology["sectors"] = json!(["25010"]);
    metrology["sdg_targets"] = json!(["9.b"]);
    metrology["formats"] = json!(["internship"]);
    metrology["languages"] = json!(["es", "pt"]);
    let metrology = app.create(CAPACITIES, &metrology).await;
    let ids = |list: &Value| -> Vec<Value> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].clone())
            .collect()
    };
    for (query, expected) in [
        ("sector=311", vec![&pastures]),
        ("sector=25010", vec![&metrology]),
        ("format=internship", vec![&metrology]),
        ("language=pt", vec![&metrology]),
        ("sdg=9", vec![&metrology]),
        ("q=metrologia", vec![&metrology]),
        ("q=FORRAJERAS", vec![&pastures]),
        ("status=active", vec![&metrology, &pastures]),
    ] {
        let list = app
            .get(&format!("{CAPACITIES}?{query}"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        let expected: Vec<Value> = expected.iter().map(|c| c["id"].clone()).collect();
        assert_eq!(ids(&list), expected, "{query}");
    }
    let list = app
        .get(&format!(
            "{CAPACITIES}?organisation={}",
            cast.inta.as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&list), vec![pastures["id"].clone()]);
    for (query, status) in [
        ("language=ZZZ", 400),
        ("language=zz", 422),
        ("sector=99999", 422),
        ("format=webinar", 400),
        ("colour=red", 400),
    ] {
        app.get(&format!("{CAPACITIES}?{query}"))
            .bearer(&admin())
            .send()
            .await
            .problem(status);
    }
    let csv = app
        .get(&format!(
            "{CAPACITIES}/export?format=csv&capacity_format=internship"
        ))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(csv.status.as_u16(), 200);
    let text = csv.text();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,offering_organisations,offering_organisation_names,title,")
    );
    let row = lines.next().unwrap();
    assert!(row.contains("Metrología legal y calibración"), "{row}");
    assert!(row.contains("25010"), "{row}");
    assert_eq!(lines.next(), None);
}

/// Projects name the capacities they draw on; a capacity's track record lists them with
/// their recipient countries, and the capacity is not deleted while they do.
#[actix_web::test]
async fn a_capacitys_track_record_is_the_projects_drawing_on_it() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let capacity = app.create(CAPACITIES, &capacity(&cast)).await;
    let item = item_of(&capacity);
    let empty = app
        .get(&format!("{item}/track-record"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(empty["projects"], json!([]));
    assert_eq!(empty["recipient_countries"], json!([]));

    let mut body = bilateral(&cast, "CAP-1");
    body["capacity_ids"] = json!([capacity["id"]]);
    let project = app.create(PROJECTS, &body).await;
    assert_eq!(project["capacity_ids"], json!([capacity["id"]]));
    let record = app
        .get(&format!("{item}/track-record"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(record["capacity_id"], capacity["id"]);
    assert_eq!(record["projects"][0]["project_id"], project["id"]);
    assert_eq!(record["projects"][0]["code"], "CAP-1");
    assert_eq!(record["projects"][0]["recipient_countries"], json!(["BO"]));
    assert_eq!(record["recipient_countries"], json!(["BO"]));

    // A restricted project is not in a viewer's track record.
    let mut hidden = bilateral(&cast, "CAP-2");
    hidden["capacity_ids"] = json!([capacity["id"]]);
    hidden["visibility"] = json!("restricted");
    hidden["recipient_countries"] = json!([{"country_code": "PY", "percentage": "100"}]);
    app.create(PROJECTS, &hidden).await;
    let seen = app
        .get(&format!("{item}/track-record"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(seen["projects"].as_array().unwrap().len(), 1);
    let all = app
        .get(&format!("{item}/track-record"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(all["recipient_countries"], json!(["BO", "PY"]));

    let conflict = app
        .delete(&item)
        .bearer(&admin())
        .if_match(&capacity["version"])
        .send()
        .await
        .problem(409);
    assert!(
        conflict["detail"].as_str().unwrap().contains("CAP-1"),
        "{conflict}"
    );

    let mut unknown = bilateral(&cast, "CAP-3");
    unknown["capacity_ids"] = json!([Uuid::now_v7()]);
    let reply = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&unknown)
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/capacity_ids/0"]);
    let mut twice = bilateral(&cast, "CAP-4");
    twice["capacity_ids"] = json!([capacity["id"], capacity["id"]]);
    let reply = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&twice)
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/capacity_ids/1"]);

    app.get(&format!("{CAPACITIES}/{}/track-record", Uuid::now_v7()))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.get(&format!("{item}/track-record"))
        .send()
        .await
        .problem(401);
}
