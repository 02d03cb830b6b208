//! The project list: every filter, the sort orders, and pagination that stays correct
//! while projects are created and changed between page requests.

use std::collections::HashSet;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};

use crate::fixtures::{Cast, PROJECTS, bilateral, cast, triangular};
use crate::support::{TestApp, admin, spawn};

fn codes(page: &Value) -> Vec<String> {
    let mut codes: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes
}

/// A varied set: codes A..F with different countries, sectors, statuses, dates.
async fn dataset<S, B>(app: &TestApp<S>, cast: &Cast)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut a = bilateral(cast, "A-BOL-DAIRY");
    a["description"] = json!({"es": "Cadena LÁCTEA en el Altiplano"});
    app.create_project(&a).await;

    let mut b = bilateral(cast, "B-BOL-HEALTH");
    b["status"] = json!(3);
    b["actual_end"] = json!("2025-12-31");
    b["sectors"] = json!([{"code": "12220", "percentage": "100"}]);
    b["sdg_goals"] = json!([3]);
    b["sdg_targets"] = json!([]);
    b["planned_start"] = json!("2023-01-10");
    app.create_project(&b).await;

    app.create_project(&triangular(cast, "C-PRY-TRI")).await;

    let mut d = bilateral(cast, "D-REGIONAL");
    d["modality"] = json!("regional_ssc");
    d["instrument"] = json!("programme");
    d["recipient_countries"] = json!([]);
    d["recipient_regions"] = json!([{"region_code": "489", "percentage": "100"}]);
    d["planned_start"] = json!("2026-02-01");
    d["actual_start"] = json!(null);
    d["status"] = json!(1);
    app.create_project(&d).await;

    let mut e = bilateral(cast, "E-UNDP");
    e["modality"] = json!("multilateral");
    e["instrument"] = json!("action");
    e["participants"] = json!([
        {"organisation_id": cast.undp, "role": "funding"},
        {"organisation_id": cast.inti, "role": "implementing"}
    ]);
    e["recipient_countries"] = json!([{"country_code": "BO", "percentage": "50"}, {"country_code": "PY", "percentage": "50"}]);
    app.create_project(&e).await;
}

#[actix_web::test]
async fn every_filter_selects_what_it_says() {
    let app = spawn().await;
    let cast = cast(&app).await;
    dataset(&app, &cast).await;
    let inti = cast.inti.as_str().unwrap();
    let inta = cast.inta.as_str().unwrap();
    let cases: Vec<(String, Vec<&str>)> = vec![
        ("status=3".into(), vec!["B-BOL-HEALTH"]),
        (
            "status=2".into(),
            vec!["A-BOL-DAIRY", "C-PRY-TRI", "E-UNDP"],
        ),
        ("modality=triangular".into(), vec!["C-PRY-TRI"]),
        ("modality=regional_ssc".into(), vec!["D-REGIONAL"]),
        ("instrument=action".into(), vec!["E-UNDP"]),
        (
            "visibility=public".into(),
            vec![
                "A-BOL-DAIRY",
                "B-BOL-HEALTH",
                "C-PRY-TRI",
                "D-REGIONAL",
                "E-UNDP",
            ],
        ),
        (
            "country=BO".into(),
            vec!["A-BOL-DAIRY", "B-BOL-HEALTH", "E-UNDP"],
        ),
        ("country=PY".into(), vec!["C-PRY-TRI", "E-UNDP"]),
        ("region=489".into(), vec!["D-REGIONAL"]),
        ("sector=12220".into(), vec!["B-BOL-HEALTH"]),
        (
            "sector=311".into(),
            vec!["A-BOL-DAIRY", "C-PRY-TRI", "D-REGIONAL", "E-UNDP"],
        ),
        (
            "sector=321".into(),
            vec!["A-BOL-DAIRY", "D-REGIONAL", "E-UNDP"],
        ),
        ("sdg=3".into(), vec!["B-BOL-HEALTH"]),
        ("sdg=1".into(), vec!["C-PRY-TRI"]),
        (
            format!("organisation={inti}"),
            vec!["A-BOL-DAIRY", "B-BOL-HEALTH", "D-REGIONAL", "E-UNDP"],
        ),
        (
            format!("organisation={inti}&organisation_role=implementing"),
            vec!["E-UNDP"],
        ),
        (
            format!("organisation={inta}&organisation_role=first_provider"),
            vec!["C-PRY-TRI"],
        ),
        (
            "start_from=2025-01-01".into(),
            vec!["A-BOL-DAIRY", "D-REGIONAL", "E-UNDP"],
        ),
        (
            "start_to=2024-12-31".into(),
            vec!["B-BOL-HEALTH", "C-PRY-TRI"],
        ),
        (
            "start_from=2024-01-01&start_to=2025-12-31".into(),
            vec!["A-BOL-DAIRY", "C-PRY-TRI", "E-UNDP"],
        ),
        ("q=altiplano".into(), vec!["A-BOL-DAIRY"]),
        (
            "q=LACTEA".into(),
            vec!["A-BOL-DAIRY", "B-BOL-HEALTH", "D-REGIONAL", "E-UNDP"],
        ),
        ("q=chaco".into(), vec!["C-PRY-TRI"]),
        ("q=e-undp".into(), vec!["E-UNDP"]),
        (
            "q=CADENA".into(),
            vec!["A-BOL-DAIRY", "B-BOL-HEALTH", "D-REGIONAL", "E-UNDP"],
        ),
        ("country=BO&status=3".into(), vec!["B-BOL-HEALTH"]),
        (
            "updated_since=2000-01-01T00:00:00Z".into(),
            vec![
                "A-BOL-DAIRY",
                "B-BOL-HEALTH",
                "C-PRY-TRI",
                "D-REGIONAL",
                "E-UNDP",
            ],
        ),
        ("updated_since=2999-01-01T00:00:00Z".into(), vec![]),
        (format!("partnership={}", uuid::Uuid::now_v7()), vec![]),
        (
            format!("triangular_arrangement={}", uuid::Uuid::now_v7()),
            vec![],
        ),
    ];
    for (query, expected) in cases {
        let page = app
            .get(&format!("{PROJECTS}?{query}"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(codes(&page), expected, "{query}");
    }
}

#[actix_web::test]
async fn sort_orders() {
    let app = spawn().await;
    let cast = cast(&app).await;
    dataset(&app, &cast).await;
    let ordered = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let by_code = ordered(
        app.get(&format!("{PROJECTS}?sort=code"))
            .bearer(&admin())
            .send()
            .await
            .ok(200),
    );
    assert_eq!(
        by_code,
        [
            "A-BOL-DAIRY",
            "B-BOL-HEALTH",
            "C-PRY-TRI",
            "D-REGIONAL",
            "E-UNDP"
        ]
    );
    let by_start = ordered(
        app.get(&format!("{PROJECTS}?sort=planned_start"))
            .bearer(&admin())
            .send()
            .await
            .ok(200),
    );
    assert_eq!(
        by_start,
        [
            "B-BOL-HEALTH",
            "C-PRY-TRI",
            "A-BOL-DAIRY",
            "E-UNDP",
            "D-REGIONAL"
        ]
    );
    let newest_first = ordered(app.get(PROJECTS).bearer(&admin()).send().await.ok(200));
    assert_eq!(
        newest_first,
        [
            "E-UNDP",
            "D-REGIONAL",
            "C-PRY-TRI",
            "B-BOL-HEALTH",
            "A-BOL-DAIRY"
        ]
    );
}

#[actix_web::test]
async fn bad_list_parameters_are_400_or_422_naming_them() {
    let app = spawn().await;
    let cases = [
        ("status=9", "status"),
        ("status=two", "status"),
        ("modality=bilateral", "modality"),
        ("country=", "country"),
        ("region=1", "region"),
        ("sector=3116", "sector"),
        ("sdg=18", "sdg"),
        ("organisation=INTI", "organisation"),
        ("start_from=2025-13-01", "start_from"),
        ("updated_since=yesterday", "updated_since"),
        ("sort=title", "sort"),
        ("limit=500", "limit"),
        ("cursor=abc", "cursor"),
        ("colour=red", "colour"),
    ];
    for (query, parameter) in cases {
        let response = app
            .get(&format!("{PROJECTS}?{query}"))
            .bearer(&admin())
            .send()
            .await;
        let problem = response.problem(400);
        assert_eq!(
            problem["errors"][0]["parameter"], parameter,
            "{query}: {problem}"
        );
    }
    // Well-formed values the service cannot use: codes in no codelist, parameters that
    // contradict or need each other.
    let cases = [
        ("country=ZZ", "country"),
        ("region=44", "region"),
        ("region=9999", "region"),
        ("sector=99999", "sector"),
        ("sector=999", "sector"),
        ("organisation_role=provider", "organisation_role"),
        ("start_from=2025-06-01&start_to=2025-01-01", "start_to"),
    ];
    for (query, parameter) in cases {
        let response = app
            .get(&format!("{PROJECTS}?{query}"))
            .bearer(&admin())
            .send()
            .await;
        let problem = response.problem(422);
        assert_eq!(
            problem["errors"][0]["parameter"], parameter,
            "{query}: {problem}"
        );
    }
}

/// Walk every page of `url` (limit 2), running `between` after each page.
async fn walk<S, B, F>(app: &TestApp<S>, url: &str, mut between: F) -> Vec<String>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
    F: AsyncFnMut(usize),
{
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for page_number in 0.. {
        let page_url = match &cursor {
            Some(c) => format!("{url}&cursor={c}"),
            None => url.to_owned(),
        };
        let page = app.get(&page_url).bearer(&admin()).send().await.ok(200);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["code"].as_str().unwrap().to_owned()),
        );
        between(page_number).await;
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    seen
}

#[actix_web::test]
async fn pages_stay_correct_while_projects_are_created_and_changed() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut existing = Vec::new();
    for i in 0..9 {
        let mut body = bilateral(&cast, &format!("P-{i:02}"));
        body["planned_start"] = json!(format!("2025-01-{:02}", 10 + i));
        existing.push(app.create_project(&body).await);
    }
    for sort in ["updated_at", "code", "planned_start"] {
        let mut created = 0;
        let seen = walk(
            &app,
            &format!("{PROJECTS}?limit=2&sort={sort}"),
            async |page| {
                // After each page: a new project, and a change to a project not yet seen or
                // already seen (alternately), moving it across the cursor in every order.
                let fresh = bilateral(&cast, &format!("NEW-{sort}-{page}"));
                app.create_project(&fresh).await;
                created += 1;
                let target = &existing[(page * 5) % existing.len()];
                let path = format!("{PROJECTS}/{}", target["id"].as_str().unwrap());
                let current = app.get(&path).bearer(&admin()).send().await.ok(200);
                let moved = json!({
                    "code": format!("{}-m{page}", target["code"].as_str().unwrap()),
                    "planned_start": if page % 2 == 0 { "2025-01-01" } else { "2025-12-01" },
                });
                app.patch(&path)
                    .bearer(&admin())
                    .if_match(&current["version"])
                    .json(&moved)
                    .send()
                    .await
                    .ok(200);
            },
        )
        .await;
        let ids: Vec<String> = seen
            .iter()
            .map(|code| code.split("-m").next().unwrap().to_owned())
            .collect();
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "{sort}: no project twice: {seen:?}"
        );
        for project in &existing {
            let code = project["code"]
                .as_str()
                .unwrap()
                .split("-m")
                .next()
                .unwrap()
                .to_owned();
            assert!(
                ids.contains(&code),
                "{sort}: {code} (existed throughout) was not skipped: {seen:?}"
            );
        }
        assert!(created > 0);
        // Refresh the codes for the next sort order's walk.
        for project in existing.iter_mut() {
            let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
            *project = app.get(&path).bearer(&admin()).send().await.ok(200);
        }
    }
}

/// Cursors are signed: a client cannot choose the snapshot or the position a list works
/// from, by editing an issued cursor or by writing one of its own.
#[actix_web::test]
async fn an_edited_or_made_up_cursor_is_422() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let app = spawn().await;
    let cast = cast(&app).await;
    for i in 0..2 {
        app.create_project(&bilateral(&cast, &format!("C-{i}")))
            .await;
    }
    let page = app
        .get(&format!("{PROJECTS}?limit=1"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let issued = page["next_cursor"].as_str().unwrap();
    let bytes = URL_SAFE_NO_PAD.decode(issued).unwrap();
    // After the signature: the list's name, the snapshot and the position, as JSON.
    let json = std::str::from_utf8(&bytes[16..]).unwrap();
    let (kind, (snapshot, after)): (String, (i64, Value)) = serde_json::from_str(json).unwrap();
    assert!(snapshot > 0);
    let rewritten = serde_json::to_vec(&(kind, (0, after))).unwrap();
    let edited = URL_SAFE_NO_PAD.encode([&bytes[..16], &rewritten].concat());
    let unsigned = URL_SAFE_NO_PAD.encode(&rewritten);
    for cursor in [edited, unsigned] {
        let problem = app
            .get(&format!("{PROJECTS}?limit=1&cursor={cursor}"))
            .bearer(&admin())
            .send()
            .await
            .problem(422);
        assert_eq!(problem["errors"][0]["parameter"], "cursor");
    }
    // The issued one still works.
    app.get(&format!("{PROJECTS}?limit=1&cursor={issued}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
}

#[actix_web::test]
async fn a_cursor_keeps_its_sort_order() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for i in 0..3 {
        app.create_project(&bilateral(&cast, &format!("S-{i}")))
            .await;
    }
    let page = app
        .get(&format!("{PROJECTS}?limit=1&sort=code"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = app
        .get(&format!("{PROJECTS}?limit=1&cursor={cursor}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        next["items"][0]["code"], "S-1",
        "the cursor remembers sort=code"
    );
    let response = app
        .get(&format!(
            "{PROJECTS}?limit=1&sort=updated_at&cursor={cursor}"
        ))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(response.problem(422)["errors"][0]["parameter"], "cursor");
}

#[actix_web::test]
async fn pages_stay_correct_under_concurrent_writes() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut existing = Vec::new();
    for i in 0..30 {
        existing.push(
            app.create_project(&bilateral(&cast, &format!("CC-{i:02}")))
                .await,
        );
    }
    let expected: HashSet<String> = existing
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let walker = async {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let url = match &cursor {
                Some(c) => format!("{PROJECTS}?limit=4&cursor={c}"),
                None => format!("{PROJECTS}?limit=4"),
            };
            let page = app.get(&url).bearer(&admin()).send().await.ok(200);
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["id"].as_str().unwrap().to_owned()),
            );
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return seen,
            }
        }
    };
    // Meanwhile: new projects, and every existing one updated (which moves it to the top of
    // the newest-first order, across the walker's cursor).
    let writer = async {
        for (i, project) in existing.iter().enumerate() {
            let path = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
            app.patch(&path)
                .bearer(&admin())
                .if_match(&project["version"])
                .json(&json!({"status": 3, "actual_end": "2025-12-31"}))
                .send()
                .await
                .ok(200);
            app.create_project(&bilateral(&cast, &format!("CC-NEW-{i:02}")))
                .await;
        }
    };
    let (seen, ()) = futures_util::future::join(walker, writer).await;
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    for id in &expected {
        assert!(
            unique.contains(id),
            "{id} existed throughout and was returned"
        );
    }
}
