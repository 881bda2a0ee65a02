//! Search through the front door: accents optional, both tone styles, only public content,
//! filters and facets, malformed queries answered with help, the JSON API.

use caunoi_domain::Role;
use caunoi_testkit::{Data, TestApp, both_engines, texts};
use serde_json::{Value, json};

async fn page(t: &TestApp, q: &str) -> (u16, String) {
    let r = t
        .client()
        .get(t.at("/tim-kiem"))
        .query(&[("q", q)])
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn api(t: &TestApp, q: &str, extra: &str) -> Value {
    t.client()
        .get(t.at(&format!("/api/v1/search?q={}{extra}", q.replace(' ', "+"))))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn publish(t: &TestApp, token: &str, title: &str, body: &str) -> i64 {
    let c = t.client();
    let d: Value = c
        .post(t.at("/api/v1/articles"))
        .bearer_auth(token)
        .json(&json!({"title": title, "body": body, "category": "hoat-dong-hdnd"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = d["id"].as_i64().unwrap();
    for action in ["submit", "approve", "publish"] {
        let r = c
            .post(t.at(&format!("/api/v1/articles/{id}/{action}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{action}");
    }
    id
}

both_engines!(
    finds_units_and_articles_however_they_are_typed,
    Data::Demo,
    |t: TestApp| async move {
        let (status, html) = page(&t, "ha noi").await;
        assert_eq!(status, 200);
        let titles = texts(&html, ".results .card-title");
        assert!(titles.iter().any(|x| x == "Thành phố Hà Nội"), "{titles:?}");
        assert!(html.contains("<mark>"), "matches are highlighted");
        let token = t.token(Role::Publisher).await;
        let id = publish(
            &t,
            &token,
            "Phó Bí thư Thành uỷ dự giao ban",
            "Đồng chí Phó Bí thư Thành uỷ phát biểu tại hội nghị giao ban.",
        )
        .await;
        for q in ["thanh uy", "Thành ủy", "Thành uỷ", "THANH UY"] {
            let r = api(&t, q, "&kind=article").await;
            let ids: Vec<i64> = r["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap())
                .collect();
            assert_eq!(ids.first(), Some(&id), "{q}: {r}");
        }
        let r = api(&t, "thanh uy", "&kind=article").await;
        assert_eq!(r["did_you_mean"], "Thành uỷ", "{r}");
        let item = &r["items"][0];
        for key in ["kind", "id", "title", "snippet", "url", "score"] {
            assert!(item.get(key).is_some(), "{key} in {item}");
        }
        assert!(
            item["url"]
                .as_str()
                .unwrap()
                .starts_with("/tin-tuc/hoat-dong-hdnd/")
        );
    }
);

both_engines!(
    unpublished_content_is_never_found,
    Data::Demo,
    |t: TestApp| async move {
        let token = t.token(Role::Contributor).await;
        let r = t
        .client()
        .post(t.at("/api/v1/articles"))
        .bearer_auth(&token)
        .json(&json!({"title": "Bản nháp bí mật về trạm bơm", "body": "Nội dung nháp trạm bơm", "category": "ky-hop"}))
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 201);
        let titles = |r: &Value| -> Vec<String> {
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["title"].as_str().unwrap().to_owned())
                .collect()
        };
        let r = api(&t, "tram bom bi mat", "").await;
        assert!(!titles(&r).iter().any(|x| x.contains("Bản nháp")), "{r}");
        // The submitted demo draft is not public either.
        let r = api(&t, "cai tao truong hoc dong anh", "&kind=article").await;
        assert!(
            !titles(&r).iter().any(|x| x.contains("cải tạo trường học")),
            "{r}"
        );
        // Unpublishing takes an article out of search on the next query.
        let publisher = t.token(Role::Publisher).await;
        let id = publish(
            &t,
            &publisher,
            "Tin sẽ bị gỡ về cầu vượt",
            "Cầu vượt cho người đi bộ.",
        )
        .await;
        assert_eq!(api(&t, "cau vuot", "").await["items"][0]["id"], id);
        let r = t
            .client()
            .post(t.at(&format!("/api/v1/articles/{id}/unpublish")))
            .bearer_auth(&publisher)
            .json(&json!({"reason": "Trùng"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let r = api(&t, "cau vuot", "").await;
        assert!(
            !r["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == id && i["kind"] == "article"),
            "{r}"
        );
    }
);

both_engines!(
    filters_facets_and_pages,
    Data::Demo,
    |t: TestApp| async move {
        let (_, html) = page(&t, "cu tri").await;
        let facets = texts(&html, ".facets a");
        assert!(facets.iter().any(|f| f == "Tin bài"), "{facets:?}");
        assert!(
            facets.iter().any(|f| f == "Tiếp xúc cử tri"),
            "categories by name: {facets:?}"
        );
        let r = api(&t, "cu tri", "&kind=article&per_page=2").await;
        assert!(r["total"].as_u64().unwrap() >= 2);
        assert_eq!(r["items"].as_array().unwrap().len(), 2);
        assert!(
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["kind"] == "article")
        );
        let r = api(&t, "cu tri", "&kind=unit").await;
        assert!(
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["kind"] == "unit")
        );
        let r = t
            .client()
            .get(t.at("/api/v1/search?q=x&per_page=0"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
    }
);

both_engines!(
    malformed_queries_get_help_not_errors,
    Data::Units,
    |t: TestApp| async move {
        let long = "hà nội ".repeat(1500);
        for q in [
            "\"hội đồng",
            "AND OR NOT ( ) + - * :",
            "",
            long.as_str(),
            "\u{0}\u{7f}<script>",
        ] {
            let (status, html) = page(&t, q).await;
            assert_eq!(status, 200, "{q:.30}");
            assert!(!html.contains("<script>"), "echoed input is escaped");
            let r = t
                .client()
                .get(t.at("/api/v1/search"))
                .query(&[("q", q)])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{q:.30}");
        }
        let (_, html) = page(&t, "AND OR NOT").await;
        assert!(
            html.contains("không chỉ các dấu"),
            "operators only is explained"
        );
        let (_, html) = page(&t, "xyzxyzxyz").await;
        assert!(html.contains("Gợi ý"), "the empty state helps");
    }
);
