//! Statistics: counts and per-currency budgets computed in the database, over exactly
//! the records the caller may read, with the lists' filters.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{EXCHANGES, bilateral, cast, exchange, triangular};
use crate::support::{admin, spawn, token};

fn group<'a>(stats: &'a Value, key: &str) -> &'a Value {
    stats["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("group {key} in {stats}"))
}

#[actix_web::test]
async fn project_statistics_by_every_dimension() {
    let app = spawn().await;
    let cast = cast(&app).await;
    // Two bilateral projects in Bolivia in USD, one triangular in Paraguay in JPY, one
    // restricted bilateral in Bolivia in USD.
    app.create_project(&bilateral(&cast, "B-1")).await;
    let mut second = bilateral(&cast, "B-2");
    second["budget"] = json!({"amount": "0.50", "currency": "USD"});
    second["sectors"] =
        json!([{"code": "31166", "percentage": "50"}, {"code": "31195", "percentage": "50"}]);
    app.create_project(&second).await;
    app.create_project(&triangular(&cast, "T-1")).await;
    let mut hidden = bilateral(&cast, "R-1");
    hidden["visibility"] = json!("restricted");
    hidden["budget"] = json!({"amount": "1000.00", "currency": "USD"});
    app.create_project(&hidden).await;

    let stats = |q: &'static str, bearer: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/stats/projects?{q}"))
                .bearer(&bearer)
                .send()
                .await
                .ok(200)
        }
    };
    let by_modality = stats("group_by=modality", admin()).await;
    assert_eq!(by_modality["group_by"], "modality");
    assert_eq!(by_modality["total"]["projects"], 4);
    assert_eq!(
        by_modality["total"]["budget"],
        json!([{"currency": "JPY", "amount": "30000000"}, {"currency": "USD", "amount": "126000.50"}]),
        "summed per currency, never across"
    );
    let bilateral_group = group(&by_modality, "bilateral_ssc");
    assert_eq!(bilateral_group["projects"], 3);
    assert_eq!(
        bilateral_group["labels"]["es"],
        "Cooperación Sur-Sur bilateral"
    );
    assert_eq!(
        by_modality["groups"][0]["key"], "bilateral_ssc",
        "most projects first"
    );

    // A viewer's statistics leave the restricted project out.
    let viewer = stats("group_by=modality", token(Role::Viewer, None)).await;
    assert_eq!(viewer["total"]["projects"], 3);
    assert_eq!(
        group(&viewer, "bilateral_ssc")["budget"],
        json!([{"currency": "USD", "amount": "125000.50"}])
    );

    let by_country = stats("group_by=country", admin()).await;
    assert_eq!(group(&by_country, "BO")["projects"], 3);
    assert_eq!(
        group(&by_country, "PY")["budget"],
        json!([{"currency": "JPY", "amount": "30000000"}])
    );
    assert_eq!(
        group(&by_country, "BO")["labels"]["en"],
        "Bolivia (Plurinational State of)"
    );

    // B-2 has two sectors in category 311 and is counted once there.
    let by_category = stats("group_by=sector_category", admin()).await;
    assert_eq!(group(&by_category, "311")["projects"], 4);
    assert_eq!(group(&by_category, "321")["projects"], 2);

    let by_sdg = stats("group_by=sdg", admin()).await;
    assert_eq!(group(&by_sdg, "2")["projects"], 4);
    assert_eq!(group(&by_sdg, "1")["projects"], 1);

    let by_year = stats("group_by=start_year", admin()).await;
    assert_eq!(group(&by_year, "2025")["projects"], 3);
    assert_eq!(group(&by_year, "2024")["projects"], 1);

    let by_status = stats("group_by=status", admin()).await;
    assert_eq!(group(&by_status, "2")["labels"]["en"], "Implementation");

    let by_org = stats("group_by=organisation", admin()).await;
    let inti = group(&by_org, cast.inti.as_str().unwrap());
    assert_eq!(inti["projects"], 3);
    assert_eq!(
        inti["labels"]["en"],
        "Instituto Nacional de Tecnología Industrial"
    );

    // The list's filters apply.
    let filtered = stats("group_by=country&modality=triangular", admin()).await;
    assert_eq!(filtered["total"]["projects"], 1);
    assert_eq!(filtered["groups"].as_array().unwrap().len(), 1);

    let region = stats("group_by=region", admin()).await;
    assert!(region["groups"].as_array().unwrap().is_empty());
    assert_eq!(region["total"]["projects"], 4);
}

#[actix_web::test]
async fn exchange_statistics_by_format_and_year() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create(EXCHANGES, &exchange(&cast)).await;
    let mut second = exchange(&cast);
    second["participants_total"] = json!(20);
    second["participants_women"] = json!(11);
    second["expert_days"] = json!(null);
    app.create(EXCHANGES, &second).await;
    let mut workshop = exchange(&cast);
    workshop["format"] = json!("workshop");
    workshop["start_date"] = json!("2024-03-01");
    workshop["end_date"] = json!("2024-03-02");
    workshop["participants_total"] = json!(null);
    workshop["participants_women"] = json!(null);
    app.create(EXCHANGES, &workshop).await;

    let by_format = app
        .get("/api/v1/stats/policy-exchanges")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(by_format["group_by"], "format");
    assert_eq!(
        by_format["total"],
        json!({"exchanges": 3, "participants_total": 32, "participants_women": 18, "expert_days": 20})
    );
    let visits = group(&by_format, "study_visit");
    assert_eq!(visits["exchanges"], 2);
    assert_eq!(visits["participants_women"], 18);
    assert_eq!(visits["labels"]["es"], "Visita de estudio");
    let by_year = app
        .get("/api/v1/stats/policy-exchanges?group_by=year&status=planned")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let years: Vec<&str> = by_year["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(years, ["2024", "2025"]);
}

#[actix_web::test]
async fn bad_statistics_parameters_are_400_or_422() {
    let app = spawn().await;
    for (path, status, parameter) in [
        ("/api/v1/stats/projects?group_by=colour", 400, "group_by"),
        ("/api/v1/stats/projects?country=Z", 400, "country"),
        ("/api/v1/stats/projects?country=ZZ", 422, "country"),
        (
            "/api/v1/stats/projects?organisation_role=provider",
            422,
            "organisation_role",
        ),
        ("/api/v1/stats/projects?limit=5", 400, "limit"),
        (
            "/api/v1/stats/policy-exchanges?group_by=country",
            400,
            "group_by",
        ),
        (
            "/api/v1/stats/policy-exchanges?start_from=2025-02-01&start_to=2025-01-01",
            422,
            "start_to",
        ),
    ] {
        let problem = app.get(path).bearer(&admin()).send().await.problem(status);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{path}");
    }
    app.get("/api/v1/stats/projects").send().await.problem(401);
}

/// Answers are kept between writes, never past one: each write (create, patch, review,
/// delete) shows in the next answer, for every scope, and the totals equal a count over
/// the caller's list.
#[actix_web::test]
async fn kept_statistics_follow_every_write() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partner = token(
        Role::Partner,
        Some(cast.inti.as_str().unwrap().parse().unwrap()),
    );
    let viewer = token(Role::Viewer, None);
    let count = |bearer: String| {
        let app = &app;
        async move {
            let stats = app
                .get("/api/v1/stats/projects?group_by=country")
                .bearer(&bearer)
                .send()
                .await
                .ok(200);
            let listed = app
                .get("/api/v1/projects?limit=200")
                .bearer(&bearer)
                .send()
                .await
                .ok(200)["items"]
                .as_array()
                .unwrap()
                .len() as i64;
            assert_eq!(
                stats["total"]["projects"], listed,
                "the totals are a count over the list"
            );
            stats["groups"]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g["key"] == "BO")
                .map_or(0, |g| g["projects"].as_i64().unwrap())
        }
    };
    let everyone = || [admin(), partner.clone(), viewer.clone()];
    for bearer in everyone() {
        assert_eq!(count(bearer.clone()).await, 0);
        assert_eq!(count(bearer).await, 0, "asked again");
    }
    let created = app.create_project(&bilateral(&cast, "KEPT-1")).await;
    for bearer in everyone() {
        assert_eq!(count(bearer).await, 1);
    }
    // Restricted: the admin and the participating partner still count it, the viewer not.
    let restricted = app
        .patch(&format!(
            "/api/v1/projects/{}",
            created["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .if_match(&created["version"])
        .body(
            "application/merge-patch+json",
            r#"{"visibility": "restricted"}"#,
        )
        .send()
        .await
        .ok(200);
    assert_eq!(count(admin()).await, 1);
    assert_eq!(count(partner.clone()).await, 1);
    assert_eq!(count(viewer.clone()).await, 0);
    app.delete(&format!(
        "/api/v1/projects/{}",
        created["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .if_match(&restricted["version"])
    .send()
    .await
    .ok(204);
    for bearer in everyone() {
        assert_eq!(count(bearer).await, 0);
    }
    // Many at once after a write: one computes, the others take its answer; all agree.
    app.create_project(&bilateral(&cast, "KEPT-2")).await;
    let replies = futures_util::future::join_all((0..24).map(|_| {
        app.get("/api/v1/stats/projects?group_by=country")
            .bearer(&viewer)
            .send()
    }))
    .await;
    for reply in &replies {
        assert_eq!(reply.ok(200)["total"]["projects"], 1);
    }
}

/// An amount in ten-thousandths, for adding decimals exactly.
fn ten_thousandths(amount: &str) -> i128 {
    let (whole, fraction) = amount.split_once('.').unwrap_or((amount, ""));
    let fraction = format!("{fraction:0<4}");
    whole.parse::<i128>().unwrap() * 10_000 + fraction.parse::<i128>().unwrap()
}

/// Projects and budgets per currency of one group.
type Tally = (i64, BTreeMap<String, i128>);

fn add(tally: &mut Tally, project: &Value) {
    tally.0 += 1;
    if let Some(budget) = project["budget"].as_object() {
        *tally
            .1
            .entry(budget["currency"].as_str().unwrap().to_owned())
            .or_default() += ten_thousandths(budget["amount"].as_str().unwrap());
    }
}

fn tally_of(group: &Value) -> Tally {
    let budgets = group["budget"].as_array().unwrap();
    (
        group["projects"].as_i64().unwrap(),
        budgets
            .iter()
            .map(|b| {
                (
                    b["currency"].as_str().unwrap().to_owned(),
                    ten_thousandths(b["amount"].as_str().unwrap()),
                )
            })
            .collect(),
    )
}

/// The keys a project counts under for a dimension, each once.
fn keys_of(project: &Value, dimension: &str) -> BTreeSet<String> {
    let each = |list: &str, member: &str| -> BTreeSet<String> {
        project[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| match &item[member] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect()
    };
    match dimension {
        "country" => each("recipient_countries", "country_code"),
        "region" => each("recipient_regions", "region_code"),
        "sector_category" => each("sectors", "code")
            .into_iter()
            .map(|code| code[..3].to_owned())
            .collect(),
        "sdg" => project["sdg_goals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|goal| goal.to_string())
            .collect(),
        "organisation" => each("participants", "organisation_id"),
        "modality" => BTreeSet::from([project["modality"].as_str().unwrap().to_owned()]),
        "status" => BTreeSet::from([project["status"].to_string()]),
        "start_year" => {
            BTreeSet::from([project["planned_start"].as_str().unwrap()[..4].to_owned()])
        }
        other => panic!("no dimension {other}"),
    }
}

/// Every statistic equals a count over the caller's own list, for every dimension, every
/// kind of caller and with or without filters: over approved records, restricted ones,
/// a partner's draft, an edit awaiting review (which counts its approved content) and
/// edits and deletes that count at once (whose copies in the grouped rows must follow).
#[actix_web::test]
async fn statistics_equal_a_count_over_the_callers_list() {
    let app = spawn().await;
    let cast = cast(&app).await;
    ssc_api::seed::synthetic(&app.state.db, 120).await.unwrap();
    let mag = token(
        Role::Partner,
        Some(cast.mag.as_str().unwrap().parse().unwrap()),
    );
    // A draft of MAG's, public but not approved: MAG and the directorate count it.
    let draft = app
        .post("/api/v1/projects")
        .bearer(&mag)
        .json(&triangular(&cast, "STATS-DRAFT"))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");
    // An approved project that MAG edits: the edit awaits review, the approved content
    // (Paraguay, JPY) is what counts.
    let approved = app
        .create_project(&triangular(&cast, "STATS-PENDING"))
        .await;
    let pending = app
        .patch(&format!(
            "/api/v1/projects/{}",
            approved["id"].as_str().unwrap()
        ))
        .bearer(&mag)
        .if_match(&approved["version"])
        .json(&json!({
            "recipient_countries": [{"country_code": "BO", "percentage": "100"}],
            "budget": {"amount": "7.25", "currency": "EUR"},
        }))
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");
    // Edits that count at once move a project between groups and scopes.
    let moved = app.create_project(&bilateral(&cast, "STATS-MOVED")).await;
    app.patch(&format!(
        "/api/v1/projects/{}",
        moved["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .if_match(&moved["version"])
    .json(&json!({
        "visibility": "restricted",
        "recipient_countries": [{"country_code": "PE", "percentage": "100"}],
        "budget": {"amount": "99.99", "currency": "ARS"},
    }))
    .send()
    .await
    .ok(200);
    let gone = app.create_project(&bilateral(&cast, "STATS-GONE")).await;
    app.delete(&format!(
        "/api/v1/projects/{}",
        gone["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .if_match(&gone["version"])
    .send()
    .await
    .ok(204);

    let callers = [
        ("admin", admin()),
        ("MAG", mag.clone()),
        (
            "INTI",
            token(
                Role::Partner,
                Some(cast.inti.as_str().unwrap().parse().unwrap()),
            ),
        ),
        ("viewer", token(Role::Viewer, None)),
    ];
    let dimensions = [
        "country",
        "region",
        "sector_category",
        "sdg",
        "organisation",
        "modality",
        "status",
        "start_year",
    ];
    // Then again with the copies written by migration 000010 from the projects' rows
    // (undone and run again).
    for round in ["as written", "as migrated"] {
        if round == "as migrated" {
            use ssc_api::db::{revert_migrations_after, run_migrations};
            app.state
                .db
                .write(|conn| {
                    let fail = ssc_api::error::ApiError::internal;
                    assert_eq!(
                        revert_migrations_after(conn, "2026-12-03-000009").map_err(fail)?,
                        2,
                        "000010 and 000012 (webhooks)"
                    );
                    run_migrations(conn).map_err(fail)?;
                    Ok(())
                })
                .await
                .unwrap();
            // A change, so that no answer kept from the first round is served.
            app.create_organisation(
                json!({"name": "Statistics after the migration", "organisation_type": "40"}),
            )
            .await;
        }
        for (who, bearer) in &callers {
            for filter in ["", "&status=2", "&modality=triangular&country=PY"] {
                // Statistics count what counts: for the edit awaiting review, its approved
                // content, whoever asks (the list shows its participants the edit).
                let list: Vec<Value> =
                    crate::exports::whole_list(&app, "/api/v1/projects", filter, bearer)
                        .await
                        .into_iter()
                        .map(|p| {
                            if p["id"] == approved["id"] {
                                approved.clone()
                            } else {
                                p
                            }
                        })
                        .filter(|p| {
                            filter.is_empty()
                                || p["status"] == 2 && filter == "&status=2"
                                || filter.contains("triangular")
                                    && p["modality"] == "triangular"
                                    && keys_of(p, "country").contains("PY")
                        })
                        .collect();
                let mut total = Tally::default();
                list.iter().for_each(|p| add(&mut total, p));
                for dimension in dimensions {
                    let mut expected: BTreeMap<String, Tally> = BTreeMap::new();
                    for project in &list {
                        for key in keys_of(project, dimension) {
                            add(expected.entry(key).or_default(), project);
                        }
                    }
                    let stats = app
                        .get(&format!(
                            "/api/v1/stats/projects?group_by={dimension}{filter}"
                        ))
                        .bearer(bearer)
                        .send()
                        .await
                        .ok(200);
                    let answered: BTreeMap<String, Tally> = stats["groups"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|g| (g["key"].as_str().unwrap().to_owned(), tally_of(g)))
                        .collect();
                    let context = format!("{round}: {who}, group_by={dimension}{filter}");
                    assert_eq!(answered, expected, "{context}");
                    assert_eq!(tally_of(&stats["total"]), total, "{context}: total");
                }
            }
        }
    }
}
