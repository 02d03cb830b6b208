//! Query parameters of lists, exports and statistics: a kind's filters, declared once per
//! kind as one struct ([`ListFilters`]), composed with what each use adds (paging, an
//! export's file format and language, a statistics dimension) as [`Filtered`].
//!
//! Why a composition written by hand rather than `#[serde(flatten)]`: utoipa's
//! `IntoParams` ignores flattened fields (utoipa issue 841), so the contract would lose
//! the filters; and serde buffers flattened query values as strings, so a number such as
//! `limit=20` no longer parses, and `deny_unknown_fields` cannot apply. So `Filtered`
//! lists its parameters as its two parts' (own first, then the filters), and its
//! extractor (`http::extract`) hands each part the parameters named in its own list,
//! each parsed by the same strict rules as any other query (unknown names refused).

use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::openapi::Ref;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;
use crate::exports::ExportFormat;

/// A kind's list filters as received (every member optional), and their check into the
/// filter its storage applies.
pub trait ListFilters: DeserializeOwned + IntoParams + Default + Send + 'static {
    /// The checked filter.
    type Checked: Clone + Send + Sync + 'static;

    /// Check the filters (a 400 or 422 naming the parameter at fault).
    fn check(&self) -> Result<Self::Checked, ApiError>;

    /// Filters an export calls by another name, because the export has a parameter of
    /// the same name (a policy exchange's `format` is `exchange_format` there): pairs of
    /// (name in the list, name in the export).
    const EXPORT_NAMES: &'static [(&'static str, &'static str)] = &[];
}

/// What a use of the filters adds to them.
pub trait OwnParams: DeserializeOwned + IntoParams + Default + Send + 'static {
    /// Does this use rename filters ([`ListFilters::EXPORT_NAMES`])?
    const EXPORT: bool = false;
}

/// The query parameters of a list, export or statistics: its own and a kind's filters.
#[derive(Debug, Default)]
pub struct Filtered<P, F> {
    pub own: P,
    pub filters: F,
}

impl<P: OwnParams, F: ListFilters> Filtered<P, F> {
    /// The names of the filters in this use, each with the name the filters know it by.
    pub fn filter_names() -> impl Iterator<Item = (&'static str, &'static str)> {
        let renamed = if P::EXPORT { F::EXPORT_NAMES } else { &[] };
        renamed.iter().map(|(list, here)| (*here, *list))
    }

    /// The name a parameter has among the filters (its own, unless renamed here).
    pub fn filter_name(name: &str) -> &str {
        Self::filter_names()
            .find(|(here, _)| *here == name)
            .map_or(name, |(_, list)| list)
    }

    /// The names of the parameters that belong to `own`.
    pub fn own_names() -> Vec<String> {
        P::into_params(|| Some(ParameterIn::Query))
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    /// The checked filters.
    pub fn checked(&self) -> Result<F::Checked, ApiError> {
        self.filters.check()
    }
}

impl<P: OwnParams, F: ListFilters> IntoParams for Filtered<P, F> {
    fn into_params(parameter_in_provider: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut params = P::into_params(&parameter_in_provider);
        let renamed: Vec<(&str, &str)> = Self::filter_names().collect();
        params.extend(
            F::into_params(&parameter_in_provider)
                .into_iter()
                .map(|mut param| {
                    if let Some((here, _)) = renamed.iter().find(|(_, list)| *list == param.name) {
                        param.name = (*here).to_owned();
                    }
                    param
                }),
        );
        params
    }
}

/// Nothing of its own: the filters alone (the IATI export).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NoParams {}

impl OwnParams for NoParams {}

/// A page of a newest-first list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Page size, 1 to 200.
    #[param(minimum = 1, maximum = 200, default = 50)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl OwnParams for Paging {}

/// An export's file format and language.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// The file format.
    pub format: Option<ExportFormat>,
    /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
    /// each record's default language.
    #[param(example = "pt", pattern = "^[a-z]{2}$")]
    pub lang: Option<String>,
}

impl OwnParams for ExportParams {
    const EXPORT: bool = true;
}

/// What statistics are grouped by.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupBy<D: ToSchema> {
    pub group_by: Option<D>,
}

/// Written out because utoipa's derive inlines a generic parameter's schema, where the
/// contract refers to the dimension's own.
impl<D: ToSchema> IntoParams for GroupBy<D> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("group_by")
                .parameter_in(ParameterIn::Query)
                .description(Some("The dimension to group by."))
                .required(Required::False)
                .schema(Some(Ref::from_schema_name(D::name())))
                .build(),
        ]
    }
}

impl<D: ToSchema> Default for GroupBy<D> {
    fn default() -> Self {
        GroupBy { group_by: None }
    }
}

impl<D: ToSchema + DeserializeOwned + Send + 'static> OwnParams for GroupBy<D> {}
