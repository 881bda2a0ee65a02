//! Signing in and out: cookies, rotation, throttling, one answer for unknown and wrong, CSRF.

use caunoi_domain::Role;
use caunoi_testkit::http::{get, post};
use caunoi_testkit::{Data, PASSWORD, TestApp, both_engines, texts};

fn session_cookie(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("caunoi_session="))
        .expect("session cookie")
}

both_engines!(
    sign_in_sets_a_safe_cookie_and_rotates_it,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let c = t.client();
        let r = t.sign_in(&c, &email, PASSWORD).await;
        assert_eq!(r.headers()["location"], "/quan-tri");
        let first = session_cookie(&r);
        assert!(first.contains("HttpOnly"), "{first}");
        assert!(first.contains("SameSite=Lax"), "{first}");
        assert!(first.contains("Path=/"), "{first}");
        // Plain http on localhost: no Secure, so no __Host- prefix.
        assert!(!first.contains("Secure"), "{first}");
        let value = |c: &str| c.split(';').next().unwrap().to_owned();
        let (_, html) = get(&c, t.at("/quan-tri")).await;
        assert!(html.contains("Người thử Biên tập viên"), "{html}");

        // Signing in again issues a new session and ends the old one.
        let r2 = t.sign_in(&c, &email, PASSWORD).await;
        let second = session_cookie(&r2);
        assert_ne!(value(&first), value(&second));
        let stale = t.client();
        let r = stale
            .get(t.at("/quan-tri"))
            .header("cookie", value(&first))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            303,
            "the old session no longer opens the workspace"
        );
    }
);

both_engines!(
    sign_out_ends_the_session_on_the_server,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Clerk, None).await;
        let c = t.client();
        let r = t.sign_in(&c, &email, PASSWORD).await;
        let cookie = session_cookie(&r).split(';').next().unwrap().to_owned();
        let r = c.post(t.at("/dang-xuat")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        // Even a copy of the cookie is worthless now.
        let r = t
            .client()
            .get(t.at("/quan-tri"))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/dang-nhap")
        );
    }
);

both_engines!(
    unknown_email_and_wrong_password_answer_alike,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let answer = |email: String, password: &'static str| {
            let c = t.client();
            let url = t.at("/dang-nhap");
            async move {
                let r = c
                    .post(url)
                    .form(&[("email", email.as_str()), ("password", password)])
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                let html = r.text().await.unwrap();
                (status, texts(&html, "[role=alert]"))
            }
        };
        let wrong = answer(email, "sai-mat-khau-roi").await;
        let unknown = answer("khong-ai@test.caunoi.vn".into(), "sai-mat-khau-roi").await;
        assert_eq!(wrong.0, 401);
        assert_eq!(wrong, unknown);
        assert_eq!(wrong.1, ["E-mail hoặc mật khẩu không đúng."]);
    }
);

both_engines!(
    failed_sign_ins_are_throttled,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let c = t.client();
        for _ in 0..5 {
            let (status, _, _) = post(
                &c,
                t.at("/dang-nhap"),
                &[("email", email.as_str()), ("password", "sai-mat-khau-roi")],
            )
            .await;
            assert_eq!(status, 401);
        }
        // Even the right password is refused while throttled.
        let r = c
            .post(t.at("/dang-nhap"))
            .form(&[("email", email.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        assert!(r.headers().contains_key("retry-after"));
        let html = r.text().await.unwrap();
        assert!(html.contains("quá nhiều lần"));
    }
);

both_engines!(
    cross_site_posts_are_refused,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, None).await;
        let r = t
            .client()
            .post(t.at("/dang-nhap"))
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example")
            .form(&[("email", email.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
);

both_engines!(
    sign_in_returns_to_the_page_asked_for,
    Data::Units,
    |t: TestApp| async move {
        let c = t.client();
        let r = c.get(t.at("/quan-tri/nhat-ky")).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/dang-nhap?next=/quan-tri/nhat-ky");
        let email = t.with_user(Role::CouncilAdmin, None).await;
        let r = c
            .post(t.at("/dang-nhap"))
            .form(&[
                ("email", email.as_str()),
                ("password", PASSWORD),
                ("next", "/quan-tri/nhat-ky"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/quan-tri/nhat-ky");
        let r = c
            .post(t.at("/dang-nhap"))
            .form(&[
                ("email", email.as_str()),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/quan-tri");
    }
);

#[tokio::test]
async fn secure_installs_use_the_host_prefix() {
    // The cookie name follows the Secure setting: browsers only accept `__Host-` with Secure.
    let t = TestApp::sqlite(Data::Units).await;
    let cfg = |secure| caunoi_web::WebConfig {
        secure_cookies: secure,
        ..Default::default()
    };
    assert_eq!(
        caunoi_web::AppState::new(t.app.clone(), cfg(true)).session_cookie(),
        "__Host-caunoi_session"
    );
    assert_eq!(
        caunoi_web::AppState::new(t.app.clone(), cfg(false)).session_cookie(),
        "caunoi_session"
    );
}

both_engines!(
    oversized_and_malformed_forms_are_refused_plainly,
    Data::Units,
    |t: TestApp| async move {
        let c = t.client();
        let big = format!("email={}&password=x", "a".repeat(2 * 1024 * 1024));
        let r = c
            .post(t.at("/dang-nhap"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413);
        assert!(r.text().await.unwrap().contains("quá lớn"));
        // A new connection: the server may close the one whose oversized body it did not read.
        let r = t
            .client()
            .post(t.at("/dang-nhap"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415);
    }
);
