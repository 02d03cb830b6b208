//! The IATI organisation file (IATI Organisation Standard 2.03) of the reporting
//! organisation: its budget per calendar year, and per recipient country and region
//! per year, from the budgets of the projects the reader may read (the public,
//! approved ones in the public file), and the organisation's own documents.
//!
//! A project's budget is spread over the days from its planned start to its planned
//! end, each calendar year taking its days' share in minor units (the last year takes
//! what rounding leaves, so the years sum to the budget exactly); a year's share is
//! split among the project's countries and regions by their percentages the same way.
//! Budgets in several currencies give one element per currency: the service holds no
//! exchange rates. Total expenditure is not published: the service does not hold
//! execution figures yet (transactions come with the cycle's next step).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::auth::Caller;
use crate::db::Db;
use crate::domain::documents::DocumentLink;
use crate::domain::money::{format_minor, parse_amount};
use crate::domain::projects::Project;
use crate::domain::projects::rules::parse_percentage;
use crate::error::ApiError;
use crate::iati::ReportingOrg;
use crate::pagination::Cursors;

/// What the organisation file sums, by (year, currency), and by (code, year, currency)
/// for countries and regions, in minor units.
#[derive(Debug, Default)]
pub struct Budgets {
    total: BTreeMap<(i32, String), i128>,
    countries: BTreeMap<(String, i32, String), i128>,
    regions: BTreeMap<(String, i32, String), i128>,
    /// The latest change among the projects counted.
    pub last_updated: Option<DateTime<Utc>>,
}

impl Budgets {
    /// Count one project's budget.
    pub fn add(&mut self, project: &Project) {
        self.last_updated = self.last_updated.max(Some(project.meta.updated_at));
        let Some(budget) = &project.budget else {
            return;
        };
        let Ok(amount) = parse_amount(&budget.amount, &budget.currency) else {
            return;
        };
        let currency = &budget.currency;
        let shares: Vec<(String, i64)> = project
            .recipient_countries
            .iter()
            .map(|c| (c.country_code.clone(), &c.percentage))
            .chain(
                project
                    .recipient_regions
                    .iter()
                    .map(|r| (format!("region:{}", r.region_code), &r.percentage)),
            )
            .filter_map(|(code, p)| parse_percentage(p).ok().map(|h| (code, h)))
            .collect();
        for (year, in_year) in by_year(
            i128::from(amount),
            project.planned_start,
            project.planned_end,
        ) {
            *self.total.entry((year, currency.clone())).or_default() += in_year;
            for (code, part) in split(in_year, &shares) {
                match code.strip_prefix("region:") {
                    Some(region) => {
                        *self
                            .regions
                            .entry((region.to_owned(), year, currency.clone()))
                            .or_default() += part
                    }
                    None => {
                        *self
                            .countries
                            .entry((code, year, currency.clone()))
                            .or_default() += part
                    }
                }
            }
        }
    }
}

/// `amount` spread over the days from `start` to `end` by calendar year.
fn by_year(amount: i128, start: NaiveDate, end: NaiveDate) -> Vec<(i32, i128)> {
    if end < start {
        return vec![(start.year(), amount)];
    }
    let all_days = i128::from((end - start).num_days() + 1);
    let years: Vec<(i32, i128)> = (start.year()..=end.year())
        .map(|year| {
            let from = NaiveDate::from_ymd_opt(year, 1, 1)
                .unwrap_or(start)
                .max(start);
            let to = NaiveDate::from_ymd_opt(year, 12, 31)
                .unwrap_or(end)
                .min(end);
            (year, i128::from((to - from).num_days() + 1))
        })
        .collect();
    let mut left = amount;
    let last = years.len() - 1;
    years
        .into_iter()
        .enumerate()
        .map(|(n, (year, days))| {
            let share = if n == last {
                left
            } else {
                amount * days / all_days
            };
            left -= share;
            (year, share)
        })
        .collect()
}

/// `amount` split by percentages in hundredths (summing to 10,000), the last taking
/// what rounding leaves.
fn split(amount: i128, shares: &[(String, i64)]) -> Vec<(String, i128)> {
    let mut left = amount;
    shares
        .iter()
        .enumerate()
        .map(|(n, (code, hundredths))| {
            let part = if n + 1 == shares.len() {
                left
            } else {
                amount * i128::from(*hundredths) / 10_000
            };
            left -= part;
            (code.clone(), part)
        })
        .collect()
}

/// The organisation file: `budgets` of the reporting organisation, its `documents`.
pub fn document(
    budgets: &Budgets,
    reporting: &ReportingOrg,
    documents: &[DocumentLink],
    language: &str,
    generated: DateTime<Utc>,
) -> Vec<u8> {
    let mut xml = Writer::new(Vec::with_capacity(16 * 1024));
    let mut write = |event: Event<'_>| {
        xml.write_event(event)
            .expect("writing XML into memory cannot fail");
    };
    let generated_text = generated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    write(Event::Start(
        BytesStart::new("iati-organisations").with_attributes([
            ("version", "2.03"),
            ("generated-datetime", generated_text.as_str()),
        ]),
    ));
    let updated = budgets
        .last_updated
        .unwrap_or(generated)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut organisation = BytesStart::new("iati-organisation");
    organisation.push_attribute(("last-updated-datetime", updated.as_str()));
    organisation.push_attribute(("xml:lang", language));
    if let Some(((_, currency), _)) = budgets.total.iter().next() {
        organisation.push_attribute(("default-currency", currency.as_str()));
    }
    write(Event::Start(organisation));
    text_element(
        &mut write,
        "organisation-identifier",
        &[],
        &reporting.reference,
    );
    write(Event::Start(BytesStart::new("name")));
    narrative(&mut write, language, &reporting.name);
    write(Event::End(BytesEnd::new("name")));
    write(Event::Start(
        BytesStart::new("reporting-org").with_attributes([
            ("ref", reporting.reference.as_str()),
            ("type", reporting.organisation_type.as_str()),
        ]),
    ));
    narrative(&mut write, language, &reporting.name);
    write(Event::End(BytesEnd::new("reporting-org")));
    for ((year, currency), amount) in &budgets.total {
        budget_element(&mut write, "total-budget", None, *year, currency, *amount);
    }
    for ((code, year, currency), amount) in &budgets.regions {
        budget_element(
            &mut write,
            "recipient-region-budget",
            Some(("recipient-region", code)),
            *year,
            currency,
            *amount,
        );
    }
    for ((code, year, currency), amount) in &budgets.countries {
        budget_element(
            &mut write,
            "recipient-country-budget",
            Some(("recipient-country", code)),
            *year,
            currency,
            *amount,
        );
    }
    for link in documents {
        document_link(&mut write, link, language);
    }
    write(Event::End(BytesEnd::new("iati-organisation")));
    write(Event::End(BytesEnd::new("iati-organisations")));
    let mut bytes = xml.into_inner();
    bytes.push(b'\n');
    bytes
}

fn text_element(
    write: &mut impl FnMut(Event<'_>),
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) {
    write(Event::Start(
        BytesStart::new(name).with_attributes(attributes.iter().copied()),
    ));
    write(Event::Text(BytesText::new(text)));
    write(Event::End(BytesEnd::new(name)));
}

fn narrative(write: &mut impl FnMut(Event<'_>), language: &str, text: &str) {
    text_element(write, "narrative", &[("xml:lang", language)], text);
}

/// A budget of one calendar year (status 1, indicative: projects' planned budgets).
fn budget_element(
    write: &mut impl FnMut(Event<'_>),
    name: &str,
    recipient: Option<(&str, &str)>,
    year: i32,
    currency: &str,
    amount: i128,
) {
    let (start, end) = (format!("{year}-01-01"), format!("{year}-12-31"));
    write(Event::Start(
        BytesStart::new(name).with_attributes([("status", "1")]),
    ));
    match recipient {
        Some(("recipient-region", code)) => write(Event::Empty(
            BytesStart::new("recipient-region")
                .with_attributes([("code", code), ("vocabulary", "1")]),
        )),
        Some((element, code)) => write(Event::Empty(
            BytesStart::new(element).with_attributes([("code", code)]),
        )),
        None => {}
    }
    write(Event::Empty(
        BytesStart::new("period-start").with_attributes([("iso-date", start.as_str())]),
    ));
    write(Event::Empty(
        BytesStart::new("period-end").with_attributes([("iso-date", end.as_str())]),
    ));
    text_element(
        write,
        "value",
        &[("currency", currency), ("value-date", start.as_str())],
        &format_minor(amount, currency),
    );
    write(Event::End(BytesEnd::new(name)));
}

fn document_link(write: &mut impl FnMut(Event<'_>), link: &DocumentLink, language: &str) {
    write(Event::Start(
        BytesStart::new("document-link")
            .with_attributes([("format", link.format.as_str()), ("url", link.url.as_str())]),
    ));
    write(Event::Start(BytesStart::new("title")));
    if let Some(text) = link.title.get(language) {
        narrative(write, language, text);
    }
    for (code, text) in link
        .title
        .iter()
        .filter(|(code, _)| code.as_str() != language)
    {
        narrative(write, code, text);
    }
    write(Event::End(BytesEnd::new("title")));
    for category in &link.categories {
        write(Event::Empty(
            BytesStart::new("category").with_attributes([("code", category.as_str())]),
        ));
    }
    for code in &link.languages {
        write(Event::Empty(
            BytesStart::new("language").with_attributes([("code", code.as_str())]),
        ));
    }
    if let Some(date) = link.document_date {
        let date = date.to_string();
        write(Event::Empty(
            BytesStart::new("document-date").with_attributes([("iso-date", date.as_str())]),
        ));
    }
    write(Event::End(BytesEnd::new("document-link")));
}

/// The budgets of every project `caller` reads, a page at a time (each page read on a
/// blocking thread).
pub async fn budgets(db: &Db, caller: &Caller, cursors: &Cursors) -> Result<Budgets, ApiError> {
    let mut budgets = Budgets::default();
    let mut cursor: Option<String> = None;
    loop {
        let (caller, cursors, previous) = (caller.clone(), cursors.clone(), cursor.take());
        let (projects, next) = db
            .read(move |conn| {
                crate::iati::publication::projects_by_code(
                    conn,
                    &caller,
                    &cursors,
                    previous.as_deref(),
                )
            })
            .await?;
        for project in &projects {
            budgets.add(project);
        }
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(budgets),
        }
    }
}

/// The reporting organisation's documents from a JSON file (an array of document
/// links, as the API takes them, of the organisation categories B01–B18), checked.
pub fn read_documents(path: &std::path::Path) -> Result<Vec<DocumentLink>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut links: Vec<DocumentLink> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    for (n, link) in links.iter_mut().enumerate() {
        let at = |problem: String| format!("{}: document {n}: {problem}", path.display());
        link.url =
            crate::domain::documents::normalised_url(&link.url).map_err(|m| at(m.to_string()))?;
        crate::codelists::file_formats()
            .active(&link.format, "file format")
            .map_err(|m| at(m.to_string()))?;
        if link.title.values().all(|t| t.trim().is_empty()) {
            return Err(at("a title is required".into()));
        }
        for category in &link.categories {
            match crate::codelists::document_categories().active(category, "document category") {
                Ok(entry) if entry.category.as_deref() == Some("B") => {}
                Ok(_) => {
                    return Err(at(format!(
                        "{category} is an activity category: an organisation's documents take B01–B18"
                    )));
                }
                Err(message) => return Err(at(message.to_string())),
            }
        }
        if link.categories.is_empty() {
            return Err(at("at least one category (B01–B18) is required".into()));
        }
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn budgets_spread_over_calendar_years_by_days_and_sum_exactly() {
        // 2025-07-01 to 2026-06-30: 184 days in 2025, 181 in 2026.
        let years = by_year(36_500, day("2025-07-01"), day("2026-06-30"));
        assert_eq!(years, [(2025, 18_400), (2026, 18_100)]);
        let odd = by_year(100, day("2024-12-31"), day("2026-01-01"));
        assert_eq!(odd.iter().map(|(_, a)| a).sum::<i128>(), 100);
        assert_eq!(odd.len(), 3);
        let parts = split(
            1000,
            &[
                ("BO".into(), 3333),
                ("PY".into(), 3333),
                ("UY".into(), 3334),
            ],
        );
        assert_eq!(parts.iter().map(|(_, a)| a).sum::<i128>(), 1000);
    }
}
