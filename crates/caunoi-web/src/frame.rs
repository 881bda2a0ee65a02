//! The site frame every page shares: language, council name, navigation, the signed-in person.

use crate::i18n::Lang;
use crate::viewer::Viewer;
use caunoi_domain::vntime;

#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: String,
    pub label: &'static str,
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct Frame {
    pub lang: Lang,
    pub title: String,
    pub site_name: String,
    pub site_href: String,
    pub today: String,
    pub nav: Vec<NavItem>,
    pub user: Option<String>,
    pub lang_switch_href: String,
    pub css_href: String,
    pub request_id: String,
}

/// The sections in the order the header lists them.
const SECTIONS: [(&str, &str); 7] = [
    ("/tin-tuc", "nav.news"),
    ("/dai-bieu", "nav.delegates"),
    ("/ky-hop", "nav.sessions"),
    ("/nghi-quyet", "nav.resolutions"),
    ("/kien-nghi", "nav.petitions"),
    ("/lich", "nav.calendar"),
    ("/tim-kiem", "nav.search"),
];

impl Frame {
    /// `site_name` is the council's name (or the product's when no council exists yet);
    /// `active` is the section path this page belongs to.
    pub fn new(v: &Viewer, title: impl Into<String>, site_name: &str, active: &str) -> Frame {
        let lang = v.lang;
        let nav = SECTIONS
            .iter()
            .map(|(href, key)| NavItem {
                href: (*href).to_owned(),
                label: lang.t(key),
                current: *href == active,
            })
            .collect();
        let path_only = v.path.split('?').next().unwrap_or("/");
        Frame {
            lang,
            title: title.into(),
            site_name: site_name.to_owned(),
            site_href: "/".into(),
            today: vntime::format_long_date(time::OffsetDateTime::now_utc()),
            nav,
            user: v.name.clone(),
            lang_switch_href: format!(
                "/ngon-ngu?lang={}&next={}",
                lang.other().code(),
                encode_path(path_only)
            ),
            css_href: crate::assets::css_href(),
            request_id: v.request_id().to_owned(),
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
}

/// Percent-encodes what a path may hold that a query value may not.
pub fn encode_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Only local paths are followed after sign-in, a language switch or a form (no open
/// redirects); anything else sends the browser to `/`.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(local_path).unwrap_or_else(|| "/".to_owned())
}

/// `target` as a path on this site, ready for a `Location` header, or `None` when a browser
/// could read it as another site. Browsers strip tab, CR and LF anywhere and C0 controls and
/// spaces at the ends, and read `\` as `/` (WHATWG URL), so `/%09/evil.example` would become
/// `//evil.example`: any control character is refused rather than guessed at, and the path
/// must start with one `/` not followed by `/` or `\`.
pub fn local_path(target: &str) -> Option<String> {
    if target.chars().any(char::is_control) || target.contains('\\') {
        return None;
    }
    let rest = target.strip_prefix('/')?;
    if rest.starts_with('/') {
        return None;
    }
    // Spaces and non-ASCII are percent-encoded so the header value is always valid.
    let mut out = String::with_capacity(target.len());
    for b in target.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(safe_next(Some("/quan-tri")), "/quan-tri");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\r\n/evil.example")), "/");
        assert_eq!(safe_next(Some(" //evil.example")), "/");
        assert_eq!(safe_next(Some("/a\u{0}b")), "/");
        assert_eq!(safe_next(Some("/a\u{7f}b")), "/");
        assert_eq!(safe_next(Some("/tin tức?x=1")), "/tin%20t%E1%BB%A9c?x=1");
    }

    /// What a browser does to a `Location` value before resolving it (WHATWG URL parsing).
    fn browser_normalised(loc: &str) -> String {
        loc.trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
            .map(|c| if c == '\\' { '/' } else { c })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn hostile_next_never_leaves_the_site(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "/", "\\", "\t", "\r", "\n", "\u{0}", "\u{7f}", "\u{1f}", "\u{85}", " ",
                ":", "https:", "javascript:", "evil.example", "@", ".", "%09", "%2F", "a", "ư",
            ]), 0..8)
        ) {
            let input: String = parts.concat();
            let out = safe_next(Some(&input));
            let seen = browser_normalised(&out);
            proptest::prop_assert!(seen.starts_with('/'), "{input:?} -> {out:?}");
            proptest::prop_assert!(!seen.starts_with("//"), "{input:?} -> {out:?}");
            proptest::prop_assert!(!out.chars().any(char::is_control), "{input:?} -> {out:?}");
            proptest::prop_assert!(axum::http::HeaderValue::from_str(&out).is_ok());
        }
    }

    #[test]
    fn paths_are_encoded_for_query_values() {
        assert_eq!(encode_path("/tim-kiem"), "/tim-kiem");
        assert_eq!(encode_path("/a b&c"), "/a%20b%26c");
    }
}
