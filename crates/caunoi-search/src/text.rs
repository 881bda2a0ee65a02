//! Word splitting and the two forms every word is indexed and searched in: exact (vntext's
//! canonical form) and folded (vntext's accent-free form), computed without per-word allocation.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;

/// Longer "words" are base64 blobs, hashes or runs of digits; nobody searches for them, and
/// tantivy refuses terms above 64 KB anyway.
pub(crate) const MAX_WORD_BYTES: usize = 64;

/// The same definition of a word character as vntext uses, so a word here is a word there.
/// Latin letters (all of Vietnamese) are answered from a table: the standard library's
/// Unicode lookup was a fifth of indexing time.
pub(crate) fn is_word_char(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    let table = &*FOLD;
    if cp < LATIN_END {
        return table.latin_word[cp as usize];
    }
    if (EXT_START..EXT_END).contains(&cp) {
        return table.extended_word[(cp - EXT_START) as usize];
    }
    slow_is_word_char(c)
}

fn slow_is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Byte ranges of the words of `text`, in order.
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator behind [`words`].
pub(crate) struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut i = self.pos;
        // Skip separators; ASCII is checked byte-wise because it is most of any text.
        let start = loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break i;
                }
                i += 1;
            } else {
                let c = char_at(self.text, i);
                if is_word_char(c) {
                    break i;
                }
                i += c.len_utf8();
            }
        };
        while i < len {
            let b = bytes[i];
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = char_at(self.text, i);
                if !is_word_char(c) {
                    break;
                }
                i += c.len_utf8();
            }
        }
        self.pos = i;
        Some((start, i))
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// Folds of single characters, built from `vntext::fold` itself so the two always agree.
/// `'\0'` marks characters whose fold is not one character; words holding one take the
/// slow path.
struct FoldTable {
    latin: Vec<char>,
    extended: Vec<char>,
    latin_word: Vec<bool>,
    extended_word: Vec<bool>,
}

const LATIN_END: u32 = 0x250;
const EXT_START: u32 = 0x1E00;
const EXT_END: u32 = 0x1F00;

static FOLD: LazyLock<FoldTable> = LazyLock::new(|| {
    let one = |cp: u32| -> char {
        let Some(c) = char::from_u32(cp) else {
            return '\0';
        };
        if is_combining_mark(c) {
            return '\0';
        }
        let folded = vntext::fold(c.encode_utf8(&mut [0; 4]));
        let mut chars = folded.chars();
        match (chars.next(), chars.next()) {
            (Some(f), None) => f,
            _ => '\0',
        }
    };
    let word = |cp: u32| char::from_u32(cp).is_some_and(slow_is_word_char);
    FoldTable {
        latin: (0..LATIN_END).map(one).collect(),
        extended: (EXT_START..EXT_END).map(one).collect(),
        latin_word: (0..LATIN_END).map(word).collect(),
        extended_word: (EXT_START..EXT_END).map(word).collect(),
    }
});

/// The fold of one character, if it is one character and in the table.
pub(crate) fn fold_char(c: char) -> Option<char> {
    let cp = c as u32;
    let f = if cp < LATIN_END {
        FOLD.latin[cp as usize]
    } else if (EXT_START..EXT_END).contains(&cp) {
        FOLD.extended[(cp - EXT_START) as usize]
    } else {
        '\0'
    };
    (f != '\0').then_some(f)
}

/// Writes `vntext::fold(word)` into `out` (cleared first); a table lookup per character for
/// Vietnamese and other Latin text, `vntext::fold` for anything else.
pub(crate) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        match fold_char(c) {
            Some(f) => out.push(f),
            None => {
                out.clear();
                out.push_str(&vntext::fold(word));
                return;
            }
        }
    }
}

/// The folded form of one word, allocated.
pub(crate) fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// FxHash: the words hashed here are short and not attacker-chosen in bulk (the cache is
/// bounded), so a fast non-cryptographic hash is the right trade.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0 ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0 ^ u64::from(i)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Caches `vntext::canonical` per written word: placing tone marks needs a syllable parse,
/// and Vietnamese text reuses a few thousand syllables, so nearly every lookup hits.
#[derive(Clone, Default)]
pub(crate) struct CanonicalCache {
    map: FxMap<Box<str>, Box<str>>,
}

/// Enough for every Vietnamese syllable in all its casings; beyond that (foreign text,
/// typos) the cache starts over rather than growing without bound.
const CANONICAL_CACHE_MAX: usize = 50_000;

impl CanonicalCache {
    /// Writes `vntext::canonical(word)` into `out` (cleared first).
    pub(crate) fn canonical_into(&mut self, word: &str, out: &mut String) {
        out.clear();
        if word.is_ascii() {
            // No marks to place: canonical is just lowercase.
            out.push_str(word);
            out.make_ascii_lowercase();
            return;
        }
        if let Some(c) = self.map.get(word) {
            out.push_str(c);
            return;
        }
        let c = vntext::canonical(word);
        out.push_str(&c);
        if self.map.len() >= CANONICAL_CACHE_MAX {
            self.map.clear();
        }
        self.map.insert(word.into(), c.into_boxed_str());
    }
}

/// Characters that are NFC whatever surrounds them (quick-check "yes", combining class 0):
/// Latin letters with their precomposed Vietnamese forms, and common punctuation. The
/// byte-level [`latin_only`] is tested against this.
#[cfg(test)]
fn always_nfc(c: char) -> bool {
    let cp = c as u32;
    cp < 0x300 || (EXT_START..EXT_END).contains(&cp) || (0x2010..0x2070).contains(&cp)
}

/// Whether `s` is in NFC; Vietnamese text is answered without the Unicode tables, which cost
/// more than the rest of preparing a document for indexing.
pub(crate) fn is_nfc(s: &str) -> bool {
    latin_only(s.as_bytes()) || vntext::is_nfc(s)
}

/// Whether every character of the UTF-8 `bytes` is [`always_nfc`], read from lead bytes
/// alone: U+0000–U+02FF are one or two bytes up to lead 0xCB, U+1E00–U+1EFF are E1 B8–BB,
/// U+2010–U+206F are E2 80 90–E2 81 AF.
fn latin_only(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let three_byte = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (0xE1, Some(0xB8..=0xBB), _) => true,
            (0xE2, Some(0x80), Some(&c)) => c >= 0x90,
            (0xE2, Some(0x81), Some(&c)) => c <= 0xAF,
            _ => false,
        };
        i += match b {
            0..0x80 => 1,
            0x80..0xCC => 2,
            _ if three_byte => 3,
            _ => return false,
        };
    }
    true
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(s: &str) -> Vec<&str> {
        words(s).map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn splits_on_anything_but_letters_and_digits() {
        assert_eq!(
            split("  Thành uỷ, HĐND-TP (2024): \"đất đai\"…"),
            ["Thành", "uỷ", "HĐND", "TP", "2024", "đất", "đai"]
        );
        assert!(split(" ,.;—").is_empty());
    }

    #[test]
    fn word_char_table_agrees_with_unicode() {
        for c in (0..0x2000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), slow_is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn always_nfc_characters_pass_the_unicode_quick_check() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        for c in (0..0x3000)
            .filter_map(char::from_u32)
            .filter(|&c| always_nfc(c))
        {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
        assert!(is_nfc("Thành uỷ “Hà Nội” – 2025"));
        for c in (0..0x3000).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(latin_only(s.as_bytes()), always_nfc(c), "{c:?}");
        }
        assert!(!is_nfc("Vie\u{302}\u{323}t"));
    }

    #[test]
    fn folds_and_canonicalises_like_vntext() {
        let mut out = String::new();
        fold_into("Đường", &mut out);
        assert_eq!(out, "duong");
        let mut cache = CanonicalCache::default();
        cache.canonical_into("THỦY", &mut out);
        assert_eq!(out, "thuỷ");
        // A second call takes the cached path and must agree.
        cache.canonical_into("THỦY", &mut out);
        assert_eq!(out, "thuỷ");
    }

    proptest! {
        #[test]
        fn fast_fold_equals_vntext_fold(s in "\\PC{0,24}") {
            for (a, b) in words(&s) {
                let w = &s[a..b];
                prop_assert_eq!(fold_word(w), vntext::fold(w));
            }
        }

        #[test]
        fn fast_fold_equals_vntext_fold_on_vietnamese(
            s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐÀÁẢÃẠÔỒỐỔỖỘƯỨỪ]{1,12}"
        ) {
            prop_assert_eq!(fold_word(&s), vntext::fold(&s));
            let mut cache = CanonicalCache::default();
            let mut out = String::new();
            cache.canonical_into(&s, &mut out);
            prop_assert_eq!(out, vntext::canonical(&s));
        }
    }
}
