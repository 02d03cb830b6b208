//! The reader's unit tests.

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

#[test]
fn attributes_are_named_by_their_namespace_uri() {
    let nodes = read(
        r#"<iati-activities version="2.03" xmlns:x="urn:ssc-api:iati" xmlns:ssc="urn:other"><iati-activity x:visibility="restricted" ssc:modality="triangular" xml:lang="es"><y:ext xmlns:y="urn:y"><title/></y:ext><title/></iati-activity></iati-activities>"#,
    )
    .unwrap();
    let activity = &nodes[0];
    assert_eq!(activity.attribute("ssc:visibility"), Some("restricted"));
    assert_eq!(
        activity.attribute("ssc:modality"),
        None,
        "another namespace's"
    );
    assert_eq!(activity.attribute("xml:lang"), Some("es"));
    assert_eq!(
        activity.children.len(),
        1,
        "the extension element is not read"
    );
    assert!(matches!(
        read(r#"<iati-activities version="2.03"><iati-activity q:x="1"/></iati-activities>"#)
            .unwrap_err(),
        FileError::Malformed { .. }
    ));
}

#[test]
fn attributes_are_bounded_and_checked_for_duplicates_in_linear_time() {
    let many: String = (0..50_000).map(|n| format!(" a{n}=\"\"")).collect();
    let refused = read(&format!("<iati-activities version=\"2.03\"{many}/>")).unwrap_err();
    assert!(
        matches!(refused, FileError::TooManyAttributes(_)),
        "{refused:?}"
    );
    let twice =
        read(r#"<iati-activities version="2.03"><iati-activity a="1" a="2"/></iati-activities>"#)
            .unwrap_err();
    assert!(
        matches!(twice, FileError::Malformed { ref message, .. } if message.contains("twice")),
        "{twice:?}"
    );
}

#[test]
fn utf16_files_are_read() {
    let xml = r#"<?xml version="1.0" encoding="UTF-16"?><iati-activities version="2.03"><iati-activity><iati-identifier>Té-1</iati-identifier></iati-activity></iati-activities>"#;
    let mut bytes = vec![0xFF, 0xFE];
    for unit in xml.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let mut reader = ActivityReader::open(bytes.as_slice()).unwrap();
    match reader.next_activity().unwrap() {
        Some(Activity::Read(node)) => {
            assert_eq!(node.first("iati-identifier").unwrap().text, "Té-1")
        }
        _ => panic!("one activity"),
    }
}

#[test]
fn huge_tags_are_refused_and_huge_texts_make_their_activity_too_large() {
    let tag = format!(
        "<iati-activities version=\"2.03\"><iati-activity><tag code=\"{}\"/></iati-activity></iati-activities>",
        "a".repeat(MAX_TAG_BYTES)
    );
    assert!(matches!(read(&tag).unwrap_err(), FileError::TooLargeTag(_)));
    let text = format!(
        "<iati-activities version=\"2.03\"><iati-activity><title>{}</title></iati-activity><iati-activity/></iati-activities>",
        "é".repeat(MAX_TEXT_PER_ACTIVITY)
    );
    let mut reader = ActivityReader::open(text.as_bytes()).unwrap();
    assert!(matches!(
        reader.next_activity().unwrap(),
        Some(Activity::TooLarge)
    ));
    assert!(matches!(
        reader.next_activity().unwrap(),
        Some(Activity::Read(_))
    ));
    let invalid = [
        b"<iati-activities version=\"2.03\"><iati-activity><title>".as_slice(),
        &vec![0xFF; MAX_TEXT_PER_ACTIVITY + 10],
        b"</title></iati-activity></iati-activities>",
    ]
    .concat();
    let mut reader = ActivityReader::open(invalid.as_slice()).unwrap();
    assert!(matches!(
        reader.next_activity().unwrap_err(),
        FileError::Malformed { .. }
    ));
}
