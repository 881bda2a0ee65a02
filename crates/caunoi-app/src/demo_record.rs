//! Demo activities and resolutions written for this project, placed around today's date so the
//! calendar always has something past and something coming. Made-up content, real shapes.

use crate::events::{self, EventInput, QuestionInput};
use crate::resolutions::{self, ResolutionInput};
use crate::{App, AppResult, Ctx};
use caunoi_store::registry::SeatFilter;
use time::{Date, Duration};

fn d(day: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        day.day(),
        u8::from(day.month()),
        day.year()
    )
}

pub(crate) async fn seed(app: &App, ctx: &Ctx) -> AppResult<()> {
    let today = crate::registry::today();
    let event = |kind: &str, title: &str, start: Date, days: i64, place: &str| EventInput {
        council: crate::demo::DEMO_UNIT.into(),
        kind: kind.into(),
        title: title.into(),
        start_date: d(start),
        start_time: "08:00".into(),
        end_date: d(start + Duration::days(days)),
        end_time: "17:00".into(),
        place: place.into(),
        state: "published".into(),
        ..EventInput::default()
    };
    let hall = "Hội trường Trụ sở HĐND – UBND Thành phố, 12 Lê Lai, Hoàn Kiếm";
    let past_session = events::save(app, ctx, None, &EventInput {
        session_kind: "regular".into(),
        summary: "Kỳ họp thường lệ giữa năm: xem xét tình hình kinh tế – xã hội sáu tháng đầu năm, quyết định các chính sách thuộc thẩm quyền và tiến hành chất vấn.".into(),
        stream_url: "https://truyenhinh.example.vn/truc-tiep/ky-hop".into(),
        agenda: "Khai mạc kỳ họp\nBáo cáo tình hình kinh tế – xã hội 6 tháng đầu năm\nThảo luận tại tổ\nPhiên chất vấn và trả lời chất vấn\nBiểu quyết thông qua các nghị quyết\nBế mạc kỳ họp".into(),
        minutes_md: "Kỳ họp đã hoàn thành toàn bộ chương trình đề ra, thông qua **3 nghị quyết**.".into(),
        ..event("session", "Kỳ họp thứ hai HĐND Thành phố khóa XVII", today - Duration::days(130), 2, hall)
    }).await?;
    let next_session = events::save(app, ctx, None, &EventInput {
        session_kind: "regular".into(),
        summary: "Kỳ họp thường lệ cuối năm: quyết định dự toán ngân sách và kế hoạch đầu tư công năm sau.".into(),
        agenda: "Khai mạc kỳ họp\nBáo cáo kết quả thực hiện nhiệm vụ năm và kế hoạch năm tới\nDự toán ngân sách địa phương\nChất vấn và trả lời chất vấn\nBế mạc kỳ họp".into(),
        ..event("session", "Kỳ họp thứ ba HĐND Thành phố khóa XVII", today + Duration::days(12), 2, hall)
    }).await?;
    let qt = events::save(
        app,
        ctx,
        None,
        &EventInput {
            summary: "Chất vấn về quản lý trật tự xây dựng và xử lý công trình vi phạm.".into(),
            session_id: past_session.to_string(),
            ..event(
                "question_time",
                "Phiên chất vấn về quản lý trật tự xây dựng",
                today - Duration::days(129),
                0,
                hall,
            )
        },
    )
    .await?;
    let sup = events::save(app, ctx, None, &EventInput {
        summary: "Giám sát việc thu gom, vận chuyển và xử lý rác thải sinh hoạt trên địa bàn Thành phố.".into(),
        organisers: "Ban Đô thị HĐND Thành phố".into(),
        report_md: "Đoàn giám sát ghi nhận tỷ lệ thu gom đạt cao ở khu vực nội đô; một số xã còn điểm tập kết tự phát.".into(),
        ..event("supervision", "Giám sát chuyên đề về xử lý rác thải sinh hoạt", today - Duration::days(60), 20, "Các xã, phường trên địa bàn Thành phố")
    }).await?;
    let reception = events::save(
        app,
        ctx,
        None,
        &EventInput {
            received_total: "14".into(),
            ..event(
                "citizen_reception",
                "Tiếp công dân định kỳ của Thường trực HĐND Thành phố",
                today - Duration::days(10),
                0,
                "Trụ sở Tiếp công dân Thành phố",
            )
        },
    )
    .await?;
    events::save(
        app,
        ctx,
        None,
        &event(
            "citizen_reception",
            "Tiếp công dân định kỳ tháng tới",
            today + Duration::days(20),
            0,
            "Trụ sở Tiếp công dân Thành phố",
        ),
    )
    .await?;
    let communes = {
        let mut tx = app.db.read().await?;
        caunoi_store::units::children(&mut tx, Some(crate::demo::DEMO_UNIT), false, 1, 3)
            .await?
            .items
    };
    for (i, c) in communes.iter().enumerate() {
        events::save(app, ctx, None, &EventInput {
            unit: c.code.clone(),
            session_id: next_session.to_string(),
            session_timing: "before".into(),
            organisers: "Thường trực HĐND Thành phố phối hợp Ủy ban MTTQ Việt Nam Thành phố".into(),
            summary: "Tổ đại biểu tiếp xúc cử tri trước kỳ họp, báo cáo dự kiến chương trình kỳ họp và lắng nghe ý kiến, kiến nghị của cử tri.".into(),
            ..event("voter_meeting", &format!("Tiếp xúc cử tri {}", c.name), today + Duration::days(2 + i as i64 * 2), 0, &format!("Nhà văn hóa {}", c.name))
        }).await?;
    }
    events::save(
        app,
        ctx,
        None,
        &EventInput {
            session_kind: "thematic".into(),
            state: "draft".into(),
            ..event(
                "session",
                "Kỳ họp chuyên đề (dự kiến, chưa công bố)",
                today + Duration::days(40),
                0,
                hall,
            )
        },
    )
    .await?;

    // Attendance, questions, recommendations, reception counts.
    let seats = {
        let mut tx = app.db.read().await?;
        let council = caunoi_store::councils::primary(&mut tx)
            .await?
            .ok_or(crate::AppError::NotFound("council"))?;
        caunoi_store::registry::seats(
            &mut tx,
            &SeatFilter {
                council_id: Some(council.id),
                ..SeatFilter::default()
            },
        )
        .await?
    };
    let delegates: Vec<i64> = seats
        .iter()
        .filter(|(p, _)| p.organization_kind == "council")
        .map(|(p, _)| p.person_id)
        .collect();
    let attendance: Vec<(i64, String, String)> = delegates
        .iter()
        .enumerate()
        .map(|(i, id)| {
            (
                *id,
                if i == 0 { "chairing" } else { "delegate" }.to_owned(),
                match i {
                    5 => "excused",
                    _ => "present",
                }
                .to_owned(),
            )
        })
        .collect();
    events::set_participants(app, ctx, past_session, &attendance).await?;
    if delegates.len() > 10 {
        events::set_participants(
            app,
            ctx,
            reception,
            &[
                (delegates[0], "receiving".into(), String::new()),
                (delegates[1], "receiving".into(), String::new()),
            ],
        )
        .await?;
        events::set_participants(
            app,
            ctx,
            sup,
            &delegates[6..10]
                .iter()
                .map(|id| (*id, "team".to_owned(), String::new()))
                .collect::<Vec<_>>(),
        )
        .await?;
        for (asker, topic, body, answer) in [
            (
                delegates[7],
                "Trật tự xây dựng",
                "Đề nghị Giám đốc Sở Xây dựng cho biết giải pháp xử lý dứt điểm các công trình vi phạm trật tự xây dựng kéo dài?",
                "Sở đã rà soát, lập hồ sơ và sẽ xử lý dứt điểm trong quý tới; kết quả được báo cáo Thường trực HĐND.",
            ),
            (
                delegates[9],
                "Cấp phép xây dựng",
                "Thời gian cấp giấy phép xây dựng nhà ở riêng lẻ còn dài; Sở có giải pháp gì để rút ngắn?",
                "",
            ),
        ] {
            events::add_question(
                app,
                ctx,
                qt,
                &QuestionInput {
                    asker_id: asker.to_string(),
                    official: "Giám đốc Sở Xây dựng".into(),
                    agency: "Sở Xây dựng".into(),
                    topic: topic.into(),
                    body: body.into(),
                    answer: answer.into(),
                    follow_up: String::new(),
                },
            )
            .await?;
        }
    }
    for (body, status) in [
        (
            "Bố trí đủ điểm tập kết rác có mái che tại các xã ngoại thành.",
            "in_progress",
        ),
        (
            "Công khai lịch thu gom rác trên Cổng thông tin của từng xã, phường.",
            "open",
        ),
    ] {
        events::save_recommendation(app, ctx, sup, None, body, "UBND Thành phố", status, "")
            .await?;
    }
    events::set_reception(
        app,
        ctx,
        reception,
        "Đất đai: 6\nXây dựng: 3\nChế độ chính sách: 3\nMôi trường: 2",
    )
    .await?;

    // Resolutions: one replaced, one amended, an individual one, a draft.
    let adopted = today - Duration::days(128);
    let res =
        |number: &str, title: &str, field: &str, adopted_on: Date, effective_on: Option<Date>| {
            ResolutionInput {
                council: crate::demo::DEMO_UNIT.into(),
                number: number.into(),
                title: title.into(),
                field: field.into(),
                adopted_on: d(adopted_on),
                effective_on: effective_on.map(d).unwrap_or_default(),
                session_id: String::new(),
                state: "published".into(),
                ..ResolutionInput::default()
            }
        };
    let old_year = adopted.year() - 2;
    let old_day = Date::from_calendar_date(old_year, time::Month::July, 10).unwrap_or(adopted);
    resolutions::save(app, ctx, None, &ResolutionInput {
        body_md: "**Điều 1.** Quy định mức thu học phí đối với cơ sở giáo dục công lập.\n\n**Điều 2.** Nghị quyết có hiệu lực sau 10 ngày kể từ ngày thông qua.".into(),
        ..res(&format!("5/{old_year}/NQ-HĐND"), "Quy định mức thu học phí đối với cơ sở giáo dục công lập", "Giáo dục", old_day, Some(old_day + Duration::days(10)))
    }).await?;
    let y = adopted.year();
    resolutions::save(app, ctx, None, &ResolutionInput {
        body_md: "**Điều 1.** Quy định mức thu học phí mới đối với cơ sở giáo dục công lập, thay thế quy định trước đây.".into(),
        session_id: past_session.to_string(),
        replaces: format!("5/{old_year}/NQ-HĐND"),
        ..res(&format!("12/{y}/NQ-HĐND"), "Quy định mức thu học phí đối với cơ sở giáo dục công lập từ năm học mới", "Giáo dục", adopted, Some(adopted + Duration::days(10)))
    }).await?;
    resolutions::save(
        app,
        ctx,
        None,
        &ResolutionInput {
            body_md: "**Điều 1.** Quy định mức thu phí tham quan di tích trên địa bàn Thành phố."
                .into(),
            session_id: past_session.to_string(),
            ..res(
                &format!("13/{y}/NQ-HĐND"),
                "Quy định mức thu phí tham quan di tích",
                "Tài chính – Ngân sách",
                adopted,
                Some(adopted + Duration::days(10)),
            )
        },
    )
    .await?;
    resolutions::save(
        app,
        ctx,
        None,
        &ResolutionInput {
            body_md: "**Điều 1.** Sửa đổi mức thu phí tham quan đối với người cao tuổi.".into(),
            amends: format!("13/{y}/NQ-HĐND"),
            ..res(
                &format!("20/{}/NQ-HĐND", (adopted + Duration::days(60)).year()),
                "Sửa đổi một số điều của Nghị quyết quy định mức thu phí tham quan di tích",
                "Tài chính – Ngân sách",
                adopted + Duration::days(60),
                Some(adopted + Duration::days(70)),
            )
        },
    )
    .await?;
    resolutions::save(
        app,
        ctx,
        None,
        &ResolutionInput {
            session_id: past_session.to_string(),
            body_md: "**Điều 1.** Thông qua Chương trình giám sát của HĐND Thành phố năm tới."
                .into(),
            ..res(
                "85/NQ-HĐND",
                "Chương trình giám sát của HĐND Thành phố năm tới",
                "Giám sát",
                adopted,
                None,
            )
        },
    )
    .await?;
    resolutions::save(
        app,
        ctx,
        None,
        &ResolutionInput {
            state: "draft".into(),
            ..res(
                &format!("30/{}/NQ-HĐND", today.year()),
                "Dự thảo nghị quyết về dự toán ngân sách (chưa thông qua)",
                "Tài chính – Ngân sách",
                today,
                None,
            )
        },
    )
    .await?;
    Ok(())
}
