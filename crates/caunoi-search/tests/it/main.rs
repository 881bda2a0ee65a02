//! Front-door tests of the search index: everything through the public API, with Vietnamese
//! text written for these tests.

mod lifecycle;
mod malformed;
mod matching;
mod properties;
mod results;

use caunoi_search::{SearchDoc, SearchIndex, SearchQuery, SearchResults};
use time::OffsetDateTime;
use time::macros::datetime;

/// An article in Hà Nội (unit "01") with the given id, title and body.
pub fn doc(id: i64, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        kind: "article".into(),
        id,
        title: title.into(),
        body: body.into(),
        url: format!("/tin-tuc/bai-{id}"),
        unit_codes: vec!["01".into()],
        category: Some("tin-tuc".into()),
        published_at: Some(datetime!(2025-03-10 08:00 UTC)),
    }
}

/// A document with every field chosen.
pub fn full(
    kind: &str,
    id: i64,
    title: &str,
    units: &[&str],
    category: Option<&str>,
    published: Option<OffsetDateTime>,
) -> SearchDoc {
    SearchDoc {
        kind: kind.into(),
        id,
        title: title.into(),
        body: format!("{title}. Nội dung chi tiết sẽ được cập nhật."),
        url: format!("/{kind}/{id}"),
        unit_codes: units.iter().map(|u| (*u).to_owned()).collect(),
        category: category.map(str::to_owned),
        published_at: published,
    }
}

pub fn index_of(docs: &[SearchDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().expect("in-memory index");
    index.upsert(docs).expect("upsert");
    index
}

pub fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index.search(&SearchQuery::new(text)).expect("search")
}

pub fn ids(results: &SearchResults) -> Vec<i64> {
    results.items.iter().map(|h| h.id).collect()
}
