//! Review: what awaits it (`GET /api/v1/reviews`) and what a write asks of it (the
//! `review` parameter of cooperation records' creates, replaces and patches). The
//! transitions themselves (`…/{id}/submit`, `…/approve`, `…/return`) are declared with
//! each kind's standard operations (`record_routes!`).

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::review::{
    self, ReviewItem, ReviewPolicy, ReviewRequest, ReviewStatus, ReviewedKind, WriteReview,
};
use crate::error::ApiError;
use crate::http::extract::QueryParams;
use crate::pagination::{Cursors, page_size};
use crate::store::snapshot::TimeKey;

const CURSOR_KIND: &str = "reviews";

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_reviews);
}

/// What a write of a cooperation record asks of review.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WriteQuery {
    /// `requested`: a coordinator's or admin's own write is saved as submitted, for
    /// another reviewer to approve, instead of approved on save. (Partners' writes follow
    /// the service's review policy whatever this says.) `draft`: saved as a draft, by
    /// anyone, and accepted even if incomplete: what it lacks or breaks is listed in its
    /// `completeness`, and it cannot be submitted until that is empty.
    pub review: Option<ReviewRequested>,
}

/// Asks for review of the write, or keeps it a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
pub enum ReviewRequested {
    #[serde(rename = "requested")]
    Requested,
    #[serde(rename = "draft")]
    Draft,
}

/// No review parameters (records that are not reviewed).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoReview {}

/// What a write's query says of review, whatever kind of record it writes.
pub trait AsksReview {
    fn review(&self) -> Option<ReviewRequested>;
}

impl AsksReview for WriteQuery {
    fn review(&self) -> Option<ReviewRequested> {
        self.review
    }
}

impl AsksReview for NoReview {
    fn review(&self) -> Option<ReviewRequested> {
        None
    }
}

pub fn write_review(query: &impl AsksReview, policy: ReviewPolicy) -> WriteReview {
    WriteReview {
        policy,
        requested: query.review() == Some(ReviewRequested::Requested),
        draft: query.review() == Some(ReviewRequested::Draft),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// Only records of this kind.
    pub kind: Option<ReviewedKind>,
    /// Records in this review status (default `submitted`: what awaits review).
    pub status: Option<ReviewStatus>,
    /// Only records in which this organisation takes part (a partner: its own only).
    pub organisation: Option<uuid::Uuid>,
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(min_length = 22, max_length = 1024)]
    pub cursor: Option<String>,
}

/// A page of records in review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewPage {
    pub items: Vec<ReviewItem>,
    /// Pass as `cursor` to get the next page; null on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// What awaits review
///
/// Cooperation records of every kind in one review status (default `submitted`), most
/// recently changed first. Admins and coordinators see every record; partners those their
/// organisation takes part in; viewers none (403). Each item links to the record; approve
/// or return it with its `version` as `If-Match`.
#[utoipa::path(
    tag = "reviews",
    params(ReviewQuery),
    responses(
        (status = 200, description = "A page of records in review", body = ReviewPage),
        (status = 403, description = "Viewers see no reviews; a partner only its own organisation's", body = crate::error::ProblemDocument, content_type = "application/problem+json"),
    )
)]
#[get("/reviews")]
pub async fn list_reviews(
    caller: Caller,
    db: web::Data<Db>,
    cursors: web::Data<Cursors>,
    query: QueryParams<ReviewQuery>,
) -> Result<web::Json<ReviewPage>, ApiError> {
    let query = query.0;
    let limit = page_size(query.limit)?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| cursors.decode::<TimeKey>(CURSOR_KIND, c))
        .transpose()?;
    let request = ReviewRequest {
        kinds: match query.kind {
            Some(kind) => vec![kind.kind()],
            None => ReviewedKind::all().map(|k| k.kind()).collect(),
        },
        status: query.status.unwrap_or(ReviewStatus::Submitted),
        organisation: query.organisation,
        after,
        limit,
    };
    let rows = db
        .read(move |conn| review::in_review(conn, &caller, request))
        .await?;
    let (rows, next_cursor) = cursors.paginate(rows, limit, CURSOR_KIND, |(_, key)| key.clone());
    Ok(web::Json(ReviewPage {
        items: rows.into_iter().map(|(item, _)| item).collect(),
        next_cursor,
    }))
}
