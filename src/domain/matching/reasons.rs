//! The reasons a capacity matched, as codes and as sentences in the caller's language:
//! what the directorate shows a partner.

use std::collections::HashSet;

use crate::codelists;
use crate::domain::matching::{Criterion, MatchReason, points};
use crate::l10n::{Arg, Language, Message, and_list};

/// Writes reasons in one language.
pub struct Explain {
    language: Language,
}

impl Explain {
    pub fn new(language: Language) -> Self {
        Explain { language }
    }

    /// A reason with its sentence rendered in the language.
    pub(crate) fn reason(
        &self,
        criterion: Criterion,
        points: u32,
        codes: Vec<String>,
        sentence: Message,
    ) -> MatchReason {
        MatchReason {
            criterion,
            points,
            codes,
            text: sentence.render(self.language),
        }
    }

    /// "31120 (Agricultural development)", its name in the caller's language.
    fn named(&self, list: &codelists::Codelist, code: &str) -> String {
        match list.get(code) {
            Some(entry) => format!("{code} ({})", entry.name_in(self.language)),
            None => code.to_owned(),
        }
    }

    /// Codes with their names, as a list in the language.
    pub(crate) fn named_list(&self, list: &codelists::Codelist, codes: &[&str]) -> Arg {
        and_list(codes.iter().map(|c| self.named(list, c)))
    }

    pub fn sectors(&self, codes: &[&str]) -> MatchReason {
        let sectors = self.named_list(codelists::sectors(), codes);
        let sentence = Message::new("matching-sector").arg("sectors", sectors);
        self.reason(Criterion::Sector, points::SECTOR, owned(codes), sentence)
    }

    pub fn sector_categories(&self, codes: &[&str]) -> MatchReason {
        let categories = self.named_list(codelists::sector_categories(), codes);
        let sentence = Message::new("matching-sector-category").arg("categories", categories);
        let points = points::SECTOR_CATEGORY;
        self.reason(Criterion::SectorCategory, points, owned(codes), sentence)
    }

    pub fn sdg_targets(&self, codes: &[&str]) -> MatchReason {
        let sentence = Message::new("matching-sdg-target").arg("targets", and_list(owned(codes)));
        self.reason(
            Criterion::SdgTarget,
            points::SDG_TARGET,
            owned(codes),
            sentence,
        )
    }

    pub fn sdg_goals(&self, codes: &[&str]) -> MatchReason {
        let goals = self.named_list(codelists::sdg_goals(), codes);
        let sentence = Message::new("matching-sdg-goal").arg("goals", goals);
        self.reason(Criterion::SdgGoal, points::SDG_GOAL, owned(codes), sentence)
    }

    pub fn formats(&self, formats: Option<&Vec<String>>) -> Option<MatchReason> {
        let formats = formats.filter(|f| !f.is_empty())?;
        let names = format_names(formats);
        let sentence = Message::new("matching-format").arg("formats", names);
        Some(self.reason(Criterion::Format, points::FORMAT, formats.clone(), sentence))
    }

    pub fn languages(&self, languages: Option<&Vec<String>>) -> Option<MatchReason> {
        let languages = languages.filter(|l| !l.is_empty())?;
        let codes: Vec<&str> = languages.iter().map(String::as_str).collect();
        let names = self.named_list(codelists::languages(), &codes);
        let sentence = Message::new("matching-language").arg("languages", names);
        let points = points::LANGUAGE;
        Some(self.reason(Criterion::Language, points, languages.clone(), sentence))
    }

    pub fn country_experience(&self, country: &str) -> MatchReason {
        let sentence =
            Message::new("matching-country-experience").arg("country", self.country(country));
        let points = points::COUNTRY_EXPERIENCE;
        self.reason(
            Criterion::CountryExperience,
            points,
            vec![country.to_owned()],
            sentence,
        )
    }

    pub fn region_experience(&self, region: &str, countries: &[String]) -> MatchReason {
        let sentence = Message::new("matching-region-experience")
            .arg("region", self.region(region))
            .arg("countries", self.countries(countries));
        let points = points::REGION_EXPERIENCE;
        self.reason(
            Criterion::RegionExperience,
            points,
            vec![region.to_owned()],
            sentence,
        )
    }

    pub fn availability(&self, experts: Option<i32>) -> Option<MatchReason> {
        let n = experts.filter(|n| *n > 0)?;
        let sentence = Message::new("matching-availability").arg("experts", n);
        let points = points::AVAILABILITY;
        Some(self.reason(Criterion::Availability, points, Vec::new(), sentence))
    }

    /// The points of texts holding `matched` of the demand's key words when the closest
    /// candidate's hold `best`: a share of [`points::TEXT`], rounded half up as the
    /// ranking query does.
    pub fn text_points(matched: i64, best: i64) -> u32 {
        if best <= 0 || matched <= 0 {
            return 0;
        }
        let text = i64::from(points::TEXT);
        let points = (2 * text * matched.min(best) + best) / (2 * best);
        u32::try_from(points.max(1)).unwrap_or(0)
    }

    /// The text's reason: its points, and the request's words found in the capacity's
    /// folded texts as its codes.
    pub fn text(&self, points: u32, terms: &[String], search_text: &str) -> MatchReason {
        let found = words_found(terms, search_text);
        let sentence = Message::new("matching-text").arg("words", and_list(found.iter()));
        self.reason(Criterion::Text, points, found, sentence)
    }

    /// A DAC region's name: "South America, regional" names the region's projects; the
    /// region is "South America".
    pub(crate) fn region(&self, region: &str) -> String {
        match codelists::regions().get(region) {
            Some(entry) => {
                let name = entry.name_in(self.language);
                let bare = name
                    .trim_end_matches(", regional")
                    .trim_end_matches(", régional");
                bare.to_owned()
            }
            None => region.to_owned(),
        }
    }

    /// Countries' names, as a list in the language.
    pub(crate) fn countries(&self, codes: &[String]) -> Arg {
        and_list(codes.iter().map(|c| self.country(c)))
    }

    /// A country's name in the language.
    pub(crate) fn country(&self, code: &str) -> String {
        match codelists::countries().get(code) {
            Some(entry) => entry.name_in(self.language),
            None => code.to_owned(),
        }
    }
}

/// Of `terms`, those that are words of the folded `search_text`, in the terms' order.
pub(crate) fn words_found(terms: &[String], search_text: &str) -> Vec<String> {
    let words: HashSet<&str> = search_text.split(|c: char| !c.is_alphanumeric()).collect();
    terms
        .iter()
        .filter(|t| words.contains(t.as_str()))
        .cloned()
        .collect()
}

/// Formats' names from the catalogue, as a list.
pub(crate) fn format_names(formats: &[String]) -> Arg {
    and_list(formats.iter().map(|f| format_name(f)))
}

pub(crate) fn owned(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

/// A capacity format's name, from the catalogue.
fn format_name(format: &str) -> crate::l10n::Text {
    let key = match format {
        "expert_mission" => "matching-format-expert-mission",
        "training_course" => "matching-format-training-course",
        "internship" => "matching-format-internship",
        "study_visit" => "matching-format-study-visit",
        "remote_advice" => "matching-format-remote-advice",
        "tools_and_publications" => "matching-format-tools-and-publications",
        other => return other.into(),
    };
    Message::new(key).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_codes_in_the_language() {
        let explain = Explain::new(Language::Es);
        let reason = explain.country_experience("BO");
        assert_eq!(reason.codes, ["BO"]);
        assert!(reason.text.contains("Bolivia"), "{}", reason.text);
        let one = Explain::new(Language::En).availability(Some(1)).unwrap();
        assert_eq!(one.text, "1 expert is available.");
        assert!(Explain::new(Language::En).availability(Some(0)).is_none());
    }

    #[test]
    fn text_points_follow_relevance_and_name_the_words() {
        let terms = ["riego".to_owned(), "goteo".to_owned(), "cuenca".to_owned()];
        assert_eq!(Explain::text_points(1, 2), points::TEXT / 2);
        assert_eq!(Explain::text_points(3, 3), points::TEXT);
        assert_eq!(Explain::text_points(1, 32), 1);
        assert_eq!(Explain::text_points(1, 3), 7);
        assert_eq!(Explain::text_points(0, 2), 0);
        let reason = Explain::new(Language::En).text(10, &terms, "riego por goteo en valles");
        assert_eq!(reason.codes, ["riego", "goteo"]);
        assert_eq!(
            Explain::new(Language::Es)
                .text(10, &terms, "riego y goteo")
                .text,
            "Sus textos tratan lo que pide la solicitud: riego y goteo."
        );
    }

    #[test]
    fn counts_and_lists_as_each_language_writes_them() {
        let experts = |language, n| Explain::new(language).availability(Some(n)).unwrap().text;
        assert_eq!(experts(Language::Es, 1), "Hay 1 experto disponible.");
        assert_eq!(experts(Language::Es, 3), "Hay 3 expertos disponibles.");
        assert_eq!(experts(Language::Pt, 2), "Há 2 especialistas disponíveis.");
        assert_eq!(experts(Language::Fr, 1), "1 expert est disponible.");
        let formats = [
            "internship".to_owned(),
            "study_visit".to_owned(),
            "remote_advice".to_owned(),
        ];
        let format = |language| {
            Explain::new(language)
                .formats(Some(&formats.to_vec()))
                .unwrap()
                .text
        };
        assert_eq!(
            format(Language::Pt),
            "Oferece a modalidade preferida: estágio, visita de estudo e assessoria a distância."
        );
        assert_eq!(
            format(Language::Fr),
            "Propose la modalité souhaitée : stage, visite d’étude et conseil à distance."
        );
    }
}
