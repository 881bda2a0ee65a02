//! Property tests: invariants of every public function over generated Vietnamese and arbitrary input.

use std::cmp::Ordering;

use proptest::prelude::*;
use proptest::sample::select;
use unicode_normalization::UnicodeNormalization;
use vntext::{
    LegacyEncoding, ToneStyle, canonical, compare_names, decode_any, decode_legacy, detect_legacy,
    encode_legacy, fold, is_nfc, is_syllable, name_sort_key, nfc, slug, to_tone_style,
};

const INITIALS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

/// (cluster, may it be open, may it take a final).
const CLUSTERS: &[(&str, bool, bool)] = &[
    ("a", true, true),
    ("ă", false, true),
    ("â", false, true),
    ("e", true, true),
    ("ê", true, true),
    ("i", true, true),
    ("o", true, true),
    ("ô", true, true),
    ("ơ", true, true),
    ("u", true, true),
    ("ư", true, true),
    ("y", true, true),
    ("ai", true, false),
    ("ao", true, false),
    ("au", true, false),
    ("ay", true, false),
    ("âu", true, false),
    ("ây", true, false),
    ("eo", true, false),
    ("êu", true, false),
    ("ia", true, false),
    ("iu", true, false),
    ("iê", false, true),
    ("oa", true, true),
    ("oă", false, true),
    ("oe", true, true),
    ("oi", true, false),
    ("ôi", true, false),
    ("ơi", true, false),
    ("ua", true, false),
    ("uâ", false, true),
    ("uê", true, true),
    ("ui", true, false),
    ("uô", false, true),
    ("uơ", true, false),
    ("uy", true, true),
    ("ưa", true, false),
    ("ưu", true, false),
    ("ươ", false, true),
    ("yê", false, true),
    ("iêu", true, false),
    ("oai", true, false),
    ("oay", true, false),
    ("uôi", true, false),
    ("uya", true, false),
    ("uyê", false, true),
    ("ươi", true, false),
    ("ươu", true, false),
    ("yêu", true, false),
];

const FINALS: &[&str] = &["c", "ch", "m", "n", "ng", "nh", "p", "t"];

const TONE_MARKS: &[&str] = &["", "\u{300}", "\u{309}", "\u{303}", "\u{301}", "\u{323}"];

/// A well-formed syllable with its tone mark on any vowel of the cluster (not necessarily
/// where either style puts it) and random capitals.
fn syllable() -> impl Strategy<Value = String> {
    (
        select(INITIALS),
        select(CLUSTERS),
        select(FINALS),
        any::<bool>(),
        select(TONE_MARKS),
        any::<prop::sample::Index>(),
        prop::collection::vec(any::<bool>(), 8),
    )
        .prop_map(
            |(initial, (cluster, open, closed), fin, want_final, tone, at, caps)| {
                let fin = match (open, closed) {
                    (true, true) if want_final => fin,
                    (false, _) => fin,
                    _ => "",
                };
                let at = at.index(cluster.chars().count());
                let mut word = String::from(initial);
                for (i, c) in cluster.chars().enumerate() {
                    word.push(c);
                    if i == at {
                        word.push_str(tone);
                    }
                }
                word.push_str(fin);
                let word = nfc(&word);
                word.chars()
                    .zip(caps.iter().cycle())
                    .flat_map(|(c, &cap)| {
                        let upper: Vec<char> = if cap {
                            c.to_uppercase().collect()
                        } else {
                            vec![c]
                        };
                        upper
                    })
                    .collect()
            },
        )
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            syllable(),
            select(&[" ", " ", " ", ", ", ". ", " - ", "? ", "! "][..]),
        ),
        1..8,
    )
    .prop_map(|parts| {
        let mut s = String::new();
        for (w, sep) in parts {
            s.push_str(&w);
            s.push_str(sep);
        }
        s.trim_end().to_owned()
    })
}

/// What TCVN3 keeps: capitals with tone marks come back lowercase.
fn tcvn3_view(s: &str) -> String {
    s.chars()
        .map(|c| {
            let toned = c
                .to_string()
                .nfd()
                .any(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
            if toned && c.is_uppercase() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn generated_syllables_are_syllables(w in syllable()) {
        prop_assert!(is_syllable(&w), "{}", w);
    }

    #[test]
    fn old_then_new_is_new(s in sentence()) {
        let new = to_tone_style(&s, ToneStyle::New);
        let old = to_tone_style(&s, ToneStyle::Old);
        prop_assert_eq!(to_tone_style(&old, ToneStyle::New), new.clone());
        prop_assert_eq!(to_tone_style(&new, ToneStyle::Old), old.clone());
        // Reversible: each style's form survives a trip through the other.
        prop_assert_eq!(to_tone_style(&to_tone_style(&old, ToneStyle::New), ToneStyle::Old), old.clone());
        prop_assert_eq!(to_tone_style(&to_tone_style(&new, ToneStyle::Old), ToneStyle::New), new.clone());
        // Only placement changes: letters, marks and case stay.
        prop_assert_eq!(fold(&new), fold(&s));
        prop_assert_eq!(new.chars().count(), nfc(&s).chars().count());
        prop_assert_eq!(canonical(&old), canonical(&new));
    }

    #[test]
    fn style_conversion_commutes_on_any_text(s in any::<String>()) {
        let new = to_tone_style(&s, ToneStyle::New);
        prop_assert_eq!(to_tone_style(&to_tone_style(&s, ToneStyle::Old), ToneStyle::New), new.clone());
        prop_assert!(is_nfc(&new));
    }

    #[test]
    fn fold_is_idempotent(s in any::<String>()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn fold_of_vietnamese_is_ascii(s in sentence()) {
        let folded = fold(&s);
        prop_assert!(folded.is_ascii(), "{}", folded);
        prop_assert_eq!(folded.clone(), folded.to_lowercase());
    }

    #[test]
    fn slug_is_idempotent_and_clean(s in any::<String>()) {
        check_slug(&s)?;
    }

    #[test]
    fn slug_of_vietnamese_is_clean(s in sentence()) {
        check_slug(&s)?;
        prop_assert!(!slug(&s).is_empty());
    }

    #[test]
    fn nfc_of_nfd_is_nfc(s in any::<String>()) {
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(nfc(&nfd), nfc(&s));
        prop_assert!(is_nfc(&nfc(&s)));
    }

    #[test]
    fn canonical_is_idempotent(s in any::<String>()) {
        let once = canonical(&s);
        prop_assert_eq!(canonical(&once), once);
    }

    #[test]
    fn legacy_round_trips(s in sentence()) {
        let text = nfc(&s);
        for enc in [LegacyEncoding::VniWindows, LegacyEncoding::Cp1258] {
            let bytes = encode_legacy(&text, enc);
            prop_assert_eq!(decode_legacy(&bytes, enc), text.clone(), "{:?}", enc);
        }
        let bytes = encode_legacy(&text, LegacyEncoding::Tcvn3);
        prop_assert_eq!(decode_legacy(&bytes, LegacyEncoding::Tcvn3), tcvn3_view(&text));
        // VIQR tells a tone from punctuation by where the mark sits, so it round-trips
        // text whose marks are where one of the styles puts them.
        for style in [ToneStyle::Old, ToneStyle::New] {
            let styled = to_tone_style(&text, style);
            let bytes = encode_legacy(&styled, LegacyEncoding::Viqr);
            prop_assert_eq!(decode_legacy(&bytes, LegacyEncoding::Viqr), styled);
        }
    }

    #[test]
    fn detection_is_never_wrong_when_it_answers(s in sentence()) {
        // Short random text may be undecidable, but a guess must be the right one.
        for enc in [LegacyEncoding::VniWindows, LegacyEncoding::Cp1258, LegacyEncoding::Tcvn3] {
            let bytes = encode_legacy(&s, enc);
            if let Some(found) = detect_legacy(&bytes) {
                prop_assert_eq!(found, enc, "{}", s);
            }
        }
    }

    #[test]
    fn names_compare_case_insensitively_and_consistently(
        a in prop::collection::vec(syllable(), 1..4),
        b in prop::collection::vec(syllable(), 1..4),
    ) {
        let (a, b) = (a.join(" "), b.join(" "));
        prop_assert_eq!(compare_names(&a, &a.to_uppercase()), Ordering::Equal);
        prop_assert_eq!(compare_names(&a, &b), compare_names(&b, &a).reverse());
        prop_assert_eq!(compare_names(&a, &b), name_sort_key(&a).cmp(&name_sort_key(&b)));
    }

    #[test]
    fn no_string_function_panics(s in any::<String>(), t in any::<String>()) {
        let _ = (nfc(&s), is_nfc(&s), fold(&s), slug(&s), canonical(&s), is_syllable(&s));
        let _ = (to_tone_style(&s, ToneStyle::Old), to_tone_style(&s, ToneStyle::New));
        let _ = (name_sort_key(&s), compare_names(&s, &t));
        for enc in LegacyEncoding::ALL {
            let bytes = encode_legacy(&s, enc);
            let _ = decode_legacy(&bytes, enc);
        }
    }

    #[test]
    fn no_byte_function_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        for enc in LegacyEncoding::ALL {
            prop_assert!(is_nfc(&decode_legacy(&bytes, enc)));
        }
        let _ = detect_legacy(&bytes);
        prop_assert!(is_nfc(&decode_any(&bytes)));
    }

    #[test]
    fn decode_any_keeps_unicode(s in "\\PC*") {
        if s.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
            prop_assert_eq!(decode_any(s.as_bytes()), nfc(&s));
            prop_assert_eq!(detect_legacy(s.as_bytes()), None);
        }
    }
}

fn check_slug(s: &str) -> Result<(), TestCaseError> {
    let out = slug(s);
    prop_assert_eq!(slug(&out), out.clone());
    prop_assert!(out.len() <= vntext::SLUG_MAX_LEN);
    prop_assert!(
        out.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{}",
        out
    );
    prop_assert!(
        !out.starts_with('-') && !out.ends_with('-') && !out.contains("--"),
        "{}",
        out
    );
    Ok(())
}
