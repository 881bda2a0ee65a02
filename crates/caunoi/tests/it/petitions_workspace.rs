//! The petition desk in the workspace: a clerk moderates, classifies, forwards, publishes,
//! closes and reopens; an agency's responder answers only what was forwarded to their agency;
//! contact details appear only on request and every request is audited; announced days off
//! move deadlines; a voter meeting's petitions are typed in one after another.

use caunoi_app::Ctx;
use caunoi_app::petitions::{self, OnlineInput, SubmitMeta};
use caunoi_domain::Role;
use caunoi_domain::vntime;
use caunoi_domain::workdays::WorkCalendar;
use caunoi_testkit::http::{get, post};
use caunoi_testkit::{Data, TestApp, both_engines, texts};

fn attr(html: &str, selector: &str, name: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(name).map(str::to_owned))
        .collect()
}

fn today() -> time::Date {
    caunoi_app::registry::today()
}

async fn first_voter_meeting(t: &TestApp) -> i64 {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::events::list(
        &mut tx,
        &caunoi_store::events::EventFilter {
            kind: Some("voter_meeting".into()),
            ..Default::default()
        },
        1,
        1,
    )
    .await
    .unwrap()
    .items[0]
        .id
}

/// A citizen's online petition, pending moderation.
async fn online(t: &TestApp, title: &str, email: &str) -> i64 {
    petitions::submit_online(
        &t.app,
        &Ctx::new(caunoi_domain::Actor::anonymous()),
        &OnlineInput {
            title: title.into(),
            body: "Nhiều tháng nay hệ thống thoát nước trên tuyến phố bị tắc, mỗi khi mưa lớn nước ngập sâu vào nhà dân."
                .into(),
            name: "Trần Thị Bích Ngọc".into(),
            email: email.into(),
            phone: "0912 345 678".into(),
            address: "Số 8 ngõ 12 phố Đội Cấn".into(),
            consent: Some("on".into()),
            ..Default::default()
        },
        &SubmitMeta {
            fill_seconds: Some(10),
            ip: None,
        },
    )
    .await
    .unwrap()
    .id
}

/// The titles of the timeline's steps, oldest first.
fn steps(page: &str) -> Vec<String> {
    texts(page, ".ws-pet-timeline li strong")
}

fn url(t: &TestApp, id: i64, rest: &str) -> String {
    t.at(&format!("/quan-tri/kien-nghi/{id}{rest}"))
}

both_engines!(
    a_petition_goes_from_classification_to_reopening,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        // The demo's received petition, from the queue filtered by state.
        let (status, queue) = get(&clerk, t.at("/quan-tri/kien-nghi?trang_thai=received")).await;
        assert_eq!(status, 200);
        let href = attr(&queue, ".ws-pet-table tbody a", "href")
            .into_iter()
            .next()
            .expect("a received petition in the demo");
        let id: i64 = href.rsplit('/').next().unwrap().parse().unwrap();
        let (status, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(status, 200);
        assert!(page.contains("id=\"h-classify\""), "classify is open");
        assert!(
            !page.contains("id=\"h-forward\""),
            "forward is not open yet"
        );

        // A move the state does not allow is refused in Vietnamese, with nothing changed.
        let (status, _, page) = post(&clerk, url(&t, id, "/xu-ly"), &[("action", "publish")]).await;
        assert_eq!(status, 422);
        assert!(
            page.contains(
                "Không thể “công khai trả lời” khi kiến nghị đang ở trạng thái “Đã tiếp nhận”."
            ),
            "{page}"
        );
        // A field outside the list is named beside the field.
        let (status, _, page) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[("action", "classify"), ("field", "khong-co")],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#act-classify-field-err"),
            ["Hãy chọn lĩnh vực trong danh sách."]
        );

        let (status, to, _) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[("action", "classify"), ("field", "dat-dai")],
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(to, format!("/quan-tri/kien-nghi/{id}?xong=classify"));
        let (_, page) = get(&clerk, t.at(&to)).await;
        assert!(page.contains("Đã thực hiện “Phân loại”."));
        assert!(page.contains("Đã phân loại"));
        assert_eq!(steps(&page).last().unwrap(), "Phân loại");

        // The forward form shows the deadline 20 working days from today gives.
        let expected =
            WorkCalendar::vietnam().add_working_days(today(), petitions::ANSWER_WORKING_DAYS);
        let expected = vntime::format_date(expected);
        assert_eq!(texts(&page, "#han-du-kien"), [expected.as_str()]);
        let so_xay_dung = t.agency_id("so-xay-dung").await;
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "forward"),
                ("agency", so_xay_dung.to_string().as_str()),
                ("days", ""),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(texts(&page, ".ws-pet-deadline"), [expected.as_str()]);
        assert!(page.contains(&format!("Sở Xây dựng – hạn trả lời {expected}")));

        // Responders: one of another agency, one linked to this agency through the admin page.
        let (other, other_email) = t.signed_in_as(Role::Agency, "01").await;
        let (resp, resp_email) = t.signed_in_as(Role::Agency, "01").await;
        let so_y_te = t.agency_id("so-y-te").await;
        for (agency, email) in [(so_y_te, &other_email), (so_xay_dung, &resp_email)] {
            let (status, to, _) = post(
                &clerk,
                t.at(&format!(
                    "/quan-tri/kien-nghi/co-quan/{agency}/nguoi-tra-loi"
                )),
                &[("email", email.as_str())],
            )
            .await;
            assert_eq!(status, 303, "link {email}");
            assert!(to.starts_with("/quan-tri/kien-nghi/co-quan?luu=1"));
        }
        let (_, agencies) = get(&clerk, t.at("/quan-tri/kien-nghi/co-quan")).await;
        assert!(
            texts(&agencies, &format!("#co-quan-{so_xay_dung} li"))
                .iter()
                .any(|r| r.contains(&resp_email))
        );
        // Linking twice, or an account without the agency role, is refused beside the field.
        let (status, _, page) = post(
            &clerk,
            t.at(&format!(
                "/quan-tri/kien-nghi/co-quan/{so_xay_dung}/nguoi-tra-loi"
            )),
            &[("email", resp_email.as_str())],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, &format!("#resp-{so_xay_dung}-err")),
            ["Tài khoản này đã trả lời cho cơ quan này."]
        );
        let editor = t.with_user(Role::Editor, Some("01")).await;
        let (status, _, page) = post(
            &clerk,
            t.at(&format!(
                "/quan-tri/kien-nghi/co-quan/{so_xay_dung}/nguoi-tra-loi"
            )),
            &[("email", editor.as_str())],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("chưa có vai trò “Cơ quan trả lời”"));

        // The other agency's responder neither sees nor answers this petition.
        let (status, _) = get(&other, url(&t, id, "")).await;
        assert!(matches!(status, 403 | 404), "{status}");
        let (status, _, _) = post(
            &other,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "answer"),
                ("answer", "Trả lời không đúng cơ quan."),
                ("answer_kind", "resolved"),
            ],
        )
        .await;
        assert!(matches!(status, 403 | 404), "{status}");
        let (_, queue) = get(&other, t.at("/quan-tri/kien-nghi")).await;
        assert!(!queue.contains(&href));

        // The linked responder finds it in their queue and may only answer.
        let (status, queue) = get(&resp, t.at("/quan-tri/kien-nghi")).await;
        assert_eq!(status, 200);
        assert!(queue.contains(&href));
        let (status, page) = get(&resp, url(&t, id, "")).await;
        assert_eq!(status, 200);
        assert!(page.contains("id=\"h-answer\""));
        for other_form in [
            "h-classify",
            "h-forward",
            "h-publish",
            "h-close",
            "h-reject",
        ] {
            assert!(
                !page.contains(&format!("id=\"{other_form}\"")),
                "{other_form}"
            );
        }
        assert!(!page.contains("/lien-he"), "no contact button for agencies");
        // An answer without text names its field.
        let (status, _, page) = post(
            &resp,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "answer"),
                ("answer", ""),
                ("answer_kind", "resolved"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#act-answer-text-err"),
            ["Nội dung trả lời cần ít nhất 10 ký tự."]
        );
        assert!(page.contains("aria-invalid=\"true\""));
        let (status, _, _) = post(
            &resp,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "answer"),
                (
                    "answer",
                    "Sở Xây dựng đã kiểm tra hiện trường và cấp giấy chứng nhận cho các hộ đủ điều kiện.",
                ),
                ("answer_kind", "resolved"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        // The answer time is stored with the answer (forwarded and answered today: 0 working
        // days), for the figures' average; reopening clears it with the answer.
        assert_eq!(answer_days(&t, id).await, Some(0));
        // The responder may not publish their own answer.
        let (status, _, _) = post(&resp, url(&t, id, "/xu-ly"), &[("action", "publish")]).await;
        assert_eq!(status, 403);

        // The office publishes, closes, and reopens with a reason.
        for action in ["publish", "close"] {
            let (status, _, _) = post(&clerk, url(&t, id, "/xu-ly"), &[("action", action)]).await;
            assert_eq!(status, 303, "{action}");
        }
        let (status, _, page) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[("action", "reopen"), ("reason", "")],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#act-reopen-reason-err"),
            ["Hãy ghi lý do (ít nhất 5 ký tự)."]
        );
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "reopen"),
                ("reason", "Cử tri phản ánh việc cấp giấy vẫn chưa xong."),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert!(page.contains("Mở lại để giải quyết tiếp"));
        let s = steps(&page);
        assert_eq!(
            s[s.len() - 6..],
            [
                "Phân loại",
                "Chuyển cơ quan giải quyết",
                "Trả lời",
                "Công khai trả lời",
                "Kết thúc",
                "Mở lại"
            ]
        );
        assert!(page.contains("Cử tri phản ánh việc cấp giấy vẫn chưa xong."));
        assert!(page.contains("Sở Xây dựng đã kiểm tra hiện trường"));
        assert_eq!(answer_days(&t, id).await, None);
    }
);

async fn answer_days(t: &TestApp, id: i64) -> Option<i64> {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::on!(&mut tx, c => sqlx::query_scalar("SELECT answer_days FROM petition WHERE id = $1")
        .bind(id).fetch_one(c).await)
    .unwrap()
}

both_engines!(
    contact_details_only_on_request_and_every_read_is_audited,
    Data::Demo,
    |t: TestApp| async move {
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (status, _) = get(&editor, t.at("/quan-tri/kien-nghi")).await;
        assert_eq!(status, 403);
        let (status, _) = t.page("/quan-tri/kien-nghi").await;
        assert_eq!(status, 303, "anonymous readers are sent to sign in");

        let id = online(
            &t,
            "Cống thoát nước phố Đội Cấn bị tắc",
            "bich-ngoc@example.vn",
        )
        .await;
        let (status, _) = get(&editor, url(&t, id, "")).await;
        assert_eq!(status, 403);
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(status, 200);
        for private in [
            "bich-ngoc@example.vn",
            "0912",
            "Trần Thị Bích Ngọc",
            "ngõ 12",
        ] {
            assert!(!page.contains(private), "{private} shown before the button");
        }
        assert!(page.contains("Mỗi lần xem đều được ghi vào nhật ký"));
        let count = |action: &'static str| {
            let app = t.app.clone();
            async move {
                let mut tx = app.db.read().await.unwrap();
                caunoi_store::audit::list(&mut tx, None, 1, 100)
                    .await
                    .unwrap()
                    .items
                    .iter()
                    .filter(|e| e.action == action && e.target_id == Some(id.to_string()))
                    .count()
            }
        };
        assert_eq!(count("contact_read").await, 0);

        let r = clerk
            .post(url(&t, id, "/lien-he"))
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        let page = r.text().await.unwrap();
        assert_eq!(
            texts(&page, ".ws-pet-contact dd")[..4],
            [
                "Trần Thị Bích Ngọc",
                "bich-ngoc@example.vn",
                "0912345678",
                "Số 8 ngõ 12 phố Đội Cấn"
            ]
        );
        assert!(page.contains("Lần xem này đã được ghi vào nhật ký."));
        assert_eq!(count("contact_read").await, 1);
        // Seen in the audit page too; the contact itself is never in the log.
        let (admin, _) = t.signed_in_as(Role::CouncilAdmin, "01").await;
        let (_, log) = get(&admin, t.at("/quan-tri/nhat-ky")).await;
        assert!(log.contains("contact_read"));
        assert!(!log.contains("bich-ngoc@example.vn"));
        // Reloading the page shows nothing private again.
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert!(!page.contains("bich-ngoc@example.vn"));
        // A responder has no contact button, and a forged request reads nothing.
        let (resp, _) = t.signed_in_as(Role::Agency, "01").await;
        let (status, _, page) = post(&resp, url(&t, id, "/lien-he"), &[]).await;
        assert!(matches!(status, 403 | 404), "{status}");
        assert!(!page.contains("bich-ngoc@example.vn"));
        assert_eq!(count("contact_read").await, 1);
    }
);

both_engines!(
    online_petitions_are_moderated_before_processing,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let spam = online(&t, "Quảng cáo dịch vụ không liên quan", "spam@example.vn").await;
        let real = online(
            &t,
            "Đề nghị lắp đèn tín hiệu tại ngã tư",
            "cu-tri@example.vn",
        )
        .await;
        let (_, pending) = get(&clerk, t.at("/quan-tri/kien-nghi?loc=cho-duyet")).await;
        let listed = attr(&pending, ".ws-pet-table tbody a", "href");
        assert!(listed.contains(&format!("/quan-tri/kien-nghi/{spam}")));
        assert!(listed.contains(&format!("/quan-tri/kien-nghi/{real}")));

        let (_, page) = get(&clerk, url(&t, spam, "")).await;
        assert!(page.contains("id=\"kiem-duyet\""));
        assert!(!page.contains("id=\"h-classify\""));
        let (status, _, page) = post(
            &clerk,
            url(&t, spam, "/xu-ly"),
            &[("action", "classify"), ("field", "giao-thong")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Kiến nghị gửi trực tuyến cần được duyệt trước khi xử lý."));

        let (status, to, _) = post(
            &clerk,
            url(&t, spam, "/kiem-duyet"),
            &[("decision", "spam")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, t.at(&to)).await;
        assert!(page.contains("Không thụ lý"));
        assert!(page.contains("Kiến nghị này đã bị đánh dấu là thư rác."));
        assert_eq!(steps(&page).last().unwrap(), "Đánh dấu thư rác");
        // Moderating twice is refused.
        let (status, _, page) = post(
            &clerk,
            url(&t, spam, "/kiem-duyet"),
            &[("decision", "approve")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Kiến nghị này đã được kiểm duyệt."));

        let (status, _, _) = post(
            &clerk,
            url(&t, real, "/kiem-duyet"),
            &[("decision", "approve")],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _, _) = post(
            &clerk,
            url(&t, real, "/xu-ly"),
            &[("action", "classify"), ("field", "giao-thong")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, pending) = get(&clerk, t.at("/quan-tri/kien-nghi?loc=cho-duyet")).await;
        assert!(attr(&pending, ".ws-pet-table tbody a", "href").is_empty());
        let (_, rejected) = get(&clerk, t.at("/quan-tri/kien-nghi?trang_thai=rejected")).await;
        assert!(rejected.contains(&format!("/quan-tri/kien-nghi/{spam}")));
    }
);

both_engines!(
    an_announced_day_off_moves_new_deadlines,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, _) = get(&clerk, t.at("/quan-tri/lich-nghi")).await;
        assert_eq!(status, 403, "the calendar is the council admins'");
        let (admin, _) = t.signed_in_as(Role::CouncilAdmin, "01").await;
        let (status, page) = get(&admin, t.at("/quan-tri/lich-nghi")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Quốc khánh"), "this year's holidays listed");

        // The example of the brief: an announced day off, already the rule's, confirmed.
        let (status, _, _) = post(
            &admin,
            t.at("/quan-tri/lich-nghi"),
            &[
                ("day", "01/09/2026"),
                ("kind", "day_off"),
                ("reason", "Nghỉ Quốc khánh theo thông báo của Chính phủ"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        // A day off on a Sunday changes nothing: refused beside the field.
        let (status, _, page) = post(
            &admin,
            t.at("/quan-tri/lich-nghi"),
            &[
                ("day", "06/09/2026"),
                ("kind", "day_off"),
                ("reason", "Gõ nhầm ngày"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#cal-day-err"),
            ["Ngày 06/09/2026 là ngày nghỉ cuối tuần; hãy kiểm tra lại ngày."]
        );

        let base = WorkCalendar::vietnam();
        let next = base.add_working_days(today(), 1);
        let (status, _, _) = post(
            &admin,
            t.at("/quan-tri/lich-nghi"),
            &[
                ("day", vntime::format_date(next).as_str()),
                ("kind", "day_off"),
                ("reason", "Nghỉ theo thông báo của Chính phủ"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&admin, t.at("/quan-tri/lich-nghi")).await;
        assert!(page.contains(&vntime::format_date(next)));
        assert!(page.contains("Nghỉ theo thông báo của Chính phủ"));

        // A petition forwarded now is due one working day later than without the day off.
        let meeting = first_voter_meeting(&t).await;
        let (status, to, _) = post(
            &clerk,
            t.at(&format!("/quan-tri/hoat-dong/{meeting}/kien-nghi/moi")),
            &[
                ("title", "Đề nghị nạo vét kênh tiêu thoát nước"),
                ("field", "moi-truong"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let code = to.split("ghi=").nth(1).unwrap().to_owned();
        let id = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petitions::find_by_code(&mut tx, &code)
                .await
                .unwrap()
                .unwrap()
                .id
        };
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[("action", "classify"), ("field", "moi-truong")],
        )
        .await;
        assert_eq!(status, 303);
        let with_day_off = base
            .clone()
            .with_day_off(next, "Nghỉ")
            .add_working_days(today(), petitions::ANSWER_WORKING_DAYS);
        assert_eq!(
            with_day_off,
            base.add_working_days(today(), petitions::ANSWER_WORKING_DAYS + 1)
        );
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(
            texts(&page, "#han-du-kien"),
            [vntime::format_date(with_day_off)]
        );
        let agency = t.agency_id("so-nong-nghiep-moi-truong").await;
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "forward"),
                ("agency", agency.to_string().as_str()),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(
            texts(&page, ".ws-pet-deadline"),
            [vntime::format_date(with_day_off)]
        );

        // Removing the adjustment lists it no more.
        let (status, _, _) = post(
            &admin,
            t.at(&format!("/quan-tri/lich-nghi/{next}/xoa")),
            &[],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&admin, t.at("/quan-tri/lich-nghi")).await;
        assert!(!page.contains("Nghỉ theo thông báo của Chính phủ"));
    }
);

both_engines!(
    a_voter_meetings_petitions_are_typed_in_a_row,
    Data::Demo,
    |t: TestApp| async move {
        let meeting = first_voter_meeting(&t).await;
        let desk = t.at(&format!("/quan-tri/hoat-dong/{meeting}/kien-nghi"));
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (status, _) = get(&editor, desk.clone()).await;
        assert_eq!(status, 403);
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, page) = get(&clerk, desk.clone()).await;
        assert_eq!(status, 200);
        let before = texts(&page, ".ws-pet-table tbody tr").len();
        // The form comes first, the list below it.
        assert!(page.find("id=\"mt-title\"").unwrap() < page.find("id=\"da-ghi\"").unwrap());
        // The queue links to the meeting's desk.
        let (_, queue) = get(&clerk, t.at("/quan-tri/kien-nghi")).await;
        assert!(queue.contains(&format!("/quan-tri/hoat-dong/{meeting}/kien-nghi")));

        let (status, _, page) = post(
            &clerk,
            t.at(&format!("/quan-tri/hoat-dong/{meeting}/kien-nghi/moi")),
            &[("title", "Ồn"), ("voters", "mười")],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(texts(&page, "#mt-title-err").len(), 1);
        assert_eq!(
            texts(&page, "#mt-voters-err"),
            ["Số cử tri là số nguyên từ 1."]
        );
        assert_eq!(
            attr(&page, "#mt-title", "value"),
            ["Ồn"],
            "the typed text is kept"
        );

        let titles = [
            "Đề nghị lắp camera an ninh tại các ngõ",
            "Đề nghị mở rộng sân chơi cho trẻ em",
            "Đề nghị tăng tần suất thu gom rác",
        ];
        let mut codes = Vec::new();
        for (i, title) in titles.iter().enumerate() {
            let voters = (i + 2).to_string();
            let (status, to, _) = post(
                &clerk,
                t.at(&format!("/quan-tri/hoat-dong/{meeting}/kien-nghi/moi")),
                &[
                    ("title", title),
                    ("body", ""),
                    ("field", "an-ninh-trat-tu"),
                    ("voters", voters.as_str()),
                    ("commune", ""),
                ],
            )
            .await;
            assert_eq!(status, 303, "{title}");
            assert!(to.starts_with(&format!("/quan-tri/hoat-dong/{meeting}/kien-nghi?ghi=KN-")));
            let (_, page) = get(&clerk, t.at(&to)).await;
            let code = to.split("ghi=").nth(1).unwrap().to_owned();
            assert!(texts(&page, ".notice.ok")[0].contains(&code));
            // Ready for the next one: empty, focused.
            assert_eq!(attr(&page, "#mt-title", "value"), [""]);
            assert_eq!(attr(&page, "#mt-title", "autofocus").len(), 1);
            codes.push(code);
        }
        let (_, page) = get(&clerk, desk).await;
        assert_eq!(texts(&page, ".ws-pet-table tbody tr").len(), before + 3);
        for title in titles {
            assert!(page.contains(title), "{title}");
        }
        let mut tx = t.app.db.read().await.unwrap();
        for (i, code) in codes.iter().enumerate() {
            let p = caunoi_store::petitions::find_by_code(&mut tx, code)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(p.event_id, Some(meeting));
            assert_eq!(p.channel, "voter_meeting");
            assert_eq!(p.voters, i as i64 + 2);
            assert_eq!(p.field_name.as_deref(), Some("An ninh, trật tự"));
        }
    }
);

both_engines!(
    the_office_keeps_its_agencies_and_fields,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, to, _) = post(
            &clerk,
            t.at("/quan-tri/kien-nghi/co-quan"),
            &[
                ("name", "Sở Văn hóa và Thể thao"),
                ("slug", ""),
                ("email", "vanthe@hanoi.gov.vn"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, t.at(&to)).await;
        assert!(page.contains("Sở Văn hóa và Thể thao"));
        assert!(page.contains("so-van-hoa-va-the-thao"));
        let (status, _, page) = post(
            &clerk,
            t.at("/quan-tri/kien-nghi/co-quan"),
            &[
                ("name", "Sở Y tế (trùng)"),
                ("slug", "so-y-te"),
                ("email", "sai"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(texts(&page, "#ag-slug-err").len(), 1);
        assert_eq!(texts(&page, "#ag-email-err").len(), 1);

        let (status, _, _) = post(
            &clerk,
            t.at("/quan-tri/kien-nghi/linh-vuc"),
            &[("name", "Chuyển đổi số"), ("slug", "")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, t.at("/quan-tri/kien-nghi/linh-vuc")).await;
        assert_eq!(
            texts(&page, ".ws-pet-fields li").last().unwrap(),
            "Chuyển đổi số (chuyen-doi-so)"
        );
        let (status, _, page) = post(
            &clerk,
            t.at("/quan-tri/kien-nghi/linh-vuc"),
            &[("name", "Đất đai"), ("slug", "")],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(texts(&page, "#fd-slug-err").len(), 1);
        // The new field can classify a petition at once.
        let (_, queue) = get(&clerk, t.at("/quan-tri/kien-nghi?trang_thai=received")).await;
        let href = attr(&queue, ".ws-pet-table tbody a", "href").remove(0);
        let (status, _, _) = post(
            &clerk,
            t.at(&format!("{href}/xu-ly")),
            &[("action", "classify"), ("field", "chuyen-doi-so")],
        )
        .await;
        assert_eq!(status, 303);
        // The home page links the desk for the office.
        let (_, home) = get(&clerk, t.at("/quan-tri")).await;
        assert!(home.contains("href=\"/quan-tri/kien-nghi\""));
        assert!(home.contains("href=\"/quan-tri/kien-nghi/co-quan\""));
        assert!(!home.contains("href=\"/quan-tri/lich-nghi\""));
        let (resp, _) = t.signed_in_as(Role::Agency, "01").await;
        let (_, home) = get(&resp, t.at("/quan-tri")).await;
        assert!(home.contains("href=\"/quan-tri/kien-nghi\""));
        assert!(!home.contains("href=\"/quan-tri/kien-nghi/co-quan\""));
        let (status, _) = get(&resp, t.at("/quan-tri/kien-nghi/co-quan")).await;
        assert_eq!(status, 403);
    }
);
