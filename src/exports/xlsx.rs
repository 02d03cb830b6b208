//! The XLSX export: one sheet in rust_xlsxwriter's constant-memory mode (each finished
//! row goes to a temporary file, strings are written inline), typed cells (dates as
//! dates, integers and decimals as numbers), a bold frozen header row with a filter.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use serde_json_borrow::Value;

use super::{Cell, CellType, Column, Reading, cell};

/// Excel's limits: rows per sheet, characters per cell.
const MAX_ROWS: u32 = 1_048_576;
const MAX_CELL_CHARS: usize = 32_767;

/// A workbook being written, row by row.
pub struct XlsxExport {
    workbook: Workbook,
    columns: &'static [Column],
    next_row: u32,
    date: Format,
    datetime: Format,
    decimal: Format,
}

impl XlsxExport {
    /// A workbook with the header row of `columns`; `sheet` names its sheet.
    pub fn new(columns: &'static [Column], sheet: &str) -> Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let worksheet = workbook.add_worksheet_with_constant_memory()?;
        worksheet.set_name(sheet)?;
        for (i, column) in columns.iter().enumerate() {
            let width = match column.cell {
                CellType::Date => 12.0,
                CellType::DateTime => 20.0,
                CellType::Integer | CellType::Number => 14.0,
                CellType::Text => 24.0,
            };
            worksheet.set_column_width(i as u16, width)?;
            worksheet.write_string_with_format(0, i as u16, column.name, &bold)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        Ok(XlsxExport {
            workbook,
            columns,
            next_row: 1,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            decimal: Format::new().set_num_format("#,##0.00##"),
        })
    }

    /// Add the row of one record.
    pub fn push(&mut self, record: &Value, reading: &Reading<'_>) -> Result<(), XlsxError> {
        if self.next_row >= MAX_ROWS {
            return Err(XlsxError::RowColumnLimitError);
        }
        let row = self.next_row;
        let worksheet = self.workbook.worksheet_from_index(0)?;
        for (i, column) in self.columns.iter().enumerate() {
            let col = i as u16;
            match cell(column, record, reading) {
                Cell::Empty => {}
                Cell::Text(text) => {
                    let text = truncated(&text);
                    worksheet.write_string(row, col, text)?;
                }
                Cell::Integer(n) => {
                    worksheet.write_number(row, col, n as f64)?;
                }
                Cell::Number(n) => match n.parse::<f64>() {
                    Ok(value) => {
                        worksheet.write_number_with_format(row, col, value, &self.decimal)?;
                    }
                    Err(_) => {
                        worksheet.write_string(row, col, n)?;
                    }
                },
                Cell::Date(date) => {
                    worksheet.write_datetime_with_format(row, col, date, &self.date)?;
                }
                Cell::DateTime(at) => {
                    let at = ExcelDateTime::from_timestamp(at.timestamp())?;
                    worksheet.write_datetime_with_format(row, col, at, &self.datetime)?;
                }
            }
        }
        self.next_row += 1;
        Ok(())
    }

    /// Finish the workbook into `writer` (a zip, written as it is made).
    pub fn finish(mut self, writer: impl std::io::Write + Send) -> Result<(), XlsxError> {
        let last_row = self.next_row - 1;
        let last_col = (self.columns.len() - 1) as u16;
        self.workbook
            .worksheet_from_index(0)?
            .autofilter(0, 0, last_row, last_col)?;
        self.workbook.save_to_writer(writer)
    }
}

/// A text as long as a cell holds (longer texts are cut; CSV and NDJSON keep them
/// whole). Excel counts a cell's length in UTF-16 code units, as the writer does: a
/// character outside the Basic Multilingual Plane (an emoji) counts two, and is never
/// split.
fn truncated(text: &str) -> &str {
    // Each UTF-8 byte stands for at most one UTF-16 unit.
    if text.len() <= MAX_CELL_CHARS {
        return text;
    }
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS {
            return &text[..i];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_at_32767_utf16_units() {
        let emoji = "🌱".repeat(16_384);
        let cut = truncated(&emoji);
        assert_eq!(
            cut.encode_utf16().count(),
            32_766,
            "an emoji is never split"
        );
        let latin = "ñ".repeat(40_000);
        assert_eq!(truncated(&latin).encode_utf16().count(), 32_767);
        assert_eq!(truncated("corto"), "corto");
        // The writer takes the cut text (it refused 32,768 units mid-export).
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        assert!(sheet.write_string(0, 0, truncated(&emoji)).is_ok());
        assert!(sheet.write_string(0, 1, emoji.as_str()).is_err());
    }
}
