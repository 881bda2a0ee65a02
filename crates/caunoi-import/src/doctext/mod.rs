//! Reads the text of a council resolution (nghị quyết) attached as a PDF or a Word (.docx)
//! file, for search and for an HTML reading view. Pure functions over the file's bytes: the
//! caller reads the upload and stores the result.
//!
//! The kind of file is recognised from its bytes, never from its name. The text comes out
//! NFC-normalised, with paragraphs separated by a blank line, line breaks inside a paragraph
//! kept as `\n`, tabs kept as `\t` and other runs of white space collapsed to one space.
//!
//! ```
//! use caunoi_import::doctext::{self, DocTextError};
//! assert_eq!(doctext::sniff(b"GIF89a"), None);
//! assert_eq!(doctext::extract(b"Nghi quyet"), Err(DocTextError::NotPdfOrDocx));
//! ```

mod docx;
mod pdf;
mod tidy;

use crate::budget::{Budget, OverBudget};

/// What kind of document a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// A PDF file (starts with `%PDF-`).
    Pdf,
    /// A Word document in the Office Open XML format: a ZIP holding `word/document.xml`.
    Docx,
}

/// The text of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocText {
    /// The kind of file the text comes from.
    pub kind: DocKind,
    /// The text: NFC, paragraphs separated by a blank line (`\n\n`), line breaks inside a
    /// paragraph as `\n`, tabs as `\t`, no other runs of white space, never empty.
    pub text: String,
    /// Number of pages of a PDF; `None` for a DOCX, whose pages depend on how it is printed.
    pub pages: Option<usize>,
}

/// Why the text of a file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocTextError {
    /// The bytes are neither a PDF nor a DOCX (for instance an image, plain text, an old
    /// binary Word `.doc` or a ZIP without `word/document.xml`).
    #[error(
        "the file is neither a PDF nor a Word .docx document (an old .doc file must first be saved as .docx or PDF)"
    )]
    NotPdfOrDocx,
    /// The file is a PDF or a DOCX but its structure cannot be read, for instance because
    /// it was cut short while uploading. The text says what is wrong.
    #[error("the file is damaged and its text cannot be read: {0}")]
    Damaged(String),
    /// The file is protected by a password that is needed to open it.
    #[error(
        "the file is protected by a password; save a copy without the password and upload that"
    )]
    Encrypted,
    /// Reading the file would cost more than its [`Budget`] allows (a compression bomb, a
    /// page tree drawing one stream thousands of times, XML nested thousands deep…).
    #[error(
        "the file is too complex to read: {}; save it again as a simpler PDF (print to PDF) or as DOCX",
        .0.what_en()
    )]
    OverBudget(OverBudget),
    /// The file holds no text that can be extracted: a scanned PDF (pictures of pages), or
    /// an empty document.
    #[error(
        "the file contains no text that can be extracted; it is probably a scan, so paste its text instead"
    )]
    NoText,
}

impl DocTextError {
    /// The message for Vietnamese readers (the office staff who upload resolutions).
    pub fn message_vi(&self) -> String {
        match self {
            DocTextError::NotPdfOrDocx => {
                "Tệp không phải PDF hay Word .docx (tệp .doc cũ cần lưu lại thành .docx hoặc PDF trước)."
                    .to_owned()
            }
            DocTextError::Damaged(why) => {
                format!("Tệp bị hỏng, không đọc được nội dung ({why}).")
            }
            DocTextError::Encrypted => {
                "Tệp được bảo vệ bằng mật khẩu; hãy lưu một bản không có mật khẩu rồi tải lên."
                    .to_owned()
            }
            DocTextError::OverBudget(why) => format!(
                "Tệp quá phức tạp để đọc: {}. Hãy lưu lại thành một bản PDF đơn giản hơn (chọn “In ra PDF”) hoặc tệp DOCX rồi tải lên.",
                why.what_vi()
            ),
            DocTextError::NoText => {
                "Tệp không có chữ để trích xuất (có thể là bản scan); hãy dán nội dung văn bản vào."
                    .to_owned()
            }
        }
    }
}

/// Recognises the kind of a document from its bytes, never from the file name: a PDF
/// starts with `%PDF-` (after at most 1 KiB of junk, as PDF readers allow), a DOCX is a ZIP
/// that holds `word/document.xml`. A DOCX cut short is still recognised when the entry's
/// local header is there, so that [`extract`] can call it damaged.
///
/// ```
/// use caunoi_import::doctext::{DocKind, sniff};
/// assert_eq!(sniff(b"%PDF-1.7\n"), Some(DocKind::Pdf));
/// assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), None);
/// ```
pub fn sniff(bytes: &[u8]) -> Option<DocKind> {
    if docx::is_zip(bytes) {
        // A ZIP is never a PDF, even when an entry stored uncompressed holds `%PDF-`.
        docx::is_docx(bytes).then_some(DocKind::Docx)
    } else if pdf::header_offset(bytes).is_some() {
        Some(DocKind::Pdf)
    } else {
        None
    }
}

/// Extracts the plain text of a PDF or DOCX file (see [`DocText::text`] for its shape).
///
/// A DOCX gives the text of its body: paragraphs, table cells (each cell's paragraphs in
/// order), text boxes, with `w:tab` as a tab and `w:br` as a line break; deleted text of
/// tracked changes, field codes, headers, footers and footnotes are left out. A PDF gives
/// the text of its pages as laid out: text on one baseline is put in order along it
/// (whatever order it was drawn in), a wide gap on a line (table columns) becomes a tab, a
/// wider gap between lines, a list marker (`-`, `a)`, `1.`, `Điều 5.`) or a new page starts
/// a paragraph, and wrapped lines are joined with a space. Glyphs are read through the
/// fonts' `ToUnicode` maps when they have one; text inside form XObjects is not read.
///
/// Takes at most the time and memory of a default [`Budget`] (give it its own blocking thread in
/// async code, from a bounded pool).
///
/// Never panics, whatever the bytes: a panic inside the PDF library is caught and reported
/// as [`DocTextError::Damaged`] (this needs the default `panic = "unwind"`).
///
/// # Errors
/// [`DocTextError::NotPdfOrDocx`] when [`sniff`] does not recognise the bytes (or they are
/// an old binary `.doc`); [`DocTextError::Damaged`] for a file whose structure cannot be
/// read; [`DocTextError::Encrypted`] for a password-protected file (a PDF that opens
/// without a password but restricts printing or copying is read);
/// [`DocTextError::OverBudget`] when reading it would cost more than a default [`Budget`];
/// [`DocTextError::NoText`] when there is no text, as in a scan.
pub fn extract(bytes: &[u8]) -> Result<DocText, DocTextError> {
    extract_within(bytes, &mut Budget::default())
}

/// [`extract`] drawing on `budget`: every byte inflated or walked, every object, page and
/// level of nesting is charged to it, and the reading stops with
/// [`DocTextError::OverBudget`] at the first bound passed.
///
/// # Errors
/// As [`extract`].
pub fn extract_within(bytes: &[u8], budget: &mut Budget) -> Result<DocText, DocTextError> {
    let (kind, paragraphs, pages) = match sniff(bytes) {
        Some(DocKind::Pdf) => {
            let start = pdf::header_offset(bytes).unwrap_or(0);
            let read = pdf::read(&bytes[start..], budget)?;
            (DocKind::Pdf, read.paragraphs, Some(read.pages))
        }
        Some(DocKind::Docx) => (DocKind::Docx, docx::read(bytes, budget)?, None),
        None if docx::is_encrypted_office_file(bytes) => return Err(DocTextError::Encrypted),
        None => return Err(DocTextError::NotPdfOrDocx),
    };
    let text = tidy::join_paragraphs(paragraphs);
    if !text.chars().any(char::is_alphanumeric) {
        return Err(DocTextError::NoText);
    }
    Ok(DocText { kind, text, pages })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sniffs_both_kinds_from_the_bytes() {
        let docx = docx::tests::docx_with_body("<w:p><w:r><w:t>Xin chào</w:t></w:r></w:p>");
        assert_eq!(sniff(&docx), Some(DocKind::Docx));
        assert_eq!(
            sniff(&pdf::tests::simple_pdf(&["Xin chao"])),
            Some(DocKind::Pdf)
        );
        assert_eq!(sniff(b"%PDF-1.4\n"), Some(DocKind::Pdf));
        assert_eq!(
            sniff(b"junk from a mail gateway\r\n%PDF-1.4\n"),
            Some(DocKind::Pdf)
        );
    }

    #[test]
    fn refuses_what_is_neither_pdf_nor_docx() {
        let png =
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        let text = "Nghị quyết số 15/2025/NQ-HĐND".as_bytes();
        let odt = docx::tests::zip_of(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.text".as_slice(),
            ),
            ("content.xml", b"<office:document-content/>".as_slice()),
        ]);
        let zip_naming_pdf = docx::tests::zip_of(&[("%PDF-1.4.txt", b"x".as_slice())]);
        let old_doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0";
        for bytes in [
            png.as_slice(),
            text,
            &odt,
            old_doc,
            &zip_naming_pdf,
            b"",
            b"%PDF",
            b"PK\x03\x04",
        ] {
            assert_eq!(sniff(bytes), None, "{bytes:?}");
            assert_eq!(extract(bytes), Err(DocTextError::NotPdfOrDocx), "{bytes:?}");
        }
        // The file name would say .docx; the bytes decide.
        let word_elsewhere = docx::tests::zip_of(&[(
            "document.xml",
            br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#
                .as_slice(),
        )]);
        assert_eq!(sniff(&word_elsewhere), None);
    }

    #[test]
    fn a_password_protected_word_file_is_encrypted_not_unknown() {
        // Word stores a password-protected .docx as an OLE compound file holding an
        // "EncryptedPackage" stream (its name in UTF-16LE in the directory).
        let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        bytes.resize(512, 0);
        bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(extract(&bytes), Err(DocTextError::Encrypted));
    }

    #[test]
    fn every_error_says_what_is_wrong_in_both_languages() {
        let errors = [
            DocTextError::NotPdfOrDocx,
            DocTextError::Damaged("the ZIP directory is missing".to_owned()),
            DocTextError::Encrypted,
            DocTextError::OverBudget(OverBudget::Pages),
            DocTextError::NoText,
        ];
        for err in errors {
            let en = err.to_string();
            let vi = err.message_vi();
            assert!(en.len() > 30 && vi.len() > 30, "{en} / {vi}");
        }
        let over = DocTextError::OverBudget(OverBudget::Depth);
        assert!(over.to_string().contains("nested too deeply"), "{over}");
        assert!(over.message_vi().starts_with("Tệp quá phức tạp để đọc"));
        assert!(DocTextError::NoText.to_string().contains("scan"));
        assert!(
            DocTextError::Damaged("the ZIP directory is missing".to_owned())
                .message_vi()
                .contains("ZIP directory")
        );
    }

    // 256 cases each by default; PROPTEST_CASES=100000 for a longer hunt.
    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            check_invariants(&bytes);
        }

        #[test]
        fn arbitrary_bytes_after_a_pdf_header_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..2048)
        ) {
            let mut file = b"%PDF-1.4\n".to_vec();
            file.extend(bytes);
            prop_assert_eq!(sniff(&file), Some(DocKind::Pdf));
            check_invariants(&file);
        }

        #[test]
        fn arbitrary_bytes_after_a_zip_header_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..2048)
        ) {
            let mut file = b"PK\x03\x04".to_vec();
            file.extend(bytes);
            check_invariants(&file);
        }

        #[test]
        fn pdf_like_tokens_never_panic(
            tokens in proptest::collection::vec(prop::sample::select(PDF_TOKENS), 0..200)
        ) {
            let mut file = b"%PDF-1.4\n".to_vec();
            for token in tokens {
                file.extend_from_slice(token.as_bytes());
                file.push(b' ');
            }
            check_invariants(&file);
        }

        #[test]
        fn a_valid_file_cut_anywhere_never_panics(cut in 0usize..10_000, which in 0usize..2) {
            let file = if which == 0 {
                pdf::tests::simple_pdf(&["Nghi quyet so 15", "Dieu 1. Pham vi"])
            } else {
                docx::tests::docx_with_body(
                    "<w:p><w:r><w:t>Nghị quyết</w:t></w:r></w:p><w:p><w:r><w:t>Điều 1.</w:t></w:r></w:p>",
                )
            };
            let cut = cut % (file.len() + 1);
            check_invariants(&file[..cut]);
        }
    }

    proptest! {
        #[test]
        fn a_valid_file_with_bytes_changed_never_panics(
            which in 0usize..3,
            changes in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        ) {
            let mut file = match which {
                0 => pdf::tests::simple_pdf(&["Nghi quyet so 15", "Dieu 1. Pham vi"]),
                1 => pdf::tests::vietnamese_pdf(&["Nghị quyết số 15", "Điều 1. Phạm vi"]),
                _ => docx::tests::docx_with_body(
                    "<w:p><w:r><w:t>Nghị quyết</w:t><w:tab/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Điều 1.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
                ),
            };
            for (at, byte) in changes {
                let at = at % file.len();
                file[at] = byte;
            }
            check_invariants(&file);
        }
    }

    /// Pieces of PDF syntax, to reach deeper into the PDF reader than random bytes do.
    const PDF_TOKENS: &[&str] = &[
        "1 0 obj",
        "2 0 obj",
        "3 0 obj",
        "endobj",
        "<<",
        ">>",
        "[",
        "]",
        "/Type",
        "/Catalog",
        "/Pages",
        "/Page",
        "/Kids",
        "/Count",
        "/Contents",
        "/Resources",
        "/Font",
        "/F1",
        "/ToUnicode",
        "/Encoding",
        "/Identity-H",
        "/Type0",
        "/DescendantFonts",
        "/W",
        "/Widths",
        "/Length",
        "stream\n",
        "\nendstream",
        "1 0 R",
        "2 0 R",
        "3 0 R",
        "/Root",
        "trailer",
        "xref\n0 4\n0000000000 65535 f \n",
        "startxref",
        "%%EOF",
        "BT",
        "ET",
        "Tf",
        "Tj",
        "TJ",
        "Td",
        "TD",
        "Tm",
        "T*",
        "cm",
        "q",
        "Q",
        "(Hello)",
        "<0041>",
        "12",
        "-3.5",
        "0",
        "beginbfchar",
        "endbfchar",
        "beginbfrange",
        "endbfrange",
        "/Filter",
        "/FlateDecode",
        "/Encrypt",
        "/Size",
        "99999999999",
        "-2147483649",
    ];

    fn check_invariants(bytes: &[u8]) {
        if let Ok(doc) = extract(bytes) {
            assert!(vntext::is_nfc(&doc.text));
            assert!(!doc.text.is_empty());
            assert!(!doc.text.contains("\n\n\n"));
            assert!(!doc.text.contains("  "));
            assert_eq!(doc.text.trim(), doc.text);
        }
    }
}
