//! `Db`: one handle over SQLite or PostgreSQL, so every query is written once for both engines.

use crate::error::StoreError;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Postgres, Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What a committed SQLite transaction survives. `Process`: a crash or kill of the server (WAL,
/// synchronous=NORMAL; the OS still holds the last commits). `Power`: also a power cut or OS
/// crash (synchronous=FULL: the WAL is synced at every commit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    Process,
    #[default]
    Power,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// A database handle: the pool of either engine, and a counter that moves on with every commit
/// made through it (page caches compare it instead of asking the database).
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: Pool,
    version: Arc<AtomicU64>,
    /// The writer task that batches `write_grouped` work (SQLite), started on first use.
    pub(crate) group: Arc<crate::group_commit::GroupCommit>,
}

#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either engine; every repository function takes one, so a use case's change,
/// its audit row and its outbox event commit together.
pub struct Tx {
    pub conn: Conn,
    version: Arc<AtomicU64>,
}

pub enum Conn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$c` bound to the engine's connection; the body is written once and
/// compiled for both engines, which is what keeps the SQL text shared.
#[macro_export]
macro_rules! on {
    ($tx:expr, $c:ident => $body:expr) => {
        match &mut ($tx).conn {
            $crate::db::Conn::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::db::Conn::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Like `on!` for statements that return no rows: yields the number of rows affected.
#[macro_export]
macro_rules! exec {
    ($tx:expr, $c:ident => $q:expr) => {
        match &mut ($tx).conn {
            $crate::db::Conn::Sqlite(t) => {
                let $c = &mut **t;
                $q.execute($c).await.map(|r| r.rows_affected())
            }
            $crate::db::Conn::Postgres(t) => {
                let $c = &mut **t;
                $q.execute($c).await.map(|r| r.rows_affected())
            }
        }
    };
}

impl Tx {
    pub fn engine(&self) -> Engine {
        match self.conn {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// Commits; every committed transaction moves the handle's `data_version` on, which is how
    /// page caches know their copies are stale without asking the database.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.conn {
            Conn::Sqlite(t) => t.commit().await?,
            Conn::Postgres(t) => t.commit().await?,
        }
        self.version.fetch_add(1, Ordering::Release);
        Ok(())
    }

    /// Commits bookkeeping no public page shows (a token's last use), without moving
    /// `data_version`: such writes must not empty the page caches.
    pub async fn commit_unseen(self) -> Result<(), StoreError> {
        match self.conn {
            Conn::Sqlite(t) => t.commit().await?,
            Conn::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

impl Db {
    fn new(pool: Pool) -> Db {
        Db {
            pool,
            version: Arc::new(AtomicU64::new(1)),
            group: Arc::default(),
        }
    }

    /// A number that changes after every commit made through this handle (and after
    /// `note_external_change`).
    pub fn data_version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// Tells this handle that another node (or a command-line import) changed the data.
    pub fn note_external_change(&self) {
        self.version.fetch_add(1, Ordering::Release);
    }

    /// Connects to `sqlite:PATH` / a plain file path, or `postgres://...`.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(format!("database-url: {e}")))?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Db::new(Pool::Postgres(pool)))
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            Self::open_sqlite(Path::new(path)).await
        }
    }

    pub async fn open_sqlite(path: &Path) -> Result<Db, StoreError> {
        Self::open_sqlite_with(path, Durability::default()).await
    }

    /// Opens SQLite with a chosen durability (benchmarks compare them).
    pub async fn open_sqlite_with(path: &Path, durability: Durability) -> Result<Db, StoreError> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match durability {
                Durability::Process => SqliteSynchronous::Normal,
                Durability::Power => SqliteSynchronous::Full,
            })
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(opts)
            .await?;
        Ok(Db::new(Pool::Sqlite(pool)))
    }

    /// Opens a SQLite file without changing it (a backup being checked).
    pub async fn open_sqlite_snapshot(path: &Path) -> Result<Db, StoreError> {
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .immutable(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Db::new(Pool::Sqlite(pool)))
    }

    pub fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    fn tx(&self, conn: Conn) -> Tx {
        Tx {
            conn,
            version: self.version.clone(),
        }
    }

    /// A transaction that will write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`) so a read-then-write never fails half way with SQLITE_BUSY.
    pub async fn write(&self) -> Result<Tx, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => self.tx(Conn::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?)),
            Pool::Postgres(p) => self.tx(Conn::Postgres(p.begin().await?)),
        })
    }

    /// A transaction that only reads (a consistent snapshot on both engines).
    pub async fn read(&self) -> Result<Tx, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => self.tx(Conn::Sqlite(p.begin().await?)),
            Pool::Postgres(p) => self.tx(Conn::Postgres(p.begin().await?)),
        })
    }

    /// True when the database answers a trivial query (for `/healthz`).
    pub async fn ping(&self) -> bool {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::query("SELECT 1").execute(p).await.is_ok(),
            Pool::Postgres(p) => sqlx::query("SELECT 1").execute(p).await.is_ok(),
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// The current time in UTC, truncated to microseconds so it survives a round trip through
/// PostgreSQL. SQLite keeps RFC 3339 text, which drops a zero fraction (`…:05Z` sorts after
/// `…:05.1Z`); never producing a zero fraction keeps text order equal to time order.
pub fn now() -> time::OffsetDateTime {
    let t = time::OffsetDateTime::now_utc();
    let micros = t.microsecond().max(1);
    t.replace_microsecond(micros).unwrap_or(t)
}
