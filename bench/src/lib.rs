//! Search benchmark building blocks: the relevance set, the document generator, quality
//! metrics, the SQLite FTS5 baseline and process measurements.

pub mod corpus;
pub mod fts;
pub mod generate;
pub mod metrics;
pub mod system;
