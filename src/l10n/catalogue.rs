//! The catalogue: one Fluent bundle per language, built once from the `.ftl` files
//! embedded at compile time.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::{Arg, Conjunction, Language, Message, Text};

/// The catalogue's files, the same names in every language's folder.
macro_rules! sources {
    ($($file:literal),* $(,)?) => {
        [
            (Language::En, &[$(include_str!(concat!("../locales/en/", $file))),*]),
            (Language::Es, &[$(include_str!(concat!("../locales/es/", $file))),*]),
            (Language::Pt, &[$(include_str!(concat!("../locales/pt/", $file))),*]),
            (Language::Fr, &[$(include_str!(concat!("../locales/fr/", $file))),*]),
        ]
    };
}

const SOURCES: [(Language, &[&str]); 4] = sources!(
    "grammar.ftl",
    "problems.ftl",
    "auth.ftl",
    "body.ftl",
    "validation.ftl",
    "parameters.ftl",
    "codes.ftl",
    "review.ftl",
    "matching.ftl",
    "rules.ftl",
);

/// The Fluent source of each language's catalogue (for the tests that compare them).
pub fn catalogue_sources() -> impl Iterator<Item = (Language, &'static str)> {
    SOURCES
        .iter()
        .flat_map(|(language, files)| files.iter().map(move |f| (*language, *f)))
}

struct Catalogue {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| Catalogue {
    bundles: SOURCES
        .iter()
        .map(|(language, files)| (*language, bundle(*language, files)))
        .collect(),
});

fn bundle(language: Language, files: &[&str]) -> FluentBundle<FluentResource> {
    let id = language
        .tag()
        .parse()
        .expect("the language tags are valid BCP 47");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The texts are Latin script; isolation marks would only garble plain-text readers.
    bundle.set_use_isolating(false);
    for source in files {
        // A file with a syntax error still gives its well-formed messages (a test
        // refuses such a file).
        let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(r, e)| {
            log::error!("the {} catalogue has syntax errors: {e:?}", language.tag());
            r
        });
        if let Err(errors) = bundle.add_resource(resource) {
            log::error!(
                "the {} catalogue repeats messages: {errors:?}",
                language.tag()
            );
        }
    }
    bundle
}

impl Catalogue {
    fn bundle(&self, language: Language) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == language)
            .expect("every language has a bundle")
            .1
    }
}

/// Whether `key` is a message of `language`'s catalogue.
pub fn has_message(language: Language, key: &str) -> bool {
    CATALOGUE.bundle(language).has_message(key)
}

/// `message` in `language`; in English when that language lacks it; its key when the
/// catalogue lacks it altogether (a defect the tests refuse).
pub fn render(message: &Message, language: Language) -> String {
    for language in [language, Language::En] {
        if let Some(text) = format(message, language) {
            return text;
        }
    }
    log::error!("the catalogue has no message {:?}", message.key);
    message.key.to_owned()
}

fn format(message: &Message, language: Language) -> Option<String> {
    let bundle = CATALOGUE.bundle(language);
    let pattern = bundle.get_message(message.key)?.value()?;
    let mut args = FluentArgs::new();
    for (name, arg) in &message.args {
        match arg {
            Arg::Text(text) => args.set(*name, FluentValue::from(text.render(language))),
            Arg::Number(n) => args.set(*name, FluentValue::from(*n)),
            Arg::List(conjunction, items) => args.set(
                *name,
                FluentValue::from(list(language, *conjunction, items)),
            ),
            Arg::Noun(key) => {
                let noun = bundle.get_message(key.as_ref());
                let attribute = |attribute: &str| {
                    noun.as_ref()
                        .and_then(|m| m.get_attribute(attribute))
                        .map(|a| bundle.format_pattern(a.value(), None, &mut Vec::new()))
                        .map(|text| text.into_owned())
                };
                let singular = noun
                    .as_ref()
                    .and_then(|m| m.value())
                    .map(|p| bundle.format_pattern(p, None, &mut Vec::new()).into_owned())
                    .unwrap_or_else(|| key.to_string());
                let plural = attribute("plural").unwrap_or_else(|| english_plural(&singular));
                let gender = attribute("gender").unwrap_or_else(|| "other".to_owned());
                args.set(*name, FluentValue::from(singular));
                args.set(format!("{name}_plural"), FluentValue::from(plural));
                args.set(format!("{name}_gender"), FluentValue::from(gender));
            }
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
    if !errors.is_empty() {
        log::error!(
            "the {} message {:?} did not render cleanly: {errors:?}",
            language.tag(),
            message.key
        );
    }
    Some(text.into_owned())
}

/// Items joined as `language` writes a list (CLDR's list patterns): the last two by
/// `list-and`/`list-or`, those before by `list-middle`.
pub(super) fn list(language: Language, conjunction: Conjunction, items: &[Text]) -> String {
    let items: Vec<String> = items.iter().map(|t| t.render(language)).collect();
    let end_key = match conjunction {
        Conjunction::And => "list-and",
        Conjunction::Or => "list-or",
    };
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., before_last, last] => {
            let end = Message::new(end_key)
                .arg("first", before_last.as_str())
                .arg("last", last.as_str())
                .arg("sound", initial_sound(last));
            let mut joined = render(&end, language);
            for item in init.iter().rev() {
                let middle = Message::new("list-middle")
                    .arg("first", item.as_str())
                    .arg("rest", joined);
                joined = render(&middle, language);
            }
            joined
        }
    }
}

/// How the last item of a list begins to the ear, for Spanish's conjunctions: `i` for an
/// /i/ sound ("y" becomes "e": "agricultura e industria", not before "hie-"/"hia-": "agua
/// y hielo"), `o` for an /o/ sound ("o" becomes "u": "siete u ocho"), else `other`.
fn initial_sound(item: &str) -> &'static str {
    let word: String = item
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .take(3)
        .flat_map(char::to_lowercase)
        .collect();
    let unaspirated = word.strip_prefix('h').unwrap_or(&word);
    let mut chars = unaspirated.chars();
    match (chars.next(), chars.next()) {
        (Some('i' | 'í'), Some('a' | 'e' | 'o' | 'u' | 'á' | 'é' | 'ó' | 'ú'))
            if word.starts_with('h') =>
        {
            "other"
        }
        (Some('i' | 'í'), _) => "i",
        (Some('o' | 'ó'), _) => "o",
        (Some('8'), _) => "o",
        _ => "other",
    }
}

/// The regular English plural of a noun (or of a phrase's last word): "activity" →
/// "activities", "policy exchange" → "policy exchanges".
pub fn english_plural(singular: &str) -> String {
    let consonant_y = singular.ends_with('y')
        && !singular
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| "aeiou".contains(c));
    if consonant_y {
        format!("{}ies", &singular[..singular.len() - 1])
    } else if ["s", "x", "ch", "sh"]
        .iter()
        .any(|end| singular.ends_with(end))
    {
        format!("{singular}es")
    } else {
        format!("{singular}s")
    }
}

#[cfg(test)]
mod tests {
    use super::initial_sound;

    #[test]
    fn spanish_conjunctions_hear_the_next_word() {
        assert_eq!(initial_sound("industria"), "i");
        assert_eq!(initial_sound("Historia"), "i");
        assert_eq!(initial_sound("hielo"), "other");
        assert_eq!(initial_sound("organización"), "o");
        assert_eq!(initial_sound("hospital"), "o");
        assert_eq!(initial_sound("\"observer\""), "o");
        assert_eq!(initial_sound("8"), "o");
        assert_eq!(initial_sound("admin"), "other");
        assert_eq!(initial_sound(""), "other");
    }
}
