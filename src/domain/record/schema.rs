//! A record in the contract: one object with the kind's input members (every one always
//! present in a response, so all required), the members computed from them, and the
//! server-owned members, in the order a representation has them. Written by hand
//! because utoipa describes `#[serde(flatten)]` as an `allOf` of three schemas, which
//! is harder to read in Swagger UI and for client generators than the one object the
//! API returns.

use std::borrow::Cow;

use serde_json::{Map, Value};
use utoipa::openapi::schema::{KnownFormat, Object, Schema, SchemaFormat};
use utoipa::openapi::{RefOr, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::domain::record::{Record, RecordKind};

/// An inline object schema (`None` for a reference or another kind of schema).
fn object_parts(schema: RefOr<Schema>) -> Option<Object> {
    match schema {
        RefOr::T(Schema::Object(object)) => Some(object),
        _ => None,
    }
}

impl<K: RecordKind> PartialSchema for Record<K> {
    fn schema() -> RefOr<Schema> {
        let mut record = Object::with_type(Type::Object);
        let kind = K::KIND;
        record.description = Some(kind.record_description().to_owned());
        let mut example = Map::new();
        let id = Object::builder()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
        record.properties.insert("id".into(), id.into());
        record.required.push("id".into());
        example.insert("id".into(), Value::from(kind.example_id()));
        let parts = [K::schema(), K::Derived::schema(), K::Meta::schema()];
        for part in parts.into_iter().filter_map(object_parts) {
            for (name, member) in part.properties {
                record.required.push(name.clone());
                record.properties.insert(name, member);
            }
            if let Some(Value::Object(members)) = part.example {
                example.extend(members);
            }
        }
        record.example = Some(Value::Object(example));
        RefOr::T(Schema::Object(record))
    }
}

impl<K: RecordKind> ToSchema for Record<K> {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed(K::KIND.record_schema())
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        K::schemas(schemas);
        K::Derived::schemas(schemas);
        K::Meta::schemas(schemas);
    }
}

/// A write's answer for a kind that may have incomplete drafts: its record, or an
/// incomplete draft (for the contract only: answers are the stored representations).
pub struct RecordOrDraft<R>(std::marker::PhantomData<R>);

impl<R: ToSchema> PartialSchema for RecordOrDraft<R> {
    fn schema() -> RefOr<Schema> {
        let mut either = utoipa::openapi::schema::AnyOf::new();
        either.items = vec![
            utoipa::openapi::Ref::from_schema_name(R::name()).into(),
            utoipa::openapi::Ref::from_schema_name(IncompleteDraft::name()).into(),
        ];
        either.description = Some(format!(
            "The {} (or, for a draft that does not yet meet its rules, the incomplete draft).",
            R::name()
        ));
        // The record's own example: what a client gets but for drafts.
        if let RefOr::T(Schema::Object(record)) = R::schema() {
            either.example = record.example;
        }
        RefOr::T(Schema::AnyOf(either))
    }
}

impl<R: ToSchema> ToSchema for RecordOrDraft<R> {
    fn name() -> Cow<'static, str> {
        Cow::Owned(format!("{}OrDraft", R::name()))
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((R::name().into_owned(), R::schema()));
        R::schemas(schemas);
        schemas.push((
            IncompleteDraft::name().into_owned(),
            IncompleteDraft::schema(),
        ));
    }
}

/// A draft saved with `?review=draft` that does not yet meet its kind's rules.
pub struct IncompleteDraft;

impl PartialSchema for IncompleteDraft {
    // `example`, as the derived schemas of the document have theirs.
    #[allow(deprecated)]
    fn schema() -> RefOr<Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder};
        let text = || ObjectBuilder::new().schema_type(Type::String);
        let time = || text().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)));
        let problem = utoipa::openapi::Ref::from_schema_name("FieldError");
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A draft that does not yet meet its kind's rules: its members as its authors gave \
                 them (any may be missing or wrong), the server's, and `completeness`, what is \
                 missing or wrong, each problem at its pointer in the words of the 422 the same \
                 body would get. Readable by the directorate and its author's organisation; not in \
                 lists, statistics, exports or IATI files; cannot be submitted until complete. A \
                 write that completes it makes it a record of its kind, with the same id.",
            ))
            .property(
                "id",
                text().format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
            )
            .property("version", ObjectBuilder::new().schema_type(Type::Integer))
            .property("created_at", time())
            .property("updated_at", time())
            .property("created_by", text())
            .property("updated_by", text())
            .property("review_status", text().enum_values(Some(["draft"])))
            .property(
                "approved_version",
                ObjectBuilder::new().schema_type(Type::Null),
            )
            .property(
                "completeness",
                ArrayBuilder::new().items(problem).min_items(Some(1)),
            )
            .required("id")
            .required("version")
            .required("created_at")
            .required("updated_at")
            .required("created_by")
            .required("updated_by")
            .required("review_status")
            .required("approved_version")
            .required("completeness")
            .example(Some(serde_json::json!({
                "id": "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c90",
                "code": "FOAR-2026-0031",
                "title": {"es": "Apoyo a la agricultura familiar"},
                "version": 1,
                "created_at": "2026-03-02T10:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
                "created_by": "ana.quispe", "updated_by": "ana.quispe",
                "review_status": "draft", "approved_version": null,
                "completeness": [
                    {"pointer": "/modality", "message": "is required"},
                    {"pointer": "/planned_start", "message": "is required"}
                ]
            })))
            .into()
    }
}

impl ToSchema for IncompleteDraft {}
