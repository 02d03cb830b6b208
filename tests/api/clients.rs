//! API clients and the client-credentials token endpoint: secrets shown once, tokens for
//! the client's organisation and role, revocation and rotation effective at once, and
//! wrong credentials refused without saying which part was wrong.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use ssc_api::auth::Role;

use ssc_api::http::token_guard::TokenGuard;

use crate::support::{Reply, TestApp, admin, keys, spawn, token};

const CLIENTS: &str = "/api/v1/clients";
const TOKEN: &str = "/api/v1/auth/token";
const FORM: &str = "application/x-www-form-urlencoded";

/// Create a client for `org` with `role`; return (client, secret).
async fn create_client<S, B>(app: &TestApp<S>, org: &Value, role: &str) -> (Value, String)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let reply = app
        .post(CLIENTS)
        .bearer(&admin())
        .json(&json!({"name": "Sistema del MAG", "organisation_id": org, "role": role}))
        .send()
        .await;
    let body = reply.ok(201);
    assert_eq!(
        reply.header("location").unwrap(),
        format!("{CLIENTS}/{}", body["client"]["id"].as_str().unwrap())
    );
    (
        body["client"].clone(),
        body["client_secret"].as_str().unwrap().to_owned(),
    )
}

async fn form_token<S, B>(app: &TestApp<S>, id: &Value, secret: &str) -> Reply
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={secret}",
        id.as_str().unwrap()
    );
    app.post(TOKEN).body(FORM, form).send().await
}

#[actix_web::test]
async fn admins_manage_clients_and_secrets_are_shown_once() {
    let app = spawn().await;
    let mag = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let (client, secret) = create_client(&app, &mag["id"], "partner").await;
    assert!(secret.starts_with("ssc_") && secret.len() > 40, "{secret}");
    assert_eq!(client["organisation_id"], mag["id"]);
    assert_eq!(client["role"], "partner");
    assert_eq!(client["secret_version"], 1);
    assert_eq!(client["revoked_at"], Value::Null);
    assert_eq!(client["created_by"], "admin-user");

    let id = client["id"].as_str().unwrap();
    let read = app
        .get(&format!("{CLIENTS}/{id}"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(read.ok(200), client);
    assert!(!read.text().contains(&secret) && !read.text().contains("argon2"));

    let page = app.get(CLIENTS).bearer(&admin()).send().await.ok(200);
    assert_eq!(page["items"], json!([client]));
    assert_eq!(page["next_cursor"], Value::Null);
    let other = app.organisation("INTA").await;
    let filtered = app
        .get(&format!(
            "{CLIENTS}?organisation={}",
            other["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(filtered["items"], json!([]));

    // The organisation cannot go while a client acts for it.
    let refused = app
        .delete(&format!(
            "/api/v1/organisations/{}",
            mag["id"].as_str().unwrap()
        ))
        .bearer(&admin())
        .if_match(&mag["version"])
        .send()
        .await
        .problem(409);
    assert!(refused["detail"].as_str().unwrap().contains("API client"));
}

#[actix_web::test]
async fn only_admins_manage_clients() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let (client, _) = create_client(&app, &mag["id"], "partner").await;
    let id = client["id"].as_str().unwrap();
    let partner = token(Role::Partner, mag["id"].as_str().unwrap().parse().ok());
    for role_token in [
        token(Role::Coordinator, None),
        partner,
        token(Role::Viewer, None),
    ] {
        app.get(CLIENTS)
            .bearer(&role_token)
            .send()
            .await
            .problem(403);
        app.get(&format!("{CLIENTS}/{id}"))
            .bearer(&role_token)
            .send()
            .await
            .problem(403);
        app.post(CLIENTS)
            .bearer(&role_token)
            .json(&json!({"name": "x", "organisation_id": mag["id"], "role": "viewer"}))
            .send()
            .await
            .problem(403);
        for action in ["rotate", "revoke"] {
            app.post(&format!("{CLIENTS}/{id}/{action}"))
                .bearer(&role_token)
                .send()
                .await
                .problem(403);
        }
    }
    app.get(CLIENTS).send().await.problem(401);
    let unchanged = app
        .get(&format!("{CLIENTS}/{id}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(unchanged, client);
}

#[actix_web::test]
async fn client_input_is_validated() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let missing = "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d";
    let reply = app
        .post(CLIENTS)
        .bearer(&admin())
        .json(&json!({"name": "  ", "organisation_id": missing, "role": "admin"}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/name", "/role"]);
    let reply = app
        .post(CLIENTS)
        .bearer(&admin())
        .json(&json!({"name": "ok", "organisation_id": missing, "role": "partner"}))
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/organisation_id"]);
    // Server-owned fields cannot be set.
    let reply = app
        .post(CLIENTS)
        .bearer(&admin())
        .json(&json!({"name": "ok", "organisation_id": mag["id"], "role": "partner", "secret_version": 9}))
        .send()
        .await;
    reply.problem(400);
    app.get(&format!("{CLIENTS}/{missing}"))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.post(&format!("{CLIENTS}/{missing}/rotate"))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.post(&format!("{CLIENTS}/{missing}/revoke"))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    let page = app.get(CLIENTS).bearer(&admin()).send().await.ok(200);
    assert_eq!(page["items"], json!([]), "nothing was created");
}

#[actix_web::test]
async fn a_client_gets_a_short_lived_token_for_its_organisation_and_role() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let (client, secret) = create_client(&app, &mag["id"], "partner").await;
    let id = client["id"].as_str().unwrap();

    let basic = STANDARD.encode(format!("{id}:{secret}"));
    let replies = [
        form_token(&app, &client["id"], &secret).await,
        app.post(TOKEN)
            .json(&json!({"grant_type": "client_credentials", "client_id": id, "client_secret": secret}))
            .send()
            .await,
        app.post(TOKEN)
            .header("authorization", &format!("Basic {basic}"))
            .body(FORM, "grant_type=client_credentials")
            .send()
            .await,
    ];
    for reply in replies {
        let body = reply.ok(200);
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 900);
        let access = body["access_token"].as_str().unwrap();
        let verified = keys().verify(access).unwrap();
        assert_eq!(verified.caller.role, Role::Partner);
        assert_eq!(
            verified.caller.org.map(|o| o.to_string()).as_deref(),
            mag["id"].as_str()
        );
        assert_eq!(
            verified.client_id.map(|c| c.to_string()).as_deref(),
            Some(id)
        );
        // The token works, with the client's role: a partner reads but may not manage
        // organisations.
        app.get("/api/v1/projects")
            .bearer(access)
            .send()
            .await
            .ok(200);
        app.post("/api/v1/organisations")
            .bearer(access)
            .json(&json!({"name": "x", "organisation_type": "10"}))
            .send()
            .await
            .problem(403);
    }
}

#[actix_web::test]
async fn wrong_credentials_get_one_answer_whichever_part_is_wrong() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let (client, secret) = create_client(&app, &mag["id"], "viewer").await;
    let unknown = json!("0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d");
    // A revoked client, with its right secret, is told no more than a wrong secret is.
    let (revoked, revoked_secret) = create_client(&app, &mag["id"], "viewer").await;
    app.post(&format!(
        "/api/v1/clients/{}/revoke",
        revoked["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .send()
    .await
    .ok(200);
    let mut answers = Vec::new();
    for (id, secret) in [
        (client["id"].clone(), format!("{secret}x")),
        (unknown.clone(), secret.clone()),
        (json!("not-a-uuid"), secret.clone()),
        (client["id"].clone(), String::new()),
        (revoked["id"].clone(), revoked_secret.clone()),
    ] {
        let reply = form_token(&app, &id, &secret).await;
        let mut problem = reply.problem(401);
        assert_eq!(problem["error"], "invalid_client");
        assert_eq!(
            reply.header("www-authenticate"),
            Some("Basic realm=\"ssc-api\"")
        );
        problem.as_object_mut().unwrap().remove("request_id");
        answers.push(problem);
    }
    // So is a Basic header that cannot be read (not base64, not UTF-8, no colon),
    // whatever the body says.
    let id = client["id"].as_str().unwrap();
    for header in [
        "Basic !!!".to_owned(),
        format!("Basic {}", STANDARD.encode([0xff, 0xfe, b':', b'x'])),
        format!("Basic {}", STANDARD.encode(format!("{id}{secret}"))),
        "Basic".to_owned(),
    ] {
        let reply = app
            .post(TOKEN)
            .header("authorization", &header)
            .body(
                FORM,
                format!("grant_type=client_credentials&client_id={id}&client_secret={secret}"),
            )
            .send()
            .await;
        let mut problem = reply.problem(401);
        assert_eq!(
            reply.header("www-authenticate"),
            Some("Basic realm=\"ssc-api\""),
            "{header}"
        );
        problem.as_object_mut().unwrap().remove("request_id");
        answers.push(problem);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    // A Bearer header is not client authentication: the body's credentials count.
    let reply = app
        .post(TOKEN)
        .bearer(&admin())
        .body(
            FORM,
            format!("grant_type=client_credentials&client_id={id}&client_secret={secret}"),
        )
        .send()
        .await;
    assert!(reply.json()["access_token"].is_string(), "{}", reply.text());
}

#[actix_web::test]
async fn malformed_token_requests_are_400_or_415() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let (client, secret) = create_client(&app, &mag["id"], "viewer").await;
    let id = client["id"].as_str().unwrap();
    let bad = [
        (
            format!("grant_type=password&client_id={id}&client_secret={secret}"),
            "unsupported_grant_type",
        ),
        (
            "grant_type=client_credentials".to_owned(),
            "invalid_request",
        ),
        (
            format!("client_id={id}&client_secret={secret}"),
            "invalid_request",
        ),
        ("%%%".to_owned(), "invalid_request"),
    ];
    for (form, error) in bad {
        let reply = app.post(TOKEN).body(FORM, form.clone()).send().await;
        assert_eq!(reply.problem(400)["error"], error, "{form}");
    }
    let basic = STANDARD.encode(format!("{id}:{secret}"));
    let both = app
        .post(TOKEN)
        .header("authorization", &format!("Basic {basic}"))
        .body(
            FORM,
            format!("grant_type=client_credentials&client_id={id}&client_secret={secret}"),
        )
        .send()
        .await;
    assert_eq!(both.problem(400)["error"], "invalid_request");
    app.post(TOKEN)
        .body("application/json", "{\"grant_type\": ")
        .send()
        .await
        .problem(400);
    app.post(TOKEN)
        .body("text/plain", "grant_type=client_credentials")
        .send()
        .await
        .problem(415);
    // Unknown members are ignored (RFC 6749 §3.2), whatever they hold.
    let extra = json!({
        "grant_type": "client_credentials", "client_id": id, "client_secret": secret,
        "audience\u{0}": ["x\u{0}"],
    });
    let text = extra.to_string();
    assert!(text.contains("\\u0000"));
    let reply = app.post(TOKEN).body("application/json", text).send().await;
    assert!(reply.json()["access_token"].is_string(), "{}", reply.text());
}

#[actix_web::test]
async fn revocation_stops_new_and_existing_tokens_at_once() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let (client, secret) = create_client(&app, &mag["id"], "partner").await;
    let id = client["id"].as_str().unwrap();
    let access = form_token(&app, &client["id"], &secret).await.ok(200)["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.get("/api/v1/projects")
        .bearer(&access)
        .send()
        .await
        .ok(200);

    let revoked = app
        .post(&format!("{CLIENTS}/{id}/revoke"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert!(revoked["revoked_at"].is_string());
    let reply = app.get("/api/v1/projects").bearer(&access).send().await;
    reply.problem(401);
    assert!(
        reply
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );
    form_token(&app, &client["id"], &secret).await.problem(401);

    // Revoking again changes nothing; a revoked client cannot be given a new secret.
    let again = app
        .post(&format!("{CLIENTS}/{id}/revoke"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(again, revoked);
    app.post(&format!("{CLIENTS}/{id}/rotate"))
        .bearer(&admin())
        .send()
        .await
        .problem(409);
}

#[actix_web::test]
async fn rotation_replaces_the_secret() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let (client, old_secret) = create_client(&app, &mag["id"], "coordinator").await;
    let id = client["id"].as_str().unwrap();
    let rotated = app
        .post(&format!("{CLIENTS}/{id}/rotate"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, old_secret);
    assert_eq!(rotated["client"]["secret_version"], 2);
    form_token(&app, &client["id"], &old_secret)
        .await
        .problem(401);
    let body = form_token(&app, &client["id"], new_secret).await.ok(200);
    let verified = keys()
        .verify(body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(verified.caller.role, Role::Coordinator);
}

/// The token endpoint limits attempts per client address and per client id, whatever
/// the credentials: guessing is slow, and a flood from one address cannot make the server
/// verify secrets without end.
#[actix_web::test]
async fn token_attempts_are_limited_per_address_and_per_client() {
    let app = crate::support::spawn_with(|state| {
        state.token_guard = std::sync::Arc::new(TokenGuard::new(3, 2));
    })
    .await;
    let org = app
        .organisation("Ministerio de Agricultura y Ganadería")
        .await;
    let (client, secret) = create_client(&app, &org["id"], "partner").await;
    let (other, other_secret) = create_client(&app, &org["id"], "viewer").await;
    let attempt = |address: &str, id: &Value, secret: &str| {
        app.post(TOKEN)
            .peer(address)
            .body(
                FORM,
                format!(
                    "grant_type=client_credentials&client_id={}&client_secret={secret}",
                    id.as_str().unwrap()
                ),
            )
            .send()
    };
    // One address: three attempts, then 429 even with the right secret.
    for _ in 0..3 {
        attempt("203.0.113.7:1000", &client["id"], "wrong")
            .await
            .problem(401);
    }
    let refused = attempt("203.0.113.7:1000", &client["id"], &secret).await;
    refused.problem(429);
    assert!(refused.header("retry-after").is_some());
    // That client id from other addresses: its own allowance is spent too.
    attempt("203.0.113.8:1000", &client["id"], &secret)
        .await
        .problem(429);
    // Another address and another client are not held up.
    attempt("203.0.113.9:1000", &other["id"], &other_secret)
        .await
        .ok(200);
}

/// Swagger UI's Authorize (the contract's `client_credentials` scheme) asks the token
/// endpoint as its OAuth 2.0 client does: a form with an empty `scope`, the credentials
/// in HTTP Basic or in the form. Both get a token that lists records.
#[actix_web::test]
async fn swagger_uis_client_credentials_requests_get_a_token() {
    let app = spawn().await;
    let mag = app.organisation("MAG").await;
    let (client, secret) = create_client(&app, &mag["id"], "partner").await;
    let id = client["id"].as_str().unwrap();
    let basic = STANDARD.encode(format!("{id}:{secret}"));
    let doc = app.get("/api/v1/openapi.json").send().await.ok(200);
    let token_url = doc["components"]["securitySchemes"]["client_credentials"]["flows"]
        ["clientCredentials"]["tokenUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let replies = [
        app.post(&token_url)
            .header("authorization", &format!("Basic {basic}"))
            .header("x-requested-with", "XMLHttpRequest")
            .body(FORM, "grant_type=client_credentials&scope=")
            .send()
            .await,
        app.post(&token_url)
            .body(
                FORM,
                format!(
                    "grant_type=client_credentials&scope=&client_id={id}&client_secret={secret}"
                ),
            )
            .send()
            .await,
    ];
    for reply in replies {
        let access = reply.ok(200)["access_token"].as_str().unwrap().to_owned();
        app.get("/api/v1/projects")
            .bearer(&access)
            .send()
            .await
            .ok(200);
    }
}
