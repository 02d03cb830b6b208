//! The public IATI file, generated once per change and served from storage.
//!
//! Anyone may ask for `/iati/activities.xml`, and each generation costs the whole
//! export. So the document is generated once for each state of the records (its entity
//! tag: the latest change and the reporting organisation), by one request at a time and
//! independently of any client, into a file in a private temporary directory (mode
//! 0700, files 0600); every request for that state is served from the file. A client
//! that reads slowly holds only its own open file, so it holds no one else up; a
//! request that arrives while the file is generated waits for it (at most
//! [`GENERATION_WAIT`], then 503). A file replaced by a newer one stays readable by
//! those already reading it, and is removed from the directory at once.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::web::Bytes;
use chrono::Utc;

use crate::auth::{Caller, Role};
use crate::db::Db;
use crate::error::{ApiError, Problem};
use crate::iati::ReportingOrg;
use crate::iati::export;
use crate::iati::publication;
use crate::pagination::Cursors;
use crate::store::projects::list::ProjectFilter;

/// How long a request waits for a generation under way before it gets 503.
pub const GENERATION_WAIT: Duration = Duration::from_secs(20);
/// How long one response may take to be read: a reader slower than this is cut off.
pub const READ_DEADLINE: Duration = Duration::from_secs(600);
/// Bytes read from the file at a time.
const CHUNK: usize = 64 * 1024;

/// The generated file of one state of the records.
struct Generated {
    etag: String,
    path: PathBuf,
}

/// Where the public file is kept, and which state it holds.
#[derive(Default)]
pub struct PublicFiles {
    /// Created on first use.
    dir: std::sync::OnceLock<tempfile::TempDir>,
    current: Mutex<Option<Arc<Generated>>>,
    /// Held while a file is generated.
    generating: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for PublicFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicFiles").finish_non_exhaustive()
    }
}

impl Drop for Generated {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl PublicFiles {
    fn current(&self, etag: &str) -> Option<Arc<Generated>> {
        let current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        current.as_ref().filter(|g| g.etag == etag).cloned()
    }

    fn dir(&self) -> Result<&std::path::Path, ApiError> {
        if self.dir.get().is_none() {
            let dir = tempfile::Builder::new()
                .prefix("ssc-api-iati-")
                .tempdir()
                .map_err(ApiError::internal)?;
            let _ = self.dir.set(dir);
        }
        Ok(self.dir.get().expect("just set").path())
    }

    /// The file of the state `etag`, written now by `generate` (given the path to write)
    /// if it is not there yet.
    pub async fn file<F, Generation>(
        &self,
        etag: &str,
        generate: F,
    ) -> Result<std::fs::File, ApiError>
    where
        F: FnOnce(PathBuf) -> Generation,
        Generation: std::future::Future<Output = Result<(), ApiError>>,
    {
        let generated = match self.current(etag) {
            Some(generated) => generated,
            None => {
                let _generating = tokio::time::timeout(GENERATION_WAIT, self.generating.lock())
                    .await
                    .map_err(|_| {
                        ApiError::new(
                            Problem::ServiceUnavailable,
                            crate::msg!("iati-file-being-generated"),
                        )
                        .with_header(actix_web::http::header::RETRY_AFTER, "5")
                    })?;
                match self.current(etag) {
                    Some(generated) => generated,
                    None => {
                        let path = self.dir()?.join(format!("{}.xml", uuid::Uuid::now_v7()));
                        if let Err(error) = generate(path.clone()).await {
                            let _ = std::fs::remove_file(&path);
                            return Err(error);
                        }
                        let generated = Arc::new(Generated {
                            etag: etag.to_owned(),
                            path,
                        });
                        *self.current.lock().unwrap_or_else(|p| p.into_inner()) =
                            Some(generated.clone());
                        generated
                    }
                }
            }
        };
        std::fs::File::open(&generated.path).map_err(ApiError::internal)
    }
}

/// Who reads the public file: a viewer, who reads public, approved records only.
pub fn public_reader() -> Caller {
    Caller {
        sub: "iati-public-file".into(),
        role: Role::Viewer,
        org: None,
        issuer: "ssc-api".into(),
    }
}

/// Write the whole public activity file to `path`, page by page (each page read and
/// written on a blocking thread).
pub async fn write_activities(
    db: Db,
    cursors: Cursors,
    reporting: ReportingOrg,
    path: PathBuf,
) -> Result<(), ApiError> {
    let generated = Utc::now();
    let mut file = create_private(&path).map_err(ApiError::internal)?;
    file.write_all(&export::document_start(generated))
        .map_err(ApiError::internal)?;
    let mut cursor: Option<String> = None;
    loop {
        let (cursors, reporting, previous) = (cursors.clone(), reporting.clone(), cursor.take());
        let (returned, next) = db
            .read(move |conn| {
                let page = publication::page(
                    conn,
                    &public_reader(),
                    &cursors,
                    ProjectFilter::default(),
                    previous.as_deref(),
                    &reporting,
                    generated,
                )?;
                file.write_all(&page.xml).map_err(ApiError::internal)?;
                Ok((file, page.next_cursor))
            })
            .await?;
        file = returned;
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    file.write_all(export::document_end())
        .map_err(ApiError::internal)?;
    file.sync_data().map_err(ApiError::internal)
}

/// Write the public organisation file to `path`: the public, approved projects'
/// budgets, and the organisation's documents.
pub async fn write_organisation(
    db: Db,
    cursors: Cursors,
    reporting: ReportingOrg,
    documents: Vec<crate::domain::documents::DocumentLink>,
    path: PathBuf,
) -> Result<(), ApiError> {
    let budgets = crate::iati::organisation::budgets(&db, &public_reader(), &cursors).await?;
    let xml = crate::iati::organisation::document(
        &budgets,
        &reporting,
        &documents,
        &crate::domain::documents::default_language(),
        Utc::now(),
    );
    actix_web::web::block(move || create_private(&path)?.write_all(&xml))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// A new file only its owner may read or write (0600 on Unix).
fn create_private(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// A file's content as a body: read a chunk at a time off the async workers, and cut
/// off once [`READ_DEADLINE`] has passed since it started.
pub fn body(
    file: std::fs::File,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    let deadline = std::time::Instant::now() + READ_DEADLINE;
    futures_util::stream::unfold(Some(file), move |file| async move {
        let mut file = file?;
        if std::time::Instant::now() > deadline {
            log::warn!("a reader of the public IATI file was cut off after {READ_DEADLINE:?}");
            return Some((Err(actix_web::error::ErrorRequestTimeout("too slow")), None));
        }
        let read = actix_web::web::block(move || {
            let mut chunk = vec![0; CHUNK];
            let n = file.read(&mut chunk)?;
            chunk.truncate(n);
            Ok::<_, std::io::Error>((file, chunk))
        })
        .await;
        match read {
            Ok(Ok((_, chunk))) if chunk.is_empty() => None,
            Ok(Ok((file, chunk))) => Some((Ok(Bytes::from(chunk)), Some(file))),
            _ => Some((
                Err(actix_web::error::ErrorInternalServerError(
                    "the file could not be read",
                )),
                None,
            )),
        }
    })
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn stored_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.xml");
        super::create_private(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
