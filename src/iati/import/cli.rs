//! `ssc-api import iati FILE…`: the command line's side of an import.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::auth::Caller;
use crate::db::Db;
use crate::iati::ReportingOrg;

use super::{ImportReport, import};

/// Who the command line imports as.
pub fn command_line_importer() -> Caller {
    Caller {
        sub: "iati-import".into(),
        role: crate::auth::Role::Admin,
        org: None,
        issuer: "ssc-api import".into(),
    }
}

/// Check every file, then import them in turn (`-` is standard input, copied first to
/// a temporary file only its owner may read, removed when done, so it can be read
/// twice), with a progress bar on a terminal. The report covers every file.
pub async fn import_files(
    db: &Db,
    reporting: &ReportingOrg,
    files: &[PathBuf],
    dry_run: bool,
) -> Result<ImportReport, String> {
    let mut paths = Vec::new();
    // Kept until the import is done: dropping it removes the file.
    let mut spooled = None;
    for file in files {
        if file.as_os_str() == "-" {
            let copy =
                spool(&mut std::io::stdin().lock()).map_err(|e| format!("standard input: {e}"))?;
            paths.push((copy.path().to_owned(), "standard input".to_owned()));
            spooled = Some(copy);
        } else {
            paths.push((file.clone(), file.display().to_string()));
        }
    }
    let mut total = 0;
    for (path, name) in &paths {
        let reader = open(path, name)?;
        total += super::on_own_thread(move || crate::iati::reader::check(reader))
            .await
            .ok_or_else(|| format!("{name}: the check stopped"))?
            .map_err(|e| format!("{name}: {e}"))?;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} activities, {elapsed} ({eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut report = ImportReport::default();
    for (path, name) in &paths {
        import(
            db,
            &command_line_importer(),
            reporting,
            open(path, name)?,
            dry_run,
            &mut report,
            |_| bar.inc(1),
        )
        .await
        .map_err(|e| format!("{name}: {e}"))?;
    }
    bar.finish_and_clear();
    drop(spooled);
    Ok(report)
}

fn open(path: &Path, name: &str) -> Result<BufReader<File>, String> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| format!("{name}: {e}"))
}

/// `input` copied to a temporary file created with mode 0600 (`tempfile` creates it
/// so, atomically, under a name nobody can guess).
fn spool(input: &mut impl std::io::Read) -> std::io::Result<tempfile::NamedTempFile> {
    let mut copy = tempfile::Builder::new()
        .prefix("ssc-api-import-")
        .suffix(".xml")
        .tempfile()?;
    std::io::copy(input, copy.as_file_mut())?;
    Ok(copy)
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn spooled_input_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let file = super::spool(&mut &b"<iati-activities/>"[..]).unwrap();
        assert_eq!(std::fs::read(file.path()).unwrap(), b"<iati-activities/>");
        let mode = file.as_file().metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
