//! Writes the office's reports as Office Open XML: a workbook (.xlsx) of tables (with merged
//! rows for a letterhead) and a Word document (.docx) of headings, paragraphs, tables and
//! borderless two-column blocks (an administrative document's header and signature). Only the parts Excel, Word and
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
    /// Text set in a given style (bold, italic, centred; the size is for Word only).
    Styled(String, Style),
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

/// How a line of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Centred (otherwise left-aligned).
    pub center: bool,
    /// Size in points in Word; `None` for the document's 13 pt.
    pub size: Option<u8>,
}

/// A line of text and its style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Styled {
    /// The text; empty for a blank line.
    pub text: String,
    /// How it is set.
    pub style: Style,
}

impl Styled {
    /// `text` set in `style`.
    pub fn new(text: impl Into<String>, style: Style) -> Styled {
        Styled {
            text: text.into(),
            style,
        }
    }
}

/// Cells `first..=last` of row `row` (0-based) shown as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// The row, from 0.
    pub row: usize,
    /// The first column, from 0.
    pub first: usize,
    /// The last column, included.
    pub last: usize,
}

/// A worksheet: its tab name, column widths (in characters) and rows; the first
/// `header_rows` rows are bold (but for styled cells, which keep their own style).
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
    /// Cells shown as one (a letterhead line across several columns).
    pub merges: Vec<Merge>,
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
    /// One paragraph in its own style.
    Line(Styled),
    /// Two columns side by side without borders, the left one `left_percent` of the width:
    /// the header of an administrative document, or its recipients and signature. Kept on
    /// one page.
    Columns {
        /// The left column's share of the text width.
        left_percent: u8,
        /// The left column's lines, top to bottom.
        left: Vec<Styled>,
        /// The right column's lines, top to bottom.
        right: Vec<Styled>,
    },
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
    // Style 0: plain; 1: bold (headings); 2: wrapped text, top-aligned (long petition text);
    // 3 to 10: the styled cells, see `xf_of`.
    let mut styled_xfs = String::new();
    for i in 0..8u8 {
        let (bold, italic, center) = (i & 1 != 0, i & 2 != 0, i & 4 != 0);
        let font = u8::from(bold) + 2 * u8::from(italic);
        let align = if center { " horizontal=\"center\"" } else { "" };
        styled_xfs.push_str(&format!(
            "<xf numFmtId=\"0\" fontId=\"{font}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment{align} vertical=\"top\"/></xf>"
        ));
    }
    let styles = format!(
        "{XML_HEAD}<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <fonts count=\"4\"><font><sz val=\"11\"/><name val=\"Times New Roman\"/></font>\
         <font><b/><sz val=\"11\"/><name val=\"Times New Roman\"/></font>\
         <font><i/><sz val=\"11\"/><name val=\"Times New Roman\"/></font>\
         <font><b/><i/><sz val=\"11\"/><name val=\"Times New Roman\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"11\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
         <xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>{styled_xfs}</cellXfs>\
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

/// The cell format (`cellXfs` index) of a styled cell.
fn xf_of(style: Style) -> u8 {
    3 + u8::from(style.bold) + 2 * u8::from(style.italic) + 4 * u8::from(style.center)
}

fn worksheet(sheet: &Sheet) -> String {
    // Printed on A4 landscape, as wide as the page, so a letterhead over the table stays
    // on one sheet of paper.
    let mut out = format!(
        "{XML_HEAD}<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
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
            let text = |t: &str, style: u8| {
                format!(
                    "<c r=\"{at}\" t=\"inlineStr\" s=\"{style}\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    clean(t)
                )
            };
            match cell {
                Cell::Text(t) => out.push_str(&text(t, style)),
                Cell::Styled(t, s) => out.push_str(&text(t, xf_of(*s))),
                Cell::Number(n) if n.is_finite() => {
                    out.push_str(&format!("<c r=\"{at}\" s=\"{style}\"><v>{n}</v></c>"))
                }
                Cell::Number(_) | Cell::Empty => {}
            }
        }
        out.push_str("</row>");
    }
    out.push_str("</sheetData>");
    if !sheet.merges.is_empty() {
        out.push_str(&format!("<mergeCells count=\"{}\">", sheet.merges.len()));
        for m in &sheet.merges {
            out.push_str(&format!(
                "<mergeCell ref=\"{}{r}:{}{r}\"/>",
                column_name(m.first),
                column_name(m.last.max(m.first)),
                r = m.row + 1
            ));
        }
        out.push_str("</mergeCells>");
    }
    out.push_str(
        "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>\
         <pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/></worksheet>",
    );
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

/// A paragraph of one styled line, without space after it (lines of a letterhead).
fn tight_paragraph(line: &Styled) -> String {
    let s = line.style;
    let jc = if s.center {
        "<w:jc w:val=\"center\"/>"
    } else {
        ""
    };
    format!(
        "<w:p><w:pPr><w:spacing w:after=\"0\"/>{jc}</w:pPr>{}</w:p>",
        run(
            &line.text,
            s.bold,
            s.italic,
            s.size.map(|pt| u32::from(pt) * 2)
        )
    )
}

/// Width of the text on an A4 page with the margins of `docx`, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 1701 - 1134;

fn columns(left_percent: u8, left: &[Styled], right: &[Styled]) -> String {
    let l = TEXT_WIDTH * u32::from(left_percent.min(100)) / 100;
    let r = TEXT_WIDTH - l;
    let cell = |width: u32, lines: &[Styled]| {
        let mut body: String = lines.iter().map(tight_paragraph).collect();
        if body.is_empty() {
            // A cell must end with a paragraph.
            body.push_str("<w:p/>");
        }
        format!("<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{body}</w:tc>")
    };
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:tblBorders>\
         <w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/>\
         <w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>\
         <w:tblLayout w:type=\"fixed\"/></w:tblPr>\
         <w:tblGrid><w:gridCol w:w=\"{l}\"/><w:gridCol w:w=\"{r}\"/></w:tblGrid>\
         <w:tr><w:trPr><w:cantSplit/></w:trPr>{}{}</w:tr></w:tbl><w:p/>",
        cell(l, left),
        cell(r, right)
    )
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
            Block::Line(line) => body.push_str(&paragraph(
                &line.text,
                line.style.bold,
                line.style.italic,
                line.style.size.map(|pt| u32::from(pt) * 2),
                line.style.center,
            )),
            Block::Columns {
                left_percent,
                left,
                right,
            } => body.push_str(&columns(*left_percent, left, right)),
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
            merges: vec![],
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

    fn part(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut out = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    /// Every element closed, every attribute quoted: a parser reads it to the end.
    fn well_formed(xml: &str) {
        let mut r = quick_xml::Reader::from_str(xml);
        r.config_mut().check_end_names = true;
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{e} in {xml}"),
            }
        }
    }

    #[test]
    fn two_borderless_columns_read_left_then_right() {
        let bold = Style {
            bold: true,
            center: true,
            ..Style::default()
        };
        let italic = Style {
            italic: true,
            center: true,
            size: Some(14),
            ..Style::default()
        };
        let bytes = docx(&[
            Block::Columns {
                left_percent: 40,
                left: vec![
                    Styled::new("HỘI ĐỒNG NHÂN DÂN", bold),
                    Styled::new("Số: 12/BC-HĐND", Style::default()),
                ],
                right: vec![
                    Styled::new("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold),
                    Styled::new("Hà Nội, ngày 05 tháng 12 năm 2026", italic),
                ],
            },
            Block::Line(Styled::new("Trích yếu", bold)),
            Block::Columns {
                left_percent: 50,
                left: vec![],
                right: vec![Styled::new("", bold)],
            },
        ]);
        let xml = part(&bytes, "word/document.xml");
        well_formed(&xml);
        assert!(xml.contains("<w:insideV w:val=\"nil\"/>"), "borderless");
        assert!(
            xml.contains("<w:cantSplit/>"),
            "a signature is not split across pages"
        );
        assert!(xml.contains("<w:gridCol w:w=\"3628\"/><w:gridCol w:w=\"5443\"/>"));
        assert!(xml.contains("<w:i/><w:sz w:val=\"28\"/>"));
        let text = crate::doctext::extract(&bytes).unwrap().text;
        assert_eq!(
            text,
            "HỘI ĐỒNG NHÂN DÂN\n\nSố: 12/BC-HĐND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n\
             Hà Nội, ngày 05 tháng 12 năm 2026\n\nTrích yếu"
        );
    }

    #[test]
    fn merged_and_styled_cells_are_valid_and_read_back() {
        let sheet = Sheet {
            name: "Báo cáo".into(),
            widths: vec![6.0, 20.0, 30.0],
            rows: vec![
                vec![
                    Cell::Styled(
                        "HỘI ĐỒNG NHÂN DÂN".into(),
                        Style {
                            bold: true,
                            center: true,
                            ..Style::default()
                        },
                    ),
                    Cell::Empty,
                    Cell::Styled(
                        "Hà Nội, ngày 05 tháng 12 năm 2026".into(),
                        Style {
                            italic: true,
                            ..Style::default()
                        },
                    ),
                ],
                vec!["STT".into(), "Nội dung".into()],
            ],
            header_rows: 2,
            merges: vec![Merge {
                row: 0,
                first: 0,
                last: 1,
            }],
        };
        let bytes = xlsx(&[sheet]);
        let ws = part(&bytes, "xl/worksheets/sheet1.xml");
        well_formed(&ws);
        well_formed(&part(&bytes, "xl/styles.xml"));
        assert!(ws.contains("<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"));
        assert!(ws.contains("orientation=\"landscape\" fitToWidth=\"1\""));
        assert!(
            ws.contains("<c r=\"A1\" t=\"inlineStr\" s=\"8\">"),
            "bold centred"
        );
        assert!(
            ws.contains("<c r=\"C1\" t=\"inlineStr\" s=\"5\">"),
            "italic"
        );
        assert!(
            ws.contains("<c r=\"A2\" t=\"inlineStr\" s=\"1\">"),
            "a heading row"
        );
        let styles = part(&bytes, "xl/styles.xml");
        assert_eq!(
            styles.matches("<xf ").count(),
            1 + 11,
            "cellStyleXfs + cellXfs"
        );
        let rows = crate::sheet::read_table(&bytes).unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["HỘI ĐỒNG NHÂN DÂN", "", "Hà Nội, ngày 05 tháng 12 năm 2026"],
                vec!["STT", "Nội dung"]
            ]
        );
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
