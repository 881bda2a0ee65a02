//! `search-bench`: measures our search engine against SQLite FTS5 in one run — quality on
//! the committed relevance set, then indexing and query speed on generated documents.
//!
//! ```text
//! cargo run --release -p caunoi-bench --bin search-bench -- [--docs 100000] [--seed 42]
//!     [--runs 5] [--fts-runs 3] [--threads 2] [--memory-mb 2048] [--topical 80] [--no-fts]
//!     [--out FILE] [--keep-index DIR]
//! ```
//!
//! `--topical 0` draws every generated word from the whole corpus instead of mostly from
//! one article's bigrams: every query then matches most of the index (a stress case).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use caunoi_bench::corpus::{self, Query};
use caunoi_bench::fts::Fts;
use caunoi_bench::generate::Chain;
use caunoi_bench::metrics::{self, CUTOFF, Quality, percentile};
use caunoi_bench::system::{self, mib};
use caunoi_search::{BulkOptions, SearchIndex, SearchQuery};

struct Args {
    docs: u64,
    seed: u64,
    runs: usize,
    fts_runs: usize,
    threads: usize,
    memory_mb: usize,
    fts: bool,
    out: Option<PathBuf>,
    /// Child mode: open this index, run the queries, report latency and memory.
    serve: Option<PathBuf>,
    /// Build the speed index here and keep it (for profiling with `--serve`).
    keep_index: Option<PathBuf>,
    /// Percentage of generated words that follow the document's topic (0: flat chain).
    topical: usize,
}

impl Args {
    fn parse() -> anyhow::Result<Self> {
        let mut a = Args {
            docs: 100_000,
            seed: 42,
            runs: 5,
            fts_runs: 3,
            threads: 2,
            memory_mb: 2048,
            fts: true,
            out: None,
            serve: None,
            keep_index: None,
            topical: 80,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--docs" => a.docs = value()?.parse()?,
                "--seed" => a.seed = value()?.parse()?,
                "--runs" => a.runs = value()?.parse()?,
                "--fts-runs" => a.fts_runs = value()?.parse()?,
                "--threads" => a.threads = value()?.parse()?,
                "--memory-mb" => a.memory_mb = value()?.parse()?,
                "--no-fts" => a.fts = false,
                "--out" => a.out = Some(value()?.into()),
                "--serve" => a.serve = Some(value()?.into()),
                "--keep-index" => a.keep_index = Some(value()?.into()),
                "--topical" => a.topical = value()?.parse()?,
                "-h" | "--help" => {
                    println!(
                        "search-bench [--docs N] [--seed N] [--runs N] [--fts-runs N] \
                         [--threads N] [--memory-mb N] [--topical PCT] [--no-fts] [--out FILE] \
                         [--keep-index DIR] \
                         | --serve DIR [--runs N]"
                    );
                    std::process::exit(0);
                }
                other => bail!("unknown argument {other}"),
            }
        }
        Ok(a)
    }
}

/// Latency percentiles of one engine over the query set.
#[derive(Clone, Copy, Default)]
struct Latency {
    p50: Duration,
    p99: Duration,
    mean: Duration,
    samples: usize,
}

impl Latency {
    fn of(mut samples: Vec<Duration>) -> Self {
        let n = samples.len();
        let total: Duration = samples.iter().sum();
        Latency {
            p50: percentile(&mut samples, 50.0),
            p99: percentile(&mut samples, 99.0),
            mean: total / n.max(1) as u32,
            samples: n,
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn query(text: &str) -> SearchQuery {
    SearchQuery {
        per_page: CUTOFF,
        ..SearchQuery::new(text)
    }
}

/// Runs every query once to warm up, then `runs` times, timing each search.
fn time_ours(index: &SearchIndex, queries: &[Query], runs: usize) -> anyhow::Result<Latency> {
    for q in queries {
        index.search(&query(&q.query))?;
    }
    let mut samples = Vec::with_capacity(queries.len() * runs);
    for _ in 0..runs {
        for q in queries {
            let t = Instant::now();
            let r = index.search(&query(&q.query))?;
            samples.push(t.elapsed());
            std::hint::black_box(r);
        }
    }
    Ok(Latency::of(samples))
}

async fn time_fts(fts: &mut Fts, queries: &[Query], runs: usize) -> anyhow::Result<Latency> {
    for q in queries {
        fts.search(&q.query, CUTOFF as i64).await?;
    }
    let mut samples = Vec::with_capacity(queries.len() * runs);
    for _ in 0..runs {
        for q in queries {
            let t = Instant::now();
            let r = fts.search(&q.query, CUTOFF as i64).await?;
            samples.push(t.elapsed());
            std::hint::black_box(r);
        }
    }
    Ok(Latency::of(samples))
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Child mode: what a freshly started server process costs to answer the query set.
fn serve(dir: &Path, runs: usize) -> anyhow::Result<()> {
    let queries = corpus::load_queries(&corpus::relevance_dir())?;
    let index = SearchIndex::open_or_create(dir)?;
    let lat = time_ours(&index, &queries, runs)?;
    if std::env::var_os("SEARCH_BENCH_SLOWEST").is_some() {
        // Diagnostics: the slowest queries, one timed run each.
        let mut timed: Vec<(Duration, &str, u64)> = Vec::new();
        for q in &queries {
            let t = Instant::now();
            let r = index.search(&query(&q.query))?;
            timed.push((t.elapsed(), &q.query, r.total));
        }
        timed.sort_by_key(|t| std::cmp::Reverse(t.0));
        for (t, q, total) in timed.iter().take(15) {
            eprintln!("{:>10} {total:>7} {q}", ms(*t));
        }
    }
    println!(
        "SERVE {} {} {} {} {}",
        lat.p50.as_nanos(),
        lat.p99.as_nanos(),
        lat.mean.as_nanos(),
        system::peak_rss(),
        system::rss()
    );
    Ok(())
}

struct Served {
    latency: Latency,
    peak_rss: u64,
    rss: u64,
}

fn spawn_serve(dir: &Path, runs: usize) -> anyhow::Result<Served> {
    let out = Command::new(std::env::current_exe()?)
        .arg("--serve")
        .arg(dir)
        .args(["--runs", &runs.to_string()])
        .output()?;
    if !out.status.success() {
        bail!(
            "serve child failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8(out.stdout)?;
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("SERVE "))
        .context("no SERVE line from child")?;
    let f: Vec<u64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let ns = |i: usize| Duration::from_nanos(f[i]);
    Ok(Served {
        latency: Latency {
            p50: ns(0),
            p99: ns(1),
            mean: ns(2),
            samples: 0,
        },
        peak_rss: f[3],
        rss: f[4],
    })
}

fn quality_rows(out: &mut String, name: &str, q: &Quality) {
    let _ = writeln!(out, "| {name} | {:.3} | {:.3} |", q.recall, q.mrr);
}

fn per_kind_rows(out: &mut String, ours: &Quality, fts: Option<&Quality>) {
    for (kind, (r, m, n)) in &ours.per_kind {
        let (fr, fm) = fts
            .and_then(|f| f.per_kind.get(kind))
            .map_or(("–".into(), "–".into()), |(r, m, _)| {
                (format!("{r:.3}"), format!("{m:.3}"))
            });
        let _ = writeln!(out, "| {kind} | {n} | {r:.3} | {m:.3} | {fr} | {fm} |");
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse()?;
    if let Some(dir) = &args.serve {
        return serve(dir, args.runs);
    }
    let load_start = system::load_average();
    let work = std::env::temp_dir().join(format!("caunoi-search-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;

    // ---- Quality on the relevance set -------------------------------------------------
    let rel_dir = corpus::relevance_dir();
    let rel_docs = corpus::load_docs(&rel_dir)?;
    let queries = corpus::load_queries(&rel_dir)?;
    eprintln!(
        "relevance set: {} documents, {} queries",
        rel_docs.len(),
        queries.len()
    );
    let small = SearchIndex::in_memory()?;
    small.upsert(&rel_docs)?;
    let ours_q = metrics::evaluate(&queries, |text| {
        Ok(small
            .search(&query(text))?
            .items
            .iter()
            .map(|h| h.id)
            .collect())
    })?;
    let fts_q = if args.fts {
        let mut fts = Fts::create(&work.join("relevance.db")).await?;
        fts.index(&rel_docs).await?;
        let mut ranked = Vec::new();
        for q in &queries {
            ranked.push(fts.search(&q.query, CUTOFF as i64).await?);
        }
        let mut it = ranked.into_iter();
        Some(metrics::evaluate(&queries, |_| {
            Ok(it.next().unwrap_or_default())
        })?)
    } else {
        None
    };
    drop(small);

    // ---- Speed on generated documents ---------------------------------------------------
    let articles: Vec<String> = rel_docs
        .iter()
        .map(|d| format!("{}\n{}", d.title, d.body))
        .collect();
    let chain = Chain::learn(articles.iter().map(String::as_str), args.topical);
    let t = Instant::now();
    let mut docs: Vec<_> = (0..args.docs)
        .map(|i| chain.document(args.seed, i))
        .collect();
    let gen_time = t.elapsed();
    let words: usize = docs.iter().map(|d| d.body.split_whitespace().count()).sum();
    let corpus_bytes: u64 = docs
        .iter()
        .map(|d| (d.title.len() + d.body.len() + d.url.len()) as u64)
        .sum();
    let avg_words = words as f64 / docs.len().max(1) as f64;
    eprintln!(
        "generated {} documents ({avg_words:.0} words on average, {}) in {:.1} s from a vocabulary of {} words",
        docs.len(),
        mib(corpus_bytes),
        gen_time.as_secs_f64(),
        chain.vocabulary()
    );
    let rss_before_index = system::rss();

    let index_dir = args
        .keep_index
        .clone()
        .unwrap_or_else(|| work.join("index"));
    let _ = std::fs::remove_dir_all(&index_dir);
    let index = SearchIndex::open_or_create(&index_dir)?;
    let cpu0 = system::cpu_seconds();
    let t = Instant::now();
    let mut bulk = index.bulk_with(BulkOptions {
        threads: args.threads,
        memory_bytes: args.memory_mb << 20,
    })?;
    // Documents are handed over, not cloned: the writer owns them from here.
    for doc in docs.drain(..) {
        bulk.add(doc)?;
    }
    bulk.commit()?;
    let index_time = t.elapsed();
    let index_cpu = system::cpu_seconds() - cpu0;
    drop(docs);
    let peak_after_index = system::peak_rss();
    let rss_after_index = system::rss();
    let index_bytes = dir_size(&index_dir);
    let docs_per_s = args.docs as f64 / index_time.as_secs_f64();
    eprintln!(
        "indexed {} documents in {:.2} s: {docs_per_s:.0} docs/s ({:.1} CPU-s), index {}",
        index.doc_count(),
        index_time.as_secs_f64(),
        index_cpu,
        mib(index_bytes)
    );

    let ours_lat = time_ours(&index, &queries, args.runs)?;
    let peak_after_query = system::peak_rss();
    let rss_after_query = system::rss();
    let sample = index.search(&query(&queries[0].query))?;
    drop(index);
    eprintln!(
        "ours: p50 {} p99 {} (total for {:?}: {})",
        ms(ours_lat.p50),
        ms(ours_lat.p99),
        queries[0].query,
        sample.total
    );
    let served = spawn_serve(&index_dir, args.runs)?;

    let mut fts_speed = None;
    if args.fts {
        let mut fts = Fts::create(&work.join("speed.db")).await?;
        let mut fts_index_time = Duration::ZERO;
        let chunk = 5_000;
        let mut start = 0;
        while start < args.docs {
            let end = (start + chunk).min(args.docs);
            let batch: Vec<_> = (start..end).map(|i| chain.document(args.seed, i)).collect();
            let t = Instant::now();
            fts.index(&batch).await?;
            fts_index_time += t.elapsed();
            start = end;
        }
        eprintln!(
            "FTS5 indexed in {:.1} s; timing queries ({} runs)…",
            fts_index_time.as_secs_f64(),
            args.fts_runs
        );
        let lat = time_fts(&mut fts, &queries, args.fts_runs).await?;
        eprintln!("FTS5: p50 {} p99 {}", ms(lat.p50), ms(lat.p99));
        fts_speed = Some((fts_index_time, lat));
    }
    let load_end = system::load_average();
    let _ = std::fs::remove_dir_all(&work);

    // ---- Report --------------------------------------------------------------------------
    let command = format!(
        "cargo run --release -p caunoi-bench --bin search-bench -- {}",
        std::env::args().skip(1).collect::<Vec<_>>().join(" ")
    );
    let mut md = String::new();
    let _ = writeln!(md, "# Search benchmark\n");
    let _ = writeln!(md, "Command: `{}`\n", command.trim_end());
    let _ = writeln!(
        md,
        "Machine: {} logical CPUs, {}; load average at start {load_start}, at end {load_end}.\n",
        system::nproc(),
        system::cpu_model()
    );
    let _ = writeln!(
        md,
        "## Quality (relevance set: {} documents, {} queries, first page of {CUTOFF})\n",
        rel_docs.len(),
        queries.len()
    );
    let _ = writeln!(md, "| engine | recall@10 | MRR@10 |\n|---|---|---|");
    quality_rows(&mut md, "caunoi-search", &ours_q);
    if let Some(f) = &fts_q {
        quality_rows(
            &mut md,
            "SQLite FTS5 (unicode61 remove_diacritics 2, OR, bm25)",
            f,
        );
    }
    let _ = writeln!(
        md,
        "\n| query kind | queries | ours recall@10 | ours MRR | FTS5 recall@10 | FTS5 MRR |\n|---|---|---|---|---|---|"
    );
    per_kind_rows(&mut md, &ours_q, fts_q.as_ref());
    if !ours_q.misses.is_empty() {
        let _ = writeln!(
            md,
            "\nOur queries with no relevant result on the first page: {}",
            ours_q.misses.join(", ")
        );
    }
    let _ = writeln!(
        md,
        "\n## Speed ({} generated documents, {avg_words:.0} words on average, seed {}, {}% of words on the document's topic)\n",
        args.docs, args.seed, args.topical
    );
    let _ = writeln!(
        md,
        "| figure | caunoi-search | SQLite FTS5 |\n|---|---|---|"
    );
    let fts_idx = fts_speed.map(|(t, _)| {
        format!(
            "{:.0} docs/s ({:.1} s)",
            args.docs as f64 / t.as_secs_f64(),
            t.as_secs_f64()
        )
    });
    let _ = writeln!(
        md,
        "| indexing | {docs_per_s:.0} docs/s ({:.2} s wall, {:.1} CPU-s, {} threads, {} MiB budget) | {} |",
        index_time.as_secs_f64(),
        index_cpu,
        args.threads,
        args.memory_mb,
        fts_idx.clone().unwrap_or_else(|| "–".into())
    );
    let fts_lat = fts_speed.map(|(_, l)| l);
    let cell =
        |f: &dyn Fn(&Latency) -> Duration| fts_lat.as_ref().map_or("–".into(), |l| ms(f(l)));
    let _ = writeln!(
        md,
        "| query p50 | {} | {} |",
        ms(ours_lat.p50),
        cell(&|l| l.p50)
    );
    let _ = writeln!(
        md,
        "| query p99 | {} | {} |",
        ms(ours_lat.p99),
        cell(&|l| l.p99)
    );
    let _ = writeln!(
        md,
        "| query mean | {} | {} |",
        ms(ours_lat.mean),
        cell(&|l| l.mean)
    );
    let _ = writeln!(
        md,
        "| timed searches | {} ({} runs × {} queries, after one warm-up run) | {} |",
        ours_lat.samples,
        args.runs,
        queries.len(),
        fts_lat.map_or("–".into(), |l| format!(
            "{} ({} runs)",
            l.samples, args.fts_runs
        ))
    );
    if let Some(l) = fts_lat {
        let _ = writeln!(
            md,
            "| p50 speed-up | {:.0}× | |",
            l.p50.as_secs_f64() / ours_lat.p50.as_secs_f64()
        );
    }
    let _ = writeln!(md, "| index size on disk | {} | |", mib(index_bytes));
    let _ = writeln!(
        md,
        "\nOur search call does the whole page: parse, count and facets over every match, top 10 by relevance, stored fields, snippets with highlights and \"did you mean\". The FTS5 query returns the ten best rowids.\n"
    );
    let _ = writeln!(md, "## Memory (this process, from /proc/self/status)\n");
    let _ = writeln!(md, "| point | VmHWM (peak) | VmRSS |\n|---|---|---|");
    let _ = writeln!(
        md,
        "| generated corpus in memory, before indexing ({}) | | {} |",
        mib(corpus_bytes),
        mib(rss_before_index)
    );
    let _ = writeln!(
        md,
        "| after indexing | {} | {} |",
        mib(peak_after_index),
        mib(rss_after_index)
    );
    let _ = writeln!(
        md,
        "| after querying | {} | {} |",
        mib(peak_after_query),
        mib(rss_after_query)
    );
    let _ = writeln!(
        md,
        "| fresh process that opens the index and runs the queries (server-like) | {} | {} |",
        mib(served.peak_rss),
        mib(served.rss)
    );
    let _ = writeln!(
        md,
        "\nThe fresh process measured p50 {} and p99 {} on its own.",
        ms(served.latency.p50),
        ms(served.latency.p99)
    );
    println!("{md}");
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("results/search.md"));
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, md)?;
    eprintln!("wrote {}", out.display());
    let _ = fts_idx;
    Ok(())
}
