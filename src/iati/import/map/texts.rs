//! Narratives: texts per language, the activity's default language, and texts longer
//! than a record holds.

use chrono::NaiveDate;

use crate::codelists;
use crate::domain::documents::LocalisedText;
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;

pub const XML_LANG: &str = "xml:lang";

/// The texts of an element's narratives by language; a narrative without `xml:lang` is
/// in `default_language` (IATI's rule); empty ones are dropped.
pub fn texts(node: &Node, default_language: &str) -> LocalisedText {
    let mut texts = LocalisedText::new();
    for (_, narrative) in node.all("narrative") {
        let text = narrative.trimmed_text();
        if text.is_empty() {
            continue;
        }
        let language = narrative
            .attribute(XML_LANG)
            .map_or_else(|| default_language.to_owned(), str::to_lowercase);
        texts.entry(language).or_insert_with(|| text.to_owned());
    }
    texts
}

/// A text of the record: its languages known to the codelist, the default's required,
/// each at most `max_chars` (longer ones are cut, with a note).
pub fn record_text_within(
    node: Option<(&Node, String)>,
    language: &str,
    max_chars: usize,
    notes: &mut Notes,
) -> Option<LocalisedText> {
    let (node, path) = node?;
    let mut text = texts(node, language);
    text.retain(|code, _| {
        let known = codelists::languages().get(code).is_some();
        if !known {
            notes.add(
                format!("{path}/narrative"),
                format!("unknown language {code:?}: left out"),
            );
        }
        known
    });
    if text.is_empty() {
        return None;
    }
    if !text.contains_key(language) {
        notes.add(
            &path,
            format!("no text in the default language ({language}): left out"),
        );
        return None;
    }
    for (code, value) in text.iter_mut() {
        if value.chars().count() > max_chars {
            let cut: String = value.chars().take(max_chars - 1).collect();
            *value = format!("{}…", cut.trim_end());
            notes.add(
                format!("{path}/narrative"),
                format!("the {code} text is longer than {max_chars} characters: cut"),
            );
        }
    }
    Some(text)
}

/// The `title` of the element at `path`, a text of the record of at most `max_chars`.
pub fn title_within(
    node: &Node,
    path: &str,
    language: &str,
    max_chars: usize,
    notes: &mut Notes,
) -> Option<LocalisedText> {
    let title = node.first("title").map(|t| (t, format!("{path}/title")));
    record_text_within(title, language, max_chars, notes)
}

/// A text of the record of at most 20,000 characters (descriptions and comments).
pub fn record_text(
    node: Option<(&Node, String)>,
    language: &str,
    notes: &mut Notes,
) -> Option<LocalisedText> {
    record_text_within(node, language, 20_000, notes)
}

/// The activity's default language: its `xml:lang` if its title has it (and the
/// codelist knows it); else the title's first known language. `None`: no title.
pub fn default_language(activity: &Node, notes: &mut Notes) -> Option<String> {
    let declared = activity.attribute(XML_LANG).map(str::to_lowercase);
    let all_titles = activity
        .first("title")
        .map(|t| texts(t, declared.as_deref().unwrap_or("en")))
        .unwrap_or_default();
    if let Some(language) = &declared
        && all_titles.contains_key(language)
        && codelists::languages().get(language).is_some()
    {
        return Some(language.clone());
    }
    let first = all_titles
        .keys()
        .find(|code| codelists::languages().get(code).is_some())?;
    notes.add(
        "@xml:lang",
        format!(
            "the title has no text in {}: its default language is taken to be {first}",
            declared.as_deref().unwrap_or("(none declared)")
        ),
    );
    Some(first.clone())
}

/// A date attribute (`2024-12-31`, or with a time after it).
pub fn date_of(node: &Node, attribute: &str) -> Option<NaiveDate> {
    node.attribute(attribute)
        .and_then(|text| text.get(..10))
        .and_then(|text| text.parse().ok())
}
