//! Councils (one per administrative unit) and their terms.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, on};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Council {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub unit_id: i64,
    pub unit_code: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Term {
    pub id: i64,
    pub council_id: i64,
    pub name: String,
    pub starts_on: Date,
    pub ends_on: Date,
}

const SELECT: &str = "SELECT c.id, c.name, c.level, c.unit_id, u.code AS unit_code, u.name AS unit_name \
     FROM council c JOIN admin_unit u ON u.id = c.unit_id";

pub async fn insert(
    tx: &mut Tx,
    unit_id: i64,
    name: &str,
    level: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO council (unit_id, name, level, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(unit_id).bind(name).bind(level).bind(now).fetch_one(c).await)?)
}

pub async fn insert_term(
    tx: &mut Tx,
    council_id: i64,
    name: &str,
    starts_on: Date,
    ends_on: Date,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO term (council_id, name, starts_on, ends_on) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(council_id).bind(name).bind(starts_on).bind(ends_on).fetch_one(c).await)?)
}

pub async fn count(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM council").fetch_one(c).await)?)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<Council>, StoreError> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

pub async fn find_by_unit_code(tx: &mut Tx, code: &str) -> Result<Option<Council>, StoreError> {
    let sql = format!("{SELECT} WHERE u.code = $1 AND u.valid_to IS NULL");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(c).await)?)
}

/// The council the site opens on: the province-level council with the lowest unit code.
pub async fn primary(tx: &mut Tx) -> Result<Option<Council>, StoreError> {
    let sql = format!("{SELECT} ORDER BY c.level = 'province' DESC, u.code LIMIT 1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_optional(c).await)?)
}

/// Councils of the units directly under this council's unit.
pub async fn children(
    tx: &mut Tx,
    council_id: i64,
    page: i64,
    per_page: i64,
) -> Result<Page<Council>, StoreError> {
    let list = format!(
        "{SELECT} JOIN council pc ON pc.unit_id = u.parent_id WHERE pc.id = $1 ORDER BY u.code LIMIT $2 OFFSET $3"
    );
    let offset = Page::<Council>::offset(page, per_page);
    let items: Vec<Council> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(list)).bind(council_id)
        .bind(per_page).bind(offset).fetch_all(c).await)?;
    let total: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM council c JOIN admin_unit u ON u.id = c.unit_id \
         JOIN council pc ON pc.unit_id = u.parent_id WHERE pc.id = $1")
        .bind(council_id).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

pub async fn terms(tx: &mut Tx, council_id: i64) -> Result<Vec<Term>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, name, starts_on, ends_on FROM term WHERE council_id = $1 ORDER BY starts_on DESC")
        .bind(council_id).fetch_all(c).await)?)
}

/// The term in force on `day`, else the latest one.
pub async fn current_term(
    tx: &mut Tx,
    council_id: i64,
    day: Date,
) -> Result<Option<Term>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, name, starts_on, ends_on FROM term WHERE council_id = $1 \
         ORDER BY CASE WHEN starts_on <= $2 AND ends_on >= $2 THEN 0 ELSE 1 END, starts_on DESC LIMIT 1")
        .bind(council_id).bind(day).fetch_optional(c).await)?)
}

/// Every council, province level first, then by unit code.
pub async fn all(tx: &mut Tx) -> Result<Vec<Council>, StoreError> {
    let sql = format!("{SELECT} ORDER BY c.level = 'province' DESC, u.code");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(c).await)?)
}

pub async fn find_by_unit_id(tx: &mut Tx, unit_id: i64) -> Result<Option<Council>, StoreError> {
    let sql = format!("{SELECT} WHERE c.unit_id = $1");
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(unit_id).fetch_optional(c).await)?,
    )
}
