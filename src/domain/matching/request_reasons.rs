//! The reasons a request could be served by a capacity: the same criteria, points and
//! codes as a capacity's reasons (`reasons.rs`), their sentences written from the
//! request's side ("Asks for a sector the capacity works in: …").

use crate::codelists;
use crate::domain::matching::reasons::{Explain, format_names, owned, words_found};
use crate::domain::matching::{Criterion, MatchReason, points};
use crate::l10n::{Language, Message, and_list};

/// Writes a request's reasons in one language.
pub struct ExplainRequest {
    explain: Explain,
}

impl ExplainRequest {
    pub fn new(language: Language) -> Self {
        ExplainRequest {
            explain: Explain::new(language),
        }
    }

    pub fn sectors(&self, codes: &[&str]) -> MatchReason {
        let sectors = self.explain.named_list(codelists::sectors(), codes);
        let sentence = Message::new("matching-request-sector").arg("sectors", sectors);
        let points = points::SECTOR;
        self.explain
            .reason(Criterion::Sector, points, owned(codes), sentence)
    }

    pub fn sector_categories(&self, codes: &[&str]) -> MatchReason {
        let categories = self
            .explain
            .named_list(codelists::sector_categories(), codes);
        let sentence =
            Message::new("matching-request-sector-category").arg("categories", categories);
        let points = points::SECTOR_CATEGORY;
        self.explain
            .reason(Criterion::SectorCategory, points, owned(codes), sentence)
    }

    pub fn sdg_targets(&self, codes: &[&str]) -> MatchReason {
        let sentence =
            Message::new("matching-request-sdg-target").arg("targets", and_list(owned(codes)));
        let points = points::SDG_TARGET;
        self.explain
            .reason(Criterion::SdgTarget, points, owned(codes), sentence)
    }

    pub fn sdg_goals(&self, codes: &[&str]) -> MatchReason {
        let goals = self.explain.named_list(codelists::sdg_goals(), codes);
        let sentence = Message::new("matching-request-sdg-goal").arg("goals", goals);
        let points = points::SDG_GOAL;
        self.explain
            .reason(Criterion::SdgGoal, points, owned(codes), sentence)
    }

    pub fn formats(&self, formats: Option<&Vec<String>>) -> Option<MatchReason> {
        let formats = formats.filter(|f| !f.is_empty())?;
        let sentence =
            Message::new("matching-request-format").arg("formats", format_names(formats));
        let points = points::FORMAT;
        Some(
            self.explain
                .reason(Criterion::Format, points, formats.clone(), sentence),
        )
    }

    pub fn languages(&self, languages: Option<&Vec<String>>) -> Option<MatchReason> {
        let languages = languages.filter(|l| !l.is_empty())?;
        let codes: Vec<&str> = languages.iter().map(String::as_str).collect();
        let names = self.explain.named_list(codelists::languages(), &codes);
        let sentence = Message::new("matching-request-language").arg("languages", names);
        let points = points::LANGUAGE;
        Some(
            self.explain
                .reason(Criterion::Language, points, languages.clone(), sentence),
        )
    }

    pub fn country_experience(&self, country: &str) -> MatchReason {
        let sentence = Message::new("matching-request-country-experience")
            .arg("country", self.explain.country(country));
        let points = points::COUNTRY_EXPERIENCE;
        let codes = vec![country.to_owned()];
        self.explain
            .reason(Criterion::CountryExperience, points, codes, sentence)
    }

    pub fn region_experience(&self, region: &str, countries: &[String]) -> MatchReason {
        let sentence = Message::new("matching-request-region-experience")
            .arg("region", self.explain.region(region))
            .arg("countries", self.explain.countries(countries));
        let points = points::REGION_EXPERIENCE;
        let codes = vec![region.to_owned()];
        self.explain
            .reason(Criterion::RegionExperience, points, codes, sentence)
    }

    pub fn availability(&self, experts: Option<u32>) -> Option<MatchReason> {
        let n = experts.filter(|n| *n > 0)?;
        let sentence = Message::new("matching-request-availability").arg("experts", n);
        let points = points::AVAILABILITY;
        Some(
            self.explain
                .reason(Criterion::Availability, points, Vec::new(), sentence),
        )
    }

    /// The text's reason: its points, and the capacity's words found in the request's
    /// folded texts as its codes.
    pub fn text(&self, points: u32, terms: &[String], search_text: &str) -> MatchReason {
        let found = words_found(terms, search_text);
        let sentence = Message::new("matching-request-text").arg("words", and_list(found.iter()));
        self.explain
            .reason(Criterion::Text, points, found, sentence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_speak_from_the_requests_side() {
        let es = ExplainRequest::new(Language::Es);
        let sector = es.sectors(&["31163"]);
        assert_eq!(sector.points, points::SECTOR);
        assert!(
            sector
                .text
                .starts_with("Pide un sector en el que trabaja la capacidad: 31163"),
            "{}",
            sector.text
        );
        let experience = es.country_experience("BO");
        assert_eq!(experience.codes, ["BO"]);
        assert!(
            experience
                .text
                .ends_with("Bolivia (Estado Plurinacional de)."),
            "{}",
            experience.text
        );
        assert_eq!(
            ExplainRequest::new(Language::En)
                .availability(Some(1))
                .unwrap()
                .text,
            "The capacity has 1 expert available."
        );
        assert_eq!(
            ExplainRequest::new(Language::Pt)
                .availability(Some(3))
                .unwrap()
                .text,
            "A capacidade tem 3 especialistas disponíveis."
        );
        assert!(
            ExplainRequest::new(Language::Fr)
                .availability(Some(0))
                .is_none()
        );
        let text = ExplainRequest::new(Language::Fr).text(
            7,
            &["riego".to_owned(), "miel".to_owned()],
            "riego por goteo",
        );
        assert_eq!(text.codes, ["riego"]);
        assert_eq!(
            text.text,
            "Ses textes traitent de ce que propose la capacité : riego."
        );
    }
}
