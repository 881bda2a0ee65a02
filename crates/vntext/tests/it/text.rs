//! NFC, folding and slugs on fixed examples.

use vntext::{fold, is_nfc, nfc, slug};

#[test]
fn nfc_composes() {
    let nfd = "Ha\u{300} No\u{323}\u{302}i";
    assert!(!is_nfc(nfd));
    assert_eq!(nfc(nfd), "Hà Nội");
    assert!(is_nfc("Hà Nội"));
}

#[test]
fn fold_examples() {
    assert_eq!(fold("Hà Nội"), "ha noi");
    assert_eq!(fold("Thành Uỷ Hà Nội"), "thanh uy ha noi");
    assert_eq!(fold("ĐẶNG Đức Đạt"), "dang duc dat");
    assert_eq!(fold("Ha\u{300} No\u{323}\u{302}i"), "ha noi");
    assert_eq!(
        fold("Ngày 01/02, phiên họp #3!"),
        "ngay 01/02, phien hop #3!"
    );
    assert_eq!(fold("Crème brûlée"), "creme brulee");
    assert_eq!(fold("ĐỨC · 北京 · हिन्दी"), "duc · 北京 · हिन्दी");
}

#[test]
fn slug_examples() {
    assert_eq!(
        slug("Cầu nối giữa đại biểu HĐND"),
        "cau-noi-giua-dai-bieu-hdnd"
    );
    assert_eq!(slug("--Hà Nội, 2024!--"), "ha-noi-2024");
    assert_eq!(slug("Nguyễn   Thị_Minh-Khai"), "nguyen-thi-minh-khai");
    assert_eq!(slug(""), "");
    assert_eq!(slug("Luật số 12/2024/QH15"), "luat-so-12-2024-qh15");
}

#[test]
fn slug_long_title() {
    let title = "Báo cáo kết quả giám sát việc giải quyết kiến nghị của cử tri gửi đến kỳ họp thứ mười của Hội đồng nhân dân";
    let s = slug(title);
    assert!(s.len() <= 80, "{s}");
    assert_eq!(
        s,
        "bao-cao-ket-qua-giam-sat-viec-giai-quyet-kien-nghi-cua-cu-tri-gui-den-ky-hop-thu"
    );
}
