//! Files attached to an agency's answer (PDF, DOCX): the upload from the petition's staff page
//! (multipart, without JavaScript), their removal (a plain form) and the download, public once
//! the answer is published.

use super::petitions::{Shown, petition_page};
use super::registry::{Errs, read_upload, refused};
use crate::AppState;
use crate::error::PageError;
use crate::routes::common::{form_rejection, site_name};
use crate::viewer::Viewer;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::petitions;
use serde::Deserialize;

/// A 20 MB file plus the multipart envelope.
pub(crate) const ANSWER_FILE_LIMIT: usize = 21 * 1024 * 1024;

/// POST /quan-tri/kien-nghi/{id}/tep-tra-loi (multipart: `title`, `file`).
pub async fn attach(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    req: Request,
) -> Response {
    let site = site_name(&state, None).await;
    // The right first, so a refused person learns nothing of the form and sends no file.
    if let Err(e) = petitions::check_answer_file_right(&state.app, &v.ctx, id).await {
        return refused(e, &v, &site);
    }
    let up = match read_upload(&state, req, "file").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let title = up.get("title");
    let (name, bytes) = up.file.unwrap_or_default();
    let result = petitions::attach_answer_file(&state.app, &v.ctx, id, &title, &name, bytes).await;
    answered(&state, &v, &site, id, result.map(|_| ()), |e| Shown {
        errs: Errs::of(e, v.lang, &["title", "file"]),
        err_action: "answer_file".into(),
        ..Shown::default()
    })
    .await
}

/// Back to the answer's files when done; a refused input on the page beside its form.
async fn answered(
    state: &AppState,
    v: &Viewer,
    site: &str,
    id: i64,
    result: Result<(), AppError>,
    shown: impl FnOnce(&AppError) -> Shown,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/quan-tri/kien-nghi/{id}#tep-tra-loi")).into_response(),
        Err(e @ AppError::Invalid(_)) => match petition_page(state, v, site, id, shown(&e)).await {
            Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
            Err(e) => e.into_response(),
        },
        Err(e) => refused(e, v, site),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RemoveForm {
    /// Required once the answer is published.
    #[serde(default)]
    pub reason: String,
}

/// POST /quan-tri/kien-nghi/{id}/tep-tra-loi/{file_id}/xoa (`reason` once the answer is
/// published): removes a file from the answer.
pub async fn remove(
    State(state): State<AppState>,
    v: Viewer,
    Path((id, file_id)): Path<(i64, i64)>,
    form: Result<Form<RemoveForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let result = petitions::remove_answer_file(&state.app, &v.ctx, id, file_id, &form.reason).await;
    answered(&state, &v, &site, id, result, |e| Shown {
        errs: Errs::of(e, v.lang, &["reason"]),
        err_action: "answer_file_remove".into(),
        err_file: Some(file_id),
        ..Shown::default()
    })
    .await
}

/// GET /kien-nghi/tep-tra-loi/{id}/{name}: the file, to the public once the answer is
/// published, to the petition's staff always; otherwise "not found".
pub async fn download(
    State(state): State<AppState>,
    v: Viewer,
    Path((id, _name)): Path<(i64, String)>,
) -> Response {
    match petitions::answer_file(&state.app, &v.ctx, id).await {
        Ok((f, bytes, public)) => {
            let mut r = bytes.into_response();
            let h = r.headers_mut();
            if let Ok(x) = HeaderValue::from_str(&f.content_type) {
                h.insert(header::CONTENT_TYPE, x);
            }
            if let Ok(x) = HeaderValue::from_str(&format!("inline; filename=\"{}\"", f.file_name)) {
                h.insert(header::CONTENT_DISPOSITION, x);
            }
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(if public {
                    "public, max-age=300"
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
        Err(e) => PageError::new(e, &v, &site_name(&state, None).await).into_response(),
    }
}
