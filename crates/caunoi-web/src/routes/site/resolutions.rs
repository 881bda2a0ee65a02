//! Resolutions for readers: `/nghi-quyet` with filters by year, field and status, each
//! resolution's page with its status, links and files, and `/tai-lieu/{id}` downloads.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{PageParams, Pager, site_name};
use crate::routes::site::calendar::{DocView, doc_views, event_path};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::resolutions::{self, ListQuery};
use caunoi_domain::resolution::ResolutionStatus;
use caunoi_domain::vntime;
use caunoi_store::resolutions::Resolution;
use serde::Deserialize;

pub fn resolution_path(r: &Resolution) -> String {
    resolutions::resolution_path(&r.slug, r.id)
}

fn status_label(lang: Lang, s: ResolutionStatus) -> &'static str {
    match lang {
        Lang::Vi => s.label_vi(),
        Lang::En => s.label_en(),
    }
}

pub struct ResolutionLine {
    pub href: String,
    pub number: String,
    pub title: String,
    pub adopted: String,
    pub field: String,
    pub status: &'static str,
    pub status_slug: &'static str,
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "resolutions.html")]
pub struct ResolutionsPage {
    pub f: Frame,
    pub years: Vec<Opt>,
    pub fields: Vec<Opt>,
    pub statuses: Vec<Opt>,
    pub items: Vec<ResolutionLine>,
    pub total: i64,
    pub pager: Pager,
}

#[derive(Deserialize, Default)]
pub struct Filter {
    pub nam: Option<String>,
    pub linh_vuc: Option<String>,
    pub hieu_luc: Option<String>,
    pub hdnd: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<Filter>,
) -> Result<ResolutionsPage, PageError> {
    let site = site_name(&state, None).await;
    let lang = viewer.lang;
    let err = |e: caunoi_app::AppError| PageError::new(e, &viewer, &site);
    let (page, per_page) = p
        .paging
        .parse(20)
        .map_err(|(f, m)| err(caunoi_app::AppError::invalid(f, &m, &m)))?;
    let year = match p.nam.as_deref().filter(|s| !s.is_empty()) {
        Some(y) => Some(y.parse::<i64>().map_err(|_| {
            err(caunoi_app::AppError::invalid(
                "nam",
                "Năm là số có 4 chữ số.",
                "The year is a 4-digit number.",
            ))
        })?),
        None => None,
    };
    let field = p.linh_vuc.clone().filter(|s| !s.is_empty());
    let status = p.hieu_luc.clone().filter(|s| !s.is_empty());
    let q = ListQuery {
        council: p.hdnd.clone().filter(|s| !s.is_empty()),
        year,
        field: field.clone(),
        status: status.clone(),
    };
    let list = resolutions::list(&state.app, &q, page, per_page)
        .await
        .map_err(err)?;
    let mut base = Vec::new();
    if let Some(y) = year {
        base.push(format!("nam={y}"));
    }
    if let Some(f) = &field {
        base.push(format!("linh_vuc={}", crate::frame::encode_path(f)));
    }
    if let Some(s) = &status {
        base.push(format!("hieu_luc={}", crate::frame::encode_path(s)));
    }
    let base = if base.is_empty() {
        "/nghi-quyet".to_owned()
    } else {
        format!("/nghi-quyet?{}", base.join("&"))
    };
    Ok(ResolutionsPage {
        f: Frame::new(&viewer, lang.t("nav.resolutions"), &site, "/nghi-quyet"),
        years: list
            .years
            .iter()
            .map(|y| Opt {
                value: y.to_string(),
                label: y.to_string(),
                selected: Some(*y) == year,
            })
            .collect(),
        fields: list
            .fields
            .iter()
            .map(|x| Opt {
                value: x.clone(),
                label: x.clone(),
                selected: Some(x) == field.as_ref(),
            })
            .collect(),
        statuses: ResolutionStatus::ALL
            .iter()
            .map(|s| Opt {
                value: s.as_str().to_owned(),
                label: status_label(lang, *s).to_owned(),
                selected: status.as_deref() == Some(s.as_str()),
            })
            .collect(),
        total: list.items.total,
        pager: Pager::new(&list.items, base),
        items: list
            .items
            .items
            .iter()
            .map(|l| ResolutionLine {
                href: resolution_path(&l.resolution),
                number: l.resolution.number.clone(),
                title: l.resolution.title.clone(),
                adopted: vntime::format_date(l.resolution.adopted_on),
                field: l.resolution.field.clone(),
                status: status_label(lang, l.status),
                status_slug: l.status.as_str(),
            })
            .collect(),
    })
}

pub struct LinkView {
    pub href: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "resolution.html")]
pub struct ResolutionPage {
    pub f: Frame,
    pub number: String,
    pub title: String,
    pub draft: bool,
    pub status: &'static str,
    pub status_slug: &'static str,
    pub facts: Vec<(&'static str, String)>,
    pub session: Option<(String, String)>,
    pub amends: Vec<LinkView>,
    pub replaces: Vec<LinkView>,
    pub amended_by: Vec<LinkView>,
    pub replaced_by: Vec<LinkView>,
    pub documents: Vec<DocView>,
    pub body_html: String,
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug_id): Path<String>,
) -> Response {
    let site = site_name(&state, None).await;
    let Some((slug, id)) = caunoi_app::articles::parse_slug_id(&slug_id) else {
        return PageError::not_found(&viewer, &site).into_response();
    };
    let d = match resolutions::detail(&state.app, &viewer.ctx, id).await {
        Ok(d) => d,
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    let r = &d.resolution;
    if slug != r.slug {
        return Redirect::permanent(&resolution_path(r)).into_response();
    }
    let lang = viewer.lang;
    let mut facts = vec![
        (lang.t("res.number"), r.number.clone()),
        (lang.t("res.adopted"), vntime::format_date(r.adopted_on)),
    ];
    if let Some(e) = r.effective_on {
        facts.push((lang.t("res.effective"), vntime::format_date(e)));
    }
    if let Some(e) = r.expires_on {
        facts.push((lang.t("res.expires"), vntime::format_date(e)));
    }
    facts.push((lang.t("res.field"), r.field.clone()));
    facts.push((lang.t("res.council"), r.council_name.clone()));
    let link = |l: &caunoi_store::resolutions::Link, other: i64| LinkView {
        href: format!("/nghi-quyet/{}-{other}", l.other_slug),
        label: format!("{} – {}", l.other_number, l.other_title),
    };
    let pick = |links: &[caunoi_store::resolutions::Link], kind: &str, outgoing: bool| {
        links
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| link(l, if outgoing { l.to_id } else { l.from_id }))
            .collect::<Vec<_>>()
    };
    ResolutionPage {
        f: Frame::new(
            &viewer,
            format!("{} {}", lang.t("res.resolution"), r.number),
            &site,
            "/nghi-quyet",
        ),
        number: r.number.clone(),
        title: r.title.clone(),
        draft: r.state != "published",
        status: status_label(lang, d.status),
        status_slug: d.status.as_str(),
        facts,
        session: d.session.as_ref().map(|s| (event_path(s), s.title.clone())),
        amends: pick(&d.changes, "amends", true),
        replaces: pick(&d.changes, "replaces", true),
        amended_by: pick(&d.changed_by, "amends", false),
        replaced_by: pick(&d.changed_by, "replaces", false),
        documents: doc_views(&d.documents),
        body_html: caunoi_app::articles::render::markdown_to_html(&r.body_md),
    }
    .into_response()
}

/// `/tai-lieu/{id}/{name}`: a document's file; drafts only for those who may see them.
pub async fn document(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, _name)): Path<(i64, String)>,
) -> Response {
    match caunoi_app::documents::file(&state.app, &viewer.ctx, id).await {
        Ok((d, bytes)) => {
            let mut r = bytes.into_response();
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&d.content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{}\"", d.file_name)) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            // `public` here means the document and the record it hangs from are released.
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(if d.public {
                    "public, max-age=3600"
                } else {
                    "private, no-store"
                }),
            );
            h.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            r
        }
        Err(e) => PageError::new(e, &viewer, &site_name(&state, None).await).into_response(),
    }
}
