//! Work that costs the server (hashing a password, reading an uploaded document or sheet) is
//! done only for a caller allowed to ask for it, and within a budget: a hostile file is
//! refused with a 422 that names the field, never a hang, an abort or a 500.

use caunoi_domain::Role;
use caunoi_testkit::http::post;
use caunoi_testkit::{Data, TestApp, both_engines};
use serde_json::{Value, json};

async fn user_count(t: &TestApp) -> i64 {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::users::count(&mut tx).await.unwrap()
}

/// A body for `POST /api/v1/users`; `good` false gives one every field of which is wrong, so
/// a caller who is told 422 rather than 401/403 was checked only after the input was read.
fn new_user(n: usize, role: &str, good: bool) -> Value {
    if good {
        json!({"email": format!("moi{n}@test.caunoi.vn"), "name": "Trần Thị Mới", "role": role,
               "unit": "01", "password": "mat-khau-du-dai"})
    } else {
        json!({"email": "khong-phai-email", "name": "", "role": "mayor", "unit": "abc",
               "password": "ngan"})
    }
}

both_engines!(
    creating_users_is_refused_before_any_work_for_those_who_may_not,
    Data::Units,
    |t: TestApp| async move {
        let before = user_count(&t).await;
        let mut n = 0;
        // Anonymous: 401 whatever the body, valid or not.
        for good in [true, false] {
            n += 1;
            let (status, p) = t
                .api_post("/api/v1/users", None, &new_user(n, "editor", good))
                .await;
            assert_eq!(status, 401, "anonymous, good body {good}: {p}");
        }
        // Every role that does not manage accounts: 403, also for a body that is all wrong.
        for role in Role::ALL {
            if matches!(role, Role::CouncilAdmin | Role::Admin) {
                continue;
            }
            let token = t.token(role).await;
            for good in [true, false] {
                n += 1;
                let (status, p) = t
                    .api_post("/api/v1/users", Some(&token), &new_user(n, "editor", good))
                    .await;
                assert_eq!(status, 403, "{role:?}, good body {good}: {p}");
            }
        }
        let made = user_count(&t).await;
        // The accounts the test itself made for the roles above, and nothing else.
        assert_eq!(made, before + Role::ALL.len() as i64 - 2);
        // A council admin may not make a system admin, however good the body.
        let council_admin = t.token(Role::CouncilAdmin).await;
        n += 1;
        let (status, p) = t
            .api_post(
                "/api/v1/users",
                Some(&council_admin),
                &new_user(n, "admin", true),
            )
            .await;
        assert_eq!(status, 403, "{p}");
        assert_eq!(user_count(&t).await, made + 1);
        // Those who may are served: they see what is wrong with their input, and create.
        let admin = t.token(Role::Admin).await;
        for token in [&council_admin, &admin] {
            let (status, p) = t
                .api_post("/api/v1/users", Some(token), &new_user(0, "editor", false))
                .await;
            assert_eq!(status, 422, "{p}");
            n += 1;
            let (status, p) = t
                .api_post("/api/v1/users", Some(token), &new_user(n, "editor", true))
                .await;
            assert_eq!(status, 201, "{p}");
        }
        assert_eq!(user_count(&t).await, made + 1 + 1 + 2);
    }
);

both_engines!(
    the_user_form_refuses_before_reading_the_input,
    Data::Units,
    |t: TestApp| async move {
        let bad = [
            ("name", ""),
            ("email", "khong-phai-email"),
            ("role", "mayor"),
            ("unit", "abc"),
            ("password", "ngan"),
        ];
        let good = [
            ("name", "Trần Thị Mới"),
            ("email", "moi-form@test.caunoi.vn"),
            ("role", "editor"),
            ("unit", "01"),
            ("password", "mat-khau-du-dai"),
        ];
        let before = user_count(&t).await;
        for fields in [&bad, &good] {
            let (status, to, _) = post(&t.client(), t.at("/quan-tri/nguoi-dung"), fields).await;
            assert_eq!(status, 303, "anonymous");
            assert!(to.starts_with("/dang-nhap"), "{to}");
        }
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        for fields in [&bad, &good] {
            let (status, _, _) = post(&editor, t.at("/quan-tri/nguoi-dung"), fields).await;
            assert_eq!(status, 403, "editor");
        }
        assert_eq!(
            user_count(&t).await,
            before + 1,
            "only the editor's own account"
        );
        let (admin, _) = t.signed_in_as(Role::CouncilAdmin, "01").await;
        let (status, _, _) = post(&admin, t.at("/quan-tri/nguoi-dung"), &bad).await;
        assert_eq!(status, 422);
        let (status, to, _) = post(&admin, t.at("/quan-tri/nguoi-dung"), &good).await;
        assert_eq!((status, to.as_str()), (303, "/quan-tri/nguoi-dung?added=1"));
        assert_eq!(user_count(&t).await, before + 3);
    }
);

// ---------------------------------------------------------------------------------------------
// Hostile documents and sheets, made here so that each is small to upload and costly to read.

use caunoi_testkit::files::raw_pdf;

/// A PDF whose `pages` pages each list content stream 4 (a line of text and `padding`
/// spaces) `refs` times: the page tree of the issue, which read the stream once per use.
fn pdf_repeating_one_stream(pages: usize, refs: usize, padding: usize) -> Vec<u8> {
    let mut content = b"BT /F1 12 Tf 72 800 Td (Lap) Tj ET".to_vec();
    content.resize(content.len() + padding, b' ');
    let first_page = 6;
    let kids: String = (0..pages)
        .map(|i| format!("{} 0 R ", first_page + i))
        .collect();
    let contents = "4 0 R ".repeat(refs);
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>").into_bytes(),
        b"<< /Font << /F1 5 0 R >> >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(),
            content,
            b"\nendstream".to_vec(),
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for _ in 0..pages {
        objects.push(
            format!("<< /Type /Page /Parent 2 0 R /Contents [{contents}] /Resources 3 0 R >>")
                .into_bytes(),
        );
    }
    raw_pdf(&objects)
}

/// A ZIP of the given entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A DOCX whose body is `body`.
fn docx_with_body(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[("word/document.xml", xml.as_bytes())])
}

/// Hostile documents, each refused however it is uploaded: (what it is, the file).
fn hostile_documents() -> Vec<(&'static str, Vec<u8>)> {
    let depth = 100_000;
    vec![
        (
            "a page tree drawing one stream 10,000 times",
            pdf_repeating_one_stream(10_000, 1, 0),
        ),
        (
            "one page listing a 100 KB stream 10,000 times",
            pdf_repeating_one_stream(1, 10_000, 100 * 1024),
        ),
        (
            "a DOCX whose document part inflates to 51 MiB",
            docx_with_body(&format!(
                "<w:p><w:r><w:t>{}x</w:t></w:r></w:p>",
                " ".repeat(51 * 1024 * 1024)
            )),
        ),
        (
            "a DOCX nested 100,000 deep",
            docx_with_body(&format!(
                "{}{}",
                "<w:customXml>".repeat(depth),
                "</w:customXml>".repeat(depth)
            )),
        ),
    ]
}

const TOO_COMPLEX: &str = "Tệp quá phức tạp để đọc";

both_engines!(
    hostile_answer_files_are_refused_with_a_422_on_the_file,
    Data::Demo,
    |t: TestApp| async move {
        let id = crate::petitions_media::forwarded(&t, "Hố ga mất nắp", "hoga@example.vn")
            .await
            .id;
        let clerk = t.token(Role::Clerk).await;
        let upload = |bytes: Vec<u8>, name: &'static str| {
            let form = reqwest::multipart::Form::new()
                .text("title", "Công văn trả lời")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(bytes).file_name(name),
                );
            let req = t
                .client()
                .post(t.at(&format!("/api/v1/petitions/{id}/answer-files")))
                .bearer_auth(&clerk)
                .multipart(form);
            async move {
                let r = req.send().await.unwrap();
                (r.status().as_u16(), r.json::<Value>().await.unwrap())
            }
        };
        for (what, bytes) in hostile_documents() {
            assert!(bytes.len() < 2 * 1024 * 1024, "{what}: {}", bytes.len());
            let (status, p) = upload(bytes, "cong-van.pdf").await;
            assert_eq!(status, 422, "{what}: {p}");
            assert_eq!(p["errors"][0]["field"], "file", "{what}: {p}");
            let message = p["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(message.starts_with(TOO_COMPLEX), "{what}: {p}");
        }
        // A real letter still goes through the same pool.
        let (status, p) = upload(
            caunoi_testkit::files::tiny_pdf("Cong van tra loi"),
            "cong-van.pdf",
        )
        .await;
        assert_eq!(status, 201, "{p}");
    }
);

both_engines!(
    hostile_council_documents_are_refused_with_a_422_on_the_file,
    Data::Demo,
    |t: TestApp| async move {
        let event = caunoi_app::events::save(
            &t.app,
            &caunoi_app::Ctx::operator(),
            None,
            &caunoi_app::events::EventInput {
                council: "01".into(),
                kind: "session".into(),
                session_kind: "regular".into(),
                title: "Kỳ họp thứ năm".into(),
                start_date: "15/07/2026".into(),
                start_time: "08:00".into(),
                state: "draft".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        for (what, bytes) in hostile_documents() {
            let form = reqwest::multipart::Form::new()
                .text("title", "Dự thảo nghị quyết")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(bytes).file_name("du-thao.pdf"),
                );
            let (status, _, page) = caunoi_testkit::http::post_multipart(
                &clerk,
                t.at(&format!("/quan-tri/hoat-dong/{event}/tai-lieu")),
                form,
            )
            .await;
            assert_eq!(status, 422, "{what}");
            let errors = caunoi_testkit::texts(&page, "#d-file-err");
            assert!(
                errors.first().is_some_and(|e| e.starts_with(TOO_COMPLEX)),
                "{what}: {errors:?}"
            );
        }
        let p = caunoi_app::events::page(&t.app, &caunoi_app::Ctx::operator(), event)
            .await
            .unwrap();
        assert!(p.documents.is_empty(), "nothing attached");
    }
);

/// A workbook whose first sheet holds `rows` (already XML) after a header row.
fn sheet_with(rows: &str) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nội dung kiến nghị</t></is></c></row>{rows}</sheetData></worksheet>"#
    );
    zip_of(&[("xl/worksheets/sheet1.xml", sheet.as_bytes())])
}

fn cell_at(reference: &str) -> Vec<u8> {
    sheet_with(&format!(
        r#"<row r="2"><c r="{reference}" t="inlineStr"><is><t>Đề nghị sửa đường liên thôn</t></is></c></row>"#
    ))
}

async fn import_sheet(t: &TestApp, c: &reqwest::Client, bytes: Vec<u8>) -> (u16, String, String) {
    let form = reqwest::multipart::Form::new()
        .text("action", "check")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("tong-hop.xlsx"),
        );
    caunoi_testkit::http::post_multipart(c, t.at("/quan-tri/kien-nghi/nhap"), form).await
}

both_engines!(
    hostile_sheets_are_refused_naming_the_cell_and_only_for_those_who_may_import,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        for reference in ["ZZZZZZZZZZZZ1", "XFE2", "A1048577", "B0"] {
            let (status, _, page) = import_sheet(&t, &clerk, cell_at(reference)).await;
            assert_eq!(status, 422, "{reference}");
            let errors = caunoi_testkit::texts(&page, "#imp-err li");
            assert!(
                errors
                    .first()
                    .is_some_and(|e| e.starts_with(&format!("Ô “{reference}” nằm ngoài"))),
                "{reference}: {errors:?}"
            );
        }
        // Cells far to the right on many rows, a zip bomb, nesting: refused as well.
        let far = r#"<row><c r="XFD2"><v>1</v></c></row>"#.repeat(100);
        let bomb = format!(
            r#"<row r="2"><c r="A2" t="inlineStr"><is><t>{}x</t></is></c></row>"#,
            " ".repeat(51 * 1024 * 1024)
        );
        let nested = format!("{}{}", "<x>".repeat(100_000), "</x>".repeat(100_000));
        for (what, rows, says) in [
            ("far cells", far, "Bảng tính có hơn 1.000.000 ô"),
            ("zip bomb", bomb, "Tệp Excel quá phức tạp để đọc"),
            ("nesting", nested, "Tệp Excel quá phức tạp để đọc"),
        ] {
            let (status, _, page) = import_sheet(&t, &clerk, sheet_with(&rows)).await;
            assert_eq!(status, 422, "{what}");
            let errors = caunoi_testkit::texts(&page, "#imp-err li");
            assert!(
                errors.first().is_some_and(|e| e.starts_with(says)),
                "{what}: {errors:?}"
            );
        }
        // The sheet itself is read once the caller is known to be allowed: a good one is.
        let good = cell_at("A2");
        let (status, _, page) = import_sheet(&t, &clerk, good.clone()).await;
        assert_eq!(status, 200, "{page}");
        // Those who may not import are refused whatever the file: the public, a role that
        // does not process petitions, and a clerk of another province (the scope check comes
        // before the file is read, so they are not told what is wrong with it).
        let hostile = cell_at("ZZZZZZZZZZZZ1");
        let (status, to, _) = import_sheet(&t, &t.client(), hostile.clone()).await;
        assert_eq!(status, 303);
        assert!(to.starts_with("/dang-nhap"), "{to}");
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (elsewhere, _) = t.signed_in_as(Role::Clerk, "79").await;
        for (who, c) in [("editor", &editor), ("clerk of 79", &elsewhere)] {
            for bytes in [&hostile, &good] {
                let (status, _, _) = import_sheet(&t, c, bytes.clone()).await;
                assert_eq!(status, 403, "{who}");
            }
        }
    }
);

both_engines!(
    a_delegate_list_is_read_only_for_a_clerk_of_the_body,
    Data::Demo,
    |t: TestApp| async move {
        let council = caunoi_app::registry::directory(&t.app, &Default::default())
            .await
            .unwrap()
            .bodies
            .iter()
            .find(|b| b.kind == "council")
            .unwrap()
            .id;
        // Every row is wrong: a caller who is told so was let read it.
        let bad = "Họ và tên,Năm sinh\nA,19x5\nB,abc\n";
        let url = t.at("/quan-tri/dai-bieu/nhap");
        let send = |c: reqwest::Client| {
            let form = reqwest::multipart::Form::new()
                .text("body_id", council.to_string())
                .text("action", "check")
                .text("text", bad);
            let url = url.clone();
            async move { caunoi_testkit::http::post_multipart(&c, url, form).await.0 }
        };
        let (elsewhere, _) = t.signed_in_as(Role::Clerk, "79").await;
        assert_eq!(send(elsewhere).await, 403, "a clerk of another province");
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        assert_eq!(send(clerk).await, 422, "the council's clerk");
    }
);
