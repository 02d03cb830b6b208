//! Statements that write many rows: as few as the backends' limits on bound parameters
//! allow (bulk loads write hundreds of records in one transaction).

/// Bind parameters one statement may carry: SQLite's default limit (since 3.32);
/// PostgreSQL's is 65,535.
pub const MAX_BIND_PARAMETERS: usize = 32_766;

/// Columns of the widest table: diesel's table limit without its `64-column-tables`
/// feature. Bounds the rows of a record table one statement inserts.
pub const MAX_COLUMNS: usize = 32;

/// Insert `$rows` (a `Vec` of value tuples of `$columns` columns each) into `$table`, in
/// as few statements as the bind-parameter limit allows. diesel's multi-backend
/// connection has no batch insert, so it runs on the concrete connection. An empty `Vec`
/// inserts nothing.
///
/// One row (a write through the API) goes in a single-row statement: diesel keeps it
/// prepared, since its text never varies, where a multi-row statement is parsed and
/// planned anew each time (issue 26). So is a statement holding `DEFAULT`: the row
/// structs bind `None` as NULL (`treat_none_as_default_value = false`; no nullable
/// column has a default).
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {{
        let mut rows = $rows;
        let per_statement = $crate::store::batch::MAX_BIND_PARAMETERS / $columns;
        (|| -> Result<usize, diesel::result::Error> {
            if rows.len() == 1 {
                let statement = diesel::insert_into($table).values(rows.remove(0));
                return match $conn {
                    $crate::db::DbConnection::Sqlite(c) => statement.execute(c),
                    $crate::db::DbConnection::Postgres(c) => statement.execute(c),
                };
            }
            let mut inserted = 0;
            while !rows.is_empty() {
                let rest = rows.split_off(rows.len().min(per_statement));
                let statement =
                    diesel::insert_into($table).values(std::mem::replace(&mut rows, rest));
                inserted += match $conn {
                    $crate::db::DbConnection::Sqlite(c) => statement.execute(c)?,
                    $crate::db::DbConnection::Postgres(c) => statement.execute(c)?,
                };
            }
            Ok(inserted)
        })()
    }};
}

pub(crate) use insert_rows;

/// Insert the child rows of records into `$table`: for each `($id, $parent)` of
/// `$parents`, one row per item of `$items` (which may use `$parent`), with
/// `$record_id = $id`, its `position` in the list and the columns given for it. The
/// `let`s are evaluated once per parent (per-record state, such as what was seen before).
/// One statement for all the parents (bulk loads) as for one.
macro_rules! insert_children {
    (
        $conn:expr, $table:ident . $record_id:ident,
        for ($id:ident, $parent:ident) in $parents:expr => $items:expr,
        $(let $var:pat = $init:expr;)*
        |$item:pat_param| { $($column:ident: $value:expr),+ $(,)? }
    ) => {{
        use $crate::schema::$table as child;
        const COLUMNS: usize = 2 + [$(stringify!($column)),+].len();
        let rows: Vec<_> = ($parents)
            .into_iter()
            .flat_map(|($id, $parent)| {
                $(let $var = $init;)*
                (0..).zip($items).map(move |(position, $item)| {
                    (
                        child::$record_id.eq($id),
                        child::position.eq(position),
                        $(child::$column.eq($value)),+
                    )
                })
            })
            .collect();
        $crate::store::batch::insert_rows!($conn, child::table, rows, COLUMNS)
    }};
}

pub(crate) use insert_children;
