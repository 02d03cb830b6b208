//! The policy exchange list's filters, shared by its export and its statistics.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::exchanges::{ExchangeFormat, ExchangeStatus};
use crate::domain::filters;
use crate::domain::list_query::{ExportParams, Filtered, GroupBy, ListFilters, Paging};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::exchanges::ExchangeFilter;

/// Which policy exchanges a list holds (filters combine with AND); its export and
/// statistics take the same filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExchangeFilters {
    /// An offering or receiving organisation.
    pub organisation: Option<Uuid>,
    /// Host country (ISO 3166-1 alpha-2).
    #[param(example = "AR")]
    pub country: Option<String>,
    /// How it is shared.
    pub format: Option<ExchangeFormat>,
    /// Policy area: a 5-digit DAC sector, or a 3-digit category for all its sectors.
    #[param(example = "311")]
    pub sector: Option<String>,
    /// SDG goal, 1 to 17.
    #[param(minimum = 1, maximum = 17)]
    pub sdg: Option<i32>,
    /// Starting on or after this date.
    pub start_from: Option<NaiveDate>,
    /// Starting on or before this date.
    pub start_to: Option<NaiveDate>,
    /// Planned, completed or cancelled.
    pub status: Option<ExchangeStatus>,
    /// Exchanges within this project.
    pub project: Option<Uuid>,
    /// Exchanges within this partnership.
    pub partnership: Option<Uuid>,
    /// Public or restricted.
    pub visibility: Option<Visibility>,
    /// Text in the title or summary (case and accents ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

impl ListFilters for ExchangeFilters {
    type Checked = ExchangeFilter;

    // The export's `format` is the file's.
    const EXPORT_NAMES: &'static [(&'static str, &'static str)] = &[("format", "exchange_format")];

    fn check(&self) -> Result<ExchangeFilter, ApiError> {
        filters::start_range(self.start_from, self.start_to)?;
        filters::country(self.country.as_deref(), "country")?;
        let (sector, sector_category) = filters::sector(self.sector.as_deref())?;
        filters::sdg_goal(self.sdg)?;
        Ok(ExchangeFilter {
            organisation: self.organisation,
            country: self.country.clone(),
            format: self.format.map(ExchangeFormat::as_str),
            sector,
            sector_category,
            sdg: self.sdg,
            start_from: self.start_from,
            start_to: self.start_to,
            status: self.status.map(ExchangeStatus::as_str),
            project: self.project,
            partnership: self.partnership,
            visibility: self.visibility.map(Visibility::as_str),
            q: crate::text::search_filter(self.q.as_deref())?,
        })
    }
}

/// Filters and paging for the policy exchange list (newest first).
pub type ExchangeQuery = Filtered<Paging, ExchangeFilters>;

/// Which policy exchanges an export holds: the list's filters (the format of the
/// exchange is `exchange_format` here), every page.
pub type ExchangeExportQuery = Filtered<ExportParams, ExchangeFilters>;

/// What policy exchange statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeDimension {
    Format,
    /// Year of the start date.
    Year,
}

/// What to group policy exchange statistics by, and which exchanges to count (the list's
/// filters).
pub type ExchangeStatsQuery = Filtered<GroupBy<ExchangeDimension>, ExchangeFilters>;
