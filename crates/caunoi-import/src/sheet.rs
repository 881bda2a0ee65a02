//! Tables from the office's compilation sheets: CSV (UTF-8 or a legacy Vietnamese encoding,
//! comma or semicolon) and XLSX (the first worksheet; shared and inline strings, numbers).
//! Returns rows of cells as text; the caller maps the columns by their headers.

use crate::budget::{self, Budget, InflateError, OverBudget};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Cursor;
use zip::ZipArchive;

/// Columns of a worksheet, as Excel bounds them (A to XFD).
pub const MAX_COLUMNS: usize = 16_384;
/// Rows of a worksheet, as Excel bounds them.
pub const MAX_ROWS: usize = 1_048_576;
/// Most cells materialised from one sheet, counting the empty cells before a cell placed far
/// to the right: far above any compilation sheet, far below what fills a server's memory.
pub const MAX_CELLS: usize = 1_000_000;

/// Why a file could not be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Neither CSV text nor an XLSX workbook.
    #[error("the file is neither CSV nor an Excel workbook (.xlsx)")]
    NotATable,
    /// A workbook or CSV that cannot be parsed.
    #[error("the workbook is damaged: {0}")]
    Damaged(String),
    /// Reading the workbook would cost more than its [`Budget`] allows (a zip bomb, XML
    /// nested thousands deep…).
    #[error("the workbook is too complex to read: {}", .0.what_en())]
    OverBudget(OverBudget),
    /// A cell reference outside what a worksheet can hold (columns A to XFD, rows 1 to
    /// 1,048,576), or not a cell reference at all.
    #[error(
        "cell “{0}” is outside a worksheet (columns A to XFD, rows 1 to 1048576); open the file in Excel or LibreOffice, save it again and upload that"
    )]
    BadCell(String),
    /// More cells than [`MAX_CELLS`] (counting the empty ones before a cell far to the right).
    #[error(
        "the sheet has more than {MAX_CELLS} cells; keep only the petition table in the first sheet"
    )]
    TooManyCells,
}

impl SheetError {
    /// The message for people, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            SheetError::NotATable => "Tệp không phải CSV hay Excel (.xlsx).".into(),
            SheetError::Damaged(e) => format!("Tệp Excel bị hỏng: {e}."),
            SheetError::OverBudget(why) => format!(
                "Tệp Excel quá phức tạp để đọc: {}. Hãy mở tệp bằng Excel hoặc LibreOffice, chỉ giữ lại bảng kiến nghị, lưu lại rồi tải lên.",
                why.what_vi()
            ),
            SheetError::BadCell(at) => format!(
                "Ô “{at}” nằm ngoài giới hạn của bảng tính (cột A đến XFD, dòng 1 đến 1.048.576). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi tải lên."
            ),
            SheetError::TooManyCells => format!(
                "Bảng tính có hơn {} ô. Hãy chỉ giữ lại bảng kiến nghị ở trang tính đầu tiên rồi tải lên.",
                vi_number(MAX_CELLS)
            ),
        }
    }
}

/// `1000000` written as Vietnamese do: `1.000.000`.
fn vi_number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Reads the first table of a CSV or XLSX file. Empty trailing cells are kept as "".
pub fn read_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    read_table_within(bytes, &mut Budget::default())
}

/// [`read_table`] drawing on `budget` (bytes inflated and walked, XML elements and cells,
/// nesting, time), stopping with [`SheetError::OverBudget`] at the first bound passed.
pub fn read_table_within(
    bytes: &[u8],
    budget: &mut Budget,
) -> Result<Vec<Vec<String>>, SheetError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes, budget);
    }
    budget
        .parse(bytes.len() as u64)
        .map_err(SheetError::OverBudget)?;
    if bytes.contains(&0) {
        return Err(SheetError::NotATable);
    }
    let text = vntext::decode_any(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for r in reader.records() {
        let r = r.map_err(|e| SheetError::Damaged(e.to_string()))?;
        cells += r.len().max(1);
        if cells > MAX_CELLS {
            return Err(SheetError::TooManyCells);
        }
        budget.tick().map_err(SheetError::OverBudget)?;
        rows.push(r.iter().map(|c| vntext::nfc(c.trim())).collect());
    }
    Ok(rows)
}

fn entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<String>, SheetError> {
    let Ok(file) = archive.by_name(name) else {
        return Ok(None);
    };
    let declared = file.size();
    let bytes = budget::inflate(budget, file, declared).map_err(|e| match e {
        InflateError::Over(why) => SheetError::OverBudget(why),
        InflateError::Damaged(e) => SheetError::Damaged(e.to_string()),
    })?;
    budget
        .parse(bytes.len() as u64)
        .map_err(SheetError::OverBudget)?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| SheetError::Damaged(format!("{name} is not UTF-8 text")))
}

/// Column (A = 0) and row (1 = 0) of a cell reference like `C12`, within a worksheet's
/// bounds; `None` for anything else (`ZZZZZZZZZZZZ1`, `A0`, `A1048577`, `12`).
fn cell_at(reference: &str) -> Option<(usize, usize)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (column, row) = reference.split_at(letters);
    if !(1..=3).contains(&column.len())
        || row.is_empty()
        || row.len() > 7
        || !row.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let column = column.bytes().fold(0usize, |n, b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: usize = row.parse().ok()?;
    ((1..=MAX_COLUMNS).contains(&column) && (1..=MAX_ROWS).contains(&row))
        .then(|| (column - 1, row - 1))
}

/// A reference as the error shows it: short enough to read.
fn shown(reference: &str) -> String {
    let mut out: String = reference.chars().take(24).collect();
    if reference.chars().count() > 24 {
        out.push('…');
    }
    out
}

/// Counts an XML event, and its nesting when it opens an element.
fn charge_event(
    budget: &mut Budget,
    depth: &mut usize,
    event: &Event<'_>,
) -> Result<(), SheetError> {
    budget.object().map_err(SheetError::OverBudget)?;
    match event {
        Event::Start(_) => {
            *depth += 1;
            budget.depth(*depth).map_err(SheetError::OverBudget)
        }
        Event::End(_) => {
            *depth = depth.saturating_sub(1);
            Ok(())
        }
        _ => Ok(()),
    }
}

fn read_xlsx(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Vec<String>>, SheetError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::Damaged(e.to_string()))?;
    let shared = match entry(&mut archive, "xl/sharedStrings.xml", budget)? {
        Some(xml) => shared_strings(&xml, budget)?,
        None => Vec::new(),
    };
    let sheet =
        entry(&mut archive, "xl/worksheets/sheet1.xml", budget)?.ok_or(SheetError::NotATable)?;
    let mut reader = Reader::from_str(&sheet);
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Cells materialised so far, with the empty ones a cell far to the right brings.
    let mut cells = 0usize;
    let mut depth = 0usize;
    let (mut col, mut kind, mut in_value, mut value) =
        (0usize, String::new(), false, String::new());
    loop {
        let event = reader
            .read_event()
            .map_err(|e| SheetError::Damaged(e.to_string()))?;
        charge_event(budget, &mut depth, &event)?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                if rows.len() >= MAX_ROWS {
                    return Err(SheetError::BadCell(format!("A{}", rows.len() + 1)));
                }
                cells += 1;
                if cells > MAX_CELLS {
                    return Err(SheetError::TooManyCells);
                }
                rows.push(Vec::new())
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                // A cell without a reference follows the one before it.
                col = rows.last().map_or(0, Vec::len);
                kind.clear();
                value.clear();
                for a in e.attributes().flatten() {
                    let v = String::from_utf8_lossy(&a.value).into_owned();
                    match a.key.local_name().as_ref() {
                        b"r" => col = cell_at(&v).ok_or_else(|| SheetError::BadCell(shown(&v)))?.0,
                        b"t" => kind = v,
                        _ => {}
                    }
                }
            }
            Event::Start(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_value = true,
            Event::End(e) if matches!(e.local_name().as_ref(), b"v" | b"t") => in_value = false,
            Event::Text(t) if in_value => {
                value.push_str(&t.decode().map_err(|e| SheetError::Damaged(e.to_string()))?)
            }
            Event::GeneralRef(r) if in_value => {
                let name = r.decode().map_err(|e| SheetError::Damaged(e.to_string()))?;
                value.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                let text = if kind == "s" {
                    value
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| shared.get(i))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    value.clone()
                };
                if let Some(row) = rows.last_mut() {
                    if row.len() <= col {
                        cells += col + 1 - row.len();
                        if cells > MAX_CELLS {
                            return Err(SheetError::TooManyCells);
                        }
                        row.resize(col + 1, String::new());
                    }
                    row[col] = vntext::nfc(text.trim());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rows)
}

fn shared_strings(xml: &str, budget: &mut Budget) -> Result<Vec<String>, SheetError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut current, mut in_t) = (String::new(), false);
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| SheetError::Damaged(e.to_string()))?;
        charge_event(budget, &mut depth, &event)?;
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"si" => current.clear(),
            Event::End(e) if e.local_name().as_ref() == b"si" => out.push(current.clone()),
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == b"t" => in_t = false,
            Event::Text(t) if in_t => {
                current.push_str(&t.decode().map_err(|e| SheetError::Damaged(e.to_string()))?)
            }
            Event::GeneralRef(r) if in_t => {
                let name = r.decode().map_err(|e| SheetError::Damaged(e.to_string()))?;
                current.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal workbook as Excel writes it: shared strings, a number, an inline string.
    fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
        let mut shared = Vec::new();
        let mut sheet = String::from(
            "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
        );
        for (r, row) in rows.iter().enumerate() {
            sheet.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, cell) in row.iter().enumerate() {
                let reference = format!("{}{}", (b'A' + c as u8) as char, r + 1);
                if cell.parse::<f64>().is_ok() {
                    sheet.push_str(&format!("<c r=\"{reference}\"><v>{cell}</v></c>"));
                } else if !cell.is_empty() {
                    shared.push(cell.replace('&', "&amp;"));
                    sheet.push_str(&format!(
                        "<c r=\"{reference}\" t=\"s\"><v>{}</v></c>",
                        shared.len() - 1
                    ));
                }
            }
            sheet.push_str("</row>");
        }
        sheet.push_str("</sheetData></worksheet>");
        let sst = format!(
            "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{}</sst>",
            shared
                .iter()
                .map(|s| format!("<si><t>{s}</t></si>"))
                .collect::<String>()
        );
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        z.write_all(sheet.as_bytes()).unwrap();
        z.start_file("xl/sharedStrings.xml", opts).unwrap();
        z.write_all(sst.as_bytes()).unwrap();
        z.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn csv_in_either_delimiter_and_xlsx_read_the_same() {
        let csv = "STT;Nội dung kiến nghị;Lĩnh vực;Số cử tri\n1;Đề nghị sửa đường;Giao thông;12\n";
        let rows = read_table(csv.as_bytes()).unwrap();
        assert_eq!(rows[1], ["1", "Đề nghị sửa đường", "Giao thông", "12"]);
        let book = xlsx(&[
            &["STT", "Nội dung kiến nghị", "Lĩnh vực", "Số cử tri"],
            &["1", "Đề nghị sửa đường & cống", "", "12"],
        ]);
        let rows = read_table(&book).unwrap();
        assert_eq!(rows[0][1], "Nội dung kiến nghị");
        assert_eq!(rows[1], ["1", "Đề nghị sửa đường & cống", "", "12"]);
        assert_eq!(cell_at("AA3"), Some((26, 2)));
    }

    /// A workbook whose first sheet is `sheet_data` inside `sheetData`.
    fn xlsx_of_sheet(sheet_data: &str) -> Vec<u8> {
        let sheet = format!(
            "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{sheet_data}</sheetData></worksheet>"
        );
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        z.write_all(sheet.as_bytes()).unwrap();
        z.finish().unwrap();
        buf.into_inner()
    }

    fn one_cell(reference: &str) -> Vec<u8> {
        xlsx_of_sheet(&format!(
            "<row r=\"1\"><c r=\"{reference}\" t=\"inlineStr\"><is><t>Đường</t></is></c></row>"
        ))
    }

    #[test]
    fn cell_references_outside_a_worksheet_are_refused_by_name() {
        for reference in [
            "ZZZZZZZZZZZZ1",
            "XFE1",
            "AAAA1",
            "A0",
            "A1048577",
            "A99999999999999999999",
            "B",
            "12",
            "",
        ] {
            let err = read_table(&one_cell(reference)).unwrap_err();
            assert_eq!(
                err,
                SheetError::BadCell(reference.to_owned()),
                "{reference}"
            );
            assert!(err.message_vi().contains(&format!("Ô “{reference}”")));
        }
        let long = format!("{}1", "Z".repeat(10_000));
        let err = read_table(&one_cell(&long)).unwrap_err();
        assert!(matches!(&err, SheetError::BadCell(r) if r.ends_with('…') && r.len() < 40));
        // The last column and row Excel has are read.
        let rows = read_table(&one_cell("XFD1048576")).unwrap();
        assert_eq!(rows[0].len(), MAX_COLUMNS);
        assert_eq!(rows[0][MAX_COLUMNS - 1], "Đường");
    }

    #[test]
    fn cells_far_to_the_right_on_many_rows_are_refused_before_filling_memory() {
        let row = "<row><c r=\"XFD1\"><v>1</v></c></row>";
        let book = xlsx_of_sheet(&row.repeat(100));
        assert_eq!(read_table(&book), Err(SheetError::TooManyCells));
        let csv = format!("{}\n", ",".repeat(20_000)).repeat(60);
        assert_eq!(read_table(csv.as_bytes()), Err(SheetError::TooManyCells));
    }

    #[test]
    fn a_zip_bomb_and_deep_nesting_are_over_budget() {
        let mut cell = String::from("<row><c t=\"inlineStr\"><is><t>");
        cell.push_str(&" ".repeat(51 * 1024 * 1024));
        cell.push_str("x</t></is></c></row>");
        let book = xlsx_of_sheet(&cell);
        assert!(book.len() < 1024 * 1024, "{}", book.len());
        assert_eq!(
            read_table(&book),
            Err(SheetError::OverBudget(OverBudget::InflatedBytes))
        );
        let depth = 100_000;
        let book = xlsx_of_sheet(&format!("{}{}", "<x>".repeat(depth), "</x>".repeat(depth)));
        assert_eq!(
            read_table(&book),
            Err(SheetError::OverBudget(OverBudget::Depth))
        );
        let mut budget = Budget::new(crate::budget::Limits {
            objects: 10,
            ..Default::default()
        });
        let book = xlsx(&[
            &["STT", "Nội dung"],
            &["1", "Sửa đường"],
            &["2", "Sửa cống"],
        ]);
        assert_eq!(
            read_table_within(&book, &mut budget),
            Err(SheetError::OverBudget(OverBudget::Objects))
        );
        assert!(read_table(&book).is_ok());
    }

    #[test]
    fn not_a_table_and_damaged_are_errors_not_panics() {
        assert!(read_table(b"\x89PNG\r\n\x1a\n\0\0").is_err());
        let book = xlsx(&[&["a"]]);
        for cut in [10, book.len() / 2, book.len() - 5] {
            let _ = read_table(&book[..cut]);
        }
    }
}
