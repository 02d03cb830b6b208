//! The capacity list's filters, shared by its export.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::codelists;
use crate::domain::capacities::{CapacityFormat, CapacityStatus};
use crate::domain::filters;
use crate::domain::list_query::{ExportParams, Filtered, GroupBy, ListFilters, Paging};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::capacities::CapacityFilter;

/// Which capacities a list holds (filters combine with AND); its export takes the same
/// filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CapacityFilters {
    /// An offering organisation.
    pub organisation: Option<Uuid>,
    /// A DAC sector (5 digits), or a category (3 digits) for all its sectors.
    #[param(example = "311")]
    pub sector: Option<String>,
    /// SDG goal, 1 to 17 (of one of its targets).
    #[param(minimum = 1, maximum = 17)]
    pub sdg: Option<i32>,
    /// One of the ways it is shared.
    pub format: Option<CapacityFormat>,
    /// A language its experts work in (ISO 639-1).
    #[param(example = "pt")]
    pub language: Option<String>,
    /// Active, paused or retired.
    pub status: Option<CapacityStatus>,
    /// Public or restricted.
    pub visibility: Option<Visibility>,
    /// Text in the title, description or what partners learn (case and accents ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

impl ListFilters for CapacityFilters {
    type Checked = CapacityFilter;

    // The export's `format` is the file's.
    const EXPORT_NAMES: &'static [(&'static str, &'static str)] = &[("format", "capacity_format")];

    fn check(&self) -> Result<CapacityFilter, ApiError> {
        let (sector, sector_category) = filters::sector(self.sector.as_deref())?;
        filters::sdg_goal(self.sdg)?;
        if let Some(language) = &self.language {
            filters::known(codelists::languages(), language, "language", "language")?;
        }
        Ok(CapacityFilter {
            organisation: self.organisation,
            sector,
            sector_category,
            sdg: self.sdg,
            format: self.format.map(CapacityFormat::as_str),
            language: self.language.clone(),
            status: self.status.map(CapacityStatus::as_str),
            visibility: self.visibility.map(Visibility::as_str),
            q: crate::text::search_filter(self.q.as_deref())?,
        })
    }
}

/// Filters and paging for the capacity list (newest first).
pub type CapacityQuery = Filtered<Paging, CapacityFilters>;

/// Which capacities an export holds: the list's filters (the format of the capacity is
/// `capacity_format` here), every page.
pub type CapacityExportQuery = Filtered<ExportParams, CapacityFilters>;

/// What capacity statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CapacityDimension {
    /// A DAC 5-digit sector (a capacity counts in each of its sectors).
    Sector,
    /// A way of sharing it (a capacity counts in each of its formats).
    Format,
    /// An offering organisation (a capacity counts for each of them).
    Organisation,
}

/// What to group capacity statistics by, and which capacities to count (the list's
/// filters).
pub type CapacityStatsQuery = Filtered<GroupBy<CapacityDimension>, CapacityFilters>;
