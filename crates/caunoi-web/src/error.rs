//! Errors turned into responses in one place: an HTML page for people, problem+json
//! (RFC 9457) for API clients. The person sees a clear message and a request id; the log
//! gets the cause.

use crate::frame::Frame;
use crate::i18n::Lang;
use crate::viewer::Viewer;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use serde::Serialize;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub f: Frame,
    pub heading: &'static str,
    pub body: String,
    pub fields: Vec<String>,
}

/// An error on a page: carries what is needed to render it in the frame.
pub struct PageError {
    pub err: AppError,
    pub viewer: Box<Viewer>,
    pub site_name: String,
}

impl PageError {
    pub fn new(err: impl Into<AppError>, viewer: &Viewer, site_name: &str) -> Self {
        Self {
            err: err.into(),
            viewer: Box::new(viewer.clone()),
            site_name: site_name.to_owned(),
        }
    }

    pub fn not_found(viewer: &Viewer, site_name: &str) -> Self {
        Self::new(AppError::NotFound("page"), viewer, site_name)
    }
}

fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn field_messages(e: &AppError, lang: Lang) -> Vec<(String, String)> {
    match e {
        AppError::Invalid(list) => list
            .iter()
            .map(|f| {
                let m = match lang {
                    Lang::Vi => &f.message_vi,
                    Lang::En => &f.message_en,
                };
                (f.field.to_owned(), m.clone())
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn log_if_internal(e: &AppError, request_id: &str) {
    if matches!(e, AppError::Store(_) | AppError::Internal(_)) {
        tracing::error!(request_id, error = ?e, "request failed");
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let v = &self.viewer;
        log_if_internal(&self.err, v.request_id());
        if let AppError::Unauthenticated = self.err {
            let next = crate::frame::encode_path(v.path.split('?').next().unwrap_or("/"));
            return Redirect::to(&format!("/dang-nhap?next={next}")).into_response();
        }
        let status = status_of(&self.err);
        let lang = v.lang;
        let (heading_key, body) = match &self.err {
            AppError::NotFound(_) => ("error.404", lang.t("error.404.body").to_owned()),
            AppError::Forbidden => ("error.403", lang.t("error.403.body").to_owned()),
            AppError::Invalid(_) => ("error.422", String::new()),
            AppError::TooManyAttempts { .. } => {
                ("error.429", lang.t("sign_in.throttled").to_owned())
            }
            AppError::BadCredentials => ("error.403", lang.t("sign_in.bad").to_owned()),
            AppError::TooLarge(msg) => ("error.413", msg.clone()),
            AppError::Unauthenticated | AppError::Store(_) | AppError::Internal(_) => {
                ("error.500", lang.t("error.500.body").to_owned())
            }
        };
        let page = ErrorPage {
            f: Frame::new(v, lang.t(heading_key), &self.site_name, ""),
            heading: lang.t(heading_key),
            body,
            fields: field_messages(&self.err, lang)
                .into_iter()
                .map(|(f, m)| format!("{f}: {m}"))
                .collect(),
        };
        let html = page
            .render()
            .unwrap_or_else(|_| lang.t(heading_key).to_owned());
        let mut resp = (status, axum::response::Html(html)).into_response();
        if let AppError::TooManyAttempts { retry_after_secs } = self.err {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        resp
    }
}

/// One field in error, as problem+json lists it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// RFC 9457 problem details; `title` is in Vietnamese, `errors` name each field.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub request_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// An API error: renders as `application/problem+json`.
pub struct ApiError {
    pub status: StatusCode,
    pub problem: Box<Problem>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        title_vi: &str,
        detail: Option<String>,
        request_id: &str,
    ) -> Self {
        Self {
            status,
            problem: Box::new(Problem {
                kind: format!("https://caunoi.vn/problems/{}", status.as_u16()),
                title: title_vi.to_owned(),
                status: status.as_u16(),
                detail,
                request_id: request_id.to_owned(),
                errors: Vec::new(),
            }),
            retry_after: None,
        }
    }

    pub fn field(mut self, field: &str, message: impl Into<String>) -> Self {
        self.problem.errors.push(FieldProblem {
            field: field.to_owned(),
            message: message.into(),
        });
        self
    }

    pub fn from_app(e: AppError, viewer: &Viewer) -> Self {
        let rid = viewer.request_id();
        log_if_internal(&e, rid);
        let status = status_of(&e);
        let title = match &e {
            AppError::Unauthenticated => "Cần đăng nhập hoặc mã truy cập API hợp lệ",
            AppError::BadCredentials => "E-mail hoặc mật khẩu không đúng",
            AppError::Forbidden => "Không có quyền thực hiện thao tác này",
            AppError::NotFound(_) => "Không tìm thấy",
            AppError::Invalid(_) => "Thông tin chưa hợp lệ",
            AppError::TooManyAttempts { .. } => "Quá nhiều yêu cầu",
            AppError::TooLarge(_) => "Nội dung gửi lên quá lớn",
            AppError::Store(_) | AppError::Internal(_) => "Lỗi hệ thống",
        };
        let detail = match &e {
            AppError::NotFound(what) => Some(format!("{what} not found")),
            AppError::Store(_) | AppError::Internal(_) => None,
            other => Some(other.to_string()),
        };
        let too_large = matches!(e, AppError::TooLarge(_));
        let mut out = ApiError::new(status, title, detail, rid);
        if too_large {
            out = out.field("image", "Ảnh tối đa 10 MB (at most 10 MB).");
        }
        for (field, message) in field_messages(&e, Lang::Vi) {
            out = out.field(&field, message);
        }
        if let AppError::TooManyAttempts { retry_after_secs } = e {
            out.retry_after = Some(retry_after_secs);
        }
        out
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem).unwrap_or_default();
        let mut resp = (
            self.status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/problem+json"),
            )],
            body,
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(s) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}
