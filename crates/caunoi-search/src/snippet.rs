//! Snippets: the passage of a body around the best match, HTML-escaped, with matching words
//! marked, found by folding the text's words so accented and unaccented queries both light up.

use std::collections::HashMap;

use crate::parse::Parsed;
use crate::plan::Expansions;
use crate::text::{escape_html_into, fold_char, fold_into, words};

/// Length of a snippet, in characters (before escaping and marks).
pub const SNIPPET_CHARS: usize = 200;

/// A word of the text that matches query word `word` (index in `Parsed::words()` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    /// Character offsets, for sizing windows.
    pub char_start: usize,
    pub char_end: usize,
    pub word: usize,
}

/// Finds query words in text by their folded form (and typo corrections). Where the user
/// typed marks and the text has the word with those marks, only those spellings count:
/// `đặt tên` lights up "đặt", not "đất", in a text that has both; a text with only "đất"
/// still shows why it matched.
pub(crate) struct Highlighter {
    terms: HashMap<String, usize>,
    /// Per query word: its canonical form, when the user's marks say which word it is.
    exact: Vec<Option<String>>,
    /// ASCII letters that folded terms start with: most words of a text start with another
    /// letter and are skipped without being folded and hashed.
    first_letters: [bool; 128],
    /// Some term starts with a non-ASCII character, so the shortcut is off.
    any_first: bool,
}

impl Highlighter {
    pub fn new(parsed: &Parsed, corrections: &Expansions) -> Self {
        let mut terms = HashMap::new();
        let marks = parsed.typed_marks();
        let exact = parsed
            .words()
            .map(|w| marks.then(|| w.exact.clone()))
            .collect();
        for (i, w) in parsed.words().enumerate() {
            terms.entry(w.folded.clone()).or_insert(i);
            for fix in corrections.get(i).into_iter().flatten() {
                terms.entry(fix.clone()).or_insert(i);
            }
        }
        let mut first_letters = [false; 128];
        let mut any_first = false;
        for t in terms.keys() {
            match t.bytes().next() {
                Some(b) if b.is_ascii() => first_letters[usize::from(b)] = true,
                _ => any_first = true,
            }
        }
        Self {
            terms,
            exact,
            first_letters,
            any_first,
        }
    }

    fn may_match(&self, word: &str) -> bool {
        if self.any_first {
            return true;
        }
        let Some(c) = word.chars().next() else {
            return false;
        };
        match fold_char(c) {
            Some(f) if f.is_ascii() => self.first_letters[f as usize],
            // Not a Latin letter we know how to fold: let the full check decide.
            _ => true,
        }
    }

    /// Every matching word of `text`, in order.
    pub fn matches(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        let mut exact_seen = vec![false; self.exact.len()];
        let mut is_exact = Vec::new();
        let mut folded = String::new();
        let (mut last_byte, mut last_char) = (0, 0);
        for (start, end) in words(text) {
            let word = &text[start..end];
            if !self.may_match(word) {
                continue;
            }
            fold_into(word, &mut folded);
            if let Some(&i) = self.terms.get(folded.as_str()) {
                let char_start = last_char + text[last_byte..start].chars().count();
                let char_end = char_start + word.chars().count();
                (last_byte, last_char) = (end, char_end);
                let exact = self.exact[i]
                    .as_deref()
                    .is_some_and(|e| vntext::canonical(word) == e);
                exact_seen[i] |= exact;
                is_exact.push(exact);
                out.push(Match {
                    start,
                    end,
                    char_start,
                    char_end,
                    word: i,
                });
            }
        }
        // Drop other spellings of words the text also has as typed.
        let mut keep = is_exact.into_iter();
        out.retain(|m| keep.next().unwrap_or(true) || !exact_seen[m.word]);
        out
    }

    /// The snippet for a document: around the best match in the body; the body's start
    /// when only the title matched; the title when there is no body.
    pub fn snippet(&self, title: &str, body: &str) -> String {
        let body = body.trim();
        if body.is_empty() {
            return self.highlight(title);
        }
        let matches = self.matches(body);
        let (from, to) = best_window(body, &matches);
        let mut out = String::with_capacity(SNIPPET_CHARS * 2);
        if from > 0 {
            out.push_str("… ");
        }
        render(body, from, to, &matches, &mut out);
        if to < body.len() {
            out.push_str(" …");
        }
        out
    }

    /// All of `text`, escaped, with matches marked.
    pub fn highlight(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        render(text, 0, text.len(), &self.matches(text), &mut out);
        out
    }
}

/// Byte range of the snippet: the window of at most [`SNIPPET_CHARS`] characters holding
/// the most different query words (then the most matches, then neighbours in query order),
/// with a little context before it, cut at spaces.
fn best_window(text: &str, matches: &[Match]) -> (usize, usize) {
    let mut best: Option<(usize, (u32, usize, usize))> = None;
    for (i, first) in matches.iter().enumerate() {
        let mut distinct = 0u64;
        let mut count = 0;
        let mut neighbours = 0;
        let mut prev: Option<&Match> = None;
        for m in &matches[i..] {
            if m.char_end - first.char_start > SNIPPET_CHARS {
                break;
            }
            distinct |= 1u64 << (m.word % 64);
            count += 1;
            if let Some(p) = prev
                && m.word == p.word + 1
                && m.char_start - p.char_end <= 2
            {
                neighbours += 1;
            }
            prev = Some(m);
        }
        let score = (distinct.count_ones(), neighbours, count);
        if best.as_ref().is_none_or(|(_, s)| score > *s) {
            best = Some((i, score));
        }
    }
    let Some((i, _)) = best else {
        return (0, cut_after(text, 0, SNIPPET_CHARS));
    };
    let first = matches[i];
    let span_end = matches[i..]
        .iter()
        .take_while(|m| m.char_end - first.char_start <= SNIPPET_CHARS)
        .last()
        .map_or(first.char_end, |m| m.char_end);
    let room = SNIPPET_CHARS.saturating_sub(span_end - first.char_start);
    // A third of the spare room before the first match reads as context; the rest follows.
    let lead = (room / 3).min(60);
    let from = start_before(text, first.start, lead);
    (from, cut_after(text, from, SNIPPET_CHARS))
}

/// Start of the text `chars` characters before `at`, moved forward to a word start.
fn start_before(text: &str, at: usize, chars: usize) -> usize {
    if chars == 0 {
        return at;
    }
    let Some((from, _)) = text[..at].char_indices().rev().nth(chars - 1) else {
        return 0;
    };
    if from == 0 {
        return 0;
    }
    // We probably landed inside a word: start at the next one instead (at most at `at`).
    match text[from..at].find(char::is_whitespace) {
        Some(ws) => at - text[from + ws..at].trim_start().len(),
        None => at,
    }
}

/// End of the text at most `chars` characters after `from`, moved back to a space.
fn cut_after(text: &str, from: usize, chars: usize) -> usize {
    let Some((to, _)) = text[from..].char_indices().nth(chars) else {
        return text.len();
    };
    let to = from + to;
    match text[from..to].rfind(char::is_whitespace) {
        Some(ws) if ws > 0 => from + text[from..from + ws].trim_end().len(),
        _ => to,
    }
}

/// Escapes `text[from..to]` into `out` with `<mark>` around matches; matches separated
/// only by spaces share one mark ("<mark>Hà Nội</mark>").
fn render(text: &str, from: usize, to: usize, matches: &[Match], out: &mut String) {
    let mut pos = from;
    let mut inside = matches
        .iter()
        .filter(|m| m.start >= from && m.end <= to)
        .peekable();
    while let Some(m) = inside.next() {
        escape_html_into(&text[pos..m.start], out);
        out.push_str("<mark>");
        let mut end = m.end;
        while let Some(next) = inside.peek() {
            if text[end..next.start].chars().all(|c| c == ' ') {
                end = next.end;
                inside.next();
            } else {
                break;
            }
        }
        escape_html_into(&text[m.start..end], out);
        out.push_str("</mark>");
        pos = end;
    }
    escape_html_into(&text[pos..to], out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn hl(q: &str) -> Highlighter {
        let p = parse(q);
        let none = vec![Vec::new(); p.words().count()];
        Highlighter::new(&p, &none)
    }

    #[test]
    fn marks_accented_text_for_unaccented_query() {
        let h = hl("ha noi");
        assert_eq!(
            h.highlight("Cử tri <Hà Nội> & Hà Nam"),
            "Cử tri &lt;<mark>Hà Nội</mark>&gt; &amp; <mark>Hà</mark> Nam"
        );
    }

    #[test]
    fn window_goes_to_the_densest_passage() {
        let filler = "Nội dung khác không liên quan đến chủ đề tìm kiếm. ".repeat(20);
        let body =
            format!("{filler}Cử tri kiến nghị sửa chữa đường giao thông nông thôn. {filler}");
        let s = hl("đường giao thông").snippet("", &body);
        assert!(s.contains("<mark>đường giao thông</mark>"), "{s}");
        assert!(s.starts_with("… ") && s.ends_with(" …"), "{s}");
        let visible: String = s.replace("<mark>", "").replace("</mark>", "");
        assert!(visible.chars().count() <= SNIPPET_CHARS + 4, "{visible}");
    }

    #[test]
    fn typed_marks_pick_the_spelling_when_the_text_has_it() {
        let h = hl("đặt tên");
        assert_eq!(
            h.highlight("Đất ở và việc đặt tên"),
            "Đất ở và việc <mark>đặt tên</mark>"
        );
        // Without the typed spelling in the text, the folded match still shows.
        assert_eq!(h.highlight("Đất ở"), "<mark>Đất</mark> ở");
        assert_eq!(
            hl("dat ten").highlight("Đất ở và việc đặt tên"),
            "<mark>Đất</mark> ở và việc <mark>đặt tên</mark>"
        );
    }

    #[test]
    fn falls_back_to_the_start_or_the_title() {
        let h = hl("thuỷ lợi");
        assert_eq!(
            h.snippet("Công trình thủy lợi", ""),
            "Công trình <mark>thủy lợi</mark>"
        );
        let s = h.snippet("Công trình thủy lợi", "Một bài không nhắc đến chủ đề.");
        assert_eq!(s, "Một bài không nhắc đến chủ đề.");
    }
}
