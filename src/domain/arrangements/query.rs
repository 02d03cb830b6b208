//! The triangular arrangement list's filters, shared by its export.

use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::domain::arrangements::{AgreementKind, ArrangementRole};
use crate::domain::list_query::{ExportParams, Filtered, ListFilters, Paging};
use crate::domain::vocabulary::{AgreementStatus, Visibility};
use crate::error::ApiError;
use crate::store::arrangements::ArrangementFilter;

/// Which triangular arrangements a list holds (filters combine with AND); its export
/// takes the same filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ArrangementFilters {
    /// A party, in any role (narrow with `role`).
    pub organisation: Option<Uuid>,
    /// With `organisation`: only where it holds this role.
    pub role: Option<ArrangementRole>,
    /// Agreement status.
    pub status: Option<AgreementStatus>,
    /// Trilateral or a combination of bilateral agreements.
    pub agreement_kind: Option<AgreementKind>,
    /// Public or restricted.
    pub visibility: Option<Visibility>,
    /// Text in the title or governance (case and accents ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
}

impl ListFilters for ArrangementFilters {
    type Checked = ArrangementFilter;

    fn check(&self) -> Result<ArrangementFilter, ApiError> {
        crate::domain::filters::needs(
            "role",
            self.role.is_some(),
            "organisation",
            self.organisation.is_some(),
        )?;
        Ok(ArrangementFilter {
            organisation: self.organisation,
            role: self.role.map(ArrangementRole::as_str),
            status: self.status.map(AgreementStatus::as_str),
            agreement_kind: self.agreement_kind.map(AgreementKind::as_str),
            visibility: self.visibility.map(Visibility::as_str),
            q: crate::text::search_filter(self.q.as_deref())?,
        })
    }
}

/// Filters and paging for the arrangement list (newest first).
pub type ArrangementQuery = Filtered<Paging, ArrangementFilters>;

/// Which triangular arrangements an export holds: the list's filters, every page.
pub type ArrangementExportQuery = Filtered<ExportParams, ArrangementFilters>;
