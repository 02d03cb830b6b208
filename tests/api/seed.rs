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

    ssc_api::seed::demo(&app.state.db).await.unwrap();
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
