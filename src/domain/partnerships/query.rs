//! The partnership list's filters, shared by its export.

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::codelists::spaces::integration_space;
use crate::domain::filters;
use crate::domain::list_query::{ExportParams, Filtered, ListFilters, Paging};
use crate::domain::partnerships::PartnershipScope;
use crate::domain::vocabulary::{AgreementStatus, Visibility};
use crate::error::ApiError;
use crate::store::partnerships::PartnershipFilter;

/// Which partnerships a list holds (filters combine with AND); its export takes the same
/// filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PartnershipFilters {
    /// Bilateral, regional, inter-regional or multilateral.
    pub scope: Option<PartnershipScope>,
    /// Integration space or forum code.
    #[param(example = "mercosur")]
    pub space: Option<String>,
    /// Agreement status.
    pub status: Option<AgreementStatus>,
    /// A party, in any role.
    pub organisation: Option<Uuid>,
    /// Parties from this country (ISO 3166-1 alpha-2).
    #[param(example = "BO")]
    pub country: Option<String>,
    /// DAC sector category (3 digits) or sector (5 digits).
    #[param(example = "311")]
    pub sector: Option<String>,
    /// Public or restricted.
    pub visibility: Option<Visibility>,
    /// Text in the title or description (case and accents ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

impl ListFilters for PartnershipFilters {
    type Checked = PartnershipFilter;

    fn check(&self) -> Result<PartnershipFilter, ApiError> {
        if let Some(code) = &self.space {
            filters::in_codelist(code, "space", "integration space", |code| {
                integration_space(code).is_some()
            })?;
        }
        filters::country(self.country.as_deref(), "country")?;
        filters::sector(self.sector.as_deref())?;
        Ok(PartnershipFilter {
            scope: self.scope.map(PartnershipScope::as_str),
            space: self.space.clone(),
            status: self.status.map(AgreementStatus::as_str),
            organisation: self.organisation,
            country: self.country.clone(),
            sector: self.sector.clone(),
            visibility: self.visibility.map(Visibility::as_str),
            q: crate::text::search_filter(self.q.as_deref())?,
        })
    }
}

/// Filters and paging for the partnership list (newest first).
pub type PartnershipQuery = Filtered<Paging, PartnershipFilters>;

/// Which partnerships an export holds: the list's filters, every page.
pub type PartnershipExportQuery = Filtered<ExportParams, PartnershipFilters>;
