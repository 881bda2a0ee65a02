//! Figures on petitions, aggregated by the database (by agency, by field, by month) so a page
//! over 100,000 petitions reads a few hundred rows, not the petitions; and the rows of the
//! office's reports for one session.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{exec, on};
use time::{Date, OffsetDateTime};

/// Which petitions count: one council's public ones (moderated, neither rejected nor merged
/// into a group, which is counted once through its lead), received in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub council_id: i64,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    /// Today, for "overdue now".
    pub today: Date,
    /// Only this agency (one agency's page).
    pub agency: Option<i64>,
    /// Only this field (one field's page).
    pub field: Option<i64>,
}

/// The counts of one agency and field (`None`: petitions with none yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Counts {
    pub agency_id: Option<i64>,
    pub field_id: Option<i64>,
    pub received: i64,
    /// Answered (the current forwarding has an answer).
    pub answered: i64,
    /// Answered with a deadline running, so timeliness can be judged.
    pub timed: i64,
    /// Answered on or before the deadline.
    pub on_time: i64,
    /// Answered as resolved (the agency's answer says so).
    pub resolved: i64,
    /// Answers the submitter rated.
    pub rated: i64,
    /// Answers the submitter rated "resolved" (yes).
    pub rated_resolved: i64,
    /// Awaiting an answer past the deadline today.
    pub overdue: i64,
    /// Working days from forwarding to answer, summed over the answers that have them.
    pub answer_days: i64,
    /// The answers summed in `answer_days`.
    pub timed_answers: i64,
}

/// The counts per agency and field, in one pass over the `petition_figures` index, which
/// holds every column read here in the grouping's order (no sort; see migration 0009). Sums
/// are additive, so the caller adds them up by agency, by field or for the whole council.
/// (PostgreSQL sums a BIGINT column as NUMERIC: the cast keeps it an integer.)
pub async fn counts(tx: &mut Tx, s: &Scope) -> Result<Vec<Counts>, StoreError> {
    let mut sql = String::from(
        "SELECT p.agency_id, p.field_id, COUNT(*) AS received, \
         COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS answered, \
         COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL AND p.deadline IS NOT NULL THEN 1 ELSE 0 END), 0) AS timed, \
         COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL AND p.answered_on <= p.deadline THEN 1 ELSE 0 END), 0) AS on_time, \
         COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL AND p.answer_kind = 'resolved' THEN 1 ELSE 0 END), 0) AS resolved, \
         COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL AND p.satisfaction IS NOT NULL THEN 1 ELSE 0 END), 0) AS rated, \
         COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL AND p.satisfaction = 'yes' THEN 1 ELSE 0 END), 0) AS rated_resolved, \
         COALESCE(SUM(CASE WHEN p.state IN ('forwarded', 'reopened') AND p.deadline < $4 THEN 1 ELSE 0 END), 0) AS overdue, \
         CAST(COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL THEN p.answer_days ELSE 0 END), 0) AS BIGINT) AS answer_days, \
         COALESCE(SUM(CASE WHEN p.answered_on IS NOT NULL AND p.answer_days IS NOT NULL THEN 1 ELSE 0 END), 0) AS timed_answers \
         FROM petition p WHERE p.council_id = $1 AND p.moderation = 'approved' \
         AND p.state NOT IN ('rejected', 'merged') \
         AND ($2 IS NULL OR p.received_at >= $2) AND ($3 IS NULL OR p.received_at < $3)",
    );
    // Plain conditions for the one agency or field (a `$n IS NULL OR` form would keep the
    // planner from seeking the agency in the index).
    sql.push_str(if s.agency.is_some() {
        " AND p.agency_id = $5"
    } else {
        " AND $5 IS NULL"
    });
    sql.push_str(if s.field.is_some() {
        " AND p.field_id = $6"
    } else {
        " AND $6 IS NULL"
    });
    sql.push_str(" GROUP BY p.agency_id, p.field_id");
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
        .bind(s.council_id).bind(s.from).bind(s.to).bind(s.today).bind(s.agency).bind(s.field)
        .fetch_all(c).await)?,
    )
}

/// Records a petition's answer time in working days (`None`: not answered).
pub async fn set_answer_days(tx: &mut Tx, id: i64, days: Option<i64>) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("UPDATE petition SET answer_days = $2 WHERE id = $1")
        .bind(id).bind(days))?;
    Ok(())
}

/// Up to `limit` answered petitions after id `after` whose answer time was never recorded
/// (answered before migration 0009, or written around the use cases): (id, forwarded on,
/// answered on), by id, so a caller walks the table once.
pub async fn missing_answer_days(
    tx: &mut Tx,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, Date, Date)>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, forwarded_on, answered_on FROM petition WHERE id > $1 AND answer_days IS NULL \
         AND answered_on IS NOT NULL AND forwarded_on IS NOT NULL ORDER BY id LIMIT $2")
        .bind(after).bind(limit).fetch_all(c).await)?)
}

/// Petitions received in each interval `[bounds[i], bounds[i+1])`: one count per interval,
/// each a range of the `petition_public_list` index (council, moderation, received_at, state),
/// so a month reads only its own entries.
pub async fn received_between(
    tx: &mut Tx,
    council_id: i64,
    bounds: &[OffsetDateTime],
) -> Result<Vec<i64>, StoreError> {
    let mut out = Vec::with_capacity(bounds.len().saturating_sub(1));
    for w in bounds.windows(2) {
        let n: i64 = on!(tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM petition p WHERE p.council_id = $1 AND p.moderation = 'approved' \
             AND p.received_at >= $2 AND p.received_at < $3 AND p.state NOT IN ('rejected', 'merged')")
            .bind(council_id).bind(w[0]).bind(w[1]).fetch_one(c).await)?;
        out.push(n);
    }
    Ok(out)
}

/// A petition as the office's reports list it (no personal data: no contact, no name).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct ReportRow {
    pub id: i64,
    pub code: String,
    pub channel: String,
    pub state: String,
    pub title: String,
    pub body: String,
    pub field_id: Option<i64>,
    pub field_name: Option<String>,
    pub field_position: Option<i64>,
    pub agency_id: Option<i64>,
    pub agency_name: Option<String>,
    pub unit_name: Option<String>,
    pub event_id: Option<i64>,
    pub event_title: Option<String>,
    pub voters: i64,
    pub forwarded_on: Option<Date>,
    pub deadline: Option<Date>,
    pub answer: Option<String>,
    pub answer_kind: Option<String>,
    pub answered_on: Option<Date>,
    pub received_at: OffsetDateTime,
}

/// The petitions raised for a session: those recorded at the voter meetings held before it
/// (linked to it), and those that came another way (online, by mail) in `[from, to)`.
pub async fn raised_for_session(
    tx: &mut Tx,
    council_id: i64,
    session_id: i64,
    from: Option<OffsetDateTime>,
    to: OffsetDateTime,
) -> Result<Vec<ReportRow>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT p.id, p.code, p.channel, p.state, p.title, p.body, p.field_id, f.name AS field_name, \
         f.position AS field_position, p.agency_id, a.name AS agency_name, u.name AS unit_name, p.event_id, \
         e.title AS event_title, p.voters, p.forwarded_on, p.deadline, p.answer, p.answer_kind, p.answered_on, \
         p.received_at FROM petition p LEFT JOIN petition_field f ON f.id = p.field_id \
         LEFT JOIN agency a ON a.id = p.agency_id LEFT JOIN admin_unit u ON u.id = p.unit_id \
         LEFT JOIN event e ON e.id = p.event_id \
         WHERE p.council_id = $1 AND p.moderation = 'approved' AND p.state NOT IN ('rejected', 'merged') \
         AND (p.event_id IN (SELECT m.id FROM event m WHERE m.session_id = $2 AND m.kind = 'voter_meeting' \
              AND (m.session_timing IS NULL OR m.session_timing = 'before')) \
           OR (p.event_id IS NULL AND ($3 IS NULL OR p.received_at >= $3) AND p.received_at < $4)) \
         ORDER BY f.position IS NULL, f.position, f.name, a.name IS NULL, a.name, p.received_at, p.id")
        .bind(council_id).bind(session_id).bind(from).bind(to).fetch_all(c).await)?)
}

/// The council's sessions (events of kind `session`), latest first, with their start and end.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct SessionRow {
    pub id: i64,
    pub council_id: i64,
    pub title: String,
    pub starts_at: OffsetDateTime,
    pub ends_at: OffsetDateTime,
}

pub async fn sessions(tx: &mut Tx, council_id: i64) -> Result<Vec<SessionRow>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, title, starts_at, ends_at FROM event WHERE council_id = $1 AND kind = 'session' \
         AND state <> 'cancelled' ORDER BY starts_at DESC, id DESC")
        .bind(council_id).fetch_all(c).await)?)
}
