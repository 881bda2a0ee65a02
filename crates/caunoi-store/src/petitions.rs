//! Petitions (kiến nghị): fields, agencies, the petition row, its contact kept apart, its
//! timeline, the working-day calendar adjustments and the log rate limits count from.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Field {
    pub id: i64,
    pub council_id: i64,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

pub async fn insert_field(
    tx: &mut Tx,
    council_id: i64,
    slug: &str,
    name: &str,
    position: i64,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO petition_field (council_id, slug, name, position) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(council_id).bind(slug).bind(name).bind(position).fetch_one(c).await)?)
}

pub async fn fields(tx: &mut Tx, council_id: i64) -> Result<Vec<Field>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, position FROM petition_field WHERE council_id = $1 ORDER BY position, id")
        .bind(council_id).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Agency {
    pub id: i64,
    pub council_id: i64,
    pub slug: String,
    pub name: String,
    pub email: Option<String>,
}

pub async fn insert_agency(
    tx: &mut Tx,
    council_id: i64,
    slug: &str,
    name: &str,
    email: Option<&str>,
) -> Result<i64, StoreError> {
    let folded = vntext::fold(name);
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO agency (council_id, slug, name, name_folded, email) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(council_id).bind(slug).bind(name).bind(&folded).bind(email).fetch_one(c).await)?)
}

pub async fn agencies(tx: &mut Tx, council_id: i64) -> Result<Vec<Agency>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, email FROM agency WHERE council_id = $1 ORDER BY name_folded")
        .bind(council_id).fetch_all(c).await)?)
}

pub async fn find_agency(tx: &mut Tx, id: i64) -> Result<Option<Agency>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, council_id, slug, name, email FROM agency WHERE id = $1").bind(id).fetch_optional(c).await)?)
}

pub async fn add_agency_member(
    tx: &mut Tx,
    agency_id: i64,
    user_id: i64,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("INSERT INTO agency_member (agency_id, user_id) VALUES ($1, $2)")
        .bind(agency_id).bind(user_id))?;
    Ok(())
}

/// The agencies an account answers for.
pub async fn agencies_of_user(tx: &mut Tx, user_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT agency_id FROM agency_member WHERE user_id = $1 ORDER BY agency_id").bind(user_id).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Petition {
    pub id: i64,
    pub council_id: i64,
    pub council_name: String,
    pub council_unit_id: i64,
    pub code: String,
    pub channel: String,
    pub state: String,
    pub moderation: String,
    pub title: String,
    pub body: String,
    pub field_id: Option<i64>,
    pub field_name: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub place: Option<String>,
    pub event_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub agency_name: Option<String>,
    pub merged_into: Option<i64>,
    pub voters: i64,
    pub public_name: Option<String>,
    pub forwarded_on: Option<Date>,
    pub deadline: Option<Date>,
    pub answer: Option<String>,
    pub answer_kind: Option<String>,
    pub promised_on: Option<Date>,
    pub answered_on: Option<Date>,
    pub reason: Option<String>,
    pub satisfaction: Option<String>,
    /// Working days past the deadline after which it is "very overdue" (the rule in force at
    /// forwarding; `None`: the built-in default).
    pub very_overdue_after: Option<i64>,
    pub received_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// The columns of a petition; other modules add their own conditions.
pub(crate) const SELECT: &str = "SELECT p.id, p.council_id, c.name AS council_name, c.unit_id AS council_unit_id, p.code, \
     p.channel, p.state, p.moderation, p.title, p.body, p.field_id, f.name AS field_name, p.unit_id, \
     u.name AS unit_name, p.place, p.event_id, p.agency_id, a.name AS agency_name, p.merged_into, p.voters, \
     p.public_name, p.forwarded_on, p.deadline, p.answer, p.answer_kind, p.promised_on, p.answered_on, \
     p.reason, p.satisfaction, p.very_overdue_after, p.received_at, p.updated_at FROM petition p JOIN council c ON c.id = p.council_id \
     LEFT JOIN petition_field f ON f.id = p.field_id LEFT JOIN admin_unit u ON u.id = p.unit_id \
     LEFT JOIN agency a ON a.id = p.agency_id";

/// A petition as intake records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPetition {
    pub council_id: i64,
    pub code: String,
    pub channel: String,
    pub state: String,
    pub moderation: String,
    pub title: String,
    pub body: String,
    pub field_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub place: Option<String>,
    pub event_id: Option<i64>,
    pub voters: i64,
    pub public_name: Option<String>,
}

pub async fn insert(tx: &mut Tx, p: &NewPetition, now: OffsetDateTime) -> Result<i64, StoreError> {
    let folded = vntext::fold(&p.title);
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO petition (council_id, code, channel, state, moderation, title, title_folded, body, field_id, \
         unit_id, place, event_id, voters, public_name, received_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id")
        .bind(p.council_id).bind(&p.code).bind(&p.channel).bind(&p.state).bind(&p.moderation).bind(&p.title)
        .bind(&folded).bind(&p.body).bind(p.field_id).bind(p.unit_id).bind(&p.place).bind(p.event_id)
        .bind(p.voters).bind(&p.public_name).bind(now).fetch_one(c).await)?)
}

/// Ids of the petitions the public may see (approved, not rejected), for rebuilding search.
pub async fn public_ids(tx: &mut Tx) -> Result<Vec<i64>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT id FROM petition WHERE moderation = 'approved' AND state <> 'rejected' ORDER BY id")
        .fetch_all(c).await)?)
}

pub async fn find(tx: &mut Tx, id: i64) -> Result<Option<Petition>, StoreError> {
    let sql = format!("{SELECT} WHERE p.id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

pub async fn find_by_code(tx: &mut Tx, code: &str) -> Result<Option<Petition>, StoreError> {
    let sql = format!("{SELECT} WHERE p.code = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code).fetch_optional(c).await)?)
}

/// What processing changes on a petition, written whole after each action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processing {
    pub state: String,
    pub moderation: String,
    pub field_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub merged_into: Option<i64>,
    pub voters: i64,
    pub forwarded_on: Option<Date>,
    pub deadline: Option<Date>,
    pub answer: Option<String>,
    pub answer_kind: Option<String>,
    pub promised_on: Option<Date>,
    pub answered_on: Option<Date>,
    pub reason: Option<String>,
    pub satisfaction: Option<String>,
    pub very_overdue_after: Option<i64>,
}

impl Processing {
    pub fn of(p: &Petition) -> Self {
        Processing {
            state: p.state.clone(),
            moderation: p.moderation.clone(),
            field_id: p.field_id,
            unit_id: p.unit_id,
            agency_id: p.agency_id,
            merged_into: p.merged_into,
            voters: p.voters,
            forwarded_on: p.forwarded_on,
            deadline: p.deadline,
            answer: p.answer.clone(),
            answer_kind: p.answer_kind.clone(),
            promised_on: p.promised_on,
            answered_on: p.answered_on,
            reason: p.reason.clone(),
            satisfaction: p.satisfaction.clone(),
            very_overdue_after: p.very_overdue_after,
        }
    }
}

pub async fn save_processing(
    tx: &mut Tx,
    id: i64,
    p: &Processing,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "UPDATE petition SET state = $2, moderation = $3, field_id = $4, unit_id = $5, agency_id = $6, merged_into = $7, \
         voters = $8, forwarded_on = $9, deadline = $10, answer = $11, answer_kind = $12, promised_on = $13, \
         answered_on = $14, reason = $15, satisfaction = $16, updated_at = $17, \
         very_overdue_after = $18 WHERE id = $1")
        .bind(id).bind(&p.state).bind(&p.moderation).bind(p.field_id).bind(p.unit_id).bind(p.agency_id)
        .bind(p.merged_into).bind(p.voters).bind(p.forwarded_on).bind(p.deadline).bind(&p.answer)
        .bind(&p.answer_kind).bind(p.promised_on).bind(p.answered_on).bind(&p.reason).bind(&p.satisfaction).bind(now)
        .bind(p.very_overdue_after))?;
    Ok(())
}

/// Which petitions a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub council_id: Option<i64>,
    pub field_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub state: Option<String>,
    /// Folded words every title must contain.
    pub text: Option<String>,
    /// Public lists: approved by moderation and not rejected.
    pub public_only: bool,
    /// Moderation queue: pending online submissions.
    pub pending_only: bool,
    /// Awaiting an answer with the deadline before this day.
    pub due_before: Option<Date>,
    pub event_id: Option<i64>,
    /// Several councils at once (a province's office and its communes' councils); empty: any.
    pub council_ids: Vec<i64>,
    /// Only petitions forwarded to an agency this account answers for.
    pub member_user_id: Option<i64>,
    /// Count the matches only up to this many (the total is then `limit + 1`, "more than
    /// limit"): an exact count reads every match, 100,000 of them on a busy council's list.
    pub count_limit: Option<i64>,
}

impl Filter {
    /// The WHERE clause. Every parameter $1..$10 is always bound (so one bind order serves all
    /// filters), but an absent one is only tested as `$n IS NULL`: the clause is a plain
    /// conjunction the planner can meet with an index. The `($n IS NULL OR col = $n)` form
    /// it replaces made SQLite scan and sort all 100,000 petitions for each page.
    fn clause(&self) -> String {
        let cond = |present: bool, when: &str, param: &str| {
            if present {
                when.to_owned()
            } else {
                format!("{param} IS NULL")
            }
        };
        let mut parts = vec![
            cond(self.council_id.is_some(), "p.council_id = $1", "$1"),
            cond(self.field_id.is_some(), "p.field_id = $2", "$2"),
            cond(self.agency_id.is_some(), "p.agency_id = $3", "$3"),
            cond(self.unit_id.is_some(), "p.unit_id = $4", "$4"),
            cond(self.state.is_some(), "p.state = $5", "$5"),
            cond(self.text.is_some(), "p.title_folded LIKE $6", "$6"),
            if self.public_only {
                "$7 = TRUE AND p.moderation = 'approved' AND p.state <> 'rejected'".to_owned()
            } else {
                "$7 = FALSE".to_owned()
            },
            if self.pending_only {
                "$8 = TRUE AND p.moderation = 'pending'".to_owned()
            } else {
                "$8 = FALSE".to_owned()
            },
            cond(
                self.due_before.is_some(),
                "p.state IN ('forwarded', 'reopened') AND p.deadline < $9",
                "$9",
            ),
            cond(self.event_id.is_some(), "p.event_id = $10", "$10"),
        ];
        // Integers, written into the text: nothing a user typed reaches the SQL.
        if !self.council_ids.is_empty() {
            let ids: Vec<String> = self.council_ids.iter().map(i64::to_string).collect();
            parts.push(format!("p.council_id IN ({})", ids.join(", ")));
        }
        if let Some(u) = self.member_user_id {
            parts.push(format!(
                "p.agency_id IN (SELECT agency_id FROM agency_member WHERE user_id = {u})"
            ));
        }
        format!(" WHERE {}", parts.join(" AND "))
    }
}

pub async fn list(
    tx: &mut Tx,
    f: &Filter,
    page: i64,
    per_page: i64,
) -> Result<Page<Petition>, StoreError> {
    let like = f.text.as_deref().map(|t| {
        format!(
            "%{}%",
            t.replace(['\\', '%', '_'], "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("%")
        )
    });
    let clause = f.clause();
    // The page's ids first, from the index alone, then their rows: a deep page skips index
    // entries, not joined rows (page 5,000 of 100,000 petitions: 320 ms → a few ms).
    let sql = format!(
        "{SELECT} WHERE p.id IN (SELECT p.id FROM petition p{clause} \
         ORDER BY p.received_at DESC, p.id DESC LIMIT $11 OFFSET $12) \
         ORDER BY p.received_at DESC, p.id DESC"
    );
    let items: Vec<Petition> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(f.council_id).bind(f.field_id).bind(f.agency_id).bind(f.unit_id).bind(&f.state).bind(&like)
        .bind(f.public_only).bind(f.pending_only).bind(f.due_before).bind(f.event_id)
        .bind(per_page).bind(Page::<Petition>::offset(page, per_page)).fetch_all(c).await)?;
    let count = match f.count_limit {
        Some(limit) => format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM petition p{clause} LIMIT {}) AS counted",
            limit.max(0) + 1
        ),
        None => format!("SELECT COUNT(*) FROM petition p{clause}"),
    };
    let total: i64 = on!(tx, c => sqlx::query_scalar(sqlx::AssertSqlSafe(count))
        .bind(f.council_id).bind(f.field_id).bind(f.agency_id).bind(f.unit_id).bind(&f.state).bind(&like)
        .bind(f.public_only).bind(f.pending_only).bind(f.due_before).bind(f.event_id).fetch_one(c).await)?;
    Ok(Page {
        items,
        total,
        page: page.max(1),
        per_page,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Contact {
    pub petition_id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub consent_at: OffsetDateTime,
    pub retain_until: Date,
}

pub async fn insert_contact(tx: &mut Tx, c: &Contact) -> Result<(), StoreError> {
    exec!(tx, x => sqlx::query(
        "INSERT INTO petition_contact (petition_id, name, email, phone, address, consent_at, retain_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(c.petition_id).bind(&c.name).bind(&c.email).bind(&c.phone).bind(&c.address).bind(c.consent_at)
        .bind(c.retain_until))?;
    Ok(())
}

pub async fn contact(tx: &mut Tx, petition_id: i64) -> Result<Option<Contact>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT petition_id, name, email, phone, address, consent_at, retain_until FROM petition_contact WHERE petition_id = $1")
        .bind(petition_id).fetch_optional(c).await)?)
}

pub async fn delete_contact(tx: &mut Tx, petition_id: i64) -> Result<bool, StoreError> {
    Ok(
        exec!(tx, c => sqlx::query("DELETE FROM petition_contact WHERE petition_id = $1").bind(petition_id))?
            > 0,
    )
}

/// Contacts whose retention ended before `today`: (petition id).
pub async fn expired_contacts(tx: &mut Tx, today: Date) -> Result<Vec<i64>, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "SELECT petition_id FROM petition_contact WHERE retain_until < $1 ORDER BY petition_id")
        .bind(today).fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Transition {
    pub from_state: Option<String>,
    pub to_state: String,
    pub action: String,
    pub actor_label: String,
    pub note: String,
    pub public: bool,
    pub at: OffsetDateTime,
}

pub async fn insert_transition(
    tx: &mut Tx,
    petition_id: i64,
    t: &Transition,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO petition_transition (petition_id, from_state, to_state, action, actor_label, note, public, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(petition_id).bind(&t.from_state).bind(&t.to_state).bind(&t.action).bind(&t.actor_label)
        .bind(&t.note).bind(t.public).bind(t.at))?;
    Ok(())
}

pub async fn transitions(
    tx: &mut Tx,
    petition_id: i64,
    public_only: bool,
) -> Result<Vec<Transition>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT from_state, to_state, action, actor_label, note, public, at FROM petition_transition \
         WHERE petition_id = $1 AND ($2 = FALSE OR public = TRUE) ORDER BY id")
        .bind(petition_id).bind(public_only).fetch_all(c).await)?)
}

/// (day, kind, reason) for every adjustment: `day_off` or `working_day`.
pub async fn calendar_adjustments(tx: &mut Tx) -> Result<Vec<(Date, String, String)>, StoreError> {
    Ok(
        on!(tx, c => sqlx::query_as("SELECT day, kind, reason FROM calendar_adjustment ORDER BY day").fetch_all(c).await)?,
    )
}

pub async fn set_calendar_adjustment(
    tx: &mut Tx,
    day: Date,
    kind: &str,
    reason: &str,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("DELETE FROM calendar_adjustment WHERE day = $1").bind(day))?;
    exec!(tx, c => sqlx::query("INSERT INTO calendar_adjustment (day, kind, reason) VALUES ($1, $2, $3)")
        .bind(day).bind(kind).bind(reason))?;
    Ok(())
}

pub async fn remove_calendar_adjustment(tx: &mut Tx, day: Date) -> Result<bool, StoreError> {
    Ok(
        exec!(tx, c => sqlx::query("DELETE FROM calendar_adjustment WHERE day = $1").bind(day))?
            > 0,
    )
}

pub async fn log_submission(
    tx: &mut Tx,
    ip_hash: &str,
    email_hash: &str,
    at: OffsetDateTime,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("INSERT INTO submission_log (ip_hash, email_hash, at) VALUES ($1, $2, $3)")
        .bind(ip_hash).bind(email_hash).bind(at))?;
    Ok(())
}

/// Submissions since `since` from this address and with this e-mail.
pub async fn submissions_since(
    tx: &mut Tx,
    ip_hash: &str,
    email_hash: &str,
    since: OffsetDateTime,
) -> Result<(i64, i64), StoreError> {
    let by_ip: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM submission_log WHERE ip_hash = $1 AND ip_hash <> '' AND at >= $2").bind(ip_hash).bind(since).fetch_one(c).await)?;
    let by_email: i64 = on!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM submission_log WHERE email_hash = $1 AND email_hash <> '' AND at >= $2")
        .bind(email_hash).bind(since).fetch_one(c).await)?;
    Ok((by_ip, by_email))
}

pub async fn prune_submission_log(tx: &mut Tx, before: OffsetDateTime) -> Result<u64, StoreError> {
    Ok(exec!(tx, c => sqlx::query("DELETE FROM submission_log WHERE at < $1").bind(before))?)
}

/// Removes the submitter's name from the public record (their data is being deleted).
pub async fn clear_public_name(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query("UPDATE petition SET public_name = NULL WHERE id = $1").bind(id))?;
    Ok(())
}
