//! The columns of each kind's export, in order. Every column is read from the record's
//! JSON representation (see `Source`); nested lists are flattened as each column says
//! (`sectors` as `31166:60;32165:40`). The OpenAPI description of each export lists
//! them, from these tables.

use super::CellType::{Date, DateTime, Integer, Number};
use super::{Column, Source};
use crate::codelists;

/// Document links: their URLs, separated by a space (a URL never holds a raw space,
/// while `;` and `:` are common in URLs).
const DOCUMENT_LINKS: Column = Column {
    name: "document_links",
    source: Source::Objects {
        pointer: "/document_links",
        fields: &["url"],
        separator: " ",
    },
    cell: super::CellType::Text,
};

/// The members every cooperation record ends with.
macro_rules! record_columns {
    ($($column:expr),* $(,)?) => {
        &[
            Column::text("id", "/id"),
            $($column,)*
            Column::text("visibility", "/visibility"),
            Column::text("default_language", "/default_language"),
            DOCUMENT_LINKS,
            Column::text("review_status", "/review_status"),
            Column::typed("approved_version", "/approved_version", Integer),
            Column::typed("version", "/version", Integer),
            Column::typed("created_at", "/created_at", DateTime),
            Column::typed("updated_at", "/updated_at", DateTime),
            Column::text("created_by", "/created_by"),
            Column::text("updated_by", "/updated_by"),
        ]
    };
}

pub const PROJECTS: &[Column] = record_columns![
    Column::text("code", "/code"),
    Column::text("iati_identifier", "/iati_identifier"),
    Column::localised("title", "title"),
    Column::localised("description", "description"),
    Column::localised("objectives", "objectives"),
    Column::text("modality", "/modality"),
    Column::text("instrument", "/instrument"),
    Column::typed("status", "/status", Integer),
    Column::code_names("status_name", "/status", None, codelists::activity_statuses),
    Column::typed("approval_date", "/approval_date", Date),
    Column::typed("planned_start", "/planned_start", Date),
    Column::typed("planned_end", "/planned_end", Date),
    Column::typed("actual_start", "/actual_start", Date),
    Column::typed("actual_end", "/actual_end", Date),
    Column::objects(
        "recipient_countries",
        "/recipient_countries",
        &["country_code", "percentage"]
    ),
    Column::code_names(
        "recipient_country_names",
        "/recipient_countries",
        Some("country_code"),
        codelists::countries
    ),
    Column::objects(
        "recipient_regions",
        "/recipient_regions",
        &["region_code", "percentage"]
    ),
    Column::code_names(
        "recipient_region_names",
        "/recipient_regions",
        Some("region_code"),
        codelists::regions
    ),
    Column::objects("sectors", "/sectors", &["code", "percentage"]),
    Column::code_names("sector_names", "/sectors", Some("code"), codelists::sectors),
    Column::list("sdg_goals", "/sdg_goals"),
    Column::list("sdg_targets", "/sdg_targets"),
    Column::code_names("sdg_goal_names", "/sdg_goals", None, codelists::sdg_goals),
    Column::objects(
        "participants",
        "/participants",
        &["organisation_id", "role"]
    ),
    Column::organisation_names("participant_names", "/participants", Some("role")),
    Column::typed("budget_amount", "/budget/amount", Number),
    Column::text("budget_currency", "/budget/currency"),
    Column::objects(
        "contributions",
        "/contributions",
        &["organisation_id", "amount", "currency", "expert_days"]
    ),
    Column::organisation_names("contributor_names", "/contributions", None),
    Column::text("partnership_id", "/partnership_id"),
    Column::text("triangular_arrangement_id", "/triangular_arrangement_id"),
    Column::list("capacity_ids", "/capacity_ids"),
];

pub const PARTNERSHIPS: &[Column] = record_columns![
    Column::localised("title", "title"),
    Column::localised("description", "description"),
    Column::text("scope", "/scope"),
    Column::text("space", "/space"),
    Column::objects("parties", "/parties", &["organisation_id", "role"]),
    Column::organisation_names("party_names", "/parties", Some("role")),
    Column::text("instrument", "/instrument"),
    Column::typed("signed_on", "/signed_on", Date),
    Column::typed("valid_from", "/valid_from", Date),
    Column::typed("valid_until", "/valid_until", Date),
    Column::text("status", "/status"),
    Column::list("sectors", "/sectors"),
    Column::code_names(
        "sector_names",
        "/sectors",
        None,
        codelists::sector_categories
    ),
];

pub const ARRANGEMENTS: &[Column] = record_columns![
    Column::localised("title", "title"),
    Column::localised("governance", "governance"),
    Column::list("first_providers", "/first_providers"),
    Column::list("second_providers", "/second_providers"),
    Column::list("recipients", "/recipients"),
    Column::organisation_names("first_provider_names", "/first_providers", None),
    Column::organisation_names("second_provider_names", "/second_providers", None),
    Column::organisation_names("recipient_names", "/recipients", None),
    Column::text("agreement_kind", "/agreement_kind"),
    Column::typed("signed_on", "/signed_on", Date),
    Column::typed("valid_from", "/valid_from", Date),
    Column::typed("valid_until", "/valid_until", Date),
    Column::text("status", "/status"),
    Column::objects(
        "cost_sharing",
        "/cost_sharing",
        &["organisation_id", "amount", "currency", "expert_days"]
    ),
];

pub const EXCHANGES: &[Column] = record_columns![
    Column::localised("title", "title"),
    Column::localised("summary", "summary"),
    Column::text("policy_area", "/policy_area"),
    Column::code_names("policy_area_name", "/policy_area", None, codelists::sectors),
    Column::list("offering_organisations", "/offering_organisations"),
    Column::list("receiving_organisations", "/receiving_organisations"),
    Column::organisation_names(
        "offering_organisation_names",
        "/offering_organisations",
        None
    ),
    Column::organisation_names(
        "receiving_organisation_names",
        "/receiving_organisations",
        None
    ),
    Column::text("format", "/format"),
    Column::typed("start_date", "/start_date", Date),
    Column::typed("end_date", "/end_date", Date),
    Column::text("host_country", "/host_country"),
    Column::code_names(
        "host_country_name",
        "/host_country",
        None,
        codelists::countries
    ),
    Column::typed("participants_total", "/participants_total", Integer),
    Column::typed("participants_women", "/participants_women", Integer),
    Column::typed("expert_days", "/expert_days", Integer),
    Column::localised("outcomes", "outcomes"),
    Column::localised("lessons_learned", "lessons_learned"),
    Column::list("sdg_goals", "/sdg_goals"),
    Column::text("status", "/status"),
    Column::text("project_id", "/project_id"),
    Column::text("partnership_id", "/partnership_id"),
];

pub const CAPACITIES: &[Column] = record_columns![
    Column::list("offering_organisations", "/offering_organisations"),
    Column::organisation_names(
        "offering_organisation_names",
        "/offering_organisations",
        None
    ),
    Column::localised("title", "title"),
    Column::localised("description", "description"),
    Column::localised("what_partners_learn", "what_partners_learn"),
    Column::list("sectors", "/sectors"),
    Column::code_names("sector_names", "/sectors", None, codelists::sectors),
    Column::list("sdg_targets", "/sdg_targets"),
    Column::list("formats", "/formats"),
    Column::list("languages", "/languages"),
    Column::typed("typical_duration_days", "/typical_duration_days", Integer),
    Column::typed("experts_available", "/experts_available", Integer),
    Column::typed("in_kind_expert_days", "/in_kind_expert_days", Integer),
    Column::text("status", "/status"),
];

/// A cooperation request's columns: what the requester and the public may read (the
/// directorate's assessment is not part of the record, so of no export).
pub const COOPERATION_REQUESTS: &[Column] = record_columns![
    Column::text("requesting_organisation", "/requesting_organisation"),
    Column::text("country", "/country"),
    Column::code_names("country_name", "/country", None, codelists::countries),
    Column::text("channel", "/channel"),
    Column::localised("title", "title"),
    Column::localised("problem_statement", "problem_statement"),
    Column::localised("expected_results", "expected_results"),
    Column::localised("target_population", "target_population"),
    Column::list("sectors", "/sectors"),
    Column::code_names("sector_names", "/sectors", None, codelists::sectors),
    Column::list("sdg_targets", "/sdg_targets"),
    Column::list("formats", "/formats"),
    Column::list("languages", "/languages"),
    Column::typed("desired_start_from", "/desired_start_from", Date),
    Column::typed("desired_start_to", "/desired_start_to", Date),
    Column::text("priority", "/priority"),
    Column::text("status", "/status"),
    Column::text("decline_reason", "/decline_reason"),
    Column::text("comment_to_requester", "/comment_to_requester"),
    Column::text("project_id", "/project_id"),
];

/// The documentation of `columns`: one line each.
pub fn describe(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| format!("- {}", c.describe()))
        .collect::<Vec<_>>()
        .join("\n")
}
