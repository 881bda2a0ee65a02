//! Splits decoded export text into numbered, cleaned lines and tells what kind each line is.

/// One line of the export, cleaned: trimmed, whitespace runs collapsed to one space,
/// invisible characters removed. `no` is 1-based, as an editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub no: usize,
    pub text: String,
}

/// What a line is, before its place in the article is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind<'a> {
    Blank,
    /// `tin nhap <timestamp> <title>`: a related draft the old CMS left where it was linked;
    /// holds the title, if any.
    Stray(Option<&'a str>),
    /// A bare image file name or `[ảnh]` placeholder: marks a photo position.
    Image,
    /// `Nguồn: …`; holds the text after the colon (possibly empty).
    Source(&'a str),
    Text,
}

/// Splits on LF, CRLF and lone CR (old Mac exports), and on the Unicode line and paragraph
/// separators and NEL, which some editors show as line breaks: a line that looks separate
/// to a person must be read as separate (a stray draft line must never hide inside a
/// paragraph). A final line break does not start another line.
pub(crate) fn split(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut ended_with_break = false;
    while let Some(c) = chars.next() {
        ended_with_break = false;
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(clean(&current, lines.len() + 1));
                current.clear();
                ended_with_break = true;
            }
            c => current.push(c),
        }
    }
    if !ended_with_break && !current.is_empty() {
        lines.push(clean(&current, lines.len() + 1));
    }
    lines
}

fn clean(raw: &str, no: usize) -> Line {
    let visible: String = raw
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    Line {
        no,
        text: visible.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Zero-width characters and soft hyphens that CMS editors leave behind: they change no
/// rendering but would defeat matching `tin nhap` or `Nguồn:` at a line start.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

pub(crate) fn classify(text: &str) -> Kind<'_> {
    if text.is_empty() {
        Kind::Blank
    } else if let Some(title) = stray_title(text) {
        Kind::Stray(title)
    } else if is_image_ref(text) {
        Kind::Image
    } else if let Some(rest) = source_text(text) {
        Kind::Source(rest)
    } else {
        Kind::Text
    }
}

/// `Some(title)` for a stray draft line. Any line that starts with `tin nhap`
/// (any case; `nháp` with its accent too) counts, timestamp or not, so none can reach the
/// body; `nhập` (import) is a different word and stays text. The title is what follows the
/// timestamp, when it is a title at all.
fn stray_title(text: &str) -> Option<Option<&str>> {
    let (first, rest) = text.split_once(' ')?;
    if !first.eq_ignore_ascii_case("tin") {
        return None;
    }
    let mut chars = rest.char_indices();
    for expected in ['n', 'h', 'a', 'p'] {
        let (_, c) = chars.next()?;
        let matches =
            c.eq_ignore_ascii_case(&expected) || (expected == 'a' && matches!(c, 'á' | 'Á'));
        if !matches {
            return None;
        }
    }
    let after = chars.next().map_or(rest.len(), |(i, _)| i);
    let tail = &rest[after..];
    // "tin nhapxyz" is junk of the same kind, but has no title to offer.
    if tail.chars().next().is_some_and(char::is_alphanumeric) {
        return Some(None);
    }
    let title = tail
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || ":-–".contains(c))
        .trim();
    Some((!title.is_empty()).then_some(title))
}

/// A line that is only an image file name or URL, or a bracketed photo placeholder.
fn is_image_ref(text: &str) -> bool {
    if text.contains(' ') {
        return vntext::fold(text)
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .is_some_and(|inner| matches!(inner.trim(), "hinh anh" | "image"));
    }
    let lower = text.to_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or_default();
    let is_file = [".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"]
        .iter()
        .any(|ext| path.ends_with(ext) && path.len() > ext.len());
    let placeholder = matches!(
        vntext::fold(text).as_str(),
        "[anh]" | "[hinh]" | "[img]" | "[image]" | "[photo]"
    );
    is_file || placeholder
}

/// The text after `Nguồn:` (also `Nguồn :`, `NGUỒN:`, unaccented `Nguon:` and
/// `Nguồn tin:`). The colon is required: without it, body sentences such as
/// "Nguồn vốn …" would be taken for the source.
fn source_text(text: &str) -> Option<&str> {
    let (head, rest) = text.split_once(':')?;
    let head = vntext::fold(head);
    matches!(head.trim(), "nguon" | "nguon tin").then(|| rest.trim_matches([' ', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<(usize, String)> {
        split(input).into_iter().map(|l| (l.no, l.text)).collect()
    }

    #[test]
    fn every_line_ending_counts_once() {
        assert_eq!(
            texts("a\r\nb\rc\nd\u{2028}e\n"),
            [(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e")].map(|(n, t)| (n, t.to_owned()))
        );
        assert_eq!(texts("a\n\n"), [(1, "a".to_owned()), (2, String::new())]);
        assert!(split("").is_empty());
    }

    #[test]
    fn cleaning_collapses_spaces_and_drops_invisible_characters() {
        assert_eq!(
            texts("\u{FEFF}  Hà\u{A0}\u{A0}Nội\t\u{200B}2017  "),
            [(1, "Hà Nội 2017".to_owned())]
        );
    }

    #[test]
    fn stray_lines_with_and_without_titles() {
        assert_eq!(
            classify("tin nhap 20190305142000 Bài liên quan"),
            Kind::Stray(Some("Bài liên quan"))
        );
        assert_eq!(classify("tin nhap 20190305142000"), Kind::Stray(None));
        assert_eq!(classify("TIN NHAP"), Kind::Stray(None));
        assert_eq!(classify("Tin nháp: Bài cũ"), Kind::Stray(Some("Bài cũ")));
        assert_eq!(classify("tin nhapnhap 123"), Kind::Stray(None));
        // "Tin nhập khẩu" is ordinary Vietnamese (news on imports).
        assert_eq!(classify("Tin nhập khẩu tăng mạnh"), Kind::Text);
        assert_eq!(classify("tin"), Kind::Text);
    }

    #[test]
    fn source_lines_need_the_colon() {
        assert_eq!(classify("Nguồn :"), Kind::Source(""));
        assert_eq!(
            classify("Nguồn: Báo Hà Nội mới"),
            Kind::Source("Báo Hà Nội mới")
        );
        assert_eq!(classify("NGUỒN TIN : TTXVN"), Kind::Source("TTXVN"));
        assert_eq!(classify("Nguồn vốn: ngân sách"), Kind::Text);
        assert_eq!(classify("Nguồn vốn đầu tư công"), Kind::Text);
    }

    #[test]
    fn image_references() {
        assert_eq!(classify("/uploads/2019/hop-hdnd.JPG"), Kind::Image);
        assert_eq!(classify("anh.png?w=600"), Kind::Image);
        assert_eq!(classify("[Ảnh]"), Kind::Image);
        assert_eq!(classify("[Hình ảnh]"), Kind::Image);
        assert_eq!(classify(".png"), Kind::Text);
        assert_eq!(classify("Xem ảnh.jpg"), Kind::Text);
    }
}
