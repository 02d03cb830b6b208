//! The directorate's assessment of a cooperation request: the national institutions it
//! consulted (who, when, what they answered) and its internal notes. Kept apart from the
//! record, append-only, with no change records: no representation, history, change feed,
//! export or error message carries them. Coordinators and admins write and read them; a
//! partner or viewer who may read the request gets 403, one who may not, 404.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::Caller;
use crate::closed_vocabulary::vocabulary;
use crate::db::DbConnection;
use crate::domain::cooperation_requests::pipeline::{check_directs, check_status};
use crate::domain::cooperation_requests::{CooperationRequest, RequestStatus};
use crate::domain::organisations::unknown_organisations;
use crate::domain::record::{self, RecordStorage};
use crate::error::ApiError;
use crate::store::cooperation_requests::{self as store, NoteRow};
use crate::store::{self as stores, parse_uuid, to_utc};

vocabulary! {
    /// What a consulted institution answered.
    ConsultationAnswer {
        Available = "available", "Available", "Disponible";
        Unavailable = "unavailable", "Unavailable", "No disponible";
        NeedsInformation = "needs_information", "Needs more information", "Necesita más información";
    }
}

vocabulary! {
    /// An entry of the assessment.
    NoteKind {
        Consultation = "consultation", "Consultation", "Consulta";
        Note = "note", "Internal note", "Nota interna";
    }
}

/// A consultation as clients record it: an institution asked, when, and its answer once
/// known (an answer that comes later is recorded as a new consultation).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "organisation_id": "0193a6a0-0001-7000-8000-000000000004",
    "asked_on": "2026-11-20", "answer": "available",
    "comment": "Dos especialistas disponibles a partir de marzo."
}))]
pub struct NewConsultation {
    /// The institution asked.
    pub organisation_id: Uuid,
    /// When it was asked.
    pub asked_on: NaiveDate,
    /// Its answer (none yet: null).
    #[serde(default)]
    pub answer: Option<ConsultationAnswer>,
    #[serde(default)]
    #[validate(length(min = 1, max = 5000))]
    #[schema(min_length = 1, max_length = 5000, pattern = "^[^\\u0000]{1,5000}$")]
    pub comment: Option<String>,
}

/// An internal note as clients write it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Coincide con la línea de sanidad animal del programa bilateral."}))]
pub struct NewNote {
    #[validate(length(min = 1, max = 5000))]
    #[schema(min_length = 1, max_length = 5000, pattern = "^[^\\u0000]{1,5000}$")]
    pub text: String,
}

/// An entry of the assessment, as the API returns it: a consultation (organisation, date,
/// answer, comment) or a note (its text in `comment`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a6a0-0f00-7000-8000-000000000001", "kind": "consultation",
    "organisation_id": "0193a6a0-0001-7000-8000-000000000004", "asked_on": "2026-11-20",
    "answer": "available", "comment": "Dos especialistas disponibles a partir de marzo.",
    "created_at": "2026-11-21T10:00:00Z", "created_by": "maria.gomez"
}))]
pub struct Note {
    pub id: Uuid,
    pub kind: NoteKind,
    /// The institution asked (consultations).
    #[schema(required = true)]
    pub organisation_id: Option<Uuid>,
    #[schema(required = true)]
    pub asked_on: Option<NaiveDate>,
    #[schema(required = true)]
    pub answer: Option<ConsultationAnswer>,
    /// A consultation's comment, a note's text.
    #[schema(required = true)]
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
    /// `sub` of the token that wrote it.
    pub created_by: String,
}

/// A request's assessment, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "consultations": [{
        "id": "0193a6a0-0f00-7000-8000-000000000001", "kind": "consultation",
        "organisation_id": "0193a6a0-0001-7000-8000-000000000007", "asked_on": "2026-11-16",
        "answer": "available",
        "comment": "Dos especialistas en epidemiología disponibles desde marzo.",
        "created_at": "2026-11-17T10:00:00Z", "created_by": "maria.gomez"
    }],
    "notes": [{
        "id": "0193a6a0-0f00-7000-8000-000000000002", "kind": "note",
        "organisation_id": null, "asked_on": null, "answer": null,
        "comment": "Coincide con la línea de sanidad animal del programa bilateral.",
        "created_at": "2026-11-18T09:00:00Z", "created_by": "maria.gomez"
    }]
}))]
pub struct Assessment {
    pub consultations: Vec<Note>,
    pub notes: Vec<Note>,
}

/// The request exists for the caller (404) and the caller is the directorate's (403).
fn check_reader(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    action: &'static str,
) -> Result<(), ApiError> {
    record::read::<CooperationRequest>(conn, caller, id)?;
    check_directs(caller, action)
}

pub fn assessment(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<Assessment, ApiError> {
    check_reader(conn, caller, id, "read-assessment")?;
    let mut assessment = Assessment {
        consultations: Vec::new(),
        notes: Vec::new(),
    };
    for row in store::notes_of(conn, id)? {
        let note = note_of(row)?;
        match note.kind {
            NoteKind::Consultation => assessment.consultations.push(note),
            NoteKind::Note => assessment.notes.push(note),
        }
    }
    Ok(assessment)
}

/// Record a consultation of a request under assessment (409 otherwise).
pub fn add_consultation(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    consultation: NewConsultation,
) -> Result<Note, ApiError> {
    check_reader(conn, caller, id, "consult")?;
    let request = CooperationRequest::load(conn, caller, id)?
        .ok_or_else(|| record::not_found::<CooperationRequest>(id))?;
    check_status(&request, &[RequestStatus::UnderAssessment], "consult")?;
    ApiError::unless_violated(unknown_organisations(
        conn,
        vec![("/organisation_id".to_owned(), consultation.organisation_id)],
    )?)?;
    write(
        conn,
        caller,
        id,
        NoteKind::Consultation,
        Some(consultation.organisation_id),
        Some(consultation.asked_on),
        consultation.answer,
        consultation.comment,
    )
}

/// Write an internal note on a request.
pub fn add_note(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    note: NewNote,
) -> Result<Note, ApiError> {
    check_reader(conn, caller, id, "write-notes")?;
    write(
        conn,
        caller,
        id,
        NoteKind::Note,
        None,
        None,
        None,
        Some(note.text),
    )
}

#[allow(clippy::too_many_arguments)]
fn write(
    conn: &mut DbConnection,
    caller: &Caller,
    request: Uuid,
    kind: NoteKind,
    organisation: Option<Uuid>,
    asked_on: Option<NaiveDate>,
    answer: Option<ConsultationAnswer>,
    comment: Option<String>,
) -> Result<Note, ApiError> {
    let row = NoteRow {
        id: Uuid::now_v7().to_string(),
        request_id: request.to_string(),
        note_kind: kind.as_str().to_owned(),
        organisation_id: organisation.map(|o| o.to_string()),
        asked_on,
        answer: answer.map(|a| a.as_str().to_owned()),
        comment,
        created_at: stores::now(),
        created_by: caller.sub.clone(),
    };
    store::insert_note(conn, &row)?;
    note_of(row)
}

fn note_of(row: NoteRow) -> Result<Note, ApiError> {
    let unknown = |what: &str, code: &str| ApiError::internal(format!("stored {what} {code:?}"));
    Ok(Note {
        id: parse_uuid(&row.id)?,
        kind: NoteKind::parse(&row.note_kind)
            .ok_or_else(|| unknown("note kind", &row.note_kind))?,
        organisation_id: row.organisation_id.as_deref().map(parse_uuid).transpose()?,
        asked_on: row.asked_on,
        answer: row
            .answer
            .as_deref()
            .map(|a| ConsultationAnswer::parse(a).ok_or_else(|| unknown("answer", a)))
            .transpose()?,
        comment: row.comment,
        created_at: to_utc(row.created_at),
        created_by: row.created_by,
    })
}
