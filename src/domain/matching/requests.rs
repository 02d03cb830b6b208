//! Matching in reverse: for one capacity, the open cooperation requests it could serve,
//! ranked and explained with the same score as a request's matches (`super`'s table),
//! its criteria read from the request's side.
//!
//! - `sector` (30): the request asks for one of the capacity's DAC sectors, else
//!   `sector_category` (15): one in the same 3-digit category.
//! - `sdg_target` (10): the request pursues one of the capacity's SDG targets, else
//!   `sdg_goal` (5): one of its goals.
//! - `format` (10) and `language` (10): the request prefers a format the capacity offers,
//!   a language its experts work in (a request preferring none gets no points).
//! - `country_experience` (10): the capacity was delivered (projects drawing on it, that
//!   the caller may read) in the request's country, else `region_experience` (5): in its
//!   DAC region.
//! - `availability` (5): the capacity has experts available. It adds the same to every
//!   request, so it never changes the order; it is kept so that a capacity and a request
//!   score the same whichever side asks (text apart, relative to the other candidates).
//! - `text` (up to 20): the capacity's key words the request's texts hold (the database's
//!   full-text search over requests), 20 for the candidate holding most, the others in
//!   proportion.
//!
//! A request is a candidate when it shares a sector category, an SDG goal or words with
//! the capacity, is open (`received`, `under_assessment` or `accepted`: still to be
//! decided or to be formulated), and the caller may read it (the read rule of
//! `GET /cooperation-requests`: the directorate every request, a partner the approved
//! public ones and its own organisation's, a viewer the approved public ones). Its codes
//! are the version that counts (the approved one when there is one). Ties keep the
//! requests' ids in order (UUIDv7: their order of creation).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Caller;
use crate::closed_vocabulary::vocabulary;
use crate::codelists;
use crate::db::DbConnection;
use crate::domain::access::read_scope;
use crate::domain::capacities::Capacity;
use crate::domain::documents::all_texts;
use crate::domain::matching::request_reasons::ExplainRequest;
use crate::domain::matching::{MatchReason, key_terms};
use crate::domain::record::{self, RecordStorage};
use crate::error::ApiError;
use crate::l10n::Language;
use crate::store::request_matching::{self as store, Statuses};

vocabulary! {
    /// The pipeline statuses in which a request is matched: still to be decided, or
    /// accepted and still to be formulated.
    OpenRequestStatus {
        Received = "received", "Received", "Recibida";
        UnderAssessment = "under_assessment", "Under assessment", "En evaluación";
        Accepted = "accepted", "Accepted", "Aceptada";
    }
}

const OPEN: Statuses = ["received", "under_assessment", "accepted"];

/// A request the capacity could serve.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "request_id": "0193a6a0-0007-7000-8000-000000000001", "score": 90,
    "title": "Vigilancia y control de la fiebre aftosa en zonas de frontera",
    "reasons": [{
        "criterion": "sector", "points": 30, "codes": ["31195"],
        "text": "Pide un sector en el que trabaja la capacidad: 31195 (Livestock/veterinary services)."
    }]
}))]
pub struct RequestMatch {
    pub request_id: Uuid,
    /// 0 to 100: the sum of its reasons' points.
    pub score: u32,
    /// Its title in its default language (the version that counts).
    pub title: String,
    /// What it shares with the capacity, highest points first.
    pub reasons: Vec<MatchReason>,
}

/// The open requests a capacity could serve, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestMatches {
    pub items: Vec<RequestMatch>,
}

/// How many matches and which.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RequestMatchQuery {
    /// How many matches, 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
    /// Only requests at this step of the pipeline (an open one).
    pub status: Option<OpenRequestStatus>,
    /// Only requests from this country (ISO 3166-1 alpha-2).
    #[param(pattern = "^[A-Z]{2}$", max_length = 2)]
    pub country: Option<String>,
}

impl RequestMatchQuery {
    fn limit(&self) -> Result<usize, ApiError> {
        super::checked_limit(self.limit)
    }
}

/// What is offered: the parts of a capacity that matching compares.
#[derive(Debug, Clone, Default)]
pub struct Offer {
    /// DAC 5-digit sectors.
    pub sectors: Vec<String>,
    /// SDG targets such as "2.4".
    pub sdg_targets: Vec<String>,
    /// Format codes.
    pub formats: Vec<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub experts_available: Option<u32>,
    /// Every text of the capacity, in every language.
    pub texts: Vec<String>,
}

impl Offer {
    /// The capacity as matching reads it: its codes, its experts and its texts in every
    /// language (title, description, what partners learn).
    pub fn of(capacity: &Capacity) -> Self {
        Offer {
            sectors: capacity.sectors.clone(),
            sdg_targets: capacity.sdg_targets.clone(),
            formats: capacity
                .formats
                .iter()
                .map(|f| f.as_str().to_owned())
                .collect(),
            languages: capacity.languages.clone(),
            experts_available: capacity.experts_available,
            texts: all_texts([
                Some(&capacity.title),
                Some(&capacity.description),
                capacity.what_partners_learn.as_ref(),
            ])
            .flatten()
            .map(str::to_owned)
            .collect(),
        }
    }
}

/// The open requests capacity `id` could serve, as `caller` reads the capacity (404 when
/// it may not read it; 409 for an incomplete draft, which has not said enough yet) and
/// the requests (only those it may read), in `language`. The capacity's status and review
/// state do not matter: a paused capacity, or a draft its institution has not submitted
/// yet, may ask what demand it would meet; nothing is offered to anyone by asking.
pub fn capacity_matches(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    query: &RequestMatchQuery,
    language: Language,
) -> Result<RequestMatches, ApiError> {
    let limit = query.limit()?;
    crate::domain::filters::country(query.country.as_deref(), "country")?;
    let Some(stored) = Capacity::find(conn, caller, id)? else {
        record::read::<Capacity>(conn, caller, id)?;
        return Err(record::incomplete_draft::<Capacity>(id, "matches"));
    };
    let capacity: Capacity =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    rank_requests(
        conn,
        caller,
        id,
        &Offer::of(&capacity),
        query,
        limit,
        language,
    )
}

/// The open requests `caller` may read that `offer` (capacity `id`) could serve, ranked
/// and explained in `language`, the best `limit`.
fn rank_requests(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    offer: &Offer,
    query: &RequestMatchQuery,
    limit: usize,
    language: Language,
) -> Result<RequestMatches, ApiError> {
    let scope = read_scope(caller);
    let offered = Offered::of(offer);
    let statuses = match query.status {
        Some(status) => [status.as_str(); 3],
        None => OPEN,
    };

    let capacity = [id.to_string()];
    let mut delivered = crate::store::catalogue::delivered_to(conn, &capacity, None, scope)?;
    let delivered = delivered.remove(&capacity[0]).unwrap_or_default();
    let delivered_regions = countries_of_regions(&delivered);
    let formats: Vec<&str> = offer.formats.iter().map(String::as_str).collect();
    // The database scores and keeps the best; availability, the same for every request,
    // and the reasons are added to those few.
    let ranked = store::ranked(
        conn,
        &store::Offered {
            sectors: &offer.sectors,
            categories: &offered.categories,
            targets: &offer.sdg_targets,
            goals: &offered.goals,
            formats: &formats,
            languages: &offer.languages,
            terms: &offered.terms,
            delivered: &delivered,
            delivered_regions: &delivered_regions,
            statuses,
            country: query.country.as_deref(),
        },
        scope,
        limit,
    )?;

    let ids: Vec<String> = ranked.iter().map(|r| r.id.clone()).collect();
    let sectors = store::sectors_in_categories(conn, &ids, &offered.categories)?;
    let goals = store::targets_in_goals(conn, &ids, &offered.goals)?;
    let formats = store::formats_among(conn, &ids, &formats)?;
    let languages = store::languages_among(conn, &ids, &offer.languages)?;
    let requests: HashMap<String, store::OpenRequest> =
        store::open_requests(conn, &ids, statuses, scope, query.country.as_deref())?
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
    let texts = store::search_texts(conn, &ids)?;
    let sectors = super::group(&sectors);
    let goals = super::group(&goals);

    let explain = ExplainRequest::new(language);
    let mut items = Vec::with_capacity(ranked.len());
    for ranked in &ranked {
        let id = ranked.id.as_str();
        let request = requests.get(id).ok_or_else(|| {
            ApiError::internal(format!("request {id} was ranked but cannot be read"))
        })?;
        let mut reasons = Vec::new();
        reasons.extend(offered.sector_reason(&explain, sectors.get(id)));
        reasons.extend(offered.sdg_reason(&explain, goals.get(id)));
        reasons.extend(explain.formats(formats.get(id)));
        reasons.extend(explain.languages(languages.get(id)));
        reasons.extend(experience_reason(
            &explain,
            request.country.as_deref(),
            &delivered,
        ));
        let text_points =
            super::reasons::Explain::text_points(ranked.matched_terms, ranked.best_terms);
        debug_assert_eq!(
            u32::try_from(ranked.points).unwrap_or(0),
            reasons.iter().map(|r| r.points).sum::<u32>() + text_points
        );
        reasons.extend(explain.availability(offer.experts_available));
        if let Some(text) = texts.get(id).filter(|_| text_points > 0) {
            reasons.push(explain.text(text_points, &offered.terms, text));
        }
        // Highest points first; the criteria's order among equals.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
        items.push(RequestMatch {
            request_id: crate::store::parse_uuid(id)?,
            score: reasons.iter().map(|r| r.points).sum(),
            title: request.title.clone(),
            reasons,
        });
    }
    Ok(RequestMatches { items })
}

/// Every country in the DAC regions of `countries`.
fn countries_of_regions(countries: &[String]) -> Vec<String> {
    let table = codelists::countries();
    let regions: Vec<&str> = countries
        .iter()
        .filter_map(|c| table.get(c)?.region.as_deref())
        .collect();
    table
        .entries
        .iter()
        .filter(|c| c.region.as_deref().is_some_and(|r| regions.contains(&r)))
        .map(|c| c.code.clone())
        .collect()
}

/// Delivered in the request's country, else in its region (`delivered`: the capacity's
/// countries, in code order).
fn experience_reason(
    explain: &ExplainRequest,
    country: Option<&str>,
    delivered: &[String],
) -> Option<MatchReason> {
    let country = country?;
    if delivered.iter().any(|c| c == country) {
        return Some(explain.country_experience(country));
    }
    let countries = codelists::countries();
    let region = countries.get(country)?.region.as_deref()?;
    let in_region: Vec<String> = delivered
        .iter()
        .filter(|c| countries.get(c).and_then(|e| e.region.as_deref()) == Some(region))
        .cloned()
        .collect();
    if in_region.is_empty() {
        return None;
    }
    Some(explain.region_experience(region, &in_region))
}

/// The capacity as the queries and reasons need it.
struct Offered<'a> {
    offer: &'a Offer,
    /// The 3-digit categories of its sectors.
    categories: Vec<String>,
    /// The goals of its SDG targets.
    goals: Vec<i32>,
    /// Its texts' key words.
    terms: Vec<String>,
}

impl<'a> Offered<'a> {
    fn of(offer: &'a Offer) -> Self {
        let categories = super::categories_of(&offer.sectors);
        let goals = super::goals_of(&offer.sdg_targets);
        Offered {
            offer,
            categories,
            goals,
            terms: key_terms(offer.texts.iter().map(String::as_str)),
        }
    }

    /// Same sector, else same category.
    fn sector_reason(
        &self,
        explain: &ExplainRequest,
        hits: Option<&Vec<(&str, &str)>>,
    ) -> Option<MatchReason> {
        Some(match super::same_else_groups(hits?, &self.offer.sectors) {
            Ok(same) => explain.sectors(&same),
            Err(categories) => explain.sector_categories(&categories),
        })
    }

    /// Same SDG target, else same goal.
    fn sdg_reason(
        &self,
        explain: &ExplainRequest,
        hits: Option<&Vec<(&str, &str)>>,
    ) -> Option<MatchReason> {
        Some(
            match super::same_else_groups(hits?, &self.offer.sdg_targets) {
                Ok(same) => explain.sdg_targets(&same),
                Err(goals) => explain.sdg_goals(&goals),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queries_and_the_contract_name_the_same_statuses() {
        let named: Vec<&str> = OpenRequestStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(named, OPEN);
    }

    #[test]
    fn experience_in_the_country_else_in_its_region() {
        let explain = ExplainRequest::new(Language::En);
        let delivered = ["BO".to_owned(), "JP".to_owned()];
        let reason = |country| experience_reason(&explain, Some(country), &delivered);
        assert_eq!(
            reason("BO").unwrap().criterion,
            super::super::Criterion::CountryExperience
        );
        let peru = reason("PE").unwrap();
        assert_eq!(peru.criterion, super::super::Criterion::RegionExperience);
        assert!(
            peru.text.ends_with("Bolivia (Plurinational State of)."),
            "{}",
            peru.text
        );
        assert!(reason("MZ").is_none());
        assert!(experience_reason(&explain, None, &delivered).is_none());
    }
}
