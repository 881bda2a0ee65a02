//! The public site: frame, navigation, language, units, search, delegates.

use caunoi_testkit::http::get;
use caunoi_testkit::{Data, TestApp, both_engines, texts};

both_engines!(
    home_has_the_frame_in_vietnamese,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = t.page("/").await;
        assert_eq!(status, 200);
        assert!(html.contains("<html lang=\"vi\">"));
        assert!(html.contains("href=\"#noi-dung\""), "skip link");
        assert!(html.contains("id=\"noi-dung\""));
        assert_eq!(
            texts(&html, "nav.site-nav a"),
            [
                "Trang chủ",
                "Tin tức",
                "Đại biểu",
                "Kỳ họp",
                "Nghị quyết",
                "Kiến nghị",
                "Lịch",
                "Tìm kiếm"
            ]
        );
        assert_eq!(
            texts(&html, ".brand-name"),
            ["Hội đồng nhân dân Thành phố Hà Nội"]
        );
        assert_eq!(
            texts(&html, "main h1"),
            ["Hội đồng nhân dân Thành phố Hà Nội"]
        );
        assert!(html.contains("Khóa XVII, nhiệm kỳ 2026–2031"));
        assert!(html.contains("HĐND cấp xã (126)"));
        assert!(html.contains("href=\"/hdnd/00004\">Phường Ba Đình</a>"));
    }
);

both_engines!(
    english_switch_translates_the_frame,
    Data::Demo,
    |t: TestApp| async move {
        let (_, html) = t.page("/?lang=en").await;
        assert!(html.contains("<html lang=\"en\">"));
        assert!(texts(&html, "nav.site-nav a").contains(&"News".to_owned()));
        let c = t.client();
        let r = c
            .get(t.at("/ngon-ngu?lang=en&next=/dai-bieu"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/dai-bieu");
        let (_, html) = get(&c, t.at("/dai-bieu")).await;
        assert!(html.contains("<h1 class=\"page-title\">Delegates</h1>"));
        // The switch never sends people off the site.
        let r = c
            .get(t.at("/ngon-ngu?lang=vi&next=//evil.example"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/");
    }
);

both_engines!(
    commune_council_site_links_up_and_unknown_is_404,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = t.page("/hdnd/00004").await;
        assert_eq!(status, 200);
        assert_eq!(
            texts(&html, ".brand-name"),
            ["Hội đồng nhân dân Phường Ba Đình"]
        );
        assert!(
            html.contains("href=\"/hdnd/01\""),
            "link to the council above"
        );
        let (status, html) = t.page("/hdnd/99999").await;
        assert_eq!(status, 404);
        assert!(html.contains("Không tìm thấy trang"));
        let (status, _) = t.page("/khong-co-trang-nay").await;
        assert_eq!(status, 404);
    }
);

both_engines!(
    delegates_are_in_vietnamese_name_order,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = t.page("/dai-bieu").await;
        assert_eq!(status, 200);
        // Members of the council (after the chair and vice-chairs), the first list on the page.
        let names: Vec<String> =
            texts(&html, "ul.people:first-of-type .person strong")[3..].to_vec();
        assert_eq!(names.len(), 21);
        let given: Vec<String> = names
            .iter()
            .map(|n| n.rsplit(' ').next().unwrap().to_owned())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_by(|a, b| vntext::compare_names(a, b));
        assert_eq!(names, sorted, "sorted by given name: {given:?}");
        assert_eq!(given.first().map(String::as_str), Some("Anh"));
    }
);

both_engines!(
    units_pages_show_the_tree_and_history,
    Data::Units,
    |t: TestApp| async move {
        let (status, html) = t.page("/don-vi").await;
        assert_eq!(status, 200);
        assert_eq!(texts(&html, "tbody tr").len(), 34, "34 provinces");
        let (_, html) = t.page("/don-vi/01").await;
        assert!(html.contains("Thành phố Hà Nội"));
        assert!(html.contains("Trang 1/2"), "126 communes at 100 a page");
        // Units in force come first; the former districts follow them.
        let (_, html) = t.page("/don-vi/01?cu=1&page=2").await;
        assert!(
            html.contains("Quận Ba Đình"),
            "the former district appears with history"
        );
        let (status, html) = t.page("/don-vi/001").await;
        assert_eq!(status, 200);
        assert!(html.contains("Đã giải thể hoặc sáp nhập"));
        assert!(
            html.contains("href=\"/don-vi/00004\">Phường Ba Đình</a>"),
            "successor link: {html}"
        );
        let (status, _) = t.page("/don-vi/1x").await;
        assert_eq!(status, 404);
    }
);

both_engines!(
    sections_render_in_the_frame,
    Data::Demo,
    |t: TestApp| async move {
        for (path, heading) in [
            ("/tin-tuc", "Tin tức"),
            ("/ky-hop", "Kỳ họp"),
            ("/nghi-quyet", "Nghị quyết"),
            ("/kien-nghi", "Kiến nghị của cử tri"),
            ("/lich", "Lịch hoạt động sắp tới"),
        ] {
            let (status, html) = t.page(path).await;
            assert_eq!(status, 200, "{path}");
            assert_eq!(texts(&html, "main h1"), [heading], "{path}");
            assert!(
                html.contains(&format!("href=\"{path}\" aria-current=\"page\"")),
                "{path}"
            );
        }
        let (_, html) = t.page("/ky-hop").await;
        assert!(html.contains("Kỳ họp thứ ba HĐND Thành phố khóa XVII"));
    }
);

both_engines!(
    fresh_install_home_explains_setup,
    Data::Units,
    |t: TestApp| async move {
        let (status, html) = t.page("/").await;
        assert_eq!(status, 200);
        assert!(html.contains("caunoi serve --demo"));
    }
);

both_engines!(
    static_assets_are_cached_and_pages_carry_security_headers,
    Data::Units,
    |t: TestApp| async move {
        let r = t.client().get(t.at("/")).send().await.unwrap();
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.headers().contains_key("x-request-id"));
        let html = r.text().await.unwrap();
        let css = texts(&html, "head");
        let _ = css;
        let href = html
            .split("rel=\"stylesheet\" href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let r = t.client().get(t.at(&href)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        let body = r.text().await.unwrap();
        assert!(body.contains("@media print"), "print stylesheet");
        assert!(!body.contains("@import"), "no framework download");
    }
);
