//! API clients: partner systems that authenticate server to server with a client id and
//! secret (OAuth 2.0 client credentials) and receive short-lived tokens. Each client is
//! bound to an organisation and a role. The secret is shown once, when it is made, and
//! kept only as an Argon2id hash.

use std::sync::LazyLock;

use argon2::password_hash::{self, Output, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use futures_util::future::LocalBoxFuture;

use crate::auth::{Caller, ClientStatus, Role};
use crate::db::{Db, DbConnection};
use crate::error::{ApiError, FieldError};
use crate::pagination::{Cursors, page_size};
use crate::store::clients::{self as client_store, ClientRow};
use crate::store::{self, organisations as org_store, parse_uuid, to_utc};
use crate::validation::Violations;

/// A client as an admin creates it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sistema de gestión de proyectos del MAG", "organisation_id": "0193a6a0-0001-7000-8000-00000000000c", "role": "partner"}))]
pub struct ClientInput {
    /// What the client is (a system, an integration).
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// The organisation its tokens act for.
    pub organisation_id: Uuid,
    /// The role its tokens carry: partner, viewer or coordinator (never admin).
    pub role: Role,
}

/// An API client (never its secret).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-dc1e-7b3a-9c1d-2f4e5a6b7c8d", "name": "Sistema de gestión de proyectos del MAG",
    "organisation_id": "0193a6a0-0001-7000-8000-00000000000c", "role": "partner", "secret_version": 1,
    "created_at": "2026-01-10T12:00:00Z", "updated_at": "2026-01-10T12:00:00Z", "created_by": "admin",
    "revoked_at": null
}))]
pub struct ApiClient {
    /// The `client_id` for `POST /api/v1/auth/token`.
    pub id: Uuid,
    pub name: String,
    pub organisation_id: Uuid,
    pub role: Role,
    /// Incremented by every rotation of the secret.
    pub secret_version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
    /// Set once the client is revoked: its tokens stop working at once.
    #[schema(required = true)]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A client with its secret, as returned once on creation and on rotation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "client": {
        "id": "0193a6a0-dc1e-7b3a-9c1d-2f4e5a6b7c8d", "name": "Sistema de gestión de proyectos del MAG",
        "organisation_id": "0193a6a0-0001-7000-8000-00000000000c", "role": "partner", "secret_version": 1,
        "created_at": "2026-01-10T12:00:00Z", "updated_at": "2026-01-10T12:00:00Z", "created_by": "admin",
        "revoked_at": null
    },
    "client_secret": "ssc_q8Vn3tXb0pG4sYk2mR7wZc1uLf6hJd9aEo5iTv3yNx0"
}))]
pub struct ClientWithSecret {
    pub client: ApiClient,
    /// Shown only now: store it safely. Only a hash is kept.
    pub client_secret: String,
}

fn new_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    Ok(format!("ssc_{}", URL_SAFE_NO_PAD.encode(bytes)))
}

fn hash_secret(secret: &str) -> Result<String, ApiError> {
    let mut salt_bytes = [0u8; 16];
    getrandom::fill(&mut salt_bytes)
        .map_err(|e| ApiError::internal(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| ApiError::internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::internal(format!("hashing a secret failed: {e}")))
}

/// A hash that never matches, verified against when the client id is unknown so that
/// every failure costs the same time.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_secret("decoy secret that no client has").expect("hashing a constant works")
});

/// Does `secret` match `hash`? Computed in `memory`, grown to the hash's needs and kept
/// for the next check, so that verifying allocates nothing (Argon2 takes 19 MiB). The
/// outputs are compared in constant time.
pub fn secret_matches(secret: &str, hash: Option<&str>, memory: &mut Vec<Block>) -> bool {
    let hash = hash.unwrap_or(&DECOY_HASH);
    PasswordHash::new(hash)
        .and_then(|parsed| recompute(secret.as_bytes(), &parsed, memory).map(|out| (out, parsed)))
        .is_ok_and(|(computed, parsed)| parsed.hash == Some(computed))
}

/// The hash of `secret` with the salt and parameters of `stored`, as argon2's own
/// `verify_password` computes it.
fn recompute(
    secret: &[u8],
    stored: &PasswordHash<'_>,
    memory: &mut Vec<Block>,
) -> password_hash::Result<Output> {
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return Err(password_hash::Error::Password);
    };
    let params = Params::try_from(stored)?;
    let algorithm = Algorithm::try_from(stored.algorithm)?;
    let version = stored
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let mut salt_bytes = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_bytes)?;
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let argon2 = Argon2::new(algorithm, version, params);
    Output::init_with(expected.len(), |out| {
        Ok(argon2.hash_password_into_with_memory(secret, salt, out, &mut memory[..blocks])?)
    })
}

impl ApiClient {
    fn from_row(row: ClientRow) -> Result<(Self, String), ApiError> {
        let client = ApiClient {
            id: parse_uuid(&row.id)?,
            name: row.name,
            organisation_id: parse_uuid(&row.organisation_id)?,
            role: Role::parse(&row.role).ok_or_else(|| ApiError::internal("stored client role"))?,
            secret_version: row.secret_version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            created_by: row.created_by,
            revoked_at: row.revoked_at.map(to_utc),
        };
        Ok((client, row.secret_hash))
    }
}

/// A page of API clients.
#[derive(Serialize, ToSchema)]
pub struct ClientPage {
    pub items: Vec<ApiClient>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

const CURSOR_KIND: &str = "clients";

/// A page of clients (of one organisation, if given).
pub fn list(
    conn: &mut DbConnection,
    organisation: Option<Uuid>,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<ClientPage, ApiError> {
    let limit = page_size(limit)?;
    let after = cursor
        .map(|c| cursors.decode::<String>(CURSOR_KIND, c))
        .transpose()?;
    let rows = client_store::list(conn, organisation, after.as_deref(), limit)?;
    let (rows, next_cursor) = cursors.paginate(rows, limit, CURSOR_KIND, |row| row.id.clone());
    Ok(ClientPage {
        items: rows
            .into_iter()
            .map(|row| ApiClient::from_row(row).map(|(client, _)| client))
            .collect::<Result<_, _>>()?,
        next_cursor,
    })
}

/// The client and its secret's hash.
pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Option<(ApiClient, String)>, ApiError> {
    client_store::find(conn, id)?
        .map(ApiClient::from_row)
        .transpose()
}

/// Whether API clients may still use their tokens, as authentication asks for every
/// request that carries a client's token.
pub struct ClientRevocations(pub Db);

impl ClientStatus for ClientRevocations {
    fn is_active(&self, client: Uuid) -> LocalBoxFuture<'static, Result<bool, ApiError>> {
        let db = self.0.clone();
        Box::pin(async move {
            db.read(move |conn| Ok(client_store::is_active(conn, client)?))
                .await
        })
    }
}

pub fn not_found(id: Uuid) -> ApiError {
    crate::error::not_found_with_id("API client", id)
}

/// A new secret and its hash, made before the write transaction: hashing takes tens of
/// milliseconds and must not hold the database.
pub struct FreshSecret {
    secret: String,
    hash: String,
}

impl FreshSecret {
    pub fn generate() -> Result<Self, ApiError> {
        let secret = new_secret()?;
        let hash = hash_secret(&secret)?;
        Ok(FreshSecret { secret, hash })
    }
}

pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    mut input: ClientInput,
    fresh: FreshSecret,
) -> Result<ClientWithSecret, ApiError> {
    input.name = input.name.trim().to_owned();
    let mut v = Violations::of(&input);
    if input.role == Role::Admin {
        v.add("/role", crate::msg!("client-not-admin"));
    }
    v.into_result()?;
    if org_store::parent_of(conn, input.organisation_id)?.is_none() {
        return Err(ApiError::validation(vec![FieldError::at(
            "/organisation_id",
            crate::msg!(
                "not-found-with-id",
                kind = crate::l10n::noun("organisation"),
                id = input.organisation_id.to_string()
            ),
        )]));
    }
    let now = to_utc(store::now());
    let client = ApiClient {
        id: Uuid::now_v7(),
        name: input.name,
        organisation_id: input.organisation_id,
        role: input.role,
        secret_version: 1,
        created_at: now,
        updated_at: now,
        created_by: caller.sub.clone(),
        revoked_at: None,
    };
    client_store::insert(
        conn,
        &ClientRow {
            id: client.id.to_string(),
            name: client.name.clone(),
            organisation_id: client.organisation_id.to_string(),
            role: client.role.as_str().to_owned(),
            secret_hash: fresh.hash,
            secret_version: client.secret_version,
            created_at: client.created_at.naive_utc(),
            updated_at: client.updated_at.naive_utc(),
            created_by: client.created_by.clone(),
            revoked_at: None,
        },
    )?;
    Ok(ClientWithSecret {
        client,
        client_secret: fresh.secret,
    })
}

/// Replace a client's secret; the old one stops working for new tokens at once.
pub fn rotate(
    conn: &mut DbConnection,
    id: Uuid,
    fresh: FreshSecret,
) -> Result<ClientWithSecret, ApiError> {
    let (mut client, _) = find(conn, id)?.ok_or_else(|| not_found(id))?;
    if client.revoked_at.is_some() {
        return Err(ApiError::conflict(crate::msg!("client-revoked-no-secret")));
    }
    let now = store::now();
    client.secret_version += 1;
    client.updated_at = to_utc(now);
    client_store::set_secret(conn, id, &fresh.hash, client.secret_version, now)?;
    Ok(ClientWithSecret {
        client,
        client_secret: fresh.secret,
    })
}

/// Revoke a client: its tokens stop working and it can get no new ones. Idempotent.
pub fn revoke(conn: &mut DbConnection, id: Uuid) -> Result<ApiClient, ApiError> {
    find(conn, id)?.ok_or_else(|| not_found(id))?;
    client_store::revoke(conn, id, store::now())?;
    find(conn, id)?.map(|(c, _)| c).ok_or_else(|| not_found(id))
}

/// The client these credentials belong to, if they are right and it is not revoked.
/// `found` is the client named by the id (None when there is none); the same work is
/// done whatever is wrong, and the caller learns only that it failed. Slow on purpose
/// (Argon2id, in `memory`): call it off the async workers and outside any transaction.
pub fn verify(
    found: Option<(ApiClient, String)>,
    secret: &str,
    memory: &mut Vec<Block>,
) -> Option<ApiClient> {
    let matches = secret_matches(
        secret,
        found.as_ref().map(|(_, hash)| hash.as_str()),
        memory,
    );
    found
        .filter(|(client, _)| matches && client.revoked_at.is_none())
        .map(|(client, _)| client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_checked_in_reused_memory() {
        let hash = hash_secret("ssc_right").unwrap();
        let mut memory = Vec::new();
        assert!(secret_matches("ssc_right", Some(&hash), &mut memory));
        let grown = memory.len();
        assert_eq!(grown, Params::default().block_count());
        assert!(!secret_matches("ssc_wrong", Some(&hash), &mut memory));
        assert!(!secret_matches("ssc_right", None, &mut memory));
        assert!(!secret_matches(
            "ssc_right",
            Some("not a hash"),
            &mut memory
        ));
        assert_eq!(memory.len(), grown, "the memory is reused, not grown again");
    }
}
