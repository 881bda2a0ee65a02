//! The staff workspace under `/quan-tri`. Every page asks its use case, which checks the role.

mod account;
mod audit;
mod home;
mod users;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quan-tri", get(home::page))
        .route("/quan-tri/nhat-ky", get(audit::page))
        .route("/quan-tri/nguoi-dung", get(users::page).post(users::add))
        .route("/quan-tri/tai-khoan", get(account::page))
        .route("/quan-tri/tai-khoan/ma-api", post(account::create_token))
        .route(
            "/quan-tri/tai-khoan/ma-api/{id}/thu-hoi",
            post(account::revoke_token),
        )
}

/// Formats a timestamp for a table cell, in Vietnam time.
pub(crate) fn when(t: time::OffsetDateTime) -> String {
    caunoi_domain::vntime::format_datetime(t)
}
