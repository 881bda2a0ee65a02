//! Static files compiled into the binary, served with long cache lifetimes under a
//! content-hashed URL so a new release is never hidden by an old cached copy.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

pub const SITE_CSS: &str = include_str!("../static/site.css");
pub const EMBLEM_SVG: &str = include_str!("../static/emblem.svg");

static CSS_VERSION: LazyLock<String> = LazyLock::new(|| {
    // FNV-1a: a short, stable fingerprint of the stylesheet; not a security hash.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in SITE_CSS.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:012x}", h & 0xffff_ffff_ffff)
});

pub fn css_href() -> String {
    format!("/static/site.css?v={}", *CSS_VERSION)
}

fn cached(body: &'static str, content_type: &'static str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn site_css() -> Response {
    cached(SITE_CSS, "text/css; charset=utf-8")
}

pub async fn emblem() -> Response {
    cached(EMBLEM_SVG, "image/svg+xml")
}

pub async fn favicon() -> impl IntoResponse {
    cached(EMBLEM_SVG, "image/svg+xml")
}
