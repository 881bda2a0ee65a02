//! `/api/v1/councils` and `/api/v1/delegates`: the councils, their delegates and "who represents
//! me?" as open data; also the small parsing helpers the other open-data endpoints share.

use super::events::{EventItem, QuestionDto};
use super::units::UnitDto;
use crate::AppState;
use crate::error::{ApiError, Problem};
use crate::routes::common::PageParams;
use crate::viewer::Viewer;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use caunoi_app::registry::{self, DirectoryQuery, Lookup, Seat};
use caunoi_app::{AppError, opendata};
use caunoi_domain::UnitCode;
use caunoi_domain::body::{BodyKind, MemberRole};
use caunoi_domain::event::EventKind;
use caunoi_store::councils::Term;
use caunoi_store::registry::{Person, Position};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(councils))
        .routes(routes!(council))
        .routes(routes!(delegates))
        .routes(routes!(lookup))
        .routes(routes!(delegate))
}

/// A 422 naming the query parameter to fix.
pub(super) fn bad(v: &Viewer, field: &str, msg: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Tham số không hợp lệ",
        None,
        v.request_id(),
    )
    .field(field, msg)
}

/// The query string, or a problem+json when it cannot be read at all.
pub(super) fn query<T>(v: &Viewer, q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(q)| q).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tham số không hợp lệ",
            Some(e.body_text()),
            v.request_id(),
        )
        .field(
            "query",
            "Mỗi tham số chỉ gửi một lần (send each parameter once)",
        )
    })
}

pub(super) fn app_error(v: &Viewer) -> impl Fn(AppError) -> ApiError + '_ {
    move |e| ApiError::from_app(e, v)
}

fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A whole number parameter (an id or a year).
pub(super) fn number(v: &Viewer, field: &str, s: Option<&str>) -> Result<Option<i64>, ApiError> {
    given(s)
        .map(|s| {
            s.parse::<i64>().map_err(|_| {
                bad(
                    v,
                    field,
                    format!("{field} là số nguyên ({field} is a whole number)"),
                )
            })
        })
        .transpose()
}

/// A council named by its unit's code.
pub(super) fn council_code(
    v: &Viewer,
    field: &str,
    s: Option<&str>,
) -> Result<Option<UnitCode>, ApiError> {
    given(s)
        .map(|s| UnitCode::parse(s).map_err(|e| bad(v, field, e.message_vi)))
        .transpose()
}

/// A day as `YYYY-MM-DD`, taken as Vietnam's midnight.
pub(super) fn day(
    v: &Viewer,
    field: &str,
    s: Option<&str>,
) -> Result<Option<OffsetDateTime>, ApiError> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    given(s)
        .map(|s| {
            time::Date::parse(s, &fmt)
                .map(|d| d.midnight().assume_offset(caunoi_domain::vntime::VIETNAM))
                .map_err(|_| bad(v, field, "Ngày viết dạng YYYY-MM-DD (date as YYYY-MM-DD)"))
        })
        .transpose()
}

/// An id in the path: anything but a number names nothing.
pub(super) fn path_id(v: &Viewer, raw: &str, what: &'static str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::from_app(AppError::NotFound(what), v))
}

pub(super) fn pages(
    v: &Viewer,
    page: &Option<String>,
    per_page: &Option<String>,
) -> Result<(i64, i64), ApiError> {
    PageParams {
        page: page.clone(),
        per_page: per_page.clone(),
    }
    .parse_api(v)
}

/// RFC 3339 in Vietnam time: `2026-12-01T08:00:00+07:00`.
pub(super) fn instant(t: OffsetDateTime) -> String {
    t.to_offset(caunoi_domain::vntime::VIETNAM)
        .format(&Rfc3339)
        .unwrap_or_default()
}

pub(super) fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

pub(super) fn kind_label(kind: &str) -> String {
    kind.parse::<EventKind>()
        .map(|k| k.label_vi().to_owned())
        .unwrap_or_else(|_| kind.to_owned())
}

#[derive(Deserialize, IntoParams)]
pub struct PageQuery {
    /// From 1.
    pub page: Option<String>,
    /// 1 to 100 (default 20).
    pub per_page: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TermDto {
    pub id: i64,
    pub name: String,
    /// ISO date.
    pub starts_on: String,
    pub ends_on: String,
}

impl From<&Term> for TermDto {
    fn from(t: &Term) -> Self {
        TermDto {
            id: t.id,
            name: t.name.clone(),
            starts_on: t.starts_on.to_string(),
            ends_on: t.ends_on.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CouncilDto {
    /// Official code of the council's unit.
    pub code: String,
    pub name: String,
    pub unit_name: String,
    /// `province` or `commune`.
    pub level: String,
    /// The province of a commune's council.
    pub parent_code: Option<String>,
    /// Open Civic Data division id, e.g. `ocd-division/country:vn/province:01/commune:00004`.
    pub division: String,
    /// Newest first; a term's id filters `/api/v1/delegates`.
    pub terms: Vec<TermDto>,
}

impl From<opendata::CouncilInfo> for CouncilDto {
    fn from(c: opendata::CouncilInfo) -> Self {
        CouncilDto {
            terms: c.terms.iter().map(TermDto::from).collect(),
            code: c.council.unit_code,
            name: c.council.name,
            unit_name: c.council.unit_name,
            level: c.council.level,
            parent_code: c.parent_code,
            division: c.division,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CouncilPage {
    pub items: Vec<CouncilDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Every council: the province's first, then the communes' by code.
#[utoipa::path(get, path = "/api/v1/councils", tag = "registry", params(PageQuery),
    responses((status = 200, body = CouncilPage), (status = 422, body = Problem)))]
async fn councils(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<CouncilPage>, ApiError> {
    let q = query(&v, q)?;
    let (page, per_page) = pages(&v, &q.page, &q.per_page)?;
    let p = opendata::councils(&state.app, page, per_page)
        .await
        .map_err(app_error(&v))?;
    Ok(Json(CouncilPage {
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        items: p.items.into_iter().map(CouncilDto::from).collect(),
    }))
}

/// One council, by its unit's code.
#[utoipa::path(get, path = "/api/v1/councils/{code}", tag = "registry",
    params(("code" = String, Path, description = "Official unit code, e.g. `01` or `00004`")),
    responses((status = 200, body = CouncilDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn council(
    State(state): State<AppState>,
    v: Viewer,
    Path(code): Path<String>,
) -> Result<Json<CouncilDto>, ApiError> {
    let code = UnitCode::parse(&code).map_err(|e| bad(&v, "code", e.message_vi))?;
    let c = opendata::council(&state.app, &code)
        .await
        .map_err(app_error(&v))?;
    Ok(Json(c.into()))
}

#[derive(Serialize, ToSchema)]
pub struct PersonDto {
    pub id: i64,
    pub full_name: String,
    pub birth_year: Option<i64>,
    /// `male` or `female`.
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
    pub workplace: Option<String>,
    pub party: Option<String>,
    /// Absolute URL of the portrait, or null.
    pub photo: Option<String>,
}

pub(super) fn person_dto(base: &str, p: Person) -> PersonDto {
    PersonDto {
        photo: p.photo.map(|sha| format!("{base}/media/{sha}/desktop")),
        id: p.id,
        full_name: p.full_name,
        birth_year: p.birth_year,
        gender: p.gender,
        ethnicity: p.ethnicity,
        occupation: p.occupation,
        workplace: p.workplace,
        party: p.party,
    }
}

#[derive(Serialize, ToSchema)]
pub struct CouncilRef {
    /// The council's unit code.
    pub code: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct PositionDto {
    /// The membership's id.
    pub id: i64,
    pub body_id: i64,
    pub body: String,
    /// council, standing_board, committee, delegate_group, office or na_delegation.
    pub body_kind: String,
    /// chair, vice_chair, group_head, deputy_group_head or member.
    pub role: String,
    /// The role's title in this body, in Vietnamese ("Trưởng ban", "Đại biểu HĐND").
    pub title: String,
    pub constituency_id: Option<i64>,
    pub constituency: Option<String>,
    /// Chuyên trách: works for the council full time.
    pub full_time: bool,
    /// ISO dates; null when the term's.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub term: TermDto,
    pub council: CouncilRef,
}

/// The Vietnamese title of a role in a body of `kind`.
pub(super) fn title(role: &str, kind: &str) -> String {
    match (role.parse::<MemberRole>(), kind.parse::<BodyKind>()) {
        (Ok(r), Ok(k)) => r.title_vi(k).to_owned(),
        _ => role.to_owned(),
    }
}

pub(super) fn position_dto(p: Position) -> PositionDto {
    PositionDto {
        title: title(&p.role, &p.organization_kind),
        id: p.id,
        body_id: p.organization_id,
        body: p.organization_name,
        body_kind: p.organization_kind,
        role: p.role,
        constituency_id: p.constituency_id,
        constituency: p.constituency_name,
        full_time: p.full_time,
        starts_on: p.starts_on.map(|d| d.to_string()),
        ends_on: p.ends_on.map(|d| d.to_string()),
        term: TermDto {
            id: p.term_id,
            name: p.term_name,
            starts_on: p.term_starts_on.to_string(),
            ends_on: p.term_ends_on.to_string(),
        },
        council: CouncilRef {
            code: p.unit_code,
            name: p.council_name,
        },
    }
}

#[derive(Serialize, ToSchema)]
pub struct SeatDto {
    pub person: PersonDto,
    pub position: PositionDto,
}

fn seat_dto(base: &str, s: Seat) -> SeatDto {
    SeatDto {
        person: person_dto(base, s.person),
        position: position_dto(s.position),
    }
}

#[derive(Serialize, ToSchema)]
pub struct SeatPage {
    pub items: Vec<SeatDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, IntoParams)]
pub struct DelegatesQuery {
    /// Unit code of the council (default: the site's council).
    pub council: Option<String>,
    /// Term id (default: the current term).
    pub term: Option<String>,
    /// Body id: members of this committee or delegate group only.
    pub body: Option<String>,
    /// Constituency id.
    pub constituency: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// Seats of a council's term (and of the province's National Assembly deputies), leaders
/// first, then in Vietnamese name order.
#[utoipa::path(get, path = "/api/v1/delegates", tag = "registry", params(DelegatesQuery),
    responses((status = 200, body = SeatPage), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn delegates(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<DelegatesQuery>, QueryRejection>,
) -> Result<Json<SeatPage>, ApiError> {
    let q = query(&v, q)?;
    let (page, per_page) = pages(&v, &q.page, &q.per_page)?;
    let dq = DirectoryQuery {
        council: council_code(&v, "council", q.council.as_deref())?.map(|c| c.to_string()),
        term: number(&v, "term", q.term.as_deref())?,
        body: number(&v, "body", q.body.as_deref())?,
        constituency: number(&v, "constituency", q.constituency.as_deref())?,
    };
    let d = registry::directory(&state.app, &dq)
        .await
        .map_err(app_error(&v))?;
    let p = caunoi_store::registry::page_of(d.seats, page, per_page);
    let base = base(&state);
    Ok(Json(SeatPage {
        total: p.total,
        page: p.page,
        per_page: p.per_page,
        items: p.items.into_iter().map(|s| seat_dto(base, s)).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct KindCount {
    /// Event kind, e.g. `session`.
    pub kind: String,
    pub label: String,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct RecordDto {
    /// Published events taken part in, by kind.
    pub by_kind: Vec<KindCount>,
    pub sessions_attended: i64,
    /// Sessions with attendance recorded.
    pub sessions_total: i64,
    pub questions: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ProfileDto {
    pub person: PersonDto,
    /// Every position held, newest term first.
    pub positions: Vec<PositionDto>,
    pub record: RecordDto,
    /// Questions asked at published question times, hearings and sessions.
    pub questions: Vec<QuestionDto>,
    pub upcoming: Vec<EventItem>,
    pub recent: Vec<EventItem>,
}

/// A delegate's profile: positions, record and questions.
#[utoipa::path(get, path = "/api/v1/delegates/{id}", tag = "registry",
    params(("id" = i64, Path, description = "Person id")),
    responses((status = 200, body = ProfileDto), (status = 404, body = Problem)))]
async fn delegate(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Json<ProfileDto>, ApiError> {
    let id = path_id(&v, &id, "delegate")?;
    let p = registry::profile(&state.app, id)
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    Ok(Json(ProfileDto {
        person: person_dto(base, p.person),
        positions: p.positions.into_iter().map(position_dto).collect(),
        record: RecordDto {
            by_kind: p
                .record
                .by_kind
                .into_iter()
                .map(|(kind, count)| KindCount {
                    label: kind_label(&kind),
                    kind,
                    count,
                })
                .collect(),
            sessions_attended: p.record.sessions_attended,
            sessions_total: p.record.sessions_total,
            questions: p.record.questions,
        },
        questions: p.questions.into_iter().map(QuestionDto::from).collect(),
        upcoming: p
            .upcoming
            .into_iter()
            .map(|e| EventItem::new(base, e))
            .collect(),
        recent: p
            .recent
            .into_iter()
            .map(|e| EventItem::new(base, e))
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct LookupQuery {
    /// A commune or ward, accents optional; today's name or one from before 1 July 2025.
    /// "Ba Đình, Hà Nội" narrows by the province.
    pub q: Option<String>,
    /// The code of a unit picked from `choices` (wins over `q`).
    pub code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ChoiceDto {
    pub code: String,
    pub name: String,
    pub parent_name: Option<String>,
    /// False for a unit abolished in a reorganisation.
    pub current: bool,
}

#[derive(Serialize, ToSchema)]
pub struct LevelDto {
    pub council: CouncilRef,
    /// `province` or `commune`.
    pub level: String,
    pub term: Option<TermDto>,
    /// False when the council has recorded no constituency covering the commune: `delegates`
    /// is then the council's whole membership.
    pub by_constituency: bool,
    pub delegates: Vec<SeatDto>,
}

/// "Who represents me?": `result` is `empty` (nothing asked), `not_found`, `choices` (pick one
/// and ask again with `code`) or `found`.
#[derive(Serialize, ToSchema)]
pub struct LookupDto {
    pub result: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<ChoiceDto>,
    /// Today's commune or ward.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<UnitDto>,
    /// The abolished unit asked for, when an old name was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub former: Option<UnitDto>,
    /// The commune's council first, then the province's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelDto>,
    /// The province's National Assembly deputies elected for the commune.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub na_deputies: Vec<SeatDto>,
}

impl LookupDto {
    fn bare(result: &str) -> Self {
        LookupDto {
            result: result.into(),
            choices: Vec::new(),
            commune: None,
            former: None,
            levels: Vec::new(),
            na_deputies: Vec::new(),
        }
    }
}

/// The delegates of every level elected for a commune.
#[utoipa::path(get, path = "/api/v1/delegates/lookup", tag = "registry", params(LookupQuery),
    responses((status = 200, body = LookupDto), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn lookup(
    State(state): State<AppState>,
    v: Viewer,
    q: Result<Query<LookupQuery>, QueryRejection>,
) -> Result<Json<LookupDto>, ApiError> {
    let q = query(&v, q)?;
    let code = council_code(&v, "code", q.code.as_deref())?.map(|c| c.to_string());
    let found = registry::who_represents(&state.app, q.q.as_deref().unwrap_or(""), code.as_deref())
        .await
        .map_err(app_error(&v))?;
    let base = base(&state);
    Ok(Json(match found {
        Lookup::Empty => LookupDto::bare("empty"),
        Lookup::NotFound => LookupDto::bare("not_found"),
        Lookup::Choices(list) => LookupDto {
            choices: list
                .into_iter()
                .map(|c| ChoiceDto {
                    code: c.code,
                    name: c.name,
                    parent_name: c.parent_name,
                    current: c.current,
                })
                .collect(),
            ..LookupDto::bare("choices")
        },
        Lookup::Found {
            commune,
            former,
            levels,
            na,
        } => LookupDto {
            commune: Some(UnitDto::from(*commune)),
            former: former.map(|u| UnitDto::from(*u)),
            levels: levels
                .into_iter()
                .map(|l| LevelDto {
                    council: CouncilRef {
                        code: l.council.unit_code,
                        name: l.council.name,
                    },
                    level: l.council.level,
                    term: l.term.as_ref().map(TermDto::from),
                    by_constituency: l.by_constituency,
                    delegates: l.seats.into_iter().map(|s| seat_dto(base, s)).collect(),
                })
                .collect(),
            na_deputies: na.into_iter().map(|s| seat_dto(base, s)).collect(),
            ..LookupDto::bare("found")
        },
    }))
}
