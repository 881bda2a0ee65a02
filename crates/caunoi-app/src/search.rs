//! Search across every public kind: keeps the index in step with the database by reading the
//! outbox, rebuilds it from scratch on demand, and answers queries. The database stays the
//! source of truth; the index holds ids and the text needed for ranking and snippets.

use crate::articles::{article_path, render};
use crate::{App, AppError, AppResult};
use caunoi_search::{BulkOptions, SearchDoc, SearchIndex, SearchQuery, SearchResults};
use caunoi_store::{Tx, articles, now, outbox, units};
use std::path::Path;
use std::sync::Arc;

/// The index of this node and the name of its cursor in the shared outbox.
pub struct Search {
    pub index: SearchIndex,
    consumer: String,
    /// One sync at a time: two would index the same events twice for nothing.
    syncing: tokio::sync::Mutex<()>,
}

fn search_err(e: caunoi_search::SearchError) -> AppError {
    AppError::Internal(format!("search: {e}"))
}

impl Search {
    /// Opens (or creates) the index in `dir`. Each index directory has its own outbox cursor,
    /// so several nodes sharing one database each keep their own index in step.
    pub fn open(dir: &Path) -> AppResult<Search> {
        std::fs::create_dir_all(dir)
            .map_err(|e| AppError::Internal(format!("search index folder: {e}")))?;
        let id_file = dir.join("consumer-id");
        let id = match std::fs::read_to_string(&id_file) {
            Ok(id) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => {
                let id = hex::encode(rand::random::<[u8; 8]>());
                std::fs::write(&id_file, &id)
                    .map_err(|e| AppError::Internal(format!("search index folder: {e}")))?;
                id
            }
        };
        let path = dir.join("tantivy");
        let index = match SearchIndex::open_or_create(&path) {
            // The index is derived data: one written by an older version is rebuilt.
            Err(caunoi_search::SearchError::SchemaMismatch(_)) => {
                std::fs::remove_dir_all(&path)
                    .map_err(|e| AppError::Internal(format!("search index folder: {e}")))?;
                SearchIndex::open_or_create(&path).map_err(search_err)?
            }
            other => other.map_err(search_err)?,
        };
        Ok(Search {
            index,
            consumer: format!("search:{id}"),
            syncing: tokio::sync::Mutex::new(()),
        })
    }

    /// An index in memory (tests, and commands that only read).
    pub fn in_memory() -> AppResult<Search> {
        Ok(Search {
            index: SearchIndex::in_memory().map_err(search_err)?,
            consumer: format!("search:mem-{}", hex::encode(rand::random::<[u8; 8]>())),
            syncing: tokio::sync::Mutex::new(()),
        })
    }
}

/// The search document of a public article, or `None` when the public may not see it.
async fn article_doc(tx: &mut Tx, id: i64) -> AppResult<Option<SearchDoc>> {
    let t = now();
    let Some(a) = articles::find(tx, id).await? else {
        return Ok(None);
    };
    if a.state != "published" || a.published_at.is_none_or(|p| p > t) {
        return Ok(None);
    }
    let body = format!("{}\n{}", a.lead, render::plain_text(&a.body_md));
    Ok(Some(SearchDoc {
        kind: "article".into(),
        id: a.id,
        url: article_path(&a.category_slug, &a.slug, a.id),
        unit_codes: units::ancestry(tx, a.unit_id).await?,
        category: Some(a.category_slug),
        published_at: a.published_at,
        title: a.title,
        body,
    }))
}

/// Every administrative unit as a search document (abolished ones name their successors).
async fn unit_docs(tx: &mut Tx) -> AppResult<Vec<SearchDoc>> {
    let all = units::all(tx).await?;
    let mut names = std::collections::HashMap::new();
    for u in &all {
        if u.valid_to.is_none() {
            names.insert(u.id, u.name.clone());
        }
    }
    let successors = units::all_successors(tx).await?;
    let mut docs = Vec::with_capacity(all.len());
    for u in &all {
        let mut body = u.short_name.clone();
        if let Some(p) = &u.parent_name {
            body.push_str(" · ");
            body.push_str(p);
        }
        if u.valid_to.is_some() {
            let next: Vec<&str> = successors
                .iter()
                .filter(|(old, _)| *old == u.id)
                .filter_map(|(_, new)| names.get(new).map(String::as_str))
                .collect();
            if !next.is_empty() {
                body.push_str(" · Nay thuộc: ");
                body.push_str(&next.join(", "));
            }
        }
        let mut codes = vec![u.code.clone()];
        codes.extend(u.parent_code.iter().cloned());
        docs.push(SearchDoc {
            kind: "unit".into(),
            id: u.id,
            title: u.name.clone(),
            body,
            url: format!("/don-vi/{}", u.code),
            unit_codes: codes,
            category: None,
            published_at: None,
        });
    }
    Ok(docs)
}

/// Brings the index up to date with the outbox; returns how many events it read.
pub async fn sync(app: &App) -> AppResult<u64> {
    let Some(search) = app.search.clone() else {
        return Ok(0);
    };
    let _one = search.syncing.lock().await;
    let mut read = 0;
    loop {
        let mut tx = app.db.read().await?;
        let events = outbox::pending(&mut tx, &search.consumer, 500).await?;
        let Some(last) = events.last().map(|e| e.id) else {
            break;
        };
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        let mut units_changed = false;
        for e in &events {
            if e.topic.starts_with("article.") {
                if let Ok(id) = e.aggregate_id.parse::<i64>() {
                    match article_doc(&mut tx, id).await? {
                        Some(doc) => upserts.push(doc),
                        None => deletes.push(id),
                    }
                }
            } else if e.topic == "admin_units.imported" {
                units_changed = true;
            }
        }
        if units_changed {
            upserts.extend(unit_docs(&mut tx).await?);
        }
        drop(tx);
        let s = search.clone();
        tokio::task::spawn_blocking(move || {
            for id in deletes {
                s.index.delete("article", id)?;
            }
            if !upserts.is_empty() {
                s.index.upsert(&upserts)?;
            }
            Ok::<_, caunoi_search::SearchError>(())
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(search_err)?;
        let mut tx = app.db.write().await?;
        outbox::acknowledge(&mut tx, &search.consumer, last).await?;
        tx.commit().await?;
        read += events.len() as u64;
    }
    Ok(read)
}

/// Rebuilds the index from the database: every public article and every unit. `progress` is
/// told (done, total) as it goes.
pub async fn reindex(
    app: &App,
    options: BulkOptions,
    progress: impl Fn(u64, u64),
) -> AppResult<u64> {
    let Some(search) = app.search.clone() else {
        return Err(AppError::Internal("no search index is open".into()));
    };
    let _one = search.syncing.lock().await;
    let t = now();
    let mut tx = app.db.read().await?;
    // Events up to here are covered by the rebuild; later ones are read by the next sync.
    let upto = outbox::last_id(&mut tx).await?;
    let ids = articles::public_ids(&mut tx, t).await?;
    let units = unit_docs(&mut tx).await?;
    let total = (ids.len() + units.len()) as u64;
    let mut docs = units;
    let mut done = 0u64;
    progress(0, total);
    for chunk in ids.chunks(1000) {
        for id in chunk {
            if let Some(d) = article_doc(&mut tx, *id).await? {
                docs.push(d);
            }
        }
        done += chunk.len() as u64;
        progress(done, total);
    }
    drop(tx);
    let count = docs.len() as u64;
    let s = search.clone();
    tokio::task::spawn_blocking(move || {
        let mut w = s.index.bulk_with(options)?;
        w.clear()?;
        for d in docs {
            w.add(d)?;
        }
        w.commit()
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(search_err)?;
    progress(total, total);
    let mut tx = app.db.write().await?;
    outbox::acknowledge(&mut tx, &search.consumer, upto).await?;
    tx.commit().await?;
    Ok(count)
}

/// Rebuilds when the index is empty but the database is not (first start, lost index).
pub async fn ensure_index(app: &App) -> AppResult<Option<u64>> {
    let Some(search) = app.search.clone() else {
        return Ok(None);
    };
    if search.index.doc_count() > 0 {
        return Ok(None);
    }
    // A serving node rebuilds in the background with a modest budget rather than the 1 GiB
    // a dedicated `caunoi reindex` may take.
    let options = BulkOptions {
        threads: 1,
        memory_bytes: 128 << 20,
    };
    reindex(app, options, |_, _| {}).await.map(Some)
}

/// Answers a query after catching up with the outbox, so what was just published is found.
pub async fn query(app: &App, q: SearchQuery) -> AppResult<SearchResults> {
    let Some(search) = app.search.clone() else {
        return Err(AppError::Internal("no search index is open".into()));
    };
    sync(app).await?;
    tokio::task::spawn_blocking(move || search.index.search(&q))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(search_err)
}

/// Shared handle type for the app.
pub type SharedSearch = Arc<Search>;
