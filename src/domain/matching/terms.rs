//! A request's key words: what the full-text search looks for in the capacities' texts.

use crate::text::fold;

pub use crate::store::matching::MAX_TERMS;

/// Words too common to tell capacities apart, in the four working languages (folded), and
/// the words nearly every cooperation text uses.
const STOP_WORDS: &[&str] = &[
    // Spanish
    "los",
    "las",
    "del",
    "con",
    "para",
    "por",
    "una",
    "uno",
    "unos",
    "unas",
    "que",
    "como",
    "sus",
    "mas",
    "entre",
    "sobre",
    "desde",
    "hasta",
    "este",
    "esta",
    "estos",
    "estas",
    "ese",
    "esa",
    "son",
    "ser",
    "sin",
    "segun",
    "tambien",
    "cada",
    "otros",
    "otras",
    "nuestro",
    "nuestra",
    "al",
    "el",
    "la",
    "lo",
    "en",
    "de",
    "y",
    "o",
    // Portuguese
    "dos",
    "das",
    "nos",
    "nas",
    "com",
    "uma",
    "seu",
    "sua",
    "seus",
    "suas",
    "pelo",
    "pela",
    "pelos",
    "pelas",
    "aos",
    "num",
    "numa",
    "ate",
    "tambem",
    "entre",
    "sao",
    // English
    "the",
    "and",
    "for",
    "with",
    "from",
    "that",
    "this",
    "into",
    "their",
    "are",
    "was",
    "were",
    "its",
    "our",
    "has",
    "have",
    "which",
    "who",
    "will",
    "can",
    "all",
    "through",
    // French
    "des",
    "les",
    "une",
    "pour",
    "par",
    "avec",
    "dans",
    "sur",
    "aux",
    "qui",
    "est",
    "leur",
    "leurs",
    "ces",
    "cette",
    "ses",
    "son",
    "afin",
    "ainsi",
    "entre",
    // Cooperation's own
    "fortalecimiento",
    "fortalecer",
    "fortalecimento",
    "strengthening",
    "strengthen",
    "renforcement",
    "renforcer",
    "apoyo",
    "apoio",
    "support",
    "appui",
    "capacidades",
    "capacities",
    "capacites",
    "cooperacion",
    "cooperacao",
    "cooperation",
    "proyecto",
    "projeto",
    "project",
    "projet",
    "desarrollo",
    "desenvolvimento",
    "development",
    "developpement",
];

/// The distinct words of `texts` worth searching: folded (lower case, no accents), made of
/// letters and digits only, at least three characters, not a stop word; at most
/// [`MAX_TERMS`], in the order first found.
pub fn key_terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for text in texts {
        for word in fold(text).split(|c: char| !c.is_alphanumeric()) {
            if terms.len() == MAX_TERMS {
                return terms;
            }
            if word.chars().count() < 3 || STOP_WORDS.contains(&word) {
                continue;
            }
            if !terms.iter().any(|t| t == word) {
                terms.push(word.to_owned());
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_drops_what_tells_nothing() {
        assert_eq!(
            key_terms([
                "Fortalecimiento de la producción lechera",
                "Producción y riego por goteo; RIEGO!",
            ]),
            ["produccion", "lechera", "riego", "goteo"]
        );
    }

    #[test]
    fn keeps_only_letters_and_digits() {
        assert_eq!(
            key_terms(["\"quoted\" OR NEAR(x) a*b col:umn 2030"]),
            ["quoted", "near", "col", "umn", "2030"]
        );
    }

    #[test]
    fn bounded_however_long_the_text() {
        let text: String = (0..10_000).map(|n| format!("word{n} ")).collect();
        assert_eq!(key_terms([text.as_str()]).len(), MAX_TERMS);
    }
}
