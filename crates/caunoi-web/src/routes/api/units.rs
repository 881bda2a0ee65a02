//! `/api/v1/units`: the administrative units tree (open data).

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::common::PageParams;
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::{Path, Query, State};
use caunoi_app::units;
use caunoi_store::units::Unit;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
}

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    /// Official statistical code (`01` is Hà Nội).
    pub code: String,
    pub name: String,
    pub short_name: String,
    /// province, district, commune, ward, township or special_zone.
    pub kind: String,
    pub parent_code: Option<String>,
    /// ISO date, or null when unknown.
    pub valid_from: Option<String>,
    /// ISO date the unit was abolished, or null while in force.
    pub valid_to: Option<String>,
    /// For an abolished unit, the codes of the current units that took it over.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<String>,
}

impl From<Unit> for UnitDto {
    fn from(u: Unit) -> Self {
        UnitDto {
            code: u.code,
            name: u.name,
            short_name: u.short_name,
            kind: u.kind,
            parent_code: u.parent_code,
            valid_from: u.valid_from.map(|d| d.to_string()),
            valid_to: u.valid_to.map(|d| d.to_string()),
            successors: Vec::new(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UnitPage {
    pub items: Vec<UnitDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct UnitsQuery {
    /// The parent's code; without it, the provinces.
    pub parent: Option<String>,
    /// `true` to include units abolished on 1 July 2025.
    pub include_abolished: Option<bool>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Units directly under `parent` (the provinces without it).
#[utoipa::path(get, path = "/api/v1/units", tag = "units", params(UnitsQuery),
    responses((status = 200, body = UnitPage), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<UnitsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<UnitPage>, ApiError> {
    let Query(q) = q.map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "Tham số không hợp lệ",
            Some(e.body_text()),
            v.request_id(),
        )
        .field("include_abolished", "include_abolished là true hoặc false")
    })?;
    let (page, per_page) = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .parse_api(&v)?;
    let parent = q.parent.as_deref().filter(|p| !p.is_empty());
    let p = units::children(
        &state.app,
        parent,
        q.include_abolished.unwrap_or(false),
        page,
        per_page,
    )
    .await
    .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(UnitPage {
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        items: p.items.into_iter().map(UnitDto::from).collect(),
    }))
}

/// One unit; an abolished one lists its successors.
#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "units",
    params(("code" = String, Path, description = "Official unit code")),
    responses((status = 200, body = UnitDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(code): Path<String>,
) -> Result<Json<UnitDto>, ApiError> {
    let d = units::find(&state.app, &code)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    let mut dto = UnitDto::from(d.unit);
    dto.successors = d.successors.into_iter().map(|s| s.code).collect();
    Ok(Json(dto))
}
