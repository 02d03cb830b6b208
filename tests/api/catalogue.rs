//! The public catalogue (`GET /catalogue`, no token): served only with
//! `SSC_CATALOGUE_PUBLIC=true`, only what a viewer reads that is active, labelled in the
//! caller's language, in bounded pages, and every refusal.

use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{CAPACITIES, PROJECTS, bilateral, capacity, cast};
use crate::support::{admin, spawn, spawn_with, token};

const CATALOGUE: &str = "/catalogue";

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn id(record: &Value) -> String {
    record["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn the_catalogue_is_not_public_unless_configured() {
    let app = spawn().await;
    let cast = cast(&app).await;
    app.create(CAPACITIES, &capacity(&cast)).await;
    for url in [CATALOGUE, "/catalogue?limit=500", "/catalogue?bogus=1"] {
        let problem = app.get(url).send().await.problem(404);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("SSC_CATALOGUE_PUBLIC"),
            "{problem}"
        );
    }
    // A token changes nothing.
    app.get(CATALOGUE)
        .bearer(&admin())
        .send()
        .await
        .problem(404);
}

#[actix_web::test]
async fn only_active_approved_public_capacities_are_shown_without_a_token() {
    let app = spawn_with(|state| state.catalogue_public = true).await;
    let cast = cast(&app).await;
    let shown = app.create(CAPACITIES, &capacity(&cast)).await;
    let mut body = capacity(&cast);
    body["visibility"] = json!("restricted");
    app.create(CAPACITIES, &body).await;
    let mut body = capacity(&cast);
    body["status"] = json!("paused");
    app.create(CAPACITIES, &body).await;
    // A partner's capacity awaits review: a draft, not in the catalogue.
    let inta = Uuid::parse_str(cast.inta.as_str().unwrap()).unwrap();
    let partner = token(Role::Partner, Some(inta));
    let draft = app
        .post(CAPACITIES)
        .bearer(&partner)
        .json(&capacity(&cast))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");
    // An approved capacity its partner edits: the catalogue keeps the approved version.
    let edited = app
        .patch(&format!("{CAPACITIES}/{}", id(&shown)))
        .bearer(&partner)
        .if_match(&shown["version"])
        .json(&json!({"title": {"es": "Título propuesto", "en": "Proposed"}}))
        .send()
        .await
        .ok(200);
    assert_eq!(edited["review_status"], "submitted", "{edited}");

    let page = app.get(CATALOGUE).send().await.ok(200);
    assert_eq!(ids(&page), [id(&shown)], "{page}");
    let entry = &page["items"][0];
    assert_eq!(entry["title"]["es"], "Mejoramiento genético de pasturas");
    assert_eq!(page["next_cursor"], Value::Null);
    // Nothing of the server's bookkeeping or the review.
    for member in [
        "version",
        "review_status",
        "created_by",
        "visibility",
        "status",
    ] {
        assert!(entry.get(member).is_none(), "{member}: {entry}");
    }
}

#[actix_web::test]
async fn codes_are_labelled_in_the_callers_language() {
    let app = spawn_with(|state| state.catalogue_public = true).await;
    let cast = cast(&app).await;
    let offered = app.create(CAPACITIES, &capacity(&cast)).await;
    // Delivered in Bolivia (public) and in Paraguay (restricted: not shown).
    let mut project = bilateral(&cast, "CAT-1");
    project["capacity_ids"] = json!([offered["id"]]);
    app.create(PROJECTS, &project).await;
    let mut hidden = bilateral(&cast, "CAT-2");
    hidden["capacity_ids"] = json!([offered["id"]]);
    hidden["visibility"] = json!("restricted");
    hidden["recipient_countries"] = json!([{"country_code": "PY", "percentage": "100"}]);
    app.create(PROJECTS, &hidden).await;

    let cases = [
        (
            None,
            "en",
            "expert mission",
            "Spanish; Castilian",
            "Bolivia (Plurinational State of)",
        ),
        (
            Some("es-AR"),
            "es",
            "misión de expertos",
            "Español",
            "Bolivia (Estado Plurinacional de)",
        ),
        (Some("pt-BR"), "pt", "missão de especialistas", "", ""),
        (Some("fr"), "fr", "mission d’experts", "", ""),
    ];
    let mut codes = Vec::new();
    for (language, tag, format, spanish, bolivia) in cases {
        let mut request = app.get(CATALOGUE);
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        let reply = request.send().await;
        let page = reply.ok(200);
        assert_eq!(reply.header("content-language"), Some(tag));
        assert!(reply.header("vary").unwrap().contains("Accept-Language"));
        let entry = &page["items"][0];
        assert_eq!(entry["formats"][0]["code"], "expert_mission");
        assert_eq!(entry["formats"][0]["name"], format, "{tag}");
        assert_eq!(entry["languages"][0]["code"], "es");
        if !spanish.is_empty() {
            assert_eq!(entry["languages"][0]["name"], spanish, "{tag}");
            assert_eq!(entry["delivered_in"][0]["name"], bolivia, "{tag}");
        }
        for label in ["sectors", "languages", "delivered_in", "formats"] {
            for item in entry[label].as_array().unwrap() {
                assert!(!item["name"].as_str().unwrap().is_empty(), "{label}");
            }
        }
        assert_eq!(
            entry["offering_organisations"],
            json!([{"id": cast.inta, "name": "Instituto Nacional de Tecnología Agropecuaria"}])
        );
        let mut machine = entry.clone();
        for label in ["sectors", "languages", "delivered_in", "formats"] {
            for item in machine[label].as_array_mut().unwrap() {
                item.as_object_mut().unwrap().remove("name");
            }
        }
        codes.push(machine);
    }
    assert_eq!(codes[0]["delivered_in"], json!([{"code": "BO"}]));
    assert_eq!(
        codes[0]["sectors"],
        json!([{"code": "31182"}, {"code": "31166"}])
    );
    assert!(codes.windows(2).all(|w| w[0] == w[1]), "{codes:?}");
}

#[actix_web::test]
async fn pages_are_bounded_and_filters_narrow() {
    let app = spawn_with(|state| state.catalogue_public = true).await;
    let cast = cast(&app).await;
    let mut made = Vec::new();
    for n in 0..3 {
        let mut body = capacity(&cast);
        if n == 2 {
            body["sectors"] = json!(["12250"]);
            body["formats"] = json!(["internship"]);
            body["languages"] = json!(["pt"]);
        }
        made.push(id(&app.create(CAPACITIES, &body).await));
    }
    made.reverse(); // newest first
    let first = app.get("/catalogue?limit=2").send().await.ok(200);
    assert_eq!(ids(&first), made[..2]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("/catalogue?limit=2&cursor={cursor}"))
        .send()
        .await
        .ok(200);
    assert_eq!(ids(&second), made[2..]);
    assert_eq!(second["next_cursor"], Value::Null);
    for (query, expected) in [
        ("sector=12250", &made[..1]),
        ("sector=311", &made[1..]),
        ("format=internship", &made[..1]),
        ("language=pt", &made[..1]),
        ("language=fr", &made[..0]),
    ] {
        let page = app.get(&format!("/catalogue?{query}")).send().await.ok(200);
        assert_eq!(ids(&page), expected, "{query}");
    }

    for query in [
        "limit=0",
        "limit=51",
        "limit=x",
        "cursor=not-a-cursor",
        "format=fax",
        "sector=3",
        "q=leche",
        "status=paused",
    ] {
        app.get(&format!("/catalogue?{query}"))
            .send()
            .await
            .problem(400);
    }
    for query in ["sector=99999", "language=zz"] {
        app.get(&format!("/catalogue?{query}"))
            .send()
            .await
            .problem(422);
    }
    // A cursor of another list is not this list's.
    let list = app
        .get(&format!("{CAPACITIES}?limit=1"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let other = list["next_cursor"].as_str().unwrap();
    let reply = app.get(&format!("/catalogue?cursor={other}")).send().await;
    assert!(
        matches!(reply.status.as_u16(), 400 | 422),
        "{}",
        reply.text()
    );
}
