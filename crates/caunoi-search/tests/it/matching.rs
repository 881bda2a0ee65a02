//! What matches and in which order: accents, tone-mark styles, phrases, typos.

use crate::{doc, ids, index_of, search};

#[test]
fn unaccented_query_finds_accented_text() {
    let index = index_of(&[
        doc(
            1,
            "Hà Nội mở rộng vùng cấm xe máy",
            "Thành phố lấy ý kiến người dân.",
        ),
        doc(
            2,
            "Đà Nẵng khánh thành cầu mới",
            "Cây cầu bắc qua sông Hàn.",
        ),
    ]);
    assert_eq!(ids(&search(&index, "ha noi")), [1]);
    assert_eq!(ids(&search(&index, "da nang")), [2]);
    assert_eq!(ids(&search(&index, "HA NOI")), [1]);
}

#[test]
fn either_tone_mark_style_finds_both() {
    let index = index_of(&[
        doc(
            1,
            "Thành uỷ chỉ đạo công tác phòng chống lụt bão",
            "Viết theo kiểu mới.",
        ),
        doc(
            2,
            "Thành ủy làm việc với quận về đô thị",
            "Viết theo kiểu cũ.",
        ),
        doc(
            3,
            "Công trình thuỷ lợi Bắc Đuống được nạo vét",
            "Kênh dẫn nước tưới.",
        ),
    ]);
    let mut found = ids(&search(&index, "thanh uy"));
    found.sort();
    assert_eq!(found, [1, 2]);
    let mut found = ids(&search(&index, "Thành ủy"));
    found.sort();
    assert_eq!(found, [1, 2], "old style query finds new style text");
    let mut found = ids(&search(&index, "Thành uỷ"));
    found.sort();
    assert_eq!(found, [1, 2], "new style query finds old style text");
    assert_eq!(ids(&search(&index, "thủy lợi")), [3]);
}

#[test]
fn the_marks_the_user_typed_rank_first() {
    // "đất" (land) and "đặt" (to set) fold to the same "dat".
    let index = index_of(&[
        doc(
            1,
            "Cử tri hỏi về việc đặt tên đường",
            "Đề xuất đặt tên cho tuyến phố mới mở.",
        ),
        doc(
            2,
            "Cử tri hỏi về việc cấp đất tái định cư",
            "Đất tái định cư chưa được giao.",
        ),
    ]);
    assert_eq!(ids(&search(&index, "đất")), [2, 1]);
    assert_eq!(ids(&search(&index, "đặt")), [1, 2]);
    assert_eq!(search(&index, "dat").total, 2);
}

#[test]
fn multi_syllable_words_rank_as_phrases() {
    let scattered = "Hội thảo về nông nghiệp có nhiều ý kiến. Cánh đồng lúa được mùa, \
                     nông dân phấn khởi. Nhân dịp này, cán bộ xã thăm hỏi bà con.";
    let together = "Kỳ họp thứ mười của Hội đồng nhân dân xã đã bế mạc sau hai ngày làm việc.";
    let index = index_of(&[
        doc(1, "Tin nông nghiệp trong tuần", scattered),
        doc(2, "Bế mạc kỳ họp thứ mười", together),
    ]);
    let results = search(&index, "hội đồng nhân dân");
    assert_eq!(ids(&results), [2, 1]);
    // Unaccented, the phrase still wins.
    assert_eq!(ids(&search(&index, "hoi dong nhan dan")), [2, 1]);
    // Quoted, only the phrase matches.
    assert_eq!(ids(&search(&index, "\"hội đồng nhân dân\"")), [2]);
    assert_eq!(ids(&search(&index, "\"hoi dong nhan dan\" xa")), [2]);
}

#[test]
fn a_typo_of_one_letter_still_finds_the_document() {
    let index = index_of(&[
        doc(
            1,
            "Nâng cấp bệnh viện đa khoa",
            "Bệnh viện được đầu tư thêm máy chụp.",
        ),
        doc(
            2,
            "Trường học vùng cao thiếu giáo viên",
            "Nhiều trường học phải ghép lớp.",
        ),
    ]);
    // Swapped letters, a wrong letter, an extra letter, a missing letter.
    for q in [
        "truogn hoc",
        "giao vien truonf",
        "truongg hoc",
        "trong hoc",
        "benh vein",
    ] {
        let found = ids(&search(&index, q));
        let want = if q.starts_with("benh") { 1 } else { 2 };
        assert_eq!(found.first(), Some(&want), "{q}: {found:?}");
    }
}

#[test]
fn typo_matches_rank_below_real_matches() {
    // Corrections apply to words that are rare in the index, so it needs some size.
    let mut docs: Vec<_> = (100..1200)
        .map(|i| {
            doc(
                i,
                &format!("Bản tin số {i}"),
                "Hoạt động văn hoá thể thao ở cơ sở.",
            )
        })
        .collect();
    docs.push(doc(
        1,
        "Trường học mới ở xã Ba Vì",
        "Trường học có mười hai phòng học.",
    ));
    docs.push(doc(
        2,
        "Trường học được sửa chữa",
        "Sửa mái trường học trước mùa mưa.",
    ));
    docs.push(doc(3, "Truongf học", "Một bài gõ sai: truongf học."));
    let index = index_of(&docs);
    let found = ids(&search(&index, "truongf hoc"));
    assert_eq!(
        found.first(),
        Some(&3),
        "the literal match first: {found:?}"
    );
    let mut rest = found[1..].to_vec();
    rest.sort();
    assert_eq!(rest, [1, 2], "then the corrected ones: {found:?}");
}

#[test]
fn did_you_mean_offers_the_accented_form() {
    let index = index_of(&[doc(
        1,
        "Hà Nội lấy ý kiến về quy hoạch thủ đô",
        "Cử tri Hà Nội góp ý quy hoạch.",
    )]);
    assert_eq!(
        search(&index, "ha noi").did_you_mean.as_deref(),
        Some("Hà Nội")
    );
    assert_eq!(
        search(&index, "quy hoach thu do").did_you_mean.as_deref(),
        Some("quy hoạch thủ đô")
    );
    assert_eq!(search(&index, "Hà Nội").did_you_mean, None);
    assert_eq!(
        search(&index, "hà nội").did_you_mean,
        None,
        "case is not a difference"
    );
    // A typo is corrected too.
    assert_eq!(
        search(&index, "quy hoachh").did_you_mean.as_deref(),
        Some("quy hoạch")
    );
}

#[test]
fn snippets_mark_matches_for_accented_and_unaccented_queries() {
    let body = format!(
        "{} Cử tri phường Yên Hoà phản ánh tình trạng ngập úng sau mưa lớn. {}",
        "Mở đầu buổi tiếp xúc, đại biểu báo cáo kết quả kỳ họp. ".repeat(6),
        "Cuối buổi, đại diện chính quyền trả lời các ý kiến. ".repeat(6),
    );
    let index = index_of(&[doc(1, "Tiếp xúc cử tri phường Yên Hoà", &body)]);
    for q in ["ngập úng", "ngap ung", "NGẬP ÚNG"] {
        let hit = &search(&index, q).items[0];
        assert!(
            hit.snippet_html.contains("<mark>ngập úng</mark>"),
            "{q}: {}",
            hit.snippet_html
        );
        assert!(hit.snippet_html.starts_with("… "), "{}", hit.snippet_html);
    }
    let hit = &search(&index, "yen hoa").items[0];
    assert_eq!(
        hit.title_html,
        "Tiếp xúc cử tri phường <mark>Yên Hoà</mark>"
    );
    assert!(hit.snippet_html.contains("<mark>Yên Hoà</mark>"));
}

#[test]
fn snippets_escape_html() {
    let index = index_of(&[doc(
        1,
        "Bài có ký tự đặc biệt",
        "Người dân viết <script>alert(1)</script> & hỏi về \"nước sạch\".",
    )]);
    let hit = &search(&index, "nuoc sach").items[0];
    assert!(
        !hit.snippet_html.contains("<script>"),
        "{}",
        hit.snippet_html
    );
    assert!(hit.snippet_html.contains("&lt;script&gt;"));
    assert!(hit.snippet_html.contains("&amp;"));
    assert!(
        hit.snippet_html
            .contains("&quot;<mark>nước sạch</mark>&quot;")
    );
}
