//! `/api/v1/me`, `/api/v1/users`, `/api/v1/tokens`.

use super::ApiJson;
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::common::PageParams;
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use caunoi_app::accounts::{self, NewUser};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(list_users, add_user))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

/// A role held for a unit (and below); `unit_code` is empty for the whole system.
#[derive(Serialize, ToSchema)]
pub struct RoleDto {
    pub role: String,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MeDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<RoleDto>,
}

fn reject_bad_token(v: &Viewer) -> Result<(), ApiError> {
    if v.bad_token {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Mã truy cập API không hợp lệ hoặc đã bị thu hồi",
            None,
            v.request_id(),
        )
        .field("authorization", "Tạo mã mới tại /quan-tri/tai-khoan."));
    }
    Ok(())
}

/// The account behind the token or session.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, body = MeDto), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn me(State(state): State<AppState>, v: Viewer) -> Result<Json<MeDto>, ApiError> {
    reject_bad_token(&v)?;
    let me = accounts::me(&state.app, &v.ctx)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(MeDto {
        id: me.id,
        email: me.email,
        display_name: me.display_name,
        roles: me
            .roles
            .into_iter()
            .map(|g| RoleDto {
                role: g.role,
                unit_code: g.unit_code,
                unit_name: g.unit_name,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct UserPage {
    pub items: Vec<UserDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Page number, from 1.
    pub page: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<String>,
}

/// Accounts the caller manages (system admin: all; council admin: their unit and below).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", params(ListQuery),
    responses((status = 200, body = UserPage), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
async fn list_users(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Json<UserPage>, ApiError> {
    reject_bad_token(&v)?;
    let (page, per_page) = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .parse_api(&v)?;
    let p = accounts::list_users(&state.app, &v.ctx, page, per_page)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(UserPage {
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        items: p
            .items
            .into_iter()
            .map(|u| UserDto {
                id: u.id,
                email: u.email,
                display_name: u.display_name,
                created_at: u
                    .created_at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
            })
            .collect(),
    }))
}

/// A new account with one role for a unit and everything below it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserDto {
    /// Sign-in e-mail, unique.
    pub email: String,
    /// Full name as written (Vietnamese order).
    pub name: String,
    /// citizen, contributor, editor, publisher, delegate, clerk, agency, press, council_admin or admin.
    pub role: String,
    /// Official unit code (e.g. "01" for Hà Nội); required except for admin.
    pub unit: Option<String>,
    /// Initial password, 10 to 256 characters.
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = NewUserDto,
    responses((status = 201, body = Created), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn add_user(
    State(state): State<AppState>,
    v: Viewer,
    ApiJson(body): ApiJson<NewUserDto>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    reject_bad_token(&v)?;
    let id = accounts::add_user(
        &state.app,
        &v.ctx,
        NewUser {
            email: body.email,
            name: body.name,
            role: body.role,
            unit: body.unit,
            password: body.password,
        },
    )
    .await
    .map_err(|e| ApiError::from_app(e, &v))?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct TokenDto {
    pub id: i64,
    pub label: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The caller's own API tokens (never the secret itself).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenDto>), (status = 401, body = Problem)),
    security(("bearer" = [])))]
async fn list_tokens(
    State(state): State<AppState>,
    v: Viewer,
) -> Result<Json<Vec<TokenDto>>, ApiError> {
    reject_bad_token(&v)?;
    let list = accounts::tokens(&state.app, &v.ctx)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(
        list.into_iter()
            .map(|t| TokenDto {
                id: t.id,
                label: t.label,
                created_at: rfc3339(t.created_at),
                last_used_at: t.last_used_at.map(rfc3339),
                revoked: t.revoked_at.is_some(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenDto {
    /// A label to tell tokens apart (at most 80 characters).
    #[serde(default)]
    pub label: String,
}

#[derive(Serialize, ToSchema)]
pub struct NewTokenSecret {
    /// Shown once: store it now; only its hash is kept.
    pub token: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenDto,
    responses((status = 201, body = NewTokenSecret), (status = 401, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create_token(
    State(state): State<AppState>,
    v: Viewer,
    ApiJson(body): ApiJson<NewTokenDto>,
) -> Result<(StatusCode, Json<NewTokenSecret>), ApiError> {
    reject_bad_token(&v)?;
    let s = accounts::create_token(&state.app, &v.ctx, None, &body.label)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok((StatusCode::CREATED, Json(NewTokenSecret { token: s.0 })))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts",
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])))]
async fn revoke_token(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    reject_bad_token(&v)?;
    accounts::revoke_token(&state.app, &v.ctx, None, id)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(StatusCode::NO_CONTENT)
}
