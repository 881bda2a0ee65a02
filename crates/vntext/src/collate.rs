//! Collation of people's names the Vietnamese way: given name first, Vietnamese alphabet, tones last.

use std::cmp::Ordering;

use crate::letter::{Modifier, Tone, analyze_lenient};

/// The alphabet with the foreign letters f, j, w, z at their Latin places, so names that
/// use them still sort sensibly.
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

const END_OF_LEVEL: u8 = 0x00;
const END_OF_WORD: u8 = 0x01;
const DIGIT_BASE: u8 = 0x10;
const LETTER_BASE: u8 = 0x20;
/// Prefix of characters outside the Latin alphabet, followed by their code point.
const OTHER: u8 = 0xF0;
const TONE_BASE: u8 = 0x02;
const _: () = assert!(TONE_BASE > END_OF_WORD);

/// Sort key for a person's full name, Vietnamese style: the given name (last word) first,
/// then the rest of the name from the start (family name, middle names); letters in
/// Vietnamese alphabet order (`a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y`);
/// tones (none, huyền, hỏi, ngã, sắc, nặng) only break ties; case-insensitive.
/// Punctuation inside names is ignored. Compare keys bytewise.
///
/// ```
/// let mut names = ["Lê Văn Đức", "Trần Thị Bình", "Nguyễn Văn An"];
/// names.sort_by_key(|n| vntext::name_sort_key(n));
/// assert_eq!(names, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Đức"]);
/// ```
pub fn name_sort_key(full_name: &str) -> Vec<u8> {
    let name = crate::nfc(full_name);
    let words: Vec<Vec<(Primary, Tone)>> = name
        .split_whitespace()
        .map(|w| w.chars().filter_map(element).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    let Some((given, rest)) = words.split_last() else {
        return Vec::new();
    };
    let ordered: Vec<&Vec<(Primary, Tone)>> = std::iter::once(given).chain(rest).collect();
    let mut key = Vec::with_capacity(name.len() * 2 + 4);
    for (i, word) in ordered.iter().enumerate() {
        if i > 0 {
            key.push(END_OF_WORD);
        }
        for (primary, _) in word.iter() {
            primary.write(&mut key);
        }
    }
    key.push(END_OF_LEVEL);
    // Only the marks themselves, per word, so where a mark sits (thủy, thuỷ) does not
    // matter; an unmarked word sorts first because the separator is below every tone.
    for word in &ordered {
        key.extend(
            word.iter()
                .filter(|(_, t)| *t != Tone::Level)
                .map(|(_, t)| tone_weight(*t)),
        );
        key.push(END_OF_WORD);
    }
    key
}

/// Compares two full names by [`name_sort_key`].
///
/// ```
/// use std::cmp::Ordering;
/// assert_eq!(vntext::compare_names("Phạm Thị Em", "Lê Văn Đức"), Ordering::Greater);
/// assert_eq!(vntext::compare_names("nguyễn văn an", "NGUYỄN VĂN AN"), Ordering::Equal);
/// ```
pub fn compare_names(a: &str, b: &str) -> Ordering {
    name_sort_key(a).cmp(&name_sort_key(b))
}

#[derive(Clone, Copy)]
enum Primary {
    Byte(u8),
    Other(char),
}

impl Primary {
    fn write(self, key: &mut Vec<u8>) {
        match self {
            Primary::Byte(b) => key.push(b),
            Primary::Other(c) => {
                let [_, b1, b2, b3] = u32::from(c).to_be_bytes();
                key.extend([OTHER, b1, b2, b3]);
            }
        }
    }
}

fn tone_weight(t: Tone) -> u8 {
    TONE_BASE
        + match t {
            Tone::Level => 0,
            Tone::Grave => 1,
            Tone::Hook => 2,
            Tone::Tilde => 3,
            Tone::Acute => 4,
            Tone::Dot => 5,
        }
}

/// Primary weight and tone of one character; `None` for characters that collation
/// ignores (punctuation, symbols).
fn element(c: char) -> Option<(Primary, Tone)> {
    if c.is_ascii_digit() {
        return Some((Primary::Byte(DIGIT_BASE + (c as u8 - b'0')), Tone::Level));
    }
    if matches!(c, 'ð' | 'Ð') {
        return letter_weight('đ').map(|w| (Primary::Byte(w), Tone::Level));
    }
    if let Some(l) = analyze_lenient(c) {
        let plain = crate::letter::Letter {
            upper: false,
            tone: Tone::Level,
            modifier: if l.modifier.fits(l.base) {
                l.modifier
            } else {
                Modifier::None
            },
            ..l
        };
        if let Some(w) = plain.to_char().and_then(letter_weight) {
            return Some((Primary::Byte(w), l.tone));
        }
    }
    if c.is_alphanumeric() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        return Some((Primary::Other(lower), Tone::Level));
    }
    None
}

fn letter_weight(c: char) -> Option<u8> {
    let index = ALPHABET.chars().position(|a| a == c)?;
    u8::try_from(index).ok().map(|i| LETTER_BASE + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_order_is_vietnamese() {
        let mut words = vec![
            "đa", "da", "ăn", "an", "ân", "ơ", "ô", "o", "ư", "u", "ê", "e", "y",
        ];
        words.sort_by_key(|w| name_sort_key(w));
        assert_eq!(
            words,
            [
                "an", "ăn", "ân", "da", "đa", "e", "ê", "o", "ô", "ơ", "u", "ư", "y"
            ]
        );
    }

    #[test]
    fn tones_break_ties_only() {
        let mut words = vec!["bạ", "bá", "bã", "bả", "bà", "ba", "bac"];
        words.sort_by_key(|w| name_sort_key(w));
        assert_eq!(words, ["ba", "bà", "bả", "bã", "bá", "bạ", "bac"]);
    }

    #[test]
    fn shorter_word_first_and_empty_names() {
        assert_eq!(compare_names("Trần An", "Lê Anh"), Ordering::Less);
        assert_eq!(compare_names("An", "Nguyễn An"), Ordering::Less);
        assert_eq!(name_sort_key("   "), Vec::<u8>::new());
        assert_eq!(compare_names("", "A"), Ordering::Less);
    }
}
