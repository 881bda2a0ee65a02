//! The audit log: who did what, when, from where, under which request. Written in the same
//! transaction as the change it records; never holds passwords or tokens.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use sqlx::types::Json;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry<'a> {
    pub at: OffsetDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_label: &'a str,
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: Option<String>,
    pub unit_id: Option<i64>,
    pub ip: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct Entry {
    pub id: i64,
    pub at: OffsetDateTime,
    pub actor_label: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub unit_code: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    #[sqlx(json)]
    pub details: serde_json::Value,
}

pub async fn append(tx: &mut Tx, e: &NewEntry<'_>) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
    "INSERT INTO audit_log (at, actor_user_id, actor_label, action, target_kind, target_id, unit_id, ip, request_id, details) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
    .bind(e.at).bind(e.actor_user_id).bind(e.actor_label).bind(e.action).bind(e.target_kind)
    .bind(&e.target_id).bind(e.unit_id).bind(e.ip).bind(e.request_id).bind(Json(&e.details))
    )?;
    Ok(())
}

/// Entries newest first; with `unit_code`, only those about that unit or any unit below it.
pub async fn list(
    tx: &mut Tx,
    unit_code: Option<&str>,
    page: i64,
    per_page: i64,
) -> Result<Page<Entry>, StoreError> {
    const SUBTREE: &str = "WITH RECURSIVE sub(id) AS ( \
        SELECT id FROM admin_unit WHERE code = $1 AND valid_to IS NULL \
        UNION ALL SELECT a.id FROM admin_unit a JOIN sub ON a.parent_id = sub.id) ";
    let filter = if unit_code.is_some() {
        "WHERE l.unit_id IN (SELECT id FROM sub)"
    } else {
        "WHERE $1 IS NULL"
    };
    let list = format!(
        "{SUBTREE} SELECT l.id, l.at, l.actor_label, l.action, l.target_kind, l.target_id, \
         u.code AS unit_code, l.ip, l.request_id, l.details FROM audit_log l \
         LEFT JOIN admin_unit u ON u.id = l.unit_id {filter} ORDER BY l.id DESC LIMIT $2 OFFSET $3"
    );
    let count = format!("{SUBTREE} SELECT COUNT(*) FROM audit_log l {filter}");
    let items: Vec<Entry> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(list)).bind(unit_code)
        .bind(per_page).bind(Page::<Entry>::offset(page, per_page)).fetch_all(c).await)?;
    let total: i64 = on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(count)).bind(unit_code).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}
