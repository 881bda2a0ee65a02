//! Puts extracted paragraphs into the shape of [`super::DocText::text`]: NFC, white space
//! collapsed, paragraphs separated by a blank line.

/// Joins paragraphs with a blank line, after tidying each with [`tidy_paragraph`];
/// paragraphs left empty are dropped.
pub(super) fn join_paragraphs(paragraphs: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for paragraph in paragraphs {
        let paragraph = tidy_paragraph(&paragraph);
        if paragraph.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&paragraph);
    }
    out
}

/// One paragraph: its lines (split at `\n`, `\r`, U+2028 and U+2029) tidied with
/// [`tidy_line`], empty lines dropped, the rest joined with `\n`.
fn tidy_paragraph(paragraph: &str) -> String {
    let mut out = String::new();
    for line in paragraph.split(is_line_break) {
        let line = tidy_line(line);
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// One line: control characters, byte order marks and private-use characters (symbol-font
/// bullets that no other font shows) dropped; each run of white space collapsed to a tab
/// when it holds one, otherwise to a space; no white space at either end; then NFC.
fn tidy_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending: Option<char> = None;
    for c in line.chars() {
        if c == '\t' {
            pending = Some('\t');
        } else if c.is_whitespace() {
            if pending != Some('\t') {
                pending = Some(' ');
            }
        } else if c.is_control() || c == '\u{FEFF}' || ('\u{E000}'..='\u{F8FF}').contains(&c) {
            continue;
        } else {
            if let Some(space) = pending.take()
                && !out.is_empty()
            {
                out.push(space);
            }
            out.push(c);
        }
    }
    vntext::nfc(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_white_space_but_keeps_tabs_and_line_breaks() {
        let text = join_paragraphs([
            "  Mức thu  \u{a0} phí\t\t 50.000 đồng  ".to_owned(),
            " \n\t \n".to_owned(),
            "Dòng một\r\nDòng hai\n\n\nDòng ba".to_owned(),
        ]);
        assert_eq!(
            text,
            "Mức thu phí\t50.000 đồng\n\nDòng một\nDòng hai\nDòng ba"
        );
    }

    #[test]
    fn output_is_nfc_even_when_a_control_character_split_a_letter() {
        // "ế" as e + U+0302 + U+0301, with a stray NUL inside.
        let text = join_paragraphs(["Nghi\u{323} quye\u{0}\u{302}\u{301}t".to_owned()]);
        assert_eq!(text, "Nghị quyết");
    }

    #[test]
    fn drops_private_use_bullets_and_byte_order_marks() {
        assert_eq!(
            join_paragraphs(["\u{FEFF}\u{F0B7} Chính phủ;".to_owned()]),
            "Chính phủ;"
        );
    }
}
