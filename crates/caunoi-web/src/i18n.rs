//! The language of the frame and forms: Vietnamese first, English on request.
//! Messages live in one table so a missing translation is visible in one place.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// Text of `key` in this language; an unknown key shows itself so it is noticed.
    pub fn t(self, key: &str) -> &'static str {
        match all_messages().find(|(k, _, _)| *k == key) {
            Some((_, vi, en)) => match self {
                Lang::Vi => vi,
                Lang::En => en,
            },
            None => "??",
        }
    }
}

mod petitions_api;
mod petitions_followup;
mod petitions_groups;
mod petitions_media;
mod petitions_site;
mod petitions_stats;
mod petitions_workspace;
mod record_site;
mod record_workspace;

/// Every table: the foundation's and newsroom's below, and one per later area, so areas built
/// side by side do not edit the same list.
fn all_messages() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    MESSAGES
        .iter()
        .chain(record_site::MESSAGES)
        .chain(record_workspace::MESSAGES)
        .chain(petitions_site::MESSAGES)
        .chain(petitions_workspace::MESSAGES)
        .chain(petitions_api::MESSAGES)
        .chain(petitions_followup::MESSAGES)
        .chain(petitions_groups::MESSAGES)
        .chain(petitions_stats::MESSAGES)
        .chain(petitions_media::MESSAGES)
}

/// (key, Vietnamese, English)
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("skip", "Bỏ qua, đến nội dung chính", "Skip to main content"),
    ("nav", "Điều hướng chính", "Main navigation"),
    ("nav.home", "Trang chủ", "Home"),
    ("nav.news", "Tin tức", "News"),
    ("nav.delegates", "Đại biểu", "Delegates"),
    ("nav.sessions", "Kỳ họp", "Sessions"),
    ("nav.resolutions", "Nghị quyết", "Resolutions"),
    ("nav.petitions", "Kiến nghị", "Petitions"),
    ("nav.calendar", "Lịch", "Calendar"),
    ("nav.search", "Tìm kiếm", "Search"),
    ("nav.units", "Đơn vị hành chính", "Administrative units"),
    ("lang.switch", "English", "Tiếng Việt"),
    (
        "lang.switch.label",
        "Switch to English",
        "Chuyển sang tiếng Việt",
    ),
    ("sign_in", "Đăng nhập", "Sign in"),
    ("sign_out", "Đăng xuất", "Sign out"),
    ("workspace", "Khu làm việc", "Workspace"),
    ("email", "E-mail", "E-mail"),
    ("password", "Mật khẩu", "Password"),
    (
        "sign_in.title",
        "Đăng nhập dành cho cán bộ",
        "Staff sign-in",
    ),
    (
        "sign_in.lead",
        "Dành cho đại biểu, cán bộ Văn phòng, cộng tác viên, cơ quan trả lời và phóng viên đã được cấp tài khoản.",
        "For delegates, office staff, contributors, agencies and press who have been given an account.",
    ),
    (
        "sign_in.bad",
        "E-mail hoặc mật khẩu không đúng.",
        "The e-mail or password is not correct.",
    ),
    (
        "sign_in.throttled",
        "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
        "Too many failed attempts. Please try again in 15 minutes.",
    ),
    ("footer.about", "Cổng thông tin điện tử", "Web portal"),
    (
        "footer.note",
        "Cầu Nối: cầu nối giữa Hội đồng nhân dân với cử tri và nhân dân.",
        "Cầu Nối: the bridge between the people's council and its voters.",
    ),
    ("footer.open_data", "Dữ liệu mở (API)", "Open data (API)"),
    ("home.bodies", "Cơ cấu tổ chức", "Organisation"),
    ("home.children", "HĐND cấp xã", "Commune councils"),
    ("home.parent", "HĐND cấp trên", "Council above"),
    ("home.term", "Nhiệm kỳ", "Term"),
    ("home.members", "thành viên", "members"),
    (
        "home.news_empty",
        "Chưa có tin bài nào được đăng.",
        "No articles have been published yet.",
    ),
    ("delegates.title", "Đại biểu", "Delegates"),
    (
        "delegates.empty",
        "Chưa có danh sách đại biểu của nhiệm kỳ này.",
        "No delegates are listed for this term yet.",
    ),
    ("delegates.born", "Năm sinh", "Born"),
    ("role.chair", "Chủ tịch", "Chair"),
    ("role.vice_chair", "Phó Chủ tịch", "Vice-chair"),
    ("role.member", "Đại biểu", "Delegate"),
    ("role.group_head", "Tổ trưởng", "Group head"),
    ("units.title", "Đơn vị hành chính", "Administrative units"),
    ("units.code", "Mã", "Code"),
    ("units.name", "Tên", "Name"),
    ("units.kind", "Loại", "Kind"),
    (
        "units.abolished",
        "Đã giải thể hoặc sáp nhập",
        "Abolished or merged",
    ),
    ("units.successors", "Nay thuộc", "Now part of"),
    (
        "units.show_abolished",
        "Hiện cả đơn vị cũ (trước 01/7/2025)",
        "Also show former units (before 1 July 2025)",
    ),
    ("units.council", "Trang HĐND", "Council site"),
    ("search.title", "Tìm kiếm", "Search"),
    (
        "search.label",
        "Từ khóa (gõ có dấu hoặc không dấu)",
        "Keywords (with or without accents)",
    ),
    ("search.button", "Tìm", "Search"),
    ("search.units", "Đơn vị hành chính", "Administrative units"),
    ("search.kind", "Loại", "Kind"),
    ("search.kind.article", "Tin bài", "Article"),
    (
        "search.kind.unit",
        "Đơn vị hành chính",
        "Administrative unit",
    ),
    ("search.kind.other", "Khác", "Other"),
    ("search.year", "Năm", "Year"),
    ("search.filters", "Lọc kết quả", "Filter results"),
    ("search.results", "kết quả", "results"),
    ("search.by_date", "Xếp theo mới nhất", "Newest first"),
    (
        "search.by_relevance",
        "Xếp theo mức phù hợp",
        "Best match first",
    ),
    (
        "search.did_you_mean",
        "Có phải bạn muốn tìm",
        "Did you mean",
    ),
    (
        "search.too_long",
        "Từ khóa quá dài nên chỉ phần đầu được dùng để tìm.",
        "The query was too long; only its beginning was used.",
    ),
    (
        "search.only_operators",
        "Hãy gõ từ cần tìm, không chỉ các dấu hay toán tử.",
        "Type words to search for, not only symbols or operators.",
    ),
    (
        "search.unbalanced",
        "Dấu ngoặc kép chưa đóng nên các từ được tìm riêng lẻ.",
        "A quote was not closed, so the words were searched separately.",
    ),
    (
        "search.tips",
        "Gợi ý: thử từ ngắn hơn, bỏ bớt bộ lọc, hoặc gõ không dấu (ví dụ “giam sat moi truong”).",
        "Tips: try fewer words, remove filters, or type without accents (e.g. “giam sat moi truong”).",
    ),
    (
        "search.none",
        "Không tìm thấy kết quả phù hợp. Hãy thử tên ngắn hơn, ví dụ “ba dinh”.",
        "Nothing matched. Try a shorter name, e.g. “ba dinh”.",
    ),
    (
        "search.hint",
        "Gõ tên xã, phường hoặc tỉnh, có dấu hoặc không dấu, ví dụ “ha noi”.",
        "Type the name of a commune, ward or province, with or without accents, e.g. “ha noi”.",
    ),
    ("page.prev", "Trang trước", "Previous page"),
    ("page.next", "Trang sau", "Next page"),
    ("page.of", "Trang", "Page"),
    ("error.404", "Không tìm thấy trang", "Page not found"),
    (
        "error.404.body",
        "Trang bạn tìm không có hoặc đã được chuyển đi.",
        "The page you are looking for does not exist or has moved.",
    ),
    ("error.403", "Không có quyền truy cập", "Access denied"),
    (
        "error.403.body",
        "Tài khoản của bạn không có quyền thực hiện thao tác này.",
        "Your account is not allowed to do this.",
    ),
    ("error.422", "Thông tin chưa hợp lệ", "Invalid input"),
    ("error.429", "Quá nhiều yêu cầu", "Too many requests"),
    ("error.413", "Nội dung gửi lên quá lớn", "Upload too large"),
    ("error.500", "Đã có lỗi xảy ra", "Something went wrong"),
    (
        "error.500.body",
        "Hệ thống gặp sự cố. Vui lòng thử lại; nếu lỗi lặp lại, hãy báo mã yêu cầu dưới đây cho Văn phòng.",
        "The system hit a problem. Please try again; if it happens again, give the office the request id below.",
    ),
    ("error.request_id", "Mã yêu cầu", "Request id"),
    ("error.back", "Về trang chủ", "Back to the home page"),
    ("ws.title", "Khu làm việc", "Workspace"),
    ("ws.hello", "Xin chào", "Hello"),
    ("ws.roles", "Vai trò của bạn", "Your roles"),
    ("ws.scope.all", "toàn hệ thống", "whole system"),
    ("ws.audit", "Nhật ký hoạt động", "Audit log"),
    ("ws.users", "Người dùng", "Users"),
    (
        "ws.account",
        "Tài khoản và mã API",
        "Account and API tokens",
    ),
    ("ws.audit.at", "Thời gian", "Time"),
    ("ws.audit.who", "Người thực hiện", "Who"),
    ("ws.audit.what", "Thao tác", "Action"),
    ("ws.audit.target", "Đối tượng", "Target"),
    ("ws.audit.from", "Từ địa chỉ", "From"),
    ("ws.audit.unit", "Đơn vị", "Unit"),
    ("ws.users.add", "Thêm người dùng", "Add a user"),
    ("ws.users.name", "Họ và tên", "Full name"),
    ("ws.users.role", "Vai trò", "Role"),
    (
        "ws.users.unit",
        "Mã đơn vị hành chính (ví dụ 01)",
        "Administrative unit code (e.g. 01)",
    ),
    (
        "ws.users.password",
        "Mật khẩu ban đầu (ít nhất 10 ký tự)",
        "Initial password (at least 10 characters)",
    ),
    (
        "ws.users.added",
        "Đã thêm người dùng.",
        "The user was added.",
    ),
    ("ws.users.created", "Ngày tạo", "Created"),
    ("ws.tokens", "Mã truy cập API", "API tokens"),
    (
        "ws.tokens.label",
        "Nhãn (để bạn phân biệt các mã)",
        "Label (to tell your tokens apart)",
    ),
    ("ws.tokens.create", "Tạo mã mới", "Create a token"),
    (
        "ws.tokens.new",
        "Mã mới của bạn (chỉ hiện một lần, hãy lưu lại ngay):",
        "Your new token (shown once, save it now):",
    ),
    ("ws.tokens.revoke", "Thu hồi", "Revoke"),
    ("ws.tokens.revoked", "Đã thu hồi", "Revoked"),
    ("ws.tokens.used", "Dùng lần cuối", "Last used"),
    ("ws.tokens.expires", "Hết hạn", "Expires"),
    ("ws.tokens.expired", "Đã hết hạn", "Expired"),
    ("ws.tokens.no_expiry", "Không hết hạn", "No end date"),
    (
        "ws.tokens.expires_in",
        "Hiệu lực (số ngày, từ 1 đến 3650; để trống nếu không hết hạn)",
        "Valid for (days, 1 to 3650; leave empty for no end date)",
    ),
    (
        "ws.tokens.none",
        "Bạn chưa có mã truy cập nào.",
        "You have no API tokens.",
    ),
    ("ws.save", "Lưu", "Save"),
    ("section.empty", "Chưa có nội dung", "Nothing here yet"),
    ("news.tag", "Thẻ", "Tag"),
    ("news.tags", "Thẻ", "Tags"),
    ("news.source", "Nguồn", "Source"),
    ("news.related", "Tin liên quan", "Related articles"),
    ("news.print", "Bản in", "Print"),
    ("news.share", "Chia sẻ", "Share"),
    ("news.feed", "Theo dõi qua RSS/Atom", "Follow by RSS/Atom"),
    ("news.sections", "Chuyên trang", "Special sections"),
    ("news.categories", "Chuyên mục", "Categories"),
    ("news.latest", "Tin mới", "Latest news"),
    ("news.more", "Xem thêm", "More"),
    ("ws.news", "Tin bài", "Articles"),
    ("ws.news.all", "Tất cả", "All"),
    ("ws.news.filter", "Lọc theo trạng thái", "Filter by state"),
    ("ws.news.none", "Chưa có tin bài nào.", "No articles yet."),
    ("ws.news.new", "Viết tin mới", "Write a new article"),
    ("ws.news.article", "Tin bài", "Article"),
    ("ws.news.saved", "Đã lưu.", "Saved."),
    ("ws.news.title", "Tiêu đề", "Title"),
    ("ws.news.state", "Trạng thái", "State"),
    ("ws.news.author", "Tác giả", "Author"),
    ("ws.news.updated", "Cập nhật", "Updated"),
    ("ws.news.lead", "Sa-pô (đoạn dẫn)", "Lead"),
    ("ws.news.body", "Nội dung", "Body"),
    (
        "ws.news.body_hint",
        "Viết bằng Markdown: dòng trống tách đoạn, **đậm**, *nghiêng*, ## tiêu đề nhỏ, ![chú thích](địa chỉ ảnh) để chèn ảnh đã tải lên.",
        "Markdown: a blank line separates paragraphs, **bold**, *italic*, ## subheading, ![caption](image address) to insert an uploaded image.",
    ),
    (
        "ws.news.tags_hint",
        "Thẻ (cách nhau bởi dấu phẩy)",
        "Tags (comma-separated)",
    ),
    (
        "ws.news.credit",
        "Tác giả hiển thị (bút danh, tên cộng tác viên)",
        "Byline",
    ),
    ("ws.news.actions", "Chuyển trạng thái", "Workflow"),
    ("ws.news.comment", "Nhận xét", "Comment"),
    (
        "ws.news.comments",
        "Nhận xét của ban biên tập",
        "Desk comments",
    ),
    ("ws.news.send", "Gửi nhận xét", "Send comment"),
    ("ws.news.reason", "Lý do", "Reason"),
    (
        "ws.news.when",
        "Thời điểm đăng (giờ Việt Nam)",
        "Publish at (Vietnam time)",
    ),
    ("ws.news.history", "Lịch sử", "History"),
    ("ws.news.revisions", "Các phiên bản", "Revisions"),
    ("ws.news.diff", "So sánh phiên bản", "Compare revisions"),
    ("ws.news.images", "Ảnh", "Images"),
    (
        "ws.news.image_file",
        "Tệp ảnh (JPEG, PNG, WebP; tối đa 10 MB)",
        "Image file (JPEG, PNG, WebP; at most 10 MB)",
    ),
    ("ws.news.caption", "Chú thích ảnh", "Caption"),
    ("ws.news.upload", "Tải ảnh lên", "Upload"),
    (
        "ws.news.related_hint",
        "Số của các bài liên quan, cách nhau bởi dấu phẩy",
        "Numbers of related articles, comma-separated",
    ),
    ("ws.news.view_public", "Xem trên cổng", "View on the portal"),
    (
        "ws.news.stats",
        "Thống kê cộng tác viên",
        "Contributor statistics",
    ),
    (
        "ws.news.add_section",
        "Thêm vào chuyên trang",
        "Add to a special section",
    ),
    (
        "ws.news.new_section",
        "Tạo chuyên trang",
        "Create a special section",
    ),
    ("ws.news.section_name", "Tên chuyên trang", "Section name"),
    ("ws.news.section_description", "Giới thiệu", "Description"),
    ("home.upcoming", "Sắp diễn ra", "Coming up"),
    (
        "home.upcoming_empty",
        "Lịch kỳ họp, tiếp xúc cử tri và tiếp công dân sẽ hiện ở đây.",
        "Sessions, voter meetings and citizen reception days will appear here.",
    ),
    ("ws.news.submitted", "Đã gửi", "Submitted"),
    ("ws.news.published", "Đã đăng", "Published"),
    (
        "ws.news.review_time",
        "Thời gian duyệt trung bình",
        "Average review time",
    ),
    (
        "ws.news.guidance",
        "Hướng dẫn cộng tác viên",
        "Guidance for contributors",
    ),
    (
        "ws.news.guidance_hint",
        "Nội dung hướng dẫn (Markdown), hiện cho cộng tác viên",
        "Guidance text (Markdown), shown to contributors",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the templates and handlers ask for has a text; a missing one would show "??".
    #[test]
    fn every_key_in_use_is_defined() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "templates",
            "templates/workspace",
            "src",
            "src/routes",
            "src/routes/site",
            "src/routes/workspace",
            "src/routes/api",
        ] {
            for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                if e.path().is_file() {
                    files.push(e.path());
                }
            }
        }
        let mut missing = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (i, _) in text.match_indices(".t(\"") {
                let rest = &text[i + 4..];
                let key = &rest[..rest.find('"').unwrap()];
                if !all_messages().any(|(k, _, _)| *k == key) {
                    missing.push(format!("{}: {key}", f.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "undefined message keys:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        let all: Vec<_> = all_messages().collect();
        for (i, (k, vi, en)) in all.iter().enumerate() {
            assert!(!vi.is_empty() && !en.is_empty(), "{k}");
            assert!(
                !all[i + 1..].iter().any(|(k2, _, _)| k2 == k),
                "duplicate key {k}"
            );
            assert!(vntext::is_nfc(vi), "{k} is not NFC");
        }
    }
}
