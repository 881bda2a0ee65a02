//! The newsroom's records: categories, articles with their revisions, comments, transitions,
//! tags, former slugs, related links, special sections, images and contributor guidance.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Category {
    pub id: i64,
    pub council_id: i64,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Article {
    pub id: i64,
    pub council_id: i64,
    pub unit_id: i64,
    pub unit_code: String,
    pub category_id: i64,
    pub category_slug: String,
    pub category_name: String,
    pub state: String,
    pub title: String,
    pub slug: String,
    pub lead: String,
    pub body_md: String,
    pub body_html: String,
    pub source: Option<String>,
    pub credit: Option<String>,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub revision: i64,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub submitted_at: Option<OffsetDateTime>,
    pub reviewed_at: Option<OffsetDateTime>,
    pub published_at: Option<OffsetDateTime>,
    pub scheduled_at: Option<OffsetDateTime>,
    pub unpublish_reason: Option<String>,
    pub legacy_fingerprint: Option<String>,
}

/// What lists show of an article.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Summary {
    pub id: i64,
    pub unit_code: String,
    pub category_slug: String,
    pub category_name: String,
    pub state: String,
    pub title: String,
    pub slug: String,
    pub lead: String,
    pub credit: Option<String>,
    pub author_name: Option<String>,
    pub published_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
    pub image_sha: Option<String>,
}

const ARTICLE: &str = "SELECT a.id, a.council_id, c.unit_id, u.code AS unit_code, a.category_id, \
    k.slug AS category_slug, k.name AS category_name, a.state, a.title, a.slug, a.lead, a.body_md, \
    a.body_html, a.source, a.credit, a.author_id, p.display_name AS author_name, a.revision, \
    a.created_at, a.updated_at, a.submitted_at, a.reviewed_at, a.published_at, a.scheduled_at, \
    a.unpublish_reason, a.legacy_fingerprint \
    FROM article a JOIN council c ON c.id = a.council_id JOIN admin_unit u ON u.id = c.unit_id \
    JOIN category k ON k.id = a.category_id LEFT JOIN app_user p ON p.id = a.author_id";

const SUMMARY: &str = "SELECT a.id, u.code AS unit_code, k.slug AS category_slug, k.name AS category_name, \
    a.state, a.title, a.slug, a.lead, a.credit, p.display_name AS author_name, a.published_at, a.updated_at, \
    (SELECT m.sha256 FROM article_image ai JOIN media m ON m.id = ai.media_id \
     WHERE ai.article_id = a.id ORDER BY ai.position LIMIT 1) AS image_sha \
    FROM article a JOIN council c ON c.id = a.council_id JOIN admin_unit u ON u.id = c.unit_id \
    JOIN category k ON k.id = a.category_id LEFT JOIN app_user p ON p.id = a.author_id";

/// Councils whose unit is `code` or below it.
const COUNCILS_UNDER: &str = "SELECT c2.id FROM council c2 WHERE c2.unit_id IN (\
    WITH RECURSIVE sub(id) AS (SELECT id FROM admin_unit WHERE code = $1 AND valid_to IS NULL \
    UNION ALL SELECT x.id FROM admin_unit x JOIN sub ON x.parent_id = sub.id) SELECT id FROM sub)";

// ---- categories -------------------------------------------------------------------------

pub async fn categories(tx: &mut Tx, council_id: i64) -> Result<Vec<Category>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, position FROM category WHERE council_id = $1 ORDER BY position, id")
        .bind(council_id).fetch_all(c).await)?)
}

pub async fn category_by_slug(
    tx: &mut Tx,
    council_id: i64,
    slug: &str,
) -> Result<Option<Category>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, position FROM category WHERE council_id = $1 AND slug = $2")
        .bind(council_id).bind(slug).fetch_optional(c).await)?)
}

pub async fn category(tx: &mut Tx, id: i64) -> Result<Option<Category>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, position FROM category WHERE id = $1")
        .bind(id).fetch_optional(c).await)?)
}

pub async fn insert_category(
    tx: &mut Tx,
    council_id: i64,
    slug: &str,
    name: &str,
    position: i64,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO category (council_id, slug, name, position) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(council_id).bind(slug).bind(name).bind(position).fetch_one(c).await)?)
}

// ---- articles ---------------------------------------------------------------------------

/// A new article's first version.
#[derive(Debug, Clone)]
pub struct NewArticle<'a> {
    pub council_id: i64,
    pub category_id: i64,
    pub state: &'a str,
    pub title: &'a str,
    pub title_folded: &'a str,
    pub slug: &'a str,
    pub lead: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub source: Option<&'a str>,
    pub credit: Option<&'a str>,
    pub author_id: Option<i64>,
    pub now: OffsetDateTime,
    pub published_at: Option<OffsetDateTime>,
    pub legacy_fingerprint: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, a: &NewArticle<'_>) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO article (council_id, category_id, state, title, title_folded, slug, lead, body_md, body_html, \
         source, credit, author_id, revision, created_at, updated_at, published_at, legacy_fingerprint) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $13, $14, $15) RETURNING id")
        .bind(a.council_id).bind(a.category_id).bind(a.state).bind(a.title).bind(a.title_folded).bind(a.slug)
        .bind(a.lead).bind(a.body_md).bind(a.body_html).bind(a.source).bind(a.credit).bind(a.author_id)
        .bind(a.now).bind(a.published_at).bind(a.legacy_fingerprint).fetch_one(c).await)?)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<Article>, StoreError> {
    let sql = format!("{ARTICLE} WHERE a.id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

pub async fn find_by_fingerprint(
    tx: &mut Tx,
    fingerprint: &str,
) -> Result<Option<Article>, StoreError> {
    let sql = format!("{ARTICLE} WHERE a.legacy_fingerprint = $1");
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(fingerprint).fetch_optional(c).await)?,
    )
}

/// New content for an article; applied only if nobody saved in between (`revision` matches).
#[derive(Debug, Clone)]
pub struct Content<'a> {
    pub category_id: i64,
    pub title: &'a str,
    pub title_folded: &'a str,
    pub slug: &'a str,
    pub lead: &'a str,
    pub body_md: &'a str,
    pub body_html: &'a str,
    pub source: Option<&'a str>,
    pub credit: Option<&'a str>,
}

pub async fn update_content(
    tx: &mut Tx,
    id: i64,
    expected_revision: i64,
    c: &Content<'_>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = exec!(tx, conn => sqlx::query(
        "UPDATE article SET category_id = $3, title = $4, title_folded = $5, slug = $6, lead = $7, body_md = $8, \
         body_html = $9, source = $10, credit = $11, revision = revision + 1, updated_at = $12 \
         WHERE id = $1 AND revision = $2")
        .bind(id).bind(expected_revision).bind(c.category_id).bind(c.title).bind(c.title_folded).bind(c.slug)
        .bind(c.lead).bind(c.body_md).bind(c.body_html).bind(c.source).bind(c.credit).bind(now))?;
    Ok(n == 1)
}

/// Moves an article to `to`; the timestamps given (when `Some`) are set, the others kept.
#[derive(Debug, Clone, Default)]
pub struct StateChange<'a> {
    pub to: &'a str,
    pub submitted_at: Option<OffsetDateTime>,
    pub reviewed_at: Option<OffsetDateTime>,
    pub published_at: Option<OffsetDateTime>,
    pub scheduled_at: Option<OffsetDateTime>,
    pub clear_schedule: bool,
    pub unpublish_reason: Option<&'a str>,
}

pub async fn set_state(
    tx: &mut Tx,
    id: i64,
    from: &str,
    s: &StateChange<'_>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = exec!(tx, c => sqlx::query(
        "UPDATE article SET state = $3, updated_at = $4, \
         submitted_at = COALESCE(submitted_at, $5), reviewed_at = COALESCE(reviewed_at, $6), \
         published_at = COALESCE($7, published_at), \
         scheduled_at = CASE WHEN $9 THEN NULL ELSE COALESCE($8, scheduled_at) END, \
         unpublish_reason = COALESCE($10, unpublish_reason) \
         WHERE id = $1 AND state = $2")
        .bind(id).bind(from).bind(s.to).bind(now).bind(s.submitted_at).bind(s.reviewed_at)
        .bind(s.published_at).bind(s.scheduled_at).bind(s.clear_schedule).bind(s.unpublish_reason))?;
    Ok(n == 1)
}

/// Filters of the public lists; only published articles whose time has come are ever returned.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter<'a> {
    pub council_id: Option<i64>,
    /// Articles of councils at or below this unit.
    pub unit_code: Option<&'a str>,
    pub category_slug: Option<&'a str>,
    pub tag: Option<&'a str>,
    pub section_id: Option<i64>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

pub async fn list_public(
    tx: &mut Tx,
    f: &PublicFilter<'_>,
    now: OffsetDateTime,
    page: i64,
    per_page: i64,
) -> Result<Page<Summary>, StoreError> {
    // Placeholders are fixed by position so one SQL text serves every filter combination.
    let cond = format!(
        "a.state = 'published' AND a.published_at <= $1 \
         AND ($2 IS NULL OR a.council_id = $2) \
         AND ($3 IS NULL OR a.council_id IN ({})) \
         AND ($4 IS NULL OR k.slug = $4) \
         AND ($5 IS NULL OR EXISTS (SELECT 1 FROM article_tag t WHERE t.article_id = a.id AND t.slug = $5)) \
         AND ($6 IS NULL OR EXISTS (SELECT 1 FROM special_section_article s WHERE s.article_id = a.id AND s.section_id = $6)) \
         AND ($7 IS NULL OR a.published_at >= $7) AND ($8 IS NULL OR a.published_at < $8)",
        COUNCILS_UNDER.replace("$1", "$3")
    );
    let list = format!(
        "{SUMMARY} WHERE {cond} ORDER BY a.published_at DESC, a.id DESC LIMIT $9 OFFSET $10"
    );
    let count = format!(
        "SELECT COUNT(*) FROM article a JOIN category k ON k.id = a.category_id WHERE {cond} AND $9 > 0 AND $10 >= 0"
    );
    let offset = Page::<Summary>::offset(page, per_page);
    let items: Vec<Summary> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(list))
        .bind(now).bind(f.council_id).bind(f.unit_code).bind(f.category_slug).bind(f.tag).bind(f.section_id)
        .bind(f.from).bind(f.to).bind(per_page).bind(offset).fetch_all(c).await)?;
    let total: i64 = on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(count))
        .bind(now).bind(f.council_id).bind(f.unit_code).bind(f.category_slug).bind(f.tag).bind(f.section_id)
        .bind(f.from).bind(f.to).bind(per_page).bind(offset).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

/// The desk's view: articles of councils at or below `unit_code`, or only one author's.
#[derive(Debug, Clone, Default)]
pub struct DeskFilter<'a> {
    pub unit_code: Option<&'a str>,
    pub author_id: Option<i64>,
    pub state: Option<&'a str>,
}

pub async fn list_desk(
    tx: &mut Tx,
    f: &DeskFilter<'_>,
    page: i64,
    per_page: i64,
) -> Result<Page<Summary>, StoreError> {
    let cond = format!(
        "($1 IS NULL OR a.council_id IN ({COUNCILS_UNDER})) AND ($2 IS NULL OR a.author_id = $2) AND ($3 IS NULL OR a.state = $3)"
    );
    let list =
        format!("{SUMMARY} WHERE {cond} ORDER BY a.updated_at DESC, a.id DESC LIMIT $4 OFFSET $5");
    let count = format!("SELECT COUNT(*) FROM article a WHERE {cond} AND $4 > 0 AND $5 >= 0");
    let offset = Page::<Summary>::offset(page, per_page);
    let items: Vec<Summary> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(list))
        .bind(f.unit_code).bind(f.author_id).bind(f.state).bind(per_page).bind(offset).fetch_all(c).await)?;
    let total: i64 = on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(count))
        .bind(f.unit_code).bind(f.author_id).bind(f.state).bind(per_page).bind(offset).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

/// Published articles whose folded title equals `folded` (to link related titles on import).
pub async fn published_by_folded_title(
    tx: &mut Tx,
    council_id: i64,
    folded: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT id FROM article WHERE council_id = $1 AND title_folded = $2 ORDER BY id LIMIT 1")
        .bind(council_id).bind(folded).fetch_optional(c).await)?)
}

/// Ids of every article the public may see (for rebuilding the search index).
pub async fn public_ids(tx: &mut Tx, now: OffsetDateTime) -> Result<Vec<i64>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT id FROM article WHERE state = 'published' AND published_at <= $1 ORDER BY id")
        .bind(now).fetch_all(c).await)?)
}

/// Scheduled articles whose time has come.
pub async fn due_scheduled(tx: &mut Tx, now: OffsetDateTime) -> Result<Vec<i64>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT id FROM article WHERE state = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at")
        .bind(now).fetch_all(c).await)?)
}

/// Everything the sitemap lists: (id, category slug, slug, updated_at).
pub async fn sitemap(
    tx: &mut Tx,
    now: OffsetDateTime,
) -> Result<Vec<(i64, String, String, OffsetDateTime)>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT a.id, k.slug, a.slug, a.updated_at FROM article a JOIN category k ON k.id = a.category_id \
         WHERE a.state = 'published' AND a.published_at <= $1 ORDER BY a.published_at DESC")
        .bind(now).fetch_all(c).await)?)
}

/// The newest change among published articles (for feed validators).
pub async fn last_public_change(
    tx: &mut Tx,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT MAX(updated_at) FROM article WHERE state IN ('published', 'unpublished', 'archived') AND (published_at IS NULL OR published_at <= $1)")
        .bind(now).fetch_one(c).await)?)
}

// ---- revisions, comments, transitions ---------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Revision {
    pub number: i64,
    pub title: String,
    pub lead: String,
    pub body_md: String,
    pub source: Option<String>,
    pub editor_label: String,
    pub at: OffsetDateTime,
}

/// One saved version of an article's text.
#[derive(Debug, Clone)]
pub struct NewRevision<'a> {
    pub article_id: i64,
    pub number: i64,
    pub title: &'a str,
    pub lead: &'a str,
    pub body_md: &'a str,
    pub source: Option<&'a str>,
    pub editor: &'a str,
    pub at: OffsetDateTime,
}

pub async fn insert_revision(tx: &mut Tx, r: &NewRevision<'_>) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO article_revision (article_id, number, title, lead, body_md, source, editor_label, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(r.article_id).bind(r.number).bind(r.title).bind(r.lead).bind(r.body_md).bind(r.source)
        .bind(r.editor).bind(r.at))?;
    Ok(())
}

pub async fn revisions(tx: &mut Tx, article_id: i64) -> Result<Vec<Revision>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT number, title, lead, body_md, source, editor_label, at FROM article_revision \
         WHERE article_id = $1 ORDER BY number DESC")
        .bind(article_id).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Comment {
    pub author_label: String,
    pub body: String,
    pub at: OffsetDateTime,
}

pub async fn insert_comment(
    tx: &mut Tx,
    article_id: i64,
    author: &str,
    body: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("INSERT INTO article_comment (article_id, author_label, body, at) VALUES ($1, $2, $3, $4)")
        .bind(article_id).bind(author).bind(body).bind(at))?;
    Ok(())
}

pub async fn comments(tx: &mut Tx, article_id: i64) -> Result<Vec<Comment>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT author_label, body, at FROM article_comment WHERE article_id = $1 ORDER BY id")
        .bind(article_id).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Transition {
    pub from_state: String,
    pub to_state: String,
    pub actor_label: String,
    pub reason: Option<String>,
    pub at: OffsetDateTime,
}

pub async fn insert_transition(
    tx: &mut Tx,
    article_id: i64,
    from: &str,
    to: &str,
    actor: &str,
    reason: Option<&str>,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO article_transition (article_id, from_state, to_state, actor_label, reason, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(article_id).bind(from).bind(to).bind(actor).bind(reason).bind(at))?;
    Ok(())
}

pub async fn transitions(tx: &mut Tx, article_id: i64) -> Result<Vec<Transition>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT from_state, to_state, actor_label, reason, at FROM article_transition WHERE article_id = $1 ORDER BY id")
        .bind(article_id).fetch_all(c).await)?)
}

// ---- tags, slugs, related ---------------------------------------------------------------

pub async fn set_tags(
    tx: &mut Tx,
    article_id: i64,
    tags: &[(String, String)],
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM article_tag WHERE article_id = $1").bind(article_id))?;
    for (slug, name) in tags {
        exec!(tx, c => sqlx::query("INSERT INTO article_tag (article_id, slug, name) VALUES ($1, $2, $3)")
            .bind(article_id).bind(slug).bind(name))?;
    }
    Ok(())
}

/// (slug, name) pairs in name order.
pub async fn tags(tx: &mut Tx, article_id: i64) -> Result<Vec<(String, String)>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_as("SELECT slug, name FROM article_tag WHERE article_id = $1 ORDER BY name")
        .bind(article_id).fetch_all(c).await)?,
    )
}

pub async fn tag_name(tx: &mut Tx, slug: &str) -> Result<Option<String>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_scalar("SELECT name FROM article_tag WHERE slug = $1 LIMIT 1")
        .bind(slug).fetch_optional(c).await)?,
    )
}

pub async fn add_former_slug(tx: &mut Tx, article_id: i64, slug: &str) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO article_former_slug (article_id, slug) SELECT $1, $2 \
         WHERE NOT EXISTS (SELECT 1 FROM article_former_slug WHERE article_id = $1 AND slug = $2)")
        .bind(article_id).bind(slug))?;
    Ok(())
}

pub async fn set_related(tx: &mut Tx, article_id: i64, related: &[i64]) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM article_related WHERE article_id = $1").bind(article_id))?;
    for (pos, r) in related.iter().enumerate() {
        add_related(tx, article_id, *r, pos as i64).await?;
    }
    Ok(())
}

pub async fn add_related(
    tx: &mut Tx,
    article_id: i64,
    related_id: i64,
    position: i64,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO article_related (article_id, related_id, position) SELECT $1, $2, $3 \
         WHERE $1 <> $2 AND NOT EXISTS (SELECT 1 FROM article_related WHERE article_id = $1 AND related_id = $2)")
        .bind(article_id).bind(related_id).bind(position))?;
    Ok(())
}

/// Related articles chosen by the editor that are public, in the editor's order.
pub async fn related_public(
    tx: &mut Tx,
    article_id: i64,
    now: OffsetDateTime,
) -> Result<Vec<Summary>, StoreError> {
    let sql = format!(
        "{SUMMARY} JOIN article_related r ON r.related_id = a.id WHERE r.article_id = $1 \
         AND a.state = 'published' AND a.published_at <= $2 ORDER BY r.position"
    );
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(article_id).bind(now).fetch_all(c).await)?,
    )
}

pub async fn related_ids(tx: &mut Tx, article_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_scalar("SELECT related_id FROM article_related WHERE article_id = $1 ORDER BY position")
        .bind(article_id).fetch_all(c).await)?,
    )
}

/// Published articles closest to this one when the editor chose none: those sharing the most
/// tags first, then the newest of the same category. Both lookups use indexes, so the cost does
/// not grow with the number of articles.
pub async fn closest_public(
    tx: &mut Tx,
    article_id: i64,
    now: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Summary>, StoreError> {
    let by_tags = format!(
        "{SUMMARY} JOIN (SELECT o.article_id AS rid, COUNT(*) AS shared FROM article_tag t \
         JOIN article_tag o ON o.slug = t.slug AND o.article_id <> t.article_id \
         WHERE t.article_id = $1 GROUP BY o.article_id) r ON r.rid = a.id \
         WHERE a.state = 'published' AND a.published_at <= $2 \
         AND a.council_id = (SELECT council_id FROM article WHERE id = $1) \
         ORDER BY r.shared DESC, a.published_at DESC LIMIT $3"
    );
    let mut out: Vec<Summary> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(by_tags))
        .bind(article_id).bind(now).bind(limit).fetch_all(c).await)?;
    if (out.len() as i64) < limit {
        let same_category = format!(
            "{SUMMARY} WHERE a.category_id = (SELECT category_id FROM article WHERE id = $1) AND a.id <> $1 \
             AND a.state = 'published' AND a.published_at <= $2 ORDER BY a.published_at DESC LIMIT $3"
        );
        let more: Vec<Summary> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(same_category))
            .bind(article_id).bind(now).bind(limit).fetch_all(c).await)?;
        for m in more {
            if (out.len() as i64) >= limit {
                break;
            }
            if !out.iter().any(|o| o.id == m.id) {
                out.push(m);
            }
        }
    }
    Ok(out)
}

/// The newest public articles of councils at or below a unit (and of one category), without
/// counting them all: what the home page needs.
pub async fn latest_public(
    tx: &mut Tx,
    unit_code: &str,
    category_slug: Option<&str>,
    now: OffsetDateTime,
    limit: i64,
) -> Result<Vec<Summary>, StoreError> {
    let sql = format!(
        "{SUMMARY} WHERE a.state = 'published' AND a.published_at <= $1 \
         AND a.council_id IN ({}) AND ($3 IS NULL OR k.slug = $3) \
         ORDER BY a.published_at DESC, a.id DESC LIMIT $4",
        COUNCILS_UNDER.replace("$1", "$2")
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now).bind(unit_code).bind(category_slug).bind(limit).fetch_all(c).await)?)
}

pub async fn add_pending_related(
    tx: &mut Tx,
    article_id: i64,
    title_folded: &str,
    position: i64,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO article_related_pending (article_id, title_folded, position) SELECT $1, $2, $3 \
         WHERE NOT EXISTS (SELECT 1 FROM article_related_pending WHERE article_id = $1 AND title_folded = $2)")
        .bind(article_id).bind(title_folded).bind(position))?;
    Ok(())
}

/// Links articles that were waiting for an article with this title, now that it exists.
pub async fn resolve_pending_related(
    tx: &mut Tx,
    target_id: i64,
    council_id: i64,
    title_folded: &str,
) -> Result<u64, StoreError> {
    let waiting: Vec<(i64, i64)> = on!(tx, c => sqlx::query_as(
        "SELECT p.article_id, p.position FROM article_related_pending p JOIN article a ON a.id = p.article_id \
         WHERE p.title_folded = $1 AND a.council_id = $2")
        .bind(title_folded).bind(council_id).fetch_all(c).await)?;
    for (article_id, position) in &waiting {
        add_related(tx, *article_id, target_id, *position).await?;
        exec!(tx, c => sqlx::query("DELETE FROM article_related_pending WHERE article_id = $1 AND title_folded = $2")
            .bind(*article_id).bind(title_folded))?;
    }
    Ok(waiting.len() as u64)
}

// ---- special sections -------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Section {
    pub id: i64,
    pub council_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
}

pub async fn insert_section(
    tx: &mut Tx,
    council_id: i64,
    slug: &str,
    name: &str,
    description: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO special_section (council_id, slug, name, description, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(council_id).bind(slug).bind(name).bind(description).bind(now).fetch_one(c).await)?)
}

pub async fn sections(tx: &mut Tx, council_id: i64) -> Result<Vec<Section>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, description FROM special_section WHERE council_id = $1 ORDER BY id")
        .bind(council_id).fetch_all(c).await)?)
}

pub async fn section_by_slug(
    tx: &mut Tx,
    council_id: i64,
    slug: &str,
) -> Result<Option<Section>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, description FROM special_section WHERE council_id = $1 AND slug = $2")
        .bind(council_id).bind(slug).fetch_optional(c).await)?)
}

pub async fn add_to_section(
    tx: &mut Tx,
    section_id: i64,
    article_id: i64,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO special_section_article (section_id, article_id) SELECT $1, $2 \
         WHERE NOT EXISTS (SELECT 1 FROM special_section_article WHERE section_id = $1 AND article_id = $2)")
        .bind(section_id).bind(article_id))?;
    Ok(())
}

pub async fn article_sections(tx: &mut Tx, article_id: i64) -> Result<Vec<Section>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT s.id, s.council_id, s.slug, s.name, s.description FROM special_section s \
         JOIN special_section_article x ON x.section_id = s.id WHERE x.article_id = $1 ORDER BY s.id")
        .bind(article_id).fetch_all(c).await)?)
}

// ---- media ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Image {
    pub media_id: i64,
    pub sha256: String,
    pub kind: String,
    pub width: i64,
    pub height: i64,
    pub caption: String,
}

/// An uploaded image as recorded.
#[derive(Debug, Clone)]
pub struct NewMedia<'a> {
    pub sha256: &'a str,
    pub kind: &'a str,
    pub width: i64,
    pub height: i64,
    pub council_id: i64,
    pub uploaded_by: &'a str,
    pub at: OffsetDateTime,
}

/// Records an uploaded image (once per content hash) and returns its id.
pub async fn upsert_media(tx: &mut Tx, m: &NewMedia<'_>) -> Result<i64, StoreError> {
    let existing: Option<i64> = on!(tx, c => sqlx::query_scalar("SELECT id FROM media WHERE sha256 = $1")
        .bind(m.sha256).fetch_optional(c).await)?;
    if let Some(id) = existing {
        return Ok(id);
    }
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO media (sha256, kind, width, height, council_id, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(m.sha256).bind(m.kind).bind(m.width).bind(m.height).bind(m.council_id).bind(m.uploaded_by)
        .bind(m.at).fetch_one(c).await)?)
}

pub async fn media_kind(tx: &mut Tx, sha256: &str) -> Result<Option<String>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_scalar("SELECT kind FROM media WHERE sha256 = $1")
        .bind(sha256).fetch_optional(c).await)?,
    )
}

pub async fn attach_image(
    tx: &mut Tx,
    article_id: i64,
    media_id: i64,
    caption: &str,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO article_image (article_id, media_id, caption, position) \
         SELECT $1, $2, $3, COALESCE((SELECT MAX(position) + 1 FROM article_image WHERE article_id = $1), 0) \
         WHERE NOT EXISTS (SELECT 1 FROM article_image WHERE article_id = $1 AND media_id = $2)")
        .bind(article_id).bind(media_id).bind(caption))?;
    exec!(tx, c => sqlx::query("UPDATE article_image SET caption = $3 WHERE article_id = $1 AND media_id = $2")
        .bind(article_id).bind(media_id).bind(caption))?;
    Ok(())
}

pub async fn images(tx: &mut Tx, article_id: i64) -> Result<Vec<Image>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT m.id AS media_id, m.sha256, m.kind, m.width, m.height, ai.caption FROM article_image ai \
         JOIN media m ON m.id = ai.media_id WHERE ai.article_id = $1 ORDER BY ai.position")
        .bind(article_id).fetch_all(c).await)?)
}

// ---- guidance and statistics ------------------------------------------------------------

pub async fn guidance(tx: &mut Tx, council_id: i64) -> Result<Option<String>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_scalar("SELECT body_md FROM newsroom_guidance WHERE council_id = $1")
        .bind(council_id).fetch_optional(c).await)?,
    )
}

pub async fn set_guidance(
    tx: &mut Tx,
    council_id: i64,
    body_md: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO newsroom_guidance (council_id, body_md, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (council_id) DO UPDATE SET body_md = excluded.body_md, updated_at = excluded.updated_at")
        .bind(council_id).bind(body_md).bind(now))?;
    Ok(())
}

/// Per contributor and unit: articles submitted, published, and the review times in seconds.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct AuthorStats {
    pub author_name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub submitted: i64,
    pub published: i64,
}

pub async fn author_stats(
    tx: &mut Tx,
    unit_code: Option<&str>,
) -> Result<Vec<AuthorStats>, StoreError> {
    let sql = format!(
        "SELECT p.display_name AS author_name, u.code AS unit_code, u.name AS unit_name, \
         SUM(CASE WHEN a.submitted_at IS NOT NULL THEN 1 ELSE 0 END) AS submitted, \
         SUM(CASE WHEN a.state = 'published' THEN 1 ELSE 0 END) AS published \
         FROM article a JOIN app_user p ON p.id = a.author_id JOIN council c ON c.id = a.council_id \
         JOIN admin_unit u ON u.id = c.unit_id \
         WHERE ($1 IS NULL OR a.council_id IN ({COUNCILS_UNDER})) \
         GROUP BY p.display_name, u.code, u.name ORDER BY u.code, p.display_name"
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(unit_code).fetch_all(c).await)?)
}

/// (author name, submitted_at, reviewed_at) of reviewed articles, for average review times.
pub async fn review_times(
    tx: &mut Tx,
    unit_code: Option<&str>,
) -> Result<Vec<(String, OffsetDateTime, OffsetDateTime)>, StoreError> {
    let sql = format!(
        "SELECT p.display_name, a.submitted_at, a.reviewed_at FROM article a JOIN app_user p ON p.id = a.author_id \
         WHERE a.submitted_at IS NOT NULL AND a.reviewed_at IS NOT NULL \
         AND ($1 IS NULL OR a.council_id IN ({COUNCILS_UNDER}))"
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(unit_code).fetch_all(c).await)?)
}
