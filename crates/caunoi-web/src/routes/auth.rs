//! Signing in and out with a session cookie (HttpOnly, SameSite=Lax, `__Host-` and Secure
//! behind https); the session id changes at every sign-in and ends on the server at sign-out.

use crate::AppState;
use crate::error::PageError;
use crate::frame::{Frame, safe_next};
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use caunoi_app::{AppError, auth};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dang-nhap", get(form).post(submit))
        .route("/dang-xuat", post(sign_out))
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
pub struct SignInPage {
    pub f: Frame,
    pub next: String,
    pub email: String,
    pub error: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct Next {
    pub next: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Next>,
) -> Response {
    let next = safe_next(q.next.as_deref());
    if viewer.signed_in() {
        return Redirect::to(if next == "/" { "/quan-tri" } else { &next }).into_response();
    }
    let site = site_name(&state, None).await;
    SignInPage {
        f: Frame::new(&viewer, viewer.lang.t("sign_in"), &site, ""),
        next,
        email: String::new(),
        error: None,
    }
    .into_response()
}

#[derive(Deserialize)]
pub struct Credentials {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    pub next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    jar: CookieJar,
    form: Result<axum::Form<Credentials>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(c) = match form {
        Ok(f) => f,
        Err(rejection) => return crate::routes::common::form_rejection(rejection),
    };
    let site = site_name(&state, None).await;
    let next = safe_next(c.next.as_deref());
    let result = auth::sign_in(
        &state.app,
        &viewer.ctx,
        &c.email,
        &c.password,
        viewer.session.as_deref(),
    )
    .await;
    let again = |status: StatusCode, key: &'static str| {
        let page = SignInPage {
            f: Frame::new(&viewer, viewer.lang.t("sign_in"), &site, ""),
            next: next.clone(),
            email: c.email.chars().take(254).collect(),
            error: Some(viewer.lang.t(key)),
        };
        (status, page).into_response()
    };
    match result {
        Ok(signed) => {
            let cookie = Cookie::build((state.session_cookie(), signed.session.0))
                .path("/")
                .http_only(true)
                .secure(state.config.secure_cookies)
                .same_site(SameSite::Lax)
                .max_age(time::Duration::hours(state.app.settings.session_hours))
                .build();
            let to = if next == "/" {
                "/quan-tri".to_owned()
            } else {
                next.clone()
            };
            (jar.add(cookie), Redirect::to(&to)).into_response()
        }
        Err(AppError::BadCredentials) => again(StatusCode::UNAUTHORIZED, "sign_in.bad"),
        Err(AppError::TooManyAttempts { retry_after_secs }) => {
            let mut r = again(StatusCode::TOO_MANY_REQUESTS, "sign_in.throttled");
            r.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_secs),
            );
            r
        }
        Err(e) => PageError::new(e, &viewer, &site).into_response(),
    }
}

pub async fn sign_out(State(state): State<AppState>, viewer: Viewer, jar: CookieJar) -> Response {
    if let Some(session) = &viewer.session
        && let Err(e) = auth::sign_out(&state.app, &viewer.ctx, session).await
    {
        let site = site_name(&state, None).await;
        return PageError::new(e, &viewer, &site).into_response();
    }
    let gone = Cookie::build((state.session_cookie(), ""))
        .path("/")
        .http_only(true)
        .secure(state.config.secure_cookies)
        .same_site(SameSite::Lax)
        .build();
    (jar.remove(gone), Redirect::to("/")).into_response()
}
