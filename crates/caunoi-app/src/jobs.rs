//! The job runner: claims due jobs from the database (safe with several nodes), runs each by
//! kind, and retries failures with back-off. Counters feed `/metrics`.

use crate::{App, AppResult};
use caunoi_store::jobs::{self, Job};
use caunoi_store::{now, users};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use time::Duration;

pub static JOBS_DONE: AtomicU64 = AtomicU64::new(0);
pub static JOBS_FAILED: AtomicU64 = AtomicU64::new(0);

/// Removes expired sessions and old failed sign-in records, enforces the retention of
/// petitioners' contact details, then schedules itself again.
pub const SESSION_CLEANUP: &str = "session_cleanup";

type JobFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Runs one job by its kind; an unknown kind is a failure so it shows up, never a silent drop.
fn handle<'a>(app: &'a App, job: &'a Job) -> JobFuture<'a> {
    Box::pin(async move {
        match job.kind.as_str() {
            SESSION_CLEANUP => session_cleanup(app).await.map_err(|e| e.to_string()),
            crate::articles::desk::PUBLISH_SCHEDULED => crate::articles::desk::publish_due(app)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            crate::petitions::notify::PETITION_MAIL => {
                crate::petitions::notify::deliver(app, &job.payload)
                    .await
                    .map_err(|e| e.to_string())
            }
            "noop" => Ok(()),
            other => Err(format!("no handler for job kind '{other}'")),
        }
    })
}

async fn session_cleanup(app: &App) -> AppResult<()> {
    crate::petitions::enforce_retention(app).await?;
    let t = now();
    let mut tx = app.db.write().await?;
    users::delete_expired_sessions(&mut tx, t).await?;
    jobs::enqueue(
        &mut tx,
        SESSION_CLEANUP,
        &serde_json::json!({}),
        t + Duration::hours(1),
        3,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Queues the recurring jobs unless one is already waiting (called at server start).
pub async fn schedule_recurring(app: &App) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    if jobs::pending_of_kind(&mut tx, SESSION_CLEANUP).await? == 0 {
        jobs::enqueue(&mut tx, SESSION_CLEANUP, &serde_json::json!({}), now(), 3).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Claims and runs one due job; returns false when nothing was due.
pub async fn run_one(app: &App, worker: &str) -> AppResult<bool> {
    let Some(job) = jobs::claim(&app.db, worker, now(), Duration::minutes(5)).await? else {
        return Ok(false);
    };
    let result = handle(app, &job).await;
    let mut tx = app.db.write().await?;
    match result {
        Ok(()) => {
            jobs::complete(&mut tx, job.id, now()).await?;
            JOBS_DONE.fetch_add(1, Ordering::Relaxed);
        }
        Err(e) => {
            tracing::warn!(job = job.id, kind = %job.kind, error = %e, "job failed");
            let backoff = Duration::seconds(30 * (1 << job.attempts.clamp(0, 10)));
            jobs::fail(&mut tx, job.id, &e, now() + backoff).await?;
            JOBS_FAILED.fetch_add(1, Ordering::Relaxed);
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Runs jobs until `stop` resolves, polling once a second when idle.
pub async fn run_until(app: App, worker: String, stop: tokio::sync::watch::Receiver<bool>) {
    let mut stop = stop;
    loop {
        if *stop.borrow() {
            return;
        }
        match run_one(&app, &worker).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, "job runner"),
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Jobs in the table by status (for `/metrics`).
pub async fn counts(app: &App) -> AppResult<jobs::JobCounts> {
    let mut tx = app.db.read().await?;
    Ok(jobs::counts(&mut tx).await?)
}
