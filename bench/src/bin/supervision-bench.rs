//! `supervision-bench`: how long the office's "Cần giám sát" tab (petitions rated not resolved
//! or very overdue, not yet followed up) takes to answer with many petitions on SQLite, page 1
//! and a deep page, against the plain "Quá hạn" tab (a list with its count) as the baseline in
//! the same run and the same database.
//!
//! ```text
//! cargo run --release -p caunoi-bench --bin supervision-bench -- [--count 100000] [--runs 30]
//! ```

use anyhow::Context;
use caunoi_app::petitions::{self, QueueQuery};
use caunoi_app::{App, Ctx};
use caunoi_bench::metrics::percentile;
use caunoi_store::petition_followup::{self as followups, NewFollowup};
use caunoi_store::petitions::{self as store, NewPetition, Processing, Transition};
use caunoi_store::{Db, Durability, now};
use std::time::{Duration, Instant};

struct Args {
    count: usize,
    runs: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        count: 100_000,
        runs: 30,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().context("missing value")?;
        match k.as_str() {
            "--count" => a.count = v.parse()?,
            "--runs" => a.runs = v.parse()?,
            _ => anyhow::bail!("unknown argument {k}"),
        }
    }
    Ok(a)
}

/// `count` petitions of the demo council: a sixth answered and rated not resolved, a sixth
/// forwarded with deadlines spread over the last 200 days (some very overdue), a sixth
/// forwarded and not yet due, the rest received; one in twenty of the overdue ones followed up.
async fn fill(app: &App, count: usize) -> anyhow::Result<()> {
    let mut tx = app.db.write().await?;
    let council = caunoi_store::councils::primary(&mut tx)
        .await?
        .context("demo council")?;
    let agency = store::agencies(&mut tx, council.id).await?[0].id;
    let today = caunoi_app::registry::today();
    let t = now();
    for i in 0..count {
        let id = store::insert(
            &mut tx,
            &NewPetition {
                council_id: council.id,
                code: format!("KN-BENCH-{i:08}"),
                channel: "online".into(),
                state: "received".into(),
                moderation: "approved".into(),
                title: format!("Kiến nghị đo thử số {i} về hạ tầng khu dân cư"),
                body: "Nội dung kiến nghị dùng để đo tốc độ danh sách cần giám sát.".into(),
                field_id: None,
                unit_id: None,
                place: None,
                event_id: None,
                voters: 1,
                public_name: None,
            },
            t,
        )
        .await?;
        let p = store::find(&mut tx, id).await?.context("petition")?;
        let mut w = Processing::of(&p);
        let forwarded = matches!(i % 6, 0..=2);
        if forwarded {
            w.agency_id = Some(agency);
            w.forwarded_on = Some(today - time::Duration::days(30));
            store::insert_transition(
                &mut tx,
                id,
                &Transition {
                    from_state: Some("classified".into()),
                    to_state: "forwarded".into(),
                    action: "forward".into(),
                    actor_label: "bench".into(),
                    note: String::new(),
                    public: true,
                    at: t,
                },
            )
            .await?;
        }
        match i % 6 {
            0 => {
                w.state = "published".into();
                w.answer = Some("Đã trả lời.".into());
                w.answered_on = Some(today - time::Duration::days(2));
                w.deadline = Some(today);
                w.satisfaction = Some("not_resolved".into());
            }
            1 => {
                w.state = "forwarded".into();
                w.deadline = Some(today - time::Duration::days((i % 200) as i64));
                w.very_overdue_after = Some(15);
            }
            2 => {
                w.state = "forwarded".into();
                w.deadline = Some(today + time::Duration::days(20));
            }
            _ => {}
        }
        store::save_processing(&mut tx, id, &w, t).await?;
        if i % 6 == 1 && i % 20 == 1 {
            followups::insert_followup(
                &mut tx,
                id,
                &NewFollowup {
                    kind: "supervision".into(),
                    note: "Theo dõi".into(),
                    agency_id: None,
                    deadline: None,
                    event_id: None,
                    question_id: None,
                    actor_label: "bench".into(),
                },
                t + time::Duration::seconds(1),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

struct Timing {
    p50: Duration,
    p95: Duration,
    total: i64,
    rows: usize,
}

async fn measure(app: &App, q: &QueueQuery, page: i64, runs: usize) -> anyhow::Result<Timing> {
    let op = Ctx::operator();
    let mut lat = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let l = petitions::queue(app, &op, q, page).await?;
        lat.push(start.elapsed());
        last = Some(l);
    }
    let l = last.context("no run")?;
    Ok(Timing {
        p50: percentile(&mut lat, 50.0),
        p95: percentile(&mut lat, 95.0),
        total: l.total,
        rows: l.items.len(),
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let dir = tempfile::tempdir()?;
    let db = Db::open_sqlite_with(&dir.path().join("bench.db"), Durability::Process).await?;
    caunoi_store::migrate::migrate(&db).await?;
    let mut app = App::new(db);
    app.settings.media_dir = dir.path().join("media");
    caunoi_app::demo::seed(&app).await?;
    let start = Instant::now();
    fill(&app, a.count).await?;
    println!(
        "filled {} petitions in {:.1}s (SQLite, {} runs each)",
        a.count,
        start.elapsed().as_secs_f64(),
        a.runs
    );
    let overdue = QueueQuery {
        overdue_only: true,
        ..Default::default()
    };
    let supervision = QueueQuery {
        supervision_only: true,
        ..Default::default()
    };
    println!("| list | page | p50 | p95 | total | rows |");
    println!("|---|---|---|---|---|---|");
    for (name, q, page) in [
        ("Quá hạn (baseline: plain list + count)", &overdue, 1),
        ("Cần giám sát", &supervision, 1),
        ("Quá hạn (baseline: plain list + count)", &overdue, 100),
        ("Cần giám sát", &supervision, 100),
    ] {
        let t = measure(&app, q, page, a.runs).await?;
        println!(
            "| {name} | {page} | {:.1} ms | {:.1} ms | {} | {} |",
            t.p50.as_secs_f64() * 1000.0,
            t.p95.as_secs_f64() * 1000.0,
            t.total,
            t.rows
        );
    }
    Ok(())
}
