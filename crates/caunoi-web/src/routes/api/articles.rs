//! `/api/v1/articles` and `/api/v1/categories`: published news for everyone, and the desk's
//! actions for those whose role allows them (the same use cases as the workspace).

use super::ApiJson;
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::common::PageParams;
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use caunoi_app::articles::desk::{self, ActInput};
use caunoi_app::articles::{self, Draft, public};
use caunoi_app::{AppError, councils};
use caunoi_domain::article::ArticleAction;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(show, patch))
        .routes(routes!(act))
        .routes(routes!(categories))
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

#[derive(Serialize, ToSchema)]
pub struct ArticleItem {
    pub id: i64,
    pub title: String,
    /// Absolute URL of the article page.
    pub url: String,
    /// Category slug.
    pub category: String,
    pub category_name: String,
    /// RFC 3339.
    pub published_at: Option<String>,
    pub lead: String,
}

#[derive(Serialize, ToSchema)]
pub struct ArticlePage {
    pub items: Vec<ArticleItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Category slug, e.g. `ky-hop`.
    pub category: Option<String>,
    /// Unit code: articles of the councils of this unit and below (default: the site's council and below).
    pub unit: Option<String>,
    /// Tag slug.
    pub tag: Option<String>,
    /// First day (YYYY-MM-DD, Vietnam time), inclusive.
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, Vietnam time), inclusive.
    pub to: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

fn bad(v: &Viewer, field: &str, msg: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Tham số không hợp lệ",
        None,
        v.request_id(),
    )
    .field(field, msg)
}

fn day(v: &Viewer, field: &str, s: Option<&str>) -> Result<Option<time::OffsetDateTime>, ApiError> {
    let Some(s) = s.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &fmt)
        .map(|d| Some(caunoi_domain::vntime::day_start_utc(d)))
        .map_err(|_| bad(v, field, "Ngày viết dạng YYYY-MM-DD (date as YYYY-MM-DD)"))
}

/// Published articles, newest first.
#[utoipa::path(get, path = "/api/v1/articles", tag = "articles", params(ListQuery),
    responses((status = 200, body = ArticlePage), (status = 422, body = Problem)))]
async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ListQuery>,
) -> Result<Json<ArticlePage>, ApiError> {
    let (page, per_page) = PageParams {
        page: q.page.clone(),
        per_page: q.per_page.clone(),
    }
    .parse_api(&v)?;
    let from = day(&v, "from", q.from.as_deref())?;
    let to = day(&v, "to", q.to.as_deref())?.map(|t| t + time::Duration::days(1));
    let unit = match q.unit.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => caunoi_domain::UnitCode::parse(u)
            .map_err(|_| bad(&v, "unit", "Mã đơn vị gồm 2 hoặc 5 chữ số"))?
            .to_string(),
        None => match councils::council(&state.app, None).await {
            Ok(c) => c.unit_code,
            Err(AppError::NotFound(_)) => {
                return Ok(Json(ArticlePage {
                    items: vec![],
                    total: 0,
                    page,
                    per_page,
                }));
            }
            Err(e) => return Err(ApiError::from_app(e, &v)),
        },
    };
    let filter = public::Filter {
        unit_code: Some(&unit),
        category_slug: q.category.as_deref().filter(|c| !c.is_empty()),
        tag: q.tag.as_deref().filter(|t| !t.is_empty()),
        from,
        to,
        ..Default::default()
    };
    let p = public::list(&state.app, &filter, page, per_page)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    let base = state.config.base_url.trim_end_matches('/');
    Ok(Json(ArticlePage {
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        items: p
            .items
            .into_iter()
            .map(|s| ArticleItem {
                url: format!(
                    "{base}{}",
                    articles::article_path(&s.category_slug, &s.slug, s.id)
                ),
                id: s.id,
                title: s.title,
                category: s.category_slug,
                category_name: s.category_name,
                published_at: s.published_at.map(rfc3339),
                lead: s.lead,
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct RelatedItem {
    pub id: i64,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleDetail {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub category: String,
    pub category_name: String,
    pub published_at: Option<String>,
    pub lead: String,
    /// Sanitised HTML.
    pub body_html: String,
    pub source: Option<String>,
    pub credit: Option<String>,
    pub tags: Vec<String>,
    pub related: Vec<RelatedItem>,
}

/// One published article.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = ArticleDetail), (status = 404, body = Problem)))]
async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
) -> Result<Json<ArticleDetail>, ApiError> {
    let p = public::article(&state.app, id)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    let base = state.config.base_url.trim_end_matches('/');
    let a = p.article;
    Ok(Json(ArticleDetail {
        url: format!(
            "{base}{}",
            articles::article_path(&a.category_slug, &a.slug, a.id)
        ),
        id: a.id,
        title: a.title,
        category: a.category_slug,
        category_name: a.category_name,
        published_at: a.published_at.map(rfc3339),
        lead: a.lead,
        body_html: a.body_html,
        source: a.source,
        credit: a.credit,
        tags: p.tags.into_iter().map(|(_, n)| n).collect(),
        related: p
            .related
            .into_iter()
            .map(|r| RelatedItem {
                url: format!(
                    "{base}{}",
                    articles::article_path(&r.category_slug, &r.slug, r.id)
                ),
                id: r.id,
                title: r.title,
            })
            .collect(),
    }))
}

/// A new draft (Markdown body); the caller becomes its author.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewArticle {
    pub title: String,
    #[serde(default)]
    pub lead: String,
    /// Markdown.
    pub body: String,
    /// Category slug.
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub source: Option<String>,
    /// Byline shown on the page.
    pub credit: Option<String>,
    /// Unit code of the council (default: the caller's own).
    pub unit: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DeskState {
    pub id: i64,
    /// draft, submitted, changes_requested, approved, scheduled, published, unpublished or archived.
    pub state: String,
    pub revision: i64,
}

async fn desk_state(state: &AppState, v: &Viewer, id: i64) -> Result<DeskState, ApiError> {
    let d = desk::view(&state.app, &v.ctx, id)
        .await
        .map_err(|e| ApiError::from_app(e, v))?;
    Ok(DeskState {
        id,
        state: d.state.as_str().to_owned(),
        revision: d.article.revision,
    })
}

#[utoipa::path(post, path = "/api/v1/articles", tag = "articles", request_body = NewArticle,
    responses((status = 201, body = DeskState), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    v: Viewer,
    ApiJson(b): ApiJson<NewArticle>,
) -> Result<(StatusCode, Json<DeskState>), ApiError> {
    let draft = Draft {
        title: b.title,
        lead: b.lead,
        body: b.body,
        category: b.category,
        tags: b.tags,
        source: b.source,
        credit: b.credit,
    };
    let id = desk::create(&state.app, &v.ctx, b.unit.as_deref(), draft)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok((StatusCode::CREATED, Json(desk_state(&state, &v, id).await?)))
}

/// Changes to an article; absent fields keep their value. Send `revision` to refuse the
/// change if someone saved in between.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticlePatch {
    pub title: Option<String>,
    pub lead: Option<String>,
    pub body: Option<String>,
    pub category: Option<String>,
    pub tags: Option<Vec<String>>,
    pub source: Option<String>,
    pub credit: Option<String>,
    pub revision: Option<i64>,
}

#[utoipa::path(patch, path = "/api/v1/articles/{id}", tag = "articles", request_body = ArticlePatch,
    params(("id" = i64, Path, description = "Article id")),
    responses((status = 200, body = DeskState), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn patch(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    ApiJson(p): ApiJson<ArticlePatch>,
) -> Result<Json<DeskState>, ApiError> {
    let d = desk::view(&state.app, &v.ctx, id)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    let a = d.article;
    let draft = Draft {
        title: p.title.unwrap_or(a.title),
        lead: p.lead.unwrap_or(a.lead),
        body: p.body.unwrap_or(a.body_md),
        category: p.category.unwrap_or(a.category_slug),
        tags: p
            .tags
            .unwrap_or_else(|| d.tags.into_iter().map(|(_, n)| n).collect()),
        source: p.source.or(a.source),
        credit: p.credit.or(a.credit),
    };
    desk::edit(&state.app, &v.ctx, id, p.revision, draft)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(desk_state(&state, &v, id).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ActBody {
    /// Required for `unpublish`.
    pub reason: Option<String>,
    /// Required for `request-changes`.
    pub comment: Option<String>,
    /// RFC 3339, required for `schedule`.
    pub scheduled_at: Option<String>,
}

/// Moves the article: submit, request-changes, approve, schedule, publish, unpublish, archive or reopen.
#[utoipa::path(post, path = "/api/v1/articles/{id}/{action}", tag = "articles", request_body(content = ActBody, description = "Optional"),
    params(("id" = i64, Path, description = "Article id"), ("action" = String, Path, description = "submit, request-changes, approve, schedule, publish, unpublish, archive or reopen")),
    responses((status = 200, body = DeskState), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn act(
    State(state): State<AppState>,
    v: Viewer,
    Path((id, action)): Path<(i64, String)>,
    body: axum::body::Bytes,
) -> Result<Json<DeskState>, ApiError> {
    let action: ArticleAction = action.parse().map_err(|_| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "Không tìm thấy",
            Some(format!("no action '{action}'")),
            v.request_id(),
        )
    })?;
    // The body is optional: most actions need nothing more than their name.
    let b: ActBody = if body.iter().all(u8::is_ascii_whitespace) {
        ActBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Thông tin chưa hợp lệ",
                Some(e.to_string()),
                v.request_id(),
            )
            .field(
                "body",
                "Gửi {reason, comment, scheduled_at} hoặc để trống (send those fields or nothing)",
            )
        })?
    };
    let at = match b.scheduled_at.as_deref() {
        Some(s) => Some(time::OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
            bad(
                &v,
                "scheduled_at",
                "Thời điểm viết theo RFC 3339, ví dụ 2026-12-01T08:00:00+07:00",
            )
        })?),
        None => None,
    };
    desk::act(
        &state.app,
        &v.ctx,
        id,
        action,
        ActInput {
            reason: b.reason,
            comment: b.comment,
            at,
        },
    )
    .await
    .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(desk_state(&state, &v, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CategoryDto {
    pub slug: String,
    pub name: String,
}

#[derive(Deserialize, IntoParams)]
pub struct CategoriesQuery {
    /// Unit code of the council (default: the site's).
    pub unit: Option<String>,
}

/// The categories of a council's newsroom.
#[utoipa::path(get, path = "/api/v1/categories", tag = "articles", params(CategoriesQuery),
    responses((status = 200, body = Vec<CategoryDto>), (status = 404, body = Problem)))]
async fn categories(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<CategoriesQuery>,
) -> Result<Json<Vec<CategoryDto>>, ApiError> {
    let unit = match q.unit.filter(|u| !u.is_empty()) {
        Some(u) => u,
        None => {
            councils::council(&state.app, None)
                .await
                .map_err(|e| ApiError::from_app(e, &v))?
                .unit_code
        }
    };
    let cats = public::categories(&state.app, &unit)
        .await
        .map_err(|e| ApiError::from_app(e, &v))?;
    Ok(Json(
        cats.into_iter()
            .map(|c| CategoryDto {
                slug: c.slug,
                name: c.name,
            })
            .collect(),
    ))
}
