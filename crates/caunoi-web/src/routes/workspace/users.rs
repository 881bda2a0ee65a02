//! Managing accounts: the list and the form to add a person with a role.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{PageParams, Pager, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::accounts::{self, NewUser};
use caunoi_domain::Role;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/users.html")]
pub struct UsersPage {
    pub f: Frame,
    pub users: Vec<(String, String, String)>,
    pub pager: Pager,
    pub form: UserForm,
    pub role_options: Vec<(&'static str, &'static str)>,
    pub errors: Vec<String>,
    pub added: bool,
}

#[derive(Deserialize)]
pub struct Params {
    #[serde(flatten)]
    pub page: PageParams,
    pub added: Option<String>,
}

async fn render(
    state: &AppState,
    viewer: &Viewer,
    page: i64,
    form: UserForm,
    errors: Vec<String>,
    added: bool,
) -> Result<UsersPage, PageError> {
    let site = site_name(state, None).await;
    let list = accounts::list_users(&state.app, &viewer.ctx, page, 50)
        .await
        .map_err(|e| PageError::new(e, viewer, &site))?;
    let pager = Pager::new(&list, "/quan-tri/nguoi-dung");
    let role_options = Role::ALL
        .iter()
        .map(|r| {
            (
                r.as_str(),
                match viewer.lang {
                    Lang::Vi => r.label_vi(),
                    Lang::En => r.label_en(),
                },
            )
        })
        .collect();
    Ok(UsersPage {
        f: Frame::new(viewer, viewer.lang.t("ws.users"), &site, ""),
        users: list
            .items
            .into_iter()
            .map(|u| (u.display_name, u.email, super::when(u.created_at)))
            .collect(),
        pager,
        form,
        role_options,
        errors,
        added,
    })
}

pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<Params>,
) -> Result<UsersPage, PageError> {
    let (page, _) = p.page.parse(50).unwrap_or((1, 50));
    let form = UserForm {
        role: "contributor".into(),
        unit: accounts::managed_unit(&viewer.ctx)
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        ..UserForm::default()
    };
    render(&state, &viewer, page, form, Vec::new(), p.added.is_some()).await
}

pub async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Result<axum::Form<UserForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(axum::Form(form)) = form else {
        return (
            StatusCode::BAD_REQUEST,
            "Biểu mẫu không hợp lệ / malformed form",
        )
            .into_response();
    };
    let new = NewUser {
        email: form.email.clone(),
        name: form.name.clone(),
        role: form.role.clone(),
        unit: Some(form.unit.clone()),
        password: form.password.clone(),
    };
    match accounts::add_user(&state.app, &viewer.ctx, new).await {
        Ok(_) => Redirect::to("/quan-tri/nguoi-dung?added=1").into_response(),
        Err(AppError::Invalid(list)) => {
            let errors = list
                .iter()
                .map(|e| match viewer.lang {
                    Lang::Vi => e.message_vi.clone(),
                    Lang::En => e.message_en.clone(),
                })
                .collect();
            let form = UserForm {
                password: String::new(),
                ..form
            };
            match render(&state, &viewer, 1, form, errors, false).await {
                Ok(page) => (StatusCode::UNPROCESSABLE_ENTITY, page).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => PageError::new(e, &viewer, &site_name(&state, None).await).into_response(),
    }
}
