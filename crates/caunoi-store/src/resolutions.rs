//! Resolutions (nghị quyết) and the amends/replaces links between them.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{exec, on};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Resolution {
    pub id: i64,
    pub council_id: i64,
    pub council_name: String,
    pub council_unit_code: String,
    pub number: String,
    pub year: i64,
    pub title: String,
    pub slug: String,
    pub field: String,
    pub adopted_on: Date,
    pub effective_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub session_id: Option<i64>,
    pub body_md: String,
    pub state: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionFields {
    pub council_id: i64,
    pub number: String,
    pub number_key: String,
    pub year: i64,
    pub title: String,
    pub slug: String,
    pub field: String,
    pub adopted_on: Date,
    pub effective_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub session_id: Option<i64>,
    pub body_md: String,
    pub state: String,
}

const SELECT: &str = "SELECT r.id, r.council_id, c.name AS council_name, u.code AS council_unit_code, r.number, \
     r.year, r.title, r.slug, r.field, r.adopted_on, r.effective_on, r.expires_on, r.session_id, r.body_md, r.state, \
     r.created_at, r.updated_at FROM resolution r JOIN council c ON c.id = r.council_id JOIN admin_unit u ON u.id = c.unit_id";

pub async fn insert(
    tx: &mut Tx,
    f: &ResolutionFields,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let folded = vntext::fold(&f.title);
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO resolution (council_id, number, number_key, year, title, title_folded, slug, field, adopted_on, \
         effective_on, expires_on, session_id, body_md, state, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id")
        .bind(f.council_id).bind(&f.number).bind(&f.number_key).bind(f.year).bind(&f.title).bind(&folded)
        .bind(&f.slug).bind(&f.field).bind(f.adopted_on).bind(f.effective_on).bind(f.expires_on)
        .bind(f.session_id).bind(&f.body_md).bind(&f.state).bind(now).fetch_one(c).await)?)
}

pub async fn update(
    tx: &mut Tx,
    id: i64,
    f: &ResolutionFields,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let folded = vntext::fold(&f.title);
    Ok(exec!(tx, c => sqlx::query(
        "UPDATE resolution SET council_id = $2, number = $3, number_key = $4, year = $5, title = $6, title_folded = $7, \
         slug = $8, field = $9, adopted_on = $10, effective_on = $11, expires_on = $12, session_id = $13, \
         body_md = $14, state = $15, updated_at = $16 WHERE id = $1")
        .bind(id).bind(f.council_id).bind(&f.number).bind(&f.number_key).bind(f.year).bind(&f.title).bind(&folded)
        .bind(&f.slug).bind(&f.field).bind(f.adopted_on).bind(f.effective_on).bind(f.expires_on)
        .bind(f.session_id).bind(&f.body_md).bind(&f.state).bind(now))?
        > 0)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<Resolution>, StoreError> {
    let sql = format!("{SELECT} WHERE r.id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

pub async fn find_by_key(
    tx: &mut Tx,
    council_id: i64,
    key: &str,
) -> Result<Option<Resolution>, StoreError> {
    let sql = format!("{SELECT} WHERE r.council_id = $1 AND r.number_key = $2");
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(council_id).bind(key).fetch_optional(c).await)?,
    )
}

/// Resolutions of a council (or all), optionally of one year, field and session; the caller
/// computes each one's status and pages the result. Newest adoption first.
pub async fn list(
    tx: &mut Tx,
    council_id: Option<i64>,
    year: Option<i64>,
    field: Option<&str>,
    session_id: Option<i64>,
    published_only: bool,
) -> Result<Vec<Resolution>, StoreError> {
    let sql = format!(
        "{SELECT} WHERE ($1 IS NULL OR r.council_id = $1) AND ($2 IS NULL OR r.year = $2) \
         AND ($3 IS NULL OR r.field = $3) AND ($4 IS NULL OR r.session_id = $4) \
         AND ($5 = FALSE OR r.state = 'published') ORDER BY r.adopted_on DESC, r.id DESC"
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(council_id).bind(year).bind(field).bind(session_id).bind(published_only).fetch_all(c).await)?)
}

/// Years and fields that published resolutions of a council use, for the filters.
pub async fn facets(
    tx: &mut Tx,
    council_id: Option<i64>,
) -> Result<(Vec<i64>, Vec<String>), StoreError> {
    let years: Vec<i64> = on!(tx, c => sqlx::query_scalar(
        "SELECT DISTINCT year FROM resolution WHERE state = 'published' AND ($1 IS NULL OR council_id = $1) ORDER BY year DESC")
        .bind(council_id).fetch_all(c).await)?;
    let fields: Vec<String> = on!(tx, c => sqlx::query_scalar(
        "SELECT DISTINCT field FROM resolution WHERE state = 'published' AND ($1 IS NULL OR council_id = $1) ORDER BY field")
        .bind(council_id).fetch_all(c).await)?;
    Ok((years, fields))
}

/// A link between two resolutions: `from` amends or replaces `to`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Link {
    pub from_id: i64,
    pub to_id: i64,
    pub kind: String,
    pub other_number: String,
    pub other_title: String,
    pub other_slug: String,
    pub other_state: String,
    pub other_effective_on: Option<Date>,
    pub other_adopted_on: Date,
}

pub async fn set_links(
    tx: &mut Tx,
    from_id: i64,
    links: &[(i64, String)],
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM resolution_link WHERE from_id = $1").bind(from_id))?;
    for (to, kind) in links {
        exec!(tx, c => sqlx::query("INSERT INTO resolution_link (from_id, to_id, kind) VALUES ($1, $2, $3)")
            .bind(from_id).bind(*to).bind(kind))?;
    }
    Ok(())
}

/// Links from this resolution to the ones it amends or replaces.
pub async fn links_from(tx: &mut Tx, id: i64) -> Result<Vec<Link>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT l.from_id, l.to_id, l.kind, r.number AS other_number, r.title AS other_title, r.slug AS other_slug, \
         r.state AS other_state, r.effective_on AS other_effective_on, r.adopted_on AS other_adopted_on \
         FROM resolution_link l JOIN resolution r ON r.id = l.to_id WHERE l.from_id = $1 ORDER BY r.adopted_on")
        .bind(id).fetch_all(c).await)?)
}

/// Links to this resolution from the ones that amend or replace it.
pub async fn links_to(tx: &mut Tx, id: i64) -> Result<Vec<Link>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT l.from_id, l.to_id, l.kind, r.number AS other_number, r.title AS other_title, r.slug AS other_slug, \
         r.state AS other_state, r.effective_on AS other_effective_on, r.adopted_on AS other_adopted_on \
         FROM resolution_link l JOIN resolution r ON r.id = l.from_id WHERE l.to_id = $1 ORDER BY r.adopted_on")
        .bind(id).fetch_all(c).await)?)
}

/// Every link whose source is published: (from, to, kind, from's effective day or adoption day).
pub async fn published_links(tx: &mut Tx) -> Result<Vec<(i64, i64, String, Date)>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT l.from_id, l.to_id, l.kind, COALESCE(r.effective_on, r.adopted_on) FROM resolution_link l \
         JOIN resolution r ON r.id = l.from_id WHERE r.state = 'published'")
        .fetch_all(c).await)?)
}
