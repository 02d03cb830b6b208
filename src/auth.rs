//! Bearer-token authentication and the caller it yields.
//!
//! Tokens are HS256 JWTs. The algorithm is pinned (a token whose header names another one,
//! including `none`, is refused), and `exp`, `iss`, `aud` and `sub` are required and
//! checked with a small leeway for clock skew. Handlers take a [`Caller`] argument; the
//! extractor answers 401 (with `WWW-Authenticate: Bearer`) before the handler runs.

use std::future::{Ready, ready};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::config::Secret;
use crate::error::{ApiError, Problem};

/// Clock skew tolerated on `exp`.
const LEEWAY_SECONDS: u64 = 30;
const MAX_SUBJECT_LEN: usize = 256;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including organisations and API clients.
    Admin,
    /// Manages every cooperation record.
    Coordinator,
    /// A partner ministry: reads what is shared with its organisation, writes its own records.
    Partner,
    /// Reads public records.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Partner => "partner",
            Role::Viewer => "viewer",
        }
    }
}

/// The claims this API reads from a token (registered claims are checked by the library).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub iat: u64,
}

/// Who is calling: the authenticated subject, its role and its organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub sub: String,
    pub role: Role,
    pub org: Option<Uuid>,
}

impl Caller {
    /// 403 unless the caller holds one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            let allowed: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(ApiError::forbidden(format!(
                "this operation needs the role {}; the token has {}",
                allowed.join(" or "),
                self.role.as_str()
            )))
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Key material and rules for issuing and verifying tokens.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl TokenKeys {
    pub fn new(secret: &Secret, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret.expose()),
            decoding: DecodingKey::from_secret(secret.expose()),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        }
    }

    /// Mint a token for `sub` with `role` (and `org`), valid for `ttl`.
    pub fn mint(
        &self,
        sub: &str,
        role: Role,
        org: Option<Uuid>,
        ttl: Duration,
    ) -> Result<String, String> {
        if role == Role::Partner && org.is_none() {
            return Err("a partner token needs an organisation (--org)".into());
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs();
        let claims = Claims {
            sub: sub.to_owned(),
            role,
            org,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            iat: now,
            exp: now + ttl.as_secs(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| e.to_string())
    }

    /// Verify a bearer token and turn it into a caller.
    pub fn verify(&self, token: &str) -> Result<Caller, ApiError> {
        #[derive(Deserialize)]
        struct CallerClaims {
            sub: String,
            role: Role,
            #[serde(default)]
            org: Option<Uuid>,
        }
        let data = jsonwebtoken::decode::<CallerClaims>(token, &self.decoding, &self.validation)
            .map_err(|e| unauthorized_invalid(describe_jwt_error(&e)))?;
        let claims = data.claims;
        if claims.sub.is_empty() || claims.sub.len() > MAX_SUBJECT_LEN {
            return Err(unauthorized_invalid(
                "the sub claim must be 1 to 256 characters",
            ));
        }
        if claims.role == Role::Partner && claims.org.is_none() {
            return Err(unauthorized_invalid(
                "a partner token must carry an org claim",
            ));
        }
        Ok(Caller {
            sub: claims.sub,
            role: claims.role,
            org: claims.org,
        })
    }
}

fn describe_jwt_error(error: &jsonwebtoken::errors::Error) -> &'static str {
    use jsonwebtoken::errors::ErrorKind;
    match error.kind() {
        ErrorKind::ExpiredSignature => "the token has expired",
        ErrorKind::InvalidSignature => "the token signature is invalid",
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
            "the token is not signed with the expected algorithm"
        }
        ErrorKind::InvalidIssuer => "the token was issued by an untrusted issuer",
        ErrorKind::InvalidAudience => "the token is meant for another audience",
        ErrorKind::MissingRequiredClaim(_) => {
            "the token lacks a required claim (exp, iss, aud, sub)"
        }
        ErrorKind::ImmatureSignature => "the token is not valid yet",
        ErrorKind::Json(_) => {
            "the token claims are malformed (role must be admin, coordinator, partner or viewer; org a UUID)"
        }
        _ => "the token is malformed",
    }
}

const WWW_AUTHENTICATE_REALM: &str = "Bearer realm=\"ssc-api\"";

fn unauthorized_missing() -> ApiError {
    ApiError::new(
        Problem::Unauthorized,
        "this endpoint needs an `Authorization: Bearer <token>` header",
    )
    .with_header(header::WWW_AUTHENTICATE, WWW_AUTHENTICATE_REALM)
}

fn unauthorized_invalid(reason: &str) -> ApiError {
    ApiError::new(Problem::Unauthorized, reason).with_header(
        header::WWW_AUTHENTICATE,
        format!(
            "{WWW_AUTHENTICATE_REALM}, error=\"invalid_token\", error_description=\"{reason}\""
        ),
    )
}

/// Read the bearer token from the request and verify it (once per request: the result is
/// kept in the request's extensions for later extractors and middleware).
pub fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    if let Some(caller) = req.extensions().get::<Caller>() {
        return Ok(caller.clone());
    }
    let keys = req
        .app_data::<web::Data<TokenKeys>>()
        .ok_or_else(|| ApiError::internal("token keys are not configured"))?;
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(unauthorized_missing)?;
    let value = value
        .to_str()
        .map_err(|_| unauthorized_invalid("the Authorization header is not valid text"))?;
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => {
            return Err(unauthorized_invalid(
                "the Authorization scheme must be Bearer",
            ));
        }
    };
    let caller = keys.verify(token)?;
    req.extensions_mut().insert(caller.clone());
    Ok(caller)
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

/// A caller that may write cooperation records (admin, coordinator or partner); whether
/// it may write a given record is decided by the resource's own rules. Viewers are
/// refused before the body is read.
#[derive(Debug, Clone)]
pub struct Writer(pub Caller);

impl FromRequest for Writer {
    type Error = ApiError;
    type Future = Ready<Result<Writer, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|caller| {
            caller.require(&[Role::Admin, Role::Coordinator, Role::Partner])?;
            Ok(Writer(caller))
        }))
    }
}

/// A caller with the admin role. As an extractor it answers 401/403 before the request
/// body is even read, so a refused caller learns nothing about its input.
#[derive(Debug, Clone)]
pub struct Admin(pub Caller);

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Ready<Result<Admin, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|caller| {
            caller.require(&[Role::Admin])?;
            Ok(Admin(caller))
        }))
    }
}
