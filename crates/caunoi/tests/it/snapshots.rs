//! Snapshots of what people and clients read: the frame, the sign-in form, an error page,
//! a problem+json body and the list of API operations. Reviewed like code.

use caunoi_domain::Role;
use caunoi_testkit::http::get;
use caunoi_testkit::{Data, TestApp, texts};

fn main_text(html: &str) -> String {
    texts(html, "main").join("\n")
}

#[tokio::test]
async fn what_people_read() {
    let t = TestApp::sqlite(Data::Demo).await;
    let c = t.client();
    let (_, home) = get(&c, t.at("/")).await;
    let header = format!(
        "{}\n{}\n{}",
        texts(&home, ".brand").join(""),
        texts(&home, "nav.site-nav a").join(" | "),
        texts(&home, ".site-footer").join("")
    );
    // The weekday line changes daily; everything else in the header is fixed.
    let header = header.replace(
        &caunoi_domain::vntime::format_long_date(time::OffsetDateTime::now_utc()),
        "[hôm nay]",
    );
    insta::assert_snapshot!("frame", header);

    let (_, sign_in) = get(&c, t.at("/dang-nhap")).await;
    insta::assert_snapshot!("sign_in_form", main_text(&sign_in));
    let labels = texts(&sign_in, "main label").join(" | ");
    insta::assert_snapshot!("sign_in_labels_en", {
        let (_, en) = get(&c, t.at("/dang-nhap?lang=en")).await;
        format!("{labels}\n{}", texts(&en, "main label").join(" | "))
    });

    let (_, missing) = get(&c, t.at("/khong-co")).await;
    let missing = main_text(&missing);
    let rid = missing
        .split("Mã yêu cầu: ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    insta::assert_snapshot!("not_found_page", missing.replace(&rid, "[request-id]"));

    let (_, delegates) = get(&c, t.at("/dai-bieu")).await;
    insta::assert_snapshot!("delegates", texts(&delegates, ".person").join("\n"));
}

#[tokio::test]
async fn what_clients_read() {
    let t = TestApp::sqlite(Data::Units).await;
    let token = t.token(Role::CouncilAdmin).await;
    let r = t
        .client()
        .post(t.at("/api/v1/users"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"email": "x", "name": "", "role": "editor", "unit": "01", "password": "ngan"}))
        .send()
        .await
        .unwrap();
    let mut p: serde_json::Value = r.json().await.unwrap();
    p["request_id"] = "[request-id]".into();
    insta::assert_snapshot!("problem_json", serde_json::to_string_pretty(&p).unwrap());

    let (_, doc) = t.json("/api/v1/openapi.json").await;
    let mut ops = Vec::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            let codes: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            ops.push(format!("{} {path} -> {codes:?}", method.to_uppercase()));
        }
    }
    ops.sort();
    insta::assert_snapshot!("api_operations", ops.join("\n"));
}

/// An imported article (fixed publication time, text written for this test) as readers and
/// feed readers get it.
#[tokio::test]
async fn what_readers_of_an_article_read() {
    let t = TestApp::sqlite(Data::Demo).await;
    let export = "08:30 | 05/03/2024\n\nKỳ họp\n\nHĐND xã thông qua kế hoạch làm đường liên thôn\n\n\
                  Sáng 5/3, HĐND xã họp chuyên đề, thông qua kế hoạch làm mới 3 km đường liên thôn.\n\n\
                  Các đại biểu đề nghị công khai tiến độ và nguồn vốn để cử tri cùng giám sát.\n\n\
                  Nguồn: Văn phòng HĐND xã\n";
    let id = match caunoi_app::articles::legacy::import(
        &t.app,
        &caunoi_app::Ctx::operator(),
        None,
        export.as_bytes(),
    )
    .await
    .unwrap()
    {
        caunoi_app::articles::legacy::Outcome::Created(id) => id,
        other => panic!("{other:?}"),
    };
    let c = t.client();
    let path = format!("/tin-tuc/ky-hop/hdnd-xa-thong-qua-ke-hoach-lam-duong-lien-thon-{id}");
    let (_, page) = get(&c, t.at(&path)).await;
    let article = texts(&page, "article.article")
        .join("\n")
        .replace(&t.url, "[site]");
    insta::assert_snapshot!("article_page", article);
    let (_, atom) = get(&c, t.at("/feeds/ky-hop/atom.xml")).await;
    let entry = atom
        .split("<entry>")
        .find(|e| e.contains("làm đường liên thôn"))
        .unwrap()
        .split("</entry>")
        .next()
        .unwrap()
        .replace(&t.url, "[site]");
    // The entry's <updated> is the import time; everything else is fixed.
    let entry: String = entry
        .lines()
        .map(|l| {
            if l.starts_with("<updated>") {
                "<updated>[import time]</updated>"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("article_atom_entry", entry);
}

/// A session page, a resolution page and an iCalendar entry, from records with fixed dates so
/// the snapshots do not move with the calendar.
#[tokio::test]
async fn record_pages_people_read() {
    let t = TestApp::sqlite(Data::Demo).await;
    let ctx = caunoi_app::Ctx::operator();
    let session = caunoi_app::events::save(
        &t.app,
        &ctx,
        None,
        &caunoi_app::events::EventInput {
            council: "01".into(),
            kind: "session".into(),
            session_kind: "extraordinary".into(),
            title: "Kỳ họp bất thường về đầu tư công".into(),
            summary: "Quyết định điều chỉnh kế hoạch đầu tư công trung hạn.".into(),
            start_date: "08/07/2030".into(),
            start_time: "08:00".into(),
            end_time: "11:30".into(),
            place: "Hội trường Trụ sở HĐND – UBND Thành phố".into(),
            stream_url: "https://truyenhinh.example.vn/ky-hop".into(),
            agenda: "Khai mạc\nTờ trình điều chỉnh kế hoạch đầu tư công\nBiểu quyết\nBế mạc".into(),
            state: "published".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let res =
        |number: &str, title: &str, replaces: &str| caunoi_app::resolutions::ResolutionInput {
            council: "01".into(),
            number: number.into(),
            title: title.into(),
            field: "Đầu tư công".into(),
            adopted_on: "10/07/2020".into(),
            effective_on: "20/07/2020".into(),
            body_md: "**Điều 1.** Điều chỉnh kế hoạch đầu tư công trung hạn.".into(),
            state: "published".into(),
            replaces: replaces.into(),
            ..Default::default()
        };
    caunoi_app::resolutions::save(
        &t.app,
        &ctx,
        None,
        &res("7/2020/NQ-HĐND", "Kế hoạch đầu tư công trung hạn", ""),
    )
    .await
    .unwrap();
    let newer = caunoi_app::resolutions::save(
        &t.app,
        &ctx,
        None,
        &res(
            "9/2020/NQ-HĐND",
            "Điều chỉnh kế hoạch đầu tư công trung hạn",
            "7/2020/NQ-HĐND",
        ),
    )
    .await
    .unwrap();
    let c = t.client();
    let get = |path: String| {
        let c = c.clone();
        async move { c.get(path).send().await.unwrap().text().await.unwrap() }
    };
    let page = get(t.at(&caunoi_app::events::event_path(
        "ky-hop-bat-thuong-ve-dau-tu-cong",
        session,
    )))
    .await;
    insta::assert_snapshot!("session_page", main_text(&page));
    let page = get(t.at(&caunoi_app::resolutions::resolution_path(
        "dieu-chinh-ke-hoach-dau-tu-cong-trung-han",
        newer,
    )))
    .await;
    insta::assert_snapshot!("resolution_page", main_text(&page));
    let ics = get(t.at("/hdnd/01/lich.ics")).await.replace("\r\n ", "");
    let entry: Vec<&str> = ics
        .split("\r\n")
        .skip_while(|l| *l != "BEGIN:VEVENT")
        .collect::<Vec<_>>()
        .join("\n")
        .split("END:VEVENT")
        .find(|e| e.contains("bất thường"))
        .unwrap()
        .lines()
        .filter(|l| {
            !l.starts_with("DTSTAMP")
                && !l.starts_with("LAST-MODIFIED")
                && !l.starts_with("UID")
                && !l.starts_with("URL")
        })
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .leak()
        .iter()
        .map(String::as_str)
        .collect();
    insta::assert_snapshot!("ical_entry", entry.join("\n"));
}

/// The public page of a petition whose deadline was extended and which the council then took
/// into supervision: what the voter and everyone else read of the follow-up (no staff names,
/// no agency's reason). Dates move with the day the test runs, so they are named, not shown.
#[tokio::test]
async fn what_the_public_reads_of_a_followed_up_petition() {
    use caunoi_app::Ctx;
    use caunoi_app::petitions::{self, ActInput};
    let t = TestApp::sqlite(Data::Demo).await;
    let op = Ctx::operator();
    let s = petitions::submit_online(
        &t.app,
        &op,
        &petitions::OnlineInput {
            title: "Mặt đường ngõ 8 phố Đội Cấn bị sụt lún sau mưa".into(),
            body:
                "Mặt đường đầu ngõ bị sụt thành hố sâu, xe máy đi qua dễ ngã, đề nghị sớm sửa chữa."
                    .into(),
            field: "giao-thong".into(),
            commune: "Phường Ba Đình".into(),
            place: "Ngõ 8 phố Đội Cấn".into(),
            name: "Người thử ảnh chụp".into(),
            email: "anh-chup@example.vn".into(),
            consent: Some("on".into()),
            ..Default::default()
        },
        &petitions::SubmitMeta::default(),
    )
    .await
    .unwrap();
    petitions::moderate(&t.app, &op, s.id, true).await.unwrap();
    let (agency, event) = {
        let mut tx = t.app.db.read().await.unwrap();
        let p = caunoi_store::petitions::find(&mut tx, s.id)
            .await
            .unwrap()
            .unwrap();
        let agency = caunoi_store::petitions::agencies(&mut tx, p.council_id)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.slug == "so-xay-dung")
            .unwrap()
            .id;
        let event = caunoi_store::events::list(
            &mut tx,
            &caunoi_store::events::EventFilter {
                kind: Some("supervision".into()),
                ..Default::default()
            },
            1,
            1,
        )
        .await
        .unwrap()
        .items[0]
            .id;
        (agency, event)
    };
    for input in [
        ActInput {
            action: "classify".into(),
            field: "giao-thong".into(),
            ..Default::default()
        },
        ActInput {
            action: "forward".into(),
            agency: agency.to_string(),
            ..Default::default()
        },
    ] {
        petitions::act(&t.app, &op, s.id, &input).await.unwrap();
    }
    // The agency asks through the API; the office grants.
    let email = t.with_user(Role::Agency, Some("01")).await;
    petitions::add_responder(
        &t.app,
        &op,
        agency,
        &petitions::ResponderInput {
            email: email.clone(),
        },
    )
    .await
    .unwrap();
    let token = caunoi_app::accounts::create_token(&t.app, &op, Some(&email), "snap")
        .await
        .unwrap()
        .0;
    let r = t
        .client()
        .post(t.at(&format!("/api/v1/petitions/{}/extensions", s.id)))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "reason": "Lý do nội bộ: chờ bố trí vốn sửa chữa.",
            "extra_days": 10
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    petitions::decide_extension(
        &t.app,
        &op,
        s.id,
        &petitions::DecisionInput {
            decision: "grant".into(),
            note: String::new(),
        },
    )
    .await
    .unwrap();
    t.answer_and_publish(s.id, "Đã giao đơn vị quản lý đường bộ kiểm tra, sửa chữa.")
        .await;
    petitions::follow_up(
        &t.app,
        &op,
        s.id,
        &petitions::FollowupInput {
            kind: "supervision".into(),
            note: "Cử tri phản ánh mặt đường vẫn sụt lún; đưa vào giám sát chuyên đề.".into(),
            event: event.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    // The short address sends readers on to the one with the title's slug.
    let r = t
        .client()
        .get(t.at(&format!("/kien-nghi/{}", s.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 308);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let r = t.client().get(t.at(&to)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    let mut text = main_text(&page);
    assert!(
        !text.contains("Lý do nội bộ"),
        "the agency's reason stays internal"
    );
    assert!(
        !text.contains("Người thử"),
        "no names of staff or petitioner"
    );
    // Name every date and time of the run so the snapshot holds on any day.
    let cal = caunoi_domain::workdays::WorkCalendar::vietnam();
    let today = caunoi_app::registry::today();
    let deadline = cal.add_working_days(today, 20);
    let extended = cal.add_working_days(deadline, 10);
    for (d, name) in [
        (extended, "[hạn đã gia hạn]"),
        (deadline, "[hạn đầu]"),
        (today, "[hôm nay]"),
    ] {
        text = text.replace(&caunoi_domain::vntime::format_date(d), name);
    }
    let times: Vec<String> = text
        .split(|c: char| !(c.is_ascii_digit() || c == ':'))
        .filter(|w| w.len() == 5 && w.as_bytes()[2] == b':')
        .map(str::to_owned)
        .collect();
    for hm in times {
        text = text.replace(&hm, "[giờ]");
    }
    insta::assert_snapshot!("petition_followed_up_page", text);
}
