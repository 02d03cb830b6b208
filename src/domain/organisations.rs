//! Organisations: ministries, agencies, multilaterals, bloc secretariats, universities,
//! NGOs. Admins write them; every authenticated caller reads them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Caller, Role};
use crate::codelists::{self, MULTILATERAL_ORGANISATION_TYPE};
use crate::db::DbConnection;
use crate::domain::filters;
use crate::domain::kinds::ResourceKind;
use crate::domain::record::{RecordMeta, RecordRules, RecordStorage};
use crate::domain::review::Saving;
use crate::error::{ApiError, FieldError};
use crate::pagination::{Cursors, page_size};
use crate::store::organisations::{
    self as org_store, OrganisationColumns, OrganisationFilter, OrganisationKey, OrganisationRow,
    Written,
};
use crate::store::records::StoredRecord;
use crate::store::visibility::Audience;
use crate::store::{parse_uuid, to_utc};
use crate::text::{fold, search_text};
use crate::validation::Violations;

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
    /// Who created and last changed it (in the history, not in the representation).
    #[serde(skip)]
    pub created_by: String,
    #[serde(skip)]
    pub updated_by: String,
}

impl Organisation {
    fn from_row(row: OrganisationRow) -> Result<Self, ApiError> {
        Ok(Organisation {
            id: parse_uuid(&row.id)?,
            name: row.name,
            acronym: row.acronym,
            organisation_type: row.organisation_type,
            country_code: row.country_code,
            iati_identifier: row.iati_identifier,
            parent_id: row.parent_id.as_deref().map(parse_uuid).transpose()?,
            version: row.version,
            created_at: to_utc(row.created_at),
            updated_at: to_utc(row.updated_at),
            created_by: row.created_by,
            updated_by: row.updated_by,
        })
    }

    fn columns(&self) -> OrganisationColumns {
        OrganisationColumns {
            name: self.name.clone(),
            acronym: self.acronym.clone(),
            organisation_type: self.organisation_type.clone(),
            country_code: self.country_code.clone(),
            iati_identifier: self.iati_identifier.clone(),
            parent_id: self.parent_id.map(|p| p.to_string()),
            sort_key: fold(&self.name),
            search_text: search_text([
                Some(self.name.as_str()),
                self.acronym.as_deref(),
                self.iati_identifier.as_deref(),
            ]),
        }
    }

    fn written(&self) -> Written<'_> {
        Written {
            id: self.id.to_string(),
            version: self.version,
            at: self.updated_at.naive_utc(),
            by: &self.updated_by,
        }
    }
}

impl RecordRules for Organisation {
    type Input = OrganisationInput;

    const KIND: ResourceKind = ResourceKind::Organisation;

    fn new(input: OrganisationInput, meta: RecordMeta) -> Self {
        Organisation {
            id: meta.id,
            name: input.name,
            acronym: input.acronym,
            organisation_type: input.organisation_type,
            country_code: input.country_code,
            iati_identifier: input.iati_identifier,
            parent_id: input.parent_id,
            version: meta.version,
            created_at: meta.created_at,
            updated_at: meta.updated_at,
            created_by: meta.created_by,
            updated_by: meta.updated_by,
        }
    }

    crate::domain::record::record_accessors!();

    fn to_input(&self) -> OrganisationInput {
        OrganisationInput {
            name: self.name.clone(),
            acronym: self.acronym.clone(),
            organisation_type: self.organisation_type.clone(),
            country_code: self.country_code.clone(),
            iati_identifier: self.iati_identifier.clone(),
            parent_id: self.parent_id,
        }
    }

    fn check(input: &mut OrganisationInput, _today: chrono::NaiveDate) -> Violations {
        input.normalise();
        input.violations()
    }

    fn check_references(
        conn: &mut DbConnection,
        _caller: &Caller,
        input: &OrganisationInput,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        check_references(conn, input, id)
    }
}

/// Organisations are public to every role and written by admins only.
impl RecordStorage for Organisation {
    fn find(
        conn: &mut DbConnection,
        caller: &Caller,
        id: Uuid,
    ) -> Result<Option<StoredRecord>, ApiError> {
        Self::load(conn, caller, id)?
            .map(|org| {
                Ok(StoredRecord {
                    version: org.version,
                    representation: serde_json::to_string(&org).map_err(ApiError::internal)?,
                })
            })
            .transpose()
    }

    fn load(conn: &mut DbConnection, _caller: &Caller, id: Uuid) -> Result<Option<Self>, ApiError> {
        org_store::find(conn, id)?
            .map(Organisation::from_row)
            .transpose()
    }

    /// Kept after the organisation is deleted, for every role.
    fn check_history(_: &mut DbConnection, _: &Caller, _: Uuid) -> Result<(), ApiError> {
        Ok(())
    }

    fn check_create(caller: &Caller, _: &OrganisationInput) -> Result<(), ApiError> {
        caller.require(&[Role::Admin])
    }

    fn check_update(
        caller: &Caller,
        _: &OrganisationInput,
        _: Option<&OrganisationInput>,
        _: bool,
    ) -> Result<(), ApiError> {
        caller.require(&[Role::Admin])
    }

    fn check_delete(caller: &Caller) -> Result<(), ApiError> {
        caller.require(&[Role::Admin])
    }

    fn audience(_: &OrganisationInput) -> Audience {
        Audience::public()
    }

    /// One at a time: organisations are few, and no bulk load writes them.
    fn insert_many(
        conn: &mut DbConnection,
        records: &[(&Self, i64)],
        _: Saving,
    ) -> Result<Vec<String>, ApiError> {
        records
            .iter()
            .map(|(record, _seq)| {
                org_store::insert(conn, &record.written(), &record.columns())?;
                serde_json::to_string(record).map_err(ApiError::internal)
            })
            .collect()
    }

    fn update(
        conn: &mut DbConnection,
        record: &Self,
        expected_version: i64,
        _seq: i64,
        _: Saving,
    ) -> Result<Option<String>, ApiError> {
        if !org_store::update(conn, &record.written(), &record.columns(), expected_version)? {
            return Ok(None);
        }
        serde_json::to_string(record)
            .map(Some)
            .map_err(ApiError::internal)
    }

    fn delete(conn: &mut DbConnection, id: Uuid, expected_version: i64) -> Result<bool, ApiError> {
        org_store::delete(conn, id, expected_version)
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

impl OrganisationQuery {
    pub fn filter(&self) -> Result<OrganisationFilter, ApiError> {
        if let Some(code) = &self.organisation_type {
            let list = codelists::organisation_types();
            filters::known(list, code, "organisation_type", "organisation type")?;
        }
        filters::country(self.country.as_deref(), "country")?;
        let q = crate::text::search_filter(self.q.as_deref())?;
        Ok(OrganisationFilter {
            organisation_type: self.organisation_type.clone(),
            country: self.country.clone(),
            q,
        })
    }
}

/// The organisations referred to at these JSON pointers that do not exist, as violations
/// (`no organisation with id …` at each pointer).
pub fn unknown_organisations(
    conn: &mut DbConnection,
    references: Vec<(String, Uuid)>,
) -> Result<Vec<FieldError>, ApiError> {
    let existing = org_store::existing(conn, references.iter().map(|(_, id)| *id))?;
    Ok(references
        .into_iter()
        .filter(|(_, id)| !existing.contains(id))
        .map(|(pointer, id)| FieldError::at(pointer, format!("no organisation with id {id}")))
        .collect())
}

/// The items of the list `field` as references: `/{field}/{i}` and the id.
pub fn listed(field: &str, ids: &[Uuid]) -> impl Iterator<Item = (String, Uuid)> {
    ids.iter()
        .enumerate()
        .map(move |(i, id)| (format!("/{field}/{i}"), *id))
}

const CURSOR_KIND: &str = "organisations:name";

/// A page of the organisations matching the query, by name.
pub fn list(
    conn: &mut DbConnection,
    query: &OrganisationQuery,
    cursors: &Cursors,
) -> Result<OrganisationPage, ApiError> {
    let limit = page_size(query.limit)?;
    let filter = query.filter()?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| cursors.decode::<OrganisationKey>(CURSOR_KIND, c))
        .transpose()?;
    let rows = org_store::list(conn, &filter, after.as_ref(), limit)?;
    let (rows, next_cursor) = cursors.paginate(rows, limit, CURSOR_KIND, |(_, key)| key.clone());
    Ok(OrganisationPage {
        items: rows
            .into_iter()
            .map(|(row, _)| Organisation::from_row(row))
            .collect::<Result<_, _>>()?,
        next_cursor,
    })
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
