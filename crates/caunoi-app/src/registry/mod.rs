//! The council's registry: who sits in which body, the delegate directory and profiles,
//! "who represents me?", and the staff's forms and CSV import that keep it current.

mod import;
mod manage;
mod represent;

pub use import::{ImportReport, import_delegates, parse_delegates_csv};
pub use manage::{
    PersonInput, PositionInput, add_constituency, add_position, person_for_staff, remove_position,
    save_person, set_photo,
};
pub(crate) use manage::{check_unit, parse_date, require_registry_role};
pub use represent::{Level, Lookup, UnitChoice, who_represents};

use crate::{App, AppError, AppResult};
use caunoi_domain::vntime::VIETNAM;
use caunoi_store::councils::{self, Council, Term};
use caunoi_store::events::{self, Event, EventFilter, Question, Record};
use caunoi_store::registry::{self, Constituency, Organization, Person, Position, SeatFilter};
use caunoi_store::{Tx, now};
use time::Date;

/// The public address of a delegate's profile: `/dai-bieu/nguyen-van-an-12`.
pub fn person_path(full_name: &str, id: i64) -> String {
    format!("/dai-bieu/{}-{id}", vntext::slug(full_name))
}

/// A seat in a council or the NA delegation, with the person holding it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Seat {
    pub person: Person,
    pub position: Position,
}

/// What the directory shows: the chosen council and term, the filters' choices and the seats.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Directory {
    pub council: Council,
    pub terms: Vec<Term>,
    pub term: Option<Term>,
    pub bodies: Vec<Organization>,
    pub constituencies: Vec<Constituency>,
    pub seats: Vec<Seat>,
}

#[derive(Debug, Clone, Default)]
pub struct DirectoryQuery {
    /// Unit code of the council; the primary council when `None`.
    pub council: Option<String>,
    pub term: Option<i64>,
    /// A committee or delegate group: its members only.
    pub body: Option<i64>,
    pub constituency: Option<i64>,
}

pub fn today() -> Date {
    now().to_offset(VIETNAM).date()
}

/// Seats sorted the way the council lists them: leaders first, then Vietnamese name order.
pub(crate) fn sort_seats(seats: &mut [Seat]) {
    seats.sort_by(|a, b| {
        let rank = |s: &Seat| {
            s.position
                .role
                .parse::<caunoi_domain::body::MemberRole>()
                .map(|r| r.rank())
                .unwrap_or(u8::MAX)
        };
        (a.position.organization_kind == "na_delegation")
            .cmp(&(b.position.organization_kind == "na_delegation"))
            .then(rank(a).cmp(&rank(b)))
            .then_with(|| vntext::compare_names(&a.person.full_name, &b.person.full_name))
    });
}

pub(crate) async fn seats(tx: &mut Tx, f: &SeatFilter) -> AppResult<Vec<Seat>> {
    let mut seats: Vec<Seat> = registry::seats(tx, f)
        .await?
        .into_iter()
        .map(|(position, person)| Seat { person, position })
        .collect();
    sort_seats(&mut seats);
    Ok(seats)
}

/// The delegate directory `/dai-bieu`: by council, term (the current one unless chosen),
/// committee or group, and constituency; in Vietnamese name order.
pub async fn directory(app: &App, q: &DirectoryQuery) -> AppResult<Directory> {
    let mut tx = app.db.read().await?;
    let council = match q.council.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => {
            let code = caunoi_domain::UnitCode::parse(code)?;
            councils::find_by_unit_code(&mut tx, code.as_str()).await?
        }
        None => councils::primary(&mut tx).await?,
    }
    .ok_or(AppError::NotFound("council"))?;
    let terms = councils::terms(&mut tx, council.id).await?;
    let term = match q.term {
        Some(id) => Some(terms.iter().find(|t| t.id == id).cloned().ok_or_else(|| {
            AppError::invalid(
                "term",
                "Nhiệm kỳ này không thuộc Hội đồng đã chọn.",
                "This term does not belong to the chosen council.",
            )
        })?),
        None => councils::current_term(&mut tx, council.id, today()).await?,
    };
    let (bodies, constituencies, seats) = match &term {
        Some(t) => {
            let bodies = registry::organizations(&mut tx, t.id).await?;
            if let Some(b) = q.body
                && !bodies.iter().any(|x| x.id == b)
            {
                return Err(AppError::invalid(
                    "body",
                    "Ban hoặc tổ này không thuộc nhiệm kỳ đã chọn.",
                    "This committee or group does not belong to the chosen term.",
                ));
            }
            let constituencies = registry::constituencies(&mut tx, t.id).await?;
            if let Some(k) = q.constituency
                && !constituencies.iter().any(|x| x.id == k)
            {
                return Err(AppError::invalid(
                    "constituency",
                    "Đơn vị bầu cử này không thuộc nhiệm kỳ đã chọn.",
                    "This constituency does not belong to the chosen term.",
                ));
            }
            let seats = seats(
                &mut tx,
                &SeatFilter {
                    term_id: Some(t.id),
                    body_id: q.body,
                    constituency_id: q.constituency,
                    ..SeatFilter::default()
                },
            )
            .await?;
            (bodies, constituencies, seats)
        }
        None => (Vec::new(), Vec::new(), Vec::new()),
    };
    Ok(Directory {
        council,
        terms,
        term,
        bodies,
        constituencies,
        seats,
    })
}

/// A delegate's public profile and record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Profile {
    pub person: Person,
    pub positions: Vec<Position>,
    pub record: Record,
    pub questions: Vec<Question>,
    pub recent: Vec<Event>,
    pub upcoming: Vec<Event>,
}

/// A person's profile; only people who hold or held a position are public.
pub async fn profile(app: &App, person_id: i64) -> AppResult<Profile> {
    let mut tx = app.db.read().await?;
    let person = registry::find_person(&mut tx, person_id)
        .await?
        .ok_or(AppError::NotFound("delegate"))?;
    let positions = registry::positions_of(&mut tx, person_id).await?;
    if positions.is_empty() {
        return Err(AppError::NotFound("delegate"));
    }
    let record = events::record_of(&mut tx, person_id).await?;
    let questions = events::questions(&mut tx, None, Some(person_id), true).await?;
    let t = now();
    let filter = EventFilter {
        person_id: Some(person_id),
        published_only: true,
        ..EventFilter::default()
    };
    let upcoming = events::list(
        &mut tx,
        &EventFilter {
            from: Some(t),
            ..filter.clone()
        },
        1,
        10,
    )
    .await?
    .items;
    let recent = events::list(
        &mut tx,
        &EventFilter {
            to: Some(t),
            newest_first: true,
            ..filter
        },
        1,
        10,
    )
    .await?
    .items;
    Ok(Profile {
        person,
        positions,
        record,
        questions,
        recent,
        upcoming,
    })
}

/// Everyone in the registry with their positions, for open data (Popolo) and the API.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Registry {
    pub councils: Vec<(Council, Vec<Term>)>,
    pub bodies: Vec<registry::Body>,
    pub persons: Vec<Person>,
    pub positions: Vec<Position>,
    pub constituencies: Vec<Constituency>,
    /// (constituency id, unit code, unit name)
    pub constituency_units: Vec<(i64, String, String)>,
}

pub async fn everything(app: &App) -> AppResult<Registry> {
    let mut tx = app.db.read().await?;
    let mut councils_out = Vec::new();
    for c in councils::all(&mut tx).await? {
        let terms = councils::terms(&mut tx, c.id).await?;
        councils_out.push((c, terms));
    }
    Ok(Registry {
        councils: councils_out,
        bodies: registry::all_bodies(&mut tx).await?,
        persons: registry::all_persons(&mut tx).await?,
        positions: registry::all_positions(&mut tx).await?,
        constituencies: registry::all_constituencies(&mut tx).await?,
        constituency_units: registry::constituency_units(&mut tx).await?,
    })
}
