//! The sections whose content arrives with later capabilities (news, sessions, resolutions,
//! petitions, calendar): each page is in the frame and says plainly what it will hold and
//! what exists now, so navigation never leads to a dead end.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use caunoi_app::councils;

#[derive(Template, WebTemplate)]
#[template(path = "section.html")]
pub struct SectionPage {
    pub f: Frame,
    pub heading: &'static str,
    pub intro: &'static str,
    pub items: Vec<String>,
    pub empty: &'static str,
}

async fn section(
    state: &AppState,
    viewer: &Viewer,
    path: &str,
    nav_key: &str,
    intro: (&'static str, &'static str),
    empty: (&'static str, &'static str),
    items: Vec<String>,
) -> SectionPage {
    let site = site_name(state, None).await;
    let lang = viewer.lang;
    let pick = |(vi, en): (&'static str, &'static str)| match lang {
        crate::i18n::Lang::Vi => vi,
        crate::i18n::Lang::En => en,
    };
    SectionPage {
        f: Frame::new(viewer, lang.t(nav_key), &site, path),
        heading: lang.t(nav_key),
        intro: pick(intro),
        items,
        empty: pick(empty),
    }
}

/// Sessions belong to a term; until sessions are recorded the page lists the terms.
pub async fn sessions(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<SectionPage, PageError> {
    let terms = match councils::site(&state.app, None, 1).await {
        Ok(site) => site
            .terms
            .into_iter()
            .map(|t| {
                format!(
                    "{} ({} – {})",
                    t.name,
                    caunoi_domain::vntime::format_date(t.starts_on),
                    caunoi_domain::vntime::format_date(t.ends_on)
                )
            })
            .collect(),
        Err(caunoi_app::AppError::NotFound(_)) => Vec::new(),
        Err(e) => return Err(PageError::new(e, &viewer, "Cầu Nối")),
    };
    Ok(section(
        &state,
        &viewer,
        "/ky-hop",
        "nav.sessions",
        (
            "Các nhiệm kỳ và kỳ họp của Hội đồng nhân dân.",
            "The council's terms and sessions.",
        ),
        (
            "Chưa có kỳ họp nào được ghi nhận trong nhiệm kỳ này.",
            "No sessions have been recorded in this term yet.",
        ),
        terms,
    )
    .await)
}

pub async fn resolutions(State(state): State<AppState>, viewer: Viewer) -> SectionPage {
    section(
        &state,
        &viewer,
        "/nghi-quyet",
        "nav.resolutions",
        (
            "Nghị quyết do Hội đồng nhân dân ban hành.",
            "Resolutions adopted by the council.",
        ),
        (
            "Chưa có nghị quyết nào được công bố.",
            "No resolutions have been published yet.",
        ),
        Vec::new(),
    )
    .await
}

pub async fn petitions(State(state): State<AppState>, viewer: Viewer) -> SectionPage {
    section(
        &state,
        &viewer,
        "/kien-nghi",
        "nav.petitions",
        (
            "Ý kiến, kiến nghị của cử tri và kết quả trả lời của cơ quan có thẩm quyền.",
            "Voters' petitions and the answers of the responsible agencies.",
        ),
        (
            "Chưa có kiến nghị nào được công khai.",
            "No petitions have been made public yet.",
        ),
        Vec::new(),
    )
    .await
}

pub async fn calendar(State(state): State<AppState>, viewer: Viewer) -> SectionPage {
    section(
        &state,
        &viewer,
        "/lich",
        "nav.calendar",
        (
            "Lịch kỳ họp, tiếp xúc cử tri, tiếp công dân và giám sát.",
            "Calendar of sessions, voter meetings, citizen reception and supervision.",
        ),
        (
            "Chưa có sự kiện nào trong lịch.",
            "There are no events in the calendar yet.",
        ),
        Vec::new(),
    )
    .await
}
