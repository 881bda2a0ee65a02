//! The office's figures and reports: a dashboard of SVG charts (volume by month, by field,
//! timeliness by agency) with a data table after each chart, and the session reports
//! (compilation and answers) as DOCX or XLSX downloads, with the official header the clerk
//! fills in on the report form.

use super::registry::Errs;
use crate::AppState;
use crate::charts::{self, Bar};
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::site_name;
use crate::routes::site::petitions_stats::{FigView, definitions, percent};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use caunoi_app::AppError;
use caunoi_app::petitions::report::{self, Format, ReportKind};
use caunoi_app::petitions::stats::{self, DashboardQuery};
use caunoi_domain::letterhead::LetterheadInput;
use caunoi_domain::{FieldError, vntime};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quan-tri/kien-nghi/thong-ke", get(dashboard))
        .route("/quan-tri/kien-nghi/bao-cao", get(reports))
        .route("/quan-tri/kien-nghi/bao-cao/tai-ve", get(download_form))
        .route(
            "/quan-tri/kien-nghi/bao-cao/{session}/{kind}/{format}",
            get(download),
        )
}

#[derive(Deserialize, Default)]
pub struct DashParams {
    pub hdnd: Option<String>,
    pub tu: Option<String>,
    pub den: Option<String>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct TableRow {
    pub label: String,
    pub fig: FigView,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_dashboard.html")]
pub struct DashboardPage {
    pub f: Frame,
    pub councils: Vec<Choice>,
    pub from: String,
    pub to: String,
    pub period: String,
    pub total: FigView,
    pub months_svg: String,
    pub months: Vec<(String, i64)>,
    pub fields_svg: String,
    pub fields: Vec<TableRow>,
    pub timeliness_svg: Option<String>,
    pub agencies: Vec<TableRow>,
    pub defs: Vec<(&'static str, String)>,
}

fn council_param(s: &Option<String>) -> Result<Option<i64>, AppError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            AppError::invalid(
                "hdnd",
                "Chọn một Hội đồng trong danh sách.",
                "Choose a council from the list.",
            )
        }),
    }
}

/// "2026-01" as people read it: "01/2026".
fn month_label(m: &str) -> String {
    match m.split_once('-') {
        Some((y, mm)) => format!("{mm}/{y}"),
        None => m.to_owned(),
    }
}

pub async fn dashboard(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<DashParams>,
) -> Result<DashboardPage, PageError> {
    let site = site_name(&state, None).await;
    let lang = v.lang;
    let err = |e| PageError::new(e, &v, &site);
    let q = DashboardQuery {
        council_id: council_param(&p.hdnd).map_err(err)?,
        from: p.tu.clone(),
        to: p.den.clone(),
    };
    let d = stats::dashboard(&state.app, &v.ctx, &q)
        .await
        .map_err(err)?;
    let months: Vec<(String, i64)> = d
        .months
        .iter()
        .map(|m| (m.label.clone(), m.received))
        .collect();
    let short = |label: &str| {
        // "MM/YYYY" → "MM/YY" under each bar, so 36 bars still fit a phone.
        let (m, y) = label.split_once('/').unwrap_or((label, ""));
        format!("{m}/{}", y.get(2..).unwrap_or(y))
    };
    let month_bars: Vec<Bar> = d
        .months
        .iter()
        .map(|m| Bar {
            label: short(&m.label),
            value: m.received as f64,
            text: m.received.to_string(),
        })
        .collect();
    let field_bars: Vec<Bar> = d
        .fields
        .iter()
        .filter(|r| r.figures.received > 0)
        .map(|r| Bar {
            label: r.name.clone(),
            value: r.figures.received as f64,
            text: r.figures.received.to_string(),
        })
        .collect();
    let field_max = field_bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let timely: Vec<Bar> = d
        .agencies
        .iter()
        .filter_map(|r| {
            r.figures.on_time_rate.map(|rate| Bar {
                label: r.name.clone(),
                value: rate,
                text: percent(lang, rate),
            })
        })
        .collect();
    let period = format!("{} – {}", month_label(&d.from), month_label(&d.to));
    Ok(DashboardPage {
        f: Frame::new(&v, lang.t("pst.dashboard"), &site, ""),
        councils: d
            .councils
            .iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name.clone(),
                selected: *id == d.council_id,
            })
            .collect(),
        months_svg: charts::columns(
            "pst-months",
            &format!("{} ({period})", lang.t("pst.by_month")),
            lang.t("pst.chart_months_desc"),
            &month_bars,
        ),
        fields_svg: charts::rows(
            "pst-fields",
            lang.t("pst.fields"),
            lang.t("pst.chart_fields_desc"),
            &field_bars,
            field_max,
        ),
        timeliness_svg: (!timely.is_empty()).then(|| {
            charts::rows(
                "pst-timely",
                lang.t("pst.timeliness"),
                lang.t("pst.chart_timeliness_desc"),
                &timely,
                1.0,
            )
        }),
        months,
        fields: d
            .fields
            .iter()
            .map(|r| TableRow {
                label: r.name.clone(),
                fig: FigView::of(lang, &r.figures),
            })
            .collect(),
        agencies: d
            .agencies
            .iter()
            .map(|r| TableRow {
                label: r.name.clone(),
                fig: FigView::of(lang, &r.figures),
            })
            .collect(),
        total: FigView::of(lang, &d.total),
        from: d.from,
        to: d.to,
        period,
        defs: definitions(lang),
    })
}

/// The report form's fields, named as the page sends them; each letterhead field left out is
/// taken from the council's defaults.
#[derive(Deserialize, Default, Clone)]
pub struct ReportParams {
    pub hdnd: Option<String>,
    #[serde(rename = "ky-hop")]
    pub session: Option<String>,
    pub loai: Option<String>,
    #[serde(rename = "dinh-dang")]
    pub format: Option<String>,
    #[serde(rename = "co-quan")]
    pub issuer: Option<String>,
    pub so: Option<String>,
    #[serde(rename = "dia-danh")]
    pub place: Option<String>,
    pub ngay: Option<String>,
    #[serde(rename = "tham-quyen")]
    pub authority: Option<String>,
    #[serde(rename = "chuc-vu")]
    pub signer_title: Option<String>,
    #[serde(rename = "nguoi-ky")]
    pub signer: Option<String>,
    #[serde(rename = "noi-nhan")]
    pub recipients: Option<String>,
}

impl ReportParams {
    fn letterhead(&self) -> LetterheadInput {
        LetterheadInput {
            issuer: self.issuer.clone(),
            number: self.so.clone(),
            place: self.place.clone(),
            date: self.ngay.clone(),
            authority: self.authority.clone(),
            signer_title: self.signer_title.clone(),
            signer: self.signer.clone(),
            recipients: self.recipients.clone(),
        }
    }
}

/// The fields the report form shows, for errors beside them.
const REPORT_FIELDS: &[&str] = &[
    "session",
    "kind",
    "format",
    "issuer",
    "number",
    "place",
    "date",
    "authority",
    "signer-title",
    "signer",
    "recipient",
];

pub struct SessionLine {
    pub title: String,
    pub opens: String,
    pub links: Vec<(String, String)>,
}

/// What the report form holds: the clerk's values, else the council's defaults.
pub struct ReportForm {
    pub hdnd: String,
    pub session: String,
    pub kind: String,
    pub format: String,
    pub issuer: String,
    pub number: String,
    pub place: String,
    pub date: String,
    pub authority: String,
    pub signer_title: String,
    pub signer: String,
    pub recipients: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_reports.html")]
pub struct ReportsPage {
    pub f: Frame,
    pub councils: Vec<Choice>,
    pub sessions: Vec<SessionLine>,
    pub form: ReportForm,
    pub session_options: Vec<(String, String)>,
    pub kinds: Vec<(String, String)>,
    pub formats: Vec<(String, String)>,
    pub errs: Errs,
}

pub async fn reports(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<ReportParams>,
) -> Result<ReportsPage, PageError> {
    let site = site_name(&state, None).await;
    reports_page(&state, &v, &site, &p, Errs::default()).await
}

async fn reports_page(
    state: &AppState,
    v: &Viewer,
    site: &str,
    p: &ReportParams,
    errs: Errs,
) -> Result<ReportsPage, PageError> {
    let lang = v.lang;
    let err = |e| PageError::new(e, v, site);
    let council = council_param(&p.hdnd).map_err(err)?;
    let session: Option<i64> = p.session.as_deref().and_then(|s| s.trim().parse().ok());
    let s = report::sessions(&state.app, &v.ctx, council, session)
        .await
        .map_err(err)?;
    let head = p.letterhead().or(&s.defaults);
    let text = |o: Option<String>| o.unwrap_or_default();
    let form = ReportForm {
        hdnd: s.council_id.to_string(),
        session: p
            .session
            .clone()
            .or_else(|| s.sessions.first().map(|x| x.id.to_string()))
            .unwrap_or_default(),
        kind: p.loai.clone().unwrap_or_else(|| "tong-hop".into()),
        format: p.format.clone().unwrap_or_else(|| "docx".into()),
        issuer: text(head.issuer),
        number: text(head.number),
        place: text(head.place),
        date: text(head.date),
        authority: text(head.authority),
        signer_title: text(head.signer_title),
        signer: text(head.signer),
        recipients: text(head.recipients),
    };
    Ok(ReportsPage {
        f: Frame::new(v, lang.t("pst.reports"), site, ""),
        councils: s
            .councils
            .iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name.clone(),
                selected: *id == s.council_id,
            })
            .collect(),
        session_options: s
            .sessions
            .iter()
            .map(|x| {
                let opens = vntime::format_date(x.starts_at.to_offset(vntime::VIETNAM).date());
                (x.id.to_string(), format!("{} ({opens})", x.title))
            })
            .collect(),
        kinds: vec![
            ("tong-hop".into(), lang.t("pst.compilation").into()),
            ("tra-loi".into(), lang.t("pst.answers").into()),
        ],
        formats: vec![
            ("docx".into(), "Word (.docx)".into()),
            ("xlsx".into(), "Excel (.xlsx)".into()),
        ],
        sessions: s
            .sessions
            .iter()
            .map(|x| {
                let base = format!("/quan-tri/kien-nghi/bao-cao/{}", x.id);
                SessionLine {
                    title: x.title.clone(),
                    opens: vntime::format_date(x.starts_at.to_offset(vntime::VIETNAM).date()),
                    links: vec![
                        (
                            format!("{base}/tong-hop/docx"),
                            format!("{} (Word)", lang.t("pst.compilation")),
                        ),
                        (
                            format!("{base}/tong-hop/xlsx"),
                            format!("{} (Excel)", lang.t("pst.compilation")),
                        ),
                        (
                            format!("{base}/tra-loi/docx"),
                            format!("{} (Word)", lang.t("pst.answers")),
                        ),
                        (
                            format!("{base}/tra-loi/xlsx"),
                            format!("{} (Excel)", lang.t("pst.answers")),
                        ),
                    ],
                }
            })
            .collect(),
        form,
        errs,
    })
}

/// The form sent: the report as a file, or the form again with each wrong field named.
pub async fn download_form(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<ReportParams>,
) -> Response {
    let site = site_name(&state, None).await;
    let mut refused = Vec::new();
    let session = p
        .session
        .as_deref()
        .and_then(|s| s.trim().parse::<i64>().ok());
    if session.is_none() {
        refused.push(bad_session());
    }
    let kind = p.loai.as_deref().and_then(ReportKind::parse);
    if kind.is_none() {
        refused.push(FieldError::new(
            "kind",
            "Loại báo cáo: chọn báo cáo tổng hợp hoặc báo cáo kết quả trả lời.",
            "choose the compilation or the answers report",
        ));
    }
    let format = p.format.as_deref().and_then(Format::parse);
    if format.is_none() {
        refused.push(FieldError::new(
            "format",
            "Định dạng: chọn Word (.docx) hoặc Excel (.xlsx).",
            "choose Word (.docx) or Excel (.xlsx)",
        ));
    }
    match (session, kind, format) {
        (Some(session), Some(kind), Some(format)) if refused.is_empty() => {
            respond(&state, &v, &site, session, kind, format, p).await
        }
        _ => again(&state, &v, &site, &p, AppError::Invalid(refused)).await,
    }
}

fn bad_session() -> FieldError {
    FieldError::new(
        "session",
        "Kỳ họp: chọn một kỳ họp trong danh sách.",
        "choose a session from the list",
    )
}

/// The form again, with the refusal of `e` beside its fields (422).
async fn again(
    state: &AppState,
    v: &Viewer,
    site: &str,
    p: &ReportParams,
    e: AppError,
) -> Response {
    let errs = Errs::of(&e, v.lang, REPORT_FIELDS);
    match reports_page(state, v, site, p, errs).await {
        Ok(page) => (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn download(
    State(state): State<AppState>,
    v: Viewer,
    Path((session, kind, format)): Path<(String, String, String)>,
    Query(p): Query<ReportParams>,
) -> Response {
    let site = site_name(&state, None).await;
    let (Ok(session), Some(kind), Some(format)) = (
        session.parse::<i64>(),
        ReportKind::parse(&kind),
        Format::parse(&format),
    ) else {
        return PageError::not_found(&v, &site).into_response();
    };
    respond(&state, &v, &site, session, kind, format, p).await
}

async fn respond(
    state: &AppState,
    v: &Viewer,
    site: &str,
    session: i64,
    kind: ReportKind,
    format: Format,
    p: ReportParams,
) -> Response {
    let from_form = p.session.is_some();
    let file =
        match report::document(&state.app, &v.ctx, session, kind, format, p.letterhead()).await {
            Ok((_, file)) => file,
            Err(AppError::NotFound(_)) if from_form => {
                return again(state, v, site, &p, AppError::Invalid(vec![bad_session()])).await;
            }
            Err(e @ AppError::Invalid(_)) => {
                let p = ReportParams {
                    session: Some(session.to_string()),
                    loai: Some(kind.slug().into()),
                    format: Some(format.ext().into()),
                    ..p
                };
                return again(state, v, site, &p, e).await;
            }
            Err(e) => return PageError::new(e, v, site).into_response(),
        };
    let disposition = format!("attachment; filename=\"{}\"", file.file_name);
    let mut resp = file.bytes.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    if let Ok(d) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    // Staff-only figures: never kept by a shared cache.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    resp
}
