//! Matching in reverse (`GET /capacities/{id}/matches`): the open requests a capacity could
//! serve, the obvious one first with its reasons from the request's side, only requests
//! the caller may read (as its list shows them) and only open ones, stable ties, the
//! reasons in the caller's language, the directorate's assessment never read, and every
//! refusal.

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{
    CAPACITIES, COOPERATION_REQUESTS, Cast, PROJECTS, bilateral, capacity, cast,
    cooperation_request,
};
use crate::support::{TestApp, admin, spawn, token};

/// A dairy capacity of INTA's.
fn dairy(cast: &Cast) -> Value {
    let mut body = capacity(cast);
    body["title"] = json!({"es": "Calidad de leche y producción lechera"});
    body["description"] =
        json!({"es": "Buenas prácticas de ordeñe y producción lechera para pequeños productores."});
    body["what_partners_learn"] = json!(null);
    body["sectors"] = json!(["31163"]);
    body["sdg_targets"] = json!(["2.3"]);
    body["formats"] = json!(["training_course"]);
    body["languages"] = json!(["es", "pt"]);
    body
}

/// Bolivia's ministry asks for help with its milk: the dairy capacity's obvious request.
fn dairy_request(cast: &Cast) -> Value {
    let mut body = cooperation_request(cast);
    body["title"] = json!({"es": "Calidad de la leche de pequeños productores"});
    body["problem_statement"] =
        json!({"es": "La producción lechera pierde calidad por malas prácticas de ordeñe."});
    body["expected_results"] = json!(null);
    body["target_population"] = json!(null);
    body["sectors"] = json!(["31163"]);
    body["sdg_targets"] = json!(["2.3"]);
    body["formats"] = json!(["training_course"]);
    body["languages"] = json!(["es"]);
    body
}

/// A health request: nothing in common with dairy.
fn health_request(cast: &Cast) -> Value {
    let mut body = cooperation_request(cast);
    body["title"] = json!({"es": "Vigilancia epidemiológica de enfermedades transmisibles"});
    body["problem_statement"] = json!({"es": "Faltan sistemas de alerta temprana."});
    body["expected_results"] = json!(null);
    body["target_population"] = json!(null);
    body["sectors"] = json!(["12250"]);
    body["sdg_targets"] = json!(["3.3"]);
    body
}

fn matches_of(capacity: &Value) -> String {
    format!("{CAPACITIES}/{}/matches", capacity["id"].as_str().unwrap())
}

fn ids(matches: &Value) -> Vec<String> {
    matches["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["request_id"].as_str().unwrap().to_owned())
        .collect()
}

fn id(record: &Value) -> String {
    record["id"].as_str().unwrap().to_owned()
}

fn reason<'a>(item: &'a Value, criterion: &str) -> Option<&'a Value> {
    item["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["criterion"] == criterion)
}

fn partner_of(organisation: &Value) -> String {
    let org = Uuid::parse_str(organisation.as_str().unwrap()).unwrap();
    token(Role::Partner, Some(org))
}

/// Move a request through its pipeline as the directorate; the request after the move.
async fn step<S, B>(app: &TestApp<S>, record: &Value, name: &str, body: Value) -> Value
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let reply = app
        .post(&format!("{COOPERATION_REQUESTS}/{}/{name}", id(record)))
        .bearer(&admin())
        .if_match(&record["version"])
        .json(&body)
        .send()
        .await;
    assert!(reply.status.is_success(), "{name}: {}", reply.text());
    reply.json()
}

#[actix_web::test]
async fn a_capacity_ranks_its_obvious_request_first_and_says_why() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    let pastures = app
        .create(COOPERATION_REQUESTS, &cooperation_request(&cast))
        .await;
    let milk = app
        .create(COOPERATION_REQUESTS, &dairy_request(&cast))
        .await;
    let health = app
        .create(COOPERATION_REQUESTS, &health_request(&cast))
        .await;
    // The capacity was delivered in Bolivia, the requests' country.
    let mut project = bilateral(&cast, "REV-1");
    project["capacity_ids"] = json!([dairy["id"]]);
    app.create(PROJECTS, &project).await;

    let reply = app
        .get(&matches_of(&dairy))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await;
    let matches = reply.ok(200);
    assert_eq!(reply.header("content-language"), Some("en"));
    assert_eq!(
        ids(&matches),
        [id(&milk), id(&pastures)],
        "the health request shares nothing: {matches}"
    );
    assert!(!ids(&matches).contains(&id(&health)));

    let first = &matches["items"][0];
    assert_eq!(
        first["title"],
        "Calidad de la leche de pequeños productores"
    );
    let sector = reason(first, "sector").unwrap();
    assert_eq!(sector["points"], 30);
    assert_eq!(sector["codes"], json!(["31163"]));
    let text = sector["text"].as_str().unwrap();
    assert!(
        text.starts_with("Asks for a sector the capacity works in: 31163"),
        "{text}"
    );
    assert_eq!(
        reason(first, "sdg_target").unwrap()["codes"],
        json!(["2.3"])
    );
    assert_eq!(
        reason(first, "format").unwrap()["codes"],
        json!(["training_course"])
    );
    assert_eq!(reason(first, "language").unwrap()["codes"], json!(["es"]));
    let experience = reason(first, "country_experience").unwrap();
    assert_eq!(experience["codes"], json!(["BO"]));
    assert_eq!(
        experience["text"],
        "Comes from a country where the capacity has already delivered a project: Bolivia (Plurinational State of)."
    );
    assert_eq!(
        reason(first, "availability").unwrap()["text"],
        "The capacity has 4 experts available."
    );
    let words = reason(first, "text").unwrap();
    assert_eq!(words["points"], 20, "the closest text takes all: {first}");
    for word in ["calidad", "leche", "ordene", "lechera", "productores"] {
        assert!(
            words["codes"].as_array().unwrap().contains(&json!(word)),
            "{word} in {words}"
        );
    }
    assert_eq!(first["score"], 30 + 10 + 10 + 10 + 10 + 5 + 20);
    let points: u64 = first["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["points"].as_u64().unwrap())
        .sum();
    assert_eq!(first["score"], points);
    // Highest points first.
    let order: Vec<u64> = first["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["points"].as_u64().unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] >= w[1]), "{order:?}");

    // The pastures request shares the category (311) and the goal (2).
    let second = &matches["items"][1];
    assert_eq!(
        reason(second, "sector_category").unwrap()["codes"],
        json!(["311"])
    );
    assert_eq!(reason(second, "sdg_goal").unwrap()["codes"], json!(["2"]));
    assert!(reason(second, "sector").is_none());
    assert!(second["score"].as_u64() < first["score"].as_u64());

    // The same pair scores the same from the other side (text apart: relative to the
    // other candidates).
    let forward = app
        .get(&format!("{COOPERATION_REQUESTS}/{}/matches", id(&milk)))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    let other_side = &forward["items"][0];
    assert_eq!(other_side["capacity_id"], dairy["id"]);
    let without_text = |item: &Value| {
        item["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["criterion"] != "text")
            .map(|r| {
                (
                    r["criterion"].clone(),
                    r["points"].clone(),
                    r["codes"].clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(without_text(other_side), without_text(first));
}

#[actix_web::test]
async fn reasons_are_written_in_the_callers_language() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    app.create(COOPERATION_REQUESTS, &dairy_request(&cast))
        .await;
    let cases = [
        (None, "en", "Asks for a sector the capacity works in: 31163"),
        (
            Some("es-AR,es;q=0.9"),
            "es",
            "Pide un sector en el que trabaja la capacidad: 31163",
        ),
        (
            Some("pt-BR"),
            "pt",
            "Pede um setor em que a capacidade atua: 31163",
        ),
        (
            Some("fr"),
            "fr",
            "Porte sur un secteur où intervient la capacité : 31163",
        ),
    ];
    let mut machine = Vec::new();
    for (language, tag, sentence) in cases {
        let mut request = app.get(&matches_of(&dairy)).bearer(&admin());
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        let reply = request.send().await;
        let matches = reply.ok(200);
        assert_eq!(reply.header("content-language"), Some(tag));
        assert!(reply.header("vary").unwrap().contains("Accept-Language"));
        let item = &matches["items"][0];
        let text = reason(item, "sector").unwrap()["text"].as_str().unwrap();
        assert!(text.starts_with(sentence), "{language:?}: {text}");
        let mut codes = item.clone();
        for r in codes["reasons"].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("text");
        }
        machine.push(codes);
    }
    assert!(machine.windows(2).all(|w| w[0] == w[1]), "{machine:?}");
}

/// Only requests the caller may read, exactly as `GET /cooperation-requests` shows them
/// to it: restricted ones to the directorate and their requester's partners, drafts not
/// yet approved to the same, approved public ones to everyone.
#[actix_web::test]
async fn each_caller_is_shown_only_the_requests_its_list_holds() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    let public = app
        .create(COOPERATION_REQUESTS, &dairy_request(&cast))
        .await;
    let mut body = dairy_request(&cast);
    body["visibility"] = json!("restricted");
    let restricted = app.create(COOPERATION_REQUESTS, &body).await;
    // Paraguay's ministry asks too, restricted.
    let mut body = dairy_request(&cast);
    body["requesting_organisation"] = cast.mag.clone();
    body["visibility"] = json!("restricted");
    let paraguay = app.create(COOPERATION_REQUESTS, &body).await;
    // Bolivia's partner writes one itself: a draft until the directorate approves it.
    let bolivia = partner_of(&cast.mdryt);
    let draft = app
        .post(COOPERATION_REQUESTS)
        .bearer(&bolivia)
        .json(&dairy_request(&cast))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft", "{draft}");

    let mut all = vec![id(&public), id(&restricted), id(&paraguay), id(&draft)];
    all.sort();
    let cases = [
        (admin(), all.clone()),
        (token(Role::Coordinator, None), all.clone()),
        (
            bolivia.clone(),
            vec![id(&public), id(&restricted), id(&draft)],
        ),
        (partner_of(&cast.mag), vec![id(&public), id(&paraguay)]),
        // INTA offers the capacity and asks for nothing: the public requests.
        (partner_of(&cast.inta), vec![id(&public)]),
        (token(Role::Viewer, None), vec![id(&public)]),
    ];
    for (who, expected) in cases {
        let matches = app
            .get(&format!("{}?limit=50", matches_of(&dairy)))
            .bearer(&who)
            .send()
            .await
            .ok(200);
        let mut shown = ids(&matches);
        shown.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(shown, expected, "{matches}");
        // The same requests its list holds.
        let list = app
            .get(&format!("{COOPERATION_REQUESTS}?limit=200"))
            .bearer(&who)
            .send()
            .await
            .ok(200);
        let mut listed: Vec<String> = list["items"].as_array().unwrap().iter().map(id).collect();
        listed.sort();
        assert_eq!(shown, listed);
    }
}

/// Open requests only: received, under assessment and accepted; never declined,
/// formulated or closed ones. `status` and `country` narrow the list.
#[actix_web::test]
async fn only_open_requests_are_ranked() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    let body = dairy_request(&cast);
    let create = || app.create(COOPERATION_REQUESTS, &body);
    let received = create().await;
    let assessing = step(&app, &create().await, "assess", json!({})).await;
    let accepted = step(&app, &create().await, "accept", json!({})).await;
    step(
        &app,
        &create().await,
        "decline",
        json!({"reason": "duplicate"}),
    )
    .await;
    let to_close = step(&app, &create().await, "accept", json!({})).await;
    step(&app, &to_close, "close", json!({})).await;
    let to_formulate = step(&app, &create().await, "accept", json!({})).await;
    let formulated = step(
        &app,
        &to_formulate,
        "formulate",
        json!({"capacity_ids": [dairy["id"]]}),
    )
    .await;
    assert_eq!(formulated["status"], "formulated");
    let mut body = dairy_request(&cast);
    body["requesting_organisation"] = cast.mag.clone();
    let paraguay = app.create(COOPERATION_REQUESTS, &body).await;

    let matches = |query: &str| {
        app.get(&format!("{}{query}", matches_of(&dairy)))
            .bearer(&admin())
            .send()
    };
    assert_eq!(
        ids(&matches("").await.ok(200)),
        [id(&received), id(&assessing), id(&accepted), id(&paraguay)]
    );
    assert_eq!(
        ids(&matches("?status=under_assessment").await.ok(200)),
        [id(&assessing)]
    );
    assert_eq!(
        ids(&matches("?status=received&country=PY").await.ok(200)),
        [id(&paraguay)]
    );
    assert_eq!(matches("?country=JP").await.ok(200)["items"], json!([]));
}

#[actix_web::test]
async fn ties_keep_the_requests_order() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    let mut made = Vec::new();
    for _ in 0..3 {
        made.push(id(&app
            .create(COOPERATION_REQUESTS, &dairy_request(&cast))
            .await));
    }
    let matches = |query: &str| {
        app.get(&format!("{}{query}", matches_of(&dairy)))
            .bearer(&admin())
            .send()
    };
    let all = matches("").await.ok(200);
    assert_eq!(ids(&all), made);
    let scores: Vec<&Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["score"])
        .collect();
    assert!(scores.windows(2).all(|w| w[0] == w[1]), "{scores:?}");
    for _ in 0..3 {
        assert_eq!(matches("").await.ok(200), all, "the same answer every time");
    }
    assert_eq!(ids(&matches("?limit=2").await.ok(200)), made[..2]);
}

/// The directorate's consultations and internal notes are not the request's texts: never
/// searched, never shown.
#[actix_web::test]
async fn the_assessment_is_never_read() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let request = app
        .create(COOPERATION_REQUESTS, &health_request(&cast))
        .await;
    let assessing = step(&app, &request, "assess", json!({})).await;
    let item = format!("{COOPERATION_REQUESTS}/{}", id(&assessing));
    app.post(&format!("{item}/notes"))
        .bearer(&admin())
        .json(&json!({"text": "apicultura confidencial"}))
        .send()
        .await
        .ok(201);
    app.post(&format!("{item}/consultations"))
        .bearer(&admin())
        .json(&json!({
            "organisation_id": cast.inta, "asked_on": "2026-11-20", "answer": "available",
            "comment": "apicultura confidencial"
        }))
        .send()
        .await
        .ok(201);
    // A capacity whose only words are the note's.
    let mut bees = dairy(&cast);
    bees["title"] = json!({"es": "Apicultura"});
    bees["description"] = json!({"es": "Apicultura confidencial."});
    bees["sectors"] = json!(["31195"]);
    bees["sdg_targets"] = json!(["15.1"]);
    let bees = app.create(CAPACITIES, &bees).await;
    let matches = app
        .get(&matches_of(&bees))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(matches["items"], json!([]));
    // The health capacity finds the request, and nothing of its assessment.
    let mut health = dairy(&cast);
    health["title"] = json!({"es": "Vigilancia epidemiológica"});
    health["sectors"] = json!(["12250"]);
    health["sdg_targets"] = json!(["3.3"]);
    let health = app.create(CAPACITIES, &health).await;
    let matches = app
        .get(&matches_of(&health))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&matches), [id(&request)]);
    assert!(!matches.to_string().contains("confidencial"), "{matches}");
}

/// The capacity as the caller reads it: 404 when it may not, whatever its status or
/// review state otherwise; 409 for an incomplete draft; and every refusal of the query.
#[actix_web::test]
async fn unreadable_capacities_and_bad_queries_are_refused() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create(COOPERATION_REQUESTS, &dairy_request(&cast))
        .await;
    let mut body = dairy(&cast);
    body["visibility"] = json!("restricted");
    let restricted = app.create(CAPACITIES, &body).await;
    let url = matches_of(&restricted);
    for outsider in [token(Role::Viewer, None), partner_of(&cast.mag)] {
        app.get(&url).bearer(&outsider).send().await.problem(404);
    }
    // Its offering organisation's partners and the directorate read it.
    for reader in [partner_of(&cast.inta), admin()] {
        assert_eq!(
            app.get(&url).bearer(&reader).send().await.ok(200)["items"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
    app.get(&matches_of(&json!({"id": Uuid::now_v7()})))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.get(&format!("{CAPACITIES}/not-an-id/matches"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);

    // A paused capacity, and a partner's draft never approved, still ask (their readers).
    let mut body = dairy(&cast);
    body["status"] = json!("paused");
    let paused = app.create(CAPACITIES, &body).await;
    app.get(&matches_of(&paused))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .ok(200);
    let inta = partner_of(&cast.inta);
    let draft = app
        .post(CAPACITIES)
        .bearer(&inta)
        .json(&dairy(&cast))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");
    assert_eq!(
        ids(&app
            .get(&matches_of(&draft))
            .bearer(&inta)
            .send()
            .await
            .ok(200))
        .len(),
        1
    );
    app.get(&matches_of(&draft))
        .bearer(&token(Role::Viewer, None))
        .send()
        .await
        .problem(404);
    // An incomplete draft has not said enough to be matched.
    let incomplete = app
        .post(&format!("{CAPACITIES}?review=draft"))
        .bearer(&admin())
        .json(&json!({"offering_organisations": [cast.inta]}))
        .send()
        .await
        .ok(201);
    assert!(incomplete["id"].is_string(), "{incomplete}");
    let conflict = app
        .get(&matches_of(&incomplete))
        .bearer(&admin())
        .send()
        .await
        .problem(409);
    assert!(
        conflict["detail"]
            .as_str()
            .unwrap()
            .contains("incomplete draft"),
        "{conflict}"
    );

    let url = matches_of(&paused);
    for query in [
        "?limit=0",
        "?limit=51",
        "?limit=x",
        "?status=declined",
        "?status=formulated",
        "?status=pending",
        "?format=internship",
        "?q=leche",
    ] {
        app.get(&format!("{url}{query}"))
            .bearer(&admin())
            .send()
            .await
            .problem(400);
    }
    // Countries are refused as the request list refuses them: a malformed code (400), an
    // unknown one (422).
    for (query, status) in [("?country=bo", 400), ("?country=ZZ", 422)] {
        app.get(&format!("{url}{query}"))
            .bearer(&admin())
            .send()
            .await
            .problem(status);
    }
    app.get(&url).send().await.problem(401);
    app.get(&url)
        .bearer("not-a-token")
        .send()
        .await
        .problem(401);
}

/// The requests' full-text index follows every write: an edited text is found at once,
/// the old one no longer, and a deleted request is never ranked.
#[actix_web::test]
async fn the_request_text_index_follows_edits_and_deletes() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut bees = dairy(&cast);
    bees["title"] = json!({"es": "Apicultura"});
    bees["description"] = json!({"es": "Apicultura y miel."});
    bees["sectors"] = json!(["12250"]);
    bees["sdg_targets"] = json!(["15.1"]);
    let bees = app.create(CAPACITIES, &bees).await;
    let request = app
        .create(COOPERATION_REQUESTS, &dairy_request(&cast))
        .await;
    let item = format!("{COOPERATION_REQUESTS}/{}", id(&request));
    let found = || app.get(&matches_of(&bees)).bearer(&admin()).send();
    assert_eq!(found().await.ok(200)["items"], json!([]));
    let edited = app
        .patch(&item)
        .bearer(&admin())
        .if_match(&request["version"])
        .json(&json!({"problem_statement": {"es": "Queremos producir MIEL de calidad."}}))
        .send()
        .await
        .ok(200);
    let matches = found().await.ok(200);
    assert_eq!(ids(&matches), [id(&request)]);
    assert_eq!(
        reason(&matches["items"][0], "text").unwrap()["codes"],
        json!(["miel"])
    );
    app.delete(&item)
        .bearer(&admin())
        .if_match(&edited["version"])
        .send()
        .await
        .ok(204);
    assert_eq!(found().await.ok(200)["items"], json!([]));
}
