//! `petition-stats-bench`: the public figures per agency and per field, and the office's
//! dashboard, over N petitions on SQLite, through the real use cases. Baselines in the same run:
//! a bare `COUNT(*)` of the council's petitions (the least any figure costs), and the naive way
//! (read every answered petition's dates and count working days per row in Rust).
//!
//! ```text
//! cargo run --release -p caunoi-bench --bin petition-stats-bench -- [--count 100000] [--runs 30]
//! ```

use anyhow::Context;
use caunoi_app::petitions::stats::GroupBy;
use caunoi_app::petitions::stats::{self, DashboardQuery};
use caunoi_app::{App, Ctx};
use caunoi_bench::metrics::percentile;
use caunoi_store::{Db, Pool};
use std::future::Future;
use std::time::{Duration, Instant};
use time::{Date, Month, OffsetDateTime};

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

/// xorshift64: reproducible data without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Sentences of the size petitions and answers have in the minutes (a petition's body is a
/// few hundred characters, an answer often a page): the figures must not be measured on rows
/// far narrower than real ones, where reading the table costs little.
const BODY_SENTENCES: usize = 4;
const ANSWER_SENTENCES: usize = 10;
const SENTENCES: &[&str] = &[
    "Cử tri phản ánh tuyến đường liên thôn xuống cấp nghiêm trọng, mùa mưa ngập sâu, đi lại khó khăn.",
    "Đề nghị các cơ quan chức năng sớm kiểm tra, có phương án sửa chữa, nâng cấp trong năm nay.",
    "Việc chi trả chế độ cho người có công còn chậm, thủ tục hồ sơ phức tạp, nhiều lần phải bổ sung giấy tờ.",
    "Khu dân cư chưa có hệ thống thu gom rác thải tập trung, rác tồn đọng gây ô nhiễm môi trường.",
    "Trạm y tế xã thiếu thuốc và trang thiết bị, người dân phải lên tuyến trên để khám chữa bệnh.",
    "Ủy ban nhân dân đã giao đơn vị chuyên môn khảo sát hiện trạng và lập dự toán kinh phí thực hiện.",
    "Nội dung này đã được đưa vào kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 của tỉnh.",
];

fn text(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| SENTENCES[rng.below(SENTENCES.len() as u64) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

async fn fill(app: &App, count: usize) -> anyhow::Result<i64> {
    let Pool::Sqlite(pool) = &app.db.pool else {
        anyhow::bail!("SQLite only");
    };
    let council: i64 = sqlx::query_scalar("SELECT id FROM council ORDER BY id LIMIT 1")
        .fetch_one(pool)
        .await?;
    let mut tx = pool.begin().await?;
    let mut agencies = Vec::new();
    for i in 0..30 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agency (council_id, slug, name, name_folded) VALUES ($1, $2, $3, $3) RETURNING id",
        )
        .bind(council)
        .bind(format!("co-quan-do-tai-{i}"))
        .bind(format!("Cơ quan đo tải {i}"))
        .fetch_one(&mut *tx)
        .await?;
        agencies.push(id);
    }
    let fields: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM petition_field WHERE council_id = $1")
            .bind(council)
            .fetch_all(&mut *tx)
            .await?;
    let start = Date::from_calendar_date(2024, Month::January, 1)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..count {
        let fwd = start + time::Duration::days(rng.below(1000) as i64);
        let received: OffsetDateTime = (fwd - time::Duration::days(rng.below(20) as i64))
            .midnight()
            .assume_utc();
        let deadline = fwd + time::Duration::days(28);
        let answered =
            (rng.below(10) < 7).then(|| fwd + time::Duration::days(1 + rng.below(50) as i64));
        let state = if answered.is_some() {
            "published"
        } else {
            "forwarded"
        };
        let kind =
            answered.map(|_| ["resolved", "in_progress", "not_competent"][rng.below(3) as usize]);
        sqlx::query(
            "INSERT INTO petition (council_id, code, channel, state, moderation, title, title_folded, body, field_id, \
             agency_id, voters, forwarded_on, deadline, answer, answer_kind, answered_on, received_at, updated_at) \
             VALUES ($1, $2, 'voter_meeting', $3, 'approved', 'Kiến nghị đo tải', 'kien nghi do tai', $12, $4, \
             $5, 1, $6, $7, $8, $9, $10, $11, $11)",
        )
        .bind(council)
        .bind(format!("KN-BENCH-{i:08}"))
        .bind(state)
        .bind(fields[rng.below(fields.len() as u64) as usize])
        .bind(agencies[rng.below(agencies.len() as u64) as usize])
        .bind(fwd)
        .bind(deadline)
        .bind(answered.map(|_| text(&mut rng, ANSWER_SENTENCES)))
        .bind(kind)
        .bind(answered)
        .bind(received)
        .bind(text(&mut rng, BODY_SENTENCES))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(council)
}

async fn time_it<F, Fut>(runs: usize, mut f: F) -> anyhow::Result<(Duration, Duration)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    f().await?; // warm the page cache of SQLite and the pool
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f().await?;
        samples.push(t.elapsed());
    }
    Ok((
        percentile(&mut samples, 50.0),
        percentile(&mut samples, 99.0),
    ))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let dir = tempfile::tempdir()?;
    let db = Db::open_sqlite(&dir.path().join("bench.db")).await?;
    caunoi_store::migrate::migrate(&db).await?;
    let mut app = App::new(db);
    app.settings.media_dir = dir.path().join("media");
    caunoi_app::demo::seed(&app).await?;
    let t = Instant::now();
    let council = fill(&app, a.count).await?;
    let loaded = t.elapsed();
    // Written straight into the table: their answer times are recorded as at start-up after
    // migration 0009 (what an existing install pays once).
    let t = Instant::now();
    let filled = stats::fill_answer_days(&app).await?;
    println!(
        "# petition-stats-bench: {} petitions (30 agencies, 11 fields) on SQLite, loaded in {:.1} s; answer times of {filled} answers recorded in {:.2} s; {} runs each",
        a.count,
        loaded.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        a.runs
    );
    println!("| what | p50 | p99 |");
    println!("|---|---|---|");
    let Pool::Sqlite(pool) = &app.db.pool else {
        anyhow::bail!("SQLite only");
    };
    let row = |name: &str, (p50, p99): (Duration, Duration)| {
        println!(
            "| {name} | {:.2} ms | {:.2} ms |",
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3
        )
    };
    row(
        "baseline: SELECT COUNT(*) of the council's petitions",
        time_it(a.runs, || async {
            let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM petition WHERE council_id = $1")
                .bind(council)
                .fetch_one(pool)
                .await?;
            Ok(())
        })
        .await?,
    );
    let cal = caunoi_domain::workdays::WorkCalendar::vietnam();
    row(
        "baseline: naive per-row (read all answered rows, working days per row in Rust)",
        time_it(a.runs.min(5), || async {
            let rows: Vec<(Option<i64>, Date, Date)> = sqlx::query_as(
                "SELECT agency_id, forwarded_on, answered_on FROM petition WHERE council_id = $1 \
                 AND answered_on IS NOT NULL AND forwarded_on IS NOT NULL",
            )
            .bind(council)
            .fetch_all(pool)
            .await?;
            let mut sums = std::collections::HashMap::new();
            for (k, f, t) in rows {
                *sums.entry(k).or_insert(0i64) += cal.working_days_between(f, t);
            }
            std::hint::black_box(sums);
            Ok(())
        })
        .await?,
    );
    row(
        "public figures by agency (stats::public_table)",
        time_it(a.runs, || async {
            stats::public_table(&app, GroupBy::Agency).await?;
            Ok(())
        })
        .await?,
    );
    row(
        "public figures by field (stats::public_table)",
        time_it(a.runs, || async {
            stats::public_table(&app, GroupBy::Field).await?;
            Ok(())
        })
        .await?,
    );
    row(
        "one agency's figures (stats::public_one)",
        time_it(a.runs, || async {
            stats::public_one(&app, GroupBy::Agency, "co-quan-do-tai-7").await?;
            Ok(())
        })
        .await?,
    );
    let ctx = Ctx::operator();
    let q = DashboardQuery {
        council_id: Some(council),
        from: Some("2024-01".into()),
        to: Some("2026-12".into()),
    };
    let dashboard = || async {
        stats::dashboard(&app, &ctx, &q).await?;
        Ok(())
    };
    row(
        "office dashboard, 36 months (stats::dashboard)",
        time_it(a.runs, dashboard).await?,
    );
    // The same figures without the covering index (migration 0009), in this run: what they
    // cost when they read the petitions' rows.
    sqlx::query("DROP INDEX petition_figures")
        .execute(pool)
        .await?;
    row(
        "without the figures index: public figures by agency",
        time_it(a.runs.min(10), || async {
            stats::public_table(&app, GroupBy::Agency).await?;
            Ok(())
        })
        .await?,
    );
    row(
        "without the figures index: office dashboard, 36 months",
        time_it(a.runs.min(10), dashboard).await?,
    );
    Ok(())
}
