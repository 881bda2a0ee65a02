//! Running a search: parse, plan, count with facets, rank the page, and dress the hits
//! with snippets and a "did you mean".

use tantivy::collector::TopDocs;
use tantivy::query::{EnableScoring, Query, Scorer};
use tantivy::schema::Value;
use tantivy::{DocAddress, DocSet, Order, Searcher, SeekDangerResult, TantivyDocument, Term};
use time::OffsetDateTime;

use crate::facets::FacetCollector;
use crate::parse::parse;
use crate::plan::{self, Plan, Tier};
use crate::schema::{Fields, NO_DATE, PUBLISHED};
use crate::snippet::Highlighter;
use crate::suggest::did_you_mean;
use crate::{Hit, QueryNotice, SearchError, SearchIndex, SearchQuery, SearchResults, Sort};

/// Deeper pages cost more to collect than anyone reads; past this offset a page is empty.
const MAX_OFFSET: usize = 10_000;
const MAX_PER_PAGE: usize = 100;
const DEFAULT_PER_PAGE: usize = 10;
/// Fewer matches than this with every word required, and search relaxes to most words.
const RELAX_BELOW: u64 = 10;
/// How many first-pass candidates are rescored with the bonuses for the final order.
const RERANK_DEPTH: usize = 50;

impl SearchIndex {
    /// Searches. Any query text is accepted: malformed input is cleaned up and reported in
    /// [`SearchResults::notice`], never an error.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let parsed = parse(&q.text);
        if parsed.is_empty() {
            return Ok(SearchResults {
                notice: parsed.notice.or(Some(QueryNotice::Empty)),
                ..SearchResults::default()
            });
        }
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let corrections = plan::expand(&searcher, f, &parsed)?;
        let plan = Plan::new(f, &parsed, &corrections, filter_terms(f, q));

        let per_page = match q.per_page {
            0 => DEFAULT_PER_PAGE,
            n => n.min(MAX_PER_PAGE),
        };
        let offset = q.page.max(1).saturating_sub(1).saturating_mul(per_page);
        let depth = RERANK_DEPTH.max(offset.saturating_add(per_page).min(MAX_OFFSET));
        let ranked = q.sort == Sort::Relevance;

        // Require every word; relax when that finds too little. Where tantivy cannot prune
        // (phrases, corrections, relaxed tiers) one scored pass counts and ranks at once;
        // otherwise counting without scores and ranking with pruning is faster.
        let tiers = Tier::for_words(plan.plain_words());
        let mut chosen = None;
        for (i, &tier) in tiers.iter().enumerate() {
            let matcher = plan.matcher(tier);
            let (counts, top) = if ranked && !plan.prunable(tier) {
                let collector = (TopDocs::with_limit(depth).order_by_score(), FacetCollector);
                let (top, counts) = searcher.search(matcher.as_ref(), &collector)?;
                (counts, Some(top))
            } else {
                (searcher.search(matcher.as_ref(), &FacetCollector)?, None)
            };
            let enough = match tiers.get(i + 1) {
                None => 0,
                Some(Tier::Any) => 1,
                Some(_) => RELAX_BELOW,
            };
            let done = counts.total >= enough;
            chosen = Some((matcher, counts, top));
            if done {
                break;
            }
        }
        let Some((matcher, counts, top)) = chosen else {
            return Ok(SearchResults::default());
        };
        let total = counts.total;

        let page: Vec<(f32, DocAddress)> = if total == 0 || offset >= MAX_OFFSET {
            Vec::new()
        } else if ranked {
            let mut top = match top {
                Some(top) => top,
                None => searcher.search(
                    matcher.as_ref(),
                    &TopDocs::with_limit(depth).order_by_score(),
                )?,
            };
            rescore(&searcher, &plan.bonuses(), &mut top)?;
            top.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            top.into_iter().skip(offset).take(per_page).collect()
        } else {
            let top = TopDocs::with_limit(per_page).and_offset(offset);
            searcher
                .search(
                    matcher.as_ref(),
                    &top.order_by_fast_field::<i64>(PUBLISHED, Order::Desc),
                )?
                .into_iter()
                .map(|(_, addr)| (0.0, addr))
                .collect()
        };

        let highlighter = Highlighter::new(&parsed, &corrections);
        let mut items = Vec::with_capacity(page.len());
        let mut suggestion = None;
        for (score, addr) in page {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let stored = Stored::read(f, &doc);
            if items.is_empty() {
                suggestion = did_you_mean(&parsed, &highlighter, stored.title, stored.body);
            }
            items.push(Hit {
                kind: stored.kind.to_owned(),
                id: stored.id,
                title: stored.title.to_owned(),
                title_html: highlighter.highlight(stored.title),
                snippet_html: highlighter.snippet(stored.title, stored.body),
                url: stored.url.to_owned(),
                score,
                published_at: stored.published,
            });
        }

        Ok(SearchResults {
            items,
            total,
            facets: counts.into_facets(),
            did_you_mean: suggestion,
            notice: parsed.notice,
        })
    }
}

/// Adds each candidate's bonuses (see [`Plan::bonuses`]) to its first-pass score.
///
/// Each bonus is checked only at the candidates, in document order, with tantivy's
/// `seek_danger`: a plain `seek` on a phrase would scan on to the next document holding
/// the phrase, which for a phrase absent from a candidate can be the rest of the index.
fn rescore(
    searcher: &Searcher,
    bonuses: &[Box<dyn Query>],
    hits: &mut [(f32, DocAddress)],
) -> tantivy::Result<()> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weights = bonuses
        .iter()
        .map(|q| q.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let addresses: Vec<DocAddress> = hits.iter().map(|h| h.1).collect();
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by_key(|&i| addresses[i]);
    for segment in order.chunk_by(|&a, &b| addresses[a].segment_ord == addresses[b].segment_ord) {
        let reader = searcher.segment_reader(addresses[segment[0]].segment_ord);
        for weight in &weights {
            let mut scorer: Option<Box<dyn Scorer>> = None;
            // Below this document the scorer has nothing (valid after a miss).
            let mut lower_bound = 0;
            for &i in segment {
                let doc = addresses[i].doc_id;
                if doc < lower_bound {
                    continue;
                }
                let found = match &mut scorer {
                    None => {
                        let (result, s) = weight.scorer_danger(reader, doc, 1.0)?;
                        scorer = Some(s);
                        result
                    }
                    Some(s) => s.seek_danger(doc),
                };
                match (found, &mut scorer) {
                    (SeekDangerResult::Found, Some(s)) => hits[i].0 += s.score(),
                    (SeekDangerResult::SeekLowerBound(next), _) => lower_bound = next,
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

fn filter_terms(f: &Fields, q: &SearchQuery) -> Vec<Term> {
    let mut t = Vec::new();
    if let Some(kind) = &q.kind {
        t.push(Term::from_field_text(f.kind, kind));
    }
    if let Some(unit) = &q.unit {
        t.push(Term::from_field_text(f.unit, unit));
    }
    if let Some(category) = &q.category {
        t.push(Term::from_field_text(f.category, category));
    }
    if let Some(year) = q.year {
        t.push(Term::from_field_i64(f.year, i64::from(year)));
    }
    t
}

/// The stored fields of a hit, borrowed from the document.
struct Stored<'a> {
    kind: &'a str,
    id: i64,
    title: &'a str,
    body: &'a str,
    url: &'a str,
    published: Option<OffsetDateTime>,
}

impl<'a> Stored<'a> {
    fn read(f: &Fields, doc: &'a TantivyDocument) -> Self {
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
        let int = |field| doc.get_first(field).and_then(|v| v.as_i64());
        Stored {
            kind: text(f.kind),
            id: int(f.id).unwrap_or_default(),
            title: text(f.title),
            body: text(f.body),
            url: text(f.url),
            published: int(f.published)
                .filter(|&t| t != NO_DATE)
                .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok()),
        }
    }
}
