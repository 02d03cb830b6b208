//! A cooperation request's pipeline, beside the review workflow:
//!
//! ```text
//!   received ──assess──▶ under_assessment ──accept──▶ accepted ──formulate──▶ formulated
//!      │                        │                        │                       │
//!      └──accept / decline──────┴──decline──▶ declined   │                       │
//!                                                │       │                       │
//!                                                └─close─┴────────close──────────┴──▶ closed
//! ```
//!
//! Every move is the directorate's (coordinators and admins), its own operation with
//! `If-Match`, and its own action in the history and the change feed. A request the
//! directorate has just received may be accepted or declined at once (a duplicate, an
//! obvious fit); a request is closed once decided: declined (the requester informed),
//! accepted (when no project follows) or formulated (the project agreed). A closed request
//! stays closed. Each move may carry a comment addressed to the requester, which becomes
//! the request's `comment_to_requester` and the change record's `comment` (the requester
//! reads both); declining needs a reason, and a comment when the reason is `other`.

use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::domain::changes::ChangeAction;
use crate::domain::cooperation_requests::{
    CooperationRequest, CooperationRequestInput, DeclineReason, RequestStatus,
};
use crate::domain::record::{self, ExpectedVersions, Saved};
use crate::error::ApiError;
use crate::validation::Violations;

/// A move of the pipeline (formulating is `formulate`'s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestMove {
    Assess,
    Accept,
    Decline,
    Close,
}

impl RequestMove {
    /// The statuses it moves from, and the one it moves to.
    fn edge(self) -> (&'static [RequestStatus], RequestStatus) {
        use RequestStatus::*;
        match self {
            RequestMove::Assess => (&[Received], UnderAssessment),
            RequestMove::Accept => (&[Received, UnderAssessment], Accepted),
            RequestMove::Decline => (&[Received, UnderAssessment], Declined),
            RequestMove::Close => (&[Accepted, Declined, Formulated], Closed),
        }
    }

    fn action(self) -> ChangeAction {
        match self {
            RequestMove::Assess => ChangeAction::Assess,
            RequestMove::Accept => ChangeAction::Accept,
            RequestMove::Decline => ChangeAction::Decline,
            RequestMove::Close => ChangeAction::Close,
        }
    }

    /// What a request undergoes, in a 409.
    /// The action, as the messages of the catalogue select their words by it.
    fn action_key(self) -> &'static str {
        match self {
            RequestMove::Assess => "assess",
            RequestMove::Accept => "accept",
            RequestMove::Decline => "decline",
            RequestMove::Close => "close",
        }
    }
}

/// The body of `assess`, `accept` and `close`: an optional comment to the requester.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "Hemos iniciado la consulta con las instituciones nacionales."}))]
pub struct PipelineComment {
    /// Addressed to the requester: it becomes the request's `comment_to_requester` and the
    /// change record's `comment` (internal remarks belong in the request's notes).
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000, pattern = "^[^\\u0000]{1,2000}$")]
    pub comment: Option<String>,
}

/// The body of `decline`: a reason, and a comment to the requester (required when the
/// reason is `other`).
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "reason": "no_capacity_available",
    "comment": "Ninguna institución nacional puede atender la solicitud en el plazo pedido."
}))]
pub struct Decline {
    pub reason: DeclineReason,
    /// Addressed to the requester, as in the other moves.
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000, pattern = "^[^\\u0000]{1,2000}$")]
    pub comment: Option<String>,
}

/// A move with what its body says.
#[derive(Debug, Clone)]
pub struct Move {
    pub kind: RequestMove,
    pub reason: Option<DeclineReason>,
    pub comment: Option<String>,
}

/// Only the directorate moves a request through its pipeline. `action` names what the
/// caller tried (a selector of `request-directorate-only`).
pub(super) fn check_directs(caller: &Caller, action: &'static str) -> Result<(), ApiError> {
    match caller.role {
        Role::Admin | Role::Coordinator => Ok(()),
        _ => Err(ApiError::forbidden(crate::msg!(
            "request-directorate-only",
            action = action
        ))),
    }
}

/// 409 unless the request stands in one of `from`.
pub(super) fn check_status(
    input: &CooperationRequestInput,
    from: &[RequestStatus],
    action: &'static str,
) -> Result<(), ApiError> {
    if from.contains(&input.status) {
        return Ok(());
    }
    let from = crate::l10n::or_list(from.iter().map(|s| s.as_str()));
    Err(ApiError::conflict(match input.project_id {
        Some(project) if input.status == RequestStatus::Formulated => crate::msg!(
            "request-cannot-move-formulated",
            project = project.to_string(),
            from = from,
            action = action
        ),
        _ => crate::msg!(
            "request-cannot-move",
            status = input.status.to_string(),
            from = from,
            action = action
        ),
    }))
}

/// Make move `step` of request `id`, if it is still at the version the client read.
pub fn move_request(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    expected: &ExpectedVersions,
    step: Move,
) -> Result<Saved<CooperationRequest>, ApiError> {
    let (from, to) = step.kind.edge();
    record::workflow_move::<CooperationRequest>(
        conn,
        caller,
        id,
        expected,
        step.kind.action(),
        |_, input| {
            check_directs(caller, step.kind.action_key())?;
            check_status(input, from, step.kind.action_key())?;
            if step.reason == Some(DeclineReason::Other)
                && step.comment.as_deref().is_none_or(|c| c.trim().is_empty())
            {
                let mut v = Violations::new();
                v.add(
                    "/comment",
                    crate::msg!("request-reason-other-needs-comment"),
                );
                v.into_result()?;
            }
            input.status = to;
            if step.kind == RequestMove::Decline {
                input.decline_reason = step.reason;
            }
            if step.comment.is_some() {
                input.comment_to_requester = step.comment.clone();
            }
            Ok(step.comment)
        },
    )
}
