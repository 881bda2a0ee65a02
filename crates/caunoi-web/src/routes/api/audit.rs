//! `/api/v1/audit`: the audit log for council and system admins.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::common::PageParams;
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[derive(Serialize, ToSchema)]
pub struct AuditDto {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub unit_code: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Audit entries, newest first, within the caller's scope.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let (page, per_page) = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .parse_api(&v)?;
    let p = caunoi_app::audit::list(&state.app, &v.ctx, page, per_page)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(AuditPage {
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        items: p
            .items
            .into_iter()
            .map(|e| AuditDto {
                id: e.id,
                at: e
                    .at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                actor: e.actor_label,
                action: e.action,
                target_kind: e.target_kind,
                target_id: e.target_id,
                unit_code: e.unit_code,
                ip: e.ip,
                request_id: e.request_id,
                details: e.details,
            })
            .collect(),
    }))
}
