//! The index schema: what each field holds and how it is analysed.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer;

/// Fast-field names read by the facet collector and the date sort.
pub(crate) const KIND: &str = "kind";
pub(crate) const CATEGORY: &str = "category";
pub(crate) const UNIT0: &str = "unit0";
pub(crate) const YEAR: &str = "year";
pub(crate) const PUBLISHED: &str = "published";

/// Stored in place of a missing date so undated documents sort last by date.
pub(crate) const NO_DATE: i64 = i64::MIN;
/// Year facet value for undated documents; never shown.
pub(crate) const NO_YEAR: i64 = 0;

/// Handles of every field, resolved once.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// `kind:id`, the unit of replacement and deletion.
    pub key: Field,
    pub kind: Field,
    pub id: Field,
    /// Title: stored, and indexed in the exact view for the title bonus.
    pub title: Field,
    /// Title in the folded view, for the title bonus.
    pub title_folded: Field,
    /// Body: stored for snippets, not indexed on its own.
    pub body: Field,
    /// Title and the opening of the body (`index::EXACT_BODY_WORDS` words) in the exact view:
    /// the exact-match bonus and exact phrases.
    pub text: Field,
    /// Title and body in the folded view: what every query matches against.
    pub text_folded: Field,
    pub url: Field,
    /// Every code of the unit and its ancestors, for filtering.
    pub unit: Field,
    /// The unit's own code, for the facet.
    pub unit0: Field,
    pub category: Field,
    pub year: Field,
    pub published: Field,
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    // Positions in both views: phrases are matched in either.
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field(KIND, STRING | FAST | STORED),
        id: b.add_i64_field("id", STORED),
        title: b.add_text_field("title", text(analyzer::EXACT, true)),
        title_folded: b.add_text_field("title_folded", text(analyzer::FOLDED, false)),
        body: b.add_text_field("body", STORED),
        text: b.add_text_field("text", text(analyzer::EXACT, false)),
        text_folded: b.add_text_field("text_folded", text(analyzer::FOLDED, false)),
        url: b.add_text_field("url", STORED),
        unit: b.add_text_field("unit", STRING),
        unit0: b.add_text_field(UNIT0, STRING | FAST),
        category: b.add_text_field(CATEGORY, STRING | FAST),
        year: b.add_i64_field(YEAR, INDEXED | FAST),
        published: b.add_i64_field(PUBLISHED, FAST | STORED),
    };
    (b.build(), fields)
}
