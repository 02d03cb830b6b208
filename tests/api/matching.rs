//! Matching a demand with the catalogue: the obvious capacity first, the reasons naming
//! what matched in the caller's language, the capacities a caller may be offered, stable
//! ties, the filters, and every refusal.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{
    CAPACITIES, COOPERATION_REQUESTS, Cast, PROJECTS, bilateral, capacity, cast,
    cooperation_request,
};
use crate::support::{admin, spawn, token};

const MATCHES: &str = "/api/v1/capacities/matches";

/// A dairy capacity: what a demand about milk production obviously needs.
fn dairy(cast: &Cast) -> Value {
    let mut body = capacity(cast);
    body["title"] =
        json!({"es": "Calidad de leche y producción lechera", "pt": "Qualidade do leite"});
    body["description"] =
        json!({"es": "Buenas prácticas de ordeñe y producción lechera para pequeños productores."});
    body["what_partners_learn"] = json!(null);
    body["sectors"] = json!(["31163"]);
    body["sdg_targets"] = json!(["2.3"]);
    body["formats"] = json!(["training_course"]);
    body["languages"] = json!(["es", "pt"]);
    body
}

/// A health capacity: nothing in common with a dairy demand.
fn health(cast: &Cast) -> Value {
    let mut body = capacity(cast);
    body["title"] = json!({"es": "Vigilancia epidemiológica"});
    body["description"] = json!({"es": "Sistemas de vigilancia de enfermedades transmisibles."});
    body["what_partners_learn"] = json!(null);
    body["sectors"] = json!(["12250"]);
    body["sdg_targets"] = json!(["3.3"]);
    body
}

fn dairy_demand() -> Value {
    json!({
        "sectors": ["31163"], "sdg_targets": ["2.3"], "formats": ["training_course"],
        "languages": ["es"], "country": "BO",
        "text": "Mejorar la PRODUCCIÓN lechera y la calidad de la leche de pequeños productores."
    })
}

fn ids(matches: &Value) -> Vec<&str> {
    matches["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["capacity_id"].as_str().unwrap())
        .collect()
}

fn reason<'a>(item: &'a Value, criterion: &str) -> Option<&'a Value> {
    item["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["criterion"] == criterion)
}

#[actix_web::test]
async fn a_known_demand_ranks_its_obvious_capacity_first_and_says_why() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let pastures = app.create(CAPACITIES, &capacity(&cast)).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    let health = app.create(CAPACITIES, &health(&cast)).await;

    let matches = app
        .post(MATCHES)
        .bearer(&token(Role::Viewer, None))
        .json(&dairy_demand())
        .send()
        .await
        .ok(200);
    assert_eq!(
        ids(&matches),
        [
            dairy["id"].as_str().unwrap(),
            pastures["id"].as_str().unwrap()
        ],
        "the health capacity shares nothing: {matches}"
    );
    assert!(!ids(&matches).contains(&health["id"].as_str().unwrap()));

    let first = &matches["items"][0];
    assert_eq!(first["title"], "Calidad de leche y producción lechera");
    let sector = reason(first, "sector").unwrap();
    assert_eq!(sector["points"], 30);
    assert_eq!(sector["codes"], json!(["31163"]));
    assert!(
        sector["text"]
            .as_str()
            .unwrap()
            .starts_with("Works in the sector asked for: 31163")
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
    assert_eq!(reason(first, "availability").unwrap()["points"], 5);
    // Accents and case folded: "PRODUCCIÓN" found "producción".
    let text = reason(first, "text").unwrap();
    assert_eq!(text["points"], 20, "the closest text takes all: {first}");
    let words = text["codes"].as_array().unwrap();
    for word in [
        "produccion",
        "lechera",
        "calidad",
        "leche",
        "pequenos",
        "productores",
    ] {
        assert!(words.contains(&json!(word)), "{word} in {words:?}");
    }
    assert_eq!(first["score"], 30 + 10 + 10 + 10 + 5 + 20);
    let points: u64 = first["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["points"].as_u64().unwrap())
        .sum();
    assert_eq!(first["score"], points);

    // The pastures share only the category (311) and the goal (2), and some words.
    let second = &matches["items"][1];
    assert_eq!(
        reason(second, "sector_category").unwrap()["codes"],
        json!(["311"])
    );
    assert_eq!(reason(second, "sector_category").unwrap()["points"], 15);
    assert_eq!(reason(second, "sdg_goal").unwrap()["codes"], json!(["2"]));
    assert!(reason(second, "sector").is_none());
    assert!(second["score"].as_u64() < first["score"].as_u64());
}

#[actix_web::test]
async fn reasons_are_written_in_the_callers_language() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create(CAPACITIES, &dairy(&cast)).await;
    let cases = [
        (None, "Works in the sector asked for: 31163"),
        (
            Some("es-AR,es;q=0.9"),
            "Trabaja en el sector solicitado: 31163",
        ),
        (
            Some("de, pt-BR;q=0.8, en;q=0.5"),
            "Atua no setor solicitado: 31163",
        ),
        (Some("fr-CA"), "Intervient dans le secteur demandé : 31163"),
        (Some("de"), "Works in the sector asked for: 31163"),
    ];
    let mut codes = Vec::new();
    for (language, sentence) in cases {
        let mut request = app.post(MATCHES).bearer(&admin()).json(&dairy_demand());
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        let reply = request.send().await;
        let matches = reply.ok(200);
        let code = match sentence.split(' ').next() {
            Some("Trabaja") => "es",
            Some("Atua") => "pt",
            Some("Intervient") => "fr",
            _ => "en",
        };
        assert_eq!(reply.header("content-language"), Some(code));
        assert!(reply.header("vary").unwrap().contains("Accept-Language"));
        let item = &matches["items"][0];
        let text = reason(item, "sector").unwrap()["text"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(text.starts_with(sentence), "{language:?}: {text}");
        // Codes, criteria and points never change with the language.
        let mut machine = item.clone();
        for r in machine["reasons"].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("text");
        }
        codes.push(machine);
    }
    assert!(codes.windows(2).all(|w| w[0] == w[1]), "{codes:?}");
}

#[actix_web::test]
async fn experience_counts_the_projects_the_caller_may_read() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    // Delivered in Bolivia (public) and in Paraguay (restricted).
    let mut public = bilateral(&cast, "EXP-1");
    public["capacity_ids"] = json!([dairy["id"]]);
    app.create(PROJECTS, &public).await;
    let mut hidden = bilateral(&cast, "EXP-2");
    hidden["capacity_ids"] = json!([dairy["id"]]);
    hidden["visibility"] = json!("restricted");
    hidden["recipient_countries"] = json!([{"country_code": "PY", "percentage": "100"}]);
    app.create(PROJECTS, &hidden).await;

    let first = |matches: Value| matches["items"][0].clone();
    let ask = |country: &str, who: String| {
        let mut demand = dairy_demand();
        demand["country"] = json!(country);
        app.post(MATCHES)
            .bearer(&who)
            .header("accept-language", "es")
            .json(&demand)
            .send()
    };
    let bolivia = first(ask("BO", token(Role::Viewer, None)).await.ok(200));
    let experience = reason(&bolivia, "country_experience").unwrap();
    assert_eq!(experience["points"], 10);
    assert_eq!(experience["codes"], json!(["BO"]));
    assert!(
        experience["text"].as_str().unwrap().contains("Bolivia"),
        "{experience}"
    );

    // Peru: none there, but Bolivia is in the same region (South America).
    let peru = first(ask("PE", token(Role::Viewer, None)).await.ok(200));
    assert!(reason(&peru, "country_experience").is_none());
    let region = reason(&peru, "region_experience").unwrap();
    assert_eq!(region["points"], 5);
    assert_eq!(region["codes"], json!(["489"]));
    assert!(
        region["text"]
            .as_str()
            .unwrap()
            .starts_with("Ejecutó proyectos en la misma región (South America): Bolivia"),
        "{region}"
    );

    // Paraguay: only the restricted project was there; a viewer may not read it.
    let viewer = first(ask("PY", token(Role::Viewer, None)).await.ok(200));
    assert!(reason(&viewer, "country_experience").is_none(), "{viewer}");
    let coordinator = first(ask("PY", token(Role::Coordinator, None)).await.ok(200));
    assert_eq!(
        reason(&coordinator, "country_experience").unwrap()["codes"],
        json!(["PY"])
    );
    // Japan: no region in common, no experience.
    let japan = first(ask("JP", token(Role::Viewer, None)).await.ok(200));
    assert!(reason(&japan, "region_experience").is_none());
}

/// Experience is added after the database keeps the best: a capacity behind on the rest
/// but with a project in the request's country still comes first, even with `limit=1`.
#[actix_web::test]
async fn experience_lifts_a_capacity_past_one_ahead_on_the_rest() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let ahead = app.create(CAPACITIES, &dairy(&cast)).await;
    let mut body = dairy(&cast);
    body["experts_available"] = json!(0);
    let experienced = app.create(CAPACITIES, &body).await;
    let mut project = bilateral(&cast, "EXP-1");
    project["capacity_ids"] = json!([experienced["id"]]);
    app.create(PROJECTS, &project).await;

    let ask = |country: &'static str| {
        let mut demand = dairy_demand();
        demand["country"] = json!(country);
        app.post(&format!("{MATCHES}?limit=1"))
            .bearer(&admin())
            .json(&demand)
            .send()
    };
    let bolivia = ask("BO").await.ok(200);
    assert_eq!(ids(&bolivia), [experienced["id"].as_str().unwrap()]);
    assert!(reason(&bolivia["items"][0], "availability").is_none());
    assert_eq!(
        reason(&bolivia["items"][0], "country_experience").unwrap()["points"],
        10
    );
    // Japan: no experience anywhere near, so the one with experts available leads.
    let japan = ask("JP").await.ok(200);
    assert_eq!(ids(&japan), [ahead["id"].as_str().unwrap()]);
    assert_eq!(
        japan["items"][0]["score"].as_u64().unwrap(),
        bolivia["items"][0]["score"].as_u64().unwrap() - 5
    );
}

#[actix_web::test]
async fn only_active_approved_and_readable_capacities_are_offered() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let offered = app.create(CAPACITIES, &dairy(&cast)).await;
    let mut restricted = dairy(&cast);
    restricted["visibility"] = json!("restricted");
    let restricted = app.create(CAPACITIES, &restricted).await;
    let mut paused = dairy(&cast);
    paused["status"] = json!("paused");
    app.create(CAPACITIES, &paused).await;
    // A partner's own capacity awaits review: not approved yet.
    let inta = Uuid::parse_str(cast.inta.as_str().unwrap()).unwrap();
    let partner = token(Role::Partner, Some(inta));
    let pending = app
        .post(CAPACITIES)
        .bearer(&partner)
        .json(&dairy(&cast))
        .send()
        .await
        .ok(201);
    assert_eq!(pending["review_status"], "draft", "{pending}");

    let offered_to = |who: String| app.post(MATCHES).bearer(&who).json(&dairy_demand()).send();
    let offered_id = offered["id"].as_str().unwrap();
    for who in [token(Role::Viewer, None), partner.clone()] {
        let matches = offered_to(who).await.ok(200);
        assert_eq!(ids(&matches), [offered_id], "{matches}");
    }
    let matches = offered_to(token(Role::Coordinator, None)).await.ok(200);
    assert_eq!(
        ids(&matches),
        [offered_id, restricted["id"].as_str().unwrap()],
        "restricted ones to the directorate; never paused or unapproved ones"
    );
}

#[actix_web::test]
async fn ties_keep_the_order_of_creation_and_filters_narrow() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let first = app.create(CAPACITIES, &dairy(&cast)).await;
    let second = app.create(CAPACITIES, &dairy(&cast)).await;
    let mut by_inti = dairy(&cast);
    by_inti["offering_organisations"] = json!([cast.inti]);
    by_inti["formats"] = json!(["internship"]);
    let third = app.create(CAPACITIES, &by_inti).await;
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();

    let matches = |query: &str| {
        app.post(&format!("{MATCHES}{query}"))
            .bearer(&admin())
            .json(&dairy_demand())
            .send()
    };
    let all = matches("").await.ok(200);
    assert_eq!(ids(&all), [id(&first), id(&second), id(&third)]);
    assert_eq!(all["items"][0]["score"], all["items"][1]["score"]);
    for _ in 0..3 {
        assert_eq!(matches("").await.ok(200), all, "the same answer every time");
    }
    assert_eq!(ids(&matches("?limit=1").await.ok(200)), [id(&first)]);
    assert_eq!(
        ids(&matches("?format=internship").await.ok(200)),
        [id(&third)]
    );
    let inti = cast.inti.as_str().unwrap();
    assert_eq!(
        ids(&matches(&format!("?organisation={inti}")).await.ok(200)),
        [id(&third)]
    );
    assert_eq!(
        matches(&format!("?organisation={}", Uuid::now_v7()))
            .await
            .ok(200)["items"],
        json!([])
    );
}

#[actix_web::test]
async fn a_demand_in_words_only_finds_by_text() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    app.create(CAPACITIES, &health(&cast)).await;
    let matches = app
        .post(MATCHES)
        .bearer(&admin())
        .json(&json!({"text": "ordeñe"}))
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&matches), [dairy["id"].as_str().unwrap()]);
    let text = reason(&matches["items"][0], "text").unwrap();
    assert_eq!(text["codes"], json!(["ordene"]));
    // Words that are operators of a full-text query are only words here.
    for text in [
        "\"leche",
        "leche OR",
        "NEAR(leche",
        "leche*",
        "-leche",
        "leche:",
        "a & b | !c",
    ] {
        app.post(MATCHES)
            .bearer(&admin())
            .json(&json!({"text": text}))
            .send()
            .await
            .ok(200);
    }
}

#[actix_web::test]
async fn matching_refuses_what_it_cannot_use() {
    let app = spawn().await;
    let viewer = token(Role::Viewer, None);
    let cases: Vec<(Value, &str)> = vec![
        (json!({}), ""),
        (json!({"text": "   "}), ""),
        (json!({"sectors": ["99999"]}), "/sectors/0"),
        (
            json!({"sectors": ["31163"], "sdg_targets": ["2.99"]}),
            "/sdg_targets/0",
        ),
        (
            json!({"sectors": ["31163"], "languages": ["zz"]}),
            "/languages/0",
        ),
        (json!({"sectors": ["31163"], "country": "bo"}), "/country"),
    ];
    for (body, pointer) in cases {
        let reply = app.post(MATCHES).bearer(&viewer).json(&body).send().await;
        reply.problem(422);
        assert_eq!(reply.pointers(), [pointer], "{body}");
    }
    let too_long = json!({"text": "a".repeat(20_001)});
    let reply = app
        .post(MATCHES)
        .bearer(&viewer)
        .json(&too_long)
        .send()
        .await;
    reply.problem(422);
    assert_eq!(reply.pointers(), ["/text"]);
    app.post(MATCHES)
        .bearer(&viewer)
        .json(&json!({"sectors": ["31163"], "budget": 1}))
        .send()
        .await
        .problem(400);
    app.post(MATCHES)
        .bearer(&viewer)
        .json(&json!({"sectors": "31163"}))
        .send()
        .await
        .problem(400);
    for query in [
        "?limit=0",
        "?limit=51",
        "?format=fax",
        "?organisation=x",
        "?sort=score",
    ] {
        app.post(&format!("{MATCHES}{query}"))
            .bearer(&viewer)
            .json(&dairy_demand())
            .send()
            .await
            .problem(400);
    }
    app.post(MATCHES)
        .json(&dairy_demand())
        .send()
        .await
        .problem(401);
    app.post(MATCHES)
        .bearer(&viewer)
        .body("text/plain", "31163")
        .send()
        .await
        .problem(415);
}

/// Only text, sectors or SDG targets are needed: empty lists of sectors, formats or
/// languages are a demand (none means any), and the contract says so.
#[actix_web::test]
async fn empty_lists_in_a_demand_mean_any() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    let matches = app
        .post(MATCHES)
        .bearer(&admin())
        .json(&json!({
            "sectors": [], "sdg_targets": [], "formats": [], "languages": [],
            "text": "ordeñe"
        }))
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&matches), [dairy["id"].as_str().unwrap()]);
    let doc = serde_json::to_value(ssc_api::app::openapi_document()).unwrap();
    let demand = &doc["components"]["schemas"]["DemandInput"]["properties"];
    for list in ["sectors", "sdg_targets", "formats", "languages"] {
        assert!(
            demand[list]["minItems"].is_null(),
            "{list}: {}",
            demand[list]
        );
    }
}

/// The full-text index follows every write: a new text is found at once, the old one no
/// longer, and a deleted capacity is never offered.
#[actix_web::test]
async fn the_text_index_follows_edits_and_deletes() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let dairy = app.create(CAPACITIES, &dairy(&cast)).await;
    let item = format!("{CAPACITIES}/{}", dairy["id"].as_str().unwrap());
    let found = |text: &'static str| {
        app.post(MATCHES)
            .bearer(&admin())
            .json(&json!({ "text": text }))
            .send()
    };
    assert_eq!(found("apicultura").await.ok(200)["items"], json!([]));
    let edited = app
        .patch(&item)
        .bearer(&admin())
        .if_match(&dairy["version"])
        .json(&json!({"description": {"es": "Apicultura y miel de calidad."}}))
        .send()
        .await
        .ok(200);
    assert_eq!(
        ids(&found("apicultura").await.ok(200)),
        [dairy["id"].as_str().unwrap()]
    );
    assert_eq!(found("ordeñe").await.ok(200)["items"], json!([]));
    app.delete(&item)
        .bearer(&admin())
        .if_match(&edited["version"])
        .send()
        .await
        .ok(204);
    assert_eq!(found("apicultura").await.ok(200)["items"], json!([]));
}

/// A request's matches: its obvious capacity first, for whoever reads the request, and
/// nothing for whoever may not.
#[actix_web::test]
async fn a_requests_matches_rank_the_catalogue_for_what_it_asks() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create(CAPACITIES, &dairy(&cast)).await;
    let pastures = app.create(CAPACITIES, &capacity(&cast)).await;
    app.create(CAPACITIES, &health(&cast)).await;
    let mut restricted = cooperation_request(&cast);
    restricted["visibility"] = json!("restricted");
    let request = app.create(COOPERATION_REQUESTS, &restricted).await;
    let matches_of =
        |id: &Value| format!("{COOPERATION_REQUESTS}/{}/matches", id.as_str().unwrap());
    let url = matches_of(&request["id"]);

    // Bolivia's ministry asked about pastures for dairy farming in the dry season.
    let mdryt = Uuid::parse_str(cast.mdryt.as_str().unwrap()).unwrap();
    let requester = token(Role::Partner, Some(mdryt));
    let reply = app
        .get(&url)
        .bearer(&requester)
        .header("accept-language", "pt-BR")
        .send()
        .await;
    let matches = reply.ok(200);
    assert_eq!(reply.header("content-language"), Some("pt"));
    assert_eq!(
        matches["items"][0]["capacity_id"], pastures["id"],
        "{matches}"
    );
    let first = &matches["items"][0];
    assert_eq!(
        reason(first, "sector").unwrap()["codes"],
        json!(["31182", "31166"])
    );
    assert_eq!(
        reason(first, "sdg_target").unwrap()["codes"],
        json!(["2.4"])
    );
    assert!(
        reason(first, "format").unwrap()["text"]
            .as_str()
            .unwrap()
            .starts_with(
                "Oferece a modalidade preferida: missão de especialistas e curso de capacitação"
            ),
        "{first}"
    );
    assert!(reason(first, "text").is_some(), "{first}");

    // The same ranking for the directorate; nothing for those who may not read it.
    let directorate = app.get(&url).bearer(&admin()).send().await.ok(200);
    assert_eq!(directorate["items"][0]["capacity_id"], pastures["id"]);
    let inta = Uuid::parse_str(cast.inta.as_str().unwrap()).unwrap();
    for outsider in [token(Role::Viewer, None), token(Role::Partner, Some(inta))] {
        app.get(&url).bearer(&outsider).send().await.problem(404);
    }
    app.get(&matches_of(&json!(Uuid::now_v7().to_string())))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    app.get(&url).send().await.problem(401);
    for query in [
        "?limit=0",
        "?limit=51",
        "?format=fax",
        "?organisation=x",
        "?q=leche",
    ] {
        app.get(&format!("{url}{query}"))
            .bearer(&admin())
            .send()
            .await
            .problem(400);
    }
    assert_eq!(
        app.get(&format!("{url}?format=internship"))
            .bearer(&admin())
            .send()
            .await
            .ok(200)["items"],
        json!([])
    );

    // An incomplete draft has not said enough to be matched.
    let draft = app
        .post(&format!("{COOPERATION_REQUESTS}?review=draft"))
        .bearer(&admin())
        .json(&json!({"requesting_organisation": cast.mdryt, "channel": "direct"}))
        .send()
        .await
        .ok(201);
    let conflict = app
        .get(&matches_of(&draft["id"]))
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
}
