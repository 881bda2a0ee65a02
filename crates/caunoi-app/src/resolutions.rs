//! Resolutions (nghị quyết): the public list with filters and each resolution's page with its
//! status and links; staff record them, link amendments and replacements, and attach files.

use crate::documents::{self, Owner};
use crate::record::{self, Change};
use crate::registry::{check_unit, parse_date, today};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::FieldError;
use caunoi_domain::resolution::{ResolutionNumber, ResolutionStatus};
use caunoi_store::councils;
use caunoi_store::documents::Document;
use caunoi_store::resolutions::{self, Link, Resolution, ResolutionFields};
use caunoi_store::{events, now};
use std::collections::HashMap;
use time::Date;

/// The public address of a resolution: `/nghi-quyet/quy-dinh-muc-thu-hoc-phi-7`.
pub fn resolution_path(slug: &str, id: i64) -> String {
    format!("/nghi-quyet/{slug}-{id}")
}

/// A resolution with the status it has today.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub resolution: Resolution,
    pub status: ResolutionStatus,
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub council: Option<String>,
    pub year: Option<i64>,
    pub field: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct List {
    pub items: Page<Listed>,
    pub years: Vec<i64>,
    pub fields: Vec<String>,
}

/// Replacement day and amended flag of every resolution, from published links.
async fn link_state(tx: &mut caunoi_store::Tx) -> AppResult<HashMap<i64, (Option<Date>, bool)>> {
    let mut out: HashMap<i64, (Option<Date>, bool)> = HashMap::new();
    for (_, to, kind, day) in resolutions::published_links(tx).await? {
        let e = out.entry(to).or_default();
        if kind == "replaces" {
            e.0 = Some(e.0.map_or(day, |d: Date| d.min(day)));
        } else {
            e.1 = true;
        }
    }
    Ok(out)
}

fn status_of(
    r: &Resolution,
    links: &HashMap<i64, (Option<Date>, bool)>,
    on: Date,
) -> ResolutionStatus {
    let (replaced, amended) = links.get(&r.id).copied().unwrap_or_default();
    // Without a recorded effective day a resolution is taken to apply from its adoption.
    ResolutionStatus::on(
        on,
        r.effective_on.or(Some(r.adopted_on)),
        r.expires_on,
        replaced,
        amended,
    )
}

/// Published resolutions, newest first, filtered by council, year, field and today's status.
pub async fn list(app: &App, q: &ListQuery, page: i64, per_page: i64) -> AppResult<List> {
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(ResolutionStatus::parse(s).ok_or_else(|| {
            AppError::invalid(
                "status",
                "Tình trạng hiệu lực không có trong danh sách.",
                "Unknown status.",
            )
        })?),
        None => None,
    };
    let mut tx = app.db.read().await?;
    let council_id = match q.council.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => {
            let code = caunoi_domain::UnitCode::parse(code)?;
            Some(
                councils::find_by_unit_code(&mut tx, code.as_str())
                    .await?
                    .ok_or(AppError::NotFound("council"))?
                    .id,
            )
        }
        None => None,
    };
    let field = q.field.as_deref().filter(|f| !f.is_empty());
    let all = resolutions::list(&mut tx, council_id, q.year, field, None, true).await?;
    let links = link_state(&mut tx).await?;
    let on = today();
    let listed: Vec<Listed> = all
        .into_iter()
        .map(|r| Listed {
            status: status_of(&r, &links, on),
            resolution: r,
        })
        .filter(|l| status.is_none_or(|s| l.status == s))
        .collect();
    let (years, fields) = resolutions::facets(&mut tx, council_id).await?;
    Ok(List {
        items: caunoi_store::registry::page_of(listed, page, per_page),
        years,
        fields,
    })
}

/// One resolution's page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Detail {
    pub resolution: Resolution,
    pub status: ResolutionStatus,
    /// Resolutions this one amends or replaces.
    pub changes: Vec<Link>,
    /// Resolutions that amend or replace this one.
    pub changed_by: Vec<Link>,
    pub documents: Vec<Document>,
    pub session: Option<caunoi_store::events::Event>,
}

pub async fn detail(app: &App, ctx: &Ctx, id: i64) -> AppResult<Detail> {
    let mut tx = app.db.read().await?;
    let r = resolutions::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("resolution"))?;
    let council = councils::find(&mut tx, r.council_id)
        .await?
        .ok_or(AppError::NotFound("resolution"))?;
    let staff = check_unit(&mut tx, ctx, council.unit_id).await.is_ok();
    if r.state != "published" && !staff {
        return Err(AppError::NotFound("resolution"));
    }
    let links = link_state(&mut tx).await?;
    let keep = |l: &Link| staff || l.other_state == "published";
    let changes = resolutions::links_from(&mut tx, id)
        .await?
        .into_iter()
        .filter(keep)
        .collect();
    let changed_by = resolutions::links_to(&mut tx, id)
        .await?
        .into_iter()
        .filter(keep)
        .collect();
    let session = match r.session_id {
        Some(s) => events::find(&mut tx, s)
            .await?
            .filter(|e| staff || e.state == "published"),
        None => None,
    };
    Ok(Detail {
        status: status_of(&r, &links, today()),
        documents: documents::visible(&mut tx, ctx, "resolution", id, council.unit_id).await?,
        changes,
        changed_by,
        session,
        resolution: r,
    })
}

/// A resolution for the staff's edit page: only for those who keep its council's record.
pub async fn staff_detail(app: &App, ctx: &Ctx, id: i64) -> AppResult<Detail> {
    {
        let mut tx = app.db.read().await?;
        let r = resolutions::find(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("resolution"))?;
        let c = councils::find(&mut tx, r.council_id)
            .await?
            .ok_or(AppError::NotFound("resolution"))?;
        check_unit(&mut tx, ctx, c.unit_id).await?;
    }
    detail(app, ctx, id).await
}

/// A resolution as the form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ResolutionInput {
    #[serde(default)]
    pub council: String,
    pub number: String,
    pub title: String,
    #[serde(default)]
    pub field: String,
    pub adopted_on: String,
    #[serde(default)]
    pub effective_on: String,
    #[serde(default)]
    pub expires_on: String,
    #[serde(default)]
    pub session_id: String,
    #[serde(default)]
    pub body_md: String,
    #[serde(default)]
    pub state: String,
    /// Numbers of resolutions this one amends, separated by commas or new lines.
    #[serde(default)]
    pub amends: String,
    /// Numbers of resolutions this one replaces.
    #[serde(default)]
    pub replaces: String,
}

pub async fn save(
    app: &App,
    ctx: &Ctx,
    id: Option<i64>,
    input: &ResolutionInput,
) -> AppResult<i64> {
    crate::registry::require_registry_role(ctx)?;
    let mut errors = Vec::new();
    let number = ResolutionNumber::parse(&input.number)
        .map_err(|m| {
            errors.push(FieldError::new(
                "number",
                m,
                "Write the number as 15/2025/NQ-HĐND or 125/NQ-HĐND.",
            ))
        })
        .ok();
    let title = vntext::nfc(input.title.trim());
    if title.is_empty() || title.chars().count() > 500 {
        errors.push(FieldError::new(
            "title",
            "Trích yếu là bắt buộc (tối đa 500 ký tự).",
            "A title is required (at most 500 characters).",
        ));
    }
    let field = vntext::nfc(input.field.trim());
    if field.chars().count() > 100 {
        errors.push(FieldError::new(
            "field",
            "Lĩnh vực tối đa 100 ký tự.",
            "A field has at most 100 characters.",
        ));
    }
    let adopted_on = parse_date(&input.adopted_on, "adopted_on", &mut errors);
    if adopted_on.is_none() && !errors.iter().any(|e| e.field == "adopted_on") {
        errors.push(FieldError::new(
            "adopted_on",
            "Ngày thông qua là bắt buộc (dạng 31/12/2026).",
            "The adoption date is required (31/12/2026).",
        ));
    }
    let effective_on = parse_date(&input.effective_on, "effective_on", &mut errors);
    let expires_on = parse_date(&input.expires_on, "expires_on", &mut errors);
    if let (Some(a), Some(e)) = (adopted_on, effective_on)
        && e < a
    {
        errors.push(FieldError::new(
            "effective_on",
            "Ngày có hiệu lực không thể trước ngày thông qua.",
            "It cannot take effect before it was adopted.",
        ));
    }
    if let (Some(e), Some(x)) = (effective_on.or(adopted_on), expires_on)
        && x <= e
    {
        errors.push(FieldError::new(
            "expires_on",
            "Ngày hết hiệu lực phải sau ngày có hiệu lực.",
            "It must expire after it takes effect.",
        ));
    }
    if let (Some(n), Some(a)) = (&number, adopted_on)
        && let Some(y) = n.year
        && y != a.year()
    {
        errors.push(FieldError::new(
            "number",
            format!("Năm trong số ({y}) khác năm thông qua ({}).", a.year()),
            "The year in the number differs from the year of adoption.",
        ));
    }
    let state = match input.state.trim() {
        "" | "draft" => "draft",
        "published" => "published",
        _ => {
            errors.push(FieldError::new(
                "state",
                "Hãy chọn bản nháp hoặc công bố.",
                "Choose draft or published.",
            ));
            "draft"
        }
    };
    let body_md = vntext::nfc(input.body_md.trim());
    let mut tx = app.db.write().await?;
    let council = match input.council.trim() {
        "" => councils::primary(&mut tx).await?,
        code => match caunoi_domain::UnitCode::parse(code) {
            Ok(c) => councils::find_by_unit_code(&mut tx, c.as_str()).await?,
            Err(_) => None,
        },
    };
    let Some(council) = council else {
        errors.push(FieldError::new(
            "council",
            "Hãy chọn Hội đồng nhân dân.",
            "Choose a council.",
        ));
        return Err(AppError::Invalid(errors));
    };
    check_unit(&mut tx, ctx, council.unit_id).await?;
    let session_id = match input.session_id.trim() {
        "" => None,
        s => match s.parse::<i64>().ok() {
            Some(n)
                if events::find(&mut tx, n)
                    .await?
                    .is_some_and(|e| e.kind == "session" && e.council_id == council.id) =>
            {
                Some(n)
            }
            _ => {
                errors.push(FieldError::new(
                    "session_id",
                    "Hãy chọn một kỳ họp của Hội đồng này.",
                    "Choose a session of this council.",
                ));
                None
            }
        },
    };
    // Links by number, resolved within the council.
    let mut links = Vec::new();
    for (kind, list, field) in [
        ("amends", &input.amends, "amends"),
        ("replaces", &input.replaces, "replaces"),
    ] {
        for n in list
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let parsed = match ResolutionNumber::parse(n) {
                Ok(p) => p,
                Err(m) => {
                    errors.push(FieldError::new(
                        field,
                        format!("“{n}”: {m}"),
                        format!("“{n}” is not a resolution number."),
                    ));
                    continue;
                }
            };
            let year = parsed.year.map(i64::from);
            let found = match year {
                Some(y) => {
                    resolutions::find_by_key(&mut tx, council.id, &parsed.key(y as i32)).await?
                }
                None => None,
            };
            match found {
                Some(r) if Some(r.id) != id => links.push((r.id, kind.to_owned())),
                _ => errors.push(FieldError::new(
                    field,
                    format!(
                        "Chưa có nghị quyết số {} trong hệ thống; hãy nhập nghị quyết đó trước.",
                        parsed.canonical()
                    ),
                    format!(
                        "Resolution {} is not recorded yet; record it first.",
                        parsed.canonical()
                    ),
                )),
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (number, adopted_on) = (
        number.ok_or(AppError::NotFound("number"))?,
        adopted_on.ok_or(AppError::NotFound("date"))?,
    );
    let fields = ResolutionFields {
        council_id: council.id,
        number: number.canonical(),
        number_key: number.key(adopted_on.year()),
        year: i64::from(adopted_on.year()),
        slug: vntext::slug(&title),
        title,
        field: if field.is_empty() {
            "Khác".into()
        } else {
            field
        },
        adopted_on,
        effective_on,
        expires_on,
        session_id,
        body_md,
        state: state.into(),
    };
    let t = now();
    let result = match id {
        Some(id) => {
            let old = resolutions::find(&mut tx, id)
                .await?
                .ok_or(AppError::NotFound("resolution"))?;
            let old_council = councils::find(&mut tx, old.council_id)
                .await?
                .ok_or(AppError::NotFound("resolution"))?;
            check_unit(&mut tx, ctx, old_council.unit_id).await?;
            resolutions::update(&mut tx, id, &fields, t)
                .await
                .map(|_| id)
        }
        None => resolutions::insert(&mut tx, &fields, t).await,
    };
    let id = match result {
        Err(caunoi_store::StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "number",
                "Hội đồng này đã có nghị quyết mang số này.",
                "This council already has a resolution with this number.",
            ));
        }
        other => other?,
    };
    resolutions::set_links(&mut tx, id, &links).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "saved",
            target_kind: "resolution",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "number": fields.number, "state": fields.state, "links": links.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Every resolution of the councils the actor manages (drafts included), newest first.
pub async fn staff_list(app: &App, ctx: &Ctx) -> AppResult<Vec<Listed>> {
    if !ctx.actor.may(
        caunoi_domain::Action::ManageRegistry,
        &caunoi_domain::Target::Anywhere,
    ) {
        return Err(crate::accounts::deny(ctx));
    }
    let mut tx = app.db.read().await?;
    let links = link_state(&mut tx).await?;
    let on = today();
    let mut out = Vec::new();
    for r in resolutions::list(&mut tx, None, None, None, None, false).await? {
        let c = councils::find(&mut tx, r.council_id).await?;
        if let Some(c) = c
            && check_unit(&mut tx, ctx, c.unit_id).await.is_ok()
        {
            out.push(Listed {
                status: status_of(&r, &links, on),
                resolution: r,
            });
        }
    }
    Ok(out)
}

/// Attaches the signed PDF or the DOCX of a resolution; its text becomes searchable. When the
/// resolution has no text yet, the extracted text fills its reading view.
pub async fn attach_file(
    app: &App,
    ctx: &Ctx,
    id: i64,
    title: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<i64> {
    let unit_id = {
        let mut tx = app.db.read().await?;
        let r = resolutions::find(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound("resolution"))?;
        let c = councils::find(&mut tx, r.council_id)
            .await?
            .ok_or(AppError::NotFound("resolution"))?;
        check_unit(&mut tx, ctx, c.unit_id).await?;
        c.unit_id
    };
    let doc_id = documents::attach(
        app,
        ctx,
        Owner {
            kind: "resolution",
            id,
            unit_id,
        },
        title,
        file_name,
        bytes,
        true,
    )
    .await?;
    let mut tx = app.db.write().await?;
    let r = resolutions::find(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("resolution"))?;
    if r.body_md.trim().is_empty() {
        let d = caunoi_store::documents::find(&mut tx, doc_id)
            .await?
            .ok_or(AppError::NotFound("document"))?;
        if !d.text.is_empty() {
            let fields = ResolutionFields {
                council_id: r.council_id,
                number: r.number.clone(),
                number_key: ResolutionNumber::parse(&r.number)
                    .map(|n| n.key(r.adopted_on.year()))
                    .unwrap_or_default(),
                year: r.year,
                title: r.title.clone(),
                slug: r.slug.clone(),
                field: r.field.clone(),
                adopted_on: r.adopted_on,
                effective_on: r.effective_on,
                expires_on: r.expires_on,
                session_id: r.session_id,
                body_md: plain_to_markdown(&d.text),
                state: r.state.clone(),
            };
            let t = now();
            resolutions::update(&mut tx, id, &fields, t).await?;
            record::change(
                &mut tx,
                ctx,
                t,
                Change {
                    action: "text_extracted",
                    target_kind: "resolution",
                    target_id: Some(id.to_string()),
                    unit_id: Some(unit_id),
                    details: serde_json::json!({ "document_id": doc_id }),
                },
            )
            .await?;
            tx.commit().await?;
        }
    }
    Ok(doc_id)
}

/// Extracted text as Markdown paragraphs, with characters Markdown would read as syntax escaped.
fn plain_to_markdown(text: &str) -> String {
    text.split("\n\n")
        .map(|p| {
            let mut out = String::with_capacity(p.len());
            for (i, ch) in p.chars().enumerate() {
                if matches!(
                    ch,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
                ) || (i == 0 && matches!(ch, '-' | '+'))
                {
                    out.push('\\');
                }
                out.push(ch);
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}
