//! Review workflow: partners' drafts and edits await a coordinator's approval before
//! they count; until then readers who may see only approved content (viewers, partners
//! not taking part) read the last approved version, in single reads, lists, statistics,
//! history and the change feed.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use ssc_api::domain::kinds::ResourceKind;
use ssc_api::domain::review::ReviewPolicy;
use uuid::Uuid;

use crate::fixtures::{PROJECTS, bilateral, cast, triangular};
use crate::object_access::{bodies, coded, restricted, sharing_changes};
use crate::support::{admin, spawn, spawn_with, token};

const FEED: &str = "/api/v1/changes";
const REVIEWS: &str = "/api/v1/reviews";

fn org(id: &Value) -> Option<Uuid> {
    id.as_str().map(|s| s.parse().unwrap())
}

fn item_of(path: &str, record: &Value) -> String {
    format!("{path}/{}", record["id"].as_str().unwrap())
}

fn comment(text: &str) -> Value {
    json!({ "comment": text })
}

/// A partner's new record is a draft: its participants and the directorate read it,
/// nobody else does (not in lists, statistics or the change feed either).
#[actix_web::test]
async fn a_partners_new_record_is_a_draft_seen_only_by_participants_and_coordinators() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.mdryt));
    let outsider = token(Role::Partner, org(&cast.mag));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    let created = app
        .post(PROJECTS)
        .bearer(&partner)
        .json(&bilateral(&cast, "DRAFT-1"))
        .send()
        .await
        .ok(201);
    assert_eq!(created["review_status"], "draft");
    assert_eq!(created["approved_version"], Value::Null);
    let item = item_of(PROJECTS, &created);
    for (who, bearer, seen) in [
        ("viewer", &viewer, false),
        ("outsider", &outsider, false),
        ("participant", &partner, true),
        ("coordinator", &coordinator, true),
    ] {
        let read = app.get(&item).bearer(bearer).send().await;
        assert_eq!(read.status.as_u16(), if seen { 200 } else { 404 }, "{who}");
        let list = app.get(PROJECTS).bearer(bearer).send().await.ok(200);
        assert_eq!(
            list["items"].as_array().unwrap().len(),
            seen as usize,
            "{who}"
        );
        let stats = app
            .get("/api/v1/stats/projects?group_by=country")
            .bearer(bearer)
            .send()
            .await
            .ok(200);
        assert_eq!(stats["total"]["projects"], seen as u64, "{who}");
        let feed = app
            .get(&format!("{FEED}?types=project"))
            .bearer(bearer)
            .send()
            .await
            .ok(200);
        assert_eq!(
            feed["items"].as_array().unwrap().len(),
            seen as usize,
            "{who}"
        );
    }
}

/// A transition's comment is checked before its precondition: an empty or oversized
/// comment is 422 whatever the If-Match says, and changes nothing.
#[actix_web::test]
async fn a_bad_comment_is_422_before_the_precondition() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.mdryt));
    let created = app
        .post(PROJECTS)
        .bearer(&partner)
        .json(&bilateral(&cast, "COMMENT-1"))
        .send()
        .await
        .ok(201);
    let item = item_of(PROJECTS, &created);
    for (version, text) in [
        (json!(99), String::new()),
        (created["version"].clone(), "a".repeat(2001)),
    ] {
        let reply = app
            .post(&format!("{item}/submit"))
            .bearer(&partner)
            .if_match(&version)
            .json(&comment(&text))
            .send()
            .await;
        assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/comment");
    }
    let read = app.get(&item).bearer(&partner).send().await.ok(200);
    assert_eq!(read["review_status"], "draft");
    assert_eq!(read["version"], created["version"]);
}

/// Every transition allowed and refused, per role and status, for every kind of
/// cooperation record; each appears in the history with its actor and comment.
#[actix_web::test]
async fn transitions_follow_the_workflow_for_every_kind() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.mag));
    let outsider = token(Role::Partner, org(&cast.undp));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let body = coded((resource.with_partner)(&cast), "FLOW-1");
        let draft = app
            .post(&resource.path)
            .bearer(&partner)
            .json(&body)
            .send()
            .await
            .ok(201);
        assert_eq!(draft["review_status"], "draft", "{kind}");
        let item = item_of(&resource.path, &draft);
        let step = |verb: &'static str, bearer: String, version: Value, body: Option<Value>| {
            let call = app
                .post(&format!("{item}/{verb}"))
                .bearer(&bearer)
                .if_match(&version);
            async move {
                match body {
                    Some(body) => call.json(&body).send().await,
                    None => call.send().await,
                }
            }
        };
        let v1 = draft["version"].clone();

        // Nobody approves or returns a draft; viewers and outsiders do not submit it.
        step("approve", coordinator.clone(), v1.clone(), None)
            .await
            .problem(409);
        step(
            "return",
            coordinator.clone(),
            v1.clone(),
            Some(comment("no")),
        )
        .await
        .problem(409);
        step("submit", viewer.clone(), v1.clone(), None)
            .await
            .problem(403);
        // The draft does not exist for a partner not taking part.
        step("submit", outsider.clone(), v1.clone(), None)
            .await
            .problem(404);
        // A transition needs If-Match, and the current version in it.
        app.post(&format!("{item}/submit"))
            .bearer(&partner)
            .send()
            .await
            .problem(428);
        step("submit", partner.clone(), json!(99), None)
            .await
            .problem(412);
        // A body, if any, is JSON.
        app.post(&format!("{item}/submit"))
            .bearer(&partner)
            .if_match(&v1)
            .body("text/plain", "listo")
            .send()
            .await
            .problem(415);

        let submitted = step(
            "submit",
            partner.clone(),
            v1,
            Some(comment("Listo para revisión")),
        )
        .await
        .ok(200);
        assert_eq!(submitted["review_status"], "submitted", "{kind}");
        assert_eq!(submitted["version"], 2, "{kind}");
        let v2 = submitted["version"].clone();
        step("submit", partner.clone(), v2.clone(), None)
            .await
            .problem(409);
        // Partners neither approve nor return, not even their own records.
        for verb in ["approve", "return"] {
            let refused = step(verb, partner.clone(), v2.clone(), Some(comment("ok")))
                .await
                .problem(403);
            assert!(refused["detail"].as_str().unwrap().contains("coordinators"));
        }
        // Returning needs a comment, at its pointer.
        let missing = step("return", coordinator.clone(), v2.clone(), None).await;
        missing.problem(422);
        assert_eq!(missing.pointers(), ["/comment"], "{kind}");
        let blank = step(
            "return",
            coordinator.clone(),
            v2.clone(),
            Some(comment("   ")),
        )
        .await;
        assert_eq!(blank.pointers(), ["/comment"], "{kind}");
        // An empty comment is not a comment.
        step("return", coordinator.clone(), v2.clone(), Some(comment("")))
            .await
            .problem(422);
        step(
            "return",
            coordinator.clone(),
            v2.clone(),
            Some(json!({"note": "x"})),
        )
        .await
        .problem(400);

        let returned = step(
            "return",
            coordinator.clone(),
            v2,
            Some(comment("Falta el presupuesto")),
        )
        .await
        .ok(200);
        assert_eq!(returned["review_status"], "returned", "{kind}");
        // Its authors edit it (a draft again) and submit it again.
        let edited = app
            .patch(&item)
            .bearer(&partner)
            .if_match(&returned["version"])
            .body(
                "application/merge-patch+json",
                json!({"title": {"es": "Título revisado tras la devolución"}}).to_string(),
            )
            .send()
            .await
            .ok(200);
        assert_eq!(edited["review_status"], "draft", "{kind}");
        // A `null` body is no comment, like no body.
        let resubmitted = step(
            "submit",
            partner.clone(),
            edited["version"].clone(),
            Some(Value::Null),
        )
        .await
        .ok(200);
        let approved = step(
            "approve",
            coordinator.clone(),
            resubmitted["version"].clone(),
            Some(comment("Aprobado")),
        )
        .await
        .ok(200);
        assert_eq!(approved["review_status"], "approved", "{kind}");
        assert_eq!(approved["approved_version"], approved["version"], "{kind}");
        assert_eq!(approved["updated_by"], "coordinator-user", "{kind}");
        step(
            "approve",
            coordinator.clone(),
            approved["version"].clone(),
            None,
        )
        .await
        .problem(409);
        // Approved, it is everyone's to read.
        let read = app.get(&item).bearer(&viewer).send().await.ok(200);
        assert_eq!(read, approved, "{kind}");

        let history = app
            .get(&format!("{item}/history"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        let steps: Vec<(&str, &str, Value)> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["action"].as_str().unwrap(),
                    c["actor"].as_str().unwrap(),
                    c["comment"].clone(),
                )
            })
            .collect();
        assert_eq!(
            steps,
            [
                ("create", "partner-user", Value::Null),
                ("submit", "partner-user", json!("Listo para revisión")),
                ("return", "coordinator-user", json!("Falta el presupuesto")),
                ("update", "partner-user", Value::Null),
                ("submit", "partner-user", Value::Null),
                ("approve", "coordinator-user", json!("Aprobado")),
            ],
            "{kind}"
        );
    }
}

/// While a partner's edit of an approved record awaits review, viewers and partners not
/// taking part keep reading the approved version (single reads, lists, statistics,
/// history, the change feed); coordinators and participants read the edit. Approval
/// makes it everyone's.
#[actix_web::test]
async fn an_edit_awaiting_review_leaves_the_approved_version_to_everyone_else() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let participant = token(Role::Partner, org(&cast.mag));
    let outsider = token(Role::Partner, org(&cast.mdryt));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    let approved = app.create_project(&triangular(&cast, "EDIT-1")).await;
    assert_eq!(approved["review_status"], "approved");
    assert_eq!(approved["approved_version"], 1);
    let item = item_of(PROJECTS, &approved);
    let feed_start = app.get(FEED).bearer(&viewer).send().await.ok(200)["next_cursor"].clone();

    let edit = json!({
        "title": {"es": "Agricultura familiar en el Chaco, fase II"},
        "recipient_countries": [{"country_code": "BO", "percentage": "100"}],
    });
    let pending = app
        .patch(&item)
        .bearer(&participant)
        .if_match(&approved["version"])
        .json(&edit)
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");
    assert_eq!(pending["version"], 2);
    assert_eq!(pending["approved_version"], 1);

    for (who, bearer, current) in [
        ("viewer", &viewer, false),
        ("outsider", &outsider, false),
        ("participant", &participant, true),
        ("coordinator", &coordinator, true),
    ] {
        let expected = if current { &pending } else { &approved };
        let read = app.get(&item).bearer(bearer).send().await;
        assert_eq!(&read.ok(200), expected, "{who}");
        let etag = format!("\"{}\"", expected["version"]);
        assert_eq!(read.header("etag"), Some(etag.as_str()), "{who}");
        // Its own ETag answers 304, the other version's does not.
        let conditional = app
            .get(&item)
            .bearer(bearer)
            .header("if-none-match", &etag)
            .send()
            .await;
        assert_eq!(conditional.status.as_u16(), 304, "{who}");
        for list in [
            PROJECTS.to_owned(),
            format!("{PROJECTS}?sort=code"),
            format!("{PROJECTS}?q=chaco"),
        ] {
            let page = app.get(&list).bearer(bearer).send().await.ok(200);
            assert_eq!(page["items"], json!([expected]), "{who}: {list}");
        }
        // Statistics count the content that counts: the approved one, for everyone.
        let stats = app
            .get("/api/v1/stats/projects?group_by=country")
            .bearer(bearer)
            .send()
            .await
            .ok(200);
        assert_eq!(stats["groups"][0]["key"], "PY", "{who}");
        let history = app
            .get(&format!("{item}/history"))
            .bearer(bearer)
            .send()
            .await
            .ok(200);
        let actions: Vec<&str> = history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["action"].as_str().unwrap())
            .collect();
        let expected_actions: &[&str] = if current {
            &["create", "update"]
        } else {
            &["create"]
        };
        assert_eq!(actions, expected_actions, "{who}");
    }
    // The viewer's feed has nothing new: the edit does not count yet.
    let feed = app
        .get(&format!("{FEED}?after={}", feed_start.as_str().unwrap()))
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    assert_eq!(feed["items"], json!([]));

    let published = app
        .post(&format!("{item}/approve"))
        .bearer(&coordinator)
        .if_match(&pending["version"])
        .send()
        .await
        .ok(200);
    assert_eq!(published["approved_version"], 3);
    assert_eq!(published["title"], edit["title"]);
    for bearer in [&viewer, &outsider] {
        assert_eq!(
            app.get(&item).bearer(bearer).send().await.ok(200),
            published
        );
    }
    let stats = app
        .get("/api/v1/stats/projects?group_by=country")
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    assert_eq!(stats["groups"][0]["key"], "BO");
    // The viewer learns of it once, by the approval, with what changed since the
    // version it could read.
    let feed = app
        .get(&format!("{FEED}?after={}", feed_start.as_str().unwrap()))
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{feed}");
    assert_eq!(items[0]["action"], "approve");
    assert_eq!(items[0]["version"], 3);
    assert_eq!(
        items[0]["changed_fields"],
        json!(["recipient_countries", "title"])
    );
}

/// The approved version is stored apart only while the current one differs from it
/// (migration 000026): edits awaiting review one after another, and one after an
/// approval, leave readers of approved content the approved version.
#[actix_web::test]
async fn edits_awaiting_review_one_after_another_keep_the_approved_version() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let participant = token(Role::Partner, org(&cast.mag));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    let approved = app.create_project(&triangular(&cast, "EDIT-2")).await;
    let item = item_of(PROJECTS, &approved);
    let edit = |title: &str| json!({"title": {"es": title}});
    let mut current = approved.clone();
    for title in ["Fase II", "Fase III"] {
        current = app
            .patch(&item)
            .bearer(&participant)
            .if_match(&current["version"])
            .json(&edit(title))
            .send()
            .await
            .ok(200);
        assert_eq!(current["approved_version"], 1, "{title}");
        let read = app.get(&item).bearer(&viewer).send().await.ok(200);
        assert_eq!(read, approved, "{title}");
    }
    let published = app
        .post(&format!("{item}/approve"))
        .bearer(&coordinator)
        .if_match(&current["version"])
        .send()
        .await
        .ok(200);
    assert_eq!(published["title"], edit("Fase III")["title"]);
    let read = app.get(&item).bearer(&viewer).send().await.ok(200);
    assert_eq!(read, published);
    let pending = app
        .patch(&item)
        .bearer(&participant)
        .if_match(&published["version"])
        .json(&edit("Fase IV"))
        .send()
        .await
        .ok(200);
    assert_eq!(pending["approved_version"], published["version"]);
    let read = app.get(&item).bearer(&viewer).send().await.ok(200);
    assert_eq!(read, published);
    let page = app.get(PROJECTS).bearer(&viewer).send().await.ok(200);
    assert_eq!(page["items"], json!([published]));
}

/// Under review, a partner may propose to change who may read a record and who takes
/// part in it; the proposal takes effect only on approval.
#[actix_web::test]
async fn partners_changes_to_sharing_take_effect_on_approval() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.mag));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let body = coded(restricted((resource.with_partner)(&cast)), "SHARE-1");
        let record = app.create(&resource.path, &body).await;
        let item = item_of(&resource.path, &record);
        app.get(&item).bearer(&viewer).send().await.problem(404);

        let published = app
            .patch(&item)
            .bearer(&partner)
            .if_match(&record["version"])
            .body(
                "application/merge-patch+json",
                json!({"visibility": "public"}).to_string(),
            )
            .send()
            .await
            .ok(200);
        assert_eq!(published["review_status"], "submitted", "{kind}");
        // Still restricted until approved.
        app.get(&item).bearer(&viewer).send().await.problem(404);
        let public = app
            .post(&format!("{item}/approve"))
            .bearer(&coordinator)
            .if_match(&published["version"])
            .send()
            .await
            .ok(200);
        assert_eq!(app.get(&item).bearer(&viewer).send().await.ok(200), public);

        let Some((replace_other, _)) = sharing_changes(kind) else {
            continue;
        };
        // Removing another organisation: it keeps reading the record until approval.
        let mut replaced = body.clone();
        replaced["visibility"] = json!("restricted");
        replace_other(&cast, &mut replaced);
        let before: Vec<String> = participants(&public);
        let after = participants(
            &app.put(&item)
                .bearer(&partner)
                .if_match(&public["version"])
                .json(&replaced)
                .send()
                .await
                .ok(200),
        );
        let removed = before.iter().find(|o| !after.contains(o)).unwrap();
        let removed_partner = token(Role::Partner, Some(removed.parse().unwrap()));
        let seen = app.get(&item).bearer(&removed_partner).send().await.ok(200);
        assert_eq!(participants(&seen), after, "{kind}: it reads the proposal");
        let current = app.get(&item).bearer(&coordinator).send().await.ok(200);
        app.post(&format!("{item}/approve"))
            .bearer(&coordinator)
            .if_match(&current["version"])
            .send()
            .await
            .ok(200);
        app.get(&item)
            .bearer(&removed_partner)
            .send()
            .await
            .problem(404);
        app.get(&item).bearer(&viewer).send().await.problem(404);
    }
}

/// The organisations taking part in a record of any kind, sorted.
fn participants(record: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_organisations(record, &mut found);
    found.sort();
    found.dedup();
    found
}

fn collect_organisations(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("organisation_id", Value::String(id)) => found.push(id.clone()),
                    (
                        "first_providers"
                        | "second_providers"
                        | "recipients"
                        | "offering_organisations"
                        | "receiving_organisations",
                        Value::Array(ids),
                    ) => found.extend(ids.iter().filter_map(|i| i.as_str().map(str::to_owned))),
                    _ => collect_organisations(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_organisations(i, found)),
        _ => {}
    }
}

/// `SSC_REVIEW`: `new_only` reviews only new records, `off` reviews nothing.
#[actix_web::test]
async fn the_review_policy_decides_which_partner_writes_need_review() {
    for (policy, created_status, edit_status) in [
        (ReviewPolicy::NewOnly, "draft", "approved"),
        (ReviewPolicy::Off, "approved", "approved"),
    ] {
        let app = spawn_with(|state| state.review_policy = policy).await;
        let cast = cast(&app).await;
        let partner = token(Role::Partner, org(&cast.mdryt));
        let created = app
            .post(PROJECTS)
            .bearer(&partner)
            .json(&bilateral(&cast, "POLICY-1"))
            .send()
            .await
            .ok(201);
        assert_eq!(created["review_status"], created_status, "{policy:?}");
        let item = item_of(PROJECTS, &created);
        let approved = if created_status == "approved" {
            created
        } else {
            let submitted = app
                .post(&format!("{item}/submit"))
                .bearer(&partner)
                .if_match(&created["version"])
                .send()
                .await
                .ok(200);
            app.post(&format!("{item}/approve"))
                .bearer(&admin())
                .if_match(&submitted["version"])
                .send()
                .await
                .ok(200)
        };
        let edited = app
            .patch(&item)
            .bearer(&partner)
            .if_match(&approved["version"])
            .json(&json!({"title": {"es": "Cadena láctea, fase II"}}))
            .send()
            .await
            .ok(200);
        assert_eq!(edited["review_status"], edit_status, "{policy:?}");
        let read = app
            .get(&item)
            .bearer(&token(Role::Viewer, None))
            .send()
            .await
            .ok(200);
        assert_eq!(read, edited, "{policy:?}: the edit counts at once");
    }
}

/// Coordinators' writes are approved on save unless they ask for review.
#[actix_web::test]
async fn coordinators_may_ask_for_review_of_their_own_writes() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let coordinator = token(Role::Coordinator, None);
    let viewer = token(Role::Viewer, None);
    let asked = app
        .post(&format!("{PROJECTS}?review=requested"))
        .bearer(&coordinator)
        .json(&bilateral(&cast, "ASK-1"))
        .send()
        .await
        .ok(201);
    assert_eq!(asked["review_status"], "submitted");
    let item = item_of(PROJECTS, &asked);
    app.get(&item).bearer(&viewer).send().await.problem(404);
    let approved = app
        .post(&format!("{item}/approve"))
        .bearer(&admin())
        .if_match(&asked["version"])
        .send()
        .await
        .ok(200);
    let edit = app
        .patch(&format!("{item}?review=requested"))
        .bearer(&coordinator)
        .if_match(&approved["version"])
        .json(&json!({"title": {"es": "Cadena láctea, fase II"}}))
        .send()
        .await
        .ok(200);
    assert_eq!(edit["review_status"], "submitted");
    assert_eq!(
        app.get(&item).bearer(&viewer).send().await.ok(200),
        approved
    );
    // Without asking, a coordinator's edit counts at once.
    let direct = app
        .patch(&item)
        .bearer(&coordinator)
        .if_match(&edit["version"])
        .json(&json!({"title": {"es": "Cadena láctea, fase III"}}))
        .send()
        .await
        .ok(200);
    assert_eq!(direct["review_status"], "approved");
    assert_eq!(app.get(&item).bearer(&viewer).send().await.ok(200), direct);
    // Only `requested` is a value.
    let bad = app
        .post(&format!("{PROJECTS}?review=yes"))
        .bearer(&coordinator)
        .json(&bilateral(&cast, "ASK-2"))
        .send()
        .await;
    bad.problem(400);
}

/// `GET /reviews`: what awaits review, for coordinators across kinds and organisations,
/// for partners their own organisation's, for viewers nothing.
#[actix_web::test]
async fn the_review_list_shows_each_caller_what_it_may_review_or_follow() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mag = token(Role::Partner, org(&cast.mag));
    let mdryt = token(Role::Partner, org(&cast.mdryt));
    let coordinator = token(Role::Coordinator, None);
    let mut submitted = Vec::new();
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let draft = app
            .post(&resource.path)
            .bearer(&mag)
            .json(&coded((resource.with_partner)(&cast), "REVIEW-1"))
            .send()
            .await
            .ok(201);
        let item = item_of(&resource.path, &draft);
        let done = app
            .post(&format!("{item}/submit"))
            .bearer(&mag)
            .if_match(&draft["version"])
            .send()
            .await
            .ok(200);
        submitted.push((kind, done));
    }
    // A draft of MDRyT's, not submitted.
    let other = app
        .post(PROJECTS)
        .bearer(&mdryt)
        .json(&bilateral(&cast, "REVIEW-2"))
        .send()
        .await
        .ok(201);

    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let newest_first: Vec<String> = submitted
        .iter()
        .rev()
        .map(|(_, r)| r["id"].as_str().unwrap().to_owned())
        .collect();
    let all = app.get(REVIEWS).bearer(&coordinator).send().await.ok(200);
    assert_eq!(ids(&all), newest_first);
    let first = &all["items"][0];
    let (kind, record) = submitted.last().unwrap();
    assert_eq!(first["kind"], kind.as_str());
    assert_eq!(first["review_status"], "submitted");
    assert_eq!(first["version"], record["version"]);
    assert_eq!(first["approved_version"], Value::Null);
    assert_eq!(
        first["href"],
        format!(
            "/api/v1{}/{}",
            kind.collection(),
            record["id"].as_str().unwrap()
        )
    );
    // Pages, by cursor.
    let page = app
        .get(&format!("{REVIEWS}?limit=3"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&page), newest_first[..3]);
    let rest = app
        .get(&format!(
            "{REVIEWS}?limit=3&cursor={}",
            page["next_cursor"].as_str().unwrap()
        ))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&rest), newest_first[3..]);
    assert_eq!(rest["next_cursor"], Value::Null);
    // A cursor this list did not issue: 422, naming it.
    let foreign = app
        .get(&format!("{PROJECTS}?limit=1"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200)["next_cursor"]
        .clone();
    for cursor in [foreign.as_str().unwrap(), "bm90LWEtY3Vyc29yLWF0LWFsbC14eXo"] {
        let refused = app
            .get(&format!("{REVIEWS}?cursor={cursor}"))
            .bearer(&coordinator)
            .send()
            .await;
        refused.problem(422);
        assert_eq!(refused.json()["errors"][0]["parameter"], "cursor");
    }
    // Filters.
    let projects = app
        .get(&format!("{REVIEWS}?kind=project"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&projects), [submitted[0].1["id"].as_str().unwrap()]);
    let drafts = app
        .get(&format!("{REVIEWS}?status=draft"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&drafts), [other["id"].as_str().unwrap()]);
    let of_mdryt = app
        .get(&format!(
            "{REVIEWS}?status=draft&organisation={}",
            cast.mdryt.as_str().unwrap()
        ))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&of_mdryt), ids(&drafts));
    // Partners: their own organisation's only.
    let own = app.get(REVIEWS).bearer(&mag).send().await.ok(200);
    assert_eq!(ids(&own), newest_first);
    let none = app.get(REVIEWS).bearer(&mdryt).send().await.ok(200);
    assert_eq!(ids(&none), Vec::<String>::new());
    app.get(&format!(
        "{REVIEWS}?organisation={}",
        cast.mag.as_str().unwrap()
    ))
    .bearer(&mdryt)
    .send()
    .await
    .problem(403);
    app.get(REVIEWS)
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .problem(403);
    for bad in ["kind=organisation", "status=pending", "organisation=MAG"] {
        app.get(&format!("{REVIEWS}?{bad}"))
            .bearer(&coordinator)
            .send()
            .await
            .problem(400);
    }
}

/// Records written before the review workflow counted at once: the migration makes each
/// approved as it is, its representation unchanged but for the two review members.
#[actix_web::test]
async fn existing_records_become_approved_as_they_were() {
    use diesel::connection::SimpleConnection;
    use ssc_api::db::{DbConnection, revert_migrations_after, run_migrations};
    let app = spawn().await;
    let cast = cast(&app).await;
    let before = app.create_project(&bilateral(&cast, "OLD-1")).await;
    let edited = app
        .patch(&item_of(PROJECTS, &before))
        .bearer(&admin())
        .if_match(&before["version"])
        .json(&json!({"title": {"es": "Cadena láctea, fase II"}}))
        .send()
        .await
        .ok(200);
    app.state
        .db
        .write(|conn| {
            let fail = |e: String| {
                eprintln!("migration step failed: {e}");
                ssc_api::error::ApiError::internal(e)
            };
            let reverted = revert_migrations_after(conn, "2026-12-02-000005").map_err(fail)?;
            assert!(
                reverted.iter().any(|v| v.ends_with("000006")),
                "{reverted:?}"
            );
            // The records as the service wrote them then: without review members.
            let strip = match conn {
                DbConnection::Sqlite(_) => {
                    "UPDATE projects SET representation = \
                     json_remove(representation, '$.review_status', '$.approved_version')"
                }
                DbConnection::Postgres(_) => {
                    "UPDATE projects SET representation = \
                     (representation::jsonb - 'review_status' - 'approved_version')::text"
                }
            };
            conn.batch_execute(strip).map_err(|e| fail(e.to_string()))?;
            run_migrations(conn).map_err(fail)?;
            Ok(())
        })
        .await
        .unwrap();
    let item = item_of(PROJECTS, &before);
    let viewer = token(Role::Viewer, None);
    let read = app.get(&item).bearer(&viewer).send().await.ok(200);
    assert_eq!(read, edited);
    assert_eq!(read["review_status"], "approved");
    assert_eq!(read["approved_version"], 2);
    let list = app.get(PROJECTS).bearer(&viewer).send().await.ok(200);
    assert_eq!(list["items"], json!([edited]));
    // And it goes on through the workflow like any approved record.
    let pending = app
        .patch(&item)
        .bearer(&token(Role::Partner, org(&cast.mdryt)))
        .if_match(&read["version"])
        .json(&json!({"title": {"es": "Cadena láctea, fase III"}}))
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");
    assert_eq!(app.get(&item).bearer(&viewer).send().await.ok(200), edited);
}

/// The feed tells readers of approved content only what they could read: nothing of a
/// draft (not even a tombstone when it is edited or deleted), and a tombstone when a
/// record they could read goes, whatever was pending on it.
#[actix_web::test]
async fn the_feed_follows_what_counts_for_readers_of_approved_content() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.mdryt));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);
    let viewer_feed = || async {
        app.get(&format!("{FEED}?types=project"))
            .bearer(&viewer)
            .send()
            .await
            .ok(200)["items"]
            .clone()
    };
    // A public draft, edited and deleted: the viewer never hears of it.
    let draft = app
        .post(PROJECTS)
        .bearer(&partner)
        .json(&bilateral(&cast, "FEED-1"))
        .send()
        .await
        .ok(201);
    let item = item_of(PROJECTS, &draft);
    let edited = app
        .patch(&item)
        .bearer(&partner)
        .if_match(&draft["version"])
        .json(&json!({"title": {"es": "Cadena láctea, borrador 2"}}))
        .send()
        .await
        .ok(200);
    app.delete(&item)
        .bearer(&coordinator)
        .if_match(&edited["version"])
        .send()
        .await;
    assert_eq!(viewer_feed().await, json!([]));

    // An approved public project with a pending proposal to restrict it, deleted: the
    // viewer could read it, so it gets the tombstone.
    let approved = app.create_project(&bilateral(&cast, "FEED-2")).await;
    let item = item_of(PROJECTS, &approved);
    let pending = app
        .patch(&item)
        .bearer(&partner)
        .if_match(&approved["version"])
        .json(&json!({"visibility": "restricted"}))
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");
    app.delete(&item)
        .bearer(&coordinator)
        .if_match(&pending["version"])
        .send()
        .await;
    let actions: Vec<(String, String)> = viewer_feed()
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let id = approved["id"].as_str().unwrap().to_owned();
    assert_eq!(
        actions,
        [(id.clone(), "create".to_owned()), (id, "delete".to_owned())]
    );

    // A coordinator's edit over a pending proposal makes the proposal count: viewers
    // learn what changed since the version they read, and lose a record made restricted.
    let approved = app.create_project(&bilateral(&cast, "FEED-3")).await;
    let item = item_of(PROJECTS, &approved);
    let pending = app
        .patch(&item)
        .bearer(&partner)
        .if_match(&approved["version"])
        .json(&json!({"visibility": "restricted"}))
        .send()
        .await
        .ok(200);
    app.patch(&item)
        .bearer(&coordinator)
        .if_match(&pending["version"])
        .json(&json!({"title": {"es": "Cadena láctea (corregido)"}}))
        .send()
        .await
        .ok(200);
    app.get(&item).bearer(&viewer).send().await.problem(404);
    let last = viewer_feed()
        .await
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["id"], approved["id"]);
    assert_eq!(last["action"], "delete");
}

/// A record may refer only to approved records: nothing that counts rests on a draft.
#[actix_web::test]
async fn records_refer_only_to_approved_records() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.inti));
    let draft = app
        .post(crate::fixtures::PARTNERSHIPS)
        .bearer(&partner)
        .json(&crate::fixtures::bilateral_partnership(&cast))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");
    let mut project = bilateral(&cast, "REF-1");
    project["partnership_id"] = draft["id"].clone();
    let refused = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&project)
        .send()
        .await;
    refused.problem(422);
    assert_eq!(refused.pointers(), ["/partnership_id"]);
    let item = item_of(crate::fixtures::PARTNERSHIPS, &draft);
    let submitted = app
        .post(&format!("{item}/submit"))
        .bearer(&partner)
        .if_match(&draft["version"])
        .send()
        .await
        .ok(200);
    app.post(&format!("{item}/approve"))
        .bearer(&admin())
        .if_match(&submitted["version"])
        .send()
        .await
        .ok(200);
    app.post(PROJECTS)
        .bearer(&admin())
        .json(&project)
        .send()
        .await
        .ok(201);
}

/// A partner's write that would count at once (here under `new_only`) may not carry a
/// version awaiting review into what counts; and nobody approves their own version.
#[actix_web::test]
async fn pending_versions_are_approved_by_another_reviewer_only() {
    let app = spawn_with(|state| state.review_policy = ReviewPolicy::NewOnly).await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, org(&cast.mdryt));
    let coordinator = token(Role::Coordinator, None);
    let approved = app.create_project(&bilateral(&cast, "FOUR-1")).await;
    let item = item_of(PROJECTS, &approved);
    let proposal = app
        .patch(&format!("{item}?review=requested"))
        .bearer(&coordinator)
        .if_match(&approved["version"])
        .json(&json!({"visibility": "restricted"}))
        .send()
        .await
        .ok(200);
    assert_eq!(proposal["review_status"], "submitted");
    let refused = app
        .patch(&item)
        .bearer(&partner)
        .if_match(&proposal["version"])
        .json(&json!({"title": {"es": "Cadena láctea, fase II"}}))
        .send()
        .await;
    assert!(
        refused.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("awaiting review")
    );
    let own = app
        .post(&format!("{item}/approve"))
        .bearer(&coordinator)
        .if_match(&proposal["version"])
        .send()
        .await;
    assert!(
        own.problem(403)["detail"]
            .as_str()
            .unwrap()
            .contains("another reviewer")
    );
    app.post(&format!("{item}/approve"))
        .bearer(&admin())
        .if_match(&proposal["version"])
        .send()
        .await
        .ok(200);
}

/// Clients send their default headers: `submit`, `approve` and `return` take an empty
/// body whatever its `Content-Type` (no body at all, too); `return` still needs its
/// comment. A directorate user's approved record is not submitted but written again with
/// `?review=requested`, and the 409 says so.
#[actix_web::test]
async fn review_operations_take_an_empty_body_whatever_its_content_type() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mdryt = token(Role::Partner, org(&cast.mdryt));
    let coordinator = token(Role::Coordinator, None);
    let draft = app
        .post(PROJECTS)
        .bearer(&mdryt)
        .json(&bilateral(&cast, "EMPTY-1"))
        .send()
        .await
        .ok(201);
    let item = item_of(PROJECTS, &draft);
    let submitted = app
        .post(&format!("{item}/submit"))
        .bearer(&mdryt)
        .if_match(&draft["version"])
        .body("application/json", "")
        .send()
        .await
        .ok(200);
    assert_eq!(submitted["review_status"], "submitted");
    // `return` with an empty body: its comment is missing (422), not the body (400).
    let refused = app
        .post(&format!("{item}/return"))
        .bearer(&coordinator)
        .if_match(&submitted["version"])
        .body("application/json; charset=utf-8", "  \n")
        .send()
        .await;
    refused.problem(422);
    assert_eq!(refused.pointers(), ["/comment"]);
    let approved = app
        .post(&format!("{item}/approve"))
        .bearer(&coordinator)
        .if_match(&submitted["version"])
        .body("text/plain", "")
        .send()
        .await
        .ok(200);
    assert_eq!(approved["review_status"], "approved");
    // A body that is there is still JSON, of the documented shape.
    for (content_type, body) in [("application/json", "{"), ("text/plain", "ok")] {
        let bad = app
            .post(&format!("{item}/submit"))
            .bearer(&coordinator)
            .if_match(&approved["version"])
            .body(content_type, body)
            .send()
            .await;
        assert!(
            [400, 415].contains(&bad.status.as_u16()),
            "{content_type}: {}",
            bad.text()
        );
    }
    // Submitting an approved record: 409, pointing at `?review=requested`.
    let conflict = app
        .post(&format!("{item}/submit"))
        .bearer(&coordinator)
        .if_match(&approved["version"])
        .body("application/json", "")
        .send()
        .await;
    let problem = conflict.problem(409);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("?review=requested"),
        "{problem}"
    );
}

/// The review queue names each record (code, title) and who submitted it, for which
/// organisation and when; for an approved or returned record, who submitted the version
/// reviewed; a write approved on save was submitted by nobody.
#[actix_web::test]
async fn the_review_queue_says_what_each_record_is_and_who_submitted_it() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mdryt = token(Role::Partner, org(&cast.mdryt));
    let coordinator = token(Role::Coordinator, None);
    let draft = app
        .post(PROJECTS)
        .bearer(&mdryt)
        .json(&bilateral(&cast, "QUEUE-1"))
        .send()
        .await
        .ok(201);
    let item = item_of(PROJECTS, &draft);
    let submitted = app
        .post(&format!("{item}/submit"))
        .bearer(&mdryt)
        .if_match(&draft["version"])
        .send()
        .await
        .ok(200);
    let name = app
        .get(&format!(
            "/api/v1/organisations/{}",
            cast.mdryt.as_str().unwrap()
        ))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200)["name"]
        .clone();
    let queue = app.get(REVIEWS).bearer(&coordinator).send().await.ok(200);
    let entry = &queue["items"][0];
    assert_eq!(entry["kind"], "project");
    assert_eq!(entry["code"], "QUEUE-1");
    assert_eq!(
        entry["title"],
        json!({"es": "Fortalecimiento de la cadena láctea"})
    );
    assert_eq!(entry["submitted_by"], "partner-user");
    assert_eq!(entry["submitted_at"], submitted["updated_at"]);
    assert_eq!(
        entry["organisation"],
        json!({"id": cast.mdryt, "name": name})
    );
    // Approved: who submitted the version approved.
    app.post(&format!("{item}/approve"))
        .bearer(&coordinator)
        .if_match(&submitted["version"])
        .send()
        .await
        .ok(200);
    let approved = app
        .get(&format!("{REVIEWS}?status=approved"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    let entry = &approved["items"][0];
    assert_eq!(entry["code"], "QUEUE-1");
    assert_eq!(entry["submitted_by"], "partner-user");
    assert_eq!(entry["organisation"]["id"], cast.mdryt);
    // A coordinator's record approved on save, and a partnership (no code).
    app.post(PROJECTS)
        .bearer(&coordinator)
        .json(&bilateral(&cast, "QUEUE-2"))
        .send()
        .await
        .ok(201);
    let approved = app
        .get(&format!("{REVIEWS}?status=approved&kind=project"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    let entry = &approved["items"][0];
    assert_eq!(entry["code"], "QUEUE-2");
    assert_eq!(entry["submitted_by"], Value::Null);
    assert_eq!(entry["submitted_at"], Value::Null);
    assert_eq!(entry["organisation"], Value::Null);
    let partnership = app
        .post("/api/v1/partnerships?review=requested")
        .bearer(&coordinator)
        .json(&crate::fixtures::bilateral_partnership(&cast))
        .send()
        .await
        .ok(201);
    let queue = app
        .get(&format!("{REVIEWS}?kind=partnership"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    let entry = &queue["items"][0];
    assert_eq!(entry["id"], partnership["id"]);
    assert_eq!(entry["code"], Value::Null);
    assert_eq!(entry["title"], partnership["title"]);
    assert_eq!(entry["submitted_by"], "coordinator-user");
    assert_eq!(entry["organisation"], Value::Null);
}
