//! The real export of an old council portal, from the shared fixtures folder.

use std::path::Path;

use caunoi_import::{Block, parse_legacy_article};
use time::macros::datetime;

// Reads the shared fixture (outside this repo, in ../shared/fixtures). Its text is not
// copied into this crate; without it the test says so and passes.
#[test]
fn hanoi_council_export_of_2017_10_12() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/article-hdnd-hanoi-2017-10-12.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: shared fixture {} not found", path.display());
        return;
    };
    let article = parse_legacy_article(&bytes).expect("the real export parses");

    // 09:56 in Hà Nội is 02:56 UTC.
    assert_eq!(article.published_at, datetime!(2017-10-12 09:56 +7));
    assert_eq!(article.published_at, datetime!(2017-10-12 02:56 UTC));
    assert!(article.published_at.offset().is_utc());
    assert_eq!(article.category, "Công tác thông tin tuyên truyền");
    assert_eq!(
        article.title,
        "Cầu nối giữa đại biểu HĐND với cử tri, nhân dân"
    );
    assert!(
        article.lead.starts_with("Sáng nay 12/10"),
        "{}",
        article.lead
    );

    // Two titled draft references; the third has no title and is dropped.
    assert_eq!(
        article.related_titles,
        [
            "HĐND TP Hà Nội tổ chức phiên giải trình về thu gom, xử lý chất thải, quản lý hồ nước",
            "Cần giám sát phân bổ tiền, hàng đúng người, đúng đối tượng",
        ]
    );
    for block in &article.body {
        assert!(!block.text().contains("tin nhap"), "{block:?}");
        assert!(!block.text().starts_with("Nguồn"), "{block:?}");
    }
    assert!(!article.lead.contains("tin nhap"));

    let caption = Block::Caption(
        "Đồng chí Nguyễn Thị Bích Ngọc- Phó Bí thư Thành uỷ, Chủ tịch HĐND TP chủ trì hội nghị"
            .to_owned(),
    );
    assert_eq!(article.body.first(), Some(&caption));
    assert_eq!(article.body.iter().filter(|b| b.is_caption()).count(), 1);
    assert_eq!(
        article.body.len(),
        14,
        "one caption and thirteen paragraphs"
    );
    assert!(article.body[1].text().starts_with("Cùng dự và điều hành"));
    assert!(
        article
            .body
            .last()
            .unwrap()
            .text()
            .ends_with("trong thời gian tới."),
        "the last paragraph comes right before the source line"
    );

    // The file ends with "Nguồn :" and nothing after it: no source is named.
    assert_eq!(article.source, None);

    let again = parse_legacy_article(&bytes).unwrap();
    assert_eq!(again.fingerprint, article.fingerprint);
    assert_eq!(again, article);

    // The same article re-exported with Windows line endings is the same import.
    let crlf = String::from_utf8(bytes).unwrap().replace('\n', "\r\n");
    let reexported = parse_legacy_article(crlf.as_bytes()).unwrap();
    assert_eq!(reexported.fingerprint, article.fingerprint);
    assert_eq!(reexported.body, article.body);
}
