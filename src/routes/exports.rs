//! `GET /api/v1/{projects|partnerships|triangular-arrangements|policy-exchanges}/export`:
//! every record the caller's list holds (the list's filters, the caller's read scope,
//! the list's order) as CSV, NDJSON or XLSX, read page by page through the list's
//! snapshot pages, so an export is exactly the JSON list and its memory does not grow
//! with the number of records.

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde_json_borrow::Value;

use crate::auth::Caller;
use crate::db::{Db, DbConnection};
use crate::domain::kinds::ResourceKind;
use crate::domain::lists::{self, ListRequest};
use crate::domain::record::{CooperationKind, FilterOf};
use crate::error::ApiError;
use crate::exports::columns::describe;
use crate::exports::{Column, CsvRows, ExportFormat, Reading, XlsxExport, ndjson_line};
use crate::pagination::Cursors;
use crate::store::snapshot::Page;

/// Reads the page of an export at a cursor (the first page without one).
pub type PageReader = Arc<
    dyn Fn(&mut DbConnection, &Caller, &Cursors, Option<&str>) -> Result<Page, ApiError>
        + Send
        + Sync,
>;

/// Turns the records of a page into the rows of a report (each a JSON object whose
/// members are the report's columns), in the same read as the page.
pub type RowMaker =
    Arc<dyn Fn(&mut DbConnection, Vec<String>) -> Result<Vec<String>, ApiError> + Send + Sync>;

/// One export, checked.
struct Export {
    /// The file name's stem and the sheet's name.
    name: &'static str,
    columns: &'static [Column],
    format: ExportFormat,
    language: Option<String>,
    pages: PageReader,
    /// A report's rows made of each page's records (none: the records are the rows).
    rows: Option<RowMaker>,
}

/// The reader of a newest-first list of records of kind `K`, with `filter`.
pub fn newest_first<K: CooperationKind>(filter: FilterOf<K>) -> PageReader {
    Arc::new(move |conn, caller, cursors, cursor| {
        let request = ListRequest::bulk(cursors, K::KIND.cursor_kind(), filter.clone(), cursor)?;
        lists::newest_first::<K>(conn, caller, request)
    })
}

/// A checked `lang`: an ISO 639-1 code.
fn language(lang: Option<&str>) -> Result<Option<String>, ApiError> {
    match lang {
        None => Ok(None),
        Some(code) if crate::codelists::languages().get(code).is_some() => Ok(Some(code.into())),
        Some(_) => Err(ApiError::unprocessable_parameter(
            "lang",
            crate::msg!("lang-parameter"),
        )),
    }
}

/// The summary of a kind's export in the contract.
pub fn summary(kind: ResourceKind) -> String {
    format!("Export {}", kind.tag())
}

/// The description of a kind's export in the contract, with its columns.
pub fn description(kind: ResourceKind) -> String {
    let what = kind.tag();
    let columns = kind.export_columns().map(describe).unwrap_or_default();
    format!(
        "Every record of the caller's list of {what} (the list's filters, the records the caller \
         may read, the list's order), one row or line each, streamed: `format=csv` (RFC 4180, UTF-8, \
         CRLF line ends, a header row; a text cell that a spreadsheet would run as a formula, starting \
         with `=`, `+`, `-` or `@`, gets a leading `'`), `ndjson` (each record's JSON representation, \
         exactly as the list answers it, one per line) or `xlsx` (one sheet with the CSV's columns, \
         typed: dates as dates, amounts as numbers with the currency in the next column; cells are cut \
         at Excel's 32,767 characters). `Content-Disposition` names the file. Texts are given in `lang` \
         where a record has it, else in the record's default language. A failure after the first page \
         cuts the file short (a CSV without its last rows, an NDJSON line or an XLSX zip left \
         incomplete), never a file that reads as whole.\n\nThe columns of CSV and XLSX, in order:\n\n{columns}"
    )
}

/// Answer an export of kind `kind` in `format` (default CSV) and language `lang`, its
/// records read page by page by `pages`.
pub async fn export(
    db: &Db,
    cursors: &Cursors,
    caller: Caller,
    kind: ResourceKind,
    format: Option<ExportFormat>,
    lang: Option<&str>,
    pages: PageReader,
) -> Result<HttpResponse, ApiError> {
    let export = Export {
        name: kind.cursor_kind(),
        columns: kind
            .export_columns()
            .ok_or_else(|| ApiError::internal(format!("{kind} has no export")))?,
        format: format.unwrap_or_default(),
        language: language(lang)?,
        pages,
        rows: None,
    };
    respond(ExportReading::new(db, cursors, caller, export)).await
}

/// A report's file: its name (the file name's stem and the sheet's), columns and format.
pub struct ReportFile {
    pub name: &'static str,
    pub columns: &'static [Column],
    pub format: ExportFormat,
}

/// Answer a report named `name` in `format` (CSV or XLSX): the records read page by page
/// by `pages`, each page made into rows of `columns` by `rows`. Every page is read and
/// made into rows once before anything is sent (the rows thrown away: memory stays that
/// of one page), so that whatever a page lacks (a rate) is a problem document, never a
/// file cut short.
pub async fn report(
    db: &Db,
    cursors: &Cursors,
    caller: Caller,
    file: ReportFile,
    pages: PageReader,
    rows: RowMaker,
) -> Result<HttpResponse, ApiError> {
    let ReportFile {
        name,
        columns,
        format,
    } = file;
    let export = Export {
        name,
        columns,
        format,
        language: None,
        pages,
        rows: Some(rows),
    };
    let mut cursor = None;
    loop {
        let (cursors, caller, pages, rows) = (
            cursors.clone(),
            caller.clone(),
            export.pages.clone(),
            export.rows.clone(),
        );
        let next = db
            .read(move |conn| {
                let page = pages(conn, &caller, &cursors, cursor.as_deref())?;
                if let Some(rows) = rows {
                    rows(conn, page.items)?;
                }
                Ok(page.next_cursor)
            })
            .await?;
        match next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    respond(ExportReading::new(db, cursors, caller, export)).await
}

/// Declare the export of a kind (its path, tag, texts and columns from the registry, as
/// `KIND` in the invoking module): the module `$name` with its operation (register
/// `$name::Operation`), which takes `$query` and reads its pages with the reader
/// `|$q| $pages` makes of it (checked before anything is sent: a bad filter is a 400,
/// not a broken file).
macro_rules! export_operation {
    ($name:ident, $query:ty, |$q:ident| $pages:expr) => {
        pub mod $name {
            use super::*;

            pub struct Operation;
            crate::routes::operation::serve_at!(Operation, Get, handler);

            #[utoipa::path(
                get,
                path = KIND.export_path(),
                impl_for = Operation,
                operation_id = stringify!($name),
                tag = KIND.tag(),
                summary = crate::routes::exports::summary(KIND),
                description = crate::routes::exports::description(KIND),
                params($query),
                responses(
                    (status = 200, description = "The records, in the format asked for",
                        headers(("Content-Disposition" = String, description = "attachment; with the file name")),
                        content(
                            (String = "text/csv", example = json!("id,code,title\r\n0192…,AR-BO-2024-001,Fortalecimiento de la cadena láctea\r\n")),
                            (String = "application/x-ndjson", example = json!("{\"id\":\"0192…\",\"code\":\"AR-BO-2024-001\"}\n")),
                            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                        )),
                )
            )]
            pub async fn handler(
                caller: crate::auth::Caller,
                db: actix_web::web::Data<crate::db::Db>,
                cursors: actix_web::web::Data<crate::pagination::Cursors>,
                query: $query,
            ) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
                let $q = &query;
                let pages = $pages;
                let (format, lang) = ($q.own.format, $q.own.lang.as_deref());
                crate::routes::exports::export(&db, &cursors, caller, KIND, format, lang, pages).await
            }
        }
    };
}

pub(crate) use export_operation;

/// One page of an export, with the names of the organisations its records name.
struct NamedPage {
    page: Page,
    organisations: HashMap<String, String>,
}

/// An export being answered, with what reading its pages takes.
#[derive(Clone)]
struct ExportReading {
    db: Db,
    cursors: Cursors,
    caller: Caller,
    export: Arc<Export>,
}

impl ExportReading {
    fn new(db: &Db, cursors: &Cursors, caller: Caller, export: Export) -> Self {
        ExportReading {
            db: db.clone(),
            cursors: cursors.clone(),
            caller,
            export: Arc::new(export),
        }
    }

    /// Read one page of the export (as the caller's list would serve it) and, in the same
    /// read, the names of the organisations its columns show by name.
    async fn page(&self, cursor: Option<String>) -> Result<NamedPage, ApiError> {
        let export = &self.export;
        let (cursors, caller) = (self.cursors.clone(), self.caller.clone());
        let (pages, rows) = (export.pages.clone(), export.rows.clone());
        // NDJSON lines are the representations themselves: no names to read.
        let columns = match export.format {
            ExportFormat::Ndjson => &[][..],
            ExportFormat::Csv | ExportFormat::Xlsx => export.columns,
        };
        self.db
            .read(move |conn| {
                let mut page = pages(conn, &caller, &cursors, cursor.as_deref())?;
                if let Some(rows) = rows {
                    page.items = rows(conn, std::mem::take(&mut page.items))?;
                }
                let ids = crate::exports::organisation_ids(columns, &records(&page)?);
                let organisations = if ids.is_empty() {
                    HashMap::new()
                } else {
                    crate::store::organisations::names(conn, ids)?
                };
                Ok(NamedPage {
                    page,
                    organisations,
                })
            })
            .await
    }
}

/// The records of one page, parsed into values borrowing the page's text.
fn records(page: &Page) -> Result<Vec<Value<'_>>, ApiError> {
    page.items
        .iter()
        .map(|item| serde_json::from_str(item).map_err(ApiError::internal))
        .collect()
}

async fn respond(reading: ExportReading) -> Result<HttpResponse, ApiError> {
    // The first page is read before answering, so that its errors are problem documents.
    let first = reading.page(None).await?;
    let export = &reading.export;
    let file_name = format!(
        "{}-{}.{}",
        export.name,
        Utc::now().format("%Y%m%dT%H%M%SZ"),
        export.format.extension()
    );
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, export.format.content_type()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ));
    use futures_util::StreamExt as _;
    let body = match export.format {
        ExportFormat::Xlsx => xlsx_body(reading, first).left_stream(),
        ExportFormat::Csv | ExportFormat::Ndjson => text_body(reading, first).right_stream(),
    };
    Ok(response.streaming(body))
}

/// CSV or NDJSON, one chunk per page, the next page read while the previous one is
/// rendered and no further (`paged_stream`).
fn text_body(
    reading: ExportReading,
    first: NamedPage,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    let export = &reading.export;
    let mut csv = (export.format == ExportFormat::Csv).then(|| CsvRows::new(export.columns));
    let language = export.language.clone();
    crate::http::respond::paged_stream(
        first,
        |named: &NamedPage| named.page.next_cursor.clone(),
        move |cursor| {
            let reading = reading.clone();
            async move { reading.page(Some(cursor)).await }
        },
        move |named: NamedPage, _last| match csv.as_mut() {
            Some(rows) => {
                let reading = Reading {
                    language: language.as_deref(),
                    organisations: &named.organisations,
                };
                Ok(rows.page(&records(&named.page)?, &reading))
            }
            None => {
                let page = named.page;
                let mut out = Vec::with_capacity(page.items.iter().map(|i| i.len() + 1).sum());
                for item in &page.items {
                    ndjson_line(&mut out, item);
                }
                Ok(out)
            }
        },
    )
}

/// A `Write` that hands what is written to the response, in chunks.
struct ChannelWriter {
    buffer: Vec<u8>,
    sender: tokio::sync::mpsc::Sender<Result<Bytes, ()>>,
}

const CHUNK: usize = 64 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// XLSX: the rows are written page by page into a constant-memory workbook (rows go to a
/// temporary file), then the workbook is zipped straight into the response.
fn xlsx_body(
    reading: ExportReading,
    first: NamedPage,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    actix_web::rt::spawn(async move {
        let failed = sender.clone();
        if let Err(error) = write_xlsx(reading, first, sender).await {
            // Nothing more is sent after the error: the client sees a cut-off file.
            log::error!("an export stopped: {}", error.detail);
            let _ = failed.send(Err(())).await;
        }
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        let item = receiver.recv().await?;
        Some((
            item.map_err(|()| actix_web::error::ErrorInternalServerError("export failed")),
            receiver,
        ))
    })
}

async fn write_xlsx(
    reading: ExportReading,
    first: NamedPage,
    sender: tokio::sync::mpsc::Sender<Result<Bytes, ()>>,
) -> Result<(), ApiError> {
    let export = &reading.export;
    let (columns, name, language) = (export.columns, export.name, export.language.clone());
    let mut workbook = web::block(move || XlsxExport::new(columns, name))
        .await?
        .map_err(ApiError::internal)?;
    let mut named = first;
    loop {
        let next = named.page.next_cursor.take();
        let language = language.clone();
        workbook = web::block(move || {
            let reading = Reading {
                language: language.as_deref(),
                organisations: &named.organisations,
            };
            for record in records(&named.page)? {
                workbook
                    .push(&record, &reading)
                    .map_err(ApiError::internal)?;
            }
            Ok::<_, ApiError>(workbook)
        })
        .await??;
        match next {
            Some(cursor) => named = reading.page(Some(cursor)).await?,
            None => break,
        }
        if sender.is_closed() {
            return Ok(());
        }
    }
    // The zip goes out at the client's pace (the channel holds four chunks): on a thread
    // of its own, so that a slow download never holds one of the blocking threads that
    // database work shares (their number is bounded: `server`).
    let (done, finished) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("xlsx-export".into())
        .spawn(move || {
            let mut writer = ChannelWriter {
                buffer: Vec::with_capacity(CHUNK),
                sender,
            };
            let written = workbook
                .finish(&mut writer)
                .and_then(|()| std::io::Write::flush(&mut writer).map_err(Into::into))
                .map_err(ApiError::internal);
            let _ = done.send(written);
        })
        .map_err(ApiError::internal)?;
    finished
        .await
        .map_err(|_| ApiError::internal("the workbook's writer stopped"))?
}
