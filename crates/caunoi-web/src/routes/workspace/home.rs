//! The workspace home page.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::site_name;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use caunoi_app::accounts::Me;
use caunoi_app::workspace;

#[derive(Template, WebTemplate)]
#[template(path = "workspace/home.html")]
pub struct HomePage {
    pub f: Frame,
    pub me: Me,
    pub roles: Vec<String>,
    pub can_audit: bool,
    pub can_users: bool,
    pub can_write: bool,
    pub can_stats: bool,
    pub can_sections: bool,
    pub can_registry: bool,
    pub can_petitions: bool,
    pub can_petition_office: bool,
    pub can_work_calendar: bool,
}

/// "Biên tập viên – Thành phố Hà Nội": a grant as people read it.
pub fn grant_label(lang: Lang, role: &str, unit: Option<&str>) -> String {
    let role = role
        .parse::<caunoi_domain::Role>()
        .map(|r| match lang {
            Lang::Vi => r.label_vi(),
            Lang::En => r.label_en(),
        })
        .unwrap_or("?");
    format!("{role} – {}", unit.unwrap_or(lang.t("ws.scope.all")))
}

pub async fn page(State(state): State<AppState>, viewer: Viewer) -> Result<HomePage, PageError> {
    let site = site_name(&state, None).await;
    let d = workspace::dashboard(&state.app, &viewer.ctx)
        .await
        .map_err(|e| PageError::new(e, &viewer, &site))?;
    let roles =
        d.me.roles
            .iter()
            .map(|g| grant_label(viewer.lang, &g.role, g.unit_name.as_deref()))
            .collect();
    Ok(HomePage {
        f: Frame::new(&viewer, viewer.lang.t("ws.title"), &site, ""),
        me: d.me,
        roles,
        can_audit: d.can_view_audit,
        can_users: d.can_manage_users,
        can_write: d.can_write_articles,
        can_stats: d.can_view_news_stats,
        can_sections: d.can_manage_newsroom,
        can_registry: d.can_manage_registry,
        can_petitions: d.can_answer_petitions,
        can_petition_office: d.can_process_petitions,
        can_work_calendar: d.can_manage_work_calendar,
    })
}
