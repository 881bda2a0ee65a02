//! Resolutions in the workspace: the staff list, the form (with the numbers of the resolutions
//! a resolution amends or replaces) and the signed file upload.

use super::registry::{Errs, gate, home_unit, read_upload, refused};
use super::registry_events::{session_choices, size_label};
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
use caunoi_app::resolutions::{self, Detail, ResolutionInput};
use caunoi_domain::event::EventState;
use caunoi_domain::resolution::ResolutionStatus;
use caunoi_domain::vntime;
use serde::Deserialize;

fn status_label(lang: Lang, s: ResolutionStatus) -> &'static str {
    match lang {
        Lang::Vi => s.label_vi(),
        Lang::En => s.label_en(),
    }
}

fn state_label(lang: Lang, state: &str) -> String {
    match state.parse::<EventState>() {
        Ok(s) => match lang {
            Lang::Vi => s.label_vi(),
            Lang::En => s.label_en(),
        }
        .to_owned(),
        Err(_) => state.to_owned(),
    }
}

pub struct Row {
    pub href: String,
    pub number: String,
    pub title: String,
    pub council: String,
    pub adopted: String,
    pub state: String,
    pub status: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_resolutions.html")]
pub struct ListPage {
    pub f: Frame,
    pub rows: Vec<Row>,
}

pub async fn list(State(state): State<AppState>, v: Viewer) -> Result<ListPage, PageError> {
    let site = site_name(&state, None).await;
    let items = resolutions::staff_list(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    let lang = v.lang;
    Ok(ListPage {
        f: Frame::new(&v, lang.t("ws.rec.resolutions"), &site, ""),
        rows: items
            .iter()
            .map(|l| {
                let r = &l.resolution;
                Row {
                    href: format!("/quan-tri/nghi-quyet/{}", r.id),
                    number: r.number.clone(),
                    title: r.title.clone(),
                    council: r.council_name.clone(),
                    adopted: vntime::format_date(r.adopted_on),
                    state: state_label(lang, &r.state),
                    status: status_label(lang, l.status),
                }
            })
            .collect(),
    })
}

pub struct LinkRow {
    pub kind: &'static str,
    pub number: String,
    pub title: String,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_resolution.html")]
pub struct EditPage {
    pub f: Frame,
    pub id: Option<i64>,
    pub heading: String,
    pub public_href: Option<String>,
    pub status: Option<&'static str>,
    pub form: ResolutionInput,
    pub errs: Errs,
    pub states: Vec<(String, String)>,
    pub sessions: Vec<(String, String)>,
    pub changed_by: Vec<LinkRow>,
    pub documents: Vec<super::registry_events::DocumentRow>,
    pub doc_title: String,
    pub doc_errs: Errs,
    pub doc_upload: String,
    pub doc_next: String,
    pub doc_public_choice: bool,
    pub notice: Option<&'static str>,
}

const FIELDS: &[&str] = &[
    "council",
    "number",
    "title",
    "field",
    "adopted_on",
    "effective_on",
    "expires_on",
    "session_id",
    "body_md",
    "state",
    "amends",
    "replaces",
];

fn date_text(d: Option<time::Date>) -> String {
    d.map(vntime::format_date).unwrap_or_default()
}

fn input_of(d: &Detail) -> ResolutionInput {
    let r = &d.resolution;
    let numbers = |kind: &str| {
        d.changes
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.other_number.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    ResolutionInput {
        council: r.council_unit_code.clone(),
        number: r.number.clone(),
        title: r.title.clone(),
        field: r.field.clone(),
        adopted_on: vntime::format_date(r.adopted_on),
        effective_on: date_text(r.effective_on),
        expires_on: date_text(r.expires_on),
        session_id: r.session_id.map(|s| s.to_string()).unwrap_or_default(),
        body_md: r.body_md.clone(),
        state: r.state.clone(),
        amends: numbers("amends"),
        replaces: numbers("replaces"),
    }
}

/// What the page shows besides the stored resolution: a refused form and its messages.
#[derive(Default)]
struct Forms {
    form: Option<ResolutionInput>,
    errs: Errs,
    doc_title: String,
    doc_errs: Errs,
    notice: Option<&'static str>,
}

async fn page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: Option<i64>,
    forms: Forms,
) -> Result<EditPage, PageError> {
    let fail = |e: AppError| PageError::new(e, v, site);
    let lang = v.lang;
    let sessions = session_choices(state, v, None).await.map_err(fail)?;
    let states = [EventState::Draft, EventState::Published]
        .iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                match lang {
                    Lang::Vi => s.label_vi(),
                    Lang::En => s.label_en(),
                }
                .to_owned(),
            )
        })
        .collect();
    let mut out = EditPage {
        f: Frame::new(v, lang.t("ws.rec.resolution.new"), site, ""),
        id,
        heading: lang.t("ws.rec.resolution.new").to_owned(),
        public_href: None,
        status: None,
        form: ResolutionInput {
            council: home_unit(v).unwrap_or_default(),
            state: EventState::Draft.as_str().into(),
            ..ResolutionInput::default()
        },
        errs: forms.errs,
        states,
        sessions,
        changed_by: Vec::new(),
        documents: Vec::new(),
        doc_title: forms.doc_title,
        doc_errs: forms.doc_errs,
        doc_upload: String::new(),
        doc_next: String::new(),
        doc_public_choice: false,
        notice: forms.notice,
    };
    if let Some(id) = id {
        let d = resolutions::staff_detail(&state.app, &v.ctx, id)
            .await
            .map_err(fail)?;
        let r = &d.resolution;
        let heading = format!("{} – {}", r.number, r.title);
        out.f = Frame::new(v, heading.clone(), site, "");
        out.heading = heading;
        out.public_href =
            (r.state == "published").then(|| resolutions::resolution_path(&r.slug, r.id));
        out.status = Some(status_label(lang, d.status));
        out.form = input_of(&d);
        out.changed_by = d
            .changed_by
            .iter()
            .map(|l| LinkRow {
                kind: if l.kind == "replaces" {
                    lang.t("ws.rec.resolution.replaced_by")
                } else {
                    lang.t("ws.rec.resolution.amended_by")
                },
                number: l.other_number.clone(),
                title: l.other_title.clone(),
                href: format!("/quan-tri/nghi-quyet/{}", l.from_id),
            })
            .collect();
        out.documents = d
            .documents
            .iter()
            .map(|x| super::registry_events::DocumentRow {
                id: x.id,
                title: x.title.clone(),
                href: format!("/tai-lieu/{}/{}", x.id, x.file_name),
                size: size_label(x.size),
                public: x.public,
            })
            .collect();
        out.doc_upload = format!("/quan-tri/nghi-quyet/{id}/tep");
        out.doc_next = format!("/quan-tri/nghi-quyet/{id}#tai-lieu");
    }
    if let Some(f) = forms.form {
        out.form = f;
    }
    Ok(out)
}

pub async fn new_form(State(state): State<AppState>, v: Viewer) -> Result<EditPage, PageError> {
    let site = site_name(&state, None).await;
    gate(&v, &site)?;
    page(&state, &v, &site, None, Forms::default()).await
}

#[derive(Deserialize, Default)]
pub struct SavedParams {
    pub luu: Option<String>,
}

pub async fn view(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<SavedParams>,
) -> Result<EditPage, PageError> {
    let site = site_name(&state, None).await;
    gate(&v, &site)?;
    let forms = Forms {
        notice: q.luu.map(|_| v.lang.t("ws.rec.saved")),
        ..Forms::default()
    };
    page(&state, &v, &site, Some(id), forms).await
}

async fn save_as(state: AppState, v: Viewer, id: Option<i64>, form: ResolutionInput) -> Response {
    let site = site_name(&state, None).await;
    match resolutions::save(&state.app, &v.ctx, id, &form).await {
        Ok(id) => Redirect::to(&format!("/quan-tri/nghi-quyet/{id}?luu=1")).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, FIELDS);
            let forms = Forms {
                form: Some(form),
                errs,
                ..Forms::default()
            };
            let p = page(&state, &v, &site, id, forms).await;
            match p {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

pub async fn create(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<ResolutionInput>, FormRejection>,
) -> Response {
    match form {
        Ok(axum::Form(f)) => save_as(state, v, None, f).await,
        Err(r) => form_rejection(r),
    }
}

pub async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<ResolutionInput>, FormRejection>,
) -> Response {
    match form {
        Ok(axum::Form(f)) => save_as(state, v, Some(id), f).await,
        Err(r) => form_rejection(r),
    }
}

/// The signed PDF or the DOCX (multipart: `title`, `file`), up to 20 MB.
pub async fn attach(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let site = site_name(&state, None).await;
    if let Err(e) = gate(&v, &site) {
        return e.into_response();
    }
    let up = match read_upload(&state, req, "file").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let title = up.get("title");
    let result = match up.file {
        Some((name, bytes)) => {
            resolutions::attach_file(&state.app, &v.ctx, id, &title, &name, bytes).await
        }
        None => Err(AppError::invalid(
            "file",
            "Chọn một tệp PDF hoặc DOCX.",
            "Choose a PDF or DOCX file.",
        )),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/quan-tri/nghi-quyet/{id}?luu=1#tai-lieu")).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &["title", "file"]);
            let forms = Forms {
                doc_title: title,
                doc_errs: errs,
                ..Forms::default()
            };
            let p = page(&state, &v, &site, Some(id), forms).await;
            match p {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}
