//! The responses that carry records, written once: a record (its stored JSON
//! representation and its `ETag`), a created record (plus `Location`), a read that may be
//! answered 304, and a page of records. Bodies are the stored representations, never
//! serialised again. [`Reply`] is a response as plain bytes, for what a retry replays.

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::error::{ApiError, PROBLEM_JSON};
use crate::http::etag::{etag, not_modified};

/// A response as plain bytes: status, the headers that belong to it, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A record: its representation, `ETag`, and `Location` when it was just created.
    pub fn record(
        status: StatusCode,
        version: i64,
        representation: String,
        location: Option<String>,
    ) -> Self {
        let mut headers = vec![
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::ETAG, etag(version)),
        ];
        headers.extend(location.map(|l| (header::LOCATION, l)));
        Reply {
            status,
            headers,
            body: representation.into_bytes(),
        }
    }

    /// A JSON body.
    pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Result<Self, ApiError> {
        Ok(Reply {
            status,
            headers: vec![(header::CONTENT_TYPE, "application/json".to_owned())],
            body: serde_json::to_vec(body).map_err(ApiError::internal)?,
        })
    }

    /// A problem document, as the error would be answered.
    pub fn problem(error: &ApiError) -> Self {
        let mut headers = vec![(header::CONTENT_TYPE, PROBLEM_JSON.to_owned())];
        headers.extend(error.headers().iter().cloned());
        Reply {
            status: error.problem.status(),
            headers,
            body: serde_json::to_vec(&error.document()).unwrap_or_default(),
        }
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn into_response(self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.insert_header((name, value));
            }
        }
        response.body(self.body)
    }
}

/// One record: `status`, its representation and its version as `ETag`.
pub fn record(status: StatusCode, version: i64, representation: String) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag(version)))
        .content_type("application/json")
        .body(representation)
}

/// A record just created at `location`: 201 with `ETag` and `Location`.
pub fn created(version: i64, representation: String, location: String) -> HttpResponse {
    let mut response = record(StatusCode::CREATED, version, representation);
    if let Ok(value) = header::HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// A record read by id: 304 when the request's `If-None-Match` names its version.
pub fn read(req: &HttpRequest, version: i64, representation: String) -> HttpResponse {
    if not_modified(req, version) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag(version)))
            .finish();
    }
    record(StatusCode::OK, version, representation)
}

/// A page of records, `{"items": [...], "next_cursor": ...}`, assembled from their
/// representations without parsing them.
pub fn page(items: &[String], next_cursor: Option<&str>) -> HttpResponse {
    let mut body = String::with_capacity(items.iter().map(|i| i.len() + 1).sum::<usize>() + 64);
    body.push_str("{\"items\":[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        body.push_str(item);
    }
    body.push_str("],\"next_cursor\":");
    body.push_str(&serde_json::to_string(&next_cursor).expect("a cursor serialises"));
    body.push('}');
    HttpResponse::Ok()
        .content_type("application/json")
        .body(body)
}

/// A body streamed page by page: `first` (read before answering, so that its errors are
/// problem documents), then each next page read by `read` from the previous page's
/// cursor, each turned into bytes by `render` (told whether it is the last). The next
/// page is read while the previous one is rendered (the database works on one page while
/// this process writes the other out), and no further: at most two pages are held
/// however slowly the client takes them. A failure after the status was sent cuts the
/// body short, so that it never reads as a whole file.
pub fn paged_stream<P, Read, Next, Render>(
    first: P,
    next_cursor: fn(&P) -> Option<String>,
    read: Read,
    render: Render,
) -> impl futures_util::Stream<Item = Result<actix_web::web::Bytes, actix_web::Error>>
where
    P: 'static,
    Read: Fn(String) -> Next + 'static,
    Next: std::future::Future<Output = Result<P, ApiError>> + 'static,
    Render: FnMut(P, bool) -> Result<Vec<u8>, ApiError> + 'static,
{
    type Reading<P> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<P, ApiError>>>>;
    enum Stage<P> {
        Page(P),
        Reading(Reading<P>),
        Done,
    }
    let cut_short = |error: ApiError| {
        log::error!("a streamed body stopped: {}", error.detail);
        actix_web::error::ErrorInternalServerError("the body was cut short")
    };
    futures_util::stream::unfold(
        (Stage::Page(first), read, render),
        move |(stage, read, mut render)| async move {
            let page = match stage {
                Stage::Done => return None,
                Stage::Page(page) => page,
                Stage::Reading(reading) => match reading.await {
                    Ok(page) => page,
                    Err(error) => {
                        return Some((Err(cut_short(error)), (Stage::Done, read, render)));
                    }
                },
            };
            let next = match next_cursor(&page) {
                Some(cursor) => {
                    let mut reading: Reading<P> = Box::pin(read(cursor));
                    // Polled once now, which hands the read to the blocking pool: it runs
                    // while this page is rendered on this thread.
                    let started = std::future::poll_fn(|cx| {
                        std::task::Poll::Ready(reading.as_mut().poll(cx))
                    })
                    .await;
                    match started {
                        std::task::Poll::Pending => Stage::Reading(reading),
                        std::task::Poll::Ready(result) => {
                            Stage::Reading(Box::pin(std::future::ready(result)))
                        }
                    }
                }
                None => Stage::Done,
            };
            let last = matches!(next, Stage::Done);
            match render(page, last) {
                Ok(chunk) => Some((Ok(actix_web::web::Bytes::from(chunk)), (next, read, render))),
                Err(error) => Some((Err(cut_short(error)), (Stage::Done, read, render))),
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use futures_util::StreamExt as _;

    use super::*;

    /// Pages 1 to 4 of which the fourth cannot be read: each next page's read is under way
    /// (polled) when the previous page is handed out, no further page is, and the failure
    /// ends the body after what was sent.
    #[actix_web::test]
    async fn a_stream_reads_one_page_ahead_and_stops_at_a_failure() {
        let started = Rc::new(Cell::new(0));
        let reads = started.clone();
        let stream = paged_stream(
            1u32,
            |page: &u32| (*page < 4).then(|| (page + 1).to_string()),
            move |cursor: String| {
                let reads = reads.clone();
                async move {
                    reads.set(reads.get() + 1);
                    // Not ready at the first poll, as a read on the blocking pool is not.
                    actix_web::rt::task::yield_now().await;
                    match cursor.parse::<u32>() {
                        Ok(4) | Err(_) => Err(ApiError::internal("page 4 is lost")),
                        Ok(page) => Ok(page),
                    }
                }
            },
            |page, last| Ok(format!("{page}{}", if last { "." } else { "," }).into_bytes()),
        );
        let mut stream = Box::pin(stream);
        for (page, reads_started) in [("1,", 1), ("2,", 2), ("3,", 3)] {
            let chunk = stream.next().await.unwrap().unwrap();
            assert_eq!(chunk, page.as_bytes());
            assert_eq!(started.get(), reads_started, "after page {page}");
        }
        assert!(
            stream.next().await.unwrap().is_err(),
            "page 4 cuts the body short"
        );
        assert!(stream.next().await.is_none());
        assert_eq!(started.get(), 3);

        // A single page is the last, and nothing more is read.
        let single = paged_stream(
            7u32,
            |_: &u32| None,
            |_: String| async { Err::<u32, _>(ApiError::internal("not read")) },
            |page, last| Ok(format!("{page}{last}").into_bytes()),
        );
        let chunks: Vec<_> = single.collect().await;
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].as_ref().unwrap(), "7true".as_bytes());
    }
}
