//! Browsing administrative units: provinces, a unit's communes, and abolished units with
//! what replaced them.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::{PageParams, Pager, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use caunoi_app::{AppError, councils, units};
use caunoi_store::units::Unit;
use serde::Deserialize;

pub struct Row {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub abolished: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "units.html")]
pub struct UnitsPage {
    pub f: Frame,
    pub unit: Option<Unit>,
    /// For an abolished unit: today's units that took it over (code, name).
    pub successors: Vec<(String, String)>,
    pub kind_label: &'static str,
    pub has_council: bool,
    pub include_abolished: bool,
    pub children: Vec<Row>,
    pub pager: Pager,
}

#[derive(Deserialize)]
pub struct Params {
    #[serde(default)]
    pub cu: Option<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "province" => "Tỉnh, thành phố",
        "district" => "Quận, huyện, thị xã",
        "commune" => "Xã",
        "ward" => "Phường",
        "township" => "Thị trấn",
        "special_zone" => "Đặc khu",
        _ => "",
    }
}

pub async fn provinces(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<Params>,
) -> Result<UnitsPage, PageError> {
    render(&state, &viewer, None, &p).await
}

pub async fn unit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<UnitsPage, PageError> {
    render(&state, &viewer, Some(&code), &p).await
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    code: Option<&str>,
    p: &Params,
) -> Result<UnitsPage, PageError> {
    let site = site_name(state, None).await;
    let fail = |e: AppError| match e {
        AppError::Invalid(_) | AppError::NotFound(_) => PageError::not_found(viewer, &site),
        other => PageError::new(other, viewer, &site),
    };
    let include_abolished = p.cu.as_deref() == Some("1");
    let (page, per_page) = p.page.parse(100).unwrap_or((1, 100));
    let (unit, successors) = match code {
        Some(c) => {
            let d = units::find(&state.app, c).await.map_err(fail)?;
            let next = d.successors.into_iter().map(|s| (s.code, s.name)).collect();
            (Some(d.unit), next)
        }
        None => (None, Vec::new()),
    };
    let list = units::children(&state.app, code, include_abolished, page, per_page)
        .await
        .map_err(fail)?;
    let has_council = match code {
        Some(c) => councils::council(&state.app, Some(c)).await.is_ok(),
        None => false,
    };
    let base = format!(
        "/don-vi{}{}",
        code.map(|c| format!("/{c}")).unwrap_or_default(),
        if include_abolished { "?cu=1" } else { "" }
    );
    let title = unit
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_else(|| viewer.lang.t("units.title").to_owned());
    Ok(UnitsPage {
        f: Frame::new(viewer, title, &site, ""),
        kind_label: unit.as_ref().map(|u| kind_label(&u.kind)).unwrap_or(""),
        unit,
        successors,
        has_council,
        include_abolished,
        pager: Pager::new(&list, base),
        children: list
            .items
            .into_iter()
            .map(|u| Row {
                kind: kind_label(&u.kind),
                abolished: u.valid_to.is_some(),
                code: u.code,
                name: u.name,
            })
            .collect(),
    })
}
