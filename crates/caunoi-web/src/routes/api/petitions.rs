//! `/api/v1/petitions`: the public record of voters' petitions (never personal data, nor the
//! tracking code), online submission with the form's anti-abuse rules, and the office's and
//! agencies' actions with a bearer token.

use super::ApiJson;
use super::petitions_followup::{
    ExtensionDto, FollowupDto, PublicExtensionDto, public_parts, staff_parts,
};
use super::registry::{app_error, base, instant, number, pages, path_id, query};
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use caunoi_app::AppError;
use caunoi_app::petitions::{self, ActInput, OnlineInput, PhotoUpload, PublicQuery, SubmitMeta};
use caunoi_domain::petition::{PetitionAction, PetitionState, Timeliness, action_label_vi};
use caunoi_store::petitions::{Field, Petition, Transition};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A JSON petition with three 5 MB photos in base64 (4 characters per 3 bytes) and its text.
pub(crate) const SUBMIT_LIMIT: usize = 21 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, submit))
        .layer(axum::extract::DefaultBodyLimit::max(SUBMIT_LIMIT))
        .routes(routes!(show))
        .routes(routes!(act))
        .routes(routes!(staff))
}

/// The public page of a petition (site-relative).
pub fn petition_path(id: i64) -> String {
    format!("/kien-nghi/{id}")
}

/// Where a submitter follows their petition with its code (site-relative).
pub fn track_path(code: &str) -> String {
    format!("/kien-nghi/theo-doi?ma={code}")
}

pub(crate) fn state_label(state: &str) -> String {
    state
        .parse::<PetitionState>()
        .map(|s| s.label_vi().to_owned())
        .unwrap_or_else(|_| state.to_owned())
}

pub(crate) fn timeliness_str(t: Timeliness) -> &'static str {
    match t {
        Timeliness::NoDeadline => "no_deadline",
        Timeliness::OnTime => "on_time",
        Timeliness::AnsweredLate => "answered_late",
        Timeliness::Overdue => "overdue",
        Timeliness::VeryOverdue => "very_overdue",
    }
}

/// The Vietnamese label of an answer's kind.
pub(crate) fn answer_kind_label(kind: &str) -> &str {
    match kind {
        "resolved" => "Đã giải quyết",
        "in_progress" => "Đang giải quyết",
        "not_competent" => "Không thuộc thẩm quyền",
        other => other,
    }
}

fn field_slug(fields: &[Field], id: Option<i64>) -> Option<String> {
    id.and_then(|id| fields.iter().find(|f| f.id == id))
        .map(|f| f.slug.clone())
}

/// One petition as the public sees it.
#[derive(Serialize, ToSchema)]
pub struct PetitionItem {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// Field slug (filter `field=`), null when not classified yet.
    pub field: Option<String>,
    pub field_name: Option<String>,
    /// The commune (xã, phường) concerned.
    pub commune: Option<String>,
    /// Where the matter is (street, hamlet), as the petitioner wrote it.
    pub place: Option<String>,
    /// `online` or `voter_meeting`.
    pub channel: String,
    /// Voters who raised it (more after merging duplicates).
    pub voters: i64,
    /// How many times the matter was raised: 1 + the petitions merged into this one.
    pub times_raised: i64,
    /// received, classified, forwarded, answered, published, closed, reopened or merged.
    pub state: String,
    pub state_label: String,
    /// no_deadline, on_time, answered_late, overdue or very_overdue.
    pub timeliness: String,
    pub timeliness_label: String,
    /// Id of the answering agency (filter `agency=`).
    pub agency: Option<i64>,
    pub agency_name: Option<String>,
    /// ISO date by which the agency must answer.
    pub deadline: Option<String>,
    /// RFC 3339, Vietnam time.
    pub received_at: String,
    /// The petitioner's name, only when they chose to show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_name: Option<String>,
    /// Absolute URL of its page.
    pub url: String,
}

fn item(
    base: &str,
    fields: &[Field],
    p: &Petition,
    t: Timeliness,
    times_raised: i64,
) -> PetitionItem {
    PetitionItem {
        id: p.id,
        title: p.title.clone(),
        body: p.body.clone(),
        field: field_slug(fields, p.field_id),
        field_name: p.field_name.clone(),
        commune: p.unit_name.clone(),
        place: p.place.clone(),
        channel: p.channel.clone(),
        voters: p.voters,
        times_raised,
        state_label: state_label(&p.state),
        state: p.state.clone(),
        timeliness: timeliness_str(t).to_owned(),
        timeliness_label: t.label_vi().to_owned(),
        agency: p.agency_id,
        agency_name: p.agency_name.clone(),
        deadline: p.deadline.map(|d| d.to_string()),
        received_at: instant(p.received_at),
        public_name: p.public_name.clone(),
        url: format!("{base}{}", petition_path(p.id)),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PetitionPage {
    pub items: Vec<PetitionItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct PetitionsQuery {
    /// Words of the title, with or without accents.
    pub q: Option<String>,
    /// Field slug, e.g. `giao-thong`.
    pub field: Option<String>,
    /// Agency id.
    pub agency: Option<String>,
    /// A state, e.g. `forwarded`.
    pub state: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// The use case names the site's query parameters; the API's are in English.
fn rename_fields(mut e: ApiError) -> ApiError {
    for f in &mut e.problem.errors {
        f.field = match f.field.as_str() {
            "linh_vuc" => "field".into(),
            "trang_thai" => "state".into(),
            other => other.to_owned(),
        };
    }
    e
}

/// Moderated petitions of the site's council, newest first.
#[utoipa::path(get, path = "/api/v1/petitions", tag = "petitions", params(PetitionsQuery),
    responses((status = 200, body = PetitionPage), (status = 422, body = Problem)))]
async fn list(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<PetitionsQuery>, QueryRejection>,
) -> Result<Json<PetitionPage>, ApiError> {
    let q = query(&v, q)?;
    let (page, per_page) = pages(&v, &q.page, &q.per_page)?;
    let pq = PublicQuery {
        q: q.q.clone(),
        field: q.field.clone(),
        agency: number(&v, "agency", q.agency.as_deref())?,
        state: q.state.clone(),
    };
    let l = petitions::list(&state.app, &pq, page, per_page)
        .await
        .map_err(|e| rename_fields(ApiError::from_app(e, &v)))?;
    let base = base(&state);
    Ok(Json(PetitionPage {
        total: l.items.total,
        page: l.items.page,
        per_page: l.items.per_page,
        items: l
            .items
            .items
            .iter()
            .map(|x| item(base, &l.fields, &x.petition, x.timeliness, x.times_raised))
            .collect(),
    }))
}

/// A step of a petition's timeline.
#[derive(Serialize, ToSchema)]
pub struct StepDto {
    /// submit, record, classify, forward, answer, publish, close, reopen, merge, absorb…
    pub action: String,
    pub action_label: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub to_state_label: String,
    /// The field, the agency and deadline, or the reason, as the step recorded it.
    pub note: String,
    /// RFC 3339, Vietnam time.
    pub at: String,
}

fn action_label(action: &str) -> String {
    match action.parse::<PetitionAction>() {
        Ok(a) => action_label_vi(a).to_owned(),
        Err(()) => match action {
            "submit" => "gửi trực tuyến",
            "record" => "ghi nhận tại tiếp xúc cử tri",
            "absorb" => "gộp kiến nghị trùng vào đây",
            "approve" => "duyệt",
            "spam" => "đánh dấu thư rác",
            other => other,
        }
        .to_owned(),
    }
}

fn step(t: &Transition) -> StepDto {
    StepDto {
        action_label: action_label(&t.action),
        action: t.action.clone(),
        from_state: t.from_state.clone(),
        to_state_label: state_label(&t.to_state),
        to_state: t.to_state.clone(),
        note: t.note.clone(),
        at: instant(t.at),
    }
}

/// A step as the public reads it: a merge's note names the other petition by its tracking code,
/// which is the petitioner's alone; `merged_into` links the group instead.
fn public_step(t: &Transition) -> StepDto {
    let mut s = step(t);
    if matches!(t.action.as_str(), "merge" | "absorb") {
        s.note = String::new();
    }
    s
}

#[derive(Serialize, ToSchema)]
pub struct PetitionRef {
    pub id: i64,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct PetitionDetail {
    #[serde(flatten)]
    pub petition: PetitionItem,
    /// The agency's answer, once the office has published it.
    pub answer: Option<String>,
    /// resolved, in_progress or not_competent (with the answer).
    pub answer_kind: Option<String>,
    pub answer_kind_label: Option<String>,
    /// ISO date the agency answered (with the answer).
    pub answered_on: Option<String>,
    /// ISO date the agency promised (in_progress).
    pub promised_on: Option<String>,
    /// The public timeline, oldest first (who acted is not published).
    pub timeline: Vec<StepDto>,
    /// The petition this one was merged into.
    pub merged_into: Option<PetitionRef>,
    /// Extensions the council granted, oldest first.
    pub extensions: Vec<PublicExtensionDto>,
    /// The council's follow-ups (re-forwarding, question time, supervision), oldest first.
    pub followups: Vec<FollowupDto>,
    /// The group of near-duplicate petitions this one belongs to (as lead or member), answered
    /// once; absent when it stands alone.
    pub group: Option<GroupDto>,
    /// The citizen's photos (re-encoded, without location data), in their order.
    pub photos: Vec<PhotoDto>,
}

/// A photo on a petition: absolute URLs of its two sizes.
#[derive(Serialize, ToSchema)]
pub struct PhotoDto {
    /// Up to 1280 px wide.
    pub url: String,
    /// For phones.
    pub phone_url: String,
    pub width: i64,
    pub height: i64,
}

/// Petitions raising the same matter, answered once through the lead (no personal data).
#[derive(Serialize, ToSchema)]
pub struct GroupDto {
    /// Voters behind the matter (the lead's count, which each merge added to).
    pub voters: i64,
    /// How many times the matter was raised: the petitions in the group.
    pub petitions: i64,
    pub lead: PetitionRef,
    /// The petitions merged into the lead, oldest first.
    pub members: Vec<PetitionRef>,
}

/// One public petition with its timeline and, once published, the answer.
#[utoipa::path(get, path = "/api/v1/petitions/{id}", tag = "petitions",
    params(("id" = i64, Path, description = "Petition id")),
    responses((status = 200, body = PetitionDetail), (status = 404, body = Problem)))]
async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Json<PetitionDetail>, ApiError> {
    let id = path_id(&v, &id, "petition")?;
    let p = petitions::page(&state.app, id)
        .await
        .map_err(app_error(&v))?;
    let fields = site_fields(&state, &v).await?;
    let history = petitions::public_history(&state.app, id)
        .await
        .map_err(app_error(&v))?;
    let (extensions, followups) = public_parts(&history);
    let base = base(&state);
    // The answer's particulars are public with the answer, not before.
    let published = p.petition.answer.is_some();
    let a = &p.petition;
    let (group, times_raised) = group_of(&state, &v, id).await?;
    let photos = petitions::public_photos(&state.app, id)
        .await
        .map_err(app_error(&v))?
        .into_iter()
        .map(|ph| PhotoDto {
            url: format!("{base}/kien-nghi/anh/{}/desktop", ph.id),
            phone_url: format!("{base}/kien-nghi/anh/{}/phone", ph.id),
            width: ph.width,
            height: ph.height,
        })
        .collect();
    Ok(Json(PetitionDetail {
        photos,
        answer: a.answer.clone(),
        answer_kind: a.answer_kind.clone().filter(|_| published),
        answer_kind_label: a
            .answer_kind
            .as_deref()
            .filter(|_| published)
            .map(|k| answer_kind_label(k).to_owned()),
        answered_on: a.answered_on.filter(|_| published).map(|d| d.to_string()),
        promised_on: a.promised_on.filter(|_| published).map(|d| d.to_string()),
        timeline: p.timeline.iter().map(public_step).collect(),
        merged_into: p.merged_into.as_ref().map(|m| PetitionRef {
            id: m.id,
            title: m.title.clone(),
            url: format!("{base}{}", petition_path(m.id)),
        }),
        extensions,
        followups,
        group: group.map(|g| {
            let r = |m: &caunoi_store::petition_groups::Member| PetitionRef {
                id: m.id,
                title: m.title.clone(),
                url: format!("{base}{}", petition_path(m.id)),
            };
            GroupDto {
                voters: g.voters,
                petitions: g.petitions,
                lead: r(&g.lead),
                members: g.members.iter().map(r).collect(),
            }
        }),
        petition: item(base, &fields, a, p.timeliness, times_raised),
    }))
}

/// The group petition `id` belongs to, and how many times its matter was raised (the group's
/// petitions for its lead, 1 otherwise).
async fn group_of(
    state: &AppState,
    v: &Viewer,
    id: i64,
) -> Result<(Option<caunoi_app::petitions::groups::PublicGroup>, i64), ApiError> {
    let group = caunoi_app::petitions::groups::public_group(&state.app, id)
        .await
        .map_err(app_error(v))?;
    let times = group
        .as_ref()
        .filter(|g| g.lead.id == id)
        .map_or(1, |g| g.petitions);
    Ok((group, times))
}

/// The fields of the site's council (to name a petition's field by its slug).
async fn site_fields(state: &AppState, v: &Viewer) -> Result<Vec<Field>, ApiError> {
    Ok(petitions::list(&state.app, &PublicQuery::default(), 1, 1)
        .await
        .map_err(app_error(v))?
        .fields)
}

/// An online petition, as the site's form sends it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPetition {
    /// 10 to 200 characters.
    pub title: String,
    /// 30 to 10,000 characters.
    pub body: String,
    /// Field slug.
    #[serde(default)]
    pub field: String,
    /// The commune: its code, or its name with or without accents.
    #[serde(default)]
    pub commune: String,
    /// Where the matter is (shown publicly).
    #[serde(default)]
    pub place: String,
    /// The petitioner's full name (never public unless `show_name`).
    pub name: String,
    /// E-mail or phone: at least one.
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// The petitioner's address (never public).
    #[serde(default)]
    pub address: String,
    /// Show the name with the petition.
    #[serde(default)]
    pub show_name: bool,
    /// Consent to the processing of personal data (Law 91/2025/QH15): must be true.
    #[serde(default)]
    pub consent: bool,
    /// Must be empty (machines fill it).
    #[serde(default)]
    pub website: String,
    /// Up to 3 photos, checked and re-encoded like the form's (location and camera data are
    /// removed); public once the petition is approved. A refusal names `photos[0]`, `photos[1]`…
    #[serde(default)]
    #[schema(max_items = 3)]
    pub photos: Vec<NewPetitionPhoto>,
}

/// A photo sent with a petition.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPetitionPhoto {
    /// `image/jpeg`, `image/png` or `image/webp` (the bytes decide what the image really is).
    #[schema(example = "image/jpeg")]
    pub content_type: String,
    /// The image file in base64 (RFC 4648, a `data:` URI is accepted too); at most 5 MB decoded.
    #[schema(format = Byte)]
    pub data: String,
}

#[derive(Serialize, ToSchema)]
pub struct SubmittedDto {
    pub id: i64,
    /// The tracking code: given once, to the petitioner only.
    pub code: String,
    /// Absolute URL where the petitioner follows the petition.
    pub track_url: String,
}

/// Sends a petition to the site's council, with up to 3 photos. It becomes public once the
/// office approves it; the tracking code in the answer is shown only here. An anonymous sender
/// over the hourly limit gets 429 before the photos are looked at.
#[utoipa::path(post, path = "/api/v1/petitions", tag = "petitions", request_body = NewPetition,
    responses((status = 201, body = SubmittedDto), (status = 413, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
async fn submit(
    State(state): State<AppState>,
    v: Viewer,
    body: Result<ApiJson<NewPetition>, ApiError>,
) -> Result<(StatusCode, Json<SubmittedDto>), ApiError> {
    let ApiJson(b) = body.map_err(|mut e| {
        // Here the body is large because of its photos: say so, with the limits.
        if e.status == StatusCode::PAYLOAD_TOO_LARGE {
            e.problem.errors = Vec::new();
            e = e.field(
                "photos",
                "Tối đa 3 ảnh, mỗi ảnh không quá 5 MB trước khi mã hóa base64 (at most 3 photos of 5 MB each before base64).",
            );
        }
        e
    })?;
    let on = |yes: bool| yes.then(|| "on".to_owned());
    let input = OnlineInput {
        title: b.title,
        body: b.body,
        field: b.field,
        commune: b.commune,
        place: b.place,
        name: b.name,
        email: b.email,
        phone: b.phone,
        address: b.address,
        show_name: on(b.show_name),
        consent: on(b.consent),
        website: b.website,
    };
    // An API client has no form on screen: there is no fill time to measure.
    let meta = SubmitMeta {
        ip: v.ctx.ip.clone(),
        fill_seconds: None,
    };
    let photos = b
        .photos
        .into_iter()
        .map(|p| PhotoUpload::Base64 {
            content_type: p.content_type,
            data: p.data,
        })
        .collect();
    let s = petitions::submit_online_with_photos(&state.app, &v.ctx, &input, &meta, photos)
        .await
        .map_err(app_error(&v))?;
    Ok((
        StatusCode::CREATED,
        Json(SubmittedDto {
            track_url: format!("{}{}", base(&state), track_path(&s.code)),
            id: s.id,
            code: s.code,
        }),
    ))
}

pub(super) fn reject_bad_token(v: &Viewer) -> Result<(), ApiError> {
    if v.bad_token {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Mã truy cập API không hợp lệ hoặc đã bị thu hồi",
            None,
            v.request_id(),
        )
        .field("authorization", "Tạo mã mới tại /quan-tri/tai-khoan."));
    }
    Ok(())
}

/// One action on a petition; each action reads the parts it needs.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActBody {
    /// classify, forward, answer, publish, close, reopen, merge or reject.
    pub action: String,
    /// Field slug (classify).
    pub field: Option<String>,
    /// Agency id (forward).
    pub agency: Option<i64>,
    /// Working days to answer (forward); the council's rule when absent.
    pub days: Option<u32>,
    /// The answer (answer).
    pub answer: Option<String>,
    /// resolved, in_progress (with promised_on) or not_competent (with reason).
    pub answer_kind: Option<String>,
    /// ISO date (in_progress).
    pub promised_on: Option<String>,
    /// Why (reject, reopen, not_competent).
    pub reason: Option<String>,
    /// Tracking code of the petition this one joins (merge).
    pub into: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ActedDto {
    pub id: i64,
    /// The state after the action.
    pub state: String,
    pub state_label: String,
}

/// Moves a petition (the council's office; an agency answers what was forwarded to it).
#[utoipa::path(post, path = "/api/v1/petitions/{id}/actions", tag = "petitions", request_body = ActBody,
    params(("id" = i64, Path, description = "Petition id")),
    responses((status = 200, body = ActedDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn act(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ActBody>,
) -> Result<Json<ActedDto>, ApiError> {
    reject_bad_token(&v)?;
    // Without a token or session the answer is "sign in", before anything is looked up.
    if !v.signed_in() {
        return Err(ApiError::from_app(AppError::Unauthenticated, &v));
    }
    let id = path_id(&v, &id, "petition")?;
    let input = ActInput {
        action: b.action,
        field: b.field.unwrap_or_default(),
        agency: b.agency.map(|a| a.to_string()).unwrap_or_default(),
        days: b.days.map(|d| d.to_string()).unwrap_or_default(),
        answer: b.answer.unwrap_or_default(),
        answer_kind: b.answer_kind.unwrap_or_default(),
        promised_on: b.promised_on.unwrap_or_default(),
        reason: b.reason.unwrap_or_default(),
        into: b.into.unwrap_or_default(),
    };
    let next = petitions::act(&state.app, &v.ctx, id, &input)
        .await
        .map_err(app_error(&v))?;
    Ok(Json(ActedDto {
        id,
        state: next.as_str().to_owned(),
        state_label: next.label_vi().to_owned(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct StaffStepDto {
    #[serde(flatten)]
    pub step: StepDto,
    /// Who acted (the account's label).
    pub actor: String,
    /// False for the office's own notes (moderation).
    pub public: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ActionDto {
    pub action: String,
    pub label: String,
}

#[derive(Serialize, ToSchema)]
pub struct FieldDto {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct AgencyDto {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct StaffPetition {
    #[serde(flatten)]
    pub petition: PetitionItem,
    /// The tracking code (staff only).
    pub code: String,
    /// pending, approved or spam.
    pub moderation: String,
    pub answer: Option<String>,
    pub answer_kind: Option<String>,
    pub answered_on: Option<String>,
    pub promised_on: Option<String>,
    /// ISO date it was forwarded.
    pub forwarded_on: Option<String>,
    pub reason: Option<String>,
    /// Id of the petition this one was merged into.
    pub merged_into: Option<i64>,
    /// The whole timeline with the office's notes.
    pub timeline: Vec<StaffStepDto>,
    /// What the caller may do now (`POST …/actions`).
    pub actions: Vec<ActionDto>,
    /// Choices for classify and forward.
    pub fields: Vec<FieldDto>,
    pub agencies: Vec<AgencyDto>,
    /// Every extension request with who asked, why and the decision, oldest first.
    pub extensions: Vec<ExtensionDto>,
    /// The council's follow-ups with who recorded them, oldest first.
    pub followups: Vec<FollowupDto>,
}

/// A petition as the office or its agency sees it (without the petitioner's contact).
#[utoipa::path(get, path = "/api/v1/petitions/{id}/staff", tag = "petitions",
    params(("id" = i64, Path, description = "Petition id")),
    responses((status = 200, body = StaffPetition), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn staff(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Json<StaffPetition>, ApiError> {
    reject_bad_token(&v)?;
    let id = path_id(&v, &id, "petition")?;
    let s = petitions::staff_view(&state.app, &v.ctx, id, false)
        .await
        .map_err(app_error(&v))?;
    let history = petitions::history(&state.app, &v.ctx, id)
        .await
        .map_err(app_error(&v))?;
    let (extensions, followups) = staff_parts(&history);
    let (_, times_raised) = group_of(&state, &v, id).await?;
    let base = base(&state);
    let p = &s.petition;
    Ok(Json(StaffPetition {
        code: p.code.clone(),
        moderation: p.moderation.clone(),
        answer: p.answer.clone(),
        answer_kind: p.answer_kind.clone(),
        answered_on: p.answered_on.map(|d| d.to_string()),
        promised_on: p.promised_on.map(|d| d.to_string()),
        forwarded_on: p.forwarded_on.map(|d| d.to_string()),
        reason: p.reason.clone(),
        merged_into: p.merged_into,
        timeline: s
            .timeline
            .iter()
            .map(|t| StaffStepDto {
                step: step(t),
                actor: t.actor_label.clone(),
                public: t.public,
            })
            .collect(),
        actions: s
            .actions
            .iter()
            .map(|a| ActionDto {
                action: a.as_str().to_owned(),
                label: action_label_vi(*a).to_owned(),
            })
            .collect(),
        fields: s
            .fields
            .iter()
            .map(|f| FieldDto {
                slug: f.slug.clone(),
                name: f.name.clone(),
            })
            .collect(),
        agencies: s
            .agencies
            .iter()
            .map(|a| AgencyDto {
                id: a.id,
                name: a.name.clone(),
            })
            .collect(),
        extensions,
        followups,
        petition: item(base, &s.fields, p, s.timeliness, times_raised),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_and_action_has_a_vietnamese_label() {
        for s in PetitionState::ALL {
            assert_ne!(state_label(s.as_str()), s.as_str());
        }
        for a in PetitionAction::ALL {
            assert_ne!(action_label(a.as_str()), a.as_str());
        }
        for a in ["submit", "record", "absorb", "approve", "spam"] {
            assert_ne!(action_label(a), a);
        }
    }
}
