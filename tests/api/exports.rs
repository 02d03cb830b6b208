//! Bulk exports: each format read back holds exactly the caller's JSON list (every page,
//! in order, one row or line each), with the documented columns flattened as documented,
//! typed cells in XLSX, the list's filters, and clear errors for bad parameters.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{ARRANGEMENTS, EXCHANGES, PARTNERSHIPS, PROJECTS, bilateral, cast};
use crate::support::{TestApp, admin, spawn, token};

const KINDS: [&str; 4] = [PROJECTS, PARTNERSHIPS, ARRANGEMENTS, EXCHANGES];

/// Every item of the caller's JSON list at `collection` (all pages).
pub async fn whole_list<S, B>(
    app: &TestApp<S>,
    collection: &str,
    query: &str,
    bearer: &str,
) -> Vec<Value>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("{collection}?limit=200{query}");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page = app.get(&path).bearer(bearer).send().await.ok(200);
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return items,
        }
    }
}

/// The columns the contract documents for an export, in order.
fn documented_columns(collection: &str) -> Vec<String> {
    let doc = ssc_api::app::openapi_document();
    let description = doc["paths"][format!("{collection}/export")]["get"]["description"]
        .as_str()
        .unwrap()
        .to_owned();
    description
        .lines()
        .filter_map(|line| line.strip_prefix("- `"))
        .map(|line| line.split('`').next().unwrap().to_owned())
        .collect()
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The reference flattening of a project's sectors, written independently of the export.
fn sectors_cell(project: &Value) -> String {
    project["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}:{}",
                s["code"].as_str().unwrap(),
                s["percentage"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[actix_web::test]
async fn every_format_holds_exactly_the_callers_json_list() {
    let app = spawn().await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    ssc_api::seed::synthetic(&app.state.db, 450).await.unwrap();
    // A partner of restricted records, and a viewer (public, approved ones only).
    let projects = whole_list(&app, PROJECTS, "", &admin()).await;
    let restricted = projects
        .iter()
        .find(|p| p["visibility"] == "restricted")
        .expect("the demo has restricted projects");
    let partner_org = restricted["participants"][0]["organisation_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let callers = [
        ("admin", admin()),
        ("partner", token(Role::Partner, Some(partner_org))),
        ("viewer", token(Role::Viewer, None)),
    ];
    for collection in KINDS {
        for (who, bearer) in &callers {
            let list = whole_list(&app, collection, "", bearer).await;
            assert!(!list.is_empty(), "{collection} for {who}");

            let ndjson = app
                .get(&format!("{collection}/export?format=ndjson"))
                .bearer(bearer)
                .send()
                .await;
            assert_eq!(ndjson.status, 200, "{}", ndjson.text());
            assert_eq!(ndjson.header("content-type"), Some("application/x-ndjson"));
            let lines: Vec<Value> = ndjson
                .text()
                .lines()
                .map(|line| serde_json::from_str(line).unwrap())
                .collect();
            assert_eq!(
                lines, list,
                "NDJSON is the {collection} list of the {who}, in order"
            );

            let csv = app
                .get(&format!("{collection}/export?format=csv"))
                .bearer(bearer)
                .send()
                .await;
            assert_eq!(csv.status, 200, "{}", csv.text());
            assert_eq!(
                csv.header("content-type"),
                Some("text/csv; charset=utf-8; header=present")
            );
            let (header, rows) = csv_rows(&csv.body);
            assert_eq!(
                header,
                documented_columns(collection),
                "{collection}: the documented columns"
            );
            let id = column(&header, "id");
            assert_eq!(
                rows.iter().map(|r| r[id].clone()).collect::<Vec<_>>(),
                ids(&list),
                "{collection} for {who}"
            );
            let (version, title) = (column(&header, "version"), column(&header, "title"));
            for (row, item) in rows.iter().zip(&list) {
                assert_eq!(row[version], item["version"].to_string());
                let language = item["default_language"].as_str().unwrap();
                assert_eq!(
                    row[title],
                    item["title"][language].as_str().unwrap(),
                    "{collection}"
                );
            }
            if collection == PROJECTS {
                let sectors = column(&header, "sectors");
                let (amount, currency) = (
                    column(&header, "budget_amount"),
                    column(&header, "budget_currency"),
                );
                let start = column(&header, "planned_start");
                for (row, item) in rows.iter().zip(&list) {
                    assert_eq!(row[sectors], sectors_cell(item));
                    assert_eq!(row[amount], item["budget"]["amount"].as_str().unwrap_or(""));
                    assert_eq!(
                        row[currency],
                        item["budget"]["currency"].as_str().unwrap_or("")
                    );
                    assert_eq!(row[start], item["planned_start"].as_str().unwrap_or(""));
                }
            }

            let xlsx = app
                .get(&format!("{collection}/export?format=xlsx"))
                .bearer(bearer)
                .send()
                .await;
            assert_eq!(xlsx.status, 200, "{}", xlsx.text());
            assert_eq!(
                xlsx.header("content-type"),
                Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            );
            let mut workbook: Xlsx<_> =
                calamine::open_workbook_from_rs(Cursor::new(xlsx.body.to_vec())).unwrap();
            let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
            let mut sheet_rows = sheet.rows();
            let sheet_header: Vec<String> = sheet_rows
                .next()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect();
            assert_eq!(sheet_header, header, "{collection}: the CSV's columns");
            let sheet_rows: Vec<&[Data]> = sheet_rows.collect();
            assert_eq!(
                sheet_rows
                    .iter()
                    .map(|r| r[id].to_string())
                    .collect::<Vec<_>>(),
                ids(&list),
                "{collection} for {who}"
            );
            let updated = column(&header, "updated_at");
            for (row, item) in sheet_rows.iter().zip(&list) {
                assert_eq!(
                    row[version],
                    Data::Float(item["version"].as_f64().unwrap()),
                    "a number"
                );
                assert!(
                    matches!(row[updated], Data::DateTime(_)),
                    "a date: {:?}",
                    row[updated]
                );
            }
            if collection == PROJECTS {
                let (amount, currency) = (
                    column(&header, "budget_amount"),
                    column(&header, "budget_currency"),
                );
                let start = column(&header, "planned_start");
                for (row, item) in sheet_rows.iter().zip(&list) {
                    match item["budget"]["amount"].as_str() {
                        Some(expected) => {
                            assert_eq!(row[amount], Data::Float(expected.parse().unwrap()));
                            assert_eq!(
                                row[currency],
                                Data::String(item["budget"]["currency"].as_str().unwrap().into())
                            );
                        }
                        None => assert_eq!(row[amount], Data::Empty),
                    }
                    match item["planned_start"].as_str() {
                        Some(date) => {
                            let Data::DateTime(cell) = &row[start] else {
                                panic!("a date: {:?}", row[start])
                            };
                            assert_eq!(cell.as_datetime().unwrap().date().to_string(), date);
                        }
                        None => assert_eq!(row[start], Data::Empty),
                    }
                }
            }
        }
    }
}

#[actix_web::test]
async fn exports_name_their_file_and_take_the_lists_filters() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut bolivia = bilateral(&cast, "EXP-BO-1");
    bolivia["title"] = json!({"es": "=HYPERLINK(\"http://x\")", "pt": "Cadeia láctea"});
    app.create_project(&bolivia).await;
    let mut peru = bilateral(&cast, "EXP-PE-1");
    peru["recipient_countries"] = json!([{"country_code": "PE", "percentage": "100"}]);
    app.create_project(&peru).await;

    let reply = app
        .get(&format!("{PROJECTS}/export?country=BO"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let disposition = reply.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"projects-")
            && disposition.ends_with(".csv\""),
        "{disposition}"
    );
    let (header, rows) = csv_rows(&reply.body);
    assert_eq!(rows.len(), 1, "only Bolivia");
    // A formula is defused; the JSON keeps the text as written.
    assert_eq!(
        rows[0][column(&header, "title")],
        "'=HYPERLINK(\"http://x\")"
    );
    assert_eq!(rows[0][column(&header, "code")], "EXP-BO-1");

    // Texts in the language asked for, where the record has it.
    let reply = app
        .get(&format!("{PROJECTS}/export?lang=pt&sort=code"))
        .bearer(&admin())
        .send()
        .await;
    let (header, rows) = csv_rows(&reply.body);
    let titles: Vec<&str> = rows
        .iter()
        .map(|r| r[column(&header, "title")].as_str())
        .collect();
    assert_eq!(titles[0], "Cadeia láctea");
    assert_eq!(rows[1][column(&header, "code")], "EXP-PE-1");

    // An empty export is a header row alone (CSV) or nothing (NDJSON).
    let reply = app
        .get(&format!("{PROJECTS}/export?country=UY"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(csv_rows(&reply.body).1.len(), 0);
    assert!(reply.text().starts_with("id,code,iati_identifier,title,"));
    let reply = app
        .get(&format!(
            "{EXCHANGES}/export?format=ndjson&exchange_format=workshop"
        ))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.body.is_empty());
    let reply = app
        .get(&format!("{ARRANGEMENTS}/export?format=xlsx"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(reply.status, 200);
    let disposition = reply.header("content-disposition").unwrap();
    assert!(
        disposition.contains("triangular-arrangements-") && disposition.ends_with(".xlsx\""),
        "{disposition}"
    );
}

#[actix_web::test]
async fn bad_export_parameters_are_refused_before_anything_is_sent() {
    let app = spawn().await;
    for collection in KINDS {
        let reply = app
            .get(&format!("{collection}/export?format=pdf"))
            .bearer(&admin())
            .send()
            .await;
        reply.problem(400);
        // An export has no pages.
        for query in ["limit=10", "cursor=abc"] {
            let reply = app
                .get(&format!("{collection}/export?{query}"))
                .bearer(&admin())
                .send()
                .await;
            reply.problem(400);
        }
        let reply = app
            .get(&format!("{collection}/export?lang=xx"))
            .bearer(&admin())
            .send()
            .await;
        assert_eq!(
            reply.problem(422)["errors"][0]["parameter"],
            "lang",
            "{collection}"
        );
        let reply = app.get(&format!("{collection}/export")).send().await;
        reply.problem(401);
        // Its own path: other methods are 405, not taken as an `{id}`.
        for method in ["PUT", "PATCH", "DELETE", "POST"] {
            let reply = app
                .request(method.parse().unwrap(), &format!("{collection}/export"))
                .bearer(&admin())
                .send()
                .await;
            reply.problem(405);
            assert_eq!(
                reply.header("allow"),
                Some("GET"),
                "{method} {collection}/export"
            );
        }
    }
    // The list's own checks.
    let reply = app
        .get(&format!("{PROJECTS}/export?country=ZZ"))
        .bearer(&admin())
        .send()
        .await;
    reply.problem(422);
    let reply = app
        .get(&format!("{EXCHANGES}/export?format=workshop"))
        .bearer(&admin())
        .send()
        .await;
    reply.problem(400);
    // The exchange's own format is `exchange_format` in its export, and is named so when
    // it is wrong; the list knows it as `format` only.
    let reply = app
        .get(&format!("{EXCHANGES}/export?exchange_format=party"))
        .bearer(&admin())
        .send()
        .await;
    let problem = reply.problem(400);
    assert_eq!(problem["errors"][0]["parameter"], "exchange_format");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("`exchange_format`"),
        "{problem}"
    );
    let reply = app
        .get(&format!("{EXCHANGES}?exchange_format=workshop"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(
        reply.problem(400)["errors"][0]["parameter"],
        "exchange_format"
    );
    let reply = app
        .get(&format!("{EXCHANGES}?format=workshop&limit=5"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = app
        .get(&format!("{ARRANGEMENTS}/export?role=recipient"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(
        reply.problem(422)["errors"][0]["parameter"],
        "role",
        "role needs organisation"
    );
}

/// A report's reader sees organisations by name with their role, and codes by their
/// names in the export's language (English where a codelist has no other), beside the
/// ids and codes machines read; XLSX holds the same names.
#[actix_web::test]
async fn exports_read_as_a_report_with_names_beside_ids_and_codes() {
    let app = spawn().await;
    ssc_api::seed::demo(&app.state.db).await.unwrap();
    // FOAR-2025-0012: INTI with Bolivia's MDRyT, status 2, sectors 31166 and 31195.
    let path = format!("{PROJECTS}/export?format=csv&q=FOAR-2025-0012&lang=es");
    let csv = app.get(&path).bearer(&admin()).send().await;
    assert_eq!(csv.status, 200, "{}", csv.text());
    let (header, rows) = csv_rows(&csv.body);
    assert_eq!(rows.len(), 1, "{}", csv.text());
    let row = &rows[0];
    let cell = |name: &str| row[column(&header, name)].as_str();
    assert_eq!(
        cell("participant_names"),
        "Instituto Nacional de Tecnología Industrial (provider); \
         Ministerio de Desarrollo Rural y Tierras (recipient)"
    );
    assert!(cell("participants").contains("0193a6a0-0001-7000-8000-000000000005:provider"));
    assert_eq!(
        cell("recipient_country_names"),
        "Bolivia (Estado Plurinacional de)"
    );
    assert_eq!(cell("status_name"), "En ejecución");
    assert_eq!(cell("sdg_goal_names").split("; ").count(), 2);
    // Sectors have English names only: the fallback.
    assert!(
        cell("sector_names").starts_with("Agricultural extension"),
        "{}",
        cell("sector_names")
    );

    let english = app
        .get(&path.replace("lang=es", "lang=en"))
        .bearer(&admin())
        .send()
        .await;
    let (header, rows) = csv_rows(&english.body);
    assert_eq!(rows[0][column(&header, "status_name")], "Implementation");

    let xlsx = app
        .get(&path.replace("format=csv", "format=xlsx"))
        .bearer(&admin())
        .send()
        .await;
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(xlsx.body.to_vec())).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let names = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|h| *h == Data::String("participant_names".into()))
        .unwrap();
    assert_eq!(
        sheet.rows().nth(1).unwrap()[names],
        Data::String(cell("participant_names").to_owned())
    );
}

/// The names of a page's organisations are read however many a page names: more ids than
/// one statement may bind on either backend (SQLite 32,766, PostgreSQL 65,535).
#[actix_web::test]
async fn organisation_names_are_read_for_more_ids_than_a_statement_binds() {
    let app = spawn().await;
    let inta = app.organisation("INTA").await;
    let inta_id = inta["id"].as_str().unwrap().to_owned();
    let mut ids: Vec<String> = (0..70_000)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    ids.push(inta_id.clone());
    let names = app
        .state
        .db
        .read(move |conn| Ok(ssc_api::store::organisations::names(conn, ids)?))
        .await
        .unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names[&inta_id], "INTA");
}
