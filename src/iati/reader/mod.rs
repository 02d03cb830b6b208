//! Reading IATI activity files as a stream: the root is checked (an `iati-activities`
//! document of version 2.x), then each `iati-activity` is read into a small tree of its
//! own, one at a time, so memory stays within one activity however large the file.
//!
//! Nothing outside the document is ever read: a document type declaration (where
//! external entities and entity expansion live) is refused, and so is any entity
//! reference but XML's five and character references. Every cost is linear in the
//! input: an element has at most [`MAX_ATTRIBUTES`] attributes (checked for duplicates
//! by sorting, not pairwise), an activity at most [`MAX_ELEMENTS_PER_ACTIVITY`] elements
//! and [`MAX_TEXT_PER_ACTIVITY`] bytes of text.
//!
//! Attributes of other namespaces are matched by the namespace's URI, not its prefix:
//! the service's own (`urn:ssc-api:iati`) are named `ssc:…` whatever prefix the file
//! binds it to, and a `ssc:` prefix bound to another URI is not the service's. Elements
//! with a prefix (extensions of other namespaces) are not read. UTF-16 files (with or
//! without a byte-order mark) are read as UTF-8.

use std::io::BufRead;

use crate::iati::export::SSC_NAMESPACE;
use crate::iati::reader_input::Input;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, BytesText, Event};

/// The most elements one activity may hold (a larger one is skipped, not read).
pub const MAX_ELEMENTS_PER_ACTIVITY: usize = 50_000;
/// The deepest nesting read.
const MAX_DEPTH: usize = 64;
/// The most attributes one element may have (IATI's have at most a dozen).
pub const MAX_ATTRIBUTES: usize = 100;
/// The most text one activity may hold (a larger one is skipped, not read).
pub const MAX_TEXT_PER_ACTIVITY: usize = 4 * 1024 * 1024;
/// The largest start or empty tag read (its name and attributes): no IATI element comes
/// near it.
pub const MAX_TAG_BYTES: usize = 1024 * 1024;
/// The XML namespace, bound to `xml` in every document.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Why a file cannot be read at all (nothing of it is imported).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("not well-formed XML at byte {position}: {message}")]
    Malformed { position: u64, message: String },
    #[error(
        "documents with a DOCTYPE are refused: IATI files need none, and it is where external entities and entity expansion live"
    )]
    DocumentType,
    #[error("an element has more than {MAX_ATTRIBUTES} attributes (at byte {0}): not read")]
    TooManyAttributes(u64),
    #[error("a tag of more than 1 MiB (at byte {0}): not read")]
    TooLargeTag(u64),
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
#[derive(Debug)]
pub enum Activity {
    Read(Node),
    TooLarge,
}

/// The namespace prefixes bound on one element: `(prefix, URI)`.
type Bindings = Vec<(Vec<u8>, String)>;

/// A stream of a file's activities.
pub struct ActivityReader<R: BufRead> {
    reader: Reader<Input<R>>,
    buffer: Vec<u8>,
    /// The root's `version` (2.0x).
    pub version: String,
    /// The prefixes the root binds (those of the elements being read are on `scopes`).
    root_bindings: Bindings,
    /// `<iati-activities/>`: nothing inside it to read.
    empty_root: bool,
    finished: bool,
}

impl<R: BufRead> ActivityReader<R> {
    /// Read up to the root element and check it.
    pub fn open(source: R) -> Result<Self, FileError> {
        let input = Input::detect(source).map_err(|e| FileError::Malformed {
            position: 0,
            message: e.to_string(),
        })?;
        let mut reader = Reader::from_reader(input);
        reader.config_mut().check_end_names = true;
        let mut this = ActivityReader {
            reader,
            buffer: Vec::new(),
            version: String::new(),
            root_bindings: Vec::new(),
            empty_root: false,
            finished: false,
        };
        loop {
            match this.event()? {
                Event::Start(root) => return this.root(&root).map(|()| this),
                Event::Empty(root) => {
                    this.root(&root)?;
                    this.empty_root = true;
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

    /// Check the root element: `iati-activities` of version 2.x.
    fn root(&mut self, root: &BytesStart<'_>) -> Result<(), FileError> {
        let name = String::from_utf8_lossy(root.name().as_ref()).into_owned();
        if name != "iati-activities" {
            return Err(FileError::NotIati(name));
        }
        let (attributes, bindings) = self.attributes(root, &[])?;
        self.root_bindings = bindings;
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
        self.version = version;
        Ok(())
    }

    /// The next activity, if any. The rest of the document is checked as it is read: a
    /// fault later in the file is an error then.
    pub fn next_activity(&mut self) -> Result<Option<Activity>, FileError> {
        if self.finished {
            return Ok(None);
        }
        if self.empty_root {
            return self.finish();
        }
        loop {
            match self.event()? {
                Event::Start(element) => {
                    let name = element.name().as_ref().to_vec();
                    if name == b"iati-activity" {
                        let scopes = vec![self.root_bindings.clone()];
                        let (root, bindings) = self.node(&element, &scopes)?;
                        return self.read_activity(root, bindings).map(Some);
                    }
                    self.skip(&name)?;
                }
                Event::Empty(element) if element.name().as_ref() == b"iati-activity" => {
                    let scopes = vec![self.root_bindings.clone()];
                    return Ok(Some(Activity::Read(self.node(&element, &scopes)?.0)));
                }
                Event::End(_) => return self.finish(),
                Event::Eof => {
                    return Err(self.malformed("the document ends inside <iati-activities>"));
                }
                _ => {}
            }
        }
    }

    /// After the root's end: only whitespace, comments and instructions may follow.
    fn finish(&mut self) -> Result<Option<Activity>, FileError> {
        self.finished = true;
        loop {
            match self.event()? {
                Event::Eof => return Ok(None),
                Event::Start(_) | Event::Empty(_) => {
                    return Err(self.malformed("a second root element"));
                }
                Event::Text(text) if !text.iter().all(u8::is_ascii_whitespace) => {
                    return Err(self.malformed("text after the root element"));
                }
                _ => {}
            }
        }
    }

    fn read_activity(&mut self, root: Node, bindings: Bindings) -> Result<Activity, FileError> {
        let mut stack = vec![root];
        let mut scopes = vec![self.root_bindings.clone(), bindings];
        let mut size = ActivitySize::default();
        loop {
            match self.event()? {
                Event::Start(element) => {
                    size.elements += 1;
                    if size.too_large() || stack.len() >= MAX_DEPTH || is_extension(&element) {
                        size.depth_exceeded |= stack.len() >= MAX_DEPTH;
                        let name = element.name().as_ref().to_vec();
                        self.skip(&name)?;
                        continue;
                    }
                    let (node, bindings) = self.node(&element, &scopes)?;
                    stack.push(node);
                    scopes.push(bindings);
                }
                Event::Empty(element) => {
                    size.elements += 1;
                    if !size.too_large() && !is_extension(&element) {
                        let (node, _) = self.node(&element, &scopes)?;
                        stack
                            .last_mut()
                            .expect("inside the activity")
                            .children
                            .push(node);
                    }
                }
                Event::End(_) => {
                    scopes.pop();
                    let node = stack.pop().expect("inside the activity");
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None if size.too_large() => return Ok(Activity::TooLarge),
                        None => return Ok(Activity::Read(node)),
                    }
                }
                Event::Text(text) => {
                    let text = text.decode().map_err(|e| self.malformed(e.to_string()))?;
                    size.push_text(&mut stack, &text);
                }
                Event::CData(text) => {
                    let text = text.decode().map_err(|e| self.malformed(e.to_string()))?;
                    size.push_text(&mut stack, &text);
                }
                Event::GeneralRef(reference) => {
                    let resolved = self.reference(&reference)?;
                    size.push_text(&mut stack, &resolved);
                }
                Event::Eof => return Err(self.malformed("the document ends inside an activity")),
                _ => {}
            }
        }
    }

    /// A character reference or one of XML's five entities; any other is refused.
    fn reference(&self, reference: &quick_xml::events::BytesRef<'_>) -> Result<String, FileError> {
        match reference.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) => {
                let name = reference
                    .decode()
                    .map_err(|e| self.malformed(e.to_string()))?;
                resolve_predefined_entity(&name)
                    .map(str::to_owned)
                    .ok_or_else(|| self.malformed(format!("undefined entity &{name};")))
            }
            Err(e) => Err(self.malformed(e.to_string())),
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
                Event::GeneralRef(reference) => {
                    self.reference(&reference)?;
                }
                _ => {}
            }
        }
    }

    /// An element as a node, and the prefixes it binds.
    fn node(
        &self,
        element: &BytesStart<'_>,
        scopes: &[Bindings],
    ) -> Result<(Node, Bindings), FileError> {
        let (attributes, bindings) = self.attributes(element, scopes)?;
        let node = Node {
            name: String::from_utf8_lossy(element.name().as_ref()).into_owned(),
            attributes,
            children: Vec::new(),
            text: String::new(),
        };
        Ok((node, bindings))
    }

    /// An element's attributes, named as [`attribute_name`] says (those of unknown
    /// namespaces and namespace declarations left out), and the prefixes it binds. At
    /// most [`MAX_ATTRIBUTES`], each name once.
    fn attributes(
        &self,
        element: &BytesStart<'_>,
        scopes: &[Bindings],
    ) -> Result<(Vec<(String, String)>, Bindings), FileError> {
        let mut raw = Vec::new();
        for attribute in element.attributes().with_checks(false) {
            if raw.len() == MAX_ATTRIBUTES {
                return Err(FileError::TooManyAttributes(self.reader.buffer_position()));
            }
            let attribute = attribute.map_err(|e| self.malformed(e.to_string()))?;
            let value = attribute
                .unescape_value()
                .map_err(|e| self.malformed(e.to_string()))?;
            raw.push((attribute.key.as_ref().to_vec(), value.into_owned()));
        }
        let mut names: Vec<&[u8]> = raw.iter().map(|(key, _)| key.as_slice()).collect();
        names.sort_unstable();
        if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(self.malformed(format!(
                "the attribute {} is given twice",
                String::from_utf8_lossy(pair[0])
            )));
        }
        let bindings: Bindings = raw
            .iter()
            .filter_map(|(key, value)| {
                let prefix = key.strip_prefix(b"xmlns:")?;
                Some((prefix.to_vec(), value.clone()))
            })
            .collect();
        let mut attributes = Vec::with_capacity(raw.len());
        for (key, value) in raw {
            if key == b"xmlns" || key.starts_with(b"xmlns:") {
                continue;
            }
            match attribute_name(&key, &bindings, scopes) {
                Ok(Some(name)) => attributes.push((name, value)),
                Ok(None) => {}
                Err(prefix) => {
                    return Err(
                        self.malformed(format!("the namespace prefix {prefix} is not bound"))
                    );
                }
            }
        }
        Ok((attributes, bindings))
    }

    /// The next event, owned (the reader's buffer is reused).
    /// A tag larger than [`MAX_TAG_BYTES`] is refused, and a text larger than an
    /// activity holds is checked and then cut (it makes its activity too large): neither
    /// is copied whole.
    fn event(&mut self) -> Result<Event<'static>, FileError> {
        self.buffer.clear();
        let position = self.reader.buffer_position();
        match self.reader.read_event_into(&mut self.buffer) {
            Ok(Event::DocType(_)) => Err(FileError::DocumentType),
            Ok(Event::Start(tag) | Event::Empty(tag)) if tag.len() > MAX_TAG_BYTES => {
                Err(FileError::TooLargeTag(position))
            }
            Ok(Event::Text(text)) if text.len() > MAX_TEXT_PER_ACTIVITY => {
                let text: &[u8] = &text;
                let valid = std::str::from_utf8(text).map_err(|e| FileError::Malformed {
                    position,
                    message: e.to_string(),
                })?;
                // Just past the limit, on a character's boundary.
                let mut cut = MAX_TEXT_PER_ACTIVITY + 1;
                while !valid.is_char_boundary(cut) {
                    cut += 1;
                }
                Ok(Event::Text(BytesText::from_escaped(
                    valid[..cut].to_owned(),
                )))
            }
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

/// An element of another namespace (a prefixed name): an extension, not IATI.
fn is_extension(element: &BytesStart<'_>) -> bool {
    element.name().prefix().is_some()
}

/// How an attribute is named in a [`Node`]: unprefixed as written, `xml:…` as written,
/// `ssc:…` when its prefix is bound to the service's namespace, and `None` for another
/// namespace's. `Err(prefix)` when the prefix is not bound.
fn attribute_name(
    key: &[u8],
    own: &Bindings,
    scopes: &[Bindings],
) -> Result<Option<String>, String> {
    let Some(colon) = key.iter().position(|b| *b == b':') else {
        return Ok(Some(String::from_utf8_lossy(key).into_owned()));
    };
    let (prefix, local) = (&key[..colon], &key[colon + 1..]);
    let local = String::from_utf8_lossy(local);
    if prefix == b"xml" {
        return Ok(Some(format!("xml:{local}")));
    }
    let uri = own
        .iter()
        .chain(scopes.iter().rev().flatten())
        .find(|(bound, _)| bound == prefix)
        .map(|(_, uri)| uri.as_str());
    match uri {
        Some(SSC_NAMESPACE) => Ok(Some(format!("ssc:{local}"))),
        Some(XML_NAMESPACE) => Ok(Some(format!("xml:{local}"))),
        Some(_) => Ok(None),
        None => Err(String::from_utf8_lossy(prefix).into_owned()),
    }
}

/// What an activity holds so far, against its limits.
#[derive(Default)]
struct ActivitySize {
    elements: usize,
    text: usize,
    depth_exceeded: bool,
}

impl ActivitySize {
    fn too_large(&self) -> bool {
        self.elements > MAX_ELEMENTS_PER_ACTIVITY
            || self.text > MAX_TEXT_PER_ACTIVITY
            || self.depth_exceeded
    }

    fn push_text(&mut self, stack: &mut [Node], text: &str) {
        self.text += text.len();
        if !self.too_large()
            && let Some(node) = stack.last_mut()
        {
            node.text.push_str(text);
        }
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
mod tests;
