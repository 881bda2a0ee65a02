//! Work that costs the server (hashing a password, reading an uploaded document or sheet) is
//! done only for a caller allowed to ask for it, and within a budget: a hostile file is
//! refused with a 422 that names the field, never a hang, an abort or a 500.

use caunoi_domain::Role;
use caunoi_testkit::http::post;
use caunoi_testkit::{Data, TestApp, both_engines};
use serde_json::{Value, json};

async fn user_count(t: &TestApp) -> i64 {
    let mut tx = t.app.db.read().await.unwrap();
    caunoi_store::users::count(&mut tx).await.unwrap()
}

/// A body for `POST /api/v1/users`; `good` false gives one every field of which is wrong, so
/// a caller who is told 422 rather than 401/403 was checked only after the input was read.
fn new_user(n: usize, role: &str, good: bool) -> Value {
    if good {
        json!({"email": format!("moi{n}@test.caunoi.vn"), "name": "Trần Thị Mới", "role": role,
               "unit": "01", "password": "mat-khau-du-dai"})
    } else {
        json!({"email": "khong-phai-email", "name": "", "role": "mayor", "unit": "abc",
               "password": "ngan"})
    }
}

both_engines!(
    creating_users_is_refused_before_any_work_for_those_who_may_not,
    Data::Units,
    |t: TestApp| async move {
        let before = user_count(&t).await;
        let mut n = 0;
        // Anonymous: 401 whatever the body, valid or not.
        for good in [true, false] {
            n += 1;
            let (status, p) = t
                .api_post("/api/v1/users", None, &new_user(n, "editor", good))
                .await;
            assert_eq!(status, 401, "anonymous, good body {good}: {p}");
        }
        // Every role that does not manage accounts: 403, also for a body that is all wrong.
        for role in Role::ALL {
            if matches!(role, Role::CouncilAdmin | Role::Admin) {
                continue;
            }
            let token = t.token(role).await;
            for good in [true, false] {
                n += 1;
                let (status, p) = t
                    .api_post("/api/v1/users", Some(&token), &new_user(n, "editor", good))
                    .await;
                assert_eq!(status, 403, "{role:?}, good body {good}: {p}");
            }
        }
        let made = user_count(&t).await;
        // The accounts the test itself made for the roles above, and nothing else.
        assert_eq!(made, before + Role::ALL.len() as i64 - 2);
        // A council admin may not make a system admin, however good the body.
        let council_admin = t.token(Role::CouncilAdmin).await;
        n += 1;
        let (status, p) = t
            .api_post(
                "/api/v1/users",
                Some(&council_admin),
                &new_user(n, "admin", true),
            )
            .await;
        assert_eq!(status, 403, "{p}");
        assert_eq!(user_count(&t).await, made + 1);
        // Those who may are served: they see what is wrong with their input, and create.
        let admin = t.token(Role::Admin).await;
        for token in [&council_admin, &admin] {
            let (status, p) = t
                .api_post("/api/v1/users", Some(token), &new_user(0, "editor", false))
                .await;
            assert_eq!(status, 422, "{p}");
            n += 1;
            let (status, p) = t
                .api_post("/api/v1/users", Some(token), &new_user(n, "editor", true))
                .await;
            assert_eq!(status, 201, "{p}");
        }
        assert_eq!(user_count(&t).await, made + 1 + 1 + 2);
    }
);

both_engines!(
    the_user_form_refuses_before_reading_the_input,
    Data::Units,
    |t: TestApp| async move {
        let bad = [
            ("name", ""),
            ("email", "khong-phai-email"),
            ("role", "mayor"),
            ("unit", "abc"),
            ("password", "ngan"),
        ];
        let good = [
            ("name", "Trần Thị Mới"),
            ("email", "moi-form@test.caunoi.vn"),
            ("role", "editor"),
            ("unit", "01"),
            ("password", "mat-khau-du-dai"),
        ];
        let before = user_count(&t).await;
        for fields in [&bad, &good] {
            let (status, to, _) = post(&t.client(), t.at("/quan-tri/nguoi-dung"), fields).await;
            assert_eq!(status, 303, "anonymous");
            assert!(to.starts_with("/dang-nhap"), "{to}");
        }
        let (editor, _) = t.signed_in_as(Role::Editor, "01").await;
        for fields in [&bad, &good] {
            let (status, _, _) = post(&editor, t.at("/quan-tri/nguoi-dung"), fields).await;
            assert_eq!(status, 403, "editor");
        }
        assert_eq!(
            user_count(&t).await,
            before + 1,
            "only the editor's own account"
        );
        let (admin, _) = t.signed_in_as(Role::CouncilAdmin, "01").await;
        let (status, _, _) = post(&admin, t.at("/quan-tri/nguoi-dung"), &bad).await;
        assert_eq!(status, 422);
        let (status, to, _) = post(&admin, t.at("/quan-tri/nguoi-dung"), &good).await;
        assert_eq!((status, to.as_str()), (303, "/quan-tri/nguoi-dung?added=1"));
        assert_eq!(user_count(&t).await, before + 3);
    }
);
