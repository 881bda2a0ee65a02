//! VIQR (RFC 1456): Vietnamese in plain ASCII, each mark typed after its vowel (`Vie^.t`, `ddu+o+`ng`).

use crate::letter::{Letter, Modifier, Tone, analyze};
use crate::syllable::{ToneStyle, parse, tone_position};

/// Characters a backslash makes literal.
const ESCAPABLE: &[char] = &['\'', '`', '?', '~', '.', '(', '^', '+', '\\', 'd', 'D'];

/// Characters that would be read as a mark if they followed a vowel.
const MARK_CHARS: &[char] = &['\'', '`', '?', '~', '.', '(', '^', '+'];

fn tone_of(c: char) -> Option<Tone> {
    match c {
        '\'' => Some(Tone::Acute),
        '`' => Some(Tone::Grave),
        '?' => Some(Tone::Hook),
        '~' => Some(Tone::Tilde),
        '.' => Some(Tone::Dot),
        _ => None,
    }
}

fn tone_char(t: Tone) -> Option<char> {
    match t {
        Tone::Level => None,
        Tone::Acute => Some('\''),
        Tone::Grave => Some('`'),
        Tone::Hook => Some('?'),
        Tone::Tilde => Some('~'),
        Tone::Dot => Some('.'),
    }
}

/// A letter as read, before deciding whether the mark after it is a tone or punctuation.
struct Read {
    /// Toneless letter with any modifier applied.
    letter: Letter,
    /// The letter as written (with modifier characters), for words left undecoded.
    raw: String,
    /// A tone character right after the letter: (tone, the character).
    tone: Option<(Tone, char)>,
}

enum Tok {
    Letter(Read),
    Literal(char),
}

/// How much of the input looked like VIQR, for detection.
#[derive(Debug, Default)]
pub(super) struct Stats {
    /// Runs of letters.
    pub words: usize,
    /// Words decoded as Vietnamese syllables with some mark.
    pub hits: usize,
    /// Hits with a mark that is rarely anything else: a modifier, `dd`, `` ` ``, `~`, or
    /// `?` inside a word. Apostrophes (I'm) and full stops (Go.) are too common in
    /// English to count.
    pub strong: usize,
}

impl Stats {
    /// Whether these numbers make the text VIQR rather than plain ASCII.
    pub(super) fn is_viqr(&self) -> bool {
        let enough = self.strong >= 2 || (self.strong == 1 && self.words <= 2);
        enough && self.hits * 10 >= self.words * 3 && self.strong * 5 >= self.hits
    }
}

pub(super) fn decode(bytes: &[u8]) -> String {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // VIQR is ASCII; stray high bytes are most likely Windows-1252 punctuation.
        Err(_) => bytes.iter().map(|&b| super::cp1252::decode(b)).collect(),
    };
    decode_str(&text).0
}

pub(super) fn decode_str(s: &str) -> (String, Stats) {
    let toks = tokenize(s);
    let mut out = String::with_capacity(s.len());
    let mut stats = Stats::default();
    let mut word: Vec<Read> = Vec::new();
    for tok in toks {
        match tok {
            Tok::Letter(r) => word.push(r),
            Tok::Literal(c) => {
                if !word.is_empty() {
                    resolve(&word, &mut out, &mut stats);
                    word.clear();
                }
                out.push(c);
            }
        }
    }
    if !word.is_empty() {
        resolve(&word, &mut out, &mut stats);
    }
    (crate::nfc(&out), stats)
}

fn tokenize(s: &str) -> Vec<Tok> {
    let chars: Vec<char> = s.chars().collect();
    let mut toks = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        if c == '\\' {
            match next.filter(|n| ESCAPABLE.contains(n)) {
                // An escaped d is a letter that must not pair into đ.
                Some(n @ ('d' | 'D')) => toks.push(Tok::Letter(Read {
                    letter: plain(n),
                    raw: n.to_string(),
                    tone: None,
                })),
                Some(n) => toks.push(Tok::Literal(n)),
                None => {
                    toks.push(Tok::Literal(c));
                    i += 1;
                    continue;
                }
            }
            i += 2;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            toks.push(Tok::Literal(c));
            i += 1;
            continue;
        }
        let mut letter = plain(c);
        let mut raw = c.to_string();
        let mut tone = None;
        i += 1;
        if let Some(n) = next.filter(|n| letter.base == b'd' && matches!(n, 'd' | 'D')) {
            letter.modifier = Modifier::Stroke;
            raw.push(n);
            i += 1;
        } else if letter.is_vowel() {
            let modifier = match (letter.base, chars.get(i)) {
                (b'a', Some('(')) => Modifier::Breve,
                (b'a' | b'e' | b'o', Some('^')) => Modifier::Circumflex,
                (b'o' | b'u', Some('+')) => Modifier::Horn,
                _ => Modifier::None,
            };
            if let (Modifier::Breve | Modifier::Circumflex | Modifier::Horn, Some(&m)) =
                (modifier, chars.get(i))
            {
                letter.modifier = modifier;
                raw.push(m);
                i += 1;
            }
            if let Some(&t) = chars.get(i)
                && let Some(found) = tone_of(t)
            {
                tone = Some((found, t));
                i += 1;
            }
        }
        toks.push(Tok::Letter(Read { letter, raw, tone }));
    }
    toks
}

fn plain(c: char) -> Letter {
    Letter {
        base: c.to_ascii_lowercase() as u8,
        modifier: Modifier::None,
        tone: Tone::Level,
        upper: c.is_ascii_uppercase(),
    }
}

/// Decides which marks of one word are tones and writes the word out.
fn resolve(word: &[Read], out: &mut String, stats: &mut Stats) {
    stats.words += 1;
    let mut letters: Vec<Letter> = word.iter().map(|r| r.letter).collect();
    let last = letters.len().saturating_sub(1);
    let has_modifier = letters.iter().any(|l| {
        matches!(
            l.modifier,
            Modifier::Breve | Modifier::Circumflex | Modifier::Horn
        )
    });
    let mut accepted: Option<usize> = None;
    if let Some(syl) = parse(&letters) {
        let old = tone_position(&letters, &syl, ToneStyle::Old);
        let new = tone_position(&letters, &syl, ToneStyle::New);
        for (j, r) in word.iter().enumerate() {
            if r.tone.is_none() {
                continue;
            }
            // A mark inside a word can only be a tone; one at the end may be a full stop
            // or question mark, so it counts only where a tone would be written.
            if j < last || j == old || j == new {
                accepted = Some(j);
                break;
            }
        }
        let mut strong = has_modifier
            || letters
                .first()
                .is_some_and(|l| l.modifier == Modifier::Stroke);
        if let Some((j, (tone, c))) = accepted.and_then(|j| Some((j, word.get(j)?.tone?))) {
            let at = if (syl.nucleus_start..syl.nucleus_end).contains(&j) {
                j
            } else {
                // The i of gi or the u of qu: put the tone where it is read.
                new
            };
            if let Some(l) = letters.get_mut(at) {
                l.tone = tone;
            }
            strong |= matches!(c, '`' | '~') || (c == '?' && j < last);
        }
        if accepted.is_some() || strong {
            stats.hits += 1;
        }
        if strong {
            stats.strong += 1;
        }
        write_word(word, &letters, accepted, |_| true, out);
    } else {
        // Not Vietnamese: keep marks literal unless modifiers show the word is VIQR, and
        // keep "dd" (add, odd, ...) unless it starts the word or the word is a capital
        // abbreviation such as HDDND.
        if has_modifier {
            accepted = word
                .iter()
                .enumerate()
                .find(|(j, r)| *j < last && r.tone.is_some())
                .map(|(j, _)| j);
            if let Some((j, (tone, _))) = accepted.and_then(|j| Some((j, word.get(j)?.tone?)))
                && let Some(l) = letters.get_mut(j)
            {
                l.tone = tone;
            }
        }
        let abbreviation = letters.iter().all(|l| l.upper && !l.is_vowel());
        write_word(word, &letters, accepted, |j| j == 0 || abbreviation, out);
    }
}

fn write_word(
    word: &[Read],
    letters: &[Letter],
    accepted: Option<usize>,
    keep_stroke: impl Fn(usize) -> bool,
    out: &mut String,
) {
    for (j, (r, l)) in word.iter().zip(letters).enumerate() {
        let composed = if l.modifier == Modifier::Stroke && !keep_stroke(j) {
            None
        } else {
            l.to_char()
        };
        match composed {
            Some(c) => out.push(c),
            None => out.push_str(&r.raw),
        }
        if let Some((_, c)) = r.tone
            && accepted != Some(j)
        {
            out.push(c);
        }
    }
}

/// Whether VIQR can spell this letter (vowels with any marks, consonants without tone).
fn spellable(l: &Letter) -> bool {
    l.is_vowel() || l.tone == Tone::Level
}

pub(super) fn encode(s: &str) -> Vec<u8> {
    let s = crate::nfc(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() * 2);
    // Marks are only read after a vowel, so only there does punctuation need a backslash.
    let mut after_vowel = false;
    for (i, &c) in chars.iter().enumerate() {
        let Some(l) = analyze(c).filter(spellable) else {
            if after_vowel && MARK_CHARS.contains(&c) {
                out.push('\\');
            }
            if c == '\\' {
                out.push('\\');
            }
            out.push(c);
            after_vowel = false;
            continue;
        };
        let base = char::from(if l.upper {
            l.base.to_ascii_uppercase()
        } else {
            l.base
        });
        after_vowel = l.is_vowel();
        match l.modifier {
            Modifier::Stroke => {
                out.push(base);
                out.push(base);
                continue;
            }
            Modifier::None if l.base == b'd' => {
                let next_is_d = chars
                    .get(i + 1)
                    .and_then(|n| analyze(*n))
                    .is_some_and(|n| n.base == b'd');
                if next_is_d {
                    out.push('\\');
                }
            }
            _ => {}
        }
        out.push(base);
        match l.modifier {
            Modifier::Breve => out.push('('),
            Modifier::Circumflex => out.push('^'),
            Modifier::Horn => out.push('+'),
            Modifier::None | Modifier::Stroke => {}
        }
        out.extend(tone_char(l.tone));
    }
    out.into_bytes()
}
