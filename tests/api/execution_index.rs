//! Execution statistics read an in-memory index of what they sum, caught up from the
//! change feed (`domain::execution_index`): after every kind of write (a project's
//! activities and costs written, edited and deleted, its transactions, an edit awaiting
//! review and its approval, a project's countries, modality, visibility, its delete),
//! every grouping, with and without a filter, for each scope of reader, answers the same
//! body byte for byte as the database's grouping (the index turned off), and every group
//! still equals the sum of the per-project figures (`GET /projects/{id}/execution`).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::execution_stats::{DIMENSIONS, Figures, groups_of, keys_of, role_of, summed};
use crate::fixtures::{PROJECTS, bilateral, cast, triangular};
use crate::support::{TestApp, admin, spawn, token};

const STATS: &str = "/api/v1/stats/execution";

/// The statistics `bearer` reads, every grouping and the totals, with and without a
/// filter, against the figures of each project its list holds (`pending`: a project
/// whose edit awaits review, counted as a viewer reads it).
async fn assert_sums_follow<S, B>(app: &TestApp<S>, bearer: &str, pending: &[&Value], step: &str)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let viewer = token(Role::Viewer, None);
    for filter in ["", "&modality=bilateral_ssc", "&status=2"] {
        let list = crate::exports::whole_list(app, PROJECTS, filter, bearer).await;
        let mut projects = Vec::new();
        for project in list {
            let id = project["id"].as_str().unwrap().to_owned();
            let reader = if pending.iter().any(|p| p["id"] == project["id"]) {
                &viewer
            } else {
                bearer
            };
            let project = app
                .get(&format!("{PROJECTS}/{id}"))
                .bearer(reader)
                .send()
                .await
                .ok(200);
            let figures = app
                .get(&format!("{PROJECTS}/{id}/execution"))
                .bearer(reader)
                .send()
                .await
                .ok(200);
            projects.push((project, figures));
        }
        let mut total = Figures::default();
        projects.iter().for_each(|(_, f)| total.add_project(f));
        for dimension in DIMENSIONS {
            let context = format!("{step}: group_by={dimension}{filter}");
            let path = format!("{STATS}?group_by={dimension}{filter}");
            let index = &app.state.stats_answers.execution_index;
            let answered = index.status().answered;
            let by_index = app.get(&path).bearer(bearer).send().await;
            let stats = by_index.ok(200);
            assert_eq!(
                index.status().answered,
                answered + 1,
                "{context}: answered from the index"
            );
            index.set_enabled(false);
            let by_database = app.get(&path).bearer(bearer).send().await;
            index.set_enabled(true);
            assert_eq!(
                by_index.text(),
                by_database.text(),
                "{context}: the index and the database, byte for byte"
            );
            let answered = Figures::answered(&stats["total"]);
            let mut total = total.clone();
            if projects.is_empty() {
                // No project's figures to add: the total's days and activities are zeros.
                let zeros = |counts: &Option<BTreeMap<String, u64>>| {
                    counts.clone().filter(|c| c.values().all(|n| *n == 0))
                };
                total.days = zeros(&answered.days);
                total.activities = zeros(&answered.activities);
            }
            assert_eq!(answered, total, "{context}: total");
            let groups = groups_of(&stats);
            if projects.is_empty() {
                assert_eq!(groups, BTreeMap::new(), "{context}");
                continue;
            }
            match dimension {
                "year" => {
                    let sum = summed(&groups);
                    assert_eq!(
                        (&sum.money, &sum.days, &sum.activities),
                        (&total.money, &total.days, &total.activities),
                        "{context}"
                    );
                }
                "role" => {
                    let mut expected: BTreeMap<String, Figures> = BTreeMap::new();
                    for (project, figures) in &projects {
                        let roles: BTreeSet<&str> = (project["participants"].as_array())
                            .unwrap()
                            .iter()
                            .map(|p| p["role"].as_str().unwrap())
                            .collect();
                        for role in roles {
                            expected.entry(role.to_owned()).or_default().projects += 1;
                        }
                        for row in figures["organisations"].as_array().unwrap() {
                            let role = role_of(project, &row["organisation_id"]);
                            expected.entry(role).or_default().add_money(&json!([row]));
                        }
                    }
                    assert_eq!(groups, expected, "{context}");
                }
                _ => {
                    let mut expected: BTreeMap<String, Figures> = BTreeMap::new();
                    for (project, figures) in &projects {
                        for key in keys_of(project, dimension) {
                            expected.entry(key).or_default().add_project(figures);
                        }
                    }
                    assert_eq!(groups, expected, "{context}");
                }
            }
        }
    }
}

/// Ask a statistic no check asks (it starts the job that builds the index when there is
/// none) and wait for the index.
async fn index_ready<S, B>(app: &TestApp<S>)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    app.get(&format!("{STATS}?modality=triangular"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let index = &app.state.stats_answers.execution_index;
    assert!(index.wait_for_job(Duration::from_secs(120)), "the job ends");
    assert!(index.status().projects.is_some(), "{:?}", index.status());
}

/// The figures in `currency` of the group `key` of the statistics by `dimension`, as
/// `bearer` reads them (None: no such group or currency).
async fn in_currency<S, B>(
    app: &TestApp<S>,
    bearer: &str,
    dimension: &str,
    key: &str,
    currency: &str,
) -> Option<Value>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let stats = app
        .get(&format!("{STATS}?group_by={dimension}"))
        .bearer(bearer)
        .send()
        .await
        .ok(200);
    let group = stats["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)?
        .clone();
    group["currencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["currency"] == currency)
        .cloned()
}

#[actix_web::test]
async fn execution_statistics_follow_every_write() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let coordinator = token(Role::Coordinator, None);
    let viewer = token(Role::Viewer, None);
    // MAG takes part in the triangular project only; INTI in the bilateral ones.
    let mag = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let inti = token(Role::Partner, cast.inti.as_str().unwrap().parse().ok());
    let readers = [&coordinator, &viewer, &mag, &inti];
    let check = |step: &'static str, pending: Vec<Value>| {
        let (app, readers) = (&app, readers);
        async move {
            let pending: Vec<&Value> = pending.iter().collect();
            index_ready(app).await;
            for bearer in readers {
                assert_sums_follow(app, bearer, &pending, step).await;
            }
        }
    };
    let one = app.create_project(&bilateral(&cast, "EXM-1")).await;
    let mut restricted = bilateral(&cast, "EXM-2");
    restricted["visibility"] = json!("restricted");
    restricted["recipient_countries"] = json!([
        {"country_code": "BO", "percentage": "50"},
        {"country_code": "PY", "percentage": "50"}
    ]);
    let restricted = app.create_project(&restricted).await;
    let three = app.create_project(&triangular(&cast, "EXM-3")).await;
    check("created", vec![]).await;

    let item = |project: &Value| format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let put = |path: String, version: i64, body: Value| {
        let app = &app;
        async move {
            app.put(&path)
                .bearer(&admin())
                .header("if-match", &format!("\"{version}\""))
                .json(&body)
                .send()
                .await
                .ok(200)
        }
    };
    // Activities with their costs written, then edited, on two projects.
    let activities = crate::activities::activities(&cast.inti, &cast.mdryt);
    put(format!("{}/activities", item(&one)), 0, activities.clone()).await;
    put(
        format!("{}/activities", item(&restricted)),
        0,
        activities.clone(),
    )
    .await;
    check("activities written", vec![]).await;
    assert_eq!(
        in_currency(&app, &viewer, "year", "2025", "USD")
            .await
            .unwrap()["executed_costs"],
        "1450.00"
    );
    let mut edited = activities.clone();
    edited["activities"][0]["costs"][0]["amount"] = json!("1500.25");
    edited["activities"][1]["status"] = json!("cancelled");
    edited["activities"][1]["cancellation_reason"] = json!({"es": "Sin fondos"});
    edited["activities"][1]["costs"] = json!([]);
    put(format!("{}/activities", item(&one)), 1, edited).await;
    check("activities edited", vec![]).await;
    assert_eq!(
        in_currency(&app, &viewer, "year", "2025", "USD")
            .await
            .unwrap()["executed_costs"],
        "1500.25"
    );
    // Transactions written, then all of one project's activities deleted.
    let transactions = crate::transactions::transactions(&cast.inti, &cast.mdryt);
    put(
        format!("{}/transactions", item(&one)),
        0,
        transactions.clone(),
    )
    .await;
    put(
        format!("{}/transactions", item(&restricted)),
        0,
        transactions,
    )
    .await;
    check("transactions written", vec![]).await;
    put(
        format!("{}/activities", item(&one)),
        2,
        json!({"activities": []}),
    )
    .await;
    check("activities deleted", vec![]).await;
    assert_eq!(
        in_currency(&app, &viewer, "year", "2026", "USD").await,
        None,
        "no cost left in 2026"
    );

    // A partner's edit awaits review: it counts for nobody until approved.
    let pending = app
        .patch(&item(&three))
        .bearer(&mag)
        .if_match(&three["version"])
        .json(&json!({
            "recipient_countries": [{"country_code": "CL", "percentage": "100"}],
            "contributions": [],
        }))
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");
    check("edit awaiting review", vec![three.clone()]).await;
    assert!(
        in_currency(&app, &coordinator, "country", "CL", "JPY")
            .await
            .is_none()
    );
    app.post(&format!("{}/approve", item(&three)))
        .bearer(&coordinator)
        .if_match(&pending["version"])
        .send()
        .await
        .ok(200);
    check("edit approved", vec![]).await;
    assert!(
        in_currency(&app, &coordinator, "country", "CL", "JPY")
            .await
            .is_some()
    );

    // A project's own columns: its countries and modality, then its visibility.
    let current = app.get(&item(&one)).bearer(&admin()).send().await.ok(200);
    let moved = app
        .patch(&item(&one))
        .bearer(&admin())
        .if_match(&current["version"])
        .json(&json!({"recipient_countries": [{"country_code": "PE", "percentage": "100"}]}))
        .send()
        .await
        .ok(200);
    check("countries changed", vec![]).await;
    assert_eq!(
        in_currency(&app, &viewer, "country", "PE", "USD")
            .await
            .unwrap()["disbursed"],
        "25000.50"
    );
    let hidden = app
        .patch(&item(&one))
        .bearer(&admin())
        .if_match(&moved["version"])
        .json(&json!({"visibility": "restricted"}))
        .send()
        .await
        .ok(200);
    check("made restricted", vec![]).await;
    assert_eq!(
        in_currency(&app, &viewer, "country", "PE", "USD").await,
        None
    );
    assert!(
        in_currency(&app, &coordinator, "country", "PE", "USD")
            .await
            .is_some()
    );

    // Deleted projects leave nothing behind.
    assert_eq!(hidden["visibility"], "restricted");
    for project in [&restricted, &one] {
        let current = app
            .get(&item(project))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        app.delete(&item(project))
            .bearer(&admin())
            .if_match(&current["version"])
            .send()
            .await
            .ok(204);
    }
    check("deleted", vec![]).await;
    let stats = app
        .get(&format!("{STATS}?group_by=country"))
        .bearer(&coordinator)
        .send()
        .await
        .ok(200);
    assert_eq!(stats["total"]["projects"], 1, "{stats}");
}

/// The statistic by the database and by the index, as `bearer` reads it now: the same
/// body, the first from the index (not kept from before).
async fn same_both_ways<S, B>(app: &TestApp<S>, path: &str, bearer: &str) -> String
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let index = &app.state.stats_answers.execution_index;
    let answered = index.status().answered;
    let by_index = app.get(path).bearer(bearer).send().await;
    by_index.ok(200);
    assert_eq!(
        index.status().answered,
        answered + 1,
        "{path}: from the index"
    );
    index.set_enabled(false);
    let by_database = app.get(path).bearer(bearer).send().await;
    index.set_enabled(true);
    assert_eq!(by_index.text(), by_database.text(), "{path}");
    by_index.text()
}

#[actix_web::test]
async fn statistics_are_answered_while_the_index_is_built() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let one = app.create_project(&bilateral(&cast, "EXB-1")).await;
    let activities = crate::activities::activities(&cast.inti, &cast.mdryt);
    app.put(&format!(
        "{PROJECTS}/{}/activities",
        one["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .header("if-match", "\"0\"")
    .json(&activities)
    .send()
    .await
    .ok(200);
    let index = &app.state.stats_answers.execution_index;
    let path = format!("{STATS}?group_by=country");

    // The job waits until released: the statistics asked meanwhile are the database's.
    let held = index.hold_jobs();
    let first = app.get(&path).bearer(&admin()).send().await.ok(200);
    let status = index.status();
    assert!(status.job_running, "{status:?}");
    assert_eq!(
        (status.jobs, status.projects, status.answered),
        (1, None, 0)
    );
    index.set_enabled(false);
    let by_database = app.get(&path).bearer(&admin()).send().await.ok(200);
    index.set_enabled(true);
    assert_eq!(first, by_database);
    // Another question while it builds: answered, and no second job.
    let by_role = format!("{STATS}?group_by=role");
    app.get(&by_role).bearer(&admin()).send().await.ok(200);
    assert_eq!(index.status().jobs, 1);
    assert_eq!(index.status().answered, 0);

    drop(held);
    assert!(index.wait_for_job(Duration::from_secs(120)));
    let status = index.status();
    assert_eq!((status.jobs, status.failed_jobs), (1, 0));
    assert_eq!(status.projects, Some(1));
    // A write, then statistics from the index: the database's bodies.
    app.create_project(&triangular(&cast, "EXB-2")).await;
    same_both_ways(&app, &path, &admin()).await;
    same_both_ways(&app, &by_role, &token(Role::Viewer, None)).await;
    assert_eq!(index.status().projects, Some(2));
    assert_eq!(index.status().jobs, 1, "caught up in the request");
}

#[actix_web::test]
async fn a_failed_build_is_retried_later_not_at_once() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create_project(&bilateral(&cast, "EXF-1")).await;
    let index = &app.state.stats_answers.execution_index;
    let path = format!("{STATS}?group_by=year");

    index.fail_next_job();
    app.get(&path).bearer(&admin()).send().await.ok(200);
    assert!(index.wait_for_job(Duration::from_secs(120)));
    let status = index.status();
    assert_eq!(
        (status.jobs, status.failed_jobs, status.projects),
        (1, 1, None)
    );
    // Statistics after a write (not kept) are the database's; no job is started again.
    for code in ["EXF-2", "EXF-3"] {
        app.create_project(&bilateral(&cast, code)).await;
        app.get(&path).bearer(&admin()).send().await.ok(200);
        assert_eq!(index.status().jobs, 1, "not retried before the pause");
    }
    // Once the pause is over, the next statistic starts one.
    index.set_retry_after(Duration::ZERO);
    app.create_project(&bilateral(&cast, "EXF-4")).await;
    app.get(&path).bearer(&admin()).send().await.ok(200);
    assert!(index.wait_for_job(Duration::from_secs(120)));
    let status = index.status();
    assert_eq!((status.jobs, status.failed_jobs), (2, 1));
    assert_eq!(status.projects, Some(4));
    app.create_project(&bilateral(&cast, "EXF-5")).await;
    same_both_ways(&app, &path, &admin()).await;
}
