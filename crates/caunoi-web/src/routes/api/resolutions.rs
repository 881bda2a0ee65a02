//! `/api/v1/resolutions`: published resolutions with the status they have today, the links
//! between them and their public files.

use super::events::{DocumentDto, EventItem, document_dto};
use super::registry::{CouncilRef, app_error, base, council_code, number, pages, path_id, query};
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use caunoi_app::opendata;
use caunoi_app::resolutions::{self, ListQuery, Listed};
use caunoi_domain::resolution::ResolutionStatus;
use caunoi_store::resolutions::{Link, Resolution};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
}

/// Another resolution, as a link names it.
#[derive(Serialize, ToSchema)]
pub struct ResolutionRef {
    pub id: i64,
    /// `15/2025/NQ-HĐND`.
    pub number: String,
    pub title: String,
    /// Absolute URL of its page.
    pub url: String,
}

impl ResolutionRef {
    pub(super) fn new(base: &str, id: i64, slug: &str, number: String, title: String) -> Self {
        ResolutionRef {
            url: format!("{base}{}", resolutions::resolution_path(slug, id)),
            id,
            number,
            title,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ResolutionItem {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub council: CouncilRef,
    /// The field it governs ("Tài chính – Ngân sách").
    pub field: String,
    pub year: i64,
    /// ISO dates.
    pub adopted_on: String,
    pub effective_on: Option<String>,
    pub expires_on: Option<String>,
    /// Today's status: not_yet_effective, effective, amended, replaced or expired.
    pub status: String,
    pub status_label: String,
    /// The session that adopted it.
    pub session_id: Option<i64>,
    /// Absolute URL of its page.
    pub url: String,
}

fn item(base: &str, r: Resolution, status: ResolutionStatus) -> ResolutionItem {
    ResolutionItem {
        url: format!("{base}{}", resolutions::resolution_path(&r.slug, r.id)),
        id: r.id,
        number: r.number,
        title: r.title,
        council: CouncilRef {
            code: r.council_unit_code,
            name: r.council_name,
        },
        field: r.field,
        year: r.year,
        adopted_on: r.adopted_on.to_string(),
        effective_on: r.effective_on.map(|d| d.to_string()),
        expires_on: r.expires_on.map(|d| d.to_string()),
        status: status.as_str().to_owned(),
        status_label: status.label_vi().to_owned(),
        session_id: r.session_id,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ResolutionPage {
    pub items: Vec<ResolutionItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct ResolutionsQuery {
    /// Unit code of the council (default: every council).
    pub council: Option<String>,
    /// Year of adoption.
    pub year: Option<String>,
    /// Field, exactly as listed ("Tài chính – Ngân sách").
    pub field: Option<String>,
    /// not_yet_effective, effective, amended, replaced or expired.
    pub status: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Published resolutions, newest adoption first.
#[utoipa::path(get, path = "/api/v1/resolutions", tag = "resolutions", params(ResolutionsQuery),
    responses((status = 200, body = ResolutionPage), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<ResolutionsQuery>, QueryRejection>,
) -> Result<Json<ResolutionPage>, ApiError> {
    let q = query(&v, q)?;
    let (page, per_page) = pages(&v, &q.page, &q.per_page)?;
    let lq = ListQuery {
        council: council_code(&v, "council", q.council.as_deref())?.map(|c| c.to_string()),
        year: number(&v, "year", q.year.as_deref())?,
        field: q.field.clone(),
        status: q.status.clone(),
    };
    let l = resolutions::list(&state.app, &lq, page, per_page)
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    Ok(Json(ResolutionPage {
        total: l.items.total,
        page: l.items.page,
        per_page: l.items.per_page,
        items: l
            .items
            .items
            .into_iter()
            .map(|Listed { resolution, status }| item(base, resolution, status))
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ResolutionDetail {
    #[serde(flatten)]
    pub resolution: ResolutionItem,
    /// The text, in Markdown.
    pub body_md: String,
    /// Resolutions this one amends.
    pub amends: Vec<ResolutionRef>,
    /// Resolutions this one replaces.
    pub replaces: Vec<ResolutionRef>,
    pub amended_by: Vec<ResolutionRef>,
    pub replaced_by: Vec<ResolutionRef>,
    /// Public files (the signed PDF, the DOCX).
    pub documents: Vec<DocumentDto>,
    /// The session that adopted it, when published.
    pub session: Option<EventItem>,
}

/// One published resolution with its links.
#[utoipa::path(get, path = "/api/v1/resolutions/{id}", tag = "resolutions",
    params(("id" = i64, Path, description = "Resolution id")),
    responses((status = 200, body = ResolutionDetail), (status = 404, body = Problem)))]
async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Json<ResolutionDetail>, ApiError> {
    let id = path_id(&v, &id, "resolution")?;
    let d = opendata::resolution(&state.app, id)
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    // `changes` point from this one to others (`to_id`); `changed_by` from others (`from_id`).
    let refs = |links: &[Link], kind: &str, outgoing: bool| -> Vec<ResolutionRef> {
        links
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| {
                let other = if outgoing { l.to_id } else { l.from_id };
                ResolutionRef::new(
                    base,
                    other,
                    &l.other_slug,
                    l.other_number.clone(),
                    l.other_title.clone(),
                )
            })
            .collect()
    };
    Ok(Json(ResolutionDetail {
        amends: refs(&d.changes, "amends", true),
        replaces: refs(&d.changes, "replaces", true),
        amended_by: refs(&d.changed_by, "amends", false),
        replaced_by: refs(&d.changed_by, "replaces", false),
        documents: d
            .documents
            .into_iter()
            .map(|x| document_dto(base, x))
            .collect(),
        session: d.session.map(|e| EventItem::new(base, e)),
        body_md: d.resolution.body_md.clone(),
        resolution: item(base, d.resolution, d.status),
    }))
}
