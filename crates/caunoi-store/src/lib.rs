//! Storage for Cầu Nối: one `Db` over SQLite or PostgreSQL, migrations for each engine, and one
//! repository module per aggregate. Every function takes a `Tx` so the caller decides what
//! commits together.

pub mod articles;
pub mod audit;
pub mod backup;
pub mod councils;
pub mod db;
pub mod documents;
pub mod error;
pub mod events;
pub mod group_commit;
pub mod jobs;
pub mod migrate;
pub mod outbox;
pub mod petition_followup;
pub mod petition_groups;
pub mod petition_photos;
pub mod petition_stats;
pub mod petitions;
pub mod registry;
pub mod resolutions;
pub mod units;
pub mod users;

pub use db::{Conn, Db, Durability, Engine, Pool, Tx, now};
pub use error::StoreError;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A page of a list, as every list endpoint answers it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn offset(page: i64, per_page: i64) -> i64 {
        (page.max(1) - 1) * per_page
    }

    pub fn pages(&self) -> i64 {
        if self.per_page <= 0 {
            1
        } else {
            ((self.total + self.per_page - 1) / self.per_page).max(1)
        }
    }
}
