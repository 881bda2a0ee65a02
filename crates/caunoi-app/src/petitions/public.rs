//! The public record of petitions (never personal data; the submitter's name only with their
//! consent) and what a submitter can do with their tracking code: follow it, export and delete
//! their personal data.

use super::{find, timeliness, work_calendar};
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::petition::{Timeliness, TrackingCode};
use caunoi_store::petitions::{self, Contact, Petition, Transition};
use caunoi_store::{councils, now};

/// The public list counts its matches up to this many; a larger total is shown as "more
/// than" (an exact count would read all 100,000 petitions of a large council at each page).
pub const PUBLIC_COUNT_LIMIT: i64 = 10_000;

/// The same for a title search, which tests every title it counts: a common word matches a
/// tenth of all petitions, and counting ten thousand of them costs more than the page.
pub const SEARCH_COUNT_LIMIT: i64 = 1_000;

/// How far the public list counts for this query.
pub fn count_limit(q: &PublicQuery) -> i64 {
    if q.q.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        SEARCH_COUNT_LIMIT
    } else {
        PUBLIC_COUNT_LIMIT
    }
}

#[derive(Debug, Clone, Default)]
pub struct PublicQuery {
    pub q: Option<String>,
    pub field: Option<String>,
    pub agency: Option<i64>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub petition: Petition,
    pub timeliness: Timeliness,
    /// How many times the matter was raised: 1 + the petitions merged into this one.
    pub times_raised: i64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PublicList {
    pub items: Page<Listed>,
    pub fields: Vec<petitions::Field>,
    pub agencies: Vec<petitions::Agency>,
}

/// Moderated petitions of the site's council, newest first, with filters and title search.
pub async fn list(app: &App, q: &PublicQuery, page: i64, per_page: i64) -> AppResult<PublicList> {
    let mut tx = app.db.read().await?;
    let council = councils::primary(&mut tx)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let fields = petitions::fields(&mut tx, council.id).await?;
    let agencies = petitions::agencies(&mut tx, council.id).await?;
    let field_id = match q.field.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => Some(
            fields
                .iter()
                .find(|f| f.slug == slug)
                .map(|f| f.id)
                .ok_or_else(|| {
                    AppError::invalid(
                        "linh_vuc",
                        "Lĩnh vực không có trong danh sách.",
                        "Unknown field.",
                    )
                })?,
        ),
        None => None,
    };
    let state = match q.state.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse::<caunoi_domain::petition::PetitionState>()
                .map_err(|_| {
                    AppError::invalid(
                        "trang_thai",
                        "Trạng thái không có trong danh sách.",
                        "Unknown state.",
                    )
                })?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let text =
        q.q.as_deref()
            .map(|t| vntext::fold(&vntext::nfc(t.trim())))
            .filter(|t| !t.is_empty());
    if text.as_deref().is_some_and(|t| t.chars().count() > 200) {
        return Err(AppError::invalid(
            "q",
            "Từ khóa tối đa 200 ký tự.",
            "At most 200 characters.",
        ));
    }
    let filter = petitions::Filter {
        council_id: Some(council.id),
        field_id,
        agency_id: q.agency,
        state,
        text,
        public_only: true,
        count_limit: Some(count_limit(q)),
        ..petitions::Filter::default()
    };
    let mut found = petitions::list(&mut tx, &filter, page, per_page).await?;
    for p in &mut found.items {
        hide_unpublished_answer(p);
    }
    let cal = work_calendar(&mut tx).await?;
    let ids: Vec<i64> = found.items.iter().map(|p| p.id).collect();
    let merged: std::collections::HashMap<i64, i64> =
        caunoi_store::petition_groups::merged_counts(&mut tx, &ids)
            .await?
            .into_iter()
            .collect();
    Ok(PublicList {
        items: Page {
            items: found
                .items
                .into_iter()
                .map(|p| Listed {
                    timeliness: timeliness(&p, &cal),
                    times_raised: 1 + merged.get(&p.id).copied().unwrap_or(0),
                    petition: p,
                })
                .collect(),
            total: found.total,
            page: found.page,
            per_page: found.per_page,
        },
        fields,
        agencies,
    })
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PetitionPage {
    pub petition: Petition,
    pub timeliness: Timeliness,
    pub timeline: Vec<Transition>,
    /// The group this one was merged into.
    pub merged_into: Option<Petition>,
}

/// An answer is public once the office publishes it.
fn hide_unpublished_answer(p: &mut Petition) {
    if !matches!(p.state.as_str(), "published" | "closed" | "reopened") {
        p.answer = None;
        p.answer_kind = None;
        p.promised_on = None;
    }
}

/// The public timeline names no one: staff accounts are e-mail addresses.
fn anonymous_steps(mut steps: Vec<Transition>) -> Vec<Transition> {
    for s in &mut steps {
        s.actor_label = String::new();
    }
    steps
}

pub(crate) fn public(p: &Petition) -> bool {
    p.moderation == "approved" && p.state != "rejected"
}

/// A petition's public page: timeline and answer once published; never personal data.
pub async fn page(app: &App, id: i64) -> AppResult<PetitionPage> {
    let mut tx = app.db.read().await?;
    let mut p = find(&mut tx, id).await?;
    if !public(&p) {
        return Err(AppError::NotFound("petition"));
    }
    hide_unpublished_answer(&mut p);
    let cal = work_calendar(&mut tx).await?;
    let merged_into = match p.merged_into {
        Some(m) => petitions::find(&mut tx, m)
            .await?
            .filter(public)
            .map(|mut lead| {
                hide_unpublished_answer(&mut lead);
                lead
            }),
        None => None,
    };
    Ok(PetitionPage {
        timeliness: timeliness(&p, &cal),
        timeline: anonymous_steps(petitions::transitions(&mut tx, id, true).await?),
        merged_into,
        petition: p,
    })
}

/// The submitter's check: the code and the e-mail (or phone) they gave must match.
pub(super) async fn own(
    tx: &mut caunoi_store::Tx,
    code: &str,
    contact: &str,
) -> AppResult<(Petition, Contact)> {
    let not_found = || {
        AppError::invalid(
            "code",
            "Mã theo dõi và e-mail (hoặc số điện thoại) không khớp với kiến nghị nào.",
            "The tracking code and e-mail (or phone) match no petition.",
        )
    };
    let code = TrackingCode::parse(code).ok_or_else(not_found)?;
    let p = petitions::find_by_code(tx, code.as_str())
        .await?
        .ok_or_else(not_found)?;
    let c = petitions::contact(tx, p.id).await?.ok_or_else(not_found)?;
    let given = contact.trim().to_lowercase();
    let digits: String = given.chars().filter(|c| c.is_ascii_digit()).collect();
    let matches = c.email.as_deref().is_some_and(|e| e == given)
        || (!digits.is_empty()
            && c.phone.as_deref().is_some_and(|p| {
                p.trim_start_matches('+').ends_with(&digits) && digits.len() >= 9
            }));
    if !matches {
        return Err(not_found());
    }
    Ok((p, c))
}

/// Where the submitter's petition stands (also before moderation), with its whole timeline.
pub async fn track(app: &App, code: &str, contact: &str) -> AppResult<PetitionPage> {
    let mut tx = app.db.read().await?;
    let (mut p, _) = own(&mut tx, code, contact).await?;
    // The petitioner sees the answer when the public does: once the office publishes it.
    hide_unpublished_answer(&mut p);
    let cal = work_calendar(&mut tx).await?;
    // Merged into a group: the group's answer is the answer to this petition too.
    let merged_into = match p.merged_into {
        Some(m) => petitions::find(&mut tx, m)
            .await?
            .filter(public)
            .map(|mut lead| {
                hide_unpublished_answer(&mut lead);
                lead
            }),
        None => None,
    };
    Ok(PetitionPage {
        timeliness: timeliness(&p, &cal),
        timeline: anonymous_steps(petitions::transitions(&mut tx, p.id, true).await?),
        merged_into,
        petition: p,
    })
}

/// The submitter's verdict on a published answer: was the matter resolved? It feeds the
/// agencies' statistics; it can be changed until the petition is closed.
pub async fn rate_answer(
    app: &App,
    ctx: &Ctx,
    code: &str,
    contact: &str,
    verdict: &str,
) -> AppResult<()> {
    let verdict = match verdict.trim() {
        v @ ("yes" | "partly" | "no") => v,
        _ => {
            return Err(AppError::invalid(
                "verdict",
                "Chọn: đã giải quyết, giải quyết một phần, hoặc chưa giải quyết.",
                "Choose resolved, partly resolved or not resolved.",
            ));
        }
    };
    let mut tx = app.db.write().await?;
    let (p, _) = own(&mut tx, code, contact).await?;
    if p.state != "published" {
        return Err(AppError::invalid(
            "verdict",
            "Chỉ đánh giá được khi câu trả lời đã được công khai và việc giải quyết chưa kết thúc.",
            "You can rate the answer once it is published and until the petition is closed.",
        ));
    }
    let mut w = petitions::Processing::of(&p);
    w.satisfaction = Some(verdict.to_owned());
    let t = now();
    super::save_processing(&mut tx, p.id, &w, t).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "rated",
            target_kind: "petition",
            target_id: Some(p.id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "code": p.code, "verdict": verdict }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Everything stored about the submitter for this petition (their right of access).
pub async fn my_data(
    app: &App,
    ctx: &Ctx,
    code: &str,
    contact: &str,
) -> AppResult<serde_json::Value> {
    let mut tx = app.db.write().await?;
    let (p, c) = own(&mut tx, code, contact).await?;
    record::audit_only(
        &mut tx,
        ctx,
        now(),
        &Change {
            action: "contact_exported",
            target_kind: "petition",
            target_id: Some(p.id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "code": p.code }),
        },
    )
    .await?;
    let photos = caunoi_store::petition_photos::of_petition(&mut tx, p.id).await?;
    tx.commit().await?;
    let photos = super::photos::for_export(app, &photos).await?;
    Ok(serde_json::json!({
        "petition": { "code": p.code, "title": p.title, "body": p.body, "received_at": p.received_at, "state": p.state },
        "contact": c,
        "photos": photos,
    }))
}

/// Deletes the submitter's personal data; the petition stays, anonymous.
pub async fn delete_my_data(app: &App, ctx: &Ctx, code: &str, contact: &str) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let (p, _) = own(&mut tx, code, contact).await?;
    petitions::delete_contact(&mut tx, p.id).await?;
    petitions::clear_public_name(&mut tx, p.id).await?;
    // The photos are the citizen's too; their files go once the deletion is committed.
    let orphans = caunoi_store::petition_photos::delete_of_petition(&mut tx, p.id).await?;
    let t = now();
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "contact_deleted",
            target_kind: "petition",
            target_id: Some(p.id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "code": p.code, "by": "submitter", "photos_deleted": orphans.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    super::photos::remove_files(app, &orphans).await;
    Ok(())
}
