//! Petitions in the workspace: the queue of the council office or of an agency, and one
//! petition with its whole timeline, a small form per action open to the reader, moderation of
//! online submissions and the audited read of the petitioner's contact details.

use super::registry::{Errs, refused};
use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{PageParams, Pager, form_rejection, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::petitions::{self, ActInput, QueueQuery, StaffView};
use caunoi_domain::petition::{PetitionAction, PetitionState, Timeliness};
use caunoi_domain::vntime;
use caunoi_domain::{Action, Target};
use caunoi_store::petitions::Petition;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------------
// Labels shared by the petition pages

pub(crate) fn state_label(lang: Lang, state: &str) -> String {
    match state.parse::<PetitionState>() {
        Ok(s) => match lang {
            Lang::Vi => s.label_vi(),
            Lang::En => s.label_en(),
        }
        .to_owned(),
        Err(_) => state.to_owned(),
    }
}

/// The words and the badge class of a timeliness.
pub(crate) fn timeliness(lang: Lang, t: Timeliness) -> (String, &'static str) {
    let (label, class) = match t {
        Timeliness::NoDeadline => (lang.t("ws.pet.time.none"), "ws-pet-badge ws-pet-none"),
        Timeliness::OnTime => (lang.t("ws.pet.time.on_time"), "ws-pet-badge ws-pet-on-time"),
        Timeliness::AnsweredLate => (
            lang.t("ws.pet.time.answered_late"),
            "ws-pet-badge ws-pet-late",
        ),
        Timeliness::Overdue => (lang.t("ws.pet.time.overdue"), "ws-pet-badge ws-pet-overdue"),
        Timeliness::VeryOverdue => (
            lang.t("ws.pet.time.very_overdue"),
            "ws-pet-badge ws-pet-very-overdue",
        ),
    };
    (label.to_owned(), class)
}

pub(crate) fn channel_label(lang: Lang, channel: &str) -> String {
    match channel {
        "online" => lang.t("ws.pet.channel.online").to_owned(),
        "voter_meeting" => lang.t("ws.pet.channel.voter_meeting").to_owned(),
        other => other.to_owned(),
    }
}

/// What a timeline entry did, in the reader's language.
pub(crate) fn step_label(lang: Lang, action: &str) -> String {
    match action {
        "extension_requested" => lang.t("ws.fu.step.requested"),
        "extension_granted" => lang.t("ws.fu.step.granted"),
        "extension_declined" => lang.t("ws.fu.step.declined"),
        "follow_up" => lang.t("ws.fu.step.follow_up"),
        "import" => lang.t("ws.fu.step.import"),
        "submit" => lang.t("ws.pet.step.submit"),
        "record" => lang.t("ws.pet.step.record"),
        "approve" => lang.t("ws.pet.step.approve"),
        "spam" => lang.t("ws.pet.step.spam"),
        "absorb" => lang.t("ws.pet.step.absorb"),
        "classify" => lang.t("ws.pet.act.classify"),
        "forward" => lang.t("ws.pet.act.forward"),
        "answer" => lang.t("ws.pet.act.answer"),
        "publish" => lang.t("ws.pet.act.publish"),
        "close" => lang.t("ws.pet.act.close"),
        "reopen" => lang.t("ws.pet.act.reopen"),
        "merge" => lang.t("ws.pet.act.merge"),
        "reject" => lang.t("ws.pet.act.reject"),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// Who took a step: a staff account's label, or the citizen or the command line named.
fn actor_label(lang: Lang, label: &str) -> String {
    match label {
        "citizen" => lang.t("ws.pet.actor.citizen").to_owned(),
        "cli" => lang.t("ws.pet.actor.cli").to_owned(),
        other => other.to_owned(),
    }
}

fn answer_kind_label(lang: Lang, kind: &str) -> String {
    match kind {
        "resolved" => lang.t("ws.pet.kind.resolved"),
        "in_progress" => lang.t("ws.pet.kind.in_progress"),
        "not_competent" => lang.t("ws.pet.kind.not_competent"),
        other => return other.to_owned(),
    }
    .to_owned()
}

fn date(d: Option<time::Date>) -> String {
    d.map(vntime::format_date).unwrap_or_default()
}

/// One row of a petition list.
pub struct PetitionRow {
    pub href: String,
    pub code: String,
    pub title: String,
    pub field: String,
    pub commune: String,
    pub channel: String,
    pub voters: i64,
    pub state: String,
    pub pending: bool,
    pub agency: String,
    pub deadline: String,
    pub timeliness: String,
    pub badge: &'static str,
}

pub(crate) fn row(lang: Lang, p: &Petition, t: Timeliness) -> PetitionRow {
    let (timeliness, badge) = timeliness(lang, t);
    PetitionRow {
        href: format!("/quan-tri/kien-nghi/{}", p.id),
        code: p.code.clone(),
        title: p.title.clone(),
        field: p.field_name.clone().unwrap_or_default(),
        commune: p.unit_name.clone().unwrap_or_default(),
        channel: channel_label(lang, &p.channel),
        voters: p.voters,
        state: state_label(lang, &p.state),
        pending: p.moderation == "pending",
        agency: p.agency_name.clone().unwrap_or_default(),
        deadline: date(p.deadline),
        timeliness,
        badge,
    }
}

// ---------------------------------------------------------------------------------------------
// The queue

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_queue.html")]
pub struct QueuePage {
    pub f: Frame,
    pub rows: Vec<PetitionRow>,
    pub total: i64,
    pub pager: Pager,
    /// (href, label, current)
    pub tabs: Vec<(String, String, bool)>,
    pub states: Vec<(String, String)>,
    pub state: String,
    /// The office sees moderation, the set-up pages and the voter meetings.
    pub office: bool,
    pub calendar: bool,
    /// (href, label) of recent voter meetings, to record their petitions.
    pub meetings: Vec<(String, String)>,
    /// (id, name) of the councils in the reader's scope, when there are several.
    pub councils: Vec<(String, String)>,
    pub council: String,
    pub loc: String,
}

#[derive(Deserialize, Default)]
pub struct QueueParams {
    /// `cho-duyet` (pending moderation), `qua-han` (overdue) or `giam-sat` (needs supervision).
    pub loc: Option<String>,
    pub trang_thai: Option<String>,
    /// One council's id, among a province office's communes.
    pub hdnd: Option<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

pub async fn queue(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<QueueParams>,
) -> Result<QueuePage, PageError> {
    let site = site_name(&state, None).await;
    let fail = |e: AppError| PageError::new(e, &v, &site);
    let (page, _) = p.page.parse(50).unwrap_or((1, 50));
    let loc = p.loc.as_deref().unwrap_or("");
    let st = p.trang_thai.clone().unwrap_or_default();
    let q = QueueQuery {
        state: (!st.is_empty()).then(|| st.clone()),
        pending_only: loc == "cho-duyet",
        overdue_only: loc == "qua-han",
        event_id: None,
        supervision_only: loc == "giam-sat",
        council_id: match p.hdnd.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            Some(h) => Some(h.parse::<i64>().map_err(|_| {
                fail(AppError::invalid(
                    "hdnd",
                    "Hội đồng không có trong danh sách.",
                    "Unknown council.",
                ))
            })?),
            None => None,
        },
    };
    let hdnd = q.council_id.map(|c| c.to_string()).unwrap_or_default();
    let items = petitions::queue(&state.app, &v.ctx, &q, page)
        .await
        .map_err(fail)?;
    let lang = v.lang;
    let office = v.ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere);
    let mut tabs = vec![(
        "/quan-tri/kien-nghi".to_owned(),
        lang.t("ws.pet.tab.all").to_owned(),
        loc.is_empty() && st.is_empty(),
    )];
    if office {
        tabs.push((
            "/quan-tri/kien-nghi?loc=cho-duyet".into(),
            lang.t("ws.pet.tab.pending").into(),
            q.pending_only,
        ));
    }
    tabs.push((
        "/quan-tri/kien-nghi?loc=qua-han".into(),
        lang.t("ws.pet.tab.overdue").into(),
        q.overdue_only,
    ));
    if office {
        tabs.push((
            "/quan-tri/kien-nghi?loc=giam-sat".into(),
            lang.t("ws.fu.tab.supervision").into(),
            q.supervision_only,
        ));
    }
    let mut base = "/quan-tri/kien-nghi".to_owned();
    let mut sep = '?';
    if !loc.is_empty() {
        base.push_str(&format!("{sep}loc={}", crate::frame::encode_path(loc)));
        sep = '&';
    }
    if !st.is_empty() {
        base.push_str(&format!(
            "{sep}trang_thai={}",
            crate::frame::encode_path(&st)
        ));
        sep = '&';
    }
    if !hdnd.is_empty() {
        base.push_str(&format!("{sep}hdnd={hdnd}"));
    }
    let councils: Vec<(String, String)> = petitions::queue_councils(&state.app, &v.ctx)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|c| (c.id.to_string(), c.name))
        .collect();
    let meetings = if office {
        caunoi_app::events::staff_list(&state.app, &v.ctx, Some("voter_meeting"), 1)
            .await
            .map(|p| {
                p.items
                    .iter()
                    .take(8)
                    .map(|e| {
                        (
                            format!("/quan-tri/hoat-dong/{}/kien-nghi", e.id),
                            format!(
                                "{} ({})",
                                e.title,
                                vntime::format_date(e.starts_at.to_offset(vntime::VIETNAM).date())
                            ),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Ok(QueuePage {
        f: Frame::new(&v, lang.t("ws.pet.queue"), &site, ""),
        pager: Pager::new(&items, base),
        total: items.total,
        rows: items.items.iter().map(|(p, t)| row(lang, p, *t)).collect(),
        tabs,
        states: PetitionState::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), state_label(lang, s.as_str())))
            .collect(),
        state: st,
        office,
        calendar: v
            .ctx
            .actor
            .may(Action::ManageWorkCalendar, &Target::Anywhere),
        meetings,
        councils: if councils.len() > 1 {
            councils
        } else {
            Vec::new()
        },
        council: hdnd,
        loc: loc.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// One petition

pub struct TimelineRow {
    pub when: String,
    pub step: String,
    pub from: String,
    pub to: String,
    pub actor: String,
    pub note: String,
    pub internal: bool,
}

pub struct ContactView {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub consent_at: String,
    pub retain_until: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_view.html")]
pub struct PetitionPage {
    pub f: Frame,
    pub id: i64,
    pub p: Petition,
    pub state: String,
    pub pending: bool,
    pub spam: bool,
    pub channel: String,
    pub received: String,
    pub forwarded_on: String,
    pub deadline: String,
    pub answered_on: String,
    pub promised_on: String,
    pub answer_kind: String,
    pub timeliness: String,
    pub badge: &'static str,
    pub event_href: Option<String>,
    pub merged_href: Option<String>,
    pub timeline: Vec<TimelineRow>,
    pub actions: Vec<&'static str>,
    /// (value, label) of the council's fields and agencies.
    pub fields: Vec<(String, String)>,
    pub field_ids: Vec<i64>,
    pub agencies: Vec<(String, String)>,
    /// The values of the refused form (or the defaults).
    pub form: ActInput,
    pub default_days: u32,
    /// The deadline a forward today with the default period gives.
    pub deadline_preview: String,
    pub may_contact: bool,
    /// The contact was asked for (the button was used).
    pub contact_asked: bool,
    pub contact: Option<ContactView>,
    pub errs: Errs,
    /// The action (or `moderate`) whose form was refused.
    pub err_action: String,
    pub notice: Option<String>,
    /// Extensions and supervision follow-up (petitions_followup.rs).
    pub fu: super::petitions_followup::Part,
    /// Similar petitions of the council (office only): (href, code, title, state, answered, %).
    pub similar: Vec<(String, String, String, String, bool, u32)>,
    /// Ids of the citizen's photos (served at `/kien-nghi/anh/{id}/{variant}`).
    pub photos: Vec<i64>,
    /// Files attached to the answer.
    pub answer_files: Vec<AnswerFileRow>,
    pub may_attach: bool,
    /// Whether the reader may remove answer files, and whether they must give a reason.
    pub may_remove_files: bool,
    pub removal_needs_reason: bool,
    /// Suggested from similar petitions: (form value, name, how many of them).
    pub suggest_field: Option<(String, String, usize)>,
    pub suggest_agency: Option<(String, String, usize)>,
}

impl PetitionPage {
    /// True when `action` is open to the reader in this state.
    pub fn can(&self, action: &str) -> bool {
        self.actions.contains(&action)
    }

    /// The message of `field` when the refused form was the one of `action`.
    pub fn e(&self, action: &str, field: &str) -> Option<String> {
        if self.err_action == action {
            self.errs.on(field)
        } else {
            None
        }
    }

    /// The refused value of `field` for the form of `action`, else empty (forms start blank).
    pub fn value(&self, action: &str, field: &str) -> String {
        if self.err_action != action {
            return match (action, field) {
                // The suggestion pre-selects the form; only the clerk's button applies it.
                ("classify", "field") => match self.current_field() {
                    f if f.is_empty() => self
                        .suggest_field
                        .as_ref()
                        .map(|s| s.0.clone())
                        .unwrap_or_default(),
                    f => f,
                },
                ("forward", "agency") => self
                    .p
                    .agency_id
                    .map(|a| a.to_string())
                    .or_else(|| self.suggest_agency.as_ref().map(|s| s.0.clone()))
                    .unwrap_or_default(),
                ("forward", "days") => self.default_days.to_string(),
                ("answer", "answer_kind") => "resolved".into(),
                _ => String::new(),
            };
        }
        let f = &self.form;
        match field {
            "field" => f.field.clone(),
            "agency" => f.agency.clone(),
            "days" => f.days.clone(),
            "answer" => f.answer.clone(),
            "answer_kind" => f.answer_kind.clone(),
            "promised_on" => f.promised_on.clone(),
            "reason" => f.reason.clone(),
            "into" => f.into.clone(),
            _ => String::new(),
        }
    }

    fn current_field(&self) -> String {
        let Some(id) = self.p.field_id else {
            return String::new();
        };
        self.fields
            .iter()
            .zip(self.field_ids.iter())
            .find(|(_, fid)| **fid == id)
            .map(|(f, _)| f.0.clone())
            .unwrap_or_default()
    }
}

/// A file attached to the answer, as the staff page lists it.
pub struct AnswerFileRow {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub file_name: String,
    /// Why removing this file was refused (the form just sent).
    pub remove_err: Option<String>,
}

/// What the page shows besides the stored petition.
#[derive(Default)]
pub(crate) struct Shown {
    pub form: Option<ActInput>,
    pub errs: Errs,
    pub err_action: String,
    /// The answer file whose removal was refused.
    pub err_file: Option<i64>,
    pub notice: Option<String>,
    pub contact_asked: bool,
    /// The values of a refused follow-up form.
    pub fu_form: super::petitions_followup::FuForm,
}

fn contact_view(c: &caunoi_store::petitions::Contact) -> ContactView {
    ContactView {
        name: c.name.clone(),
        email: c.email.clone().unwrap_or_default(),
        phone: c.phone.clone().unwrap_or_default(),
        address: c.address.clone().unwrap_or_default(),
        consent_at: vntime::format_datetime(c.consent_at),
        retain_until: vntime::format_date(c.retain_until),
    }
}

fn page_of(
    v: &Viewer,
    site: &str,
    view: StaffView,
    deadline_preview: String,
    shown: Shown,
    history: caunoi_app::petitions::FollowupHistory,
    suggestions: petitions::groups::Suggestions,
) -> PetitionPage {
    let lang = v.lang;
    let p = view.petition;
    let photos = view.photos.iter().map(|ph| ph.id).collect();
    let answer_files = view
        .answer_files
        .iter()
        .map(|a| AnswerFileRow {
            id: a.id,
            href: format!("/kien-nghi/tep-tra-loi/{}/{}", a.id, a.file_name),
            title: a.title.clone(),
            file_name: a.file_name.clone(),
            remove_err: (shown.err_file == Some(a.id))
                .then(|| shown.errs.on("reason"))
                .flatten(),
        })
        .collect();
    let may_attach = view.may_attach;
    let may_remove_files = view.removal.is_some();
    let removal_needs_reason = view.removal == Some(true);
    let suggest_field = suggestions.field.and_then(|s| {
        view.fields
            .iter()
            .find(|f| f.id == s.id)
            .map(|f| (f.slug.clone(), f.name.clone(), s.count))
    });
    let suggest_agency = suggestions.agency.and_then(|s| {
        view.agencies
            .iter()
            .find(|a| a.id == s.id)
            .map(|a| (a.id.to_string(), a.name.clone(), s.count))
    });
    let similar = suggestions
        .similar
        .iter()
        .map(|x| {
            (
                format!("/quan-tri/kien-nghi/{}", x.id),
                x.code.clone(),
                x.title.clone(),
                state_label(lang, &x.state),
                x.answered,
                (x.score * 100.0).round() as u32,
            )
        })
        .collect();
    let (timeliness, badge) = timeliness(lang, view.timeliness);
    PetitionPage {
        f: Frame::new(v, format!("{} – {}", p.code, p.title), site, ""),
        id: p.id,
        state: state_label(lang, &p.state),
        pending: p.moderation == "pending",
        spam: p.moderation == "spam",
        channel: channel_label(lang, &p.channel),
        received: vntime::format_datetime(p.received_at),
        forwarded_on: date(p.forwarded_on),
        deadline: date(p.deadline),
        answered_on: date(p.answered_on),
        promised_on: date(p.promised_on),
        answer_kind: p
            .answer_kind
            .as_deref()
            .map(|k| answer_kind_label(lang, k))
            .unwrap_or_default(),
        timeliness,
        badge,
        event_href: p
            .event_id
            .map(|e| format!("/quan-tri/hoat-dong/{e}/kien-nghi")),
        merged_href: p.merged_into.map(|m| format!("/quan-tri/kien-nghi/{m}")),
        timeline: view
            .timeline
            .iter()
            .map(|t| TimelineRow {
                when: vntime::format_datetime(t.at),
                step: step_label(lang, &t.action),
                from: t
                    .from_state
                    .as_deref()
                    .map(|s| state_label(lang, s))
                    .unwrap_or_default(),
                to: state_label(lang, &t.to_state),
                actor: actor_label(lang, &t.actor_label),
                note: t.note.clone(),
                internal: !t.public,
            })
            .collect(),
        actions: view.actions.iter().map(|a| a.as_str()).collect(),
        fields: view
            .fields
            .iter()
            .map(|f| (f.slug.clone(), f.name.clone()))
            .collect(),
        field_ids: view.fields.iter().map(|f| f.id).collect(),
        agencies: view
            .agencies
            .iter()
            .map(|a| (a.id.to_string(), a.name.clone()))
            .collect(),
        form: shown.form.unwrap_or_default(),
        default_days: history.rule.answer_days as u32,
        deadline_preview,
        may_contact: v
            .ctx
            .actor
            .may(Action::ViewPetitionContacts, &Target::Anywhere),
        contact_asked: shown.contact_asked,
        contact: view.contact.as_ref().map(contact_view),
        errs: shown.errs,
        err_action: shown.err_action,
        notice: shown.notice,
        fu: super::petitions_followup::part(v.lang, history, shown.fu_form, &view.agencies),
        similar,
        photos,
        answer_files,
        may_attach,
        may_remove_files,
        removal_needs_reason,
        suggest_field,
        suggest_agency,
        p,
    }
}

pub(crate) async fn petition_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    shown: Shown,
) -> Result<PetitionPage, PageError> {
    let fail = |e: AppError| PageError::new(e, v, site);
    let view = petitions::staff_view(&state.app, &v.ctx, id, shown.contact_asked)
        .await
        .map_err(fail)?;
    let history = petitions::history(&state.app, &v.ctx, id)
        .await
        .map_err(fail)?;
    // The preview follows the council's rule for this petition's field.
    let preview = match history.forward_deadline {
        Some(d) if view.actions.contains(&PetitionAction::Forward) => vntime::format_date(d),
        _ => String::new(),
    };
    let suggestions = petitions::groups::suggestions(&state.app, &v.ctx, id)
        .await
        .map_err(fail)?;
    Ok(page_of(v, site, view, preview, shown, history, suggestions))
}

#[derive(Deserialize, Default)]
pub struct DoneParams {
    /// The action just taken, for the notice.
    pub xong: Option<String>,
}

pub async fn view(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<DoneParams>,
) -> Result<PetitionPage, PageError> {
    let site = site_name(&state, None).await;
    let notice = q
        .xong
        .as_deref()
        .map(|a| format!("{} “{}”.", v.lang.t("ws.pet.done"), step_label(v.lang, a)));
    petition_page(
        &state,
        &v,
        &site,
        id,
        Shown {
            notice,
            ..Shown::default()
        },
    )
    .await
}

/// After a refused form: the page again with the messages beside the fields (422).
pub(crate) async fn again(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    e: AppError,
    shown: impl FnOnce(&AppError) -> Shown,
) -> Response {
    if !matches!(e, AppError::Invalid(_)) {
        return refused(e, v, site);
    }
    match petition_page(state, v, site, id, shown(&e)).await {
        Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The fields of the action forms, each shown beside its input.
const ACT_FIELDS: &[&str] = &[
    "field",
    "agency",
    "days",
    "answer",
    "answer_kind",
    "promised_on",
    "reason",
    "into",
];

pub async fn act(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<ActInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::act(&state.app, &v.ctx, id, &form).await {
        Ok(_) => Redirect::to(&format!(
            "/quan-tri/kien-nghi/{id}?xong={}",
            crate::frame::encode_path(form.action.trim())
        ))
        .into_response(),
        Err(e) => {
            again(&state, &v, &site, id, e, |e| Shown {
                errs: Errs::of(e, v.lang, ACT_FIELDS),
                err_action: form.action.trim().to_owned(),
                form: Some(form),
                ..Shown::default()
            })
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ModerationForm {
    /// `approve` or `spam`.
    #[serde(default)]
    pub decision: String,
}

pub async fn moderate(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<ModerationForm>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let approve = match form.decision.as_str() {
        "approve" => true,
        "spam" => false,
        _ => {
            let e = AppError::invalid(
                "decision",
                "Chọn: duyệt hoặc đánh dấu thư rác.",
                "Choose approve or spam.",
            );
            return again(&state, &v, &site, id, e, |e| Shown {
                errs: Errs::of(e, v.lang, &[]),
                err_action: "moderate".into(),
                ..Shown::default()
            })
            .await;
        }
    };
    match petitions::moderate(&state.app, &v.ctx, id, approve).await {
        Ok(()) => Redirect::to(&format!(
            "/quan-tri/kien-nghi/{id}?xong={}",
            if approve { "approve" } else { "spam" }
        ))
        .into_response(),
        Err(e) => {
            again(&state, &v, &site, id, e, |e| Shown {
                errs: Errs::of(e, v.lang, &[]),
                err_action: "moderate".into(),
                ..Shown::default()
            })
            .await
        }
    }
}

/// The page with the petitioner's contact details: the read is audited by the use case, and
/// the answer is never stored by a browser or a proxy.
pub async fn contact(State(state): State<AppState>, v: Viewer, Path(id): Path<i64>) -> Response {
    let site = site_name(&state, None).await;
    let shown = Shown {
        contact_asked: true,
        ..Shown::default()
    };
    match petition_page(&state, &v, &site, id, shown).await {
        Ok(page) => {
            let mut resp = page.into_response();
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(e) => e.into_response(),
    }
}
