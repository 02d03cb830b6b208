//! The answer of every matching operation (a request's capacities, a demand's, a
//! capacity's requests): ranked on another thread in the language the request negotiated,
//! and sent in it (`Content-Language`, `Vary: Accept-Language`).

use actix_web::HttpResponse;
use serde::Serialize;

use crate::db::{Db, DbConnection};
use crate::domain::matching;
use crate::error::ApiError;
use crate::l10n::Language;

/// Run `rank` in the request's language and answer with what it ranked. The language is
/// read here (`l10n` is the request's): the query runs on another thread.
pub async fn ranked<T: Serialize + Send + 'static>(
    db: &Db,
    rank: impl FnOnce(&mut DbConnection, Language) -> Result<T, ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    let language = crate::l10n::current();
    let matches = db.read(move |conn| rank(conn, language)).await?;
    Ok(matching::respond(language, &matches))
}
