//! Accounts: adding people with a role, their own account, and their API tokens.

use crate::auth::{self, Secret};
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::{Action, Email, Password, PersonName, Role, Target, TokenLabel, UnitCode};
use caunoi_store::{StoreError, now, units, users};

/// What the form, the API and `caunoi user add` ask for.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: String,
    pub unit: Option<String>,
    pub password: String,
}

/// Adds an account with one role for a unit (and below). A council admin may add people for
/// their own unit and below; only a system admin may create another system admin.
///
/// The order is the point: who may manage accounts at all is checked before the input is read,
/// the unit's scope before the password is hashed (argon2 is deliberately slow) and before the
/// write lock is taken, so an anonymous or under-privileged caller costs neither.
pub async fn add_user(app: &App, ctx: &Ctx, new: NewUser) -> AppResult<i64> {
    if !ctx.actor.may(Action::ManageUsers, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut errors = Vec::new();
    let email = Email::parse(&new.email).map_err(|e| errors.push(e)).ok();
    let name = PersonName::parse(&vntext::nfc(&new.name))
        .map_err(|e| errors.push(e))
        .ok();
    let password = Password::parse(&new.password)
        .map_err(|e| errors.push(e))
        .ok();
    let role = new
        .role
        .parse::<Role>()
        .map_err(|e| {
            errors.push(caunoi_domain::FieldError::new(
                "role",
                format!(
                    "Vai trò không hợp lệ. Chọn một trong: {}.",
                    Role::ALL.map(|r| r.as_str()).join(", ")
                ),
                e.to_string(),
            ))
        })
        .ok();
    let unit_code = match new.unit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => UnitCode::parse(raw).map_err(|e| errors.push(e)).ok(),
        None => None,
    };
    let (Some(email), Some(name), Some(password), Some(role)) = (email, name, password, role)
    else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if role != Role::Admin && unit_code.is_none() {
        return Err(AppError::invalid(
            "unit",
            "Vai trò này cần mã đơn vị hành chính (ví dụ 01 cho Hà Nội).",
            "This role needs an administrative unit code (e.g. 01 for Hà Nội).",
        ));
    }
    let unit = {
        let mut tx = app.db.read().await?;
        let unit = match &unit_code {
            Some(code) => Some(
                units::find_current(&mut tx, code.as_str())
                    .await?
                    .ok_or_else(|| {
                        AppError::invalid(
                            "unit",
                            "Không có đơn vị hành chính hiện hành với mã này.",
                            "No administrative unit in force has this code.",
                        )
                    })?,
            ),
            None => None,
        };
        let ancestry = match &unit {
            Some(u) => codes(units::ancestry(&mut tx, u.id).await?),
            None => Vec::new(),
        };
        let allowed = if role == Role::Admin {
            ctx.actor.may(Action::GrantAdmin, &Target::System)
        } else {
            ctx.actor.may(
                Action::ManageUsers,
                &Target::Unit {
                    ancestry: &ancestry,
                },
            )
        };
        if !allowed {
            return Err(deny(ctx));
        }
        unit
    };
    // Only now, for a caller allowed to add this account: the slow hash, then the write lock.
    let hash = auth::hash_password(password.expose()).await?;
    let t = now();
    let mut tx = app.db.write().await?;
    let id = match users::insert(&mut tx, email.as_str(), name.as_str(), &hash, t).await {
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "email",
                "Đã có tài khoản với địa chỉ e-mail này.",
                "An account with this e-mail address already exists.",
            ));
        }
        other => other?,
    };
    let unit_id = unit.as_ref().map(|u| u.id);
    let scope = if role == Role::Admin { None } else { unit_id };
    users::insert_grant(&mut tx, id, role.as_str(), scope, t, &ctx.actor.label).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "created",
            target_kind: "account",
            target_id: Some(id.to_string()),
            unit_id,
            details: serde_json::json!({
                "email": email.as_str(), "role": role.as_str(),
                "unit": unit_code.as_ref().map(|c| c.as_str()),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn codes(ancestry: Vec<String>) -> Vec<UnitCode> {
    ancestry
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect()
}

pub fn deny(ctx: &Ctx) -> AppError {
    if ctx.actor.is_signed_in() {
        AppError::Forbidden
    } else {
        AppError::Unauthenticated
    }
}

/// One's own account as `/api/v1/me` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<users::GrantRow>,
}

pub async fn me(app: &App, ctx: &Ctx) -> AppResult<Me> {
    let Some(id) = ctx.actor.user_id else {
        return Err(AppError::Unauthenticated);
    };
    if !ctx.actor.may(Action::ManageOwnAccount, &Target::Anywhere) {
        return Err(AppError::Forbidden);
    }
    let mut tx = app.db.read().await?;
    let u = users::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    Ok(Me {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        roles: users::grants(&mut tx, id).await?,
    })
}

/// Issues an API token without an end date. People issue their own; the operator may issue
/// one for anyone.
pub async fn create_token(
    app: &App,
    ctx: &Ctx,
    for_email: Option<&str>,
    label: &str,
) -> AppResult<Secret> {
    create_token_expiring(app, ctx, for_email, label, None).await
}

/// The longest validity a token may be given, in days (ten years).
pub const MAX_TOKEN_DAYS: u32 = 3650;

/// Reads "valid for N days" as typed in a form: empty is no end date; otherwise a whole number
/// from 1 to `MAX_TOKEN_DAYS`.
pub fn parse_expiry_days(raw: &str) -> AppResult<Option<u32>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u32>() {
        Ok(n) if (1..=MAX_TOKEN_DAYS).contains(&n) => Ok(Some(n)),
        _ => Err(AppError::invalid(
            "expires_in_days",
            "Số ngày hiệu lực phải là số nguyên từ 1 đến 3650, hoặc để trống nếu không hết hạn.",
            "Days valid must be a whole number from 1 to 3650, or empty for no end date.",
        )),
    }
}

/// Issues an API token that stops working `expires_in_days` days from now (never when `None`).
pub async fn create_token_expiring(
    app: &App,
    ctx: &Ctx,
    for_email: Option<&str>,
    label: &str,
    expires_in_days: Option<u32>,
) -> AppResult<Secret> {
    let label = TokenLabel::parse(label)?;
    if let Some(n) = expires_in_days {
        parse_expiry_days(&n.to_string())?;
    }
    let t = now();
    let expires_at = expires_in_days.map(|n| t + time::Duration::days(i64::from(n)));
    let mut tx = app.db.write().await?;
    let user_id = match for_email {
        Some(raw) => {
            let email = Email::parse(raw)?;
            let u = users::find_by_email(&mut tx, email.as_str())
                .await?
                .ok_or_else(|| {
                    AppError::invalid(
                        "email",
                        "Không có tài khoản với địa chỉ e-mail này.",
                        "No account has this e-mail address.",
                    )
                })?;
            let own = ctx.actor.user_id == Some(u.id);
            let allowed = (own && ctx.actor.may(Action::ManageOwnAccount, &Target::Anywhere))
                || ctx.actor.may(Action::ManageUsers, &Target::System);
            if !allowed {
                return Err(deny(ctx));
            }
            u.id
        }
        None => match ctx.actor.user_id {
            Some(id) if ctx.actor.may(Action::ManageOwnAccount, &Target::Anywhere) => id,
            _ => return Err(deny(ctx)),
        },
    };
    let secret = auth::new_secret("cn_");
    let token_id = users::insert_token(
        &mut tx,
        user_id,
        &auth::hash_secret(&secret.0),
        label.as_str(),
        t,
        expires_at,
    )
    .await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "created",
            target_kind: "api_token",
            target_id: Some(token_id.to_string()),
            unit_id: None,
            details: serde_json::json!({
                "user_id": user_id,
                "label": label.as_str(),
                "expires_in_days": expires_in_days,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// Someone's API tokens by e-mail: their own, or anyone's for a system admin (the operator).
pub async fn tokens_of(app: &App, ctx: &Ctx, email: &str) -> AppResult<Vec<users::TokenRow>> {
    let email = Email::parse(email)?;
    let mut tx = app.db.read().await?;
    let user = users::find_by_email(&mut tx, email.as_str())
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "email",
                "Không có tài khoản với địa chỉ e-mail này.",
                "No account has this e-mail address.",
            )
        })?;
    let own = ctx.actor.user_id == Some(user.id);
    if !own && !ctx.actor.may(Action::ManageUsers, &Target::System) {
        return Err(deny(ctx));
    }
    Ok(users::tokens(&mut tx, user.id).await?)
}

pub async fn tokens(app: &App, ctx: &Ctx) -> AppResult<Vec<users::TokenRow>> {
    let Some(id) = ctx.actor.user_id else {
        return Err(AppError::Unauthenticated);
    };
    let mut tx = app.db.read().await?;
    Ok(users::tokens(&mut tx, id).await?)
}

/// Revokes one of one's own tokens (or, for the operator, anyone's by e-mail).
pub async fn revoke_token(
    app: &App,
    ctx: &Ctx,
    for_email: Option<&str>,
    token_id: i64,
) -> AppResult<()> {
    let t = now();
    let mut tx = app.db.write().await?;
    let user_id = match (for_email, ctx.actor.user_id) {
        (Some(raw), _)
            if ctx
                .actor
                .may(Action::ManageUsers, &caunoi_domain::Target::System) =>
        {
            let email = Email::parse(raw)?;
            users::find_by_email(&mut tx, email.as_str())
                .await?
                .ok_or(AppError::NotFound("account"))?
                .id
        }
        (None, Some(id)) => id,
        _ => return Err(deny(ctx)),
    };
    if !users::revoke_token(&mut tx, user_id, token_id, t).await? {
        return Err(AppError::NotFound("api token"));
    }
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "revoked",
            target_kind: "api_token",
            target_id: Some(token_id.to_string()),
            unit_id: None,
            details: serde_json::json!({ "user_id": user_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Accounts, for those who manage them: a system admin sees all; a council admin sees the
/// people holding roles in their unit and below.
pub async fn list_users(
    app: &App,
    ctx: &Ctx,
    page: i64,
    per_page: i64,
) -> AppResult<Page<users::UserSummary>> {
    let mut tx = app.db.read().await?;
    if ctx.actor.may(Action::ManageUsers, &Target::System) {
        return Ok(users::list(&mut tx, page, per_page).await?);
    }
    match managed_unit(ctx) {
        Some(code) => Ok(users::list_in_subtree(&mut tx, code.as_str(), page, per_page).await?),
        None => Err(deny(ctx)),
    }
}

/// The unit whose people a council admin manages (their first such grant).
pub fn managed_unit(ctx: &Ctx) -> Option<UnitCode> {
    ctx.actor.grants.iter().find_map(|g| match &g.scope {
        caunoi_domain::Scope::Unit(code) if Action::ManageUsers.roles().contains(&g.role) => {
            Some(code.clone())
        }
        _ => None,
    })
}
