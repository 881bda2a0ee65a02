//! The newsroom desk in the workspace: the list and queue, writing and editing (no JavaScript
//! needed), workflow buttons, comments, revisions with a diff, images, statistics, guidance.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::{PageParams, Pager, form_rejection, site_name};
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::articles::desk::{self, ActInput, DeskArticle};
use caunoi_app::articles::{self, Draft};
use caunoi_domain::article::{ArticleAction, ArticleState};
use caunoi_domain::vntime;
use serde::Deserialize;

fn messages(e: &AppError, lang: Lang) -> Vec<String> {
    match e {
        AppError::Invalid(list) => list
            .iter()
            .map(|f| match lang {
                Lang::Vi => f.message_vi.clone(),
                Lang::En => f.message_en.clone(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn state_label(lang: Lang, s: &str) -> &'static str {
    match s.parse::<ArticleState>() {
        Ok(st) => match lang {
            Lang::Vi => st.label_vi(),
            Lang::En => st.label_en(),
        },
        Err(_) => "?",
    }
}

pub struct Row {
    pub href: String,
    pub title: String,
    pub state: &'static str,
    pub category: String,
    pub author: String,
    pub updated: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/articles.html")]
pub struct ListPage {
    pub f: Frame,
    pub rows: Vec<Row>,
    pub pager: Pager,
    pub filters: Vec<(String, &'static str, bool)>,
    pub guidance: Option<String>,
    pub can_stats: bool,
}

#[derive(Deserialize)]
pub struct ListParams {
    #[serde(default, rename = "trang-thai")]
    pub state: Option<String>,
    #[serde(flatten)]
    pub page: PageParams,
}

pub async fn list(
    State(state): State<AppState>,
    v: Viewer,
    Query(p): Query<ListParams>,
) -> Result<ListPage, PageError> {
    let site = site_name(&state, None).await;
    let filter = p
        .state
        .as_deref()
        .and_then(|s| s.parse::<ArticleState>().ok());
    let (page, _) = p.page.parse(30).unwrap_or((1, 30));
    let items = desk::list(&state.app, &v.ctx, filter, page, 30)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    let guidance = desk::guidance(&state.app, &v.ctx).await.unwrap_or(None);
    let mut filters = vec![(
        "/quan-tri/tin-bai".to_owned(),
        v.lang.t("ws.news.all"),
        filter.is_none(),
    )];
    for s in ArticleState::ALL {
        filters.push((
            format!("/quan-tri/tin-bai?trang-thai={}", s.as_str()),
            match v.lang {
                Lang::Vi => s.label_vi(),
                Lang::En => s.label_en(),
            },
            filter == Some(s),
        ));
    }
    let base = match filter {
        Some(s) => format!("/quan-tri/tin-bai?trang-thai={}", s.as_str()),
        None => "/quan-tri/tin-bai".into(),
    };
    Ok(ListPage {
        f: Frame::new(&v, v.lang.t("ws.news"), &site, ""),
        pager: Pager::new(&items, base),
        rows: items
            .items
            .iter()
            .map(|s| Row {
                href: format!("/quan-tri/tin-bai/{}", s.id),
                title: s.title.clone(),
                state: state_label(v.lang, &s.state),
                category: s.category_name.clone(),
                author: s
                    .author_name
                    .clone()
                    .or_else(|| s.credit.clone())
                    .unwrap_or_default(),
                updated: vntime::format_datetime(s.updated_at),
            })
            .collect(),
        filters,
        guidance,
        can_stats: v.ctx.actor.may(
            caunoi_domain::Action::ViewNewsroomStats,
            &caunoi_domain::Target::Anywhere,
        ),
    })
}

/// The fields of the writing form, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct ArticleForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lead: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub credit: String,
    #[serde(default)]
    pub revision: Option<i64>,
}

impl ArticleForm {
    fn draft(&self) -> Draft {
        Draft {
            title: self.title.clone(),
            lead: self.lead.clone(),
            body: self.body.clone(),
            category: self.category.clone(),
            tags: vec![self.tags.clone()],
            source: Some(self.source.clone()),
            credit: Some(self.credit.clone()),
        }
    }
}

pub struct ActionButton {
    pub action: &'static str,
    pub label: &'static str,
    pub needs_reason: bool,
    pub needs_time: bool,
    pub needs_comment: bool,
}

pub struct Line {
    pub who: String,
    pub text: String,
    pub at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/article_edit.html")]
pub struct EditPage {
    pub f: Frame,
    pub id: Option<i64>,
    pub state: &'static str,
    pub public_href: Option<String>,
    pub form: ArticleForm,
    pub categories: Vec<(String, String)>,
    pub can_edit: bool,
    pub errors: Vec<String>,
    pub notice: Option<&'static str>,
    pub actions: Vec<ActionButton>,
    pub comments: Vec<Line>,
    pub history: Vec<Line>,
    pub revisions: Vec<(i64, String, String)>,
    pub images: Vec<(String, String, String)>,
    pub related: String,
    pub can_relate: bool,
    /// (slug, name) of the council's special sections the article is not in yet.
    pub sections: Vec<(String, String)>,
    pub in_sections: Vec<String>,
}

async fn new_page(
    state: &AppState,
    v: &Viewer,
    form: ArticleForm,
    errors: Vec<String>,
) -> Result<EditPage, PageError> {
    let site = site_name(state, None).await;
    let cats = desk::writing_categories(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, v, &site))?;
    Ok(EditPage {
        f: Frame::new(v, v.lang.t("ws.news.new"), &site, ""),
        id: None,
        state: state_label(v.lang, "draft"),
        public_href: None,
        form,
        categories: cats.into_iter().map(|c| (c.slug, c.name)).collect(),
        can_edit: true,
        errors,
        notice: None,
        actions: Vec::new(),
        comments: Vec::new(),
        history: Vec::new(),
        revisions: Vec::new(),
        images: Vec::new(),
        related: String::new(),
        can_relate: false,
        sections: Vec::new(),
        in_sections: Vec::new(),
    })
}

pub async fn new_form(State(state): State<AppState>, v: Viewer) -> Result<EditPage, PageError> {
    new_page(
        &state,
        &v,
        ArticleForm {
            category: "hoat-dong-hdnd".into(),
            ..ArticleForm::default()
        },
        Vec::new(),
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<ArticleForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    match desk::create(&state.app, &v.ctx, None, form.draft()).await {
        Ok(id) => Redirect::to(&format!("/quan-tri/tin-bai/{id}?luu=1")).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errors = messages(&e, v.lang);
            match new_page(&state, &v, form, errors).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => PageError::new(e, &v, &site_name(&state, None).await).into_response(),
    }
}

fn edit_page(
    v: &Viewer,
    site: &str,
    d: DeskArticle,
    form: Option<ArticleForm>,
    errors: Vec<String>,
    notice: Option<&'static str>,
) -> EditPage {
    let a = &d.article;
    let lang = v.lang;
    let form = form.unwrap_or_else(|| ArticleForm {
        title: a.title.clone(),
        lead: a.lead.clone(),
        body: a.body_md.clone(),
        category: a.category_slug.clone(),
        tags: d
            .tags
            .iter()
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        source: a.source.clone().unwrap_or_default(),
        credit: a.credit.clone().unwrap_or_default(),
        revision: Some(a.revision),
    });
    let actions = d
        .actions
        .iter()
        .map(|act| ActionButton {
            action: act.as_str(),
            label: match lang {
                Lang::Vi => act.label_vi(),
                Lang::En => act.label_en(),
            },
            needs_reason: *act == ArticleAction::Unpublish,
            needs_time: *act == ArticleAction::Schedule,
            needs_comment: *act == ArticleAction::RequestChanges,
        })
        .collect();
    EditPage {
        f: Frame::new(v, a.title.clone(), site, ""),
        id: Some(a.id),
        state: state_label(lang, &a.state),
        public_href: (d.state == ArticleState::Published)
            .then(|| articles::article_path(&a.category_slug, &a.slug, a.id)),
        form,
        categories: d
            .categories
            .iter()
            .map(|c| (c.slug.clone(), c.name.clone()))
            .collect(),
        can_edit: d.can_edit,
        errors,
        notice,
        actions,
        comments: d
            .comments
            .iter()
            .map(|c| Line {
                who: c.author_label.clone(),
                text: c.body.clone(),
                at: vntime::format_datetime(c.at),
            })
            .collect(),
        history: d
            .transitions
            .iter()
            .map(|t| Line {
                who: t.actor_label.clone(),
                text: format!(
                    "{} → {}{}",
                    state_label(lang, &t.from_state),
                    state_label(lang, &t.to_state),
                    t.reason
                        .as_ref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                ),
                at: vntime::format_datetime(t.at),
            })
            .collect(),
        revisions: d
            .revisions
            .iter()
            .map(|r| {
                (
                    r.number,
                    r.editor_label.clone(),
                    vntime::format_datetime(r.at),
                )
            })
            .collect(),
        images: d
            .images
            .iter()
            .map(|i| {
                (
                    format!("/media/{}/phone", i.sha256),
                    i.caption.clone(),
                    format!("![{}](/media/{}/desktop)", i.caption, i.sha256),
                )
            })
            .collect(),
        related: d
            .related
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        can_relate: d.actions.iter().any(|a| {
            matches!(
                a,
                ArticleAction::Approve
                    | ArticleAction::Publish
                    | ArticleAction::Unpublish
                    | ArticleAction::RequestChanges
            )
        }),
        sections: d
            .sections
            .iter()
            .filter(|s| !d.in_sections.iter().any(|x| x.id == s.id))
            .map(|s| (s.slug.clone(), s.name.clone()))
            .collect(),
        in_sections: d.in_sections.iter().map(|s| s.name.clone()).collect(),
    }
}

#[derive(Deserialize)]
pub struct SectionForm {
    #[serde(default)]
    pub section: String,
}

pub async fn add_to_section(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<SectionForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match desk::add_to_section(&state.app, &v.ctx, id, &form.section).await {
        Ok(()) => Redirect::to(&format!("/quan-tri/tin-bai/{id}#chuyen-trang")).into_response(),
        Err(e) => refused(&state, &v, &site, id, e).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/sections.html")]
pub struct SectionsPage {
    pub f: Frame,
    pub sections: Vec<(String, String, String)>,
    pub errors: Vec<String>,
    pub name: String,
    pub description: String,
}

#[derive(Deserialize, Default)]
pub struct NewSectionForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
}

async fn sections_page(
    state: &AppState,
    v: &Viewer,
    form: NewSectionForm,
    errors: Vec<String>,
) -> Result<SectionsPage, PageError> {
    let site = site_name(state, None).await;
    let list = desk::managed_sections(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, v, &site))?;
    Ok(SectionsPage {
        f: Frame::new(v, v.lang.t("news.sections"), &site, ""),
        sections: list
            .into_iter()
            .map(|s| (format!("/chuyen-trang/{}", s.slug), s.name, s.description))
            .collect(),
        errors,
        name: form.name,
        description: form.description,
    })
}

pub async fn sections(State(state): State<AppState>, v: Viewer) -> Result<SectionsPage, PageError> {
    sections_page(&state, &v, NewSectionForm::default(), Vec::new()).await
}

pub async fn create_section(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<NewSectionForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    match desk::create_section(&state.app, &v.ctx, &form.name, &form.description).await {
        Ok(_) => Redirect::to("/quan-tri/chuyen-trang").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errors = messages(&e, v.lang);
            match sections_page(&state, &v, form, errors).await {
                Ok(p) => (StatusCode::UNPROCESSABLE_ENTITY, p).into_response(),
                Err(e) => e.into_response(),
            }
        }
        Err(e) => PageError::new(e, &v, &site_name(&state, None).await).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ViewParams {
    pub luu: Option<String>,
}

pub async fn view(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<ViewParams>,
) -> Result<EditPage, PageError> {
    let site = site_name(&state, None).await;
    let d = desk::view(&state.app, &v.ctx, id)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    let notice = q.luu.map(|_| v.lang.t("ws.news.saved"));
    Ok(edit_page(&v, &site, d, None, Vec::new(), notice))
}

pub async fn save(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<ArticleForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match desk::edit(&state.app, &v.ctx, id, form.revision, form.draft()).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/tin-bai/{id}?luu=1")).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errors = messages(&e, v.lang);
            match desk::view(&state.app, &v.ctx, id).await {
                Ok(d) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    edit_page(&v, &site, d, Some(form), errors, None),
                )
                    .into_response(),
                Err(e) => PageError::new(e, &v, &site).into_response(),
            }
        }
        Err(e) => PageError::new(e, &v, &site).into_response(),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ActForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub comment: String,
    /// `YYYY-MM-DDTHH:MM` in Vietnam time, from a datetime-local input.
    #[serde(default)]
    pub scheduled_at: String,
}

/// Reads a `datetime-local` value as Vietnam time.
pub fn parse_local(s: &str) -> Option<time::OffsetDateTime> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let s = s.trim();
    let s = s.get(..16).unwrap_or(s);
    time::PrimitiveDateTime::parse(s, &fmt)
        .ok()
        .map(|p| p.assume_offset(vntime::VIETNAM))
}

pub async fn act(
    State(state): State<AppState>,
    v: Viewer,
    Path((id, action)): Path<(i64, String)>,
    form: Result<axum::Form<ActForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let Ok(action) = action.parse::<ArticleAction>() else {
        return PageError::not_found(&v, &site).into_response();
    };
    let input = ActInput {
        reason: Some(form.reason.clone()),
        comment: Some(form.comment.clone()),
        at: parse_local(&form.scheduled_at),
    };
    match desk::act(&state.app, &v.ctx, id, action, input).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/tin-bai/{id}")).into_response(),
        Err(e) => refused(&state, &v, &site, id, e).await,
    }
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub comment: String,
}

pub async fn comment(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<CommentForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match desk::comment(&state.app, &v.ctx, id, &form.comment).await {
        Ok(()) => Redirect::to(&format!("/quan-tri/tin-bai/{id}#nhan-xet")).into_response(),
        Err(e) => refused(&state, &v, &site, id, e).await,
    }
}

#[derive(Deserialize)]
pub struct RelatedForm {
    #[serde(default)]
    pub related: String,
}

pub async fn related(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    form: Result<axum::Form<RelatedForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let ids: Result<Vec<i64>, _> = form
        .related
        .split([',', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().trim_start_matches('#').parse::<i64>())
        .collect();
    let result = match ids {
        Ok(ids) => desk::set_related(&state.app, &v.ctx, id, &ids).await,
        Err(_) => Err(AppError::invalid(
            "related",
            "Ghi số của các bài liên quan, cách nhau bởi dấu phẩy.",
            "Write the numbers of related articles, separated by commas.",
        )),
    };
    match result {
        Ok(()) => Redirect::to(&format!("/quan-tri/tin-bai/{id}")).into_response(),
        Err(e) => refused(&state, &v, &site, id, e).await,
    }
}

/// Image upload (multipart, without JavaScript): the file and its caption.
pub async fn upload(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    mut mp: Multipart,
) -> Response {
    let site = site_name(&state, None).await;
    let mut bytes = None;
    let mut caption = String::new();
    loop {
        match mp.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_owned();
                match field.bytes().await {
                    Ok(b) if name == "image" => bytes = Some(b.to_vec()),
                    Ok(b) if name == "caption" => {
                        caption = String::from_utf8_lossy(&b).into_owned()
                    }
                    Ok(_) => {}
                    Err(e) => {
                        return (
                            e.status(),
                            format!("{} / {}", "Tải ảnh không thành công", e.body_text()),
                        )
                            .into_response();
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                return (
                    e.status(),
                    format!("{} / {}", "Tải ảnh không thành công", e.body_text()),
                )
                    .into_response();
            }
        }
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        let e = AppError::invalid(
            "image",
            "Chọn một tệp ảnh JPEG, PNG hoặc WebP.",
            "Choose a JPEG, PNG or WebP image file.",
        );
        return match desk::view(&state.app, &v.ctx, id).await {
            Ok(d) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                edit_page(&v, &site, d, None, messages(&e, v.lang), None),
            )
                .into_response(),
            Err(e) => PageError::new(e, &v, &site).into_response(),
        };
    };
    match articles::media::upload(&state.app, &v.ctx, Some(id), &caption, bytes).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/tin-bai/{id}#anh")).into_response(),
        Err(e) => refused(&state, &v, &site, id, e).await,
    }
}

/// After a desk action failed: invalid input shows the article's page again with the messages
/// (422); anything else is an error page.
async fn refused(state: &AppState, v: &Viewer, site: &str, id: i64, e: AppError) -> Response {
    if !matches!(e, AppError::Invalid(_)) {
        return PageError::new(e, v, site).into_response();
    }
    match desk::view(&state.app, &v.ctx, id).await {
        Ok(d) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            edit_page(v, site, d, None, messages(&e, v.lang), None),
        )
            .into_response(),
        Err(e) => PageError::new(e, v, site).into_response(),
    }
}

pub struct DiffLine {
    pub kind: &'static str,
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/article_diff.html")]
pub struct DiffPage {
    pub f: Frame,
    pub id: i64,
    pub from: i64,
    pub to: i64,
    pub lines: Vec<DiffLine>,
}

#[derive(Deserialize)]
pub struct DiffParams {
    pub tu: Option<i64>,
    pub den: Option<i64>,
}

pub async fn diff(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<DiffParams>,
) -> Result<DiffPage, PageError> {
    let site = site_name(&state, None).await;
    let d = desk::view(&state.app, &v.ctx, id)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    let newest = d.revisions.first().map(|r| r.number).unwrap_or(1);
    let to = q.den.unwrap_or(newest);
    let from = q.tu.unwrap_or(to - 1).max(1);
    let find = |n: i64| d.revisions.iter().find(|r| r.number == n);
    let (Some(a), Some(b)) = (find(from), find(to)) else {
        return Err(PageError::not_found(&v, &site));
    };
    let text = |r: &caunoi_store::articles::Revision| {
        format!("# {}\n\n{}\n\n{}\n", r.title, r.lead, r.body_md)
    };
    Ok(DiffPage {
        f: Frame::new(&v, v.lang.t("ws.news.diff"), &site, ""),
        id,
        from,
        to,
        lines: articles::diff::lines(&text(a), &text(b))
            .into_iter()
            .map(|(kind, text)| DiffLine { kind, text })
            .collect(),
    })
}

pub struct StatRow {
    pub author: String,
    pub unit: String,
    pub submitted: i64,
    pub published: i64,
    pub review: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/news_stats.html")]
pub struct StatsPage {
    pub f: Frame,
    pub rows: Vec<StatRow>,
}

pub async fn stats(State(state): State<AppState>, v: Viewer) -> Result<StatsPage, PageError> {
    let site = site_name(&state, None).await;
    let rows = articles::stats::contributors(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    Ok(StatsPage {
        f: Frame::new(&v, v.lang.t("ws.news.stats"), &site, ""),
        rows: rows
            .into_iter()
            .map(|r| StatRow {
                author: r.author,
                unit: r.unit_name,
                submitted: r.submitted,
                published: r.published,
                review: r
                    .average_review_hours
                    .map(|h| format!("{h:.1} giờ"))
                    .unwrap_or_else(|| "–".into()),
            })
            .collect(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "workspace/guidance.html")]
pub struct GuidancePage {
    pub f: Frame,
    pub body: String,
    pub errors: Vec<String>,
    pub saved: bool,
}

#[derive(Deserialize)]
pub struct GuidanceForm {
    #[serde(default)]
    pub body: String,
}

pub async fn guidance_form(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<ViewParams>,
) -> Result<GuidancePage, PageError> {
    let site = site_name(&state, None).await;
    let body = articles::desk::guidance_source(&state.app, &v.ctx)
        .await
        .map_err(|e| PageError::new(e, &v, &site))?;
    Ok(GuidancePage {
        f: Frame::new(&v, v.lang.t("ws.news.guidance"), &site, ""),
        body: body.unwrap_or_default(),
        errors: Vec::new(),
        saved: q.luu.is_some(),
    })
}

pub async fn guidance_save(
    State(state): State<AppState>,
    v: Viewer,
    form: Result<axum::Form<GuidanceForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let axum::Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match desk::set_guidance(&state.app, &v.ctx, None, &form.body).await {
        Ok(()) => Redirect::to("/quan-tri/tin-bai/huong-dan?luu=1").into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let errors = messages(&e, v.lang);
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                GuidancePage {
                    f: Frame::new(&v, v.lang.t("ws.news.guidance"), &site, ""),
                    body: form.body,
                    errors,
                    saved: false,
                },
            )
                .into_response()
        }
        Err(e) => PageError::new(e, &v, &site).into_response(),
    }
}
