//! The project list's query parameters, checked into a filter, and its sort orders.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::codelists;
use crate::domain::projects::{Instrument, Modality, ParticipantRole, Project};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::pagination::{decode_cursor, encode_cursor};

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
}

/// Define a query-parameter struct with every project filter, plus `$extra` fields, and
/// its `filter()`: the project list and the project statistics take the same filters.
macro_rules! with_project_filters {
    ($(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($extra)*
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

        impl $name {
            /// Check the filters (codes must exist; withdrawn codes are allowed: old
            /// data uses them).
            pub fn filter(&self) -> Result<ProjectFilter, ApiError> {
                check_filters(FilterParams {
                    status: self.status,
                    modality: self.modality,
                    instrument: self.instrument,
                    visibility: self.visibility,
                    country: self.country.clone(),
                    region: self.region.clone(),
                    sector: self.sector.clone(),
                    sdg: self.sdg,
                    organisation: self.organisation,
                    organisation_role: self.organisation_role,
                    partnership: self.partnership,
                    triangular_arrangement: self.triangular_arrangement,
                    start_from: self.start_from,
                    start_to: self.start_to,
                    updated_since: self.updated_since,
                    q: self.q.clone(),
                })
            }
        }
    };
}

with_project_filters! {
    /// Filters, sort and paging for the project list. Filters combine with AND.
    pub struct ProjectQuery {
        /// Page size, 1 to 200.
        #[param(minimum = 1, maximum = 200, default = 50)]
        pub limit: Option<u32>,
        /// The `next_cursor` of the previous page (it also carries the sort order).
        pub cursor: Option<String>,
        /// Sort order; ties are broken by id.
        pub sort: Option<ProjectSort>,
    }
}

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

with_project_filters! {
    /// What to group project statistics by, and which projects to count (the project
    /// list's filters).
    pub struct ProjectStatsQuery {
        /// The dimension to group by.
        pub group_by: Option<ProjectDimension>,
    }
}

/// The filter parameters as received.
struct FilterParams {
    status: Option<i32>,
    modality: Option<Modality>,
    instrument: Option<Instrument>,
    visibility: Option<Visibility>,
    country: Option<String>,
    region: Option<String>,
    sector: Option<String>,
    sdg: Option<i32>,
    organisation: Option<Uuid>,
    organisation_role: Option<ParticipantRole>,
    partnership: Option<Uuid>,
    triangular_arrangement: Option<Uuid>,
    start_from: Option<NaiveDate>,
    start_to: Option<NaiveDate>,
    updated_since: Option<DateTime<Utc>>,
    q: Option<String>,
}

/// The checked filters.
#[derive(Debug, Default, Clone)]
pub struct ProjectFilter {
    pub status: Option<i32>,
    pub modality: Option<Modality>,
    pub instrument: Option<Instrument>,
    pub visibility: Option<Visibility>,
    pub country: Option<String>,
    pub region: Option<String>,
    /// A 5-digit sector code.
    pub sector: Option<String>,
    /// A 3-digit sector category.
    pub sector_category: Option<String>,
    pub sdg: Option<i32>,
    pub organisation: Option<Uuid>,
    pub organisation_role: Option<ParticipantRole>,
    pub partnership: Option<Uuid>,
    pub triangular_arrangement: Option<Uuid>,
    pub start_from: Option<NaiveDate>,
    pub start_to: Option<NaiveDate>,
    pub updated_since: Option<NaiveDateTime>,
    /// Folded search text.
    pub q: Option<String>,
}

fn known(
    list: &codelists::Codelist,
    code: &str,
    parameter: &str,
    what: &str,
) -> Result<(), ApiError> {
    match list.get(code) {
        Some(_) => Ok(()),
        None => Err(ApiError::bad_parameter(
            parameter,
            format!("unknown {what} {code:?}"),
        )),
    }
}

fn check_filters(p: FilterParams) -> Result<ProjectFilter, ApiError> {
    crate::validation::date_parameters(&[("start_from", p.start_from), ("start_to", p.start_to)])?;
    if let Some(status) = p.status {
        known(
            codelists::activity_statuses(),
            &status.to_string(),
            "status",
            "activity status",
        )?;
    }
    if let Some(code) = &p.country {
        known(codelists::countries(), code, "country", "country code")?;
    }
    if let Some(code) = &p.region {
        known(codelists::regions(), code, "region", "region code")?;
    }
    let (sector, sector_category) = match p.sector.as_deref() {
        None => (None, None),
        Some(code) if code.len() == 5 => {
            known(codelists::sectors(), code, "sector", "DAC sector")?;
            (Some(code.to_owned()), None)
        }
        Some(code) if code.len() == 3 => {
            known(
                codelists::sector_categories(),
                code,
                "sector",
                "DAC sector category",
            )?;
            (None, Some(code.to_owned()))
        }
        Some(code) => {
            return Err(ApiError::bad_parameter(
                "sector",
                format!("{code:?} is neither a 5-digit DAC sector nor a 3-digit category"),
            ));
        }
    };
    if let Some(goal) = p.sdg {
        known(codelists::sdg_goals(), &goal.to_string(), "sdg", "SDG goal")?;
    }
    if p.organisation_role.is_some() && p.organisation.is_none() {
        return Err(ApiError::bad_parameter(
            "organisation_role",
            "needs the organisation parameter",
        ));
    }
    if let (Some(from), Some(to)) = (p.start_from, p.start_to)
        && from > to
    {
        return Err(ApiError::bad_parameter(
            "start_to",
            "must not be before start_from",
        ));
    }
    let q = crate::text::search_filter(p.q.as_deref())?;
    Ok(ProjectFilter {
        status: p.status,
        modality: p.modality,
        instrument: p.instrument,
        visibility: p.visibility,
        country: p.country.clone(),
        region: p.region.clone(),
        sector,
        sector_category,
        sdg: p.sdg,
        organisation: p.organisation,
        organisation_role: p.organisation_role,
        partnership: p.partnership,
        triangular_arrangement: p.triangular_arrangement,
        start_from: p.start_from,
        start_to: p.start_to,
        // Every record was changed within the supported dates, so a bound outside them
        // is clamped (same answer) rather than refused, and PostgreSQL never sees a
        // timestamp it cannot store.
        updated_since: p.updated_since.map(|t| {
            let earliest = crate::validation::EARLIEST_DATE.and_time(chrono::NaiveTime::MIN);
            let latest = crate::validation::LATEST_DATE.and_time(chrono::NaiveTime::MIN);
            t.naive_utc().clamp(earliest, latest)
        }),
        q,
    })
}

/// A position in a sorted list: the sort value and the id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortValue {
    Time(NaiveDateTime),
    Text(String),
    Date(NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub value: SortValue,
    pub id: String,
}

impl SortKey {
    pub fn of(
        sort: ProjectSort,
        id: String,
        code: &str,
        planned_start: NaiveDate,
        updated_at: NaiveDateTime,
    ) -> Self {
        let value = match sort {
            ProjectSort::UpdatedAt => SortValue::Time(updated_at),
            ProjectSort::Code => SortValue::Text(code.to_owned()),
            ProjectSort::PlannedStart => SortValue::Date(planned_start),
        };
        SortKey { value, id }
    }

    pub fn for_project(sort: ProjectSort, project: &Project) -> Self {
        Self::of(
            sort,
            project.id.to_string(),
            &project.code,
            project.planned_start,
            project.updated_at.naive_utc(),
        )
    }

    /// Does `self` come after `other` in the list's order?
    pub fn is_after(&self, other: &SortKey, sort: ProjectSort) -> bool {
        self.cmp_in(other, sort) == std::cmp::Ordering::Greater
    }

    /// Order keys as the list shows them (newest first for updated_at).
    pub fn cmp_in(&self, other: &SortKey, sort: ProjectSort) -> std::cmp::Ordering {
        let ascending = (&self.value, &self.id).cmp(&(&other.value, &other.id));
        match sort {
            ProjectSort::UpdatedAt => ascending.reverse(),
            _ => ascending,
        }
    }
}

/// Where a page starts: the sort order, the snapshot (the latest change `seq` when the
/// first page was served) and the key of the last item already returned.
#[derive(Debug, Clone)]
pub struct ProjectCursor {
    pub sort: ProjectSort,
    pub snapshot: i64,
    pub after: Option<SortKey>,
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

impl ProjectCursor {
    fn kind(sort: ProjectSort) -> String {
        format!("projects:{}", sort.as_str())
    }

    pub fn encode(&self) -> String {
        let after = self.after.as_ref().expect("a next cursor has a position");
        let value = match &after.value {
            SortValue::Time(t) => t.format(TIME_FORMAT).to_string(),
            SortValue::Text(text) => text.clone(),
            SortValue::Date(d) => d.to_string(),
        };
        encode_cursor(&Self::kind(self.sort), &(self.snapshot, value, &after.id))
    }

    /// Parse a cursor; its sort must be the one requested (default: the cursor's own).
    pub fn decode(cursor: &str, requested: Option<ProjectSort>) -> Result<Self, ApiError> {
        let invalid = || ApiError::bad_parameter("cursor", "is not a cursor issued by this list");
        for sort in [
            ProjectSort::UpdatedAt,
            ProjectSort::Code,
            ProjectSort::PlannedStart,
        ] {
            let Ok((snapshot, value, id)) =
                decode_cursor::<(i64, String, String)>(&Self::kind(sort), cursor)
            else {
                continue;
            };
            if requested.is_some_and(|r| r != sort) {
                return Err(ApiError::bad_parameter(
                    "cursor",
                    "was issued for another sort order",
                ));
            }
            let value = match sort {
                ProjectSort::UpdatedAt => SortValue::Time(
                    NaiveDateTime::parse_from_str(&value, TIME_FORMAT).map_err(|_| invalid())?,
                ),
                ProjectSort::Code => SortValue::Text(value),
                ProjectSort::PlannedStart => SortValue::Date(value.parse().map_err(|_| invalid())?),
            };
            return Ok(ProjectCursor {
                sort,
                snapshot,
                after: Some(SortKey { value, id }),
            });
        }
        Err(invalid())
    }
}
