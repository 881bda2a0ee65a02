//! TCVN3 (TCVN 5712:1993 "ABC"), the single-byte encoding of the .VnTime family of fonts.

use super::cp1252;
use crate::letter::analyze;

/// Byte → character for the Vietnamese letters; every other byte is Windows-1252.
///
/// TCVN3 has no capital letters with tone marks: documents set capitals in a separate
/// font (.VnTimeH) using the lowercase codes, so such text decodes as lowercase.
const TABLE: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// Capitals with tone marks that the full TCVN 5712 (VN1) puts in the holes of the table.
/// Some fonts and converters use them, and a TCVN3 document has nothing else there.
const VN1_CAPITALS: [(u8, char); 16] = [
    (0xAF, 'Ằ'),
    (0xBA, 'Ẳ'),
    (0xBF, 'Ẵ'),
    (0xC0, 'Ắ'),
    (0xC1, 'Ầ'),
    (0xC2, 'Ẩ'),
    (0xC3, 'Ẫ'),
    (0xC4, 'Ấ'),
    (0xC5, 'Ề'),
    (0xCD, 'Ể'),
    (0xD9, 'Ễ'),
    (0xDA, 'Ế'),
    (0xDB, 'Ồ'),
    (0xE0, 'Ổ'),
    (0xF0, 'Ỗ'),
    (0xFF, 'Ố'),
];

fn table_char(b: u8) -> Option<char> {
    TABLE.iter().find(|(k, _)| *k == b).map(|(_, c)| *c)
}

fn decode_byte(b: u8) -> char {
    table_char(b)
        .or_else(|| VN1_CAPITALS.iter().find(|(k, _)| *k == b).map(|(_, c)| *c))
        .unwrap_or_else(|| cp1252::decode(b))
}

fn table_byte(c: char) -> Option<u8> {
    TABLE.iter().find(|(_, v)| *v == c).map(|(b, _)| *b)
}

/// Whether a byte is unlikely in TCVN3 text: a VN1 capital right after a small letter.
pub(super) fn is_unusual(prev: Option<u8>, b: u8) -> bool {
    prev.is_some_and(|p| p.is_ascii_lowercase()) && VN1_CAPITALS.iter().any(|(k, _)| *k == b)
}

pub(super) fn decode(bytes: &[u8]) -> String {
    let text: String = bytes.iter().map(|&b| decode_byte(b)).collect();
    crate::nfc(&text)
}

pub(super) fn encode(s: &str) -> Vec<u8> {
    let s = crate::nfc(s);
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some(b) = table_byte(c) {
            out.push(b);
        } else if let Some(b) = analyze(c)
            .filter(|l| l.upper)
            .and_then(|l| crate::letter::Letter { upper: false, ..l }.to_char())
            .and_then(table_byte)
        {
            // Capitals with tone marks have no code; the lowercase code is what a
            // .VnTimeH-font document holds for them.
            out.push(b);
        } else {
            match cp1252::encode(c) {
                Some(b) if table_char(b).is_none() => out.push(b),
                _ => out.push(b'?'),
            }
        }
    }
    out
}
