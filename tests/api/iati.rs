//! IATI 2.03 export: the documents validate against the IATI activity schema (xmllint),
//! follow the IATI Standard ruleset's rules on what the service holds, map each member
//! as `src/iati/MAPPING.md` says, stream any number of projects in code order, and hold
//! only what the caller may read.

use std::collections::HashMap;
use std::process::Command;

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast, triangular};
use crate::support::{admin, spawn, token};

const EXPORT: &str = "/api/v1/iati/activities";
const REPORTING_ORG: &str = "AR-CUIT-30546671166";

/// Validate `xml` against the IATI 2.03 activity schema (a copy in tests/fixtures) with
/// xmllint, never reaching the network.
#[track_caller]
pub fn assert_valid_iati(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("activities.xml");
    std::fs::write(&file, xml).unwrap();
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/iati-schema/iati-activities-schema.xsd"
    );
    let output = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema", schema])
        .arg(&file)
        .output()
        .expect("xmllint (libxml2-utils) is installed: .ci/run installs it");
    assert!(
        output.status.success(),
        "not valid IATI 2.03: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(move |n| n.has_tag_name(name))
}

fn percentages<'a, 'i: 'a>(nodes: impl Iterator<Item = roxmltree::Node<'a, 'i>>) -> f64 {
    nodes
        .map(|n| n.attribute("percentage").unwrap().parse::<f64>().unwrap())
        .sum()
}

/// The rules of the IATI Standard ruleset that concern what the service holds, checked
/// on every activity of `xml`; returns the activities' identifiers in document order.
fn assert_follows_the_ruleset(xml: &'static str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "iati-activities");
    assert_eq!(root.attribute("version"), Some("2.03"));
    assert!(root.attribute("generated-datetime").is_some());
    let mut identifiers = Vec::new();
    for activity in children(root, "iati-activity") {
        let identifier = children(activity, "iati-identifier")
            .next()
            .unwrap()
            .text()
            .unwrap();
        let reporting = children(activity, "reporting-org").next().unwrap();
        let reference = reporting.attribute("ref").unwrap();
        assert!(identifier.starts_with(reference), "{identifier}");
        assert!(!identifier.contains(['/', '&', '|', '?']), "{identifier}");
        identifiers.push(identifier.to_owned());
        let sectors = percentages(children(activity, "sector"));
        assert!(
            (sectors - 100.0).abs() < 0.001,
            "{identifier}: sectors {sectors}"
        );
        let recipients = percentages(
            children(activity, "recipient-country").chain(children(activity, "recipient-region")),
        );
        assert!(
            (recipients - 100.0).abs() < 0.001,
            "{identifier}: recipients {recipients}"
        );
        let dates: HashMap<&str, &str> = children(activity, "activity-date")
            .map(|d| {
                (
                    d.attribute("type").unwrap(),
                    d.attribute("iso-date").unwrap(),
                )
            })
            .collect();
        assert!(
            dates["1"] <= dates["3"],
            "{identifier}: planned dates in order"
        );
        if let (Some(start), Some(end)) = (dates.get("2"), dates.get("4")) {
            assert!(start <= end, "{identifier}: actual dates in order");
        }
        // A language for every narrative, a currency and a value date for every value.
        for narrative in activity
            .descendants()
            .filter(|n| n.has_tag_name("narrative"))
        {
            let language = narrative
                .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                .unwrap_or_else(|| panic!("{identifier}: a narrative without xml:lang"));
            assert_eq!(language.len(), 2);
            assert!(
                !narrative.text().unwrap_or("").trim().is_empty(),
                "{identifier}"
            );
        }
        for value in activity.descendants().filter(|n| n.has_tag_name("value")) {
            assert!(value.attribute("currency").is_some(), "{identifier}");
            assert!(value.attribute("value-date").is_some(), "{identifier}");
        }
        // Budgets: periods of at most a year, none overlapping.
        let mut previous_end = String::new();
        for budget in children(activity, "budget") {
            let start: chrono::NaiveDate = children(budget, "period-start")
                .next()
                .unwrap()
                .attribute("iso-date")
                .unwrap()
                .parse()
                .unwrap();
            let end: chrono::NaiveDate = children(budget, "period-end")
                .next()
                .unwrap()
                .attribute("iso-date")
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                start <= end && (end - start).num_days() < 366,
                "{identifier}: {start}..{end}"
            );
            assert!(
                start.to_string() > previous_end,
                "{identifier}: budgets overlap"
            );
            previous_end = end.to_string();
        }
    }
    identifiers
}

async fn export_text<S, B>(app: &crate::support::TestApp<S>, path: &str, bearer: &str) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let reply = app.get(path).bearer(bearer).send().await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    assert_eq!(
        reply.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    reply.text()
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[actix_web::test]
async fn the_demo_data_exports_as_valid_iati() {
    let app = spawn().await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    let xml = leak(export_text(&app, EXPORT, &admin()).await);
    assert_valid_iati(xml);
    let identifiers = assert_follows_the_ruleset(xml);
    let projects = app
        .get(&format!("{PROJECTS}?limit=200"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(
        identifiers.len(),
        projects["items"].as_array().unwrap().len()
    );
    let mut sorted = identifiers.clone();
    sorted.sort();
    assert_eq!(identifiers, sorted, "in code order");
    // Results, document links and every language are there.
    for expected in [
        "<result type=\"1\" aggregation-status=\"1\">",
        "<indicator measure=\"5\" ascending=\"1\">",
        "<document-link format=\"application/pdf\"",
        "<narrative xml:lang=\"pt\">Fortalecimento da cadeia láctea</narrative>",
        "<narrative xml:lang=\"fr\">",
        "<collaboration-type code=\"8\"/>",
        "<tag vocabulary=\"3\" code=\"2.3\"/>",
    ] {
        assert!(xml.contains(expected), "{expected}");
    }

    // One project alone, the same activity.
    let id = projects["items"][0]["id"].as_str().unwrap();
    let single = leak(export_text(&app, &format!("{PROJECTS}/{id}/iati"), &admin()).await);
    assert_valid_iati(single);
    assert_eq!(assert_follows_the_ruleset(single).len(), 1);
}

/// Every member of a project where `MAPPING.md` puts it.
#[actix_web::test]
async fn a_projects_members_map_to_their_iati_elements() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut body = triangular(&cast, "FO/AR-7");
    body["title"] = json!({"es": "Semillas & suelos", "pt": "Sementes e solos"});
    body["objectives"] = json!({"es": "Mejorar <los> suelos"});
    body["budget"] = json!({"amount": "1000.00", "currency": "USD"});
    body["planned_start"] = json!("2024-01-01");
    body["planned_end"] = json!("2026-06-30");
    body["actual_start"] = json!("2024-02-01");
    body["approval_date"] = json!("2023-12-01");
    let project = app.create(PROJECTS, &body).await;
    let id = project["id"].as_str().unwrap();
    let xml = leak(export_text(&app, &format!("{PROJECTS}/{id}/iati"), &admin()).await);
    assert_valid_iati(xml);
    let document = roxmltree::Document::parse(xml).unwrap();
    let activity = children(document.root_element(), "iati-activity")
        .next()
        .unwrap();
    let text_of = |name: &str| {
        children(activity, name)
            .next()
            .unwrap()
            .text()
            .unwrap()
            .to_owned()
    };
    // The code's '/' is not allowed in an identifier; the code itself is kept.
    assert_eq!(
        text_of("iati-identifier"),
        format!("{REPORTING_ORG}-FO-AR-7")
    );
    let other = children(activity, "other-identifier").next().unwrap();
    assert_eq!(
        (other.attribute("ref"), other.attribute("type")),
        (Some("FO/AR-7"), Some("A1"))
    );
    let title: Vec<(&str, &str)> =
        children(children(activity, "title").next().unwrap(), "narrative")
            .map(|n| {
                (
                    n.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                        .unwrap(),
                    n.text().unwrap(),
                )
            })
            .collect();
    assert_eq!(
        title,
        [("es", "Semillas & suelos"), ("pt", "Sementes e solos")],
        "default language first, escaped"
    );
    let objectives = children(activity, "description")
        .find(|d| d.attribute("type") == Some("2"))
        .unwrap();
    assert_eq!(
        objectives.first_element_child().unwrap().text(),
        Some("Mejorar <los> suelos")
    );
    assert_eq!(
        activity.attribute(("urn:ssc-api:iati", "modality")),
        Some("triangular")
    );
    assert_eq!(
        children(activity, "collaboration-type")
            .next()
            .unwrap()
            .attribute("code"),
        Some("8")
    );
    // Roles: the IATI code, and the exact role in ssc:role.
    let roles: Vec<(&str, &str)> = children(activity, "participating-org")
        .map(|o| {
            (
                o.attribute("role").unwrap(),
                o.attribute(("urn:ssc-api:iati", "role")).unwrap(),
            )
        })
        .collect();
    let participants: Vec<&str> = body["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles.iter().map(|r| r.1).collect::<Vec<_>>(), participants);
    for (code, role) in roles {
        let expected = match role {
            "funding" | "second_provider" => "1",
            "provider" | "first_provider" => "3",
            _ => "4",
        };
        assert_eq!(code, expected, "{role}");
    }
    // Dates by type, status.
    let dates: Vec<(&str, &str)> = children(activity, "activity-date")
        .map(|d| {
            (
                d.attribute("type").unwrap(),
                d.attribute("iso-date").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("1", "2024-01-01"),
            ("2", "2024-02-01"),
            ("3", "2026-06-30")
        ]
    );
    assert_eq!(
        children(activity, "activity-status")
            .next()
            .unwrap()
            .attribute("code"),
        Some(body["status"].to_string().as_str())
    );
    // The budget in yearly periods that sum to it exactly.
    let budgets: Vec<(String, String, String)> = children(activity, "budget")
        .map(|b| {
            let date = |n: &str| {
                children(b, n)
                    .next()
                    .unwrap()
                    .attribute("iso-date")
                    .unwrap()
                    .to_owned()
            };
            (
                date("period-start"),
                date("period-end"),
                children(b, "value")
                    .next()
                    .unwrap()
                    .text()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        budgets,
        [
            // 366, 365 and 181 of 912 days of 1,000.00; the last takes the remainder.
            ("2024-01-01".into(), "2024-12-31".into(), "401.31".into()),
            ("2025-01-01".into(), "2025-12-31".into(), "400.21".into()),
            ("2026-01-01".into(), "2026-06-30".into(), "198.48".into()),
        ]
    );
    // Money contributions are commitments dated at approval, from their provider.
    let transactions: Vec<(String, String, String)> = children(activity, "transaction")
        .map(|t| {
            (
                children(t, "transaction-type")
                    .next()
                    .unwrap()
                    .attribute("code")
                    .unwrap()
                    .to_owned(),
                children(t, "transaction-date")
                    .next()
                    .unwrap()
                    .attribute("iso-date")
                    .unwrap()
                    .to_owned(),
                children(t, "value")
                    .next()
                    .unwrap()
                    .text()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    let money: Vec<&Value> = body["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["amount"].is_string())
        .collect();
    assert_eq!(transactions.len(), money.len());
    for ((kind, date, value), contribution) in transactions.iter().zip(money) {
        assert_eq!((kind.as_str(), date.as_str()), ("11", "2023-12-01"));
        assert_eq!(value, contribution["amount"].as_str().unwrap());
    }
    for (share, element) in body["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .zip(children(activity, "sector"))
    {
        assert_eq!(element.attribute("code"), share["code"].as_str());
        assert_eq!(element.attribute("vocabulary"), Some("1"));
        assert_eq!(
            element.attribute("percentage"),
            share["percentage"].as_str()
        );
    }
}

/// The export pages through the project list: any number of projects, in code order,
/// each once.
#[actix_web::test]
async fn the_export_streams_every_page_in_code_order() {
    let app = spawn().await;
    ssc_api::seed::synthetic(&app.state.db, 450).await.unwrap();
    let xml = leak(export_text(&app, EXPORT, &admin()).await);
    assert_valid_iati(xml);
    let identifiers = assert_follows_the_ruleset(xml);
    assert_eq!(identifiers.len(), 450);
    let mut sorted = identifiers.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(identifiers, sorted, "each once, in code order");
    // The project list's filters apply.
    let public = leak(
        export_text(
            &app,
            &format!("{EXPORT}?visibility=public&status=2"),
            &admin(),
        )
        .await,
    );
    let list_count = {
        let mut count = 0;
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("{PROJECTS}?visibility=public&status=2&limit=200&cursor={c}"),
                None => format!("{PROJECTS}?visibility=public&status=2&limit=200"),
            };
            let page = app.get(&path).bearer(&admin()).send().await.ok(200);
            count += page["items"].as_array().unwrap().len();
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        count
    };
    assert!(list_count > 0);
    assert_eq!(assert_follows_the_ruleset(public).len(), list_count);
}

/// Only what the caller could read: viewers get public, approved records in their
/// approved version; a partner its own restricted ones too; without a token, 401; bad
/// filters are refused before anything is sent.
#[actix_web::test]
async fn the_export_holds_only_what_the_caller_may_read() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let public = app.create(PROJECTS, &bilateral(&cast, "PUB-1")).await;
    let mut hidden = bilateral(&cast, "RES-1");
    hidden["visibility"] = json!("restricted");
    let hidden = app.create(PROJECTS, &hidden).await;
    // A partner's pending edit of the public project: viewers keep the approved title.
    let partner = token(
        Role::Partner,
        cast.mdryt.as_str().map(|id| id.parse().unwrap()),
    );
    app.patch(&format!("{PROJECTS}/{}", public["id"].as_str().unwrap()))
        .bearer(&partner)
        .if_match(&public["version"])
        .json(&json!({"title": {"es": "Título pendiente"}}))
        .send()
        .await
        .ok(200);

    let viewer = token(Role::Viewer, None);
    let seen = export_text(&app, EXPORT, &viewer).await;
    assert!(seen.contains("PUB-1") && !seen.contains("RES-1"), "{seen}");
    assert!(!seen.contains("Título pendiente"));
    assert!(seen.contains(public["title"]["es"].as_str().unwrap()));
    let stranger = token(
        Role::Partner,
        cast.jica.as_str().map(|id| id.parse().unwrap()),
    );
    assert!(!export_text(&app, EXPORT, &stranger).await.contains("RES-1"));
    let own = export_text(&app, EXPORT, &partner).await;
    assert!(own.contains("RES-1") && own.contains("Título pendiente"));

    let single = format!("{PROJECTS}/{}/iati", hidden["id"].as_str().unwrap());
    app.get(&single).bearer(&viewer).send().await.problem(404);
    app.get(&single).send().await.problem(401);
    app.get(EXPORT).send().await.problem(401);
    for bad in ["status=9", "sector=abc", "limit=5", "sdg=18"] {
        app.get(&format!("{EXPORT}?{bad}"))
            .bearer(&admin())
            .send()
            .await
            .problem(400);
    }
    app.get(&format!("{EXPORT}?organisation_role=provider"))
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    app.get(&format!("{PROJECTS}/not-a-uuid/iati"))
        .bearer(&admin())
        .send()
        .await
        .problem(400);
}

/// The public file: off by default; on, without a token, public approved records only,
/// with conditional GET for the IATI Registry's crawler.
#[actix_web::test]
async fn the_public_file_serves_approved_public_records_with_conditional_get() {
    let off = spawn().await;
    let problem = off.get("/iati/activities.xml").send().await.problem(404);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("SSC_IATI_PUBLISH")
    );

    let app = crate::support::spawn_with(|state| state.iati.publish = true).await;
    let cast = cast(&app).await;
    let public = app.create(PROJECTS, &bilateral(&cast, "PUB-1")).await;
    let mut hidden = bilateral(&cast, "RES-1");
    hidden["visibility"] = json!("restricted");
    app.create(PROJECTS, &hidden).await;
    let partner = token(
        Role::Partner,
        cast.mdryt.as_str().map(|id| id.parse().unwrap()),
    );
    let draft = app
        .post(PROJECTS)
        .bearer(&partner)
        .json(&bilateral(&cast, "DRAFT-1"))
        .send()
        .await
        .ok(201);
    assert_eq!(draft["review_status"], "draft");

    let first = app.get("/iati/activities.xml").send().await;
    assert_eq!(first.status.as_u16(), 200);
    assert_eq!(
        first.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    let xml = leak(first.text());
    assert_valid_iati(xml);
    let identifiers = assert_follows_the_ruleset(xml);
    assert_eq!(identifiers, [format!("{REPORTING_ORG}-PUB-1")]);
    let etag = first.header("etag").unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    let modified = first.header("last-modified").unwrap().to_owned();

    let again = app
        .get("/iati/activities.xml")
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(again.status.as_u16(), 304);
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let since = app
        .get("/iati/activities.xml")
        .header("if-modified-since", &modified)
        .send()
        .await;
    assert_eq!(since.status.as_u16(), 304);

    // A change: a new entity tag, and the new content.
    let item = format!("{PROJECTS}/{}", public["id"].as_str().unwrap());
    app.patch(&item)
        .bearer(&admin())
        .if_match(&public["version"])
        .json(&json!({"title": {"es": "Cadena láctea, fase II"}}))
        .send()
        .await
        .ok(200);
    let changed = app
        .get("/iati/activities.xml")
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(changed.status.as_u16(), 200);
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
    assert!(changed.text().contains("Cadena láctea, fase II"));

    // Generated once per change, served from storage: a client that has not read its
    // answer holds no one else up (it held the only generation slot: F6).
    let held = app.held_response("/iati/activities.xml").await;
    assert_eq!(held.status().as_u16(), 200);
    let next = app.get("/iati/activities.xml").send().await;
    assert_eq!(next.status.as_u16(), 200);
    assert_eq!(next.text(), changed.text(), "the same state, the same file");
    drop(held);
    let current = changed.header("etag").unwrap().to_owned();
    let cheap = app
        .get("/iati/activities.xml")
        .header("if-none-match", &current)
        .send()
        .await;
    assert_eq!(cheap.status.as_u16(), 304);
}
