//! Concurrent writes: on SQLite they are committed in groups, each in its own savepoint,
//! so one failing write never takes its neighbours down with it.

use futures_util::future::join_all;
use serde_json::json;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn};

#[actix_web::test]
async fn concurrent_writes_succeed_or_fail_on_their_own() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let token = admin();
    // 40 creates at once: even ones valid and distinct, odd ones invalid or duplicates.
    let bodies: Vec<_> = (0..40)
        .map(|i| {
            let mut body = bilateral(&cast, &format!("C-{}", i / 2 * 2));
            if i % 4 == 1 {
                body["sectors"] = json!([]);
            }
            body
        })
        .collect();
    let responses = join_all(
        bodies
            .iter()
            .map(|body| app.post(PROJECTS).bearer(&token).json(body).send()),
    )
    .await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status.as_u16()).collect();
    let created = statuses.iter().filter(|s| **s == 201).count();
    assert_eq!(created, 20, "{statuses:?}");
    for (i, status) in statuses.iter().enumerate() {
        match i % 4 {
            1 => assert_eq!(*status, 422, "invalid body {i}"),
            3 => assert!(*status == 409 || *status == 201, "{i}: {status}"),
            _ => {}
        }
        if *status != 201 {
            assert_eq!(
                responses[i].header("content-type"),
                Some("application/problem+json")
            );
        }
    }
    let list = app
        .get(&format!("{PROJECTS}?limit=200"))
        .bearer(&token)
        .send()
        .await
        .ok(200);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 20, "exactly the accepted writes are stored");
    let codes: std::collections::HashSet<&str> =
        items.iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 20);
}
