//! Open311 GeoReport v2 at `/open311/v2`: the council's petition fields as services, its public
//! petitions as service requests, and new petitions from Open311 clients (with the form's
//! anti-abuse rules). Errors are Open311's own list, in the format the path asks for.
//!
//! A petition's lifecycle maps to `open` until its answer is published, then `closed`.
//! `GET requests` returns the requests of the last 90 days unless dates are given (the spec's
//! default), newest first, 50 a page (`page=`).

use crate::AppState;
use crate::routes::api::petitions::{answer_kind_label, state_label, track_path};
use crate::routes::common::is_multipart;
use crate::routes::feeds::xml;
use crate::routes::site::petitions_media::{
    FORM_WITH_PHOTOS_LIMIT, form_of, read_photos_multipart,
};
use crate::viewer::Viewer;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Form, FromRequest, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use caunoi_app::petitions::{self, OnlineInput, PhotoUpload, PublicQuery, SubmitMeta};
use caunoi_app::{AppError, Ctx, auth};
use caunoi_domain::petition::{PetitionState, Timeliness};
use caunoi_domain::vntime::VIETNAM;
use caunoi_store::petitions::{Field, Petition};
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/services.json", get(services_json))
        .route("/open311/v2/services.xml", get(services_xml))
        .route(
            "/open311/v2/requests.json",
            get(requests_json)
                .post(create_json)
                .layer(DefaultBodyLimit::max(FORM_WITH_PHOTOS_LIMIT)),
        )
        .route(
            "/open311/v2/requests.xml",
            get(requests_xml)
                .post(create_xml)
                .layer(DefaultBodyLimit::max(FORM_WITH_PHOTOS_LIMIT)),
        )
        .route("/open311/v2/requests/{file}", get(request))
}

/// Requests a page of `GET requests` holds.
const PAGE_SIZE: usize = 50;
/// The window `GET requests` covers when no date is given.
const DEFAULT_DAYS: i64 = 90;
const GROUP: &str = "Kiến nghị cử tri";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// An Open311 error list: `[{"code":400,"description":"…"}]` or `<errors>…</errors>`.
struct Open311Error {
    format: Format,
    status: StatusCode,
    descriptions: Vec<String>,
    retry_after: Option<u64>,
}

impl Open311Error {
    fn new(format: Format, status: StatusCode, description: impl Into<String>) -> Self {
        Open311Error {
            format,
            status,
            descriptions: vec![description.into()],
            retry_after: None,
        }
    }

    fn bad(format: Format, description: impl Into<String>) -> Self {
        Self::new(format, StatusCode::BAD_REQUEST, description)
    }

    fn from_app(format: Format, e: AppError, v: &Viewer) -> Self {
        let (status, descriptions) = match &e {
            AppError::Invalid(list) => (
                StatusCode::BAD_REQUEST,
                list.iter()
                    .map(|f| format!("{}: {}", open311_name(f.field), f.message_vi))
                    .collect(),
            ),
            AppError::NotFound(what) => (StatusCode::NOT_FOUND, vec![format!("{what} not found")]),
            AppError::TooManyAttempts { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                vec![format!(
                    "Quá nhiều kiến nghị được gửi; vui lòng thử lại sau {} phút (too many requests).",
                    retry_after_secs.div_ceil(60)
                )],
            ),
            AppError::Unauthenticated | AppError::Forbidden | AppError::BadCredentials => {
                (StatusCode::FORBIDDEN, vec!["not allowed".into()])
            }
            AppError::TooLarge(msg) => (StatusCode::PAYLOAD_TOO_LARGE, vec![msg.clone()]),
            AppError::Store(_) | AppError::Internal(_) => {
                tracing::error!(request_id = v.request_id(), error = ?e, "open311 request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    vec![format!("internal error (request {})", v.request_id())],
                )
            }
        };
        Open311Error {
            format,
            status,
            descriptions,
            retry_after: match e {
                AppError::TooManyAttempts { retry_after_secs } => Some(retry_after_secs),
                _ => None,
            },
        }
    }
}

/// The Open311 parameter a use-case field error is about.
fn open311_name(field: &str) -> &str {
    match field {
        "field" => "service_code",
        "body" => "description",
        "place" => "address_string",
        "name" => "first_name",
        f if f == "photos" || petitions::PHOTO_FIELDS.contains(&f) => "media",
        other => other,
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let code = self.status.as_u16();
        let body = match self.format {
            Format::Json => serde_json::Value::Array(
                self.descriptions
                    .iter()
                    .map(|d| serde_json::json!({ "code": code, "description": d }))
                    .collect(),
            )
            .to_string(),
            Format::Xml => {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors>");
                for d in &self.descriptions {
                    let _ = write!(
                        out,
                        "<error><code>{code}</code><description>{}</description></error>",
                        xml(d)
                    );
                }
                out.push_str("</errors>\n");
                out
            }
        };
        let mut resp = body_response(self.format, self.status, body);
        if let Some(s) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}

fn body_response(format: Format, status: StatusCode, body: String) -> Response {
    let ct = match format {
        Format::Json => "application/json; charset=utf-8",
        Format::Xml => "text/xml; charset=utf-8",
    };
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(ct))],
        body,
    )
        .into_response()
}

/// One element per field, skipping absent ones; `root` holds one `item` per record.
fn xml_list(root: &str, item: &str, records: &[Vec<(&str, Option<String>)>]) -> String {
    let mut out = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<{root}>");
    for r in records {
        let _ = write!(out, "<{item}>");
        for (name, value) in r {
            if let Some(value) = value {
                let _ = write!(out, "<{name}>{}</{name}>", xml(value));
            }
        }
        let _ = write!(out, "</{item}>");
    }
    let _ = writeln!(out, "</{root}>");
    out
}

fn respond<T: Serialize>(
    format: Format,
    status: StatusCode,
    records: &[T],
    root: &str,
    item: &str,
    fields: impl Fn(&T) -> Vec<(&'static str, Option<String>)>,
) -> Response {
    let body = match format {
        Format::Json => serde_json::to_string(records).unwrap_or_else(|_| "[]".into()),
        Format::Xml => {
            let rows: Vec<_> = records.iter().map(fields).collect();
            xml_list(root, item, &rows)
        }
    };
    body_response(format, status, body)
}

/// The petitions' fields of the site's council.
async fn site_fields(
    state: &AppState,
    format: Format,
    v: &Viewer,
) -> Result<Vec<Field>, Open311Error> {
    Ok(petitions::list(&state.app, &PublicQuery::default(), 1, 1)
        .await
        .map_err(|e| Open311Error::from_app(format, e, v))?
        .fields)
}

#[derive(Serialize)]
struct Service {
    service_code: String,
    service_name: String,
    description: String,
    metadata: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    keywords: String,
    group: &'static str,
}

fn service_fields(s: &Service) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("service_code", Some(s.service_code.clone())),
        ("service_name", Some(s.service_name.clone())),
        ("description", Some(s.description.clone())),
        ("metadata", Some(s.metadata.to_string())),
        ("type", Some(s.kind.to_owned())),
        ("keywords", Some(s.keywords.clone())),
        ("group", Some(s.group.to_owned())),
    ]
}

async fn services(state: AppState, v: Viewer, format: Format) -> Response {
    let fields = match site_fields(&state, format, &v).await {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let list: Vec<Service> = fields
        .into_iter()
        .map(|f| Service {
            description: format!("Kiến nghị của cử tri về lĩnh vực {}.", f.name),
            keywords: format!("kiến nghị, cử tri, {}", f.name.to_lowercase()),
            service_code: f.slug,
            service_name: f.name,
            metadata: false,
            kind: "realtime",
            group: GROUP,
        })
        .collect();
    respond(
        format,
        StatusCode::OK,
        &list,
        "services",
        "service",
        service_fields,
    )
}

async fn services_json(State(state): State<AppState>, v: Viewer) -> Response {
    services(state, v, Format::Json).await
}

async fn services_xml(State(state): State<AppState>, v: Viewer) -> Response {
    services(state, v, Format::Xml).await
}

#[derive(Serialize)]
struct ServiceRequest {
    service_request_id: String,
    status: &'static str,
    status_notes: String,
    service_name: String,
    service_code: String,
    description: String,
    agency_responsible: String,
    service_notice: String,
    requested_datetime: String,
    updated_datetime: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_datetime: Option<String>,
    address: String,
    address_id: String,
    zipcode: String,
    /// The first public photo (absolute URL), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    media_url: Option<String>,
}

fn request_fields(r: &ServiceRequest) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("service_request_id", Some(r.service_request_id.clone())),
        ("status", Some(r.status.to_owned())),
        ("status_notes", Some(r.status_notes.clone())),
        ("service_name", Some(r.service_name.clone())),
        ("service_code", Some(r.service_code.clone())),
        ("description", Some(r.description.clone())),
        ("agency_responsible", Some(r.agency_responsible.clone())),
        ("service_notice", Some(r.service_notice.clone())),
        ("requested_datetime", Some(r.requested_datetime.clone())),
        ("updated_datetime", Some(r.updated_datetime.clone())),
        ("expected_datetime", r.expected_datetime.clone()),
        ("address", Some(r.address.clone())),
        ("address_id", Some(r.address_id.clone())),
        ("zipcode", Some(r.zipcode.clone())),
        ("media_url", r.media_url.clone()),
    ]
}

/// Sets `media_url` on the requests whose petition has a public photo: its first, desktop size.
async fn add_media(
    state: &AppState,
    format: Format,
    v: &Viewer,
    requests: &mut [ServiceRequest],
) -> Result<(), Open311Error> {
    let ids: Vec<i64> = requests
        .iter()
        .filter_map(|r| r.service_request_id.parse().ok())
        .collect();
    let found = petitions::first_public_photos(&state.app, &ids)
        .await
        .map_err(|e| Open311Error::from_app(format, e, v))?;
    let base = state.config.base_url.trim_end_matches('/');
    for r in requests {
        if let Some((_, photo)) = found
            .iter()
            .find(|(id, _)| r.service_request_id == id.to_string())
        {
            r.media_url = Some(format!("{base}/kien-nghi/anh/{photo}/desktop"));
        }
    }
    Ok(())
}

/// Open until the answer is published; published, closed, merged and rejected are closed.
fn status_of(state: &str) -> &'static str {
    match state.parse::<PetitionState>() {
        Ok(
            PetitionState::Published
            | PetitionState::Closed
            | PetitionState::Merged
            | PetitionState::Rejected,
        ) => "closed",
        Ok(
            PetitionState::Received
            | PetitionState::Classified
            | PetitionState::Forwarded
            | PetitionState::Reopened
            | PetitionState::Answered,
        )
        | Err(()) => "open",
    }
}

/// RFC 3339 in Vietnam time, to the second (strict Open311 clients read no fractions).
fn instant(t: OffsetDateTime) -> String {
    t.to_offset(VIETNAM)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// A deadline is the end of the office day (17:00, Vietnam time) of its date.
fn end_of_office_day(d: time::Date) -> String {
    instant(
        d.with_hms(17, 0, 0)
            .unwrap_or(d.midnight())
            .assume_offset(VIETNAM),
    )
}

fn service_request(fields: &[Field], p: &Petition, t: Timeliness) -> ServiceRequest {
    // The kind of the answer is public with the answer: once the office publishes it (the
    // public page blanks the answer before that).
    let answer_public =
        p.answer.is_some() && matches!(p.state.as_str(), "published" | "closed" | "reopened");
    let mut notes = state_label(&p.state);
    if let (true, Some(kind)) = (answer_public, p.answer_kind.as_deref()) {
        notes.push_str(" – ");
        notes.push_str(&answer_kind_label(kind).to_lowercase());
    }
    let date = caunoi_domain::vntime::format_date;
    let notice = match (p.deadline, p.answered_on.filter(|_| answer_public)) {
        (Some(d), Some(a)) => format!(
            "Cơ quan giải quyết đã trả lời ngày {}, hạn trả lời {} ({}).",
            date(a),
            date(d),
            t.label_vi().to_lowercase()
        ),
        (Some(d), None) => format!(
            "Cơ quan giải quyết trả lời trước ngày {} ({}).",
            date(d),
            t.label_vi().to_lowercase()
        ),
        (None, _) => format!("{}.", t.label_vi()),
    };
    let address = [p.place.as_deref(), p.unit_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    ServiceRequest {
        service_request_id: p.id.to_string(),
        status: status_of(&p.state),
        status_notes: notes,
        service_name: p.field_name.clone().unwrap_or_default(),
        service_code: p
            .field_id
            .and_then(|id| fields.iter().find(|f| f.id == id))
            .map(|f| f.slug.clone())
            .unwrap_or_default(),
        description: p.body.clone(),
        agency_responsible: p.agency_name.clone().unwrap_or_default(),
        service_notice: notice,
        requested_datetime: instant(p.received_at),
        updated_datetime: instant(p.updated_at),
        expected_datetime: p.deadline.map(end_of_office_day),
        address,
        address_id: p.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        zipcode: String::new(),
        media_url: None,
    }
}

#[derive(Deserialize, Default)]
struct RequestsQuery {
    /// Comma-separated ids: those requests only (the other parameters are then ignored).
    service_request_id: Option<String>,
    /// Comma-separated field slugs.
    service_code: Option<String>,
    /// `open`, `closed` or both, comma-separated.
    status: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    page: Option<String>,
}

/// A W3C datetime (`2026-12-01T08:00:00+07:00`) or a day (`2026-12-01`, Vietnam's midnight).
fn datetime(
    format: Format,
    name: &str,
    s: Option<&str>,
) -> Result<Option<OffsetDateTime>, Open311Error> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(Some(t.to_offset(time::UtcOffset::UTC)));
    }
    let day = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &day)
        .map(|d| Some(caunoi_domain::vntime::day_start_utc(d)))
        .map_err(|_| {
            Open311Error::bad(
                format,
                format!("{name}: viết theo ISO 8601, ví dụ 2026-12-01T08:00:00+07:00 ({name} must be a W3C datetime)"),
            )
        })
}

fn list_of(s: Option<&str>) -> Vec<String> {
    s.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn requests(
    state: AppState,
    v: Viewer,
    format: Format,
    q: Result<Query<RequestsQuery>, QueryRejection>,
) -> Result<Response, Open311Error> {
    let q = q
        .map(|Query(q)| q)
        .map_err(|e| Open311Error::bad(format, e.body_text()))?;
    let fail = |e| Open311Error::from_app(format, e, &v);
    let fields = site_fields(&state, format, &v).await?;
    let mut out = Vec::new();
    let ids = list_of(q.service_request_id.as_deref());
    if ids.len() > PAGE_SIZE {
        return Err(Open311Error::bad(
            format,
            format!("service_request_id: tối đa {PAGE_SIZE} mã một lần (at most {PAGE_SIZE} ids)"),
        ));
    }
    if !ids.is_empty() {
        for raw in ids {
            let id = raw.parse::<i64>().map_err(|_| {
                Open311Error::bad(format, "service_request_id: số nguyên (a whole number)")
            })?;
            match petitions::page(&state.app, id).await {
                Ok(p) => out.push(service_request(&fields, &p.petition, p.timeliness)),
                Err(AppError::NotFound(_)) => {}
                Err(e) => return Err(fail(e)),
            }
        }
        add_media(&state, format, &v, &mut out).await?;
        return Ok(respond(
            format,
            StatusCode::OK,
            &out,
            "service_requests",
            "request",
            request_fields,
        ));
    }
    let statuses = list_of(q.status.as_deref());
    if let Some(s) = statuses
        .iter()
        .find(|s| !matches!(s.as_str(), "open" | "closed"))
    {
        return Err(Open311Error::bad(
            format,
            format!("status: open hoặc closed (status must be open or closed, not “{s}”)"),
        ));
    }
    let codes = list_of(q.service_code.as_deref());
    let mut field_ids = Vec::new();
    for c in &codes {
        match fields.iter().find(|f| &f.slug == c) {
            Some(f) => field_ids.push(f.id),
            None => {
                return Err(Open311Error::bad(
                    format,
                    format!("service_code: không có lĩnh vực “{c}” (unknown service_code)"),
                ));
            }
        }
    }
    let page = match q.page.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => 1,
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| {
                Open311Error::bad(format, "page: số nguyên từ 1 (a whole number from 1)")
            })?,
    };
    let start = datetime(format, "start_date", q.start_date.as_deref())?;
    let end = datetime(format, "end_date", q.end_date.as_deref())?;
    let start = match (start, end) {
        (None, None) => Some(OffsetDateTime::now_utc() - Duration::days(DEFAULT_DAYS)),
        (s, _) => s,
    };
    if let (Some(s), Some(e)) = (start, end)
        && s > e
    {
        return Err(Open311Error::bad(
            format,
            "start_date: trước end_date (start_date must precede end_date)",
        ));
    }
    // The public list, newest first, read until the page is full or the window is passed.
    let pq = PublicQuery {
        field: (codes.len() == 1).then(|| codes[0].clone()),
        ..PublicQuery::default()
    };
    let skip = (page - 1) * PAGE_SIZE;
    let mut matched = 0usize;
    let mut n = 1i64;
    'pages: loop {
        let l = petitions::list(&state.app, &pq, n, 100)
            .await
            .map_err(fail)?;
        for x in &l.items.items {
            let p = &x.petition;
            if end.is_some_and(|e| p.received_at > e) {
                continue;
            }
            if start.is_some_and(|s| p.received_at < s) {
                break 'pages;
            }
            let status = status_of(&p.state);
            if !statuses.is_empty() && !statuses.iter().any(|s| s == status) {
                continue;
            }
            if !field_ids.is_empty() && !p.field_id.is_some_and(|f| field_ids.contains(&f)) {
                continue;
            }
            matched += 1;
            if matched > skip {
                out.push(service_request(&fields, p, x.timeliness));
                if out.len() == PAGE_SIZE {
                    break 'pages;
                }
            }
        }
        if l.items.items.is_empty() || n * 100 >= l.items.total {
            break;
        }
        n += 1;
    }
    add_media(&state, format, &v, &mut out).await?;
    Ok(respond(
        format,
        StatusCode::OK,
        &out,
        "service_requests",
        "request",
        request_fields,
    ))
}

async fn requests_json(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<RequestsQuery>, QueryRejection>,
) -> Response {
    requests(state, v, Format::Json, q)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn requests_xml(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<RequestsQuery>, QueryRejection>,
) -> Response {
    requests(state, v, Format::Xml, q)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// `GET /open311/v2/requests/{id}.json` (or `.xml`): a list holding the one request.
async fn request(State(state): State<AppState>, v: Viewer, Path(file): Path<String>) -> Response {
    let (id, format) = match file.rsplit_once('.') {
        Some((id, "json")) => (id, Format::Json),
        Some((id, "xml")) => (id, Format::Xml),
        _ => {
            return Open311Error::new(
                Format::Json,
                StatusCode::NOT_FOUND,
                "use /open311/v2/requests/{id}.json or .xml",
            )
            .into_response();
        }
    };
    let Some(id) = id.parse::<i64>().ok().filter(|n| *n > 0) else {
        return Open311Error::new(format, StatusCode::NOT_FOUND, "service request not found")
            .into_response();
    };
    let result = async {
        let fields = site_fields(&state, format, &v).await?;
        let p = petitions::page(&state.app, id)
            .await
            .map_err(|e| Open311Error::from_app(format, e, &v))?;
        let mut one = [service_request(&fields, &p.petition, p.timeliness)];
        add_media(&state, format, &v, &mut one).await?;
        Ok::<_, Open311Error>(respond(
            format,
            StatusCode::OK,
            &one,
            "service_requests",
            "request",
            request_fields,
        ))
    };
    result.await.unwrap_or_else(IntoResponse::into_response)
}

/// `POST requests`: the spec's fields, plus `title`, `commune` and `consent` (Vietnamese law
/// needs the petitioner's consent to process their data). `website` is the form's honeypot.
#[derive(Deserialize, Default)]
struct CreateForm {
    #[serde(default)]
    api_key: String,
    #[serde(default)]
    service_code: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    address_string: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    commune: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    website: String,
}

#[derive(Serialize)]
struct Created {
    service_request_id: String,
    /// The tracking code: the petitioner follows the petition with it.
    token: String,
    service_notice: String,
    account_id: Option<String>,
}

fn created_fields(c: &Created) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("service_request_id", Some(c.service_request_id.clone())),
        ("token", Some(c.token.clone())),
        ("service_notice", Some(c.service_notice.clone())),
        ("account_id", Some(String::new())),
    ]
}

/// Reads `POST requests`: form-encoded, or `multipart/form-data` with photos in `media` (the
/// file field several GeoReport v2 servers take) beside the same text fields.
async fn read_create(
    state: &AppState,
    format: Format,
    req: Request,
) -> Result<(CreateForm, Vec<PhotoUpload>), Open311Error> {
    let refused = |status: StatusCode, detail: String| {
        Open311Error::new(
            format,
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                status
            } else {
                StatusCode::BAD_REQUEST
            },
            detail,
        )
    };
    if !is_multipart(&req) {
        return match Form::<CreateForm>::from_request(req, state).await {
            Ok(Form(f)) => Ok((f, Vec::new())),
            Err(e) => Err(refused(
                e.status(),
                format!(
                    "Gửi dạng application/x-www-form-urlencoded hoặc multipart/form-data (send a form-encoded or multipart body): {}",
                    e.body_text()
                ),
            )),
        };
    }
    let (text, photos) = read_photos_multipart(state, req, "media")
        .await
        .map_err(|status| {
            refused(
                status,
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    "media: tối đa 3 ảnh, mỗi ảnh không quá 5 MB (at most 3 photos of 5 MB each)".into()
                } else {
                    "Không đọc được nội dung multipart/form-data (the multipart body could not be read)".into()
                },
            )
        })?;
    let form = form_of(text).ok_or_else(|| {
        refused(
            StatusCode::BAD_REQUEST,
            "Các trường văn bản phải là chuỗi (text fields must be strings)".into(),
        )
    })?;
    Ok((form, photos))
}

async fn create(
    state: AppState,
    v: Viewer,
    format: Format,
    req: Request,
) -> Result<Response, Open311Error> {
    let (f, photos) = read_create(&state, format, req).await?;
    // A client with a key acts as that account; a bad key is refused, not ignored.
    let ctx = match f.api_key.trim() {
        "" => v.ctx.clone(),
        key => match auth::actor_for_token(&state.app, key).await {
            Ok(Some(actor)) => Ctx {
                actor,
                ip: v.ctx.ip.clone(),
                request_id: v.ctx.request_id.clone(),
            },
            Ok(None) => {
                return Err(Open311Error::new(
                    format,
                    StatusCode::FORBIDDEN,
                    "api_key: mã không hợp lệ hoặc đã bị thu hồi (invalid or revoked api_key)",
                ));
            }
            Err(e) => return Err(Open311Error::from_app(format, e, &v)),
        },
    };
    let description = f.description.trim().to_owned();
    let title = match f.title.trim() {
        "" => description
            .chars()
            .take(100)
            .collect::<String>()
            .trim()
            .to_owned(),
        t => t.to_owned(),
    };
    // Vietnamese names put the family name first.
    let name = [f.last_name.trim(), f.first_name.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let consent = matches!(
        f.consent.trim().to_ascii_lowercase().as_str(),
        "true" | "on" | "1" | "yes"
    );
    let input = OnlineInput {
        title,
        body: description,
        field: f.service_code,
        commune: f.commune,
        place: f.address_string,
        name,
        email: f.email,
        phone: f.phone,
        address: String::new(),
        show_name: None,
        consent: consent.then(|| "on".to_owned()),
        website: f.website,
    };
    let meta = SubmitMeta {
        ip: ctx.ip.clone(),
        fill_seconds: None,
    };
    let s = petitions::submit_online_with_photos(&state.app, &ctx, &input, &meta, photos)
        .await
        .map_err(|e| Open311Error::from_app(format, e, &v))?;
    let created = Created {
        service_request_id: s.id.to_string(),
        service_notice: format!(
            "Đã tiếp nhận. Kiến nghị được công khai sau khi Văn phòng duyệt; theo dõi bằng mã {} tại {}{}.",
            s.code,
            state.config.base_url.trim_end_matches('/'),
            track_path(&s.code)
        ),
        token: s.code,
        account_id: None,
    };
    Ok(respond(
        format,
        StatusCode::OK,
        &[created],
        "service_requests",
        "request",
        created_fields,
    ))
}

async fn create_json(State(state): State<AppState>, v: Viewer, req: Request) -> Response {
    create(state, v, Format::Json, req)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn create_xml(State(state): State<AppState>, v: Viewer, req: Request) -> Response {
    create(state, v, Format::Xml, req)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_maps_to_open_or_closed() {
        let closed: Vec<_> = PetitionState::ALL
            .into_iter()
            .filter(|s| status_of(s.as_str()) == "closed")
            .map(|s| s.as_str())
            .collect();
        assert_eq!(closed, ["published", "closed", "merged", "rejected"]);
    }

    #[test]
    fn a_deadline_ends_at_five_in_the_afternoon_vietnam_time() {
        let d = time::macros::date!(2026 - 12 - 10);
        assert_eq!(end_of_office_day(d), "2026-12-10T17:00:00+07:00");
    }

    #[test]
    fn xml_lists_escape_text_and_skip_absent_fields() {
        let xml_body = xml_list(
            "services",
            "service",
            &[vec![
                ("service_name", Some("Đất <đai> & nhà".into())),
                ("x", None),
            ]],
        );
        assert!(
            xml_body.contains(
                "<service><service_name>Đất &lt;đai&gt; &amp; nhà</service_name></service>"
            )
        );
        assert!(!xml_body.contains("<x>"));
    }
}
