//! Validation: the `validator` derive checks each field, resources add the rules that
//! span fields or need the codelists, and every violation becomes a `FieldError` with a
//! JSON pointer, all reported together in one 422.

use std::borrow::Cow;

use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::codelists::Codelist;
use crate::error::{ApiError, FieldError};
use crate::extract::escape_pointer_token;

/// Collects violations of a request body.
#[derive(Debug, Default)]
pub struct Violations(Vec<FieldError>);

impl Violations {
    pub fn new() -> Self {
        Self::default()
    }

    /// Run the field-level (`#[validate(...)]`) checks of `value`.
    pub fn of<T: Validate>(value: &T) -> Self {
        let mut violations = Self::new();
        if let Err(errors) = value.validate() {
            flatten(&errors, String::new(), &mut violations.0);
        }
        violations
    }

    pub fn add(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::at(pointer, message));
    }

    /// Check `code` against a codelist: it must exist and be active.
    pub fn code(&mut self, pointer: impl Into<String>, list: &Codelist, code: &str, what: &str) {
        if let Err(message) = list.active(code, what) {
            self.add(pointer, message);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// 422 listing every violation (sorted by pointer), or Ok when there are none.
    pub fn into_result(mut self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        self.0.dedup();
        Err(ApiError::validation(self.0))
    }
}

fn flatten(errors: &ValidationErrors, prefix: String, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let pointer = format!("{prefix}/{}", escape_pointer_token(field));
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.extend(
                    list.iter()
                        .map(|e| FieldError::at(pointer.clone(), message(e))),
                );
            }
            ValidationErrorsKind::Struct(inner) => flatten(inner, pointer, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(inner, format!("{pointer}/{index}"), out);
                }
            }
        }
    }
}

fn message(error: &ValidationError) -> String {
    match &error.message {
        Some(message) => message.to_string(),
        None => match error.code.as_ref() {
            "length" => {
                let min = error.params.get("min").map(|v| v.to_string());
                let max = error.params.get("max").map(|v| v.to_string());
                match (min, max) {
                    (Some(min), Some(max)) => format!("must be {min} to {max} characters long"),
                    (None, Some(max)) => format!("must be at most {max} characters long"),
                    (Some(min), None) => format!("must be at least {min} characters long"),
                    (None, None) => "has an invalid length".to_owned(),
                }
            }
            "range" => {
                let min = error.params.get("min").map(|v| v.to_string());
                let max = error.params.get("max").map(|v| v.to_string());
                match (min, max) {
                    (Some(min), Some(max)) => format!("must be between {min} and {max}"),
                    (None, Some(max)) => format!("must be at most {max}"),
                    (Some(min), None) => format!("must be at least {min}"),
                    (None, None) => "is out of range".to_owned(),
                }
            }
            code => format!("is invalid ({code})"),
        },
    }
}

/// A `ValidationError` with a message, for custom field validators.
pub fn invalid(code: &'static str, message: impl Into<Cow<'static, str>>) -> ValidationError {
    ValidationError::new(code).with_message(message.into())
}
