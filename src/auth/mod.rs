//! Bearer-token authentication and the caller it yields.
//!
//! Handlers take a [`Caller`] (or [`RecordWriter`], [`Admin`]) argument: the extractor
//! verifies the token (see `tokens`) and answers 401 (with `WWW-Authenticate: Bearer`)
//! or 403 before the handler runs, and before the request body is read. Tokens issued
//! to an API client are also checked against the client's revocation on every request.

pub mod issuers;
pub mod tokens;

use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use crate::closed_vocabulary::vocabulary;
use crate::error::{ApiError, Problem};
use crate::msg;

pub use tokens::{Claims, TokenKeys, Verified};

/// Clock skew tolerated on `exp`, for our tokens and external issuers' alike.
pub const CLOCK_LEEWAY_SECONDS: u64 = 30;

vocabulary! {
    #[derive(clap::ValueEnum)]
    Role {
        /// Everything, including organisations and API clients.
        Admin = "admin", "Administrator", "Administrador";
        /// Manages every cooperation record.
        Coordinator = "coordinator", "Coordinator", "Coordinador";
        /// A partner ministry: reads what is shared with its organisation, writes its own records.
        Partner = "partner", "Partner ministry", "Ministerio socio";
        /// Reads public records.
        Viewer = "viewer", "Viewer", "Lector";
    }
}

impl Role {
    /// Order of power: viewer < partner < coordinator < admin.
    pub fn rank(self) -> u8 {
        match self {
            Role::Viewer => 0,
            Role::Partner => 1,
            Role::Coordinator => 2,
            Role::Admin => 3,
        }
    }
}

/// Who is calling: the authenticated subject, its role and its organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub sub: String,
    pub role: Role,
    pub org: Option<Uuid>,
    /// Who issued the token: the API itself or a trusted external issuer.
    pub issuer: String,
}

impl Caller {
    /// 403 unless the caller holds one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            let allowed: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(ApiError::forbidden(crate::messages::needs_role(
                &allowed,
                self.role.as_str(),
            )))
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// A key naming this caller across tokens (issuer and subject): idempotency keys
    /// and rate limits are scoped by it.
    pub fn scope(&self) -> String {
        format!("{}|{}", self.issuer, self.sub)
    }
}

const WWW_AUTHENTICATE_REALM: &str = "Bearer realm=\"ssc-api\"";

fn unauthorized_missing() -> ApiError {
    ApiError::new(Problem::Unauthorized, msg!("auth-missing"))
        .with_header(header::WWW_AUTHENTICATE, WWW_AUTHENTICATE_REALM)
}

/// 401 for a token that is not valid: the detail in the caller's language, the
/// header's `error_description` in English (RFC 6750 wants it ASCII; it is the same for
/// every caller).
pub(crate) fn unauthorized_invalid(reason: crate::l10n::Message) -> ApiError {
    crate::metrics::get().token_failure("bearer");
    let description = reason.render(crate::l10n::Language::En);
    ApiError::new(Problem::Unauthorized, reason).with_header(
        header::WWW_AUTHENTICATE,
        format!(
            "{WWW_AUTHENTICATE_REALM}, error=\"invalid_token\", error_description=\"{description}\""
        ),
    )
}

/// Whether an API client may still use its tokens (it exists and is not revoked). The
/// app registers one as `web::Data<dyn ClientStatus>`; authentication needs the answer,
/// not the storage of clients.
pub trait ClientStatus: Send + Sync + 'static {
    fn is_active(&self, client: Uuid) -> LocalBoxFuture<'static, Result<bool, ApiError>>;
}

/// The token's verification, done once per request and kept in its extensions.
fn verify_request(req: &HttpRequest) -> Result<Verified, ApiError> {
    if let Some(verified) = req.extensions().get::<Verified>() {
        return Ok(verified.clone());
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
        .map_err(|_| unauthorized_invalid(msg!("auth-header-not-text")))?;
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => {
            return Err(unauthorized_invalid(msg!("auth-scheme-not-bearer")));
        }
    };
    // `Bearer Bearer eyJ…`: the prefix came along with the token that was pasted.
    if token
        .get(..7)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("bearer "))
    {
        return Err(unauthorized_invalid(msg!("token-with-bearer-prefix")));
    }
    let verified = keys.verify(token)?;
    req.extensions_mut().insert(verified.clone());
    Ok(verified)
}

/// Who is calling, if the request carries a valid token (for rate limits; revocation of
/// API clients is not checked here).
pub fn identify(req: &HttpRequest) -> Option<String> {
    verify_request(req).ok().map(|v| v.caller.scope())
}

/// Authenticate the request: a valid token, and for an API client's token a client
/// that has not been revoked. The caller is kept in the request's extensions.
pub async fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    if let Some(caller) = req.extensions().get::<Caller>() {
        return Ok(caller.clone());
    }
    let verified = verify_request(req)?;
    if let Some(client) = verified.client_id {
        let clients = req
            .app_data::<web::Data<dyn ClientStatus>>()
            .ok_or_else(|| ApiError::internal("API client status is not configured"))?
            .clone();
        if !clients.is_active(client).await? {
            return Err(unauthorized_invalid(msg!("token-client-revoked")));
        }
    }
    req.extensions_mut().insert(verified.caller.clone());
    Ok(verified.caller)
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await })
    }
}

/// A caller whose role may write cooperation records (admin, coordinator or partner);
/// whether it may write a given record is decided by the record's own rules. Viewers
/// are refused before the body is read.
#[derive(Debug, Clone)]
pub struct RecordWriter(pub Caller);

impl FromRequest for RecordWriter {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<RecordWriter, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(&req).await?;
            caller.require(&[Role::Admin, Role::Coordinator, Role::Partner])?;
            Ok(RecordWriter(caller))
        })
    }
}

/// A caller with the admin role. As an extractor it answers 401/403 before the request
/// body is even read, so a refused caller learns nothing about its input.
#[derive(Debug, Clone)]
pub struct Admin(pub Caller);

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Admin, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(&req).await?;
            caller.require(&[Role::Admin])?;
            Ok(Admin(caller))
        })
    }
}
