//! Document links and text in several languages, shared by every cooperation record.
//!
//! A record links its agreements, minutes and reports as IATI `document-link`s: a URL
//! (the API stores links, never files, and never fetches the URL), a file format (an
//! IANA media type from the IATI FileFormat codelist), activity document categories
//! (IATI DocumentCategory `A01`–`A12`), the document's languages and date, and a title in
//! one or more languages. Text in several languages is one JSON shape everywhere: an
//! object from ISO 639-1 code (IATI Language codelist) to text, which must hold the
//! record's `default_language`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::codelists;
use crate::l10n::Message;
use crate::msg;
use crate::validation::Violations;

/// The language of a record's text unless it says otherwise.
pub const DEFAULT_LANGUAGE: &str = "es";
/// The longest title of a document, per language.
pub const MAX_TITLE_CHARS: usize = 500;

pub fn default_language() -> String {
    DEFAULT_LANGUAGE.to_owned()
}

/// Text per language: ISO 639-1 code (IATI Language codelist) to text.
pub type LocalisedText = BTreeMap<String, String>;

/// Define a cooperation record's input: the struct with its own members `$fields`, and
/// the members every cooperation record has after them (`default_language`,
/// `document_links`), written once here, with the derives every input has (unknown
/// members refused).
macro_rules! cooperation_input {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($fields:tt)*
        }
    ) => {
        #[derive(
            Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
            validator::Validate,
        )]
        #[serde(deny_unknown_fields)]
        $(#[$meta])*
        pub struct $name {
            $($fields)*
            /// The language of the record's text unless it says otherwise (ISO 639-1, default
            /// `es`); wherever text comes in several languages, this one's is required.
            #[serde(default = "crate::domain::documents::default_language")]
            #[schema(
                min_length = 2,
                max_length = 3,
                pattern = "^[a-z]{2,3}$",
                default = "es",
                example = "es"
            )]
            pub default_language: String,
            /// Links to its agreements, minutes, reports and other documents (at most 50).
            #[serde(default)]
            #[validate(length(max = 50), nested)]
            #[schema(max_items = 50)]
            pub document_links: Vec<crate::domain::documents::DocumentLink>,
        }
    };
}

pub(crate) use cooperation_input;

/// A link to a document about the record (IATI `document-link`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://www.cancilleria.gob.ar/cooperacion/actas/comixta-ar-bo-2024.pdf",
    "format": "application/pdf",
    "title": {"es": "Acta de la Comisión Mixta Argentina-Bolivia", "pt": "Ata da Comissão Mista Argentina-Bolívia"},
    "categories": ["A09"],
    "languages": ["es"],
    "document_date": "2024-05-14"
}))]
pub struct DocumentLink {
    /// Where the document is: an `https` or `http` URL without credentials in it. The API
    /// stores the link, not the file, and never fetches it.
    #[validate(length(min = 1, max = 2048))]
    #[schema(min_length = 1, max_length = 2048, pattern = "^[^\\u0000]{1,2048}$")]
    pub url: String,
    /// The file's IANA media type, from the IATI FileFormat codelist
    /// (`GET /api/v1/codelists/file_formats`).
    #[validate(length(min = 1, max = 255))]
    #[schema(
        min_length = 1,
        max_length = 255,
        pattern = "^[^\\u0000]{1,255}$",
        example = "application/pdf"
    )]
    pub format: String,
    /// The title per language (ISO 639-1 codes); the record's `default_language` is
    /// required, each text at most 500 characters.
    #[schema(schema_with = title_schema)]
    pub title: LocalisedText,
    /// IATI DocumentCategory codes of activity documents (`A01`–`A12`), at least one.
    #[validate(length(min = 1, max = 12))]
    #[schema(schema_with = crate::validation::code_arrays::document_categories)]
    pub categories: Vec<String>,
    /// The languages the document is written in (ISO 639-1).
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(schema_with = crate::validation::code_arrays::languages)]
    pub languages: Vec<String>,
    /// When the document was issued.
    #[serde(default)]
    pub document_date: Option<NaiveDate>,
}

fn title_schema() -> utoipa::openapi::Object {
    crate::validation::code_arrays::localised_text(
        MAX_TITLE_CHARS,
        serde_json::json!({"es": "Acta de la Comisión Mixta", "pt": "Ata da Comissão Mista"}),
    )
}

/// Schemas of record text in several languages, by the longest text per language.
pub mod text_schemas {
    use serde_json::json;
    use utoipa::openapi::Object;

    use crate::validation::code_arrays::{localised_text, optional_localised_text};

    pub fn title_300() -> Object {
        localised_text(
            300,
            json!({"es": "Comisión Mixta Argentina-Bolivia", "pt": "Comissão Mista Argentina-Bolívia"}),
        )
    }

    pub fn title_500() -> Object {
        localised_text(
            500,
            json!({"es": "Fortalecimiento de la cadena láctea", "pt": "Fortalecimento da cadeia láctea", "en": "Strengthening the dairy chain"}),
        )
    }

    /// Optional text (null when there is none).
    pub fn text_5000() -> Object {
        optional_localised_text(
            5000,
            json!({"es": "Comité conjunto de coordinación", "en": "Joint coordination committee"}),
        )
    }

    /// Required text of at most 20,000 characters per language.
    pub fn description_20000() -> Object {
        localised_text(
            20000,
            json!({"es": "Selección de forrajeras adaptadas a sequía.", "en": "Selection of drought-adapted forage crops."}),
        )
    }

    /// Optional text (null when there is none).
    pub fn text_20000() -> Object {
        optional_localised_text(
            20000,
            json!({"es": "Transferencia de tecnología a pequeños productores.", "pt": "Transferência de tecnologia a pequenos produtores."}),
        )
    }
}

/// Check text per language (at `pointer`, at most `max_chars` characters per language):
/// known languages, no empty text, and the record's default language's text is there.
pub fn check_localised(
    v: &mut Violations,
    pointer: &str,
    text: &mut LocalisedText,
    default_language: &str,
    max_chars: usize,
) {
    for value in text.values_mut() {
        *value = value.trim().to_owned();
    }
    for (language, value) in text.iter() {
        let at = format!("{pointer}/{language}");
        if codelists::languages().get(language).is_none() {
            v.add(
                &at,
                msg!("text-language-unknown", language = format!("{language:?}")),
            );
            continue;
        }
        if value.is_empty() {
            v.add(&at, msg!("text-empty"));
        } else if value.chars().count() > max_chars {
            v.add(&at, msg!("text-too-long", max = max_chars));
        } else if value.contains('\0') {
            v.add(&at, msg!("text-nul"));
        }
    }
    if text.len() > MAX_LANGUAGES {
        v.add(
            pointer,
            msg!("text-too-many-languages", max = MAX_LANGUAGES),
        );
    }
    if !text.contains_key(default_language) {
        v.add(
            format!("{pointer}/{default_language}"),
            msg!(
                "text-default-language-required",
                language = default_language
            ),
        );
    }
}

/// The most languages one text may come in.
pub const MAX_LANGUAGES: usize = 20;

/// A text in Spanish only.
pub fn es(text: impl Into<String>) -> LocalisedText {
    LocalisedText::from([("es".to_owned(), text.into())])
}

/// The text in `language`, else the first there is (by language code): what a sort
/// column or a one-language view of the record holds.
pub fn text_in<'a>(text: &'a LocalisedText, language: &str) -> &'a str {
    text.get(language)
        .or_else(|| text.values().next())
        .map_or("", String::as_str)
}

/// Every language's text of each of `texts`: what search looks through.
pub fn all_texts<'a>(
    texts: impl IntoIterator<Item = Option<&'a LocalisedText>>,
) -> impl Iterator<Item = Option<&'a str>> {
    texts
        .into_iter()
        .flatten()
        .flat_map(|text| text.values().map(|value| Some(value.as_str())))
}

/// Where a record keeps a text in several languages.
pub enum TextSlot<'a> {
    Required(&'a mut LocalisedText),
    Optional(&'a mut Option<LocalisedText>),
}

/// A record member whose text comes in several languages.
pub struct LocalisedMember<'a> {
    /// Its JSON pointer, such as `/title`.
    pub pointer: &'static str,
    pub max_chars: usize,
    pub slot: TextSlot<'a>,
}

impl<'a> LocalisedMember<'a> {
    pub fn required(pointer: &'static str, max_chars: usize, text: &'a mut LocalisedText) -> Self {
        LocalisedMember {
            pointer,
            max_chars,
            slot: TextSlot::Required(text),
        }
    }

    pub fn optional(
        pointer: &'static str,
        max_chars: usize,
        text: &'a mut Option<LocalisedText>,
    ) -> Self {
        LocalisedMember {
            pointer,
            max_chars,
            slot: TextSlot::Optional(text),
        }
    }
}

/// What every cooperation record's input shares: a default language, text in several
/// languages and document links.
pub struct SharedParts<'a> {
    pub default_language: &'a str,
    pub texts: Vec<LocalisedMember<'a>>,
    pub document_links: &'a mut Vec<DocumentLink>,
}

/// Check the shared parts of a record's input, trimming what passes.
pub fn check_shared(v: &mut Violations, parts: SharedParts<'_>) {
    let language = parts.default_language;
    check_default_language(v, language);
    for member in parts.texts {
        let text = match member.slot {
            TextSlot::Required(text) => text,
            TextSlot::Optional(Some(text)) => text,
            TextSlot::Optional(None) => continue,
        };
        check_localised(v, member.pointer, text, language, member.max_chars);
    }
    check_links(v, parts.document_links, language);
}

/// Check the record's default language.
pub fn check_default_language(v: &mut Violations, default_language: &str) {
    if let Err(message) = codelists::languages().active(default_language, "language") {
        v.add("/default_language", message);
    }
}

/// Check a record's document links (at `/document_links`), trimming what passes.
pub fn check_links(v: &mut Violations, links: &mut [DocumentLink], default_language: &str) {
    for (n, link) in links.iter_mut().enumerate() {
        let at = |member: &str| format!("/document_links/{n}/{member}");
        match normalised_url(&link.url) {
            Ok(url) => link.url = url,
            Err(problem) => v.add(at("url"), problem),
        }
        if let Err(message) = codelists::file_formats().active(&link.format, "file format") {
            v.add(at("format"), msg!("link-format-unknown", problem = message));
        }
        check_localised(
            v,
            &at("title"),
            &mut link.title,
            default_language,
            MAX_TITLE_CHARS,
        );
        let mut seen = Vec::new();
        for (i, category) in link.categories.iter().enumerate() {
            let pointer = format!("/document_links/{n}/categories/{i}");
            match codelists::document_categories().active(category, "document category") {
                Err(message) => v.add(pointer, message),
                Ok(entry) if entry.category.as_deref() != Some("A") => v.add(
                    pointer,
                    msg!("link-category-of-organisations", category = category),
                ),
                Ok(_) if seen.contains(category) => v.add(pointer, msg!("listed-twice")),
                Ok(_) => seen.push(category.clone()),
            }
        }
        let mut seen = Vec::new();
        for (i, language) in link.languages.iter().enumerate() {
            let pointer = format!("/document_links/{n}/languages/{i}");
            if let Err(message) = codelists::languages().active(language, "language") {
                v.add(pointer, message);
            } else if seen.contains(language) {
                v.add(pointer, msg!("listed-twice"));
            } else {
                seen.push(language.clone());
            }
        }
        v.dates(&[(at("document_date").as_str(), link.document_date)]);
    }
}

/// A document link's URL as stored: parsed and written back in its normalised form
/// (what a reader's browser would ask for: a lower-case host, spaces and other
/// characters percent-encoded), or why it cannot be one. Control and invisible
/// formatting characters (a right-to-left override can make a link read as another),
/// backslashes and forms without `//` before the host (`https:evil.com`, which parsers
/// disagree on) are refused rather than repaired.
pub fn normalised_url(url: &str) -> Result<String, Message> {
    let url = url.trim();
    if let Some(c) = url
        .chars()
        .find(|c| c.is_control() || is_invisible_format(*c))
    {
        return Err(msg!(
            "url-invisible-character",
            character = format!("U+{:04X}", c as u32)
        ));
    }
    if url.contains('\\') {
        return Err(msg!("url-backslash"));
    }
    let after_scheme = url.split_once(':').map_or("", |(_, rest)| rest);
    if !after_scheme.starts_with("//") {
        return Err(msg!("url-not-absolute"));
    }
    match url_problem(url) {
        Some(problem) => Err(problem),
        None => url::Url::parse(url)
            .map(String::from)
            .map_err(|e| msg!("url-malformed", reason = e.to_string())),
    }
}

/// Unicode's invisible formatting characters (category Cf: bidirectional overrides and
/// isolates, zero-width joiners, the byte-order mark, ...).
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Why `url` cannot be a document link, if it cannot.
fn url_problem(url: &str) -> Option<Message> {
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(e) => return Some(msg!("url-malformed", reason = e.to_string())),
    };
    if !matches!(parsed.scheme(), "https" | "http") {
        return Some(msg!("url-scheme", scheme = parsed.scheme()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Some(msg!("url-credentials"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Some(msg!("url-no-host"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_web_links_without_credentials() {
        assert_eq!(url_problem("https://example.org/a.pdf"), None);
        assert_eq!(url_problem("http://example.org"), None);
        for bad in [
            "ftp://example.org/a.pdf",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://user:pass@example.org/a.pdf",
            "https://user@example.org/a.pdf",
            "example.org/a.pdf",
            "https://",
        ] {
            assert!(url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn urls_are_stored_normalised_and_deceptive_forms_refused() {
        assert_eq!(
            normalised_url(" https://Example.org/a b.pdf ").unwrap(),
            "https://example.org/a%20b.pdf"
        );
        for bad in [
            "https://example.org/a\r\nSet-Cookie: x",
            "https://example.org/\u{202E}fdp.exe",
            "https:evil.com",
            "http:\\\\evil.com",
            "https://evil.com\\@good.org",
            "https:/evil.com",
            "https://example.org/\u{200B}",
        ] {
            assert!(normalised_url(bad).is_err(), "{bad:?}");
        }
    }
}
