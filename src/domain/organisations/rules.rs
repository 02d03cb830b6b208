//! The rules of an organisation that need no database.

use super::*;
use crate::msg;

impl OrganisationInput {
    /// Trim surrounding whitespace from free text; codes are taken as given.
    pub(super) fn normalise(&mut self) {
        self.name = self.name.trim().to_owned();
        for text in [&mut self.acronym, &mut self.iati_identifier]
            .into_iter()
            .flatten()
        {
            *text = text.trim().to_owned();
        }
    }

    /// Every rule that can be checked without the database.
    pub(super) fn violations(&self) -> Violations {
        let mut v = Violations::of(self);
        v.code(
            "/organisation_type",
            codelists::organisation_types(),
            &self.organisation_type,
            "organisation type",
        );
        match &self.country_code {
            Some(code) => {
                v.code(
                    "/country_code",
                    codelists::countries(),
                    code,
                    "country code",
                );
                if self.organisation_type == MULTILATERAL_ORGANISATION_TYPE {
                    v.add("/country_code", msg!("multilateral-without-country"));
                }
            }
            None if GOVERNMENT_TYPES.contains(&self.organisation_type.as_str()) => {
                v.add("/country_code", msg!("government-needs-country"));
            }
            None => {}
        }
        if let Some(identifier) = &self.iati_identifier
            && !valid_iati_identifier(identifier)
        {
            v.add(
                "/iati_identifier",
                msg!("organisation-identifier-format", example = "XM-DAC-41114"),
            );
        }
        v
    }
}

fn valid_iati_identifier(identifier: &str) -> bool {
    identifier.contains('-')
        && !identifier.starts_with('-')
        && !identifier.ends_with('-')
        && identifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:".contains(&b))
}
