//! Administrative units: loading the reference file and reading the tree.

use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::{Action, AdminUnitKind, FieldError, Target, UnitCode};
use caunoi_store::now;
use caunoi_store::units::{self, NewUnit, Unit, UpsertCounts};
use time::Date;
use time::macros::format_description;

/// The reference file shipped with the binary (source and licence in `assets/units/README.md`).
pub const BUNDLED_UNITS: &str = include_str!("../../../assets/units/vn-admin-units.csv");

const HEADER: [&str; 8] = [
    "code",
    "name",
    "short_name",
    "kind",
    "parent_code",
    "valid_from",
    "valid_to",
    "successors",
];

/// Reads the units CSV; every bad row is reported by its line number and field, and nothing
/// is returned unless the whole file is good.
pub fn parse_units_csv(text: &str) -> Result<Vec<NewUnit>, Vec<FieldError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut errors = Vec::new();
    match reader.headers() {
        Ok(h) if h.iter().eq(HEADER.iter().copied()) => {}
        _ => {
            return Err(vec![FieldError::new(
                "file",
                format!("Dòng tiêu đề phải là: {}", HEADER.join(",")),
                format!("The header line must be: {}", HEADER.join(",")),
            )]);
        }
    }
    let mut out = Vec::new();
    let date = format_description!("[year]-[month]-[day]");
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        let bad = |field: &'static str, what: &str| {
            FieldError::new(
                field,
                format!("Dòng {line}: {what}"),
                format!("line {line}: {what}"),
            )
        };
        let rec = match rec {
            Ok(r) if r.len() == HEADER.len() => r,
            Ok(_) | Err(_) => {
                errors.push(bad("file", "expected 8 comma-separated columns"));
                continue;
            }
        };
        let code = match UnitCode::parse(&rec[0]) {
            Ok(c) => c.as_str().to_owned(),
            Err(_) => {
                errors.push(bad("code", "code must have 2, 3 or 5 digits"));
                continue;
            }
        };
        let name = vntext::nfc(rec[1].trim());
        let short_name = vntext::nfc(rec[2].trim());
        if name.is_empty() || short_name.is_empty() || name.chars().count() > 200 {
            errors.push(bad(
                "name",
                "name and short_name are required (at most 200 characters)",
            ));
            continue;
        }
        if let Err(e) = rec[3].parse::<AdminUnitKind>() {
            errors.push(bad("kind", &e));
            continue;
        }
        let parse_date = |s: &str| -> Result<Option<Date>, ()> {
            if s.trim().is_empty() {
                Ok(None)
            } else {
                Date::parse(s.trim(), &date).map(Some).map_err(|_| ())
            }
        };
        let (Ok(valid_from), Ok(valid_to)) = (parse_date(&rec[5]), parse_date(&rec[6])) else {
            errors.push(bad("valid_from", "dates are written YYYY-MM-DD"));
            continue;
        };
        let parent_code = Some(rec[4].trim().to_owned()).filter(|s| !s.is_empty());
        let successors: Vec<String> = rec[7]
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        out.push(NewUnit {
            name_folded: vntext::fold(&name),
            code,
            name,
            short_name,
            kind: rec[3].to_owned(),
            parent_code,
            valid_from,
            valid_to,
            successors,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Loads (or refreshes) the units from a CSV; importing the same file twice changes nothing.
pub async fn import_units(app: &App, ctx: &Ctx, text: &str) -> AppResult<UpsertCounts> {
    if !ctx.actor.may(Action::ImportUnits, &Target::System) {
        return Err(crate::accounts::deny(ctx));
    }
    let parsed = parse_units_csv(text).map_err(AppError::Invalid)?;
    let t = now();
    let mut tx = app.db.write().await?;
    let counts = units::upsert(&mut tx, &parsed).await?;
    if counts.inserted + counts.updated > 0 {
        record::change(
            &mut tx,
            ctx,
            t,
            Change {
                action: "imported",
                target_kind: "admin_units",
                target_id: None,
                unit_id: None,
                details: serde_json::to_value(counts).unwrap_or_default(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(counts)
}

/// Loads the bundled units into an empty database (first start); does nothing otherwise.
pub async fn ensure_units(app: &App) -> AppResult<Option<UpsertCounts>> {
    let empty = {
        let mut tx = app.db.read().await?;
        units::count(&mut tx).await? == 0
    };
    if !empty {
        return Ok(None);
    }
    import_units(app, &Ctx::operator(), BUNDLED_UNITS)
        .await
        .map(Some)
}

pub async fn children(
    app: &App,
    parent: Option<&str>,
    include_abolished: bool,
    page: i64,
    per_page: i64,
) -> AppResult<Page<Unit>> {
    let mut tx = app.db.read().await?;
    if let Some(code) = parent {
        let code = UnitCode::parse(code).map_err(|mut e| {
            e.field = "parent";
            e
        })?;
        if units::find_any(&mut tx, code.as_str()).await?.is_none() {
            return Err(AppError::NotFound("administrative unit"));
        }
    }
    Ok(units::children(&mut tx, parent, include_abolished, page, per_page).await?)
}

/// A unit with what took over from it if it was abolished.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitDetail {
    #[serde(flatten)]
    pub unit: Unit,
    pub successors: Vec<Unit>,
}

pub async fn find(app: &App, code: &str) -> AppResult<UnitDetail> {
    let code = UnitCode::parse(code)?;
    let mut tx = app.db.read().await?;
    let unit = units::find_any(&mut tx, code.as_str())
        .await?
        .ok_or(AppError::NotFound("administrative unit"))?;
    let successors = units::successors(&mut tx, unit.id).await?;
    Ok(UnitDetail { unit, successors })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_parses_with_all_current_units() {
        let units = parse_units_csv(BUNDLED_UNITS).unwrap();
        let current = |kinds: &[&str]| {
            units
                .iter()
                .filter(|u| u.valid_to.is_none() && kinds.contains(&u.kind.as_str()))
                .count()
        };
        assert_eq!(current(&["province"]), 34);
        assert_eq!(current(&["commune", "ward", "special_zone"]), 3321);
        let hanoi = units
            .iter()
            .filter(|u| u.valid_to.is_none() && u.parent_code.as_deref() == Some("01"))
            .count();
        assert_eq!(hanoi, 126);
    }

    #[test]
    fn bad_rows_are_named_by_line_and_field() {
        let text = "code,name,short_name,kind,parent_code,valid_from,valid_to,successors\n\
                    01,Thành phố Hà Nội,Hà Nội,province,,,,\n\
                    1x,Sai,Sai,province,,,,\n\
                    00004,Phường Ba Đình,Ba Đình,village,01,2025-07-01,,\n\
                    00007,Phường X,X,ward,01,1/7/2025,,\n";
        let errs = parse_units_csv(text).unwrap_err();
        let fields: Vec<_> = errs
            .iter()
            .map(|e| (e.field, e.message_en.clone()))
            .collect();
        assert_eq!(fields.len(), 3, "{fields:?}");
        assert_eq!(fields[0].0, "code");
        assert!(fields[0].1.starts_with("line 3"));
        assert_eq!(fields[1].0, "kind");
        assert_eq!(fields[2].0, "valid_from");
    }

    #[test]
    fn wrong_header_is_refused() {
        assert_eq!(parse_units_csv("a,b\n1,2\n").unwrap_err()[0].field, "file");
    }
}
