//! Required members of a request body, all reported at once.
//!
//! serde stops at the first member it misses, and says so without a pointer. A body
//! lacking required members (or a merge patch setting one to `null`) is instead a 422
//! with one entry per missing member, each at its own pointer (`/visibility`,
//! `/participants/0/role`), as the contract's schema of the input names them, together
//! with the field-level rule violations (lengths, ranges, patterns) of the members that
//! are present. Rules across members (and those needing the database) run once the body
//! is complete: they cannot be judged on half of it. Malformed JSON and wrong types stay
//! 400.
//!
//! The field-level checks run on a copy of the body in which each missing member holds a
//! placeholder of its schema's type (an example, the first value of an enum, ...); what
//! they find at a placeholder is dropped.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use validator::Validate;

use crate::error::{ApiError, FieldError};
use crate::json::{apply_merge_patch, escape_pointer_token, parse_json};
use crate::msg;
use crate::validation::Violations;

/// A request body type: deserialised, described in the contract, field-level rules.
pub trait Input: DeserializeOwned + ToSchema + Validate {}

impl<T: DeserializeOwned + ToSchema + Validate> Input for T {}

/// Parse a request body as `T` ([`parse_json`]); missing members as described above.
pub fn parse_input<T: Input>(bytes: &[u8]) -> Result<T, ApiError> {
    match parse_json::<T>(bytes) {
        Err(error) if missing_member(&error).is_some() => {
            let document: Value = serde_json::from_slice(bytes).map_err(|e| {
                ApiError::bad_body("", msg!("body-malformed", reason = e.to_string()))
            })?;
            Err(report_missing::<T>(document, &error))
        }
        parsed => parsed,
    }
}

/// Parse a JSON document (an incomplete draft's fields) as `T`, reporting its missing
/// members as [`parse_input`] does.
pub fn input_from_document<T: Input>(mut document: Value) -> Result<T, ApiError> {
    crate::json::integralise(&mut document);
    match crate::json::from_value::<T>(document.clone()) {
        Err(error) if missing_member(&error).is_some() => {
            Err(report_missing::<T>(document, &error))
        }
        parsed => parsed,
    }
}

/// Check `document` against the contract's schema of an incomplete draft of `T`: `T`'s
/// schema with none of its own members required. A draft may lack members and break the
/// rules no schema states (across members, codelists, references); what it has must be
/// as the contract states it, or the write is a 422 listing each violation.
pub fn check_draft<T: Input + 'static>(document: &Value) -> Result<(), ApiError> {
    let validator = draft_validator::<T>()?;
    let errors: Vec<FieldError> = validator
        .iter_errors(document)
        .take(crate::error::MAX_LISTED_ERRORS + 1)
        .map(|error| {
            // Masked: the answer names the rule, not the (perhaps long) value. The schema
            // validator words it, in English.
            FieldError::at_text(
                error.instance_path().as_str(),
                crate::l10n::Text::Plain(error.masked().to_string()),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// The compiled draft schema of `T` (once per type).
fn draft_validator<T: Input + 'static>() -> Result<Arc<jsonschema::Validator>, ApiError> {
    static VALIDATORS: OnceLock<Mutex<HashMap<TypeId, Arc<jsonschema::Validator>>>> =
        OnceLock::new();
    let validators = VALIDATORS.get_or_init(Default::default);
    if let Some(validator) = validators
        .lock()
        .map_err(|_| ApiError::internal("draft validators poisoned"))?
        .get(&TypeId::of::<T>())
    {
        return Ok(validator.clone());
    }
    let InputSchema {
        mut root,
        components,
    } = InputSchema::of::<T>();
    loosen_for_draft(&mut root);
    root["components"] = json!({ "schemas": components });
    let validator = Arc::new(
        jsonschema::options()
            .should_validate_formats(false)
            .build(&root)
            .map_err(|e| ApiError::internal(format!("a draft schema does not compile: {e}")))?,
    );
    validators
        .lock()
        .map_err(|_| ApiError::internal("draft validators poisoned"))?
        .insert(TypeId::of::<T>(), validator.clone());
    Ok(validator)
}

/// An input's schema as a draft's: no member required, and a list or map of its own may
/// be empty (a form's list not filled in yet); what it lacks is then in `completeness`.
fn loosen_for_draft(schema: &mut Value) {
    let Some(members) = schema.as_object_mut() else {
        return;
    };
    members.remove("required");
    for property in members
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|p| p.values_mut())
        .filter_map(Value::as_object_mut)
    {
        property.remove("minItems");
        property.remove("minProperties");
    }
}

/// The contract's schema of an incomplete draft of the input schema `input` (as
/// [`check_draft`] judges one): its members, none required.
pub fn draft_schema(input: &Value, name: &str) -> Value {
    let mut draft = input.clone();
    loosen_for_draft(&mut draft);
    if let Some(members) = draft.as_object_mut() {
        members.remove("example");
        members.insert(
            "description".into(),
            json!(format!(
                "An incomplete draft (with `?review=draft` only): the members of {name}, any of them missing \
                 and its lists and texts perhaps empty. Those present are otherwise as {name} states them; \
                 what is missing, and the rules across members, codelists and references it breaks, are \
                 listed in the draft's `completeness`"
            )),
        );
    }
    draft
}

/// Refuse (400, as a full body's unknown member is) a member that a merge patch of an
/// incomplete draft removes and that `T` does not have: removing what a sparse draft
/// lacks is otherwise a silent no-op, and it is refused before the version is compared,
/// as it is for a record ([`apply_merge_patch`]).
pub fn check_removed_members<T: Input>(patch: &Map<String, Value>) -> Result<(), ApiError> {
    let schema = InputSchema::of::<T>();
    let members = schema.root["properties"].as_object();
    let unknown = patch
        .iter()
        .find(|(name, value)| value.is_null() && !members.is_some_and(|m| m.contains_key(*name)));
    match unknown {
        Some((name, _)) => Err(ApiError::bad_body(
            format!("/{}", escape_pointer_token(name)),
            msg!("body-unknown-member", member = name.as_str()),
        )),
        None => Ok(()),
    }
}

/// Apply a merge patch to `current` and parse the result as `T` ([`apply_merge_patch`]);
/// a member the patch removes (sets to `null`) that `T` requires is reported missing.
pub fn patch_input<T: Input>(current: Value, patch: &Map<String, Value>) -> Result<T, ApiError> {
    let mut merged = current.clone();
    match apply_merge_patch::<T>(current, patch) {
        Err(error) if missing_member(&error).is_some() => {
            json_patch::merge(&mut merged, &Value::Object(patch.clone()));
            Err(report_missing::<T>(merged, &error))
        }
        parsed => parsed,
    }
}

/// The pointer of the member serde found missing, from its error ("missing field `x`"
/// at the pointer of the object lacking it).
fn missing_member(error: &ApiError) -> Option<String> {
    let first = error.errors.first()?;
    let name = crate::messages::missing_member(&first.message)?;
    let at = first.pointer.as_deref().unwrap_or_default();
    Some(format!("{at}/{}", escape_pointer_token(name)))
}

/// The 422 for `document`, which lacks at least the member `error` names.
fn report_missing<T: Input>(mut document: Value, error: &ApiError) -> ApiError {
    // As the parse did: whole numbers written as floats are integers.
    crate::json::integralise(&mut document);
    let schema = InputSchema::of::<T>();
    let mut missing = Vec::new();
    schema.find_missing(&document, &schema.root, String::new(), &mut missing);
    if missing.is_empty() {
        // The schema and the type disagree (a defect); serde's finding still stands.
        let pointer = missing_member(error).unwrap_or_default();
        return ApiError::validation(vec![FieldError::at(pointer, msg!("field-required"))]);
    }
    let mut errors: Vec<FieldError> = missing
        .iter()
        .map(|(pointer, _)| FieldError::at(pointer.clone(), msg!("field-required")))
        .collect();
    for (pointer, placeholder) in &missing {
        insert_at(&mut document, pointer, placeholder.clone());
    }
    let at_placeholder = |pointer: &str| {
        missing
            .iter()
            .any(|(p, _)| pointer == p || pointer.starts_with(&format!("{p}/")))
    };
    match serde_path_to_error::deserialize::<_, T>(document) {
        Ok(completed) => errors.extend(
            Violations::of(&completed)
                .into_errors()
                .into_iter()
                .filter(|e| !e.pointer.as_deref().is_some_and(at_placeholder)),
        ),
        Err(error) => {
            let pointer = crate::json::json_pointer(error.path());
            // A wrong type among the members present stays a 400; a placeholder that
            // does not deserialise only costs the field-level checks.
            if !at_placeholder(&pointer) {
                let message =
                    crate::messages::body_error(&pointer, &error.into_inner().to_string());
                return ApiError::bad_body_text(pointer, message);
            }
        }
    }
    errors.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    errors.dedup();
    ApiError::validation(errors)
}

/// Put `value` at `pointer` (whose parent exists in `document`).
fn insert_at(document: &mut Value, pointer: &str, value: Value) {
    let Some((parent, name)) = pointer.rsplit_once('/') else {
        return;
    };
    let name = name.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(members)) = document.pointer_mut(parent) {
        members.insert(name, value);
    }
}

/// The JSON Schema of an input type and the schemas it refers to, as the contract has
/// them.
struct InputSchema {
    root: Value,
    components: Map<String, Value>,
}

impl InputSchema {
    fn of<T: ToSchema>() -> Self {
        let mut referred = Vec::new();
        T::schemas(&mut referred);
        let components = referred
            .into_iter()
            .map(|(name, schema)| (name, serde_json::to_value(schema).unwrap_or_default()))
            .collect();
        InputSchema {
            root: serde_json::to_value(T::schema()).unwrap_or_default(),
            components,
        }
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(reference) => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.components.get(name))
                .unwrap_or(&Value::Null),
            None => schema,
        }
    }

    /// The alternative of a `oneOf`/`anyOf` that `value` (not null) takes: the first
    /// that is not `{"type": "null"}`.
    fn alternative<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let schema = self.resolve(schema);
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = schema[key].as_array() {
                let chosen = options.iter().find(|o| o["type"] != "null");
                return chosen.map_or(&Value::Null, |o| self.alternative(o));
            }
        }
        schema
    }

    /// Collect the required members `value` lacks, at `at` and below, with placeholders.
    fn find_missing(
        &self,
        value: &Value,
        schema: &Value,
        at: String,
        missing: &mut Vec<(String, Value)>,
    ) {
        if value.is_null() {
            return;
        }
        let schema = self.alternative(schema);
        match value {
            Value::Object(members) => {
                for name in schema["required"].as_array().into_iter().flatten() {
                    let Some(name) = name.as_str() else { continue };
                    if !members.contains_key(name) {
                        let pointer = format!("{at}/{}", escape_pointer_token(name));
                        let member = &schema["properties"][name];
                        missing.push((pointer, self.placeholder(member)));
                    }
                }
                for (name, member) in members {
                    if let Some(member_schema) = schema["properties"].get(name) {
                        let pointer = format!("{at}/{}", escape_pointer_token(name));
                        self.find_missing(member, member_schema, pointer, missing);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.find_missing(item, &schema["items"], format!("{at}/{i}"), missing);
                }
            }
            _ => {}
        }
    }

    /// A value of `schema`'s type for the field-level checks to run over.
    fn placeholder(&self, schema: &Value) -> Value {
        let schema = self.resolve(schema);
        for key in ["oneOf", "anyOf"] {
            if let Some(options) = schema[key].as_array() {
                return match options.iter().find(|o| o["type"] == "null") {
                    Some(_) => Value::Null,
                    None => options.first().map_or(Value::Null, |o| self.placeholder(o)),
                };
            }
        }
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
            return first.clone();
        }
        let types: Vec<&str> = match &schema["type"] {
            Value::String(kind) => vec![kind.as_str()],
            Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.contains(&"null") {
            return Value::Null;
        }
        match types.first().copied() {
            Some("string") => match schema["format"].as_str() {
                Some("date") => json!("2000-01-01"),
                Some("date-time") => json!("2000-01-01T00:00:00Z"),
                Some("uuid") => json!("00000000-0000-0000-0000-000000000000"),
                _ => json!(""),
            },
            Some("integer" | "number") => schema.get("minimum").cloned().unwrap_or(json!(0)),
            Some("boolean") => json!(false),
            Some("array") => json!([]),
            Some("object") => {
                let mut members = Map::new();
                for name in schema["required"].as_array().into_iter().flatten() {
                    if let Some(name) = name.as_str() {
                        let member = self.placeholder(&schema["properties"][name]);
                        members.insert(name.to_owned(), member);
                    }
                }
                Value::Object(members)
            }
            _ => Value::Null,
        }
    }
}
