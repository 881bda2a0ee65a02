//! Converting text between the old and new tone-mark placement styles.

use crate::letter::{Letter, analyze};
use crate::normalize::segments;
use crate::syllable::{ToneStyle, parse, tone_position};

/// Rewrites every Vietnamese syllable in `s` with its tone mark placed per `style`.
///
/// Words that are not a single well-formed Vietnamese syllable (foreign words, words with
/// digits, words with two tone marks) are left as they are, as is everything between
/// words and the case of every letter. Misplaced marks are moved too, e.g. `qúy` becomes
/// `quý` in both styles. The result is in NFC.
///
/// ```
/// use vntext::{ToneStyle, to_tone_style};
/// assert_eq!(to_tone_style("Hòa bình, thủy lợi", ToneStyle::New), "Hoà bình, thuỷ lợi");
/// assert_eq!(to_tone_style("KHOẺ", ToneStyle::Old), "KHỎE");
/// ```
pub fn to_tone_style(s: &str, style: ToneStyle) -> String {
    let s = crate::nfc(s);
    let mut out = String::with_capacity(s.len());
    for (is_word, run) in segments(&s) {
        if is_word {
            match restyle_word(run, style) {
                Some(w) => out.push_str(&w),
                None => out.push_str(run),
            }
        } else {
            out.push_str(run);
        }
    }
    // Moving a mark only swaps precomposed letters, but a stray mark after the word could
    // in principle recompose differently; one extra check keeps the NFC promise.
    crate::nfc(&out)
}

/// The word with its mark moved, or `None` when it stays as it is.
fn restyle_word(word: &str, style: ToneStyle) -> Option<String> {
    let mut letters: Vec<Letter> = word.chars().map(analyze).collect::<Option<_>>()?;
    let syl = parse(&letters)?;
    let from = syl.tone_at?;
    let to = tone_position(&letters, &syl, style);
    if from == to {
        return None;
    }
    let tone = syl.tone;
    let old = letters.get(from).copied()?;
    letters[from] = old.with_tone(crate::letter::Tone::Level);
    let target = letters.get(to).copied()?;
    letters[to] = target.with_tone(tone);
    letters.iter().map(|l| l.to_char()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_non_words_and_foreign_words() {
        let s = "café, Hòa-Bình (2024) — naïve hòà";
        assert_eq!(
            to_tone_style(s, ToneStyle::New),
            "café, Hoà-Bình (2024) — naïve hòà"
        );
    }
}
