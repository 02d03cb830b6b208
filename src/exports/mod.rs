//! Bulk exports: the records a caller's list holds, one row (or line) each, as CSV
//! (RFC 4180), NDJSON or XLSX. A record's row is taken from its JSON representation (the
//! one the list answers) through its kind's column table (`columns`), so the three
//! formats and the JSON list cannot disagree. Writers take one page of records at a time;
//! nothing holds the whole set.

pub mod columns;
mod xlsx;

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate};
use serde::Deserialize;
use serde_json_borrow::Value;
use utoipa::ToSchema;

use crate::codelists::Codelist;

pub use xlsx::XlsxExport;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// RFC 4180 CSV, UTF-8, CRLF line ends, a header row of the documented columns.
    #[default]
    Csv,
    /// One JSON representation per line, exactly as the list answers it.
    Ndjson,
    /// An Excel workbook of one sheet: the CSV's columns, typed.
    Xlsx,
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8; header=present",
            ExportFormat::Ndjson => "application/x-ndjson",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Ndjson => "ndjson",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// What a column holds, for typed formats (XLSX) and the documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    Text,
    Integer,
    /// A decimal (money, percentages), exact in CSV, a number in XLSX.
    Number,
    Date,
    /// An RFC 3339 instant in UTC.
    DateTime,
}

/// Where a column's value comes from in a record's JSON representation.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A scalar member at a JSON pointer (null: an empty cell).
    Member(&'static str),
    /// A text in several languages (a member holding an object from language code to
    /// text): the export's language when the record has it, else the record's default
    /// language, else its first.
    Text(&'static str),
    /// A list of scalars, joined with `;`.
    List(&'static str),
    /// A list of objects: each object's `fields` joined with `:`, objects joined with
    /// `separator`.
    Objects {
        pointer: &'static str,
        fields: &'static [&'static str],
        separator: &'static str,
    },
    /// The codes at `pointer` (a scalar, a list, or a list of objects' `field`) by their
    /// names in the export's language (English where the codelist has no other), joined
    /// with `; `: a report's reader does not know DAC or ISO codes by heart.
    CodeNames {
        pointer: &'static str,
        field: Option<&'static str>,
        list: fn() -> &'static Codelist,
    },
    /// The organisations at `pointer` (a list of ids, or of objects with an
    /// `organisation_id` and, when `role` names it, a role) by name, as `Name (role)`,
    /// joined with `; `.
    OrganisationNames {
        pointer: &'static str,
        role: Option<&'static str>,
    },
}

/// What a cell is read with besides its record: the export's language and the names of
/// the organisations the page's records name (read with the page).
pub struct Reading<'a> {
    pub language: Option<&'a str>,
    pub organisations: &'a HashMap<String, String>,
}

/// One column of an export.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub source: Source,
    pub cell: CellType,
}

impl Column {
    pub const fn text(name: &'static str, pointer: &'static str) -> Self {
        Column {
            name,
            source: Source::Member(pointer),
            cell: CellType::Text,
        }
    }

    pub const fn typed(name: &'static str, pointer: &'static str, cell: CellType) -> Self {
        Column {
            name,
            source: Source::Member(pointer),
            cell,
        }
    }

    pub const fn localised(name: &'static str, member: &'static str) -> Self {
        Column {
            name,
            source: Source::Text(member),
            cell: CellType::Text,
        }
    }

    pub const fn list(name: &'static str, pointer: &'static str) -> Self {
        Column {
            name,
            source: Source::List(pointer),
            cell: CellType::Text,
        }
    }

    pub const fn objects(
        name: &'static str,
        pointer: &'static str,
        fields: &'static [&'static str],
    ) -> Self {
        Column {
            name,
            source: Source::Objects {
                pointer,
                fields,
                separator: ";",
            },
            cell: CellType::Text,
        }
    }

    pub const fn code_names(
        name: &'static str,
        pointer: &'static str,
        field: Option<&'static str>,
        list: fn() -> &'static Codelist,
    ) -> Self {
        Column {
            name,
            source: Source::CodeNames {
                pointer,
                field,
                list,
            },
            cell: CellType::Text,
        }
    }

    pub const fn organisation_names(
        name: &'static str,
        pointer: &'static str,
        role: Option<&'static str>,
    ) -> Self {
        Column {
            name,
            source: Source::OrganisationNames { pointer, role },
            cell: CellType::Text,
        }
    }

    /// How the column is made, for the documentation.
    pub fn describe(&self) -> String {
        let kind = match self.cell {
            CellType::Text => "text",
            CellType::Integer => "integer",
            CellType::Number => "decimal",
            CellType::Date => "date (YYYY-MM-DD)",
            CellType::DateTime => "date-time (RFC 3339, UTC)",
        };
        match self.source {
            Source::Member(pointer) => format!("`{}`: {kind}, `{pointer}`", self.name),
            Source::Text(member) => format!(
                "`{}`: text, `/{member}` in the export's language (else the record's default language)",
                self.name
            ),
            Source::List(pointer) => {
                format!("`{}`: the items of `{pointer}` joined with `;`", self.name)
            }
            Source::Objects {
                pointer,
                fields,
                separator,
            } => format!(
                "`{}`: the items of `{pointer}` as `{}`, joined with {}",
                self.name,
                fields.join(":"),
                if separator == " " {
                    "a space".to_owned()
                } else {
                    format!("`{separator}`")
                }
            ),
            Source::CodeNames {
                pointer,
                field,
                list,
            } => format!(
                "`{}`: the names of the codes of `{pointer}{}` (codelist `{}`) in the export's language, else English, joined with `; `",
                self.name,
                field.map(|f| format!("/*/{f}")).unwrap_or_default(),
                list().name
            ),
            Source::OrganisationNames { pointer, role } => format!(
                "`{}`: the names of the organisations of `{pointer}`{}, joined with `; `",
                self.name,
                role.map(|r| format!(" with their `{r}` in brackets"))
                    .unwrap_or_default()
            ),
        }
    }
}

/// The ids of the organisations that the `columns` of `records` name by name (for the
/// page's [`Reading`]).
pub fn organisation_ids(columns: &[Column], records: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for column in columns {
        let Source::OrganisationNames { pointer, .. } = column.source else {
            continue;
        };
        for record in records {
            if let Some(Value::Array(items)) = member(record, pointer) {
                ids.extend(items.iter().filter_map(organisation_id).map(str::to_owned));
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// An organisation's id: the item itself, or its `organisation_id`.
fn organisation_id<'a>(item: &'a Value<'a>) -> Option<&'a str> {
    item.as_str()
        .or_else(|| item.get("organisation_id").as_str())
}

/// A code's name in `language`, else in English; the code itself when the list lacks it.
fn code_name<'a>(list: &'a Codelist, code: &'a str, language: Option<&str>) -> &'a str {
    let Some(entry) = list.get(code) else {
        return code;
    };
    let translated = match language {
        Some("es") => entry.es.as_deref(),
        Some("fr") => entry.fr.as_deref(),
        Some("pt") => entry.pt.as_deref(),
        _ => None,
    };
    translated.unwrap_or(&entry.en)
}

/// One cell, as read from a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(std::borrow::Cow<'a, str>),
    Integer(i64),
    /// A decimal, exactly as the representation writes it.
    Number(&'a str),
    Date(NaiveDate),
    DateTime(DateTime<chrono::Utc>),
}

impl Cell<'_> {
    /// The cell as CSV writes it.
    pub fn to_text(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text.as_ref()),
            Cell::Integer(n) => Cow::Owned(n.to_string()),
            Cell::Number(n) => Cow::Borrowed(n),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::DateTime(t) => Cow::Owned(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        }
    }
}

/// A scalar as text (numbers as written, booleans as `true`/`false`).
fn scalar_text<'a>(value: &'a Value<'a>) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::Str(s) => Cow::Borrowed(s.as_ref()),
        Value::Number(n) => Cow::Owned(n.to_string()),
        other => Cow::Owned(other.to_string()),
    }
}

/// The member at `pointer` (a JSON pointer of plain member names, as the column tables
/// write them).
fn member<'a>(record: &'a Value<'a>, pointer: &str) -> Option<&'a Value<'a>> {
    pointer
        .split('/')
        .skip(1)
        .try_fold(record, |value, name| value.as_object()?.get(name))
}

/// The cell of `column` for the record `record` (its JSON representation), with text in
/// the reading's language where the record has it.
pub fn cell<'a>(column: &Column, record: &'a Value<'a>, reading: &Reading<'_>) -> Cell<'a> {
    use std::borrow::Cow;
    let language = reading.language;
    match column.source {
        Source::Member(pointer) => {
            let Some(value) = member(record, pointer).filter(|v| !v.is_null()) else {
                return Cell::Empty;
            };
            match (column.cell, value) {
                (CellType::Integer, Value::Number(n)) if n.as_i64().is_some() => {
                    Cell::Integer(n.as_i64().unwrap_or_default())
                }
                (CellType::Number, Value::Str(s)) => Cell::Number(s.as_ref()),
                (CellType::Date, Value::Str(s)) => {
                    NaiveDate::parse_from_str(s.as_ref(), "%Y-%m-%d")
                        .map_or_else(|_| Cell::Text(Cow::Borrowed(s.as_ref())), Cell::Date)
                }
                (CellType::DateTime, Value::Str(s)) => DateTime::parse_from_rfc3339(s.as_ref())
                    .map_or_else(
                        |_| Cell::Text(Cow::Borrowed(s.as_ref())),
                        |t| Cell::DateTime(t.to_utc()),
                    ),
                (_, value) => Cell::Text(scalar_text(value)),
            }
        }
        Source::Text(member) => {
            let Some(Value::Object(texts)) = record.as_object().and_then(|r| r.get(member)) else {
                return Cell::Empty;
            };
            let default = record.get("default_language").as_str();
            language
                .and_then(|l| texts.get(l))
                .or_else(|| default.and_then(|l| texts.get(l)))
                .or_else(|| texts.values().next())
                .and_then(Value::as_str)
                .map_or(Cell::Empty, |t| Cell::Text(Cow::Borrowed(t)))
        }
        Source::List(pointer) => match member(record, pointer) {
            Some(Value::Array(items)) if !items.is_empty() => {
                let mut joined = String::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        joined.push(';');
                    }
                    joined.push_str(&scalar_text(item));
                }
                Cell::Text(Cow::Owned(joined))
            }
            _ => Cell::Empty,
        },
        Source::Objects {
            pointer,
            fields,
            separator,
        } => match member(record, pointer) {
            Some(Value::Array(items)) if !items.is_empty() => {
                let mut joined = String::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        joined.push_str(separator);
                    }
                    for (j, field) in fields.iter().enumerate() {
                        if j > 0 {
                            joined.push(':');
                        }
                        let _ = write!(joined, "{}", scalar_text(item.get(*field)));
                    }
                }
                Cell::Text(Cow::Owned(joined))
            }
            _ => Cell::Empty,
        },
        Source::CodeNames {
            pointer,
            field,
            list,
        } => {
            let codes: Vec<Cow<'_, str>> = match (member(record, pointer), field) {
                (Some(Value::Array(items)), Some(field)) => items
                    .iter()
                    .map(|item| scalar_text(item.get(field)))
                    .collect(),
                (Some(Value::Array(items)), None) => items.iter().map(scalar_text).collect(),
                (Some(value), _) if !value.is_null() => vec![scalar_text(value)],
                _ => Vec::new(),
            };
            if codes.is_empty() {
                return Cell::Empty;
            }
            let names: Vec<&str> = codes
                .iter()
                .map(|code| code_name(list(), code, language))
                .collect();
            Cell::Text(Cow::Owned(names.join("; ")))
        }
        Source::OrganisationNames { pointer, role } => {
            let Some(Value::Array(items)) = member(record, pointer) else {
                return Cell::Empty;
            };
            let mut joined = String::new();
            for item in items {
                let Some(id) = organisation_id(item) else {
                    continue;
                };
                if !joined.is_empty() {
                    joined.push_str("; ");
                }
                joined.push_str(reading.organisations.get(id).map_or(id, String::as_str));
                if let Some(role) = role.and_then(|r| item.get(r).as_str()) {
                    let _ = write!(joined, " ({role})");
                }
            }
            if joined.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(Cow::Owned(joined))
            }
        }
    }
}

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
/// a carriage return first, or their full-width forms `＝＋－＠`, which spreadsheets
/// fold to them) gets a leading `'`, as OWASP advises for CSV: partners write titles,
/// analysts open the file in Excel.
fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Writes a CSV file page by page: the header row with the first page.
pub struct CsvRows {
    columns: &'static [Column],
    header_written: bool,
}

impl CsvRows {
    pub fn new(columns: &'static [Column]) -> Self {
        CsvRows {
            columns,
            header_written: false,
        }
    }

    /// The rows of `records` (the header row first, on the first call).
    pub fn page(&mut self, records: &[Value], reading: &Reading<'_>) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::with_capacity(1024 + records.len() * 1024));
        // Writing into memory does not fail.
        if !self.header_written {
            let _ = writer.write_record(self.columns.iter().map(|c| c.name));
            self.header_written = true;
        }
        for record in records {
            for column in self.columns {
                let cell = cell(column, record, reading);
                let text = cell.to_text();
                let _ = match cell {
                    Cell::Text(_) => writer.write_field(defused(&text).as_ref()),
                    _ => writer.write_field(text.as_ref()),
                };
            }
            let _ = writer.write_record(None::<&[u8]>);
        }
        writer.into_inner().unwrap_or_default()
    }
}

/// The NDJSON line of one record: its representation as stored, on one line.
pub fn ndjson_line(out: &mut Vec<u8>, representation: &str) {
    // Stored representations are compact JSON: no newline inside.
    out.extend_from_slice(representation.as_bytes());
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A record as exports read it: parsed from its stored text.
    fn reading(language: Option<&str>) -> Reading<'_> {
        static NO_NAMES: std::sync::LazyLock<HashMap<String, String>> =
            std::sync::LazyLock::new(HashMap::new);
        Reading {
            language,
            organisations: &NO_NAMES,
        }
    }

    fn parsed(text: &str) -> Value<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn cells_follow_the_column_sources() {
        let text = json!({
            "title": {"es": "Título", "pt": "Título pt"},
            "default_language": "es",
            "status": 2,
            "planned_start": "2025-06-01",
            "budget": {"amount": "2500.50", "currency": "USD"},
            "sectors": [{"code": "31166", "percentage": "60"}, {"code": "32165", "percentage": "40"}],
            "sdg_goals": [2, 13],
            "actual_end": null,
        })
        .to_string();
        let record = parsed(&text);
        let title = Column::localised("title", "title");
        assert_eq!(
            cell(&title, &record, &reading(None)),
            Cell::Text("Título".into())
        );
        assert_eq!(
            cell(&title, &record, &reading(Some("pt"))),
            Cell::Text("Título pt".into())
        );
        assert_eq!(
            cell(&title, &record, &reading(Some("fr"))),
            Cell::Text("Título".into())
        );
        let sectors = Column::objects("sectors", "/sectors", &["code", "percentage"]);
        assert_eq!(
            cell(&sectors, &record, &reading(None)).to_text(),
            "31166:60;32165:40"
        );
        assert_eq!(
            cell(
                &Column::list("sdg_goals", "/sdg_goals"),
                &record,
                &reading(None)
            )
            .to_text(),
            "2;13"
        );
        let status = Column::typed("status", "/status", CellType::Integer);
        assert_eq!(cell(&status, &record, &reading(None)), Cell::Integer(2));
        let amount = Column::typed("budget_amount", "/budget/amount", CellType::Number);
        assert_eq!(
            cell(&amount, &record, &reading(None)),
            Cell::Number("2500.50")
        );
        let start = Column::typed("planned_start", "/planned_start", CellType::Date);
        assert_eq!(
            cell(&start, &record, &reading(None)),
            Cell::Date(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap())
        );
        let end = Column::typed("actual_end", "/actual_end", CellType::Date);
        assert_eq!(cell(&end, &record, &reading(None)), Cell::Empty);
    }

    #[test]
    fn csv_quotes_per_rfc_4180_and_defuses_formulas() {
        const COLUMNS: &[Column] = &[
            Column::localised("title", "title"),
            Column::text("code", "/code"),
        ];
        let mut rows = CsvRows::new(COLUMNS);
        let first = json!({"title": {"es": "Dice \"hola\", y\nse va"}, "code": "=1+1"}).to_string();
        let bytes = rows.page(&[parsed(&first)], &reading(None));
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "title,code\r\n\"Dice \"\"hola\"\", y\nse va\",'=1+1\r\n"
        );
        let second = json!({"code": "-2"}).to_string();
        assert_eq!(rows.page(&[parsed(&second)], &reading(None)), b",'-2\r\n");
        let full_width = json!({"code": "＝HYPERLINK(\"x\")"}).to_string();
        assert_eq!(
            String::from_utf8(rows.page(&[parsed(&full_width)], &reading(None))).unwrap(),
            ",\"'＝HYPERLINK(\"\"x\"\")\"\r\n"
        );
    }
}
