//! The language switch: remembers the choice in a cookie and returns to the page.

use crate::frame::safe_next;
use crate::i18n::Lang;
use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Switch {
    pub lang: Option<String>,
    pub next: Option<String>,
}

pub async fn switch(jar: CookieJar, Query(q): Query<Switch>) -> Response {
    let lang = q.lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let cookie = Cookie::build(("lang", lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .max_age(time::Duration::days(365))
        .build();
    (jar.add(cookie), Redirect::to(&safe_next(q.next.as_deref()))).into_response()
}
