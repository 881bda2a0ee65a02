//! Migrations: the SQL files of each engine, embedded in the binary and applied in order once.

use crate::db::{Conn, Db};
use crate::error::StoreError;
use crate::{exec, on};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "newsroom",
        sqlite: include_str!("../migrations/sqlite/0002_newsroom.sql"),
        postgres: include_str!("../migrations/postgres/0002_newsroom.sql"),
    },
    Migration {
        version: 3,
        name: "registry",
        sqlite: include_str!("../migrations/sqlite/0003_registry.sql"),
        postgres: include_str!("../migrations/postgres/0003_registry.sql"),
    },
    Migration {
        version: 4,
        name: "petitions",
        sqlite: include_str!("../migrations/sqlite/0004_petitions.sql"),
        postgres: include_str!("../migrations/postgres/0004_petitions.sql"),
    },
    Migration {
        version: 5,
        name: "petition_groups",
        sqlite: include_str!("../migrations/sqlite/0005_petition_groups.sql"),
        postgres: include_str!("../migrations/postgres/0005_petition_groups.sql"),
    },
    Migration {
        version: 6,
        name: "petition_followup",
        sqlite: include_str!("../migrations/sqlite/0006_petition_followup.sql"),
        postgres: include_str!("../migrations/postgres/0006_petition_followup.sql"),
    },
    Migration {
        version: 7,
        name: "petition_list_indexes",
        sqlite: include_str!("../migrations/sqlite/0007_petition_list_indexes.sql"),
        postgres: include_str!("../migrations/postgres/0007_petition_list_indexes.sql"),
    },
    Migration {
        version: 8,
        name: "petition_media",
        sqlite: include_str!("../migrations/sqlite/0008_petition_media.sql"),
        postgres: include_str!("../migrations/postgres/0008_petition_media.sql"),
    },
    Migration {
        version: 9,
        name: "petition_figures_index",
        sqlite: include_str!("../migrations/sqlite/0009_petition_figures_index.sql"),
        postgres: include_str!("../migrations/postgres/0009_petition_figures_index.sql"),
    },
    Migration {
        version: 10,
        name: "token_expiry",
        sqlite: include_str!("../migrations/sqlite/0010_token_expiry.sql"),
        postgres: include_str!("../migrations/postgres/0010_token_expiry.sql"),
    },
];

/// Applies every migration not yet applied; returns the versions it applied.
/// On PostgreSQL an advisory lock keeps two nodes starting at once from racing.
pub async fn migrate(db: &Db) -> Result<Vec<i64>, StoreError> {
    let mut tx = db.write().await?;
    if let Conn::Postgres(t) = &mut tx.conn {
        sqlx::query("SELECT pg_advisory_xact_lock(7428130)")
            .execute(&mut **t)
            .await?;
    }
    exec!(&mut tx, c => sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL)"
    ))?;
    let applied: Vec<i64> = on!(&mut tx, c => sqlx::query_scalar("SELECT version FROM schema_migration")
        .fetch_all(c).await)?;
    let mut done = Vec::new();
    for m in MIGRATIONS {
        if applied.contains(&m.version) {
            continue;
        }
        match &mut tx.conn {
            Conn::Sqlite(t) => sqlx::raw_sql(m.sqlite)
                .execute(&mut **t)
                .await
                .map(|_| ())?,
            Conn::Postgres(t) => sqlx::raw_sql(m.postgres)
                .execute(&mut **t)
                .await
                .map(|_| ())?,
        }
        exec!(&mut tx, c => sqlx::query("INSERT INTO schema_migration (version, name) VALUES ($1, $2)")
            .bind(m.version).bind(m.name))?;
        done.push(m.version);
    }
    tx.commit().await?;
    Ok(done)
}

/// The latest schema version this binary knows.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}
