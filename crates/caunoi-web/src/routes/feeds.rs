//! Atom and RSS 2.0 feeds (whole site, per category, per special section) and the sitemap,
//! written by hand so their XML stays small and exact; conditional GET on all of them.

use crate::AppState;
use crate::http_cache;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use caunoi_app::articles::{self, public};
use caunoi_app::councils;
use caunoi_store::articles::Article;
use std::fmt::Write;
use time::OffsetDateTime;
use time::format_description::well_known::{Rfc2822, Rfc3339};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/feeds/atom.xml", get(site_atom))
        .route("/feeds/rss.xml", get(site_rss))
        .route("/feeds/{category}/atom.xml", get(category_atom))
        .route("/feeds/{category}/rss.xml", get(category_rss))
        .route("/chuyen-trang/{slug}/atom.xml", get(section_atom))
        .route("/sitemap.xml", get(sitemap))
}

/// Escapes text for XML content and attributes.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than breaking the feed.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

enum Kind {
    Atom,
    Rss,
}

struct FeedSpec {
    title: String,
    /// Who publishes (the council): the author of entries without a byline.
    publisher: String,
    /// Site-relative path of the page this feed follows.
    page: String,
    /// Site-relative path of the feed itself.
    selfpath: String,
}

async fn serve(
    state: &AppState,
    headers: &HeaderMap,
    kind: Kind,
    spec: FeedSpec,
    items: Vec<Article>,
) -> Response {
    let updated = items
        .iter()
        .map(|a| a.updated_at)
        .max()
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let ids: Vec<String> = items
        .iter()
        .map(|a| format!("{}:{}", a.id, a.revision))
        .collect();
    let tag = http_cache::etag(&[&spec.selfpath, &ids.join(",")]);
    if let Some(r) = http_cache::not_modified(headers, &tag, Some(updated)) {
        return r;
    }
    let base = state.config.base_url.trim_end_matches('/');
    let (body, ctype) = match kind {
        Kind::Atom => (
            atom(base, &spec, &items, updated),
            "application/atom+xml; charset=utf-8",
        ),
        Kind::Rss => (
            rss(base, &spec, &items, updated),
            "application/rss+xml; charset=utf-8",
        ),
    };
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    http_cache::with_validators(r, &tag, Some(updated))
}

fn atom(base: &str, spec: &FeedSpec, items: &[Article], updated: OffsetDateTime) -> String {
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n\
         <title>{}</title>\n<id>{base}{}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}{}\"/>\n<updated>{}</updated>\n<generator>Cầu Nối</generator>\n",
        xml(&spec.title),
        xml(&spec.selfpath),
        xml(&spec.selfpath),
        xml(&spec.page),
        updated.format(&Rfc3339).unwrap_or_default()
    );
    for a in items {
        let url = format!(
            "{base}{}",
            articles::article_path(&a.category_slug, &a.slug, a.id)
        );
        let published = a.published_at.unwrap_or(a.created_at);
        let author = a
            .credit
            .clone()
            .or_else(|| a.author_name.clone())
            .unwrap_or_else(|| spec.publisher.clone());
        let _ = write!(
            x,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n\
             <category term=\"{}\" label=\"{}\"/>\n<summary>{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
            xml(&a.title),
            xml(&url),
            xml(&url),
            published.format(&Rfc3339).unwrap_or_default(),
            a.updated_at.format(&Rfc3339).unwrap_or_default(),
            xml(&author),
            xml(&a.category_slug),
            xml(&a.category_name),
            xml(&a.lead),
            xml(&a.body_html),
        );
    }
    x.push_str("</feed>\n");
    x
}

fn rss(base: &str, spec: &FeedSpec, items: &[Article], updated: OffsetDateTime) -> String {
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n\
         <title>{}</title>\n<link>{base}{}</link>\n<description>{}</description>\n<language>vi</language>\n\
         <lastBuildDate>{}</lastBuildDate>\n<atom:link href=\"{base}{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml(&spec.title),
        xml(&spec.page),
        xml(&spec.title),
        updated.format(&Rfc2822).unwrap_or_default(),
        xml(&spec.selfpath)
    );
    for a in items {
        let url = format!(
            "{base}{}",
            articles::article_path(&a.category_slug, &a.slug, a.id)
        );
        let published = a.published_at.unwrap_or(a.created_at);
        let _ = write!(
            x,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n<pubDate>{}</pubDate>\n\
             <category>{}</category>\n<description>{}</description>\n</item>\n",
            xml(&a.title),
            xml(&url),
            xml(&url),
            published.format(&Rfc2822).unwrap_or_default(),
            xml(&a.category_name),
            xml(&a.body_html),
        );
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

const FEED_SIZE: i64 = 30;

async fn site_feed(
    state: &AppState,
    headers: &HeaderMap,
    kind: Kind,
    category: Option<&str>,
) -> Response {
    let Ok(council) = councils::council(&state.app, None).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut title = council.name.clone();
    if let Some(slug) = category {
        match public::categories(&state.app, &council.unit_code).await {
            Ok(cats) => match cats.into_iter().find(|c| c.slug == slug) {
                Some(c) => title = format!("{} – {}", c.name, council.name),
                None => return StatusCode::NOT_FOUND.into_response(),
            },
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        }
    }
    let filter = public::Filter {
        unit_code: Some(&council.unit_code),
        category_slug: category,
        ..Default::default()
    };
    let items = match public::feed(&state.app, &filter, FEED_SIZE).await {
        Ok(i) => i,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let ext = match kind {
        Kind::Atom => "atom.xml",
        Kind::Rss => "rss.xml",
    };
    let (page, selfpath) = match category {
        Some(c) => (format!("/tin-tuc/{c}"), format!("/feeds/{c}/{ext}")),
        None => ("/tin-tuc".to_owned(), format!("/feeds/{ext}")),
    };
    serve(
        state,
        headers,
        kind,
        FeedSpec {
            title,
            publisher: council.name.clone(),
            page,
            selfpath,
        },
        items,
    )
    .await
}

async fn site_atom(State(state): State<AppState>, headers: HeaderMap) -> Response {
    site_feed(&state, &headers, Kind::Atom, None).await
}

async fn site_rss(State(state): State<AppState>, headers: HeaderMap) -> Response {
    site_feed(&state, &headers, Kind::Rss, None).await
}

async fn category_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> Response {
    site_feed(&state, &headers, Kind::Atom, Some(&c)).await
}

async fn category_rss(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(c): Path<String>,
) -> Response {
    site_feed(&state, &headers, Kind::Rss, Some(&c)).await
}

async fn section_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    let Ok(council) = councils::council(&state.app, None).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok((section, _)) = public::section(&state.app, &council.unit_code, &slug, 1, 1).await
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let filter = public::Filter {
        section_id: Some(section.id),
        ..Default::default()
    };
    let Ok(items) = public::feed(&state.app, &filter, FEED_SIZE).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let spec = FeedSpec {
        publisher: council.name.clone(),
        title: format!("{} – {}", section.name, council.name),
        page: format!("/chuyen-trang/{slug}"),
        selfpath: format!("/chuyen-trang/{slug}/atom.xml"),
    };
    serve(&state, &headers, Kind::Atom, spec, items).await
}

async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Ok(entries) = public::sitemap(&state.app).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let newest = entries.iter().map(|(_, t)| *t).max();
    let tag = http_cache::etag(&[
        &entries.len().to_string(),
        &newest.map(|t| t.to_string()).unwrap_or_default(),
    ]);
    if let Some(r) = http_cache::not_modified(&headers, &tag, newest) {
        return r;
    }
    let base = state.config.base_url.trim_end_matches('/');
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in ["/", "/tin-tuc", "/dai-bieu", "/don-vi"] {
        let _ = writeln!(x, "<url><loc>{}</loc></url>", xml(&format!("{base}{page}")));
    }
    for (path, at) in &entries {
        let _ = writeln!(
            x,
            "<url><loc>{}</loc><lastmod>{}</lastmod></url>",
            xml(&format!("{base}{path}")),
            at.format(&Rfc3339).unwrap_or_default()
        );
    }
    x.push_str("</urlset>\n");
    let mut r = x.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    http_cache::with_validators(r, &tag, newest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml("Tin <b>\"mới\"</b> & 'cũ'\u{1}"),
            "Tin &lt;b&gt;&quot;mới&quot;&lt;/b&gt; &amp; &apos;cũ&apos;"
        );
    }
}
