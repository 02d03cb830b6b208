//! Text folding for search and ordering: lower case, accents removed, so that `q=tecnologia`
//! finds "Tecnología" and ordering is the same on SQLite and PostgreSQL.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What `q` searches in a record: the folded texts given, joined by spaces.
pub fn search_text<'a>(texts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    texts
        .into_iter()
        .flatten()
        .map(fold)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `LIKE` pattern matching values that contain `needle` (already folded), with `\` as
/// the escape character for `%`, `_` and `\` in the needle.
pub fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The `q` list parameter: trimmed, at most 200 characters, folded; none when blank.
pub fn search_filter(q: Option<&str>) -> Result<Option<String>, crate::error::ApiError> {
    match q.map(str::trim) {
        Some("") | None => Ok(None),
        Some(q) if q.chars().count() > 200 => Err(crate::error::ApiError::bad_parameter(
            "q",
            crate::msg!("search-too-long", max = 200),
        )),
        Some(q) => Ok(Some(fold(q))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Tecnología Agropecuaria"), "tecnologia agropecuaria");
        assert_eq!(fold("MERCOSUR Ñandú"), "mercosur nandu");
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
