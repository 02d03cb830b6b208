//! What every kind of record shares.
//!
//! A kind is declared once, on the type of its fields as clients send them (its *input*):
//! [`RecordKind`] gives its rules and its place in the registry, [`CooperationKind`] what
//! the shared storage and access rules need of a cooperation record. The record the API
//! returns is [`Record`]: those same fields composed with what the server owns (id,
//! version, times, authors, review), never copied field by field.
//!
//! `pipeline` is the versioned write pipeline every kind goes through (create, replace or
//! patch, delete, review transitions, each with its change record in the same
//! transaction); `cooperation` stores cooperation records in their tables and applies the
//! read and write rules of `access`; `schema` describes a record in the contract.

mod cooperation;
pub mod draft;
pub mod draft_reads;
mod pipeline;
mod schema;

use std::fmt::Debug;
use std::ops::Deref;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::db::point_reads::ReadMany;
use crate::domain::changes::changed_fields;
use crate::domain::documents::SharedParts;
use crate::domain::kinds::ResourceKind;
use crate::domain::list_query::ListFilters;
use crate::domain::review::{ReviewStatus, Saving};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::store::record_table::{RecordTable, StoredRecord};
use crate::store::visibility::Audience;
use crate::validation::Violations;

pub use cooperation::FilterOf;
pub use pipeline::{
    CREATE_MANY_AT_MOST, ExpectedVersions, Saved, Update, check_all, counted_audience_of,
    counted_audience_of_created, create, create_as, create_many, delete, incomplete_draft,
    not_found, read, review, update, visible, workflow_move,
};
pub use schema::{IncompleteDraft, RecordOrDraft};

/// A record as stored and returned: its id, its kind's fields exactly as clients send
/// them, what is computed from them (read-only members such as an arrangement's totals),
/// then what the server owns (versions, times, authors, review). The fields are written
/// once, in the kind's input type; the contract's schema of a record is the input's
/// members with the server's added (see `schema`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound = "K: RecordKind")]
pub struct Record<K: RecordKind> {
    pub id: Uuid,
    #[serde(flatten)]
    pub fields: K,
    #[serde(flatten)]
    pub derived: K::Derived,
    #[serde(flatten)]
    pub meta: K::Meta,
}

/// A record reads as its fields (`project.code`): the composition is an implementation
/// detail to every reader of a record's content.
impl<K: RecordKind> Deref for Record<K> {
    type Target = K;

    fn deref(&self) -> &K {
        &self.fields
    }
}

impl<K: RecordKind> Record<K> {
    /// The record made of `fields` and the server-owned part `meta`.
    pub fn new(fields: K, meta: RecordMeta) -> Self {
        Record {
            id: meta.id,
            derived: fields.derived(),
            meta: K::Meta::from_meta(&meta),
            fields,
        }
    }

    /// The server-owned part, whatever the representation shows of it.
    pub fn record_meta(&self) -> RecordMeta {
        self.meta.to_meta(self.id)
    }
}

/// The server-owned part of a record.
#[derive(Debug, Clone)]
pub struct RecordMeta {
    pub id: Uuid,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_by: String,
    /// Where the record stands in review (records that are not reviewed: approved).
    pub review_status: ReviewStatus,
    /// The version readers who may see only approved content read.
    pub approved_version: Option<i64>,
}

/// How a kind's representation shows the server-owned part.
pub trait MetaView:
    Serialize + DeserializeOwned + ToSchema + Clone + Debug + PartialEq + Send + Sync + 'static
{
    fn from_meta(meta: &RecordMeta) -> Self;
    fn to_meta(&self, id: Uuid) -> RecordMeta;
}

/// The server-owned members of a reviewed record (every cooperation record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "version": 3, "created_at": "2025-01-20T14:02:11.512000Z", "updated_at": "2025-06-02T09:30:00Z",
    "created_by": "maria.gomez", "updated_by": "ana.quispe",
    "review_status": "approved", "approved_version": 3
}))]
pub struct ReviewedMeta {
    /// Incremented by every change; also the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// `sub` of the token that created the record.
    pub created_by: String,
    /// `sub` of the token that last changed it.
    pub updated_by: String,
    /// Where the record stands in review: `draft` and `returned` are with their authors,
    /// `submitted` awaits a coordinator, `approved` counts. Changed by the record's
    /// `submit`, `approve` and `return` operations and by writes (see the README).
    #[schema(read_only)]
    pub review_status: ReviewStatus,
    /// The version readers who see only approved content (viewers, other partners) read;
    /// null until the record is first approved.
    #[schema(read_only, required = true)]
    pub approved_version: Option<i64>,
}

impl MetaView for ReviewedMeta {
    fn from_meta(meta: &RecordMeta) -> Self {
        ReviewedMeta {
            version: meta.version,
            created_at: meta.created_at,
            updated_at: meta.updated_at,
            created_by: meta.created_by.clone(),
            updated_by: meta.updated_by.clone(),
            review_status: meta.review_status,
            approved_version: meta.approved_version,
        }
    }

    fn to_meta(&self, id: Uuid) -> RecordMeta {
        RecordMeta {
            id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            created_by: self.created_by.clone(),
            updated_by: self.updated_by.clone(),
            review_status: self.review_status,
            approved_version: self.approved_version,
        }
    }
}

/// The server-owned members of a record that is not reviewed (an organisation): every
/// version counts. Who wrote it is in its history, not in its representation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "version": 1, "created_at": "2026-01-10T12:00:00Z", "updated_at": "2026-01-10T12:00:00Z"
}))]
pub struct UnreviewedMeta {
    /// Incremented by every change; also the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip)]
    pub created_by: String,
    #[serde(skip)]
    pub updated_by: String,
}

impl MetaView for UnreviewedMeta {
    fn from_meta(meta: &RecordMeta) -> Self {
        UnreviewedMeta {
            version: meta.version,
            created_at: meta.created_at,
            updated_at: meta.updated_at,
            created_by: meta.created_by.clone(),
            updated_by: meta.updated_by.clone(),
        }
    }

    fn to_meta(&self, id: Uuid) -> RecordMeta {
        RecordMeta {
            id,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
            created_by: self.created_by.clone(),
            updated_by: self.updated_by.clone(),
            review_status: ReviewStatus::Approved,
            approved_version: Some(self.version),
        }
    }
}

/// No members computed from the fields (most kinds).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NoDerived {}

/// A kind of record, declared on its input: the fields clients send, checked by its rules.
pub trait RecordKind:
    crate::request_body::Input + Serialize + Clone + Debug + PartialEq + Send + Sync + 'static
{
    /// Its entry in the registry of kinds (path, noun, feed name, ...).
    const KIND: ResourceKind;
    /// Read-only members computed from the fields ([`NoDerived`] for most kinds).
    type Derived: Serialize
        + DeserializeOwned
        + ToSchema
        + Default
        + Clone
        + Debug
        + PartialEq
        + Send
        + Sync
        + 'static;
    /// How the representation shows the server-owned part.
    type Meta: MetaView;

    fn derived(&self) -> Self::Derived {
        Self::Derived::default()
    }

    /// Every rule that needs no database, normalising what passes.
    fn check(&mut self, today: NaiveDate) -> Violations;
    /// The record's default language, texts in several languages and document links,
    /// for the rules every cooperation record shares (`None`: the kind has none).
    fn shared_parts(&mut self) -> Option<SharedParts<'_>> {
        None
    }
    /// The members a create sets (its change record's `changed_fields`).
    fn present_fields(&self) -> Vec<String> {
        changed_fields(&json!({}), &json!(self))
    }
    /// Set the members the server owns inside the input, whatever the body said of them
    /// (the requesting organisation's country, a request's place in its pipeline, kept
    /// from the stored version `id`, if any), and refuse what the caller may not set. Runs
    /// before `check_references`. Most kinds own no members of their input.
    fn settle(
        &mut self,
        _conn: &mut DbConnection,
        _caller: &Caller,
        _id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        Ok(())
    }
    /// Rules that need the database (references exist and are visible to the caller,
    /// unique values are free). `id` is the record's own when updating.
    fn check_references(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        id: Option<Uuid>,
    ) -> Result<(), ApiError>;
    /// `check_references` of many new records (a bulk load), the errors pointing into the
    /// list. One at a time unless the kind checks them together.
    fn check_new_references(
        conn: &mut DbConnection,
        caller: &Caller,
        inputs: &[Self],
    ) -> Result<(), ApiError> {
        for (i, input) in inputs.iter().enumerate() {
            input
                .check_references(conn, caller, None)
                .map_err(|e| e.within(i))?;
        }
        Ok(())
    }
}

/// A cooperation record (project, partnership, triangular arrangement, policy exchange):
/// what the shared storage ([`RecordTable`]) and the read and write rules by visibility
/// and participation need of its fields.
pub trait CooperationKind: RecordKind<Meta = ReviewedMeta> + DeserializeOwned {
    type Table: RecordTable;
    /// Its list's filters (also its export's and statistics').
    type Filters: ListFilters<Checked = <Self::Table as RecordTable>::Filter>;

    fn visibility(&self) -> Visibility;
    /// The organisations taking part, whose partners may read and write the record.
    fn participants(&self) -> Vec<Uuid>;
    /// The folded text `q` searches.
    fn search_text(&self) -> String;
    /// The record's own columns and child rows.
    fn row(record: &Record<Self>) -> Result<<Self::Table as RecordTable>::Row, ApiError>;
}

/// A kind of record as the write pipeline sees it: its input, its rules and its
/// server-owned part. Implemented by every [`Record`].
pub trait RecordRules: Sized + Serialize + Send + 'static {
    type Input: RecordKind;

    const KIND: ResourceKind;

    fn new(input: Self::Input, meta: RecordMeta) -> Self;
    fn meta(&self) -> RecordMeta;
    /// The record as a request body: what a merge patch applies to.
    fn to_input(&self) -> Self::Input;
}

impl<K: RecordKind> RecordRules for Record<K> {
    type Input = K;

    const KIND: ResourceKind = K::KIND;

    fn new(input: K, meta: RecordMeta) -> Self {
        Record::new(input, meta)
    }

    fn meta(&self) -> RecordMeta {
        self.record_meta()
    }

    fn to_input(&self) -> K {
        self.fields.clone()
    }
}

/// What a write or read of a record of this kind answers, in the contract: the record, or
/// for kinds that may have incomplete drafts (`draft`), the record or the draft.
pub trait Answered {
    type Answer: ToSchema;
}

impl<K: CooperationKind> Answered for Record<K> {
    type Answer = RecordOrDraft<Record<K>>;
}

/// Who may read and write records of a kind.
pub trait RecordAccess: RecordRules {
    /// May the caller see the record's history? (Deleted records have one too.)
    fn check_history(conn: &mut DbConnection, caller: &Caller, id: Uuid) -> Result<(), ApiError>;
    fn check_create(caller: &Caller, input: &Self::Input) -> Result<(), ApiError>;
    /// May the caller change `current`, into `new` when it is known? (`proposal`: the
    /// change counts only once approved.)
    fn check_update(
        caller: &Caller,
        current: &Self::Input,
        new: Option<&Self::Input>,
        proposal: bool,
    ) -> Result<(), ApiError>;
    fn check_delete(caller: &Caller) -> Result<(), ApiError>;
    /// Who may read a record with this content (stored with each change for the feed).
    fn audience(input: &Self::Input) -> Audience;
    /// Who may read a version of it that does not count yet: the directorate and the
    /// organisations taking part.
    fn reviewers(input: &Self::Input) -> Audience {
        Self::audience(input)
    }
}

/// How a kind of record is stored.
pub trait RecordStorage: RecordAccess {
    /// The stored record, if the caller may read it.
    fn find(
        conn: &mut DbConnection,
        caller: &Caller,
        id: Uuid,
    ) -> Result<Option<StoredRecord>, ApiError>;
    /// A reader of many of the kind's records by id for `caller`, and the group of the
    /// reads it serves (`db::point_reads` gathers a group's reads into one statement on
    /// PostgreSQL). It returns only what [`RecordStorage::find`] would answer with the
    /// record's current version; for the rest (none, a draft, an approved version) the
    /// read goes on its own. `None`: every read goes on its own.
    fn read_many(_caller: &Caller) -> Option<(String, ReadMany)> {
        None
    }
    /// The record itself, if the caller may read it (for writes).
    fn load(conn: &mut DbConnection, caller: &Caller, id: Uuid) -> Result<Option<Self>, ApiError>;
    /// Insert new records (one for `create`, many for a bulk load), each with its
    /// change's `seq`, saved as `saving` says; returns their stored representations.
    fn insert_many(
        conn: &mut DbConnection,
        records: &[(&Self, i64)],
        saving: Saving,
    ) -> Result<Vec<String>, ApiError>;
    /// Append the change record of a new record and insert the record in one statement,
    /// where the backend and the kind allow it (`store::record_table::insert_created`);
    /// returns the change's `seq` and the stored representation, or `None`, having
    /// written nothing: then `changes::append` and `insert_many`.
    fn insert_created(
        _conn: &mut DbConnection,
        _record: &Self,
        _change: &crate::store::changes::NewChange<'_>,
        _saving: Saving,
    ) -> Result<Option<(i64, String)>, ApiError> {
        Ok(None)
    }
    /// Overwrite if the stored version is still `expected_version`, saved as `saving`
    /// says; `None` when a concurrent write got there first.
    fn update(
        conn: &mut DbConnection,
        record: &Self,
        expected_version: i64,
        seq: i64,
        saving: Saving,
    ) -> Result<Option<String>, ApiError>;
    /// Has the record an approved version? (Records that are not reviewed: always.)
    fn is_approved(_conn: &mut DbConnection, _id: Uuid) -> Result<bool, ApiError> {
        Ok(true)
    }
    /// The content that counts while a newer version awaits review: the approved
    /// version's (None when there is none, or the record is not reviewed).
    fn approved(_conn: &mut DbConnection, _id: Uuid) -> Result<Option<Self>, ApiError> {
        Ok(None)
    }
    /// Delete if the stored version is still `expected_version`.
    fn delete(conn: &mut DbConnection, id: Uuid, expected_version: i64) -> Result<bool, ApiError>;
    /// Records that refer to this one, described for a 409 (a delete waits for them).
    fn referrers(conn: &mut DbConnection, id: Uuid) -> Result<Vec<crate::l10n::Text>, ApiError> {
        crate::domain::kinds::referrers(conn, Self::KIND, id)
    }
}
