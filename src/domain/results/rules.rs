//! The rules of results and indicators: dates within the project's, values by measure.

use super::*;
use crate::msg;

/// Every rule of the results of `project` (its dates and default language), each
/// violation at its pointer; normalises what passes (trimmed text, periods in order).
pub fn check(input: &mut ResultsInput, project: &Project) -> Violations {
    check_within(input, &project.default_language, project.span())
}

/// Every rule of results in `language` whose periods must lie from `earliest` to `latest`.
pub(super) fn check_within(
    input: &mut ResultsInput,
    language: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
) -> Violations {
    let mut v = Violations::of(input);
    for (r, result) in input.results.iter_mut().enumerate() {
        let at = format!("/results/{r}");
        if let Err(message) =
            codelists::result_types().active(&result.result_type.to_string(), "result type")
        {
            v.add(format!("{at}/type"), message);
        }
        check_localised(
            &mut v,
            &format!("{at}/title"),
            &mut result.title,
            language,
            MAX_TITLE_CHARS,
        );
        check_text(
            &mut v,
            &format!("{at}/description"),
            result.description.as_mut(),
            language,
        );
        for (i, indicator) in result.indicators.iter_mut().enumerate() {
            let at = format!("{at}/indicators/{i}");
            check_indicator(&mut v, &at, indicator, language, (earliest, latest));
        }
    }
    v
}

pub(super) fn check_text(
    v: &mut Violations,
    pointer: &str,
    text: Option<&mut LocalisedText>,
    language: &str,
) {
    if let Some(text) = text {
        check_localised(v, pointer, text, language, MAX_TEXT_CHARS);
    }
}

pub(super) fn check_indicator(
    v: &mut Violations,
    at: &str,
    indicator: &mut Indicator,
    language: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
) {
    let measure = indicator.measure;
    if let Err(message) =
        codelists::indicator_measures().active(&measure.to_string(), "indicator measure")
    {
        v.add(format!("{at}/measure"), message);
    }
    check_localised(
        v,
        &format!("{at}/title"),
        &mut indicator.title,
        language,
        MAX_TITLE_CHARS,
    );
    check_text(
        v,
        &format!("{at}/description"),
        indicator.description.as_mut(),
        language,
    );
    if let Some(baseline) = indicator.baseline.as_mut() {
        let at = format!("{at}/baseline");
        check_value(
            v,
            &at,
            measure,
            &mut baseline.value,
            &mut baseline.comment,
            language,
        );
        if let Some(date) = baseline.date {
            v.dates(&[(format!("{at}/date").as_str(), Some(date))]);
            if chrono::Datelike::year(&date) != baseline.year {
                v.add(
                    format!("{at}/date"),
                    msg!("baseline-date-year", year = baseline.year.to_string()),
                );
            }
        }
    }
    check_periods(v, at, indicator, language, (earliest, latest));
    check_targets_against_baseline(v, at, indicator);
    check_no_overlap(v, at, indicator);
    indicator.periods.sort_by_key(|p| p.start);
}

/// Each period: in order, inside the project's dates, its target and actual values.
fn check_periods(
    v: &mut Violations,
    at: &str,
    indicator: &mut Indicator,
    language: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
) {
    let measure = indicator.measure;
    for (p, period) in indicator.periods.iter_mut().enumerate() {
        let at = format!("{at}/periods/{p}");
        if period.end < period.start {
            v.add(
                format!("{at}/end"),
                msg!("date-on-or-after", start = "start"),
            );
        }
        if period.start < earliest || period.end > latest {
            v.add(
                format!("{at}/start"),
                msg!(
                    "period-outside-project-dates",
                    earliest = earliest.to_string(),
                    latest = latest.to_string()
                ),
            );
        }
        for (member, value) in [
            ("target", &mut period.target),
            ("actual", &mut period.actual),
        ] {
            if let Some(value) = value.as_mut() {
                let at = format!("{at}/{member}");
                check_value(
                    v,
                    &at,
                    measure,
                    &mut value.value,
                    &mut value.comment,
                    language,
                );
            }
        }
    }
}

/// A target lies the right way from the baseline: above it where more is better, below
/// it where fewer is (progress is measured from one towards the other).
fn check_targets_against_baseline(v: &mut Violations, at: &str, indicator: &Indicator) {
    let measure = indicator.measure;
    let baseline = indicator
        .baseline
        .as_ref()
        .and_then(|b| b.value.as_deref())
        .and_then(|value| parse_value(value).ok());
    if let Some(baseline) = baseline
        && (measure == UNIT || measure == PERCENTAGE)
    {
        for (p, period) in indicator.periods.iter().enumerate() {
            let target = period
                .target
                .as_ref()
                .and_then(|t| t.value.as_deref())
                .and_then(|value| parse_value(value).ok());
            let message = match target {
                Some(target) if indicator.ascending && target < baseline => {
                    msg!("target-below-ascending-baseline")
                }
                Some(target) if !indicator.ascending && target > baseline => {
                    msg!("target-above-descending-baseline")
                }
                _ => continue,
            };
            v.add(format!("{at}/periods/{p}/target/value"), message);
        }
    }
}

/// Periods of one indicator do not overlap: each starts after the one before it ends.
fn check_no_overlap(v: &mut Violations, at: &str, indicator: &Indicator) {
    let mut order: Vec<usize> = (0..indicator.periods.len()).collect();
    order.sort_by_key(|&p| (indicator.periods[p].start, p));
    for pair in order.windows(2) {
        let (before, after) = (&indicator.periods[pair[0]], &indicator.periods[pair[1]]);
        if after.start <= before.end {
            v.add(
                format!("{at}/periods/{}/start", pair[1]),
                msg!(
                    "periods-overlap",
                    period = pair[0].to_string(),
                    start = before.start.to_string(),
                    end = before.end.to_string()
                ),
            );
        }
    }
}

/// A baseline, target or actual: a number for measures 1–4 (percentages 0 to 100), text
/// for qualitative indicators.
pub(super) fn check_value(
    v: &mut Violations,
    at: &str,
    measure: i32,
    value: &mut Option<String>,
    comment: &mut Option<LocalisedText>,
    language: &str,
) {
    check_text(v, &format!("{at}/comment"), comment.as_mut(), language);
    if measure == QUALITATIVE {
        if value.is_some() {
            v.add(format!("{at}/value"), msg!("qualitative-without-value"));
        }
        if comment.is_none() {
            v.add(format!("{at}/comment"), msg!("qualitative-needs-comment"));
        }
        return;
    }
    let Some(text) = value.as_mut() else {
        v.add(format!("{at}/value"), msg!("quantitative-needs-value"));
        return;
    };
    match parse_value(text) {
        Err(message) => v.add(format!("{at}/value"), message),
        Ok(number) => {
            if measure == PERCENTAGE && !(0..=100 * scale()).contains(&number) {
                v.add(format!("{at}/value"), msg!("percentage-value-range"));
            }
            *text = format_value(number);
        }
    }
}

pub(super) fn scale() -> i128 {
    10i128.pow(VALUE_SCALE)
}

pub(super) fn parse_value(text: &str) -> Result<i128, crate::l10n::Message> {
    crate::domain::decimal::parse_signed(text, VALUE_SCALE)
}

/// The canonical form: no leading or trailing zeros, no "-0".
pub(super) fn format_value(value: i128) -> String {
    crate::domain::decimal::format_signed(value, VALUE_SCALE, true)
}
