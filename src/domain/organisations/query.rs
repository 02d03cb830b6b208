//! The organisation list: its filters and pages, by name.

use super::*;

/// Filters and paging for the organisation list (ordered by name).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// IATI OrganisationType code.
    #[param(example = "10")]
    pub organisation_type: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[param(example = "AR")]
    pub country: Option<String>,
    /// Text in the name, acronym or IATI identifier (case and accents ignored).
    #[param(max_length = 200, example = "tecnologia")]
    pub q: Option<String>,
}

impl OrganisationQuery {
    pub fn filter(&self) -> Result<OrganisationFilter, ApiError> {
        if let Some(code) = &self.organisation_type {
            let list = codelists::organisation_types();
            filters::known(list, code, "organisation_type", "organisation type")?;
        }
        filters::country(self.country.as_deref(), "country")?;
        let q = crate::text::search_filter(self.q.as_deref())?;
        Ok(OrganisationFilter {
            organisation_type: self.organisation_type.clone(),
            country: self.country.clone(),
            q,
        })
    }
}

const CURSOR_KIND: &str = "organisations:name";

/// A page of the organisations matching the query, by name.
pub fn list(
    conn: &mut DbConnection,
    query: &OrganisationQuery,
    cursors: &Cursors,
) -> Result<OrganisationPage, ApiError> {
    let limit = page_size(query.limit)?;
    let filter = query.filter()?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| cursors.decode::<OrganisationKey>(CURSOR_KIND, c))
        .transpose()?;
    let rows = org_store::list(conn, &filter, after.as_ref(), limit)?;
    let (rows, next_cursor) = cursors.paginate(rows, limit, CURSOR_KIND, |(_, key)| key.clone());
    Ok(OrganisationPage {
        items: rows
            .into_iter()
            .map(|(row, _)| Organisation::from_row(row))
            .collect::<Result<_, _>>()?,
        next_cursor,
    })
}
