//! The actix-web ceiling for `bench/run.sh`: the same framework, the same worker setup as
//! `ssc-api serve` (one worker per core), answering a fixed 1 KB JSON document, with no
//! database, auth or middleware. What a GET of one project reaches is read against it.
//!
//! Run: `cargo run --release --example ceiling -- 127.0.0.1:18099`

use actix_web::{App, HttpResponse, HttpServer, web};

/// 1 KB of JSON, shaped like a small record.
fn document() -> web::Bytes {
    let mut body = String::from(
        r#"{"id":"0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d","code":"AR-BO-2024-001","notes":""#,
    );
    while body.len() < 1024 - 2 {
        body.push('x');
    }
    body.push_str("\"}");
    web::Bytes::from(body)
}

fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18099".into());
    let body = document();
    assert_eq!(body.len(), 1024);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            let body = body.clone();
            App::new().route(
                "/ceiling",
                web::get().to(move || {
                    let body = body.clone();
                    async move {
                        HttpResponse::Ok()
                            .content_type("application/json")
                            .body(body)
                    }
                }),
            )
        })
        .bind(bind)?
        .run()
        .await
    })
}
