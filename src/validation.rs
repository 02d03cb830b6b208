//! Validation: the `validator` derive checks each field, resources add the rules that
//! span fields or need the codelists, and every violation becomes a `FieldError` with a
//! JSON pointer, all reported together in one 422.

use std::borrow::Cow;

use chrono::NaiveDate;
use validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};

use crate::codelists::Codelist;
use crate::error::{ApiError, FieldError};
use crate::json::escape_pointer_token;
use crate::l10n::{Message, Text};
use crate::msg;

/// Collects violations of a request body.
pub const EARLIEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date");
pub const LATEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2199, 12, 31).expect("a date");

fn date_range_message() -> Message {
    msg!(
        "field-date-range",
        earliest = EARLIEST_DATE.to_string(),
        latest = LATEST_DATE.to_string()
    )
}

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

    /// A violation at `pointer`, said by a message of the catalogue (never plain text:
    /// what a client reads is in its language).
    pub fn add(&mut self, pointer: impl Into<String>, message: Message) {
        self.0.push(FieldError::at(pointer, message));
    }

    /// Check `code` against a codelist: it must exist and be active.
    pub fn code(&mut self, pointer: impl Into<String>, list: &Codelist, code: &str, what: &str) {
        if let Err(message) = list.active(code, what) {
            self.add(pointer, message);
        }
    }

    /// Each of `codes`, the array member `member`, is an active code of `list` (a
    /// violation at `/{member}/{i}` for each that is not).
    pub fn codes(&mut self, member: &str, list: &Codelist, codes: &[String], what: &str) {
        for (i, code) in codes.iter().enumerate() {
            self.code(format!("/{member}/{i}"), list, code, what);
        }
    }

    /// Dates must fall within [`EARLIEST_DATE`, `LATEST_DATE`]: cooperation records are
    /// of this era, and PostgreSQL cannot store every date chrono can parse.
    pub fn dates(&mut self, dates: &[(&str, Option<NaiveDate>)]) {
        for (pointer, date) in dates {
            if let Some(date) = date
                && !(EARLIEST_DATE..=LATEST_DATE).contains(date)
            {
                self.add(*pointer, date_range_message());
            }
        }
    }

    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
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

#[cfg(test)]
impl Violations {
    /// Panics unless a violation at `pointer` says (contains) `message`.
    #[track_caller]
    pub fn assert_has(&self, pointer: &str, message: &str) {
        assert!(
            self.0
                .iter()
                .any(|e| e.pointer.as_deref() == Some(pointer)
                    && e.message.english().contains(message)),
            "expected {pointer}: {message}; got {:?}",
            self.0
        );
    }
}

fn flatten(errors: &ValidationErrors, prefix: String, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let pointer = format!("{prefix}/{}", escape_pointer_token(field));
        match kind {
            ValidationErrorsKind::Field(list) => {
                out.extend(
                    list.iter()
                        .map(|e| FieldError::at_text(pointer.clone(), message(e))),
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

fn message(error: &ValidationError) -> Text {
    match &error.message {
        Some(message) => message.to_string().into(),
        None => {
            let min = error.params.get("min").map(|v| v.to_string());
            let max = error.params.get("max").map(|v| v.to_string());
            match (error.code.as_ref(), min, max) {
                ("length", Some(min), Some(max)) => {
                    msg!("field-length-between", min = min, max = max)
                }
                ("length", None, Some(max)) => msg!("field-length-at-most", max = max),
                ("length", Some(min), None) => msg!("field-length-at-least", min = min),
                ("length", None, None) => msg!("field-length-invalid"),
                ("range", Some(min), Some(max)) => {
                    msg!("field-range-between", min = min, max = max)
                }
                ("range", None, Some(max)) => msg!("field-range-at-most", max = max),
                ("range", Some(min), None) => msg!("field-range-at-least", min = min),
                ("range", None, None) => msg!("field-out-of-range"),
                (code, _, _) => msg!("field-invalid", code = code),
            }
            .into()
        }
    }
}

/// A `ValidationError` with a message, for custom field validators.
pub fn invalid(code: &'static str, message: impl Into<Cow<'static, str>>) -> ValidationError {
    ValidationError::new(code).with_message(message.into())
}

/// OpenAPI schemas for arrays of short codes, whose items utoipa's attributes cannot
/// bound: the codes are checked against their codelists, and these limits say so.
pub mod code_arrays {
    use serde_json::json;
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    use utoipa::openapi::{Array, RefOr, Schema};

    fn codes(
        description: &str,
        max_items: usize,
        max_length: usize,
        pattern: &str,
        example: serde_json::Value,
    ) -> Array {
        ArrayBuilder::new()
            .description(Some(description))
            .items(RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(max_length))
                    .pattern(Some(pattern))
                    .build(),
            )))
            .max_items(Some(max_items))
            .examples([example])
            .build()
    }

    /// DAC 3-digit categories or 5-digit sectors.
    pub fn dac_sectors() -> Array {
        codes(
            "Thematic sectors: DAC 3-digit categories or 5-digit sectors.",
            50,
            5,
            "^[0-9]{3}([0-9]{2})?$",
            json!(["311"]),
        )
    }

    /// IATI DocumentCategory codes of activity documents, at least one.
    pub fn document_categories() -> Array {
        let mut array = codes(
            "IATI DocumentCategory codes of activity documents (`A01`–`A12`), at least one.",
            12,
            3,
            "^[A-Z][0-9]{2}$",
            json!(["A09"]),
        );
        array.min_items = Some(1);
        array
    }

    /// ISO 639-1 language codes (IATI Language codelist).
    pub fn languages() -> Array {
        codes(
            "The languages the document is written in (ISO 639-1, IATI Language codelist).",
            20,
            2,
            "^[a-z]{2}$",
            json!(["es", "pt"]),
        )
    }

    /// Text per language: ISO 639-1 code to text of at most `max_chars` characters.
    /// Text per language, or null.
    pub fn optional_localised_text(
        max_chars: usize,
        example: serde_json::Value,
    ) -> utoipa::openapi::Object {
        let mut schema = localised_text(max_chars, example);
        schema.schema_type =
            utoipa::openapi::schema::SchemaType::from_iter([Type::Object, Type::Null]);
        schema
    }

    pub fn localised_text(max_chars: usize, example: serde_json::Value) -> utoipa::openapi::Object {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "Text per language: ISO 639-1 code (IATI Language codelist) to text; the record's `default_language` is required.",
            ))
            .property_names(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[a-z]{2}$"))
                    .build(),
            ))
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::RefOr(
                RefOr::T(Schema::Object(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(max_chars))
                        .pattern(Some(format!("^[^\\u0000]{{1,{max_chars}}}$")))
                        .build(),
                )),
            )))
            .min_properties(Some(1))
            .max_properties(Some(20))
            .examples([example])
            .build()
    }

    /// DAC 5-digit sectors, at least one.
    pub fn dac5_sectors() -> Array {
        let mut array = codes(
            "DAC 5-digit sectors (CRS purpose codes), at least one.",
            20,
            5,
            "^[0-9]{5}$",
            json!(["31182", "31166"]),
        );
        array.min_items = Some(1);
        array
    }

    /// DAC 5-digit sectors a demand asks for; none is fine when SDG targets or words say
    /// what is needed.
    pub fn demanded_sectors() -> Array {
        codes(
            "DAC 5-digit sectors (CRS purpose codes) needed; may be empty when sdg_targets or text are given.",
            20,
            5,
            "^[0-9]{5}$",
            json!(["31120"]),
        )
    }

    /// The languages a demand prefers, possibly none.
    pub fn demanded_languages() -> Array {
        codes(
            "The languages preferred (ISO 639-1, IATI Language codelist); none means any.",
            20,
            2,
            "^[a-z]{2}$",
            json!(["es"]),
        )
    }

    /// The languages experts work in, at least one.
    pub fn working_languages() -> Array {
        let mut array = codes(
            "The languages its experts work in (ISO 639-1, IATI Language codelist), at least one.",
            20,
            2,
            "^[a-z]{2}$",
            json!(["es", "en"]),
        );
        array.min_items = Some(1);
        array
    }

    /// The languages a partner prefers to work in, at least one.
    pub fn preferred_languages() -> Array {
        let mut array = codes(
            "The languages the requester prefers to work in (ISO 639-1, IATI Language codelist), at least one.",
            20,
            2,
            "^[a-z]{2}$",
            json!(["es", "pt"]),
        );
        array.min_items = Some(1);
        array
    }

    /// SDG targets such as "2.3", with no goals beside them.
    pub fn any_sdg_targets() -> Array {
        codes(
            "SDG targets such as \"2.3\" or \"17.b\".",
            169,
            5,
            "^[0-9]{1,2}\\.[0-9a-z]{1,2}$",
            json!(["2.4"]),
        )
    }

    /// SDG targets such as "2.3" or "17.b".
    pub fn sdg_targets() -> Array {
        codes(
            "SDG targets such as \"2.3\"; each target's goal must be among `sdg_goals`.",
            169,
            5,
            "^[0-9]{1,2}\\.[0-9a-z]{1,2}$",
            json!(["2.3"]),
        )
    }
}
