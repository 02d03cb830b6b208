//! Starting the service: connect, migrate, then serve until SIGTERM (graceful: in-flight
//! requests finish, for up to 30 seconds) or Ctrl-C.

use std::time::Duration;

use actix_web::HttpServer;

use crate::app::{self, AppState, ServiceLimits};
use crate::auth::TokenKeys;
use crate::auth::issuers::TrustedIssuers;
use crate::config::{DatabaseSettings, ServeSettings};
use crate::db::{self, Db, DbPool};
use crate::http::client_address::TrustedProxies;

/// Open the database (creating the SQLite file when needed) and apply migrations.
pub fn open_database(settings: &DatabaseSettings) -> Result<(DbPool, db::DatabaseUrl), String> {
    let url = settings.database().map_err(|e| e.to_string())?;
    let pool = db::open(&url, settings.db_pool_size)?;
    Ok((pool, url))
}

/// [`open_database`], as the app's database handle: for the subcommands that read and
/// write records without serving them (`seed`, `import`).
pub fn database(settings: &DatabaseSettings) -> Result<Db, String> {
    let (pool, url) = open_database(settings)?;
    Db::new(pool, &url)
}

/// Everything the app needs, checked before serving: the configuration first (a mistake
/// there should not wait for a database connection), then the database.
pub fn state(all: &ServeSettings) -> Result<AppState, String> {
    let ServeSettings {
        database,
        signing,
        reporting_org,
        server: settings,
    } = all;
    let url = database.database().map_err(|e| e.to_string())?;
    let secret = signing
        .jwt_secret(database, &url)
        .map_err(|e| e.to_string())?;
    let mut keys = TokenKeys::new(&secret, &signing.jwt_issuer, &signing.jwt_audience);
    if let Some(path) = &settings.trusted_issuers_file {
        let issuers = TrustedIssuers::load(path)?;
        if issuers.0.contains_key(&signing.jwt_issuer) {
            return Err(format!(
                "SSC_TRUSTED_ISSUERS_FILE {}: {:?} is this API's own issuer (SSC_JWT_ISSUER)",
                path.display(),
                signing.jwt_issuer
            ));
        }
        keys = keys.with_trusted_issuers(issuers);
    }
    for (name, value) in [
        ("SSC_REQUEST_TIMEOUT", settings.request_timeout),
        ("SSC_IDEMPOTENCY_TTL", settings.idempotency_ttl),
        ("SSC_ACCESS_TOKEN_TTL", settings.access_token_ttl),
        ("SSC_WEBHOOK_TIMEOUT", settings.webhook_timeout),
    ] {
        if value.is_zero() {
            return Err(format!("{name} must be longer than zero"));
        }
    }
    if settings.webhook_concurrency == 0 {
        return Err("SSC_WEBHOOK_CONCURRENCY must be at least 1".into());
    }
    let webhook_key = settings.webhook_key(&secret)?;
    let limits = ServiceLimits {
        max_body_bytes: settings.max_body_bytes,
        max_import_bytes: settings.max_import_bytes,
        rate_limit: settings.rate_limit,
        request_timeout: settings.request_timeout,
        idempotency_ttl: settings.idempotency_ttl,
        access_token_ttl: settings.access_token_ttl,
        token_rate_limit: settings.token_rate_limit,
    };
    let trusted_proxies = TrustedProxies::parse(&settings.trusted_proxies)
        .map_err(|e| format!("SSC_TRUSTED_PROXIES: {e}"))?;
    let https_only = match settings.public_url.as_deref().map(str::trim) {
        None | Some("") => false,
        Some(url) if url.starts_with("https://") && url.len() > "https://".len() => true,
        Some(url) if url.starts_with("http://") && url.len() > "http://".len() => false,
        Some(url) => {
            return Err(format!(
                "SSC_PUBLIC_URL must be an http:// or https:// URL, got {url:?}"
            ));
        }
    };
    let cors_origins = settings
        .cors_origins
        .iter()
        .map(|origin| origin.trim().trim_end_matches('/').to_owned())
        .filter(|origin| !origin.is_empty())
        .collect();
    let pool = db::open_with_timeout(&url, database.db_pool_size, Some(settings.request_timeout))?;
    let mut state = AppState::new(
        Db::new(pool, &url)?.with_statement_timeout(settings.request_timeout),
        keys,
        limits,
        cors_origins,
    );
    state.trusted_proxies = std::sync::Arc::new(trusted_proxies);
    state.strict_transport_security = https_only;
    state.swagger_persist_authorization = settings.swagger_persist_authorization;
    state.metrics_token = settings
        .metrics_token
        .clone()
        .filter(|t| !t.expose().is_empty());
    state.review_policy = settings.review;
    state.catalogue_public = settings.catalogue_public;
    let webhooks = &mut state.webhooks;
    webhooks.secrets = Some(std::sync::Arc::new(webhook_key));
    webhooks.allow_http = settings.webhook_allow_http;
    webhooks.allow_private = settings.webhook_allow_private;
    webhooks.timeout = settings.webhook_timeout;
    webhooks.concurrency = settings.webhook_concurrency;
    webhooks.public_url = settings
        .public_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned);
    state.iati = crate::iati::IatiSettings {
        reporting_org: reporting_org.reporting_org(),
        publish: settings.iati_publish,
        organisation_documents: match &settings.iati_organisation_documents {
            Some(path) => crate::iati::organisation::read_documents(path)?,
            None => Vec::new(),
        },
        ..Default::default()
    };
    Ok(state)
}

/// Forget expired idempotency keys now and then. Every replica does it; the deletes are
/// idempotent.
fn purge_idempotency_keys(db: Db) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            let purged = db
                .write(|conn| {
                    Ok(crate::store::idempotency::purge_expired(
                        conn,
                        crate::store::now(),
                    )?)
                })
                .await;
            match purged {
                Ok(0) => {}
                Ok(n) => log::info!("forgot {n} expired idempotency keys"),
                Err(error) => log::warn!("could not purge idempotency keys: {}", error.detail),
            }
        }
    });
}

pub async fn serve(all: ServeSettings) -> Result<(), String> {
    let url = all.database.database().map_err(|e| e.to_string())?;
    let state = state(&all)?;
    let settings = &all.server;
    purge_idempotency_keys(state.db.clone());
    // Every replica delivers webhooks (and empties the outbox, subscriptions or not).
    crate::webhooks::worker::start(state.db.clone(), state.webhooks.clone())?;
    let server = HttpServer::new({
        let state = state.clone();
        move || app::build(state.clone())
    })
    .shutdown_timeout(30)
    // Blocking work is short database or CPU work (a slow XLSX download writes on a thread
    // of its own): more threads than connections would only wait for one, and each keeps
    // its own allocator heap (PostgreSQL, after GET, list and POST loads and five fresh
    // statistics: 41 threads and 111 MB; with this bound 19 and 90 MB).
    .worker_max_blocking_threads(all.database.db_pool_size as usize + 2)
    // A client that sends its headers this slowly is cut off (slowloris).
    .client_request_timeout(Duration::from_secs(10))
    .bind(settings.bind)
    .map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            "; another process listens there: choose another address with --bind HOST:PORT \
             or SSC_BIND (such as 127.0.0.1:8081, or port 0 for any free one)"
        } else {
            ""
        };
        format!("cannot listen on {}: {e}{hint}", settings.bind)
    })?;
    let address = server.addrs().first().copied().unwrap_or(settings.bind);
    println!("ssc-api listening on http://{address} ({})", url.redacted());
    println!("  Swagger UI:  http://{address}/docs/");
    println!("  OpenAPI:     http://{address}{}", app::OPENAPI_PATH);
    println!(
        "  Get a token: {} token --role admin --sub <you>   (then Authorize in Swagger UI)",
        this_program()
    );
    server.run().await.map_err(|e| e.to_string())
}

/// This binary as the user can run it from where they are (their working directory):
/// relative to it when inside it (`target/release/ssc-api` after `cargo run --release`),
/// else its full path; quoted for a POSIX shell when it needs to be.
fn this_program() -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "ssc-api".to_owned();
    };
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| exe.strip_prefix(cwd).ok().map(std::path::Path::to_path_buf))
        .unwrap_or_else(|| exe.clone());
    let mut text = shown.display().to_string();
    if !text.contains('/') {
        text = format!("./{text}");
    }
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
