//! News for readers: lists, category pages, tag pages, special sections and article pages
//! (with print view, share links, OpenGraph and JSON-LD). Only published articles appear.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::http_cache;
use crate::routes::common::{PageParams, Pager, site_name};
use crate::viewer::Viewer;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use caunoi_app::articles::{self, public};
use caunoi_app::{AppError, councils};
use caunoi_domain::vntime;
use caunoi_store::articles::Summary;

/// An article as lists show it.
pub struct Card {
    pub href: String,
    pub title: String,
    pub lead: String,
    pub time: String,
    pub category_name: String,
    pub category_href: String,
    pub image: Option<String>,
}

impl Card {
    pub fn from(s: &Summary) -> Card {
        Card {
            href: articles::article_path(&s.category_slug, &s.slug, s.id),
            title: s.title.clone(),
            lead: s.lead.clone(),
            time: s
                .published_at
                .map(vntime::format_datetime)
                .unwrap_or_default(),
            category_name: s.category_name.clone(),
            category_href: format!("/tin-tuc/{}", s.category_slug),
            image: s.image_sha.as_ref().map(|h| format!("/media/{h}/phone")),
        }
    }
}

#[derive(Template)]
#[template(path = "news_list.html")]
pub struct ListPage {
    pub f: Frame,
    pub heading: String,
    pub intro: String,
    pub cards: Vec<Card>,
    pub pager: Pager,
    pub feed: Option<String>,
    pub categories: Vec<(String, String, bool)>,
}

/// The council whose newsroom the public site shows.
async fn site_unit(state: &AppState) -> Result<(String, String), AppError> {
    let c = councils::council(&state.app, None).await?;
    Ok((c.unit_code, c.name))
}

async fn category_links(
    state: &AppState,
    unit: &str,
    current: Option<&str>,
) -> Vec<(String, String, bool)> {
    public::categories(&state.app, unit)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|c| {
            (
                format!("/tin-tuc/{}", c.slug),
                c.name,
                Some(c.slug.as_str()) == current,
            )
        })
        .collect()
}

fn page_error(e: AppError, v: &Viewer, site: &str) -> PageError {
    match e {
        AppError::Invalid(_) => PageError::not_found(v, site),
        other => PageError::new(other, v, site),
    }
}

pub async fn all(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    list(&state, &v, None, &p).await
}

pub async fn category(
    State(state): State<AppState>,
    v: Viewer,
    Path(category): Path<String>,
    Query(p): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    list(&state, &v, Some(&category), &p).await
}

async fn list(
    state: &AppState,
    v: &Viewer,
    category: Option<&str>,
    p: &PageParams,
) -> Result<Html<String>, PageError> {
    let (unit, site) = match site_unit(state).await {
        Ok(x) => x,
        Err(AppError::NotFound(_)) => return Err(PageError::not_found(v, "Cầu Nối")),
        Err(e) => return Err(PageError::new(e, v, "Cầu Nối")),
    };
    let (page, per_page) = p.parse(15).unwrap_or((1, 15));
    let categories = category_links(state, &unit, category).await;
    let heading = match category {
        Some(_) => match categories.iter().find(|(_, _, cur)| *cur) {
            Some((_, name, _)) => name.clone(),
            None => return Err(PageError::not_found(v, &site)),
        },
        None => v.lang.t("nav.news").to_owned(),
    };
    let filter = public::Filter {
        unit_code: Some(&unit),
        category_slug: category,
        ..Default::default()
    };
    let items = public::list(&state.app, &filter, page, per_page)
        .await
        .map_err(|e| page_error(e, v, &site))?;
    let base = match category {
        Some(c) => format!("/tin-tuc/{c}"),
        None => "/tin-tuc".into(),
    };
    let page = ListPage {
        f: Frame::new(v, heading.clone(), &site, "/tin-tuc"),
        intro: if items.total == 0 {
            v.lang.t("home.news_empty").to_owned()
        } else {
            String::new()
        },
        cards: items.items.iter().map(Card::from).collect(),
        pager: Pager::new(&items, base.clone()),
        feed: Some(match category {
            Some(c) => format!("/feeds/{c}/atom.xml"),
            None => "/feeds/atom.xml".into(),
        }),
        heading,
        categories,
    };
    render(page, v)
}

pub async fn tag(
    State(state): State<AppState>,
    v: Viewer,
    Path(tag): Path<String>,
    Query(p): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    let (unit, site) = site_unit(&state)
        .await
        .map_err(|e| page_error(e, &v, "Cầu Nối"))?;
    let (page, per_page) = p.parse(15).unwrap_or((1, 15));
    let filter = public::Filter {
        unit_code: Some(&unit),
        tag: Some(&tag),
        ..Default::default()
    };
    let items = public::list(&state.app, &filter, page, per_page)
        .await
        .map_err(|e| page_error(e, &v, &site))?;
    if items.total == 0 {
        return Err(PageError::not_found(&v, &site));
    }
    let name = public::tag_name(&state.app, &tag)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| tag.clone());
    render(
        ListPage {
            f: Frame::new(&v, format!("#{name}"), &site, "/tin-tuc"),
            heading: format!("{}: {name}", v.lang.t("news.tag")),
            intro: String::new(),
            cards: items.items.iter().map(Card::from).collect(),
            pager: Pager::new(&items, format!("/the/{tag}")),
            feed: None,
            categories: Vec::new(),
        },
        &v,
    )
}

pub async fn section(
    State(state): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(p): Query<PageParams>,
) -> Result<Html<String>, PageError> {
    let (unit, site) = site_unit(&state)
        .await
        .map_err(|e| page_error(e, &v, "Cầu Nối"))?;
    let (page, per_page) = p.parse(15).unwrap_or((1, 15));
    let (s, items) = public::section(&state.app, &unit, &slug, page, per_page)
        .await
        .map_err(|e| page_error(e, &v, &site))?;
    render(
        ListPage {
            f: Frame::new(&v, s.name.clone(), &site, "/tin-tuc"),
            heading: s.name.clone(),
            intro: s.description.clone(),
            cards: items.items.iter().map(Card::from).collect(),
            pager: Pager::new(&items, format!("/chuyen-trang/{slug}")),
            feed: Some(format!("/chuyen-trang/{slug}/atom.xml")),
            categories: Vec::new(),
        },
        &v,
    )
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub f: Frame,
    pub print: bool,
    pub a: ArticleView,
}

pub struct ArticleView {
    pub id: i64,
    pub title: String,
    pub lead: String,
    pub body_html: String,
    pub category_name: String,
    pub category_href: String,
    pub time: String,
    pub iso_time: String,
    pub credit: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<(String, String)>,
    pub related: Vec<Card>,
    pub sections: Vec<(String, String)>,
    pub url: String,
    pub print_href: String,
    pub image: Option<String>,
    pub share: Vec<(&'static str, String)>,
    pub json_ld: String,
    pub description: String,
}

fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub async fn article(
    State(state): State<AppState>,
    v: Viewer,
    headers: HeaderMap,
    Path((category, slug_id)): Path<(String, String)>,
) -> Response {
    show(&state, &v, &headers, &category, &slug_id, false).await
}

pub async fn article_print(
    State(state): State<AppState>,
    v: Viewer,
    headers: HeaderMap,
    Path((category, slug_id)): Path<(String, String)>,
) -> Response {
    show(&state, &v, &headers, &category, &slug_id, true).await
}

async fn show(
    state: &AppState,
    v: &Viewer,
    headers: &HeaderMap,
    category: &str,
    slug_id: &str,
    print: bool,
) -> Response {
    let site = site_name(state, None).await;
    let Some((slug, id)) = articles::parse_slug_id(slug_id) else {
        return PageError::not_found(v, &site).into_response();
    };
    let p = match public::article(&state.app, id).await {
        Ok(p) => p,
        Err(e) => return page_error(e, v, &site).into_response(),
    };
    let a = &p.article;
    let canonical = articles::article_path(&a.category_slug, &a.slug, a.id);
    // A changed title (or category) keeps old links working with a permanent redirect.
    if slug != a.slug || category != a.category_slug {
        let to = if print {
            format!("{canonical}/ban-in")
        } else {
            canonical
        };
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(axum::http::header::LOCATION, to)],
        )
            .into_response();
    }
    let tag = http_cache::etag(&[
        &a.id.to_string(),
        &a.revision.to_string(),
        &a.updated_at.to_string(),
        v.lang.code(),
        &print.to_string(),
        &v.signed_in().to_string(),
    ]);
    if let Some(r) = http_cache::not_modified(headers, &tag, Some(a.updated_at)) {
        return r;
    }
    let base = state.config.base_url.trim_end_matches('/');
    let url = format!("{base}{canonical}");
    let published = a.published_at.unwrap_or(a.created_at);
    let iso = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let image = p
        .images
        .first()
        .map(|i| format!("{base}/media/{}/desktop", i.sha256));
    let description = if a.lead.is_empty() {
        articles::render::plain_text(&a.body_md)
            .chars()
            .take(200)
            .collect()
    } else {
        a.lead.clone()
    };
    let json_ld = crate::script_data::script_json(&serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": description,
        "datePublished": iso(published),
        "dateModified": iso(a.updated_at),
        "inLanguage": "vi",
        "mainEntityOfPage": url,
        "articleSection": a.category_name,
        "keywords": p.tags.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        "image": image.iter().collect::<Vec<_>>(),
        "author": a.credit.as_ref().map(|c| serde_json::json!({"@type": "Person", "name": c})),
        "publisher": {"@type": "GovernmentOrganization", "name": site},
    }));
    let share = vec![
        (
            "Facebook",
            format!(
                "https://www.facebook.com/sharer/sharer.php?u={}",
                encode_component(&url)
            ),
        ),
        (
            "Zalo",
            format!("https://zalo.me/share?url={}", encode_component(&url)),
        ),
        (
            "X",
            format!(
                "https://x.com/intent/post?url={}&text={}",
                encode_component(&url),
                encode_component(&a.title)
            ),
        ),
        (
            "E-mail",
            format!(
                "mailto:?subject={}&body={}",
                encode_component(&a.title),
                encode_component(&url)
            ),
        ),
    ];
    let view = ArticleView {
        id: a.id,
        title: a.title.clone(),
        lead: a.lead.clone(),
        body_html: a.body_html.clone(),
        category_name: a.category_name.clone(),
        category_href: format!("/tin-tuc/{}", a.category_slug),
        time: vntime::format_datetime(published),
        iso_time: iso(published),
        credit: a.credit.clone().or_else(|| a.author_name.clone()),
        source: a.source.clone(),
        tags: p
            .tags
            .iter()
            .map(|(s, n)| (format!("/the/{s}"), n.clone()))
            .collect(),
        related: p.related.iter().map(Card::from).collect(),
        sections: p
            .sections
            .iter()
            .map(|s| (format!("/chuyen-trang/{}", s.slug), s.name.clone()))
            .collect(),
        print_href: format!(
            "{}/ban-in",
            articles::article_path(&a.category_slug, &a.slug, a.id)
        ),
        url,
        image,
        share,
        json_ld,
        description,
    };
    let page = ArticlePage {
        f: Frame::new(v, a.title.clone(), &site, "/tin-tuc"),
        print,
        a: view,
    };
    match render(page, v) {
        Ok(html) => http_cache::with_validators(html.into_response(), &tag, Some(a.updated_at)),
        Err(e) => e.into_response(),
    }
}

fn render<T: Template>(t: T, v: &Viewer) -> Result<Html<String>, PageError> {
    t.render()
        .map(Html)
        .map_err(|e| PageError::new(AppError::Internal(e.to_string()), v, "Cầu Nối"))
}

/// Serves an uploaded image variant; the URL names the content, so it never changes.
pub async fn media(
    State(state): State<AppState>,
    Path((sha, variant)): Path<(String, String)>,
) -> Response {
    match articles::media::file(&state.app, &sha, &variant).await {
        Ok((mime, bytes)) => (
            [
                (axum::http::header::CONTENT_TYPE, mime),
                (
                    axum::http::header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
