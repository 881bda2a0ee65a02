//! Properties: no input panics the parser, stray draft lines never reach the body, and
//! line endings do not change the result.

use caunoi_import::{Block, LegacyArticle, parse_legacy_article};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const HEADER: &str = "09:56 | 12/10/2017\n\nChuyên mục\n\nTiêu đề\n\n";

fn starts_with_stray(line: &str) -> bool {
    line.trim_start().to_lowercase().starts_with("tin nhap")
}

/// The rule users rely on: a `tin nhap` line is never shown as article text.
fn assert_no_stray_text(article: &LegacyArticle) -> Result<(), TestCaseError> {
    for text in article
        .body
        .iter()
        .map(Block::text)
        .chain([article.lead.as_str()])
    {
        for line in text.lines() {
            prop_assert!(!starts_with_stray(line), "{:?} in {:?}", line, article);
        }
    }
    for line in article.body_markdown().lines() {
        let shown = line.strip_prefix('*').unwrap_or(line);
        prop_assert!(!starts_with_stray(shown), "{:?} in markdown", line);
    }
    Ok(())
}

/// Lines of the kinds an export holds, including the hostile ones.
fn body_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        r"[ \t]*(tin|TIN|Tin)[ \t\u{a0}]+(nhap|NHAP|nháp|Nhap)[a-zA-Z0-9 :]{0,30}",
        r"tin nhap [0-9]{14}( [A-ZĐ][a-zàáạđêôơư]{1,8}( [a-zàáạđêôơư]{1,8}){0,3})?",
        r"[A-ZĐa-zàáạảãđêềếôồốơờớưừứ0-9 ,.:;!?()*#>\-]{1,80}",
        r"(Nguồn|NGUỒN|Nguon) ?:[ A-Za-zđ]{0,20}",
        r"[a-z]{1,8}\.(jpg|png)",
        r"[A-ZĐ][a-zàáạđêôơư ]{0,30} \(Ảnh: [A-Z][a-z]{1,6}\)",
    ]
}

fn export_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(body_line(), 0..30)
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(article) = parse_legacy_article(&bytes) {
            assert_no_stray_text(&article)?;
        }
    }

    #[test]
    fn arbitrary_text_after_a_valid_header_parses(text in any::<String>()) {
        let article = parse_legacy_article(format!("{HEADER}{text}").as_bytes());
        let article = article.map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_no_stray_text(&article)?;
    }

    #[test]
    fn stray_drafts_never_become_body_text(lines in export_lines()) {
        let export = format!("{HEADER}{}", lines.join("\n"));
        let article = parse_legacy_article(export.as_bytes())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        assert_no_stray_text(&article)?;
        // Every titled draft becomes a related title.
        for line in &lines {
            if let Some(rest) = line.strip_prefix("tin nhap ")
                && let Some((_, title)) = rest.split_once(' ')
            {
                prop_assert!(article.related_titles.iter().any(|t| t == title), "{:?}", title);
            }
        }
    }

    #[test]
    fn line_endings_do_not_change_the_article(lines in export_lines()) {
        let lf = format!("{HEADER}{}", lines.join("\n"));
        let crlf = lf.replace('\n', "\r\n");
        prop_assert_eq!(
            parse_legacy_article(lf.as_bytes()),
            parse_legacy_article(crlf.as_bytes())
        );
    }
}
