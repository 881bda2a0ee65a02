//! Files attached to events (session documents) and resolutions, with their extracted text.
//! A document is public when released; drafts are for delegates and staff only.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{exec, on};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Document {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
    pub text: String,
    pub public: bool,
    pub released_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub owner_kind: &'static str,
    pub owner_id: i64,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
    pub text: String,
    pub public: bool,
}

const SELECT: &str = "SELECT id, owner_kind, owner_id, title, file_name, content_type, sha256, size, text, public, \
     released_at, created_at FROM document";

pub async fn insert(tx: &mut Tx, d: &NewDocument, now: OffsetDateTime) -> Result<i64, StoreError> {
    let released = d.public.then_some(now);
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO document (owner_kind, owner_id, title, file_name, content_type, sha256, size, text, public, \
         released_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
        .bind(d.owner_kind).bind(d.owner_id).bind(&d.title).bind(&d.file_name).bind(&d.content_type)
        .bind(&d.sha256).bind(d.size).bind(&d.text).bind(d.public).bind(released).bind(now).fetch_one(c).await)?)
}

/// Releases a draft document to the public (once; a released one keeps its first release time).
pub async fn release(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool, StoreError> {
    Ok(exec!(tx, c => sqlx::query(
        "UPDATE document SET public = TRUE, released_at = COALESCE(released_at, $2) WHERE id = $1")
        .bind(id).bind(now))?
        > 0)
}

pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    Ok(exec!(tx, c => sqlx::query("DELETE FROM document WHERE id = $1").bind(id))? > 0)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<Document>, StoreError> {
    let sql = format!("{SELECT} WHERE id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// The documents of one owner; drafts only when `with_drafts`.
pub async fn of(
    tx: &mut Tx,
    owner_kind: &str,
    owner_id: i64,
    with_drafts: bool,
) -> Result<Vec<Document>, StoreError> {
    let sql = format!(
        "{SELECT} WHERE owner_kind = $1 AND owner_id = $2 AND ($3 = TRUE OR public = TRUE) ORDER BY id"
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(owner_kind).bind(owner_id).bind(with_drafts).fetch_all(c).await)?)
}
