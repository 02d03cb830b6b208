//! The yearly reports a directorate owes: SEGIB's Ibero-American report on South-South
//! cooperation (`segib`: one row per initiative active in the year) and the OECD's TOSSD
//! (`tossd`: one row per activity, recipient, modality and currency, Argentina reporting
//! as provider). Each page of the caller's project list (its scope: viewers read approved
//! versions) is made into rows in the page's read, with the execution figures of each
//! project (`domain::execution::compute`, the figures `GET /projects/{id}/execution`
//! answers), so the reports and the figures count the same money. Amounts are converted
//! to US dollars at the report year's rate (`RateTable`); a rate the table lacks is a 422
//! naming the currency and year, never a guess.
//!
//! The TOSSD codes come from the OECD's lists: `tossd_recipients.csv` is the recipient
//! list with each country's ISO 3166-1 alpha-2 code (regions have none).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::activities::{
    ActivityKind, ActivityStatus, CostCategory, CostStage, ProjectActivities,
};
use crate::domain::decimal::{divide_rounded, format_signed, parse_scaled};
use crate::domain::execution::{self, Execution};
use crate::domain::money::parse_amount;
use crate::domain::project_parts;
use crate::domain::projects::{Instrument, Modality, ParticipantRole, Project};
use crate::domain::rates::{MissingRate, RateTable, YEARS};
use crate::domain::transactions::ProjectTransactions;
use crate::error::ApiError;
use crate::exports::CellType::{Date, Integer, Number};
use crate::exports::{Column, ExportFormat};

/// Argentina's code as a TOSSD provider (provider-ssc.csv).
pub const TOSSD_PROVIDER: &str = "425";
/// The country whose organisations' costs Argentina reports.
pub const PROVIDER_COUNTRY: &str = "AR";
/// TOSSD's recipient "Developing countries, unspecified".
const UNSPECIFIED_RECIPIENT: &str = "998";

/// A report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// RFC 4180 CSV, UTF-8, CRLF line ends, a header row of the documented columns.
    #[default]
    Csv,
    /// An Excel workbook of one sheet: the CSV's columns, typed.
    Xlsx,
}

impl From<ReportFormat> for ExportFormat {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Csv => ExportFormat::Csv,
            ReportFormat::Xlsx => ExportFormat::Xlsx,
        }
    }
}

/// The year and format of a report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The year reported (1950 to 2100): its projects, activities and exchange rates.
    #[param(required = true, minimum = 1950, maximum = 2100, example = 2025)]
    pub year: Option<i32>,
    /// The file format (default `csv`).
    pub format: Option<ReportFormat>,
}

impl ReportQuery {
    /// The year (400 when missing or outside 1950–2100) and the format.
    pub fn checked(&self) -> Result<(i32, ExportFormat), ApiError> {
        let year = self
            .year
            .ok_or_else(|| ApiError::bad_parameter("year", crate::msg!("report-year-required")))?;
        if !YEARS.contains(&year) {
            return Err(ApiError::bad_parameter(
                "year",
                crate::msg!(
                    "year-outside",
                    year = year.to_string(),
                    first = YEARS.start().to_string(),
                    last = YEARS.end().to_string()
                ),
            ));
        }
        Ok((year, self.format.unwrap_or_default().into()))
    }
}

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

/// TOSSD's columns (its published names first, then the service's own), with what each
/// holds.
pub const TOSSD_COLUMNS: &[(Column, &str)] = &[
    (Column::typed("Year", "/Year", Integer), "the year reported"),
    (
        Column::text("provider", "/provider"),
        "`425`, Argentina as an SSC provider",
    ),
    (
        Column::text("tossdid", "/tossdid"),
        "the activity's identifier: the project's code and the activity's position in its activities, as `AR-BO-2024-001-A1`",
    ),
    (
        Column::text("ProjectNumber", "/ProjectNumber"),
        "the project's code",
    ),
    (
        Column::text("recipientcode", "/recipientcode"),
        "TOSSD recipient code: the activity's `to_country` when it has one, else each of the project's recipient countries and regions (amounts split by their percentages); `998` (developing countries, unspecified) for a country or region the TOSSD list lacks",
    ),
    (
        Column::text("ChannelCode", "/ChannelCode"),
        "empty: the service does not record the channel of delivery",
    ),
    (
        Column::text("otherPartners", "/otherPartners"),
        "triangular: the countries of the other providers (first and second providers, not Argentina), joined with `;`",
    ),
    (
        Column::text("Financeinstrument", "/Financeinstrument"),
        "`110`, standard grant",
    ),
    (
        Column::text("FrameworkOfCollaboration", "/FrameworkOfCollaboration"),
        "`FC01` South-South (bilateral and regional), `FC02` triangular, `FC03` multilateral",
    ),
    (
        Column::text("modality", "/modality"),
        "`D021` training for the costs and expert days of training courses, internships and study visits; otherwise `D012` experts' travel for air tickets and per diem, `D013` services and materials for local costs, materials and other costs, `D011` experts' costs for expert days (in kind)",
    ),
    (
        Column::text("ProjectTitle", "/ProjectTitle"),
        "the project's title in its default language",
    ),
    (
        Column::text("ProjectDescription", "/ProjectDescription"),
        "the activity's description in the project's default language, else its kind",
    ),
    (
        Column::text("sdgcode", "/sdgcode"),
        "the project's SDG goals, joined with `;`",
    ),
    (
        Column::text("purposecode", "/purposecode"),
        "the project's DAC 5-digit sector with the largest share",
    ),
    (
        Column::text("TossdPillar", "/TossdPillar"),
        "`I`: cross-border flows to the recipient",
    ),
    (
        Column::typed("USD_Commitment", "/USD_Commitment", Number),
        "thousands of US dollars at the year's rate: planned costs paid by Argentine organisations; in kind, the expert days of the activity (not cancelled) times the year's expert-day rate",
    ),
    (
        Column::typed("USD_disbursements", "/USD_disbursements", Number),
        "thousands of US dollars at the year's rate: executed costs paid by Argentine organisations (done activities); in kind, the expert days of a done activity times the year's expert-day rate",
    ),
    (
        Column::text("project_id", "/project_id"),
        "the project's id (the service's own column)",
    ),
    (
        Column::text("activity_kind", "/activity_kind"),
        "the activity's kind",
    ),
    (
        Column::text("in_kind", "/in_kind"),
        "`true` for expert days valued at the year's expert-day rate, `false` for costs",
    ),
    (
        Column::typed("expert_days", "/expert_days", Integer),
        "in kind: the expert days committed (the commitment's days; empty for costs)",
    ),
    (
        Column::text("currency", "/currency"),
        "costs: the currency they were paid in (empty in kind)",
    ),
    (
        Column::typed("commitment", "/commitment", Number),
        "costs: `USD_Commitment` in that currency, before conversion",
    ),
    (
        Column::typed("disbursement", "/disbursement", Number),
        "costs: `USD_disbursements` in that currency, before conversion",
    ),
];

/// SEGIB's columns as the writers take them.
pub static SEGIB: LazyLock<Vec<Column>> =
    LazyLock::new(|| SEGIB_COLUMNS.iter().map(|(c, _)| *c).collect());
/// TOSSD's columns as the writers take them.
pub static TOSSD: LazyLock<Vec<Column>> =
    LazyLock::new(|| TOSSD_COLUMNS.iter().map(|(c, _)| *c).collect());

/// The columns of a report, as its OpenAPI description lists them.
pub fn describe(columns: &[(Column, &str)]) -> String {
    columns
        .iter()
        .map(|(column, meaning)| format!("- `{}`: {meaning}", column.name))
        .collect::<Vec<_>>()
        .join("\n")
}

/// TOSSD recipient codes by ISO 3166-1 alpha-2 country, and the region codes it lists.
struct Recipients {
    by_country: HashMap<String, String>,
    codes: BTreeSet<String>,
}

static RECIPIENTS: LazyLock<Recipients> = LazyLock::new(|| {
    let mut reader = csv::Reader::from_reader(include_str!("tossd_recipients.csv").as_bytes());
    let mut by_country = HashMap::new();
    let mut codes = BTreeSet::new();
    for record in reader.records().flatten() {
        let (code, country) = (record[0].to_owned(), record[1].to_owned());
        if !country.is_empty() {
            by_country.insert(country, code.clone());
        }
        codes.insert(code);
    }
    Recipients { by_country, codes }
});

/// The TOSSD recipient code of a country (ISO alpha-2).
pub fn recipient_of_country(country: &str) -> &'static str {
    RECIPIENTS
        .by_country
        .get(country)
        .map_or(UNSPECIFIED_RECIPIENT, String::as_str)
}

/// The TOSSD recipient code of a region (IATI/DAC region code).
fn recipient_of_region(region: &str) -> &'static str {
    RECIPIENTS
        .codes
        .get(region)
        .map_or(UNSPECIFIED_RECIPIENT, String::as_str)
}

/// Whether a project is active in `year`: it starts (actual, else planned) before the
/// year ends and ends (actual, else planned) after it begins.
pub fn active_in(project: &Project, year: i32) -> bool {
    let start = project.actual_start.unwrap_or(project.planned_start);
    let end = project.actual_end.unwrap_or(project.planned_end);
    let (first, last) = year_bounds(year);
    start <= last && end >= first
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    )
}

fn text_in(texts: Option<&BTreeMap<String, String>>, language: &str) -> String {
    texts
        .and_then(|t| t.get(language).or_else(|| t.values().next()))
        .cloned()
        .unwrap_or_default()
}

/// A project as a report reads it: the version the caller reads, its parts and figures.
struct Read {
    project: Project,
    activities: Option<ProjectActivities>,
    figures: Execution,
}

/// The country (ISO 3166-1 alpha-2) of each organisation, if it has one.
type Countries = HashMap<Uuid, Option<String>>;

/// The projects of a page active in `year`, with their parts and execution figures, and
/// the countries of the organisations they name.
fn read_page(
    conn: &mut DbConnection,
    items: Vec<String>,
    year: i32,
) -> Result<(Vec<Read>, Countries), ApiError> {
    let mut projects = Vec::new();
    for item in items {
        let project: Project = serde_json::from_str(&item).map_err(ApiError::internal)?;
        if active_in(&project, year) {
            projects.push(project);
        }
    }
    // The page's parts in a statement each, not two per project.
    let ids: Vec<Uuid> = projects.iter().map(|p| p.id).collect();
    let mut all_activities = project_parts::saved_many::<ProjectActivities>(conn, &ids)?;
    let mut all_transactions = project_parts::saved_many::<ProjectTransactions>(conn, &ids)?;
    let mut read = Vec::with_capacity(projects.len());
    for project in projects {
        let activities = all_activities.remove(&project.id);
        let transactions = all_transactions.remove(&project.id);
        let figures = execution::compute(
            project.id,
            &project,
            activities.as_ref(),
            transactions.as_ref(),
        );
        read.push(Read {
            project,
            activities,
            figures,
        });
    }
    let ids = read.iter().flat_map(|r| {
        r.project
            .participants
            .iter()
            .map(|p| p.organisation_id)
            .chain(r.project.contributions.iter().map(|c| c.organisation_id))
            .chain(
                r.figures
                    .organisations
                    .iter()
                    .filter_map(|o| o.organisation_id),
            )
            .chain(
                r.activities
                    .iter()
                    .flat_map(|a| &a.activities)
                    .flat_map(|a| &a.costs)
                    .map(|c| c.paying_organisation_id),
            )
            .collect::<Vec<_>>()
    });
    let countries =
        crate::store::organisations::profiles(conn, ids.collect::<Vec<_>>().into_iter())?
            .into_iter()
            .map(|(id, profile)| (id, profile.country_code))
            .collect();
    Ok((read, countries))
}

/// Millionths of a US dollar as dollars with cents.
fn usd(micro: i128) -> String {
    format_signed(divide_rounded(micro, 10_000), 2, false)
}

/// Millionths of a US dollar as thousands of dollars (to the cent: 5 decimals).
fn thousands_usd(micro: i128) -> String {
    format_signed(divide_rounded(micro, 10_000), 5, false)
}

fn minor_of(amount: &str, currency: &str) -> i128 {
    i128::from(parse_amount(amount, currency).unwrap_or(0))
}

fn missing(error: MissingRate) -> ApiError {
    error.into_error()
}

/// The SEGIB rows of a page of projects (the caller's list): one per project active in
/// `year` in a SEGIB modality.
pub fn segib_rows(
    conn: &mut DbConnection,
    rates: &RateTable,
    year: i32,
    items: Vec<String>,
) -> Result<Vec<String>, ApiError> {
    let (read, countries) = read_page(conn, items, year)?;
    let country = |id: &Uuid| countries.get(id).cloned().flatten().unwrap_or_default();
    let mut rows = Vec::with_capacity(read.len());
    for Read {
        project, figures, ..
    } in &read
    {
        let modality = match project.modality {
            Modality::BilateralSsc => "bilateral",
            Modality::Triangular => "triangular",
            Modality::RegionalSsc => "regional",
            Modality::Multilateral => continue,
        };
        let kind = match project.instrument {
            Instrument::Programme => "programme",
            Instrument::Project => "project",
            Instrument::Action => "action",
        };
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
            let code = country(&participant.organisation_id);
            if !code.is_empty() {
                roles.entry(role).or_default().insert(code);
            }
        }
        let joined = |role: &str| {
            roles
                .get(role)
                .map(|set| set.iter().cloned().collect::<Vec<_>>().join(";"))
                .unwrap_or_default()
        };
        let partner = |id: Option<Uuid>, name: Option<&String>| match id {
            Some(id) => format!("{id}:{}", country(&id)),
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
        rows.push(row.to_string());
    }
    Ok(rows)
}

/// The TOSSD modality of a cost or of expert days (`None`) of an activity of `kind`.
pub fn tossd_modality(kind: ActivityKind, category: Option<CostCategory>) -> &'static str {
    match (kind, category) {
        (ActivityKind::TrainingCourse | ActivityKind::Internship | ActivityKind::StudyVisit, _) => {
            "D021"
        }
        (_, None) => "D011",
        (_, Some(CostCategory::AirTickets | CostCategory::PerDiem)) => "D012",
        (_, Some(CostCategory::LocalCosts | CostCategory::Materials | CostCategory::Other)) => {
            "D013"
        }
    }
}

/// The year an activity counts in: its actual start, else its planned start.
fn activity_year(activity: &crate::domain::activities::Activity) -> i32 {
    use chrono::Datelike;
    activity
        .actual_start
        .unwrap_or(activity.planned_start)
        .year()
}

/// Split `amount` by `shares` (hundredths of a percent, summing to 10,000): each rounded,
/// the last taking what is left, so the parts add up to the whole.
fn split(amount: i128, shares: &[i128]) -> Vec<i128> {
    let total: i128 = shares.iter().sum::<i128>().max(1);
    let mut left = amount;
    let mut parts = Vec::with_capacity(shares.len());
    for (i, share) in shares.iter().enumerate() {
        if i + 1 == shares.len() {
            parts.push(left);
        } else {
            let part = divide_rounded(amount * share, total);
            left -= part;
            parts.push(part);
        }
    }
    parts
}

/// What a TOSSD row adds up, in minor units of its currency (or days, in kind).
#[derive(Default, Clone, Copy)]
struct Amounts {
    commitment: i128,
    disbursement: i128,
}

/// The TOSSD rows of a page of projects (the caller's list): for each project active in
/// `year`, each activity of the year (not cancelled), its costs paid by Argentine
/// organisations by modality and currency and its expert days in kind, split among its
/// recipients.
pub fn tossd_rows(
    conn: &mut DbConnection,
    rates: &RateTable,
    year: i32,
    items: Vec<String>,
) -> Result<Vec<String>, ApiError> {
    let (read, countries) = read_page(conn, items, year)?;
    let country = |id: &Uuid| countries.get(id).cloned().flatten().unwrap_or_default();
    let mut rows = Vec::new();
    for Read {
        project,
        activities,
        ..
    } in &read
    {
        let framework = match project.modality {
            Modality::BilateralSsc | Modality::RegionalSsc => "FC01",
            Modality::Triangular => "FC02",
            Modality::Multilateral => "FC03",
        };
        let other_partners = if project.modality == Modality::Triangular {
            project
                .participants
                .iter()
                .filter(|p| {
                    matches!(
                        p.role,
                        ParticipantRole::FirstProvider | ParticipantRole::SecondProvider
                    )
                })
                .map(|p| country(&p.organisation_id))
                .filter(|c| !c.is_empty() && c != PROVIDER_COUNTRY)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
                .join(";")
        } else {
            String::new()
        };
        let purpose = project
            .sectors
            .iter()
            .rev()
            .max_by_key(|s| parse_scaled(&s.percentage, 2).unwrap_or(0))
            .map(|s| s.code.clone())
            .unwrap_or_default();
        let language = project.default_language.as_str();
        let title = text_in(Some(&project.title), language);
        let sdgs = project
            .sdg_goals
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(";");
        // The project's recipients and their shares (hundredths of a percent).
        let mut project_recipients: Vec<(&'static str, i128)> = Vec::new();
        for share in &project.recipient_countries {
            let percent = i128::from(parse_scaled(&share.percentage, 2).unwrap_or(0));
            project_recipients.push((recipient_of_country(&share.country_code), percent));
        }
        for share in &project.recipient_regions {
            let percent = i128::from(parse_scaled(&share.percentage, 2).unwrap_or(0));
            project_recipients.push((recipient_of_region(&share.region_code), percent));
        }
        if project_recipients.is_empty() {
            project_recipients.push((UNSPECIFIED_RECIPIENT, 10_000));
        }
        for (position, activity) in activities.iter().flat_map(|a| &a.activities).enumerate() {
            if activity.status == ActivityStatus::Cancelled || activity_year(activity) != year {
                continue;
            }
            let recipients: Vec<(&'static str, i128)> = match &activity.to_country {
                Some(to) if to != PROVIDER_COUNTRY => vec![(recipient_of_country(to), 10_000)],
                _ => project_recipients.clone(),
            };
            let shares: Vec<i128> = recipients.iter().map(|r| r.1).collect();
            // Costs paid by Argentine organisations, by modality and currency.
            let mut costs: BTreeMap<(&'static str, String), Amounts> = BTreeMap::new();
            for cost in &activity.costs {
                if country(&cost.paying_organisation_id) != PROVIDER_COUNTRY {
                    continue;
                }
                let entry = costs
                    .entry((
                        tossd_modality(activity.kind, Some(cost.category)),
                        cost.currency.clone(),
                    ))
                    .or_default();
                let minor = minor_of(&cost.amount, &cost.currency);
                match cost.stage {
                    CostStage::Planned => entry.commitment += minor,
                    CostStage::Executed => entry.disbursement += minor,
                }
            }
            let tossdid = format!("{}-A{}", project.code, position + 1);
            let description = activity
                .description
                .as_ref()
                .map(|d| text_in(Some(d), language))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| activity.kind.as_str().to_owned());
            let base = |recipient: &str, modality: &str| {
                let mut row = Map::new();
                row.insert("Year".into(), json!(year));
                row.insert("provider".into(), json!(TOSSD_PROVIDER));
                row.insert("tossdid".into(), json!(tossdid));
                row.insert("ProjectNumber".into(), json!(project.code));
                row.insert("recipientcode".into(), json!(recipient));
                row.insert("ChannelCode".into(), Value::Null);
                row.insert("otherPartners".into(), json!(other_partners));
                row.insert("Financeinstrument".into(), json!("110"));
                row.insert("FrameworkOfCollaboration".into(), json!(framework));
                row.insert("modality".into(), json!(modality));
                row.insert("ProjectTitle".into(), json!(title));
                row.insert("ProjectDescription".into(), json!(description));
                row.insert("sdgcode".into(), json!(sdgs));
                row.insert("purposecode".into(), json!(purpose));
                row.insert("TossdPillar".into(), json!("I"));
                row.insert("project_id".into(), json!(project.id));
                row.insert("activity_kind".into(), json!(activity.kind.as_str()));
                row
            };
            for ((modality, currency), amounts) in &costs {
                if amounts.commitment == 0 && amounts.disbursement == 0 {
                    continue;
                }
                let commitments = split(amounts.commitment, &shares);
                let disbursements = split(amounts.disbursement, &shares);
                for (i, (recipient, _)) in recipients.iter().enumerate() {
                    let (commitment, disbursement) = (commitments[i], disbursements[i]);
                    let mut row = base(recipient, modality);
                    let to_usd =
                        |minor: i128| rates.to_usd_micro(minor, currency, year).map_err(missing);
                    row.insert(
                        "USD_Commitment".into(),
                        json!(thousands_usd(to_usd(commitment)?)),
                    );
                    row.insert(
                        "USD_disbursements".into(),
                        json!(thousands_usd(to_usd(disbursement)?)),
                    );
                    row.insert("in_kind".into(), json!("false"));
                    row.insert("expert_days".into(), Value::Null);
                    row.insert("currency".into(), json!(currency));
                    row.insert(
                        "commitment".into(),
                        json!(crate::domain::money::format_minor(commitment, currency)),
                    );
                    row.insert(
                        "disbursement".into(),
                        json!(crate::domain::money::format_minor(disbursement, currency)),
                    );
                    rows.push(Value::Object(row).to_string());
                }
            }
            // Expert days, in kind: Argentine experts' (an activity from Argentina, or
            // from nowhere recorded).
            let days = i128::from(activity.expert_days.unwrap_or(0));
            let from_provider = activity
                .from_country
                .as_deref()
                .is_none_or(|c| c == PROVIDER_COUNTRY);
            if days > 0 && from_provider {
                let done = activity.status == ActivityStatus::Done;
                let value = rates.expert_days_usd_micro(1, year).map_err(missing)?;
                let modality = tossd_modality(activity.kind, None);
                let day_parts = split(days, &shares);
                for (i, (recipient, _)) in recipients.iter().enumerate() {
                    let micro = value * day_parts[i];
                    let mut row = base(recipient, modality);
                    row.insert("USD_Commitment".into(), json!(thousands_usd(micro)));
                    row.insert(
                        "USD_disbursements".into(),
                        json!(thousands_usd(if done { micro } else { 0 })),
                    );
                    row.insert("in_kind".into(), json!("true"));
                    row.insert("expert_days".into(), json!(day_parts[i]));
                    row.insert("currency".into(), Value::Null);
                    row.insert("commitment".into(), Value::Null);
                    row.insert("disbursement".into(), Value::Null);
                    rows.push(Value::Object(row).to_string());
                }
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_add_up_to_the_whole() {
        assert_eq!(split(100, &[3333, 3333, 3334]), vec![33, 33, 34]);
        assert_eq!(split(7, &[10_000]), vec![7]);
        assert_eq!(split(0, &[5000, 5000]), vec![0, 0]);
    }

    #[test]
    fn recipients_and_modalities_follow_the_tossd_lists() {
        assert_eq!(recipient_of_country("BO"), "428");
        assert_eq!(recipient_of_country("VN"), "769");
        assert_eq!(recipient_of_country("FR"), "998");
        assert_eq!(recipient_of_region("489"), "489");
        assert_eq!(
            tossd_modality(ActivityKind::ExpertMission, Some(CostCategory::AirTickets)),
            "D012"
        );
        assert_eq!(
            tossd_modality(ActivityKind::ExpertMission, Some(CostCategory::Materials)),
            "D013"
        );
        assert_eq!(tossd_modality(ActivityKind::ExpertMission, None), "D011");
        assert_eq!(
            tossd_modality(ActivityKind::TrainingCourse, Some(CostCategory::PerDiem)),
            "D021"
        );
        assert_eq!(SEGIB.len(), SEGIB_COLUMNS.len());
        assert_eq!(TOSSD[0].name, "Year");
    }
}
