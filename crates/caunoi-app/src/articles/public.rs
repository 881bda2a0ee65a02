//! What readers see: only published articles whose publication time has come, in pages,
//! feeds, the sitemap and the API alike.

use crate::{App, AppError, AppResult, Page};
use caunoi_store::articles::{self, Article, Category, PublicFilter, Section, Summary};
use caunoi_store::{councils, now};
use time::OffsetDateTime;

pub use caunoi_store::articles::PublicFilter as Filter;

/// One published article with what its page shows around it.
#[derive(Debug, Clone)]
pub struct PublicArticle {
    pub article: Article,
    pub tags: Vec<(String, String)>,
    pub images: Vec<articles::Image>,
    /// Chosen by the editor, else the closest by tags and category.
    pub related: Vec<Summary>,
    pub sections: Vec<Section>,
}

fn is_public(a: &Article, t: OffsetDateTime) -> bool {
    a.state == "published" && a.published_at.is_some_and(|p| p <= t)
}

pub async fn article(app: &App, id: i64) -> AppResult<PublicArticle> {
    let t = now();
    let mut tx = app.db.read().await?;
    let a = articles::find(&mut tx, id)
        .await?
        .filter(|a| is_public(a, t))
        .ok_or(AppError::NotFound("article"))?;
    let mut related = articles::related_public(&mut tx, id, t).await?;
    if related.is_empty() {
        related = articles::closest_public(&mut tx, id, t, 5).await?;
    }
    Ok(PublicArticle {
        tags: articles::tags(&mut tx, id).await?,
        images: articles::images(&mut tx, id).await?,
        sections: articles::article_sections(&mut tx, id).await?,
        related,
        article: a,
    })
}

pub async fn list(
    app: &App,
    filter: &PublicFilter<'_>,
    page: i64,
    per_page: i64,
) -> AppResult<Page<Summary>> {
    let mut tx = app.db.read().await?;
    Ok(articles::list_public(&mut tx, filter, now(), page, per_page).await?)
}

/// The news part of a council's home page.
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub lead: Option<Summary>,
    pub latest: Vec<Summary>,
    pub blocks: Vec<(Category, Vec<Summary>)>,
}

/// The newest article leads; the next ones follow; then each category with articles.
pub async fn home(app: &App, unit_code: &str) -> AppResult<Home> {
    let t = now();
    let mut tx = app.db.read().await?;
    let mut latest = articles::latest_public(&mut tx, unit_code, None, t, 7).await?;
    let lead = if latest.is_empty() {
        None
    } else {
        Some(latest.remove(0))
    };
    let mut blocks = Vec::new();
    if let Some(council) = councils::find_by_unit_code(&mut tx, unit_code).await? {
        for c in articles::categories(&mut tx, council.id).await? {
            let items = articles::latest_public(&mut tx, unit_code, Some(&c.slug), t, 4).await?;
            if !items.is_empty() {
                blocks.push((c, items));
            }
        }
    }
    Ok(Home {
        lead,
        latest,
        blocks,
    })
}

/// The categories of a council (for navigation and the API).
/// A council's newsroom gets its default categories the first time they are asked for.
pub async fn categories(app: &App, unit_code: &str) -> AppResult<Vec<Category>> {
    {
        // Reading first keeps page views from writing (and from invalidating page caches).
        let mut tx = app.db.read().await?;
        let council = councils::find_by_unit_code(&mut tx, unit_code)
            .await?
            .ok_or(AppError::NotFound("council"))?;
        let cats = articles::categories(&mut tx, council.id).await?;
        if !cats.is_empty() {
            return Ok(cats);
        }
    }
    let mut tx = app.db.write().await?;
    let council = councils::find_by_unit_code(&mut tx, unit_code)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let cats = super::ensure_categories(&mut tx, council.id).await?;
    tx.commit().await?;
    Ok(cats)
}

pub async fn section(
    app: &App,
    unit_code: &str,
    slug: &str,
    page: i64,
    per_page: i64,
) -> AppResult<(Section, Page<Summary>)> {
    let t = now();
    let mut tx = app.db.read().await?;
    let council = councils::find_by_unit_code(&mut tx, unit_code)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let s = articles::section_by_slug(&mut tx, council.id, slug)
        .await?
        .ok_or(AppError::NotFound("special section"))?;
    let f = PublicFilter {
        section_id: Some(s.id),
        ..PublicFilter::default()
    };
    let items = articles::list_public(&mut tx, &f, t, page, per_page).await?;
    Ok((s, items))
}

/// (path, last modified) of every published article.
pub async fn sitemap(app: &App) -> AppResult<Vec<(String, OffsetDateTime)>> {
    let mut tx = app.db.read().await?;
    Ok(articles::sitemap(&mut tx, now())
        .await?
        .into_iter()
        .map(|(id, cat, slug, at)| (super::article_path(&cat, &slug, id), at))
        .collect())
}

/// The newest change to what the public can see (for ETag and Last-Modified on feeds).
pub async fn last_change(app: &App) -> AppResult<Option<OffsetDateTime>> {
    let mut tx = app.db.read().await?;
    Ok(articles::last_public_change(&mut tx, now()).await?)
}

/// Articles for a feed, with their bodies.
pub async fn feed(app: &App, filter: &PublicFilter<'_>, limit: i64) -> AppResult<Vec<Article>> {
    let t = now();
    let mut tx = app.db.read().await?;
    let page = articles::list_public(&mut tx, filter, t, 1, limit).await?;
    let mut out = Vec::with_capacity(page.items.len());
    for s in page.items {
        if let Some(a) = articles::find(&mut tx, s.id).await? {
            out.push(a);
        }
    }
    Ok(out)
}

/// The name of a tag as first written.
pub async fn tag_name(app: &App, slug: &str) -> AppResult<Option<String>> {
    let mut tx = app.db.read().await?;
    Ok(articles::tag_name(&mut tx, slug).await?)
}
