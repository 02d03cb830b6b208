//! The yearly reports a directorate owes: SEGIB's Ibero-American report on South-South
//! cooperation (`segib`: one row per initiative active in the year) and the OECD's TOSSD
//! (`tossd`: one row per activity, recipient, modality and currency, Argentina reporting
//! as provider). Each page of the caller's project list (its scope: viewers read approved
//! versions) is made into rows in the page's read, with the execution figures of each
//! project (`domain::execution::compute`, the figures `GET /projects/{id}/execution`
//! answers), so the reports and the figures count the same money. Amounts are converted
//! to US dollars at the report year's rate (`RateTable`); a rate the table lacks is a 422
//! naming the currency and year, never a guess.

mod segib;
mod tossd;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::activities::ProjectActivities;
use crate::domain::decimal::{divide_rounded, format_signed};
use crate::domain::execution::{self, Execution};
use crate::domain::money::parse_amount;
use crate::domain::project_parts;
use crate::domain::projects::Project;
use crate::domain::rates::{MissingRate, YEARS};
use crate::domain::transactions::ProjectTransactions;
use crate::error::ApiError;
use crate::exports::{Column, ExportFormat};

pub use segib::{SEGIB, SEGIB_COLUMNS, segib_rows};
pub use tossd::{
    PROVIDER_COUNTRY, TOSSD, TOSSD_COLUMNS, TOSSD_PROVIDER, recipient_of_country, tossd_modality,
    tossd_rows,
};

/// A report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// RFC 4180 CSV, UTF-8, CRLF line ends, a header row of the documented columns.
    #[default]
    Csv,
    /// An Excel workbook of one sheet: the CSV's columns, typed.
    Xlsx,
}

impl From<ReportFormat> for ExportFormat {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Csv => ExportFormat::Csv,
            ReportFormat::Xlsx => ExportFormat::Xlsx,
        }
    }
}

/// The year and format of a report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The year reported (1950 to 2100): its projects, activities and exchange rates.
    #[param(required = true, minimum = 1950, maximum = 2100, example = 2025)]
    pub year: Option<i32>,
    /// The file format (default `csv`).
    pub format: Option<ReportFormat>,
}

impl ReportQuery {
    /// The year (400 when missing or outside 1950–2100) and the format.
    pub fn checked(&self) -> Result<(i32, ExportFormat), ApiError> {
        let year = self
            .year
            .ok_or_else(|| ApiError::bad_parameter("year", crate::msg!("report-year-required")))?;
        if !YEARS.contains(&year) {
            return Err(ApiError::bad_parameter(
                "year",
                crate::msg!(
                    "year-outside",
                    year = year.to_string(),
                    first = YEARS.start().to_string(),
                    last = YEARS.end().to_string()
                ),
            ));
        }
        Ok((year, self.format.unwrap_or_default().into()))
    }
}
/// The columns of a report, as its OpenAPI description lists them.
pub fn describe(columns: &[(Column, &str)]) -> String {
    columns
        .iter()
        .map(|(column, meaning)| format!("- `{}`: {meaning}", column.name))
        .collect::<Vec<_>>()
        .join("\n")
}
/// Whether a project is active in `year`: it starts (actual, else planned) before the
/// year ends and ends (actual, else planned) after it begins.
pub fn active_in(project: &Project, year: i32) -> bool {
    let start = project.actual_start.unwrap_or(project.planned_start);
    let end = project.actual_end.unwrap_or(project.planned_end);
    let (first, last) = year_bounds(year);
    start <= last && end >= first
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    )
}

fn text_in(texts: Option<&BTreeMap<String, String>>, language: &str) -> String {
    texts
        .and_then(|t| t.get(language).or_else(|| t.values().next()))
        .cloned()
        .unwrap_or_default()
}

/// A project as a report reads it: the version the caller reads, its parts and figures.
struct Read {
    project: Project,
    activities: Option<ProjectActivities>,
    figures: Execution,
}

/// The country (ISO 3166-1 alpha-2) of each organisation, if it has one.
type Countries = HashMap<Uuid, Option<String>>;

/// The projects of a page active in `year`, with their parts and execution figures, and
/// the countries of the organisations they name.
fn read_page(
    conn: &mut DbConnection,
    items: Vec<String>,
    year: i32,
) -> Result<(Vec<Read>, Countries), ApiError> {
    let mut projects = Vec::new();
    for item in items {
        let project: Project = serde_json::from_str(&item).map_err(ApiError::internal)?;
        if active_in(&project, year) {
            projects.push(project);
        }
    }
    // The page's parts in a statement each, not two per project.
    let ids: Vec<Uuid> = projects.iter().map(|p| p.id).collect();
    let mut all_activities = project_parts::saved_many::<ProjectActivities>(conn, &ids)?;
    let mut all_transactions = project_parts::saved_many::<ProjectTransactions>(conn, &ids)?;
    let mut read = Vec::with_capacity(projects.len());
    for project in projects {
        let activities = all_activities.remove(&project.id);
        let transactions = all_transactions.remove(&project.id);
        let figures = execution::compute(
            project.id,
            &project,
            activities.as_ref(),
            transactions.as_ref(),
        );
        read.push(Read {
            project,
            activities,
            figures,
        });
    }
    let ids = read.iter().flat_map(|r| {
        r.project
            .participants
            .iter()
            .map(|p| p.organisation_id)
            .chain(r.project.contributions.iter().map(|c| c.organisation_id))
            .chain(
                r.figures
                    .organisations
                    .iter()
                    .filter_map(|o| o.organisation_id),
            )
            .chain(
                r.activities
                    .iter()
                    .flat_map(|a| &a.activities)
                    .flat_map(|a| &a.costs)
                    .map(|c| c.paying_organisation_id),
            )
            .collect::<Vec<_>>()
    });
    let countries =
        crate::store::organisations::profiles(conn, ids.collect::<Vec<_>>().into_iter())?
            .into_iter()
            .map(|(id, profile)| (id, profile.country_code))
            .collect();
    Ok((read, countries))
}

/// Millionths of a US dollar as dollars with cents.
fn usd(micro: i128) -> String {
    format_signed(divide_rounded(micro, 10_000), 2, false)
}

/// Millionths of a US dollar as thousands of dollars (to the cent: 5 decimals).
fn thousands_usd(micro: i128) -> String {
    format_signed(divide_rounded(micro, 10_000), 5, false)
}

fn minor_of(amount: &str, currency: &str) -> i128 {
    i128::from(parse_amount(amount, currency).unwrap_or(0))
}

fn missing(error: MissingRate) -> ApiError {
    error.into_error()
}
