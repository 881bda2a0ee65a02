//! Unicode normalisation, accent folding and the canonical matching form.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::{ToneStyle, to_tone_style};

/// Returns `s` in Unicode Normalization Form C, the form Vietnamese text should be stored in.
///
/// ```
/// // "Việt" typed with combining marks (NFD) becomes four precomposed characters.
/// assert_eq!(vntext::nfc("Vie\u{302}\u{323}t"), "Việt");
/// ```
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc(s) {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is already in Normalization Form C.
pub fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
}

/// Whether `c` is a mark in the Combining Diacritical Marks block: the accents of Latin
/// (and so Vietnamese) text, as opposed to vowel signs of other scripts, which must stay.
fn is_latin_accent(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Accent-insensitive form for search: strips tone marks and vowel modifiers (and other
/// Latin accents), maps `đ`/`Đ` to `d`, lowercases, and keeps every other character.
///
/// ```
/// assert_eq!(vntext::fold("Thành Uỷ Hà Nội"), "thanh uy ha noi");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            // Ð/ð (eth) are the usual look-alike substitutes for Đ/đ in legacy text.
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            c if is_latin_accent(c) => {}
            c => out.extend(c.to_lowercase().filter(|l| !is_latin_accent(*l))),
        }
    }
    if unicode_normalization::is_nfc(&out) {
        out
    } else {
        out.nfc().collect()
    }
}

/// The form to compare Vietnamese text by: NFC, lowercase, and tone marks in the new style,
/// so spellings that differ only in case or mark placement compare equal.
///
/// ```
/// assert_eq!(vntext::canonical("Thành ủy"), vntext::canonical("Thành uỷ"));
/// assert_eq!(vntext::canonical("Hòa Bình"), "hoà bình");
/// ```
pub fn canonical(s: &str) -> String {
    let lower = nfc(s).to_lowercase();
    to_tone_style(&lower, ToneStyle::New)
}

/// Splits `s` into alternating runs of word characters (letters, digits and combining
/// marks) and other characters; yields `(is_word, run)`.
pub(crate) fn segments(s: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let is_word = is_word_char(first);
        let end = rest
            .char_indices()
            .find(|(_, c)| is_word_char(*c) != is_word)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((is_word, run))
    })
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}
