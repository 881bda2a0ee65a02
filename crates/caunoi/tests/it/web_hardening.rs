//! Hardening of the web layer through the front door: the anonymous page cache (keyed on what
//! the page reads, bounded by bytes), `/metrics` (bounded labels, restricted readers), response
//! headers (HSTS, private documents), expiring API tokens and script data blocks.

use caunoi_domain::Role;
use caunoi_testkit::http::{get, post_multipart};
use caunoi_testkit::{Data, PASSWORD, TestApp, both_engines, texts};
use reqwest::Client;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use std::process::Command;

/// The language a page was rendered in, read from `<html lang>`.
fn lang_of(html: &str) -> &str {
    html.split("<html lang=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("?")
}

/// A gauge or counter from `/metrics` by its full series name.
async fn metric(t: &TestApp, series: &str) -> f64 {
    let (status, text) = get(&t.client(), t.at("/metrics")).await;
    assert_eq!(status, 200, "{text}");
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{series} missing from /metrics:\n{text}"))
}

async fn send(c: &Client, url: String, cookies: &[&str]) -> (u16, Option<String>, String) {
    let mut r = c.get(url);
    for h in cookies {
        // Each value is its own `Cookie` header line.
        r = r.header("cookie", *h);
    }
    let r = r.send().await.unwrap();
    let hit = r
        .headers()
        .get("x-cache")
        .map(|v| v.to_str().unwrap().to_owned());
    (r.status().as_u16(), hit, r.text().await.unwrap())
}

// ---------------------------------------------------------------------------------------------
// Page cache: the key is what the renderer reads

both_engines!(
    a_language_in_any_cookie_header_is_cached_under_that_language,
    Data::Demo,
    |t: TestApp| async move {
        let plain = Client::new();
        // Every way of saying "English" that the renderer honours, each on a fresh path so the
        // poisoned copy would be the first one stored.
        let variants: [(&str, &[&str]); 4] = [
            ("/dai-bieu", &["x=1", "lang=en"]),
            ("/tin-tuc", &["lang=vi", "lang=en"]),
            ("/nghi-quyet", &["x=1; lang=vi", "y=2; lang=en"]),
            ("/lich", &["lang=e%6E"]),
        ];
        for (path, cookies) in variants {
            let (status, _, first) = send(&plain, t.at(path), cookies).await;
            assert_eq!(status, 200, "{path}");
            let shown = lang_of(&first).to_owned();
            // The same request again (from the cache or not) is in the same language.
            let (_, _, again) = send(&plain, t.at(path), cookies).await;
            assert_eq!(lang_of(&again), shown, "{path} {cookies:?}");
            // A visitor without cookies gets Vietnamese, one asking for English gets English.
            for _ in 0..2 {
                let (_, _, vi) = send(&plain, t.at(path), &[]).await;
                assert_eq!(lang_of(&vi), "vi", "{path} after {cookies:?}");
                let (_, _, en) = send(&plain, t.at(path), &["lang=en"]).await;
                assert_eq!(lang_of(&en), "en", "{path} after {cookies:?}");
            }
        }
        // And the other way round: a Vietnamese page first, then a second header asking for
        // English is not served the Vietnamese copy.
        let (_, _, vi) = send(&plain, t.at("/ky-hop"), &[]).await;
        assert_eq!(lang_of(&vi), "vi");
        let (_, hit, vi2) = send(&plain, t.at("/ky-hop"), &[]).await;
        assert_eq!((hit.as_deref(), lang_of(&vi2)), (Some("hit"), "vi"));
        let (_, _, en) = send(&plain, t.at("/ky-hop"), &["a=1", "lang=en"]).await;
        assert_eq!(lang_of(&en), "en");
    }
);

both_engines!(
    a_session_in_any_cookie_header_is_never_shared,
    Data::Demo,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let signed = t.client();
        let r = t.sign_in(&signed, &email, PASSWORD).await;
        let session = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
            .find(|c| c.starts_with("caunoi_session="))
            .unwrap();
        let plain = Client::new();
        // The frame names the signed-in account.
        let name = email.as_str();
        let second_header = ["x=1".to_owned(), session.clone()];
        let same_header = [format!("x=1; {session}")];
        let duplicated = ["caunoi_session=nothing".to_owned(), session.clone()];
        for (path, cookies) in [
            ("/", &second_header[..]),
            ("/tin-tuc", &same_header[..]),
            ("/dai-bieu", &duplicated[..]),
        ] {
            let cookies: Vec<&str> = cookies.iter().map(String::as_str).collect();
            let (status, hit, html) = send(&plain, t.at(path), &cookies).await;
            assert_eq!(status, 200);
            assert!(html.contains(name), "{path}: the signed-in frame");
            assert_eq!(
                hit, None,
                "{path}: a signed-in page never comes from the cache"
            );
            for _ in 0..2 {
                let (_, _, anon) = send(&plain, t.at(path), &[]).await;
                assert!(
                    !anon.contains(name),
                    "{path}: anonymous got the signed-in page"
                );
            }
        }
    }
);

both_engines!(
    unknown_query_parameters_never_add_cache_entries,
    Data::Demo,
    |t: TestApp| async move {
        let c = Client::new();
        for path in ["/feeds/atom.xml", "/tin-tuc", "/sitemap.xml"] {
            let (status, _, _) = send(&c, t.at(path), &[]).await;
            assert_eq!(status, 200, "{path}");
        }
        let entries = metric(&t, "caunoi_page_cache_entries").await;
        assert!(entries >= 3.0, "{entries}");
        for i in 0..40 {
            for url in [
                format!("/feeds/atom.xml?x={i}"),
                format!("/tin-tuc?utm_source={i}"),
                format!("/tin-tuc?page=1&fbclid={i}"),
                format!("/sitemap.xml?page={i}"),
                format!("/feeds/atom.xml?lang=en&y={i}"),
            ] {
                let (status, hit, _) = send(&c, t.at(&url), &[]).await;
                assert_eq!(status, 200, "{url}");
                assert_eq!(hit, None, "{url} is answered without the cache");
            }
        }
        assert_eq!(metric(&t, "caunoi_page_cache_entries").await, entries);
        // The parameters a page reads are cached (a second request is a hit)…
        let (_, _, _) = send(&c, t.at("/tin-tuc?page=1"), &[]).await;
        let (_, hit, _) = send(&c, t.at("/tin-tuc?page=1"), &[]).await;
        assert_eq!(hit.as_deref(), Some("hit"));
        // …and `lang` is part of the language, not of the query: `?lang=en` shares the copy of
        // the English page.
        let (_, _, en) = send(&c, t.at("/tin-tuc?lang=en"), &[]).await;
        assert_eq!(lang_of(&en), "en");
        let (_, hit, en2) = send(&c, t.at("/tin-tuc"), &["lang=en"]).await;
        assert_eq!((hit.as_deref(), lang_of(&en2)), (Some("hit"), "en"));
    }
);

/// Fills a small cache with many distinct pages: it never holds more than its budget, keeps
/// the most recent pages, and drops the oldest.
async fn cache_stays_within_its_byte_budget(t: TestApp) {
    const BUDGET: f64 = 256.0 * 1024.0;
    assert_eq!(metric(&t, "caunoi_page_cache_budget_bytes").await, BUDGET);
    let c = Client::new();
    let mut stored = 0;
    for n in 1..=60 {
        // Each page size is its own page (and its own entry), the larger the later.
        let url = t.at(&format!("/tin-tuc?per_page={}", n % 30 + 1));
        let (status, _, html) = send(&c, url.clone(), &[]).await;
        assert_eq!(status, 200);
        stored += html.len();
        for lang in [&[][..], &["lang=en"][..]] {
            let url = t.at(&format!("/kien-nghi?q=nuoc{n}"));
            let (status, _, html) = send(&c, url, lang).await;
            assert_eq!(status, 200);
            stored += html.len();
        }
        let bytes = metric(&t, "caunoi_page_cache_bytes").await;
        assert!(bytes <= BUDGET, "{bytes} bytes held, budget {BUDGET}");
    }
    assert!(stored as f64 > BUDGET, "the test must overfill the cache");
    assert!(metric(&t, "caunoi_page_cache_bytes").await > BUDGET / 2.0);
    // The last page stored is still there; the first ones were dropped for it.
    let (_, hit, _) = send(&c, t.at("/kien-nghi?q=nuoc60"), &["lang=en"]).await;
    assert_eq!(hit.as_deref(), Some("hit"));
    let (_, hit, _) = send(&c, t.at("/kien-nghi?q=nuoc1"), &[]).await;
    assert_eq!(hit, None, "the least recently used page was dropped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_cache_byte_budget_sqlite() {
    let t = TestApp::sqlite_with(Data::Demo, |w| w.page_cache_bytes = 256 * 1024).await;
    cache_stays_within_its_byte_budget(t).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_cache_byte_budget_postgres() {
    match TestApp::postgres_with(Data::Demo, |w| w.page_cache_bytes = 256 * 1024).await {
        Some(t) => cache_stays_within_its_byte_budget(t).await,
        None => eprintln!("skipped: CAUNOI_TEST_PG_URL is not set"),
    }
}

// ---------------------------------------------------------------------------------------------
// /metrics

both_engines!(
    metrics_labels_stay_bounded_whatever_clients_send,
    Data::Units,
    |t: TestApp| async move {
        let c = t.client();
        for i in 0..5 {
            let m = reqwest::Method::from_bytes(format!("FOO{i}").as_bytes()).unwrap();
            let _ = c.request(m, t.at("/")).send().await.unwrap();
            let m = reqwest::Method::from_bytes(format!("bar{i}").as_bytes()).unwrap();
            let _ = c
                .request(m, t.at(&format!("/khong-co-{i}")))
                .send()
                .await
                .unwrap();
            let _ = c.get(t.at(&format!("/khong-co-{i}"))).send().await.unwrap();
        }
        let (_, text) = get(&c, t.at("/metrics")).await;
        assert!(!text.contains("FOO") && !text.contains("bar"), "{text}");
        assert!(!text.contains("khong-co"), "{text}");
        assert!(
            text.contains("method=\"GET\",route=\"unmatched\",status=\"404\""),
            "{text}"
        );
        let series = text
            .lines()
            .filter(|l| l.starts_with("caunoi_http_requests_total{") && l.contains("other"))
            .count();
        assert_eq!(
            series, 2,
            "one series per route and status, not per method:\n{text}"
        );
    }
);

both_engines!(
    metrics_are_for_loopback_unless_allowed,
    Data::Units,
    |t: TestApp| async move {
        let c = t.client();
        assert_eq!(get(&c, t.at("/metrics")).await.0, 200);
        // Through a proxy that is not trusted, "local" proves nothing.
        for h in ["x-forwarded-for", "forwarded", "x-real-ip"] {
            let r = c
                .get(t.at("/metrics"))
                .header(h, "203.0.113.9")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403, "{h}");
            let body = r.text().await.unwrap();
            assert!(body.contains("metrics_allow"), "{body}");
        }
    }
);

async fn metrics_allow_and_token(t: TestApp) {
    let c = t.client();
    let r = c.get(t.at("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 403, "loopback is not in the allowed block");
    for bad in ["wrong-token-0123456789", ""] {
        let r = c
            .get(t.at("/metrics"))
            .bearer_auth(bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "token {bad:?}");
    }
    let r = c
        .get(t.at("/metrics"))
        .bearer_auth("metrics-secret-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("caunoi_http_requests_total")
    );
    // Other pages are not affected.
    assert_eq!(get(&c, t.at("/healthz")).await.0, 200);
}

fn allow_elsewhere(w: &mut caunoi_web::WebConfig) {
    w.metrics_allow = Some(caunoi_web::client_addr::TrustedProxies::parse("10.0.0.0/8").unwrap());
    w.metrics_token = Some("metrics-secret-0123456789".into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_allow_and_token_sqlite() {
    metrics_allow_and_token(TestApp::sqlite_with(Data::Units, allow_elsewhere).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_allow_and_token_postgres() {
    match TestApp::postgres_with(Data::Units, allow_elsewhere).await {
        Some(t) => metrics_allow_and_token(t).await,
        None => eprintln!("skipped: CAUNOI_TEST_PG_URL is not set"),
    }
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_caunoi"))
}

#[test]
fn wrong_metrics_settings_stop_with_one_line_naming_them() {
    let o = bin()
        .args([
            "serve",
            "--metrics-allow",
            "10.0.0.0/99",
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("setting `metrics-allow` (from command line)"),
        "{err}"
    );
    let o = bin()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("CAUNOI_METRICS_TOKEN", "short")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("setting `metrics-token` (from environment)"),
        "{err}"
    );
    assert!(!err.contains("short"), "the secret is not echoed: {err}");
}

// ---------------------------------------------------------------------------------------------
// Headers

both_engines!(
    hsts_only_when_the_public_address_is_https,
    Data::Units,
    |t: TestApp| async move {
        let r = t.client().get(t.at("/")).send().await.unwrap();
        assert!(!r.headers().contains_key("strict-transport-security"));
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_is_sent_behind_https() {
    let t = TestApp::sqlite_with(Data::Units, |w| {
        w.base_url = "https://hdnd.example.vn".into();
        w.secure_cookies = true;
    })
    .await;
    for path in ["/", "/healthz", "/khong-co", "/api/v1/units?page=1"] {
        let r = t.client().get(t.at(path)).send().await.unwrap();
        assert_eq!(
            r.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

/// The smallest Word file the extractor reads.
fn docx(text: &str) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for (name, body) in [
        ("[Content_Types].xml", types.to_owned()),
        ("_rels/.rels", rels.to_owned()),
        ("word/document.xml", document),
    ] {
        z.start_file(name, SimpleFileOptions::default()).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

both_engines!(
    documents_are_public_in_caches_only_when_everything_above_them_is,
    Data::Demo,
    |t: TestApp| async move {
        let (c, _) = t.signed_in_as(Role::Clerk, "01").await;
        let mut fields = vec![
            ("council", "01"),
            ("kind", "question_time"),
            ("session_kind", ""),
            ("title", "Phiên chất vấn về quản lý trật tự xây dựng"),
            ("summary", "Chất vấn Giám đốc Sở Xây dựng."),
            ("start_date", "15/12/2026"),
            ("start_time", "08:30"),
            ("end_date", ""),
            ("end_time", ""),
            ("place", "Hội trường Trụ sở HĐND Thành phố"),
            ("unit", ""),
            ("session_id", ""),
            ("session_timing", ""),
            ("organisers", ""),
            ("stream_url", ""),
            ("minutes_md", ""),
            ("report_md", ""),
            ("received_total", ""),
            ("state", "draft"),
            ("agenda", "Khai mạc\nChất vấn\nBế mạc"),
        ];
        let r = c
            .post(t.at("/quan-tri/hoat-dong/moi"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let id: i64 = r.headers()["location"]
            .to_str()
            .unwrap()
            .trim_start_matches("/quan-tri/hoat-dong/")
            .split(['?', '#'])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let f = Form::new().text("title", "Báo cáo giải trình").part(
            "file",
            Part::bytes(docx("Nội dung báo cáo.")).file_name("bao-cao.docx"),
        );
        let (status, _, _) =
            post_multipart(&c, t.at(&format!("/quan-tri/hoat-dong/{id}/tai-lieu")), f).await;
        assert_eq!(status, 303);
        let p = caunoi_app::events::page(&t.app, &caunoi_app::Ctx::operator(), id)
            .await
            .unwrap();
        let doc = p.documents[0].id;
        let url = t.at(&format!("/tai-lieu/{doc}/bao-cao.docx"));
        let cache_control = |c: Client, url: String| async move {
            let r = c.get(url).send().await.unwrap();
            let status = r.status().as_u16();
            let cc = r
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap().to_owned());
            (status, cc)
        };
        // A draft document of a draft event: staff only, never kept.
        assert_eq!(
            cache_control(c.clone(), url.clone()).await,
            (200, Some("private, no-store".into()))
        );
        // Released, but the event is still a draft: still private.
        let (status, _, _) = caunoi_testkit::http::post(
            &c,
            t.at(&format!("/quan-tri/tai-lieu/{doc}/cong-bo")),
            &[("next", "/quan-tri")],
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(
            cache_control(c.clone(), url.clone()).await,
            (200, Some("private, no-store".into()))
        );
        assert_eq!(cache_control(t.client(), url.clone()).await.0, 404);
        // The event published too: public for everyone, and shareable.
        for f in fields.iter_mut() {
            if f.0 == "state" {
                f.1 = "published";
            }
        }
        let r = c
            .post(t.at(&format!("/quan-tri/hoat-dong/{id}")))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        assert_eq!(
            cache_control(t.client(), url.clone()).await,
            (200, Some("public, max-age=3600".into()))
        );
        assert_eq!(
            cache_control(c.clone(), url).await,
            (200, Some("public, max-age=3600".into()))
        );
    }
);

// ---------------------------------------------------------------------------------------------
// API tokens: an end date, and when each was last used

fn token_in(html: &str) -> String {
    html.split("<code class=\"token\">")
        .nth(1)
        .expect("a new token on the page")
        .split('<')
        .next()
        .unwrap()
        .to_owned()
}

async fn set_token_times(t: &TestApp, label: &str, column: &str, at: time::OffsetDateTime) {
    let mut tx = t.app.db.write().await.unwrap();
    let sql = format!("UPDATE api_token SET {column} = $1 WHERE label = $2");
    caunoi_store::exec!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(sql)).bind(at).bind(label))
        .unwrap();
    tx.commit().await.unwrap();
}

async fn stored_tokens(t: &TestApp, email: &str) -> Vec<caunoi_store::users::TokenRow> {
    caunoi_app::accounts::tokens_of(&t.app, &caunoi_app::Ctx::operator(), email)
        .await
        .unwrap()
}

both_engines!(
    tokens_expire_and_say_so,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let c = t.client();
        t.sign_in(&c, &email, PASSWORD).await;
        // Bad numbers are refused, naming the field; no token is made.
        for bad in ["0", "abc", "3651", "-1", "1.5"] {
            let r = c
                .post(t.at("/quan-tri/tai-khoan/ma-api"))
                .form(&[("label", "hỏng"), ("expires_in_days", bad)])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422, "{bad}");
            let html = r.text().await.unwrap();
            assert!(html.contains("Số ngày hiệu lực"), "{bad}: {html}");
        }
        assert!(stored_tokens(&t, &email).await.is_empty());

        let r = c
            .post(t.at("/quan-tri/tai-khoan/ma-api"))
            .form(&[("label", "hết hạn"), ("expires_in_days", "30")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let token = token_in(&r.text().await.unwrap());
        let r = c
            .post(t.at("/quan-tri/tai-khoan/ma-api"))
            .form(&[("label", "mãi mãi"), ("expires_in_days", "")])
            .send()
            .await
            .unwrap();
        let forever = token_in(&r.text().await.unwrap());
        let rows = stored_tokens(&t, &email).await;
        let end = rows[0].expires_at.expect("an end date");
        let days = (end - rows[0].created_at).whole_days();
        assert_eq!(days, 30);
        assert_eq!(rows[1].expires_at, None);
        let (_, page) = get(&c, t.at("/quan-tri/tai-khoan")).await;
        let expiries = texts(&page, "td.token-expires");
        assert_eq!(expiries[0], caunoi_domain::vntime::format_datetime(end));
        assert_eq!(expiries[1], "Không hết hạn");

        let (status, _) = t.api_get("/api/v1/me", Some(&token)).await;
        assert_eq!(status, 200);
        // Past its end: refused on every API route, saying why.
        set_token_times(
            &t,
            "hết hạn",
            "expires_at",
            time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
        )
        .await;
        for path in ["/api/v1/me", "/api/v1/articles", "/api/v1/units?page=1"] {
            let r = t
                .client()
                .get(t.at(path))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 401, "{path}");
            assert_eq!(r.headers()["content-type"], "application/problem+json");
            let p: Value = r.json().await.unwrap();
            assert!(p["title"].as_str().unwrap().contains("hết hạn"), "{p}");
            assert_eq!(p["status"], 401);
        }
        assert_eq!(t.api_get("/api/v1/me", Some(&forever)).await.0, 200);
        let (_, page) = get(&c, t.at("/quan-tri/tai-khoan")).await;
        assert!(page.contains("Đã hết hạn"), "{page}");
    }
);

both_engines!(
    a_token_use_is_recorded_at_most_once_a_minute,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let token = caunoi_app::accounts::create_token(
            &t.app,
            &caunoi_app::Ctx::operator(),
            Some(&email),
            "đếm",
        )
        .await
        .unwrap()
        .0;
        assert_eq!(stored_tokens(&t, &email).await[0].last_used_at, None);
        assert_eq!(t.api_get("/api/v1/me", Some(&token)).await.0, 200);
        let first = stored_tokens(&t, &email).await[0]
            .last_used_at
            .expect("recorded");
        assert_eq!(t.api_get("/api/v1/me", Some(&token)).await.0, 200);
        assert_eq!(
            stored_tokens(&t, &email).await[0].last_used_at,
            Some(first),
            "a second use within the minute writes nothing"
        );
        // A minute later the next use is recorded, and shown on the account page.
        let earlier = first - time::Duration::seconds(61);
        set_token_times(&t, "đếm", "last_used_at", earlier).await;
        assert_eq!(t.api_get("/api/v1/me", Some(&token)).await.0, 200);
        let now = stored_tokens(&t, &email).await[0].last_used_at.unwrap();
        assert!(
            now > earlier + time::Duration::seconds(30),
            "{now} vs {earlier}"
        );
        let c = t.client();
        t.sign_in(&c, &email, PASSWORD).await;
        let (_, page) = get(&c, t.at("/quan-tri/tai-khoan")).await;
        assert_eq!(
            texts(&page, "td.token-used"),
            [caunoi_domain::vntime::format_datetime(now)]
        );
    }
);

both_engines!(
    token_cli_sets_an_end_date_and_lists_it_with_the_last_use,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let dir = t.dir.clone().unwrap_or_else(std::env::temp_dir).join("cli");
        let cli = |args: &[&str]| {
            let o = bin()
                .args(args)
                .args(["--database-url", &t.database_url, "--data-dir"])
                .arg(&dir)
                .output()
                .unwrap();
            (
                o.status.success(),
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        let (ok, _, err) = cli(&[
            "token",
            "create",
            "--email",
            &email,
            "--expires-in-days",
            "0",
        ]);
        assert!(!ok);
        assert!(err.contains("expires_in_days"), "{err}");
        let (ok, token, err) = cli(&[
            "token",
            "create",
            "--email",
            &email,
            "--expires-in-days",
            "7",
        ]);
        assert!(ok, "{err}");
        let token = token.trim().to_owned();
        let (_, list, _) = cli(&["token", "list", "--email", &email]);
        let line = list.lines().next().unwrap().to_owned();
        assert!(line.contains("\tactive\texpires "), "{line}");
        assert!(line.ends_with("never used"), "{line}");
        assert_eq!(t.api_get("/api/v1/me", Some(&token)).await.0, 200);
        let (_, list, _) = cli(&["token", "list", "--email", &email]);
        assert!(list.contains("last used "), "{list}");
        set_token_times(
            &t,
            "cli",
            "expires_at",
            time::OffsetDateTime::now_utc() - time::Duration::seconds(1),
        )
        .await;
        let (_, list, _) = cli(&["token", "list", "--email", &email]);
        assert!(list.contains("\texpired\t"), "{list}");
        assert_eq!(t.api_get("/api/v1/me", Some(&token)).await.0, 401);
    }
);

// ---------------------------------------------------------------------------------------------
// Script data blocks

both_engines!(
    markup_in_an_article_never_escapes_its_json_ld,
    Data::Demo,
    |t: TestApp| async move {
        let (contributor, _) = t.signed_in_as(Role::Contributor, "01").await;
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (publisher, _) = t.signed_in_as(Role::Publisher, "01").await;
        let title = "Tin <!--<script> thử </script> ]]> & hết";
        let lead = "Sa-pô <!--<script>alert(1)</script> ]]> & <b>đậm</b>";
        let credit = "Thu Hà <!--<script> </script>";
        let r = contributor
            .post(t.at("/quan-tri/tin-bai/moi"))
            .form(&[
                ("title", title),
                ("lead", lead),
                ("body", "Nội dung bài."),
                ("category", "giam-sat"),
                ("tags", ""),
                ("source", ""),
                ("credit", credit),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let id: i64 = r.headers()["location"]
            .to_str()
            .unwrap()
            .trim_start_matches("/quan-tri/tin-bai/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        for (c, action) in [
            (&contributor, "submit"),
            (&editor, "approve"),
            (&publisher, "publish"),
        ] {
            let r = c
                .post(t.at(&format!("/quan-tri/tin-bai/{id}/{action}")))
                .form(&[("comment", "")])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "{action}");
        }
        let list = caunoi_app::articles::public::list(&t.app, &Default::default(), 1, 10)
            .await
            .unwrap();
        let a = list.items.iter().find(|a| a.id == id).unwrap();
        let path = format!("/tin-tuc/{}/{}-{id}", a.category_slug, a.slug);
        let (status, html) = get(&t.client(), t.at(&path)).await;
        assert_eq!(status, 200);
        let block = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap();
        assert!(!block.contains(['<', '>']), "{block}");
        let ld: Value = serde_json::from_str(block).unwrap();
        assert_eq!(ld["headline"], title);
        assert_eq!(ld["description"], lead);
        assert_eq!(ld["author"]["name"], credit);
        // The page after the block is still there for an HTML parser (the title heading).
        assert_eq!(texts(&html, "h1.article-title"), [title]);
        assert!(html.contains("</footer>"));
    }
);
