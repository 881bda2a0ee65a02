//! A petition acknowledged with a tracking code is never lost: the server is killed with
//! SIGKILL in the middle of a stream of submissions, restarted, and every acknowledged code is
//! there, in a database that passes its integrity check. (SQLite, the embedded default.)
//! Also the server-level setting that decides whose address the submission limits count.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_caunoi"))
}

/// Starts `caunoi serve` on a free port and returns it with its URL.
fn serve(data: &Path, demo: bool) -> (Child, String) {
    serve_with(data, demo, &[])
}

pub(crate) fn serve_with(data: &Path, demo: bool, extra: &[&str]) -> (Child, String) {
    let mut cmd = bin();
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .args(extra);
    if demo {
        cmd.arg("--demo");
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        if out.read_line(&mut line).unwrap_or(0) == 0 {
            break None;
        }
        if let Some(rest) = line.strip_prefix("Cầu Nối listening on ") {
            break rest.split_whitespace().next().map(str::to_owned);
        }
    };
    let Some(url) = url else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("server exited before listening");
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in out.lines() {});
    (child, url)
}

pub(crate) fn data_dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "caunoi_{name}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    ))
}

#[tokio::test]
async fn acknowledged_petitions_survive_sigkill() {
    let data = data_dir("kill");
    let (mut server, url) = serve(&data, true);
    // A trusted client (the office's intake desk) submits through the API with a token.
    let token = {
        let o = bin()
            .args([
                "token",
                "create",
                "--email",
                "admin@demo.caunoi.vn",
                "--label",
                "intake",
                "--data-dir",
            ])
            .arg(&data)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap().trim().to_owned()
    };
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (url, token, stop) = (url.clone(), token.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let c = reqwest::Client::new();
            let mut acknowledged = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let body = serde_json::json!({
                    "title": format!("Kiến nghị thử số {w}-{i} về chiếu sáng công cộng"),
                    "body": "Đèn chiếu sáng trong ngõ không hoạt động đã lâu, đề nghị sớm sửa chữa.",
                    "field": "xay-dung-do-thi",
                    "commune": "00004",
                    "name": "Người gửi thử",
                    "email": format!("nguoi{w}x{i}@example.vn"),
                    "consent": true
                });
                match c.post(format!("{url}/api/v1/petitions")).bearer_auth(&token).json(&body).send().await {
                    Ok(r) if r.status().as_u16() == 201 => {
                        if let Ok(v) = r.json::<serde_json::Value>().await {
                            acknowledged.push(v["code"].as_str().unwrap_or_default().to_owned());
                        }
                    }
                    Ok(r) => panic!("submission refused: {} {}", r.status(), r.text().await.unwrap_or_default()),
                    // The server was killed: what was not acknowledged may be lost.
                    Err(_) => break,
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL
    let _ = server.wait();
    stop.store(true, Ordering::Relaxed);
    let mut acknowledged = Vec::new();
    for t in tasks {
        acknowledged.extend(t.await.unwrap());
    }
    assert!(
        acknowledged.len() >= 20,
        "only {} submissions acknowledged before the kill",
        acknowledged.len()
    );

    // Restart on the same data: the database recovers its WAL and every code is there.
    let (mut again, url2) = serve(&data, false);
    let health = reqwest::get(format!("{url2}/healthz")).await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let db = caunoi_store::Db::connect(&format!("sqlite:{}", data.join("caunoi.db").display()))
        .await
        .unwrap();
    let mut tx = db.read().await.unwrap();
    let stored: Vec<String> = caunoi_store::on!(&mut tx, c => sqlx::query_scalar("SELECT code FROM petition").fetch_all(c).await).unwrap();
    let integrity: String = caunoi_store::on!(&mut tx, c => sqlx::query_scalar("PRAGMA integrity_check").fetch_one(c).await).unwrap();
    drop(tx);
    let _ = again.kill();
    let _ = again.wait();
    eprintln!(
        "durability: {} acknowledged before SIGKILL, {} stored after restart, integrity {integrity}",
        acknowledged.len(),
        stored.len()
    );
    assert_eq!(integrity, "ok");
    let stored: std::collections::HashSet<String> = stored.into_iter().collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|c| !stored.contains(*c))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged petitions lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    let _ = std::fs::remove_dir_all(&data);
}

/// Anonymous submissions from `forwarded_for` (one per call, a fresh e-mail each), returning
/// the status codes in order.
async fn submit_as(url: &str, forwarded_for: &[&str]) -> Vec<u16> {
    let c = reqwest::Client::new();
    let mut statuses = Vec::new();
    for (i, from) in forwarded_for.iter().enumerate() {
        let body = serde_json::json!({
            "title": format!("Kiến nghị số {i} về đèn chiếu sáng ngõ 12"),
            "body": "Đèn chiếu sáng trong ngõ không hoạt động đã lâu, đề nghị sớm sửa chữa.",
            "field": "xay-dung-do-thi",
            "commune": "00004",
            "name": "Người gửi thử",
            "email": format!("proxy{i}-{}@example.vn", from.replace('.', "-")),
            "consent": true
        });
        let r = c
            .post(format!("{url}/api/v1/petitions"))
            .header("x-forwarded-for", *from)
            .json(&body)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn the_per_address_limit_counts_citizens_behind_a_trusted_proxy_only() {
    // Not trusted (the default): a forged X-Forwarded-For does not dodge the limit of 10 an hour.
    let data = data_dir("noproxy");
    let (mut server, url) = serve(&data, true);
    let forged: Vec<String> = (0..11).map(|i| format!("198.51.100.{i}")).collect();
    let forged: Vec<&str> = forged.iter().map(String::as_str).collect();
    let statuses = submit_as(&url, &forged).await;
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    assert_eq!(statuses[..10], [201; 10], "{statuses:?}");
    assert_eq!(statuses[10], 429, "{statuses:?}");

    // Behind a trusted proxy (here the loopback), each citizen has an allowance of their own,
    // and one citizen still meets the limit.
    let data = data_dir("proxy");
    let (mut server, url) = serve_with(&data, true, &["--trusted-proxy", "127.0.0.1, ::1"]);
    let many = submit_as(&url, &forged).await;
    let one = submit_as(&url, &["203.0.113.7"; 11]).await;
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    assert_eq!(many, [201; 11], "{many:?}");
    assert_eq!(one[..10], [201; 10], "{one:?}");
    assert_eq!(one[10], 429, "{one:?}");
}

#[test]
fn a_bad_trusted_proxy_is_named_with_its_source() {
    let o = bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--trusted-proxy", "nginx"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("setting `trusted-proxy` (from command line): 'nginx' is not an address"),
        "{err}"
    );
}
