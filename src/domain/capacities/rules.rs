//! The rules of a capacity that need no database.

use crate::domain::capacities::CapacityInput;
use crate::domain::match_codes::no_repeats;
use crate::msg;
use crate::validation::Violations;

impl CapacityInput {
    pub(super) fn check_rules(&mut self) -> Violations {
        let mut v = Violations::of(self);
        for (field, empty, what) in [
            (
                "offering_organisations",
                self.offering_organisations.is_empty(),
                msg!("needs-organisation"),
            ),
            ("sectors", self.sectors.is_empty(), msg!("needs-sector")),
            ("formats", self.formats.is_empty(), msg!("needs-format")),
            (
                "languages",
                self.languages.is_empty(),
                msg!("needs-language"),
            ),
        ] {
            if empty {
                v.add(format!("/{field}"), what);
            }
        }
        no_repeats(
            &mut v,
            "offering_organisations",
            &self.offering_organisations,
        );
        self.codes().check(&mut v);
        v
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::domain::capacities::{Capacity, CapacityFilters, CapacityFormat, CapacityStatus};
    use crate::domain::list_query::ListFilters;
    use crate::domain::vocabulary::Visibility;

    fn valid() -> CapacityInput {
        CapacityInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            offering_organisations: vec![Uuid::now_v7()],
            title: crate::domain::documents::es(" Mejoramiento genético de pasturas "),
            description: crate::domain::documents::es("Forrajeras adaptadas a sequía."),
            what_partners_learn: None,
            sectors: vec!["31182".into(), "31166".into()],
            sdg_targets: vec!["2.4".into(), "2.3".into(), "13.1".into()],
            formats: vec![CapacityFormat::ExpertMission],
            languages: vec!["es".into(), "en".into()],
            typical_duration_days: Some(10),
            experts_available: Some(4),
            in_kind_expert_days: Some(40),
            status: CapacityStatus::Active,
            visibility: Visibility::Public,
        }
    }

    #[track_caller]
    fn violated(mut input: CapacityInput, pointer: &str, message: &str) {
        input.check_rules().assert_has(pointer, message);
    }

    #[test]
    fn a_valid_capacity_passes_normalised() {
        let mut input = valid();
        assert!(input.check_rules().is_empty());
        crate::domain::record::check_all::<Capacity>(&mut input).unwrap();
        assert_eq!(input.title["es"], "Mejoramiento genético de pasturas");
        assert_eq!(input.codes().sdg_goals(), [2, 13]);
    }

    #[test]
    fn lists_are_not_empty_and_do_not_repeat() {
        let mut input = valid();
        input.offering_organisations.clear();
        violated(
            input,
            "/offering_organisations",
            "at least one organisation",
        );
        let mut input = valid();
        input.formats.clear();
        violated(input, "/formats", "at least one format");
        let mut input = valid();
        input.languages.clear();
        violated(input, "/languages", "at least one language");
        let mut input = valid();
        input.sectors.clear();
        violated(input, "/sectors", "at least one DAC sector");
        let mut input = valid();
        input.formats = vec![CapacityFormat::Internship, CapacityFormat::Internship];
        violated(input, "/formats/1", "listed twice");
        let mut input = valid();
        input.sectors.push("31182".into());
        violated(input, "/sectors/2", "listed twice");
    }

    #[test]
    fn codes_are_known_and_active() {
        let mut input = valid();
        input.sectors = vec!["311".into()];
        violated(input, "/sectors/0", "5-digit");
        let mut input = valid();
        input.sectors = vec!["99999".into()];
        violated(input, "/sectors/0", "unknown");
        let mut input = valid();
        input.sdg_targets = vec!["2.99".into()];
        violated(input, "/sdg_targets/0", "unknown");
        let mut input = valid();
        input.languages = vec!["zz".into()];
        violated(input, "/languages/0", "unknown");
    }

    #[test]
    fn list_filters_are_checked() {
        let bad = |f: fn(&mut CapacityFilters)| {
            let mut query = CapacityFilters::default();
            f(&mut query);
            query
                .check()
                .err()
                .and_then(|e| e.errors[0].parameter.clone())
        };
        assert_eq!(
            bad(|q| q.sector = Some("99999".into())).as_deref(),
            Some("sector")
        );
        assert_eq!(bad(|q| q.sdg = Some(0)).as_deref(), Some("sdg"));
        assert_eq!(
            bad(|q| q.language = Some("zz".into())).as_deref(),
            Some("language")
        );
        let query = CapacityFilters {
            sector: Some("311".into()),
            ..Default::default()
        };
        let filter = query.check().unwrap();
        assert_eq!(
            (filter.sector, filter.sector_category.as_deref()),
            (None, Some("311"))
        );
    }
}
