//! DOCX: the paragraphs of `word/document.xml`, the body of a Word document.

use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

use super::DocTextError;
use crate::budget::{self, Budget, InflateError};

/// The part of a DOCX that holds the body of the document.
const DOCUMENT_XML: &str = "word/document.xml";
/// Start of every ZIP local file header.
const ZIP_LOCAL_HEADER: &[u8] = b"PK\x03\x04";
/// Start of an OLE compound file: an old binary `.doc`, or a password-protected `.docx`.
const OLE_HEADER: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// WordprocessingML namespace of Word's usual (transitional) files…
const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// …and of files saved as "Strict Open XML".
const W_STRICT_NS: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
/// Markup compatibility: `mc:AlternateContent` holds a `mc:Choice` and a `mc:Fallback`
/// with the same text twice.
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Whether the bytes start like a ZIP (with a local file header, as every DOCX does).
pub(super) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_LOCAL_HEADER)
}

/// Whether the bytes are a ZIP holding `word/document.xml`. A ZIP whose directory is cut
/// off counts when a local header of that entry is there.
pub(super) fn is_docx(bytes: &[u8]) -> bool {
    if !is_zip(bytes) {
        return false;
    }
    match ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive.index_for_name(DOCUMENT_XML).is_some(),
        Err(_) => has_local_header_named(bytes, DOCUMENT_XML),
    }
}

/// Whether a local file header in `bytes` names the entry `name`.
fn has_local_header_named(bytes: &[u8], name: &str) -> bool {
    let name = name.as_bytes();
    (0..bytes.len().saturating_sub(30)).any(|at| {
        let header = &bytes[at..];
        if !header.starts_with(ZIP_LOCAL_HEADER) {
            return false;
        }
        let name_len = usize::from(u16::from_le_bytes([header[26], header[27]]));
        header.get(30..30 + name_len) == Some(name)
    })
}

/// Whether the bytes are a password-protected Office file: an OLE compound file holding an
/// `EncryptedPackage` stream (its directory stores the name in UTF-16LE).
pub(super) fn is_encrypted_office_file(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(OLE_HEADER) && bytes.windows(name.len()).any(|w| w == name.as_slice())
}

/// The paragraphs of a DOCX body, in document order; a table gives each cell's paragraphs.
pub(super) fn read(bytes: &[u8], budget: &mut Budget) -> Result<Vec<String>, DocTextError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let entry = archive.by_name(DOCUMENT_XML).map_err(zip_error)?;
    if entry.encrypted() {
        return Err(DocTextError::Encrypted);
    }
    let declared = entry.size();
    let xml = read_limited(entry, declared, budget)?;
    paragraphs(&xml, budget)
}

/// Reads an entry of `declared` uncompressed size within what is left of `budget`.
fn read_limited(
    entry: impl Read,
    declared: u64,
    budget: &mut Budget,
) -> Result<Vec<u8>, DocTextError> {
    budget::inflate(budget, entry, declared).map_err(|e| match e {
        InflateError::Over(why) => DocTextError::OverBudget(why),
        InflateError::Damaged(e) => {
            DocTextError::Damaged(format!("{DOCUMENT_XML} cannot be decompressed ({e})"))
        }
    })
}

fn zip_error(error: ZipError) -> DocTextError {
    match error {
        ZipError::InvalidPassword => DocTextError::Encrypted,
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => DocTextError::Encrypted,
        ZipError::DecompressedSizeLimitExceeded { .. } => {
            DocTextError::OverBudget(crate::budget::OverBudget::InflatedBytes)
        }
        ZipError::FileNotFound => DocTextError::Damaged(format!("the ZIP has no {DOCUMENT_XML}")),
        ZipError::CompressionMethodNotSupported(method) => DocTextError::Damaged(format!(
            "{DOCUMENT_XML} is compressed with method {method}, which Word does not use"
        )),
        error => DocTextError::Damaged(format!("the ZIP structure cannot be read ({error})")),
    }
}

/// Which namespace an element is in, as far as this reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Word,
    Compatibility,
    Other,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) if ns.as_ref() == W_NS || ns.as_ref() == W_STRICT_NS => Ns::Word,
        ResolveResult::Bound(ns) if ns.as_ref() == MC_NS => Ns::Compatibility,
        _ => Ns::Other,
    }
}

/// The paragraphs of `word/document.xml`. Elements are counted and their nesting bounded
/// before the XML reader goes deeper: its own counters are not made for hostile depths.
fn paragraphs(xml: &[u8], budget: &mut Budget) -> Result<Vec<String>, DocTextError> {
    budget
        .parse(xml.len() as u64)
        .map_err(DocTextError::OverBudget)?;
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    let xml = std::str::from_utf8(xml)
        .map_err(|_| DocTextError::Damaged(format!("{DOCUMENT_XML} is not UTF-8 text")))?;
    let mut reader = NsReader::from_str(xml);
    let mut body = Body::default();
    let mut depth = 0usize;
    loop {
        let (ns, event) = reader.read_resolved_event().map_err(|e| {
            DocTextError::Damaged(format!("{DOCUMENT_XML} is not well-formed XML ({e})"))
        })?;
        budget.object().map_err(DocTextError::OverBudget)?;
        let ns = ns_of(&ns);
        match event {
            Event::Start(e) => {
                depth += 1;
                budget.depth(depth).map_err(DocTextError::OverBudget)?;
                body.start(ns, e.local_name().as_ref(), false)
            }
            Event::Empty(e) => body.start(ns, e.local_name().as_ref(), true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                body.end(ns, e.local_name().as_ref())
            }
            Event::Text(e) => {
                if let Ok(text) = e.decode() {
                    body.text(&text);
                }
            }
            Event::CData(e) => {
                if let Ok(text) = e.decode() {
                    body.text(&text);
                }
            }
            Event::GeneralRef(e) => {
                if let Some(c) = entity(&e) {
                    body.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body.finish())
}

/// The character an entity reference stands for: a character reference or one of the
/// five entities XML predefines (a DOCX declares no others).
fn entity(reference: &BytesRef<'_>) -> Option<char> {
    if reference.is_char_ref() {
        return reference.resolve_char_ref().ok().flatten();
    }
    let name: &[u8] = reference;
    match name {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => None,
    }
}

/// Gathers the text of `w:t` elements into paragraphs while walking the XML.
#[derive(Debug, Default)]
struct Body {
    /// Finished paragraphs, in the order they end.
    done: Vec<String>,
    /// Open `w:p` elements: a text box inside a paragraph holds paragraphs of its own.
    open: Vec<String>,
    /// Depth inside an element whose content is not text of the document (properties,
    /// deleted text, field codes, the fallback copy of alternate content); 0 outside.
    skipping: usize,
    /// Depth of `w:t` elements (1 inside text).
    in_text: usize,
}

impl Body {
    fn start(&mut self, ns: Ns, name: &[u8], empty: bool) {
        if self.skipping > 0 {
            if !empty {
                self.skipping += 1;
            }
            return;
        }
        match (ns, name) {
            (Ns::Word, b"p") if !empty => self.open.push(String::new()),
            (Ns::Word, b"t") if !empty => self.in_text += 1,
            (Ns::Word, b"tab" | b"ptab") => self.push('\t'),
            (Ns::Word, b"br" | b"cr") => self.push('\n'),
            (Ns::Word, b"noBreakHyphen") => self.push('-'),
            // Properties (`w:pPr` holds tab stops written as `w:tab`), tracked deletions
            // and moves away, field codes, and the second copy of alternate content.
            (
                Ns::Word,
                b"pPr" | b"rPr" | b"tblPr" | b"trPr" | b"tcPr" | b"sectPr" | b"del" | b"delText"
                | b"moveFrom" | b"instrText",
            )
            | (Ns::Compatibility, b"Fallback")
                if !empty =>
            {
                self.skipping = 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, name: &[u8]) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        match (ns, name) {
            (Ns::Word, b"p") => {
                if let Some(paragraph) = self.open.pop() {
                    self.done.push(paragraph);
                }
            }
            (Ns::Word, b"t") => self.in_text = self.in_text.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.skipping == 0 && self.in_text > 0 {
            self.current().push_str(text);
        }
    }

    fn push(&mut self, c: char) {
        self.current().push(c);
    }

    /// The innermost open paragraph; text outside any (not valid, but harmless) opens one.
    fn current(&mut self) -> &mut String {
        if self.open.is_empty() {
            self.open.push(String::new());
        }
        let last = self.open.len() - 1;
        &mut self.open[last]
    }

    fn finish(mut self) -> Vec<String> {
        self.done.append(&mut self.open);
        self.done
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::budget::{Limits, OverBudget};
    use crate::doctext::{DocKind, extract, extract_within};
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    /// A ZIP of the given entries, deflated as Word does.
    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).expect("entry starts");
            zip.write_all(bytes).expect("entry writes");
        }
        zip.finish().expect("zip finishes").into_inner()
    }

    /// `word/document.xml` with `body` inside `w:body`, the `w` and `mc` prefixes bound.
    fn document_xml(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        )
    }

    /// A minimal DOCX: `[Content_Types].xml` and `word/document.xml` with `body`.
    pub(crate) fn docx_with_body(body: &str) -> Vec<u8> {
        zip_of(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("word/document.xml", document_xml(body).as_bytes()),
        ])
    }

    fn text_of(body: &str) -> String {
        let doc = extract(&docx_with_body(body)).unwrap();
        assert_eq!(doc.kind, DocKind::Docx);
        assert_eq!(doc.pages, None);
        doc.text
    }

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    #[test]
    fn reads_paragraphs_table_cells_tabs_and_breaks_in_order() {
        let body = format!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>NGHỊ QUYẾT</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Nghị quyết số 15/2025/NQ-HĐND về việc </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>quy định mức thu phí</w:t></w:r></w:p>
<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>
<w:tr><w:tc><w:tcPr><w:tcW w:w="1000"/></w:tcPr>{}</w:tc><w:tc>{}</w:tc></w:tr>
<w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>Điều 1.</w:t></w:r><w:r><w:tab/><w:t>Phạm vi</w:t><w:br/><w:t>điều chỉnh</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>   </w:t></w:r></w:p>"#,
            p("STT"),
            p("Mức thu"),
            p("1"),
            p("50.000 đồng/hồ sơ"),
            p("(áp dụng từ 01/01/2026)"),
        );
        assert_eq!(
            text_of(&body),
            "NGHỊ QUYẾT\n\n\
             Nghị quyết số 15/2025/NQ-HĐND về việc quy định mức thu phí\n\n\
             STT\n\nMức thu\n\n1\n\n50.000 đồng/hồ sơ\n\n(áp dụng từ 01/01/2026)\n\n\
             Điều 1.\tPhạm vi\nđiều chỉnh"
        );
    }

    #[test]
    fn decomposed_text_comes_out_nfc() {
        // "Nghị quyết" and "Hội đồng" typed with combining marks (NFD).
        let body = p(
            "Nghi\u{323} quye\u{302}\u{301}t  cu\u{309}a Ho\u{323}\u{302}i \u{111}o\u{302}\u{300}ng",
        );
        let text = text_of(&body);
        assert_eq!(text, "Nghị quyết của Hội đồng");
        assert!(vntext::is_nfc(&text));
    }

    #[test]
    fn reads_entities_and_leaves_out_deleted_text_field_codes_and_fallbacks() {
        let body = r#"<w:p><w:r><w:t>A &amp; B &lt;C&gt; &#7871; &#x1EC7;</w:t></w:r></w:p>
<w:p><w:del w:id="1" w:author="A"><w:r><w:delText>mức cũ</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>mức mới</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Trong hộp</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Trong hộp</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Ngoài hộp</w:t></w:r></w:p>"#;
        assert_eq!(
            text_of(body),
            "A & B <C> ế ệ\n\nmức mới\n\n3\n\nTrong hộp\n\nNgoài hộp"
        );
    }

    #[test]
    fn any_prefix_and_the_strict_namespace_are_read() {
        let xml = r#"<x:document xmlns:x="http://purl.oclc.org/ooxml/wordprocessingml/main"><x:body><x:p><x:r><x:t>Kỳ họp thứ tư</x:t></x:r></x:p><p><t>not Word</t></p></x:body></x:document>"#;
        let docx = zip_of(&[("word/document.xml", xml.as_bytes())]);
        assert_eq!(extract(&docx).unwrap().text, "Kỳ họp thứ tư");
    }

    #[test]
    fn a_document_without_text_has_no_text() {
        let body = r#"<w:p><w:r><w:drawing/></w:r></w:p><w:p/>"#;
        assert_eq!(extract(&docx_with_body(body)), Err(DocTextError::NoText));
    }

    #[test]
    fn a_truncated_docx_is_an_error_wherever_it_is_cut() {
        let docx = docx_with_body(&p("Nghị quyết số 15/2025/NQ-HĐND"));
        assert!(extract(&docx).is_ok());
        for cut in 0..docx.len() {
            let result = extract(&docx[..cut]);
            assert!(
                result.is_err(),
                "cut at {cut} of {}: {result:?}",
                docx.len()
            );
        }
        // Cut after the document's local header: still a DOCX, but damaged.
        assert!(matches!(
            extract(&docx[..docx.len() - 30]),
            Err(DocTextError::Damaged(_))
        ));
    }

    #[test]
    fn malformed_xml_is_damaged() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:t>a</w:p></w:body>"#;
        let docx = zip_of(&[("word/document.xml", xml.as_bytes())]);
        let err = extract(&docx).unwrap_err();
        assert!(
            matches!(&err, DocTextError::Damaged(why) if why.contains("well-formed")),
            "{err:?}"
        );
        let docx = zip_of(&[("word/document.xml", b"\xFF\xFE<\0w\0".as_slice())]);
        assert!(matches!(extract(&docx), Err(DocTextError::Damaged(_))));
    }

    fn budget_of(limits: Limits) -> Budget {
        Budget::new(limits)
    }

    const OVER_INFLATED: DocTextError = DocTextError::OverBudget(OverBudget::InflatedBytes);

    #[test]
    fn an_entry_larger_than_the_limit_is_refused_before_and_while_reading() {
        // Declared too large.
        assert_eq!(
            read_limited(
                &b"<w:document/>"[..],
                51 * 1024 * 1024,
                &mut Budget::default()
            ),
            Err(OVER_INFLATED)
        );
        let small = Limits {
            inflated_bytes: 64,
            ..Limits::default()
        };
        // Declared small, but more comes out (a ZIP lying about its size).
        assert_eq!(
            read_limited(&[b' '; 100][..], 10, &mut budget_of(small)),
            Err(OVER_INFLATED)
        );
        assert_eq!(
            read_limited(&[b' '; 64][..], 64, &mut budget_of(small)).map(|x| x.len()),
            Ok(64)
        );
    }

    #[test]
    fn a_deeply_nested_document_is_refused_before_the_xml_reader_overflows() {
        // 100,000 nested elements: quick-xml's own counters overflow long before the end.
        let depth = 100_000;
        let body = format!(
            "<w:p><w:r><w:t>Nghị quyết</w:t></w:r></w:p>{}{}",
            "<w:customXml>".repeat(depth),
            "</w:customXml>".repeat(depth)
        );
        assert_eq!(
            extract(&docx_with_body(&body)),
            Err(DocTextError::OverBudget(OverBudget::Depth))
        );
        // The same with elements of no namespace, empty-named prefixes and text inside.
        let body = format!("{}x{}", "<a>".repeat(depth), "</a>".repeat(depth));
        assert_eq!(
            extract(&docx_with_body(&body)),
            Err(DocTextError::OverBudget(OverBudget::Depth))
        );
        // Nesting as deep as real documents go is read.
        let body = format!(
            "{}<w:p><w:r><w:t>Sâu</w:t></w:r></w:p>{}",
            "<w:customXml>".repeat(100),
            "</w:customXml>".repeat(100)
        );
        assert_eq!(text_of(&body), "Sâu");
    }

    #[test]
    fn elements_past_the_object_budget_are_refused() {
        let body = p("Một đoạn").repeat(50);
        let docx = docx_with_body(&body);
        let mut budget = budget_of(Limits {
            objects: 100,
            ..Limits::default()
        });
        assert_eq!(
            extract_within(&docx, &mut budget),
            Err(DocTextError::OverBudget(OverBudget::Objects))
        );
        assert!(extract(&docx).is_ok());
    }

    #[test]
    fn a_zip_bomb_is_too_large() {
        // 51 MB of spaces inside one paragraph deflate to about 50 KB.
        let mut xml = document_xml("<w:p><w:r><w:t>@</w:t></w:r></w:p>").into_bytes();
        let at = xml.iter().position(|b| *b == b'@').unwrap();
        xml.splice(at..=at, std::iter::repeat_n(b' ', 51 * 1024 * 1024));
        let docx = zip_of(&[("word/document.xml", &xml)]);
        assert!(docx.len() < 1024 * 1024, "{}", docx.len());
        assert_eq!(extract(&docx), Err(OVER_INFLATED));
    }
}
