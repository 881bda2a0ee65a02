//! Assembles the article from the export's lines: header (time, category, title), then
//! lead, body paragraphs and captions, related drafts and the trailing source line.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::lines::{self, Kind, Line};
use crate::{Block, ImportError, LegacyArticle, timeline};

/// Longest stray marker line before the time line (the old CMS left a single letter; a
/// few characters such as "HOT" or "Mới" are of the same kind). Longer lines are content.
const MAX_MARKER_CHARS: usize = 3;
/// Marker lines allowed before the time line; more means the time line is missing.
const MAX_MARKERS: usize = 3;
/// Longest caption: photo captions are one short sentence; a longer line is a paragraph.
const MAX_CAPTION_CHARS: usize = 200;

/// Parses a plain-text export of an old portal's article. `bytes` may be UTF-8 (with or
/// without BOM) or a legacy Vietnamese encoding (TCVN3, VNI, CP1258), with any line endings.
///
/// # Errors
/// [`ImportError::Empty`] for a file without text; [`ImportError::MissingTime`] and
/// [`ImportError::BadTime`] when the first line (after a stray marker) is not a readable
/// time; [`ImportError::MissingTitle`] when the category or title line is missing.
pub fn parse_legacy_article(bytes: &[u8]) -> Result<LegacyArticle, ImportError> {
    let text = vntext::decode_any(bytes);
    let lines = lines::split(&text);
    if lines.iter().all(|l| l.text.is_empty()) {
        return Err(ImportError::Empty);
    }
    let mut related = Related::default();
    let mut cursor = Cursor {
        lines: &lines,
        next: 0,
    };
    let published_at = read_time(&mut cursor, &mut related)?;
    let category = read_header_line(&mut cursor, &mut related)?;
    let title = read_header_line(&mut cursor, &mut related)?;
    let body_lines = &lines[cursor.next..];
    let (body_lines, source) = take_source(body_lines);
    let mut body = read_body(&body_lines, &mut related);
    let lead = match body.iter().position(|b| !b.is_caption()) {
        Some(i) => body.remove(i).text().to_owned(),
        None => String::new(),
    };
    Ok(LegacyArticle {
        fingerprint: fingerprint(published_at, &title),
        published_at,
        category,
        title,
        lead,
        body,
        related_titles: related.titles,
        source,
    })
}

/// The identity of an article across imports: its time and title, not its text, so a
/// corrected export of the same article matches the earlier import.
fn fingerprint(published_at: OffsetDateTime, title: &str) -> String {
    // The time parser keeps years within 1970..=9998, which RFC 3339 always formats; the
    // Unix timestamp is a stable stand-in should that ever change.
    let time = published_at
        .format(&Rfc3339)
        .unwrap_or_else(|_| published_at.unix_timestamp().to_string());
    let mut hash = Sha256::new();
    hash.update(time.as_bytes());
    hash.update(b"\n");
    hash.update(vntext::fold(title).as_bytes());
    hex::encode(hash.finalize())
}

struct Cursor<'a> {
    lines: &'a [Line],
    next: usize,
}

impl<'a> Cursor<'a> {
    /// The next non-blank line, skipping (and recording) stray drafts and image references,
    /// which the old CMS could leave anywhere, header included.
    fn next_content(&mut self, related: &mut Related) -> Option<&'a Line> {
        while let Some(line) = self.lines.get(self.next) {
            self.next += 1;
            match lines::classify(&line.text) {
                Kind::Blank | Kind::Image => {}
                Kind::Stray(title) => related.push(title),
                Kind::Source(_) | Kind::Text => return Some(line),
            }
        }
        None
    }

    /// Line number just past the end, for errors about what the file lacks.
    fn end_line(&self) -> usize {
        self.lines.last().map_or(1, |l| l.no + 1)
    }
}

fn read_time(cursor: &mut Cursor, related: &mut Related) -> Result<OffsetDateTime, ImportError> {
    let mut markers = 0;
    while let Some(line) = cursor.next_content(related) {
        if timeline::looks_like_time(&line.text) {
            return timeline::parse(&line.text).ok_or_else(|| ImportError::BadTime {
                line: line.no,
                text: line.text.clone(),
            });
        }
        if markers < MAX_MARKERS && line.text.chars().count() <= MAX_MARKER_CHARS {
            markers += 1;
            continue;
        }
        return Err(ImportError::MissingTime {
            line: line.no,
            found: Some(line.text.clone()),
        });
    }
    Err(ImportError::MissingTime {
        line: cursor.end_line(),
        found: None,
    })
}

/// The category or the title: one line each. A source line there means the header is cut
/// short, not that the article is titled "Nguồn:".
fn read_header_line(cursor: &mut Cursor, related: &mut Related) -> Result<String, ImportError> {
    match cursor.next_content(related) {
        Some(line) if !matches!(lines::classify(&line.text), Kind::Source(_)) => {
            Ok(line.text.clone())
        }
        Some(line) => Err(ImportError::MissingTitle { line: line.no }),
        None => Err(ImportError::MissingTitle {
            line: cursor.end_line(),
        }),
    }
}

/// Removes the trailing source line(s) and returns the remaining lines with the source.
/// Only the last content line counts (stray drafts after it are ignored), or a bare
/// `Nguồn:` just before it, whose name then sits on the last line. A `Nguồn:` line
/// elsewhere is body text: the export puts the attribution last.
fn take_source(lines: &[Line]) -> (Vec<&Line>, Option<String>) {
    let content: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(lines::classify(&l.text), Kind::Source(_) | Kind::Text))
        .map(|(i, _)| i)
        .collect();
    let mut dropped = Vec::new();
    let mut source = None;
    if let Some(&last) = content.last() {
        match lines::classify(&lines[last].text) {
            Kind::Source(rest) => {
                dropped.push(last);
                source = Some(rest.to_owned());
            }
            Kind::Text => {
                if let Some(&before) = content.iter().rev().nth(1)
                    && lines::classify(&lines[before].text) == Kind::Source("")
                {
                    dropped.extend([before, last]);
                    source = Some(lines[last].text.clone());
                }
            }
            Kind::Blank | Kind::Stray(_) | Kind::Image => {}
        }
    }
    let kept = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !dropped.contains(i))
        .map(|(_, l)| l)
        .collect();
    (kept, source.filter(|s| !s.is_empty()))
}

/// Turns body lines into paragraphs and captions.
///
/// A caption is recognised by position: the old CMS put the photo where a stray draft or
/// image reference sits, and its caption on the line after (across blank lines too), as a
/// short line that does not end a sentence; further such lines in the same block caption
/// further photos. Anywhere else, only a photo credit ("Ảnh: …", "(Ảnh: …)") makes a
/// caption, since a short line without a period is as likely a subheading or a byline.
///
/// Blank lines separate paragraphs. Within a block, a line continues the previous one only
/// when that one stops mid-sentence and this one starts in lowercase (a hard-wrapped
/// paragraph); otherwise each line is its own paragraph, as exports write one per line.
fn read_body(lines: &[&Line], related: &mut Related) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut after_marker = false;
    let mut in_caption_run = false;
    let mut open_paragraph = false;
    for line in lines {
        let text = line.text.as_str();
        match lines::classify(text) {
            Kind::Blank => {
                open_paragraph = false;
                in_caption_run = false;
            }
            Kind::Stray(title) => {
                related.push(title);
                after_marker = true;
                open_paragraph = false;
            }
            Kind::Image => {
                after_marker = true;
                open_paragraph = false;
            }
            Kind::Source(_) | Kind::Text => {
                let positioned = (after_marker || in_caption_run) && is_caption_like(text);
                if positioned || (is_short(text) && has_photo_credit(text)) {
                    blocks.push(Block::Caption(text.to_owned()));
                    in_caption_run = true;
                    open_paragraph = false;
                } else if let (true, Some(Block::Paragraph(prev))) =
                    (open_paragraph, blocks.last_mut())
                    && !ends_sentence(prev)
                    && starts_lowercase(text)
                {
                    prev.push(' ');
                    prev.push_str(text);
                } else {
                    blocks.push(Block::Paragraph(text.to_owned()));
                    open_paragraph = true;
                    in_caption_run = false;
                }
                after_marker = false;
            }
        }
    }
    blocks
}

fn is_short(text: &str) -> bool {
    text.chars().count() <= MAX_CAPTION_CHARS
}

fn is_caption_like(text: &str) -> bool {
    is_short(text) && text.chars().any(char::is_alphabetic) && !ends_sentence(text)
}

/// "Ảnh: TTXVN" or "… (Ảnh: Thu Hà)", "(ảnh minh hoạ)": how Vietnamese papers credit photos.
fn has_photo_credit(text: &str) -> bool {
    let lower = text.to_lowercase();
    let credit =
        |s: &str| s.starts_with("ảnh:") || s.starts_with("ảnh minh") || s.starts_with("ảnh :");
    credit(&lower)
        || lower
            .rfind('(')
            .is_some_and(|i| lower.ends_with(')') && credit(&lower[i + 1..]))
}

/// Whether the text ends a sentence (closing quotes and brackets aside).
fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['”', '’', '"', '\'', ')', ']', '»'])
        .ends_with(['.', '!', '?', '…', ':', ';'])
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// Related draft titles in order of first appearance; the same draft linked twice (or
/// spelled with other case or tone-mark placement) is one link.
#[derive(Default)]
struct Related {
    titles: Vec<String>,
    seen: Vec<String>,
}

impl Related {
    fn push(&mut self, title: Option<&str>) {
        let Some(title) = title else { return };
        let key = vntext::canonical(title);
        if !self.seen.contains(&key) {
            self.seen.push(key);
            self.titles.push(title.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_look_through_closing_quotes() {
        assert!(ends_sentence("Ông nói: “Phải làm ngay.”"));
        assert!(ends_sentence("các giải pháp như:"));
        assert!(!ends_sentence("Đồng chí Chủ tịch phát biểu"));
        assert!(!ends_sentence("Quang cảnh hội nghị (Ảnh: Thu Hà)"));
    }

    #[test]
    fn photo_credits() {
        assert!(has_photo_credit("Ảnh: TTXVN"));
        assert!(has_photo_credit("Quang cảnh kỳ họp (Ảnh: Thu Hà)"));
        assert!(has_photo_credit("Cử tri phát biểu (ảnh minh hoạ)"));
        assert!(!has_photo_credit(
            "Anh Nguyễn Văn An: cử tri phường Hàng Bạc"
        ));
        assert!(!has_photo_credit("Hình ảnh của HĐND trong mắt cử tri"));
    }

    #[test]
    fn fingerprint_ignores_case_and_accents_of_the_title() {
        let at = time::macros::datetime!(2017-10-12 02:56 UTC);
        assert_eq!(
            fingerprint(at, "Kỳ họp thứ tư"),
            fingerprint(at, "KỲ HỌP THỨ TƯ")
        );
        assert_ne!(
            fingerprint(at, "Kỳ họp thứ tư"),
            fingerprint(at, "Kỳ họp thứ năm")
        );
        assert_eq!(fingerprint(at, "x").len(), 64);
    }
}
