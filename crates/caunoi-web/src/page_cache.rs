//! A page cache for anonymous readers: public pages and feeds are rendered once and served
//! from memory until anything is committed. A commit on this node invalidates at once (the next
//! request sees the change); other nodes' commits are noticed by a poll of the outbox.

use crate::AppState;
use crate::viewer::Viewer;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// The memory the cache may hold when the operator does not say otherwise.
pub const DEFAULT_BUDGET: usize = 64 * 1024 * 1024;
/// Pages larger than this are not kept (they are rare and would crowd out the rest).
const MAX_BODY: usize = 1024 * 1024;
/// What a handler's body is read up to; far above any page this site renders.
const READ_LIMIT: usize = 64 * 1024 * 1024;
/// Bookkeeping counted per entry on top of its key, headers and body.
const ENTRY_OVERHEAD: usize = 128;

#[derive(Clone)]
struct Entry {
    version: u64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Entry {
    fn size(&self, key: &str) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len())
            .sum();
        ENTRY_OVERHEAD + key.len() + headers + self.body.len()
    }
}

/// Entries bounded by their total size in bytes, the least recently used dropped first.
#[derive(Default)]
struct Lru {
    entries: HashMap<String, (Entry, u64, usize)>,
    /// Last use → key; the first is the one to drop.
    order: BTreeMap<u64, String>,
    tick: u64,
    bytes: usize,
    /// The newest data version stored; older copies can never be served again.
    version: u64,
}

impl Lru {
    fn remove(&mut self, key: &str) {
        if let Some((_, used, size)) = self.entries.remove(key) {
            self.order.remove(&used);
            self.bytes -= size;
        }
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
        self.bytes = 0;
    }
}

pub struct PageCache {
    lru: Mutex<Lru>,
    budget: usize,
    /// Pages being rendered: the first request for a missing page renders it, the others wait
    /// for that copy instead of all rendering it at once (after every commit, each hot page
    /// would otherwise be rendered by every connection waiting for it).
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    db: caunoi_store::Db,
}

/// How full the cache is, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub entries: usize,
    pub bytes: usize,
    pub budget: usize,
}

impl PageCache {
    /// `budget` is the most memory, in bytes, the stored pages may take together.
    pub fn new(db: caunoi_store::Db, budget: usize) -> Self {
        Self {
            lru: Mutex::new(Lru::default()),
            budget,
            rendering: Mutex::new(HashMap::new()),
            db,
        }
    }

    pub fn usage(&self) -> Usage {
        let (entries, bytes) = self
            .lru
            .lock()
            .map(|l| (l.entries.len(), l.bytes))
            .unwrap_or_default();
        Usage {
            entries,
            bytes,
            budget: self.budget,
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
        let mut l = self.lru.lock().ok()?;
        let (e, used, _) = l.entries.get(key)?;
        if e.version != version {
            l.remove(key);
            return None;
        }
        let (e, used) = (e.clone(), *used);
        l.tick += 1;
        let tick = l.tick;
        l.order.remove(&used);
        l.order.insert(tick, key.to_owned());
        if let Some(slot) = l.entries.get_mut(key) {
            slot.1 = tick;
        }
        Some(e)
    }

    fn put(&self, key: String, e: Entry) {
        let size = e.size(&key);
        // One page may not take more than an eighth of the budget, so a few large pages
        // cannot push out everything else.
        if e.body.len() > MAX_BODY || size > self.budget / 8 {
            return;
        }
        let Ok(mut l) = self.lru.lock() else { return };
        if e.version < l.version {
            return;
        }
        if e.version > l.version {
            // A commit made every stored page stale: free them now rather than as they age.
            l.clear();
            l.version = e.version;
        }
        l.remove(&key);
        while l.bytes + size > self.budget {
            let Some((_, oldest)) = l.order.pop_first() else {
                break;
            };
            if let Some((_, _, freed)) = l.entries.remove(&oldest) {
                l.bytes -= freed;
            }
        }
        l.tick += 1;
        let tick = l.tick;
        l.order.insert(tick, key.clone());
        l.entries.insert(key, (e, tick, size));
        l.bytes += size;
    }
}

/// The query parameters each public route reads (besides `lang`, which every page reads
/// through the viewer). A request naming any other parameter is answered without the cache,
/// so made-up parameters cannot fill it, and a parameter a route learns but this list does
/// not is never answered from a copy made without it.
fn params_read(route: &str) -> &'static [&'static str] {
    const PAGING: &[&str] = &["page", "per_page"];
    match route {
        "/"
        | "/hdnd/{code}"
        | "/tin-tuc"
        | "/tin-tuc/{category}"
        | "/the/{tag}"
        | "/chuyen-trang/{slug}"
        | "/ky-hop" => PAGING,
        "/dai-bieu" => &["hdnd", "nhiem_ky", "ban", "don_vi_bau_cu"],
        "/dai-bieu/cua-toi" => &["q", "ma"],
        "/don-vi" | "/don-vi/{code}" => &["cu", "page", "per_page"],
        "/lich" => &["xem", "thang", "tuan", "loai", "hdnd", "page", "per_page"],
        "/nghi-quyet" => &["nam", "linh_vuc", "hieu_luc", "hdnd", "page", "per_page"],
        "/kien-nghi" => &["q", "linh_vuc", "co_quan", "trang_thai", "page", "per_page"],
        "/kien-nghi/da-gui" | "/kien-nghi/theo-doi" | "/kien-nghi/theo-doi/anh/{id}/{variant}" => {
            &["ma"]
        }
        _ => &[],
    }
}

/// The request's query reduced to what its route reads, in a fixed order; `None` when it
/// names a parameter the route does not read. Names are compared as sent: an encoded name
/// (`pa%67e`) counts as unknown, which only costs a render.
fn canonical_query(route: &str, query: Option<&str>) -> Option<String> {
    let known = params_read(route);
    let mut kept: Vec<&str> = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let name = pair.split_once('=').map_or(pair, |(k, _)| k);
        if name == "lang" {
            continue;
        }
        if !known.contains(&name) {
            return None;
        }
        kept.push(pair);
    }
    // Stable: repeated names keep their order, which the handler may depend on.
    kept.sort_by_key(|p| p.split_once('=').map_or(*p, |(k, _)| k));
    Some(kept.join("&"))
}

/// Only anonymous GETs are shared: a signed-in person's frame shows their name. Whether the
/// request is anonymous and which language it is shown in come from the very `Viewer` the
/// page is then rendered with (it is left in the request's extensions), so the key cannot
/// disagree with the page: every `Cookie` header is read the same way for both.
async fn cache_key(parts: &mut Parts, state: &AppState) -> Option<String> {
    if parts.method != Method::GET || parts.headers.contains_key(header::AUTHORIZATION) {
        return None;
    }
    let path = parts.uri.path();
    if path.starts_with("/ngon-ngu") || path.starts_with("/media/") || path.starts_with("/tim-kiem")
    {
        return None;
    }
    let route = parts.extensions.get::<MatchedPath>()?.as_str().to_owned();
    let query = canonical_query(&route, parts.uri.query())?;
    let path = path.to_owned();
    let viewer = Viewer::from_request_parts(parts, state).await.ok()?;
    if viewer.session.is_some() || viewer.bad_token || viewer.signed_in() {
        return None;
    }
    Some(format!("{} {path}?{query}", viewer.lang.code()))
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

pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let key = cache_key(&mut parts, &state).await;
    let req = Request::from_parts(parts, body);
    let Some(key) = key else {
        return next.run(req).await;
    };
    let cache = &state.page_cache;
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
    let out = store(cache, key.clone(), version, resp).await;
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
    cache.put(
        key,
        Entry {
            version,
            status: parts.status,
            headers: parts.headers.clone(),
            body: bytes.clone(),
        },
    );
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
