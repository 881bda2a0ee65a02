//! The sections whose content arrives with later capabilities (petitions): each page is in the frame and says plainly what it will hold and
//! what exists now, so navigation never leads to a dead end.

use crate::AppState;
use crate::frame::Frame;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

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
