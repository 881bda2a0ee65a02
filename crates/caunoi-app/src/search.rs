//! Search across every public kind (articles, units, events, resolutions, delegates, petitions): keeps the index in step with the database by reading the
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

/// A published event as a search document (its public documents' text included).
async fn event_doc(tx: &mut Tx, id: i64) -> AppResult<Option<SearchDoc>> {
    let Some(e) = caunoi_store::events::find(tx, id).await? else {
        return Ok(None);
    };
    if e.state != "published" {
        return Ok(None);
    }
    let council = caunoi_store::councils::find(tx, e.council_id).await?;
    let mut body = vec![render::plain_text(&e.summary), e.place.clone()];
    for a in caunoi_store::events::agenda(tx, id).await? {
        body.push(a.title);
    }
    for q in caunoi_store::events::questions(tx, Some(id), None, true).await? {
        body.push(format!(
            "{} {} {} {}",
            q.asker_name, q.topic, q.body, q.answer
        ));
    }
    body.push(render::plain_text(&e.minutes_md));
    body.push(render::plain_text(&e.report_md));
    for d in caunoi_store::documents::of(tx, "event", id, false).await? {
        body.push(d.title);
        body.push(d.text);
    }
    let unit = e.unit_id.or(council.map(|c| c.unit_id));
    Ok(Some(SearchDoc {
        kind: "event".into(),
        id,
        url: crate::events::event_path(&e.slug, id),
        unit_codes: match unit {
            Some(u) => units::ancestry(tx, u).await?,
            None => Vec::new(),
        },
        category: Some(e.kind.clone()),
        published_at: Some(e.starts_at),
        title: e.title,
        body: body.join("\n"),
    }))
}

/// A published resolution as a search document: number, title, text and its files' text.
async fn resolution_doc(tx: &mut Tx, id: i64) -> AppResult<Option<SearchDoc>> {
    let Some(r) = caunoi_store::resolutions::find(tx, id).await? else {
        return Ok(None);
    };
    if r.state != "published" {
        return Ok(None);
    }
    let council = caunoi_store::councils::find(tx, r.council_id).await?;
    let mut body = vec![
        r.number.clone(),
        r.field.clone(),
        render::plain_text(&r.body_md),
    ];
    for d in caunoi_store::documents::of(tx, "resolution", id, false).await? {
        body.push(d.title);
        body.push(d.text);
    }
    let adopted = r
        .adopted_on
        .with_time(time::Time::MIDNIGHT)
        .assume_offset(caunoi_domain::vntime::VIETNAM);
    Ok(Some(SearchDoc {
        kind: "resolution".into(),
        id,
        url: crate::resolutions::resolution_path(&r.slug, id),
        unit_codes: match council {
            Some(c) => units::ancestry(tx, c.unit_id).await?,
            None => Vec::new(),
        },
        category: None,
        published_at: Some(adopted),
        title: format!("Nghị quyết {} {}", r.number, r.title),
        body: body.join("\n"),
    }))
}

/// A public petition as a search document: title, text and place; once its answer is published,
/// the answer and its files' extracted text. Never personal data (names, contacts, codes).
async fn petition_doc(tx: &mut Tx, id: i64) -> AppResult<Option<SearchDoc>> {
    let Some(p) = caunoi_store::petitions::find(tx, id).await? else {
        return Ok(None);
    };
    if !crate::petitions::is_public(&p) {
        return Ok(None);
    }
    let mut body = vec![p.body.clone()];
    body.extend(p.place.clone());
    body.extend(p.unit_name.clone());
    if crate::petitions::answer_published(&p) {
        body.extend(p.answer.clone());
        for (title, text) in caunoi_store::petition_photos::answer_file_texts(tx, id).await? {
            body.push(title);
            body.push(text);
        }
    }
    Ok(Some(SearchDoc {
        kind: "petition".into(),
        id,
        url: crate::petitions::petition_path(&p.title, id),
        unit_codes: units::ancestry(tx, p.unit_id.unwrap_or(p.council_unit_id)).await?,
        category: None,
        published_at: Some(p.received_at),
        title: p.title,
        body: body.join("\n"),
    }))
}

/// A person holding a public position as a search document: name, positions, occupation.
async fn person_doc(tx: &mut Tx, id: i64) -> AppResult<Option<SearchDoc>> {
    let Some(p) = caunoi_store::registry::find_person(tx, id).await? else {
        return Ok(None);
    };
    let positions = caunoi_store::registry::positions_of(tx, id).await?;
    let Some(first) = positions.first() else {
        return Ok(None);
    };
    let mut body: Vec<String> = positions
        .iter()
        .map(|x| {
            let kind = x
                .organization_kind
                .parse()
                .unwrap_or(caunoi_domain::body::BodyKind::Council);
            let role = x
                .role
                .parse()
                .unwrap_or(caunoi_domain::body::MemberRole::Member);
            format!(
                "{} {} {}",
                role.title_vi(kind),
                x.organization_name,
                x.constituency_name.clone().unwrap_or_default()
            )
        })
        .collect();
    body.extend(p.occupation.clone());
    body.extend(p.workplace.clone());
    Ok(Some(SearchDoc {
        kind: "delegate".into(),
        id,
        url: crate::registry::person_path(&p.full_name, id),
        unit_codes: units::ancestry(tx, first.unit_id).await?,
        category: None,
        published_at: None,
        title: p.full_name,
        body: body.join("\n"),
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
        let mut touched: Vec<(&'static str, i64)> = Vec::new();
        for e in &events {
            let id = e.aggregate_id.parse::<i64>().ok();
            let detail = |k: &str| e.payload["details"][k].as_i64();
            match e.topic.split_once('.').map(|(k, _)| k) {
                Some("article") => touched.extend(id.map(|i| ("article", i))),
                Some("event") => touched.extend(id.map(|i| ("event", i))),
                Some("resolution") => touched.extend(id.map(|i| ("resolution", i))),
                Some("person") => touched.extend(id.map(|i| ("delegate", i))),
                Some("petition") => touched.extend(id.map(|i| ("petition", i))),
                // Imported in bulk: the event names the new ones (an event written before it
                // did, none: then every public petition is read again).
                Some("petitions") => match e.payload["details"]["ids"].as_array() {
                    Some(ids) => touched.extend(
                        ids.iter()
                            .filter_map(|v| v.as_i64())
                            .map(|i| ("petition", i)),
                    ),
                    None => {
                        for i in caunoi_store::petitions::public_ids(&mut tx).await? {
                            touched.push(("petition", i));
                        }
                    }
                },
                Some("position") => touched.extend(detail("person_id").map(|i| ("delegate", i))),
                Some("document") => match e.payload["details"]["owner"].as_str() {
                    Some("event") => touched.extend(detail("owner_id").map(|i| ("event", i))),
                    Some("resolution") => {
                        touched.extend(detail("owner_id").map(|i| ("resolution", i)))
                    }
                    // Released or removed: the owner is not in the payload; find it.
                    _ => {
                        if let Some(d) = match id {
                            Some(i) => caunoi_store::documents::find(&mut tx, i).await?,
                            None => None,
                        } {
                            let kind = if d.owner_kind == "event" {
                                "event"
                            } else {
                                "resolution"
                            };
                            touched.push((kind, d.owner_id));
                        }
                    }
                },
                Some("delegates") => {
                    for p in caunoi_store::registry::all_persons(&mut tx).await? {
                        touched.push(("delegate", p.id));
                    }
                }
                _ if e.topic == "admin_units.imported" => units_changed = true,
                _ => {}
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for (kind, id) in touched {
            let doc = match kind {
                "article" => article_doc(&mut tx, id).await?,
                "event" => event_doc(&mut tx, id).await?,
                "resolution" => resolution_doc(&mut tx, id).await?,
                "petition" => petition_doc(&mut tx, id).await?,
                _ => person_doc(&mut tx, id).await?,
            };
            match doc {
                Some(doc) => upserts.push(doc),
                None => deletes.push((kind, id)),
            }
        }
        if units_changed {
            upserts.extend(unit_docs(&mut tx).await?);
        }
        drop(tx);
        let s = search.clone();
        tokio::task::spawn_blocking(move || {
            for (kind, id) in deletes {
                s.index.delete(kind, id)?;
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

/// Rebuilds the index from the database: every public article, unit, event, resolution,
/// delegate and petition. `progress` is told (done, total) as it goes.
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
    let mut docs = unit_docs(&mut tx).await?;
    // The council's record is small next to the news: read it whole.
    for e in caunoi_store::events::list(
        &mut tx,
        &caunoi_store::events::EventFilter {
            published_only: true,
            ..Default::default()
        },
        1,
        i64::MAX / 2,
    )
    .await?
    .items
    {
        docs.extend(event_doc(&mut tx, e.id).await?);
    }
    for r in caunoi_store::resolutions::list(&mut tx, None, None, None, None, true).await? {
        docs.extend(resolution_doc(&mut tx, r.id).await?);
    }
    for p in caunoi_store::registry::all_persons(&mut tx).await? {
        docs.extend(person_doc(&mut tx, p.id).await?);
    }
    for id in caunoi_store::petitions::public_ids(&mut tx).await? {
        docs.extend(petition_doc(&mut tx, id).await?);
    }
    let total = (ids.len() + docs.len()) as u64;
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
