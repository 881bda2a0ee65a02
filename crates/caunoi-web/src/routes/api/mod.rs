//! The JSON API under `/api/v1`: bearer tokens or the session, problem+json errors, and the
//! OpenAPI document generated from these handlers.

mod accounts;
mod articles;
mod audit;
mod events;
pub(crate) mod petitions;
mod petitions_answer_files;
mod petitions_followup;
mod petitions_stats;
mod popolo;
mod registry;
mod resolutions;
mod search;
mod units;

use crate::AppState;
use crate::error::ApiError;
use crate::viewer::request_id;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cầu Nối API",
        description = "Dữ liệu mở và thao tác của Cổng thông tin HĐND. Open data and actions of the people's council portal. \
                       Lists answer {items, total, page, per_page}; errors are problem+json (RFC 9457).",
        license(name = "MIT OR Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "accounts", description = "Tài khoản và mã truy cập / accounts and tokens"),
        (name = "units", description = "Đơn vị hành chính / administrative units"),
        (name = "audit", description = "Nhật ký hoạt động / audit log"),
        (name = "articles", description = "Tin bài / news articles"),
        (name = "search", description = "Tìm kiếm / search"),
        (name = "registry", description = "Hội đồng và đại biểu / councils and delegates"),
        (name = "events", description = "Hoạt động của Hội đồng / council events"),
        (name = "resolutions", description = "Nghị quyết / resolutions"),
        (name = "opendata", description = "Dữ liệu mở theo chuẩn Popolo / Popolo open data"),
        (name = "petitions", description = "Kiến nghị cử tri / voters' petitions"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::router())
        .merge(units::router())
        .merge(audit::router())
        .merge(articles::router())
        .merge(search::router())
        .merge(registry::router())
        .merge(events::router())
        .merge(resolutions::router())
        .merge(popolo::router())
        .merge(petitions::router())
        .merge(petitions_answer_files::router())
        .merge(petitions_stats::router())
        .merge(petitions_followup::router())
}

/// The 404 of the API: problem+json rather than the site's page.
/// Middleware: a request with an expired bearer token is refused on every API route with a
/// 401 that says so (an unknown token is left to each route, as before).
pub async fn refuse_expired_token(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::extract::FromRequestParts;
    use axum::response::IntoResponse;
    if !req
        .headers()
        .contains_key(axum::http::header::AUTHORIZATION)
    {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(v) = crate::viewer::Viewer::from_request_parts(&mut parts, &state).await;
    if v.token_expired {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Mã truy cập API đã hết hạn",
            Some("the bearer token has expired".into()),
            v.request_id(),
        )
        .field(
            "authorization",
            "Mã này đã quá ngày hết hạn; tạo mã mới tại /quan-tri/tai-khoan hoặc bằng `caunoi token create`.",
        )
        .into_response();
    }
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

pub fn not_found(path: &str, request_id: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "Không tìm thấy",
        Some(format!("no API endpoint at {path}")),
        request_id,
    )
}

/// A JSON body whose every rejection is a problem+json naming what to fix.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let rid = request_id(req.headers()).unwrap_or_else(|| "-".into());
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_problem(rejection, &rid)),
        }
    }
}

fn json_problem(rejection: JsonRejection, rid: &str) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            let text = e.body_text();
            // serde names the path first: "...target type: email: invalid type..."
            let detail = text
                .split_once("target type: ")
                .map(|(_, rest)| rest.to_owned())
                .unwrap_or(text);
            let field = detail
                .split_once(": ")
                .map(|(f, _)| f.to_owned())
                .filter(|f| !f.contains(' '))
                .or_else(|| detail.split('`').nth(1).map(str::to_owned))
                .unwrap_or_else(|| "body".into());
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Thông tin chưa hợp lệ",
                Some(detail.clone()),
                rid,
            )
            .field(&field, detail)
        }
        JsonRejection::JsonSyntaxError(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "Nội dung JSON không đúng cú pháp",
            Some(e.body_text()),
            rid,
        )
        .field("body", "Gửi một đối tượng JSON hợp lệ (valid JSON object)."),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Kiểu nội dung không được hỗ trợ",
            Some("send Content-Type: application/json".into()),
            rid,
        )
        .field("content-type", "Dùng Content-Type: application/json."),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Nội dung gửi lên quá lớn",
            Some(other.body_text()),
            rid,
        )
        .field("body", "Nội dung tối đa 1 MB (at most 1 MB)."),
        other => ApiError::new(
            other.status(),
            "Yêu cầu không hợp lệ",
            Some(other.body_text()),
            rid,
        ),
    }
}
