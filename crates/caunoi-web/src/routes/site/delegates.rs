//! The delegate directory of a council's current term, in Vietnamese name order.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use caunoi_app::councils;
use serde::Deserialize;

pub struct DelegateCard {
    pub name: String,
    pub initial: String,
    pub role: &'static str,
    pub birth_year: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "delegates.html")]
pub struct DelegatesPage {
    pub f: Frame,
    pub council_name: String,
    pub term: Option<String>,
    pub delegates: Vec<DelegateCard>,
}

#[derive(Deserialize)]
pub struct Filter {
    pub hdnd: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(filter): Query<Filter>,
) -> Result<DelegatesPage, PageError> {
    let code = filter.hdnd.as_deref().filter(|s| !s.is_empty());
    let (site, members) = match councils::delegates(&state.app, code).await {
        Ok(x) => x,
        Err(e) => return Err(PageError::new(e, &viewer, &site_name(&state, None).await)),
    };
    let lang = viewer.lang;
    let delegates = members
        .into_iter()
        .map(|m| DelegateCard {
            initial: m
                .full_name
                .split_whitespace()
                .last()
                .and_then(|w| w.chars().next())
                .map(String::from)
                .unwrap_or_default(),
            role: match m.role.as_str() {
                "chair" => lang.t("role.chair"),
                "vice_chair" => lang.t("role.vice_chair"),
                _ => lang.t("role.member"),
            },
            birth_year: m.birth_year,
            name: m.full_name,
        })
        .collect();
    Ok(DelegatesPage {
        f: Frame::new(
            &viewer,
            lang.t("delegates.title"),
            &site.council.name,
            "/dai-bieu",
        ),
        council_name: site.council.name.clone(),
        term: site.term.map(|t| t.name),
        delegates,
    })
}
