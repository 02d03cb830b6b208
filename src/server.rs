//! Starting the service: connect, migrate, then serve until SIGTERM (graceful: in-flight
//! requests finish, for up to 30 seconds) or Ctrl-C.

use std::sync::Arc;

use actix_web::HttpServer;

use crate::app::{self, AppState};
use crate::auth::TokenKeys;
use crate::config::Settings;
use crate::db::{self, Db, DbPool};

/// Open the database (creating the SQLite file when needed) and apply migrations.
pub fn open_database(settings: &Settings) -> Result<(DbPool, db::DatabaseUrl), String> {
    let url = settings.database().map_err(|e| e.to_string())?;
    let pool = db::open(&url, settings.db_pool_size)?;
    Ok((pool, url))
}

/// Everything the app needs, checked before serving: the secret first (a configuration
/// mistake should not wait for a database connection), then the database.
pub fn state(settings: &Settings) -> Result<AppState, String> {
    let url = settings.database().map_err(|e| e.to_string())?;
    let secret = settings.jwt_secret(&url).map_err(|e| e.to_string())?;
    let pool = db::open(&url, settings.db_pool_size)?;
    Ok(AppState {
        db: Db::new(pool, &url)?,
        keys: Arc::new(TokenKeys::new(
            &secret,
            &settings.jwt_issuer,
            &settings.jwt_audience,
        )),
        max_body_bytes: settings.max_body_bytes,
    })
}

pub async fn serve(settings: Settings) -> Result<(), String> {
    let url = settings.database().map_err(|e| e.to_string())?;
    let state = state(&settings)?;
    let server = HttpServer::new({
        let state = state.clone();
        move || app::build(state.clone())
    })
    .shutdown_timeout(30)
    .bind(settings.bind)
    .map_err(|e| format!("cannot listen on {}: {e}", settings.bind))?;
    let address = server.addrs().first().copied().unwrap_or(settings.bind);
    println!("ssc-api listening on http://{address} ({})", url.redacted());
    println!("  Swagger UI:  http://{address}/docs/");
    println!("  OpenAPI:     http://{address}{}", app::OPENAPI_PATH);
    println!("  Get a token: cargo run -- token --role admin   (then Authorize in Swagger UI)");
    server.run().await.map_err(|e| e.to_string())
}
