//! Reading the audit log: council admins see their unit and below; system admins see all.

use crate::{App, AppResult, Ctx, Page};
use caunoi_domain::{Action, Scope, Target};
use caunoi_store::audit::{self, Entry};

pub async fn list(app: &App, ctx: &Ctx, page: i64, per_page: i64) -> AppResult<Page<Entry>> {
    if !ctx.actor.may(Action::ViewAuditLog, &Target::Anywhere) {
        return Err(crate::accounts::deny(ctx));
    }
    let mut tx = app.db.read().await?;
    if ctx.actor.may(Action::ViewAuditLog, &Target::System) {
        return Ok(audit::list(&mut tx, None, page, per_page).await?);
    }
    // A council admin reads the log of the first unit they administer (and below).
    let unit = ctx.actor.grants.iter().find_map(|g| match &g.scope {
        Scope::Unit(code) if Action::ViewAuditLog.roles().contains(&g.role) => Some(code.clone()),
        _ => None,
    });
    match unit {
        Some(code) => Ok(audit::list(&mut tx, Some(code.as_str()), page, per_page).await?),
        None => Err(crate::AppError::Forbidden),
    }
}
