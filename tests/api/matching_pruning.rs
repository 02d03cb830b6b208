//! The ranking queries score on every criterion only the records sharing a code, and
//! skip those sharing only words when they cannot reach the best asked for. These tests
//! check both directions against the documented score computed here for every
//! candidate, on data where that matters: many candidates with the same codes (ties
//! broken by the text and then by id), records sharing only words, one of them holding
//! more of the words than any other (the text's points are relative to it, answered or
//! not), and limits that skip them and that do not.

use serde_json::{Value, json};

use crate::fixtures::{
    CAPACITIES, COOPERATION_REQUESTS, Cast, capacity, cast, cooperation_request,
};
use crate::support::{admin, spawn};

/// The words compared: a record's title holds some of them.
const WORDS: [&str; 8] = [
    "alfa", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
];

/// What the `n`-th generated record holds: its sectors, SDG targets, formats, languages
/// and how many of `WORDS` (the first ones).
struct Shape {
    sectors: &'static [&'static str],
    targets: &'static [&'static str],
    formats: &'static [&'static str],
    languages: &'static [&'static str],
    words: usize,
}

/// Deterministic and varied: the same sector (30), its category (15) or nothing coded;
/// many equal on the codes. The last one shares only words, and holds every word.
fn shape(n: usize, count: usize) -> Shape {
    let sectors: [&[&str]; 4] = [&["31163"], &["31120"], &["31163"], &["12250"]];
    let targets: [&[&str]; 3] = [&["2.3"], &["2.4"], &[]];
    let formats: [&[&str]; 2] = [&["training_course"], &["expert_mission"]];
    let languages: [&[&str]; 2] = [&["es"], &["fr"]];
    if n == count - 1 {
        return Shape {
            sectors: &["12250"],
            targets: &[],
            formats: &["expert_mission"],
            languages: &["fr"],
            words: WORDS.len(),
        };
    }
    let sectors = sectors[n % 4];
    Shape {
        sectors,
        // Records sharing no code hold words, or they would not be candidates.
        targets: if sectors == ["12250"] {
            &[]
        } else {
            targets[n % 3]
        },
        formats: formats[(n / 3) % 2],
        languages: languages[(n / 5) % 2],
        // Fewer than the last one holds.
        words: if sectors == ["12250"] {
            1 + n % 5
        } else {
            n % 6
        },
    }
}

/// A generated record's title: its words, and one the compared record never holds.
fn title(shape: &Shape) -> Value {
    let mut words: Vec<&str> = WORDS[..shape.words].to_vec();
    words.push("xray");
    json!({"es": words.join(" ")})
}

/// The documented score of a candidate on the codes (sector, SDG, format, language), as
/// compared with `wanted`.
fn coded_points(shape: &Shape, wanted: &Shape) -> u32 {
    let category = |s: &str| s[..3].to_owned();
    let goal = |t: &str| t.split('.').next().unwrap().to_owned();
    let shares = |a: &[&str], b: &[&str]| a.iter().any(|x| b.contains(x));
    let mut points = 0;
    if shares(shape.sectors, wanted.sectors) {
        points += 30;
    } else if shape
        .sectors
        .iter()
        .any(|s| wanted.sectors.iter().any(|w| category(w) == category(s)))
    {
        points += 15;
    }
    if shares(shape.targets, wanted.targets) {
        points += 10;
    } else if shape
        .targets
        .iter()
        .any(|t| wanted.targets.iter().any(|w| goal(w) == goal(t)))
    {
        points += 5;
    }
    if shares(shape.formats, wanted.formats) {
        points += 10;
    }
    if shares(shape.languages, wanted.languages) {
        points += 10;
    }
    points
}

/// Every candidate (id, points on the codes, words held) ranked by the documented score
/// (`extra` added to each: availability), the best `limit` as (id, score).
fn expected(candidates: &[(String, u32, u32)], extra: u32, limit: usize) -> Vec<(String, u64)> {
    let best = candidates.iter().map(|c| c.2).max().unwrap_or(0);
    let mut scored: Vec<(String, u64)> = candidates
        .iter()
        .map(|(id, coded, m)| {
            let text = if *m == 0 {
                0
            } else {
                (40 * m + best) / (2 * best)
            };
            (id.clone(), u64::from(coded + text + extra))
        })
        .collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    scored.truncate(limit);
    scored
}

fn answered(matches: &Value, id_member: &str) -> Vec<(String, u64)> {
    matches["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m[id_member].as_str().unwrap().to_owned(),
                m["score"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The capacity (or demand) every generated record is compared with.
fn wanted() -> Shape {
    Shape {
        sectors: &["31163"],
        targets: &["2.3"],
        formats: &["training_course"],
        languages: &["es"],
        words: 6,
    }
}

const COUNT: usize = 36;
const LIMITS: [usize; 5] = [1, 3, 5, 10, 50];

#[actix_web::test]
async fn a_capacitys_matches_are_those_of_scoring_every_open_request() {
    let app = spawn().await;
    let cast: Cast = cast(&app).await;
    let wanted = wanted();
    let mut offer = capacity(&cast);
    offer["title"] = json!({"es": WORDS[..wanted.words].join(" ")});
    offer["description"] = json!({"es": "quebec"});
    offer["what_partners_learn"] = json!(null);
    offer["sectors"] = json!(wanted.sectors);
    offer["sdg_targets"] = json!(wanted.targets);
    offer["formats"] = json!(wanted.formats);
    offer["languages"] = json!(wanted.languages);
    let offer = app.create(CAPACITIES, &offer).await;

    let mut candidates = Vec::new();
    for n in 0..COUNT {
        let shape = shape(n, COUNT);
        let mut body = cooperation_request(&cast);
        body["title"] = title(&shape);
        body["problem_statement"] = json!({"es": "romeo"});
        body["expected_results"] = json!(null);
        body["target_population"] = json!(null);
        body["sectors"] = json!(shape.sectors);
        body["sdg_targets"] = json!(shape.targets);
        body["formats"] = json!(shape.formats);
        body["languages"] = json!(shape.languages);
        let request = app.create(COOPERATION_REQUESTS, &body).await;
        let m = shape.words.min(wanted.words) as u32;
        candidates.push((
            request["id"].as_str().unwrap().to_owned(),
            coded_points(&shape, &wanted),
            m,
        ));
    }

    let path = format!("{CAPACITIES}/{}/matches", offer["id"].as_str().unwrap());
    for limit in LIMITS {
        let matches = app
            .get(&format!("{path}?limit={limit}"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        // Every answer also gets the capacity's availability (it has experts).
        assert_eq!(
            answered(&matches, "request_id"),
            expected(&candidates, 5, limit),
            "limit {limit}: {matches}"
        );
    }
}

#[actix_web::test]
async fn a_demands_matches_are_those_of_scoring_every_capacity() {
    let app = spawn().await;
    let cast: Cast = cast(&app).await;
    let wanted = wanted();
    let mut candidates = Vec::new();
    for n in 0..COUNT {
        let shape = shape(n, COUNT);
        let mut body = capacity(&cast);
        body["title"] = title(&shape);
        body["description"] = json!({"es": "romeo"});
        body["what_partners_learn"] = json!(null);
        body["sectors"] = json!(shape.sectors);
        body["sdg_targets"] = json!(shape.targets);
        body["formats"] = json!(shape.formats);
        body["languages"] = json!(shape.languages);
        // Availability varies too: one in four has no experts.
        let experts = if n % 4 == 1 { 0 } else { 3 };
        body["experts_available"] = json!(experts);
        let created = app.create(CAPACITIES, &body).await;
        let m = shape.words.min(wanted.words) as u32;
        let availability = if experts > 0 { 5 } else { 0 };
        candidates.push((
            created["id"].as_str().unwrap().to_owned(),
            coded_points(&shape, &wanted) + availability,
            m,
        ));
    }

    let words: Vec<&str> = WORDS[..wanted.words].to_vec();
    let demand = json!({
        "sectors": wanted.sectors, "sdg_targets": wanted.targets,
        "formats": wanted.formats, "languages": wanted.languages,
        "text": words.join(" "),
    });
    for limit in LIMITS {
        let matches = app
            .post(&format!("/api/v1/capacities/matches?limit={limit}"))
            .bearer(&admin())
            .json(&demand)
            .send()
            .await
            .ok(200);
        assert_eq!(
            answered(&matches, "capacity_id"),
            expected(&candidates, 0, limit),
            "limit {limit}: {matches}"
        );
    }
}
