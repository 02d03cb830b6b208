//! Matching a demand (a cooperation request) with the catalogue's capacities: a ranked,
//! explained list of what could answer it.
//!
//! # The score
//!
//! A capacity is a candidate when it shares with the request a sector or a sector's
//! category, an SDG goal, or words of its texts; and it is offered only when it is
//! active, approved, and public (restricted ones only to admins and coordinators). Its
//! score, 0 to 100, adds up what it shares:
//!
//! | criterion | points |
//! | --- | --- |
//! | `sector`: a DAC sector of the request (else `sector_category`: one of its categories) | 30 (15) |
//! | `sdg_target`: an SDG target of the request (else `sdg_goal`: one of its goals) | 10 (5) |
//! | `format`: a format the request prefers | 10 |
//! | `language`: a language the request prefers | 10 |
//! | `country_experience`: delivered a project in the request's country (else `region_experience`: in its region) | 10 (5) |
//! | `availability`: has experts available | 5 |
//! | `text`: the request's key words its texts hold, as a share of the most any candidate holds (rounded half up) | up to 20 |
//!
//! Ties keep the capacities' order of creation (their ids), so the same data gives the
//! same ranking. Experience counts only projects the caller may read. Each point comes
//! with a reason: its criterion, its points, the codes it matched, and a sentence in the
//! caller's language (`reasons.rs`).

mod input;
mod reasons;
mod request_reasons;
pub mod requests;
mod terms;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Caller;
use crate::codelists;
use crate::db::DbConnection;
use crate::domain::access::read_scope;
use crate::domain::capacities::CapacityFormat;
use crate::error::ApiError;
use crate::l10n::Language;
use crate::store::matching as store;

pub use input::DemandInput;
pub use terms::{MAX_TERMS, key_terms};

pub use crate::store::matching::points;

/// The most matches one answer holds.
pub const MAX_LIMIT: u32 = 50;
const DEFAULT_LIMIT: u32 = 10;

/// What is asked: the parts of a request that matching compares.
#[derive(Debug, Clone, Default)]
pub struct Demand {
    /// DAC 5-digit sectors.
    pub sectors: Vec<String>,
    /// SDG targets such as "2.4".
    pub sdg_targets: Vec<String>,
    pub formats: Vec<CapacityFormat>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// The requesting organisation's country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Every text of the request, in every language.
    pub texts: Vec<String>,
}

/// The criteria a capacity is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Sector,
    SectorCategory,
    SdgTarget,
    SdgGoal,
    Format,
    Language,
    CountryExperience,
    RegionExperience,
    Availability,
    Text,
}

/// Why a capacity scored: one criterion it met.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "criterion": "sector", "points": 30, "codes": ["31120"],
    "text": "Trabaja en el sector solicitado: 31120 (Agricultural development)."
}))]
pub struct MatchReason {
    pub criterion: Criterion,
    /// What it added to the score.
    pub points: u32,
    /// What matched: sector codes, SDG targets or goals, formats, language codes,
    /// country codes, the region's code, or the request's words found in the capacity's
    /// texts (folded: lower case, no accents).
    pub codes: Vec<String>,
    /// The reason as a sentence in the caller's language (`Accept-Language`: es, pt, en or
    /// fr; English by default).
    pub text: String,
}

/// A capacity that could answer the request.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "capacity_id": "0193a6a0-0006-7000-8000-000000000001", "score": 75,
    "title": "Mejoramiento genético de pasturas",
    "reasons": [{
        "criterion": "sector", "points": 30, "codes": ["31120"],
        "text": "Trabaja en el sector solicitado: 31120 (Agricultural development)."
    }]
}))]
pub struct CapacityMatch {
    pub capacity_id: Uuid,
    /// 0 to 100: the sum of its reasons' points.
    pub score: u32,
    /// Its title in its default language (the approved version's).
    pub title: String,
    /// What it shares with the request, highest points first.
    pub reasons: Vec<MatchReason>,
}

/// The capacities that could answer a request, best first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapacityMatches {
    pub items: Vec<CapacityMatch>,
}

/// How many matches and which.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MatchQuery {
    /// How many matches, 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
    /// Only capacities shared in this format.
    pub format: Option<CapacityFormat>,
    /// Only capacities this organisation offers.
    pub organisation: Option<Uuid>,
}

impl MatchQuery {
    fn limit(&self) -> Result<usize, ApiError> {
        checked_limit(self.limit)
    }
}

/// A `limit` of matches as asked (1 to [`MAX_LIMIT`], default 10), or 400.
fn checked_limit(limit: Option<u32>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT as usize),
        Some(n @ 1..=MAX_LIMIT) => Ok(n as usize),
        Some(n) => Err(ApiError::bad_request(crate::msg!(
            "matching-limit",
            max = MAX_LIMIT,
            given = n
        ))),
    }
}

/// The capacities `caller` may be offered for `demand`, ranked and explained in
/// `language`.
pub fn rank_capacities(
    conn: &mut DbConnection,
    caller: &Caller,
    demand: &Demand,
    query: &MatchQuery,
    language: Language,
) -> Result<CapacityMatches, ApiError> {
    let limit = query.limit()?;
    let scope = read_scope(caller);
    let asked = Asked::of(demand);
    let organisation = query.organisation.map(|o| o.to_string());
    let wanted_formats: Vec<&str> = demand.formats.iter().map(|f| f.as_str()).collect();
    let wanted = store::Wanted {
        sectors: &demand.sectors,
        categories: &asked.categories,
        targets: &demand.sdg_targets,
        goals: &asked.goals,
        formats: &wanted_formats,
        languages: &demand.languages,
        terms: &asked.terms,
        organisation: organisation.as_deref(),
        format: query.format.map(CapacityFormat::as_str),
    };
    // The database scores every criterion but experience and sends back only what can
    // still reach the best `limit` once experience is added.
    let slack = if asked.region_countries.is_empty() {
        0
    } else {
        points::COUNTRY_EXPERIENCE
    };
    let ranked = store::ranked(conn, &wanted, scope, limit, slack)?;
    let ids: Vec<String> = ranked.iter().map(|r| r.id.clone()).collect();
    let delivered =
        crate::store::catalogue::delivered_to(conn, &ids, Some(&asked.region_countries), scope)?;
    let mut best: Vec<(u32, &store::Ranked)> = ranked
        .iter()
        .map(|r| {
            let experience = asked.experience_points(delivered.get(&r.id)).unwrap_or(0);
            (points_of(r.points) + experience, r)
        })
        .collect();
    best.sort_by(|(a, ra), (b, rb)| b.cmp(a).then_with(|| ra.id.cmp(&rb.id)));
    best.truncate(limit);

    // The reasons of the few answered, from their codes.
    let ids: Vec<String> = best.iter().map(|(_, r)| r.id.clone()).collect();
    let sectors = store::sectors_in_categories(conn, &ids, &asked.categories)?;
    let goals = store::targets_in_goals(conn, &ids, &asked.goals)?;
    let formats = store::formats_among(conn, &ids, &wanted_formats)?;
    let languages = store::languages_among(conn, &ids, &demand.languages)?;
    let mut shown = store::shown(conn, &ids)?;
    let sectors = group(&sectors);
    let goals = group(&goals);

    let explain = reasons::Explain::new(language);
    let mut items = Vec::with_capacity(best.len());
    for (score, ranked) in best {
        let id = ranked.id.as_str();
        let shown = shown.remove(id).ok_or_else(|| {
            ApiError::internal(format!("capacity {id} was ranked but cannot be read"))
        })?;
        let mut reasons = Vec::new();
        reasons.extend(asked.sector_reason(&explain, sectors.get(id)));
        reasons.extend(asked.sdg_reason(&explain, goals.get(id)));
        reasons.extend(explain.formats(formats.get(id)));
        reasons.extend(explain.languages(languages.get(id)));
        reasons.extend(asked.experience_reason(&explain, delivered.get(id)));
        reasons.extend(explain.availability(shown.experts_available));
        let text_points = reasons::Explain::text_points(ranked.matched_terms, ranked.best_terms);
        if text_points > 0 {
            reasons.push(explain.text(text_points, &asked.terms, &shown.search_text));
        }
        // The database's sum and the reasons' agree: both follow `points`.
        debug_assert_eq!(score, reasons.iter().map(|r| r.points).sum::<u32>());
        // Highest points first; the criteria's order among equals.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
        items.push(CapacityMatch {
            capacity_id: crate::store::parse_uuid(id)?,
            score,
            title: shown.title,
            reasons,
        });
    }
    Ok(CapacityMatches { items })
}

/// Points the database summed (never negative, at most 100).
fn points_of(sum: i64) -> u32 {
    u32::try_from(sum).unwrap_or(0)
}

/// A 200 with `matches`, saying which language its sentences are in and that they
/// depend on `Accept-Language`.
pub fn respond(language: Language, matches: &impl Serialize) -> actix_web::HttpResponse {
    use actix_web::http::header;
    actix_web::HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, language.tag()))
        .insert_header((header::VARY, "Accept-Language"))
        .json(matches)
}

/// Hits (record id, code, its group) grouped by record id: (code, its group) in order.
fn group(hits: &[(String, String, String)]) -> HashMap<&str, Vec<(&str, &str)>> {
    let mut by_capacity: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for (id, code, of) in hits {
        by_capacity
            .entry(id.as_str())
            .or_default()
            .push((code.as_str(), of.as_str()));
    }
    by_capacity
}

/// The demand as the queries and reasons need it.
struct Asked<'a> {
    demand: &'a Demand,
    /// The 3-digit categories of its sectors.
    categories: Vec<String>,
    /// The goals of its SDG targets.
    goals: Vec<i32>,
    /// Its texts' key words.
    terms: Vec<String>,
    /// The DAC region of its country, if it has one.
    region: Option<String>,
    /// Its country, and the countries of that region.
    region_countries: Vec<String>,
}

impl<'a> Asked<'a> {
    fn of(demand: &'a Demand) -> Self {
        let categories = categories_of(&demand.sectors);
        let goals = goals_of(&demand.sdg_targets);
        let region = demand
            .country
            .as_deref()
            .and_then(|c| codelists::countries().get(c))
            .and_then(|c| c.region.clone());
        let mut region_countries: Vec<String> = match &region {
            Some(region) => codelists::countries()
                .entries
                .iter()
                .filter(|c| c.region.as_ref() == Some(region))
                .map(|c| c.code.clone())
                .collect(),
            None => Vec::new(),
        };
        region_countries.extend(demand.country.clone());
        region_countries.sort();
        region_countries.dedup();
        Asked {
            demand,
            categories,
            goals,
            terms: key_terms(demand.texts.iter().map(String::as_str)),
            region,
            region_countries,
        }
    }

    /// Same sector, else same category.
    fn sector_reason(
        &self,
        explain: &reasons::Explain,
        hits: Option<&Vec<(&str, &str)>>,
    ) -> Option<MatchReason> {
        Some(match same_else_groups(hits?, &self.demand.sectors) {
            Ok(same) => explain.sectors(&same),
            Err(categories) => explain.sector_categories(&categories),
        })
    }

    /// Same SDG target, else same goal.
    fn sdg_reason(
        &self,
        explain: &reasons::Explain,
        hits: Option<&Vec<(&str, &str)>>,
    ) -> Option<MatchReason> {
        Some(match same_else_groups(hits?, &self.demand.sdg_targets) {
            Ok(same) => explain.sdg_targets(&same),
            Err(goals) => explain.sdg_goals(&goals),
        })
    }

    /// The points of [`Asked::experience_reason`], without writing it.
    fn experience_points(&self, countries: Option<&Vec<String>>) -> Option<u32> {
        let countries = countries?;
        if let Some(country) = &self.demand.country
            && countries.contains(country)
        {
            return Some(points::COUNTRY_EXPERIENCE);
        }
        self.region.as_ref().map(|_| points::REGION_EXPERIENCE)
    }

    /// Delivered in the request's country, else in its region.
    fn experience_reason(
        &self,
        explain: &reasons::Explain,
        countries: Option<&Vec<String>>,
    ) -> Option<MatchReason> {
        let countries = countries?;
        if let Some(country) = &self.demand.country
            && countries.contains(country)
        {
            return Some(explain.country_experience(country));
        }
        let region = self.region.as_deref()?;
        Some(explain.region_experience(region, countries))
    }
}

/// The 3-digit categories of DAC sectors, each once, in order.
fn categories_of(sectors: &[String]) -> Vec<String> {
    let mut categories: Vec<String> = sectors
        .iter()
        .filter(|s| s.len() >= 3)
        .map(|s| s[..3].to_owned())
        .collect();
    categories.sort();
    categories.dedup();
    categories
}

/// The goals of SDG targets ("2.4" → 2), each once, in order.
fn goals_of(targets: &[String]) -> Vec<i32> {
    let mut goals: Vec<i32> = targets
        .iter()
        .filter_map(|t| t.split('.').next()?.parse().ok())
        .collect();
    goals.sort();
    goals.dedup();
    goals
}

/// Of hits (code, its group), the codes also in `wanted` (Ok), or when there are none,
/// the groups they share (Err): a sector or target reason, else its category or goal's.
fn same_else_groups<'h>(
    hits: &[(&'h str, &'h str)],
    wanted: &[String],
) -> Result<Vec<&'h str>, Vec<&'h str>> {
    let same = unique(
        hits.iter()
            .map(|(code, _)| *code)
            .filter(|code| wanted.iter().any(|w| w == code)),
    );
    if same.is_empty() {
        Err(unique(hits.iter().map(|(_, group)| *group)))
    } else {
        Ok(same)
    }
}

/// Each once, in first-seen order.
fn unique<'h>(items: impl Iterator<Item = &'h str>) -> Vec<&'h str> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}
