//! Synthetic execution for load tests: each synthetic project is carried out in two
//! activities (with their costs, planned and, once done, executed) and has the
//! transactions of what already happened (a commitment, disbursements, an expenditure),
//! valid under the rules; and the exchange and expert-day rates the reports need for
//! every year synthetic projects run in.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::activities::{
    ActivitiesInput, Activity, ActivityCost, ActivityKind, ActivityStatus, CostCategory, CostStage,
};
use crate::domain::projects::Project;
use crate::domain::rates::{self, ExchangeRateInput, ExpertDayRateInput};
use crate::domain::transactions::{
    Transaction, TransactionParty, TransactionType, TransactionsInput,
};
use crate::error::ApiError;
use crate::seed::dice::Dice;
use crate::seed::seed_caller;

/// The years synthetic projects (and so their activities and transactions) run in.
pub const YEARS: std::ops::RangeInclusive<i32> = 2015..=2030;

/// Units per US dollar of the synthetic currencies other than the dollar, from 2015
/// (near each year's average until 2025, then extended: synthetic values, not official
/// figures).
const EXCHANGE_RATES: [(&str, [&str; 16]); 3] = [
    (
        "ARS",
        [
            "9.27", "14.76", "16.56", "28.09", "48.15", "70.54", "95.09", "130.81", "296.15",
            "915.95", "1150", "1400", "1650", "1900", "2150", "2400",
        ],
    ),
    (
        "EUR",
        [
            "0.902", "0.904", "0.887", "0.848", "0.893", "0.877", "0.846", "0.951", "0.925",
            "0.924", "0.885", "0.88", "0.88", "0.88", "0.88", "0.88",
        ],
    ),
    (
        "JPY",
        [
            "121.04", "108.79", "112.17", "110.42", "109.01", "106.77", "109.75", "131.5",
            "140.49", "151.48", "150.2", "148", "145", "142", "140", "138",
        ],
    ),
];

/// Set the synthetic years' exchange rates and expert-day rates that are not set yet
/// (the demo's, or another run's, are left alone); how many were.
pub fn rates(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let caller = seed_caller();
    let mut created = 0;
    for (currency, units) in EXCHANGE_RATES {
        for (year, units) in YEARS.zip(units) {
            if rates::read_rate(conn, year, currency).is_err() {
                let input = ExchangeRateInput {
                    units_per_usd: units.into(),
                };
                rates::put_rate(conn, &caller, year, currency, &[0], input)?;
                created += 1;
            }
        }
    }
    for year in YEARS {
        if rates::read_day_rate(conn, year).is_err() {
            let input = ExpertDayRateInput {
                amount: format!("{}.00", 250 + 10 * (year - YEARS.start())),
                currency: rates::USD.into(),
            };
            rates::put_day_rate(conn, &caller, year, &[0], input)?;
            created += 1;
        }
    }
    Ok(created)
}

/// The country of each synthetic organisation (none for multilaterals).
pub type Countries = HashMap<Uuid, Option<&'static str>>;

/// About `units` dollars (and `cents`) in `currency`, with its digits.
fn amount(currency: &str, units: usize, cents: usize) -> String {
    match currency {
        "JPY" => format!("{}", units * 150),
        "ARS" => format!("{}.{cents:02}", units * 900),
        "EUR" => format!("{}.{cents:02}", units * 9 / 10),
        _ => format!("{units}.{cents:02}"),
    }
}

/// The currency a project's money is in: its budget's, else dollars.
fn currency_of(project: &Project) -> &str {
    project
        .budget
        .as_ref()
        .map_or("USD", |b| b.currency.as_str())
}

/// Two activities of `project` inside its dates: an expert mission (or a virtual
/// meeting) in its first third and a course, internship or visit in its second half;
/// done once past (one in ten cancelled), else planned. Travel is paid by the first
/// participant in dollars, local costs by the last one in the project's currency.
pub fn activities(
    dice: &mut Dice,
    project: &Project,
    countries: &Countries,
    today: NaiveDate,
) -> ActivitiesInput {
    let (first, last) = project.span();
    let days = (last - first).num_days().max(0) as u64;
    let provider = project.participants[0].organisation_id;
    let local = project.participants[project.participants.len() - 1].organisation_id;
    let provider_country = countries.get(&provider).copied().flatten();
    let recipient_country = project
        .recipient_countries
        .first()
        .map(|c| c.country_code.as_str());
    let kinds = [
        *dice.pick(&[
            ActivityKind::ExpertMission,
            ActivityKind::ExpertMission,
            ActivityKind::VirtualMeeting,
        ]),
        *dice.pick(&[
            ActivityKind::TrainingCourse,
            ActivityKind::Internship,
            ActivityKind::StudyVisit,
        ]),
    ];
    let activities = kinds
        .into_iter()
        .zip([(0, days / 3), (days / 2, days)])
        .map(|(kind, (from, to))| {
            let start = first + Days::new(from + dice.below((to - from).max(1) as usize) as u64);
            let end = (start + Days::new(2 + dice.below(10) as u64)).min(last);
            // Courses, internships and visits bring the partner's officials over.
            let (from_country, to_country) = match kind {
                ActivityKind::ExpertMission => (provider_country, recipient_country),
                ActivityKind::VirtualMeeting => (None, None),
                _ => (recipient_country, provider_country),
            };
            let status = if project.status == 5 {
                ActivityStatus::Cancelled
            } else if end >= today || project.status == 1 {
                ActivityStatus::Planned
            } else if dice.chance(10) {
                ActivityStatus::Cancelled
            } else {
                ActivityStatus::Done
            };
            let done = status == ActivityStatus::Done;
            let participants = 4 + dice.below(36) as u32;
            let travels = kind != ActivityKind::VirtualMeeting;
            let mut costs = Vec::new();
            let local_currency = currency_of(project);
            // A planned cost of `least` dollars and up to `spread` more.
            let mut cost = |dice: &mut Dice, category, payer, currency: &str, (least, spread)| {
                let units = least + dice.below(spread);
                let planned = amount(currency, units, dice.below(100));
                costs.push(ActivityCost {
                    category,
                    amount: planned,
                    currency: currency.to_owned(),
                    paying_organisation_id: payer,
                    stage: CostStage::Planned,
                });
                if done {
                    // What was spent: 80 % to 110 % of the plan.
                    let spent = units * (80 + dice.below(31)) / 100;
                    costs.push(ActivityCost {
                        category,
                        amount: amount(currency, spent.max(1), dice.below(100)),
                        currency: currency.to_owned(),
                        paying_organisation_id: payer,
                        stage: CostStage::Executed,
                    });
                }
            };
            if travels {
                cost(
                    dice,
                    CostCategory::AirTickets,
                    provider,
                    "USD",
                    (900, 2_000),
                );
                cost(dice, CostCategory::PerDiem, provider, "USD", (600, 3_000));
            }
            cost(
                dice,
                CostCategory::LocalCosts,
                local,
                local_currency,
                (300, 5_000),
            );
            Activity {
                kind,
                from_country: from_country.map(Into::into),
                to_country: to_country.map(Into::into),
                planned_start: start,
                planned_end: end,
                actual_start: done.then_some(start),
                actual_end: done.then_some(end),
                status,
                cancellation_reason: (status == ActivityStatus::Cancelled)
                    .then(|| super::es("Reprogramada por la contraparte")),
                participants_total: Some(participants),
                participants_women: Some(participants * (30 + dice.below(40) as u32) / 100),
                institutions: vec!["Ministerio de Agricultura".into()],
                expert_days: travels.then(|| 4 + dice.below(30) as u32),
                description: Some(super::es(format!(
                    "{} del proyecto {}",
                    kind.labels().1,
                    project.code
                ))),
                outcome: done.then(|| super::es("Actividad realizada según lo previsto")),
                costs,
            }
        })
        .collect();
    ActivitiesInput { activities }
}

/// What already happened of `project`'s money (nothing before its approval): the first
/// participant's commitment to the second, at approval; a disbursement at the start and
/// one half a year later, while they are past and within its dates; an expenditure of
/// the second participant one project in three.
pub fn transactions(dice: &mut Dice, project: &Project, today: NaiveDate) -> TransactionsInput {
    let mut transactions = Vec::new();
    let approved = project.approval_date.unwrap_or(project.planned_start);
    if approved > today {
        return TransactionsInput { transactions };
    }
    let currency = currency_of(project);
    let provider = project.participants[0].organisation_id;
    let receiver = project.participants[1].organisation_id;
    let units = 20_000 + dice.below(200_000);
    let mut push = |transaction_type, date, units, from: Uuid, to: Uuid, text: &str| {
        transactions.push(Transaction {
            transaction_type,
            date,
            value: amount(currency, units, 0),
            currency: currency.to_owned(),
            provider: Some(TransactionParty::organisation(from)),
            receiver: Some(TransactionParty::organisation(to)),
            description: Some(super::es(text)),
        });
    };
    push(
        TransactionType::OutgoingCommitment,
        approved,
        units,
        provider,
        receiver,
        "Compromiso de aporte",
    );
    let (start, end) = project.span();
    for (n, date) in [start, start + Days::new(182)].into_iter().enumerate() {
        if date <= today && date <= end {
            push(
                TransactionType::Disbursement,
                date,
                units * 2 / 5,
                provider,
                receiver,
                ["Primer desembolso", "Segundo desembolso"][n],
            );
        }
    }
    let spent = start + Days::new(30);
    if dice.chance(33) && spent <= today && spent <= end {
        push(
            TransactionType::Expenditure,
            spent,
            units / 5,
            receiver,
            provider,
            "Gastos de contraparte",
        );
    }
    TransactionsInput { transactions }
}
