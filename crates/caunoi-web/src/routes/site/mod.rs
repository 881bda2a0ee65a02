//! The public site: what voters and citizens read, without signing in or JavaScript.

pub(crate) mod calendar;
pub(crate) mod delegates;
mod home;
mod lang;
pub mod news;
pub mod petitions;
pub(crate) mod petitions_media;
pub(crate) mod petitions_stats;
pub(crate) mod resolutions;
mod search;
mod units;

use crate::AppState;
use crate::error::PageError;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::primary))
        .route("/hdnd/{code}", get(home::council))
        .route("/dai-bieu", get(delegates::list))
        .route("/dai-bieu/cua-toi", get(delegates::who))
        .route("/dai-bieu/{slug_id}", get(delegates::profile))
        .route("/dai-bieu/{slug_id}/lich.ics", get(calendar::ics_delegate))
        .route("/hdnd/{code}/lich.ics", get(calendar::ics_council))
        .route("/don-vi", get(units::provinces))
        .route("/don-vi/{code}", get(units::unit))
        .route("/tim-kiem", get(search::page))
        .route("/tin-tuc", get(news::all))
        .route("/tin-tuc/{category}", get(news::category))
        .route("/tin-tuc/{category}/{slug_id}", get(news::article))
        .route(
            "/tin-tuc/{category}/{slug_id}/ban-in",
            get(news::article_print),
        )
        .route("/the/{tag}", get(news::tag))
        .route("/chuyen-trang/{slug}", get(news::section))
        .route("/media/{sha}/{variant}", get(news::media))
        .route("/ky-hop", get(calendar::sessions))
        .route("/nghi-quyet", get(resolutions::list))
        .route("/nghi-quyet/{slug_id}", get(resolutions::show))
        .route("/tai-lieu/{id}/{name}", get(resolutions::document))
        .route("/kien-nghi", get(petitions::list))
        .route(
            "/kien-nghi/gui",
            get(petitions::form).post(petitions::submit).layer(
                axum::extract::DefaultBodyLimit::max(petitions_media::FORM_WITH_PHOTOS_LIMIT),
            ),
        )
        .route("/kien-nghi/anh/{id}/{variant}", get(petitions_media::photo))
        .route(
            "/kien-nghi/theo-doi/anh/{id}/{variant}",
            get(petitions_media::own_photo),
        )
        .route("/kien-nghi/da-gui", get(petitions::sent))
        .route(
            "/kien-nghi/theo-doi",
            get(petitions::track_form).post(petitions::track),
        )
        .route(
            "/kien-nghi/theo-doi/du-lieu",
            axum::routing::post(petitions::my_data),
        )
        .route(
            "/kien-nghi/theo-doi/xoa",
            axum::routing::post(petitions::delete_my_data),
        )
        .route("/kien-nghi/{slug_id}", get(petitions::show))
        .route("/lich", get(calendar::page))
        .route("/lich.ics", get(calendar::ics_all))
        .route("/lich/{slug_id}", get(calendar::event))
        .route("/ngon-ngu", get(lang::switch))
        .merge(petitions_stats::router())
}

/// The 404 for any path no route claims: problem+json under `/api/`, else the site's page.
pub async fn not_found(State(state): State<AppState>, viewer: Viewer) -> Response {
    let path = viewer.path.split('?').next().unwrap_or("/");
    if path.starts_with("/api/") {
        return crate::routes::api::not_found(path, viewer.request_id()).into_response();
    }
    PageError::not_found(&viewer, &site_name(&state, None).await).into_response()
}
