//! Messages of near-duplicate petitions: proposed groups, the group on public pages, and the
//! suggestions beside one petition (petitions_groups).

pub const MESSAGES: &[(&str, &str, &str)] = &[
    // Proposals (workspace)
    (
        "ws.grp.title",
        "Kiến nghị trùng lặp",
        "Near-duplicate petitions",
    ),
    (
        "ws.grp.hint",
        "Các nhóm dưới đây được hệ thống đề xuất từ nội dung các kiến nghị đang xử lý. Gộp nhóm: các kiến nghị được gộp vào kiến nghị chính, trả lời một lần, và cử tri của mọi kiến nghị trong nhóm đều nhận được câu trả lời. Bỏ chọn kiến nghị không cùng nội dung trước khi gộp.",
        "The groups below are proposed from the text of the petitions being processed. Confirming merges the petitions into the lead, answered once, and the voters of every petition in the group receive the answer. Untick any petition that is not about the same matter before confirming.",
    ),
    (
        "ws.grp.none",
        "Không có đề xuất gộp nào.",
        "No groups are proposed.",
    ),
    ("ws.grp.proposal", "Đề xuất", "Proposal"),
    ("ws.grp.petitions", "kiến nghị", "petitions"),
    ("ws.grp.voters", "cử tri", "voters"),
    ("ws.grp.lead", "Kiến nghị chính", "Lead petition"),
    ("ws.grp.keep", "Giữ trong nhóm", "Keep in the group"),
    ("ws.grp.meeting", "Buổi tiếp xúc", "Voter meeting"),
    ("ws.grp.confirm", "Gộp thành một nhóm", "Confirm the group"),
    (
        "ws.grp.dismiss",
        "Bỏ qua đề xuất này",
        "Dismiss this proposal",
    ),
    (
        "ws.grp.confirmed",
        "Đã gộp nhóm; kiến nghị chính:",
        "Group confirmed; lead petition:",
    ),
    (
        "ws.grp.dismissed",
        "Đã bỏ qua đề xuất; nhóm này sẽ không được đề xuất lại nếu không có kiến nghị mới.",
        "Proposal dismissed; it will not be proposed again unless a new petition joins it.",
    ),
    (
        "ws.grp.link",
        "Kiến nghị trùng lặp",
        "Near-duplicate petitions",
    ),
    // Suggestions beside one petition (workspace)
    ("ws.grp.similar", "Kiến nghị tương tự", "Similar petitions"),
    (
        "ws.grp.similar_none",
        "Không có kiến nghị tương tự.",
        "No similar petitions.",
    ),
    ("ws.grp.answered", "đã trả lời", "answered"),
    ("ws.grp.not_answered", "chưa trả lời", "not answered"),
    ("ws.grp.similarity", "độ giống", "similarity"),
    ("ws.grp.suggest", "Gợi ý", "Suggestion"),
    ("ws.grp.suggest_field", "Lĩnh vực gợi ý", "Suggested field"),
    (
        "ws.grp.suggest_agency",
        "Cơ quan giải quyết gợi ý",
        "Suggested agency",
    ),
    ("ws.grp.from", "từ", "from"),
    (
        "ws.grp.from_similar",
        "kiến nghị tương tự",
        "similar petitions",
    ),
    (
        "ws.grp.suggest_hint",
        "Gợi ý đã được chọn sẵn trong biểu mẫu; chỉ được áp dụng khi bạn bấm nút.",
        "The suggestion is pre-selected in the form; it is applied only when you press the button.",
    ),
    // The group on public pages
    (
        "pet.grp.title",
        "Nhóm kiến nghị cùng nội dung",
        "Petitions on the same matter",
    ),
    ("pet.grp.voters", "cử tri", "voters"),
    ("pet.grp.times", "lần nêu", "times raised"),
    (
        "pet.grp.hint",
        "Các kiến nghị cùng nội dung được gộp để trả lời một lần.",
        "Petitions on the same matter are grouped to be answered once.",
    ),
    ("pet.grp.lead", "kiến nghị chính", "lead petition"),
    (
        "pet.grp.answer",
        "Trả lời chung cho nhóm kiến nghị",
        "The group's answer",
    ),
];
