//! iCalendar (RFC 5545) for the calendar feeds: CRLF line ends, lines folded at 75 octets
//! without splitting a UTF-8 character, text escaped, times in UTC so no VTIMEZONE is needed.

use caunoi_store::events::Event;
use time::OffsetDateTime;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no physical line exceeds 75 octets.
fn line(out: &mut String, content: &str) {
    let mut len = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
}

fn utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A calendar named `name` with one VEVENT per event; `base` is the site's address for URLs.
pub fn calendar(name: &str, base: &str, events: &[Event]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Cau Noi//Lich HDND//VI");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    line(&mut out, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    let host = base
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or("caunoi");
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:event-{}@{host}", e.id));
        line(&mut out, &format!("DTSTAMP:{}", utc(e.updated_at)));
        line(&mut out, &format!("LAST-MODIFIED:{}", utc(e.updated_at)));
        line(&mut out, &format!("DTSTART:{}", utc(e.starts_at)));
        line(
            &mut out,
            &format!("DTEND:{}", utc(e.ends_at.max(e.starts_at))),
        );
        line(&mut out, &format!("SUMMARY:{}", escape(&e.title)));
        if !e.place.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&e.place)));
        }
        let kind = e
            .kind
            .parse::<caunoi_domain::event::EventKind>()
            .map(|k| k.label_vi())
            .unwrap_or("");
        line(&mut out, &format!("CATEGORIES:{}", escape(kind)));
        let mut description = format!("{} – {}", kind, e.council_name);
        if !e.summary.is_empty() {
            description.push_str("\n\n");
            description.push_str(&caunoi_app::articles::render::plain_text(&e.summary));
        }
        line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        line(
            &mut out,
            &format!(
                "URL:{}{}",
                base.trim_end_matches('/'),
                crate::routes::site::calendar::event_path(e)
            ),
        );
        if e.state == "cancelled" {
            line(&mut out, "STATUS:CANCELLED");
        } else {
            line(&mut out, "STATUS:CONFIRMED");
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let mut out = String::new();
        let long = format!(
            "SUMMARY:{}",
            "Kỳ họp thứ ba Hội đồng nhân dân Thành phố ".repeat(5)
        );
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
