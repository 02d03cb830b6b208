//! An activity read backwards into a project, one function per section of
//! `src/iati/MAPPING.md`. Mapping never touches the database: organisations are only
//! named here ([`OrganisationRef`]) and found or created when the activity is written.
//!
//! What a complete project needs and the activity does not give is listed in
//! [`Mapped::missing`], each at the member's pointer and in the words of the API's 422s
//! (`/planned_end`: "is required"). Everything else the activity gave is kept in
//! [`Mapped::input`]; a member named in `missing` holds a placeholder there, never
//! written: such an activity is kept as an incomplete draft without them, listing them
//! (`write::draft`).

pub mod activity;
pub mod documents;
pub mod money;
pub mod participants;
pub mod recipients;
pub mod results;
pub mod texts;

use chrono::NaiveDate;

use crate::domain::projects::{Instrument, ProjectInput};
use crate::domain::results::ProjectResult;
use crate::domain::vocabulary::Visibility;
use crate::error::FieldError;
use crate::iati::ReportingOrg;
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;

pub use crate::iati::import::organisations::OrganisationRef;
use activity::Links;
use money::Commitment;
use participants::Named;

/// An activity mapped, before its organisations are found.
pub struct Mapped {
    pub identifier: String,
    /// The project as the file gives it (participants and contributions still empty:
    /// they are `participants` and `commitments`).
    pub input: ProjectInput,
    /// What a complete project lacks, at the members' pointers.
    pub missing: Vec<FieldError>,
    /// Whether the file says who may read the project (`ssc:visibility`): an update of a
    /// project keeps its own when it does not.
    pub visibility_given: bool,
    /// Likewise `ssc:instrument`.
    pub instrument_given: bool,
    pub links: Links,
    pub participants: Vec<Named>,
    pub commitments: Vec<Commitment>,
    pub results: Vec<ProjectResult>,
    /// The project's transactions (`money::recorded`).
    pub transactions: Vec<money::RecordedTransaction>,
}

/// An activity as a project (see the module's comment), or `None` when it cannot be
/// matched to one at all (no identifier): the reasons are in `notes`.
pub fn map(
    activity: &Node,
    reporting: &ReportingOrg,
    today: NaiveDate,
    notes: &mut Notes,
) -> Option<Mapped> {
    let identification = activity::identification(activity, reporting, notes)?;
    let mut missing = Vec::new();
    let language = texts::default_language(activity, notes).unwrap_or_else(|| {
        activity.attribute(texts::XML_LANG).map_or_else(
            crate::domain::documents::default_language,
            str::to_lowercase,
        )
    });
    let texts = activity::texts(activity, &language, notes);
    if texts.title.is_none() {
        notes.add("title", "missing: a project needs a title");
        missing.push(FieldError::at(
            format!("/title/{language}"),
            crate::msg!("field-required"),
        ));
    }
    let class = activity::classification(activity, notes);
    let dates = activity::dates(activity, today, notes, &mut missing);
    let (recipient_countries, recipient_regions) =
        recipients::recipients(activity, notes, &mut missing);
    let sectors = recipients::sectors(activity, notes, &mut missing);
    let (sdg_goals, sdg_targets) = recipients::sdgs(activity);
    let placeholder = NaiveDate::default();
    let input = ProjectInput {
        code: identification.code,
        iati_identifier: identification.iati_identifier,
        title: texts.title.unwrap_or_default(),
        description: texts.description,
        objectives: texts.objectives,
        modality: class.modality,
        instrument: class.instrument.unwrap_or(Instrument::Project),
        status: class.status,
        visibility: class.visibility.unwrap_or(Visibility::Public),
        approval_date: class.approval_date,
        planned_start: dates.planned_start.unwrap_or(placeholder),
        planned_end: dates.planned_end.unwrap_or(placeholder),
        actual_start: dates.actual_start,
        actual_end: dates.actual_end,
        recipient_countries,
        recipient_regions,
        sectors,
        sdg_goals,
        sdg_targets,
        participants: Vec::new(),
        budget: money::budget(activity, notes),
        contributions: Vec::new(),
        partnership_id: None,
        triangular_arrangement_id: None,
        capacity_ids: Vec::new(),
        document_links: documents::document_links(activity, &language, notes),
        default_language: language.clone(),
    };
    Some(Mapped {
        identifier: identification.identifier,
        input,
        missing,
        visibility_given: class.visibility.is_some(),
        instrument_given: class.instrument.is_some(),
        links: activity::links(activity, notes),
        participants: participants::participants(activity, class.modality, &language, notes),
        commitments: money::commitments(activity, &language, notes),
        results: results::results(activity, &language, notes),
        transactions: money::recorded(activity, &language, notes),
    })
}
