//! `petition-list-bench`: the public petition list `/kien-nghi` of a council holding 100,000
//! petitions (SQLite, the embedded default), through the real router in process: first page,
//! later pages, each filter and a title search. Every request is measured twice: with the
//! anonymous page cache emptied before it (a reader the cache cannot help: the database moved
//! on since the page was made) and served again from the cache. The baseline in the same run is
//! `/healthz` through the same router and the bare `SELECT … LIMIT 20` of the first page.
//!
//! ```text
//! cargo run --release -p caunoi-bench --bin petition-list-bench -- [--petitions 100000] [--requests 300]
//! ```

use anyhow::Context;
use axum::body::Body;
use axum::http::Request;
use caunoi_bench::metrics::percentile;
use caunoi_store::{Db, councils, now, petitions};
use std::time::{Duration, Instant};
use tower::ServiceExt;

struct Args {
    petitions: usize,
    requests: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        petitions: 100_000,
        requests: 300,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().with_context(|| format!("{k} needs a value"))?;
        match k.as_str() {
            "--petitions" => a.petitions = v.parse()?,
            "--requests" => a.requests = v.parse()?,
            other => anyhow::bail!("unknown option {other}; use --petitions N --requests N"),
        }
    }
    Ok(a)
}

/// A small deterministic generator (xorshift), so every run lists the same petitions.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

const MATTERS: &[&str] = &[
    "Đề nghị sửa chữa đường liên thôn bị xuống cấp",
    "Đề nghị lắp đặt đèn chiếu sáng ngõ",
    "Kiến nghị xử lý ô nhiễm từ cơ sở chăn nuôi",
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
    "Kiến nghị nạo vét kênh tiêu thoát nước",
    "Đề nghị xây dựng thêm phòng học cho trường tiểu học",
    "Kiến nghị về chế độ cho người có công",
    "Đề nghị bổ sung bác sĩ cho trạm y tế",
    "Kiến nghị giải quyết dứt điểm tranh chấp đất đai",
    "Đề nghị lắp đặt biển báo giao thông tại ngã ba",
];
const PLACES: &[&str] = &[
    "thôn Đông",
    "tổ dân phố số 3",
    "xóm Chùa",
    "khu tập thể Thành Công",
    "ngõ 12 phố Đội Cấn",
    "bãi sông Hồng",
    "chợ Chiều",
    "cầu Đồng Bến",
];
const STATES: &[&str] = &[
    "received",
    "classified",
    "forwarded",
    "forwarded",
    "answered",
    "published",
    "published",
    "closed",
    "merged",
    "rejected",
];

async fn seed(db: &Db, n: usize) -> anyhow::Result<i64> {
    let mut tx = db.write().await?;
    let council = councils::primary(&mut tx)
        .await?
        .context("the demo has a primary council")?;
    let fields = petitions::fields(&mut tx, council.id).await?;
    let agencies = petitions::agencies(&mut tx, council.id).await?;
    let units: Vec<i64> = caunoi_store::on!(&mut tx, c => sqlx::query_scalar(
        "SELECT id FROM admin_unit WHERE parent_id = $1 AND valid_to IS NULL")
        .bind(council.unit_id).fetch_all(c).await)?;
    anyhow::ensure!(!fields.is_empty() && !agencies.is_empty() && !units.is_empty());
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = now() - time::Duration::days(3 * 365);
    for i in 0..n {
        let title = format!(
            "{} {} (lần {})",
            MATTERS[rng.below(MATTERS.len())],
            PLACES[rng.below(PLACES.len())],
            i % 7 + 1
        );
        let state = STATES[rng.below(STATES.len())];
        let forwarded = !matches!(state, "received" | "classified" | "rejected");
        let received = start + time::Duration::minutes((i as i64) * 15);
        let deadline = forwarded.then(|| (received + time::Duration::days(28)).date());
        caunoi_store::exec!(&mut tx, c => sqlx::query(
            "INSERT INTO petition (council_id, code, channel, state, moderation, title, title_folded, body, \
             field_id, unit_id, agency_id, voters, forwarded_on, deadline, received_at, updated_at) \
             VALUES ($1, $2, 'meeting', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)")
            .bind(council.id)
            .bind(format!("KN-BNCH-{i:08}"))
            .bind(state)
            .bind(if i % 20 == 0 { "pending" } else { "approved" })
            .bind(&title)
            .bind(vntext::fold(&title))
            .bind("Cử tri phản ánh tình trạng kéo dài nhiều năm, đề nghị các cơ quan có thẩm quyền sớm xem xét, giải quyết.")
            .bind(fields[rng.below(fields.len())].id)
            .bind(units[rng.below(units.len())])
            .bind(forwarded.then(|| agencies[rng.below(agencies.len())].id))
            .bind(1 + rng.below(30) as i64)
            .bind(forwarded.then(|| received.date()))
            .bind(deadline)
            .bind(received))?;
    }
    tx.commit().await?;
    let mut tx = db.write().await?;
    caunoi_store::exec!(&mut tx, c => sqlx::query("ANALYZE"))?;
    tx.commit().await?;
    Ok(council.id)
}

struct Timing {
    cold: Vec<Duration>,
    warm: Vec<Duration>,
}

async fn get(router: &axum::Router, uri: &str) -> anyhow::Result<Duration> {
    let t = Instant::now();
    let r = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty())?)
        .await?;
    let status = r.status();
    let body = axum::body::to_bytes(r.into_body(), usize::MAX).await?;
    let took = t.elapsed();
    anyhow::ensure!(
        status.is_success(),
        "{uri}: {status} {}",
        String::from_utf8_lossy(&body[..body.len().min(300)])
    );
    Ok(took)
}

async fn measure(db: &Db, router: &axum::Router, uris: &[String]) -> anyhow::Result<Timing> {
    let mut t = Timing {
        cold: Vec::new(),
        warm: Vec::new(),
    };
    for uri in uris {
        // As if another node had just written: the cached copy is stale, the page is made anew.
        db.note_external_change();
        t.cold.push(get(router, uri).await?);
        t.warm.push(get(router, uri).await?);
    }
    Ok(t)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let dir = tempfile::tempdir()?;
    let db = Db::open_sqlite(&dir.path().join("bench.db")).await?;
    caunoi_store::migrate::migrate(&db).await?;
    let mut app = caunoi_app::App::new(db.clone());
    app.settings.media_dir = dir.path().join("media");
    app.settings.mail_dir = dir.path().join("mail");
    caunoi_app::demo::seed(&app).await?;
    let t = Instant::now();
    let council = seed(&db, a.petitions).await?;
    println!(
        "# petition-list-bench: {} petitions seeded in {:.1} s; {} requests per row; SQLite",
        a.petitions,
        t.elapsed().as_secs_f64(),
        a.requests
    );
    let state = caunoi_web::AppState::new(
        app.clone(),
        caunoi_web::WebConfig {
            secure_cookies: false,
            ..Default::default()
        },
    );
    let router = caunoi_web::router(state);

    let mut tx = db.read().await?;
    let fields = petitions::fields(&mut tx, council).await?;
    let agencies = petitions::agencies(&mut tx, council).await?;
    drop(tx);
    let n = a.requests;
    let mut rng = Rng(42);
    let rows: Vec<(&str, Vec<String>)> = vec![
        ("first page", vec!["/kien-nghi".to_owned(); n]),
        (
            "pages 2–50",
            (0..n)
                .map(|_| format!("/kien-nghi?page={}", 2 + rng.below(49)))
                .collect(),
        ),
        (
            "by field",
            (0..n)
                .map(|_| {
                    format!(
                        "/kien-nghi?linh_vuc={}",
                        fields[rng.below(fields.len())].slug
                    )
                })
                .collect(),
        ),
        (
            "by agency",
            (0..n)
                .map(|_| {
                    format!(
                        "/kien-nghi?co_quan={}",
                        agencies[rng.below(agencies.len())].id
                    )
                })
                .collect(),
        ),
        (
            "by state",
            (0..n)
                .map(|_| {
                    format!(
                        "/kien-nghi?trang_thai={}",
                        ["forwarded", "published", "closed", "answered"][rng.below(4)]
                    )
                })
                .collect(),
        ),
        (
            "title search",
            (0..n)
                .map(|_| {
                    format!(
                        "/kien-nghi?q={}",
                        [
                            "den+chieu+sang",
                            "Đồng+Bến",
                            "tranh+chấp+đất",
                            "truong+tieu+hoc"
                        ][rng.below(4)]
                    )
                })
                .collect(),
        ),
        (
            // The deepest page the public list offers: it pages only as far as it counts.
            "last page offered",
            vec![
                format!(
                    "/kien-nghi?page={}",
                    caunoi_app::petitions::PUBLIC_COUNT_LIMIT / 20
                );
                n
            ],
        ),
    ];

    // Baselines: the router's own cost, and the bare query behind the first page.
    let mut health = Vec::new();
    for _ in 0..n {
        health.push(get(&router, "/healthz").await?);
    }
    let mut bare = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        let mut tx = db.read().await?;
        let ids: Vec<i64> = caunoi_store::on!(&mut tx, c => sqlx::query_scalar(
            "SELECT id FROM petition WHERE council_id = $1 AND moderation = 'approved' AND state <> 'rejected' \
             ORDER BY received_at DESC, id DESC LIMIT 20")
            .bind(council).fetch_all(c).await)?;
        drop(tx);
        bare.push(t.elapsed());
        anyhow::ensure!(ids.len() == 20);
    }
    println!("| request | cold p50 | cold p99 | cached p50 | cached p99 |");
    println!("|---|---|---|---|---|");
    println!(
        "| baseline: /healthz | {} | {} | | |",
        ms(percentile(&mut health, 50.0)),
        ms(percentile(&mut health, 99.0))
    );
    println!(
        "| baseline: bare first-page SELECT | {} | {} | | |",
        ms(percentile(&mut bare, 50.0)),
        ms(percentile(&mut bare, 99.0))
    );
    for (name, uris) in &rows {
        let mut t = measure(&db, &router, uris).await?;
        println!(
            "| {name} | {} | {} | {} | {} |",
            ms(percentile(&mut t.cold, 50.0)),
            ms(percentile(&mut t.cold, 99.0)),
            ms(percentile(&mut t.warm, 50.0)),
            ms(percentile(&mut t.warm, 99.0))
        );
    }
    Ok(())
}
