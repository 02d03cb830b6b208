//! The policy exchange list's filters, shared by its export and its statistics.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::exchanges::{ExchangeFormat, ExchangeInput, ExchangeStatus};
use crate::domain::filters;
use crate::domain::lists::RecordListQuery;
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::exchanges::ExchangeFilter;

/// Define a query-parameter struct with every policy exchange filter, plus `$extra`
/// fields, and its `filter()`: the list and the statistics take the same filters.
macro_rules! with_exchange_filters {
    // The export calls the format filter `exchange_format`: its `format` is the file's.
    ($(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        with_exchange_filters! { format; $(#[$meta])* pub struct $name { $($extra)* } }
    };
    ($format:ident; $(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($extra)*
            /// An offering or receiving organisation.
            pub organisation: Option<Uuid>,
            /// Host country (ISO 3166-1 alpha-2).
            #[param(example = "AR")]
            pub country: Option<String>,
            /// How it is shared.
            pub $format: Option<ExchangeFormat>,
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

        impl $name {
            pub fn checked_filter(&self) -> Result<ExchangeFilter, ApiError> {
                check_filters(FilterParams {
                    organisation: self.organisation,
                    country: self.country.clone(),
                    format: self.$format,
                    sector: self.sector.clone(),
                    sdg: self.sdg,
                    start_from: self.start_from,
                    start_to: self.start_to,
                    status: self.status,
                    project: self.project,
                    partnership: self.partnership,
                    visibility: self.visibility,
                    q: self.q.clone(),
                })
            }
        }
    };
}

with_exchange_filters! {
    /// Filters and paging for the policy exchange list (newest first). Filters combine
    /// with AND; the statistics take the same ones.
    pub struct ExchangeQuery {
        /// Page size, 1 to 200.
        #[param(minimum = 1, maximum = 200, default = 50)]
        pub limit: Option<u32>,
        /// The `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
}

with_exchange_filters! {
    exchange_format;
    /// Which policy exchanges an export holds: the list's filters (the format of the
    /// exchange is `exchange_format` here), every page.
    pub struct ExchangeExportQuery {
        /// The file format.
        pub format: Option<crate::exports::ExportFormat>,
        /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
        /// each record's default language.
        #[param(example = "pt", pattern = "^[a-z]{2}$")]
        pub lang: Option<String>,
    }
}

impl RecordListQuery for ExchangeQuery {
    type Kind = ExchangeInput;
    const CURSOR_KIND: &'static str = "policy-exchanges";

    fn paging(&self) -> (Option<u32>, Option<&str>) {
        (self.limit, self.cursor.as_deref())
    }

    fn filter(&self) -> Result<ExchangeFilter, ApiError> {
        self.checked_filter()
    }
}

/// What policy exchange statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeDimension {
    Format,
    /// Year of the start date.
    Year,
}

with_exchange_filters! {
    /// What to group policy exchange statistics by, and which exchanges to count (the
    /// list's filters).
    pub struct ExchangeStatsQuery {
        /// The dimension to group by.
        pub group_by: Option<ExchangeDimension>,
    }
}

/// The filter parameters as received.
struct FilterParams {
    organisation: Option<Uuid>,
    country: Option<String>,
    format: Option<ExchangeFormat>,
    sector: Option<String>,
    sdg: Option<i32>,
    start_from: Option<NaiveDate>,
    start_to: Option<NaiveDate>,
    status: Option<ExchangeStatus>,
    project: Option<Uuid>,
    partnership: Option<Uuid>,
    visibility: Option<Visibility>,
    q: Option<String>,
}

fn check_filters(p: FilterParams) -> Result<ExchangeFilter, ApiError> {
    filters::start_range(p.start_from, p.start_to)?;
    filters::country(p.country.as_deref(), "country")?;
    let (sector, sector_category) = filters::sector(p.sector.as_deref())?;
    filters::sdg_goal(p.sdg)?;
    Ok(ExchangeFilter {
        organisation: p.organisation,
        country: p.country.clone(),
        format: p.format.map(ExchangeFormat::as_str),
        sector,
        sector_category,
        sdg: p.sdg,
        start_from: p.start_from,
        start_to: p.start_to,
        status: p.status.map(ExchangeStatus::as_str),
        project: p.project,
        partnership: p.partnership,
        visibility: p.visibility.map(Visibility::as_str),
        q: crate::text::search_filter(p.q.as_deref())?,
    })
}
