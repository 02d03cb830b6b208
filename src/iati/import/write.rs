//! Writing one mapped activity, inside its own transaction: its organisations found or
//! created, then its project created, updated or left alone, then its results and its
//! transactions.
//!
//! An update leaves alone what the file does not speak of (who may read the project,
//! its instrument and approval date, its frameworks, its results). It goes through the
//! review workflow like any other write of a coordinator who asks for review when it
//! would make the project public or remove an organisation from it: it is saved as a
//! version awaiting review (the approved one stays what counts), which another reviewer
//! approves. Content awaiting review (an edit proposed by a partner, a draft) is never
//! overwritten: it is kept nowhere else, and a PUT without having read it would be
//! refused too.

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::arrangements::TriangularArrangement;
use crate::domain::money::Contribution;
use crate::domain::partnerships::Partnership;
use crate::domain::project_parts::ProjectPart;
use crate::domain::projects::{Participant, Project, ProjectInput};
use crate::domain::record::{self, ExpectedVersions, RecordRules, RecordStorage, Update};
use crate::domain::results::{self as results_domain, ProjectResult, ResultsInput};
use crate::domain::review::{ReviewStatus, WriteReview};
use crate::domain::vocabulary::Visibility;
use crate::error::{ApiError, FieldError};
use crate::iati::import::map::{Mapped, OrganisationRef};
use crate::iati::import::organisations;
use crate::iati::import::report::{Notes, Outcome};
use crate::store::projects as project_store;
use crate::store::results as results_store;

/// The organisations an activity names, each once, with the id each stands for.
pub struct Organisations {
    pub named: Vec<(OrganisationRef, Uuid)>,
}

impl Organisations {
    /// Every organisation the activity names, each with a placeholder id (for checking
    /// the project's rules before any organisation is looked up or created).
    pub fn placeholders(mapped: &Mapped) -> Self {
        let mut named: Vec<(OrganisationRef, Uuid)> = Vec::new();
        let all = mapped
            .participants
            .iter()
            .map(|p| &p.organisation)
            .chain(mapped.commitments.iter().map(|c| &c.provider));
        for organisation in all {
            if !named
                .iter()
                .any(|(known, _)| known.key() == organisation.key())
            {
                named.push((organisation.clone(), Uuid::now_v7()));
            }
        }
        Organisations { named }
    }

    fn id_of(&self, organisation: &OrganisationRef) -> Option<Uuid> {
        self.named
            .iter()
            .find(|(known, _)| known.key() == organisation.key())
            .map(|(_, id)| *id)
    }
}

/// The project the activity gives, its participants and contributions by the ids of
/// `organisations` (an organisation without one is left out).
pub fn assemble(mapped: &Mapped, organisations: &Organisations, notes: &mut Notes) -> ProjectInput {
    let mut input = mapped.input.clone();
    let mut days: Vec<(Uuid, u32)> = Vec::new();
    for named in &mapped.participants {
        let Some(id) = organisations.id_of(&named.organisation) else {
            continue;
        };
        if !input
            .participants
            .iter()
            .any(|p| p.organisation_id == id && p.role == named.role)
        {
            input.participants.push(Participant {
                organisation_id: id,
                role: named.role,
            });
        }
        if named.expert_days > 0 {
            days.push((id, named.expert_days));
        }
    }
    let days_of = |days: &mut Vec<(Uuid, u32)>, id: Uuid| {
        let total: u32 = days.iter().filter(|(o, _)| *o == id).map(|(_, d)| d).sum();
        days.retain(|(o, _)| *o != id);
        (total > 0).then_some(total)
    };
    for commitment in &mapped.commitments {
        let Some(id) = organisations.id_of(&commitment.provider) else {
            continue;
        };
        if !input.participants.iter().any(|p| p.organisation_id == id) {
            notes.add(
                &commitment.provider.path,
                "the provider of this commitment does not take part in the activity: left out",
            );
            continue;
        }
        // Several commitments of one organisation in one currency are its contribution.
        let same = input.contributions.iter_mut().find(|c| {
            c.organisation_id == id && c.currency.as_deref() == Some(commitment.currency.as_str())
        });
        if let Some(contribution) = same {
            contribution.amount = sum_amounts(
                contribution.amount.as_deref().unwrap_or("0"),
                &commitment.amount,
                &commitment.currency,
            );
            continue;
        }
        input.contributions.push(Contribution {
            organisation_id: id,
            amount: Some(commitment.amount.clone()),
            currency: Some(commitment.currency.clone()),
            expert_days: days_of(&mut days, id),
        });
    }
    let participants: Vec<Uuid> = input
        .participants
        .iter()
        .map(|p| p.organisation_id)
        .collect();
    for id in participants {
        if let Some(expert_days) = days_of(&mut days, id) {
            input.contributions.push(Contribution {
                organisation_id: id,
                amount: None,
                currency: None,
                expert_days: Some(expert_days),
            });
        }
    }
    input
}

/// Two amounts of `currency` added (`None` if either is not one).
fn sum_amounts(a: &str, b: &str, currency: &str) -> Option<String> {
    let a = crate::domain::money::parse_amount(a, currency).ok()?;
    let b = crate::domain::money::parse_amount(b, currency).ok()?;
    Some(crate::domain::money::format_minor(
        i128::from(a) + i128::from(b),
        currency,
    ))
}

/// Find the organisations (creating those absent that can be), then create, update or
/// leave the project, then its results. An activity with `incomplete` problems is kept
/// as an incomplete draft (see [`draft`]); a project already made never goes back to
/// being one (its update is refused with the problems).
pub fn write(
    conn: &mut DbConnection,
    caller: &Caller,
    mapped: Mapped,
    incomplete: Vec<FieldError>,
    notes: &mut Notes,
) -> Result<(Outcome, Uuid), ApiError> {
    let mut organisations = Organisations { named: Vec::new() };
    for (organisation, _) in Organisations::placeholders(&mapped).named {
        let id = match organisations::find(conn, &organisation)? {
            Some(id) => id,
            None => match organisations::planned(&organisation, notes) {
                Some(input) => organisations::create(conn, caller, input)?,
                None => continue,
            },
        };
        organisations.named.push((organisation, id));
    }
    let mut input = assemble(&mapped, &organisations, notes);
    links(conn, caller, &mapped, &mut input, notes)?;
    let members = crate::domain::activities::payers_of(&input);
    let existing = match &input.iati_identifier {
        Some(identifier) => project_store::id_by_iati_identifier(conn, identifier)?,
        None => None,
    };
    let existing = match existing {
        Some(id) => Some(id),
        None => project_store::id_by_code(conn, &input.code)?,
    };
    let draft_id = draft_id(&mapped.identifier);
    let (outcome, id) = match existing {
        Some(_) if !incomplete.is_empty() => return Err(ApiError::validation(incomplete)),
        Some(id) => update(conn, caller, id, &mapped, input, notes)?,
        None if incomplete.is_empty()
            && record::draft_reads::find::<Project>(conn, caller, draft_id)?.is_none() =>
        {
            let saved = record::create::<Project>(conn, caller, input, WriteReview::default())?;
            (Outcome::Created, saved.record.id)
        }
        None => match draft(conn, caller, draft_id, &mapped, input, notes)? {
            // Still incomplete: its results wait for the project.
            (outcome @ (Outcome::Drafted | Outcome::Unchanged), id) => {
                if !mapped.results.is_empty() {
                    notes.add("result", "left out until the project is complete");
                }
                if !mapped.transactions.is_empty() {
                    notes.add("transaction", "left out until the project is complete");
                }
                return Ok((outcome, id));
            }
            done => done,
        },
    };
    let outcome = results(conn, caller, id, mapped.results, outcome, notes)?;
    let outcome = transactions(
        conn,
        caller,
        id,
        mapped.transactions,
        &members,
        outcome,
        notes,
    )?;
    Ok((outcome, id))
}

/// The id of the incomplete draft an activity is kept as: the same for the same
/// `iati-identifier`, so that importing the file again finds it.
pub fn draft_id(identifier: &str) -> Uuid {
    /// The namespace of imported activities' draft ids (a random v4, fixed).
    const ACTIVITIES: Uuid = Uuid::from_u128(0x6f1c_3c2e_8a4b_4d0e_9b7a_52c1_d3e4_f5a6);
    Uuid::new_v5(&ACTIVITIES, identifier.as_bytes())
}

/// Keep the activity as incomplete draft `id`: what the file gives, without the members
/// it lacks (their placeholders are never written), its problems in `completeness`.
/// The draft becomes a project once a write (an import among them) completes it.
fn draft(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    mapped: &Mapped,
    input: ProjectInput,
    notes: &mut Notes,
) -> Result<(Outcome, Uuid), ApiError> {
    let serde_json::Value::Object(mut document) =
        serde_json::to_value(&input).map_err(ApiError::internal)?
    else {
        return Err(ApiError::internal("a project's input is an object"));
    };
    for missing in &mapped.missing {
        let pointer = missing.pointer.as_deref().unwrap_or_default();
        let member = pointer
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default();
        document.remove(member);
    }
    // Members left unset are left out, as a client leaves them out of a form.
    document.retain(|_, value| !value.is_null());
    match record::draft::put::<Project>(conn, caller, id, document)? {
        record::draft::Put::Unchanged => Ok((Outcome::Unchanged, id)),
        record::draft::Put::Written(written) if written.incomplete => {
            // What its completeness lists, in the words of the API's 422s.
            let representation: serde_json::Value =
                serde_json::from_str(&written.representation).map_err(ApiError::internal)?;
            for problem in representation["completeness"]
                .as_array()
                .into_iter()
                .flatten()
            {
                notes.add(
                    "",
                    format!(
                        "kept as an incomplete draft: the project's {}: {}",
                        problem["pointer"].as_str().unwrap_or_default(),
                        problem["message"].as_str().unwrap_or_default()
                    ),
                );
            }
            Ok((Outcome::Drafted, written.id))
        }
        // Completed: a project now, under the draft's id.
        record::draft::Put::Written(written) => Ok((Outcome::Updated, written.id)),
    }
}

/// The frameworks the file names must exist and be readable; an update keeps the
/// project's own when the file names none.
fn links(
    conn: &mut DbConnection,
    caller: &Caller,
    mapped: &Mapped,
    input: &mut ProjectInput,
    notes: &mut Notes,
) -> Result<(), ApiError> {
    if let Some(id) = mapped.links.partnership {
        if record::visible::<Partnership>(conn, caller, id)? {
            input.partnership_id = Some(id);
        } else {
            notes.add(
                "other-identifier[@type=A9]",
                format!("no approved partnership {id} here: left out"),
            );
        }
    }
    if let Some(id) = mapped.links.arrangement {
        if record::visible::<TriangularArrangement>(conn, caller, id)? {
            input.triangular_arrangement_id = Some(id);
        } else {
            notes.add(
                "other-identifier[@type=A9]",
                format!("no approved triangular arrangement {id} here: left out"),
            );
        }
    }
    Ok(())
}

/// Update project `id` with `input` as the module's comment says.
fn update(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    mapped: &Mapped,
    mut input: ProjectInput,
    notes: &mut Notes,
) -> Result<(Outcome, Uuid), ApiError> {
    let current =
        Project::load(conn, caller, id)?.ok_or_else(|| record::not_found::<Project>(id))?;
    // Found by its code, but it is another activity's project.
    if current.iati_identifier != input.iati_identifier {
        return Err(ApiError::conflict(
            match current.iati_identifier.as_deref() {
                Some(activity) => crate::msg!(
                    "import-code-taken",
                    code = input.code.as_str(),
                    activity = activity
                ),
                None => crate::msg!("import-code-taken-by-own", code = input.code.as_str()),
            },
        ));
    }
    let before = current.to_input();
    if !mapped.visibility_given {
        input.visibility = before.visibility;
    }
    if !mapped.instrument_given {
        input.instrument = before.instrument;
        input.approval_date = input.approval_date.or(before.approval_date);
    }
    if !mapped.links.given {
        input.partnership_id = before.partnership_id;
        input.triangular_arrangement_id = before.triangular_arrangement_id;
    }
    // IATI has no element for the catalogue's capacities: an update keeps them.
    input.capacity_ids = before.capacity_ids.clone();
    record::check_all::<Project>(&mut input)?;
    if before == input {
        return Ok((Outcome::Unchanged, id));
    }
    let meta = current.meta();
    if meta.review_status != ReviewStatus::Approved || meta.approved_version != Some(meta.version) {
        return Err(ApiError::conflict(crate::msg!(
            "import-version-awaits-review",
            version = meta.version.to_string(),
            status = meta.review_status.to_string()
        )));
    }
    let review = review_needed(&before, &input, notes);
    record::update::<Project>(
        conn,
        caller,
        id,
        &ExpectedVersions::any_of(vec![meta.version]),
        Update::Replace(Box::new(input)),
        WriteReview {
            requested: review,
            ..WriteReview::default()
        },
    )?;
    Ok((
        if review {
            Outcome::Submitted
        } else {
            Outcome::Updated
        },
        id,
    ))
}

/// Would the update make the project public or remove an organisation from it? Then
/// it is saved for review (noted here).
fn review_needed(before: &ProjectInput, after: &ProjectInput, notes: &mut Notes) -> bool {
    let mut review = false;
    if before.visibility == Visibility::Restricted && after.visibility == Visibility::Public {
        notes.add(
            "@ssc:visibility",
            "makes the project public: saved for review (another reviewer approves it)",
        );
        review = true;
    }
    let kept: BTreeSet<Uuid> = after
        .participants
        .iter()
        .map(|p| p.organisation_id)
        .collect();
    let removed: BTreeSet<Uuid> = before
        .participants
        .iter()
        .map(|p| p.organisation_id)
        .filter(|id| !kept.contains(id))
        .collect();
    if !removed.is_empty() {
        let names = removed
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        notes.add(
            "participating-org",
            format!("removes organisations from the project ({names}): saved for review (another reviewer approves it)"),
        );
        review = true;
    }
    review
}

/// Replace the project's results with the file's, when it gives some that differ (a
/// file without results leaves them alone). Results breaking their rules are left out
/// with a note; the project stands.
fn results(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    results: Vec<ProjectResult>,
    outcome: Outcome,
    notes: &mut Notes,
) -> Result<Outcome, ApiError> {
    let stored = results_store::find(conn, id)?;
    let current: Vec<ProjectResult> = match &stored {
        Some(stored) => serde_json::from_str::<serde_json::Value>(&stored.representation)
            .ok()
            .and_then(|v| serde_json::from_value(v["results"].clone()).ok())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    if results.is_empty() || current == results {
        return Ok(outcome);
    }
    let version = stored.map_or(0, |s| s.version);
    let input = ResultsInput { results };
    let saved = replace_part::<results_domain::ProjectResults>(conn, caller, id, version, input);
    counted::<results_domain::ProjectResults>(saved, "result", outcome, notes)
}

/// Replace the project's transactions with the file's, when it gives some that differ (a
/// file without any leaves them alone). An organisation the file names is the project's
/// own (`organisation_id`) when it is found (by IATI identifier, else by name) among its
/// participants and contributors (`members`), else an outside one by name. Transactions
/// breaking their rules are left out with a note; the project stands.
fn transactions(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    recorded: Vec<crate::iati::import::map::money::RecordedTransaction>,
    members: &std::collections::HashSet<Uuid>,
    outcome: Outcome,
    notes: &mut Notes,
) -> Result<Outcome, ApiError> {
    use crate::domain::project_parts;
    use crate::domain::transactions::{
        ProjectTransactions, Transaction, TransactionParty, TransactionsInput,
    };
    if recorded.is_empty() {
        return Ok(outcome);
    }
    let mut transactions = Vec::with_capacity(recorded.len());
    for t in recorded {
        let mut party = |organisation: Option<OrganisationRef>| -> Result<_, ApiError> {
            let Some(organisation) = organisation else {
                return Ok(None);
            };
            if let Some(found) = organisations::find(conn, &organisation)?
                && members.contains(&found)
            {
                return Ok(Some(TransactionParty::organisation(found)));
            }
            let reference = organisation.reference.clone().filter(|r| {
                r.chars().count() <= crate::domain::transactions::MAX_IDENTIFIER_CHARS
                    && !r.chars().any(char::is_whitespace)
            });
            match organisation.name.clone().or_else(|| reference.clone()) {
                Some(name) => Ok(Some(TransactionParty {
                    organisation_id: None,
                    name: Some(name),
                    iati_identifier: reference,
                })),
                None => {
                    notes.add(&organisation.path, "names no organisation: left out");
                    Ok(None)
                }
            }
        };
        let provider = party(t.provider)?;
        let receiver = party(t.receiver)?;
        transactions.push(Transaction {
            transaction_type: t.transaction_type,
            date: t.date,
            value: t.value,
            currency: t.currency,
            provider,
            receiver,
            description: t.description,
        });
    }
    let stored = project_parts::saved::<ProjectTransactions>(conn, id)?;
    let (version, current) = match stored {
        Some(stored) => (stored.version, stored.transactions),
        None => (0, Vec::new()),
    };
    if current == transactions {
        return Ok(outcome);
    }
    let input = TransactionsInput { transactions };
    let saved = replace_part::<ProjectTransactions>(conn, caller, id, version, input);
    counted::<ProjectTransactions>(saved, "transaction", outcome, notes)
}

/// Replace the project's part `P` with the file's, expecting the part's stored `version`
/// (0 when it has none yet).
fn replace_part<P: ProjectPart>(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    version: i64,
    input: P::Input,
) -> Result<(), ApiError> {
    let expected = ExpectedVersions::any_of(vec![version]);
    crate::domain::project_parts::replace::<P>(conn, caller, id, &expected, input).map(|_| ())
}

/// What a part's replacement did to the activity's `outcome`: saved, the project is
/// updated; refused by the part's rules, the part is left out with a note at `note` (each
/// broken rule, or the refusal's detail) and the project stands as it is.
fn counted<P: ProjectPart>(
    saved: Result<(), ApiError>,
    note: &str,
    outcome: Outcome,
    notes: &mut Notes,
) -> Result<Outcome, ApiError> {
    match saved {
        Ok(()) if outcome == Outcome::Unchanged => Ok(Outcome::Updated),
        Ok(()) => Ok(outcome),
        Err(error) if error.problem.status().is_client_error() => {
            for violation in &error.errors {
                let pointer = violation.pointer.clone().unwrap_or_default();
                let left_out = format!("{} left out: {pointer}: {}", P::NOUN, violation.message);
                notes.add(note, left_out);
            }
            if error.errors.is_empty() {
                notes.add(note, format!("{} left out: {}", P::NOUN, error.detail));
            }
            Ok(outcome)
        }
        Err(error) => Err(error),
    }
}
