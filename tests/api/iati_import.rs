//! IATI import: the service's own export comes back as it was, IATI's full example and
//! hand-written messy files import with the documented report, files that cannot be
//! read change nothing, and only admins and coordinators import.

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::PROJECTS;
use crate::support::{admin, spawn, spawn_with, token};

const EXPORT: &str = "/api/v1/iati/activities";
const IMPORTS: &str = "/api/v1/iati/imports";
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iati");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()
}

/// The export without what differs between databases by nature: the generation and
/// last-update times, and references to partnerships and arrangements (frameworks, not
/// activities: an IATI file does not carry them, so a fresh database has none).
fn comparable(xml: &str) -> String {
    let times = regex::Regex::new(r#" (generated|last-updated)-datetime="[^"]*""#).unwrap();
    let frameworks = regex::Regex::new(r#"<other-identifier ref="(partnership|triangular-arrangement):[^"]*" type="A9"><owner-org ref="[^"]*"/></other-identifier>"#).unwrap();
    frameworks
        .replace_all(&times.replace_all(xml, ""), "")
        .into_owned()
}

macro_rules! import {
    ($app:expr, $xml:expr) => {
        import!($app, $xml, "")
    };
    ($app:expr, $xml:expr, $query:expr) => {
        $app.post(&format!("{IMPORTS}{}", $query))
            .bearer(&admin())
            .body("application/xml", $xml.to_owned())
            .send()
            .await
    };
}

async fn count_projects<S, B>(app: &crate::support::TestApp<S>) -> usize
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let list = app
        .get(&format!("{PROJECTS}?limit=200"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    list["items"].as_array().unwrap().len()
}

/// Export, import into a fresh database, export again: the same document; a second
/// import changes nothing.
#[actix_web::test]
async fn the_demo_export_round_trips_through_a_fresh_database() {
    let source = spawn().await;
    ssc_api::seed::demo(&source.state.db).await.unwrap();
    let first = source.get(EXPORT).bearer(&admin()).send().await.text();

    let target = spawn().await;
    let report = import!(target, first).ok(200);
    assert_eq!(report["activities"], 12, "{report}");
    assert_eq!(report["created"], 12, "{report}");
    // Nothing altered but the frameworks, which a fresh database does not have.
    for detail in report["details"].as_array().unwrap() {
        for note in detail["notes"].as_array().unwrap() {
            assert!(
                note["path"]
                    .as_str()
                    .unwrap()
                    .ends_with("other-identifier[@type=A9]"),
                "{report}"
            );
        }
    }
    let second = target.get(EXPORT).bearer(&admin()).send().await.text();
    assert_eq!(comparable(&second), comparable(&first));

    let again = import!(target, first).ok(200);
    assert_eq!(
        (
            again["unchanged"].as_u64(),
            again["created"].as_u64(),
            again["updated"].as_u64()
        ),
        (Some(12), Some(0), Some(0)),
        "{again}"
    );
    let third = target.get(EXPORT).bearer(&admin()).send().await.text();
    assert_eq!(comparable(&third), comparable(&first));
    // A dry run of a changed file reports the update and writes nothing.
    let changed = first.replacen(
        "Fortalecimiento de la cadena láctea",
        "Cadena láctea renovada",
        1,
    );
    let dry = import!(target, changed, "?dry_run=true").ok(200);
    assert_eq!(
        (dry["dry_run"].as_bool(), dry["updated"].as_u64()),
        (Some(true), Some(1)),
        "{dry}"
    );
    assert_eq!(
        comparable(&target.get(EXPORT).bearer(&admin()).send().await.text()),
        comparable(&first)
    );
    let real = import!(target, changed).ok(200);
    assert_eq!(real["updated"], 1);
    assert!(
        target
            .get(EXPORT)
            .bearer(&admin())
            .send()
            .await
            .text()
            .contains("Cadena láctea renovada")
    );
}

/// IATI requires a description: a project with neither description nor objectives
/// exports its title in their place (valid against the schema), and importing that
/// activity back reads no description: unchanged.
#[actix_web::test]
async fn a_project_without_description_exports_valid_and_round_trips_unchanged() {
    let app = spawn().await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    let list = app
        .get(&format!("{PROJECTS}?limit=1&sort=code"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let project = &list["items"][0];
    let item = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let bare = app
        .patch(&item)
        .bearer(&admin())
        .if_match(&project["version"])
        .body(
            "application/merge-patch+json",
            json!({"description": null, "objectives": null}).to_string(),
        )
        .send()
        .await
        .ok(200);
    assert!(bare.get("description").is_none_or(Value::is_null), "{bare}");
    let xml = app
        .get(&format!("{item}/iati"))
        .bearer(&admin())
        .send()
        .await
        .text();
    crate::iati::assert_valid_iati(&xml);
    assert!(
        xml.contains(r#"<description type="1" ssc:repeats="title">"#),
        "{xml}"
    );
    let again = import!(app, xml).ok(200);
    assert_eq!(again["unchanged"], 1, "{again}");
    let read = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert_eq!(read["version"], bare["version"]);
    assert!(read.get("description").is_none_or(Value::is_null), "{read}");
}

/// IATI's own full example imports, and the project it gives exports as valid IATI.
#[actix_web::test]
async fn the_iati_full_example_imports_and_exports_valid() {
    let app = spawn().await;
    let report = import!(app, fixture("example-annotated-full.xml")).ok(200);
    assert_eq!(report["activities"], 1, "{report}");
    assert_eq!(report["created"], 1, "{report}");
    let detail = &report["details"][0];
    assert_eq!(detail["identifier"], "AA-AAA-123456789-ABC123");
    // What it holds that a project has no place for is reported, at its path.
    let paths: Vec<&str> = detail["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().all(|p| p.starts_with("iati-activity[1]")),
        "{paths:?}"
    );
    let xml = app.get(EXPORT).bearer(&admin()).send().await.text();
    crate::iati::assert_valid_iati(&xml);
    assert!(
        xml.contains("<iati-identifier>AA-AAA-123456789-ABC123</iati-identifier>"),
        "{xml}"
    );
}

fn note_of<'a>(detail: &'a Value, path: &str) -> &'a str {
    detail["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["path"] == path)
        .and_then(|n| n["message"].as_str())
        .unwrap_or_else(|| panic!("no note at {path}: {detail}"))
}

/// Each messy case is kept, normalised or refused as MAPPING.md says, with its path; one
/// bad activity stops no other.
#[actix_web::test]
async fn messy_files_import_with_the_documented_report() {
    let app = spawn().await;
    let report = import!(app, fixture("messy.xml")).ok(200);
    assert_eq!(report["activities"], 7, "{report}");
    let details = report["details"].as_array().unwrap();
    let detail = |position: u64| {
        details
            .iter()
            .find(|d| d["position"] == position)
            .unwrap_or_else(|| panic!("activity {position} is not in the report: {report}"))
    };
    // 1: narratives without xml:lang are English; an unknown language and an empty
    // narrative are dropped; missing percentages share what is left; a budget in another
    // currency is left out.
    let first = detail(1);
    assert_eq!(first["identifier"], "XM-DAC-41114-PROJECT-00123");
    assert!(note_of(first, "iati-activity[1]/title/narrative").contains("unknown language \"zz\""));
    assert!(
        note_of(first, "iati-activity[1]/sector[1]/@percentage")
            .contains("share what the others leave")
    );
    assert!(note_of(first, "iati-activity[1]/budget[2]/value").contains("not EUR"));
    // 2: percentages scaled to 100, other vocabularies and withdrawn codes left out.
    let second = detail(2);
    assert!(
        note_of(second, "iati-activity[2]/recipient-region[1]/@vocabulary")
            .contains("vocabulary 1")
    );
    assert!(
        note_of(second, "iati-activity[2]/sector[3]/@code")
            .contains("DAC category 311 (vocabulary 2) is taken as its first sector, 31110")
    );
    assert!(note_of(second, "iati-activity[2]/sector[4]/@code").contains("withdrawn"));
    assert!(
        note_of(second, "iati-activity[2]/recipient-country[1]")
            .contains("sum to 120: scaled to 100")
    );
    // 3: sectors from the transactions.
    assert!(note_of(detail(3), "iati-activity[3]/sector").contains("transactions' sectors"));
    // 4: kept as an incomplete draft, with what it lacks in the words of the API's
    // 422s, each missing member at its pointer.
    assert_eq!(detail(4)["outcome"], "drafted");
    assert_eq!(detail(4)["identifier"], "XM-DAC-41114-PROJECT-00789");
    let kept: Vec<&str> = detail(4)["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["path"] == "iati-activity[4]")
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        kept,
        [
            "kept as an incomplete draft: the project's /planned_end: is required",
            "kept as an incomplete draft: the project's /planned_start: is required"
        ],
        "{}",
        detail(4)
    );
    let draft_path = format!("{PROJECTS}/{}", detail(4)["project_id"].as_str().unwrap());
    let draft = app.get(&draft_path).bearer(&admin()).send().await.ok(200);
    assert_eq!(draft["review_status"], "draft");
    assert_eq!(draft["iati_identifier"], "XM-DAC-41114-PROJECT-00789");
    assert_eq!(
        draft["completeness"],
        json!([{"pointer": "/planned_end", "message": "is required"},
               {"pointer": "/planned_start", "message": "is required"}]),
        "{draft}"
    );
    assert!(
        draft.get("planned_start").is_none(),
        "no placeholder is written: {draft}"
    );
    // 5: skipped, with why: an activity without an identifier cannot be found again.
    assert_eq!(detail(5)["outcome"], "skipped");
    assert_eq!(detail(5)["identifier"], Value::Null);
    assert!(note_of(detail(5), "iati-activity[5]/iati-identifier").contains("missing"));
    // 6: the title's language becomes the default.
    assert!(note_of(detail(6), "iati-activity[6]/@xml:lang").contains("taken to be pt"));
    // 7: a code that is another activity's project: skipped, that project untouched.
    assert_eq!(detail(7)["outcome"], "skipped");
    assert!(
        note_of(detail(7), "iati-activity[7]")
            .contains("the code MESSY-2 is taken by the project of another activity")
    );

    let list = app
        .get(&format!("{PROJECTS}?limit=200"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let imported = |field: &str, value: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p[field] == value)
            .cloned()
    };
    for position in [1, 2, 3, 6] {
        let outcome = detail(position)["outcome"].as_str().unwrap().to_owned();
        assert_eq!(
            outcome,
            "created",
            "activity {position}: {}",
            detail(position)
        );
    }
    let water =
        imported("iati_identifier", "XM-DAC-41114-PROJECT-00123").expect("activity 1 imported");
    assert_eq!(
        water["title"],
        json!({"en": "Rural water supply", "fr": "Approvisionnement en eau rurale"})
    );
    assert_eq!(water["default_language"], "en");
    assert_eq!(water["modality"], "multilateral");
    assert_eq!(
        water["recipient_countries"],
        json!([{"country_code": "HT", "percentage": "100"}])
    );
    assert_eq!(
        water["sectors"],
        json!([{"code": "14030", "percentage": "50"}, {"code": "14031", "percentage": "50"}])
    );
    assert_eq!(
        water["budget"],
        json!({"amount": "1000.50", "currency": "EUR"})
    );
    assert_eq!(water["planned_end"], "2024-12-31");
    // Its identifier is the reporting organisation's form: its code is what follows.
    let messy = imported("code", "MESSY-2").expect("activity 2 imported");
    assert_eq!(messy["iati_identifier"], Value::Null);
    assert_eq!(
        messy["recipient_countries"],
        json!([{"country_code": "BO", "percentage": "50"}, {"country_code": "PY", "percentage": "50"}])
    );
    assert_eq!(
        messy["sectors"],
        json!([{"code": "31166", "percentage": "30"}, {"code": "31120", "percentage": "30"}, {"code": "31110", "percentage": "40"}])
    );
    // The draft is not a project yet: it is in no list.
    assert_eq!(count_projects(&app).await, 4);

    // Importing the same file again changes nothing, the draft included.
    let again = import!(app, fixture("messy.xml")).ok(200);
    assert_eq!(
        (
            again["unchanged"].as_u64(),
            again["drafted"].as_u64(),
            again["skipped"].as_u64()
        ),
        (Some(5), Some(0), Some(2)),
        "{again}"
    );
    let read = app.get(&draft_path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read["version"], 1, "{read}");
}

/// A file that cannot be read whole changes nothing, with a problem saying why.
/// Why a file cannot be read is said in the caller's language (the XML parser's own
/// reason inside stays as it wrote it); status and `type` do not change with it.
#[actix_web::test]
async fn unreadable_files_are_explained_in_the_callers_language() {
    let app = spawn().await;
    let cases: [(&str, u16, [&str; 4]); 4] = [
        (
            "<html/>",
            422,
            [
                "not an IATI activity file: the root element is <html>",
                "no es un archivo de actividades IATI: el elemento raíz es <html>",
                "não é um arquivo de atividades IATI: o elemento raiz é <html>",
                "ce n'est pas un fichier d'activités IATI : l'élément racine est <html>",
            ],
        ),
        (
            "<iati-activities version=\"1.05\"/>",
            422,
            [
                "IATI version 1.05 is not read",
                "la versión 1.05 de IATI no se lee",
                "a versão 1.05 da IATI não é lida",
                "la version 1.05 d'IATI n'est pas lue",
            ],
        ),
        (
            "<!DOCTYPE a><iati-activities version=\"2.03\"/>",
            422,
            [
                "documents with a DOCTYPE are refused",
                "se rechazan los documentos con DOCTYPE",
                "documentos com DOCTYPE são recusados",
                "les documents avec un DOCTYPE sont refusés",
            ],
        ),
        (
            "<iati-activities version=\"2.03\"><title></iati-activities>",
            400,
            [
                "not well-formed XML at byte",
                "XML mal formado en el byte",
                "XML malformado no byte",
                "XML mal formé à l'octet",
            ],
        ),
    ];
    for (xml, status, said) in cases {
        for (language, words) in ["en", "es", "pt", "fr"].into_iter().zip(said) {
            let reply = app
                .post(IMPORTS)
                .bearer(&admin())
                .header("Accept-Language", language)
                .body("application/xml", xml.to_owned())
                .send()
                .await;
            assert_eq!(reply.header("content-language"), Some(language), "{xml}");
            let problem = reply.problem(status);
            let detail = problem["detail"].as_str().unwrap();
            assert!(detail.contains(words), "{language} {xml}: {detail}");
        }
    }
    assert_eq!(count_projects(&app).await, 0);
}

#[actix_web::test]
async fn unreadable_files_are_refused_and_change_nothing() {
    let app = spawn_with(|state| state.limits.max_import_bytes = 64 * 1024).await;
    let activity = |id: &str| {
        format!(
            "<iati-activity xml:lang=\"en\"><iati-identifier>XM-{id}</iati-identifier><title><narrative>T</narrative></title><activity-date iso-date=\"2020-01-01\" type=\"1\"/><activity-date iso-date=\"2020-12-31\" type=\"3\"/><sector code=\"12220\"/></iati-activity>"
        )
    };
    let cases: [(String, u16, &str); 7] = [
        // A good activity, then broken XML: the good one is not imported either.
        (format!("<iati-activities version=\"2.03\">{}<iati-activity><title></iati-activity></iati-activities>", activity("1")), 400, "not well-formed"),
        ("<html><body>not IATI</body></html>".into(), 422, "not an IATI activity file"),
        ("<iati-activities version=\"1.05\"><iati-activity/></iati-activities>".into(), 422, "1.05"),
        ("".into(), 400, "not well-formed"),
        (r#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><iati-activities version="2.03"><iati-activity><iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>"#.into(), 422, "DOCTYPE"),
        (format!(r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><iati-activities version="2.03">{}<iati-activity><title><narrative>&lol2;</narrative></title></iati-activity></iati-activities>"#, activity("2")), 422, "DOCTYPE"),
        (format!("<iati-activities version=\"2.03\">{}<iati-activity><title><narrative>&undefined;</narrative></title></iati-activity></iati-activities>", activity("3")), 400, "undefined entity"),
    ];
    for (body, status, phrase) in cases {
        let reply = import!(app, body);
        let problem = reply.problem(status);
        assert!(
            problem["detail"].as_str().unwrap().contains(phrase),
            "{phrase}: {problem}"
        );
    }
    let big = format!(
        "<iati-activities version=\"2.03\">{}</iati-activities>",
        activity("4").repeat(400)
    );
    assert!(big.len() > 64 * 1024);
    let problem = import!(app, big).problem(413);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("SSC_MAX_IMPORT_BYTES")
    );
    assert_eq!(count_projects(&app).await, 0);
    let organisations = app
        .get("/api/v1/organisations")
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    assert_eq!(organisations["items"], json!([]));
}

#[actix_web::test]
async fn only_admins_and_coordinators_import_and_the_body_is_xml() {
    let app = spawn().await;
    let xml = fixture("messy.xml");
    for role in [Role::Viewer, Role::Partner] {
        let org = (role == Role::Partner).then(uuid::Uuid::now_v7);
        app.post(IMPORTS)
            .bearer(&token(role, org))
            .body("application/xml", xml.clone())
            .send()
            .await
            .problem(403);
    }
    app.post(IMPORTS)
        .body("application/xml", xml.clone())
        .send()
        .await
        .problem(401);
    app.post(IMPORTS)
        .bearer(&admin())
        .body("application/json", xml.clone())
        .send()
        .await
        .problem(415);
    app.post(&format!("{IMPORTS}?dry_run=maybe"))
        .bearer(&admin())
        .body("application/xml", xml.clone())
        .send()
        .await
        .problem(400);
    assert_eq!(count_projects(&app).await, 0);
    let report = app
        .post(IMPORTS)
        .bearer(&token(Role::Coordinator, None))
        .body("text/xml; charset=utf-8", xml)
        .send()
        .await
        .ok(200);
    assert_eq!(report["created"], 4, "{report}");
}

/// An import has its own limit, not the JSON bodies' (a file far larger than those is
/// taken), and a chunked file past it is cut off as it arrives.
#[actix_web::test]
async fn imports_have_their_own_body_limit_chunked_or_not() {
    let app = spawn_with(|state| {
        state.limits.max_body_bytes = 256;
        state.limits.max_import_bytes = 4096;
    })
    .await;
    let small = format!(
        "<iati-activities version=\"2.03\">{}</iati-activities>",
        "<iati-activity><iati-identifier>XM-1</iati-identifier></iati-activity>"
    );
    let padded = format!("{small}<!--{}-->", "x".repeat(3000));
    assert!(padded.len() > 256 && padded.len() < 4096);
    let report = import!(app, padded).ok(200);
    assert_eq!(report["drafted"], 1, "{report}");

    let (address, _server) = crate::support::serve(app.state.clone());
    let big = format!("{small}<!--{}-->", "x".repeat(5000));
    let mut request = format!(
        "POST {IMPORTS} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/xml\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        admin()
    );
    for chunk in big.as_bytes().chunks(1000) {
        request.push_str(&format!(
            "{:x}\r\n{}\r\n",
            chunk.len(),
            std::str::from_utf8(chunk).unwrap()
        ));
    }
    request.push_str("0\r\n\r\n");
    let response = crate::support::raw_http(address, request.into_bytes()).await;
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(response.contains("SSC_MAX_IMPORT_BYTES"), "{response}");
}

/// An activity lacking what a project needs is kept as an incomplete draft, which a later
/// file that gives what it lacked makes a project, under the draft's id; a dry run of
/// that file says so and writes nothing.
#[actix_web::test]
async fn a_later_file_completes_an_imported_draft() {
    let app = spawn().await;
    let file = |identifier: &str, end: &str| {
        format!(
            "<iati-activities version=\"2.03\"><iati-activity xml:lang=\"en\"><iati-identifier>{identifier}</iati-identifier><title><narrative>Later</narrative></title><participating-org ref=\"XM-DAC-41114\" type=\"40\" role=\"1\"><narrative>United Nations Development Programme</narrative></participating-org><participating-org type=\"10\" role=\"4\"><narrative>Ministerio de Salud de Bolivia</narrative></participating-org><recipient-country code=\"BO\"/><activity-date iso-date=\"2020-01-01\" type=\"1\"/>{end}<sector code=\"12220\"/></iati-activity></iati-activities>"
        )
    };
    let end = "<activity-date iso-date=\"2020-12-31\" type=\"3\"/>";
    let report = import!(app, file("XM-LATER-1", "")).ok(200);
    assert_eq!(
        (report["drafted"].as_u64(), report["created"].as_u64()),
        (Some(1), Some(0)),
        "{report}"
    );
    let id = report["details"][0]["project_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let item = format!("{PROJECTS}/{id}");
    let draft = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert_eq!(
        draft["completeness"][0]["pointer"], "/planned_end",
        "{draft}"
    );

    let report = import!(app, file("XM-LATER-1", end)).ok(200);
    assert_eq!(report["updated"], 1, "{report}");
    let project = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert!(project.get("completeness").is_none(), "{project}");
    assert_eq!(project["version"], 2);
    assert_eq!(project["planned_end"], "2020-12-31");
    assert_eq!(count_projects(&app).await, 1);
    // And the file again changes nothing.
    let again = import!(app, file("XM-LATER-1", end)).ok(200);
    assert_eq!(again["unchanged"], 1, "{again}");
    // A project never goes back to being a draft: the incomplete file is refused for it,
    // with what it lacks, and the project stays as it was.
    let back = import!(app, file("XM-LATER-1", "")).ok(200);
    assert_eq!(back["skipped"], 1, "{back}");
    assert!(
        back["details"][0]["notes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["message"] == "refused: the project's /planned_end: is required"),
        "{back}"
    );
    let kept = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert_eq!(kept["version"], 2, "{kept}");

    // A dry run says what a file would do to a draft and writes nothing. (Last: on
    // PostgreSQL the rolled-back writes leave a gap in the change feed, which may hold a
    // list's snapshot back for a moment while other transactions end.)
    let report = import!(app, file("XM-LATER-2", "")).ok(200);
    assert_eq!(report["drafted"], 1, "{report}");
    let second = format!(
        "{PROJECTS}/{}",
        report["details"][0]["project_id"].as_str().unwrap()
    );
    let dry = import!(app, file("XM-LATER-2", end), "?dry_run=true").ok(200);
    assert_eq!(dry["updated"], 1, "{dry}");
    let still = app.get(&second).bearer(&admin()).send().await.ok(200);
    assert_eq!(still["version"], 1, "{still}");
    assert!(still.get("completeness").is_some(), "{still}");
}
