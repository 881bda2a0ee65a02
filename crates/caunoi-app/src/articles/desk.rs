//! The editorial desk: writing, editing (every save a revision), commenting and moving
//! articles through the workflow. Each action checks the actor's roles for the article's
//! council and commits with its audit row and outbox event.

use super::{Draft, council_ancestry, desk_for, validate};
use crate::accounts::deny;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::article::{self, ArticleAction, ArticleState, Refusal};
use caunoi_domain::{Action, Role, Target, UnitCode};
use caunoi_store::articles::{
    self, Article, Comment, DeskFilter, Revision, StateChange, Summary, Transition,
};
use caunoi_store::{Tx, councils, jobs, now};
use time::OffsetDateTime;

/// The job that publishes scheduled articles when their time comes.
pub const PUBLISH_SCHEDULED: &str = "publish_scheduled";

/// The council a new article belongs to: the one named, else the writer's own, else the site's.
async fn target_council(tx: &mut Tx, ctx: &Ctx, unit: Option<&str>) -> AppResult<i64> {
    let code = match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => Some(UnitCode::parse(u)?),
        None => ctx.actor.unit_for(Action::WriteArticles.roles()).cloned(),
    };
    let council = match code {
        Some(c) => councils::find_by_unit_code(tx, c.as_str()).await?,
        None => councils::primary(tx).await?,
    };
    council.map(|c| c.id).ok_or_else(|| {
        AppError::invalid(
            "unit",
            "Đơn vị này chưa có HĐND trên cổng thông tin.",
            "This unit has no council on the portal.",
        )
    })
}

/// The council an action is aimed at (named, the actor's own, or the site's), once the actor's
/// role there allows `action`.
async fn council_allowing(
    tx: &mut Tx,
    ctx: &Ctx,
    unit: Option<&str>,
    action: Action,
) -> AppResult<caunoi_store::councils::Council> {
    let council_id = target_council(tx, ctx, unit).await?;
    let (council, ancestry) = council_ancestry(tx, council_id).await?;
    if !ctx.actor.may(
        action,
        &Target::Unit {
            ancestry: &ancestry,
        },
    ) {
        return Err(deny(ctx));
    }
    Ok(council)
}

fn change(action: &'static str, a: &Article, details: serde_json::Value) -> Change<'static> {
    Change {
        action,
        target_kind: "article",
        target_id: Some(a.id.to_string()),
        unit_id: Some(a.unit_id),
        details,
    }
}

/// Writes a new draft; its author is the actor.
pub async fn create(app: &App, ctx: &Ctx, unit: Option<&str>, d: Draft) -> AppResult<i64> {
    let t = now();
    let mut tx = app.db.write().await?;
    let council = council_allowing(&mut tx, ctx, unit, Action::WriteArticles).await?;
    let council_id = council.id;
    let v = validate(&mut tx, council_id, &d).await?;
    let id = articles::insert(
        &mut tx,
        &articles::NewArticle {
            council_id,
            category_id: v.category.id,
            state: ArticleState::Draft.as_str(),
            title: &v.title,
            title_folded: &v.title_folded,
            slug: &v.slug,
            lead: &v.lead,
            body_md: &v.body_md,
            body_html: &v.body_html,
            source: v.source.as_deref(),
            credit: v.credit.as_deref(),
            author_id: ctx.actor.user_id,
            now: t,
            published_at: None,
            legacy_fingerprint: None,
        },
    )
    .await?;
    articles::insert_revision(
        &mut tx,
        &articles::NewRevision {
            article_id: id,
            number: 1,
            title: &v.title,
            lead: &v.lead,
            body_md: &v.body_md,
            source: v.source.as_deref(),
            editor: &ctx.actor.label,
            at: t,
        },
    )
    .await?;
    articles::set_tags(&mut tx, id, &v.tags).await?;
    let a = articles::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("article"))?;
    record::change(
        &mut tx,
        ctx,
        t,
        change("created", &a, serde_json::json!({ "title": a.title })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Loads an article with the actor's desk powers over it; contributors see only their own.
async fn load(tx: &mut Tx, ctx: &Ctx, id: i64) -> AppResult<(Article, article::Desk)> {
    let a = articles::find(tx, id)
        .await?
        .ok_or(AppError::NotFound("article"))?;
    let (_, ancestry) = council_ancestry(tx, a.council_id).await?;
    let is_author = ctx.actor.user_id.is_some() && ctx.actor.user_id == a.author_id;
    let desk = desk_for(&ctx.actor, &ancestry, is_author);
    let writes = ctx.actor.may(
        Action::WriteArticles,
        &Target::Unit {
            ancestry: &ancestry,
        },
    );
    if !(desk.is_editor || (is_author && writes)) {
        // Someone else's draft is not even acknowledged to a contributor.
        return Err(if ctx.actor.is_signed_in() {
            AppError::NotFound("article")
        } else {
            AppError::Unauthenticated
        });
    }
    Ok((a, desk))
}

fn state_of(a: &Article) -> AppResult<ArticleState> {
    a.state.parse().map_err(AppError::Internal)
}

/// Whether this desk may change the text now: authors until they submit, the desk always
/// (corrections to a published article included).
pub fn may_edit(state: ArticleState, desk: article::Desk) -> bool {
    (desk.is_editor && state.editable())
        || (desk.is_author && matches!(state, ArticleState::Draft | ArticleState::ChangesRequested))
}

/// Saves new content as a new revision. `expected_revision` guards against overwriting a save
/// made in between by someone else.
pub async fn edit(
    app: &App,
    ctx: &Ctx,
    id: i64,
    expected_revision: Option<i64>,
    d: Draft,
) -> AppResult<i64> {
    let t = now();
    let mut tx = app.db.write().await?;
    let (a, desk) = load(&mut tx, ctx, id).await?;
    let state = state_of(&a)?;
    if !may_edit(state, desk) {
        return Err(AppError::invalid(
            "state",
            &format!(
                "Bài ở trạng thái “{}” nên bạn không sửa được.",
                state.label_vi()
            ),
            &format!(
                "The article is “{}”, so you cannot edit it.",
                state.label_en()
            ),
        ));
    }
    let v = validate(&mut tx, a.council_id, &d).await?;
    let expected = expected_revision.unwrap_or(a.revision);
    if v.slug != a.slug {
        articles::add_former_slug(&mut tx, id, &a.slug).await?;
    }
    let saved = articles::update_content(
        &mut tx,
        id,
        expected,
        &articles::Content {
            category_id: v.category.id,
            title: &v.title,
            title_folded: &v.title_folded,
            slug: &v.slug,
            lead: &v.lead,
            body_md: &v.body_md,
            body_html: &v.body_html,
            source: v.source.as_deref(),
            credit: v.credit.as_deref(),
        },
        t,
    )
    .await?;
    if !saved {
        return Err(AppError::invalid(
            "revision",
            "Bài vừa được người khác sửa. Hãy tải lại trang, xem thay đổi rồi sửa tiếp.",
            "Someone else saved this article meanwhile. Reload, review their change and edit again.",
        ));
    }
    let number = expected + 1;
    articles::insert_revision(
        &mut tx,
        &articles::NewRevision {
            article_id: id,
            number,
            title: &v.title,
            lead: &v.lead,
            body_md: &v.body_md,
            source: v.source.as_deref(),
            editor: &ctx.actor.label,
            at: t,
        },
    )
    .await?;
    articles::set_tags(&mut tx, id, &v.tags).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        change("edited", &a, serde_json::json!({ "revision": number })),
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// What some actions need besides the action itself.
#[derive(Debug, Clone, Default)]
pub struct ActInput {
    /// Required to unpublish (shown to the desk).
    pub reason: Option<String>,
    /// Required to schedule: when to publish (must be in the future).
    pub at: Option<OffsetDateTime>,
    /// A note to the author; required when asking for changes.
    pub comment: Option<String>,
}

/// Moves an article through the workflow.
pub async fn act(
    app: &App,
    ctx: &Ctx,
    id: i64,
    action: ArticleAction,
    input: ActInput,
) -> AppResult<ArticleState> {
    let t = now();
    let mut tx = app.db.write().await?;
    let (a, desk) = load(&mut tx, ctx, id).await?;
    let from = state_of(&a)?;
    let to = match article::transition(from, action, desk) {
        Ok(to) => to,
        Err(Refusal::NotYourRole) => return Err(AppError::Forbidden),
        Err(Refusal::NotFromState) => {
            return Err(AppError::invalid(
                "state",
                &format!(
                    "Không thể “{}” bài đang ở trạng thái “{}”.",
                    action.label_vi(),
                    from.label_vi()
                ),
                &format!(
                    "Cannot “{}” an article that is “{}”.",
                    action.label_en(),
                    from.label_en()
                ),
            ));
        }
    };
    let comment = input
        .comment
        .as_deref()
        .map(|c| vntext::nfc(c.trim()))
        .filter(|c| !c.is_empty());
    let reason = input
        .reason
        .as_deref()
        .map(|r| vntext::nfc(r.trim()))
        .filter(|r| !r.is_empty());
    let mut sc = StateChange {
        to: to.as_str(),
        ..StateChange::default()
    };
    match action {
        ArticleAction::Submit => sc.submitted_at = Some(t),
        ArticleAction::RequestChanges => {
            if comment.is_none() {
                return Err(AppError::invalid(
                    "comment",
                    "Hãy ghi rõ cần sửa gì để cộng tác viên biết.",
                    "Say what needs changing so the contributor knows.",
                ));
            }
            sc.reviewed_at = Some(t);
        }
        ArticleAction::Approve => sc.reviewed_at = Some(t),
        ArticleAction::Schedule => {
            let at = input.at.filter(|at| *at > t).ok_or_else(|| {
                AppError::invalid(
                    "scheduled_at",
                    "Chọn thời điểm đăng trong tương lai (giờ Việt Nam).",
                    "Choose a publication time in the future (Vietnam time).",
                )
            })?;
            sc.scheduled_at = Some(at);
            jobs::enqueue(
                &mut tx,
                PUBLISH_SCHEDULED,
                &serde_json::json!({ "article_id": id }),
                at,
                5,
            )
            .await?;
        }
        ArticleAction::Publish => {
            sc.published_at = Some(t);
            sc.clear_schedule = true;
        }
        ArticleAction::Unpublish => {
            let Some(r) = reason.as_deref() else {
                return Err(AppError::invalid(
                    "reason",
                    "Hãy ghi lý do gỡ bài.",
                    "Give the reason for unpublishing.",
                ));
            };
            sc.unpublish_reason = Some(r);
            sc.clear_schedule = true;
        }
        ArticleAction::Archive | ArticleAction::Reopen => {}
    }
    if !articles::set_state(&mut tx, id, from.as_str(), &sc, t).await? {
        return Err(AppError::invalid(
            "state",
            "Bài vừa được người khác chuyển trạng thái. Hãy tải lại trang.",
            "Someone else moved this article meanwhile. Reload the page.",
        ));
    }
    articles::insert_transition(
        &mut tx,
        id,
        from.as_str(),
        to.as_str(),
        &ctx.actor.label,
        reason.as_deref(),
        t,
    )
    .await?;
    if let Some(c) = &comment {
        articles::insert_comment(&mut tx, id, &ctx.actor.label, c, t).await?;
    }
    let details = serde_json::json!({ "from": from.as_str(), "to": to.as_str(), "reason": reason });
    let verb = match action {
        ArticleAction::Submit => "submitted",
        ArticleAction::RequestChanges => "changes_requested",
        ArticleAction::Approve => "approved",
        ArticleAction::Schedule => "scheduled",
        ArticleAction::Publish => "published",
        ArticleAction::Unpublish => "unpublished",
        ArticleAction::Archive => "archived",
        ArticleAction::Reopen => "reopened",
    };
    record::change(&mut tx, ctx, t, change(verb, &a, details)).await?;
    tx.commit().await?;
    Ok(to)
}

pub async fn comment(app: &App, ctx: &Ctx, id: i64, body: &str) -> AppResult<()> {
    let body = vntext::nfc(body.trim());
    let n = body.chars().count();
    if n == 0 || n > 5000 {
        return Err(AppError::invalid(
            "comment",
            "Nhận xét từ 1 đến 5.000 ký tự.",
            "A comment has 1 to 5,000 characters.",
        ));
    }
    let t = now();
    let mut tx = app.db.write().await?;
    let (a, _) = load(&mut tx, ctx, id).await?;
    articles::insert_comment(&mut tx, id, &ctx.actor.label, &body, t).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        change("commented", &a, serde_json::json!({})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Everything the desk page of one article shows.
#[derive(Debug, Clone)]
pub struct DeskArticle {
    pub article: Article,
    pub state: ArticleState,
    pub tags: Vec<(String, String)>,
    pub revisions: Vec<Revision>,
    pub comments: Vec<Comment>,
    pub transitions: Vec<Transition>,
    pub images: Vec<articles::Image>,
    pub actions: Vec<ArticleAction>,
    pub can_edit: bool,
    pub categories: Vec<articles::Category>,
    pub related: Vec<i64>,
    /// The council's special sections, and the ones this article is in.
    pub sections: Vec<articles::Section>,
    pub in_sections: Vec<articles::Section>,
}

pub async fn view(app: &App, ctx: &Ctx, id: i64) -> AppResult<DeskArticle> {
    let mut tx = app.db.read().await?;
    let (a, desk) = load(&mut tx, ctx, id).await?;
    let state = state_of(&a)?;
    Ok(DeskArticle {
        tags: articles::tags(&mut tx, id).await?,
        revisions: articles::revisions(&mut tx, id).await?,
        comments: articles::comments(&mut tx, id).await?,
        transitions: articles::transitions(&mut tx, id).await?,
        images: articles::images(&mut tx, id).await?,
        categories: articles::categories(&mut tx, a.council_id).await?,
        related: articles::related_ids(&mut tx, id).await?,
        sections: articles::sections(&mut tx, a.council_id).await?,
        in_sections: articles::article_sections(&mut tx, id).await?,
        actions: article::available(state, desk),
        can_edit: may_edit(state, desk),
        state,
        article: a,
    })
}

/// The desk's list: a contributor's own articles, or everything in a reviewer's units.
pub async fn list(
    app: &App,
    ctx: &Ctx,
    state: Option<ArticleState>,
    page: i64,
    per_page: i64,
) -> AppResult<Page<Summary>> {
    if !ctx.actor.may(Action::WriteArticles, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let reviewer_scope = if ctx.actor.may(Action::ReviewArticles, &Target::System) {
        Some(None)
    } else {
        ctx.actor
            .unit_for(Action::ReviewArticles.roles())
            .map(|c| Some(c.as_str().to_owned()))
    };
    let filter = match &reviewer_scope {
        Some(unit) => DeskFilter {
            unit_code: unit.as_deref(),
            author_id: None,
            state: state.map(|s| s.as_str()),
        },
        None => DeskFilter {
            unit_code: None,
            author_id: Some(ctx.actor.user_id.unwrap_or(-1)),
            state: state.map(|s| s.as_str()),
        },
    };
    let mut tx = app.db.read().await?;
    Ok(articles::list_desk(&mut tx, &filter, page, per_page).await?)
}

/// Sets the editor-chosen related articles (ids of this council's articles).
pub async fn set_related(app: &App, ctx: &Ctx, id: i64, related: &[i64]) -> AppResult<()> {
    let t = now();
    let mut tx = app.db.write().await?;
    let (a, desk) = load(&mut tx, ctx, id).await?;
    if !desk.is_editor {
        return Err(AppError::Forbidden);
    }
    let mut valid = Vec::new();
    for r in related.iter().take(10) {
        match articles::find(&mut tx, *r).await? {
            Some(other) if other.council_id == a.council_id && other.id != id => {
                valid.push(other.id)
            }
            _ => {
                return Err(AppError::invalid(
                    "related",
                    &format!("Không có bài số {r} của HĐND này."),
                    &format!("This council has no article {r}."),
                ));
            }
        }
    }
    articles::set_related(&mut tx, id, &valid).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        change("related_set", &a, serde_json::json!({ "related": valid })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes every scheduled article whose time has come (the scheduled job).
pub async fn publish_due(app: &App) -> AppResult<u64> {
    let t = now();
    let mut tx = app.db.write().await?;
    let due = articles::due_scheduled(&mut tx, t).await?;
    let ctx = Ctx::new(caunoi_domain::Actor {
        label: "lịch đăng".into(),
        ..caunoi_domain::Actor::operator()
    });
    for id in &due {
        let Some(a) = articles::find(&mut tx, *id).await? else {
            continue;
        };
        let at = a.scheduled_at.unwrap_or(t);
        let sc = StateChange {
            to: "published",
            published_at: Some(at),
            clear_schedule: true,
            ..StateChange::default()
        };
        if articles::set_state(&mut tx, *id, "scheduled", &sc, t).await? {
            articles::insert_transition(
                &mut tx,
                *id,
                "scheduled",
                "published",
                &ctx.actor.label,
                None,
                t,
            )
            .await?;
            record::change(
                &mut tx,
                &ctx,
                t,
                change("published", &a, serde_json::json!({ "scheduled": true })),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(due.len() as u64)
}

/// The guidance a council's newsroom gives its contributors (Markdown).
pub async fn guidance(app: &App, ctx: &Ctx) -> AppResult<Option<String>> {
    if !ctx.actor.may(Action::WriteArticles, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut tx = app.db.read().await?;
    let council = target_council(&mut tx, ctx, None).await?;
    Ok(articles::guidance(&mut tx, council)
        .await?
        .map(|md| super::render::markdown_to_html(&md)))
}

pub async fn set_guidance(
    app: &App,
    ctx: &Ctx,
    unit: Option<&str>,
    body_md: &str,
) -> AppResult<()> {
    let t = now();
    let mut tx = app.db.write().await?;
    let council = council_allowing(&mut tx, ctx, unit, Action::ManageNewsroom).await?;
    let council_id = council.id;
    let body = vntext::nfc(body_md.trim());
    if body.chars().count() > 20_000 {
        return Err(AppError::invalid(
            "guidance",
            "Hướng dẫn tối đa 20.000 ký tự.",
            "Guidance has at most 20,000 characters.",
        ));
    }
    articles::set_guidance(&mut tx, council_id, &body, t).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "guidance_set",
            target_kind: "newsroom",
            target_id: Some(council_id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a role belongs to the desk (for showing the newsroom in the workspace).
pub fn is_newsroom_role(r: Role) -> bool {
    Action::WriteArticles.roles().contains(&r)
}

/// The guidance as written (Markdown), for the desk to edit.
pub async fn guidance_source(app: &App, ctx: &Ctx) -> AppResult<Option<String>> {
    if !ctx.actor.may(Action::ManageNewsroom, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut tx = app.db.read().await?;
    let council = target_council(&mut tx, ctx, None).await?;
    Ok(articles::guidance(&mut tx, council).await?)
}

/// Creates a special section (chuyên trang) of the actor's council; its slug comes from its name.
pub async fn create_section(
    app: &App,
    ctx: &Ctx,
    name: &str,
    description: &str,
) -> AppResult<String> {
    let name = vntext::nfc(name.trim());
    let description = vntext::nfc(description.trim());
    let slug = vntext::slug(&name);
    if name.is_empty() || name.chars().count() > 150 || slug.is_empty() {
        return Err(AppError::invalid(
            "name",
            "Tên chuyên trang là bắt buộc, tối đa 150 ký tự, có chữ hoặc số.",
            "A section needs a name of at most 150 characters with letters or digits.",
        ));
    }
    if description.chars().count() > 2000 {
        return Err(AppError::invalid(
            "description",
            "Giới thiệu tối đa 2.000 ký tự.",
            "The description has at most 2,000 characters.",
        ));
    }
    let t = now();
    let mut tx = app.db.write().await?;
    let council = council_allowing(&mut tx, ctx, None, Action::ManageNewsroom).await?;
    let council_id = council.id;
    if articles::section_by_slug(&mut tx, council_id, &slug)
        .await?
        .is_some()
    {
        return Err(AppError::invalid(
            "name",
            "Đã có chuyên trang cùng tên.",
            "A section with this name exists.",
        ));
    }
    let id = articles::insert_section(&mut tx, council_id, &slug, &name, &description, t).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "created",
            target_kind: "special_section",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "slug": slug }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(slug)
}

/// Puts an article into a special section of its council.
pub async fn add_to_section(app: &App, ctx: &Ctx, id: i64, section_slug: &str) -> AppResult<()> {
    let t = now();
    let mut tx = app.db.write().await?;
    let (a, desk) = load(&mut tx, ctx, id).await?;
    if !desk.is_editor {
        return Err(AppError::Forbidden);
    }
    let section = articles::section_by_slug(&mut tx, a.council_id, section_slug.trim())
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "section",
                "Không có chuyên trang này.",
                "No such special section.",
            )
        })?;
    articles::add_to_section(&mut tx, section.id, id).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        change(
            "added_to_section",
            &a,
            serde_json::json!({ "section": section.slug }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The categories a writer may file a new article under (their council's).
pub async fn writing_categories(app: &App, ctx: &Ctx) -> AppResult<Vec<articles::Category>> {
    let mut tx = app.db.write().await?;
    let council = council_allowing(&mut tx, ctx, None, Action::WriteArticles).await?;
    let categories = super::ensure_categories(&mut tx, council.id).await?;
    tx.commit().await?;
    Ok(categories)
}

/// The special sections of the council the actor manages the newsroom of.
pub async fn managed_sections(app: &App, ctx: &Ctx) -> AppResult<Vec<articles::Section>> {
    let mut tx = app.db.read().await?;
    let council = council_allowing(&mut tx, ctx, None, Action::ManageNewsroom).await?;
    Ok(articles::sections(&mut tx, council.id).await?)
}
