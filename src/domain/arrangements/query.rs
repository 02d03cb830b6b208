//! The triangular arrangement list's filters, shared by its export.

use super::*;

/// Define a query-parameter struct with every arrangement filter, plus `$extra` fields,
/// and its `checked_filter()`: the list and the export take the same filters.
macro_rules! with_arrangement_filters {
    ($(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($extra)*
    /// A party, in any role (narrow with `role`).
    pub organisation: Option<Uuid>,
    /// With `organisation`: only where it holds this role.
    pub role: Option<ArrangementRole>,
    /// Agreement status.
    pub status: Option<AgreementStatus>,
    /// Trilateral or a combination of bilateral agreements.
    pub agreement_kind: Option<AgreementKind>,
    /// Public or restricted.
    pub visibility: Option<Visibility>,
    /// Text in the title or governance (case and accents ignored).
    #[param(max_length = 200)]
    pub q: Option<String>,
        }

        impl $name {
    pub fn checked_filter(&self) -> Result<ArrangementFilter, ApiError> {
        crate::domain::filters::needs(
            "role",
            self.role.is_some(),
            "organisation",
            self.organisation.is_some(),
        )?;
        Ok(ArrangementFilter {
            organisation: self.organisation,
            role: self.role.map(ArrangementRole::as_str),
            status: self.status.map(AgreementStatus::as_str),
            agreement_kind: self.agreement_kind.map(AgreementKind::as_str),
            visibility: self.visibility.map(Visibility::as_str),
            q: crate::text::search_filter(self.q.as_deref())?,
        })
    }
        }
    };
}

with_arrangement_filters! {
    /// Filters and paging for the arrangement list (newest first).
    pub struct ArrangementQuery {
        /// Page size, 1 to 200.
        #[param(minimum = 1, maximum = 200, default = 50)]
        pub limit: Option<u32>,
        /// The `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
}

with_arrangement_filters! {
    /// Which triangular arrangements an export holds: the list's filters, every page.
    pub struct ArrangementExportQuery {
        /// The file format.
        pub format: Option<crate::exports::ExportFormat>,
        /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
        /// each record's default language.
        #[param(example = "pt", pattern = "^[a-z]{2}$")]
        pub lang: Option<String>,
    }
}

impl RecordListQuery for ArrangementQuery {
    type Kind = ArrangementInput;
    const CURSOR_KIND: &'static str = "triangular-arrangements";

    fn paging(&self) -> (Option<u32>, Option<&str>) {
        (self.limit, self.cursor.as_deref())
    }

    fn filter(&self) -> Result<ArrangementFilter, ApiError> {
        self.checked_filter()
    }
}
