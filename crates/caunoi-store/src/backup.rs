//! Backups that are safe while the server runs: SQLite's `VACUUM INTO` writes a consistent
//! snapshot (never a copy of a live WAL file); PostgreSQL uses `pg_dump`'s snapshot.

use crate::db::{Conn, Db, Pool, Tx};
use crate::error::StoreError;
use crate::on;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The tables whose content a backup must carry, in dependency order.
pub const TABLES: &[&str] = &[
    "admin_unit",
    "admin_unit_successor",
    "council",
    "term",
    "app_user",
    "role_grant",
    "user_session",
    "api_token",
    "sign_in_failure",
    "audit_log",
    "outbox",
    "outbox_cursor",
    "job",
    "person",
    "organization",
    "membership",
    "category",
    "article",
    "article_revision",
    "article_comment",
    "article_transition",
    "article_tag",
    "article_former_slug",
    "article_related",
    "article_related_pending",
    "special_section",
    "special_section_article",
    "media",
    "article_image",
    "newsroom_guidance",
    "constituency",
    "constituency_unit",
    "event",
    "event_participant",
    "agenda_item",
    "question",
    "recommendation",
    "reception_field",
    "resolution",
    "resolution_link",
    "document",
    "petition_field",
    "agency",
    "agency_member",
    "petition",
    "petition_contact",
    "petition_transition",
    "calendar_adjustment",
    "submission_log",
    "petition_deadline_rule",
    "petition_extension",
    "petition_followup",
    "petition_group",
    "petition_group_dismissal",
    "petition_photo",
    "petition_answer_file",
];

/// Writes a snapshot of a SQLite database to `dest` (which must not exist).
pub async fn sqlite_snapshot(db: &Db, dest: &Path) -> Result<(), StoreError> {
    let Pool::Sqlite(pool) = &db.pool else {
        return Err(StoreError::Config(
            "sqlite_snapshot needs a SQLite database".into(),
        ));
    };
    if dest.exists() {
        return Err(StoreError::Config(format!(
            "{} already exists; choose a new file name",
            dest.display()
        )));
    }
    let dest = dest
        .to_str()
        .ok_or_else(|| StoreError::Config("the backup path must be valid UTF-8".into()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(dest)
        .execute(pool)
        .await?;
    Ok(())
}

/// On PostgreSQL: a repeatable-read transaction and the id of its exported snapshot, which
/// `pg_dump --snapshot` reads, so the dump and a fingerprint taken in this transaction agree.
pub async fn pg_export_snapshot(db: &Db) -> Result<(Tx, String), StoreError> {
    let mut tx = db.read().await?;
    let Conn::Postgres(t) = &mut tx.conn else {
        return Err(StoreError::Config(
            "pg_export_snapshot needs PostgreSQL".into(),
        ));
    };
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut **t)
        .await?;
    let id: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut **t)
        .await?;
    Ok((tx, id))
}

/// Row counts per table and one SHA-256 over every row's text, in key order: two databases
/// with equal fingerprints hold the same content.
pub async fn fingerprint(db: &Db) -> Result<(Vec<(String, i64)>, String), StoreError> {
    let mut tx = db.read().await?;
    fingerprint_in(&mut tx).await
}

/// The fingerprint as seen by one transaction (so it can match a dump taken in the same snapshot).
pub async fn fingerprint_in(tx: &mut Tx) -> Result<(Vec<(String, i64)>, String), StoreError> {
    let mut counts = Vec::new();
    let mut hash = Sha256::new();
    for table in TABLES {
        let rows = table_rows(tx, table).await?;
        counts.push(((*table).to_owned(), rows.len() as i64));
        hash.update(table.as_bytes());
        for r in rows {
            hash.update(r.as_bytes());
            hash.update(b"\n");
        }
    }
    Ok((counts, hex::encode(hash.finalize())))
}

/// Every row of a table as text, in primary-key order. Only stable columns are rendered so the
/// same content hashes equally on both engines.
async fn table_rows(tx: &mut Tx, table: &str) -> Result<Vec<String>, StoreError> {
    let (cols, order) = match table {
        "admin_unit" => ("code || '|' || name || '|' || kind", "id"),
        "admin_unit_successor" => (
            "CAST(old_id AS TEXT) || '|' || CAST(new_id AS TEXT)",
            "old_id, new_id",
        ),
        "council" => ("name || '|' || level || '|' || CAST(unit_id AS TEXT)", "id"),
        "term" => ("name || '|' || CAST(council_id AS TEXT)", "id"),
        "app_user" => ("email || '|' || display_name || '|' || password_hash", "id"),
        "role_grant" => ("CAST(user_id AS TEXT) || '|' || role", "id"),
        "user_session" => ("token_hash", "id"),
        "api_token" => ("token_hash || '|' || label", "id"),
        "sign_in_failure" => ("email || '|' || ip", "id"),
        "audit_log" => ("actor_label || '|' || action || '|' || target_kind", "id"),
        "outbox" => ("topic || '|' || aggregate_id", "id"),
        "outbox_cursor" => ("consumer || '|' || CAST(last_id AS TEXT)", "consumer"),
        "job" => ("kind || '|' || status", "id"),
        "person" => ("full_name", "id"),
        "organization" => ("kind || '|' || name", "id"),
        "membership" => ("CAST(person_id AS TEXT) || '|' || role", "id"),
        "category" => ("slug || '|' || name", "id"),
        "article" => (
            "state || '|' || title || '|' || slug || '|' || body_md",
            "id",
        ),
        "article_revision" => (
            "CAST(article_id AS TEXT) || '|' || title || '|' || body_md",
            "id",
        ),
        "article_comment" => ("author_label || '|' || body", "id"),
        "article_transition" => ("from_state || '|' || to_state", "id"),
        "article_tag" => (
            "CAST(article_id AS TEXT) || '|' || slug",
            "article_id, slug",
        ),
        "article_former_slug" => (
            "CAST(article_id AS TEXT) || '|' || slug",
            "article_id, slug",
        ),
        "article_related" => (
            "CAST(article_id AS TEXT) || '|' || CAST(related_id AS TEXT)",
            "article_id, related_id",
        ),
        "article_related_pending" => (
            "CAST(article_id AS TEXT) || '|' || title_folded",
            "article_id, title_folded",
        ),
        "special_section" => ("slug || '|' || name", "id"),
        "special_section_article" => (
            "CAST(section_id AS TEXT) || '|' || CAST(article_id AS TEXT)",
            "section_id, article_id",
        ),
        "media" => ("sha256 || '|' || kind", "id"),
        "article_image" => (
            "CAST(article_id AS TEXT) || '|' || caption",
            "article_id, media_id",
        ),
        "newsroom_guidance" => ("body_md", "council_id"),
        "constituency" => (
            "CAST(organization_id AS TEXT) || '|' || CAST(number AS TEXT) || '|' || name",
            "id",
        ),
        "constituency_unit" => (
            "CAST(constituency_id AS TEXT) || '|' || CAST(unit_id AS TEXT)",
            "constituency_id, unit_id",
        ),
        "event" => ("kind || '|' || title || '|' || state", "id"),
        "event_participant" => (
            "CAST(event_id AS TEXT) || '|' || CAST(person_id AS TEXT) || '|' || role",
            "event_id, person_id",
        ),
        "agenda_item" => (
            "CAST(event_id AS TEXT) || '|' || title",
            "event_id, position",
        ),
        "question" => (
            "CAST(event_id AS TEXT) || '|' || body || '|' || answer",
            "id",
        ),
        "recommendation" => ("body || '|' || status", "id"),
        "reception_field" => (
            "CAST(event_id AS TEXT) || '|' || field || '|' || CAST(count AS TEXT)",
            "event_id, field",
        ),
        "resolution" => ("number_key || '|' || title || '|' || state", "id"),
        "resolution_link" => (
            "CAST(from_id AS TEXT) || '|' || CAST(to_id AS TEXT) || '|' || kind",
            "from_id, to_id",
        ),
        "document" => ("owner_kind || '|' || title || '|' || sha256", "id"),
        "petition_field" => ("slug || '|' || name", "id"),
        "agency" => ("slug || '|' || name", "id"),
        "agency_member" => (
            "CAST(agency_id AS TEXT) || '|' || CAST(user_id AS TEXT)",
            "agency_id, user_id",
        ),
        "petition" => ("code || '|' || state || '|' || title || '|' || body", "id"),
        "petition_contact" => (
            "CAST(petition_id AS TEXT) || '|' || name || '|' || COALESCE(email, '')",
            "petition_id",
        ),
        "petition_transition" => (
            "CAST(petition_id AS TEXT) || '|' || to_state || '|' || note",
            "id",
        ),
        "calendar_adjustment" => ("kind || '|' || reason", "day"),
        "submission_log" => ("ip_hash || '|' || email_hash", "id"),
        "petition_deadline_rule" => (
            "CAST(council_id AS TEXT) || '|' || CAST(COALESCE(field_id, 0) AS TEXT) || '|' || CAST(answer_days AS TEXT) || '|' || CAST(very_overdue_after AS TEXT)",
            "id",
        ),
        "petition_extension" => (
            "CAST(petition_id AS TEXT) || '|' || state || '|' || reason || '|' || CAST(new_deadline AS TEXT)",
            "id",
        ),
        "petition_followup" => (
            "CAST(petition_id AS TEXT) || '|' || kind || '|' || note",
            "id",
        ),
        "petition_group" => ("CAST(lead_id AS TEXT) || '|' || created_by", "id"),
        "petition_group_dismissal" => ("members || '|' || dismissed_by", "id"),
        "petition_photo" => (
            "CAST(petition_id AS TEXT) || '|' || CAST(position AS TEXT) || '|' || sha256",
            "id",
        ),
        "petition_answer_file" => (
            "CAST(petition_id AS TEXT) || '|' || title || '|' || file_name || '|' || sha256",
            "id",
        ),
        other => return Err(StoreError::Data(format!("unknown table {other}"))),
    };
    let sql = format!("SELECT {cols} FROM {table} ORDER BY {order}");
    Ok(on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(c).await)?)
}
