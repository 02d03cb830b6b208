//! Real publishers' IATI files (development banks, a bilateral agency, a UN agency's
//! country offices, NGOs; es, en, pt, fr; 2.01 to 2.03): each imports without a
//! failure, what it gives exports as valid IATI, and a second import changes nothing.
//!
//! The files are published data fetched from public repositories, not the project's own,
//! and are not committed (the workplace keeps fetched material out of the repository): the
//! test runs with the `corpus` feature against the directory `SSC_IATI_CORPUS` names
//! (`SSC_IATI_CORPUS=/path/to/iati-real cargo test --features corpus iati_corpus`), whose
//! `README.md` says where each file came from.

use std::path::PathBuf;

use crate::support::{admin, spawn};

const IMPORTS: &str = "/api/v1/iati/imports";

/// The share of the corpus's activities that become records, complete or incomplete
/// drafts (an activity a complete project cannot be made of, with no DAC sector or no
/// end date anywhere in the file, is kept with the list of what it lacks), in percent.
const IMPORTED_AT_LEAST: u64 = 95;

fn corpus() -> Vec<PathBuf> {
    let dir = std::env::var("SSC_IATI_CORPUS")
        .expect("SSC_IATI_CORPUS names the directory of real IATI files");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

#[actix_web::test]
async fn real_publishers_files_import_export_valid_and_import_again_unchanged() {
    let files = corpus();
    assert!(files.len() >= 10, "{} files", files.len());
    let (mut activities, mut imported) = (0, 0);
    let mut figures = String::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let xml = std::fs::read(file).unwrap();
        let app = spawn().await;
        let import = || {
            app.post(IMPORTS)
                .bearer(&admin())
                .body("application/xml", xml.clone())
                .send()
        };
        let report = import().await.ok(200);
        let details = report["details"].as_array().unwrap();
        for detail in details {
            for note in detail["notes"].as_array().unwrap() {
                assert!(
                    !note["message"]
                        .as_str()
                        .unwrap()
                        .contains("failed to store"),
                    "{name}: {note}"
                );
            }
        }
        let count = |outcome: &str| report[outcome].as_u64().unwrap();
        let made = count("created") + count("updated") + count("submitted") + count("drafted");
        activities += count("activities");
        imported += made;
        let mut reasons: Vec<String> = details
            .iter()
            .filter(|d| d["outcome"] == "skipped")
            .flat_map(|d| d["notes"].as_array().unwrap().clone())
            .filter_map(|n| n["message"].as_str().map(str::to_owned))
            .filter(|m| m.starts_with("refused"))
            .collect();
        reasons.sort();
        reasons.dedup();
        figures.push_str(&format!(
            "{name}: {} activities, {made} imported ({} as incomplete drafts), {} skipped {reasons:?}\n",
            count("activities"),
            count("drafted"),
            count("skipped")
        ));

        // Incomplete drafts are never exported: the file is checked when it has projects.
        if made > count("drafted") {
            let export = app
                .get("/api/v1/iati/activities")
                .bearer(&admin())
                .send()
                .await
                .text();
            crate::iati::assert_valid_iati(&export);
        }
        let again = import().await.ok(200);
        assert_eq!(
            (
                again["created"].as_u64(),
                again["updated"].as_u64(),
                again["submitted"].as_u64(),
                again["drafted"].as_u64()
            ),
            (Some(0), Some(0), Some(0), Some(0)),
            "{name}: a second import changes nothing: {again}"
        );
        assert_eq!(again["unchanged"].as_u64(), Some(made), "{name}: {again}");
    }
    println!("{figures}{imported} of {activities} activities imported");
    assert!(
        imported * 100 >= activities * IMPORTED_AT_LEAST,
        "{imported} of {activities}:\n{figures}"
    );
}
