//! Project transactions (IATI's commitments, disbursements, expenditures and incoming
//! funds): the sub-resource, its versions, access, rules at their pointers, history and
//! change feed.

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn, token};

/// Transactions of the bilateral fixture (INTI provides and contributes, Bolivia's MDRyT
/// receives): INTI's commitment, a disbursement to MDRyT, MDRyT's expenditure with an
/// outside supplier, and funds received from an outside co-funder.
pub(crate) fn transactions(inti: &Value, mdryt: &Value) -> Value {
    json!({"transactions": [
        {
            "transaction_type": "outgoing_commitment",
            "date": "2025-01-20",
            "value": "80000.00",
            "currency": "USD",
            "provider": {"organisation_id": inti},
            "receiver": {"organisation_id": mdryt},
            "description": {"es": "Compromiso del INTI"}
        },
        {
            "transaction_type": "disbursement",
            "date": "2025-06-30",
            "value": "25000.5",
            "currency": "USD",
            "provider": {"organisation_id": inti},
            "receiver": {"organisation_id": mdryt}
        },
        {
            "transaction_type": "expenditure",
            "date": "2025-09-15",
            "value": "120000",
            "currency": "BOB",
            "provider": {"organisation_id": mdryt},
            "receiver": {"name": " Laboratorio Lácteo SRL ", "iati_identifier": null},
            "description": {"es": "Equipamiento del laboratorio"}
        },
        {
            "transaction_type": "incoming_funds",
            "date": "2025-05-02",
            "value": "10000",
            "currency": "EUR",
            "provider": {"name": "Banco Interamericano de Desarrollo", "iati_identifier": "XM-DAC-46012"}
        }
    ]})
}

fn partner(org: &Value) -> String {
    token(Role::Partner, org.as_str().unwrap().parse().ok())
}

#[actix_web::test]
async fn partners_record_transactions_with_versions_of_their_own() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "TRX-1")).await;
    let id = project["id"].as_str().unwrap();
    let path = format!("{PROJECTS}/{id}/transactions");
    let mdryt = partner(&cast.mdryt);

    let empty = app.get(&path).bearer(&mdryt).send().await;
    assert_eq!(empty.header("etag"), Some("\"0\""));
    assert_eq!(
        empty.ok(200),
        json!({"project_id": id, "version": 0, "updated_at": null, "updated_by": null, "transactions": []})
    );

    let saved = app
        .put(&path)
        .bearer(&mdryt)
        .header("if-match", "\"0\"")
        .json(&transactions(&cast.inti, &cast.mdryt))
        .send()
        .await;
    assert_eq!(saved.header("etag"), Some("\"1\""));
    let saved = saved.ok(200);
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["updated_by"], "partner-user");
    // Names trimmed; absent members read as null.
    assert_eq!(
        saved["transactions"][2]["receiver"],
        json!({"organisation_id": null, "name": "Laboratorio Lácteo SRL", "iati_identifier": null})
    );
    assert_eq!(saved["transactions"][3]["receiver"], Value::Null);
    assert_eq!(saved["transactions"][3]["description"], Value::Null);
    // Values with their currency's digits.
    assert_eq!(saved["transactions"][1]["value"], "25000.50");
    assert_eq!(saved["transactions"][2]["value"], "120000.00");

    let viewer = token(Role::Viewer, None);
    assert_eq!(app.get(&path).bearer(&viewer).send().await.ok(200), saved);
    let unchanged = app
        .get(&path)
        .bearer(&viewer)
        .header("if-none-match", "\"1\"")
        .send()
        .await;
    assert_eq!(unchanged.status.as_u16(), 304);

    // The same transactions keep the version; a second disbursement makes the next.
    let again = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"transactions": saved["transactions"]}))
        .send()
        .await
        .ok(200);
    assert_eq!(again["version"], 1);
    let mut next = json!({"transactions": saved["transactions"]});
    let mut second_disbursement = next["transactions"][1].clone();
    second_disbursement["date"] = json!("2026-02-27");
    next["transactions"]
        .as_array_mut()
        .unwrap()
        .push(second_disbursement);
    let second = app
        .put(&path)
        .bearer(&token(Role::Coordinator, None))
        .header("if-match", "\"1\"")
        .json(&next)
        .send()
        .await
        .ok(200);
    assert_eq!(second["version"], 2);
    assert_eq!(second["transactions"].as_array().unwrap().len(), 5);
    app.put(&path)
        .bearer(&mdryt)
        .header("if-match", "\"1\"")
        .json(&next)
        .send()
        .await
        .problem(412);
    app.put(&path)
        .bearer(&mdryt)
        .json(&next)
        .send()
        .await
        .problem(428);

    // Transactions do not bound the project's dates, but their organisations stay in it.
    app.patch(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&project["version"])
        .json(&json!({"approval_date": "2025-02-01", "planned_start": "2025-07-01", "actual_start": null}))
        .send()
        .await
        .ok(200);
    let current = app
        .get(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let mut without_mdryt = current["participants"].clone();
    without_mdryt.as_array_mut().unwrap().pop();
    without_mdryt
        .as_array_mut()
        .unwrap()
        .push(json!({"organisation_id": cast.mag, "role": "recipient"}));
    let left = app
        .patch(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&current["version"])
        .json(&json!({"participants": without_mdryt}))
        .send()
        .await;
    let problem = left.problem(422);
    assert_eq!(left.pointers(), ["/participants"]);
    assert!(problem.to_string().contains("transactions"), "{problem}");

    // History and change feed: one change per version, kind project_transactions.
    let history = app
        .get(&format!("{path}/history"))
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{history}");
    assert_eq!(items[0]["resource"], "project_transactions");
    assert_eq!(items[0]["id"], id);
    assert_eq!(items[0]["action"], "create");
    assert_eq!(items[0]["organisation_id"], cast.mdryt);
    assert_eq!(items[1]["action"], "update");
    let feed = app
        .get("/api/v1/changes?types=project_transactions")
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    assert_eq!(feed["items"].as_array().unwrap().len(), 2, "{feed}");

    // Transactions go with their project.
    app.delete(&format!("{PROJECTS}/{id}"))
        .bearer(&admin())
        .if_match(&current["version"])
        .send()
        .await
        .ok(204);
    app.get(&path).bearer(&admin()).send().await.problem(404);
}

#[actix_web::test]
async fn each_rule_is_reported_at_its_pointer() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "TRX-2")).await;
    let path = format!(
        "{PROJECTS}/{}/transactions",
        project["id"].as_str().unwrap()
    );
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    let mut body = transactions(&cast.inti, &cast.mdryt);
    let first = &mut body["transactions"][0];
    first["date"] = json!(tomorrow);
    first["value"] = json!("0.00");
    first["provider"] = json!({"organisation_id": cast.jica});
    first["receiver"] = json!({"organisation_id": cast.mdryt, "iati_identifier": "BO-1"});
    let second = &mut body["transactions"][1];
    second["currency"] = json!("ZZZ");
    second["provider"] = json!({});
    second["receiver"] = json!({"organisation_id": cast.mdryt, "name": "MDRyT"});
    let third = &mut body["transactions"][2];
    third["value"] = json!("10.123");
    third["receiver"] = json!({"name": "  ", "iati_identifier": "XM DAC"});
    third["description"] = json!({"xx": "texto"});
    let fourth = &mut body["transactions"][3];
    fourth["date"] = json!("1850-01-01");
    fourth["value"] = json!("-5");
    let refused = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await;
    refused.problem(422);
    let mut pointers = refused.pointers();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/transactions/0/date",
            "/transactions/0/provider/organisation_id",
            "/transactions/0/receiver/iati_identifier",
            "/transactions/0/value",
            "/transactions/1/currency",
            "/transactions/1/provider",
            "/transactions/1/receiver/name",
            "/transactions/2/description/es",
            "/transactions/2/description/xx",
            "/transactions/2/receiver/iati_identifier",
            "/transactions/2/receiver/name",
            "/transactions/2/value",
            "/transactions/3/date",
            "/transactions/3/value",
        ]
    );
    // What is not a transaction is refused before any rule.
    for (member, value) in [
        ("transaction_type", json!("loan")),
        ("transaction_type", json!(3)),
        ("date", json!("30/06/2025")),
        ("id", json!(1)),
    ] {
        let mut body = transactions(&cast.inti, &cast.mdryt);
        body["transactions"][0][member] = value;
        app.put(&path)
            .bearer(&admin())
            .header("if-match", "\"0\"")
            .json(&body)
            .send()
            .await
            .problem(400);
    }
    let mut body = transactions(&cast.inti, &cast.mdryt);
    body["transactions"][0]["provider"]["country"] = json!("AR");
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .problem(400);
    // Nothing refused was saved.
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read["version"], 0);
}

#[actix_web::test]
async fn transactions_follow_their_project_access() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut restricted = bilateral(&cast, "TRX-3");
    restricted["visibility"] = json!("restricted");
    let project = app.create_project(&restricted).await;
    let path = format!(
        "{PROJECTS}/{}/transactions",
        project["id"].as_str().unwrap()
    );
    let body = transactions(&cast.inti, &cast.mdryt);
    // Outsiders do not see it: 404 to read and to write; viewers never write.
    for caller in [partner(&cast.mag), token(Role::Viewer, None)] {
        app.get(&path).bearer(&caller).send().await.problem(404);
        app.get(&format!("{path}/history"))
            .bearer(&caller)
            .send()
            .await
            .problem(404);
    }
    app.put(&path)
        .bearer(&partner(&cast.mag))
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .problem(404);
    // A viewer of a public project reads but never writes.
    let public = app.create_project(&bilateral(&cast, "TRX-4")).await;
    let public_path = format!("{PROJECTS}/{}/transactions", public["id"].as_str().unwrap());
    let viewer = token(Role::Viewer, None);
    app.get(&public_path).bearer(&viewer).send().await.ok(200);
    app.put(&public_path)
        .bearer(&viewer)
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .problem(403);
    // A partner outside a public project reads, but does not write.
    app.put(&public_path)
        .bearer(&partner(&cast.mag))
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .problem(403);
    // Those taking part do.
    app.put(&path)
        .bearer(&partner(&cast.inti))
        .header("if-match", "\"0\"")
        .json(&body)
        .send()
        .await
        .ok(200);
    app.get(&path)
        .bearer(&partner(&cast.mdryt))
        .send()
        .await
        .ok(200);
    app.get(&format!(
        "{PROJECTS}/0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d/transactions"
    ))
    .bearer(&admin())
    .send()
    .await
    .problem(404);
}

/// A project's transactions go out as IATI `transaction` elements (valid against the
/// 2.03 schema, marked `ssc:recorded`) beside the commitments its contributions give, and
/// an import of that file gives the same transactions back, and the contributions once:
/// the recorded commitment is not taken for a contribution, nor the contribution's
/// commitment for a transaction.
#[actix_web::test]
async fn transactions_round_trip_through_iati_without_double_counting() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "TRX-5")).await;
    let item = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let path = format!("{item}/transactions");
    let saved = app
        .put(&path)
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&transactions(&cast.inti, &cast.mdryt))
        .send()
        .await
        .ok(200);
    let xml = app
        .get(&format!("{item}/iati"))
        .bearer(&admin())
        .send()
        .await
        .text();
    crate::iati::assert_valid_iati(&xml);
    // The contribution's commitment, then the four recorded transactions.
    assert_eq!(xml.matches("<transaction>").count(), 1, "{xml}");
    assert_eq!(
        xml.matches(r#"<transaction ssc:recorded="true">"#).count(),
        4,
        "{xml}"
    );
    for expected in [
        r#"<transaction-type code="3"/>"#,
        r#"<transaction-type code="4"/>"#,
        r#"<transaction-type code="12"/>"#,
        r#"<value currency="USD" value-date="2025-06-30">25000.50</value>"#,
        r#"<receiver-org><narrative xml:lang="es">Laboratorio Lácteo SRL</narrative></receiver-org>"#,
        r#"<provider-org ref="XM-DAC-46012"><narrative xml:lang="es">Banco Interamericano de Desarrollo</narrative></provider-org>"#,
    ] {
        assert!(xml.contains(expected), "{expected} in {xml}");
    }

    // Without its transactions, the project takes them back from the file.
    app.put(&path)
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"transactions": []}))
        .send()
        .await
        .ok(200);
    let report = app
        .post("/api/v1/iati/imports")
        .bearer(&admin())
        .body("application/xml", xml.clone())
        .send()
        .await
        .ok(200);
    assert_eq!(report["updated"], 1, "{report}");
    let read = app.get(&path).bearer(&admin()).send().await.ok(200);
    assert_eq!(read["version"], 3);
    assert_eq!(read["transactions"], saved["transactions"]);
    let after = app.get(&item).bearer(&admin()).send().await.ok(200);
    assert_eq!(after["contributions"], project["contributions"]);
    // The same file again changes nothing.
    let again = app
        .post("/api/v1/iati/imports")
        .bearer(&admin())
        .body("application/xml", xml)
        .send()
        .await
        .ok(200);
    assert_eq!(again["unchanged"], 1, "{again}");
}

/// A file from elsewhere: its disbursements, expenditures and incoming funds are the
/// project's transactions; its unmarked commitments stay contributions only; types the
/// service does not keep are left out with a note.
#[actix_web::test]
async fn imported_transactions_of_other_publishers() {
    let app = spawn().await;
    let undp = r#"<provider-org ref="XM-DAC-41114"><narrative>United Nations Development Programme</narrative></provider-org>"#;
    let xml = format!(
        r#"<iati-activities version="2.03"><iati-activity xml:lang="en" default-currency="EUR"><iati-identifier>XM-TRX-1</iati-identifier><title><narrative>Transactions</narrative></title><participating-org ref="XM-DAC-41114" type="40" role="1"><narrative>United Nations Development Programme</narrative></participating-org><participating-org type="10" role="4"><narrative>Ministerio de Salud de Bolivia</narrative></participating-org><recipient-country code="BO"/><activity-date iso-date="2024-01-01" type="1"/><activity-date iso-date="2025-12-31" type="3"/><sector code="12220"/><transaction><transaction-type code="2"/><transaction-date iso-date="2024-01-10"/><value value-date="2024-01-10">50000</value>{undp}</transaction><transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-01"/><value value-date="2024-03-01">20000</value>{undp}<receiver-org><narrative>Ministerio de Salud de Bolivia</narrative></receiver-org></transaction><transaction><transaction-type code="5"/><transaction-date iso-date="2024-04-01"/><value value-date="2024-04-01">10</value></transaction></iati-activity></iati-activities>"#
    );
    let report = app
        .post("/api/v1/iati/imports")
        .bearer(&admin())
        .body("application/xml", xml)
        .send()
        .await
        .ok(200);
    assert_eq!(report["created"], 1, "{report}");
    assert!(
        report
            .to_string()
            .contains("transaction[3]/transaction-type"),
        "{report}"
    );
    let list = app
        .get(&format!("{PROJECTS}?limit=10"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let project = &list["items"][0];
    assert_eq!(project["contributions"].as_array().unwrap().len(), 1);
    assert_eq!(project["contributions"][0]["amount"], "50000.00");
    let id = project["id"].as_str().unwrap();
    let read = app
        .get(&format!("{PROJECTS}/{id}/transactions"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let transactions = read["transactions"].as_array().unwrap();
    assert_eq!(transactions.len(), 1, "{read}");
    assert_eq!(transactions[0]["transaction_type"], "disbursement");
    assert_eq!(transactions[0]["value"], "20000.00");
    assert_eq!(transactions[0]["currency"], "EUR");
    let participants: Vec<&Value> = project["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["organisation_id"])
        .collect();
    assert!(participants.contains(&&transactions[0]["provider"]["organisation_id"]));
    assert!(participants.contains(&&transactions[0]["receiver"]["organisation_id"]));
}
