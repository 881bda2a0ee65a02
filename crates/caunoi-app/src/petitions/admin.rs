//! Setting up petition work: a council's agencies and the accounts that answer for them, its
//! fields (lĩnh vực), the working-day calendar's announced adjustments, and the desk where a
//! clerk types the petitions of one voter meeting.

use super::{ancestry, timeliness, work_calendar};
use crate::accounts::deny;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::petition::Timeliness;
use caunoi_domain::workdays::{DayKind, WorkCalendar};
use caunoi_domain::{Action, Email, FieldError, Role, Target, vntime};
use caunoi_store::councils::{self, Council};
use caunoi_store::events::Event;
use caunoi_store::petitions::{self, Agency, Field, Petition};
use caunoi_store::{Tx, now, users};
use time::Date;

/// The council whose petition work the actor does (the unit of their role for `action`, else
/// the portal's primary council), once the actor may do `action` there.
async fn council_for(tx: &mut Tx, ctx: &Ctx, action: Action) -> AppResult<Council> {
    if !ctx.actor.may(action, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let council = match ctx.actor.unit_for(action.roles()) {
        Some(code) => councils::find_by_unit_code(tx, code.as_str()).await?,
        None => councils::primary(tx).await?,
    }
    .ok_or(AppError::NotFound("council"))?;
    check(tx, ctx, action, council.unit_id).await?;
    Ok(council)
}

/// Fails unless the actor may do `action` for the unit `unit_id` (and below).
async fn check(tx: &mut Tx, ctx: &Ctx, action: Action, unit_id: i64) -> AppResult<()> {
    let anc = ancestry(tx, unit_id).await?;
    if ctx.actor.may(action, &Target::Unit { ancestry: &anc }) {
        Ok(())
    } else {
        Err(deny(ctx))
    }
}

fn text(
    s: &str,
    field: &'static str,
    min: usize,
    max: usize,
    what_vi: &str,
    errors: &mut Vec<FieldError>,
) -> String {
    let s = vntext::nfc(s.trim());
    let n = s.chars().count();
    if n < min || n > max {
        errors.push(FieldError::new(
            field,
            format!("{what_vi} cần từ {min} đến {max} ký tự (hiện có {n})."),
            format!("Needs {min} to {max} characters (now {n})."),
        ));
    }
    s
}

/// The slug typed, or one made from the name; a typed one must already be a slug.
fn slug_of(typed: &str, name: &str, errors: &mut Vec<FieldError>) -> String {
    let typed = typed.trim();
    let slug = if typed.is_empty() {
        vntext::slug(name)
    } else {
        typed.to_owned()
    };
    if typed.is_empty() && slug.is_empty() && !name.is_empty() {
        errors.push(FieldError::new(
            "slug",
            "Không tạo được đường dẫn từ tên; hãy ghi đường dẫn, ví dụ so-xay-dung.",
            "No slug could be made from the name; type one, e.g. so-xay-dung.",
        ));
    } else if !typed.is_empty() && (vntext::slug(typed) != typed || typed.len() > 80) {
        errors.push(FieldError::new(
            "slug",
            "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ so-xay-dung.",
            "A slug has lower-case ASCII letters, digits and hyphens, e.g. so-xay-dung.",
        ));
    }
    slug
}

// ---------------------------------------------------------------------------------------------
// Agencies and their responders

/// An account that answers for an agency.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Responder {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AgencyRow {
    pub agency: Agency,
    pub responders: Vec<Responder>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Agencies {
    pub council: Council,
    pub agencies: Vec<AgencyRow>,
}

/// The agencies of the actor's council, each with the accounts answering for it.
pub async fn agencies(app: &App, ctx: &Ctx) -> AppResult<Agencies> {
    let mut tx = app.db.read().await?;
    let council = council_for(&mut tx, ctx, Action::ProcessPetitions).await?;
    let list = petitions::agencies(&mut tx, council.id).await?;
    // Responders hold the agency role within the council's unit, so they are among the
    // accounts granted there; the store has no listing by agency.
    let mut members: Vec<(i64, Responder)> = Vec::new();
    let mut page = 1;
    loop {
        let accounts = users::list_in_subtree(&mut tx, &council.unit_code, page, 200).await?;
        for u in &accounts.items {
            for a in petitions::agencies_of_user(&mut tx, u.id).await? {
                members.push((
                    a,
                    Responder {
                        user_id: u.id,
                        email: u.email.clone(),
                        display_name: u.display_name.clone(),
                    },
                ));
            }
        }
        if page >= accounts.pages() {
            break;
        }
        page += 1;
    }
    Ok(Agencies {
        agencies: list
            .into_iter()
            .map(|agency| AgencyRow {
                responders: members
                    .iter()
                    .filter(|(a, _)| *a == agency.id)
                    .map(|(_, r)| r.clone())
                    .collect(),
                agency,
            })
            .collect(),
        council,
    })
}

/// A new agency as the form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AgencyInput {
    pub name: String,
    /// Made from the name when empty.
    #[serde(default)]
    pub slug: String,
    /// Where the office writes to the agency (optional).
    #[serde(default)]
    pub email: String,
}

/// Adds an agency to the actor's council.
pub async fn create_agency(app: &App, ctx: &Ctx, input: &AgencyInput) -> AppResult<i64> {
    let mut tx = app.db.write().await?;
    let council = council_for(&mut tx, ctx, Action::ProcessPetitions).await?;
    let mut errors = Vec::new();
    let name = text(&input.name, "name", 3, 200, "Tên cơ quan", &mut errors);
    let slug = slug_of(&input.slug, &name, &mut errors);
    let email = match input.email.trim() {
        "" => None,
        e => match Email::parse(e) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let existing = petitions::agencies(&mut tx, council.id).await?;
    if !slug.is_empty() && existing.iter().any(|a| a.slug == slug) {
        errors.push(FieldError::new(
            "slug",
            format!("Hội đồng đã có cơ quan với đường dẫn “{slug}”; hãy chọn đường dẫn khác."),
            format!("The council already has an agency with the slug “{slug}”."),
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = petitions::insert_agency(&mut tx, council.id, &slug, &name, email.as_deref()).await?;
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "created",
            target_kind: "agency",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "slug": slug, "name": name }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ResponderInput {
    pub email: String,
}

/// Makes an existing account, holding the agency role for the council's unit, answer for the
/// agency `agency_id`.
pub async fn add_responder(
    app: &App,
    ctx: &Ctx,
    agency_id: i64,
    input: &ResponderInput,
) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let agency = petitions::find_agency(&mut tx, agency_id)
        .await?
        .ok_or(AppError::NotFound("agency"))?;
    let council = councils::find(&mut tx, agency.council_id)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    check(&mut tx, ctx, Action::ProcessPetitions, council.unit_id).await?;
    let email = Email::parse(&input.email)?;
    let user = users::find_by_email(&mut tx, email.as_str())
        .await?
        .filter(|u| u.disabled_at.is_none())
        .ok_or_else(|| {
            AppError::invalid(
                "email",
                "Không có tài khoản đang hoạt động nào với e-mail này; hãy tạo tài khoản với vai trò “Cơ quan trả lời” trước.",
                "No active account has this e-mail; create an account with the agency role first.",
            )
        })?;
    let actor = crate::auth::actor_for_user(&mut tx, user.id, user.email.clone()).await?;
    let anc = ancestry(&mut tx, council.unit_id).await?;
    if !actor
        .roles_for(&Target::Unit { ancestry: &anc })
        .contains(&Role::Agency)
    {
        return Err(AppError::invalid(
            "email",
            "Tài khoản này chưa có vai trò “Cơ quan trả lời” cho địa bàn của Hội đồng; hãy cấp vai trò đó trước.",
            "This account does not hold the agency role for the council's area; grant it first.",
        ));
    }
    if petitions::agencies_of_user(&mut tx, user.id)
        .await?
        .contains(&agency.id)
    {
        return Err(AppError::invalid(
            "email",
            "Tài khoản này đã trả lời cho cơ quan này.",
            "This account already answers for this agency.",
        ));
    }
    petitions::add_agency_member(&mut tx, agency.id, user.id).await?;
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "responder_added",
            target_kind: "agency",
            target_id: Some(agency.id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "slug": agency.slug, "user_id": user.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Fields

#[derive(Debug, Clone, serde::Serialize)]
pub struct Fields {
    pub council: Council,
    pub fields: Vec<Field>,
}

/// The fields of the actor's council, in their order.
pub async fn fields(app: &App, ctx: &Ctx) -> AppResult<Fields> {
    let mut tx = app.db.read().await?;
    let council = council_for(&mut tx, ctx, Action::ProcessPetitions).await?;
    Ok(Fields {
        fields: petitions::fields(&mut tx, council.id).await?,
        council,
    })
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct FieldInput {
    pub name: String,
    /// Made from the name when empty.
    #[serde(default)]
    pub slug: String,
}

/// Adds a field at the end of the council's list.
pub async fn add_field(app: &App, ctx: &Ctx, input: &FieldInput) -> AppResult<i64> {
    let mut tx = app.db.write().await?;
    let council = council_for(&mut tx, ctx, Action::ProcessPetitions).await?;
    let mut errors = Vec::new();
    let name = text(&input.name, "name", 2, 100, "Tên lĩnh vực", &mut errors);
    let slug = slug_of(&input.slug, &name, &mut errors);
    let existing = petitions::fields(&mut tx, council.id).await?;
    if !slug.is_empty() && existing.iter().any(|f| f.slug == slug) {
        errors.push(FieldError::new(
            "slug",
            format!("Đã có lĩnh vực với đường dẫn “{slug}”."),
            format!("A field with the slug “{slug}” exists."),
        ));
    }
    if !name.is_empty()
        && existing
            .iter()
            .any(|f| vntext::fold(&f.name) == vntext::fold(&name))
    {
        errors.push(FieldError::new(
            "name",
            "Đã có lĩnh vực mang tên này.",
            "A field with this name exists.",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let position = existing.iter().map(|f| f.position + 1).max().unwrap_or(0);
    let id = petitions::insert_field(&mut tx, council.id, &slug, &name, position).await?;
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "created",
            target_kind: "petition_field",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "slug": slug, "name": name }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// The working-day calendar

/// One announced change to the calendar.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Adjustment {
    pub day: Date,
    /// `day_off` or `working_day`.
    pub kind: String,
    pub reason: String,
}

/// The days off of one year with the adjustments applied.
#[derive(Debug, Clone, serde::Serialize)]
pub struct YearDays {
    pub year: i32,
    pub days_off: Vec<(Date, String)>,
    /// Weekend days and holidays announced as working days.
    pub working_days: Vec<(Date, String)>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Calendar {
    pub adjustments: Vec<Adjustment>,
    /// This year and next.
    pub years: Vec<YearDays>,
}

/// The calendar is one for the whole install: those who keep it for the portal's council may
/// change it.
async fn calendar_gate(tx: &mut Tx, ctx: &Ctx) -> AppResult<Council> {
    if !ctx.actor.may(Action::ManageWorkCalendar, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let council = councils::primary(tx)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    check(tx, ctx, Action::ManageWorkCalendar, council.unit_id).await?;
    Ok(council)
}

pub async fn calendar(app: &App, ctx: &Ctx) -> AppResult<Calendar> {
    let mut tx = app.db.read().await?;
    calendar_gate(&mut tx, ctx).await?;
    let adjustments = petitions::calendar_adjustments(&mut tx)
        .await?
        .into_iter()
        .map(|(day, kind, reason)| Adjustment { day, kind, reason })
        .collect();
    let cal = work_calendar(&mut tx).await?;
    let this_year = crate::registry::today().year();
    let years = [this_year, this_year + 1]
        .into_iter()
        .map(|year| YearDays {
            year,
            days_off: cal.holidays_in(year),
            working_days: cal
                .announced_working_days()
                .filter(|(d, _)| d.year() == year)
                .map(|(d, r)| (d, r.to_owned()))
                .collect(),
        })
        .collect();
    Ok(Calendar { adjustments, years })
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DayInput {
    /// `31/12/2026`.
    pub day: String,
    /// `day_off` or `working_day`.
    pub kind: String,
    pub reason: String,
}

/// Records an announced day off or working day (replacing an earlier one of the same day).
pub async fn set_day(app: &App, ctx: &Ctx, input: &DayInput) -> AppResult<Date> {
    let mut tx = app.db.write().await?;
    let council = calendar_gate(&mut tx, ctx).await?;
    let mut errors = Vec::new();
    let day = vntime::parse_date(&input.day).filter(|d| (2000..=2100).contains(&d.year()));
    if day.is_none() {
        errors.push(FieldError::new(
            "day",
            "Ghi ngày dạng 31/12/2026 (năm 2000 đến 2100).",
            "Write the day as 31/12/2026 (years 2000 to 2100).",
        ));
    }
    let kind = input.kind.trim();
    if !matches!(kind, "day_off" | "working_day") {
        errors.push(FieldError::new(
            "kind",
            "Chọn: ngày nghỉ hoặc ngày làm việc.",
            "Choose a day off or a working day.",
        ));
    }
    let reason = text(&input.reason, "reason", 5, 200, "Căn cứ", &mut errors);
    if let Some(d) = day
        && errors.iter().all(|e| e.field != "kind")
    {
        // Against the calendar without this day's own adjustment.
        let mut base = WorkCalendar::vietnam();
        for (other, k, r) in petitions::calendar_adjustments(&mut tx).await? {
            if other != d {
                base = if k == "working_day" {
                    base.with_working_day(other, r)
                } else {
                    base.with_day_off(other, r)
                };
            }
        }
        // A day off may confirm a legal holiday the announcement repeats; a day off on a
        // plain weekend or a working day on a plain weekday would change nothing.
        match base.kind(d) {
            DayKind::Weekend if kind == "day_off" => errors.push(FieldError::new(
                "day",
                format!(
                    "Ngày {} là ngày nghỉ cuối tuần; hãy kiểm tra lại ngày.",
                    vntime::format_date(d)
                ),
                "That day is a weekend day already; check the date.",
            )),
            DayKind::Working if kind == "working_day" => errors.push(FieldError::new(
                "day",
                format!(
                    "Ngày {} vốn đã là ngày làm việc; hãy kiểm tra lại ngày.",
                    vntime::format_date(d)
                ),
                "That day is a working day already; check the date.",
            )),
            _ => {}
        }
    }
    let Some(day) = day.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    petitions::set_calendar_adjustment(&mut tx, day, kind, &reason).await?;
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "set",
            target_kind: "work_calendar",
            target_id: Some(day.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "kind": kind, "reason": reason }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(day)
}

/// Removes the adjustment of `day` (`2026-09-01` or `01/09/2026`).
pub async fn remove_day(app: &App, ctx: &Ctx, day: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let council = calendar_gate(&mut tx, ctx).await?;
    let day = vntime::parse_date(day).ok_or(AppError::NotFound("calendar adjustment"))?;
    if !petitions::remove_calendar_adjustment(&mut tx, day).await? {
        return Err(AppError::NotFound("calendar adjustment"));
    }
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "removed",
            target_kind: "work_calendar",
            target_id: Some(day.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The deadline an answer due within `days` working days from today would have.
pub async fn answer_deadline(app: &App, days: u32) -> AppResult<Date> {
    let mut tx = app.db.read().await?;
    let cal = work_calendar(&mut tx).await?;
    Ok(cal.add_working_days(crate::registry::today(), days))
}

// ---------------------------------------------------------------------------------------------
// The desk of one voter meeting

#[derive(Debug, Clone, serde::Serialize)]
pub struct MeetingDesk {
    pub event: Event,
    /// The fields of the meeting's council.
    pub fields: Vec<Field>,
    /// The petitions recorded from this meeting, newest first.
    pub petitions: Vec<(Petition, Timeliness)>,
}

/// A voter meeting with the petitions recorded from it, for those who process its council's
/// petitions.
pub async fn meeting_desk(app: &App, ctx: &Ctx, event_id: i64) -> AppResult<MeetingDesk> {
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut tx = app.db.read().await?;
    let event = caunoi_store::events::find(&mut tx, event_id)
        .await?
        .filter(|e| e.kind == "voter_meeting")
        .ok_or(AppError::NotFound("voter meeting"))?;
    let council = councils::find(&mut tx, event.council_id)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    check(&mut tx, ctx, Action::ProcessPetitions, council.unit_id).await?;
    let list = petitions::list(
        &mut tx,
        &petitions::Filter {
            council_id: Some(council.id),
            event_id: Some(event_id),
            ..petitions::Filter::default()
        },
        1,
        500,
    )
    .await?;
    let cal = work_calendar(&mut tx).await?;
    Ok(MeetingDesk {
        fields: petitions::fields(&mut tx, council.id).await?,
        petitions: list
            .items
            .into_iter()
            .map(|p| {
                let t = timeliness(&p, &cal);
                (p, t)
            })
            .collect(),
        event,
    })
}
