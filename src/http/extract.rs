//! Request extractors whose failures are problem documents that say where the input is
//! wrong: JSON bodies (with a JSON pointer to the bad member), JSON Merge Patch bodies,
//! query strings (naming the parameter) and `{id}` path segments.

use std::future::{Ready, ready};
use std::marker::PhantomData;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::list_query::{Filtered, ListFilters, OwnParams};
use crate::error::{ApiError, Problem};
use crate::json::parse_json;
use crate::msg;

pub const MERGE_PATCH_JSON: &str = "application/merge-patch+json";

/// The largest accepted request body; registered as app data (beside an actix
/// `PayloadConfig` with the same limit, which the body reader enforces).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// How long a client may take to send its request body (408 past it; on PostgreSQL also
/// the longest a statement may run); registered as app data.
#[derive(Debug, Clone, Copy)]
pub struct RequestDeadline(pub Duration);

/// A JSON request body, read when the handler asks for it: after the other extractors
/// (authentication and the route's role check among them) have succeeded, so that a
/// caller who may not make the request learns nothing from its body. Needs
/// `Content-Type: application/json`; unknown members are refused by `T`'s serde
/// attributes.
pub struct JsonBody<T> {
    req: HttpRequest,
    payload: Payload,
    _body: PhantomData<fn() -> T>,
}

impl<T> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ready(Ok(JsonBody {
            req: req.clone(),
            payload: payload.take(),
            _body: PhantomData,
        }))
    }
}

impl<T: DeserializeOwned> JsonBody<T> {
    /// The body as sent (within the size limit and the deadline).
    pub async fn bytes(mut self) -> Result<Bytes, ApiError> {
        check_content_type(&self.req, &["application/json"])?;
        read_body(&self.req, &mut self.payload).await
    }

    /// The body, parsed (missing members reported together, see `required`).
    pub async fn read(self) -> Result<T, ApiError>
    where
        T: crate::request_body::Input,
    {
        crate::request_body::parse_input(&self.bytes().await?)
    }

    /// The body, parsed, or `None` when the request has none: no bytes (or only white
    /// space), whatever its `Content-Type` says, since clients send their default headers
    /// with an empty body.
    pub async fn read_optional(mut self) -> Result<Option<T>, ApiError>
    where
        T: crate::request_body::Input,
    {
        let bytes = read_body(&self.req, &mut self.payload).await?;
        if bytes.trim_ascii().is_empty() {
            return Ok(None);
        }
        check_content_type(&self.req, &["application/json"])?;
        // The body is optional, and `null` says so too.
        if bytes.trim_ascii() == b"null" {
            return Ok(None);
        }
        crate::request_body::parse_input(&bytes).map(Some)
    }
}

/// A JSON Merge Patch (RFC 7396) document, a JSON object, read when the handler asks for
/// it (see [`JsonBody`]). Accepts `application/merge-patch+json` and, for convenience,
/// `application/json`.
pub struct MergePatch {
    req: HttpRequest,
    payload: Payload,
}

impl FromRequest for MergePatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ready(Ok(MergePatch {
            req: req.clone(),
            payload: payload.take(),
        }))
    }
}

impl MergePatch {
    /// The patch's members.
    pub async fn read(mut self) -> Result<Map<String, Value>, ApiError> {
        check_content_type(&self.req, &[MERGE_PATCH_JSON, "application/json"])?;
        let bytes = read_body(&self.req, &mut self.payload).await?;
        match parse_json::<Value>(&bytes)? {
            Value::Object(map) => Ok(map),
            _ => Err(ApiError::bad_body("", msg!("body-patch-not-object"))),
        }
    }
}

pub fn check_content_type(req: &HttpRequest, accepted: &[&str]) -> Result<(), ApiError> {
    let expected = || crate::l10n::or_list(accepted.iter().copied());
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return Err(ApiError::new(
            Problem::UnsupportedMediaType,
            msg!("content-type-missing", expected = expected()),
        ));
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if accepted.contains(&essence.as_str()) {
        Ok(())
    } else {
        Err(ApiError::new(
            Problem::UnsupportedMediaType,
            msg!(
                "content-type-unsupported",
                given = essence.as_str(),
                expected = expected()
            ),
        ))
    }
}

/// Read a request body within the body limit (413) and the deadline (408).
pub fn read_body(
    req: &HttpRequest,
    payload: &mut Payload,
) -> LocalBoxFuture<'static, Result<Bytes, ApiError>> {
    let limit = req
        .app_data::<BodyLimit>()
        .map(|l| l.0)
        .unwrap_or(crate::config::DEFAULT_MAX_BODY_BYTES);
    read_body_within(req, payload, limit, "SSC_MAX_BODY_BYTES")
}

/// Read a request body of at most `limit` bytes (the setting `setting`): 413 as soon as
/// the declared length or the bytes received pass it, 408 past the request deadline.
pub fn read_body_within(
    req: &HttpRequest,
    payload: &mut Payload,
    limit: usize,
    setting: &'static str,
) -> LocalBoxFuture<'static, Result<Bytes, ApiError>> {
    use futures_util::StreamExt;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let too_large = move || {
        ApiError::new(
            Problem::PayloadTooLarge,
            msg!(
                "body-too-large",
                limit = limit.to_string(),
                setting = setting
            ),
        )
    };
    if declared.is_some_and(|n| n > limit) {
        return Box::pin(ready(Err(too_large())));
    }
    let deadline = req
        .app_data::<RequestDeadline>()
        .map_or(Duration::from_secs(30), |d| d.0);
    let mut payload = payload.take();
    Box::pin(async move {
        let read = async {
            // Sized once when the length is declared (within the limit): a body grown by
            // doubling holds twice its size while it is copied over.
            let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0).min(limit));
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| match e {
                    PayloadError::Overflow => too_large(),
                    e => ApiError::bad_request(msg!("body-unreadable", reason = e.to_string())),
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            Ok(body.freeze())
        };
        // A client trickling its body must not hold a worker's attention forever.
        tokio::time::timeout(deadline, read).await.map_err(|_| {
            ApiError::new(
                Problem::RequestTimeout,
                msg!("body-too-slow", seconds = deadline.as_secs().to_string()),
            )
        })?
    })
}

/// Query parameters deserialised into `T`; a bad value is a 400 naming the parameter.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_query(req.query_string()).map(QueryParams))
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    // PostgreSQL text cannot hold U+0000: refuse it here rather than fail in a query.
    if query.contains("%00")
        && let Some((name, _)) = form_urlencoded::parse(query.as_bytes())
            .find(|(name, value)| name.contains('\0') || value.contains('\0'))
    {
        return Err(ApiError::bad_parameter(
            &name.replace('\0', ""),
            msg!("parameter-nul"),
        ));
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let message = e.inner().to_string();
        let name = e.path().to_string();
        let name = if let Some(rest) = message.strip_prefix("unknown field `")
            && let Some(end) = rest.find('`')
        {
            rest[..end].to_owned()
        } else if let Some(rest) = message.strip_prefix("duplicate field `")
            && let Some(end) = rest.find('`')
        {
            rest[..end].to_owned()
        } else {
            name
        };
        let message: crate::l10n::Text = if message.starts_with("unknown field") {
            msg!("parameter-unknown").into()
        } else if message.starts_with("duplicate field") {
            msg!("parameter-repeated").into()
        } else {
            message.into()
        };
        ApiError::bad_parameter_text(&name, message)
    })
}

/// The `{id}` path segment, a UUID.
#[derive(Debug, Clone, Copy)]
pub struct RecordId(pub Uuid);

/// A list's, export's or statistics' own parameters and a kind's filters: each part
/// gets the parameters its own list names, parsed as strictly as any query (see
/// `domain::list_query` for why the two are not one flattened struct).
impl<P: OwnParams, F: ListFilters> FromRequest for Filtered<P, F> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_filtered(req.query_string()))
    }
}

pub fn parse_filtered<P: OwnParams, F: ListFilters>(
    query: &str,
) -> Result<Filtered<P, F>, ApiError> {
    let own_names = Filtered::<P, F>::own_names();
    let mut own = form_urlencoded::Serializer::new(String::new());
    let mut filters = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if own_names.iter().any(|own| *own == name) {
            own.append_pair(&name, &value);
        } else {
            filters.append_pair(Filtered::<P, F>::filter_name(&name), &value);
        }
    }
    let own = parse_query(&own.finish())?;
    // A renamed filter's error names it as this use calls it.
    let filters = parse_query(&filters.finish()).map_err(|mut error| {
        let renames: Vec<(String, &str)> = error
            .errors
            .iter()
            .filter_map(|field| {
                let name = field.parameter.as_ref()?;
                let (here, _) = Filtered::<P, F>::filter_names().find(|(_, list)| list == name)?;
                Some((name.clone(), here))
            })
            .collect();
        for (name, here) in renames {
            error = error.renamed_parameter(&name, here);
        }
        error
    })?;
    Ok(Filtered { own, filters })
}

impl FromRequest for RecordId {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let raw = req.match_info().get("id").unwrap_or_default();
        // The hyphenated form only, as the contract's pattern says (`Uuid::try_parse`
        // takes the simple, braced and URN forms too, each 32, 38 or 45 long).
        let hyphenated = raw.len() == 36;
        ready(
            Uuid::try_parse(raw)
                .ok()
                .filter(|_| hyphenated)
                .map(RecordId)
                .ok_or_else(|| {
                    // A path of its own taken by an `{id}` route under another method
                    // (PUT /projects/export): 405, as for any path without that method.
                    let literal = req
                        .app_data::<actix_web::web::Data<crate::http::fallback::RouteTable>>()
                        .and_then(|routes| routes.literal(req.path()));
                    match literal {
                        Some(methods) => crate::http::fallback::method_not_allowed(req, methods),
                        None => ApiError::bad_parameter("id", msg!("id-not-uuid")),
                    }
                }),
        )
    }
}
