//! A request's matches: the catalogue ranked for what it asks (`domain::matching`).

use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::cooperation_requests::CooperationRequest;
use crate::domain::matching::{self, CapacityMatches, MatchQuery};
use crate::domain::record::{self, RecordStorage};
use crate::error::ApiError;
use crate::l10n::Language;

/// The capacities that could answer request `id` as `caller` reads it (404 when it may
/// not read it; 409 for an incomplete draft, which has not said enough yet), in
/// `language`.
pub fn matches(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    query: &MatchQuery,
    language: Language,
) -> Result<CapacityMatches, ApiError> {
    let Some(stored) = CooperationRequest::find(conn, caller, id)? else {
        record::read::<CooperationRequest>(conn, caller, id)?;
        return Err(record::incomplete_draft::<CooperationRequest>(
            id, "matches",
        ));
    };
    let request: CooperationRequest =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    matching::rank_capacities(conn, caller, &request.demand(), query, language)
}

#[cfg(test)]
mod tests {
    use crate::domain::cooperation_requests::RequestStatus;
    use crate::domain::matching::requests::OpenRequestStatus;

    /// Matching in reverse names the pipeline's open statuses by their codes.
    #[test]
    fn open_statuses_are_pipeline_statuses() {
        for status in OpenRequestStatus::ALL {
            let pipeline = RequestStatus::parse(status.as_str()).unwrap();
            assert!(!matches!(
                pipeline,
                RequestStatus::Declined | RequestStatus::Formulated | RequestStatus::Closed
            ));
        }
    }
}
