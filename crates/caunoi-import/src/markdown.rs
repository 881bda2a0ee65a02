//! The body as Markdown for the desk's editor: text escaped so it renders exactly as the old
//! portal wrote it, captions in italics.

use crate::{Block, LegacyArticle};

impl LegacyArticle {
    /// The body (without the lead) as Markdown: blocks separated by blank lines, captions as
    /// `*caption*` lines. Characters Markdown would read as markup are escaped, so
    /// "2016. Năm bản lề" stays a sentence, not a numbered list.
    pub fn body_markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.body {
            if !out.is_empty() {
                out.push('\n');
            }
            match block {
                Block::Paragraph(text) => out.push_str(&escape_line_start(&escape_inline(text))),
                Block::Caption(text) => {
                    out.push('*');
                    out.push_str(&escape_inline(text));
                    out.push('*');
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Escapes characters that start emphasis, code, links, HTML, strikethrough or entity
/// references anywhere in a line. Blocks never hold line breaks, so this and the
/// line-start rules cover all markup. A `&` is escaped only before an entity-like
/// `name;`, so "R&D" stays readable in the editor.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let markup = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' => true,
            '&' => starts_entity(&text[i + 1..]),
            _ => false,
        };
        if markup {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether text after a `&` reads as an entity reference: `amp;`, `#39;`, `#x27;`.
fn starts_entity(rest: &str) -> bool {
    let name = rest.strip_prefix('#').unwrap_or(rest);
    let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
    len > 0 && name[len..].starts_with(';')
}

/// Escapes what only means something at a line start: headings, quotes, list bullets,
/// thematic breaks, setext underlines, tables, and ordered-list numbers such as `2016.`.
fn escape_line_start(text: &str) -> String {
    if text.starts_with(['#', '>', '-', '+', '=', '|']) {
        return format!("\\{text}");
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    let is_list_number = (1..=9).contains(&digits)
        && rest.starts_with(['.', ')'])
        && rest[1..].chars().next().is_none_or(char::is_whitespace);
    if is_list_number {
        format!("{}\\{}", &text[..digits], rest)
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_that_would_be_markup() {
        assert_eq!(escape_line_start("2016. Năm bản lề"), "2016\\. Năm bản lề");
        assert_eq!(escape_line_start("3) Giải pháp"), "3\\) Giải pháp");
        assert_eq!(escape_line_start("12/10 là ngày họp"), "12/10 là ngày họp");
        assert_eq!(escape_line_start("2016.5 tỷ"), "2016.5 tỷ");
        assert_eq!(escape_line_start("- Cử tri hỏi"), "\\- Cử tri hỏi");
        assert_eq!(escape_line_start("# 1"), "\\# 1");
    }

    #[test]
    fn inline_markup_is_escaped() {
        assert_eq!(
            escape_inline("*quan trọng* [1] <b>"),
            "\\*quan trọng\\* \\[1\\] \\<b>"
        );
        assert_eq!(escape_inline("R&D &amp; &#39; &"), "R&D \\&amp; \\&#39; &");
    }
}
