//! Backup while the server runs, restore into an empty folder: counts and content hash equal.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_caunoi"))
}

fn temp(name: &str) -> PathBuf {
    let r: u32 = rand_u32();
    std::env::temp_dir().join(format!("caunoi_{name}_{}_{r:08x}", std::process::id()))
}

fn rand_u32() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos()
}

fn fingerprint(line: &str) -> String {
    line.split("content sha256 ")
        .nth(1)
        .unwrap()
        .trim_end_matches([')', '.', '\n'])
        .to_owned()
}

fn rows(line: &str) -> String {
    line.split(" rows")
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_start_matches('(')
        .to_owned()
}

#[test]
fn sqlite_backup_while_serving_round_trips() {
    let data = temp("data");
    let restored = temp("restored");
    let file = temp("backup").with_extension("db");
    let mut server = bin()
        .args(["serve", "--demo", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the demo content and the listening line.
    let mut out = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0,
            "server exited"
        );
        if line.starts_with("Cầu Nối listening on") {
            break;
        }
    }
    let backup = bin()
        .arg("backup")
        .arg(&file)
        .arg("--data-dir")
        .arg(&data)
        .output()
        .unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let backup_line = String::from_utf8(backup.stdout).unwrap();
    let _ = server.kill();
    let _ = server.wait();

    let restore = bin()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(&restored)
        .output()
        .unwrap();
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    let restore_line = String::from_utf8(restore.stdout).unwrap();
    assert_eq!(fingerprint(&backup_line), fingerprint(&restore_line));
    assert_eq!(rows(&backup_line), rows(&restore_line));
    assert!(
        rows(&backup_line).parse::<u64>().unwrap() > 14_000,
        "{backup_line}"
    );

    // Restoring over existing data is refused and changes nothing.
    let again = bin()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(&restored)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    // A backup never overwrites a file.
    let over = bin()
        .arg("backup")
        .arg(&file)
        .arg("--data-dir")
        .arg(&restored)
        .output()
        .unwrap();
    assert!(!over.status.success());

    for p in [&data, &restored] {
        let _ = std::fs::remove_dir_all(p);
    }
    let _ = std::fs::remove_file(&file);
}

#[test]
fn postgres_backup_round_trips_with_pg_dump() {
    let Ok(base) = std::env::var("CAUNOI_TEST_PG_URL") else {
        eprintln!("skipped: CAUNOI_TEST_PG_URL is not set");
        return;
    };
    if Command::new("pg_dump").arg("--version").output().is_err() {
        eprintln!("skipped: pg_dump is not installed");
        return;
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let make_db = |name: &str| {
        let base = base.clone();
        let name = name.to_owned();
        rt.block_on(async move {
            let admin = sqlx::PgPool::connect(&base).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin)
                .await
                .unwrap();
            let (prefix, _) = base.rsplit_once('/').unwrap();
            format!("{prefix}/{name}")
        })
    };
    let n = rand_u32();
    let src = make_db(&format!("caunoi_t_bk_src_{n}"));
    let dst = make_db(&format!("caunoi_t_bk_dst_{n}"));
    let file = temp("pg").with_extension("dump");
    let mut add = bin()
        .args([
            "user",
            "add",
            "--email",
            "an@test.caunoi.vn",
            "--name",
            "Nguyễn Văn An",
            "--role",
            "editor",
            "--unit",
            "01",
            "--password-stdin",
            "--database-url",
            &src,
        ])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(add.stdin.as_mut().unwrap(), b"mat-khau-du-dai\n").unwrap();
    assert!(add.wait().unwrap().success());
    let backup = bin()
        .arg("backup")
        .arg(&file)
        .args(["--database-url", &src])
        .output()
        .unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let restore = bin()
        .arg("restore")
        .arg(&file)
        .args(["--database-url", &dst])
        .output()
        .unwrap();
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    let (b, r) = (
        String::from_utf8(backup.stdout).unwrap(),
        String::from_utf8(restore.stdout).unwrap(),
    );
    assert_eq!(fingerprint(&b), fingerprint(&r));
    assert_eq!(rows(&b), rows(&r));
    let _ = std::fs::remove_file(&file);
    rt.block_on(async {
        let admin = sqlx::PgPool::connect(&base).await.unwrap();
        for db in [&src, &dst] {
            let name = db.rsplit('/').next().unwrap();
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await;
        }
    });
}
