//! Project activities and their costs: the sub-resource, its versions, access, rules at
//! their pointers, history and change feed.

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn, token};

/// Two activities of the bilateral fixture (2025-03-01 to 2026-12-31; INTI provides and
/// contributes, Bolivia's MDRyT receives): a mission done, a course planned.
pub(crate) fn activities(inti: &Value, mdryt: &Value) -> Value {
    json!({"activities": [
        {
            "kind": "expert_mission",
            "from_country": "AR",
            "to_country": "BO",
            "planned_start": "2025-04-07",
            "planned_end": "2025-04-11",
            "actual_start": "2025-04-07",
            "actual_end": "2025-04-12",
            "status": "done",
            "participants_total": 24,
            "participants_women": 13,
            "institutions": [" INTA ", "MDRyT"],
            "expert_days": 10,
            "description": {"es": "Misión de dos técnicos a tambos de Cochabamba"},
            "outcome": {"es": "Diagnóstico validado"},
            "costs": [
                {"category": "air_tickets", "amount": "1450.00", "currency": "USD",
                 "paying_organisation_id": inti, "stage": "executed"},
                {"category": "local_costs", "amount": "3500", "currency": "BOB",
                 "paying_organisation_id": mdryt, "stage": "executed"}
            ]
        },
        {
            "kind": "training_course",
            "to_country": "AR",
            "planned_start": "2026-05-04",
            "planned_end": "2026-05-15",
            "status": "planned",
            "expert_days": 20,
            "costs": [
                {"category": "per_diem", "amount": "6000", "currency": "USD",
                 "paying_organisation_id": inti, "stage": "planned"}
            ]
        }
    ]})
}

fn partner(org: &Value) -> String {
    token(Role::Partner, org.as_str().unwrap().parse().ok())
}

#[actix_web::test]
async fn partners_record_activities_with_versions_of_their_own() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "ACT-1")).await;
    let id = project["id"].as_str().unwrap();
    let path = format!("{PROJECTS}/{id}/activities");
    let mdryt = partner(&cast.mdryt);

    let empty = app.get(&path).bearer(&mdryt).send().await;
    assert_eq!(empty.header("etag"), Some("\"0\""));
    assert_eq!(
        empty.ok(200),
        json!({"project_id": id, "version": 0, "updated_at": null, "updated_by": null, "activities": []})
    );

    let saved = app
        .put(&path)
        .bearer(&mdryt)
        .header("if-match", "\"0\"")
        .json(&activities(&cast.inti, &cast.mdryt))
        .send()
        .await;
    assert_eq!(saved.header("etag"), Some("\"1\""));
    let saved = saved.ok(200);
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["updated_by"], "partner-user");
    assert_eq!(
        saved["activities"][0]["institutions"],
        json!(["INTA", "MDRyT"])
    );
    assert_eq!(saved["activities"][1]["actual_start"], Value::Null);
    assert_eq!(saved["activities"][1]["costs"][0]["stage"], "planned");

    let viewer = token(Role::Viewer, None);
    assert_eq!(app.get(&path).bearer(&viewer).send().await.ok(200), saved);
    let unchanged = app
        .get(&path)
        .bearer(&viewer)
        .header("if-none-match", "\"1\"")
        .send()
        .await;
    assert_eq!(unchanged.status.as_u16(), 304);

    // The same activities keep the version; the course done makes the next.
    let again = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"activities": saved["activities"]}))
        .send()
        .await
        .ok(200);
    assert_eq!(again["version"], 1);
    let mut next = json!({"activities": saved["activities"]});
    next["activities"][1]["status"] = json!("done");
    next["activities"][1]["actual_start"] = json!("2026-05-04");
    next["activities"][1]["actual_end"] = json!("2026-05-15");
    next["activities"][1]["costs"][0]["stage"] = json!("executed");
    let second = app
        .put(&path)
        .bearer(&token(Role::Coordinator, None))
        .header("if-match", "\"1\"")
        .json(&next)
        .send()
        .await
        .ok(200);
    assert_eq!(second["version"], 2);
    app.put(&path)
        .bearer(&mdryt)
        .header("if-match", "\"1\"")
        .json(&next)
        .send()
        .await
        .problem(412);
    app.put(&path)
        .bearer(&mdryt)
        .json(&next)
        .send()
        .await
        .problem(428);

    // The project's dates cannot move past its activities, nor a payer leave it.
    let shortened = app
        .patch(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&project["version"])
        .json(&json!({"planned_end": "2026-03-31", "actual_end": null}))
        .send()
        .await;
    shortened.problem(422);
    assert_eq!(shortened.pointers(), ["/planned_end"]);
    let mut without_mdryt = project["participants"].clone();
    without_mdryt.as_array_mut().unwrap().pop();
    without_mdryt
        .as_array_mut()
        .unwrap()
        .push(json!({"organisation_id": cast.mag, "role": "recipient"}));
    let left = app
        .patch(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&project["version"])
        .json(&json!({"participants": without_mdryt}))
        .send()
        .await;
    left.problem(422);
    assert_eq!(left.pointers(), ["/participants"]);

    // History and change feed: one change per version, kind project_activities.
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{history}");
    assert_eq!(items[0]["resource"], "project_activities");
    assert_eq!(items[0]["id"], id);
    assert_eq!(items[0]["action"], "create");
    assert_eq!(items[0]["organisation_id"], cast.mdryt);
    assert_eq!(items[1]["action"], "update");
    let feed = app
        .get("/api/v1/changes?types=project_activities")
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    assert_eq!(feed["items"].as_array().unwrap().len(), 2, "{feed}");

    // Activities go with their project.
    app.delete(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&project["version"])
        .send()
        .await
        .ok(204);
    app.get(&path).bearer(&admin()).send().await.problem(404);
}

#[actix_web::test]
async fn each_rule_is_reported_at_its_pointer() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "ACT-2")).await;
    let path = format!("{PROJECTS}/{}/activities", project["id"].as_str().unwrap());
    let mut body = activities(&cast.inti, &cast.mdryt);
    let first = &mut body["activities"][0];
    first["planned_start"] = json!("2025-01-10");
    first["participants_women"] = json!(30);
    first["from_country"] = json!("XX");
    first["costs"][0]["paying_organisation_id"] = cast.jica.clone();
    first["costs"][1]["amount"] = json!("10.123");
    first["costs"][1]["currency"] = json!("ZZZ");
    let second = &mut body["activities"][1];
    second["actual_start"] = json!("2026-05-04");
    second["costs"][0]["stage"] = json!("executed");
    second["status"] = json!("cancelled");
    let third = json!({"kind": "virtual_meeting", "planned_start": "2025-06-02",
        "planned_end": "2025-06-01", "status": "done", "cancellation_reason": {"es": "Sin conexión"}});
    body["activities"].as_array_mut().unwrap().push(third);
    let refused = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await;
    refused.problem(422);
    let mut pointers = refused.pointers();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/activities/0/costs/0/paying_organisation_id",
            "/activities/0/costs/1/currency",
            "/activities/0/from_country",
            "/activities/0/participants_women",
            "/activities/0/planned_start",
            "/activities/1/actual_start",
            "/activities/1/cancellation_reason",
            "/activities/1/costs/0/stage",
            "/activities/2/actual_end",
            "/activities/2/actual_start",
            "/activities/2/cancellation_reason",
            "/activities/2/planned_end",
        ]
    );
    let mut body = activities(&cast.inti, &cast.mdryt);
    body["activities"][0]["costs"][1]["amount"] = json!("10.123");
    let refused = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await;
    refused.problem(422);
    assert_eq!(refused.pointers(), ["/activities/0/costs/1/amount"]);
    for (member, value) in [
        ("kind", json!("party")),
        ("status", json!("late")),
        ("id", json!(1)),
    ] {
        let mut body = activities(&cast.inti, &cast.mdryt);
        body["activities"][0][member] = value;
        app.put(&path)
            .bearer(&admin())
            .header("if-match", "\"0\"")
            .json(&body)
            .send()
            .await
            .problem(400);
    }
}

#[actix_web::test]
async fn activities_follow_their_project_access() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut restricted = bilateral(&cast, "ACT-3");
    restricted["visibility"] = json!("restricted");
    let project = app.create_project(&restricted).await;
    let path = format!("{PROJECTS}/{}/activities", project["id"].as_str().unwrap());
    let body = activities(&cast.inti, &cast.mdryt);
    // Outsiders do not see it: 404 to read and to write; viewers never write.
    for caller in [partner(&cast.mag), token(Role::Viewer, None)] {
        app.get(&path).bearer(&caller).send().await.problem(404);
        app.get(&format!("{path}/history"))
            .bearer(&caller)
            .send()
            .await
            .problem(404);
    }
    app.put(&path)
        .bearer(&partner(&cast.mag))
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .problem(404);
    // A viewer of a public project reads but never writes.
    let public = app.create_project(&bilateral(&cast, "ACT-4")).await;
    let public_path = format!("{PROJECTS}/{}/activities", public["id"].as_str().unwrap());
    let viewer = token(Role::Viewer, None);
    app.get(&public_path).bearer(&viewer).send().await.ok(200);
    app.put(&public_path)
        .bearer(&viewer)
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .problem(403);
    // A partner outside a public project reads, but does not write.
    app.put(&public_path)
        .bearer(&partner(&cast.mag))
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .problem(403);
    // Those taking part do.
    app.put(&path)
        .bearer(&partner(&cast.inti))
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .ok(200);
    app.get(&path)
        .bearer(&partner(&cast.mdryt))
        .send()
        .await
        .ok(200);
    app.get(&format!(
        "{PROJECTS}/0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d/activities"
    ))
    .bearer(&admin())
    .send()
    .await
    .problem(404);
}
