//! Reading and writing a project's results: who may, their versions and change records.

use super::progress::*;
use super::rules::span_of;
use super::rules::*;
use super::*;

/// The project's results as the caller may read them (404 when it may not read the
/// project), with their version.
pub fn read(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<StoredResults, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    match result_store::find(conn, project_id)? {
        Some(stored) => Ok(stored),
        None => Ok(StoredResults {
            version: 0,
            representation: serde_json::to_string(&ProjectResults {
                project_id,
                version: 0,
                updated_at: None,
                updated_by: None,
                results: Vec::new(),
            })
            .map_err(ApiError::internal)?,
        }),
    }
}

/// The progress of each indicator of the project's results.
pub fn progress(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
) -> Result<ResultsProgress, ApiError> {
    let stored = read(conn, caller, project_id)?;
    let results: ProjectResults =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let mut indicators = Vec::new();
    for (r, result) in results.results.iter().enumerate() {
        for (i, indicator) in result.indicators.iter().enumerate() {
            indicators.push(indicator_progress(r, i, result.result_type, indicator));
        }
    }
    Ok(ResultsProgress {
        project_id,
        version: results.version,
        indicators,
    })
}

/// The history of the project's results: all their change records, for callers who may
/// read the project (404 otherwise; every version is of the results they read); empty
/// while no results were saved.
pub fn history(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<ChangePage, ApiError> {
    record::read::<Project>(conn, caller, project_id)?;
    lists::changes_page(
        conn,
        ReadScope::All,
        ResourceKind::ProjectResults,
        project_id,
        limit,
        cursor,
        cursors,
    )
    .map(|page| {
        page.unwrap_or(ChangePage {
            items: Vec::new(),
            next_cursor: None,
        })
    })
}

/// Replace the project's results when the client read their current version (`If-Match`;
/// `"0"` before any were saved). Admins and coordinators write any project's results,
/// partners those of projects their organisation takes part in. Saving the same results
/// again changes nothing.
pub fn replace(
    conn: &mut DbConnection,
    caller: &Caller,
    project_id: Uuid,
    expected: &ExpectedVersions,
    mut input: ResultsInput,
) -> Result<StoredResults, ApiError> {
    // Read the project only once its own writes are held off: its dates bound the
    // periods, and a concurrent edit must see these results (`reported_span`).
    change_store::hold_results(conn, project_id)?;
    // 404 for a caller who may not read the project.
    record::read::<Project>(conn, caller, project_id)?;
    // What counts (the approved version, else the draft) decides who writes the results
    // and in which language; the periods fit both it and the current version.
    let current_project: Project = record_table::find::<<ProjectInput as CooperationKind>::Table>(
        conn,
        project_id,
        ReadScope::All,
    )?
    .map(|stored| serde_json::from_str(&stored.representation).map_err(ApiError::internal))
    .transpose()?
    // The caller reads it (above), so only an incomplete draft has no row.
    .ok_or_else(|| record::incomplete_draft::<Project>(project_id, "has no results"))?;
    let counted = Project::approved(conn, project_id)?.unwrap_or_else(|| current_project.clone());
    check_writer(caller, &counted)?;
    let (first, last) = span_of(&counted);
    let (current_first, current_last) = span_of(&current_project);
    check_within(
        &mut input,
        &counted.default_language,
        (first.max(current_first), last.min(current_last)),
    )
    .into_result()?;
    let current = read(conn, caller, project_id)?;
    expected.check(current.version)?;
    let before: ProjectResults =
        serde_json::from_str(&current.representation).map_err(ApiError::internal)?;
    if before.results == input.results {
        return Ok(current);
    }
    let version = current.version + 1;
    let now = to_utc(store::now());
    let audience =
        record::counted_audience_of::<Project>(conn, project_id, &current_project.fields)?;
    change_store::append(
        conn,
        results_change(caller, project_id, version, now, audience),
    )?;
    let (saved, indicators) = results_to_store(caller, project_id, version, now, input.results)?;
    let written = result_store::save(
        conn,
        project_id,
        current.version,
        &saved,
        now.naive_utc(),
        &caller.sub,
        &indicators,
    )?;
    if !written {
        // A concurrent write saved another version first.
        return Err(ApiError::changed_concurrently());
    }
    Ok(saved)
}

/// Save the first results of projects created in this transaction (a bulk load): the
/// checks and change records of `replace`, written with a statement per table for them
/// all. Empty results save nothing, as in `replace`. The first that fails a check fails
/// them all, its errors pointing into the list (`/3/...`). The caller vouches that the
/// projects are the ones it just created (nothing is read back), each once.
pub fn create_many(
    conn: &mut DbConnection,
    caller: &Caller,
    items: Vec<(&Project, ResultsInput)>,
) -> Result<(), ApiError> {
    let now = to_utc(store::now());
    let mut saving = Vec::with_capacity(items.len());
    for (i, (project, mut input)) in items.into_iter().enumerate() {
        if project.meta.version != 1 {
            return Err(ApiError::internal(format!(
                "project {} is not new: its results are replaced, not created",
                project.id
            )));
        }
        check_writer(caller, project).map_err(|e| e.within(i))?;
        check_within(&mut input, &project.default_language, span_of(project))
            .into_result()
            .map_err(|e| e.within(i))?;
        if !input.results.is_empty() {
            saving.push((project, input));
        }
    }
    let changes: Vec<NewChange> = saving
        .iter()
        .map(|(project, _)| {
            let audience = record::counted_audience_of_created(*project);
            results_change(caller, project.id, 1, now, audience)
        })
        .collect();
    change_store::append_many(conn, &changes)?;
    let rows = saving
        .into_iter()
        .map(|(project, input)| {
            let (saved, indicators) = results_to_store(caller, project.id, 1, now, input.results)?;
            Ok((project.id.to_string(), saved, indicators))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(result_store::insert_many(
        conn,
        &rows,
        now.naive_utc(),
        &caller.sub,
    )?)
}

/// May `caller` write the results of a project whose content that counts is `counted`?
/// Admins and coordinators: any; partners: those their organisation takes part in.
pub(super) fn check_writer(caller: &Caller, counted: &Project) -> Result<(), ApiError> {
    let participants = counted.participants();
    access::check_update(
        caller,
        "project",
        false,
        Sharing {
            participants: &participants,
            visibility: counted.visibility,
        },
        None,
    )
}

/// The change record of saving a project's results as `version`, for `audience` (who may
/// read what counts of the project).
pub(super) fn results_change(
    caller: &Caller,
    project_id: Uuid,
    version: i64,
    at: DateTime<Utc>,
    audience: crate::store::visibility::Audience,
) -> NewChange<'_> {
    NewChange {
        resource: ResourceKind::ProjectResults.as_str(),
        record_id: project_id,
        action: if version == 1 {
            ChangeAction::Create.as_str()
        } else {
            ChangeAction::Update.as_str()
        },
        version,
        actor: &caller.sub,
        actor_organisation_id: caller.org,
        at: at.naive_utc(),
        changed_fields: vec!["results".to_owned()],
        audience,
        previous_audience: None,
        comment: None,
    }
}

/// Results as stored when `caller` saves them as `version` at `at`, with their
/// indicators' rows for statistics.
pub(super) fn results_to_store(
    caller: &Caller,
    project_id: Uuid,
    version: i64,
    at: DateTime<Utc>,
    results: Vec<ProjectResult>,
) -> Result<(StoredResults, Vec<IndicatorRow>), ApiError> {
    let indicators = indicator_rows(&results);
    let results = ProjectResults {
        project_id,
        version,
        updated_at: Some(at),
        updated_by: Some(caller.sub.clone()),
        results,
    };
    let saved = StoredResults {
        version,
        representation: serde_json::to_string(&results).map_err(ApiError::internal)?,
    };
    Ok((saved, indicators))
}

/// The first start and last end of the periods the project's results report, if any: a
/// project's dates may not move past them. (A write that relies on it holds the project
/// first, `change_store::hold_dates`, so that it sees the last results saved.)
pub fn reported_span(
    conn: &mut DbConnection,
    project_id: Uuid,
) -> Result<Option<(NaiveDate, NaiveDate)>, ApiError> {
    let Some(stored) = result_store::find(conn, project_id)? else {
        return Ok(None);
    };
    let results: ProjectResults =
        serde_json::from_str(&stored.representation).map_err(ApiError::internal)?;
    let periods = results
        .results
        .iter()
        .flat_map(|r| &r.indicators)
        .flat_map(|i| &i.periods);
    Ok(periods.fold(None, |span, p| match span {
        None => Some((p.start, p.end)),
        Some((first, last)) => Some((first.min(p.start), last.max(p.end))),
    }))
}
