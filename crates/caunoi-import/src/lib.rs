//! Reads the plain-text article export of older council portals into a [`LegacyArticle`]:
//! publication time, category, title, lead, body paragraphs and captions, related drafts and
//! source. Pure functions: the caller reads the file and stores the result.
//!
//! [`doctext`] reads the text of resolutions attached as PDF or Word (.docx) files.
//!
//! The export looks like this (blank lines separate paragraphs):
//!
//! ```text
//! M                                   ← optional stray marker of the old CMS
//! 14:30 | 05/03/2019                  ← publication time, Vietnam time (UTC+7)
//! Hoạt động của HĐND                  ← category
//! Tiêu đề bài viết                    ← title
//! Đoạn mở đầu (sa-pô) …               ← lead: the first paragraph
//! tin nhap 20190305142000 Bài liên quan  ← reference to a related draft, never body text
//! Quang cảnh kỳ họp                   ← caption of the photo at that position
//! Đoạn thân bài …
//! Nguồn: Báo Nhân dân                 ← source, possibly with the name on the next line
//! ```
//!
//! ```
//! let export = "14:30 | 05/03/2019\n\nHoạt động của HĐND\n\nKỳ họp thứ tư\n\n\
//!               Sáng nay, HĐND tỉnh khai mạc kỳ họp.\n\nNguồn: Báo Nhân dân\n";
//! let article = caunoi_import::parse_legacy_article(export.as_bytes()).unwrap();
//! assert_eq!(article.title, "Kỳ họp thứ tư");
//! assert_eq!(article.lead, "Sáng nay, HĐND tỉnh khai mạc kỳ họp.");
//! assert_eq!(article.source.as_deref(), Some("Báo Nhân dân"));
//! assert_eq!(caunoi_import::category_slug(&article.category), "hoat-dong-cua-hdnd");
//! ```

#![warn(missing_docs)]

pub mod budget;
pub mod doctext;
mod error;
mod lines;
mod markdown;
pub mod ooxml;
mod parse;
pub mod sheet;
mod timeline;

pub use budget::{Budget, Limits, OverBudget};
pub use doctext::{DocKind, DocText, DocTextError};
pub use error::ImportError;
pub use parse::parse_legacy_article;

/// An article of an old portal, as read from its plain-text export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyArticle {
    /// Publication time in UTC, converted from the Vietnam-time line of the export.
    pub published_at: time::OffsetDateTime,
    /// Category as written in the export (NFC); see [`category_slug`] to match it.
    pub category: String,
    /// Title (NFC, whitespace collapsed).
    pub title: String,
    /// Lead (sa-pô): the first paragraph after the title; empty when the article has none.
    pub lead: String,
    /// Paragraphs and captions after the lead, in order.
    pub body: Vec<Block>,
    /// Titles from `tin nhap <timestamp> <title>` lines, in order, without duplicates.
    pub related_titles: Vec<String>,
    /// Text of the trailing `Nguồn:` line (or of the line after a bare `Nguồn:`);
    /// `None` when there is no source line or it names nothing.
    pub source: Option<String>,
    /// Stable identity for idempotent imports: hex SHA-256 of the RFC 3339 UTC publication
    /// time, a newline and the folded title. Re-importing an edited export of the same
    /// article keeps it, so the caller updates instead of duplicating.
    pub fingerprint: String,
}

/// One piece of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of text.
    Paragraph(String),
    /// The caption of a photo at this position (the photo itself is not in the export).
    Caption(String),
}

impl Block {
    /// The block's text.
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(text) | Block::Caption(text) => text,
        }
    }

    /// Whether the block is a caption.
    pub fn is_caption(&self) -> bool {
        matches!(self, Block::Caption(_))
    }
}

/// The slug of a category name, for the caller to map onto its own categories: spellings
/// that differ only in case, accents typed as combining marks or spacing give the same slug.
///
/// ```
/// assert_eq!(
///     caunoi_import::category_slug("Công tác  thông tin tuyên truyền"),
///     "cong-tac-thong-tin-tuyen-truyen"
/// );
/// ```
pub fn category_slug(name: &str) -> String {
    vntext::slug(&vntext::nfc(name))
}
