//! What every cooperation record (project, partnership, triangular arrangement, policy
//! exchange) shares: versioned writes with change records, read access by visibility and
//! participation, and the same order of checks everywhere. A resource implements
//! [`CooperationRecord`] (its rules and its storage); the operations here do the rest.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::Saved;
use crate::domain::access::{self, ReadScope};
use crate::domain::changes::{Audience, ChangeAction, ResourceKind, changed_fields};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::extract::MergePatch;
use crate::store::changes::{self as change_store, NewChange};
use crate::store::{self, to_utc};
use crate::validation::Violations;
use crate::versioning::{self, IfMatch};

/// The server-owned part of a record.
#[derive(Debug, Clone)]
pub struct RecordMeta {
    pub id: Uuid,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_by: String,
}

/// What a single-record read needs: who may see it, and what to send.
pub struct StoredRecord {
    pub visibility: Visibility,
    pub version: i64,
    pub representation: String,
}

/// How an update gets its new content.
pub enum Update<I> {
    Replace(Box<I>),
    Patch(MergePatch),
}

/// A cooperation record: its input shape, its rules and its storage.
pub trait CooperationRecord: Sized + Serialize {
    type Input: Serialize + DeserializeOwned;

    const KIND: ResourceKind;
    /// "project", "partnership", ... for messages.
    const NOUN: &'static str;

    fn new(input: Self::Input, meta: RecordMeta) -> Self;
    fn id(&self) -> Uuid;
    fn version(&self) -> i64;
    fn created(&self) -> (DateTime<Utc>, String);
    fn visibility(&self) -> Visibility;
    fn visibility_of(input: &Self::Input) -> Visibility;
    fn to_input(&self) -> Self::Input;
    /// The organisations taking part, whose partners may read and write the record.
    fn participants(input: &Self::Input) -> Vec<Uuid>;

    /// Every rule that needs no database, normalising what passes.
    fn check(input: &mut Self::Input, today: NaiveDate) -> Violations;
    /// The members a create sets (its change record's `changed_fields`).
    fn present_fields(input: &Self::Input) -> Vec<String> {
        changed_fields(&json!({}), &json!(input))
    }
    /// Rules that need the database (references exist and are visible to the caller,
    /// unique values are free). `id` is the record's own when updating.
    fn check_references(
        conn: &mut DbConnection,
        caller: &Caller,
        input: &Self::Input,
        id: Option<Uuid>,
    ) -> Result<(), ApiError>;

    /// The record as stored (the authoritative copy, for writes).
    fn load(conn: &mut DbConnection, id: Uuid) -> Result<Option<Self>, ApiError>;
    fn find_stored(conn: &mut DbConnection, id: Uuid) -> Result<Option<StoredRecord>, ApiError>;
    fn has_participant(
        conn: &mut DbConnection,
        id: Uuid,
        organisation: Uuid,
    ) -> Result<bool, ApiError>;
    /// Insert; returns the stored representation.
    fn insert(conn: &mut DbConnection, record: &Self, seq: i64) -> Result<String, ApiError>;
    /// Overwrite if the stored version is still `expected_version`; `None` when a
    /// concurrent write got there first.
    fn update(
        conn: &mut DbConnection,
        record: &Self,
        expected_version: i64,
        seq: i64,
    ) -> Result<Option<String>, ApiError>;
    /// Other records that refer to this one (a delete is refused while there are any).
    fn referenced_by(conn: &mut DbConnection, id: Uuid) -> Result<Vec<String>, ApiError>;
    fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError>;
}

pub fn not_found<R: CooperationRecord>(id: Uuid) -> ApiError {
    ApiError::not_found(format!("no {} with id {id}", R::NOUN))
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The stored representation of a record the caller may read; 404 otherwise (a
/// restricted record outside the caller's scope does not exist for it).
pub fn read<R: CooperationRecord>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<StoredRecord, ApiError> {
    let stored = R::find_stored(conn, id)?.ok_or_else(|| not_found::<R>(id))?;
    let visible = match ReadScope::of(caller) {
        ReadScope::PublicOrParticipant(org) if stored.visibility == Visibility::Restricted => {
            R::has_participant(conn, id, org)?
        }
        scope => scope.allows(stored.visibility, std::iter::empty()),
    };
    if visible {
        Ok(stored)
    } else {
        Err(not_found::<R>(id))
    }
}

/// Does a record exist that the caller may read? (For references from other records: a
/// reference to one the caller cannot see is reported as not existing.)
pub fn visible<R: CooperationRecord>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<bool, ApiError> {
    match read::<R>(conn, caller, id) {
        Ok(_) => Ok(true),
        Err(e) if e.problem == crate::error::Problem::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// A record the caller may read, as stored.
pub fn load_visible<R: CooperationRecord>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<R, ApiError> {
    let record = R::load(conn, id)?.ok_or_else(|| not_found::<R>(id))?;
    let participants = R::participants(&record.to_input());
    if ReadScope::of(caller).allows(record.visibility(), participants.into_iter()) {
        Ok(record)
    } else {
        Err(not_found::<R>(id))
    }
}

/// May the caller see this record's history? A deleted record's history is for admins
/// and coordinators only (its visibility went with it).
pub fn check_history_access<R: CooperationRecord>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<(), ApiError> {
    match ReadScope::of(caller) {
        ReadScope::All => Ok(()),
        _ => read::<R>(conn, caller, id).map(|_| ()),
    }
}

pub fn create<R: CooperationRecord>(
    conn: &mut DbConnection,
    caller: &Caller,
    mut input: R::Input,
) -> Result<Saved<R>, ApiError> {
    access::check_create(caller, R::NOUN, &R::participants(&input))?;
    R::check(&mut input, today()).into_result()?;
    R::check_references(conn, caller, &input, None)?;
    let id = Uuid::now_v7();
    let now = store::now();
    let seq = change_store::append(
        conn,
        NewChange {
            resource: R::KIND,
            record_id: id,
            action: ChangeAction::Create,
            version: 1,
            caller,
            at: now,
            changed_fields: R::present_fields(&input),
            audience: Audience::of(R::visibility_of(&input), &R::participants(&input)),
            previous_audience: None,
        },
    )?;
    let record = R::new(
        input,
        RecordMeta {
            id,
            version: 1,
            created_at: to_utc(now),
            updated_at: to_utc(now),
            created_by: caller.sub.clone(),
            updated_by: caller.sub.clone(),
        },
    );
    let representation = R::insert(conn, &record, seq)?;
    Ok(Saved {
        record,
        representation,
    })
}

/// Replace or patch a record when `If-Match` names its version. A write that changes
/// nothing leaves the record (and its version) as it is.
pub fn update<R: CooperationRecord>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    if_match: &IfMatch,
    update: Update<R::Input>,
) -> Result<Saved<R>, ApiError> {
    let current = load_visible::<R>(conn, caller, id)?;
    let before = current.to_input();
    let current_participants = R::participants(&before);
    // Refuse a caller who may not write this record before looking at its input.
    access::check_update(
        caller,
        R::NOUN,
        &current_participants,
        &current_participants,
    )?;
    let mut input: R::Input = match update {
        Update::Replace(input) => *input,
        Update::Patch(patch) => patch.apply(json!(before))?,
    };
    access::check_update(
        caller,
        R::NOUN,
        &current_participants,
        &R::participants(&input),
    )?;
    R::check(&mut input, today()).into_result()?;
    R::check_references(conn, caller, &input, Some(id))?;
    // The precondition comes after the input's own checks: a request that would fail
    // without If-Match fails the same way with it (RFC 9110 §13.2.1).
    if_match.check(current.version())?;
    let changed = changed_fields(&json!(before), &json!(input));
    if changed.is_empty() {
        let representation = serde_json::to_string(&current).map_err(ApiError::internal)?;
        return Ok(Saved {
            record: current,
            representation,
        });
    }
    let now = store::now();
    let version = current.version() + 1;
    let seq = change_store::append(
        conn,
        NewChange {
            resource: R::KIND,
            record_id: id,
            action: ChangeAction::Update,
            version,
            caller,
            at: now,
            changed_fields: changed,
            audience: Audience::of(R::visibility_of(&input), &R::participants(&input)),
            previous_audience: Some(Audience::of(current.visibility(), &current_participants)),
        },
    )?;
    let (created_at, created_by) = current.created();
    let record = R::new(
        input,
        RecordMeta {
            id,
            version,
            created_at,
            updated_at: to_utc(now),
            created_by,
            updated_by: caller.sub.clone(),
        },
    );
    match R::update(conn, &record, current.version(), seq)? {
        Some(representation) => Ok(Saved {
            record,
            representation,
        }),
        None => Err(versioning::changed_concurrently()),
    }
}

/// Delete a record that nothing refers to (409 naming the referrers otherwise).
pub fn delete<R: CooperationRecord>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let current = load_visible::<R>(conn, caller, id)?;
    access::check_delete(caller)?;
    if_match.check(current.version())?;
    let referrers = R::referenced_by(conn, id)?;
    if !referrers.is_empty() {
        return Err(ApiError::conflict(format!(
            "the {} is still referenced by {}; remove those references first",
            R::NOUN,
            referrers.join(", ")
        )));
    }
    R::delete(conn, id)?;
    let audience = Audience::of(current.visibility(), &R::participants(&current.to_input()));
    change_store::append(
        conn,
        NewChange {
            resource: R::KIND,
            record_id: id,
            action: ChangeAction::Delete,
            version: current.version(),
            caller,
            at: store::now(),
            changed_fields: Vec::new(),
            audience: audience.clone(),
            previous_audience: Some(audience),
        },
    )?;
    Ok(())
}
