//! The JSON API frame: tokens, list shape, problem+json for every kind of bad input.

use caunoi_domain::Role;
use caunoi_testkit::http::get_json;
use caunoi_testkit::{Data, TestApp, both_engines};
use serde_json::{Value, json};

async fn user_count(t: &TestApp) -> i64 {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::users::count(&mut tx).await.unwrap()
}

both_engines!(
    me_with_a_bearer_token_and_revocation,
    Data::Units,
    |t: TestApp| async move {
        let token = t.token(Role::Delegate).await;
        let c = t.client();
        let (_, me) = t.api_get("/api/v1/me", Some(&token)).await;
        assert_eq!(me["roles"][0]["role"], "delegate");
        assert_eq!(me["roles"][0]["unit_code"], "01");
        assert!(me.get("password_hash").is_none());

        let r = c
            .get(t.at("/api/v1/me"))
            .bearer_auth("cn_khong-dung")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["status"], 401);
        assert_eq!(p["errors"][0]["field"], "authorization");

        // Revoking a token makes it worthless at once.
        let (_, tokens) = t.api_get("/api/v1/tokens", Some(&token)).await;
        let id = tokens[0]["id"].as_i64().unwrap();
        let r = c
            .delete(t.at(&format!("/api/v1/tokens/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let r = c
            .get(t.at("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        let r = c.get(t.at("/api/v1/me")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["title"], "Cần đăng nhập hoặc mã truy cập API hợp lệ");
    }
);

both_engines!(
    lists_have_one_shape_and_check_paging,
    Data::Units,
    |t: TestApp| async move {
        let c = t.client();
        let (_, page) = get_json(&c, t.at("/api/v1/units?parent=01&page=2&per_page=50")).await;
        assert_eq!(page["total"], 126);
        assert_eq!(page["page"], 2);
        assert_eq!(page["per_page"], 50);
        assert_eq!(page["items"].as_array().unwrap().len(), 50);
        let (_, provinces) = get_json(&c, t.at("/api/v1/units")).await;
        assert_eq!(provinces["total"], 34);
        assert_eq!(provinces["items"][0]["code"], "01");
        assert_eq!(provinces["items"][0]["name"], "Thành phố Hà Nội");
        for (q, field) in [
            ("per_page=0", "per_page"),
            ("per_page=1000", "per_page"),
            ("page=abc", "page"),
            ("page=-1", "page"),
        ] {
            let r = c
                .get(t.at(&format!("/api/v1/units?{q}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422, "{q}");
            let p: Value = r.json().await.unwrap();
            assert_eq!(p["errors"][0]["field"], field, "{q}");
        }
        let r = c.get(t.at("/api/v1/units?parent=99")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        let r = c
            .get(t.at("/api/v1/units?parent=abc"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["errors"][0]["field"], "parent");
        let (_, old) = get_json(&c, t.at("/api/v1/units/001")).await;
        assert_eq!(old["valid_to"], "2025-06-30");
        assert!(
            old["successors"]
                .as_array()
                .unwrap()
                .contains(&json!("00004"))
        );
        let r = c.get(t.at("/api/v1/nothing-here")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
);

both_engines!(
    bad_input_names_the_field_and_stores_nothing,
    Data::Units,
    |t: TestApp| async move {
        let token = t.token(Role::CouncilAdmin).await;
        let before = user_count(&t).await;
        // A fresh connection per request: the server may close one after refusing a large body.
        let post = |body: String, content_type: &'static str| {
            let req = t
                .client()
                .post(t.at("/api/v1/users"))
                .bearer_auth(&token)
                .header("content-type", content_type)
                .body(body);
            async move {
                let r = req.send().await.unwrap();
                let status = r.status().as_u16();
                let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
                let p: Value = r.json().await.unwrap_or(Value::Null);
                assert_eq!(ct, "application/problem+json", "{p}");
                (status, p)
            }
        };
        let good = |patch: Value| {
            let mut v = json!({"email": "moi@test.caunoi.vn", "name": "Trần Thị Mới", "role": "editor", "unit": "01", "password": "mat-khau-du-dai"});
            for (k, val) in patch.as_object().unwrap() {
                v[k] = val.clone();
            }
            v.to_string()
        };
        let json_ct = "application/json";
        let cases: Vec<(String, &str, u16, &str)> = vec![
            ("{\"email\": ".into(), json_ct, 400, "body"),
            (good(json!({"email": 42})), json_ct, 422, "email"),
            ("{\"name\": \"x\"}".into(), json_ct, 422, "email"),
            (
                good(json!({"email": "khong-phai-email"})),
                json_ct,
                422,
                "email",
            ),
            (good(json!({"name": "Đ".repeat(121)})), json_ct, 422, "name"),
            (good(json!({"role": "mayor"})), json_ct, 422, "role"),
            (good(json!({"unit": "99999"})), json_ct, 422, "unit"),
            (good(json!({"unit": "abc"})), json_ct, 422, "unit"),
            (good(json!({"password": "ngan"})), json_ct, 422, "password"),
            (good(json!({"surprise": true})), json_ct, 422, "surprise"),
            (good(json!({})), "text/plain", 415, "content-type"),
            (
                format!("{{\"email\":\"{}\"}}", "a".repeat(2 * 1024 * 1024)),
                json_ct,
                413,
                "body",
            ),
        ];
        for (body, ct, status, field) in cases {
            let (got, p) = post(body, ct).await;
            assert_eq!(got, status, "field {field}: {p}");
            let fields: Vec<&str> = p["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
                .collect();
            assert!(fields.contains(&field), "expected field {field} in {p}");
            assert!(
                !p["title"].as_str().unwrap().is_ascii(),
                "Vietnamese title: {p}"
            );
        }
        assert_eq!(user_count(&t).await, before, "nothing stored");

        let created = t
            .client()
            .post(t.at("/api/v1/users"))
            .bearer_auth(&token)
            .header("content-type", json_ct)
            .body(good(json!({})))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
        let (status, p) = post(good(json!({"email": "MOI@test.caunoi.vn"})), json_ct).await;
        assert_eq!(status, 422);
        assert_eq!(p["errors"][0]["field"], "email", "duplicate e-mail");
        assert_eq!(user_count(&t).await, before + 1);
    }
);

both_engines!(
    council_admin_cannot_reach_outside_their_unit,
    Data::Units,
    |t: TestApp| async move {
        let token = t.token(Role::CouncilAdmin).await;
        let c = t.client();
        for (unit, role, status) in [
            ("79", "editor", 403),
            ("00004", "editor", 201),
            ("", "admin", 403),
        ] {
            let r = c
            .post(t.at("/api/v1/users"))
            .bearer_auth(&token)
            .json(&json!({"email": format!("x{unit}{role}@test.caunoi.vn"), "name": "Lê Văn X", "role": role, "unit": unit, "password": "mat-khau-du-dai"}))
            .send()
            .await
            .unwrap();
            assert_eq!(r.status(), status, "{role} for {unit}");
        }
    }
);

both_engines!(
    openapi_document_describes_the_api,
    Data::Units,
    |t: TestApp| async move {
        let (_, doc) = t.json("/api/v1/openapi.json").await;
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        assert_eq!(doc["info"]["title"], "Cầu Nối API");
        for path in [
            "/api/v1/me",
            "/api/v1/units",
            "/api/v1/units/{code}",
            "/api/v1/users",
            "/api/v1/tokens",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path}");
        }
        assert!(doc["components"]["schemas"].get("Problem").is_some());
        assert!(doc["components"]["securitySchemes"].get("bearer").is_some());
    }
);
