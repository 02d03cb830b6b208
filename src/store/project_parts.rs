//! What the tables of a project's parts with versions of their own (its results, its
//! activities) share: one row per project holding the part's representation and version.
//! `part_table!` writes the queries over one such table; each part's module adds its
//! own child rows.

/// A part of a project as stored: its JSON representation and version.
#[derive(Debug, Clone)]
pub struct StoredPart {
    pub version: i64,
    pub representation: String,
}

/// A version of a project's part to save: over `expected_version` (0: none saved yet),
/// by `by` at `at`. One value, so that every part's `save` takes it the same way.
#[derive(Debug, Clone, Copy)]
pub struct PartWrite<'a> {
    pub project_id: uuid::Uuid,
    pub expected_version: i64,
    pub part: &'a StoredPart,
    pub at: chrono::NaiveDateTime,
    pub by: &'a str,
}

/// `find`, `find_many`, `save_document` and `insert_documents` over the part table `$table` (columns `project_id`,
/// `version`, `representation`, `updated_at`, `updated_by`): diesel's tables are types of
/// their own, so the queries are written once per table by this macro.
macro_rules! part_table {
    ($table:ident) => {
        /// The part of the project, if it was ever saved.
        pub fn find(
            conn: &mut crate::db::DbConnection,
            project_id: uuid::Uuid,
        ) -> Result<Option<crate::store::project_parts::StoredPart>, crate::store::StoreError> {
            let row: Option<(i64, String)> = $table::table
                .find(project_id.to_string())
                .select(($table::version, $table::representation))
                .first(conn)
                .optional()?;
            Ok(row.map(
                |(version, representation)| crate::store::project_parts::StoredPart {
                    version,
                    representation,
                },
            ))
        }

        /// The representations of the part of those of `project_ids` that have one, as
        /// `(project id, representation)`, read in statements of at most 500 ids.
        pub fn find_many(
            conn: &mut crate::db::DbConnection,
            project_ids: &[String],
        ) -> Result<Vec<(String, String)>, crate::store::StoreError> {
            let mut found = Vec::new();
            for ids in project_ids.chunks(500) {
                found.extend(
                    $table::table
                        .filter($table::project_id.eq_any(ids))
                        .select(($table::project_id, $table::representation))
                        .load::<(String, String)>(conn)?,
                );
            }
            Ok(found)
        }

        /// Write the part's row of `write.project_id` (as text, `id`); false when a
        /// concurrent write saved another version first.
        fn save_document(
            conn: &mut crate::db::DbConnection,
            id: &str,
            write: &crate::store::project_parts::PartWrite<'_>,
        ) -> Result<bool, crate::store::StoreError> {
            let crate::store::project_parts::PartWrite {
                expected_version,
                part,
                at,
                by,
                ..
            } = *write;
            let written = if expected_version == 0 {
                // ON CONFLICT DO NOTHING, per backend (the multi-backend connection has
                // none): a concurrent first save finds the row taken.
                let insert = diesel::insert_into($table::table)
                    .values((
                        $table::project_id.eq(id),
                        $table::version.eq(part.version),
                        $table::representation.eq(&part.representation),
                        $table::updated_at.eq(at),
                        $table::updated_by.eq(by),
                    ))
                    .on_conflict_do_nothing();
                match conn {
                    crate::db::DbConnection::Sqlite(c) => insert.execute(c)?,
                    crate::db::DbConnection::Postgres(c) => insert.execute(c)?,
                }
            } else {
                diesel::update(
                    $table::table
                        .filter($table::project_id.eq(id))
                        .filter($table::version.eq(expected_version)),
                )
                .set((
                    $table::version.eq(part.version),
                    $table::representation.eq(&part.representation),
                    $table::updated_at.eq(at),
                    $table::updated_by.eq(by),
                ))
                .execute(conn)?
            };
            Ok(written == 1)
        }

        /// Insert the first version of the part of projects created in this transaction,
        /// each `(project id, part)`.
        fn insert_documents<'a>(
            conn: &mut crate::db::DbConnection,
            parts: impl Iterator<Item = (&'a str, &'a crate::store::project_parts::StoredPart)>,
            at: chrono::NaiveDateTime,
            by: &str,
        ) -> Result<usize, diesel::result::Error> {
            let rows: Vec<_> = parts
                .map(|(id, part)| {
                    (
                        $table::project_id.eq(id),
                        $table::version.eq(part.version),
                        $table::representation.eq(&part.representation),
                        $table::updated_at.eq(at),
                        $table::updated_by.eq(by),
                    )
                })
                .collect();
            crate::store::batch::insert_rows!(conn, $table::table, rows, 5)
        }
    };
}

pub(crate) use part_table;
