//! Writes the office's reports as Office Open XML: a workbook (.xlsx) of plain tables and a Word
//! document (.docx) of headings, paragraphs and tables. Only the parts Excel, Word and
//! LibreOffice need; text is NFC, escaped, and stripped of the control characters XML forbids.
//! Pure functions: the caller saves or sends the bytes.

use std::io::{Cursor, Write};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// One cell of a worksheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, kept as an inline string.
    Text(String),
    /// A number Excel can sum.
    Number(f64),
    /// Nothing.
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Number(n as f64)
    }
}

/// A worksheet: its tab name, column widths (in characters) and rows; the first
/// `header_rows` rows are bold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    /// The tab's name (at most 31 characters; Excel forbids `[]:*?/\`).
    pub name: String,
    /// Width of each column, in characters.
    pub widths: Vec<f64>,
    /// The rows, top to bottom.
    pub rows: Vec<Vec<Cell>>,
    /// How many rows at the top are headings (bold).
    pub header_rows: usize,
}

/// A piece of a Word document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A centred bold title.
    Title(String),
    /// A heading of level 1 or 2 (bold).
    Heading(u8, String),
    /// A paragraph of body text.
    Paragraph(String),
    /// An italic note (definitions, sources).
    Note(String),
    /// A table; the first row is the header (bold, repeated on each page).
    Table(Vec<Vec<String>>),
}

/// Text safe inside an XML element: NFC, without the control characters XML 1.0 forbids.
fn clean(s: &str) -> String {
    let s: String = vntext::nfc(s)
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    quick_xml::escape::escape(s.as_str()).into_owned()
}

/// Excel's name for column `i` (0 → A, 26 → AA).
fn column_name(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn sheet_name(s: &str, i: usize) -> String {
    let name: String = s
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if name.trim().is_empty() {
        format!("Sheet{}", i + 1)
    } else {
        name
    }
}

fn zip_parts(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        // Writing into memory cannot fail short of running out of it.
        zip.start_file(*name, opts).expect("zip entry in memory");
        zip.write_all(body.as_bytes()).expect("zip write in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_DOC: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

/// The workbook of `sheets` (at least one; an empty list gives one empty sheet).
pub fn xlsx(sheets: &[Sheet]) -> Vec<u8> {
    let empty = [Sheet::default()];
    let sheets = if sheets.is_empty() {
        &empty[..]
    } else {
        sheets
    };
    let mut types = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    );
    let mut book_sheets = String::new();
    let mut book_rels = format!("{XML_HEAD}<Relationships xmlns=\"{RELS_NS}\">");
    let mut parts: Vec<(String, String)> = Vec::new();
    for (i, sheet) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
        book_sheets.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            clean(&sheet_name(&sheet.name, i))
        ));
        book_rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
        parts.push((format!("xl/worksheets/sheet{n}.xml"), worksheet(sheet)));
    }
    let styles_id = sheets.len() + 1;
    book_rels.push_str(&format!(
        "<Relationship Id=\"rId{styles_id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
    ));
    types.push_str("</Types>");
    let workbook = format!(
        "{XML_HEAD}<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <sheets>{book_sheets}</sheets></workbook>"
    );
    // Style 0: plain; 1: bold (headings); 2: wrapped text, top-aligned (long petition text).
    let styles = format!(
        "{XML_HEAD}<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Times New Roman\"/></font>\
         <font><b/><sz val=\"11\"/><name val=\"Times New Roman\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
         <xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>\
         <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
         </styleSheet>"
    );
    let root_rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"{RELS_NS}\"><Relationship Id=\"rId1\" Type=\"{OFFICE_DOC}\" Target=\"xl/workbook.xml\"/></Relationships>"
    );
    let mut all: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", book_rels),
        ("xl/styles.xml", styles),
    ];
    for (name, body) in &parts {
        all.push((name.as_str(), body.clone()));
    }
    zip_parts(&all)
}

fn worksheet(sheet: &Sheet) -> String {
    let mut out = format!(
        "{XML_HEAD}<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    );
    if !sheet.widths.is_empty() {
        out.push_str("<cols>");
        for (i, w) in sheet.widths.iter().enumerate() {
            out.push_str(&format!(
                "<col min=\"{n}\" max=\"{n}\" width=\"{w:.1}\" customWidth=\"1\"/>",
                n = i + 1
            ));
        }
        out.push_str("</cols>");
    }
    out.push_str("<sheetData>");
    for (r, row) in sheet.rows.iter().enumerate() {
        let rn = r + 1;
        out.push_str(&format!("<row r=\"{rn}\">"));
        let style = if r < sheet.header_rows { 1 } else { 2 };
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{rn}", column_name(c));
            match cell {
                Cell::Text(t) => out.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\" s=\"{style}\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    clean(t)
                )),
                Cell::Number(n) if n.is_finite() => {
                    out.push_str(&format!("<c r=\"{at}\" s=\"{style}\"><v>{n}</v></c>"))
                }
                Cell::Number(_) | Cell::Empty => {}
            }
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData></worksheet>");
    out
}

fn run(text: &str, bold: bool, italic: bool, size_half_points: Option<u32>) -> String {
    let mut props = String::new();
    if bold {
        props.push_str("<w:b/>");
    }
    if italic {
        props.push_str("<w:i/>");
    }
    if let Some(s) = size_half_points {
        props.push_str(&format!("<w:sz w:val=\"{s}\"/>"));
    }
    // A line break inside a paragraph is a <w:br/> between runs of text.
    let body = text
        .split('\n')
        .map(|line| format!("<w:t xml:space=\"preserve\">{}</w:t>", clean(line)))
        .collect::<Vec<_>>()
        .join("<w:br/>");
    format!("<w:r><w:rPr>{props}</w:rPr>{body}</w:r>")
}

fn paragraph(text: &str, bold: bool, italic: bool, size: Option<u32>, center: bool) -> String {
    let ppr = if center {
        "<w:pPr><w:jc w:val=\"center\"/></w:pPr>"
    } else {
        ""
    };
    format!("<w:p>{ppr}{}</w:p>", run(text, bold, italic, size))
}

/// The Word document of `blocks` (A4, Times New Roman 13 pt, as administrative documents are).
pub fn docx(blocks: &[Block]) -> Vec<u8> {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Title(t) => body.push_str(&paragraph(t, true, false, Some(30), true)),
            Block::Heading(level, t) => {
                let size = if *level <= 1 { 28 } else { 26 };
                body.push_str(&paragraph(t, true, *level > 1, Some(size), false))
            }
            Block::Paragraph(t) => body.push_str(&paragraph(t, false, false, None, false)),
            Block::Note(t) => body.push_str(&paragraph(t, false, true, None, false)),
            Block::Table(rows) => {
                let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
                if cols == 0 {
                    continue;
                }
                body.push_str(
                    "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
                     <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
                     <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
                     <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
                     <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
                     <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
                     <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
                     </w:tblBorders></w:tblPr><w:tblGrid>",
                );
                for _ in 0..cols {
                    body.push_str("<w:gridCol/>");
                }
                body.push_str("</w:tblGrid>");
                for (i, row) in rows.iter().enumerate() {
                    body.push_str("<w:tr>");
                    if i == 0 {
                        body.push_str("<w:trPr><w:tblHeader/></w:trPr>");
                    }
                    for c in 0..cols {
                        let text = row.get(c).map(String::as_str).unwrap_or("");
                        body.push_str(&format!(
                            "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>{}</w:tc>",
                            paragraph(text, i == 0, false, Some(24), false)
                        ));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
                // Word wants a paragraph between two tables and before the section's end.
                body.push_str("<w:p/>");
            }
        }
    }
    let document = format!(
        "{XML_HEAD}<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    );
    let styles = format!(
        "{XML_HEAD}<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>\
         <w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/><w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
         </w:styles>"
    );
    let types = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
         </Types>"
    );
    let root_rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"{RELS_NS}\"><Relationship Id=\"rId1\" Type=\"{OFFICE_DOC}\" Target=\"word/document.xml\"/></Relationships>"
    );
    let doc_rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"{RELS_NS}\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
    );
    zip_parts(&[
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/styles.xml", styles),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_reads_back_with_its_vietnamese_text() {
        let sheet = Sheet {
            name: "Tổng hợp".into(),
            widths: vec![6.0, 40.0],
            rows: vec![
                vec!["STT".into(), "Nội dung kiến nghị".into()],
                vec![
                    Cell::from(1),
                    "Đường <ngõ> & cống \"thoát nước\" ở Hà Nội".into(),
                ],
                vec![Cell::from(2), Cell::Empty, "thừa".into()],
            ],
            header_rows: 1,
        };
        let bytes = xlsx(&[sheet]);
        let rows = crate::sheet::read_table(&bytes).unwrap();
        assert_eq!(rows[0], vec!["STT", "Nội dung kiến nghị"]);
        assert_eq!(
            rows[1],
            vec!["1", "Đường <ngõ> & cống \"thoát nước\" ở Hà Nội"]
        );
        assert_eq!(rows[2], vec!["2", "", "thừa"]);
    }

    #[test]
    fn a_document_reads_back_in_order() {
        let bytes = docx(&[
            Block::Title("BÁO CÁO TỔNG HỢP".into()),
            Block::Heading(1, "I. Lĩnh vực Đất đai".into()),
            Block::Table(vec![
                vec!["STT".into(), "Nội dung".into()],
                vec!["1".into(), "Cấp giấy chứng nhận quyền sử dụng đất".into()],
            ]),
            Block::Paragraph("Dòng một\nDòng hai \u{1} có ký tự lạ".into()),
        ]);
        let text = crate::doctext::extract(&bytes).unwrap().text;
        let at = |s: &str| {
            text.find(s)
                .unwrap_or_else(|| panic!("{s} missing in {text}"))
        };
        assert!(at("BÁO CÁO TỔNG HỢP") < at("I. Lĩnh vực Đất đai"));
        assert!(at("I. Lĩnh vực Đất đai") < at("Cấp giấy chứng nhận quyền sử dụng đất"));
        assert!(text.contains("có ký tự lạ"));
    }

    #[test]
    fn column_names_go_past_z() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}
