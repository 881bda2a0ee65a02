//! The Windows-1252 range 0x80–0x9F, which every Vietnamese legacy font encoding kept for punctuation.

/// Windows-1252 characters for 0x80..=0x9F; undefined positions map to the C1 control
/// with the same number, as web browsers do.
const C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes a byte as Windows-1252 (Latin-1 above 0x9F).
pub(super) fn decode(b: u8) -> char {
    match b {
        0x80..=0x9F => C1[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Encodes a character as Windows-1252, if it has a byte there.
pub(super) fn encode(c: char) -> Option<u8> {
    if let Some(i) = C1.iter().position(|x| *x == c) {
        return u8::try_from(i).ok().map(|i| 0x80 + i);
    }
    match u32::from(c) {
        0x00..=0x7F | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => None,
    }
}
