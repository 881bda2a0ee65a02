//! The petition desk's set-up and fast entry: petitions typed in from a voter meeting, the
//! council's agencies and their responders, its fields, and the working-day calendar.

use super::petitions::{PetitionRow, row};
use super::registry::{Errs, refused};
use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{form_rejection, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::petitions::{
    self, AgencyInput, DayInput, FieldInput, MeetingInput, ResponderInput,
};
use caunoi_domain::vntime;
use serde::Deserialize;
use time::{Date, Weekday};

#[derive(Deserialize, Default)]
pub struct SavedParams {
    pub luu: Option<String>,
}

/// "Thứ Ba, 01/09/2026".
fn day_label(lang: Lang, d: Date) -> String {
    let wd = match d.weekday() {
        Weekday::Monday => lang.t("ws.pet.wd.mon"),
        Weekday::Tuesday => lang.t("ws.pet.wd.tue"),
        Weekday::Wednesday => lang.t("ws.pet.wd.wed"),
        Weekday::Thursday => lang.t("ws.pet.wd.thu"),
        Weekday::Friday => lang.t("ws.pet.wd.fri"),
        Weekday::Saturday => lang.t("ws.pet.wd.sat"),
        Weekday::Sunday => lang.t("ws.pet.wd.sun"),
    };
    format!("{wd}, {}", vntime::format_date(d))
}

// ---------------------------------------------------------------------------------------------
// Petitions of one voter meeting

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_meeting.html")]
pub struct MeetingPage {
    pub f: Frame,
    pub event_id: i64,
    pub heading: String,
    pub when: String,
    pub place: String,
    pub commune: String,
    pub form: MeetingInput,
    pub errs: Errs,
    pub fields: Vec<(String, String)>,
    pub rows: Vec<PetitionRow>,
    /// The code of the petition just recorded.
    pub recorded: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct RecordedParams {
    pub ghi: Option<String>,
}

async fn meeting_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    form: MeetingInput,
    errs: Errs,
    recorded: Option<String>,
) -> Result<MeetingPage, PageError> {
    let desk = petitions::meeting_desk(&state.app, &v.ctx, id)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let lang = v.lang;
    let e = &desk.event;
    let heading = format!("{}: {}", lang.t("ws.pet.meeting.title"), e.title);
    Ok(MeetingPage {
        f: Frame::new(v, heading.clone(), site, ""),
        event_id: id,
        heading,
        when: vntime::format_datetime(e.starts_at),
        place: e.place.clone(),
        commune: e.unit_name.clone().unwrap_or_default(),
        form,
        errs,
        fields: desk
            .fields
            .iter()
            .map(|f| (f.slug.clone(), f.name.clone()))
            .collect(),
        rows: desk
            .petitions
            .iter()
            .map(|(p, t)| row(lang, p, *t))
            .collect(),
        recorded,
    })
}

pub async fn meeting(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<RecordedParams>,
) -> Result<MeetingPage, PageError> {
    let site = site_name(&state, None).await;
    let recorded = q.ghi.filter(|c| !c.is_empty());
    meeting_page(
        &state,
        &v,
        &site,
        id,
        MeetingInput::default(),
        Errs::default(),
        recorded,
    )
    .await
}

pub async fn record(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<MeetingInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::record_from_meeting(&state.app, &v.ctx, id, &form).await {
        Ok(s) => Redirect::to(&format!(
            "/quan-tri/hoat-dong/{id}/kien-nghi?ghi={}",
            crate::frame::encode_path(&s.code)
        ))
        .into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &["title", "body", "field", "voters", "commune"]);
            match meeting_page(&state, &v, &site, id, form, errs, None).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

// ---------------------------------------------------------------------------------------------
// Agencies

pub struct AgencyView {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub email: String,
    /// "Name (e-mail)" and the account id of each responder.
    pub responders: Vec<(String, i64)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_agencies.html")]
pub struct AgenciesPage {
    pub f: Frame,
    pub council: String,
    pub agencies: Vec<AgencyView>,
    pub form: AgencyInput,
    pub errs: Errs,
    /// The agency whose responder form was refused, with the e-mail typed.
    pub resp_for: Option<i64>,
    pub resp_email: String,
    pub resp_errs: Errs,
    pub notice: Option<&'static str>,
}

impl AgenciesPage {
    /// The message under the e-mail field of agency `id`'s responder form.
    pub fn resp_err(&self, id: &i64) -> Option<String> {
        (self.resp_for == Some(*id))
            .then(|| self.resp_errs.on("email"))
            .flatten()
    }

    pub fn resp_value(&self, id: &i64) -> String {
        if self.resp_for == Some(*id) {
            self.resp_email.clone()
        } else {
            String::new()
        }
    }
}

#[derive(Default)]
struct AgencyForms {
    form: Option<AgencyInput>,
    errs: Errs,
    resp_for: Option<i64>,
    resp_email: String,
    resp_errs: Errs,
    notice: Option<&'static str>,
}

async fn agencies_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    forms: AgencyForms,
) -> Result<AgenciesPage, PageError> {
    let list = petitions::agencies(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    Ok(AgenciesPage {
        f: Frame::new(v, v.lang.t("ws.pet.agencies"), site, ""),
        council: list.council.name.clone(),
        agencies: list
            .agencies
            .iter()
            .map(|a| AgencyView {
                id: a.agency.id,
                name: a.agency.name.clone(),
                slug: a.agency.slug.clone(),
                email: a.agency.email.clone().unwrap_or_default(),
                responders: a
                    .responders
                    .iter()
                    .map(|r| (format!("{} ({})", r.display_name, r.email), r.user_id))
                    .collect(),
            })
            .collect(),
        form: forms.form.unwrap_or_default(),
        errs: forms.errs,
        resp_for: forms.resp_for,
        resp_email: forms.resp_email,
        resp_errs: forms.resp_errs,
        notice: forms.notice,
    })
}

async fn agencies_refused(
    state: &AppState,
    v: &Viewer,
    site: &str,
    e: AppError,
    forms: AgencyForms,
) -> Response {
    if !matches!(e, AppError::Invalid(_)) {
        return refused(e, v, site);
    }
    match agencies_page(state, v, site, forms).await {
        Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn agencies(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<SavedParams>,
) -> Result<AgenciesPage, PageError> {
    let site = site_name(&state, None).await;
    let forms = AgencyForms {
        notice: q.luu.map(|_| v.lang.t("ws.rec.saved")),
        ..AgencyForms::default()
    };
    agencies_page(&state, &v, &site, forms).await
}

pub async fn create_agency(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<AgencyInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::create_agency(&state.app, &v.ctx, &form).await {
        Ok(id) => {
            Redirect::to(&format!("/quan-tri/kien-nghi/co-quan?luu=1#co-quan-{id}")).into_response()
        }
        Err(e) => {
            let errs = Errs::of(&e, v.lang, &["name", "slug", "email"]);
            let forms = AgencyForms {
                form: Some(form),
                errs,
                ..AgencyForms::default()
            };
            agencies_refused(&state, &v, &site, e, forms).await
        }
    }
}

pub async fn add_responder(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<ResponderInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::add_responder(&state.app, &v.ctx, id, &form).await {
        Ok(()) => {
            Redirect::to(&format!("/quan-tri/kien-nghi/co-quan?luu=1#co-quan-{id}")).into_response()
        }
        Err(e) => {
            let forms = AgencyForms {
                resp_for: Some(id),
                resp_errs: Errs::all_on(&e, v.lang, "email"),
                resp_email: form.email,
                ..AgencyForms::default()
            };
            agencies_refused(&state, &v, &site, e, forms).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fields

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_fields.html")]
pub struct FieldsPage {
    pub f: Frame,
    pub council: String,
    /// (name, slug, id)
    pub fields: Vec<(String, String, i64)>,
    pub form: FieldInput,
    pub errs: Errs,
    pub notice: Option<&'static str>,
}

pub(crate) async fn fields_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    form: FieldInput,
    errs: Errs,
    notice: Option<&'static str>,
) -> Result<FieldsPage, PageError> {
    let list = petitions::fields(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    Ok(FieldsPage {
        f: Frame::new(v, v.lang.t("ws.pet.fields"), site, ""),
        council: list.council.name.clone(),
        fields: list
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.slug.clone(), f.id))
            .collect(),
        form,
        errs,
        notice,
    })
}

pub async fn fields(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<SavedParams>,
) -> Result<FieldsPage, PageError> {
    let site = site_name(&state, None).await;
    let notice = q.luu.map(|_| v.lang.t("ws.rec.saved"));
    fields_page(
        &state,
        &v,
        &site,
        FieldInput::default(),
        Errs::default(),
        notice,
    )
    .await
}

pub async fn add_field(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<FieldInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::add_field(&state.app, &v.ctx, &form).await {
        Ok(_) => Redirect::to("/quan-tri/kien-nghi/linh-vuc?luu=1").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &["name", "slug"]);
            match fields_page(&state, &v, &site, form, errs, None).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

// ---------------------------------------------------------------------------------------------
// The working-day calendar

pub struct AdjustmentRow {
    /// `2026-09-01`, for the remove button.
    pub key: String,
    pub day: String,
    pub kind: String,
    pub reason: String,
}

pub struct YearView {
    pub year: i32,
    /// (day, name or reason)
    pub days_off: Vec<(String, String)>,
    pub working_days: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_calendar.html")]
pub struct CalendarPage {
    pub f: Frame,
    pub adjustments: Vec<AdjustmentRow>,
    pub years: Vec<YearView>,
    pub kinds: Vec<(String, String)>,
    pub form: DayInput,
    pub errs: Errs,
    pub notice: Option<&'static str>,
}

fn kind_label(lang: Lang, kind: &str) -> String {
    match kind {
        "day_off" => lang.t("ws.pet.cal.day_off").to_owned(),
        "working_day" => lang.t("ws.pet.cal.working_day").to_owned(),
        other => other.to_owned(),
    }
}

async fn calendar_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    form: DayInput,
    errs: Errs,
    notice: Option<&'static str>,
) -> Result<CalendarPage, PageError> {
    let cal = petitions::calendar(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let lang = v.lang;
    Ok(CalendarPage {
        f: Frame::new(v, lang.t("ws.pet.calendar"), site, ""),
        adjustments: cal
            .adjustments
            .iter()
            .map(|a| AdjustmentRow {
                key: a.day.to_string(),
                day: day_label(lang, a.day),
                kind: kind_label(lang, &a.kind),
                reason: a.reason.clone(),
            })
            .collect(),
        years: cal
            .years
            .iter()
            .map(|y| YearView {
                year: y.year,
                days_off: y
                    .days_off
                    .iter()
                    .map(|(d, r)| (day_label(lang, *d), r.clone()))
                    .collect(),
                working_days: y
                    .working_days
                    .iter()
                    .map(|(d, r)| (day_label(lang, *d), r.clone()))
                    .collect(),
            })
            .collect(),
        kinds: ["day_off", "working_day"]
            .iter()
            .map(|k| ((*k).to_owned(), kind_label(lang, k)))
            .collect(),
        form: if form.kind.is_empty() {
            DayInput {
                kind: "day_off".into(),
                ..form
            }
        } else {
            form
        },
        errs,
        notice,
    })
}

pub async fn calendar(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<SavedParams>,
) -> Result<CalendarPage, PageError> {
    let site = site_name(&state, None).await;
    let notice = q.luu.map(|_| v.lang.t("ws.rec.saved"));
    calendar_page(
        &state,
        &v,
        &site,
        DayInput::default(),
        Errs::default(),
        notice,
    )
    .await
}

pub async fn set_day(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<DayInput>, FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match petitions::set_day(&state.app, &v.ctx, &form).await {
        Ok(_) => Redirect::to("/quan-tri/lich-nghi?luu=1").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errs = Errs::of(&e, v.lang, &["day", "kind", "reason"]);
            match calendar_page(&state, &v, &site, form, errs, None).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => refused(e, &v, &site),
    }
}

pub async fn remove_day(
    State(state): State<AppState>,
    v: Viewer,
    Path(day): Path<String>,
) -> Response {
    let site = site_name(&state, None).await;
    match petitions::remove_day(&state.app, &v.ctx, &day).await {
        Ok(()) => Redirect::to("/quan-tri/lich-nghi?luu=1").into_response(),
        Err(e) => refused(e, &v, &site),
    }
}
