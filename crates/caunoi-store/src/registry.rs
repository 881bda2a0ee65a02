//! The council's people and bodies (Popolo-shaped): persons, organizations of a council term
//! (the council itself, standing board, committees, delegate groups, office) and memberships.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Organization {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub members: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Member {
    pub person_id: i64,
    pub full_name: String,
    pub birth_year: Option<i64>,
    pub gender: Option<String>,
    pub role: String,
}

/// A person's public profile; one identity across terms and bodies.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Person {
    pub id: i64,
    pub full_name: String,
    pub birth_year: Option<i64>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
    pub workplace: Option<String>,
    pub party: Option<String>,
    pub photo: Option<String>,
}

/// The fields of a person as a form or an import gives them (already checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFields {
    pub full_name: String,
    pub birth_year: Option<i64>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
    pub workplace: Option<String>,
    pub party: Option<String>,
    pub photo: Option<String>,
}

const PERSON: &str = "SELECT id, full_name, birth_year, gender, ethnicity, occupation, workplace, party, photo FROM person";

pub async fn insert_person(
    tx: &mut Tx,
    p: &PersonFields,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    let folded = vntext::fold(&p.full_name);
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO person (full_name, name_folded, birth_year, gender, ethnicity, occupation, workplace, party, photo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id")
        .bind(&p.full_name).bind(&folded).bind(p.birth_year).bind(&p.gender).bind(&p.ethnicity)
        .bind(&p.occupation).bind(&p.workplace).bind(&p.party).bind(&p.photo).bind(now).fetch_one(c).await)?)
}

pub async fn update_person(
    tx: &mut Tx,
    id: i64,
    p: &PersonFields,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let folded = vntext::fold(&p.full_name);
    let n = exec!(tx, c => sqlx::query(
        "UPDATE person SET full_name = $2, name_folded = $3, birth_year = $4, gender = $5, ethnicity = $6, \
         occupation = $7, workplace = $8, party = $9, photo = COALESCE($10, photo), updated_at = $11 WHERE id = $1")
        .bind(id).bind(&p.full_name).bind(&folded).bind(p.birth_year).bind(&p.gender).bind(&p.ethnicity)
        .bind(&p.occupation).bind(&p.workplace).bind(&p.party).bind(&p.photo).bind(now))?;
    Ok(n > 0)
}

pub async fn find_person(tx: &mut Tx, id: i64) -> Result<Option<Person>, StoreError> {
    let sql = format!("{PERSON} WHERE id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// People with this exact name (folded), so an import can keep one identity across terms.
pub async fn persons_named(tx: &mut Tx, full_name: &str) -> Result<Vec<Person>, StoreError> {
    let sql = format!("{PERSON} WHERE name_folded = $1 ORDER BY id");
    let folded = vntext::fold(full_name);
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&folded).fetch_all(c).await)?)
}

pub async fn insert_organization(
    tx: &mut Tx,
    council_id: i64,
    term_id: i64,
    kind: &str,
    name: &str,
    position: i64,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO organization (council_id, term_id, kind, name, position) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(council_id).bind(term_id).bind(kind).bind(name).bind(position).fetch_one(c).await)?)
}

/// A seat or position: who, in which body, with what role, from when to when.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MembershipFields {
    pub role: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub constituency_id: Option<i64>,
    pub full_time: bool,
}

pub async fn insert_membership(
    tx: &mut Tx,
    person_id: i64,
    organization_id: i64,
    m: &MembershipFields,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO membership (person_id, organization_id, role, starts_on, ends_on, constituency_id, full_time) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(person_id).bind(organization_id).bind(&m.role).bind(m.starts_on).bind(m.ends_on)
        .bind(m.constituency_id).bind(m.full_time).fetch_one(c).await)?)
}

pub async fn delete_membership(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    Ok(exec!(tx, c => sqlx::query("DELETE FROM membership WHERE id = $1").bind(id))? > 0)
}

/// One of a person's positions, with the body, term and council it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Position {
    pub id: i64,
    pub person_id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    pub organization_kind: String,
    pub role: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub full_time: bool,
    pub constituency_id: Option<i64>,
    pub constituency_name: Option<String>,
    pub term_id: i64,
    pub term_name: String,
    pub term_starts_on: Date,
    pub term_ends_on: Date,
    pub council_id: i64,
    pub council_name: String,
    pub unit_id: i64,
    pub unit_code: String,
}

const POSITION: &str = "SELECT m.id, m.person_id, o.id AS organization_id, o.name AS organization_name, \
     o.kind AS organization_kind, m.role, m.starts_on, m.ends_on, m.full_time, m.constituency_id, \
     k.name AS constituency_name, t.id AS term_id, t.name AS term_name, t.starts_on AS term_starts_on, \
     t.ends_on AS term_ends_on, c.id AS council_id, c.name AS council_name, u.id AS unit_id, u.code AS unit_code \
     FROM membership m JOIN organization o ON o.id = m.organization_id JOIN term t ON t.id = o.term_id \
     JOIN council c ON c.id = o.council_id JOIN admin_unit u ON u.id = c.unit_id \
     LEFT JOIN constituency k ON k.id = m.constituency_id";

/// Every position of one person, newest term first.
pub async fn positions_of(tx: &mut Tx, person_id: i64) -> Result<Vec<Position>, StoreError> {
    let sql =
        format!("{POSITION} WHERE m.person_id = $1 ORDER BY t.starts_on DESC, o.position, o.id");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(person_id).fetch_all(c).await)?)
}

pub async fn find_position(tx: &mut Tx, id: i64) -> Result<Option<Position>, StoreError> {
    let sql = format!("{POSITION} WHERE m.id = $1");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// Which seats a directory lists. Every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct SeatFilter {
    pub council_id: Option<i64>,
    pub term_id: Option<i64>,
    /// Members of this body (a committee or delegate group) only.
    pub body_id: Option<i64>,
    pub constituency_id: Option<i64>,
    /// Seats whose constituency covers this admin unit.
    pub covers_unit: Option<i64>,
    /// Seats held on this day (term running, membership not ended).
    pub on: Option<Date>,
}

/// Seats in councils and National Assembly delegations (positions in bodies of kind `council`
/// or `na_delegation`); the caller sorts them in Vietnamese name order.
pub async fn seats(tx: &mut Tx, f: &SeatFilter) -> Result<Vec<(Position, Person)>, StoreError> {
    let sql = format!(
        "{POSITION} WHERE o.kind IN ('council', 'na_delegation') \
         AND ($1 IS NULL OR c.id = $1) AND ($2 IS NULL OR t.id = $2) \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM membership b WHERE b.person_id = m.person_id AND b.organization_id = $3)) \
         AND ($4 IS NULL OR m.constituency_id = $4) \
         AND ($5 IS NULL OR EXISTS (SELECT 1 FROM constituency_unit cu WHERE cu.constituency_id = m.constituency_id AND cu.unit_id = $5)) \
         AND ($6 IS NULL OR (t.starts_on <= $6 AND t.ends_on >= $6 AND (m.ends_on IS NULL OR m.ends_on >= $6))) \
         ORDER BY m.id"
    );
    let positions: Vec<Position> = on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(f.council_id).bind(f.term_id).bind(f.body_id).bind(f.constituency_id)
        .bind(f.covers_unit).bind(f.on).fetch_all(c).await)?;
    let mut out = Vec::with_capacity(positions.len());
    let ids: Vec<i64> = positions.iter().map(|p| p.person_id).collect();
    let persons = persons_by_ids(tx, &ids).await?;
    for p in positions {
        if let Some(person) = persons.iter().find(|x| x.id == p.person_id) {
            out.push((p, person.clone()));
        }
    }
    Ok(out)
}

/// People by id, read in chunks so a long list never builds one huge statement.
pub async fn persons_by_ids(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Person>, StoreError> {
    let mut out = Vec::new();
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(200) {
        let list = chunk
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!("{PERSON} WHERE id IN ({list})");
        let mut rows: Vec<Person> =
            on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(c).await)?;
        out.append(&mut rows);
    }
    Ok(out)
}

/// Everyone holding any position, for open data.
pub async fn all_persons(tx: &mut Tx) -> Result<Vec<Person>, StoreError> {
    let sql = format!("{PERSON} WHERE id IN (SELECT person_id FROM membership) ORDER BY id");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(c).await)?)
}

pub async fn all_positions(tx: &mut Tx) -> Result<Vec<Position>, StoreError> {
    let sql = format!("{POSITION} ORDER BY m.id");
    Ok(on!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(c).await)?)
}

/// An electoral constituency of a body (a council or NA delegation for one term).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Constituency {
    pub id: i64,
    pub organization_id: i64,
    pub number: i64,
    pub name: String,
    pub seats: i64,
}

pub async fn insert_constituency(
    tx: &mut Tx,
    organization_id: i64,
    number: i64,
    name: &str,
    seats: i64,
    unit_ids: &[i64],
) -> Result<i64, StoreError> {
    let id: i64 = on!(tx, c => sqlx::query_scalar(
        "INSERT INTO constituency (organization_id, number, name, seats) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(organization_id).bind(number).bind(name).bind(seats).fetch_one(c).await)?;
    for u in unit_ids {
        exec!(tx, c => sqlx::query("INSERT INTO constituency_unit (constituency_id, unit_id) VALUES ($1, $2)")
            .bind(id).bind(*u))?;
    }
    Ok(id)
}

/// Constituencies of the bodies of one term, in number order.
pub async fn constituencies(tx: &mut Tx, term_id: i64) -> Result<Vec<Constituency>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT k.id, k.organization_id, k.number, k.name, k.seats FROM constituency k \
         JOIN organization o ON o.id = k.organization_id WHERE o.term_id = $1 ORDER BY o.position, k.number")
        .bind(term_id).fetch_all(c).await)?)
}

pub async fn all_constituencies(tx: &mut Tx) -> Result<Vec<Constituency>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT id, organization_id, number, name, seats FROM constituency ORDER BY id").fetch_all(c).await)?)
}

/// (constituency id, unit code, unit name) for every covered unit.
pub async fn constituency_units(tx: &mut Tx) -> Result<Vec<(i64, String, String)>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT cu.constituency_id, u.code, u.name FROM constituency_unit cu JOIN admin_unit u ON u.id = cu.unit_id \
         ORDER BY cu.constituency_id, u.code").fetch_all(c).await)?)
}

/// The bodies of one term, in the order the council lists them, with member counts.
pub async fn organizations(tx: &mut Tx, term_id: i64) -> Result<Vec<Organization>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT o.id, o.kind, o.name, (SELECT COUNT(*) FROM membership m WHERE m.organization_id = o.id) AS members \
         FROM organization o WHERE o.term_id = $1 ORDER BY o.position, o.id")
        .bind(term_id).fetch_all(c).await)?)
}

/// Members of one body; the caller sorts them in Vietnamese name order.
pub async fn members(tx: &mut Tx, organization_id: i64) -> Result<Vec<Member>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT p.id AS person_id, p.full_name, p.birth_year, p.gender, m.role FROM membership m \
         JOIN person p ON p.id = m.person_id WHERE m.organization_id = $1")
        .bind(organization_id).fetch_all(c).await)?)
}

/// Delegates of a term: members of the term's `council` body.
pub async fn delegates(tx: &mut Tx, term_id: i64) -> Result<Vec<Member>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT p.id AS person_id, p.full_name, p.birth_year, p.gender, m.role FROM membership m \
         JOIN person p ON p.id = m.person_id JOIN organization o ON o.id = m.organization_id \
         WHERE o.term_id = $1 AND o.kind = 'council'")
        .bind(term_id).fetch_all(c).await)?)
}

pub async fn count_persons(tx: &mut Tx) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM person").fetch_one(c).await)?)
}

pub fn page_of<T>(mut all: Vec<T>, page: i64, per_page: i64) -> Page<T> {
    let total = all.len() as i64;
    let start = Page::<T>::offset(page, per_page).min(total) as usize;
    let end = (start + per_page.max(0) as usize).min(all.len());
    let items = all.drain(start..end).collect();
    Page {
        items,
        total,
        page: page.max(1),
        per_page,
    }
}

/// A body with the term and council it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Body {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub term_id: i64,
    pub council_id: i64,
    pub unit_id: i64,
}

pub async fn find_body(tx: &mut Tx, id: i64) -> Result<Option<Body>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT o.id, o.kind, o.name, o.term_id, o.council_id, c.unit_id FROM organization o \
         JOIN council c ON c.id = o.council_id WHERE o.id = $1")
        .bind(id).fetch_optional(c).await)?)
}

pub async fn all_bodies(tx: &mut Tx) -> Result<Vec<Body>, StoreError> {
    Ok(on!(tx, c => sqlx::query_as(
        "SELECT o.id, o.kind, o.name, o.term_id, o.council_id, c.unit_id FROM organization o \
         JOIN council c ON c.id = o.council_id ORDER BY o.id")
        .fetch_all(c).await)?)
}
