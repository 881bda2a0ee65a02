//! HTTP for Cầu Nối: the public site, the staff workspace under `/quan-tri`, the JSON API under
//! `/api/v1` and operations endpoints. Handlers parse input, call one use case, render the
//! result; they hold no SQL and no business rules.

pub mod assets;
pub mod charts;
pub mod client_addr;
pub mod error;
pub mod frame;
pub mod http_cache;
pub mod i18n;
pub mod ics;
pub mod metrics;
pub mod page_cache;
pub mod routes;
pub mod script_data;
pub mod viewer;

use caunoi_app::App;
use std::sync::Arc;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Whether cookies carry `Secure` (and the `__Host-` prefix): true behind https.
    pub secure_cookies: bool,
    /// Largest request body accepted, in bytes (uploads have their own, larger limit).
    pub body_limit: usize,
    /// The public address (`https://hdnd.example.vn`), for absolute links in feeds and meta tags.
    pub base_url: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client (see `client_addr`).
    pub trusted_proxies: client_addr::TrustedProxies,
    /// Most memory, in bytes, the anonymous page cache may hold.
    pub page_cache_bytes: usize,
    /// Who may read `/metrics` by address; `None` is the loopback interface only.
    pub metrics_allow: Option<client_addr::TrustedProxies>,
    /// A bearer token that opens `/metrics` from any address.
    pub metrics_token: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            body_limit: 1024 * 1024,
            base_url: "http://127.0.0.1:8080".into(),
            trusted_proxies: client_addr::TrustedProxies::default(),
            page_cache_bytes: page_cache::DEFAULT_BUDGET,
            metrics_allow: None,
            metrics_token: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<metrics::Metrics>,
    pub page_cache: Arc<page_cache::PageCache>,
}

impl AppState {
    pub fn new(app: App, config: WebConfig) -> Self {
        Self {
            page_cache: Arc::new(page_cache::PageCache::new(
                app.db.clone(),
                config.page_cache_bytes,
            )),
            app,
            config: Arc::new(config),
            metrics: Arc::new(metrics::Metrics::default()),
        }
    }

    /// The session cookie's name: `__Host-` requires `Secure`, which plain-http localhost lacks.
    pub fn session_cookie(&self) -> &'static str {
        if self.config.secure_cookies {
            "__Host-caunoi_session"
        } else {
            "caunoi_session"
        }
    }
}

pub use routes::router;
