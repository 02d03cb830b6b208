//! Cooperation requests: the record, its rules, who writes it, the directorate's pipeline
//! (every move allowed and refused), its assessment kept from partners and viewers
//! everywhere (the record, its history, the change feed, exports), and formulating a
//! project from it (one project however often it is retried).

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{
    CAPACITIES, COOPERATION_REQUESTS, Cast, capacity, cast, cooperation_request,
};
use crate::support::{TestApp, admin, spawn, token};

fn org(id: &Value) -> Option<Uuid> {
    id.as_str().map(|s| s.parse().unwrap())
}

/// The fixture, restricted to the directorate and the requester.
fn restricted(cast: &Cast) -> Value {
    let mut body = cooperation_request(cast);
    body["visibility"] = json!("restricted");
    body
}

fn item_of(record: &Value) -> String {
    format!("{COOPERATION_REQUESTS}/{}", record["id"].as_str().unwrap())
}

/// Make move `name` of the request at `item` (last read as `record`) as `bearer`.
async fn step<S, B>(app: &TestApp<S>, item: &str, name: &str, record: &Value, body: Value) -> Value
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    app.post(&format!("{item}/{name}"))
        .bearer(&token(Role::Coordinator, None))
        .if_match(&record["version"])
        .json(&body)
        .send()
        .await
        .ok(200)
}

#[actix_web::test]
async fn a_request_round_trips_and_the_server_keeps_its_own_members() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let restricted = restricted(&cast);
    let mut body = restricted.clone();
    // What the server owns is not taken from the body.
    body["status"] = json!("accepted");
    body["project_id"] = json!(Uuid::now_v7());
    body["country"] = json!("AR");
    body["comment_to_requester"] = json!("ya aceptada");
    let created = app.create(COOPERATION_REQUESTS, &body).await;
    assert_eq!(created["status"], "received");
    assert_eq!(created["country"], "BO");
    assert_eq!(created["project_id"], Value::Null);
    assert_eq!(created["comment_to_requester"], Value::Null);
    assert_eq!(created["decline_reason"], Value::Null);
    assert_eq!(created["review_status"], "approved");
    for (key, value) in restricted.as_object().unwrap() {
        assert_eq!(&created[key], value, "{key}");
    }
    let item = item_of(&created);
    // Restricted: the requester's partners read it, viewers and other partners do not.
    let mdryt = token(Role::Partner, org(&cast.mdryt));
    let read = app.get(&item).bearer(&mdryt).send().await;
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.json(), created);
    app.get(&item)
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .problem(404);
    app.get(&item)
        .bearer(&token(Role::Partner, org(&cast.mag)))
        .send()
        .await
        .problem(404);
    // A PUT without the server's members keeps them; the directorate sets the priority.
    let mut replacement = restricted.clone();
    replacement["priority"] = json!("high");
    replacement
        .as_object_mut()
        .unwrap()
        .remove("desired_start_to");
    let replaced = app
        .put(&item)
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&replacement)
        .send()
        .await
        .ok(200);
    assert_eq!(replaced["priority"], "high");
    assert_eq!(replaced["desired_start_to"], Value::Null);
    assert_eq!(replaced["country"], "BO");
    assert_eq!(replaced["status"], "received");
    let list = app
        .get(&format!(
            "{COOPERATION_REQUESTS}?country=BO&priority=high&status=received&sector=311"
        ))
        .bearer(&mdryt)
        .send()
        .await
        .ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let none = app
        .get(&format!("{COOPERATION_REQUESTS}?country=PY"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(none["items"], json!([]));
    app.get(&format!("{COOPERATION_REQUESTS}?status=pending"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);
}

/// A change to a valid body.
type Change = fn(&mut Value);

#[actix_web::test]
async fn request_rules_point_at_the_member() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let cases: Vec<(Change, &str)> = vec![
        (|b| b["sectors"] = json!([]), "/sectors"),
        (|b| b["sectors"] = json!(["31166", "31166"]), "/sectors/1"),
        (|b| b["sectors"] = json!(["99999"]), "/sectors/0"),
        (|b| b["languages"] = json!([]), "/languages"),
        (|b| b["languages"] = json!(["zz"]), "/languages/0"),
        (|b| b["sdg_targets"] = json!(["2.99"]), "/sdg_targets/0"),
        (
            |b| b["formats"] = json!(["internship", "internship"]),
            "/formats/1",
        ),
        (
            |b| b["desired_start_to"] = json!("2027-01-01"),
            "/desired_start_to",
        ),
        (
            |b| b["problem_statement"] = json!({"en": "English only"}),
            "/problem_statement/es",
        ),
        (
            |b| b["requesting_organisation"] = json!(Uuid::now_v7()),
            "/requesting_organisation",
        ),
    ];
    for (change, pointer) in cases {
        let mut body = cooperation_request(&cast);
        change(&mut body);
        let reply = app
            .post(COOPERATION_REQUESTS)
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
    for (member, value) in [
        ("channel", json!("carrier_pigeon")),
        ("priority", json!("urgent")),
        ("owner", json!("me")),
    ] {
        let mut body = cooperation_request(&cast);
        body[member] = value;
        app.post(COOPERATION_REQUESTS)
            .bearer(&admin())
            .json(&body)
            .send()
            .await
            .problem(400);
    }
}

#[actix_web::test]
async fn partners_ask_for_their_own_organisation_and_leave_the_priority_alone() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mdryt = token(Role::Partner, org(&cast.mdryt));
    let mag = token(Role::Partner, org(&cast.mag));
    app.post(COOPERATION_REQUESTS)
        .bearer(&mag)
        .json(&cooperation_request(&cast))
        .send()
        .await
        .problem(403);
    app.post(COOPERATION_REQUESTS)
        .bearer(&token(Role::Viewer, None))
        .json(&cooperation_request(&cast))
        .send()
        .await
        .problem(403);
    let mut prioritised = cooperation_request(&cast);
    prioritised["priority"] = json!("high");
    let problem = app
        .post(COOPERATION_REQUESTS)
        .bearer(&mdryt)
        .json(&prioritised)
        .send()
        .await
        .problem(403);
    assert!(problem["detail"].as_str().unwrap().contains("priority"));
    let draft = app
        .post(COOPERATION_REQUESTS)
        .bearer(&mdryt)
        .json(&cooperation_request(&cast))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");
    assert_eq!(draft["status"], "received");
    let item = item_of(&draft);
    // Not in the pipeline until approved.
    app.post(&format!("{item}/assess"))
        .bearer(&admin())
        .if_match(&draft["version"])
        .send()
        .await
        .problem(409);
    app.patch(&item)
        .bearer(&mdryt)
        .if_match(&draft["version"])
        .body(
            "application/merge-patch+json",
            json!({"priority": "low"}).to_string(),
        )
        .send()
        .await
        .problem(403);
    let submitted = app
        .post(&format!("{item}/submit"))
        .bearer(&mdryt)
        .if_match(&draft["version"])
        .send()
        .await
        .ok(200);
    let approved = app
        .post(&format!("{item}/approve"))
        .bearer(&admin())
        .if_match(&submitted["version"])
        .send()
        .await
        .ok(200);
    let prioritised = app
        .patch(&item)
        .bearer(&token(Role::Coordinator, None))
        .if_match(&approved["version"])
        .body(
            "application/merge-patch+json",
            json!({"priority": "medium"}).to_string(),
        )
        .send()
        .await
        .ok(200);
    assert_eq!(prioritised["priority"], "medium");
    // The partner edits its texts; the priority stays as the directorate set it.
    let edited = app
        .patch(&item)
        .bearer(&mdryt)
        .if_match(&prioritised["version"])
        .body(
            "application/merge-patch+json",
            json!({"target_population": {"es": "Productores de Oruro"}}).to_string(),
        )
        .send()
        .await
        .ok(200);
    assert_eq!(edited["priority"], "medium");
    assert_eq!(edited["review_status"], "submitted");
    // An edit awaiting review holds the pipeline.
    app.post(&format!("{item}/assess"))
        .bearer(&admin())
        .if_match(&edited["version"])
        .send()
        .await
        .problem(409);
}

#[actix_web::test]
async fn every_move_of_the_pipeline_is_allowed_and_refused_where_it_should_be() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let created = app
        .create(COOPERATION_REQUESTS, &cooperation_request(&cast))
        .await;
    let item = item_of(&created);
    let requester = token(Role::Partner, org(&cast.mdryt));
    // Not yet decided: neither closed nor formulated.
    for name in ["close", "formulate"] {
        let body = json!({"capacity_ids": [Uuid::now_v7()]});
        let mut call = app
            .post(&format!("{item}/{name}"))
            .bearer(&admin())
            .if_match(&created["version"]);
        if name == "formulate" {
            call = call.json(&body);
        }
        call.send().await.problem(409);
    }
    // Only the directorate moves it: the requester's partners and viewers are refused.
    for bearer in [requester.clone(), token(Role::Viewer, None)] {
        app.post(&format!("{item}/assess"))
            .bearer(&bearer)
            .if_match(&created["version"])
            .send()
            .await
            .problem(403);
    }
    // If-Match: 428 without, 412 when stale.
    app.post(&format!("{item}/assess"))
        .bearer(&admin())
        .send()
        .await
        .problem(428);
    app.post(&format!("{item}/assess"))
        .bearer(&admin())
        .if_match(&json!(9))
        .send()
        .await
        .problem(412);
    let assessing = step(&app, &item, "assess", &created, json!({})).await;
    assert_eq!(assessing["status"], "under_assessment");
    assert_eq!(assessing["version"], 2);
    // Twice is a conflict.
    app.post(&format!("{item}/assess"))
        .bearer(&admin())
        .if_match(&assessing["version"])
        .send()
        .await
        .problem(409);
    // Declining needs a known reason, and a comment for `other`.
    app.post(&format!("{item}/decline"))
        .bearer(&admin())
        .if_match(&assessing["version"])
        .json(&json!({"reason": "bored"}))
        .send()
        .await
        .problem(400);
    let reply = app
        .post(&format!("{item}/decline"))
        .bearer(&admin())
        .if_match(&assessing["version"])
        .json(&json!({"reason": "other"}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/comment"]);
    app.post(&format!("{item}/decline"))
        .bearer(&admin())
        .if_match(&assessing["version"])
        .json(&json!({"comment": "sin motivo"}))
        .send()
        .await
        .problem(422);
    let declined = step(
        &app,
        &item,
        "decline",
        &assessing,
        json!({"reason": "no_capacity_available", "comment": "Ninguna institución puede atenderla este año."}),
    )
    .await;
    assert_eq!(declined["status"], "declined");
    assert_eq!(declined["decline_reason"], "no_capacity_available");
    assert_eq!(
        declined["comment_to_requester"],
        "Ninguna institución puede atenderla este año."
    );
    // Decided: not accepted, not assessed again.
    for (name, body) in [
        ("accept", json!({})),
        ("assess", json!({})),
        ("decline", json!({"reason": "duplicate"})),
    ] {
        app.post(&format!("{item}/{name}"))
            .bearer(&admin())
            .if_match(&declined["version"])
            .json(&body)
            .send()
            .await
            .problem(409);
    }
    let closed = step(&app, &item, "close", &declined, json!({})).await;
    assert_eq!(closed["status"], "closed");
    app.post(&format!("{item}/close"))
        .bearer(&admin())
        .if_match(&closed["version"])
        .send()
        .await
        .problem(409);
    // Unknown requests are 404 for every move.
    app.post(&format!("{COOPERATION_REQUESTS}/{}/assess", Uuid::now_v7()))
        .bearer(&admin())
        .if_match(&json!(1))
        .send()
        .await
        .problem(404);
    // The history and the feed name each move; the requester reads them with the comment.
    let history = app
        .get(&format!("{item}/history"))
        .bearer(&requester)
        .send()
        .await
        .ok(200);
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "assess", "decline", "close"]);
    assert_eq!(
        history["items"][2]["comment"],
        "Ninguna institución puede atenderla este año."
    );
    assert_eq!(
        history["items"][2]["changed_fields"],
        json!(["comment_to_requester", "decline_reason", "status"])
    );
    let feed = app
        .get("/api/v1/changes?types=cooperation_request")
        .bearer(&requester)
        .send()
        .await
        .ok(200);
    assert_eq!(feed["items"].as_array().unwrap().len(), 4);

    // Received straight to accepted, then closed without a project.
    let other = app
        .create(COOPERATION_REQUESTS, &cooperation_request(&cast))
        .await;
    let other_item = item_of(&other);
    let accepted = step(
        &app,
        &other_item,
        "accept",
        &other,
        json!({"comment": "Aceptada en la comisión mixta."}),
    )
    .await;
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(
        accepted["comment_to_requester"],
        "Aceptada en la comisión mixta."
    );
    let closed = step(&app, &other_item, "close", &accepted, json!({})).await;
    assert_eq!(closed["status"], "closed");
    // A comment is text of at most 2,000 characters.
    let third = app
        .create(COOPERATION_REQUESTS, &cooperation_request(&cast))
        .await;
    app.post(&format!("{}/accept", item_of(&third)))
        .bearer(&admin())
        .if_match(&third["version"])
        .json(&json!({"comment": "x".repeat(2001)}))
        .send()
        .await
        .problem(422);
}

/// The directorate's assessment of `request` with a consultation and a note carrying
/// `marker`.
async fn assess_with_notes<S, B>(
    app: &TestApp<S>,
    cast: &Cast,
    request: &Value,
    marker: &str,
) -> Value
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let item = item_of(request);
    let consultation = json!({
        "organisation_id": cast.inta, "asked_on": "2026-11-20", "answer": "available",
        "comment": format!("{marker} consultation")
    });
    // Only while under assessment.
    app.post(&format!("{item}/consultations"))
        .bearer(&admin())
        .json(&consultation)
        .send()
        .await
        .problem(409);
    let assessing = step(app, &item, "assess", request, json!({})).await;
    app.post(&format!("{item}/consultations"))
        .bearer(&admin())
        .json(&consultation)
        .send()
        .await
        .ok(201);
    let mut unknown = consultation.clone();
    unknown["organisation_id"] = json!(Uuid::now_v7());
    let reply = app
        .post(&format!("{item}/consultations"))
        .bearer(&admin())
        .json(&unknown)
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/organisation_id"]);
    let mut wrong = consultation.clone();
    wrong["answer"] = json!("maybe");
    app.post(&format!("{item}/consultations"))
        .bearer(&admin())
        .json(&wrong)
        .send()
        .await
        .problem(400);
    let note = app
        .post(&format!("{item}/notes"))
        .bearer(&token(Role::Coordinator, None))
        .json(&json!({"text": format!("{marker} note")}))
        .send()
        .await
        .ok(201);
    assert_eq!(note["kind"], "note");
    app.post(&format!("{item}/notes"))
        .bearer(&admin())
        .json(&json!({"text": ""}))
        .send()
        .await
        .problem(422);
    assessing
}

#[actix_web::test]
async fn the_assessment_is_never_shown_to_partners_or_viewers() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let marker = "ZX-INTERNAL-7731";
    let created = app
        .create(COOPERATION_REQUESTS, &cooperation_request(&cast))
        .await;
    let item = item_of(&created);
    let assessing = assess_with_notes(&app, &cast, &created, marker).await;
    let accepted = step(&app, &item, "accept", &assessing, json!({})).await;
    let requester = token(Role::Partner, org(&cast.mdryt));
    let viewer = token(Role::Viewer, None);
    // The directorate reads it.
    let assessment = app
        .get(&format!("{item}/assessment"))
        .bearer(&token(Role::Coordinator, None))
        .send()
        .await
        .ok(200);
    assert_eq!(assessment["consultations"].as_array().unwrap().len(), 1);
    assert_eq!(assessment["consultations"][0]["answer"], "available");
    assert_eq!(assessment["notes"].as_array().unwrap().len(), 1);
    // Partners and viewers do not, nor write it.
    for bearer in [&requester, &viewer] {
        app.get(&format!("{item}/assessment"))
            .bearer(bearer)
            .send()
            .await
            .problem(403);
        app.post(&format!("{item}/notes"))
            .bearer(bearer)
            .json(&json!({"text": "mine"}))
            .send()
            .await
            .problem(403);
    }
    // A request the caller may not read does not exist for it.
    let hidden = app.create(COOPERATION_REQUESTS, &restricted(&cast)).await;
    app.get(&format!("{}/assessment", item_of(&hidden)))
        .bearer(&token(Role::Partner, org(&cast.mag)))
        .send()
        .await
        .problem(404);
    // Nowhere else: the record, its history, the change feed, exports.
    let reads = [
        item.clone(),
        format!("{item}/history"),
        "/api/v1/changes?types=cooperation_request".to_owned(),
        COOPERATION_REQUESTS.to_owned(),
        format!("{COOPERATION_REQUESTS}/export?format=csv"),
        format!("{COOPERATION_REQUESTS}/export?format=ndjson"),
    ];
    for bearer in [&requester, &viewer, &admin()] {
        for path in &reads {
            let reply = app.get(path).bearer(bearer).send().await;
            assert_eq!(reply.status.as_u16(), 200, "{path}: {}", reply.text());
            assert!(!reply.text().contains(marker), "{path}: {}", reply.text());
        }
    }
    // Nor in a refusal's message.
    let problem = app
        .post(&format!("{item}/assess"))
        .bearer(&admin())
        .if_match(&accepted["version"])
        .send()
        .await
        .problem(409);
    assert!(!problem.to_string().contains(marker));
}

#[actix_web::test]
async fn formulating_makes_one_project_however_often_it_is_retried() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let capacity = app.create(CAPACITIES, &capacity(&cast)).await;
    let created = app
        .create(COOPERATION_REQUESTS, &cooperation_request(&cast))
        .await;
    let item = item_of(&created);
    let accepted = step(&app, &item, "accept", &created, json!({})).await;
    let body = json!({"capacity_ids": [capacity["id"]]});
    // What a client can get wrong.
    for (bad, pointer) in [
        (json!({"capacity_ids": []}), "/capacity_ids"),
        (json!({"capacity_ids": [Uuid::now_v7()]}), "/capacity_ids/0"),
        (
            json!({"capacity_ids": [capacity["id"], capacity["id"]]}),
            "/capacity_ids/1",
        ),
    ] {
        let reply = app
            .post(&format!("{item}/formulate"))
            .bearer(&admin())
            .if_match(&accepted["version"])
            .json(&bad)
            .send()
            .await;
        reply.problem(422);
        assert_eq!(reply.pointers(), [pointer], "{bad}");
    }
    app.post(&format!("{item}/formulate"))
        .bearer(&admin())
        .if_match(&accepted["version"])
        .json(&json!({"capacities": []}))
        .send()
        .await
        .problem(400);
    app.post(&format!("{item}/formulate"))
        .bearer(&token(Role::Partner, org(&cast.mdryt)))
        .if_match(&accepted["version"])
        .json(&body)
        .send()
        .await
        .problem(403);
    app.post(&format!("{item}/formulate"))
        .bearer(&admin())
        .json(&body)
        .send()
        .await
        .problem(428);
    app.post(&format!("{item}/formulate"))
        .bearer(&admin())
        .if_match(&created["version"])
        .json(&body)
        .send()
        .await
        .problem(412);
    // With a key: the retry is the first answer again.
    let formulate = || {
        app.post(&format!("{item}/formulate"))
            .bearer(&admin())
            .if_match(&accepted["version"])
            .header("Idempotency-Key", "formulate-once")
            .json(&body)
    };
    let first = formulate().send().await;
    let formulated = first.ok(201);
    assert_eq!(formulated["status"], "formulated");
    let project_path = first.header("location").unwrap().to_owned();
    assert_eq!(
        project_path,
        format!(
            "/api/v1/projects/{}",
            formulated["project_id"].as_str().unwrap()
        )
    );
    let again = formulate().send().await;
    assert_eq!(again.ok(201), formulated);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.header("location"), Some(project_path.as_str()));
    // Without a key: the request is formulated already, naming its project.
    let problem = app
        .post(&format!("{item}/formulate"))
        .bearer(&admin())
        .if_match(&formulated["version"])
        .json(&body)
        .send()
        .await
        .problem(409);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(formulated["project_id"].as_str().unwrap()),
        "{problem}"
    );
    // One project, prefilled from the request and the capacity.
    let project = app.get(&project_path).bearer(&admin()).send().await.ok(200);
    assert_eq!(project["review_status"], "draft");
    assert_eq!(
        project["title"],
        json!({"es": "Mejoramiento de pasturas para la lechería del altiplano"})
    );
    assert_eq!(project["capacity_ids"], json!([capacity["id"]]));
    assert_eq!(
        project["participants"],
        json!([
            {"organisation_id": cast.inta, "role": "provider"},
            {"organisation_id": cast.mdryt, "role": "recipient"}
        ])
    );
    assert_eq!(
        project["recipient_countries"],
        json!([{"country_code": "BO", "percentage": "100"}])
    );
    assert_eq!(
        project["sectors"],
        json!([{"code": "31166", "percentage": "50"}, {"code": "31182", "percentage": "50"}])
    );
    assert_eq!(project["sdg_targets"], json!(["2.4"]));
    let by_project = app
        .get(&format!(
            "{COOPERATION_REQUESTS}?project={}",
            formulated["project_id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(by_project["items"].as_array().unwrap().len(), 1);
    // The requester follows it to its project, which it reads once the directorate has
    // completed the draft (it takes part as recipient).
    let requester = token(Role::Partner, org(&cast.mdryt));
    let read = app.get(&item).bearer(&requester).send().await.ok(200);
    assert_eq!(read["project_id"], formulated["project_id"]);
    app.get(&project_path)
        .bearer(&requester)
        .send()
        .await
        .problem(404);
    let mut completed = project.clone();
    for member in [
        "id",
        "version",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
        "review_status",
        "approved_version",
        "completeness",
    ] {
        completed.as_object_mut().unwrap().remove(member);
    }
    completed["code"] = json!("FOAR-2027-0101");
    completed["planned_start"] = json!("2027-03-01");
    completed["planned_end"] = json!("2028-02-29");
    let complete = app
        .put(&format!("{project_path}?review=draft"))
        .bearer(&admin())
        .if_match(&project["version"])
        .json(&completed)
        .send()
        .await
        .ok(200);
    assert_eq!(complete["code"], "FOAR-2027-0101");
    app.get(&project_path)
        .bearer(&requester)
        .send()
        .await
        .ok(200);
    // While a request names it, the project stays.
    let problem = app
        .delete(&project_path)
        .bearer(&admin())
        .if_match(&complete["version"])
        .send()
        .await
        .problem(409);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("cooperation request"),
        "{problem}"
    );
    // Closed once the project is agreed.
    let closed = step(&app, &item, "close", &formulated, json!({})).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["project_id"], formulated["project_id"]);
}

/// The refusals a client can meet on the assessment and on formulating that the tests
/// above do not: unknown requests, missing members, other roles, unapproved capacities,
/// a version awaiting review, and a retried consultation.
#[actix_web::test]
async fn the_other_refusals_a_client_can_meet() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let unknown = format!("{COOPERATION_REQUESTS}/{}", Uuid::now_v7());
    app.get(&format!("{unknown}/assessment"))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.post(&format!("{unknown}/notes"))
        .bearer(&admin())
        .json(&json!({"text": "nota"}))
        .send()
        .await
        .problem(404);
    let created = app
        .create(COOPERATION_REQUESTS, &cooperation_request(&cast))
        .await;
    let item = item_of(&created);
    let assessing = step(&app, &item, "assess", &created, json!({})).await;
    let consultation = json!({"organisation_id": cast.inta, "asked_on": "2026-11-20"});
    for bearer in [
        token(Role::Partner, org(&cast.mdryt)),
        token(Role::Viewer, None),
    ] {
        app.post(&format!("{item}/consultations"))
            .bearer(&bearer)
            .json(&consultation)
            .send()
            .await
            .problem(403);
    }
    let reply = app
        .post(&format!("{item}/consultations"))
        .bearer(&admin())
        .json(&json!({"organisation_id": cast.inta}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/asked_on"]);
    // A consultation retried with its key is recorded once.
    let consult = || {
        app.post(&format!("{item}/consultations"))
            .bearer(&admin())
            .header("Idempotency-Key", "consulted-inta")
            .json(&consultation)
            .send()
    };
    let first = consult().await.ok(201);
    let again = consult().await;
    assert_eq!(again.ok(201), first);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let assessment = app
        .get(&format!("{item}/assessment"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(assessment["consultations"], json!([first]));
    // A decline needs its body.
    app.post(&format!("{item}/decline"))
        .bearer(&admin())
        .if_match(&assessing["version"])
        .json(&json!({}))
        .send()
        .await
        .problem(422);
    let accepted = step(&app, &item, "accept", &assessing, json!({})).await;
    // A capacity awaiting review is not drawn on.
    let draft_capacity = app
        .post(CAPACITIES)
        .bearer(&token(Role::Partner, org(&cast.inta)))
        .json(&capacity(&cast))
        .send()
        .await
        .ok(201);
    let reply = app
        .post(&format!("{item}/formulate"))
        .bearer(&admin())
        .if_match(&accepted["version"])
        .json(&json!({"capacity_ids": [draft_capacity["id"]]}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/capacity_ids/0"]);
    // An edit awaiting review holds the pipeline: nothing is formulated.
    let pending = app
        .patch(&item)
        .bearer(&token(Role::Partner, org(&cast.mdryt)))
        .if_match(&accepted["version"])
        .body(
            "application/merge-patch+json",
            json!({"target_population": {"es": "Productores de Oruro"}}).to_string(),
        )
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");
    let approved_capacity = app.create(CAPACITIES, &capacity(&cast)).await;
    app.post(&format!("{item}/formulate"))
        .bearer(&admin())
        .if_match(&pending["version"])
        .json(&json!({"capacity_ids": [approved_capacity["id"]]}))
        .send()
        .await
        .problem(409);
    let projects = app
        .get("/api/v1/projects")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(projects["items"], json!([]));
}
