//! Photos on online petitions: sent with the form (multipart, no JavaScript), stripped of EXIF
//! and GPS, hidden until moderation approves the petition, shown to staff, deleted with the
//! submitter's data; bad files refused with the field named.

use caunoi_app::Ctx;
use caunoi_domain::Role;
use caunoi_testkit::files::tiny_pdf;
use caunoi_testkit::http::{get, get_bytes, post};
use caunoi_testkit::{Data, TestApp, both_engines, texts};
use caunoi_web::routes::site::petitions::signed_form_time;
use reqwest::multipart::{Form, Part};

/// Written into the EXIF GPS block of the fixture, so its absence from stored files is checkable.
pub(crate) const GPS_MARK: &[u8] = b"CAUNOI-GPS-FIXTURE";

/// A phone photo: a real JPEG with an EXIF APP1 segment carrying a GPS IFD (latitude ref "N" and
/// a map datum holding [`GPS_MARK`]).
pub(crate) fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])
    });
    let mut plain = std::io::Cursor::new(Vec::new());
    img.write_to(&mut plain, image::ImageFormat::Jpeg).unwrap();
    let plain = plain.into_inner();
    // TIFF, big-endian: IFD0 at 8 with one entry (GPSInfo → 26); the GPS IFD at 26 with two
    // entries (GPSLatitudeRef "N", GPSMapDatum → 56); then the datum text.
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend([0, 1]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend([0, 2]);
    tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    let datum_len = (GPS_MARK.len() + 1) as u8;
    tiff.extend([0, 0x12, 0, 2, 0, 0, 0, datum_len, 0, 0, 0, 56]);
    tiff.extend([0, 0, 0, 0]);
    assert_eq!(tiff.len(), 56);
    tiff.extend(GPS_MARK);
    tiff.push(0);
    let mut payload = b"Exif\x00\x00".to_vec();
    payload.extend(tiff);
    let len = (payload.len() + 2) as u16;
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(len.to_be_bytes());
    out.extend(payload);
    out.extend(&plain[2..]);
    out
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub(crate) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The online form as a browser sends it with files, rendered 10 seconds ago.
/// A file as the form sends it: (name, content type, bytes).
pub(crate) type Upload<'a> = (&'a str, &'a str, Vec<u8>);

pub(crate) fn form(title: &str, email: &str, photos: Vec<Upload>) -> Form {
    let mut f = Form::new()
        .text("t", signed_form_time(now() - 10))
        .text("title", title.to_owned())
        .text(
            "body",
            "Vỉa hè trước chợ bị lấn chiếm, người đi bộ phải đi xuống lòng đường rất nguy hiểm.",
        )
        .text("field", "giao-thong")
        .text("commune", "phuong ba dinh")
        .text("name", "Lê Văn Nam")
        .text("email", email.to_owned())
        .text("consent", "on")
        .text("website", "");
    for (name, mime, bytes) in photos {
        f = f.part(
            "photos",
            Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str(mime)
                .unwrap(),
        );
    }
    f
}

pub(crate) async fn send(t: &TestApp, f: Form) -> reqwest::Response {
    t.client()
        .post(t.at("/kien-nghi/gui"))
        .multipart(f)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn submitted(t: &TestApp, r: reqwest::Response) -> (String, i64) {
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let code = to.strip_prefix("/kien-nghi/da-gui?ma=").unwrap().to_owned();
    let mut tx = t.app.db.read().await.unwrap();
    let id = caunoi_store::petitions::find_by_code(&mut tx, &code)
        .await
        .unwrap()
        .unwrap()
        .id;
    (code, id)
}

pub(crate) async fn photos_of(t: &TestApp, id: i64) -> Vec<caunoi_store::petition_photos::Photo> {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::petition_photos::of_petition(&mut tx, id)
        .await
        .unwrap()
}

pub(crate) fn photo_dir(t: &TestApp, sha: &str) -> std::path::PathBuf {
    t.app
        .settings
        .media_dir
        .join("petitions")
        .join(&sha[..2])
        .join(sha)
}

both_engines!(
    a_photo_is_stripped_hidden_until_approval_and_deleted_with_the_data,
    Data::Demo,
    |t: TestApp| async move {
        let upload = jpeg_with_gps();
        assert!(contains(&upload, GPS_MARK) && contains(&upload, b"Exif"));
        // The fixture really carries orientation-readable EXIF: the image crate accepts it.
        image::load_from_memory(&upload).expect("a valid JPEG");
        let title = "Vỉa hè trước chợ Ngọc Hà bị lấn chiếm";
        let email = "le.nam@example.vn";
        let r = send(
            &t,
            form(title, email, vec![("vi-tri.jpg", "image/jpeg", upload)]),
        )
        .await;
        let (code, id) = submitted(&t, r).await;
        let photos = photos_of(&t, id).await;
        assert_eq!(photos.len(), 1);
        let ph = &photos[0];
        assert_eq!((ph.kind.as_str(), ph.width, ph.height), ("jpg", 64, 48));
        let src = format!("/kien-nghi/anh/{}/phone", ph.id);

        // On disk: fresh encodes only, no EXIF, no GPS, no full-size original.
        let dir = photo_dir(&t, &ph.sha256);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["desktop.jpg", "phone.jpg"]);
        for n in &names {
            let bytes = std::fs::read(dir.join(n)).unwrap();
            assert!(bytes.starts_with(&[0xFF, 0xD8]));
            assert!(!contains(&bytes, b"Exif"), "{n} keeps EXIF");
            assert!(!contains(&bytes, GPS_MARK), "{n} keeps GPS");
        }

        // Pending moderation: hidden from the public and from citizens' accounts, shown to staff.
        let anon = t.client();
        assert_eq!(get_bytes(&anon, t.at(&src)).await.0, 404);
        let citizen = t.signed_in(Role::Citizen).await;
        assert_eq!(get_bytes(&citizen, t.at(&src)).await.0, 404);
        let clerk = t.signed_in(Role::Clerk).await;
        let (status, bytes) = get_bytes(&clerk, t.at(&src)).await;
        assert_eq!(status, 200);
        assert!(!contains(&bytes, GPS_MARK));
        let (_, staff_page) = get(&clerk, t.at(&format!("/quan-tri/kien-nghi/{id}"))).await;
        assert!(
            staff_page.contains(&format!("src=\"{src}\"")),
            "staff page shows the photo"
        );
        assert_eq!(t.petition_page(id).await.0, 404);

        // Approved: on the public page and served to anyone.
        caunoi_app::petitions::moderate(&t.app, &Ctx::operator(), id, true)
            .await
            .unwrap();
        let (status, page) = t.petition_page(id).await;
        assert_eq!(status, 200);
        assert_eq!(texts(&page, ".pet-photos h2"), ["Ảnh kèm theo"]);
        assert!(page.contains(&format!("src=\"{src}\"")));
        let (status, bytes) = get_bytes(&anon, t.at(&src)).await;
        assert_eq!(status, 200);
        assert!(bytes.starts_with(&[0xFF, 0xD8]) && !contains(&bytes, b"Exif"));
        // Only the kept variants are addresses.
        let original = format!("/kien-nghi/anh/{}/original", ph.id);
        assert_eq!(get_bytes(&clerk, t.at(&original)).await.0, 404);

        // The submitter's export carries the photo itself, though it is theirs, not public.
        let r = anon
            .post(t.at("/kien-nghi/theo-doi/du-lieu"))
            .form(&[("ma", code.as_str()), ("lien_he", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let export: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        let photos = export["photos"].as_array().unwrap();
        assert_eq!(photos.len(), 1, "{export}");
        assert!(
            photos[0]["data"]
                .as_str()
                .unwrap()
                .starts_with("data:image/jpeg;base64,/9j/")
        );

        // The submitter deletes their data: the photo goes with it, file and all.
        let (status, _, _) = post(
            &anon,
            t.at("/kien-nghi/theo-doi/xoa"),
            &[
                ("ma", code.as_str()),
                ("lien_he", email),
                ("xac_nhan", "on"),
            ],
        )
        .await;
        assert_eq!(status, 200);
        assert!(photos_of(&t, id).await.is_empty());
        assert!(!dir.exists(), "the photo's files are removed");
        assert_eq!(get_bytes(&anon, t.at(&src)).await.0, 404);
        assert_eq!(get_bytes(&clerk, t.at(&src)).await.0, 404);
        let (status, page) = t.petition_page(id).await;
        assert_eq!(status, 200);
        assert!(texts(&page, ".pet-photos").is_empty());
    }
);

both_engines!(
    a_refused_petition_never_shows_its_photos,
    Data::Demo,
    |t: TestApp| async move {
        let png = {
            let img = image::RgbImage::from_fn(20, 10, |x, _| image::Rgb([x as u8 * 10, 0, 0]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Png).unwrap();
            out.into_inner()
        };
        let r = send(
            &t,
            form(
                "Quảng cáo bán hàng không phải kiến nghị",
                "spam@example.vn",
                vec![("a.png", "image/png", png)],
            ),
        )
        .await;
        let (_, id) = submitted(&t, r).await;
        let ph = photos_of(&t, id).await.remove(0);
        caunoi_app::petitions::moderate(&t.app, &Ctx::operator(), id, false)
            .await
            .unwrap();
        let src = format!("/kien-nghi/anh/{}/desktop", ph.id);
        assert_eq!(get_bytes(&t.client(), t.at(&src)).await.0, 404);
        let clerk = t.signed_in(Role::Clerk).await;
        assert_eq!(get_bytes(&clerk, t.at(&src)).await.0, 200);

        // When the contact's retention period ends, the photos go with it.
        {
            let mut tx = t.app.db.write().await.unwrap();
            caunoi_store::exec!(&mut tx, c => sqlx::query("UPDATE petition_contact SET retain_until = $1 WHERE petition_id = $2")
                .bind(caunoi_app::registry::today() - time::Duration::days(1)).bind(id)).unwrap();
            tx.commit().await.unwrap();
        }
        caunoi_app::petitions::enforce_retention(&t.app)
            .await
            .unwrap();
        assert!(photos_of(&t, id).await.is_empty());
        assert!(!photo_dir(&t, &ph.sha256).exists());
        assert_eq!(get_bytes(&clerk, t.at(&src)).await.0, 404);
    }
);

both_engines!(
    bad_photos_are_refused_naming_the_field_and_nothing_is_stored,
    Data::Demo,
    |t: TestApp| async move {
        let title = "Đèn đường ngõ 8 phố Đội Cấn bị hỏng";
        let count = || async {
            t.stored_petitions()
                .await
                .iter()
                .filter(|p| p.title == title)
                .count()
        };
        let media = t.app.settings.media_dir.join("petitions");
        let good = jpeg_with_gps();
        let cases: Vec<(Vec<Upload>, &str)> = vec![
            (
                vec![("don.pdf", "application/pdf", b"%PDF-1.7\n%fake\n".to_vec())],
                "Ảnh 1 (don.pdf):",
            ),
            (
                vec![
                    ("a.jpg", "image/jpeg", good.clone()),
                    ("lon.jpg", "image/jpeg", vec![0xFF; 5 * 1024 * 1024 + 1]),
                ],
                "Ảnh 2 (lon.jpg): tệp lớn hơn 5 MB.",
            ),
            (
                vec![
                    ("1.jpg", "image/jpeg", good.clone()),
                    ("2.jpg", "image/jpeg", good.clone()),
                    ("3.jpg", "image/jpeg", good.clone()),
                    ("4.jpg", "image/jpeg", good.clone()),
                ],
                "Đã chọn 4 ảnh.",
            ),
        ];
        for (photos, says) in cases {
            let r = send(&t, form(title, "den.duong@example.vn", photos)).await;
            assert_eq!(r.status(), 422);
            let html = r.text().await.unwrap();
            let err = texts(&html, "#kn-photos-err").join(" ");
            assert!(err.starts_with(says), "{err}");
            assert!(
                err.contains("Chỉ nhận tối đa 3 ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB."),
                "{err}"
            );
            // The summary links to the field; the text the citizen typed is kept.
            assert!(
                html.contains("href=\"#kn-photos\""),
                "summary links the field"
            );
            assert!(html.contains(title));
            assert_eq!(count().await, 0, "nothing stored");
            assert!(!media.exists() || std::fs::read_dir(&media).unwrap().next().is_none());
        }

        // The other checks still apply to a form sent with files, and are all reported at once.
        let f = form(
            "Ngắn",
            "khong-phai-email",
            vec![("x.txt", "text/plain", b"hello".to_vec())],
        );
        let r = send(&t, f).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        for id in ["#kn-title-err", "#kn-email-err", "#kn-photos-err"] {
            assert_eq!(texts(&html, id).len(), 1, "{id}");
        }
        // The honeypot too.
        let f = form(
            title,
            "den.duong@example.vn",
            vec![("a.jpg", "image/jpeg", good.clone())],
        )
        .text("website", "http://spam.example");
        let r = send(&t, f).await;
        assert_eq!(r.status(), 422);
        assert_eq!(count().await, 0);
        // And the form without files works as before (URL-encoded, no JavaScript needed).
        let r = t
            .client()
            .post(t.at("/kien-nghi/gui"))
            .form(&[
                ("t", signed_form_time(now() - 10)),
                ("title", title.to_owned()),
                (
                    "body",
                    "Đèn đường trong ngõ hỏng đã một tháng, buổi tối rất tối và nguy hiểm."
                        .to_owned(),
                ),
                ("name", "Phạm Hà".to_owned()),
                ("email", "den.duong@example.vn".to_owned()),
                ("consent", "on".to_owned()),
            ])
            .send()
            .await
            .unwrap();
        let (_, id) = submitted(&t, r).await;
        assert!(photos_of(&t, id).await.is_empty());
    }
);

pub(crate) fn answer_file_form(title: &str, name: &str, bytes: Vec<u8>) -> Form {
    Form::new()
        .text("title", title.to_owned())
        .part("file", Part::bytes(bytes).file_name(name.to_owned()))
}

pub(crate) async fn attach(c: &reqwest::Client, t: &TestApp, id: i64, f: Form) -> (u16, String) {
    let r = c
        .post(t.at(&format!("/quan-tri/kien-nghi/{id}/tep-tra-loi")))
        .multipart(f)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A petition forwarded to the Sở Xây dựng, ready to be answered.
pub(crate) struct Answering {
    pub id: i64,
    pub clerk: reqwest::Client,
    /// A responder linked to the Sở, signed in.
    pub resp: reqwest::Client,
    pub resp_email: String,
}

/// An online petition titled `title` from `email`, approved, classified and forwarded to the
/// Sở Xây dựng, with a responder linked to the Sở (as the office does on its page).
pub(crate) async fn forwarded(t: &TestApp, title: &str, email: &str) -> Answering {
    let agency = t.agency_id("so-xay-dung").await;
    let id = t
        .forwarded_petition(agency)
        .sent_online_by(email)
        .titled(title)
        .create()
        .await
        .id;
    let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
    let (resp, resp_email) = t.responder(&clerk, &[agency]).await;
    Answering {
        id,
        clerk,
        resp,
        resp_email,
    }
}

/// Two accounts that may not touch another agency's answer: an agency's responder linked to
/// nothing and a citizen, both signed in.
pub(crate) async fn outsiders(t: &TestApp) -> (reqwest::Client, reqwest::Client) {
    let (other, _) = t.signed_in_as(Role::Agency, "01").await;
    let (citizen, _) = t.signed_in_as(Role::Citizen, "01").await;
    (other, citizen)
}

both_engines!(
    an_answer_file_is_public_only_once_the_answer_is_published,
    Data::Demo,
    |t: TestApp| async move {
        let Answering {
            id, clerk, resp, ..
        } = forwarded(
            &t,
            "Cầu dân sinh qua kênh Nhiêu Lộc bị sạt lở",
            "cau@example.vn",
        )
        .await;
        let (other, citizen) = outsiders(&t).await;
        let pdf = tiny_pdf("Cong van tra loi so 123");

        // Roles: the public, a citizen and another agency's responder may not attach.
        let (status, _) = attach(
            &t.client(),
            &t,
            id,
            answer_file_form("Công văn", "a.pdf", pdf.clone()),
        )
        .await;
        assert!(matches!(status, 303 | 401), "anonymous: {status}");
        let (status, _) = attach(
            &citizen,
            &t,
            id,
            answer_file_form("Công văn", "a.pdf", pdf.clone()),
        )
        .await;
        assert_eq!(status, 403, "citizen");
        let (status, _) = attach(
            &other,
            &t,
            id,
            answer_file_form("Công văn", "a.pdf", pdf.clone()),
        )
        .await;
        assert!(matches!(status, 403 | 404), "another agency: {status}");

        // A file that is not PDF or DOCX is refused beside the field.
        let (status, page) = attach(
            &resp,
            &t,
            id,
            answer_file_form(
                "Công văn",
                "anh.png",
                b"\x89PNG\r\n\x1a\nnot a document".to_vec(),
            ),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#tep-file-err"),
            ["Chỉ nhận tệp PDF hoặc DOCX (Word). Tệp này không phải PDF hay DOCX."]
        );

        // The linked responder attaches the reply letter and answers.
        let (status, _) = attach(
            &resp,
            &t,
            id,
            answer_file_form(
                "Công văn trả lời số 123/SXD",
                "Cong van 123.pdf",
                pdf.clone(),
            ),
        )
        .await;
        assert_eq!(status, 303);
        let (status, _, _) = post(
            &resp,
            t.at(&format!("/quan-tri/kien-nghi/{id}/xu-ly")),
            &[
                ("action", "answer"),
                (
                    "answer",
                    "Sở đã cho gia cố bờ kênh và sửa mặt cầu trong tháng này.",
                ),
                ("answer_kind", "resolved"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, staff) = get(&clerk, t.at(&format!("/quan-tri/kien-nghi/{id}"))).await;
        assert_eq!(
            texts(&staff, ".pet-answer-files a"),
            ["Công văn trả lời số 123/SXD"]
        );
        let doc = scraper::Html::parse_document(&staff);
        let sel = scraper::Selector::parse(".pet-answer-files a").unwrap();
        let href = doc
            .select(&sel)
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap()
            .to_owned();
        assert!(href.ends_with("/cong-van-123.pdf"), "{href}");
        let (status, bytes) = get_bytes(&clerk, t.at(&href)).await;
        assert_eq!((status, bytes == pdf), (200, true), "staff always");

        // Answered, not yet published: nothing public.
        assert_eq!(get_bytes(&t.client(), t.at(&href)).await.0, 404);
        let (status, page) = t.petition_page(id).await;
        assert_eq!(status, 200);
        assert!(texts(&page, ".pet-answer-files").is_empty());

        let (status, _, _) = post(
            &clerk,
            t.at(&format!("/quan-tri/kien-nghi/{id}/xu-ly")),
            &[("action", "publish")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = t.petition_page(id).await;
        assert_eq!(
            texts(&page, ".pet-answer-files a"),
            ["Công văn trả lời số 123/SXD"]
        );
        let r = t.client().get(t.at(&href)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);

        // A published answer is not changed by a late file.
        let (status, page) = attach(&resp, &t, id, answer_file_form("Phụ lục", "b.pdf", pdf)).await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#tep-file-err"),
            [
                "Chỉ đính kèm tệp khi kiến nghị đã chuyển cơ quan hoặc đã trả lời và chưa công khai câu trả lời."
            ]
        );
    }
);

/// The remove form as sent before publication: no reason box.
const NO_REASON: [(&str, &str); 0] = [];

/// Answers (as the office, for the agency) and publishes the answer of petition `id`.
pub(crate) async fn answer_and_publish(t: &TestApp, id: i64) {
    t.answer_and_publish(
        id,
        "Sở đã cho gia cố bờ kênh và sửa mặt cầu trong tháng này.",
    )
    .await;
}

/// The files the public page of petition `id` lists.
pub(crate) async fn public_answer_files(t: &TestApp, id: i64) -> Vec<String> {
    let (status, page) = t.petition_page(id).await;
    assert_eq!(status, 200);
    texts(&page, ".pet-answer-files a")
}

/// The audit rows of `action` on petition `id`, with their details.
pub(crate) async fn audited(t: &TestApp, id: i64, action: &str) -> Vec<serde_json::Value> {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::audit::list(&mut tx, None, 1, 500)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|e| e.action == action && e.target_id == Some(id.to_string()))
        .map(|e| e.details)
        .collect()
}

/// The outbox events with `topic` about petition `id`.
pub(crate) async fn events(t: &TestApp, id: i64, topic: &str) -> usize {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::outbox::pending(&mut tx, "test-probe", 100_000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.topic == topic && e.aggregate_id == id.to_string())
        .count()
}

/// Where the bytes of an answer file (or council document) are kept.
pub(crate) fn file_path(t: &TestApp, sha: &str) -> std::path::PathBuf {
    t.app
        .settings
        .media_dir
        .join("files")
        .join(&sha[..2])
        .join(sha)
}

/// The staff page of petition `id` as `c` sees it.
async fn staff_page(c: &reqwest::Client, t: &TestApp, id: i64) -> String {
    c.get(t.at(&format!("/quan-tri/kien-nghi/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The ids of the answer files on a staff page, read from their remove forms.
fn remove_actions(page: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(page);
    let sel = scraper::Selector::parse(".pet-answer-files form").unwrap();
    doc.select(&sel)
        .map(|f| f.value().attr("action").unwrap().to_owned())
        .collect()
}

both_engines!(
    an_answer_file_is_removed_by_its_responder_then_only_by_the_office_with_a_reason,
    Data::Demo,
    |t: TestApp| async move {
        let Answering {
            id, clerk, resp, ..
        } = forwarded(
            &t,
            "Đường Hoàng Hoa Thám ngập sâu sau mưa",
            "ngap@example.vn",
        )
        .await;
        let (other, citizen) = outsiders(&t).await;
        let pdf = tiny_pdf("Cong van tra loi so 45");
        // Two records of the same bytes, then one of other bytes.
        for (title, bytes) in [
            ("Công văn số 45/SXD", pdf.clone()),
            ("Công văn số 45/SXD (bản sao)", pdf.clone()),
            ("Phụ lục ảnh hiện trường", tiny_pdf("Phu luc")),
        ] {
            let (status, _) = attach(&resp, &t, id, answer_file_form(title, "cv.pdf", bytes)).await;
            assert_eq!(status, 303);
        }
        let files = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petition_photos::answer_files(&mut tx, id)
                .await
                .unwrap()
        };
        let [first, copy, annex] = [files[0].id, files[1].id, files[2].id];
        let bytes_path = file_path(&t, &files[0].sha256);
        assert!(bytes_path.exists());
        let remove = |file: i64| format!("/quan-tri/kien-nghi/{id}/tep-tra-loi/{file}/xoa");

        // Before publication: a remove button per file for the responder, no reason asked.
        let page = staff_page(&resp, &t, id).await;
        assert_eq!(
            remove_actions(&page),
            [remove(first), remove(copy), remove(annex)]
        );
        assert_eq!(texts(&page, ".pet-answer-files button"), ["Gỡ tệp"; 3]);
        assert!(texts(&page, ".pet-answer-files label").is_empty());

        // Those with no part in the answer may not remove.
        for (who, c) in [("citizen", &citizen), ("another agency", &other)] {
            let (status, _, _) = post(c, t.at(&remove(first)), &NO_REASON).await;
            assert_eq!(status, 403, "{who}");
        }
        let r = t
            .client()
            .post(t.at(&remove(first)))
            .form(&NO_REASON)
            .send()
            .await
            .unwrap();
        assert!(matches!(r.status().as_u16(), 303 | 401), "{}", r.status());
        assert!(remove_actions(&staff_page(&citizen, &t, id).await).is_empty());

        // The responder removes a file whose bytes another record still uses: they stay.
        let r = resp
            .post(t.at(&remove(first)))
            .form(&NO_REASON)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(
            r.headers()["location"],
            format!("/quan-tri/kien-nghi/{id}#tep-tra-loi")
        );
        assert!(bytes_path.exists(), "still used by the copy");
        let details = audited(&t, id, "answer_file_removed").await;
        assert_eq!(details.len(), 1);
        assert_eq!(details[0]["file_id"], first);
        assert_eq!(details[0]["answer_published"], false);
        assert_eq!(events(&t, id, "petition.answer_file_removed").await, 1);
        // Removing it again: it is gone.
        let (status, _, _) = post(&resp, t.at(&remove(first)), &NO_REASON).await;
        assert_eq!(status, 404);

        // Published: the responder may no longer remove; the office must say why.
        answer_and_publish(&t, id).await;
        assert_eq!(
            public_answer_files(&t, id).await,
            ["Công văn số 45/SXD (bản sao)", "Phụ lục ảnh hiện trường"]
        );
        assert!(remove_actions(&staff_page(&resp, &t, id).await).is_empty());
        let (status, _, _) = post(&resp, t.at(&remove(copy)), &NO_REASON).await;
        assert_eq!(status, 403);
        let page = staff_page(&clerk, &t, id).await;
        assert_eq!(remove_actions(&page), [remove(copy), remove(annex)]);
        assert_eq!(
            texts(&page, &format!("label[for=go-tep-{copy}]")),
            ["Lý do gỡ tệp *"]
        );
        let r = clerk
            .post(t.at(&remove(copy)))
            .form(&[("reason", "  ")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert_eq!(
            texts(&page, &format!("#go-tep-{copy}-err")),
            [
                "Câu trả lời đã được công khai: hãy ghi lý do gỡ tệp (tối đa 500 ký tự), ví dụ “Đính kèm nhầm công văn của kiến nghị khác”."
            ]
        );
        assert!(texts(&page, &format!("#go-tep-{annex}-err")).is_empty());
        // What the office reads there (one snapshot for both engines).
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(
                "it__petitions_media__answer_files_refused_removal",
                texts(&page, ".pet-answer-files li").join("\n")
            );
        });
        assert_eq!(audited(&t, id, "answer_file_removed").await.len(), 1);

        let href = format!("/kien-nghi/tep-tra-loi/{copy}/cv.pdf");
        assert_eq!(get_bytes(&t.client(), t.at(&href)).await.0, 200);
        let (status, _, _) = post(
            &clerk,
            t.at(&remove(copy)),
            &[("reason", "Đính kèm trùng công văn số 45/SXD.")],
        )
        .await;
        assert_eq!(status, 303);
        // The last record of those bytes is gone: so are the bytes, and the public listing.
        assert!(!bytes_path.exists());
        assert_eq!(
            public_answer_files(&t, id).await,
            ["Phụ lục ảnh hiện trường"]
        );
        assert_eq!(get_bytes(&t.client(), t.at(&href)).await.0, 404);
        let details = audited(&t, id, "answer_file_removed").await;
        let last = details
            .iter()
            .find(|d| d["file_id"] == copy)
            .expect("audited");
        assert_eq!(last["reason"], "Đính kèm trùng công văn số 45/SXD.");
        assert_eq!(last["answer_published"], true);
        assert_eq!(events(&t, id, "petition.answer_file_removed").await, 2);
    }
);
