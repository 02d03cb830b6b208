//! The "Document links" section of MAPPING.md.

use crate::codelists;
use crate::domain::documents::{DocumentLink, MAX_TITLE_CHARS, normalised_url};
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;

use super::texts::{date_of, title_within};

/// The activity's document links a project can hold: a web URL, a known format, a title
/// in the default language and at least one activity document category (organisation
/// categories, B01–B18, are left out with a note; a link with none left is left out).
pub fn document_links(activity: &Node, language: &str, notes: &mut Notes) -> Vec<DocumentLink> {
    let mut links = Vec::new();
    for (n, node) in activity.all("document-link") {
        let path = format!("document-link[{n}]");
        let (Some(url), Some(format)) = (node.attribute("url"), node.attribute("format")) else {
            notes.add(&path, "no url or format: left out");
            continue;
        };
        let url = match normalised_url(url) {
            Ok(url) => url,
            Err(problem) => {
                notes.add(format!("{path}/@url"), format!("{problem}: left out"));
                continue;
            }
        };
        if codelists::file_formats()
            .active(format, "file format")
            .is_err()
        {
            notes.add(
                format!("{path}/@format"),
                format!("unknown file format {format:?}: left out"),
            );
            continue;
        }
        let Some(title) = title_within(node, &path, language, MAX_TITLE_CHARS, notes) else {
            notes.add(&path, "no title in the default language: left out");
            continue;
        };
        let categories = categories(node, &path, notes);
        if categories.is_empty() {
            notes.add(&path, "no activity document category (A01–A12): left out");
            continue;
        }
        let mut languages: Vec<String> = Vec::new();
        for (_, l) in node.all("language") {
            if let Some(code) = l.attribute("code").map(str::to_lowercase)
                && codelists::languages().get(&code).is_some()
                && !languages.contains(&code)
            {
                languages.push(code);
            }
        }
        links.push(DocumentLink {
            url,
            format: format.to_owned(),
            title,
            categories,
            languages,
            document_date: node
                .first("document-date")
                .and_then(|d| date_of(d, "iso-date")),
        });
    }
    links
}

/// A link's activity document categories, each once.
fn categories(node: &Node, path: &str, notes: &mut Notes) -> Vec<String> {
    let mut categories: Vec<String> = Vec::new();
    for (c, category) in node.all("category") {
        let Some(code) = category.attribute("code") else {
            continue;
        };
        match codelists::document_categories().active(code, "document category") {
            Ok(entry) if entry.category.as_deref() == Some("A") => {
                if !categories.iter().any(|known| known == code) {
                    categories.push(code.to_owned());
                }
            }
            Ok(_) => notes.add(
                format!("{path}/category[{c}]/@code"),
                format!("{code} is for organisation documents: left out"),
            ),
            Err(message) => notes.add(
                format!("{path}/category[{c}]/@code"),
                format!("{message}: left out"),
            ),
        }
    }
    categories
}
