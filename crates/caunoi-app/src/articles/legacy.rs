//! Importing articles from the plain-text exports of older council portals. They are
//! published with their original time; importing the same file twice changes nothing; the
//! stray "tin nhap" lines become related-article links when their target exists (now or later).

use crate::accounts::deny;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::{Action, Target, UnitCode};
use caunoi_store::{articles, councils, now};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created(i64),
    /// Already imported (same time and title): nothing was written.
    Unchanged(i64),
}

pub async fn import(app: &App, ctx: &Ctx, unit: Option<&str>, bytes: &[u8]) -> AppResult<Outcome> {
    let parsed = caunoi_import::parse_legacy_article(bytes)
        .map_err(|e| AppError::invalid("file", &e.message_vi(), &e.to_string()))?;
    let t = now();
    let mut tx = app.db.write().await?;
    let council = match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => councils::find_by_unit_code(&mut tx, UnitCode::parse(u)?.as_str()).await?,
        None => councils::primary(&mut tx).await?,
    }
    .ok_or_else(|| {
        AppError::invalid(
            "unit",
            "Chưa có HĐND để nhận bài.",
            "There is no council to import into.",
        )
    })?;
    let (_, ancestry) = super::council_ancestry(&mut tx, council.id).await?;
    if !ctx.actor.may(
        Action::PublishArticles,
        &Target::Unit {
            ancestry: &ancestry,
        },
    ) {
        return Err(deny(ctx));
    }
    if let Some(existing) = articles::find_by_fingerprint(&mut tx, &parsed.fingerprint).await? {
        return Ok(Outcome::Unchanged(existing.id));
    }
    let categories = super::ensure_categories(&mut tx, council.id).await?;
    let slug = caunoi_import::category_slug(&parsed.category);
    let category_id = match categories.iter().find(|c| c.slug == slug) {
        Some(c) => c.id,
        None => {
            articles::insert_category(
                &mut tx,
                council.id,
                &slug,
                &parsed.category,
                categories.len() as i64,
            )
            .await?
        }
    };
    let body_md = parsed.body_markdown();
    let body_html = super::render::markdown_to_html(&body_md);
    let title_folded = vntext::fold(&parsed.title);
    let article_slug = Some(vntext::slug(&parsed.title))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "bai-viet".into());
    let id = articles::insert(
        &mut tx,
        &articles::NewArticle {
            council_id: council.id,
            category_id,
            state: "published",
            title: &parsed.title,
            title_folded: &title_folded,
            slug: &article_slug,
            lead: &parsed.lead,
            body_md: &body_md,
            body_html: &body_html,
            source: parsed.source.as_deref(),
            credit: None,
            author_id: None,
            now: t,
            published_at: Some(parsed.published_at),
            legacy_fingerprint: Some(&parsed.fingerprint),
        },
    )
    .await?;
    articles::insert_revision(
        &mut tx,
        &articles::NewRevision {
            article_id: id,
            number: 1,
            title: &parsed.title,
            lead: &parsed.lead,
            body_md: &body_md,
            source: parsed.source.as_deref(),
            editor: &ctx.actor.label,
            at: t,
        },
    )
    .await?;
    articles::insert_transition(
        &mut tx,
        id,
        "imported",
        "published",
        &ctx.actor.label,
        None,
        t,
    )
    .await?;
    for (pos, title) in parsed.related_titles.iter().enumerate() {
        let folded = vntext::fold(title);
        match articles::published_by_folded_title(&mut tx, council.id, &folded).await? {
            Some(target) => articles::add_related(&mut tx, id, target, pos as i64).await?,
            None => articles::add_pending_related(&mut tx, id, &folded, pos as i64).await?,
        }
    }
    articles::resolve_pending_related(&mut tx, id, council.id, &title_folded).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "published",
            target_kind: "article",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "imported": true, "title": parsed.title }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Created(id))
}
