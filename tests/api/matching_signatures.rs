//! The search for the most key words any record holds skips the records whose words'
//! signature (kept with each capacity and request when its texts are written) shows they
//! cannot hold more than the contenders. These tests make the record holding most gain
//! its words by an edit after it was created, far below the contenders (it shares only an
//! SDG goal), so that a signature left as it was at creation would skip it: the text's
//! points must still be relative to it, on both backends.

use serde_json::{Value, json};

use crate::fixtures::{
    CAPACITIES, COOPERATION_REQUESTS, Cast, capacity, cast, cooperation_request,
};
use crate::support::{admin, spawn};

const WORDS: [&str; 6] = ["alfa", "bravo", "charlie", "delta", "echo", "foxtrot"];

/// The contenders: sharing every code, each holding one word.
const CONTENDERS: usize = 3;

/// Points on the codes of a contender: same sector, same target, format, language.
const CONTENDER_CODES: u64 = 30 + 10 + 10 + 10;

/// Points on the codes of the record sharing only an SDG goal.
const LOW_CODES: u64 = 5;

/// The text's points: 20 × `m` ÷ the most any candidate holds (five), rounded half up.
fn text(m: u64) -> u64 {
    (40 * m + 5) / 10
}

/// Texts holding the first `words` of `WORDS` and one never compared. No two words of
/// these tests (with "tango" and the capacity's "quebec") have the same bit in a
/// signature, on either backend: a stale signature bounds the count below five.
fn holding(words: usize) -> Value {
    let mut held: Vec<&str> = WORDS[..words].to_vec();
    held.push("sierra");
    json!({"es": held.join(" ")})
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

/// Codes of a contender, or of the record sharing only an SDG goal.
fn coded(body: &mut Value, contender: bool) {
    let (sectors, targets, formats, languages) = if contender {
        (["31163"], ["2.3"], ["training_course"], ["es"])
    } else {
        (["12250"], ["2.5"], ["expert_mission"], ["fr"])
    };
    body["sectors"] = json!(sectors);
    body["sdg_targets"] = json!(targets);
    body["formats"] = json!(formats);
    body["languages"] = json!(languages);
}

#[actix_web::test]
async fn a_capacitys_text_points_count_a_requests_words_edited_after_it_was_made() {
    let app = spawn().await;
    let cast: Cast = cast(&app).await;
    let mut offer = capacity(&cast);
    offer["title"] = json!({"es": WORDS.join(" ")});
    offer["description"] = json!({"es": "quebec"});
    offer["what_partners_learn"] = json!(null);
    coded(&mut offer, true);
    let offer = app.create(CAPACITIES, &offer).await;

    let mut scored = Vec::new();
    for _ in 0..CONTENDERS {
        let mut body = cooperation_request(&cast);
        body["title"] = holding(1);
        body["problem_statement"] = json!({"es": "tango"});
        body["expected_results"] = json!(null);
        body["target_population"] = json!(null);
        coded(&mut body, true);
        let id = app.create(COOPERATION_REQUESTS, &body).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        // Every answer also gets the capacity's availability (it has experts).
        scored.push((id, CONTENDER_CODES + text(1) + 5));
    }
    // Made holding one word, then edited to hold five.
    let mut body = cooperation_request(&cast);
    body["title"] = holding(1);
    body["problem_statement"] = json!({"es": "tango"});
    body["expected_results"] = json!(null);
    body["target_population"] = json!(null);
    coded(&mut body, false);
    let low = app.create(COOPERATION_REQUESTS, &body).await;
    let id = low["id"].as_str().unwrap().to_owned();
    app.patch(&format!("{COOPERATION_REQUESTS}/{id}"))
        .bearer(&admin())
        .if_match(&low["version"])
        .body(
            "application/merge-patch+json",
            json!({"title": holding(5)}).to_string(),
        )
        .send()
        .await
        .ok(200);
    scored.push((id, LOW_CODES + text(5) + 5));

    let path = format!("{CAPACITIES}/{}/matches", offer["id"].as_str().unwrap());
    for limit in [1, 3, 50] {
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

#[actix_web::test]
async fn a_demands_text_points_count_a_capacitys_words_edited_after_it_was_made() {
    let app = spawn().await;
    let cast: Cast = cast(&app).await;
    let mut scored = Vec::new();
    for _ in 0..CONTENDERS {
        let mut body = capacity(&cast);
        body["title"] = holding(1);
        body["description"] = json!({"es": "tango"});
        body["what_partners_learn"] = json!(null);
        body["status"] = json!("active");
        body["experts_available"] = json!(3);
        coded(&mut body, true);
        let id = app.create(CAPACITIES, &body).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        // Availability: 5.
        scored.push((id, CONTENDER_CODES + 5 + text(1)));
    }
    // Made holding one word, then edited to hold five.
    let mut body = capacity(&cast);
    body["title"] = holding(1);
    body["description"] = json!({"es": "tango"});
    body["what_partners_learn"] = json!(null);
    body["status"] = json!("active");
    body["experts_available"] = json!(0);
    coded(&mut body, false);
    let low = app.create(CAPACITIES, &body).await;
    let id = low["id"].as_str().unwrap().to_owned();
    app.patch(&format!("{CAPACITIES}/{id}"))
        .bearer(&admin())
        .if_match(&low["version"])
        .body(
            "application/merge-patch+json",
            json!({"title": holding(5)}).to_string(),
        )
        .send()
        .await
        .ok(200);
    scored.push((id, LOW_CODES + text(5)));

    let demand = json!({
        "sectors": ["31163"], "sdg_targets": ["2.3"],
        "formats": ["training_course"], "languages": ["es"],
        "text": WORDS.join(" "),
    });
    for limit in [1, 3, 50] {
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
