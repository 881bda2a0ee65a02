//! Pieces the handlers share: the site's name for the frame, pagination, panics as a 500 page.

use crate::AppState;
use crate::error::ApiError;
use crate::viewer::Viewer;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::collections::HashMap;

/// The name shown in the header: the council whose site this is, else the primary council,
/// else the product's own name on an install with no council yet.
pub async fn site_name(state: &AppState, unit_code: Option<&str>) -> String {
    match caunoi_app::councils::council(&state.app, unit_code).await {
        Ok(c) => c.name,
        Err(_) => "Cầu Nối".to_owned(),
    }
}

/// `?page=&per_page=` as every list takes them; values are checked so a bad one names itself.
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    pub page: Option<String>,
    pub per_page: Option<String>,
}

pub const MAX_PER_PAGE: i64 = 100;

impl PageParams {
    pub fn parse(&self, default_per_page: i64) -> Result<(i64, i64), (&'static str, String)> {
        let page = match self.page.as_deref().filter(|s| !s.is_empty()) {
            None => 1,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if (1..=1_000_000).contains(&n) => n,
                _ => {
                    return Err((
                        "page",
                        "page phải là số nguyên từ 1 (page must be a whole number from 1)".into(),
                    ));
                }
            },
        };
        let per_page = match self.per_page.as_deref().filter(|s| !s.is_empty()) {
            None => default_per_page,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if (1..=MAX_PER_PAGE).contains(&n) => n,
                _ => {
                    return Err((
                        "per_page",
                        format!(
                            "per_page phải từ 1 đến {MAX_PER_PAGE} (per_page must be 1 to {MAX_PER_PAGE})"
                        ),
                    ));
                }
            },
        };
        Ok((page, per_page))
    }

    pub fn parse_api(&self, viewer: &Viewer) -> Result<(i64, i64), ApiError> {
        self.parse(20).map_err(|(field, msg)| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Tham số phân trang không hợp lệ",
                None,
                viewer.request_id(),
            )
            .field(field, msg)
        })
    }
}

/// Links to the previous and next page of a list.
#[derive(Debug, Clone)]
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    base: String,
}

impl Pager {
    /// `base` is the list's path with its other query parameters (without `page`).
    pub fn new<T>(p: &caunoi_app::Page<T>, base: impl Into<String>) -> Self {
        Self {
            page: p.page,
            pages: p.pages(),
            base: base.into(),
        }
    }

    /// A list that fits on one page (no links).
    pub fn single(base: impl Into<String>) -> Self {
        Self {
            page: 1,
            pages: 1,
            base: base.into(),
        }
    }

    pub fn href(&self, page: i64) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}page={page}", self.base)
    }
}

/// A form body that could not be read: too large (413) or malformed (400), said plainly.
pub fn form_rejection(rejection: axum::extract::rejection::FormRejection) -> Response {
    let status = rejection.status();
    let (status, text) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            status,
            "Nội dung gửi lên quá lớn (tối đa 1 MB). / The submitted form is too large (at most 1 MB).",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            status,
            "Biểu mẫu phải gửi dạng application/x-www-form-urlencoded. / Send the form as application/x-www-form-urlencoded.",
        ),
        _ => (
            StatusCode::BAD_REQUEST,
            "Biểu mẫu không đọc được; hãy tải lại trang và gửi lại. / The form could not be read; reload the page and send it again.",
        ),
    };
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        text,
    )
        .into_response()
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        "<!DOCTYPE html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Lỗi hệ thống</title>\
         <h1>Đã có lỗi xảy ra</h1><p>Vui lòng thử lại sau.</p></html>",
    )
        .into_response()
}

/// A multipart body read whole: its text fields and the non-empty files of one field
/// (file name, bytes), in the order sent.
pub(crate) struct MultipartBody {
    pub text: HashMap<String, String>,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Reads a multipart body. A refusal is the status to answer with (413 when too large) and
/// axum's explanation.
pub(crate) async fn read_multipart(
    state: &AppState,
    req: Request,
    file_field: &str,
) -> Result<MultipartBody, (StatusCode, String)> {
    let mut mp = Multipart::from_request(req, state)
        .await
        .map_err(|r| (r.status(), r.body_text()))?;
    let mut out = MultipartBody {
        text: HashMap::new(),
        files: Vec::new(),
    };
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| (e.status(), e.body_text()))?
    {
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().unwrap_or("").to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| (e.status(), e.body_text()))?;
        if name == file_field {
            // A file input left empty still sends a part, with no bytes.
            if !bytes.is_empty() {
                out.files.push((file_name, bytes.to_vec()));
            }
        } else {
            out.text
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(out)
}

/// Whether the request carries a multipart body.
pub(crate) fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("multipart/form-data"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_params_name_the_bad_field() {
        let p = |page: Option<&str>, per: Option<&str>| PageParams {
            page: page.map(str::to_owned),
            per_page: per.map(str::to_owned),
        };
        assert_eq!(p(None, None).parse(20), Ok((1, 20)));
        assert_eq!(p(Some("3"), Some("50")).parse(20), Ok((3, 50)));
        assert_eq!(p(Some("0"), None).parse(20).unwrap_err().0, "page");
        assert_eq!(p(Some("x"), None).parse(20).unwrap_err().0, "page");
        assert_eq!(p(None, Some("101")).parse(20).unwrap_err().0, "per_page");
    }
}
