//! Near-duplicate petitions: groups proposed from the similarity index, confirmed by the office
//! (the members are merged into a lead petition, answered once) or dismissed, the group as the
//! public sees it, and suggestions (similar petitions, field and agency) for the staff view.
//!
//! A group is not a second concept beside "merge": confirming one merges each member into the
//! lead exactly as the merge action does (state `merged`, `merged_into` = lead, voters added to
//! the lead); the `petition_group` row records who confirmed it and when.
//!
//! The index ([`caunoi_search::similar::Dedup`]) lives in this process, one per council, in
//! [`SimilarCache`]. Each use asks the database for the council's petition count and latest
//! change; when either moved, only the petitions changed since are read and re-added (adding an
//! id again replaces its text). A few new or edited texts join the built index in place (see
//! `caunoi_search::similar`, "Changes"), so the similar petitions beside one petition stay a
//! look-up of milliseconds while petitions arrive; a large change rebuilds the weights and
//! signatures on the next look-up. Groups for the proposals page are recomputed once per
//! change. The dedup benchmark (`bench/results/dedup.md`) measures each step at 100,000
//! petitions.

use super::{ancestry, find};
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::petition::{self as rules, PetitionAction, PetitionState};
use caunoi_domain::{Action, Role, Target};
use caunoi_search::similar::{Dedup, Params};
use caunoi_store::petition_groups::{self as store, IndexRow, Member};
use caunoi_store::petitions::{self, Petition, Processing, Transition};
use caunoi_store::{Tx, councils, now};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

/// The most proposals one page lists (the strongest first).
pub const MAX_PROPOSALS: usize = 50;
/// Similar petitions shown beside one petition.
pub const SIMILAR_SHOWN: usize = 8;

/// Per-council similarity indexes of this process.
#[derive(Default)]
pub struct SimilarCache {
    councils: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<CouncilIndex>>>>,
}

/// What the index remembers of a petition besides its text.
#[derive(Debug, Clone)]
struct Meta {
    code: String,
    title: String,
    state: String,
    moderation: String,
    field_id: Option<i64>,
    agency_id: Option<i64>,
    merged_into: Option<i64>,
    /// Hash of the indexed text: a change of state or classification leaves the text, and so
    /// the index, as it was.
    text_hash: u64,
}

/// How far before the latest change already seen a refresh looks again: a transaction that
/// took its timestamp before another's but committed after it is still read (re-adding an
/// unchanged row costs nothing).
const LOOKBACK: time::Duration = time::Duration::minutes(5);

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

struct CouncilIndex {
    dedup: Dedup,
    meta: HashMap<i64, Meta>,
    /// Petition count and latest `updated_at` the index reflects.
    fingerprint: (i64, Option<OffsetDateTime>),
    /// Groups of the current content, computed on first use after a change.
    groups: Option<Arc<Vec<Vec<i64>>>>,
}

impl CouncilIndex {
    fn new() -> Self {
        CouncilIndex {
            dedup: Dedup::new(Params::default()),
            meta: HashMap::new(),
            fingerprint: (0, None),
            groups: None,
        }
    }
}

/// The text the index compares: title and body, and the commune the petition came from, the
/// way minutes put it ("Cử tri xã X."), so a text that never names its place still has one.
fn index_text(r: &IndexRow) -> String {
    match &r.unit_name {
        Some(u) => format!("{}. {} Cử tri {}.", r.title, r.body, u),
        None => format!("{}. {}", r.title, r.body),
    }
}

/// Whether a petition can still join a group: moderated and in a state the merge action leaves.
fn open(m: &Meta) -> bool {
    m.moderation == "approved"
        && m.merged_into.is_none()
        && matches!(
            m.state.as_str(),
            "received" | "classified" | "forwarded" | "reopened"
        )
}

fn answered(state: &str) -> bool {
    matches!(state, "published" | "closed")
}

/// The council's index, brought up to date with the database.
async fn current(
    app: &App,
    council_id: i64,
) -> AppResult<tokio::sync::OwnedMutexGuard<CouncilIndex>> {
    let slot = {
        let mut map = app
            .similar
            .councils
            .lock()
            .map_err(|_| AppError::Internal("similarity cache poisoned".into()))?;
        map.entry(council_id)
            .or_insert_with(|| Arc::new(tokio::sync::Mutex::new(CouncilIndex::new())))
            .clone()
    };
    let mut guard = slot.lock_owned().await;
    let mut tx = app.db.read().await?;
    let fingerprint = store::fingerprint(&mut tx, council_id).await?;
    if fingerprint == guard.fingerprint {
        return Ok(guard);
    }
    let since = guard.fingerprint.1.map(|t| t - LOOKBACK);
    let rows = store::changed_since(&mut tx, council_id, since).await?;
    drop(tx);
    guard = tokio::task::spawn_blocking(move || {
        // Only new or edited texts go back into the index (and make it rebuild its weights);
        // the rest of a change (state, field, agency, merge) is kept beside it.
        let mut items: Vec<(i64, String)> = Vec::new();
        let mut meta = Vec::with_capacity(rows.len());
        for r in rows {
            let text = index_text(&r);
            let h = text_hash(&text);
            if guard.meta.get(&r.id).is_none_or(|m| m.text_hash != h) {
                items.push((r.id, text));
            }
            meta.push((
                r.id,
                Meta {
                    code: r.code,
                    title: r.title,
                    state: r.state,
                    moderation: r.moderation,
                    field_id: r.field_id,
                    agency_id: r.agency_id,
                    merged_into: r.merged_into,
                    text_hash: h,
                },
            ));
        }
        if !items.is_empty() {
            guard.dedup.extend(&items);
            guard.groups = None;
        }
        guard.meta.extend(meta);
        guard.fingerprint = fingerprint;
        guard
    })
    .await
    .map_err(|e| AppError::Internal(format!("similarity index: {e}")))?;
    Ok(guard)
}

/// The groups of the index's current content (computed once per change, off the async threads).
async fn groups_of(
    mut guard: tokio::sync::OwnedMutexGuard<CouncilIndex>,
) -> AppResult<(
    tokio::sync::OwnedMutexGuard<CouncilIndex>,
    Arc<Vec<Vec<i64>>>,
)> {
    if let Some(g) = guard.groups.clone() {
        return Ok((guard, g));
    }
    tokio::task::spawn_blocking(move || {
        let g = Arc::new(guard.dedup.groups());
        guard.groups = Some(g.clone());
        (guard, g)
    })
    .await
    .map_err(|e| AppError::Internal(format!("similarity index: {e}")))
}

/// The council whose petitions the office member processes.
async fn office_council(tx: &mut Tx, ctx: &Ctx) -> AppResult<councils::Council> {
    let council = match ctx.actor.unit_for(Action::ProcessPetitions.roles()) {
        Some(code) => councils::find_by_unit_code(tx, code.as_str()).await?,
        None => councils::primary(tx).await?,
    };
    let council = council.ok_or(AppError::NotFound("council"))?;
    let anc = ancestry(tx, council.unit_id).await?;
    if !ctx
        .actor
        .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
    {
        return Err(refuse(ctx));
    }
    Ok(council)
}

fn refuse(ctx: &Ctx) -> AppError {
    if ctx.actor.is_signed_in() {
        crate::accounts::deny(ctx)
    } else {
        AppError::Unauthenticated
    }
}

/// The key a dismissal is remembered by: the sorted ids.
fn key(ids: &[i64]) -> String {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// One proposed group.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Proposal {
    pub members: Vec<Member>,
    /// The petition suggested as lead: one already leading a group, else the most voters,
    /// else the oldest.
    pub lead: i64,
    pub voters: i64,
    /// The sorted ids, as the dismiss form sends them back.
    pub key: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Proposals {
    pub council: String,
    pub proposals: Vec<Proposal>,
    /// Petitions in the index (all of the council's, answered ones too).
    pub indexed: usize,
}

/// Groups proposed over the council's open petitions, the largest first; dismissed sets are
/// left out. Needs the right to process petitions.
pub async fn proposals(app: &App, ctx: &Ctx) -> AppResult<Proposals> {
    let council = {
        let mut tx = app.db.read().await?;
        office_council(&mut tx, ctx).await?
    };
    let (guard, groups) = groups_of(current(app, council.id).await?).await?;
    let mut tx = app.db.read().await?;
    let dismissed: std::collections::HashSet<String> = store::dismissals(&mut tx, council.id)
        .await?
        .into_iter()
        .collect();
    let candidates: Vec<Vec<i64>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .copied()
                .filter(|id| guard.meta.get(id).is_some_and(open))
                .collect::<Vec<_>>()
        })
        .filter(|g| g.len() >= 2 && !dismissed.contains(&key(g)))
        .take(MAX_PROPOSALS)
        .collect();
    let indexed = guard.dedup.len();
    drop(guard);
    // Two queries for the whole page, not two per member.
    let all: Vec<i64> = candidates.iter().flatten().copied().collect();
    let found: HashMap<i64, Member> = store::members_by_id(&mut tx, &all)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let leads: std::collections::HashSet<i64> =
        store::leading(&mut tx, &all).await?.into_iter().collect();
    let mut proposals = Vec::with_capacity(candidates.len());
    for ids in candidates {
        let members: Vec<Member> = ids.iter().filter_map(|id| found.get(id).cloned()).collect();
        if members.len() < 2 {
            continue;
        }
        let lead = members
            .iter()
            .max_by_key(|m| {
                (
                    leads.contains(&m.id),
                    m.voters,
                    std::cmp::Reverse(m.received_at),
                    std::cmp::Reverse(m.id),
                )
            })
            .map(|m| m.id)
            .unwrap_or(ids[0]);
        proposals.push(Proposal {
            voters: members.iter().map(|m| m.voters).sum(),
            key: key(&ids),
            lead,
            members,
        });
    }
    Ok(Proposals {
        council: council.name,
        proposals,
        indexed,
    })
}

fn invalid(field: &'static str, vi: &str, en: &str) -> AppError {
    AppError::invalid(field, vi, en)
}

/// Parses the ids a form sends; an id that is not a number is refused by name.
fn parse_ids(field: &'static str, values: &[String]) -> AppResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(values.len());
    for v in values {
        let id = v.trim().parse::<i64>().map_err(|_| {
            invalid(
                field,
                "Danh sách kiến nghị không hợp lệ; hãy tải lại trang và chọn lại.",
                "The list of petitions is not valid; reload the page and choose again.",
            )
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Loads petitions of one council the actor may process; refuses the whole set otherwise.
async fn load_set(tx: &mut Tx, ctx: &Ctx, ids: &[i64]) -> AppResult<Vec<Petition>> {
    let mut out: Vec<Petition> = Vec::with_capacity(ids.len());
    for &id in ids {
        let p = match petitions::find(tx, id).await? {
            Some(p) => p,
            None => {
                return Err(invalid(
                    "members",
                    "Một kiến nghị trong nhóm không còn tồn tại; hãy tải lại trang.",
                    "A petition of the group no longer exists; reload the page.",
                ));
            }
        };
        if out.first().is_some_and(|f| f.council_id != p.council_id) {
            return Err(invalid(
                "members",
                "Các kiến nghị trong nhóm phải của cùng một Hội đồng.",
                "The petitions of a group must belong to one council.",
            ));
        }
        out.push(p);
    }
    if let Some(first) = out.first() {
        let anc = ancestry(tx, first.council_unit_id).await?;
        if !ctx
            .actor
            .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
        {
            return Err(refuse(ctx));
        }
    }
    Ok(out)
}

/// What the clerk sends to confirm a proposal.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ConfirmInput {
    /// The lead petition's id.
    #[serde(default)]
    pub lead: String,
    /// The ids kept in the group (the lead among them or not).
    #[serde(default)]
    pub members: Vec<String>,
}

/// Confirms a group: every member is merged into the lead (state `merged`, voters added to the
/// lead, each step on both timelines, audited, the member's submitter told), and the group is
/// recorded, all in one transaction. Returns the lead's id.
pub async fn confirm(app: &App, ctx: &Ctx, input: &ConfirmInput) -> AppResult<i64> {
    let mut tx = app.db.write().await?;
    // Who may not process petitions is refused before the form is read.
    office_council(&mut tx, ctx).await?;
    let lead_id = input.lead.trim().parse::<i64>().map_err(|_| {
        invalid(
            "lead",
            "Hãy chọn kiến nghị chính của nhóm.",
            "Choose the lead petition of the group.",
        )
    })?;
    let mut ids = parse_ids("members", &input.members)?;
    if !ids.contains(&lead_id) {
        ids.insert(0, lead_id);
    }
    if ids.len() < 2 {
        return Err(invalid(
            "members",
            "Hãy giữ ít nhất một kiến nghị khác ngoài kiến nghị chính.",
            "Keep at least one petition besides the lead.",
        ));
    }
    let set = load_set(&mut tx, ctx, &ids).await?;
    let lead = set
        .iter()
        .find(|p| p.id == lead_id)
        .cloned()
        .ok_or(AppError::NotFound("petition"))?;
    if lead.state == "merged" || lead.state == "rejected" || lead.moderation == "pending" {
        return Err(invalid(
            "lead",
            "Kiến nghị chính không được là kiến nghị đã gộp, không thụ lý hoặc đang chờ duyệt.",
            "The lead cannot be merged, rejected or awaiting moderation.",
        ));
    }
    let anc = ancestry(&mut tx, lead.council_unit_id).await?;
    let roles: Vec<Role> = ctx.actor.roles_for(&Target::Unit { ancestry: &anc });
    let t = now();
    let mut merged = Vec::new();
    for p in set.iter().filter(|p| p.id != lead_id) {
        let state = p
            .state
            .parse::<PetitionState>()
            .unwrap_or(PetitionState::Received);
        let next = rules::transition(state, PetitionAction::Merge, &roles)
            .ok()
            .filter(|_| p.moderation != "pending")
            .ok_or_else(|| {
                invalid(
                    "members",
                    &format!(
                        "Kiến nghị “{}” ({}) không thể gộp ở trạng thái hiện tại; hãy bỏ chọn.",
                        p.title,
                        state.label_vi()
                    ),
                    "A petition of the group cannot be merged in its state; untick it.",
                )
            })?;
        // The current lead (its voters grow with each member).
        let target = find(&mut tx, lead_id).await?;
        merge_into(&mut tx, ctx, p, &target, next, t).await?;
        merged.push(p.id);
    }
    store::insert_group(&mut tx, lead.council_id, lead_id, &ctx.actor.label, t).await?;
    let lead_now = find(&mut tx, lead_id).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "group_confirmed",
            target_kind: "petition_group",
            target_id: Some(lead_id.to_string()),
            unit_id: Some(lead.council_unit_id),
            details: serde_json::json!({
                "lead": lead.code,
                "members": merged,
                "voters": lead_now.voters,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(lead_id)
}

/// Merges `p` into `target` as the merge action does: voters added to the target, both
/// timelines, the audit row and outbox event of the member, and its submitter's e-mail.
pub(crate) async fn merge_into(
    tx: &mut Tx,
    ctx: &Ctx,
    p: &Petition,
    target: &Petition,
    next: PetitionState,
    t: OffsetDateTime,
) -> AppResult<()> {
    absorb(tx, ctx, p, target, t).await?;
    let mut w = Processing::of(p);
    w.state = next.as_str().to_owned();
    w.merged_into = Some(target.id);
    super::save_processing(tx, p.id, &w, t).await?;
    petitions::insert_transition(
        tx,
        p.id,
        &Transition {
            from_state: Some(p.state.clone()),
            to_state: next.as_str().to_owned(),
            action: PetitionAction::Merge.as_str().to_owned(),
            actor_label: ctx.actor.label.clone(),
            note: format!("Gộp vào kiến nghị “{}”", target.title),
            public: true,
            at: t,
        },
    )
    .await?;
    record::change(
        tx,
        ctx,
        t,
        Change {
            action: PetitionAction::Merge.as_str(),
            target_kind: "petition",
            target_id: Some(p.id.to_string()),
            unit_id: Some(p.council_unit_id),
            details: serde_json::json!({ "code": p.code, "from": p.state, "to": next.as_str(), "into": target.code }),
        },
    )
    .await?;
    super::notify::enqueue(tx, p.id, PetitionAction::Merge.as_str()).await?;
    Ok(())
}

/// The target's side of a merge: it counts the member's voters and says so on its timeline.
pub(crate) async fn absorb(
    tx: &mut Tx,
    ctx: &Ctx,
    p: &Petition,
    target: &Petition,
    t: OffsetDateTime,
) -> AppResult<()> {
    let mut tw = Processing::of(target);
    tw.voters += p.voters;
    super::save_processing(tx, target.id, &tw, t).await?;
    petitions::insert_transition(
        tx,
        target.id,
        &Transition {
            from_state: Some(target.state.clone()),
            to_state: target.state.clone(),
            action: "absorb".into(),
            actor_label: ctx.actor.label.clone(),
            note: format!("Gộp kiến nghị “{}” (+{} cử tri)", p.title, p.voters),
            public: true,
            at: t,
        },
    )
    .await?;
    Ok(())
}

/// What the clerk sends to dismiss a proposal: its petitions' ids.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DismissInput {
    #[serde(default)]
    pub members: Vec<String>,
}

/// Dismisses a proposal: the same set of petitions is not proposed again (audited, on the
/// outbox).
pub async fn dismiss(app: &App, ctx: &Ctx, input: &DismissInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    office_council(&mut tx, ctx).await?;
    let ids = parse_ids("members", &input.members)?;
    if ids.len() < 2 {
        return Err(invalid(
            "members",
            "Đề xuất cần ít nhất hai kiến nghị; hãy tải lại trang.",
            "A proposal has at least two petitions; reload the page.",
        ));
    }
    let set = load_set(&mut tx, ctx, &ids).await?;
    let first = set.first().ok_or(AppError::NotFound("petition"))?;
    let k = key(&ids);
    let t = now();
    store::insert_dismissal(&mut tx, first.council_id, &k, &ctx.actor.label, t).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "group_dismissed",
            target_kind: "petition_group",
            target_id: Some(k.clone()),
            unit_id: Some(first.council_unit_id),
            details: serde_json::json!({ "members": ids }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A group as the public sees it: the lead and the petitions merged into it (no personal data).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PublicGroup {
    pub lead: Member,
    pub members: Vec<Member>,
    /// Voters behind the matter: the lead's count, which each merge added to.
    pub voters: i64,
    /// How many times the matter was raised (petitions in the group).
    pub petitions: i64,
}

fn shown(m: &Member) -> bool {
    m.moderation == "approved" && m.state != "rejected"
}

/// The group a public petition belongs to (as lead or member), if it has other petitions.
pub async fn public_group(app: &App, id: i64) -> AppResult<Option<PublicGroup>> {
    let mut tx = app.db.read().await?;
    let p = find(&mut tx, id).await?;
    let lead_id = p.merged_into.unwrap_or(p.id);
    let Some(lead) = store::members_by_id(&mut tx, &[lead_id])
        .await?
        .into_iter()
        .next()
        .filter(shown)
    else {
        return Ok(None);
    };
    let members: Vec<Member> = store::members(&mut tx, lead_id)
        .await?
        .into_iter()
        .filter(shown)
        .collect();
    if members.is_empty() {
        return Ok(None);
    }
    Ok(Some(PublicGroup {
        voters: lead.voters,
        petitions: 1 + members.len() as i64,
        lead,
        members,
    }))
}

/// A similar petition beside the one the clerk reads.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SimilarPetition {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub state: String,
    pub answered: bool,
    /// Similarity in `0.0..=1.0`.
    pub score: f64,
}

/// A suggested field or agency: the id, and how many of the similar petitions carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Suggested {
    pub id: i64,
    pub count: usize,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Suggestions {
    pub similar: Vec<SimilarPetition>,
    pub field: Option<Suggested>,
    pub agency: Option<Suggested>,
}

/// The value most of `values` share, with its count; none when no value has a strict
/// majority of the similar petitions that carry one (a split vote suggests nothing).
fn majority(values: impl Iterator<Item = i64>) -> Option<Suggested> {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    let mut total = 0;
    for v in values {
        total += 1;
        match counts.iter_mut().find(|c| c.0 == v) {
            Some(c) => c.1 += 1,
            None => counts.push((v, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|c| (c.1, std::cmp::Reverse(c.0)))
        .filter(|c| c.1 * 2 > total)
        .map(|(id, count)| Suggested { id, count })
}

/// Similar petitions of the same council (past answered ones too) and the field and agency
/// most of them were given; only the office sees them (an agency sees only its own petitions).
/// Never applied: the staff page pre-selects them in its forms.
pub async fn suggestions(app: &App, ctx: &Ctx, id: i64) -> AppResult<Suggestions> {
    let p = {
        let mut tx = app.db.read().await?;
        let p = find(&mut tx, id).await?;
        let anc = ancestry(&mut tx, p.council_unit_id).await?;
        if !ctx
            .actor
            .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
        {
            return Ok(Suggestions::default());
        }
        p
    };
    let text = index_text(&IndexRow {
        id: p.id,
        code: p.code.clone(),
        title: p.title.clone(),
        body: p.body.clone(),
        state: p.state.clone(),
        moderation: p.moderation.clone(),
        unit_name: p.unit_name.clone(),
        field_id: p.field_id,
        agency_id: p.agency_id,
        merged_into: p.merged_into,
        updated_at: p.updated_at,
    });
    let guard = current(app, p.council_id).await?;
    let (guard, found) = tokio::task::spawn_blocking(move || {
        let found = guard.dedup.similar(&text, SIMILAR_SHOWN * 2 + 1);
        (guard, found)
    })
    .await
    .map_err(|e| AppError::Internal(format!("similarity index: {e}")))?;
    let similar: Vec<(SimilarPetition, Meta)> = found
        .into_iter()
        .filter(|(other, _)| *other != p.id)
        .filter_map(|(other, score)| {
            let m = guard.meta.get(&other)?;
            (m.moderation != "spam" && m.merged_into != Some(p.id)).then(|| {
                (
                    SimilarPetition {
                        id: other,
                        code: m.code.clone(),
                        title: m.title.clone(),
                        state: m.state.clone(),
                        answered: answered(&m.state),
                        score,
                    },
                    m.clone(),
                )
            })
        })
        .take(SIMILAR_SHOWN)
        .collect();
    drop(guard);
    Ok(Suggestions {
        field: majority(similar.iter().filter_map(|(_, m)| m.field_id)),
        agency: majority(similar.iter().filter_map(|(_, m)| m.agency_id)),
        similar: similar.into_iter().map(|(s, _)| s).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_majority_needs_more_than_half_of_the_votes() {
        assert_eq!(
            majority([3, 3, 5].into_iter()),
            Some(Suggested { id: 3, count: 2 })
        );
        assert_eq!(majority([3, 5].into_iter()), None);
        assert_eq!(majority(std::iter::empty()), None);
        assert_eq!(
            majority([7].into_iter()),
            Some(Suggested { id: 7, count: 1 })
        );
    }

    #[test]
    fn a_dismissal_key_ignores_order_and_repeats() {
        assert_eq!(key(&[5, 2, 9, 2]), "2,5,9");
        assert_eq!(key(&[9, 5, 2]), key(&[2, 5, 9]));
    }
}
