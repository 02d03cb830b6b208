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
    incomplete_drafts (id) {
        id -> Text,
        resource -> Text,
        body -> Text,
        completeness -> Text,
        audience -> Text,
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
        audience -> Text,
        previous_audience -> Nullable<Text>,
        comment -> Nullable<Text>,
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
        review_status -> Text,
        approved_version -> Nullable<BigInt>,
        approved_representation -> Nullable<Text>,
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
        budget_currency -> Nullable<Text>,
        budget_amount_minor -> Nullable<BigInt>,
        counts_publicly -> Bool,
    }
}

diesel::table! {
    project_regions (project_id, position) {
        project_id -> Text,
        position -> Integer,
        region_code -> Text,
        percentage -> Integer,
        budget_currency -> Nullable<Text>,
        budget_amount_minor -> Nullable<BigInt>,
        counts_publicly -> Bool,
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
        budget_currency -> Nullable<Text>,
        budget_amount_minor -> Nullable<BigInt>,
        counts_publicly -> Bool,
    }
}

diesel::table! {
    project_sdg_goals (project_id, goal) {
        project_id -> Text,
        position -> Integer,
        goal -> Integer,
        budget_currency -> Nullable<Text>,
        budget_amount_minor -> Nullable<BigInt>,
        counts_publicly -> Bool,
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
        budget_currency -> Nullable<Text>,
        budget_amount_minor -> Nullable<BigInt>,
        counts_publicly -> Bool,
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

diesel::table! {
    api_clients (id) {
        id -> Text,
        name -> Text,
        organisation_id -> Text,
        role -> Text,
        secret_hash -> Text,
        secret_version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        fingerprint -> Text,
        state -> Text,
        status -> Nullable<Integer>,
        headers -> Nullable<Text>,
        body -> Nullable<Binary>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        claim_token -> Text,
    }
}

diesel::table! {
    partnerships (id) {
        id -> Text,
        title -> Text,
        scope -> Text,
        space -> Nullable<Text>,
        instrument -> Text,
        signed_on -> Nullable<Date>,
        valid_from -> Nullable<Date>,
        valid_until -> Nullable<Date>,
        status -> Text,
        visibility -> Text,
        search_text -> Text,
        representation -> Text,
        version -> BigInt,
        created_seq -> BigInt,
        last_change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
        review_status -> Text,
        approved_version -> Nullable<BigInt>,
        approved_representation -> Nullable<Text>,
    }
}

diesel::table! {
    partnership_parties (partnership_id, position) {
        partnership_id -> Text,
        position -> Integer,
        organisation_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    partnership_sectors (partnership_id, position) {
        partnership_id -> Text,
        position -> Integer,
        code -> Text,
    }
}

diesel::table! {
    triangular_arrangements (id) {
        id -> Text,
        title -> Text,
        agreement_kind -> Text,
        signed_on -> Nullable<Date>,
        valid_from -> Nullable<Date>,
        valid_until -> Nullable<Date>,
        status -> Text,
        visibility -> Text,
        search_text -> Text,
        representation -> Text,
        version -> BigInt,
        created_seq -> BigInt,
        last_change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
        review_status -> Text,
        approved_version -> Nullable<BigInt>,
        approved_representation -> Nullable<Text>,
    }
}

diesel::table! {
    arrangement_parties (arrangement_id, position) {
        arrangement_id -> Text,
        position -> Integer,
        organisation_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    arrangement_costs (arrangement_id, position) {
        arrangement_id -> Text,
        position -> Integer,
        organisation_id -> Text,
        amount_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        expert_days -> Nullable<Integer>,
    }
}

diesel::table! {
    policy_exchanges (id) {
        id -> Text,
        title -> Text,
        policy_area -> Text,
        policy_category -> Text,
        format -> Text,
        start_date -> Date,
        start_year -> Integer,
        end_date -> Date,
        host_country -> Nullable<Text>,
        participants_total -> Nullable<Integer>,
        participants_women -> Nullable<Integer>,
        expert_days -> Nullable<Integer>,
        status -> Text,
        project_id -> Nullable<Text>,
        partnership_id -> Nullable<Text>,
        visibility -> Text,
        search_text -> Text,
        representation -> Text,
        version -> BigInt,
        created_seq -> BigInt,
        last_change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
        review_status -> Text,
        approved_version -> Nullable<BigInt>,
        approved_representation -> Nullable<Text>,
    }
}

diesel::table! {
    exchange_organisations (exchange_id, position) {
        exchange_id -> Text,
        position -> Integer,
        organisation_id -> Text,
        side -> Text,
    }
}

diesel::table! {
    exchange_sdg_goals (exchange_id, position) {
        exchange_id -> Text,
        position -> Integer,
        goal -> Integer,
    }
}

diesel::table! {
    project_results (project_id) {
        project_id -> Text,
        version -> BigInt,
        representation -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    project_indicators (project_id, position) {
        project_id -> Text,
        position -> Integer,
        result_type -> Integer,
        measure -> Integer,
        progress -> Nullable<BigInt>,
    }
}

diesel::table! {
    capacities (id) {
        id -> Text,
        title -> Text,
        status -> Text,
        typical_duration_days -> Nullable<Integer>,
        experts_available -> Nullable<Integer>,
        in_kind_expert_days -> Nullable<Integer>,
        visibility -> Text,
        search_text -> Text,
        representation -> Text,
        version -> BigInt,
        created_seq -> BigInt,
        last_change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
        review_status -> Text,
        approved_version -> Nullable<BigInt>,
        approved_representation -> Nullable<Text>,
    }
}

diesel::table! {
    capacity_organisations (capacity_id, position) {
        capacity_id -> Text,
        position -> Integer,
        organisation_id -> Text,
    }
}

diesel::table! {
    capacity_sectors (capacity_id, position) {
        capacity_id -> Text,
        position -> Integer,
        code -> Text,
        category -> Text,
    }
}

diesel::table! {
    capacity_sdg_targets (capacity_id, position) {
        capacity_id -> Text,
        position -> Integer,
        target -> Text,
        goal -> Integer,
    }
}

diesel::table! {
    capacity_formats (capacity_id, position) {
        capacity_id -> Text,
        position -> Integer,
        format -> Text,
    }
}

diesel::table! {
    capacity_languages (capacity_id, position) {
        capacity_id -> Text,
        position -> Integer,
        language -> Text,
    }
}

diesel::table! {
    project_capacities (project_id, position) {
        project_id -> Text,
        position -> Integer,
        capacity_id -> Text,
    }
}

diesel::table! {
    cooperation_requests (id) {
        id -> Text,
        title -> Text,
        status -> Text,
        channel -> Text,
        priority -> Nullable<Text>,
        country_code -> Nullable<Text>,
        project_id -> Nullable<Text>,
        desired_start_from -> Nullable<Date>,
        desired_start_to -> Nullable<Date>,
        visibility -> Text,
        search_text -> Text,
        representation -> Text,
        version -> BigInt,
        created_seq -> BigInt,
        last_change_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
        updated_by -> Text,
        review_status -> Text,
        approved_version -> Nullable<BigInt>,
        approved_representation -> Nullable<Text>,
    }
}

diesel::table! {
    cooperation_request_organisations (request_id, position) {
        request_id -> Text,
        position -> Integer,
        organisation_id -> Text,
    }
}

diesel::table! {
    cooperation_request_sectors (request_id, position) {
        request_id -> Text,
        position -> Integer,
        code -> Text,
        category -> Text,
    }
}

diesel::table! {
    cooperation_request_sdg_targets (request_id, position) {
        request_id -> Text,
        position -> Integer,
        target -> Text,
        goal -> Integer,
    }
}

diesel::table! {
    cooperation_request_formats (request_id, position) {
        request_id -> Text,
        position -> Integer,
        format -> Text,
    }
}

diesel::table! {
    cooperation_request_languages (request_id, position) {
        request_id -> Text,
        position -> Integer,
        language -> Text,
    }
}

diesel::table! {
    cooperation_request_notes (id) {
        id -> Text,
        request_id -> Text,
        note_kind -> Text,
        organisation_id -> Nullable<Text>,
        asked_on -> Nullable<Date>,
        answer -> Nullable<Text>,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::joinable!(partnership_parties -> partnerships (partnership_id));
diesel::joinable!(partnership_sectors -> partnerships (partnership_id));
diesel::joinable!(arrangement_parties -> triangular_arrangements (arrangement_id));
diesel::joinable!(arrangement_costs -> triangular_arrangements (arrangement_id));
diesel::joinable!(exchange_organisations -> policy_exchanges (exchange_id));
diesel::joinable!(exchange_sdg_goals -> policy_exchanges (exchange_id));
diesel::joinable!(capacity_organisations -> capacities (capacity_id));
diesel::joinable!(capacity_sectors -> capacities (capacity_id));
diesel::joinable!(capacity_sdg_targets -> capacities (capacity_id));
diesel::joinable!(capacity_formats -> capacities (capacity_id));
diesel::joinable!(capacity_languages -> capacities (capacity_id));
diesel::joinable!(project_capacities -> projects (project_id));
diesel::joinable!(cooperation_request_organisations -> cooperation_requests (request_id));
diesel::joinable!(cooperation_request_sectors -> cooperation_requests (request_id));
diesel::joinable!(cooperation_request_sdg_targets -> cooperation_requests (request_id));
diesel::joinable!(cooperation_request_formats -> cooperation_requests (request_id));
diesel::joinable!(cooperation_request_languages -> cooperation_requests (request_id));
diesel::joinable!(cooperation_request_notes -> cooperation_requests (request_id));

diesel::joinable!(project_countries -> projects (project_id));
diesel::joinable!(project_regions -> projects (project_id));
diesel::joinable!(project_sectors -> projects (project_id));
diesel::joinable!(project_sdg_goals -> projects (project_id));
diesel::joinable!(project_sdg_targets -> projects (project_id));
diesel::joinable!(project_participants -> projects (project_id));
diesel::joinable!(project_contributions -> projects (project_id));
diesel::joinable!(project_results -> projects (project_id));
diesel::joinable!(project_indicators -> projects (project_id));

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
    project_results,
    project_indicators,
    organisations,
    changes,
    partnerships,
    partnership_parties,
    partnership_sectors,
    triangular_arrangements,
    arrangement_parties,
    arrangement_costs,
    policy_exchanges,
    exchange_organisations,
    exchange_sdg_goals,
    capacities,
    capacity_organisations,
    capacity_sectors,
    capacity_sdg_targets,
    capacity_formats,
    capacity_languages,
    project_capacities,
    cooperation_requests,
    cooperation_request_organisations,
    cooperation_request_sectors,
    cooperation_request_sdg_targets,
    cooperation_request_formats,
    cooperation_request_languages,
    cooperation_request_notes,
    api_clients,
    idempotency_keys,
);

// Statistics group child-table codes with the project's budget currency.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::budget_currency,
    project_countries::country_code,
    project_regions::region_code,
    project_sectors::category,
    project_sdg_goals::goal,
    project_participants::organisation_id,
);

// Webhooks (migration 2026-12-06-000012).

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        url -> Text,
        client_id -> Nullable<Text>,
        event_types -> Text,
        kinds -> Text,
        organisation_id -> Nullable<Text>,
        secret_ciphertext -> Text,
        previous_secret_ciphertext -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        secret_version -> BigInt,
        state -> Text,
        disabled_reason -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::table! {
    webhook_outbox (seq) {
        seq -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        subscription_id -> Text,
        seq -> Nullable<BigInt>,
        event_type -> Text,
        record_key -> Text,
        payload -> Text,
        state -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        window_started_at -> Timestamp,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        lease_token -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempt -> Integer,
        at -> Timestamp,
        status -> Nullable<Integer>,
        latency_ms -> BigInt,
        error -> Nullable<Text>,
        response_excerpt -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_subscriptions,
    webhook_deliveries,
    webhook_attempts,
    api_clients,
);

diesel::table! {
    exchange_rates (year, currency) {
        year -> Integer,
        currency -> Text,
        units_per_usd_micro -> BigInt,
        version -> BigInt,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    expert_day_rates (year) {
        year -> Integer,
        amount_minor -> BigInt,
        currency -> Text,
        version -> BigInt,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    project_activities (project_id) {
        project_id -> Text,
        version -> BigInt,
        representation -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    project_activity_items (project_id, position) {
        project_id -> Text,
        position -> Integer,
        kind -> Text,
        status -> Text,
        year -> Integer,
        expert_days -> Integer,
    }
}

diesel::table! {
    project_activity_costs (project_id, position) {
        project_id -> Text,
        position -> Integer,
        activity -> Integer,
        category -> Text,
        executed -> Bool,
        amount_minor -> BigInt,
        currency -> Text,
        paying_organisation_id -> Text,
        year -> Integer,
    }
}

diesel::joinable!(project_activities -> projects (project_id));
diesel::joinable!(project_activity_items -> projects (project_id));
diesel::joinable!(project_activity_costs -> projects (project_id));
diesel::allow_tables_to_appear_in_same_query!(
    projects,
    project_activities,
    project_activity_items,
    project_activity_costs,
);

diesel::table! {
    project_transactions (project_id) {
        project_id -> Text,
        version -> BigInt,
        representation -> Text,
        updated_at -> Timestamp,
        updated_by -> Text,
    }
}

diesel::table! {
    project_transaction_items (project_id, position) {
        project_id -> Text,
        position -> Integer,
        transaction_type -> Integer,
        transaction_date -> Date,
        year -> Integer,
        value_minor -> BigInt,
        currency -> Text,
        provider_organisation_id -> Nullable<Text>,
        receiver_organisation_id -> Nullable<Text>,
    }
}

diesel::joinable!(project_transactions -> projects (project_id));
diesel::joinable!(project_transaction_items -> projects (project_id));
diesel::allow_tables_to_appear_in_same_query!(
    projects,
    project_transactions,
    project_transaction_items,
);

// Execution statistics group the rows of activities and transactions by their project's
// countries, regions, sectors and participants (`store/execution_stats.rs`).
diesel::allow_tables_to_appear_in_same_query!(project_activity_items, project_countries);
diesel::allow_tables_to_appear_in_same_query!(project_activity_items, project_regions);
diesel::allow_tables_to_appear_in_same_query!(project_activity_items, project_sectors);
diesel::allow_tables_to_appear_in_same_query!(project_activity_costs, project_countries);
diesel::allow_tables_to_appear_in_same_query!(project_activity_costs, project_regions);
diesel::allow_tables_to_appear_in_same_query!(project_activity_costs, project_sectors);
diesel::allow_tables_to_appear_in_same_query!(project_activity_costs, project_participants);
diesel::allow_tables_to_appear_in_same_query!(project_transaction_items, project_countries);
diesel::allow_tables_to_appear_in_same_query!(project_transaction_items, project_regions);
diesel::allow_tables_to_appear_in_same_query!(project_transaction_items, project_sectors);
diesel::allow_tables_to_appear_in_same_query!(project_transaction_items, project_participants);

// ... and group them by those columns with their own (currency, stage, type, status).
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::modality,
    project_contributions::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_countries::country_code,
    project_contributions::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_regions::region_code,
    project_contributions::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_sectors::category,
    project_contributions::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::planned_start_year,
    project_contributions::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_participants::role,
    project_contributions::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::modality,
    project_activity_costs::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_countries::country_code,
    project_activity_costs::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_regions::region_code,
    project_activity_costs::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_sectors::category,
    project_activity_costs::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_participants::role,
    project_activity_costs::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::modality,
    project_activity_costs::executed
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_countries::country_code,
    project_activity_costs::executed
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_regions::region_code,
    project_activity_costs::executed
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_sectors::category,
    project_activity_costs::executed
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_participants::role,
    project_activity_costs::executed
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::modality,
    project_transaction_items::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_countries::country_code,
    project_transaction_items::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_regions::region_code,
    project_transaction_items::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_sectors::category,
    project_transaction_items::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_participants::role,
    project_transaction_items::currency
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::modality,
    project_transaction_items::transaction_type
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_countries::country_code,
    project_transaction_items::transaction_type
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_regions::region_code,
    project_transaction_items::transaction_type
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_sectors::category,
    project_transaction_items::transaction_type
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_participants::role,
    project_transaction_items::transaction_type
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    projects::modality,
    project_activity_items::status
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_countries::country_code,
    project_activity_items::status
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_regions::region_code,
    project_activity_items::status
);
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    project_sectors::category,
    project_activity_items::status
);
