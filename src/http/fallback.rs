//! Requests no route takes: 405 (with `Allow`) when the path exists under other methods,
//! 404 otherwise, both as problem documents. The table of paths and methods is read from
//! the OpenAPI document, so it cannot disagree with the routes.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

use crate::error::{ApiError, Problem};
use crate::msg;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Path templates (split into segments; `{name}` matches any one segment) and the
/// methods each answers.
#[derive(Debug, Clone, Default)]
pub struct RouteTable(Vec<(Vec<String>, Vec<String>)>);

impl RouteTable {
    pub fn from_openapi(doc: &Value) -> Self {
        let mut routes = Vec::new();
        if let Some(paths) = doc["paths"].as_object() {
            for (path, item) in paths {
                let methods = METHODS
                    .iter()
                    .filter(|m| item.get(**m).is_some())
                    .map(|m| m.to_ascii_uppercase())
                    .collect();
                routes.push((split(path), methods));
            }
        }
        RouteTable(routes)
    }

    /// The methods allowed on `path` when a template without placeholders is exactly it
    /// (`/api/v1/projects/export`, which `/api/v1/projects/{id}` would also match).
    pub fn literal(&self, path: &str) -> Option<&[String]> {
        let segments = split(path);
        self.0
            .iter()
            .find(|(template, _)| *template == segments)
            .map(|(_, methods)| methods.as_slice())
    }

    /// The methods allowed on `path`, if any route template matches it (a literal one
    /// first).
    pub fn allowed(&self, path: &str) -> Option<&[String]> {
        if let Some(methods) = self.literal(path) {
            return Some(methods);
        }
        let segments = split(path);
        self.0
            .iter()
            .find(|(template, _)| {
                template.len() == segments.len()
                    && template
                        .iter()
                        .zip(&segments)
                        .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
            })
            .map(|(_, methods)| methods.as_slice())
    }
}

fn split(path: &str) -> Vec<String> {
    path.split('/').map(str::to_owned).collect()
}

pub async fn not_routed(
    req: HttpRequest,
    routes: web::Data<RouteTable>,
) -> Result<HttpResponse, ApiError> {
    Err(match routes.allowed(req.path()) {
        Some(methods) => method_not_allowed(&req, methods),
        None => ApiError::not_found(msg!("no-route", path = req.path())),
    })
}

/// 405 with `Allow`.
pub fn method_not_allowed(req: &HttpRequest, methods: &[String]) -> ApiError {
    ApiError::new(
        Problem::MethodNotAllowed,
        msg!(
            "method-not-allowed",
            method = req.method().as_str(),
            allowed = methods.join(", ")
        ),
    )
    .with_header(header::ALLOW, methods.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_templates() {
        let table = RouteTable::from_openapi(&json!({"paths": {
            "/api/v1/organisations": {"get": {}, "post": {}},
            "/api/v1/organisations/{id}": {"get": {}, "delete": {}},
        }}));
        assert_eq!(
            table.allowed("/api/v1/organisations").unwrap(),
            ["GET", "POST"]
        );
        assert_eq!(
            table.allowed("/api/v1/organisations/abc").unwrap(),
            ["GET", "DELETE"]
        );
        assert!(table.allowed("/api/v1/organisations/").is_none());
        assert!(table.allowed("/api/v1/nothing").is_none());
    }
}
