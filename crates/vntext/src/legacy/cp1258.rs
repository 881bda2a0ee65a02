//! Windows-1258: Latin-1 with the Vietnamese base letters and the five tone marks as combining characters.

use crate::letter::{Letter, Tone, analyze};

/// Characters for 0x80..=0xFF; undefined positions map to the C1 control of that number.
#[rustfmt::skip]
const HIGH: [char; 128] = [
    /* 0x80 */ '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', '\u{8A}', '‹', 'Œ', '\u{8D}', '\u{8E}', '\u{8F}',
    /* 0x90 */ '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', '\u{9A}', '›', 'œ', '\u{9D}', '\u{9E}', 'Ÿ',
    /* 0xA0 */ '\u{A0}', '¡', '¢', '£', '¤', '¥', '¦', '§', '¨', '©', 'ª', '«', '¬', '\u{AD}', '®', '¯',
    /* 0xB0 */ '°', '±', '²', '³', '´', 'µ', '¶', '·', '¸', '¹', 'º', '»', '¼', '½', '¾', '¿',
    /* 0xC0 */ 'À', 'Á', 'Â', 'Ă', 'Ä', 'Å', 'Æ', 'Ç', 'È', 'É', 'Ê', 'Ë', '\u{300}', 'Í', 'Î', 'Ï',
    /* 0xD0 */ 'Đ', 'Ñ', '\u{309}', 'Ó', 'Ô', 'Ơ', 'Ö', '×', 'Ø', 'Ù', 'Ú', 'Û', 'Ü', 'Ư', '\u{303}', 'ß',
    /* 0xE0 */ 'à', 'á', 'â', 'ă', 'ä', 'å', 'æ', 'ç', 'è', 'é', 'ê', 'ë', '\u{301}', 'í', 'î', 'ï',
    /* 0xF0 */ 'đ', 'ñ', '\u{323}', 'ó', 'ô', 'ơ', 'ö', '÷', 'ø', 'ù', 'ú', 'û', 'ü', 'ư', '₫', 'ÿ',
];

fn decode_byte(b: u8) -> char {
    match b.checked_sub(0x80) {
        Some(i) => HIGH[usize::from(i)],
        None => char::from(b),
    }
}

fn encode_char(c: char) -> Option<u8> {
    if c.is_ascii() {
        return u8::try_from(u32::from(c)).ok();
    }
    let i = HIGH.iter().position(|x| *x == c)?;
    u8::try_from(i).ok().map(|i| 0x80 + i)
}

pub(super) fn decode(bytes: &[u8]) -> String {
    let text: String = bytes.iter().map(|&b| decode_byte(b)).collect();
    crate::nfc(&text)
}

/// Encodes as Windows' own converter does: a precomposed character where the code page
/// has one, otherwise the toneless letter followed by a combining tone mark.
pub(super) fn encode(s: &str) -> Vec<u8> {
    let s = crate::nfc(s);
    let mut out = Vec::with_capacity(s.len() * 2);
    for c in s.chars() {
        if let Some(b) = encode_char(c) {
            out.push(b);
            continue;
        }
        let split = analyze(c).and_then(|l: Letter| {
            let base = encode_char(l.with_tone(Tone::Level).to_char()?)?;
            let mark = encode_char(l.tone.mark()?)?;
            Some([base, mark])
        });
        match split {
            Some(bytes) => out.extend(bytes),
            None => out.push(b'?'),
        }
    }
    out
}
