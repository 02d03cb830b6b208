//! SEGIB's Ibero-American report on South-South cooperation: one row per initiative
//! active in the year, with SEGIB's dimensions and its burden sharing.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde_json::json;
use uuid::Uuid;

use super::{Countries, Read, minor_of, missing, read_page, text_in, usd};
use crate::db::DbConnection;
use crate::domain::execution::Execution;
use crate::domain::projects::{Instrument, Modality, ParticipantRole, Project};
use crate::domain::rates::RateTable;
use crate::error::ApiError;
use crate::exports::CellType::{Date, Integer, Number};
use crate::exports::Column;

/// SEGIB's columns, in order, with what each holds.
pub const SEGIB_COLUMNS: &[(Column, &str)] = &[
    (Column::typed("year", "/year", Integer), "the year reported"),
    (
        Column::text("project_id", "/project_id"),
        "the project's id",
    ),
    (Column::text("code", "/code"), "the project's code"),
    (
        Column::text("title", "/title"),
        "its title in its default language",
    ),
    (
        Column::text("modality", "/modality"),
        "`bilateral`, `triangular` or `regional` (SEGIB's modalities of South-South cooperation; multilateral projects are not reported)",
    ),
    (
        Column::text("type", "/type"),
        "`programme`, `project` or `action` (the project's `instrument`)",
    ),
    (
        Column::text("provider_countries", "/provider_countries"),
        "ISO 3166-1 alpha-2 codes of the countries of the organisations taking part as `provider`, joined with `;`",
    ),
    (
        Column::text("recipient_countries", "/recipient_countries"),
        "the project's recipient countries and the countries of organisations taking part as `recipient`",
    ),
    (
        Column::text("both_countries", "/both_countries"),
        "countries of organisations taking part as provider and recipient (`both`, bilateral)",
    ),
    (
        Column::text("first_provider_countries", "/first_provider_countries"),
        "countries of the first providers (triangular)",
    ),
    (
        Column::text("second_provider_countries", "/second_provider_countries"),
        "countries of the second providers (triangular)",
    ),
    (
        Column::text("sectors", "/sectors"),
        "DAC 5-digit sectors with their percentages, as `31166:60;32165:40`",
    ),
    (
        Column::text("sdg_goals", "/sdg_goals"),
        "SDG goals, as `2;13`",
    ),
    (
        Column::typed("approval_date", "/approval_date", Date),
        "date approved",
    ),
    (
        Column::typed("start_date", "/start_date", Date),
        "actual start, else planned start",
    ),
    (
        Column::typed("end_date", "/end_date", Date),
        "actual end, else planned end",
    ),
    (
        Column::typed("budget_amount", "/budget_amount", Number),
        "the project's budget, in its currency",
    ),
    (
        Column::text("budget_currency", "/budget_currency"),
        "its ISO 4217 code",
    ),
    (
        Column::typed("budget_usd", "/budget_usd", Number),
        "the budget in US dollars at the year's rate",
    ),
    (
        Column::text("budgeted_by_partner", "/budgeted_by_partner"),
        "burden sharing, budgeted: what each organisation pledged (`pledged` of the execution figures), as `organisation_id:country:amount:currency` joined with `;`",
    ),
    (
        Column::text("executed_by_partner", "/executed_by_partner"),
        "burden sharing, executed: what each organisation (or outside provider, by name) spent (`executed` of the execution figures: executed activity costs and expenditures), same form",
    ),
    (
        Column::typed("budgeted_usd", "/budgeted_usd", Number),
        "the pledges in US dollars at the year's rate (each currency's total converted)",
    ),
    (
        Column::typed("executed_usd", "/executed_usd", Number),
        "what was executed in US dollars at the year's rate (each currency's total converted)",
    ),
];

/// SEGIB's columns as the writers take them.
pub static SEGIB: LazyLock<Vec<Column>> =
    LazyLock::new(|| SEGIB_COLUMNS.iter().map(|(c, _)| *c).collect());

/// The SEGIB rows of a page of projects (the caller's list): one per project active in
/// `year` in a SEGIB modality.
pub fn segib_rows(
    conn: &mut DbConnection,
    rates: &RateTable,
    year: i32,
    items: Vec<String>,
) -> Result<Vec<String>, ApiError> {
    let (read, countries) = read_page(conn, items, year)?;
    let mut rows = Vec::with_capacity(read.len());
    for Read {
        project, figures, ..
    } in &read
    {
        if let Some(row) = segib_row(project, figures, &countries, rates, year)? {
            rows.push(row);
        }
    }
    Ok(rows)
}

/// A project's SEGIB row; `None` for a multilateral project, which SEGIB does not count.
fn segib_row(
    project: &Project,
    figures: &Execution,
    countries: &Countries,
    rates: &RateTable,
    year: i32,
) -> Result<Option<String>, ApiError> {
    let modality = match project.modality {
        Modality::BilateralSsc => "bilateral",
        Modality::Triangular => "triangular",
        Modality::RegionalSsc => "regional",
        Modality::Multilateral => return Ok(None),
    };
    let kind = match project.instrument {
        Instrument::Programme => "programme",
        Instrument::Project => "project",
        Instrument::Action => "action",
    };
    let roles = countries_by_role(project, countries);
    let joined = |role: &str| {
        roles
            .get(role)
            .map(|set| set.iter().cloned().collect::<Vec<_>>().join(";"))
            .unwrap_or_default()
    };
    let (budgeted, executed) = burden_sharing(figures, countries);
    let (budgeted_usd, executed_usd) = totals_in_usd(figures, rates, year)?;
    let budget_usd = match &project.budget {
        Some(budget) => Some(usd(rates
            .to_usd_micro(
                minor_of(&budget.amount, &budget.currency),
                &budget.currency,
                year,
            )
            .map_err(missing)?)),
        None => None,
    };
    let language = project.default_language.as_str();
    let row = json!({
        "year": year,
        "project_id": project.id,
        "code": project.code,
        "title": text_in(Some(&project.title), language),
        "modality": modality,
        "type": kind,
        "provider_countries": joined("provider"),
        "recipient_countries": joined("recipient"),
        "both_countries": joined("both"),
        "first_provider_countries": joined("first_provider"),
        "second_provider_countries": joined("second_provider"),
        "sectors": project.sectors.iter().map(|s| format!("{}:{}", s.code, s.percentage)).collect::<Vec<_>>().join(";"),
        "sdg_goals": project.sdg_goals.iter().map(i32::to_string).collect::<Vec<_>>().join(";"),
        "approval_date": project.approval_date,
        "start_date": project.actual_start.unwrap_or(project.planned_start),
        "end_date": project.actual_end.unwrap_or(project.planned_end),
        "budget_amount": project.budget.as_ref().map(|b| b.amount.clone()),
        "budget_currency": project.budget.as_ref().map(|b| b.currency.clone()),
        "budget_usd": budget_usd,
        "budgeted_by_partner": budgeted.join(";"),
        "executed_by_partner": executed.join(";"),
        "budgeted_usd": usd(budgeted_usd),
        "executed_usd": usd(executed_usd),
    });
    Ok(Some(row.to_string()))
}

/// The countries of a project by SEGIB role: its recipient countries, and the countries
/// of the organisations taking part in each role (implementing and funding ones have none).
fn countries_by_role(
    project: &Project,
    countries: &Countries,
) -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut roles: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for share in &project.recipient_countries {
        roles
            .entry("recipient")
            .or_default()
            .insert(share.country_code.clone());
    }
    for participant in &project.participants {
        let role = match participant.role {
            ParticipantRole::Provider => "provider",
            ParticipantRole::Recipient => "recipient",
            ParticipantRole::Both => "both",
            ParticipantRole::FirstProvider => "first_provider",
            ParticipantRole::SecondProvider => "second_provider",
            ParticipantRole::Implementing | ParticipantRole::Funding => continue,
        };
        let code = country_of(countries, &participant.organisation_id);
        if !code.is_empty() {
            roles.entry(role).or_default().insert(code);
        }
    }
    roles
}

fn country_of(countries: &Countries, id: &Uuid) -> String {
    countries.get(id).cloned().flatten().unwrap_or_default()
}

/// What each partner budgeted (pledged) and executed, as `id:country:amount:currency`
/// (an outside provider without an id by its name), leaving out zeros.
fn burden_sharing(figures: &Execution, countries: &Countries) -> (Vec<String>, Vec<String>) {
    let partner = |id: Option<Uuid>, name: Option<&String>| match id {
        Some(id) => format!("{id}:{}", country_of(countries, &id)),
        None => format!(
            "{}:",
            name.map_or(String::new(), |n| n.replace([':', ';'], " "))
        ),
    };
    let mut budgeted = Vec::new();
    let mut executed = Vec::new();
    for figures in &figures.organisations {
        let who = partner(figures.organisation_id, figures.name.as_ref());
        if minor_of(&figures.sums.pledged, &figures.currency) != 0 {
            budgeted.push(format!(
                "{who}:{}:{}",
                figures.sums.pledged, figures.currency
            ));
        }
        if minor_of(&figures.sums.executed, &figures.currency) != 0 {
            executed.push(format!(
                "{who}:{}:{}",
                figures.sums.executed, figures.currency
            ));
        }
    }
    (budgeted, executed)
}

/// What was pledged and what was executed, each currency's total converted at `year`'s
/// rate, in millionths of a US dollar.
fn totals_in_usd(
    figures: &Execution,
    rates: &RateTable,
    year: i32,
) -> Result<(i128, i128), ApiError> {
    let (mut budgeted_usd, mut executed_usd) = (0i128, 0i128);
    for currency in &figures.currencies {
        let code = &currency.currency;
        let pledged = minor_of(&currency.sums.pledged, code);
        let spent = minor_of(&currency.sums.executed, code);
        if pledged != 0 {
            budgeted_usd += rates.to_usd_micro(pledged, code, year).map_err(missing)?;
        }
        if spent != 0 {
            executed_usd += rates.to_usd_micro(spent, code, year).map_err(missing)?;
        }
    }
    Ok((budgeted_usd, executed_usd))
}
