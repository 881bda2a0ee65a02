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
use caunoi_store::petition_stats::{self as store, Counts, Day, GroupBy, Scope};
use caunoi_store::petitions::{self, Agency, Field};
use std::collections::{BTreeSet, HashMap};
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

impl Figures {
    fn of(c: &Counts, days: Option<(i64, i64)>) -> Figures {
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

/// Working days from forwarding to answer, summed per key, with the number of answers:
/// W(answered) − W(forwarded) summed over petitions, where W numbers the working days, equals
/// Σ W(answered) − Σ W(forwarded); so the database counts petitions per day and only the
/// distinct days meet the calendar.
async fn answer_days(
    tx: &mut Tx,
    by: GroupBy,
    scope: &Scope,
    cal: &WorkCalendar,
) -> AppResult<HashMap<Option<i64>, (i64, i64)>> {
    let forwarded = store::day_counts(tx, by, Day::Forwarded, scope).await?;
    let answered = store::day_counts(tx, by, Day::Answered, scope).await?;
    let days: BTreeSet<Date> = forwarded
        .iter()
        .chain(answered.iter())
        .map(|d| d.day)
        .collect();
    let ordinal = working_day_numbers(&days, cal);
    let mut out: HashMap<Option<i64>, (i64, i64)> = HashMap::new();
    for d in &answered {
        out.entry(d.key).or_default().0 += d.n * ordinal[&d.day];
    }
    for d in &forwarded {
        let e = out.entry(d.key).or_default();
        e.0 -= d.n * ordinal[&d.day];
        e.1 += d.n;
    }
    Ok(out)
}

/// Numbers each day of `days` by the working days since the first of them, walking the span
/// once with one holiday list per year (asking the calendar day by day recomputes the lunar
/// holidays each time, which costs more than the database's whole aggregation).
fn working_day_numbers(days: &BTreeSet<Date>, cal: &WorkCalendar) -> HashMap<Date, i64> {
    let mut out = HashMap::with_capacity(days.len());
    let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
        return out;
    };
    let swaps: BTreeSet<Date> = cal.announced_working_days().map(|(d, _)| d).collect();
    let mut year_off: HashMap<i32, BTreeSet<Date>> = HashMap::new();
    let mut n = 0i64;
    let mut d = first;
    loop {
        if d != first {
            let off = year_off.entry(d.year()).or_insert_with(|| {
                cal.holidays_in(d.year())
                    .into_iter()
                    .map(|(x, _)| x)
                    .collect()
            });
            let weekend = matches!(d.weekday(), time::Weekday::Saturday | time::Weekday::Sunday);
            if swaps.contains(&d) || (!weekend && !off.contains(&d)) {
                n += 1;
            }
        }
        if days.contains(&d) {
            out.insert(d, n);
        }
        match d.next_day() {
            Some(next) if d < last => d = next,
            _ => break,
        }
    }
    out
}

/// Figures per key (agency or field id) for a scope, and the whole scope's figures.
async fn figures_by(
    tx: &mut Tx,
    by: GroupBy,
    scope: &Scope,
    cal: &WorkCalendar,
) -> AppResult<(HashMap<Option<i64>, Figures>, Figures)> {
    let counts = store::counts(tx, by, scope).await?;
    let days = answer_days(tx, by, scope, cal).await?;
    let all_days = days.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let by_key: HashMap<Option<i64>, Figures> = counts
        .iter()
        .map(|c| (c.key, Figures::of(c, days.get(&c.key).copied())))
        .collect();
    let all = total(&by_key, Some(all_days));
    Ok((by_key, all))
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

/// The whole council's figures, from the per-key ones (no second pass over the petitions).
fn total(by_key: &HashMap<Option<i64>, Figures>, days: Option<(i64, i64)>) -> Figures {
    let mut c = Counts::default();
    for f in by_key.values() {
        c.received += f.received;
        c.answered += f.answered;
        c.timed += f.timed;
        c.on_time += f.on_time;
        c.resolved += f.resolved;
        c.rated += f.rated;
        c.rated_resolved += f.rated_resolved;
        c.overdue += f.overdue;
    }
    Figures::of(&c, days)
}

fn scope_all(council_id: i64, only: Option<i64>) -> Scope {
    Scope {
        council_id,
        from: None,
        to: None,
        today: crate::registry::today(),
        only,
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
    let cal = work_calendar(&mut tx).await?;
    let scope = scope_all(council.id, None);
    let (figures, all) = figures_by(&mut tx, by, &scope, &cal).await?;
    let rows = rows(&figures, named(&mut tx, by, council.id).await?);
    Ok(Table {
        council_name: council.name,
        total: all,
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
    let cal = work_calendar(&mut tx).await?;
    let (figures, _) = figures_by(&mut tx, by, &scope_all(council.id, Some(id)), &cal).await?;
    Ok((
        Row {
            figures: figures.get(&Some(id)).cloned().unwrap_or_default(),
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
    let cal = work_calendar(&mut tx).await?;
    let scope = Scope {
        council_id: council.id,
        from: bounds.first().copied(),
        to: bounds.last().copied(),
        today,
        only: None,
    };
    let (by_field, all) = figures_by(&mut tx, GroupBy::Field, &scope, &cal).await?;
    let (by_agency, _) = figures_by(&mut tx, GroupBy::Agency, &scope, &cal).await?;
    let fields = rows(&by_field, named(&mut tx, GroupBy::Field, council.id).await?);
    let agencies = rows(
        &by_agency,
        named(&mut tx, GroupBy::Agency, council.id).await?,
    );
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

    fn counts(answered: i64, on_time: i64) -> Counts {
        Counts {
            received: answered + 2,
            answered,
            timed: answered,
            on_time,
            resolved: on_time,
            ..Counts::default()
        }
    }

    #[test]
    fn rates_wait_for_the_minimum() {
        let few = Figures::of(&counts(MIN_ANSWERED - 1, 1), Some((8, MIN_ANSWERED - 1)));
        assert!(!few.enough);
        assert_eq!(few.on_time_rate, None);
        assert_eq!(few.average_days, None);
        assert_eq!(few.resolved_share, None);
        let enough = Figures::of(&counts(MIN_ANSWERED, 4), Some((15, MIN_ANSWERED)));
        assert!(enough.enough);
        assert_eq!(enough.on_time_rate, Some(4.0 / MIN_ANSWERED as f64));
        assert_eq!(enough.average_days, Some(15.0 / MIN_ANSWERED as f64));
    }

    /// The numbering agrees with the calendar's own count between any two of the days.
    #[test]
    fn day_numbers_count_working_days_like_the_calendar() {
        let cal = WorkCalendar::vietnam()
            .with_day_off(
                Date::from_calendar_date(2026, Month::September, 1).unwrap(),
                "nghỉ",
            )
            .with_working_day(
                Date::from_calendar_date(2026, Month::August, 29).unwrap(),
                "bù",
            );
        let start = Date::from_calendar_date(2025, Month::December, 20).unwrap();
        let days: BTreeSet<Date> = (0..400)
            .step_by(7)
            .map(|i| start + time::Duration::days(i * 3 % 397))
            .collect();
        let n = working_day_numbers(&days, &cal);
        let list: Vec<Date> = days.iter().copied().collect();
        for a in &list {
            for b in &list {
                if a <= b {
                    assert_eq!(n[b] - n[a], cal.working_days_between(*a, *b), "{a} → {b}");
                }
            }
        }
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
