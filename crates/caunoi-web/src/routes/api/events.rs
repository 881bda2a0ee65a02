//! `/api/v1/events`: the council's published activities with their agenda, attendance,
//! questions, recommendations, public documents and the resolutions adopted.

use super::registry::{
    CouncilRef, app_error, bad, base, council_code, day, instant, kind_label, pages, path_id, query,
};
use super::resolutions::ResolutionRef;
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use caunoi_app::events::{self, CalendarQuery};
use caunoi_app::opendata;
use caunoi_domain::event::{Attendance, ParticipantRole, RecommendationStatus};
use caunoi_store::documents::Document;
use caunoi_store::events::{Event, Question};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
}

#[derive(Serialize, ToSchema)]
pub struct UnitRef {
    pub code: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct EventItem {
    pub id: i64,
    pub council: CouncilRef,
    /// session, question_time, hearing, supervision, voter_meeting, citizen_reception or briefing.
    pub kind: String,
    /// The kind in Vietnamese ("Kỳ họp").
    pub kind_label: String,
    /// For a session: regular, thematic or extraordinary.
    pub session_kind: Option<String>,
    pub title: String,
    pub summary: String,
    /// RFC 3339, Vietnam time.
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    /// The commune where it is held (a voter meeting's).
    pub unit: Option<UnitRef>,
    /// The session a voter meeting prepares or reports on.
    pub session_id: Option<i64>,
    /// before or after the session.
    pub session_timing: Option<String>,
    pub stream_url: Option<String>,
    /// Absolute URL of its page.
    pub url: String,
}

impl EventItem {
    pub(super) fn new(base: &str, e: Event) -> Self {
        EventItem {
            url: format!("{base}{}", events::event_path(&e.slug, e.id)),
            kind_label: kind_label(&e.kind),
            id: e.id,
            council: CouncilRef {
                code: e.council_unit_code,
                name: e.council_name,
            },
            kind: e.kind,
            session_kind: e.session_kind,
            title: e.title,
            summary: e.summary,
            starts_at: instant(e.starts_at),
            ends_at: instant(e.ends_at),
            place: e.place,
            unit: match (e.unit_code, e.unit_name) {
                (Some(code), Some(name)) => Some(UnitRef { code, name }),
                _ => None,
            },
            session_id: e.session_id,
            session_timing: e.session_timing,
            stream_url: e.stream_url,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct QuestionDto {
    pub id: i64,
    pub event_id: i64,
    pub asker_id: i64,
    pub asker_name: String,
    /// Who was asked.
    pub official: String,
    pub agency: String,
    pub topic: String,
    pub body: String,
    pub answer: String,
    /// RFC 3339, Vietnam time.
    pub answered_at: Option<String>,
    pub follow_up: String,
}

impl From<Question> for QuestionDto {
    fn from(q: Question) -> Self {
        QuestionDto {
            id: q.id,
            event_id: q.event_id,
            asker_id: q.asker_id,
            asker_name: q.asker_name,
            official: q.official,
            agency: q.agency,
            topic: q.topic,
            body: q.body,
            answer: q.answer,
            answered_at: q.answered_at.map(instant),
            follow_up: q.follow_up,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<EventItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct EventsQuery {
    /// Unit code of the council (default: every council).
    pub council: Option<String>,
    /// session, question_time, hearing, supervision, voter_meeting, citizen_reception or briefing.
    pub kind: Option<String>,
    /// First day (YYYY-MM-DD, Vietnam time): events still running on it or later.
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD, Vietnam time), inclusive.
    pub to: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Published events, in the order they happen.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventsQuery),
    responses((status = 200, body = EventPage), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn list(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<EventsQuery>, QueryRejection>,
) -> Result<Json<EventPage>, ApiError> {
    let q = query(&v, q)?;
    let (page, per_page) = pages(&v, &q.page, &q.per_page)?;
    let from = day(&v, "from", q.from.as_deref())?;
    let to = day(&v, "to", q.to.as_deref())?.map(|t| t + time::Duration::days(1));
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        return Err(bad(
            &v,
            "to",
            "Ngày cuối không trước ngày đầu (to is not before from)",
        ));
    }
    let cq = CalendarQuery {
        council: council_code(&v, "council", q.council.as_deref())?.map(|c| c.to_string()),
        kind: q.kind.clone(),
        from,
        to,
        person_id: None,
        newest_first: false,
    };
    let (_, p) = events::calendar(&state.app, &cq, page, per_page)
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    Ok(Json(EventPage {
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        items: p
            .items
            .into_iter()
            .map(|e| EventItem::new(base, e))
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantDto {
    pub person_id: i64,
    pub full_name: String,
    /// delegate, chairing, receiving or team.
    pub role: String,
    pub role_label: String,
    /// present, excused or absent; null when not recorded.
    pub attendance: Option<String>,
    pub attendance_label: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RecommendationDto {
    pub id: i64,
    pub body: String,
    pub addressee: String,
    /// open, in_progress or done.
    pub status: String,
    pub status_label: String,
    pub follow_up: String,
    /// RFC 3339, Vietnam time.
    pub updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct FieldCount {
    /// The field of the citizens' matters ("Đất đai").
    pub field: String,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    pub id: i64,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// Absolute download URL.
    pub url: String,
}

pub(super) fn document_dto(base: &str, d: Document) -> DocumentDto {
    DocumentDto {
        url: format!("{base}/tai-lieu/{}/{}", d.id, d.file_name),
        id: d.id,
        title: d.title,
        file_name: d.file_name,
        content_type: d.content_type,
        size: d.size,
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: EventItem,
    pub organisers: String,
    /// Markdown.
    pub minutes_md: String,
    pub report_md: String,
    /// Citizens received (a citizen reception day).
    pub received_total: Option<i64>,
    pub agenda: Vec<String>,
    pub participants: Vec<ParticipantDto>,
    pub questions: Vec<QuestionDto>,
    pub recommendations: Vec<RecommendationDto>,
    /// A citizen reception day's matters by field.
    pub reception: Vec<FieldCount>,
    /// Public documents only.
    pub documents: Vec<DocumentDto>,
    /// Resolutions adopted at this session.
    pub resolutions: Vec<ResolutionRef>,
    /// The session a voter meeting belongs to.
    pub session: Option<EventItem>,
    /// A session's voter meetings.
    pub meetings: Vec<EventItem>,
}

/// One published event.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, body = EventDetail), (status = 404, body = Problem)))]
async fn show(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>, ApiError> {
    let id = path_id(&v, &id, "event")?;
    let p = opendata::event(&state.app, id)
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    let e = p.event;
    Ok(Json(EventDetail {
        organisers: e.organisers.clone(),
        minutes_md: e.minutes_md.clone(),
        report_md: e.report_md.clone(),
        received_total: e.received_total,
        event: EventItem::new(base, e),
        agenda: p.agenda.into_iter().map(|a| a.title).collect(),
        participants: p
            .participants
            .into_iter()
            .map(|x| ParticipantDto {
                role_label: x
                    .role
                    .parse::<ParticipantRole>()
                    .map(|r| r.label_vi().to_owned())
                    .unwrap_or_else(|_| x.role.clone()),
                attendance_label: x
                    .attendance
                    .as_deref()
                    .and_then(|a| a.parse::<Attendance>().ok())
                    .map(|a| a.label_vi().to_owned()),
                person_id: x.person_id,
                full_name: x.full_name,
                role: x.role,
                attendance: x.attendance,
            })
            .collect(),
        questions: p.questions.into_iter().map(QuestionDto::from).collect(),
        recommendations: p
            .recommendations
            .into_iter()
            .map(|r| RecommendationDto {
                status_label: r
                    .status
                    .parse::<RecommendationStatus>()
                    .map(|s| s.label_vi().to_owned())
                    .unwrap_or_else(|_| r.status.clone()),
                id: r.id,
                body: r.body,
                addressee: r.addressee,
                status: r.status,
                follow_up: r.follow_up,
                updated_at: instant(r.updated_at),
            })
            .collect(),
        reception: p
            .reception
            .into_iter()
            .map(|(field, count)| FieldCount { field, count })
            .collect(),
        documents: p
            .documents
            .into_iter()
            .map(|d| document_dto(base, d))
            .collect(),
        resolutions: p
            .resolutions
            .into_iter()
            .map(|r| ResolutionRef::new(base, r.id, &r.slug, r.number, r.title))
            .collect(),
        session: p.session.map(|e| EventItem::new(base, e)),
        meetings: p
            .meetings
            .into_iter()
            .map(|e| EventItem::new(base, e))
            .collect(),
    }))
}
