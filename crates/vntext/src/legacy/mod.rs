//! Legacy Vietnamese encodings (TCVN3, VNI-Windows, Windows-1258, VIQR): decoding, encoding and detection.

mod cp1252;
mod cp1258;
mod tcvn3;
mod viqr;
mod vni;

use crate::normalize::segments;
use crate::syllable::parse_str;

/// Encodings Vietnamese text was stored in before Unicode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LegacyEncoding {
    /// TCVN 5712:1993 VN3 ("ABC"), the `.VnTime` fonts: one byte per letter, lowercase
    /// codes only for letters with tone marks.
    Tcvn3,
    /// VNI-Windows, the `VNI-Times` fonts: base letter plus a byte for the marks.
    VniWindows,
    /// Windows-1258: base letters plus combining tone marks.
    Cp1258,
    /// VIQR (RFC 1456): ASCII with the marks as `( ^ + ' ` ? ~ .` and `dd` for đ.
    Viqr,
}

impl LegacyEncoding {
    /// All encodings.
    pub const ALL: [LegacyEncoding; 4] = [
        LegacyEncoding::Cp1258,
        LegacyEncoding::VniWindows,
        LegacyEncoding::Tcvn3,
        LegacyEncoding::Viqr,
    ];
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes bytes in a legacy encoding into NFC Unicode. Never fails: bytes outside the
/// encoding's letters are read as Windows-1252.
///
/// ```
/// use vntext::{LegacyEncoding, decode_legacy};
/// assert_eq!(decode_legacy(b"H\xB5 N\xE9i", LegacyEncoding::Tcvn3), "Hà Nội");
/// assert_eq!(decode_legacy(b"Ha` No^.i", LegacyEncoding::Viqr), "Hà Nội");
/// ```
pub fn decode_legacy(bytes: &[u8], enc: LegacyEncoding) -> String {
    match enc {
        LegacyEncoding::Tcvn3 => tcvn3::decode(bytes),
        LegacyEncoding::VniWindows => vni::decode(bytes),
        LegacyEncoding::Cp1258 => cp1258::decode(bytes),
        LegacyEncoding::Viqr => viqr::decode(bytes),
    }
}

/// Encodes text into a legacy encoding, for tests and for exporting to old systems.
/// Characters the encoding cannot hold become `?`; TCVN3 writes capitals with tone marks
/// as their lowercase codes (the convention of its capital-letter fonts); VIQR passes
/// characters it cannot spell through as UTF-8 and escapes punctuation after letters.
///
/// ```
/// use vntext::{LegacyEncoding, decode_legacy, encode_legacy};
/// let bytes = encode_legacy("Việt Nam", LegacyEncoding::VniWindows);
/// assert_eq!(bytes, b"Vie\xE4t Nam");
/// assert_eq!(decode_legacy(&bytes, LegacyEncoding::VniWindows), "Việt Nam");
/// ```
pub fn encode_legacy(s: &str, enc: LegacyEncoding) -> Vec<u8> {
    match enc {
        LegacyEncoding::Tcvn3 => tcvn3::encode(s),
        LegacyEncoding::VniWindows => vni::encode(s),
        LegacyEncoding::Cp1258 => cp1258::encode(s),
        LegacyEncoding::Viqr => viqr::encode(s),
    }
}

/// Guesses the legacy encoding of `bytes`.
///
/// Returns `None` for UTF-8 text with non-ASCII letters (it needs no conversion) and when
/// no encoding decodes the text into mostly well-formed Vietnamese syllables. UTF-8 whose
/// letters are all ASCII is VIQR only when enough words carry VIQR marks. The guess is by scoring each
/// decoding, so short or mostly non-Vietnamese inputs may be undecidable: it takes two
/// words with marks, or one that only a single encoding can read.
///
/// ```
/// use vntext::{LegacyEncoding, detect_legacy, encode_legacy};
/// let text = "Hội đồng nhân dân thành phố Hà Nội";
/// for enc in LegacyEncoding::ALL {
///     assert_eq!(detect_legacy(&encode_legacy(text, enc)), Some(enc));
/// }
/// assert_eq!(detect_legacy(text.as_bytes()), None);
/// ```
pub fn detect_legacy(bytes: &[u8]) -> Option<LegacyEncoding> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        let viqr = may_be_viqr(text) && viqr::decode_str(text).1.is_viqr();
        return viqr.then_some(LegacyEncoding::Viqr);
    }
    let mut scored: Vec<(Score, LegacyEncoding)> = [
        LegacyEncoding::Cp1258,
        LegacyEncoding::VniWindows,
        LegacyEncoding::Tcvn3,
    ]
    .into_iter()
    .map(|enc| {
        let unusual = body
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                let prev = i.checked_sub(1).and_then(|p| body.get(p)).copied();
                is_unusual(enc, prev, **b)
            })
            .count();
        (score(&decode_legacy(body, enc), unusual), enc)
    })
    .collect();
    scored.sort_by(|(a, _), (b, _)| b.cmp_strength(a));
    let (best, enc) = scored.first().copied()?;
    let others = scored.get(1..).unwrap_or_default();
    // Two encodings reading the bytes equally well (short inputs such as "o\xE0", which is
    // VNI "ồ" and Windows-1258 "oà") leave nothing to decide by.
    let tied = others
        .iter()
        .any(|(other, _)| other.cmp_strength(&best) == std::cmp::Ordering::Equal);
    // One word decides only when it is flawless and no other reading finds any.
    let enough = best.good >= 2
        || (best.good == 1 && best.bad == 0 && others.iter().all(|(o, _)| o.good == 0));
    (best.ratio() >= 0.6 && enough && !tied).then_some(enc)
}

/// Decodes bytes of unknown encoding: UTF-8 (with or without BOM) as is, else the
/// detected legacy encoding, else UTF-8 with invalid sequences replaced by U+FFFD. Text
/// that [`detect_legacy`] takes for VIQR is decoded as VIQR. The result is NFC.
///
/// ```
/// use vntext::{LegacyEncoding, decode_any, encode_legacy};
/// let text = "Cộng hoà xã hội chủ nghĩa Việt Nam";
/// assert_eq!(decode_any(text.as_bytes()), text);
/// assert_eq!(decode_any(&encode_legacy(text, LegacyEncoding::VniWindows)), text);
/// ```
pub fn decode_any(bytes: &[u8]) -> String {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) if may_be_viqr(text) => {
            let (decoded, stats) = viqr::decode_str(text);
            if stats.is_viqr() {
                decoded
            } else {
                crate::nfc(text)
            }
        }
        Ok(text) => crate::nfc(text),
        Err(_) => match detect_legacy(body) {
            Some(enc) => decode_legacy(body, enc),
            None => crate::nfc(&String::from_utf8_lossy(body)),
        },
    }
}

/// VIQR letters are ASCII, but VIQR files may still hold UTF-8 punctuation such as “”.
fn may_be_viqr(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_ascii() || !(c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c))
    })
}

fn is_unusual(enc: LegacyEncoding, prev: Option<u8>, b: u8) -> bool {
    match enc {
        LegacyEncoding::Tcvn3 => tcvn3::is_unusual(prev, b),
        LegacyEncoding::VniWindows => vni::is_unusual(prev, b),
        LegacyEncoding::Cp1258 | LegacyEncoding::Viqr => false,
    }
}

/// How Vietnamese a decoding looks.
#[derive(Debug, Clone, Copy)]
struct Score {
    /// Words with non-ASCII letters that are well-formed syllables.
    good: usize,
    /// Evidence against, in quarters of a word: 4 for each word with non-ASCII letters
    /// that is not a syllable, stray non-ASCII symbol, or byte the encoding does not use;
    /// 1 for each ASCII word that is not a syllable (a weak hint, as Vietnamese documents
    /// quote foreign words too).
    bad: usize,
}

impl Score {
    fn ratio(&self) -> f64 {
        let total = 4 * self.good + self.bad;
        if total == 0 {
            0.0
        } else {
            (4 * self.good) as f64 / total as f64
        }
    }

    /// Orders by share of good words, then by number of good words.
    fn cmp_strength(&self, other: &Score) -> std::cmp::Ordering {
        self.ratio()
            .total_cmp(&other.ratio())
            .then(self.good.cmp(&other.good))
    }
}

/// Punctuation and symbols that legitimately appear in Vietnamese documents.
fn is_common_symbol(c: char) -> bool {
    matches!(
        c,
        '\u{A0}'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '–'
            | '—'
            | '…'
            | '•'
            | '«'
            | '»'
            | '°'
            | '©'
            | '®'
            | '€'
            | '₫'
            | '±'
            | '×'
    )
}

fn score(text: &str, unusual_bytes: usize) -> Score {
    let mut s = Score {
        good: 0,
        bad: 4 * unusual_bytes,
    };
    for (is_word, run) in segments(text) {
        if is_word {
            if run.is_ascii() {
                let foreign = run.len() >= 2
                    && run.bytes().all(|b| b.is_ascii_alphabetic())
                    && !run.bytes().all(|b| b.is_ascii_uppercase())
                    && parse_str(run).is_none();
                s.bad += usize::from(foreign);
            } else if parse_str(run).is_some() {
                s.good += 1;
            } else {
                s.bad += 4;
            }
        } else {
            s.bad += 4 * run
                .chars()
                .filter(|c| !c.is_ascii() && !is_common_symbol(*c))
                .count();
        }
    }
    s
}
