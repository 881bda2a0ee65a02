//! `petition-bench`: online petition submissions per second on SQLite through the real use case
//! (validation, commune lookup, rate-limit log, petition + contact + timeline + audit + outbox in
//! one transaction, committed before the code is returned), with both durability settings, and
//! the same number of bare one-row INSERT transactions as the baseline in the same run.
//!
//! ```text
//! cargo run --release -p caunoi-bench --bin petition-bench -- [--count 20000] [--concurrency 32]
//! ```

use anyhow::Context;
use caunoi_app::petitions::{self, OnlineInput, SubmitMeta};
use caunoi_app::{App, Ctx};
use caunoi_bench::metrics::percentile;
use caunoi_store::{Db, Durability};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    count: usize,
    concurrency: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        count: 20_000,
        concurrency: 32,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().context("missing value")?;
        match k.as_str() {
            "--count" => a.count = v.parse()?,
            "--concurrency" => a.concurrency = v.parse()?,
            _ => anyhow::bail!("unknown argument {k}"),
        }
    }
    Ok(a)
}

async fn fresh(durability: Durability) -> anyhow::Result<(App, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let db = Db::open_sqlite_with(&dir.path().join("bench.db"), durability).await?;
    caunoi_store::migrate::migrate(&db).await?;
    let mut app = App::new(db);
    app.settings.media_dir = dir.path().join("media");
    caunoi_app::demo::seed(&app).await?;
    Ok((app, dir))
}

struct Run {
    per_sec: f64,
    p50: Duration,
    p99: Duration,
    stored: i64,
}

async fn submissions(app: &App, a: &Args) -> anyhow::Result<Run> {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..a.concurrency {
        let app = app.clone();
        let next = next.clone();
        let count = a.count;
        tasks.push(tokio::spawn(async move {
            let ctx = Ctx::operator();
            let mut lat = Vec::new();
            let mut codes = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let input = OnlineInput {
                    title: format!("Kiến nghị số {i} về sửa chữa đường giao thông nông thôn"),
                    body: "Đường liên thôn xuống cấp nghiêm trọng, nhiều ổ gà, đề nghị sớm sửa chữa để người dân đi lại an toàn.".into(),
                    field: "giao-thong".into(),
                    commune: "00004".into(),
                    name: "Người gửi thử".into(),
                    email: format!("nguoi{i}@example.vn"),
                    consent: Some("on".into()),
                    ..Default::default()
                };
                let meta = SubmitMeta {
                    ip: Some(format!("10.{}.{}.{}", i >> 16 & 255, i >> 8 & 255, i & 255)),
                    fill_seconds: Some(60),
                };
                let t = Instant::now();
                let s = petitions::submit_online(&app, &ctx, &input, &meta).await?;
                lat.push(t.elapsed());
                codes.push(s.code);
            }
            Ok::<_, anyhow::Error>((lat, codes))
        }));
    }
    let mut lat = Vec::new();
    let mut acknowledged = 0usize;
    for t in tasks {
        let (l, c) = t.await??;
        lat.extend(l);
        acknowledged += c.len();
    }
    let secs = start.elapsed().as_secs_f64();
    lat.sort();
    let mut tx = app.db.read().await?;
    let stored: i64 = caunoi_store::on!(&mut tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM petition WHERE channel = 'online'").fetch_one(c).await)?;
    anyhow::ensure!(
        stored as usize >= acknowledged,
        "{acknowledged} acknowledged but {stored} stored"
    );
    Ok(Run {
        per_sec: acknowledged as f64 / secs,
        p50: percentile(&mut lat, 50.0),
        p99: percentile(&mut lat, 99.0),
        stored,
    })
}

/// The baseline: bare one-row INSERT transactions into a table of the same width.
async fn bare_inserts(app: &App, a: &Args) -> anyhow::Result<f64> {
    {
        let mut tx = app.db.write().await?;
        caunoi_store::exec!(&mut tx, c => sqlx::query("CREATE TABLE bare (id INTEGER PRIMARY KEY, title TEXT, body TEXT, at TEXT)"))?;
        tx.commit().await?;
    }
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..a.concurrency {
        let app = app.clone();
        let next = next.clone();
        let count = a.count;
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let mut tx = app.db.write().await?;
                caunoi_store::exec!(&mut tx, c => sqlx::query("INSERT INTO bare (title, body, at) VALUES ($1, $2, $3)")
                    .bind(format!("Kiến nghị số {i}")).bind("Đường liên thôn xuống cấp nghiêm trọng.").bind(caunoi_store::now()))?;
                tx.commit().await?;
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok(a.count as f64 / start.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    println!(
        "# petition-bench: {} submissions, {} concurrent, SQLite WAL",
        a.count, a.concurrency
    );
    println!("| durability | bare INSERT tx/s (baseline) | submissions/s | p50 | p99 | stored |");
    println!("|---|---|---|---|---|---|");
    for (name, d) in [
        ("process (synchronous=NORMAL)", Durability::Process),
        ("power (synchronous=FULL, default)", Durability::Power),
    ] {
        let (app, _dir) = fresh(d).await?;
        let run = submissions(&app, &a).await?;
        let bare = bare_inserts(&app, &a).await?;
        println!(
            "| {name} | {bare:.0} | {:.0} | {:.2} ms | {:.2} ms | {} |",
            run.per_sec,
            run.p50.as_secs_f64() * 1e3,
            run.p99.as_secs_f64() * 1e3,
            run.stored
        );
    }
    Ok(())
}
