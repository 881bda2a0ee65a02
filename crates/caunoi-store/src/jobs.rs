//! Background jobs in the database: any node may claim one, and a claim is exclusive
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer at a time).

use crate::db::{Db, Tx};
use crate::error::StoreError;
use crate::{exec, on};
use sqlx::types::Json;
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    #[sqlx(json)]
    pub payload: serde_json::Value,
    pub attempts: i64,
    pub max_attempts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct JobCounts {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

pub async fn enqueue(
    tx: &mut Tx,
    kind: &str,
    payload: &serde_json::Value,
    run_at: OffsetDateTime,
    max_attempts: i64,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO job (kind, payload, status, run_at, attempts, max_attempts, created_at) \
         VALUES ($1, $2, 'queued', $3, 0, $4, $3) RETURNING id")
        .bind(kind).bind(Json(payload)).bind(run_at).bind(max_attempts).fetch_one(c).await)?)
}

/// Claims the oldest due job for `worker` with a lease; a job whose lease ran out (its node died)
/// is due again. Returns `None` when nothing is due.
pub async fn claim(
    db: &Db,
    worker: &str,
    now: OffsetDateTime,
    lease: Duration,
) -> Result<Option<Job>, StoreError> {
    // The inner SELECT differs only in the lock clause SQLite does not have.
    const PICK: &str = "SELECT id FROM job WHERE (status = 'queued' AND run_at <= $2) \
         OR (status = 'running' AND locked_until <= $2) ORDER BY run_at, id LIMIT 1";
    let sql_pg = format!(
        "UPDATE job SET status = 'running', locked_by = $1, locked_until = $3, attempts = attempts + 1 \
         WHERE id = ({PICK} FOR UPDATE SKIP LOCKED) RETURNING id, kind, payload, attempts, max_attempts"
    );
    let sql_lite = format!(
        "UPDATE job SET status = 'running', locked_by = $1, locked_until = $3, attempts = attempts + 1 \
         WHERE id = ({PICK}) RETURNING id, kind, payload, attempts, max_attempts"
    );
    let mut tx = db.write().await?;
    let sql = match tx.engine() {
        crate::Engine::Sqlite => sql_lite,
        crate::Engine::Postgres => sql_pg,
    };
    let job: Option<Job> = on!(&mut tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(worker).bind(now).bind(now + lease).fetch_optional(c).await)?;
    // Nothing claimed, nothing changed: roll back rather than commit, so an idle runner does not
    // look like a write to the page caches.
    if job.is_some() {
        tx.commit().await?;
    }
    Ok(job)
}

pub async fn complete(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "UPDATE job SET status = 'done', finished_at = $2, locked_by = NULL, locked_until = NULL WHERE id = $1")
        .bind(id).bind(now))?;
    Ok(())
}

/// Records a failure: retried at `retry_at` while attempts remain, else marked failed for good.
pub async fn fail(
    tx: &mut Tx,
    id: i64,
    error: &str,
    retry_at: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "UPDATE job SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END, \
         last_error = $2, run_at = $3, locked_by = NULL, locked_until = NULL WHERE id = $1")
        .bind(id).bind(error).bind(retry_at))?;
    Ok(())
}

pub async fn counts(tx: &mut Tx) -> Result<JobCounts, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END), 0) AS queued, \
         COALESCE(SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), 0) AS running, \
         COALESCE(SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), 0) AS done, \
         COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed FROM job")
        .fetch_one(c).await)?)
}

/// Jobs of one kind waiting or running (a recurring job is queued only when none is).
pub async fn pending_of_kind(tx: &mut Tx, kind: &str) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM job WHERE kind = $1 AND status IN ('queued', 'running')")
        .bind(kind).fetch_one(c).await)?)
}
