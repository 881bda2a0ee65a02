//! The search page: one box for everything public, accents optional, with highlighted
//! snippets, filters with counts, pages, "did you mean" and help when nothing matched.

use crate::AppState;
use crate::error::PageError;
use crate::frame::{Frame, encode_path};
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use caunoi_app::search;
use caunoi_domain::vntime;
use caunoi_search::{QueryNotice, SearchQuery, Sort};
use serde::Deserialize;

pub struct Hit {
    pub kind: &'static str,
    pub title_html: String,
    pub snippet_html: String,
    pub url: String,
    pub time: String,
}

/// A filter link: label, count, href, whether it is the one applied.
pub struct Facet {
    pub label: String,
    pub count: u64,
    pub href: String,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub f: Frame,
    pub q: String,
    pub total: u64,
    pub hits: Vec<Hit>,
    pub kinds: Vec<Facet>,
    pub years: Vec<Facet>,
    pub categories: Vec<Facet>,
    pub did_you_mean: Option<(String, String)>,
    pub notice: Option<&'static str>,
    pub newest: bool,
    pub sort_href: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub page: usize,
    pub pages: u64,
}

#[derive(Deserialize, Default, Clone)]
pub struct Params {
    pub q: Option<String>,
    pub loai: Option<String>,
    pub nam: Option<String>,
    pub chuyen_muc: Option<String>,
    pub don_vi: Option<String>,
    pub sap_xep: Option<String>,
    pub page: Option<String>,
}

impl Params {
    /// This search's address with one parameter changed (and the page reset).
    fn href(&self, key: &str, value: Option<&str>) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: Option<&String>| {
            let v = if k == key {
                value.map(str::to_owned)
            } else {
                v.cloned()
            };
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", encode_path(&v).replace('/', "%2F")));
            }
        };
        push("q", self.q.as_ref());
        push("loai", self.loai.as_ref());
        push("nam", self.nam.as_ref());
        push("chuyen_muc", self.chuyen_muc.as_ref());
        push("don_vi", self.don_vi.as_ref());
        push("sap_xep", self.sap_xep.as_ref());
        if key == "page" {
            push("page", None);
        }
        format!("/tim-kiem?{}", parts.join("&"))
    }
}

fn kind_label(lang: crate::i18n::Lang, kind: &str) -> &'static str {
    match kind {
        "article" => lang.t("search.kind.article"),
        "unit" => lang.t("search.kind.unit"),
        "event" => lang.t("search.kind.event"),
        "resolution" => lang.t("search.kind.resolution"),
        "delegate" => lang.t("search.kind.delegate"),
        "petition" => lang.t("search.kind.petition"),
        _ => lang.t("search.kind.other"),
    }
}

const PER_PAGE: usize = 10;

pub async fn page(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<Params>,
) -> Result<SearchPage, PageError> {
    let site = site_name(&state, None).await;
    let text = p.q.clone().unwrap_or_default();
    let page = p
        .page
        .as_deref()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
        .min(1000);
    let q = SearchQuery {
        text: text.clone(),
        kind: p.loai.clone().filter(|s| !s.is_empty()),
        unit: p.don_vi.clone().filter(|s| !s.is_empty()),
        category: p.chuyen_muc.clone().filter(|s| !s.is_empty()),
        year: p.nam.as_deref().and_then(|y| y.parse().ok()),
        sort: if p.sap_xep.as_deref() == Some("moi-nhat") {
            Sort::Newest
        } else {
            Sort::Relevance
        },
        page,
        per_page: PER_PAGE,
    };
    let found = search::query(&state.app, q)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    // Facets carry category slugs; people read the names.
    let names: Vec<(String, String)> = match caunoi_app::councils::council(&state.app, None).await {
        Ok(c) => caunoi_app::articles::public::categories(&state.app, &c.unit_code)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.slug, c.name))
            .collect(),
        Err(_) => Vec::new(),
    };
    let lang = v.lang;
    let facet =
        |key: &str, value: String, label: String, count: u64, applied: Option<&String>| Facet {
            current: applied == Some(&value),
            href: p.href(
                key,
                if applied == Some(&value) {
                    None
                } else {
                    Some(&value)
                },
            ),
            label,
            count,
        };
    let pages = found.total.div_ceil(PER_PAGE as u64).max(1);
    let notice = found.notice.map(|n| match n {
        QueryNotice::Empty => lang.t("search.hint"),
        QueryNotice::TooLong => lang.t("search.too_long"),
        QueryNotice::OnlyOperators => lang.t("search.only_operators"),
        QueryNotice::UnbalancedQuotes => lang.t("search.unbalanced"),
    });
    Ok(SearchPage {
        f: Frame::new(&v, lang.t("search.title"), &site, "/tim-kiem"),
        total: found.total,
        hits: found
            .items
            .into_iter()
            .map(|h| Hit {
                kind: kind_label(lang, &h.kind),
                title_html: h.title_html,
                snippet_html: h.snippet_html,
                url: h.url,
                time: h
                    .published_at
                    .map(vntime::format_datetime)
                    .unwrap_or_default(),
            })
            .collect(),
        kinds: found
            .facets
            .kind
            .into_iter()
            .map(|(k, n)| {
                facet(
                    "loai",
                    k.clone(),
                    kind_label(lang, &k).to_owned(),
                    n,
                    p.loai.as_ref(),
                )
            })
            .collect(),
        years: found
            .facets
            .year
            .into_iter()
            .map(|(y, n)| facet("nam", y.to_string(), y.to_string(), n, p.nam.as_ref()))
            .collect(),
        categories: found
            .facets
            .category
            .into_iter()
            .map(|(c, n)| {
                let name = names
                    .iter()
                    .find(|(slug, _)| *slug == c)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| c.clone());
                facet("chuyen_muc", c, name, n, p.chuyen_muc.as_ref())
            })
            .collect(),
        did_you_mean: found.did_you_mean.map(|d| (p.href("q", Some(&d)), d)),
        notice,
        newest: p.sap_xep.as_deref() == Some("moi-nhat"),
        sort_href: p.href(
            "sap_xep",
            if p.sap_xep.as_deref() == Some("moi-nhat") {
                None
            } else {
                Some("moi-nhat")
            },
        ),
        prev: (page > 1).then(|| format!("{}&page={}", p.href("page", None), page - 1)),
        next: ((page as u64) < pages)
            .then(|| format!("{}&page={}", p.href("page", None), page + 1)),
        page,
        pages,
        q: text.chars().take(200).collect(),
    })
}
