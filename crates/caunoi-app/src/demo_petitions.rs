//! Demo petitions written for this project: agencies of the city, petitions from a voter meeting
//! and online, in every state from received to closed, one overdue. Made-up content.

use crate::petitions::{self, ActInput, MeetingInput, OnlineInput, SubmitMeta};
use crate::{App, AppResult, Ctx};
use caunoi_store::{councils, petitions as store};

pub(crate) async fn seed(app: &App, ctx: &Ctx) -> AppResult<()> {
    let agencies = [
        ("ubnd-thanh-pho", "UBND Thành phố Hà Nội"),
        ("so-xay-dung", "Sở Xây dựng"),
        ("so-nong-nghiep-moi-truong", "Sở Nông nghiệp và Môi trường"),
        ("so-y-te", "Sở Y tế"),
        ("so-giao-duc", "Sở Giáo dục và Đào tạo"),
    ];
    let (council, meeting) = {
        let mut tx = app.db.write().await?;
        let council = councils::primary(&mut tx)
            .await?
            .ok_or(crate::AppError::NotFound("council"))?;
        for (slug, name) in agencies {
            store::insert_agency(&mut tx, council.id, slug, name, None).await?;
        }
        tx.commit().await?;
        let mut tx = app.db.read().await?;
        let meeting = caunoi_store::events::list(
            &mut tx,
            &caunoi_store::events::EventFilter {
                kind: Some("voter_meeting".into()),
                ..Default::default()
            },
            1,
            1,
        )
        .await?
        .items
        .into_iter()
        .next();
        (council, meeting)
    };
    let agency = |slug: &str| {
        let app = app.clone();
        let slug = slug.to_owned();
        let council_id = council.id;
        async move {
            let mut tx = app.db.read().await?;
            Ok::<_, crate::AppError>(
                store::agencies(&mut tx, council_id)
                    .await?
                    .into_iter()
                    .find(|a| a.slug == slug)
                    .map(|a| a.id.to_string())
                    .unwrap_or_default(),
            )
        }
    };
    let act = |id: i64, input: ActInput| {
        let app = app.clone();
        let ctx = ctx.clone();
        async move { petitions::act(&app, &ctx, id, &input).await }
    };
    let mut ids = Vec::new();
    if let Some(m) = &meeting {
        for (title, field, voters) in [
            (
                "Đề nghị sớm sửa chữa tuyến đường liên phường bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông",
                "giao-thong",
                "12",
            ),
            (
                "Đề nghị bố trí thêm điểm tập kết rác có mái che tại khu dân cư",
                "moi-truong",
                "5",
            ),
            (
                "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã nộp hồ sơ từ năm 2023",
                "dat-dai",
                "8",
            ),
            (
                "Đề nghị tăng thời gian khám bệnh ngoài giờ tại trạm y tế phường",
                "y-te",
                "3",
            ),
        ] {
            let s = petitions::record_from_meeting(
                app,
                ctx,
                m.id,
                &MeetingInput {
                    title: title.into(),
                    body: format!(
                        "Cử tri tại buổi tiếp xúc phản ánh: {}.",
                        title.to_lowercase()
                    ),
                    field: field.into(),
                    voters: voters.into(),
                    commune: String::new(),
                },
            )
            .await?;
            ids.push(s.id);
        }
    }
    let online = petitions::submit_online(app, ctx, &OnlineInput {
        title: "Đèn chiếu sáng ngõ 12 phố Đội Cấn không hoạt động".into(),
        body: "Đã hơn một tháng nay toàn bộ đèn chiếu sáng trong ngõ không sáng, buổi tối người dân đi lại rất khó khăn và mất an ninh.".into(),
        field: "xay-dung-do-thi".into(),
        commune: "Phường Ba Đình".into(),
        place: "Ngõ 12 phố Đội Cấn".into(),
        name: "Người dân (dữ liệu mẫu)".into(),
        email: "cu-tri@demo.caunoi.vn".into(),
        consent: Some("on".into()),
        ..Default::default()
    }, &SubmitMeta::default()).await?;
    petitions::moderate(app, ctx, online.id, true).await?;
    ids.push(online.id);
    // Move them along: one closed, one published, one answered, one forwarded, one received.
    let steps: [&[&str]; 5] = [
        &["classify", "forward", "answer", "publish", "close"],
        &["classify", "forward", "answer", "publish"],
        &["classify", "forward", "answer"],
        &["classify", "forward"],
        &[],
    ];
    let fields = [
        "giao-thong",
        "moi-truong",
        "dat-dai",
        "y-te",
        "xay-dung-do-thi",
    ];
    let agencies_for = [
        "so-xay-dung",
        "so-nong-nghiep-moi-truong",
        "ubnd-thanh-pho",
        "so-y-te",
        "so-xay-dung",
    ];
    for (i, id) in ids.iter().enumerate() {
        for step in steps[i % steps.len()] {
            let mut input = ActInput {
                action: (*step).into(),
                ..Default::default()
            };
            match *step {
                "classify" => input.field = fields[i % fields.len()].into(),
                "forward" => input.agency = agency(agencies_for[i % agencies_for.len()]).await?,
                "answer" => {
                    input.answer = "Cơ quan đã kiểm tra thực tế và bố trí kinh phí thực hiện trong quý tới; kết quả sẽ được thông báo tới cử tri.".into();
                    input.answer_kind = "in_progress".into();
                    let promised = crate::registry::today() + time::Duration::days(60);
                    input.promised_on = format!(
                        "{:02}/{:02}/{}",
                        promised.day(),
                        u8::from(promised.month()),
                        promised.year()
                    );
                }
                _ => {}
            }
            act(*id, input).await?;
        }
    }
    Ok(())
}
