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

diesel::table! {
    projects (id) {
        id -> Text,
        code -> Text,
        iati_identifier -> Nullable<Text>,
        title -> Text,
        description -> Nullable<Text>,
        objectives -> Nullable<Text>,
        modality -> Text,
        instrument -> Text,
        status -> Integer,
        visibility -> Text,
        approval_date -> Nullable<Date>,
        planned_start -> Date,
        planned_start_year -> Integer,
        planned_end -> Date,
        actual_start -> Nullable<Date>,
        actual_end -> Nullable<Date>,
        budget_amount_minor -> Nullable<BigInt>,
        budget_currency -> Nullable<Text>,
        partnership_id -> Nullable<Text>,
        triangular_arrangement_id -> Nullable<Text>,
        search_text -> Text,
        representation -> Text,
        version -> BigInt,
        created_seq -> BigInt,
        last_change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
    }
}

diesel::table! {
    project_revisions (project_id, seq) {
        project_id -> Text,
        seq -> BigInt,
        code -> Text,
        planned_start -> Date,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    project_countries (project_id, position) {
        project_id -> Text,
        position -> Integer,
        country_code -> Text,
        percentage -> Integer,
    }
}

diesel::table! {
    project_regions (project_id, position) {
        project_id -> Text,
        position -> Integer,
        region_code -> Text,
        percentage -> Integer,
    }
}

diesel::table! {
    project_sectors (project_id, position) {
        project_id -> Text,
        position -> Integer,
        sector_code -> Text,
        category -> Text,
        first_of_category -> Bool,
        percentage -> Integer,
    }
}

diesel::table! {
    project_sdg_goals (project_id, goal) {
        project_id -> Text,
        position -> Integer,
        goal -> Integer,
    }
}

diesel::table! {
    project_sdg_targets (project_id, position) {
        project_id -> Text,
        position -> Integer,
        target -> Text,
    }
}

diesel::table! {
    project_participants (project_id, position) {
        project_id -> Text,
        position -> Integer,
        organisation_id -> Text,
        role -> Text,
        first_of_organisation -> Bool,
    }
}

diesel::table! {
    project_contributions (project_id, position) {
        project_id -> Text,
        position -> Integer,
        organisation_id -> Text,
        amount_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        expert_days -> Nullable<Integer>,
    }
}

diesel::joinable!(project_countries -> projects (project_id));
diesel::joinable!(project_regions -> projects (project_id));
diesel::joinable!(project_sectors -> projects (project_id));
diesel::joinable!(project_sdg_goals -> projects (project_id));
diesel::joinable!(project_sdg_targets -> projects (project_id));
diesel::joinable!(project_participants -> projects (project_id));
diesel::joinable!(project_contributions -> projects (project_id));

diesel::allow_tables_to_appear_in_same_query!(
    projects,
    project_revisions,
    project_countries,
    project_regions,
    project_sectors,
    project_sdg_goals,
    project_sdg_targets,
    project_participants,
    project_contributions,
    organisations,
    changes,
);
