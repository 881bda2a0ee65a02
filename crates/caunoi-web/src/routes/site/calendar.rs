//! The calendar (`/lich`) in month, week and list views, each event's page, the sessions page
//! (`/ky-hop`) and the iCalendar feeds of the whole install, one council and one delegate.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{PageParams, Pager, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::events::{self, CalendarQuery};
use caunoi_app::registry;
use caunoi_domain::event::{
    Attendance, EventKind, ParticipantRole, RecommendationStatus, SessionKind, SessionTiming,
};
use caunoi_domain::vntime::{self, VIETNAM};
use caunoi_store::events::Event;
use serde::Deserialize;
use time::{Date, Duration, Month, OffsetDateTime, Time, Weekday};

pub fn event_path(e: &Event) -> String {
    events::event_path(&e.slug, e.id)
}

pub fn kind_label(lang: Lang, kind: &str) -> String {
    match kind.parse::<EventKind>() {
        Ok(k) => match lang {
            Lang::Vi => k.label_vi(),
            Lang::En => k.label_en(),
        }
        .to_owned(),
        Err(_) => kind.to_owned(),
    }
}

fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// An event as lists and calendars show it.
pub struct EventLine {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub kind_slug: String,
    pub when: String,
    pub time: String,
    pub place: String,
    pub council: String,
    pub datetime: String,
}

impl EventLine {
    pub fn from(lang: Lang, e: &Event) -> Self {
        let start = e.starts_at.to_offset(VIETNAM);
        let end = e.ends_at.to_offset(VIETNAM);
        let when = if start.date() == end.date() {
            format!("{} – {}", vntime::format_datetime(e.starts_at), hm(end))
        } else {
            format!(
                "{} – {}",
                vntime::format_date(start.date()),
                vntime::format_date(end.date())
            )
        };
        EventLine {
            href: event_path(e),
            title: e.title.clone(),
            kind: kind_label(lang, &e.kind),
            kind_slug: e.kind.clone(),
            when,
            time: hm(start),
            place: e.place.clone(),
            council: e.council_name.clone(),
            datetime: e
                .starts_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        }
    }
}

fn hm(t: OffsetDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub struct Day {
    pub label: String,
    pub date: String,
    pub in_month: bool,
    pub today: bool,
    pub events: Vec<EventLine>,
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    pub f: Frame,
    pub heading: String,
    pub view: &'static str,
    pub kinds: Vec<Opt>,
    pub hdnd: String,
    /// Month view: weeks of days; week view: one week.
    pub weeks: Vec<Vec<Day>>,
    pub weekdays: Vec<&'static str>,
    pub list: Vec<EventLine>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub view_links: Vec<(String, &'static str, bool)>,
    pub pager: Pager,
    pub ics: String,
    pub empty: bool,
}

#[derive(Deserialize, Default)]
pub struct CalendarParams {
    pub xem: Option<String>,
    pub thang: Option<String>,
    pub tuan: Option<String>,
    pub loai: Option<String>,
    pub hdnd: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

fn at_midnight(d: Date) -> OffsetDateTime {
    d.with_time(Time::MIDNIGHT).assume_offset(VIETNAM)
}

fn monday_of(d: Date) -> Date {
    d - Duration::days(i64::from(d.weekday().number_days_from_monday()))
}

fn parse_month(s: &str) -> Option<Date> {
    let (y, m) = s.split_once('-')?;
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, 1).ok()
}

const WEEKDAYS_VI: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<CalendarParams>,
) -> Result<CalendarPage, PageError> {
    let site = site_name(&state, None).await;
    let lang = viewer.lang;
    let err = |e: caunoi_app::AppError| PageError::new(e, &viewer, &site);
    let bad = |field: &'static str, vi: &str, en: &str| {
        PageError::new(caunoi_app::AppError::invalid(field, vi, en), &viewer, &site)
    };
    let today = registry::today();
    let view = match p.xem.as_deref().unwrap_or("") {
        "" | "danh-sach" => "list",
        "thang" => "month",
        "tuan" => "week",
        _ => {
            return Err(bad(
                "xem",
                "Chế độ xem là danh-sach, thang hoặc tuan.",
                "The view is danh-sach, thang or tuan.",
            ));
        }
    };
    let hdnd = p.hdnd.clone().unwrap_or_default();
    let loai = p.loai.clone().unwrap_or_default();
    let mut base_q = Vec::new();
    if !hdnd.is_empty() {
        base_q.push(format!("hdnd={}", crate::frame::encode_path(&hdnd)));
    }
    if !loai.is_empty() {
        base_q.push(format!("loai={}", crate::frame::encode_path(&loai)));
    }
    let with = |extra: &str| {
        let mut q = base_q.clone();
        if !extra.is_empty() {
            q.insert(0, extra.to_owned());
        }
        if q.is_empty() {
            "/lich".to_owned()
        } else {
            format!("/lich?{}", q.join("&"))
        }
    };
    let mut query = CalendarQuery {
        council: Some(hdnd.clone()).filter(|s| !s.is_empty()),
        kind: Some(loai.clone()).filter(|s| !s.is_empty()),
        ..CalendarQuery::default()
    };
    let mut weeks = Vec::new();
    let mut list = Vec::new();
    let (mut prev, mut next) = (None, None);
    let heading;
    let mut pager = Pager::single(with("xem=danh-sach"));
    let empty;
    match view {
        "month" => {
            let first = match p.thang.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => parse_month(s).ok_or_else(|| {
                    bad(
                        "thang",
                        "Tháng ghi dạng 2026-11.",
                        "Write the month as 2026-11.",
                    )
                })?,
                None => today.replace_day(1).unwrap_or(today),
            };
            let next_first = first.replace_day(28).unwrap_or(first) + Duration::days(5);
            let next_first = next_first.replace_day(1).unwrap_or(next_first);
            let start = monday_of(first);
            let end = monday_of(next_first - Duration::days(1)) + Duration::days(7);
            query.from = Some(at_midnight(start));
            query.to = Some(at_midnight(end));
            let (_, evs) = events::calendar(&state.app, &query, 1, 500)
                .await
                .map_err(err)?;
            empty = evs.items.is_empty();
            weeks = grid(lang, start, end, Some(first.month()), today, &evs.items);
            let prev_month = (first - Duration::days(1)).replace_day(1).unwrap_or(first);
            prev = Some(with(&format!(
                "xem=thang&thang={}-{:02}",
                prev_month.year(),
                u8::from(prev_month.month())
            )));
            next = Some(with(&format!(
                "xem=thang&thang={}-{:02}",
                next_first.year(),
                u8::from(next_first.month())
            )));
            heading = format!(
                "{} {} {}/{}",
                lang.t("nav.calendar"),
                lang.t("cal.month").to_lowercase(),
                u8::from(first.month()),
                first.year()
            );
        }
        "week" => {
            let start = match p.tuan.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => monday_of(vntime::parse_date(s).ok_or_else(|| {
                    bad(
                        "tuan",
                        "Tuần ghi bằng một ngày trong tuần, dạng 2026-11-23.",
                        "Give the week as one of its days, 2026-11-23.",
                    )
                })?),
                None => monday_of(today),
            };
            let end = start + Duration::days(7);
            query.from = Some(at_midnight(start));
            query.to = Some(at_midnight(end));
            let (_, evs) = events::calendar(&state.app, &query, 1, 500)
                .await
                .map_err(err)?;
            empty = evs.items.is_empty();
            weeks = grid(lang, start, end, None, today, &evs.items);
            let fmt = |d: Date| format!("{}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
            prev = Some(with(&format!(
                "xem=tuan&tuan={}",
                fmt(start - Duration::days(7))
            )));
            next = Some(with(&format!("xem=tuan&tuan={}", fmt(end))));
            heading = format!(
                "{} {} – {}",
                lang.t("cal.week_of"),
                vntime::format_date(start),
                vntime::format_date(end - Duration::days(1))
            );
        }
        _ => {
            let (page, per_page) = p.paging.parse(20).map_err(|(field, msg)| {
                PageError::new(
                    caunoi_app::AppError::invalid(field, &msg, &msg),
                    &viewer,
                    &site,
                )
            })?;
            query.from = Some(at_midnight(today));
            let (_, evs) = events::calendar(&state.app, &query, page, per_page)
                .await
                .map_err(err)?;
            empty = evs.items.is_empty();
            pager = Pager::new(&evs, with("xem=danh-sach"));
            list = evs.items.iter().map(|e| EventLine::from(lang, e)).collect();
            heading = lang.t("cal.upcoming").to_owned();
        }
    }
    let mut kinds = vec![Opt {
        value: String::new(),
        label: lang.t("cal.all_kinds").to_owned(),
        selected: loai.is_empty(),
    }];
    kinds.extend(EventKind::ALL.iter().map(|k| Opt {
        value: k.as_str().to_owned(),
        label: pick(lang, k.label_vi(), k.label_en()).to_owned(),
        selected: loai == k.as_str(),
    }));
    Ok(CalendarPage {
        f: Frame::new(&viewer, &heading, &site, "/lich"),
        heading,
        view,
        kinds,
        hdnd: hdnd.clone(),
        weeks,
        weekdays: match lang {
            Lang::Vi => WEEKDAYS_VI.to_vec(),
            Lang::En => WEEKDAYS_EN.to_vec(),
        },
        list,
        prev,
        next,
        view_links: vec![
            (with("xem=danh-sach"), lang.t("cal.list"), view == "list"),
            (with("xem=tuan"), lang.t("cal.week"), view == "week"),
            (with("xem=thang"), lang.t("cal.month"), view == "month"),
        ],
        pager,
        ics: if hdnd.is_empty() {
            "/lich.ics".into()
        } else {
            format!("/hdnd/{hdnd}/lich.ics")
        },
        empty,
    })
}

fn grid(
    lang: Lang,
    start: Date,
    end: Date,
    month: Option<Month>,
    today: Date,
    evs: &[Event],
) -> Vec<Vec<Day>> {
    let mut weeks = Vec::new();
    let mut d = start;
    while d < end {
        let mut week = Vec::new();
        for _ in 0..7 {
            let day_events = evs
                .iter()
                .filter(|e| {
                    let s = e.starts_at.to_offset(VIETNAM).date();
                    let x = e.ends_at.to_offset(VIETNAM).date();
                    s <= d && d <= x
                })
                .map(|e| EventLine::from(lang, e))
                .collect();
            let weekday = match lang {
                Lang::Vi => WEEKDAYS_VI[d.weekday().number_days_from_monday() as usize],
                Lang::En => WEEKDAYS_EN[d.weekday().number_days_from_monday() as usize],
            };
            week.push(Day {
                label: format!("{weekday} {}/{}", d.day(), u8::from(d.month())),
                date: format!("{}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
                in_month: month.is_none_or(|m| m == d.month()),
                today: d == today,
                events: day_events,
            });
            d += Duration::days(1);
        }
        weeks.push(week);
    }
    let _ = Weekday::Monday;
    weeks
}

pub struct ParticipantLine {
    pub href: String,
    pub name: String,
    pub role: &'static str,
    pub attendance: Option<&'static str>,
}

pub struct QuestionView {
    pub id: i64,
    pub asker: String,
    pub asker_href: String,
    pub official: String,
    pub agency: String,
    pub topic: String,
    pub body: String,
    pub answer: String,
    pub follow_up: String,
}

pub struct DocView {
    pub href: String,
    pub title: String,
    pub size: String,
    pub kind: &'static str,
    pub draft: bool,
}

pub fn doc_views(docs: &[caunoi_store::documents::Document]) -> Vec<DocView> {
    docs.iter()
        .map(|d| DocView {
            href: format!("/tai-lieu/{}/{}", d.id, d.file_name),
            title: d.title.clone(),
            size: if d.size >= 1024 * 1024 {
                format!("{:.1} MB", d.size as f64 / 1_048_576.0)
            } else {
                format!("{} KB", (d.size + 1023) / 1024)
            },
            kind: if d.content_type == "application/pdf" {
                "PDF"
            } else {
                "DOCX"
            },
            draft: !d.public,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "event.html")]
pub struct EventPage {
    pub f: Frame,
    pub e: EventLine,
    pub draft: bool,
    pub cancelled: bool,
    pub session_kind: Option<&'static str>,
    pub summary_html: String,
    pub unit: Option<String>,
    pub organisers: String,
    pub stream_url: Option<String>,
    pub session: Option<(String, String, &'static str)>,
    pub agenda: Vec<String>,
    pub participants: Vec<ParticipantLine>,
    pub present: usize,
    pub counted: usize,
    pub questions: Vec<QuestionView>,
    pub recommendations: Vec<(String, String, &'static str, String)>,
    pub reception: Vec<(String, i64)>,
    pub received_total: Option<i64>,
    pub documents: Vec<DocView>,
    pub resolutions: Vec<(String, String, String)>,
    pub meetings: Vec<EventLine>,
    pub minutes_html: String,
    pub report_html: String,
}

pub async fn event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug_id): Path<String>,
) -> Response {
    let site = site_name(&state, None).await;
    let Some((slug, id)) = caunoi_app::articles::parse_slug_id(&slug_id) else {
        return PageError::not_found(&viewer, &site).into_response();
    };
    let p = match events::page(&state.app, &viewer.ctx, id).await {
        Ok(p) => p,
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    if slug != p.event.slug {
        return Redirect::permanent(&event_path(&p.event)).into_response();
    }
    let lang = viewer.lang;
    let md = caunoi_app::articles::render::markdown_to_html;
    let e = &p.event;
    let participants: Vec<ParticipantLine> = {
        let mut v: Vec<_> = p
            .participants
            .iter()
            .map(|x| ParticipantLine {
                href: crate::routes::site::delegates::person_path(&x.full_name, x.person_id),
                name: x.full_name.clone(),
                role: x
                    .role
                    .parse::<ParticipantRole>()
                    .map(|r| pick(lang, r.label_vi(), r.label_en()))
                    .unwrap_or(""),
                attendance: x
                    .attendance
                    .as_deref()
                    .and_then(|a| a.parse::<Attendance>().ok())
                    .map(|a| pick(lang, a.label_vi(), a.label_en())),
            })
            .collect();
        v.sort_by(|a, b| vntext::compare_names(&a.name, &b.name));
        v
    };
    let counted = p
        .participants
        .iter()
        .filter(|x| x.attendance.is_some())
        .count();
    let present = p
        .participants
        .iter()
        .filter(|x| x.attendance.as_deref() == Some("present"))
        .count();
    EventPage {
        f: Frame::new(
            &viewer,
            &e.title,
            &site,
            if e.kind == "session" {
                "/ky-hop"
            } else {
                "/lich"
            },
        ),
        e: EventLine::from(lang, e),
        draft: e.state == "draft",
        cancelled: e.state == "cancelled",
        session_kind: e
            .session_kind
            .as_deref()
            .and_then(|k| k.parse::<SessionKind>().ok())
            .map(|k| pick(lang, k.label_vi(), k.label_en())),
        summary_html: md(&e.summary),
        unit: e.unit_name.clone(),
        organisers: e.organisers.clone(),
        stream_url: e.stream_url.clone(),
        session: p.session.as_ref().map(|s| {
            let timing = e
                .session_timing
                .as_deref()
                .and_then(|t| t.parse::<SessionTiming>().ok())
                .map(|t| pick(lang, t.label_vi(), t.label_en()))
                .unwrap_or("");
            (event_path(s), s.title.clone(), timing)
        }),
        agenda: p.agenda.iter().map(|a| a.title.clone()).collect(),
        participants,
        present,
        counted,
        questions: p
            .questions
            .iter()
            .map(|q| QuestionView {
                id: q.id,
                asker_href: crate::routes::site::delegates::person_path(&q.asker_name, q.asker_id),
                asker: q.asker_name.clone(),
                official: q.official.clone(),
                agency: q.agency.clone(),
                topic: q.topic.clone(),
                body: q.body.clone(),
                answer: q.answer.clone(),
                follow_up: q.follow_up.clone(),
            })
            .collect(),
        recommendations: p
            .recommendations
            .iter()
            .map(|r| {
                let s = r
                    .status
                    .parse::<RecommendationStatus>()
                    .map(|s| pick(lang, s.label_vi(), s.label_en()))
                    .unwrap_or("");
                (r.body.clone(), r.addressee.clone(), s, r.follow_up.clone())
            })
            .collect(),
        reception: p.reception.clone(),
        received_total: e.received_total,
        documents: doc_views(&p.documents),
        resolutions: p
            .resolutions
            .iter()
            .map(|r| {
                (
                    crate::routes::site::resolutions::resolution_path(r),
                    r.number.clone(),
                    r.title.clone(),
                )
            })
            .collect(),
        meetings: p
            .meetings
            .iter()
            .map(|m| EventLine::from(lang, m))
            .collect(),
        minutes_html: md(&e.minutes_md),
        report_html: md(&e.report_md),
    }
    .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "sessions.html")]
pub struct SessionsPage {
    pub f: Frame,
    pub upcoming: Vec<EventLine>,
    pub past: Vec<EventLine>,
    pub pager: Pager,
}

/// `/ky-hop`: sessions coming and held, newest first.
pub async fn sessions(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(paging): Query<PageParams>,
) -> Result<SessionsPage, PageError> {
    let site = site_name(&state, None).await;
    let err = |e: caunoi_app::AppError| PageError::new(e, &viewer, &site);
    let (page, per_page) = paging
        .parse(20)
        .map_err(|(f, m)| err(caunoi_app::AppError::invalid(f, &m, &m)))?;
    let now = caunoi_store::now();
    let kind = Some("session".to_owned());
    let (_, upcoming) = events::calendar(
        &state.app,
        &CalendarQuery {
            kind: kind.clone(),
            from: Some(now),
            ..CalendarQuery::default()
        },
        1,
        20,
    )
    .await
    .map_err(err)?;
    let (_, past) = events::calendar(
        &state.app,
        &CalendarQuery {
            kind,
            to: Some(now),
            newest_first: true,
            ..CalendarQuery::default()
        },
        page,
        per_page,
    )
    .await
    .map_err(err)?;
    let lang = viewer.lang;
    Ok(SessionsPage {
        f: Frame::new(&viewer, lang.t("nav.sessions"), &site, "/ky-hop"),
        upcoming: upcoming
            .items
            .iter()
            .filter(|e| e.starts_at >= now)
            .map(|e| EventLine::from(lang, e))
            .collect(),
        pager: Pager::new(&past, "/ky-hop"),
        past: past
            .items
            .iter()
            .map(|e| EventLine::from(lang, e))
            .collect(),
    })
}

/// Events for a feed: the last year and everything ahead.
async fn feed_events(
    state: &AppState,
    q: CalendarQuery,
) -> Result<Vec<Event>, caunoi_app::AppError> {
    let from = caunoi_store::now() - Duration::days(366);
    let (_, p) = events::calendar(
        &state.app,
        &CalendarQuery {
            from: Some(from),
            ..q
        },
        1,
        1000,
    )
    .await?;
    Ok(p.items)
}

fn ics_response(state: &AppState, headers: &HeaderMap, name: &str, evs: &[Event]) -> Response {
    let base = state.config.base_url.clone();
    let body = crate::ics::calendar(name, &base, evs);
    let etag = crate::http_cache::etag(&[&body]);
    if let Some(r) = crate::http_cache::not_modified(headers, &etag, None) {
        return r;
    }
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    crate::http_cache::with_validators(r, &etag, None)
}

/// `/lich.ics`: every council's published events.
pub async fn ics_all(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
) -> Response {
    let site = site_name(&state, None).await;
    match feed_events(&state, CalendarQuery::default()).await {
        Ok(evs) => ics_response(&state, &headers, &site, &evs),
        Err(e) => PageError::new(e, &viewer, &site).into_response(),
    }
}

/// `/hdnd/{code}/lich.ics`: one council's events.
pub async fn ics_council(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let site = site_name(&state, None).await;
    let council = match caunoi_app::councils::council(&state.app, Some(&code)).await {
        Ok(c) => c,
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    match feed_events(
        &state,
        CalendarQuery {
            council: Some(code),
            ..CalendarQuery::default()
        },
    )
    .await
    {
        Ok(evs) => ics_response(&state, &headers, &council.name, &evs),
        Err(e) => PageError::new(e, &viewer, &site).into_response(),
    }
}

/// `/dai-bieu/{slug-id}/lich.ics`: the events a delegate takes part in.
pub async fn ics_delegate(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(slug_id): Path<String>,
) -> Response {
    let site = site_name(&state, None).await;
    let Some((_, id)) = caunoi_app::articles::parse_slug_id(&slug_id) else {
        return PageError::not_found(&viewer, &site).into_response();
    };
    let profile = match registry::profile(&state.app, id).await {
        Ok(p) => p,
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    match feed_events(
        &state,
        CalendarQuery {
            person_id: Some(id),
            ..CalendarQuery::default()
        },
    )
    .await
    {
        Ok(evs) => ics_response(
            &state,
            &headers,
            &format!("{} – {}", profile.person.full_name, site),
            &evs,
        ),
        Err(e) => PageError::new(e, &viewer, &site).into_response(),
    }
}
