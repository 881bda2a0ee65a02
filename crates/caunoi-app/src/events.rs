//! The council's activities: the calendar and each event's page for the public, and the staff's
//! forms to record sessions, question time, hearings, supervision, voter meetings and citizen
//! reception days with their agenda, attendance, questions, recommendations and documents.

use crate::documents::{self, Owner};
use crate::record::{self, Change};
use crate::registry::check_unit;
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::event::{
    Attendance, EventKind, EventState, ParticipantRole, RecommendationStatus, SessionKind,
    SessionTiming,
};
use caunoi_domain::{FieldError, vntime};
use caunoi_store::councils::{self, Council};
use caunoi_store::documents::Document;
use caunoi_store::events::{
    self, AgendaItem, Event, EventFields, EventFilter, Participant, Question, QuestionFields,
    Recommendation,
};
use caunoi_store::resolutions::{self, Resolution};
use caunoi_store::{now, units};
use time::OffsetDateTime;

/// The public address of an event: `/lich/ky-hop-thu-ba-42`.
pub fn event_path(slug: &str, id: i64) -> String {
    format!("/lich/{slug}-{id}")
}

/// An event as its page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EventPage {
    pub event: Event,
    pub agenda: Vec<AgendaItem>,
    pub participants: Vec<Participant>,
    pub questions: Vec<Question>,
    pub recommendations: Vec<Recommendation>,
    pub reception: Vec<(String, i64)>,
    pub documents: Vec<Document>,
    pub resolutions: Vec<Resolution>,
    /// The session a voter meeting belongs to.
    pub session: Option<Event>,
    /// Voter meetings before/after this session.
    pub meetings: Vec<Event>,
}

/// One event: published ones for everyone; drafts only for those who manage the council.
pub async fn page(app: &App, ctx: &Ctx, id: i64) -> AppResult<EventPage> {
    let mut tx = app.db.read().await?;
    let event = events::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("event"))?;
    let council = councils::find(&mut tx, event.council_id)
        .await?
        .ok_or(AppError::NotFound("event"))?;
    if event.state == EventState::Draft.as_str()
        && check_unit(&mut tx, ctx, council.unit_id).await.is_err()
    {
        return Err(AppError::NotFound("event"));
    }
    let session = match event.session_id {
        Some(s) => events::find(&mut tx, s)
            .await?
            .filter(|s| s.state == "published" || event.state != "published"),
        None => None,
    };
    let meetings = if event.kind == EventKind::Session.as_str() {
        events::list(
            &mut tx,
            &EventFilter {
                kind: Some("voter_meeting".into()),
                published_only: true,
                session_id: Some(event.id),
                ..EventFilter::default()
            },
            1,
            1000,
        )
        .await?
        .items
    } else {
        Vec::new()
    };
    Ok(EventPage {
        agenda: events::agenda(&mut tx, id).await?,
        participants: events::participants(&mut tx, id).await?,
        questions: events::questions(&mut tx, Some(id), None, false).await?,
        recommendations: events::recommendations(&mut tx, id).await?,
        reception: events::reception_fields(&mut tx, id).await?,
        documents: documents::visible(&mut tx, ctx, "event", id, council.unit_id).await?,
        resolutions: resolutions::list(&mut tx, None, None, None, Some(id), true).await?,
        session,
        meetings,
        event,
    })
}

/// An event for the staff's edit page: only for those who keep its council's record.
pub async fn staff_page(app: &App, ctx: &Ctx, id: i64) -> AppResult<EventPage> {
    {
        let mut tx = app.db.read().await?;
        managed(&mut tx, ctx, id).await?;
    }
    page(app, ctx, id).await
}

/// What the calendar asks for.
#[derive(Debug, Clone, Default)]
pub struct CalendarQuery {
    pub council: Option<String>,
    pub kind: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub person_id: Option<i64>,
    pub newest_first: bool,
}

/// Published events in a window (a month, a week, or from now on), filtered by kind and council.
pub async fn calendar(
    app: &App,
    q: &CalendarQuery,
    page: i64,
    per_page: i64,
) -> AppResult<(Option<Council>, Page<Event>)> {
    let mut tx = app.db.read().await?;
    let council = match q.council.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => {
            let code = caunoi_domain::UnitCode::parse(code)?;
            Some(
                councils::find_by_unit_code(&mut tx, code.as_str())
                    .await?
                    .ok_or(AppError::NotFound("council"))?,
            )
        }
        None => None,
    };
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(
            k.parse::<EventKind>()
                .map_err(|_| {
                    AppError::invalid(
                        "kind",
                        "Loại hoạt động không có trong danh sách.",
                        "Unknown kind of event.",
                    )
                })?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let items = events::list(
        &mut tx,
        &EventFilter {
            council_id: council.as_ref().map(|c| c.id),
            kind,
            published_only: true,
            from: q.from,
            to: q.to,
            person_id: q.person_id,
            unit_id: None,
            session_id: None,
            newest_first: q.newest_first,
        },
        page,
        per_page,
    )
    .await?;
    Ok((council, items))
}

/// Every event for staff (drafts included) of the councils they manage.
pub async fn staff_list(
    app: &App,
    ctx: &Ctx,
    kind: Option<&str>,
    page: i64,
) -> AppResult<Page<Event>> {
    if !ctx.actor.may(
        caunoi_domain::Action::ManageRegistry,
        &caunoi_domain::Target::Anywhere,
    ) {
        return Err(crate::accounts::deny(ctx));
    }
    let mut tx = app.db.read().await?;
    let mut p = events::list(
        &mut tx,
        &EventFilter {
            kind: kind.filter(|k| !k.is_empty()).map(str::to_owned),
            newest_first: true,
            ..EventFilter::default()
        },
        page,
        50,
    )
    .await?;
    let mut keep = Vec::new();
    for e in p.items {
        let council = councils::find(&mut tx, e.council_id).await?;
        if let Some(c) = council
            && check_unit(&mut tx, ctx, c.unit_id).await.is_ok()
        {
            keep.push(e);
        }
    }
    p.items = keep;
    Ok(p)
}

/// An event as the form sends it (every value a string, checked here).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct EventInput {
    #[serde(default)]
    pub council: String,
    pub kind: String,
    #[serde(default)]
    pub session_kind: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub start_date: String,
    #[serde(default)]
    pub start_time: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub end_time: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub session_id: String,
    #[serde(default)]
    pub session_timing: String,
    #[serde(default)]
    pub organisers: String,
    #[serde(default)]
    pub stream_url: String,
    #[serde(default)]
    pub minutes_md: String,
    #[serde(default)]
    pub report_md: String,
    #[serde(default)]
    pub received_total: String,
    #[serde(default)]
    pub state: String,
    /// One agenda item per line.
    #[serde(default)]
    pub agenda: String,
}

fn text(
    s: &str,
    field: &'static str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    let s = vntext::nfc(s.trim());
    if required && s.is_empty() {
        errors.push(FieldError::new(
            field,
            "Trường này là bắt buộc.",
            "This field is required.",
        ));
    } else if s.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("Tối đa {max} ký tự."),
            format!("At most {max} characters."),
        ));
    }
    s
}

/// Creates (`id` None) or updates an event with its agenda, in one transaction.
pub async fn save(app: &App, ctx: &Ctx, id: Option<i64>, input: &EventInput) -> AppResult<i64> {
    crate::registry::require_registry_role(ctx)?;
    let mut errors = Vec::new();
    let kind = input.kind.parse::<EventKind>().ok();
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Hãy chọn loại hoạt động.",
            "Choose the kind of event.",
        ));
    }
    let session_kind = match (kind, input.session_kind.trim()) {
        (Some(EventKind::Session), "") => {
            errors.push(FieldError::new(
                "session_kind",
                "Kỳ họp cần ghi là thường lệ, chuyên đề hay bất thường.",
                "Say whether the session is regular, thematic or extraordinary.",
            ));
            None
        }
        (Some(EventKind::Session), s) => match s.parse::<SessionKind>() {
            Ok(k) => Some(k.as_str().to_owned()),
            Err(_) => {
                errors.push(FieldError::new(
                    "session_kind",
                    "Hãy chọn loại kỳ họp trong danh sách.",
                    "Choose a session kind from the list.",
                ));
                None
            }
        },
        _ => None,
    };
    let title = text(&input.title, "title", 300, true, &mut errors);
    let summary = text(&input.summary, "summary", 5000, false, &mut errors);
    let place = text(&input.place, "place", 300, false, &mut errors);
    let organisers = text(&input.organisers, "organisers", 300, false, &mut errors);
    let minutes_md = text(&input.minutes_md, "minutes_md", 200_000, false, &mut errors);
    let report_md = text(&input.report_md, "report_md", 200_000, false, &mut errors);
    let starts_at = vntime::parse_local(&input.start_date, &input.start_time);
    if starts_at.is_none() {
        errors.push(FieldError::new(
            "start_date",
            "Ngày bắt đầu ghi dạng 31/12/2026, giờ dạng 08:30.",
            "Write the start date as 31/12/2026 and the time as 08:30.",
        ));
    }
    let ends_at = if input.end_date.trim().is_empty() && input.end_time.trim().is_empty() {
        starts_at.map(|s| {
            s + time::Duration::hours(if kind == Some(EventKind::Session) {
                8
            } else {
                3
            })
        })
    } else {
        let end_date = if input.end_date.trim().is_empty() {
            &input.start_date
        } else {
            &input.end_date
        };
        let e = vntime::parse_local(end_date, &input.end_time);
        if e.is_none() {
            errors.push(FieldError::new(
                "end_date",
                "Ngày kết thúc ghi dạng 31/12/2026, giờ dạng 17:00.",
                "Write the end date as 31/12/2026 and the time as 17:00.",
            ));
        }
        e
    };
    if let (Some(s), Some(e)) = (starts_at, ends_at)
        && e < s
    {
        errors.push(FieldError::new(
            "end_date",
            "Thời điểm kết thúc phải sau thời điểm bắt đầu.",
            "The end must be after the start.",
        ));
    }
    let stream_url = match input.stream_url.trim() {
        "" => None,
        u if (u.starts_with("https://") || u.starts_with("http://"))
            && u.len() <= 500
            && !u.contains(char::is_whitespace) =>
        {
            Some(u.to_owned())
        }
        _ => {
            errors.push(FieldError::new(
                "stream_url",
                "Đường dẫn truyền hình trực tiếp phải bắt đầu bằng https://.",
                "The livestream link must start with https://.",
            ));
            None
        }
    };
    let session_timing = match input.session_timing.trim() {
        "" => None,
        s => match s.parse::<SessionTiming>() {
            Ok(t) => Some(t.as_str().to_owned()),
            Err(_) => {
                errors.push(FieldError::new(
                    "session_timing",
                    "Hãy chọn trước hoặc sau kỳ họp.",
                    "Choose before or after the session.",
                ));
                None
            }
        },
    };
    let received_total = match input.received_total.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) if (0..=100_000).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "received_total",
                    "Số lượt công dân là số nguyên không âm.",
                    "The number of citizens is a whole number from 0.",
                ));
                None
            }
        },
    };
    let state = match input.state.trim() {
        "" => EventState::Draft,
        s => s.parse::<EventState>().unwrap_or_else(|_| {
            errors.push(FieldError::new(
                "state",
                "Hãy chọn trạng thái trong danh sách.",
                "Choose a state from the list.",
            ));
            EventState::Draft
        }),
    };
    let agenda: Vec<String> = input
        .agenda
        .lines()
        .map(|l| vntext::nfc(l.trim()))
        .filter(|l| !l.is_empty())
        .collect();
    if agenda.iter().any(|l| l.chars().count() > 500) || agenda.len() > 200 {
        errors.push(FieldError::new(
            "agenda",
            "Mỗi nội dung chương trình tối đa 500 ký tự, tối đa 200 dòng.",
            "Each agenda item has at most 500 characters; at most 200 items.",
        ));
    }
    let mut tx = app.db.write().await?;
    let council = match input.council.trim() {
        "" => councils::primary(&mut tx).await?,
        code => match caunoi_domain::UnitCode::parse(code) {
            Ok(c) => councils::find_by_unit_code(&mut tx, c.as_str()).await?,
            Err(_) => None,
        },
    };
    if council.is_none() {
        errors.push(FieldError::new(
            "council",
            "Hãy chọn Hội đồng nhân dân.",
            "Choose a council.",
        ));
    }
    let unit_id = match input.unit.trim() {
        "" => None,
        code => match units::find_current(&mut tx, code).await? {
            Some(u) => Some(u.id),
            None => {
                errors.push(FieldError::new(
                    "unit",
                    "Không có xã, phường hiện hành với mã này.",
                    "No unit in force has this code.",
                ));
                None
            }
        },
    };
    let session_id = match input.session_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => match events::find(&mut tx, n).await? {
                Some(e) if e.kind == "session" => Some(n),
                _ => {
                    errors.push(FieldError::new(
                        "session_id",
                        "Hãy chọn một kỳ họp có trong danh sách.",
                        "Choose a session from the list.",
                    ));
                    None
                }
            },
            Err(_) => {
                errors.push(FieldError::new(
                    "session_id",
                    "Hãy chọn một kỳ họp có trong danh sách.",
                    "Choose a session from the list.",
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let council = council.ok_or(AppError::NotFound("council"))?;
    check_unit(&mut tx, ctx, council.unit_id).await?;
    if let Some(id) = id {
        let old = events::find(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("event"))?;
        let old_council = councils::find(&mut tx, old.council_id)
            .await?
            .ok_or(AppError::NotFound("event"))?;
        check_unit(&mut tx, ctx, old_council.unit_id).await?;
    }
    let fields = EventFields {
        council_id: council.id,
        kind: kind.map(|k| k.as_str()).unwrap_or("session").to_owned(),
        session_kind,
        slug: vntext::slug(&title),
        title,
        summary,
        starts_at: starts_at.unwrap_or_else(now),
        ends_at: ends_at.unwrap_or_else(now),
        place,
        unit_id,
        session_id,
        session_timing,
        organisers,
        stream_url,
        minutes_md,
        report_md,
        received_total,
        state: state.as_str().to_owned(),
    };
    let t = now();
    let id = match id {
        Some(id) => {
            events::update(&mut tx, id, &fields, t).await?;
            id
        }
        None => events::insert(&mut tx, &fields, t).await?,
    };
    events::set_agenda(&mut tx, id, &agenda).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "saved",
            target_kind: "event",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "kind": fields.kind, "title": fields.title, "state": fields.state }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The council unit of an event, after checking the actor manages it.
async fn managed(tx: &mut caunoi_store::Tx, ctx: &Ctx, id: i64) -> AppResult<(Event, i64)> {
    let e = events::find(tx, id)
        .await?
        .ok_or(AppError::NotFound("event"))?;
    let c = councils::find(tx, e.council_id)
        .await?
        .ok_or(AppError::NotFound("event"))?;
    check_unit(tx, ctx, c.unit_id).await?;
    Ok((e, c.unit_id))
}

async fn audit(
    tx: &mut caunoi_store::Tx,
    ctx: &Ctx,
    action: &str,
    event_id: i64,
    unit_id: i64,
    details: serde_json::Value,
) -> AppResult<()> {
    record::change(
        tx,
        ctx,
        now(),
        Change {
            action,
            target_kind: "event",
            target_id: Some(event_id.to_string()),
            unit_id: Some(unit_id),
            details,
        },
    )
    .await
}

/// Sets who took part: `(person id, role, attendance)`; the people must hold a seat in the
/// event's council or its NA delegation.
pub async fn set_participants(
    app: &App,
    ctx: &Ctx,
    event_id: i64,
    people: &[(i64, String, String)],
) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let (event, unit_id) = managed(&mut tx, ctx, event_id).await?;
    let seats = caunoi_store::registry::seats(
        &mut tx,
        &caunoi_store::registry::SeatFilter {
            council_id: Some(event.council_id),
            ..Default::default()
        },
    )
    .await?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (person, role, attendance) in people {
        if !seats.iter().any(|(p, _)| p.person_id == *person) {
            errors.push(FieldError::new(
                "person",
                format!("Người số {person} không phải đại biểu của Hội đồng này."),
                format!("Person {person} holds no seat in this council."),
            ));
            continue;
        }
        let role = match role.trim() {
            "" => ParticipantRole::Delegate,
            r => match r.parse::<ParticipantRole>() {
                Ok(r) => r,
                Err(_) => {
                    errors.push(FieldError::new(
                        "role",
                        "Hãy chọn vai trò trong danh sách.",
                        "Choose a role from the list.",
                    ));
                    continue;
                }
            },
        };
        let attendance = match attendance.trim() {
            "" => None,
            a => match a.parse::<Attendance>() {
                Ok(a) => Some(a.as_str().to_owned()),
                Err(_) => {
                    errors.push(FieldError::new(
                        "attendance",
                        "Điểm danh ghi có mặt, vắng có lý do hoặc vắng.",
                        "Attendance is present, excused or absent.",
                    ));
                    None
                }
            },
        };
        rows.push((*person, role.as_str().to_owned(), attendance));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    events::set_participants(&mut tx, event_id, &rows).await?;
    audit(
        &mut tx,
        ctx,
        "participants_set",
        event_id,
        unit_id,
        serde_json::json!({ "count": rows.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A question at question time or a hearing, as the form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct QuestionInput {
    pub asker_id: String,
    pub official: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub topic: String,
    pub body: String,
    #[serde(default)]
    pub answer: String,
    #[serde(default)]
    pub follow_up: String,
}

pub async fn add_question(
    app: &App,
    ctx: &Ctx,
    event_id: i64,
    q: &QuestionInput,
) -> AppResult<i64> {
    let mut errors = Vec::new();
    let asker_id = q.asker_id.trim().parse::<i64>().ok();
    if asker_id.is_none() {
        errors.push(FieldError::new(
            "asker_id",
            "Hãy chọn đại biểu chất vấn.",
            "Choose the asking delegate.",
        ));
    }
    let fields = QuestionFields {
        asker_id: asker_id.unwrap_or_default(),
        official: text(&q.official, "official", 300, true, &mut errors),
        agency: text(&q.agency, "agency", 300, false, &mut errors),
        topic: text(&q.topic, "topic", 200, false, &mut errors),
        body: text(&q.body, "body", 20_000, true, &mut errors),
        answer: text(&q.answer, "answer", 50_000, false, &mut errors),
        answered_at: None,
        follow_up: text(&q.follow_up, "follow_up", 20_000, false, &mut errors),
    };
    let mut tx = app.db.write().await?;
    let (event, unit_id) = managed(&mut tx, ctx, event_id).await?;
    if !matches!(event.kind.as_str(), "question_time" | "hearing" | "session") {
        errors.push(FieldError::new(
            "event",
            "Chỉ phiên chất vấn, phiên giải trình hoặc kỳ họp có câu hỏi.",
            "Only question time, hearings and sessions have questions.",
        ));
    }
    if let Some(a) = asker_id
        && caunoi_store::registry::find_person(&mut tx, a)
            .await?
            .is_none()
    {
        errors.push(FieldError::new(
            "asker_id",
            "Không có đại biểu này.",
            "No such delegate.",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let fields = QuestionFields {
        answered_at: (!fields.answer.is_empty()).then(now),
        ..fields
    };
    let id = events::insert_question(&mut tx, event_id, &fields).await?;
    audit(
        &mut tx,
        ctx,
        "question_added",
        event_id,
        unit_id,
        serde_json::json!({ "question_id": id, "asker_id": fields.asker_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a supervision recommendation, or updates one's follow-up status (`id` Some).
#[allow(clippy::too_many_arguments)] // one per form field; a struct would only rename them
pub async fn save_recommendation(
    app: &App,
    ctx: &Ctx,
    event_id: i64,
    id: Option<i64>,
    body: &str,
    addressee: &str,
    status: &str,
    follow_up: &str,
) -> AppResult<i64> {
    let mut errors = Vec::new();
    let body = text(body, "body", 5000, id.is_none(), &mut errors);
    let addressee = text(addressee, "addressee", 300, false, &mut errors);
    let follow_up = text(follow_up, "follow_up", 5000, false, &mut errors);
    let status = match status.trim() {
        "" => RecommendationStatus::Open,
        s => s.parse().unwrap_or_else(|_| {
            errors.push(FieldError::new(
                "status",
                "Hãy chọn tình trạng trong danh sách.",
                "Choose a status from the list.",
            ));
            RecommendationStatus::Open
        }),
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.write().await?;
    let (event, unit_id) = managed(&mut tx, ctx, event_id).await?;
    if !matches!(event.kind.as_str(), "supervision" | "hearing") {
        return Err(AppError::invalid(
            "event",
            "Chỉ hoạt động giám sát hoặc giải trình có kiến nghị sau giám sát.",
            "Only supervision and hearings have recommendations.",
        ));
    }
    let t = now();
    let id = match id {
        Some(id) => {
            if !events::update_recommendation(&mut tx, event_id, id, status.as_str(), &follow_up, t)
                .await?
            {
                return Err(AppError::NotFound("recommendation"));
            }
            id
        }
        None => {
            events::insert_recommendation(
                &mut tx,
                event_id,
                &body,
                &addressee,
                status.as_str(),
                &follow_up,
                t,
            )
            .await?
        }
    };
    audit(
        &mut tx,
        ctx,
        "recommendation_saved",
        event_id,
        unit_id,
        serde_json::json!({ "recommendation_id": id, "status": status.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The public record of a citizen reception day: one line per field, `Lĩnh vực: số lượt`.
pub async fn set_reception(app: &App, ctx: &Ctx, event_id: i64, lines: &str) -> AppResult<()> {
    let mut counts = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in lines
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match line.rsplit_once(':') {
            Some((field, n)) if !field.trim().is_empty() => match n.trim().parse::<i64>() {
                Ok(n) if n >= 0 => counts.push((vntext::nfc(field.trim()), n)),
                _ => errors.push(FieldError::new(
                    "fields",
                    format!("Dòng {}: số lượt phải là số nguyên không âm.", i + 1),
                    format!("Line {}: the count must be a whole number.", i + 1),
                )),
            },
            _ => errors.push(FieldError::new(
                "fields",
                format!("Dòng {}: ghi dạng “Đất đai: 5”.", i + 1),
                format!("Line {}: write it as “Land: 5”.", i + 1),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = app.db.write().await?;
    let (event, unit_id) = managed(&mut tx, ctx, event_id).await?;
    if event.kind != EventKind::CitizenReception.as_str() {
        return Err(AppError::invalid(
            "event",
            "Chỉ buổi tiếp công dân có số liệu này.",
            "Only citizen reception days have these counts.",
        ));
    }
    events::set_reception_fields(&mut tx, event_id, &counts).await?;
    audit(
        &mut tx,
        ctx,
        "reception_recorded",
        event_id,
        unit_id,
        serde_json::json!({ "fields": counts.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Attaches a document to an event; `public` false keeps it a draft for delegates and staff.
pub async fn attach_document(
    app: &App,
    ctx: &Ctx,
    event_id: i64,
    title: &str,
    file_name: &str,
    bytes: Vec<u8>,
    public: bool,
) -> AppResult<i64> {
    let unit_id = {
        let mut tx = app.db.read().await?;
        managed(&mut tx, ctx, event_id).await?.1
    };
    documents::attach(
        app,
        ctx,
        Owner {
            kind: "event",
            id: event_id,
            unit_id,
        },
        title,
        file_name,
        bytes,
        public,
    )
    .await
}
