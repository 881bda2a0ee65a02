//! Processing: moderation of online submissions, and every move of the lifecycle (classify,
//! forward with a deadline in working days, answer, publish, close, reopen, merge, reject),
//! each checked by role and scope, recorded on the petition's timeline, audited and on the outbox.

use super::{ancestry, find, timeliness, work_calendar};
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::petition::{self as rules, PetitionAction, PetitionState, Timeliness};
use caunoi_domain::{Action, Role, Target};
use caunoi_store::petitions::{self, Contact, Petition, Processing, Transition};
use caunoi_store::{Tx, now};

/// What an action may carry (each action reads the parts it needs).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ActInput {
    pub action: String,
    /// Field slug (classify).
    #[serde(default)]
    pub field: String,
    /// Agency id (forward).
    #[serde(default)]
    pub agency: String,
    /// Working days to answer (forward); the council's rule when empty.
    #[serde(default)]
    pub days: String,
    /// The answer (answer).
    #[serde(default)]
    pub answer: String,
    /// `resolved`, `in_progress` (with `promised_on`) or `not_competent` (with `reason`).
    #[serde(default)]
    pub answer_kind: String,
    #[serde(default)]
    pub promised_on: String,
    /// Why (reject, reopen, not competent, merge).
    #[serde(default)]
    pub reason: String,
    /// The code of the petition this one joins (merge).
    #[serde(default)]
    pub into: String,
}

/// The roles the actor holds over this petition; an agency responder counts only for petitions
/// forwarded to an agency they answer for.
pub(super) async fn roles_over(tx: &mut Tx, ctx: &Ctx, p: &Petition) -> AppResult<Vec<Role>> {
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

fn invalid(field: &'static str, vi: &str, en: &str) -> AppError {
    AppError::invalid(field, vi, en)
}

/// Takes one action on a petition in one transaction.
pub async fn act(app: &App, ctx: &Ctx, id: i64, input: &ActInput) -> AppResult<PetitionState> {
    let action = input.action.parse::<PetitionAction>().map_err(|_| {
        invalid(
            "action",
            "Thao tác không có trong danh sách.",
            "Unknown action.",
        )
    })?;
    let mut tx = app.db.write().await?;
    let p = find(&mut tx, id).await?;
    let roles = roles_over(&mut tx, ctx, &p).await?;
    let state = p
        .state
        .parse::<PetitionState>()
        .unwrap_or(PetitionState::Received);
    if roles.is_empty() || !roles.iter().any(|r| action.roles().contains(r)) {
        // Someone with no part in this petition is not told it exists.
        if !ctx.actor.is_signed_in() || roles.is_empty() {
            return Err(AppError::NotFound("petition"));
        }
        return Err(crate::accounts::deny(ctx));
    }
    if p.moderation == "pending" && action != PetitionAction::Reject {
        return Err(invalid(
            "moderation",
            "Kiến nghị gửi trực tuyến cần được duyệt trước khi xử lý.",
            "An online petition must be moderated before it is processed.",
        ));
    }
    let next = rules::transition(state, action, &roles).map_err(|r| {
        invalid(
            "action",
            &r.message_vi(),
            "This action is not possible in this state.",
        )
    })?;
    let mut w = Processing::of(&p);
    w.state = next.as_str().to_owned();
    let today = crate::registry::today();
    let reason = vntext::nfc(input.reason.trim());
    let mut note = String::new();
    match action {
        PetitionAction::Classify => {
            let field = petitions::fields(&mut tx, p.council_id)
                .await?
                .into_iter()
                .find(|f| f.slug == input.field.trim())
                .ok_or_else(|| {
                    invalid(
                        "field",
                        "Hãy chọn lĩnh vực trong danh sách.",
                        "Choose a field from the list.",
                    )
                })?;
            note = field.name.clone();
            w.field_id = Some(field.id);
        }
        PetitionAction::Forward => {
            let agency_id = input.agency.trim().parse::<i64>().ok();
            let agency = match agency_id {
                Some(a) => petitions::find_agency(&mut tx, a)
                    .await?
                    .filter(|a| a.council_id == p.council_id),
                None => None,
            }
            .ok_or_else(|| {
                invalid(
                    "agency",
                    "Hãy chọn cơ quan giải quyết trong danh sách.",
                    "Choose the answering agency from the list.",
                )
            })?;
            // The council's rule (for the petition's field, if it has its own) by default.
            let rule = super::rule_for(&mut tx, p.council_id, p.field_id).await?;
            let days = match input.days.trim() {
                "" => rule.answer_days as u32,
                d => d
                    .parse::<u32>()
                    .ok()
                    .filter(|d| (1..=120).contains(d))
                    .ok_or_else(|| {
                        invalid(
                            "days",
                            "Thời hạn trả lời là số ngày làm việc từ 1 đến 120.",
                            "The answer period is 1 to 120 working days.",
                        )
                    })?,
            };
            let cal = work_calendar(&mut tx).await?;
            let deadline = cal.add_working_days(today, days);
            note = format!(
                "{} – hạn trả lời {}",
                agency.name,
                caunoi_domain::vntime::format_date(deadline)
            );
            w.agency_id = Some(agency.id);
            w.forwarded_on = Some(today);
            w.deadline = Some(deadline);
            w.very_overdue_after = Some(rule.very_overdue_after);
            w.answer = None;
            w.answer_kind = None;
            w.answered_on = None;
            w.promised_on = None;
        }
        PetitionAction::Answer => {
            let answer = vntext::nfc(input.answer.trim());
            if answer.chars().count() < 10 {
                return Err(invalid(
                    "answer",
                    "Nội dung trả lời cần ít nhất 10 ký tự.",
                    "The answer needs at least 10 characters.",
                ));
            }
            let kind = input.answer_kind.trim();
            match kind {
                "resolved" => {}
                "in_progress" => {
                    let d = caunoi_domain::vntime::parse_date(&input.promised_on).filter(|d| *d >= today).ok_or_else(|| {
                        invalid("promised_on", "Đang giải quyết: ghi ngày dự kiến hoàn thành (từ hôm nay), dạng 31/12/2026.", "In progress: give the promised date (today or later).")
                    })?;
                    w.promised_on = Some(d);
                }
                "not_competent" => {
                    if reason.chars().count() < 5 {
                        return Err(invalid(
                            "reason",
                            "Không thuộc thẩm quyền: ghi lý do và cơ quan có thẩm quyền.",
                            "Not within competence: give the reason and the right agency.",
                        ));
                    }
                    w.reason = Some(reason.clone());
                }
                _ => {
                    return Err(invalid(
                        "answer_kind",
                        "Chọn: đã giải quyết, đang giải quyết hoặc không thuộc thẩm quyền.",
                        "Choose resolved, in progress or not within competence.",
                    ));
                }
            }
            w.answer = Some(answer);
            w.answer_kind = Some(kind.to_owned());
            w.answered_on = Some(today);
        }
        PetitionAction::Publish => {}
        PetitionAction::Close => {}
        PetitionAction::Reopen | PetitionAction::Reject => {
            if reason.chars().count() < 5 {
                return Err(invalid(
                    "reason",
                    "Hãy ghi lý do (ít nhất 5 ký tự).",
                    "Give the reason (at least 5 characters).",
                ));
            }
            note = reason.clone();
            w.reason = Some(reason.clone());
            if action == PetitionAction::Reopen {
                // Sent back to the agency: a new answer is owed within a new period, so the old
                // answer no longer counts for timeliness (its text stays on the record).
                let cal = work_calendar(&mut tx).await?;
                let rule = super::rule_for(&mut tx, p.council_id, p.field_id).await?;
                w.deadline = Some(cal.add_working_days(today, rule.answer_days as u32));
                w.very_overdue_after = Some(rule.very_overdue_after);
                w.forwarded_on = Some(today);
                w.answered_on = None;
                w.answer_kind = None;
                w.promised_on = None;
            }
        }
        PetitionAction::Merge => {
            let code =
                caunoi_domain::petition::TrackingCode::parse(&input.into).ok_or_else(|| {
                    invalid(
                        "into",
                        "Ghi mã của kiến nghị gộp vào, dạng KN-XXXX-XXXX-XXXX.",
                        "Give the code of the petition to merge into.",
                    )
                })?;
            let target = petitions::find_by_code(&mut tx, code.as_str())
                .await?
                .filter(|t| t.council_id == p.council_id && t.id != p.id)
                .ok_or_else(|| {
                    invalid(
                        "into",
                        "Không có kiến nghị nào khác của Hội đồng này mang mã đó.",
                        "No other petition of this council has that code.",
                    )
                })?;
            if target.state == "merged" || target.state == "rejected" {
                return Err(invalid(
                    "into",
                    "Không gộp vào một kiến nghị đã gộp hoặc không thụ lý.",
                    "Cannot merge into a merged or rejected petition.",
                ));
            }
            // The same target side as confirming a group of near-duplicates.
            super::groups::absorb(&mut tx, ctx, &p, &target, now()).await?;
            w.merged_into = Some(target.id);
            note = format!("Gộp vào kiến nghị “{}”", target.title);
        }
    }
    let t = now();
    super::save_processing(&mut tx, id, &w, t).await?;
    if matches!(
        action,
        PetitionAction::Answer | PetitionAction::Forward | PetitionAction::Merge
    ) {
        // The agency no longer needs more time for an answer given or a forwarding replaced.
        caunoi_store::petition_followup::lapse_pending(&mut tx, id, t).await?;
    }
    petitions::insert_transition(
        &mut tx,
        id,
        &Transition {
            from_state: Some(p.state.clone()),
            to_state: next.as_str().to_owned(),
            action: action.as_str().to_owned(),
            actor_label: ctx.actor.label.clone(),
            note,
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
            action: action.as_str(),
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "code": p.code, "from": p.state, "to": next.as_str() }),
        },
    )
    .await?;
    if matches!(
        action,
        PetitionAction::Forward
            | PetitionAction::Publish
            | PetitionAction::Close
            | PetitionAction::Reopen
            | PetitionAction::Merge
            | PetitionAction::Reject
    ) {
        super::notify::enqueue(&mut tx, id, action.as_str()).await?;
    }
    if action == PetitionAction::Publish {
        // A group is answered once: the voters of the petitions merged into it hear it too.
        for m in caunoi_store::petition_groups::members(&mut tx, id).await? {
            super::notify::enqueue(&mut tx, m.id, action.as_str()).await?;
        }
    }
    tx.commit().await?;
    Ok(next)
}

/// Approves (to be processed and shown) or marks as spam an online submission.
pub async fn moderate(app: &App, ctx: &Ctx, id: i64, approve: bool) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let p = find(&mut tx, id).await?;
    let anc = ancestry(&mut tx, p.council_unit_id).await?;
    if !ctx
        .actor
        .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
    {
        return Err(crate::accounts::deny(ctx));
    }
    if p.moderation != "pending" {
        return Err(invalid(
            "moderation",
            "Kiến nghị này đã được kiểm duyệt.",
            "This petition was already moderated.",
        ));
    }
    let mut w = Processing::of(&p);
    w.moderation = if approve { "approved" } else { "spam" }.into();
    if !approve {
        w.state = "rejected".into();
        w.reason = Some("Nội dung không phải kiến nghị (thư rác).".into());
    }
    let t = now();
    super::save_processing(&mut tx, id, &w, t).await?;
    petitions::insert_transition(
        &mut tx,
        id,
        &Transition {
            from_state: Some(p.state.clone()),
            to_state: w.state.clone(),
            action: if approve { "approve" } else { "spam" }.into(),
            actor_label: ctx.actor.label.clone(),
            note: String::new(),
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
            action: if approve { "approved" } else { "marked_spam" },
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "code": p.code }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A petition as the office or the agency sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StaffView {
    pub petition: Petition,
    pub timeliness: Timeliness,
    pub timeline: Vec<Transition>,
    pub actions: Vec<PetitionAction>,
    /// Only for those who may read contact details; the read is audited.
    pub contact: Option<Contact>,
    pub fields: Vec<petitions::Field>,
    pub agencies: Vec<petitions::Agency>,
    /// The citizen's photos (staff see them before moderation too).
    pub photos: Vec<caunoi_store::petition_photos::Photo>,
    /// Files attached to the answer, and whether the viewer may attach more now.
    pub answer_files: Vec<caunoi_store::petition_photos::AnswerFile>,
    pub may_attach: bool,
    /// Whether the viewer may remove answer files now: `Some(true)` with a reason (the answer
    /// is published), `Some(false)` without, `None` not at all.
    pub removal: Option<bool>,
}

/// The staff view of one petition; `with_contact` reads (and audits reading) the contact.
pub async fn staff_view(app: &App, ctx: &Ctx, id: i64, with_contact: bool) -> AppResult<StaffView> {
    let mut tx = app.db.read().await?;
    let p = find(&mut tx, id).await?;
    let roles = roles_over(&mut tx, ctx, &p).await?;
    let staff = roles.iter().any(|r| {
        matches!(
            r,
            Role::Clerk | Role::CouncilAdmin | Role::Admin | Role::Agency
        )
    });
    if !staff {
        return Err(if ctx.actor.is_signed_in() {
            crate::accounts::deny(ctx)
        } else {
            AppError::Unauthenticated
        });
    }
    let may_contact = roles
        .iter()
        .any(|r| Action::ViewPetitionContacts.roles().contains(r));
    let state = p
        .state
        .parse::<PetitionState>()
        .unwrap_or(PetitionState::Received);
    let cal = work_calendar(&mut tx).await?;
    let mut view = StaffView {
        timeliness: timeliness(&p, &cal),
        timeline: petitions::transitions(&mut tx, id, false).await?,
        actions: if p.moderation == "pending" {
            Vec::new()
        } else {
            rules::available(state, &roles)
        },
        contact: None,
        fields: petitions::fields(&mut tx, p.council_id).await?,
        agencies: petitions::agencies(&mut tx, p.council_id).await?,
        photos: caunoi_store::petition_photos::of_petition(&mut tx, id).await?,
        answer_files: caunoi_store::petition_photos::answer_files(&mut tx, id).await?,
        may_attach: super::answer_files::may_attach(&mut tx, ctx, &p).await?,
        removal: super::answer_files::removal_right(&mut tx, ctx, &p).await?,
        petition: p,
    };
    drop(tx);
    if with_contact && may_contact {
        // Reading personal data is itself recorded, in the same transaction as the read.
        let mut tx = app.db.write().await?;
        view.contact = petitions::contact(&mut tx, id).await?;
        record::audit_only(
            &mut tx,
            ctx,
            now(),
            &Change {
                action: "contact_read",
                target_kind: "petition",
                target_id: Some(id.to_string()),
                unit_id: Some(view.petition.council_unit_id),
                details: serde_json::json!({ "code": view.petition.code }),
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(view)
}

#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    pub state: Option<String>,
    pub pending_only: bool,
    pub overdue_only: bool,
    pub event_id: Option<i64>,
    /// "Cần giám sát": rated not resolved or very overdue, and not yet followed up.
    pub supervision_only: bool,
    /// One council of those in the reader's scope (a province's office filtering by commune).
    pub council_id: Option<i64>,
}

/// The councils whose petitions a queue shows: the office's council and, for a province's
/// office, its communes' councils; an agency's council.
pub async fn queue_councils(
    app: &App,
    ctx: &Ctx,
) -> AppResult<Vec<caunoi_store::councils::Council>> {
    let mut tx = app.db.read().await?;
    scope(&mut tx, ctx).await
}

async fn scope(tx: &mut Tx, ctx: &Ctx) -> AppResult<Vec<caunoi_store::councils::Council>> {
    let office = ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere);
    let council = match ctx
        .actor
        .unit_for(Action::ProcessPetitions.roles())
        .or(ctx.actor.unit_for(&[Role::Agency]))
    {
        Some(code) => caunoi_store::councils::find_by_unit_code(tx, code.as_str()).await?,
        None => caunoi_store::councils::primary(tx).await?,
    };
    let Some(council) = council else {
        return Ok(Vec::new());
    };
    let mut all = vec![council.clone()];
    if office {
        let mut page = 1;
        loop {
            let kids = caunoi_store::councils::children(tx, council.id, page, 200).await?;
            all.extend(kids.items.iter().cloned());
            if page >= kids.pages() {
                break;
            }
            page += 1;
        }
    }
    Ok(all)
}

/// The office's queue (its councils' petitions, a province's with its communes') or an
/// agency responder's (those forwarded to any agency they answer for).
pub async fn queue(
    app: &App,
    ctx: &Ctx,
    q: &QueueQuery,
    page: i64,
) -> AppResult<Page<(Petition, Timeliness)>> {
    if !ctx.actor.may(Action::AnswerPetitions, &Target::Anywhere) {
        return Err(if ctx.actor.is_signed_in() {
            crate::accounts::deny(ctx)
        } else {
            AppError::Unauthenticated
        });
    }
    let mut tx = app.db.read().await?;
    let office = ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere);
    let councils = scope(&mut tx, ctx).await?;
    let mut council_ids: Vec<i64> = councils.iter().map(|c| c.id).collect();
    if let Some(c) = q.council_id {
        if !council_ids.contains(&c) {
            return Err(invalid(
                "council",
                "Hội đồng không có trong danh sách.",
                "Unknown council.",
            ));
        }
        council_ids = vec![c];
    }
    if council_ids.is_empty() {
        // No council at all yet: nothing to show.
        council_ids.push(-1);
    }
    let member_user_id = if office {
        None
    } else {
        Some(ctx.actor.user_id.unwrap_or(-1))
    };
    let state = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<PetitionState>()
                .map_err(|_| {
                    invalid(
                        "state",
                        "Trạng thái không có trong danh sách.",
                        "Unknown state.",
                    )
                })?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let today = crate::registry::today();
    let cal = work_calendar(&mut tx).await?;
    if q.supervision_only {
        // Agencies do not supervise: the list is the office's.
        if !office {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
                page: page.max(1),
                per_page: 50,
            });
        }
        // The database decides and pages; the calendar enters as dates (see
        // `very_overdue_before`), so the list stays one statement however many petitions.
        let sq = caunoi_store::petition_followup::SupervisionQuery {
            council_ids,
            state,
            very_overdue_before: caunoi_domain::petition_followup::very_overdue_before(
                &cal,
                today,
                caunoi_domain::petition_followup::MAX_VERY_OVERDUE_AFTER,
            ),
            default_very_overdue_after: super::VERY_OVERDUE_AFTER,
        };
        let list =
            caunoi_store::petition_followup::needing_supervision(&mut tx, &sq, page, 50).await?;
        return Ok(Page {
            items: list
                .items
                .into_iter()
                .map(|p| {
                    let t = timeliness(&p, &cal);
                    (p, t)
                })
                .collect(),
            total: list.total,
            page: list.page,
            per_page: list.per_page,
        });
    }
    let filter = petitions::Filter {
        council_ids,
        member_user_id,
        state,
        pending_only: q.pending_only,
        due_before: q.overdue_only.then_some(today),
        event_id: q.event_id,
        ..petitions::Filter::default()
    };
    let list = petitions::list(&mut tx, &filter, page, 50).await?;
    Ok(Page {
        items: list
            .items
            .into_iter()
            .map(|p| {
                let t = timeliness(&p, &cal);
                (p, t)
            })
            .collect(),
        total: list.total,
        page: list.page,
        per_page: list.per_page,
    })
}
