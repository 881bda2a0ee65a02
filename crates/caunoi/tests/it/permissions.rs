//! Every route × every role: who is let through and who is refused.

use caunoi_domain::Role;
use caunoi_testkit::{Data, PASSWORD, TestApp, both_engines};
use reqwest::Method;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Role(Role),
}

/// Which actors may use a route.
#[derive(Clone, Copy)]
enum Allow {
    Everyone,
    SignedIn,
    Staff,
    Admins,
}

impl Allow {
    fn admits(self, who: Who) -> bool {
        match (self, who) {
            (Allow::Everyone, _) => true,
            (_, Who::Anonymous) => false,
            (Allow::SignedIn, Who::Role(_)) => true,
            (Allow::Staff, Who::Role(r)) => r != Role::Citizen,
            (Allow::Admins, Who::Role(r)) => matches!(r, Role::CouncilAdmin | Role::Admin),
        }
    }
}

struct Route {
    method: Method,
    path: &'static str,
    allow: Allow,
    /// Form fields (pages) or JSON (API) sent with a POST.
    body: Option<&'static str>,
}

const fn r(method: Method, path: &'static str, allow: Allow) -> Route {
    Route {
        method,
        path,
        allow,
        body: None,
    }
}

fn routes() -> Vec<Route> {
    use Allow::*;
    vec![
        r(Method::GET, "/", Everyone),
        r(Method::GET, "/hdnd/00004", Everyone),
        r(Method::GET, "/tin-tuc", Everyone),
        r(Method::GET, "/dai-bieu", Everyone),
        r(Method::GET, "/ky-hop", Everyone),
        r(Method::GET, "/nghi-quyet", Everyone),
        r(Method::GET, "/kien-nghi", Everyone),
        r(Method::GET, "/lich", Everyone),
        r(Method::GET, "/tim-kiem?q=ha+noi", Everyone),
        r(Method::GET, "/don-vi", Everyone),
        r(Method::GET, "/don-vi/01", Everyone),
        r(Method::GET, "/ngon-ngu?lang=en&next=/", Everyone),
        r(Method::GET, "/dang-nhap", Everyone),
        r(Method::GET, "/healthz", Everyone),
        r(Method::GET, "/metrics", Everyone),
        r(Method::GET, "/static/site.css", Everyone),
        r(Method::GET, "/static/emblem.svg", Everyone),
        r(Method::GET, "/favicon.ico", Everyone),
        r(Method::POST, "/dang-xuat", Everyone),
        r(Method::GET, "/quan-tri", Staff),
        r(Method::GET, "/quan-tri/nhat-ky", Admins),
        r(Method::GET, "/quan-tri/nguoi-dung", Admins),
        Route {
            body: Some(
                "name=Ng%C6%B0%E1%BB%9Di+m%E1%BB%9Bi&email={email}&role=editor&unit=01&password=mat-khau-moi-du-dai",
            ),
            ..r(Method::POST, "/quan-tri/nguoi-dung", Admins)
        },
        r(Method::GET, "/quan-tri/tai-khoan", SignedIn),
        Route {
            body: Some("label=thu"),
            ..r(Method::POST, "/quan-tri/tai-khoan/ma-api", SignedIn)
        },
        r(
            Method::POST,
            "/quan-tri/tai-khoan/ma-api/999999/thu-hoi",
            SignedIn,
        ),
        r(Method::GET, "/api/v1/openapi.json", Everyone),
        r(Method::GET, "/api/v1/units", Everyone),
        r(Method::GET, "/api/v1/units/{code}", Everyone),
        r(Method::GET, "/api/v1/me", SignedIn),
        r(Method::GET, "/api/v1/users", Admins),
        Route {
            body: Some(
                r#"{"email":"{email}","name":"Người mới","role":"editor","unit":"01","password":"mat-khau-moi-du-dai"}"#,
            ),
            ..r(Method::POST, "/api/v1/users", Admins)
        },
        r(Method::GET, "/api/v1/tokens", SignedIn),
        Route {
            body: Some(r#"{"label":"thu"}"#),
            ..r(Method::POST, "/api/v1/tokens", SignedIn)
        },
        r(Method::DELETE, "/api/v1/tokens/{id}", SignedIn),
        r(Method::GET, "/api/v1/audit", Admins),
    ]
}

fn concrete(path: &str) -> String {
    path.replace("{code}", "01").replace("{id}", "999999")
}

async fn call(
    t: &TestApp,
    who: Who,
    client: &reqwest::Client,
    token: Option<&str>,
    route: &Route,
    n: usize,
) -> u16 {
    let api = route.path.starts_with("/api/");
    let mut req = client.request(route.method.clone(), t.at(&concrete(route.path)));
    if let (true, Some(tok)) = (api, token) {
        req = req.bearer_auth(tok);
    }
    if let Some(body) = route.body {
        let body = body.replace(
            "{email}",
            &format!("moi{n}-{who:?}@test.caunoi.vn")
                .to_lowercase()
                .replace(['(', ')'], ""),
        );
        req = if api {
            req.header("content-type", "application/json").body(body)
        } else {
            req.header("content-type", "application/x-www-form-urlencoded")
                .body(body)
        };
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    if status == 303 {
        let to = resp.headers()["location"].to_str().unwrap();
        // Pages send people who must sign in to the sign-in page.
        if to.starts_with("/dang-nhap") {
            return 401;
        }
    }
    status
}

both_engines!(
    every_route_for_every_role,
    Data::Demo,
    |t: TestApp| async move {
        let mut actors = vec![(Who::Anonymous, t.client(), None)];
        for role in Role::ALL {
            let email = t.with_user(role, None).await;
            let c = t.client();
            t.sign_in(&c, &email, PASSWORD).await;
            let token = caunoi_app::accounts::create_token(
                &t.app,
                &caunoi_app::Ctx::operator(),
                Some(&email),
                "matrix",
            )
            .await
            .unwrap()
            .0;
            actors.push((Who::Role(role), c, Some(token)));
        }
        let mut failures = Vec::new();
        for (n, route) in routes().iter().enumerate() {
            for (who, client, token) in &actors {
                // Sign-out would end the session the rest of the matrix uses; it runs last below.
                if route.path == "/dang-xuat" {
                    continue;
                }
                let status = call(&t, *who, client, token.as_deref(), route, n).await;
                let denied = matches!(status, 401 | 403);
                if route.allow.admits(*who) == denied {
                    failures.push(format!(
                        "{} {} as {who:?}: {status}",
                        route.method, route.path
                    ));
                }
                if status >= 500 {
                    failures.push(format!(
                        "{} {} as {who:?}: server error {status}",
                        route.method, route.path
                    ));
                }
            }
        }
        for (who, client, token) in &actors {
            let sign_out = routes()
                .into_iter()
                .find(|r| r.path == "/dang-xuat")
                .unwrap();
            let status = call(&t, *who, client, token.as_deref(), &sign_out, 0).await;
            assert_eq!(status, 303, "sign-out as {who:?}");
        }
        assert!(
            failures.is_empty(),
            "permission matrix failures:\n{}",
            failures.join("\n")
        );
    }
);

/// The matrix must list every API operation the OpenAPI document publishes.
#[tokio::test]
async fn matrix_covers_every_api_operation() {
    let t = TestApp::sqlite(Data::Units).await;
    let doc: serde_json::Value = t
        .client()
        .get(t.at("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let listed: BTreeSet<(String, String)> = routes()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json")
        .map(|r| (r.method.as_str().to_lowercase(), r.path.to_owned()))
        .collect();
    let mut published = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            published.insert((method.clone(), path.clone()));
        }
    }
    assert_eq!(listed, published);
}
