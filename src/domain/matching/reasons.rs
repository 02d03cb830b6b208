//! The reasons a capacity matched, as codes and as sentences in the caller's language:
//! what the directorate shows a partner.

use std::collections::HashSet;

use crate::codelists::{self, CodeEntry};
use crate::domain::matching::{Criterion, MatchReason, points};

/// The languages reasons are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    En,
    Es,
    Pt,
    Fr,
}

/// The language a request's `Accept-Language` asks for.
impl actix_web::FromRequest for Language {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let header = req
            .headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        std::future::ready(Ok(Language::from_accept_language(header)))
    }
}

impl Language {
    /// The first of the four that `Accept-Language` asks for, by weight (ties keep the
    /// header's order; a region such as `es-AR` counts as its language); English when it
    /// names none of them.
    pub fn from_accept_language(header: Option<&str>) -> Language {
        let Some(header) = header else {
            return Language::En;
        };
        let mut best: Option<(f32, Language)> = None;
        for range in header.split(',').take(20) {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
            let language = match primary.as_str() {
                "en" => Language::En,
                "es" => Language::Es,
                "pt" => Language::Pt,
                "fr" => Language::Fr,
                _ => continue,
            };
            if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, language));
            }
        }
        best.map_or(Language::En, |(_, l)| l)
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Pt => "pt",
            Language::Fr => "fr",
        }
    }

    /// One sentence in this language: `[en, es, pt, fr]`.
    fn pick(self, sentences: [String; 4]) -> String {
        let [en, es, pt, fr] = sentences;
        match self {
            Language::En => en,
            Language::Es => es,
            Language::Pt => pt,
            Language::Fr => fr,
        }
    }

    /// `items` joined as people write a list: "a, b and c".
    fn and_list(self, items: &[String]) -> String {
        let and = match self {
            Language::En => "and",
            Language::Es => "y",
            Language::Pt => "e",
            Language::Fr => "et",
        };
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
        }
    }

    /// A code's name in this language; Portuguese falls back to Spanish (closer to it
    /// than English), the others to English.
    fn name_of(self, entry: &CodeEntry) -> String {
        let name = match self {
            Language::En => None,
            Language::Es => entry.es.as_ref(),
            Language::Pt => entry.pt.as_ref().or(entry.es.as_ref()),
            Language::Fr => entry.fr.as_ref(),
        };
        name.unwrap_or(&entry.en).clone()
    }
}

/// Writes reasons in one language.
pub struct Explain {
    language: Language,
}

impl Explain {
    pub fn new(language: Language) -> Self {
        Explain { language }
    }

    fn reason(
        &self,
        criterion: Criterion,
        points: u32,
        codes: Vec<String>,
        sentences: [String; 4],
    ) -> MatchReason {
        MatchReason {
            criterion,
            points,
            codes,
            text: self.language.pick(sentences),
        }
    }

    /// "31120 (Agricultural development)", its name in the caller's language.
    fn named(&self, list: &codelists::Codelist, code: &str) -> String {
        match list.get(code) {
            Some(entry) => format!("{code} ({})", self.language.name_of(entry)),
            None => code.to_owned(),
        }
    }

    fn named_list(&self, list: &codelists::Codelist, codes: &[&str]) -> String {
        let named: Vec<String> = codes.iter().map(|c| self.named(list, c)).collect();
        self.language.and_list(&named)
    }

    pub fn sectors(&self, codes: &[&str]) -> MatchReason {
        let l = self.named_list(codelists::sectors(), codes);
        self.reason(
            Criterion::Sector,
            points::SECTOR,
            owned(codes),
            [
                format!("Works in the sector asked for: {l}."),
                format!("Trabaja en el sector solicitado: {l}."),
                format!("Atua no setor solicitado: {l}."),
                format!("Intervient dans le secteur demandé : {l}."),
            ],
        )
    }

    pub fn sector_categories(&self, codes: &[&str]) -> MatchReason {
        let l = self.named_list(codelists::sector_categories(), codes);
        self.reason(
            Criterion::SectorCategory,
            points::SECTOR_CATEGORY,
            owned(codes),
            [
                format!("Works in a neighbouring sector of the same category: {l}."),
                format!("Trabaja en un sector vecino de la misma categoría: {l}."),
                format!("Atua em um setor vizinho da mesma categoria: {l}."),
                format!("Intervient dans un secteur voisin de la même catégorie : {l}."),
            ],
        )
    }

    pub fn sdg_targets(&self, codes: &[&str]) -> MatchReason {
        let l = self.language.and_list(&owned(codes));
        self.reason(
            Criterion::SdgTarget,
            points::SDG_TARGET,
            owned(codes),
            [
                format!("Contributes to the same SDG targets: {l}."),
                format!("Contribuye a las mismas metas de los ODS: {l}."),
                format!("Contribui para as mesmas metas dos ODS: {l}."),
                format!("Contribue aux mêmes cibles des ODD : {l}."),
            ],
        )
    }

    pub fn sdg_goals(&self, codes: &[&str]) -> MatchReason {
        let l = self.named_list(codelists::sdg_goals(), codes);
        self.reason(
            Criterion::SdgGoal,
            points::SDG_GOAL,
            owned(codes),
            [
                format!("Contributes to the same Sustainable Development Goals: {l}."),
                format!("Contribuye a los mismos Objetivos de Desarrollo Sostenible: {l}."),
                format!("Contribui para os mesmos Objetivos de Desenvolvimento Sustentável: {l}."),
                format!("Contribue aux mêmes objectifs de développement durable : {l}."),
            ],
        )
    }

    pub fn formats(&self, formats: Option<&Vec<String>>) -> Option<MatchReason> {
        let formats = formats.filter(|f| !f.is_empty())?;
        let names: Vec<String> = formats
            .iter()
            .map(|f| format_name(self.language, f))
            .collect();
        let l = self.language.and_list(&names);
        Some(self.reason(
            Criterion::Format,
            points::FORMAT,
            formats.clone(),
            [
                format!("Offers the format preferred: {l}."),
                format!("Ofrece la modalidad preferida: {l}."),
                format!("Oferece a modalidade preferida: {l}."),
                format!("Propose la modalité souhaitée : {l}."),
            ],
        ))
    }

    pub fn languages(&self, languages: Option<&Vec<String>>) -> Option<MatchReason> {
        let languages = languages.filter(|l| !l.is_empty())?;
        let codes: Vec<&str> = languages.iter().map(String::as_str).collect();
        let l = self.named_list(codelists::languages(), &codes);
        Some(self.reason(
            Criterion::Language,
            points::LANGUAGE,
            languages.clone(),
            [
                format!("Its experts work in the language preferred: {l}."),
                format!("Sus expertos trabajan en el idioma preferido: {l}."),
                format!("Seus especialistas trabalham no idioma preferido: {l}."),
                format!("Ses experts travaillent dans la langue souhaitée : {l}."),
            ],
        ))
    }

    pub fn country_experience(&self, country: &str) -> MatchReason {
        let c = self.country(country);
        self.reason(
            Criterion::CountryExperience,
            points::COUNTRY_EXPERIENCE,
            vec![country.to_owned()],
            [
                format!("Has already delivered a project in {c}."),
                format!("Ya ejecutó un proyecto en {c}."),
                format!("Já executou um projeto em {c}."),
                format!("A déjà mené un projet dans ce pays : {c}."),
            ],
        )
    }

    pub fn region_experience(&self, region: &str, countries: &[String]) -> MatchReason {
        // "South America, regional" names the region's projects; the region is "South America".
        let r = match codelists::regions().get(region) {
            Some(entry) => {
                let name = self.language.name_of(entry);
                let bare = name
                    .trim_end_matches(", regional")
                    .trim_end_matches(", régional");
                bare.to_owned()
            }
            None => region.to_owned(),
        };
        let names: Vec<String> = countries.iter().map(|c| self.country(c)).collect();
        let l = self.language.and_list(&names);
        self.reason(
            Criterion::RegionExperience,
            points::REGION_EXPERIENCE,
            vec![region.to_owned()],
            [
                format!("Has delivered projects in the same region ({r}): {l}."),
                format!("Ejecutó proyectos en la misma región ({r}): {l}."),
                format!("Executou projetos na mesma região ({r}): {l}."),
                format!("A mené des projets dans la même région ({r}) : {l}."),
            ],
        )
    }

    pub fn availability(&self, experts: Option<i32>) -> Option<MatchReason> {
        let n = experts.filter(|n| *n > 0)?;
        let (en, es, pt, fr) = if n == 1 {
            (
                "1 expert is available.".to_owned(),
                "Hay 1 experto disponible.".to_owned(),
                "Há 1 especialista disponível.".to_owned(),
                "1 expert est disponible.".to_owned(),
            )
        } else {
            (
                format!("{n} experts are available."),
                format!("Hay {n} expertos disponibles."),
                format!("Há {n} especialistas disponíveis."),
                format!("{n} experts sont disponibles."),
            )
        };
        Some(self.reason(
            Criterion::Availability,
            points::AVAILABILITY,
            Vec::new(),
            [en, es, pt, fr],
        ))
    }

    /// The points of texts as close as `relevance` when the closest candidate's is `best`.
    pub fn text_points(relevance: f64, best: f64) -> u32 {
        if best <= 0.0 || relevance <= 0.0 {
            return 0;
        }
        let share = (relevance / best).min(1.0);
        (share * f64::from(points::TEXT)).round().max(1.0) as u32
    }

    /// The text's reason: its points, and the request's words found in the capacity's
    /// folded texts as its codes.
    pub fn text(&self, points: u32, terms: &[String], search_text: &str) -> MatchReason {
        let words: HashSet<&str> = search_text.split(|c: char| !c.is_alphanumeric()).collect();
        let found: Vec<String> = terms
            .iter()
            .filter(|t| words.contains(t.as_str()))
            .cloned()
            .collect();
        let l = self.language.and_list(&found);
        self.reason(
            Criterion::Text,
            points,
            found,
            [
                format!("Its texts speak of what the request asks: {l}."),
                format!("Sus textos tratan lo que pide la solicitud: {l}."),
                format!("Seus textos tratam do que a solicitação pede: {l}."),
                format!("Ses textes traitent de ce que demande la requête : {l}."),
            ],
        )
    }

    fn country(&self, code: &str) -> String {
        match codelists::countries().get(code) {
            Some(entry) => self.language.name_of(entry),
            None => code.to_owned(),
        }
    }
}

fn owned(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

/// A capacity format's name.
fn format_name(language: Language, format: &str) -> String {
    let [en, es, pt, fr] = match format {
        "expert_mission" => [
            "expert mission",
            "misión de expertos",
            "missão de especialistas",
            "mission d’experts",
        ],
        "training_course" => [
            "training course",
            "curso de capacitación",
            "curso de capacitação",
            "formation",
        ],
        "internship" => ["internship", "pasantía", "estágio", "stage"],
        "study_visit" => [
            "study visit",
            "visita de estudio",
            "visita de estudo",
            "visite d’étude",
        ],
        "remote_advice" => [
            "remote advice",
            "asesoría a distancia",
            "assessoria a distância",
            "conseil à distance",
        ],
        "tools_and_publications" => [
            "tools and publications",
            "herramientas y publicaciones",
            "ferramentas e publicações",
            "outils et publications",
        ],
        other => [other; 4],
    };
    language.pick([en, es, pt, fr].map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_by_weight_and_region() {
        let pick = |h| Language::from_accept_language(Some(h));
        assert_eq!(pick("es-AR,es;q=0.9,en;q=0.8"), Language::Es);
        assert_eq!(pick("de-DE, fr;q=0.5, pt-BR;q=0.7"), Language::Pt);
        assert_eq!(pick("de, ja"), Language::En);
        assert_eq!(pick("fr;q=0, es;q=0.1"), Language::Es);
        assert_eq!(Language::from_accept_language(None), Language::En);
    }

    #[test]
    fn lists_as_people_write_them() {
        let items = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(Language::Es.and_list(&items), "a, b y c");
        assert_eq!(Language::Pt.and_list(&items[..2]), "a e b");
        assert_eq!(Language::Fr.and_list(&items[..1]), "a");
    }

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
        assert_eq!(Explain::text_points(1.0, 2.0), points::TEXT / 2);
        assert_eq!(Explain::text_points(0.001, 2.0), 1);
        assert_eq!(Explain::text_points(0.0, 2.0), 0);
        let reason = Explain::new(Language::En).text(10, &terms, "riego por goteo en valles");
        assert_eq!(reason.codes, ["riego", "goteo"]);
    }
}
