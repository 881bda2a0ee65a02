//! `/api/v1/popolo.json`: the registry and the published events in the Popolo format
//! (https://www.popoloproject.com/specs/), with Open Civic Data division ids for areas.

use super::registry::{app_error, base, instant, title};
use crate::AppState;
use crate::error::ApiError;
use crate::http_cache;
use crate::viewer::Viewer;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use caunoi_app::opendata::{self, Export};
use caunoi_app::registry::today;
use caunoi_store::councils::{Council, Term};
use caunoi_store::registry::Body;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use time::Date;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(popolo))
}

const CACHE_CONTROL: &str = "public, max-age=300";

#[derive(Serialize, ToSchema)]
pub struct PopoloPerson {
    /// `caunoi:person:{id}`.
    pub id: String,
    pub name: String,
    /// `male` or `female`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// The year only (`1975`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Absolute URL of the portrait.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PopoloOrganization {
    /// `caunoi:council:{unit code}` for a council, `caunoi:body:{id}` for one of its bodies.
    pub id: String,
    pub name: String,
    /// `council` for a council; a body's kind (council, standing_board, committee,
    /// delegate_group, office) or `na_delegation`.
    pub classification: String,
    /// A body's council.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// OCD division id of the unit it serves.
    pub area_id: String,
    /// A body's term.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub founding_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dissolution_date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PopoloMembership {
    /// `caunoi:membership:{id}`.
    pub id: String,
    pub person_id: String,
    pub organization_id: String,
    /// chair, vice_chair, group_head, deputy_group_head or member.
    pub role: String,
    /// The title in Vietnamese ("Chủ tịch HĐND", "Trưởng ban").
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// The constituency seat (`caunoi:post:{constituency id}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_id: Option<String>,
    /// The constituency's area.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PopoloPost {
    /// `caunoi:post:{constituency id}`.
    pub id: String,
    /// "Đơn vị bầu cử số 1".
    pub label: String,
    /// "Đại biểu HĐND" or "Đại biểu Quốc hội".
    pub role: String,
    pub organization_id: String,
    pub area_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct PopoloUnit {
    /// OCD division id.
    pub id: String,
    /// Official code.
    pub code: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct PopoloArea {
    /// An OCD division id (`ocd-division/country:vn/province:01/commune:00004`); a
    /// constituency's adds `/constituency:{term's first year}-{number}` to its council's
    /// (`/na_constituency:…` to the province's for the National Assembly).
    pub id: String,
    pub name: String,
    /// province, commune, constituency or na_constituency.
    pub classification: String,
    /// The official unit code, for a unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// A constituency's communes and wards.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<PopoloUnit>,
}

#[derive(Serialize, ToSchema)]
pub struct PopoloEvent {
    /// `caunoi:event:{id}`.
    pub id: String,
    pub name: String,
    /// The kind: session, question_time, hearing, supervision, voter_meeting,
    /// citizen_reception or briefing.
    pub classification: String,
    /// RFC 3339, Vietnam time.
    pub start_date: String,
    pub end_date: String,
    /// The council (`caunoi:council:{unit code}`).
    pub organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The session a voter meeting belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PopoloDoc {
    pub persons: Vec<PopoloPerson>,
    pub organizations: Vec<PopoloOrganization>,
    pub memberships: Vec<PopoloMembership>,
    pub posts: Vec<PopoloPost>,
    pub areas: Vec<PopoloArea>,
    pub events: Vec<PopoloEvent>,
}

fn council_id(code: &str) -> String {
    format!("caunoi:council:{code}")
}

fn body_id(id: i64) -> String {
    format!("caunoi:body:{id}")
}

fn post_id(id: i64) -> String {
    format!("caunoi:post:{id}")
}

fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

/// A term's end counts as an end date only once it has passed.
fn ended(d: Date, on: Date) -> Option<String> {
    (d < on).then(|| d.to_string())
}

fn document(e: Export, base: &str) -> PopoloDoc {
    let on = today();
    let reg = e.registry;
    let division = |code: &str| e.divisions.get(code).cloned().unwrap_or_default();
    let persons = reg
        .persons
        .into_iter()
        .map(|p| PopoloPerson {
            id: format!("caunoi:person:{}", p.id),
            name: p.full_name,
            gender: p.gender,
            birth_date: p.birth_year.map(|y| y.to_string()),
            image: p.photo.map(|sha| format!("{base}/media/{sha}/desktop")),
        })
        .collect();

    let mut organizations = Vec::new();
    let mut areas = Vec::new();
    for (c, _) in &reg.councils {
        let area = division(&c.unit_code);
        organizations.push(PopoloOrganization {
            id: council_id(&c.unit_code),
            name: c.name.clone(),
            classification: "council".into(),
            parent_id: None,
            area_id: area.clone(),
            founding_date: None,
            dissolution_date: None,
        });
        let parent = area.rsplit_once('/').map(|(p, _)| p.to_owned());
        areas.push(PopoloArea {
            id: area,
            name: c.unit_name.clone(),
            classification: c.level.clone(),
            identifier: Some(c.unit_code.clone()),
            parent_id: parent.filter(|p| p.contains("/province:")),
            units: Vec::new(),
        });
    }
    let councils: HashMap<i64, &(Council, Vec<Term>)> =
        reg.councils.iter().map(|c| (c.0.id, c)).collect();
    for b in &reg.bodies {
        let Some((c, terms)) = councils.get(&b.council_id) else {
            continue;
        };
        let term = terms.iter().find(|t| t.id == b.term_id);
        let na = b.kind == "na_delegation";
        let area = division(&c.unit_code);
        organizations.push(PopoloOrganization {
            id: body_id(b.id),
            name: b.name.clone(),
            classification: b.kind.clone(),
            // The NA delegation shares the portal but is no part of the council.
            parent_id: (!na).then(|| council_id(&c.unit_code)),
            area_id: if na {
                area.split("/commune:").next().unwrap_or(&area).to_owned()
            } else {
                area
            },
            founding_date: term.map(|t| t.starts_on.to_string()),
            dissolution_date: term.and_then(|t| ended(t.ends_on, on)),
        });
    }

    let bodies: HashMap<i64, &Body> = reg.bodies.iter().map(|b| (b.id, b)).collect();
    let mut units_of: HashMap<i64, Vec<PopoloUnit>> = HashMap::new();
    for (k, code, name) in &reg.constituency_units {
        units_of.entry(*k).or_default().push(PopoloUnit {
            id: division(code),
            code: code.clone(),
            name: name.clone(),
        });
    }
    let mut posts = Vec::new();
    for k in &reg.constituencies {
        let (Some(area), Some(b)) = (e.constituencies.get(&k.id), bodies.get(&k.organization_id))
        else {
            continue;
        };
        let na = b.kind == "na_delegation";
        let units = units_of.remove(&k.id).unwrap_or_default();
        areas.push(PopoloArea {
            id: area.clone(),
            name: k.name.clone(),
            classification: if na {
                "na_constituency"
            } else {
                "constituency"
            }
            .into(),
            identifier: None,
            parent_id: area.rsplit_once('/').map(|(p, _)| p.to_owned()),
            units,
        });
        posts.push(PopoloPost {
            id: post_id(k.id),
            label: k.name.clone(),
            role: title("member", &b.kind),
            organization_id: body_id(b.id),
            area_id: area.clone(),
        });
    }

    let memberships = reg
        .positions
        .into_iter()
        .map(|p| PopoloMembership {
            id: format!("caunoi:membership:{}", p.id),
            person_id: format!("caunoi:person:{}", p.person_id),
            organization_id: body_id(p.organization_id),
            label: title(&p.role, &p.organization_kind),
            role: p.role,
            start_date: Some(p.starts_on.unwrap_or(p.term_starts_on).to_string()),
            end_date: p
                .ends_on
                .map(|d| d.to_string())
                .or_else(|| ended(p.term_ends_on, on)),
            post_id: p.constituency_id.map(post_id),
            area_id: p
                .constituency_id
                .and_then(|k| e.constituencies.get(&k).cloned()),
        })
        .collect();

    let published: HashSet<i64> = e.events.iter().map(|x| x.id).collect();
    let events = e
        .events
        .into_iter()
        .map(|x| PopoloEvent {
            id: format!("caunoi:event:{}", x.id),
            name: x.title,
            classification: x.kind,
            start_date: instant(x.starts_at),
            end_date: instant(x.ends_at),
            organization_id: council_id(&x.council_unit_code),
            location: non_empty(x.place),
            description: non_empty(x.summary),
            parent_id: x
                .session_id
                .filter(|s| published.contains(s))
                .map(|s| format!("caunoi:event:{s}")),
        })
        .collect();

    PopoloDoc {
        persons,
        organizations,
        memberships,
        posts,
        areas,
        events,
    }
}

fn cacheable(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    r
}

/// Persons, organizations (councils and their bodies, the National Assembly delegation),
/// memberships, constituency posts, areas and published events. Cached for five minutes;
/// send `If-None-Match` with the last ETag to get 304 when nothing changed.
#[utoipa::path(get, path = "/api/v1/popolo.json", tag = "opendata",
    responses((status = 200, body = PopoloDoc), (status = 304, description = "Not modified")))]
async fn popolo(
    State(state): State<AppState>,
    v: Viewer,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let export = opendata::export(&state.app).await.map_err(app_error(&v))?;
    let doc = document(export, base(&state));
    let body = serde_json::to_string(&doc).map_err(|e| {
        ApiError::from_app(
            caunoi_app::AppError::Internal(format!("popolo json: {e}")),
            &v,
        )
    })?;
    let tag = http_cache::etag(&["popolo", &body]);
    if let Some(r) = http_cache::not_modified(&headers, &tag, None) {
        return Ok(cacheable(r));
    }
    let r = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    Ok(cacheable(http_cache::with_validators(r, &tag, None)))
}
