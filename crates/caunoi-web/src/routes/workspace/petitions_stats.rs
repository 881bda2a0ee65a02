//! The office's figures and reports: a dashboard of SVG charts (volume by month, by field,
//! timeliness by agency) with a data table after each chart, and the session reports
//! (compilation and answers) as DOCX or XLSX downloads.

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
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use caunoi_app::AppError;
use caunoi_app::petitions::report::{self, Format, ReportKind};
use caunoi_app::petitions::stats::{self, DashboardQuery};
use caunoi_domain::vntime;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quan-tri/kien-nghi/thong-ke", get(dashboard))
        .route("/quan-tri/kien-nghi/bao-cao", get(reports))
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

#[derive(Deserialize, Default)]
pub struct ReportParams {
    pub hdnd: Option<String>,
}

pub struct SessionLine {
    pub title: String,
    pub opens: String,
    pub links: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/petitions_reports.html")]
pub struct ReportsPage {
    pub f: Frame,
    pub councils: Vec<Choice>,
    pub sessions: Vec<SessionLine>,
}

pub async fn reports(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<ReportParams>,
) -> Result<ReportsPage, PageError> {
    let site = site_name(&state, None).await;
    let lang = v.lang;
    let err = |e| PageError::new(e, &v, &site);
    let council = council_param(&p.hdnd).map_err(err)?;
    let s = report::sessions(&state.app, &v.ctx, council)
        .await
        .map_err(err)?;
    Ok(ReportsPage {
        f: Frame::new(&v, lang.t("pst.reports"), &site, ""),
        councils: s
            .councils
            .iter()
            .map(|(id, name)| Choice {
                value: id.to_string(),
                label: name.clone(),
                selected: *id == s.council_id,
            })
            .collect(),
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
    })
}

pub async fn download(
    State(state): State<AppState>,
    v: Viewer,
    Path((session, kind, format)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let site = site_name(&state, None).await;
    let err = |e| PageError::new(e, &v, &site);
    let session: i64 = session
        .parse()
        .map_err(|_| PageError::not_found(&v, &site))?;
    let kind = ReportKind::parse(&kind).ok_or_else(|| PageError::not_found(&v, &site))?;
    let format = Format::parse(&format).ok_or_else(|| PageError::not_found(&v, &site))?;
    let r = report::session_report(&state.app, &v.ctx, session)
        .await
        .map_err(err)?;
    let file = report::render(&r, kind, format);
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
    Ok(resp)
}
