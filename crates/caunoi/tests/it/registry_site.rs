//! The council's record as voters read it: the delegate directory and profiles, "who represents
//! me?", the calendar and its iCalendar feeds, sessions, events and resolutions.

use caunoi_domain::Role;
use caunoi_testkit::{Data, TestApp, both_engines, texts};

fn first_href(html: &str, selector: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr("href"))
        .unwrap_or_else(|| panic!("no {selector}"))
        .to_owned()
}

both_engines!(
    directory_lists_leaders_then_vietnamese_name_order,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = t.page("/dai-bieu").await;
        assert_eq!(status, 200);
        let sections = texts(&html, "main h2");
        assert!(
            sections[0].starts_with("Đại biểu HĐND (24)"),
            "{sections:?}"
        );
        assert!(
            sections[1].starts_with("Đại biểu Quốc hội (6)"),
            "{sections:?}"
        );
        let lists = {
            let doc = scraper::Html::parse_document(&html);
            let ul = scraper::Selector::parse("ul.people").unwrap();
            let li = scraper::Selector::parse("li").unwrap();
            let strong = scraper::Selector::parse("strong").unwrap();
            let role = scraper::Selector::parse(".muted").unwrap();
            let text = |e: scraper::ElementRef| e.text().collect::<String>();
            doc.select(&ul)
                .map(|u| {
                    u.select(&li)
                        .map(|l| {
                            (
                                l.select(&strong).next().map(text).unwrap_or_default(),
                                l.select(&role).next().map(text).unwrap_or_default(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        let council = &lists[0];
        assert!(
            council[0].1.starts_with("Chủ tịch HĐND"),
            "{:?}",
            council[0]
        );
        assert!(council[1].1.starts_with("Phó Chủ tịch HĐND"), "{council:?}");
        let members: Vec<&str> = council[3..].iter().map(|(n, _)| n.as_str()).collect();
        let mut sorted = members.clone();
        sorted.sort_by(|a, b| vntext::compare_names(a, b));
        assert_eq!(members, sorted, "members in given-name order");
        assert!(lists[1][0].1.starts_with("Trưởng đoàn"));

        // Filter by a committee: only its members.
        let doc = scraper::Html::parse_document(&html);
        let opt = scraper::Selector::parse("#ban option").unwrap();
        let ban = doc
            .select(&opt)
            .find(|o| o.text().collect::<String>() == "Ban Pháp chế")
            .and_then(|o| o.value().attr("value"))
            .unwrap()
            .to_owned();
        let (status, filtered) = t.page(&format!("/dai-bieu?ban={ban}")).await;
        assert_eq!(status, 200);
        let n = texts(&filtered, "ul.people li").len();
        assert!((1..24).contains(&n), "{n} members of one committee");
        // A filter from another term or council is refused with its field named.
        let (status, bad) = t.page("/dai-bieu?ban=999999").await;
        assert_eq!(status, 422);
        assert!(bad.contains("Ban hoặc tổ này không thuộc nhiệm kỳ đã chọn"));
    }
);

both_engines!(
    profile_shows_positions_record_and_redirects_old_slugs,
    Data::Demo,
    |t: TestApp| async move {
        let (_, html) = t.page("/dai-bieu").await;
        let href = first_href(&html, "ul.people a");
        let (status, page) = t.page(&href).await;
        assert_eq!(status, 200, "{href}");
        assert!(texts(&page, "main h2").contains(&"Chức vụ, nhiệm vụ".to_owned()));
        assert!(page.contains("Chủ tịch HĐND"));
        assert!(page.contains("Kỳ họp có mặt"), "attendance counted");
        let id = href.rsplit('-').next().unwrap();
        let r = t
            .client()
            .get(t.at(&format!("/dai-bieu/ten-cu-{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 308);
        assert_eq!(r.headers()["location"], href.as_str());
        assert_eq!(t.page("/dai-bieu/khong-co-999999").await.0, 404);
        let (status, ics) = t.page(&format!("{href}/lich.ics")).await;
        assert_eq!(status, 200);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(
            ics.contains("Kỳ họp thứ hai"),
            "the chair chaired the session"
        );
    }
);

both_engines!(
    who_represents_me_with_or_without_accents_and_old_names,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = t.page("/dai-bieu/cua-toi?q=ba+dinh%2C+ha+noi").await;
        assert_eq!(status, 200);
        assert!(
            texts(&html, "main h2").contains(&"Đại biểu của Phường Ba Đình".to_owned()),
            "{:?}",
            texts(&html, "main h2")
        );
        let levels = texts(&html, "section.level h3");
        assert!(
            levels[0].starts_with("Hội đồng nhân dân Phường Ba Đình"),
            "{levels:?} {}",
            &html[html.find("<main").unwrap_or(0)..]
        );
        assert!(
            levels[1].starts_with("Hội đồng nhân dân Thành phố Hà Nội"),
            "{levels:?}"
        );
        assert!(levels[2].starts_with("Đại biểu Quốc hội"), "{levels:?}");
        // The city council's delegates are those of the constituency covering the ward: 4 of 24.
        let doc = scraper::Html::parse_document(&html);
        let sec = scraper::Selector::parse("section.level").unwrap();
        let li = scraper::Selector::parse("li.person").unwrap();
        let counts: Vec<usize> = doc.select(&sec).map(|s| s.select(&li).count()).collect();
        assert_eq!(counts[1], 4, "{counts:?}");
        assert_eq!(counts[2], 2, "{counts:?}");

        // With accents, no province: the one current unit of that name.
        let (_, html) = t.page("/dai-bieu/cua-toi?q=Ba+%C4%90%C3%ACnh").await;
        assert!(html.contains("Đại biểu của Phường Ba Đình"));
        // A province is not a commune: the person chooses among its communes.
        let (_, html) = t.page("/dai-bieu/cua-toi?q=ha+noi").await;
        let choices = texts(&html, "ul.choices li");
        assert_eq!(choices.len(), 126, "{choices:?}");
        let (_, html) = t.page("/dai-bieu/cua-toi?ma=00004").await;
        assert!(html.contains("Đại biểu của Phường Ba Đình"));

        // A ward abolished on 1 July 2025, typed without accents: mapped to today's ward.
        let (_, html) = t.page("/dai-bieu/cua-toi?q=phuc+xa").await;
        assert!(
            html.contains("Phường Phúc Xá nay thuộc Phường Hồng Hà"),
            "former name noticed"
        );
        assert!(html.contains("Đại biểu của Phường Hồng Hà"));

        let (status, html) = t.page("/dai-bieu/cua-toi?q=khongcoxanay").await;
        assert_eq!(status, 200);
        assert!(html.contains("Không tìm thấy xã, phường nào có tên này"));
        let (status, _) = t.page("/dai-bieu/cua-toi").await;
        assert_eq!(status, 200);
    }
);

both_engines!(
    calendar_views_show_published_events_only,
    Data::Demo,
    |t: TestApp| async move {
        let (status, list) = t.page("/lich").await;
        assert_eq!(status, 200);
        assert!(list.contains("Kỳ họp thứ ba HĐND Thành phố khóa XVII"));
        assert!(list.contains("Tiếp xúc cử tri"));
        assert!(!list.contains("chưa công bố"), "draft event hidden");
        for view in ["thang", "tuan"] {
            let (status, html) = t.page(&format!("/lich?xem={view}")).await;
            assert_eq!(status, 200, "{view}");
            assert!(!html.contains("chưa công bố"));
            assert!(html.contains("rel=\"next\""));
        }
        let (status, html) = t.page("/lich?xem=thang&loai=session&thang=2026-13").await;
        assert_eq!(status, 422);
        assert!(html.contains("Tháng ghi dạng 2026-11"));
        let (status, _) = t.page("/lich?loai=party").await;
        assert_eq!(status, 422);

        // The session's page: agenda, attendance, questions, resolutions adopted.
        let (_, sessions) = t.page("/ky-hop").await;
        let doc = scraper::Html::parse_document(&sessions);
        let a = scraper::Selector::parse("ul.events a").unwrap();
        let past = doc
            .select(&a)
            .find(|e| e.text().collect::<String>().contains("Kỳ họp thứ hai"))
            .and_then(|e| e.value().attr("href"))
            .unwrap()
            .to_owned();
        let (status, page) = t.page(&past).await;
        assert_eq!(status, 200);
        assert!(page.contains("Biểu quyết thông qua các nghị quyết"));
        assert!(page.contains("có mặt 23/24"), "attendance");
        assert!(page.contains("12/"), "resolution adopted at the session");

        // A draft is not there for the public, but is for the office.
        let draft_id = {
            let mut tx = t.app.db.read().await.unwrap();
            let all = caunoi_store::events::list(&mut tx, &Default::default(), 1, 100)
                .await
                .unwrap();
            all.items
                .into_iter()
                .find(|e| e.state == "draft")
                .unwrap()
                .id
        };
        let path = format!("/lich/ky-hop-chuyen-de-du-kien-chua-cong-bo-{draft_id}");
        assert_eq!(t.page(&path).await.0, 404);
        let clerk = t.signed_in(Role::Clerk).await;
        assert_eq!(
            clerk
                .get(t.at(&path))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            200
        );
    }
);

both_engines!(
    icalendar_feeds_are_valid_and_public_only,
    Data::Demo,
    |t: TestApp| async move {
        for path in ["/lich.ics", "/hdnd/01/lich.ics"] {
            let r = t.client().get(t.at(path)).send().await.unwrap();
            assert_eq!(r.status().as_u16(), 200, "{path}");
            assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
            let etag = r.headers()["etag"].to_str().unwrap().to_owned();
            let body = r.text().await.unwrap();
            assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
            assert!(body.ends_with("END:VCALENDAR\r\n"));
            for line in body.split("\r\n") {
                assert!(line.len() <= 75, "{line:?}");
                assert!(!line.contains('\n'));
            }
            let unfolded = body.replace("\r\n ", "");
            assert_eq!(
                unfolded.matches("BEGIN:VEVENT").count(),
                unfolded.matches("END:VEVENT").count()
            );
            assert!(unfolded.contains("SUMMARY:Kỳ họp thứ ba HĐND Thành phố khóa XVII"));
            assert!(!unfolded.contains("chưa công bố"));
            let again = t
                .client()
                .get(t.at(path))
                .header("if-none-match", &etag)
                .send()
                .await
                .unwrap();
            assert_eq!(again.status().as_u16(), 304);
        }
        assert_eq!(t.page("/hdnd/99999/lich.ics").await.0, 404);
    }
);

both_engines!(
    resolutions_with_status_links_and_filters,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = t.page("/nghi-quyet").await;
        assert_eq!(status, 200);
        let items = texts(&html, "ul.resolutions > li");
        assert_eq!(items.len(), 5, "published only: {items:?}");
        assert!(!html.contains("chưa thông qua"));
        let (_, replaced) = t.page("/nghi-quyet?hieu_luc=replaced").await;
        let items = texts(&replaced, "ul.resolutions > li");
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(items[0].contains("Đã bị thay thế"));
        let (_, amended) = t.page("/nghi-quyet?hieu_luc=amended").await;
        assert_eq!(texts(&amended, "ul.resolutions > li").len(), 1);
        let (status, _) = t.page("/nghi-quyet?hieu_luc=dead").await;
        assert_eq!(status, 422);

        let href = first_href(&replaced, "ul.resolutions a");
        let (status, page) = t.page(&href).await;
        assert_eq!(status, 200);
        assert!(page.contains("Đã bị thay thế bởi"));
        let by = first_href(&page, "p.notice a");
        let (_, newer) = t.page(&by).await;
        assert!(newer.contains("Thay thế:"));
        assert!(newer.contains("Còn hiệu lực"));

        let draft_id = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::resolutions::list(&mut tx, None, None, None, None, false)
                .await
                .unwrap()
                .into_iter()
                .find(|r| r.state == "draft")
                .unwrap()
                .id
        };
        assert_eq!(
            t.page(&format!("/nghi-quyet/du-thao-{draft_id}")).await.0,
            404
        );
    }
);

both_engines!(
    search_finds_the_record_but_never_drafts,
    Data::Demo,
    |t: TestApp| async move {
        let api = |q: &'static str| {
            let t = &t;
            async move {
                t.client()
                    .get(t.at("/api/v1/search"))
                    .query(&[("q", q)])
                    .send()
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            }
        };
        let kinds = |v: &serde_json::Value| -> Vec<(String, String)> {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    (
                        i["kind"].as_str().unwrap().to_owned(),
                        i["url"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        };
        let hits = kinds(&api("hoc phi").await);
        assert!(
            hits.iter()
                .any(|(k, u)| k == "resolution" && u.starts_with("/nghi-quyet/")),
            "{hits:?}"
        );
        let hits = kinds(&api("ky hop thu ba").await);
        assert!(
            hits.iter()
                .any(|(k, u)| k == "event" && u.starts_with("/lich/")),
            "{hits:?}"
        );
        let hits = kinds(&api("Nguyễn Thị Minh Anh").await);
        assert!(
            hits.iter()
                .any(|(k, u)| k == "delegate" && u.starts_with("/dai-bieu/")),
            "{hits:?}"
        );
        let hits = kinds(&api("du toan ngan sach chua thong qua").await);
        assert!(
            !hits.iter().any(|(_, u)| u.contains("du-thao")),
            "draft resolution found: {hits:?}"
        );
        let hits = kinds(&api("ky hop chuyen de du kien").await);
        assert!(
            !hits.iter().any(|(_, u)| u.contains("ky-hop-chuyen-de")),
            "draft event found: {hits:?}"
        );
        // Every URL search gives answers 200.
        for (_, url) in kinds(&api("ha noi").await) {
            assert_eq!(t.page(&url).await.0, 200, "{url}");
        }

        // Publishing the draft resolution makes it findable on the next search.
        let id = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::resolutions::list(&mut tx, None, None, None, None, false)
                .await
                .unwrap()
                .into_iter()
                .find(|r| r.state == "draft")
                .unwrap()
                .id
        };
        let d = caunoi_app::resolutions::detail(&t.app, &caunoi_app::Ctx::operator(), id)
            .await
            .unwrap();
        let r = d.resolution;
        caunoi_app::resolutions::save(
            &t.app,
            &caunoi_app::Ctx::operator(),
            Some(id),
            &caunoi_app::resolutions::ResolutionInput {
                council: "01".into(),
                number: r.number.clone(),
                title: "Dự toán ngân sách địa phương".into(),
                field: r.field.clone(),
                adopted_on: r.adopted_on.to_string(),
                state: "published".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let hits = kinds(&api("du toan ngan sach dia phuong").await);
        assert!(hits.iter().any(|(k, _)| k == "resolution"), "{hits:?}");
    }
);
