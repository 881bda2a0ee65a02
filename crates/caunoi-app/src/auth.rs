//! Signing in and out, sessions and bearer tokens, and turning either into an `Actor`.
//! Secrets handed to people are random 32-byte values; only their SHA-256 is stored.

use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use caunoi_domain::{Actor, Email, Grant, Role, Scope, UnitCode};
use caunoi_store::{Tx, now, users};
use sha2::{Digest, Sha256};
use time::Duration;

/// A freshly issued secret (session cookie value or API token), shown once.
#[derive(Debug, Clone)]
pub struct Secret(pub String);

pub fn new_secret(prefix: &str) -> Secret {
    let bytes: [u8; 32] = rand::random();
    Secret(format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    ))
}

pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// argon2id with the crate's defaults (19 MiB, 2 passes), off the async threads.
pub async fn hash_password(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

async fn verify_password(password: &str, hash: &str) -> bool {
    let password = password.to_owned();
    let hash = hash.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password nobody has, checked for unknown e-mails so both answers take as long.
static DUMMY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

async fn dummy_hash() -> &'static str {
    DUMMY_HASH
        .get_or_init(|| async { hash_password(&new_secret("").0).await.unwrap_or_default() })
        .await
}

pub struct SignedIn {
    pub session: Secret,
    pub user_id: i64,
    pub display_name: String,
}

/// Signs a person in: throttled per account and per address, the same answer for an unknown
/// e-mail and a wrong password, the previous session (if any) ended so the id rotates.
pub async fn sign_in(
    app: &App,
    ctx: &Ctx,
    email: &str,
    password: &str,
    previous_session: Option<&str>,
) -> AppResult<SignedIn> {
    let email_key = Email::parse(email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    let ip = ctx.ip.clone().unwrap_or_else(|| "unknown".into());
    let t = now();
    let s = &app.settings;
    let since = t - Duration::minutes(s.throttle_minutes);
    {
        let mut tx = app.db.read().await?;
        let (by_email, by_ip) = users::recent_failures(&mut tx, &email_key, &ip, since).await?;
        if by_email >= s.max_failures || by_ip >= s.max_failures * 4 {
            return Err(AppError::TooManyAttempts {
                retry_after_secs: (s.throttle_minutes * 60) as u64,
            });
        }
    }
    let user = {
        let mut tx = app.db.read().await?;
        users::find_by_email(&mut tx, &email_key).await?
    };
    let ok = match &user {
        Some(u) => verify_password(password, &u.password_hash).await && u.disabled_at.is_none(),
        None => {
            verify_password(password, dummy_hash().await).await;
            false
        }
    };
    let mut tx = app.db.write().await?;
    let Some(user) = user.filter(|_| ok) else {
        users::record_sign_in_failure(&mut tx, &email_key, &ip, t).await?;
        record::audit_only(
            &mut tx,
            ctx,
            t,
            &Change {
                action: "sign_in_failed",
                target_kind: "account",
                target_id: None,
                unit_id: None,
                details: serde_json::json!({ "email": email_key }),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::BadCredentials);
    };
    if let Some(old) = previous_session {
        users::delete_session(&mut tx, &hash_secret(old)).await?;
    }
    let session = new_secret("");
    users::insert_session(
        &mut tx,
        &hash_secret(&session.0),
        user.id,
        t,
        t + Duration::hours(s.session_hours),
        ctx.ip.as_deref(),
    )
    .await?;
    users::clear_failures(&mut tx, &email_key).await?;
    let unit_id = first_grant_unit(&mut tx, user.id).await?;
    let ctx = Ctx {
        actor: Actor {
            user_id: Some(user.id),
            label: user.email.clone(),
            grants: Vec::new(),
        },
        ..ctx.clone()
    };
    record::audit_only(
        &mut tx,
        &ctx,
        t,
        &Change {
            action: "sign_in",
            target_kind: "account",
            target_id: Some(user.id.to_string()),
            unit_id,
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(SignedIn {
        session,
        user_id: user.id,
        display_name: user.display_name,
    })
}

/// The unit a person's audit rows are filed under: that of their first unit-scoped grant.
async fn first_grant_unit(tx: &mut Tx, user_id: i64) -> AppResult<Option<i64>> {
    for g in users::grants(tx, user_id).await? {
        if let Some(code) = g.unit_code
            && let Some(u) = caunoi_store::units::find_current(tx, &code).await?
        {
            return Ok(Some(u.id));
        }
    }
    Ok(None)
}

/// Ends a session on the server, so the cookie is worthless even if it was copied.
pub async fn sign_out(app: &App, ctx: &Ctx, session: &str) -> AppResult<()> {
    let t = now();
    let mut tx = app.db.write().await?;
    let ended = users::delete_session(&mut tx, &hash_secret(session)).await?;
    if ended > 0 {
        record::audit_only(
            &mut tx,
            ctx,
            t,
            &Change {
                action: "sign_out",
                target_kind: "account",
                target_id: ctx.actor.user_id.map(|i| i.to_string()),
                unit_id: None,
                details: serde_json::json!({}),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The person behind a session cookie, or anonymous.
pub async fn actor_for_session(app: &App, session: &str) -> AppResult<Actor> {
    let mut tx = app.db.read().await?;
    match users::session_user(&mut tx, &hash_secret(session), now()).await? {
        Some(u) => actor_for_user(&mut tx, u.id, u.email).await,
        None => Ok(Actor::anonymous()),
    }
}

/// What a bearer token is worth.
#[derive(Debug, Clone)]
pub enum TokenCheck {
    Valid(Actor),
    /// Unknown, revoked, or its account disabled.
    Unknown,
    /// Known and live, but past its end date.
    Expired,
}

/// The person behind an API bearer token; `None` when the token is unknown, revoked or expired.
pub async fn actor_for_token(app: &App, token: &str) -> AppResult<Option<Actor>> {
    Ok(match check_token(app, token).await? {
        TokenCheck::Valid(a) => Some(a),
        TokenCheck::Unknown | TokenCheck::Expired => None,
    })
}

/// Checks a bearer token. Its "last used" time is written at most once a minute per token:
/// a write per API call would make every read a write.
pub async fn check_token(app: &App, token: &str) -> AppResult<TokenCheck> {
    let hash = hash_secret(token);
    let t = now();
    let mut tx = app.db.read().await?;
    let Some(owner) = users::token_user(&mut tx, &hash).await? else {
        return Ok(TokenCheck::Unknown);
    };
    if owner.expires_at.is_some_and(|end| end <= t) {
        return Ok(TokenCheck::Expired);
    }
    let actor = actor_for_user(&mut tx, owner.user.id, owner.user.email).await?;
    drop(tx);
    if owner.last_used_at.is_none_or(|at| t - at >= TOUCH_EVERY) {
        let mut tx = app.db.write().await?;
        users::touch_token(&mut tx, &hash, t).await?;
        tx.commit_unseen().await?;
    }
    Ok(TokenCheck::Valid(actor))
}

/// How stale a token's "last used" time may get before a use writes it again.
pub const TOUCH_EVERY: Duration = Duration::minutes(1);

pub async fn actor_for_user(tx: &mut Tx, user_id: i64, label: String) -> AppResult<Actor> {
    let grants = users::grants(tx, user_id)
        .await?
        .into_iter()
        .filter_map(|g| {
            let role: Role = g.role.parse().ok()?;
            let scope = match g.unit_code {
                Some(code) => Scope::Unit(UnitCode::parse(&code).ok()?),
                None => Scope::All,
            };
            Some(Grant { role, scope })
        })
        .collect();
    Ok(Actor {
        user_id: Some(user_id),
        label,
        grants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_hash_verifies_and_is_argon2id() {
        let h = hash_password("mật khẩu thật dài").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu thật dài", &h).await);
        assert!(!verify_password("sai mật khẩu", &h).await);
    }

    #[test]
    fn secrets_are_random_and_hashes_hide_them() {
        let a = new_secret("cn_");
        let b = new_secret("cn_");
        assert_ne!(a.0, b.0);
        assert!(a.0.starts_with("cn_") && a.0.len() > 40);
        assert_eq!(hash_secret(&a.0).len(), 64);
        assert!(!hash_secret(&a.0).contains(&a.0));
    }
}
