//! The staff workspace under `/quan-tri`. Every page asks its use case, which checks the role.

mod account;
mod articles;
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
        .route("/quan-tri/tin-bai", get(articles::list))
        .route(
            "/quan-tri/tin-bai/moi",
            get(articles::new_form).post(articles::create),
        )
        .route("/quan-tri/tin-bai/thong-ke", get(articles::stats))
        .route(
            "/quan-tri/tin-bai/huong-dan",
            get(articles::guidance_form).post(articles::guidance_save),
        )
        .route(
            "/quan-tri/tin-bai/{id}",
            get(articles::view).post(articles::save),
        )
        .route("/quan-tri/tin-bai/{id}/nhan-xet", post(articles::comment))
        .route("/quan-tri/tin-bai/{id}/lien-quan", post(articles::related))
        .route("/quan-tri/tin-bai/{id}/phien-ban", get(articles::diff))
        .route(
            "/quan-tri/tin-bai/{id}/anh",
            post(articles::upload).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/tin-bai/{id}/chuyen-trang",
            post(articles::add_to_section),
        )
        .route("/quan-tri/tin-bai/{id}/{action}", post(articles::act))
        .route(
            "/quan-tri/chuyen-trang",
            get(articles::sections).post(articles::create_section),
        )
}

/// Uploads may be larger than forms: a 10 MB photo plus the multipart envelope.
const UPLOAD_LIMIT: usize = 11 * 1024 * 1024;

/// Formats a timestamp for a table cell, in Vietnam time.
pub(crate) fn when(t: time::OffsetDateTime) -> String {
    caunoi_domain::vntime::format_datetime(t)
}
