//! Reading IATI activity files as a stream: the root is checked (an `iati-activities`
//! document of version 2.x), then each `iati-activity` is read into a small tree of its
//! own, one at a time, so memory stays within one activity however large the file.
//!
//! Nothing outside the document is ever read: a document type declaration (where
//! external entities and entity expansion live) is refused, and so is any entity
//! reference but XML's five and character references.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

/// The most elements one activity may hold (a larger one is skipped, not read).
pub const MAX_ELEMENTS_PER_ACTIVITY: usize = 50_000;
/// The deepest nesting read.
const MAX_DEPTH: usize = 64;

/// Why a file cannot be read at all (nothing of it is imported).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("not well-formed XML at byte {position}: {message}")]
    Malformed { position: u64, message: String },
    #[error(
        "documents with a DOCTYPE are refused: IATI files need none, and it is where external entities and entity expansion live"
    )]
    DocumentType,
    #[error("not an IATI activity file: the root element is <{0}>, not <iati-activities>")]
    NotIati(String),
    #[error(
        "IATI version {0} is not read: only 2.01 to 2.03 are (convert 1.x files with IATI's tools first)"
    )]
    UnsupportedVersion(String),
}

/// An element of an activity: its name as written (`ssc:role`), attributes, children and
/// the text directly inside it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub text: String,
}

impl Node {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    }

    /// The children named `name`, with their position among them (1-based, as in XPath).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = (usize, &'a Node)> + 'a {
        self.children
            .iter()
            .filter(move |child| child.name == name)
            .enumerate()
            .map(|(n, child)| (n + 1, child))
    }

    pub fn first(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|child| child.name == name)
    }

    pub fn trimmed_text(&self) -> &str {
        self.text.trim()
    }
}

/// One `iati-activity` of a file, or why it was not read.
pub enum Activity {
    Read(Node),
    TooLarge,
}

/// A stream of a file's activities.
pub struct ActivityReader<R: BufRead> {
    reader: Reader<R>,
    buffer: Vec<u8>,
    /// The root's `version` (2.0x).
    pub version: String,
    finished: bool,
}

impl<R: BufRead> ActivityReader<R> {
    /// Read up to the root element and check it.
    pub fn open(source: R) -> Result<Self, FileError> {
        let mut reader = Reader::from_reader(source);
        reader.config_mut().check_end_names = true;
        let mut this = ActivityReader {
            reader,
            buffer: Vec::new(),
            version: String::new(),
            finished: false,
        };
        loop {
            match this.event()? {
                Event::Start(root) | Event::Empty(root) => {
                    let name = String::from_utf8_lossy(root.name().as_ref()).into_owned();
                    if name != "iati-activities" {
                        return Err(FileError::NotIati(name));
                    }
                    let attributes = this.attributes(&root)?;
                    let version = attributes
                        .iter()
                        .find(|(key, _)| key == "version")
                        .map(|(_, v)| v.trim().to_owned())
                        .unwrap_or_default();
                    if !version.starts_with("2.") {
                        return Err(FileError::UnsupportedVersion(if version.is_empty() {
                            "(none declared)".into()
                        } else {
                            version
                        }));
                    }
                    this.version = version;
                    return Ok(this);
                }
                Event::Eof => return Err(this.malformed("the document is empty")),
                Event::Text(text) if !text.iter().all(u8::is_ascii_whitespace) => {
                    return Err(this.malformed("text before the root element"));
                }
                _ => {}
            }
        }
    }

    /// The next activity, if any. The rest of the document is checked as it is read: a
    /// fault later in the file is an error then.
    pub fn next_activity(&mut self) -> Result<Option<Activity>, FileError> {
        if self.finished {
            return Ok(None);
        }
        loop {
            match self.event()? {
                Event::Start(element) => {
                    let name = element.name().as_ref().to_vec();
                    if name == b"iati-activity" {
                        let root = self.node(&element)?;
                        return self.read_activity(root).map(Some);
                    }
                    self.skip(&name)?;
                }
                Event::Empty(element) if element.name().as_ref() == b"iati-activity" => {
                    return Ok(Some(Activity::Read(self.node(&element)?)));
                }
                Event::End(_) => {
                    // The root's end: only whitespace, comments and instructions may follow.
                    self.finished = true;
                    loop {
                        match self.event()? {
                            Event::Eof => return Ok(None),
                            Event::Start(_) | Event::Empty(_) => {
                                return Err(self.malformed("a second root element"));
                            }
                            _ => {}
                        }
                    }
                }
                Event::Eof => {
                    return Err(self.malformed("the document ends inside <iati-activities>"));
                }
                _ => {}
            }
        }
    }

    fn read_activity(&mut self, root: Node) -> Result<Activity, FileError> {
        let mut stack = vec![root];
        let mut elements = 1;
        let mut too_large = false;
        loop {
            match self.event()? {
                Event::Start(element) => {
                    elements += 1;
                    too_large |= elements > MAX_ELEMENTS_PER_ACTIVITY || stack.len() >= MAX_DEPTH;
                    if too_large {
                        let name = element.name().as_ref().to_vec();
                        self.skip(&name)?;
                        continue;
                    }
                    stack.push(self.node(&element)?);
                }
                Event::Empty(element) => {
                    elements += 1;
                    too_large |= elements > MAX_ELEMENTS_PER_ACTIVITY;
                    if !too_large {
                        let node = self.node(&element)?;
                        stack
                            .last_mut()
                            .expect("inside the activity")
                            .children
                            .push(node);
                    }
                }
                Event::End(_) => {
                    let node = stack.pop().expect("inside the activity");
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None if too_large => return Ok(Activity::TooLarge),
                        None => return Ok(Activity::Read(node)),
                    }
                }
                Event::Text(text) => {
                    let text = text.decode().map_err(|e| self.malformed(e.to_string()))?;
                    push_text(&mut stack, &text, too_large);
                }
                Event::CData(text) => {
                    let text = text.decode().map_err(|e| self.malformed(e.to_string()))?;
                    push_text(&mut stack, &text, too_large);
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = reference
                                .decode()
                                .map_err(|e| self.malformed(e.to_string()))?;
                            match resolve_predefined_entity(&name) {
                                Some(text) => text.to_owned(),
                                None => {
                                    return Err(
                                        self.malformed(format!("undefined entity &{name};"))
                                    );
                                }
                            }
                        }
                        Err(e) => return Err(self.malformed(e.to_string())),
                    };
                    push_text(&mut stack, &resolved, too_large);
                }
                Event::Eof => return Err(self.malformed("the document ends inside an activity")),
                _ => {}
            }
        }
    }

    /// Read past the rest of the element `name` just started (checking it as XML).
    fn skip(&mut self, name: &[u8]) -> Result<(), FileError> {
        let mut depth = 1usize;
        loop {
            match self.event()? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    return Err(self.malformed(format!(
                        "the document ends inside <{}>",
                        String::from_utf8_lossy(name)
                    )));
                }
                Event::GeneralRef(reference)
                    if !matches!(reference.resolve_char_ref(), Ok(Some(_))) =>
                {
                    let name = reference
                        .decode()
                        .map_err(|e| self.malformed(e.to_string()))?;
                    if resolve_predefined_entity(&name).is_none() {
                        return Err(self.malformed(format!("undefined entity &{name};")));
                    }
                }
                _ => {}
            }
        }
    }

    fn node(&self, element: &BytesStart<'_>) -> Result<Node, FileError> {
        Ok(Node {
            name: String::from_utf8_lossy(element.name().as_ref()).into_owned(),
            attributes: self.attributes(element)?,
            children: Vec::new(),
            text: String::new(),
        })
    }

    fn attributes(&self, element: &BytesStart<'_>) -> Result<Vec<(String, String)>, FileError> {
        element
            .attributes()
            .map(|attribute| {
                let attribute = attribute.map_err(|e| self.malformed(e.to_string()))?;
                let value = attribute
                    .unescape_value()
                    .map_err(|e| self.malformed(e.to_string()))?;
                Ok((
                    String::from_utf8_lossy(attribute.key.as_ref()).into_owned(),
                    value.into_owned(),
                ))
            })
            .collect()
    }

    /// The next event, owned (the reader's buffer is reused).
    fn event(&mut self) -> Result<Event<'static>, FileError> {
        self.buffer.clear();
        match self.reader.read_event_into(&mut self.buffer) {
            Ok(Event::DocType(_)) => Err(FileError::DocumentType),
            Ok(event) => Ok(event.into_owned()),
            Err(error) => Err(self.malformed(error.to_string())),
        }
    }

    fn malformed(&self, message: impl Into<String>) -> FileError {
        FileError::Malformed {
            position: self.reader.buffer_position(),
            message: message.into(),
        }
    }
}

fn push_text(stack: &mut [Node], text: &str, discarded: bool) {
    if !discarded && let Some(node) = stack.last_mut() {
        node.text.push_str(text);
    }
}

/// Read a whole file through, checking it, without keeping anything: how many
/// activities it has. (An import checks a file first, so a fault late in it leaves the
/// database as it was.)
pub fn check<R: BufRead>(source: R) -> Result<usize, FileError> {
    let mut reader = ActivityReader::open(source)?;
    let mut count = 0;
    while reader.next_activity()?.is_some() {
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(xml: &str) -> Result<Vec<Node>, FileError> {
        let mut reader = ActivityReader::open(xml.as_bytes())?;
        let mut nodes = Vec::new();
        while let Some(activity) = reader.next_activity()? {
            match activity {
                Activity::Read(node) => nodes.push(node),
                Activity::TooLarge => panic!("too large"),
            }
        }
        Ok(nodes)
    }

    #[test]
    fn activities_are_read_one_by_one_with_text_and_entities() {
        let nodes = read(
            r#"<?xml version="1.0"?><!-- c --><iati-activities version="2.03">
            <iati-activity><iati-identifier>A&amp;B&#x2D;1</iati-identifier><title><narrative xml:lang="es"><![CDATA[Té <verde>]]></narrative></title></iati-activity>
            <other/><iati-activity/></iati-activities>"#,
        )
        .unwrap();
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0].first("iati-identifier").unwrap().text, "A&B-1");
        let narrative = nodes[0].first("title").unwrap().first("narrative").unwrap();
        assert_eq!(narrative.attribute("xml:lang"), Some("es"));
        assert_eq!(narrative.text, "Té <verde>");
    }

    #[test]
    fn files_that_are_not_readable_iati_are_refused() {
        let refused = |xml: &str| read(xml).unwrap_err();
        assert!(matches!(
            refused("<iati-activities version=\"2.03\"><iati-activity>"),
            FileError::Malformed { .. }
        ));
        assert!(matches!(
            refused("<a><b></a>"),
            FileError::Malformed { .. } | FileError::NotIati(_)
        ));
        assert!(matches!(
            refused("not xml at all"),
            FileError::Malformed { .. }
        ));
        assert_eq!(refused("<project/>"), FileError::NotIati("project".into()));
        assert_eq!(
            refused("<iati-activities version=\"1.05\"/>"),
            FileError::UnsupportedVersion("1.05".into())
        );
        assert!(matches!(
            refused(
                "<iati-activities version=\"2.03\"><iati-activity><title>&lol;</title></iati-activity></iati-activities>"
            ),
            FileError::Malformed { .. }
        ));
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><iati-activities version="2.03"><iati-activity><title>&lol2;</title></iati-activity></iati-activities>"#;
        assert_eq!(refused(laughs), FileError::DocumentType);
        let external = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><iati-activities version="2.03"><iati-activity>&xxe;</iati-activity></iati-activities>"#;
        assert_eq!(refused(external), FileError::DocumentType);
        assert!(matches!(
            refused("<iati-activities version=\"2.03\"></iati-activities><iati-activities/>"),
            FileError::Malformed { .. }
        ));
    }
}
