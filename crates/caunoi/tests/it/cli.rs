//! The command line: help with examples, settings errors in one line, accounts and tokens.

use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_caunoi"))
}

fn run(args: &[&str]) -> (bool, String, String) {
    let o = bin().args(args).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn help_lists_every_command_and_each_has_an_example() {
    let (ok, out, _) = run(&["--help"]);
    assert!(ok);
    for cmd in [
        "serve", "migrate", "import", "user", "token", "backup", "restore",
    ] {
        assert!(out.contains(cmd), "{cmd} missing from --help");
    }
    for sub in [
        &["serve", "--help"][..],
        &["migrate", "--help"],
        &["import", "units", "--help"],
        &["import", "delegates", "--help"],
        &["import", "petitions", "--help"],
        &["user", "add", "--help"],
        &["token", "create", "--help"],
        &["token", "list", "--help"],
        &["token", "revoke", "--help"],
        &["backup", "--help"],
        &["restore", "--help"],
    ] {
        let (ok, out, _) = run(sub);
        assert!(ok, "{sub:?}");
        assert!(out.contains("Example"), "{sub:?} has no example");
        assert!(
            out.contains("--data-dir") && out.contains("--database-url"),
            "{sub:?} lacks data flags"
        );
    }
}

#[test]
fn a_wrong_setting_stops_with_one_line_naming_it() {
    let (ok, _, err) = run(&["serve", "--addr", "localhost"]);
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("setting `addr` (from command line)"), "{err}");
    let o = bin()
        .args(["migrate"])
        .env("CAUNOI_DATABASE_URL", "mysql://x")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("setting `database-url` (from environment)"),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("caunoi_cfg_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("caunoi.toml");
    std::fs::write(&cfg, "adress = \"127.0.0.1:1\"\n").unwrap();
    let (ok, _, err) = run(&["migrate", "--config", cfg.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("adress"), "{err}");
    std::fs::write(&cfg, "log_format = \"xml\"\n").unwrap();
    let (ok, _, err) = run(&["migrate", "--config", cfg.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("setting `log-format` (from caunoi.toml)"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn user_add_and_token_create_from_the_command_line() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("caunoi_cli_{}_{nanos}", std::process::id()));
    let d = dir.to_str().unwrap();
    let (ok, out, err) = run(&[
        "import",
        "units",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/units/vn-admin-units.csv"
        ),
        "--data-dir",
        d,
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("14138 added"), "{out}");
    let (ok, out, _) = run(&[
        "import",
        "units",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/units/vn-admin-units.csv"
        ),
        "--data-dir",
        d,
    ]);
    assert!(
        ok && out.contains("0 added, 0 updated, 14138 unchanged"),
        "{out}"
    );
    let add = |email: &str, password: &[u8]| {
        let mut c = bin()
            .args([
                "user",
                "add",
                "--email",
                email,
                "--name",
                "Trần Thị Bình",
                "--role",
                "clerk",
                "--unit",
                "01",
                "--password-stdin",
                "--data-dir",
                d,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(c.stdin.as_mut().unwrap(), password).unwrap();
        c.wait_with_output().unwrap()
    };
    assert!(
        add("binh@test.caunoi.vn", b"mat-khau-du-dai\n")
            .status
            .success()
    );
    let dup = add("BINH@test.caunoi.vn", b"mat-khau-du-dai\n");
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("email:"));
    let short = add("ngan@test.caunoi.vn", b"ngan\n");
    assert!(String::from_utf8_lossy(&short.stderr).contains("password:"));
    let (ok, token, _) = run(&[
        "token",
        "create",
        "--email",
        "binh@test.caunoi.vn",
        "--data-dir",
        d,
    ]);
    assert!(ok);
    assert!(token.trim().starts_with("cn_"));
    let (ok, list, _) = run(&[
        "token",
        "list",
        "--email",
        "binh@test.caunoi.vn",
        "--data-dir",
        d,
    ]);
    assert!(ok && list.contains("active"), "{list}");
    let id = list.split('\t').next().unwrap().to_owned();
    let (ok, _, _) = run(&[
        "token",
        "revoke",
        "--email",
        "binh@test.caunoi.vn",
        "--id",
        &id,
        "--data-dir",
        d,
    ]);
    assert!(ok);
    let (_, list, _) = run(&[
        "token",
        "list",
        "--email",
        "binh@test.caunoi.vn",
        "--data-dir",
        d,
    ]);
    assert!(list.contains("revoked"), "{list}");
    let (ok, _, err) = run(&[
        "token",
        "create",
        "--email",
        "khong-co@test.caunoi.vn",
        "--data-dir",
        d,
    ]);
    assert!(!ok && err.contains("email"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_prints_its_real_url_answers_health_and_metrics_and_stops_on_sigterm() {
    use std::io::BufRead;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("caunoi_serve_{}_{nanos}", std::process::id()));
    let mut server = bin()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--log-format",
            "json",
            "--data-dir",
        ])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("Cầu Nối listening on ")
        .expect(&line)
        .to_owned();
    assert!(!url.ends_with(":0"), "{url}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let c = reqwest::Client::new();
        let health = c.get(format!("{url}/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200);
        let _ = c.get(format!("{url}/khong-co")).send().await.unwrap();
        let metrics = c
            .get(format!("{url}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            metrics.contains(
                "caunoi_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
            ),
            "{metrics}"
        );
        assert!(
            metrics.contains("route=\"unmatched\",status=\"404\""),
            "{metrics}"
        );
        assert!(metrics.contains(
            "caunoi_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"
        ));
        assert!(metrics.contains("caunoi_database_up 1"));
        assert!(metrics.contains("caunoi_jobs{status=\"queued\"}"));
    });
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = server.wait().unwrap();
    assert!(
        status.success(),
        "graceful shutdown exits cleanly: {status}"
    );
    // Logs are JSON lines carrying the request id.
    let mut logs = String::new();
    std::io::Read::read_to_string(server.stderr.as_mut().unwrap(), &mut logs).unwrap();
    let request_line = logs
        .lines()
        .find(|l| l.contains("/healthz"))
        .unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(request_line).unwrap_or_default();
    assert!(
        v["span"]["request_id"]
            .as_str()
            .is_some_and(|id| id.len() == 16),
        "{logs}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

caunoi_testkit::both_engines!(
    import_delegates_from_the_command_line,
    caunoi_testkit::Data::Demo,
    |t: caunoi_testkit::TestApp| async move {
        let dir = t.dir.clone().unwrap();
        let file = dir.join("dai-bieu.csv");
        std::fs::write(
            &file,
            "STT,Họ và tên,Năm sinh,Giới tính,Đơn vị bầu cử,Chức danh\n\
             1,Lý Văn Thắng,1972,Nam,2,\n\
             2,Hà Thị Xuân,1981,Nữ,3,\n",
        )
        .unwrap();
        let args = |extra: &[&str]| {
            let mut v = vec![
                "import".to_owned(),
                "delegates".to_owned(),
                file.display().to_string(),
                "--unit".to_owned(),
                "01".to_owned(),
                "--database-url".to_owned(),
                t.database_url.clone(),
                "--data-dir".to_owned(),
                dir.display().to_string(),
            ];
            v.extend(extra.iter().map(|s| s.to_string()));
            v
        };
        let call = |a: Vec<String>| async move {
            tokio::task::spawn_blocking(move || {
                let o = bin().args(&a).output().unwrap();
                (
                    o.status.success(),
                    String::from_utf8_lossy(&o.stdout).into_owned(),
                    String::from_utf8_lossy(&o.stderr).into_owned(),
                )
            })
            .await
            .unwrap()
        };
        let (ok, out, err) = call(args(&["--dry-run"])).await;
        assert!(ok, "{err}");
        assert!(
            out.contains("Dry run") && out.contains("2 seats added"),
            "{out}"
        );
        let (ok, out, err) = call(args(&[])).await;
        assert!(ok, "{err}");
        assert!(
            out.contains("2 people added") && out.contains("2 seats added"),
            "{out}"
        );
        let (ok, out, _) = call(args(&[])).await;
        assert!(ok && out.contains("0 seats added, 2 unchanged"), "{out}");
        let (_, html) = {
            let r = t.client().get(t.at("/dai-bieu")).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        };
        assert!(html.contains("Lý Văn Thắng"));

        std::fs::write(&file, "Họ và tên,Năm sinh\nA,1972\n,1980\n").unwrap();
        let (ok, _, err) = call(args(&[])).await;
        assert!(!ok);
        assert!(
            err.contains("nothing imported") && err.contains("Dòng 3"),
            "{err}"
        );
    }
);

caunoi_testkit::both_engines!(
    import_petitions_from_the_command_line,
    caunoi_testkit::Data::Demo,
    |t: caunoi_testkit::TestApp| async move {
        let dir = t.dir.clone().unwrap();
        let file = dir.join("tong-hop.csv");
        let run = |extra: &'static [&'static str]| {
            let (file, url, d) = (file.clone(), t.database_url.clone(), dir.clone());
            async move {
                tokio::task::spawn_blocking(move || {
                    let mut a = vec![
                        "import".to_owned(),
                        "petitions".into(),
                        file.display().to_string(),
                        "--database-url".into(),
                        url,
                        "--data-dir".into(),
                        d.display().to_string(),
                    ];
                    a.extend(extra.iter().map(|s| s.to_string()));
                    let o = bin().args(&a).output().unwrap();
                    (
                        o.status.success(),
                        String::from_utf8_lossy(&o.stdout).into_owned(),
                        String::from_utf8_lossy(&o.stderr).into_owned(),
                    )
                })
                .await
                .unwrap()
            }
        };
        std::fs::write(
            &file,
            "STT;Nội dung kiến nghị;Lĩnh vực;Xã, phường;Số cử tri\n\
             1;Đề nghị sửa chữa cầu dân sinh qua kênh tiêu;Giao thông;phuc xa;14\n\
             2;Đề nghị bổ sung giáo viên cho trường tiểu học;Giáo dục;Phường Ba Đình;6\n\
             3;Ngắn;Thiên văn;Nơi không có;nhiều\n",
        )
        .unwrap();
        let (ok, _, err) = run(&[]).await;
        assert!(!ok);
        assert!(
            err.contains("nothing imported") && err.contains("Dòng 4"),
            "{err}"
        );
        assert!(
            err.contains("Thiên văn") && err.contains("nhiều"),
            "every reason named: {err}"
        );
        let (ok, out, err) = run(&["--dry-run", "--skip-bad"]).await;
        assert!(ok, "{err}");
        assert!(
            out.contains("Dry run") && out.contains("2 petitions imported"),
            "{out}"
        );
        let (ok, out, err) = run(&["--skip-bad"]).await;
        assert!(ok, "{err}");
        assert!(
            out.contains("3 rows: 2 petitions imported, 1 bad rows skipped")
                && out.contains("line 4"),
            "{out}"
        );
        let list = caunoi_app::petitions::list(&t.app, &Default::default(), 1, 100)
            .await
            .unwrap();
        let cau = list
            .items
            .items
            .iter()
            .find(|l| l.petition.title.contains("cầu dân sinh"))
            .unwrap();
        assert_eq!(cau.petition.voters, 14);
        assert_eq!(cau.petition.unit_name.as_deref(), Some("Phường Hồng Hà"));
        assert_eq!(cau.petition.field_name.as_deref(), Some("Giao thông"));
    }
);
