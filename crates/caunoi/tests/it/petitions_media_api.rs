//! Petition photos and answer files beyond the site's forms: photos through the JSON API and
//! Open311 (`media`, `media_url`), the submitter's photos on their tracking page, and the answer
//! files' API.

use super::petitions_media::{
    Answering, GPS_MARK, answer_and_publish, answer_file_form, attach, audited, contains, events,
    file_path, form, forwarded, jpeg_with_gps, photo_dir, photos_of, public_answer_files, send,
    submitted,
};
use base64::Engine;
use caunoi_app::Ctx;
use caunoi_domain::Role;
use caunoi_testkit::files::tiny_pdf;
use caunoi_testkit::http::{get_bytes, post};
use caunoi_testkit::{Data, TestApp, both_engines, texts};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

/// The API's body limit for a petition with photos (21 MiB).
const SUBMIT_LIMIT_FOR_TESTS: usize = 21 * 1024 * 1024;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn api_petition(email: &str, photos: Value) -> Value {
    json!({
        "title": "Rác thải đổ trộm bên bờ sông Tô Lịch",
        "body": "Nhiều tuần nay có người đổ trộm rác thải xây dựng bên bờ sông, gây ô nhiễm và mất mỹ quan.",
        "field": "moi-truong",
        "commune": "Phường Ba Đình",
        "name": "Đỗ Thị Hoa",
        "email": email,
        "consent": true,
        "photos": photos,
    })
}

/// The fields a problem names, in order.
fn fields(p: &Value) -> Vec<String> {
    p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

fn message(p: &Value, field: &str) -> String {
    p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .map(|e| e["message"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

both_engines!(
    api_photos_are_processed_like_the_forms_and_refused_by_name,
    Data::Demo,
    |t: TestApp| async move {
        let before = t.stored_petitions().await.len();
        let good = jpeg_with_gps();
        let pdf = b"%PDF-1.7\n%not an image\n".to_vec();
        let cases: Vec<(Value, &str, &str)> = vec![
            (
                json!([{"content_type": "application/pdf", "data": b64(&pdf)}]),
                "photos[0]",
                "Ảnh 1: content_type “application/pdf” không được nhận",
            ),
            (
                json!([
                    {"content_type": "image/jpeg", "data": b64(&good)},
                    {"content_type": "image/png", "data": "không phải base64!"}
                ]),
                "photos[1]",
                "Ảnh 2: data không phải base64 hợp lệ",
            ),
            (
                json!([{"content_type": "image/jpeg", "data": b64(&pdf)}]),
                "photos[0]",
                "Ảnh 1: ",
            ),
            (
                json!([{"content_type": "image/jpeg", "data": b64(&vec![0xFF; 5 * 1024 * 1024 + 1])}]),
                "photos[0]",
                "Ảnh 1: tệp lớn hơn 5 MB.",
            ),
            (
                json!([
                    {"content_type": "image/jpeg", "data": b64(&good)},
                    {"content_type": "image/jpeg", "data": b64(&good)},
                    {"content_type": "image/jpeg", "data": b64(&good)},
                    {"content_type": "image/jpeg", "data": b64(&good)}
                ]),
                "photos",
                "Đã chọn 4 ảnh.",
            ),
        ];
        for (photos, field, says) in cases {
            let (status, p) = t
                .api_post(
                    "/api/v1/petitions",
                    None,
                    &api_petition("hoa@example.vn", photos),
                )
                .await;
            assert_eq!(status, 422, "{p}");
            assert_eq!(fields(&p), [field], "{p}");
            let m = message(&p, field);
            assert!(m.starts_with(says), "{m}");
            assert!(
                m.contains("Chỉ nhận tối đa 3 ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB."),
                "the fix is named: {m}"
            );
        }
        // A body too large for any three photos: 413, naming the photos and their limits.
        let huge = "A".repeat(super::SUBMIT_LIMIT_FOR_TESTS + 1);
        let (status, p) = t
            .api_post(
                "/api/v1/petitions",
                None,
                &api_petition(
                    "hoa@example.vn",
                    json!([{"content_type": "image/jpeg", "data": huge}]),
                ),
            )
            .await;
        assert_eq!(status, 413, "{p}");
        assert_eq!(fields(&p), ["photos"]);
        assert!(message(&p, "photos").starts_with("Tối đa 3 ảnh, mỗi ảnh không quá 5 MB"));

        // The other checks are reported with the photos' in one problem.
        let mut bad = api_petition(
            "khong-phai-email",
            json!([{"content_type": "image/gif", "data": "R0lGOD"}]),
        );
        bad["title"] = "Ngắn".into();
        let (status, p) = t.api_post("/api/v1/petitions", None, &bad).await;
        assert_eq!(status, 422);
        assert_eq!(fields(&p), ["title", "email", "photos[0]"], "{p}");
        assert_eq!(t.stored_petitions().await.len(), before, "nothing stored");
        let media = t.app.settings.media_dir.join("petitions");
        assert!(!media.exists() || std::fs::read_dir(&media).unwrap().next().is_none());

        // A good photo (also as a data: URI) is stored re-encoded, without EXIF or GPS.
        let (status, s) = t.api_post("/api/v1/petitions", None, &api_petition(
                "hoa@example.vn",
                json!([
                    {"content_type": "image/jpeg", "data": b64(&good)},
                    {"content_type": "image/jpeg", "data": format!("data:image/jpeg;base64,{}", b64(&good))}
                ]),
            ),)
        .await;
        assert_eq!(status, 201, "{s}");
        let id = s["id"].as_i64().unwrap();
        let photos = photos_of(&t, id).await;
        assert_eq!(photos.len(), 2);
        assert_eq!((photos[0].width, photos[0].height), (64, 48));
        for ph in &photos {
            let bytes = std::fs::read(photo_dir(&t, &ph.sha256).join("desktop.jpg")).unwrap();
            assert!(!contains(&bytes, b"Exif") && !contains(&bytes, GPS_MARK));
        }
        // Pending moderation: neither the petition nor its photo is public.
        let src = format!("/kien-nghi/anh/{}/phone", photos[0].id);
        assert_eq!(get_bytes(&t.client(), t.at(&src)).await.0, 404);
        caunoi_app::petitions::moderate(&t.app, &Ctx::operator(), id, true)
            .await
            .unwrap();
        assert_eq!(get_bytes(&t.client(), t.at(&src)).await.0, 200);

        // An anonymous sender over the hourly limit is refused before the photos are looked
        // at: bad photos get 429, not a 422 about the photos.
        for _ in 0..2 {
            let (status, _) = t
                .api_post(
                    "/api/v1/petitions",
                    None,
                    &api_petition("hoa@example.vn", json!([])),
                )
                .await;
            assert_eq!(status, 201);
        }
        let (status, p) = t
            .api_post(
                "/api/v1/petitions",
                None,
                &api_petition(
                    "hoa@example.vn",
                    json!([{"content_type": "image/jpeg", "data": b64(&pdf)}]),
                ),
            )
            .await;
        assert_eq!(status, 429, "{p}");
    }
);

/// Open311's form with photos in `media`, as a multipart body.
fn open311_multipart(email: &str, media: Vec<(&str, Vec<u8>)>) -> Form {
    let mut f = Form::new()
        .text("service_code", "moi-truong")
        .text(
            "description",
            "Bãi rác tự phát ở đầu ngõ 12 Đội Cấn bốc mùi, người dân phải đi vòng.",
        )
        .text("first_name", "Văn Thử")
        .text("last_name", "Lê")
        .text("email", email.to_owned())
        .text("commune", "Phường Ba Đình")
        .text("consent", "true");
    for (name, bytes) in media {
        f = f.part("media", Part::bytes(bytes).file_name(name.to_owned()));
    }
    f
}

fn xml_value(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&format!("</{tag}>"))? + start;
    Some(body[start..end].to_owned())
}

both_engines!(
    open311_takes_media_and_shows_media_url,
    Data::Demo,
    |t: TestApp| async move {
        // A file that is not an image: Open311's error list, naming `media` and the fix.
        let r = t
            .client()
            .post(t.at("/open311/v2/requests.json"))
            .multipart(open311_multipart(
                "media@test.caunoi.vn",
                vec![("don.pdf", b"%PDF-1.7\n".to_vec())],
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let e: Value = r.json().await.unwrap();
        let d = e[0]["description"].as_str().unwrap();
        assert!(d.starts_with("media: Ảnh 1 (don.pdf):"), "{e}");
        assert!(
            d.contains("Chỉ nhận tối đa 3 ảnh JPEG, PNG hoặc WebP"),
            "{e}"
        );

        // A photo in `media` is taken with the request.
        let r = t
            .client()
            .post(t.at("/open311/v2/requests.json"))
            .multipart(open311_multipart(
                "media@test.caunoi.vn",
                vec![("bai-rac.jpg", jpeg_with_gps())],
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let created: Value = r.json().await.unwrap();
        let id: i64 = created[0]["service_request_id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        let photos = photos_of(&t, id).await;
        assert_eq!(photos.len(), 1);
        caunoi_app::petitions::moderate(&t.app, &Ctx::operator(), id, true)
            .await
            .unwrap();

        // Once public, the request carries the photo's absolute address, in JSON and XML.
        let base = t.at("");
        let want = format!("{base}/kien-nghi/anh/{}/desktop", photos[0].id);
        let (_, one) = t.json(&format!("/open311/v2/requests/{id}.json")).await;
        assert_eq!(one[0]["media_url"], want.as_str(), "{one}");
        // The JSON API's petition lists its photos, both sizes.
        let (_, detail) = t.json(&format!("/api/v1/petitions/{id}")).await;
        assert_eq!(detail["photos"][0]["url"], want.as_str(), "{detail}");
        assert_eq!(
            detail["photos"][0]["phone_url"],
            format!("{base}/kien-nghi/anh/{}/phone", photos[0].id).as_str()
        );
        assert_eq!(detail["photos"].as_array().map(Vec::len), Some(1));
        let (_, list) = t.json("/open311/v2/requests.json").await;
        let list = list.as_array().unwrap();
        let mine = list
            .iter()
            .find(|r| r["service_request_id"] == id.to_string().as_str())
            .unwrap();
        assert_eq!(mine["media_url"], want.as_str());
        // Requests without a photo have no media_url.
        assert!(
            list.iter()
                .filter(|r| r["service_request_id"] != id.to_string().as_str())
                .all(|r| r.get("media_url").is_none()),
            "{list:?}"
        );
        let (_, xml) = t.page(&format!("/open311/v2/requests/{id}.xml")).await;
        assert_eq!(xml_value(&xml, "media_url").as_deref(), Some(want.as_str()));
        let path = want.strip_prefix(&base).unwrap();
        let (status, bytes) = get_bytes(&t.client(), t.at(path)).await;
        assert_eq!(status, 200);
        assert!(bytes.starts_with(&[0xFF, 0xD8]));

        // Refused later: the request is gone from the public list, its photo with it.
        caunoi_app::petitions::act(
            &t.app,
            &Ctx::operator(),
            id,
            &caunoi_app::petitions::ActInput {
                action: "reject".into(),
                reason: "Không thuộc thẩm quyền của Hội đồng.".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(get_bytes(&t.client(), t.at(path)).await.0, 404);

        // The form-encoded body still works.
        let (status, _, _) = post(
            &t.client(),
            t.at("/open311/v2/requests.json"),
            &[
                ("service_code", "giao-thong"),
                (
                    "description",
                    "Biển báo giao thông ở ngã tư bị cây che khuất, lái xe không nhìn thấy.",
                ),
                ("first_name", "Thử"),
                ("last_name", "Lê"),
                ("email", "form@test.caunoi.vn"),
                ("consent", "true"),
            ],
        )
        .await;
        assert_eq!(status, 200);
    }
);

both_engines!(
    the_tracking_page_shows_the_submitters_photos_with_the_code_only,
    Data::Demo,
    |t: TestApp| async move {
        let email = "theo.doi@example.vn";
        let r = send(
            &t,
            form(
                "Cây xanh đổ chắn lối vào trường học",
                email,
                vec![("cay.jpg", "image/jpeg", jpeg_with_gps())],
            ),
        )
        .await;
        let (code, id) = submitted(&t, r).await;
        let other = send(
            &t,
            form(
                "Nắp cống vỡ trên vỉa hè phố Quán Thánh",
                "khac@example.vn",
                vec![],
            ),
        )
        .await;
        let (other_code, _) = submitted(&t, other).await;
        let photo = photos_of(&t, id).await.remove(0);

        // Awaiting moderation, the submitter sees their photo on the tracking page.
        let anon = t.client();
        let page = anon
            .post(t.at("/kien-nghi/theo-doi"))
            .form(&[("ma", code.as_str()), ("lien_he", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["cache-control"], "private, no-store");
        let html = page.text().await.unwrap();
        assert_eq!(texts(&html, ".pet-photos h3"), ["Ảnh bạn gửi kèm"]);
        assert_eq!(
            texts(&html, ".pet-photos p"),
            [
                "Chỉ bạn (người có mã theo dõi) xem được các ảnh này cho đến khi Văn phòng duyệt kiến nghị."
            ]
        );
        let src = format!("/kien-nghi/theo-doi/anh/{}/phone?ma={code}", photo.id);
        assert!(
            html.contains(&format!(
                "<img src=\"{src}\" alt=\"Ảnh bạn gửi kèm, số 1\" loading=\"lazy\">"
            )),
            "{html}"
        );
        let r = anon.get(t.at(&src)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        assert_eq!(r.headers()["content-type"], "image/jpeg");
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(&[0xFF, 0xD8]) && !contains(&bytes, GPS_MARK));
        let desktop = format!("/kien-nghi/theo-doi/anh/{}/desktop?ma={code}", photo.id);
        assert_eq!(get_bytes(&anon, t.at(&desktop)).await.0, 200);

        // Not by id alone, not with another petition's code, not with a made-up one; the
        // public address stays closed until approval.
        for path in [
            format!("/kien-nghi/theo-doi/anh/{}/phone", photo.id),
            format!("/kien-nghi/theo-doi/anh/{}/phone?ma={other_code}", photo.id),
            format!(
                "/kien-nghi/theo-doi/anh/{}/phone?ma=KN-0000-0000-0000",
                photo.id
            ),
            format!("/kien-nghi/theo-doi/anh/{}/original?ma={code}", photo.id),
            format!("/kien-nghi/anh/{}/phone", photo.id),
        ] {
            assert_eq!(get_bytes(&anon, t.at(&path)).await.0, 404, "{path}");
        }
        // A wrong contact shows no page, so no photo either.
        let r = anon
            .post(t.at("/kien-nghi/theo-doi"))
            .form(&[("ma", code.as_str()), ("lien_he", "ai-do@example.vn")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(!r.text().await.unwrap().contains("/kien-nghi/theo-doi/anh/"));

        // Approved: still on the tracking page, without the "only you" note.
        caunoi_app::petitions::moderate(&t.app, &Ctx::operator(), id, true)
            .await
            .unwrap();
        let html = anon
            .post(t.at("/kien-nghi/theo-doi"))
            .form(&[("ma", code.as_str()), ("lien_he", email)])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&src));
        assert!(texts(&html, ".pet-photos p").is_empty());
    }
);

/// A token for an account that already exists.
async fn token_of(t: &TestApp, email: &str) -> String {
    caunoi_app::accounts::create_token(&t.app, &Ctx::operator(), Some(email), "test")
        .await
        .unwrap()
        .0
}

async fn upload(
    t: &TestApp,
    id: i64,
    token: Option<&str>,
    title: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let f = Form::new()
        .text("title", title.to_owned())
        .part("file", Part::bytes(bytes).file_name("Cong van.pdf"));
    let mut req = t
        .client()
        .post(t.at(&format!("/api/v1/petitions/{id}/answer-files")))
        .multipart(f);
    if let Some(tok) = token {
        req = req.bearer_auth(tok);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// The answer files of petition `id` through the API, with `token` when given.
async fn listed(t: &TestApp, id: i64, token: Option<&str>) -> (u16, Value) {
    t.api_get(&format!("/api/v1/petitions/{id}/answer-files"), token)
        .await
}

fn titles(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect()
}

async fn delete(
    t: &TestApp,
    id: i64,
    file: i64,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut req = t
        .client()
        .delete(t.at(&format!("/api/v1/petitions/{id}/answer-files/{file}")));
    if let Some(tok) = token {
        req = req.bearer_auth(tok);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

both_engines!(
    answer_files_through_the_api_by_role,
    Data::Demo,
    |t: TestApp| async move {
        let Answering { id, resp_email, .. } = forwarded(
            &t,
            "Hố ga mất nắp trên phố Nguyễn Thái Học",
            "hoga@example.vn",
        )
        .await;
        let resp = token_of(&t, &resp_email).await;
        let clerk = t.token(Role::Clerk).await;
        let other = t.token(Role::Agency).await;
        let citizen = t.token(Role::Citizen).await;
        let editor = t.token(Role::Editor).await;
        let pdf = tiny_pdf("Cong van tra loi so 77");

        // Attaching: the public must sign in; a citizen, an editor and another agency may not.
        let (status, p) = upload(&t, id, None, "Công văn", pdf.clone()).await;
        assert_eq!(status, 401, "{p}");
        for (who, tok) in [
            ("citizen", &citizen),
            ("editor", &editor),
            ("other", &other),
        ] {
            let (status, p) = upload(&t, id, Some(tok), "Công văn", pdf.clone()).await;
            assert_eq!(status, 403, "{who}: {p}");
        }
        // The same checks as the form, naming the field and the fix.
        let (status, p) = upload(&t, id, Some(&resp), "", pdf.clone()).await;
        assert_eq!(status, 422);
        assert_eq!(fields(&p), ["title"]);
        assert!(message(&p, "title").starts_with("Tên tệp đính kèm là bắt buộc"));
        let (status, p) = upload(
            &t,
            id,
            Some(&resp),
            "Ảnh",
            b"\x89PNG\r\n\x1a\nnot a document".to_vec(),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            message(&p, "file"),
            "Chỉ nhận tệp PDF hoặc DOCX (Word). Tệp này không phải PDF hay DOCX."
        );

        let (status, a) = upload(
            &t,
            id,
            Some(&resp),
            "Công văn trả lời số 77/SXD",
            pdf.clone(),
        )
        .await;
        assert_eq!(status, 201, "{a}");
        assert_eq!(a["file_name"], "cong-van.pdf");
        assert_eq!(a["content_type"], "application/pdf");
        assert_eq!(a["size"], pdf.len());
        let url = a["url"].as_str().unwrap().to_owned();
        assert_eq!(
            url,
            format!(
                "{}/kien-nghi/tep-tra-loi/{}/cong-van.pdf",
                t.at(""),
                a["id"]
            )
        );
        let (status, b) = upload(&t, id, Some(&clerk), "Phụ lục", tiny_pdf("Phu luc 77")).await;
        assert_eq!(status, 201, "{b}");
        let (a, b) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());

        // Listing: the public sees none before publication; those who answer see them all.
        let (status, l) = listed(&t, id, None).await;
        assert_eq!(status, 200);
        assert_eq!(
            (titles(&l).len(), &l["answer_published"]),
            (0, &json!(false))
        );
        for tok in [&resp, &clerk] {
            let (_, l) = listed(&t, id, Some(tok)).await;
            assert_eq!(titles(&l), ["Công văn trả lời số 77/SXD", "Phụ lục"]);
            assert_eq!(l["total"], 2);
        }
        let (_, l) = listed(&t, id, Some(&other)).await;
        assert!(titles(&l).is_empty(), "another agency: {l}");
        assert_eq!(listed(&t, 999_999, None).await.0, 404);

        // Removing before publication: the responder, without a reason; not others.
        for tok in [&citizen, &other] {
            assert_eq!(delete(&t, id, b, Some(tok), None).await.0, 403);
        }
        assert_eq!(delete(&t, id, b, None, None).await.0, 401);
        let (status, p) = delete(&t, id, b, Some(&resp), Some(&json!({"why": "x"}))).await;
        assert_eq!((status, fields(&p)), (400, vec!["body".to_owned()]));
        assert_eq!(delete(&t, id, b, Some(&resp), None).await.0, 204);
        assert_eq!(delete(&t, id, b, Some(&resp), None).await.0, 404);
        assert_eq!(audited(&t, id, "answer_file_removed").await.len(), 1);

        // Published: public; the responder may no longer remove; the office must say why.
        answer_and_publish(&t, id).await;
        let (_, l) = listed(&t, id, None).await;
        assert_eq!(titles(&l), ["Công văn trả lời số 77/SXD"]);
        assert_eq!(l["answer_published"], true);
        assert_eq!(
            public_answer_files(&t, id).await,
            ["Công văn trả lời số 77/SXD"]
        );
        let sha = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petition_photos::find_answer_file(&mut tx, a)
                .await
                .unwrap()
                .unwrap()
                .sha256
        };
        assert_eq!(delete(&t, id, a, Some(&resp), None).await.0, 403);
        let (status, p) = delete(&t, id, a, Some(&clerk), None).await;
        assert_eq!(status, 422);
        assert_eq!(fields(&p), ["reason"]);
        assert!(message(&p, "reason").starts_with("Câu trả lời đã được công khai: hãy ghi lý do"));
        // A file of another petition is not this petition's.
        assert_eq!(
            delete(&t, 1, a, Some(&clerk), Some(&json!({"reason": "Nhầm"})))
                .await
                .0,
            404
        );
        let (status, _) = delete(
            &t,
            id,
            a,
            Some(&clerk),
            Some(&json!({"reason": "Công văn ghi sai số hiệu, Sở sẽ gửi lại."})),
        )
        .await;
        assert_eq!(status, 204);
        let (_, l) = listed(&t, id, None).await;
        assert!(titles(&l).is_empty());
        assert!(public_answer_files(&t, id).await.is_empty());
        assert!(
            !file_path(&t, &sha).exists(),
            "no other record used the bytes"
        );
        let removed = audited(&t, id, "answer_file_removed").await;
        assert!(
            removed
                .iter()
                .any(|d| d["reason"] == "Công văn ghi sai số hiệu, Sở sẽ gửi lại."),
            "{removed:?}"
        );
        assert_eq!(events(&t, id, "petition.answer_file_removed").await, 2);
    }
);

/// The API's description of itself names the new fields and routes.
#[tokio::test]
async fn openapi_documents_photos_and_answer_files() {
    let t = TestApp::sqlite(Data::Units).await;
    let (_, doc) = t.json("/api/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    let photos = &schemas["NewPetition"]["properties"]["photos"];
    assert_eq!(photos["maxItems"], 3, "{photos}");
    let photo = &schemas["NewPetitionPhoto"]["properties"];
    assert!(photo["content_type"].is_object() && photo["data"].is_object());
    let paths = &doc["paths"];
    let files = &paths["/api/v1/petitions/{id}/answer-files"];
    assert!(files["get"].is_object() && files["post"].is_object());
    assert!(
        files["post"]["requestBody"]["content"]["multipart/form-data"].is_object(),
        "{files}"
    );
    assert!(paths["/api/v1/petitions/{id}/answer-files/{file_id}"]["delete"].is_object());
}

/// The petitions a site search finds for `q`: (id, url).
async fn petitions_found(t: &TestApp, q: &str) -> Vec<(i64, String)> {
    let r: Value = t
        .client()
        .get(t.at("/api/v1/search"))
        .query(&[("q", q), ("kind", "petition")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|i| {
            (
                i["id"].as_i64().unwrap(),
                i["url"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

both_engines!(
    search_finds_a_published_answer_by_its_files_text_only_while_published,
    Data::Demo,
    |t: TestApp| async move {
        use caunoi_app::petitions::{self, ActInput};
        let title = "Trạm bơm tiêu úng Yên Sở chạy không đủ công suất";
        let Answering {
            id, resp, clerk, ..
        } = forwarded(&t, title, "tram.bom@example.vn").await;
        // A word only in the reply letter (the PDF's text), nowhere else.
        let word = "zanthoxylum";
        let (status, _) = attach(
            &resp,
            &t,
            id,
            answer_file_form(
                "Công văn số 88/SXD",
                "cv88.pdf",
                tiny_pdf("Cong van 88 ve may bom Zanthoxylum"),
            ),
        )
        .await;
        assert_eq!(status, 303);
        let url = format!("/kien-nghi/{}-{id}", vntext::slug(title));

        // A public petition is found by its own words; its answer's file is not yet.
        assert_eq!(
            petitions_found(&t, "tram bom yen so").await,
            [(id, url.clone())]
        );
        assert!(petitions_found(&t, word).await.is_empty());

        answer_and_publish(&t, id).await;
        assert_eq!(petitions_found(&t, word).await, [(id, url.clone())]);
        // A rebuilt index (`caunoi reindex`) holds the same.
        caunoi_app::search::reindex(&t.app, Default::default(), |_, _| {})
            .await
            .unwrap();
        assert_eq!(petitions_found(&t, word).await, [(id, url.clone())]);
        let r = t
            .client()
            .get(t.at("/tim-kiem"))
            .query(&[("q", word)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert_eq!(texts(&html, ".results .card-title"), [title]);
        assert!(html.contains("Kiến nghị"), "the kind is named");

        // Reopened and answered anew: the answer is no longer published, nor found by its file.
        let op = Ctx::operator();
        for input in [
            ActInput {
                action: "reopen".into(),
                reason: "Cử tri phản ánh trạm bơm vẫn chưa sửa.".into(),
                ..Default::default()
            },
            ActInput {
                action: "answer".into(),
                answer: "Sở sẽ thay máy bơm trong quý tới.".into(),
                answer_kind: "resolved".into(),
                ..Default::default()
            },
        ] {
            petitions::act(&t.app, &op, id, &input).await.unwrap();
        }
        assert!(petitions_found(&t, word).await.is_empty());
        assert_eq!(petitions_found(&t, "tram bom yen so").await.len(), 1);

        // Published again, then the file removed: gone from the index with it.
        petitions::act(
            &t.app,
            &op,
            id,
            &ActInput {
                action: "publish".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(petitions_found(&t, word).await.len(), 1);
        let file = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petition_photos::answer_files(&mut tx, id)
                .await
                .unwrap()[0]
                .id
        };
        let (status, _, _) = post(
            &clerk,
            t.at(&format!("/quan-tri/kien-nghi/{id}/tep-tra-loi/{file}/xoa")),
            &[("reason", "Công văn thay bằng bản có chữ ký.")],
        )
        .await;
        assert_eq!(status, 303);
        assert!(petitions_found(&t, word).await.is_empty());

        // A petition the public may not see is never found.
        let r = send(
            &t,
            form(
                "Trạm bơm khu Zanthoxylum chưa được duyệt",
                "cho.duyet@example.vn",
                vec![],
            ),
        )
        .await;
        let (_, pending) = submitted(&t, r).await;
        let found: Vec<i64> = petitions_found(&t, "trạm bơm chưa được duyệt")
            .await
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert!(
            found.contains(&id) && !found.contains(&pending),
            "{found:?}"
        );
    }
);
