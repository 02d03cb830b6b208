//! Bulk creation (`record::create_many`, `results::create_many`: the synthetic seed's
//! writes): the same checks, records, change records and results as one create at a
//! time, written with a statement per table, and nothing written when one input fails.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};
use ssc_api::domain::projects::{Project, ProjectInput};
use ssc_api::domain::record;
use ssc_api::domain::results::{self, ResultsInput};
use ssc_api::error::ApiError;
use ssc_api::seed::seed_caller;

use crate::fixtures::{Cast, PROJECTS, bilateral, cast, triangular};
use crate::support::{admin, spawn};

/// More projects than one statement may insert into `projects` (32,766 bind parameters
/// at 32 columns a row: 1,023), so that the inserts are split.
const MANY: usize = 1_100;

/// Project `k` of a bulk load: bilateral or triangular, some restricted, some without
/// contributions.
fn body(cast: &Cast, code: &str, k: usize) -> Value {
    let mut body = if k.is_multiple_of(2) {
        bilateral(cast, code)
    } else {
        triangular(cast, code)
    };
    if k % 3 == 2 {
        body["visibility"] = json!("restricted");
    }
    if k % 5 == 4 {
        body["contributions"] = json!([]);
    }
    body
}

fn input(body: Value) -> ProjectInput {
    serde_json::from_value(body).expect("a project input")
}

/// Results of the triangular fixture's span (2024-06-01 to 2027-05-31).
fn results_body() -> Value {
    json!({"results": [{
        "type": 1,
        "aggregation_status": true,
        "title": {"es": "Productores capacitados"},
        "description": null,
        "indicators": [{
            "measure": 1,
            "ascending": true,
            "title": {"es": "Número de productores capacitados"},
            "description": null,
            "baseline": {"year": 2024, "date": null, "value": "0", "comment": null},
            "periods": [{"start": "2025-01-01", "end": "2025-12-31",
                         "target": {"value": "200", "comment": null},
                         "actual": {"value": "150", "comment": null}}]
        }]
    }]})
}

/// Create `bodies` in one `create_many`, returning each project's id and representation.
async fn create_many<S>(
    app: &crate::support::TestApp<S>,
    bodies: Vec<Value>,
) -> Result<Vec<(String, Value)>, ApiError> {
    let inputs: Vec<ProjectInput> = bodies.into_iter().map(input).collect();
    app.state
        .db
        .write(move |conn| {
            let saved =
                record::create_many::<Project>(conn, &seed_caller(), inputs, Default::default())?;
            Ok(saved
                .into_iter()
                .map(|s| {
                    let representation = serde_json::from_str(&s.representation).unwrap();
                    (s.record.id.to_string(), representation)
                })
                .collect())
        })
        .await
}

/// Save results for each of `ids` (projects just created) in one `results::create_many`.
async fn create_results<S>(
    app: &crate::support::TestApp<S>,
    bodies: Vec<(Value, Value)>,
) -> Result<(), ApiError> {
    app.state
        .db
        .write(move |conn| {
            let projects: Vec<(Project, ResultsInput)> = bodies
                .into_iter()
                .map(|(project, results)| {
                    (
                        serde_json::from_value(project).unwrap(),
                        serde_json::from_value(results).unwrap(),
                    )
                })
                .collect();
            let items = projects.iter().map(|(p, r)| (p, r.clone())).collect();
            results::create_many(conn, &seed_caller(), items)
        })
        .await
}

/// Drop what differs between two creates of the same content (by different callers).
fn content(mut project: Value) -> Value {
    for member in [
        "id",
        "code",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ] {
        project.as_object_mut().unwrap().remove(member);
    }
    project
}

async fn total_projects<S, B>(app: &crate::support::TestApp<S>) -> i64
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    app.get("/api/v1/stats/projects?group_by=modality")
        .bearer(&admin())
        .send()
        .await
        .ok(200)["total"]["projects"]
        .as_i64()
        .unwrap()
}

#[actix_web::test]
async fn a_bulk_load_writes_what_one_create_at_a_time_writes() {
    let app = spawn().await;
    let cast = cast(&app).await;
    // Three created one at a time through the API, the same content in bulk.
    let mut one_at_a_time = Vec::new();
    for k in 0..3 {
        one_at_a_time.push(
            app.create_project(&body(&cast, &format!("ONE-{k}"), k))
                .await,
        );
    }
    let bodies = (0..MANY)
        .map(|k| body(&cast, &format!("BULK-{k:04}"), k))
        .collect();
    let created = create_many(&app, bodies).await.unwrap();
    assert_eq!(created.len(), MANY);
    assert_eq!(total_projects(&app).await, MANY as i64 + 3);

    // Each as the API reads it: what create_many returned, and what a create writes.
    for k in [0, 1, 2, 1_022, 1_023, MANY - 1] {
        let (id, returned) = &created[k];
        let read = app
            .get(&format!("{PROJECTS}/{id}"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(&read, returned, "project {k}");
        assert_eq!(read["code"], format!("BULK-{k:04}"));
        if k < 3 {
            assert_eq!(
                content(read),
                content(one_at_a_time[k].clone()),
                "project {k}"
            );
        }
        // Its history: one create, by the seed.
        let history = app
            .get(&format!("{PROJECTS}/{id}/history"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        let items = history["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{history}");
        assert_eq!(items[0]["action"], "create");
        assert_eq!(items[0]["actor"], "seed");
    }
    // Found by the list's filters, which read the child rows.
    let filtered = app
        .get("/api/v1/projects?country=PY&sector=31120&limit=1")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
    let by_code = app
        .get(&format!(
            "{PROJECTS}?sort=code&limit=2&q=BULK-{:04}",
            MANY - 1
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        by_code["items"][0]["id"].as_str(),
        Some(created[MANY - 1].0.as_str())
    );

    // The change feed holds one create per project, in load order.
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let url = match &after {
            Some(cursor) => format!("/api/v1/changes?types=project&limit=200&after={cursor}"),
            None => "/api/v1/changes?types=project&limit=200".to_owned(),
        };
        let page = app.get(&url).bearer(&admin()).send().await.ok(200);
        for change in page["items"].as_array().unwrap() {
            assert_eq!(change["action"], "create");
            ids.push(change["id"].as_str().unwrap().to_owned());
        }
        if page["has_more"] == false {
            break;
        }
        after = page["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(ids.len(), MANY + 3);
    for (k, id) in ids[3..].iter().enumerate() {
        assert_eq!(id, &created[k].0, "change {k} is project {k}'s");
    }
    // Every change is in the webhooks' outbox, once: the bulk load's (several statements:
    // on PostgreSQL the outbox's trigger fires once per statement) and the API's.
    let (appended, queued) = app
        .state
        .db
        .read(|conn| {
            use diesel::prelude::*;
            use ssc_api::schema::{changes, webhook_outbox};
            let appended: Vec<i64> = changes::table
                .select(changes::seq)
                .order(changes::seq)
                .load(conn)?;
            let queued: Vec<i64> = webhook_outbox::table
                .select(webhook_outbox::seq)
                .order(webhook_outbox::seq)
                .load(conn)?;
            Ok((appended, queued))
        })
        .await
        .unwrap();
    assert!(appended.len() > MANY + 3, "{} changes", appended.len());
    assert_eq!(queued, appended, "the outbox holds every change once");

    // Results for two of them, as a PUT saves them for a third.
    let triangular_ones: Vec<Value> = [1, 3].iter().map(|k| created[*k].1.clone()).collect();
    create_results(
        &app,
        triangular_ones
            .iter()
            .map(|p| (p.clone(), results_body()))
            .collect(),
    )
    .await
    .unwrap();
    let put = app
        .put(&format!(
            "{PROJECTS}/{}/results",
            one_at_a_time[1]["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .if_match(&json!(0))
        .json(&results_body())
        .send()
        .await
        .ok(200);
    for project in &triangular_ones {
        let id = project["id"].as_str().unwrap();
        let saved = app
            .get(&format!("{PROJECTS}/{id}/results"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(saved["version"], 1);
        assert_eq!(saved["results"], put["results"]);
        let history = app
            .get(&format!("{PROJECTS}/{id}/results/history"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(history["items"].as_array().unwrap().len(), 1, "{history}");
    }
    let stats = app
        .get("/api/v1/stats/results")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(stats["total"]["indicators"], 3, "{stats}");
}

#[actix_web::test]
async fn a_bulk_load_with_one_bad_input_writes_nothing() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let held = app.create_project(&bilateral(&cast, "HELD-1")).await;
    let good = |k: usize| body(&cast, &format!("GOOD-{k}"), k);

    // A rule of the input itself: pointed at in the list.
    let mut bodies: Vec<Value> = (0..5).map(good).collect();
    bodies[3]["sectors"][0]["percentage"] = json!("10");
    let error = create_many(&app, bodies).await.err().unwrap();
    assert_eq!(error.problem.status().as_u16(), 422);
    assert!(!error.errors.is_empty());
    assert!(
        error.errors.iter().all(|e| e
            .pointer
            .as_deref()
            .is_some_and(|p| p.starts_with("/3/sectors"))),
        "{:?}",
        error.errors
    );

    // An organisation that does not exist.
    let mut bodies: Vec<Value> = (0..5).map(good).collect();
    bodies[2]["participants"][1]["organisation_id"] = json!(uuid::Uuid::now_v7());
    let error = create_many(&app, bodies).await.err().unwrap();
    assert_eq!(error.problem.status().as_u16(), 422);
    let pointers: Vec<_> = error
        .errors
        .iter()
        .filter_map(|e| e.pointer.clone())
        .collect();
    assert_eq!(pointers, ["/2/participants/1/organisation_id"]);

    // A code given twice, and one another project holds.
    let mut bodies: Vec<Value> = (0..5).map(good).collect();
    bodies[4]["code"] = json!("GOOD-0");
    let error = create_many(&app, bodies).await.err().unwrap();
    assert_eq!(error.problem.status().as_u16(), 409);
    assert_eq!(
        error.detail,
        "the code GOOD-0 is given to more than one project"
    );
    let mut bodies: Vec<Value> = (0..5).map(good).collect();
    bodies[2]["code"] = json!("HELD-1");
    let error = create_many(&app, bodies).await.err().unwrap();
    assert_eq!(error.problem.status().as_u16(), 409);
    assert_eq!(
        error.detail,
        format!(
            "the code HELD-1 is already used by project {}",
            held["id"].as_str().unwrap()
        )
    );
    let mut bodies: Vec<Value> = (0..5).map(good).collect();
    bodies[0]["iati_identifier"] = json!("XM-DAC-41114-1");
    bodies[1]["iati_identifier"] = json!("XM-DAC-41114-1");
    let error = create_many(&app, bodies).await.err().unwrap();
    assert_eq!(error.problem.status().as_u16(), 409);
    assert_eq!(
        error.detail,
        "the IATI identifier XM-DAC-41114-1 is given to more than one project"
    );
    assert_eq!(total_projects(&app).await, 1, "nothing was written");

    // Results: a period outside its project's span, pointed at in the list; results of
    // a project that is not new.
    let created = create_many(&app, (0..2).map(|k| good(2 * k + 1)).collect())
        .await
        .unwrap();
    let mut late = results_body();
    late["results"][0]["indicators"][0]["periods"][0]["end"] = json!("2027-12-31");
    let error = create_results(
        &app,
        vec![
            (created[0].1.clone(), results_body()),
            (created[1].1.clone(), late),
        ],
    )
    .await
    .err()
    .unwrap();
    assert_eq!(error.problem.status().as_u16(), 422);
    assert!(!error.errors.is_empty());
    assert!(
        error.errors.iter().all(|e| e
            .pointer
            .as_deref()
            .is_some_and(|p| p.starts_with("/1/results/0/indicators/0/periods/0"))),
        "{:?}",
        error.errors
    );
    let mut edited = created[0].1.clone();
    edited["version"] = json!(2);
    let error = create_results(&app, vec![(edited, results_body())])
        .await
        .err()
        .unwrap();
    assert_eq!(error.problem.status().as_u16(), 500);
    let none = app
        .get(&format!("{PROJECTS}/{}/results", created[0].0))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(none["version"], 0, "no results were saved: {none}");

    // A failure after the change records were appended (results saved meanwhile by a PUT:
    // the insert finds them) takes the change records back with everything else.
    let project = &created[1];
    app.put(&format!("{PROJECTS}/{}/results", project.0))
        .bearer(&admin())
        .if_match(&json!(0))
        .json(&results_body())
        .send()
        .await
        .ok(200);
    let latest = || {
        app.state
            .db
            .read(|conn| Ok(ssc_api::store::changes::latest_seq(conn)?))
    };
    let before = latest().await.unwrap();
    let mut other = results_body();
    other["results"][0]["title"] = json!({"es": "Otro resultado"});
    assert!(
        create_results(&app, vec![(project.1.clone(), other)])
            .await
            .is_err()
    );
    assert_eq!(latest().await.unwrap(), before, "no change record stays");
    let saved = app
        .get(&format!("{PROJECTS}/{}/results", project.0))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(saved["version"], 1);
    assert_eq!(
        saved["results"][0]["title"]["es"],
        "Productores capacitados"
    );
}
