//! The rules of a policy exchange that need no database.

use std::collections::HashSet;

use chrono::NaiveDate;
use uuid::Uuid;

use crate::codelists;
use crate::domain::exchanges::{ExchangeInput, ExchangeStatus};
use crate::msg;
use crate::validation::Violations;

impl ExchangeInput {
    pub(super) fn check_rules(&mut self, today: NaiveDate) -> Violations {
        let mut v = Violations::of(self);
        v.dates(&[
            ("/start_date", Some(self.start_date)),
            ("/end_date", Some(self.end_date)),
        ]);
        v.code(
            "/policy_area",
            codelists::sectors(),
            &self.policy_area,
            "DAC sector",
        );
        if let Some(country) = &self.host_country {
            v.code(
                "/host_country",
                codelists::countries(),
                country,
                "country code",
            );
        }
        let offering: HashSet<Uuid> = self.offering_organisations.iter().copied().collect();
        for (list, field) in [
            (&self.offering_organisations, "offering_organisations"),
            (&self.receiving_organisations, "receiving_organisations"),
        ] {
            if list.is_empty() {
                v.add(format!("/{field}"), msg!("needs-organisation"));
            }
            let mut seen = HashSet::new();
            for (i, id) in list.iter().enumerate() {
                if !seen.insert(id) {
                    v.add(
                        format!("/{field}/{i}"),
                        msg!("organisation-listed-twice", organisation = id.to_string()),
                    );
                }
            }
        }
        for (i, id) in self.receiving_organisations.iter().enumerate() {
            if offering.contains(id) {
                v.add(
                    format!("/receiving_organisations/{i}"),
                    msg!("exchange-with-itself", organisation = id.to_string()),
                );
            }
        }
        if self.start_date > self.end_date {
            v.add("/end_date", msg!("date-not-before", start = "start_date"));
        }
        match (self.participants_total, self.participants_women) {
            (Some(total), Some(women)) if women > total => {
                v.add(
                    "/participants_women",
                    msg!("women-among-participants", women = women, total = total),
                );
            }
            (None, Some(_)) => v.add(
                "/participants_total",
                msg!("participants-total-needed-short"),
            ),
            _ => {}
        }
        let mut goals = HashSet::new();
        for (i, goal) in self.sdg_goals.iter().enumerate() {
            if let Err(message) = codelists::sdg_goals().active(&goal.to_string(), "SDG goal") {
                v.add(format!("/sdg_goals/{i}"), message);
            }
            if !goals.insert(goal) {
                v.add(
                    format!("/sdg_goals/{i}"),
                    msg!("goal-listed-twice", goal = goal.to_string()),
                );
            }
        }
        if self.status == ExchangeStatus::Completed {
            if self.outcomes.is_none() {
                v.add("/outcomes", msg!("exchange-completed-needs-outcomes"));
            }
            if self.end_date > today {
                v.add(
                    "/end_date",
                    msg!("exchange-completed-in-future", today = today.to_string()),
                );
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::exchanges::{ExchangeFilters, ExchangeFormat, PolicyExchange};
    use crate::domain::list_query::ListFilters;
    use crate::domain::vocabulary::Visibility;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    fn valid() -> ExchangeInput {
        ExchangeInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: crate::domain::documents::es(" Intercambio sobre agricultura familiar "),
            policy_area: "31166".into(),
            summary: None,
            offering_organisations: vec![Uuid::now_v7()],
            receiving_organisations: vec![Uuid::now_v7()],
            format: ExchangeFormat::StudyVisit,
            start_date: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            end_date: NaiveDate::from_ymd_opt(2025, 4, 5).unwrap(),
            host_country: Some("AR".into()),
            participants_total: Some(12),
            participants_women: Some(7),
            expert_days: Some(10),
            outcomes: None,
            lessons_learned: Some(crate::domain::documents::es("  Coordinar antes.  ")),
            sdg_goals: vec![2, 5],
            status: ExchangeStatus::Planned,
            project_id: None,
            partnership_id: None,
            visibility: Visibility::Public,
        }
    }

    #[track_caller]
    fn violated(mut input: ExchangeInput, pointer: &str, message: &str) {
        input.check_rules(today()).assert_has(pointer, message);
    }

    #[test]
    fn a_valid_exchange_passes_normalised() {
        let mut input = valid();
        assert!(input.check_rules(today()).is_empty());
        crate::domain::record::check_all::<PolicyExchange>(&mut input).unwrap();
        assert_eq!(input.title["es"], "Intercambio sobre agricultura familiar");
        assert_eq!(input.lessons_learned.unwrap()["es"], "Coordinar antes.");
    }

    #[test]
    fn codes_are_known_and_active() {
        let mut input = valid();
        input.policy_area = "99999".into();
        violated(input, "/policy_area", "unknown");
        let mut input = valid();
        input.policy_area = "11321".into();
        violated(input, "/policy_area", "withdrawn");
        let mut input = valid();
        input.host_country = Some("ZZ".into());
        violated(input, "/host_country", "unknown");
        let mut input = valid();
        input.sdg_goals = vec![2, 18];
        violated(input, "/sdg_goals/1", "unknown");
        let mut input = valid();
        input.sdg_goals = vec![2, 2];
        violated(input, "/sdg_goals/1", "listed twice");
    }

    #[test]
    fn someone_offers_someone_else_receives() {
        let mut input = valid();
        input.offering_organisations.clear();
        violated(
            input,
            "/offering_organisations",
            "at least one organisation",
        );
        let mut input = valid();
        input.receiving_organisations.clear();
        violated(
            input,
            "/receiving_organisations",
            "at least one organisation",
        );
        let mut input = valid();
        input.receiving_organisations = input.offering_organisations.clone();
        violated(input, "/receiving_organisations/0", "also offers");
        let mut input = valid();
        input
            .offering_organisations
            .push(input.offering_organisations[0]);
        violated(input, "/offering_organisations/1", "listed twice");
    }

    #[test]
    fn dates_are_in_order_and_in_range() {
        let mut input = valid();
        input.end_date = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        violated(input, "/end_date", "must not be before start_date");
        let mut input = valid();
        input.start_date = NaiveDate::from_ymd_opt(1899, 12, 31).unwrap();
        violated(input, "/start_date", "must be between");
    }

    #[test]
    fn women_are_counted_among_the_participants() {
        let mut input = valid();
        input.participants_women = Some(13);
        violated(
            input,
            "/participants_women",
            "13 women among 12 participants",
        );
        let mut input = valid();
        input.participants_total = None;
        violated(
            input,
            "/participants_total",
            "needed when participants_women is given",
        );
    }

    #[test]
    fn a_completed_exchange_has_outcomes_and_is_over() {
        let mut input = valid();
        input.status = ExchangeStatus::Completed;
        violated(input.clone(), "/outcomes", "records its outcomes");
        input.outcomes = Some(crate::domain::documents::es("Protocolo adoptado."));
        let mut done = input.clone();
        assert!(done.check_rules(today()).is_empty());
        input.end_date = today().succ_opt().unwrap();
        violated(input, "/end_date", "cannot end in the future");
    }

    #[test]
    fn list_filters_are_checked() {
        let bad = |f: fn(&mut ExchangeFilters)| {
            let mut query = ExchangeFilters::default();
            f(&mut query);
            query
                .check()
                .err()
                .and_then(|e| e.errors[0].parameter.clone())
        };
        assert_eq!(
            bad(|q| q.country = Some("ZZ".into())).as_deref(),
            Some("country")
        );
        assert_eq!(
            bad(|q| q.sector = Some("99999".into())).as_deref(),
            Some("sector")
        );
        assert_eq!(bad(|q| q.sdg = Some(0)).as_deref(), Some("sdg"));
        assert_eq!(
            bad(|q| {
                q.start_from = NaiveDate::from_ymd_opt(2025, 2, 1);
                q.start_to = NaiveDate::from_ymd_opt(2025, 1, 1);
            })
            .as_deref(),
            Some("start_to")
        );
        let mut query = ExchangeFilters {
            sector: Some("311".into()),
            ..Default::default()
        };
        let filter = query.check().unwrap();
        assert_eq!(
            (filter.sector, filter.sector_category.as_deref()),
            (None, Some("311"))
        );
        query.sector = Some("31166".into());
        assert_eq!(query.check().unwrap().sector.as_deref(), Some("31166"));
    }
}
