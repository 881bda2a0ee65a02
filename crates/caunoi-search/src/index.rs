//! Opening the index and writing to it: replace-by-key upserts, deletes, and a bulk writer
//! for rebuilding from scratch.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tantivy::directory::MmapDirectory;
use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use time::macros::offset;

use crate::schema::{self, Fields, NO_DATE, NO_YEAR};
use crate::{SearchDoc, SearchError, analyzer};

/// Memory of the writer behind `upsert` and `delete`: they carry a handful of documents at a
/// time, so a small arena is plenty and keeps the resident size of a server low.
const SMALL_WRITER_BYTES: usize = 32_000_000;
/// Tantivy's bounds on a writer thread's memory (not exported by tantivy).
const THREAD_BYTES_MIN: usize = 15_000_000;
const THREAD_BYTES_MAX: usize = u32::MAX as usize - 2_000_000;

/// A search index over a directory or in memory. Cheap to share (`&self` everywhere);
/// searches run concurrently, writes are serialised.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// Tantivy allows one writer per index; it is opened on first write and kept, so
    /// background merges can finish.
    writer: Mutex<Option<IndexWriter>>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if needed.
    pub fn open_or_create(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema::build();
        let directory = MmapDirectory::open(dir)?;
        let index = match Index::open_or_create(directory, schema.clone()) {
            Ok(index) => index,
            Err(tantivy::TantivyError::SchemaError(_)) => {
                return Err(SearchError::SchemaMismatch(dir.display().to_string()));
            }
            Err(e) => return Err(e.into()),
        };
        Self::from_index(index, &schema, fields)
    }

    /// A fresh index in memory, for tests and previews.
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema::build();
        let index = Index::create_in_ram(schema.clone());
        Self::from_index(index, &schema, fields)
    }

    fn from_index(index: Index, schema: &Schema, fields: Fields) -> Result<Self, SearchError> {
        if index.schema() != *schema {
            return Err(SearchError::SchemaMismatch("index".into()));
        }
        analyzer::register(&index);
        // Our own commits reload explicitly (read-your-writes); the watcher picks up
        // commits from another process, e.g. `caunoi reindex`.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
            writer: Mutex::new(None),
        })
    }

    /// Number of searchable documents.
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Adds or replaces documents by `(kind, id)` and commits.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        self.write(|w, f| {
            for doc in docs {
                w.delete_term(key_term(f, &doc.kind, doc.id));
                w.add_document(to_document(f, doc.clone()))?;
            }
            Ok(())
        })
    }

    /// Removes a document, if present, and commits.
    pub fn delete(&self, kind: &str, id: i64) -> Result<(), SearchError> {
        self.write(|w, f| {
            w.delete_term(key_term(f, kind, id));
            Ok(())
        })
    }

    /// Removes every document and commits. To rebuild without an empty index in between,
    /// use [`BulkWriter::clear`] instead.
    pub fn clear(&self) -> Result<(), SearchError> {
        self.write(|w, _| w.delete_all_documents().map(drop))
    }

    /// A writer for many documents: large memory budget, several indexing threads, one
    /// commit at the end. Other writes wait until it is committed or dropped (so calling
    /// `upsert` on the thread that holds it would wait forever).
    pub fn bulk(&self) -> Result<BulkWriter<'_>, SearchError> {
        self.bulk_with(BulkOptions::default())
    }

    /// [`bulk`](Self::bulk) with explicit threads and memory.
    pub fn bulk_with(&self, options: BulkOptions) -> Result<BulkWriter<'_>, SearchError> {
        let mut slot = self.lock_writer();
        // Only one writer may exist: close the small one first, letting its merges finish.
        if let Some(small) = slot.take() {
            small.wait_merging_threads()?;
        }
        let threads = options.threads.max(1);
        let per_thread = (options.memory_bytes / threads).clamp(THREAD_BYTES_MIN, THREAD_BYTES_MAX);
        let writer = self
            .index
            .writer_with_num_threads(threads, per_thread * threads)?;
        Ok(BulkWriter {
            owner: self,
            slot,
            writer: Some(writer),
            added: 0,
        })
    }

    fn lock_writer(&self) -> MutexGuard<'_, Option<IndexWriter>> {
        // A panic while writing leaves nothing half-done that matters: uncommitted work is
        // discarded with the writer, so the lock stays usable.
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(
        &self,
        ops: impl FnOnce(&IndexWriter, &Fields) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let mut slot = self.lock_writer();
        let writer = match slot.as_mut() {
            Some(w) => w,
            None => slot.insert(self.index.writer_with_num_threads(1, SMALL_WRITER_BYTES)?),
        };
        let result = ops(writer, &self.fields).and_then(|()| writer.commit().map(drop));
        if let Err(e) = result {
            // A failed writer may hold half an operation; start over with a fresh one.
            *slot = None;
            return Err(e.into());
        }
        self.reader.reload()?;
        Ok(())
    }
}

/// Threads and memory for a [`BulkWriter`].
#[derive(Debug, Clone, Copy)]
pub struct BulkOptions {
    /// Indexing threads (each builds its own segment).
    pub threads: usize,
    /// Total memory for in-progress segments; a segment is flushed when its share is full.
    pub memory_bytes: usize,
}

impl Default for BulkOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            threads: cores.clamp(1, 4),
            memory_bytes: 1 << 30,
        }
    }
}

/// Fast path for indexing many documents; nothing is visible until [`commit`](Self::commit).
/// Dropping it without committing discards everything added.
pub struct BulkWriter<'a> {
    owner: &'a SearchIndex,
    /// Held for the writer's life so `upsert` cannot open a second writer meanwhile.
    slot: MutexGuard<'a, Option<IndexWriter>>,
    writer: Option<IndexWriter>,
    added: u64,
}

impl BulkWriter<'_> {
    /// Adds a document without looking for an older copy: for a rebuild after
    /// [`clear`](Self::clear), or for documents known to be new. Use
    /// [`replace`](Self::replace) otherwise.
    pub fn add(&mut self, doc: SearchDoc) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.add_document(to_document(&self.owner.fields, doc))?;
        self.added += 1;
        Ok(())
    }

    /// Adds a document, replacing any with the same `(kind, id)`.
    pub fn replace(&mut self, doc: SearchDoc) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_term(key_term(&self.owner.fields, &doc.kind, doc.id));
        writer.add_document(to_document(&self.owner.fields, doc))?;
        self.added += 1;
        Ok(())
    }

    /// Removes every document already in the index when this writer commits, so a rebuild
    /// swaps the old content for the new in one step.
    pub fn clear(&mut self) -> Result<(), SearchError> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Documents added so far.
    pub fn added(&self) -> u64 {
        self.added
    }

    /// Commits, waits for segment merges, and makes everything searchable.
    pub fn commit(mut self) -> Result<(), SearchError> {
        let mut writer = self.writer.take().ok_or_else(closed)?;
        writer.commit()?;
        // Frees the bulk memory now; the next upsert opens a small writer.
        writer.wait_merging_threads()?;
        self.owner.reader.reload()?;
        *self.slot = None;
        Ok(())
    }

    fn writer(&self) -> Result<&IndexWriter, SearchError> {
        self.writer.as_ref().ok_or_else(closed)
    }
}

fn closed() -> SearchError {
    SearchError::Index(tantivy::TantivyError::InvalidArgument(
        "bulk writer already committed".into(),
    ))
}

fn key(kind: &str, id: i64) -> String {
    format!("{kind}:{id}")
}

fn key_term(f: &Fields, kind: &str, id: i64) -> Term {
    Term::from_field_text(f.key, &key(kind, id))
}

/// How much of the body the exact view covers. Exact matches only break ties among the
/// candidates the folded view found; the opening of a text (the lead and first paragraphs)
/// carries its vocabulary, and leaving the rest out keeps indexing fast.
const EXACT_BODY_WORDS: usize = 100;

/// The first `n` whitespace-separated words of `s` (a prefix of it, so offsets still line up).
fn leading_words(s: &str, n: usize) -> &str {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == n {
                    return &s[..i];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s
}

/// Converts to tantivy's document. Text is stored in NFC, as vntext's functions return it.
fn to_document(f: &Fields, doc: SearchDoc) -> TantivyDocument {
    let title = into_nfc(doc.title);
    let body = into_nfc(doc.body);
    let mut d = TantivyDocument::new();
    d.add_text(f.key, key(&doc.kind, doc.id));
    d.add_text(f.kind, &doc.kind);
    d.add_i64(f.id, doc.id);
    // Title and body go into `text` as two values: tantivy leaves a gap between values,
    // so no phrase spans from the title into the body.
    d.add_text(f.title_folded, &title);
    d.add_text(f.text_folded, &title);
    d.add_text(f.text_folded, &body);
    d.add_text(f.text, &title);
    d.add_text(f.text, leading_words(&body, EXACT_BODY_WORDS));
    d.add_text(f.title, title);
    d.add_text(f.body, body);
    d.add_text(f.url, doc.url);
    for code in &doc.unit_codes {
        d.add_text(f.unit, code);
    }
    if let Some(own) = doc.unit_codes.first() {
        d.add_text(f.unit0, own);
    }
    if let Some(category) = doc.category {
        d.add_text(f.category, category);
    }
    match doc.published_at {
        Some(at) => {
            d.add_i64(f.published, at.unix_timestamp());
            d.add_i64(f.year, i64::from(at.to_offset(offset!(+7)).year()));
        }
        None => {
            d.add_i64(f.published, NO_DATE);
            d.add_i64(f.year, NO_YEAR);
        }
    }
    d
}

fn into_nfc(s: String) -> String {
    if crate::text::is_nfc(&s) {
        s
    } else {
        vntext::nfc(&s)
    }
}

#[cfg(test)]
mod leading_tests {
    #[test]
    fn leading_words_is_a_prefix_of_whole_words() {
        assert_eq!(super::leading_words("Hội  đồng nhân dân", 2), "Hội  đồng");
        assert_eq!(super::leading_words("một hai", 5), "một hai");
        assert_eq!(super::leading_words("", 3), "");
        assert_eq!(super::leading_words(" đầu cách", 1), " đầu");
    }
}
