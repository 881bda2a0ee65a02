//! One's own account: API tokens to create (shown once) and revoke.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::accounts::{self, Me};
use serde::Deserialize;

pub struct TokenLine {
    pub id: i64,
    pub label: String,
    pub created: String,
    pub used: String,
    /// The end date, or "no end date".
    pub expires: String,
    pub revoked: bool,
    pub expired: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/account.html")]
pub struct AccountPage {
    pub f: Frame,
    pub me: Me,
    pub tokens: Vec<TokenLine>,
    pub new_token: Option<String>,
    pub errors: Vec<String>,
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    new_token: Option<String>,
    errors: Vec<String>,
) -> Result<AccountPage, PageError> {
    let site = site_name(state, None).await;
    let fail = |e: AppError| PageError::new(e, viewer, &site);
    let me = accounts::me(&state.app, &viewer.ctx).await.map_err(fail)?;
    let now = time::OffsetDateTime::now_utc();
    let tokens = accounts::tokens(&state.app, &viewer.ctx)
        .await
        .map_err(|e| PageError::new(e, viewer, &site))?
        .into_iter()
        .map(|t| TokenLine {
            expires: t
                .expires_at
                .map(super::when)
                .unwrap_or_else(|| viewer.lang.t("ws.tokens.no_expiry").to_owned()),
            expired: t.expires_at.is_some_and(|e| e <= now),
            id: t.id,
            label: t.label,
            created: super::when(t.created_at),
            used: t
                .last_used_at
                .map(super::when)
                .unwrap_or_else(|| "–".into()),
            revoked: t.revoked_at.is_some(),
        })
        .collect();
    Ok(AccountPage {
        f: Frame::new(viewer, viewer.lang.t("ws.account"), &site, ""),
        me,
        tokens,
        new_token,
        errors,
    })
}

pub async fn page(State(state): State<AppState>, viewer: Viewer) -> Result<AccountPage, PageError> {
    render(&state, &viewer, None, Vec::new()).await
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub label: String,
    /// Days until the token stops working; empty for no end date.
    #[serde(default)]
    pub expires_in_days: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Result<axum::Form<TokenForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(axum::Form(form)) = form else {
        return (
            StatusCode::BAD_REQUEST,
            "Biểu mẫu không hợp lệ / malformed form",
        )
            .into_response();
    };
    // The new token is shown in this response only; it is never stored or shown again.
    let (token, errors, status) = match create(&state, &viewer, &form).await {
        Ok(secret) => (Some(secret.0), Vec::new(), StatusCode::OK),
        Err(AppError::Invalid(list)) => (
            None,
            list.iter()
                .map(|e| match viewer.lang {
                    Lang::Vi => e.message_vi.clone(),
                    Lang::En => e.message_en.clone(),
                })
                .collect(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => {
            return PageError::new(e, &viewer, &site_name(&state, None).await).into_response();
        }
    };
    match render(&state, &viewer, token, errors).await {
        Ok(page) => {
            let mut r = (status, page).into_response();
            r.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            r
        }
        Err(e) => e.into_response(),
    }
}

async fn create(
    state: &AppState,
    viewer: &Viewer,
    form: &TokenForm,
) -> Result<caunoi_app::auth::Secret, AppError> {
    let days = accounts::parse_expiry_days(&form.expires_in_days)?;
    accounts::create_token_expiring(&state.app, &viewer.ctx, None, &form.label, days).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Response {
    match accounts::revoke_token(&state.app, &viewer.ctx, None, id).await {
        Ok(()) => Redirect::to("/quan-tri/tai-khoan").into_response(),
        Err(e) => PageError::new(e, &viewer, &site_name(&state, None).await).into_response(),
    }
}
