//! Rules after forwarding: a council's deadline rule, how far an extension may move a deadline,
//! and which petitions need the council's supervision.

use crate::FieldError;
use crate::petition::{PetitionState, Timeliness};
use crate::workdays::WorkCalendar;
use time::Date;

/// The built-in answer period, used until a council sets its own (working days).
pub const DEFAULT_ANSWER_DAYS: i64 = 20;
/// The built-in "very overdue" threshold (working days past the deadline).
pub const DEFAULT_VERY_OVERDUE_AFTER: i64 = 15;
/// Bounds a council's rule must respect (working days).
pub const MAX_ANSWER_DAYS: i64 = 120;
pub const MAX_VERY_OVERDUE_AFTER: i64 = 120;
/// An extension moves the deadline by at most this many working days at a time.
pub const MAX_EXTENSION_DAYS: i64 = 60;

/// A council's (or one field's) deadline rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DeadlineRule {
    pub answer_days: i64,
    pub very_overdue_after: i64,
}

impl Default for DeadlineRule {
    fn default() -> Self {
        DeadlineRule {
            answer_days: DEFAULT_ANSWER_DAYS,
            very_overdue_after: DEFAULT_VERY_OVERDUE_AFTER,
        }
    }
}

fn whole(raw: &str, field: &'static str, max: i64, what_vi: &str) -> Result<i64, FieldError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            FieldError::new(
                field,
                format!("{what_vi} là số ngày làm việc, từ 1 đến {max}; hãy ghi một số nguyên."),
                format!("A whole number of working days from 1 to {max}."),
            )
        })
}

impl DeadlineRule {
    /// From the form's text; every bad field is named.
    pub fn parse(answer_days: &str, very_overdue_after: &str) -> Result<Self, Vec<FieldError>> {
        let a = whole(
            answer_days,
            "answer_days",
            MAX_ANSWER_DAYS,
            "Thời hạn trả lời",
        );
        let v = whole(
            very_overdue_after,
            "very_overdue_after",
            MAX_VERY_OVERDUE_AFTER,
            "Ngưỡng quá hạn nghiêm trọng",
        );
        match (a, v) {
            (Ok(answer_days), Ok(very_overdue_after)) => Ok(DeadlineRule {
                answer_days,
                very_overdue_after,
            }),
            (a, v) => Err([a.err(), v.err()].into_iter().flatten().collect()),
        }
    }
}

/// How an agency asks for more time: a new date, or extra working days after the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionAsk {
    Until(Date),
    ExtraDays(i64),
}

/// The new deadline an extension request asks for, or why it cannot be asked: it must fall on
/// a working day after the current deadline (and after today), within `MAX_EXTENSION_DAYS`
/// working days of the current deadline.
pub fn extended_deadline(
    current: Date,
    ask: ExtensionAsk,
    today: Date,
    cal: &WorkCalendar,
) -> Result<Date, FieldError> {
    let limit = cal.add_working_days(current, MAX_EXTENSION_DAYS as u32);
    match ask {
        ExtensionAsk::ExtraDays(n) => {
            if !(1..=MAX_EXTENSION_DAYS).contains(&n) {
                return Err(FieldError::new(
                    "extra_days",
                    format!("Số ngày gia hạn là số ngày làm việc từ 1 đến {MAX_EXTENSION_DAYS}."),
                    format!("Extra working days: 1 to {MAX_EXTENSION_DAYS}."),
                ));
            }
            let d = cal.add_working_days(current.max(today), n as u32);
            if d > limit {
                return Err(FieldError::new(
                    "extra_days",
                    format!(
                        "Hạn mới không được quá {MAX_EXTENSION_DAYS} ngày làm việc sau hạn hiện tại ({}).",
                        crate::vntime::format_date(limit)
                    ),
                    format!(
                        "At most {MAX_EXTENSION_DAYS} working days after the current deadline."
                    ),
                ));
            }
            Ok(d)
        }
        ExtensionAsk::Until(d) => {
            if d <= current || d <= today {
                return Err(FieldError::new(
                    "new_deadline",
                    format!(
                        "Hạn mới phải sau hạn hiện tại ({}) và sau hôm nay.",
                        crate::vntime::format_date(current)
                    ),
                    "The new deadline must be after the current one and after today.",
                ));
            }
            if !cal.is_working_day(d) {
                return Err(FieldError::new(
                    "new_deadline",
                    format!(
                        "Ngày {} là ngày nghỉ; hãy chọn một ngày làm việc.",
                        crate::vntime::format_date(d)
                    ),
                    "That day is not a working day; choose a working day.",
                ));
            }
            if d > limit {
                return Err(FieldError::new(
                    "new_deadline",
                    format!(
                        "Hạn mới không được quá {MAX_EXTENSION_DAYS} ngày làm việc sau hạn hiện tại (muộn nhất {}).",
                        crate::vntime::format_date(limit)
                    ),
                    format!(
                        "At most {MAX_EXTENSION_DAYS} working days after the current deadline."
                    ),
                ));
            }
            Ok(d)
        }
    }
}

/// The kinds of supervision follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowupKind {
    /// Sent again to the same or another agency with a new deadline.
    Reforward,
    /// Taken up as a question at question time (chất vấn).
    QuestionTime,
    /// Taken into a supervision programme (giám sát).
    Supervision,
}

impl FollowupKind {
    pub const ALL: [FollowupKind; 3] = [
        FollowupKind::Reforward,
        FollowupKind::QuestionTime,
        FollowupKind::Supervision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowupKind::Reforward => "reforward",
            FollowupKind::QuestionTime => "question_time",
            FollowupKind::Supervision => "supervision",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            FollowupKind::Reforward => "Chuyển lại cơ quan giải quyết",
            FollowupKind::QuestionTime => "Đưa ra chất vấn tại kỳ họp",
            FollowupKind::Supervision => "Đưa vào chương trình giám sát",
        }
    }

    /// The event kind a follow-up of this kind links to.
    pub fn event_kind(self) -> Option<&'static str> {
        match self {
            FollowupKind::Reforward => None,
            FollowupKind::QuestionTime => Some("question_time"),
            FollowupKind::Supervision => Some("supervision"),
        }
    }
}

/// Whether a follow-up may be recorded for a petition in this state: its answer was
/// unsatisfactory (answered, published or closed) or it is overdue.
pub fn may_follow_up(state: PetitionState, t: Timeliness) -> bool {
    matches!(
        state,
        PetitionState::Answered | PetitionState::Published | PetitionState::Closed
    ) || (state.awaits_answer() && matches!(t, Timeliness::Overdue | Timeliness::VeryOverdue))
}

/// A petition needs the council's supervision when the voter rated the answer "not resolved"
/// or it is very overdue, and no follow-up was recorded since it was last forwarded.
/// `followed_since_forwarding`: a question-time or supervision follow-up recorded on or after
/// the last forwarding (a re-forward starts a new forwarding, so it does not count itself).
pub fn needs_supervision(
    state: PetitionState,
    satisfaction: Option<&str>,
    t: Timeliness,
    followed_since_forwarding: bool,
) -> bool {
    let unsatisfied = matches!(
        state,
        PetitionState::Answered | PetitionState::Published | PetitionState::Closed
    ) && satisfaction == Some("not_resolved");
    let very_overdue = state.awaits_answer() && t == Timeliness::VeryOverdue;
    (unsatisfied || very_overdue) && !followed_since_forwarding
}

/// For each "very overdue" threshold `n` in 0..=`max`, the date an unanswered petition's
/// deadline must fall before to be very overdue today: `n` working days counted back from
/// today (today included), or today itself for 0. A database can then tell very overdue
/// petitions by comparing dates, without the calendar (see `Timeliness::of`).
pub fn very_overdue_before(cal: &WorkCalendar, today: Date, max: i64) -> Vec<(i64, Date)> {
    let mut out = vec![(0, today)];
    let mut day = today;
    let mut n = 0;
    while n < max {
        if cal.is_working_day(day) {
            n += 1;
            out.push((n, day));
        }
        match day.previous_day() {
            Some(d) => day = d,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn rules_name_each_bad_field() {
        assert_eq!(
            DeadlineRule::parse("30", "10"),
            Ok(DeadlineRule {
                answer_days: 30,
                very_overdue_after: 10
            })
        );
        let e = DeadlineRule::parse("0", "abc").unwrap_err();
        assert_eq!(
            e.iter().map(|e| e.field).collect::<Vec<_>>(),
            ["answer_days", "very_overdue_after"]
        );
        assert!(
            e[0].message_vi.contains("từ 1 đến 120"),
            "{}",
            e[0].message_vi
        );
        assert!(DeadlineRule::parse("121", "5").is_err());
    }

    #[test]
    fn extensions_move_forward_to_working_days_within_the_limit() {
        let cal = WorkCalendar::vietnam();
        let current = date!(2026 - 12 - 10); // a Thursday
        let today = date!(2026 - 12 - 01);
        assert_eq!(
            extended_deadline(current, ExtensionAsk::ExtraDays(2), today, &cal),
            Ok(date!(2026 - 12 - 14))
        );
        assert_eq!(
            extended_deadline(
                current,
                ExtensionAsk::Until(date!(2026 - 12 - 18)),
                today,
                &cal
            ),
            Ok(date!(2026 - 12 - 18))
        );
        let sat = extended_deadline(
            current,
            ExtensionAsk::Until(date!(2026 - 12 - 12)),
            today,
            &cal,
        )
        .unwrap_err();
        assert!(sat.message_vi.contains("ngày nghỉ"), "{}", sat.message_vi);
        assert_eq!(
            extended_deadline(current, ExtensionAsk::Until(current), today, &cal)
                .unwrap_err()
                .field,
            "new_deadline"
        );
        assert!(extended_deadline(current, ExtensionAsk::ExtraDays(61), today, &cal).is_err());
        assert!(
            extended_deadline(
                current,
                ExtensionAsk::Until(date!(2027 - 06 - 01)),
                today,
                &cal
            )
            .is_err()
        );
    }

    #[test]
    fn supervision_is_for_unsatisfied_or_very_overdue_not_yet_followed() {
        use PetitionState as S;
        use Timeliness as T;
        assert!(needs_supervision(
            S::Published,
            Some("not_resolved"),
            T::OnTime,
            false
        ));
        assert!(!needs_supervision(
            S::Published,
            Some("resolved"),
            T::OnTime,
            false
        ));
        assert!(!needs_supervision(
            S::Published,
            Some("not_resolved"),
            T::OnTime,
            true
        ));
        assert!(needs_supervision(S::Forwarded, None, T::VeryOverdue, false));
        assert!(!needs_supervision(S::Forwarded, None, T::Overdue, false));
        assert!(!needs_supervision(S::Forwarded, None, T::VeryOverdue, true));
        assert!(may_follow_up(S::Forwarded, T::Overdue));
        assert!(!may_follow_up(S::Forwarded, T::OnTime));
        assert!(!may_follow_up(S::Received, T::NoDeadline));
    }

    proptest! {
        /// Comparing the deadline with the threshold's date says "very overdue" exactly when
        /// the calendar does.
        #[test]
        fn very_overdue_dates_agree_with_the_calendar(today_off in 0i64..800, back in 0i64..200, n in 0i64..=40) {
            let cal = WorkCalendar::vietnam().with_day_off(date!(2026 - 06 - 01), "nghỉ thử");
            let today = date!(2025 - 06 - 01) + time::Duration::days(today_off);
            let deadline = today - time::Duration::days(back) + time::Duration::days(5);
            let before = very_overdue_before(&cal, today, 40);
            prop_assert_eq!(before.len(), 41);
            let (k, d) = before[n as usize];
            prop_assert_eq!(k, n);
            prop_assert_eq!(
                deadline < d,
                Timeliness::of(Some(deadline), None, today, &cal, n) == Timeliness::VeryOverdue
            );
        }

        /// Whatever is asked, a granted deadline is a working day after the current one and
        /// never beyond the limit.
        #[test]
        fn extended_deadlines_are_later_working_days(offset in 0i64..400, extra in -5i64..80, until in 0i64..200, by_days in any::<bool>()) {
            let cal = WorkCalendar::vietnam();
            let current = date!(2026 - 01 - 01) + time::Duration::days(offset);
            let today = current - time::Duration::days(3);
            let ask = if by_days { ExtensionAsk::ExtraDays(extra) } else { ExtensionAsk::Until(current + time::Duration::days(until - 20)) };
            if let Ok(d) = extended_deadline(current, ask, today, &cal) {
                prop_assert!(d > current);
                prop_assert!(cal.is_working_day(d));
                prop_assert!(cal.working_days_between(current, d) <= MAX_EXTENSION_DAYS);
            }
        }
    }
}
