//! After forwarding: each council's deadline rules, agencies' extension requests and the
//! council's supervision follow-up of unsatisfactory or overdue answers.

use crate::db::Tx;
use crate::error::StoreError;
use crate::petitions::{Petition, SELECT as SELECT_PETITION};
use crate::{Page, exec, on};
use time::{Date, OffsetDateTime};

/// Working days to answer and the "very overdue" threshold, for a council (`field_id` None)
/// or one of its fields.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct DeadlineRule {
    pub id: i64,
    pub council_id: i64,
    pub field_id: Option<i64>,
    pub answer_days: i64,
    pub very_overdue_after: i64,
    pub updated_at: OffsetDateTime,
}

pub async fn rules(tx: &mut Tx, council_id: i64) -> Result<Vec<DeadlineRule>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, field_id, answer_days, very_overdue_after, updated_at FROM petition_deadline_rule \
         WHERE council_id = $1 ORDER BY field_id IS NOT NULL, field_id")
        .bind(council_id).fetch_all(c).await)?)
}

/// Sets the rule of the council (`field_id` None) or of one field, replacing the earlier one.
pub async fn set_rule(
    tx: &mut Tx,
    council_id: i64,
    field_id: Option<i64>,
    answer_days: i64,
    very_overdue_after: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    remove_rule(tx, council_id, field_id).await?;
    exec!(tx, c => sqlx::query(
        "INSERT INTO petition_deadline_rule (council_id, field_id, answer_days, very_overdue_after, updated_at) \
         VALUES ($1, $2, $3, $4, $5)")
        .bind(council_id).bind(field_id).bind(answer_days).bind(very_overdue_after).bind(now))?;
    Ok(())
}

pub async fn remove_rule(
    tx: &mut Tx,
    council_id: i64,
    field_id: Option<i64>,
) -> Result<bool, StoreError> {
    Ok(exec!(tx, c => sqlx::query(
        "DELETE FROM petition_deadline_rule WHERE council_id = $1 AND COALESCE(field_id, 0) = COALESCE($2, 0)")
        .bind(council_id).bind(field_id))?
        > 0)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Extension {
    pub id: i64,
    pub petition_id: i64,
    pub agency_id: Option<i64>,
    /// `pending`, `granted` or `declined`.
    pub state: String,
    pub reason: String,
    pub old_deadline: Date,
    pub new_deadline: Date,
    pub requested_by: String,
    pub requested_at: OffsetDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    pub decision_note: Option<String>,
}

const EXTENSION: &str = "SELECT id, petition_id, agency_id, state, reason, old_deadline, new_deadline, requested_by, \
     requested_at, decided_by, decided_at, decision_note FROM petition_extension";

#[allow(clippy::too_many_arguments)]
pub async fn insert_extension(
    tx: &mut Tx,
    petition_id: i64,
    agency_id: Option<i64>,
    reason: &str,
    old_deadline: Date,
    new_deadline: Date,
    requested_by: &str,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO petition_extension (petition_id, agency_id, state, reason, old_deadline, new_deadline, \
         requested_by, requested_at) VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) RETURNING id")
        .bind(petition_id).bind(agency_id).bind(reason).bind(old_deadline).bind(new_deadline)
        .bind(requested_by).bind(now).fetch_one(c).await)?)
}

pub async fn extensions(tx: &mut Tx, petition_id: i64) -> Result<Vec<Extension>, StoreError> {
    let sql = format!("{EXTENSION} WHERE petition_id = $1 ORDER BY id");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(petition_id).fetch_all(c).await)?)
}

pub async fn pending_extension(
    tx: &mut Tx,
    petition_id: i64,
) -> Result<Option<Extension>, StoreError> {
    let sql = format!("{EXTENSION} WHERE petition_id = $1 AND state = 'pending'");
    Ok(
        on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(petition_id).fetch_optional(c).await)?,
    )
}

/// Settles a pending request; false when it was no longer pending.
pub async fn decide_extension(
    tx: &mut Tx,
    id: i64,
    state: &str,
    decided_by: &str,
    note: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(exec!(tx, c => sqlx::query(
        "UPDATE petition_extension SET state = $2, decided_by = $3, decision_note = $4, decided_at = $5 \
         WHERE id = $1 AND state = 'pending'")
        .bind(id).bind(state).bind(decided_by).bind(note).bind(now))?
        > 0)
}

/// Withdraws a pending request when the petition leaves the agency (answered, re-forwarded).
pub async fn lapse_pending(
    tx: &mut Tx,
    petition_id: i64,
    now: OffsetDateTime,
) -> Result<u64, StoreError> {
    Ok(exec!(tx, c => sqlx::query(
        "UPDATE petition_extension SET state = 'lapsed', decided_at = $2 WHERE petition_id = $1 AND state = 'pending'")
        .bind(petition_id).bind(now))?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Followup {
    pub id: i64,
    pub petition_id: i64,
    /// `reforward`, `question_time` or `supervision`.
    pub kind: String,
    pub note: String,
    pub agency_id: Option<i64>,
    pub agency_name: Option<String>,
    pub deadline: Option<Date>,
    pub event_id: Option<i64>,
    pub event_title: Option<String>,
    pub question_id: Option<i64>,
    pub actor_label: String,
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowup {
    pub kind: String,
    pub note: String,
    pub agency_id: Option<i64>,
    pub deadline: Option<Date>,
    pub event_id: Option<i64>,
    pub question_id: Option<i64>,
    pub actor_label: String,
}

pub async fn insert_followup(
    tx: &mut Tx,
    petition_id: i64,
    f: &NewFollowup,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO petition_followup (petition_id, kind, note, agency_id, deadline, event_id, question_id, actor_label, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(petition_id).bind(&f.kind).bind(&f.note).bind(f.agency_id).bind(f.deadline).bind(f.event_id)
        .bind(f.question_id).bind(&f.actor_label).bind(now).fetch_one(c).await)?)
}

const FOLLOWUP: &str = "SELECT f.id, f.petition_id, f.kind, f.note, f.agency_id, a.name AS agency_name, f.deadline, \
     f.event_id, e.title AS event_title, f.question_id, f.actor_label, f.at FROM petition_followup f \
     LEFT JOIN agency a ON a.id = f.agency_id LEFT JOIN event e ON e.id = f.event_id";

pub async fn followups(tx: &mut Tx, petition_id: i64) -> Result<Vec<Followup>, StoreError> {
    let sql = format!("{FOLLOWUP} WHERE f.petition_id = $1 ORDER BY f.id");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(petition_id).fetch_all(c).await)?)
}

/// What decides the "needs supervision" list: the councils, an optional state, today's
/// "very overdue" thresholds (`very_overdue_before`: for each threshold in working days, the
/// date a deadline must fall before) and the threshold of petitions forwarded before councils
/// had rules.
#[derive(Debug, Clone, Default)]
pub struct SupervisionQuery {
    pub council_ids: Vec<i64>,
    pub state: Option<String>,
    pub very_overdue_before: Vec<(i64, Date)>,
    pub default_very_overdue_after: i64,
}

#[derive(sqlx::FromRow)]
struct SupervisionRow {
    #[sqlx(flatten)]
    petition: Petition,
    total: i64,
}

/// The petitions that need the council's supervision, newest first, one page: rated "not
/// resolved" after an answer, or very overdue without one, and with no question-time or
/// supervision follow-up since the last forwarding (a forward, a reopening or a re-forward).
/// One statement on both engines: the calendar is folded into the thresholds' dates, and the
/// follow-up check compares instants of the same kind, so the database pages.
pub async fn needing_supervision(
    tx: &mut Tx,
    q: &SupervisionQuery,
    page: i64,
    per_page: i64,
) -> Result<Page<Petition>, StoreError> {
    let empty = Page {
        items: Vec::new(),
        total: 0,
        page: page.max(1),
        per_page,
    };
    if q.council_ids.is_empty() || q.very_overdue_before.is_empty() {
        return Ok(empty);
    }
    // Ids are integers from the database, so the list is written into the text safely.
    let ids = q
        .council_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    // $1 state, $2 default threshold, $3 limit, $4 offset, then (threshold, date) pairs.
    let whens = (0..q.very_overdue_before.len())
        .map(|i| format!("WHEN ${} THEN ${}", 5 + 2 * i, 6 + 2 * i))
        .collect::<Vec<_>>()
        .join(" ");
    // The count rides on every row (a window), so one statement gives the page and the total.
    let select = SELECT_PETITION.replacen(
        " FROM petition p ",
        ", COUNT(*) OVER () AS total FROM petition p ",
        1,
    );
    let sql = format!(
        "{select} WHERE p.council_id IN ({ids}) AND p.moderation = 'approved' AND ($1 IS NULL OR p.state = $1) AND (\
         (p.state IN ('answered', 'published', 'closed') AND p.satisfaction = 'not_resolved') \
         OR (p.state IN ('forwarded', 'reopened') AND p.answered_on IS NULL \
             AND p.deadline < CASE COALESCE(p.very_overdue_after, $2) {whens} END)) \
         AND NOT EXISTS (SELECT 1 FROM petition_followup f WHERE f.petition_id = p.id AND f.kind <> 'reforward' \
             AND NOT EXISTS (SELECT 1 FROM petition_followup r WHERE r.petition_id = p.id \
                 AND r.kind = 'reforward' AND r.id > f.id) \
             AND NOT EXISTS (SELECT 1 FROM petition_transition t WHERE t.petition_id = p.id \
                 AND t.action IN ('forward', 'reopen') AND t.at > f.at)) \
         ORDER BY p.received_at DESC, p.id DESC LIMIT $3 OFFSET $4"
    );
    let offset = Page::<Petition>::offset(page, per_page);
    let rows: Vec<SupervisionRow> = on!(tx, c => {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(q.state.clone())
            .bind(q.default_very_overdue_after)
            .bind(per_page)
            .bind(offset);
        for (n, d) in &q.very_overdue_before {
            query = query.bind(*n).bind(*d);
        }
        query.fetch_all(c).await
    })?;
    let total = match rows.first() {
        Some(r) => r.total,
        // Past the last page the window has no row to carry the count: ask the first page.
        None if offset > 0 => Box::pin(needing_supervision(tx, q, 1, 1)).await?.total,
        None => 0,
    };
    Ok(Page {
        items: rows.into_iter().map(|r| r.petition).collect(),
        total,
        page: empty.page,
        per_page,
    })
}

/// Renames a field of a council.
pub async fn rename_field(tx: &mut Tx, id: i64, name: &str) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("UPDATE petition_field SET name = $2 WHERE id = $1").bind(id).bind(name))?;
    Ok(())
}

pub async fn set_field_position(tx: &mut Tx, id: i64, position: i64) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("UPDATE petition_field SET position = $2 WHERE id = $1").bind(id).bind(position))?;
    Ok(())
}

pub async fn remove_agency_member(
    tx: &mut Tx,
    agency_id: i64,
    user_id: i64,
) -> Result<bool, StoreError> {
    Ok(
        exec!(tx, c => sqlx::query("DELETE FROM agency_member WHERE agency_id = $1 AND user_id = $2")
        .bind(agency_id).bind(user_id))?
            > 0,
    )
}
