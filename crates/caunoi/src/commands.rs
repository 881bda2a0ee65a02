//! What each command does: open the data, call use cases, report in one or two lines.

use crate::config::{DataConfig, LogFormat};
use anyhow::{Context, bail};
use caunoi_app::accounts::{self, NewUser};
use caunoi_app::{App, AppError, Ctx, demo, jobs, units};
use caunoi_domain::vntime;
use caunoi_store::{Db, Engine, backup, migrate as store_migrate};
use caunoi_web::{AppState, WebConfig};
use std::io::Read;
use std::net::SocketAddr;
use std::path::Path;

pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CAUNOI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Opens the database (creating the data folder for SQLite), brings its schema up to date and,
/// on first use, loads the bundled administrative units.
async fn open(data: &DataConfig) -> anyhow::Result<App> {
    let app = open_bare(data).await?;
    if let Some(c) = units::ensure_units(&app).await.map_err(explain)? {
        tracing::info!(
            inserted = c.inserted,
            "loaded the bundled administrative units"
        );
    }
    Ok(app)
}

async fn open_bare(data: &DataConfig) -> anyhow::Result<App> {
    if data.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&data.data_dir).with_context(|| {
            format!(
                "setting `data-dir`: cannot create {}",
                data.data_dir.display()
            )
        })?;
    }
    let db = Db::connect(&data.database_url).await.with_context(|| {
        format!(
            "setting `database-url`: cannot open {}",
            redact(&data.database_url)
        )
    })?;
    store_migrate::migrate(&db)
        .await
        .context("applying migrations")?;
    let mut app = App::new(db);
    app.settings.media_dir = data.data_dir.join("media");
    app.settings.mail_dir = data.data_dir.join("mail");
    fill_answer_days(&app).await?;
    Ok(app)
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &url[..s], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Use-case errors as one line a person can act on.
fn explain(e: AppError) -> anyhow::Error {
    explain_fields(e, "")
}

/// Like [`explain`], each refused field named `{prefix}{field}` (`--date` for an option).
fn explain_fields(e: AppError, prefix: &str) -> anyhow::Error {
    match e {
        AppError::Invalid(list) => anyhow::anyhow!(
            "{}",
            list.iter()
                .map(|f| format!("{prefix}{}: {}", f.field, f.message_en))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

/// How notification e-mail leaves: an SMTP relay or files, and the sender address.
pub struct MailOptions {
    pub smtp: Option<caunoi_app::mail::SmtpRelay>,
    pub mail_from: Option<String>,
}

/// Who may read `/metrics` (loopback only when both are unset).
pub struct MetricsAccess {
    pub allow: Option<caunoi_web::client_addr::TrustedProxies>,
    pub token: Option<String>,
}

pub async fn serve(
    data: DataConfig,
    addr: SocketAddr,
    public_url: Option<String>,
    trusted_proxies: caunoi_web::client_addr::TrustedProxies,
    metrics: MetricsAccess,
    mail: MailOptions,
    demo_flag: bool,
) -> anyhow::Result<()> {
    let mut app = open(&data).await?;
    app.settings.smtp = mail.smtp;
    if let Some(from) = mail.mail_from {
        app.settings.mail_from = from;
    }
    app.search = Some(std::sync::Arc::new(
        caunoi_app::search::Search::open(&data.data_dir.join("index")).map_err(explain)?,
    ));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("setting `addr`: cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let public = public_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    // Cookies are Secure unless this is plain http on the loopback interface.
    app.settings.public_url = public.clone();
    let secure_cookies = match &public_url {
        Some(u) => u.starts_with("https://"),
        None => !local.ip().is_loopback(),
    };
    if demo_flag {
        match demo::seed(&app).await.map_err(explain)? {
            Some(d) => {
                println!("Demo admin: {}", d.admin_email);
                println!("One-time password: {}", d.password);
                let others: Vec<_> = d
                    .accounts
                    .iter()
                    .map(|(_, e)| e.as_str())
                    .filter(|e| *e != d.admin_email)
                    .collect();
                println!("Other demo accounts (same password): {}", others.join(", "));
            }
            None => println!("Demo content not written: the database already has content."),
        }
    }
    jobs::schedule_recurring(&app).await.map_err(explain)?;
    // A new or lost index is rebuilt in the background; search works meanwhile on what is in.
    {
        let app = app.clone();
        tokio::spawn(async move {
            match caunoi_app::search::ensure_index(&app).await {
                Ok(Some(n)) => tracing::info!(documents = n, "search index built"),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "building the search index"),
            }
        });
    }
    let state = AppState::new(
        app.clone(),
        WebConfig {
            secure_cookies,
            base_url: public.clone(),
            trusted_proxies,
            metrics_allow: metrics.allow,
            metrics_token: metrics.token,
            ..WebConfig::default()
        },
    );
    let router = caunoi_web::router(state);
    println!("Cầu Nối listening on {public}");
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker = format!("{}-{}", hostname(), std::process::id());
    let runner = tokio::spawn(jobs::run_until(app.clone(), worker, stop_rx.clone()));
    tokio::spawn(watch_other_writers(app.clone(), stop_rx));
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("shutting down: finishing the running job");
    let _ = stop_tx.send(true);
    let _ = runner.await;
    app.db.close().await;
    Ok(())
}

/// Other nodes (and command-line imports) write to the same database; when the outbox moves,
/// this node's page cache learns within a second.
async fn watch_other_writers(app: App, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut seen = -1;
    loop {
        if let Ok(mut tx) = app.db.read().await
            && let Ok(last) = caunoi_store::outbox::last_id(&mut tx).await
        {
            if seen >= 0 && last != seen {
                app.db.note_external_change();
            }
            seen = last;
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
            _ = stop.changed() => return,
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "node".into())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Records the answer time of petitions answered before it was stored (migration 0009).
async fn fill_answer_days(app: &App) -> anyhow::Result<()> {
    let n = caunoi_app::petitions::stats::fill_answer_days(app)
        .await
        .context("recording the answer times of earlier answers")?;
    if n > 0 {
        tracing::info!(petitions = n, "answer times recorded for earlier answers");
    }
    Ok(())
}

pub async fn migrate(data: DataConfig) -> anyhow::Result<()> {
    let db = Db::connect(&data.database_url).await.with_context(|| {
        format!(
            "setting `database-url`: cannot open {}",
            redact(&data.database_url)
        )
    })?;
    let applied = store_migrate::migrate(&db).await?;
    fill_answer_days(&App::new(db)).await?;
    if applied.is_empty() {
        println!(
            "Schema is up to date (version {}).",
            store_migrate::latest_version()
        );
    } else {
        println!("Applied migrations: {applied:?}.");
    }
    Ok(())
}

pub async fn import_units(data: DataConfig, file: &Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = open_bare(&data).await?;
    let c = units::import_units(&app, &Ctx::operator(), &text)
        .await
        .map_err(explain)?;
    println!(
        "Units: {} added, {} updated, {} unchanged.",
        c.inserted, c.updated, c.unchanged
    );
    Ok(())
}

pub async fn import_delegates(
    data: DataConfig,
    file: &Path,
    unit: Option<String>,
    body: Option<i64>,
    dry_run: bool,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = vntext::decode_any(&bytes);
    let app = open(&data).await?;
    let body = match body {
        Some(b) => b,
        None => {
            let dir = caunoi_app::registry::directory(
                &app,
                &caunoi_app::registry::DirectoryQuery {
                    council: unit,
                    ..Default::default()
                },
            )
            .await
            .map_err(explain)?;
            dir.bodies
                .iter()
                .find(|b| b.kind == "council")
                .map(|b| b.id)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{} has no council body in its current term; pass --body",
                        dir.council.name
                    )
                })?
        }
    };
    let r = caunoi_app::registry::import_delegates(&app, &Ctx::operator(), body, &text, dry_run)
        .await
        .map_err(|e| match e {
            AppError::Invalid(list) => anyhow::anyhow!(
                "nothing imported:\n{}",
                list.iter()
                    .map(|f| format!("  {}", f.message_vi))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            other => explain(other),
        })?;
    println!(
        "{}{} rows: {} people added, {} already in the registry, {} seats added, {} unchanged.",
        if dry_run {
            "Dry run (nothing written). "
        } else {
            ""
        },
        r.rows,
        r.created,
        r.reused,
        r.positions,
        r.unchanged
    );
    Ok(())
}

pub async fn import_petitions(
    data: DataConfig,
    file: &Path,
    meeting: Option<i64>,
    skip_bad: bool,
    dry_run: bool,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = open(&data).await?;
    let r = caunoi_app::petitions::import_petitions(
        &app,
        &Ctx::operator(),
        &bytes,
        meeting,
        skip_bad,
        dry_run,
    )
    .await
    .map_err(|e| match e {
        AppError::Invalid(list) => anyhow::anyhow!(
            "nothing imported:\n{}",
            list.iter()
                .map(|f| format!("  {}", f.message_vi))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => explain(other),
    })?;
    println!(
        "{}{} rows: {} petitions imported, {} bad rows skipped.",
        if dry_run {
            "Dry run (nothing written). "
        } else {
            ""
        },
        r.rows,
        r.imported,
        r.bad.len()
    );
    for (line, why) in &r.bad {
        println!("  line {line}: {why}");
    }
    Ok(())
}

pub async fn user_add(
    data: DataConfig,
    email: String,
    name: String,
    role: String,
    unit: Option<String>,
) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("reading the password from stdin")?;
    let password = password.trim_end_matches(['\n', '\r']).to_owned();
    let app = open(&data).await?;
    let id = accounts::add_user(
        &app,
        &Ctx::operator(),
        NewUser {
            email: email.clone(),
            name,
            role,
            unit,
            password,
        },
    )
    .await
    .map_err(explain)?;
    println!("Added account {id}: {email}");
    Ok(())
}

pub async fn token_create(
    data: DataConfig,
    email: &str,
    label: &str,
    expires_in_days: Option<u32>,
) -> anyhow::Result<()> {
    let app = open(&data).await?;
    let secret = accounts::create_token_expiring(
        &app,
        &Ctx::operator(),
        Some(email),
        label,
        expires_in_days,
    )
    .await
    .map_err(explain)?;
    // The token alone on stdout, so scripts can capture it; it is not shown again.
    println!("{}", secret.0);
    eprintln!(
        "Store this token now; only its hash is kept. Revoke with: caunoi token revoke --email {email} --id <id>"
    );
    Ok(())
}

pub async fn token_list(data: DataConfig, email: &str) -> anyhow::Result<()> {
    let app = open(&data).await?;
    let tokens = accounts::tokens_of(&app, &Ctx::operator(), email)
        .await
        .map_err(explain)?;
    let now = time::OffsetDateTime::now_utc();
    for t in tokens {
        let state = if t.revoked_at.is_some() {
            "revoked"
        } else if t.expires_at.is_some_and(|e| e <= now) {
            "expired"
        } else {
            "active"
        };
        // Times in Vietnam time, as everywhere people read them.
        let expires = t
            .expires_at
            .map(|e| format!("expires {}", vntime::format_datetime(e)))
            .unwrap_or_else(|| "no expiry".into());
        let used = t
            .last_used_at
            .map(|u| format!("last used {}", vntime::format_datetime(u)))
            .unwrap_or_else(|| "never used".into());
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            t.id,
            t.label,
            t.created_at.date(),
            state,
            expires,
            used
        );
    }
    Ok(())
}

pub async fn token_revoke(data: DataConfig, email: &str, id: i64) -> anyhow::Result<()> {
    let app = open(&data).await?;
    accounts::revoke_token(&app, &Ctx::operator(), Some(email), id)
        .await
        .map_err(explain)?;
    println!("Revoked token {id}.");
    Ok(())
}

pub async fn backup(data: DataConfig, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} already exists; choose a new file name", file.display());
    }
    let db = Db::connect(&data.database_url)
        .await
        .context("opening the database")?;
    // The fingerprint is taken from exactly what the backup holds, never from the live data
    // (the server may be writing while the backup runs).
    let (counts, hash) = match db.engine() {
        Engine::Sqlite => {
            backup::sqlite_snapshot(&db, file).await?;
            let snap = Db::open_sqlite_snapshot(file).await?;
            let fp = backup::fingerprint(&snap).await?;
            snap.close().await;
            fp
        }
        Engine::Postgres => {
            let (mut tx, snapshot) = backup::pg_export_snapshot(&db).await?;
            let fp = backup::fingerprint_in(&mut tx).await?;
            let status = tokio::process::Command::new("pg_dump")
                .args([
                    "--format=custom",
                    "--no-owner",
                    "--snapshot",
                    &snapshot,
                    "--file",
                ])
                .arg(file)
                .arg(&data.database_url)
                .status()
                .await
                .context("running pg_dump (install postgresql-client)")?;
            tx.commit().await?;
            if !status.success() {
                bail!("pg_dump failed ({status})");
            }
            fp
        }
    };
    let rows: i64 = counts.iter().map(|(_, n)| n).sum();
    println!(
        "Backup written to {} ({rows} rows, content sha256 {hash}).",
        file.display()
    );
    Ok(())
}

pub async fn restore(data: DataConfig, file: &Path) -> anyhow::Result<()> {
    let mut magic = [0u8; 16];
    std::fs::File::open(file)
        .and_then(|mut f| f.read_exact(&mut magic))
        .with_context(|| format!("cannot read {}", file.display()))?;
    let db = if data.database_url.starts_with("sqlite:") {
        if &magic != b"SQLite format 3\0" {
            bail!(
                "{} is not a SQLite backup written by `caunoi backup`",
                file.display()
            );
        }
        let target = data.data_dir.join("caunoi.db");
        if data.data_dir.exists() && std::fs::read_dir(&data.data_dir)?.next().is_some() {
            bail!(
                "setting `data-dir`: {} is not empty; restore into an empty folder",
                data.data_dir.display()
            );
        }
        std::fs::create_dir_all(&data.data_dir)?;
        std::fs::copy(file, &target)?;
        Db::connect(&data.database_url).await?
    } else {
        if !magic.starts_with(b"PGDMP") {
            bail!(
                "{} is not a PostgreSQL backup (pg_dump custom format)",
                file.display()
            );
        }
        let db = Db::connect(&data.database_url).await?;
        let mut tx = db.read().await?;
        let used = caunoi_store::units::count(&mut tx).await.is_ok();
        drop(tx);
        if used {
            bail!("setting `database-url`: the database is not empty; restore into a new database");
        }
        let status = std::process::Command::new("pg_restore")
            .args(["--no-owner", "--exit-on-error", "--dbname"])
            .arg(&data.database_url)
            .arg(file)
            .status()
            .context("running pg_restore (install postgresql-client)")?;
        if !status.success() {
            bail!("pg_restore failed ({status})");
        }
        db
    };
    store_migrate::migrate(&db).await?;
    let (counts, hash) = backup::fingerprint(&db).await?;
    let rows: i64 = counts.iter().map(|(_, n)| n).sum();
    println!("Restored {rows} rows (content sha256 {hash}).");
    Ok(())
}

pub async fn import_articles(
    data: DataConfig,
    files: &[std::path::PathBuf],
    unit: Option<&str>,
) -> anyhow::Result<()> {
    use caunoi_app::articles::legacy::{self, Outcome};
    let app = open(&data).await?;
    let ctx = Ctx::operator();
    // A bar only when there are many files and someone is watching.
    let bar = if files.len() > 3 && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let b = indicatif::ProgressBar::new(files.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let (mut created, mut unchanged, mut failed) = (0u64, 0u64, Vec::new());
    for f in files {
        let result = match std::fs::read(f) {
            Ok(bytes) => legacy::import(&app, &ctx, unit, &bytes)
                .await
                .map_err(|e| explain(e).to_string()),
            Err(e) => Err(format!("cannot read: {e}")),
        };
        match result {
            Ok(Outcome::Created(_)) => created += 1,
            Ok(Outcome::Unchanged(_)) => unchanged += 1,
            Err(e) => failed.push(format!("{}: {e}", f.display())),
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    for f in &failed {
        eprintln!("{f}");
    }
    println!(
        "Articles: {created} imported, {unchanged} already present, {} failed.",
        failed.len()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        bail!("{} file(s) could not be imported", failed.len())
    }
}

pub async fn reindex(data: DataConfig) -> anyhow::Result<()> {
    let mut app = open(&data).await?;
    let dir = data.data_dir.join("index");
    app.search = Some(std::sync::Arc::new(
        caunoi_app::search::Search::open(&dir).map_err(|e| {
            anyhow::anyhow!("{e} (is a server running on this data folder? stop it first)")
        })?,
    ));
    let bar = std::io::IsTerminal::is_terminal(&std::io::stderr()).then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let started = std::time::Instant::now();
    let n = caunoi_app::search::reindex(&app, Default::default(), |done, total| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    })
    .await
    .map_err(explain)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    println!(
        "Indexed {n} documents in {:.1} s into {}.",
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(())
}

/// Writes a session report (compilation or answers) as DOCX or XLSX; refuses to overwrite.
pub async fn report_petitions(
    data: DataConfig,
    session: i64,
    kind: &str,
    format: &str,
    out: &Path,
    letterhead: caunoi_domain::letterhead::LetterheadInput,
) -> anyhow::Result<()> {
    use caunoi_app::petitions::report::{self, Format, ReportKind};
    let kind = ReportKind::parse(kind)
        .ok_or_else(|| anyhow::anyhow!("--kind: use `compilation` or `answers` (got `{kind}`)"))?;
    let format = Format::parse(format)
        .ok_or_else(|| anyhow::anyhow!("--format: use `docx` or `xlsx` (got `{format}`)"))?;
    if out.exists() {
        anyhow::bail!("{} already exists; choose another file", out.display());
    }
    let app = open(&data).await?;
    let (r, file) = report::document(&app, &Ctx::operator(), session, kind, format, letterhead)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => anyhow::anyhow!("--session: no session has id {session}"),
            // The header's fields are named as their options.
            other => explain_fields(other, "--"),
        })?;
    std::fs::write(out, &file.bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "{}: {} petitions of {} written to {}",
        r.session_title,
        r.lines,
        r.council_name,
        out.display()
    );
    Ok(())
}
