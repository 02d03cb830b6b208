//! Codelists: served with labels in English, Spanish, French and Portuguese, cacheable.

use serde_json::Value;
use ssc_api::auth::Role;

use crate::support::{admin, spawn, token};

const CODELISTS: &str = "/api/v1/codelists";

#[actix_web::test]
async fn the_index_lists_every_codelist() {
    let app = spawn().await;
    let response = app
        .get(CODELISTS)
        .bearer(&token(Role::Viewer, None))
        .send()
        .await;
    let index = response.ok(200);
    let names: Vec<&str> = index["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for expected in [
        "countries",
        "regions",
        "sectors",
        "sector_categories",
        "sdg_goals",
        "sdg_targets",
        "currencies",
        "activity_statuses",
        "organisation_types",
        "participant_roles",
        "modalities",
        "instruments",
    ] {
        assert!(names.contains(&expected), "{expected}");
    }
    for item in index["items"].as_array().unwrap() {
        let list = app
            .get(item["href"].as_str().unwrap())
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(
            list["items"].as_array().unwrap().len() as u64,
            item["count"].as_u64().unwrap()
        );
        assert_eq!(list["name"], item["name"]);
    }
    app.get(CODELISTS).send().await.problem(401);
}

fn find<'a>(list: &'a Value, code: &str) -> &'a Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code}"))
}

#[actix_web::test]
async fn items_carry_labels_status_and_extras() {
    let app = spawn().await;
    let get = |name: &str| {
        app.get(&format!("{CODELISTS}/{name}"))
            .bearer(&admin())
            .send()
    };
    let countries = get("countries").await.ok(200);
    assert_eq!(find(&countries, "AR")["labels"]["es"], "Argentina");
    assert_eq!(find(&countries, "VN")["labels"]["en"], "Viet Nam");
    assert_eq!(find(&countries, "AN")["status"], "withdrawn");
    let sectors = get("sectors").await.ok(200);
    assert_eq!(find(&sectors, "31166")["category"], "311");
    assert_eq!(find(&sectors, "11321")["status"], "withdrawn");
    let targets = get("sdg_targets").await.ok(200);
    assert_eq!(find(&targets, "2.3")["goal"], "2");
    let currencies = get("currencies").await.ok(200);
    assert_eq!(find(&currencies, "JPY")["minor_unit"], 0);
    assert_eq!(find(&currencies, "USD")["minor_unit"], 2);
    let roles = get("participant_roles").await.ok(200);
    assert_eq!(
        find(&roles, "first_provider")["labels"]["es"],
        "Primer oferente (triangular)"
    );
    let modalities = get("modalities").await.ok(200);
    assert_eq!(
        find(&modalities, "triangular")["labels"]["en"],
        "Triangular cooperation"
    );
    let statuses = get("activity_statuses").await.ok(200);
    assert_eq!(find(&statuses, "2")["labels"]["es"], "En ejecución");
}

#[actix_web::test]
async fn codelists_are_cacheable() {
    let app = spawn().await;
    let response = app
        .get(&format!("{CODELISTS}/countries"))
        .bearer(&admin())
        .send()
        .await;
    response.ok(200);
    let etag = response.header("etag").unwrap().to_owned();
    assert_eq!(
        response.header("cache-control"),
        Some("private, max-age=3600")
    );
    let again = app
        .get(&format!("{CODELISTS}/countries"))
        .bearer(&admin())
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(again.status.as_u16(), 304);
    assert!(again.body.is_empty());
    let other = app
        .get(&format!("{CODELISTS}/regions"))
        .bearer(&admin())
        .send()
        .await;
    assert_ne!(other.header("etag").unwrap(), etag);
    let index = app.get(CODELISTS).bearer(&admin()).send().await;
    let index_etag = index.header("etag").unwrap().to_owned();
    let cached = app
        .get(CODELISTS)
        .bearer(&admin())
        .header("if-none-match", &index_etag)
        .send()
        .await;
    assert_eq!(cached.status.as_u16(), 304);
}

#[actix_web::test]
async fn an_unknown_codelist_is_404() {
    let app = spawn().await;
    let problem = app
        .get(&format!("{CODELISTS}/planets"))
        .bearer(&admin())
        .send()
        .await
        .problem(404);
    assert!(problem["detail"].as_str().unwrap().contains("planets"));
}

#[actix_web::test]
async fn integration_spaces_answer_membership_on_a_date() {
    let app = spawn().await;
    let codes = |list: serde_json::Value| -> Vec<String> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = app
        .get(&format!("{CODELISTS}/integration_spaces"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let names = codes(all.clone());
    for expected in [
        "mercosur",
        "celac",
        "unasur",
        "sica",
        "can",
        "aladi",
        "alba",
        "pacific_alliance",
        "asa",
        "fealac",
        "aspa",
        "ibero_american",
    ] {
        assert!(names.contains(&expected.to_owned()), "{expected}");
    }
    let mercosur = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"] == "mercosur")
        .unwrap();
    assert_eq!(mercosur["kind"], "regional");
    assert_eq!(mercosur["labels"]["es"], "Mercado Común del Sur (MERCOSUR)");
    assert!(
        mercosur["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["country_code"] == "AR" && m["joined"] == "1991-03-26")
    );

    let bolivia_2020 = codes(
        app.get(&format!(
            "{CODELISTS}/integration_spaces?country=BO&date=2020-01-01"
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200),
    );
    assert!(!bolivia_2020.contains(&"mercosur".to_owned()));
    assert!(bolivia_2020.contains(&"can".to_owned()));
    let bolivia_2025 = codes(
        app.get(&format!(
            "{CODELISTS}/integration_spaces?country=BO&date=2025-01-01"
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200),
    );
    assert!(bolivia_2025.contains(&"mercosur".to_owned()));
    let brazil_2021 = codes(
        app.get(&format!(
            "{CODELISTS}/integration_spaces?country=BR&date=2021-06-01"
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200),
    );
    assert!(
        !brazil_2021.contains(&"celac".to_owned()),
        "Brazil left CELAC from 2020 to 2023"
    );
    let forums = codes(
        app.get(&format!(
            "{CODELISTS}/integration_spaces?kind=interregional"
        ))
        .bearer(&admin())
        .send()
        .await
        .ok(200),
    );
    assert_eq!(forums.len(), 4);

    let index = app.get(CODELISTS).bearer(&admin()).send().await.ok(200);
    assert!(
        index["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "integration_spaces" && c["count"] == 12)
    );

    // A date alone: the spaces that had members then (CELAC and UNASUR did not in 1995).
    let in_1995 = app
        .get(&format!("{CODELISTS}/integration_spaces?date=1995-01-01"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let codes: Vec<&str> = in_1995["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"mercosur") && codes.contains(&"can"),
        "{codes:?}"
    );
    assert!(
        !codes.contains(&"celac") && !codes.contains(&"unasur"),
        "{codes:?}"
    );

    for (query, status, parameter) in [
        ("country=ZZ", 422, "country"),
        ("country=", 400, "country"),
        ("country=bo", 400, "country"),
        ("date=2020-13-01", 400, "date"),
        ("kind=global", 400, "kind"),
    ] {
        let problem = app
            .get(&format!("{CODELISTS}/integration_spaces?{query}"))
            .bearer(&admin())
            .send()
            .await
            .problem(status);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
    }
    // Any date is a date to ask about: before every space, none had members.
    let long_ago = app
        .get(&format!("{CODELISTS}/integration_spaces?date=0001-01-01"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(long_ago["items"], serde_json::json!([]));
}

fn item<'a>(list: &'a Value, code: &str) -> &'a Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} is listed"))
}

/// `lang` or `Accept-Language` chooses `label`; every language stays in `labels`.
#[actix_web::test]
async fn labels_come_in_the_language_asked_for() {
    let app = spawn().await;
    let viewer = token(Role::Viewer, None);
    let get = |path: String, accept: Option<&'static str>| {
        let app = &app;
        let viewer = viewer.clone();
        async move {
            let mut call = app.get(&path).bearer(&viewer);
            if let Some(accept) = accept {
                call = call.header("accept-language", accept);
            }
            call.send().await
        }
    };
    // Spanish unless asked otherwise.
    let plain = get(format!("{CODELISTS}/countries"), None).await;
    assert_eq!(plain.header("content-language"), Some("es"));
    assert_eq!(plain.header("vary"), Some("Accept-Language"));
    let plain_tag = plain.header("etag").unwrap().to_owned();
    let plain = plain.ok(200);
    let bolivia = item(&plain, "BO");
    assert_eq!(bolivia["label"], "Bolivia (Estado Plurinacional de)");
    assert_eq!(
        bolivia["labels"],
        serde_json::json!({
            "en": "Bolivia (Plurinational State of)",
            "es": "Bolivia (Estado Plurinacional de)",
            "fr": "Bolivie (État plurinational de)",
            "pt": null
        })
    );

    let french = get(format!("{CODELISTS}/countries?lang=fr"), Some("pt")).await;
    assert_eq!(french.header("content-language"), Some("fr"));
    let french_tag = french.header("etag").unwrap().to_owned();
    assert_ne!(french_tag, plain_tag, "one ETag per language");
    let french = french.ok(200);
    assert_eq!(item(&french, "HT")["label"], "Haïti");
    // The same labels, whichever the language.
    assert_eq!(item(&french, "BO")["labels"], bolivia["labels"]);

    // Portuguese where a list has it, English where a code has none.
    let statuses = get(
        format!("{CODELISTS}/activity_statuses"),
        Some("de-CH, pt-BR;q=0.8, en;q=0.5"),
    )
    .await;
    assert_eq!(statuses.header("content-language"), Some("pt"));
    assert_eq!(item(&statuses.ok(200), "2")["label"], "Em execução");
    let countries = get(format!("{CODELISTS}/countries?lang=pt"), None)
        .await
        .ok(200);
    assert_eq!(
        item(&countries, "BO")["label"],
        "Bolivia (Plurinational State of)"
    );
    let sectors = get(format!("{CODELISTS}/sectors"), Some("fr;q=0.2, en;q=0.9")).await;
    assert_eq!(sectors.header("content-language"), Some("en"));
    // A language labels never come in, or one refused by q=0, falls back to Spanish.
    let other = get(format!("{CODELISTS}/result_types"), Some("de, fr;q=0")).await;
    assert_eq!(other.header("content-language"), Some("es"));
    assert_eq!(item(&other.ok(200), "2")["label"], "Efecto");

    // Conditional GET per language.
    let again = app
        .get(&format!("{CODELISTS}/countries?lang=fr"))
        .bearer(&viewer)
        .header("if-none-match", &french_tag)
        .send()
        .await;
    assert_eq!(again.status.as_u16(), 304);

    let reply = get(format!("{CODELISTS}/countries?lang=de"), None).await;
    reply.problem(400);
    assert_eq!(reply.json()["errors"][0]["parameter"], "lang");
    get(format!("{CODELISTS}/nope?lang=fr"), None)
        .await
        .problem(404);
}
