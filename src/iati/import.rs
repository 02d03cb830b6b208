//! Importing IATI activities as projects. A file is read twice as a stream: first
//! through to its end to check it (a malformed, non-IATI or 1.x file changes nothing),
//! then activity by activity, each in its own transaction, so one bad activity never
//! stops the others. Activities are matched by `iati-identifier` (else by the code of
//! their `other-identifier` of type A1): new ones are created, known ones updated as a
//! new version, unchanged ones left alone. What real files get wrong is kept,
//! normalised or refused as `MAPPING.md` ("Import") says, and every such case is in the
//! report with the element's path.

use std::collections::BTreeMap;
use std::io::BufRead;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Caller;
use crate::codelists;
use crate::db::{Db, DbConnection};
use crate::domain::documents::{DocumentLink, LocalisedText};
use crate::domain::money::{Contribution, Money, format_minor, parse_amount};
use crate::domain::organisations::{Organisation, OrganisationInput};
use crate::domain::projects::rules::valid_code;
use crate::domain::projects::{
    CountryShare, Instrument, Modality, Participant, ParticipantRole, Project, ProjectInput,
    RegionShare, SectorShare,
};
use crate::domain::record::{self, ExpectedVersions, RecordStorage, Update};
use crate::domain::results::{
    self as results_domain, Baseline, Indicator, Period, PeriodValue, ProjectResult, ResultsInput,
};
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::iati::reader::{Activity, ActivityReader, FileError, Node};
use crate::iati::{ReportingOrg, activity_identifier};
use crate::store::organisations as organisation_store;
use crate::store::projects as project_store;
use crate::store::results as results_store;

const XML_LANG: &str = "xml:lang";

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "dry_run": false, "activities": 3, "created": 1, "updated": 1, "unchanged": 0, "skipped": 1,
    "details": [
        {"position": 2, "identifier": "XM-DAC-41114-PROJECT-00123", "outcome": "updated",
         "project_id": "0193a6a0-7c1e-7b3a-9c1d-2f4e5a6b7c8d",
         "notes": [{"path": "iati-activity[2]/sector[2]/@percentage", "message": "missing: the sectors without one share what the others leave (50)"}]},
        {"position": 3, "identifier": null, "outcome": "skipped", "project_id": null,
         "notes": [{"path": "iati-activity[3]/iati-identifier", "message": "missing: an activity is matched by its identifier"}]}
    ]
}))]
pub struct ImportReport {
    /// Nothing was written: what an import would do.
    pub dry_run: bool,
    /// Activities in the file(s).
    pub activities: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    /// The activities that were skipped or altered, with why.
    pub details: Vec<ActivityReport>,
}

/// What became of one activity.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ActivityReport {
    /// Its position in the file (1-based, as in `iati-activity[n]`).
    pub position: u64,
    #[schema(required = true)]
    pub identifier: Option<String>,
    pub outcome: Outcome,
    /// The project it created or updated.
    #[schema(required = true)]
    pub project_id: Option<Uuid>,
    pub notes: Vec<ImportNote>,
}

/// What was kept, normalised or refused, and where.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ImportNote {
    /// An XPath into the file, such as `iati-activity[3]/sector[2]/@percentage`.
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Skipped,
}

impl ImportReport {
    fn add(&mut self, report: ActivityReport) {
        self.activities += 1;
        match report.outcome {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Skipped => self.skipped += 1,
        }
        if report.outcome == Outcome::Skipped || !report.notes.is_empty() {
            self.details.push(report);
        }
    }
}

/// Notes of one activity, each at a path below it.
struct Notes {
    base: String,
    list: Vec<ImportNote>,
}

impl Notes {
    fn add(&mut self, path: impl AsRef<str>, message: impl Into<String>) {
        let path = path.as_ref();
        self.list.push(ImportNote {
            path: if path.is_empty() {
                self.base.clone()
            } else {
                format!("{}/{path}", self.base)
            },
            message: message.into(),
        });
    }
}

/// An organisation as an activity names it.
#[derive(Debug, Clone)]
struct OrganisationRef {
    reference: Option<String>,
    name: Option<String>,
    organisation_type: Option<String>,
    country: Option<String>,
    path: String,
}

impl OrganisationRef {
    fn of(node: &Node, path: String, default_language: &str) -> Self {
        OrganisationRef {
            reference: node.attribute("ref").map(str::to_owned),
            name: texts(node, default_language).into_values().next(),
            organisation_type: node.attribute("type").map(str::to_owned),
            country: node.attribute("ssc:country").map(str::to_owned),
            path,
        }
    }
}

/// An activity mapped, before its organisations are found.
struct Mapped {
    identifier: String,
    input: ProjectInput,
    participants: Vec<(OrganisationRef, ParticipantRole, u32)>,
    money: Vec<(OrganisationRef, String, String)>,
    results: Vec<ProjectResult>,
}

/// Import every activity of a file that `check` has read through. `caller` writes.
pub async fn import<R: BufRead>(
    db: &Db,
    caller: &Caller,
    reporting: &ReportingOrg,
    source: R,
    dry_run: bool,
    report: &mut ImportReport,
    mut progress: impl FnMut(u64),
) -> Result<(), FileError> {
    report.dry_run = dry_run;
    let mut reader = ActivityReader::open(source)?;
    let mut position = report.activities;
    while let Some(activity) = reader.next_activity()? {
        position += 1;
        let base = format!("iati-activity[{position}]");
        let mut notes = Notes {
            base,
            list: Vec::new(),
        };
        let outcome = match activity {
            Activity::TooLarge => {
                notes.add(
                    "",
                    format!(
                        "more than {} elements: not read",
                        crate::iati::reader::MAX_ELEMENTS_PER_ACTIVITY
                    ),
                );
                Err(None)
            }
            Activity::Read(node) => match map(&node, reporting, &mut notes) {
                None => Err(node
                    .first("iati-identifier")
                    .map(|n| n.trimmed_text().to_owned())
                    .filter(|i| !i.is_empty())),
                Some(mapped) => {
                    let identifier = mapped.identifier.clone();
                    match write_one(db, caller, mapped, dry_run, &notes.base).await {
                        (Ok(done), more) => {
                            notes.list.extend(more);
                            Ok((identifier, done))
                        }
                        (Err(error), more) => {
                            notes.list.extend(more);
                            refused(&mut notes, &error);
                            Err(Some(identifier))
                        }
                    }
                }
            },
        };
        report.add(match outcome {
            Ok((identifier, (outcome, project_id))) => ActivityReport {
                position,
                identifier: Some(identifier),
                outcome,
                project_id: Some(project_id),
                notes: notes.list,
            },
            Err(identifier) => ActivityReport {
                position,
                identifier,
                outcome: Outcome::Skipped,
                project_id: None,
                notes: notes.list,
            },
        });
        progress(position);
    }
    Ok(())
}

/// Write one activity in its own transaction (rolled back on a dry run, once its
/// outcome is known): the outcome, and the notes made on the way.
async fn write_one(
    db: &Db,
    caller: &Caller,
    mapped: Mapped,
    dry_run: bool,
    base: &str,
) -> (Result<(Outcome, Uuid), ApiError>, Vec<ImportNote>) {
    use std::sync::{Arc, Mutex};
    type Kept = (Option<(Outcome, Uuid)>, Vec<ImportNote>);
    let kept: Arc<Mutex<Kept>> = Arc::default();
    let (caller, base, slot) = (caller.clone(), base.to_owned(), kept.clone());
    let written = db
        .write(move |conn| {
            let mut notes = Notes {
                base,
                list: Vec::new(),
            };
            let outcome = write(conn, &caller, mapped, &mut notes);
            let mut slot = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            slot.1 = notes.list;
            match outcome {
                Ok(done) if dry_run => {
                    slot.0 = Some(done);
                    // An error rolls the transaction back.
                    Err(ApiError::new(crate::error::Problem::Conflict, "dry run"))
                }
                other => other,
            }
        })
        .await;
    let (done, notes) = std::mem::take(&mut *kept.lock().unwrap_or_else(|p| p.into_inner()));
    match (written, done) {
        (_, Some(done)) if dry_run => (Ok(done), notes),
        (written, _) => (written, notes),
    }
}

/// Report why the activity's write was refused: each violation at its pointer.
fn refused(notes: &mut Notes, error: &ApiError) {
    if error.problem.status().is_server_error() {
        log::error!("an IATI activity could not be imported: {}", error.detail);
        notes.add("", "the service failed to store it; it has been logged");
        return;
    }
    if error.errors.is_empty() {
        notes.add("", error.detail.clone());
    }
    for violation in &error.errors {
        let member = violation
            .pointer
            .clone()
            .or_else(|| violation.parameter.clone())
            .unwrap_or_default();
        notes.add(
            "",
            format!("refused: the project's {member}: {}", violation.message),
        );
    }
}

/// Find or create the organisations, then create, update or leave the project, then its
/// results. Inside the activity's transaction.
fn write(
    conn: &mut DbConnection,
    caller: &Caller,
    mapped: Mapped,
    notes: &mut Notes,
) -> Result<(Outcome, Uuid), ApiError> {
    let Mapped {
        identifier: _,
        mut input,
        participants,
        money,
        results,
    } = mapped;
    let mut days: BTreeMap<Uuid, u32> = BTreeMap::new();
    for (organisation, role, expert_days) in participants {
        let Some(id) = organisation_id(conn, caller, &organisation, notes)? else {
            continue;
        };
        if input
            .participants
            .iter()
            .any(|p| p.organisation_id == id && p.role == role)
        {
            continue;
        }
        input.participants.push(Participant {
            organisation_id: id,
            role,
        });
        if expert_days > 0 {
            *days.entry(id).or_default() += expert_days;
        }
    }
    for (organisation, amount, currency) in money {
        let Some(id) = organisation_id(conn, caller, &organisation, notes)? else {
            continue;
        };
        if !input.participants.iter().any(|p| p.organisation_id == id) {
            notes.add(
                &organisation.path,
                "the provider of this commitment does not take part in the activity: left out",
            );
            continue;
        }
        input.contributions.push(Contribution {
            organisation_id: id,
            amount: Some(amount),
            currency: Some(currency),
            expert_days: days.remove(&id),
        });
    }
    for participant in &input.participants {
        if let Some(expert_days) = days.remove(&participant.organisation_id) {
            input.contributions.push(Contribution {
                organisation_id: participant.organisation_id,
                amount: None,
                currency: None,
                expert_days: Some(expert_days),
            });
        }
    }

    let existing = match &input.iati_identifier {
        Some(identifier) => project_store::id_by_iati_identifier(conn, identifier)?,
        None => None,
    };
    let existing = match existing {
        Some(id) => Some(id),
        None => project_store::id_by_code(conn, &input.code)?,
    };
    let (outcome, id) = match existing {
        None => {
            let saved = record::create::<Project>(conn, caller, input, Default::default())?;
            (Outcome::Created, saved.record.id)
        }
        Some(id) => {
            let current =
                Project::load(conn, caller, id)?.ok_or_else(|| record::not_found::<Project>(id))?;
            // Found by its code, but it is another activity's project.
            if current.iati_identifier != input.iati_identifier {
                return Err(ApiError::conflict(format!(
                    "the code {} is taken by the project of another activity ({})",
                    input.code,
                    current
                        .iati_identifier
                        .as_deref()
                        .unwrap_or("one of the reporting organisation's own")
                )));
            }
            record::check_all::<Project>(&mut input)?;
            if current.fields == input {
                (Outcome::Unchanged, id)
            } else {
                record::update::<Project>(
                    conn,
                    caller,
                    id,
                    &ExpectedVersions::any_of(vec![current.meta.version]),
                    Update::Replace(Box::new(input)),
                    Default::default(),
                )?;
                (Outcome::Updated, id)
            }
        }
    };
    let stored = results_store::find(conn, id)?;
    let current_results: Vec<ProjectResult> = match &stored {
        Some(stored) => serde_json::from_str::<serde_json::Value>(&stored.representation)
            .ok()
            .and_then(|v| serde_json::from_value(v["results"].clone()).ok())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    if results.is_empty() || current_results == results {
        return Ok((outcome, id));
    }
    let version = stored.map_or(0, |s| s.version);
    // Results that break their rules are left out; the project stands.
    let saved = results_domain::replace(
        conn,
        caller,
        id,
        &ExpectedVersions::any_of(vec![version]),
        ResultsInput { results },
    );
    match saved {
        Ok(_) => Ok((
            if outcome == Outcome::Unchanged {
                Outcome::Updated
            } else {
                outcome
            },
            id,
        )),
        Err(error) if error.problem.status().is_client_error() => {
            for violation in &error.errors {
                notes.add(
                    "result",
                    format!(
                        "results left out: {}: {}",
                        violation.pointer.clone().unwrap_or_default(),
                        violation.message
                    ),
                );
            }
            if error.errors.is_empty() {
                notes.add("result", format!("results left out: {}", error.detail));
            }
            Ok((outcome, id))
        }
        Err(error) => Err(error),
    }
}

/// The organisation an activity names: by IATI identifier, else by name; created when
/// absent. `None` (with a note) when it names neither.
fn organisation_id(
    conn: &mut DbConnection,
    caller: &Caller,
    organisation: &OrganisationRef,
    notes: &mut Notes,
) -> Result<Option<Uuid>, ApiError> {
    if let Some(reference) = &organisation.reference
        && let Some(id) = organisation_store::id_by_iati_identifier(conn, reference)?
    {
        return Ok(Some(id));
    }
    if let Some(name) = &organisation.name
        && let Some(id) = organisation_store::id_by_name(conn, name)?
    {
        return Ok(Some(id));
    }
    let Some(name) = organisation
        .name
        .clone()
        .or_else(|| organisation.reference.clone())
    else {
        notes.add(
            &organisation.path,
            "an organisation without ref or name: left out",
        );
        return Ok(None);
    };
    let organisation_type = match organisation.organisation_type.as_deref() {
        Some(code) if codelists::organisation_types().active(code, "type").is_ok() => {
            code.to_owned()
        }
        other => {
            if let Some(code) = other {
                notes.add(
                    format!("{}/@type", organisation.path),
                    format!("unknown organisation type {code:?}: created as 90 (Other)"),
                );
            }
            "90".to_owned()
        }
    };
    // The country: as the file says, else the identifier's registration agency's.
    let country = organisation.country.clone().or_else(|| {
        let prefix = organisation.reference.as_deref()?.get(..2)?;
        codelists::countries()
            .get(prefix)
            .map(|_| prefix.to_owned())
    });
    let input = OrganisationInput {
        name,
        acronym: None,
        organisation_type,
        country_code: country,
        iati_identifier: organisation.reference.clone(),
        parent_id: None,
    };
    // Organisations are otherwise written by admins: an import (for admins and
    // coordinators) creates those its activities name, under the importer's name.
    let importer = Caller {
        role: crate::auth::Role::Admin,
        ..caller.clone()
    };
    match record::create::<Organisation>(conn, &importer, input, Default::default()) {
        Ok(saved) => Ok(Some(saved.record.id)),
        Err(error) if error.problem.status().is_client_error() => {
            let mut why = error
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            if why.is_empty() {
                why = error.detail.clone();
            }
            notes.add(
                &organisation.path,
                format!("the organisation cannot be created ({why}): left out"),
            );
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The texts of an element's narratives by language; a narrative without `xml:lang` is
/// in `default_language` (IATI's rule); empty ones are dropped.
fn texts(node: &Node, default_language: &str) -> LocalisedText {
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

/// A text of the record: its languages known to the codelist, the default's required.
fn record_text(
    node: Option<(&Node, String)>,
    language: &str,
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
    Some(text)
}

fn date_of(node: &Node, attribute: &str) -> Option<NaiveDate> {
    node.attribute(attribute)
        .and_then(|text| text.get(..10))
        .and_then(|text| text.parse().ok())
}

/// Percentages as hundredths; missing ones share what the others leave, and a set that
/// does not sum to 100 is scaled to it.
fn shares(
    items: Vec<(String, Option<String>, String)>,
    what: &str,
    notes: &mut Notes,
) -> Vec<(String, String)> {
    if items.is_empty() {
        return Vec::new();
    }
    let parsed: Vec<Option<i64>> = items
        .iter()
        .map(|(_, percentage, path)| {
            let value = percentage
                .as_deref()
                .and_then(|p| p.parse::<f64>().ok())
                .filter(|p| p.is_finite() && *p >= 0.0);
            if value.is_none() {
                notes.add(
                    format!("{path}/@percentage"),
                    format!("missing or not a number: the {what} without one share what the others leave"),
                );
            }
            value.map(|p| (p * 100.0).round() as i64)
        })
        .collect();
    let given: i64 = parsed.iter().flatten().sum();
    let missing = parsed.iter().filter(|p| p.is_none()).count() as i64;
    let left = (10_000 - given).max(0);
    let mut hundredths: Vec<i64> = parsed
        .iter()
        .map(|p| p.unwrap_or(if missing > 0 { left / missing } else { 0 }))
        .collect();
    if missing > 0
        && let Some(last_missing) = parsed.iter().rposition(Option::is_none)
    {
        hundredths[last_missing] += left - (left / missing) * missing;
    }
    let total: i64 = hundredths.iter().sum();
    if total != 10_000 {
        notes.add(
            &items[0].2,
            format!(
                "the {what}' percentages sum to {}: scaled to 100",
                crate::domain::decimal::format_trimmed(total, 2)
            ),
        );
        if total == 0 {
            let n = hundredths.len() as i64;
            hundredths = vec![10_000 / n; hundredths.len()];
        } else {
            hundredths = hundredths.iter().map(|h| h * 10_000 / total).collect();
        }
        let sum: i64 = hundredths.iter().sum();
        if let Some(last) = hundredths.last_mut() {
            *last += 10_000 - sum;
        }
    }
    items
        .into_iter()
        .zip(hundredths)
        .map(|((code, _, _), h)| (code, crate::domain::decimal::format_trimmed(h, 2)))
        .collect()
}

/// A participant's role: `ssc:role` when the file has it (the service's own files), else
/// read from the IATI role as the modality understands it: in South-South cooperation
/// the funding and extending organisations provide and the accountable and implementing
/// ones receive; in triangular cooperation the funder is the second provider and the
/// extending organisation the first.
fn role_of(node: &Node, modality: Modality) -> Option<ParticipantRole> {
    use ParticipantRole::*;
    if let Some(role) = node.attribute("ssc:role").and_then(ParticipantRole::parse) {
        return Some(role);
    }
    let code = node.attribute("role")?;
    Some(match (modality, code) {
        (Modality::Multilateral, "1") => Funding,
        (Modality::Multilateral, "3") => Provider,
        (Modality::Multilateral, "4") => Implementing,
        (Modality::Triangular, "1") => SecondProvider,
        (Modality::Triangular, "3") => FirstProvider,
        (_, "1" | "3") => Provider,
        (_, "2" | "4") => Recipient,
        _ => return None,
    })
}

/// An activity as a project input (participants still to be found), or `None` when it
/// cannot be one (the reasons are in `notes`).
fn map(activity: &Node, reporting: &ReportingOrg, notes: &mut Notes) -> Option<Mapped> {
    let Some(identifier) = activity
        .first("iati-identifier")
        .map(|n| n.trimmed_text().to_owned())
        .filter(|i| !i.is_empty())
    else {
        notes.add(
            "iati-identifier",
            "missing: an activity is matched by its identifier",
        );
        return None;
    };
    // The default language: the activity's, if its title has it; else the title's first.
    let declared = activity.attribute(XML_LANG).map(str::to_lowercase);
    let title_node = activity.first("title");
    let all_titles = title_node
        .map(|t| texts(t, declared.as_deref().unwrap_or("en")))
        .unwrap_or_default();
    let language = match &declared {
        Some(language)
            if all_titles.contains_key(language)
                && codelists::languages().get(language).is_some() =>
        {
            language.clone()
        }
        _ => {
            match all_titles
                .keys()
                .find(|code| codelists::languages().get(code).is_some())
            {
                Some(first) => {
                    notes.add("@xml:lang", format!("the title has no text in {}: its default language is taken to be {first}", declared.as_deref().unwrap_or("(none declared)")));
                    first.clone()
                }
                None => {
                    notes.add("title", "missing: a project needs a title");
                    return None;
                }
            }
        }
    };
    let title = record_text(
        title_node.map(|n| (n, "title".to_owned())),
        &language,
        notes,
    )?;

    let mut description = None;
    let mut objectives = None;
    for (n, node) in activity.all("description") {
        let path = format!("description[{n}]");
        match node.attribute("type").unwrap_or("1") {
            "1" if description.is_none() => {
                description = record_text(Some((node, path)), &language, notes)
            }
            "2" if objectives.is_none() => {
                objectives = record_text(Some((node, path)), &language, notes)
            }
            // Type 4 holds the export's own note on expert days (read from the
            // participating organisations instead); other kinds have no member.
            "4" if node.first("narrative").is_some() => {}
            kind => notes.add(
                &path,
                format!("a description of type {kind:?} has no place in a project: left out"),
            ),
        }
    }

    // The code: the reporting organisation's own identifier (A1), else the identifier.
    let own_code = activity
        .all("other-identifier")
        .find(|(_, o)| o.attribute("type") == Some("A1"))
        .and_then(|(_, o)| o.attribute("ref").map(str::to_owned));
    let code = match own_code.filter(|c| c.len() <= 50 && valid_code(c)) {
        Some(code) => code,
        None => {
            let derived: String = identifier
                .strip_prefix(&format!("{}-", reporting.reference))
                .unwrap_or(&identifier)
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "-_./".contains(c) {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            let derived = derived.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
            let code: String = derived.chars().take(50).collect();
            if code.is_empty() {
                notes.add("iati-identifier", "no usable code can be made of it");
                return None;
            }
            code
        }
    };
    let iati_identifier =
        (activity_identifier(None, &code, reporting) != identifier).then(|| identifier.clone());

    let modality = match activity.attribute("ssc:modality").and_then(Modality::parse) {
        Some(modality) => modality,
        None => match activity
            .first("collaboration-type")
            .and_then(|c| c.attribute("code"))
        {
            Some("8") => Modality::Triangular,
            Some("2" | "4") => Modality::Multilateral,
            Some("1") => Modality::BilateralSsc,
            other => {
                notes.add(
                    "collaboration-type",
                    format!(
                        "{}: taken as bilateral South-South cooperation",
                        other.map_or("missing".into(), |c| format!("code {c:?} has no modality"))
                    ),
                );
                Modality::BilateralSsc
            }
        },
    };
    let instrument = activity
        .attribute("ssc:instrument")
        .and_then(Instrument::parse)
        .unwrap_or(Instrument::Project);
    let visibility = activity
        .attribute("ssc:visibility")
        .and_then(Visibility::parse)
        .unwrap_or(Visibility::Public);
    let status = match activity
        .first("activity-status")
        .and_then(|s| s.attribute("code"))
        .and_then(|c| c.parse::<i32>().ok())
    {
        Some(code) if (1..=6).contains(&code) => code,
        other => {
            notes.add(
                "activity-status",
                format!(
                    "{}: taken as 2 (implementation)",
                    other.map_or("missing".into(), |c| format!("unknown code {c}"))
                ),
            );
            2
        }
    };
    let mut dates: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for (n, node) in activity.all("activity-date") {
        match (node.attribute("type"), date_of(node, "iso-date")) {
            (Some(kind @ ("1" | "2" | "3" | "4")), Some(date)) => {
                dates.entry(kind).or_insert(date);
            }
            _ => notes.add(
                format!("activity-date[{n}]"),
                "no known type or no date: left out",
            ),
        }
    }
    let (Some(planned_start), Some(planned_end)) = (
        dates.get("1").or(dates.get("2")).copied(),
        dates.get("3").or(dates.get("4")).copied(),
    ) else {
        notes.add(
            "activity-date",
            "a project needs its start and end dates (planned, else actual)",
        );
        return None;
    };

    let countries = activity
        .all("recipient-country")
        .filter_map(|(n, node)| {
            let path = format!("recipient-country[{n}]");
            let code = node.attribute("code")?.to_uppercase();
            if codelists::countries().get(&code).is_none() {
                notes.add(
                    format!("{path}/@code"),
                    format!("unknown country {code:?}: left out"),
                );
                return None;
            }
            Some((code, node.attribute("percentage").map(str::to_owned), path))
        })
        .collect::<Vec<_>>();
    let regions = activity
        .all("recipient-region")
        .filter_map(|(n, node)| {
            let path = format!("recipient-region[{n}]");
            if node.attribute("vocabulary").unwrap_or("1") != "1" {
                notes.add(
                    format!("{path}/@vocabulary"),
                    "only OECD DAC regions (vocabulary 1) are kept",
                );
                return None;
            }
            let code = node.attribute("code")?.to_owned();
            if codelists::regions().get(&code).is_none() {
                notes.add(
                    format!("{path}/@code"),
                    format!("unknown region {code:?}: left out"),
                );
                return None;
            }
            Some((code, node.attribute("percentage").map(str::to_owned), path))
        })
        .collect::<Vec<_>>();
    let country_count = countries.len();
    let mut recipients = shares(
        countries.into_iter().chain(regions).collect(),
        "recipients",
        notes,
    );
    let recipient_regions: Vec<RegionShare> = recipients
        .split_off(country_count)
        .into_iter()
        .map(|(region_code, percentage)| RegionShare {
            region_code,
            percentage,
        })
        .collect();
    let recipient_countries: Vec<CountryShare> = recipients
        .into_iter()
        .map(|(country_code, percentage)| CountryShare {
            country_code,
            percentage,
        })
        .collect();

    let mut sector_items = sectors_of(
        activity
            .all("sector")
            .map(|(n, s)| (format!("sector[{n}]"), s)),
        notes,
    );
    if sector_items.is_empty() {
        // Sectors only at transaction level: each counts equally.
        let from_transactions = sectors_of(
            activity.all("transaction").flat_map(|(t, transaction)| {
                transaction
                    .all("sector")
                    .map(move |(n, s)| (format!("transaction[{t}]/sector[{n}]"), s))
            }),
            notes,
        );
        let mut seen = Vec::new();
        for (code, _, path) in from_transactions {
            if !seen
                .iter()
                .any(|(c, _, _): &(String, Option<String>, String)| *c == code)
            {
                seen.push((code, None, path));
            }
        }
        if !seen.is_empty() {
            notes.add(
                "sector",
                "none at activity level: the transactions' sectors are taken, in equal shares",
            );
        }
        sector_items = seen;
    }
    if sector_items.is_empty() {
        notes.add(
            "sector",
            "a project needs at least one DAC 5-digit sector (vocabulary 1)",
        );
        return None;
    }
    let sectors = shares(sector_items, "sectors", notes)
        .into_iter()
        .map(|(code, percentage)| SectorShare { code, percentage })
        .collect();

    let mut sdg_goals = Vec::new();
    let mut sdg_targets = Vec::new();
    for (_, tag) in activity.all("tag") {
        match (tag.attribute("vocabulary"), tag.attribute("code")) {
            (Some("2"), Some(code)) => {
                if let Ok(goal) = code.parse::<i32>()
                    && (1..=17).contains(&goal)
                    && !sdg_goals.contains(&goal)
                {
                    sdg_goals.push(goal);
                }
            }
            (Some("3"), Some(code))
                if codelists::sdg_targets().get(code).is_some()
                    && !sdg_targets.iter().any(|t| t == code) =>
            {
                sdg_targets.push(code.to_owned());
            }
            _ => {}
        }
    }
    // A target's goal must be listed.
    for target in &sdg_targets {
        if let Some(goal) = target.split('.').next().and_then(|g| g.parse::<i32>().ok())
            && !sdg_goals.contains(&goal)
        {
            sdg_goals.push(goal);
        }
    }

    // The budget: its values summed, in the first currency given.
    let default_currency = activity
        .attribute("default-currency")
        .map(str::to_uppercase);
    let mut budget: Option<(String, i128)> = None;
    for (n, node) in activity.all("budget") {
        let path = format!("budget[{n}]/value");
        let Some(value) = node.first("value") else {
            continue;
        };
        let Some(currency) = value
            .attribute("currency")
            .map(str::to_uppercase)
            .or_else(|| default_currency.clone())
        else {
            notes.add(
                &path,
                "no currency (on the value or as the activity's default): left out",
            );
            continue;
        };
        let Ok(minor) = parse_amount(value.trimmed_text(), &currency) else {
            notes.add(
                &path,
                format!(
                    "{:?} is not an amount in {currency}: left out",
                    value.trimmed_text()
                ),
            );
            continue;
        };
        match &mut budget {
            None => budget = Some((currency, minor as i128)),
            Some((first, total)) if *first == currency => *total += minor as i128,
            Some((first, _)) => notes.add(
                &path,
                format!("in {currency}, not {first} like the first budget: left out"),
            ),
        }
    }
    let budget = budget.map(|(currency, total)| Money {
        amount: format_minor(total, &currency),
        currency,
    });

    let mut participants = Vec::new();
    for (n, node) in activity.all("participating-org") {
        let path = format!("participating-org[{n}]");
        let Some(role) = role_of(node, modality) else {
            notes.add(format!("{path}/@role"), "no known role: left out");
            continue;
        };
        let days = node
            .attribute("ssc:expert-days")
            .and_then(|d| d.parse::<u32>().ok())
            .unwrap_or(0);
        participants.push((OrganisationRef::of(node, path, &language), role, days));
    }
    let mut money = Vec::new();
    for (n, transaction) in activity.all("transaction") {
        let path = format!("transaction[{n}]");
        let kind = transaction
            .first("transaction-type")
            .and_then(|t| t.attribute("code"));
        if !matches!(kind, Some("2" | "11")) {
            continue;
        }
        let (Some(value), Some(provider)) = (
            transaction.first("value"),
            transaction.first("provider-org"),
        ) else {
            notes.add(
                &path,
                "a commitment without value or provider-org: left out",
            );
            continue;
        };
        let Some(currency) = value
            .attribute("currency")
            .map(str::to_uppercase)
            .or_else(|| default_currency.clone())
        else {
            notes.add(format!("{path}/value"), "no currency: left out");
            continue;
        };
        let Ok(minor) = parse_amount(value.trimmed_text(), &currency) else {
            notes.add(
                format!("{path}/value"),
                format!(
                    "{:?} is not an amount in {currency}: left out",
                    value.trimmed_text()
                ),
            );
            continue;
        };
        money.push((
            OrganisationRef::of(provider, format!("{path}/provider-org"), &language),
            format_minor(minor as i128, &currency),
            currency,
        ));
    }

    let mut document_links = Vec::new();
    for (n, node) in activity.all("document-link") {
        let path = format!("document-link[{n}]");
        let (Some(url), Some(format)) = (node.attribute("url"), node.attribute("format")) else {
            notes.add(&path, "no url or format: left out");
            continue;
        };
        let Some(link_title) = record_text(
            node.first("title").map(|t| (t, format!("{path}/title"))),
            &language,
            notes,
        ) else {
            notes.add(&path, "no title in the default language: left out");
            continue;
        };
        let categories: Vec<String> = node
            .all("category")
            .filter_map(|(_, c)| c.attribute("code").map(str::to_owned))
            .collect();
        if categories.is_empty() {
            notes.add(&path, "no category: left out");
            continue;
        }
        document_links.push(DocumentLink {
            url: url.to_owned(),
            format: format.to_owned(),
            title: link_title,
            categories,
            languages: node
                .all("language")
                .filter_map(|(_, l)| l.attribute("code").map(str::to_lowercase))
                .collect(),
            document_date: node
                .first("document-date")
                .and_then(|d| date_of(d, "iso-date")),
        });
    }

    let results = activity
        .all("result")
        .filter_map(|(n, node)| result_of(node, &format!("result[{n}]"), &language, notes))
        .collect();

    let input = ProjectInput {
        code,
        iati_identifier,
        title,
        description,
        objectives,
        modality,
        instrument,
        status,
        visibility,
        approval_date: activity
            .attribute("ssc:approval-date")
            .and_then(|d| d.parse().ok()),
        planned_start,
        planned_end,
        actual_start: dates.get("2").copied(),
        actual_end: dates.get("4").copied(),
        recipient_countries,
        recipient_regions,
        sectors,
        sdg_goals,
        sdg_targets,
        participants: Vec::new(),
        budget,
        contributions: Vec::new(),
        partnership_id: None,
        triangular_arrangement_id: None,
        default_language: language,
        document_links,
    };
    Some(Mapped {
        identifier,
        input,
        participants,
        money,
        results,
    })
}

/// DAC 5-digit sectors of vocabulary 1 (the default); others are left out with a note.
fn sectors_of<'a>(
    sectors: impl Iterator<Item = (String, &'a Node)>,
    notes: &mut Notes,
) -> Vec<(String, Option<String>, String)> {
    sectors
        .filter_map(|(path, node)| {
            let vocabulary = node.attribute("vocabulary").unwrap_or("1");
            if vocabulary == "2"
                && let Some(category) = node.attribute("code")
            {
                // A DAC 3-digit category: its first active sector stands for it (the
                // category, which statistics group by, is kept).
                let Some(sector) = codelists::sectors().entries.iter().find(|e| {
                    e.category.as_deref() == Some(category)
                        && codelists::sectors().active(&e.code, "").is_ok()
                }) else {
                    notes.add(
                        format!("{path}/@code"),
                        format!("unknown DAC category {category:?}: left out"),
                    );
                    return None;
                };
                notes.add(
                    format!("{path}/@code"),
                    format!(
                        "DAC category {category} (vocabulary 2) is taken as its first sector, {}",
                        sector.code
                    ),
                );
                return Some((
                    sector.code.clone(),
                    node.attribute("percentage").map(str::to_owned),
                    path,
                ));
            }
            if vocabulary != "1" {
                notes.add(
                    format!("{path}/@vocabulary"),
                    format!("vocabulary {vocabulary:?}: only DAC 5-digit sectors (1) are kept"),
                );
                return None;
            }
            let code = node.attribute("code")?.to_owned();
            match codelists::sectors().active(&code, "DAC sector") {
                Ok(_) => Some((code, node.attribute("percentage").map(str::to_owned), path)),
                Err(message) => {
                    notes.add(format!("{path}/@code"), format!("{message}: left out"));
                    None
                }
            }
        })
        .collect()
}

fn result_of(node: &Node, path: &str, language: &str, notes: &mut Notes) -> Option<ProjectResult> {
    let result_type = node
        .attribute("type")
        .and_then(|t| t.parse::<i32>().ok())
        .filter(|t| codelists::result_types().get(&t.to_string()).is_some());
    let Some(result_type) = result_type else {
        notes.add(
            format!("{path}/@type"),
            "no known result type: the result is left out",
        );
        return None;
    };
    let Some(title) = record_text(
        node.first("title").map(|t| (t, format!("{path}/title"))),
        language,
        notes,
    ) else {
        notes.add(path, "no title: the result is left out");
        return None;
    };
    let boolean = |value: Option<&str>| match value {
        Some("1" | "true") => Some(true),
        Some("0" | "false") => Some(false),
        _ => None,
    };
    let mut indicators = Vec::new();
    for (n, indicator) in node.all("indicator") {
        let at = format!("{path}/indicator[{n}]");
        let Some(title) = record_text(
            indicator.first("title").map(|t| (t, format!("{at}/title"))),
            language,
            notes,
        ) else {
            notes.add(&at, "no title: the indicator is left out");
            continue;
        };
        let baseline = match indicator.first("baseline") {
            None => None,
            Some(b) => match b.attribute("year").and_then(|y| y.parse().ok()) {
                None => {
                    notes.add(
                        format!("{at}/baseline/@year"),
                        "missing: the baseline is left out",
                    );
                    None
                }
                Some(year) => Some(Baseline {
                    year,
                    date: date_of(b, "iso-date"),
                    value: b.attribute("value").map(str::to_owned),
                    comment: comment_of(b, &format!("{at}/baseline"), language, notes),
                }),
            },
        };
        let mut periods = Vec::new();
        for (p, period) in indicator.all("period") {
            let here = format!("{at}/period[{p}]");
            let (Some(start), Some(end)) = (
                period
                    .first("period-start")
                    .and_then(|d| date_of(d, "iso-date")),
                period
                    .first("period-end")
                    .and_then(|d| date_of(d, "iso-date")),
            ) else {
                notes.add(&here, "no start or end: the period is left out");
                continue;
            };
            let mut value = |name: &str| {
                period.first(name).map(|v| PeriodValue {
                    value: v.attribute("value").map(str::to_owned),
                    comment: comment_of(v, &format!("{here}/{name}"), language, notes),
                })
            };
            let target = value("target");
            let actual = value("actual");
            periods.push(Period {
                start,
                end,
                target,
                actual,
            });
        }
        let description = record_text(
            indicator
                .first("description")
                .map(|d| (d, format!("{at}/description"))),
            language,
            notes,
        );
        indicators.push(Indicator {
            measure: indicator
                .attribute("measure")
                .and_then(|m| m.parse().ok())
                .unwrap_or(1),
            ascending: boolean(indicator.attribute("ascending")).unwrap_or(true),
            title,
            description,
            baseline,
            periods,
        });
    }
    if indicators.is_empty() {
        notes.add(path, "no indicator: the result is left out");
        return None;
    }
    Some(ProjectResult {
        result_type,
        aggregation_status: boolean(node.attribute("aggregation-status")),
        title,
        description: record_text(
            node.first("description")
                .map(|d| (d, format!("{path}/description"))),
            language,
            notes,
        ),
        indicators,
    })
}

fn comment_of(node: &Node, at: &str, language: &str, notes: &mut Notes) -> Option<LocalisedText> {
    record_text(
        node.first("comment").map(|c| (c, format!("{at}/comment"))),
        language,
        notes,
    )
}

/// Who the command line imports as.
pub fn command_line_importer() -> Caller {
    Caller {
        sub: "iati-import".into(),
        role: crate::auth::Role::Admin,
        org: None,
        issuer: "ssc-api import".into(),
    }
}

/// `ssc-api import iati FILE…`: check every file, then import them in turn (`-` is
/// standard input, copied to a temporary file first so it can be read twice), with a
/// progress bar on a terminal. The report covers every file.
pub async fn import_files(
    db: &Db,
    reporting: &ReportingOrg,
    files: &[std::path::PathBuf],
    dry_run: bool,
) -> Result<ImportReport, String> {
    use std::fs::File;
    use std::io::BufReader;
    let mut paths = Vec::new();
    let mut spooled = None;
    for file in files {
        if file.as_os_str() == "-" {
            let path = std::env::temp_dir().join(format!("ssc-api-import-{}.xml", Uuid::now_v7()));
            let mut copy = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            std::io::copy(&mut std::io::stdin().lock(), &mut copy)
                .map_err(|e| format!("standard input: {e}"))?;
            spooled = Some(path.clone());
            paths.push((path, "standard input".to_owned()));
        } else {
            paths.push((file.clone(), file.display().to_string()));
        }
    }
    let outcome = async {
        let open = |path: &std::path::Path, name: &str| {
            File::open(path)
                .map(BufReader::new)
                .map_err(|e| format!("{name}: {e}"))
        };
        let mut total = 0;
        for (path, name) in &paths {
            total += crate::iati::reader::check(open(path, name)?)
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
        Ok(report)
    }
    .await;
    if let Some(path) = spooled {
        let _ = std::fs::remove_file(path);
    }
    outcome
}

impl std::fmt::Display for ImportReport {
    /// The summary the command line prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for detail in &self.details {
            let outcome = match detail.outcome {
                Outcome::Created => "created",
                Outcome::Updated => "updated",
                Outcome::Unchanged => "unchanged",
                Outcome::Skipped => "skipped",
            };
            writeln!(
                f,
                "iati-activity[{}] {}: {outcome}",
                detail.position,
                detail.identifier.as_deref().unwrap_or("(no identifier)")
            )?;
            for note in &detail.notes {
                writeln!(f, "  {}: {}", note.path, note.message)?;
            }
        }
        writeln!(
            f,
            "{}{} activities: {} created, {} updated, {} unchanged, {} skipped",
            if self.dry_run {
                "dry run (nothing written): "
            } else {
                ""
            },
            self.activities,
            self.created,
            self.updated,
            self.unchanged,
            self.skipped
        )
    }
}
