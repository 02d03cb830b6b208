//! The rules of a cooperation request that need no database.

use std::collections::HashSet;
use std::hash::Hash;

use crate::codelists;
use crate::domain::cooperation_requests::CooperationRequestInput;
use crate::msg;
use crate::validation::Violations;

/// Report the entries of `list` (at `/{field}/{i}`) seen before.
fn no_repeats<T: Eq + Hash + std::fmt::Display>(v: &mut Violations, field: &str, list: &[T]) {
    let mut seen = HashSet::new();
    for (i, item) in list.iter().enumerate() {
        if !seen.insert(item) {
            v.add(
                format!("/{field}/{i}"),
                msg!("code-listed-twice", code = item.to_string()),
            );
        }
    }
}

impl CooperationRequestInput {
    pub(super) fn check_rules(&mut self) -> Violations {
        let mut v = Violations::of(self);
        if self.sectors.is_empty() {
            v.add("/sectors", msg!("needs-sector"));
        }
        if self.languages.is_empty() {
            v.add("/languages", msg!("needs-language"));
        }
        for (i, code) in self.sectors.iter().enumerate() {
            if code.len() != 5 {
                v.add(
                    format!("/sectors/{i}"),
                    msg!("sector-not-five-digits", code = format!("{code:?}")),
                );
            } else {
                v.code(
                    format!("/sectors/{i}"),
                    codelists::sectors(),
                    code,
                    "DAC sector",
                );
            }
        }
        no_repeats(&mut v, "sectors", &self.sectors);
        for (i, target) in self.sdg_targets.iter().enumerate() {
            v.code(
                format!("/sdg_targets/{i}"),
                codelists::sdg_targets(),
                target,
                "SDG target",
            );
        }
        no_repeats(&mut v, "sdg_targets", &self.sdg_targets);
        no_repeats(&mut v, "formats", &self.formats);
        for (i, language) in self.languages.iter().enumerate() {
            v.code(
                format!("/languages/{i}"),
                codelists::languages(),
                language,
                "language",
            );
        }
        no_repeats(&mut v, "languages", &self.languages);
        if let (Some(from), Some(to)) = (self.desired_start_from, self.desired_start_to)
            && to < from
        {
            v.add(
                "/desired_start_to",
                msg!(
                    "desired-start-order",
                    to = to.to_string(),
                    from = from.to_string()
                ),
            );
        }
        v
    }

    /// The SDG goals of its targets, each once, in order.
    pub fn sdg_goals(&self) -> Vec<i32> {
        let mut goals = Vec::new();
        for target in &self.sdg_targets {
            if let Some(goal) = target.split('.').next().and_then(|g| g.parse().ok())
                && !goals.contains(&goal)
            {
                goals.push(goal);
            }
        }
        goals
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;

    fn request() -> CooperationRequestInput {
        serde_json::from_value(json!({
            "requesting_organisation": "0193a6a0-0001-7000-8000-000000000003",
            "channel": "direct",
            "title": {"es": "Vigilancia epidemiológica"},
            "problem_statement": {"es": "Detección temprana de brotes."},
            "sectors": ["31195"], "sdg_targets": ["2.4"],
            "formats": ["expert_mission"], "languages": ["es"],
            "visibility": "restricted"
        }))
        .unwrap()
    }

    fn pointers(v: Violations) -> Vec<String> {
        v.into_result()
            .err()
            .map(|e| {
                let mut p: Vec<String> = e.errors.into_iter().filter_map(|e| e.pointer).collect();
                p.sort();
                p
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_complete_request_passes() {
        assert!(pointers(request().check_rules()).is_empty());
    }

    #[test]
    fn codes_lists_and_the_start_window_are_checked() {
        let mut r = request();
        r.sectors = vec!["311".into(), "31195".into(), "31195".into()];
        r.sdg_targets = vec!["99.9".into()];
        r.languages = vec![];
        r.desired_start_from = NaiveDate::from_ymd_opt(2027, 6, 1);
        r.desired_start_to = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(
            pointers(r.check_rules()),
            [
                "/desired_start_to",
                "/languages",
                "/sdg_targets/0",
                "/sectors/0",
                "/sectors/2"
            ]
        );
    }

    #[test]
    fn goals_come_from_targets_once_each() {
        let mut r = request();
        r.sdg_targets = vec!["2.4".into(), "2.3".into(), "17.b".into()];
        assert_eq!(r.sdg_goals(), [2, 17]);
    }
}
