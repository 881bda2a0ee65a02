//! A council's home page: its name, term, bodies and the councils below it.

use super::news::Card;
use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::{PageParams, Pager, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use caunoi_app::AppError;
use caunoi_app::councils::{self, Site};

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub f: Frame,
    pub site: Option<Site>,
    pub lead: Option<Card>,
    pub latest: Vec<Card>,
    pub blocks: Vec<(String, String, Vec<Card>)>,
    pub council_query: String,
    pub pager: Pager,
}

pub async fn primary(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<PageParams>,
) -> Result<HomePage, PageError> {
    render(&state, &viewer, None, &params).await
}

pub async fn council(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(code): Path<String>,
    Query(params): Query<PageParams>,
) -> Result<HomePage, PageError> {
    render(&state, &viewer, Some(&code), &params).await
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    code: Option<&str>,
    params: &PageParams,
) -> Result<HomePage, PageError> {
    let (page, _) = params.parse(60).unwrap_or((1, 60));
    let site = match councils::site(&state.app, code, page).await {
        Ok(s) => Some(s),
        // An install with no council yet shows how to set one up; a wrong code is a 404.
        Err(AppError::NotFound(_)) if code.is_none() => None,
        Err(AppError::NotFound(_)) | Err(AppError::Invalid(_)) => {
            return Err(PageError::not_found(viewer, &site_name(state, None).await));
        }
        Err(e) => return Err(PageError::new(e, viewer, "Cầu Nối")),
    };
    let name = site
        .as_ref()
        .map(|s| s.council.name.clone())
        .unwrap_or_else(|| "Cầu Nối".into());
    let base = match code {
        Some(c) => format!("/hdnd/{c}"),
        None => "/".into(),
    };
    let mut f = Frame::new(viewer, viewer.lang.t("nav.home"), &name, "");
    f.site_href = base.clone();
    let pager = match &site {
        Some(s) => Pager::new(&s.children, base),
        None => Pager::single(base),
    };
    let news = match &site {
        Some(s) => caunoi_app::articles::public::home(&state.app, &s.council.unit_code)
            .await
            .map_err(|e| PageError::new(e, viewer, &name))?,
        None => Default::default(),
    };
    Ok(HomePage {
        f,
        lead: news.lead.as_ref().map(Card::from),
        latest: news.latest.iter().map(Card::from).collect(),
        blocks: news
            .blocks
            .iter()
            .map(|(c, items)| {
                (
                    format!("/tin-tuc/{}", c.slug),
                    c.name.clone(),
                    items.iter().map(Card::from).collect(),
                )
            })
            .collect(),
        council_query: code.map(|c| format!("?hdnd={c}")).unwrap_or_default(),
        site,
        pager,
    })
}
