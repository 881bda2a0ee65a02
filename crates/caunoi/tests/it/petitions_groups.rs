//! Near-duplicate petitions through the front door: the office is shown proposed groups,
//! dismisses one (it does not come back unchanged), confirms another with a lead it chooses and
//! a member unticked; the public page and the API show the group ("N cử tri, M lần nêu"); when
//! the lead's answer is published the members' submitters are told and their tracking shows
//! it; similar petitions and a suggested field appear beside a petition; only the office may
//! do any of it.

use caunoi_app::Ctx;
use caunoi_app::petitions::{self, ActInput, OnlineInput, SubmitMeta};
use caunoi_domain::Role;
use caunoi_testkit::http::{get, post_owned};
use caunoi_testkit::{Data, TestApp, both_engines, texts};

/// An approved online petition: (id, tracking code).
async fn online(t: &TestApp, title: &str, body: &str, email: &str) -> (i64, String) {
    let op = Ctx::operator();
    let s = petitions::submit_online(
        &t.app,
        &op,
        &OnlineInput {
            title: title.into(),
            body: body.into(),
            name: "Nguyễn Văn Hùng".into(),
            email: email.into(),
            consent: Some("on".into()),
            ..Default::default()
        },
        &SubmitMeta {
            fill_seconds: Some(10),
            ip: None,
        },
    )
    .await
    .unwrap();
    petitions::moderate(&t.app, &op, s.id, true).await.unwrap();
    (s.id, s.code)
}

/// The proposals on the page, each as the sorted ids of its members.
fn proposals(html: &str) -> Vec<Vec<i64>> {
    let doc = scraper::Html::parse_document(html);
    let section = scraper::Selector::parse("section.ws-grp").unwrap();
    let member = scraper::Selector::parse("input[type=checkbox][name=members]").unwrap();
    doc.select(&section)
        .map(|s| {
            let mut ids: Vec<i64> = s
                .select(&member)
                .filter_map(|i| i.value().attr("value")?.parse().ok())
                .collect();
            ids.sort_unstable();
            ids
        })
        .collect()
}

async fn stored(t: &TestApp, id: i64) -> caunoi_store::petitions::Petition {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::petitions::find(&mut tx, id)
        .await
        .unwrap()
        .unwrap()
}

const DRAIN: (&str, &str) = (
    "Đề nghị nạo vét cống thoát nước ngõ 35 phố Chợ Gạo",
    "Cống thoát nước ngõ 35 phố Chợ Gạo bị tắc, bốc mùi hôi thối, mỗi khi mưa lớn lại ngập sâu. Đề nghị sớm nạo vét.",
);
const DRAIN_2: (&str, &str) = (
    "Cống thoát nước ngõ 35 phố Chợ Gạo bị tắc",
    "Cử tri phản ánh cống thoát nước ngõ 35 phố Chợ Gạo tắc nghẽn, mưa lớn là ngập sâu, đề nghị nạo vét cống.",
);
const DRAIN_3: (&str, &str) = (
    "Kiến nghị nạo vét cống ngõ 35 phố Chợ Gạo",
    "Ngõ 35 phố Chợ Gạo: cống thoát nước bị tắc, bốc mùi, ngập khi mưa lớn. Đề nghị nạo vét.",
);
const DRAIN_4: (&str, &str) = (
    "Ngõ 35 phố Chợ Gạo ngập vì cống tắc",
    "Mỗi khi mưa lớn ngõ 35 phố Chợ Gạo lại ngập sâu do cống thoát nước bị tắc, bốc mùi hôi thối; đề nghị nạo vét cống.",
);
const BUS: (&str, &str) = (
    "Đề nghị mở tuyến xe buýt đến khu công nghiệp Phú Nghĩa",
    "Công nhân khu công nghiệp Phú Nghĩa phải đi xe máy hơn 20 km mỗi ngày; đề nghị mở tuyến xe buýt từ trung tâm.",
);

both_engines!(
    the_office_dismisses_then_confirms_a_group_and_the_members_hear_the_answer,
    Data::Demo,
    |t: TestApp| async move {
        let (a, _) = online(&t, DRAIN.0, DRAIN.1, "a@example.vn").await;
        let (b, b_code) = online(&t, DRAIN_2.0, DRAIN_2.1, "b@example.vn").await;
        let (c, _) = online(&t, DRAIN_3.0, DRAIN_3.1, "c@example.vn").await;
        let (d, _) = online(&t, BUS.0, BUS.1, "d@example.vn").await;
        let clerk = t.signed_in(Role::Clerk).await;
        let page_url = t.at("/quan-tri/kien-nghi/trung-lap");

        // The three petitions about the drain are proposed together; the bus is not among them.
        let (status, page) = get(&clerk, page_url.clone()).await;
        assert_eq!(status, 200);
        let found = proposals(&page);
        assert!(found.contains(&vec![a, b, c]), "{found:?}");
        assert!(found.iter().all(|g| !g.contains(&d)), "{found:?}");
        assert!(page.contains(DRAIN_2.0));
        assert!(!page.contains("b@example.vn"), "no personal data");

        // Dismissed, the same set does not come back.
        let members = |ids: &[i64]| -> Vec<(&str, String)> {
            ids.iter().map(|i| ("members", i.to_string())).collect()
        };
        let (status, to, _) = post_owned(
            &clerk,
            t.at("/quan-tri/kien-nghi/trung-lap/bo-qua"),
            &members(&[a, b, c]),
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&clerk, t.at(&to)).await;
        assert!(page.contains("Đã bỏ qua đề xuất"));
        assert!(!proposals(&page).contains(&vec![a, b, c]));

        // A new petition on the same matter changes the set: proposed again.
        let (e, _) = online(&t, DRAIN_4.0, DRAIN_4.1, "e@example.vn").await;
        let (_, page) = get(&clerk, page_url.clone()).await;
        assert!(
            proposals(&page).contains(&vec![a, b, c, e]),
            "{:?}",
            proposals(&page)
        );

        // Refused: the lead without another member, named in Vietnamese (nothing merged).
        let (status, _, page) = post_owned(
            &clerk,
            t.at("/quan-tri/kien-nghi/trung-lap/gop"),
            &[("lead", a.to_string()), ("members", a.to_string())],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("Hãy giữ ít nhất một kiến nghị khác ngoài kiến nghị chính."));

        // Confirmed with `a` as lead and `c` unticked.
        let mut form = vec![("lead", a.to_string())];
        form.extend(members(&[a, b, e]));
        let (status, to, _) =
            post_owned(&clerk, t.at("/quan-tri/kien-nghi/trung-lap/gop"), &form).await;
        assert_eq!(status, 303);
        assert_eq!(
            to,
            format!("/quan-tri/kien-nghi/trung-lap?xong=gop&chinh={a}")
        );
        let lead = stored(&t, a).await;
        assert_eq!(lead.voters, 3, "the members' voters count for the lead");
        for m in [b, e] {
            let m = stored(&t, m).await;
            assert_eq!(m.state, "merged");
            assert_eq!(m.merged_into, Some(a));
        }
        let untouched = stored(&t, c).await;
        assert_eq!(untouched.state, "received");
        assert_eq!(untouched.merged_into, None);
        // The lead's timeline counts each member in.
        let (_, staff) = get(&clerk, t.at(&format!("/quan-tri/kien-nghi/{a}"))).await;
        assert!(staff.contains(&format!("Gộp kiến nghị “{}” (+1 cử tri)", DRAIN_2.0)));

        // The public page and the API show the group, with no personal data.
        let (status, public) = t.petition_page(a).await;
        assert_eq!(status, 200, "petition {a}");
        assert_eq!(
            texts(&public, ".pet-group-count strong"),
            ["3 cử tri, 3 lần nêu"]
        );
        assert_eq!(texts(&public, ".pet-group-members li").len(), 3);
        assert!(public.contains(DRAIN_4.0));
        assert!(!public.contains("@example.vn"));
        let (status, member_page) = t.petition_page(b).await;
        assert_eq!(status, 200, "petition {b}");
        assert_eq!(
            texts(&member_page, ".pet-group-count strong"),
            ["3 cử tri, 3 lần nêu"]
        );
        let (_, api) = t.json(&format!("/api/v1/petitions/{a}")).await;
        assert_eq!(api["group"]["voters"], 3);
        assert_eq!(api["group"]["petitions"], 3);
        assert_eq!(api["group"]["lead"]["id"], a);
        let ids: Vec<i64> = api["group"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [b, e]);
        assert_eq!(api["times_raised"], 3);
        // The list says it too, for the lead only.
        let (_, list) = t.json("/api/v1/petitions?per_page=100").await;
        let raised = |id: i64| {
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["id"] == id)
                .map(|p| p["times_raised"].clone())
        };
        assert_eq!(raised(a), Some(serde_json::json!(3)));
        assert_eq!(raised(b), Some(serde_json::json!(1)));
        assert_eq!(raised(c), Some(serde_json::json!(1)));
        let (_, html) = t.page("/kien-nghi").await;
        let lines = texts(&html, ".pet-line");
        assert_eq!(
            lines.iter().filter(|l| l.contains("3 lần nêu")).count(),
            1,
            "{lines:?}"
        );

        // The lead is answered once; the members' submitters hear it and their tracking shows it.
        let agency = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petitions::agencies(&mut tx, lead.council_id)
                .await
                .unwrap()[0]
                .id
        };
        let answer = "Đã nạo vét toàn tuyến cống ngõ 35 phố Chợ Gạo trong tháng này.";
        t.classify_and_forward(a, "moi-truong", agency).await;
        t.answer_and_publish(a, answer).await;
        while caunoi_app::jobs::run_one(&t.app, "test").await.unwrap() {}
        let mails: Vec<String> = std::fs::read_dir(&t.app.settings.mail_dir)
            .unwrap()
            .flatten()
            .filter(|f| f.file_name().to_string_lossy().ends_with(".eml"))
            .map(|f| std::fs::read_to_string(f.path()).unwrap())
            .collect();
        for to in ["a@example.vn", "b@example.vn", "e@example.vn"] {
            assert!(
                mails
                    .iter()
                    .any(|m| m.contains(&format!("To: <{to}>")) && m.contains(answer)),
                "{to} hears the answer"
            );
        }
        assert!(
            !mails
                .iter()
                .any(|m| m.contains("To: <c@example.vn>") && m.contains(answer)),
            "the unticked petition is not answered by the group"
        );
        let (status, _, tracked) = post_owned(
            &t.client(),
            t.at("/kien-nghi/theo-doi"),
            &[("ma", b_code.clone()), ("lien_he", "b@example.vn".into())],
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            tracked.contains("Trả lời chung cho nhóm kiến nghị"),
            "{tracked}"
        );
        assert!(tracked.contains(answer));
    }
);

both_engines!(
    similar_petitions_and_a_suggested_field_appear_beside_a_petition,
    Data::Demo,
    |t: TestApp| async move {
        let (a, _) = online(&t, DRAIN.0, DRAIN.1, "a@example.vn").await;
        let (c, _) = online(&t, DRAIN_3.0, DRAIN_3.1, "c@example.vn").await;
        let op = Ctx::operator();
        petitions::act(
            &t.app,
            &op,
            a,
            &ActInput {
                action: "classify".into(),
                field: "moi-truong".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let clerk = t.signed_in(Role::Clerk).await;
        let (status, page) = get(&clerk, t.at(&format!("/quan-tri/kien-nghi/{c}"))).await;
        assert_eq!(status, 200);
        let similar = texts(&page, ".ws-grp-similar li a");
        assert_eq!(similar.first().map(String::as_str), Some(DRAIN.0));
        assert!(page.contains("chưa trả lời"));
        assert_eq!(
            texts(&page, ".ws-grp-suggest dd"),
            ["Môi trường (từ 1 kiến nghị tương tự)"]
        );
        // Pre-selected in the form, not applied.
        let doc = scraper::Html::parse_document(&page);
        let sel = scraper::Selector::parse("#act-classify-field option[selected]").unwrap();
        let chosen: Vec<&str> = doc
            .select(&sel)
            .filter_map(|o| o.value().attr("value"))
            .collect();
        assert_eq!(chosen, ["moi-truong"]);
        assert_eq!(stored(&t, c).await.field_id, None);
    }
);

both_engines!(
    only_the_office_sees_proposals_and_groups_petitions,
    Data::Demo,
    |t: TestApp| async move {
        let (a, _) = online(&t, DRAIN.0, DRAIN.1, "a@example.vn").await;
        let (b, _) = online(&t, DRAIN_2.0, DRAIN_2.1, "b@example.vn").await;
        for role in [Role::Citizen, Role::Agency, Role::Editor] {
            let c = t.signed_in(role).await;
            let (status, _) = get(&c, t.at("/quan-tri/kien-nghi/trung-lap")).await;
            assert_eq!(status, 403, "{role:?} reads proposals");
            let (status, _, _) = post_owned(
                &c,
                t.at("/quan-tri/kien-nghi/trung-lap/gop"),
                &[
                    ("lead", a.to_string()),
                    ("members", a.to_string()),
                    ("members", b.to_string()),
                ],
            )
            .await;
            assert_eq!(status, 403, "{role:?} confirms");
            let (status, _, _) = post_owned(
                &c,
                t.at("/quan-tri/kien-nghi/trung-lap/bo-qua"),
                &[("members", a.to_string()), ("members", b.to_string())],
            )
            .await;
            assert_eq!(status, 403, "{role:?} dismisses");
        }
        assert_eq!(stored(&t, b).await.merged_into, None);
        let (status, to, _) = post_owned(
            &t.client(),
            t.at("/quan-tri/kien-nghi/trung-lap/gop"),
            &[
                ("lead", a.to_string()),
                ("members", a.to_string()),
                ("members", b.to_string()),
            ],
        )
        .await;
        assert_eq!((status, to.starts_with("/dang-nhap")), (303, true));
        let clerk = t.signed_in(Role::Clerk).await;
        let (status, _, _) = post_owned(
            &clerk,
            t.at("/quan-tri/kien-nghi/trung-lap/gop"),
            &[
                ("lead", a.to_string()),
                ("members", a.to_string()),
                ("members", b.to_string()),
            ],
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(stored(&t, b).await.merged_into, Some(a));
    }
);
