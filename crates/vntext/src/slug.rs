//! URL slugs made of ASCII lowercase letters, digits and single hyphens.

use crate::fold;

/// Longest slug returned, in bytes (all slug characters are ASCII).
pub const SLUG_MAX_LEN: usize = 80;

/// Makes a URL slug: folded to ASCII, lowercase, words joined by single `-`, at most
/// [`SLUG_MAX_LEN`] characters, cut at a word boundary when the text is longer (a single
/// word longer than the limit is cut inside). Letters with no ASCII spelling count as word
/// breaks; the slug of text with no ASCII letters or digits is empty.
///
/// ```
/// assert_eq!(
///     vntext::slug("Cầu nối giữa đại biểu HĐND"),
///     "cau-noi-giua-dai-bieu-hdnd"
/// );
/// assert_eq!(vntext::slug("  Don't stop -- 2024!  "), "dont-stop-2024");
/// ```
pub fn slug(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len().min(SLUG_MAX_LEN + 16));
    let mut pending_break = false;
    for c in folded.chars() {
        let ascii = if c.is_ascii_alphanumeric() {
            Some(c.encode_utf8(&mut [0; 4]).to_owned())
        } else {
            transliterate(c).map(str::to_owned)
        };
        match ascii {
            Some(text) => {
                if pending_break && !out.is_empty() {
                    out.push('-');
                }
                pending_break = false;
                out.push_str(&text);
            }
            // Apostrophes join ("don't" is one word), as readers expect in slugs.
            None if matches!(c, '\'' | '’' | 'ʼ') => {}
            None => pending_break = true,
        }
        // The input may be arbitrarily long; nothing past the limit can survive the cut.
        if out.len() > SLUG_MAX_LEN + 1 {
            break;
        }
    }
    out.make_ascii_lowercase();
    truncate_at_word(out)
}

fn truncate_at_word(mut s: String) -> String {
    if s.len() <= SLUG_MAX_LEN {
        return s;
    }
    let bytes = s.as_bytes();
    let cut = if bytes.get(SLUG_MAX_LEN) == Some(&b'-') {
        SLUG_MAX_LEN
    } else {
        s[..SLUG_MAX_LEN].rfind('-').unwrap_or(SLUG_MAX_LEN)
    };
    s.truncate(cut);
    while s.ends_with('-') {
        s.pop();
    }
    s
}

/// ASCII spellings of the few lowercase letters that folding leaves non-ASCII but that
/// have an accepted one.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŋ' => "ng",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_long_text_at_a_word_boundary() {
        let long = "Nghị quyết của Hội đồng nhân dân thành phố Hà Nội về việc thông qua kế hoạch đầu tư công trung hạn giai đoạn";
        let s = slug(long);
        assert!(s.len() <= SLUG_MAX_LEN, "{s}");
        assert!(!s.ends_with('-'));
        assert!(fold(long).replace(' ', "-").starts_with(&s));
        let next = fold(long).replace(' ', "-");
        assert_eq!(next.as_bytes()[s.len()], b'-', "cut inside a word: {s}");
    }

    #[test]
    fn single_huge_word_is_cut_hard() {
        let s = slug(&"a".repeat(200));
        assert_eq!(s.len(), SLUG_MAX_LEN);
    }

    #[test]
    fn other_letters() {
        assert_eq!(slug("Søren Kierkegaard"), "soren-kierkegaard");
        assert_eq!(slug("北京 city"), "city");
        assert_eq!(slug("!!!"), "");
        assert_eq!(slug("Ðà Nẵng"), "da-nang");
    }
}
