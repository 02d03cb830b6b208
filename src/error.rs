//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//!
//! Every failure a client can cause maps to a [`Problem`] kind with a fixed status, type URI
//! and title; the `detail` says what was wrong with this request. Unexpected failures are
//! logged with the request id and answered with a generic body that reveals no internals.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::l10n::{self, Language, Message, Text};
use crate::msg;
use crate::request_id;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The kinds of problem the API reports. Each has its own `type` URI, documented in the
/// OpenAPI description of the `Problem` schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    PreconditionFailed,
    RequestTimeout,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    PreconditionRequired,
    TooManyRequests,
    Internal,
    ServiceUnavailable,
}

impl Problem {
    const ALL: [Problem; 16] = [
        Problem::BadRequest,
        Problem::Unauthorized,
        Problem::Forbidden,
        Problem::NotFound,
        Problem::MethodNotAllowed,
        Problem::NotAcceptable,
        Problem::Conflict,
        Problem::PreconditionFailed,
        Problem::RequestTimeout,
        Problem::PayloadTooLarge,
        Problem::UnsupportedMediaType,
        Problem::ValidationFailed,
        Problem::PreconditionRequired,
        Problem::TooManyRequests,
        Problem::Internal,
        Problem::ServiceUnavailable,
    ];

    /// The kind of problem a status code stands for, if the API has one.
    pub fn for_status(status: StatusCode) -> Option<Problem> {
        Self::ALL.into_iter().find(|p| p.status() == status)
    }

    pub fn status(self) -> StatusCode {
        match self {
            Problem::BadRequest => StatusCode::BAD_REQUEST,
            Problem::Unauthorized => StatusCode::UNAUTHORIZED,
            Problem::Forbidden => StatusCode::FORBIDDEN,
            Problem::NotFound => StatusCode::NOT_FOUND,
            Problem::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Problem::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Problem::Conflict => StatusCode::CONFLICT,
            Problem::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Problem::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Problem::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Problem::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Problem::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            Problem::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Problem::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Problem::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Problem::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The `type` member: a stable URN per kind of problem.
    pub fn type_uri(self) -> &'static str {
        match self {
            Problem::BadRequest => "urn:ssc-api:problem:bad-request",
            Problem::Unauthorized => "urn:ssc-api:problem:unauthorized",
            Problem::Forbidden => "urn:ssc-api:problem:forbidden",
            Problem::NotFound => "urn:ssc-api:problem:not-found",
            Problem::MethodNotAllowed => "urn:ssc-api:problem:method-not-allowed",
            Problem::NotAcceptable => "urn:ssc-api:problem:not-acceptable",
            Problem::Conflict => "urn:ssc-api:problem:conflict",
            Problem::PreconditionFailed => "urn:ssc-api:problem:precondition-failed",
            Problem::RequestTimeout => "urn:ssc-api:problem:request-timeout",
            Problem::PayloadTooLarge => "urn:ssc-api:problem:payload-too-large",
            Problem::UnsupportedMediaType => "urn:ssc-api:problem:unsupported-media-type",
            Problem::ValidationFailed => "urn:ssc-api:problem:validation-failed",
            Problem::PreconditionRequired => "urn:ssc-api:problem:precondition-required",
            Problem::TooManyRequests => "urn:ssc-api:problem:too-many-requests",
            Problem::Internal => "urn:ssc-api:problem:internal",
            Problem::ServiceUnavailable => "urn:ssc-api:problem:service-unavailable",
        }
    }

    /// The catalogue's key of the title.
    pub fn title_key(self) -> &'static str {
        match self {
            Problem::BadRequest => "problem-bad-request",
            Problem::Unauthorized => "problem-unauthorized",
            Problem::Forbidden => "problem-forbidden",
            Problem::NotFound => "problem-not-found",
            Problem::MethodNotAllowed => "problem-method-not-allowed",
            Problem::NotAcceptable => "problem-not-acceptable",
            Problem::Conflict => "problem-conflict",
            Problem::PreconditionFailed => "problem-precondition-failed",
            Problem::RequestTimeout => "problem-request-timeout",
            Problem::PayloadTooLarge => "problem-payload-too-large",
            Problem::UnsupportedMediaType => "problem-unsupported-media-type",
            Problem::ValidationFailed => "problem-validation-failed",
            Problem::PreconditionRequired => "problem-precondition-required",
            Problem::TooManyRequests => "problem-too-many-requests",
            Problem::Internal => "problem-internal",
            Problem::ServiceUnavailable => "problem-service-unavailable",
        }
    }

    /// The `title` member in `language`.
    pub fn title_in(self, language: Language) -> String {
        Message::new(self.title_key()).render(language)
    }

    /// The `title` member in English (the contract's examples).
    pub fn title(self) -> String {
        self.title_in(Language::En)
    }

    /// Every kind of problem.
    pub fn all() -> [Problem; 16] {
        Self::ALL
    }
}

/// A record version as a strong entity tag, `"3"`: what `ETag` carries and `If-Match`
/// names.
pub fn entity_tag(version: i64) -> String {
    format!("\"{version}\"")
}

/// One violated rule: where (a JSON pointer into the request body, or the name of a
/// query or path parameter) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({"pointer": "/sectors/0/percentage", "message": "sector percentages must sum to 100"}))]
pub struct FieldError {
    /// JSON pointer (RFC 6901) into the request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// Name of the query or path parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// What is wrong there, in the language of `Accept-Language`.
    #[schema(value_type = String)]
    pub message: Text,
}

impl FieldError {
    /// As listed in an answer in `language`: its pointer and message at most 1,000
    /// characters each.
    fn rendered(&self, language: Language) -> FieldError {
        FieldError {
            pointer: self.pointer.as_deref().map(bounded_text),
            parameter: self.parameter.as_deref().map(bounded_text),
            message: Text::Plain(bounded_text(&self.message.render(language))),
        }
    }

    /// A violation at a JSON pointer in the body, said by a message of the catalogue.
    pub fn at(pointer: impl Into<String>, message: Message) -> Self {
        Self::at_text(pointer, message.into())
    }

    /// A violation at a JSON pointer whose text is already made (a message of the
    /// catalogue about the body's shape, or one reworded where it is listed).
    pub fn at_text(pointer: impl Into<String>, message: Text) -> Self {
        FieldError {
            pointer: Some(pointer.into()),
            parameter: None,
            message,
        }
    }

    /// This error of item `index` of a list of inputs, pointing into the list.
    pub fn within(mut self, index: usize) -> Self {
        if let Some(pointer) = &mut self.pointer {
            pointer.insert_str(0, &format!("/{index}"));
        }
        self
    }

    /// A bad query or path parameter.
    pub fn parameter(name: impl Into<String>, message: Message) -> Self {
        FieldError {
            pointer: None,
            parameter: Some(name.into()),
            message: message.into(),
        }
    }
}

/// Violated rules listed in one answer at most (a body can break thousands: an answer
/// listing them all could be larger than the request).
pub const MAX_LISTED_ERRORS: usize = 100;
/// The longest pointer or message listed (a pointer names the client's own keys).
const MAX_LISTED_CHARS: usize = 1_000;

/// `text`, or its first [`MAX_LISTED_CHARS`] characters and `…`.
fn bounded_text(text: &str) -> String {
    match text.char_indices().nth(MAX_LISTED_CHARS) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// An RFC 9457 problem details document, as every 4xx and 5xx response carries it.
/// `title`, `detail` and the errors' messages are in the language `Accept-Language` asks
/// for (English, Spanish, Portuguese or French; English by default), named by the
/// response's `Content-Language`; every other member is the same in every language.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:ssc-api:problem:not-found",
    "title": "Not found",
    "status": 404,
    "detail": "no organisation with id 0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
    "request_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8e"
}))]
pub struct ProblemDocument {
    /// A URN naming the kind of problem: `urn:ssc-api:problem:<kind>` where kind is one of
    /// bad-request, unauthorized, forbidden, not-found, method-not-allowed, conflict,
    /// precondition-failed, payload-too-large, unsupported-media-type, validation-failed,
    /// precondition-required, too-many-requests, internal, service-unavailable.
    #[serde(rename = "type")]
    pub type_uri: &'static str,
    /// The kind of problem in words, in the language of `Accept-Language` (English,
    /// Spanish, Portuguese or French; English by default), as `Content-Language` says.
    pub title: String,
    pub status: u16,
    /// What went wrong with this request, for a human, in the language of the title.
    pub detail: String,
    /// The violated rules (validation failures and malformed input): every one, up to
    /// 100; past that the first 100, and `total_errors` counts them all.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 100)]
    pub errors: Vec<FieldError>,
    /// How many rules were violated, when more than the 100 listed in `errors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 101, example = 60001)]
    pub total_errors: Option<usize>,
    /// The request id, also sent as `X-Request-Id`; quote it when reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The OAuth 2.0 error code (RFC 6749 §5.2), on token endpoint errors only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

/// The API's error: a kind of problem, a human detail, and the extras some kinds need.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{problem:?}: {detail}")]
pub struct ApiError {
    pub problem: Problem,
    pub detail: Text,
    pub errors: Vec<FieldError>,
    headers: Vec<(HeaderName, String)>,
    oauth_error: Option<&'static str>,
}

impl ApiError {
    /// A problem said by a message of the catalogue (never plain text: what a client
    /// reads is in its language).
    pub fn new(problem: Problem, detail: Message) -> Self {
        Self::with_text(problem, detail.into())
    }

    /// A problem whose detail is already made: a message reworded where it is answered
    /// (a parameter's, a violation's), or words a library wrote.
    pub fn with_text(problem: Problem, detail: Text) -> Self {
        ApiError {
            problem,
            detail,
            errors: Vec::new(),
            headers: Vec::new(),
            oauth_error: None,
        }
    }

    /// The headers the answer carries besides the content type.
    pub fn headers(&self) -> &[(HeaderName, String)] {
        &self.headers
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Carry an OAuth 2.0 error code (token endpoint).
    pub fn with_oauth_error(mut self, code: &'static str) -> Self {
        self.oauth_error = Some(code);
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// The errors of item `index` of a list of inputs, pointing into the list
    /// (`/participants/0` becomes `/3/participants/0`).
    pub fn within(mut self, index: usize) -> Self {
        self.errors = self.errors.into_iter().map(|e| e.within(index)).collect();
        self
    }

    pub fn bad_request(detail: Message) -> Self {
        Self::new(Problem::BadRequest, detail)
    }

    /// A malformed query or path parameter (400, naming it).
    pub fn bad_parameter(name: &str, message: Message) -> Self {
        Self::bad_parameter_text(name, message.into())
    }

    /// [`ApiError::bad_parameter`] with text already made: the words of the query
    /// parser where no message of the catalogue says it.
    pub fn bad_parameter_text(name: &str, message: Text) -> Self {
        let error = FieldError {
            pointer: None,
            parameter: Some(name.to_owned()),
            message,
        };
        Self::new(Problem::BadRequest, parameter_detail(&error)).with_errors(vec![error])
    }

    /// A well-formed query or path parameter that cannot be processed (422, naming it):
    /// a cursor that this list did not issue, a rule across parameters.
    pub fn unprocessable_parameter(name: &str, message: Message) -> Self {
        let error = FieldError::parameter(name, message);
        Self::new(Problem::ValidationFailed, parameter_detail(&error)).with_errors(vec![error])
    }

    /// The error of a parameter named `name` here (a filter renamed by its use), its
    /// detail saying so.
    pub fn renamed_parameter(mut self, name: &str, here: &str) -> Self {
        let mut renamed = false;
        for field in &mut self.errors {
            if field.parameter.as_deref() == Some(name) {
                field.parameter = Some(here.to_owned());
                renamed = true;
            }
        }
        if renamed && let [only] = self.errors.as_slice() {
            self.detail = parameter_detail(only).into();
        }
        self
    }

    /// A body that does not fit the schema (400, pointing at the place).
    pub fn bad_body(pointer: impl Into<String>, message: Message) -> Self {
        Self::bad_body_text(pointer, message.into())
    }

    /// [`ApiError::bad_body`] with text already made: what the JSON reader said, where no
    /// message of the catalogue says it.
    pub fn bad_body_text(pointer: impl Into<String>, message: Text) -> Self {
        let error = FieldError::at_text(pointer, message);
        let detail = match error.pointer.as_deref() {
            Some("") | None => error.message.clone(),
            Some(pointer) => msg!("at-pointer", pointer = pointer, message = &error.message).into(),
        };
        Self::with_text(Problem::BadRequest, detail).with_errors(vec![error])
    }

    pub fn forbidden(detail: Message) -> Self {
        Self::new(Problem::Forbidden, detail)
    }

    pub fn not_found(detail: Message) -> Self {
        Self::new(Problem::NotFound, detail)
    }

    pub fn conflict(detail: Message) -> Self {
        Self::new(Problem::Conflict, detail)
    }

    /// 412: the client's `If-Match` names a version other than the record's current one
    /// (sent back as `ETag`, so the client knows what to read).
    pub fn stale_version(current: i64) -> Self {
        Self::new(
            Problem::PreconditionFailed,
            msg!("stale-version", version = current.to_string()),
        )
        .with_header(header::ETAG, entity_tag(current))
    }

    /// 412 for a write that lost a race: the record changed between this request's read
    /// and its conditional write.
    pub fn changed_concurrently() -> Self {
        Self::new(Problem::PreconditionFailed, msg!("changed-concurrently"))
    }

    /// Nothing when no rule is violated, else the 422 listing the violations.
    pub fn unless_violated(errors: Vec<FieldError>) -> Result<(), Self> {
        match errors.is_empty() {
            true => Ok(()),
            false => Err(Self::validation(errors)),
        }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.len() {
            1 => match errors[0].pointer.as_deref() {
                Some(pointer) if !pointer.is_empty() => msg!(
                    "violations-one-at",
                    pointer = pointer,
                    message = &errors[0].message
                ),
                _ => msg!("violations-one", message = &errors[0].message),
            },
            n => msg!("violations-many", count = n),
        };
        Self::new(Problem::ValidationFailed, detail).with_errors(errors)
    }

    /// An unexpected failure: logged in full (with the request id, by the log format),
    /// answered with a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        log::error!("internal error: {cause}");
        Self::new(Problem::Internal, msg!("internal-error"))
    }

    /// The database or its pool could not serve the request in time: retryable.
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        log::error!("database unavailable: {cause}");
        Self::new(Problem::ServiceUnavailable, msg!("database-unavailable"))
            .with_header(header::RETRY_AFTER, "1")
    }

    /// The database did not finish the request's work within `SSC_REQUEST_TIMEOUT`.
    pub fn database_timeout(cause: impl std::fmt::Display) -> Self {
        log::warn!("database timeout: {cause}");
        Self::new(Problem::ServiceUnavailable, msg!("database-timeout"))
            .with_header(header::RETRY_AFTER, "1")
    }

    /// The problem document in the language of the request being handled.
    pub fn document(&self) -> ProblemDocument {
        self.document_in(l10n::current())
    }

    /// The problem document in `language`: only `title`, `detail` and the errors'
    /// messages change with it.
    pub fn document_in(&self, language: Language) -> ProblemDocument {
        ProblemDocument {
            type_uri: self.problem.type_uri(),
            title: self.problem.title_in(language),
            status: self.problem.status().as_u16(),
            detail: self.detail.render(language),
            errors: self
                .errors
                .iter()
                .take(MAX_LISTED_ERRORS)
                .map(|e| e.rendered(language))
                .collect(),
            total_errors: (self.errors.len() > MAX_LISTED_ERRORS).then_some(self.errors.len()),
            request_id: request_id::current(),
            error: self.oauth_error,
        }
    }
}

/// "parameter `limit`: must be between 1 and 200".
fn parameter_detail(error: &FieldError) -> Message {
    msg!(
        "parameter-problem",
        name = error.parameter.as_deref().unwrap_or_default(),
        message = &error.message
    )
}

/// A record of kind `noun` (its English noun, as `Kind::noun` has it) that does not
/// exist, or that the caller may not see (404).
pub fn not_found_with_id(noun: &'static str, id: impl std::fmt::Display) -> ApiError {
    ApiError::not_found(msg!(
        "not-found-with-id",
        kind = l10n::noun(noun),
        id = id.to_string()
    ))
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.problem.status()
    }

    fn error_response(&self) -> HttpResponse {
        let language = l10n::current();
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        // The title and detail are in the language `Accept-Language` chose.
        response.insert_header((header::CONTENT_LANGUAGE, language.tag()));
        response.append_header((header::VARY, "Accept-Language"));
        for (name, value) in &self.headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                response.insert_header((name.clone(), value));
            }
        }
        response.json(self.document_in(language))
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match &error {
            Error::NotFound => ApiError::not_found(msg!("record-not-found")),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                ApiError::conflict(msg!("record-unique-violation"))
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                ApiError::conflict(msg!("record-referenced"))
            }
            // PostgreSQL serialization failures and SQLite lock timeouts are transient.
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                ApiError::unavailable(error)
            }
            // A SQLite statement interrupted at its deadline, a PostgreSQL statement
            // cancelled by `statement_timeout`.
            Error::DatabaseError(_, info)
                // SQLite's message for an interrupted statement (see `db::deadline`).
                if info.message() == "interrupted"
                    || info
                        .message()
                        .contains("canceling statement due to statement timeout") =>
            {
                ApiError::database_timeout(error)
            }
            Error::DatabaseError(_, info)
                if info.message().contains("database is locked")
                    || info.message().contains("deadlock detected") =>
            {
                ApiError::unavailable(error)
            }
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                ApiError::unavailable(error)
            }
            // A PostgreSQL session terminated under the request (a restart, an operator):
            // the pool replaces the connection; a retry succeeds.
            Error::DatabaseError(_, info)
                if info.message().starts_with("terminating connection")
                    || info.message().contains("server closed the connection") =>
            {
                ApiError::unavailable(error)
            }
            _ => ApiError::internal(format!("database error: {error}")),
        }
    }
}

/// The one place storage failures become answers.
impl From<crate::store::StoreError> for ApiError {
    fn from(error: crate::store::StoreError) -> Self {
        match error {
            crate::store::StoreError::Database(error) => error.into(),
            crate::store::StoreError::Corrupt(what) => ApiError::internal(what),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        ApiError::unavailable(format!("connection pool: {error}"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::internal(format!("blocking task failed: {error}"))
    }
}
