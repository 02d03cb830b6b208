//! Who reads and writes which project: partners see public projects and the restricted
//! ones they take part in, and write only their own; viewers read public projects.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn, token};

fn org(id: &Value) -> Option<Uuid> {
    Some(Uuid::parse_str(id.as_str().unwrap()).unwrap())
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn restricted_projects_exist_only_for_their_participants() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let public = app.create_project(&bilateral(&cast, "PUB-1")).await;
    let mut body = bilateral(&cast, "RES-1");
    body["visibility"] = json!("restricted");
    let restricted = app.create_project(&body).await;
    let restricted_path = format!("{PROJECTS}/{}", restricted["id"].as_str().unwrap());
    let public_id = public["id"].as_str().unwrap().to_owned();
    let restricted_id = restricted["id"].as_str().unwrap().to_owned();

    let participant = token(Role::Partner, org(&cast.mdryt));
    let outsider = token(Role::Partner, org(&cast.mag));
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);

    // Reads of the restricted project.
    app.get(&restricted_path)
        .bearer(&participant)
        .send()
        .await
        .ok(200);
    app.get(&restricted_path)
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    for caller in [&outsider, &viewer] {
        let problem = app
            .get(&restricted_path)
            .bearer(caller)
            .send()
            .await
            .problem(404);
        assert!(problem["detail"].as_str().unwrap().contains("no project"));
        app.get(&format!("{restricted_path}/history"))
            .bearer(caller)
            .send()
            .await
            .problem(404);
    }
    app.get(&format!("{restricted_path}/history"))
        .bearer(&participant)
        .send()
        .await
        .ok(200);

    // Lists.
    let mut both = vec![public_id.clone(), restricted_id.clone()];
    both.sort();
    for caller in [&participant, &coordinator, &admin()] {
        let mut listed = ids(&app.get(PROJECTS).bearer(caller).send().await.ok(200));
        listed.sort();
        assert_eq!(listed, both);
    }
    for caller in [&outsider, &viewer] {
        assert_eq!(
            ids(&app.get(PROJECTS).bearer(caller).send().await.ok(200)),
            std::slice::from_ref(&public_id)
        );
        let filtered = app
            .get(&format!("{PROJECTS}?visibility=restricted"))
            .bearer(caller)
            .send()
            .await
            .ok(200);
        assert!(ids(&filtered).is_empty());
        let by_org = format!("{PROJECTS}?organisation={}", cast.mdryt.as_str().unwrap());
        assert_eq!(
            ids(&app.get(&by_org).bearer(caller).send().await.ok(200)),
            std::slice::from_ref(&public_id)
        );
    }

    // Writes to it by those who cannot see it are 404 too, and change nothing.
    app.patch(&restricted_path)
        .bearer(&outsider)
        .if_match(&restricted["version"])
        .json(&json!({"title": {"es": "x"}}))
        .send()
        .await
        .problem(404);
    app.delete(&restricted_path)
        .bearer(&outsider)
        .if_match(&restricted["version"])
        .send()
        .await
        .problem(404);
    let unchanged = app
        .get(&restricted_path)
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(unchanged, restricted);
}

#[actix_web::test]
async fn partners_write_only_their_own_projects() {
    // Writes count at once, so that the outsider can read (but not write) the project.
    let app = crate::support::spawn_without_review().await;
    let cast = cast(&app).await;
    let participant = token(Role::Partner, org(&cast.mdryt));
    let outsider = token(Role::Partner, org(&cast.mag));

    // Creating: only with its own organisation among the participants.
    let created = app
        .post(PROJECTS)
        .bearer(&participant)
        .json(&bilateral(&cast, "P-1"))
        .send()
        .await
        .ok(201);
    assert_eq!(created["created_by"], "partner-user");
    let refused = app
        .post(PROJECTS)
        .bearer(&outsider)
        .json(&bilateral(&cast, "P-2"))
        .send()
        .await;
    assert!(
        refused.problem(403)["detail"]
            .as_str()
            .unwrap()
            .contains("participates")
    );

    // Updating: only projects it takes part in.
    let path = format!("{PROJECTS}/{}", created["id"].as_str().unwrap());
    let patch = json!({"title": {"es": "Cadena láctea, fase II"}});
    app.patch(&path)
        .bearer(&outsider)
        .if_match(&created["version"])
        .json(&patch)
        .send()
        .await
        .problem(403);
    app.put(&path)
        .bearer(&outsider)
        .if_match(&created["version"])
        .json(&bilateral(&cast, "P-1"))
        .send()
        .await
        .problem(403);
    let updated = app
        .patch(&path)
        .bearer(&participant)
        .if_match(&created["version"])
        .json(&patch)
        .send()
        .await
        .ok(200);

    // ...without removing itself.
    let mut without_self = bilateral(&cast, "P-1");
    without_self["participants"][1]["organisation_id"] = cast.mag.clone();
    let response = app
        .put(&path)
        .bearer(&participant)
        .if_match(&updated["version"])
        .json(&without_self)
        .send()
        .await;
    assert!(
        response.problem(403)["detail"]
            .as_str()
            .unwrap()
            .contains("remove its own")
    );

    // Deleting is for admins and coordinators.
    app.delete(&path)
        .bearer(&participant)
        .if_match(&updated["version"])
        .send()
        .await
        .problem(403);
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read, updated, "refused writes changed nothing");
}

#[actix_web::test]
async fn viewers_only_read() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let viewer = token(Role::Viewer, None);
    let project = app.create_project(&bilateral(&cast, "V-1")).await;
    let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    app.post(PROJECTS)
        .bearer(&viewer)
        .json(&bilateral(&cast, "V-2"))
        .send()
        .await
        .problem(403);
    app.patch(&path)
        .bearer(&viewer)
        .if_match(&project["version"])
        .json(&json!({"status": 3}))
        .send()
        .await
        .problem(403);
    app.put(&path)
        .bearer(&viewer)
        .if_match(&project["version"])
        .json(&bilateral(&cast, "V-1"))
        .send()
        .await
        .problem(403);
    app.delete(&path)
        .bearer(&viewer)
        .if_match(&project["version"])
        .send()
        .await
        .problem(403);
    // Refused before the body is read.
    app.post(PROJECTS)
        .bearer(&viewer)
        .body("application/json", "{broken")
        .send()
        .await
        .problem(403);
    app.get(&path).bearer(&viewer).send().await.ok(200);
}

#[actix_web::test]
async fn a_deleted_projects_history_is_for_admins_and_coordinators() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "D-1")).await;
    let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    app.delete(&path)
        .bearer(&admin())
        .if_match(&project["version"])
        .send()
        .await
        .ok(204);
    app.get(&format!("{path}/history"))
        .bearer(&token(Role::Coordinator, None))
        .send()
        .await
        .ok(200);
    app.get(&format!("{path}/history"))
        .bearer(&token(Role::Partner, org(&cast.mdryt)))
        .send()
        .await
        .problem(404);
    app.get(&format!("{path}/history"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .problem(404);
}

/// A taken code or IATI identifier is reported without naming a holder the caller may
/// not read.
#[actix_web::test]
async fn uniqueness_conflicts_do_not_name_hidden_projects() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut hidden = bilateral(&cast, "HIDDEN-CODE");
    hidden["visibility"] = json!("restricted");
    hidden["iati_identifier"] = json!("XM-DAC-1-HIDDEN");
    let hidden = app.create_project(&hidden).await;
    let public = app.create_project(&bilateral(&cast, "PUBLIC-CODE")).await;
    // Bolivia's ministry takes part in neither of these; it has a project of its own.
    let partner = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let mut own = bilateral(&cast, "OWN-CODE");
    own["participants"][1]["organisation_id"] = cast.mag.clone();
    own["recipient_countries"] = json!([{"country_code": "PY", "percentage": "100"}]);
    let own = app.create_project(&own).await;
    let path = format!("{PROJECTS}/{}", own["id"].as_str().unwrap());
    let patch = |change: Value| {
        app.patch(&path)
            .bearer(&partner)
            .if_match(&own["version"])
            .body("application/merge-patch+json", change.to_string())
            .send()
    };
    let hidden_id = hidden["id"].as_str().unwrap();
    for change in [
        json!({"code": "HIDDEN-CODE"}),
        json!({"iati_identifier": "XM-DAC-1-HIDDEN"}),
    ] {
        let problem = patch(change).await.problem(409);
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("another project"), "{detail}");
        assert!(!detail.contains(hidden_id), "{detail}");
    }
    let problem = patch(json!({"code": "PUBLIC-CODE"})).await.problem(409);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(public["id"].as_str().unwrap()),
        "a holder the caller may read is named: {problem}"
    );
}

/// A partner of a restricted partnership and of the restricted project under it reads
/// them through every door (the sub-list, the statistics, a conditional read); a partner
/// of neither finds no door: 404 for the record and its sub-list (never 304, which would
/// say it exists), nothing counted.
#[actix_web::test]
async fn restricted_records_are_read_by_their_partners_through_every_door() {
    use crate::fixtures::{PARTNERSHIPS, bilateral_partnership};
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut partnership = bilateral_partnership(&cast);
    partnership["visibility"] = json!("restricted");
    let partnership = app.create(PARTNERSHIPS, &partnership).await;
    let partnership_path = format!("{PARTNERSHIPS}/{}", partnership["id"].as_str().unwrap());
    let mut body = bilateral(&cast, "RES-P");
    body["visibility"] = json!("restricted");
    body["partnership_id"] = partnership["id"].clone();
    let project = app.create_project(&body).await;
    let project_path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let etag = format!("\"{}\"", project["version"]);

    let participant = token(Role::Partner, org(&cast.mdryt));
    let outsider = token(Role::Partner, org(&cast.mag));
    let viewer = token(Role::Viewer, None);

    let under = app
        .get(&format!("{partnership_path}/projects"))
        .bearer(&participant)
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&under), [project["id"].as_str().unwrap()]);
    let stats = app
        .get("/api/v1/stats/projects?group_by=modality")
        .bearer(&participant)
        .send()
        .await
        .ok(200);
    assert_eq!(stats["total"]["projects"], 1);
    let unchanged = app
        .get(&project_path)
        .bearer(&participant)
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(unchanged.status, 304);
    assert_eq!(unchanged.header("etag"), Some(etag.as_str()));

    for caller in [&outsider, &viewer] {
        app.get(&format!("{partnership_path}/projects"))
            .bearer(caller)
            .send()
            .await
            .problem(404);
        let stats = app
            .get("/api/v1/stats/projects?group_by=modality")
            .bearer(caller)
            .send()
            .await
            .ok(200);
        assert_eq!(stats["total"]["projects"], 0);
        assert_eq!(stats["groups"], json!([]));
        app.get(&project_path)
            .bearer(caller)
            .header("if-none-match", &etag)
            .send()
            .await
            .problem(404);
    }

    // The same for a restricted triangular arrangement's projects.
    use crate::fixtures::{ARRANGEMENTS, arrangement, triangular};
    let mut body = arrangement(&cast);
    body["visibility"] = json!("restricted");
    let arrangement = app.create(ARRANGEMENTS, &body).await;
    let under_path = format!(
        "{ARRANGEMENTS}/{}/projects",
        arrangement["id"].as_str().unwrap()
    );
    let mut body = triangular(&cast, "RES-T");
    body["triangular_arrangement_id"] = arrangement["id"].clone();
    let project = app.create_project(&body).await;
    let second_provider = token(Role::Partner, org(&cast.jica));
    let under = app
        .get(&under_path)
        .bearer(&second_provider)
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&under), [project["id"].as_str().unwrap()]);
    let outsider = token(Role::Partner, org(&cast.mdryt));
    app.get(&under_path)
        .bearer(&outsider)
        .send()
        .await
        .problem(404);
}
