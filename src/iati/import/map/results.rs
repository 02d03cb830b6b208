//! The "Results" section of MAPPING.md: results, indicators, baselines and periods map
//! one to one; what breaks the results' rules is left out with a note.

use crate::codelists;
use crate::domain::documents::LocalisedText;
use crate::domain::results::{
    Baseline, Indicator, MAX_TEXT_CHARS, MAX_TITLE_CHARS, Period, PeriodValue, ProjectResult,
};
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;

use super::texts::{date_of, record_text_within, title_within};

/// The activity's results.
pub fn results(activity: &Node, language: &str, notes: &mut Notes) -> Vec<ProjectResult> {
    activity
        .all("result")
        .filter_map(|(n, node)| result_of(node, &format!("result[{n}]"), language, notes))
        .collect()
}

/// A description or comment of a result (at most 4,000 characters).
fn short_text(
    node: Option<(&Node, String)>,
    language: &str,
    notes: &mut Notes,
) -> Option<LocalisedText> {
    record_text_within(node, language, MAX_TEXT_CHARS, notes)
}

/// One result at `path`; none (with a note) when it lacks what the rules require.
pub fn result_of(
    node: &Node,
    path: &str,
    language: &str,
    notes: &mut Notes,
) -> Option<ProjectResult> {
    let result_type = node
        .attribute("type")
        .and_then(|t| t.parse::<i32>().ok())
        .filter(|t| codelists::result_types().get(&t.to_string()).is_some());
    let Some(result_type) = result_type else {
        notes.add(
            format!("{path}/@type"),
            "no known result type: the result is left out",
        );
        return None;
    };
    let Some(title) = title_within(node, path, language, MAX_TITLE_CHARS, notes) else {
        notes.add(path, "no title: the result is left out");
        return None;
    };
    let indicators: Vec<Indicator> = node
        .all("indicator")
        .filter_map(|(n, indicator)| {
            indicator_of(
                indicator,
                &format!("{path}/indicator[{n}]"),
                language,
                notes,
            )
        })
        .collect();
    if indicators.is_empty() {
        notes.add(path, "no indicator: the result is left out");
        return None;
    }
    Some(ProjectResult {
        result_type,
        aggregation_status: boolean(node.attribute("aggregation-status")),
        title,
        description: short_text(
            node.first("description")
                .map(|d| (d, format!("{path}/description"))),
            language,
            notes,
        ),
        indicators,
    })
}

/// An IATI boolean (`1`/`true`, `0`/`false`); anything else is none.
fn boolean(value: Option<&str>) -> Option<bool> {
    match value {
        Some("1" | "true") => Some(true),
        Some("0" | "false") => Some(false),
        _ => None,
    }
}

/// One indicator at `at`; none (with a note) without a title, as the rules require one.
fn indicator_of(
    indicator: &Node,
    at: &str,
    language: &str,
    notes: &mut Notes,
) -> Option<Indicator> {
    let Some(title) = title_within(indicator, at, language, MAX_TITLE_CHARS, notes) else {
        notes.add(at, "no title: the indicator is left out");
        return None;
    };
    let baseline = indicator
        .first("baseline")
        .and_then(|b| baseline_of(b, &format!("{at}/baseline"), language, notes));
    let periods = indicator
        .all("period")
        .filter_map(|(p, period)| period_of(period, &format!("{at}/period[{p}]"), language, notes))
        .collect();
    let description = short_text(
        indicator
            .first("description")
            .map(|d| (d, format!("{at}/description"))),
        language,
        notes,
    );
    Some(Indicator {
        measure: indicator
            .attribute("measure")
            .and_then(|m| m.parse().ok())
            .unwrap_or(1),
        ascending: boolean(indicator.attribute("ascending")).unwrap_or(true),
        title,
        description,
        baseline,
        periods,
    })
}

/// An indicator's baseline at `at`; none (with a note) without its required year.
fn baseline_of(b: &Node, at: &str, language: &str, notes: &mut Notes) -> Option<Baseline> {
    let Some(year) = b.attribute("year").and_then(|y| y.parse().ok()) else {
        notes.add(format!("{at}/@year"), "missing: the baseline is left out");
        return None;
    };
    Some(Baseline {
        year,
        date: date_of(b, "iso-date"),
        value: b.attribute("value").map(str::to_owned),
        comment: comment_of(b, at, language, notes),
    })
}

/// A reporting period at `here`; none (with a note) without both its dates.
fn period_of(period: &Node, here: &str, language: &str, notes: &mut Notes) -> Option<Period> {
    let (Some(start), Some(end)) = (
        period
            .first("period-start")
            .and_then(|d| date_of(d, "iso-date")),
        period
            .first("period-end")
            .and_then(|d| date_of(d, "iso-date")),
    ) else {
        notes.add(here, "no start or end: the period is left out");
        return None;
    };
    let mut value = |name: &str| {
        period.first(name).map(|v| PeriodValue {
            value: v.attribute("value").map(str::to_owned),
            comment: comment_of(v, &format!("{here}/{name}"), language, notes),
        })
    };
    let target = value("target");
    let actual = value("actual");
    Some(Period {
        start,
        end,
        target,
        actual,
    })
}

fn comment_of(node: &Node, at: &str, language: &str, notes: &mut Notes) -> Option<LocalisedText> {
    short_text(
        node.first("comment").map(|c| (c, format!("{at}/comment"))),
        language,
        notes,
    )
}
