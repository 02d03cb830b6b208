//! Incomplete drafts (`?review=draft`): a draft that does not yet meet its kind's rules is
//! kept with what is missing or wrong, read only by the directorate and its author's
//! organisation, never listed, counted or exported, never submitted while incomplete, and
//! becomes a record of its kind, under the same id, when a write completes it.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{spawn, token};

const FEED: &str = "/api/v1/changes";

fn org(id: &Value) -> Option<Uuid> {
    id.as_str().map(|s| s.parse().unwrap())
}

fn pointers(record: &Value) -> Vec<String> {
    record["completeness"]
        .as_array()
        .map(|problems| {
            problems
                .iter()
                .map(|p| p["pointer"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A partner's half-filled project: no modality, no dates.
fn half_filled(project: &Value) -> Value {
    let mut body = project.clone();
    let members = body.as_object_mut().unwrap();
    for member in ["modality", "planned_start", "planned_end"] {
        members.remove(member);
    }
    body
}

#[actix_web::test]
async fn an_incomplete_draft_keeps_what_it_has_and_lists_what_it_lacks() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.mdryt));
    let body = half_filled(&bilateral(&cast, "HALF-1"));

    // Without `?review=draft` the same body is refused as ever, nothing saved.
    let refused = app.post(PROJECTS).bearer(&partner).json(&body).send().await;
    refused.problem(422);

    let created = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&partner)
        .json(&body)
        .send()
        .await;
    let draft = created.ok(201);
    assert_eq!(created.header("etag"), Some("\"1\""));
    let id = draft["id"].as_str().unwrap();
    assert_eq!(
        created.header("location"),
        Some(format!("{PROJECTS}/{id}").as_str())
    );
    assert_eq!(draft["review_status"], "draft");
    assert_eq!(draft["approved_version"], Value::Null);
    assert_eq!(draft["code"], "HALF-1", "what it has is kept as given");
    // What is missing, in the words of the 422s.
    assert_eq!(
        pointers(&draft),
        ["/modality", "/planned_end", "/planned_start"],
        "{draft}"
    );
    assert!(
        draft["completeness"][0]["message"]
            .as_str()
            .unwrap()
            .contains("required")
    );

    // A draft may lack members, not be of another shape: a wrong type is a 400 and a
    // value outside what the contract states a 422, as for any write, nothing saved.
    let item = format!("{PROJECTS}/{id}");
    for (patch, status) in [(json!({"status": "two"}), 400), (json!({"status": 9}), 422)] {
        let reply = app
            .patch(&format!("{item}?review=draft"))
            .bearer(&partner)
            .if_match(&json!(1))
            .body("application/merge-patch+json", patch.to_string())
            .send()
            .await;
        assert_eq!(reply.problem(status)["errors"][0]["pointer"], "/status");
    }
    let mut wrong = body.clone();
    wrong["code"] = json!("C".repeat(51));
    let reply = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&partner)
        .json(&wrong)
        .send()
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/code");

    // A write that gives some of what is missing keeps it a draft, listing the rest.
    let reply = app
        .patch(&format!("{item}?review=draft"))
        .bearer(&partner)
        .if_match(&json!(1))
        .body(
            "application/merge-patch+json",
            json!({"modality": "bilateral_ssc"}).to_string(),
        )
        .send()
        .await;
    let draft = reply.ok(200);
    assert_eq!(draft["version"], 2);
    assert_eq!(pointers(&draft), ["/planned_end", "/planned_start"]);

    // Without `?review=draft`, a write that leaves it incomplete is a 422, nothing saved.
    let reply = app
        .patch(&item)
        .bearer(&partner)
        .if_match(&json!(2))
        .body(
            "application/merge-patch+json",
            json!({"modality": "bilateral_ssc"}).to_string(),
        )
        .send()
        .await;
    reply.problem(422);
    let read = app.get(&item).bearer(&partner).send().await.ok(200);
    assert_eq!(read["version"], 2);

    // It cannot be submitted while incomplete.
    let reply = app
        .post(&format!("{item}/submit"))
        .bearer(&partner)
        .if_match(&json!(2))
        .send()
        .await;
    assert!(
        reply.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("incomplete draft")
    );

    // A stale version is refused.
    let reply = app
        .patch(&format!("{item}?review=draft"))
        .bearer(&partner)
        .if_match(&json!(1))
        .body(
            "application/merge-patch+json",
            json!({"modality": "bilateral_ssc"}).to_string(),
        )
        .send()
        .await;
    reply.problem(412);

    // The write that completes it makes it a project, same id, next version: a partner's
    // draft still, without `completeness`, now in the directorate's list.
    let reply = app
        .patch(&item)
        .bearer(&partner)
        .if_match(&json!(2))
        .body(
            "application/merge-patch+json",
            json!({"modality": "bilateral_ssc", "planned_start": "2025-03-01",
                   "planned_end": "2026-12-31"})
            .to_string(),
        )
        .send()
        .await;
    let project = reply.ok(200);
    assert_eq!(project["id"], id);
    assert_eq!(project["version"], 3);
    assert_eq!(project["review_status"], "draft");
    assert!(project.get("completeness").is_none(), "{project}");
    let coordinator = token(Role::Coordinator, None);
    let list = app
        .get(&format!("{PROJECTS}?q=HALF-1"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // Now it can be submitted.
    app.post(&format!("{item}/submit"))
        .bearer(&partner)
        .if_match(&json!(3))
        .send()
        .await
        .ok(200);

    // Its history: created and changed as a draft, then completed.
    let history = app
        .get(&format!("{item}/history"))
        .bearer(&partner)
        .send()
        .await
        .ok(200);
    let actions: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "update", "submit"]);
}

#[actix_web::test]
async fn an_incomplete_draft_is_its_authors_and_the_directorates_only() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let author = token(Role::Partner, org(&cast.mdryt));
    let other = token(Role::Partner, org(&cast.mag));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    let draft = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&author)
        .json(&json!({"code": "HALF-2", "title": {"es": "Borrador"}}))
        .send()
        .await
        .ok(201);
    let item = format!("{PROJECTS}/{}", draft["id"].as_str().unwrap());
    for (who, bearer, status) in [
        ("author", &author, 200),
        ("coordinator", &coordinator, 200),
        ("another partner", &other, 404),
        ("viewer", &viewer, 404),
    ] {
        let reply = app.get(&item).bearer(bearer).send().await;
        assert_eq!(reply.status.as_u16(), status, "{who}");
        let history = app
            .get(&format!("{item}/history"))
            .bearer(bearer)
            .send()
            .await;
        assert_eq!(history.status.as_u16(), status, "{who}: history");
        // In the change feed for its readers only.
        let feed = app.get(FEED).bearer(bearer).send().await.ok(200);
        let mentions = feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == draft["id"]);
        assert_eq!(mentions, status == 200, "{who}: feed");
    }
    // Never in lists, statistics or exports, even the directorate's.
    let list = app
        .get(&format!("{PROJECTS}?q=HALF-2"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(list["items"], json!([]));
    let export = app
        .get(&format!("{PROJECTS}/export?format=ndjson"))
        .bearer(&coordinator)
        .send()
        .await;
    assert!(!export.text().contains("HALF-2"));
    let stats = app
        .get("/api/v1/stats/projects")
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    let before = stats["total"]["projects"].as_i64().unwrap();
    let list = app
        .get(&format!("{PROJECTS}?limit=200"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(before, list["items"].as_array().unwrap().len() as i64);

    // Another partner cannot write it either (it does not exist for it); a partner
    // cannot delete; the directorate can.
    let reply = app
        .patch(&format!("{item}?review=draft"))
        .bearer(&other)
        .if_match(&json!(1))
        .body(
            "application/merge-patch+json",
            json!({"objectives": {"es": "x"}}).to_string(),
        )
        .send()
        .await;
    reply.problem(404);
    let reply = app
        .delete(&item)
        .bearer(&author)
        .if_match(&json!(1))
        .send()
        .await;
    reply.problem(403);
    app.delete(&item)
        .bearer(&coordinator)
        .if_match(&json!(1))
        .send()
        .await
        .ok(204);
    app.get(&item)
        .bearer(&coordinator)
        .send()
        .await
        .problem(404);
}

#[actix_web::test]
async fn a_draft_is_refused_what_no_write_may_send() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let coordinator = token(Role::Coordinator, None);
    // An unknown member is the client's mistake, not the draft's: 400, nothing saved.
    let reply = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&coordinator)
        .json(&json!({"code": "HALF-3", "colour": "blue"}))
        .send()
        .await;
    assert_eq!(reply.problem(400)["errors"][0]["pointer"], "/colour");
    // A patch removing a member no project has is refused as in a full body, before the
    // version is compared, and whether or not the draft has it; removing a member the
    // draft lacks but a project has is a patch like any other.
    let half = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&coordinator)
        .json(&json!({"code": "HALF-6"}))
        .send()
        .await
        .ok(201);
    let item = format!("{PROJECTS}/{}?review=draft", half["id"].as_str().unwrap());
    for if_match in ["\"0\"", "\"1\""] {
        for (patch, pointer) in [
            (json!({"": null}), "/"),
            (json!({"colour": null}), "/colour"),
        ] {
            let reply = app
                .patch(&item)
                .bearer(&coordinator)
                .header("if-match", if_match)
                .body("application/merge-patch+json", patch.to_string())
                .send()
                .await;
            assert_eq!(
                reply.problem(400)["errors"][0]["pointer"],
                pointer,
                "{patch}"
            );
        }
    }
    let patched = app
        .patch(&item)
        .bearer(&coordinator)
        .header("if-match", "\"1\"")
        .body("application/merge-patch+json", "{\"objectives\": null}")
        .send()
        .await
        .ok(200);
    assert_eq!(patched["version"], 2, "{patched}");
    for body in ["[1, 2]", "\"text\"", "{"] {
        let reply = app
            .post(&format!("{PROJECTS}?review=draft"))
            .bearer(&coordinator)
            .body("application/json", body)
            .send()
            .await;
        reply.problem(400);
    }
    // A viewer writes no draft.
    let reply = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&token(Role::Viewer, None))
        .json(&json!({"code": "HALF-4"}))
        .send()
        .await;
    reply.problem(403);
    // A complete body with `?review=draft` is a draft even for the directorate (which
    // would otherwise approve on save), with no `completeness`.
    let project = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&coordinator)
        .json(&bilateral(&cast, "WHOLE-1"))
        .send()
        .await
        .ok(201);
    assert_eq!(project["review_status"], "draft");
    assert!(project.get("completeness").is_none());
    // A rule across members (percentages not summing to 100) is listed too.
    let mut body = bilateral(&cast, "HALF-5");
    body["sectors"][0]["percentage"] = json!("10");
    let draft = app
        .post(&format!("{PROJECTS}?review=draft"))
        .bearer(&coordinator)
        .json(&body)
        .send()
        .await
        .ok(201);
    assert!(
        pointers(&draft).iter().any(|p| p.starts_with("/sectors")),
        "{draft}"
    );
    // A partner's incomplete draft is for the directorate and its own organisation only,
    // whoever its fields name; the coordinator's here for the directorate only.
    let named = token(Role::Partner, org(&cast.mdryt));
    let item = format!("{PROJECTS}/{}", draft["id"].as_str().unwrap());
    app.get(&item).bearer(&named).send().await.problem(404);
    // It has no IATI activity (IATI never sees an incomplete draft), and no results or
    // activities until it is complete: it exists, so 409, not 404 ...
    let reply = app
        .get(&format!("{item}/iati"))
        .bearer(&coordinator)
        .send()
        .await;
    assert!(
        reply.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("is an incomplete draft: it has no IATI activity")
    );
    let reply = app
        .get(&format!("{item}/execution"))
        .bearer(&coordinator)
        .send()
        .await;
    assert!(
        reply.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("is an incomplete draft: it has no execution figures")
    );
    for (part, body) in [
        ("results", json!({"results": []})),
        ("activities", json!({"activities": []})),
        ("transactions", json!({"transactions": []})),
    ] {
        let reply = app
            .put(&format!("{item}/{part}"))
            .bearer(&coordinator)
            .header("If-Match", "\"0\"")
            .json(&body)
            .send()
            .await;
        let detail = reply.problem(409)["detail"].as_str().unwrap().to_owned();
        assert!(detail.contains(&format!("it has no {part}")), "{detail}");
        // ... and reading them answers the empty part.
        let read = app
            .get(&format!("{item}/{part}"))
            .bearer(&coordinator)
            .send()
            .await
            .ok(200);
        assert_eq!(read[part], json!([]), "{read}");
    }
    // ... while a caller who may not read it still gets 404 from each.
    for part in ["iati", "results", "activities", "transactions", "execution"] {
        app.get(&format!("{item}/{part}"))
            .bearer(&named)
            .send()
            .await
            .problem(404);
    }
}

/// A cooperation request saved as an incomplete draft exists for whoever reads it: its
/// pipeline's moves (accept, assess, close...) answer 409 saying it is incomplete,
/// not 404, and change nothing (schemathesis ST302 found the 404).
#[actix_web::test]
async fn an_incomplete_draft_request_moves_nowhere_and_says_why() {
    let app = spawn().await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    let admin = crate::support::admin();
    let created = app
        .post("/api/v1/cooperation-requests?review=draft")
        .bearer(&admin)
        .json(&json!({"title": {"es": "Vigilancia epidemiológica"}}))
        .send()
        .await
        .ok(201);
    let item = format!(
        "/api/v1/cooperation-requests/{}",
        created["id"].as_str().unwrap()
    );
    let capacities = app
        .get("/api/v1/capacities?limit=1")
        .bearer(&admin)
        .send()
        .await
        .ok(200);
    let moves = [
        ("accept", json!({})),
        ("assess", json!({})),
        ("close", json!({})),
        (
            "decline",
            json!({"reason": "other", "comment": "Sin fondos."}),
        ),
        (
            "formulate",
            json!({"capacity_ids": [capacities["items"][0]["id"]]}),
        ),
    ];
    for (step, body) in moves {
        let reply = app
            .post(&format!("{item}/{step}"))
            .bearer(&admin)
            .if_match(&json!(1))
            .json(&body)
            .send()
            .await;
        let problem = reply.problem(409);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("incomplete draft"),
            "{step}: {problem}"
        );
    }
    let read = app.get(&item).bearer(&admin).send().await.ok(200);
    assert_eq!(read["version"], 1);
}
