//! The sections of MAPPING.md about where and on what: recipients, sectors and SDGs,
//! with the percentages shared out to 100.

use crate::codelists;
use crate::domain::projects::{CountryShare, RegionShare, SectorShare};
use crate::error::FieldError;
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;

/// An item of a shared set: its code, its percentage as written, its path.
type Item = (String, Option<String>, String);

/// "Recipients": countries and regions (OECD DAC, vocabulary 1), summing to 100. When
/// the activity names none, the countries and regions of its transactions (IATI lets
/// them be given there instead), in equal shares.
pub fn recipients(
    activity: &Node,
    notes: &mut Notes,
    missing: &mut Vec<FieldError>,
) -> (Vec<CountryShare>, Vec<RegionShare>) {
    let mut countries = countries_of(
        activity
            .all("recipient-country")
            .map(|(n, node)| (format!("recipient-country[{n}]"), node)),
        notes,
    );
    let mut regions = regions_of(
        activity
            .all("recipient-region")
            .map(|(n, node)| (format!("recipient-region[{n}]"), node)),
        notes,
    );
    if countries.is_empty() && regions.is_empty() {
        let on_transactions = |name: &'static str| {
            activity
                .all("transaction")
                .flat_map(move |(t, transaction)| {
                    transaction
                        .all(name)
                        .map(move |(n, node)| (format!("transaction[{t}]/{name}[{n}]"), node))
                })
        };
        countries = equal_shares(countries_of(on_transactions("recipient-country"), notes));
        regions = equal_shares(regions_of(on_transactions("recipient-region"), notes));
        if !countries.is_empty() || !regions.is_empty() {
            notes.add(
                "recipient-country",
                "none at activity level: the transactions' recipients are taken, in equal shares",
            );
        }
    }
    if countries.is_empty() && regions.is_empty() {
        missing.push(FieldError::at(
            "/recipient_countries",
            crate::msg!("project-needs-recipient"),
        ));
    }
    let country_count = countries.len();
    let mut shared = shares(
        countries.into_iter().chain(regions).collect(),
        "recipients",
        notes,
    );
    let regions = shared
        .split_off(country_count)
        .into_iter()
        .map(|(region_code, percentage)| RegionShare {
            region_code,
            percentage,
        })
        .collect();
    let countries = shared
        .into_iter()
        .map(|(country_code, percentage)| CountryShare {
            country_code,
            percentage,
        })
        .collect();
    (countries, regions)
}

fn countries_of<'a>(
    nodes: impl Iterator<Item = (String, &'a Node)>,
    notes: &mut Notes,
) -> Vec<Item> {
    nodes
        .filter_map(|(path, node)| {
            let code = node.attribute("code")?.to_uppercase();
            if codelists::countries().get(&code).is_none() {
                notes.add(
                    format!("{path}/@code"),
                    format!("unknown country {code:?}: left out"),
                );
                return None;
            }
            Some((code, node.attribute("percentage").map(str::to_owned), path))
        })
        .collect()
}

fn regions_of<'a>(nodes: impl Iterator<Item = (String, &'a Node)>, notes: &mut Notes) -> Vec<Item> {
    nodes
        .filter_map(|(path, node)| {
            if node.attribute("vocabulary").unwrap_or("1") != "1" {
                notes.add(
                    format!("{path}/@vocabulary"),
                    "only OECD DAC regions (vocabulary 1) are kept",
                );
                return None;
            }
            let code = node.attribute("code")?.to_owned();
            if codelists::regions().get(&code).is_none() {
                notes.add(
                    format!("{path}/@code"),
                    format!("unknown region {code:?}: left out"),
                );
                return None;
            }
            Some((code, node.attribute("percentage").map(str::to_owned), path))
        })
        .collect()
}

/// Each code once, without a percentage (so they share 100 equally).
fn equal_shares(items: Vec<Item>) -> Vec<Item> {
    let mut seen: Vec<Item> = Vec::new();
    for (code, _, path) in items {
        if !seen.iter().any(|(c, _, _)| *c == code) {
            seen.push((code, None, path));
        }
    }
    seen
}

/// "Sectors": DAC 5-digit sectors (vocabulary 1; a DAC category of vocabulary 2 is taken
/// as its first sector), summing to 100; when the activity has none, its transactions'
/// in equal shares.
pub fn sectors(
    activity: &Node,
    notes: &mut Notes,
    missing: &mut Vec<FieldError>,
) -> Vec<SectorShare> {
    let mut items = sectors_of(
        activity
            .all("sector")
            .map(|(n, s)| (format!("sector[{n}]"), s)),
        notes,
    );
    if items.is_empty() {
        items = equal_shares(sectors_of(
            activity.all("transaction").flat_map(|(t, transaction)| {
                transaction
                    .all("sector")
                    .map(move |(n, s)| (format!("transaction[{t}]/sector[{n}]"), s))
            }),
            notes,
        ));
        if !items.is_empty() {
            notes.add(
                "sector",
                "none at activity level: the transactions' sectors are taken, in equal shares",
            );
        }
    }
    if items.is_empty() {
        missing.push(FieldError::at(
            "/sectors",
            crate::msg!("project-needs-sector"),
        ));
    }
    shares(items, "sectors", notes)
        .into_iter()
        .map(|(code, percentage)| SectorShare { code, percentage })
        .collect()
}

/// DAC 5-digit sectors of vocabulary 1 (the default); others are left out with a note.
fn sectors_of<'a>(
    sectors: impl Iterator<Item = (String, &'a Node)>,
    notes: &mut Notes,
) -> Vec<Item> {
    sectors
        .filter_map(|(path, node)| {
            let vocabulary = node.attribute("vocabulary").unwrap_or("1");
            if vocabulary == "2"
                && let Some(category) = node.attribute("code")
            {
                return category_sector(category, node, path, notes);
            }
            if vocabulary != "1" {
                notes.add(
                    format!("{path}/@vocabulary"),
                    format!("vocabulary {vocabulary:?}: only DAC 5-digit sectors (1) are kept"),
                );
                return None;
            }
            let code = node.attribute("code")?.to_owned();
            match codelists::sectors().active(&code, "DAC sector") {
                Ok(_) => Some((code, node.attribute("percentage").map(str::to_owned), path)),
                Err(message) => {
                    notes.add(format!("{path}/@code"), format!("{message}: left out"));
                    None
                }
            }
        })
        .collect()
}

/// A DAC 3-digit category: its first active sector stands for it (the category, which
/// statistics group by, is kept).
fn category_sector(category: &str, node: &Node, path: String, notes: &mut Notes) -> Option<Item> {
    let Some(sector) = codelists::sectors().entries.iter().find(|e| {
        e.category.as_deref() == Some(category) && codelists::sectors().active(&e.code, "").is_ok()
    }) else {
        notes.add(
            format!("{path}/@code"),
            format!("unknown DAC category {category:?}: left out"),
        );
        return None;
    };
    notes.add(
        format!("{path}/@code"),
        format!(
            "DAC category {category} (vocabulary 2) is taken as its first sector, {}",
            sector.code
        ),
    );
    Some((
        sector.code.clone(),
        node.attribute("percentage").map(str::to_owned),
        path,
    ))
}

/// "SDGs": goals (tag vocabulary 2) and targets (vocabulary 3); a target's goal is
/// listed with it.
pub fn sdgs(activity: &Node) -> (Vec<i32>, Vec<String>) {
    let mut goals = Vec::new();
    let mut targets: Vec<String> = Vec::new();
    for (_, tag) in activity.all("tag") {
        match (tag.attribute("vocabulary"), tag.attribute("code")) {
            (Some("2"), Some(code)) => {
                if let Ok(goal) = code.parse::<i32>()
                    && (1..=17).contains(&goal)
                    && !goals.contains(&goal)
                {
                    goals.push(goal);
                }
            }
            (Some("3"), Some(code))
                if codelists::sdg_targets().get(code).is_some()
                    && !targets.iter().any(|t| t == code) =>
            {
                targets.push(code.to_owned());
            }
            _ => {}
        }
    }
    for target in &targets {
        if let Some(goal) = target.split('.').next().and_then(|g| g.parse::<i32>().ok())
            && !goals.contains(&goal)
        {
            goals.push(goal);
        }
    }
    (goals, targets)
}

/// A code given twice counts once, with the percentages of both.
fn merge_repeated(items: Vec<Item>, what: &str, notes: &mut Notes) -> Vec<Item> {
    let mut merged: Vec<Item> = Vec::with_capacity(items.len());
    for (code, percentage, path) in items {
        let Some(first) = merged.iter_mut().find(|(c, _, _)| *c == code) else {
            merged.push((code, percentage, path));
            continue;
        };
        notes.add(
            &path,
            format!("{code} is among the {what} already: counted once, with both percentages"),
        );
        let sum = [first.1.as_deref(), percentage.as_deref()]
            .into_iter()
            .map(|p| p.and_then(|p| p.parse::<f64>().ok()))
            .sum::<Option<f64>>();
        first.1 = sum.map(|s| s.to_string());
    }
    merged
}

/// Percentages as hundredths; missing ones share what the others leave, and a set that
/// does not sum to 100 is scaled to it.
fn shares(items: Vec<Item>, what: &str, notes: &mut Notes) -> Vec<(String, String)> {
    if items.is_empty() {
        return Vec::new();
    }
    let items = merge_repeated(items, what, notes);
    let parsed: Vec<Option<i64>> = items
        .iter()
        .map(|(_, percentage, path)| {
            let value = percentage
                .as_deref()
                .and_then(|p| p.parse::<f64>().ok())
                .filter(|p| p.is_finite() && (0.0..=100.0).contains(p));
            if value.is_none() && percentage.is_some() {
                notes.add(
                    format!("{path}/@percentage"),
                    format!("not a number from 0 to 100: the {what} without one share what the others leave"),
                );
            } else if value.is_none() && items.len() > 1 {
                notes.add(
                    format!("{path}/@percentage"),
                    format!("missing: the {what} without one share what the others leave"),
                );
            }
            value.map(|p| (p * 100.0).round() as i64)
        })
        .collect();
    let given: i64 = parsed.iter().flatten().sum();
    let missing = parsed.iter().filter(|p| p.is_none()).count() as i64;
    let left = (10_000 - given).max(0);
    let mut hundredths: Vec<i64> = parsed
        .iter()
        .map(|p| p.unwrap_or(if missing > 0 { left / missing } else { 0 }))
        .collect();
    if missing > 0
        && let Some(last_missing) = parsed.iter().rposition(Option::is_none)
    {
        hundredths[last_missing] += left - (left / missing) * missing;
    }
    let total: i64 = hundredths.iter().sum();
    if total != 10_000 {
        notes.add(
            &items[0].2,
            format!(
                "the {what}' percentages sum to {}: scaled to 100",
                crate::domain::decimal::format_trimmed(total, 2)
            ),
        );
        if total == 0 {
            let n = hundredths.len() as i64;
            hundredths = vec![10_000 / n; hundredths.len()];
        } else {
            hundredths = hundredths.iter().map(|h| h * 10_000 / total).collect();
        }
        let sum: i64 = hundredths.iter().sum();
        if let Some(last) = hundredths.last_mut() {
            *last += 10_000 - sum;
        }
    }
    items
        .into_iter()
        .zip(hundredths)
        .map(|((code, _, _), h)| (code, crate::domain::decimal::format_trimmed(h, 2)))
        .collect()
}
