//! The OECD's TOSSD, Argentina reporting as provider: one row per activity, recipient,
//! modality and currency, in TOSSD's published column names. The codes come from the
//! OECD's lists: `tossd_recipients.csv` is the recipient list with each country's ISO
//! 3166-1 alpha-2 code (regions have none).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use serde_json::{Map, Value, json};

use super::{Countries, Read, minor_of, missing, read_page, text_in, thousands_usd};
use crate::db::DbConnection;
use crate::domain::activities::{Activity, ActivityKind, ActivityStatus, CostCategory, CostStage};
use crate::domain::decimal::{divide_rounded, parse_scaled};
use crate::domain::money::format_minor;
use crate::domain::projects::{Modality, ParticipantRole, Project};
use crate::domain::rates::RateTable;
use crate::error::ApiError;
use crate::exports::CellType::{Integer, Number};
use crate::exports::Column;

/// Argentina's code as a TOSSD provider (provider-ssc.csv).
pub const TOSSD_PROVIDER: &str = "425";
/// The country whose organisations' costs Argentina reports.
pub const PROVIDER_COUNTRY: &str = "AR";
/// TOSSD's recipient "Developing countries, unspecified".
const UNSPECIFIED_RECIPIENT: &str = "998";

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

/// TOSSD's columns as the writers take them.
pub static TOSSD: LazyLock<Vec<Column>> =
    LazyLock::new(|| TOSSD_COLUMNS.iter().map(|(c, _)| *c).collect());

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
fn activity_year(activity: &Activity) -> i32 {
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

/// A TOSSD recipient code and its share (hundredths of a percent).
type Recipient = (&'static str, i128);

/// What every row of a project's activities repeats.
struct ProjectColumns<'a> {
    project: &'a Project,
    framework: &'static str,
    other_partners: String,
    purpose: String,
    title: String,
    sdgs: String,
    /// The project's recipients, for activities without a destination of their own.
    recipients: Vec<Recipient>,
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
    let mut rows = Vec::new();
    for Read {
        project,
        activities,
        ..
    } in &read
    {
        let columns = ProjectColumns::of(project, &countries);
        for (position, activity) in activities.iter().flat_map(|a| &a.activities).enumerate() {
            if activity.status == ActivityStatus::Cancelled || activity_year(activity) != year {
                continue;
            }
            let activity_rows = ActivityRows {
                columns: &columns,
                activity,
                tossdid: format!("{}-A{}", project.code, position + 1),
                description: activity
                    .description
                    .as_ref()
                    .map(|d| text_in(Some(d), project.default_language.as_str()))
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| activity.kind.as_str().to_owned()),
                recipients: match &activity.to_country {
                    Some(to) if to != PROVIDER_COUNTRY => vec![(recipient_of_country(to), 10_000)],
                    _ => columns.recipients.clone(),
                },
                rates,
                year,
            };
            activity_rows.costs(&countries, &mut rows)?;
            activity_rows.in_kind(&mut rows)?;
        }
    }
    Ok(rows)
}

impl<'a> ProjectColumns<'a> {
    fn of(project: &'a Project, countries: &Countries) -> Self {
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
                .filter_map(|p| countries.get(&p.organisation_id).cloned().flatten())
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
        let sdgs = project
            .sdg_goals
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(";");
        let percent = |p: &str| i128::from(parse_scaled(p, 2).unwrap_or(0));
        let mut recipients: Vec<Recipient> = project
            .recipient_countries
            .iter()
            .map(|s| {
                (
                    recipient_of_country(&s.country_code),
                    percent(&s.percentage),
                )
            })
            .chain(
                project
                    .recipient_regions
                    .iter()
                    .map(|s| (recipient_of_region(&s.region_code), percent(&s.percentage))),
            )
            .collect();
        if recipients.is_empty() {
            recipients.push((UNSPECIFIED_RECIPIENT, 10_000));
        }
        ProjectColumns {
            project,
            framework,
            other_partners,
            purpose,
            title: text_in(Some(&project.title), project.default_language.as_str()),
            sdgs,
            recipients,
        }
    }
}

/// The rows of one activity: its costs and its expert days, each split among its
/// recipients.
struct ActivityRows<'a> {
    columns: &'a ProjectColumns<'a>,
    activity: &'a Activity,
    tossdid: String,
    /// Its description in the project's default language, else its kind.
    description: String,
    recipients: Vec<Recipient>,
    rates: &'a RateTable,
    year: i32,
}

impl ActivityRows<'_> {
    fn shares(&self) -> Vec<i128> {
        self.recipients.iter().map(|r| r.1).collect()
    }

    /// The columns every row of the activity has, for one recipient and modality.
    fn base(&self, recipient: &str, modality: &str) -> Map<String, Value> {
        let (columns, project, activity) = (self.columns, self.columns.project, self.activity);
        let mut row = Map::new();
        row.insert("Year".into(), json!(self.year));
        row.insert("provider".into(), json!(TOSSD_PROVIDER));
        row.insert("tossdid".into(), json!(self.tossdid));
        row.insert("ProjectNumber".into(), json!(project.code));
        row.insert("recipientcode".into(), json!(recipient));
        row.insert("ChannelCode".into(), Value::Null);
        row.insert("otherPartners".into(), json!(columns.other_partners));
        row.insert("Financeinstrument".into(), json!("110"));
        row.insert("FrameworkOfCollaboration".into(), json!(columns.framework));
        row.insert("modality".into(), json!(modality));
        row.insert("ProjectTitle".into(), json!(columns.title));
        row.insert("ProjectDescription".into(), json!(self.description));
        row.insert("sdgcode".into(), json!(columns.sdgs));
        row.insert("purposecode".into(), json!(columns.purpose));
        row.insert("TossdPillar".into(), json!("I"));
        row.insert("project_id".into(), json!(project.id));
        row.insert("activity_kind".into(), json!(activity.kind.as_str()));
        row
    }

    /// Cash rows: the costs paid by Argentine organisations, by modality and currency
    /// (commitment: planned costs; disbursement: executed ones).
    fn costs(&self, countries: &Countries, rows: &mut Vec<String>) -> Result<(), ApiError> {
        let mut costs: BTreeMap<(&'static str, String), Amounts> = BTreeMap::new();
        for cost in &self.activity.costs {
            let payer_country = countries
                .get(&cost.paying_organisation_id)
                .cloned()
                .flatten();
            if payer_country.as_deref() != Some(PROVIDER_COUNTRY) {
                continue;
            }
            let entry = costs
                .entry((
                    tossd_modality(self.activity.kind, Some(cost.category)),
                    cost.currency.clone(),
                ))
                .or_default();
            let minor = minor_of(&cost.amount, &cost.currency);
            match cost.stage {
                CostStage::Planned => entry.commitment += minor,
                CostStage::Executed => entry.disbursement += minor,
            }
        }
        let shares = self.shares();
        for ((modality, currency), amounts) in &costs {
            if amounts.commitment == 0 && amounts.disbursement == 0 {
                continue;
            }
            let commitments = split(amounts.commitment, &shares);
            let disbursements = split(amounts.disbursement, &shares);
            let to_usd = |minor: i128| {
                self.rates
                    .to_usd_micro(minor, currency, self.year)
                    .map_err(missing)
            };
            for (i, (recipient, _)) in self.recipients.iter().enumerate() {
                let (commitment, disbursement) = (commitments[i], disbursements[i]);
                let mut row = self.base(recipient, modality);
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
                    json!(format_minor(commitment, currency)),
                );
                row.insert(
                    "disbursement".into(),
                    json!(format_minor(disbursement, currency)),
                );
                rows.push(Value::Object(row).to_string());
            }
        }
        Ok(())
    }

    /// In-kind rows: the expert days of Argentine experts (an activity from Argentina, or
    /// from nowhere recorded) at the year's expert-day rate; disbursed once done.
    fn in_kind(&self, rows: &mut Vec<String>) -> Result<(), ApiError> {
        let activity = self.activity;
        let days = i128::from(activity.expert_days.unwrap_or(0));
        let from_provider = activity
            .from_country
            .as_deref()
            .is_none_or(|c| c == PROVIDER_COUNTRY);
        if days == 0 || !from_provider {
            return Ok(());
        }
        let done = activity.status == ActivityStatus::Done;
        let value = self
            .rates
            .expert_days_usd_micro(1, self.year)
            .map_err(missing)?;
        let modality = tossd_modality(activity.kind, None);
        let day_parts = split(days, &self.shares());
        for (i, (recipient, _)) in self.recipients.iter().enumerate() {
            let micro = value * day_parts[i];
            let mut row = self.base(recipient, modality);
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
        Ok(())
    }
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
        assert_eq!(super::super::SEGIB.len(), super::super::SEGIB_COLUMNS.len());
        assert_eq!(TOSSD[0].name, "Year");
    }
}
