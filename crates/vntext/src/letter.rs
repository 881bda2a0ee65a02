//! Splitting single characters into Vietnamese letter parts (base, vowel modifier, tone) and back.

use unicode_normalization::char::{compose, decompose_canonical};

/// The six Vietnamese tones, declared in dictionary order so the derived `Ord` is the
/// collation order (ngang, huyền, hỏi, ngã, sắc, nặng).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Tone {
    Level,
    Grave,
    Hook,
    Tilde,
    Acute,
    Dot,
}

impl Tone {
    pub(crate) fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{300}' => Some(Tone::Grave),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{301}' => Some(Tone::Acute),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    pub(crate) fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Dot => Some('\u{323}'),
        }
    }
}

/// Vowel modifiers (and the stroke of đ), which make distinct letters of the alphabet
/// rather than accents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Modifier {
    None,
    Breve,
    Circumflex,
    Horn,
    Stroke,
}

impl Modifier {
    fn from_mark(c: char) -> Option<Modifier> {
        match c {
            '\u{306}' => Some(Modifier::Breve),
            '\u{302}' => Some(Modifier::Circumflex),
            '\u{31B}' => Some(Modifier::Horn),
            _ => None,
        }
    }

    fn mark(self) -> Option<char> {
        match self {
            Modifier::Breve => Some('\u{306}'),
            Modifier::Circumflex => Some('\u{302}'),
            Modifier::Horn => Some('\u{31B}'),
            Modifier::None | Modifier::Stroke => None,
        }
    }

    /// Whether this modifier makes a letter of the Vietnamese alphabet on `base`.
    pub(crate) fn fits(self, base: u8) -> bool {
        match self {
            Modifier::None => true,
            Modifier::Breve => base == b'a',
            Modifier::Circumflex => matches!(base, b'a' | b'e' | b'o'),
            Modifier::Horn => matches!(base, b'o' | b'u'),
            Modifier::Stroke => base == b'd',
        }
    }
}

/// One Latin letter seen the Vietnamese way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Letter {
    /// Lowercase ASCII base letter.
    pub base: u8,
    pub modifier: Modifier,
    pub tone: Tone,
    pub upper: bool,
}

impl Letter {
    pub(crate) fn is_vowel(&self) -> bool {
        matches!(self.base, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
            && self.modifier != Modifier::Stroke
    }

    /// The lowercase, toneless letter (`ă`, `đ`, `o`, ...), used to match spelling tables.
    pub(crate) fn key(&self) -> Option<char> {
        Letter {
            tone: Tone::Level,
            upper: false,
            ..*self
        }
        .to_char()
    }

    pub(crate) fn with_tone(self, tone: Tone) -> Letter {
        Letter { tone, ..self }
    }

    /// Composes the letter back into one precomposed character; `None` when Unicode has
    /// no such character (e.g. a consonant with a hook above).
    pub(crate) fn to_char(self) -> Option<char> {
        if self.modifier == Modifier::Stroke {
            return match (self.tone, self.upper) {
                (Tone::Level, true) => Some('Đ'),
                (Tone::Level, false) => Some('đ'),
                _ => None,
            };
        }
        let base = if self.upper {
            self.base.to_ascii_uppercase()
        } else {
            self.base
        };
        let base = char::from(base);
        match (self.modifier.mark(), self.tone.mark()) {
            (None, None) => Some(base),
            (Some(m), None) | (None, Some(m)) => compose(base, m),
            // Unicode composes dot-below letters as (ạ + ̂) but grave/acute/... ones as
            // (â + ̀), so either order may be the one that exists.
            (Some(m), Some(t)) => compose(base, m)
                .and_then(|c| compose(c, t))
                .or_else(|| compose(base, t).and_then(|c| compose(c, m))),
        }
    }
}

/// Splits `c` into a Vietnamese letter; `None` for anything that is not an ASCII letter
/// optionally carrying one Vietnamese modifier that fits it and one tone mark.
pub(crate) fn analyze(c: char) -> Option<Letter> {
    analyze_with(c, true)
}

/// Like [`analyze`] but ignores marks that are foreign to Vietnamese (so `ü` is `u`), for
/// collation of names that are not Vietnamese.
pub(crate) fn analyze_lenient(c: char) -> Option<Letter> {
    analyze_with(c, false)
}

fn analyze_with(c: char, strict: bool) -> Option<Letter> {
    if c.is_ascii_alphabetic() {
        return Some(Letter {
            base: c.to_ascii_lowercase() as u8,
            modifier: Modifier::None,
            tone: Tone::Level,
            upper: c.is_ascii_uppercase(),
        });
    }
    match c {
        'đ' | 'Đ' => {
            return Some(Letter {
                base: b'd',
                modifier: Modifier::Stroke,
                tone: Tone::Level,
                upper: c == 'Đ',
            });
        }
        c if c.is_ascii() => return None,
        _ => {}
    }
    let mut parts = ['\0'; 4];
    let mut len = 0usize;
    let mut overflow = false;
    decompose_canonical(c, |d| {
        if let Some(slot) = parts.get_mut(len) {
            *slot = d;
            len += 1;
        } else {
            overflow = true;
        }
    });
    if (overflow && strict) || len < 2 {
        return None;
    }
    let base = parts[0];
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let base_lower = base.to_ascii_lowercase() as u8;
    let mut letter = Letter {
        base: base_lower,
        modifier: Modifier::None,
        tone: Tone::Level,
        upper: base.is_ascii_uppercase(),
    };
    for &m in parts.iter().take(len).skip(1) {
        if let Some(t) = Tone::from_mark(m) {
            if letter.tone == Tone::Level {
                letter.tone = t;
                continue;
            }
        } else if let Some(md) = Modifier::from_mark(m)
            && letter.modifier == Modifier::None
            && md.fits(base_lower)
        {
            letter.modifier = md;
            continue;
        }
        if strict {
            return None;
        }
    }
    Some(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_vietnamese_letter() {
        let vowels = "aăâeêioôơuưy";
        let tones = [
            Tone::Level,
            Tone::Grave,
            Tone::Hook,
            Tone::Tilde,
            Tone::Acute,
            Tone::Dot,
        ];
        for v in vowels.chars() {
            for upper in [false, true] {
                let base = analyze(v).expect("vowel");
                for t in tones {
                    let l = Letter {
                        upper,
                        ..base.with_tone(t)
                    };
                    let c = l.to_char().expect("composes");
                    assert_eq!(analyze(c), Some(l), "{c}");
                }
            }
        }
        assert_eq!(analyze('Đ').and_then(|l| l.key()), Some('đ'));
    }

    #[test]
    fn rejects_non_vietnamese() {
        for c in ['ü', 'ŭ', 'ç', 'ø', '1', ' ', 'ǘ', 'ł'] {
            assert!(analyze(c).is_none(), "{c}");
        }
        assert_eq!(analyze_lenient('ü').map(|l| l.base), Some(b'u'));
    }
}
