//! Loading the relevance set committed in `bench/relevance/`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use caunoi_search::SearchDoc;
use serde::Deserialize;

/// One query of the relevance set with the ids of the documents that answer it.
#[derive(Debug, Clone, Deserialize)]
pub struct Query {
    /// Stable name, `q1`…
    pub id: String,
    /// What it tests: `accented`, `unaccented`, `tone`, `typo`, `phrase`.
    pub kind: String,
    /// The text as a user would type it.
    pub query: String,
    /// Ids (kind `article` and others alike; ids are unique in the set) judged relevant.
    pub relevant: Vec<i64>,
}

/// `bench/relevance`, wherever the benchmark is run from.
pub fn relevance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("relevance")
}

fn lines<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

/// The documents of the relevance set.
pub fn load_docs(dir: &Path) -> anyhow::Result<Vec<SearchDoc>> {
    lines(&dir.join("docs.jsonl"))
}

/// The queries of the relevance set.
pub fn load_queries(dir: &Path) -> anyhow::Result<Vec<Query>> {
    lines(&dir.join("queries.jsonl"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_set_is_consistent() {
        let dir = relevance_dir();
        let docs = load_docs(&dir).unwrap();
        let queries = load_queries(&dir).unwrap();
        assert!(docs.len() >= 100, "{} documents", docs.len());
        assert!(queries.len() >= 60, "{} queries", queries.len());
        let ids: std::collections::HashSet<i64> = docs.iter().map(|d| d.id).collect();
        assert_eq!(ids.len(), docs.len(), "ids are unique");
        for q in &queries {
            assert!(!q.relevant.is_empty(), "{}", q.id);
            for r in &q.relevant {
                assert!(ids.contains(r), "{}: unknown doc {r}", q.id);
            }
        }
        for d in &docs {
            assert!(
                vntext::is_nfc(&d.title) && vntext::is_nfc(&d.body),
                "doc {} NFC",
                d.id
            );
        }
    }
}
