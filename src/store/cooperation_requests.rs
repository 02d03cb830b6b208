//! Storage of cooperation requests: the row's own columns, the requesting organisation,
//! sectors, SDG targets, formats and languages, the list filters, and the directorate's
//! assessment (consultations and notes), which no representation carries. The shared
//! columns and queries are `store::record_table`'s.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::{Backend, DbConnection};
use crate::schema::{cooperation_request_notes as notes, cooperation_requests};
use crate::store::StoreError;
use crate::store::match_codes::{MatchCodeRows, match_code_children};
use crate::store::record_table::record_table;
use crate::store::visibility::ReadScope;

record_table! {
    /// The `cooperation_requests` table.
    pub struct CooperationRequests {
        table: cooperation_requests,
        kind: "cooperation_request",
        participants: cooperation_request_organisations.request_id,
        row: CooperationRequestRow,
        filter: CooperationRequestFilter => filtered,
    }
}

/// A request's own columns.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = cooperation_requests, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct CooperationRequestColumns {
    pub title: String,
    pub status: &'static str,
    pub channel: &'static str,
    pub priority: Option<&'static str>,
    pub country_code: Option<String>,
    pub project_id: Option<String>,
    pub desired_start_from: Option<NaiveDate>,
    pub desired_start_to: Option<NaiveDate>,
}

/// A request as stored beside the shared columns.
#[derive(Debug, Clone)]
pub struct CooperationRequestRow {
    pub columns: CooperationRequestColumns,
    /// The requesting organisation (the one taking part) and the codes it is matched on.
    pub codes: MatchCodeRows,
}

match_code_children!(CooperationRequestRow, request_id: cooperation_request_organisations,
    cooperation_request_sectors, cooperation_request_sdg_targets, cooperation_request_formats,
    cooperation_request_languages);

/// The request with this exact title (in its default language), if any (the demo data's
/// way of not loading twice).
pub fn id_by_title(conn: &mut DbConnection, title: &str) -> Result<Option<Uuid>, StoreError> {
    let id: Option<String> = cooperation_requests::table
        .filter(cooperation_requests::title.eq(title))
        .select(cooperation_requests::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(crate::store::parse_uuid).transpose()
}

/// The ids of the requests formulated as project `project` (what refers to it).
pub fn ids_formulated_as(
    conn: &mut DbConnection,
    project: Uuid,
) -> Result<Vec<String>, StoreError> {
    Ok(cooperation_requests::table
        .filter(cooperation_requests::project_id.eq(project.to_string()))
        .select(cooperation_requests::id)
        .order(cooperation_requests::id)
        .load(conn)?)
}

/// The list filters, checked (codes as stored).
#[derive(Debug, Default, Clone)]
pub struct CooperationRequestFilter {
    pub organisation: Option<Uuid>,
    pub country: Option<String>,
    pub status: Option<&'static str>,
    pub channel: Option<&'static str>,
    pub priority: Option<&'static str>,
    /// A 5-digit DAC sector.
    pub sector: Option<String>,
    /// A 3-digit DAC category.
    pub sector_category: Option<String>,
    pub sdg: Option<i32>,
    pub format: Option<&'static str>,
    pub language: Option<String>,
    pub project: Option<Uuid>,
    pub visibility: Option<&'static str>,
    /// Folded search text.
    pub q: Option<String>,
}

pub(crate) fn filtered(
    filter: &CooperationRequestFilter,
    scope: ReadScope,
) -> cooperation_requests::BoxedQuery<'_, Backend> {
    use crate::schema::{
        cooperation_request_formats as rf, cooperation_request_languages as rl,
        cooperation_request_organisations as ro, cooperation_request_sdg_targets as rt,
        cooperation_request_sectors as rs, cooperation_requests as r,
    };
    use diesel::dsl::exists;
    let mut query = r::table.into_boxed();
    if let Some(organisation) = filter.organisation {
        query = query.filter(exists(
            ro::table
                .filter(ro::request_id.eq(r::id))
                .filter(ro::organisation_id.eq(organisation.to_string())),
        ));
    }
    if let Some(country) = &filter.country {
        query = query.filter(r::country_code.eq(country.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(r::status.eq(status));
    }
    if let Some(channel) = filter.channel {
        query = query.filter(r::channel.eq(channel));
    }
    if let Some(priority) = filter.priority {
        query = query.filter(r::priority.eq(priority));
    }
    if let Some(sector) = &filter.sector {
        query = query.filter(exists(
            rs::table
                .filter(rs::request_id.eq(r::id))
                .filter(rs::code.eq(sector.clone())),
        ));
    }
    if let Some(category) = &filter.sector_category {
        query = query.filter(exists(
            rs::table
                .filter(rs::request_id.eq(r::id))
                .filter(rs::category.eq(category.clone())),
        ));
    }
    if let Some(goal) = filter.sdg {
        query = query.filter(exists(
            rt::table
                .filter(rt::request_id.eq(r::id))
                .filter(rt::goal.eq(goal)),
        ));
    }
    if let Some(format) = filter.format {
        query = query.filter(exists(
            rf::table
                .filter(rf::request_id.eq(r::id))
                .filter(rf::format.eq(format)),
        ));
    }
    if let Some(language) = &filter.language {
        query = query.filter(exists(
            rl::table
                .filter(rl::request_id.eq(r::id))
                .filter(rl::language.eq(language.clone())),
        ));
    }
    if let Some(project) = filter.project {
        query = query.filter(r::project_id.eq(project.to_string()));
    }
    if let Some(visibility) = filter.visibility {
        query = query.filter(r::visibility.eq(visibility));
    }
    if let Some(q) = &filter.q {
        query = query.filter(
            r::search_text
                .like(crate::text::contains_pattern(q))
                .escape('\\'),
        );
    }
    crate::store::visibility::readable_by!(
        query,
        scope,
        cooperation_requests,
        cooperation_request_organisations.request_id
    )
}

/// One entry of a request's assessment, as stored.
#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    pub id: String,
    pub request_id: String,
    /// `consultation` or `note`.
    pub note_kind: String,
    pub organisation_id: Option<String>,
    pub asked_on: Option<NaiveDate>,
    pub answer: Option<String>,
    pub comment: Option<String>,
    pub created_at: NaiveDateTime,
    pub created_by: String,
}

pub fn insert_note(conn: &mut DbConnection, note: &NoteRow) -> Result<(), StoreError> {
    diesel::insert_into(notes::table)
        .values(note)
        .execute(conn)?;
    Ok(())
}

/// The assessment of request `id`, oldest first.
pub fn notes_of(conn: &mut DbConnection, id: Uuid) -> Result<Vec<NoteRow>, StoreError> {
    Ok(notes::table
        .filter(notes::request_id.eq(id.to_string()))
        .order((notes::created_at, notes::id))
        .select((
            notes::id,
            notes::request_id,
            notes::note_kind,
            notes::organisation_id,
            notes::asked_on,
            notes::answer,
            notes::comment,
            notes::created_at,
            notes::created_by,
        ))
        .load(conn)?)
}
