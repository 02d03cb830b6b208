//! Organisations end to end: create, read, list, replace, patch, delete, history.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::support::{admin, spawn, token};

const ORGS: &str = "/api/v1/organisations";

fn inti() -> Value {
    json!({
        "name": "Instituto Nacional de Tecnología Industrial",
        "acronym": "INTI",
        "organisation_type": "10",
        "country_code": "AR",
        "iati_identifier": "AR-CUIT-30546671166",
        "parent_id": null
    })
}

#[actix_web::test]
async fn create_then_read_returns_the_record_with_etag_and_location() {
    let app = spawn().await;
    let response = app.post(ORGS).bearer(&admin()).json(&inti()).send().await;
    let created = response.ok(201);
    let id = created["id"].as_str().unwrap();
    assert_eq!(Uuid::parse_str(id).unwrap().get_version_num(), 7);
    assert_eq!(response.header("etag"), Some("\"1\""));
    assert_eq!(
        response.header("location"),
        Some(format!("{ORGS}/{id}").as_str())
    );
    assert_eq!(created["version"], 1);
    assert_eq!(
        created["name"],
        "Instituto Nacional de Tecnología Industrial"
    );
    assert_eq!(created["iati_identifier"], "AR-CUIT-30546671166");
    assert_eq!(created["parent_id"], Value::Null);
    assert_eq!(created["created_at"], created["updated_at"]);
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));

    for role in [Role::Admin, Role::Coordinator, Role::Viewer] {
        let read = app
            .get(&format!("{ORGS}/{id}"))
            .bearer(&token(role, None))
            .send()
            .await;
        assert_eq!(read.ok(200), created, "{role:?} reads the organisation");
        assert_eq!(read.header("etag"), Some("\"1\""));
    }
    let partner = token(Role::Partner, Some(Uuid::now_v7()));
    app.get(&format!("{ORGS}/{id}"))
        .bearer(&partner)
        .send()
        .await
        .ok(200);
}

#[actix_web::test]
async fn input_is_trimmed_and_unknown_ids_are_404() {
    let app = spawn().await;
    let created = app
        .create_organisation(json!({"name": "  Ministerio de Salud  ", "acronym": " MSAL ", "organisation_type": "10", "country_code": "AR"}))
        .await;
    assert_eq!(created["name"], "Ministerio de Salud");
    assert_eq!(created["acronym"], "MSAL");
    let missing = app
        .get(&format!("{ORGS}/{}", Uuid::now_v7()))
        .bearer(&admin())
        .send()
        .await;
    assert!(
        missing.problem(404)["detail"]
            .as_str()
            .unwrap()
            .contains("no organisation")
    );
}

#[actix_web::test]
async fn only_admins_write_organisations() {
    let app = spawn().await;
    let org = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let path = format!("{ORGS}/{}", org["id"].as_str().unwrap());
    for role in [Role::Coordinator, Role::Partner, Role::Viewer] {
        let bearer = token(role, Some(Uuid::now_v7()));
        app.post(ORGS)
            .bearer(&bearer)
            .json(&inti())
            .send()
            .await
            .problem(403);
        app.put(&path)
            .bearer(&bearer)
            .if_match(&org["version"])
            .json(&inti())
            .send()
            .await
            .problem(403);
        app.patch(&path)
            .bearer(&bearer)
            .if_match(&org["version"])
            .json(&json!({"acronym": "X"}))
            .send()
            .await
            .problem(403);
        app.delete(&path)
            .bearer(&bearer)
            .if_match(&org["version"])
            .send()
            .await
            .problem(403);
    }
    let after = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(after, org, "refused writes change nothing");
    let list = app.get(ORGS).bearer(&admin()).send().await.ok(200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn validation_lists_every_violated_rule_with_a_pointer() {
    let app = spawn().await;
    let response = app
        .post(ORGS)
        .bearer(&admin())
        .json(&json!({
            "name": "   ",
            "acronym": "",
            "organisation_type": "99",
            "country_code": "ZZ",
            "iati_identifier": "no spaces allowed",
        }))
        .send()
        .await;
    let problem = response.problem(422);
    assert_eq!(problem["type"], "urn:ssc-api:problem:validation-failed");
    assert_eq!(
        response.pointers(),
        [
            "/acronym",
            "/country_code",
            "/iati_identifier",
            "/name",
            "/organisation_type"
        ]
    );
    for error in problem["errors"].as_array().unwrap() {
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let list = app.get(ORGS).bearer(&admin()).send().await.ok(200);
    assert!(
        list["items"].as_array().unwrap().is_empty(),
        "nothing was written"
    );
}

#[actix_web::test]
async fn country_rules_follow_the_organisation_type() {
    let app = spawn().await;
    let cases = [
        // A multilateral has no country.
        (
            json!({"name": "UNDP", "organisation_type": "40", "country_code": "US"}),
            "/country_code",
        ),
        // A government body has one.
        (
            json!({"name": "Ministerio", "organisation_type": "10"}),
            "/country_code",
        ),
        // A withdrawn code is refused for new data.
        (
            json!({"name": "Antillas", "organisation_type": "22", "country_code": "AN"}),
            "/country_code",
        ),
    ];
    for (body, pointer) in cases {
        let response = app.post(ORGS).bearer(&admin()).json(&body).send().await;
        response.problem(422);
        assert_eq!(response.pointers(), [pointer], "{body}");
    }
    // A national NGO may omit its country; a multilateral without one is fine.
    app.create_organisation(json!({"name": "FAO", "organisation_type": "40"}))
        .await;
    app.create_organisation(json!({"name": "ONG", "organisation_type": "22"}))
        .await;
}

#[actix_web::test]
async fn malformed_bodies_are_400_with_a_pointer() {
    let app = spawn().await;
    let cases = [
        (
            json!({"name": "X", "organisation_type": "10", "country_code": "AR", "owner": "me"}),
            "/owner",
        ),
        (json!({"name": 42, "organisation_type": "10"}), "/name"),
        (
            json!({"name": "X", "organisation_type": "10", "parent_id": "not-a-uuid"}),
            "/parent_id",
        ),
        (
            json!({"name": "X", "organisation_type": "10", "version": 7}),
            "/version",
        ),
    ];
    for (body, pointer) in cases {
        let response = app.post(ORGS).bearer(&admin()).json(&body).send().await;
        response.problem(400);
        assert_eq!(response.pointers(), [pointer], "{body}");
    }
}

#[actix_web::test]
async fn iati_identifier_is_unique() {
    let app = spawn().await;
    let first = app.create_organisation(inti()).await;
    let mut duplicate = inti();
    duplicate["name"] = json!("Otro instituto");
    let response = app
        .post(ORGS)
        .bearer(&admin())
        .json(&duplicate)
        .send()
        .await;
    assert!(
        response.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("AR-CUIT-30546671166")
    );

    // Taking the identifier by an update is refused too.
    let other = app.organisation("Otro instituto").await;
    let path = format!("{ORGS}/{}", other["id"].as_str().unwrap());
    app.patch(&path)
        .bearer(&admin())
        .if_match(&other["version"])
        .json(&json!({"iati_identifier": "AR-CUIT-30546671166"}))
        .send()
        .await
        .problem(409);
    // Keeping one's own identifier is not a conflict.
    let own = format!("{ORGS}/{}", first["id"].as_str().unwrap());
    app.patch(&own)
        .bearer(&admin())
        .if_match(&first["version"])
        .json(&json!({"acronym": "INTI-AR"}))
        .send()
        .await
        .ok(200);
}

#[actix_web::test]
async fn parent_must_exist_and_cannot_form_a_cycle() {
    let app = spawn().await;
    let missing = Uuid::now_v7();
    let response = app
        .post(ORGS)
        .bearer(&admin())
        .json(&json!({"name": "Agencia", "organisation_type": "10", "country_code": "AR", "parent_id": missing}))
        .send()
        .await;
    response.problem(422);
    assert_eq!(response.pointers(), ["/parent_id"]);

    let ministry = app.organisation("Ministerio").await;
    let agency = app
        .create_organisation(json!({"name": "Agencia", "organisation_type": "10", "country_code": "AR", "parent_id": ministry["id"]}))
        .await;
    assert_eq!(agency["parent_id"], ministry["id"]);
    // The ministry cannot become a child of its own agency, nor its own parent.
    let ministry_path = format!("{ORGS}/{}", ministry["id"].as_str().unwrap());
    for parent in [&agency["id"], &ministry["id"]] {
        let response = app
            .patch(&ministry_path)
            .bearer(&admin())
            .if_match(&ministry["version"])
            .json(&json!({"parent_id": parent}))
            .send()
            .await;
        response.problem(422);
        assert_eq!(response.pointers(), ["/parent_id"]);
    }
}

#[actix_web::test]
async fn put_replaces_with_if_match() {
    let app = spawn().await;
    let org = app.create_organisation(inti()).await;
    let path = format!("{ORGS}/{}", org["id"].as_str().unwrap());
    let replacement = json!({"name": "INTI", "organisation_type": "15", "country_code": "AR"});

    let missing = app
        .put(&path)
        .bearer(&admin())
        .json(&replacement)
        .send()
        .await;
    assert_eq!(
        missing.problem(428)["type"],
        "urn:ssc-api:problem:precondition-required"
    );
    let stale = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"7\"")
        .json(&replacement)
        .send()
        .await;
    stale.problem(412);
    assert_eq!(
        stale.header("etag"),
        Some("\"1\""),
        "412 tells the current version"
    );
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "*")
        .json(&replacement)
        .send()
        .await
        .problem(428);
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "1")
        .json(&replacement)
        .send()
        .await
        .problem(400);
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "W/\"1\"")
        .json(&replacement)
        .send()
        .await
        .problem(412);

    let response = app
        .put(&path)
        .bearer(&admin())
        .if_match(&org["version"])
        .json(&replacement)
        .send()
        .await;
    let replaced = response.ok(200);
    assert_eq!(response.header("etag"), Some("\"2\""));
    assert_eq!(replaced["version"], 2);
    assert_eq!(replaced["organisation_type"], "15");
    assert_eq!(
        replaced["acronym"],
        Value::Null,
        "PUT replaces: omitted members are cleared"
    );
    assert_eq!(replaced["iati_identifier"], Value::Null);
    assert_eq!(replaced["created_at"], org["created_at"]);
    assert_ne!(replaced["updated_at"], org["updated_at"]);

    // Replacing with the same content changes nothing, not even the version.
    let same = app
        .put(&path)
        .bearer(&admin())
        .if_match(&replaced["version"])
        .json(&replacement)
        .send()
        .await;
    assert_eq!(same.ok(200), replaced);

    let unknown = format!("{ORGS}/{}", Uuid::now_v7());
    app.put(&unknown)
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&replacement)
        .send()
        .await
        .problem(404);
}

#[actix_web::test]
async fn patch_applies_a_json_merge_patch() {
    let app = spawn().await;
    let org = app.create_organisation(inti()).await;
    let path = format!("{ORGS}/{}", org["id"].as_str().unwrap());

    let response = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&org["version"])
        .body(
            "application/merge-patch+json",
            r#"{"acronym": null, "name": "INTI Argentina"}"#,
        )
        .send()
        .await;
    let patched = response.ok(200);
    assert_eq!(patched["acronym"], Value::Null);
    assert_eq!(patched["name"], "INTI Argentina");
    assert_eq!(
        patched["iati_identifier"], org["iati_identifier"],
        "untouched members stay"
    );
    assert_eq!(patched["version"], 2);

    // A patch whose result breaks a rule is 422 and leaves the record alone.
    let invalid = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&patched["version"])
        .json(&json!({"country_code": "XX", "organisation_type": "40"}))
        .send()
        .await;
    invalid.problem(422);
    // Two rules broken at one place: an unknown code, and a country on a multilateral.
    assert_eq!(invalid.pointers(), ["/country_code", "/country_code"]);
    let wrong_type = app
        .patch(&path)
        .bearer(&admin())
        .if_match(&patched["version"])
        .json(&json!({"name": ["a"]}))
        .send()
        .await;
    wrong_type.problem(400);
    assert_eq!(wrong_type.pointers(), ["/name"]);
    app.patch(&path)
        .bearer(&admin())
        .if_match(&patched["version"])
        .json(&json!(["not", "an", "object"]))
        .send()
        .await
        .problem(400);
    app.patch(&path)
        .bearer(&admin())
        .if_match(&patched["version"])
        .body("text/plain", "acronym=X")
        .send()
        .await
        .problem(415);
    app.patch(&path)
        .bearer(&admin())
        .if_match(&patched["version"])
        .json(&json!({"id": Uuid::now_v7()}))
        .send()
        .await
        .problem(400);
    let unchanged = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(unchanged, patched);
}

#[actix_web::test]
async fn get_answers_304_to_a_current_if_none_match() {
    let app = spawn().await;
    let org = app.organisation("Ministerio").await;
    let path = format!("{ORGS}/{}", org["id"].as_str().unwrap());
    let cached = app
        .get(&path)
        .bearer(&admin())
        .header("if-none-match", "\"1\"")
        .send()
        .await;
    assert_eq!(cached.status.as_u16(), 304);
    assert!(cached.body.is_empty());
    assert_eq!(cached.header("etag"), Some("\"1\""));
    let fresh = app
        .get(&path)
        .bearer(&admin())
        .header("if-none-match", "\"0\"")
        .send()
        .await;
    fresh.ok(200);
}

#[actix_web::test]
async fn delete_needs_if_match_and_no_references() {
    let app = spawn().await;
    let ministry = app.organisation("Ministerio").await;
    let agency = app
        .create_organisation(json!({"name": "Agencia", "organisation_type": "10", "country_code": "AR", "parent_id": ministry["id"]}))
        .await;
    let ministry_path = format!("{ORGS}/{}", ministry["id"].as_str().unwrap());
    let agency_path = format!("{ORGS}/{}", agency["id"].as_str().unwrap());

    app.delete(&agency_path)
        .bearer(&admin())
        .send()
        .await
        .problem(428);
    app.delete(&agency_path)
        .bearer(&admin())
        .header("if-match", "\"9\"")
        .send()
        .await
        .problem(412);
    let referenced = app
        .delete(&ministry_path)
        .bearer(&admin())
        .if_match(&ministry["version"])
        .send()
        .await;
    assert!(
        referenced.problem(409)["detail"]
            .as_str()
            .unwrap()
            .contains("1 organisation as their parent")
    );
    app.get(&ministry_path)
        .bearer(&admin())
        .send()
        .await
        .ok(200);

    let deleted = app
        .delete(&agency_path)
        .bearer(&admin())
        .if_match(&agency["version"])
        .send()
        .await;
    assert_eq!(deleted.status.as_u16(), 204);
    assert!(deleted.body.is_empty());
    app.get(&agency_path)
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.delete(&agency_path)
        .bearer(&admin())
        .if_match(&agency["version"])
        .send()
        .await
        .problem(404);
    // Now unreferenced, the ministry can go.
    app.delete(&ministry_path)
        .bearer(&admin())
        .if_match(&ministry["version"])
        .send()
        .await
        .ok(204);
}

#[actix_web::test]
async fn history_records_every_write() {
    let app = spawn().await;
    let org = app.create_organisation(inti()).await;
    let id = org["id"].as_str().unwrap();
    let path = format!("{ORGS}/{id}");
    let patched = app
        .patch(&path)
        .bearer(&token(Role::Admin, None))
        .if_match(&org["version"])
        .json(&json!({"acronym": "INTI-AR"}))
        .send()
        .await
        .ok(200);
    let admin_org = Uuid::now_v7();
    app.delete(&path)
        .bearer(&token(Role::Admin, Some(admin_org)))
        .if_match(&patched["version"])
        .send()
        .await
        .ok(204);

    let history = app
        .get(&format!("{path}/history"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(history["next_cursor"], Value::Null);
    let actions: Vec<_> = items
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "delete"]);
    let versions: Vec<_> = items
        .iter()
        .map(|c| c["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [1, 2, 2]);
    for change in items {
        assert_eq!(change["resource"], "organisation");
        assert_eq!(change["id"], id);
        assert_eq!(change["actor"], "admin-user");
    }
    assert_eq!(
        items[0]["changed_fields"],
        json!([
            "acronym",
            "country_code",
            "iati_identifier",
            "name",
            "organisation_type"
        ])
    );
    assert_eq!(items[0]["organisation_id"], Value::Null);
    assert_eq!(items[1]["changed_fields"], json!(["acronym"]));
    assert_eq!(items[1]["at"], patched["updated_at"]);
    assert_eq!(items[2]["organisation_id"], admin_org.to_string());
    assert!(items[0]["seq"].as_i64() < items[1]["seq"].as_i64());

    // Paged one at a time, the same three in the same order.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}/history?limit=1&cursor={c}"),
            None => format!("{path}/history?limit=1"),
        };
        let page = app.get(&url).bearer(&admin()).send().await.ok(200);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["seq"].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(
        seen,
        items.iter().map(|c| c["seq"].clone()).collect::<Vec<_>>()
    );

    app.get(&format!("{ORGS}/{}/history", Uuid::now_v7()))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
}
