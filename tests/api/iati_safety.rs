//! IATI import against a hostile or careless file: re-imports never widen who reads a
//! project, take organisations away or overwrite content awaiting review without the
//! review workflow; the service's own namespace is known by its URI; the export comes
//! back unchanged, frameworks included; counts are refused before any write; the report
//! and the imports in flight are bounded; UTF-16 files are read.

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{PARTNERSHIPS, PROJECTS, bilateral, bilateral_partnership, cast};
use crate::support::{admin, spawn, token};

const IMPORTS: &str = "/api/v1/iati/imports";

macro_rules! import {
    ($app:expr, $xml:expr) => {
        $app.post(IMPORTS)
            .bearer(&admin())
            .body("application/xml", $xml.to_owned())
            .send()
            .await
    };
}

/// The outcome of the report's only activity, and its notes' messages.
fn outcome(report: &Value) -> (String, Vec<String>) {
    assert_eq!(report["activities"], 1, "{report}");
    let outcome = ["created", "updated", "submitted", "unchanged", "skipped"]
        .into_iter()
        .find(|o| report[o] == 1)
        .unwrap_or_else(|| panic!("{report}"));
    let notes = report["details"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["notes"].as_array().unwrap().clone())
        .map(|n| n["message"].as_str().unwrap().to_owned())
        .collect();
    (outcome.to_owned(), notes)
}

#[actix_web::test]
async fn reimports_keep_what_the_file_leaves_out_and_review_what_widens() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let partnership = app
        .create(PARTNERSHIPS, &bilateral_partnership(&cast))
        .await;
    let mut body = bilateral(&cast, "SAFE-1");
    body["visibility"] = json!("restricted");
    body["partnership_id"] = partnership["id"].clone();
    let project = app.create_project(&body).await;
    let item = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let xml = app
        .get(&format!("{item}/iati"))
        .bearer(&admin())
        .send()
        .await
        .text();

    // The service's own file comes back unchanged, its partnership included (F4).
    assert_eq!(outcome(&import!(app, xml).ok(200)).0, "unchanged");
    // Without ssc:visibility the project stays restricted (F3).
    let silent = xml.replace(" ssc:visibility=\"restricted\"", "");
    assert_ne!(silent, xml);
    assert_eq!(outcome(&import!(app, silent).ok(200)).0, "unchanged");
    // The namespace is known by its URI, whatever its prefix; `ssc:` bound to another
    // URI is not the service's.
    let renamed = xml
        .replace(
            "xmlns:ssc=\"urn:ssc-api:iati\"",
            "xmlns:ssc=\"urn:other\" xmlns:own=\"urn:ssc-api:iati\"",
        )
        .replace(" ssc:", " own:")
        .replace(
            " own:visibility=\"restricted\"",
            " own:visibility=\"restricted\" ssc:visibility=\"public\"",
        );
    assert_eq!(
        outcome(&import!(app, renamed).ok(200)).0,
        "unchanged",
        "{renamed}"
    );

    // Making it public goes through review: saved as a version awaiting approval.
    let public = xml.replace("ssc:visibility=\"restricted\"", "ssc:visibility=\"public\"");
    let (done, notes) = outcome(&import!(app, public).ok(200));
    assert_eq!(done, "submitted", "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("makes the project public")),
        "{notes:?}"
    );
    let current = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert_eq!(current["review_status"], "submitted");
    assert_eq!(current["approved_version"], 1);
    assert_eq!(current["partnership_id"], partnership["id"]);
    // Readers of approved content still do not see it.
    let viewer = token(Role::Viewer, None);
    app.get(&item).bearer(&viewer).send().await.problem(404);

    // Content awaiting review is not overwritten by an import.
    let retitled = public.replace("Fortalecimiento de la cadena láctea", "Otro título");
    let (done, notes) = outcome(&import!(app, retitled).ok(200));
    assert_eq!(done, "skipped");
    assert!(
        notes.iter().any(|n| n.contains("awaits review")),
        "{notes:?}"
    );
    let after = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert_eq!(after["version"], current["version"]);
}

#[actix_web::test]
async fn removing_an_organisation_goes_through_review() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "SAFE-2")).await;
    let item = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let xml = app
        .get(&format!("{item}/iati"))
        .bearer(&admin())
        .send()
        .await
        .text();
    // A third organisation joins: an update that counts at once.
    let joined = xml.replacen(
        "<other-identifier",
        "<participating-org role=\"4\" type=\"10\" ssc:country=\"PY\"><narrative xml:lang=\"es\">Ministerio de Agricultura y Ganadería</narrative></participating-org><other-identifier",
        1,
    );
    assert_eq!(outcome(&import!(app, joined).ok(200)).0, "updated");
    let three = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert_eq!(three["participants"].as_array().unwrap().len(), 3);
    assert_eq!(three["review_status"], "approved");
    // The original file again: the third is removed, which awaits review.
    let (done, notes) = outcome(&import!(app, xml).ok(200));
    assert_eq!(done, "submitted", "{notes:?}");
    assert!(
        notes.iter().any(|n| n.contains("removes organisations")),
        "{notes:?}"
    );
    let viewer = token(Role::Viewer, None);
    let seen = app.get(&item).bearer(&viewer).send().await.ok(200);
    assert_eq!(
        seen["participants"].as_array().unwrap().len(),
        3,
        "the approved version"
    );
}

/// An activity naming 24,000 organisations is refused before any is looked up or
/// created (it used to hold SQLite's writer for seconds creating them).
#[actix_web::test]
async fn counts_are_refused_before_anything_is_written() {
    let app = spawn().await;
    let orgs: String = (0..24_000)
        .map(|n| format!("<participating-org role=\"4\" type=\"21\"><narrative>Org {n}</narrative></participating-org>"))
        .collect();
    let xml = format!(
        r#"<iati-activities version="2.03"><iati-activity xml:lang="en"><iati-identifier>XM-TEST-MANY</iati-identifier><title><narrative>Many</narrative></title>{orgs}<activity-date iso-date="2024-01-01" type="1"/><activity-date iso-date="2024-12-31" type="3"/><recipient-country code="BO"/><sector code="31166"/></iati-activity></iati-activities>"#
    );
    let report = import!(app, xml).ok(200);
    let (done, notes) = outcome(&report);
    assert_eq!(done, "skipped");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("/participants: a project has at most 100 participants")),
        "{notes:?}"
    );
    let organisations = app
        .get("/api/v1/organisations?limit=200")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(organisations["items"], json!([]));
}

/// 10,000 empty activities: every one counted, the first 100 described.
#[actix_web::test]
async fn the_report_is_bounded() {
    let app = spawn().await;
    let xml = format!(
        "<iati-activities version=\"2.03\">{}</iati-activities>",
        "<iati-activity/>".repeat(10_000)
    );
    let report = import!(app, xml).ok(200);
    assert_eq!(report["activities"], 10_000);
    assert_eq!(report["skipped"], 10_000);
    assert_eq!(report["details"].as_array().unwrap().len(), 100);
    assert_eq!(report["details_omitted"], 9_900);
}

#[actix_web::test]
async fn imports_in_flight_are_bounded() {
    let app = spawn().await;
    let held = app
        .state
        .iati
        .import_slots
        .clone()
        .try_acquire_many_owned(2)
        .unwrap();
    let xml = "<iati-activities version=\"2.03\"/>";
    let busy = import!(app, xml);
    let problem = busy.problem(503);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("imports are running")
    );
    assert!(busy.header("retry-after").is_some());
    drop(held);
    assert_eq!(import!(app, xml).ok(200)["activities"], 0);
}

#[actix_web::test]
async fn utf16_files_import_like_utf8_ones() {
    let app = spawn().await;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/iati/example-annotated-full.xml"
    ))
    .unwrap()
    .replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    let report = app
        .post(IMPORTS)
        .bearer(&admin())
        .body("application/xml", bytes)
        .send()
        .await
        .ok(200);
    assert_eq!(report["created"], 1, "{report}");
}
