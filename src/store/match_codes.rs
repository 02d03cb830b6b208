//! The child rows of a capacity and of a cooperation request, in tables of the same
//! shape: the organisations taking part, sectors, SDG targets, formats and languages
//! (what matching compares, `domain::match_codes`).

use uuid::Uuid;

/// What the child tables of a capacity or a cooperation request hold.
#[derive(Debug, Clone)]
pub struct MatchCodeRows {
    /// The organisations taking part (a capacity's offering ones, a request's requesting
    /// one), in order.
    pub organisations: Vec<Uuid>,
    /// DAC 5-digit sectors, in order.
    pub sectors: Vec<String>,
    /// (target, its goal), in order.
    pub sdg_targets: Vec<(String, i32)>,
    pub formats: Vec<&'static str>,
    pub languages: Vec<String>,
}

/// `RecordRow` for `$row`, whose `codes` (`MatchCodeRows`) are stored in the child tables
/// named, each keyed by `$record_id`.
macro_rules! match_code_children {
    ($row:ty, $record_id:ident: $organisations:ident, $sectors:ident, $sdg_targets:ident, $formats:ident, $languages:ident) => {
        impl $crate::store::record_table::RecordRow for $row {
            fn insert_children(
                conn: &mut $crate::db::DbConnection,
                records: &[(&$crate::store::record_table::RecordColumns, &Self)],
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::batch::insert_children;
                use $crate::store::record_table::with_ids;
                insert_children!(conn, $organisations.$record_id,
                    for (id, row) in with_ids(records) => &row.codes.organisations,
                    |organisation| { organisation_id: organisation.to_string() })?;
                insert_children!(conn, $sectors.$record_id,
                    for (id, row) in with_ids(records) => &row.codes.sectors,
                    |code| { code: code, category: &code[..3] })?;
                insert_children!(conn, $sdg_targets.$record_id,
                    for (id, row) in with_ids(records) => &row.codes.sdg_targets,
                    |(target, goal)| { target: target, goal: *goal })?;
                insert_children!(conn, $formats.$record_id,
                    for (id, row) in with_ids(records) => &row.codes.formats,
                    |format| { format: *format })?;
                insert_children!(conn, $languages.$record_id,
                    for (id, row) in with_ids(records) => &row.codes.languages,
                    |language| { language: language })?;
                Ok(())
            }

            fn delete_children(
                conn: &mut $crate::db::DbConnection,
                id: &str,
            ) -> Result<(), $crate::store::StoreError> {
                $crate::store::record_table::delete_children!(
                    conn,
                    id,
                    $organisations.$record_id,
                    $sectors.$record_id,
                    $sdg_targets.$record_id,
                    $formats.$record_id,
                    $languages.$record_id
                )
            }
        }
    };
}

pub(crate) use match_code_children;
