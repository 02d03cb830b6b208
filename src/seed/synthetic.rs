//! Synthetic data for load tests: N valid, varied projects (every modality, many
//! countries, sectors, SDGs, statuses and dates), written through the domain operations
//! in large transactions. Deterministic for a given run label, so runs are comparable.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use crate::db::{Db, DbConnection};
use crate::domain::activities::ProjectActivities;
use crate::domain::documents::LocalisedText;
use crate::domain::organisations::{Organisation, OrganisationInput};
use crate::domain::project_parts;
use crate::domain::projects::{
    Contribution, CountryShare, Instrument, Modality, Money, Participant, ParticipantRole,
    ProjectInput, RegionShare, SectorShare,
};
use crate::domain::record;
use crate::domain::transactions::ProjectTransactions;
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::seed::dice::Dice;
use crate::seed::execution::{self, Countries};
use crate::seed::seed_caller;

/// Projects written per transaction, with a statement per table for them all
/// (`record::create_many`): on PostgreSQL a statement per project and table cost a round
/// trip each.
const BATCH: usize = 500;

const PROVIDER_COUNTRIES: [&str; 6] = ["AR", "BR", "MX", "CL", "CO", "UY"];
const RECIPIENT_COUNTRIES: [&str; 20] = [
    "BO", "PY", "PE", "EC", "GT", "HN", "SV", "NI", "HT", "DO", "CU", "MZ", "AO", "SN", "VN", "KH",
    "LA", "TL", "PH", "ID",
];
const SECOND_PROVIDER_COUNTRIES: [&str; 5] = ["JP", "DE", "ES", "KR", "CA"];
const REGIONS: [&str; 4] = ["489", "389", "289", "798"];
const SECTORS: [&str; 24] = [
    "31166", "31120", "31161", "31195", "31182", "31191", "12220", "12191", "12261", "11330",
    "11430", "15110", "15111", "15130", "16010", "21010", "23210", "25010", "32182", "41010",
    "43082", "74020", "14030", "33110",
];
const CURRENCIES: [&str; 4] = ["USD", "EUR", "JPY", "ARS"];
const WORDS: [&str; 16] = [
    "Fortalecimiento",
    "institucional",
    "agricultura",
    "familiar",
    "salud",
    "pública",
    "gestión",
    "del",
    "agua",
    "innovación",
    "tecnológica",
    "formación",
    "técnica",
    "cadena",
    "productiva",
    "resiliencia",
];

/// The organisations synthetic projects draw on, by role.
struct Pool {
    providers: Vec<Uuid>,
    recipients: Vec<Uuid>,
    second_providers: Vec<Uuid>,
    multilaterals: Vec<Uuid>,
    countries: Countries,
}

fn organisations(conn: &mut DbConnection, label: &str) -> Result<Pool, ApiError> {
    let caller = seed_caller();
    let mut countries = Countries::new();
    // One group's organisations, of one type, each `(name, country)`: their ids.
    let mut create = |org_type: &str,
                      named: Vec<(String, Option<&'static str>)>|
     -> Result<Vec<Uuid>, ApiError> {
        let mut ids = Vec::with_capacity(named.len());
        for (name, country) in named {
            let input = OrganisationInput {
                name,
                acronym: None,
                organisation_type: org_type.into(),
                country_code: country.map(Into::into),
                iati_identifier: None,
                parent_id: None,
            };
            let saved = record::create::<Organisation>(conn, &caller, input, Default::default())?;
            countries.insert(saved.record.id, country);
            ids.push(saved.record.id);
        }
        Ok(ids)
    };
    let providers = PROVIDER_COUNTRIES
        .iter()
        .enumerate()
        .flat_map(|(i, country)| {
            let name = move |n| format!("Agencia técnica {country}-{n} ({label}-{i})");
            (0..4).map(move |n| (name(n), Some(*country)))
        });
    let recipients = RECIPIENT_COUNTRIES.iter().flat_map(|country| {
        (0..3).map(move |n| {
            (
                format!("Ministerio {country}-{n} ({label})"),
                Some(*country),
            )
        })
    });
    let second_providers = SECOND_PROVIDER_COUNTRIES.iter().map(|country| {
        (
            format!("Development agency {country} ({label})"),
            Some(*country),
        )
    });
    let multilaterals = (0..4).map(|n| (format!("Multilateral body {n} ({label})"), None));
    let providers = create("10", providers.collect())?;
    let recipients = create("10", recipients.collect())?;
    let second_providers = create("10", second_providers.collect())?;
    let multilaterals = create("40", multilaterals.collect())?;
    Ok(Pool {
        providers,
        recipients,
        second_providers,
        multilaterals,
        countries,
    })
}

/// Split 100% into `parts` shares (hundredths), as decimal strings.
fn shares(dice: &mut Dice, parts: usize) -> Vec<String> {
    let mut left = 10_000i64;
    let mut out = Vec::with_capacity(parts);
    for i in 0..parts {
        let share = if i + 1 == parts {
            left
        } else {
            1_000 + (dice.below(3_000) as i64)
        };
        left -= share;
        out.push(crate::domain::decimal::format_trimmed(share, 2));
    }
    out
}

fn project(
    dice: &mut Dice,
    pool: &Pool,
    capacities: &[Uuid],
    code: String,
    today: NaiveDate,
) -> ProjectInput {
    let modality = match dice.below(100) {
        0..55 => Modality::BilateralSsc,
        55..75 => Modality::Triangular,
        75..90 => Modality::RegionalSsc,
        _ => Modality::Multilateral,
    };
    // Each part draws from the dice in turn, in this order: the data stay the same.
    let participants = participants(dice, pool, modality);
    let (recipient_countries, recipient_regions) = recipients(dice, modality);
    let sectors = sectors(dice);
    let (sdg_goals, sdg_targets) = sdgs(dice);
    let dates = dates(dice, today);
    let (budget, contributions) = money(dice, participants[0].organisation_id);
    let title = title(dice);
    ProjectInput {
        default_language: crate::domain::documents::default_language(),
        document_links: document_links(&code),
        iati_identifier: None,
        description: Some(super::es(format!(
            "Proyecto sintético de {}: {}.",
            modality.labels().1,
            title["es"],
        ))),
        code,
        title,
        objectives: None,
        modality,
        instrument: *dice.pick(&[
            Instrument::Project,
            Instrument::Project,
            Instrument::Action,
            Instrument::Programme,
        ]),
        status: dates.status,
        visibility: if dice.chance(85) {
            Visibility::Public
        } else {
            Visibility::Restricted
        },
        approval_date: Some(dates.start - Days::new(30)),
        planned_start: dates.start,
        planned_end: dates.end,
        actual_start: dates.actual_start,
        actual_end: dates.actual_end,
        recipient_countries,
        recipient_regions,
        sectors,
        sdg_goals,
        sdg_targets,
        participants,
        budget,
        contributions,
        partnership_id: None,
        triangular_arrangement_id: None,
        // One project in five draws on a capacity: the catalogue's track records.
        capacity_ids: if !capacities.is_empty() && dice.chance(20) {
            vec![*dice.pick(capacities)]
        } else {
            Vec::new()
        },
    }
}

fn participant(organisation_id: Uuid, role: ParticipantRole) -> Participant {
    Participant {
        organisation_id,
        role,
    }
}

/// Who takes part, in the roles a project of `modality` has.
fn participants(dice: &mut Dice, pool: &Pool, modality: Modality) -> Vec<Participant> {
    use ParticipantRole::*;
    let provider = *dice.pick(&pool.providers);
    let recipient = *dice.pick(&pool.recipients);
    let mut participants = match modality {
        Modality::BilateralSsc => vec![
            participant(provider, Provider),
            participant(recipient, Recipient),
        ],
        Modality::Triangular => vec![
            participant(provider, FirstProvider),
            participant(*dice.pick(&pool.second_providers), SecondProvider),
            participant(recipient, Recipient),
        ],
        Modality::RegionalSsc => vec![
            participant(provider, Provider),
            participant(*dice.pick(&pool.multilaterals), Implementing),
        ],
        Modality::Multilateral => vec![
            participant(*dice.pick(&pool.multilaterals), Funding),
            participant(provider, Implementing),
        ],
    };
    if dice.chance(20) && modality != Modality::Triangular {
        participants.push(participant(*dice.pick(&pool.providers), Implementing));
        participants.dedup_by_key(|p| (p.organisation_id, p.role));
    }
    participants
}

/// A region for regional projects, else one or two countries.
fn recipients(dice: &mut Dice, modality: Modality) -> (Vec<CountryShare>, Vec<RegionShare>) {
    if modality == Modality::RegionalSsc {
        let region = RegionShare {
            region_code: (*dice.pick(&REGIONS)).into(),
            percentage: "100".into(),
        };
        return (vec![], vec![region]);
    }
    let count = 1 + usize::from(dice.chance(20));
    let mut countries: Vec<&str> = (0..count)
        .map(|_| *dice.pick(&RECIPIENT_COUNTRIES))
        .collect();
    countries.dedup();
    let split = shares(dice, countries.len());
    let countries = countries
        .into_iter()
        .zip(split)
        .map(|(c, p)| CountryShare {
            country_code: c.into(),
            percentage: p,
        })
        .collect();
    (countries, vec![])
}

fn sectors(dice: &mut Dice) -> Vec<SectorShare> {
    let sector_count = 1 + dice.below(3);
    let mut sector_codes: Vec<&str> = (0..sector_count).map(|_| *dice.pick(&SECTORS)).collect();
    sector_codes.sort();
    sector_codes.dedup();
    let split = shares(dice, sector_codes.len());
    sector_codes
        .into_iter()
        .zip(split)
        .map(|(c, p)| SectorShare {
            code: c.into(),
            percentage: p,
        })
        .collect()
}

/// One or two goals, and a target of the first half of the time.
fn sdgs(dice: &mut Dice) -> (Vec<i32>, Vec<String>) {
    let goal = 1 + dice.below(17) as i32;
    let mut sdg_goals = vec![goal];
    if dice.chance(50) {
        let other = 1 + dice.below(17) as i32;
        if other != goal {
            sdg_goals.push(other);
        }
    }
    let sdg_targets = if dice.chance(50) {
        vec![format!("{goal}.1")]
    } else {
        vec![]
    };
    (sdg_goals, sdg_targets)
}

/// A project's dates and the activity status they make plausible.
struct Dates {
    start: NaiveDate,
    end: NaiveDate,
    status: i32,
    actual_start: Option<NaiveDate>,
    actual_end: Option<NaiveDate>,
}

fn dates(dice: &mut Dice, today: NaiveDate) -> Dates {
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap() + Days::new(dice.below(4200) as u64);
    let end = start + Days::new(90 + dice.below(1000) as u64);
    let status = match (start <= today, end <= today) {
        (false, _) => 1,
        (true, false) => *dice.pick(&[2, 2, 2, 6]),
        (true, true) => *dice.pick(&[3, 4, 4, 5]),
    };
    let actual_start = (status >= 2 && status != 5)
        .then(|| start + Days::new(dice.below(30) as u64))
        .filter(|d| *d <= today);
    let actual_end = (status == 3 || status == 4)
        .then_some(end)
        .filter(|d| actual_start.is_some_and(|s| s <= *d) && *d <= today);
    Dates {
        start,
        end,
        status,
        actual_start,
        actual_end,
    }
}

/// A budget nine times in ten, and the first participant's contribution seven in ten.
fn money(dice: &mut Dice, contributor: Uuid) -> (Option<Money>, Vec<Contribution>) {
    let currency = *dice.pick(&CURRENCIES);
    let amount = |dice: &mut Dice| -> String {
        let units = 5_000 + dice.below(2_000_000);
        if currency == "JPY" {
            format!("{}", units * 100)
        } else {
            format!("{units}.{:02}", dice.below(100))
        }
    };
    let budget = dice.chance(90).then(|| Money {
        amount: amount(dice),
        currency: currency.into(),
    });
    let contributions = if dice.chance(70) {
        vec![Contribution {
            organisation_id: contributor,
            amount: Some(amount(dice)),
            currency: Some(currency.into()),
            expert_days: dice.chance(50).then(|| 10 + dice.below(300) as u32),
        }]
    } else {
        vec![]
    };
    (budget, contributions)
}

/// Four words in Spanish; three in ten carry a Portuguese title too, as records read by
/// Lusophone partners do.
fn title(dice: &mut Dice) -> LocalisedText {
    let title_words: Vec<&str> = (0..4).map(|_| *dice.pick(&WORDS)).collect();
    let title = title_words.join(" ");
    let mut localised_title = super::es(title.clone());
    if dice.chance(30) {
        localised_title.insert("pt".into(), format!("Projeto {title}"));
    }
    localised_title
}

fn document_links(code: &str) -> Vec<crate::domain::documents::DocumentLink> {
    vec![crate::domain::documents::DocumentLink {
        url: format!(
            "https://cooperacion.example.org/proyectos/{}",
            code.to_lowercase()
        ),
        format: "application/pdf".into(),
        title: [("es".to_owned(), format!("Acuerdo del proyecto {code}"))].into(),
        categories: vec!["A09".into()],
        languages: vec!["es".into()],
        document_date: None,
    }]
}

/// Results for a project running from `start` to `end`: one or two results with one or
/// two indicators each (unit, percentage or qualitative), a baseline, and a period per
/// year of at most three first years, with targets and, for periods before `today`,
/// actuals.
fn results(
    dice: &mut Dice,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> crate::domain::results::ResultsInput {
    use crate::domain::results::{
        Baseline, Indicator, Period, PeriodValue, ProjectResult, ResultsInput,
    };
    use chrono::Datelike;
    let text = |es: &str, pt: &str| {
        let mut text = std::collections::BTreeMap::from([("es".to_owned(), es.to_owned())]);
        if !pt.is_empty() {
            text.insert("pt".to_owned(), pt.to_owned());
        }
        text
    };
    let periods_of = |dice: &mut Dice, measure: i32| {
        let mut periods = Vec::new();
        let mut from = start;
        let mut target = 0;
        while from <= end && periods.len() < 3 {
            let year_end = NaiveDate::from_ymd_opt(from.year(), 12, 31).expect("a date");
            let to = year_end.min(end);
            target += 10 + dice.below(40) as i64;
            let value = |v: i64| match measure {
                5 => PeriodValue {
                    value: None,
                    comment: Some(text("Avance según el informe anual", "")),
                },
                2 => PeriodValue {
                    value: Some(v.min(100).to_string()),
                    comment: None,
                },
                _ => PeriodValue {
                    value: Some(v.to_string()),
                    comment: None,
                },
            };
            let actual = (to < today).then(|| value(target * (50 + dice.below(70) as i64) / 100));
            periods.push(Period {
                start: from,
                end: to,
                target: Some(value(target)),
                actual,
            });
            from = to.succ_opt().expect("a date");
        }
        periods
    };
    let results = (0..1 + dice.below(2))
        .map(|r| ProjectResult {
            result_type: [1, 2, 3][r % 3],
            aggregation_status: Some(dice.chance(50)),
            title: text(
                "Capacidades institucionales fortalecidas",
                "Capacidades institucionais fortalecidas",
            ),
            description: None,
            indicators: (0..1 + dice.below(2))
                .map(|_| {
                    let measure = *dice.pick(&[1, 1, 2, 5]);
                    Indicator {
                        measure,
                        ascending: true,
                        title: text("Técnicos capacitados", "Técnicos capacitados"),
                        description: None,
                        baseline: Some(Baseline {
                            year: start.year(),
                            date: None,
                            value: (measure != 5).then(|| "0".to_owned()),
                            comment: (measure == 5).then(|| text("Sin línea de base", "")),
                        }),
                        periods: periods_of(dice, measure),
                    }
                })
                .collect(),
        })
        .collect();
    ResultsInput { results }
}

/// Create `count` synthetic projects (and the organisations they need), one in four with
/// results; a capacity per ten projects and a cooperation request per two.
pub async fn synthetic(db: &Db, count: usize) -> Result<(), String> {
    let started = std::time::Instant::now();
    let label = format!("{:x}", chrono::Utc::now().timestamp_millis());
    let pool = {
        let label = label.clone();
        db.write(move |conn| organisations(conn, &label))
            .await
            .map_err(|e| format!("creating organisations failed: {}", e.detail))?
    };
    let pool = std::sync::Arc::new(pool);
    let rates = db
        .write(execution::rates)
        .await
        .map_err(|e| format!("setting rates failed: {} {:?}", e.detail, e.errors))?;
    // The providers' capacities, approved at once.
    let capacities = synthetic_records(db, &pool, count / 10, 0x2545_F491_4F6C_DD1D, capacity);
    let capacities = std::sync::Arc::new(capacities.await?);
    let today = chrono::Utc::now().date_naive();
    let mut written = 0;
    while written < count {
        let batch = BATCH.min(count - written);
        let pool = pool.clone();
        let capacities = capacities.clone();
        let label = label.clone();
        db.write(move |conn| {
            let caller = seed_caller();
            let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ (written as u64 + 1));
            let inputs = (written..written + batch)
                .map(|n| {
                    let code = format!("SYN-{label}-{n:07}");
                    project(&mut dice, &pool, &capacities, code, today)
                })
                .collect();
            let saved = record::create_many::<crate::domain::projects::Project>(
                conn,
                &caller,
                inputs,
                Default::default(),
            )?;
            // One project in four reports results.
            let with_results = (written..)
                .zip(&saved)
                .filter(|(n, _)| n % 4 == 0)
                .map(|(_, saved)| {
                    let project = &saved.record;
                    let input =
                        results(&mut dice, project.planned_start, project.planned_end, today);
                    (project, input)
                })
                .collect();
            crate::domain::results::create_many(conn, &caller, with_results)?;
            // Every project is carried out in two activities and has the transactions
            // of what already happened.
            let projects: Vec<_> = saved.iter().map(|saved| &saved.record).collect();
            let activities = projects
                .iter()
                .map(|project| {
                    let input = execution::activities(&mut dice, project, &pool.countries, today);
                    (*project, input)
                })
                .collect();
            project_parts::create_many::<ProjectActivities>(conn, &caller, activities)?;
            let transactions = projects
                .iter()
                .map(|project| (*project, execution::transactions(&mut dice, project, today)))
                .collect();
            project_parts::create_many::<ProjectTransactions>(conn, &caller, transactions)
        })
        .await
        .map_err(|e| format!("synthetic project failed: {} {:?}", e.detail, e.errors))?;
        written += batch;
    }
    // The recipients' cooperation requests, received (open: what a capacity's matches
    // rank).
    let requests = synthetic_records(db, &pool, count / 2, 0x6C07_8965_D5B2_5F1B, request);
    let requests = requests.await?.len();
    // The planner's statistics for what was just loaded (PostgreSQL's VACUUM runs
    // outside a transaction: on a pooled connection, not the writer).
    let refreshed = if db.writer_running().is_some() {
        db.write(crate::db::refresh_planner_statistics).await
    } else {
        db.read(crate::db::refresh_planner_statistics).await
    };
    refreshed.map_err(|e| format!("refreshing the planner's statistics failed: {}", e.detail))?;
    println!(
        "synthetic data: {} (each with two activities and its transactions), {}, {} and {} set or created in {:.1} s",
        crate::messages::counted(count, "project"),
        crate::messages::counted(capacities.len(), "capacity"),
        crate::messages::counted(requests, "cooperation request"),
        crate::messages::counted(rates, "rate"),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What capacities' texts are made of: enough words that the full-text search has
/// posting lists of realistic lengths.
const CAPACITY_WORDS: [&str; 48] = [
    "riego",
    "goteo",
    "suelos",
    "semillas",
    "forrajes",
    "ganadería",
    "lechería",
    "apicultura",
    "pesca",
    "acuicultura",
    "bosques",
    "incendios",
    "sequía",
    "inundaciones",
    "clima",
    "meteorología",
    "vacunas",
    "diagnóstico",
    "laboratorio",
    "trasplantes",
    "nutrición",
    "epidemiología",
    "medicamentos",
    "alimentos",
    "inocuidad",
    "metrología",
    "calidad",
    "normas",
    "energía",
    "solar",
    "eólica",
    "nuclear",
    "satélites",
    "geología",
    "minería",
    "catastro",
    "estadística",
    "censos",
    "archivos",
    "forense",
    "identificación",
    "justicia",
    "educación",
    "escuelas",
    "universidades",
    "empleo",
    "cooperativas",
    "turismo",
];
/// `n` words of `CAPACITY_WORDS`: the texts of capacities and requests.
fn words(dice: &mut Dice, n: usize) -> String {
    (0..n)
        .map(|_| *dice.pick(&CAPACITY_WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

const CAPACITY_SDG_TARGETS: [&str; 10] = [
    "2.3", "2.4", "3.3", "3.8", "6.4", "7.2", "9.5", "13.1", "15.2", "16.9",
];

/// `count` records of kind `K`, each made by `make` with dice seeded by `seed` and the
/// batch (so that every run makes the same records), approved at once, in batches: their
/// ids.
async fn synthetic_records<K>(
    db: &Db,
    pool: &std::sync::Arc<Pool>,
    count: usize,
    seed: u64,
    make: fn(&mut Dice, &Pool) -> K,
) -> Result<Vec<Uuid>, String>
where
    K: record::RecordKind,
    record::Record<K>: record::RecordStorage<Input = K>,
{
    let mut ids = Vec::with_capacity(count);
    while ids.len() < count {
        let first = ids.len();
        let batch = BATCH.min(count - first);
        let pool = pool.clone();
        let saved = db
            .write(move |conn| {
                let mut dice = Dice(seed ^ (first as u64 + 1));
                let inputs = (0..batch).map(|_| make(&mut dice, &pool)).collect();
                let caller = seed_caller();
                let saved = record::create_many::<record::Record<K>>(
                    conn,
                    &caller,
                    inputs,
                    Default::default(),
                )?;
                Ok(saved.into_iter().map(|s| s.record.id).collect::<Vec<_>>())
            })
            .await
            .map_err(|e| {
                let noun = K::KIND.noun();
                format!("synthetic {noun} failed: {} {:?}", e.detail, e.errors)
            })?;
        ids.extend(saved);
    }
    Ok(ids)
}

fn capacity(dice: &mut Dice, pool: &Pool) -> crate::domain::capacities::CapacityInput {
    use crate::domain::capacities::{CapacityFormat, CapacityInput, CapacityStatus};
    let title = words(dice, 3);
    let description = words(dice, 16);
    let mut sectors: Vec<String> = Vec::new();
    for _ in 0..1 + dice.below(3) {
        let sector = dice.pick(&SECTORS).to_string();
        if !sectors.contains(&sector) {
            sectors.push(sector);
        }
    }
    let mut sdg_targets: Vec<String> = Vec::new();
    for _ in 0..dice.below(3) {
        let target = dice.pick(&CAPACITY_SDG_TARGETS).to_string();
        if !sdg_targets.contains(&target) {
            sdg_targets.push(target);
        }
    }
    let all_formats = CapacityFormat::ALL;
    let first_format = dice.below(all_formats.len());
    let mut formats = vec![all_formats[first_format]];
    if dice.chance(50) {
        let other =
            all_formats[(first_format + 1 + dice.below(all_formats.len() - 1)) % all_formats.len()];
        formats.push(other);
    }
    let mut languages = vec!["es".to_owned()];
    if dice.chance(40) {
        languages.push(dice.pick(&["en", "pt", "fr"]).to_string());
    }
    CapacityInput {
        default_language: crate::domain::documents::default_language(),
        document_links: Vec::new(),
        offering_organisations: vec![*dice.pick(&pool.providers)],
        title: super::es(format!("Capacidad en {title}")),
        description: super::es(format!("Experiencia en {description}.")),
        what_partners_learn: None,
        sectors,
        sdg_targets,
        formats,
        languages,
        typical_duration_days: Some(5 + dice.below(60) as u32),
        experts_available: Some(dice.below(12) as u32),
        in_kind_expert_days: Some(10 + dice.below(200) as u32),
        status: match dice.below(10) {
            0 => CapacityStatus::Paused,
            1 => CapacityStatus::Retired,
            _ => CapacityStatus::Active,
        },
        visibility: if dice.chance(90) {
            Visibility::Public
        } else {
            Visibility::Restricted
        },
    }
}

fn request(
    dice: &mut Dice,
    pool: &Pool,
) -> crate::domain::cooperation_requests::CooperationRequestInput {
    use crate::domain::capacities::CapacityFormat;
    use crate::domain::cooperation_requests::{
        CooperationRequestInput, RequestChannel, RequestStatus,
    };
    let title = words(dice, 3);
    let problem = words(dice, 14);
    let expected = words(dice, 6);
    let sector = dice.pick(&SECTORS).to_string();
    let mut sectors = vec![sector];
    if dice.chance(30) {
        let other = dice.pick(&SECTORS).to_string();
        if !sectors.contains(&other) {
            sectors.push(other);
        }
    }
    let sdg_targets = if dice.chance(60) {
        vec![dice.pick(&CAPACITY_SDG_TARGETS).to_string()]
    } else {
        Vec::new()
    };
    let formats = if dice.chance(50) {
        vec![*dice.pick(CapacityFormat::ALL)]
    } else {
        Vec::new()
    };
    let mut languages = vec!["es".to_owned()];
    if dice.chance(30) {
        languages.push(dice.pick(&["en", "pt", "fr"]).to_string());
    }
    CooperationRequestInput {
        default_language: crate::domain::documents::default_language(),
        document_links: Vec::new(),
        requesting_organisation: *dice.pick(&pool.recipients),
        channel: *dice.pick(RequestChannel::ALL),
        title: super::es(format!("Apoyo en {title}")),
        problem_statement: super::es(format!("Se necesita fortalecer {problem}.")),
        expected_results: Some(super::es(format!("Capacidades en {expected}."))),
        target_population: None,
        sectors,
        sdg_targets,
        formats,
        languages,
        desired_start_from: None,
        desired_start_to: None,
        priority: None,
        visibility: if dice.chance(70) {
            Visibility::Public
        } else {
            Visibility::Restricted
        },
        country: None,
        status: RequestStatus::Received,
        decline_reason: None,
        comment_to_requester: None,
        project_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_projects_are_valid() {
        let id = |_| Uuid::now_v7();
        let pool = Pool {
            providers: (0..5).map(id).collect(),
            recipients: (0..5).map(id).collect(),
            second_providers: (0..2).map(id).collect(),
            multilaterals: (0..2).map(id).collect(),
            countries: Countries::new(),
        };
        let mut pool = pool;
        for (n, provider) in pool.providers.iter().enumerate() {
            pool.countries.insert(
                *provider,
                Some(PROVIDER_COUNTRIES[n % PROVIDER_COUNTRIES.len()]),
            );
        }
        let today = chrono::Utc::now().date_naive();
        let mut dice = Dice(42);
        for n in 0..2000 {
            let capacities = [Uuid::now_v7()];
            let mut input = project(&mut dice, &pool, &capacities, format!("T-{n}"), today);
            let violations = input.check_rules(today);
            assert!(violations.is_empty(), "{input:?}: {violations:?}");
            let mut results = results(&mut dice, input.planned_start, input.planned_end, today);
            let project = crate::domain::projects::Project::new(
                input,
                crate::domain::record::RecordMeta {
                    id: Uuid::now_v7(),
                    version: 1,
                    created_at: chrono::Utc::now(),
                    updated_at: chrono::Utc::now(),
                    created_by: "t".into(),
                    updated_by: "t".into(),
                    review_status: crate::domain::review::ReviewStatus::Approved,
                    approved_version: Some(1),
                },
            );
            let violations = crate::domain::results::check(&mut results, &project);
            assert!(violations.is_empty(), "{results:?}: {violations:?}");
            let payers = crate::domain::activities::payers_of(&project);
            let mut activities = execution::activities(&mut dice, &project, &pool.countries, today);
            assert_eq!(activities.activities.len(), 2);
            let violations = crate::domain::activities::check_within(
                &mut activities,
                &project.default_language,
                project.span(),
                &payers,
            );
            assert!(violations.is_empty(), "{activities:?}: {violations:?}");
            let mut transactions = execution::transactions(&mut dice, &project, today);
            let violations = crate::domain::transactions::check_within(
                &mut transactions,
                &project.default_language,
                today,
                &payers,
            );
            assert!(violations.is_empty(), "{transactions:?}: {violations:?}");
            let mut capacity = capacity(&mut dice, &pool);
            let violations = crate::domain::record::RecordKind::check(&mut capacity, today);
            assert!(violations.is_empty(), "{capacity:?}: {violations:?}");
            let mut request = request(&mut dice, &pool);
            let violations = crate::domain::record::RecordKind::check(&mut request, today);
            assert!(violations.is_empty(), "{request:?}: {violations:?}");
        }
    }
}
