//! `/api/v1/clients` (admins manage API clients) and `/api/v1/auth/token` (clients get
//! tokens with the OAuth 2.0 client credentials grant).

use std::time::Duration;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::{Admin, TokenKeys};
use crate::db::Db;
use crate::domain::clients::{
    self, ApiClient, ClientInput, ClientPage, ClientWithSecret, FreshSecret,
};
use crate::error::{ApiError, Problem, ProblemDocument};
use crate::http::client_address::TrustedProxies;
use crate::http::extract::{JsonBody, QueryParams, RecordId, read_body};
use crate::http::idempotency::IdempotencyKey;
use crate::http::respond::Reply;
use crate::http::token_guard::TokenGuard;
use crate::pagination::Cursors;
use crate::routes::idempotent::{self, Answer};
use crate::routes::problems::AdminsOnly;

const TAG: &str = "API clients";

/// How long client-credentials tokens live; registered as app data.
#[derive(Debug, Clone, Copy)]
pub struct AccessTokenTtl(pub Duration);

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_clients)
        .service(create_client)
        .service(get_client)
        .service(rotate_client)
        .service(revoke_client)
        .service(issue_token);
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClientQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only this organisation's clients.
    pub organisation: Option<Uuid>,
}

/// List API clients
///
/// Admins only. Oldest first. Secrets are never shown again.
#[utoipa::path(
    tag = TAG,
    params(ClientQuery),
    responses(
        (status = 200, description = "A page of API clients", body = ClientPage),
        AdminsOnly,
    )
)]
#[get("/clients")]
pub async fn list_clients(
    _admin: Admin,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<ClientQuery>,
) -> Result<web::Json<ClientPage>, ApiError> {
    let query = query.0;
    let page = db
        .read(move |conn| {
            clients::list(
                conn,
                query.organisation,
                query.limit,
                query.cursor.as_deref(),
                &cursors,
            )
        })
        .await?;
    Ok(web::Json(page))
}

/// Create an API client
///
/// Admins only. The response carries the client's secret: it is shown this once and
/// kept only as an Argon2id hash.
#[utoipa::path(
    tag = TAG,
    request_body = ClientInput,
    responses(
        (status = 201, description = "Created; the secret is in the body, once", body = ClientWithSecret,
            headers(("Location" = String, description = "URL of the new client"))),
        AdminsOnly,
    )
)]
#[post("/clients")]
pub async fn create_client(
    Admin(caller): Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    key: IdempotencyKey,
    body: JsonBody<ClientInput>,
) -> Result<HttpResponse, ApiError> {
    key.key()?;
    let bytes = body.bytes().await?;
    let input: ClientInput = crate::request_body::parse_input(&bytes)?;
    let fresh = new_secret().await?;
    let admin = caller.clone();
    idempotent::once(&req, &db, &caller, &key, &bytes, move |conn| {
        let created = clients::create(conn, &admin, input, fresh)?;
        let location = format!("/api/v1/clients/{}", created.client.id);
        Ok(Answer {
            reply: Reply::json(StatusCode::CREATED, &created)?
                .with_header(header::LOCATION, location.clone()),
            replay: Some(
                Reply::problem(&ApiError::conflict(crate::msg!(
                    "replay-created-client",
                    client = created.client.id.to_string(),
                    location = location.as_str()
                )))
                .with_header(header::LOCATION, location),
            ),
        })
    })
    .await
}

/// A new secret and its hash, made off the async workers (hashing is slow on purpose).
async fn new_secret() -> Result<FreshSecret, ApiError> {
    web::block(FreshSecret::generate)
        .await
        .map_err(ApiError::internal)?
}

/// Get an API client
///
/// Admins only.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 200, description = "The client", body = ApiClient),
        AdminsOnly,
    )
)]
#[get("/clients/{id}")]
pub async fn get_client(
    _admin: Admin,
    db: web::Data<Db>,
    id: RecordId,
) -> Result<web::Json<ApiClient>, ApiError> {
    let (client, _) = db
        .read(move |conn| clients::find(conn, id.0))
        .await?
        .ok_or_else(|| clients::not_found(id.0))?;
    Ok(web::Json(client))
}

/// Rotate an API client's secret
///
/// Admins only. A new secret, shown once; the old one gets no new tokens (tokens already
/// issued live out their short lifetime).
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 200, description = "The client and its new secret", body = ClientWithSecret),
        AdminsOnly,
        (status = 409, description = "The client is revoked", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[post("/clients/{id}/rotate")]
pub async fn rotate_client(
    Admin(caller): Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    key: IdempotencyKey,
    id: RecordId,
) -> Result<HttpResponse, ApiError> {
    key.key()?;
    let fresh = new_secret().await?;
    idempotent::once(&req, &db, &caller, &key, b"", move |conn| {
        let rotated = clients::rotate(conn, id.0, fresh)?;
        Ok(Answer {
            reply: Reply::json(StatusCode::OK, &rotated)?,
            replay: Some(Reply::problem(&ApiError::conflict(crate::msg!(
                "replay-rotated-client",
                client = rotated.client.id.to_string()
            )))),
        })
    })
    .await
}

/// Revoke an API client
///
/// Admins only. Its tokens stop working at once and it gets no new ones. Revoking again
/// changes nothing.
#[utoipa::path(
    tag = TAG,
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 200, description = "The revoked client", body = ApiClient),
        AdminsOnly,
    )
)]
#[post("/clients/{id}/revoke")]
pub async fn revoke_client(
    Admin(caller): Admin,
    db: web::Data<Db>,
    req: HttpRequest,
    key: IdempotencyKey,
    id: RecordId,
) -> Result<HttpResponse, ApiError> {
    key.key()?;
    idempotent::once(&req, &db, &caller, &key, b"", move |conn| {
        let revoked = clients::revoke(conn, id.0)?;
        Ok(Answer::same(Reply::json(StatusCode::OK, &revoked)?))
    })
    .await
}

/// A token request (RFC 6749 §4.4). The client may authenticate here or with HTTP Basic.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"grant_type": "client_credentials", "client_id": "0193a6a0-dc1e-7b3a-9c1d-2f4e5a6b7c8d", "client_secret": "ssc_q8Vn3tXb0pG4sYk2mR7wZc1uLf6hJd9aEo5iTv3yNx0"}))]
pub struct TokenRequest {
    /// Must be `client_credentials`.
    #[schema(schema_with = grant_type_schema)]
    pub grant_type: String,
    /// The client's id. Leave it (and `client_secret`) out when the credentials are sent as
    /// HTTP Basic instead (RFC 6749 §2.3.1).
    #[serde(default)]
    #[schema(value_type = String, required = true, max_length = 100)]
    pub client_id: Option<String>,
    /// The client's secret (or HTTP Basic, as `client_id`).
    #[serde(default)]
    #[schema(value_type = String, required = true, max_length = 200)]
    pub client_secret: Option<String>,
    /// Accepted and ignored: a client's token carries its configured role.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub scope: Option<String>,
}

/// Kept a string (not an enum) so that another grant gets OAuth's own error code.
fn grant_type_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["client_credentials"]))
        .description(Some("Must be `client_credentials`."))
        .build()
}

/// A token response (RFC 6749 §5.1).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjbGllbnQ6…", "token_type": "Bearer", "expires_in": 900}))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: u64,
}

fn invalid_request(detail: crate::l10n::Message) -> ApiError {
    ApiError::new(Problem::BadRequest, detail).with_oauth_error("invalid_request")
}

fn invalid_client() -> ApiError {
    crate::metrics::get().token_failure("client_credentials");
    ApiError::new(
        Problem::Unauthorized,
        crate::msg!("client-not-authenticated"),
    )
    .with_oauth_error("invalid_client")
    .with_header(header::WWW_AUTHENTICATE, "Basic realm=\"ssc-api\"")
}

/// Client id and secret from HTTP Basic authentication (RFC 6749 §2.3.1): none without
/// an `Authorization: Basic` header; a Basic header that cannot be read is a failed client
/// authentication (401, the same answer as wrong credentials).
fn basic_credentials(req: &HttpRequest) -> Result<Option<(String, String)>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| invalid_client())?;
    let (scheme, encoded) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let decoded = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(invalid_client)?;
    let (id, secret) = decoded.split_once(':').ok_or_else(invalid_client)?;
    let unescape = |s: &str| {
        form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    };
    match (unescape(id), unescape(secret)) {
        (Some(id), Some(secret)) => Ok(Some((id, secret))),
        _ => Err(invalid_client()),
    }
}

/// Get an access token
///
/// OAuth 2.0 client credentials: `grant_type=client_credentials` with the client's id
/// and secret, in the body (form or JSON) or as HTTP Basic. Wrong credentials, whichever
/// part is wrong, revoked clients and an unreadable Basic header get the same 401. Not subject to `Idempotency-Key`
/// (a retry simply gets another token).
#[utoipa::path(
    tag = TAG,
    request_body(content(
        (TokenRequest = "application/x-www-form-urlencoded"),
        (TokenRequest = "application/json"),
    )),
    responses(
        (status = 200, description = "A bearer token for the client", body = TokenResponse,
            headers(("Cache-Control" = String, description = "no-store"))),
        (status = 400, description = "Malformed request or unsupported grant type (`error`: invalid_request, unsupported_grant_type)", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "The client could not be authenticated (`error`: invalid_client)", body = ProblemDocument, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "Basic realm=\"ssc-api\""))),
        (status = 429, description = "Too many attempts from this address or for this client (SSC_TOKEN_RATE_LIMIT a minute); retry after the given delay", body = ProblemDocument, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait before retrying"))),
        (status = 503, description = "Too many token requests are being checked at once, or the database is unavailable; retry after the given delay", body = ProblemDocument, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait before retrying"))),
    )
)]
#[post("/auth/token")]
pub async fn issue_token(
    req: HttpRequest,
    payload: web::Payload,
    db: web::Data<Db>,
    keys: web::Data<TokenKeys>,
    guard: web::Data<TokenGuard>,
    proxies: web::Data<TrustedProxies>,
) -> Result<HttpResponse, ApiError> {
    guard.admit_address(proxies.client_address(&req))?;
    let ttl = req
        .app_data::<AccessTokenTtl>()
        .copied()
        .unwrap_or(AccessTokenTtl(Duration::from_secs(900)));
    let form = "application/x-www-form-urlencoded";
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let body = read_body(&req, &mut payload.into_inner()).await?;
    let request: TokenRequest = match content_type.as_str() {
        // Unknown members are ignored (RFC 6749 §3.2), whatever text they hold; the
        // known ones are compared, never stored.
        "application/json" => serde_json::from_slice(&body)
            .map_err(|e| invalid_request(crate::msg!("body-malformed", reason = e.to_string())))?,
        ct if ct == form => serde_urlencoded::from_bytes(&body)
            .map_err(|e| invalid_request(crate::msg!("form-malformed", reason = e.to_string())))?,
        _ => {
            return Err(ApiError::new(
                Problem::UnsupportedMediaType,
                crate::msg!("token-content-type", form = form),
            ));
        }
    };
    if request.grant_type != "client_credentials" {
        return Err(
            ApiError::new(Problem::BadRequest, crate::msg!("grant-unsupported"))
                .with_oauth_error("unsupported_grant_type"),
        );
    }
    let (client_id, secret) = match (
        basic_credentials(&req)?,
        request.client_id,
        request.client_secret,
    ) {
        (Some(basic), None, None) => basic,
        (None, Some(id), Some(secret)) => (id, secret),
        (Some(_), _, _) => {
            return Err(invalid_request(crate::msg!("client-credentials-twice")));
        }
        _ => return Err(invalid_request(crate::msg!("client-credentials-missing"))),
    };
    guard.admit_client(&client_id)?;
    let found = match Uuid::try_parse(&client_id) {
        Ok(id) => db.read(move |conn| clients::find(conn, id)).await?,
        Err(_) => None,
    };
    // Argon2 takes its memory and a core: one verification per core at a time.
    let client = guard
        .verify(move |memory| clients::verify(found, &secret, memory))
        .await?
        .ok_or_else(invalid_client)?;
    let ttl = ttl.0;
    let token = keys
        .mint_for_client(client.id, client.role, client.organisation_id, ttl)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::build(StatusCode::OK)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(TokenResponse {
            access_token: token,
            token_type: "Bearer",
            expires_in: ttl.as_secs(),
        }))
}
