//! Photos a citizen sends with an online petition: one row per photo, the image itself in the
//! media folder. The rows are the citizen's personal data and go with their contact.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{exec, on};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Photo {
    pub id: i64,
    pub petition_id: i64,
    pub position: i64,
    pub sha256: String,
    pub kind: String,
    pub width: i64,
    pub height: i64,
    pub created_at: OffsetDateTime,
}

/// What is written for one photo.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub position: i64,
    pub sha256: String,
    pub kind: String,
    pub width: i64,
    pub height: i64,
}

pub async fn insert(
    tx: &mut Tx,
    petition_id: i64,
    p: &NewPhoto,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO petition_photo (petition_id, position, sha256, kind, width, height, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(petition_id).bind(p.position).bind(&p.sha256).bind(&p.kind)
        .bind(p.width).bind(p.height).bind(at))?;
    Ok(())
}

/// A petition's photos in the order they were sent.
pub async fn of_petition(tx: &mut Tx, petition_id: i64) -> Result<Vec<Photo>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, petition_id, position, sha256, kind, width, height, created_at FROM petition_photo \
         WHERE petition_id = $1 ORDER BY position")
        .bind(petition_id).fetch_all(c).await)?)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<Photo>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, petition_id, position, sha256, kind, width, height, created_at FROM petition_photo \
         WHERE id = $1")
        .bind(id).fetch_optional(c).await)?)
}

/// Deletes a petition's photos; returns the addresses that no other row uses any more (their
/// files can go once the transaction is committed).
pub async fn delete_of_petition(tx: &mut Tx, petition_id: i64) -> Result<Vec<String>, StoreError> {
    let gone = of_petition(tx, petition_id).await?;
    exec!(tx, c => sqlx::query("DELETE FROM petition_photo WHERE petition_id = $1").bind(petition_id))?;
    let mut orphans = Vec::new();
    for p in gone {
        if !orphans.contains(&p.sha256) && uses(tx, &p.sha256).await? == 0 {
            orphans.push(p.sha256);
        }
    }
    Ok(orphans)
}

/// How many rows point at one stored image.
pub async fn uses(tx: &mut Tx, sha256: &str) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM petition_photo WHERE sha256 = $1")
        .bind(sha256).fetch_one(c).await)?)
}

/// A file attached to an agency's answer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct AnswerFile {
    pub id: i64,
    pub petition_id: i64,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
    pub uploaded_by: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct NewAnswerFile {
    pub petition_id: i64,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size: i64,
    pub text: String,
    pub uploaded_by: String,
}

pub async fn insert_answer_file(
    tx: &mut Tx,
    f: &NewAnswerFile,
    at: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO petition_answer_file (petition_id, title, file_name, content_type, sha256, size, text, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(f.petition_id).bind(&f.title).bind(&f.file_name).bind(&f.content_type)
        .bind(&f.sha256).bind(f.size).bind(&f.text).bind(&f.uploaded_by).bind(at)
        .fetch_one(c).await)?)
}

const ANSWER_FILE: &str = "SELECT id, petition_id, title, file_name, content_type, sha256, size, uploaded_by, created_at \
     FROM petition_answer_file";

pub async fn answer_files(tx: &mut Tx, petition_id: i64) -> Result<Vec<AnswerFile>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{ANSWER_FILE} WHERE petition_id = $1 ORDER BY id")))
        .bind(petition_id).fetch_all(c).await)?,
    )
}

pub async fn find_answer_file(tx: &mut Tx, id: i64) -> Result<Option<AnswerFile>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{ANSWER_FILE} WHERE id = $1")))
        .bind(id).fetch_optional(c).await)?,
    )
}

pub async fn delete_answer_file(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let n = exec!(tx, c => sqlx::query("DELETE FROM petition_answer_file WHERE id = $1").bind(id))?;
    Ok(n > 0)
}

/// How many records point at stored file bytes: answer files and council documents share the
/// `files/` folder, addressed by SHA-256.
pub async fn file_uses(tx: &mut Tx, sha256: &str) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM petition_answer_file WHERE sha256 = $1) \
              + (SELECT COUNT(*) FROM document WHERE sha256 = $1)")
        .bind(sha256).fetch_one(c).await)?)
}

/// The extracted text of a petition's answer files (for search), oldest first.
pub async fn answer_file_texts(
    tx: &mut Tx,
    petition_id: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT title, text FROM petition_answer_file WHERE petition_id = $1 ORDER BY id")
        .bind(petition_id).fetch_all(c).await)?)
}
