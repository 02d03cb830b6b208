//! Demo data: the directorate's own ministries and agencies, partner ministries, donors,
//! multilaterals and regional bodies, and a dozen projects across every modality. A
//! second run adds nothing.

use std::collections::HashMap;
use std::sync::LazyLock;

use uuid::Uuid;

use crate::db::{Db, DbConnection};
use crate::domain::activities::ProjectActivities;
use crate::domain::arrangements::TriangularArrangement;
use crate::domain::capacities::Capacity;
use crate::domain::documents::DocumentLink;
use crate::domain::exchanges::PolicyExchange;
use crate::domain::organisations::{Organisation, OrganisationInput};
use crate::domain::partnerships::Partnership;
use crate::domain::project_parts::{self, ProjectPart};
use crate::domain::projects::{Project, ProjectInput};
use crate::domain::record::{self, ExpectedVersions, RecordStorage};
use crate::domain::results::ProjectResults;
use crate::domain::transactions::ProjectTransactions;
use crate::error::ApiError;
use crate::messages::counted;
use crate::seed::{capacities, demo_ids, frameworks, requests, seed_caller};
use crate::store::organisations::{self as org_store, OrganisationFilter};
use crate::store::{
    arrangements as arrangement_store, capacities as capacity_store, exchanges as exchange_store,
    partnerships as partnership_store, projects as project_store,
};

/// The demo organisations, in the order of their documented ids (append, never insert):
/// the directorate, its ministry and the technical agencies it mobilises; partner
/// ministries; second providers, multilaterals and regional bodies; the institutions of
/// the demo catalogue (`seed::capacities`); partner ministries that ask for cooperation
/// (`seed::requests`). A parent is named by its acronym, and comes before its children.
const ORGANISATIONS: &str = include_str!("data/organisations.csv");

/// The demo projects, in the order of their documented ids: each as a client sends it,
/// but for what is derived from it (its document links and approval date), its texts in
/// Spanish (`seed::localised` adds their translations), and its organisations named by
/// their acronyms (`"organisation"`, see `with_organisation_ids`).
const PROJECTS: &str = include_str!("data/projects.json");

/// Results reported for three projects (`{"project": code, "results": [...]}`): outputs
/// and outcomes with baselines, targets and actuals (a unit, a percentage where fewer is
/// better, a qualitative indicator), texts in Spanish, Portuguese, English and French.
const RESULTS: &str = include_str!("data/results.json");

/// Activities of six demo projects from 2024 to 2026 (`{"project": code, "activities":
/// [...]}`): missions, courses, an internship, a study visit, an equipment delivery and a
/// virtual meeting, in every status, with planned and executed costs in the currencies
/// the demo rates cover; a paying organisation is a demo organisation (by acronym).
const ACTIVITIES: &str = include_str!("data/activities.json");

/// Transactions of four demo projects from 2024 to 2026 (`{"project": code,
/// "transactions": [...]}`): commitments, disbursements, expenditures and incoming funds,
/// in the currencies of their budgets; a party is a demo organisation (by acronym) or an
/// outside one by name.
const TRANSACTIONS: &str = include_str!("data/transactions.json");

/// One row of `ORGANISATIONS`.
#[derive(serde::Deserialize)]
struct DemoOrganisation {
    name: String,
    acronym: String,
    organisation_type: String,
    country_code: Option<String>,
    iati_identifier: Option<String>,
    parent: Option<String>,
}

/// `ORGANISATIONS`, read once.
static DEMO_ORGANISATIONS: LazyLock<Vec<DemoOrganisation>> = LazyLock::new(|| {
    csv::Reader::from_reader(ORGANISATIONS.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("the demo organisations are valid CSV")
});

/// Replace every `"organisation": acronym` (or `"…_organisation": acronym`, e.g. a cost's
/// `"paying_organisation"`) in a demo body by the `"organisation_id"`
/// (`"…_organisation_id"`) of that demo organisation: how the data files name the
/// organisations whose ids depend on the database seeded.
fn with_organisation_ids(value: &mut serde_json::Value, id: &impl Fn(&str) -> Uuid) {
    match value {
        serde_json::Value::Object(members) => {
            let named: Vec<String> = members
                .iter()
                .filter(|(name, value)| {
                    (*name == "organisation" || name.ends_with("_organisation"))
                        && value.is_string()
                })
                .map(|(name, _)| name.clone())
                .collect();
            for name in named {
                if let Some(serde_json::Value::String(acronym)) = members.remove(&name) {
                    members.insert(format!("{name}_id"), id(&acronym).to_string().into());
                }
            }
            members
                .values_mut()
                .for_each(|member| with_organisation_ids(member, id));
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .for_each(|item| with_organisation_ids(item, id)),
        _ => {}
    }
}

/// The demo projects' inputs, in their order; `id` gives a demo organisation's id by its
/// acronym.
fn demo_projects(id: impl Fn(&str) -> Uuid) -> Vec<ProjectInput> {
    let mut bodies: serde_json::Value =
        serde_json::from_str(PROJECTS).expect("the demo projects are valid JSON");
    with_organisation_ids(&mut bodies, &id);
    let bodies: Vec<ProjectInput> =
        serde_json::from_value(bodies).expect("a demo project is a project's input");
    bodies.into_iter().map(with_derived_members).collect()
}

/// A demo project with what its data file leaves out: the translations of its title and
/// description, its links (its page, and for a finished one its final evaluation), and
/// its approval 45 days before its planned start.
fn with_derived_members(mut input: ProjectInput) -> ProjectInput {
    let code = input.code.to_lowercase();
    input.document_links = vec![DocumentLink {
        url: format!("https://cooperacion.example.gob.ar/proyectos/{code}"),
        format: "text/html".into(),
        title: [
            (
                "es".to_owned(),
                format!("Ficha del proyecto {}", input.code),
            ),
            ("pt".to_owned(), format!("Ficha do projeto {}", input.code)),
            ("en".to_owned(), format!("Project page {}", input.code)),
        ]
        .into(),
        categories: vec!["A12".into()],
        languages: vec!["es".into()],
        document_date: None,
    }];
    if input.status >= 3 {
        input.document_links.push(DocumentLink {
            url: format!("https://cooperacion.example.gob.ar/evaluaciones/{code}.pdf"),
            format: "application/pdf".into(),
            title: [(
                "es".to_owned(),
                format!("Evaluación final de {}", input.code),
            )]
            .into(),
            categories: vec!["A07".into(), "A08".into()],
            languages: vec!["es".into(), "pt".into()],
            document_date: Some(input.planned_end),
        });
    }
    input.title = super::localised(&input.title["es"]);
    input.description = input.description.map(|text| super::localised(&text["es"]));
    input.approval_date = Some(input.planned_start - chrono::Days::new(45));
    input
}

/// Create the demo organisations that are missing; return every demo id by acronym.
fn organisations(
    conn: &mut DbConnection,
) -> Result<(HashMap<&'static str, Uuid>, usize), ApiError> {
    let caller = seed_caller();
    let mut by_acronym = HashMap::new();
    let mut created = 0;
    for (place, demo) in (1..).zip(DEMO_ORGANISATIONS.iter()) {
        let filter = OrganisationFilter {
            q: Some(crate::text::fold(&demo.name)),
            ..Default::default()
        };
        let existing = org_store::list(conn, &filter, None, 10)?
            .into_iter()
            .find(|(org, _)| org.content.name == demo.name);
        let id = match existing {
            Some((org, _)) => crate::store::parse_uuid(&org.id)?,
            None => {
                let input = OrganisationInput {
                    name: demo.name.clone(),
                    acronym: Some(demo.acronym.clone()),
                    organisation_type: demo.organisation_type.clone(),
                    country_code: demo.country_code.clone(),
                    iati_identifier: demo.iati_identifier.clone(),
                    parent_id: demo
                        .parent
                        .as_ref()
                        .and_then(|p| by_acronym.get(p.as_str()).copied()),
                };
                created += 1;
                let id = demo_ids::organisation(place);
                record::create_as::<Organisation>(conn, &caller, id, input, Default::default())?
                    .record
                    .id
            }
        };
        by_acronym.insert(demo.acronym.as_str(), id);
    }
    Ok((by_acronym, created))
}

/// Create the records of `inputs` whose title is not taken yet, the one at `place` (from
/// 1) under the id `demo_id(place)`; return every title's id.
fn by_title<R: RecordStorage>(
    conn: &mut DbConnection,
    inputs: Vec<R::Input>,
    demo_id: fn(usize) -> Uuid,
    title: impl Fn(&R::Input) -> String,
    existing: impl Fn(&mut DbConnection, &str) -> Result<Option<Uuid>, crate::store::StoreError>,
    created: &mut usize,
) -> Result<HashMap<String, Uuid>, ApiError> {
    let caller = seed_caller();
    let mut ids = HashMap::new();
    for (place, input) in (1..).zip(inputs) {
        let key = title(&input);
        let id = match existing(conn, &key)? {
            Some(id) => id,
            None => {
                *created += 1;
                record::create_as::<R>(conn, &caller, demo_id(place), input, Default::default())?
                    .record
                    .meta()
                    .id
            }
        };
        ids.insert(key, id);
    }
    Ok(ids)
}

/// Put three demo projects through the review workflow, so that the demo has a record
/// in every review state: a partner's edit awaiting review (`submitted`), one returned to
/// it with a comment (`returned`), and one it is editing again (`draft`), each over an
/// approved version that viewers keep reading.
fn review_states(
    conn: &mut DbConnection,
    projects: &HashMap<String, Uuid>,
) -> Result<(), ApiError> {
    use crate::auth::{Caller, Role};
    use crate::domain::record::Update;
    use crate::domain::review::{Transition, WriteReview};

    let coordinator = Caller {
        sub: "directorate.review".into(),
        role: Role::Coordinator,
        org: None,
        issuer: "ssc-api seed".into(),
    };
    let steps: [(&str, usize, &str); 3] = [
        (
            "FOAR-2024-0033",
            1,
            "Se agregan las metas de la segunda fase.",
        ),
        ("FOAR-2023-0050", 2, "Actualización del plan de trabajo."),
        ("FOAR-2025-0031", 3, "Ajuste de los aportes en especie."),
    ];
    for (code, depth, objectives) in steps {
        let id = *projects
            .get(code)
            .ok_or_else(|| ApiError::internal(format!("demo project {code} is missing")))?;
        let project = Project::load(conn, &seed_caller(), id)?
            .ok_or_else(|| ApiError::internal("a demo project just created"))?;
        let partner = Caller {
            sub: "partner.demo".into(),
            role: Role::Partner,
            org: project.participants.first().map(|p| p.organisation_id),
            issuer: "ssc-api seed".into(),
        };
        let at = |version: i64| ExpectedVersions::any_of(vec![version]);
        let patch = |text: &str| {
            let mut map = serde_json::Map::new();
            map.insert("objectives".into(), serde_json::json!({ "es": text }));
            Update::Patch(map)
        };
        let mut version = project.meta.version;
        version = record::update::<Project>(
            conn,
            &partner,
            id,
            &at(version),
            patch(objectives),
            WriteReview::default(),
        )?
        .record
        .meta
        .version;
        if depth >= 2 {
            version = record::review::<Project>(
                conn,
                &coordinator,
                id,
                &at(version),
                Transition::Return,
                Some("Indicar la fuente de financiamiento de la segunda fase.".into()),
            )?
            .record
            .meta
            .version;
        }
        if depth >= 3 {
            record::update::<Project>(
                conn,
                &partner,
                id,
                &at(version),
                patch(&format!("{objectives} Fuente: fondo fiduciario.")),
                WriteReview::default(),
            )?;
        }
    }
    Ok(())
}

/// Give projects their parts from a data file (`RESULTS`, `ACTIVITIES`, `TRANSACTIONS`): each entry
/// names its project by code, the rest is the part as a client sends it.
fn project_parts<P: ProjectPart>(
    conn: &mut DbConnection,
    data: &str,
    projects: &HashMap<String, Uuid>,
    organisations: &HashMap<&str, Uuid>,
) -> Result<(), ApiError>
where
    P::Input: serde::de::DeserializeOwned,
{
    let mut entries: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(data).map_err(ApiError::internal)?;
    for entry in &mut entries {
        let code = entry.remove("project");
        let code = code
            .as_ref()
            .and_then(|code| code.as_str())
            .unwrap_or_default();
        let id = *projects
            .get(code)
            .ok_or_else(|| ApiError::internal(format!("demo project {code} is missing")))?;
        let mut body = serde_json::Value::Object(std::mem::take(entry));
        with_organisation_ids(&mut body, &|acronym| organisations[acronym]);
        let input: P::Input = serde_json::from_value(body).map_err(ApiError::internal)?;
        project_parts::replace::<P>(
            conn,
            &seed_caller(),
            id,
            &ExpectedVersions::any_of(vec![0]),
            input,
        )?;
    }
    Ok(())
}

/// Demo exchange rates (units per US dollar, near each year's average but demo values, not
/// official figures) for the currencies of the demo's budgets and contributions.
const DEMO_EXCHANGE_RATES: &[(i32, &str, &str)] = &[
    (2024, "ARS", "915.95"),
    (2024, "BOB", "6.91"),
    (2024, "EUR", "0.924"),
    (2024, "JPY", "151.48"),
    (2024, "VND", "24165"),
    (2025, "ARS", "1150"),
    (2025, "EUR", "0.885"),
    (2025, "JPY", "150.2"),
    (2025, "VND", "25500"),
    (2025, "BOB", "6.91"),
    (2026, "ARS", "1420"),
    (2026, "BOB", "6.91"),
    (2026, "EUR", "0.862"),
    (2026, "JPY", "148.7"),
    (2026, "VND", "26250"),
];

/// Demo values of an expert's day (USD).
const DEMO_EXPERT_DAY_RATES: &[(i32, &str)] =
    &[(2024, "350.00"), (2025, "380.00"), (2026, "400.00")];

/// Set the demo rates that are not set yet; how many were.
fn rates(conn: &mut DbConnection) -> Result<usize, ApiError> {
    use crate::domain::rates::{self, ExchangeRateInput, ExpertDayRateInput};
    let caller = seed_caller();
    let mut created = 0;
    for &(year, currency, units) in DEMO_EXCHANGE_RATES {
        if rates::read_rate(conn, year, currency).is_err() {
            let input = ExchangeRateInput {
                units_per_usd: units.into(),
            };
            rates::put_rate(conn, &caller, year, currency, &[0], input)?;
            created += 1;
        }
    }
    for &(year, amount) in DEMO_EXPERT_DAY_RATES {
        if rates::read_day_rate(conn, year).is_err() {
            let input = ExpertDayRateInput {
                amount: amount.into(),
                currency: rates::USD.into(),
            };
            rates::put_day_rate(conn, &caller, year, &[0], input)?;
            created += 1;
        }
    }
    Ok(created)
}

/// Load the demo data (what is already there is left alone).
pub async fn demo(db: &Db) -> Result<(), String> {
    let summary = db
        .write(|conn| {
            let (ids, organisations_created) = organisations(conn)?;
            let caller = seed_caller();
            let mut frameworks_created = 0;
            let mut capacities_created = 0;
            let capacity_inputs = capacities::inputs(|acronym| ids[acronym]);
            let capacity_titles: Vec<String> = capacity_inputs
                .iter()
                .map(|c| c.title["es"].clone())
                .collect();
            let catalogue = by_title::<Capacity>(
                conn,
                capacity_inputs,
                demo_ids::capacity,
                |c| c.title["es"].clone(),
                capacity_store::id_by_title,
                &mut capacities_created,
            )?;
            let partnerships = by_title::<Partnership>(
                conn,
                frameworks::partnerships(&ids),
                demo_ids::partnership,
                |p| p.title["es"].clone(),
                partnership_store::id_by_title,
                &mut frameworks_created,
            )?;
            let arrangements = by_title::<TriangularArrangement>(
                conn,
                frameworks::arrangements(&ids),
                demo_ids::arrangement,
                |a| a.title["es"].clone(),
                arrangement_store::id_by_title,
                &mut frameworks_created,
            )?;
            let mut projects = HashMap::new();
            let mut projects_created = 0;
            let project_inputs = demo_projects(|acronym| ids[acronym]);
            let project_count = project_inputs.len();
            for (place, mut input) in (1..).zip(project_inputs) {
                let code = input.code.clone();
                let id = match project_store::id_by_code(conn, &code)? {
                    Some(id) => id,
                    None => {
                        input.capacity_ids = capacities::PROJECT_CAPACITIES
                            .iter()
                            .filter(|(project, _)| *project == code)
                            .flat_map(|(_, places)| places.iter())
                            .map(|&place| catalogue[&capacity_titles[place - 1]])
                            .collect();
                        if let Some((_, partnership, arrangement)) = frameworks::PROJECT_FRAMEWORKS
                            .iter()
                            .find(|(project, _, _)| *project == code)
                        {
                            input.partnership_id =
                                partnership.and_then(|t| partnerships.get(t).copied());
                            input.triangular_arrangement_id =
                                arrangement.and_then(|t| arrangements.get(t).copied());
                        }
                        projects_created += 1;
                        let id = demo_ids::project(place);
                        record::create_as::<Project>(conn, &caller, id, input, Default::default())?
                            .record
                            .id
                    }
                };
                projects.insert(code, id);
            }
            if projects_created == project_count {
                review_states(conn, &projects)?;
                project_parts::<ProjectResults>(conn, RESULTS, &projects, &ids)?;
                project_parts::<ProjectActivities>(conn, ACTIVITIES, &projects, &ids)?;
                project_parts::<ProjectTransactions>(conn, TRANSACTIONS, &projects, &ids)?;
            }
            by_title::<PolicyExchange>(
                conn,
                frameworks::exchanges(&ids, &projects, &partnerships),
                demo_ids::exchange,
                |e| e.title["es"].clone(),
                exchange_store::id_by_title,
                &mut frameworks_created,
            )?;
            let requests_created = requests::requests(conn, &ids, &catalogue)?;
            let rates_created = rates(conn)?;
            Ok(format!(
                "demo data: {} created, {} in the catalogue and {} set",
                crate::messages::and_list(&[
                    counted(organisations_created, "organisation"),
                    counted(projects_created, "project"),
                    counted(requests_created, "cooperation request"),
                    format!(
                        "{} (partnerships, arrangements and exchanges)",
                        counted(frameworks_created, "cooperation framework")
                    ),
                ]),
                counted(capacities_created, "capacity"),
                counted(rates_created, "rate"),
            ))
        })
        .await
        .map_err(|e| format!("seeding failed: {} {:?}", e.detail, e.errors))?;
    println!("{summary}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::RecordKind;

    #[test]
    fn every_demo_project_is_valid() {
        let ids: HashMap<&str, Uuid> = DEMO_ORGANISATIONS
            .iter()
            .map(|o| (o.acronym.as_str(), Uuid::now_v7()))
            .collect();
        let today = chrono::Utc::now().date_naive();
        let projects = demo_projects(|acronym| ids[acronym]);
        for mut input in projects.clone() {
            let violations = input.check_rules(today);
            assert!(violations.is_empty(), "{}: {violations:?}", input.code);
            record::check_all::<Project>(&mut input).unwrap();
        }
        let modalities: std::collections::HashSet<_> =
            projects.iter().map(|p| p.modality).collect();
        for partnership in frameworks::partnerships(&ids) {
            let mut input = partnership;
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{:?}",
                input.title
            );
            record::check_all::<Partnership>(&mut input).unwrap();
        }
        for arrangement in frameworks::arrangements(&ids) {
            let mut input = arrangement;
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{:?}",
                input.title
            );
            record::check_all::<TriangularArrangement>(&mut input).unwrap();
        }
        for exchange in frameworks::exchanges(&ids, &HashMap::new(), &HashMap::new()) {
            let mut input = exchange;
            assert!(
                RecordKind::check(&mut input, today).is_empty(),
                "{:?}",
                input.title
            );
            record::check_all::<PolicyExchange>(&mut input).unwrap();
        }
        assert_eq!(
            modalities.len(),
            crate::domain::projects::Modality::ALL.len(),
            "every modality is shown"
        );
    }
}
