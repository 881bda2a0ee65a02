//! Group commit: many small write transactions share one SQLite commit.
//!
//! With `synchronous=FULL` every commit waits for the disk to sync the write-ahead log; at a
//! thousand online submissions a second that sync, not the SQL, is the limit. Here one writer
//! task takes the submissions that queued while the previous batch was syncing, runs each in
//! its own savepoint of one transaction (a failing one is rolled back alone and answered at
//! once) and commits them together. Each caller gets its answer only after that commit, so an
//! acknowledgement still means "on disk"; only the waiting is shared.
//!
//! PostgreSQL has its own group commit (`commit_delay`); there each piece of work runs in a
//! transaction of its own.

use crate::db::{Conn, Db, Engine, Tx};
use crate::error::StoreError;
use std::future::Future;
use std::pin::Pin;
use tokio::sync::{mpsc, oneshot};

/// A future borrowing the transaction it works in.
pub type TxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Most pieces of work one commit carries: enough to share the sync widely, few enough that
/// the first caller in a batch does not wait long for the last.
const MAX_BATCH: usize = 128;

/// What a piece of work left after running in its savepoint: the answer to hand over once the
/// batch's fate is known (`Ok` after the commit, the commit's error otherwise).
type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;

/// One queued piece of work: runs in the shared transaction and says whether it is kept.
type Job = Box<dyn for<'a> FnOnce(&'a mut Tx) -> TxFuture<'a, Option<Deliver>> + Send>;

/// The writer task's queue, started on first use.
#[derive(Debug, Default)]
pub struct GroupCommit {
    queue: tokio::sync::OnceCell<mpsc::Sender<Job>>,
}

impl Db {
    /// Runs `work` in a write transaction and returns its result once the change is committed.
    /// On SQLite the transaction is shared with other callers' work (see the module comment):
    /// `work` must not commit, and an `Err` from it undoes only its own changes.
    pub async fn write_grouped<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: for<'a> FnOnce(&'a mut Tx) -> TxFuture<'a, Result<T, E>> + Send + 'static,
    {
        if self.engine() == Engine::Postgres {
            let mut tx = self.write().await?;
            let value = work(&mut tx).await?;
            tx.commit().await?;
            return Ok(value);
        }
        let (answer, answered) = oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |tx: &mut Tx| {
            Box::pin(async move {
                if let Err(e) = savepoint(tx, "SAVEPOINT grouped").await {
                    let _ = answer.send(Err(e.into()));
                    return None;
                }
                match work(tx).await {
                    Ok(value) => match savepoint(tx, "RELEASE grouped").await {
                        Ok(()) => Some(Box::new(move |committed: Result<(), String>| {
                            let _ = answer.send(match committed {
                                Ok(()) => Ok(value),
                                Err(e) => Err(StoreError::Data(e).into()),
                            });
                        }) as Deliver),
                        Err(e) => {
                            let _ = answer.send(Err(e.into()));
                            None
                        }
                    },
                    Err(e) => {
                        // Undo this piece only; the others in the batch go on. If even the
                        // rollback fails the transaction is broken and the commit will say so.
                        let _ = savepoint(tx, "ROLLBACK TO grouped").await;
                        let _ = savepoint(tx, "RELEASE grouped").await;
                        let _ = answer.send(Err(e));
                        None
                    }
                }
            })
        });
        let queue = self
            .group
            .queue
            .get_or_init(|| async { start_writer(self.clone()) })
            .await;
        queue
            .send(job)
            .await
            .map_err(|_| StoreError::Data("the writer task has stopped".into()))?;
        answered.await.unwrap_or_else(|_| {
            Err(
                StoreError::Data("the write was not completed (the writer task stopped)".into())
                    .into(),
            )
        })
    }
}

async fn savepoint(tx: &mut Tx, sql: &'static str) -> Result<(), StoreError> {
    match &mut tx.conn {
        Conn::Sqlite(t) => {
            sqlx::query(sql).execute(&mut **t).await?;
        }
        Conn::Postgres(t) => {
            sqlx::query(sql).execute(&mut **t).await?;
        }
    }
    Ok(())
}

fn start_writer(db: Db) -> mpsc::Sender<Job> {
    let (send, mut receive) = mpsc::channel::<Job>(MAX_BATCH * 4);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while receive.recv_many(&mut batch, MAX_BATCH).await > 0 {
            // A task per batch: should a piece of work panic, its batch is rolled back and its
            // callers hear so, and the writer goes on with the next.
            let _ = tokio::spawn(run_batch(db.clone(), std::mem::take(&mut batch))).await;
        }
    });
    send
}

async fn run_batch(db: Db, batch: Vec<Job>) {
    // A failure to begin drops the jobs, and every caller hears that its write did not happen.
    let Ok(mut tx) = db.write().await else {
        return;
    };
    let mut kept = Vec::with_capacity(batch.len());
    for job in batch {
        if let Some(deliver) = job(&mut tx).await {
            kept.push(deliver);
        }
    }
    let committed = tx.commit().await.map_err(|e| e.to_string());
    for deliver in kept {
        deliver(committed.clone());
    }
}
