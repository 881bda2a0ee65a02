//! `/api/v1/petitions/{id}/answer-files`: the files (PDF, DOCX) of an agency's answer, listed to
//! the public once the answer is published and to those who answer it always; attached and
//! removed with the same rights and checks as the staff page.

use super::petitions::reject_bad_token;
use super::registry::{app_error, base, instant, path_id};
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::common::read_multipart;
use crate::routes::workspace::petitions_answer_files::ANSWER_FILE_LIMIT;
use crate::viewer::Viewer;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::StatusCode;
use caunoi_app::AppError;
use caunoi_app::petitions;
use caunoi_store::petition_photos::AnswerFile;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, attach))
        .layer(DefaultBodyLimit::max(ANSWER_FILE_LIMIT))
        .routes(routes!(remove))
}

/// A file of an agency's answer.
#[derive(Serialize, ToSchema)]
pub struct AnswerFileDto {
    pub id: i64,
    /// What the file is, e.g. "Công văn trả lời số 123/SXD".
    pub title: String,
    /// The name it is downloaded under (`….pdf` or `….docx`).
    pub file_name: String,
    /// `application/pdf` or the DOCX type.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Absolute URL of the file (public once the answer is published).
    pub url: String,
    /// RFC 3339, Vietnam time.
    pub attached_at: String,
}

fn dto(base: &str, f: &AnswerFile) -> AnswerFileDto {
    AnswerFileDto {
        id: f.id,
        title: f.title.clone(),
        file_name: f.file_name.clone(),
        content_type: f.content_type.clone(),
        size: f.size,
        url: format!("{base}/kien-nghi/tep-tra-loi/{}/{}", f.id, f.file_name),
        attached_at: instant(f.created_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct AnswerFilesDto {
    /// Oldest first; empty to the public until the answer is published.
    pub items: Vec<AnswerFileDto>,
    pub total: i64,
    /// Whether the office has published the answer (its files are then public).
    pub answer_published: bool,
}

/// The files of a petition's answer: to the public once the answer is published, to the
/// agency's responders and the office always.
#[utoipa::path(get, path = "/api/v1/petitions/{id}/answer-files", tag = "petitions",
    params(("id" = i64, Path, description = "Petition id")),
    responses((status = 200, body = AnswerFilesDto), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Json<AnswerFilesDto>, ApiError> {
    reject_bad_token(&v)?;
    let id = path_id(&v, &id, "petition")?;
    let l = petitions::answer_files_for(&state.app, &v.ctx, id)
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    Ok(Json(AnswerFilesDto {
        total: l.files.len() as i64,
        items: l.files.iter().map(|f| dto(base, f)).collect(),
        answer_published: l.published,
    }))
}

/// The multipart body of an upload (documented for OpenAPI; read by hand, after the right).
#[derive(ToSchema)]
#[allow(dead_code)]
struct AnswerFileUpload {
    /// What the file is, at most 300 characters.
    title: String,
    /// A PDF or DOCX (Word) file of at most 20 MB.
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
}

/// Attaches a PDF or DOCX to the answer while it is being prepared (forwarded or answered, not
/// yet published): the agency's responders and the office.
#[utoipa::path(post, path = "/api/v1/petitions/{id}/answer-files", tag = "petitions",
    params(("id" = i64, Path, description = "Petition id")),
    request_body(content = AnswerFileUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = AnswerFileDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn attach(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    req: Request,
) -> Result<(StatusCode, Json<AnswerFileDto>), ApiError> {
    reject_bad_token(&v)?;
    let id = path_id(&v, &id, "petition")?;
    // The right first, so a refused client's file is never read.
    petitions::check_answer_file_right(&state.app, &v.ctx, id)
        .await
        .map_err(app_error(&v))?;
    let mut body = read_multipart(&state, req, "file")
        .await
        .map_err(|(status, detail)| {
            let fix = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "Tệp tối đa 20 MB (at most 20 MB)."
            } else {
                "Gửi multipart/form-data với trường title và tệp file (send multipart/form-data with title and file)."
            };
            ApiError::new(
                status,
                "Không đọc được tệp gửi lên",
                Some(detail),
                v.request_id(),
            )
            .field("file", fix)
        })?;
    let title = body.text.remove("title").unwrap_or_default();
    let (name, bytes) = body.files.pop().unwrap_or_default();
    let file_id = petitions::attach_answer_file(&state.app, &v.ctx, id, &title, &name, bytes)
        .await
        .map_err(app_error(&v))?;
    let l = petitions::answer_files_for(&state.app, &v.ctx, id)
        .await
        .map_err(app_error(&v))?;
    let f = l
        .files
        .iter()
        .find(|f| f.id == file_id)
        .ok_or_else(|| ApiError::from_app(AppError::NotFound("file"), &v))?;
    Ok((StatusCode::CREATED, Json(dto(base(&state), f))))
}

/// Why a file is removed (required once the answer is published).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RemoveBody {
    /// At most 500 characters; recorded in the audit log.
    #[serde(default)]
    pub reason: String,
}

/// Removes a file from the answer: the agency's responders and the office until the answer is
/// published; after that only the office, with a `reason`. The body may be empty before
/// publication.
#[utoipa::path(delete, path = "/api/v1/petitions/{id}/answer-files/{file_id}", tag = "petitions",
    params(("id" = i64, Path, description = "Petition id"), ("file_id" = i64, Path, description = "Answer file id")),
    request_body(content = Option<RemoveBody>, content_type = "application/json"),
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
async fn remove(
    State(state): State<AppState>,
    v: Viewer,
    Path((id, file_id)): Path<(String, String)>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    reject_bad_token(&v)?;
    let id = path_id(&v, &id, "petition")?;
    let file_id = path_id(&v, &file_id, "file")?;
    let b: RemoveBody = if body.iter().all(u8::is_ascii_whitespace) {
        RemoveBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "Nội dung JSON không đúng",
                Some(e.to_string()),
                v.request_id(),
            )
            .field(
                "body",
                "Gửi {\"reason\": \"…\"} hoặc để trống (send {\"reason\": \"…\"} or nothing).",
            )
        })?
    };
    petitions::remove_answer_file(&state.app, &v.ctx, id, file_id, &b.reason)
        .await
        .map_err(app_error(&v))?;
    Ok(StatusCode::NO_CONTENT)
}
