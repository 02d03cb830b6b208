//! Reading projects for IATI: the activities of one page of the project list (ordered by
//! code, in the caller's scope, consistent with the list's snapshot across pages), and a
//! single project's activity. Results, transactions and organisation names are read per
//! page, never for the whole set, so an export's memory does not grow with the number of
//! projects.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::projects::Project;
use crate::domain::projects::query::{ProjectListRequest, ProjectSort};
use crate::domain::record::{self, RecordStorage};
use crate::domain::results::ProjectResult;
use crate::domain::transactions::Transaction;
use crate::error::ApiError;
use crate::iati::ReportingOrg;
use crate::iati::export::{self, ActivitySource, OrganisationInfo};
use crate::pagination::Cursors;
use crate::store::organisations as organisation_store;
use crate::store::parse_uuid;
use crate::store::projects::list::ProjectFilter;
use crate::store::results as results_store;
use crate::store::transactions as transactions_store;

/// Projects read per page of an export.
pub const PAGE_SIZE: u32 = 200;

/// One page of an export: its activities' XML and the cursor of the next page, if any.
pub struct ExportPage {
    pub xml: Vec<u8>,
    pub next_cursor: Option<String>,
}

/// The activities of the page of projects at `cursor` (the first page without one).
pub fn page(
    conn: &mut DbConnection,
    caller: &Caller,
    cursors: &Cursors,
    filter: ProjectFilter,
    cursor: Option<&str>,
    reporting: &ReportingOrg,
    generated: DateTime<Utc>,
) -> Result<ExportPage, ApiError> {
    let request = ProjectListRequest::new(
        cursors,
        filter,
        Some(ProjectSort::Code),
        Some(PAGE_SIZE),
        cursor,
    )?;
    let (projects, next_cursor) = projects(conn, caller, request)?;
    let xml = activities(conn, &projects, reporting, generated)?;
    Ok(ExportPage { xml, next_cursor })
}

/// The projects of one page of the list `request` asks for, as the caller reads them,
/// and the next page's cursor.
fn projects(
    conn: &mut DbConnection,
    caller: &Caller,
    request: ProjectListRequest,
) -> Result<(Vec<Project>, Option<String>), ApiError> {
    let page = request.serve(conn, caller)?;
    let projects = page
        .items
        .iter()
        .map(|stored| serde_json::from_str::<Project>(stored).map_err(ApiError::internal))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((projects, page.next_cursor))
}

/// The page of projects at `cursor` (the first without one) that the caller reads, in
/// code order, and the next page's cursor: what the organisation file's budgets total.
pub fn projects_by_code(
    conn: &mut DbConnection,
    caller: &Caller,
    cursors: &Cursors,
    cursor: Option<&str>,
) -> Result<(Vec<Project>, Option<String>), ApiError> {
    let request = ProjectListRequest::new(
        cursors,
        ProjectFilter::default(),
        Some(ProjectSort::Code),
        Some(PAGE_SIZE),
        cursor,
    )?;
    projects(conn, caller, request)
}

/// The document of one project the caller may read (404 otherwise): the version the
/// caller reads, as the project's GET answers it.
pub fn single(
    conn: &mut DbConnection,
    caller: &Caller,
    id: Uuid,
    reporting: &ReportingOrg,
    generated: DateTime<Utc>,
) -> Result<Vec<u8>, ApiError> {
    let Some(stored) = Project::find(conn, caller, id)? else {
        // 404 for a project the caller may not read; an incomplete draft it may read has
        // no activity yet (IATI never sees one).
        record::read::<Project>(conn, caller, id)?;
        return Err(record::incomplete_draft::<Project>(id, "iati-activity"));
    };
    let project: Project =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let mut bytes = export::document_start(generated);
    bytes.extend(activities(
        conn,
        std::slice::from_ref(&project),
        reporting,
        generated,
    )?);
    bytes.extend_from_slice(export::document_end());
    Ok(bytes)
}

/// The results member of a stored results representation.
#[derive(Deserialize)]
struct StoredResults {
    results: Vec<ProjectResult>,
}

/// The transactions member of a stored transactions representation.
#[derive(Deserialize)]
struct StoredTransactions {
    transactions: Vec<Transaction>,
}

fn activities(
    conn: &mut DbConnection,
    projects: &[Project],
    reporting: &ReportingOrg,
    generated: DateTime<Utc>,
) -> Result<Vec<u8>, ApiError> {
    let project_ids: Vec<String> = projects.iter().map(|p| p.id.to_string()).collect();
    let mut results: HashMap<Uuid, Vec<ProjectResult>> = HashMap::new();
    for (id, representation) in results_store::find_many(conn, &project_ids)? {
        let stored: StoredResults =
            serde_json::from_str(&representation).map_err(ApiError::internal)?;
        results.insert(parse_uuid(&id)?, stored.results);
    }
    let mut transactions: HashMap<Uuid, Vec<Transaction>> = HashMap::new();
    for (id, representation) in transactions_store::find_many(conn, &project_ids)? {
        let stored: StoredTransactions =
            serde_json::from_str(&representation).map_err(ApiError::internal)?;
        transactions.insert(parse_uuid(&id)?, stored.transactions);
    }
    let mut organisation_ids: Vec<String> = projects
        .iter()
        .flat_map(|p| {
            p.participant_organisations()
                .chain(p.contributions.iter().map(|c| c.organisation_id))
        })
        .map(|id| id.to_string())
        .collect();
    organisation_ids.sort();
    organisation_ids.dedup();
    let mut organisations = HashMap::new();
    for (id, name, iati_identifier, organisation_type, country_code) in
        organisation_store::publication_details(conn, &organisation_ids)?
    {
        organisations.insert(
            parse_uuid(&id)?,
            OrganisationInfo {
                name,
                iati_identifier,
                organisation_type,
                country_code,
            },
        );
    }
    let today = generated.date_naive();
    let mut xml = Vec::with_capacity(projects.len() * 4096);
    for project in projects {
        let source = ActivitySource {
            project,
            results: results.get(&project.id).map_or(&[], Vec::as_slice),
            transactions: transactions.get(&project.id).map_or(&[], Vec::as_slice),
            organisations: &organisations,
        };
        xml.extend(export::activity(&source, reporting, today));
    }
    Ok(xml)
}
