//! Statistics of the demand side: cooperation requests (counts, the median days from
//! received to decision, the acceptance rate) and capacities (counts, the projects that
//! draw on them), over exactly what the caller's lists hold.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};
use ssc_api::auth::Role;
use ssc_api::error::ApiError;
use uuid::Uuid;

use crate::fixtures::{
    CAPACITIES, COOPERATION_REQUESTS, PROJECTS, bilateral, capacity, cast, cooperation_request,
};
use crate::support::{admin, spawn, token};

fn group<'a>(stats: &'a Value, key: &str) -> &'a Value {
    stats["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("group {key} in {stats}"))
}

fn keys(stats: &Value) -> Vec<&str> {
    stats["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect()
}

fn org(id: &Value) -> Option<Uuid> {
    id.as_str().map(|s| s.parse().unwrap())
}

/// The figures of a group or total, without its key and labels.
fn figures(value: &Value) -> Value {
    json!({
        "requests": value["requests"], "decided": value["decided"], "accepted": value["accepted"],
        "median_days_to_decision": value["median_days_to_decision"],
        "acceptance_rate": value["acceptance_rate"],
    })
}

fn request_figures(
    requests: i64,
    decided: i64,
    accepted: i64,
    median: Option<f64>,
    rate: Option<f64>,
) -> Value {
    json!({
        "requests": requests, "decided": decided, "accepted": accepted,
        "median_days_to_decision": median, "acceptance_rate": rate,
    })
}

#[actix_web::test]
async fn request_statistics_count_medians_and_acceptance_rates() {
    let app = spawn().await;
    let cast = cast(&app).await;
    // Four public requests from Bolivia, one restricted from Paraguay.
    let mut created = Vec::new();
    for (channel, sectors) in [
        ("joint_commission", json!(["31166", "31182"])),
        ("joint_commission", json!(["31166"])),
        ("direct", json!(["31166", "31182"])),
        ("embassy_note", json!(["43040"])),
    ] {
        let mut body = cooperation_request(&cast);
        body["channel"] = json!(channel);
        body["sectors"] = sectors;
        created.push(app.create(COOPERATION_REQUESTS, &body).await);
    }
    let mut paraguay = cooperation_request(&cast);
    paraguay["requesting_organisation"] = cast.mag.clone();
    paraguay["visibility"] = json!("restricted");
    created.push(app.create(COOPERATION_REQUESTS, &paraguay).await);
    let ids: Vec<String> = created
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();

    // Received 10, 4, 20, 1 and 7 days ago (as if recorded then).
    let received: Vec<(String, i64)> = ids.iter().cloned().zip([10, 4, 20, 1, 7]).collect();
    app.state
        .db
        .write(move |conn| {
            use ssc_api::schema::cooperation_requests as r;
            for (id, days) in &received {
                let at = Utc::now().naive_utc() - Duration::days(*days);
                diesel::update(r::table.filter(r::id.eq(id)))
                    .set(r::created_at.eq(at))
                    .execute(conn)
                    .map_err(ApiError::internal)?;
            }
            Ok(())
        })
        .await
        .unwrap();

    // Decided now: the first, third and fifth accepted (10, 20 and 7 days), the second
    // declined (4 days) and then closed; the fourth still received.
    let coordinator = token(Role::Coordinator, None);
    let step = |id: &str, name: &str, version: &Value, body: Value| {
        let (app, coordinator) = (&app, &coordinator);
        let path = format!("{COOPERATION_REQUESTS}/{id}/{name}");
        let version = version.clone();
        async move {
            app.post(&path)
                .bearer(coordinator)
                .if_match(&version)
                .json(&body)
                .send()
                .await
                .ok(200)
        }
    };
    step(&ids[0], "accept", &created[0]["version"], json!({})).await;
    let declined = step(
        &ids[1],
        "decline",
        &created[1]["version"],
        json!({"reason": "outside_priorities"}),
    )
    .await;
    step(&ids[1], "close", &declined["version"], json!({})).await;
    let assessed = step(&ids[2], "assess", &created[2]["version"], json!({})).await;
    step(&ids[2], "accept", &assessed["version"], json!({})).await;
    step(&ids[4], "accept", &created[4]["version"], json!({})).await;

    let stats = |query: &'static str, bearer: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/stats/cooperation-requests?{query}"))
                .bearer(&bearer)
                .send()
                .await
                .ok(200)
        }
    };

    // The directorate: an even number decided (4, 7, 10, 20 days): the median is 8.5.
    let by_status = stats("", admin()).await;
    assert_eq!(by_status["group_by"], "status", "the default");
    assert_eq!(
        figures(&by_status["total"]),
        request_figures(5, 4, 3, Some(8.5), Some(0.75))
    );
    assert_eq!(keys(&by_status), ["accepted", "closed", "received"]);
    // 7, 10, 20 days: an odd number, the middle one.
    assert_eq!(
        figures(group(&by_status, "accepted")),
        request_figures(3, 3, 3, Some(10.0), Some(1.0))
    );
    assert_eq!(
        figures(group(&by_status, "closed")),
        request_figures(1, 1, 0, Some(4.0), Some(0.0)),
        "closed after being declined: still a decision"
    );
    assert_eq!(
        figures(group(&by_status, "received")),
        request_figures(1, 0, 0, None, None),
        "none decided: no median, no rate"
    );
    assert_eq!(group(&by_status, "accepted")["labels"]["es"], "Aceptada");

    let by_country = stats("group_by=country", admin()).await;
    assert_eq!(
        figures(group(&by_country, "BO")),
        request_figures(4, 3, 2, Some(10.0), Some(0.6667))
    );
    assert_eq!(
        figures(group(&by_country, "PY")),
        request_figures(1, 1, 1, Some(7.0), Some(1.0))
    );
    assert_eq!(
        group(&by_country, "BO")["labels"]["en"],
        "Bolivia (Plurinational State of)"
    );

    // Bolivia and Paraguay: South America (DAC region 489).
    let by_region = stats("group_by=region", admin()).await;
    assert_eq!(keys(&by_region), ["489"]);
    assert_eq!(
        figures(group(&by_region, "489")),
        request_figures(5, 4, 3, Some(8.5), Some(0.75))
    );
    assert!(group(&by_region, "489")["labels"]["en"].is_string());

    // A request is in each of its sectors.
    let by_sector = stats("group_by=sector", admin()).await;
    assert_eq!(keys(&by_sector), ["31166", "31182", "43040"]);
    assert_eq!(
        figures(group(&by_sector, "31166")),
        request_figures(4, 4, 3, Some(8.5), Some(0.75))
    );
    assert_eq!(
        figures(group(&by_sector, "31182")),
        request_figures(3, 3, 3, Some(10.0), Some(1.0))
    );
    assert_eq!(
        figures(group(&by_sector, "43040")),
        request_figures(1, 0, 0, None, None)
    );

    let by_channel = stats("group_by=channel", admin()).await;
    assert_eq!(
        keys(&by_channel),
        ["joint_commission", "direct", "embassy_note"],
        "most requests first, then by key"
    );
    assert_eq!(
        figures(group(&by_channel, "joint_commission")),
        request_figures(3, 3, 2, Some(7.0), Some(0.6667))
    );
    assert_eq!(
        group(&by_channel, "embassy_note")["labels"]["en"],
        "Embassy note"
    );

    // The list's filters apply.
    let filtered = stats("group_by=channel&country=PY", admin()).await;
    assert_eq!(keys(&filtered), ["joint_commission"]);
    assert_eq!(filtered["total"]["requests"], 1);

    // Bolivia's partner: its own and the public ones, never Paraguay's restricted one.
    let bolivia = token(Role::Partner, org(&cast.mdryt));
    let theirs = stats("group_by=country", bolivia.clone()).await;
    assert_eq!(
        figures(&theirs["total"]),
        request_figures(4, 3, 2, Some(10.0), Some(0.6667))
    );
    assert_eq!(keys(&theirs), ["BO"]);
    // Paraguay's partner reads its own restricted one too.
    let paraguay = token(Role::Partner, org(&cast.mag));
    assert_eq!(
        stats("group_by=country", paraguay.clone()).await["total"]["requests"],
        5
    );
    let viewer = token(Role::Viewer, None);
    assert_eq!(
        figures(&stats("", viewer.clone()).await["total"]),
        request_figures(4, 3, 2, Some(10.0), Some(0.6667))
    );

    // The totals are a count over each caller's list.
    for bearer in [admin(), bolivia, paraguay, viewer] {
        let listed = app
            .get(&format!("{COOPERATION_REQUESTS}?limit=200"))
            .bearer(&bearer)
            .send()
            .await
            .ok(200)["items"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(
            stats("group_by=sector", bearer).await["total"]["requests"],
            listed
        );
    }

    // A kept answer follows the next write: the fourth declined (1 day).
    step(
        &ids[3],
        "decline",
        &created[3]["version"],
        json!({"reason": "duplicate"}),
    )
    .await;
    assert_eq!(
        figures(&stats("", admin()).await["total"]),
        request_figures(5, 5, 3, Some(7.0), Some(0.6))
    );
}

#[actix_web::test]
async fn capacity_statistics_count_capacities_and_the_projects_drawing_on_them() {
    let app = spawn().await;
    let cast = cast(&app).await;
    // INTA's public capacity (sectors 31182 and 31166; expert missions, training
    // courses), INTI's restricted one (32165; internships), a public one of both (31166;
    // remote advice).
    let first = app.create(CAPACITIES, &capacity(&cast)).await;
    let mut body = capacity(&cast);
    body["offering_organisations"] = json!([cast.inti]);
    body["sectors"] = json!(["32165"]);
    body["formats"] = json!(["internship"]);
    body["visibility"] = json!("restricted");
    let restricted = app.create(CAPACITIES, &body).await;
    let mut body = capacity(&cast);
    body["offering_organisations"] = json!([cast.inti, cast.inta]);
    body["sectors"] = json!(["31166"]);
    body["formats"] = json!(["remote_advice"]);
    let shared = app.create(CAPACITIES, &body).await;

    // A public project drawing on the first two, a restricted one on the first, a public
    // one on the third, and one on none.
    let project = |code: &str, capacities: Value, visibility: &str| {
        let mut body = bilateral(&cast, code);
        body["capacity_ids"] = capacities;
        body["visibility"] = json!(visibility);
        body
    };
    for body in [
        project("CS-1", json!([first["id"], restricted["id"]]), "public"),
        project("CS-2", json!([first["id"]]), "restricted"),
        project("CS-3", json!([shared["id"]]), "public"),
        project("CS-4", json!([]), "public"),
    ] {
        app.create(PROJECTS, &body).await;
    }

    let stats = |query: &'static str, bearer: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/stats/capacities?{query}"))
                .bearer(&bearer)
                .send()
                .await
                .ok(200)
        }
    };
    let counts = |stats: &Value, key: &str| {
        let group = group(stats, key);
        (
            group["capacities"].as_i64().unwrap(),
            group["projects"].as_i64().unwrap(),
        )
    };

    let by_sector = stats("", admin()).await;
    assert_eq!(by_sector["group_by"], "sector", "the default");
    assert_eq!(by_sector["total"], json!({"capacities": 3, "projects": 3}));
    assert_eq!(keys(&by_sector), ["31166", "31182", "32165"]);
    assert_eq!(counts(&by_sector, "31166"), (2, 3));
    assert_eq!(counts(&by_sector, "31182"), (1, 2));
    assert_eq!(counts(&by_sector, "32165"), (1, 1));
    assert!(group(&by_sector, "31166")["labels"]["en"].is_string());

    let by_format = stats("group_by=format", admin()).await;
    assert_eq!(counts(&by_format, "expert_mission"), (1, 2));
    assert_eq!(counts(&by_format, "internship"), (1, 1));
    assert_eq!(counts(&by_format, "remote_advice"), (1, 1));
    assert_eq!(
        group(&by_format, "internship")["labels"]["en"],
        "Internship"
    );

    let by_organisation = stats("group_by=organisation", admin()).await;
    let (inta, inti) = (cast.inta.as_str().unwrap(), cast.inti.as_str().unwrap());
    assert_eq!(counts(&by_organisation, inta), (2, 3));
    assert_eq!(counts(&by_organisation, inti), (2, 2));
    assert_eq!(
        group(&by_organisation, inti)["labels"]["en"],
        "Instituto Nacional de Tecnología Industrial"
    );

    // A viewer counts neither the restricted capacity nor the restricted project.
    let viewer = stats("", token(Role::Viewer, None)).await;
    assert_eq!(viewer["total"], json!({"capacities": 2, "projects": 2}));
    assert_eq!(keys(&viewer), ["31166", "31182"]);
    assert_eq!(counts(&viewer, "31166"), (2, 2));
    assert_eq!(counts(&viewer, "31182"), (1, 1));
    // So does a partner of another organisation; INTI's partner reads its own.
    let paraguay = stats("", token(Role::Partner, org(&cast.mag))).await;
    assert_eq!(paraguay["total"], viewer["total"]);
    let inti_partner = stats("group_by=format", token(Role::Partner, org(&cast.inti))).await;
    assert_eq!(
        inti_partner["total"],
        json!({"capacities": 3, "projects": 3})
    );

    // The list's filters apply.
    let filtered = stats("group_by=organisation&format=remote_advice", admin()).await;
    assert_eq!(filtered["total"], json!({"capacities": 1, "projects": 1}));
    assert_eq!(counts(&filtered, inti), (1, 1));
}

#[actix_web::test]
async fn bad_demand_statistics_parameters_are_400_422_or_401() {
    let app = spawn().await;
    for (path, status, parameter) in [
        (
            "/api/v1/stats/cooperation-requests?group_by=colour",
            400,
            "group_by",
        ),
        (
            "/api/v1/stats/cooperation-requests?group_by=format",
            400,
            "group_by",
        ),
        (
            "/api/v1/stats/cooperation-requests?country=ZZ",
            422,
            "country",
        ),
        ("/api/v1/stats/cooperation-requests?limit=5", 400, "limit"),
        ("/api/v1/stats/capacities?group_by=country", 400, "group_by"),
        ("/api/v1/stats/capacities?sector=9", 400, "sector"),
    ] {
        let problem = app.get(path).bearer(&admin()).send().await.problem(status);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{path}");
    }
    app.get("/api/v1/stats/cooperation-requests")
        .send()
        .await
        .problem(401);
    app.get("/api/v1/stats/capacities")
        .send()
        .await
        .problem(401);
}
