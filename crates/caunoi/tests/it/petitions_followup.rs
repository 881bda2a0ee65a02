//! Petition follow-up through the front door: an agency asks for more time and the office
//! grants or declines; each council sets its deadline rules; the office follows up
//! unsatisfactory or overdue answers; queues cover every agency of a responder; the import
//! has an upload form; fields are renamed and moved; responders are removed.

use caunoi_app::Ctx;
use caunoi_app::petitions::{self, ActInput};
use caunoi_domain::Role;
use caunoi_domain::vntime;
use caunoi_domain::workdays::WorkCalendar;
use caunoi_testkit::http::{get, post};
use caunoi_testkit::{Data, PASSWORD, TestApp, both_engines, texts};
use reqwest::Client;

fn today() -> time::Date {
    caunoi_app::registry::today()
}

fn url(t: &TestApp, id: i64, rest: &str) -> String {
    t.at(&format!("/quan-tri/kien-nghi/{id}{rest}"))
}

both_engines!(
    an_agency_asks_for_more_time_and_the_office_decides,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let sxd = t.agency_id("so-xay-dung").await;
        let syt = t.agency_id("so-y-te").await;
        let (resp, _) = t.responder(&clerk, &[sxd]).await;
        let (other, _) = t.responder(&clerk, &[syt]).await;
        let id = t.forwarded_petition(sxd).create().await.id;
        let cal = WorkCalendar::vietnam();
        let deadline = cal.add_working_days(today(), 20);

        // The page offers the request to the responder only.
        let (_, page) = get(&resp, url(&t, id, "")).await;
        assert!(page.contains("id=\"h-extension\""));
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert!(!page.contains("id=\"h-extension\""));

        // A responder of another agency, a clerk and an editor may not ask.
        let ask = [
            (
                "reason",
                "Cần khảo sát hiện trường và xin ý kiến các sở liên quan.",
            ),
            ("extra_days", "10"),
        ];
        let (status, _, _) = post(&other, url(&t, id, "/gia-han"), &ask).await;
        assert!(matches!(status, 403 | 404), "{status}");
        let (status, _, _) = post(&clerk, url(&t, id, "/gia-han"), &ask).await;
        assert_eq!(status, 403);
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (status, _, _) = post(&editor, url(&t, id, "/gia-han"), &ask).await;
        assert!(matches!(status, 403 | 404), "{status}");

        // Bad input is named beside its field.
        let saturday = {
            let mut d = deadline + time::Duration::days(1);
            while d.weekday() != time::Weekday::Saturday {
                d += time::Duration::days(1);
            }
            d
        };
        let (status, _, page) = post(
            &resp,
            url(&t, id, "/gia-han"),
            &[
                ("reason", "ngắn"),
                ("new_deadline", &vntime::format_date(saturday)),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#fu-ext-reason-err"),
            ["Lý do xin gia hạn cần từ 10 đến 2000 ký tự (hiện có 4)."]
        );
        assert!(
            texts(&page, "#fu-ext-date-err")[0].contains("là ngày nghỉ"),
            "{:?}",
            texts(&page, "#fu-ext-date-err")
        );
        let (status, _, page) = post(&resp, url(&t, id, "/gia-han"), &[("reason", ask[0].1)]).await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#fu-ext-date-err"),
            ["Ghi hạn mới (dạng 31/12/2026) hoặc số ngày làm việc xin thêm."]
        );

        let (status, to, _) = post(&resp, url(&t, id, "/gia-han"), &ask).await;
        assert_eq!(status, 303);
        assert_eq!(
            to,
            format!("/quan-tri/kien-nghi/{id}?xong=extension_requested")
        );
        // One pending request at a time.
        let (status, _, page) = post(&resp, url(&t, id, "/gia-han"), &ask).await;
        assert_eq!(status, 422);
        assert!(
            page.contains("Đã có một đề nghị gia hạn đang chờ"),
            "{page}"
        );

        // The office sees it; the responder may not decide.
        let (status, _, _) = post(
            &resp,
            url(&t, id, "/gia-han/quyet-dinh"),
            &[("decision", "grant")],
        )
        .await;
        assert_eq!(status, 403);
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        let new = cal.add_working_days(deadline, 10);
        assert!(
            texts(&page, ".ws-fu-pending strong") == [vntime::format_date(new)],
            "{:?}",
            texts(&page, ".ws-fu-pending")
        );
        // Declining needs a reason; granting moves the deadline.
        let (status, _, page) = post(
            &clerk,
            url(&t, id, "/gia-han/quyet-dinh"),
            &[("decision", "decline"), ("note", "")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(texts(&page, "#fu-dec-note-err")[0].contains("hãy ghi lý do"));
        let (status, to, _) = post(
            &clerk,
            url(&t, id, "/gia-han/quyet-dinh"),
            &[("decision", "grant")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, t.at(&to)).await;
        assert_eq!(texts(&page, ".ws-pet-deadline"), [vntime::format_date(new)]);
        assert_eq!(texts(&page, ".ws-fu-extensions li strong"), ["Đã đồng ý"]);

        // The public timeline says so; the request itself stays internal.
        let code = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petitions::find(&mut tx, id)
                .await
                .unwrap()
                .unwrap()
                .code
        };
        let _ = code;
        let (_, public) = t.petition_page(id).await;
        assert!(
            public.contains(&format!("Gia hạn trả lời đến {}", vntime::format_date(new))),
            "public page"
        );
        assert!(!public.contains("Cần khảo sát hiện trường"));

        // A second request may follow; a decline keeps the deadline and is audited.
        let (status, _, _) = post(
            &resp,
            url(&t, id, "/gia-han"),
            &[("reason", ask[0].1), ("extra_days", "5")],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/gia-han/quyet-dinh"),
            &[
                ("decision", "decline"),
                ("note", "Đã gia hạn một lần, đề nghị trả lời đúng hạn."),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(texts(&page, ".ws-pet-deadline"), [vntime::format_date(new)]);
        assert_eq!(
            texts(&page, ".ws-fu-extensions li strong"),
            ["Đã đồng ý", "Không đồng ý"]
        );
        let mut tx = t.app.db.read().await.unwrap();
        let topics: Vec<String> = sqlx_topics(&mut tx).await;
        for topic in [
            "petition.extension_requested",
            "petition.extension_granted",
            "petition.extension_declined",
        ] {
            assert!(topics.iter().any(|x| x == topic), "{topic} on the outbox");
        }
    }
);

async fn sqlx_topics(tx: &mut caunoi_store::Tx) -> Vec<String> {
    // A consumer that never acknowledged anything sees every event.
    let events = caunoi_store::outbox::pending(tx, "followup-test", 100_000)
        .await
        .unwrap();
    events.into_iter().map(|e| e.topic).collect()
}

both_engines!(
    councils_set_deadline_rules_and_forwarding_follows_them,
    Data::Demo,
    |t: TestApp| async move {
        let (admin, _) = t.signed_in_as(Role::CouncilAdmin, "01").await;
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, page) = get(&admin, t.at("/quan-tri/kien-nghi/thoi-han")).await;
        assert_eq!(status, 200);
        assert!(page.contains("value=\"20\"") && page.contains("value=\"15\""));
        let (status, _) = get(&clerk, t.at("/quan-tri/kien-nghi/thoi-han")).await;
        assert_eq!(status, 403);

        let (status, _, page) = post(
            &admin,
            t.at("/quan-tri/kien-nghi/thoi-han"),
            &[
                ("field", ""),
                ("answer_days", "0"),
                ("very_overdue_after", "x"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#rule-days-err"),
            ["Thời hạn trả lời là số ngày làm việc, từ 1 đến 120; hãy ghi một số nguyên."]
        );
        assert_eq!(texts(&page, "#rule-very-err").len(), 1);

        for (field, days) in [("", "30"), ("giao-thong", "10")] {
            let (status, to, _) = post(
                &admin,
                t.at("/quan-tri/kien-nghi/thoi-han"),
                &[
                    ("field", field),
                    ("answer_days", days),
                    ("very_overdue_after", "5"),
                ],
            )
            .await;
            assert_eq!(status, 303);
            assert_eq!(to, "/quan-tri/kien-nghi/thoi-han?luu=1");
        }
        // Forwarding a traffic petition uses the field's rule, its preview too.
        let page = petitions::queue(
            &t.app,
            &Ctx::operator(),
            &petitions::QueueQuery {
                state: Some("received".into()),
                ..Default::default()
            },
            1,
        )
        .await
        .unwrap();
        let id = page.items[0].0.id;
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[("action", "classify"), ("field", "giao-thong")],
        )
        .await;
        assert_eq!(status, 303);
        let cal = WorkCalendar::vietnam();
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(
            texts(&page, "#han-du-kien"),
            [vntime::format_date(cal.add_working_days(today(), 10))]
        );
        let sxd = t.agency_id("so-xay-dung").await;
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "forward"),
                ("agency", &sxd.to_string()),
                ("days", ""),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(
            texts(&page, ".ws-pet-deadline"),
            [vntime::format_date(cal.add_working_days(today(), 10))]
        );
        // A petition of another field follows the council's 30 days; removing the field's rule
        // brings it back to the council's.
        let (status, _, _) = post(
            &admin,
            t.at("/quan-tri/kien-nghi/thoi-han"),
            &[("field", "giao-thong"), ("clear", "1")],
        )
        .await;
        assert_eq!(status, 303);
        let mut tx = t.app.db.read().await.unwrap();
        let council = caunoi_store::councils::primary(&mut tx)
            .await
            .unwrap()
            .unwrap();
        let fields = caunoi_store::petitions::fields(&mut tx, council.id)
            .await
            .unwrap();
        let gt = fields.iter().find(|f| f.slug == "giao-thong").unwrap().id;
        let rule = petitions::rule_for(&mut tx, council.id, Some(gt))
            .await
            .unwrap();
        assert_eq!((rule.answer_days, rule.very_overdue_after), (30, 5));
        // The threshold in force at forwarding was stored with the petition.
        let p = caunoi_store::petitions::find(&mut tx, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.very_overdue_after, Some(5));
    }
);

both_engines!(
    the_council_follows_up_unsatisfactory_answers,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let sxd = t.agency_id("so-xay-dung").await;
        let syt = t.agency_id("so-y-te").await;
        let (resp, _) = t.responder(&clerk, &[sxd]).await;
        let id = t.forwarded_petition(sxd).create().await.id;
        // Not answered and not overdue: no follow-up yet.
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert!(!page.contains("id=\"h-follow-up\""));
        let (status, _, page) = post(
            &clerk,
            url(&t, id, "/giam-sat"),
            &[("kind", "supervision"), ("note", "Theo dõi tiếp")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("đã có trả lời hoặc đã quá hạn"));
        let (status, _, _) = post(
            &resp,
            url(&t, id, "/xu-ly"),
            &[
                ("action", "answer"),
                ("answer", "Đã chỉ đạo kiểm tra và sẽ xử lý trong quý tới."),
                ("answer_kind", "resolved"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        // The responder may not follow up.
        let (status, _, _) = post(
            &resp,
            url(&t, id, "/giam-sat"),
            &[("kind", "supervision"), ("note", "Theo dõi tiếp")],
        )
        .await;
        assert_eq!(status, 403);
        // A wrong event kind is named.
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert!(page.contains("id=\"h-follow-up\""));
        let (status, _, page) = post(
            &clerk,
            url(&t, id, "/giam-sat"),
            &[
                ("kind", "question_time"),
                ("note", "Đưa ra chất vấn tại kỳ họp tới"),
                ("event", "999999"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            texts(&page, "#fu-event-err"),
            ["Hãy chọn phiên chất vấn trong danh sách."]
        );
        let options: Vec<String> = {
            let doc = scraper::Html::parse_document(&page);
            let sel = scraper::Selector::parse("#fu-event optgroup option").unwrap();
            doc.select(&sel)
                .filter_map(|e| e.value().attr("value").map(str::to_owned))
                .collect()
        };
        assert!(
            !options.is_empty(),
            "question time and supervision events offered"
        );
        let mut tx = t.app.db.read().await.unwrap();
        let qt = caunoi_store::events::list(
            &mut tx,
            &caunoi_store::events::EventFilter {
                kind: Some("question_time".into()),
                ..Default::default()
            },
            1,
            1,
        )
        .await
        .unwrap()
        .items[0]
            .id;
        drop(tx);
        let (status, to, _) = post(
            &clerk,
            url(&t, id, "/giam-sat"),
            &[
                ("kind", "question_time"),
                (
                    "note",
                    "Trả lời chưa thỏa đáng, đề nghị chất vấn Giám đốc Sở.",
                ),
                ("event", &qt.to_string()),
            ],
        )
        .await;
        assert_eq!(status, 303, "{to}");
        // Re-forwarding to another agency starts a new deadline.
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/giam-sat"),
            &[
                ("kind", "reforward"),
                ("note", "Chuyển Sở Y tế phối hợp giải quyết."),
                ("agency", &syt.to_string()),
                ("days", "5"),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, url(&t, id, "")).await;
        assert_eq!(
            texts(&page, ".ws-fu-followups li strong"),
            ["Đưa ra chất vấn", "Chuyển lại cơ quan giải quyết"]
        );
        let new = WorkCalendar::vietnam().add_working_days(today(), 5);
        assert_eq!(texts(&page, ".ws-pet-deadline"), [vntime::format_date(new)]);
        assert!(page.contains("Đã chuyển cơ quan giải quyết"));
        // The old agency's responder no longer sees it; the public page shows the history.
        let (status, _) = get(&resp, url(&t, id, "")).await;
        assert!(matches!(status, 403 | 404), "{status}");
        let (_, public) = t.petition_page(id).await;
        assert!(public.contains("Hội đồng theo dõi, giám sát"));
        assert!(
            public.contains("Chuyển lại cơ quan giải quyết: Sở Y tế"),
            "public"
        );
    }
);

both_engines!(
    the_supervision_filter_lists_rated_unresolved_not_yet_followed,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let sxd = t.agency_id("so-xay-dung").await;
        let id = t.forwarded_petition(sxd).create().await.id;
        t.answer_and_publish(id, "Đã sửa chữa xong tuyến đường.")
            .await;
        let href = format!("/quan-tri/kien-nghi/{id}\"");
        let (status, list) = get(&clerk, t.at("/quan-tri/kien-nghi?loc=giam-sat")).await;
        assert_eq!(status, 200);
        assert!(!list.contains(&href));
        // The voter says it was not resolved.
        {
            let mut tx = t.app.db.write().await.unwrap();
            let p = caunoi_store::petitions::find(&mut tx, id)
                .await
                .unwrap()
                .unwrap();
            let mut w = caunoi_store::petitions::Processing::of(&p);
            w.satisfaction = Some("not_resolved".into());
            caunoi_store::petitions::save_processing(&mut tx, id, &w, caunoi_store::now())
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        let (_, list) = get(&clerk, t.at("/quan-tri/kien-nghi?loc=giam-sat")).await;
        assert!(list.contains(&href), "listed once rated not resolved");
        let mut tx = t.app.db.read().await.unwrap();
        let sup = caunoi_store::events::list(
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
        drop(tx);
        let (status, _, _) = post(
            &clerk,
            url(&t, id, "/giam-sat"),
            &[
                ("kind", "supervision"),
                ("note", "Đưa vào giám sát chuyên đề."),
                ("event", &sup.to_string()),
            ],
        )
        .await;
        assert_eq!(status, 303);
        let (_, list) = get(&clerk, t.at("/quan-tri/kien-nghi?loc=giam-sat")).await;
        assert!(!list.contains(&href), "no longer listed once followed up");
        // Agencies do not get the tab.
        let (resp, _) = t.signed_in_as(Role::Agency, "01").await;
        let (_, q) = get(&resp, t.at("/quan-tri/kien-nghi")).await;
        assert!(!q.contains("loc=giam-sat"));
    }
);

both_engines!(
    a_responder_of_two_agencies_sees_both_and_can_be_removed,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let sxd = t.agency_id("so-xay-dung").await;
        let syt = t.agency_id("so-y-te").await;
        let (resp, email) = t.responder(&clerk, &[sxd, syt]).await;
        let a = t.forwarded_petition(sxd).create().await.id;
        let b = t.forwarded_petition(syt).create().await.id;
        let (_, q) = get(&resp, t.at("/quan-tri/kien-nghi")).await;
        for id in [a, b] {
            assert!(
                q.contains(&format!("/quan-tri/kien-nghi/{id}\"")),
                "{id} in the queue"
            );
        }
        // Removing the responder from one agency takes that agency's petitions away.
        let user = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::users::find_by_email(&mut tx, &email)
                .await
                .unwrap()
                .unwrap()
                .id
        };
        let (status, _, _) = post(
            &resp,
            t.at(&format!(
                "/quan-tri/kien-nghi/co-quan/{syt}/nguoi-tra-loi/{user}/xoa"
            )),
            &[],
        )
        .await;
        assert_eq!(status, 403);
        let (status, to, _) = post(
            &clerk,
            t.at(&format!(
                "/quan-tri/kien-nghi/co-quan/{syt}/nguoi-tra-loi/{user}/xoa"
            )),
            &[],
        )
        .await;
        assert_eq!(status, 303, "{to}");
        let (_, q) = get(&resp, t.at("/quan-tri/kien-nghi")).await;
        assert!(q.contains(&format!("/quan-tri/kien-nghi/{a}\"")));
        assert!(!q.contains(&format!("/quan-tri/kien-nghi/{b}\"")));
        let (status, _, _) = post(
            &clerk,
            t.at(&format!(
                "/quan-tri/kien-nghi/co-quan/{syt}/nguoi-tra-loi/{user}/xoa"
            )),
            &[],
        )
        .await;
        assert_eq!(status, 404);
    }
);

both_engines!(
    fields_are_renamed_and_moved,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (_, page) = get(&clerk, t.at("/quan-tri/kien-nghi/linh-vuc")).await;
        let names = |page: &str| -> Vec<String> {
            let doc = scraper::Html::parse_document(page);
            let sel = scraper::Selector::parse(".ws-fu-fields > li input[name=name]").unwrap();
            doc.select(&sel)
                .filter_map(|e| e.value().attr("value").map(str::to_owned))
                .collect()
        };
        let before = names(&page);
        assert_eq!(before[0], "Đất đai");
        let ids: Vec<String> = {
            let doc = scraper::Html::parse_document(&page);
            let sel = scraper::Selector::parse(".ws-fu-fields > li").unwrap();
            doc.select(&sel)
                .filter_map(|e| {
                    e.value()
                        .attr("id")
                        .map(|i| i.trim_start_matches("linh-vuc-").to_owned())
                })
                .collect()
        };
        let (status, _, _) = post(
            &clerk,
            t.at(&format!("/quan-tri/kien-nghi/linh-vuc/{}", ids[0])),
            &[("move_to", "down")],
        )
        .await;
        assert_eq!(status, 303);
        let (status, _, _) = post(
            &clerk,
            t.at(&format!("/quan-tri/kien-nghi/linh-vuc/{}", ids[0])),
            &[("name", "Đất đai, nhà ở")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, t.at("/quan-tri/kien-nghi/linh-vuc")).await;
        assert_eq!(
            names(&page)[..2],
            [before[1].clone(), "Đất đai, nhà ở".to_owned()]
        );
        let (status, _, page) = post(
            &clerk,
            t.at(&format!("/quan-tri/kien-nghi/linh-vuc/{}", ids[1])),
            &[("name", "đất đai, nhà ở")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Đã có lĩnh vực khác mang tên này."));
        let (status, _, page) = post(
            &clerk,
            t.at(&format!("/quan-tri/kien-nghi/linh-vuc/{}", ids[1])),
            &[("move_to", "up")],
        )
        .await;
        assert_eq!(status, 422, "already first");
        assert!(page.contains("đầu hoặc cuối"));
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (status, _, _) = post(
            &editor,
            t.at(&format!("/quan-tri/kien-nghi/linh-vuc/{}", ids[1])),
            &[("move_to", "down")],
        )
        .await;
        assert_eq!(status, 403);
    }
);

async fn upload(
    c: &Client,
    t: &TestApp,
    csv: &str,
    action: &str,
    skip: bool,
) -> (u16, String, String) {
    let mut form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("tong-hop.csv"),
        )
        .text("action", action.to_owned())
        .text("event", "");
    if skip {
        form = form.text("skip_bad", "1");
    }
    let r = c
        .post(t.at("/quan-tri/kien-nghi/nhap"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, to, r.text().await.unwrap())
}

both_engines!(
    the_import_form_checks_first_and_names_bad_rows,
    Data::Demo,
    |t: TestApp| async move {
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, page) = get(&clerk, t.at("/quan-tri/kien-nghi/nhap")).await;
        assert_eq!(status, 200);
        assert!(page.contains("enctype=\"multipart/form-data\""));
        let csv = "STT,Nội dung kiến nghị,Lĩnh vực,Số cử tri\n\
                   1,Đề nghị sửa chữa mặt đường tổ dân phố 5 bị hư hỏng nặng,Giao thông,12\n\
                   2,Ngắn,Giao thông,3\n\
                   3,Đề nghị bổ sung đèn chiếu sáng ngõ 20 phố Hoa Lư,Không có,abc\n\
                   4,Đề nghị nạo vét mương thoát nước khu dân cư số 2,Môi trường,4\n";
        let before = count(&t).await;
        let (status, _, page) = upload(&clerk, &t, csv, "check", false).await;
        assert_eq!(status, 422);
        let errs = texts(&page, "#imp-err li");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].starts_with("Dòng 3:") && errs[0].contains("quá ngắn"),
            "{errs:?}"
        );
        assert!(
            errs[1].starts_with("Dòng 4:") && errs[1].contains("lĩnh vực “Không có”"),
            "{errs:?}"
        );
        let (status, _, _) = upload(&clerk, &t, csv, "import", false).await;
        assert_eq!(status, 422);
        assert_eq!(
            count(&t).await,
            before,
            "nothing imported from a file with errors"
        );
        // Asked to skip bad rows: the check reports, then the import brings the good ones.
        let (status, _, page) = upload(&clerk, &t, csv, "check", true).await;
        assert_eq!(status, 200);
        assert_eq!(texts(&page, ".ws-fu-import-report dd"), ["4", "2", "2"]);
        assert_eq!(texts(&page, ".ws-fu-bad li").len(), 2);
        assert_eq!(count(&t).await, before);
        let (status, to, _) = upload(&clerk, &t, csv, "import", true).await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, t.at(&to)).await;
        assert_eq!(texts(&page, ".ws-fu-import-report dd"), ["4", "2", "2"]);
        assert_eq!(count(&t).await, before + 2);
        // No file is named; agencies and editors are refused.
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        let (status, _, _) = upload(&editor, &t, csv, "check", false).await;
        assert_eq!(status, 403);
    }
);

async fn count(t: &TestApp) -> i64 {
    petitions::queue(&t.app, &Ctx::operator(), &Default::default(), 1)
        .await
        .unwrap()
        .total
}

// ---------------------------------------------------------------------------------------------
// The API: the same use cases with a bearer token, problem+json naming the field.

async fn api(
    t: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut req = t.client().request(method, t.at(path));
    if let Some(tok) = token {
        req = req.bearer_auth(tok);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    if status >= 400 {
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
    (status, r.json().await.unwrap())
}

fn first_field(problem: &serde_json::Value) -> String {
    problem["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn first_event(t: &TestApp, kind: &str) -> i64 {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::events::list(
        &mut tx,
        &caunoi_store::events::EventFilter {
            kind: Some(kind.into()),
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

/// Messages in the mail folder about the petition with `code`.
fn mails(t: &TestApp, code: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(&t.app.settings.mail_dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap())
                .collect()
        })
        .unwrap_or_default();
    v.retain(|m| m.contains(code));
    v
}

both_engines!(
    the_api_asks_decides_and_follows_up_and_the_voter_hears,
    Data::Demo,
    |t: TestApp| async move {
        use reqwest::Method;
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let resp_email = t.with_user(Role::Agency, Some("01")).await;
        let resp =
            caunoi_app::accounts::create_token(&t.app, &Ctx::operator(), Some(&resp_email), "api")
                .await
                .unwrap()
                .0;
        let office = t.token(Role::Clerk).await;
        let sxd = t.agency_id("so-xay-dung").await;
        t.link_responder(&clerk, sxd, &resp_email).await;
        let p = t
            .forwarded_petition(sxd)
            .sent_online_by("den-ngo@example.vn")
            .create()
            .await;
        let (id, code) = (p.id, p.code);
        let ext = format!("/api/v1/petitions/{id}/extensions");
        let reason = "Cần khảo sát hiện trường và bố trí kinh phí lắp đặt.";

        // Nobody unknown; the office may not ask; bad input is named.
        let body = serde_json::json!({ "reason": reason, "extra_days": 10 });
        let (status, _) = api(&t, Method::POST, &ext, None, Some(body.clone())).await;
        assert_eq!(status, 401);
        let (status, _) = api(&t, Method::POST, &ext, Some(&office), Some(body.clone())).await;
        assert_eq!(status, 403);
        let (status, p) = api(
            &t,
            Method::POST,
            &ext,
            Some(&resp),
            Some(serde_json::json!({ "reason": "ngắn", "extra_days": 10 })),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(first_field(&p), "reason", "{p}");
        let (status, p) = api(
            &t,
            Method::POST,
            &ext,
            Some(&resp),
            Some(serde_json::json!({ "reason": reason, "new_deadline": "mai" })),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(first_field(&p), "new_deadline", "{p}");
        let (status, p) = api(
            &t,
            Method::POST,
            &ext,
            Some(&resp),
            Some(serde_json::json!({ "reason": reason, "days": 10 })),
        )
        .await;
        assert_eq!(status, 422, "unknown member: {p}");

        let cal = WorkCalendar::vietnam();
        let new = cal.add_working_days(cal.add_working_days(today(), 20), 10);
        let (status, e) = api(&t, Method::POST, &ext, Some(&resp), Some(body.clone())).await;
        assert_eq!(status, 201, "{e}");
        assert_eq!(e["state"], "pending");
        assert_eq!(e["new_deadline"], new.to_string());

        // The office sees the request with who asked; the responder may not decide.
        let (status, s) = api(
            &t,
            Method::GET,
            &format!("/api/v1/petitions/{id}/staff"),
            Some(&office),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(s["extensions"][0]["reason"], reason);
        assert_eq!(s["extensions"][0]["state_label"], "Đang chờ quyết định");
        let decide = format!("/api/v1/petitions/{id}/extensions/decision");
        let grant = serde_json::json!({ "decision": "grant" });
        let (status, _) = api(&t, Method::POST, &decide, Some(&resp), Some(grant.clone())).await;
        assert_eq!(status, 403);
        let (status, p) = api(
            &t,
            Method::POST,
            &decide,
            Some(&office),
            Some(serde_json::json!({ "decision": "decline" })),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(first_field(&p), "note", "{p}");
        let (status, d) = api(
            &t,
            Method::POST,
            &decide,
            Some(&office),
            Some(grant.clone()),
        )
        .await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(d["granted"], true);
        assert_eq!(d["extension"]["state"], "granted");
        let (status, p) = api(&t, Method::POST, &decide, Some(&office), Some(grant)).await;
        assert_eq!(status, 422, "nothing pending any more");
        assert_eq!(first_field(&p), "decision", "{p}");

        // Answered; the office follows up through the API.
        for input in [
            ActInput {
                action: "answer".into(),
                answer: "Sẽ lắp đèn trong quý tới khi có kinh phí.".into(),
                answer_kind: "in_progress".into(),
                promised_on: vntime::format_date(cal.add_working_days(today(), 60)),
                ..Default::default()
            },
            ActInput {
                action: "publish".into(),
                ..Default::default()
            },
        ] {
            petitions::act(&t.app, &Ctx::operator(), id, &input)
                .await
                .unwrap();
        }
        let fu = format!("/api/v1/petitions/{id}/followups");
        let sup = first_event(&t, "supervision").await;
        let (status, p) = api(
            &t,
            Method::POST,
            &fu,
            Some(&office),
            Some(serde_json::json!({ "kind": "supervision", "note": "x" })),
        )
        .await;
        assert_eq!(status, 422);
        let named: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert_eq!(named, ["note", "event"], "{p}");
        let (status, p) = api(
            &t,
            Method::POST,
            &fu,
            Some(&resp),
            Some(serde_json::json!({ "kind": "supervision", "note": "Giám sát", "event": sup })),
        )
        .await;
        assert!(matches!(status, 403 | 404), "{status} {p}");
        let note = "Đưa vào giám sát chuyên đề chiếu sáng đô thị.";
        let (status, f) = api(
            &t,
            Method::POST,
            &fu,
            Some(&office),
            Some(serde_json::json!({ "kind": "supervision", "note": note, "event": sup })),
        )
        .await;
        assert_eq!(status, 201, "{f}");
        assert_eq!(f["kind"], "supervision");
        assert!(f["actor"].is_string());

        // The public record: the granted extension and the follow-up, without who or why.
        let (status, public) = api(
            &t,
            Method::GET,
            &format!("/api/v1/petitions/{id}"),
            None,
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(public["extensions"][0]["new_deadline"], new.to_string());
        assert_eq!(public["followups"][0]["note"], note);
        assert_eq!(
            public["followups"][0]["kind_label"],
            "Đưa vào chương trình giám sát"
        );
        let text = public.to_string();
        for secret in [
            reason,
            "Người thử",
            resp_email.as_str(),
            "den-ngo@example.vn",
            "Lê Thị Kiến Nghị",
            code.as_str(),
            "\"actor\"",
            "requested_by",
        ] {
            assert!(
                !text.contains(secret),
                "{secret} in the public JSON: {text}"
            );
        }

        // The petitioner is told of both, like the other public steps.
        while caunoi_app::jobs::run_one(&t.app, "test").await.unwrap() {}
        let all = mails(&t, &code);
        let extension: Vec<&String> = all
            .iter()
            .filter(|m| m.contains("gia hạn trả lời kiến nghị"))
            .collect();
        assert_eq!(extension.len(), 1, "{all:?}");
        assert!(extension[0].contains("To: <den-ngo@example.vn>"));
        assert!(extension[0].contains(&vntime::format_date(new)));
        let follow: Vec<&String> = all.iter().filter(|m| m.contains(note)).collect();
        assert_eq!(follow.len(), 1, "{all:?}");
        assert!(follow[0].contains("Đưa vào chương trình giám sát"));
        assert!(!follow[0].contains("Người thử"), "no staff names");
    }
);

both_engines!(
    the_api_reads_and_sets_deadline_rules,
    Data::Demo,
    |t: TestApp| async move {
        use reqwest::Method;
        let path = "/api/v1/petitions/deadline-rules";
        let admin = t.token(Role::CouncilAdmin).await;
        let clerk = t.token(Role::Clerk).await;
        let (status, _) = api(&t, Method::GET, path, None, None).await;
        assert_eq!(status, 401);
        let (status, _) = api(&t, Method::GET, path, Some(&clerk), None).await;
        assert_eq!(status, 403);
        let (status, r) = api(&t, Method::GET, path, Some(&admin), None).await;
        assert_eq!(status, 200, "{r}");
        assert_eq!(r["council"], "01");
        assert_eq!(r["rule"]["answer_days"], 20);
        assert_eq!(r["rule_set"], false);
        assert!(
            r["fields"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["rule"].is_null())
        );

        let (status, p) = api(
            &t,
            Method::PUT,
            path,
            Some(&admin),
            Some(serde_json::json!({ "answer_days": 0, "very_overdue_after": 5 })),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(first_field(&p), "answer_days", "{p}");
        let (status, p) = api(
            &t,
            Method::PUT,
            path,
            Some(&admin),
            Some(serde_json::json!({ "field": "khong-co", "answer_days": 30, "very_overdue_after": 5 })),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(first_field(&p), "field", "{p}");
        let (status, _) = api(
            &t,
            Method::PUT,
            path,
            Some(&clerk),
            Some(serde_json::json!({ "answer_days": 30, "very_overdue_after": 5 })),
        )
        .await;
        assert_eq!(status, 403);

        let (status, r) = api(
            &t,
            Method::PUT,
            path,
            Some(&admin),
            Some(serde_json::json!({ "field": "giao-thong", "answer_days": 30, "very_overdue_after": 10 })),
        )
        .await;
        assert_eq!(status, 200, "{r}");
        let gt = r["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == "giao-thong")
            .unwrap()
            .clone();
        assert_eq!(gt["rule"]["answer_days"], 30);
        assert_eq!(gt["rule"]["very_overdue_after"], 10);
        // A forward under the field's rule takes its days.
        let sxd = t.agency_id("so-xay-dung").await;
        let id = t.forwarded_petition(sxd).create().await.id;
        let mut tx = t.app.db.read().await.unwrap();
        let p = caunoi_store::petitions::find(&mut tx, id)
            .await
            .unwrap()
            .unwrap();
        drop(tx);
        assert_eq!(
            p.deadline,
            Some(WorkCalendar::vietnam().add_working_days(today(), 30))
        );
        let (status, r) = api(
            &t,
            Method::PUT,
            path,
            Some(&admin),
            Some(serde_json::json!({ "field": "giao-thong", "clear": true })),
        )
        .await;
        assert_eq!(status, 200, "{r}");
        assert!(
            r["fields"]
                .as_array()
                .unwrap()
                .iter()
                .all(|f| f["rule"].is_null())
        );
    }
);

// ---------------------------------------------------------------------------------------------
// Queue scope: a province's office sees its communes' councils; a commune's sees its own only.

/// A petition recorded at a voter meeting of the council of `unit` (through the use cases).
async fn commune_petition(t: &TestApp, unit: &str, title: &str) -> i64 {
    let op = Ctx::operator();
    let meeting = caunoi_app::events::save(
        &t.app,
        &op,
        None,
        &caunoi_app::events::EventInput {
            council: unit.into(),
            kind: "voter_meeting".into(),
            title: format!("Tiếp xúc cử tri đơn vị {unit}"),
            start_date: vntime::format_date(today()),
            start_time: "08:00".into(),
            state: "published".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    petitions::record_from_meeting(
        &t.app,
        &op,
        meeting,
        &petitions::MeetingInput {
            title: title.into(),
            body: "Cử tri phản ánh tại buổi tiếp xúc, đề nghị xem xét giải quyết sớm.".into(),
            voters: "3".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .id
}

both_engines!(
    a_province_office_sees_its_communes_and_a_commune_sees_its_own,
    Data::Demo,
    |t: TestApp| async move {
        let (province, communes) = {
            let mut tx = t.app.db.read().await.unwrap();
            let p = caunoi_store::councils::primary(&mut tx)
                .await
                .unwrap()
                .unwrap();
            let kids = caunoi_store::councils::children(&mut tx, p.id, 1, 2)
                .await
                .unwrap()
                .items;
            (p, kids)
        };
        assert_eq!(province.unit_code, "01");
        let (a, b) = (&communes[0], &communes[1]);
        let in_a = commune_petition(
            &t,
            &a.unit_code,
            "Đề nghị nâng cấp nhà văn hóa tổ dân phố số 3",
        )
        .await;
        let in_b = commune_petition(
            &t,
            &b.unit_code,
            "Đề nghị sửa mương thoát nước khu dân cư số 7",
        )
        .await;
        let in_province =
            commune_petition(&t, "01", "Đề nghị mở rộng tuyến xe buýt về khu đô thị mới").await;
        let link = |id: i64| format!("href=\"/quan-tri/kien-nghi/{id}\"");

        // The province's clerk sees every council's petitions and filters by council.
        let (clerk, _) = t.signed_in_as(Role::Clerk, "01").await;
        let (status, q) = get(&clerk, t.at("/quan-tri/kien-nghi")).await;
        assert_eq!(status, 200);
        for id in [in_a, in_b, in_province] {
            assert!(q.contains(&link(id)), "{id} in the province's queue");
        }
        let (status, q) = get(&clerk, t.at(&format!("/quan-tri/kien-nghi?hdnd={}", a.id))).await;
        assert_eq!(status, 200);
        assert!(q.contains(&link(in_a)));
        assert!(!q.contains(&link(in_b)) && !q.contains(&link(in_province)));
        let (status, q) = get(&clerk, t.at("/quan-tri/kien-nghi?hdnd=abc")).await;
        assert_eq!(status, 422);
        assert!(q.contains("Hội đồng không có trong danh sách."));
        let (status, page) = get(&clerk, t.at(&format!("/quan-tri/kien-nghi/{in_a}"))).await;
        assert_eq!(
            status, 200,
            "the province's clerk opens a commune's petition"
        );
        assert!(page.contains("nhà văn hóa tổ dân phố số 3"));

        // The commune's clerk sees only its own council's, and cannot filter its way out.
        let email = t.with_user(Role::Clerk, Some(&a.unit_code)).await;
        let commune_clerk = t.client();
        t.sign_in(&commune_clerk, &email, PASSWORD).await;
        let (status, q) = get(&commune_clerk, t.at("/quan-tri/kien-nghi")).await;
        assert_eq!(status, 200);
        assert!(q.contains(&link(in_a)));
        assert!(!q.contains(&link(in_b)), "another commune's");
        assert!(!q.contains(&link(in_province)), "the province's");
        for other in [b.id, province.id] {
            let (status, q) = get(
                &commune_clerk,
                t.at(&format!("/quan-tri/kien-nghi?hdnd={other}")),
            )
            .await;
            assert_eq!(status, 422, "hdnd={other}");
            assert!(!q.contains(&link(in_b)) && !q.contains(&link(in_province)));
        }
        for id in [in_b, in_province] {
            let (status, _) = get(&commune_clerk, t.at(&format!("/quan-tri/kien-nghi/{id}"))).await;
            assert!(matches!(status, 403 | 404), "{id}: {status}");
        }
    }
);

// ---------------------------------------------------------------------------------------------
// "Cần giám sát" is one statement: it agrees with the domain's rule petition by petition.

/// The domain's answer for one petition, from its rows: rated not resolved or very overdue,
/// and no question-time or supervision follow-up since the last forward, reopening or
/// re-forward.
async fn needs_supervision_by_rule(
    tx: &mut caunoi_store::Tx,
    p: &caunoi_store::petitions::Petition,
    cal: &WorkCalendar,
) -> bool {
    let fus = caunoi_store::petition_followup::followups(tx, p.id)
        .await
        .unwrap();
    let steps = caunoi_store::petitions::transitions(tx, p.id, false)
        .await
        .unwrap();
    let followed = fus.iter().any(|f| {
        f.kind != "reforward"
            && !fus.iter().any(|r| r.kind == "reforward" && r.id > f.id)
            && !steps
                .iter()
                .any(|t| matches!(t.action.as_str(), "forward" | "reopen") && t.at > f.at)
    });
    p.moderation == "approved"
        && caunoi_domain::petition_followup::needs_supervision(
            p.state.parse().unwrap(),
            p.satisfaction.as_deref(),
            petitions::timeliness(p, cal),
            followed,
        )
}

both_engines!(
    the_supervision_list_is_one_query_that_agrees_with_the_rule,
    Data::Demo,
    |t: TestApp| async move {
        let op = Ctx::operator();
        let n = 110;
        let csv = (0..n).fold(String::from("Nội dung kiến nghị\n"), |mut s, i| {
            s.push_str(&format!(
                "Đề nghị kiểm tra, sửa chữa hạng mục công trình công cộng số {i} tại khu dân cư\n"
            ));
            s
        });
        petitions::import_petitions(&t.app, &op, csv.as_bytes(), None, false, false)
            .await
            .unwrap();
        let sxd = t.agency_id("so-xay-dung").await;
        let received = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petitions::list(
                &mut tx,
                &caunoi_store::petitions::Filter {
                    state: Some("received".into()),
                    ..Default::default()
                },
                1,
                1000,
            )
            .await
            .unwrap()
            .items
        };
        assert!(received.len() >= n);
        let today = today();
        let thresholds = [None, Some(0), Some(5), Some(15), Some(120)];
        for (i, p) in received.iter().enumerate() {
            t.classify_and_forward(p.id, "giao-thong", sxd).await;
            let mut tx = t.app.db.write().await.unwrap();
            let p = caunoi_store::petitions::find(&mut tx, p.id)
                .await
                .unwrap()
                .unwrap();
            let mut w = caunoi_store::petitions::Processing::of(&p);
            match i % 6 {
                0 | 1 => {
                    w.state = "published".into();
                    w.answer = Some("Đã giao đơn vị kiểm tra, xử lý.".into());
                    w.answer_kind = Some("resolved".into());
                    w.answered_on = Some(today - time::Duration::days(1));
                    w.satisfaction =
                        Some(if i % 6 == 0 { "not_resolved" } else { "partly" }.into());
                }
                _ => {
                    w.deadline = Some(today - time::Duration::days((i as i64 * 7) % 200 - 10));
                    w.very_overdue_after = thresholds[i % thresholds.len()];
                }
            }
            caunoi_store::petitions::save_processing(&mut tx, p.id, &w, caunoi_store::now())
                .await
                .unwrap();
            let followup = |kind: &str| caunoi_store::petition_followup::NewFollowup {
                kind: kind.into(),
                note: "Theo dõi thử".into(),
                agency_id: None,
                deadline: None,
                event_id: None,
                question_id: None,
                actor_label: "thử".into(),
            };
            if i % 4 == 0 {
                caunoi_store::petition_followup::insert_followup(
                    &mut tx,
                    p.id,
                    &followup("supervision"),
                    caunoi_store::now(),
                )
                .await
                .unwrap();
                // A later re-forward or reopening starts over: the follow-up no longer counts.
                if i % 8 == 0 {
                    caunoi_store::petition_followup::insert_followup(
                        &mut tx,
                        p.id,
                        &followup("reforward"),
                        caunoi_store::now(),
                    )
                    .await
                    .unwrap();
                } else if i % 12 == 4 {
                    caunoi_store::petitions::insert_transition(
                        &mut tx,
                        p.id,
                        &caunoi_store::petitions::Transition {
                            from_state: Some(w.state.clone()),
                            to_state: w.state.clone(),
                            action: "reopen".into(),
                            actor_label: "thử".into(),
                            note: "Mở lại thử".into(),
                            public: true,
                            at: caunoi_store::now() + time::Duration::seconds(1),
                        },
                    )
                    .await
                    .unwrap();
                }
            }
            tx.commit().await.unwrap();
        }

        // The rule, petition by petition, over every council of the office's scope.
        let mut tx = t.app.db.read().await.unwrap();
        let cal = petitions::work_calendar(&mut tx).await.unwrap();
        let scope: Vec<i64> = petitions::queue_councils(&t.app, &op)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        let all = caunoi_store::petitions::list(
            &mut tx,
            &caunoi_store::petitions::Filter {
                council_ids: scope,
                ..Default::default()
            },
            1,
            100_000,
        )
        .await
        .unwrap()
        .items;
        let mut expected = Vec::new();
        for p in &all {
            if needs_supervision_by_rule(&mut tx, p, &cal).await {
                expected.push((p.id, p.state.clone()));
            }
        }
        drop(tx);
        assert!(expected.len() > 50, "more than a page: {}", expected.len());
        assert!(expected.len() < all.len());

        for state in [None, Some("published"), Some("forwarded")] {
            let want: Vec<i64> = expected
                .iter()
                .filter(|(_, s)| state.is_none_or(|x| x == s))
                .map(|(id, _)| *id)
                .collect();
            let mut got = Vec::new();
            for page in 1.. {
                let l = petitions::queue(
                    &t.app,
                    &op,
                    &petitions::QueueQuery {
                        supervision_only: true,
                        state: state.map(str::to_owned),
                        ..Default::default()
                    },
                    page,
                )
                .await
                .unwrap();
                assert_eq!(l.total, want.len() as i64, "{state:?}");
                if l.items.is_empty() {
                    break;
                }
                got.extend(l.items.iter().map(|(p, _)| p.id));
            }
            assert_eq!(got, want, "{state:?}");
        }
    }
);
