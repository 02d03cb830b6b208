//! Projects as cooperation records: their storage and the rules that need the database.
//! The operations themselves (create, update, delete, read) are the shared ones in
//! `domain::record`.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::arrangements::TriangularArrangement;
use crate::domain::changes::ResourceKind;
use crate::domain::partnerships::Partnership;
use crate::domain::projects::{Modality, ParticipantRole};
use crate::domain::projects::{Project, ProjectInput};
use crate::domain::record::{self, CooperationRecord, RecordMeta, StoredRecord};
use crate::domain::vocabulary::Visibility;
use crate::error::{ApiError, FieldError};
use crate::store::organisations as org_store;
use crate::store::projects as project_store;
use crate::validation::Violations;

impl CooperationRecord for Project {
    type Input = ProjectInput;

    const KIND: ResourceKind = ResourceKind::Project;
    const NOUN: &'static str = "project";

    fn new(input: ProjectInput, meta: RecordMeta) -> Self {
        Project::new(input, meta)
    }

    fn id(&self) -> Uuid {
        self.id
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn created(&self) -> (DateTime<Utc>, String) {
        (self.created_at, self.created_by.clone())
    }

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn visibility_of(input: &Self::Input) -> Visibility {
        input.visibility
    }

    fn to_input(&self) -> ProjectInput {
        Project::to_input(self)
    }

    fn participants(input: &ProjectInput) -> Vec<Uuid> {
        input
            .participants
            .iter()
            .map(|p| p.organisation_id)
            .collect()
    }

    fn check(input: &mut ProjectInput, today: NaiveDate) -> Violations {
        input.check(today)
    }

    fn present_fields(input: &ProjectInput) -> Vec<String> {
        input.present_fields()
    }

    fn check_references(
        conn: &mut DbConnection,
        caller: &Caller,
        input: &ProjectInput,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        check_references(conn, caller, input, id)
    }

    fn load(conn: &mut DbConnection, id: Uuid) -> Result<Option<Self>, ApiError> {
        project_store::assemble(conn, id)
    }

    fn find_stored(conn: &mut DbConnection, id: Uuid) -> Result<Option<StoredRecord>, ApiError> {
        project_store::find_stored(conn, id)
    }

    fn has_participant(
        conn: &mut DbConnection,
        id: Uuid,
        organisation: Uuid,
    ) -> Result<bool, ApiError> {
        project_store::has_participant(conn, id, organisation)
    }

    fn insert(conn: &mut DbConnection, record: &Self, seq: i64) -> Result<String, ApiError> {
        project_store::insert(conn, record, seq)
    }

    fn update(
        conn: &mut DbConnection,
        record: &Self,
        expected_version: i64,
        seq: i64,
    ) -> Result<Option<String>, ApiError> {
        project_store::update(conn, record, expected_version, seq)
    }

    fn referenced_by(conn: &mut DbConnection, id: Uuid) -> Result<Vec<String>, ApiError> {
        project_store::referenced_by(conn, id)
    }

    fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
        project_store::delete(conn, id)
    }
}

/// Rules that need the database: participants and contributors exist; code and IATI
/// identifier are not taken by another project.
fn check_references(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &ProjectInput,
    id: Option<Uuid>,
) -> Result<(), ApiError> {
    let referenced: Vec<(String, Uuid)> = input
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                format!("/participants/{i}/organisation_id"),
                p.organisation_id,
            )
        })
        .chain(input.contributions.iter().enumerate().map(|(i, c)| {
            (
                format!("/contributions/{i}/organisation_id"),
                c.organisation_id,
            )
        }))
        .collect();
    let existing = org_store::existing(conn, referenced.iter().map(|(_, id)| *id))?;
    let errors: Vec<FieldError> = referenced
        .into_iter()
        .filter(|(_, id)| !existing.contains(id))
        .map(|(pointer, id)| FieldError::at(pointer, format!("no organisation with id {id}")))
        .collect();
    let mut errors = errors;
    if let Some(partnership) = input.partnership_id
        && !record::visible::<Partnership>(conn, caller, partnership)?
    {
        errors.push(FieldError::at(
            "/partnership_id",
            format!("no partnership with id {partnership}"),
        ));
    }
    if let Some(arrangement) = input.triangular_arrangement_id {
        check_arrangement(conn, caller, input, arrangement, &mut errors)?;
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if let Some(holder) = project_store::id_by_code(conn, &input.code)?
        && Some(holder) != id
    {
        return Err(ApiError::conflict(format!(
            "the code {} is already used by project {holder}",
            input.code
        )));
    }
    if let Some(identifier) = &input.iati_identifier
        && let Some(holder) = project_store::id_by_iati_identifier(conn, identifier)?
        && Some(holder) != id
    {
        return Err(ApiError::conflict(format!(
            "the IATI identifier {identifier} is already used by project {holder}"
        )));
    }
    Ok(())
}

/// A project under a triangular arrangement is triangular, and its first providers,
/// second providers and recipients are parties of the arrangement in the same roles.
fn check_arrangement(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &ProjectInput,
    arrangement: Uuid,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    if !record::visible::<TriangularArrangement>(conn, caller, arrangement)? {
        errors.push(FieldError::at(
            "/triangular_arrangement_id",
            format!("no triangular arrangement with id {arrangement}"),
        ));
        return Ok(());
    }
    if input.modality != Modality::Triangular {
        errors.push(FieldError::at(
            "/modality",
            "a project under a triangular arrangement has the modality triangular",
        ));
    }
    let Some(arrangement) = TriangularArrangement::load(conn, arrangement)? else {
        return Ok(());
    };
    let roles = arrangement.to_input().roles();
    for (i, participant) in input.participants.iter().enumerate() {
        let triangular_role = matches!(
            participant.role,
            ParticipantRole::FirstProvider
                | ParticipantRole::SecondProvider
                | ParticipantRole::Recipient
        );
        if triangular_role && roles.get(&participant.organisation_id) != Some(&participant.role) {
            errors.push(FieldError::at(
                format!("/participants/{i}"),
                format!(
                    "organisation {} is not a {} of the triangular arrangement",
                    participant.organisation_id,
                    participant.role.labels().0.to_lowercase()
                ),
            ));
        }
    }
    Ok(())
}
