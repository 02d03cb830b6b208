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

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::codelists;
use crate::db::DbConnection;
use crate::domain::access::{self, Sharing};
use crate::domain::changes::{ChangeAction, ChangePage};
use crate::domain::documents::{LocalisedText, check_localised};
use crate::domain::kinds::ResourceKind;
use crate::domain::lists;
use crate::domain::projects::Project;
use crate::domain::record::{self, CooperationRecord, ExpectedVersions, RecordStorage};
use crate::error::ApiError;
use crate::pagination::Cursors;
use crate::store::changes::{self as change_store, NewChange};
use crate::store::records::RecordTable;
use crate::store::results::{self as result_store, IndicatorRow, StoredResults};
use crate::store::visibility::ReadScope;
use crate::store::{self, to_utc};
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
                "start": "2025-01-01",
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
    "project_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
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
    "baseline": "0", "period_start": "2025-01-01", "period_end": "2025-12-31",
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
    "project_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
    "version": 2,
    "indicators": [{
        "result": 0, "indicator": 0, "result_type": 1, "measure": 1, "ascending": true,
        "title": {"es": "Número de productores capacitados"},
        "baseline": "0", "period_start": "2025-01-01", "period_end": "2025-12-31",
        "target": "200", "actual": "150", "progress_percent": "75.00"
    }]
}))]
pub struct ResultsProgress {
    pub project_id: Uuid,
    /// The results' version the progress is computed from.
    pub version: i64,
    pub indicators: Vec<IndicatorProgress>,
}

/// The project's results as the caller may read them (404 when it may not read the
/// project), with their version.
pub fn read(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<StoredResults, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    match result_store::find(conn, project_id)? {
        Some(stored) => Ok(stored),
        None => Ok(StoredResults {
            version: 0,
            representation: serde_json::to_string(&ProjectResults {
                project_id,
                version: 0,
                updated_at: None,
                updated_by: None,
                results: Vec::new(),
            })
            .map_err(ApiError::internal)?,
        }),
    }
}

/// The progress of each indicator of the project's results.
pub fn progress(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<ResultsProgress, ApiError> {
    let stored = read(conn, caller, project_id)?;
    let results: ProjectResults =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let mut indicators = Vec::new();
    for (r, result) in results.results.iter().enumerate() {
        for (i, indicator) in result.indicators.iter().enumerate() {
            indicators.push(indicator_progress(r, i, result.result_type, indicator));
        }
    }
    Ok(ResultsProgress {
        project_id,
        version: results.version,
        indicators,
    })
}

/// The history of the project's results: all their change records, for callers who may
/// read the project (404 otherwise; every version is of the results they read); empty
/// while no results were saved.
pub fn history(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<ChangePage, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    lists::changes_page(
        conn,
        ReadScope::All,
        ResourceKind::ProjectResults,
        project_id,
        limit,
        cursor,
        cursors,
    )
    .map(|page| {
        page.unwrap_or(ChangePage {
            items: Vec::new(),
            next_cursor: None,
        })
    })
}

/// Replace the project's results when the client read their current version (`If-Match`;
/// `"0"` before any were saved). Admins and coordinators write any project's results,
/// partners those of projects their organisation takes part in. Saving the same results
/// again changes nothing.
pub fn replace(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    expected: &ExpectedVersions,
    mut input: ResultsInput,
) -> Result<StoredResults, ApiError> {
    // Read the project only once its own writes are held off: its dates bound the
    // periods, and a concurrent edit must see these results (`reported_span`).
    change_store::hold_results(conn, project_id)?;
    // 404 for a caller who may not read the project.
    record::read::<Project>(conn, caller, project_id)?;
    // What counts (the approved version, else the draft) decides who writes the results
    // and in which language; the periods fit both it and the current version.
    let current_project: Project = <<Project as CooperationRecord>::Table as RecordTable>::find(
        conn,
        project_id,
        ReadScope::All,
    )?
    .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
    .transpose()?
    .ok_or_else(|| record::not_found::<Project>(project_id))?;
    let counted = Project::approved(conn, project_id)?.unwrap_or_else(|| current_project.clone());
    check_writer(caller, &counted)?;
    let (first, last) = span_of(&counted);
    let (current_first, current_last) = span_of(&current_project);
    check_within(
        &mut input,
        &counted.default_language,
        (first.max(current_first), last.min(current_last)),
    )
    .into_result()?;
    let current = read(conn, caller, project_id)?;
    expected.check(current.version)?;
    let before: ProjectResults =
        serde_json::from_str(&current.representation).map_err(ApiError::internal)?;
    if before.results == input.results {
        return Ok(current);
    }
    let version = current.version + 1;
    let now = to_utc(store::now());
    let audience =
        record::counted_audience_of::<Project>(conn, project_id, &current_project.to_input())?;
    change_store::append(
        conn,
        results_change(caller, project_id, version, now, audience),
    )?;
    let (saved, indicators) = results_to_store(caller, project_id, version, now, input.results)?;
    let written = result_store::save(
        conn,
        project_id,
        current.version,
        &saved,
        now.naive_utc(),
        &caller.sub,
        &indicators,
    )?;
    if !written {
        // A concurrent write saved another version first.
        return Err(ApiError::changed_concurrently());
    }
    Ok(saved)
}

/// Save the first results of projects created in this transaction (a bulk load): the
/// checks and change records of `replace`, written with a statement per table for them
/// all. Empty results save nothing, as in `replace`. The first that fails a check fails
/// them all, its errors pointing into the list (`/3/...`). The caller vouches that the
/// projects are the ones it just created (nothing is read back), each once.
pub fn create_many(
    conn: &mut DbConnection,
    caller: &Caller,
    items: Vec<(&Project, ResultsInput)>,
) -> Result<(), ApiError> {
    let now = to_utc(store::now());
    let mut saving = Vec::with_capacity(items.len());
    for (i, (project, mut input)) in items.into_iter().enumerate() {
        if project.version != 1 {
            return Err(ApiError::internal(format!(
                "project {} is not new: its results are replaced, not created",
                project.id
            )));
        }
        check_writer(caller, project).map_err(|e| e.within(i))?;
        check_within(&mut input, &project.default_language, span_of(project))
            .into_result()
            .map_err(|e| e.within(i))?;
        if !input.results.is_empty() {
            saving.push((project, input));
        }
    }
    let changes: Vec<NewChange> = saving
        .iter()
        .map(|(project, _)| {
            let audience = record::counted_audience_of_created(*project);
            results_change(caller, project.id, 1, now, audience)
        })
        .collect();
    change_store::append_many(conn, &changes)?;
    let rows = saving
        .into_iter()
        .map(|(project, input)| {
            let (saved, indicators) = results_to_store(caller, project.id, 1, now, input.results)?;
            Ok((project.id.to_string(), saved, indicators))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    result_store::insert_many(conn, &rows, now.naive_utc(), &caller.sub)
}

/// May `caller` write the results of a project whose content that counts is `counted`?
/// Admins and coordinators: any; partners: those their organisation takes part in.
fn check_writer(caller: &Caller, counted: &Project) -> Result<(), ApiError> {
    let participants = Project::participants(&counted.to_input());
    access::check_update(
        caller,
        "project",
        false,
        Sharing {
            participants: &participants,
            visibility: counted.visibility,
        },
        None,
    )
}

/// The change record of saving a project's results as `version`, for `audience` (who may
/// read what counts of the project).
fn results_change(
    caller: &Caller,
    project_id: Uuid,
    version: i64,
    at: DateTime<Utc>,
    audience: crate::store::visibility::Audience,
) -> NewChange<'_> {
    NewChange {
        resource: ResourceKind::ProjectResults.as_str(),
        record_id: project_id,
        action: if version == 1 {
            ChangeAction::Create.as_str()
        } else {
            ChangeAction::Update.as_str()
        },
        version,
        actor: &caller.sub,
        actor_organisation_id: caller.org,
        at: at.naive_utc(),
        changed_fields: vec!["results".to_owned()],
        audience,
        previous_audience: None,
        comment: None,
    }
}

/// Results as stored when `caller` saves them as `version` at `at`, with their
/// indicators' rows for statistics.
fn results_to_store(
    caller: &Caller,
    project_id: Uuid,
    version: i64,
    at: DateTime<Utc>,
    results: Vec<ProjectResult>,
) -> Result<(StoredResults, Vec<IndicatorRow>), ApiError> {
    let indicators = indicator_rows(&results);
    let results = ProjectResults {
        project_id,
        version,
        updated_at: Some(at),
        updated_by: Some(caller.sub.clone()),
        results,
    };
    let saved = StoredResults {
        version,
        representation: serde_json::to_string(&results).map_err(ApiError::internal)?,
    };
    Ok((saved, indicators))
}

/// The first start and last end of the periods the project's results report, if any: a
/// project's dates may not move past them. (A write that relies on it holds the project
/// first, `change_store::hold_dates`, so that it sees the last results saved.)
pub fn reported_span(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<Option<(NaiveDate, NaiveDate)>, ApiError> {
    let Some(stored) = result_store::find(conn, project_id)? else {
        return Ok(None);
    };
    let results: ProjectResults =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let periods = results
        .results
        .iter()
        .flat_map(|r| &r.indicators)
        .flat_map(|i| &i.periods);
    Ok(periods.fold(None, |span, p| match span {
        None => Some((p.start, p.end)),
        Some((first, last)) => Some((first.min(p.start), last.max(p.end))),
    }))
}

/// The first and last day a project runs, planned or actual.
fn span_of(project: &Project) -> (NaiveDate, NaiveDate) {
    let earliest = project
        .actual_start
        .map_or(project.planned_start, |s| s.min(project.planned_start));
    let latest = project
        .actual_end
        .map_or(project.planned_end, |e| e.max(project.planned_end));
    (earliest, latest)
}

/// Every rule of the results of `project` (its dates and default language), each
/// violation at its pointer; normalises what passes (trimmed text, periods in order).
pub fn check(input: &mut ResultsInput, project: &Project) -> Violations {
    check_within(input, &project.default_language, span_of(project))
}

/// Every rule of results in `language` whose periods must lie from `earliest` to `latest`.
fn check_within(
    input: &mut ResultsInput,
    language: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
) -> Violations {
    let mut v = Violations::of(input);
    for (r, result) in input.results.iter_mut().enumerate() {
        let at = format!("/results/{r}");
        if let Err(message) =
            codelists::result_types().active(&result.result_type.to_string(), "result type")
        {
            v.add(format!("{at}/type"), message);
        }
        check_localised(
            &mut v,
            &format!("{at}/title"),
            &mut result.title,
            language,
            MAX_TITLE_CHARS,
        );
        check_text(
            &mut v,
            &format!("{at}/description"),
            result.description.as_mut(),
            language,
        );
        for (i, indicator) in result.indicators.iter_mut().enumerate() {
            let at = format!("{at}/indicators/{i}");
            check_indicator(&mut v, &at, indicator, language, (earliest, latest));
        }
    }
    v
}

fn check_text(v: &mut Violations, pointer: &str, text: Option<&mut LocalisedText>, language: &str) {
    if let Some(text) = text {
        check_localised(v, pointer, text, language, MAX_TEXT_CHARS);
    }
}

fn check_indicator(
    v: &mut Violations,
    at: &str,
    indicator: &mut Indicator,
    language: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
) {
    let measure = indicator.measure;
    if let Err(message) =
        codelists::indicator_measures().active(&measure.to_string(), "indicator measure")
    {
        v.add(format!("{at}/measure"), message);
    }
    check_localised(
        v,
        &format!("{at}/title"),
        &mut indicator.title,
        language,
        MAX_TITLE_CHARS,
    );
    check_text(
        v,
        &format!("{at}/description"),
        indicator.description.as_mut(),
        language,
    );
    if let Some(baseline) = indicator.baseline.as_mut() {
        let at = format!("{at}/baseline");
        check_value(
            v,
            &at,
            measure,
            &mut baseline.value,
            &mut baseline.comment,
            language,
        );
        if let Some(date) = baseline.date {
            v.dates(&[(format!("{at}/date").as_str(), Some(date))]);
            if chrono::Datelike::year(&date) != baseline.year {
                v.add(
                    format!("{at}/date"),
                    format!("must be in the baseline's year ({})", baseline.year),
                );
            }
        }
    }
    for (p, period) in indicator.periods.iter_mut().enumerate() {
        let at = format!("{at}/periods/{p}");
        if period.end < period.start {
            v.add(format!("{at}/end"), "must be on or after start");
        }
        if period.start < earliest || period.end > latest {
            v.add(
                format!("{at}/start"),
                format!("the period must lie inside the project's dates ({earliest} to {latest})"),
            );
        }
        for (member, value) in [
            ("target", &mut period.target),
            ("actual", &mut period.actual),
        ] {
            if let Some(value) = value.as_mut() {
                let at = format!("{at}/{member}");
                check_value(
                    v,
                    &at,
                    measure,
                    &mut value.value,
                    &mut value.comment,
                    language,
                );
            }
        }
    }
    // A target lies the right way from the baseline: above it where more is better, below
    // it where fewer is (progress is measured from one towards the other).
    let baseline = indicator
        .baseline
        .as_ref()
        .and_then(|b| b.value.as_deref())
        .and_then(|value| parse_value(value).ok());
    if let Some(baseline) = baseline
        && (measure == UNIT || measure == PERCENTAGE)
    {
        for (p, period) in indicator.periods.iter().enumerate() {
            let target = period
                .target
                .as_ref()
                .and_then(|t| t.value.as_deref())
                .and_then(|value| parse_value(value).ok());
            let message = match target {
                Some(target) if indicator.ascending && target < baseline => {
                    "below the baseline, but the indicator is ascending (more is better): correct the target or set ascending to false"
                }
                Some(target) if !indicator.ascending && target > baseline => {
                    "above the baseline, but the indicator is descending (fewer is better): correct the target or set ascending to true"
                }
                _ => continue,
            };
            v.add(format!("{at}/periods/{p}/target/value"), message);
        }
    }
    // Periods of one indicator do not overlap: each starts after the one before it ends.
    let mut order: Vec<usize> = (0..indicator.periods.len()).collect();
    order.sort_by_key(|&p| (indicator.periods[p].start, p));
    for pair in order.windows(2) {
        let (before, after) = (&indicator.periods[pair[0]], &indicator.periods[pair[1]]);
        if after.start <= before.end {
            v.add(
                format!("{at}/periods/{}/start", pair[1]),
                format!(
                    "overlaps period {} ({} to {}): an indicator's periods do not overlap",
                    pair[0], before.start, before.end
                ),
            );
        }
    }
    indicator.periods.sort_by_key(|p| p.start);
}

/// A baseline, target or actual: a number for measures 1–4 (percentages 0 to 100), text
/// for qualitative indicators.
fn check_value(
    v: &mut Violations,
    at: &str,
    measure: i32,
    value: &mut Option<String>,
    comment: &mut Option<LocalisedText>,
    language: &str,
) {
    check_text(v, &format!("{at}/comment"), comment.as_mut(), language);
    if measure == QUALITATIVE {
        if value.is_some() {
            v.add(
                format!("{at}/value"),
                "a qualitative indicator has no value: put the text in comment",
            );
        }
        if comment.is_none() {
            v.add(
                format!("{at}/comment"),
                "required: a qualitative indicator carries text",
            );
        }
        return;
    }
    let Some(text) = value.as_mut() else {
        v.add(
            format!("{at}/value"),
            "required: indicators of measures 1 to 4 carry a number",
        );
        return;
    };
    match parse_value(text) {
        Err(message) => v.add(format!("{at}/value"), message),
        Ok(number) => {
            if measure == PERCENTAGE && !(0..=100 * scale()).contains(&number) {
                v.add(format!("{at}/value"), "a percentage lies between 0 and 100");
            }
            *text = format_value(number);
        }
    }
}

fn scale() -> i128 {
    10i128.pow(VALUE_SCALE)
}

fn parse_value(text: &str) -> Result<i128, String> {
    crate::domain::decimal::parse_signed(text, VALUE_SCALE)
}

/// The canonical form: no leading or trailing zeros, no "-0".
fn format_value(value: i128) -> String {
    crate::domain::decimal::format_signed(value, VALUE_SCALE, true)
}

/// The latest period (by its end) with both a target and an actual value, and those
/// values.
fn latest_measured(indicator: &Indicator) -> Option<(&Period, String, String)> {
    indicator
        .periods
        .iter()
        .filter_map(|p| {
            let target = p.target.as_ref()?.value.clone()?;
            let actual = p.actual.as_ref()?.value.clone()?;
            Some((p, target, actual))
        })
        .max_by_key(|(p, _, _)| p.end)
}

/// The indicator's progress in hundredths of a percent, where it has one. Where fewer is
/// better, there is none without a baseline (0 would be the best value, not the start).
fn progress_hundredths(indicator: &Indicator) -> Option<i64> {
    let (_, target, actual) = latest_measured(indicator)?;
    let baseline = indicator.baseline.as_ref().and_then(|b| b.value.as_deref());
    if !indicator.ascending && baseline.is_none() {
        return None;
    }
    progress_of(indicator.measure, baseline, &target, &actual)
}

fn indicator_progress(
    result: usize,
    indicator_position: usize,
    result_type: i32,
    indicator: &Indicator,
) -> IndicatorProgress {
    let latest = latest_measured(indicator);
    IndicatorProgress {
        result,
        indicator: indicator_position,
        result_type,
        measure: indicator.measure,
        ascending: indicator.ascending,
        title: indicator.title.clone(),
        baseline: indicator.baseline.as_ref().and_then(|b| b.value.clone()),
        period_start: latest.as_ref().map(|(p, _, _)| p.start),
        period_end: latest.as_ref().map(|(p, _, _)| p.end),
        target: latest.as_ref().map(|(_, t, _)| t.clone()),
        actual: latest.as_ref().map(|(_, _, a)| a.clone()),
        progress_percent: progress_hundredths(indicator).map(format_percent),
    }
}

/// (actual − baseline) / (target − baseline) in hundredths of a percent, for unit and
/// percentage measures; None when the measure or the values allow none.
fn progress_of(measure: i32, baseline: Option<&str>, target: &str, actual: &str) -> Option<i64> {
    if measure != UNIT && measure != PERCENTAGE {
        return None;
    }
    let baseline = baseline.map_or(Ok(0), parse_value).ok()?;
    let target = parse_value(target).ok()? - baseline;
    let actual = parse_value(actual).ok()? - baseline;
    if target == 0 {
        return None;
    }
    let rounded = crate::domain::decimal::divide_rounded(actual * 10_000, target);
    i64::try_from(rounded.clamp(-MAX_PROGRESS, MAX_PROGRESS)).ok()
}

pub fn format_percent(hundredths: i64) -> String {
    crate::domain::decimal::format_fixed(hundredths, 2)
}

/// One statistics row per indicator, in order.
fn indicator_rows(results: &[ProjectResult]) -> Vec<IndicatorRow> {
    results
        .iter()
        .flat_map(|result| {
            result.indicators.iter().map(|indicator| IndicatorRow {
                result_type: result.result_type,
                measure: indicator.measure,
                progress: progress_hundredths(indicator),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_runs_from_baseline_to_target_in_either_direction() {
        assert_eq!(progress_of(UNIT, Some("0"), "200", "150"), Some(7500));
        assert_eq!(progress_of(UNIT, None, "200", "200"), Some(10000));
        // Fewer is better: from 50 down to 20, at 30 two thirds of the way.
        assert_eq!(progress_of(PERCENTAGE, Some("50"), "20", "30"), Some(6667));
        assert_eq!(progress_of(UNIT, Some("10"), "10", "12"), None);
        assert_eq!(progress_of(4, Some("1"), "3", "2"), None);
        assert_eq!(progress_of(UNIT, Some("100"), "200", "50"), Some(-5000));
        assert_eq!(format_percent(-5000), "-50.00");
        assert_eq!(format_percent(6667), "66.67");
    }

    #[test]
    fn values_are_canonical_decimals() {
        assert_eq!(parse_value("-1.5").map(format_value), Ok("-1.5".to_owned()));
        assert_eq!(
            parse_value("007.250").map(format_value),
            Ok("7.25".to_owned())
        );
        assert_eq!(parse_value("-0").map(format_value), Ok("0".to_owned()));
        assert!(parse_value("1e3").is_err());
        assert!(parse_value("1.1234567").is_err());
    }
}
