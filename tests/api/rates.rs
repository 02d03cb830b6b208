//! Exchange rates and expert-day rates: admins set them (one at a time or by CSV), every
//! caller with a token reads them; versions, ETags and every refusal.

use serde_json::json;
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::support::{admin, spawn, token};

#[actix_web::test]
async fn admins_set_a_rate_and_everyone_reads_it() {
    let app = spawn().await;
    let created = app
        .put("/api/v1/exchange-rates/2025/ARS")
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&json!({"units_per_usd": "915.950"}))
        .send()
        .await;
    let rate = created.ok(200);
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(rate["year"], 2025);
    assert_eq!(rate["currency"], "ARS");
    assert_eq!(rate["units_per_usd"], "915.95");
    assert_eq!(rate["version"], 1);

    for role in [Role::Viewer, Role::Coordinator] {
        let read = app
            .get("/api/v1/exchange-rates/2025/ARS")
            .bearer(&token(role, None))
            .send()
            .await;
        assert_eq!(read.ok(200), rate);
        assert_eq!(read.header("etag"), Some("\"1\""));
    }
    let partner = token(Role::Partner, Some(Uuid::now_v7()));
    let page = app
        .get("/api/v1/exchange-rates?year=2025")
        .bearer(&partner)
        .send()
        .await
        .ok(200);
    assert_eq!(page["items"], json!([rate]));
    assert_eq!(page["next_cursor"], json!(null));
    let not_modified = app
        .get("/api/v1/exchange-rates/2025/ARS")
        .bearer(&partner)
        .header("if-none-match", "\"1\"")
        .send()
        .await;
    assert_eq!(not_modified.status.as_u16(), 304);

    // The same value keeps the version; a new one makes the next.
    let same = app
        .put("/api/v1/exchange-rates/2025/ARS")
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"units_per_usd": "915.95"}))
        .send()
        .await
        .ok(200);
    assert_eq!(same["version"], 1);
    let changed = app
        .put("/api/v1/exchange-rates/2025/ARS")
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"units_per_usd": "920"}))
        .send()
        .await
        .ok(200);
    assert_eq!(changed["version"], 2);
    app.put("/api/v1/exchange-rates/2025/ARS")
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"units_per_usd": "930"}))
        .send()
        .await
        .problem(412);
    app.put("/api/v1/exchange-rates/2025/ARS")
        .bearer(&admin())
        .json(&json!({"units_per_usd": "930"}))
        .send()
        .await
        .problem(428);

    app.delete("/api/v1/exchange-rates/2025/ARS")
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .send()
        .await
        .problem(412);
    let deleted = app
        .delete("/api/v1/exchange-rates/2025/ARS")
        .bearer(&admin())
        .header("if-match", "\"2\"")
        .send()
        .await;
    assert_eq!(deleted.status.as_u16(), 204);
    let gone = app
        .get("/api/v1/exchange-rates/2025/ARS")
        .bearer(&partner)
        .send()
        .await
        .problem(404);
    assert!(gone["detail"].as_str().unwrap().contains("ARS"));
}

#[actix_web::test]
async fn only_admins_write_rates() {
    let app = spawn().await;
    for role in [Role::Coordinator, Role::Viewer, Role::Partner] {
        let caller = token(role, Some(Uuid::now_v7()));
        app.put("/api/v1/exchange-rates/2025/ARS")
            .bearer(&caller)
            .header("if-match", "\"0\"")
            .json(&json!({"units_per_usd": "915.95"}))
            .send()
            .await
            .problem(403);
        app.put("/api/v1/expert-day-rates/2025")
            .bearer(&caller)
            .header("if-match", "\"0\"")
            .json(&json!({"amount": "350.00", "currency": "USD"}))
            .send()
            .await
            .problem(403);
        app.post("/api/v1/exchange-rates/upload")
            .bearer(&caller)
            .body("text/csv", "year,currency,units_per_usd\n2025,ARS,1\n")
            .send()
            .await
            .problem(403);
        app.delete("/api/v1/expert-day-rates/2025")
            .bearer(&caller)
            .header("if-match", "\"1\"")
            .send()
            .await
            .problem(403);
    }
    app.get("/api/v1/exchange-rates").send().await.problem(401);
    app.get("/api/v1/expert-day-rates")
        .send()
        .await
        .problem(401);
}

#[actix_web::test]
async fn bad_rates_are_refused_at_their_place() {
    let app = spawn().await;
    let put = |path: &'static str, body: serde_json::Value| {
        app.put(path)
            .bearer(&admin())
            .header("if-match", "\"0\"")
            .json(&body)
    };
    for (rate, message) in [
        ("0", "more than 0"),
        ("-1", "decimal number"),
        ("1.1234567", "6 decimal places"),
    ] {
        let refused = put(
            "/api/v1/exchange-rates/2025/ARS",
            json!({"units_per_usd": rate}),
        )
        .send()
        .await;
        let problem = refused.problem(422);
        assert_eq!(refused.pointers(), ["/units_per_usd"]);
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(message),
            "{problem}"
        );
    }
    let usd = put(
        "/api/v1/exchange-rates/2025/USD",
        json!({"units_per_usd": "1"}),
    )
    .send()
    .await
    .problem(422);
    assert_eq!(usd["errors"][0]["parameter"], "currency");
    let unknown = put(
        "/api/v1/exchange-rates/2025/XXQ",
        json!({"units_per_usd": "1"}),
    )
    .send()
    .await
    .problem(422);
    assert_eq!(unknown["errors"][0]["parameter"], "currency");
    let far = put(
        "/api/v1/exchange-rates/1900/ARS",
        json!({"units_per_usd": "1"}),
    )
    .send()
    .await
    .problem(422);
    assert_eq!(far["errors"][0]["parameter"], "year");
    let word = put(
        "/api/v1/exchange-rates/next/ARS",
        json!({"units_per_usd": "1"}),
    )
    .send()
    .await
    .problem(400);
    assert_eq!(word["errors"][0]["parameter"], "year");
    put(
        "/api/v1/exchange-rates/2025/ARS",
        json!({"units_per_usd": "1", "source": "BCRA"}),
    )
    .send()
    .await
    .problem(400);
    let listed = app
        .get("/api/v1/exchange-rates?currency=USD")
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    assert_eq!(listed["errors"][0]["parameter"], "currency");

    let day = put(
        "/api/v1/expert-day-rates/2025",
        json!({"amount": "0", "currency": "XXQ"}),
    )
    .send()
    .await;
    day.problem(422);
    assert_eq!(day.pointers(), ["/currency"]);
    let day = put(
        "/api/v1/expert-day-rates/2025",
        json!({"amount": "0", "currency": "USD"}),
    )
    .send()
    .await;
    day.problem(422);
    assert_eq!(day.pointers(), ["/amount"]);
    let day = put(
        "/api/v1/expert-day-rates/2025",
        json!({"amount": "1.5", "currency": "CLP"}),
    )
    .send()
    .await;
    day.problem(422);
    assert_eq!(day.pointers(), ["/amount"]);
}

#[actix_web::test]
async fn a_csv_upload_sets_every_rate_or_none() {
    let app = spawn().await;
    let upload = |body: &'static str| {
        app.post("/api/v1/exchange-rates/upload")
            .bearer(&admin())
            .body("text/csv", body)
    };
    let refused = upload(
        "currency,year,units_per_usd\nARS,2025,915.95\nBRL,2025,abc\nXXQ,1800,1\nARS,2025,1\n",
    )
    .send()
    .await;
    refused.problem(422);
    assert_eq!(
        refused.pointers(),
        ["/1/units_per_usd", "/2/currency", "/2/year", "/3/currency"]
    );
    let page = app
        .get("/api/v1/exchange-rates")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(page["items"], json!([]), "nothing was set");

    let report =
        upload("currency,year,units_per_usd\nARS,2025,915.95\nBRL,2025,5.39\nARS,2024, 915.95 \n")
            .send()
            .await
            .ok(200);
    assert_eq!(report, json!({"created": 3, "updated": 0, "unchanged": 0}));
    let report =
        upload("year,currency,units_per_usd,source\n2025,ARS,915.95,BCRA\n2025,BRL,5.40,BCB\n")
            .send()
            .await
            .ok(200);
    assert_eq!(report, json!({"created": 0, "updated": 1, "unchanged": 1}));

    // Paged by year, then currency.
    let first = app
        .get("/api/v1/exchange-rates?limit=2")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let keys: Vec<_> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {} {}", r["year"], r["currency"], r["version"]))
        .collect();
    assert_eq!(keys, ["2024 \"ARS\" 1", "2025 \"ARS\" 1"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("/api/v1/exchange-rates?limit=2&cursor={cursor}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(second["items"][0]["currency"], "BRL");
    assert_eq!(second["items"][0]["units_per_usd"], "5.4");
    assert_eq!(second["items"][0]["version"], 2);
    assert_eq!(second["next_cursor"], json!(null));

    upload("year,units_per_usd\n2025,1\n")
        .send()
        .await
        .problem(422);
    app.post("/api/v1/exchange-rates/upload")
        .bearer(&admin())
        .json(&json!({"year": 2025}))
        .send()
        .await
        .problem(415);
}

#[actix_web::test]
async fn the_expert_day_rate_has_versions() {
    let app = spawn().await;
    app.get("/api/v1/expert-day-rates/2025")
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    let created = app
        .put("/api/v1/expert-day-rates/2025")
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&json!({"amount": "350", "currency": "USD"}))
        .send()
        .await
        .ok(200);
    assert_eq!(created["amount"], "350.00");
    assert_eq!(created["version"], 1);
    let changed = app
        .put("/api/v1/expert-day-rates/2025")
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"amount": "320000", "currency": "ARS"}))
        .send()
        .await
        .ok(200);
    assert_eq!(changed["currency"], "ARS");
    assert_eq!(changed["version"], 2);
    let list = app
        .get("/api/v1/expert-day-rates")
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    assert_eq!(list["items"], json!([changed]));
    let read = app
        .get("/api/v1/expert-day-rates/2025")
        .bearer(&token(Role::Viewer, None))
        .send()
        .await;
    assert_eq!(read.header("etag"), Some("\"2\""));
    app.delete("/api/v1/expert-day-rates/2025")
        .bearer(&admin())
        .send()
        .await
        .problem(428);
    let deleted = app
        .delete("/api/v1/expert-day-rates/2025")
        .bearer(&admin())
        .header("if-match", "\"2\"")
        .send()
        .await;
    assert_eq!(deleted.status.as_u16(), 204);
    app.delete("/api/v1/expert-day-rates/2025")
        .bearer(&admin())
        .header("if-match", "\"2\"")
        .send()
        .await
        .problem(404);
}
