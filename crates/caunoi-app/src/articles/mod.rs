//! The newsroom: contributors write, the desk reviews, publishers publish, readers read.
//! This module holds what the desk, the public pages and the importer share.

pub mod desk;
pub mod diff;
pub mod legacy;
pub mod media;
pub mod public;
pub mod render;
pub mod stats;

use crate::{AppError, AppResult};
use caunoi_domain::article::Desk;
use caunoi_domain::{Actor, FieldError, Target, UnitCode};
use caunoi_store::articles::{self, Category};
use caunoi_store::{Tx, councils, units};

/// The categories every council's newsroom starts with (slug, name); editors may add more.
pub const DEFAULT_CATEGORIES: &[(&str, &str)] = &[
    ("hoat-dong-hdnd", "Hoạt động HĐND"),
    ("ky-hop", "Kỳ họp"),
    ("giam-sat", "Giám sát"),
    ("tiep-xuc-cu-tri", "Tiếp xúc cử tri"),
    (
        "cong-tac-thong-tin-tuyen-truyen",
        "Công tác thông tin tuyên truyền",
    ),
    ("tin-co-so", "Tin cơ sở"),
];

pub async fn ensure_categories(tx: &mut Tx, council_id: i64) -> AppResult<Vec<Category>> {
    let existing = articles::categories(tx, council_id).await?;
    if !existing.is_empty() {
        return Ok(existing);
    }
    for (pos, (slug, name)) in DEFAULT_CATEGORIES.iter().enumerate() {
        articles::insert_category(tx, council_id, slug, name, pos as i64).await?;
    }
    Ok(articles::categories(tx, council_id).await?)
}

/// The public address of an article: `/tin-tuc/{category}/{slug}-{id}`.
pub fn article_path(category_slug: &str, slug: &str, id: i64) -> String {
    format!("/tin-tuc/{category_slug}/{slug}-{id}")
}

/// Splits `cau-noi-giua-dai-bieu-123` into (`cau-noi-giua-dai-bieu`, 123).
pub fn parse_slug_id(s: &str) -> Option<(&str, i64)> {
    let (slug, id) = s.rsplit_once('-').unwrap_or(("", s));
    let id = id.parse::<i64>().ok().filter(|i| *i > 0)?;
    Some((slug, id))
}

/// An article's content as people type it (form, API or import).
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Draft {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub lead: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    /// The category's slug.
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub source: Option<String>,
    pub credit: Option<String>,
}

/// A draft that passed every check, ready to store.
#[derive(Debug, Clone)]
pub(crate) struct Valid {
    pub title: String,
    pub title_folded: String,
    pub slug: String,
    pub lead: String,
    pub body_md: String,
    pub body_html: String,
    pub source: Option<String>,
    pub credit: Option<String>,
    pub category: Category,
    pub tags: Vec<(String, String)>,
}

fn bounded(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
    label_vi: &str,
) -> String {
    let v = vntext::nfc(value.trim());
    let n = v.chars().count();
    if n < min {
        errors.push(FieldError::new(
            field,
            format!("{label_vi} là bắt buộc."),
            format!("{field} is required."),
        ));
    } else if n > max {
        errors.push(FieldError::new(
            field,
            format!("{label_vi} quá dài: {n} ký tự, tối đa {max}."),
            format!("{field} is too long: {n} characters, at most {max}."),
        ));
    }
    v
}

pub(crate) async fn validate(tx: &mut Tx, council_id: i64, d: &Draft) -> AppResult<Valid> {
    let mut errors = Vec::new();
    let title = bounded(&mut errors, "title", &d.title, 1, 250, "Tiêu đề");
    let lead = bounded(&mut errors, "lead", &d.lead, 0, 1000, "Sa-pô");
    let body_md = bounded(&mut errors, "body", &d.body, 1, 200_000, "Nội dung");
    let source = Some(bounded(
        &mut errors,
        "source",
        d.source.as_deref().unwrap_or(""),
        0,
        300,
        "Nguồn",
    ))
    .filter(|s| !s.is_empty());
    let credit = Some(bounded(
        &mut errors,
        "credit",
        d.credit.as_deref().unwrap_or(""),
        0,
        120,
        "Tác giả",
    ))
    .filter(|s| !s.is_empty());
    let mut tags: Vec<(String, String)> = Vec::new();
    for raw in d.tags.iter().flat_map(|t| t.split(',')) {
        let name = vntext::nfc(raw.trim());
        if name.is_empty() {
            continue;
        }
        let slug = vntext::slug(&name);
        if name.chars().count() > 60 || slug.is_empty() {
            errors.push(FieldError::new(
                "tags",
                format!("Thẻ “{name}” không hợp lệ: tối đa 60 ký tự, có chữ hoặc số."),
                format!("Tag “{name}” is invalid: at most 60 characters, with letters or digits."),
            ));
            continue;
        }
        if !tags.iter().any(|(s, _)| *s == slug) {
            tags.push((slug, name));
        }
    }
    if tags.len() > 20 {
        errors.push(FieldError::new(
            "tags",
            "Tối đa 20 thẻ.",
            "At most 20 tags.",
        ));
    }
    let categories = ensure_categories(tx, council_id).await?;
    let category = categories
        .iter()
        .find(|c| c.slug == d.category.trim())
        .cloned();
    if category.is_none() {
        let names: Vec<String> = categories
            .iter()
            .map(|c| format!("{} ({})", c.slug, c.name))
            .collect();
        errors.push(FieldError::new(
            "category",
            format!("Chọn một chuyên mục: {}.", names.join(", ")),
            format!("Choose a category: {}.", names.join(", ")),
        ));
    }
    let (Some(category), true) = (category, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let slug = Some(vntext::slug(&title))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "bai-viet".into());
    Ok(Valid {
        title_folded: vntext::fold(&title),
        body_html: render::markdown_to_html(&body_md),
        title,
        slug,
        lead,
        body_md,
        source,
        credit,
        category,
        tags,
    })
}

/// A council's place in the unit tree, for permission checks.
pub(crate) async fn council_ancestry(
    tx: &mut Tx,
    council_id: i64,
) -> AppResult<(councils::Council, Vec<UnitCode>)> {
    let council = councils::find(tx, council_id)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let ancestry = units::ancestry(tx, council.unit_id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect();
    Ok((council, ancestry))
}

/// What this actor may do on the desk of a council with this ancestry.
pub(crate) fn desk_for(actor: &Actor, ancestry: &[UnitCode], is_author: bool) -> Desk {
    Desk::from_roles(&actor.roles_for(&Target::Unit { ancestry }), is_author)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_and_id_split() {
        assert_eq!(
            parse_slug_id("cau-noi-giua-dai-bieu-123"),
            Some(("cau-noi-giua-dai-bieu", 123))
        );
        assert_eq!(parse_slug_id("123"), Some(("", 123)));
        assert_eq!(parse_slug_id("khong-co-so"), None);
        // An odd slug still yields the id; the page then redirects to the canonical address.
        assert_eq!(parse_slug_id("am--5"), Some(("am-", 5)));
        assert_eq!(parse_slug_id("bai-0"), None);
        assert_eq!(
            article_path("ky-hop", "ky-hop-thu-10", 7),
            "/tin-tuc/ky-hop/ky-hop-thu-10-7"
        );
    }
}
