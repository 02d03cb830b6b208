//! Cooperation request statistics: per group, how many requests, how many were decided
//! (accepted or declined), how many accepted, the median days from received to decision
//! and the acceptance rate (accepted ÷ decided), over exactly the requests the caller's
//! list holds (`GET /cooperation-requests` with the same filters). The assessment
//! (consultations, internal notes) is never read.
//!
//! A request is received when it is recorded (its `create` change, the row's
//! `created_at`) and decided by its `accept` or `decline` move (its change record's
//! time): the pipeline never moves back, so a request is decided at most once, and a
//! request formulated or closed afterwards still counts as accepted or declined.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;

use crate::codelists;
use crate::db::DbConnection;
use crate::domain::changes::ChangeAction;
use crate::domain::cooperation_requests::RequestDimension;
use crate::domain::kinds::ResourceKind;
use crate::error::ApiError;
use crate::store::cooperation_requests::CooperationRequestFilter;
use crate::store::request_stats as store;
use crate::store::visibility::ReadScope;

/// The figures of a group of requests (or of all of them).
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFigures {
    pub requests: i64,
    /// Accepted or declined (whatever happened since).
    pub decided: i64,
    pub accepted: i64,
    /// Days (to a tenth) from received to decision, the median over the decided ones;
    /// none when none was decided.
    pub median_days_to_decision: Option<f64>,
    /// accepted ÷ decided (to four decimals); none when none was decided.
    pub acceptance_rate: Option<f64>,
}

/// The answer: the totals and each group (unordered).
#[derive(Debug, Clone)]
pub struct RequestAnswer {
    pub total: RequestFigures,
    pub groups: Vec<(String, RequestFigures)>,
}

/// What is added up for a group.
#[derive(Debug, Default)]
struct Tally {
    requests: i64,
    accepted: i64,
    /// Days to decision of each decided request.
    days: Vec<f64>,
}

/// A request's decision: accepted or not, and how many days after it was received.
type Decision = (bool, f64);

impl Tally {
    fn add(&mut self, decision: Option<Decision>) {
        self.requests += 1;
        if let Some((accepted, days)) = decision {
            self.accepted += i64::from(accepted);
            self.days.push(days);
        }
    }

    fn figures(mut self) -> RequestFigures {
        let decided = self.days.len() as i64;
        self.days.sort_by(f64::total_cmp);
        RequestFigures {
            requests: self.requests,
            decided,
            accepted: self.accepted,
            median_days_to_decision: median(&self.days).map(|d| round(d, 10.0)),
            acceptance_rate: (decided > 0)
                .then(|| round(self.accepted as f64 / decided as f64, 10_000.0)),
        }
    }
}

/// The median of sorted values (the mean of the middle two of an even number).
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

fn round(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}

/// Days from `from` to `to` (none before: a clock set back counts as at once).
fn days_between(from: NaiveDateTime, to: NaiveDateTime) -> f64 {
    ((to - from).num_milliseconds().max(0) as f64) / 86_400_000.0
}

/// The requests matching `filter` that `scope` may list, grouped by `dimension` (routes
/// ask `AnswersAtSeq::grouped`, which keeps the answer until the next change).
pub fn request_groups(
    conn: &mut DbConnection,
    scope: ReadScope,
    filter: &CooperationRequestFilter,
    dimension: RequestDimension,
) -> Result<RequestAnswer, ApiError> {
    let requests = store::requests(conn, filter, scope)?;
    let received: HashMap<&str, NaiveDateTime> = requests
        .iter()
        .map(|r| (r.id.as_str(), r.received_at))
        .collect();
    let mut decisions: HashMap<String, Decision> = HashMap::new();
    let (accept, decline) = (
        ChangeAction::Accept.as_str(),
        ChangeAction::Decline.as_str(),
    );
    let ids: Vec<&str> = requests.iter().map(|r| r.id.as_str()).collect();
    for (id, action, at) in store::moves(
        conn,
        &ids,
        ResourceKind::CooperationRequest.as_str(),
        &[accept, decline],
    )? {
        let Some(from) = received.get(id.as_str()) else {
            continue;
        };
        // A request is decided once; were there two, the first would count.
        decisions
            .entry(id)
            .or_insert((action == accept, days_between(*from, at)));
    }
    let sectors: HashMap<String, Vec<String>> = if dimension == RequestDimension::Sector {
        let mut sectors: HashMap<String, Vec<String>> = HashMap::new();
        for (id, code) in store::sectors(conn)? {
            sectors.entry(id).or_default().push(code);
        }
        sectors
    } else {
        HashMap::new()
    };

    let mut total = Tally::default();
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    for request in &requests {
        let decision = decisions.get(&request.id).copied();
        total.add(decision);
        let keys: Vec<String> = match dimension {
            RequestDimension::Status => vec![request.status.clone()],
            RequestDimension::Channel => vec![request.channel.clone()],
            RequestDimension::Country => request.country_code.iter().cloned().collect(),
            RequestDimension::Region => request
                .country_code
                .as_deref()
                .and_then(|code| codelists::countries().get(code))
                .and_then(|country| country.region.clone())
                .into_iter()
                .collect(),
            RequestDimension::Sector => {
                let codes = sectors
                    .get(&request.id)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let unique: HashSet<&String> = codes.iter().collect();
                unique.into_iter().cloned().collect()
            }
        };
        for key in keys {
            groups.entry(key).or_default().add(decision);
        }
    }
    Ok(RequestAnswer {
        total: total.figures(),
        groups: groups
            .into_iter()
            .map(|(key, tally)| (key, tally.figures()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[1.0, 4.0, 10.0]), Some(4.0));
        assert_eq!(median(&[1.0, 4.0, 5.0, 10.0]), Some(4.5));
    }

    #[test]
    fn figures_of_a_tally() {
        let mut tally = Tally::default();
        tally.add(None);
        assert_eq!(tally.figures().acceptance_rate, None);
        let mut tally = Tally::default();
        for decision in [
            Some((true, 2.0)),
            Some((false, 7.0)),
            Some((true, 3.0)),
            None,
        ] {
            tally.add(decision);
        }
        assert_eq!(
            tally.figures(),
            RequestFigures {
                requests: 4,
                decided: 3,
                accepted: 2,
                median_days_to_decision: Some(3.0),
                acceptance_rate: Some(0.6667),
            }
        );
    }
}
