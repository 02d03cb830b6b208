//! The versioned write pipeline every kind of record goes through: create, replace or
//! patch, delete and review transitions, each with its change record in the same
//! transaction, the checks always in the same order; and reads within the caller's scope.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::changes::{ChangeAction, changed_fields};
use crate::domain::record::{RecordKind, RecordMeta, RecordRules, RecordStorage};
use crate::domain::review::{
    ReviewStatus, Saving, Transition, WriteReview, saving_of_create, saving_of_update,
};
use crate::error::ApiError;
use crate::request_body::patch_input;
use crate::store::changes::{self as change_store, NewChange};
use crate::store::record_table::StoredRecord;
use crate::store::visibility::Audience;
use crate::store::{self, to_utc};

/// A record as just written, with its stored JSON representation (what a GET returns),
/// so that the response need not serialise it again.
pub struct Saved<T> {
    pub record: T,
    pub representation: String,
}

/// How an update gets its new content.
pub enum Update<I> {
    Replace(Box<I>),
    /// A JSON Merge Patch (RFC 7396) over the record as a request body.
    Patch(Map<String, Value>),
}

/// The versions a write may apply to: those the client says it read (`If-Match`).
#[derive(Debug, Clone)]
pub struct ExpectedVersions(Vec<i64>);

impl ExpectedVersions {
    pub fn any_of(versions: Vec<i64>) -> Self {
        ExpectedVersions(versions)
    }

    /// 412 unless the record's current version is one the client named.
    pub fn check(&self, current: i64) -> Result<(), ApiError> {
        if self.0.contains(&current) {
            Ok(())
        } else {
            Err(ApiError::stale_version(current))
        }
    }
}

/// Every rule of `input` that needs no database: the kind's own and those every
/// cooperation record shares (default language, texts in several languages, document
/// links), all reported together.
pub fn check_all<R: RecordRules>(input: &mut R::Input) -> Result<(), ApiError> {
    let mut violations = input.check(today());
    if let Some(parts) = input.shared_parts() {
        crate::domain::documents::check_shared(&mut violations, parts);
    }
    violations.into_result()
}

pub fn not_found<R: RecordRules>(id: Uuid) -> ApiError {
    crate::error::not_found_with_id(R::KIND.noun(), id)
}

/// 409 for what a record has only once it meets its kind's rules, asked of an incomplete
/// draft the caller reads (it exists, so not 404): `lacking` says what it has not yet
/// (a selector of `incomplete-draft-lacks`: iati-activity, matches, execution,
/// activities, results or transactions).
pub fn incomplete_draft<R: RecordRules>(id: Uuid, lacking: &'static str) -> ApiError {
    ApiError::conflict(crate::msg!(
        "incomplete-draft-lacks",
        kind = crate::l10n::noun(R::KIND.noun()),
        id = id.to_string(),
        lacking = lacking
    ))
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The stored representation of a record the caller may read; 404 otherwise (a
/// restricted record outside the caller's scope does not exist for it).
pub fn read<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<StoredRecord, ApiError> {
    if let Some(stored) = R::find(conn, caller, id)? {
        return Ok(stored);
    }
    // An incomplete draft has no row in its kind's table.
    super::draft_reads::find::<R>(conn, caller, id)?.ok_or_else(|| not_found::<R>(id))
}

/// May a record refer to this one? It must exist, the caller must be able to read it (a
/// reference to one it cannot see is reported as not existing), and it must have been
/// approved: what counts may not rest on a draft that readers of approved content cannot
/// see.
pub fn visible<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<bool, ApiError> {
    // Until this write commits, the record is not deleted: the reference checked is the
    // reference committed.
    change_store::hold_reference(conn, id)?;
    Ok(R::find(conn, caller, id)?.is_some() && R::is_approved(conn, id)?)
}

fn load<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<R, ApiError> {
    R::load(conn, caller, id)?.ok_or_else(|| not_found::<R>(id))
}

/// The record a move (a review transition, a move of the kind's own workflow) applies to.
/// An incomplete draft the caller reads exists (not 404) but moves nowhere until it is
/// complete: 409 with what it lacks.
fn load_to_move<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<R, ApiError> {
    match R::load(conn, caller, id)? {
        Some(current) => Ok(current),
        None => {
            super::draft_reads::refuse_move::<R>(conn, caller, id)?;
            Err(not_found::<R>(id))
        }
    }
}

/// What a write's change record says, besides the record and the caller.
pub(super) struct ChangeOf {
    pub(super) action: ChangeAction,
    pub(super) version: i64,
    pub(super) at: DateTime<Utc>,
    pub(super) changed_fields: Vec<String>,
    /// Who may read the record after the change (for a delete: who could before).
    pub(super) audience: Audience,
    /// Who could read it before (updates and deletes).
    pub(super) previous_audience: Option<Audience>,
    /// A review transition's comment.
    pub(super) comment: Option<String>,
}

/// Who could read what counted of a record: its approved content's readers, or, when it
/// was never approved, the directorate and the organisations taking part in `current`.
fn counted_audience<R: RecordStorage>(counted: Option<&R::Input>, current: &R::Input) -> Audience {
    match counted {
        Some(counted) => R::audience(counted),
        None => R::reviewers(current),
    }
}

/// Who may read what counts of record `id` whose current content is `current` (for the
/// change records of what belongs to it, such as a project's results).
pub fn counted_audience_of<R: RecordStorage>(
    conn: &mut DbConnection,
    id: Uuid,
    current: &R::Input,
) -> Result<Audience, ApiError> {
    let approved = R::approved(conn, id)?.map(|r| r.to_input());
    Ok(counted_audience::<R>(approved.as_ref(), current))
}

/// Who may read what counts of a record just created (its approved version, if it has
/// one, is this one): for what belongs to it, written in the same transaction.
pub fn counted_audience_of_created<R: RecordStorage>(record: &R) -> Audience {
    let current = record.to_input();
    let approved = record.meta().approved_version.is_some();
    counted_audience::<R>(approved.then_some(&current), &current)
}

/// Who may read the change of a record saved as `saving` with content `input`: for a
/// version that does not count yet, only the directorate and the organisations taking
/// part in what counts (`counted`: the approved content, or this one when there is none).
fn audience_of<R: RecordStorage>(
    saving: Saving,
    input: &R::Input,
    counted: Option<&R::Input>,
) -> Audience {
    match saving {
        Saving::Approved => R::audience(input),
        Saving::Unapproved(_) | Saving::Pending(_) => R::reviewers(counted.unwrap_or(input)),
    }
}

/// Append the change record of a write to record `id`; returns its `seq`.
pub(super) fn append<R: RecordRules>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    change: ChangeOf,
) -> Result<i64, ApiError> {
    Ok(change_store::append(
        conn,
        new_change::<R>(caller, id, change),
    )?)
}

/// The change record of a write to record `id`, as stored.
fn new_change<'a, R: RecordRules>(caller: &'a Caller, id: Uuid, change: ChangeOf) -> NewChange<'a> {
    NewChange {
        resource: R::KIND.as_str(),
        record_id: id,
        action: change.action.as_str(),
        version: change.version,
        actor: &caller.sub,
        actor_organisation_id: caller.org,
        at: change.at.naive_utc(),
        changed_fields: change.changed_fields,
        audience: change.audience,
        previous_audience: change.previous_audience,
        comment: change.comment,
    }
}

pub fn create<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    input: R::Input,
    review: WriteReview,
) -> Result<Saved<R>, ApiError> {
    create_as::<R>(conn, caller, Uuid::now_v7(), input, review)
}

/// `create` under an id chosen beforehand: the demo data's documented ids, which the
/// contract's examples name.
pub fn create_as<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    mut input: R::Input,
    review: WriteReview,
) -> Result<Saved<R>, ApiError> {
    R::check_create(caller, &input)?;
    check_all::<R>(&mut input)?;
    input.settle(conn, caller, None)?;
    input.check_references(conn, caller, None)?;
    let mut created = write_created::<R>(conn, caller, vec![(id, input)], review)?;
    created
        .pop()
        .ok_or_else(|| ApiError::internal("nothing created"))
}

/// Records one `create_many` takes at most (its checks look up all their references and
/// codes in one query, whose bound values SQLite limits).
pub const CREATE_MANY_AT_MOST: usize = 5_000;

/// Create many records in one transaction (a bulk load): the checks, change records and
/// rows of `create`, written with a statement per table for them all. The first input
/// that fails a check fails them all, its errors pointing into the list (`/3/...`).
pub fn create_many<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    mut inputs: Vec<R::Input>,
    review: WriteReview,
) -> Result<Vec<Saved<R>>, ApiError> {
    if inputs.len() > CREATE_MANY_AT_MOST {
        return Err(ApiError::internal(format!(
            "create_many takes at most {CREATE_MANY_AT_MOST} records, not {}",
            inputs.len()
        )));
    }
    for (i, input) in inputs.iter_mut().enumerate() {
        R::check_create(caller, input)
            .and_then(|()| check_all::<R>(input))
            .map_err(|e| e.within(i))?;
    }
    for (i, input) in inputs.iter_mut().enumerate() {
        input.settle(conn, caller, None).map_err(|e| e.within(i))?;
    }
    R::Input::check_new_references(conn, caller, &inputs)?;
    let inputs = inputs.into_iter().map(|i| (Uuid::now_v7(), i)).collect();
    write_created::<R>(conn, caller, inputs, review)
}

/// Write new records whose inputs passed every check (one for `create`, many for
/// `create_many`): their change records, then their rows.
fn write_created<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    inputs: Vec<(Uuid, R::Input)>,
    review: WriteReview,
) -> Result<Vec<Saved<R>>, ApiError> {
    let now = to_utc(store::now());
    let saving = saving_of_create(caller, review);
    let changes: Vec<NewChange> = inputs
        .iter()
        .map(|(id, input)| new_change::<R>(caller, *id, create_change::<R>(input, now, saving)))
        .collect();
    let mut records: Vec<R> = inputs
        .into_iter()
        .map(|(id, input)| R::new(input, created_meta(id, caller, now, saving)))
        .collect();
    // One record (a create through the API): its change and its rows in one statement
    // where the kind allows it.
    if let ([change], [record]) = (changes.as_slice(), records.as_slice())
        && let Some((_, representation)) = R::insert_created(conn, record, change, saving)?
    {
        let record = records.pop().expect("one record");
        return Ok(vec![Saved {
            record,
            representation,
        }]);
    }
    let seqs = change_store::append_many(conn, &changes)?;
    let written: Vec<(&R, i64)> = records.iter().zip(seqs).collect();
    let representations = R::insert_many(conn, &written, saving)?;
    Ok(records
        .into_iter()
        .zip(representations)
        .map(|(record, representation)| Saved {
            record,
            representation,
        })
        .collect())
}

/// The change record of a create.
fn create_change<R: RecordStorage>(
    input: &R::Input,
    at: DateTime<Utc>,
    saving: Saving,
) -> ChangeOf {
    ChangeOf {
        action: ChangeAction::Create,
        version: 1,
        at,
        changed_fields: input.present_fields(),
        audience: audience_of::<R>(saving, input, None),
        previous_audience: None,
        comment: None,
    }
}

/// The server-owned part of a record created now.
fn created_meta(id: Uuid, caller: &Caller, now: DateTime<Utc>, saving: Saving) -> RecordMeta {
    RecordMeta {
        id,
        version: 1,
        created_at: now,
        updated_at: now,
        created_by: caller.sub.clone(),
        updated_by: caller.sub.clone(),
        review_status: saving.status(),
        approved_version: (saving == Saving::Approved).then_some(1),
    }
}

/// Replace or patch a record when the client read its current version. A write that
/// changes nothing leaves the record (and its version) as it is.
pub fn update<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &ExpectedVersions,
    update: Update<R::Input>,
    review: WriteReview,
) -> Result<Saved<R>, ApiError> {
    let current = load::<R>(conn, caller, id)?;
    let before = current.to_input();
    let meta = current.meta();
    let saving = saving_of_update(
        caller,
        meta.review_status,
        meta.approved_version.is_some(),
        review,
    );
    // Refuse a caller who may not write this record before looking at its input.
    R::check_update(caller, &before, None, saving.awaits_approval())?;
    // A partner's write that counts at once would make a version awaiting review count
    // with it, unreviewed.
    if caller.role == crate::auth::Role::Partner
        && !saving.awaits_approval()
        && meta
            .approved_version
            .is_some_and(|approved| approved != meta.version)
    {
        return Err(ApiError::conflict(crate::msg!(
            "version-awaits-review",
            kind = crate::l10n::noun(R::KIND.noun()),
            status = meta.review_status.to_string()
        )));
    }
    let mut input: R::Input = match update {
        Update::Replace(input) => *input,
        Update::Patch(patch) => patch_input(json!(before), &patch)?,
    };
    R::check_update(caller, &before, Some(&input), saving.awaits_approval())?;
    check_all::<R>(&mut input)?;
    input.settle(conn, caller, Some(id))?;
    input.check_references(conn, caller, Some(id))?;
    // The precondition comes after the input's own checks: a request that would fail
    // without If-Match fails the same way with it (RFC 9110 §13.2.1).
    expected.check(meta.version)?;
    let changed = changed_fields(&json!(before), &json!(input));
    // Nothing to review either: a write that changes nothing leaves the status as it is.
    if changed.is_empty() {
        let representation = serde_json::to_string(&current).map_err(ApiError::internal)?;
        return Ok(Saved {
            record: current,
            representation,
        });
    }
    let now = to_utc(store::now());
    let version = meta.version + 1;
    // What counted before this write: the approved content (None: never approved).
    let counted = R::approved(conn, id)?.map(|approved| approved.to_input());
    // Those who read only approved content learn what changed since the version they read.
    let changed = match (saving, &counted) {
        (Saving::Approved, Some(counted)) => changed_fields(&json!(counted), &json!(input)),
        _ => changed,
    };
    let seq = append::<R>(
        conn,
        caller,
        id,
        ChangeOf {
            action: ChangeAction::Update,
            version,
            at: now,
            changed_fields: changed,
            audience: audience_of::<R>(saving, &input, counted.as_ref()),
            // A version awaiting review takes nobody's view away (the approved one stays);
            // otherwise those who could read what counted before.
            previous_audience: (!saving.awaits_approval())
                .then(|| counted_audience::<R>(counted.as_ref(), &before)),
            comment: None,
        },
    )?;
    save_version::<R>(conn, caller, meta, input, now, seq, saving)
}

/// Write the next version of a record last at `meta` (its change record is `seq`),
/// saved as `saving` says; 409 when a concurrent write got there first.
fn save_version<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    meta: RecordMeta,
    input: R::Input,
    now: DateTime<Utc>,
    seq: i64,
    saving: Saving,
) -> Result<Saved<R>, ApiError> {
    let version = meta.version + 1;
    let record = R::new(
        input,
        RecordMeta {
            id: meta.id,
            version,
            created_at: meta.created_at,
            updated_at: now,
            created_by: meta.created_by,
            updated_by: caller.sub.clone(),
            review_status: saving.status(),
            approved_version: match saving {
                Saving::Approved => Some(version),
                _ => meta.approved_version,
            },
        },
    );
    match R::update(conn, &record, meta.version, seq, saving)? {
        Some(representation) => Ok(Saved {
            record,
            representation,
        }),
        None => Err(ApiError::changed_concurrently()),
    }
}

/// Delete a record that nothing refers to (409 naming the referrers otherwise), if it is
/// still at the version the client read.
pub fn delete<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &ExpectedVersions,
) -> Result<(), ApiError> {
    // A write referring to the record at this moment commits first (and is found among
    // the referrers), or waits and finds the record gone.
    change_store::hold_unreferenced(conn, id)?;
    let current = load::<R>(conn, caller, id)?;
    R::check_delete(caller)?;
    let version = current.meta().version;
    expected.check(version)?;
    let referrers = R::referrers(conn, id)?;
    if !referrers.is_empty() {
        return Err(ApiError::conflict(crate::msg!(
            "record-still-referenced",
            kind = crate::l10n::noun(R::KIND.noun()),
            referrers = crate::l10n::and_list(referrers)
        )));
    }
    // The change record first, as every write does: its transaction takes its id and its
    // `seq` together (`change_store::append`). Those who could read what counted lose it.
    let counted = R::approved(conn, id)?.map(|approved| approved.to_input());
    let audience = counted_audience::<R>(counted.as_ref(), &current.to_input());
    append::<R>(
        conn,
        caller,
        id,
        ChangeOf {
            action: ChangeAction::Delete,
            version,
            at: to_utc(store::now()),
            changed_fields: Vec::new(),
            audience: audience.clone(),
            previous_audience: Some(audience),
            comment: None,
        },
    )?;
    // Only where the version is still the one checked: a write that committed in between
    // is not erased by a delete that never saw it (the change record goes with the
    // refusal, since the transaction rolls back).
    if !R::delete(conn, id, version)? {
        return Err(ApiError::changed_concurrently());
    }
    Ok(())
}

/// Make a review transition (submit, approve, return) of a record the caller may write,
/// if it is still at the version the client read. Approving makes the current version the
/// one that counts (its references are checked again: they may have changed meanwhile).
pub fn review<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &ExpectedVersions,
    transition: Transition,
    comment: Option<String>,
) -> Result<Saved<R>, ApiError> {
    let current = load_to_move::<R>(conn, caller, id)?;
    let input = current.to_input();
    R::check_update(caller, &input, None, false)?;
    let meta = current.meta();
    let to = transition.check(
        caller,
        R::KIND.noun(),
        meta.review_status,
        comment.as_deref(),
    )?;
    // Four eyes: the version is approved by someone other than its author.
    if transition == Transition::Approve && meta.updated_by == caller.sub {
        return Err(ApiError::forbidden(crate::msg!(
            "four-eyes",
            author = caller.sub.as_str()
        )));
    }
    if to == ReviewStatus::Approved {
        input.check_references(conn, caller, Some(id))?;
    }
    expected.check(meta.version)?;
    let approved = R::approved(conn, id)?.map(|record| record.to_input());
    let (saving, changed, previous_audience) = match to {
        ReviewStatus::Approved => (
            Saving::Approved,
            // What changed for those who read only approved content.
            changed_fields(
                &approved.as_ref().map_or_else(|| json!({}), |a| json!(a)),
                &json!(input),
            ),
            approved.as_ref().map(R::audience),
        ),
        // Only the current version changes; the columns already hold what counts.
        status => (Saving::Pending(status), Vec::new(), None),
    };
    let now = to_utc(store::now());
    let version = meta.version + 1;
    let audience = audience_of::<R>(saving, &input, approved.as_ref().or(Some(&input)));
    let seq = append::<R>(
        conn,
        caller,
        id,
        ChangeOf {
            action: match transition {
                Transition::Submit => ChangeAction::Submit,
                Transition::Approve => ChangeAction::Approve,
                Transition::Return => ChangeAction::Return,
            },
            version,
            at: now,
            changed_fields: changed,
            audience,
            previous_audience,
            comment,
        },
    )?;
    save_version::<R>(conn, caller, meta, input, now, seq, saving)
}

/// A move in a kind's own workflow beside review (a cooperation request's pipeline),
/// recorded as `action`: `apply` judges the caller and the current content (403, 409,
/// 422, in that order) and changes it; then the version the client read is checked
/// (412). The record must have no version awaiting review (409): the move counts at once,
/// for everyone who reads the record.
pub fn workflow_move<R: RecordStorage>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &ExpectedVersions,
    action: ChangeAction,
    apply: impl FnOnce(&mut DbConnection, &mut R::Input) -> Result<Option<String>, ApiError>,
) -> Result<Saved<R>, ApiError> {
    let current = load_to_move::<R>(conn, caller, id)?;
    let before = current.to_input();
    let meta = current.meta();
    let mut input = before.clone();
    let comment = apply(conn, &mut input)?;
    if meta.approved_version != Some(meta.version) {
        return Err(ApiError::conflict(crate::msg!(
            "current-version-not-approved",
            kind = crate::l10n::noun(R::KIND.noun()),
            status = meta.review_status.to_string()
        )));
    }
    expected.check(meta.version)?;
    let now = to_utc(store::now());
    let version = meta.version + 1;
    let seq = append::<R>(
        conn,
        caller,
        id,
        ChangeOf {
            action,
            version,
            at: now,
            changed_fields: changed_fields(&json!(before), &json!(input)),
            audience: R::audience(&input),
            previous_audience: Some(R::audience(&before)),
            comment,
        },
    )?;
    save_version::<R>(conn, caller, meta, input, now, seq, Saving::Approved)
}
