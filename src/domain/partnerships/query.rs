//! The partnership list's filters, shared by its export.

use super::*;

/// Define a query-parameter struct with every partnership filter, plus `$extra` fields,
/// and its `checked_filter()`: the list and the export take the same filters.
macro_rules! with_partnership_filters {
    ($(#[$meta:meta])* pub struct $name:ident { $($extra:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields)]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            $($extra)*
            /// Bilateral, regional, inter-regional or multilateral.
            pub scope: Option<PartnershipScope>,
            /// Integration space or forum code.
            #[param(example = "mercosur")]
            pub space: Option<String>,
            /// Agreement status.
            pub status: Option<AgreementStatus>,
            /// A party, in any role.
            pub organisation: Option<Uuid>,
            /// Parties from this country (ISO 3166-1 alpha-2).
            #[param(example = "BO")]
            pub country: Option<String>,
            /// DAC sector category (3 digits) or sector (5 digits).
            #[param(example = "311")]
            pub sector: Option<String>,
            /// Public or restricted.
            pub visibility: Option<Visibility>,
            /// Text in the title or description (case and accents ignored).
            #[param(max_length = 200)]
            pub q: Option<String>,
        }

        impl $name {
        pub fn checked_filter(&self) -> Result<PartnershipFilter, ApiError> {
            if let Some(code) = &self.space {
                filters::in_codelist(code, "space", "integration space", |code| {
                    integration_space(code).is_some()
                })?;
            }
            filters::country(self.country.as_deref(), "country")?;
            filters::sector(self.sector.as_deref())?;
            Ok(PartnershipFilter {
                scope: self.scope.map(PartnershipScope::as_str),
                space: self.space.clone(),
                status: self.status.map(AgreementStatus::as_str),
                organisation: self.organisation,
                country: self.country.clone(),
                sector: self.sector.clone(),
                visibility: self.visibility.map(Visibility::as_str),
                q: crate::text::search_filter(self.q.as_deref())?,
            })
        }
        }
    };
}

with_partnership_filters! {
    /// Filters and paging for the partnership list (newest first).
    pub struct PartnershipQuery {
        /// Page size, 1 to 200.
        #[param(minimum = 1, maximum = 200, default = 50)]
        pub limit: Option<u32>,
        /// The `next_cursor` of the previous page.
        pub cursor: Option<String>,
    }
}

with_partnership_filters! {
    /// Which partnerships an export holds: the list's filters, every page.
    pub struct PartnershipExportQuery {
        /// The file format.
        pub format: Option<crate::exports::ExportFormat>,
        /// The language of texts in CSV and XLSX (ISO 639-1), where a record has it; else
        /// each record's default language.
        #[param(example = "pt", pattern = "^[a-z]{2}$")]
        pub lang: Option<String>,
    }
}

impl RecordListQuery for PartnershipQuery {
    type Kind = PartnershipInput;
    const CURSOR_KIND: &'static str = "partnerships";

    fn paging(&self) -> (Option<u32>, Option<&str>) {
        (self.limit, self.cursor.as_deref())
    }

    fn filter(&self) -> Result<PartnershipFilter, ApiError> {
        self.checked_filter()
    }
}
