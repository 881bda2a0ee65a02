//! `/api/v1/search`: the same search as the page, as JSON.

use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::common::PageParams;
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::{Query, State};
use caunoi_app::search;
use caunoi_search::{SearchQuery, Sort};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(find))
}

#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    /// `article`, `unit`, `event`, `resolution`, `delegate` or `petition`.
    pub kind: String,
    pub id: i64,
    pub title: String,
    /// HTML-escaped text with `<mark>` around matched words.
    pub snippet: String,
    pub url: String,
    pub score: f32,
}

#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    pub items: Vec<SearchItem>,
    pub total: u64,
    pub page: i64,
    pub per_page: i64,
    /// The accented spelling of the query, when the folded query matched it.
    pub did_you_mean: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct SearchParams {
    /// What to look for; accents optional.
    pub q: Option<String>,
    /// `article`, `unit`, `event`, `resolution`, `delegate` or `petition`.
    pub kind: Option<String>,
    /// Unit code: results of this unit and below.
    pub unit: Option<String>,
    /// Category slug.
    pub category: Option<String>,
    /// Year of publication.
    pub year: Option<i32>,
    /// `relevance` (default) or `newest`.
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Searches every public kind.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 422, body = Problem)))]
async fn find(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<SearchParams>,
) -> Result<Json<SearchPage>, ApiError> {
    let (page, per_page) = PageParams {
        page: p.page,
        per_page: p.per_page,
    }
    .parse_api(&v)?;
    let q = SearchQuery {
        text: p.q.unwrap_or_default(),
        kind: p.kind.filter(|s| !s.is_empty()),
        unit: p.unit.filter(|s| !s.is_empty()),
        category: p.category.filter(|s| !s.is_empty()),
        year: p.year,
        sort: if p.sort.as_deref() == Some("newest") {
            Sort::Newest
        } else {
            Sort::Relevance
        },
        page: page as usize,
        per_page: per_page as usize,
    };
    let r = search::query(&state.app, q)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(SearchPage {
        total: r.total,
        page,
        per_page,
        did_you_mean: r.did_you_mean,
        items: r
            .items
            .into_iter()
            .map(|h| SearchItem {
                kind: h.kind,
                id: h.id,
                title: h.title,
                snippet: h.snippet_html,
                url: h.url,
                score: h.score,
            })
            .collect(),
    }))
}
