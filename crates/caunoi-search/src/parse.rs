//! Reading what a user typed into words and quoted phrases, bounded and without failure.

use crate::QueryNotice;
use crate::text::{MAX_WORD_BYTES, fold_word, words};

/// Queries are cut to this many characters: nobody types more into a search box, and it
/// bounds the work one request can cause.
pub const MAX_QUERY_CHARS: usize = 256;
/// At most this many words are searched for; the rest are dropped with `TooLong`.
pub const MAX_QUERY_WORDS: usize = 24;

/// One word of the query in the forms the index holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryWord {
    /// As typed, in NFC.
    pub typed: String,
    /// `vntext::canonical`: matches the exact fields.
    pub exact: String,
    /// `vntext::fold`: matches the folded fields.
    pub folded: String,
}

impl QueryWord {
    fn new(typed: &str) -> Self {
        Self {
            typed: typed.to_owned(),
            exact: vntext::canonical(typed),
            folded: fold_word(typed),
        }
    }

    /// Whether the user typed a mark on this word (then the exact form says something).
    pub fn has_marks(&self) -> bool {
        self.exact != self.folded
    }
}

/// A run of words as typed: quoted runs must match as a phrase, plain runs are a bag of
/// words where neighbours earn a phrase bonus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    pub quoted: bool,
    pub words: Vec<QueryWord>,
}

/// The parsed query.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub runs: Vec<Run>,
    pub notice: Option<QueryNotice>,
}

impl Parsed {
    pub fn words(&self) -> impl Iterator<Item = &QueryWord> {
        self.runs.iter().flat_map(|r| r.words.iter())
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.words.is_empty())
    }

    /// Whether the user typed marks anywhere; if not, unmarked words are folded, not exact.
    pub fn typed_marks(&self) -> bool {
        self.words().any(QueryWord::has_marks)
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Boolean operators of other search syntaxes; they are not words anyone searches for.
fn is_operator_word(w: &str) -> bool {
    matches!(w, "AND" | "OR" | "NOT")
}

/// Parses `input`. Never fails: whatever cannot be understood is dropped, and `notice`
/// says so when the user should know.
pub(crate) fn parse(input: &str) -> Parsed {
    let mut notice = None;
    let mut text = input;
    if let Some((cut, _)) = text.char_indices().nth(MAX_QUERY_CHARS) {
        text = &text[..cut];
        notice = Some(QueryNotice::TooLong);
    }
    let text = vntext::nfc(text);
    if text.chars().all(char::is_whitespace) {
        return Parsed {
            runs: Vec::new(),
            notice: Some(QueryNotice::Empty),
        };
    }

    let quotes = text.chars().filter(|&c| is_quote(c)).count();
    let honour_quotes = quotes % 2 == 0;
    if !honour_quotes {
        notice = notice.or(Some(QueryNotice::UnbalancedQuotes));
    }

    let mut runs: Vec<Run> = Vec::new();
    let mut quoted = false;
    let mut total_words = 0usize;
    // Split at quotes; each piece is one run.
    for (i, piece) in text.split(is_quote).enumerate() {
        if i > 0 && honour_quotes {
            quoted = !quoted;
        }
        let mut run = Run {
            quoted,
            words: Vec::new(),
        };
        for (a, b) in words(piece) {
            let w = &piece[a..b];
            if is_operator_word(w) || b - a > MAX_WORD_BYTES {
                continue;
            }
            if total_words == MAX_QUERY_WORDS {
                notice = Some(QueryNotice::TooLong);
                break;
            }
            total_words += 1;
            run.words.push(QueryWord::new(w));
        }
        if !run.words.is_empty() {
            runs.push(run);
        }
    }
    if runs.is_empty() {
        // Something was typed, but nothing we can search for: `AND (`, `+-*`, `:`, or one
        // endless "word".
        let only_operators = words(&text).all(|(a, b)| is_operator_word(&text[a..b]));
        notice = Some(if only_operators {
            QueryNotice::OnlyOperators
        } else if notice == Some(QueryNotice::TooLong) {
            QueryNotice::TooLong
        } else {
            QueryNotice::Empty
        });
    }
    Parsed { runs, notice }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(p: &Parsed) -> Vec<Vec<&str>> {
        p.runs
            .iter()
            .map(|r| r.words.iter().map(|w| w.typed.as_str()).collect())
            .collect()
    }

    #[test]
    fn plain_words_make_one_bag() {
        let p = parse("  kiến nghị  cử tri ");
        assert_eq!(typed(&p), [["kiến", "nghị", "cử", "tri"]]);
        assert!(!p.runs[0].quoted);
        assert_eq!(p.notice, None);
        assert_eq!(p.runs[0].words[0].folded, "kien");
        assert_eq!(p.runs[0].words[0].exact, "kiến");
    }

    #[test]
    fn quotes_make_phrases() {
        let p = parse("giám sát \"an toàn thực phẩm\" Hà Nội");
        assert_eq!(
            typed(&p),
            vec![
                vec!["giám", "sát"],
                vec!["an", "toàn", "thực", "phẩm"],
                vec!["Hà", "Nội"]
            ]
        );
        assert_eq!(
            p.runs.iter().map(|r| r.quoted).collect::<Vec<_>>(),
            [false, true, false]
        );
    }

    #[test]
    fn unbalanced_quotes_become_plain_words() {
        let p = parse("\"đất đai Đông Anh");
        assert_eq!(p.notice, Some(QueryNotice::UnbalancedQuotes));
        assert!(p.runs.iter().all(|r| !r.quoted));
        assert_eq!(p.words().count(), 4);
    }

    #[test]
    fn operators_only_are_reported() {
        for q in ["AND OR NOT", "( ) + - * :", "\"\"", "AND ( NOT )"] {
            let p = parse(q);
            assert!(p.is_empty(), "{q}");
            assert_eq!(p.notice, Some(QueryNotice::OnlyOperators), "{q}");
        }
        assert_eq!(parse(" \t ").notice, Some(QueryNotice::Empty));
        assert_eq!(parse("").notice, Some(QueryNotice::Empty));
    }

    #[test]
    fn long_input_is_cut() {
        let long = "hội đồng nhân dân ".repeat(600);
        let p = parse(&long);
        assert_eq!(p.notice, Some(QueryNotice::TooLong));
        assert!(p.words().count() <= MAX_QUERY_WORDS);
    }

    #[test]
    fn typed_marks_is_per_query() {
        assert!(parse("Hà Nam").typed_marks());
        assert!(!parse("ha nam").typed_marks());
    }
}
