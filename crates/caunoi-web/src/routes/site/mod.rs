//! The public site: what voters and citizens read, without signing in or JavaScript.

mod delegates;
mod home;
mod lang;
mod search;
mod sections;
mod units;

use crate::AppState;
use crate::error::PageError;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::primary))
        .route("/hdnd/{code}", get(home::council))
        .route("/dai-bieu", get(delegates::list))
        .route("/don-vi", get(units::provinces))
        .route("/don-vi/{code}", get(units::unit))
        .route("/tim-kiem", get(search::page))
        .route("/tin-tuc", get(sections::news))
        .route("/ky-hop", get(sections::sessions))
        .route("/nghi-quyet", get(sections::resolutions))
        .route("/kien-nghi", get(sections::petitions))
        .route("/lich", get(sections::calendar))
        .route("/ngon-ngu", get(lang::switch))
}

/// The 404 page for any path no route claims.
pub async fn not_found(State(state): State<AppState>, viewer: Viewer) -> PageError {
    PageError::not_found(&viewer, &site_name(&state, None).await)
}
