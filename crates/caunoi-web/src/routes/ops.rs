//! Operations: `/healthz` for load balancers, `/metrics` for Prometheus.

use crate::AppState;
use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::net::{IpAddr, SocketAddr};
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

/// Whether this request may read `/metrics`: the configured token as a bearer token from
/// anywhere, else an address in `metrics_allow` (the loopback interface when unset). The
/// address is the client's as `trusted_proxy` proves it; a forwarded request from a proxy
/// that is not trusted is refused, since a local proxy would make everyone look local.
fn may_read_metrics(state: &AppState, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
    let cfg = &state.config;
    if let Some(token) = cfg.metrics_token.as_deref() {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        // Compared as digests so the time taken says nothing about the token.
        if given.is_some_and(|g| Sha256::digest(g) == Sha256::digest(token)) {
            return true;
        }
    }
    let Some(peer) = peer else { return false };
    let forwarded = ["x-forwarded-for", "forwarded", "x-real-ip"]
        .iter()
        .any(|h| headers.contains_key(*h));
    if forwarded && !cfg.trusted_proxies.contains(peer) {
        return false;
    }
    let forwarded_for = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = cfg.trusted_proxies.client(peer, forwarded_for);
    match &cfg.metrics_allow {
        Some(allow) => allow.contains(client),
        None => client.is_loopback() || client.to_canonical().is_loopback(),
    }
}

pub async fn metrics(State(state): State<AppState>, req: axum::extract::Request) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if !may_read_metrics(&state, peer, req.headers()) {
        return (
            StatusCode::FORBIDDEN,
            "Không được đọc /metrics từ địa chỉ này: thêm địa chỉ vào `metrics_allow` hoặc gửi \
             `Authorization: Bearer` với `metrics_token`.\n\
             /metrics is not open to this address: add it to `metrics_allow` or send \
             `Authorization: Bearer` with `metrics_token`.\n",
        )
            .into_response();
    }
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
    let cache = state.page_cache.usage();
    extra.push_str("# HELP caunoi_page_cache_entries Pages held by the anonymous page cache.\n# TYPE caunoi_page_cache_entries gauge\n");
    let _ = writeln!(extra, "caunoi_page_cache_entries {}", cache.entries);
    extra.push_str("# HELP caunoi_page_cache_bytes Memory held by the anonymous page cache.\n# TYPE caunoi_page_cache_bytes gauge\n");
    let _ = writeln!(extra, "caunoi_page_cache_bytes {}", cache.bytes);
    extra.push_str("# HELP caunoi_page_cache_budget_bytes Most memory the anonymous page cache may hold.\n# TYPE caunoi_page_cache_budget_bytes gauge\n");
    let _ = writeln!(extra, "caunoi_page_cache_budget_bytes {}", cache.budget);
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
