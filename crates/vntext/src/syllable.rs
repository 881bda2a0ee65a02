//! Parsing a written Vietnamese syllable into initial, vowel nucleus and final, and deciding where its tone mark goes.

use crate::letter::{Letter, Tone, analyze};

/// Tone-mark placement convention for open syllables with the clusters `oa`, `oe`, `uy`.
///
/// * `Old`: the traditional placement on the first vowel (`hòa`, `khỏe`, `thủy`).
/// * `New`: the placement of Decision 1989/QĐ-BGDĐT and most modern text, on the second
///   vowel (`hoà`, `khoẻ`, `thuỷ`).
///
/// Every other syllable is written the same way in both styles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ToneStyle {
    /// Mark on the first vowel of open `oa`, `oe`, `uy`: `hòa`, `khỏe`, `thủy`.
    Old,
    /// Mark on the second vowel of open `oa`, `oe`, `uy`: `hoà`, `khoẻ`, `thuỷ`.
    #[default]
    New,
}

/// Initial consonants other than the special `gi`/`qu` and `đ` (which the table keys as `đ`).
const INITIALS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
    "ph", "r", "s", "t", "th", "tr", "v", "x",
];

const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Coda {
    /// Only without a final consonant (`ia`, `ua`, `ai`, ...).
    Open,
    /// Only before a final consonant (`ă`, `iê`, `uô`, ...).
    Closed,
    Either,
}

/// Vowel clusters of the written language (with the `u` of `qu` and the `i` of `gi`
/// already taken by the initial) and whether they take a final consonant.
const CLUSTERS: &[(&str, Coda)] = &[
    ("a", Coda::Either),
    ("ă", Coda::Closed),
    ("â", Coda::Closed),
    ("e", Coda::Either),
    ("ê", Coda::Either),
    ("i", Coda::Either),
    ("o", Coda::Either),
    ("ô", Coda::Either),
    ("ơ", Coda::Either),
    ("u", Coda::Either),
    ("ư", Coda::Either),
    ("y", Coda::Either),
    ("ai", Coda::Open),
    ("ao", Coda::Open),
    ("au", Coda::Open),
    ("ay", Coda::Open),
    ("âu", Coda::Open),
    ("ây", Coda::Open),
    ("eo", Coda::Open),
    ("êu", Coda::Open),
    ("ia", Coda::Open),
    ("iu", Coda::Open),
    ("iê", Coda::Closed),
    ("oa", Coda::Either),
    ("oă", Coda::Closed),
    ("oe", Coda::Either),
    ("oi", Coda::Open),
    ("oo", Coda::Closed),
    ("ôi", Coda::Open),
    ("ơi", Coda::Open),
    ("ua", Coda::Open),
    ("uâ", Coda::Closed),
    ("uê", Coda::Either),
    ("ui", Coda::Open),
    ("uô", Coda::Closed),
    ("uơ", Coda::Open),
    ("uy", Coda::Either),
    ("ưa", Coda::Open),
    ("ưi", Coda::Open),
    ("ươ", Coda::Closed),
    ("ưu", Coda::Open),
    ("yê", Coda::Closed),
    ("iêu", Coda::Open),
    ("oai", Coda::Open),
    ("oao", Coda::Open),
    ("oay", Coda::Open),
    ("oeo", Coda::Open),
    ("uây", Coda::Open),
    ("uôi", Coda::Open),
    ("uya", Coda::Open),
    ("uyê", Coda::Closed),
    ("uyu", Coda::Open),
    ("ươi", Coda::Open),
    ("ươu", Coda::Open),
    ("yêu", Coda::Open),
];

/// A parsed syllable; indices are positions in the letter slice it was parsed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Syllable {
    pub nucleus_start: usize,
    pub nucleus_end: usize,
    pub has_final: bool,
    pub tone: Tone,
    /// Where the tone mark currently is (`None` for the level tone).
    pub tone_at: Option<usize>,
}

fn is_vowel_key(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn keys_eq(keys: &[char], s: &str) -> bool {
    keys.iter().copied().eq(s.chars())
}

/// Parses a word given as letters; `None` unless it is one well-formed syllable with at
/// most one tone mark, and that mark on a vowel.
pub(crate) fn parse(letters: &[Letter]) -> Option<Syllable> {
    let keys: Vec<char> = letters.iter().map(Letter::key).collect::<Option<_>>()?;
    if keys.is_empty() {
        return None;
    }
    let mut tone_at = None;
    for (i, l) in letters.iter().enumerate() {
        if l.tone != Tone::Level {
            if tone_at.is_some() {
                return None;
            }
            tone_at = Some(i);
        }
    }
    let lead = keys.iter().take_while(|c| !is_vowel_key(**c)).count();
    let next_is_vowel = keys.get(2).is_some_and(|c| is_vowel_key(*c));
    let initial_len = match &keys[..lead] {
        // `gi` and `qu` are consonants only when another vowel follows: `gì` is g + ì,
        // `giờ` is gi + ờ, and `qu` never stands alone.
        ['g'] if keys.get(1) == Some(&'i') && next_is_vowel => 2,
        ['q'] if keys.get(1) == Some(&'u') && next_is_vowel => 2,
        ['q'] => return None,
        initial if INITIALS.iter().any(|i| keys_eq(initial, i)) => lead,
        _ => return None,
    };
    let nucleus_start = initial_len;
    let nucleus_len = keys[nucleus_start..]
        .iter()
        .take_while(|c| is_vowel_key(**c))
        .count();
    if nucleus_len == 0 {
        return None;
    }
    let nucleus_end = nucleus_start + nucleus_len;
    let final_keys = &keys[nucleus_end..];
    if !FINALS.iter().any(|f| keys_eq(final_keys, f)) {
        return None;
    }
    if let Some(at) = tone_at
        && !is_vowel_key(keys[at])
    {
        return None;
    }
    if tone_at.is_some_and(|at| at >= nucleus_end) {
        return None;
    }
    let has_final = !final_keys.is_empty();
    let nucleus = &keys[nucleus_start..nucleus_end];
    let coda_ok = CLUSTERS.iter().any(|(cluster, coda)| {
        keys_eq(nucleus, cluster)
            && match coda {
                Coda::Open => !has_final,
                Coda::Closed => has_final,
                Coda::Either => true,
            }
    });
    if !coda_ok {
        return None;
    }
    let tone = tone_at.map_or(Tone::Level, |at| letters[at].tone);
    Some(Syllable {
        nucleus_start,
        nucleus_end,
        has_final,
        tone,
        tone_at,
    })
}

/// Parses a string as a single syllable.
pub(crate) fn parse_str(word: &str) -> Option<(Vec<Letter>, Syllable)> {
    let letters: Vec<Letter> = word.chars().map(analyze).collect::<Option<_>>()?;
    let syllable = parse(&letters)?;
    Some((letters, syllable))
}

/// Index of the letter that carries the tone mark in `style`.
pub(crate) fn tone_position(letters: &[Letter], syl: &Syllable, style: ToneStyle) -> usize {
    let start = syl.nucleus_start;
    let end = syl.nucleus_end;
    let nucleus = &letters[start..end];
    // A modified vowel always takes the mark; in ươ it is the second one (người, được).
    if let Some(i) = nucleus
        .iter()
        .rposition(|l| l.modifier != crate::letter::Modifier::None)
    {
        return start + i;
    }
    if syl.has_final {
        return end - 1;
    }
    match nucleus.len() {
        2 => {
            let second = nucleus[1].base;
            let pair = (nucleus[0].base, second);
            let disputed = matches!(pair, (b'o', b'a') | (b'o', b'e') | (b'u', b'y'));
            if disputed && style == ToneStyle::New {
                start + 1
            } else {
                start
            }
        }
        1 => start,
        _ => start + 1,
    }
}

/// Whether `word` is one well-formed Vietnamese syllable (any case, at most one tone).
pub fn is_syllable(word: &str) -> bool {
    parse_str(&crate::nfc(word)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_syllables() {
        for w in [
            "a", "ăn", "gì", "gìn", "giờ", "giữa", "giếng", "quý", "quốc", "quyền", "người",
            "khuỷu", "khuya", "nghiêng", "thuở", "hoàng", "Đà", "ĐỨC", "xoong", "oái", "uống",
            "yêu", "ướt", "huỳnh", "chuyện", "tuổi", "rượu",
        ] {
            assert!(is_syllable(w), "{w}");
        }
    }

    #[test]
    fn rejects_non_syllables() {
        for w in [
            "", "café", "hello", "wifi", "ngoàiz", "q", "qủ", "ab", "hàá", "ăa", "ă", "iê", "x2",
            "ń", "banana",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
