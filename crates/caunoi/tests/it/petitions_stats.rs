//! Petition figures and reports through the front door: the public pages and API per agency
//! and field on a known set (including the minimum-count rule), the office's dashboard and
//! its session reports read back as DOCX and XLSX, and who may see what.

use caunoi_domain::Role;
use caunoi_domain::petition::TrackingCode;
use caunoi_store::events::{self, EventFields};
use caunoi_store::petitions::{self as store, NewPetition, Processing};
use caunoi_store::{Tx, councils};
use caunoi_testkit::http::{get, get_json};
use caunoi_testkit::{Data, TestApp, both_engines, texts};
use std::io::{Cursor, Read};
use time::{Date, Duration, Month, OffsetDateTime};

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::from_calendar_date(y, Month::try_from(m).unwrap(), day).unwrap()
}

/// One petition of a known set: how it was answered.
struct Spec {
    title: &'static str,
    state: &'static str,
    moderation: &'static str,
    agency: Option<i64>,
    field: Option<i64>,
    forwarded: Option<Date>,
    deadline: Option<Date>,
    answered: Option<Date>,
    kind: Option<&'static str>,
    rating: Option<&'static str>,
    event: Option<i64>,
    received: OffsetDateTime,
}

impl Spec {
    fn new(title: &'static str) -> Spec {
        Spec {
            title,
            state: "received",
            moderation: "approved",
            agency: None,
            field: None,
            forwarded: None,
            deadline: None,
            answered: None,
            kind: None,
            rating: None,
            event: None,
            received: d(2026, 2, 20).midnight().assume_utc(),
        }
    }
}

async fn add(tx: &mut Tx, council_id: i64, n: u8, s: Spec) -> i64 {
    let id = store::insert(
        tx,
        &NewPetition {
            council_id,
            code: TrackingCode::from_random([0x11, n, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77])
                .as_str()
                .to_owned(),
            channel: if s.event.is_some() {
                "voter_meeting"
            } else {
                "online"
            }
            .into(),
            state: "received".into(),
            moderation: s.moderation.into(),
            title: s.title.into(),
            body: format!("Cử tri phản ánh: {}.", s.title),
            field_id: s.field,
            unit_id: None,
            place: None,
            event_id: s.event,
            voters: 2,
            public_name: None,
        },
        s.received,
    )
    .await
    .unwrap();
    store::save_processing(
        tx,
        id,
        &Processing {
            state: s.state.into(),
            moderation: s.moderation.into(),
            field_id: s.field,
            unit_id: None,
            agency_id: s.agency,
            merged_into: None,
            voters: 2,
            forwarded_on: s.forwarded,
            deadline: s.deadline,
            answer: s
                .answered
                .map(|_| "Cơ quan đã kiểm tra và trả lời.".to_owned()),
            answer_kind: s.kind.map(str::to_owned),
            promised_on: None,
            answered_on: s.answered,
            reason: None,
            satisfaction: s.rating.map(str::to_owned),
            very_overdue_after: None,
        },
        s.received,
    )
    .await
    .unwrap();
    id
}

/// Agency "Sở Thử nghiệm" in field "Lĩnh vực thử": 8 counted petitions (6 answered: 4 on time,
/// 3 resolved, 62 working days in all; 1 overdue; 1 awaiting in time), and 3 that never count
/// (rejected, merged, awaiting moderation). Agency "Sở Ít việc" in "Lĩnh vực ít": 2 answered,
/// below the minimum.
async fn known_set(t: &TestApp) {
    let mut tx = t.app.db.write().await.unwrap();
    let council = councils::primary(&mut tx).await.unwrap().unwrap().id;
    let a = store::insert_agency(&mut tx, council, "so-thu-nghiem", "Sở Thử nghiệm", None)
        .await
        .unwrap();
    let b = store::insert_agency(&mut tx, council, "so-it-viec", "Sở Ít việc", None)
        .await
        .unwrap();
    let f = store::insert_field(&mut tx, council, "linh-vuc-thu", "Lĩnh vực thử", 90)
        .await
        .unwrap();
    let g = store::insert_field(&mut tx, council, "linh-vuc-it", "Lĩnh vực ít", 91)
        .await
        .unwrap();
    let fwd = d(2026, 3, 2); // a Monday
    let answered = |title, on: Date, deadline: Date, kind, rating| Spec {
        state: "published",
        agency: Some(a),
        field: Some(f),
        forwarded: Some(fwd),
        deadline: Some(deadline),
        answered: Some(on),
        kind: Some(kind),
        rating,
        ..Spec::new(title)
    };
    let specs = vec![
        // 4, 5, 9, 10, 15 and 19 working days after Monday 2 March 2026.
        answered(
            "Sửa đèn chiếu sáng ngõ 12",
            d(2026, 3, 6),
            d(2026, 3, 30),
            "resolved",
            Some("yes"),
        ),
        answered(
            "Nạo vét cống thoát nước",
            d(2026, 3, 9),
            d(2026, 3, 30),
            "resolved",
            Some("no"),
        ),
        answered(
            "Lắp biển báo gần trường học",
            d(2026, 3, 13),
            d(2026, 3, 30),
            "in_progress",
            None,
        ),
        answered(
            "Thu gom rác tồn đọng",
            d(2026, 3, 16),
            d(2026, 3, 30),
            "resolved",
            None,
        ),
        answered(
            "Cấp nước sạch cho tổ dân phố 3",
            d(2026, 3, 23),
            d(2026, 3, 20),
            "in_progress",
            None,
        ),
        answered(
            "Giải phóng mặt bằng đường vành đai",
            d(2026, 3, 27),
            d(2026, 3, 20),
            "not_competent",
            None,
        ),
        Spec {
            state: "forwarded",
            agency: Some(a),
            field: Some(f),
            forwarded: Some(fwd),
            deadline: Some(d(2026, 4, 1)),
            ..Spec::new("Sửa mặt đường bị lún")
        },
        Spec {
            state: "forwarded",
            agency: Some(a),
            field: Some(f),
            forwarded: Some(fwd),
            deadline: Some(d(2099, 12, 31)),
            ..Spec::new("Trồng cây xanh vỉa hè")
        },
        Spec {
            state: "rejected",
            agency: Some(a),
            field: Some(f),
            ..Spec::new("Nội dung không thuộc phạm vi")
        },
        Spec {
            state: "merged",
            agency: Some(a),
            field: Some(f),
            ..Spec::new("Trùng với kiến nghị khác")
        },
        Spec {
            moderation: "pending",
            agency: Some(a),
            field: Some(f),
            ..Spec::new("Chưa kiểm duyệt")
        },
        Spec {
            agency: Some(b),
            field: Some(g),
            ..answered(
                "Kiến nghị ít một",
                d(2026, 3, 6),
                d(2026, 3, 30),
                "resolved",
                None,
            )
        },
        Spec {
            agency: Some(b),
            field: Some(g),
            ..answered(
                "Kiến nghị ít hai",
                d(2026, 3, 6),
                d(2026, 3, 30),
                "resolved",
                None,
            )
        },
    ];
    for (i, s) in specs.into_iter().enumerate() {
        add(&mut tx, council, i as u8, s).await;
    }
    tx.commit().await.unwrap();
    // Written around the use cases, as petitions answered before answer times were stored:
    // the start-up fill records them (and finds nothing the second time).
    let filled = caunoi_app::petitions::stats::fill_answer_days(&t.app)
        .await
        .unwrap();
    assert!(filled > 0);
    assert_eq!(
        caunoi_app::petitions::stats::fill_answer_days(&t.app)
            .await
            .unwrap(),
        0
    );
}

/// Each row of the tables `tr` selects, its cells' texts joined by a space.
fn rows(html: &str, tr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let tr = scraper::Selector::parse(tr).unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    doc.select(&tr)
        .map(|r| {
            r.select(&cell)
                .map(|c| {
                    c.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn figures(html: &str) -> Vec<(String, String)> {
    texts(html, ".pst-figures dt")
        .into_iter()
        .zip(texts(html, ".pst-figures dd"))
        .collect()
}

fn figure(html: &str, label: &str) -> String {
    figures(html)
        .into_iter()
        .find(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("{label} missing in {:?}", figures(html)))
        .1
}

both_engines!(
    figures_per_agency_and_field_follow_the_definitions,
    Data::Demo,
    |t: TestApp| async move {
        known_set(&t).await;
        let c = t.client();
        for path in [
            "/kien-nghi/co-quan/so-thu-nghiem",
            "/kien-nghi/linh-vuc/linh-vuc-thu",
        ] {
            let (status, page) = get(&c, t.at(path)).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(figure(&page, "Đã nhận"), "8", "{path}");
            assert_eq!(figure(&page, "Đã trả lời"), "6");
            assert_eq!(figure(&page, "Tỷ lệ trả lời đúng hạn"), "66,7%");
            assert_eq!(
                figure(&page, "Thời gian trả lời trung bình"),
                "10,3 ngày làm việc"
            );
            assert_eq!(figure(&page, "Tỷ lệ đã giải quyết"), "50%");
            // Two ratings are below the minimum of five.
            assert_eq!(
                figure(&page, "Cử tri xác nhận đã giải quyết"),
                "chưa đủ số liệu"
            );
            assert_eq!(figure(&page, "Đang quá hạn"), "1");
            // The list is filtered: the agency's public petitions, not the rejected one.
            let titles = texts(&page, ".petitions h3");
            assert!(
                titles.contains(&"Sửa mặt đường bị lún".to_owned()),
                "{titles:?}"
            );
            assert!(!titles.iter().any(|x| x.contains("không thuộc phạm vi")));
            assert!(!titles.iter().any(|x| x.contains("Kiến nghị ít")));
            assert!(page.contains("Các tỷ lệ chỉ hiển thị khi có từ 5 câu trả lời"));
        }
        // Two answers: counts shown, rates withheld.
        let (_, few) = get(&c, t.at("/kien-nghi/co-quan/so-it-viec")).await;
        assert_eq!(figure(&few, "Đã trả lời"), "2");
        for label in [
            "Tỷ lệ trả lời đúng hạn",
            "Thời gian trả lời trung bình",
            "Tỷ lệ đã giải quyết",
        ] {
            assert_eq!(figure(&few, label), "chưa đủ số liệu", "{label}");
        }
        // The list of agencies has the same figures in its row.
        let (status, list) = get(&c, t.at("/kien-nghi/co-quan")).await;
        assert_eq!(status, 200);
        let row = rows(&list, ".pst-table tbody tr")
            .into_iter()
            .find(|r| r.starts_with("Sở Thử nghiệm"))
            .unwrap();
        assert_eq!(
            row,
            "Sở Thử nghiệm 8 6 66,7% 10,3 ngày làm việc 50% chưa đủ số liệu 1"
        );
        let (status, fields) = get(&c, t.at("/kien-nghi/linh-vuc")).await;
        assert_eq!(status, 200);
        assert!(texts(&fields, ".pst-table tbody th").contains(&"Lĩnh vực ít".to_owned()));
        let (status, _) = get(&c, t.at("/kien-nghi/co-quan/khong-co")).await;
        assert_eq!(status, 404);

        // The API says the same in numbers; null below the minimum.
        let (_, api) = get_json(&c, t.at("/api/v1/petitions/stats?by=agency")).await;
        assert_eq!(api["min_answered"], 5);
        let rows = api["rows"].as_array().unwrap();
        let a = rows.iter().find(|r| r["slug"] == "so-thu-nghiem").unwrap();
        assert_eq!(a["received"], 8);
        assert_eq!(a["answered"], 6);
        assert_eq!(a["overdue"], 1);
        assert_eq!(a["on_time_rate"], 0.667);
        assert_eq!(a["average_answer_days"], 10.3);
        assert_eq!(a["resolved_share"], 0.5);
        assert_eq!(a["rated"], 2);
        assert!(a["rated_resolved_share"].is_null());
        assert!(
            a["url"]
                .as_str()
                .unwrap()
                .ends_with("/kien-nghi/co-quan/so-thu-nghiem")
        );
        let b = rows.iter().find(|r| r["slug"] == "so-it-viec").unwrap();
        assert_eq!(b["enough_data"], false);
        assert!(b["on_time_rate"].is_null() && b["average_answer_days"].is_null());
        let (_, by_field) = get_json(&c, t.at("/api/v1/petitions/stats?by=field")).await;
        let f = by_field["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["slug"] == "linh-vuc-thu")
            .unwrap();
        assert_eq!(f["on_time_rate"], 0.667);
        let bad = c
            .get(t.at("/api/v1/petitions/stats?by=quan"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status().as_u16(), 422);
        let problem: serde_json::Value = bad.json().await.unwrap();
        assert!(problem.to_string().contains("by"), "{problem}");
    }
);

both_engines!(
    the_dashboard_draws_accessible_charts_for_the_office_only,
    Data::Demo,
    |t: TestApp| async move {
        known_set(&t).await;
        let path = "/quan-tri/kien-nghi/thong-ke?tu=2026-01&den=2026-12";
        let anonymous = t.client();
        let r = anonymous.get(t.at(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 303);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/dang-nhap")
        );
        for role in [Role::Citizen, Role::Editor, Role::Agency, Role::Delegate] {
            let c = t.signed_in(role).await;
            let (status, _) = get(&c, t.at(path)).await;
            assert_eq!(status, 403, "{role:?}");
        }
        let clerk = t.signed_in(Role::Clerk).await;
        let (status, page) = get(&clerk, t.at(path)).await;
        assert_eq!(status, 200);
        assert!(!page.contains("<script"), "no JavaScript");
        let doc = scraper::Html::parse_document(&page);
        let svg = scraper::Selector::parse("svg.chart").unwrap();
        let charts: Vec<_> = doc.select(&svg).collect();
        assert_eq!(charts.len(), 3, "months, fields, timeliness");
        for c in &charts {
            assert_eq!(c.value().attr("role"), Some("img"));
            let ids = c.value().attr("aria-labelledby").unwrap();
            for id in ids.split(' ') {
                assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
            }
            assert!(c.value().attr("viewBox").is_some(), "scales to the screen");
        }
        // Each chart has its table: February 2026 holds the 10 counted petitions of the set.
        let months = rows(&page, "table tbody tr");
        assert!(months.contains(&"02/2026 10".to_owned()), "{months:?}");
        assert!(months.contains(&"01/2026 0".to_owned()));
        // Only agencies with enough answers are drawn for timeliness.
        let timely = texts(
            &page,
            "svg#pst-timely, svg[aria-labelledby^=pst-timely] text",
        );
        assert!(timely.iter().any(|x| x == "Sở Thử nghiệm"), "{timely:?}");
        assert!(!timely.iter().any(|x| x == "Sở Ít việc"));

        for (bad, says) in [
            ("?tu=2026-13", "NNNN-TT"),
            ("?tu=2026-06&den=2026-01", "tháng bắt đầu"),
            ("?tu=2020-01&den=2026-01", "36 tháng"),
            ("?hdnd=abc", "Hội đồng"),
        ] {
            let (status, page) =
                get(&clerk, t.at(&format!("/quan-tri/kien-nghi/thong-ke{bad}"))).await;
            assert_eq!(status, 422, "{bad}");
            assert!(
                page.to_lowercase().contains(&says.to_lowercase()),
                "{bad}: {page}"
            );
        }
    }
);

fn event(council_id: i64, kind: &str, title: &str, starts: OffsetDateTime) -> EventFields {
    EventFields {
        council_id,
        kind: kind.into(),
        session_kind: (kind == "session").then(|| "regular".to_owned()),
        title: title.into(),
        slug: vntext::slug(title),
        summary: String::new(),
        starts_at: starts,
        ends_at: starts + Duration::days(2),
        place: "Hội trường".into(),
        unit_id: None,
        session_id: None,
        session_timing: None,
        organisers: String::new(),
        stream_url: None,
        minutes_md: String::new(),
        report_md: String::new(),
        received_total: None,
        state: "published".into(),
    }
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    z.file_names().map(|n| n.unwrap().into_owned()).collect()
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The table of a report's first sheet: its heading row ("STT" first) and the rows up to the
/// blank row before the signature.
fn report_table(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    rows.into_iter()
        .skip_while(|r| r.first().map(String::as_str) != Some("STT"))
        .take_while(|r| !r.is_empty())
        .collect()
}

/// A session with a voter meeting before it, the previous session, and petitions raised at
/// each and online; returns the session's id and a meeting's id.
async fn session_set(t: &TestApp) -> (i64, i64) {
    let now = caunoi_store::now();
    let mut tx = t.app.db.write().await.unwrap();
    let council = councils::primary(&mut tx).await.unwrap().unwrap().id;
    let previous = events::insert(
        &mut tx,
        &event(
            council,
            "session",
            "Kỳ họp thứ Chín",
            now - Duration::days(40),
        ),
        now,
    )
    .await
    .unwrap();
    let session = events::insert(
        &mut tx,
        &event(
            council,
            "session",
            "Kỳ họp thứ Mười",
            now + Duration::days(10),
        ),
        now,
    )
    .await
    .unwrap();
    let meeting = events::insert(
        &mut tx,
        &EventFields {
            session_id: Some(session),
            session_timing: Some("before".into()),
            ..event(
                council,
                "voter_meeting",
                "Tiếp xúc cử tri phường Ba Đình",
                now - Duration::days(3),
            )
        },
        now,
    )
    .await
    .unwrap();
    let old_meeting = events::insert(
        &mut tx,
        &EventFields {
            session_id: Some(previous),
            session_timing: Some("before".into()),
            ..event(
                council,
                "voter_meeting",
                "Tiếp xúc cử tri trước kỳ họp thứ Chín",
                now - Duration::days(50),
            )
        },
        now,
    )
    .await
    .unwrap();
    let fields = store::fields(&mut tx, council).await.unwrap();
    let field = |slug: &str| fields.iter().find(|f| f.slug == slug).map(|f| f.id);
    let agencies = store::agencies(&mut tx, council).await.unwrap();
    let agency = |slug: &str| agencies.iter().find(|a| a.slug == slug).map(|a| a.id);
    let today = caunoi_app::registry::today();
    let specs = [
        Spec {
            state: "published",
            event: Some(meeting),
            field: field("giao-thong"),
            agency: agency("so-xay-dung"),
            forwarded: Some(today - Duration::days(3)),
            deadline: Some(today + Duration::days(20)),
            answered: Some(today - Duration::days(1)),
            kind: Some("resolved"),
            received: now - Duration::days(3),
            ..Spec::new("Đề nghị nâng cấp đường Nguyễn Trãi")
        },
        Spec {
            event: Some(meeting),
            field: field("y-te"),
            received: now - Duration::days(3),
            ..Spec::new("Cải tạo trạm y tế phường Điện Biên")
        },
        Spec {
            state: "forwarded",
            field: field("giao-thong"),
            agency: agency("ubnd-thanh-pho"),
            forwarded: Some(today - Duration::days(40)),
            deadline: Some(today - Duration::days(5)),
            received: now - Duration::days(1),
            ..Spec::new("Ùn tắc giờ cao điểm ở nút giao Kim Mã")
        },
        Spec {
            field: field("giao-thong"),
            received: now - Duration::days(60),
            ..Spec::new("Kiến nghị gửi trước kỳ họp thứ Chín")
        },
        Spec {
            event: Some(old_meeting),
            field: field("giao-thong"),
            received: now - Duration::days(50),
            ..Spec::new("Kiến nghị tại cuộc tiếp xúc kỳ trước")
        },
    ];
    for (i, s) in specs.into_iter().enumerate() {
        add(&mut tx, council, 100 + i as u8, s).await;
    }
    tx.commit().await.unwrap();
    (session, meeting)
}

both_engines!(
    session_reports_read_back_as_word_and_excel,
    Data::Demo,
    |t: TestApp| async move {
        let (session, meeting) = session_set(&t).await;
        let clerk = t.signed_in(Role::Clerk).await;
        let (status, page) = get(&clerk, t.at("/quan-tri/kien-nghi/bao-cao")).await;
        assert_eq!(status, 200);
        assert!(page.contains(&format!(
            "/quan-tri/kien-nghi/bao-cao/{session}/tong-hop/docx"
        )));
        assert!(page.contains("Kỳ họp thứ Mười"));

        let download = |kind: &'static str, fmt: &'static str| {
            let clerk = clerk.clone();
            let url = t.at(&format!(
                "/quan-tri/kien-nghi/bao-cao/{session}/{kind}/{fmt}"
            ));
            async move {
                let r = clerk.get(url).send().await.unwrap();
                assert_eq!(r.status().as_u16(), 200, "{kind}/{fmt}");
                let disposition = r.headers()["content-disposition"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                assert!(
                    disposition.starts_with("attachment;")
                        && disposition.ends_with(&format!(".{fmt}\""))
                );
                let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
                assert!(
                    ct.starts_with("application/vnd.openxmlformats-officedocument."),
                    "{ct}"
                );
                r.bytes().await.unwrap().to_vec()
            }
        };

        // The compilation: this session's meeting and what came online since the previous
        // session, nothing from before it.
        let xlsx = download("tong-hop", "xlsx").await;
        let names = zip_names(&xlsx);
        for part in [
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        ] {
            assert!(names.contains(&part.to_owned()), "{part} in {names:?}");
        }
        assert!(zip_part(&xlsx, "xl/workbook.xml").contains("Tổng hợp kiến nghị"));
        let rows = report_table(caunoi_import::sheet::read_table(&xlsx).unwrap());
        assert_eq!(
            rows[0][..4],
            ["STT", "Lĩnh vực", "Cơ quan giải quyết", "Tiêu đề"]
        );
        // The set's petitions (the demo's online ones of the last days are in the window too).
        let ours = [
            "Đề nghị nâng cấp đường Nguyễn Trãi",
            "Ùn tắc giờ cao điểm ở nút giao Kim Mã",
            "Cải tạo trạm y tế phường Điện Biên",
        ];
        let mine: Vec<&Vec<String>> = rows[1..]
            .iter()
            .filter(|r| ours.contains(&r[3].as_str()))
            .collect();
        let titles: Vec<&str> = mine.iter().map(|r| r[3].as_str()).collect();
        assert_eq!(
            titles, ours,
            "by field (Giao thông before Y tế), then agency by name"
        );
        assert_eq!(mine[0][1], "Giao thông");
        assert_eq!(mine[0][2], "Sở Xây dựng");
        assert!(mine[0][5].contains("Tiếp xúc cử tri phường Ba Đình"));
        assert_eq!(mine[1][2], "UBND Thành phố Hà Nội");
        assert_eq!(mine[1][5], "Gửi trực tuyến");
        assert_eq!(mine[2][2], "Chưa chuyển cơ quan giải quyết");
        let numbers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        let expected: Vec<String> = (1..rows.len()).map(|i| i.to_string()).collect();
        assert_eq!(numbers, expected, "numbered in order");
        let all: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();

        let docx = download("tong-hop", "docx").await;
        assert!(zip_names(&docx).contains(&"word/document.xml".to_owned()));
        let text = caunoi_import::doctext::extract(&docx).unwrap().text;
        let at = |s: &str| {
            text.find(s)
                .unwrap_or_else(|| panic!("{s} missing in {text}"))
        };
        assert!(at("BÁO CÁO TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI") < at("I. Lĩnh vực Giao thông"));
        assert!(at("I. Lĩnh vực Giao thông") < at("Cơ quan giải quyết: Sở Xây dựng"));
        assert!(at("Cơ quan giải quyết: Sở Xây dựng") < at("Đề nghị nâng cấp đường Nguyễn Trãi"));
        assert!(at("Đề nghị nâng cấp đường Nguyễn Trãi") < at("II. Lĩnh vực Y tế"));
        assert!(text.contains(&format!("Tổng số: {} kiến nghị", all.len())));
        for excluded in [
            "Kiến nghị gửi trước kỳ họp thứ Chín",
            "Kiến nghị tại cuộc tiếp xúc kỳ trước",
        ] {
            assert!(!text.contains(excluded), "{excluded}");
            assert!(!all.contains(&excluded), "{excluded}");
        }

        // The answers, by agency, with timeliness.
        let answers = report_table(
            caunoi_import::sheet::read_table(&download("tra-loi", "xlsx").await).unwrap(),
        );
        let header = &answers[0];
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let line = |title: &str| {
            answers
                .iter()
                .find(|r| r[col("Tiêu đề")] == title)
                .unwrap()
                .clone()
        };
        let answered = line("Đề nghị nâng cấp đường Nguyễn Trãi");
        assert_eq!(answered[col("Tiến độ")], "Đúng hạn");
        assert_eq!(answered[col("Kết quả")], "Đã giải quyết");
        assert_eq!(
            answered[col("Nội dung trả lời")],
            "Cơ quan đã kiểm tra và trả lời."
        );
        assert_eq!(
            line("Ùn tắc giờ cao điểm ở nút giao Kim Mã")[col("Tiến độ")],
            "Quá hạn"
        );
        let text = caunoi_import::doctext::extract(&download("tra-loi", "docx").await)
            .unwrap()
            .text;
        assert!(text.contains("BÁO CÁO KẾT QUẢ GIẢI QUYẾT, TRẢ LỜI Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"));
        assert!(text.contains(&format!("/{} kiến nghị.", all.len())));

        // Refusals: not the office, not a session, not a report.
        let agency = t.signed_in(Role::Agency).await;
        let (status, _) = get(
            &agency,
            t.at(&format!(
                "/quan-tri/kien-nghi/bao-cao/{session}/tong-hop/docx"
            )),
        )
        .await;
        assert_eq!(status, 403);
        let (status, _) = get(&agency, t.at("/quan-tri/kien-nghi/bao-cao")).await;
        assert_eq!(status, 403);
        let (status, _) = get(
            &clerk,
            t.at(&format!(
                "/quan-tri/kien-nghi/bao-cao/{meeting}/tong-hop/docx"
            )),
        )
        .await;
        assert_eq!(status, 404, "a voter meeting is not a session");
        let (status, _) = get(
            &clerk,
            t.at(&format!(
                "/quan-tri/kien-nghi/bao-cao/{session}/tong-hop/pdf"
            )),
        )
        .await;
        assert_eq!(status, 404);
    }
);

/// The report form as the clerk fills it in, for `session`.
fn filled(session: i64, kind: &str, format: &str) -> Vec<(&'static str, String)> {
    [
        ("ky-hop", session.to_string()),
        ("loai", kind.into()),
        ("dinh-dang", format.into()),
        ("co-quan", "HỘI ĐỒNG NHÂN DÂN\r\nTHÀNH PHỐ HÀ NỘI".into()),
        ("so", "125".into()),
        ("dia-danh", "Hà Nội".into()),
        ("ngay", "05/12/2026".into()),
        ("tham-quyen", "tm. thường trực hđnd\r\nKT. Chủ tịch".into()),
        ("chuc-vu", "Phó Chủ tịch".into()),
        ("nguoi-ky", "Trần Thị Bình".into()),
        (
            "noi-nhan",
            "- Thường trực HĐND Thành phố;\r\n- Các vị đại biểu HĐND Thành phố;\r\n- Lưu: VT."
                .into(),
        ),
    ]
    .into()
}

both_engines!(
    the_report_form_prints_the_official_header,
    Data::Demo,
    |t: TestApp| async move {
        let (session, _) = session_set(&t).await;
        let clerk = t.signed_in(Role::Clerk).await;

        // The form starts from the council: its name, its place, today, its chair.
        let (status, page) = get(&clerk, t.at("/quan-tri/kien-nghi/bao-cao")).await;
        assert_eq!(status, 200);
        assert_eq!(
            texts(&page, "#r-issuer"),
            ["HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI"]
        );
        let value = |id: &str| {
            let doc = scraper::Html::parse_document(&page);
            let sel = scraper::Selector::parse(&format!("#{id}")).unwrap();
            doc.select(&sel)
                .next()
                .and_then(|e| e.value().attr("value"))
                .unwrap_or_else(|| panic!("{id} in {page}"))
                .to_owned()
        };
        assert_eq!(value("r-place"), "Hà Nội");
        assert_eq!(
            value("r-date"),
            caunoi_domain::vntime::format_date(caunoi_app::registry::today())
        );
        assert_eq!(value("r-number"), "");
        assert_eq!(value("r-signer-title"), "CHỦ TỊCH");
        let mut tx = t.app.db.read().await.unwrap();
        let chair = caunoi_store::registry::seats(
            &mut tx,
            &caunoi_store::registry::SeatFilter {
                on: Some(caunoi_app::registry::today()),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|(p, _)| p.organization_kind == "council" && p.role == "chair" && p.unit_code == "01")
        .map(|(_, person)| person.full_name)
        .unwrap();
        drop(tx);
        assert_eq!(value("r-signer"), chair);
        assert_eq!(
            texts(&page, "#r-authority, #r-recipients"),
            ["TM. THƯỜNG TRỰC HĐND", "Như trên; Lưu: VT."]
        );
        assert!(page.contains(&format!("<option value=\"{session}\"")));

        let fetch = |query: Vec<(&'static str, String)>| {
            let req = clerk
                .get(t.at("/quan-tri/kien-nghi/bao-cao/tai-ve"))
                .query(&query);
            async move {
                let r = req.send().await.unwrap();
                assert_eq!(r.status().as_u16(), 200);
                assert!(
                    r.headers()["content-disposition"]
                        .to_str()
                        .unwrap()
                        .starts_with("attachment;")
                );
                r.bytes().await.unwrap().to_vec()
            }
        };

        // Word: the header, title and subject, then at the end recipients and signature.
        let docx = fetch(filled(session, "tong-hop", "docx")).await;
        let xml = zip_part(&docx, "word/document.xml");
        assert!(
            xml.contains("<w:insideV w:val=\"nil\"/>"),
            "a borderless table"
        );
        let text = caunoi_import::doctext::extract(&docx).unwrap().text;
        let title = "BÁO CÁO TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI";
        let head = &text[..text.find(title).unwrap() + title.len()];
        let foot = &text[text.find("Nơi nhận:").unwrap()..];
        insta::assert_snapshot!("report_letterhead", format!("{head}\n[…]\n{foot}"));
        let opens = caunoi_domain::vntime::format_date(
            (caunoi_store::now() + Duration::days(10))
                .to_offset(caunoi_domain::vntime::VIETNAM)
                .date(),
        );
        assert!(text.contains(&format!(
            "{title}\n\nGửi tới Kỳ họp thứ Mười (khai mạc ngày {opens})"
        )));
        assert!(
            text.find("Đề nghị nâng cấp đường Nguyễn Trãi").unwrap()
                < text.find("Nơi nhận:").unwrap()
        );

        // Excel: the same lines in merged rows above and below the table.
        let xlsx = fetch(filled(session, "tra-loi", "xlsx")).await;
        let rows = caunoi_import::sheet::read_table(&xlsx).unwrap();
        let cells = |r: &Vec<String>| -> Vec<String> {
            r.iter().filter(|c| !c.is_empty()).cloned().collect()
        };
        let top: Vec<Vec<String>> = rows.iter().take(7).map(cells).collect();
        assert_eq!(
            top,
            [
                vec!["HỘI ĐỒNG NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                vec!["THÀNH PHỐ HÀ NỘI", "Độc lập - Tự do - Hạnh phúc"],
                vec![],
                vec!["Số: 125/BC-HĐND", "Hà Nội, ngày 05 tháng 12 năm 2026"],
                vec![],
                vec!["BÁO CÁO KẾT QUẢ GIẢI QUYẾT, TRẢ LỜI Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"],
                vec![
                    &format!(
                        "Về các kiến nghị cử tri gửi tới Kỳ họp thứ Mười (khai mạc ngày {opens})"
                    )[..]
                ],
            ]
        );
        assert_eq!(rows[8][..2], ["STT", "Cơ quan giải quyết"]);
        let bottom: Vec<Vec<String>> = rows
            .iter()
            .skip_while(|r| r.first().map(String::as_str) != Some("Nơi nhận:"))
            .map(cells)
            .collect();
        assert_eq!(
            bottom,
            [
                vec!["Nơi nhận:", "TM. THƯỜNG TRỰC HĐND"],
                vec!["- Thường trực HĐND Thành phố;", "KT. CHỦ TỊCH"],
                vec!["- Các vị đại biểu HĐND Thành phố;", "PHÓ CHỦ TỊCH"],
                vec!["- Lưu: VT."],
                vec![],
                vec![],
                vec![],
                vec!["Trần Thị Bình"],
            ]
        );
        let sheet = zip_part(&xlsx, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains("<mergeCell ref=\"A1:C1\"/><mergeCell ref=\"D1:K1\"/>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<mergeCell ref=\"A6:K6\"/>"),
            "the title across"
        );

        // The quick links of the list take the same query.
        let r = clerk
            .get(t.at(&format!(
                "/quan-tri/kien-nghi/bao-cao/{session}/tong-hop/docx"
            )))
            .query(&[("so", "9")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let text = caunoi_import::doctext::extract(&r.bytes().await.unwrap())
            .unwrap()
            .text;
        assert!(text.contains("Số: 9/BC-HĐND"), "{text}");
    }
);

both_engines!(
    the_report_form_names_each_wrong_field,
    Data::Demo,
    |t: TestApp| async move {
        let (session, meeting) = session_set(&t).await;
        let clerk = t.signed_in(Role::Clerk).await;
        let send = |query: Vec<(&'static str, String)>| {
            let req = clerk
                .get(t.at("/quan-tri/kien-nghi/bao-cao/tai-ve"))
                .query(&query);
            async move {
                let r = req.send().await.unwrap();
                let status = r.status().as_u16();
                let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
                assert!(
                    ct.starts_with("text/html"),
                    "the form again, not a file: {ct}"
                );
                (status, r.text().await.unwrap())
            }
        };
        let with = |changes: &[(&'static str, &str)]| {
            let mut q = filled(session, "tong-hop", "docx");
            for (k, v) in changes {
                q.retain(|(name, _)| name != k);
                q.push((k, (*v).to_owned()));
            }
            q
        };

        // Several wrong fields at once: each message beside its field, the values kept.
        let (status, page) = send(with(&[
            ("so", "12a"),
            ("ngay", "31/02/2026"),
            ("tham-quyen", "Thay mặt Thường trực"),
            ("noi-nhan", " - \r\n"),
            ("chuc-vu", ""),
        ]))
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, ".field-error"),
            [
                "Số văn bản: chỉ nhập phần số (ví dụ 125, tối đa 6 chữ số), hoặc để trống khi chưa cấp số.",
                "Ngày ban hành: nhập một ngày có thật theo dạng ngày/tháng/năm, ví dụ 05/12/2026.",
                "Thẩm quyền ký: mỗi dòng bắt đầu bằng TM., KT., TL., TUQ. hoặc Q. (ví dụ TM. THƯỜNG TRỰC HĐND), tối đa 3 dòng; để trống khi người đứng đầu ký trực tiếp.",
                "Chức vụ người ký: nhập chức vụ, ví dụ CHỦ TỊCH hoặc PHÓ CHỦ TỊCH (tối đa 80 ký tự).",
                "Nơi nhận: nhập từ 1 đến 15 nơi nhận, mỗi dòng một nơi, tối đa 150 ký tự (ví dụ Lưu: VT.).",
            ]
        );
        for id in [
            "r-number",
            "r-date",
            "r-authority",
            "r-signer-title",
            "r-recipients",
        ] {
            // aria-describedby names the message ("… r-date-err") and the field is marked.
            assert!(
                page.contains(&format!(" {id}-err\"")),
                "{id} tied to its message"
            );
        }
        assert_eq!(page.matches("aria-invalid=\"true\"").count(), 5);
        assert!(page.contains("value=\"12a\""));
        assert!(page.contains("value=\"31/02/2026\""));
        assert!(page.contains("Thay mặt Thường trực</textarea>"));
        assert!(
            page.contains("value=\"Trần Thị Bình\""),
            "the right fields kept too"
        );

        // The report itself: no session, a voter meeting, an unknown kind or format.
        let mut no_session = filled(session, "tong-hop", "docx");
        no_session.retain(|(k, _)| *k != "ky-hop");
        for (query, message) in [
            (no_session, "Kỳ họp: chọn một kỳ họp trong danh sách."),
            (
                with(&[("ky-hop", &meeting.to_string())]),
                "Kỳ họp: chọn một kỳ họp trong danh sách.",
            ),
            (
                with(&[("ky-hop", "mười")]),
                "Kỳ họp: chọn một kỳ họp trong danh sách.",
            ),
            (
                with(&[("loai", "tong-ket")]),
                "Loại báo cáo: chọn báo cáo tổng hợp hoặc báo cáo kết quả trả lời.",
            ),
            (
                with(&[("dinh-dang", "pdf")]),
                "Định dạng: chọn Word (.docx) hoặc Excel (.xlsx).",
            ),
            (
                with(&[("nguoi-ky", "Trần Thị 3")]),
                "Họ và tên người ký: nhập họ tên đầy đủ, không có chữ số, tối đa 80 ký tự (ví dụ Nguyễn Văn An); để trống nếu sẽ ghi tay.",
            ),
            (
                with(&[("co-quan", "")]),
                "Cơ quan ban hành: nhập tên cơ quan, tối đa 3 dòng, mỗi dòng tối đa 80 ký tự (ví dụ HỘI ĐỒNG NHÂN DÂN, dòng dưới THÀNH PHỐ HÀ NỘI).",
            ),
            (
                with(&[("dia-danh", &"Hà Nội ".repeat(10))]),
                "Địa danh: nhập nơi ban hành, ví dụ Hà Nội (tối đa 50 ký tự).",
            ),
        ] {
            let (status, page) = send(query).await;
            assert_eq!(status, 422, "{message}");
            assert_eq!(texts(&page, ".field-error"), [message]);
        }

        // A quick link with a wrong header value gets the form, filled in for that report.
        let r = clerk
            .get(t.at(&format!(
                "/quan-tri/kien-nghi/bao-cao/{session}/tra-loi/xlsx"
            )))
            .query(&[("ngay", "hôm nay")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 422);
        let page = r.text().await.unwrap();
        assert_eq!(
            texts(&page, ".field-error"),
            ["Ngày ban hành: nhập một ngày có thật theo dạng ngày/tháng/năm, ví dụ 05/12/2026."]
        );
        assert!(page.contains("<option value=\"tra-loi\" selected>"));
        assert!(page.contains("<option value=\"xlsx\" selected>"));

        // A session of a commune's council: the form comes back for that council, with its
        // sessions and its header.
        let (commune, commune_session) = {
            let mut tx = t.app.db.write().await.unwrap();
            let commune = councils::all(&mut tx)
                .await
                .unwrap()
                .into_iter()
                .find(|c| c.unit_code != "01")
                .unwrap();
            let id = events::insert(
                &mut tx,
                &event(
                    commune.id,
                    "session",
                    "Kỳ họp thứ Hai HĐND phường",
                    caunoi_store::now() + Duration::days(5),
                ),
                caunoi_store::now(),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            (commune, id)
        };
        let r = clerk
            .get(t.at(&format!(
                "/quan-tri/kien-nghi/bao-cao/{commune_session}/tong-hop/docx"
            )))
            .query(&[("so", "0")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 422);
        let page = r.text().await.unwrap();
        assert!(
            page.contains(&format!("<option value=\"{commune_session}\" selected>")),
            "{page}"
        );
        let sessions = texts(&page, "#r-session option");
        assert!(
            sessions.len() == 1 && sessions[0].starts_with("Kỳ họp thứ Hai HĐND phường ("),
            "only the commune's: {sessions:?}"
        );
        assert_eq!(
            texts(&page, "#r-issuer"),
            [format!(
                "HỘI ĐỒNG NHÂN DÂN {}",
                caunoi_domain::letterhead::upper(&commune.unit_name)
            )]
        );

        // Not the office: refused before anything is checked.
        let agency = t.signed_in(Role::Agency).await;
        for query in [with(&[]), with(&[("so", "x")]), vec![]] {
            let r = agency
                .get(t.at("/quan-tri/kien-nghi/bao-cao/tai-ve"))
                .query(&query)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 403);
        }
    }
);

#[tokio::test]
async fn an_agency_page_people_read() {
    let t = TestApp::sqlite(Data::Demo).await;
    known_set(&t).await;
    let (_, page) = t.page("/kien-nghi/co-quan/so-thu-nghiem").await;
    let mut lines = texts(&page, "main h1");
    lines.extend(figures(&page).into_iter().map(|(l, v)| format!("{l}: {v}")));
    lines.extend(texts(&page, "main h2, main .petitions li, main .muted"));
    lines.extend(
        texts(&page, ".pst-defs dt")
            .into_iter()
            .zip(texts(&page, ".pst-defs dd"))
            .map(|(l, v)| format!("{l}: {v}")),
    );
    insta::assert_snapshot!("agency_stats_page", lines.join("\n"));
}

both_engines!(
    the_command_line_writes_the_same_reports,
    Data::Demo,
    |t: TestApp| async move {
        let (session, meeting) = session_set(&t).await;
        let dir = t.dir.clone().unwrap();
        let run = |args: Vec<String>| async move {
            tokio::task::spawn_blocking(move || {
                let o = std::process::Command::new(env!("CARGO_BIN_EXE_caunoi"))
                    .args(&args)
                    .output()
                    .unwrap();
                (
                    o.status.success(),
                    String::from_utf8_lossy(&o.stdout).into_owned(),
                    String::from_utf8_lossy(&o.stderr).into_owned(),
                )
            })
            .await
            .unwrap()
        };
        let args = |session: i64, extra: &[&str]| {
            let mut v: Vec<String> = vec![
                "report".into(),
                "petitions".into(),
                "--session".into(),
                session.to_string(),
                "--database-url".into(),
                t.database_url.clone(),
                "--data-dir".into(),
                dir.display().to_string(),
            ];
            v.extend(extra.iter().map(|s| s.to_string()));
            v
        };
        let out = dir.join("tong-hop.xlsx");
        let out_s = out.display().to_string();
        let (ok, said, err) = run(args(session, &["--format", "xlsx", "--out", &out_s])).await;
        assert!(ok, "{err}");
        assert!(said.contains("Kỳ họp thứ Mười"), "{said}");
        let rows = caunoi_import::sheet::read_table(&std::fs::read(&out).unwrap()).unwrap();
        assert!(
            report_table(rows.clone())
                .iter()
                .any(|r| r[3] == "Đề nghị nâng cấp đường Nguyễn Trãi")
        );
        // Without header options, the council's defaults: its name, blank number, today.
        assert_eq!(
            rows[0][..4],
            [
                "HỘI ĐỒNG NHÂN DÂN",
                "",
                "",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            ]
        );
        assert_eq!(rows[3][0], "Số: ……/BC-HĐND");
        let today = caunoi_app::registry::today();
        assert_eq!(
            rows[3][3],
            caunoi_domain::letterhead::date_line("Hà Nội", today)
        );
        // Never overwrites; bad values name the option and the fix.
        let (ok, _, err) = run(args(session, &["--format", "xlsx", "--out", &out_s])).await;
        assert!(!ok && err.contains("already exists"), "{err}");
        let docx = dir.join("tra-loi.docx").display().to_string();
        let (ok, _, err) = run(args(
            session,
            &["--kind", "answers", "--format", "docx", "--out", &docx],
        ))
        .await;
        assert!(ok, "{err}");
        let text = caunoi_import::doctext::extract(&std::fs::read(&docx).unwrap())
            .unwrap()
            .text;
        assert!(text.contains("BÁO CÁO KẾT QUẢ GIẢI QUYẾT"));

        // The header and signature from the options.
        let signed = dir.join("ky.docx").display().to_string();
        let header = [
            "--number",
            "7",
            "--place",
            "Hà Nội",
            "--date",
            "05/02/2027",
            "--authority",
            "TM. THƯỜNG TRỰC HĐND",
            "--authority",
            "KT. CHỦ TỊCH",
            "--signer-title",
            "Phó Chủ tịch",
            "--signer",
            "Lê Văn Cường",
            "--recipient",
            "Như trên;",
            "--recipient",
            "- Lưu: VT, VP.",
        ];
        let mut with_header = vec!["--format", "docx", "--out", &signed];
        with_header.extend(header);
        let (ok, _, err) = run(args(session, &with_header)).await;
        assert!(ok, "{err}");
        let text = caunoi_import::doctext::extract(&std::fs::read(&signed).unwrap())
            .unwrap()
            .text;
        for line in [
            "Số: 7/BC-HĐND",
            "Hà Nội, ngày 05 tháng 02 năm 2027",
            "TM. THƯỜNG TRỰC HĐND\n\nKT. CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\n\nLê Văn Cường",
            "Nơi nhận:\n\n- Như trên;\n\n- Lưu: VT, VP.",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
        // A wrong header option is named with its fix, and nothing is written.
        for (option, value, said) in [
            (
                "--date",
                "2027/31/12",
                "--date: give a real day as dd/mm/yyyy",
            ),
            ("--number", "7a", "--number: use the number only"),
            (
                "--authority",
                "Ký thay Chủ tịch",
                "--authority: start each line with TM., KT.",
            ),
            (
                "--signer-title",
                "",
                "--signer-title: give the signer's title",
            ),
            ("--recipient", "-", "--recipient: give 1 to 15 recipients"),
        ] {
            let bad = dir.join("sai.docx");
            let bad_s = bad.display().to_string();
            let (ok, _, err) = run(args(
                session,
                &["--format", "docx", "--out", &bad_s, option, value],
            ))
            .await;
            assert!(!ok && err.contains(said), "{option} {value}: {err}");
            assert!(!bad.exists(), "{option} {value}");
        }
        let (ok, _, err) = run(args(session, &["--format", "pdf", "--out", "x.pdf"])).await;
        assert!(
            !ok && err.contains("--format: use `docx` or `xlsx`"),
            "{err}"
        );
        let (ok, _, err) = run(args(meeting, &["--format", "docx", "--out", "y.docx"])).await;
        assert!(!ok && err.contains("--session: no session has id"), "{err}");
    }
);
