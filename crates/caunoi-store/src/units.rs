//! Administrative units: the tree of provinces and communes, with abolished units kept for history.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use time::Date;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub parent_code: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
}

/// A unit as read from the reference file, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub parent_code: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub successors: Vec<String>,
    pub name_folded: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

const SELECT: &str = "SELECT u.id, u.code, u.name, u.short_name, u.kind, p.code AS parent_code, \
     u.valid_from, u.valid_to FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id";

/// Inserts or updates units, matched on (code, period); parents and successors are linked
/// after all rows exist, so the file's order does not matter.
pub async fn upsert(tx: &mut Tx, units: &[NewUnit]) -> Result<UpsertCounts, StoreError> {
    let mut counts = UpsertCounts::default();
    for u in units {
        let existing: Option<(i64, String, String, String, Option<Date>, String)> = on!(tx, c => sqlx::query_as(
            "SELECT id, name, short_name, kind, valid_from, name_folded FROM admin_unit \
             WHERE code = $1 AND (valid_to = $2 OR (valid_to IS NULL AND $2 IS NULL))")
            .bind(&u.code).bind(u.valid_to).fetch_optional(c).await)?;
        match existing {
            Some((id, name, short, kind, from, folded)) => {
                if (
                    name.as_str(),
                    short.as_str(),
                    kind.as_str(),
                    from,
                    folded.as_str(),
                ) == (
                    u.name.as_str(),
                    u.short_name.as_str(),
                    u.kind.as_str(),
                    u.valid_from,
                    u.name_folded.as_str(),
                ) {
                    counts.unchanged += 1;
                } else {
                    exec!(tx, c => sqlx::query(
                        "UPDATE admin_unit SET name = $2, short_name = $3, kind = $4, valid_from = $5, name_folded = $6 WHERE id = $1")
                        .bind(id).bind(&u.name).bind(&u.short_name).bind(&u.kind).bind(u.valid_from)
                        .bind(&u.name_folded))?;
                    counts.updated += 1;
                }
            }
            None => {
                exec!(tx, c => sqlx::query(
                    "INSERT INTO admin_unit (code, name, short_name, kind, valid_from, valid_to, name_folded) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)")
                    .bind(&u.code).bind(&u.name).bind(&u.short_name).bind(&u.kind)
                    .bind(u.valid_from).bind(u.valid_to).bind(&u.name_folded))?;
                counts.inserted += 1;
            }
        }
    }
    // A parent is the unit of that code in the same period (current or abolished), else the
    // current one: Hà Nội's abolished districts hang under today's Hà Nội.
    for u in units {
        let Some(parent) = &u.parent_code else {
            continue;
        };
        exec!(tx, c => sqlx::query(
            "UPDATE admin_unit SET parent_id = ( \
                SELECT p.id FROM admin_unit p WHERE p.code = $1 \
                ORDER BY CASE WHEN (p.valid_to IS NULL) = ($3 IS NULL) THEN 0 ELSE 1 END LIMIT 1) \
             WHERE code = $2 AND (valid_to = $3 OR (valid_to IS NULL AND $3 IS NULL))")
            .bind(parent).bind(&u.code).bind(u.valid_to))?;
        if !u.successors.is_empty() {
            for s in &u.successors {
                exec!(tx, c => sqlx::query(
                    "INSERT INTO admin_unit_successor (old_id, new_id) \
                     SELECT o.id, n.id FROM admin_unit o, admin_unit n \
                     WHERE o.code = $1 AND o.valid_to = $2 AND n.code = $3 AND n.valid_to IS NULL \
                     AND NOT EXISTS (SELECT 1 FROM admin_unit_successor x WHERE x.old_id = o.id AND x.new_id = n.id)")
                    .bind(&u.code).bind(u.valid_to).bind(s))?;
            }
        }
    }
    Ok(counts)
}

pub async fn count(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM admin_unit").fetch_one(c).await)?)
}

/// The unit in force today with this code.
pub async fn find_current(tx: &mut Tx, code: &str) -> Result<Option<Unit>, StoreError> {
    let sql = format!("{SELECT} WHERE u.code = $1 AND u.valid_to IS NULL");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(c).await)?)
}

/// The unit in force with this code, else the most recently abolished one.
pub async fn find_any(tx: &mut Tx, code: &str) -> Result<Option<Unit>, StoreError> {
    let sql = format!(
        "{SELECT} WHERE u.code = $1 ORDER BY u.valid_to IS NOT NULL, u.valid_to DESC LIMIT 1"
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(c).await)?)
}

pub async fn find_by_id(tx: &mut Tx, id: i64) -> Result<Option<Unit>, StoreError> {
    let sql = format!("{SELECT} WHERE u.id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// Units directly under `parent` (or the provinces when `None`) that are in force today,
/// or, with `include_abolished`, also those abolished.
pub async fn children(
    tx: &mut Tx,
    parent: Option<&str>,
    include_abolished: bool,
    page: i64,
    per_page: i64,
) -> Result<Page<Unit>, StoreError> {
    let period = if include_abolished {
        ""
    } else {
        " AND u.valid_to IS NULL"
    };
    // The parent is matched by code in any period, so an abolished district lists its communes.
    let parent_cond = if parent.is_some() {
        "p.code = $1"
    } else {
        "u.parent_id IS NULL AND $1 IS NULL"
    };
    let list = format!(
        "{SELECT} WHERE {parent_cond}{period} ORDER BY u.valid_to IS NOT NULL, u.code LIMIT $2 OFFSET $3"
    );
    let count = format!(
        "SELECT COUNT(*) FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id WHERE {parent_cond}{period}"
    );
    let offset = Page::<Unit>::offset(page, per_page);
    let items: Vec<Unit> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(list)).bind(parent)
        .bind(per_page).bind(offset).fetch_all(c).await)?;
    let total: i64 = on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(count)).bind(parent).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

/// The codes of a unit and all its ancestors, nearest first: what a scoped grant is checked against.
pub async fn ancestry(tx: &mut Tx, unit_id: i64) -> Result<Vec<String>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "WITH RECURSIVE up(id, code, parent_id, depth) AS ( \
            SELECT id, code, parent_id, 0 FROM admin_unit WHERE id = $1 \
            UNION ALL SELECT a.id, a.code, a.parent_id, up.depth + 1 FROM admin_unit a JOIN up ON a.id = up.parent_id) \
         SELECT code FROM up ORDER BY depth")
        .bind(unit_id).fetch_all(c).await)?)
}

/// Today's units that took over an abolished unit's territory.
pub async fn successors(tx: &mut Tx, old_id: i64) -> Result<Vec<Unit>, StoreError> {
    let sql = format!(
        "{SELECT} JOIN admin_unit_successor s ON s.new_id = u.id WHERE s.old_id = $1 ORDER BY u.code"
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(old_id).fetch_all(c).await)?)
}

/// A unit with its parent's name, for indexing.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IndexedUnit {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub parent_code: Option<String>,
    pub parent_name: Option<String>,
    pub valid_to: Option<Date>,
}

pub async fn all(tx: &mut Tx) -> Result<Vec<IndexedUnit>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT u.id, u.code, u.name, u.short_name, p.code AS parent_code, p.name AS parent_name, u.valid_to \
         FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id ORDER BY u.id")
        .fetch_all(c).await)?)
}

/// (old unit id, new unit id) for every abolished unit.
pub async fn all_successors(tx: &mut Tx) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_as("SELECT old_id, new_id FROM admin_unit_successor").fetch_all(c).await)?,
    )
}

/// Units (current and abolished) whose folded full name contains `folded`, with their parent's
/// name, at most `limit`; the caller ranks them.
pub async fn search_by_name(
    tx: &mut Tx,
    folded: &str,
    limit: i64,
) -> Result<Vec<IndexedUnit>, StoreError> {
    let pattern = format!("%{}%", folded.replace(['\\', '%', '_'], ""));
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT u.id, u.code, u.name, u.short_name, p.code AS parent_code, p.name AS parent_name, u.valid_to \
         FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id WHERE u.name_folded LIKE $1 \
         ORDER BY (u.valid_to IS NULL) DESC, u.id LIMIT $2")
        .bind(pattern).bind(limit).fetch_all(c).await)?)
}
