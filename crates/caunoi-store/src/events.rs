//! The council's activities as events: the event row, its participants and attendance, agenda,
//! questions and answers, supervision recommendations and citizen-reception counts.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Event {
    pub id: i64,
    pub council_id: i64,
    pub council_name: String,
    pub council_unit_code: String,
    pub kind: String,
    pub session_kind: Option<String>,
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub place: String,
    pub unit_id: Option<i64>,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub session_id: Option<i64>,
    pub session_timing: Option<String>,
    pub organisers: String,
    pub stream_url: Option<String>,
    pub minutes_md: String,
    pub report_md: String,
    pub received_total: Option<i64>,
    pub state: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The fields a form edits (already checked by the use case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFields {
    pub council_id: i64,
    pub kind: String,
    pub session_kind: Option<String>,
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
    pub place: String,
    pub unit_id: Option<i64>,
    pub session_id: Option<i64>,
    pub session_timing: Option<String>,
    pub organisers: String,
    pub stream_url: Option<String>,
    pub minutes_md: String,
    pub report_md: String,
    pub received_total: Option<i64>,
    pub state: String,
}

const SELECT: &str = "SELECT e.id, e.council_id, c.name AS council_name, cu.code AS council_unit_code, e.kind, \
     e.session_kind, e.title, e.slug, e.summary, e.starts_at, e.ends_at, e.place, e.unit_id, u.code AS unit_code, \
     u.name AS unit_name, e.session_id, e.session_timing, e.organisers, e.stream_url, e.minutes_md, e.report_md, \
     e.received_total, e.state, e.created_at, e.updated_at FROM event e JOIN council c ON c.id = e.council_id \
     JOIN admin_unit cu ON cu.id = c.unit_id LEFT JOIN admin_unit u ON u.id = e.unit_id";

pub async fn insert(tx: &mut Tx, f: &EventFields, now: OffsetDateTime) -> Result<i64, StoreError> {
    let folded = vntext::fold(&f.title);
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO event (council_id, kind, session_kind, title, title_folded, slug, summary, starts_at, ends_at, \
         place, unit_id, session_id, session_timing, organisers, stream_url, minutes_md, report_md, received_total, \
         state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $20) RETURNING id")
        .bind(f.council_id).bind(&f.kind).bind(&f.session_kind).bind(&f.title).bind(&folded).bind(&f.slug)
        .bind(&f.summary).bind(f.starts_at).bind(f.ends_at).bind(&f.place).bind(f.unit_id).bind(f.session_id)
        .bind(&f.session_timing).bind(&f.organisers).bind(&f.stream_url).bind(&f.minutes_md).bind(&f.report_md)
        .bind(f.received_total).bind(&f.state).bind(now).fetch_one(c).await)?)
}

pub async fn update(
    tx: &mut Tx,
    id: i64,
    f: &EventFields,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let folded = vntext::fold(&f.title);
    let n = exec!(tx, c => sqlx::query(
        "UPDATE event SET council_id = $2, kind = $3, session_kind = $4, title = $5, title_folded = $6, slug = $7, \
         summary = $8, starts_at = $9, ends_at = $10, place = $11, unit_id = $12, session_id = $13, \
         session_timing = $14, organisers = $15, stream_url = $16, minutes_md = $17, report_md = $18, \
         received_total = $19, state = $20, updated_at = $21 WHERE id = $1")
        .bind(id).bind(f.council_id).bind(&f.kind).bind(&f.session_kind).bind(&f.title).bind(&folded).bind(&f.slug)
        .bind(&f.summary).bind(f.starts_at).bind(f.ends_at).bind(&f.place).bind(f.unit_id).bind(f.session_id)
        .bind(&f.session_timing).bind(&f.organisers).bind(&f.stream_url).bind(&f.minutes_md).bind(&f.report_md)
        .bind(f.received_total).bind(&f.state).bind(now))?;
    Ok(n > 0)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<Event>, StoreError> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// Which events a calendar or list shows.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub council_id: Option<i64>,
    pub kind: Option<String>,
    /// Only published events (public pages, feeds, API); staff lists see every state.
    pub published_only: bool,
    /// Events that end at or after this instant.
    pub from: Option<OffsetDateTime>,
    /// Events that start before this instant.
    pub to: Option<OffsetDateTime>,
    /// Events a person takes part in.
    pub person_id: Option<i64>,
    /// Events held in this admin unit (the commune of a voter meeting).
    pub unit_id: Option<i64>,
    /// Voter meetings before or after this session.
    pub session_id: Option<i64>,
    pub newest_first: bool,
}

const WHERE: &str = " WHERE ($1 IS NULL OR e.council_id = $1) AND ($2 IS NULL OR e.kind = $2) \
     AND ($3 = FALSE OR e.state = 'published') AND ($4 IS NULL OR e.ends_at >= $4) \
     AND ($5 IS NULL OR e.starts_at < $5) \
     AND ($6 IS NULL OR EXISTS (SELECT 1 FROM event_participant p WHERE p.event_id = e.id AND p.person_id = $6)) \
     AND ($7 IS NULL OR e.unit_id = $7) AND ($8 IS NULL OR e.session_id = $8)";

pub async fn list(
    tx: &mut Tx,
    f: &EventFilter,
    page: i64,
    per_page: i64,
) -> Result<Page<Event>, StoreError> {
    let order = if f.newest_first { "DESC" } else { "ASC" };
    let sql = format!("{SELECT}{WHERE} ORDER BY e.starts_at {order}, e.id LIMIT $9 OFFSET $10");
    let items: Vec<Event> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(f.council_id).bind(&f.kind).bind(f.published_only).bind(f.from).bind(f.to)
        .bind(f.person_id).bind(f.unit_id).bind(f.session_id).bind(per_page).bind(Page::<Event>::offset(page, per_page))
        .fetch_all(c).await)?;
    let count = format!("SELECT COUNT(*) FROM event e{WHERE}");
    let total: i64 = on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(count))
        .bind(f.council_id).bind(&f.kind).bind(f.published_only).bind(f.from).bind(f.to)
        .bind(f.person_id).bind(f.unit_id).bind(f.session_id).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Participant {
    pub person_id: i64,
    pub full_name: String,
    pub role: String,
    pub attendance: Option<String>,
}

/// Replaces the participants of an event.
pub async fn set_participants(
    tx: &mut Tx,
    event_id: i64,
    people: &[(i64, String, Option<String>)],
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM event_participant WHERE event_id = $1").bind(event_id))?;
    for (person, role, attendance) in people {
        exec!(tx, c => sqlx::query(
            "INSERT INTO event_participant (event_id, person_id, role, attendance) VALUES ($1, $2, $3, $4)")
            .bind(event_id).bind(*person).bind(role).bind(attendance))?;
    }
    Ok(())
}

pub async fn participants(tx: &mut Tx, event_id: i64) -> Result<Vec<Participant>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT p.person_id, x.full_name, p.role, p.attendance FROM event_participant p \
         JOIN person x ON x.id = p.person_id WHERE p.event_id = $1")
        .bind(event_id).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct AgendaItem {
    pub position: i64,
    pub title: String,
}

pub async fn set_agenda(tx: &mut Tx, event_id: i64, items: &[String]) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM agenda_item WHERE event_id = $1").bind(event_id))?;
    for (i, title) in items.iter().enumerate() {
        exec!(tx, c => sqlx::query("INSERT INTO agenda_item (event_id, position, title) VALUES ($1, $2, $3)")
            .bind(event_id).bind(i as i64 + 1).bind(title))?;
    }
    Ok(())
}

pub async fn agenda(tx: &mut Tx, event_id: i64) -> Result<Vec<AgendaItem>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT position, title FROM agenda_item WHERE event_id = $1 ORDER BY position")
        .bind(event_id).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Question {
    pub id: i64,
    pub event_id: i64,
    pub position: i64,
    pub asker_id: i64,
    pub asker_name: String,
    pub official: String,
    pub agency: String,
    pub topic: String,
    pub body: String,
    pub answer: String,
    pub answered_at: Option<OffsetDateTime>,
    pub follow_up: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionFields {
    pub asker_id: i64,
    pub official: String,
    pub agency: String,
    pub topic: String,
    pub body: String,
    pub answer: String,
    pub answered_at: Option<OffsetDateTime>,
    pub follow_up: String,
}

pub async fn insert_question(
    tx: &mut Tx,
    event_id: i64,
    q: &QuestionFields,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO question (event_id, position, asker_id, official, agency, topic, body, answer, answered_at, follow_up) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM question WHERE event_id = $1), $2, $3, $4, $5, $6, $7, $8, $9) \
         RETURNING id")
        .bind(event_id).bind(q.asker_id).bind(&q.official).bind(&q.agency).bind(&q.topic).bind(&q.body)
        .bind(&q.answer).bind(q.answered_at).bind(&q.follow_up).fetch_one(c).await)?)
}

const QUESTION: &str = "SELECT q.id, q.event_id, q.position, q.asker_id, p.full_name AS asker_name, q.official, \
     q.agency, q.topic, q.body, q.answer, q.answered_at, q.follow_up FROM question q JOIN person p ON p.id = q.asker_id \
     JOIN event e ON e.id = q.event_id";

/// Questions, optionally of one event, asker or agency (folded match); published events only
/// when `published_only`.
pub async fn questions(
    tx: &mut Tx,
    event_id: Option<i64>,
    asker_id: Option<i64>,
    published_only: bool,
) -> Result<Vec<Question>, StoreError> {
    let sql = format!(
        "{QUESTION} WHERE ($1 IS NULL OR q.event_id = $1) AND ($2 IS NULL OR q.asker_id = $2) \
         AND ($3 = FALSE OR e.state = 'published') ORDER BY e.starts_at DESC, q.position"
    );
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(event_id).bind(asker_id).bind(published_only).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Recommendation {
    pub id: i64,
    pub position: i64,
    pub body: String,
    pub addressee: String,
    pub status: String,
    pub follow_up: String,
    pub updated_at: OffsetDateTime,
}

pub async fn insert_recommendation(
    tx: &mut Tx,
    event_id: i64,
    body: &str,
    addressee: &str,
    status: &str,
    follow_up: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO recommendation (event_id, position, body, addressee, status, follow_up, updated_at) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM recommendation WHERE event_id = $1), $2, $3, $4, $5, $6) \
         RETURNING id")
        .bind(event_id).bind(body).bind(addressee).bind(status).bind(follow_up).bind(now).fetch_one(c).await)?)
}

pub async fn update_recommendation(
    tx: &mut Tx,
    event_id: i64,
    id: i64,
    status: &str,
    follow_up: &str,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(exec!(tx, c => sqlx::query(
        "UPDATE recommendation SET status = $3, follow_up = $4, updated_at = $5 WHERE id = $2 AND event_id = $1")
        .bind(event_id).bind(id).bind(status).bind(follow_up).bind(now))?
        > 0)
}

pub async fn recommendations(
    tx: &mut Tx,
    event_id: i64,
) -> Result<Vec<Recommendation>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, position, body, addressee, status, follow_up, updated_at FROM recommendation \
         WHERE event_id = $1 ORDER BY position")
        .bind(event_id).fetch_all(c).await)?)
}

/// Replaces the per-field counts of a citizen reception day.
pub async fn set_reception_fields(
    tx: &mut Tx,
    event_id: i64,
    counts: &[(String, i64)],
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM reception_field WHERE event_id = $1").bind(event_id))?;
    for (field, count) in counts {
        exec!(tx, c => sqlx::query("INSERT INTO reception_field (event_id, field, count) VALUES ($1, $2, $3)")
            .bind(event_id).bind(field).bind(*count))?;
    }
    Ok(())
}

pub async fn reception_fields(
    tx: &mut Tx,
    event_id: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT field, count FROM reception_field WHERE event_id = $1 ORDER BY count DESC, field")
        .bind(event_id).fetch_all(c).await)?)
}

/// A delegate's record: how many published events of each kind they took part in, sessions
/// attended, and questions asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Record {
    pub by_kind: Vec<(String, i64)>,
    pub sessions_attended: i64,
    pub sessions_total: i64,
    pub questions: i64,
}

pub async fn record_of(tx: &mut Tx, person_id: i64) -> Result<Record, StoreError> {
    let by_kind: Vec<(String, i64)> = on!(tx, c => sqlx::query_as(
        "SELECT e.kind, COUNT(*) FROM event_participant p JOIN event e ON e.id = p.event_id \
         WHERE p.person_id = $1 AND e.state = 'published' GROUP BY e.kind ORDER BY e.kind")
        .bind(person_id).fetch_all(c).await)?;
    let (attended, total): (i64, i64) = on!(tx, c => sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN p.attendance = 'present' THEN 1 ELSE 0 END), 0), COUNT(*) \
         FROM event_participant p JOIN event e ON e.id = p.event_id \
         WHERE p.person_id = $1 AND e.state = 'published' AND e.kind = 'session' AND p.attendance IS NOT NULL")
        .bind(person_id).fetch_one(c).await)?;
    let questions: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM question q JOIN event e ON e.id = q.event_id WHERE q.asker_id = $1 AND e.state = 'published'")
        .bind(person_id).fetch_one(c).await)?;
    Ok(Record {
        by_kind,
        sessions_attended: attended,
        sessions_total: total,
        questions,
    })
}

/// The latest change of any event (for feed validators).
pub async fn last_change(tx: &mut Tx) -> Result<Option<OffsetDateTime>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar("SELECT MAX(updated_at) FROM event").fetch_one(c).await)?)
}
