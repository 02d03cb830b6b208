//! HTTP hygiene and limits: security headers on every response, no-store on
//! authenticated responses, CORS only for configured origins, a per-caller rate limit,
//! and a deadline for request bodies.

use std::io::{Read, Write};
use std::time::Duration;

use actix_web::HttpServer;
use serde_json::json;
use ssc_api::app;
use ssc_api::auth::Role;
use ssc_api::http::client_address::TrustedProxies;
use ssc_api::http::rate_limit::CallerRateLimiter;

use crate::support::{admin, spawn, spawn_with, token};

const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn().await;
    let replies = [
        app.get("/api/v1/projects").bearer(&admin()).send().await,
        app.get("/api/v1/projects").send().await,
        app.get("/api/v1/nowhere").bearer(&admin()).send().await,
        app.post("/api/v1/organisations")
            .bearer(&admin())
            .body("application/json", "{")
            .send()
            .await,
        app.get("/healthz").send().await,
        app.get("/api/v1/openapi.json").send().await,
    ];
    for reply in &replies {
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(reply.header("content-security-policy"), Some(API_CSP));
        assert!(reply.header("server").is_none());
    }
    // Authenticated answers are not to be stored by caches.
    for reply in &replies[..4] {
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
    // Except what is meant to be cached: the codelists.
    let codelist = app
        .get("/api/v1/codelists/sectors")
        .bearer(&admin())
        .send()
        .await;
    codelist.ok(200);
    assert_eq!(
        codelist.header("cache-control"),
        Some("private, max-age=3600")
    );

    // Swagger UI runs its own scripts and styles, from this origin only.
    let docs = app.get("/docs/").send().await;
    assert_eq!(docs.status, 200);
    let csp = docs.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        !csp.contains("'unsafe-eval'") && !csp.contains('*'),
        "{csp}"
    );
}

#[actix_web::test]
async fn cors_is_off_unless_origins_are_configured() {
    let app = spawn().await;
    let reply = app
        .get("/api/v1/projects")
        .bearer(&admin())
        .header("origin", "https://app.example.org")
        .send()
        .await;
    reply.ok(200);
    assert!(reply.header("access-control-allow-origin").is_none());
}

#[actix_web::test]
async fn configured_origins_may_call_the_api_from_browsers() {
    let origin = "https://app.example.org";
    let app = spawn_with(|state| state.cors_origins = vec![origin.to_owned()]).await;
    let preflight = app
        .request(actix_web::http::Method::OPTIONS, "/api/v1/projects")
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type, idempotency-key",
        )
        .send()
        .await;
    assert_eq!(preflight.status, 200, "{}", preflight.text());
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(origin)
    );
    let methods = preflight.header("access-control-allow-methods").unwrap();
    assert!(
        methods.contains("POST") && methods.contains("PATCH"),
        "{methods}"
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key") && allowed.contains("if-match"));

    let reply = app
        .get("/api/v1/projects")
        .bearer(&admin())
        .header("origin", origin)
        .send()
        .await;
    reply.ok(200);
    assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        exposed.contains("etag") && exposed.contains("location"),
        "{exposed}"
    );

    // Another origin gets no permission (its browser withholds the response).
    let other = app
        .get("/api/v1/projects")
        .bearer(&admin())
        .header("origin", "https://evil.example.com")
        .send()
        .await;
    assert!(other.header("access-control-allow-origin").is_none());
    let preflight = app
        .request(actix_web::http::Method::OPTIONS, "/api/v1/projects")
        .header("origin", "https://evil.example.com")
        .header("access-control-request-method", "DELETE")
        .send()
        .await;
    // A preflight from elsewhere is refused, as a problem document like every error.
    let problem = preflight.problem(400);
    assert!(
        problem["detail"].as_str().unwrap().contains("Origin"),
        "{problem}"
    );
    assert!(preflight.header("access-control-allow-origin").is_none());

    // From the allowed origin, a method or a header the API does not take is refused too.
    for (method, headers) in [
        ("TRACE", "authorization"),
        ("POST", "authorization, x-forwarded-for"),
        ("POST", "cookie"),
    ] {
        let preflight = app
            .request(actix_web::http::Method::OPTIONS, "/api/v1/projects")
            .header("origin", origin)
            .header("access-control-request-method", method)
            .header("access-control-request-headers", headers)
            .send()
            .await;
        let problem = preflight.problem(400);
        assert!(
            problem["detail"].as_str().unwrap().contains("not allowed"),
            "{method} {headers}: {problem}"
        );
        assert!(preflight.header("access-control-allow-origin").is_none());
    }
}

#[actix_web::test]
async fn callers_over_their_rate_get_429_with_retry_after() {
    // 2 per second, bursts of 4.
    let app = spawn_with(|state| state.rate_limiter = CallerRateLimiter::new(2)).await;
    let viewer = token(Role::Viewer, None);
    for _ in 0..4 {
        app.get("/api/v1/projects")
            .bearer(&viewer)
            .send()
            .await
            .ok(200);
    }
    let refused = app.get("/api/v1/projects").bearer(&viewer).send().await;
    let problem = refused.problem(429);
    assert_eq!(problem["type"], "urn:ssc-api:problem:too-many-requests");
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    assert_eq!(refused.header("x-content-type-options"), Some("nosniff"));
    // Writes are refused before they happen.
    app.post("/api/v1/organisations")
        .bearer(&viewer)
        .json(&json!({"name": "x"}))
        .send()
        .await
        .problem(429);
    // Other callers have their own allowance; health checks are never limited.
    app.get("/api/v1/projects")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    for _ in 0..10 {
        app.get("/healthz").send().await.ok(200);
    }
    // The allowance comes back with time.
    actix_web::rt::time::sleep(Duration::from_millis(600)).await;
    app.get("/api/v1/projects")
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
}

#[actix_web::test]
async fn the_rate_limit_can_be_turned_off() {
    // SSC_RATE_LIMIT=0 (the harness's setting) builds no limiter: a burst far past any
    // default allowance (200) goes through.
    assert!(CallerRateLimiter::new(0).is_none());
    let app = spawn().await;
    assert!(app.state.rate_limiter.is_none());
    for _ in 0..300 {
        app.get("/api/v1/codelists")
            .bearer(&admin())
            .send()
            .await
            .ok(200);
    }
}

/// A client that sends its headers and then trickles (here: stops sending) its body is
/// answered 408 once the deadline passes, on a real socket.
#[actix_web::test]
async fn a_body_that_does_not_arrive_in_time_is_408() {
    let app = spawn_with(|state| state.limits.request_timeout = Duration::from_millis(300)).await;
    let state = app.state.clone();
    let server = HttpServer::new(move || app::build(state.clone()))
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
    let address = server.addrs()[0];
    let running = server.run();
    let handle = running.handle();
    actix_web::rt::spawn(running);

    let token = admin();
    let response = actix_web::rt::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "POST /api/v1/organisations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"name\": "
        )
        .unwrap();
        let started = std::time::Instant::now();
        let mut response = String::new();
        let mut buffer = [0u8; 4096];
        // Read until the headers and the problem body are in.
        while !response.contains("\"request_id\"") {
            let n = stream.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            response.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        (response, started.elapsed())
    })
    .await
    .unwrap();
    handle.stop(false).await;
    let (response, elapsed) = response;
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(response.contains("application/problem+json"), "{response}");
    assert!(response.contains("did not arrive within"), "{response}");
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let list = app
        .get("/api/v1/organisations")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(list["items"], json!([]));
}

/// Without a token, a caller is its connection's address: forged forwarding headers get
/// it no fresh allowance, and naming someone else's address spends nothing of theirs.
#[actix_web::test]
async fn unauthenticated_callers_are_limited_by_their_connection_not_their_headers() {
    // 2 per second, bursts of 4.
    let app = spawn_with(|state| state.rate_limiter = CallerRateLimiter::new(2)).await;
    let victim = "198.51.100.50";
    for i in 0..4 {
        app.get("/api/v1/projects")
            .peer("203.0.113.7:4000")
            .header("x-forwarded-for", &format!("198.51.100.{i}"))
            .send()
            .await
            .problem(401);
    }
    for forged in ["198.51.100.99", victim] {
        app.get("/api/v1/projects")
            .peer("203.0.113.7:4000")
            .header("x-forwarded-for", forged)
            .header("forwarded", &format!("for={forged}"))
            .send()
            .await
            .problem(429);
    }
    app.get("/api/v1/projects")
        .peer(&format!("{victim}:5000"))
        .send()
        .await
        .problem(401);
}

/// Behind a configured proxy, the client named in its forwarding header is the caller.
#[actix_web::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_allowance() {
    let app = spawn_with(|state| {
        state.rate_limiter = CallerRateLimiter::new(2);
        state.trusted_proxies =
            std::sync::Arc::new(TrustedProxies::parse(&["10.0.0.0/8".into()]).unwrap());
    })
    .await;
    let call = |client: &str| {
        app.get("/api/v1/projects")
            .peer("10.0.0.2:4000")
            .header("x-forwarded-for", &format!("{client}, 10.0.0.9"))
            .send()
    };
    for client in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        for _ in 0..4 {
            call(client).await.problem(401);
        }
    }
    call("198.51.100.1").await.problem(429);
    call("198.51.100.4").await.problem(401);
    // The proxy itself, calling without a forwarded address, is a caller of its own.
    app.get("/api/v1/projects")
        .peer("10.0.0.2:4000")
        .send()
        .await
        .problem(401);
}

/// `SSC_PUBLIC_URL` with https: every response tells browsers to use https only.
#[actix_web::test]
async fn strict_transport_security_is_sent_when_the_service_is_https() {
    let plain = spawn().await;
    let reply = plain.get("/healthz").send().await;
    assert_eq!(reply.header("strict-transport-security"), None);
    let https = spawn_with(|state| state.strict_transport_security = true).await;
    for path in ["/healthz", "/api/v1/projects", "/nowhere"] {
        let reply = https.get(path).send().await;
        assert_eq!(
            reply.header("strict-transport-security"),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

/// Swagger UI forgets the pasted token with the page unless told otherwise
/// (`SSC_SWAGGER_PERSIST_AUTHORIZATION`).
#[actix_web::test]
async fn swagger_ui_keeps_no_token_in_the_browser_by_default() {
    let initializer = |persist: bool| async move {
        let app = spawn_with(|state| state.swagger_persist_authorization = persist).await;
        app.get("/docs/swagger-initializer.js").send().await.text()
    };
    let default = initializer(false).await;
    assert!(
        default.contains("\"persistAuthorization\": false"),
        "{default}"
    );
    let kept = initializer(true).await;
    assert!(kept.contains("\"persistAuthorization\": true"), "{kept}");
}
