//! Messages of the petition figures: public pages per agency and field, the office's dashboard
//! and its reports.

pub const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "pst.agencies",
        "Kết quả trả lời kiến nghị theo cơ quan",
        "Answers to petitions by agency",
    ),
    (
        "pst.fields",
        "Kiến nghị theo lĩnh vực",
        "Petitions by field",
    ),
    (
        "pst.intro",
        "Số liệu tính từ các kiến nghị đã công khai trên Cổng, cập nhật theo thời gian thực. Không có thông tin cá nhân của người kiến nghị.",
        "Figures from the petitions published on this portal, up to date. No personal data of petitioners.",
    ),
    ("pst.agency", "Cơ quan", "Agency"),
    ("pst.field", "Lĩnh vực", "Field"),
    ("pst.received", "Đã nhận", "Received"),
    ("pst.answered", "Đã trả lời", "Answered"),
    ("pst.on_time", "Tỷ lệ trả lời đúng hạn", "Answered on time"),
    (
        "pst.avg_days",
        "Thời gian trả lời trung bình",
        "Average time to answer",
    ),
    ("pst.resolved", "Tỷ lệ đã giải quyết", "Share resolved"),
    (
        "pst.rated",
        "Cử tri xác nhận đã giải quyết",
        "Confirmed resolved by voters",
    ),
    ("pst.overdue", "Đang quá hạn", "Overdue now"),
    ("pst.not_enough", "chưa đủ số liệu", "not enough data"),
    ("pst.workdays", "ngày làm việc", "working days"),
    ("pst.total", "Toàn Hội đồng", "Whole council"),
    (
        "pst.definitions",
        "Cách tính",
        "How the figures are computed",
    ),
    (
        "pst.def.received",
        "Kiến nghị đã được tiếp nhận và công khai, không tính kiến nghị không thụ lý; các kiến nghị trùng lặp đã gộp nhóm chỉ tính một lần.",
        "Petitions received and made public, rejected ones excluded; duplicates merged into a group count once.",
    ),
    (
        "pst.def.on_time",
        "Trong số kiến nghị đã trả lời, tỷ lệ được trả lời trong thời hạn (tính theo ngày làm việc kể từ ngày chuyển cơ quan giải quyết).",
        "Of the answered petitions, the share answered within the deadline (counted in working days from forwarding).",
    ),
    (
        "pst.def.avg",
        "Số ngày làm việc trung bình từ ngày chuyển đến ngày trả lời, không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù.",
        "Average working days from forwarding to answer; weekends, public holidays and the days off in lieu excluded.",
    ),
    (
        "pst.def.resolved",
        "Trong số kiến nghị đã trả lời, tỷ lệ cơ quan trả lời là đã giải quyết xong. Bên cạnh là tỷ lệ cử tri xác nhận đã được giải quyết, trong số câu trả lời được cử tri đánh giá.",
        "Of the answered petitions, the share the agency answered as resolved. Beside it, of the answers voters rated, the share they rated resolved.",
    ),
    (
        "pst.def.overdue",
        "Kiến nghị đang chờ trả lời đã quá hạn tính đến hôm nay.",
        "Petitions awaiting an answer past their deadline today.",
    ),
    (
        "pst.def.minimum",
        "Các tỷ lệ chỉ hiển thị khi có từ {n} câu trả lời trở lên (với đánh giá của cử tri: từ {n} đánh giá), để một vài trường hợp không quyết định thứ hạng của một cơ quan.",
        "Rates are shown only from {n} answers (for voters' ratings: {n} ratings), so that a few cases cannot rank an agency.",
    ),
    (
        "pst.def.minimum_title",
        "Số liệu tối thiểu",
        "Minimum count",
    ),
    ("pst.by_agency", "Theo cơ quan", "By agency"),
    ("pst.by_field", "Theo lĩnh vực", "By field"),
    ("pst.recent", "Kiến nghị gần đây", "Recent petitions"),
    (
        "pst.all_petitions",
        "Xem tất cả kiến nghị",
        "See all petitions",
    ),
    ("pst.figures", "Số liệu", "Figures"),
    ("pst.of", "trên", "of"),
    // The office's dashboard.
    ("pst.dashboard", "Thống kê kiến nghị", "Petition statistics"),
    ("pst.council", "Hội đồng nhân dân", "People's council"),
    ("pst.from", "Từ tháng", "From month"),
    ("pst.to", "Đến tháng", "To month"),
    (
        "pst.month_hint",
        "Dạng NNNN-TT, ví dụ 2026-01",
        "As YYYY-MM, e.g. 2026-01",
    ),
    ("pst.show", "Xem", "Show"),
    (
        "pst.by_month",
        "Số kiến nghị nhận theo tháng",
        "Petitions received by month",
    ),
    ("pst.month", "Tháng", "Month"),
    (
        "pst.chart_months_desc",
        "Biểu đồ cột: số kiến nghị nhận được mỗi tháng. Số liệu chi tiết ở bảng ngay sau biểu đồ.",
        "Bar chart: petitions received each month. The figures are in the table after the chart.",
    ),
    (
        "pst.chart_fields_desc",
        "Biểu đồ thanh: số kiến nghị theo từng lĩnh vực. Số liệu chi tiết ở bảng ngay sau biểu đồ.",
        "Bar chart: petitions per field. The figures are in the table after the chart.",
    ),
    (
        "pst.timeliness",
        "Tỷ lệ trả lời đúng hạn theo cơ quan",
        "On-time answers by agency",
    ),
    (
        "pst.chart_timeliness_desc",
        "Biểu đồ thanh: tỷ lệ trả lời đúng hạn của từng cơ quan có đủ số liệu. Số liệu chi tiết ở bảng ngay sau biểu đồ.",
        "Bar chart: the share of on-time answers of each agency with enough data. The figures are in the table after the chart.",
    ),
    (
        "pst.no_chart",
        "Chưa có cơ quan nào đủ số liệu để vẽ biểu đồ.",
        "No agency has enough data for a chart yet.",
    ),
    ("pst.period", "Kỳ số liệu", "Period"),
    ("pst.reports", "Báo cáo theo kỳ họp", "Reports by session"),
    // Reports.
    (
        "pst.reports_intro",
        "Tải báo cáo tổng hợp ý kiến, kiến nghị của cử tri gửi tới một kỳ họp, và báo cáo kết quả trả lời các kiến nghị đó (báo cáo tại kỳ họp tiếp theo), dạng Word (.docx) hoặc Excel (.xlsx).",
        "Download the compilation of voters' petitions sent to a session, and the report on their answers (for the next session), as Word (.docx) or Excel (.xlsx).",
    ),
    (
        "pst.reports_scope",
        "Báo cáo tổng hợp gồm kiến nghị ghi nhận tại các cuộc tiếp xúc cử tri trước kỳ họp gắn với kỳ họp đó, và kiến nghị gửi bằng hình thức khác (trực tuyến…) từ khi bế mạc kỳ họp trước đến trước ngày khai mạc.",
        "The compilation holds the petitions recorded at the voter meetings before the session linked to it, and those sent another way (online…) from the end of the previous session until it opens.",
    ),
    ("pst.session", "Kỳ họp", "Session"),
    ("pst.opens", "Khai mạc", "Opens"),
    ("pst.compilation", "Báo cáo tổng hợp", "Compilation"),
    ("pst.answers", "Kết quả trả lời", "Answers"),
    (
        "pst.no_sessions",
        "Hội đồng chưa có kỳ họp nào trong sổ đăng ký.",
        "The council has no session in the registry yet.",
    ),
];
