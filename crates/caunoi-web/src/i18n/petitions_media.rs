//! Messages of photos on online petitions.

pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("pm.photos", "Ảnh kèm theo", "Photos"),
    (
        "pm.photos_hint",
        "Không bắt buộc. Tối đa 3 ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB. Thông tin vị trí (GPS) và thông tin máy ảnh trong ảnh sẽ được xoá trước khi lưu. Ảnh chỉ được công khai sau khi kiến nghị được duyệt.",
        "Optional. Up to 3 JPEG, PNG or WebP images, 5 MB each at most. Location (GPS) and camera data are removed before storing. Photos are published only once the petition is approved.",
    ),
    ("pm.photo_n", "Ảnh", "Photo"),
    (
        "pm.photos_resend",
        "Vì lý do an toàn, hãy chọn lại ảnh trước khi gửi lại.",
        "For safety, choose the photos again before sending.",
    ),
    (
        "pm.answer_files",
        "Tệp kèm câu trả lời",
        "Files with the answer",
    ),
    ("pm.attach", "Đính kèm tệp", "Attach a file"),
    ("pm.file_title", "Tên tệp", "Title"),
    (
        "pm.file_title_hint",
        "Ví dụ: Công văn trả lời số 123/SXD.",
        "For example: reply letter no. 123.",
    ),
    ("pm.file", "Tệp PDF hoặc DOCX", "PDF or DOCX file"),
    (
        "pm.file_hint",
        "Tối đa 20 MB. Tệp được công khai cùng câu trả lời khi câu trả lời được công khai.",
        "At most 20 MB. Published with the answer when the answer is published.",
    ),
    ("pm.own_photos", "Ảnh bạn gửi kèm", "Your photos"),
    ("pm.own_photo_n", "Ảnh bạn gửi kèm, số", "Your photo no."),
    (
        "pm.own_photos_pending",
        "Chỉ bạn (người có mã theo dõi) xem được các ảnh này cho đến khi Văn phòng duyệt kiến nghị.",
        "Only you (with the tracking code) can see these photos until the office approves the petition.",
    ),
    ("pm.remove", "Gỡ tệp", "Remove the file"),
    ("pm.remove_reason", "Lý do gỡ tệp", "Why remove it"),
    (
        "pm.remove_reason_hint",
        "Bắt buộc vì câu trả lời đã được công khai; lý do được ghi vào nhật ký.",
        "Required because the answer is published; it goes into the audit log.",
    ),
];
