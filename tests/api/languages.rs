//! Text in several languages: every record text is an object from ISO 639-1 code to
//! text, the record's `default_language` text is required, merge patches add and remove
//! languages, search looks through every language, and the migration turned the text
//! written before into the default language's.

use serde_json::{Map, Value, json};
use ssc_api::auth::Role;
use ssc_api::domain::kinds::ResourceKind;

use crate::fixtures::{TEXT_MEMBERS, cast, translated};
use crate::object_access::{bodies, coded};
use crate::support::{admin, spawn, token};

fn item_of(path: &str, record: &Value) -> String {
    format!("{path}/{}", record["id"].as_str().unwrap())
}

/// The optional text members a kind's fixture body sets (besides its title).
fn optional_texts(body: &Value) -> Vec<&'static str> {
    TEXT_MEMBERS
        .into_iter()
        .filter(|member| *member != "title" && body.get(*member).is_some_and(Value::is_object))
        .collect()
}

#[actix_web::test]
async fn every_kind_keeps_its_text_per_language_and_patches_languages() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let body = translated(coded((resource.with_partner)(&cast), "LANG-1"), "pt");
        let mut body = translated(body, "en");
        body["title"]["en"] = json!("  Title in English\n");
        let created = app.create(&resource.path, &body).await;
        let item = item_of(&resource.path, &created);
        let mut expected = body["title"].clone();
        expected["en"] = json!("Title in English");
        assert_eq!(
            created["title"], expected,
            "{kind}: trimmed, every language kept"
        );
        for member in optional_texts(&body) {
            assert_eq!(created[member], body[member], "{kind}: {member}");
            assert_eq!(created[member].as_object().unwrap().len(), 3, "{kind}");
        }
        let read = app.get(&item).bearer(&admin()).send().await.ok(200);
        assert_eq!(read, created, "{kind}");

        // A merge patch adds a language and takes one away, leaving the others.
        let patched = app
            .patch(&item)
            .bearer(&admin())
            .if_match(&created["version"])
            .json(&json!({"title": {"fr": "Titre en français", "en": null}}))
            .send()
            .await
            .ok(200);
        let mut expected = created["title"].clone();
        let languages = expected.as_object_mut().unwrap();
        languages.remove("en");
        languages.insert("fr".into(), json!("Titre en français"));
        assert_eq!(patched["title"], expected, "{kind}");

        // Taking the default language's text away is refused, and changes nothing.
        let refused = app
            .patch(&item)
            .bearer(&admin())
            .if_match(&patched["version"])
            .json(&json!({"title": {"es": null}}))
            .send()
            .await;
        let problem = refused.problem(422);
        assert_eq!(refused.pointers(), ["/title/es"], "{kind}: {problem}");
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("default language (es)"),
            "{problem}"
        );
        // A record's default language can change only with its text in that language.
        let refused = app
            .patch(&item)
            .bearer(&admin())
            .if_match(&patched["version"])
            .json(&json!({"default_language": "en"}))
            .send()
            .await;
        refused.problem(422);
        assert!(
            refused.pointers().contains(&"/title/en".to_owned()),
            "{kind}: {:?}",
            refused.pointers()
        );
        let switched = app
            .patch(&item)
            .bearer(&admin())
            .if_match(&patched["version"])
            .json(&json!({"default_language": "pt"}))
            .send()
            .await
            .ok(200);
        assert_eq!(switched["default_language"], "pt", "{kind}");
        assert_eq!(switched["title"], patched["title"], "{kind}");
    }
}

#[actix_web::test]
async fn language_maps_are_checked_at_their_pointers_and_refusals_store_nothing() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let many: Map<String, Value> = ["es", "pt", "en", "fr", "de", "it", "ja", "zh", "ru", "ar"]
        .into_iter()
        .chain([
            "ko", "vi", "nl", "sv", "pl", "tr", "el", "he", "hi", "id", "ht",
        ])
        .map(|language| (language.to_owned(), json!("texto")))
        .collect();
    assert_eq!(many.len(), 21);
    let refused: [(Value, &str, &str); 5] = [
        (
            json!({"pt": "Sem espanhol"}),
            "/title/es",
            "default language (es)",
        ),
        (json!({}), "/title/es", "default language (es)"),
        (
            json!({"es": "Título", "xx": "?"}),
            "/title/xx",
            "unknown language",
        ),
        (json!({"es": "   "}), "/title/es", "must not be empty"),
        (Value::Object(many), "/title", "at most 20 languages"),
    ];
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let body = coded((resource.with_partner)(&cast), "LANG-BAD");
        for (title, pointer, phrase) in &refused {
            let mut bad = body.clone();
            bad["title"] = title.clone();
            let reply = app
                .post(&resource.path)
                .bearer(&admin())
                .json(&bad)
                .send()
                .await;
            let problem = reply.problem(422);
            let errors = problem["errors"].as_array().unwrap();
            assert!(
                errors
                    .iter()
                    .any(|e| e["pointer"] == *pointer
                        && e["message"].as_str().unwrap().contains(phrase)),
                "{kind}: {title} → {problem}"
            );
        }
        // Each optional text too, in the same answer as the title's.
        let mut bad = body.clone();
        bad["title"] = json!({"pt": "Sem espanhol"});
        let members = optional_texts(&body);
        assert!(
            !members.is_empty(),
            "{kind}: the fixture sets an optional text"
        );
        for member in &members {
            bad[*member] = json!({"es": "x".repeat(20_001)});
        }
        let reply = app
            .post(&resource.path)
            .bearer(&admin())
            .json(&bad)
            .send()
            .await;
        reply.problem(422);
        let pointers = reply.pointers();
        assert!(
            pointers.contains(&"/title/es".to_owned()),
            "{kind}: {pointers:?}"
        );
        for member in &members {
            assert!(
                pointers.contains(&format!("/{member}/es")),
                "{kind}: {member} in {pointers:?}"
            );
        }
        // Not an object from language to text (or a NUL in it, as anywhere): 400.
        for title in [
            json!("Un título"),
            json!({"es": 5}),
            json!(["es"]),
            json!({"es": "a\u{0}"}),
        ] {
            let mut bad = body.clone();
            bad["title"] = title;
            let problem = app
                .post(&resource.path)
                .bearer(&admin())
                .json(&bad)
                .send()
                .await
                .problem(400);
            let pointer = problem["errors"][0]["pointer"].as_str().unwrap();
            assert!(pointer.starts_with("/title"), "{kind}: {problem}");
        }
        let list = app
            .get(&resource.path)
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(list["items"], json!([]), "{kind}: nothing was stored");
    }
}

/// `q` finds a record by its text in any language, case and accents ignored; sorting by
/// title uses the default language's.
#[actix_web::test]
async fn search_looks_through_every_language() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let mut found = coded((resource.with_partner)(&cast), "LANG-Q1");
        found["title"] = json!({"es": "Apicultura", "fr": "Apiculture et ÉLEVAGE d'abeilles", "pt": "Criação de abelhas"});
        let found = app.create(&resource.path, &found).await;
        let mut other = coded((resource.with_partner)(&cast), "LANG-Q2");
        other["title"] = json!({"es": "Bovinos de leche", "en": "Dairy cattle"});
        let other = app.create(&resource.path, &other).await;
        for (q, expected) in [
            ("elevage", vec![&found]),
            ("CRIACAO", vec![&found]),
            ("abelhas", vec![&found]),
            ("dairy", vec![&other]),
            ("apicultura", vec![&found]),
            ("nada", vec![]),
        ] {
            let list = app
                .get(&format!("{}?q={q}", resource.path))
                .bearer(&token(Role::Viewer, None))
                .send()
                .await
                .ok(200);
            let ids: Vec<&Value> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| &r["id"])
                .collect();
            let wanted: Vec<&Value> = expected.iter().map(|r| &r["id"]).collect();
            assert_eq!(ids, wanted, "{kind}: q={q}");
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many stored representations (current or approved) of `table` hold their title as
/// one plain string, as the service wrote them before text came in several languages.
fn plain_titles(conn: &mut ssc_api::db::DbConnection, table: &str) -> Result<i64, String> {
    use diesel::RunQueryDsl;
    use ssc_api::db::DbConnection;
    let count = |test: &str| {
        format!(
            "SELECT (SELECT count(*) FROM {table} WHERE {t1}) + \
             (SELECT count(*) FROM {table} WHERE {t2}) AS n",
            t1 = test.replace("COLUMN", "representation"),
            t2 = test.replace("COLUMN", "approved_representation"),
        )
    };
    let found = match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query(count("json_type(COLUMN, '$.title') = 'text'")).get_result::<Count>(c)
        }
        DbConnection::Postgres(c) => {
            diesel::sql_query(count("jsonb_typeof(COLUMN::jsonb->'title') = 'string'"))
                .get_result::<Count>(c)
        }
    };
    found.map(|c| c.n).map_err(|e| e.to_string())
}

/// Records written before: each text becomes its record's default language's, in the
/// current and the approved representation alike, and reads are as they were (the
/// migration is undone to write them as they were, then run again).
#[actix_web::test]
async fn existing_text_becomes_the_default_languages() {
    use ssc_api::db::{revert_migrations_after, run_migrations};
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut records = Vec::new();
    // The kinds that existed before text came per language (capacities and cooperation
    // requests came after: their tables are reverted with the migrations).
    for kind in ResourceKind::cooperation()
        .filter(|k| ![ResourceKind::Capacity, ResourceKind::CooperationRequest].contains(k))
    {
        let resource = bodies(kind).unwrap();
        let spanish = app
            .create(
                &resource.path,
                &coded((resource.with_partner)(&cast), "MIG-1"),
            )
            .await;
        // A record in Portuguese only: its text becomes Portuguese again.
        let mut portuguese = translated(coded((resource.with_partner)(&cast), "MIG-2"), "pt");
        for member in TEXT_MEMBERS {
            if let Some(text) = portuguese.get_mut(member).and_then(Value::as_object_mut) {
                text.remove("es");
            }
        }
        portuguese["default_language"] = json!("pt");
        let portuguese = app.create(&resource.path, &portuguese).await;
        assert_eq!(portuguese["title"].as_object().unwrap().len(), 1);
        records.push((resource.path.clone(), spanish, "es"));
        records.push((resource.path, portuguese, "pt"));
    }
    // An edit awaiting review: the approved representation is migrated too.
    let (path, approved, _) = records[0].clone();
    let item = item_of(&path, &approved);
    let partner = token(
        Role::Partner,
        cast.mag.as_str().map(|id| id.parse().unwrap()),
    );
    let pending = app
        .patch(&item)
        .bearer(&partner)
        .if_match(&approved["version"])
        .json(&json!({"title": {"es": "Título pendiente de revisión"}}))
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");

    app.state
        .db
        .write(|conn| {
            let fail = |e: String| {
                eprintln!("migration step failed: {e}");
                ssc_api::error::ApiError::internal(e)
            };
            let reverted = revert_migrations_after(conn, "2026-12-03-000008").map_err(fail)?;
            // This one, and those after it (000010's statistics columns among them).
            assert!(
                reverted.iter().any(|v| v.ends_with("000009")),
                "{reverted:?}"
            );
            // Undone: every title is one string again (eight records, each with its
            // current and its approved representation).
            let tables = [
                "projects",
                "partnerships",
                "triangular_arrangements",
                "policy_exchanges",
            ];
            let mut plain = 0;
            for table in tables {
                plain += plain_titles(conn, table).map_err(fail)?;
            }
            assert_eq!(plain, 16);
            run_migrations(conn).map_err(fail)?;
            for table in tables {
                assert_eq!(plain_titles(conn, table).map_err(fail)?, 0, "{table}");
            }
            Ok(())
        })
        .await
        .unwrap();

    for (path, record, language) in &records[1..] {
        let read = app
            .get(&item_of(path, record))
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(&read, record, "{path}");
        assert_eq!(read["default_language"], *language);
        assert!(read["title"][language].is_string(), "{read}");
    }
    // The pending edit stays pending, and readers of approved content keep the approved.
    let viewer = token(Role::Viewer, None);
    assert_eq!(
        app.get(&item).bearer(&admin()).send().await.ok(200),
        pending
    );
    assert_eq!(
        app.get(&item).bearer(&viewer).send().await.ok(200),
        approved
    );
}

/// A merge patch naming a member the record does not have is refused, even when it
/// would only remove it (a no-op that would hide a client's typo).
#[actix_web::test]
async fn a_patch_removing_an_unknown_member_is_400_and_changes_nothing() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut items = Vec::new();
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let created = app
            .create(
                &resource.path,
                &coded((resource.with_partner)(&cast), "UNKNOWN-1"),
            )
            .await;
        items.push((item_of(&resource.path, &created), created));
    }
    let organisation = app.organisation("Organismo de prueba").await;
    items.push((
        item_of("/api/v1/organisations", &organisation),
        organisation,
    ));
    for (item, record) in items {
        for (patch, pointer) in [
            (json!({"": null}), "/"),
            (json!({"titel": null}), "/titel"),
            (json!({"a/b": null, "version": 1}), "/a~1b"),
        ] {
            let problem = app
                .patch(&item)
                .bearer(&admin())
                .if_match(&record["version"])
                .json(&patch)
                .send()
                .await
                .problem(400);
            assert_eq!(
                problem["errors"][0]["pointer"], pointer,
                "{item}: {problem}"
            );
        }
        let read = app.get(&item).bearer(&admin()).send().await.ok(200);
        assert_eq!(read, record, "{item}");
    }
}
