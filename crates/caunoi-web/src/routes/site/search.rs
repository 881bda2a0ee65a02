//! The search page. Until the full-text index arrives it finds administrative units by name,
//! accents optional ("ha noi" finds "Hà Nội", old names find today's units).

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use caunoi_app::units;
use serde::Deserialize;

pub struct Hit {
    pub code: String,
    pub name: String,
    /// Where the hit leads: the unit itself, or for an abolished unit the unit that replaced it.
    pub href: String,
    pub parent: Option<String>,
    pub successors: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub f: Frame,
    pub q: String,
    pub units: Vec<Hit>,
}

#[derive(Deserialize)]
pub struct Q {
    pub q: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<Q>,
) -> Result<SearchPage, PageError> {
    let site = site_name(&state, None).await;
    // Long pastes are cut rather than refused: the first 200 characters say what was meant.
    let q: String = vntext::nfc(q.q.as_deref().unwrap_or("").trim())
        .chars()
        .take(200)
        .collect();
    let found = units::search(&state.app, &q, 30)
        .await
        .map_err(|e| PageError::new(e, &viewer, &site))?;
    let mut hits = Vec::with_capacity(found.len());
    for u in found {
        let mut href = format!("/don-vi/{}", u.code);
        let successors = if u.valid_to.is_some() {
            let next = units::successors_of(&state.app, u.id)
                .await
                .map_err(|e| PageError::new(e, &viewer, &site))?;
            if let Some(first) = next.first() {
                href = format!("/don-vi/{}", first.code);
            }
            next.into_iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            String::new()
        };
        hits.push(Hit {
            href,
            code: u.code,
            name: u.name,
            parent: u.parent_code,
            successors,
        });
    }
    Ok(SearchPage {
        f: Frame::new(&viewer, viewer.lang.t("search.title"), &site, "/tim-kiem"),
        q,
        units: hits,
    })
}
