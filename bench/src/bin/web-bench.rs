//! Web benchmark: the article page and the home page of a portal holding 20,000 published
//! articles, against nginx serving the same HTML bytes as static files, measured in the same
//! run. Server and nginx are pinned to core 0, the load generators to core 1.
//!
//! `taskset -c 1 cargo run --release -p caunoi-bench --bin web-bench -- [--articles 20000] [--seconds 10]`
//! (build `cargo build --release -p caunoi` first; needs Debian's `wrk` and `nginx`, and `oha`).

use anyhow::{Context, bail};
use caunoi_app::articles::render;
use caunoi_app::{App, Ctx};
use caunoi_store::{Db, articles, councils, now};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    articles: usize,
    seconds: u64,
    bin: PathBuf,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        articles: 20_000,
        seconds: 10,
        bin: PathBuf::from("target/release/caunoi"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().with_context(|| format!("{k} needs a value"))?;
        match k.as_str() {
            "--articles" => a.articles = v.parse()?,
            "--seconds" => a.seconds = v.parse()?,
            "--bin" => a.bin = PathBuf::from(v),
            other => bail!("unknown option {other}; use --articles N --seconds S --bin PATH"),
        }
    }
    Ok(a)
}

const WORDS: &[&str] = &[
    "Hội đồng",
    "nhân dân",
    "thành phố",
    "cử tri",
    "kiến nghị",
    "giám sát",
    "kỳ họp",
    "đại biểu",
    "nghị quyết",
    "ngân sách",
    "giao thông",
    "đất đai",
    "môi trường",
    "y tế",
    "giáo dục",
    "an sinh",
    "xã",
    "phường",
    "tiếp xúc",
    "báo cáo",
    "chất vấn",
    "trả lời",
    "cơ quan",
    "Ủy ban",
    "thẩm tra",
    "dự án",
    "công trình",
    "người dân",
    "đề nghị",
];

fn paragraph(seed: usize, words: usize) -> String {
    let mut out = String::new();
    let mut x = seed.wrapping_mul(2654435761) | 1;
    for i in 0..words {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[x % WORDS.len()]);
    }
    out.push('.');
    out
}

/// Seeds demo content, then `n` published articles written straight to the store.
async fn seed(dir: &Path, n: usize) -> anyhow::Result<String> {
    let db = Db::open_sqlite(&dir.join("caunoi.db")).await?;
    caunoi_store::migrate::migrate(&db).await?;
    let mut app = App::new(db);
    app.settings.media_dir = dir.join("media");
    caunoi_app::demo::seed(&app)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = now();
    let mut tx = app.db.write().await?;
    let council = councils::find_by_unit_code(&mut tx, "01")
        .await?
        .context("demo council")?;
    let cats = articles::categories(&mut tx, council.id).await?;
    for i in 0..n {
        let title = format!("{} số {i}", paragraph(i, 8).trim_end_matches('.'));
        let body = (0..6)
            .map(|p| paragraph(i * 7 + p, 70))
            .collect::<Vec<_>>()
            .join("\n\n");
        let html = render::markdown_to_html(&body);
        let published = t - time::Duration::minutes((n - i) as i64);
        let cat = &cats[i % cats.len()];
        let id = articles::insert(
            &mut tx,
            &articles::NewArticle {
                council_id: council.id,
                category_id: cat.id,
                state: "published",
                title: &title,
                title_folded: &vntext::fold(&title),
                slug: &vntext::slug(&title),
                lead: &paragraph(i + 1, 30),
                body_md: &body,
                body_html: &html,
                source: Some("Văn phòng HĐND"),
                credit: None,
                author_id: None,
                now: published,
                published_at: Some(published),
                legacy_fingerprint: None,
            },
        )
        .await?;
        articles::set_tags(
            &mut tx,
            id,
            &[(format!("the-{}", i % 50), format!("Thẻ {}", i % 50))],
        )
        .await?;
    }
    tx.commit().await?;
    let token = caunoi_app::accounts::create_token(
        &app,
        &Ctx::operator(),
        Some("publisher@demo.caunoi.vn"),
        "bench",
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    app.db.close().await;
    Ok(token.0)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18181)
}

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

async fn wait_up(url: &str) -> anyhow::Result<()> {
    let c = reqwest::Client::new();
    for _ in 0..200 {
        if c.get(url).send().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("{url} did not answer")
}

struct WrkResult {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn ms(s: &str) -> f64 {
    let s = s.trim();
    if let Some(v) = s.strip_suffix("us") {
        v.parse::<f64>().unwrap_or(0.0) / 1000.0
    } else if let Some(v) = s.strip_suffix("ms") {
        v.parse().unwrap_or(0.0)
    } else if let Some(v) = s.strip_suffix('s') {
        v.parse::<f64>().unwrap_or(0.0) * 1000.0
    } else {
        0.0
    }
}

fn wrk(url: &str, seconds: u64) -> anyhow::Result<WrkResult> {
    let out = Command::new("taskset")
        .args([
            "-c",
            "1",
            "wrk",
            "-t1",
            "-c64",
            &format!("-d{seconds}s"),
            "--latency",
            url,
        ])
        .output()
        .context("running wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let find = |prefix: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(prefix))
            .map(|l| l.trim().to_owned())
    };
    let rps = find("Requests/sec:")
        .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .context(text.to_string())?;
    let pct = |p: &str| {
        find(p)
            .and_then(|l| l.split_whitespace().nth(1).map(ms))
            .unwrap_or(0.0)
    };
    if text.contains("Non-2xx") {
        bail!("{url} answered errors:\n{text}");
    }
    Ok(WrkResult {
        rps: rps.parse()?,
        p50_ms: pct("50%"),
        p99_ms: pct("99%"),
    })
}

/// Load at a fixed rate with `oha -q` and latency correction (latency counts from when each
/// request was due, so a slow server cannot hide its queueing).
fn fixed_rate(url: &str, rate: f64, seconds: u64) -> anyhow::Result<(f64, f64, u64)> {
    let out = Command::new("taskset")
        .args([
            "-c",
            "1",
            "oha",
            "-z",
            &format!("{seconds}s"),
            "-q",
            &format!("{rate:.0}"),
            "-c",
            "64",
        ])
        .args([
            "--latency-correction",
            "--no-tui",
            "--output-format",
            "json",
            url,
        ])
        .output()
        .context("running oha (cargo install oha)")?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("oha's JSON")?;
    let p = |k: &str| v["latencyPercentiles"][k].as_f64().unwrap_or(0.0) * 1000.0;
    let ok = v["statusCodeDistribution"]["200"].as_u64().unwrap_or(0);
    let all: u64 = v["statusCodeDistribution"]
        .as_object()
        .map(|m| m.values().filter_map(|x| x.as_u64()).sum())
        .unwrap_or(0);
    let errors = v["errorDistribution"]
        .as_object()
        .map(|m| m.values().filter_map(|x| x.as_u64()).sum())
        .unwrap_or(0);
    Ok((p("p50"), p("p99"), errors + all - ok))
}

/// A memory figure of a process from /proc, in KiB (`VmHWM` peak, `VmRSS` now).
fn mem_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Cores of the machine (not of this process, which runs pinned to one).
fn machine_cores() -> usize {
    std::fs::read_to_string("/proc/cpuinfo")
        .map(|s| s.lines().filter(|l| l.starts_with("processor")).count())
        .unwrap_or(0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    if !a.bin.exists() {
        bail!(
            "{} not found: run `cargo build --release -p caunoi` first",
            a.bin.display()
        );
    }
    let dir = std::env::temp_dir().join(format!("caunoi-web-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let t0 = Instant::now();
    let token = seed(&dir, a.articles).await?;
    println!(
        "seeded {} articles in {:.1} s",
        a.articles,
        t0.elapsed().as_secs_f64()
    );

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Command::new("taskset")
        .args(["-c", "0"])
        .arg(&a.bin)
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(&dir)
        .env("CAUNOI_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let server = Guard(server);
    wait_up(&format!("{base}/healthz")).await?;
    let c = reqwest::Client::new();
    let list: serde_json::Value = c
        .get(format!(
            "{base}/api/v1/articles?per_page=1&page={}",
            a.articles / 2
        ))
        .send()
        .await?
        .json()
        .await?;
    let article_url = list["items"][0]["url"]
        .as_str()
        .context("an article")?
        .to_owned();
    let home_url = format!("{base}/");
    let article_html = c.get(&article_url).send().await?.bytes().await?;
    let home_html = c.get(&home_url).send().await?.bytes().await?;

    let www = dir.join("www");
    std::fs::create_dir_all(&www)?;
    std::fs::write(www.join("article.html"), &article_html)?;
    std::fs::write(www.join("home.html"), &home_html)?;
    let nport = free_port();
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes 1;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/nginx-error.log;\nevents {{ worker_connections 1024; }}\n\
             http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;\n\
             client_body_temp_path {d}; proxy_temp_path {d}; fastcgi_temp_path {d}; uwsgi_temp_path {d}; scgi_temp_path {d};\n\
             server {{ listen 127.0.0.1:{nport}; root {w}; default_type text/html; }} }}\n",
            d = dir.display(),
            w = www.display()
        ),
    )?;
    let nginx = Guard(
        Command::new("taskset")
            .args(["-c", "0", "nginx", "-c"])
            .arg(&conf)
            .stderr(Stdio::null())
            .spawn()
            .context("nginx (apt-get install nginx)")?,
    );
    let nbase = format!("http://127.0.0.1:{nport}");
    wait_up(&format!("{nbase}/home.html")).await?;

    let mut rows = Vec::new();
    for (name, ours, static_url) in [
        (
            "article page",
            article_url.clone(),
            format!("{nbase}/article.html"),
        ),
        ("home page", home_url.clone(), format!("{nbase}/home.html")),
    ] {
        let n = wrk(&static_url, a.seconds)?;
        let o = wrk(&ours, a.seconds)?;
        let half = o.rps / 2.0;
        let (p50, p99, errors) = fixed_rate(&ours, half, a.seconds)?;
        println!(
            "{name}: nginx {:.0} req/s, caunoi {:.0} req/s ({:.0}%); wrk p99 {:.2} ms; at {:.0} req/s: p50 {:.2} ms, p99 {:.2} ms, {errors} errors",
            n.rps,
            o.rps,
            100.0 * o.rps / n.rps,
            o.p99_ms,
            half,
            p50,
            p99
        );
        rows.push(format!(
            "| {name} | {:.0} | {:.0} | {:.0}% | {:.2} / {:.2} | {:.0} | {:.2} | {:.2} | {errors} |",
            n.rps, o.rps, 100.0 * o.rps / n.rps, o.p50_ms, o.p99_ms, half, p50, p99
        ));
    }

    // Freshness: publish through the API, then read the home page at once.
    let title = format!("Tin kiểm tra độ tươi {}", std::process::id());
    let created: serde_json::Value = c
        .post(format!("{base}/api/v1/articles"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": title, "body": "Nội dung", "category": "ky-hop"}))
        .send()
        .await?
        .json()
        .await?;
    let id = created["id"].as_i64().context("created article")?;
    for action in ["submit", "approve", "publish"] {
        let r = c
            .post(format!("{base}/api/v1/articles/{id}/{action}"))
            .bearer_auth(&token)
            .send()
            .await?;
        if !r.status().is_success() {
            bail!("{action}: {}", r.status());
        }
    }
    let fresh = c
        .get(&home_url)
        .send()
        .await?
        .text()
        .await?
        .contains(&title);
    let (peak, now_rss) = (
        mem_kb(server.0.id(), "VmHWM:"),
        mem_kb(server.0.id(), "VmRSS:"),
    );
    println!(
        "published article visible on the next request: {fresh}; server RSS now {} MiB, peak {} MiB",
        now_rss / 1024,
        peak / 1024
    );

    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let report = format!(
        "# Web benchmark\n\nCommand: `cargo build --release -p caunoi && taskset -c 1 cargo run --release -p caunoi-bench --bin web-bench -- --articles {} --seconds {}`\n\n\
         Machine: {} cores, {cpu}. Server and nginx pinned to core 0, wrk and oha to core 1; \
         wrk -t1 -c64 for {} s per target; nginx 1 worker serving the same HTML bytes from files.\n\n\
         | page | nginx req/s | caunoi req/s | ratio | wrk p50 / p99 ms | half load req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|---|---|\n{}\n\n\
         Published article visible on the next request: {fresh}. Server memory: {} MiB resident after the run, {} MiB peak \
         (the server built its search index of the articles at start, during the run).\n",
        a.articles,
        a.seconds,
        machine_cores(),
        a.seconds,
        rows.join("\n"),
        now_rss / 1024,
        peak / 1024
    );
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("results/web.md");
    std::fs::create_dir_all(out.parent().unwrap_or(Path::new(".")))?;
    std::fs::write(&out, report)?;
    println!("wrote {}", out.display());
    drop(nginx);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
