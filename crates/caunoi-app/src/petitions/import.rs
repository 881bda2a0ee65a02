//! The office's compilation sheets (CSV or XLSX, one row per petition) imported in bulk:
//! columns found by their Vietnamese headers, every bad row named by its line and reason, and
//! nothing imported from a file with errors unless the office asks to skip the bad rows.

use super::intake::commune_of;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::petition::TrackingCode;
use caunoi_domain::{Action, FieldError, Target};
use caunoi_store::petitions::{self, NewPetition, Transition};
use caunoi_store::{councils, now};

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PetitionImport {
    pub rows: usize,
    pub imported: usize,
    /// (line, reason) of every row left out.
    pub bad: Vec<(usize, String)>,
    pub dry_run: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Title,
    Body,
    Field,
    Commune,
    Voters,
}

const HEADERS: &[(Col, &[&str])] = &[
    (Col::Title, &["tieu de", "tom tat", "title"]),
    (
        Col::Body,
        &[
            "noi dung",
            "noi dung kien nghi",
            "y kien, kien nghi",
            "y kien kien nghi",
            "kien nghi",
            "body",
        ],
    ),
    (Col::Field, &["linh vuc", "field"]),
    (
        Col::Commune,
        &[
            "xa, phuong",
            "xa phuong",
            "dia ban",
            "don vi hanh chinh",
            "commune",
        ],
    ),
    (Col::Voters, &["so cu tri", "so luot", "voters"]),
];

/// Imports the sheet into the council of `event_id`'s voter meeting (linked to it) or the
/// site's council. With `skip_bad` the good rows go in and the bad ones are reported.
pub async fn import_petitions(
    app: &App,
    ctx: &Ctx,
    bytes: &[u8],
    event_id: Option<i64>,
    skip_bad: bool,
    dry_run: bool,
) -> AppResult<PetitionImport> {
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(crate::accounts::deny(ctx));
    }
    // Whose sheet this is, and whether the caller may import into it, before the file is read.
    let (council, event) = {
        let mut tx = app.db.read().await?;
        let (council, event) = match event_id {
            Some(e) => {
                let ev = caunoi_store::events::find(&mut tx, e)
                    .await?
                    .filter(|x| x.kind == "voter_meeting")
                    .ok_or_else(|| {
                        AppError::invalid(
                            "event",
                            "Hãy chọn một buổi tiếp xúc cử tri.",
                            "Choose a voter meeting.",
                        )
                    })?;
                (councils::find(&mut tx, ev.council_id).await?, Some(ev))
            }
            None => (councils::primary(&mut tx).await?, None),
        };
        let council = council.ok_or(AppError::NotFound("council"))?;
        let anc = super::ancestry(&mut tx, council.unit_id).await?;
        if !ctx
            .actor
            .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
        {
            return Err(crate::accounts::deny(ctx));
        }
        (council, event)
    };
    let table = {
        let bytes = bytes.to_vec();
        crate::documents::read_untrusted(move |budget| {
            caunoi_import::sheet::read_table_within(&bytes, budget)
        })
        .await?
        .map_err(|e| AppError::invalid("file", &e.message_vi(), &e.to_string()))?
    };
    let Some(header_at) = table.iter().position(|r| {
        r.iter().any(|c| {
            let f = vntext::fold(c).to_lowercase();
            HEADERS
                .iter()
                .any(|(col, names)| *col == Col::Body && names.contains(&f.trim()))
        })
    }) else {
        return Err(AppError::invalid(
            "file",
            "Không thấy cột “Nội dung kiến nghị” ở dòng tiêu đề.",
            "No “Nội dung kiến nghị” (body) column in the header line.",
        ));
    };
    let cols: Vec<Option<Col>> = table[header_at]
        .iter()
        .map(|h| {
            let f = vntext::fold(h).to_lowercase();
            let f = f.trim().trim_end_matches(':').trim();
            HEADERS
                .iter()
                .find(|(_, names)| names.contains(&f))
                .map(|(c, _)| *c)
        })
        .collect();
    let mut tx = app.db.write().await?;
    let fields = petitions::fields(&mut tx, council.id).await?;
    let mut report = PetitionImport {
        dry_run,
        ..PetitionImport::default()
    };
    let mut good = Vec::new();
    for (i, row) in table.iter().enumerate().skip(header_at + 1) {
        let line = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let get = |c: Col| {
            cols.iter()
                .position(|x| *x == Some(c))
                .and_then(|i| row.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let body = get(Col::Body);
        let mut reasons = Vec::new();
        if body.chars().count() < 10 {
            reasons.push("nội dung kiến nghị trống hoặc quá ngắn (ít nhất 10 ký tự)".to_owned());
        }
        let title = match get(Col::Title) {
            t if !t.is_empty() => t,
            _ => {
                let mut t: String = body.chars().take(150).collect();
                if body.chars().count() > 150 {
                    t.push('…');
                }
                t
            }
        };
        let field_id = match get(Col::Field).trim() {
            "" => None,
            f => {
                let folded = vntext::fold(f);
                match fields
                    .iter()
                    .find(|x| x.slug == f || vntext::fold(&x.name) == folded)
                {
                    Some(x) => Some(x.id),
                    None => {
                        reasons.push(format!("lĩnh vực “{f}” không có trong danh mục"));
                        None
                    }
                }
            }
        };
        let voters = match get(Col::Voters).trim() {
            "" => 1,
            v => match v.trim_end_matches(".0").parse::<i64>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    reasons.push(format!("số cử tri “{v}” không phải số nguyên dương"));
                    1
                }
            },
        };
        let unit_id = match commune_of(&mut tx, &get(Col::Commune)).await {
            Ok(u) => u.or(event.as_ref().and_then(|e| e.unit_id)),
            Err(_) => {
                reasons.push(format!(
                    "không xác định được xã, phường “{}”",
                    get(Col::Commune)
                ));
                None
            }
        };
        if reasons.is_empty() {
            good.push((title, body, field_id, unit_id, voters));
        } else {
            report.bad.push((line, reasons.join("; ")));
        }
    }
    if report.rows == 0 {
        return Err(AppError::invalid(
            "file",
            "Tệp không có dòng kiến nghị nào dưới dòng tiêu đề.",
            "The file has no petition rows.",
        ));
    }
    if !report.bad.is_empty() && !skip_bad {
        return Err(AppError::Invalid(
            report
                .bad
                .iter()
                .map(|(line, why)| {
                    FieldError::new(
                        "file",
                        format!("Dòng {line}: {why}."),
                        format!("Line {line}: {why}."),
                    )
                })
                .collect(),
        ));
    }
    if dry_run {
        report.imported = good.len();
        return Ok(report);
    }
    let t = now();
    let mut imported = Vec::with_capacity(good.len());
    for (title, body, field_id, unit_id, voters) in good {
        let code = loop {
            let c = TrackingCode::from_random(rand::random());
            if petitions::find_by_code(&mut tx, c.as_str())
                .await?
                .is_none()
            {
                break c.as_str().to_owned();
            }
        };
        let id = petitions::insert(
            &mut tx,
            &NewPetition {
                council_id: council.id,
                code,
                channel: if event.is_some() {
                    "voter_meeting"
                } else {
                    "import"
                }
                .into(),
                state: "received".into(),
                moderation: "approved".into(),
                title,
                body,
                field_id,
                unit_id,
                place: None,
                event_id: event.as_ref().map(|e| e.id),
                voters,
                public_name: None,
            },
            t,
        )
        .await?;
        petitions::insert_transition(
            &mut tx,
            id,
            &Transition {
                from_state: None,
                to_state: "received".into(),
                action: "import".into(),
                actor_label: ctx.actor.label.clone(),
                note: event.as_ref().map(|e| e.title.clone()).unwrap_or_default(),
                public: true,
                at: t,
            },
        )
        .await?;
        report.imported += 1;
        imported.push(id);
    }
    record::change(&mut tx, ctx, t, Change {
        action: "imported",
        target_kind: "petitions",
        target_id: event.as_ref().map(|e| e.id.to_string()),
        unit_id: Some(council.unit_id),
        details: serde_json::json!({ "rows": report.rows, "imported": report.imported, "skipped": report.bad.len(), "ids": imported }),
    }).await?;
    tx.commit().await?;
    Ok(report)
}
