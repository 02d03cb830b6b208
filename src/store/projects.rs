//! Storage of projects: the `projects` row (scalar fields, the sort keys, the rendered
//! representation) and one table per child collection.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::exists;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::projects::rules::{parse_amount, parse_percentage};
use crate::domain::projects::{
    Contribution, CountryShare, Instrument, Modality, Money, Participant, ParticipantRole, Project,
    RegionShare, SectorShare,
};
use crate::domain::record::StoredRecord;
use crate::domain::vocabulary::Visibility;
use crate::error::ApiError;
use crate::schema::{
    project_contributions, project_countries, project_participants, project_regions,
    project_revisions, project_sdg_goals, project_sdg_targets, project_sectors, projects,
};
use crate::store::{parse_uuid, to_utc};
use crate::text::fold;

pub mod list;

/// Scalar columns of a project, from its (checked, normalised) content.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = projects, treat_none_as_null = true)]
struct ProjectColumns<'a> {
    code: &'a str,
    iati_identifier: Option<&'a str>,
    title: &'a str,
    description: Option<&'a str>,
    objectives: Option<&'a str>,
    modality: &'a str,
    instrument: &'a str,
    status: i32,
    visibility: &'a str,
    approval_date: Option<NaiveDate>,
    planned_start: NaiveDate,
    planned_start_year: i32,
    planned_end: NaiveDate,
    actual_start: Option<NaiveDate>,
    actual_end: Option<NaiveDate>,
    budget_amount_minor: Option<i64>,
    budget_currency: Option<&'a str>,
    partnership_id: Option<String>,
    triangular_arrangement_id: Option<String>,
    search_text: String,
    representation: String,
    version: i64,
    last_change_seq: i64,
    updated_at: NaiveDateTime,
    updated_by: &'a str,
}

impl<'a> ProjectColumns<'a> {
    fn of(project: &'a Project, seq: i64) -> Result<Self, ApiError> {
        let budget_amount_minor = project
            .budget
            .as_ref()
            .map(|b| parse_amount(&b.amount, &b.currency))
            .transpose()
            .map_err(ApiError::internal)?;
        let search_text = [
            Some(project.code.as_str()),
            Some(project.title.as_str()),
            project.description.as_deref(),
        ]
        .into_iter()
        .flatten()
        .map(fold)
        .collect::<Vec<_>>()
        .join(" ");
        Ok(ProjectColumns {
            code: &project.code,
            iati_identifier: project.iati_identifier.as_deref(),
            title: &project.title,
            description: project.description.as_deref(),
            objectives: project.objectives.as_deref(),
            modality: project.modality.as_str(),
            instrument: project.instrument.as_str(),
            status: project.status,
            visibility: project.visibility.as_str(),
            approval_date: project.approval_date,
            planned_start: project.planned_start,
            planned_start_year: chrono::Datelike::year(&project.planned_start),
            planned_end: project.planned_end,
            actual_start: project.actual_start,
            actual_end: project.actual_end,
            budget_amount_minor,
            budget_currency: project.budget.as_ref().map(|b| b.currency.as_str()),
            partnership_id: project.partnership_id.map(|p| p.to_string()),
            triangular_arrangement_id: project.triangular_arrangement_id.map(|p| p.to_string()),
            search_text,
            representation: serde_json::to_string(project).map_err(ApiError::internal)?,
            version: project.version,
            last_change_seq: seq,
            updated_at: project.updated_at.naive_utc(),
            updated_by: &project.updated_by,
        })
    }
}

/// Insert a new project (its row, children and first revision). `seq` is its change's.
/// Returns the stored representation.
pub fn insert(conn: &mut DbConnection, project: &Project, seq: i64) -> Result<String, ApiError> {
    let id = project.id.to_string();
    let columns = ProjectColumns::of(project, seq)?;
    let representation = columns.representation.clone();
    diesel::insert_into(projects::table)
        .values((
            projects::id.eq(&id),
            columns,
            projects::created_seq.eq(seq),
            projects::created_at.eq(project.created_at.naive_utc()),
            projects::created_by.eq(&project.created_by),
        ))
        .execute(conn)?;
    insert_children(conn, &id, project)?;
    insert_revision(conn, &id, project, seq)?;
    Ok(representation)
}

/// Overwrite a project if its stored version is still `expected_version`, returning the
/// new representation; `None` when a concurrent write got there first.
pub fn update(
    conn: &mut DbConnection,
    project: &Project,
    expected_version: i64,
    seq: i64,
) -> Result<Option<String>, ApiError> {
    let id = project.id.to_string();
    let columns = ProjectColumns::of(project, seq)?;
    let representation = columns.representation.clone();
    let updated = diesel::update(
        projects::table
            .filter(projects::id.eq(&id))
            .filter(projects::version.eq(expected_version)),
    )
    .set(columns)
    .execute(conn)?;
    if updated == 0 {
        return Ok(None);
    }
    delete_children(conn, &id)?;
    insert_children(conn, &id, project)?;
    insert_revision(conn, &id, project, seq)?;
    Ok(Some(representation))
}

pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    let id = id.to_string();
    delete_children(conn, &id)?;
    diesel::delete(projects::table.filter(projects::id.eq(&id))).execute(conn)?;
    Ok(())
}

fn insert_revision(
    conn: &mut DbConnection,
    id: &str,
    project: &Project,
    seq: i64,
) -> Result<(), ApiError> {
    diesel::insert_into(project_revisions::table)
        .values((
            project_revisions::project_id.eq(id),
            project_revisions::seq.eq(seq),
            project_revisions::code.eq(&project.code),
            project_revisions::planned_start.eq(project.planned_start),
            project_revisions::updated_at.eq(project.updated_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

fn delete_children(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::delete(project_countries::table.filter(project_countries::project_id.eq(id)))
        .execute(conn)?;
    diesel::delete(project_regions::table.filter(project_regions::project_id.eq(id)))
        .execute(conn)?;
    diesel::delete(project_sectors::table.filter(project_sectors::project_id.eq(id)))
        .execute(conn)?;
    diesel::delete(project_sdg_goals::table.filter(project_sdg_goals::project_id.eq(id)))
        .execute(conn)?;
    diesel::delete(project_sdg_targets::table.filter(project_sdg_targets::project_id.eq(id)))
        .execute(conn)?;
    diesel::delete(project_participants::table.filter(project_participants::project_id.eq(id)))
        .execute(conn)?;
    diesel::delete(project_contributions::table.filter(project_contributions::project_id.eq(id)))
        .execute(conn)?;
    Ok(())
}

fn percentage(text: &str) -> Result<i32, ApiError> {
    parse_percentage(text)
        .map(|p| p as i32)
        .map_err(ApiError::internal)
}

fn insert_children(conn: &mut DbConnection, id: &str, project: &Project) -> Result<(), ApiError> {
    for (position, share) in (0..).zip(&project.recipient_countries) {
        diesel::insert_into(project_countries::table)
            .values((
                project_countries::project_id.eq(id),
                project_countries::position.eq(position),
                project_countries::country_code.eq(&share.country_code),
                project_countries::percentage.eq(percentage(&share.percentage)?),
            ))
            .execute(conn)?;
    }
    for (position, share) in (0..).zip(&project.recipient_regions) {
        diesel::insert_into(project_regions::table)
            .values((
                project_regions::project_id.eq(id),
                project_regions::position.eq(position),
                project_regions::region_code.eq(&share.region_code),
                project_regions::percentage.eq(percentage(&share.percentage)?),
            ))
            .execute(conn)?;
    }
    let mut categories = std::collections::HashSet::new();
    for (position, share) in (0..).zip(&project.sectors) {
        let category = &share.code[..3];
        diesel::insert_into(project_sectors::table)
            .values((
                project_sectors::project_id.eq(id),
                project_sectors::position.eq(position),
                project_sectors::sector_code.eq(&share.code),
                project_sectors::category.eq(category),
                project_sectors::first_of_category.eq(categories.insert(category)),
                project_sectors::percentage.eq(percentage(&share.percentage)?),
            ))
            .execute(conn)?;
    }
    for (position, goal) in (0..).zip(&project.sdg_goals) {
        diesel::insert_into(project_sdg_goals::table)
            .values((
                project_sdg_goals::project_id.eq(id),
                project_sdg_goals::position.eq(position),
                project_sdg_goals::goal.eq(goal),
            ))
            .execute(conn)?;
    }
    for (position, target) in (0..).zip(&project.sdg_targets) {
        diesel::insert_into(project_sdg_targets::table)
            .values((
                project_sdg_targets::project_id.eq(id),
                project_sdg_targets::position.eq(position),
                project_sdg_targets::target.eq(target),
            ))
            .execute(conn)?;
    }
    let mut organisations = std::collections::HashSet::new();
    for (position, participant) in (0..).zip(&project.participants) {
        diesel::insert_into(project_participants::table)
            .values((
                project_participants::project_id.eq(id),
                project_participants::position.eq(position),
                project_participants::organisation_id.eq(participant.organisation_id.to_string()),
                project_participants::role.eq(participant.role.as_str()),
                project_participants::first_of_organisation
                    .eq(organisations.insert(participant.organisation_id)),
            ))
            .execute(conn)?;
    }
    for (position, c) in (0..).zip(&project.contributions) {
        let amount_minor = match (&c.amount, &c.currency) {
            (Some(amount), Some(currency)) => {
                Some(parse_amount(amount, currency).map_err(ApiError::internal)?)
            }
            _ => None,
        };
        diesel::insert_into(project_contributions::table)
            .values((
                project_contributions::project_id.eq(id),
                project_contributions::position.eq(position),
                project_contributions::organisation_id.eq(c.organisation_id.to_string()),
                project_contributions::amount_minor.eq(amount_minor),
                project_contributions::currency.eq(c.currency.as_deref()),
                project_contributions::expert_days.eq(c.expert_days.map(|d| d as i32)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The stored representation of a project, with its visibility and version.
pub fn find_stored(conn: &mut DbConnection, id: Uuid) -> Result<Option<StoredRecord>, ApiError> {
    let row: Option<(String, i64, String)> = projects::table
        .filter(projects::id.eq(id.to_string()))
        .select((
            projects::visibility,
            projects::version,
            projects::representation,
        ))
        .first(conn)
        .optional()?;
    row.map(|(visibility, version, representation)| {
        Ok(StoredRecord {
            visibility: Visibility::parse(&visibility)
                .ok_or_else(|| ApiError::internal(format!("project {id}: bad visibility")))?,
            version,
            representation,
        })
    })
    .transpose()
}

/// Does `organisation` take part (in any role) in project `id`?
pub fn has_participant(
    conn: &mut DbConnection,
    id: Uuid,
    organisation: Uuid,
) -> Result<bool, ApiError> {
    Ok(diesel::select(exists(
        project_participants::table
            .filter(project_participants::project_id.eq(id.to_string()))
            .filter(project_participants::organisation_id.eq(organisation.to_string())),
    ))
    .get_result(conn)?)
}

/// Read a project from its tables (the authoritative copy, used by writes).
pub fn assemble(conn: &mut DbConnection, id: Uuid) -> Result<Option<Project>, ApiError> {
    let key = id.to_string();
    #[allow(clippy::type_complexity)]
    let row: Option<(
        (
            String,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
        ),
        (String, String, i32, String),
        (
            Option<NaiveDate>,
            NaiveDate,
            NaiveDate,
            Option<NaiveDate>,
            Option<NaiveDate>,
        ),
        (Option<i64>, Option<String>, Option<String>, Option<String>),
        (i64, NaiveDateTime, NaiveDateTime, String, String),
    )> = projects::table
        .filter(projects::id.eq(&key))
        .select((
            (
                projects::code,
                projects::iati_identifier,
                projects::title,
                projects::description,
                projects::objectives,
            ),
            (
                projects::modality,
                projects::instrument,
                projects::status,
                projects::visibility,
            ),
            (
                projects::approval_date,
                projects::planned_start,
                projects::planned_end,
                projects::actual_start,
                projects::actual_end,
            ),
            (
                projects::budget_amount_minor,
                projects::budget_currency,
                projects::partnership_id,
                projects::triangular_arrangement_id,
            ),
            (
                projects::version,
                projects::created_at,
                projects::updated_at,
                projects::created_by,
                projects::updated_by,
            ),
        ))
        .first(conn)
        .optional()?;
    let Some((
        (code, iati_identifier, title, description, objectives),
        (modality, instrument, status, visibility),
        (approval_date, planned_start, planned_end, actual_start, actual_end),
        (budget_minor, budget_currency, partnership_id, arrangement_id),
        (version, created_at, updated_at, created_by, updated_by),
    )) = row
    else {
        return Ok(None);
    };
    let corrupt = |what: &str| ApiError::internal(format!("project {id}: bad {what}"));

    let recipient_countries = project_countries::table
        .filter(project_countries::project_id.eq(&key))
        .order(project_countries::position)
        .select((
            project_countries::country_code,
            project_countries::percentage,
        ))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .map(|(country_code, p)| CountryShare {
            country_code,
            percentage: percent_text(p),
        })
        .collect();
    let recipient_regions = project_regions::table
        .filter(project_regions::project_id.eq(&key))
        .order(project_regions::position)
        .select((project_regions::region_code, project_regions::percentage))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .map(|(region_code, p)| RegionShare {
            region_code,
            percentage: percent_text(p),
        })
        .collect();
    let sectors = project_sectors::table
        .filter(project_sectors::project_id.eq(&key))
        .order(project_sectors::position)
        .select((project_sectors::sector_code, project_sectors::percentage))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .map(|(code, p)| SectorShare {
            code,
            percentage: percent_text(p),
        })
        .collect();
    let sdg_goals = project_sdg_goals::table
        .filter(project_sdg_goals::project_id.eq(&key))
        .order(project_sdg_goals::position)
        .select(project_sdg_goals::goal)
        .load(conn)?;
    let sdg_targets = project_sdg_targets::table
        .filter(project_sdg_targets::project_id.eq(&key))
        .order(project_sdg_targets::position)
        .select(project_sdg_targets::target)
        .load(conn)?;
    let participants = project_participants::table
        .filter(project_participants::project_id.eq(&key))
        .order(project_participants::position)
        .select((
            project_participants::organisation_id,
            project_participants::role,
        ))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(org, role)| {
            Ok(Participant {
                organisation_id: parse_uuid(&org)?,
                role: ParticipantRole::parse(&role).ok_or_else(|| corrupt("participant role"))?,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let contributions = project_contributions::table
        .filter(project_contributions::project_id.eq(&key))
        .order(project_contributions::position)
        .select((
            project_contributions::organisation_id,
            project_contributions::amount_minor,
            project_contributions::currency,
            project_contributions::expert_days,
        ))
        .load::<(String, Option<i64>, Option<String>, Option<i32>)>(conn)?
        .into_iter()
        .map(|(org, minor, currency, days)| {
            Ok(Contribution {
                organisation_id: parse_uuid(&org)?,
                amount: minor
                    .zip(currency.as_deref())
                    .map(|(m, c)| money_text(m, c)),
                currency,
                expert_days: days.map(|d| d as u32),
            })
        })
        .collect::<Result<_, ApiError>>()?;

    Ok(Some(Project {
        id,
        code,
        iati_identifier,
        title,
        description,
        objectives,
        modality: Modality::parse(&modality).ok_or_else(|| corrupt("modality"))?,
        instrument: Instrument::parse(&instrument).ok_or_else(|| corrupt("instrument"))?,
        status,
        visibility: Visibility::parse(&visibility).ok_or_else(|| corrupt("visibility"))?,
        approval_date,
        planned_start,
        planned_end,
        actual_start,
        actual_end,
        recipient_countries,
        recipient_regions,
        sectors,
        sdg_goals,
        sdg_targets,
        participants,
        budget: budget_minor
            .zip(budget_currency)
            .map(|(minor, currency)| Money {
                amount: money_text(minor, &currency),
                currency,
            }),
        contributions,
        partnership_id: partnership_id.as_deref().map(parse_uuid).transpose()?,
        triangular_arrangement_id: arrangement_id.as_deref().map(parse_uuid).transpose()?,
        version,
        created_at: to_utc(created_at),
        updated_at: to_utc(updated_at),
        created_by,
        updated_by,
    }))
}

fn percent_text(hundredths: i32) -> String {
    crate::domain::decimal::format_trimmed(i64::from(hundredths), 2)
}

fn money_text(minor: i64, currency: &str) -> String {
    let scale = crate::domain::projects::rules::currency_scale(currency).unwrap_or(2);
    crate::domain::decimal::format_fixed(minor, scale)
}

/// Other records that refer to project `id` (policy exchanges), described for a 409.
pub fn referenced_by(conn: &mut DbConnection, id: Uuid) -> Result<Vec<String>, ApiError> {
    use crate::schema::policy_exchanges;
    let exchanges: Vec<String> = policy_exchanges::table
        .filter(policy_exchanges::project_id.eq(id.to_string()))
        .select(policy_exchanges::id)
        .order(policy_exchanges::id)
        .limit(20)
        .load(conn)?;
    Ok(exchanges
        .into_iter()
        .map(|e| format!("policy exchange {e}"))
        .collect())
}

/// The project holding `code`, if any.
pub fn id_by_code(conn: &mut DbConnection, code: &str) -> Result<Option<Uuid>, ApiError> {
    let id: Option<String> = projects::table
        .filter(projects::code.eq(code))
        .select(projects::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(parse_uuid).transpose()
}

/// The project holding this IATI identifier, if any.
pub fn id_by_iati_identifier(
    conn: &mut DbConnection,
    identifier: &str,
) -> Result<Option<Uuid>, ApiError> {
    let id: Option<String> = projects::table
        .filter(projects::iati_identifier.eq(identifier))
        .select(projects::id)
        .first(conn)
        .optional()?;
    id.as_deref().map(parse_uuid).transpose()
}

/// How many projects name `organisation` as a participant (contributors are always
/// participants too).
pub fn count_referencing_organisation(
    conn: &mut DbConnection,
    organisation: Uuid,
) -> Result<i64, ApiError> {
    Ok(project_participants::table
        .filter(project_participants::organisation_id.eq(organisation.to_string()))
        .select(diesel::dsl::count(project_participants::project_id).aggregate_distinct())
        .first(conn)?)
}
