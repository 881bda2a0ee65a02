//! Petition use cases end to end on a fresh database: an acknowledged submission is stored
//! whole, deadlines count working days with the recorded adjustments, merging adds the voters,
//! retention deletes contact details, and personal data never reaches the public record.

use caunoi_app::Ctx;
use caunoi_app::petitions::{self, ActInput, OnlineInput, SubmitMeta};
use caunoi_testkit::{Data, TestApp, both_engines};

fn online(title: &str, email: &str) -> OnlineInput {
    OnlineInput {
        title: title.into(),
        body: "Nội dung kiến nghị đủ dài để được tiếp nhận và xử lý theo quy định.".into(),
        field: "giao-thong".into(),
        commune: "phuc xa".into(),
        name: "Trần Văn Thử".into(),
        email: email.into(),
        consent: Some("on".into()),
        ..Default::default()
    }
}

fn meta() -> SubmitMeta {
    SubmitMeta {
        ip: Some("203.0.113.7".into()),
        fill_seconds: Some(30),
    }
}

both_engines!(
    submission_is_stored_whole_and_processed_with_working_day_deadlines,
    Data::Demo,
    |t: TestApp| async move {
        let op = Ctx::operator();
        let s = petitions::submit_online(
            &t.app,
            &op,
            &online("Đề nghị sửa đèn đường ngõ 5", "a@example.vn"),
            &meta(),
        )
        .await
        .unwrap();
        assert!(s.code.starts_with("KN-"));
        let mut tx = t.app.db.read().await.unwrap();
        let p = caunoi_store::petitions::find_by_code(&mut tx, &s.code)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (p.state.as_str(), p.moderation.as_str()),
            ("received", "pending")
        );
        // "phuc xa" (abolished 2025) is recorded as today's ward.
        assert_eq!(p.unit_name.as_deref(), Some("Phường Hồng Hà"));
        let c = caunoi_store::petitions::contact(&mut tx, p.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.email.as_deref(), Some("a@example.vn"));
        assert!(c.retain_until > caunoi_app::registry::today());
        drop(tx);

        // Not processed before moderation; then classify and forward.
        let act = |action: &str| ActInput {
            action: action.into(),
            ..Default::default()
        };
        let err = petitions::act(
            &t.app,
            &op,
            p.id,
            &ActInput {
                field: "giao-thong".into(),
                ..act("classify")
            },
        )
        .await
        .unwrap_err();
        assert!(format!("{err:?}").contains("moderation"), "{err:?}");
        petitions::moderate(&t.app, &op, p.id, true).await.unwrap();
        petitions::act(
            &t.app,
            &op,
            p.id,
            &ActInput {
                field: "giao-thong".into(),
                ..act("classify")
            },
        )
        .await
        .unwrap();
        // A day off announced for the next working day moves the deadline by one working day.
        let today = caunoi_app::registry::today();
        let cal = caunoi_domain::workdays::WorkCalendar::vietnam();
        let next = cal.add_working_days(today, 1);
        {
            let mut tx = t.app.db.write().await.unwrap();
            caunoi_store::petitions::set_calendar_adjustment(
                &mut tx,
                next,
                "day_off",
                "Nghỉ theo thông báo",
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
        let agency = {
            let mut tx = t.app.db.read().await.unwrap();
            caunoi_store::petitions::agencies(&mut tx, p.council_id)
                .await
                .unwrap()[0]
                .id
        };
        petitions::act(
            &t.app,
            &op,
            p.id,
            &ActInput {
                agency: agency.to_string(),
                days: "10".into(),
                ..act("forward")
            },
        )
        .await
        .unwrap();
        let mut tx = t.app.db.read().await.unwrap();
        let p2 = caunoi_store::petitions::find(&mut tx, p.id)
            .await
            .unwrap()
            .unwrap();
        let expected = cal
            .clone()
            .with_day_off(next, "x")
            .add_working_days(today, 10);
        assert_eq!(p2.deadline, Some(expected));
        assert!(
            expected > cal.add_working_days(today, 10),
            "the day off moved the deadline"
        );
        drop(tx);

        // Wrong move for the state is refused with the Vietnamese reason.
        let err = petitions::act(&t.app, &op, p.id, &act("publish"))
            .await
            .unwrap_err();
        assert!(format!("{err:?}").contains("Không thể"), "{err:?}");
        let err = petitions::act(
            &t.app,
            &op,
            p.id,
            &ActInput {
                answer_kind: "resolved".into(),
                ..act("answer")
            },
        )
        .await
        .unwrap_err();
        assert!(format!("{err:?}").contains("answer"), "{err:?}");
        petitions::act(
            &t.app,
            &op,
            p.id,
            &ActInput {
                answer: "Đã sửa xong toàn bộ đèn chiếu sáng trong ngõ.".into(),
                answer_kind: "resolved".into(),
                ..act("answer")
            },
        )
        .await
        .unwrap();
        // The answer is public only once published.
        assert!(
            petitions::page(&t.app, p.id)
                .await
                .unwrap()
                .petition
                .answer
                .is_none()
        );
        petitions::act(&t.app, &op, p.id, &act("publish"))
            .await
            .unwrap();
        let page = petitions::page(&t.app, p.id).await.unwrap();
        assert!(
            page.petition
                .answer
                .as_deref()
                .unwrap()
                .contains("Đã sửa xong")
        );
        let steps: Vec<&str> = page.timeline.iter().map(|x| x.to_state.as_str()).collect();
        assert_eq!(
            steps,
            [
                "received",
                "classified",
                "forwarded",
                "answered",
                "published"
            ]
        );
        // The submitter follows it with the code and e-mail, typed loosely.
        let loose = s.code.to_lowercase().replace('-', " ");
        assert_eq!(
            petitions::track(&t.app, &loose, " A@Example.vn ")
                .await
                .unwrap()
                .petition
                .id,
            p.id
        );
        assert!(
            petitions::track(&t.app, &s.code, "b@example.vn")
                .await
                .is_err()
        );
    }
);

both_engines!(
    merging_adds_voters_and_retention_deletes_contacts,
    Data::Demo,
    |t: TestApp| async move {
        let op = Ctx::operator();
        let a = petitions::submit_online(
            &t.app,
            &op,
            &online("Đề nghị lắp đèn tín hiệu ngã tư", "m1@example.vn"),
            &meta(),
        )
        .await
        .unwrap();
        let b = petitions::submit_online(
            &t.app,
            &op,
            &online("Đề nghị lắp đèn giao thông tại ngã tư", "m2@example.vn"),
            &meta(),
        )
        .await
        .unwrap();
        for id in [a.id, b.id] {
            petitions::moderate(&t.app, &op, id, true).await.unwrap();
        }
        petitions::act(
            &t.app,
            &op,
            b.id,
            &ActInput {
                action: "merge".into(),
                into: a.code.clone(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let pa = petitions::page(&t.app, a.id).await.unwrap();
        assert_eq!(pa.petition.voters, 2);
        let pb = petitions::page(&t.app, b.id).await.unwrap();
        assert_eq!(pb.petition.state, "merged");
        assert_eq!(pb.merged_into.map(|m| m.id), Some(a.id));

        // Retention: a contact past its period is deleted by the housekeeping job.
        {
            let mut tx = t.app.db.write().await.unwrap();
            caunoi_store::exec!(&mut tx, c => sqlx::query("UPDATE petition_contact SET retain_until = $1 WHERE petition_id = $2")
                .bind(caunoi_app::registry::today() - time::Duration::days(1)).bind(a.id)).unwrap();
            tx.commit().await.unwrap();
        }
        assert_eq!(petitions::enforce_retention(&t.app).await.unwrap(), 1);
        let mut tx = t.app.db.read().await.unwrap();
        assert!(
            caunoi_store::petitions::contact(&mut tx, a.id)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            caunoi_store::petitions::contact(&mut tx, b.id)
                .await
                .unwrap()
                .is_some()
        );
        drop(tx);
        assert_eq!(petitions::enforce_retention(&t.app).await.unwrap(), 0);
    }
);

both_engines!(
    anti_abuse_refuses_machines_and_floods_not_people,
    Data::Demo,
    |t: TestApp| async move {
        let op = Ctx::operator();
        let honeypot = OnlineInput {
            website: "http://spam.example".into(),
            ..online("Quảng cáo dịch vụ giá rẻ", "s@example.vn")
        };
        assert!(
            petitions::submit_online(&t.app, &op, &honeypot, &meta())
                .await
                .is_err()
        );
        let fast = SubmitMeta {
            fill_seconds: Some(1),
            ..meta()
        };
        let err = petitions::submit_online(
            &t.app,
            &op,
            &online("Đề nghị sửa vỉa hè phố Hàng Bông", "f@example.vn"),
            &fast,
        )
        .await
        .unwrap_err();
        assert!(format!("{err:?}").contains("quá nhanh"));
        let no_consent = OnlineInput {
            consent: None,
            ..online("Đề nghị sửa vỉa hè phố Hàng Bông", "f@example.vn")
        };
        let err = petitions::submit_online(&t.app, &op, &no_consent, &meta())
            .await
            .unwrap_err();
        assert!(format!("{err:?}").contains("consent"));
        // Three per e-mail per hour, then refused; another e-mail still goes through.
        for i in 0..3 {
            petitions::submit_online(
                &t.app,
                &op,
                &online(
                    &format!("Đề nghị số {i} về vệ sinh môi trường"),
                    "same@example.vn",
                ),
                &SubmitMeta {
                    ip: Some(format!("198.51.100.{i}")),
                    ..meta()
                },
            )
            .await
            .unwrap();
        }
        let err = petitions::submit_online(
            &t.app,
            &op,
            &online("Đề nghị thứ tư về vệ sinh môi trường", "same@example.vn"),
            &SubmitMeta {
                ip: Some("198.51.100.9".into()),
                ..meta()
            },
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, caunoi_app::AppError::TooManyAttempts { .. }),
            "{err:?}"
        );
        petitions::submit_online(
            &t.app,
            &op,
            &online("Đề nghị khác về vệ sinh môi trường", "other@example.vn"),
            &SubmitMeta {
                ip: Some("198.51.100.9".into()),
                ..meta()
            },
        )
        .await
        .unwrap();
        // Nothing personal in the public list.
        let list = petitions::list(&t.app, &Default::default(), 1, 100)
            .await
            .unwrap();
        let json = serde_json::to_string(&list.items.items).unwrap();
        for secret in ["@example.vn", "@demo.caunoi.vn", "Trần Văn Thử"] {
            assert!(!json.contains(secret), "{secret} in the public list");
        }
    }
);

both_engines!(
    the_petitioner_hears_of_each_public_step_and_rates_the_answer,
    Data::Demo,
    |t: TestApp| async move {
        let op = Ctx::operator();
        let s = petitions::submit_online(
            &t.app,
            &op,
            &online(
                "Đề nghị nạo vét cống thoát nước phố Hàng Than",
                "tin@example.vn",
            ),
            &meta(),
        )
        .await
        .unwrap();
        let run_jobs =
            || async { while caunoi_app::jobs::run_one(&t.app, "test").await.unwrap() {} };
        run_jobs().await;
        let mail_dir = t.app.settings.mail_dir.clone();
        let mails = || {
            let mut v: Vec<String> = std::fs::read_dir(&mail_dir)
                .map(|d| {
                    d.flatten()
                        .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
                        .map(|e| std::fs::read_to_string(e.path()).unwrap())
                        .collect()
                })
                .unwrap_or_default();
            v.retain(|m| m.contains(&s.code));
            v
        };
        let first = mails();
        assert_eq!(first.len(), 1, "one message for the receipt");
        assert!(first[0].contains("To: <tin@example.vn>"));
        assert!(first[0].contains(&format!("Mã theo dõi của bạn: {}", s.code)));
        assert!(first[0].contains("/kien-nghi/theo-doi"));

        petitions::moderate(&t.app, &op, s.id, true).await.unwrap();
        let agency = {
            let mut tx = t.app.db.read().await.unwrap();
            let p = caunoi_store::petitions::find(&mut tx, s.id)
                .await
                .unwrap()
                .unwrap();
            caunoi_store::petitions::agencies(&mut tx, p.council_id)
                .await
                .unwrap()[0]
                .id
        };
        t.classify_and_forward(s.id, "moi-truong", agency).await;
        t.answer_and_publish(s.id, "Đã nạo vét xong toàn tuyến cống trong tháng.")
            .await;
        run_jobs().await;
        let all = mails();
        assert_eq!(all.len(), 3, "receipt, forwarding, published answer");
        assert!(
            all.iter()
                .any(|m| m.contains("Đã nạo vét xong toàn tuyến cống")
                    && m.contains("đã được giải quyết chưa"))
        );

        // "Was your matter resolved?"
        assert!(
            petitions::rate_answer(&t.app, &op, &s.code, "tin@example.vn", "maybe")
                .await
                .is_err()
        );
        petitions::rate_answer(&t.app, &op, &s.code, "tin@example.vn", "partly")
            .await
            .unwrap();
        let mut tx = t.app.db.read().await.unwrap();
        let p = caunoi_store::petitions::find(&mut tx, s.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.satisfaction.as_deref(), Some("partly"));
    }
);
