//! The text's points are relative to the most key words any candidate holds, answered or
//! not: the ranking finds that most without counting every record's words, so these
//! tests put it where only that search sees it. The contenders (sharing every code) hold
//! one word; a record sharing only an SDG goal, far below them, holds five (the most);
//! a capacity that may not be offered (paused) holds all six and must not count. Scores
//! are compared with the documented score computed here, on both backends.

use serde_json::{Value, json};

use crate::fixtures::{
    CAPACITIES, COOPERATION_REQUESTS, Cast, capacity, cast, cooperation_request,
};
use crate::support::{admin, spawn};

const WORDS: [&str; 6] = ["alfa", "bravo", "charlie", "delta", "echo", "foxtrot"];

/// The contenders: as many as this, sharing every code, each holding one word.
const CONTENDERS: usize = 5;

/// Points on the codes of a contender: same sector, same target, format, language.
const CONTENDER_CODES: u64 = 30 + 10 + 10 + 10;

/// Points on the codes of the record sharing only an SDG goal.
const LOW_CODES: u64 = 5;

/// The text's points: 20 × `m` ÷ the most any candidate holds (five), rounded half up.
fn text(m: u64) -> u64 {
    (40 * m + 5) / 10
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

/// (id, score) of every candidate, best first, ties in id order, the best `limit`.
fn best(mut scored: Vec<(String, u64)>, limit: usize) -> Vec<(String, u64)> {
    scored.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    scored.truncate(limit);
    scored
}

/// Texts holding the first `words` of `WORDS` and one never compared.
fn holding(words: usize) -> Value {
    let mut held: Vec<&str> = WORDS[..words].to_vec();
    held.push("xray");
    json!({"es": held.join(" ")})
}

#[actix_web::test]
async fn a_demands_text_points_are_relative_to_an_unanswered_capacity() {
    let app = spawn().await;
    let cast: Cast = cast(&app).await;
    let mut scored = Vec::new();
    let create = async |words: usize, contender: bool, status: &str| {
        let mut body = capacity(&cast);
        body["title"] = holding(words);
        body["description"] = json!({"es": "romeo"});
        body["what_partners_learn"] = json!(null);
        body["status"] = json!(status);
        if contender {
            body["sectors"] = json!(["31163"]);
            body["sdg_targets"] = json!(["2.3"]);
            body["formats"] = json!(["training_course"]);
            body["languages"] = json!(["es"]);
            body["experts_available"] = json!(3);
        } else {
            body["sectors"] = json!(["12250"]);
            body["sdg_targets"] = json!(["2.5"]);
            body["formats"] = json!(["expert_mission"]);
            body["languages"] = json!(["fr"]);
            body["experts_available"] = json!(0);
        }
        app.create(CAPACITIES, &body).await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for _ in 0..CONTENDERS {
        let id = create(1, true, "active").await;
        // Availability: 5.
        scored.push((id, CONTENDER_CODES + 5 + text(1)));
    }
    let low = create(5, false, "active").await;
    scored.push((low, LOW_CODES + text(5)));
    // Never offered: not counted, not answered.
    create(WORDS.len(), true, "paused").await;

    let demand = json!({
        "sectors": ["31163"], "sdg_targets": ["2.3"],
        "formats": ["training_course"], "languages": ["es"],
        "text": WORDS.join(" "),
    });
    for limit in [1, 3, 5, 50] {
        let matches = app
            .post(&format!("/api/v1/capacities/matches?limit={limit}"))
            .bearer(&admin())
            .json(&demand)
            .send()
            .await
            .ok(200);
        assert_eq!(
            answered(&matches, "capacity_id"),
            best(scored.clone(), limit),
            "limit {limit}: {matches}"
        );
    }
}

#[actix_web::test]
async fn a_capacitys_text_points_are_relative_to_an_unanswered_request() {
    let app = spawn().await;
    let cast: Cast = cast(&app).await;
    let mut offer = capacity(&cast);
    offer["title"] = json!({"es": WORDS.join(" ")});
    offer["description"] = json!({"es": "quebec"});
    offer["what_partners_learn"] = json!(null);
    offer["sectors"] = json!(["31163"]);
    offer["sdg_targets"] = json!(["2.3"]);
    offer["formats"] = json!(["training_course"]);
    offer["languages"] = json!(["es"]);
    let offer = app.create(CAPACITIES, &offer).await;

    let mut scored = Vec::new();
    let create = async |words: usize, contender: bool| {
        let mut body = cooperation_request(&cast);
        body["title"] = holding(words);
        body["problem_statement"] = json!({"es": "romeo"});
        body["expected_results"] = json!(null);
        body["target_population"] = json!(null);
        if contender {
            body["sectors"] = json!(["31163"]);
            body["sdg_targets"] = json!(["2.3"]);
            body["formats"] = json!(["training_course"]);
            body["languages"] = json!(["es"]);
        } else {
            body["sectors"] = json!(["12250"]);
            body["sdg_targets"] = json!(["2.5"]);
            body["formats"] = json!(["expert_mission"]);
            body["languages"] = json!(["fr"]);
        }
        app.create(COOPERATION_REQUESTS, &body).await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // Every answer also gets the capacity's availability (it has experts).
    for _ in 0..CONTENDERS {
        let id = create(1, true).await;
        scored.push((id, CONTENDER_CODES + text(1) + 5));
    }
    let low = create(5, false).await;
    scored.push((low, LOW_CODES + text(5) + 5));

    let path = format!("{CAPACITIES}/{}/matches", offer["id"].as_str().unwrap());
    for limit in [1, 3, 5, 50] {
        let matches = app
            .get(&format!("{path}?limit={limit}"))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(
            answered(&matches, "request_id"),
            best(scored.clone(), limit),
            "limit {limit}: {matches}"
        );
    }
}
