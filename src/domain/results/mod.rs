//! Results and indicators of a project, shaped as IATI 2.03 `result` elements so that they
//! export unchanged: a result has a type (IATI ResultType), a title and description per
//! language, and indicators; an indicator has a measure (IATI IndicatorMeasure), a
//! direction, a baseline and reporting periods with target and actual values.
//!
//! A project's results are one sub-resource (`/projects/{id}/results`) with versions of
//! their own: partners report actuals without re-sending the project, and a results write
//! never conflicts with an edit of the project's other fields. They are read by whoever
//! may read the project, written by whoever may write it, and every version is a change
//! record of kind `project_results` (history and change feed) whose audience is the
//! project's. Results are not reviewed: a reported value counts once saved.

mod operations;
mod progress;
mod rules;
#[cfg(test)]
mod tests;

pub use operations::{create_many, progress, reported_span};
pub use progress::format_percent;
pub use rules::check;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::codelists;
use crate::db::DbConnection;
use crate::domain::documents::{LocalisedText, check_localised};
use crate::domain::kinds::ResourceKind;
use crate::domain::projects::Project;
use crate::error::ApiError;
use crate::store::results::{self as result_store, IndicatorRow};
use crate::validation::Violations;

/// The longest result or indicator title, per language.
pub const MAX_TITLE_CHARS: usize = 500;
/// The longest description or comment, per language.
pub const MAX_TEXT_CHARS: usize = 4000;
/// IndicatorMeasure codes whose values are numbers that progress can be computed from.
const UNIT: i32 = 1;
const PERCENTAGE: i32 = 2;
/// IndicatorMeasure code of indicators that carry text, not numbers.
const QUALITATIVE: i32 = 5;
/// Fraction digits kept of an indicator's values.
const VALUE_SCALE: u32 = 6;
/// Progress is kept within ±1,000,000 % (in hundredths of a percent).
const MAX_PROGRESS: i128 = 100_000_000;

/// A project's results, as written: the whole set replaces the previous one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"results": [result_example()]}))]
pub struct ResultsInput {
    /// At most 100 results, in the order they are reported.
    #[validate(length(max = 100), nested)]
    #[schema(max_items = 100)]
    pub results: Vec<ProjectResult>,
}

/// A result of a project (IATI `result`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!(result_example()))]
pub struct ProjectResult {
    /// IATI ResultType: 1 output, 2 outcome, 3 impact, 9 other
    /// (`GET /api/v1/codelists/result_types`).
    #[serde(rename = "type")]
    #[schema(minimum = 1, maximum = 9, example = 1)]
    #[validate(range(min = 1, max = 9))]
    pub result_type: i32,
    /// Whether the result's data can be summed across activities (IATI
    /// `aggregation-status`); null when not said.
    #[serde(default)]
    pub aggregation_status: Option<bool>,
    /// Per language; the project's `default_language` is required.
    #[schema(schema_with = title_schema)]
    pub title: LocalisedText,
    /// Per language; null when there is none.
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub description: Option<LocalisedText>,
    /// One to 50 indicators.
    #[validate(length(min = 1, max = 50), nested)]
    #[schema(min_items = 1, max_items = 50)]
    pub indicators: Vec<Indicator>,
}

/// How a result is measured (IATI `indicator`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// IATI IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative
    /// (`GET /api/v1/codelists/indicator_measures`). Values of measures 1–4 are decimal
    /// numbers (percentages 0 to 100); qualitative indicators carry text in `comment`s
    /// and no values.
    #[schema(minimum = 1, maximum = 5, example = 1)]
    #[validate(range(min = 1, max = 5))]
    pub measure: i32,
    /// Whether a higher value is better (default true).
    #[serde(default = "ascending_by_default")]
    pub ascending: bool,
    /// Per language; the project's `default_language` is required.
    #[schema(schema_with = title_schema)]
    pub title: LocalisedText,
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub description: Option<LocalisedText>,
    /// Where the indicator stood before the project; null when not known.
    #[serde(default)]
    #[validate(nested)]
    pub baseline: Option<Baseline>,
    /// Reporting periods, at most 60, inside the project's dates and not overlapping;
    /// kept in order of their start.
    #[serde(default)]
    #[validate(length(max = 60), nested)]
    #[schema(max_items = 60)]
    pub periods: Vec<Period>,
}

fn ascending_by_default() -> bool {
    true
}

/// An indicator's baseline (IATI `baseline`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The year the baseline was measured.
    #[schema(minimum = 1900, maximum = 2200, example = 2023)]
    #[validate(range(min = 1900, max = 2200))]
    pub year: i32,
    /// The day it was measured, when known (in `year`).
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// A decimal number as a string (measures 1–4); null for qualitative indicators.
    #[serde(default)]
    #[schema(
        pattern = "^-?[0-9]{1,13}(\\.[0-9]{1,6})?$",
        max_length = 21,
        example = "120"
    )]
    #[validate(length(max = 21))]
    pub value: Option<String>,
    /// Per language; required for qualitative indicators.
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub comment: Option<LocalisedText>,
}

/// A reporting period of an indicator (IATI `period`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[schema(example = "2025-01-01")]
    pub start: NaiveDate,
    /// On or after `start`.
    #[schema(example = "2025-12-31")]
    pub end: NaiveDate,
    /// What the period aims at; null when not set.
    #[serde(default)]
    pub target: Option<PeriodValue>,
    /// What was achieved; null until reported.
    #[serde(default)]
    pub actual: Option<PeriodValue>,
}

/// A target or actual of a period: a value (measures 1–4) or text (qualitative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct PeriodValue {
    /// A decimal number as a string; required for measures 1–4, absent for qualitative
    /// indicators.
    #[serde(default)]
    #[schema(
        pattern = "^-?[0-9]{1,13}(\\.[0-9]{1,6})?$",
        max_length = 21,
        example = "200"
    )]
    #[validate(length(max = 21))]
    pub value: Option<String>,
    /// Per language; required for qualitative indicators.
    #[serde(default)]
    #[schema(schema_with = optional_text_schema)]
    pub comment: Option<LocalisedText>,
}

fn title_schema() -> utoipa::openapi::Object {
    crate::validation::code_arrays::localised_text(
        MAX_TITLE_CHARS,
        serde_json::json!({"es": "Productores capacitados en riego tecnificado", "pt": "Produtores capacitados em irrigação tecnificada"}),
    )
}

fn optional_text_schema() -> utoipa::openapi::Object {
    crate::validation::code_arrays::optional_localised_text(
        MAX_TEXT_CHARS,
        serde_json::json!({"es": "Según el registro de asistencia de los talleres"}),
    )
}

fn result_example() -> serde_json::Value {
    serde_json::json!({
        "type": 1,
        "aggregation_status": true,
        "title": {"es": "Productores capacitados en riego tecnificado", "pt": "Produtores capacitados em irrigação tecnificada"},
        "description": null,
        "indicators": [{
            "measure": 1,
            "ascending": true,
            "title": {"es": "Número de productores capacitados"},
            "description": null,
            "baseline": {"year": 2023, "date": null, "value": "0", "comment": null},
            "periods": [{
                "start": "2025-03-01",
                "end": "2025-12-31",
                "target": {"value": "200", "comment": null},
                "actual": {"value": "150", "comment": {"es": "Según el registro de asistencia"}}
            }]
        }]
    })
}

/// A project's results as read: the results, their version (0 before any were saved)
/// and who saved them last.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "project_id": "0193a6a0-0002-7000-8000-000000000001",
    "version": 2,
    "updated_at": "2026-03-01T12:00:00Z",
    "updated_by": "joao.silva",
    "results": [result_example()]
}))]
pub struct ProjectResults {
    pub project_id: Uuid,
    /// The results' own version (their `ETag`), independent of the project's; 0 while
    /// none have been saved.
    pub version: i64,
    /// When they were last saved; null at version 0.
    #[schema(required = true)]
    pub updated_at: Option<DateTime<Utc>>,
    /// `sub` of who saved them last; null at version 0.
    #[schema(required = true)]
    pub updated_by: Option<String>,
    pub results: Vec<ProjectResult>,
}

/// The progress of one indicator, from its baseline towards its target.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "result": 0, "indicator": 0, "result_type": 1, "measure": 1, "ascending": true,
    "title": {"es": "Número de productores capacitados"},
    "baseline": "0", "period_start": "2025-03-01", "period_end": "2025-12-31",
    "target": "200", "actual": "150", "progress_percent": "75.00"
}))]
pub struct IndicatorProgress {
    /// Position of the result in the project's results.
    pub result: usize,
    /// Position of the indicator in its result.
    pub indicator: usize,
    pub result_type: i32,
    pub measure: i32,
    pub ascending: bool,
    #[schema(schema_with = title_schema)]
    pub title: LocalisedText,
    /// The baseline's value (0 is assumed when it has none).
    #[schema(required = true)]
    pub baseline: Option<String>,
    /// The latest period (by its end) with both a target and an actual value; null when
    /// there is none.
    #[schema(required = true)]
    pub period_start: Option<NaiveDate>,
    #[schema(required = true)]
    pub period_end: Option<NaiveDate>,
    #[schema(required = true)]
    pub target: Option<String>,
    #[schema(required = true)]
    pub actual: Option<String>,
    /// (actual − baseline) / (target − baseline) as a percentage with two decimals: 100
    /// means the target is met, whichever the direction. Null for nominal, ordinal and
    /// qualitative indicators, without such a period, or when target equals baseline.
    #[schema(required = true, example = "75.00")]
    pub progress_percent: Option<String>,
}

/// The progress of every indicator of a project.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "project_id": "0193a6a0-0002-7000-8000-000000000001",
    "version": 2,
    "indicators": [{
        "result": 0, "indicator": 0, "result_type": 1, "measure": 1, "ascending": true,
        "title": {"es": "Número de productores capacitados"},
        "baseline": "0", "period_start": "2025-03-01", "period_end": "2025-12-31",
        "target": "200", "actual": "150", "progress_percent": "75.00"
    }]
}))]
pub struct ResultsProgress {
    pub project_id: Uuid,
    /// The results' version the progress is computed from.
    pub version: i64,
    pub indicators: Vec<IndicatorProgress>,
}
