//! "Who represents me?": from a commune typed with or without accents (today's name or a name
//! from before the 2025 reorganisation) to the delegates of every level elected for it.

use super::{Seat, seats, today};
use crate::{App, AppError, AppResult};
use caunoi_store::councils::{self, Council, Term};
use caunoi_store::registry::SeatFilter;
use caunoi_store::units::{self, IndexedUnit, Unit};

/// A unit offered when the text matches several.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitChoice {
    pub code: String,
    pub name: String,
    pub parent_name: Option<String>,
    /// False for a unit abolished in a reorganisation.
    pub current: bool,
}

/// The delegates one council has for the commune.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Level {
    pub council: Council,
    pub term: Option<Term>,
    pub seats: Vec<Seat>,
    /// False when the council has recorded no constituencies covering the commune, so the
    /// seats listed are the council's whole membership.
    pub by_constituency: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub enum Lookup {
    /// Nothing typed yet.
    Empty,
    /// No unit matches.
    NotFound,
    /// Several units match (or a province or abolished district was picked): choose one.
    Choices(Vec<UnitChoice>),
    Found {
        commune: Box<Unit>,
        /// The abolished unit the person typed, when they used an old name.
        former: Option<Box<Unit>>,
        /// Commune council first, then the province council.
        levels: Vec<Level>,
        /// The province's National Assembly deputies for this commune.
        na: Vec<Seat>,
    },
}

fn choice(u: &IndexedUnit) -> UnitChoice {
    UnitChoice {
        code: u.code.clone(),
        name: u.name.clone(),
        parent_name: u.parent_name.clone(),
        current: u.valid_to.is_none(),
    }
}

/// Ranks name matches: the typed text equal to the short name first, then the full name, then
/// current units before abolished ones.
fn rank(candidates: &mut [IndexedUnit], typed: &str) {
    let score = |u: &IndexedUnit| {
        let short = vntext::fold(&u.short_name) == typed;
        let full = vntext::fold(&u.name) == typed;
        (
            !(short || full),
            u.valid_to.is_some(),
            u.code.len() < 5,
            u.id,
        )
    };
    candidates.sort_by_key(score);
}

/// Finds the commune for `text` (or for the unit `code` picked from a list) and its delegates.
pub async fn who_represents(app: &App, text: &str, code: Option<&str>) -> AppResult<Lookup> {
    let mut tx = app.db.read().await?;
    let unit = match code.filter(|c| !c.trim().is_empty()) {
        Some(code) => {
            let code = caunoi_domain::UnitCode::parse(code.trim())?;
            units::find_any(&mut tx, code.as_str())
                .await?
                .ok_or(AppError::NotFound("administrative unit"))?
        }
        None => {
            let typed = vntext::fold(&vntext::nfc(text.trim()));
            let typed = typed.split_whitespace().collect::<Vec<_>>().join(" ");
            if typed.is_empty() {
                return Ok(Lookup::Empty);
            }
            if typed.chars().count() > 100 {
                return Err(AppError::invalid(
                    "q",
                    "Tên xã, phường quá dài (tối đa 100 ký tự).",
                    "The commune name is too long (at most 100 characters).",
                ));
            }
            // "Ba Đình, Hà Nội": the part after a comma narrows by the parent's name.
            let mut parts = typed.split(',').map(str::trim);
            let name = parts.next().unwrap_or_default().to_owned();
            let parent: Option<String> = parts.next().map(str::to_owned).filter(|p| !p.is_empty());
            let mut candidates = units::search_by_name(&mut tx, &name, 400).await?;
            if let Some(p) = &parent {
                candidates.retain(|u| {
                    u.parent_name
                        .as_deref()
                        .is_some_and(|n| vntext::fold(n).contains(p.as_str()))
                });
            }
            rank(&mut candidates, &name);
            let exact: Vec<&IndexedUnit> = candidates
                .iter()
                .filter(|u| vntext::fold(&u.short_name) == name || vntext::fold(&u.name) == name)
                .collect();
            // Today's unit wins over an abolished one of the same name ("Ba Đình, Hà Nội" is
            // the ward, not the former district).
            let exact_current: Vec<&IndexedUnit> = exact
                .iter()
                .copied()
                .filter(|u| u.valid_to.is_none())
                .collect();
            let picked = match (exact.as_slice(), candidates.as_slice()) {
                (_, _) if exact_current.len() == 1 => exact_current[0].code.clone(),
                ([one], _) => one.code.clone(),
                ([], [one]) => one.code.clone(),
                ([], []) => return Ok(Lookup::NotFound),
                _ => {
                    let list = if exact.is_empty() {
                        candidates.iter().take(30).map(choice).collect()
                    } else {
                        exact.iter().take(30).map(|u| choice(u)).collect()
                    };
                    return Ok(Lookup::Choices(list));
                }
            };
            let found = candidates.into_iter().find(|u| u.code == picked);
            match found {
                Some(u) => units::find_by_id(&mut tx, u.id)
                    .await?
                    .ok_or(AppError::NotFound("administrative unit"))?,
                None => return Ok(Lookup::NotFound),
            }
        }
    };
    // An abolished unit: follow it to today's unit(s).
    let (commune, former) = if unit.valid_to.is_some() {
        let successors = units::successors(&mut tx, unit.id).await?;
        match successors.as_slice() {
            [one] if is_commune(one) => (one.clone(), Some(unit)),
            [] => return Ok(Lookup::NotFound),
            many => {
                return Ok(Lookup::Choices(
                    many.iter()
                        .map(|u| UnitChoice {
                            code: u.code.clone(),
                            name: u.name.clone(),
                            parent_name: None,
                            current: true,
                        })
                        .collect(),
                ));
            }
        }
    } else if is_commune(&unit) {
        (unit, None)
    } else {
        // A province: the person must pick their commune.
        let children = units::children(&mut tx, Some(&unit.code), false, 1, 200).await?;
        return Ok(Lookup::Choices(
            children
                .items
                .iter()
                .map(|u| UnitChoice {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    parent_name: Some(unit.name.clone()),
                    current: true,
                })
                .collect(),
        ));
    };
    let on = today();
    let mut levels = Vec::new();
    let mut na = Vec::new();
    if let Some(council) = councils::find_by_unit_id(&mut tx, commune.id).await? {
        let term = councils::current_term(&mut tx, council.id, on).await?;
        let seats = seats(
            &mut tx,
            &SeatFilter {
                council_id: Some(council.id),
                on: Some(on),
                ..SeatFilter::default()
            },
        )
        .await?;
        levels.push(Level {
            council,
            term,
            seats,
            by_constituency: false,
        });
    }
    if let Some(parent) = &commune.parent_code
        && let Some(council) = councils::find_by_unit_code(&mut tx, parent).await?
    {
        let term = councils::current_term(&mut tx, council.id, on).await?;
        let covering = seats(
            &mut tx,
            &SeatFilter {
                council_id: Some(council.id),
                covers_unit: Some(commune.id),
                on: Some(on),
                ..SeatFilter::default()
            },
        )
        .await?;
        let (deputies, delegates): (Vec<Seat>, Vec<Seat>) = covering
            .into_iter()
            .partition(|s| s.position.organization_kind == "na_delegation");
        na = deputies;
        let by_constituency = !delegates.is_empty();
        let seats = if by_constituency {
            delegates
        } else {
            seats(
                &mut tx,
                &SeatFilter {
                    council_id: Some(council.id),
                    on: Some(on),
                    ..SeatFilter::default()
                },
            )
            .await?
            .into_iter()
            .filter(|s| s.position.organization_kind == "council")
            .collect()
        };
        levels.push(Level {
            council,
            term,
            seats,
            by_constituency,
        });
    }
    Ok(Lookup::Found {
        commune: Box::new(commune),
        former: former.map(Box::new),
        levels,
        na,
    })
}

fn is_commune(u: &Unit) -> bool {
    u.kind
        .parse::<caunoi_domain::AdminUnitKind>()
        .ok()
        .and_then(caunoi_domain::AdminUnitKind::council_level)
        .is_some_and(|l| l == caunoi_domain::CouncilLevel::Commune)
}
