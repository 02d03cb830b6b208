//! Projects end to end: the whole record, versioning, merge patch, delete, history.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{PROJECTS, bilateral, cast, triangular};
use crate::support::{admin, spawn, token};

#[actix_web::test]
async fn the_whole_record_round_trips() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let body = bilateral(&cast, "FOAR-2025-0012");
    let response = app
        .post(PROJECTS)
        .bearer(&token(Role::Coordinator, None))
        .json(&body)
        .send()
        .await;
    let created = response.ok(201);
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        response.header("location"),
        Some(format!("{PROJECTS}/{id}").as_str())
    );
    assert_eq!(response.header("etag"), Some("\"1\""));
    // Every field sent comes back as sent (this body is already in canonical form).
    for (key, value) in body.as_object().unwrap() {
        assert_eq!(&created[key], value, "{key}");
    }
    assert_eq!(created["version"], 1);
    assert_eq!(created["created_by"], "coordinator-user");
    assert_eq!(created["updated_by"], "coordinator-user");

    let read = app
        .get(&format!("{PROJECTS}/{id}"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await;
    assert_eq!(read.ok(200), created);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.header("content-type"), Some("application/json"));

    let triangular = app
        .create_project(&triangular(&cast, "FOAR-2024-TRI-01"))
        .await;
    assert_eq!(
        triangular["budget"],
        json!({"amount": "30000000", "currency": "JPY"})
    );
    assert_eq!(
        triangular["contributions"][1],
        json!({"organisation_id": cast.inta, "amount": null, "currency": null, "expert_days": 300})
    );
}

#[actix_web::test]
async fn decimals_are_normalised_and_text_trimmed() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = bilateral(&cast, "  FOAR-2025-0013 ");
    body["title"] = json!({"es": "  Cadena láctea  ", "pt": "\tCadeia láctea\n"});
    body["description"] = json!({"es": " Leche "});
    body["sectors"] =
        json!([{"code": "31166", "percentage": "60.00"}, {"code": "32165", "percentage": "040"}]);
    body["budget"] = json!({"amount": "125000", "currency": "USD"});
    body["contributions"] =
        json!([{"organisation_id": cast.inti, "amount": "0.5", "currency": "USD"}]);
    let created = app.create_project(&body).await;
    assert_eq!(created["code"], "FOAR-2025-0013");
    assert_eq!(
        created["title"],
        json!({"es": "Cadena láctea", "pt": "Cadeia láctea"})
    );
    assert_eq!(created["description"], json!({"es": "Leche"}));
    assert_eq!(created["sectors"][0]["percentage"], "60");
    assert_eq!(created["sectors"][1]["percentage"], "40");
    assert_eq!(created["budget"]["amount"], "125000.00");
    assert_eq!(created["contributions"][0]["amount"], "0.50");
}

#[actix_web::test]
async fn code_and_iati_identifier_are_unique() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut first = bilateral(&cast, "FOAR-2025-0012");
    first["iati_identifier"] = json!("AR-CUIT-30546671166-FOAR-2025-0012");
    app.create_project(&first).await;

    let duplicate_code = bilateral(&cast, "FOAR-2025-0012");
    let response = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&duplicate_code)
        .send()
        .await;
    assert!(
        response.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("FOAR-2025-0012")
    );

    let mut duplicate_iati = bilateral(&cast, "FOAR-2025-0099");
    duplicate_iati["iati_identifier"] = first["iati_identifier"].clone();
    app.post(PROJECTS)
        .bearer(&admin())
        .json(&duplicate_iati)
        .send()
        .await
        .problem(409);

    let list = app.get(PROJECTS).bearer(&admin()).send().await.ok(200);
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        1,
        "refused creates wrote nothing"
    );
}

#[actix_web::test]
async fn put_and_patch_need_the_current_version() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app
        .create_project(&bilateral(&cast, "FOAR-2025-0012"))
        .await;
    let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());

    let mut replacement = bilateral(&cast, "FOAR-2025-0012");
    replacement["status"] = json!(3);
    replacement["actual_end"] = json!("2025-12-31");
    app.put(&path)
        .bearer(&admin())
        .json(&replacement)
        .send()
        .await
        .problem(428);
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "\"2\"")
        .json(&replacement)
        .send()
        .await
        .problem(412);
    let response = app
        .put(&path)
        .bearer(&admin())
        .if_match(&project["version"])
        .json(&replacement)
        .send()
        .await;
    let replaced = response.ok(200);
    assert_eq!(response.header("etag"), Some("\"2\""));
    assert_eq!(replaced["status"], 3);
    assert_eq!(replaced["actual_end"], "2025-12-31");
    assert_eq!(replaced["created_at"], project["created_at"]);

    // A stale ETag after someone else's change is refused, and the record is untouched.
    let stale = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&project["version"])
        .json(&json!({"title": {"es": "Otro título"}}))
        .send()
        .await;
    stale.problem(412);
    assert_eq!(stale.header("etag"), Some("\"2\""));
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read, replaced);

    let patched = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&replaced["version"])
        .body(
            "application/merge-patch+json",
            r#"{"objectives": null, "sdg_targets": [], "sdg_goals": [8]}"#,
        )
        .send()
        .await
        .ok(200);
    assert_eq!(patched["version"], 3);
    assert_eq!(patched["objectives"], Value::Null);
    assert_eq!(patched["sdg_goals"], json!([8]));
    assert_eq!(
        patched["sectors"], replaced["sectors"],
        "members absent from the patch stay"
    );

    // Replacing with identical content is not a new version.
    let again = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&patched["version"])
        .json(&json!({"status": 3}))
        .send()
        .await
        .ok(200);
    assert_eq!(again, patched);
}

#[actix_web::test]
async fn patch_results_are_validated_and_refusals_change_nothing() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app
        .create_project(&bilateral(&cast, "FOAR-2025-0012"))
        .await;
    let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let cases = [
        (
            json!({"sectors": [{"code": "31166", "percentage": "50"}]}),
            vec!["/sectors"],
        ),
        (json!({"planned_end": "2020-01-01"}), vec!["/planned_end"]),
        (
            json!({"modality": "triangular"}),
            vec!["/participants", "/participants"],
        ),
    ];
    for (patch, pointers) in cases {
        let response = app
            .patch(&path)
            .bearer(&admin())
            .if_match(&project["version"])
            .json(&patch)
            .send()
            .await;
        response.problem(422);
        assert_eq!(response.pointers(), pointers, "{patch}");
    }
    for patch in [
        json!({"status": "two"}),
        json!({"id": Uuid::now_v7()}),
        json!({"version": 9}),
        json!({"created_by": "me"}),
    ] {
        let response = app
            .patch(&path)
            .bearer(&admin())
            .if_match(&project["version"])
            .json(&patch)
            .send()
            .await;
        response.problem(400);
    }
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read, project);
}

#[actix_web::test]
async fn delete_removes_the_project_and_keeps_its_history() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app
        .create_project(&bilateral(&cast, "FOAR-2025-0012"))
        .await;
    let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    app.delete(&path).bearer(&admin()).send().await.problem(428);
    app.delete(&path)
        .bearer(&admin())
        .header("if-match", "\"5\"")
        .send()
        .await
        .problem(412);
    app.delete(&path)
        .bearer(&token(Role::Coordinator, None))
        .if_match(&project["version"])
        .send()
        .await
        .ok(204);
    app.get(&path).bearer(&admin()).send().await.problem(404);
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let actions: Vec<_> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].clone())
        .collect();
    assert_eq!(actions, [json!("create"), json!("delete")]);
    // The organisation it referenced can now be deleted; before, it could not.
    let org_path = format!("/api/v1/organisations/{}", cast.mdryt.as_str().unwrap());
    app.delete(&org_path)
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .send()
        .await
        .ok(204);
}

#[actix_web::test]
async fn referenced_organisations_cannot_be_deleted() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create_project(&bilateral(&cast, "FOAR-2025-0012"))
        .await;
    let response = app
        .delete(&format!(
            "/api/v1/organisations/{}",
            cast.inti.as_str().unwrap()
        ))
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .send()
        .await;
    assert!(
        response.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("1 project as a participant")
    );
}

#[actix_web::test]
async fn history_of_an_edited_project() {
    // Every edit counts at once here; edits awaiting review are in tests/api/review.rs.
    let app = crate::support::spawn_without_review().await;
    let cast = cast(&app).await;
    let project = app
        .create_project(&bilateral(&cast, "FOAR-2025-0012"))
        .await;
    let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let coordinator = token(Role::Coordinator, None);
    let v2 = app
        .patch(&path)
        .bearer(&coordinator)
        .if_match(&project["version"])
        .json(&json!({"status": 3, "actual_end": "2025-12-31"}))
        .send()
        .await
        .ok(200);
    let partner = token(
        Role::Partner,
        Some(Uuid::parse_str(cast.mdryt.as_str().unwrap()).unwrap()),
    );
    let v3 = app
        .patch(&path)
        .bearer(&partner)
        .if_match(&v2["version"])
        .json(&json!({"sectors": [{"code": "31166", "percentage": "100"}]}))
        .send()
        .await
        .ok(200);
    assert_eq!(v3["updated_by"], "partner-user");

    let history = app
        .get(&format!("{path}/history"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let summary: Vec<(String, i64, String, Value)> = items
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().into(),
                c["version"].as_i64().unwrap(),
                c["actor"].as_str().unwrap().into(),
                c["changed_fields"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary[1],
        (
            "update".into(),
            2,
            "coordinator-user".into(),
            json!(["actual_end", "status"])
        )
    );
    assert_eq!(
        summary[2],
        (
            "update".into(),
            3,
            "partner-user".into(),
            json!(["sectors"])
        )
    );
    assert_eq!(items[2]["organisation_id"], cast.mdryt);
    assert_eq!(items[2]["resource"], "project");
    assert_eq!(items[2]["at"], v3["updated_at"]);
}

/// JSON (and JSON Schema's `integer`) does not tell 2 from 2.0: whole numbers written
/// with a fraction or an exponent are integers; real fractions are refused.
#[actix_web::test]
async fn whole_numbers_written_as_floats_are_integers() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = bilateral(&cast, "FLOAT-1");
    body["status"] = json!(2.0);
    body["sdg_goals"] = json!([2.0, 8e0]);
    body["contributions"][0]["expert_days"] = json!(1.2e2);
    let created = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&body)
        .send()
        .await
        .ok(201);
    assert_eq!(created["status"], 2);
    assert_eq!(created["sdg_goals"], json!([2, 8]));
    assert_eq!(created["contributions"][0]["expert_days"], 120);

    let path = format!("{PROJECTS}/{}", created["id"].as_str().unwrap());
    let patched = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&created["version"])
        .body("application/merge-patch+json", r#"{"status": 3.0}"#)
        .send()
        .await
        .ok(200);
    assert_eq!(patched["status"], 3);

    let mut body = bilateral(&cast, "FLOAT-2");
    body["status"] = json!(2.5);
    let reply = app.post(PROJECTS).bearer(&admin()).json(&body).send().await;
    reply.problem(400);
    assert_eq!(reply.pointers(), ["/status"]);
}

/// A request that would fail without If-Match fails the same way with a stale one: the
/// input is checked before the precondition (RFC 9110 §13.2.1).
#[actix_web::test]
async fn input_errors_come_before_a_stale_if_match() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let created = app.create_project(&bilateral(&cast, "ORDER-1")).await;
    let path = format!("{PROJECTS}/{}", created["id"].as_str().unwrap());
    let stale = json!(created["version"].as_i64().unwrap() + 5);
    let mut invalid = bilateral(&cast, "ORDER-1");
    invalid["title"] = json!({"es": ""});
    app.put(&path)
        .bearer(&admin())
        .if_match(&stale)
        .json(&invalid)
        .send()
        .await
        .problem(422);
    app.patch(&path)
        .bearer(&admin())
        .if_match(&stale)
        .body("application/merge-patch+json", r#"{"status": false}"#)
        .send()
        .await
        .problem(400);
    // A valid change from a stale version is still refused.
    app.patch(&path)
        .bearer(&admin())
        .if_match(&stale)
        .body("application/merge-patch+json", r#"{"status": 3}"#)
        .send()
        .await
        .problem(412);
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read, created);
}
