//! Groups of near-duplicate petitions (a lead petition and those merged into it), proposals the
//! office dismissed, and what the similarity index reads of the petitions.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{exec, on};
use time::OffsetDateTime;

/// Records a group for `lead_id`; a lead already recorded keeps its first row.
pub async fn insert_group(
    tx: &mut Tx,
    council_id: i64,
    lead_id: i64,
    created_by: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO petition_group (council_id, lead_id, created_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (lead_id) DO NOTHING")
        .bind(council_id).bind(lead_id).bind(created_by).bind(at))?;
    Ok(())
}

/// A petition as a group (or a proposal) lists it: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Member {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub state: String,
    pub moderation: String,
    pub voters: i64,
    pub unit_name: Option<String>,
    pub event_title: Option<String>,
    pub merged_into: Option<i64>,
    pub received_at: OffsetDateTime,
}

const MEMBER: &str = "SELECT p.id, p.code, p.title, p.state, p.moderation, p.voters, u.name AS unit_name, \
     e.title AS event_title, p.merged_into, p.received_at FROM petition p \
     LEFT JOIN admin_unit u ON u.id = p.unit_id LEFT JOIN event e ON e.id = p.event_id";

/// The petitions merged into `lead_id`, oldest first.
pub async fn members(tx: &mut Tx, lead_id: i64) -> Result<Vec<Member>, StoreError> {
    let sql = format!("{MEMBER} WHERE p.merged_into = $1 ORDER BY p.received_at, p.id");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(lead_id).fetch_all(c).await)?)
}

/// Ids bound per `IN (…)` list: far below either engine's limit of bound values.
const IN_CHUNK: usize = 500;

/// Rows of `sql(placeholders)` for some ids, one query per [`IN_CHUNK`] of them, where `sql`
/// puts the placeholders (`$1, $2, …`) inside an `IN (…)`.
async fn by_ids<T>(
    tx: &mut Tx,
    ids: &[i64],
    sql: impl Fn(&str) -> String,
) -> Result<Vec<T>, StoreError>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    let mut out = Vec::new();
    for chunk in ids.chunks(IN_CHUNK) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = sql(&marks.join(", "));
        let found: Vec<T> = on!(tx, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(c).await
        })?;
        out.extend(found);
    }
    Ok(out)
}

fn sorted(ids: &[i64]) -> Vec<i64> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Some petitions by id (those not found are left out), in id order.
pub async fn members_by_id(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Member>, StoreError> {
    by_ids(tx, &sorted(ids), |marks| {
        format!("{MEMBER} WHERE p.id IN ({marks}) ORDER BY p.id")
    })
    .await
}

/// For those of `ids` that petitions were merged into: how many moderated ones were merged
/// into each (as a group's public page counts them).
pub async fn merged_counts(tx: &mut Tx, ids: &[i64]) -> Result<Vec<(i64, i64)>, StoreError> {
    by_ids(tx, &sorted(ids), |marks| {
        format!(
            "SELECT merged_into, COUNT(*) FROM petition WHERE merged_into IN ({marks}) \
             AND moderation = 'approved' GROUP BY merged_into"
        )
    })
    .await
}

/// Which of `ids` already lead a confirmed group, in id order.
pub async fn leading(tx: &mut Tx, ids: &[i64]) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = by_ids(tx, &sorted(ids), |marks| {
        format!("SELECT lead_id FROM petition_group WHERE lead_id IN ({marks}) ORDER BY lead_id")
    })
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The member-id keys of the proposals the office dismissed in a council.
pub async fn dismissals(tx: &mut Tx, council_id: i64) -> Result<Vec<String>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT members FROM petition_group_dismissal WHERE council_id = $1 ORDER BY id")
        .bind(council_id).fetch_all(c).await)?)
}

/// Records a dismissed proposal; dismissing the same set twice is one row.
pub async fn insert_dismissal(
    tx: &mut Tx,
    council_id: i64,
    members: &str,
    by: &str,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(exec!(tx, c => sqlx::query(
        "INSERT INTO petition_group_dismissal (council_id, members, dismissed_by, dismissed_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (council_id, members) DO NOTHING")
        .bind(council_id).bind(members).bind(by).bind(at))?
        > 0)
}

/// What the similarity index keeps of a petition.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IndexRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub body: String,
    pub state: String,
    pub moderation: String,
    pub unit_name: Option<String>,
    pub field_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub merged_into: Option<i64>,
    pub updated_at: OffsetDateTime,
}

/// How many petitions a council has and when the last changed: when neither moved, an index
/// built from them is current.
pub async fn fingerprint(
    tx: &mut Tx,
    council_id: i64,
) -> Result<(i64, Option<OffsetDateTime>), StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT COUNT(*), MAX(updated_at) FROM petition WHERE council_id = $1")
        .bind(council_id).fetch_one(c).await)?)
}

/// A council's petitions changed at or after `since` (all of them without `since`).
pub async fn changed_since(
    tx: &mut Tx,
    council_id: i64,
    since: Option<OffsetDateTime>,
) -> Result<Vec<IndexRow>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT p.id, p.code, p.title, p.body, p.state, p.moderation, u.name AS unit_name, p.field_id, p.agency_id, \
         p.merged_into, p.updated_at FROM petition p LEFT JOIN admin_unit u ON u.id = p.unit_id \
         WHERE p.council_id = $1 AND ($2 IS NULL OR p.updated_at >= $2) ORDER BY p.id")
        .bind(council_id).bind(since).fetch_all(c).await)?)
}
