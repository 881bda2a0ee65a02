//! Public figures on petitions: how each agency answers and what each field holds
//! (`/kien-nghi/co-quan`, `/kien-nghi/linh-vuc`, and one page per agency or field with its
//! petitions). Rates only above the minimum count; never personal data.

use crate::AppState;
use crate::error::PageError;
use crate::frame::Frame;
use crate::i18n::Lang;
use crate::routes::common::site_name;
use crate::routes::site::petitions::petition_path;
use crate::viewer::Viewer;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::get;
use caunoi_app::petitions::stats::GroupBy;
use caunoi_app::petitions::stats::{self, Figures, MIN_ANSWERED};
use caunoi_app::petitions::{self, PublicQuery};
use caunoi_domain::petition::PetitionState;
use caunoi_domain::vntime;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kien-nghi/co-quan", get(agencies))
        .route("/kien-nghi/co-quan/{slug}", get(agency))
        .route("/kien-nghi/linh-vuc", get(fields))
        .route("/kien-nghi/linh-vuc/{slug}", get(field))
}

/// A share as people read it: "87,5%" in Vietnamese, "87.5%" in English.
pub fn percent(lang: Lang, v: f64) -> String {
    let s = format!("{:.1}", v * 100.0);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_owned();
    let s = match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    };
    format!("{s}%")
}

/// A decimal number with one digit after the separator.
pub fn decimal(lang: Lang, v: f64) -> String {
    let s = format!("{v:.1}");
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// Figures ready to print; rates below the minimum read "chưa đủ số liệu".
#[derive(Debug, Clone)]
pub struct FigView {
    pub received: i64,
    pub answered: i64,
    pub overdue: i64,
    pub on_time: String,
    pub average: String,
    pub resolved: String,
    pub rated: String,
}

impl FigView {
    pub fn of(lang: Lang, f: &Figures) -> FigView {
        let none = lang.t("pst.not_enough").to_owned();
        let p = |v: Option<f64>| v.map(|v| percent(lang, v)).unwrap_or_else(|| none.clone());
        FigView {
            received: f.received,
            answered: f.answered,
            overdue: f.overdue,
            on_time: p(f.on_time_rate),
            average: f
                .average_days
                .map(|d| format!("{} {}", decimal(lang, d), lang.t("pst.workdays")))
                .unwrap_or_else(|| none.clone()),
            resolved: p(f.resolved_share),
            rated: match f.rated_resolved_share {
                Some(v) => format!(
                    "{} ({} {})",
                    percent(lang, v),
                    f.rated,
                    match lang {
                        Lang::Vi => "đánh giá",
                        Lang::En => "ratings",
                    }
                ),
                None => none.clone(),
            },
        }
    }
}

/// The definitions printed under every table of figures.
pub fn definitions(lang: Lang) -> Vec<(&'static str, String)> {
    vec![
        (
            lang.t("pst.received"),
            lang.t("pst.def.received").to_owned(),
        ),
        (lang.t("pst.on_time"), lang.t("pst.def.on_time").to_owned()),
        (lang.t("pst.avg_days"), lang.t("pst.def.avg").to_owned()),
        (
            lang.t("pst.resolved"),
            lang.t("pst.def.resolved").to_owned(),
        ),
        (lang.t("pst.overdue"), lang.t("pst.def.overdue").to_owned()),
        (
            lang.t("pst.def.minimum_title"),
            lang.t("pst.def.minimum")
                .replace("{n}", &MIN_ANSWERED.to_string()),
        ),
    ]
}

pub struct RowView {
    pub href: String,
    pub name: String,
    pub fig: FigView,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions_stats.html")]
pub struct TablePage {
    pub f: Frame,
    pub heading_col: &'static str,
    pub other_href: &'static str,
    pub other_label: &'static str,
    pub rows: Vec<RowView>,
    pub total: FigView,
    pub defs: Vec<(&'static str, String)>,
}

async fn table(state: &AppState, v: &Viewer, by: GroupBy) -> Result<TablePage, PageError> {
    let site = site_name(state, None).await;
    let lang = v.lang;
    let t = stats::public_table(&state.app, by)
        .await
        .map_err(|e| PageError::new(e, v, &site))?;
    let (title, col, base, other_href, other_label) = match by {
        GroupBy::Agency => (
            "pst.agencies",
            "pst.agency",
            "/kien-nghi/co-quan/",
            "/kien-nghi/linh-vuc",
            "pst.by_field",
        ),
        GroupBy::Field => (
            "pst.fields",
            "pst.field",
            "/kien-nghi/linh-vuc/",
            "/kien-nghi/co-quan",
            "pst.by_agency",
        ),
    };
    Ok(TablePage {
        f: Frame::new(v, lang.t(title), &site, "/kien-nghi"),
        heading_col: lang.t(col),
        other_href,
        other_label: lang.t(other_label),
        rows: t
            .rows
            .iter()
            .map(|r| RowView {
                href: format!("{base}{}", r.slug),
                name: r.name.clone(),
                fig: FigView::of(lang, &r.figures),
            })
            .collect(),
        total: FigView::of(lang, &t.total),
        defs: definitions(lang),
    })
}

pub async fn agencies(State(state): State<AppState>, v: Viewer) -> Result<TablePage, PageError> {
    table(&state, &v, GroupBy::Agency).await
}

pub async fn fields(State(state): State<AppState>, v: Viewer) -> Result<TablePage, PageError> {
    table(&state, &v, GroupBy::Field).await
}

pub struct Recent {
    pub href: String,
    pub title: String,
    pub received: String,
    pub state: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "petitions_stats_one.html")]
pub struct OnePage {
    pub f: Frame,
    pub kind_label: &'static str,
    pub list_href: &'static str,
    pub list_label: &'static str,
    pub name: String,
    pub fig: FigView,
    pub defs: Vec<(&'static str, String)>,
    pub recent: Vec<Recent>,
    pub total: i64,
    pub all_href: String,
}

async fn one(state: &AppState, v: &Viewer, by: GroupBy, slug: &str) -> Result<OnePage, PageError> {
    let site = site_name(state, None).await;
    let lang = v.lang;
    let err = |e| PageError::new(e, v, &site);
    let (row, _) = stats::public_one(&state.app, by, slug).await.map_err(err)?;
    let (query, all_href) = match by {
        GroupBy::Agency => (
            PublicQuery {
                agency: Some(row.id),
                ..PublicQuery::default()
            },
            format!("/kien-nghi?co_quan={}", row.id),
        ),
        GroupBy::Field => (
            PublicQuery {
                field: Some(row.slug.clone()),
                ..PublicQuery::default()
            },
            format!("/kien-nghi?linh_vuc={}", row.slug),
        ),
    };
    let list = petitions::list(&state.app, &query, 1, 20)
        .await
        .map_err(err)?;
    let (kind, list_href, list_label) = match by {
        GroupBy::Agency => ("pst.agency", "/kien-nghi/co-quan", "pst.agencies"),
        GroupBy::Field => ("pst.field", "/kien-nghi/linh-vuc", "pst.fields"),
    };
    Ok(OnePage {
        f: Frame::new(v, row.name.clone(), &site, "/kien-nghi"),
        kind_label: lang.t(kind),
        list_href,
        list_label: lang.t(list_label),
        name: row.name.clone(),
        fig: FigView::of(lang, &row.figures),
        defs: definitions(lang),
        total: list.items.total,
        recent: list
            .items
            .items
            .iter()
            .map(|l| {
                let p = &l.petition;
                let s: PetitionState = p.state.parse().unwrap_or(PetitionState::Received);
                Recent {
                    href: petition_path(p),
                    title: p.title.clone(),
                    received: vntime::format_date(p.received_at.to_offset(vntime::VIETNAM).date()),
                    state: match lang {
                        Lang::Vi => s.label_vi(),
                        Lang::En => s.label_en(),
                    },
                }
            })
            .collect(),
        all_href,
    })
}

pub async fn agency(
    State(state): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<OnePage, PageError> {
    one(&state, &v, GroupBy::Agency, &slug).await
}

pub async fn field(
    State(state): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<OnePage, PageError> {
    one(&state, &v, GroupBy::Field, &slug).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_vietnamese_way() {
        assert_eq!(percent(Lang::Vi, 0.875), "87,5%");
        assert_eq!(percent(Lang::En, 0.875), "87.5%");
        assert_eq!(percent(Lang::Vi, 1.0), "100%");
        assert_eq!(decimal(Lang::Vi, 12.345), "12,3");
    }
}
