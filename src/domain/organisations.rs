//! Organisations: ministries, agencies, multilaterals, bloc secretariats, universities,
//! NGOs. Admins write them; every authenticated caller reads them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::codelists::{self, MULTILATERAL_ORGANISATION_TYPE};
use crate::db::DbConnection;
use crate::domain::changes::{Audience, ChangeAction, ResourceKind, changed_fields};
use crate::error::{ApiError, FieldError};
use crate::extract::MergePatch;
use crate::store::changes::{self as change_store, NewChange};
use crate::store::{self, organisations as org_store};
use crate::validation::Violations;
use crate::versioning::{self, IfMatch};

/// IATI OrganisationType codes of public bodies, which always belong to a country.
const GOVERNMENT_TYPES: [&str; 3] = ["10", "11", "15"];

/// An organisation as clients send it (create and replace; a merge patch is applied to
/// this shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Instituto Nacional de Tecnología Industrial",
    "acronym": "INTI",
    "organisation_type": "10",
    "country_code": "AR",
    "iati_identifier": "AR-CUIT-30546671166",
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

impl OrganisationInput {
    /// Trim surrounding whitespace from free text; codes are taken as given.
    fn normalise(&mut self) {
        self.name = self.name.trim().to_owned();
        for text in [&mut self.acronym, &mut self.iati_identifier]
            .into_iter()
            .flatten()
        {
            *text = text.trim().to_owned();
        }
    }

    /// Every rule that can be checked without the database.
    fn violations(&self) -> Violations {
        let mut v = Violations::of(self);
        v.code(
            "/organisation_type",
            codelists::organisation_types(),
            &self.organisation_type,
            "organisation type",
        );
        match &self.country_code {
            Some(code) => {
                v.code(
                    "/country_code",
                    codelists::countries(),
                    code,
                    "country code",
                );
                if self.organisation_type == MULTILATERAL_ORGANISATION_TYPE {
                    v.add(
                        "/country_code",
                        "a multilateral organisation has no country",
                    );
                }
            }
            None if GOVERNMENT_TYPES.contains(&self.organisation_type.as_str()) => {
                v.add("/country_code", "a government body needs a country");
            }
            None => {}
        }
        if let Some(identifier) = &self.iati_identifier
            && !valid_iati_identifier(identifier)
        {
            v.add(
                "/iati_identifier",
                "must be a registration agency prefix and an id joined by '-' (letters, digits, '-', '.', '_', ':'), e.g. XM-DAC-41114",
            );
        }
        v
    }
}

fn valid_iati_identifier(identifier: &str) -> bool {
    identifier.contains('-')
        && !identifier.starts_with('-')
        && !identifier.ends_with('-')
        && identifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:".contains(&b))
}

/// An organisation as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d",
    "name": "Instituto Nacional de Tecnología Industrial",
    "acronym": "INTI",
    "organisation_type": "10",
    "country_code": "AR",
    "iati_identifier": "AR-CUIT-30546671166",
    "parent_id": null,
    "version": 1,
    "created_at": "2026-01-10T12:00:00Z",
    "updated_at": "2026-01-10T12:00:00Z"
}))]
pub struct Organisation {
    pub id: Uuid,
    pub name: String,
    #[schema(required = true)]
    pub acronym: Option<String>,
    pub organisation_type: String,
    #[schema(required = true)]
    pub country_code: Option<String>,
    #[schema(required = true)]
    pub iati_identifier: Option<String>,
    #[schema(required = true)]
    pub parent_id: Option<Uuid>,
    /// Incremented by every change; also the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Organisation {
    /// The record as a request body: what a merge patch applies to.
    pub fn to_input(&self) -> OrganisationInput {
        OrganisationInput {
            name: self.name.clone(),
            acronym: self.acronym.clone(),
            organisation_type: self.organisation_type.clone(),
            country_code: self.country_code.clone(),
            iati_identifier: self.iati_identifier.clone(),
            parent_id: self.parent_id,
        }
    }
}

/// A page of organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<Organisation>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// Filters and paging for the organisation list (ordered by name).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// IATI OrganisationType code.
    #[param(example = "10")]
    pub organisation_type: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[param(example = "AR")]
    pub country: Option<String>,
    /// Text in the name, acronym or IATI identifier (case and accents ignored).
    #[param(max_length = 200, example = "tecnologia")]
    pub q: Option<String>,
}

/// The list filters after checking.
#[derive(Debug, Default, Clone)]
pub struct OrganisationFilter {
    pub organisation_type: Option<String>,
    pub country: Option<String>,
    /// Folded search text.
    pub q: Option<String>,
}

impl OrganisationQuery {
    pub fn filter(&self) -> Result<OrganisationFilter, ApiError> {
        if let Some(code) = &self.organisation_type
            && codelists::organisation_types().get(code).is_none()
        {
            return Err(ApiError::bad_parameter(
                "organisation_type",
                format!("unknown organisation type {code:?}"),
            ));
        }
        if let Some(code) = &self.country
            && codelists::countries().get(code).is_none()
        {
            return Err(ApiError::bad_parameter(
                "country",
                format!("unknown country code {code:?}"),
            ));
        }
        let q = crate::text::search_filter(self.q.as_deref())?;
        Ok(OrganisationFilter {
            organisation_type: self.organisation_type.clone(),
            country: self.country.clone(),
            q,
        })
    }
}

/// Create an organisation (admins only; checked by the caller of this function).
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    mut input: OrganisationInput,
) -> Result<Organisation, ApiError> {
    input.normalise();
    input.violations().into_result()?;
    let id = Uuid::now_v7();
    check_references(conn, &input, None)?;
    let now = store::now();
    org_store::insert(conn, id, &input, caller, now)?;
    change_store::append(
        conn,
        NewChange {
            resource: ResourceKind::Organisation,
            record_id: id,
            action: ChangeAction::Create,
            version: 1,
            caller,
            at: now,
            changed_fields: changed_fields(&json!({}), &json!(input)),
            audience: Audience::public(),
            previous_audience: Some(Audience::public()),
        },
    )?;
    org_store::find(conn, id)?.ok_or_else(|| ApiError::internal("created organisation vanished"))
}

/// How an update gets its new content from the current record.
pub enum Update {
    Replace(OrganisationInput),
    Patch(MergePatch),
}

/// Replace or patch an organisation, if the client's `If-Match` names its version.
/// A write that changes nothing leaves the record (and its version) as it is.
pub fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    if_match: &IfMatch,
    update: Update,
) -> Result<Organisation, ApiError> {
    let current = find(conn, id)?;
    let before = current.to_input();
    let mut input = match update {
        Update::Replace(input) => input,
        Update::Patch(patch) => patch.apply(json!(before))?,
    };
    input.normalise();
    input.violations().into_result()?;
    check_references(conn, &input, Some(id))?;
    // The precondition comes after the input's own checks: a request that would fail
    // without If-Match fails the same way with it (RFC 9110 §13.2.1).
    if_match.check(current.version)?;
    let changed = changed_fields(&json!(before), &json!(input));
    if changed.is_empty() {
        return Ok(current);
    }
    let now = store::now();
    if !org_store::update(conn, id, current.version, &input, caller, now)? {
        // Another transaction changed the record between our read and our write.
        return Err(versioning::changed_concurrently());
    }
    change_store::append(
        conn,
        NewChange {
            resource: ResourceKind::Organisation,
            record_id: id,
            action: ChangeAction::Update,
            version: current.version + 1,
            caller,
            at: now,
            changed_fields: changed,
            audience: Audience::public(),
            previous_audience: Some(Audience::public()),
        },
    )?;
    find(conn, id)
}

/// Delete an organisation that nothing references.
pub fn delete(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let current = find(conn, id)?;
    if_match.check(current.version)?;
    let references = org_store::references(conn, id)?;
    if !references.is_empty() {
        return Err(ApiError::conflict(format!(
            "the organisation is still referenced by {}; remove those references first",
            references.join(", ")
        )));
    }
    org_store::delete(conn, id)?;
    change_store::append(
        conn,
        NewChange {
            resource: ResourceKind::Organisation,
            record_id: id,
            action: ChangeAction::Delete,
            version: current.version,
            caller,
            at: store::now(),
            changed_fields: Vec::new(),
            audience: Audience::public(),
            previous_audience: Some(Audience::public()),
        },
    )?;
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Organisation, ApiError> {
    org_store::find(conn, id)?.ok_or_else(|| not_found(id))
}

pub fn not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("no organisation with id {id}"))
}

/// Rules that need the database: the parent exists and is not the organisation itself or
/// one of its descendants; the IATI identifier is not taken.
fn check_references(
    conn: &mut DbConnection,
    input: &OrganisationInput,
    id: Option<Uuid>,
) -> Result<(), ApiError> {
    if let Some(parent) = input.parent_id {
        let mut ancestor = Some(parent);
        let mut depth = 0;
        while let Some(current) = ancestor {
            if Some(current) == id {
                return Err(ApiError::validation(vec![FieldError::at(
                    "/parent_id",
                    "an organisation cannot be its own parent or ancestor",
                )]));
            }
            let Some(parent_of_current) = org_store::parent_of(conn, current)? else {
                if current == parent {
                    return Err(ApiError::validation(vec![FieldError::at(
                        "/parent_id",
                        format!("no organisation with id {parent}"),
                    )]));
                }
                break;
            };
            ancestor = parent_of_current;
            depth += 1;
            if depth > 64 {
                break;
            }
        }
    }
    if let Some(identifier) = &input.iati_identifier
        && let Some(holder) = org_store::id_by_iati_identifier(conn, identifier)?
        && Some(holder) != id
    {
        return Err(ApiError::conflict(format!(
            "the IATI identifier {identifier} already belongs to organisation {holder}"
        )));
    }
    Ok(())
}
