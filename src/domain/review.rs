//! Review workflow of cooperation records, as an aid-management system's validation step:
//! partners propose, the directorate (coordinators, admins) approves or returns.
//!
//! ```text
//!             submit              approve
//!   draft ───────────▶ submitted ─────────▶ approved ──(edit by a partner)──▶ submitted
//!     ▲                    │
//!     └──── edit ◀─ returned ◀── return (comment required)
//! ```
//!
//! The last approved version is what counts for everyone but the directorate and the
//! record's participants: viewers and other partners read it, and the record's columns
//! (filters, statistics, visibility, participants) hold it. An edit awaiting review lives
//! beside it as the record's current version until it is approved. `SSC_REVIEW` chooses
//! which partner writes need review; coordinators' and admins' own writes are approved on
//! save unless they ask for review.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Caller, Role};
use crate::closed_vocabulary::vocabulary;
use crate::db::DbConnection;
use crate::domain::kinds::ResourceKind;
use crate::error::ApiError;
use crate::store::record_table::ReviewFilter;
use crate::store::snapshot::TimeKey;
use crate::store::{parse_uuid, to_utc};

vocabulary! {
    /// Where a record stands in review.
    ReviewStatus {
        Draft = "draft", "Draft", "Borrador";
        Submitted = "submitted", "Submitted for review", "Enviado a revisión";
        Approved = "approved", "Approved", "Aprobado";
        Returned = "returned", "Returned to its authors", "Devuelto";
    }
}

/// Which partner writes need review (`SSC_REVIEW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReviewPolicy {
    /// Every partner change needs review.
    #[default]
    #[value(name = "all_edits")]
    AllEdits,
    /// Only new records need review; partners' edits of approved records count at once.
    #[value(name = "new_only")]
    NewOnly,
    /// Everything counts at once.
    #[value(name = "off")]
    Off,
}

/// How a write is to be reviewed: the service's policy and whether a coordinator asked
/// for review of its own write.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteReview {
    pub policy: ReviewPolicy,
    pub requested: bool,
    /// Save it as a draft whoever writes it (`?review=draft`): kept with its authors, and
    /// accepted incomplete (see `domain::record::draft`).
    pub draft: bool,
}

/// How a write is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// It counts at once: the columns, child rows and approved version become it.
    Approved,
    /// In the columns, with no approved version (the record was never approved).
    Unapproved(ReviewStatus),
    /// Only as the current version: the approved content stays what counts.
    Pending(ReviewStatus),
}

impl Saving {
    pub fn status(self) -> ReviewStatus {
        match self {
            Saving::Approved => ReviewStatus::Approved,
            Saving::Unapproved(status) | Saving::Pending(status) => status,
        }
    }

    /// Does the change count only once approved? (Then a partner may propose changes to
    /// who takes part and who may read the record: they take effect on approval.)
    pub fn awaits_approval(self) -> bool {
        matches!(self, Saving::Pending(_))
    }
}

fn directs(caller: &Caller) -> bool {
    matches!(caller.role, Role::Admin | Role::Coordinator)
}

/// How a new record is saved.
pub fn saving_of_create(caller: &Caller, review: WriteReview) -> Saving {
    if review.draft {
        return Saving::Unapproved(ReviewStatus::Draft);
    }
    match (directs(caller), review.policy) {
        (true, _) if review.requested => Saving::Unapproved(ReviewStatus::Submitted),
        (true, _) | (false, ReviewPolicy::Off) => Saving::Approved,
        (false, _) => Saving::Unapproved(ReviewStatus::Draft),
    }
}

/// How an edit of a record in `current` status is saved (`has_approved`: the record has
/// an approved version).
pub fn saving_of_update(
    caller: &Caller,
    current: ReviewStatus,
    has_approved: bool,
    review: WriteReview,
) -> Saving {
    let unapproved = |status| match has_approved {
        true => Saving::Pending(status),
        false => Saving::Unapproved(status),
    };
    if review.draft {
        return unapproved(ReviewStatus::Draft);
    }
    if directs(caller) {
        return match review.requested {
            true => unapproved(ReviewStatus::Submitted),
            false => Saving::Approved,
        };
    }
    match (review.policy, has_approved) {
        (ReviewPolicy::Off, _) | (ReviewPolicy::NewOnly, true) => Saving::Approved,
        // A submitted or approved record's edit awaits review; a draft's or a returned
        // one's stays with its authors until they submit it.
        _ => unapproved(match current {
            ReviewStatus::Submitted | ReviewStatus::Approved => ReviewStatus::Submitted,
            ReviewStatus::Draft | ReviewStatus::Returned => ReviewStatus::Draft,
        }),
    }
}

/// A review transition, its own operation (`POST …/{id}/submit`, `…/approve`, `…/return`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Approve,
    Return,
}

impl Transition {
    /// The status the record goes to from `current`, if `caller` may make the transition
    /// (403 for the role, 409 for the status, 422 for a return without a comment).
    pub fn check(
        self,
        caller: &Caller,
        noun: &'static str,
        current: ReviewStatus,
        comment: Option<&str>,
    ) -> Result<ReviewStatus, ApiError> {
        let (from, to): (&[ReviewStatus], ReviewStatus) = match self {
            Transition::Submit => (
                &[ReviewStatus::Draft, ReviewStatus::Returned],
                ReviewStatus::Submitted,
            ),
            Transition::Approve => (&[ReviewStatus::Submitted], ReviewStatus::Approved),
            Transition::Return => (&[ReviewStatus::Submitted], ReviewStatus::Returned),
        };
        if self != Transition::Submit && !directs(caller) {
            let kind = crate::l10n::noun(noun);
            return Err(ApiError::forbidden(match self {
                Transition::Return => crate::msg!("review-directorate-returns", kind = kind),
                _ => crate::msg!("review-directorate-approves", kind = kind),
            }));
        }
        if !from.contains(&current) {
            // An approved record asks for review by being written again with
            // `?review=requested`: say so where a directorate user looks for it.
            let kind = crate::l10n::noun(noun);
            let current = current.as_str();
            let from = crate::l10n::or_list(from.iter().map(|s| s.as_str()));
            return Err(ApiError::conflict(match self {
                Transition::Submit if current == ReviewStatus::Approved.as_str() => crate::msg!(
                    "review-cannot-submit-approved",
                    kind = kind,
                    current = current,
                    from = from
                ),
                Transition::Submit => crate::msg!(
                    "review-cannot-submit",
                    kind = kind,
                    current = current,
                    from = from
                ),
                Transition::Approve => crate::msg!(
                    "review-cannot-approve",
                    kind = kind,
                    current = current,
                    from = from
                ),
                Transition::Return => crate::msg!(
                    "review-cannot-return",
                    kind = kind,
                    current = current,
                    from = from
                ),
            }));
        }
        if self == Transition::Return && comment.is_none_or(|c| c.trim().is_empty()) {
            let mut violations = crate::validation::Violations::new();
            violations.add("/comment", crate::msg!("review-return-needs-comment"));
            violations.into_result()?;
        }
        Ok(to)
    }
}

/// The body of a review transition: an optional comment (required to return a record).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "Budget lines checked against the signed agreement."}))]
pub struct ReviewComment {
    /// Shown in the record's history and the change feed; required to return a record.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000, pattern = "^[^\\u0000]{1,2000}$")]
    pub comment: Option<String>,
}

/// A kind of record that is reviewed (as `GET /reviews?kind=` names it): the registry's
/// reviewed kinds, and no other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewedKind(ResourceKind);

impl ReviewedKind {
    pub fn kind(self) -> ResourceKind {
        self.0
    }

    /// Every reviewed kind, in the registry's order.
    pub fn all() -> impl Iterator<Item = ReviewedKind> {
        ResourceKind::ALL
            .iter()
            .filter(|kind| kind.is_reviewed())
            .map(|kind| ReviewedKind(*kind))
    }
}

impl<'de> Deserialize<'de> for ReviewedKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        ReviewedKind::all()
            .find(|kind| kind.0.as_str() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = ReviewedKind::all().map(|k| k.0.as_str()).collect();
                serde::de::Error::custom(format!(
                    "unknown variant `{name}`, expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

impl utoipa::PartialSchema for ReviewedKind {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .description(Some("The kinds of record that are reviewed."))
            .enum_values(Some(ReviewedKind::all().map(|k| k.0.as_str())))
            .into()
    }
}

impl ToSchema for ReviewedKind {}

/// A record in review, as `GET /reviews` lists it (its content is at `href`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "kind": "project", "id": "0193a6a0-0002-7000-8000-000000000001",
    "href": "/api/v1/projects/0193a6a0-0002-7000-8000-000000000001",
    "code": "FOAR-2025-0012",
    "title": {"es": "Fortalecimiento de la cadena láctea"},
    "review_status": "submitted", "version": 4, "approved_version": 2,
    "submitted_by": "ana.quispe", "submitted_at": "2026-01-10T12:00:00Z",
    "organisation": {"id": "0193a6a0-0001-7000-8000-00000000000a", "name": "Ministerio de Desarrollo Rural y Tierras"},
    "updated_at": "2026-01-10T12:00:00Z", "updated_by": "ana.quispe"
}))]
pub struct ReviewItem {
    pub kind: ResourceKind,
    pub id: Uuid,
    /// The record, as the caller may read it.
    pub href: String,
    pub review_status: ReviewStatus,
    /// The current version (what `approve` and `return` take in `If-Match`).
    pub version: i64,
    /// The version that counts meanwhile; null when the record was never approved.
    #[schema(required = true)]
    pub approved_version: Option<i64>,
    /// The record's code (projects); null for kinds that have none.
    #[schema(required = true)]
    pub code: Option<String>,
    /// The current version's title, per language.
    pub title: crate::domain::documents::LocalisedText,
    /// Who put the version under review in review (a `submit`, or a write saved as
    /// submitted): for a `submitted` record its current version, for an `approved` or
    /// `returned` one the version that was reviewed. Null when the record's status was not
    /// reached through review (a draft, a write approved on save).
    #[schema(required = true)]
    pub submitted_by: Option<String>,
    /// When it was submitted; null as `submitted_by`.
    #[schema(required = true)]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The organisation the submitter acted for; null when they acted for none (the
    /// directorate) or as `submitted_by`.
    #[schema(required = true)]
    pub organisation: Option<OrganisationName>,
    /// The last change, of whatever kind.
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// An organisation, by id and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationName {
    pub id: Uuid,
    pub name: String,
}

/// Who submitted the version reviewed of each record (see [`ReviewItem::submitted_by`]).
fn submissions(
    conn: &mut DbConnection,
    kind: ResourceKind,
    rows: &[crate::store::record_table::ReviewRow],
) -> Result<std::collections::HashMap<String, crate::store::changes::StoredChange>, ApiError> {
    use std::collections::HashMap;
    if rows.is_empty() {
        return Ok(HashMap::new());
    }
    let ids = rows.iter().map(|row| row.id.clone()).collect();
    let mut by_version: HashMap<(String, i64), crate::store::changes::StoredChange> =
        HashMap::new();
    for change in crate::store::changes::of_records(conn, kind.as_str(), ids)? {
        by_version.insert((change.record_id.to_string(), change.version), change);
    }
    let mut found = HashMap::new();
    for row in rows {
        let Some(current) = by_version.get(&(row.id.clone(), row.version)) else {
            continue;
        };
        let submission = if row.review_status == ReviewStatus::Submitted.as_str() {
            Some(current)
        } else if matches!(current.action.as_str(), "approve" | "return") {
            by_version.get(&(row.id.clone(), row.version - 1))
        } else {
            None
        };
        if let Some(change) = submission {
            found.insert(row.id.clone(), change.clone());
        }
    }
    Ok(found)
}

/// What `GET /reviews` asks for, checked.
#[derive(Debug, Clone)]
pub struct ReviewRequest {
    pub kinds: Vec<ResourceKind>,
    pub status: ReviewStatus,
    pub organisation: Option<Uuid>,
    pub after: Option<TimeKey>,
    pub limit: usize,
}

/// Records in review, newest first across kinds, at most `limit + 1`: every record for
/// admins and coordinators, their own organisation's for partners (403 for another
/// organisation's, and for viewers).
pub fn in_review(
    conn: &mut DbConnection,
    caller: &Caller,
    request: ReviewRequest,
) -> Result<Vec<(ReviewItem, TimeKey)>, ApiError> {
    let organisation = match (caller.role, caller.org) {
        (Role::Admin | Role::Coordinator, _) => request.organisation,
        (Role::Partner, Some(own)) => match request.organisation {
            Some(other) if other != own => {
                return Err(ApiError::forbidden(crate::msg!("review-partner-sees-own")));
            }
            _ => Some(own),
        },
        _ => {
            return Err(ApiError::forbidden(crate::msg!("review-not-for-viewers")));
        }
    };
    let filter = ReviewFilter {
        statuses: vec![request.status.as_str()],
        organisation,
        after: request.after,
    };
    let mut rows = Vec::new();
    for kind in &request.kinds {
        let kind_rows = kind.in_review(conn, &filter, request.limit)?;
        let submitted = submissions(conn, *kind, &kind_rows)?;
        let organisations: Vec<String> = submitted
            .values()
            .filter_map(|change| change.actor_organisation_id.map(|id| id.to_string()))
            .collect();
        let names = crate::store::organisations::names(conn, organisations)?;
        for row in kind_rows {
            let current: serde_json::Value = serde_json::from_str(&row.representation)
                .map_err(|_| ApiError::internal("stored representation"))?;
            let submission = submitted.get(&row.id);
            let key = TimeKey {
                updated_at: row.updated_at,
                id: row.id.clone(),
            };
            let id = parse_uuid(&row.id)?;
            let item = ReviewItem {
                kind: *kind,
                id,
                href: format!("/api/v1{}/{id}", kind.collection()),
                review_status: ReviewStatus::parse(&row.review_status)
                    .ok_or_else(|| ApiError::internal("stored review status"))?,
                version: row.version,
                approved_version: row.approved_version,
                code: current["code"].as_str().map(str::to_owned),
                title: serde_json::from_value(current["title"].clone()).unwrap_or_default(),
                submitted_by: submission.map(|change| change.actor.clone()),
                submitted_at: submission.map(|change| to_utc(change.at)),
                organisation: submission
                    .and_then(|change| change.actor_organisation_id)
                    .map(|id| OrganisationName {
                        id,
                        name: names.get(&id.to_string()).cloned().unwrap_or_default(),
                    }),
                updated_at: to_utc(row.updated_at),
                updated_by: row.updated_by,
            };
            rows.push((item, key));
        }
    }
    rows.sort_by(|a, b| b.1.cmp(&a.1));
    rows.truncate(request.limit + 1);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    use uuid::Uuid;

    /// The reviewed kinds are exactly the cooperation records of the registry: a new kind
    /// cannot be added to one and forgotten in the other.
    #[test]
    fn every_cooperation_record_is_reviewed() {
        let reviewed: Vec<ResourceKind> = ReviewedKind::all().map(|k| k.kind()).collect();
        let cooperation: Vec<ResourceKind> = ResourceKind::cooperation().collect();
        assert_eq!(reviewed, cooperation);
        let parsed: ReviewedKind = serde_json::from_str("\"policy_exchange\"").unwrap();
        assert_eq!(parsed.kind(), ResourceKind::PolicyExchange);
        assert!(serde_json::from_str::<ReviewedKind>("\"organisation\"").is_err());
    }

    fn caller(role: Role) -> Caller {
        Caller {
            sub: "tester".into(),
            role,
            org: (role == Role::Partner).then(Uuid::now_v7),
            issuer: "ssc-api".into(),
        }
    }

    #[test]
    fn partners_writes_follow_the_policy() {
        let partner = caller(Role::Partner);
        let all = WriteReview::default();
        let new_only = WriteReview {
            policy: ReviewPolicy::NewOnly,
            ..Default::default()
        };
        let off = WriteReview {
            policy: ReviewPolicy::Off,
            ..Default::default()
        };
        assert_eq!(
            saving_of_create(&partner, all),
            Saving::Unapproved(ReviewStatus::Draft)
        );
        assert_eq!(
            saving_of_create(&partner, new_only),
            Saving::Unapproved(ReviewStatus::Draft)
        );
        assert_eq!(saving_of_create(&partner, off), Saving::Approved);
        let approved = ReviewStatus::Approved;
        assert_eq!(
            saving_of_update(&partner, approved, true, all),
            Saving::Pending(ReviewStatus::Submitted)
        );
        assert_eq!(
            saving_of_update(&partner, approved, true, new_only),
            Saving::Approved
        );
        assert_eq!(
            saving_of_update(&partner, ReviewStatus::Returned, true, all),
            Saving::Pending(ReviewStatus::Draft)
        );
        assert_eq!(
            saving_of_update(&partner, ReviewStatus::Draft, false, new_only),
            Saving::Unapproved(ReviewStatus::Draft)
        );
    }

    #[test]
    fn coordinators_writes_are_approved_unless_they_ask_for_review() {
        let coordinator = caller(Role::Coordinator);
        let asked = WriteReview {
            policy: ReviewPolicy::Off,
            requested: true,
            draft: false,
        };
        assert_eq!(
            saving_of_create(&coordinator, WriteReview::default()),
            Saving::Approved
        );
        assert_eq!(
            saving_of_create(&coordinator, asked),
            Saving::Unapproved(ReviewStatus::Submitted)
        );
        assert_eq!(
            saving_of_update(&coordinator, ReviewStatus::Approved, true, asked),
            Saving::Pending(ReviewStatus::Submitted)
        );
    }
}
