//! The rules of a cooperation request that need no database.

use crate::domain::cooperation_requests::CooperationRequestInput;
use crate::msg;
use crate::validation::Violations;

impl CooperationRequestInput {
    pub(super) fn check_rules(&mut self) -> Violations {
        let mut v = Violations::of(self);
        if self.sectors.is_empty() {
            v.add("/sectors", msg!("needs-sector"));
        }
        if self.languages.is_empty() {
            v.add("/languages", msg!("needs-language"));
        }
        self.codes().check(&mut v);
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
        assert_eq!(r.codes().sdg_goals(), [2, 17]);
    }
}
