//! The rules of a project's activities: dates inside the project's, what only a done
//! activity has, who may pay, participants and amounts.

use std::collections::HashSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::codelists;
use crate::domain::decimal::parse_scaled;
use crate::domain::documents::check_localised;
use crate::domain::money::currency_scale;
use crate::msg;
use crate::validation::Violations;

/// Every rule of activities in `language` whose dates must lie from `earliest` to
/// `latest` and whose costs are paid by `payers` (the project's participants and
/// contributors), each violation at its pointer; trims what passes.
pub fn check_within(
    input: &mut ActivitiesInput,
    language: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
    payers: &HashSet<Uuid>,
) -> Violations {
    let mut v = Violations::of(input);
    for (a, activity) in input.activities.iter_mut().enumerate() {
        let at = format!("/activities/{a}");
        check_activity(&mut v, &at, activity, language, (earliest, latest), payers);
    }
    v
}

fn check_activity(
    v: &mut Violations,
    at: &str,
    activity: &mut Activity,
    language: &str,
    span: (NaiveDate, NaiveDate),
    payers: &HashSet<Uuid>,
) {
    check_countries(v, at, activity);
    check_dates(v, at, activity, span);
    check_texts(v, at, activity, language);
    check_participants(v, at, activity);
    let done = activity.status == ActivityStatus::Done;
    for (c, cost) in activity.costs.iter().enumerate() {
        check_cost(v, &format!("{at}/costs/{c}"), cost, payers, done);
    }
}

/// Countries are codes of the country codelist.
fn check_countries(v: &mut Violations, at: &str, activity: &Activity) {
    for (field, country) in [
        ("from_country", &activity.from_country),
        ("to_country", &activity.to_country),
    ] {
        if let Some(country) = country {
            v.code(
                format!("{at}/{field}"),
                codelists::countries(),
                country,
                "country code",
            );
        }
    }
}

/// Dates in order and inside the project's; actual dates when, and only when, it is done.
fn check_dates(
    v: &mut Violations,
    at: &str,
    activity: &Activity,
    (earliest, latest): (NaiveDate, NaiveDate),
) {
    let inside = |date: NaiveDate| date >= earliest && date <= latest;
    let outside = msg!(
        "activity-outside-project-dates",
        earliest = earliest.to_string(),
        latest = latest.to_string()
    );
    if activity.planned_end < activity.planned_start {
        v.add(
            format!("{at}/planned_end"),
            msg!("date-on-or-after", start = "planned_start"),
        );
    }
    for (field, date) in [
        ("planned_start", Some(activity.planned_start)),
        ("planned_end", Some(activity.planned_end)),
        ("actual_start", activity.actual_start),
        ("actual_end", activity.actual_end),
    ] {
        if let Some(date) = date
            && !inside(date)
        {
            v.add(format!("{at}/{field}"), outside.clone());
        }
    }
    let done = activity.status == ActivityStatus::Done;
    if done {
        for (field, date) in [
            ("actual_start", activity.actual_start),
            ("actual_end", activity.actual_end),
        ] {
            if date.is_none() {
                v.add(format!("{at}/{field}"), msg!("activity-done-needs-date"));
            }
        }
        if let (Some(start), Some(end)) = (activity.actual_start, activity.actual_end)
            && end < start
        {
            v.add(
                format!("{at}/actual_end"),
                msg!("date-on-or-after", start = "actual_start"),
            );
        }
    } else {
        for (field, date) in [
            ("actual_start", activity.actual_start),
            ("actual_end", activity.actual_end),
        ] {
            if date.is_some() {
                v.add(
                    format!("{at}/{field}"),
                    msg!("activity-actual-dates-when-done"),
                );
            }
        }
    }
}

/// A cancellation reason when, and only when, it is cancelled; texts in the project's
/// language and within their length (trimmed).
fn check_texts(v: &mut Violations, at: &str, activity: &mut Activity, language: &str) {
    let cancelled = activity.status == ActivityStatus::Cancelled;
    match (&mut activity.cancellation_reason, cancelled) {
        (None, true) => v.add(
            format!("{at}/cancellation_reason"),
            msg!("activity-cancelled-needs-reason"),
        ),
        (Some(_), false) => v.add(
            format!("{at}/cancellation_reason"),
            msg!("activity-reason-when-cancelled"),
        ),
        (Some(reason), true) => check_localised(
            v,
            &format!("{at}/cancellation_reason"),
            reason,
            language,
            MAX_TEXT_CHARS,
        ),
        (None, false) => {}
    }
    for (field, text) in [
        ("description", activity.description.as_mut()),
        ("outcome", activity.outcome.as_mut()),
    ] {
        if let Some(text) = text {
            check_localised(v, &format!("{at}/{field}"), text, language, MAX_TEXT_CHARS);
        }
    }
}

/// Participant counts that add up, and named institutions (trimmed).
fn check_participants(v: &mut Violations, at: &str, activity: &mut Activity) {
    if let (Some(total), Some(women)) = (activity.participants_total, activity.participants_women)
        && women > total
    {
        v.add(
            format!("{at}/participants_women"),
            msg!("participants-women-above-total", total = total),
        );
    }
    if activity.participants_women.is_some() && activity.participants_total.is_none() {
        v.add(
            format!("{at}/participants_total"),
            msg!("participants-total-needed"),
        );
    }
    for (i, name) in activity.institutions.iter_mut().enumerate() {
        *name = name.trim().to_owned();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_INSTITUTION_CHARS {
            v.add(
                format!("{at}/institutions/{i}"),
                msg!("text-length", min = 1, max = MAX_INSTITUTION_CHARS),
            );
        }
    }
}

/// A cost's amount in its currency's digits, paid by one of `payers`, executed only when
/// its activity is `done`.
fn check_cost(
    v: &mut Violations,
    at: &str,
    cost: &ActivityCost,
    payers: &HashSet<Uuid>,
    done: bool,
) {
    match currency_scale(&cost.currency) {
        Err(message) => v.add(format!("{at}/currency"), message),
        Ok(scale) => {
            if let Err(message) = parse_scaled(&cost.amount, scale) {
                v.add(format!("{at}/amount"), message);
            }
        }
    }
    if !payers.contains(&cost.paying_organisation_id) {
        v.add(
            format!("{at}/paying_organisation_id"),
            msg!(
                "cost-payer-outside-project",
                organisation = cost.paying_organisation_id.to_string()
            ),
        );
    }
    if cost.stage == CostStage::Executed && !done {
        v.add(format!("{at}/stage"), msg!("cost-executed-when-done"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity() -> Activity {
        serde_json::from_value(serde_json::json!({
            "kind": "training_course", "planned_start": "2025-05-01", "planned_end": "2025-05-03",
            "status": "planned", "participants_total": 3, "participants_women": 4,
            "costs": [{"category": "per_diem", "amount": "10.001", "currency": "USD",
                       "paying_organisation_id": Uuid::nil(), "stage": "executed"}]
        }))
        .unwrap()
    }

    #[test]
    fn every_violation_at_its_pointer() {
        let mut input = ActivitiesInput {
            activities: vec![activity()],
        };
        let span = (
            NaiveDate::from_ymd_opt(2025, 5, 2).unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        let errors = check_within(&mut input, "es", span, &HashSet::new()).into_errors();
        for pointer in [
            "/activities/0/planned_start",
            "/activities/0/participants_women",
            "/activities/0/costs/0/amount",
            "/activities/0/costs/0/paying_organisation_id",
            "/activities/0/costs/0/stage",
        ] {
            assert!(
                errors.iter().any(|e| e.pointer.as_deref() == Some(pointer)),
                "{pointer}"
            );
        }
    }
}
