//! The sections of MAPPING.md about the activity itself: identification, texts,
//! classification and dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::documents::LocalisedText;
use crate::domain::projects::rules::valid_code;
use crate::domain::projects::{Instrument, Modality};
use crate::domain::vocabulary::Visibility;
use crate::error::FieldError;
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;
use crate::iati::{ReportingOrg, activity_identifier};

use super::texts::{date_of, record_text, record_text_within};

/// How an activity is matched: its `iati-identifier`, the project's code, and the
/// `iati_identifier` the project keeps (none when it is the service's own form).
pub struct Identification {
    pub identifier: String,
    pub code: String,
    pub iati_identifier: Option<String>,
}

/// "Identification": `None` (with a note) when the activity has no identifier or no
/// code can be made of it: it cannot be matched, now or later.
pub fn identification(
    activity: &Node,
    reporting: &ReportingOrg,
    notes: &mut Notes,
) -> Option<Identification> {
    let Some(identifier) = activity
        .first("iati-identifier")
        .map(|n| n.trimmed_text().to_owned())
        .filter(|i| !i.is_empty())
    else {
        notes.add(
            "iati-identifier",
            "missing: an activity is matched by its identifier",
        );
        return None;
    };
    // The code: the reporting organisation's own identifier (A1), else the identifier.
    let own_code = activity
        .all("other-identifier")
        .find(|(_, o)| o.attribute("type") == Some("A1"))
        .and_then(|(_, o)| o.attribute("ref").map(str::to_owned));
    let code = match own_code.filter(|c| c.len() <= 50 && valid_code(c)) {
        Some(code) => code,
        None => {
            let derived: String = identifier
                .strip_prefix(&format!("{}-", reporting.reference))
                .unwrap_or(&identifier)
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "-_./".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            let derived = derived.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
            let code: String = derived.chars().take(50).collect();
            if code.is_empty() {
                notes.add("iati-identifier", "no usable code can be made of it");
                return None;
            }
            code
        }
    };
    let iati_identifier =
        (activity_identifier(None, &code, reporting) != identifier).then(|| identifier.clone());
    Some(Identification {
        identifier,
        code,
        iati_identifier,
    })
}

/// "Texts": the title (required) and the descriptions of types 1 and 2.
pub struct Texts {
    pub title: Option<LocalisedText>,
    pub description: Option<LocalisedText>,
    pub objectives: Option<LocalisedText>,
}

pub fn texts(activity: &Node, language: &str, notes: &mut Notes) -> Texts {
    let title = record_text_within(
        activity.first("title").map(|n| (n, "title".to_owned())),
        language,
        crate::domain::documents::MAX_TITLE_CHARS,
        notes,
    );
    let mut description = None;
    let mut objectives = None;
    for (n, node) in activity.all("description") {
        let path = format!("description[{n}]");
        match node.attribute("type").unwrap_or("1") {
            // The export's stand-in for a project without description or objectives.
            "1" if node.attribute("ssc:repeats") == Some("title") => {}
            "1" if description.is_none() => {
                description = record_text(Some((node, path)), language, notes)
            }
            "2" if objectives.is_none() => {
                objectives = record_text(Some((node, path)), language, notes)
            }
            // Type 4 holds the export's own note on expert days (read from the
            // participating organisations instead); other kinds have no member.
            "4" if node.first("narrative").is_some() => {}
            kind => notes.add(
                &path,
                format!("a description of type {kind:?} has no place in a project: left out"),
            ),
        }
    }
    Texts {
        title,
        description,
        objectives,
    }
}

/// "Classification": what kind of cooperation, in what state, who may read it.
pub struct Classification {
    pub modality: Modality,
    pub instrument: Option<Instrument>,
    /// `None`: the file does not say (an update keeps the project's).
    pub visibility: Option<Visibility>,
    pub status: i32,
    pub approval_date: Option<NaiveDate>,
}

pub fn classification(activity: &Node, notes: &mut Notes) -> Classification {
    let modality = match activity.attribute("ssc:modality").and_then(Modality::parse) {
        Some(modality) => modality,
        None => match activity
            .first("collaboration-type")
            .and_then(|c| c.attribute("code"))
        {
            Some("8") => Modality::Triangular,
            Some("2" | "4") => Modality::Multilateral,
            Some("1") => Modality::BilateralSsc,
            other => {
                notes.add(
                    "collaboration-type",
                    format!(
                        "{}: taken as bilateral South-South cooperation",
                        other.map_or("missing".into(), |c| format!("code {c:?} has no modality"))
                    ),
                );
                Modality::BilateralSsc
            }
        },
    };
    let status = match activity
        .first("activity-status")
        .and_then(|s| s.attribute("code"))
        .and_then(|c| c.parse::<i32>().ok())
    {
        Some(code) if (1..=6).contains(&code) => code,
        other => {
            notes.add(
                "activity-status",
                format!(
                    "{}: taken as 2 (implementation)",
                    other.map_or("missing".into(), |c| format!("unknown code {c}"))
                ),
            );
            2
        }
    };
    Classification {
        modality,
        instrument: activity
            .attribute("ssc:instrument")
            .and_then(Instrument::parse),
        visibility: activity
            .attribute("ssc:visibility")
            .and_then(Visibility::parse),
        status,
        approval_date: activity
            .attribute("ssc:approval-date")
            .and_then(|d| d.parse().ok()),
    }
}

/// "Dates": planned and actual start and end.
pub struct Dates {
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

/// The activity's dates. A planned date missing takes the actual one; a planned end
/// missing still takes the end of the last budget, planned disbursement or transaction
/// period the file gives. An actual date later than `today` is a plan, not a fact: it
/// stands in for the planned one if there is none, and is left out. What is still
/// missing is in `missing`, at the member's pointer.
pub fn dates(
    activity: &Node,
    today: NaiveDate,
    notes: &mut Notes,
    missing: &mut Vec<FieldError>,
) -> Dates {
    let mut dates: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for (n, node) in activity.all("activity-date") {
        match (node.attribute("type"), date_of(node, "iso-date")) {
            (Some(kind @ ("1" | "2" | "3" | "4")), Some(date)) => {
                dates.entry(kind).or_insert(date);
            }
            _ => notes.add(
                format!("activity-date[{n}]"),
                "no known type or no date: left out",
            ),
        }
    }
    for (actual, planned, name) in [("2", "1", "start"), ("4", "3", "end")] {
        if let Some(date) = dates.get(actual).copied().filter(|d| *d > today) {
            dates.remove(actual);
            let kept = dates.entry(planned).or_insert(date);
            notes.add(
                format!("activity-date[@type={actual}]"),
                format!(
                    "the actual {name} {date} is later than today: left out (the planned {name} is {kept})"
                ),
            );
        }
    }
    let planned_start = dates.get("1").or(dates.get("2")).copied();
    let mut planned_end = dates.get("3").or(dates.get("4")).copied();
    if planned_end.is_none()
        && let Some(end) = last_period_end(activity)
        && planned_start.is_none_or(|start| start <= end)
    {
        notes.add(
            "activity-date",
            format!("no end date: the last budget, disbursement or transaction period's end ({end}) is taken as the planned end"),
        );
        planned_end = Some(end);
    }
    for (pointer, date) in [
        ("/planned_start", planned_start),
        ("/planned_end", planned_end),
    ] {
        if date.is_none() {
            missing.push(FieldError::at(pointer, crate::msg!("field-required")));
        }
    }
    Dates {
        planned_start,
        planned_end,
        actual_start: dates.get("2").copied(),
        actual_end: dates.get("4").copied(),
    }
}

/// The latest end of a budget or planned-disbursement period, or transaction date.
fn last_period_end(activity: &Node) -> Option<NaiveDate> {
    let periods = activity
        .all("budget")
        .chain(activity.all("planned-disbursement"))
        .filter_map(|(_, b)| b.first("period-end").and_then(|e| date_of(e, "iso-date")));
    let transactions = activity.all("transaction").filter_map(|(_, t)| {
        t.first("transaction-date")
            .and_then(|d| date_of(d, "iso-date"))
    });
    periods.chain(transactions).max()
}

/// "Links": the partnership and triangular arrangement the project runs under, as the
/// service's own export writes them (`other-identifier` of type A9). `None`: the file
/// names none (an update keeps the project's).
pub struct Links {
    pub partnership: Option<Uuid>,
    pub arrangement: Option<Uuid>,
    pub given: bool,
}

pub fn links(activity: &Node, notes: &mut Notes) -> Links {
    let mut links = Links {
        partnership: None,
        arrangement: None,
        given: false,
    };
    for (n, node) in activity.all("other-identifier") {
        if node.attribute("type") != Some("A9") {
            continue;
        }
        let reference = node.attribute("ref").unwrap_or_default();
        let (slot, id) = match reference.split_once(':') {
            Some(("partnership", id)) => (&mut links.partnership, id),
            Some(("triangular-arrangement", id)) => (&mut links.arrangement, id),
            _ => continue,
        };
        match id.parse::<Uuid>() {
            Ok(id) => {
                *slot = Some(id);
                links.given = true;
            }
            Err(_) => notes.add(
                format!("other-identifier[{n}]/@ref"),
                format!("{reference:?} names no record: left out"),
            ),
        }
    }
    links
}
