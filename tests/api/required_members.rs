//! A body lacking required members is one 422 that names each at its own pointer, with
//! the field-level violations of the members present; wrong types stay 400; nothing is
//! written.

use serde_json::{Value, json};

use crate::fixtures::{ARRANGEMENTS, PROJECTS, arrangement, bilateral, cast};
use crate::support::{admin, spawn};

fn messages_at(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["pointer"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn missing_members_are_listed_together_with_the_other_violations() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = arrangement(&cast);
    let members = body.as_object_mut().unwrap();
    members.remove("visibility");
    members.remove("agreement_kind");
    members.insert("first_providers".into(), json!(vec![cast.inta; 51]));
    let reply = app
        .post(ARRANGEMENTS)
        .bearer(&admin())
        .json(&body)
        .send()
        .await;
    let problem = reply.problem(422);
    let found = messages_at(&problem);
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/agreement_kind", "/first_providers", "/visibility"],
        "{problem}"
    );
    assert_eq!(found[0].1, "is required");
    assert_eq!(found[2].1, "is required");
    assert_ne!(found[1].1, "is required");
    assert_eq!(problem["detail"], "3 rules violated");
    let list = app.get(ARRANGEMENTS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"], json!([]));
}

#[actix_web::test]
async fn members_missing_in_nested_objects_have_their_own_pointers() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = bilateral(&cast, "REQ-1");
    body.as_object_mut().unwrap().remove("planned_start");
    body["participants"][1]
        .as_object_mut()
        .unwrap()
        .remove("role");
    body["sectors"][0]
        .as_object_mut()
        .unwrap()
        .remove("percentage");
    let reply = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
    let problem = reply.problem(422);
    assert_eq!(
        messages_at(&problem),
        [
            ("/participants/1/role".to_owned(), "is required".to_owned()),
            ("/planned_start".to_owned(), "is required".to_owned()),
            ("/sectors/0/percentage".to_owned(), "is required".to_owned()),
        ]
    );
    // A single missing member says where in the detail too.
    let mut body = bilateral(&cast, "REQ-1");
    body.as_object_mut().unwrap().remove("title");
    let problem = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&body)
        .send()
        .await
        .problem(422);
    assert_eq!(problem["detail"], "1 rule violated: /title: is required");
    let list = app.get(PROJECTS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"], json!([]));
}

#[actix_web::test]
async fn a_wrong_type_beside_a_missing_member_is_still_400() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = arrangement(&cast);
    body.as_object_mut().unwrap().remove("visibility");
    body["status"] = json!(7);
    let reply = app
        .post(ARRANGEMENTS)
        .bearer(&admin())
        .json(&body)
        .send()
        .await;
    let problem = reply.problem(400);
    assert_eq!(reply.pointers(), ["/status"], "{problem}");
}

#[actix_web::test]
async fn replacing_or_patching_away_a_required_member_is_422_and_changes_nothing() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let created = app
        .post(ARRANGEMENTS)
        .bearer(&admin())
        .json(&arrangement(&cast))
        .send()
        .await
        .ok(201);
    let path = format!("{ARRANGEMENTS}/{}", created["id"].as_str().unwrap());
    let patched = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&json!({"recipients": null, "title": null, "governance": {"es": "x".repeat(5001)}, "cost_sharing": [{"organisation_id": cast.jica, "amount": null, "currency": null, "expert_days": 60.0}]}))
        .send()
        .await;
    let problem = patched.problem(422);
    let pointers: Vec<String> = messages_at(&problem).into_iter().map(|(p, _)| p).collect();
    assert_eq!(pointers, ["/recipients", "/title"], "{problem}");
    let mut body = arrangement(&cast);
    body.as_object_mut().unwrap().remove("recipients");
    let replaced = app
        .put(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&body)
        .send()
        .await;
    assert_eq!(
        messages_at(&replaced.problem(422)),
        [("/recipients".to_owned(), "is required".to_owned())]
    );
    let now = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(now["version"], created["version"]);
    assert_eq!(now["title"], created["title"]);
}
