//! Councils and terms: creating them, and what a council's site shows.

use crate::accounts::deny;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::{Action, AdminUnitKind, Target, UnitCode};
use caunoi_store::councils::{self, Council, Term};
use caunoi_store::registry::{self, Member, Organization};
use caunoi_store::{Tx, now, units};
use time::Date;

/// The council's name from its unit: "Hội đồng nhân dân Thành phố Hà Nội".
pub fn council_name(unit_name: &str) -> String {
    format!("Hội đồng nhân dân {unit_name}")
}

/// Creates the council of a unit in force (province or commune level).
pub async fn create_council(app: &App, ctx: &Ctx, unit_code: &str) -> AppResult<i64> {
    let code = UnitCode::parse(unit_code)?;
    let mut tx = app.db.write().await?;
    let id = create_council_in(&mut tx, ctx, &code).await?;
    tx.commit().await?;
    Ok(id)
}

pub(crate) async fn create_council_in(tx: &mut Tx, ctx: &Ctx, code: &UnitCode) -> AppResult<i64> {
    let unit = units::find_current(tx, code.as_str())
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "unit",
                "Không có đơn vị hành chính hiện hành với mã này.",
                "No administrative unit in force has this code.",
            )
        })?;
    let ancestry: Vec<UnitCode> = units::ancestry(tx, unit.id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect();
    if !ctx.actor.may(
        Action::ManageCouncil,
        &Target::Unit {
            ancestry: &ancestry,
        },
    ) {
        return Err(deny(ctx));
    }
    let level = unit
        .kind
        .parse::<AdminUnitKind>()
        .ok()
        .and_then(AdminUnitKind::council_level)
        .ok_or_else(|| {
            AppError::invalid(
                "unit",
                "Chỉ tỉnh, thành phố và xã, phường, đặc khu có HĐND từ 01/7/2025.",
                "Since 1 July 2025 only provinces and communes, wards and special zones have councils.",
            )
        })?;
    let t = now();
    let id = match councils::insert(tx, unit.id, &council_name(&unit.name), level.as_str(), t).await
    {
        Err(caunoi_store::StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "unit",
                "Đơn vị này đã có HĐND.",
                "This unit already has a council.",
            ));
        }
        other => other?,
    };
    crate::petitions::add_default_fields(tx, id).await?;
    record::change(
        tx,
        ctx,
        t,
        Change {
            action: "created",
            target_kind: "council",
            target_id: Some(id.to_string()),
            unit_id: Some(unit.id),
            details: serde_json::json!({ "unit": unit.code }),
        },
    )
    .await?;
    Ok(id)
}

/// Adds a term (nhiệm kỳ) to a council.
pub async fn create_term(
    app: &App,
    ctx: &Ctx,
    unit_code: &str,
    name: &str,
    starts_on: Date,
    ends_on: Date,
) -> AppResult<i64> {
    let code = UnitCode::parse(unit_code)?;
    let mut tx = app.db.write().await?;
    let id = create_term_in(&mut tx, ctx, &code, name, starts_on, ends_on).await?;
    tx.commit().await?;
    Ok(id)
}

pub(crate) async fn create_term_in(
    tx: &mut Tx,
    ctx: &Ctx,
    code: &UnitCode,
    name: &str,
    starts_on: Date,
    ends_on: Date,
) -> AppResult<i64> {
    let name = vntext::nfc(name.trim());
    if name.is_empty() || name.chars().count() > 120 {
        return Err(AppError::invalid(
            "name",
            "Tên nhiệm kỳ là bắt buộc (tối đa 120 ký tự), ví dụ “Khóa XVII, nhiệm kỳ 2026–2031”.",
            "A term name is required (at most 120 characters).",
        ));
    }
    if ends_on <= starts_on {
        return Err(AppError::invalid(
            "ends_on",
            "Ngày kết thúc phải sau ngày bắt đầu.",
            "The end date must be after the start date.",
        ));
    }
    let council = councils::find_by_unit_code(tx, code.as_str())
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let ancestry: Vec<UnitCode> = units::ancestry(tx, council.unit_id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect();
    if !ctx.actor.may(
        Action::ManageCouncil,
        &Target::Unit {
            ancestry: &ancestry,
        },
    ) {
        return Err(deny(ctx));
    }
    let id = match councils::insert_term(tx, council.id, &name, starts_on, ends_on).await {
        Err(caunoi_store::StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "starts_on",
                "Hội đồng này đã có nhiệm kỳ bắt đầu vào ngày này.",
                "This council already has a term starting on this day.",
            ));
        }
        other => other?,
    };
    record::change(
        tx,
        ctx,
        now(),
        Change {
            action: "created",
            target_kind: "term",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "name": name }),
        },
    )
    .await?;
    Ok(id)
}

/// What the site of one council shows in its frame and home page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Site {
    pub council: Council,
    pub parent: Option<Council>,
    pub term: Option<Term>,
    pub terms: Vec<Term>,
    pub bodies: Vec<Organization>,
    pub children: Page<Council>,
}

/// The site of the council of `unit_code`, or of the primary council when `None`.
pub async fn site(app: &App, unit_code: Option<&str>, children_page: i64) -> AppResult<Site> {
    let mut tx = app.db.read().await?;
    let council = match unit_code {
        Some(code) => {
            let code = UnitCode::parse(code)?;
            councils::find_by_unit_code(&mut tx, code.as_str()).await?
        }
        None => councils::primary(&mut tx).await?,
    }
    .ok_or(AppError::NotFound("council"))?;
    let unit = units::find_by_id(&mut tx, council.unit_id).await?;
    let parent = match unit.and_then(|u| u.parent_code) {
        Some(p) => councils::find_by_unit_code(&mut tx, &p).await?,
        None => None,
    };
    let today = now().to_offset(caunoi_domain::vntime::VIETNAM).date();
    let term = councils::current_term(&mut tx, council.id, today).await?;
    let terms = councils::terms(&mut tx, council.id).await?;
    let bodies = match &term {
        Some(t) => registry::organizations(&mut tx, t.id).await?,
        None => Vec::new(),
    };
    let children = councils::children(&mut tx, council.id, children_page, 60).await?;
    Ok(Site {
        council,
        parent,
        term,
        terms,
        bodies,
        children,
    })
}

/// The delegates of a council's current term, in Vietnamese name order (by given name).
pub async fn delegates(app: &App, unit_code: Option<&str>) -> AppResult<(Site, Vec<Member>)> {
    let site = site(app, unit_code, 1).await?;
    let mut members = match &site.term {
        Some(t) => {
            let mut tx = app.db.read().await?;
            registry::delegates(&mut tx, t.id).await?
        }
        None => Vec::new(),
    };
    members.sort_by(|a, b| vntext::compare_names(&a.full_name, &b.full_name));
    Ok((site, members))
}

/// Members of one body of the current term, in name order.
pub async fn body_members(app: &App, organization_id: i64) -> AppResult<Vec<Member>> {
    let mut tx = app.db.read().await?;
    let mut m = registry::members(&mut tx, organization_id).await?;
    m.sort_by(|a, b| vntext::compare_names(&a.full_name, &b.full_name));
    Ok(m)
}

/// Just the council (for the site frame): of `unit_code`, or the primary one.
pub async fn council(app: &App, unit_code: Option<&str>) -> AppResult<Council> {
    let mut tx = app.db.read().await?;
    match unit_code {
        Some(code) => {
            let code = UnitCode::parse(code)?;
            councils::find_by_unit_code(&mut tx, code.as_str()).await?
        }
        None => councils::primary(&mut tx).await?,
    }
    .ok_or(AppError::NotFound("council"))
}
