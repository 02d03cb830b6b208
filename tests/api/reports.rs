//! The SEGIB and TOSSD reports: their columns and rows, the caller's scope, the rates they
//! need, and their totals reconciled with the execution figures of the same projects.

use std::collections::BTreeMap;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::json;
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{TestApp, admin, spawn, token};

const SEGIB: &str = "/api/v1/reports/segib";
const TOSSD: &str = "/api/v1/reports/tossd";

/// Rows of a CSV report, each by column name.
fn rows(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// A decimal string in hundred-thousandths (exact for cents and thousands of dollars).
fn units(text: &str) -> i128 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let negative = whole.starts_with('-');
    let mut fraction = fraction.to_owned();
    assert!(fraction.len() <= 5, "{text}");
    while fraction.len() < 5 {
        fraction.push('0');
    }
    let value = whole.trim_start_matches('-').parse::<i128>().unwrap() * 100_000
        + fraction.parse::<i128>().unwrap();
    if negative { -value } else { value }
}

/// `amount` (hundred-thousandths) of `currency` in US cents at `rates`.
fn usd_cents(amount: i128, currency: &str, rates: &BTreeMap<&str, f64>) -> f64 {
    let rate = if currency == "USD" {
        1.0
    } else {
        rates[currency]
    };
    amount as f64 / 1000.0 / rate
}

/// The columns the contract documents for a report, in order.
fn documented_columns(path: &str) -> Vec<String> {
    let doc = ssc_api::app::openapi_document();
    let description = doc["paths"][path]["get"]["description"]
        .as_str()
        .unwrap()
        .to_owned();
    description
        .lines()
        .filter_map(|line| line.strip_prefix("- `"))
        .map(|line| line.split('`').next().unwrap().to_owned())
        .collect()
}

async fn set_rates<S, B>(app: &TestApp<S>, year: i32, currencies: &[(&str, &str)])
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    for (currency, units) in currencies {
        app.put(&format!("/api/v1/exchange-rates/{year}/{currency}"))
            .bearer(&admin())
            .header("if-match", "\"0\"")
            .json(&json!({"units_per_usd": units}))
            .send()
            .await
            .ok(200);
    }
}

#[actix_web::test]
async fn reports_answer_their_rows_in_the_callers_scope_and_reconcile_with_the_execution_figures() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "REP-1")).await;
    let id = project["id"].as_str().unwrap().to_owned();
    let item = format!("{PROJECTS}/{id}");
    for (part, body) in [
        (
            "activities",
            crate::activities::activities(&cast.inti, &cast.mdryt),
        ),
        (
            "transactions",
            crate::transactions::transactions(&cast.inti, &cast.mdryt),
        ),
    ] {
        app.put(&format!("{item}/{part}"))
            .bearer(&admin())
            .header("if-match", "\"0\"")
            .json(&body)
            .send()
            .await
            .ok(200);
    }
    let mut restricted = bilateral(&cast, "REP-2");
    restricted["visibility"] = json!("restricted");
    let hidden = app.create_project(&restricted).await;
    let hidden_id = hidden["id"].as_str().unwrap().to_owned();

    // Bad requests first: 400, before any rate is looked at.
    for query in [
        "",
        "?year=abc",
        "?year=1800",
        "?year=2025&format=ndjson",
        "?year=2025&colour=red",
    ] {
        for report in [SEGIB, TOSSD] {
            app.get(&format!("{report}{query}"))
                .bearer(&admin())
                .send()
                .await
                .problem(400);
        }
    }
    // Rates missing: 422 naming the currency and year, before any row is sent.
    let problem = app
        .get(&format!("{SEGIB}?year=2025"))
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    let detail = problem.to_string();
    assert!(
        detail.contains("BOB") && detail.contains("2025"),
        "{problem}"
    );
    set_rates(&app, 2025, &[("BOB", "6.96"), ("EUR", "0.885")]).await;
    let problem = app
        .get(&format!("{TOSSD}?year=2025"))
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    assert!(
        problem.to_string().contains("expert-day rate for 2025"),
        "{problem}"
    );
    for year in [2025, 2026] {
        app.put(&format!("/api/v1/expert-day-rates/{year}"))
            .bearer(&admin())
            .header("if-match", "\"0\"")
            .json(&json!({"amount": "350.00", "currency": "USD"}))
            .send()
            .await
            .ok(200);
    }
    set_rates(&app, 2026, &[("BOB", "7"), ("EUR", "0.9"), ("JPY", "150")]).await;
    set_rates(&app, 2025, &[("JPY", "150.2")]).await;
    // A triangular programme: INTA first provider, JICA second, Paraguay recipient.
    let triangular = app
        .create_project(&crate::fixtures::triangular(&cast, "REP-3"))
        .await;
    let triangular_id = triangular["id"].as_str().unwrap().to_owned();
    app.put(&format!("{PROJECTS}/{triangular_id}/activities"))
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&json!({"activities": [{
            "kind": "expert_mission", "from_country": "AR", "to_country": "PY",
            "planned_start": "2025-02-03", "planned_end": "2025-02-07",
            "actual_start": "2025-02-03", "actual_end": "2025-02-07",
            "status": "done", "expert_days": 5,
            "costs": [{"category": "per_diem", "amount": "500", "currency": "USD",
                "paying_organisation_id": cast.inta, "stage": "executed"}]
        }]}))
        .send()
        .await
        .ok(200);

    // SEGIB: one row per initiative, in the caller's scope.
    let viewer = token(Role::Viewer, None);
    let response = app
        .get(&format!("{SEGIB}?year=2025"))
        .bearer(&viewer)
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.text());
    let (header, segib) = rows(&response.body);
    let documented = documented_columns(SEGIB);
    assert_eq!(header, documented);
    assert!(segib.iter().all(|row| row["project_id"] != hidden_id));
    let row = segib.iter().find(|row| row["project_id"] == id).unwrap();
    assert_eq!(
        (
            row["modality"].as_str(),
            row["type"].as_str(),
            row["provider_countries"].as_str(),
            row["recipient_countries"].as_str(),
            row["sectors"].as_str(),
            row["sdg_goals"].as_str(),
            row["approval_date"].as_str(),
            row["start_date"].as_str(),
            row["end_date"].as_str(),
            row["budget_usd"].as_str(),
        ),
        (
            "bilateral",
            "project",
            "AR",
            "BO",
            "31166:60;32165:40",
            "2;8",
            "2025-01-20",
            "2025-03-15",
            "2026-12-31",
            "125000.00"
        )
    );
    let row3 = segib
        .iter()
        .find(|row| row["project_id"] == triangular_id)
        .unwrap();
    assert_eq!(
        (
            row3["modality"].as_str(),
            row3["type"].as_str(),
            row3["first_provider_countries"].as_str(),
            row3["second_provider_countries"].as_str(),
            row3["recipient_countries"].as_str(),
            row3["budgeted_by_partner"].as_str(),
            row3["executed_by_partner"].as_str(),
            row3["budgeted_usd"].as_str(),
            row3["executed_usd"].as_str(),
        ),
        (
            "triangular",
            "programme",
            "AR",
            "JP",
            "PY",
            format!("{}:JP:25000000:JPY", cast.jica.as_str().unwrap()).as_str(),
            format!("{}:AR:500.00:USD", cast.inta.as_str().unwrap()).as_str(),
            // 25,000,000 JPY at 150.2 per dollar.
            "166444.74",
            "500.00",
        )
    );
    let admin_rows = rows(
        &app.get(&format!("{SEGIB}?year=2025"))
            .bearer(&admin())
            .send()
            .await
            .body,
    )
    .1;
    assert!(admin_rows.iter().any(|row| row["project_id"] == hidden_id));
    let outsider = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let outsider_rows = rows(
        &app.get(&format!("{SEGIB}?year=2025"))
            .bearer(&outsider)
            .send()
            .await
            .body,
    )
    .1;
    assert!(
        outsider_rows
            .iter()
            .all(|row| row["project_id"] != hidden_id)
    );
    // A year the projects are not active in: the header only.
    let empty = app
        .get(&format!("{SEGIB}?year=2030"))
        .bearer(&admin())
        .send()
        .await;
    assert_eq!(rows(&empty.body).1.len(), 0, "{}", empty.text());

    // SEGIB reconciles with the execution figures, per currency and in US dollars.
    let figures = app
        .get(&format!("{item}/execution"))
        .bearer(&viewer)
        .send()
        .await
        .ok(200);
    let rates_2025: BTreeMap<&str, f64> = [("BOB", 6.96), ("EUR", 0.885)].into();
    for (cell, member, total_column) in [
        ("budgeted_by_partner", "pledged", "budgeted_usd"),
        ("executed_by_partner", "executed", "executed_usd"),
    ] {
        let mut by_currency: BTreeMap<String, i128> = BTreeMap::new();
        for part in row[cell].split(';').filter(|p| !p.is_empty()) {
            let fields: Vec<&str> = part.rsplitn(3, ':').collect();
            *by_currency.entry(fields[0].to_owned()).or_default() += units(fields[1]);
        }
        let mut expected_usd = 0.0;
        for currency in figures["currencies"].as_array().unwrap() {
            let code = currency["currency"].as_str().unwrap();
            let amount = units(currency[member].as_str().unwrap());
            assert_eq!(
                by_currency.get(code).copied().unwrap_or(0),
                amount,
                "{cell} in {code}: {row:?} against {figures}"
            );
            expected_usd += usd_cents(amount, code, &rates_2025);
        }
        let reported = units(&row[total_column]) as f64 / 1000.0;
        assert!(
            (reported - expected_usd).abs() <= 1.0,
            "{total_column}: {reported} cents against {expected_usd}"
        );
    }

    // TOSSD: one row per activity, recipient, modality and currency of the year.
    let response = app
        .get(&format!("{TOSSD}?year=2025"))
        .bearer(&viewer)
        .send()
        .await;
    assert_eq!(response.status, 200, "{}", response.text());
    let (header, tossd_2025) = rows(&response.body);
    let documented = documented_columns(TOSSD);
    assert_eq!(header, documented);
    assert_eq!(
        &header[..17],
        [
            "Year",
            "provider",
            "tossdid",
            "ProjectNumber",
            "recipientcode",
            "ChannelCode",
            "otherPartners",
            "Financeinstrument",
            "FrameworkOfCollaboration",
            "modality",
            "ProjectTitle",
            "ProjectDescription",
            "sdgcode",
            "purposecode",
            "TossdPillar",
            "USD_Commitment",
            "USD_disbursements"
        ]
    );
    let ours: Vec<_> = tossd_2025
        .iter()
        .filter(|row| row["project_id"] == id)
        .collect();
    // The mission's air tickets paid by INTI (Bolivia's local costs are Bolivia's), and
    // its ten expert days in kind.
    let summary: Vec<_> = ours
        .iter()
        .map(|row| {
            (
                row["tossdid"].as_str(),
                row["provider"].as_str(),
                row["recipientcode"].as_str(),
                row["FrameworkOfCollaboration"].as_str(),
                row["modality"].as_str(),
                row["purposecode"].as_str(),
                row["USD_Commitment"].as_str(),
                row["USD_disbursements"].as_str(),
                row["in_kind"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "REP-1-A1", "425", "428", "FC01", "D012", "31166", "0.00000", "1.45000", "false"
            ),
            (
                "REP-1-A1", "425", "428", "FC01", "D011", "31166", "3.50000", "3.50000", "true"
            ),
        ]
    );
    assert!(tossd_2025.iter().all(|row| row["project_id"] != hidden_id));
    let triangular_rows: Vec<_> = tossd_2025
        .iter()
        .filter(|row| row["project_id"] == triangular_id)
        .map(|row| {
            (
                row["tossdid"].as_str(),
                row["recipientcode"].as_str(),
                row["FrameworkOfCollaboration"].as_str(),
                row["otherPartners"].as_str(),
                row["modality"].as_str(),
                row["purposecode"].as_str(),
                row["USD_Commitment"].as_str(),
                row["USD_disbursements"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        triangular_rows,
        [
            (
                "REP-3-A1", "451", "FC02", "JP", "D012", "31120", "0.00000", "0.50000"
            ),
            (
                "REP-3-A1", "451", "FC02", "JP", "D011", "31120", "1.75000", "1.75000"
            ),
        ]
    );

    // Over the project's years, TOSSD's cash rows add up to what Argentine organisations
    // planned and executed in the figures, per currency and in dollars, and its in-kind
    // rows to the expert days planned and executed.
    let mut all = ours.into_iter().cloned().collect::<Vec<_>>();
    let response = app
        .get(&format!("{TOSSD}?year=2026&format=csv"))
        .bearer(&viewer)
        .send()
        .await;
    all.extend(
        rows(&response.body)
            .1
            .into_iter()
            .filter(|row| row["project_id"] == id),
    );
    let mut cash: BTreeMap<String, (i128, i128)> = BTreeMap::new();
    let (mut days_planned, mut days_done) = (0, 0);
    for row in &all {
        if row["in_kind"] == "true" {
            let days: i128 = row["expert_days"].parse().unwrap();
            days_planned += days;
            if units(&row["USD_disbursements"]) > 0 {
                days_done += days;
            }
            assert_eq!(
                units(&row["USD_Commitment"]),
                days * 350 * 100_000 / 1000,
                "{row:?}"
            );
        } else {
            let entry = cash.entry(row["currency"].clone()).or_default();
            entry.0 += units(&row["commitment"]);
            entry.1 += units(&row["disbursement"]);
            if row["currency"] == "USD" {
                assert_eq!(
                    units(&row["USD_Commitment"]) * 1000,
                    units(&row["commitment"])
                );
                assert_eq!(
                    units(&row["USD_disbursements"]) * 1000,
                    units(&row["disbursement"])
                );
            }
        }
    }
    assert_eq!(
        (days_planned, days_done),
        (
            figures["expert_days"]["planned"].as_i64().unwrap() as i128,
            figures["expert_days"]["executed"].as_i64().unwrap() as i128
        )
    );
    let argentine = [&cast.inti, &cast.inta];
    let mut expected: BTreeMap<String, (i128, i128)> = BTreeMap::new();
    for organisation in figures["organisations"].as_array().unwrap() {
        if argentine.contains(&&organisation["organisation_id"]) {
            let entry = expected
                .entry(organisation["currency"].as_str().unwrap().to_owned())
                .or_default();
            entry.0 += units(organisation["planned_costs"].as_str().unwrap());
            entry.1 += units(organisation["executed_costs"].as_str().unwrap());
        }
    }
    expected.retain(|_, (planned, executed)| *planned != 0 || *executed != 0);
    assert_eq!(cash, expected, "{all:?} against {figures}");

    // XLSX: a workbook, the same rows.
    let xlsx = app
        .get(&format!("{TOSSD}?year=2025&format=xlsx"))
        .bearer(&viewer)
        .send()
        .await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"), "a zip");
}
