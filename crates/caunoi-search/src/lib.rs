//! Full-text search for Cầu Nối: a tantivy index of every public document, searched the way
//! Vietnamese voters type — with or without accents, in either tone-mark style, with typos.
//!
//! The index holds ids and the text needed for ranking and snippets; the database stays the
//! source of truth, and the caller feeds documents in (no database access here).
//!
//! Every title and body is indexed twice: an *exact* view (NFC, lowercase, tone marks in the
//! new style via [`vntext::canonical`]) and a *folded* view ([`vntext::fold`]). A query
//! searches both, the exact view boosted, so `ha noi` finds "Hà Nội", `Thành ủy` finds
//! "Thành uỷ", and a page with the accents the user typed ranks first.
//!
//! A document must contain every word (each word or, for a rare word of four letters or
//! more, a correction one edit away); when that finds fewer than ten, most words, then any
//! word, with documents holding every word still first. Ranking is BM25 over the folded
//! view, then the best candidates earn bonuses for typed marks, title matches and
//! neighbouring query words found side by side, so `hội đồng nhân dân` ranks the phrase
//! above the four syllables scattered. Quoted text must appear as a phrase.
//!
//! ```
//! use caunoi_search::{SearchDoc, SearchIndex, SearchQuery};
//!
//! let index = SearchIndex::in_memory()?;
//! index.upsert(&[SearchDoc {
//!     kind: "article".into(),
//!     id: 1,
//!     title: "Thành uỷ Hà Nội họp về đất đai".into(),
//!     body: "Cử tri phản ánh chậm cấp giấy chứng nhận quyền sử dụng đất.".into(),
//!     url: "/tin-tuc/thanh-uy-ha-noi-hop-ve-dat-dai-1".into(),
//!     unit_codes: vec!["01".into()],
//!     category: Some("tin-tuc".into()),
//!     published_at: None,
//! }])?;
//! let results = index.search(&SearchQuery::new("thanh uy ha noi"))?;
//! assert_eq!(results.items[0].id, 1);
//! assert_eq!(results.did_you_mean.as_deref(), Some("Thành uỷ Hà Nội"));
//! # Ok::<(), caunoi_search::SearchError>(())
//! ```

#![warn(missing_docs)]

mod analyzer;
mod facets;
mod index;
mod parse;
mod plan;
mod schema;
mod search;
pub mod similar;
mod snippet;
mod suggest;
mod text;

pub use index::{BulkOptions, BulkWriter, SearchIndex};
pub use parse::{MAX_QUERY_CHARS, MAX_QUERY_WORDS};
pub use snippet::SNIPPET_CHARS;

use time::OffsetDateTime;

/// One document to index. `(kind, id)` identifies it: upserting the same pair replaces it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchDoc {
    /// `"article"`, `"unit"`, `"event"`, `"resolution"`, `"delegate"` or `"petition"`.
    pub kind: String,
    /// Database id.
    pub id: i64,
    /// Title, plain text.
    pub title: String,
    /// Body, plain text (no HTML).
    pub body: String,
    /// Public URL of the page.
    pub url: String,
    /// The unit's code and its ancestors' codes (own code first); filtering by `"01"` finds
    /// everything in Hà Nội.
    pub unit_codes: Vec<String>,
    /// Category slug.
    pub category: Option<String>,
    /// Publication time: the date sort and the year facet (in Vietnam time, UTC+7).
    /// RFC 3339 in JSON.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most recently published first; undated documents last.
    Newest,
}

/// A search request. Filters are exact values (`kind`, unit code, category slug, year).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchQuery {
    /// What the user typed, as typed. Any string is accepted.
    pub text: String,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only documents of this unit or its descendants.
    pub unit: Option<String>,
    /// Only this category slug.
    pub category: Option<String>,
    /// Only documents published in this year (Vietnam time).
    pub year: Option<i32>,
    /// Result order.
    pub sort: Sort,
    /// Page number from 1 (0 is read as 1).
    pub page: usize,
    /// Results per page, 1 to 100 (0 is read as 10).
    pub per_page: usize,
}

impl SearchQuery {
    /// A relevance-sorted first page of ten for `text`, no filters.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            page: 1,
            per_page: 10,
            ..Self::default()
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Kind of the document.
    pub kind: String,
    /// Database id.
    pub id: i64,
    /// Title as indexed (plain text).
    pub title: String,
    /// Title, HTML-escaped, with `<mark>…</mark>` around words that matched.
    pub title_html: String,
    /// About [`SNIPPET_CHARS`] characters of the body around the best match, HTML-escaped,
    /// with `<mark>…</mark>` around words that matched.
    pub snippet_html: String,
    /// Public URL.
    pub url: String,
    /// Relevance score (0 when sorted by date).
    pub score: f32,
    /// Publication time, in UTC, to the second. RFC 3339 in JSON.
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
}

/// Counts per value for the matching documents (filters applied), most frequent first;
/// years newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    /// Per kind.
    pub kind: Vec<(String, u64)>,
    /// Per category slug.
    pub category: Vec<(String, u64)>,
    /// Per year of publication (Vietnam time).
    pub year: Vec<(i32, u64)>,
    /// Per unit, by each document's own (first) unit code.
    pub unit: Vec<(String, u64)>,
}

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct SearchResults {
    /// The requested page.
    pub items: Vec<Hit>,
    /// Number of matching documents.
    pub total: u64,
    /// Counts of the matching documents per filter value.
    pub facets: Facets,
    /// The query as the best match spells it, when that differs from what was typed
    /// (`ha noi` → `Hà Nội`, a typo corrected).
    pub did_you_mean: Option<String>,
    /// Something about the query the user should be told.
    pub notice: Option<QueryNotice>,
}

/// Why a query was not taken exactly as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum QueryNotice {
    /// Nothing to search for; there are no results.
    Empty,
    /// The query was cut to [`MAX_QUERY_CHARS`] characters or [`MAX_QUERY_WORDS`] words.
    TooLong,
    /// Only operators or punctuation (`AND`, `(`, `-`, `:` …); there are no results.
    OnlyOperators,
    /// A quote was not closed, so quotes were ignored and every word searched for alone.
    UnbalancedQuotes,
}

/// Errors of the search index. User input never causes one: these are IO and index
/// corruption, or an index written with another schema (delete it and reindex).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// Tantivy failed (IO, corruption, lock held by another writer).
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index directory could not be opened.
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// The directory could not be created.
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    /// The index on disk was built with a different schema; rebuild it with a reindex.
    #[error("search index at {0} has an older schema; delete it and reindex")]
    SchemaMismatch(String),
}
