//! The baseline: SQLite FTS5 with `unicode61 remove_diacritics 2`, queried with the words
//! OR'd together and ranked by bm25, as a site would use it out of the box.

use std::path::Path;

use caunoi_search::SearchDoc;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection, SqliteConnection};

/// An FTS5 table of titles and bodies, keyed by document id.
pub struct Fts {
    conn: SqliteConnection,
}

impl Fts {
    /// Creates the table in a new database file at `path`.
    pub async fn create(path: &Path) -> anyhow::Result<Self> {
        let _ = std::fs::remove_file(path);
        let mut conn = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            // Benchmark data: durability is not the point, speed of loading is.
            .journal_mode(SqliteJournalMode::Off)
            .synchronous(SqliteSynchronous::Off)
            .connect()
            .await?;
        sqlx::query(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, \
             tokenize = 'unicode61 remove_diacritics 2')",
        )
        .execute(&mut conn)
        .await?;
        Ok(Self { conn })
    }

    /// Inserts documents in one transaction.
    pub async fn index<'a>(
        &mut self,
        docs: impl IntoIterator<Item = &'a SearchDoc>,
    ) -> anyhow::Result<()> {
        let mut tx = self.conn.begin().await?;
        for d in docs {
            sqlx::query("INSERT INTO docs (rowid, title, body) VALUES ($1, $2, $3)")
                .bind(d.id)
                .bind(&d.title)
                .bind(&d.body)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Ids of the best `limit` matches of any word of `text`, by bm25.
    pub async fn search(&mut self, text: &str, limit: i64) -> anyhow::Result<Vec<i64>> {
        let Some(expr) = match_expression(text) else {
            return Ok(Vec::new());
        };
        Ok(sqlx::query_scalar::<_, i64>(
            "SELECT rowid FROM docs WHERE docs MATCH $1 ORDER BY bm25(docs) LIMIT $2",
        )
        .bind(expr)
        .bind(limit)
        .fetch_all(&mut self.conn)
        .await?)
    }
}

/// `"w1" OR "w2" …` over the words of `text`, each quoted (so FTS5 reads none of them as
/// syntax); `None` when there are no words.
pub fn match_expression(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_and_ored() {
        assert_eq!(
            match_expression("\"an toàn\" AND (thực-phẩm)").as_deref(),
            Some("\"an\" OR \"toàn\" OR \"AND\" OR \"thực\" OR \"phẩm\"")
        );
        assert_eq!(match_expression(" ( ) "), None);
    }
}
