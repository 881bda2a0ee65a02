//! The council's record as open data: councils, delegates, "who represents me?", events,
//! resolutions and the Popolo export. Drafts never leave through any of them.

use caunoi_app::Ctx;
use caunoi_app::events::{self, EventInput, QuestionInput};
use caunoi_app::resolutions::{self, ResolutionInput};
use caunoi_domain::Role;
use caunoi_testkit::files::tiny_pdf;
use caunoi_testkit::{Data, TestApp, both_engines};
use serde_json::Value;
use std::collections::HashSet;

async fn get(t: &TestApp, path: &str) -> (u16, Value) {
    let r = t.client().get(t.at(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
    let body: Value = r.json().await.unwrap();
    if status >= 400 {
        assert_eq!(ct, "application/problem+json", "{path}");
    }
    (status, body)
}

async fn ok(t: &TestApp, path: &str) -> Value {
    let (status, body) = get(t, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// A 422 problem naming `field`.
async fn refused(t: &TestApp, path: &str, field: &str) {
    let (status, p) = get(t, path).await;
    assert_eq!(status, 422, "{path}: {p}");
    assert_eq!(p["status"], 422, "{path}");
    assert_eq!(p["errors"][0]["field"], field, "{path}: {p}");
}

fn ids(list: &Value) -> HashSet<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect()
}

both_engines!(
    councils_and_delegates_as_lists,
    Data::Demo,
    |t: TestApp| async move {
        let all = ok(&t, "/api/v1/councils").await;
        assert_eq!(all["total"], 127, "Hà Nội and its 126 communes");
        assert_eq!(all["page"], 1);
        assert_eq!(all["per_page"], 20);
        assert_eq!(all["items"].as_array().unwrap().len(), 20);
        let hanoi = &all["items"][0];
        assert_eq!(hanoi["code"], "01");
        assert_eq!(hanoi["name"], "Hội đồng nhân dân Thành phố Hà Nội");
        assert_eq!(hanoi["unit_name"], "Thành phố Hà Nội");
        assert_eq!(hanoi["level"], "province");
        assert_eq!(hanoi["parent_code"], Value::Null);
        assert_eq!(hanoi["division"], "ocd-division/country:vn/province:01");
        assert_eq!(hanoi["terms"][0]["name"], "Khóa XVII, nhiệm kỳ 2026–2031");
        assert_eq!(hanoi["terms"][0]["starts_on"], "2026-04-01");
        assert_eq!(hanoi["terms"].as_array().unwrap().len(), 2);
        let last = ok(&t, "/api/v1/councils?page=3&per_page=50").await;
        assert_eq!(last["page"], 3);
        assert_eq!(last["items"].as_array().unwrap().len(), 27);

        let ward = ok(&t, "/api/v1/councils/00004").await;
        assert_eq!(ward["name"], "Hội đồng nhân dân Phường Ba Đình");
        assert_eq!(ward["level"], "commune");
        assert_eq!(ward["parent_code"], "01");
        assert_eq!(
            ward["division"],
            "ocd-division/country:vn/province:01/commune:00004"
        );
        assert_eq!(get(&t, "/api/v1/councils/79").await.0, 404);
        refused(&t, "/api/v1/councils/abc", "code").await;

        // The current term: 24 delegates of the city and its 6 National Assembly deputies.
        let seats = ok(&t, "/api/v1/delegates").await;
        assert_eq!(seats["total"], 30);
        assert_eq!(seats["per_page"], 20);
        let chair = &seats["items"][0];
        assert_eq!(chair["position"]["role"], "chair");
        assert_eq!(chair["position"]["title"], "Chủ tịch HĐND");
        assert_eq!(chair["position"]["body_kind"], "council");
        assert_eq!(chair["position"]["council"]["code"], "01");
        assert_eq!(
            chair["position"]["term"]["name"],
            "Khóa XVII, nhiệm kỳ 2026–2031"
        );
        assert_eq!(chair["position"]["full_time"], true);
        assert_eq!(chair["person"]["photo"], Value::Null);
        assert!(chair["person"]["birth_year"].is_i64());
        assert_eq!(chair["person"]["ethnicity"], "Kinh");
        let page2 = ok(&t, "/api/v1/delegates?council=01&page=2&per_page=25").await;
        assert_eq!(page2["page"], 2);
        assert_eq!(page2["items"].as_array().unwrap().len(), 5);
        let deputies: Vec<&Value> = page2["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["position"]["body_kind"] == "na_delegation")
            .collect();
        assert!(!deputies.is_empty(), "NA deputies are listed last");
        assert!(
            deputies
                .iter()
                .all(|s| s["position"]["title"] != "Chủ tịch HĐND")
        );

        // One constituency's four delegates.
        let k = chair["position"]["constituency_id"].as_i64().unwrap();
        let by_k = ok(&t, &format!("/api/v1/delegates?constituency={k}")).await;
        assert_eq!(by_k["total"], 4);
        assert!(
            by_k["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["position"]["constituency_id"] == k)
        );
        assert_eq!(
            by_k["items"][0]["position"]["constituency"],
            chair["position"]["constituency"]
        );

        // Bad parameters are named.
        for (q, field) in [
            ("per_page=0", "per_page"),
            ("per_page=abc", "per_page"),
            ("per_page=101", "per_page"),
            ("page=0", "page"),
            ("term=abc", "term"),
            ("term=999999", "term"),
            ("body=999999", "body"),
            ("constituency=x", "constituency"),
            ("council=1234", "council"),
        ] {
            refused(&t, &format!("/api/v1/delegates?{q}"), field).await;
        }
        refused(&t, "/api/v1/councils?per_page=1000", "per_page").await;
        assert_eq!(get(&t, "/api/v1/delegates?council=79").await.0, 404);

        // A profile.
        let id = chair["person"]["id"].as_i64().unwrap();
        let p = ok(&t, &format!("/api/v1/delegates/{id}")).await;
        assert_eq!(p["person"]["full_name"], chair["person"]["full_name"]);
        let titles: Vec<&str> = p["positions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["title"].as_str().unwrap())
            .collect();
        assert!(titles.contains(&"Chủ tịch HĐND"), "{titles:?}");
        assert!(titles.contains(&"Tổ trưởng"), "{titles:?}");
        assert_eq!(p["record"]["questions"], 0);
        assert!(p["questions"].as_array().unwrap().is_empty());
        assert_eq!(get(&t, "/api/v1/delegates/999999").await.0, 404);
        assert_eq!(get(&t, "/api/v1/delegates/abc").await.0, 404);
    }
);

both_engines!(
    who_represents_a_commune,
    Data::Demo,
    |t: TestApp| async move {
        assert_eq!(ok(&t, "/api/v1/delegates/lookup").await["result"], "empty");
        assert_eq!(
            ok(&t, "/api/v1/delegates/lookup?q=khong+co+xa+nay").await["result"],
            "not_found"
        );

        // Unaccented, "ba dinh" is today's ward rather than the former district of that name.
        for q in [
            "ba+dinh",
            "phuong+ba+dinh",
            "Ba+%C4%90%C3%ACnh%2C+H%C3%A0+N%E1%BB%99i",
        ] {
            let l = ok(&t, &format!("/api/v1/delegates/lookup?q={q}")).await;
            assert_eq!(l["result"], "found", "{q}: {l}");
            assert_eq!(l["commune"]["code"], "00004", "{q}");
            assert_eq!(l["commune"]["name"], "Phường Ba Đình");
            assert_eq!(l["levels"].as_array().unwrap().len(), 2, "{q}");
        }
        // A name several units share offers them all.
        let l = ok(&t, "/api/v1/delegates/lookup?q=phuong").await;
        assert_eq!(l["result"], "choices", "{l}");
        assert!(l["choices"].as_array().unwrap().len() > 1);
        assert!(l["choices"][0]["code"].is_string());

        let l = ok(&t, "/api/v1/delegates/lookup?code=00004").await;
        assert_eq!(l["result"], "found");
        assert_eq!(l["commune"]["name"], "Phường Ba Đình");
        assert!(l.get("former").is_none());
        let levels = l["levels"].as_array().unwrap();
        assert_eq!(levels.len(), 2, "ward and city: {l}");
        assert_eq!(levels[0]["council"]["code"], "00004");
        assert_eq!(levels[0]["level"], "commune");
        assert_eq!(levels[1]["council"]["code"], "01");
        assert_eq!(levels[1]["level"], "province");
        assert_eq!(levels[1]["by_constituency"], true);
        assert_eq!(levels[1]["term"]["name"], "Khóa XVII, nhiệm kỳ 2026–2031");
        let city = levels[1]["delegates"].as_array().unwrap();
        assert_eq!(city.len(), 4, "one constituency's delegates");
        assert!(city.iter().all(|s| s["position"]["body_kind"] == "council"
            && s["position"]["constituency_id"] == city[0]["position"]["constituency_id"]));
        let na = l["na_deputies"].as_array().unwrap();
        assert_eq!(na.len(), 2);
        assert!(
            na.iter()
                .all(|s| s["position"]["body_kind"] == "na_delegation")
        );

        // A ward abolished on 1 July 2025 leads to today's ward that took it over.
        for q in ["Phúc Xá", "phuc xa", "PHUC XA"] {
            let l = ok(
                &t,
                &format!("/api/v1/delegates/lookup?q={}", q.replace(' ', "+")),
            )
            .await;
            assert_eq!(l["result"], "found", "{q}: {l}");
            assert_eq!(l["former"]["code"], "00001", "{q}");
            assert_eq!(l["former"]["name"], "Phường Phúc Xá");
            assert_eq!(l["former"]["valid_to"], "2025-06-30");
            assert_eq!(l["commune"]["code"], "00097");
            assert_eq!(l["commune"]["name"], "Phường Hồng Hà");
            assert_eq!(l["levels"].as_array().unwrap().len(), 2);
            assert_eq!(l["levels"][1]["delegates"].as_array().unwrap().len(), 4);
        }

        refused(&t, "/api/v1/delegates/lookup?code=abc", "code").await;
        refused(
            &t,
            &format!("/api/v1/delegates/lookup?q={}", "x".repeat(101)),
            "q",
        )
        .await;
        assert_eq!(get(&t, "/api/v1/delegates/lookup?code=99999").await.0, 404);
    }
);

/// Published and draft records of the city council made through the use cases: a session and
/// a draft session, four resolutions (two drafts), attendance, questions and two documents.
struct Record {
    session: i64,
    draft_session: i64,
    amended: i64,
    amending: i64,
    draft_resolution: i64,
    draft_replacing: i64,
    public_doc: i64,
    draft_doc: i64,
    chair: i64,
    /// The chair's profile before these records.
    chair_before: Value,
}

async fn record(t: &TestApp) -> Record {
    let ctx = Ctx::operator();
    let seats = caunoi_app::registry::directory(&t.app, &Default::default())
        .await
        .unwrap();
    let chair = seats.seats[0].person.id;
    let chair_before = ok(t, &format!("/api/v1/delegates/{chair}")).await;
    let event = |title: &str, state: &str| EventInput {
        council: "01".into(),
        kind: "session".into(),
        session_kind: "regular".into(),
        title: title.into(),
        start_date: "15/07/2026".into(),
        start_time: "08:00".into(),
        end_date: "16/07/2026".into(),
        end_time: "17:00".into(),
        place: "Hội trường Thành ủy".into(),
        agenda: "Khai mạc kỳ họp\nThảo luận\nBế mạc".into(),
        state: state.into(),
        ..Default::default()
    };
    let session = events::save(
        &t.app,
        &ctx,
        None,
        &event("Kỳ họp thứ tư (API)", "published"),
    )
    .await
    .unwrap();
    let draft_session = events::save(&t.app, &ctx, None, &event("Kỳ họp nháp (API)", "draft"))
        .await
        .unwrap();
    for id in [session, draft_session] {
        events::set_participants(
            &t.app,
            &ctx,
            id,
            &[(chair, "chairing".into(), "present".into())],
        )
        .await
        .unwrap();
        events::add_question(
            &t.app,
            &ctx,
            id,
            &QuestionInput {
                asker_id: chair.to_string(),
                official: "Giám đốc Sở Xây dựng".into(),
                body: "Tiến độ cải tạo chung cư cũ?".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    let public_doc = events::attach_document(
        &t.app,
        &ctx,
        session,
        "Chương trình kỳ họp",
        "chuong-trinh.pdf",
        tiny_pdf("Chuong trinh ky hop"),
        true,
    )
    .await
    .unwrap();
    let draft_doc = events::attach_document(
        &t.app,
        &ctx,
        session,
        "Dự thảo nghị quyết",
        "du-thao.pdf",
        tiny_pdf("Du thao"),
        false,
    )
    .await
    .unwrap();
    let resolution = |number: &str, state: &str, amends: &str, replaces: &str| ResolutionInput {
        council: "01".into(),
        number: number.into(),
        title: format!("Nghị quyết {number} (API)"),
        field: "Tài chính – Ngân sách".into(),
        adopted_on: "15/07/2026".into(),
        session_id: session.to_string(),
        state: state.into(),
        amends: amends.into(),
        replaces: replaces.into(),
        ..Default::default()
    };
    let save = |r: ResolutionInput| {
        let app = t.app.clone();
        let ctx = ctx.clone();
        async move { resolutions::save(&app, &ctx, None, &r).await.unwrap() }
    };
    let amended = save(resolution("901/2026/NQ-HĐND", "published", "", "")).await;
    let amending = save(resolution(
        "902/2026/NQ-HĐND",
        "published",
        "901/2026/NQ-HĐND",
        "",
    ))
    .await;
    let draft_resolution = save(resolution("903/2026/NQ-HĐND", "draft", "", "")).await;
    let draft_replacing = save(resolution(
        "904/2026/NQ-HĐND",
        "draft",
        "",
        "901/2026/NQ-HĐND",
    ))
    .await;
    Record {
        session,
        draft_session,
        amended,
        amending,
        draft_resolution,
        draft_replacing,
        public_doc,
        draft_doc,
        chair,
        chair_before,
    }
}

both_engines!(drafts_never_leave, Data::Demo, |t: TestApp| async move {
    let r = record(&t).await;

    // Events.
    let day = ok(
        &t,
        "/api/v1/events?council=01&kind=session&from=2026-07-15&to=2026-07-15&per_page=100",
    )
    .await;
    let listed = ids(&day["items"]);
    assert!(listed.contains(&r.session), "{day}");
    assert!(!listed.contains(&r.draft_session));
    assert_eq!(day["per_page"], 100);
    let all = ok(&t, "/api/v1/events?per_page=100").await;
    assert!(!ids(&all["items"]).contains(&r.draft_session));
    let before = ok(&t, "/api/v1/events?to=2026-07-14&per_page=100").await;
    assert!(!ids(&before["items"]).contains(&r.session));
    let after = ok(&t, "/api/v1/events?from=2026-07-17&per_page=100").await;
    assert!(!ids(&after["items"]).contains(&r.session));

    let e = ok(&t, &format!("/api/v1/events/{}", r.session)).await;
    assert_eq!(e["title"], "Kỳ họp thứ tư (API)");
    assert_eq!(e["kind"], "session");
    assert_eq!(e["kind_label"], "Kỳ họp");
    assert_eq!(e["session_kind"], "regular");
    assert_eq!(e["council"]["code"], "01");
    assert_eq!(e["starts_at"], "2026-07-15T08:00:00+07:00");
    assert_eq!(e["ends_at"], "2026-07-16T17:00:00+07:00");
    assert_eq!(
        e["agenda"],
        serde_json::json!(["Khai mạc kỳ họp", "Thảo luận", "Bế mạc"])
    );
    assert_eq!(e["participants"][0]["person_id"], r.chair);
    assert_eq!(e["participants"][0]["role_label"], "Chủ trì");
    assert_eq!(e["participants"][0]["attendance"], "present");
    assert_eq!(e["participants"][0]["attendance_label"], "Có mặt");
    assert_eq!(e["questions"][0]["official"], "Giám đốc Sở Xây dựng");
    assert_eq!(ids(&e["documents"]), HashSet::from([r.public_doc]));
    let url = e["documents"][0]["url"].as_str().unwrap();
    assert_eq!(
        url,
        t.at(&format!("/tai-lieu/{}/chuong-trinh.pdf", r.public_doc))
    );
    assert_eq!(e["documents"][0]["content_type"], "application/pdf");
    // The link downloads the file; the draft's does not.
    let file = t.client().get(url).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    let draft = t
        .client()
        .get(t.at(&format!("/tai-lieu/{}/du-thao.pdf", r.draft_doc)))
        .send()
        .await
        .unwrap();
    assert_eq!(draft.status(), 404);
    assert_eq!(
        e["url"],
        t.at(&format!("/lich/ky-hop-thu-tu-api-{}", r.session))
    );
    assert_eq!(
        ids(&e["resolutions"]),
        HashSet::from([r.amended, r.amending])
    );
    for path in [
        format!("/api/v1/events/{}", r.draft_session),
        "/api/v1/events/999999".into(),
        "/api/v1/events/abc".into(),
    ] {
        assert_eq!(get(&t, &path).await.0, 404, "{path}");
    }
    // Not even for staff who may edit it: open data is the same for everyone.
    let token = t.token(Role::CouncilAdmin).await;
    let r2 = t
        .client()
        .get(t.at(&format!("/api/v1/events/{}", r.draft_session)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r2.status(), 404);

    // The delegate's record counts the published session only.
    let p = ok(&t, &format!("/api/v1/delegates/{}", r.chair)).await;
    let was = &r.chair_before;
    let n = |v: &Value, key: &str| v["record"][key].as_i64().unwrap();
    assert_eq!(n(&p, "questions"), n(was, "questions") + 1);
    assert_eq!(n(&p, "sessions_attended"), n(was, "sessions_attended") + 1);
    assert_eq!(n(&p, "sessions_total"), n(was, "sessions_total") + 1);
    let asked: Vec<i64> = p["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["event_id"].as_i64().unwrap())
        .collect();
    assert!(asked.contains(&r.session), "{asked:?}");
    assert!(!asked.contains(&r.draft_session), "{asked:?}");
    let sessions = |v: &Value| {
        v["record"]["by_kind"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kind"] == "session")
            .map(|k| {
                assert_eq!(k["label"], "Kỳ họp");
                k["count"].as_i64().unwrap()
            })
            .unwrap_or(0)
    };
    assert_eq!(sessions(&p), sessions(was) + 1);

    // Resolutions.
    let list = ok(&t, "/api/v1/resolutions?council=01&year=2026&per_page=100").await;
    let listed = ids(&list["items"]);
    assert!(
        listed.contains(&r.amended) && listed.contains(&r.amending),
        "{list}"
    );
    assert!(!listed.contains(&r.draft_resolution) && !listed.contains(&r.draft_replacing));
    let amended_only = ok(&t, "/api/v1/resolutions?status=amended&per_page=100").await;
    assert!(ids(&amended_only["items"]).contains(&r.amended));
    assert!(!ids(&amended_only["items"]).contains(&r.amending));
    let replaced = ok(&t, "/api/v1/resolutions?status=replaced&per_page=100").await;
    assert!(
        !ids(&replaced["items"]).contains(&r.amended),
        "a draft replaces nothing"
    );

    let d = ok(&t, &format!("/api/v1/resolutions/{}", r.amended)).await;
    assert_eq!(d["number"], "901/2026/NQ-HĐND");
    assert_eq!(d["status"], "amended");
    assert_eq!(d["status_label"], "Còn hiệu lực, đã được sửa đổi");
    assert_eq!(d["field"], "Tài chính – Ngân sách");
    assert_eq!(d["adopted_on"], "2026-07-15");
    assert_eq!(
        d["url"],
        t.at(&format!(
            "/nghi-quyet/nghi-quyet-901-2026-nq-hdnd-api-{}",
            r.amended
        ))
    );
    assert_eq!(
        d["amended_by"][0]["url"]
            .as_str()
            .unwrap()
            .rsplit('-')
            .next(),
        Some(r.amending.to_string().as_str())
    );
    assert_eq!(ids(&d["amended_by"]), HashSet::from([r.amending]));
    assert!(d["replaced_by"].as_array().unwrap().is_empty(), "{d}");
    assert_eq!(d["session"]["id"], r.session);
    let d = ok(&t, &format!("/api/v1/resolutions/{}", r.amending)).await;
    assert_eq!(ids(&d["amends"]), HashSet::from([r.amended]));
    assert_eq!(d["amends"][0]["number"], "901/2026/NQ-HĐND");
    for id in [r.draft_resolution, r.draft_replacing, 999_999] {
        assert_eq!(
            get(&t, &format!("/api/v1/resolutions/{id}")).await.0,
            404,
            "{id}"
        );
    }

    // Bad parameters.
    refused(&t, "/api/v1/events?kind=party", "kind").await;
    refused(&t, "/api/v1/events?from=2026-13-01", "from").await;
    refused(&t, "/api/v1/events?to=10/12/2026", "to").await;
    refused(&t, "/api/v1/events?from=2026-12-10&to=2026-12-01", "to").await;
    refused(&t, "/api/v1/events?council=x", "council").await;
    refused(&t, "/api/v1/events?per_page=-5", "per_page").await;
    refused(&t, "/api/v1/resolutions?status=valid", "status").await;
    refused(&t, "/api/v1/resolutions?year=abc", "year").await;
    refused(&t, "/api/v1/resolutions?per_page=0", "per_page").await;
    assert_eq!(get(&t, "/api/v1/resolutions?council=79").await.0, 404);
    assert_eq!(get(&t, "/api/v1/events?council=79").await.0, 404);

    // Popolo.
    let doc = ok(&t, "/api/v1/popolo.json").await;
    let events: HashSet<&str> = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(events.contains(format!("caunoi:event:{}", r.session).as_str()));
    assert!(!events.contains(format!("caunoi:event:{}", r.draft_session).as_str()));
    let session = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == format!("caunoi:event:{}", r.session))
        .unwrap();
    assert_eq!(session["classification"], "session");
    assert_eq!(session["organization_id"], "caunoi:council:01");
    assert_eq!(session["start_date"], "2026-07-15T08:00:00+07:00");
    assert_eq!(session["location"], "Hội trường Thành ủy");
});

both_engines!(popolo_holds_together, Data::Demo, |t: TestApp| async move {
    let r = t
        .client()
        .get(t.at("/api/v1/popolo.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.headers()["cache-control"], "public, max-age=300");
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let doc: Value = r.json().await.unwrap();

    let set = |key: &str| -> HashSet<String> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let persons = set("persons");
    let organizations = set("organizations");
    let posts = set("posts");
    let areas = set("areas");
    assert_eq!(
        persons.len(),
        45,
        "30 in the city and NA delegation, 5 in each of three communes"
    );
    assert_eq!(posts.len(), 9, "6 city and 3 NA constituencies");
    let memberships = doc["memberships"].as_array().unwrap();
    assert!(memberships.len() > 30);
    for m in memberships {
        assert!(persons.contains(m["person_id"].as_str().unwrap()), "{m}");
        assert!(
            organizations.contains(m["organization_id"].as_str().unwrap()),
            "{m}"
        );
        if let Some(p) = m["post_id"].as_str() {
            assert!(posts.contains(p), "{m}");
            assert!(areas.contains(m["area_id"].as_str().unwrap()), "{m}");
        }
        assert!(m["label"].as_str().is_some_and(|l| !l.is_empty()), "{m}");
        assert!(m["start_date"].as_str().is_some(), "{m}");
    }
    assert!(memberships.iter().any(|m| m["role"] == "chair"
        && m["label"] == "Chủ tịch HĐND"
        && m["post_id"].is_string()));
    assert!(
        memberships
            .iter()
            .any(|m| m["label"] == "Đại biểu Quốc hội")
    );

    for a in doc["areas"].as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        assert!(id.starts_with("ocd-division/country:vn/"), "{id}");
        if let Some(p) = a["parent_id"].as_str() {
            assert!(id.starts_with(p), "{id} under {p}");
        }
        for u in a["units"].as_array().into_iter().flatten() {
            assert!(
                u["id"]
                    .as_str()
                    .unwrap()
                    .starts_with("ocd-division/country:vn/province:01/commune:"),
                "{u}"
            );
        }
    }
    assert!(areas.contains("ocd-division/country:vn/province:01"));
    assert!(areas.contains("ocd-division/country:vn/province:01/commune:00004"));
    let ward = doc["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["identifier"] == "00004")
        .unwrap();
    assert_eq!(ward["name"], "Phường Ba Đình");
    assert_eq!(ward["classification"], "commune");
    assert_eq!(ward["parent_id"], "ocd-division/country:vn/province:01");
    let constituencies: Vec<&Value> = doc["areas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["classification"] == "constituency")
        .collect();
    assert_eq!(constituencies.len(), 6);
    let covered: usize = constituencies
        .iter()
        .map(|a| a["units"].as_array().unwrap().len())
        .sum();
    assert_eq!(covered, 126, "every commune in one city constituency");
    assert!(
        constituencies
            .iter()
            .any(|a| a["id"] == "ocd-division/country:vn/province:01/constituency:2026-1")
    );

    let orgs = doc["organizations"].as_array().unwrap();
    let by_id = |id: &str| orgs.iter().find(|o| o["id"] == id).unwrap();
    let city = by_id("caunoi:council:01");
    assert_eq!(city["classification"], "council");
    assert_eq!(city["area_id"], "ocd-division/country:vn/province:01");
    assert_eq!(
        by_id("caunoi:council:00004")["area_id"],
        "ocd-division/country:vn/province:01/commune:00004"
    );
    let na = orgs
        .iter()
        .find(|o| o["classification"] == "na_delegation")
        .unwrap();
    assert!(na.get("parent_id").is_none());
    assert_eq!(na["area_id"], "ocd-division/country:vn/province:01");
    let committees: Vec<&Value> = orgs
        .iter()
        .filter(|o| o["classification"] == "committee")
        .collect();
    assert_eq!(committees.len(), 4);
    assert!(
        committees
            .iter()
            .all(|o| o["parent_id"] == "caunoi:council:01" && o["founding_date"] == "2026-04-01")
    );
    for p in doc["posts"].as_array().unwrap() {
        assert!(organizations.contains(p["organization_id"].as_str().unwrap()));
        assert!(areas.contains(p["area_id"].as_str().unwrap()));
    }
    assert!(
        doc["posts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["label"] == "Đơn vị bầu cử số 1" && p["role"] == "Đại biểu HĐND")
    );

    // The same document again: 304 for a client that has it.
    let again = t
        .client()
        .get(t.at("/api/v1/popolo.json"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert_eq!(again.headers()["cache-control"], "public, max-age=300");
});
