//! The body as Markdown: checked by rendering it with the portal's own Markdown options.

use caunoi_import::{Block, LegacyArticle, parse_legacy_article};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The options the portal renders article bodies with (caunoi-app's renderer).
fn portal_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Reads rendered Markdown back into blocks: a paragraph that is all emphasis is a
/// caption. Any other markup means some text was taken for syntax, and fails the test.
fn render_back(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut caption = false;
    let mut emphasis_closed = false;
    for event in Parser::new_ext(markdown, portal_options()) {
        match event {
            Event::Start(Tag::Paragraph) => {
                text.clear();
                caption = false;
                emphasis_closed = false;
            }
            Event::Start(Tag::Emphasis) if text.is_empty() && !caption => caption = true,
            Event::End(TagEnd::Emphasis) if caption => emphasis_closed = true,
            Event::Text(t) if !emphasis_closed => text.push_str(&t),
            Event::End(TagEnd::Paragraph) if caption == emphasis_closed => {
                let t = std::mem::take(&mut text);
                blocks.push(if caption {
                    Block::Caption(t)
                } else {
                    Block::Paragraph(t)
                });
            }
            other => panic!("unexpected {other:?} rendering:\n{markdown}"),
        }
    }
    blocks
}

fn article_with(body: Vec<Block>) -> LegacyArticle {
    let bytes = b"09:00 | 01/01/2024\nA\nB\n";
    LegacyArticle {
        body,
        ..parse_legacy_article(bytes).unwrap()
    }
}

#[test]
fn paragraphs_and_italic_captions_separated_by_blank_lines() {
    let article = article_with(vec![
        Block::Caption("Quang cảnh kỳ họp (Ảnh: Thu Hà)".to_owned()),
        Block::Paragraph("2016. Năm đầu của nhiệm kỳ, HĐND ban hành 40 nghị quyết.".to_owned()),
        Block::Paragraph("- Ý kiến cử tri về *phí* trông xe & bãi đỗ [1].".to_owned()),
        Block::Paragraph("# 3 vấn đề nóng > dư luận".to_owned()),
    ]);
    assert_eq!(
        article.body_markdown(),
        "*Quang cảnh kỳ họp (Ảnh: Thu Hà)*\n\
         \n\
         2016\\. Năm đầu của nhiệm kỳ, HĐND ban hành 40 nghị quyết.\n\
         \n\
         \\- Ý kiến cử tri về \\*phí\\* trông xe & bãi đỗ \\[1\\].\n\
         \n\
         \\# 3 vấn đề nóng > dư luận\n"
    );
    assert_eq!(render_back(&article.body_markdown()), article.body);
}

#[test]
fn empty_body_is_empty_markdown() {
    assert_eq!(article_with(Vec::new()).body_markdown(), "");
}

/// Block text as the parser produces it: trimmed, single spaces, no line breaks, drawn
/// from Vietnamese letters, digits and every ASCII punctuation character.
fn block_text() -> impl Strategy<Value = String> {
    r"[a-zA-ZđĐăâêôơưàáạảãầấậẩẫằắặẳẵềếệểễồốộổỗờớợởỡừứựửữìíịỉĩ0-9 !-/:-@\[-`{-~…“”]{1,40}"
        .prop_map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .prop_filter("blocks are never empty", |s| !s.is_empty())
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => block_text().prop_map(Block::Paragraph),
        1 => block_text().prop_map(Block::Caption),
    ]
}

proptest! {
    #[test]
    fn body_markdown_renders_as_written(body in prop::collection::vec(block(), 0..6)) {
        let article = article_with(body);
        prop_assert_eq!(render_back(&article.body_markdown()), article.body);
    }
}
