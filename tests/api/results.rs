//! Project results and indicators: the sub-resource, its versions, access, rules,
//! history, change feed, progress and statistics.

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast, triangular};
use crate::support::{admin, spawn, token};

/// Two results of the triangular fixture (2024-06-01 to 2027-05-31): a unit output
/// reported half-way, a percentage outcome where fewer is better, and a qualitative one.
pub(crate) fn results() -> Value {
    json!({"results": [
        {
            "type": 1,
            "aggregation_status": true,
            "title": {"es": "Productores capacitados", "pt": "Produtores capacitados"},
            "description": null,
            "indicators": [{
                "measure": 1,
                "ascending": true,
                "title": {"es": "Número de productores capacitados"},
                "description": null,
                "baseline": {"year": 2024, "date": "2024-05-01", "value": "0", "comment": null},
                "periods": [
                    {"start": "2026-01-01", "end": "2026-12-31",
                     "target": {"value": "400", "comment": null},
                     "actual": null},
                    {"start": "2025-01-01", "end": "2025-12-31",
                     "target": {"value": "200.000", "comment": null},
                     "actual": {"value": "150", "comment": {"es": "Según las listas de asistencia"}}}
                ]
            }]
        },
        {
            "type": 2,
            "aggregation_status": null,
            "title": {"es": "Menos pérdidas poscosecha"},
            "description": {"es": "Medido en las cooperativas del Chaco"},
            "indicators": [
                {
                    "measure": 2,
                    "ascending": false,
                    "title": {"es": "Pérdida poscosecha (%)"},
                    "description": null,
                    "baseline": {"year": 2024, "date": null, "value": "50", "comment": null},
                    "periods": [{"start": "2025-01-01", "end": "2025-12-31",
                                 "target": {"value": "20", "comment": null},
                                 "actual": {"value": "30", "comment": null}}]
                },
                {
                    "measure": 5,
                    "ascending": true,
                    "title": {"es": "Apropiación por las cooperativas"},
                    "description": null,
                    "baseline": {"year": 2024, "date": null, "value": null, "comment": {"es": "Ninguna"}},
                    "periods": [{"start": "2025-01-01", "end": "2025-12-31",
                                 "target": {"value": null, "comment": {"es": "Comités activos"}},
                                 "actual": {"value": null, "comment": {"es": "Dos comités activos", "pt": "Dois comitês ativos"}}}]
                }
            ]
        }
    ]})
}

fn partner(org: &Value) -> String {
    token(Role::Partner, org.as_str().unwrap().parse().ok())
}

#[actix_web::test]
async fn partners_report_results_with_versions_of_their_own() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&triangular(&cast, "RES-1")).await;
    let id = project["id"].as_str().unwrap();
    let path = format!("{PROJECTS}/{id}/results");
    let mag = partner(&cast.mag);

    // Before any are saved: version 0, no results.
    let empty = app.get(&path).bearer(&mag).send().await;
    assert_eq!(empty.header("etag"), Some("\"0\""));
    assert_eq!(
        empty.ok(200),
        json!({"project_id": id, "version": 0, "updated_at": null, "updated_by": null, "results": []})
    );
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(history, json!({"items": [], "next_cursor": null}));

    // The recipient's ministry reports: version 1, values canonical, periods in order.
    let saved = app
        .put(&path)
        .bearer(&mag)
        .header("if-match", "\"0\"")
        .json(&results())
        .send()
        .await;
    assert_eq!(saved.header("etag"), Some("\"1\""));
    let saved = saved.ok(200);
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["updated_by"], "partner-user");
    let periods = &saved["results"][0]["indicators"][0]["periods"];
    assert_eq!(periods[0]["start"], "2025-01-01");
    assert_eq!(periods[0]["target"]["value"], "200");
    assert_eq!(periods[1]["start"], "2026-01-01");

    // Read back by a viewer (the project is public), 304 on its ETag.
    let viewer = token(Role::Viewer, None);
    assert_eq!(app.get(&path).bearer(&viewer).send().await.ok(200), saved);
    let unchanged = app
        .get(&path)
        .bearer(&viewer)
        .header("if-none-match", "\"1\"")
        .send()
        .await;
    assert_eq!(unchanged.status.as_u16(), 304);

    // The project's own version did not move, and saving the same results keeps theirs.
    let read = app
        .get(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(read["version"], project["version"]);
    let again = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"results": saved["results"]}))
        .send()
        .await
        .ok(200);
    assert_eq!(again["version"], 1);

    // A coordinator reports the 2026 actual: version 2, and the stale tag is refused.
    let mut next = json!({"results": saved["results"]});
    next["results"][0]["indicators"][0]["periods"][1]["actual"] =
        json!({"value": "420", "comment": null});
    let second = app
        .put(&path)
        .bearer(&token(Role::Coordinator, None))
        .header("if-match", "\"1\"")
        .json(&next)
        .send()
        .await
        .ok(200);
    assert_eq!(second["version"], 2);
    let stale = app
        .put(&path)
        .bearer(&mag)
        .header("if-match", "\"1\"")
        .json(&results())
        .send()
        .await;
    stale.problem(412);

    // The project's dates cannot move past the periods its results report.
    let shortened = app
        .patch(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&project["version"])
        .json(&json!({"planned_start": "2025-02-01", "planned_end": "2026-06-30"}))
        .send()
        .await;
    shortened.problem(422);
    assert_eq!(shortened.pointers(), ["/planned_start", "/planned_end"]);
    app.put(&path)
        .bearer(&mag)
        .json(&results())
        .send()
        .await
        .problem(428);

    // History and change feed: one change per version, kind project_results.
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{history}");
    assert_eq!(items[0]["resource"], "project_results");
    assert_eq!(items[0]["id"], id);
    assert_eq!(items[0]["action"], "create");
    assert_eq!(items[0]["version"], 1);
    assert_eq!(items[0]["organisation_id"], cast.mag);
    assert_eq!(items[1]["action"], "update");
    assert_eq!(items[1]["actor"], "coordinator-user");
    let feed = app
        .get("/api/v1/changes?types=project_results")
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    let versions: Vec<&Value> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["version"])
        .collect();
    assert_eq!(versions, [&json!(1), &json!(2)], "{feed}");
}

#[actix_web::test]
async fn progress_runs_from_baseline_to_target() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&triangular(&cast, "RES-2")).await;
    let path = format!("{PROJECTS}/{}/results", project["id"].as_str().unwrap());
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&results())
        .send()
        .await
        .ok(200);
    let progress = app
        .get(&format!("{path}/progress"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(progress["version"], 1);
    let indicators = progress["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 3);
    // 150 of 200 from 0, in the latest period with both values (2025).
    assert_eq!(indicators[0]["progress_percent"], "75.00");
    assert_eq!(indicators[0]["period_end"], "2025-12-31");
    assert_eq!(indicators[0]["target"], "200");
    // From 50 % down to 20 %, at 30 %: two thirds of the way.
    assert_eq!(indicators[1]["result"], 1);
    assert_eq!(indicators[1]["progress_percent"], "66.67");
    // Qualitative: no progress.
    assert_eq!(indicators[2]["progress_percent"], Value::Null);
    assert_eq!(indicators[2]["measure"], 5);

    // Across projects, per result type.
    let stats = app
        .get("/api/v1/stats/results")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        stats["total"],
        json!({"indicators": 3, "measured": 2, "met": 0, "mean_progress_percent": "70.84"})
    );
    assert_eq!(stats["groups"][0]["result_type"], 1);
    assert_eq!(stats["groups"][0]["labels"]["es"], "Producto");
    assert_eq!(stats["groups"][1]["indicators"], 2);
    assert_eq!(stats["groups"][1]["measured"], 1);
    let outcomes = app
        .get("/api/v1/stats/results?result_type=2&country=PY")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(outcomes["total"]["indicators"], 2);
    assert_eq!(outcomes["groups"].as_array().unwrap().len(), 1);
    let elsewhere = app
        .get("/api/v1/stats/results?country=BO")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        elsewhere,
        json!({"total": {"indicators": 0, "measured": 0, "met": 0, "mean_progress_percent": null}, "groups": []})
    );
    let reply = app
        .get("/api/v1/stats/results?result_type=5")
        .bearer(&admin())
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), Vec::<String>::new());
    assert_eq!(reply.json()["errors"][0]["parameter"], "result_type");

    // Results go with their project.
    app.delete(&format!("{PROJECTS}/{}", project["id"].as_str().unwrap()))
        .bearer(&admin())
        .if_match(&project["version"])
        .send()
        .await
        .ok(204);
    app.get(&path).bearer(&admin()).send().await.problem(404);
    let stats = app
        .get("/api/v1/stats/results")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(stats["total"]["indicators"], 0);
}

#[actix_web::test]
async fn results_follow_their_project_access() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = triangular(&cast, "RES-3");
    body["visibility"] = json!("restricted");
    let project = app.create_project(&body).await;
    let path = format!("{PROJECTS}/{}/results", project["id"].as_str().unwrap());
    let put = |who: String| {
        let path = path.clone();
        let app = &app;
        async move {
            app.put(&path)
                .bearer(&who)
                .header("if-match", "\"0\"")
                .json(&results())
                .send()
                .await
        }
    };
    // Viewers never write; an organisation outside a restricted project finds nothing.
    put(token(Role::Viewer, None)).await.problem(403);
    put(partner(&cast.mdryt)).await.problem(404);
    app.get(&path)
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .problem(404);
    for sub in ["", "/history", "/progress"] {
        app.get(&format!("{path}{sub}"))
            .bearer(&partner(&cast.mdryt))
            .send()
            .await
            .problem(404);
    }
    // Nothing was saved by the refused writes.
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read["version"], 0);

    // A partner outside a public project reads its results but does not write them.
    let open = app.create_project(&bilateral(&cast, "RES-4")).await;
    let open_path = format!("{PROJECTS}/{}/results", open["id"].as_str().unwrap());
    let outsider = partner(&cast.mag);
    app.get(&open_path).bearer(&outsider).send().await.ok(200);
    let refused = app
        .put(&open_path)
        .bearer(&outsider)
        .header("if-match", "\"0\"")
        .json(&json!({"results": []}))
        .send()
        .await;
    refused.problem(403);

    // An unknown project, a malformed id.
    app.put(&format!(
        "{PROJECTS}/0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d/results"
    ))
    .bearer(&admin())
    .header("if-match", "\"0\"")
    .json(&results())
    .send()
    .await
    .problem(404);
    app.get(&format!("{PROJECTS}/not-a-uuid/results"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);
}

/// Every rule, each violation at its pointer, all in one answer; nothing is saved.
#[actix_web::test]
async fn every_result_rule_is_reported_at_its_pointer() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&triangular(&cast, "RES-5")).await;
    let path = format!("{PROJECTS}/{}/results", project["id"].as_str().unwrap());
    let mut bad = results();
    let first = &mut bad["results"][0];
    first["type"] = json!(4);
    first["title"] = json!({"pt": "Sem espanhol", "xx": "?", "en": "  "});
    let indicator = &mut first["indicators"][0];
    indicator["baseline"]["date"] = json!("2023-05-01");
    indicator["periods"][0]["start"] = json!("2025-06-01");
    indicator["periods"][0]["end"] = json!("2025-05-31");
    indicator["periods"][1]["actual"]["value"] = json!("1e3");
    indicator["periods"].as_array_mut().unwrap().push(json!({
        "start": "2027-01-01", "end": "2027-12-31",
        "target": {"value": null, "comment": null}, "actual": null
    }));
    let outcome = &mut bad["results"][1]["indicators"];
    outcome[0]["periods"][0]["actual"]["value"] = json!("150");
    outcome[1]["periods"][0]["actual"] = json!({"value": "2", "comment": null});
    outcome[1]["measure"] = json!(5);
    let reply = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&bad)
        .send()
        .await;
    reply.problem(422);
    let mut pointers = reply.pointers();
    pointers.sort();
    let at = |p: &str| format!("/results/{p}");
    let mut expected = vec![
        at("0/type"),
        at("0/title/xx"),
        at("0/title/en"),
        at("0/title/es"),
        at("0/indicators/0/baseline/date"),
        // 2025-06-01 to 2025-05-31, overlapping 2025, and 2027 ends after the project.
        at("0/indicators/0/periods/0/end"),
        at("0/indicators/0/periods/0/start"),
        at("0/indicators/0/periods/1/actual/value"),
        at("0/indicators/0/periods/2/start"),
        at("0/indicators/0/periods/2/target/value"),
        at("1/indicators/0/periods/0/actual/value"),
        at("1/indicators/1/periods/0/actual/value"),
        at("1/indicators/1/periods/0/actual/comment"),
    ];
    expected.sort();
    assert_eq!(pointers, expected, "{}", reply.text());

    // An indicator-less result and an unknown member are refused by the schema.
    let mut empty = results();
    empty["results"][0]["indicators"] = json!([]);
    let reply = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&empty)
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/results/0/indicators"]);
    let mut unknown = results();
    unknown["results"][0]["progress"] = json!("75");
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&unknown)
        .send()
        .await
        .problem(400);

    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read["version"], 0, "nothing was saved");
}

/// The results of a draft count for nobody outside the project until it is approved:
/// its results' changes are for the directorate and the organisations taking part.
#[actix_web::test]
async fn results_of_a_draft_are_for_its_participants() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mag = partner(&cast.mag);
    let draft = app
        .post(PROJECTS)
        .bearer(&mag)
        .json(&triangular(&cast, "RES-6"))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");
    let path = format!("{PROJECTS}/{}/results", draft["id"].as_str().unwrap());
    app.put(&path)
        .bearer(&mag)
        .header("if-match", "\"0\"")
        .json(&results())
        .send()
        .await
        .ok(200);
    let viewer = token(Role::Viewer, None);
    app.get(&path).bearer(&viewer).send().await.problem(404);
    let feed = app
        .get("/api/v1/changes?types=project_results")
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    assert_eq!(feed["items"], json!([]), "{feed}");
    let feed = app
        .get("/api/v1/changes?types=project_results")
        .bearer(&mag)
        .send()
        .await
        .ok(200);
    assert_eq!(feed["items"].as_array().unwrap().len(), 1, "{feed}");
    let stats = app
        .get("/api/v1/stats/results")
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    assert_eq!(stats["total"]["indicators"], 0);
}

fn one_indicator(
    measure: i32,
    ascending: bool,
    baseline: Value,
    target: Value,
    actual: Value,
) -> Value {
    json!({"results": [{
        "type": 1, "title": {"es": "Resultado"},
        "indicators": [{
            "measure": measure, "ascending": ascending, "title": {"es": "Indicador"},
            "baseline": baseline,
            "periods": [{"start": "2025-01-01", "end": "2025-12-31",
                         "target": {"value": target}, "actual": {"value": actual}}]
        }]
    }]})
}

/// The largest values the contract allows are kept exactly; larger ones, a target on the
/// wrong side of its baseline, and a descending indicator without a baseline (which has
/// no progress) are answered as such, never with a 500.
#[actix_web::test]
async fn values_at_the_limits_and_directions() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&triangular(&cast, "RES-7")).await;
    let path = format!("{PROJECTS}/{}/results", project["id"].as_str().unwrap());
    let put = |body: Value, version: &'static str| {
        let (app, path) = (&app, path.clone());
        async move {
            app.put(&path)
                .bearer(&admin())
                .header("if-match", version)
                .json(&body)
                .send()
                .await
        }
    };
    let huge = one_indicator(
        1,
        true,
        json!({"year": 2024, "value": "-9999999999999.999999"}),
        json!("9999999999999.999999"),
        json!("0009999999999999.000000"),
    );
    let saved = put(huge, "\"0\"").await.ok(200);
    let indicator = &saved["results"][0]["indicators"][0];
    assert_eq!(indicator["baseline"]["value"], "-9999999999999.999999");
    assert_eq!(indicator["periods"][0]["actual"]["value"], "9999999999999");
    let progress = app
        .get(&format!("{path}/progress"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(progress["indicators"][0]["progress_percent"], "100.00");

    for too_large in ["99999999999999", "-10000000000000", "1.0000001"] {
        let reply = put(
            one_indicator(1, true, Value::Null, json!(too_large), json!("1")),
            "\"1\"",
        )
        .await;
        reply.problem(422);
        assert_eq!(
            reply.pointers(),
            ["/results/0/indicators/0/periods/0/target/value"],
            "{too_large}"
        );
    }
    // More is better, but the target is below the baseline (and the other way round).
    for (ascending, target) in [(true, "50"), (false, "150")] {
        let reply = put(
            one_indicator(
                1,
                ascending,
                json!({"year": 2024, "value": "100"}),
                json!(target),
                json!("40"),
            ),
            "\"1\"",
        )
        .await;
        reply.problem(422);
        assert_eq!(
            reply.pointers(),
            ["/results/0/indicators/0/periods/0/target/value"]
        );
    }
    // Fewer is better and there is no baseline: no progress to speak of.
    put(
        one_indicator(2, false, Value::Null, json!("20"), json!("40")),
        "\"1\"",
    )
    .await
    .ok(200);
    let progress = app
        .get(&format!("{path}/progress"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(progress["indicators"][0]["progress_percent"], Value::Null);

    // Rules come before the version: a stale tag with a bad body is a 422.
    let reply = put(
        one_indicator(1, true, Value::Null, json!("x"), json!("1")),
        "\"1\"",
    )
    .await;
    reply.problem(422);
}

/// What counts of the project decides: a partner's pending edit neither widens the dates
/// periods may take nor changes who writes the results until it is approved.
#[actix_web::test]
async fn results_follow_the_project_that_counts() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&triangular(&cast, "RES-8")).await;
    let id = project["id"].as_str().unwrap();
    let path = format!("{PROJECTS}/{id}/results");
    let mag = partner(&cast.mag);
    // MAG proposes a longer project, with Bolivia's MDRyT instead of JICA.
    let mut participants = project["participants"].clone();
    participants[1]["organisation_id"] = cast.mdryt.clone();
    let mut contributions = project["contributions"].clone();
    contributions[0]["organisation_id"] = cast.mdryt.clone();
    let proposal = app
        .patch(&format!("{PROJECTS}/{id}"))
        .bearer(&mag)
        .if_match(&project["version"])
        .json(&json!({"planned_end": "2030-12-31", "participants": participants, "contributions": contributions}))
        .send()
        .await
        .ok(200);
    assert_eq!(proposal["review_status"], "submitted", "{proposal}");

    let late = json!({"results": [{
        "type": 1, "title": {"es": "Resultado"},
        "indicators": [{"measure": 1, "title": {"es": "Indicador"},
            "periods": [{"start": "2029-01-01", "end": "2029-12-31", "target": {"value": "5"}}]}]
    }]});
    let reply = app
        .put(&path)
        .bearer(&mag)
        .header("if-match", "\"0\"")
        .json(&late)
        .send()
        .await;
    reply.problem(422);
    assert_eq!(
        reply.pointers(),
        ["/results/0/indicators/0/periods/0/start"]
    );
    // JICA still takes part in what counts; MDRyT not yet.
    let mut early = late.clone();
    early["results"][0]["indicators"][0]["periods"][0] =
        json!({"start": "2025-01-01", "end": "2025-12-31", "target": {"value": "5"}});
    app.put(&path)
        .bearer(&partner(&cast.mdryt))
        .header("if-match", "\"0\"")
        .json(&early)
        .send()
        .await
        .problem(403);
    app.put(&path)
        .bearer(&partner(&cast.jica))
        .header("if-match", "\"0\"")
        .json(&early)
        .send()
        .await
        .ok(200);
}

/// Results saved on a draft are in their history for everyone who may read the project
/// once it is approved.
#[actix_web::test]
async fn the_history_of_results_is_for_whoever_reads_the_project() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mag = partner(&cast.mag);
    let draft = app
        .post(PROJECTS)
        .bearer(&mag)
        .json(&triangular(&cast, "RES-9"))
        .send()
        .await
        .ok(201);
    let id = draft["id"].as_str().unwrap();
    let path = format!("{PROJECTS}/{id}/results");
    app.put(&path)
        .bearer(&mag)
        .header("if-match", "\"0\"")
        .json(&results())
        .send()
        .await
        .ok(200);
    let submitted = app
        .post(&format!("{PROJECTS}/{id}/submit"))
        .bearer(&mag)
        .if_match(&draft["version"])
        .send()
        .await
        .ok(200);
    app.post(&format!("{PROJECTS}/{id}/approve"))
        .bearer(&token(Role::Coordinator, None))
        .if_match(&submitted["version"])
        .send()
        .await
        .ok(200);
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(history["items"].as_array().unwrap().len(), 1, "{history}");
}

/// A project edit and a results write at the same moment never leave a period outside
/// the project's dates: whichever comes second sees the first (on PostgreSQL both take
/// the writes' lock before reading).
#[actix_web::test]
async fn a_concurrent_project_edit_and_results_write_stay_consistent() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for round in 0..6 {
        let project = app
            .create_project(&triangular(&cast, &format!("RES-RACE-{round}")))
            .await;
        let id = project["id"].as_str().unwrap();
        let late = json!({"results": [{
            "type": 1, "title": {"es": "Resultado"},
            "indicators": [{"measure": 1, "title": {"es": "Indicador"},
                "periods": [{"start": "2026-01-01", "end": "2026-12-31", "target": {"value": "5"}}]}]
        }]});
        let item = format!("{PROJECTS}/{id}");
        let results = format!("{item}/results");
        let shorten = json!({"planned_end": "2025-12-31"});
        let (edit, write) = futures_util::future::join(
            app.patch(&item)
                .bearer(&admin())
                .if_match(&project["version"])
                .json(&shorten)
                .send(),
            app.put(&results)
                .bearer(&admin())
                .header("if-match", "\"0\"")
                .json(&late)
                .send(),
        )
        .await;
        let statuses = (edit.status.as_u16(), write.status.as_u16());
        assert!(
            statuses == (200, 422) || statuses == (422, 200),
            "round {round}: {statuses:?} {} {}",
            edit.text(),
            write.text()
        );
    }
}

/// The errors a client can reach on the results routes besides the rules: a body that is
/// not JSON, malformed JSON, a cursor the history did not issue, an unknown project's
/// progress, a bad statistics filter.
#[actix_web::test]
async fn malformed_requests_are_refused_and_change_nothing() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&triangular(&cast, "RES-10")).await;
    let path = format!("{PROJECTS}/{}/results", project["id"].as_str().unwrap());
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .body("text/plain", "results")
        .send()
        .await
        .problem(415);
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .body("application/json", r#"{"results": [{"type": 1,"#)
        .send()
        .await
        .problem(400);
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "*")
        .json(&results())
        .send()
        .await
        .problem(428);
    app.get(&format!("{path}/history?cursor=AAAAAAAAAAAAAAAAAAAAAAAA"))
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    app.get(&format!("{path}/history?limit=0"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);
    app.get(&format!(
        "{PROJECTS}/0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d/results/progress"
    ))
    .bearer(&admin())
    .send()
    .await
    .problem(404);
    app.get("/api/v1/stats/results?sdg=99")
        .bearer(&admin())
        .send()
        .await
        .problem(400);
    app.get("/api/v1/stats/results?organisation_role=recipient")
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read["version"], 0, "nothing was saved");
}

/// One indicator with wild values (a partner's report counts at once) cannot push the
/// mean progress across projects past 100 %: each indicator counts within 0-100 %.
#[actix_web::test]
async fn the_mean_progress_counts_each_indicator_within_0_and_100_percent() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&triangular(&cast, "RES-WILD")).await;
    let path = format!("{PROJECTS}/{}/results", project["id"].as_str().unwrap());
    let mut wild = results();
    let indicator = &mut wild["results"][0]["indicators"][0];
    indicator["baseline"]["value"] = json!("-9999999999999.999999");
    indicator["periods"][1]["target"]["value"] = json!("1");
    indicator["periods"][1]["actual"]["value"] = json!("19999999999");
    let mut behind = wild["results"][1]["indicators"][0].clone();
    behind["periods"][0]["actual"]["value"] = json!("80");
    wild["results"][1]["indicators"] = json!([behind]);
    app.put(&path)
        .bearer(&partner(&cast.mag))
        .header("if-match", "\"0\"")
        .json(&wild)
        .send()
        .await
        .ok(200);
    let stats = app
        .get("/api/v1/stats/results")
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    // 100 % (capped) and 0 % (from 50 % towards 20 %, at 80 %: a setback, -100 %).
    assert_eq!(stats["total"]["mean_progress_percent"], "50.00", "{stats}");
    assert_eq!(stats["total"]["met"], 1);
}
