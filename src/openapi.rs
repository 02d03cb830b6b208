//! The OpenAPI 3.1 document: utoipa collects the operations from the same registration
//! that serves requests; `finish` then adds what every operation shares (bearer security,
//! the problem+json error responses each kind of operation can produce), so no operation
//! can forget one.

use serde_json::{Map, Value, json};
use utoipa::OpenApi;

use crate::domain::filters;
use crate::domain::kinds::ResourceKind;
use crate::error::{FieldError, Problem, ProblemDocument};
use crate::pagination;

const DESCRIPTION: &str = "\
JSON REST API through which an international cooperation directorate and its partner \
ministries record and exchange South-South and Triangular Cooperation.

**Authentication.** Every `/api/v1` operation except this document needs \
`Authorization: Bearer <JWT>`. Roles: `admin`, `coordinator`, `partner` (acts for the \
organisation in its `org` claim), `viewer`. Use *Authorize* above with a token \
(`ssc-api token --role admin --sub <you>` prints one).

**Errors.** Every 4xx and 5xx response is an RFC 9457 `application/problem+json` document. \
A request outside this document's schemas is 400; one inside them that the service cannot \
carry out (a code in no codelist, parameters that contradict each other, a cursor the list \
did not issue, a rule across fields) is 422, listing every violated rule with a JSON \
pointer or the parameter's name. A problem's `title`, `detail` and each error's `message` are in \
English, Spanish, Portuguese or French, as `Accept-Language` asks (`es-AR`, `pt-BR`, `fr-CA` \
read as `es`, `pt`, `fr`; by quality, then order; English when it names none of them); \
`Content-Language` says which, and `Vary: Accept-Language` comes with it (a reason a \
library gave, such as the XML parser's inside the message about an unreadable file, stays \
as it was written). `type`, `status`, \
pointers, parameter names and `error` are the same in every language: match on those.

**Concurrency.** Records carry a `version`, also sent as `ETag`. `PUT`, `PATCH` and \
`DELETE` need `If-Match` with that ETag: 428 without it, 412 when the record has changed.

**Lists** are keyset-paginated: `limit` (1–200, default 50) and the opaque `cursor` taken \
from the previous page's `next_cursor`.

Every response carries `X-Request-Id` (the client's, when it sends a sane one).";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ssc-api",
        description = DESCRIPTION,
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "projects", description = "Cooperation projects: bilateral and regional South-South, triangular and multilateral (IATI activities)"),
        (name = "results", description = "Projects' results and indicators (IATI 2.03 result): baselines, targets and the actuals partners report, with versions of their own"),
        (name = "activities", description = "Projects' activities (missions, courses, internships, visits, meetings, deliveries) and their costs by paying organisation, planned and executed, with versions of their own"),
        (name = "transactions", description = "Projects' transactions as IATI's (commitments made and received, disbursements, expenditures, incoming funds), with versions of their own; the IATI export writes them and the import reads them back"),
        (name = "partnerships", description = "Cooperation frameworks: bilateral joint commissions and MoUs, regional agreements inside integration spaces, inter-regional forums, multilateral frameworks"),
        (name = "triangular arrangements", description = "Three-sided frameworks: first providers, second providers and recipients, with cost sharing"),
        (name = "policy exchanges", description = "Sharing of public policies between institutions: missions, study visits, workshops, internships"),
        (name = "capacities", description = "The catalogue of what institutions can share — experts, courses, internships, tools — with each capacity's track record"),
        (name = "cooperation requests", description = "Partners' demands for cooperation and the directorate's pipeline: received, under assessment (consultations and internal notes, for the directorate only), accepted or declined, formulated as a project, closed"),
        (name = "rates", description = "Yearly exchange rates to US dollars and the value of an expert's day, set by admins: what the reports convert amounts and in-kind contributions with"),
        (name = "reports", description = "The yearly reports a directorate owes, in CSV and XLSX: SEGIB's Ibero-American report on South-South cooperation and the OECD's TOSSD, over the caller's projects"),
        (name = "statistics", description = "Counts and totals for dashboards, over the same filters as the lists"),
        (name = "organisations", description = "Ministries, agencies, multilaterals, bloc secretariats, universities and NGOs"),
        (name = "iati", description = "IATI 2.03: the projects as IATI activity XML (validated against the IATI schema; mapping in src/iati/MAPPING.md), and the public file the IATI Registry links"),
        (name = "reviews", description = "Review workflow: partners' drafts and edits await the directorate's approval before they count"),
        (name = "changes", description = "The change feed: every create, update and delete in one total order, for systems that stay in sync"),
        (name = "webhooks", description = "Partner systems told of changes as they happen: signed deliveries (Standard Webhooks 1.0) of the change feed's events, scoped as the change feed is"),
        (name = "API clients", description = "Credentials for partner systems (OAuth 2.0 client credentials) and the token endpoint"),
        (name = "codelists", description = "Reference codes (IATI, ISO, SDG) with English and Spanish labels"),
        (name = "operations", description = "Liveness, readiness and this document"),
    ),
    // Schemas referenced only from query parameters are not collected by themselves.
    components(schemas(
        ProblemDocument,
        FieldError,
        crate::domain::projects::query::ProjectSort,
        crate::exports::ExportFormat,
        crate::domain::reports::ReportFormat,
        crate::domain::arrangements::ArrangementRole,
        crate::domain::review::ReviewedKind,
        crate::domain::review::ReviewStatus,
        crate::routes::review::ReviewRequested,
        crate::routes::codelists::LabelLanguage,
        crate::domain::matching::requests::OpenRequestStatus,
    )),
)]
pub struct ApiDoc;

/// The OAuth 2.0 client credentials scheme's name.
pub const CLIENT_CREDENTIALS: &str = "client_credentials";

/// Operations that need no token.
pub const PUBLIC_PATHS: [&str; 7] = [
    "/api/v1/openapi.json",
    "/api/v1/auth/token",
    "/healthz",
    "/readyz",
    crate::routes::iati::PUBLIC_FILE,
    crate::routes::iati::PUBLIC_ORGANISATION_FILE,
    crate::routes::catalogue::PATH,
];

/// The POSTs that do not take part in `Idempotency-Key`: the token endpoint (its answer
/// is a credential; a retry simply gets another token) and IATI imports (idempotent by
/// themselves: the same file again changes nothing).
/// POSTs that need `If-Match` and honour an `Idempotency-Key` too: their retry after
/// success is not refused by the precondition but answered as the first time.
pub const KEYED_WITH_IF_MATCH: [&str; 1] = ["/api/v1/cooperation-requests/{id}/formulate"];

pub const NOT_IDEMPOTENT: [&str; 4] = [
    // A search: it changes nothing.
    "/api/v1/capacities/matches",
    "/api/v1/auth/token",
    "/api/v1/iati/imports",
    // Sets the rates it gives: the same file again changes nothing.
    "/api/v1/exchange-rates/upload",
];

/// Operations whose body is not validated beyond its syntax (no 422).
const UNVALIDATED_BODIES: [&str; 1] = ["/api/v1/auth/token"];

struct CommonResponse {
    name: &'static str,
    problem: Problem,
    description: &'static str,
    detail: &'static str,
}

const COMMON_RESPONSES: [CommonResponse; 12] = [
    CommonResponse {
        name: "BadRequest",
        problem: Problem::BadRequest,
        description: "Malformed input: JSON syntax, a member of the wrong type or unknown, a bad query or path parameter",
        detail: "parameter `limit`: must be between 1 and 200",
    },
    CommonResponse {
        name: "Unauthorized",
        problem: Problem::Unauthorized,
        description: "Missing, expired or invalid bearer token",
        detail: "the token has expired",
    },
    CommonResponse {
        name: "NotFound",
        problem: Problem::NotFound,
        description: "No such record (or none the caller may see)",
        detail: "no organisation with id 0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
    },
    CommonResponse {
        name: "PreconditionFailed",
        problem: Problem::PreconditionFailed,
        description: "If-Match names a version that is no longer current",
        detail: "the record has changed since you read it: its current version is 4; read it again and reapply your change",
    },
    CommonResponse {
        name: "PayloadTooLarge",
        problem: Problem::PayloadTooLarge,
        description: "The body exceeds the configured limit (SSC_MAX_BODY_BYTES)",
        detail: "the request body exceeds the limit of 1048576 bytes",
    },
    CommonResponse {
        name: "UnsupportedMediaType",
        problem: Problem::UnsupportedMediaType,
        description: "The body is not JSON (or not a merge patch, for PATCH)",
        detail: "Content-Type \"text/plain\" is not supported here; send application/json",
    },
    CommonResponse {
        name: "ValidationFailed",
        problem: Problem::ValidationFailed,
        description: "The body breaks one or more rules, each listed with a JSON pointer; or, on a POST, the Idempotency-Key was already used for a different request",
        detail: "2 rules violated",
    },
    CommonResponse {
        name: "PreconditionRequired",
        problem: Problem::PreconditionRequired,
        description: "The write needs an If-Match header",
        detail: "this write needs an If-Match header with the ETag of the version you read",
    },
    CommonResponse {
        name: "RequestTimeout",
        problem: Problem::RequestTimeout,
        description: "The request body did not arrive within the deadline (SSC_REQUEST_TIMEOUT)",
        detail: "the request body did not arrive within 30 s",
    },
    CommonResponse {
        name: "IdempotencyConflict",
        problem: Problem::Conflict,
        description: "A conflicting record exists (see the detail); or a request with the same Idempotency-Key is still being processed (retry after the given delay); or, replayed to a retry, the first request created or rotated a client's secret, which is shown once and never kept (the detail and Location name the client)",
        detail: "a request with this Idempotency-Key is still being processed; retry shortly",
    },
    CommonResponse {
        name: "TooManyRequests",
        problem: Problem::TooManyRequests,
        description: "The caller exceeded its rate limit (SSC_RATE_LIMIT); retry after the given delay",
        detail: "too many requests from this caller; retry in 1 s",
    },
    CommonResponse {
        name: "ServiceUnavailable",
        problem: Problem::ServiceUnavailable,
        description: "The database is unavailable or overloaded; retry after the given delay",
        detail: "the database is unavailable; retry shortly",
    },
];

fn response_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}

fn common_response(response: &CommonResponse) -> Value {
    let mut example = json!({
        "type": response.problem.type_uri(),
        "title": response.problem.title(),
        "status": response.problem.status().as_u16(),
        "detail": response.detail,
        "request_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8e",
    });
    if response.problem == Problem::ValidationFailed {
        example["errors"] = json!([
            {"pointer": "/country_code", "message": "unknown country code \"ZZ\""},
            {"pointer": "/name", "message": "must be 1 to 300 characters long"},
        ]);
    }
    if response.problem == Problem::BadRequest {
        example["errors"] = json!([{"parameter": "limit", "message": "must be between 1 and 200"}]);
    }
    let mut body = json!({
        "description": response.description,
        "content": {
            "application/problem+json": {
                "schema": {"$ref": "#/components/schemas/ProblemDocument"},
                "example": example,
            }
        }
    });
    body["headers"] = json!({
        "Content-Language": {
            "description": "The language of `title`, `detail` and the errors' messages: en, es, pt or fr, as `Accept-Language` asked (en by default)",
            "schema": {"type": "string", "enum": ["en", "es", "pt", "fr"]}
        },
        "Vary": {
            "description": "Accept-Language (the words depend on it)",
            "schema": {"type": "string"}
        }
    });
    match response.problem {
        Problem::Unauthorized => {
            body["headers"]["WWW-Authenticate"] = json!({
                "description": "Bearer challenge (RFC 6750); its error_description is in English whatever the language asked for",
                "schema": {"type": "string"}
            });
        }
        Problem::ServiceUnavailable | Problem::TooManyRequests | Problem::Conflict => {
            body["headers"]["Retry-After"] = json!({
                "description": "Seconds to wait before retrying",
                "schema": {"type": "integer"}
            });
        }
        _ => {}
    }
    body
}

/// Add the shared parts to the generated document and return it as JSON.
pub fn finish(api: utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(&api).expect("the OpenAPI document serialises");
    doc["info"]["version"] = json!(env!("CARGO_PKG_VERSION"));
    state_what_annotations_cannot(&mut doc);

    let components = doc["components"].as_object_mut().expect("components exist");
    components.insert(
        "securitySchemes".into(),
        json!({
            "bearer": {
                "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                "description": "A JWT from `ssc-api token` or your organisation's issuer (paste the token \
without its `Bearer ` prefix)"
            },
            CLIENT_CREDENTIALS: {
                "type": "oauth2",
                "description": "An API client's id and secret (`POST /api/v1/clients`, by an admin), exchanged \
for a bearer token at `/api/v1/auth/token` (OAuth 2.0 client credentials, RFC 6749 §4.4); the token \
acts with the client's role and organisation.",
                "flows": {"clientCredentials": {
                    "tokenUrl": format!("{}/auth/token", crate::routes::API_BASE),
                    "scopes": {}
                }}
            }
        }),
    );
    let responses: Map<String, Value> = COMMON_RESPONSES
        .iter()
        .map(|r| (r.name.to_owned(), common_response(r)))
        .collect();
    components.insert("responses".into(), Value::Object(responses));
    // Either scheme: a token pasted as is, or one Swagger UI gets with a client's
    // credentials. (`/metrics` has its own token, outside these schemes: see below.)
    doc["security"] = json!([{"bearer": []}, {CLIENT_CREDENTIALS: []}]);

    let replaced_inputs: Vec<String> = doc["paths"]
        .as_object()
        .expect("paths exist")
        .values()
        .filter_map(|item| {
            item["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
        })
        .filter_map(|r| r.rsplit('/').next())
        .map(str::to_owned)
        .collect();
    let patch_schemas = merge_patch_schemas(&mut doc, replaced_inputs);
    let paths = doc["paths"].as_object_mut().expect("paths exist");
    for (path, item) in paths.iter_mut() {
        let replaced = item["put"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .map(str::to_owned);
        if let (Some(input), Some(content)) = (
            replaced,
            item.pointer_mut("/patch/requestBody/content/application~1merge-patch+json")
                .and_then(Value::as_object_mut),
        ) && patch_schemas.contains(&input)
        {
            content.insert(
                "schema".into(),
                json!({"$ref": format!("#/components/schemas/{input}Patch")}),
            );
        }
        let public = PUBLIC_PATHS.contains(&path.as_str());
        if path == crate::routes::service::METRICS_PATH {
            // Its own token (SSC_METRICS_TOKEN, for Prometheus) and its own answers,
            // declared with it. No scheme of the API's: a security scheme would sit in
            // Swagger UI's Authorize dialog beside the API's, and tempt a JWT into it.
            for operation in item
                .as_object_mut()
                .expect("path items are objects")
                .values_mut()
            {
                if let Some(operation) = operation.as_object_mut() {
                    operation.insert("security".into(), json!([]));
                }
            }
            continue;
        }
        for (method, operation) in item.as_object_mut().expect("path items are objects") {
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            add_common_responses(path, method, operation, public);
            examples_into_descriptions(operation);
            tighten_parameters(operation);
        }
    }
    forbid_nul_in_requests(&mut doc);
    accept_incomplete_drafts(&mut doc);
    add_links(&mut doc);
    doc
}

/// What the handlers' annotations cannot state: values known only at run time (the
/// codelists served, the default body limits) and the binary XLSX exports.
fn state_what_annotations_cannot(doc: &mut Value) {
    // `/codelists/{name}` serves the codelists of the index; integration spaces have their
    // own route and shape.
    if let Some(params) = doc
        .pointer_mut("/paths/~1api~1v1~1codelists~1{name}/get/parameters")
        .and_then(Value::as_array_mut)
    {
        for param in params.iter_mut().filter(|p| p["name"] == "name") {
            param["schema"]["enum"] = json!(crate::routes::codelists::names());
        }
    }
    // An IATI file is as long as SSC_MAX_IMPORT_BYTES allows, a CSV of exchange rates as
    // SSC_MAX_BODY_BYTES does (their defaults here).
    for (path, media, limit) in [
        (
            "/api/v1/iati/imports",
            "application/xml",
            crate::config::DEFAULT_MAX_IMPORT_BYTES,
        ),
        (
            "/api/v1/exchange-rates/upload",
            "text/csv",
            crate::config::DEFAULT_MAX_BODY_BYTES,
        ),
    ] {
        let pointer = format!(
            "/paths/{}/post/requestBody/content/{}/schema",
            path.replace('/', "~1"),
            media.replace('/', "~1")
        );
        if let Some(schema) = doc.pointer_mut(&pointer) {
            schema["maxLength"] = json!(limit);
        }
    }
    // An XLSX export is binary.
    for kind in crate::domain::kinds::ResourceKind::cooperation() {
        let path = format!("{}{}", crate::routes::API_BASE, kind.export_path());
        let pointer = format!(
            "/paths/{}/get/responses/200/content/{}/schema",
            path.replace('/', "~1"),
            crate::exports::ExportFormat::Xlsx
                .content_type()
                .replace('/', "~1")
        );
        if let Some(schema) = doc.pointer_mut(&pointer) {
            *schema = json!({"type": "string", "format": "binary"});
        }
    }
    for report in ["segib", "tossd"] {
        let pointer = format!(
            "/paths/~1api~1v1~1reports~1{report}/get/responses/200/content/{}/schema",
            crate::exports::ExportFormat::Xlsx
                .content_type()
                .replace('/', "~1")
        );
        if let Some(schema) = doc.pointer_mut(&pointer) {
            *schema = json!({"type": "string", "format": "binary"});
        }
    }
}

/// A write that may be kept as an incomplete draft (`?review=draft`) takes its kind's
/// input or a `…Draft` of it (the same members, none required), as
/// `request_body::check_draft` judges one.
fn accept_incomplete_drafts(doc: &mut Value) {
    let examples: Map<String, Value> = doc["components"]["schemas"]
        .as_object()
        .expect("schemas exist")
        .iter()
        .filter_map(|(name, schema)| Some((name.clone(), schema.get("example")?.clone())))
        .collect();
    let mut inputs = std::collections::BTreeSet::new();
    let paths = doc["paths"].as_object_mut().expect("paths exist");
    for operation in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in operation.values_mut() {
            let takes_drafts = operation["parameters"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["name"] == "review"));
            let Some(content) = operation
                .pointer_mut("/requestBody/content/application~1json")
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let Some(input) = content
                .get("schema")
                .and_then(|s| s["$ref"].as_str())
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .map(str::to_owned)
            else {
                continue;
            };
            if takes_drafts {
                content.insert(
                    "schema".into(),
                    json!({"anyOf": [
                        {"$ref": format!("#/components/schemas/{input}")},
                        {"$ref": format!("#/components/schemas/{input}Draft")},
                    ]}),
                );
                // The example a complete write sends, beside the choice of schemas.
                if !content.contains_key("example")
                    && let Some(example) = examples.get(&input)
                {
                    content.insert("example".into(), example.clone());
                }
                inputs.insert(input);
            }
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas exist");
    for input in inputs {
        let draft = crate::request_body::draft_schema(&schemas[&input], &input);
        schemas.insert(format!("{input}Draft"), draft);
    }
}

/// OpenAPI links, so that a client (or a stateful test) can go from a created record to
/// everything it can do with it: from each create's 201 to every operation under the new
/// record's path (its id from the body, its `ETag` as `If-Match`), and from a read,
/// replace or patch (200) to the record's replace, patch and delete with the fresh `ETag`.
/// Where the new record's id is in a create's 201 body: `/id`, or `/{member}/id` when the
/// record is wrapped (a new API client comes with its secret beside it).
fn created_id_pointer(doc: &Value, created: &Value) -> String {
    let resolve = |schema: &Value| -> Value {
        match schema["$ref"].as_str() {
            Some(reference) => doc
                .pointer(reference.trim_start_matches('#'))
                .cloned()
                .unwrap_or(Value::Null),
            None => schema.clone(),
        }
    };
    let schema = resolve(&created["content"]["application/json"]["schema"]);
    let properties = schema["properties"].as_object();
    if properties.is_some_and(|p| p.contains_key("id")) {
        return "/id".into();
    }
    properties
        .into_iter()
        .flatten()
        .find(|(_, member)| resolve(member)["properties"].get("id").is_some())
        .map_or_else(|| "/id".into(), |(name, _)| format!("/{name}/id"))
}

fn add_links(doc: &mut Value) {
    let id_pointers: Map<String, Value> = doc["paths"]
        .as_object()
        .expect("paths exist")
        .iter()
        .filter_map(|(path, item)| {
            let created = item.get("post")?["responses"].get("201")?;
            Some((
                path.clone(),
                Value::String(created_id_pointer(doc, created)),
            ))
        })
        .collect();
    let paths = doc["paths"].as_object_mut().expect("paths exist");
    let operations: Vec<(String, String, String, bool)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("path items are objects")
                .iter()
                .filter_map(|(method, operation)| {
                    let id = operation["operationId"].as_str()?.to_owned();
                    let takes_if_match = operation["parameters"]
                        .as_array()
                        .is_some_and(|p| p.iter().any(|p| p["name"] == "If-Match"));
                    Some((path.clone(), method.clone(), id, takes_if_match))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let link = |operation: &str, id: &str, if_match: bool| {
        let mut parameters = json!({"path.id": id});
        if if_match {
            parameters["header.If-Match"] = json!("$response.header.ETag");
        }
        json!({"operationId": operation, "parameters": parameters})
    };
    for (path, item) in paths.iter_mut() {
        let item = item.as_object_mut().expect("path items are objects");
        let under = format!("{path}/{{id}}");
        if let Some(created) = item
            .get_mut("post")
            .and_then(|p| p["responses"].get_mut("201"))
        {
            // A create may keep an incomplete draft (`?review=draft`), which has no IATI
            // activity until it is complete (409): the 201 does not lead to `/iati`.
            let links: Map<String, Value> = operations
                .iter()
                .filter(|(p, ..)| *p == under || p.starts_with(&format!("{under}/")))
                .filter(|(p, ..)| !p.ends_with("/iati"))
                .map(|(_, _, operation, if_match)| {
                    let pointer = id_pointers[path.as_str()].as_str().unwrap_or("/id");
                    (
                        operation.clone(),
                        link(operation, &format!("$response.body#{pointer}"), *if_match),
                    )
                })
                .collect();
            if !links.is_empty() {
                created["links"] = Value::Object(links);
            }
        }
        if !path.ends_with("/{id}") {
            continue;
        }
        let writes: Vec<&(String, String, String, bool)> = operations
            .iter()
            .filter(|(p, method, ..)| {
                p == path && ["put", "patch", "delete"].contains(&method.as_str())
            })
            .collect();
        for method in ["get", "put", "patch"] {
            let Some(answered) = item
                .get_mut(method)
                .and_then(|o| o["responses"].get_mut("200"))
            else {
                continue;
            };
            let links: Map<String, Value> = writes
                .iter()
                .map(|(_, _, operation, if_match)| {
                    (
                        operation.clone(),
                        link(operation, "$request.path.id", *if_match),
                    )
                })
                .collect();
            if !links.is_empty() {
                answered["links"] = Value::Object(links);
            }
        }
    }
}

/// The pattern of text that may be anything but U+0000 (PostgreSQL text cannot hold it,
/// and the service refuses it everywhere), with the string's length bounds in it.
fn without_nul(schema: &Map<String, Value>) -> String {
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    match schema.get("maxLength").and_then(Value::as_u64) {
        Some(max) => format!("^[^\\u0000]{{{min},{max}}}$"),
        None => format!("^[^\\u0000]{{{min},}}$"),
    }
}

/// Say in the contract that request text never holds U+0000: every string of a request
/// (query parameter, or in a body schema, through the schemas it refers to) that no
/// pattern, format or enum already restricts gets the pattern of [`without_nul`].
fn forbid_nul_in_requests(doc: &mut Value) {
    fn patch(schema: &mut Value, referred: &mut Vec<String>) {
        let Some(object) = schema.as_object_mut() else {
            return;
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                referred.push(name.to_owned());
            }
            return;
        }
        let is_string = match object.get("type") {
            Some(Value::String(kind)) => kind == "string",
            Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
            _ => false,
        };
        let restricted = ["pattern", "format", "enum", "const"]
            .iter()
            .any(|key| object.contains_key(*key));
        if is_string && !restricted {
            let pattern = without_nul(object);
            object.insert("pattern".into(), Value::String(pattern));
        }
        for key in ["items", "additionalProperties"] {
            if let Some(inner) = object.get_mut(key) {
                patch(inner, referred);
            }
        }
        for key in ["properties"] {
            if let Some(Value::Object(members)) = object.get_mut(key) {
                members
                    .values_mut()
                    .for_each(|inner| patch(inner, referred));
            }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(Value::Array(options)) = object.get_mut(key) {
                options.iter_mut().for_each(|inner| patch(inner, referred));
            }
        }
    }
    let mut referred = Vec::new();
    for item in doc["paths"]
        .as_object_mut()
        .expect("paths exist")
        .values_mut()
    {
        for operation in item
            .as_object_mut()
            .expect("path items are objects")
            .values_mut()
        {
            let parameters = operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut);
            for parameter in parameters.into_iter().flatten() {
                patch(&mut parameter["schema"], &mut referred);
            }
            if let Some(Value::Object(content)) = operation.pointer_mut("/requestBody/content") {
                for media in content.values_mut() {
                    patch(&mut media["schema"], &mut referred);
                }
            }
        }
    }
    let mut done = std::collections::HashSet::new();
    while let Some(name) = referred.pop() {
        if done.insert(name.clone())
            && let Some(schema) = doc["components"]["schemas"].get_mut(&name)
        {
            patch(schema, &mut referred);
        }
    }
}

/// For each schema that a PUT body takes, a `…Patch` schema: the same members,
/// none required, each also `null` (which removes an optional member, RFC 7396).
fn merge_patch_schemas(doc: &mut Value, inputs: Vec<String>) -> Vec<String> {
    let schemas = doc["components"]["schemas"]
        .as_object_mut()
        .expect("schemas exist");
    for name in &inputs {
        let mut patch = schemas[name].clone();
        let object = patch.as_object_mut().expect("input schemas are objects");
        object.remove("required");
        object.remove("example");
        object.insert(
            "description".into(),
            json!(format!(
                "A JSON Merge Patch (RFC 7396) over {name}: the members to change; null removes an optional member"
            )),
        );
        for property in object
            .get_mut("properties")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|p| p.values_mut())
        {
            let nullable = match property.get("type") {
                Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
                Some(Value::String(t)) => t == "null",
                None => property.get("oneOf").is_some_and(|alternatives| {
                    alternatives
                        .as_array()
                        .is_some_and(|a| a.iter().any(|s| s["type"] == "null"))
                }),
                _ => false,
            };
            if !nullable {
                let original = property.take();
                *property = json!({"oneOf": [original, {"type": "null"}]});
            }
        }
        schemas.insert(format!("{name}Patch"), patch);
    }
    inputs
}

/// Schemas for parameters the handlers declare as plain strings: entity tags and cursors.
/// Swagger UI fills a parameter with its example, so "Try it out" would filter a list
/// down to the example's values and answer nothing: a parameter's example is said in its
/// description instead, and no parameter starts filled in.
fn examples_into_descriptions(operation: &mut Map<String, Value>) {
    for parameter in operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        let Some(parameter) = parameter.as_object_mut() else {
            continue;
        };
        let example = parameter.remove("example").or_else(|| {
            parameter
                .get_mut("schema")
                .and_then(Value::as_object_mut)
                .and_then(|schema| schema.remove("example"))
        });
        let Some(example) = example else {
            continue;
        };
        let example = match example {
            Value::String(text) => text,
            other => other.to_string(),
        };
        let description = parameter
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim_end)
            .map(|d| {
                if d.ends_with(['.', ')', ':']) {
                    format!("{d} ")
                } else {
                    format!("{d}. ")
                }
            })
            .unwrap_or_default();
        parameter.insert(
            "description".into(),
            Value::String(format!("{description}Example: `{example}`.")),
        );
    }
}

fn tighten_parameters(operation: &mut Map<String, Value>) {
    for parameter in operation
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        let schema = match (parameter["in"].as_str(), parameter["name"].as_str()) {
            (Some("header"), Some("If-Match")) => {
                json!({"type": "string", "pattern": "^\"[0-9]{1,19}\"$", "maxLength": 21})
            }
            // Only the hyphenated form (`RecordId` takes no other).
            (Some("path"), Some("id")) => {
                json!({"type": "string", "format": "uuid", "pattern": UUID_PATTERN})
            }
            (Some("query"), Some("cursor" | "after")) => json!({
                "type": "string",
                "minLength": pagination::CURSOR_MIN_LEN,
                "maxLength": pagination::CURSOR_MAX_LEN,
                "pattern": "^[A-Za-z0-9_-]+$"
            }),
            (Some("query"), Some("types")) => {
                let kinds: Vec<&str> = ResourceKind::ALL.iter().map(|k| k.as_str()).collect();
                let kind = format!("({})", kinds.join("|"));
                json!({"type": "string", "pattern": format!("^{kind}(,{kind})*$")})
            }
            (Some("query"), Some(name)) => {
                let Some((_, syntax)) = filters::CODE_PARAMETERS.iter().find(|(n, _)| *n == name)
                else {
                    continue;
                };
                json!({"type": "string", "pattern": syntax.pattern})
            }
            _ => continue,
        };
        parameter["schema"] = schema;
    }
}

/// A UUID in its hyphenated form, either case.
const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// The `Idempotency-Key` header every POST accepts (see `idempotency`).
fn idempotency_key_parameter() -> Value {
    json!({
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "Makes a retry safe: the first response to this key (status, headers, body) is replayed, \
    with `Idempotent-Replayed: true`, to a later request with the same key and body, without a second write \
    (the response is committed with the write itself). Scoped by caller (issuer, subject, role and organisation); \
    kept for SSC_IDEMPOTENCY_TTL (24 h by default). The same key with a different body is 422; while the first \
    request still runs, 409. Responses carrying a client secret are never kept: their replay is a 409 naming the client.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}
    })
}

fn add_common_responses(
    path: &str,
    method: &str,
    operation: &mut Map<String, Value>,
    public: bool,
) {
    let parameters: Vec<(String, String)> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|p| {
                    (
                        p["in"].as_str().unwrap_or_default().to_owned(),
                        p["name"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let has_body = operation.contains_key("requestBody");
    let takes_if_match = parameters
        .iter()
        .any(|(l, n)| l == "header" && n == "If-Match");
    // A POST that needs If-Match (a review transition) is safe to retry by itself: the
    // retry's precondition fails (412) once the first has made its change.
    let idempotent_post = method == "post"
        && !NOT_IDEMPOTENT.contains(&path)
        && (!takes_if_match || KEYED_WITH_IF_MATCH.contains(&path));
    if idempotent_post {
        operation
            .entry("parameters")
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .expect("parameters is an array")
            .push(idempotency_key_parameter());
    }
    let has_query = parameters.iter().any(|(location, _)| location == "query");
    let has_if_match = parameters
        .iter()
        .any(|(l, n)| l == "header" && n == "If-Match");
    let has_id = path.contains("{id}");

    let mut add: Vec<(&str, &str)> = Vec::new();
    if public {
        operation.insert("security".into(), json!([]));
    } else {
        add.push(("401", "Unauthorized"));
        add.push(("503", "ServiceUnavailable"));
    }
    if has_body || has_query || has_id || has_if_match {
        add.push(("400", "BadRequest"));
    }
    if has_id {
        add.push(("404", "NotFound"));
    }
    if !matches!(path, "/healthz" | "/readyz") {
        add.push(("429", "TooManyRequests"));
    }
    if path == crate::routes::iati::PUBLIC_FILE
        || path == crate::routes::iati::PUBLIC_ORGANISATION_FILE
    {
        // Public, but read from the database.
        add.push(("503", "ServiceUnavailable"));
    }
    if has_query {
        // Every query takes a cursor, a code or parameters that depend on each other:
        // well-formed values the service cannot use (a cursor this list did not issue, a
        // code in no codelist, `start_to` before `start_from`).
        add.push(("422", "ValidationFailed"));
    }
    if idempotent_post {
        add.extend([
            ("400", "BadRequest"),
            ("409", "IdempotencyConflict"),
            ("422", "ValidationFailed"),
        ]);
    }
    if has_body {
        add.extend([
            ("408", "RequestTimeout"),
            ("413", "PayloadTooLarge"),
            ("415", "UnsupportedMediaType"),
        ]);
        if !UNVALIDATED_BODIES.contains(&path) {
            add.push(("422", "ValidationFailed"));
        }
    }
    if has_if_match {
        add.extend([
            ("412", "PreconditionFailed"),
            ("428", "PreconditionRequired"),
        ]);
    }
    let responses = operation
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("responses is an object");
    for (status, name) in add {
        responses
            .entry(status)
            .or_insert_with(|| response_ref(name));
    }
    responses.sort_keys();
}
