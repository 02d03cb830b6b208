//! Demo data loads through the domain operations and is idempotent.

use crate::support::{admin, spawn};

#[actix_web::test]
async fn demo_seed_loads_the_partner_landscape_once() {
    let app = spawn().await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    let page = app
        .get("/api/v1/organisations?limit=200")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let items = page["items"].as_array().unwrap();
    let acronyms: Vec<&str> = items.iter().filter_map(|o| o["acronym"].as_str()).collect();
    for expected in [
        "INTA",
        "INTI",
        "MDRyT",
        "MAG",
        "MADER",
        "MARD",
        "MARNDR",
        "JICA",
        "UNDP",
        "FAO",
        "SM",
        "PPT-CELAC",
    ] {
        assert!(
            acronyms.contains(&expected),
            "{expected} is in the demo data"
        );
    }
    let countries: std::collections::HashSet<&str> = items
        .iter()
        .filter_map(|o| o["country_code"].as_str())
        .collect();
    for country in ["AR", "BO", "PY", "MZ", "VN", "HT", "JP"] {
        assert!(countries.contains(country), "{country}");
    }
    // DGCIN hangs under the ministry.
    let ministry = items.iter().find(|o| o["acronym"] == "MRECIC").unwrap();
    let dgcin = items.iter().find(|o| o["acronym"] == "DGCIN").unwrap();
    assert_eq!(dgcin["parent_id"], ministry["id"]);
    // Every seeded record has its history.
    let history = app
        .get(&format!(
            "/api/v1/organisations/{}/history",
            dgcin["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(history["items"][0]["actor"], "seed");

    let projects = app
        .get("/api/v1/projects?limit=200")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let projects = projects["items"].as_array().unwrap();
    assert!(projects.len() >= 12, "a dozen demo projects");
    // Every review state, and partners' edits over approved versions that viewers read.
    let states: std::collections::HashSet<&str> = projects
        .iter()
        .map(|p| p["review_status"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["approved", "draft", "returned", "submitted"].into(),
        "every review state is in the demo"
    );
    let reviews = app
        .get("/api/v1/reviews")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(reviews["items"].as_array().unwrap().len(), 1);
    let modalities: std::collections::HashSet<&str> = projects
        .iter()
        .map(|p| p["modality"].as_str().unwrap())
        .collect();
    assert_eq!(modalities.len(), 4, "every modality");
    let dairy = projects
        .iter()
        .find(|p| p["code"] == "FOAR-2025-0012")
        .unwrap();
    let inti = items.iter().find(|o| o["acronym"] == "INTI").unwrap();
    assert_eq!(dairy["participants"][0]["organisation_id"], inti["id"]);

    // Results with baselines, targets and actuals, in several languages.
    let chaco = projects
        .iter()
        .find(|p| p["code"] == "FOAR-TRI-2024-0003")
        .unwrap();
    let progress = app
        .get(&format!(
            "/api/v1/projects/{}/results/progress",
            chaco["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(progress["indicators"].as_array().unwrap().len(), 3);
    assert_eq!(progress["indicators"][0]["progress_percent"], "68.33");
    let stats = app
        .get("/api/v1/stats/results")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(stats["total"]["indicators"], 5);
    assert_eq!(stats["total"]["met"], 2);

    // Transactions from 2024 to 2026, and the execution figures they give.
    let mut years = std::collections::BTreeSet::new();
    let mut with_transactions = 0;
    for project in projects.iter() {
        let read = app
            .get(&format!(
                "/api/v1/projects/{}/transactions",
                project["id"].as_str().unwrap()
            ))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        let transactions = read["transactions"].as_array().unwrap();
        with_transactions += usize::from(!transactions.is_empty());
        years.extend(
            transactions
                .iter()
                .map(|t| t["date"].as_str().unwrap()[..4].to_owned()),
        );
    }
    assert_eq!(with_transactions, 4);
    assert_eq!(
        years.into_iter().collect::<Vec<_>>(),
        ["2024", "2025", "2026"]
    );
    let execution = app
        .get(&format!(
            "/api/v1/projects/{}/execution",
            chaco["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let jpy = &execution["currencies"][0];
    assert_eq!(
        (
            &jpy["currency"],
            &jpy["committed"],
            &jpy["received"],
            &jpy["expended"]
        ),
        (
            &serde_json::json!("JPY"),
            &serde_json::json!("30000000"),
            &serde_json::json!("21000000"),
            &serde_json::json!("7500000")
        ),
        "{execution}"
    );

    // Frameworks: the Argentina-Japan triangular programme with Latin American recipients,
    // a MERCOSUR regional partnership, a FEALAC exchange, study visits.
    let arrangements = app
        .get("/api/v1/triangular-arrangements")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let ppja = arrangements["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]["es"]
                .as_str()
                .unwrap()
                .contains("Argentina-Japón")
        })
        .unwrap();
    assert_eq!(ppja["recipients"].as_array().unwrap().len(), 2);
    let under = app
        .get(&format!(
            "/api/v1/triangular-arrangements/{}/projects",
            ppja["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(under["items"][0]["code"], "FOAR-TRI-2024-0003");
    let partnerships = app
        .get("/api/v1/partnerships?space=mercosur")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(partnerships["items"].as_array().unwrap().len(), 1);
    let scopes: std::collections::HashSet<String> = app
        .get("/api/v1/partnerships")
        .bearer(&admin())
        .send()
        .await
        .ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["scope"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(scopes.len(), 4, "every scope: {scopes:?}");
    let fealac = app
        .get("/api/v1/partnerships?space=fealac")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let fealac_id = fealac["items"][0]["id"].as_str().unwrap();
    let exchanges = app
        .get(&format!("/api/v1/policy-exchanges?partnership={fealac_id}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(exchanges["items"].as_array().unwrap().len(), 1);
    let visits = app
        .get("/api/v1/policy-exchanges?format=study_visit")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert!(visits["items"].as_array().unwrap().len() >= 2);

    ssc_api::seed::demo(&app.state.db).await.unwrap();
    let exchanges_again = app
        .get("/api/v1/policy-exchanges")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        exchanges_again["items"].as_array().unwrap().len(),
        5,
        "a second run adds no exchanges"
    );
    let projects_again = app
        .get("/api/v1/projects?limit=200")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        projects_again["items"].as_array().unwrap().len(),
        projects.len()
    );
    let again = app
        .get("/api/v1/organisations?limit=200")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        again["items"].as_array().unwrap().len(),
        items.len(),
        "a second run adds nothing"
    );
}

#[actix_web::test]
async fn synthetic_seed_writes_valid_varied_projects() {
    let app = spawn().await;
    ssc_api::seed::synthetic(&app.state.db, 300).await.unwrap();
    let mut seen = 0;
    let mut modalities = std::collections::HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/v1/projects?limit=200&cursor={c}"),
            None => "/api/v1/projects?limit=200".to_owned(),
        };
        let page = app.get(&url).bearer(&admin()).send().await.ok(200);
        for project in page["items"].as_array().unwrap() {
            modalities.insert(project["modality"].as_str().unwrap().to_owned());
            seen += 1;
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, 300);
    assert_eq!(modalities.len(), 4);
    // A capacity per ten projects and a request per two, all received.
    let mut counts = Vec::new();
    for list in [
        "/api/v1/capacities?limit=200",
        "/api/v1/cooperation-requests?limit=200",
        "/api/v1/cooperation-requests?limit=200&status=received",
    ] {
        let mut count = 0;
        let mut url = list.to_owned();
        loop {
            let page = app.get(&url).bearer(&admin()).send().await.ok(200);
            count += page["items"].as_array().unwrap().len();
            match page["next_cursor"].as_str() {
                Some(next) => url = format!("{list}&cursor={next}"),
                None => break,
            }
        }
        counts.push(count);
    }
    assert_eq!(counts, [30, 150, 150]);

    // The planner's statistics describe what was loaded: the statistics indexes' rows.
    let analysed: i64 = app
        .state
        .db
        .read(|conn| {
            use diesel::prelude::*;
            #[derive(QueryableByName)]
            struct Rows {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                rows: i64,
            }
            let query = match conn {
                ssc_api::db::DbConnection::Sqlite(_) => {
                    "SELECT CAST(stat AS INTEGER) AS rows FROM sqlite_stat1 \
                     WHERE idx = 'project_countries_stats'"
                }
                ssc_api::db::DbConnection::Postgres(_) => {
                    "SELECT CAST(reltuples AS BIGINT) AS rows FROM pg_class \
                     WHERE relname = 'project_countries_stats'"
                }
            };
            Ok(diesel::sql_query(query).get_result::<Rows>(conn)?.rows)
        })
        .await
        .unwrap();
    assert!(analysed >= 300, "planner statistics of {analysed} rows");
}

/// The demo projects are carried out (activities in every status, costs planned and
/// executed, transactions) and both yearly reports can be made for every year they cover:
/// every rate they need is set.
#[actix_web::test]
async fn demo_execution_is_reportable_in_2024_2025_and_2026() {
    let app = spawn().await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    let projects = app
        .get("/api/v1/projects?limit=200")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let mut statuses = std::collections::BTreeSet::new();
    let mut executed_costs = 0;
    for project in projects["items"].as_array().unwrap() {
        let id = project["id"].as_str().unwrap();
        let activities = app
            .get(&format!("/api/v1/projects/{id}/activities"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        for activity in activities["activities"].as_array().unwrap() {
            statuses.insert(activity["status"].as_str().unwrap().to_owned());
            executed_costs += activity["costs"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["stage"] == "executed")
                .count();
        }
    }
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        ["cancelled", "done", "planned", "postponed"]
    );
    assert!(executed_costs >= 10, "{executed_costs} executed costs");
    for year in [2024, 2025, 2026] {
        for report in ["segib", "tossd"] {
            let reply = app
                .get(&format!("/api/v1/reports/{report}?year={year}"))
                .bearer(&admin())
                .send()
                .await;
            assert_eq!(
                reply.status.as_u16(),
                200,
                "{report} {year}: {}",
                reply.text()
            );
            let rows = reply.text().lines().count() - 1;
            assert!(rows >= 2, "{report} {year}: {rows} rows");
        }
    }
    // In kind: the expert days of 2025's done missions and courses, at 2025's rate.
    let tossd = app
        .get("/api/v1/reports/tossd?year=2025")
        .bearer(&admin())
        .send()
        .await
        .text();
    assert!(tossd.contains(",true,"), "no in-kind row in 2025: {tossd}");
}
