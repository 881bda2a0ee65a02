//! Markdown to safe HTML: rendered with pulldown-cmark, then cleaned with an allow-list
//! (ammonia), because raw HTML passes through Markdown untouched.

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;
use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_tags(["figure", "figcaption"])
        .add_tag_attributes("img", ["loading"])
        .strip_comments(true);
    b
});

/// Renders an article body written in Markdown to HTML that is safe to put in a page.
pub fn markdown_to_html(md: &str) -> String {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    sanitize(&raw)
}

/// Cleans HTML with the newsroom's allow-list.
pub fn sanitize(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// The text of rendered HTML without tags (for feeds' summaries, search and meta descriptions).
pub fn plain_text(md: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => out.push(' '),
            pulldown_cmark::Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn renders_paragraphs_emphasis_and_images() {
        let html = markdown_to_html(
            "Sáng nay **12/10**, kỳ họp.\n\n![Đại biểu phát biểu](/media/ab/desktop)\n\n*Ảnh: Thu Hà*",
        );
        assert!(html.contains("<strong>12/10</strong>"));
        assert!(html.contains("<img src=\"/media/ab/desktop\" alt=\"Đại biểu phát biểu\">"));
        assert!(html.contains("<em>Ảnh: Thu Hà</em>"));
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let html = markdown_to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[bấm](javascript:alert(1))\n\n<a href=\"https://x.vn\" onclick=\"x()\">x</a>",
        );
        assert!(!html.contains("<script"));
        assert!(!html.contains("onerror"));
        assert!(!html.contains("onclick"));
        assert!(!html.contains("javascript:"));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("**Kỳ họp** thứ 10\n\n- một\n- hai"),
            "Kỳ họp thứ 10 một hai"
        );
    }

    proptest! {
        /// Whatever a contributor types, the page never gets a script, an event handler or a
        /// javascript: URL.
        #[test]
        fn output_is_always_safe(s in "(\\PC|<|>|\"|'|=|/|:|\\[|\\]|\\(|\\)|!|\\n){0,300}",
                                 tag in prop::sample::select(vec!["script", "img", "a", "iframe", "svg", "style", "object"]),
                                 handler in prop::sample::select(vec!["onerror", "onload", "onclick", "onmouseover"])) {
            let input = format!("{s}<{tag} {handler}=\"alert(1)\" src=\"javascript:alert(1)\" href=\"javascript:x\">{s}</{tag}>{s}");
            let html = markdown_to_html(&input).to_lowercase();
            // Parsed as a browser would: no dangerous element, handler or URL anywhere.
            let doc = scraper::Html::parse_fragment(&html);
            for node in doc.tree.values() {
                if let scraper::Node::Element(e) = node {
                    prop_assert!(!["script", "iframe", "style", "object", "svg"].contains(&e.name()), "{}", e.name());
                    for (name, value) in e.attrs() {
                        prop_assert!(!name.starts_with("on"), "handler {name}");
                        prop_assert!(!value.trim().starts_with("javascript:"), "{name}={value}");
                    }
                }
            }
        }

        /// Cleaning what was already cleaned changes nothing.
        #[test]
        fn sanitising_twice_changes_nothing(s in "(\\PC|<|>|\"|'|=|/|:|\\[|\\]|\\(|\\)|!|\\n|\\*|#){0,300}") {
            let once = markdown_to_html(&s);
            prop_assert_eq!(sanitize(&once), once);
        }
    }
}
