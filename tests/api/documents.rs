//! Document links and the default language, on every kind of cooperation record.

use serde_json::{Value, json};
use ssc_api::domain::kinds::ResourceKind;

use crate::fixtures::{cast, translated};
use crate::object_access::{bodies, coded};
use crate::support::{admin, spawn};

fn acta() -> Value {
    json!({
        "url": "https://www.cancilleria.gob.ar/cooperacion/actas/comixta-ar-py-2024.pdf",
        "format": "application/pdf",
        "title": {"es": "Acta de la Comisión Mixta", "pt": "Ata da Comissão Mista"},
        "categories": ["A09", "A02"],
        "languages": ["es", "pt"],
        "document_date": "2024-05-14"
    })
}

#[actix_web::test]
async fn every_kind_keeps_its_document_links() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let body = coded((resource.with_partner)(&cast), "DOCS-1");
        let plain = app.create(&resource.path, &body).await;
        assert_eq!(plain["default_language"], "es", "{kind}");
        assert_eq!(plain["document_links"], json!([]), "{kind}");

        let mut body = translated(body, "pt");
        body["default_language"] = json!("pt");
        let mut page = acta();
        page["url"] = json!("  http://cooperacao.example.br/projeto  ");
        page["format"] = json!("text/html");
        page["title"] = json!({"pt": "  Página do projeto "});
        page["categories"] = json!(["A12"]);
        page["languages"] = json!([]);
        page["document_date"] = Value::Null;
        body["document_links"] = json!([acta(), page]);
        let created = app.create(&resource.path, &coded(body, "DOCS-2")).await;
        assert_eq!(created["default_language"], "pt");
        let links = created["document_links"].as_array().unwrap();
        assert_eq!(links[0], acta(), "{kind}");
        // Trimmed as stored.
        assert_eq!(links[1]["url"], "http://cooperacao.example.br/projeto");
        assert_eq!(links[1]["title"], json!({"pt": "Página do projeto"}));
        let item = format!("{}/{}", resource.path, created["id"].as_str().unwrap());
        let read = app.get(&item).bearer(&admin()).send().await.ok(200);
        assert_eq!(read, created, "{kind}");
        // A merge patch replaces the list whole.
        let patched = app
            .patch(&item)
            .bearer(&admin())
            .if_match(&created["version"])
            .json(&json!({"document_links": [], "default_language": "es"}))
            .send()
            .await
            .ok(200);
        assert_eq!(patched["document_links"], json!([]), "{kind}");
    }
}

/// Every rule of a link, each violation at its own pointer, all in one answer; nothing
/// is stored.
#[actix_web::test]
async fn every_document_rule_is_reported_at_its_pointer() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for kind in ResourceKind::cooperation() {
        let resource = bodies(kind).unwrap();
        let mut body = coded((resource.with_partner)(&cast), "DOCS-BAD");
        body["default_language"] = json!("es");
        let bad = |changes: Value| {
            let mut link = acta();
            for (name, value) in changes.as_object().unwrap() {
                link[name] = value.clone();
            }
            link
        };
        body["document_links"] = json!([
            bad(json!({"url": "ftp://files.example.org/acta.pdf"})),
            bad(json!({"url": "https://ana:secreto@files.example.org/acta.pdf"})),
            bad(json!({"url": "acta.pdf"})),
            bad(json!({"url": format!("https://example.org/{}", "a".repeat(2040))})),
            bad(json!({"format": "application/x-acta"})),
            bad(json!({"categories": ["B01", "A09", "A09", "A99"]})),
            bad(json!({"title": {"pt": "Ata", "zz": "?", "en": "  "}})),
            bad(json!({"languages": ["es", "xx", "es"]})),
            bad(json!({"document_date": "1850-01-01"})),
        ]);
        let response = app
            .post(&resource.path)
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        response.problem(422);
        let mut pointers = response.pointers();
        pointers.sort();
        let mut expected = vec![
            "/document_links/0/url",
            "/document_links/1/url",
            "/document_links/2/url",
            "/document_links/3/url",
            "/document_links/4/format",
            "/document_links/5/categories/0",
            "/document_links/5/categories/2",
            "/document_links/5/categories/3",
            "/document_links/6/title/en",
            "/document_links/6/title/es",
            "/document_links/6/title/zz",
            "/document_links/7/languages/1",
            "/document_links/7/languages/2",
            "/document_links/8/document_date",
        ];
        expected.sort();
        assert_eq!(pointers, expected, "{kind}: {}", response.text());
        let detail = response.text();
        for phrase in [
            "https and http",
            "credentials",
            "organisation documents",
            "default language",
        ] {
            assert!(detail.contains(phrase), "{kind}: {phrase} in {detail}");
        }

        // The default language must be a language, and at most 50 links.
        body["document_links"] = json!(vec![acta(); 51]);
        body["default_language"] = json!("xx");
        let response = app
            .post(&resource.path)
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        response.problem(422);
        let pointers = response.pointers();
        assert!(
            pointers.contains(&"/document_links".to_owned()),
            "{pointers:?}"
        );
        assert!(
            pointers.contains(&"/default_language".to_owned()),
            "{pointers:?}"
        );
        // A category outside the codes' pattern is not in the contract.
        body["default_language"] = json!("es");
        body["document_links"] = json!([bad(json!({"categories": []}))]);
        app.post(&resource.path)
            .bearer(&admin())
            .json(&body)
            .send()
            .await
            .problem(422);
        body["document_links"] = json!([bad(json!({"title": "Acta"}))]);
        app.post(&resource.path)
            .bearer(&admin())
            .json(&body)
            .send()
            .await
            .problem(400);
        body["document_links"] = json!([bad(json!({"unexpected": true}))]);
        app.post(&resource.path)
            .bearer(&admin())
            .json(&body)
            .send()
            .await
            .problem(400);
        let list = app
            .get(&resource.path)
            .bearer(&admin())
            .send()
            .await
            .ok(200);
        assert_eq!(list["items"], json!([]), "{kind}: nothing was stored");
    }
}

/// URLs are stored as parsed and normalised; control and invisible formatting
/// characters, backslashes and forms without a host are refused (they reached the IATI
/// XML as sent).
#[actix_web::test]
async fn urls_are_stored_normalised_and_deceptive_ones_refused() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = crate::fixtures::bilateral(&cast, "URL-1");
    let mut link = acta();
    link["url"] = json!(" https://WWW.Example.org/actas/acta 1.pdf ");
    body["document_links"] = json!([link]);
    let created = app.create_project(&body).await;
    assert_eq!(
        created["document_links"][0]["url"],
        "https://www.example.org/actas/acta%201.pdf"
    );
    for bad in [
        "https://example.org/a\r\nb.pdf",
        "https://example.org/\u{202E}fdp.exe",
        "https:evil.com",
        "http:\\\\evil.com",
    ] {
        let mut body = crate::fixtures::bilateral(&cast, "URL-2");
        let mut link = acta();
        link["url"] = json!(bad);
        body["document_links"] = json!([link]);
        let refused = app
            .post(crate::fixtures::PROJECTS)
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        refused.problem(422);
        assert_eq!(refused.pointers(), ["/document_links/0/url"], "{bad:?}");
    }
}
