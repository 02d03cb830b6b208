//! An organisation as a kind of record: its place in the registry, who may write it, how
//! it is stored, and the rules that need the database.

use super::*;

impl Organisation {
    pub(super) fn from_row(row: OrganisationRow) -> Result<Self, ApiError> {
        let content = row.content;
        Ok(Record {
            id: parse_uuid(&row.id)?,
            fields: OrganisationInput {
                name: content.name,
                acronym: content.acronym,
                organisation_type: content.organisation_type,
                country_code: content.country_code,
                iati_identifier: content.iati_identifier,
                parent_id: content.parent_id.as_deref().map(parse_uuid).transpose()?,
            },
            derived: NoDerived {},
            meta: UnreviewedMeta {
                version: row.version,
                created_at: to_utc(row.created_at),
                updated_at: to_utc(row.updated_at),
                created_by: row.created_by,
                updated_by: row.updated_by,
            },
        })
    }

    fn columns(&self) -> OrganisationColumns {
        OrganisationColumns {
            content: OrganisationContent {
                name: self.name.clone(),
                acronym: self.acronym.clone(),
                organisation_type: self.organisation_type.clone(),
                country_code: self.country_code.clone(),
                iati_identifier: self.iati_identifier.clone(),
                parent_id: self.parent_id.map(|p| p.to_string()),
                sort_key: fold(&self.name),
            },
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
            version: self.meta.version,
            at: self.meta.updated_at.naive_utc(),
            by: &self.meta.updated_by,
        }
    }
}

impl RecordKind for OrganisationInput {
    const KIND: ResourceKind = ResourceKind::Organisation;
    type Derived = NoDerived;
    type Meta = UnreviewedMeta;

    fn check(&mut self, _today: chrono::NaiveDate) -> Violations {
        self.normalise();
        self.violations()
    }

    fn check_references(
        &self,
        conn: &mut DbConnection,
        _caller: &Caller,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        check_references(conn, self, id)
    }
}

/// Organisations have no drafts.
impl crate::domain::record::Answered for Organisation {
    type Answer = Organisation;
}

/// Organisations are public to every role and written by admins only.
impl RecordAccess for Organisation {
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
}

/// Organisations are rows of their own table, without a stored representation.
impl RecordStorage for Organisation {
    fn find(
        conn: &mut DbConnection,
        caller: &Caller,
        id: Uuid,
    ) -> Result<Option<StoredRecord>, ApiError> {
        Self::load(conn, caller, id)?
            .map(|org| {
                Ok(StoredRecord {
                    version: org.meta.version,
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
        Ok(org_store::delete(conn, id, expected_version)?)
    }
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
                    crate::msg!("organisation-own-ancestor"),
                )]));
            }
            let Some(parent_of_current) = org_store::parent_of(conn, current)? else {
                if current == parent {
                    return Err(ApiError::validation(vec![FieldError::at(
                        "/parent_id",
                        crate::msg!(
                            "not-found-with-id",
                            kind = crate::l10n::noun("organisation"),
                            id = parent.to_string()
                        ),
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
        return Err(ApiError::conflict(crate::msg!(
            "organisation-identifier-taken",
            identifier = identifier.as_str(),
            holder = holder.to_string()
        )));
    }
    Ok(())
}
