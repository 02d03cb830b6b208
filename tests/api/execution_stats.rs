//! Execution statistics: the execution figures of `GET /projects/{id}/execution` summed
//! per group and currency by the database, over exactly the projects the caller's list
//! holds, with the list's filters, kept until the next change.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use ssc_api::auth::Role;

use crate::fixtures::{PROJECTS, bilateral, cast, triangular};
use crate::support::{admin, spawn, token};

const STATS: &str = "/api/v1/stats/execution";
const MONEY: [&str; 8] = [
    "pledged",
    "planned_costs",
    "executed_costs",
    "committed",
    "disbursed",
    "received",
    "expended",
    "executed",
];
pub(crate) const DIMENSIONS: [&str; 6] = [
    "modality",
    "country",
    "region",
    "sector_category",
    "year",
    "role",
];

/// An amount in ten-thousandths (no currency has more digits), for adding exactly.
fn units(amount: &str) -> i128 {
    let (sign, digits) = match amount.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, amount),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    sign * (whole.parse::<i128>().unwrap() * 10_000
        + format!("{fraction:0<4}").parse::<i128>().unwrap())
}

/// What a group (or a project's figures) adds up to: zero sums left out, so that a
/// currency that only a budget of another group brought makes no difference.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Figures {
    pub(crate) projects: i64,
    pub(crate) budget: BTreeMap<String, i128>,
    pub(crate) money: BTreeMap<(String, &'static str), i128>,
    pub(crate) days: Option<BTreeMap<String, u64>>,
    pub(crate) activities: Option<BTreeMap<String, u64>>,
}

fn counts(value: &Value) -> Option<BTreeMap<String, u64>> {
    value.as_object().map(|o| {
        o.iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .collect()
    })
}

fn add_counts(into: &mut Option<BTreeMap<String, u64>>, value: &Value) {
    if let Some(more) = counts(value) {
        let into = into.get_or_insert_with(BTreeMap::new);
        for (key, n) in more {
            *into.entry(key).or_default() += n;
        }
    }
}

impl Figures {
    /// Add the per-currency figures (a stats group's or a project's `currencies`, or a
    /// project's `organisations` rows).
    pub(crate) fn add_money(&mut self, rows: &Value) {
        for row in rows.as_array().unwrap() {
            let currency = row["currency"].as_str().unwrap().to_owned();
            if let Some(budget) = row["budget"].as_str() {
                *self.budget.entry(currency.clone()).or_default() += units(budget);
            }
            for field in MONEY {
                let amount = units(row[field].as_str().unwrap());
                if amount != 0 {
                    *self.money.entry((currency.clone(), field)).or_default() += amount;
                }
            }
        }
        self.money.retain(|_, amount| *amount != 0);
    }

    /// A stats group or total as answered.
    pub(crate) fn answered(group: &Value) -> Figures {
        let mut figures = Figures {
            projects: group["projects"].as_i64().unwrap(),
            days: counts(&group["expert_days"]),
            activities: counts(&group["activities"]),
            ..Figures::default()
        };
        figures.add_money(&group["currencies"]);
        figures
    }

    /// Add a project's whole execution figures.
    pub(crate) fn add_project(&mut self, execution: &Value) {
        self.projects += 1;
        self.add_money(&execution["currencies"]);
        add_counts(&mut self.days, &execution["expert_days"]);
        add_counts(&mut self.activities, &execution["activities"]);
    }
}

/// The keys a project counts under by one of its own dimensions, each once.
pub(crate) fn keys_of(project: &Value, dimension: &str) -> BTreeSet<String> {
    let each = |list: &str, member: &str| -> BTreeSet<String> {
        project[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item[member].as_str().unwrap().to_owned())
            .collect()
    };
    match dimension {
        "country" => each("recipient_countries", "country_code"),
        "region" => each("recipient_regions", "region_code"),
        "sector_category" => each("sectors", "code")
            .into_iter()
            .map(|code| code[..3].to_owned())
            .collect(),
        "modality" => BTreeSet::from([project["modality"].as_str().unwrap().to_owned()]),
        other => panic!("no dimension {other}"),
    }
}

/// The role a paying organisation holds in the project (its first), or `outside`.
pub(crate) fn role_of(project: &Value, organisation: &Value) -> String {
    project["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["organisation_id"] == *organisation)
        .map_or("outside".to_owned(), |p| {
            p["role"].as_str().unwrap().to_owned()
        })
}

/// The groups answered, by key.
pub(crate) fn groups_of(stats: &Value) -> BTreeMap<String, Figures> {
    stats["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap().to_owned(), Figures::answered(g)))
        .collect()
}

/// What the groups by an amount's year or payer's role add up to, in the figures every
/// amount counts in once (the money, the days and activities by year).
pub(crate) fn summed(groups: &BTreeMap<String, Figures>) -> Figures {
    let mut sum = Figures::default();
    for group in groups.values() {
        for (key, amount) in &group.money {
            *sum.money.entry(key.clone()).or_default() += amount;
        }
        for (into, from) in [
            (&mut sum.days, &group.days),
            (&mut sum.activities, &group.activities),
        ] {
            if let Some(from) = from {
                let into = into.get_or_insert_with(BTreeMap::new);
                for (key, n) in from {
                    *into.entry(key.clone()).or_default() += n;
                }
            }
        }
    }
    sum.money.retain(|_, amount| *amount != 0);
    sum
}

/// Every group and the total equal the sum of the per-project figures over the caller's
/// list, for a coordinator and a viewer, with and without a filter: over synthetic
/// projects with activities and transactions, a restricted project (the viewer counts
/// none of it) and an edit awaiting review (whose figures count for nobody until
/// approved: statistics count what counts).
#[actix_web::test]
async fn execution_statistics_equal_the_sum_of_each_projects_figures() {
    let app = spawn().await;
    let cast = cast(&app).await;
    ssc_api::seed::synthetic(&app.state.db, 40).await.unwrap();
    let mut restricted = bilateral(&cast, "EXS-RESTRICTED");
    restricted["visibility"] = json!("restricted");
    restricted["budget"] = json!({"amount": "333", "currency": "CLP"});
    let restricted = app.create_project(&restricted).await;
    let open = app.create_project(&bilateral(&cast, "EXS-OPEN")).await;
    for project in [&restricted, &open] {
        let item = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
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
    }
    // MAG edits an approved project: the edit awaits review.
    let mag = token(Role::Partner, cast.mag.as_str().unwrap().parse().ok());
    let approved = app.create_project(&triangular(&cast, "EXS-PENDING")).await;
    let pending = app
        .patch(&format!("{PROJECTS}/{}", approved["id"].as_str().unwrap()))
        .bearer(&mag)
        .if_match(&approved["version"])
        .json(&json!({
            "budget": {"amount": "7.25", "currency": "CHF"},
            "contributions": [],
        }))
        .send()
        .await
        .ok(200);
    assert_eq!(pending["review_status"], "submitted");
    let viewer = token(Role::Viewer, None);
    let coordinator = token(Role::Coordinator, None);

    for (who, bearer) in [("coordinator", &coordinator), ("viewer", &viewer)] {
        for filter in ["", "&status=2"] {
            let list = crate::exports::whole_list(&app, "/api/v1/projects", filter, bearer).await;
            assert_eq!(
                list.iter().any(|p| p["id"] == restricted["id"]),
                who == "coordinator",
                "{who}{filter}"
            );
            // Each project as statistics count it, with its figures: for the edit
            // awaiting review, its approved content (as a viewer reads it).
            let mut projects = Vec::new();
            for project in list {
                let id = project["id"].as_str().unwrap().to_owned();
                let (project, reader) = if project["id"] == approved["id"] {
                    (approved.clone(), &viewer)
                } else {
                    (project, bearer)
                };
                let figures = app
                    .get(&format!("{PROJECTS}/{id}/execution"))
                    .bearer(reader)
                    .send()
                    .await
                    .ok(200);
                projects.push((project, figures));
            }
            let mut total = Figures::default();
            projects.iter().for_each(|(_, f)| total.add_project(f));
            assert!(
                total.activities.as_ref().unwrap()["total"] > 0,
                "{who}{filter}"
            );
            for dimension in DIMENSIONS {
                let context = format!("{who}, group_by={dimension}{filter}");
                let stats = app
                    .get(&format!("{STATS}?group_by={dimension}{filter}"))
                    .bearer(bearer)
                    .send()
                    .await
                    .ok(200);
                assert_eq!(stats["group_by"], dimension);
                let answered_total = Figures::answered(&stats["total"]);
                assert_eq!(answered_total, total, "{context}: total");
                assert!(
                    !answered_total.budget.contains_key("CHF"),
                    "{context}: the edit awaiting review counts for nobody"
                );
                let groups = groups_of(&stats);
                match dimension {
                    "year" => {
                        // Each amount in its year; budgets in the planned start's.
                        let mut budgets: BTreeMap<String, BTreeMap<String, i128>> = BTreeMap::new();
                        for (project, _) in &projects {
                            if let Some(budget) = project["budget"].as_object() {
                                let year =
                                    project["planned_start"].as_str().unwrap()[..4].to_owned();
                                *budgets
                                    .entry(year)
                                    .or_default()
                                    .entry(budget["currency"].as_str().unwrap().to_owned())
                                    .or_default() += units(budget["amount"].as_str().unwrap());
                            }
                        }
                        let answered: BTreeMap<String, BTreeMap<String, i128>> = groups
                            .iter()
                            .filter(|(_, g)| !g.budget.is_empty())
                            .map(|(year, g)| (year.clone(), g.budget.clone()))
                            .collect();
                        assert_eq!(answered, budgets, "{context}: budgets");
                        let sum = summed(&groups);
                        assert_eq!(
                            (&sum.money, &sum.days, &sum.activities),
                            (&total.money, &total.days, &total.activities),
                            "{context}: every amount in one year"
                        );
                    }
                    "role" => {
                        let mut expected: BTreeMap<String, Figures> = BTreeMap::new();
                        for (project, figures) in &projects {
                            let mut roles = BTreeSet::new();
                            for p in project["participants"].as_array().unwrap() {
                                roles.insert(p["role"].as_str().unwrap().to_owned());
                            }
                            for role in roles {
                                expected.entry(role).or_default().projects += 1;
                            }
                            for row in figures["organisations"].as_array().unwrap() {
                                let role = role_of(project, &row["organisation_id"]);
                                expected.entry(role).or_default().add_money(&json!([row]));
                            }
                        }
                        assert_eq!(groups, expected, "{context}");
                        assert_eq!(summed(&groups).money, total.money, "{context}: summed");
                    }
                    _ => {
                        let mut expected: BTreeMap<String, Figures> = BTreeMap::new();
                        for (project, figures) in &projects {
                            for key in keys_of(project, dimension) {
                                expected.entry(key).or_default().add_project(figures);
                            }
                        }
                        assert_eq!(groups, expected, "{context}");
                    }
                }
            }
        }
    }
}

/// A write to a project's activities or transactions shows in the next answer: the
/// answer kept for the change before is not served after it.
#[actix_web::test]
async fn kept_execution_statistics_follow_activity_writes() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let project = app.create_project(&bilateral(&cast, "EXS-KEPT")).await;
    let item = format!("{PROJECTS}/{}", project["id"].as_str().unwrap());
    let viewer = token(Role::Viewer, None);
    let ask = || {
        let (app, viewer) = (&app, &viewer);
        async move {
            app.get(&format!("{STATS}?group_by=year"))
                .bearer(viewer)
                .send()
                .await
                .ok(200)
        }
    };
    let before = ask().await;
    assert_eq!(before, ask().await, "asked again");
    assert_eq!(before["total"]["activities"]["total"], 0);
    app.put(&format!("{item}/activities"))
        .bearer(&admin())
        .header("if-match", "\"0\"")
        .json(&crate::activities::activities(&cast.inti, &cast.mdryt))
        .send()
        .await
        .ok(200);
    let after = ask().await;
    assert_eq!(
        after["total"]["activities"],
        json!({"total": 2, "planned": 1, "done": 1, "postponed": 0, "cancelled": 0})
    );
    assert_eq!(
        after["total"]["expert_days"],
        json!({"pledged": 120, "planned": 30, "executed": 10})
    );
    // The mission was done in 2025, the course is planned for 2026.
    let year = |stats: &Value, key: &str| {
        stats["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("{key} in {stats}"))
    };
    let usd = |group: &Value| {
        group["currencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["currency"] == "USD")
            .cloned()
            .unwrap()
    };
    assert_eq!(usd(&year(&after, "2025"))["executed_costs"], "1450.00");
    assert_eq!(usd(&year(&after, "2026"))["planned_costs"], "6000.00");
    assert_eq!(
        year(&after, "2026")["projects"],
        0,
        "planned to start in 2025"
    );
    app.put(&format!("{item}/activities"))
        .bearer(&admin())
        .header("if-match", "\"1\"")
        .json(&json!({"activities": []}))
        .send()
        .await
        .ok(200);
    assert_eq!(ask().await, before, "back to none");
}

#[actix_web::test]
async fn bad_execution_statistics_parameters_are_400_or_422_in_the_callers_language() {
    let app = spawn().await;
    for (query, status, parameter, spanish) in [
        ("group_by=colour", 400, "group_by", "parámetro `group_by`"),
        ("group_by=sdg", 400, "group_by", "parámetro `group_by`"),
        ("country=Z", 400, "country", "dos letras mayúsculas"),
        (
            "start_from=2025-13-01",
            400,
            "start_from",
            "parámetro `start_from`",
        ),
        ("limit=5", 400, "limit", "parámetro `limit`"),
        ("country=ZZ", 422, "country", "código de país desconocido"),
        (
            "organisation_role=provider",
            422,
            "organisation_role",
            "necesita el parámetro",
        ),
    ] {
        let problem = app
            .get(&format!("{STATS}?{query}"))
            .bearer(&admin())
            .header("accept-language", "es")
            .send()
            .await
            .problem(status);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(spanish), "{query}: {detail}");
    }
    app.get(STATS).send().await.problem(401);
    app.get(STATS)
        .bearer("not-a-token")
        .send()
        .await
        .problem(401);
}
