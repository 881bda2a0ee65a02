//! Turning a parsed query into tantivy queries, built programmatically (never through
//! tantivy's query parser, so no user text is ever read as syntax).
//!
//! A search runs in two steps. Matching and the first ranking use the folded view of title
//! and body only (one term per word, so tantivy's fast intersections and block-max pruning
//! apply). The best candidates are then rescored with everything that makes a good match
//! better: the marks the user typed, the title, and neighbouring words found together.

use std::collections::BTreeMap;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::parse::{Parsed, QueryWord};
use crate::schema::Fields;

/// A title match counts this much more than a body match.
const TITLE: f32 = 1.5;
/// A match with the marks the user typed.
const EXACT: f32 = 1.5;
/// Neighbouring query words found next to each other.
const PHRASE: f32 = 1.5;
/// A word one edit away from a (rare) query word: well below a real match.
const FUZZY: f32 = 0.25;
/// When not every word could be required, documents with every word still come first.
const ALL_WORDS: f32 = 100.0;

/// Typo tolerance applies to words of at least this many letters; shorter syllables are
/// one edit away from dozens of others.
const FUZZY_MIN_CHARS: usize = 4;
/// At most this many corrections per word, the most frequent first.
const FUZZY_MAX_EXPANSIONS: usize = 4;

/// Corrections (folded terms one edit away) per query word, in `Parsed::words()` order.
pub(crate) type Expansions = Vec<Vec<String>>;

/// Finds corrections for the query words that look like typos: words of at least
/// [`FUZZY_MIN_CHARS`] letters that are absent or rare in the index, corrected to terms one
/// edit away that are more frequent. Expanding every word would drown real matches in
/// noise and cost a posting-list union per neighbour; a typo shows up as a rare term.
pub(crate) fn expand(
    searcher: &Searcher,
    f: &Fields,
    parsed: &Parsed,
) -> tantivy::Result<Expansions> {
    let num_docs = searcher.num_docs();
    let mut out = Vec::new();
    for w in parsed.words() {
        out.push(corrections(searcher, f, w, num_docs)?);
    }
    Ok(out)
}

fn corrections(
    searcher: &Searcher,
    f: &Fields,
    w: &QueryWord,
    num_docs: u64,
) -> tantivy::Result<Vec<String>> {
    if w.folded.chars().count() < FUZZY_MIN_CHARS {
        return Ok(Vec::new());
    }
    let own = searcher.doc_freq(&Term::from_field_text(f.text_folded, &w.folded))?;
    // Rare: fewer than one document in a thousand (so absent, in a small index).
    if own > 0 && own.saturating_mul(1000) >= num_docs {
        return Ok(Vec::new());
    }
    let automaton = FuzzyTermQuery::new(Term::from_field_text(f.text_folded, &w.folded), 1, true)
        .automaton()?;
    let mut found: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(f.text_folded)?;
        let mut stream = inverted.terms().search(&automaton).into_stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key())
                && term != w.folded
            {
                *found.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut candidates: Vec<(String, u64)> = found.into_iter().filter(|&(_, n)| n > own).collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(candidates
        .into_iter()
        .take(FUZZY_MAX_EXPANSIONS)
        .map(|(t, _)| t)
        .collect())
}

/// How many of the plain (unquoted) words a document must contain. Search starts with
/// `All` and relaxes when that finds too little.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tier {
    /// Every word.
    All,
    /// Two thirds of them, rounded up.
    Most,
    /// Any one.
    Any,
}

impl Tier {
    /// The tiers worth trying for `n` plain words, strictest first.
    pub fn for_words(n: usize) -> &'static [Tier] {
        match n {
            0 | 1 => &[Tier::All],
            2 => &[Tier::All, Tier::Any],
            _ => &[Tier::All, Tier::Most, Tier::Any],
        }
    }
}

fn boxed(q: impl Query) -> Box<dyn Query> {
    Box::new(q)
}

fn term(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    if boost == 1.0 {
        boxed(q)
    } else {
        boxed(BoostQuery::new(boxed(q), boost))
    }
}

fn phrase(field: Field, words: &[(usize, &str)], boost: f32) -> Box<dyn Query> {
    let terms = words
        .iter()
        .map(|&(i, w)| (i, Term::from_field_text(field, w)))
        .collect();
    boxed(BoostQuery::new(
        boxed(PhraseQuery::new_with_offset(terms)),
        boost,
    ))
}

fn should(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    boxed(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Whether the exact view holds this word: it skips unmarked (ASCII) words, which are
/// their own folded form, to save a fifth of the indexing work.
fn in_exact_view(w: &QueryWord) -> bool {
    !w.exact.is_ascii()
}

/// One word in the folded view, or any of its corrections.
fn word_match(f: &Fields, w: &QueryWord, corrections: &[String]) -> Box<dyn Query> {
    let own = term(f.text_folded, &w.folded, 1.0);
    if corrections.is_empty() {
        return own;
    }
    let mut c = vec![own];
    c.extend(
        corrections
            .iter()
            .map(|fix| term(f.text_folded, fix, FUZZY)),
    );
    should(c)
}

/// A quoted run: a phrase in the folded view (a single word is just that word).
fn quoted_match(f: &Fields, words: &[QueryWord]) -> Box<dyn Query> {
    match words {
        [one] => term(f.text_folded, &one.folded, 1.0),
        _ => {
            let folded: Vec<(usize, &str)> = words
                .iter()
                .enumerate()
                .map(|(i, w)| (i, w.folded.as_str()))
                .collect();
            phrase(f.text_folded, &folded, 1.0)
        }
    }
}

/// The queries of one search.
pub(crate) struct Plan<'a> {
    f: &'a Fields,
    parsed: &'a Parsed,
    corrections: &'a Expansions,
    /// Exact-value filters, as zero-weight term queries: a term scorer keeps tantivy's
    /// fast intersection and pruning paths open, a constant-score wrapper would not.
    filters: Vec<Term>,
}

impl<'a> Plan<'a> {
    pub fn new(
        f: &'a Fields,
        parsed: &'a Parsed,
        corrections: &'a Expansions,
        filters: Vec<Term>,
    ) -> Self {
        Self {
            f,
            parsed,
            corrections,
            filters,
        }
    }

    /// Number of plain (unquoted) words.
    pub fn plain_words(&self) -> usize {
        self.parsed
            .runs
            .iter()
            .filter(|r| !r.quoted)
            .map(|r| r.words.len())
            .sum()
    }

    /// Whether the matcher at `tier` is a plain intersection of terms, which tantivy ranks
    /// with block-max pruning; then counting and ranking are best done as separate passes.
    pub fn prunable(&self, tier: Tier) -> bool {
        tier == Tier::All
            && self.parsed.runs.iter().all(|r| !r.quoted)
            && self.corrections.iter().all(Vec::is_empty)
    }

    /// Documents matching at `tier`, scored by BM25 over the folded view; filters applied.
    pub fn matcher(&self, tier: Tier) -> Box<dyn Query> {
        let f = self.f;
        let mut must: Vec<Box<dyn Query>> = Vec::new();
        let mut plain: Vec<Box<dyn Query>> = Vec::new();
        let mut k = 0;
        for run in &self.parsed.runs {
            if run.quoted {
                must.push(quoted_match(f, &run.words));
            } else {
                for (i, w) in run.words.iter().enumerate() {
                    plain.push(word_match(f, w, &self.corrections[k + i]));
                }
            }
            k += run.words.len();
        }
        let n = plain.len();
        match tier {
            Tier::All => must.extend(plain),
            _ if n == 0 => {}
            Tier::Most | Tier::Any => {
                let min = if tier == Tier::Most { n - n / 3 } else { 1 };
                must.push(boxed(BooleanQuery::with_minimum_required_clauses(
                    plain.into_iter().map(|q| (Occur::Should, q)).collect(),
                    min,
                )));
            }
        }
        for t in &self.filters {
            let q = TermQuery::new(t.clone(), IndexRecordOption::Basic);
            must.push(boxed(BoostQuery::new(boxed(q), 0.0)));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            must.into_iter().map(|q| (Occur::Must, q)).collect();
        if tier != Tier::All {
            // Few documents have every word (or we would not be here), so this is cheap.
            let all = ConstScoreQuery::new(self.matcher(Tier::All), ALL_WORDS);
            clauses.push((Occur::Should, boxed(all)));
        }
        boxed(BooleanQuery::new(clauses))
    }

    /// The bonuses a candidate earns on top of its first score: exact (marked) words in
    /// title and text, folded words in the title, and neighbouring words as phrases. Each
    /// is checked on its own, so a phrase is only looked for in the candidates.
    pub fn bonuses(&self) -> Vec<Box<dyn Query>> {
        let f = self.f;
        // Unmarked words are taken literally only when the user typed marks elsewhere: who
        // types "Hà Nam" means "nam"; who types "ha nam" may mean "năm".
        let exact = self.parsed.typed_marks();
        let mut c: Vec<Box<dyn Query>> = Vec::new();
        for run in &self.parsed.runs {
            for w in &run.words {
                c.push(term(f.title_folded, &w.folded, TITLE));
                if exact && in_exact_view(w) {
                    c.push(term(f.text, &w.exact, EXACT));
                    c.push(term(f.title, &w.exact, EXACT * TITLE));
                }
            }
            // Multi-syllable words are neighbours: reward each adjacent pair found together.
            // A quoted run is already a phrase; it earns the exact-phrase bonus whole.
            let groups: Vec<&[QueryWord]> = if run.quoted {
                vec![&run.words[..]]
            } else {
                run.words.windows(2).collect()
            };
            for g in groups.into_iter().filter(|g| g.len() >= 2) {
                if !run.quoted {
                    let folded: Vec<(usize, &str)> = g
                        .iter()
                        .enumerate()
                        .map(|(i, w)| (i, w.folded.as_str()))
                        .collect();
                    c.push(phrase(f.text_folded, &folded, PHRASE));
                }
                // The exact view has holes where unmarked words are, so its phrase checks
                // the marked words at their offsets; the folded phrase checked the rest.
                let marked: Vec<(usize, &str)> = g
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| in_exact_view(w))
                    .map(|(i, w)| (i, w.exact.as_str()))
                    .collect();
                if exact && marked.len() >= 2 {
                    c.push(phrase(f.text, &marked, PHRASE * EXACT));
                }
            }
        }
        c
    }
}
