//! The audit log page for council and system admins.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::routes::common::{PageParams, Pager, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};

pub struct Row {
    pub at: String,
    pub who: String,
    pub action: String,
    pub target: String,
    pub unit: String,
    pub ip: String,
    pub request_id: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/audit.html")]
pub struct AuditPage {
    pub f: Frame,
    pub entries: Vec<Row>,
    pub pager: Pager,
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<PageParams>,
) -> Result<AuditPage, PageError> {
    let site = site_name(&state, None).await;
    let (page, per_page) = p.parse(50).unwrap_or((1, 50));
    let list = caunoi_app::audit::list(&state.app, &viewer.ctx, page, per_page)
        .await
        .map_err(|e| PageError::new(e, &viewer, &site))?;
    let pager = Pager::new(&list, "/quan-tri/nhat-ky");
    Ok(AuditPage {
        f: Frame::new(&viewer, viewer.lang.t("ws.audit"), &site, ""),
        entries: list
            .items
            .into_iter()
            .map(|e| Row {
                at: super::when(e.at),
                who: e.actor_label,
                action: e.action,
                target: match e.target_id {
                    Some(id) => format!("{} #{id}", e.target_kind),
                    None => e.target_kind,
                },
                unit: e.unit_code.unwrap_or_default(),
                ip: e.ip.unwrap_or_default(),
                request_id: e.request_id.unwrap_or_default(),
            })
            .collect(),
        pager,
    })
}
