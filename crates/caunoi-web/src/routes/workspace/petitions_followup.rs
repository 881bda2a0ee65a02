//! After forwarding, in the workspace: extension requests and decisions and supervision
//! follow-up on a petition's page, the council's deadline rules, the upload form of the bulk
//! import, and small set-up edits (fields renamed or moved, responders removed).

use super::petitions::{Shown, again};
use super::registry::{Errs, read_upload, refused};
use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{form_rejection, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::petitions::{
    self, DecisionInput, ExtensionInput, FieldEdit, FollowupHistory, FollowupInput, RuleInput,
};
use caunoi_domain::petition_followup::FollowupKind;
use caunoi_domain::vntime;
use caunoi_domain::{Action, Target};
use caunoi_store::petitions::Agency;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------------
// On a petition's page

pub struct ExtRow {
    pub state: String,
    pub reason: String,
    pub old_deadline: String,
    pub new_deadline: String,
    pub requested: String,
    pub decided: String,
    pub note: String,
}

pub struct FuRow {
    pub kind: String,
    pub note: String,
    pub agency: String,
    pub deadline: String,
    pub event: String,
    pub event_href: String,
    pub question: String,
    pub at: String,
    pub actor: String,
}

/// The values of a refused follow-up form.
#[derive(Default)]
pub struct FuForm {
    pub ext: ExtensionInput,
    pub dec: DecisionInput,
    pub fu: FollowupInput,
}

/// What the petition page shows of extensions and follow-up.
pub struct Part {
    pub extensions: Vec<ExtRow>,
    pub pending: Option<ExtRow>,
    pub followups: Vec<FuRow>,
    pub may_request: bool,
    pub may_decide: bool,
    pub may_follow_up: bool,
    pub kinds: Vec<(String, String)>,
    pub agencies: Vec<(String, String)>,
    pub question_events: Vec<(String, String)>,
    pub supervision_events: Vec<(String, String)>,
    pub answer_days: i64,
    pub form: FuForm,
}

fn ext_state(lang: Lang, s: &str) -> String {
    match s {
        "pending" => lang.t("ws.fu.ext.pending"),
        "granted" => lang.t("ws.fu.ext.granted"),
        "declined" => lang.t("ws.fu.ext.declined"),
        "lapsed" => lang.t("ws.fu.ext.lapsed"),
        other => return other.to_owned(),
    }
    .to_owned()
}

pub(crate) fn kind_label(lang: Lang, k: &str) -> String {
    match k {
        "reforward" => lang.t("ws.fu.kind.reforward"),
        "question_time" => lang.t("ws.fu.kind.question_time"),
        "supervision" => lang.t("ws.fu.kind.supervision"),
        other => return other.to_owned(),
    }
    .to_owned()
}

pub(crate) fn part(lang: Lang, h: FollowupHistory, form: FuForm, agencies: &[Agency]) -> Part {
    let rows: Vec<ExtRow> = h
        .extensions
        .iter()
        .map(|e| ExtRow {
            state: ext_state(lang, &e.state),
            reason: e.reason.clone(),
            old_deadline: vntime::format_date(e.old_deadline),
            new_deadline: vntime::format_date(e.new_deadline),
            requested: format!(
                "{} · {}",
                vntime::format_datetime(e.requested_at),
                e.requested_by
            ),
            decided: match (&e.decided_by, e.decided_at) {
                (Some(by), Some(at)) => format!("{} · {by}", vntime::format_datetime(at)),
                _ => String::new(),
            },
            note: e.decision_note.clone().unwrap_or_default(),
        })
        .collect();
    let pending = h
        .extensions
        .iter()
        .position(|e| e.state == "pending")
        .map(|i| ExtRow {
            state: rows[i].state.clone(),
            reason: rows[i].reason.clone(),
            old_deadline: rows[i].old_deadline.clone(),
            new_deadline: rows[i].new_deadline.clone(),
            requested: rows[i].requested.clone(),
            decided: String::new(),
            note: String::new(),
        });
    let events = |kind: &str| {
        h.events
            .iter()
            .filter(|(_, k, _)| k == kind)
            .map(|(id, _, t)| (id.to_string(), t.clone()))
            .collect()
    };
    Part {
        pending,
        extensions: rows,
        followups: h
            .followups
            .iter()
            .map(|f| FuRow {
                kind: kind_label(lang, &f.kind),
                note: f.note.clone(),
                agency: f.agency_name.clone().unwrap_or_default(),
                deadline: f.deadline.map(vntime::format_date).unwrap_or_default(),
                event: f.event_title.clone().unwrap_or_default(),
                event_href: f
                    .event_id
                    .map(|e| format!("/quan-tri/hoat-dong/{e}"))
                    .unwrap_or_default(),
                question: f.question_id.map(|q| format!("#{q}")).unwrap_or_default(),
                at: vntime::format_datetime(f.at),
                actor: f.actor_label.clone(),
            })
            .collect(),
        may_request: h.may_request,
        may_decide: h.may_decide,
        may_follow_up: h.may_follow_up,
        kinds: FollowupKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), kind_label(lang, k.as_str())))
            .collect(),
        agencies: agencies
            .iter()
            .map(|a| (a.id.to_string(), a.name.clone()))
            .collect(),
        question_events: events("question_time"),
        supervision_events: events("supervision"),
        answer_days: h.rule.answer_days,
        form,
    }
}

fn done(id: i64, action: &str) -> Response {
    Redirect::to(&format!("/quan-tri/kien-nghi/{id}?xong={action}")).into_response()
}

#[allow(clippy::too_many_arguments)]
async fn refused_here(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    e: AppError,
    action: &str,
    fields: &[&str],
    form: FuForm,
) -> Response {
    again(state, v, site, id, e, |e| Shown {
        errs: Errs::of(e, v.lang, fields),
        err_action: action.to_owned(),
        fu_form: form,
        ..Shown::default()
    })
    .await
}

/// An agency responder asks for more time.
pub async fn request_extension(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<ExtensionInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::request_extension(&state.app, &v.ctx, id, &form).await {
        Ok(_) => done(id, "extension_requested"),
        Err(e) => {
            let f = FuForm {
                ext: form,
                ..FuForm::default()
            };
            refused_here(
                &state,
                &v,
                &site,
                id,
                e,
                "extension",
                &["reason", "new_deadline", "extra_days"],
                f,
            )
            .await
        }
    }
}

/// The council's office grants or declines the pending request.
pub async fn decide_extension(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<DecisionInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::decide_extension(&state.app, &v.ctx, id, &form).await {
        Ok(true) => done(id, "extension_granted"),
        Ok(false) => done(id, "extension_declined"),
        Err(e) => {
            let f = FuForm {
                dec: form,
                ..FuForm::default()
            };
            refused_here(&state, &v, &site, id, e, "decide", &["note"], f).await
        }
    }
}

/// The council marks the petition for follow-up.
pub async fn follow_up(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<FollowupInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::follow_up(&state.app, &v.ctx, id, &form).await {
        Ok(_) => done(id, "follow_up"),
        Err(e) => {
            let f = FuForm {
                fu: form,
                ..FuForm::default()
            };
            refused_here(
                &state,
                &v,
                &site,
                id,
                e,
                "follow_up",
                &["kind", "note", "agency", "days", "event", "question"],
                f,
            )
            .await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deadline rules

pub struct FieldRule {
    pub slug: String,
    pub name: String,
    pub answer_days: String,
    pub very_overdue_after: String,
    pub own: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_rules.html")]
pub struct RulesPage {
    pub f: Frame,
    pub council: String,
    pub answer_days: String,
    pub very_overdue_after: String,
    pub fields: Vec<FieldRule>,
    /// The form refused (its field slug, empty for the council's) with its messages.
    pub err_for: Option<String>,
    pub errs: Errs,
    pub notice: bool,
}

impl RulesPage {
    pub fn e(&self, form: &str, field: &str) -> Option<String> {
        if self.err_for.as_deref() == Some(form) {
            self.errs.on(field)
        } else {
            None
        }
    }
}

async fn rules_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    refused: Option<(RuleInput, Errs)>,
    notice: bool,
) -> Result<RulesPage, PageError> {
    let r = petitions::deadline_rules(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let (err_for, errs, typed) = match refused {
        Some((input, errs)) => (Some(input.field.trim().to_owned()), errs, Some(input)),
        None => (None, Errs::default(), None),
    };
    let typed_for = |slug: &str| typed.as_ref().filter(|t| t.field.trim() == slug);
    let (answer_days, very_overdue_after) = match typed_for("") {
        Some(t) => (t.answer_days.clone(), t.very_overdue_after.clone()),
        None => (
            r.council_rule.answer_days.to_string(),
            r.council_rule.very_overdue_after.to_string(),
        ),
    };
    Ok(RulesPage {
        f: Frame::new(v, v.lang.t("ws.fu.rules"), site, ""),
        council: r.council.name.clone(),
        answer_days,
        very_overdue_after,
        fields: r
            .fields
            .iter()
            .map(|(f, rule)| {
                let (a, o) = match (typed_for(&f.slug), rule) {
                    (Some(t), _) => (t.answer_days.clone(), t.very_overdue_after.clone()),
                    (None, Some(x)) => {
                        (x.answer_days.to_string(), x.very_overdue_after.to_string())
                    }
                    (None, None) => (String::new(), String::new()),
                };
                FieldRule {
                    slug: f.slug.clone(),
                    name: f.name.clone(),
                    answer_days: a,
                    very_overdue_after: o,
                    own: rule.is_some(),
                }
            })
            .collect(),
        err_for,
        errs,
        notice,
    })
}

#[derive(Deserialize, Default)]
pub struct SavedParams {
    pub luu: Option<String>,
}

pub async fn rules(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<SavedParams>,
) -> Result<RulesPage, PageError> {
    let site = site_name(&state, None).await;
    rules_page(&state, &v, &site, None, q.luu.is_some()).await
}

pub async fn save_rule(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<RuleInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::set_deadline_rule(&state.app, &v.ctx, &form).await {
        Ok(()) => Redirect::to("/quan-tri/kien-nghi/thoi-han?luu=1").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &["answer_days", "very_overdue_after"]);
            match rules_page(&state, &v, &site, Some((form, errs)), false).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

// ---------------------------------------------------------------------------------------------
// The upload form of the bulk import

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_import.html")]
pub struct ImportPage {
    pub f: Frame,
    /// (id, label) of voter meetings to link the petitions to.
    pub meetings: Vec<(String, String)>,
    pub event: String,
    pub skip_bad: bool,
    pub errs: Errs,
    pub report: Option<caunoi_app::petitions::PetitionImport>,
}

#[derive(Deserialize, Default)]
pub struct ImportParams {
    #[serde(default, rename = "da-nhap")]
    pub done: Option<String>,
    #[serde(default, rename = "dong")]
    pub rows: usize,
    #[serde(default, rename = "moi")]
    pub imported: usize,
    #[serde(default, rename = "bo-qua")]
    pub skipped: usize,
}

fn import_gate(v: &Viewer, site: &str) -> Result<(), PageError> {
    if v.ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        Ok(())
    } else {
        Err(PageError::new(caunoi_app::accounts::deny(&v.ctx), v, site))
    }
}

async fn import_page(
    state: &AppState,
    v: &Viewer,
    event: String,
    skip_bad: bool,
    errs: Errs,
    report: Option<caunoi_app::petitions::PetitionImport>,
) -> ImportPage {
    let site = site_name(state, None).await;
    let meetings = caunoi_app::events::staff_list(&state.app, &v.ctx, Some("voter_meeting"), 1)
        .await
        .map(|p| {
            p.items
                .iter()
                .map(|e| {
                    (
                        e.id.to_string(),
                        format!(
                            "{} ({})",
                            e.title,
                            vntime::format_date(e.starts_at.to_offset(vntime::VIETNAM).date())
                        ),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    ImportPage {
        f: Frame::new(v, v.lang.t("ws.fu.import"), &site, ""),
        meetings,
        event,
        skip_bad,
        errs,
        report,
    }
}

pub async fn import_form(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ImportParams>,
) -> Result<ImportPage, PageError> {
    let site = site_name(&state, None).await;
    import_gate(&v, &site)?;
    let report = q
        .done
        .is_some()
        .then(|| caunoi_app::petitions::PetitionImport {
            rows: q.rows,
            imported: q.imported,
            bad: Vec::new(),
            dry_run: false,
        });
    let mut page = import_page(&state, &v, String::new(), false, Errs::default(), report).await;
    if let Some(r) = page.report.as_mut() {
        // Only the count of skipped rows travels in the address.
        r.bad = (0..q.skipped).map(|_| (0, String::new())).collect();
    }
    Ok(page)
}

/// Checks (`action=check`, the default) or imports (`action=import`) a compilation sheet.
pub async fn import(State(state): State<AppState>, v: Viewer, req: Request) -> Response {
    let site = site_name(&state, None).await;
    if let Err(e) = import_gate(&v, &site) {
        return e.into_response();
    }
    let up = match read_upload(&state, req, "file").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let dry_run = up.get("action") != "import";
    let skip_bad = !up.get("skip_bad").is_empty();
    let event = up.get("event").trim().to_owned();
    let result = match (&up.file, event.as_str()) {
        (None, _) => Err(AppError::invalid(
            "file",
            "Chọn tệp CSV hoặc XLSX bảng tổng hợp kiến nghị.",
            "Choose the CSV or XLSX compilation sheet.",
        )),
        (Some(_), e) if !e.is_empty() && e.parse::<i64>().is_err() => Err(AppError::invalid(
            "event",
            "Hãy chọn một buổi tiếp xúc cử tri trong danh sách.",
            "Choose a voter meeting from the list.",
        )),
        (Some((_, bytes)), e) => {
            petitions::import_petitions(
                &state.app,
                &v.ctx,
                bytes,
                e.parse::<i64>().ok(),
                skip_bad,
                dry_run,
            )
            .await
        }
    };
    match result {
        Ok(r) if !dry_run => Redirect::to(&format!(
            "/quan-tri/kien-nghi/nhap?da-nhap=1&dong={}&moi={}&bo-qua={}",
            r.rows,
            r.imported,
            r.bad.len()
        ))
        .into_response(),
        Ok(r) => import_page(&state, &v, event, skip_bad, Errs::default(), Some(r))
            .await
            .into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &["file", "event"]);
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                import_page(&state, &v, event, skip_bad, errs, None).await,
            )
                .into_response()
        }
        Err(e) => refused(e, &v, &site),
    }
}

// ---------------------------------------------------------------------------------------------
// Small set-up edits

pub async fn edit_field(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<FieldEdit>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::edit_field(&state.app, &v.ctx, id, &form).await {
        Ok(()) => Redirect::to(&format!("/quan-tri/kien-nghi/linh-vuc?luu=1#linh-vuc-{id}"))
            .into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &[]);
            match super::petitions_admin::fields_page(
                &state,
                &v,
                &site,
                Default::default(),
                errs,
                None,
            )
            .await
            {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

pub async fn remove_responder(
    State(state): State<AppState>,
    v: Viewer,
    Path((agency, user)): Path<(i64, i64)>,
) -> Response {
    let site = site_name(&state, None).await;
    match petitions::remove_responder(&state.app, &v.ctx, agency, user).await {
        Ok(()) => Redirect::to(&format!(
            "/quan-tri/kien-nghi/co-quan?luu=1#co-quan-{agency}"
        ))
        .into_response(),
        Err(e) => refused(e, &v, &site),
    }
}
