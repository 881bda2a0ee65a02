//! `/api/v1/petitions/…` after forwarding: an agency asks for more time, the office decides,
//! the office records a follow-up, and the council admin reads and sets the deadline rules.
//! The same use cases as the workspace pages; errors are problem+json naming the field.

use super::ApiJson;
use super::petitions::reject_bad_token;
use super::registry::{app_error, instant, path_id};
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use caunoi_app::AppError;
use caunoi_app::petitions::{
    self, DecisionInput, ExtensionInput, FollowupHistory, FollowupInput, PublicHistory, RuleInput,
};
use caunoi_domain::petition_followup::FollowupKind;
use caunoi_store::petition_followup::{Extension, Followup};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_extension))
        .routes(routes!(decide_extension))
        .routes(routes!(follow_up))
        .routes(routes!(rules, set_rule))
}

fn extension_state_label(state: &str) -> &str {
    match state {
        "pending" => "Đang chờ quyết định",
        "granted" => "Đã đồng ý",
        "declined" => "Không đồng ý",
        "lapsed" => "Không còn hiệu lực",
        other => other,
    }
}

fn followup_kind_label(kind: &str) -> String {
    FollowupKind::parse(kind)
        .map(|k| k.label_vi().to_owned())
        .unwrap_or_else(|| kind.to_owned())
}

/// An extension request as the office and the agency see it.
#[derive(Serialize, ToSchema)]
pub struct ExtensionDto {
    pub id: i64,
    /// pending, granted, declined or lapsed (the petition left the agency first).
    pub state: String,
    pub state_label: String,
    /// The agency's reason.
    pub reason: String,
    /// ISO dates: the deadline when asked and the one asked for.
    pub old_deadline: String,
    pub new_deadline: String,
    /// Id of the asking agency.
    pub agency: Option<i64>,
    /// Who asked and who decided (accounts' labels).
    pub requested_by: String,
    /// RFC 3339, Vietnam time.
    pub requested_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// The office's note (always given with a decline).
    pub decision_note: Option<String>,
}

pub(crate) fn extension_dto(e: &Extension) -> ExtensionDto {
    ExtensionDto {
        id: e.id,
        state_label: extension_state_label(&e.state).to_owned(),
        state: e.state.clone(),
        reason: e.reason.clone(),
        old_deadline: e.old_deadline.to_string(),
        new_deadline: e.new_deadline.to_string(),
        agency: e.agency_id,
        requested_by: e.requested_by.clone(),
        requested_at: instant(e.requested_at),
        decided_by: e.decided_by.clone(),
        decided_at: e.decided_at.map(instant),
        decision_note: e.decision_note.clone(),
    }
}

/// A granted extension as the public reads it: the deadline moved, nothing about who asked or why.
#[derive(Serialize, ToSchema)]
pub struct PublicExtensionDto {
    /// ISO dates: the deadline before and after.
    pub old_deadline: String,
    pub new_deadline: String,
    /// RFC 3339, Vietnam time.
    pub granted_at: Option<String>,
}

/// A follow-up of the council (staff view; the public one has no `actor`).
#[derive(Serialize, ToSchema)]
pub struct FollowupDto {
    pub id: i64,
    /// reforward, question_time or supervision.
    pub kind: String,
    pub kind_label: String,
    pub note: String,
    /// Re-forward: the agency and the new ISO deadline.
    pub agency: Option<i64>,
    pub agency_name: Option<String>,
    pub deadline: Option<String>,
    /// Question time or supervision: the event, and optionally the question record.
    pub event: Option<i64>,
    pub event_title: Option<String>,
    pub question: Option<i64>,
    /// Who recorded it (staff view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// RFC 3339, Vietnam time.
    pub at: String,
}

pub(crate) fn followup_dto(f: &Followup, staff: bool) -> FollowupDto {
    FollowupDto {
        id: f.id,
        kind_label: followup_kind_label(&f.kind),
        kind: f.kind.clone(),
        note: f.note.clone(),
        agency: f.agency_id,
        agency_name: f.agency_name.clone(),
        deadline: f.deadline.map(|d| d.to_string()),
        event: f.event_id,
        event_title: f.event_title.clone(),
        question: f.question_id,
        actor: staff.then(|| f.actor_label.clone()),
        at: instant(f.at),
    }
}

/// The public parts of a petition's follow-up (for `GET /api/v1/petitions/{id}`).
pub(crate) fn public_parts(h: &PublicHistory) -> (Vec<PublicExtensionDto>, Vec<FollowupDto>) {
    (
        h.extensions
            .iter()
            .map(|e| PublicExtensionDto {
                old_deadline: e.old_deadline.to_string(),
                new_deadline: e.new_deadline.to_string(),
                granted_at: e.decided_at.map(instant),
            })
            .collect(),
        h.followups.iter().map(|f| followup_dto(f, false)).collect(),
    )
}

/// The staff parts (for `GET /api/v1/petitions/{id}/staff`).
pub(crate) fn staff_parts(h: &FollowupHistory) -> (Vec<ExtensionDto>, Vec<FollowupDto>) {
    (
        h.extensions.iter().map(extension_dto).collect(),
        h.followups.iter().map(|f| followup_dto(f, true)).collect(),
    )
}

/// Without a token or session the answer is "sign in", before anything is looked up.
fn signed_in(v: &Viewer) -> Result<(), ApiError> {
    reject_bad_token(v)?;
    if !v.signed_in() {
        return Err(ApiError::from_app(AppError::Unauthenticated, v));
    }
    Ok(())
}

/// An agency's request for more time.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionBody {
    /// 10 to 2,000 characters: why more time is needed.
    pub reason: String,
    /// The new deadline, ISO date (a working day after the current one); or
    pub new_deadline: Option<String>,
    /// working days added to the current deadline.
    pub extra_days: Option<i64>,
}

/// Asks for more time on a petition forwarded to the caller's agency (one pending request at
/// a time); the council's office decides.
#[utoipa::path(post, path = "/api/v1/petitions/{id}/extensions", tag = "petitions",
    request_body = ExtensionBody,
    params(("id" = i64, Path, description = "Petition id")),
    responses((status = 201, body = ExtensionDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn request_extension(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ExtensionBody>,
) -> Result<(StatusCode, Json<ExtensionDto>), ApiError> {
    signed_in(&v)?;
    let id = path_id(&v, &id, "petition")?;
    let input = ExtensionInput {
        reason: b.reason,
        new_deadline: b.new_deadline.unwrap_or_default(),
        extra_days: b.extra_days.map(|d| d.to_string()).unwrap_or_default(),
    };
    let ext = petitions::request_extension(&state.app, &v.ctx, id, &input)
        .await
        .map_err(app_error(&v))?;
    let h = petitions::history(&state.app, &v.ctx, id)
        .await
        .map_err(app_error(&v))?;
    let e = h
        .extensions
        .iter()
        .find(|e| e.id == ext)
        .ok_or_else(|| ApiError::from_app(AppError::NotFound("extension"), &v))?;
    Ok((StatusCode::CREATED, Json(extension_dto(e))))
}

/// The office's decision on the pending request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// grant or decline.
    pub decision: String,
    /// Required to decline (at least 5 characters): the agency reads it.
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionDto {
    pub granted: bool,
    /// The request as decided.
    pub extension: ExtensionDto,
}

/// Grants (the deadline moves, publicly, and the petitioner is told) or declines the pending
/// extension request (the council's office).
#[utoipa::path(post, path = "/api/v1/petitions/{id}/extensions/decision", tag = "petitions",
    request_body = DecisionBody,
    params(("id" = i64, Path, description = "Petition id")),
    responses((status = 200, body = DecisionDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn decide_extension(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<Json<DecisionDto>, ApiError> {
    signed_in(&v)?;
    let id = path_id(&v, &id, "petition")?;
    let input = DecisionInput {
        decision: b.decision,
        note: b.note.unwrap_or_default(),
    };
    let granted = petitions::decide_extension(&state.app, &v.ctx, id, &input)
        .await
        .map_err(app_error(&v))?;
    let h = petitions::history(&state.app, &v.ctx, id)
        .await
        .map_err(app_error(&v))?;
    // The decided request is the latest one that is no longer pending.
    let e = h
        .extensions
        .iter()
        .rev()
        .find(|e| e.state == if granted { "granted" } else { "declined" })
        .ok_or_else(|| ApiError::from_app(AppError::NotFound("extension"), &v))?;
    Ok(Json(DecisionDto {
        granted,
        extension: extension_dto(e),
    }))
}

/// A follow-up of an answered or overdue petition.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowupBody {
    /// reforward, question_time or supervision.
    pub kind: String,
    /// 5 to 2,000 characters: why, and what is asked (public).
    pub note: String,
    /// reforward: the agency id.
    pub agency: Option<i64>,
    /// reforward: working days to answer; the council's rule when absent.
    pub days: Option<i64>,
    /// question_time or supervision: the event id (of that kind).
    pub event: Option<i64>,
    /// question_time: optionally a question record of that event.
    pub question: Option<i64>,
}

/// Records the council's follow-up (the council's office): re-forwarding starts a new deadline;
/// question time and supervision take the petition off the "needs supervision" list. The
/// petitioner is told.
#[utoipa::path(post, path = "/api/v1/petitions/{id}/followups", tag = "petitions",
    request_body = FollowupBody,
    params(("id" = i64, Path, description = "Petition id")),
    responses((status = 201, body = FollowupDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn follow_up(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<FollowupBody>,
) -> Result<(StatusCode, Json<FollowupDto>), ApiError> {
    signed_in(&v)?;
    let id = path_id(&v, &id, "petition")?;
    let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let input = FollowupInput {
        kind: b.kind,
        note: b.note,
        agency: text(b.agency),
        days: text(b.days),
        event: text(b.event),
        question: text(b.question),
    };
    let fid = petitions::follow_up(&state.app, &v.ctx, id, &input)
        .await
        .map_err(app_error(&v))?;
    let h = petitions::history(&state.app, &v.ctx, id)
        .await
        .map_err(app_error(&v))?;
    let f = h
        .followups
        .iter()
        .find(|f| f.id == fid)
        .ok_or_else(|| ApiError::from_app(AppError::NotFound("followup"), &v))?;
    Ok((StatusCode::CREATED, Json(followup_dto(f, true))))
}

#[derive(Serialize, ToSchema)]
pub struct RuleDto {
    /// Working days an agency has to answer.
    pub answer_days: i64,
    /// Working days past the deadline after which an unanswered petition is very overdue.
    pub very_overdue_after: i64,
}

#[derive(Serialize, ToSchema)]
pub struct FieldRuleDto {
    /// Field slug.
    pub field: String,
    pub name: String,
    /// The field's own rule; null when it follows the council's.
    pub rule: Option<RuleDto>,
}

#[derive(Serialize, ToSchema)]
pub struct RulesDto {
    /// The council whose rules these are (the caller's).
    pub council: String,
    pub council_name: String,
    /// The council's rule (the built-in one when it set none).
    pub rule: RuleDto,
    /// False while the built-in rule applies.
    pub rule_set: bool,
    pub fields: Vec<FieldRuleDto>,
}

async fn rules_dto(state: &AppState, v: &Viewer) -> Result<RulesDto, ApiError> {
    let r = petitions::deadline_rules(&state.app, &v.ctx)
        .await
        .map_err(app_error(v))?;
    let dto = |r: &caunoi_domain::petition_followup::DeadlineRule| RuleDto {
        answer_days: r.answer_days,
        very_overdue_after: r.very_overdue_after,
    };
    Ok(RulesDto {
        council: r.council.unit_code.clone(),
        council_name: r.council.name.clone(),
        rule: dto(&r.council_rule),
        rule_set: r.council_rule_set,
        fields: r
            .fields
            .iter()
            .map(|(f, rule)| FieldRuleDto {
                field: f.slug.clone(),
                name: f.name.clone(),
                rule: rule.as_ref().map(dto),
            })
            .collect(),
    })
}

/// The deadline rules of the caller's council and of its fields (the council's admin).
#[utoipa::path(get, path = "/api/v1/petitions/deadline-rules", tag = "petitions",
    responses((status = 200, body = RulesDto), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn rules(State(state): State<AppState>, v: Viewer) -> Result<Json<RulesDto>, ApiError> {
    signed_in(&v)?;
    Ok(Json(rules_dto(&state, &v).await?))
}

/// Sets the council's rule (no `field`) or a field's own rule; `clear` removes a field's rule.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleBody {
    /// Field slug; absent for the council's rule.
    pub field: Option<String>,
    /// 1 to 120 working days.
    pub answer_days: Option<i64>,
    pub very_overdue_after: Option<i64>,
    /// True to remove the field's own rule (it then follows the council's).
    #[serde(default)]
    pub clear: bool,
}

/// Sets a deadline rule of the caller's council (the council's admin); petitions forwarded
/// afterwards follow it. Answers the rules as they now are.
#[utoipa::path(put, path = "/api/v1/petitions/deadline-rules", tag = "petitions",
    request_body = RuleBody,
    responses((status = 200, body = RulesDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn set_rule(
    State(state): State<AppState>,
    v: Viewer,
    ApiJson(b): ApiJson<RuleBody>,
) -> Result<Json<RulesDto>, ApiError> {
    signed_in(&v)?;
    let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let input = RuleInput {
        field: b.field.unwrap_or_default(),
        answer_days: text(b.answer_days),
        very_overdue_after: text(b.very_overdue_after),
        clear: if b.clear { "on".into() } else { String::new() },
    };
    petitions::set_deadline_rule(&state.app, &v.ctx, &input)
        .await
        .map_err(app_error(&v))?;
    Ok(Json(rules_dto(&state, &v).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_state_and_followup_kind_has_a_vietnamese_label() {
        for s in ["pending", "granted", "declined", "lapsed"] {
            assert_ne!(extension_state_label(s), s);
        }
        for k in ["reforward", "question_time", "supervision"] {
            assert_ne!(followup_kind_label(k), k);
        }
    }
}
