//! The council's activities in the workspace: the staff list, the form of an event with its
//! agenda and, by kind, attendance, questions, recommendations, reception counts and documents.

use super::registry::{Errs, gate, home_unit, position_title, read_upload, refused};
use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{PageParams, Pager, form_rejection, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::events::{self, EventInput, EventPage, QuestionInput};
use caunoi_app::registry::{self, DirectoryQuery};
use caunoi_app::{AppError, AppResult};
use caunoi_domain::event::{
    Attendance, EventKind, EventState, ParticipantRole, RecommendationStatus, SessionKind,
    SessionTiming,
};
use caunoi_domain::vntime::{self, VIETNAM};
use serde::Deserialize;
use std::collections::HashSet;

/// (value, label) of a word list, in the reader's language.
macro_rules! choices {
    ($lang:expr, $list:expr) => {
        $list
            .iter()
            .map(|k| {
                (
                    k.as_str().to_owned(),
                    match $lang {
                        Lang::Vi => k.label_vi(),
                        Lang::En => k.label_en(),
                    }
                    .to_owned(),
                )
            })
            .collect::<Vec<(String, String)>>()
    };
}

fn kind_label(lang: Lang, kind: &str) -> String {
    match kind.parse::<EventKind>() {
        Ok(k) => match lang {
            Lang::Vi => k.label_vi(),
            Lang::En => k.label_en(),
        }
        .to_owned(),
        Err(_) => kind.to_owned(),
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

// ---------------------------------------------------------------------------------------------
// The list

pub struct EventRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub council: String,
    pub when: String,
    pub state: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_events.html")]
pub struct EventsPage {
    pub f: Frame,
    pub rows: Vec<EventRow>,
    pub pager: Pager,
    /// (href, label, current)
    pub filters: Vec<(String, String, bool)>,
    pub new_href: String,
}

#[derive(Deserialize)]
pub struct ListParams {
    pub loai: Option<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

pub async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<ListParams>,
) -> Result<EventsPage, PageError> {
    let site = site_name(&state, None).await;
    let kind = p.loai.as_deref().and_then(|k| k.parse::<EventKind>().ok());
    let (page, _) = p.page.parse(50).unwrap_or((1, 50));
    let items = events::staff_list(&state.app, &v.ctx, kind.map(|k| k.as_str()), page)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    let lang = v.lang;
    let mut filters = vec![(
        "/quan-tri/hoat-dong".to_owned(),
        lang.t("ws.rec.all").to_owned(),
        kind.is_none(),
    )];
    for k in EventKind::ALL {
        filters.push((
            format!("/quan-tri/hoat-dong?loai={}", k.as_str()),
            kind_label(lang, k.as_str()),
            kind == Some(*k),
        ));
    }
    let base = match kind {
        Some(k) => format!("/quan-tri/hoat-dong?loai={}", k.as_str()),
        None => "/quan-tri/hoat-dong".into(),
    };
    Ok(EventsPage {
        f: Frame::new(&v, lang.t("ws.rec.events"), &site, ""),
        pager: Pager::new(&items, base),
        rows: items
            .items
            .iter()
            .map(|e| EventRow {
                href: format!("/quan-tri/hoat-dong/{}", e.id),
                title: e.title.clone(),
                kind: kind_label(lang, &e.kind),
                council: e.council_name.clone(),
                when: vntime::format_datetime(e.starts_at),
                state: state_label(lang, &e.state),
            })
            .collect(),
        filters,
        new_href: match kind {
            Some(k) => format!("/quan-tri/hoat-dong/moi?loai={}", k.as_str()),
            None => "/quan-tri/hoat-dong/moi".into(),
        },
    })
}

// ---------------------------------------------------------------------------------------------
// The event form and its sub-forms

/// A seat holder as the attendance table lists them.
pub struct SeatRow {
    pub person_id: i64,
    pub name: String,
    pub title: String,
    pub role: String,
    pub attendance: String,
}

pub struct QuestionRow {
    pub asker: String,
    pub official: String,
    pub topic: String,
    pub body: String,
    pub answer: String,
}

pub struct RecommendationRow {
    pub id: i64,
    pub body: String,
    pub addressee: String,
    pub status: String,
    pub follow_up: String,
}

pub struct DocumentRow {
    pub id: i64,
    pub title: String,
    pub href: String,
    pub size: String,
    pub public: bool,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct RecommendationForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub addressee: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub follow_up: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/registry_event.html")]
pub struct EditPage {
    pub f: Frame,
    pub id: Option<i64>,
    pub heading: String,
    pub public_href: Option<String>,
    pub form: EventInput,
    pub errs: Errs,
    pub kinds: Vec<(String, String)>,
    pub session_kinds: Vec<(String, String)>,
    pub states: Vec<(String, String)>,
    pub timings: Vec<(String, String)>,
    pub sessions: Vec<(String, String)>,
    pub has_questions: bool,
    pub has_recommendations: bool,
    pub has_reception: bool,
    pub seats: Vec<SeatRow>,
    pub part_roles: Vec<(String, String)>,
    pub attendances: Vec<(String, String)>,
    pub part_errs: Errs,
    pub questions: Vec<QuestionRow>,
    pub askers: Vec<(String, String)>,
    pub q: QuestionInput,
    pub q_errs: Errs,
    pub recommendations: Vec<RecommendationRow>,
    pub rec_statuses: Vec<(String, String)>,
    pub rec: RecommendationForm,
    pub rec_errs: Errs,
    pub reception: String,
    pub recep_errs: Errs,
    pub documents: Vec<DocumentRow>,
    pub doc_title: String,
    pub doc_errs: Errs,
    pub doc_upload: String,
    pub doc_next: String,
    pub doc_public_choice: bool,
    pub notice: Option<&'static str>,
}

const EVENT_FIELDS: &[&str] = &[
    "council",
    "kind",
    "session_kind",
    "title",
    "summary",
    "start_date",
    "end_date",
    "place",
    "unit",
    "session_id",
    "session_timing",
    "organisers",
    "stream_url",
    "minutes_md",
    "report_md",
    "received_total",
    "state",
    "agenda",
];

/// What an edit page shows besides the stored event: the form that was refused, if any.
#[derive(Default)]
struct Forms {
    event: Option<EventInput>,
    errs: Errs,
    part_errs: Errs,
    q: Option<QuestionInput>,
    q_errs: Errs,
    rec: Option<RecommendationForm>,
    rec_errs: Errs,
    reception: Option<String>,
    recep_errs: Errs,
    doc_title: Option<String>,
    doc_errs: Errs,
    notice: Option<&'static str>,
}

fn hh_mm(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(VIETNAM);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn input_of(p: &EventPage) -> EventInput {
    let e = &p.event;
    EventInput {
        council: e.council_unit_code.clone(),
        kind: e.kind.clone(),
        session_kind: e.session_kind.clone().unwrap_or_default(),
        title: e.title.clone(),
        summary: e.summary.clone(),
        start_date: vntime::format_date(e.starts_at.to_offset(VIETNAM).date()),
        start_time: hh_mm(e.starts_at),
        end_date: vntime::format_date(e.ends_at.to_offset(VIETNAM).date()),
        end_time: hh_mm(e.ends_at),
        place: e.place.clone(),
        unit: e.unit_code.clone().unwrap_or_default(),
        session_id: e.session_id.map(|s| s.to_string()).unwrap_or_default(),
        session_timing: e.session_timing.clone().unwrap_or_default(),
        organisers: e.organisers.clone(),
        stream_url: e.stream_url.clone().unwrap_or_default(),
        minutes_md: e.minutes_md.clone(),
        report_md: e.report_md.clone(),
        received_total: e.received_total.map(|n| n.to_string()).unwrap_or_default(),
        state: e.state.clone(),
        agenda: p
            .agenda
            .iter()
            .map(|a| a.title.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Sessions a voter meeting (or a resolution) may belong to.
pub(crate) async fn session_choices(
    state: &AppState,
    v: &Viewer,
    except: Option<i64>,
) -> AppResult<Vec<(String, String)>> {
    Ok(
        events::staff_list(&state.app, &v.ctx, Some(EventKind::Session.as_str()), 1)
            .await?
            .items
            .into_iter()
            .filter(|s| Some(s.id) != except)
            .map(|s| {
                (
                    s.id.to_string(),
                    format!(
                        "{} ({})",
                        s.title,
                        vntime::format_date(s.starts_at.to_offset(VIETNAM).date())
                    ),
                )
            })
            .collect(),
    )
}

/// The seat holders of the event's council in the term of its date, one row per person,
/// leaders first; people already recorded but no longer seated are kept.
async fn seat_rows(state: &AppState, lang: Lang, p: &EventPage) -> AppResult<Vec<SeatRow>> {
    let e = &p.event;
    let q = DirectoryQuery {
        council: Some(e.council_unit_code.clone()),
        ..DirectoryQuery::default()
    };
    let mut d = registry::directory(&state.app, &q).await?;
    let day = e.starts_at.to_offset(VIETNAM).date();
    if let Some(t) = d
        .terms
        .iter()
        .find(|t| t.starts_on <= day && day <= t.ends_on)
        && d.term.as_ref().map(|x| x.id) != Some(t.id)
    {
        let term = Some(t.id);
        d = registry::directory(&state.app, &DirectoryQuery { term, ..q }).await?;
    }
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for s in &d.seats {
        if !seen.insert(s.person.id) {
            continue;
        }
        let taken = p.participants.iter().find(|x| x.person_id == s.person.id);
        rows.push(SeatRow {
            person_id: s.person.id,
            name: s.person.full_name.clone(),
            title: format!(
                "{} – {}",
                position_title(lang, &s.position.role, &s.position.organization_kind),
                s.position.organization_name
            ),
            role: taken.map(|x| x.role.clone()).unwrap_or_default(),
            attendance: taken.and_then(|x| x.attendance.clone()).unwrap_or_default(),
        });
    }
    for x in &p.participants {
        if seen.insert(x.person_id) {
            rows.push(SeatRow {
                person_id: x.person_id,
                name: x.full_name.clone(),
                title: String::new(),
                role: x.role.clone(),
                attendance: x.attendance.clone().unwrap_or_default(),
            });
        }
    }
    Ok(rows)
}

fn base_page(v: &Viewer, site: &str, heading: String) -> EditPage {
    let lang = v.lang;
    EditPage {
        f: Frame::new(v, heading.clone(), site, ""),
        id: None,
        heading,
        public_href: None,
        form: EventInput::default(),
        errs: Errs::default(),
        kinds: choices!(lang, EventKind::ALL),
        session_kinds: choices!(lang, SessionKind::ALL),
        states: choices!(lang, EventState::ALL),
        timings: choices!(lang, SessionTiming::ALL),
        sessions: Vec::new(),
        has_questions: false,
        has_recommendations: false,
        has_reception: false,
        seats: Vec::new(),
        part_roles: choices!(lang, ParticipantRole::ALL),
        attendances: choices!(lang, Attendance::ALL),
        part_errs: Errs::default(),
        questions: Vec::new(),
        askers: Vec::new(),
        q: QuestionInput::default(),
        q_errs: Errs::default(),
        recommendations: Vec::new(),
        rec_statuses: choices!(lang, RecommendationStatus::ALL),
        rec: RecommendationForm::default(),
        rec_errs: Errs::default(),
        reception: String::new(),
        recep_errs: Errs::default(),
        documents: Vec::new(),
        doc_title: String::new(),
        doc_errs: Errs::default(),
        doc_upload: String::new(),
        doc_next: String::new(),
        doc_public_choice: true,
        notice: None,
    }
}

async fn new_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    form: EventInput,
    errs: Errs,
) -> Result<EditPage, PageError> {
    let sessions = session_choices(state, v, None)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    Ok(EditPage {
        form,
        errs,
        sessions,
        ..base_page(v, site, v.lang.t("ws.rec.event.new").to_owned())
    })
}

#[derive(Deserialize, Default)]
pub struct NewParams {
    pub loai: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<NewParams>,
) -> Result<EditPage, PageError> {
    let site = site_name(&state, None).await;
    gate(&v, &site)?;
    let kind = p
        .loai
        .as_deref()
        .and_then(|k| k.parse::<EventKind>().ok())
        .unwrap_or(EventKind::Session);
    let form = EventInput {
        council: home_unit(&v).unwrap_or_default(),
        kind: kind.as_str().into(),
        state: EventState::Draft.as_str().into(),
        ..EventInput::default()
    };
    new_page(&state, &v, &site, form, Errs::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<EventInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match events::save(&state.app, &v.ctx, None, &form).await {
        Ok(id) => Redirect::to(&format!("/quan-tri/hoat-dong/{id}?luu=1")).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, EVENT_FIELDS);
            match new_page(&state, &v, &site, form, errs).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

async fn edit_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    forms: Forms,
) -> Result<EditPage, PageError> {
    let fail = |e: AppError| PageError::new(e, v, site);
    let p = events::staff_page(&state.app, &v.ctx, id)
        .await
        .map_err(fail)?;
    let lang = v.lang;
    let sessions = session_choices(state, v, Some(id)).await.map_err(fail)?;
    let seats = seat_rows(state, lang, &p).await.map_err(fail)?;
    let e = &p.event;
    let kind = e.kind.clone();
    Ok(EditPage {
        id: Some(id),
        public_href: (e.state == EventState::Published.as_str())
            .then(|| events::event_path(&e.slug, e.id)),
        form: forms.event.unwrap_or_else(|| input_of(&p)),
        errs: forms.errs,
        sessions,
        has_questions: matches!(kind.as_str(), "question_time" | "hearing" | "session"),
        has_recommendations: matches!(kind.as_str(), "supervision" | "hearing"),
        has_reception: kind == EventKind::CitizenReception.as_str(),
        askers: seats
            .iter()
            .map(|s| (s.person_id.to_string(), s.name.clone()))
            .collect(),
        seats,
        part_errs: forms.part_errs,
        questions: p
            .questions
            .iter()
            .map(|q| QuestionRow {
                asker: q.asker_name.clone(),
                official: q.official.clone(),
                topic: q.topic.clone(),
                body: q.body.clone(),
                answer: q.answer.clone(),
            })
            .collect(),
        q: forms.q.unwrap_or_default(),
        q_errs: forms.q_errs,
        recommendations: p
            .recommendations
            .iter()
            .map(|r| RecommendationRow {
                id: r.id,
                body: r.body.clone(),
                addressee: r.addressee.clone(),
                status: r.status.clone(),
                follow_up: r.follow_up.clone(),
            })
            .collect(),
        rec: forms.rec.unwrap_or_default(),
        rec_errs: forms.rec_errs,
        reception: forms.reception.unwrap_or_else(|| {
            p.reception
                .iter()
                .map(|(field, n)| format!("{field}: {n}"))
                .collect::<Vec<_>>()
                .join("\n")
        }),
        recep_errs: forms.recep_errs,
        documents: p
            .documents
            .iter()
            .map(|d| DocumentRow {
                id: d.id,
                title: d.title.clone(),
                href: format!("/tai-lieu/{}/{}", d.id, d.file_name),
                size: size_label(d.size),
                public: d.public,
            })
            .collect(),
        doc_title: forms.doc_title.unwrap_or_default(),
        doc_errs: forms.doc_errs,
        doc_upload: format!("/quan-tri/hoat-dong/{id}/tai-lieu"),
        doc_next: format!("/quan-tri/hoat-dong/{id}#tai-lieu"),
        notice: forms.notice,
        ..base_page(v, site, e.title.clone())
    })
}

/// "1,2 MB": a file size as people read it.
pub(crate) fn size_label(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
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
    edit_page(&state, &v, &site, id, forms).await
}

/// After a refused change on an event's page: the page again with the messages (422).
async fn event_refused(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    e: AppError,
    forms: impl FnOnce(&AppError) -> Forms,
) -> Response {
    if !matches!(e, AppError::Invalid(_)) {
        return refused(e, v, site);
    }
    match edit_page(state, v, site, id, forms(&e)).await {
        Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
        Err(e) => e.into_response(),
    }
}

fn saved(id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/quan-tri/hoat-dong/{id}?luu=1{anchor}")).into_response()
}

pub async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<EventInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match events::save(&state.app, &v.ctx, Some(id), &form).await {
        Ok(_) => saved(id, ""),
        Err(e) => {
            event_refused(&state, &v, &site, id, e, |e| Forms {
                errs: Errs::of(e, v.lang, EVENT_FIELDS),
                event: Some(form),
                ..Forms::default()
            })
            .await
        }
    }
}

/// The attendance table: for each person `role-{id}` (empty: not taking part) and `att-{id}`.
pub async fn participants(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    let axum::Form(pairs) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let value = |key: String| {
        pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut people = Vec::new();
    for (k, role) in &pairs {
        let Some(person) = k.strip_prefix("role-").and_then(|p| p.parse::<i64>().ok()) else {
            continue;
        };
        if role.trim().is_empty() {
            continue;
        }
        people.push((person, role.clone(), value(format!("att-{person}"))));
    }
    match events::set_participants(&state.app, &v.ctx, id, &people).await {
        Ok(()) => saved(id, "#tham-du"),
        Err(e) => {
            event_refused(&state, &v, &site, id, e, |e| Forms {
                part_errs: Errs::of(e, v.lang, &[]),
                ..Forms::default()
            })
            .await
        }
    }
}

pub async fn add_question(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<QuestionInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match events::add_question(&state.app, &v.ctx, id, &form).await {
        Ok(_) => saved(id, "#chat-van"),
        Err(e) => {
            event_refused(&state, &v, &site, id, e, |e| Forms {
                q_errs: Errs::of(
                    e,
                    v.lang,
                    &[
                        "asker_id",
                        "official",
                        "agency",
                        "topic",
                        "body",
                        "answer",
                        "follow_up",
                    ],
                ),
                q: Some(form),
                ..Forms::default()
            })
            .await
        }
    }
}

pub async fn add_recommendation(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<RecommendationForm>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let result = events::save_recommendation(
        &state.app,
        &v.ctx,
        id,
        None,
        &form.body,
        &form.addressee,
        &form.status,
        &form.follow_up,
    )
    .await;
    match result {
        Ok(_) => saved(id, "#kien-nghi"),
        Err(e) => {
            event_refused(&state, &v, &site, id, e, |e| Forms {
                rec_errs: Errs::of(e, v.lang, &["body", "addressee", "status", "follow_up"]),
                rec: Some(form),
                ..Forms::default()
            })
            .await
        }
    }
}

pub async fn update_recommendation(
    State(state): State<AppState>,
    v: Viewer,
    Path((id, rid)): Path<(i64, i64)>,
    form: Result<axum::Form<RecommendationForm>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let result = events::save_recommendation(
        &state.app,
        &v.ctx,
        id,
        Some(rid),
        &form.body,
        &form.addressee,
        &form.status,
        &form.follow_up,
    )
    .await;
    match result {
        Ok(_) => saved(id, "#kien-nghi"),
        Err(e) => {
            event_refused(&state, &v, &site, id, e, |e| Forms {
                rec_errs: Errs::of(e, v.lang, &[]),
                ..Forms::default()
            })
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ReceptionForm {
    #[serde(default)]
    pub fields: String,
}

pub async fn reception(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<ReceptionForm>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match events::set_reception(&state.app, &v.ctx, id, &form.fields).await {
        Ok(()) => saved(id, "#tiep-cong-dan"),
        Err(e) => {
            event_refused(&state, &v, &site, id, e, |e| Forms {
                recep_errs: Errs::of(e, v.lang, &["fields"]),
                reception: Some(form.fields),
                ..Forms::default()
            })
            .await
        }
    }
}

/// A document (multipart: `title`, `file`, `public`), PDF or DOCX, checked from its bytes.
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
    let public = !up.get("public").is_empty();
    let result = match up.file {
        Some((name, bytes)) => {
            events::attach_document(&state.app, &v.ctx, id, &title, &name, bytes, public).await
        }
        None => Err(AppError::invalid(
            "file",
            "Chọn một tệp PDF hoặc DOCX.",
            "Choose a PDF or DOCX file.",
        )),
    };
    match result {
        Ok(_) => saved(id, "#tai-lieu"),
        Err(e) => {
            event_refused(&state, &v, &site, id, e, |e| Forms {
                doc_errs: Errs::of(e, v.lang, &["title", "file"]),
                doc_title: Some(title),
                ..Forms::default()
            })
            .await
        }
    }
}
