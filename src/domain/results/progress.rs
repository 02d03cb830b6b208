//! Progress of indicators, from their baseline towards their target.

use super::rules::*;
use super::*;

/// The latest period (by its end) with both a target and an actual value, and those
/// values.
pub(super) fn latest_measured(indicator: &Indicator) -> Option<(&Period, String, String)> {
    indicator
        .periods
        .iter()
        .filter_map(|p| {
            let target = p.target.as_ref()?.value.clone()?;
            let actual = p.actual.as_ref()?.value.clone()?;
            Some((p, target, actual))
        })
        .max_by_key(|(p, _, _)| p.end)
}

/// The indicator's progress in hundredths of a percent, where it has one. Where fewer is
/// better, there is none without a baseline (0 would be the best value, not the start).
pub(super) fn progress_hundredths(indicator: &Indicator) -> Option<i64> {
    let (_, target, actual) = latest_measured(indicator)?;
    let baseline = indicator.baseline.as_ref().and_then(|b| b.value.as_deref());
    if !indicator.ascending && baseline.is_none() {
        return None;
    }
    progress_of(indicator.measure, baseline, &target, &actual)
}

pub(super) fn indicator_progress(
    result: usize,
    indicator_position: usize,
    result_type: i32,
    indicator: &Indicator,
) -> IndicatorProgress {
    let latest = latest_measured(indicator);
    IndicatorProgress {
        result,
        indicator: indicator_position,
        result_type,
        measure: indicator.measure,
        ascending: indicator.ascending,
        title: indicator.title.clone(),
        baseline: indicator.baseline.as_ref().and_then(|b| b.value.clone()),
        period_start: latest.as_ref().map(|(p, _, _)| p.start),
        period_end: latest.as_ref().map(|(p, _, _)| p.end),
        target: latest.as_ref().map(|(_, t, _)| t.clone()),
        actual: latest.as_ref().map(|(_, _, a)| a.clone()),
        progress_percent: progress_hundredths(indicator).map(format_percent),
    }
}

/// (actual − baseline) / (target − baseline) in hundredths of a percent, for unit and
/// percentage measures; None when the measure or the values allow none.
pub(super) fn progress_of(
    measure: i32,
    baseline: Option<&str>,
    target: &str,
    actual: &str,
) -> Option<i64> {
    if measure != UNIT && measure != PERCENTAGE {
        return None;
    }
    let baseline = baseline.map_or(Ok(0), parse_value).ok()?;
    let target = parse_value(target).ok()? - baseline;
    let actual = parse_value(actual).ok()? - baseline;
    if target == 0 {
        return None;
    }
    let rounded = crate::domain::decimal::divide_rounded(actual * 10_000, target);
    i64::try_from(rounded.clamp(-MAX_PROGRESS, MAX_PROGRESS)).ok()
}

pub fn format_percent(hundredths: i64) -> String {
    crate::domain::decimal::format_fixed(hundredths, 2)
}

/// One statistics row per indicator, in order.
pub(super) fn indicator_rows(results: &[ProjectResult]) -> Vec<IndicatorRow> {
    results
        .iter()
        .flat_map(|result| {
            result.indicators.iter().map(|indicator| IndicatorRow {
                result_type: result.result_type,
                measure: indicator.measure,
                progress: progress_hundredths(indicator),
            })
        })
        .collect()
}
