//! Storage rules through the use cases, on both engines: audit and outbox in the same
//! transaction, exclusive job claims, idempotent unit imports, history of abolished units.

use caunoi_app::{Ctx, jobs as app_jobs, units};
use caunoi_domain::Role;
use caunoi_store::{audit, jobs, now, outbox};
use caunoi_testkit::http::post;
use caunoi_testkit::{Data, PASSWORD, TestApp, both_engines, units_fixture};
use std::collections::HashSet;

both_engines!(
    changes_and_sign_ins_are_audited_without_secrets,
    Data::Units,
    |t: TestApp| async move {
        let email = t.with_user(Role::Editor, Some("00004")).await;
        let c = t.client();
        t.sign_in(&c, &email, PASSWORD).await;
        let _ = c
            .post(t.at("/dang-nhap"))
            .form(&[("email", email.as_str()), ("password", "sai-mat-khau-nhe")])
            .send()
            .await
            .unwrap();
        let r = c
            .post(t.at("/quan-tri/tai-khoan/ma-api"))
            .form(&[("label", "bao cao")])
            .send()
            .await
            .unwrap();
        let html = r.text().await.unwrap();
        let token = html
            .split("<code class=\"token\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
        assert!(token.starts_with("cn_"));

        let mut tx = t.app.db.read().await.unwrap();
        let log = audit::list(&mut tx, None, 1, 100).await.unwrap();
        let actions: Vec<(&str, &str)> = log
            .items
            .iter()
            .map(|e| (e.target_kind.as_str(), e.action.as_str()))
            .collect();
        assert!(actions.contains(&("account", "created")));
        assert!(actions.contains(&("account", "sign_in")));
        assert!(actions.contains(&("account", "sign_in_failed")));
        assert!(actions.contains(&("api_token", "created")));
        let sign_in = log.items.iter().find(|e| e.action == "sign_in").unwrap();
        assert_eq!(sign_in.actor_label, email);
        assert_eq!(sign_in.ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(sign_in.request_id.as_deref().map(str::len), Some(16));
        assert_eq!(sign_in.unit_code.as_deref(), Some("00004"));
        let everything = serde_json::to_string(&log.items).unwrap();
        for secret in [PASSWORD, "sai-mat-khau-nhe", token.as_str()] {
            assert!(!everything.contains(secret), "audit log leaks a secret");
        }
        // The Hà Nội council admin sees this ward's rows; a council admin of Huế does not.
        let scoped = audit::list(&mut tx, Some("01"), 1, 100).await.unwrap();
        assert!(scoped.items.iter().any(|e| e.action == "sign_in"));
        let other = audit::list(&mut tx, Some("46"), 1, 100).await.unwrap();
        assert!(other.items.is_empty());
        let events = outbox::pending(&mut tx, "test", 100).await.unwrap();
        assert!(events.iter().any(|e| e.topic == "account.created"));
        assert!(events.iter().any(|e| e.topic == "api_token.created"));
    }
);

both_engines!(
    a_refused_change_leaves_no_audit_or_event,
    Data::Units,
    |t: TestApp| async move {
        let count = |t: &TestApp| {
            let db = t.app.db.clone();
            async move {
                let mut tx = db.read().await.unwrap();
                (
                    outbox::count(&mut tx).await.unwrap(),
                    audit::list(&mut tx, None, 1, 1).await.unwrap().total,
                )
            }
        };
        let before = count(&t).await;
        let editor = t.signed_in(Role::Editor).await;
        let after_sign_in = count(&t).await;
        let (status, _, _) = post(
            &editor,
            t.at("/quan-tri/nguoi-dung"),
            &[
                ("name", "Ai Đó"),
                ("email", "ai@test.caunoi.vn"),
                ("role", "admin"),
                ("unit", ""),
                ("password", "mat-khau-du-dai"),
            ],
        )
        .await;
        assert_eq!(status, 403);
        assert_eq!(count(&t).await, after_sign_in);
        assert!(after_sign_in.1 > before.1, "the sign-in itself is audited");
    }
);

both_engines!(
    outbox_consumers_read_in_order_and_keep_a_cursor,
    Data::Units,
    |t: TestApp| async move {
        let mut tx = t.app.db.write().await.unwrap();
        for i in 0..3 {
            outbox::append(
                &mut tx,
                now(),
                "test.event",
                &i.to_string(),
                &serde_json::json!({"i": i}),
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let mut tx = t.app.db.write().await.unwrap();
        let all = outbox::pending(&mut tx, "indexer", 100).await.unwrap();
        let mine: Vec<_> = all.iter().filter(|e| e.topic == "test.event").collect();
        assert_eq!(mine.len(), 3);
        outbox::acknowledge(&mut tx, "indexer", mine[1].id)
            .await
            .unwrap();
        outbox::acknowledge(&mut tx, "indexer", mine[0].id)
            .await
            .unwrap(); // never moves back
        let rest = outbox::pending(&mut tx, "indexer", 100).await.unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].payload["i"], 2);
        drop(tx);
    }
);

both_engines!(
    two_workers_never_run_one_job_twice,
    Data::Units,
    |t: TestApp| async move {
        let mut tx = t.app.db.write().await.unwrap();
        for _ in 0..40 {
            jobs::enqueue(&mut tx, "noop", &serde_json::json!({}), now(), 3)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let claim_all = |worker: &'static str| {
            let db = t.app.db.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(j) = jobs::claim(&db, worker, now(), time::Duration::minutes(5))
                    .await
                    .unwrap()
                {
                    got.push(j.id);
                }
                got
            })
        };
        let (a, b) = (claim_all("a"), claim_all("b"));
        let (a, b) = (a.await.unwrap(), b.await.unwrap());
        let all: HashSet<i64> = a.iter().chain(b.iter()).copied().collect();
        assert_eq!(a.len() + b.len(), 40, "every job claimed once");
        assert_eq!(all.len(), 40, "no job claimed twice");
    }
);

both_engines!(
    job_runner_completes_retries_and_gives_up,
    Data::Units,
    |t: TestApp| async move {
        let mut tx = t.app.db.write().await.unwrap();
        jobs::enqueue(
            &mut tx,
            app_jobs::SESSION_CLEANUP,
            &serde_json::json!({}),
            now(),
            3,
        )
        .await
        .unwrap();
        jobs::enqueue(&mut tx, "no_such_kind", &serde_json::json!({}), now(), 1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(app_jobs::run_one(&t.app, "w").await.unwrap());
        assert!(app_jobs::run_one(&t.app, "w").await.unwrap());
        let c = app_jobs::counts(&t.app).await.unwrap();
        assert_eq!(c.done, 1);
        assert_eq!(
            c.failed, 1,
            "an unknown kind fails visibly after its one attempt"
        );
        assert_eq!(c.queued, 1, "session cleanup scheduled its next run");
        assert!(
            !app_jobs::run_one(&t.app, "w").await.unwrap(),
            "the next cleanup is not due yet"
        );
    }
);

both_engines!(
    unit_import_is_idempotent_and_keeps_history,
    Data::Units,
    |t: TestApp| async move {
        let again = units::import_units(&t.app, &Ctx::operator(), &units_fixture())
            .await
            .unwrap();
        assert_eq!((again.inserted, again.updated), (0, 0));
        let mut tx = t.app.db.read().await.unwrap();
        let ward = caunoi_store::units::find_current(&mut tx, "00004")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ward.name, "Phường Ba Đình");
        assert_eq!(
            caunoi_store::units::ancestry(&mut tx, ward.id)
                .await
                .unwrap(),
            ["00004", "01"]
        );
        let district = caunoi_store::units::find_any(&mut tx, "001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            district.valid_to.map(|d| d.to_string()).as_deref(),
            Some("2025-06-30")
        );
        assert_eq!(district.parent_code.as_deref(), Some("01"));
        let next: Vec<String> = caunoi_store::units::successors(&mut tx, district.id)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.code)
            .collect();
        assert!(next.contains(&"00004".to_owned()), "{next:?}");
        // A bad file is refused whole, with the line of each bad row.
        drop(tx);
        let bad = format!("{}99,Tỉnh Sai,Sai,planet,,,,\n", units_fixture());
        let e = units::import_units(&t.app, &Ctx::operator(), &bad)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("kind"), "{e}");
        // Only the operator and system admins load reference data.
        let council_admin = caunoi_domain::Actor {
            user_id: Some(1),
            label: "x".into(),
            grants: vec![caunoi_domain::Grant {
                role: Role::CouncilAdmin,
                scope: caunoi_domain::Scope::Unit(caunoi_domain::UnitCode::parse("01").unwrap()),
            }],
        };
        let refused = units::import_units(&t.app, &Ctx::new(council_admin), &units_fixture()).await;
        assert!(
            matches!(refused, Err(caunoi_app::AppError::Forbidden)),
            "{refused:?}"
        );
    }
);

both_engines!(
    grouped_writes_commit_together_and_fail_alone,
    Data::Units,
    |t: TestApp| async move {
        use caunoi_store::{StoreError, Tx, exec};
        // 60 writers at once: every 7th writes and then refuses, every 7th + 1 writes and then
        // runs a statement the database refuses. Each must undo only its own row.
        let mut calls = Vec::new();
        for i in 0..60_usize {
            let db = t.app.db.clone();
            calls.push(tokio::spawn(async move {
                db.write_grouped(move |tx: &mut Tx| {
                    Box::pin(async move {
                        let key = format!("grouped-{i}");
                        exec!(tx, c => sqlx::query(
                            "INSERT INTO submission_log (ip_hash, email_hash, at) VALUES ($1, '', $2)",
                        )
                        .bind(&key)
                        .bind(now()))?;
                        match i % 7 {
                            0 => Err(StoreError::Data("refused by the caller".into())),
                            1 => {
                                exec!(tx, c => sqlx::query(
                                    "INSERT INTO submission_log (ip_hash, email_hash, at) VALUES (NULL, '', $1)",
                                )
                                .bind(now()))?;
                                Ok(key)
                            }
                            _ => Ok(key),
                        }
                    })
                })
                .await
            }));
        }
        let mut acknowledged = HashSet::new();
        for (i, call) in calls.into_iter().enumerate() {
            match call.await.unwrap() {
                Ok(key) => {
                    assert!(i % 7 > 1, "writer {i} should have failed");
                    acknowledged.insert(key);
                }
                Err(e) => assert!(i % 7 <= 1, "writer {i} failed: {e}"),
            }
        }
        let mut tx = t.app.db.read().await.unwrap();
        let stored: Vec<(String,)> = caunoi_store::on!(tx, c => sqlx::query_as(
            "SELECT ip_hash FROM submission_log WHERE ip_hash LIKE 'grouped-%'",
        )
        .fetch_all(c)
        .await)
        .unwrap();
        let stored: HashSet<String> = stored.into_iter().map(|(k,)| k).collect();
        assert_eq!(stored, acknowledged);
        assert_eq!(stored.len(), 60 - 9 - 9);
    }
);

both_engines!(
    a_limited_count_says_more_than_the_limit,
    Data::Demo,
    |t: TestApp| async move {
        use caunoi_store::petitions::{Filter, list};
        let mut tx = t.app.db.read().await.unwrap();
        let exact = list(&mut tx, &Filter::default(), 1, 2).await.unwrap();
        assert!(exact.total > 3, "the demo has petitions: {}", exact.total);
        let limited = Filter {
            count_limit: Some(2),
            ..Filter::default()
        };
        let page = list(&mut tx, &limited, 1, 2).await.unwrap();
        // Two counted and one more seen: "more than 2".
        assert_eq!(page.total, 3);
        assert_eq!(page.items.len(), 2);
        let roomy = Filter {
            count_limit: Some(exact.total),
            ..Filter::default()
        };
        assert_eq!(
            list(&mut tx, &roomy, 1, 2).await.unwrap().total,
            exact.total
        );
    }
);
