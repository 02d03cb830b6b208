//! Object-level authorization over every `{id}` route of every resource: a partner
//! cannot read what is not shared with it (404, as if it did not exist), cannot change
//! records of other organisations (403 when it may read them, 404 when not), cannot set
//! server-owned or ownership fields, and every refused request leaves the record as it
//! was.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use serde_json::{Value, json};
use ssc_api::auth::Role;
use ssc_api::domain::kinds::ResourceKind;

use crate::fixtures::{
    Cast, arrangement, bilateral, bilateral_partnership, capacity, cast, cooperation_request,
    exchange, triangular,
};
use crate::support::{Reply, TestApp, admin, spawn, token};

/// One cooperation resource, with bodies in which the partner's organisation (MAG)
/// takes part or not.
pub(crate) struct Resource {
    pub(crate) path: String,
    /// Sub-collections under `{id}` besides `history` (read from the contract).
    subroutes: Vec<String>,
    /// Parts under `{id}` with versions of their own, replaced by `PUT` (a project's
    /// results, activities, transactions: read from the contract).
    parts: Vec<String>,
    /// A body in which MAG (Paraguay's agriculture ministry) takes part.
    pub(crate) with_partner: fn(&Cast) -> Value,
    without_partner: fn(&Cast) -> Value,
    /// A change to a body that drops the partner's organisation.
    drop_partner: fn(&Cast, &mut Value),
}

/// The bodies of each cooperation kind (`None` for kinds that are not cooperation
/// records). Exhaustive: a new kind of record does not compile until it is here.
pub(crate) fn bodies(kind: ResourceKind) -> Option<Resource> {
    let resource = |with_partner, without_partner, drop_partner| Resource {
        path: ssc_api::routes::collection(kind),
        subroutes: Vec::new(),
        parts: Vec::new(),
        with_partner,
        without_partner,
        drop_partner,
    };
    match kind {
        ResourceKind::Organisation
        | ResourceKind::ProjectResults
        | ResourceKind::ProjectActivities
        | ResourceKind::ProjectTransactions => None,
        ResourceKind::Project => Some(resource(
            |cast| triangular(cast, "MAG-1"),
            |cast| bilateral(cast, "OTHER-1"),
            |cast, body| body["participants"][2]["organisation_id"] = cast.mdryt.clone(),
        )),
        ResourceKind::Partnership => Some(resource(
            |cast| {
                let mut body = bilateral_partnership(cast);
                body["parties"][1]["organisation_id"] = cast.mag.clone();
                body
            },
            bilateral_partnership,
            |cast, body| body["parties"][1]["organisation_id"] = cast.mdryt.clone(),
        )),
        ResourceKind::TriangularArrangement => Some(resource(
            arrangement,
            |cast| {
                let mut body = arrangement(cast);
                body["recipients"] = json!([cast.mdryt]);
                body["cost_sharing"] = json!([]);
                body
            },
            |cast, body| {
                body["recipients"] = json!([cast.mdryt]);
                body["cost_sharing"] = json!([]);
            },
        )),
        ResourceKind::Capacity => Some(resource(
            |cast| {
                let mut body = capacity(cast);
                body["offering_organisations"] = json!([cast.inta, cast.mag]);
                body
            },
            capacity,
            |cast, body| body["offering_organisations"] = json!([cast.inta, cast.mdryt]),
        )),
        ResourceKind::CooperationRequest => Some(resource(
            |cast| {
                let mut body = cooperation_request(cast);
                body["requesting_organisation"] = cast.mag.clone();
                body
            },
            cooperation_request,
            |cast, body| body["requesting_organisation"] = cast.mdryt.clone(),
        )),
        ResourceKind::PolicyExchange => Some(resource(
            exchange,
            |cast| {
                let mut body = exchange(cast);
                body["receiving_organisations"] = json!([cast.mdryt]);
                body
            },
            |cast, body| body["receiving_organisations"] = json!([cast.mdryt]),
        )),
    }
}

/// Every cooperation kind of the registry, with every `GET {id}/…` route the contract
/// declares for it: a new kind or a new sub-resource is in the matrix by itself.
fn resources() -> Vec<Resource> {
    let doc = ssc_api::app::openapi_document();
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    ResourceKind::ALL
        .iter()
        .filter_map(|kind| {
            let resource = bodies(*kind);
            assert_eq!(resource.is_some(), kind.is_cooperation(), "{kind}");
            let mut resource = resource?;
            let item = format!("{}/{{id}}/", resource.path);
            resource.subroutes = paths
                .iter()
                .filter_map(|p| p.strip_prefix(&item))
                .filter(|sub| {
                    *sub != "history" && doc["paths"][format!("{item}{sub}")]["get"].is_object()
                })
                .map(str::to_owned)
                .collect();
            resource.parts = paths
                .iter()
                .filter_map(|p| p.strip_prefix(&item))
                .filter(|sub| doc["paths"][format!("{item}{sub}")]["put"].is_object())
                .map(str::to_owned)
                .collect();
            Some(resource)
        })
        .collect()
}

/// Sub-resources only the directorate reads (a cooperation request's assessment).
fn directorate_only(path: &str) -> bool {
    path.ends_with("/assessment")
}

pub(crate) fn restricted(mut body: Value) -> Value {
    body["visibility"] = json!("restricted");
    body
}

/// Project codes are unique: give each body its own.
pub(crate) fn coded(mut body: Value, code: &str) -> Value {
    if body.get("code").is_some() {
        body["code"] = json!(code);
    }
    body
}

/// Every request a client can make on one record, as `(method, path, body)`.
fn every_call(
    resource: &Resource,
    record: &Value,
    put_body: &Value,
) -> Vec<(Method, String, Option<Value>)> {
    let item = format!("{}/{}", resource.path, record["id"].as_str().unwrap());
    let mut calls = vec![
        (Method::GET, item.clone(), None),
        (Method::GET, format!("{item}/history"), None),
        (Method::PUT, item.clone(), Some(put_body.clone())),
        (
            Method::PATCH,
            item.clone(),
            Some(json!({"title": {"es": "Cambiado por un socio"}})),
        ),
        (Method::DELETE, item.clone(), None),
    ];
    for sub in &resource.subroutes {
        calls.push((Method::GET, format!("{item}/{sub}"), None));
    }
    // A part replaced by one who may not write the record: refused before its version or
    // body is looked at.
    for part in &resource.parts {
        calls.push((
            Method::PUT,
            format!("{item}/{part}"),
            Some(json!({ part: [] })),
        ));
    }
    calls
}

async fn call<S, B>(
    app: &TestApp<S>,
    bearer: &str,
    (method, path, body): &(Method, String, Option<Value>),
    version: &Value,
) -> Reply
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut request = app
        .request(method.clone(), path)
        .bearer(bearer)
        .if_match(version);
    if let Some(body) = body {
        request = if *method == Method::PATCH {
            request.body("application/merge-patch+json", body.to_string())
        } else {
            request.json(body)
        };
    }
    request.send().await
}

async fn read_as_admin<S, B>(app: &TestApp<S>, resource: &Resource, record: &Value) -> Value
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    app.get(&format!(
        "{}/{}",
        resource.path,
        record["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .send()
    .await
    .ok(200)
}

#[actix_web::test]
async fn partners_and_viewers_cannot_reach_what_is_not_theirs() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let viewer = token(Role::Viewer, None);
    let resources = resources();
    // The project lists under partnerships and arrangements come from the contract.
    assert!(resources.iter().any(|r| r.subroutes == ["projects"]));
    // The parts of a project are in the matrix from the contract.
    assert!(resources.iter().any(|r| {
        ["results", "activities", "transactions"]
            .iter()
            .all(|part| r.parts.iter().any(|p| p == part))
    }));
    for resource in resources {
        let name = resource.path.clone();
        let hidden_body = coded(restricted((resource.without_partner)(&cast)), "HIDDEN");
        let foreign_body = coded((resource.without_partner)(&cast), "FOREIGN");
        let own_body = coded(restricted((resource.with_partner)(&cast)), "OWN");
        let hidden = app.create(&resource.path, &hidden_body).await;
        let foreign = app.create(&resource.path, &foreign_body).await;
        let own = app.create(&resource.path, &own_body).await;

        // Not shared with the partner: as if it did not exist, whatever the method.
        let calls = every_call(&resource, &hidden, &hidden_body);
        // (A viewer may write nothing at all, so its writes are 403 before any lookup:
        // that reveals nothing either.)
        let viewer_status = |method: &Method| if *method == Method::GET { 404 } else { 403 };
        for c in &calls {
            call(&app, &partner, c, &hidden["version"])
                .await
                .problem(404);
            call(&app, &viewer, c, &hidden["version"])
                .await
                .problem(viewer_status(&c.0));
        }
        // Shared (public) but not the partner's: readable, not writable.
        for c in every_call(&resource, &foreign, &foreign_body) {
            let reply = call(&app, &partner, &c, &foreign["version"]).await;
            if directorate_only(&c.1) {
                // What only the directorate reads: refused to those who may read the
                // record (which exists for them).
                reply.problem(403);
                call(&app, &viewer, &c, &foreign["version"])
                    .await
                    .problem(403);
                continue;
            }
            if c.0 == Method::GET {
                // (Not all JSON: a project's IATI activity is XML.)
                assert_eq!(
                    reply.status.as_u16(),
                    200,
                    "{} {}: {}",
                    c.0,
                    c.1,
                    reply.text()
                );
            } else {
                reply.problem(403);
            }
            let reply = call(&app, &viewer, &c, &foreign["version"]).await;
            if c.0 == Method::GET {
                // (Not all JSON: a project's IATI activity is XML.)
                assert_eq!(
                    reply.status.as_u16(),
                    200,
                    "{} {}: {}",
                    c.0,
                    c.1,
                    reply.text()
                );
            } else {
                reply.problem(403);
            }
        }
        // Its own: the viewer still cannot write, nor see it (restricted).
        for c in every_call(&resource, &own, &own_body) {
            call(&app, &viewer, &c, &own["version"])
                .await
                .problem(viewer_status(&c.0));
        }
        // The partner may read and change its own, but not delete it (that is for
        // admins and coordinators) nor drop its organisation from it.
        let own_path = format!("{}/{}", resource.path, own["id"].as_str().unwrap());
        app.delete(&own_path)
            .bearer(&partner)
            .if_match(&own["version"])
            .send()
            .await
            .problem(403);
        let mut without_self = own_body.clone();
        (resource.drop_partner)(&cast, &mut without_self);
        let problem = app
            .put(&own_path)
            .bearer(&partner)
            .if_match(&own["version"])
            .json(&without_self)
            .send()
            .await
            .problem(403);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("remove its own"),
            "{name}: {problem}"
        );

        // Nothing a refused request did is visible.
        assert_eq!(
            read_as_admin(&app, &resource, &hidden).await,
            hidden,
            "{name}"
        );
        assert_eq!(
            read_as_admin(&app, &resource, &foreign).await,
            foreign,
            "{name}"
        );
        assert_eq!(read_as_admin(&app, &resource, &own).await, own, "{name}");

        // What it may do, it can.
        let changed = app
            .patch(&own_path)
            .bearer(&partner)
            .if_match(&own["version"])
            .body(
                "application/merge-patch+json",
                json!({"title": {"es": "Actualizado por el MAG"}}).to_string(),
            )
            .send()
            .await
            .ok(200);
        assert_eq!(
            changed["version"],
            own["version"].as_i64().unwrap() + 1,
            "{name}"
        );
    }
}

#[actix_web::test]
async fn server_owned_fields_cannot_be_set_by_anyone() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let server_owned = [
        ("id", json!("0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d")),
        ("version", json!(99)),
        ("created_at", json!("2020-01-01T00:00:00Z")),
        ("updated_at", json!("2020-01-01T00:00:00Z")),
        ("created_by", json!("someone-else")),
    ];
    for resource in resources() {
        let name = resource.path.clone();
        let own = app
            .create(&resource.path, &restricted((resource.with_partner)(&cast)))
            .await;
        let path = format!("{}/{}", resource.path, own["id"].as_str().unwrap());
        for bearer in [admin(), partner.clone()] {
            for (field, value) in &server_owned {
                // On create...
                let mut body = (resource.with_partner)(&cast);
                body[*field] = value.clone();
                let reply = app
                    .post(&resource.path)
                    .bearer(&bearer)
                    .json(&body)
                    .send()
                    .await;
                let problem = reply.problem(400);
                assert!(
                    problem["detail"].as_str().unwrap().contains(field),
                    "{name} {field}: {problem}"
                );
                // ...on replace...
                let reply = app
                    .put(&path)
                    .bearer(&bearer)
                    .if_match(&own["version"])
                    .json(&body)
                    .send()
                    .await;
                reply.problem(400);
                // ...and on patch.
                let reply = app
                    .patch(&path)
                    .bearer(&bearer)
                    .if_match(&own["version"])
                    .body(
                        "application/merge-patch+json",
                        json!({ *field: value }).to_string(),
                    )
                    .send()
                    .await;
                reply.problem(400);
            }
        }
        assert_eq!(read_as_admin(&app, &resource, &own).await, own, "{name}");
    }
    // Nothing was created by the refused POSTs.
    for resource in resources() {
        let page = app
            .get(&format!("{}?limit=200", resource.path))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(
            page["items"].as_array().unwrap().len(),
            1,
            "{}",
            resource.path
        );
    }
}

#[actix_web::test]
async fn only_admins_write_organisations() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mag = &cast.mag;
    let path = format!("/api/v1/organisations/{}", mag.as_str().unwrap());
    let before = app.get(&path).bearer(&admin()).send().await.ok(200);
    let partner = token(Role::Partner, mag.as_str().unwrap().parse().ok());
    for bearer in [
        partner,
        token(Role::Coordinator, None),
        token(Role::Viewer, None),
    ] {
        app.get(&path).bearer(&bearer).send().await.ok(200);
        app.get(&format!("{path}/history"))
            .bearer(&bearer)
            .send()
            .await
            .ok(200);
        app.put(&path)
            .bearer(&bearer)
            .if_match(&before["version"])
            .json(&json!({"name": "Otro nombre", "organisation_type": "10", "country_code": "PY"}))
            .send()
            .await
            .problem(403);
        app.patch(&path)
            .bearer(&bearer)
            .if_match(&before["version"])
            .body("application/merge-patch+json", r#"{"acronym": "X"}"#)
            .send()
            .await
            .problem(403);
        app.delete(&path)
            .bearer(&bearer)
            .if_match(&before["version"])
            .send()
            .await
            .problem(403);
    }
    assert_eq!(app.get(&path).bearer(&admin()).send().await.ok(200), before);
}

/// How a body changes who takes part in a record of each kind: replacing an organisation
/// other than the partner's (MAG), and adding one. Exhaustive, like `bodies`; `None` for
/// kinds in which one organisation takes part (a cooperation request's requester), where
/// there is no other to replace nor room for one more.
pub(crate) type Change = fn(&Cast, &mut Value);

pub(crate) fn sharing_changes(kind: ResourceKind) -> Option<(Change, Change)> {
    match kind {
        ResourceKind::Organisation
        | ResourceKind::ProjectResults
        | ResourceKind::ProjectActivities
        | ResourceKind::ProjectTransactions
        | ResourceKind::CooperationRequest => None,
        ResourceKind::Project => Some((
            |cast, body| {
                body["participants"][0]["organisation_id"] = cast.inti.clone();
                body["contributions"][1]["organisation_id"] = cast.inti.clone();
            },
            |cast, body| {
                body["participants"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"organisation_id": cast.inti, "role": "implementing"}))
            },
        )),
        ResourceKind::Partnership => Some((
            |cast, body| body["parties"][0]["organisation_id"] = cast.inta.clone(),
            |cast, body| {
                body["parties"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"organisation_id": cast.inta, "role": "observer"}))
            },
        )),
        ResourceKind::TriangularArrangement => Some((
            |cast, body| {
                body["first_providers"] = json!([cast.inti]);
                body["cost_sharing"][2]["organisation_id"] = cast.inti.clone();
            },
            |cast, body| {
                body["second_providers"]
                    .as_array_mut()
                    .unwrap()
                    .push(cast.undp.clone())
            },
        )),
        ResourceKind::Capacity => Some((
            |cast, body| body["offering_organisations"][0] = cast.inti.clone(),
            |cast, body| {
                body["offering_organisations"]
                    .as_array_mut()
                    .unwrap()
                    .push(cast.inti.clone())
            },
        )),
        ResourceKind::PolicyExchange => Some((
            |cast, body| body["offering_organisations"] = json!([cast.inti]),
            |cast, body| {
                body["offering_organisations"]
                    .as_array_mut()
                    .unwrap()
                    .push(cast.inti.clone())
            },
        )),
    }
}

/// What other organisations rely on is not a partner's to take away: on a record it takes
/// part in, a partner may add organisations, but it may neither remove another one nor
/// change the record's visibility (coordinators may), for every kind of record.
#[actix_web::test]
async fn partners_add_organisations_but_neither_remove_others_nor_change_visibility() {
    // The rule for partners' writes that count at once; under review they are proposals
    // (tests/api/review.rs).
    let app = crate::support::spawn_without_review().await;
    let cast = cast(&app).await;
    let partner = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let coordinator = token(Role::Coordinator, None);
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let body = coded(restricted((resource.with_partner)(&cast)), "SHARED");
        let record = app.create(&resource.path, &body).await;
        let item = format!("{}/{}", resource.path, record["id"].as_str().unwrap());
        let put = |bearer: &str, version: &Value, body: Value| {
            app.put(&item)
                .bearer(bearer)
                .if_match(version)
                .json(&body)
                .send()
        };

        let published = app
            .patch(&item)
            .bearer(&partner)
            .if_match(&record["version"])
            .body(
                "application/merge-patch+json",
                json!({"visibility": "public"}).to_string(),
            )
            .send()
            .await;
        let problem = published.problem(403);
        assert!(
            problem["detail"].as_str().unwrap().contains("coordinators"),
            "{kind}: {problem}"
        );
        let Some((replace_other, add_other)) = sharing_changes(kind) else {
            continue;
        };
        let mut replaced = body.clone();
        replace_other(&cast, &mut replaced);
        let problem = put(&partner, &record["version"], replaced.clone())
            .await
            .problem(403);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("another organisation"),
            "{kind}: {problem}"
        );
        let unchanged = read_as_admin(&app, &resource, &record).await;
        assert_eq!(
            unchanged, record,
            "{kind}: refused changes leave the record as it was"
        );

        let mut added = body.clone();
        add_other(&cast, &mut added);
        let grown = put(&partner, &record["version"], added).await.ok(200);
        // A coordinator may do both.
        let mut public = replaced;
        public["visibility"] = json!("public");
        put(&coordinator, &grown["version"], public).await.ok(200);
    }
}
