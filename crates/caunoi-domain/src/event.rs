//! What the council does, as events on its calendar: sessions, question time, hearings,
//! supervision programmes, voter meetings, citizen reception days and briefings.

use std::str::FromStr;

macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal, $vi:literal, $en:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),+ } }
            pub fn label_vi(self) -> &'static str { match self { $($name::$variant => $vi),+ } }
            pub fn label_en(self) -> &'static str { match self { $($name::$variant => $en),+ } }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                Self::ALL.iter().copied().find(|k| k.as_str() == s).ok_or(())
            }
        }
    };
}

word_enum! {
    /// The kinds of event, with the slug used in URLs and filters.
    EventKind {
        Session => "session", "Kỳ họp", "Session";
        QuestionTime => "question_time", "Phiên chất vấn", "Question time";
        Hearing => "hearing", "Phiên giải trình", "Hearing";
        Supervision => "supervision", "Giám sát", "Supervision";
        VoterMeeting => "voter_meeting", "Tiếp xúc cử tri", "Voter meeting";
        CitizenReception => "citizen_reception", "Tiếp công dân", "Citizen reception";
        Briefing => "briefing", "Giao ban", "Briefing";
    }
}

word_enum! {
    /// Kỳ họp thường lệ, chuyên đề, bất thường.
    SessionKind {
        Regular => "regular", "Kỳ họp thường lệ", "Regular session";
        Thematic => "thematic", "Kỳ họp chuyên đề", "Thematic session";
        Extraordinary => "extraordinary", "Kỳ họp bất thường", "Extraordinary session";
    }
}

word_enum! {
    /// Whether an event is shown to the public.
    EventState {
        Draft => "draft", "Bản nháp", "Draft";
        Published => "published", "Đã công bố", "Published";
        Cancelled => "cancelled", "Đã hủy", "Cancelled";
    }
}

word_enum! {
    /// A delegate's part in an event.
    ParticipantRole {
        Delegate => "delegate", "Đại biểu", "Delegate";
        Chairing => "chairing", "Chủ trì", "Chairing";
        Receiving => "receiving", "Đại biểu tiếp công dân", "Receiving delegate";
        Team => "team", "Thành viên đoàn giám sát", "Supervision team member";
    }
}

word_enum! {
    /// Attendance of a delegate at a session.
    Attendance {
        Present => "present", "Có mặt", "Present";
        Excused => "excused", "Vắng có lý do", "Absent with leave";
        Absent => "absent", "Vắng", "Absent";
    }
}

word_enum! {
    /// Follow-up of a supervision recommendation.
    RecommendationStatus {
        Open => "open", "Chưa thực hiện", "Not started";
        InProgress => "in_progress", "Đang thực hiện", "In progress";
        Done => "done", "Đã thực hiện", "Done";
    }
}

word_enum! {
    /// Whether a voter meeting comes before or after the session it belongs to.
    SessionTiming {
        Before => "before", "Trước kỳ họp", "Before the session";
        After => "after", "Sau kỳ họp", "After the session";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(*k));
        }
        for k in Attendance::ALL {
            assert_eq!(k.as_str().parse::<Attendance>(), Ok(*k));
        }
        assert!("party".parse::<EventKind>().is_err());
        assert_eq!(SessionKind::Thematic.label_vi(), "Kỳ họp chuyên đề");
    }
}
