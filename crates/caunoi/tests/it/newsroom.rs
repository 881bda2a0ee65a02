//! The newsroom through the front door: a contributor's draft travels the desk to the public
//! site, feeds, sitemap and API; nothing unpublished leaks; bad input is named; old links
//! redirect; imports are idempotent; images are checked and served.

use caunoi_domain::Role;
use caunoi_testkit::http::{get, get_json};
use caunoi_testkit::{Data, TestApp, both_engines, texts};
use reqwest::Client;
use serde_json::{Value, json};

/// Feed readers refuse XML that is not well formed; check every element closes and parses.
fn well_formed(xml: &str) {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}\n{xml}", r.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
}

fn form(c: &Client, url: String, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
    c.post(url).form(fields)
}

/// Creates a draft through the writing form and returns its id.
async fn write_draft(t: &TestApp, c: &Client, title: &str, body: &str) -> i64 {
    let r = form(
        c,
        t.at("/quan-tri/tin-bai/moi"),
        &[
            ("title", title),
            ("lead", "Sa-pô của bài thử."),
            ("body", body),
            ("category", "giam-sat"),
            ("tags", "môi trường, Giám sát"),
            ("source", "Ban Đô thị"),
            ("credit", "Thu Hà"),
        ],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    to.trim_start_matches("/quan-tri/tin-bai/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

both_engines!(
    a_draft_travels_the_desk_to_the_public_site,
    Data::Demo,
    |t: TestApp| async move {
        let (contributor, _) = t.signed_in_as(Role::Contributor, "01").await;
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (publisher, _) = t.signed_in_as(Role::Publisher, "01").await;
        let anon = t.client();
        let title = "Giám sát thu gom rác ở xã Thư Lâm";
        let id = write_draft(
            &t,
            &contributor,
            title,
            "Đoàn giám sát làm việc **cả ngày**.\n\n<script>alert('x')</script>",
        )
        .await;

        // Unpublished: nowhere public.
        let (_, api) = get_json(&anon, t.at(&format!("/api/v1/articles/{id}"))).await;
        assert_eq!(api["status"], 404);
        let (_, feed) = get(&anon, t.at("/feeds/atom.xml")).await;
        assert!(!feed.contains(title));
        let (_, sitemap) = get(&anon, t.at("/sitemap.xml")).await;
        assert!(!sitemap.contains(&format!("-{id}<")));
        let path = format!("/tin-tuc/giam-sat/giam-sat-thu-gom-rac-o-xa-thu-lam-{id}");
        assert_eq!(get(&anon, t.at(&path)).await.0, 404);

        // Submit; the editor asks for changes with a comment the contributor then sees.
        assert_eq!(
            form(
                &contributor,
                t.at(&format!("/quan-tri/tin-bai/{id}/submit")),
                &[]
            )
            .send()
            .await
            .unwrap()
            .status(),
            303
        );
        let r = form(
            &editor,
            t.at(&format!("/quan-tri/tin-bai/{id}/request-changes")),
            &[("comment", "")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 422, "a request for changes needs a comment");
        let r = form(
            &editor,
            t.at(&format!("/quan-tri/tin-bai/{id}/request-changes")),
            &[("comment", "Bổ sung số liệu khối lượng rác.")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        let (_, page) = get(&contributor, t.at(&format!("/quan-tri/tin-bai/{id}"))).await;
        assert!(page.contains("Bổ sung số liệu khối lượng rác."));
        assert!(page.contains("Cần sửa"));

        // The contributor edits (a new revision) and resubmits; the editor approves.
        let r = form(
            &contributor,
            t.at(&format!("/quan-tri/tin-bai/{id}")),
            &[
                ("title", title),
                ("lead", "Sa-pô của bài thử."),
                (
                    "body",
                    "Đoàn giám sát làm việc **cả ngày**.\n\nMỗi ngày xã phát sinh 12 tấn rác.",
                ),
                ("category", "giam-sat"),
                ("tags", "môi trường"),
                ("source", "Ban Đô thị"),
                ("credit", "Thu Hà"),
                ("revision", "1"),
            ],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        let (_, diff) = get(
            &contributor,
            t.at(&format!("/quan-tri/tin-bai/{id}/phien-ban?den=2")),
        )
        .await;
        assert!(
            diff.contains("<ins class=\"diff-line\">+ Mỗi ngày xã phát sinh 12 tấn rác.</ins>"),
            "{diff}"
        );
        assert_eq!(
            form(
                &contributor,
                t.at(&format!("/quan-tri/tin-bai/{id}/submit")),
                &[]
            )
            .send()
            .await
            .unwrap()
            .status(),
            303
        );
        // Roles are checked: a contributor cannot approve, an editor cannot publish.
        assert_eq!(
            form(
                &contributor,
                t.at(&format!("/quan-tri/tin-bai/{id}/approve")),
                &[]
            )
            .send()
            .await
            .unwrap()
            .status(),
            403
        );
        assert_eq!(
            form(
                &editor,
                t.at(&format!("/quan-tri/tin-bai/{id}/approve")),
                &[]
            )
            .send()
            .await
            .unwrap()
            .status(),
            303
        );
        assert_eq!(
            form(
                &editor,
                t.at(&format!("/quan-tri/tin-bai/{id}/publish")),
                &[]
            )
            .send()
            .await
            .unwrap()
            .status(),
            403
        );
        // After submission the author may no longer change the text.
        let r = form(
            &contributor,
            t.at(&format!("/quan-tri/tin-bai/{id}")),
            &[
                ("title", "Sửa lén"),
                ("body", "x"),
                ("category", "giam-sat"),
            ],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 422);
        assert_eq!(
            form(
                &publisher,
                t.at(&format!("/quan-tri/tin-bai/{id}/publish")),
                &[]
            )
            .send()
            .await
            .unwrap()
            .status(),
            303
        );

        // Now public: page, category list, tag page, feeds, sitemap, API.
        let (status, page) = get(&anon, t.at(&path)).await;
        assert_eq!(status, 200);
        assert_eq!(texts(&page, "h1.article-title"), [title]);
        assert!(page.contains("<strong>cả ngày</strong>"));
        assert!(!page.contains("alert('x')"), "sanitised");
        assert!(page.contains("Nguồn: Ban Đô thị"));
        assert!(page.contains("property=\"og:title\""));
        assert!(page.contains("\"@type\":\"NewsArticle\""));
        assert!(page.contains("href=\"/the/moi-truong\""));
        let time = texts(&page, ".meta time");
        assert!(time[0].contains(" | "), "Vietnamese time format: {time:?}");
        let (_, list) = get(&anon, t.at("/tin-tuc/giam-sat")).await;
        assert!(list.contains(title));
        let (_, tag) = get(&anon, t.at("/the/moi-truong")).await;
        assert!(tag.contains(title));
        let (_, atom) = get(&anon, t.at("/feeds/atom.xml")).await;
        assert!(atom.contains(&format!("<title>{title}</title>")));
        let (_, rss) = get(&anon, t.at("/feeds/giam-sat/rss.xml")).await;
        assert!(rss.contains("<rss version=\"2.0\"") && rss.contains(title));
        let (_, sitemap) = get(&anon, t.at("/sitemap.xml")).await;
        assert!(sitemap.contains(&path));
        for xml in [&atom, &rss, &sitemap] {
            well_formed(xml);
        }
        let (_, api) = get_json(&anon, t.at(&format!("/api/v1/articles/{id}"))).await;
        assert_eq!(api["title"], title);
        assert_eq!(api["category"], "giam-sat");
        assert!(api["url"].as_str().unwrap().ends_with(&path));
        assert!(!api["body_html"].as_str().unwrap().contains("<script"));
        let (_, home) = get(&anon, t.at("/")).await;
        assert!(
            home.contains(title),
            "the newest article leads the home page"
        );

        // Unpublishing needs a reason, and takes the article off every public list.
        let r = form(
            &publisher,
            t.at(&format!("/quan-tri/tin-bai/{id}/unpublish")),
            &[("reason", "")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 422);
        let r = form(
            &publisher,
            t.at(&format!("/quan-tri/tin-bai/{id}/unpublish")),
            &[("reason", "Sai số liệu")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(get(&anon, t.at(&path)).await.0, 404);
        let (_, atom) = get(&anon, t.at("/feeds/atom.xml")).await;
        assert!(!atom.contains(title));
    }
);

both_engines!(
    contributors_see_only_their_own_drafts,
    Data::Demo,
    |t: TestApp| async move {
        let (mine, _) = t.signed_in_as(Role::Contributor, "01").await;
        let (other, _) = t.signed_in_as(Role::Contributor, "01").await;
        let id = write_draft(&t, &mine, "Bài riêng của tôi", "Nội dung").await;
        assert_eq!(
            get(&other, t.at(&format!("/quan-tri/tin-bai/{id}")))
                .await
                .0,
            404
        );
        let (_, list) = get(&other, t.at("/quan-tri/tin-bai")).await;
        assert!(!list.contains("Bài riêng của tôi"));
        assert!(
            !list.contains("Cử tri xã Đông Anh"),
            "the demo contributor's draft is not theirs either"
        );
        let (_, list) = get(&mine, t.at("/quan-tri/tin-bai")).await;
        assert!(list.contains("Bài riêng của tôi"));
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (_, queue) = get(&editor, t.at("/quan-tri/tin-bai?trang-thai=submitted")).await;
        assert!(
            queue.contains("Cử tri xã Đông Anh"),
            "the review queue shows submitted articles"
        );
        assert!(
            !queue.contains("Bài riêng của tôi"),
            "drafts are not in the submitted queue"
        );
    }
);

both_engines!(
    a_new_title_keeps_old_links_working,
    Data::Demo,
    |t: TestApp| async move {
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (_, list) = t.json("/api/v1/articles?category=giam-sat").await;
        let old_url = list["items"][0]["url"].as_str().unwrap().to_owned();
        let id = list["items"][0]["id"].as_i64().unwrap();
        let token = t.token(Role::Editor).await;
        let r = t
            .client()
            .patch(t.at(&format!("/api/v1/articles/{id}")))
            .bearer_auth(&token)
            .json(&json!({"title": "Tiêu đề mới sau khi sửa"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        let old_path = old_url.trim_start_matches(&t.url).to_owned();
        let r = t.client().get(t.at(&old_path)).send().await.unwrap();
        assert_eq!(r.status(), 301);
        assert_eq!(
            r.headers()["location"],
            format!("/tin-tuc/giam-sat/tieu-de-moi-sau-khi-sua-{id}")
        );
        let _ = editor;
    }
);

both_engines!(
    conditional_get_on_articles_and_feeds,
    Data::Demo,
    |t: TestApp| async move {
        let c = t.client();
        let (_, list) = get_json(&c, t.at("/api/v1/articles")).await;
        let url = list["items"][0]["url"].as_str().unwrap().to_owned();
        for u in [
            url,
            t.at("/feeds/atom.xml"),
            t.at("/feeds/rss.xml"),
            t.at("/sitemap.xml"),
        ] {
            let r = c.get(&u).send().await.unwrap();
            assert_eq!(r.status(), 200, "{u}");
            let etag = r.headers()["etag"].to_str().unwrap().to_owned();
            let lm = r.headers()["last-modified"].to_str().unwrap().to_owned();
            assert!(lm.ends_with("GMT"));
            let r = c
                .get(&u)
                .header("if-none-match", &etag)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 304, "{u}");
            let r = c
                .get(&u)
                .header("if-modified-since", &lm)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 304, "{u}");
            let r = c
                .get(&u)
                .header("if-none-match", "\"khac\"")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{u}");
        }
    }
);

both_engines!(
    api_desk_actions_and_bad_input,
    Data::Demo,
    |t: TestApp| async move {
        let writer = t.token(Role::Contributor).await;
        let publisher = t.token(Role::Publisher).await;
        let c = t.client();
        let r = c
            .post(t.at("/api/v1/articles"))
            .bearer_auth(&writer)
            .json(&json!({"title": "", "body": "x", "category": "khong-co"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let p: Value = r.json().await.unwrap();
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"title") && fields.contains(&"category"),
            "{p}"
        );
        let r = c.post(t.at("/api/v1/articles")).bearer_auth(&writer).json(&json!({"title": "Tin qua API", "body": "Nội dung", "category": "ky-hop", "tags": ["kỳ họp"]})).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let d: Value = r.json().await.unwrap();
        assert_eq!(d["state"], "draft");
        let id = d["id"].as_i64().unwrap();
        let act = |token: &str, action: &str, body: Value| {
            c.post(t.at(&format!("/api/v1/articles/{id}/{action}")))
                .bearer_auth(token)
                .json(&body)
                .send()
        };
        assert_eq!(
            act(&writer, "publish", json!({})).await.unwrap().status(),
            422,
            "a draft cannot be published"
        );
        assert_eq!(
            act(&writer, "submit", json!({})).await.unwrap().status(),
            200
        );
        assert_eq!(
            act(&publisher, "approve", json!({}))
                .await
                .unwrap()
                .status(),
            200
        );
        let r = act(
            &publisher,
            "schedule",
            json!({"scheduled_at": "2020-01-01T00:00:00Z"}),
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 422, "scheduling in the past is refused");
        assert_eq!(
            act(&publisher, "nonsense", json!({}))
                .await
                .unwrap()
                .status(),
            404
        );
        let soon = (time::OffsetDateTime::now_utc() + time::Duration::seconds(1))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let r = act(&publisher, "schedule", json!({"scheduled_at": soon}))
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["state"], "scheduled");
        assert_eq!(
            t.client()
                .get(t.at(&format!("/api/v1/articles/{id}")))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        // The job runner publishes it when its time comes.
        while caunoi_app::jobs::run_one(&t.app, "test").await.unwrap() {}
        let (_, a) = t.json(&format!("/api/v1/articles/{id}")).await;
        assert_eq!(a["title"], "Tin qua API");
        assert_eq!(a["tags"], json!(["kỳ họp"]));
        // Filters of the public list, and a bad one named.
        let (_, l) = get_json(&c, t.at("/api/v1/articles?tag=ky-hop&category=ky-hop")).await;
        assert!(l["items"].as_array().unwrap().iter().any(|i| i["id"] == id));
        let today = time::OffsetDateTime::now_utc()
            .to_offset(caunoi_domain::vntime::VIETNAM)
            .date();
        let (_, l) = get_json(
            &c,
            t.at(&format!("/api/v1/articles?from={today}&to={today}")),
        )
        .await;
        assert!(l["total"].as_i64().unwrap() >= 1);
        let (_, l) = get_json(&c, t.at("/api/v1/articles?from=2000-01-01&to=2000-12-31")).await;
        assert_eq!(l["total"], 0);
        let r = c
            .get(t.at("/api/v1/articles?from=12/10/2017"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["errors"][0]["field"], "from");
    }
);

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

both_engines!(
    images_are_checked_stored_and_served,
    Data::Demo,
    |t: TestApp| async move {
        let (c, _) = t.signed_in_as(Role::Contributor, "01").await;
        let id = write_draft(&t, &c, "Bài có ảnh", "Nội dung").await;
        let upload = |bytes: Vec<u8>, name: &'static str| {
            let part = reqwest::multipart::Part::bytes(bytes).file_name(name);
            let f = reqwest::multipart::Form::new()
                .part("image", part)
                .text("caption", "Đoàn giám sát tại bãi rác");
            c.post(t.at(&format!("/quan-tri/tin-bai/{id}/anh")))
                .multipart(f)
                .send()
        };
        let r = upload(png(1500, 600), "anh.jpg").await.unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let (_, page) = get(&c, t.at(&format!("/quan-tri/tin-bai/{id}"))).await;
        let src = page
            .split("<figure class=\"upload\"><img src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let r = t.client().get(t.at(&src)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "image/png");
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let desktop = src.replace("/phone", "/desktop");
        let img = image::load_from_memory(
            &t.client()
                .get(t.at(&desktop))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap(),
        )
        .unwrap();
        assert_eq!(img.width(), 1280, "desktop variant is resized");
        let r = upload(
            b"<svg xmlns='http://www.w3.org/2000/svg'></svg>".to_vec(),
            "anh.png",
        )
        .await
        .unwrap();
        assert_eq!(r.status(), 422, "type is read from the bytes, not the name");
        assert!(r.text().await.unwrap().contains("JPEG, PNG"));
        let r = upload(vec![0u8; 12 * 1024 * 1024], "lon.png").await;
        if let Ok(r) = r {
            assert_eq!(r.status(), 413);
        }
        assert_eq!(
            t.client()
                .get(t.at("/media/../../etc/passwd"))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    }
);

both_engines!(
    desk_statistics_and_guidance,
    Data::Demo,
    |t: TestApp| async move {
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (_, stats) = get(&editor, t.at("/quan-tri/tin-bai/thong-ke")).await;
        assert!(stats.contains("Cộng tác viên (demo)"), "{stats}");
        let cells = texts(&stats, "tbody td");
        assert_eq!(
            &cells[..4],
            ["Cộng tác viên (demo)", "Thành phố Hà Nội", "6", "5"],
            "6 submitted, 5 published"
        );
        let r = form(
            &editor,
            t.at("/quan-tri/tin-bai/huong-dan"),
            &[("body", "Gửi ảnh kèm chú thích.")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        let (contributor, _) = t.signed_in_as(Role::Contributor, "01").await;
        // The workspace home leads each role to the desk work it may do.
        let (_, home) = get(&contributor, t.at("/quan-tri")).await;
        assert!(home.contains("href=\"/quan-tri/tin-bai/moi\""));
        assert!(!home.contains("href=\"/quan-tri/chuyen-trang\""));
        let (_, home) = get(&editor, t.at("/quan-tri")).await;
        assert!(home.contains("href=\"/quan-tri/tin-bai/thong-ke\""));
        assert!(home.contains("href=\"/quan-tri/chuyen-trang\""));
        let (_, list) = get(&contributor, t.at("/quan-tri/tin-bai")).await;
        assert!(list.contains("Gửi ảnh kèm chú thích."));
        assert_eq!(
            get(&contributor, t.at("/quan-tri/tin-bai/thong-ke"))
                .await
                .0,
            403
        );
    }
);

/// Reads the shared fixture (an article exported from the Hà Nội council's old portal); skips
/// with a notice when the fixture folder is absent.
#[test]
fn importing_the_old_portal_export_is_idempotent_and_links_related_drafts() {
    use std::process::{Command, Stdio};
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/article-hdnd-hanoi-2017-10-12.txt");
    if !fixture.exists() {
        eprintln!("skipped: shared fixture {} not found", fixture.display());
        return;
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("caunoi_import_{}_{nanos}", std::process::id()));
    let bin = env!("CARGO_BIN_EXE_caunoi");
    let run = |args: &[&str]| {
        let o = Command::new(bin)
            .args(args)
            .arg("--data-dir")
            .arg(&dir)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    // A council must exist to import into.
    let mut add = Command::new(bin)
        .args([
            "user",
            "add",
            "--email",
            "admin@test.caunoi.vn",
            "--name",
            "Quản trị",
            "--role",
            "admin",
            "--password-stdin",
            "--data-dir",
        ])
        .arg(&dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(add.stdin.as_mut().unwrap(), b"mat-khau-du-dai\n").unwrap();
    assert!(add.wait().unwrap().success());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = caunoi_store::Db::connect(&format!("sqlite:{}", dir.join("caunoi.db").display()))
            .await
            .unwrap();
        let app = caunoi_app::App::new(db);
        caunoi_app::councils::create_council(&app, &caunoi_app::Ctx::operator(), "01")
            .await
            .unwrap();
        app.db.close().await;
    });
    // A target for one of the fixture's related-draft lines, written for this test.
    let target = dir.join("target.txt");
    std::fs::write(&target, "08:00 | 10/10/2017\n\nHoạt động HĐND\n\nCần giám sát phân bổ tiền, hàng đúng người, đúng đối tượng\n\nĐoạn dẫn do bài kiểm thử viết.\n\nThân bài do bài kiểm thử viết.\n").unwrap();
    let (ok, out, err) = run(&["import", "article", fixture.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("1 imported"), "{out}");
    let (ok, out, _) = run(&[
        "import",
        "article",
        fixture.to_str().unwrap(),
        target.to_str().unwrap(),
    ]);
    assert!(ok);
    assert!(out.contains("1 imported, 1 already present"), "{out}");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "không có dòng thời gian\n").unwrap();
    let (ok, _, err) = run(&["import", "article", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("bad.txt") && err.contains("line"), "{err}");
    rt.block_on(async {
        let db = caunoi_store::Db::connect(&format!("sqlite:{}", dir.join("caunoi.db").display()))
            .await
            .unwrap();
        let app = caunoi_app::App::new(db);
        let list = caunoi_app::articles::public::list(&app, &Default::default(), 1, 10)
            .await
            .unwrap();
        assert_eq!(list.total, 2);
        let imported = list
            .items
            .iter()
            .find(|a| a.title.starts_with("Cầu nối giữa đại biểu"))
            .unwrap();
        assert_eq!(imported.category_slug, "cong-tac-thong-tin-tuyen-truyen");
        assert_eq!(
            caunoi_domain::vntime::format_datetime(imported.published_at.unwrap()),
            "09:56 | 12/10/2017"
        );
        let full = caunoi_app::articles::public::article(&app, imported.id)
            .await
            .unwrap();
        assert!(!full.article.body_md.contains("tin nhap"));
        assert_eq!(
            full.related.len(),
            1,
            "the stray draft line became a link once its target existed"
        );
        assert!(full.related[0].title.starts_with("Cần giám sát phân bổ"));
        app.db.close().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}

both_engines!(
    the_page_cache_never_serves_stale_news,
    Data::Demo,
    |t: TestApp| async move {
        let anon = t.client();
        let first = anon.get(t.at("/tin-tuc")).send().await.unwrap();
        assert!(first.headers().get("x-cache").is_none());
        let again = anon.get(t.at("/tin-tuc")).send().await.unwrap();
        assert_eq!(
            again.headers()["x-cache"],
            "hit",
            "the second anonymous view comes from memory"
        );
        let token = t.token(Role::Publisher).await;
        let c = t.client();
        let d: Value = c
            .post(t.at("/api/v1/articles"))
            .bearer_auth(&token)
            .json(&json!({"title": "Tin vừa đăng xong", "body": "Nội dung", "category": "ky-hop"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = d["id"].as_i64().unwrap();
        for action in ["submit", "approve", "publish"] {
            let r = c
                .post(t.at(&format!("/api/v1/articles/{id}/{action}")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{action}");
        }
        let (_, list) = get(&anon, t.at("/tin-tuc")).await;
        assert!(
            list.contains("Tin vừa đăng xong"),
            "visible on the very next request"
        );
        // Signed-in people never get a shared copy.
        let (signed, _) = t.signed_in_as(Role::Editor, "01").await;
        let r = signed.get(t.at("/tin-tuc")).send().await.unwrap();
        assert!(r.headers().get("x-cache").is_none());
        assert!(r.text().await.unwrap().contains("Đăng xuất"));
    }
);

both_engines!(
    special_sections_collect_articles_with_their_own_page_and_feed,
    Data::Demo,
    |t: TestApp| async move {
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let r = form(
            &editor,
            t.at("/quan-tri/chuyen-trang"),
            &[("name", ""), ("description", "")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 422);
        let r = form(
            &editor,
            t.at("/quan-tri/chuyen-trang"),
            &[
                ("name", "Chuyển đổi số"),
                ("description", "Cổng thông tin và dữ liệu mở."),
            ],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        let (_, list) = t.json("/api/v1/articles?category=giam-sat").await;
        let id = list["items"][0]["id"].as_i64().unwrap();
        let title = list["items"][0]["title"].as_str().unwrap().to_owned();
        let r = form(
            &editor,
            t.at(&format!("/quan-tri/tin-bai/{id}/chuyen-trang")),
            &[("section", "chuyen-doi-so")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 303);
        let (status, page) = t.page("/chuyen-trang/chuyen-doi-so").await;
        assert_eq!(status, 200);
        assert!(page.contains("Cổng thông tin và dữ liệu mở.") && page.contains(&title));
        let (_, feed) = t.page("/chuyen-trang/chuyen-doi-so/atom.xml").await;
        assert!(feed.contains(&title));
        well_formed(&feed);
        let (contributor, _) = t.signed_in_as(Role::Contributor, "01").await;
        assert_eq!(
            get(&contributor, t.at("/quan-tri/chuyen-trang")).await.0,
            403
        );
    }
);

both_engines!(
    api_reads_do_not_empty_the_page_cache,
    Data::Demo,
    |t: TestApp| async move {
        let token = t.token(Role::Editor).await;
        let c = t.client();
        let me = |c: &Client| c.get(t.at("/api/v1/me")).bearer_auth(&token).send();
        assert_eq!(
            me(&c).await.unwrap().status(),
            200,
            "first use records the token's use"
        );
        let _ = t.client().get(t.at("/tin-tuc")).send().await.unwrap();
        assert_eq!(me(&c).await.unwrap().status(), 200);
        let r = t.client().get(t.at("/tin-tuc")).send().await.unwrap();
        assert_eq!(
            r.headers()["x-cache"],
            "hit",
            "a read through the API is not a write"
        );
    }
);
