//! The registry desk in the workspace: people and their positions, photos, the delegate CSV
//! import and constituencies; and what the council-record pages share (field errors next to
//! their fields, the gate, reading an upload).

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{form_rejection, read_multipart, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::registry::{
    self, Directory, DirectoryQuery, ImportReport, PersonInput, PositionInput,
};
use caunoi_app::{AppError, AppResult};
use caunoi_domain::body::{BodyKind, MemberRole};
use caunoi_domain::{Action, Scope, Target, vntime};
use caunoi_store::registry::{Person, Position};
use serde::Deserialize;
use std::collections::HashMap;

/// The refusals of one form: each message beside its field, the others above the form.
#[derive(Debug, Default, Clone)]
pub struct Errs {
    fields: Vec<(String, String)>,
    general: Vec<String>,
}

impl Errs {
    /// Sorts the messages of `e` between the fields the form shows (`on_form`) and the rest.
    pub fn of(e: &AppError, lang: Lang, on_form: &[&str]) -> Errs {
        let mut out = Errs::default();
        if let AppError::Invalid(list) = e {
            for fe in list {
                let m = match lang {
                    Lang::Vi => fe.message_vi.clone(),
                    Lang::En => fe.message_en.clone(),
                };
                if on_form.contains(&fe.field) {
                    out.fields.push((fe.field.to_owned(), m));
                } else {
                    out.general.push(m);
                }
            }
        }
        out
    }

    /// Every message of `e` on one field (a form with a single input, such as an upload).
    pub fn all_on(e: &AppError, lang: Lang, field: &str) -> Errs {
        let mut out = Errs::of(e, lang, &[]);
        out.fields = out
            .general
            .drain(..)
            .map(|m| (field.to_owned(), m))
            .collect();
        out
    }

    /// The message(s) of one field, for the line under it.
    pub fn on(&self, field: &str) -> Option<String> {
        let l = self.list(field);
        (!l.is_empty()).then(|| l.join(" "))
    }

    pub fn list(&self, field: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
            .collect()
    }

    pub fn general(&self) -> &[String] {
        &self.general
    }
}

/// Only those who keep the council's record open these pages; the use cases check again
/// against the council concerned.
pub(crate) fn gate(v: &Viewer, site: &str) -> Result<(), PageError> {
    if v.ctx.actor.may(Action::ManageRegistry, &Target::Anywhere) {
        Ok(())
    } else {
        Err(PageError::new(caunoi_app::accounts::deny(&v.ctx), v, site))
    }
}

/// The unit of the viewer's record-keeping role, to preselect their council in forms.
pub(crate) fn home_unit(v: &Viewer) -> Option<String> {
    v.ctx.actor.grants.iter().find_map(|g| match &g.scope {
        Scope::Unit(code) if Action::ManageRegistry.roles().contains(&g.role) => {
            Some(code.as_str().to_owned())
        }
        _ => None,
    })
}

/// The directory of the chosen council, else the viewer's own, else the primary council.
pub(crate) async fn council_directory(
    state: &AppState,
    v: &Viewer,
    chosen: Option<&str>,
) -> AppResult<Directory> {
    let chosen = chosen.map(str::trim).filter(|c| !c.is_empty());
    let code = chosen.map(str::to_owned).or_else(|| home_unit(v));
    let q = DirectoryQuery {
        council: code.clone(),
        ..DirectoryQuery::default()
    };
    match registry::directory(&state.app, &q).await {
        Err(AppError::NotFound(_)) if chosen.is_none() && code.is_some() => {
            registry::directory(&state.app, &DirectoryQuery::default()).await
        }
        other => other,
    }
}

/// A refusal that is not about the input: the error page.
pub(crate) fn refused(e: AppError, v: &Viewer, site: &str) -> Response {
    PageError::new(e, v, site).into_response()
}

/// The text fields and the one file of a multipart form.
pub(crate) struct Upload {
    pub text: HashMap<String, String>,
    /// (file name, bytes), when a non-empty file was chosen.
    pub file: Option<(String, Vec<u8>)>,
}

impl Upload {
    pub fn get(&self, name: &str) -> String {
        self.text.get(name).cloned().unwrap_or_default()
    }
}

fn upload_failed(status: StatusCode, detail: &str) -> Response {
    (
        status,
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        format!("Tải tệp không thành công / Upload failed: {detail}"),
    )
        .into_response()
}

/// Reads a multipart body (after the gate, so a refused person learns nothing of the form).
pub(crate) async fn read_upload(
    state: &AppState,
    req: Request,
    file_field: &str,
) -> Result<Upload, Response> {
    let mut body = read_multipart(state, req, file_field)
        .await
        .map_err(|(status, detail)| upload_failed(status, &detail))?;
    Ok(Upload {
        file: body.files.pop(),
        text: body.text,
    })
}

/// "Chủ tịch HĐND / Trưởng ban / …": a role as the bodies that have it name it.
pub(crate) fn role_label(lang: Lang, role: MemberRole) -> String {
    let mut names: Vec<&str> = Vec::new();
    for k in [
        BodyKind::Council,
        BodyKind::Committee,
        BodyKind::DelegateGroup,
        BodyKind::NaDelegation,
    ] {
        let t = match lang {
            Lang::Vi => role.title_vi(k),
            Lang::En => role.title_en(k),
        };
        if !names.contains(&t) {
            names.push(t);
        }
    }
    names.join(" / ")
}

/// A position's title in its body ("Trưởng ban", "Đại biểu HĐND").
pub(crate) fn position_title(lang: Lang, role: &str, body_kind: &str) -> String {
    let kind = body_kind.parse::<BodyKind>().unwrap_or(BodyKind::Council);
    match role.parse::<MemberRole>() {
        Ok(r) => match lang {
            Lang::Vi => r.title_vi(kind),
            Lang::En => r.title_en(kind),
        }
        .to_owned(),
        Err(_) => role.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// People and positions

pub struct PersonRow {
    pub href: String,
    pub name: String,
    pub birth_year: String,
    pub positions: String,
    pub constituency: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_people.html")]
pub struct PeoplePage {
    pub f: Frame,
    pub council: String,
    pub term: Option<String>,
    pub rows: Vec<PersonRow>,
    pub form: PersonInput,
    pub errs: Errs,
    pub notice: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct PeopleParams {
    pub hdnd: Option<String>,
    pub luu: Option<String>,
}

const PERSON_FIELDS: &[&str] = &[
    "full_name",
    "birth_year",
    "gender",
    "ethnicity",
    "occupation",
    "workplace",
    "party",
];

async fn people_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    council: Option<&str>,
    form: PersonInput,
    errs: Errs,
    notice: Option<&'static str>,
) -> Result<PeoplePage, PageError> {
    let d = council_directory(state, v, council)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let mut rows: Vec<PersonRow> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for s in &d.seats {
        let title = format!(
            "{} – {}",
            position_title(v.lang, &s.position.role, &s.position.organization_kind),
            s.position.organization_name
        );
        match index.get(&s.person.id) {
            Some(&i) => {
                let row = &mut rows[i];
                row.positions.push_str("; ");
                row.positions.push_str(&title);
                if row.constituency.is_empty() {
                    row.constituency = s.position.constituency_name.clone().unwrap_or_default();
                }
            }
            None => {
                index.insert(s.person.id, rows.len());
                rows.push(PersonRow {
                    href: format!("/quan-tri/dai-bieu/{}", s.person.id),
                    name: s.person.full_name.clone(),
                    birth_year: s
                        .person
                        .birth_year
                        .map(|y| y.to_string())
                        .unwrap_or_default(),
                    positions: title,
                    constituency: s.position.constituency_name.clone().unwrap_or_default(),
                });
            }
        }
    }
    Ok(PeoplePage {
        f: Frame::new(v, v.lang.t("ws.rec.people"), site, ""),
        council: d.council.name.clone(),
        term: d.term.as_ref().map(|t| t.name.clone()),
        rows,
        form,
        errs,
        notice,
    })
}

pub async fn people(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<PeopleParams>,
) -> Result<PeoplePage, PageError> {
    let site = site_name(&state, None).await;
    gate(&v, &site)?;
    let notice = p.luu.map(|_| v.lang.t("ws.rec.saved"));
    people_page(
        &state,
        &v,
        &site,
        p.hdnd.as_deref(),
        PersonInput::default(),
        Errs::default(),
        notice,
    )
    .await
}

pub async fn create_person(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<PersonInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match registry::save_person(&state.app, &v.ctx, None, &form).await {
        Ok(id) => Redirect::to(&format!("/quan-tri/dai-bieu/{id}?luu=1")).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, PERSON_FIELDS);
            match people_page(&state, &v, &site, None, form, errs, None).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

pub struct PositionRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub term: String,
    pub constituency: String,
    pub dates: String,
    pub full_time: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_person.html")]
pub struct PersonPage {
    pub f: Frame,
    pub id: i64,
    pub name: String,
    pub public_href: Option<String>,
    pub photo: Option<String>,
    pub form: PersonInput,
    pub errs: Errs,
    pub positions: Vec<PositionRow>,
    pub pos: PositionInput,
    pub pos_errs: Errs,
    pub photo_errs: Errs,
    pub bodies: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
    /// Constituencies grouped by the body they elect to.
    pub constituencies: Vec<(String, Vec<(String, String)>)>,
    pub notice: Option<&'static str>,
}

/// What a person page shows besides the stored record: a form typed with errors.
#[derive(Default)]
struct PersonForms {
    form: Option<PersonInput>,
    errs: Errs,
    pos: Option<PositionInput>,
    pos_errs: Errs,
    photo_errs: Errs,
    notice: Option<&'static str>,
}

/// The person and their positions, for those who keep the record of a council they sit in.
async fn person_with_positions(
    state: &AppState,
    v: &Viewer,
    id: i64,
) -> AppResult<(Person, Vec<Position>)> {
    registry::person_for_staff(&state.app, &v.ctx, id).await
}

fn input_of(p: &Person) -> PersonInput {
    PersonInput {
        full_name: p.full_name.clone(),
        birth_year: p.birth_year.map(|y| y.to_string()).unwrap_or_default(),
        gender: p.gender.clone().unwrap_or_default(),
        ethnicity: p.ethnicity.clone().unwrap_or_default(),
        occupation: p.occupation.clone().unwrap_or_default(),
        workplace: p.workplace.clone().unwrap_or_default(),
        party: p.party.clone().unwrap_or_default(),
    }
}

async fn person_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    forms: PersonForms,
) -> Result<PersonPage, PageError> {
    let (person, positions) = person_with_positions(state, v, id)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let d = council_directory(state, v, None)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let lang = v.lang;
    let body_name = |id: i64| {
        d.bodies
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.name.clone())
            .unwrap_or_default()
    };
    let mut constituencies: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for k in &d.constituencies {
        let group = body_name(k.organization_id);
        let item = (k.id.to_string(), format!("{}. {}", k.number, k.name));
        match constituencies.iter_mut().find(|(g, _)| *g == group) {
            Some((_, items)) => items.push(item),
            None => constituencies.push((group, vec![item])),
        }
    }
    let default_body = d
        .bodies
        .iter()
        .find(|b| b.kind == "council")
        .map(|b| b.id.to_string())
        .unwrap_or_default();
    let pos = forms.pos.unwrap_or_else(|| PositionInput {
        body_id: default_body,
        role: "member".into(),
        ..PositionInput::default()
    });
    Ok(PersonPage {
        f: Frame::new(v, person.full_name.clone(), site, ""),
        id,
        name: person.full_name.clone(),
        public_href: (!positions.is_empty())
            .then(|| registry::person_path(&person.full_name, person.id)),
        photo: person.photo.as_ref().map(|h| format!("/media/{h}/phone")),
        form: forms.form.unwrap_or_else(|| input_of(&person)),
        errs: forms.errs,
        positions: positions
            .iter()
            .map(|p| PositionRow {
                id: p.id,
                title: position_title(lang, &p.role, &p.organization_kind),
                body: p.organization_name.clone(),
                term: p.term_name.clone(),
                constituency: p.constituency_name.clone().unwrap_or_default(),
                dates: match (p.starts_on, p.ends_on) {
                    (None, None) => String::new(),
                    (s, e) => format!(
                        "{} – {}",
                        s.map(vntime::format_date).unwrap_or_default(),
                        e.map(vntime::format_date).unwrap_or_default()
                    ),
                },
                full_time: p.full_time,
            })
            .collect(),
        pos,
        pos_errs: forms.pos_errs,
        photo_errs: forms.photo_errs,
        bodies: d
            .bodies
            .iter()
            .map(|b| (b.id.to_string(), b.name.clone()))
            .collect(),
        roles: MemberRole::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), role_label(lang, *r)))
            .collect(),
        constituencies,
        notice: forms.notice,
    })
}

#[derive(Deserialize, Default)]
pub struct SavedParams {
    pub luu: Option<String>,
}

pub async fn person(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<SavedParams>,
) -> Result<PersonPage, PageError> {
    let site = site_name(&state, None).await;
    gate(&v, &site)?;
    let forms = PersonForms {
        notice: q.luu.map(|_| v.lang.t("ws.rec.saved")),
        ..PersonForms::default()
    };
    person_page(&state, &v, &site, id, forms).await
}

/// After a refused change on a person's page: the page again with the messages (422).
async fn person_refused(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    e: AppError,
    forms: impl FnOnce(&AppError) -> PersonForms,
) -> Response {
    if !matches!(e, AppError::Invalid(_)) {
        return refused(e, v, site);
    }
    match person_page(state, v, site, id, forms(&e)).await {
        Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn save_person(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<PersonInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match registry::save_person(&state.app, &v.ctx, Some(id), &form).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/dai-bieu/{id}?luu=1")).into_response(),
        Err(e) => {
            person_refused(&state, &v, &site, id, e, |e| PersonForms {
                errs: Errs::of(e, v.lang, PERSON_FIELDS),
                form: Some(form),
                ..PersonForms::default()
            })
            .await
        }
    }
}

pub async fn add_position(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<PositionInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match registry::add_position(&state.app, &v.ctx, id, &form).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/dai-bieu/{id}?luu=1#chuc-vu")).into_response(),
        Err(e) => {
            person_refused(&state, &v, &site, id, e, |e| PersonForms {
                pos_errs: Errs::of(
                    e,
                    v.lang,
                    &["body_id", "role", "starts_on", "ends_on", "constituency_id"],
                ),
                pos: Some(form),
                ..PersonForms::default()
            })
            .await
        }
    }
}

pub async fn remove_position(
    State(state): State<AppState>,
    v: Viewer,
    Path((id, position)): Path<(i64, i64)>,
) -> Response {
    let site = site_name(&state, None).await;
    match registry::remove_position(&state.app, &v.ctx, position).await {
        Ok(()) => Redirect::to(&format!("/quan-tri/dai-bieu/{id}#chuc-vu")).into_response(),
        Err(e) => {
            person_refused(&state, &v, &site, id, e, |e| PersonForms {
                pos_errs: Errs::of(e, v.lang, &[]),
                ..PersonForms::default()
            })
            .await
        }
    }
}

/// The photo (multipart, field `photo`): checked and resized like article images.
pub async fn upload_photo(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let site = site_name(&state, None).await;
    if let Err(e) = gate(&v, &site) {
        return e.into_response();
    }
    let up = match read_upload(&state, req, "photo").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let result = match up.file {
        Some((_, bytes)) => registry::set_photo(&state.app, &v.ctx, id, bytes)
            .await
            .map(|_| ()),
        None => Err(AppError::invalid(
            "photo",
            "Chọn một tệp ảnh JPEG, PNG hoặc WebP.",
            "Choose a JPEG, PNG or WebP image file.",
        )),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/quan-tri/dai-bieu/{id}?luu=1#anh")).into_response(),
        Err(e) => {
            person_refused(&state, &v, &site, id, e, |e| PersonForms {
                photo_errs: Errs::all_on(e, v.lang, "photo"),
                ..PersonForms::default()
            })
            .await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The delegate list from a CSV file

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_import.html")]
pub struct ImportPage {
    pub f: Frame,
    pub council: String,
    pub bodies: Vec<(String, String)>,
    pub body_id: String,
    pub text: String,
    pub errs: Errs,
    /// The counts of a check (`dry_run`) or of an import just done.
    pub report: Option<ImportReport>,
    pub dry_run: bool,
}

#[derive(Deserialize, Default)]
pub struct ImportParams {
    pub hdnd: Option<String>,
    #[serde(rename = "da-nhap")]
    pub done: Option<String>,
    #[serde(default, rename = "dong")]
    pub rows: usize,
    #[serde(default, rename = "moi")]
    pub created: usize,
    #[serde(default, rename = "co-san")]
    pub reused: usize,
    #[serde(default, rename = "chuc-vu")]
    pub positions: usize,
    #[serde(default, rename = "giu-nguyen")]
    pub unchanged: usize,
}

/// What the import page shows: the form as sent, its refusals or the counts (and whether they
/// are of a check only).
#[derive(Default)]
struct ImportState {
    body_id: String,
    text: String,
    errs: Errs,
    report: Option<(ImportReport, bool)>,
}

async fn import_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    council: Option<&str>,
    s: ImportState,
) -> Result<ImportPage, PageError> {
    let ImportState {
        body_id,
        text,
        errs,
        report,
    } = s;
    let d = council_directory(state, v, council)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let body_id = if body_id.is_empty() {
        d.bodies
            .iter()
            .find(|b| b.kind == "council")
            .map(|b| b.id.to_string())
            .unwrap_or_default()
    } else {
        body_id
    };
    let (report, dry_run) = match report {
        Some((r, dry)) => (Some(r), dry),
        None => (None, false),
    };
    Ok(ImportPage {
        f: Frame::new(v, v.lang.t("ws.rec.import"), site, ""),
        council: d.council.name.clone(),
        bodies: d
            .bodies
            .iter()
            .map(|b| (b.id.to_string(), b.name.clone()))
            .collect(),
        body_id,
        text,
        errs,
        report,
        dry_run,
    })
}

pub async fn import_form(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<ImportParams>,
) -> Result<ImportPage, PageError> {
    let site = site_name(&state, None).await;
    gate(&v, &site)?;
    let report = p.done.is_some().then_some((
        ImportReport {
            rows: p.rows,
            created: p.created,
            reused: p.reused,
            positions: p.positions,
            unchanged: p.unchanged,
        },
        false,
    ));
    let s = ImportState {
        report,
        ..ImportState::default()
    };
    import_page(&state, &v, &site, p.hdnd.as_deref(), s).await
}

/// Checks (`action=check`) or imports (`action=import`) a delegate list, uploaded as a file
/// (UTF-8 or a legacy Vietnamese encoding) or pasted.
pub async fn import(State(state): State<AppState>, v: Viewer, req: Request) -> Response {
    let site = site_name(&state, None).await;
    if let Err(e) = gate(&v, &site) {
        return e.into_response();
    }
    let up = match read_upload(&state, req, "file").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let body_id = up.get("body_id");
    let dry_run = up.get("action") != "import";
    let text = match &up.file {
        Some((_, bytes)) => vntext::decode_any(bytes),
        None => up.get("text"),
    };
    let result = if text.trim().is_empty() {
        Err(AppError::invalid(
            "file",
            "Chọn tệp CSV hoặc dán nội dung danh sách vào ô.",
            "Choose a CSV file or paste the list into the box.",
        ))
    } else {
        match body_id.trim().parse::<i64>() {
            Ok(b) => registry::import_delegates(&state.app, &v.ctx, b, &text, dry_run).await,
            Err(_) => Err(AppError::invalid(
                "body_id",
                "Hãy chọn cơ quan nhận danh sách.",
                "Choose the body the list belongs to.",
            )),
        }
    };
    match result {
        Ok(r) if !dry_run => Redirect::to(&format!(
            "/quan-tri/dai-bieu/nhap?da-nhap=1&dong={}&moi={}&co-san={}&chuc-vu={}&giu-nguyen={}",
            r.rows, r.created, r.reused, r.positions, r.unchanged
        ))
        .into_response(),
        Ok(r) => {
            let s = ImportState {
                body_id,
                text,
                report: Some((r, true)),
                ..ImportState::default()
            };
            match import_page(&state, &v, &site, None, s).await {
                Ok(p) => p.into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e @ AppError::Invalid(_)) => {
            let s = ImportState {
                body_id,
                text,
                errs: Errs::of(&e, v.lang, &["file", "body_id"]),
                report: None,
            };
            match import_page(&state, &v, &site, None, s).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

// ---------------------------------------------------------------------------------------------
// Constituencies

pub struct ConstituencyRow {
    pub body: String,
    pub number: i64,
    pub name: String,
    pub seats: i64,
}

#[derive(Debug, Default, Deserialize)]
pub struct ConstituencyForm {
    #[serde(default)]
    pub body_id: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub seats: String,
    #[serde(default)]
    pub units: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_constituencies.html")]
pub struct ConstituenciesPage {
    pub f: Frame,
    pub council: String,
    pub term: Option<String>,
    pub rows: Vec<ConstituencyRow>,
    pub bodies: Vec<(String, String)>,
    pub form: ConstituencyForm,
    pub errs: Errs,
    pub notice: Option<&'static str>,
}

async fn constituencies_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    council: Option<&str>,
    form: ConstituencyForm,
    errs: Errs,
    notice: Option<&'static str>,
) -> Result<ConstituenciesPage, PageError> {
    let d = council_directory(state, v, council)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let body_name = |id: i64| {
        d.bodies
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.name.clone())
            .unwrap_or_default()
    };
    let form = if form.body_id.is_empty() {
        ConstituencyForm {
            body_id: d
                .bodies
                .iter()
                .find(|b| b.kind == "council")
                .map(|b| b.id.to_string())
                .unwrap_or_default(),
            seats: if form.seats.is_empty() {
                "1".into()
            } else {
                form.seats
            },
            ..form
        }
    } else {
        form
    };
    Ok(ConstituenciesPage {
        f: Frame::new(v, v.lang.t("ws.rec.constituencies"), site, ""),
        council: d.council.name.clone(),
        term: d.term.as_ref().map(|t| t.name.clone()),
        rows: d
            .constituencies
            .iter()
            .map(|k| ConstituencyRow {
                body: body_name(k.organization_id),
                number: k.number,
                name: k.name.clone(),
                seats: k.seats,
            })
            .collect(),
        bodies: d
            .bodies
            .iter()
            .map(|b| (b.id.to_string(), b.name.clone()))
            .collect(),
        form,
        errs,
        notice,
    })
}

pub async fn constituencies(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<PeopleParams>,
) -> Result<ConstituenciesPage, PageError> {
    let site = site_name(&state, None).await;
    gate(&v, &site)?;
    let notice = p.luu.map(|_| v.lang.t("ws.rec.saved"));
    constituencies_page(
        &state,
        &v,
        &site,
        p.hdnd.as_deref(),
        ConstituencyForm::default(),
        Errs::default(),
        notice,
    )
    .await
}

pub async fn add_constituency(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<ConstituencyForm>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let result = match form.body_id.trim().parse::<i64>() {
        Ok(b) => {
            registry::add_constituency(
                &state.app,
                &v.ctx,
                b,
                &form.number,
                &form.name,
                &form.seats,
                &form.units,
            )
            .await
        }
        Err(_) => Err(AppError::invalid(
            "body_id",
            "Hãy chọn cơ quan.",
            "Choose a body.",
        )),
    };
    match result {
        Ok(_) => Redirect::to("/quan-tri/dai-bieu/don-vi-bau-cu?luu=1").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &["body_id", "number", "name", "seats", "units"]);
            match constituencies_page(&state, &v, &site, None, form, errs, None).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

// ---------------------------------------------------------------------------------------------
// Documents of events and resolutions

/// Forms that act on a document say which page to return to.
#[derive(Debug, Default, Deserialize)]
pub struct BackForm {
    #[serde(default)]
    pub next: String,
}

/// Only a workspace page is returned to (no open redirect).
fn back_to(next: &str) -> String {
    crate::frame::local_path(next)
        .filter(|p| p.starts_with("/quan-tri/"))
        .unwrap_or_else(|| "/quan-tri".to_owned())
}

pub async fn release_document(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<BackForm>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    match caunoi_app::documents::release(&state.app, &v.ctx, id).await {
        Ok(()) => Redirect::to(&back_to(&form.next)).into_response(),
        Err(e) => refused(e, &v, &site_name(&state, None).await),
    }
}

pub async fn remove_document(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<BackForm>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    match caunoi_app::documents::remove(&state.app, &v.ctx, id).await {
        Ok(()) => Redirect::to(&back_to(&form.next)).into_response(),
        Err(e) => refused(e, &v, &site_name(&state, None).await),
    }
}

/// Uploads of council documents: 20 MB files plus the multipart envelope.
pub(crate) const DOCUMENT_LIMIT: usize = 21 * 1024 * 1024;
/// An event's minutes or a resolution's text can be long: more than the 1 MB of other forms.
pub(crate) const LONG_FORM_LIMIT: usize = 4 * 1024 * 1024;
