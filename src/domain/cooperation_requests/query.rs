//! The cooperation request list's filters, shared by its export.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::codelists;
use crate::domain::capacities::CapacityFormat;
use crate::domain::cooperation_requests::{RequestChannel, RequestPriority, RequestStatus};
use crate::domain::filters;
use crate::domain::list_query::{ExportParams, Filtered, GroupBy, ListFilters, Paging};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::cooperation_requests::CooperationRequestFilter;

/// Which cooperation requests a list holds (filters combine with AND); its export takes
/// the same filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CooperationRequestFilters {
    /// The requesting organisation.
    pub organisation: Option<Uuid>,
    /// The request's country (ISO 3166-1 alpha-2), its requesting organisation's.
    #[param(example = "BO")]
    pub country: Option<String>,
    /// Where it stands in the pipeline.
    pub status: Option<RequestStatus>,
    /// How it reached the directorate.
    pub channel: Option<RequestChannel>,
    /// The directorate's priority.
    pub priority: Option<RequestPriority>,
    /// A DAC sector (5 digits), or a category (3 digits) for all its sectors.
    #[param(example = "311")]
    pub sector: Option<String>,
    /// SDG goal, 1 to 17 (of one of its targets).
    #[param(minimum = 1, maximum = 17)]
    pub sdg: Option<i32>,
    /// One of the ways of sharing it prefers.
    pub format: Option<CapacityFormat>,
    /// A language it prefers (ISO 639-1).
    #[param(example = "pt")]
    pub language: Option<String>,
    /// The project formulated from it.
    pub project: Option<Uuid>,
    /// Public or restricted.
    pub visibility: Option<Visibility>,
    /// Text in the title, problem statement, expected results or target population (case
    /// and accents ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

impl ListFilters for CooperationRequestFilters {
    type Checked = CooperationRequestFilter;

    // The export's `format` is the file's.
    const EXPORT_NAMES: &'static [(&'static str, &'static str)] = &[("format", "request_format")];

    fn check(&self) -> Result<CooperationRequestFilter, ApiError> {
        let (sector, sector_category) = filters::sector(self.sector.as_deref())?;
        filters::sdg_goal(self.sdg)?;
        if let Some(language) = &self.language {
            filters::known(codelists::languages(), language, "language", "language")?;
        }
        filters::country(self.country.as_deref(), "country")?;
        Ok(CooperationRequestFilter {
            organisation: self.organisation,
            country: self.country.clone(),
            status: self.status.map(RequestStatus::as_str),
            channel: self.channel.map(RequestChannel::as_str),
            priority: self.priority.map(RequestPriority::as_str),
            sector,
            sector_category,
            sdg: self.sdg,
            format: self.format.map(CapacityFormat::as_str),
            language: self.language.clone(),
            project: self.project,
            visibility: self.visibility.map(Visibility::as_str),
            q: crate::text::search_filter(self.q.as_deref())?,
        })
    }
}

/// Filters and paging for the cooperation request list (newest first).
pub type CooperationRequestQuery = Filtered<Paging, CooperationRequestFilters>;

/// Which cooperation requests an export holds: the list's filters (the preferred format
/// is `request_format` here), every page.
pub type CooperationRequestExportQuery = Filtered<ExportParams, CooperationRequestFilters>;

/// What cooperation request statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestDimension {
    /// Where it stands in the pipeline.
    Status,
    /// The request's country (its requesting organisation's).
    Country,
    /// The DAC region of the request's country.
    Region,
    /// A DAC 5-digit sector (a request counts in each of its sectors).
    Sector,
    /// How it reached the directorate.
    Channel,
}

/// What to group cooperation request statistics by, and which requests to count (the
/// list's filters).
pub type CooperationRequestStatsQuery =
    Filtered<GroupBy<RequestDimension>, CooperationRequestFilters>;
