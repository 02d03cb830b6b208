//! Organisations: ministries, agencies, multilaterals, bloc secretariats, universities,
//! NGOs. Admins write them; every authenticated caller reads them.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

mod kind;
mod query;
mod rules;

use crate::auth::{Caller, Role};
use crate::codelists::{self, MULTILATERAL_ORGANISATION_TYPE};
use crate::db::DbConnection;
use crate::domain::filters;
use crate::domain::kinds::ResourceKind;
use crate::domain::record::{
    NoDerived, Record, RecordAccess, RecordKind, RecordStorage, UnreviewedMeta,
};
use crate::domain::review::Saving;
use crate::error::{ApiError, FieldError};
use crate::pagination::{Cursors, page_size};
use crate::store::organisations::{
    self as org_store, OrganisationColumns, OrganisationContent, OrganisationFilter,
    OrganisationKey, OrganisationRow, Written,
};
use crate::store::record_table::StoredRecord;
use crate::store::visibility::Audience;
use crate::store::{parse_uuid, to_utc};
use crate::text::{fold, search_text};
use crate::validation::Violations;

pub use query::{OrganisationQuery, list};

/// An organisation as the API returns it: its fields with its version and times.
pub type Organisation = Record<OrganisationInput>;

/// IATI OrganisationType codes of public bodies, which always belong to a country.
const GOVERNMENT_TYPES: [&str; 3] = ["10", "11", "15"];

/// An organisation as clients send it (create and replace; a merge patch is applied to
/// this shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Instituto Nacional del Agua",
    "acronym": "INA",
    "organisation_type": "10",
    "country_code": "AR",
    "iati_identifier": null,
    "parent_id": null
}))]
pub struct OrganisationInput {
    /// Full name, in the organisation's own language. Surrounding whitespace is trimmed.
    #[validate(length(min = 1, max = 300))]
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    #[serde(default)]
    #[validate(length(min = 1, max = 50))]
    #[schema(min_length = 1, max_length = 50)]
    pub acronym: Option<String>,
    /// IATI OrganisationType code (see `GET /api/v1/codelists/organisation_types`).
    #[schema(min_length = 2, max_length = 2, example = "10")]
    pub organisation_type: String,
    /// ISO 3166-1 alpha-2 code; required for government bodies, none for multilaterals.
    #[serde(default)]
    #[schema(min_length = 2, max_length = 2, example = "AR")]
    pub country_code: Option<String>,
    /// IATI organisation identifier (`{registration agency}-{id}`), unique.
    #[serde(default)]
    #[validate(length(min = 3, max = 100))]
    #[schema(min_length = 3, max_length = 100, example = "AR-CUIT-30546671166")]
    pub iati_identifier: Option<String>,
    /// The organisation this one belongs to (an agency's ministry, say).
    #[serde(default)]
    pub parent_id: Option<Uuid>,
}

/// A page of organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<Organisation>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// The organisations referred to at these JSON pointers that do not exist, as violations
/// (`no organisation with id …` at each pointer).
pub fn unknown_organisations(
    conn: &mut DbConnection,
    references: Vec<(String, Uuid)>,
) -> Result<Vec<FieldError>, ApiError> {
    let existing = org_store::existing(conn, references.iter().map(|(_, id)| *id))?;
    Ok(unknown_among(references, &existing))
}

/// [`unknown_organisations`], knowing which organisations exist.
pub fn unknown_among(
    references: Vec<(String, Uuid)>,
    existing: &std::collections::HashSet<Uuid>,
) -> Vec<FieldError> {
    references
        .into_iter()
        .filter(|(_, id)| !existing.contains(id))
        .map(|(pointer, id)| {
            FieldError::at(
                pointer,
                crate::msg!(
                    "not-found-with-id",
                    kind = crate::l10n::noun("organisation"),
                    id = id.to_string()
                ),
            )
        })
        .collect()
}

/// The items of the list `field` as references: `/{field}/{i}` and the id.
pub fn listed(field: &str, ids: &[Uuid]) -> impl Iterator<Item = (String, Uuid)> {
    ids.iter()
        .enumerate()
        .map(move |(i, id)| (format!("/{field}/{i}"), *id))
}
