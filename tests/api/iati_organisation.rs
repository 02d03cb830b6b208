//! The IATI organisation file: the reporting organisation's budgets per year and per
//! recipient per year, from the projects the reader reads, and its own documents;
//! valid against the IATI organisation schema; public, with conditional GET, when
//! publication is on.

use std::process::Command;

use serde_json::json;
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast, triangular};
use crate::support::{admin, spawn, spawn_with, token};

fn assert_valid_organisation_file(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("organisation.xml");
    std::fs::write(&file, xml).unwrap();
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/iati-schema/iati-organisations-schema.xsd"
    );
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", schema])
        .arg(&file)
        .output()
        .expect("xmllint (libxml2-utils) is installed: .ci/run installs it");
    assert!(
        output.status.success(),
        "not a valid IATI organisation file: {}\n{xml}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `value`s of the elements `name` (with the recipient code, if any), as
/// (code, year, currency, amount).
fn budgets(xml: &str, name: &str) -> Vec<(String, String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(name))
        .map(|n| {
            let child = |tag: &str| n.children().find(|c| c.has_tag_name(tag));
            let code = child("recipient-country")
                .or_else(|| child("recipient-region"))
                .and_then(|c| c.attribute("code"))
                .unwrap_or("")
                .to_owned();
            let value = child("value").unwrap();
            (
                code,
                child("period-start")
                    .unwrap()
                    .attribute("iso-date")
                    .unwrap()[..4]
                    .to_owned(),
                value.attribute("currency").unwrap().to_owned(),
                value.text().unwrap().to_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_organisation_file_sums_budgets_by_year_and_recipient() {
    let app = spawn().await;
    let cast = cast(&app).await;
    // USD 125,000 from 2025-03-01 to 2026-12-31, all Bolivia: 306 and 365 of 671 days.
    app.create(PROJECTS, &bilateral(&cast, "ORG-1")).await;
    // JPY 30,000,000 from 2024-06-01 to 2027-05-31, all Paraguay.
    app.create(PROJECTS, &triangular(&cast, "ORG-2")).await;
    let mut hidden = bilateral(&cast, "ORG-3");
    hidden["visibility"] = json!("restricted");
    hidden["budget"] = json!({"amount": "1000.00", "currency": "USD"});
    app.create(PROJECTS, &hidden).await;

    let xml = app
        .get("/api/v1/iati/organisation")
        .bearer(&admin())
        .send()
        .await
        .text();
    assert_valid_organisation_file(&xml);
    let totals = budgets(&xml, "total-budget");
    let usd: Vec<_> = totals.iter().filter(|t| t.2 == "USD").collect();
    // 125,000 × 306/671 = 57,004.47 and the restricted project's 1,000 × 306/671 =
    // 456.03 (cents rounded down, the last year taking the rest).
    assert_eq!(
        usd[0],
        &("".into(), "2025".into(), "USD".into(), "57460.50".into()),
        "{totals:?}"
    );
    let sum: f64 = usd.iter().map(|t| t.3.parse::<f64>().unwrap()).sum();
    assert!((sum - 126_000.0).abs() < 0.001, "{totals:?}");
    let countries = budgets(&xml, "recipient-country-budget");
    // 30,000,000 × 214/1,095 days.
    assert!(
        countries.contains(&("PY".into(), "2024".into(), "JPY".into(), "5863013".into())),
        "{countries:?}"
    );
    assert!(
        !xml.contains("total-expenditure"),
        "no execution figures are held"
    );

    // A viewer's file counts what viewers read: not the restricted project.
    let viewer = token(Role::Viewer, None);
    let public = app
        .get("/api/v1/iati/organisation")
        .bearer(&viewer)
        .send()
        .await
        .text();
    let usd: f64 = budgets(&public, "total-budget")
        .iter()
        .filter(|t| t.2 == "USD")
        .map(|t| t.3.parse::<f64>().unwrap())
        .sum();
    assert!((usd - 125_000.0).abs() < 0.001);
    app.get("/api/v1/iati/organisation")
        .send()
        .await
        .problem(401);
}

#[actix_web::test]
async fn the_public_organisation_file_has_the_documents_and_answers_conditional_gets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("documents.json");
    std::fs::write(
        &path,
        json!([{
            "url": "https://www.cancilleria.gob.ar/cooperacion/informe-anual-2025.pdf",
            "format": "application/pdf",
            "title": {"es": "Informe anual de cooperación 2025"},
            "categories": ["B01"],
            "languages": ["es"],
            "document_date": "2026-03-31"
        }])
        .to_string(),
    )
    .unwrap();
    let documents = ssc_api::iati::organisation::read_documents(&path).unwrap();
    let off = spawn().await;
    off.get("/iati/organisation.xml").send().await.problem(404);
    let app = spawn_with(move |state| {
        state.iati.publish = true;
        state.iati.organisation_documents = documents;
    })
    .await;
    let cast = cast(&app).await;
    app.create(PROJECTS, &bilateral(&cast, "ORG-1")).await;
    let first = app.get("/iati/organisation.xml").send().await;
    assert_eq!(first.status.as_u16(), 200);
    let xml = first.text();
    assert_valid_organisation_file(&xml);
    assert!(xml.contains("informe-anual-2025.pdf") && xml.contains("<category code=\"B01\"/>"));
    let etag = first.header("etag").unwrap().to_owned();
    let again = app
        .get("/iati/organisation.xml")
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(again.status.as_u16(), 304);
    assert_ne!(
        app.get("/iati/activities.xml").send().await.header("etag"),
        Some(etag.as_str()),
        "each document has its own entity tag"
    );

    // An activity category is refused in the organisation's documents.
    std::fs::write(
        &path,
        json!([{"url": "https://example.org/a.pdf", "format": "application/pdf",
                "title": {"es": "Acta"}, "categories": ["A09"]}])
        .to_string(),
    )
    .unwrap();
    let refused = ssc_api::iati::organisation::read_documents(&path).unwrap_err();
    assert!(refused.contains("B01–B18"), "{refused}");
}
