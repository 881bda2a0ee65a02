//! Voters' petitions (kiến nghị) on the public site: the moderated list with filters, each
//! petition's page, the online form, the thank-you page with the tracking code, and tracking
//! with the submitter's own data (export, delete). No JavaScript; no personal data in public.
//!
//! The form carries `t`, the time it was rendered, signed with HMAC-SHA256 so the fill time the
//! intake checks cannot be forged. The key comes from `CAUNOI_FORM_SECRET` when set, else from a
//! random value drawn once per process: an install with several nodes behind a load balancer
//! must set the same `CAUNOI_FORM_SECRET` on each, or a form shown by one node and sent to
//! another is refused as sent too fast.

use crate::AppState;
use crate::error::PageError;
use crate::frame::{Frame, encode_path};
use crate::i18n::Lang;
use crate::routes::common::{PageParams, Pager, form_rejection, site_name};
use crate::routes::site::resolutions::Opt;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::AppError;
use caunoi_app::petitions::{self, OnlineInput, PetitionPage, PublicQuery, SubmitMeta};
use caunoi_domain::petition::{PetitionState, Timeliness, TrackingCode};
use caunoi_domain::vntime;
use caunoi_store::petitions::{Petition, Transition};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use time::OffsetDateTime;

// ---------------------------------------------------------------------------------------------
// The signed render time of the form.

static FORM_KEY: OnceLock<[u8; 32]> = OnceLock::new();

fn form_key() -> &'static [u8; 32] {
    FORM_KEY.get_or_init(|| {
        let seed = match std::env::var("CAUNOI_FORM_SECRET") {
            Ok(s) if !s.trim().is_empty() => s.into_bytes(),
            _ => rand::random::<[u8; 32]>().to_vec(),
        };
        Sha256::new()
            .chain_update(b"caunoi-petition-form-key:")
            .chain_update(seed)
            .finalize()
            .into()
    })
}

/// HMAC-SHA256 (RFC 2104) over the `sha2` the workspace already has.
fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .into()
}

fn signature(unix_secs: i64) -> String {
    hex::encode(hmac_sha256(
        form_key(),
        format!("petition-form:{unix_secs}").as_bytes(),
    ))
}

/// The form's hidden `t` for a form rendered at `unix_secs`: the time and its signature.
pub fn signed_form_time(unix_secs: i64) -> String {
    format!("{unix_secs}.{}", signature(unix_secs))
}

/// The render time `t` carries, when its signature is ours.
fn verified_form_time(t: &str) -> Option<i64> {
    let (secs, sig) = t.trim().split_once('.')?;
    let secs: i64 = secs.parse().ok()?;
    let want = signature(secs);
    // Compared without an early exit, so timing does not reveal the signature.
    let same = want.len() == sig.len()
        && want
            .bytes()
            .zip(sig.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some(secs)
}

fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Seconds spent on the form; a forged or missing `t` counts as 0, which the intake refuses as
/// too fast (with a message telling a person to check the form and send it again).
fn fill_seconds(t: &str) -> i64 {
    verified_form_time(t)
        .map(|at| (now_unix() - at).max(0))
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// What the pages share.

/// The refusals of one form: each message beside its field, the others above the form; the
/// summary at the top links to each field.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    fields: Vec<(String, String)>,
    general: Vec<String>,
}

impl FormErrors {
    /// `on_form` maps a use-case field name to the form's field name.
    fn of(e: &AppError, lang: Lang, on_form: &[(&str, &str)]) -> FormErrors {
        let mut out = FormErrors::default();
        if let AppError::Invalid(list) = e {
            for fe in list {
                let m = match lang {
                    Lang::Vi => fe.message_vi.clone(),
                    Lang::En => fe.message_en.clone(),
                };
                match on_form.iter().find(|(from, _)| *from == fe.field) {
                    Some((_, to)) => out.fields.push(((*to).to_owned(), m)),
                    None => out.general.push(m),
                }
            }
        }
        out
    }

    fn add(&mut self, field: &str, message: &str) {
        self.fields.push((field.to_owned(), message.to_owned()));
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_empty()
    }

    /// The message(s) of one field, for the line under its label.
    pub fn on(&self, field: &str) -> Option<String> {
        let l: Vec<&str> = self
            .fields
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect();
        (!l.is_empty()).then(|| l.join(" "))
    }

    /// (anchor of the field, or empty for the form as a whole; message), general ones first.
    pub fn summary(&self, prefix: &str) -> Vec<(String, String)> {
        self.general
            .iter()
            .map(|m| (String::new(), m.clone()))
            .chain(
                self.fields
                    .iter()
                    .map(|(f, m)| (format!("#{prefix}{f}"), m.clone())),
            )
            .collect()
    }
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    r
}

fn state_of(p: &Petition) -> PetitionState {
    p.state.parse().unwrap_or(PetitionState::Received)
}

fn state_label(lang: Lang, s: PetitionState) -> &'static str {
    match lang {
        Lang::Vi => s.label_vi(),
        Lang::En => s.label_en(),
    }
}

fn timeliness_parts(t: Timeliness) -> (&'static str, &'static str) {
    match t {
        Timeliness::NoDeadline => ("no_deadline", "pet.tl.no_deadline"),
        Timeliness::OnTime => ("on_time", "pet.tl.on_time"),
        Timeliness::AnsweredLate => ("answered_late", "pet.tl.answered_late"),
        Timeliness::Overdue => ("overdue", "pet.tl.overdue"),
        Timeliness::VeryOverdue => ("very_overdue", "pet.tl.very_overdue"),
    }
}

fn timeliness_label(lang: Lang, t: Timeliness) -> &'static str {
    match lang {
        Lang::Vi => t.label_vi(),
        Lang::En => lang.t(timeliness_parts(t).1),
    }
}

/// Where an answer stands against its deadline, as a badge; none while no deadline runs.
pub struct Badge {
    pub label: &'static str,
    pub slug: &'static str,
    /// Overdue: shown prominently.
    pub urgent: bool,
}

fn badge(lang: Lang, t: Timeliness) -> Option<Badge> {
    (t != Timeliness::NoDeadline).then(|| Badge {
        label: timeliness_label(lang, t),
        slug: timeliness_parts(t).0,
        urgent: matches!(t, Timeliness::Overdue | Timeliness::VeryOverdue),
    })
}

fn channel_label(lang: Lang, channel: &str) -> &'static str {
    lang.t(match channel {
        "online" => "pet.channel.online",
        "voter_meeting" => "pet.channel.voter_meeting",
        _ => "pet.channel.other",
    })
}

/// `/kien-nghi/{slug}-{id}`: the title's slug for people and search engines, the id to find it.
pub fn petition_path(p: &Petition) -> String {
    petitions::petition_path(&p.title, p.id)
}

// ---------------------------------------------------------------------------------------------
// GET /kien-nghi

pub struct PetitionLine {
    pub href: String,
    pub title: String,
    pub received: String,
    pub field: Option<String>,
    pub commune: Option<String>,
    pub channel: &'static str,
    pub voters: i64,
    /// 1 + the petitions merged into it (shown from 2).
    pub times_raised: i64,
    pub state: &'static str,
    pub state_slug: &'static str,
    pub badge: Option<Badge>,
    pub agency: Option<String>,
    /// Only when the submitter chose to show it.
    pub name: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions.html")]
pub struct ListPage {
    pub f: Frame,
    pub q: String,
    pub fields: Vec<Opt>,
    pub agencies: Vec<Opt>,
    pub states: Vec<Opt>,
    pub items: Vec<PetitionLine>,
    pub total: String,
    pub pager: Pager,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    pub q: Option<String>,
    pub linh_vuc: Option<String>,
    pub co_quan: Option<String>,
    pub trang_thai: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

/// 10000 → "10.000" (Vietnamese) or "10,000" (English).
fn grouped(n: i64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

fn filled(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn unknown_agency() -> AppError {
    AppError::invalid(
        "co_quan",
        "Cơ quan không có trong danh sách.",
        "Unknown agency.",
    )
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let site = site_name(&state, None).await;
    let lang = viewer.lang;
    let err = |e: AppError| PageError::new(e, &viewer, &site);
    let (page, per_page) = p
        .paging
        .parse(20)
        .map_err(|(f, m)| err(AppError::invalid(f, &m, &m)))?;
    let agency = match filled(&p.co_quan) {
        Some(a) => Some(a.parse::<i64>().map_err(|_| err(unknown_agency()))?),
        None => None,
    };
    let (q, field, st) = (filled(&p.q), filled(&p.linh_vuc), filled(&p.trang_thai));
    let query = PublicQuery {
        q: q.clone(),
        field: field.clone(),
        agency,
        state: st.clone(),
    };
    let counted_to = petitions::count_limit(&query);
    // The page lists as far as it counts: beyond that a reader narrows the list instead of
    // paging thousands deep (which would walk the whole index on every click).
    if (page - 1) * per_page >= counted_to {
        return Err(err(AppError::invalid(
            "page",
            &format!(
                "Danh sách chỉ hiển thị {} kiến nghị đầu tiên; hãy lọc theo lĩnh vực, cơ quan, trạng thái hoặc từ khóa.",
                grouped(counted_to, ".")
            ),
            &format!(
                "The list shows the first {} petitions; narrow it by field, agency, state or words.",
                grouped(counted_to, ",")
            ),
        )));
    }
    let list = petitions::list(&state.app, &query, page, per_page)
        .await
        .map_err(err)?;
    if agency.is_some_and(|a| !list.agencies.iter().any(|x| x.id == a)) {
        return Err(err(unknown_agency()));
    }
    let mut base = Vec::new();
    for (k, v) in [
        ("q", q.clone()),
        ("linh_vuc", field.clone()),
        ("co_quan", agency.map(|a| a.to_string())),
        ("trang_thai", st.clone()),
    ] {
        if let Some(v) = v {
            base.push(format!("{k}={}", encode_path(&v)));
        }
    }
    let base = if base.is_empty() {
        "/kien-nghi".to_owned()
    } else {
        format!("/kien-nghi?{}", base.join("&"))
    };
    let page = ListPage {
        f: Frame::new(&viewer, lang.t("pet.title"), &site, "/kien-nghi"),
        q: q.unwrap_or_default(),
        fields: list
            .fields
            .iter()
            .map(|x| Opt {
                value: x.slug.clone(),
                label: x.name.clone(),
                selected: Some(&x.slug) == field.as_ref(),
            })
            .collect(),
        agencies: list
            .agencies
            .iter()
            .map(|x| Opt {
                value: x.id.to_string(),
                label: x.name.clone(),
                selected: Some(x.id) == agency,
            })
            .collect(),
        // A rejected petition is never public, so it is no filter.
        states: PetitionState::ALL
            .iter()
            .filter(|s| **s != PetitionState::Rejected)
            .map(|s| Opt {
                value: s.as_str().to_owned(),
                label: state_label(lang, *s).to_owned(),
                selected: st.as_deref() == Some(s.as_str()),
            })
            .collect(),
        // Counted up to a limit: beyond it the page says "more than".
        total: if list.items.total > counted_to {
            format!(
                "{} {}",
                lang.t("pet.count_more"),
                grouped(counted_to, lang.t("pet.thousands"))
            )
        } else {
            list.items.total.to_string()
        },
        pager: Pager::new(&list.items, base),
        items: list
            .items
            .items
            .iter()
            .map(|l| {
                let p = &l.petition;
                let s = state_of(p);
                PetitionLine {
                    href: petition_path(p),
                    title: p.title.clone(),
                    received: vntime::format_date(p.received_at.to_offset(vntime::VIETNAM).date()),
                    field: p.field_name.clone(),
                    commune: p.unit_name.clone(),
                    channel: channel_label(lang, &p.channel),
                    voters: p.voters,
                    times_raised: l.times_raised,
                    state: state_label(lang, s),
                    state_slug: s.as_str(),
                    badge: badge(lang, l.timeliness),
                    agency: p.agency_name.clone(),
                    name: p.public_name.clone(),
                }
            })
            .collect(),
    };
    Ok(page.into_response())
}

// ---------------------------------------------------------------------------------------------
// A petition's facts and timeline: the public page and the submitter's tracking page.

pub struct Step {
    pub when: String,
    pub datetime: String,
    pub label: &'static str,
    pub note: String,
}

pub struct AnswerView {
    pub kind: Option<&'static str>,
    pub on: Option<String>,
    pub text: String,
    pub promised: Option<String>,
    pub reason: Option<String>,
}

pub struct StatusView {
    /// The level of the section headings (2 on the petition's page, 3 inside tracking).
    pub level: u8,
    pub title: String,
    pub body: String,
    pub state: &'static str,
    pub state_slug: &'static str,
    pub badge: Option<Badge>,
    pub facts: Vec<(&'static str, String)>,
    pub answer: Option<AnswerView>,
    pub timeline: Vec<Step>,
    pub merged_into: Option<(String, String)>,
    /// Merged into a group whose answer is published: that answer, which is this one's too.
    pub group_answer: Option<AnswerView>,
    /// The group this petition belongs to, with its other petitions.
    pub group: Option<GroupView>,
}

/// A group on a public page: "N cử tri, M lần nêu" and its petitions (no personal data).
pub struct GroupView {
    pub voters: i64,
    pub petitions: i64,
    /// (href, title, commune, is the lead, is the petition shown)
    pub items: Vec<(String, String, String, bool, bool)>,
}

fn path_of(id: i64, title: &str) -> String {
    let slug = vntext::slug(title);
    if slug.is_empty() {
        format!("/kien-nghi/{id}")
    } else {
        format!("/kien-nghi/{slug}-{id}")
    }
}

/// The group of petition `id` as its public page and its tracking show it.
async fn group_view(state: &AppState, id: i64) -> Option<GroupView> {
    let g = caunoi_app::petitions::groups::public_group(&state.app, id)
        .await
        .ok()
        .flatten()?;
    let item = |m: &caunoi_store::petition_groups::Member, lead: bool| {
        (
            path_of(m.id, &m.title),
            m.title.clone(),
            m.unit_name.clone().unwrap_or_default(),
            lead,
            m.id == id,
        )
    };
    let mut items = vec![item(&g.lead, true)];
    items.extend(g.members.iter().map(|m| item(m, false)));
    Some(GroupView {
        voters: g.voters,
        petitions: g.petitions,
        items,
    })
}

fn answer_of(lang: Lang, p: &Petition) -> Option<AnswerView> {
    p.answer.as_ref().map(|text| AnswerView {
        kind: p.answer_kind.as_deref().map(|k| {
            lang.t(match k {
                "resolved" => "pet.answer_kind.resolved",
                "in_progress" => "pet.answer_kind.in_progress",
                "not_competent" => "pet.answer_kind.not_competent",
                _ => "pet.answer",
            })
        }),
        on: p.answered_on.map(vntime::format_date),
        text: text.clone(),
        promised: p.promised_on.map(vntime::format_date),
        reason: (p.answer_kind.as_deref() == Some("not_competent"))
            .then(|| p.reason.clone())
            .flatten(),
    })
}

fn step(lang: Lang, t: &Transition) -> Step {
    let to = t.to_state.parse().unwrap_or(PetitionState::Received);
    // Absorbing a duplicate leaves the state as it was: the step says what happened instead.
    let label = match t.action.as_str() {
        "absorb" => lang.t("pet.absorbed"),
        "extension_granted" => lang.t("pet.step.extended"),
        "follow_up" => lang.t("pet.step.follow_up"),
        _ => state_label(lang, to),
    };
    Step {
        when: vntime::format_datetime(t.at),
        datetime: t
            .at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        label,
        note: t.note.clone(),
    }
}

fn status_view(lang: Lang, d: &PetitionPage, level: u8, code: bool) -> StatusView {
    let p = &d.petition;
    let s = state_of(p);
    let mut facts = Vec::new();
    if code {
        facts.push((lang.t("pet.code"), p.code.clone()));
    }
    facts.push((
        lang.t("pet.received"),
        vntime::format_datetime(p.received_at),
    ));
    facts.push((
        lang.t("pet.channel"),
        channel_label(lang, &p.channel).into(),
    ));
    if let Some(f) = &p.field_name {
        facts.push((lang.t("pet.field"), f.clone()));
    }
    if let Some(u) = &p.unit_name {
        facts.push((lang.t("pet.commune"), u.clone()));
    }
    if let Some(pl) = &p.place {
        facts.push((lang.t("pet.place"), pl.clone()));
    }
    facts.push((lang.t("pet.voters"), p.voters.to_string()));
    if let Some(n) = &p.public_name {
        facts.push((lang.t("pet.by"), n.clone()));
    }
    facts.push((lang.t("pet.council"), p.council_name.clone()));
    if let Some(a) = &p.agency_name {
        facts.push((lang.t("pet.agency"), a.clone()));
    }
    if let Some(f) = p.forwarded_on {
        facts.push((lang.t("pet.forwarded"), vntime::format_date(f)));
    }
    if let Some(dl) = p.deadline {
        facts.push((lang.t("pet.deadline"), vntime::format_date(dl)));
    }
    facts.push((
        lang.t("pet.timeliness"),
        timeliness_label(lang, d.timeliness).into(),
    ));
    if s == PetitionState::Rejected
        && let Some(r) = &p.reason
    {
        facts.push((lang.t("pet.reason"), r.clone()));
    }
    let answer = answer_of(lang, p);
    StatusView {
        level,
        title: p.title.clone(),
        body: p.body.clone(),
        state: state_label(lang, s),
        state_slug: s.as_str(),
        badge: badge(lang, d.timeliness),
        facts,
        answer,
        timeline: d.timeline.iter().map(|t| step(lang, t)).collect(),
        merged_into: d
            .merged_into
            .as_ref()
            .map(|m| (petition_path(m), m.title.clone())),
        group_answer: d.merged_into.as_ref().and_then(|m| answer_of(lang, m)),
        group: None,
    }
}

// ---------------------------------------------------------------------------------------------
// GET /kien-nghi/{slug_id}

#[derive(Template, WebTemplate)]
#[template(path = "petitions_page.html")]
pub struct PetitionPageView {
    pub f: Frame,
    pub s: StatusView,
    /// Ids of the citizen's photos (served at `/kien-nghi/anh/{id}/{variant}`).
    pub photos: Vec<i64>,
    /// Files of the published answer: (href, title).
    pub answer_files: Vec<(String, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug_id): Path<String>,
) -> Response {
    let site = site_name(&state, None).await;
    let Some((slug, id)) = caunoi_app::articles::parse_slug_id(&slug_id) else {
        return PageError::not_found(&viewer, &site).into_response();
    };
    let d = match petitions::page(&state.app, id).await {
        Ok(d) => d,
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    if slug != vntext::slug(&d.petition.title) {
        return Redirect::permanent(&petition_path(&d.petition)).into_response();
    }
    let lang = viewer.lang;
    let mut s = status_view(lang, &d, 2, false);
    s.group = group_view(&state, id).await;
    let photos = match petitions::public_photos(&state.app, id).await {
        Ok(p) => p.iter().map(|p| p.id).collect(),
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    let answer_files = match petitions::public_answer_files(&state.app, id).await {
        Ok(files) => files
            .into_iter()
            .map(|a| {
                (
                    format!("/kien-nghi/tep-tra-loi/{}/{}", a.id, a.file_name),
                    a.title,
                )
            })
            .collect(),
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    PetitionPageView {
        f: Frame::new(&viewer, d.petition.title.clone(), &site, "/kien-nghi"),
        s,
        photos,
        answer_files,
    }
    .into_response()
}

// ---------------------------------------------------------------------------------------------
// GET and POST /kien-nghi/gui

/// What the online form sends (every field optional here; the use case says what is missing).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SubmitForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub show_name: Option<String>,
    #[serde(default)]
    pub consent: Option<String>,
    /// The honeypot.
    #[serde(default)]
    pub website: String,
    /// The signed render time.
    #[serde(default)]
    pub t: String,
}

impl SubmitForm {
    fn input(&self) -> OnlineInput {
        OnlineInput {
            title: self.title.clone(),
            body: self.body.clone(),
            field: self.field.clone(),
            commune: self.commune.clone(),
            place: self.place.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            show_name: self.show_name.clone(),
            consent: self.consent.clone(),
            website: self.website.clone(),
        }
    }
}

/// The form's fields, as the use case names them.
const FORM_FIELDS: [&str; 10] = [
    "title", "body", "field", "commune", "place", "name", "email", "phone", "address", "consent",
];

#[derive(Template, WebTemplate)]
#[template(path = "petitions_form.html")]
pub struct FormPage {
    pub f: Frame,
    pub form: SubmitForm,
    pub t: String,
    pub fields: Vec<(String, String)>,
    pub errs: FormErrors,
    pub council: String,
    pub retention_months: u8,
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    site: &str,
    form: SubmitForm,
    errs: FormErrors,
) -> Result<FormPage, PageError> {
    let list = petitions::list(&state.app, &PublicQuery::default(), 1, 1)
        .await
        .map_err(|e| PageError::new(e, viewer, site))?;
    // A form sent back with errors keeps its render time, so fixing it does not mean waiting.
    let t = if verified_form_time(&form.t).is_some() {
        form.t.trim().to_owned()
    } else {
        signed_form_time(now_unix())
    };
    let lang = viewer.lang;
    let title = if errs.is_empty() {
        lang.t("pet.form.title").to_owned()
    } else {
        format!(
            "{}: {}",
            lang.t("pet.form.error_prefix"),
            lang.t("pet.form.title")
        )
    };
    Ok(FormPage {
        f: Frame::new(viewer, title, site, "/kien-nghi"),
        form,
        t,
        fields: list
            .fields
            .iter()
            .map(|x| (x.slug.clone(), x.name.clone()))
            .collect(),
        errs,
        council: site.to_owned(),
        retention_months: petitions::RETENTION_MONTHS,
    })
}

pub async fn form(State(state): State<AppState>, viewer: Viewer) -> Response {
    let site = site_name(&state, None).await;
    match form_page(
        &state,
        &viewer,
        &site,
        SubmitForm::default(),
        FormErrors::default(),
    )
    .await
    {
        Ok(p) => no_store(p.into_response()),
        Err(e) => e.into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions_wait.html")]
pub struct WaitPage {
    pub f: Frame,
    pub minutes: u64,
    pub title: String,
    pub body: String,
}

pub async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    req: axum::extract::Request,
) -> Response {
    let (form, photos) = match super::petitions_media::read_submission(&state, req).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    let site = site_name(&state, None).await;
    let meta = SubmitMeta {
        ip: viewer.ctx.ip.clone(),
        fill_seconds: Some(fill_seconds(&form.t)),
    };
    match petitions::submit_online_with_photos(
        &state.app,
        &viewer.ctx,
        &form.input(),
        &meta,
        photos,
    )
    .await
    {
        Ok(s) => Redirect::to(&format!("/kien-nghi/da-gui?ma={}", s.code)).into_response(),
        Err(e @ AppError::Invalid(_)) => {
            let mut pairs: Vec<(&str, &str)> = FORM_FIELDS.iter().map(|f| (*f, *f)).collect();
            pairs.push(("photos", "photos"));
            // Each photo's refusal shows beside the one file input.
            pairs.extend(petitions::PHOTO_FIELDS.iter().map(|f| (*f, "photos")));
            let errs = FormErrors::of(&e, viewer.lang, &pairs);
            match form_page(&state, &viewer, &site, form, errs).await {
                Ok(p) => no_store((StatusCode::UNPROCESSABLE_ENTITY, p).into_response()),
                Err(e) => e.into_response(),
            }
        }
        Err(AppError::TooManyAttempts { retry_after_secs }) => {
            let mut r = (
                StatusCode::TOO_MANY_REQUESTS,
                WaitPage {
                    f: Frame::new(
                        &viewer,
                        viewer.lang.t("pet.wait.title"),
                        &site,
                        "/kien-nghi",
                    ),
                    minutes: retry_after_secs.div_ceil(60),
                    title: form.title.trim().to_owned(),
                    body: form.body.trim().to_owned(),
                },
            )
                .into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            no_store(r)
        }
        Err(e) => PageError::new(e, &viewer, &site).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// GET /kien-nghi/da-gui?ma=

#[derive(Template, WebTemplate)]
#[template(path = "petitions_sent.html")]
pub struct SentPage {
    pub f: Frame,
    pub code: String,
    /// The code in its groups (`KN`, then three groups of four), for reading aloud.
    pub groups: Vec<String>,
    pub track_href: String,
}

#[derive(Deserialize, Default)]
pub struct CodeParam {
    pub ma: Option<String>,
}

pub async fn sent(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<CodeParam>,
) -> Response {
    let site = site_name(&state, None).await;
    let Some(code) = p.ma.as_deref().and_then(TrackingCode::parse) else {
        return PageError::not_found(&viewer, &site).into_response();
    };
    let code = code.as_str().to_owned();
    no_store(
        SentPage {
            f: Frame::new(
                &viewer,
                viewer.lang.t("pet.sent.title"),
                &site,
                "/kien-nghi",
            ),
            groups: code.split('-').map(str::to_owned).collect(),
            track_href: format!("/kien-nghi/theo-doi?ma={code}"),
            code,
        }
        .into_response(),
    )
}

// ---------------------------------------------------------------------------------------------
// /kien-nghi/theo-doi: status, export and deletion with the code and the contact.

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TrackForm {
    #[serde(default)]
    pub ma: String,
    #[serde(default)]
    pub lien_he: String,
    /// The deletion's confirmation box.
    #[serde(default)]
    pub xac_nhan: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions_track.html")]
pub struct TrackPage {
    pub f: Frame,
    pub form: TrackForm,
    pub errs: FormErrors,
    pub result: Option<StatusView>,
    /// The public page, once the petition is public.
    pub public_href: Option<String>,
    pub pending: bool,
    pub confirm_err: Option<String>,
    /// The submitter's photos (ids), served with the tracking code `photo_code`.
    pub photos: Vec<i64>,
    pub photo_code: String,
}

fn track_page(viewer: &Viewer, site: &str, form: TrackForm, errs: FormErrors) -> TrackPage {
    let lang = viewer.lang;
    let title = if errs.is_empty() {
        lang.t("pet.track.title").to_owned()
    } else {
        format!(
            "{}: {}",
            lang.t("pet.form.error_prefix"),
            lang.t("pet.track.title")
        )
    };
    TrackPage {
        f: Frame::new(viewer, title, site, "/kien-nghi"),
        form,
        errs,
        result: None,
        public_href: None,
        pending: false,
        confirm_err: None,
        photos: Vec::new(),
        photo_code: String::new(),
    }
}

pub async fn track_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(p): Query<CodeParam>,
) -> Response {
    let site = site_name(&state, None).await;
    let form = TrackForm {
        ma: p.ma.unwrap_or_default(),
        ..TrackForm::default()
    };
    no_store(track_page(&viewer, &site, form, FormErrors::default()).into_response())
}

/// Empty boxes are named before the use case is asked.
fn missing(lang: Lang, form: &TrackForm) -> FormErrors {
    let mut errs = FormErrors::default();
    if form.ma.trim().is_empty() {
        errs.add("ma", lang.t("pet.track.code_missing"));
    }
    if form.lien_he.trim().is_empty() {
        errs.add("lien_he", lang.t("pet.track.contact_missing"));
    }
    errs
}

/// The tracking form again, with the refusal beside its field.
fn track_refused(viewer: &Viewer, site: &str, form: TrackForm, e: AppError) -> Response {
    if !matches!(e, AppError::Invalid(_)) {
        return PageError::new(e, viewer, site).into_response();
    }
    let errs = FormErrors::of(&e, viewer.lang, &[("code", "ma")]);
    let form = TrackForm {
        xac_nhan: None,
        ..form
    };
    no_store(
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            track_page(viewer, site, form, errs),
        )
            .into_response(),
    )
}

async fn tracked(
    state: &AppState,
    viewer: &Viewer,
    site: &str,
    form: TrackForm,
) -> Result<TrackPage, Response> {
    let errs = missing(viewer.lang, &form);
    if !errs.is_empty() {
        return Err(no_store(
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                track_page(viewer, site, form, errs),
            )
                .into_response(),
        ));
    }
    match petitions::track(&state.app, &form.ma, &form.lien_he).await {
        Ok(d) => {
            let p = &d.petition;
            let public = p.moderation == "approved" && p.state != "rejected";
            let mut page = track_page(viewer, site, form, FormErrors::default());
            page.public_href = public.then(|| petition_path(p));
            page.pending = p.moderation == "pending";
            page.photos =
                match petitions::own_photos(&state.app, &page.form.ma, &page.form.lien_he).await {
                    Ok(list) => list.iter().map(|ph| ph.id).collect(),
                    Err(e) => return Err(track_refused(viewer, site, page.form, e)),
                };
            page.photo_code = p.code.clone();
            let mut s = status_view(viewer.lang, &d, 3, true);
            if public {
                s.group = group_view(state, p.id).await;
            }
            page.result = Some(s);
            Ok(page)
        }
        Err(e) => Err(track_refused(viewer, site, form, e)),
    }
}

pub async fn track(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Result<Form<TrackForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    match tracked(&state, &viewer, &site, form).await {
        Ok(p) => no_store(p.into_response()),
        Err(r) => r,
    }
}

/// The submitter's data as a JSON file (their right of access and portability).
pub async fn my_data(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Result<Form<TrackForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    let errs = missing(viewer.lang, &form);
    if !errs.is_empty() {
        return no_store(
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                track_page(&viewer, &site, form, errs),
            )
                .into_response(),
        );
    }
    match petitions::my_data(&state.app, &viewer.ctx, &form.ma, &form.lien_he).await {
        Ok(data) => {
            let code = TrackingCode::parse(&form.ma)
                .map(|c| c.as_str().to_owned())
                .unwrap_or_else(|| "kien-nghi".into());
            let body = serde_json::to_vec_pretty(&data).unwrap_or_default();
            let mut r = body.into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!(
                "attachment; filename=\"du-lieu-kien-nghi-{code}.json\""
            )) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            no_store(r)
        }
        Err(e) => track_refused(&viewer, &site, form, e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions_deleted.html")]
pub struct DeletedPage {
    pub f: Frame,
    pub code: String,
}

pub async fn delete_my_data(
    State(state): State<AppState>,
    viewer: Viewer,
    form: Result<Form<TrackForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(f) => f,
        Err(r) => return form_rejection(r),
    };
    let site = site_name(&state, None).await;
    if form.xac_nhan.as_deref().is_none_or(|v| v.is_empty()) {
        // Not confirmed: the status page again, with the message beside the box.
        return match tracked(&state, &viewer, &site, form).await {
            Ok(mut p) => {
                p.confirm_err = Some(viewer.lang.t("pet.track.confirm_missing").to_owned());
                p.f.title = format!(
                    "{}: {}",
                    viewer.lang.t("pet.form.error_prefix"),
                    viewer.lang.t("pet.track.title")
                );
                no_store((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
            }
            Err(r) => r,
        };
    }
    let errs = missing(viewer.lang, &form);
    if !errs.is_empty() {
        return no_store(
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                track_page(&viewer, &site, form, errs),
            )
                .into_response(),
        );
    }
    match petitions::delete_my_data(&state.app, &viewer.ctx, &form.ma, &form.lien_he).await {
        Ok(()) => no_store(
            DeletedPage {
                f: Frame::new(
                    &viewer,
                    viewer.lang.t("pet.deleted.title"),
                    &site,
                    "/kien-nghi",
                ),
                code: TrackingCode::parse(&form.ma)
                    .map(|c| c.as_str().to_owned())
                    .unwrap_or_default(),
            }
            .into_response(),
        ),
        Err(e) => track_refused(&viewer, &site, form, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex::encode(hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn the_form_time_cannot_be_forged() {
        let t = signed_form_time(1_700_000_000);
        assert_eq!(verified_form_time(&t), Some(1_700_000_000));
        let (_, sig) = t.split_once('.').unwrap();
        assert_eq!(verified_form_time(&format!("1600000000.{sig}")), None);
        assert_eq!(verified_form_time("1600000000"), None);
        assert_eq!(verified_form_time("1600000000.00"), None);
        assert_eq!(verified_form_time(""), None);
        // A forged time counts as no time at all, so it is refused as too fast.
        assert_eq!(fill_seconds("1600000000.00"), 0);
        assert!(fill_seconds(&signed_form_time(now_unix() - 30)) >= 30);
        // A time from the future (clock skew) is no time spent, not a negative one.
        assert_eq!(fill_seconds(&signed_form_time(now_unix() + 600)), 0);
    }
}

#[cfg(test)]
mod grouped_tests {
    #[test]
    fn thousands_are_grouped_by_language() {
        assert_eq!(super::grouped(10_000, "."), "10.000");
        assert_eq!(super::grouped(1_234_567, ","), "1,234,567");
        assert_eq!(super::grouped(999, "."), "999");
    }
}
