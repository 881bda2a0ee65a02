//! Near-duplicate petitions in the workspace: the groups proposed over the council's open
//! petitions, each confirmed (merged into the lead the clerk chooses, without the members the
//! clerk unticks) or dismissed.

use super::registry::{Errs, refused};
use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_app::AppError;
use caunoi_app::petitions::groups::{self, ConfirmInput, DismissInput};
use serde::Deserialize;

pub struct MemberRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub commune: String,
    pub meeting: String,
    pub voters: i64,
    pub received: String,
    pub lead: bool,
}

pub struct ProposalView {
    pub n: usize,
    pub members: Vec<MemberRow>,
    pub voters: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_groups.html")]
pub struct GroupsPage {
    pub f: Frame,
    pub council: String,
    pub proposals: Vec<ProposalView>,
    pub errs: Errs,
    pub notice: Option<String>,
    /// The lead just confirmed: (href, code).
    pub lead: Option<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct DoneParams {
    /// `gop` (confirmed) or `bo-qua` (dismissed).
    pub xong: Option<String>,
    /// The lead petition's id after a confirmation.
    pub chinh: Option<i64>,
}

async fn page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    errs: Errs,
    notice: Option<String>,
    lead: Option<(String, String)>,
) -> Result<GroupsPage, PageError> {
    let found = groups::proposals(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, v, site))?;
    let lang = v.lang;
    Ok(GroupsPage {
        f: Frame::new(v, lang.t("ws.grp.title"), site, ""),
        council: found.council,
        proposals: found
            .proposals
            .iter()
            .enumerate()
            .map(|(i, p)| ProposalView {
                n: i + 1,
                voters: p.voters,
                members: p
                    .members
                    .iter()
                    .map(|m| MemberRow {
                        id: m.id,
                        code: m.code.clone(),
                        title: m.title.clone(),
                        commune: m.unit_name.clone().unwrap_or_default(),
                        meeting: m.event_title.clone().unwrap_or_default(),
                        voters: m.voters,
                        received: caunoi_domain::vntime::format_date(
                            m.received_at
                                .to_offset(caunoi_domain::vntime::VIETNAM)
                                .date(),
                        ),
                        lead: m.id == p.lead,
                    })
                    .collect(),
            })
            .collect(),
        errs,
        notice,
        lead,
    })
}

pub async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<DoneParams>,
) -> Result<GroupsPage, PageError> {
    let site = site_name(&state, None).await;
    let (notice, lead) = match q.xong.as_deref() {
        Some("gop") => (
            Some(v.lang.t("ws.grp.confirmed").to_owned()),
            q.chinh
                .map(|id| (format!("/quan-tri/kien-nghi/{id}"), format!("#{id}"))),
        ),
        Some("bo-qua") => (Some(v.lang.t("ws.grp.dismissed").to_owned()), None),
        _ => (None, None),
    };
    page(&state, &v, &site, Errs::default(), notice, lead).await
}

/// A refused confirmation or dismissal: the proposals again with the message (422).
async fn again(state: &AppState, v: &Viewer, site: &str, e: AppError) -> Response {
    if !matches!(e, AppError::Invalid(_)) {
        return refused(e, v, site);
    }
    match page(state, v, site, Errs::of(&e, v.lang, &[]), None, None).await {
        Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
        Err(e) => e.into_response(),
    }
}

fn unreadable() -> Response {
    (
        StatusCode::BAD_REQUEST,
        "Biểu mẫu không đọc được; hãy tải lại trang và gửi lại. / The form could not be read; reload the page and send it again.",
    )
        .into_response()
}

pub async fn confirm(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<Form<ConfirmInput>, axum_extra::extract::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return unreadable();
    };
    let site = site_name(&state, None).await;
    match groups::confirm(&state.app, &v.ctx, &form).await {
        Ok(lead) => Redirect::to(&format!(
            "/quan-tri/kien-nghi/trung-lap?xong=gop&chinh={lead}"
        ))
        .into_response(),
        Err(e) => again(&state, &v, &site, e).await,
    }
}

pub async fn dismiss(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<Form<DismissInput>, axum_extra::extract::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return unreadable();
    };
    let site = site_name(&state, None).await;
    match groups::dismiss(&state.app, &v.ctx, &form).await {
        Ok(()) => Redirect::to("/quan-tri/kien-nghi/trung-lap?xong=bo-qua").into_response(),
        Err(e) => again(&state, &v, &site, e).await,
    }
}
