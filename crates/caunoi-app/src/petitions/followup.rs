//! After forwarding: each council's deadline rules, extension requests (an agency asks, the
//! council's office grants or declines), the council's supervision follow-up of unsatisfactory
//! or overdue answers, and small set-up edits (fields renamed or reordered, responders removed).

use super::{ancestry, find, timeliness, work_calendar};
use crate::accounts::deny;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::petition::PetitionState;
use caunoi_domain::petition_followup::{
    self as rules, DeadlineRule, ExtensionAsk, FollowupKind, extended_deadline,
};
use caunoi_domain::{Action, FieldError, Role, Target, vntime};
use caunoi_store::councils::{self, Council};
use caunoi_store::petition_followup::{self as store, Extension, Followup, NewFollowup};
use caunoi_store::petitions::{self, Field, Petition, Processing, Transition};
use caunoi_store::{Tx, now};
use time::Date;

fn invalid(field: &'static str, vi: &str, en: &str) -> AppError {
    AppError::invalid(field, vi, en)
}

/// The rule for a petition of `field_id` in `council_id`: the field's, else the council's,
/// else the built-in one.
pub async fn rule_for(
    tx: &mut Tx,
    council_id: i64,
    field_id: Option<i64>,
) -> AppResult<DeadlineRule> {
    let all = store::rules(tx, council_id).await?;
    let pick = |f: Option<i64>| {
        all.iter().find(|r| r.field_id == f).map(|r| DeadlineRule {
            answer_days: r.answer_days,
            very_overdue_after: r.very_overdue_after,
        })
    };
    Ok(field_id
        .and_then(|f| pick(Some(f)))
        .or_else(|| pick(None))
        .unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// Deadline rules

/// The council's rule and its fields' own rules, for the council admin's page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeadlineRules {
    pub council: Council,
    /// The council's rule (the built-in one when it set none) and whether it was set.
    pub council_rule: DeadlineRule,
    pub council_rule_set: bool,
    /// Every field with its own rule, if any.
    pub fields: Vec<(Field, Option<DeadlineRule>)>,
}

/// The council whose rules the actor keeps: the unit of their council-admin grant, else the
/// portal's primary council.
async fn rules_council(tx: &mut Tx, ctx: &Ctx) -> AppResult<Council> {
    let action = Action::ManageCouncil;
    if !ctx.actor.may(action, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let council = match ctx.actor.unit_for(action.roles()) {
        Some(code) => councils::find_by_unit_code(tx, code.as_str()).await?,
        None => councils::primary(tx).await?,
    }
    .ok_or(AppError::NotFound("council"))?;
    let anc = ancestry(tx, council.unit_id).await?;
    if !ctx.actor.may(action, &Target::Unit { ancestry: &anc }) {
        return Err(deny(ctx));
    }
    Ok(council)
}

pub async fn deadline_rules(app: &App, ctx: &Ctx) -> AppResult<DeadlineRules> {
    let mut tx = app.db.read().await?;
    let council = rules_council(&mut tx, ctx).await?;
    let all = store::rules(&mut tx, council.id).await?;
    let of = |f: Option<i64>| {
        all.iter().find(|r| r.field_id == f).map(|r| DeadlineRule {
            answer_days: r.answer_days,
            very_overdue_after: r.very_overdue_after,
        })
    };
    let fields = petitions::fields(&mut tx, council.id)
        .await?
        .into_iter()
        .map(|f| {
            let r = of(Some(f.id));
            (f, r)
        })
        .collect();
    Ok(DeadlineRules {
        council_rule: of(None).unwrap_or_default(),
        council_rule_set: of(None).is_some(),
        fields,
        council,
    })
}

/// The rule form: `field` empty for the council's rule, else a field's slug; `clear` removes
/// a field's own rule (it then follows the council's).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RuleInput {
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub answer_days: String,
    #[serde(default)]
    pub very_overdue_after: String,
    #[serde(default)]
    pub clear: String,
}

pub async fn set_deadline_rule(app: &App, ctx: &Ctx, input: &RuleInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let council = rules_council(&mut tx, ctx).await?;
    let field = match input.field.trim() {
        "" => None,
        slug => Some(
            petitions::fields(&mut tx, council.id)
                .await?
                .into_iter()
                .find(|f| f.slug == slug)
                .ok_or_else(|| {
                    invalid(
                        "field",
                        "Hãy chọn lĩnh vực trong danh sách.",
                        "Choose a field from the list.",
                    )
                })?,
        ),
    };
    let t = now();
    let details;
    if !input.clear.trim().is_empty() {
        let Some(f) = &field else {
            return Err(invalid(
                "field",
                "Chỉ bỏ được quy định riêng của một lĩnh vực; quy định chung của Hội đồng thì sửa số ngày.",
                "Only a field's own rule can be removed; change the council's numbers instead.",
            ));
        };
        if !store::remove_rule(&mut tx, council.id, Some(f.id)).await? {
            return Err(invalid(
                "field",
                "Lĩnh vực này không có quy định riêng.",
                "This field has no rule of its own.",
            ));
        }
        details = serde_json::json!({ "field": f.slug, "removed": true });
    } else {
        let rule = DeadlineRule::parse(&input.answer_days, &input.very_overdue_after)
            .map_err(AppError::Invalid)?;
        store::set_rule(
            &mut tx,
            council.id,
            field.as_ref().map(|f| f.id),
            rule.answer_days,
            rule.very_overdue_after,
            t,
        )
        .await?;
        details = serde_json::json!({
            "field": field.as_ref().map(|f| f.slug.clone()),
            "answer_days": rule.answer_days,
            "very_overdue_after": rule.very_overdue_after,
        });
    }
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "set",
            target_kind: "petition_deadline_rule",
            target_id: Some(council.id.to_string()),
            unit_id: Some(council.unit_id),
            details,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Extensions

/// The roles the actor holds over the petition; an agency responder counts only for a
/// petition forwarded to an agency they answer for.
async fn roles_over(tx: &mut Tx, ctx: &Ctx, p: &Petition) -> AppResult<Vec<Role>> {
    let anc = ancestry(tx, p.council_unit_id).await?;
    let mut roles = ctx.actor.roles_for(&Target::Unit { ancestry: &anc });
    if roles.contains(&Role::Agency) {
        let mine = match ctx.actor.user_id {
            Some(u) => petitions::agencies_of_user(tx, u).await?,
            None => Vec::new(),
        };
        if p.agency_id.is_none_or(|a| !mine.contains(&a)) {
            roles.retain(|r| *r != Role::Agency);
        }
    }
    Ok(roles)
}

/// Someone with no part in the petition is not told it exists; a part without the right is
/// refused.
fn refuse(ctx: &Ctx, roles: &[Role]) -> AppError {
    if roles.is_empty() {
        AppError::NotFound("petition")
    } else {
        deny(ctx)
    }
}

fn office(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| Action::ProcessPetitions.roles().contains(r))
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ExtensionInput {
    #[serde(default)]
    pub reason: String,
    /// `31/12/2026`; or
    #[serde(default)]
    pub new_deadline: String,
    /// extra working days after the current deadline.
    #[serde(default)]
    pub extra_days: String,
}

fn state_of(p: &Petition) -> PetitionState {
    p.state.parse().unwrap_or(PetitionState::Received)
}

/// An agency responder asks for more time on a petition forwarded to their agency.
pub async fn request_extension(
    app: &App,
    ctx: &Ctx,
    id: i64,
    input: &ExtensionInput,
) -> AppResult<i64> {
    let mut tx = app.db.write().await?;
    let p = find(&mut tx, id).await?;
    let roles = roles_over(&mut tx, ctx, &p).await?;
    if !roles.contains(&Role::Agency) {
        return Err(refuse(ctx, &roles));
    }
    let (true, Some(current)) = (state_of(&p).awaits_answer(), p.deadline) else {
        return Err(invalid(
            "extension",
            "Chỉ xin gia hạn được khi kiến nghị đang chờ cơ quan trả lời.",
            "An extension can only be asked while the petition awaits the agency's answer.",
        ));
    };
    if store::pending_extension(&mut tx, id).await?.is_some() {
        return Err(invalid(
            "extension",
            "Đã có một đề nghị gia hạn đang chờ Hội đồng xem xét; hãy chờ quyết định trước khi đề nghị tiếp.",
            "A request is already waiting for the council's decision.",
        ));
    }
    let mut errors = Vec::new();
    let reason = vntext::nfc(input.reason.trim());
    let n = reason.chars().count();
    if !(10..=2000).contains(&n) {
        errors.push(FieldError::new(
            "reason",
            format!("Lý do xin gia hạn cần từ 10 đến 2000 ký tự (hiện có {n})."),
            "The reason needs 10 to 2000 characters.",
        ));
    }
    let today = crate::registry::today();
    let cal = work_calendar(&mut tx).await?;
    let ask = match (input.new_deadline.trim(), input.extra_days.trim()) {
        ("", "") => {
            errors.push(FieldError::new(
                "new_deadline",
                "Ghi hạn mới (dạng 31/12/2026) hoặc số ngày làm việc xin thêm.",
                "Give the new deadline or the extra working days.",
            ));
            None
        }
        (d, "") => match vntime::parse_date(d) {
            Some(d) => Some(ExtensionAsk::Until(d)),
            None => {
                errors.push(FieldError::new(
                    "new_deadline",
                    "Ghi hạn mới dạng 31/12/2026.",
                    "Write the new deadline as 31/12/2026.",
                ));
                None
            }
        },
        ("", n) => match n.parse::<i64>() {
            Ok(n) => Some(ExtensionAsk::ExtraDays(n)),
            Err(_) => {
                errors.push(FieldError::new(
                    "extra_days",
                    "Số ngày xin thêm là một số nguyên ngày làm việc, ví dụ 10.",
                    "Extra days: a whole number of working days, e.g. 10.",
                ));
                None
            }
        },
        _ => {
            errors.push(FieldError::new(
                "new_deadline",
                "Chỉ ghi một trong hai: hạn mới hoặc số ngày xin thêm.",
                "Give either the new deadline or the extra days, not both.",
            ));
            None
        }
    };
    let new = match ask.map(|a| extended_deadline(current, a, today, &cal)) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => None,
    };
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let t = now();
    let ext = store::insert_extension(
        &mut tx,
        id,
        p.agency_id,
        &reason,
        current,
        new,
        &ctx.actor.label,
        t,
    )
    .await?;
    petitions::insert_transition(
        &mut tx,
        id,
        &Transition {
            from_state: Some(p.state.clone()),
            to_state: p.state.clone(),
            action: "extension_requested".into(),
            actor_label: ctx.actor.label.clone(),
            note: format!("Đề nghị gia hạn đến {}: {reason}", vntime::format_date(new)),
            public: false,
            at: t,
        },
    )
    .await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "extension_requested",
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "code": p.code, "extension": ext, "from": current, "to": new }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ext)
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DecisionInput {
    /// `grant` or `decline`.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

/// The council's office grants (the deadline moves, publicly) or declines the pending request.
pub async fn decide_extension(
    app: &App,
    ctx: &Ctx,
    id: i64,
    input: &DecisionInput,
) -> AppResult<bool> {
    let grant = match input.decision.trim() {
        "grant" => true,
        "decline" => false,
        _ => {
            return Err(invalid(
                "decision",
                "Chọn: đồng ý gia hạn hoặc không đồng ý.",
                "Choose grant or decline.",
            ));
        }
    };
    let mut tx = app.db.write().await?;
    let p = find(&mut tx, id).await?;
    let roles = roles_over(&mut tx, ctx, &p).await?;
    if !office(&roles) {
        return Err(refuse(ctx, &roles));
    }
    let ext = store::pending_extension(&mut tx, id)
        .await?
        .ok_or_else(|| {
            invalid(
                "decision",
                "Không có đề nghị gia hạn nào đang chờ quyết định.",
                "No extension request is pending.",
            )
        })?;
    let note = vntime_note(&input.note);
    if !grant && note.chars().count() < 5 {
        return Err(invalid(
            "note",
            "Không đồng ý gia hạn: hãy ghi lý do (ít nhất 5 ký tự) để cơ quan biết.",
            "Declining: give the reason (at least 5 characters).",
        ));
    }
    if grant && !state_of(&p).awaits_answer() {
        return Err(invalid(
            "decision",
            "Kiến nghị không còn chờ trả lời; không gia hạn được.",
            "The petition no longer awaits an answer.",
        ));
    }
    let t = now();
    let state = if grant { "granted" } else { "declined" };
    store::decide_extension(
        &mut tx,
        ext.id,
        state,
        &ctx.actor.label,
        (!note.is_empty()).then_some(note.as_str()),
        t,
    )
    .await?;
    let public_note = if grant {
        format!(
            "Gia hạn trả lời đến {}",
            vntime::format_date(ext.new_deadline)
        )
    } else {
        format!("Không đồng ý gia hạn: {note}")
    };
    if grant {
        let mut w = Processing::of(&p);
        w.deadline = Some(ext.new_deadline);
        super::save_processing(&mut tx, id, &w, t).await?;
    }
    petitions::insert_transition(
        &mut tx,
        id,
        &Transition {
            from_state: Some(p.state.clone()),
            to_state: p.state.clone(),
            action: if grant {
                "extension_granted"
            } else {
                "extension_declined"
            }
            .into(),
            actor_label: ctx.actor.label.clone(),
            note: public_note,
            // Only a moved deadline changes what the public is promised.
            public: grant,
            at: t,
        },
    )
    .await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: if grant {
                "extension_granted"
            } else {
                "extension_declined"
            },
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({
                "code": p.code, "extension": ext.id, "from": ext.old_deadline, "to": ext.new_deadline,
            }),
        },
    )
    .await?;
    if grant {
        // A moved deadline changes what the petitioner was promised: they are told, like the
        // other public steps.
        super::notify::enqueue_with(
            &mut tx,
            id,
            "extension",
            serde_json::json!({ "deadline": ext.new_deadline.to_string() }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(grant)
}

fn vntime_note(s: &str) -> String {
    vntext::nfc(s.trim())
}

// ---------------------------------------------------------------------------------------------
// Supervision follow-up

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct FollowupInput {
    /// `reforward`, `question_time` or `supervision`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub note: String,
    /// Re-forward: the agency id and the working days (the council's rule when empty).
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub days: String,
    /// Question time or supervision: the event id.
    #[serde(default)]
    pub event: String,
    /// Question time: optionally the question record's id.
    #[serde(default)]
    pub question: String,
}

/// The council marks an unsatisfactory or overdue petition for follow-up.
pub async fn follow_up(app: &App, ctx: &Ctx, id: i64, input: &FollowupInput) -> AppResult<i64> {
    let mut tx = app.db.write().await?;
    let p = find(&mut tx, id).await?;
    let roles = roles_over(&mut tx, ctx, &p).await?;
    if !office(&roles) {
        return Err(refuse(ctx, &roles));
    }
    let kind = FollowupKind::parse(&input.kind).ok_or_else(|| {
        invalid(
            "kind",
            "Chọn hình thức: chuyển lại, chất vấn hoặc giám sát.",
            "Choose re-forwarding, question time or supervision.",
        )
    })?;
    let cal = work_calendar(&mut tx).await?;
    let state = state_of(&p);
    if !rules::may_follow_up(state, timeliness(&p, &cal)) {
        return Err(invalid(
            "follow_up",
            "Chỉ theo dõi giám sát kiến nghị đã có trả lời hoặc đã quá hạn trả lời.",
            "Only answered or overdue petitions can be followed up.",
        ));
    }
    let note = vntext::nfc(input.note.trim());
    let mut errors = Vec::new();
    if !(5..=2000).contains(&note.chars().count()) {
        errors.push(FieldError::new(
            "note",
            "Ghi nội dung theo dõi (vì sao, yêu cầu gì), từ 5 đến 2000 ký tự.",
            "Say why and what is asked (5 to 2000 characters).",
        ));
    }
    let today = crate::registry::today();
    let mut row = NewFollowup {
        kind: kind.as_str().into(),
        note: note.clone(),
        agency_id: None,
        deadline: None,
        event_id: None,
        question_id: None,
        actor_label: ctx.actor.label.clone(),
    };
    let mut public_note = format!("{}: {note}", kind.label_vi());
    let mut reforward: Option<(i64, Date, DeadlineRule, String)> = None;
    match kind {
        FollowupKind::Reforward => {
            let agency = match input.agency.trim().parse::<i64>().ok() {
                Some(a) => petitions::find_agency(&mut tx, a)
                    .await?
                    .filter(|a| a.council_id == p.council_id),
                None => None,
            };
            let rule = rule_for(&mut tx, p.council_id, p.field_id).await?;
            let days = match input.days.trim() {
                "" => Some(rule.answer_days),
                d => d
                    .parse::<i64>()
                    .ok()
                    .filter(|d| (1..=rules::MAX_ANSWER_DAYS).contains(d)),
            };
            if agency.is_none() {
                errors.push(FieldError::new(
                    "agency",
                    "Hãy chọn cơ quan giải quyết trong danh sách.",
                    "Choose the answering agency from the list.",
                ));
            }
            if days.is_none() {
                errors.push(FieldError::new(
                    "days",
                    "Thời hạn trả lời là số ngày làm việc từ 1 đến 120.",
                    "The answer period is 1 to 120 working days.",
                ));
            }
            if let (Some(a), Some(d)) = (agency, days) {
                let deadline = cal.add_working_days(today, d as u32);
                row.agency_id = Some(a.id);
                row.deadline = Some(deadline);
                public_note = format!(
                    "{}: {} – hạn trả lời {}. {note}",
                    kind.label_vi(),
                    a.name,
                    vntime::format_date(deadline)
                );
                reforward = Some((a.id, deadline, rule, a.name));
            }
        }
        FollowupKind::QuestionTime | FollowupKind::Supervision => {
            let want = kind.event_kind().unwrap_or_default();
            let event = match input.event.trim().parse::<i64>().ok() {
                Some(e) => caunoi_store::events::find(&mut tx, e)
                    .await?
                    .filter(|e| e.kind == want),
                None => None,
            };
            match event {
                None => errors.push(FieldError::new(
                    "event",
                    if kind == FollowupKind::QuestionTime {
                        "Hãy chọn phiên chất vấn trong danh sách."
                    } else {
                        "Hãy chọn cuộc giám sát trong danh sách."
                    },
                    "Choose the event from the list.",
                )),
                Some(e) => {
                    row.event_id = Some(e.id);
                    public_note = format!("{}: {} – {note}", kind.label_vi(), e.title);
                    if kind == FollowupKind::QuestionTime && !input.question.trim().is_empty() {
                        let qid = input.question.trim().parse::<i64>().ok();
                        let questions =
                            caunoi_store::events::questions(&mut tx, Some(e.id), None, false)
                                .await?;
                        match qid.filter(|q| questions.iter().any(|x| x.id == *q)) {
                            Some(q) => row.question_id = Some(q),
                            None => errors.push(FieldError::new(
                                "question",
                                "Câu chất vấn này không thuộc phiên đã chọn; hãy chọn lại hoặc để trống.",
                                "That question is not of the chosen event; choose again or leave it empty.",
                            )),
                        }
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let t = now();
    let fid = store::insert_followup(&mut tx, id, &row, t).await?;
    let mut to_state = p.state.clone();
    if let Some((agency_id, deadline, rule, _)) = &reforward {
        // Re-forwarding starts a new answer period: the old answer stays on the record but no
        // longer counts for timeliness, like reopening.
        let mut w = Processing::of(&p);
        w.state = PetitionState::Forwarded.as_str().into();
        w.agency_id = Some(*agency_id);
        w.forwarded_on = Some(today);
        w.deadline = Some(*deadline);
        w.very_overdue_after = Some(rule.very_overdue_after);
        w.answer = None;
        w.answer_kind = None;
        w.answered_on = None;
        w.promised_on = None;
        w.satisfaction = None;
        super::save_processing(&mut tx, id, &w, t).await?;
        store::lapse_pending(&mut tx, id, t).await?;
        to_state = w.state;
    }
    petitions::insert_transition(
        &mut tx,
        id,
        &Transition {
            from_state: Some(p.state.clone()),
            to_state,
            action: "follow_up".into(),
            actor_label: ctx.actor.label.clone(),
            note: public_note,
            public: true,
            at: t,
        },
    )
    .await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "followed_up",
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({
                "code": p.code, "kind": kind.as_str(), "followup": fid,
                "agency": row.agency_id, "event": row.event_id, "question": row.question_id,
            }),
        },
    )
    .await?;
    if reforward.is_some() {
        super::notify::enqueue(&mut tx, id, "forward").await?;
    } else {
        super::notify::enqueue_with(
            &mut tx,
            id,
            "follow_up",
            serde_json::json!({ "followup": fid }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(fid)
}

/// What the petition pages show of the follow-up: extension requests and follow-ups.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FollowupHistory {
    pub extensions: Vec<Extension>,
    pub followups: Vec<Followup>,
    /// Events the office may link a follow-up to: (id, kind, title), newest first.
    pub events: Vec<(i64, String, String)>,
    /// The rule that applies to this petition (for the forward form's preview).
    pub rule: DeadlineRule,
    /// The deadline a forward today under that rule gives.
    pub forward_deadline: Option<Date>,
    pub may_request: bool,
    pub may_decide: bool,
    pub may_follow_up: bool,
}

/// The follow-up part of a petition's staff view (the caller has already checked the reader
/// may see the petition; this checks again).
pub async fn history(app: &App, ctx: &Ctx, id: i64) -> AppResult<FollowupHistory> {
    let mut tx = app.db.read().await?;
    let p = find(&mut tx, id).await?;
    let roles = roles_over(&mut tx, ctx, &p).await?;
    let is_office = office(&roles);
    if !is_office && !roles.contains(&Role::Agency) {
        return Err(refuse(ctx, &roles));
    }
    let cal = work_calendar(&mut tx).await?;
    let rule = rule_for(&mut tx, p.council_id, p.field_id).await?;
    let extensions = store::extensions(&mut tx, id).await?;
    let pending = extensions.iter().any(|e| e.state == "pending");
    let state = state_of(&p);
    let may_follow_up = is_office && rules::may_follow_up(state, timeliness(&p, &cal));
    let mut events = Vec::new();
    if may_follow_up {
        for kind in ["question_time", "supervision"] {
            let list = caunoi_store::events::list(
                &mut tx,
                &caunoi_store::events::EventFilter {
                    kind: Some(kind.into()),
                    council_id: Some(p.council_id),
                    newest_first: true,
                    ..Default::default()
                },
                1,
                30,
            )
            .await?;
            events.extend(
                list.items
                    .into_iter()
                    .map(|e| (e.id, e.kind.clone(), e.title.clone())),
            );
        }
    }
    Ok(FollowupHistory {
        may_request: roles.contains(&Role::Agency) && state.awaits_answer() && !pending,
        may_decide: is_office && pending,
        may_follow_up,
        forward_deadline: Some(
            cal.add_working_days(crate::registry::today(), rule.answer_days as u32),
        ),
        rule,
        followups: store::followups(&mut tx, id).await?,
        extensions,
        events,
    })
}

/// Follow-ups recorded for a public petition (no staff names), for its public page.
pub async fn public_followups(app: &App, id: i64) -> AppResult<Vec<Followup>> {
    let mut tx = app.db.read().await?;
    Ok(store::followups(&mut tx, id).await?)
}

/// What the public record shows of a petition's follow-up: the granted extensions (a request
/// and its reason stay between the agency and the office until granted) and the follow-ups.
/// The caller has checked the petition is public; the caller also leaves out staff names.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PublicHistory {
    pub extensions: Vec<Extension>,
    pub followups: Vec<Followup>,
}

pub async fn public_history(app: &App, id: i64) -> AppResult<PublicHistory> {
    let mut tx = app.db.read().await?;
    let extensions = store::extensions(&mut tx, id)
        .await?
        .into_iter()
        .filter(|e| e.state == "granted")
        .collect();
    Ok(PublicHistory {
        extensions,
        followups: store::followups(&mut tx, id).await?,
    })
}

// ---------------------------------------------------------------------------------------------
// Small set-up edits

async fn office_council(tx: &mut Tx, ctx: &Ctx, council_id: i64) -> AppResult<Council> {
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let council = councils::find(tx, council_id)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let anc = ancestry(tx, council.unit_id).await?;
    if !ctx
        .actor
        .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
    {
        return Err(deny(ctx));
    }
    Ok(council)
}

/// Stops an account answering for an agency (its role stays; only the link goes).
pub async fn remove_responder(app: &App, ctx: &Ctx, agency_id: i64, user_id: i64) -> AppResult<()> {
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut tx = app.db.write().await?;
    let agency = petitions::find_agency(&mut tx, agency_id)
        .await?
        .ok_or(AppError::NotFound("agency"))?;
    let council = office_council(&mut tx, ctx, agency.council_id).await?;
    if !store::remove_agency_member(&mut tx, agency_id, user_id).await? {
        return Err(AppError::NotFound("responder"));
    }
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "responder_removed",
            target_kind: "agency",
            target_id: Some(agency_id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "slug": agency.slug, "user_id": user_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct FieldEdit {
    /// A new name (keeps the slug, so links and imports stay valid); or
    #[serde(default)]
    pub name: String,
    /// `up` or `down` to move it in the list.
    #[serde(default)]
    pub move_to: String,
}

/// Renames a field or moves it one place up or down in its council's list.
pub async fn edit_field(app: &App, ctx: &Ctx, field_id: i64, input: &FieldEdit) -> AppResult<()> {
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut tx = app.db.write().await?;
    let council_id: Option<i64> = {
        let all = councils::all(&mut tx).await?;
        let mut found = None;
        for c in all {
            if petitions::fields(&mut tx, c.id)
                .await?
                .iter()
                .any(|f| f.id == field_id)
            {
                found = Some(c.id);
                break;
            }
        }
        found
    };
    let council =
        office_council(&mut tx, ctx, council_id.ok_or(AppError::NotFound("field"))?).await?;
    let mut list = petitions::fields(&mut tx, council.id).await?;
    let at = list
        .iter()
        .position(|f| f.id == field_id)
        .ok_or(AppError::NotFound("field"))?;
    let details;
    match input.move_to.trim() {
        "" => {
            let name = vntext::nfc(input.name.trim());
            let n = name.chars().count();
            if !(2..=100).contains(&n) {
                return Err(AppError::Invalid(vec![FieldError::new(
                    "name",
                    format!("Tên lĩnh vực cần từ 2 đến 100 ký tự (hiện có {n})."),
                    format!("Needs 2 to 100 characters (now {n})."),
                )]));
            }
            if list
                .iter()
                .any(|f| f.id != field_id && vntext::fold(&f.name) == vntext::fold(&name))
            {
                return Err(invalid(
                    "name",
                    "Đã có lĩnh vực khác mang tên này.",
                    "Another field has this name.",
                ));
            }
            store::rename_field(&mut tx, field_id, &name).await?;
            details = serde_json::json!({ "from": list[at].name, "name": name });
        }
        dir @ ("up" | "down") => {
            let other = if dir == "up" {
                at.checked_sub(1)
            } else {
                Some(at + 1).filter(|i| *i < list.len())
            };
            let Some(other) = other else {
                return Err(invalid(
                    "move_to",
                    "Lĩnh vực đã ở đầu hoặc cuối danh sách.",
                    "The field is already first or last.",
                ));
            };
            list.swap(at, other);
            // Positions are rewritten 0..n so earlier equal positions cannot tie again.
            for (i, f) in list.iter().enumerate() {
                store::set_field_position(&mut tx, f.id, i as i64).await?;
            }
            details = serde_json::json!({ "moved": dir });
        }
        _ => {
            return Err(invalid(
                "move_to",
                "Chọn: lên hoặc xuống.",
                "Choose up or down.",
            ));
        }
    }
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "updated",
            target_kind: "petition_field",
            target_id: Some(field_id.to_string()),
            unit_id: Some(council.unit_id),
            details,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
