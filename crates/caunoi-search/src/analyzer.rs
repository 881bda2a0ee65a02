//! The two Vietnamese tokenizers tantivy indexes title and body with: one word per token,
//! in the exact (canonical) or the folded form.

use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::text::{CanonicalCache, MAX_WORD_BYTES, Words, fold_into, words};

/// Name of the tokenizer that keeps diacritics (NFC, lowercase, new tone-mark style); it
/// emits only words that have marks (or đ).
pub(crate) const EXACT: &str = "vi_exact";
/// Name of the accent-folding tokenizer.
pub(crate) const FOLDED: &str = "vi_folded";

/// Registers both tokenizers; tantivy keeps only their names in the index, so this runs
/// on every open as well as on create.
pub(crate) fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(EXACT, TextAnalyzer::from(ViTokenizer::new(View::Exact)));
    tokenizers.register(FOLDED, TextAnalyzer::from(ViTokenizer::new(View::Folded)));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Exact,
    Folded,
}

/// Splits text into words and emits each in one view. Tantivy clones a tokenizer per
/// segment writer, so the canonical-form cache lives as long as a segment's indexing.
#[derive(Clone)]
struct ViTokenizer {
    view: View,
    token: Token,
    cache: CanonicalCache,
}

impl ViTokenizer {
    fn new(view: View) -> Self {
        Self {
            view,
            token: Token::default(),
            cache: CanonicalCache::default(),
        }
    }
}

impl Tokenizer for ViTokenizer {
    type TokenStream<'a> = ViTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ViTokenStream<'a> {
        self.token.reset();
        ViTokenStream {
            text,
            words: words(text),
            view: self.view,
            token: &mut self.token,
            cache: &mut self.cache,
        }
    }
}

struct ViTokenStream<'a> {
    text: &'a str,
    words: Words<'a>,
    view: View,
    token: &'a mut Token,
    cache: &'a mut CanonicalCache,
}

impl TokenStream for ViTokenStream<'_> {
    fn advance(&mut self) -> bool {
        for (start, end) in self.words.by_ref() {
            if end - start > MAX_WORD_BYTES {
                continue;
            }
            let word = &self.text[start..end];
            if self.view == View::Exact && word.is_ascii() {
                // Unmarked words are their own folded form: the folded view has them, and
                // leaving them out here saves a fifth of indexing. The position still
                // advances so phrases line up in both views.
                self.token.position = self.token.position.wrapping_add(1);
                continue;
            }
            match self.view {
                View::Exact => self.cache.canonical_into(word, &mut self.token.text),
                View::Folded => fold_into(word, &mut self.token.text),
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            // Starts at usize::MAX after reset, so the first word gets position 0.
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(view: View, text: &str) -> Vec<(String, usize)> {
        let mut t = ViTokenizer::new(view);
        let mut stream = t.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let tok = stream.token();
            out.push((tok.text.clone(), tok.position));
        }
        out
    }

    #[test]
    fn exact_view_keeps_marks_in_new_style() {
        assert_eq!(
            tokens(View::Exact, "Thành ủy Hà Nội"),
            [
                ("thành".into(), 0),
                ("uỷ".into(), 1),
                ("hà".into(), 2),
                ("nội".into(), 3)
            ]
        );
    }

    #[test]
    fn exact_view_leaves_holes_for_unmarked_words() {
        assert_eq!(
            tokens(View::Exact, "Cử tri Ba Vì"),
            [("cử".into(), 0), ("vì".into(), 3)]
        );
    }

    #[test]
    fn folded_view_drops_marks() {
        assert_eq!(
            tokens(View::Folded, "Đường Hòa Bình!"),
            [("duong".into(), 0), ("hoa".into(), 1), ("binh".into(), 2)]
        );
    }
}
