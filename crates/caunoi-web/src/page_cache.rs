//! A page cache for anonymous readers: public pages and feeds are rendered once and served
//! from memory until anything is committed. A commit on this node invalidates at once (the next
//! request sees the change); other nodes' commits are noticed by a poll of the outbox.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Bounded so a crawler walking every page cannot grow memory without end.
const MAX_ENTRIES: usize = 20_000;
/// Pages larger than this are not kept (they are rare and would crowd out the rest).
const MAX_BODY: usize = 1024 * 1024;
/// What a handler's body is read up to; far above any page this site renders.
const READ_LIMIT: usize = 64 * 1024 * 1024;

#[derive(Clone)]
struct Entry {
    version: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

pub struct PageCache {
    entries: Mutex<HashMap<String, Entry>>,
    /// Pages being rendered: the first request for a missing page renders it, the others wait
    /// for that copy instead of all rendering it at once (after every commit, each hot page
    /// would otherwise be rendered by every connection waiting for it).
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    db: caunoi_store::Db,
}

impl PageCache {
    pub fn new(db: caunoi_store::Db) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            rendering: Mutex::new(HashMap::new()),
            db,
        }
    }

    fn render_lock(&self, key: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut map = self.rendering.lock().ok()?;
        Some(map.entry(key.to_owned()).or_default().clone())
    }

    fn done_rendering(&self, key: &str) {
        if let Ok(mut map) = self.rendering.lock() {
            map.remove(key);
        }
    }

    fn get(&self, key: &str, version: u64) -> Option<Entry> {
        let map = self.entries.lock().ok()?;
        map.get(key).filter(|e| e.version == version).cloned()
    }

    fn put(&self, key: String, e: Entry) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= MAX_ENTRIES {
                // Dropping everything is crude but keeps the bound without bookkeeping;
                // the hot pages come back on their next request.
                map.clear();
            }
            map.insert(key, e);
        }
    }
}

/// Only anonymous GETs are shared: a signed-in person's frame shows their name.
fn cache_key(req: &Request) -> Option<String> {
    if req.method() != Method::GET {
        return None;
    }
    let h = req.headers();
    if h.contains_key(header::AUTHORIZATION) {
        return None;
    }
    let cookies = h
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if cookies.contains("caunoi_session=") {
        return None;
    }
    let path = req.uri().path();
    if path.starts_with("/ngon-ngu") || path.starts_with("/media/") || path.starts_with("/tim-kiem")
    {
        return None;
    }
    let lang = cookies
        .split(';')
        .filter_map(|c| c.trim().strip_prefix("lang="))
        .next()
        .unwrap_or("vi");
    Some(format!("{lang} {}", req.uri()))
}

/// A page may be shared when it is a plain 200 without a cookie and its handler did not mark it
/// private or `no-store` (a form with a signed render time must be rendered for each visitor).
fn is_shareable(r: &Response) -> bool {
    let private = r
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"));
    r.status() == StatusCode::OK && !r.headers().contains_key(header::SET_COOKIE) && !private
}

pub async fn serve(State(cache): State<Arc<PageCache>>, req: Request, next: Next) -> Response {
    let Some(key) = cache_key(&req) else {
        return next.run(req).await;
    };
    if let Some(e) = cache.get(&key, cache.db.data_version()) {
        return from_cache(&req, e);
    }
    let lock = cache.render_lock(&key);
    let _turn = match &lock {
        Some(l) => Some(l.lock().await),
        None => None,
    };
    // Whoever rendered while this request waited has left a fresh copy.
    let version = cache.db.data_version();
    if let Some(e) = cache.get(&key, version) {
        return from_cache(&req, e);
    }
    let resp = next.run(req).await;
    let out = store(&cache, key.clone(), version, resp).await;
    cache.done_rendering(&key);
    out
}

async fn store(cache: &PageCache, key: String, version: u64, resp: Response) -> Response {
    if !is_shareable(&resp) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, READ_LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if bytes.len() <= MAX_BODY {
        cache.put(
            key,
            Entry {
                version,
                status: parts.status,
                headers: parts.headers.clone(),
                body: bytes.clone(),
            },
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn from_cache(req: &Request, e: Entry) -> Response {
    // Conditional GET works on cached copies too (If-None-Match wins when both are sent).
    let stored = |name| {
        e.headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let asked = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let fresh = match (
        asked(header::IF_NONE_MATCH),
        asked(header::IF_MODIFIED_SINCE),
    ) {
        (Some(inm), _) => {
            stored(header::ETAG).is_some_and(|etag| inm.split(',').any(|t| t.trim() == etag))
        }
        (None, Some(ims)) => stored(header::LAST_MODIFIED) == Some(ims),
        (None, None) => false,
    };
    if fresh {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::ETAG, header::LAST_MODIFIED, header::CACHE_CONTROL] {
            if let Some(v) = e.headers.get(&name) {
                r.headers_mut().insert(name, v.clone());
            }
        }
        return r;
    }
    let mut r = Response::new(Body::from(e.body));
    *r.status_mut() = e.status;
    *r.headers_mut() = e.headers;
    r.headers_mut()
        .insert("x-cache", HeaderValue::from_static("hit"));
    r
}
