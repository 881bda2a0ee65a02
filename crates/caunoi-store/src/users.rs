//! Accounts, role grants, sign-in sessions, API tokens and failed sign-in records.
//! Secrets are never stored: sessions and tokens are kept as SHA-256 hashes.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub disabled_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct GrantRow {
    pub role: String,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct TokenRow {
    pub id: i64,
    pub label: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
}

const USER: &str = "SELECT id, email, display_name, password_hash, disabled_at FROM app_user";

pub async fn insert(
    tx: &mut Tx,
    email: &str,
    display_name: &str,
    password_hash: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO app_user (email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(email).bind(display_name).bind(password_hash).bind(now).fetch_one(c).await)?)
}

pub async fn find_by_email(tx: &mut Tx, email: &str) -> Result<Option<User>, StoreError> {
    let sql = format!("{USER} WHERE email = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(email).fetch_optional(c).await)?)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<User>, StoreError> {
    let sql = format!("{USER} WHERE id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

pub async fn set_password(tx: &mut Tx, id: i64, hash: &str) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("UPDATE app_user SET password_hash = $2 WHERE id = $1")
        .bind(id).bind(hash))?;
    Ok(())
}

pub async fn count(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM app_user").fetch_one(c).await)?)
}

pub async fn list(tx: &mut Tx, page: i64, per_page: i64) -> Result<Page<UserSummary>, StoreError> {
    let items = on!(tx, c => sqlx::query_as(
        "SELECT id, email, display_name, created_at FROM app_user ORDER BY id LIMIT $1 OFFSET $2")
        .bind(per_page).bind(Page::<UserSummary>::offset(page, per_page)).fetch_all(c).await)?;
    let total = count(tx).await?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

/// Accounts holding a grant for this unit or any unit below it.
pub async fn list_in_subtree(
    tx: &mut Tx,
    unit_code: &str,
    page: i64,
    per_page: i64,
) -> Result<Page<UserSummary>, StoreError> {
    const SUBTREE: &str = "WITH RECURSIVE sub(id) AS ( \
        SELECT id FROM admin_unit WHERE code = $1 AND valid_to IS NULL \
        UNION ALL SELECT a.id FROM admin_unit a JOIN sub ON a.parent_id = sub.id) ";
    let list = format!(
        "{SUBTREE} SELECT id, email, display_name, created_at FROM app_user WHERE id IN \
         (SELECT user_id FROM role_grant WHERE unit_id IN (SELECT id FROM sub)) ORDER BY id LIMIT $2 OFFSET $3"
    );
    let count = format!(
        "{SUBTREE} SELECT COUNT(*) FROM app_user WHERE id IN \
         (SELECT user_id FROM role_grant WHERE unit_id IN (SELECT id FROM sub))"
    );
    let items = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(list)).bind(unit_code).bind(per_page)
        .bind(Page::<UserSummary>::offset(page, per_page)).fetch_all(c).await)?;
    let total: i64 = on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(count)).bind(unit_code).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

pub async fn grants(tx: &mut Tx, user_id: i64) -> Result<Vec<GrantRow>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT g.role, u.code AS unit_code, u.name AS unit_name FROM role_grant g \
         LEFT JOIN admin_unit u ON u.id = g.unit_id WHERE g.user_id = $1 ORDER BY g.id")
        .bind(user_id).fetch_all(c).await)?)
}

pub async fn insert_grant(
    tx: &mut Tx,
    user_id: i64,
    role: &str,
    unit_id: Option<i64>,
    now: OffsetDateTime,
    granted_by: &str,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO role_grant (user_id, role, unit_id, granted_at, granted_by) VALUES ($1, $2, $3, $4, $5)")
        .bind(user_id).bind(role).bind(unit_id).bind(now).bind(granted_by))?;
    Ok(())
}

pub async fn insert_session(
    tx: &mut Tx,
    token_hash: &str,
    user_id: i64,
    now: OffsetDateTime,
    expires_at: OffsetDateTime,
    ip: Option<&str>,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO user_session (token_hash, user_id, created_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash).bind(user_id).bind(now).bind(expires_at).bind(ip))?;
    Ok(())
}

/// The user of a live session, if the session exists, has not expired and the account is enabled.
pub async fn session_user(
    tx: &mut Tx,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<Option<User>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.disabled_at FROM user_session s \
         JOIN app_user u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL")
        .bind(token_hash).bind(now).fetch_optional(c).await)?)
}

pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<u64, StoreError> {
    Ok(
        exec!(tx, c => sqlx::query("DELETE FROM user_session WHERE token_hash = $1")
        .bind(token_hash))?,
    )
}

pub async fn delete_expired_sessions(tx: &mut Tx, now: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(
        exec!(tx, c => sqlx::query("DELETE FROM user_session WHERE expires_at <= $1")
        .bind(now))?,
    )
}

pub async fn insert_token(
    tx: &mut Tx,
    user_id: i64,
    token_hash: &str,
    label: &str,
    now: OffsetDateTime,
    expires_at: Option<OffsetDateTime>,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO api_token (user_id, token_hash, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(user_id).bind(token_hash).bind(label).bind(now).bind(expires_at).fetch_one(c).await)?)
}

/// A live (not revoked) token's owner, when it was last used and when it expires.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenOwner {
    #[sqlx(flatten)]
    pub user: User,
    pub last_used_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
}

/// The user behind a bearer token that is not revoked (expired or not: the caller says which).
pub async fn token_user(tx: &mut Tx, token_hash: &str) -> Result<Option<TokenOwner>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.disabled_at, t.last_used_at, t.expires_at \
         FROM api_token t JOIN app_user u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL")
        .bind(token_hash).fetch_optional(c).await)?)
}

/// Records that a token was used.
pub async fn touch_token(
    tx: &mut Tx,
    token_hash: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("UPDATE api_token SET last_used_at = $2 WHERE token_hash = $1")
        .bind(token_hash).bind(now))?;
    Ok(())
}

pub async fn tokens(tx: &mut Tx, user_id: i64) -> Result<Vec<TokenRow>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, label, created_at, last_used_at, revoked_at, expires_at FROM api_token WHERE user_id = $1 ORDER BY id")
        .bind(user_id).fetch_all(c).await)?)
}

/// Revokes one of the user's tokens; false when there is no such live token.
pub async fn revoke_token(
    tx: &mut Tx,
    user_id: i64,
    token_id: i64,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let n = exec!(tx, c => sqlx::query(
        "UPDATE api_token SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL")
        .bind(token_id).bind(user_id).bind(now))?;
    Ok(n == 1)
}

pub async fn record_sign_in_failure(
    tx: &mut Tx,
    email: &str,
    ip: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("INSERT INTO sign_in_failure (email, ip, failed_at) VALUES ($1, $2, $3)")
        .bind(email).bind(ip).bind(now))?;
    Ok(())
}

/// Failed sign-ins since `since` for this e-mail and from this address.
pub async fn recent_failures(
    tx: &mut Tx,
    email: &str,
    ip: &str,
    since: OffsetDateTime,
) -> Result<(i64, i64), StoreError> {
    let by_email: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_failure WHERE email = $1 AND failed_at > $2")
        .bind(email).bind(since).fetch_one(c).await)?;
    let by_ip: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_failure WHERE ip = $1 AND failed_at > $2")
        .bind(ip).bind(since).fetch_one(c).await)?;
    Ok((by_email, by_ip))
}

pub async fn clear_failures(tx: &mut Tx, email: &str) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM sign_in_failure WHERE email = $1").bind(email))?;
    Ok(())
}
