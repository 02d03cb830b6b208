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
