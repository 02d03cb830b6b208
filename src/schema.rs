//! Diesel table definitions, shared by the SQLite and PostgreSQL migrations (which must
//! keep the same columns and types).

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        acronym -> Nullable<Text>,
        organisation_type -> Text,
        country_code -> Nullable<Text>,
        iati_identifier -> Nullable<Text>,
        parent_id -> Nullable<Text>,
        sort_key -> Text,
        search_text -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
    }
}

diesel::table! {
    changes (seq) {
        seq -> BigInt,
        resource -> Text,
        record_id -> Text,
        action -> Text,
        version -> BigInt,
        actor -> Text,
        actor_organisation_id -> Nullable<Text>,
        at -> Timestamp,
        changed_fields -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(organisations, changes);
