//! `/api/v1/petitions/stats`: the public figures of the site's council per agency or per field
//! (the same as `/kien-nghi/co-quan` and `/kien-nghi/linh-vuc`), rates only above the minimum.

use super::registry::{app_error, base, query};
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use caunoi_app::AppError;
use caunoi_app::petitions::stats::GroupBy;
use caunoi_app::petitions::stats::{self, Figures, MIN_ANSWERED};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(figures))
}

#[derive(Deserialize, IntoParams)]
pub struct StatsQuery {
    /// `agency` (default) or `field`.
    pub by: Option<String>,
}

/// Figures of one agency, one field or the whole council. Rates are null below
/// `min_answered` answers (ratings for `rated_resolved_share`).
#[derive(Serialize, ToSchema)]
pub struct FiguresDto {
    /// Received: moderated, not rejected, merged duplicates counted once.
    pub received: i64,
    /// Answered (the current forwarding has an answer).
    pub answered: i64,
    /// Awaiting an answer past the deadline today.
    pub overdue: i64,
    /// Whether there are enough answers for the rates.
    pub enough_data: bool,
    /// Share of answers (with a deadline) given on or before the deadline, 0–1.
    pub on_time_rate: Option<f64>,
    /// Average working days from forwarding to answer.
    pub average_answer_days: Option<f64>,
    /// Share of answers the agency gave as resolved, 0–1.
    pub resolved_share: Option<f64>,
    /// Answers their submitters rated.
    pub rated: i64,
    /// Share of rated answers rated "resolved", 0–1.
    pub rated_resolved_share: Option<f64>,
}

impl From<&Figures> for FiguresDto {
    fn from(f: &Figures) -> Self {
        let round = |v: Option<f64>| v.map(|v| (v * 1000.0).round() / 1000.0);
        FiguresDto {
            received: f.received,
            answered: f.answered,
            overdue: f.overdue,
            enough_data: f.enough,
            on_time_rate: round(f.on_time_rate),
            average_answer_days: f.average_days.map(|d| (d * 10.0).round() / 10.0),
            resolved_share: round(f.resolved_share),
            rated: f.rated,
            rated_resolved_share: round(f.rated_resolved_share),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StatsRowDto {
    pub slug: String,
    pub name: String,
    /// The public page of this agency or field.
    pub url: String,
    #[serde(flatten)]
    pub figures: FiguresDto,
}

#[derive(Serialize, ToSchema)]
pub struct StatsDto {
    pub council: String,
    /// `agency` or `field`.
    pub by: String,
    /// Rates are given only from this many answers.
    pub min_answered: i64,
    pub rows: Vec<StatsRowDto>,
    pub total: FiguresDto,
}

#[utoipa::path(get, path = "/api/v1/petitions/stats", tag = "petitions", params(StatsQuery),
    responses((status = 200, body = StatsDto), (status = 422, body = Problem)))]
async fn figures(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<StatsQuery>, QueryRejection>,
) -> Result<Json<StatsDto>, ApiError> {
    let q = query(&v, q)?;
    let (by, path) = match q.by.as_deref().map(str::trim).unwrap_or("agency") {
        "" | "agency" => (GroupBy::Agency, "co-quan"),
        "field" => (GroupBy::Field, "linh-vuc"),
        _ => {
            return Err(ApiError::from_app(
                AppError::invalid(
                    "by",
                    "Chọn `agency` (theo cơ quan) hoặc `field` (theo lĩnh vực).",
                    "Use `agency` or `field`.",
                ),
                &v,
            ));
        }
    };
    let t = stats::public_table(&state.app, by)
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    Ok(Json(StatsDto {
        council: t.council_name,
        by: match by {
            GroupBy::Agency => "agency",
            GroupBy::Field => "field",
        }
        .into(),
        min_answered: MIN_ANSWERED,
        rows: t
            .rows
            .iter()
            .map(|r| StatsRowDto {
                url: format!("{base}/kien-nghi/{path}/{}", r.slug),
                slug: r.slug.clone(),
                name: r.name.clone(),
                figures: FiguresDto::from(&r.figures),
            })
            .collect(),
        total: FiguresDto::from(&t.total),
    }))
}
