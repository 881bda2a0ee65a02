//! VNI-Windows, the encoding of the VNI fonts: a base letter followed by a byte for its marks.

use super::cp1252;
use crate::letter::{Letter, Modifier, Tone, analyze};

/// What a byte from 0xC0 up stands for: a precomposed letter, or combining marks for the
/// letter before it. Capital forms sit 0x20 below the small ones.
fn code(b: u8) -> Option<&'static str> {
    Some(match b {
        0xE0 => "\u{302}\u{300}",
        0xE1 => "\u{302}\u{301}",
        0xE2 => "\u{302}",
        0xE3 => "\u{302}\u{303}",
        0xE4 => "\u{302}\u{323}",
        0xE5 => "\u{302}\u{309}",
        0xE6 => "ỉ",
        0xE8 => "\u{306}\u{300}",
        0xE9 => "\u{306}\u{301}",
        0xEA => "\u{306}",
        0xEB => "\u{306}\u{323}",
        0xEC => "ì",
        0xED => "í",
        0xEE => "ỵ",
        0xEF => "\u{323}",
        0xF1 => "đ",
        0xF2 => "ị",
        0xF3 => "ĩ",
        0xF4 => "ơ",
        0xF5 => "\u{303}",
        0xF6 => "ư",
        0xF8 => "\u{300}",
        0xF9 => "\u{301}",
        0xFA => "\u{306}\u{309}",
        0xFB => "\u{309}",
        0xFC => "\u{306}\u{303}",
        0xC6 => "Ỉ",
        0xCC => "Ì",
        0xCD => "Í",
        0xCE => "Ỵ",
        0xD1 => "Đ",
        0xD2 => "Ị",
        0xD3 => "Ĩ",
        0xD4 => "Ơ",
        0xD6 => "Ư",
        0xC0..=0xDC => return code(b + 0x20).filter(|s| s.starts_with(is_mark)),
        _ => return None,
    })
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Whether a byte is one of the few from 0xC0 up that VNI text does not use.
pub(super) fn is_unusual(_prev: Option<u8>, b: u8) -> bool {
    b >= 0xC0 && code(b).is_none()
}

pub(super) fn decode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    for &b in bytes {
        match code(b) {
            Some(s) => text.push_str(s),
            None => text.push(cp1252::decode(b)),
        }
    }
    crate::nfc(&text)
}

/// Small-letter code of a tone alone, after a plain vowel or ơ/ư.
fn tone_byte(t: Tone) -> Option<u8> {
    match t {
        Tone::Level => None,
        Tone::Grave => Some(0xF8),
        Tone::Acute => Some(0xF9),
        Tone::Hook => Some(0xFB),
        Tone::Tilde => Some(0xF5),
        Tone::Dot => Some(0xEF),
    }
}

fn circumflex_byte(t: Tone) -> u8 {
    match t {
        Tone::Level => 0xE2,
        Tone::Grave => 0xE0,
        Tone::Acute => 0xE1,
        Tone::Hook => 0xE5,
        Tone::Tilde => 0xE3,
        Tone::Dot => 0xE4,
    }
}

fn breve_byte(t: Tone) -> u8 {
    match t {
        Tone::Level => 0xEA,
        Tone::Grave => 0xE8,
        Tone::Acute => 0xE9,
        Tone::Hook => 0xFA,
        Tone::Tilde => 0xFC,
        Tone::Dot => 0xEB,
    }
}

fn single_i(t: Tone) -> Option<u8> {
    match t {
        Tone::Level => None,
        Tone::Grave => Some(0xEC),
        Tone::Acute => Some(0xED),
        Tone::Hook => Some(0xE6),
        Tone::Tilde => Some(0xF3),
        Tone::Dot => Some(0xF2),
    }
}

/// Appends the bytes of one letter; capitals use the codes 0x20 below the small ones.
fn letter_bytes(l: Letter, out: &mut Vec<u8>) {
    let case = |b: u8| if l.upper { b - 0x20 } else { b };
    let base = if l.upper {
        l.base.to_ascii_uppercase()
    } else {
        l.base
    };
    match l.modifier {
        Modifier::Stroke => out.push(case(0xF1)),
        Modifier::Horn => {
            out.push(case(if l.base == b'o' { 0xF4 } else { 0xF6 }));
            out.extend(tone_byte(l.tone).map(case));
        }
        Modifier::Circumflex => out.extend([base, case(circumflex_byte(l.tone))]),
        Modifier::Breve => out.extend([base, case(breve_byte(l.tone))]),
        Modifier::None => match (l.base, l.tone) {
            (b'i', t) if single_i(t).is_some() => out.extend(single_i(t).map(case)),
            (b'y', Tone::Dot) => out.push(case(0xEE)),
            (_, t) => {
                out.push(base);
                out.extend(tone_byte(t).map(case));
            }
        },
    }
}

pub(super) fn encode(s: &str) -> Vec<u8> {
    let s = crate::nfc(s);
    let mut out = Vec::with_capacity(s.len() * 2);
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some(l) = analyze(c) {
            letter_bytes(l, &mut out);
        } else {
            match cp1252::encode(c) {
                Some(b) if b < 0xC0 => out.push(b),
                _ => out.push(b'?'),
            }
        }
    }
    out
}
