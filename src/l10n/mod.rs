//! The API's words in the caller's language: English, Spanish, Portuguese or French.
//!
//! Every message a client reads is a [`Message`]: a key into one catalogue of Fluent
//! files (`src/locales/<language>/*.ftl`, embedded in the binary at compile time) and its
//! arguments. A message is rendered only when it is answered, in the language the request
//! negotiated with `Accept-Language` ([`Language::from_accept_language`], English when
//! none of ours is asked for), which a middleware keeps in a task-local for the handling
//! of the request ([`scope`], [`current`]). Until it is rendered it is data, so an error
//! built anywhere (a blocking task, a store function) is answered in the right language.
//!
//! Plurals follow CLDR's rules for each language (Fluent selects `one`/`other` by them);
//! lists are joined as each language writes them ([`and_list`], [`or_list`]). Words meant
//! for machines (`type` URIs, pointers, codes, header parameters) never pass through here.
//!
//! A [`Text`] is either a message of the catalogue or plain text. The constructors of
//! errors take a [`Message`], so English prose cannot reach a client unnoticed; plain text
//! enters only through constructors that say so (`ApiError::with_text`,
//! `FieldError::at_text`, `ApiError::bad_body_text`): words a library wrote (the JSON and
//! query parsers', the IATI reader's) or a message already rendered elsewhere.

mod catalogue;

use std::fmt;
use std::future::Future;

pub use catalogue::{catalogue_sources, english_plural, has_message};

/// A language the API answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    En,
    Es,
    Pt,
    Fr,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::Es, Language::Pt, Language::Fr];
    /// What a request that asks for none of ours gets.
    pub const DEFAULT: Language = Language::En;

    /// The BCP 47 tag, as `Content-Language` carries it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Pt => "pt",
            Language::Fr => "fr",
        }
    }

    /// The language of `Accept-Language` (RFC 9110 §12.5.4: by quality, then order;
    /// a region such as `es-AR` or `pt-BR` falls back to its language; `*` is English),
    /// if it names one of ours at a quality above 0.
    pub fn from_accept_language(header: &str) -> Option<Language> {
        accepted_ranges(header).into_iter().find_map(|tag| {
            if tag == "*" {
                return Some(Language::DEFAULT);
            }
            let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            Self::ALL.into_iter().find(|l| l.tag() == primary)
        })
    }

    /// The language a request with these headers is answered in.
    pub fn of_request(headers: &actix_web::http::header::HeaderMap) -> Language {
        headers
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Language::from_accept_language)
            .unwrap_or(Language::DEFAULT)
    }
}

/// The language ranges of an `Accept-Language` header (RFC 9110 §12.5.4) most wanted
/// first: by quality, then in the order given; those at quality 0 (not wanted) and after
/// the first 32 are left out. What a range is matched with is the caller's.
pub fn accepted_ranges(header: &str) -> Vec<&str> {
    let mut ranges: Vec<(u16, usize, &str)> = header
        .split(',')
        .take(32)
        .enumerate()
        .filter_map(|(position, range)| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim();
            let quality = parts
                .find_map(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
                })
                .map_or(Some(1000), |q| {
                    q.trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| q.is_finite())
                        .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                })?;
            (quality > 0 && !tag.is_empty()).then_some((quality, position, tag))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, tag)| tag).collect()
}

tokio::task_local! {
    static LANGUAGE: Language;
}

/// The language of the request being handled on this task; English outside one.
pub fn current() -> Language {
    LANGUAGE.try_with(|l| *l).unwrap_or(Language::DEFAULT)
}

/// Run `work` as the handling of a request answered in `language`.
pub async fn scope<F: Future>(language: Language, work: F) -> F::Output {
    LANGUAGE.scope(language, work).await
}

/// Text for a person: a message of the catalogue, or plain text not (yet) in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Message(Message),
}

impl Text {
    /// In `language` (plain text as it is).
    pub fn render(&self, language: Language) -> String {
        match self {
            Text::Plain(text) => text.clone(),
            Text::Message(message) => message.render(language),
        }
    }

    /// In English: what logs, stored documents and header parameters carry.
    pub fn english(&self) -> String {
        self.render(Language::En)
    }

    /// The plain text, when this is not a message of the catalogue.
    pub fn as_plain(&self) -> Option<&str> {
        match self {
            Text::Plain(text) => Some(text),
            Text::Message(_) => None,
        }
    }

    /// The message, when this is one of the catalogue.
    pub fn as_message(&self) -> Option<&Message> {
        match self {
            Text::Plain(_) => None,
            Text::Message(message) => Some(message),
        }
    }
}

/// English, as logs and `format!` want it.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Plain(text) => f.write_str(text),
            Text::Message(message) => f.write_str(&message.render(Language::En)),
        }
    }
}

/// Serialised in English: a text kept in the database (a draft's `completeness`) must not
/// depend on who wrote it. Problem documents render their texts in the request's language
/// before they are serialised.
impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(text) => serializer.serialize_str(text),
            Text::Message(message) => serializer.serialize_str(&message.render(Language::En)),
        }
    }
}

/// In English (what a log line or a `String` field wants).
impl From<Text> for String {
    fn from(text: Text) -> Self {
        match text {
            Text::Plain(text) => text,
            Text::Message(message) => message.render(Language::En),
        }
    }
}

/// In English.
impl From<Message> for String {
    fn from(message: Message) -> Self {
        message.render(Language::En)
    }
}

/// Compared in English (the tests').
impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        match self {
            Text::Plain(text) => text == other,
            Text::Message(message) => message.render(Language::En) == other,
        }
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_owned())
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Text::Plain(text.clone())
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(text: std::borrow::Cow<'_, str>) -> Self {
        Text::Plain(text.into_owned())
    }
}

impl From<Message> for Text {
    fn from(message: Message) -> Self {
        Text::Message(message)
    }
}

impl From<&Text> for Text {
    fn from(text: &Text) -> Self {
        text.clone()
    }
}

/// A message of the catalogue: its key and its arguments, rendered when answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text: as it is, or a message rendered in the same language.
    Text(Text),
    /// A count: plurals select by it.
    Number(i64),
    /// Items joined as the language writes a list.
    List(Conjunction, Vec<Text>),
    /// A noun of the catalogue (a message with `.plural` and `.gender` attributes): the
    /// argument `name` holds the noun, `name_plural` its plural, `name_gender` its gender
    /// (`masculine`, `feminine`; `other` when it has none) for the message to agree with.
    Noun(std::borrow::Cow<'static, str>),
}

/// How a list is joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conjunction {
    And,
    Or,
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Message {
            key,
            args: Vec::new(),
        }
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The argument `name`, if it was given.
    pub fn arg_of(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn render(&self, language: Language) -> String {
        catalogue::render(self, language)
    }
}

/// English, as logs and `format!` want it.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Language::En))
    }
}

impl From<Text> for Arg {
    fn from(text: Text) -> Self {
        Arg::Text(text)
    }
}

impl From<&Text> for Arg {
    fn from(text: &Text) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Arg::Text(Text::Message(message))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(Text::Plain(text))
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(Text::Plain(text.clone()))
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(Text::Plain(text.to_owned()))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(i32, i64, u8, u16, u32, u64, usize);

/// A message of the catalogue with its arguments: `msg!("not-found-with-id", kind = noun("project"), id = id)`.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::l10n::Message::new($key)$(.arg(stringify!($name), $value))*
    };
}

/// Items as a sentence lists them, in the language answered: "a, b and c", "a, b y c",
/// "a, b e c", "a, b et c".
pub fn and_list<T: Into<Text>>(items: impl IntoIterator<Item = T>) -> Arg {
    Arg::List(
        Conjunction::And,
        items.into_iter().map(Into::into).collect(),
    )
}

/// Items as a sentence offers them: "a, b or c", "a, b o c", "a, b ou c".
pub fn or_list<T: Into<Text>>(items: impl IntoIterator<Item = T>) -> Arg {
    Arg::List(Conjunction::Or, items.into_iter().map(Into::into).collect())
}

/// The noun of the catalogue for a kind of record (its English noun, as `Kind::noun`
/// has it): a kind not in the catalogue yet is named by its English noun in every
/// language.
pub fn noun(english: &'static str) -> Arg {
    Arg::Noun(std::borrow::Cow::Borrowed(match english {
        "organisation" => "noun-organisation",
        "project" => "noun-project",
        "partnership" => "noun-partnership",
        "triangular arrangement" => "noun-triangular-arrangement",
        "policy exchange" => "noun-policy-exchange",
        "capacity" => "noun-capacity",
        "cooperation request" => "noun-cooperation-request",
        "project's results" => "noun-project-results",
        "project's activities" => "noun-project-activities",
        "API client" => "noun-api-client",
        "webhook" => "noun-webhook",
        other => other,
    }))
}

/// The noun of the catalogue for what a code list holds (its English name, as the
/// rules name it: "country code"); one not in the catalogue yet keeps its English name.
pub fn code_noun(english: &str) -> Arg {
    let key = match english {
        "country code" => "code-country",
        "region code" => "code-region",
        "currency" => "code-currency",
        "document category" => "code-document-category",
        "file format" => "code-file-format",
        "language" => "code-language",
        "type" | "organisation type" => "code-organisation-type",
        "DAC sector" => "code-dac-sector",
        "DAC sector category" => "code-dac-sector-category",
        "activity status" => "code-activity-status",
        "SDG goal" => "code-sdg-goal",
        "SDG target" => "code-sdg-target",
        "result type" => "code-result-type",
        "indicator measure" => "code-indicator-measure",
        "integration space" => "code-integration-space",
        other => return Arg::Noun(std::borrow::Cow::Owned(other.to_owned())),
    };
    Arg::Noun(std::borrow::Cow::Borrowed(key))
}

/// `count` and a noun of the catalogue, singular or plural as the language has it for
/// that number: "1 problem", "0 problème", "2 problemas".
pub fn counted(count: impl Into<Arg>, noun: &'static str) -> Message {
    Message::new("counted")
        .arg("count", count)
        .arg("noun", Arg::Noun(std::borrow::Cow::Borrowed(noun)))
}

/// A list joined in `language` (for the tests).
#[cfg(test)]
fn catalogue_list_for_tests(
    language: Language,
    conjunction: Conjunction,
    items: &[&str],
) -> String {
    let items: Vec<Text> = items.iter().map(|s| Text::from(*s)).collect();
    catalogue::list(language, conjunction, &items)
}

#[cfg(test)]
mod tests;
