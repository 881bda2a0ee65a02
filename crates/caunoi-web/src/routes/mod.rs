//! The whole URL map in one place: each area exports `router()` and they are merged here,
//! under the layers every request passes through.

pub mod api;
pub mod auth;
pub mod common;
pub mod feeds;
pub mod open311;
pub mod ops;
pub mod site;
pub mod workspace;

use crate::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Request ids: 16 random hex characters, unless a proxy already sent one.
#[derive(Clone, Copy, Default)]
struct MakeId;

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        let bytes: [u8; 8] = rand::random();
        HeaderValue::from_str(&hex::encode(bytes))
            .ok()
            .map(RequestId::new)
    }
}

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let api_router = api_router.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        api::refuse_expired_token,
    ));
    let openapi = std::sync::Arc::new(openapi);
    let x_request_id = HeaderName::from_static("x-request-id");
    // Browsers only heed HSTS over https, and only a site served over https may promise it.
    let hsts = state.config.base_url.starts_with("https://").then(|| {
        SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    // Public pages and feeds share one cache for anonymous readers.
    let public = Router::new()
        .merge(site::router())
        .merge(feeds::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::page_cache::serve,
        ));
    Router::new()
        .merge(public)
        .merge(auth::router())
        .merge(workspace::router())
        .merge(api_router)
        .merge(open311::router())
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(ops::router())
        .route("/static/site.css", get(crate::assets::site_css))
        .route("/static/emblem.svg", get(crate::assets::emblem))
        .route("/favicon.ico", get(crate::assets::favicon))
        .fallback(site::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::metrics::track,
        ))
        .layer(tower_http::csrf::CsrfLayer::new())
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(tower::util::option_layer(hsts))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(CatchPanicLayer::custom(common::panic_response))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            })
            .on_response(
                tower_http::trace::DefaultOnResponse::new()
                    .level(tracing::Level::INFO)
                    .latency_unit(tower_http::LatencyUnit::Micros),
            ),
        )
        .layer(SetRequestIdLayer::new(x_request_id, MakeId))
        .with_state(state)
}
