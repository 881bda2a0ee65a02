//! Figures on how petitions are answered, per agency and per field: public (the site's council,
//! never personal data) and for the office's dashboard (a council and a period it chooses).
//!
//! Definitions, stated on the pages too:
//! - received: moderated petitions, neither rejected nor merged into a group (a group counts once);
//! - answered: the current forwarding has an answer (a reopened petition owes a new one);
//! - on-time rate: of answered petitions with a deadline, the share answered on or before it;
//! - average answer time: working days from forwarding to answer (weekends, holidays and the
//!   government's announced days off excluded);
//! - share resolved: of answered petitions, the share the agency answered as resolved; beside it,
//!   of the answers their submitters rated, the share rated "resolved";
//! - overdue now: awaiting an answer past the deadline today.

use super::{ancestry, work_calendar};
use crate::accounts::deny;
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::workdays::WorkCalendar;
use caunoi_domain::{Action, Target, vntime};
use caunoi_store::Tx;
use caunoi_store::councils::{self, Council};
use caunoi_store::petition_stats::{self as store, Counts, Scope};
use caunoi_store::petitions::Processing;
use caunoi_store::petitions::{self, Agency, Field};
use std::collections::HashMap;
use time::{Date, Month, OffsetDateTime};

/// Rates are shown only for an agency or field with at least this many answers (and ratings),
/// so that one or two cases cannot put an agency at the top or the bottom of the list: with
/// five answers one late answer moves the on-time rate by 20 points, which readers can still
/// weigh; with one it would swing it from 100% to 0%.
pub const MIN_ANSWERED: i64 = 5;

/// The figures of one agency, one field or the whole council.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Figures {
    pub received: i64,
    pub answered: i64,
    pub overdue: i64,
    /// Answered with a deadline (the on-time rate's denominator).
    pub timed: i64,
    pub on_time: i64,
    pub resolved: i64,
    pub rated: i64,
    pub rated_resolved: i64,
    /// Whether there are enough answers to show the rates.
    pub enough: bool,
    /// Share answered on time, 0–1; None below the minimum.
    pub on_time_rate: Option<f64>,
    /// Average working days from forwarding to answer; None below the minimum.
    pub average_days: Option<f64>,
    /// Share answered as resolved, 0–1; None below the minimum.
    pub resolved_share: Option<f64>,
    /// Share of rated answers the submitters rated resolved; None below the minimum of ratings.
    pub rated_resolved_share: Option<f64>,
}

/// What the figures are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Agency,
    Field,
}

impl Figures {
    fn of(c: &Counts) -> Figures {
        let days = Some((c.answer_days, c.timed_answers));
        let enough = c.answered >= MIN_ANSWERED;
        // MIN_ANSWERED is positive, so the division is never by zero.
        let share = |n: i64, d: i64| (d >= MIN_ANSWERED).then(|| n as f64 / d as f64);
        Figures {
            received: c.received,
            answered: c.answered,
            overdue: c.overdue,
            timed: c.timed,
            on_time: c.on_time,
            resolved: c.resolved,
            rated: c.rated,
            rated_resolved: c.rated_resolved,
            enough,
            on_time_rate: if enough {
                share(c.on_time, c.timed)
            } else {
                None
            },
            average_days: match days {
                Some((sum, n)) if enough && n > 0 => Some(sum as f64 / n as f64),
                _ => None,
            },
            resolved_share: if enough {
                share(c.resolved, c.answered)
            } else {
                None
            },
            rated_resolved_share: share(c.rated_resolved, c.rated),
        }
    }
}

/// An agency or field with its figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub figures: Figures,
}

/// Working days from forwarding to answer, with the calendar of now, for a petition's
/// processing as it is about to be saved (`None` while unanswered).
pub(crate) fn answer_days(w: &Processing, cal: &WorkCalendar) -> Option<i64> {
    match (w.forwarded_on, w.answered_on) {
        (Some(f), Some(a)) => Some(cal.working_days_between(f, a)),
        _ => None,
    }
}

/// How many answers one batch of [`fill_answer_days`] records.
const FILL_BATCH: i64 = 1_000;

/// Records the answer time of answered petitions that have none (answered before the column
/// existed, or written around the use cases), batch by batch, each in its own transaction;
/// returns how many. Run at start after the migrations; running it again finds nothing.
pub async fn fill_answer_days(app: &App) -> AppResult<u64> {
    let mut filled = 0u64;
    let mut after = 0;
    loop {
        let mut tx = app.db.write().await?;
        let missing = store::missing_answer_days(&mut tx, after, FILL_BATCH).await?;
        let Some(last) = missing.last() else {
            return Ok(filled);
        };
        after = last.0;
        let cal = work_calendar(&mut tx).await?;
        for (id, forwarded, answered) in &missing {
            let days = cal.working_days_between(*forwarded, *answered);
            store::set_answer_days(&mut tx, *id, Some(days)).await?;
        }
        tx.commit().await?;
        filled += missing.len() as u64;
    }
}

/// Adds `c`'s counts into `into`.
fn add(into: &mut Counts, c: &Counts) {
    into.received += c.received;
    into.answered += c.answered;
    into.timed += c.timed;
    into.on_time += c.on_time;
    into.resolved += c.resolved;
    into.rated += c.rated;
    into.rated_resolved += c.rated_resolved;
    into.overdue += c.overdue;
    into.answer_days += c.answer_days;
    into.timed_answers += c.timed_answers;
}

/// The figures of a scope by agency and by field, and the whole scope's: one pass of the
/// database, whose rows (one per agency and field) are added up here.
struct Tables {
    by_agency: HashMap<Option<i64>, Figures>,
    by_field: HashMap<Option<i64>, Figures>,
    total: Figures,
}

async fn tables(tx: &mut Tx, scope: &Scope) -> AppResult<Tables> {
    let rows = store::counts(tx, scope).await?;
    let (mut agencies, mut fields) = (HashMap::new(), HashMap::new());
    let mut all = Counts::default();
    for r in &rows {
        add(agencies.entry(r.agency_id).or_default(), r);
        add(fields.entry(r.field_id).or_default(), r);
        add(&mut all, r);
    }
    let figures = |m: HashMap<Option<i64>, Counts>| {
        m.into_iter()
            .map(|(k, c)| (k, Figures::of(&c)))
            .collect::<HashMap<_, _>>()
    };
    Ok(Tables {
        by_agency: figures(agencies),
        by_field: figures(fields),
        total: Figures::of(&all),
    })
}

impl Tables {
    fn by(&self, by: GroupBy) -> &HashMap<Option<i64>, Figures> {
        match by {
            GroupBy::Agency => &self.by_agency,
            GroupBy::Field => &self.by_field,
        }
    }
}

fn rows(figures: &HashMap<Option<i64>, Figures>, named: Vec<(i64, String, String)>) -> Vec<Row> {
    named
        .into_iter()
        .map(|(id, slug, name)| Row {
            figures: figures.get(&Some(id)).cloned().unwrap_or_default(),
            id,
            slug,
            name,
        })
        .collect()
}

fn scope_all(council_id: i64) -> Scope {
    Scope {
        council_id,
        from: None,
        to: None,
        today: crate::registry::today(),
        agency: None,
        field: None,
    }
}

async fn site_council(tx: &mut Tx) -> AppResult<Council> {
    councils::primary(tx)
        .await?
        .ok_or(AppError::NotFound("council"))
}

/// The public figures of the site's council, per agency or per field, in the council's order
/// (agencies by name, fields as the council lists them), with the council's total.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Table {
    pub council_name: String,
    pub rows: Vec<Row>,
    pub total: Figures,
}

pub async fn public_table(app: &App, by: GroupBy) -> AppResult<Table> {
    let mut tx = app.db.read().await?;
    let council = site_council(&mut tx).await?;
    let t = tables(&mut tx, &scope_all(council.id)).await?;
    let rows = rows(t.by(by), named(&mut tx, by, council.id).await?);
    Ok(Table {
        council_name: council.name,
        total: t.total,
        rows,
    })
}

/// (id, slug, name) of the council's agencies or fields, in the order lists show them.
async fn named(tx: &mut Tx, by: GroupBy, council_id: i64) -> AppResult<Vec<(i64, String, String)>> {
    Ok(match by {
        GroupBy::Agency => petitions::agencies(tx, council_id)
            .await?
            .into_iter()
            .map(|a: Agency| (a.id, a.slug, a.name))
            .collect(),
        GroupBy::Field => petitions::fields(tx, council_id)
            .await?
            .into_iter()
            .map(|f: Field| (f.id, f.slug, f.name))
            .collect(),
    })
}

/// One agency's or field's public figures, found by its slug in the site's council.
pub async fn public_one(app: &App, by: GroupBy, slug: &str) -> AppResult<(Row, String)> {
    let mut tx = app.db.read().await?;
    let council = site_council(&mut tx).await?;
    let (id, slug, name) = named(&mut tx, by, council.id)
        .await?
        .into_iter()
        .find(|(_, s, _)| s == slug)
        .ok_or(AppError::NotFound(match by {
            GroupBy::Agency => "agency",
            GroupBy::Field => "field",
        }))?;
    let scope = match by {
        GroupBy::Agency => Scope {
            agency: Some(id),
            ..scope_all(council.id)
        },
        GroupBy::Field => Scope {
            field: Some(id),
            ..scope_all(council.id)
        },
    };
    let t = tables(&mut tx, &scope).await?;
    Ok((
        Row {
            figures: t.by(by).get(&Some(id)).cloned().unwrap_or_default(),
            id,
            slug,
            name,
        },
        council.name,
    ))
}

// ---------------------------------------------------------------------------------------------
// The office's dashboard

/// The dashboard's filter: a council (default: the actor's) and a period by month of receipt.
#[derive(Debug, Clone, Default)]
pub struct DashboardQuery {
    pub council_id: Option<i64>,
    /// "YYYY-MM", first month included.
    pub from: Option<String>,
    /// "YYYY-MM", last month included.
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Month2 {
    /// "MM/YYYY".
    pub label: String,
    pub received: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Dashboard {
    pub councils: Vec<(i64, String)>,
    pub council_id: i64,
    pub council_name: String,
    /// The period shown, "YYYY-MM".
    pub from: String,
    pub to: String,
    pub months: Vec<Month2>,
    pub fields: Vec<Row>,
    pub agencies: Vec<Row>,
    pub total: Figures,
}

/// The longest period the dashboard draws, in months (a chart of more bars is unreadable on a
/// phone; the reports cover longer spans).
pub const MAX_MONTHS: i32 = 36;

fn parse_month(s: &str, field: &'static str) -> AppResult<(i32, Month)> {
    let bad = || {
        AppError::invalid(
            field,
            "Tháng cần có dạng NNNN-TT, ví dụ 2026-01.",
            "A month looks like YYYY-MM, e.g. 2026-01.",
        )
    };
    let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
    let y: i32 = y.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    if !(2000..=2100).contains(&y) {
        return Err(bad());
    }
    Ok((y, Month::try_from(m).map_err(|_| bad())?))
}

fn month_index(y: i32, m: Month) -> i32 {
    y * 12 + (m as i32 - 1)
}

fn month_of(i: i32) -> (i32, Month) {
    let y = i.div_euclid(12);
    let m = Month::try_from((i.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    (y, m)
}

/// Midnight at the start of a month, Vietnam time, as the database stores time (UTC).
fn month_start(i: i32) -> OffsetDateTime {
    let (y, m) = month_of(i);
    let d = Date::from_calendar_date(y, m, 1).unwrap_or(Date::MIN);
    d.midnight()
        .assume_offset(vntime::VIETNAM)
        .to_offset(time::UtcOffset::UTC)
}

/// Councils the actor may see petitions of (for the dashboard's and reports' choice).
pub(crate) async fn office_councils(tx: &mut Tx, ctx: &Ctx) -> AppResult<Vec<Council>> {
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut out = Vec::new();
    for c in councils::all(tx).await? {
        let anc = ancestry(tx, c.unit_id).await?;
        if ctx
            .actor
            .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
        {
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err(deny(ctx));
    }
    Ok(out)
}

/// The council the actor asked for (when theirs), else their own (their grant's unit), else
/// the first they may see.
pub(crate) fn chosen(list: &[Council], ctx: &Ctx, asked: Option<i64>) -> AppResult<Council> {
    if let Some(id) = asked {
        return list.iter().find(|c| c.id == id).cloned().ok_or_else(|| {
            AppError::invalid(
                "hdnd",
                "Chọn một Hội đồng trong danh sách.",
                "Choose a council from the list.",
            )
        });
    }
    let own = ctx
        .actor
        .unit_for(Action::ProcessPetitions.roles())
        .map(|c| c.as_str().to_owned());
    Ok(list
        .iter()
        .find(|c| Some(&c.unit_code) == own.as_ref())
        .or(list.first())
        .cloned()
        .unwrap_or_else(|| list[0].clone()))
}

pub async fn dashboard(app: &App, ctx: &Ctx, q: &DashboardQuery) -> AppResult<Dashboard> {
    let mut tx = app.db.read().await?;
    let list = office_councils(&mut tx, ctx).await?;
    let council = chosen(&list, ctx, q.council_id)?;
    let today = crate::registry::today();
    let this_month = month_index(today.year(), today.month());
    let to = match q.to.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => {
            let (y, m) = parse_month(s, "den")?;
            month_index(y, m)
        }
        None => this_month,
    };
    let from = match q.from.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => {
            let (y, m) = parse_month(s, "tu")?;
            month_index(y, m)
        }
        None => to - 11,
    };
    if from > to {
        return Err(AppError::invalid(
            "tu",
            "Tháng bắt đầu phải trước hoặc bằng tháng kết thúc.",
            "The first month must not be after the last.",
        ));
    }
    if to - from + 1 > MAX_MONTHS {
        return Err(AppError::invalid(
            "tu",
            "Khoảng thời gian tối đa 36 tháng; hãy chọn khoảng ngắn hơn.",
            "At most 36 months; choose a shorter period.",
        ));
    }
    let bounds: Vec<OffsetDateTime> = (from..=to + 1).map(month_start).collect();
    let received = store::received_between(&mut tx, council.id, &bounds).await?;
    let months = (from..=to)
        .zip(received)
        .map(|(i, n)| {
            let (y, m) = month_of(i);
            Month2 {
                label: format!("{:02}/{y}", m as u8),
                received: n,
            }
        })
        .collect();
    let scope = Scope {
        from: bounds.first().copied(),
        to: bounds.last().copied(),
        today,
        ..scope_all(council.id)
    };
    let t = tables(&mut tx, &scope).await?;
    let fields = rows(
        &t.by_field,
        named(&mut tx, GroupBy::Field, council.id).await?,
    );
    let agencies = rows(
        &t.by_agency,
        named(&mut tx, GroupBy::Agency, council.id).await?,
    );
    let all = t.total;
    let (fy, fm) = month_of(from);
    let (ty, tm) = month_of(to);
    Ok(Dashboard {
        councils: list.iter().map(|c| (c.id, c.name.clone())).collect(),
        council_id: council.id,
        council_name: council.name.clone(),
        from: format!("{fy}-{:02}", fm as u8),
        to: format!("{ty}-{:02}", tm as u8),
        months,
        fields,
        agencies,
        total: all,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(answered: i64, on_time: i64, days: i64) -> Counts {
        Counts {
            received: answered + 2,
            answered,
            timed: answered,
            on_time,
            resolved: on_time,
            answer_days: days,
            timed_answers: answered,
            ..Counts::default()
        }
    }

    #[test]
    fn rates_wait_for_the_minimum() {
        let few = Figures::of(&counts(MIN_ANSWERED - 1, 1, 8));
        assert!(!few.enough);
        assert_eq!(few.on_time_rate, None);
        assert_eq!(few.average_days, None);
        assert_eq!(few.resolved_share, None);
        let enough = Figures::of(&counts(MIN_ANSWERED, 4, 15));
        assert!(enough.enough);
        assert_eq!(enough.on_time_rate, Some(4.0 / MIN_ANSWERED as f64));
        assert_eq!(enough.average_days, Some(15.0 / MIN_ANSWERED as f64));
    }

    /// Rows per agency and field add up to the same figures whichever way they are grouped.
    #[test]
    fn counts_add_up() {
        let mut all = Counts::default();
        let a = counts(6, 3, 20);
        let b = counts(4, 4, 9);
        add(&mut all, &a);
        add(&mut all, &b);
        assert_eq!(all.answered, 10);
        assert_eq!(all.answer_days, 29);
        assert_eq!(all.timed_answers, 10);
        assert_eq!(Figures::of(&all).average_days, Some(2.9));
    }

    #[test]
    fn months_cross_the_year() {
        let dec = month_index(2025, Month::December);
        assert_eq!(month_of(dec + 1), (2026, Month::January));
        assert_eq!(
            month_start(dec + 1).to_string(),
            "2025-12-31 17:00:00.0 +00:00:00"
        );
        assert!(parse_month("2026-13", "tu").is_err());
        assert!(parse_month("26-01", "tu").is_err());
        assert_eq!(
            parse_month(" 2026-02 ", "tu").unwrap(),
            (2026, Month::February)
        );
    }
}
