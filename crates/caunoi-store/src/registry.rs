//! The council's people and bodies (Popolo-shaped): persons, organizations of a council term
//! (the council itself, standing board, committees, delegate groups, office) and memberships.

use crate::db::Tx;
use crate::error::StoreError;
use crate::{Page, exec, on};
use time::OffsetDateTime;

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

pub async fn insert_person(
    tx: &mut Tx,
    full_name: &str,
    birth_year: Option<i64>,
    gender: Option<&str>,
    now: OffsetDateTime,
) -> Result<i64, StoreError> {
    Ok(on!(tx, c => sqlx::query_scalar(
        "INSERT INTO person (full_name, birth_year, gender, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(full_name).bind(birth_year).bind(gender).bind(now).fetch_one(c).await)?)
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

pub async fn insert_membership(
    tx: &mut Tx,
    person_id: i64,
    organization_id: i64,
    role: &str,
) -> Result<(), StoreError> {
    exec!(tx, c => sqlx::query(
        "INSERT INTO membership (person_id, organization_id, role) VALUES ($1, $2, $3)")
        .bind(person_id).bind(organization_id).bind(role))?;
    Ok(())
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
