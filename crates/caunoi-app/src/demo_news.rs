//! Demo newsroom content written for this project: a few published articles, a special
//! section, a draft waiting for review and the contributors' guidance. Made-up events, no real
//! people.

use crate::articles::Draft;
use crate::articles::desk::{self, ActInput};
use crate::{App, AppResult, Ctx};
use caunoi_domain::article::ArticleAction;
use caunoi_store::{articles, councils, now};

struct Story {
    category: &'static str,
    title: &'static str,
    lead: &'static str,
    body: &'static str,
    tags: &'static [&'static str],
}

const STORIES: &[Story] = &[
    Story {
        category: "ky-hop",
        title: "Khai mạc kỳ họp thứ nhất HĐND Thành phố khóa XVII",
        lead: "Sáng nay, HĐND Thành phố khai mạc kỳ họp thứ nhất, bầu các chức danh của Thường trực HĐND và các Ban cho nhiệm kỳ 2026–2031.",
        body: "Kỳ họp diễn ra trong hai ngày tại hội trường trụ sở HĐND Thành phố, được truyền hình trực tiếp để cử tri theo dõi.\n\nTheo chương trình, các đại biểu xem xét tờ trình về cơ cấu tổ chức của các Ban, quy chế hoạt động của HĐND khóa mới và kế hoạch tiếp xúc cử tri sau kỳ họp.\n\n## Cử tri gửi gắm nhiều kỳ vọng\n\nTrước kỳ họp, Thường trực HĐND đã tổng hợp hơn 300 ý kiến, kiến nghị của cử tri, tập trung vào đất đai, giao thông đô thị và môi trường.",
        tags: &["kỳ họp", "nhiệm kỳ 2026–2031"],
    },
    Story {
        category: "giam-sat",
        title: "Giám sát việc xử lý rác thải tại các xã ven đô",
        lead: "Đoàn giám sát của Ban Đô thị làm việc với một số xã về thu gom, vận chuyển và xử lý rác thải sinh hoạt.",
        body: "Tại buổi làm việc, đại diện các xã báo cáo khối lượng rác phát sinh tăng nhanh, trong khi điểm tập kết tạm còn thiếu.\n\nĐoàn giám sát đề nghị các xã rà soát lịch thu gom, công khai số điện thoại phản ánh và phối hợp với đơn vị vệ sinh môi trường để không để rác tồn đọng qua ngày.\n\nKết quả giám sát sẽ được báo cáo tại kỳ họp gần nhất.",
        tags: &["môi trường", "giám sát"],
    },
    Story {
        category: "tiep-xuc-cu-tri",
        title: "Cử tri phường Ba Đình kiến nghị về chỗ đỗ xe trong khu dân cư",
        lead: "Tại buổi tiếp xúc cử tri trước kỳ họp, nhiều ý kiến đề nghị sớm bố trí điểm trông giữ xe và xử lý lấn chiếm vỉa hè.",
        body: "Buổi tiếp xúc có sự tham dự của các đại biểu HĐND Thành phố ứng cử tại đơn vị bầu cử và đại diện Ủy ban Mặt trận Tổ quốc phường.\n\nCử tri cũng đề nghị cải tạo hệ thống thoát nước tại một số ngõ thường xuyên ngập khi mưa lớn.\n\nCác kiến nghị đã được ghi nhận, tổng hợp và chuyển đến cơ quan có thẩm quyền để trả lời theo quy định.",
        tags: &["giao thông", "tiếp xúc cử tri"],
    },
    Story {
        category: "hoat-dong-hdnd",
        title: "Thường trực HĐND Thành phố giao ban trực tuyến với HĐND cấp xã",
        lead: "Hội nghị giao ban quý IV được tổ chức trực tuyến tới 126 điểm cầu xã, phường, đánh giá việc triển khai nhiệm vụ sau sắp xếp đơn vị hành chính.",
        body: "Các điểm cầu trao đổi về việc tổ chức kỳ họp, hoạt động giám sát và tiếp công dân ở cấp xã sau ngày 01/7/2025.\n\nThường trực HĐND Thành phố đề nghị HĐND các xã, phường tăng cường công khai thông tin hoạt động trên cổng thông tin để cử tri dễ theo dõi.",
        tags: &["giao ban", "cấp xã"],
    },
    Story {
        category: "tin-co-so",
        title: "Xã Sóc Sơn tổ chức tiếp công dân định kỳ",
        lead: "Đại biểu HĐND xã tiếp công dân tại trụ sở, ghi nhận các ý kiến về đất đai và chính sách an sinh xã hội.",
        body: "Buổi tiếp công dân diễn ra theo lịch công khai từ đầu tháng.\n\nCác ý kiến thuộc thẩm quyền của xã được trả lời ngay; ý kiến khác được chuyển đến cơ quan có thẩm quyền xem xét, giải quyết.",
        tags: &["tiếp công dân"],
    },
];

const GUIDANCE: &str = "## Gửi tin cho Ban biên tập\n\n- Tiêu đề ngắn, nói rõ sự việc.\n- Sa-pô trả lời: ai, làm gì, ở đâu, khi nào.\n- Ghi nguồn và tên tác giả ảnh.\n- Không đưa thông tin cá nhân của công dân khi chưa được đồng ý.";

/// Writes the demo newsroom through the same use cases staff use, so the demo shows the real
/// workflow: drafts, review, publication.
pub async fn seed(app: &App, contributor: &Ctx, editor: &Ctx, publisher: &Ctx) -> AppResult<()> {
    for s in STORIES {
        let id = desk::create(app, contributor, Some("01"), draft(s)).await?;
        desk::act(
            app,
            contributor,
            id,
            ArticleAction::Submit,
            ActInput::default(),
        )
        .await?;
        desk::act(app, editor, id, ArticleAction::Approve, ActInput::default()).await?;
        desk::act(
            app,
            publisher,
            id,
            ArticleAction::Publish,
            ActInput::default(),
        )
        .await?;
    }
    let waiting = desk::create(
        app,
        contributor,
        Some("01"),
        Draft {
            title: "Cử tri xã Đông Anh quan tâm tiến độ cải tạo trường học".into(),
            lead: "Nhiều ý kiến đề nghị sớm hoàn thành các phòng học mới trước năm học tới.".into(),
            body: "Bài viết đang chờ Ban biên tập duyệt.".into(),
            category: "tiep-xuc-cu-tri".into(),
            tags: vec!["giáo dục".into()],
            source: None,
            credit: Some("Cộng tác viên (demo)".into()),
        },
    )
    .await?;
    desk::act(
        app,
        contributor,
        waiting,
        ArticleAction::Submit,
        ActInput::default(),
    )
    .await?;
    desk::set_guidance(app, editor, Some("01"), GUIDANCE).await?;
    let t = now();
    let mut tx = app.db.write().await?;
    if let Some(council) = councils::find_by_unit_code(&mut tx, "01").await? {
        let section = articles::insert_section(
            &mut tx,
            council.id,
            "nhiem-ky-2026-2031",
            "Nhiệm kỳ 2026–2031",
            "Hoạt động của HĐND Thành phố khóa XVII.",
            t,
        )
        .await?;
        for a in articles::list_public(&mut tx, &Default::default(), t, 1, 10)
            .await?
            .items
        {
            if a.category_slug == "ky-hop" || a.category_slug == "hoat-dong-hdnd" {
                articles::add_to_section(&mut tx, section, a.id).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

fn draft(s: &Story) -> Draft {
    Draft {
        title: s.title.into(),
        lead: s.lead.into(),
        body: s.body.into(),
        category: s.category.into(),
        tags: s.tags.iter().map(|t| (*t).to_owned()).collect(),
        source: Some("Văn phòng Đoàn ĐBQH và HĐND Thành phố (demo)".into()),
        credit: Some("Ban Biên tập (demo)".into()),
    }
}
