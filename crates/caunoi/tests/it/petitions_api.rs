//! The petitions API and Open311: the public record without personal data or tracking codes,
//! online submission with the form's anti-abuse rules, the office's actions with a token, and
//! the GeoReport v2 view of the same petitions.

use caunoi_domain::Role;
use caunoi_testkit::{Data, TestApp, both_engines};
use serde_json::{Value, json};
use std::collections::HashMap;

const DEMO_EMAIL: &str = "cu-tri@demo.caunoi.vn";
const DEMO_NAME: &str = "Người dân (dữ liệu mẫu)";

async fn ok(t: &TestApp, path: &str) -> Value {
    let (status, body) = t.json(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// A 422 problem naming `field`.
async fn refused(t: &TestApp, path: &str, field: &str) {
    let r = t.client().get(t.at(path)).send().await.unwrap();
    assert_eq!(r.status(), 422, "{path}");
    assert_eq!(
        r.headers()["content-type"],
        "application/problem+json",
        "{path}"
    );
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], field, "{path}: {p}");
}

/// The tracking codes of every petition, straight from the store.
async fn codes(t: &TestApp) -> Vec<String> {
    t.stored_petitions()
        .await
        .into_iter()
        .map(|p| p.code)
        .collect()
}

fn assert_no_personal_data(what: &str, text: &str, codes: &[String]) {
    assert!(!text.contains(DEMO_EMAIL), "{what} shows an e-mail: {text}");
    assert!(!text.contains(DEMO_NAME), "{what} shows a name: {text}");
    for c in codes {
        assert!(!text.contains(c.as_str()), "{what} shows a tracking code");
    }
}

/// The demo petitions by state.
async fn by_state(t: &TestApp) -> HashMap<String, Value> {
    ok(t, "/api/v1/petitions")
        .await
        .get("items")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["state"].as_str().unwrap().to_owned(), p.clone()))
        .collect()
}

fn new_petition(email: &str) -> Value {
    json!({
        "title": "Cống thoát nước ngõ 5 bị tắc",
        "body": "Mỗi khi mưa lớn nước tràn vào nhà dân vì cống thoát nước đầu ngõ bị tắc đã lâu.",
        "field": "moi-truong",
        "commune": "Phường Ba Đình",
        "place": "Ngõ 5 phố Đội Cấn",
        "name": "Trần Văn Thử",
        "email": email,
        "consent": true
    })
}

both_engines!(
    the_public_list_and_page,
    Data::Demo,
    |t: TestApp| async move {
        let list = ok(&t, "/api/v1/petitions").await;
        assert_eq!(list["total"], 5, "{list}");
        assert_eq!(list["page"], 1);
        assert_eq!(list["per_page"], 20);
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        for p in items {
            for key in [
                "id",
                "title",
                "body",
                "field",
                "commune",
                "channel",
                "voters",
                "state",
                "state_label",
                "timeliness",
                "timeliness_label",
                "agency",
                "deadline",
                "received_at",
                "url",
            ] {
                assert!(p.get(key).is_some(), "{key} missing in {p}");
            }
            assert!(p.get("code").is_none(), "the tracking code is not public");
            assert!(
                p.get("public_name").is_none(),
                "nobody chose to show a name"
            );
            assert!(
                p["url"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("/kien-nghi/{}", p["id"])),
                "{p}"
            );
            assert!(p["received_at"].as_str().unwrap().ends_with("+07:00"));
        }
        let mut states: Vec<&str> = items.iter().map(|p| p["state"].as_str().unwrap()).collect();
        states.sort();
        assert_eq!(
            states,
            ["answered", "closed", "forwarded", "published", "received"]
        );
        let forwarded = items.iter().find(|p| p["state"] == "forwarded").unwrap();
        assert_eq!(forwarded["state_label"], "Đã chuyển cơ quan giải quyết");
        assert_eq!(forwarded["timeliness"], "on_time");
        assert_eq!(forwarded["agency_name"], "Sở Y tế");
        assert_eq!(forwarded["field"], "y-te");
        let received = items.iter().find(|p| p["state"] == "received").unwrap();
        assert_eq!(received["channel"], "online");
        assert_eq!(received["timeliness"], "no_deadline");
        assert!(received["deadline"].is_null());

        // Pages.
        let p1 = ok(&t, "/api/v1/petitions?per_page=2").await;
        assert_eq!(p1["items"].as_array().unwrap().len(), 2);
        assert_eq!(p1["total"], 5);
        let p3 = ok(&t, "/api/v1/petitions?per_page=2&page=3").await;
        assert_eq!(p3["items"].as_array().unwrap().len(), 1);
        assert_eq!(p3["page"], 3);
        assert_ne!(p1["items"][0]["id"], p3["items"][0]["id"]);

        // Filters.
        let f = ok(&t, "/api/v1/petitions?state=forwarded").await;
        assert_eq!(f["total"], 1);
        assert_eq!(f["items"][0]["id"], forwarded["id"]);
        let f = ok(&t, "/api/v1/petitions?field=giao-thong").await;
        assert_eq!(f["total"], 1);
        assert_eq!(f["items"][0]["field"], "giao-thong");
        let f = ok(
            &t,
            &format!("/api/v1/petitions?agency={}", forwarded["agency"]),
        )
        .await;
        assert_eq!(f["total"], 1);
        assert_eq!(f["items"][0]["agency"], forwarded["agency"]);
        for q in ["đèn chiếu sáng", "den chieu sang"] {
            let f = ok(&t, &format!("/api/v1/petitions?q={q}")).await;
            assert_eq!(f["total"], 1, "{q}");
            assert_eq!(f["items"][0]["id"], received["id"]);
        }

        // Bad parameters name themselves.
        refused(&t, "/api/v1/petitions?page=0", "page").await;
        refused(&t, "/api/v1/petitions?per_page=1000", "per_page").await;
        refused(&t, "/api/v1/petitions?state=lost", "state").await;
        refused(&t, "/api/v1/petitions?field=khong-co", "field").await;
        refused(&t, "/api/v1/petitions?agency=abc", "agency").await;
        refused(&t, &format!("/api/v1/petitions?q={}", "a".repeat(201)), "q").await;

        // One petition: the answer only once published; the timeline without who acted.
        let states = by_state(&t).await;
        let published = ok(
            &t,
            &format!("/api/v1/petitions/{}", states["published"]["id"]),
        )
        .await;
        assert!(
            published["answer"]
                .as_str()
                .unwrap()
                .contains("bố trí kinh phí")
        );
        assert_eq!(published["answer_kind"], "in_progress");
        assert_eq!(published["answer_kind_label"], "Đang giải quyết");
        let steps: Vec<&str> = published["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            steps,
            ["record", "classify", "forward", "answer", "publish"]
        );
        assert!(published["timeline"][0].get("actor").is_none());
        let answered = ok(
            &t,
            &format!("/api/v1/petitions/{}", states["answered"]["id"]),
        )
        .await;
        assert!(answered["answer"].is_null(), "{answered}");
        assert!(answered["answer_kind"].is_null());

        // Nothing personal, and no tracking code, anywhere in the public JSON.
        let codes = codes(&t).await;
        assert_eq!(codes.len(), 5);
        let r = t
            .client()
            .get(t.at("/api/v1/petitions"))
            .send()
            .await
            .unwrap();
        assert_no_personal_data("the list", &r.text().await.unwrap(), &codes);
        for p in states.values() {
            let path = format!("/api/v1/petitions/{}", p["id"]);
            let r = t.client().get(t.at(&path)).send().await.unwrap();
            assert_eq!(r.status(), 200);
            assert_no_personal_data(&path, &r.text().await.unwrap(), &codes);
        }

        let (status, p) = t.json("/api/v1/petitions/999999").await;
        assert_eq!(status, 404, "{p}");
        let (status, _) = t.json("/api/v1/petitions/abc").await;
        assert_eq!(status, 404);
    }
);

both_engines!(
    submitting_through_the_api,
    Data::Demo,
    |t: TestApp| async move {
        let (status, s) = t
            .api_post(
                "/api/v1/petitions",
                None,
                &new_petition("nguoi-gui@test.caunoi.vn"),
            )
            .await;
        assert_eq!(status, 201, "{s}");
        let code = s["code"].as_str().unwrap();
        assert!(code.starts_with("KN-") && code.len() == 17, "{code}");
        assert!(s["track_url"].as_str().unwrap().contains(code), "{s}");
        // Pending moderation: not public yet.
        let (status, _) = t.json(&format!("/api/v1/petitions/{}", s["id"])).await;
        assert_eq!(status, 404);
        assert_eq!(ok(&t, "/api/v1/petitions").await["total"], 5);

        // The honeypot is refused like the form refuses it.
        let mut bot = new_petition("may@test.caunoi.vn");
        bot["website"] = json!("http://spam.example");
        let (status, p) = t.api_post("/api/v1/petitions", None, &bot).await;
        assert_eq!(status, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], "form");

        let mut no_consent = new_petition("chua-dong-y@test.caunoi.vn");
        no_consent["consent"] = json!(false);
        let (status, p) = t.api_post("/api/v1/petitions", None, &no_consent).await;
        assert_eq!(status, 422, "{p}");
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["consent"]);

        let mut short = new_petition("ngan@test.caunoi.vn");
        short["title"] = json!("Ngắn");
        short["email"] = json!("");
        let (status, p) = t.api_post("/api/v1/petitions", None, &short).await;
        assert_eq!(status, 422, "{p}");
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["title", "email"]);

        let mut typo = new_petition("sai-ten@test.caunoi.vn");
        typo["titel"] = json!("x");
        let (status, _) = t.api_post("/api/v1/petitions", None, &typo).await;
        assert_eq!(status, 422);

        // Ten an hour from one address: the eleventh waits.
        for i in 1..10 {
            let (status, p) = t
                .api_post(
                    "/api/v1/petitions",
                    None,
                    &new_petition(&format!("gui-{i}@test.caunoi.vn")),
                )
                .await;
            assert_eq!(status, 201, "submission {i}: {p}");
        }
        let r = t
            .client()
            .post(t.at("/api/v1/petitions"))
            .json(&new_petition("gui-11@test.caunoi.vn"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        assert_eq!(r.headers()["retry-after"], "3600");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
);

both_engines!(
    the_office_acts_with_a_token,
    Data::Demo,
    |t: TestApp| async move {
        let clerk = t.token(Role::Clerk).await;
        let editor = t.token(Role::Editor).await;
        let states = by_state(&t).await;
        let id = states["received"]["id"].as_i64().unwrap();
        let actions = format!("/api/v1/petitions/{id}/actions");
        let staff = format!("/api/v1/petitions/{id}/staff");

        let r = t
            .client()
            .get(t.at(&staff))
            .bearer_auth(&clerk)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let view: Value = r.json().await.unwrap();
        assert!(view["code"].as_str().unwrap().starts_with("KN-"));
        assert_eq!(view["moderation"], "approved");
        let available: Vec<&str> = view["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["action"].as_str().unwrap())
            .collect();
        assert_eq!(available, ["classify", "merge", "reject"]);
        // The staff timeline shows the office's own notes (moderation) and who acted.
        let steps: Vec<&str> = view["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["action"].as_str().unwrap())
            .collect();
        assert_eq!(steps, ["submit", "approve"]);
        assert_eq!(view["timeline"][1]["public"], false);
        assert!(view.get("contact").is_none());
        assert!(!view.to_string().contains(DEMO_EMAIL));
        let agency = view["agencies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "Sở Xây dựng")
            .unwrap()["id"]
            .clone();

        let (status, s) = t
            .api_post(
                &actions,
                Some(&clerk),
                &json!({"action": "classify", "field": "giao-thong"}),
            )
            .await;
        assert_eq!(status, 200, "{s}");
        assert_eq!(s["state"], "classified");
        let (status, s) = t
            .api_post(
                &actions,
                Some(&clerk),
                &json!({"action": "forward", "agency": agency, "days": 10}),
            )
            .await;
        assert_eq!(status, 200, "{s}");
        assert_eq!(s["state"], "forwarded");
        let p = ok(&t, &format!("/api/v1/petitions/{id}")).await;
        assert_eq!(p["state"], "forwarded");
        assert_eq!(p["field"], "giao-thong");
        assert_eq!(p["agency"], agency);
        assert!(p["deadline"].is_string());

        // Refusals: a wrong state, an unknown action, a missing answer.
        let (status, e) = t
            .api_post(&actions, Some(&clerk), &json!({"action": "publish"}))
            .await;
        assert_eq!(status, 422, "{e}");
        assert_eq!(e["errors"][0]["field"], "action");
        let (status, e) = t
            .api_post(&actions, Some(&clerk), &json!({"action": "fly"}))
            .await;
        assert_eq!(status, 422);
        assert_eq!(e["errors"][0]["field"], "action");
        let (status, e) = t
            .api_post(
                &actions,
                Some(&clerk),
                &json!({"action": "answer", "answer": "ngắn", "answer_kind": "resolved"}),
            )
            .await;
        assert_eq!(status, 422);
        assert_eq!(e["errors"][0]["field"], "answer");
        let (status, _) = t
            .api_post(
                "/api/v1/petitions/999999/actions",
                Some(&clerk),
                &json!({"action": "classify"}),
            )
            .await;
        assert_eq!(status, 404);

        // An editor has no part in petitions; nobody without a token is let in.
        let (status, e) = t
            .api_post(
                &actions,
                Some(&editor),
                &json!({"action": "reopen", "reason": "Thử quyền"}),
            )
            .await;
        assert_eq!(status, 403, "{e}");
        let r = t
            .client()
            .get(t.at(&staff))
            .bearer_auth(&editor)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        let (status, _) = t
            .api_post(&actions, None, &json!({"action": "classify"}))
            .await;
        assert_eq!(status, 401);
        let (status, _) = t.json(&staff).await;
        assert_eq!(status, 401);
        let (status, _) = t
            .api_post(
                &actions,
                Some("khong-phai-ma"),
                &json!({"action": "classify"}),
            )
            .await;
        assert_eq!(status, 401);
        assert_eq!(
            ok(&t, &format!("/api/v1/petitions/{id}")).await["state"],
            "forwarded"
        );
    }
);

/// Each `item` element of an Open311 XML list as a map of its children's text.
fn xml_records(xml: &str, item: &str) -> Vec<HashMap<String, String>> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<HashMap<String, String>> = None;
    let mut element = String::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if name == item {
                    current = Some(HashMap::new());
                } else if let Some(c) = current.as_mut() {
                    c.insert(name.clone(), String::new());
                }
                element = name;
            }
            Ok(Event::Text(text)) => {
                if let Some(v) = current.as_mut().and_then(|c| c.get_mut(&element)) {
                    v.push_str(&text.decode().unwrap());
                }
            }
            Ok(Event::GeneralRef(g)) => {
                if let Some(v) = current.as_mut().and_then(|c| c.get_mut(&element)) {
                    let s = match g.decode().unwrap().as_ref() {
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        _ => g.resolve_char_ref().unwrap().unwrap().to_string(),
                    };
                    v.push_str(&s);
                }
            }
            Ok(Event::End(e)) => {
                if e.name().as_ref() == item.as_bytes() {
                    out.push(current.take().unwrap());
                }
                element.clear();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}\n{xml}", r.buffer_position()),
        }
    }
    out
}

async fn text(t: &TestApp, path: &str) -> (u16, String, String) {
    let r = t.client().get(t.at(path)).send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
    (status, ct, r.text().await.unwrap())
}

/// The request with this petition id in an Open311 list.
fn request_of<'a>(requests: &'a [Value], id: &Value) -> &'a Value {
    requests
        .iter()
        .find(|r| {
            r["service_request_id"]
                .as_str()
                .and_then(|s| s.parse::<i64>().ok())
                == id.as_i64()
        })
        .unwrap_or_else(|| panic!("request {id} missing"))
}

fn open311_form(description: &str, email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("service_code", "giao-thong".into()),
        ("description", description.into()),
        ("first_name", "Văn Thử".into()),
        ("last_name", "Lê".into()),
        ("email", email.into()),
        ("address_string", "Đầu ngõ 7 phố Kim Mã".into()),
        ("commune", "Phường Ba Đình".into()),
        ("consent", "true".into()),
    ]
}

both_engines!(open311_georeport, Data::Demo, |t: TestApp| async move {
    // Services: the council's fields.
    let (status, ct, body) = text(&t, "/open311/v2/services.json").await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/json"), "{ct}");
    let services: Value = serde_json::from_str(&body).unwrap();
    let services = services.as_array().unwrap();
    assert_eq!(services.len(), 11);
    let roads = services
        .iter()
        .find(|s| s["service_code"] == "giao-thong")
        .unwrap();
    assert_eq!(roads["service_name"], "Giao thông");
    assert_eq!(roads["metadata"], false);
    assert_eq!(roads["type"], "realtime");
    assert_eq!(roads["group"], "Kiến nghị cử tri");
    assert!(roads["keywords"].as_str().unwrap().contains("giao thông"));
    let (status, ct, body) = text(&t, "/open311/v2/services.xml").await;
    assert_eq!(status, 200);
    assert!(ct.starts_with("text/xml"), "{ct}");
    let xml_services = xml_records(&body, "service");
    assert_eq!(xml_services.len(), 11);
    let codes_json: Vec<&str> = services
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    let codes_xml: Vec<&str> = xml_services
        .iter()
        .map(|s| s["service_code"].as_str())
        .collect();
    assert_eq!(codes_json, codes_xml);
    assert_eq!(xml_services[0]["group"], "Kiến nghị cử tri");

    // Requests: the public petitions, with the lifecycle mapped to open and closed.
    let api = by_state(&t).await;
    let requests = ok(&t, "/open311/v2/requests.json").await;
    let requests = requests.as_array().unwrap();
    assert_eq!(requests.len(), 5);
    for (state, p) in &api {
        let r = request_of(requests, &p["id"]);
        let expected = if matches!(state.as_str(), "published" | "closed") {
            "closed"
        } else {
            "open"
        };
        assert_eq!(r["status"], expected, "{state}");
        assert!(
            r["status_notes"]
                .as_str()
                .unwrap()
                .starts_with(p["state_label"].as_str().unwrap())
        );
        assert_eq!(r["description"], p["body"]);
        assert_eq!(r["service_code"], p["field"].as_str().unwrap_or(""));
        assert_eq!(r["zipcode"], "");
        assert!(r.get("lat").is_none() && r.get("media_url").is_none());
        let at = r["requested_datetime"].as_str().unwrap();
        assert!(at.ends_with("+07:00") && !at.contains('.'), "{at}");
        match p["deadline"].as_str() {
            Some(d) => assert_eq!(r["expected_datetime"], format!("{d}T17:00:00+07:00")),
            None => assert!(r.get("expected_datetime").is_none()),
        }
    }
    let published = request_of(requests, &api["published"]["id"]);
    assert_eq!(
        published["status_notes"],
        "Đã công khai trả lời – đang giải quyết"
    );
    assert_eq!(
        published["agency_responsible"],
        "Sở Nông nghiệp và Môi trường"
    );
    assert!(
        published["service_notice"]
            .as_str()
            .unwrap()
            .starts_with("Cơ quan giải quyết đã trả lời ngày"),
        "{published}"
    );
    let answered = request_of(requests, &api["answered"]["id"]);
    assert_eq!(
        answered["status_notes"], "Đã có trả lời",
        "not yet published"
    );
    let received = request_of(requests, &api["received"]["id"]);
    assert_eq!(received["address"], "Ngõ 12 phố Đội Cấn, Phường Ba Đình");
    let all = serde_json::to_string(&requests).unwrap();
    assert_no_personal_data("requests.json", &all, &codes(&t).await);

    // Filters.
    assert_eq!(
        ok(&t, "/open311/v2/requests.json?status=closed")
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        ok(&t, "/open311/v2/requests.json?status=open")
            .await
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let roads = ok(&t, "/open311/v2/requests.json?service_code=giao-thong,y-te").await;
    let mut roads: Vec<&str> = roads
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_code"].as_str().unwrap())
        .collect();
    roads.sort();
    assert_eq!(roads, ["giao-thong", "y-te"]);
    assert_eq!(
        ok(&t, "/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z")
            .await
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        ok(&t, "/open311/v2/requests.json?page=2")
            .await
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let one = ok(
        &t,
        &format!(
            "/open311/v2/requests.json?service_request_id={}",
            api["forwarded"]["id"]
        ),
    )
    .await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    for (path, word) in [
        ("/open311/v2/requests.json?status=lost", "status"),
        (
            "/open311/v2/requests.json?service_code=khong-co",
            "service_code",
        ),
        ("/open311/v2/requests.json?start_date=hom-qua", "start_date"),
        ("/open311/v2/requests.json?page=0", "page"),
    ] {
        let (status, e) = t.json(path).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(e[0]["code"], 400, "{path}: {e}");
        assert!(
            e[0]["description"].as_str().unwrap().starts_with(word),
            "{path}: {e}"
        );
    }

    // One request, in XML: a list holding it.
    let id = api["forwarded"]["id"].as_i64().unwrap();
    let (status, ct, body) = text(&t, &format!("/open311/v2/requests/{id}.xml")).await;
    assert_eq!(status, 200, "{body}");
    assert!(ct.starts_with("text/xml"));
    let one = xml_records(&body, "request");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["service_request_id"], id.to_string());
    assert_eq!(one[0]["status"], "open");
    assert_eq!(one[0]["agency_responsible"], "Sở Y tế");
    assert_eq!(
        one[0]["expected_datetime"],
        format!(
            "{}T17:00:00+07:00",
            api["forwarded"]["deadline"].as_str().unwrap()
        )
    );
    let one = ok(&t, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(one[0]["service_request_id"], id.to_string());
    let (status, e) = t.json("/open311/v2/requests/999999.json").await;
    assert_eq!(status, 404);
    assert_eq!(e[0]["code"], 404);
    let (status, _, body) = text(&t, "/open311/v2/requests/999999.xml").await;
    assert_eq!(status, 404);
    assert!(body.contains("<errors><error><code>404</code>"), "{body}");

    // Posting: a bad key is refused; without a key the citizen's path, pending moderation.
    let description = "Đèn tín hiệu giao thông tại nút giao đầu ngõ 7 phố Kim Mã hỏng nhiều ngày, xe cộ đi lại lộn xộn & nguy hiểm.";
    let mut form = open311_form(description, "open311@test.caunoi.vn");
    form.push(("api_key", "khong-phai-ma".into()));
    let r = t
        .client()
        .post(t.at("/open311/v2/requests.json"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e[0]["code"], 403);
    assert!(e[0]["description"].as_str().unwrap().contains("api_key"));

    let r = t
        .client()
        .post(t.at("/open311/v2/requests.json"))
        .form(&open311_form(description, "open311@test.caunoi.vn"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let created: Value = r.json().await.unwrap();
    let created = &created[0];
    let token = created["token"].as_str().unwrap();
    assert!(token.starts_with("KN-"), "{created}");
    assert!(created["account_id"].is_null());
    let new_id = created["service_request_id"].as_str().unwrap().to_owned();
    let requests = ok(&t, "/open311/v2/requests.json").await;
    assert!(
        !requests
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["service_request_id"] == new_id.as_str()),
        "pending petitions are not public"
    );
    let (status, _) = t.json(&format!("/open311/v2/requests/{new_id}.json")).await;
    assert_eq!(status, 404);
    // The title is the description's first 100 characters; the name is family name first.
    let mut tx = t.app.db.read().await.unwrap();
    let stored = caunoi_store::petitions::find(&mut tx, new_id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let contact = caunoi_store::petitions::contact(&mut tx, stored.id)
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    assert_eq!(
        stored.title,
        description.chars().take(100).collect::<String>().trim()
    );
    assert_eq!(stored.moderation, "pending");
    assert_eq!(stored.code, token);
    assert_eq!(stored.place.as_deref(), Some("Đầu ngõ 7 phố Kim Mã"));
    assert_eq!(contact.name, "Lê Văn Thử");

    // XML answers, a valid key, and the consent the law asks for.
    let key = t.token(Role::Clerk).await;
    let mut form = open311_form(description, "open311-key@test.caunoi.vn");
    form.push(("api_key", key));
    form.push(("title", "Đèn tín hiệu hỏng ở Kim Mã".into()));
    let r = t
        .client()
        .post(t.at("/open311/v2/requests.xml"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    let created = xml_records(&body, "request");
    assert!(created[0]["token"].starts_with("KN-"), "{body}");
    let mut form = open311_form(description, "khong-dong-y@test.caunoi.vn");
    form.retain(|(k, _)| *k != "consent");
    form.push(("consent", "false".into()));
    let r = t
        .client()
        .post(t.at("/open311/v2/requests.json"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.unwrap();
    assert!(
        e[0]["description"]
            .as_str()
            .unwrap()
            .starts_with("consent:"),
        "{e}"
    );
    let mut form = open311_form("Ngắn", "ngan@test.caunoi.vn");
    form.push(("website", "http://spam.example".into()));
    let r = t
        .client()
        .post(t.at("/open311/v2/requests.xml"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body = r.text().await.unwrap();
    assert!(body.starts_with("<?xml"), "{body}");
    assert!(body.contains("<code>400</code>"), "{body}");
});
