//! Writes the audit row and the outbox event that go with every change, in its transaction.

use crate::{AppResult, Ctx};
use caunoi_store::{Tx, audit, outbox};
use serde_json::Value;
use time::OffsetDateTime;

/// What happened, for the audit log and the outbox.
pub struct Change<'a> {
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: Option<String>,
    pub unit_id: Option<i64>,
    /// Never passwords, tokens or citizens' personal data.
    pub details: Value,
}

/// Records the change in the audit log and emits it on the outbox as `{target_kind}.{action}`.
pub async fn change(tx: &mut Tx, ctx: &Ctx, at: OffsetDateTime, c: Change<'_>) -> AppResult<()> {
    audit_only(tx, ctx, at, &c).await?;
    let topic = format!("{}.{}", c.target_kind, c.action);
    let payload = serde_json::json!({ "target_id": c.target_id, "details": c.details });
    outbox::append(
        tx,
        at,
        &topic,
        c.target_id.as_deref().unwrap_or(""),
        &payload,
    )
    .await?;
    Ok(())
}

/// An audit row without an event (sign-ins and other things no consumer reacts to).
pub async fn audit_only(
    tx: &mut Tx,
    ctx: &Ctx,
    at: OffsetDateTime,
    c: &Change<'_>,
) -> AppResult<()> {
    audit::append(
        tx,
        &audit::NewEntry {
            at,
            actor_user_id: ctx.actor.user_id,
            actor_label: &ctx.actor.label,
            action: c.action,
            target_kind: c.target_kind,
            target_id: c.target_id.clone(),
            unit_id: c.unit_id,
            ip: ctx.ip.as_deref(),
            request_id: ctx.request_id.as_deref(),
            details: c.details.clone(),
        },
    )
    .await?;
    Ok(())
}
