//! Operations: `/healthz` for load balancers, `/metrics` for Prometheus.

use crate::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::fmt::Write;
use std::sync::atomic::Ordering;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
}

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    if state.app.db.ping().await {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut extra = String::new();
    extra.push_str("# HELP caunoi_jobs_processed_total Jobs run by this node, by outcome.\n");
    extra.push_str("# TYPE caunoi_jobs_processed_total counter\n");
    let _ = writeln!(
        extra,
        "caunoi_jobs_processed_total{{outcome=\"done\"}} {}",
        caunoi_app::jobs::JOBS_DONE.load(Ordering::Relaxed)
    );
    let _ = writeln!(
        extra,
        "caunoi_jobs_processed_total{{outcome=\"failed\"}} {}",
        caunoi_app::jobs::JOBS_FAILED.load(Ordering::Relaxed)
    );
    if let Ok(c) = caunoi_app::jobs::counts(&state.app).await {
        extra.push_str("# HELP caunoi_jobs Jobs in the queue table, by status.\n");
        extra.push_str("# TYPE caunoi_jobs gauge\n");
        for (status, n) in [
            ("queued", c.queued),
            ("running", c.running),
            ("done", c.done),
            ("failed", c.failed),
        ] {
            let _ = writeln!(extra, "caunoi_jobs{{status=\"{status}\"}} {n}");
        }
    }
    let up = if state.app.db.ping().await { 1 } else { 0 };
    extra.push_str("# HELP caunoi_database_up Whether the database answered.\n# TYPE caunoi_database_up gauge\n");
    let _ = writeln!(extra, "caunoi_database_up {up}");
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(&extra),
    )
        .into_response()
}
