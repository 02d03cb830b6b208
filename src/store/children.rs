//! Reading the lists records keep in child tables (one row per item, with its
//! `position`) for many records at once, in as few statements as the bind-parameter
//! limit allows.

use std::collections::HashMap;

use diesel::QueryResult;

use crate::store::StoreError;
use crate::store::batch::MAX_BIND_PARAMETERS;

/// For each of `ids` that has some, its items among `among`, in its list's order: `load`
/// reads the `(record id, item)` rows of a chunk of `ids` (each chunk leaves room in the
/// statement for `among`'s parameters). Nothing is read when `among` is empty.
pub fn items_by_record<T>(
    ids: &[String],
    among: &[T],
    mut load: impl FnMut(&[String]) -> QueryResult<Vec<(String, String)>>,
) -> Result<HashMap<String, Vec<String>>, StoreError> {
    let mut by_record: HashMap<String, Vec<String>> = HashMap::new();
    if among.is_empty() {
        return Ok(by_record);
    }
    for chunk in ids.chunks(MAX_BIND_PARAMETERS - among.len()) {
        for (id, item) in load(chunk)? {
            by_record.entry(id).or_default().push(item);
        }
    }
    Ok(by_record)
}

/// [`items_by_record`] of the child table `$table`, whose column `$record` names the record
/// and `$item` holds the item: the table's names bound here, the logic in the function.
macro_rules! items_among {
    ($conn:expr, $ids:expr, $among:expr, $table:ident . $record:ident, $item:ident) => {
        $crate::store::children::items_by_record($ids, $among, |chunk| {
            $table::table
                .filter($table::$record.eq_any(chunk))
                .filter($table::$item.eq_any($among))
                .select(($table::$record, $table::$item))
                .order(($table::$record, $table::position))
                .load($conn)
        })
    };
}

pub(crate) use items_among;
