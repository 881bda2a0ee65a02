//! The council's record kept through the workspace: a clerk registers people and seats, imports
//! the delegate list, records events with their agenda, attendance, questions and documents,
//! and resolutions that replace others; bad input is named beside its field; only those who
//! keep the record get in, and only for their own council.

use caunoi_app::Ctx;
use caunoi_app::registry::{self, DirectoryQuery};
use caunoi_domain::Role;
use caunoi_domain::resolution::ResolutionStatus;
use caunoi_testkit::http::{get, post, post_multipart};
use caunoi_testkit::{Data, TestApp, both_engines, texts};
use reqwest::multipart::{Form, Part};

async fn ctx_of(t: &TestApp, email: &str) -> Ctx {
    let mut tx = t.app.db.read().await.unwrap();
    let id = caunoi_store::users::find_by_email(&mut tx, email)
        .await
        .unwrap()
        .unwrap()
        .id;
    Ctx::new(
        caunoi_app::auth::actor_for_user(&mut tx, id, email.to_owned())
            .await
            .unwrap(),
    )
}

fn anonymous() -> Ctx {
    Ctx::new(caunoi_domain::Actor::anonymous())
}

/// The id in a redirect such as `/quan-tri/hoat-dong/12?luu=1`.
fn id_in(location: &str, prefix: &str) -> i64 {
    location
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{location} should start with {prefix}"))
        .split(['?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 50, |x, y| image::Rgb([x as u8 * 5, y as u8 * 4, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The smallest Word file the extractor reads: content types and one paragraph per line.
fn docx(lines: &[&str]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let body: String = lines
        .iter()
        .map(|l| format!("<w:p><w:r><w:t xml:space=\"preserve\">{l}</w:t></w:r></w:p>"))
        .collect();
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in [
        ("[Content_Types].xml", types.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The body `kind` of the primary council's current term.
async fn body_of(t: &TestApp, kind: &str) -> i64 {
    registry::directory(&t.app, &DirectoryQuery::default())
        .await
        .unwrap()
        .bodies
        .iter()
        .find(|b| b.kind == kind)
        .unwrap()
        .id
}

async fn seat_count(t: &TestApp) -> usize {
    registry::directory(&t.app, &DirectoryQuery::default())
        .await
        .unwrap()
        .seats
        .len()
}

both_engines!(
    a_clerk_registers_people_seats_photos_and_constituencies,
    Data::Demo,
    |t: TestApp| async move {
        let (c, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, page) = get(&c, t.at("/quan-tri/dai-bieu")).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Nguyễn Thị Minh Anh"),
            "demo delegates listed"
        );

        // A bad birth year is named beside its field and nothing is created.
        let (status, _, page) = post(
            &c,
            t.at("/quan-tri/dai-bieu"),
            &[("full_name", "Lý Thị Thanh Hương"), ("birth_year", "75")],
        )
        .await;
        assert_eq!(status, 422);
        let err = texts(&page, "#p-birth_year-err");
        assert!(err[0].starts_with("Năm sinh là số có 4 chữ số"), "{err:?}");
        assert!(page.contains(r#"aria-describedby="p-birth_year-hint p-birth_year-err""#));
        assert!(page.contains(r#"value="Lý Thị Thanh Hương""#));

        let (status, to, _) = post(
            &c,
            t.at("/quan-tri/dai-bieu"),
            &[
                ("full_name", "Lý Thị Thanh Hương"),
                ("birth_year", "1978"),
                ("gender", "female"),
                ("ethnicity", "Tày"),
                ("occupation", "Bác sĩ"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let id = id_in(&to, "/quan-tri/dai-bieu/");
        // Someone without a position yet still has an edit page.
        let (status, page) = get(&c, t.at(&to)).await;
        assert_eq!(status, 200);
        assert_eq!(texts(&page, "h1"), ["Lý Thị Thanh Hương"]);
        assert!(page.contains("Người này chưa giữ chức vụ nào."));

        // A seat in the council for a constituency of the council.
        let council = body_of(&t, "council").await;
        let d = registry::directory(&t.app, &DirectoryQuery::default())
            .await
            .unwrap();
        let k = d
            .constituencies
            .iter()
            .find(|k| k.organization_id == council)
            .unwrap()
            .id;
        let seat = |ends: &'static str| {
            let council = council.to_string();
            let k = k.to_string();
            let c = c.clone();
            let url = t.at(&format!("/quan-tri/dai-bieu/{id}/chuc-vu"));
            async move {
                post(
                    &c,
                    url,
                    &[
                        ("body_id", council.as_str()),
                        ("role", "member"),
                        ("constituency_id", k.as_str()),
                        ("starts_on", "01/04/2026"),
                        ("ends_on", ends),
                    ],
                )
                .await
            }
        };
        let (status, _, page) = seat("31/13/2031").await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#pos-ends-err")[0].contains("31/12/2026"));
        let (status, _, _) = seat("").await;
        assert_eq!(status, 303);
        let (_, page) = get(&c, t.at(&format!("/quan-tri/dai-bieu/{id}"))).await;
        let cells = texts(&page, "#chuc-vu ~ .table-scroll td");
        assert!(cells.contains(&"Đại biểu HĐND".to_owned()), "{cells:?}");
        assert!(
            cells.iter().any(|c| c.starts_with("01/04/2026")),
            "{cells:?}"
        );
        let (_, list) = get(&c, t.at("/quan-tri/dai-bieu")).await;
        assert!(list.contains("Lý Thị Thanh Hương"));
        let profile = registry::profile(&t.app, id).await.unwrap();
        assert_eq!(profile.positions.len(), 1);
        assert_eq!(profile.person.ethnicity.as_deref(), Some("Tày"));

        // The same seat twice is refused beside the role.
        let (status, _, page) = seat("").await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#pos-role-err")[0].contains("đã giữ chức vụ này"));

        // A photo: an image is stored; anything else is refused with a message.
        let photo = |bytes: Vec<u8>, name: &'static str| {
            let f = Form::new().part("photo", Part::bytes(bytes).file_name(name));
            post_multipart(&c, t.at(&format!("/quan-tri/dai-bieu/{id}/anh")), f)
        };
        let (status, _, page) = photo(b"not an image".to_vec(), "anh.png").await;
        assert_eq!(status, 422);
        assert!(!texts(&page, "#u-photo-err")[0].is_empty());
        let (status, _, _) = photo(png(), "anh.png").await;
        assert_eq!(status, 303);
        let profile = registry::profile(&t.app, id).await.unwrap();
        assert!(profile.person.photo.is_some());

        // The seat is removed; the person is no longer public.
        let pos = profile.positions[0].id;
        let (status, _, _) = post(
            &c,
            t.at(&format!("/quan-tri/dai-bieu/{id}/chuc-vu/{pos}/xoa")),
            &[],
        )
        .await;
        assert_eq!(status, 303);
        assert!(registry::profile(&t.app, id).await.is_err());
        let (status, page) = get(&c, t.at(&format!("/quan-tri/dai-bieu/{id}"))).await;
        assert_eq!(
            status, 200,
            "the staff page stays after the last seat is removed"
        );
        assert!(page.contains("Người này chưa giữ chức vụ nào."));

        // Constituencies.
        let add = |number: &'static str| {
            let council = council.to_string();
            let c = c.clone();
            let url = t.at("/quan-tri/dai-bieu/don-vi-bau-cu");
            async move {
                post(
                    &c,
                    url,
                    &[
                        ("body_id", council.as_str()),
                        ("number", number),
                        ("name", "Đơn vị bầu cử số 40"),
                        ("seats", "3"),
                        ("units", "00004"),
                    ],
                )
                .await
            }
        };
        let (status, _, page) = add("bốn mươi").await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#k-number-err")[0].contains("1 đến 999"));
        let (status, to, _) = add("40").await;
        assert_eq!(status, 303);
        let (_, page) = get(&c, t.at(&to)).await;
        assert!(texts(&page, "td").contains(&"Đơn vị bầu cử số 40".to_owned()));
    }
);

both_engines!(
    the_delegate_list_is_checked_then_imported_once,
    Data::Demo,
    |t: TestApp| async move {
        let (c, _) = t.signed_in_as(Role::Clerk, "01").await;
        let council = body_of(&t, "council").await.to_string();
        let (status, page) = get(&c, t.at("/quan-tri/dai-bieu/nhap")).await;
        assert_eq!(status, 200);
        assert!(page.contains(r#"enctype="multipart/form-data""#));
        let before = seat_count(&t).await;
        let good = "Họ và tên,Năm sinh,Giới tính,Đơn vị bầu cử,Chức danh\n\
                    Trịnh Văn Khải,1970,Nam,2,\n\
                    Mai Thị Ngọc,1985,Nữ,Đơn vị số 3,\n";
        let send = |text: Option<&str>, file: Option<Vec<u8>>, action: &'static str| {
            let mut f = Form::new()
                .text("body_id", council.clone())
                .text("action", action)
                .text("text", text.unwrap_or("").to_owned());
            if let Some(bytes) = file {
                f = f.part("file", Part::bytes(bytes).file_name("danh-sach.csv"));
            }
            post_multipart(&c, t.at("/quan-tri/dai-bieu/nhap"), f)
        };

        // A check writes nothing but counts what would happen.
        let (status, _, page) = send(Some(good), None, "check").await;
        assert_eq!(status, 200);
        assert!(page.contains("Kết quả kiểm tra"));
        let facts = texts(&page, ".facts dd");
        assert_eq!(
            facts,
            ["2", "2", "0", "2", "0"],
            "rows, created, reused, positions, unchanged"
        );
        assert_eq!(seat_count(&t).await, before);
        assert_eq!(
            texts(&page, "#imp-text")[0],
            good.split_whitespace().collect::<Vec<_>>().join(" ")
        );

        // One bad row: nothing is imported and the row is named.
        let bad = format!("{good}Hồ Văn Tư,19x5,Nam,,\n");
        let (status, _, page) = send(Some(&bad), None, "import").await;
        assert_eq!(status, 422);
        let errors = texts(&page, "#imp-err li");
        assert!(errors.iter().any(|e| e.starts_with("Dòng 4")), "{errors:?}");
        assert_eq!(seat_count(&t).await, before);
        let d = registry::directory(&t.app, &DirectoryQuery::default())
            .await
            .unwrap();
        assert!(
            !d.seats
                .iter()
                .any(|s| s.person.full_name == "Trịnh Văn Khải")
        );

        // The good list as a file in a legacy encoding (VNI): imported, then again changes nothing.
        let vni = vntext::encode_legacy(good, vntext::LegacyEncoding::VniWindows);
        let (status, to, _) = send(None, Some(vni.clone()), "import").await;
        assert_eq!(status, 303);
        assert!(
            to.contains("dong=2&moi=2&co-san=0&chuc-vu=2&giu-nguyen=0"),
            "{to}"
        );
        assert_eq!(seat_count(&t).await, before + 2);
        let d = registry::directory(&t.app, &DirectoryQuery::default())
            .await
            .unwrap();
        let khai = d
            .seats
            .iter()
            .find(|s| s.person.full_name == "Trịnh Văn Khải")
            .unwrap();
        assert_eq!(
            khai.position.constituency_name.as_deref(),
            Some("Đơn vị bầu cử số 2")
        );
        let (_, page) = get(&c, t.at(&to)).await;
        assert!(page.contains("Đã nhập danh sách."));
        let (status, to, _) = send(None, Some(vni), "import").await;
        assert_eq!(status, 303);
        assert!(to.contains("co-san=2&chuc-vu=0&giu-nguyen=2"), "{to}");
        assert_eq!(seat_count(&t).await, before + 2);

        // Nothing to read is said so.
        let (status, _, page) = send(None, None, "check").await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#imp-err li")[0].contains("Chọn tệp CSV"));
    }
);

/// The fields of the event form, with `extra` overriding.
fn event_form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
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
        (
            "agenda",
            "Khai mạc phiên chất vấn\nChất vấn Giám đốc Sở Xây dựng\nKết luận phiên chất vấn",
        ),
    ];
    for (k, v) in extra {
        match f.iter_mut().find(|(x, _)| x == k) {
            Some(slot) => slot.1 = v,
            None => f.push((k, v)),
        }
    }
    f
}

both_engines!(
    a_clerk_records_an_event_with_agenda_attendance_questions_and_documents,
    Data::Demo,
    |t: TestApp| async move {
        let (c, email) = t.signed_in_as(Role::Clerk, "01").await;
        let staff = ctx_of(&t, &email).await;
        let (status, page) = get(&c, t.at("/quan-tri/hoat-dong/moi?loai=question_time")).await;
        assert_eq!(status, 200);
        assert_eq!(texts(&page, "#e-kind option[selected]"), ["Phiên chất vấn"]);

        let (status, _, page) = post(
            &c,
            t.at("/quan-tri/hoat-dong/moi"),
            &event_form(&[("start_date", "31/13/2026")]),
        )
        .await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#e-start-date-err")[0].contains("31/12/2026"));
        assert!(page.contains(r#"value="Phiên chất vấn về quản lý trật tự xây dựng""#));

        let (status, to, _) = post(&c, t.at("/quan-tri/hoat-dong/moi"), &event_form(&[])).await;
        assert_eq!(status, 303);
        let id = id_in(&to, "/quan-tri/hoat-dong/");
        assert!(
            caunoi_app::events::page(&t.app, &anonymous(), id)
                .await
                .is_err(),
            "a draft is not public"
        );
        let (status, page) = get(&c, t.at(&to)).await;
        assert_eq!(status, 200);
        assert!(texts(&page, "#e-agenda")[0].starts_with("Khai mạc phiên chất vấn"));
        assert_eq!(texts(&page, ".notice.ok"), ["Đã lưu."]);

        // Published: the public page exists with its agenda in order.
        let (status, _, _) = post(
            &c,
            t.at(&format!("/quan-tri/hoat-dong/{id}")),
            &event_form(&[("state", "published")]),
        )
        .await;
        assert_eq!(status, 303);
        let public = caunoi_app::events::page(&t.app, &anonymous(), id)
            .await
            .unwrap();
        assert_eq!(public.event.state, "published");
        let agenda: Vec<_> = public.agenda.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(
            agenda,
            [
                "Khai mạc phiên chất vấn",
                "Chất vấn Giám đốc Sở Xây dựng",
                "Kết luận phiên chất vấn"
            ]
        );
        assert_eq!(
            public
                .event
                .starts_at
                .to_offset(caunoi_domain::vntime::VIETNAM)
                .hour(),
            8
        );

        // Attendance of two delegates, from the table of the council's seats.
        let seats = registry::directory(&t.app, &DirectoryQuery::default())
            .await
            .unwrap()
            .seats;
        let p1 = seats[0].person.id;
        let p2 = seats
            .iter()
            .map(|s| s.person.id)
            .find(|&p| p != p1)
            .unwrap();
        let (_, page) = get(&c, t.at(&format!("/quan-tri/hoat-dong/{id}"))).await;
        assert!(page.contains(&format!(r#"name="role-{p1}""#)));
        let (r1, a1, r2, a2) = (
            format!("role-{p1}"),
            format!("att-{p1}"),
            format!("role-{p2}"),
            format!("att-{p2}"),
        );
        let url = t.at(&format!("/quan-tri/hoat-dong/{id}/tham-du"));
        let (status, _, _) = post(&c, url.clone(), &[(&r1, "delegate"), (&a1, "maybe")]).await;
        assert_eq!(status, 422);
        let (status, _, _) = post(
            &c,
            url,
            &[
                (&r1, "delegate"),
                (&a1, "present"),
                (&r2, "chairing"),
                (&a2, "excused"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let p = caunoi_app::events::page(&t.app, &staff, id).await.unwrap();
        let mut got: Vec<_> = p
            .participants
            .iter()
            .map(|x| {
                (
                    x.person_id,
                    x.role.clone(),
                    x.attendance.clone().unwrap_or_default(),
                )
            })
            .collect();
        got.sort();
        let mut want = vec![
            (p1, "delegate".to_owned(), "present".to_owned()),
            (p2, "chairing".to_owned(), "excused".to_owned()),
        ];
        want.sort();
        assert_eq!(got, want);
        let (_, page) = get(&c, t.at(&format!("/quan-tri/hoat-dong/{id}"))).await;
        assert_eq!(
            texts(&page, &format!("#att-{p1} option[selected]")),
            ["Có mặt"]
        );

        // A question; one without the answering official is refused beside that field.
        let url = t.at(&format!("/quan-tri/hoat-dong/{id}/chat-van"));
        let asker = p1.to_string();
        let (status, _, page) = post(
            &c,
            url.clone(),
            &[
                ("asker_id", &asker),
                ("official", ""),
                ("body", "Vì sao cấp phép chậm?"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(!texts(&page, "#q-official-err").is_empty());
        let (status, _, _) = post(
            &c,
            url,
            &[
                ("asker_id", &asker),
                ("official", "Giám đốc Sở Xây dựng"),
                ("topic", "Xây dựng"),
                ("body", "Vì sao cấp phép xây dựng ở phường còn chậm?"),
                ("answer", ""),
                ("follow_up", ""),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let p = caunoi_app::events::page(&t.app, &anonymous(), id)
            .await
            .unwrap();
        assert_eq!(p.questions.len(), 1);
        assert_eq!(p.questions[0].asker_id, p1);

        // Documents: a PNG named .pdf is refused with a message; a DOCX is kept as a draft
        // until released, then removed.
        let upload = |bytes: Vec<u8>, name: &'static str| {
            let f = Form::new()
                .text("title", "Báo cáo giải trình của Sở Xây dựng")
                .part("file", Part::bytes(bytes).file_name(name));
            post_multipart(&c, t.at(&format!("/quan-tri/hoat-dong/{id}/tai-lieu")), f)
        };
        let (status, _, page) = upload(png(), "bao-cao.pdf").await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#d-file-err")[0].contains("Chỉ nhận tệp PDF hoặc DOCX"));
        assert!(page.contains(r#"value="Báo cáo giải trình của Sở Xây dựng""#));
        let (status, _, _) = upload(
            docx(&["Báo cáo giải trình", "Nội dung báo cáo."]),
            "bao-cao.docx",
        )
        .await;
        assert_eq!(status, 303);
        let p = caunoi_app::events::page(&t.app, &staff, id).await.unwrap();
        assert_eq!(p.documents.len(), 1);
        assert!(!p.documents[0].public);
        let doc = p.documents[0].id;
        assert!(
            caunoi_app::events::page(&t.app, &anonymous(), id)
                .await
                .unwrap()
                .documents
                .is_empty()
        );
        let next = format!("/quan-tri/hoat-dong/{id}#tai-lieu");
        let (status, to, _) = post(
            &c,
            t.at(&format!("/quan-tri/tai-lieu/{doc}/cong-bo")),
            &[("next", &next)],
        )
        .await;
        assert_eq!((status, to.as_str()), (303, next.as_str()));
        assert_eq!(
            caunoi_app::events::page(&t.app, &anonymous(), id)
                .await
                .unwrap()
                .documents
                .len(),
            1
        );
        let (status, _, _) = post(
            &c,
            t.at(&format!("/quan-tri/tai-lieu/{doc}/xoa")),
            &[("next", "https://example.com/")],
        )
        .await;
        assert_eq!(status, 303);
        assert!(
            caunoi_app::events::page(&t.app, &staff, id)
                .await
                .unwrap()
                .documents
                .is_empty()
        );
    }
);

both_engines!(
    supervision_recommendations_and_reception_counts,
    Data::Demo,
    |t: TestApp| async move {
        let (c, email) = t.signed_in_as(Role::Clerk, "01").await;
        let staff = ctx_of(&t, &email).await;
        let (status, to, _) = post(
            &c,
            t.at("/quan-tri/hoat-dong/moi"),
            &event_form(&[
                ("kind", "supervision"),
                ("title", "Giám sát việc thu gom rác thải sinh hoạt"),
                ("agenda", ""),
            ]),
        )
        .await;
        assert_eq!(status, 303);
        let sup = id_in(&to, "/quan-tri/hoat-dong/");
        let (_, page) = get(&c, t.at(&to)).await;
        assert!(page.contains(r#"id="kien-nghi""#));
        assert!(
            !page.contains(r#"id="chat-van""#),
            "no questions for supervision"
        );
        let (status, _, _) = post(
            &c,
            t.at(&format!("/quan-tri/hoat-dong/{sup}/kien-nghi")),
            &[
                ("body", "Bố trí thêm điểm tập kết rác tại các phường."),
                ("addressee", "UBND Thành phố"),
                ("status", "open"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let p = caunoi_app::events::page(&t.app, &staff, sup).await.unwrap();
        let rid = p.recommendations[0].id;
        let (status, _, _) = post(
            &c,
            t.at(&format!("/quan-tri/hoat-dong/{sup}/kien-nghi/{rid}")),
            &[("status", "done"), ("follow_up", "Đã bố trí 12 điểm.")],
        )
        .await;
        assert_eq!(status, 303);
        let p = caunoi_app::events::page(&t.app, &staff, sup).await.unwrap();
        assert_eq!(p.recommendations[0].status, "done");
        assert_eq!(p.recommendations[0].follow_up, "Đã bố trí 12 điểm.");

        let (status, to, _) = post(
            &c,
            t.at("/quan-tri/hoat-dong/moi"),
            &event_form(&[
                ("kind", "citizen_reception"),
                ("title", "Tiếp công dân định kỳ tháng 12"),
                ("unit", "00004"),
                ("received_total", "8"),
                ("agenda", ""),
            ]),
        )
        .await;
        assert_eq!(status, 303);
        let rec = id_in(&to, "/quan-tri/hoat-dong/");
        let url = t.at(&format!("/quan-tri/hoat-dong/{rec}/tiep-cong-dan"));
        let (status, _, page) = post(&c, url.clone(), &[("fields", "Đất đai năm")]).await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#rc-fields-err")[0].contains("Đất đai: 5"));
        let (status, _, _) = post(&c, url, &[("fields", "Đất đai: 5\nNhà ở: 3")]).await;
        assert_eq!(status, 303);
        let p = caunoi_app::events::page(&t.app, &staff, rec).await.unwrap();
        assert_eq!(
            p.reception,
            [("Đất đai".to_owned(), 5), ("Nhà ở".to_owned(), 3)]
        );
        assert_eq!(p.event.received_total, Some(8));
        assert_eq!(p.event.unit_code.as_deref(), Some("00004"));

        // A clerk of another province cannot see nor change Hà Nội's draft event.
        let (other, _) = t.signed_in_as(Role::Clerk, "79").await;
        let (status, _) = get(&other, t.at(&format!("/quan-tri/hoat-dong/{sup}"))).await;
        assert!(matches!(status, 403 | 404), "{status}");
        let (status, _, _) = post(
            &other,
            t.at(&format!("/quan-tri/hoat-dong/{sup}")),
            &event_form(&[("kind", "supervision"), ("title", "Sửa trái phép")]),
        )
        .await;
        assert!(matches!(status, 403 | 404), "{status}");
        let (status, _, _) = post(
            &other,
            t.at(&format!("/quan-tri/hoat-dong/{sup}/kien-nghi/{rid}")),
            &[("status", "open")],
        )
        .await;
        assert!(matches!(status, 403 | 404), "{status}");
        let p = caunoi_app::events::page(&t.app, &staff, sup).await.unwrap();
        assert_eq!(p.event.title, "Giám sát việc thu gom rác thải sinh hoạt");
        assert_eq!(p.recommendations[0].status, "done");
    }
);

both_engines!(
    a_resolution_replaced_by_another_in_force_is_replaced,
    Data::Demo,
    |t: TestApp| async move {
        let (c, _) = t.signed_in_as(Role::Clerk, "01").await;
        let form = |number: &'static str,
                    adopted: &'static str,
                    effective: &'static str,
                    replaces: &'static str| {
            vec![
                ("council", "01"),
                ("number", number),
                (
                    "title",
                    "Quy định mức hỗ trợ học phí cho học sinh trung học cơ sở",
                ),
                ("field", "Giáo dục"),
                ("adopted_on", adopted),
                ("effective_on", effective),
                ("expires_on", ""),
                ("session_id", ""),
                ("body_md", ""),
                ("state", "published"),
                ("amends", ""),
                ("replaces", replaces),
            ]
        };
        let (status, _, page) = post(
            &c,
            t.at("/quan-tri/nghi-quyet/moi"),
            &form("41/2026/NQ-HĐND", "30/02/2026", "", ""),
        )
        .await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#r-adopted-err")[0].contains("31/12/2026"));

        let (status, to, _) = post(
            &c,
            t.at("/quan-tri/nghi-quyet/moi"),
            &form("41/2026/NQ-HĐND", "10/07/2026", "20/07/2026", ""),
        )
        .await;
        assert_eq!(status, 303);
        let first = id_in(&to, "/quan-tri/nghi-quyet/");
        let status_of = |id: i64| {
            let app = t.app.clone();
            async move {
                caunoi_app::resolutions::detail(&app, &anonymous(), id)
                    .await
                    .unwrap()
                    .status
            }
        };
        assert_eq!(status_of(first).await, ResolutionStatus::Effective);

        // Replacing a number not recorded is refused beside the field.
        let (status, _, page) = post(
            &c,
            t.at("/quan-tri/nghi-quyet/moi"),
            &form(
                "42/2026/NQ-HĐND",
                "15/10/2026",
                "01/11/2026",
                "40/2026/NQ-HĐND",
            ),
        )
        .await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#r-replaces-err")[0].contains("40/2026/NQ-HĐND"));

        let (status, to, _) = post(
            &c,
            t.at("/quan-tri/nghi-quyet/moi"),
            &form(
                "42/2026/NQ-HĐND",
                "15/10/2026",
                "01/11/2026",
                "41/2026/NQ-HĐND",
            ),
        )
        .await;
        assert_eq!(status, 303);
        let second = id_in(&to, "/quan-tri/nghi-quyet/");
        assert_eq!(status_of(first).await, ResolutionStatus::Replaced);
        assert_eq!(status_of(second).await, ResolutionStatus::Effective);
        let (_, page) = get(&c, t.at(&format!("/quan-tri/nghi-quyet/{first}"))).await;
        assert_eq!(texts(&page, ".rec-status"), ["Đã bị thay thế"]);
        assert!(page.contains(&format!(r#"href="/quan-tri/nghi-quyet/{second}""#)));
        let (_, page) = get(&c, t.at(&format!("/quan-tri/nghi-quyet/{second}"))).await;
        assert_eq!(texts(&page, "#r-replaces")[0], "41/2026/NQ-HĐND");
        let (_, list) = get(&c, t.at("/quan-tri/nghi-quyet")).await;
        assert!(list.contains("41/2026/NQ-HĐND") && list.contains("42/2026/NQ-HĐND"));

        // The signed file: a PNG named .pdf is refused; a DOCX fills the empty text.
        let upload = |bytes: Vec<u8>, name: &'static str| {
            let f = Form::new()
                .text("title", "Nghị quyết số 42/2026/NQ-HĐND")
                .part("file", Part::bytes(bytes).file_name(name));
            post_multipart(&c, t.at(&format!("/quan-tri/nghi-quyet/{second}/tep")), f)
        };
        let (status, _, page) = upload(png(), "nghi-quyet.pdf").await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#d-file-err")[0].contains("Chỉ nhận tệp PDF hoặc DOCX"));
        let (status, _, _) = upload(
            docx(&[
                "NGHỊ QUYẾT",
                "Quy định mức hỗ trợ học phí từ năm học 2026–2027.",
            ]),
            "nghi-quyet.docx",
        )
        .await;
        assert_eq!(status, 303);
        let d = caunoi_app::resolutions::detail(&t.app, &anonymous(), second)
            .await
            .unwrap();
        assert_eq!(d.documents.len(), 1);
        assert!(
            d.resolution
                .body_md
                .contains("Quy định mức hỗ trợ học phí từ năm học")
        );
    }
);

both_engines!(
    only_those_who_keep_the_record_get_in,
    Data::Demo,
    |t: TestApp| async move {
        let pages = [
            "/quan-tri/dai-bieu",
            "/quan-tri/dai-bieu/nhap",
            "/quan-tri/dai-bieu/don-vi-bau-cu",
            "/quan-tri/hoat-dong",
            "/quan-tri/hoat-dong/moi",
            "/quan-tri/nghi-quyet",
            "/quan-tri/nghi-quyet/moi",
        ];
        for role in [Role::Editor, Role::Contributor] {
            let (c, _) = t.signed_in_as(role, "01").await;
            for p in pages {
                assert_eq!(get(&c, t.at(p)).await.0, 403, "{role:?} {p}");
            }
            let (status, _, _) = post(
                &c,
                t.at("/quan-tri/dai-bieu"),
                &[("full_name", "Người không được thêm")],
            )
            .await;
            assert_eq!(status, 403, "{role:?}");
            let (status, _, _) = post(&c, t.at("/quan-tri/hoat-dong/moi"), &event_form(&[])).await;
            assert_eq!(status, 403, "{role:?}");
            let f = Form::new()
                .text("body_id", "1")
                .text("text", "Họ và tên\nA B\n");
            let (status, _, _) = post_multipart(&c, t.at("/quan-tri/dai-bieu/nhap"), f).await;
            assert_eq!(status, 403, "{role:?}");
            let (_, home) = get(&c, t.at("/quan-tri")).await;
            assert!(!home.contains("/quan-tri/dai-bieu"), "{role:?}");
        }
        let anon = t.client();
        let (status, to, _) =
            post(&anon, t.at("/quan-tri/dai-bieu"), &[("full_name", "Ai đó")]).await;
        assert_eq!(status, 303);
        assert!(to.starts_with("/dang-nhap"));
        let (c, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (_, home) = get(&c, t.at("/quan-tri")).await;
        for p in [
            "/quan-tri/dai-bieu",
            "/quan-tri/hoat-dong",
            "/quan-tri/nghi-quyet",
        ] {
            assert!(home.contains(&format!(r#"href="{p}""#)), "{p}");
        }
    }
);
