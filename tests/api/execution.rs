//! A project's execution figures: computed when asked from the project, its activities
//! and its transactions, so that they follow every change of either at once.

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn, token};

fn of<'a>(list: &'a Value, key: &str, value: &Value, currency: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|row| row[key] == *value && row["currency"] == currency)
        .unwrap_or_else(|| panic!("{key} {value} in {currency}: {list}"))
}

#[actix_web::test]
async fn execution_figures_follow_activities_and_transactions() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "EXE-1")).await;
    let item = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let path = format!("{item}/execution");
    let viewer = token(Role::Viewer, None);

    // Before anything was carried out: the plan only.
    let plan = app.get(&path).bearer(&viewer).send().await.ok(200);
    assert_eq!(plan["currencies"].as_array().unwrap().len(), 1, "{plan}");
    let usd = &plan["currencies"][0];
    assert_eq!(
        (
            &usd["currency"],
            &usd["budget"],
            &usd["pledged"],
            &usd["executed"]
        ),
        (
            &json!("USD"),
            &json!("125000.00"),
            &json!("80000.00"),
            &json!("0.00")
        )
    );
    assert_eq!(
        plan["expert_days"],
        json!({"pledged": 120, "planned": 0, "executed": 0})
    );
    assert_eq!(plan["activities"]["total"], 0);
    assert_eq!(
        (&plan["activities_version"], &plan["transactions_version"]),
        (&json!(0), &json!(0))
    );

    app.put(&format!("{item}/activities"))
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&crate::activities::activities(&cast.inti, &cast.mdryt))
        .send()
        .await
        .ok(200);
    app.put(&format!("{item}/transactions"))
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&crate::transactions::transactions(&cast.inti, &cast.mdryt))
        .send()
        .await
        .ok(200);
    let figures = app.get(&path).bearer(&viewer).send().await.ok(200);
    let currencies = &figures["currencies"];
    let usd = of(currencies, "budget", &json!("125000.00"), "USD");
    assert_eq!(
        usd,
        &json!({"currency": "USD", "budget": "125000.00", "pledged": "80000.00",
            "planned_costs": "6000.00", "executed_costs": "1450.00", "committed": "80000.00",
            "disbursed": "25000.50", "received": "0.00", "expended": "0.00", "executed": "1450.00"})
    );
    let bob = of(currencies, "budget", &Value::Null, "BOB");
    assert_eq!(
        (&bob["executed_costs"], &bob["expended"], &bob["executed"]),
        (&json!("3500.00"), &json!("120000.00"), &json!("123500.00"))
    );
    let eur = of(currencies, "budget", &Value::Null, "EUR");
    assert_eq!(eur["received"], "10000.00");
    // Burden sharing: who pays what.
    let organisations = &figures["organisations"];
    let inti = of(organisations, "organisation_id", &cast.inti, "USD");
    assert_eq!(
        (
            &inti["pledged"],
            &inti["planned_costs"],
            &inti["executed_costs"],
            &inti["committed"],
            &inti["disbursed"]
        ),
        (
            &json!("80000.00"),
            &json!("6000.00"),
            &json!("1450.00"),
            &json!("80000.00"),
            &json!("25000.50")
        )
    );
    let mdryt = of(organisations, "organisation_id", &cast.mdryt, "BOB");
    assert_eq!(mdryt["executed"], "123500.00");
    let bank = of(
        organisations,
        "name",
        &json!("Banco Interamericano de Desarrollo"),
        "EUR",
    );
    assert_eq!(
        (&bank["organisation_id"], &bank["received"]),
        (&Value::Null, &json!("10000.00"))
    );
    assert_eq!(
        figures["expert_days"],
        json!({"pledged": 120, "planned": 30, "executed": 10})
    );
    assert_eq!(
        figures["activities"],
        json!({"total": 2, "planned": 1, "done": 1, "postponed": 0, "cancelled": 0})
    );
    assert_eq!(
        (
            &figures["activities_version"],
            &figures["transactions_version"]
        ),
        (&json!(1), &json!(1))
    );

    // A change of the transactions shows at once: nothing stored goes stale.
    app.put(&format!("{item}/transactions"))
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"transactions": []}))
        .send()
        .await
        .ok(200);
    let after = app.get(&path).bearer(&viewer).send().await.ok(200);
    let usd = of(&after["currencies"], "budget", &json!("125000.00"), "USD");
    assert_eq!(
        (&usd["committed"], &usd["disbursed"]),
        (&json!("0.00"), &json!("0.00"))
    );
    assert_eq!(after["transactions_version"], 2);
    // The project's own representation carries no figures.
    let read = app.get(&item).bearer(&viewer).send().await.ok(200);
    assert!(read.get("execution").is_none(), "{read}");
}

#[actix_web::test]
async fn execution_figures_follow_their_project_access() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let mut restricted = bilateral(&cast, "EXE-2");
    restricted["visibility"] = json!("restricted");
    let project = app.create_project(&restricted).await;
    let path = format!("{PROJECTS}/{}/execution", project["id"].as_str().unwrap());
    let outsider = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    for caller in [outsider, token(Role::Viewer, None)] {
        app.get(&path).bearer(&caller).send().await.problem(404);
    }
    let inside = token(Role::Partner, cast.mdryt.as_str().unwrap().parse().ok());
    app.get(&path).bearer(&inside).send().await.ok(200);
    app.get(&format!(
        "{PROJECTS}/0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d/execution"
    ))
    .bearer(&admin())
    .send()
    .await
    .problem(404);
}
