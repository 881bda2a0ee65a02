//! Open data for the JSON API and the Popolo export: what an anonymous reader may see, whoever
//! asks (published events and resolutions, public documents), and Open Civic Data division ids
//! built from the official unit codes.

use crate::events::{self as event_pages, EventPage};
use crate::registry::{self, Registry};
use crate::resolutions::{self, Detail};
use crate::{App, AppError, AppResult, Ctx, Page};
use caunoi_domain::event::EventState;
use caunoi_domain::{Actor, UnitCode};
use caunoi_store::Tx;
use caunoi_store::councils::{self, Council, Term};
use caunoi_store::events::{self, Event, EventFilter};
use caunoi_store::registry::Body;
use caunoi_store::units::{self, IndexedUnit};
use std::collections::HashMap;

/// Open data is the same for staff and for the public: drafts never leave through it.
fn reader() -> Ctx {
    Ctx::new(Actor::anonymous())
}

/// `ocd-division/country:vn/province:01/commune:00004` from a unit's code and its ancestors'
/// codes, nearest first (as `units::ancestry` gives them). The type of each step follows the
/// length of the official code: 2 digits a province, 3 a (former) district, 5 a commune.
pub fn division(chain: &[String]) -> String {
    let mut out = String::from("ocd-division/country:vn");
    for code in chain.iter().rev() {
        let kind = match code.len() {
            2 => "province",
            3 => "district",
            _ => "commune",
        };
        out.push('/');
        out.push_str(kind);
        out.push(':');
        out.push_str(code);
    }
    out
}

/// A council as open data lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CouncilInfo {
    pub council: Council,
    /// The province of a commune's council; `None` for a province's.
    pub parent_code: Option<String>,
    /// OCD division id of the council's unit.
    pub division: String,
    /// Newest first.
    pub terms: Vec<Term>,
}

async fn info(tx: &mut Tx, council: Council) -> AppResult<CouncilInfo> {
    let chain = units::ancestry(tx, council.unit_id).await?;
    let terms = councils::terms(tx, council.id).await?;
    Ok(CouncilInfo {
        parent_code: chain.get(1).cloned(),
        division: division(&chain),
        terms,
        council,
    })
}

/// Every council, province level first, then by unit code.
pub async fn councils(app: &App, page: i64, per_page: i64) -> AppResult<Page<CouncilInfo>> {
    let mut tx = app.db.read().await?;
    let all = councils::all(&mut tx).await?;
    let p = caunoi_store::registry::page_of(all, page, per_page);
    let mut items = Vec::with_capacity(p.items.len());
    for c in p.items {
        items.push(info(&mut tx, c).await?);
    }
    Ok(Page {
        items,
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    })
}

/// The council of the unit `code` (a unit in force).
pub async fn council(app: &App, code: &UnitCode) -> AppResult<CouncilInfo> {
    let mut tx = app.db.read().await?;
    let c = councils::find_by_unit_code(&mut tx, code.as_str())
        .await?
        .ok_or(AppError::NotFound("council"))?;
    info(&mut tx, c).await
}

/// One published event's page; drafts and cancelled events are not open data.
pub async fn event(app: &App, id: i64) -> AppResult<EventPage> {
    let p = event_pages::page(app, &reader(), id).await?;
    if p.event.state != EventState::Published.as_str() {
        return Err(AppError::NotFound("event"));
    }
    Ok(p)
}

/// One published resolution with its published links and public documents.
pub async fn resolution(app: &App, id: i64) -> AppResult<Detail> {
    resolutions::detail(app, &reader(), id).await
}

/// Everything the Popolo export publishes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Export {
    pub registry: Registry,
    /// Published events, oldest first.
    pub events: Vec<Event>,
    /// OCD division id of every unit a council or a constituency names, by unit code.
    pub divisions: HashMap<String, String>,
    /// An OCD-style division id for each constituency, by constituency id:
    /// `{council's division}/constituency:{term's first year}-{number}`, or
    /// `{province}/na_constituency:{year}-{number}` for the National Assembly's.
    pub constituencies: HashMap<i64, String>,
}

/// The registry, the published events and the division ids, for the Popolo export.
pub async fn export(app: &App) -> AppResult<Export> {
    let registry = registry::everything(app).await?;
    let mut tx = app.db.read().await?;
    let mut events = Vec::new();
    let filter = EventFilter {
        published_only: true,
        ..EventFilter::default()
    };
    for page in 1.. {
        let p = events::list(&mut tx, &filter, page, 500).await?;
        let done = p.items.len() < 500;
        events.extend(p.items);
        if done {
            break;
        }
    }
    // One read of the unit table rather than one ancestry query per council.
    let all = units::all(&mut tx).await?;
    let mut by_code: HashMap<&str, &IndexedUnit> = HashMap::new();
    for u in &all {
        // A code can name an abolished unit and, later, a new one: today's unit wins.
        let keep = by_code
            .get(u.code.as_str())
            .is_none_or(|old| old.valid_to.is_some());
        if keep {
            by_code.insert(&u.code, u);
        }
    }
    let chain_of = |code: &str| {
        let mut chain = vec![code.to_owned()];
        let mut at = by_code.get(code).and_then(|u| u.parent_code.clone());
        while let Some(p) = at {
            if chain.contains(&p) || chain.len() > 4 {
                break;
            }
            at = by_code.get(p.as_str()).and_then(|u| u.parent_code.clone());
            chain.push(p);
        }
        chain
    };
    let mut divisions = HashMap::new();
    let codes = registry
        .councils
        .iter()
        .map(|(c, _)| c.unit_code.as_str())
        .chain(
            registry
                .constituency_units
                .iter()
                .map(|(_, c, _)| c.as_str()),
        );
    for code in codes {
        if !divisions.contains_key(code) {
            divisions.insert(code.to_owned(), division(&chain_of(code)));
        }
    }
    let bodies: HashMap<i64, &Body> = registry.bodies.iter().map(|b| (b.id, b)).collect();
    let councils_by_id: HashMap<i64, &(Council, Vec<Term>)> =
        registry.councils.iter().map(|c| (c.0.id, c)).collect();
    let mut constituencies = HashMap::new();
    for k in &registry.constituencies {
        let Some(body) = bodies.get(&k.organization_id) else {
            continue;
        };
        let Some((council, terms)) = councils_by_id.get(&body.council_id) else {
            continue;
        };
        let year = terms
            .iter()
            .find(|t| t.id == body.term_id)
            .map(|t| t.starts_on.year())
            .unwrap_or_default();
        let chain = chain_of(&council.unit_code);
        let id = if body.kind == "na_delegation" {
            // The NA's constituencies lie in the province, whichever council records them.
            let province = chain.last().cloned().unwrap_or_default();
            format!(
                "{}/na_constituency:{year}-{}",
                division(&[province]),
                k.number
            )
        } else {
            format!("{}/constituency:{year}-{}", division(&chain), k.number)
        };
        constituencies.insert(k.id, id);
    }
    Ok(Export {
        registry,
        events,
        divisions,
        constituencies,
    })
}

#[cfg(test)]
mod tests {
    use super::division;

    #[test]
    fn divisions_follow_the_unit_codes() {
        let d = |c: &[&str]| division(&c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(d(&["01"]), "ocd-division/country:vn/province:01");
        assert_eq!(
            d(&["00004", "01"]),
            "ocd-division/country:vn/province:01/commune:00004"
        );
        assert_eq!(
            d(&["00001", "001", "01"]),
            "ocd-division/country:vn/province:01/district:001/commune:00001"
        );
    }
}
