//! The delegate directory (`/dai-bieu`), each delegate's profile with their record, and
//! "who represents me?" (`/dai-bieu/cua-toi`).

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::site_name;
use crate::routes::site::calendar::EventLine;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_app::registry::{self, DirectoryQuery, Lookup, Seat};
use caunoi_domain::body::{BodyKind, MemberRole};
use caunoi_domain::vntime;
use caunoi_store::registry::Position;
use serde::Deserialize;

/// The address of a delegate's profile: `/dai-bieu/nguyen-van-a-12`.
pub fn person_path(full_name: &str, id: i64) -> String {
    registry::person_path(full_name, id)
}

/// The title of a position in the viewer's language: "Trưởng ban, Ban Pháp chế".
pub fn title(lang: Lang, p: &Position) -> String {
    let kind = p
        .organization_kind
        .parse::<BodyKind>()
        .unwrap_or(BodyKind::Council);
    let role = p.role.parse::<MemberRole>().unwrap_or(MemberRole::Member);
    match lang {
        Lang::Vi => role.title_vi(kind).to_owned(),
        Lang::En => role.title_en(kind).to_owned(),
    }
}

pub struct DelegateCard {
    pub href: String,
    pub name: String,
    pub initial: String,
    pub photo: Option<String>,
    pub role: String,
    pub detail: String,
    pub constituency: Option<String>,
}

impl DelegateCard {
    pub fn from(lang: Lang, s: &Seat) -> Self {
        let p = &s.person;
        let mut detail = Vec::new();
        if let Some(y) = p.birth_year {
            detail.push(format!("{} {y}", lang.t("delegates.born")));
        }
        if let Some(o) = &p.occupation {
            detail.push(o.clone());
        }
        if s.position.full_time {
            detail.push(lang.t("rec.full_time").to_owned());
        }
        DelegateCard {
            href: person_path(&p.full_name, p.id),
            initial: p
                .full_name
                .split_whitespace()
                .last()
                .and_then(|w| w.chars().next())
                .map(String::from)
                .unwrap_or_default(),
            photo: p.photo.as_ref().map(|h| format!("/media/{h}/phone")),
            role: title(lang, &s.position),
            detail: detail.join(" · "),
            constituency: s.position.constituency_name.clone(),
            name: p.full_name.clone(),
        }
    }
}

/// A choice in a filter select.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "delegates.html")]
pub struct DelegatesPage {
    pub f: Frame,
    pub council_name: String,
    pub council_code: String,
    pub term: Option<String>,
    pub terms: Vec<Opt>,
    pub bodies: Vec<Opt>,
    pub constituencies: Vec<Opt>,
    pub delegates: Vec<DelegateCard>,
    pub deputies: Vec<DelegateCard>,
    pub filtered: bool,
    pub ics: String,
}

#[derive(Deserialize, Default)]
pub struct Filter {
    pub hdnd: Option<String>,
    pub nhiem_ky: Option<String>,
    pub ban: Option<String>,
    pub don_vi_bau_cu: Option<String>,
}

fn id_param(v: &Option<String>) -> Option<i64> {
    v.as_deref().and_then(|s| s.trim().parse().ok())
}

pub async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(filter): Query<Filter>,
) -> Result<DelegatesPage, PageError> {
    let q = DirectoryQuery {
        council: filter.hdnd.clone().filter(|s| !s.is_empty()),
        term: id_param(&filter.nhiem_ky),
        body: id_param(&filter.ban),
        constituency: id_param(&filter.don_vi_bau_cu),
    };
    let dir = match registry::directory(&state.app, &q).await {
        Ok(x) => x,
        Err(e) => return Err(PageError::new(e, &viewer, &site_name(&state, None).await)),
    };
    let lang = viewer.lang;
    let term_id = dir.term.as_ref().map(|t| t.id);
    let (deputies, delegates): (Vec<&Seat>, Vec<&Seat>) = dir
        .seats
        .iter()
        .partition(|s| s.position.organization_kind == "na_delegation");
    Ok(DelegatesPage {
        f: Frame::new(
            &viewer,
            lang.t("delegates.title"),
            &dir.council.name,
            "/dai-bieu",
        ),
        council_code: dir.council.unit_code.clone(),
        council_name: dir.council.name.clone(),
        term: dir.term.as_ref().map(|t| t.name.clone()),
        terms: dir
            .terms
            .iter()
            .map(|t| Opt {
                value: t.id.to_string(),
                label: t.name.clone(),
                selected: Some(t.id) == term_id,
            })
            .collect(),
        bodies: dir
            .bodies
            .iter()
            .filter(|b| {
                matches!(
                    b.kind.as_str(),
                    "committee" | "delegate_group" | "standing_board"
                )
            })
            .map(|b| Opt {
                value: b.id.to_string(),
                label: b.name.clone(),
                selected: Some(b.id) == q.body,
            })
            .collect(),
        constituencies: dir
            .constituencies
            .iter()
            .map(|k| Opt {
                value: k.id.to_string(),
                label: k.name.clone(),
                selected: Some(k.id) == q.constituency,
            })
            .collect(),
        delegates: delegates
            .into_iter()
            .map(|s| DelegateCard::from(lang, s))
            .collect(),
        deputies: deputies
            .into_iter()
            .map(|s| DelegateCard::from(lang, s))
            .collect(),
        filtered: q.body.is_some() || q.constituency.is_some(),
        ics: format!("/hdnd/{}/lich.ics", dir.council.unit_code),
    })
}

pub struct PositionLine {
    pub title: String,
    pub body: String,
    pub council: String,
    pub term: String,
    pub constituency: Option<String>,
    pub dates: String,
    pub current: bool,
}

pub struct QuestionLine {
    pub event_href: String,
    pub topic: String,
    pub body: String,
    pub official: String,
    pub answered: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "delegate.html")]
pub struct DelegatePage {
    pub f: Frame,
    pub name: String,
    pub initial: String,
    pub photo: Option<String>,
    pub facts: Vec<(&'static str, String)>,
    pub positions: Vec<PositionLine>,
    pub record: Vec<(String, i64)>,
    pub attendance: Option<String>,
    pub questions: Vec<QuestionLine>,
    pub upcoming: Vec<EventLine>,
    pub recent: Vec<EventLine>,
    pub ics: String,
}

pub async fn profile(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug_id): Path<String>,
) -> Response {
    let site = site_name(&state, None).await;
    let Some((slug, id)) = caunoi_app::articles::parse_slug_id(&slug_id) else {
        return PageError::not_found(&viewer, &site).into_response();
    };
    let p = match registry::profile(&state.app, id).await {
        Ok(p) => p,
        Err(e) => return PageError::new(e, &viewer, &site).into_response(),
    };
    let canonical = person_path(&p.person.full_name, id);
    if slug != vntext::slug(&p.person.full_name) {
        return Redirect::permanent(&canonical).into_response();
    }
    let lang = viewer.lang;
    let person = &p.person;
    let mut facts = Vec::new();
    if let Some(y) = person.birth_year {
        facts.push((lang.t("delegates.born"), y.to_string()));
    }
    if let Some(g) = &person.gender {
        facts.push((
            lang.t("rec.gender"),
            lang.t(if g == "female" {
                "rec.female"
            } else {
                "rec.male"
            })
            .to_owned(),
        ));
    }
    for (key, v) in [
        ("rec.ethnicity", &person.ethnicity),
        ("rec.occupation", &person.occupation),
        ("rec.workplace", &person.workplace),
        ("rec.party", &person.party),
    ] {
        if let Some(v) = v {
            facts.push((lang.t(key), v.clone()));
        }
    }
    let today = registry::today();
    let positions = p
        .positions
        .iter()
        .map(|x| PositionLine {
            title: title(lang, x),
            body: x.organization_name.clone(),
            council: x.council_name.clone(),
            term: x.term_name.clone(),
            constituency: x.constituency_name.clone(),
            dates: match (x.starts_on, x.ends_on) {
                (Some(a), Some(b)) => {
                    format!("{} – {}", vntime::format_date(a), vntime::format_date(b))
                }
                (Some(a), None) => format!("{} {}", lang.t("rec.since"), vntime::format_date(a)),
                _ => String::new(),
            },
            current: x.term_starts_on <= today
                && x.term_ends_on >= today
                && x.ends_on.is_none_or(|e| e >= today),
        })
        .collect();
    let record = p
        .record
        .by_kind
        .iter()
        .map(|(k, n)| (crate::routes::site::calendar::kind_label(lang, k), *n))
        .collect();
    let attendance = (p.record.sessions_total > 0)
        .then(|| format!("{}/{}", p.record.sessions_attended, p.record.sessions_total));
    let questions = p
        .questions
        .iter()
        .map(|q| QuestionLine {
            event_href: format!("/lich/su-kien-{}#cau-hoi-{}", q.event_id, q.id),
            topic: q.topic.clone(),
            body: q.body.clone(),
            official: q.official.clone(),
            answered: !q.answer.is_empty(),
        })
        .collect();
    DelegatePage {
        f: Frame::new(&viewer, &person.full_name, &site, "/dai-bieu"),
        initial: person
            .full_name
            .split_whitespace()
            .last()
            .and_then(|w| w.chars().next())
            .map(String::from)
            .unwrap_or_default(),
        photo: person.photo.as_ref().map(|h| format!("/media/{h}/desktop")),
        name: person.full_name.clone(),
        facts,
        positions,
        record,
        attendance,
        questions,
        upcoming: p
            .upcoming
            .iter()
            .map(|e| EventLine::from(lang, e))
            .collect(),
        recent: p.recent.iter().map(|e| EventLine::from(lang, e)).collect(),
        ics: format!("{canonical}/lich.ics"),
    }
    .into_response()
}

pub struct LevelView {
    pub council_name: String,
    pub council_href: String,
    pub term: Option<String>,
    pub by_constituency: bool,
    pub delegates: Vec<DelegateCard>,
}

pub struct ChoiceView {
    pub href: String,
    pub name: String,
    pub parent: Option<String>,
    pub current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "who.html")]
pub struct WhoPage {
    pub f: Frame,
    pub q: String,
    pub not_found: bool,
    pub choices: Vec<ChoiceView>,
    pub commune: Option<String>,
    pub former: Option<String>,
    pub levels: Vec<LevelView>,
    pub na: Vec<DelegateCard>,
}

#[derive(Deserialize, Default)]
pub struct WhoQuery {
    pub q: Option<String>,
    pub ma: Option<String>,
}

pub async fn who(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<WhoQuery>,
) -> Result<WhoPage, PageError> {
    let site = site_name(&state, None).await;
    let q = query.q.clone().unwrap_or_default();
    let lookup = match registry::who_represents(&state.app, &q, query.ma.as_deref()).await {
        Ok(l) => l,
        Err(e) => return Err(PageError::new(e, &viewer, &site)),
    };
    let lang = viewer.lang;
    let mut page = WhoPage {
        f: Frame::new(&viewer, lang.t("who.title"), &site, "/dai-bieu"),
        q,
        not_found: false,
        choices: Vec::new(),
        commune: None,
        former: None,
        levels: Vec::new(),
        na: Vec::new(),
    };
    match lookup {
        Lookup::Empty => {}
        Lookup::NotFound => page.not_found = true,
        Lookup::Choices(list) => {
            page.choices = list
                .into_iter()
                .map(|c| ChoiceView {
                    href: format!("/dai-bieu/cua-toi?ma={}", c.code),
                    name: c.name,
                    parent: c.parent_name,
                    current: c.current,
                })
                .collect()
        }
        Lookup::Found {
            commune,
            former,
            levels,
            na,
        } => {
            page.commune = Some(commune.name.clone());
            page.former = former.map(|f| f.name);
            page.levels = levels
                .iter()
                .map(|l| LevelView {
                    council_name: l.council.name.clone(),
                    council_href: if l.council.level == "province" {
                        "/".into()
                    } else {
                        format!("/hdnd/{}", l.council.unit_code)
                    },
                    term: l.term.as_ref().map(|t| t.name.clone()),
                    by_constituency: l.by_constituency,
                    delegates: l
                        .seats
                        .iter()
                        .map(|s| DelegateCard::from(lang, s))
                        .collect(),
                })
                .collect();
            page.na = na.iter().map(|s| DelegateCard::from(lang, s)).collect();
        }
    }
    Ok(page)
}
