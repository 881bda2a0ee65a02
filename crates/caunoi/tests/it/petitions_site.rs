//! Voters' petitions on the public site: the moderated list and its filters, the online form
//! and its anti-abuse checks, the tracking code, and the submitter's export and deletion.

use caunoi_app::Ctx;
use caunoi_testkit::{Data, TestApp, both_engines, texts};
use caunoi_web::routes::site::petitions::signed_form_time;

/// Online submissions allowed per hour from one address (the intake's `PER_IP_PER_HOUR`).
const PER_IP_PER_HOUR: usize = 10;
const DEMO_EMAIL: &str = "cu-tri@demo.caunoi.vn";
const DEMO_NAME: &str = "Người dân (dữ liệu mẫu)";

async fn post(t: &TestApp, path: &str, form: &[(&str, String)]) -> reqwest::Response {
    t.client().post(t.at(path)).form(form).send().await.unwrap()
}

fn attr(html: &str, selector: &str, name: &str) -> Option<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr(name))
        .map(str::to_owned)
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A form as a person sends it, rendered 10 seconds ago.
fn petition(title: &str, email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("t", signed_form_time(now() - 10)),
        ("title", title.to_owned()),
        (
            "body",
            "Cống thoát nước trước số nhà 25 bị tắc đã hai tuần, mỗi khi mưa nước tràn vào nhà dân.".into(),
        ),
        ("field", "moi-truong".into()),
        ("commune", "phuong ba dinh".into()),
        ("place", "Trước số nhà 25 phố Quán Thánh".into()),
        ("name", "Trần Thị Thu".into()),
        ("email", email.to_owned()),
        ("phone", "0912 345 678".into()),
        ("address", "Số 7 ngõ 15 phố Hàng Bột".into()),
        ("consent", "on".into()),
        ("website", String::new()),
    ]
}

fn with(
    mut form: Vec<(&'static str, String)>,
    key: &str,
    value: &str,
) -> Vec<(&'static str, String)> {
    form.retain(|(k, _)| *k != key);
    if !value.is_empty() {
        let k = ["t", "consent", "website", "show_name"]
            .into_iter()
            .find(|k| *k == key)
            .expect("a field of the form");
        form.push((k, value.to_owned()));
    }
    form
}

fn list_titles(html: &str) -> Vec<String> {
    texts(html, "ul.petitions h2")
}

both_engines!(
    the_list_shows_moderated_petitions_and_no_personal_data,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = t.page("/kien-nghi").await;
        assert_eq!(status, 200);
        let titles = list_titles(&html);
        assert_eq!(titles.len(), 5, "{titles:?}");
        // Newest first: the online petition came last in the demo.
        assert_eq!(
            titles[0],
            "Đèn chiếu sáng ngõ 12 phố Đội Cấn không hoạt động"
        );
        assert!(!html.contains(DEMO_EMAIL));
        assert!(!html.contains(DEMO_NAME), "no name without consent");
        let lines = texts(&html, "ul.petitions li").join("\n");
        for shown in [
            "Tiếp xúc cử tri",
            "Gửi trực tuyến",
            "Đã kết thúc",
            "Đã chuyển cơ quan giải quyết",
            "Sở Xây dựng",
            "12 cử tri",
            "Giao thông",
            "Phường Ba Đình",
        ] {
            assert!(lines.contains(shown), "{shown} in\n{lines}");
        }
        let links = texts(&html, "main .pet-actions a");
        assert_eq!(links, ["Gửi kiến nghị", "Theo dõi kiến nghị"]);

        // An answer past its deadline is marked prominently.
        let mut tx = t.app.db.write().await.unwrap();
        let forwarded = caunoi_store::petitions::list(
            &mut tx,
            &caunoi_store::petitions::Filter {
                state: Some("forwarded".into()),
                ..Default::default()
            },
            1,
            10,
        )
        .await
        .unwrap()
        .items
        .remove(0);
        let mut w = caunoi_store::petitions::Processing::of(&forwarded);
        w.deadline = Some(caunoi_app::registry::today() - time::Duration::days(3));
        caunoi_store::petitions::save_processing(&mut tx, forwarded.id, &w, caunoi_store::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (_, html) = t.page("/kien-nghi").await;
        assert_eq!(texts(&html, ".badge.urgent"), ["Quá hạn"]);

        // Each listed petition has its page, without personal data either.
        let href = attr(&html, "ul.petitions h2 a", "href").unwrap();
        let (status, page) = t.page(&href).await;
        assert_eq!(status, 200);
        assert_eq!(
            texts(&page, "main h1"),
            ["Đèn chiếu sáng ngõ 12 phố Đội Cấn không hoạt động"]
        );
        assert!(!page.contains(DEMO_EMAIL) && !page.contains(DEMO_NAME));
        assert!(
            texts(&page, ".timeline li")[0].contains("Đã tiếp nhận"),
            "{:?}",
            texts(&page, ".timeline li")
        );
        // The timeline shows times as Vietnamese readers expect them.
        let when = texts(&page, ".timeline time")[0].clone();
        assert!(
            when.len() == 18 && when.contains(" | "),
            "09:56 | 12/10/2017 style: {when}"
        );
        // A bare id leads to the page's address.
        let id = href.rsplit('-').next().unwrap();
        let r = t
            .client()
            .get(t.at(&format!("/kien-nghi/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 308);
        assert_eq!(r.headers()["location"], href.as_str());

        // A closed petition shows its published answer.
        let (_, closed) = t.page("/kien-nghi?trang_thai=closed").await;
        let href = attr(&closed, "ul.petitions h2 a", "href").unwrap();
        let (_, page) = t.page(&href).await;
        assert!(
            texts(&page, ".pet-answer")
                .join(" ")
                .contains("Cơ quan đã kiểm tra thực tế"),
            "the answer is public once published"
        );
        // An answered one does not, until the office publishes it.
        let (_, answered) = t.page("/kien-nghi?trang_thai=answered").await;
        let href = attr(&answered, "ul.petitions h2 a", "href").unwrap();
        let (_, page) = t.page(&href).await;
        assert!(texts(&page, ".pet-answer").is_empty());

        // In English through the message table.
        let (_, en) = t.page("/kien-nghi?lang=en").await;
        assert_eq!(texts(&en, "main h1"), ["Voters' petitions"]);
        assert!(
            texts(&en, "ul.petitions li")
                .join(" ")
                .contains("Voter meeting")
        );
    }
);

both_engines!(
    filters_narrow_the_list_and_bad_values_name_themselves,
    Data::Demo,
    |t: TestApp| async move {
        let (_, html) = t.page("/kien-nghi?linh_vuc=giao-thong").await;
        assert_eq!(
            list_titles(&html),
            [
                "Đề nghị sớm sửa chữa tuyến đường liên phường bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông"
            ]
        );
        assert_eq!(
            attr(&html, "#linh_vuc option[selected]", "value").as_deref(),
            Some("giao-thong")
        );
        // Title words, accents optional.
        let (_, html) = t.page("/kien-nghi?q=diem+tap+ket+rac").await;
        assert_eq!(
            list_titles(&html),
            ["Đề nghị bố trí thêm điểm tập kết rác có mái che tại khu dân cư"]
        );
        let (_, html) = t.page("/kien-nghi?trang_thai=closed").await;
        assert_eq!(list_titles(&html).len(), 1);
        let (_, html) = t.page("/kien-nghi?trang_thai=received").await;
        assert_eq!(
            list_titles(&html),
            ["Đèn chiếu sáng ngõ 12 phố Đội Cấn không hoạt động"]
        );
        // The agency by its id from the filter's options.
        let doc = scraper::Html::parse_document(&html);
        let sel = scraper::Selector::parse("#co_quan option").unwrap();
        let so_y_te = doc
            .select(&sel)
            .find(|o| o.text().collect::<String>() == "Sở Y tế")
            .and_then(|o| o.value().attr("value"))
            .unwrap()
            .to_owned();
        let (_, html) = t.page(&format!("/kien-nghi?co_quan={so_y_te}")).await;
        assert_eq!(
            list_titles(&html),
            ["Đề nghị tăng thời gian khám bệnh ngoài giờ tại trạm y tế phường"]
        );
        // Filters combine.
        let (_, html) = t
            .page(&format!("/kien-nghi?co_quan={so_y_te}&linh_vuc=dat-dai"))
            .await;
        assert!(list_titles(&html).is_empty());
        assert!(html.contains("Không có kiến nghị nào phù hợp."));

        for (query, field) in [
            ("linh_vuc=khong-co", "linh_vuc"),
            ("trang_thai=da-xong", "trang_thai"),
            ("co_quan=abc", "co_quan"),
            ("co_quan=999999", "co_quan"),
            ("page=0", "page"),
        ] {
            let (status, html) = t.page(&format!("/kien-nghi?{query}")).await;
            assert_eq!(status, 422, "{query}");
            let errors = texts(&html, "ul.errors li").join(" ");
            assert!(
                errors.starts_with(&format!("{field}:")),
                "{query}: {errors}"
            );
        }
    }
);

both_engines!(
    the_form_refuses_machines_and_a_missing_consent,
    Data::Demo,
    |t: TestApp| async move {
        let r = t.client().get(t.at("/kien-nghi/gui")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        let html = r.text().await.unwrap();
        // Sent at once with the time the form was rendered: too fast for a person.
        let rendered = attr(&html, "input[name=t]", "value").unwrap();
        let too_fast = with(
            petition("Cống thoát nước bị tắc gây ngập", "a@example.vn"),
            "t",
            &rendered,
        );
        let r = post(&t, "/kien-nghi/gui", &too_fast).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert!(
            texts(&page, ".errors li")
                .join(" ")
                .contains("gửi quá nhanh"),
            "{:?}",
            texts(&page, ".errors li")
        );
        // What was typed comes back.
        assert_eq!(
            attr(&page, "#kn-title", "value").as_deref(),
            Some("Cống thoát nước bị tắc gây ngập")
        );

        // The honeypot is there for machines, hidden from people.
        assert_eq!(attr(&html, ".hp", "aria-hidden").as_deref(), Some("true"));
        assert_eq!(
            attr(&html, "#kn-website", "tabindex").as_deref(),
            Some("-1")
        );
        assert_eq!(
            attr(&html, "#kn-website", "autocomplete").as_deref(),
            Some("off")
        );
        assert_eq!(
            texts(&html, "label[for=kn-website]"),
            ["Nếu bạn là người, hãy để trống ô này."]
        );
        let filled = with(
            petition("Cống thoát nước bị tắc gây ngập", "b@example.vn"),
            "website",
            "https://spam.example",
        );
        let r = post(&t, "/kien-nghi/gui", &filled).await;
        assert_eq!(r.status(), 422);

        // A render time that is not ours, or none, counts as no time spent.
        let (_, sig) = rendered.split_once('.').unwrap();
        let forged = format!("{}.{sig}", now() - 3600);
        for t_value in [forged.as_str(), "", "1700000000"] {
            let form = with(
                petition("Cống thoát nước bị tắc gây ngập", "c@example.vn"),
                "t",
                t_value,
            );
            let r = post(&t, "/kien-nghi/gui", &form).await;
            assert_eq!(r.status(), 422, "t={t_value}");
            let page = r.text().await.unwrap();
            assert!(
                texts(&page, ".errors li")
                    .join(" ")
                    .contains("gửi quá nhanh")
            );
        }

        // Without consent: the message beside the box names it.
        let form = with(
            petition("Cống thoát nước bị tắc gây ngập", "d@example.vn"),
            "consent",
            "",
        );
        let r = post(&t, "/kien-nghi/gui", &form).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        let msg = texts(&page, "#kn-consent-err").join(" ");
        assert!(
            msg.contains("sự đồng ý") && msg.contains("91/2025/QH15"),
            "{msg}"
        );
        assert_eq!(
            attr(&page, "#kn-consent", "aria-invalid").as_deref(),
            Some("true")
        );
        assert_eq!(
            attr(&page, "#kn-consent", "aria-describedby").as_deref(),
            Some("kn-consent-err")
        );
        assert_eq!(
            attr(&page, ".errors a", "href").as_deref(),
            Some("#kn-consent")
        );
        assert!(texts(&page, "title")[0].starts_with("Có lỗi"));
        // The statement the law asks for is on the form.
        let privacy = texts(&html, ".privacy").join(" ");
        for part in [
            "91/2025/QH15",
            "tiếp nhận, chuyển và trả lời kiến nghị",
            "24 tháng",
            "Theo dõi kiến nghị",
            "rút lại sự đồng ý",
            "Văn phòng giúp việc của",
        ] {
            assert!(privacy.contains(part), "{part} in {privacy}");
        }

        // Nothing was recorded.
        let mut tx = t.app.db.read().await.unwrap();
        let pending = caunoi_store::petitions::list(
            &mut tx,
            &caunoi_store::petitions::Filter {
                pending_only: true,
                ..Default::default()
            },
            1,
            10,
        )
        .await
        .unwrap();
        assert_eq!(pending.total, 0);
    }
);

both_engines!(
    a_petition_is_acknowledged_tracked_moderated_and_its_data_deleted,
    Data::Demo,
    |t: TestApp| async move {
        let title = "Cống thoát nước phố Quán Thánh bị tắc gây ngập";
        let email = "tran.thu@example.vn";
        let form = with(petition(title, email), "show_name", "on");
        let r = post(&t, "/kien-nghi/gui", &form).await;
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        let code = to
            .strip_prefix("/kien-nghi/da-gui?ma=")
            .expect("the thank-you page with the code")
            .to_owned();
        let r = t.client().get(t.at(&to)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "private, no-store");
        let html = r.text().await.unwrap();
        assert_eq!(texts(&html, ".tracking-code"), std::slice::from_ref(&code));
        assert_eq!(
            attr(&html, "a.button", "href"),
            Some(format!("/kien-nghi/theo-doi?ma={code}"))
        );
        let main = texts(&html, "main h1, main h2, main p, main li")
            .join("\n")
            .replace(&code, "[mã]");
        insta::assert_snapshot!(main, @r"
        Đã gửi kiến nghị
        Cảm ơn bạn. Kiến nghị đã được ghi nhận và đang chờ Văn phòng kiểm duyệt.
        Mã theo dõi của bạn
        [mã]
        Hãy ghi lại hoặc chụp màn hình mã này và giữ cẩn thận.
        Cùng với e-mail hoặc số điện thoại bạn đã ghi, mã này giúp bạn theo dõi kiến nghị, tải về hoặc xóa dữ liệu cá nhân của mình. Văn phòng không hỏi mã này qua điện thoại.
        Sau khi được kiểm duyệt, kiến nghị được công khai trên trang Kiến nghị của cử tri, không kèm thông tin cá nhân của bạn.
        Theo dõi kiến nghị này
        Kiến nghị của cử tri
        ");

        // Pending moderation: not public, but its submitter can follow it.
        let (_, list) = t.page("/kien-nghi").await;
        assert!(!list_titles(&list).contains(&title.to_owned()));
        let id = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petitions::find_by_code(&mut tx, &code)
                .await
                .unwrap()
                .unwrap()
                .id
        };
        let (status, _) = t.page(&format!("/kien-nghi/{id}")).await;
        assert_eq!(status, 404);
        // The code is typo-tolerant (case, dashes); the e-mail is the key's other half.
        let typed = code.replace('-', "").to_lowercase();
        let track = |ma: String, lien_he: &str| vec![("ma", ma), ("lien_he", lien_he.to_owned())];
        let r = post(
            &t,
            "/kien-nghi/theo-doi",
            &track(typed.clone(), "Tran.Thu@Example.vn"),
        )
        .await;
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert_eq!(texts(&page, "main h2")[0], title);
        assert!(page.contains("Kiến nghị đang chờ Văn phòng kiểm duyệt"));
        assert!(texts(&page, ".facts").join(" ").contains(&code));
        assert!(texts(&page, ".timeline li")[0].contains("Đã tiếp nhận"));
        // Or the phone number.
        let r = post(
            &t,
            "/kien-nghi/theo-doi",
            &track(code.clone(), "0912.345.678"),
        )
        .await;
        assert_eq!(r.status(), 200);

        caunoi_app::petitions::moderate(&t.app, &Ctx::operator(), id, true)
            .await
            .unwrap();
        let (_, list) = t.page("/kien-nghi").await;
        assert_eq!(list_titles(&list)[0], title);
        // The name shows because the submitter chose so; the contact never does.
        assert!(list.contains("Trần Thị Thu"));
        let href = attr(&list, "ul.petitions h2 a", "href").unwrap();
        let (status, page) = t.page(&href).await;
        assert_eq!(status, 200);
        assert!(texts(&page, ".facts").join(" ").contains("Trần Thị Thu"));
        for private in [email, "0912", "Hàng Bột", &code] {
            assert!(!page.contains(private), "{private} on the public page");
            assert!(!list.contains(private), "{private} in the public list");
        }

        // The submitter's data, as a file.
        let r = post(
            &t,
            "/kien-nghi/theo-doi/du-lieu",
            &track(code.clone(), email),
        )
        .await;
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let data: serde_json::Value = r.json().await.unwrap();
        assert_eq!(data["contact"]["email"], email);
        assert_eq!(data["contact"]["name"], "Trần Thị Thu");
        assert_eq!(data["petition"]["code"], code.as_str());

        // Deleting asks for confirmation.
        let r = post(&t, "/kien-nghi/theo-doi/xoa", &track(code.clone(), email)).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert_eq!(
            texts(&page, "#kn-xac_nhan-err"),
            ["Hãy đánh dấu ô xác nhận để xóa dữ liệu."]
        );
        let mut confirmed = track(code.clone(), email);
        confirmed.push(("xac_nhan", "on".into()));
        let r = post(&t, "/kien-nghi/theo-doi/xoa", &confirmed).await;
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        assert_eq!(texts(&page, "main h1"), ["Đã xóa dữ liệu cá nhân"]);
        {
            let mut tx = t.app.db.read().await.unwrap();
            assert_eq!(
                caunoi_store::petitions::contact(&mut tx, id).await.unwrap(),
                None
            );
        }
        // The petition stays, anonymous.
        let (status, page) = t.page(&href).await;
        assert_eq!(status, 200);
        assert!(!page.contains("Trần Thị Thu"));
        // And the code no longer opens anything.
        let r = post(&t, "/kien-nghi/theo-doi", &track(code.clone(), email)).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert_eq!(
            texts(&page, "#kn-ma-err"),
            ["Mã theo dõi và e-mail (hoặc số điện thoại) không khớp với kiến nghị nào."]
        );
        assert_eq!(
            attr(&page, "#kn-ma", "aria-invalid").as_deref(),
            Some("true")
        );
        // Empty boxes are named before anything is looked up.
        let r = post(&t, "/kien-nghi/theo-doi", &track(String::new(), "")).await;
        assert_eq!(r.status(), 422);
        let page = r.text().await.unwrap();
        assert_eq!(texts(&page, "#kn-ma-err"), ["Hãy nhập mã theo dõi."]);
        assert_eq!(texts(&page, "#kn-lien_he-err").len(), 1);
        // The tracking form only ever prefills the code from a link, never a contact.
        let (status, page) = t.page(&format!("/kien-nghi/theo-doi?ma={code}")).await;
        assert_eq!(status, 200);
        assert_eq!(attr(&page, "#kn-ma", "value"), Some(code.clone()));
    }
);

both_engines!(
    one_address_sending_too_many_is_asked_to_wait,
    Data::Demo,
    |t: TestApp| async move {
        for i in 0..PER_IP_PER_HOUR {
            let form = petition(
                &format!("Kiến nghị thử số {i} về cống thoát nước"),
                &format!("nguoi{i}@example.vn"),
            );
            let r = post(&t, "/kien-nghi/gui", &form).await;
            assert_eq!(r.status(), 303, "petition {i}");
        }
        let form = petition("Kiến nghị thử thêm về cống thoát nước", "them@example.vn");
        let r = post(&t, "/kien-nghi/gui", &form).await;
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "3600");
        let page = r.text().await.unwrap();
        assert_eq!(texts(&page, "main h1"), ["Vui lòng thử lại sau"]);
        assert!(
            texts(&page, "main [role=alert]")
                .join(" ")
                .contains("Vui lòng gửi lại sau khoảng 60 phút.")
        );
        // What they wrote is given back to keep.
        assert!(
            texts(&page, "main")
                .join(" ")
                .contains("Kiến nghị thử thêm về cống thoát nước")
        );
    }
);

both_engines!(
    a_merged_petition_points_to_its_group_without_codes,
    Data::Demo,
    |t: TestApp| async move {
        let (_, html) = t.page("/kien-nghi?trang_thai=received").await;
        let from_href = attr(&html, "ul.petitions h2 a", "href").unwrap();
        let (_, html) = t.page("/kien-nghi?trang_thai=closed").await;
        let into_href = attr(&html, "ul.petitions h2 a", "href").unwrap();
        let id_of = |href: &str| href.rsplit('-').next().unwrap().parse::<i64>().unwrap();
        let (from, into) = {
            let mut tx = t.app.db.read().await.unwrap();
            (
                caunoi_store::petitions::find(&mut tx, id_of(&from_href))
                    .await
                    .unwrap()
                    .unwrap(),
                caunoi_store::petitions::find(&mut tx, id_of(&into_href))
                    .await
                    .unwrap()
                    .unwrap(),
            )
        };
        caunoi_app::petitions::act(
            &t.app,
            &Ctx::operator(),
            from.id,
            &caunoi_app::petitions::ActInput {
                action: "merge".into(),
                into: into.code.clone(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let (status, page) = t.page(&from_href).await;
        assert_eq!(status, 200);
        assert_eq!(
            texts(&page, ".pet-state .status"),
            ["Đã gộp với kiến nghị trùng"]
        );
        assert_eq!(attr(&page, ".notice a", "href"), Some(into_href.clone()));
        let (_, group) = t.page(&into_href).await;
        assert!(
            texts(&group, ".timeline li")
                .iter()
                .any(|s| s.contains("Gộp thêm kiến nghị trùng nội dung")),
            "{:?}",
            texts(&group, ".timeline li")
        );
        // Tracking codes are the submitters' keys: never on a public page.
        for (html, code) in [
            (&page, &from.code),
            (&group, &into.code),
            (&page, &into.code),
        ] {
            assert!(!html.contains(code.as_str()));
            assert!(!html.contains("KN-"));
        }
    }
);

both_engines!(
    the_petition_form_is_rendered_for_each_visitor_never_from_the_page_cache,
    Data::Demo,
    |t: TestApp| async move {
        let c = t.client();
        let a = c.get(t.at("/kien-nghi/gui")).send().await.unwrap();
        assert!(a.headers().get("x-cache").is_none_or(|v| v != "hit"));
        assert!(
            a.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("no-store")
        );
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let b = c.get(t.at("/kien-nghi/gui")).send().await.unwrap();
        assert_ne!(
            b.headers()
                .get("x-cache")
                .map(|v| v.to_str().unwrap().to_owned())
                .as_deref(),
            Some("hit")
        );
        // The public list is still shared.
        let _ = c.get(t.at("/kien-nghi")).send().await.unwrap();
        let again = c.get(t.at("/kien-nghi")).send().await.unwrap();
        assert_eq!(
            again
                .headers()
                .get("x-cache")
                .map(|v| v.to_str().unwrap().to_owned())
                .as_deref(),
            Some("hit")
        );
    }
);

both_engines!(
    the_list_pages_as_far_as_it_counts,
    Data::Demo,
    |t: TestApp| async move {
        let c = t.client();
        // Page 500 of 20 is the 10,000th petition: still offered (empty here).
        let r = c.get(t.at("/kien-nghi?page=500")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let r = c.get(t.at("/kien-nghi?page=501")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Danh sách chỉ hiển thị 10.000 kiến nghị đầu tiên"),
            "{html}"
        );
        // A title search counts to 1,000, and pages that far.
        let r = c
            .get(t.at("/kien-nghi?q=duong&page=51"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 422);
        assert!(r.text().await.unwrap().contains("1.000 kiến nghị đầu tiên"));
    }
);
