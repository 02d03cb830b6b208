//! The project list's query parameters, checked into a filter, and its sort orders.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Caller;
use crate::codelists;
use crate::db::DbConnection;
use crate::domain::access::read_scope;
use crate::domain::filters;
use crate::domain::list_query::{Filtered, GroupBy, ListFilters, NoParams, OwnParams};
use crate::domain::lists::ListRequest;
use crate::domain::projects::{Instrument, Modality, ParticipantRole};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::pagination::{Cursors, page_size};
use crate::store::projects::Projects;
use crate::store::projects::list::{self, ProjectKey, ProjectOrder};
use crate::store::record_table::{self};
use crate::store::snapshot::{Page, TimeKey};

pub use crate::store::projects::list::ProjectFilter;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSort {
    /// Most recently changed first (the default).
    #[default]
    UpdatedAt,
    /// By code, A to Z.
    Code,
    /// By planned start date, earliest first.
    PlannedStart,
}

impl ProjectSort {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectSort::UpdatedAt => "updated_at",
            ProjectSort::Code => "code",
            ProjectSort::PlannedStart => "planned_start",
        }
    }

    /// The list's name in its cursors: a cursor of one order is refused by another.
    fn cursor_kind(self) -> &'static str {
        match self {
            ProjectSort::UpdatedAt => "projects:updated_at",
            ProjectSort::Code => "projects:code",
            ProjectSort::PlannedStart => "projects:planned_start",
        }
    }
}

/// Which projects a list holds (filters combine with AND); the project statistics, the
/// exports and the IATI file take the same filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProjectFilters {
    /// IATI activity status, 1 to 6.
    #[param(minimum = 1, maximum = 6, example = 2)]
    pub status: Option<i32>,
    /// Cooperation modality.
    pub modality: Option<Modality>,
    /// Project, action or programme.
    pub instrument: Option<Instrument>,
    /// Public or restricted (restricted projects appear only to callers who may read them).
    pub visibility: Option<Visibility>,
    /// Recipient country (ISO 3166-1 alpha-2).
    #[param(example = "BO")]
    pub country: Option<String>,
    /// Recipient region (IATI Region code).
    #[param(example = "489")]
    pub region: Option<String>,
    /// DAC sector: a 5-digit code, or a 3-digit category for all its sectors.
    #[param(example = "311")]
    pub sector: Option<String>,
    /// SDG goal, 1 to 17.
    #[param(minimum = 1, maximum = 17, example = 2)]
    pub sdg: Option<i32>,
    /// A participating organisation, in any role (narrow with `organisation_role`).
    pub organisation: Option<Uuid>,
    /// With `organisation`: only projects where it has this role.
    pub organisation_role: Option<ParticipantRole>,
    /// Projects under this partnership.
    pub partnership: Option<Uuid>,
    /// Projects under this triangular arrangement.
    pub triangular_arrangement: Option<Uuid>,
    /// Planned start on or after this date.
    #[param(example = "2025-01-01")]
    pub start_from: Option<NaiveDate>,
    /// Planned start on or before this date.
    #[param(example = "2025-12-31")]
    pub start_to: Option<NaiveDate>,
    /// Changed at or after this instant (RFC 3339, e.g. 2026-01-31T00:00:00Z).
    pub updated_since: Option<DateTime<Utc>>,
    /// Text in the code, title or description (case and accents ignored).
    #[param(max_length = 200, example = "lechera")]
    pub q: Option<String>,
}

impl ListFilters for ProjectFilters {
    type Checked = ProjectFilter;

    /// Codes must exist; withdrawn codes are allowed: old data uses them.
    fn check(&self) -> Result<ProjectFilter, ApiError> {
        filters::start_range(self.start_from, self.start_to)?;
        // The contract gives `status` its range, 1 to 6: every activity status.
        if let Some(status) = self.status
            && codelists::activity_statuses()
                .get(&status.to_string())
                .is_none()
        {
            return Err(ApiError::bad_parameter(
                "status",
                crate::msg!("status-parameter", first = 1, last = 6),
            ));
        }
        filters::country(self.country.as_deref(), "country")?;
        if let Some(code) = &self.region {
            filters::known(codelists::regions(), code, "region", "region code")?;
        }
        let (sector, sector_category) = filters::sector(self.sector.as_deref())?;
        filters::sdg_goal(self.sdg)?;
        filters::needs(
            "organisation_role",
            self.organisation_role.is_some(),
            "organisation",
            self.organisation.is_some(),
        )?;
        let q = crate::text::search_filter(self.q.as_deref())?;
        Ok(ProjectFilter {
            status: self.status,
            modality: self.modality.map(Modality::as_str),
            instrument: self.instrument.map(Instrument::as_str),
            visibility: self.visibility.map(Visibility::as_str),
            country: self.country.clone(),
            region: self.region.clone(),
            sector,
            sector_category,
            sdg: self.sdg,
            organisation: self.organisation,
            organisation_role: self.organisation_role.map(ParticipantRole::as_str),
            partnership: self.partnership,
            triangular_arrangement: self.triangular_arrangement,
            start_from: self.start_from,
            start_to: self.start_to,
            // Every record was changed within the supported dates, so a bound outside
            // them is clamped (same answer) rather than refused, and PostgreSQL never
            // sees a timestamp it cannot store.
            updated_since: self.updated_since.map(|t| {
                let earliest = crate::validation::EARLIEST_DATE.and_time(chrono::NaiveTime::MIN);
                let latest = crate::validation::LATEST_DATE.and_time(chrono::NaiveTime::MIN);
                t.naive_utc().clamp(earliest, latest)
            }),
            q,
        })
    }
}

/// Sort and paging of the project list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProjectPaging {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page (it also carries the sort order).
    pub cursor: Option<String>,
    /// Sort order; ties are broken by id.
    pub sort: Option<ProjectSort>,
}

impl OwnParams for ProjectPaging {}

/// Filters, sort and paging for the project list. Filters combine with AND.
pub type ProjectQuery = Filtered<ProjectPaging, ProjectFilters>;

/// A project export's file format, language and order.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProjectExportParams {
    /// The file format.
    pub format: Option<crate::exports::ExportFormat>,
    /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
    /// each record's default language.
    #[param(example = "pt", pattern = "^[a-z]{2}$")]
    pub lang: Option<String>,
    /// Sort order, as in the list; ties are broken by id.
    pub sort: Option<ProjectSort>,
}

impl OwnParams for ProjectExportParams {
    const EXPORT: bool = true;
}

/// Which projects an export holds: the project list's filters and order, every page.
pub type ProjectExportQuery = Filtered<ProjectExportParams, ProjectFilters>;

/// Which projects an IATI export holds: the project list's filters (combined with AND),
/// every page of them.
pub type IatiExportQuery = Filtered<NoParams, ProjectFilters>;

/// What project statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectDimension {
    Modality,
    /// IATI activity status.
    Status,
    /// Recipient country.
    Country,
    /// Recipient region.
    Region,
    /// DAC sector category (3 digits).
    SectorCategory,
    /// SDG goal.
    Sdg,
    /// Year of the planned start.
    StartYear,
    /// Participating organisation (any role).
    Organisation,
}

/// What to group project statistics by, and which projects to count (the project list's
/// filters).
pub type ProjectStatsQuery = Filtered<GroupBy<ProjectDimension>, ProjectFilters>;

/// A checked request for one page of the project list, in its order.
pub enum ProjectListRequest {
    NewestFirst(ListRequest<ProjectFilter, TimeKey>),
    Ordered(ProjectOrder, ListRequest<ProjectFilter, ProjectKey>),
}

impl ProjectListRequest {
    /// `sort` defaults to the cursor's own order, else newest first; a cursor of another
    /// order is refused.
    pub fn new(
        cursors: &Cursors,
        filter: ProjectFilter,
        sort: Option<ProjectSort>,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        let size = page_size(limit)?;
        Self::sized(cursors, filter, sort, size, cursor)
    }

    /// A page of `lists::BULK_PAGE` projects, for exports.
    pub fn bulk(
        cursors: &Cursors,
        filter: ProjectFilter,
        sort: Option<ProjectSort>,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        Self::sized(
            cursors,
            filter,
            sort,
            crate::domain::lists::BULK_PAGE,
            cursor,
        )
    }

    fn sized(
        cursors: &Cursors,
        filter: ProjectFilter,
        sort: Option<ProjectSort>,
        size: usize,
        cursor: Option<&str>,
    ) -> Result<Self, ApiError> {
        let sort = match cursor {
            Some(cursor) => cursor_sort(cursors, cursor, sort)?,
            None => sort.unwrap_or_default(),
        };
        let kind = sort.cursor_kind();
        Ok(match sort {
            ProjectSort::UpdatedAt => ProjectListRequest::NewestFirst(ListRequest::of_size(
                cursors, kind, filter, size, cursor,
            )?),
            ProjectSort::Code => ProjectListRequest::Ordered(
                ProjectOrder::Code,
                ListRequest::of_size(cursors, kind, filter, size, cursor)?,
            ),
            ProjectSort::PlannedStart => ProjectListRequest::Ordered(
                ProjectOrder::PlannedStart,
                ListRequest::of_size(cursors, kind, filter, size, cursor)?,
            ),
        })
    }

    /// Serve the page, of the projects the caller may read.
    pub fn serve(self, conn: &mut DbConnection, caller: &Caller) -> Result<Page, ApiError> {
        let scope = read_scope(caller);
        match self {
            ProjectListRequest::NewestFirst(request) => request.serve_first_at_once(
                conn,
                |conn, filter, limit| {
                    Ok(record_table::newest_first_at_once::<Projects>(
                        conn, filter, scope, limit,
                    )?)
                },
                |conn, filter, cursor, limit| {
                    Ok(record_table::newest_first::<Projects>(
                        conn, filter, scope, cursor, limit,
                    )?)
                },
            ),
            ProjectListRequest::Ordered(order, request) => {
                request.serve(conn, |conn, filter, cursor, limit| {
                    Ok(list::ordered_page(
                        conn, filter, scope, order, cursor, limit,
                    )?)
                })
            }
        }
    }
}

/// The sort a cursor was issued for, which must be the one requested (if any).
fn cursor_sort(
    cursors: &Cursors,
    cursor: &str,
    requested: Option<ProjectSort>,
) -> Result<ProjectSort, ApiError> {
    let orders = [
        ProjectSort::UpdatedAt,
        ProjectSort::Code,
        ProjectSort::PlannedStart,
    ];
    let mut refusal = None;
    for sort in orders {
        match cursors.decode::<serde_json::Value>(sort.cursor_kind(), cursor) {
            Ok(_) => {
                return match requested {
                    Some(requested) if requested != sort => Err(ApiError::unprocessable_parameter(
                        "cursor",
                        crate::msg!("cursor-other-sort"),
                    )),
                    _ => Ok(sort),
                };
            }
            Err(error) => refusal = Some(error),
        }
    }
    Err(refusal.expect("there are sort orders"))
}

/// The result type indicators are counted of.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResultTypeParam {
    /// IATI ResultType: 1 output, 2 outcome, 3 impact, 9 other.
    #[param(minimum = 1, maximum = 9, example = 1)]
    pub result_type: Option<i32>,
}

impl OwnParams for ResultTypeParam {}

/// Which indicators to count: those of the projects the project list's filters select,
/// of one result type when given.
pub type ResultStatsQuery = Filtered<ResultTypeParam, ProjectFilters>;

impl ResultStatsQuery {
    /// The project filter and the result type, checked.
    pub fn checked_with_type(&self) -> Result<(ProjectFilter, Option<i32>), ApiError> {
        let filter = self.checked()?;
        if let Some(code) = self.own.result_type
            && codelists::result_types().get(&code.to_string()).is_none()
        {
            return Err(ApiError::unprocessable_parameter(
                "result_type",
                crate::msg!("result-type-parameter"),
            ));
        }
        Ok((filter, self.own.result_type))
    }
}
