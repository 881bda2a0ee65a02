//! Tables from the office's compilation sheets: CSV (UTF-8 or a legacy Vietnamese encoding,
//! comma or semicolon) and XLSX (the first worksheet; shared and inline strings, numbers).
//! Returns rows of cells as text; the caller maps the columns by their headers.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// Why a file could not be read as a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    /// Neither CSV text nor an XLSX workbook.
    #[error("the file is neither CSV nor an Excel workbook (.xlsx)")]
    NotATable,
    /// A workbook or CSV that cannot be parsed.
    #[error("the workbook is damaged: {0}")]
    Damaged(String),
    /// A workbook part larger than 50 MB once expanded.
    #[error("the workbook is too large once expanded")]
    TooLarge,
}

impl SheetError {
    /// The message for people, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            SheetError::NotATable => "Tệp không phải CSV hay Excel (.xlsx).".into(),
            SheetError::Damaged(e) => format!("Tệp Excel bị hỏng: {e}."),
            SheetError::TooLarge => "Tệp Excel quá lớn khi giải nén (tối đa 50 MB).".into(),
        }
    }
}

const LIMIT: u64 = 50 * 1024 * 1024;

/// Reads the first table of a CSV or XLSX file. Empty trailing cells are kept as "".
pub fn read_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
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
    for r in reader.records() {
        let r = r.map_err(|e| SheetError::Damaged(e.to_string()))?;
        rows.push(r.iter().map(|c| vntext::nfc(c.trim())).collect());
    }
    Ok(rows)
}

fn entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, SheetError> {
    let Ok(file) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut out = String::new();
    file.take(LIMIT + 1)
        .read_to_string(&mut out)
        .map_err(|e| SheetError::Damaged(e.to_string()))?;
    if out.len() as u64 > LIMIT {
        return Err(SheetError::TooLarge);
    }
    Ok(Some(out))
}

/// Column index of a cell reference like `C12` (A = 0).
fn column(reference: &str) -> usize {
    reference
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic())
        .fold(0usize, |n, b| {
            n * 26 + (b.to_ascii_uppercase() - b'A' + 1) as usize
        })
        .saturating_sub(1)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, SheetError> {
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| SheetError::Damaged(e.to_string()))?;
    let shared = match entry(&mut archive, "xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let sheet = entry(&mut archive, "xl/worksheets/sheet1.xml")?.ok_or(SheetError::NotATable)?;
    let mut reader = Reader::from_str(&sheet);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut col, mut kind, mut in_value, mut value) =
        (0usize, String::new(), false, String::new());
    loop {
        match reader
            .read_event()
            .map_err(|e| SheetError::Damaged(e.to_string()))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                rows.push(Vec::new())
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                col = 0;
                kind.clear();
                value.clear();
                for a in e.attributes().flatten() {
                    let v = String::from_utf8_lossy(&a.value).into_owned();
                    match a.key.local_name().as_ref() {
                        b"r" => col = column(&v),
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

fn shared_strings(xml: &str) -> Result<Vec<String>, SheetError> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut current, mut in_t) = (String::new(), false);
    loop {
        match reader
            .read_event()
            .map_err(|e| SheetError::Damaged(e.to_string()))?
        {
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
        assert_eq!(column("AA3"), 26);
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
