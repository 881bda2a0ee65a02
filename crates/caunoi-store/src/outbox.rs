//! The outbox: each change appends an event in its own transaction; consumers (search indexer,
//! notifications, caches) read events in order and keep their own cursor.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{exec, on};
use sqlx::types::Json;
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow, serde::Serialize)]
pub struct Event {
    pub id: i64,
    pub at: OffsetDateTime,
    pub topic: String,
    pub aggregate_id: String,
    #[sqlx(json)]
    pub payload: serde_json::Value,
}

pub async fn append(
    tx: &mut Tx,
    at: OffsetDateTime,
    topic: &str,
    aggregate_id: &str,
    payload: &serde_json::Value,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO outbox (at, topic, aggregate_id, payload) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(at).bind(topic).bind(aggregate_id).bind(Json(payload)).fetch_one(c).await)?)
}

/// Events after the consumer's cursor, oldest first.
pub async fn pending(tx: &mut Tx, consumer: &str, limit: i64) -> Result<Vec<Event>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, at, topic, aggregate_id, payload FROM outbox \
         WHERE id > COALESCE((SELECT last_id FROM outbox_cursor WHERE consumer = $1), 0) \
         ORDER BY id LIMIT $2")
        .bind(consumer).bind(limit).fetch_all(c).await)?)
}

/// Moves the consumer's cursor forward (never back).
pub async fn acknowledge(tx: &mut Tx, consumer: &str, last_id: i64) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO outbox_cursor (consumer, last_id) VALUES ($1, $2) \
         ON CONFLICT (consumer) DO UPDATE SET last_id = CASE WHEN excluded.last_id > outbox_cursor.last_id \
         THEN excluded.last_id ELSE outbox_cursor.last_id END")
        .bind(consumer).bind(last_id))?;
    Ok(())
}

pub async fn count(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(c).await)?)
}

/// The newest event id (0 when none): nodes compare it to notice each other's changes.
pub async fn last_id(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM outbox").fetch_one(c).await)?,
    )
}
