//! A project as a kind of record: its place in the registry, how it is stored, and the
//! rules that need the database. The operations themselves (create, update, delete, read) are the shared ones
//! in `domain::record`.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::arrangements::TriangularArrangement;
use crate::domain::capacities::Capacity;
use crate::domain::documents::{LocalisedMember, SharedParts, all_texts, text_in};
use crate::domain::kinds::ResourceKind;
use crate::domain::money::contribution_rows;
use crate::domain::organisations::unknown_among;
use crate::domain::partnerships::Partnership;
use crate::domain::projects::rules::{parse_amount, parse_percentage};
use crate::domain::projects::{Modality, ParticipantRole, Project, ProjectInput};
use crate::domain::record::{
    self, CooperationKind, NoDerived, Record, RecordKind, RecordStorage, ReviewedMeta,
};
use crate::domain::vocabulary::Visibility;
use crate::error::{ApiError, FieldError};
use crate::store::projects::{self as project_store, ProjectColumns, ProjectRow, Projects, Share};
use crate::text::search_text;
use crate::validation::Violations;

impl RecordKind for ProjectInput {
    const KIND: ResourceKind = ResourceKind::Project;
    type Derived = NoDerived;
    type Meta = ReviewedMeta;

    fn shared_parts(&mut self) -> Option<SharedParts<'_>> {
        let input = self;
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 500, &mut input.title),
                LocalisedMember::optional("/description", 20_000, &mut input.description),
                LocalisedMember::optional("/objectives", 20_000, &mut input.objectives),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(&mut self, today: NaiveDate) -> Violations {
        self.check_rules(today)
    }

    fn present_fields(&self) -> Vec<String> {
        ProjectInput::present_fields(self)
    }

    /// Participants and contributors exist; the partnership and arrangement exist and the
    /// caller may read them; code and IATI identifier are not taken by another project.
    fn check_references(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        check_references(conn, caller, self, id)
    }

    fn check_new_references(
        conn: &mut DbConnection,
        caller: &Caller,
        inputs: &[ProjectInput],
    ) -> Result<(), ApiError> {
        check_new_references(conn, caller, inputs)
    }
}

/// Percentages as stored (hundredths); they were checked, so one that does not parse is
/// a bug.
fn shares<'a>(
    shares: impl Iterator<Item = (&'a String, &'a String)>,
) -> Result<Vec<Share>, ApiError> {
    shares
        .map(|(code, percentage)| {
            let hundredths = parse_percentage(percentage).map_err(ApiError::internal)?;
            Ok((code.clone(), hundredths as i32))
        })
        .collect()
}

impl CooperationKind for ProjectInput {
    type Table = Projects;
    type Filters = crate::domain::projects::query::ProjectFilters;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn participants(&self) -> Vec<Uuid> {
        self.participants
            .iter()
            .map(|p| p.organisation_id)
            .collect()
    }

    fn search_text(&self) -> String {
        search_text(
            std::iter::once(Some(self.code.as_str()))
                .chain(all_texts([Some(&self.title), self.description.as_ref()])),
        )
    }

    fn row(record: &Record<Self>) -> Result<ProjectRow, ApiError> {
        let budget_amount_minor = record
            .budget
            .as_ref()
            .map(|b| parse_amount(&b.amount, &b.currency))
            .transpose()
            .map_err(ApiError::internal)?;
        Ok(ProjectRow {
            columns: ProjectColumns {
                code: record.code.clone(),
                iati_identifier: record.iati_identifier.clone(),
                title: text_in(&record.title, &record.default_language).to_owned(),
                description: record
                    .description
                    .as_ref()
                    .map(|text| text_in(text, &record.default_language).to_owned()),
                objectives: record
                    .objectives
                    .as_ref()
                    .map(|text| text_in(text, &record.default_language).to_owned()),
                modality: record.modality.as_str(),
                instrument: record.instrument.as_str(),
                status: record.status,
                approval_date: record.approval_date,
                planned_start: record.planned_start,
                planned_start_year: chrono::Datelike::year(&record.planned_start),
                planned_end: record.planned_end,
                actual_start: record.actual_start,
                actual_end: record.actual_end,
                budget_amount_minor,
                budget_currency: record.budget.as_ref().map(|b| b.currency.clone()),
                partnership_id: record.partnership_id.map(|p| p.to_string()),
                triangular_arrangement_id: record.triangular_arrangement_id.map(|p| p.to_string()),
            },
            // As `readable_by!` reads the columns for a caller with the public scope.
            counts_publicly: record.visibility == Visibility::Public
                && record.meta.approved_version.is_some(),
            countries: shares(
                record
                    .recipient_countries
                    .iter()
                    .map(|s| (&s.country_code, &s.percentage)),
            )?,
            regions: shares(
                record
                    .recipient_regions
                    .iter()
                    .map(|s| (&s.region_code, &s.percentage)),
            )?,
            sectors: shares(record.sectors.iter().map(|s| (&s.code, &s.percentage)))?,
            sdg_goals: record.sdg_goals.clone(),
            sdg_targets: record.sdg_targets.clone(),
            participants: record
                .participants
                .iter()
                .map(|p| (p.organisation_id, p.role.as_str()))
                .collect(),
            contributions: contribution_rows(&record.contributions)?,
            capacities: record.capacity_ids.clone(),
        })
    }
}

/// Rules that need the database: participants and contributors exist; code and IATI
/// identifier are not taken by another project.
fn check_references(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &ProjectInput,
    id: Option<Uuid>,
) -> Result<(), ApiError> {
    let references: Vec<_> = organisation_references(input, "").collect();
    let referenced = referenced(conn, std::slice::from_ref(input), &references)?;
    let mut errors = unknown_among(references, &referenced.organisations);
    check_links(conn, caller, input, &mut errors)?;
    if let Some(id) = id {
        // A results write at this moment waits, or is seen: its periods bound the dates.
        crate::store::changes::hold_dates(conn, id)?;
    }
    if let Some(id) = id
        && let Some((first, last)) = crate::domain::results::reported_span(conn, id)?
    {
        check_part_span(
            input,
            (first, last),
            crate::msg!("results-start-before-project", date = first.to_string()),
            crate::msg!("results-end-after-project", date = last.to_string()),
            &mut errors,
        );
    }
    if let Some(id) = id
        && let Some(((first, last), payers)) = crate::domain::activities::bounds(conn, id)?
    {
        check_activity_bounds(input, (first, last), &payers, &mut errors);
    }
    if let Some(id) = id {
        let parties = crate::domain::transactions::parties(conn, id)?;
        check_transaction_parties(input, &parties, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    check_codes_unused(conn, caller, std::slice::from_ref(input), id, referenced)
}

/// A part of the project (its results, its activities) from `first` to `last` keeps the
/// project's dates around it; each message says what lies outside and how to move it.
fn check_part_span(
    input: &ProjectInput,
    (first, last): (chrono::NaiveDate, chrono::NaiveDate),
    before_start: crate::l10n::Message,
    after_end: crate::l10n::Message,
    errors: &mut Vec<FieldError>,
) {
    let (earliest, latest) = input.span();
    if first < earliest {
        errors.push(FieldError::at("/planned_start", before_start));
    }
    if last > latest {
        errors.push(FieldError::at("/planned_end", after_end));
    }
}

/// A project's activities bound its dates, and whoever pays their costs stays one of its
/// participants or contributors.
fn check_activity_bounds(
    input: &ProjectInput,
    (first, last): (chrono::NaiveDate, chrono::NaiveDate),
    payers: &std::collections::HashSet<Uuid>,
    errors: &mut Vec<FieldError>,
) {
    check_part_span(
        input,
        (first, last),
        crate::msg!("activities-start-before-project", date = first.to_string()),
        crate::msg!("activities-end-after-project", date = last.to_string()),
        errors,
    );
    let taking_part = crate::domain::activities::payers_of(input);
    let mut leaving: Vec<String> = payers
        .difference(&taking_part)
        .map(Uuid::to_string)
        .collect();
    if !leaving.is_empty() {
        leaving.sort();
        errors.push(FieldError::at(
            "/participants",
            crate::msg!(
                "payers-stay-participants",
                count = leaving.len(),
                organisations = crate::l10n::and_list(leaving)
            ),
        ));
    }
}

/// The organisations the project's transactions name stay its participants or
/// contributors.
fn check_transaction_parties(
    input: &ProjectInput,
    parties: &std::collections::HashSet<Uuid>,
    errors: &mut Vec<FieldError>,
) {
    let taking_part = crate::domain::activities::payers_of(input);
    let mut leaving: Vec<String> = parties
        .difference(&taking_part)
        .map(Uuid::to_string)
        .collect();
    if leaving.is_empty() {
        return;
    }
    leaving.sort();
    errors.push(FieldError::at(
        "/participants",
        crate::msg!(
            "transaction-parties-stay-participants",
            count = leaving.len(),
            organisations = crate::l10n::and_list(leaving)
        ),
    ));
}

/// `check_references` of many new projects, with a query for all of them where one per
/// project would do the same.
fn check_new_references(
    conn: &mut DbConnection,
    caller: &Caller,
    inputs: &[ProjectInput],
) -> Result<(), ApiError> {
    let referenced: Vec<(String, Uuid)> = inputs
        .iter()
        .enumerate()
        .flat_map(|(i, input)| organisation_references(input, &format!("/{i}")).collect::<Vec<_>>())
        .collect();
    let found = self::referenced(conn, inputs, &referenced)?;
    let mut errors = unknown_among(referenced, &found.organisations);
    for (i, input) in inputs.iter().enumerate() {
        let mut linked = Vec::new();
        check_links(conn, caller, input, &mut linked)?;
        errors.extend(linked.into_iter().map(|e| e.within(i)));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    check_codes_unused(conn, caller, inputs, None, found)
}

/// What the checks of `inputs` read of other records: the organisations named at
/// `references`, the projects holding their codes and IATI identifiers (one round trip
/// on PostgreSQL).
fn referenced(
    conn: &mut DbConnection,
    inputs: &[ProjectInput],
    references: &[(String, Uuid)],
) -> Result<project_store::Referenced, ApiError> {
    let organisations: Vec<Uuid> = references.iter().map(|(_, id)| *id).collect();
    let codes: Vec<&str> = inputs.iter().map(|input| input.code.as_str()).collect();
    let identifiers: Vec<&str> = inputs
        .iter()
        .filter_map(|input| input.iati_identifier.as_deref())
        .collect();
    Ok(project_store::referenced(
        conn,
        &organisations,
        &codes,
        &identifiers,
    )?)
}

/// The organisations a project names (participants, contributors), each with its JSON
/// pointer under `at`.
fn organisation_references<'a>(
    input: &'a ProjectInput,
    at: &'a str,
) -> impl Iterator<Item = (String, Uuid)> + 'a {
    let participants = input.participants.iter().enumerate().map(move |(i, p)| {
        (
            format!("{at}/participants/{i}/organisation_id"),
            p.organisation_id,
        )
    });
    let contributors = input.contributions.iter().enumerate().map(move |(i, c)| {
        (
            format!("{at}/contributions/{i}/organisation_id"),
            c.organisation_id,
        )
    });
    participants.chain(contributors)
}

/// The partnership and the triangular arrangement a project is under exist and the
/// caller may read them.
fn check_links(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &ProjectInput,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    if let Some(partnership) = input.partnership_id
        && !record::visible::<Partnership>(conn, caller, partnership)?
    {
        errors.push(FieldError::at(
            "/partnership_id",
            crate::msg!(
                "not-found-with-id",
                kind = crate::l10n::noun("partnership"),
                id = partnership.to_string()
            ),
        ));
    }
    if let Some(arrangement) = input.triangular_arrangement_id {
        check_arrangement(conn, caller, input, arrangement, errors)?;
    }
    for (i, capacity) in input.capacity_ids.iter().enumerate() {
        if !record::visible::<Capacity>(conn, caller, *capacity)? {
            errors.push(FieldError::at(
                format!("/capacity_ids/{i}"),
                crate::msg!(
                    "not-found-with-id",
                    kind = crate::l10n::noun("capacity"),
                    id = capacity.to_string()
                ),
            ));
        }
    }
    Ok(())
}

/// The projects' codes and IATI identifiers are held by no other project (`referenced`
/// says which hold them), and none is given twice among them (a bulk load). `id`: the
/// project's own, when updating.
fn check_codes_unused(
    conn: &mut DbConnection,
    caller: &Caller,
    inputs: &[ProjectInput],
    id: Option<Uuid>,
    referenced: project_store::Referenced,
) -> Result<(), ApiError> {
    let codes: Vec<&str> = inputs.iter().map(|input| input.code.as_str()).collect();
    let identifiers: Vec<&str> = inputs
        .iter()
        .filter_map(|input| input.iati_identifier.as_deref())
        .collect();
    for (what, values) in [("code", &codes), ("iati_identifier", &identifiers)] {
        let mut seen = std::collections::HashSet::new();
        if let Some(repeated) = values.iter().find(|value| !seen.insert(**value)) {
            return Err(ApiError::conflict(crate::msg!(
                "project-value-repeated",
                what = what,
                value = *repeated
            )));
        }
    }
    let held = (referenced.codes.into_iter().map(|held| ("code", held))).chain(
        referenced
            .iati_identifiers
            .into_iter()
            .map(|held| ("iati_identifier", held)),
    );
    for (what, (value, holder)) in held {
        if Some(holder) != id {
            return Err(ApiError::conflict(crate::msg!(
                "project-value-used",
                what = what,
                value = value,
                holder = project_named_for(conn, caller, holder)?
            )));
        }
    }
    Ok(())
}

/// A project as a message may name it to `caller`: by id when the caller may read it,
/// else only as "another project" (a restricted record it may not read does not exist
/// for it, not even in a conflict).
fn project_named_for(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
) -> Result<crate::l10n::Message, ApiError> {
    Ok(if record::visible::<Project>(conn, caller, id)? {
        crate::msg!("project-with-id", id = id.to_string())
    } else {
        crate::msg!("another-project")
    })
}

/// A project under a triangular arrangement is triangular, and its first providers,
/// second providers and recipients are parties of the arrangement in the same roles.
fn check_arrangement(
    conn: &mut DbConnection,
    caller: &Caller,
    input: &ProjectInput,
    arrangement: Uuid,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    if !record::visible::<TriangularArrangement>(conn, caller, arrangement)? {
        errors.push(FieldError::at(
            "/triangular_arrangement_id",
            crate::msg!(
                "not-found-with-id",
                kind = crate::l10n::noun("triangular arrangement"),
                id = arrangement.to_string()
            ),
        ));
        return Ok(());
    }
    if input.modality != Modality::Triangular {
        errors.push(FieldError::at(
            "/modality",
            crate::msg!("arrangement-project-triangular"),
        ));
    }
    let Some(arrangement) = TriangularArrangement::load(conn, caller, arrangement)? else {
        return Ok(());
    };
    let roles = arrangement.roles();
    for (i, participant) in input.participants.iter().enumerate() {
        let triangular_role = matches!(
            participant.role,
            ParticipantRole::FirstProvider
                | ParticipantRole::SecondProvider
                | ParticipantRole::Recipient
        );
        if triangular_role && roles.get(&participant.organisation_id) != Some(&participant.role) {
            errors.push(FieldError::at(
                format!("/participants/{i}"),
                crate::msg!(
                    "not-arrangement-party-in-role",
                    organisation = participant.organisation_id.to_string(),
                    role = participant.role.to_string()
                ),
            ));
        }
    }
    Ok(())
}
