//! Exports written for these tests, one per rule of the format: encodings, line endings,
//! header errors, captions, related drafts and the source line.

use caunoi_import::{Block, ImportError, LegacyArticle, category_slug, parse_legacy_article};
use time::macros::datetime;
use vntext::{LegacyEncoding, encode_legacy};

use crate::export;

/// A small export in the old portal's shape, with a stray marker, a related draft, an
/// untitled draft, a caption and a source on the same line.
fn sample() -> String {
    export(&[
        "X",
        "14:30 | 05/03/2019",
        "",
        "Hoạt động của HĐND",
        "",
        "Kỳ họp thứ tư HĐND tỉnh khoá mới",
        "",
        "Sáng 5/3, HĐND tỉnh khai mạc kỳ họp thứ tư để xem xét các báo cáo kinh tế - xã hội.",
        "",
        "tin nhap 20190305101500 Cử tri hỏi về đường liên xã",
        "tin nhap 20190305101500",
        "Chủ toạ kỳ họp phát biểu khai mạc",
        "",
        "Các đại biểu thảo luận tại tổ về dự toán ngân sách năm tới.",
        "",
        "Kỳ họp dự kiến kéo dài ba ngày.",
        "",
        "Nguồn: Văn phòng HĐND tỉnh",
        "",
    ])
}

fn parse(text: &str) -> LegacyArticle {
    parse_legacy_article(text.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn parse_err(text: &str) -> ImportError {
    match parse_legacy_article(text.as_bytes()) {
        Ok(article) => panic!("expected an error, parsed {article:?}"),
        Err(e) => e,
    }
}

fn captions(article: &LegacyArticle) -> Vec<&str> {
    article
        .body
        .iter()
        .filter(|b| b.is_caption())
        .map(Block::text)
        .collect()
}

fn paragraphs(article: &LegacyArticle) -> Vec<&str> {
    article
        .body
        .iter()
        .filter(|b| !b.is_caption())
        .map(Block::text)
        .collect()
}

#[test]
fn every_part_of_the_sample_is_recognised() {
    let article = parse(&sample());
    assert_eq!(article.published_at, datetime!(2019-03-05 07:30 UTC));
    assert_eq!(article.category, "Hoạt động của HĐND");
    assert_eq!(category_slug(&article.category), "hoat-dong-cua-hdnd");
    assert_eq!(article.title, "Kỳ họp thứ tư HĐND tỉnh khoá mới");
    assert!(article.lead.starts_with("Sáng 5/3, HĐND tỉnh khai mạc"));
    assert_eq!(
        article.body,
        [
            Block::Caption("Chủ toạ kỳ họp phát biểu khai mạc".to_owned()),
            Block::Paragraph(
                "Các đại biểu thảo luận tại tổ về dự toán ngân sách năm tới.".to_owned()
            ),
            Block::Paragraph("Kỳ họp dự kiến kéo dài ba ngày.".to_owned()),
        ]
    );
    assert_eq!(article.related_titles, ["Cử tri hỏi về đường liên xã"]);
    assert_eq!(article.source.as_deref(), Some("Văn phòng HĐND tỉnh"));
    assert_eq!(article.fingerprint.len(), 64);
    assert!(article.fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn crlf_and_cr_line_endings_read_like_lf() {
    let lf = parse(&sample());
    assert_eq!(parse(&sample().replace('\n', "\r\n")), lf);
    assert_eq!(parse(&sample().replace('\n', "\r")), lf);
}

#[test]
fn utf8_bom_is_not_part_of_the_first_line() {
    let with_bom = format!("\u{FEFF}{}", sample());
    assert_eq!(parse(&with_bom), parse(&sample()));
    // Without the marker line the BOM sits right before the time.
    let without_marker = sample().replacen("X\n", "\u{FEFF}", 1);
    assert_eq!(
        parse(&without_marker).published_at,
        datetime!(2019-03-05 07:30 UTC)
    );
}

#[test]
fn legacy_encoded_exports_read_like_unicode() {
    let unicode = parse(&sample());
    // VIQR (plain ASCII) is left out: old portals exported in font encodings.
    for enc in [
        LegacyEncoding::Tcvn3,
        LegacyEncoding::VniWindows,
        LegacyEncoding::Cp1258,
    ] {
        let bytes = encode_legacy(&sample(), enc);
        assert!(std::str::from_utf8(&bytes).is_err(), "{enc:?} is not UTF-8");
        let legacy = parse_legacy_article(&bytes).unwrap_or_else(|e| panic!("{enc:?}: {e}"));
        assert_eq!(legacy, unicode, "{enc:?}");
    }
}

#[test]
fn missing_time_names_the_line_where_it_belongs() {
    let no_time = export(&["Hoạt động của HĐND", "", "Kỳ họp thứ tư", "", "Sáng nay."]);
    assert_eq!(
        parse_err(&no_time),
        ImportError::MissingTime {
            line: 1,
            found: Some("Hoạt động của HĐND".to_owned())
        }
    );
    let err = parse_err(&no_time);
    assert!(
        err.to_string()
            .starts_with("line 1: expected the publication time")
    );
    assert!(err.to_string().contains("09:56 | 12/10/2017"));
    assert!(err.message_vi().starts_with("Dòng 1: cần dòng thời gian"));

    // After a stray marker, the time belongs on the next non-blank line.
    let after_marker = format!("X\n\n{no_time}");
    let err = parse_err(&after_marker);
    assert_eq!(err.line(), 3);
    assert!(err.to_string().starts_with("line 3:"), "{err}");

    let only_marker = parse_err("X\n");
    assert_eq!(
        only_marker,
        ImportError::MissingTime {
            line: 2,
            found: None
        }
    );
    assert!(only_marker.to_string().contains("end of the file"));
    assert!(only_marker.message_vi().contains("hết tệp"));
}

#[test]
fn unreadable_time_is_reported_as_written() {
    let text = sample().replace("14:30 | 05/03/2019", "25:61 | 32/13/2019");
    let err = parse_err(&text);
    assert_eq!(
        err,
        ImportError::BadTime {
            line: 2,
            text: "25:61 | 32/13/2019".to_owned()
        }
    );
    assert!(
        err.to_string()
            .starts_with("line 2: cannot read the publication time “25:61 | 32/13/2019”")
    );
    assert!(
        err.message_vi()
            .starts_with("Dòng 2: không đọc được thời gian")
    );

    for bad in [
        "14:30 | 29/02/2019",
        "14 giờ 30, 05/03/2019",
        "14:30 | 05/03/19",
    ] {
        let text = sample().replace("14:30 | 05/03/2019", bad);
        assert!(
            matches!(parse_err(&text), ImportError::BadTime { line: 2, .. }),
            "{bad}"
        );
    }
}

#[test]
fn missing_title_names_the_line_after_the_header() {
    let category_only = "14:30 | 05/03/2019\n\nHoạt động của HĐND\n";
    let err = parse_err(category_only);
    assert_eq!(err, ImportError::MissingTitle { line: 4 });
    assert!(
        err.to_string()
            .starts_with("line 4: expected the article title")
    );
    assert!(err.message_vi().starts_with("Dòng 4: thiếu tiêu đề"));

    assert_eq!(
        parse_err("14:30 | 05/03/2019"),
        ImportError::MissingTitle { line: 2 }
    );
    // A source line where the title should be means the article was cut short.
    let cut = "14:30 | 05/03/2019\nHoạt động của HĐND\nNguồn: TTXVN\n";
    assert_eq!(parse_err(cut), ImportError::MissingTitle { line: 3 });
}

#[test]
fn empty_input_is_its_own_error() {
    for empty in [
        &b""[..],
        b"\n\n   \r\n\t\n",
        b"\xEF\xBB\xBF",
        b"\xEF\xBB\xBF\r\n",
    ] {
        assert_eq!(
            parse_legacy_article(empty),
            Err(ImportError::Empty),
            "{empty:?}"
        );
    }
    let err = ImportError::Empty;
    assert!(err.to_string().starts_with("line 1: the file is empty"));
    assert!(err.message_vi().starts_with("Tệp trống"));
}

#[test]
fn source_on_the_line_after_nguon() {
    let next_line = sample().replace("Nguồn: Văn phòng HĐND tỉnh", "Nguồn:\nVăn phòng HĐND tỉnh");
    let article = parse(&next_line);
    assert_eq!(article.source.as_deref(), Some("Văn phòng HĐND tỉnh"));
    assert_eq!(article.body, parse(&sample()).body);

    // "Nguồn :" with a blank line before the name, and stray drafts after it.
    let spaced = sample().replace(
        "Nguồn: Văn phòng HĐND tỉnh",
        "Nguồn :\n\nBáo Đại biểu Nhân dân\n\ntin nhap 20190305101500 Bài cuối",
    );
    let article = parse(&spaced);
    assert_eq!(article.source.as_deref(), Some("Báo Đại biểu Nhân dân"));
    assert_eq!(article.body, parse(&sample()).body);
    assert_eq!(
        article.related_titles,
        ["Cử tri hỏi về đường liên xã", "Bài cuối"]
    );
}

#[test]
fn source_absent_or_empty_is_none() {
    let absent = sample().replace("\nNguồn: Văn phòng HĐND tỉnh\n", "");
    let article = parse(&absent);
    assert_eq!(article.source, None);
    assert_eq!(article.body, parse(&sample()).body);

    let empty = sample().replace("Nguồn: Văn phòng HĐND tỉnh", "NGUỒN :");
    let article = parse(&empty);
    assert_eq!(article.source, None);
    assert_eq!(
        article.body,
        parse(&sample()).body,
        "the empty source line is not body text"
    );
}

#[test]
fn a_source_line_inside_the_body_stays_text() {
    let text = sample().replace(
        "Kỳ họp dự kiến kéo dài ba ngày.",
        "Nguồn: số liệu của Sở Tài chính.\n\nKỳ họp dự kiến kéo dài ba ngày.",
    );
    let article = parse(&text);
    assert!(paragraphs(&article).contains(&"Nguồn: số liệu của Sở Tài chính."));
    assert_eq!(article.source.as_deref(), Some("Văn phòng HĐND tỉnh"));
}

#[test]
fn captions_at_photo_positions_and_with_photo_credits() {
    let text = export(&[
        "08:00 | 10/07/2020",
        "Giám sát",
        "Đoàn giám sát làm việc tại xã",
        "",
        "Chiều 9/7, đoàn giám sát của HĐND huyện làm việc với UBND xã về xây dựng nông thôn mới.",
        "",
        "tin nhap 20200710075900 Xã đạt chuẩn nông thôn mới",
        "Trưởng đoàn giám sát phát biểu",
        "Quang cảnh buổi làm việc",
        "Lãnh đạo xã báo cáo kết quả thực hiện các tiêu chí.",
        "",
        "/uploads/2020/07/giam-sat-xa.jpg",
        "",
        "Cán bộ xã trả lời đoàn giám sát",
        "",
        "Đoàn đề nghị xã rà soát lại tiêu chí môi trường.",
        "",
        "Kết luận của đoàn",
        "",
        "Một con đường bê tông mới của xã (Ảnh: Minh Anh)",
        "",
        "Xã cần hoàn thành các tiêu chí còn lại trong năm nay.",
    ]);
    let article = parse(&text);
    assert_eq!(
        captions(&article),
        [
            "Trưởng đoàn giám sát phát biểu",
            "Quang cảnh buổi làm việc",
            "Cán bộ xã trả lời đoàn giám sát",
            "Một con đường bê tông mới của xã (Ảnh: Minh Anh)",
        ]
    );
    // A sentence after the captions, and a short line away from any photo (a
    // subheading), stay paragraphs.
    assert_eq!(
        paragraphs(&article),
        [
            "Lãnh đạo xã báo cáo kết quả thực hiện các tiêu chí.",
            "Đoàn đề nghị xã rà soát lại tiêu chí môi trường.",
            "Kết luận của đoàn",
            "Xã cần hoàn thành các tiêu chí còn lại trong năm nay.",
        ]
    );
    assert_eq!(article.related_titles, ["Xã đạt chuẩn nông thôn mới"]);
    assert!(
        article.body.iter().all(|b| !b.text().contains(".jpg")),
        "image file names are not text"
    );
}

#[test]
fn related_drafts_anywhere_are_collected_once_and_never_shown() {
    let text = export(&[
        "tin nhap 20210101000000 Bài trước kỳ họp",
        "07:15 | 02/01/2021",
        "TIN NHAP 20210101000000 Bài trước kỳ họp",
        "Tiếp xúc cử tri",
        "tin nháp 20210101000000 bài trước kỳ họp",
        "Cử tri phường kiến nghị về chiếu sáng",
        "Tối 1/1, tổ đại biểu tiếp xúc cử tri phường.",
        "tin nhap 20210101000000 Đèn đường hỏng kéo dài",
        "tin nhap",
        "Tin nhập khẩu điện tăng là chuyện khác, dòng này là nội dung.",
    ]);
    let article = parse(&text);
    assert_eq!(article.category, "Tiếp xúc cử tri");
    assert_eq!(article.title, "Cử tri phường kiến nghị về chiếu sáng");
    assert_eq!(
        article.related_titles,
        ["Bài trước kỳ họp", "Đèn đường hỏng kéo dài"]
    );
    assert_eq!(article.lead, "Tối 1/1, tổ đại biểu tiếp xúc cử tri phường.");
    assert_eq!(
        paragraphs(&article),
        ["Tin nhập khẩu điện tăng là chuyện khác, dòng này là nội dung."]
    );
}

#[test]
fn hard_wrapped_lines_join_into_one_paragraph() {
    let text = export(&[
        "16:45 | 20/11/2022",
        "Hoạt động của HĐND",
        "Phiên chất vấn",
        "",
        "Chiều nay, các đại biểu chất vấn Giám đốc Sở Xây dựng về tiến độ",
        "các dự án nhà ở xã hội và việc cấp phép xây dựng.",
        "Phiên chất vấn kéo dài hai giờ.",
        "",
        "Giám đốc Sở nhận trách nhiệm",
        "Trả lời đại biểu, Giám đốc Sở nhận trách nhiệm về chậm trễ.",
    ]);
    let article = parse(&text);
    assert_eq!(
        article.lead,
        "Chiều nay, các đại biểu chất vấn Giám đốc Sở Xây dựng về tiến độ các dự án nhà ở xã hội và việc cấp phép xây dựng."
    );
    assert_eq!(
        paragraphs(&article),
        [
            "Phiên chất vấn kéo dài hai giờ.",
            "Giám đốc Sở nhận trách nhiệm",
            "Trả lời đại biểu, Giám đốc Sở nhận trách nhiệm về chậm trễ.",
        ]
    );
}

#[test]
fn text_is_nfc_with_spaces_collapsed() {
    // Title typed with combining marks (NFD) and a non-breaking space.
    let text = "10:00 | 01/06/2023\nHoạt động\nHo\u{302}\u{323}i\u{A0}\u{A0}nghi\u{323}   cử tri\n";
    let article = parse(text);
    assert_eq!(article.title, "Hội nghị cử tri");
    assert!(vntext::is_nfc(&article.title));
    assert_eq!(article.lead, "");
    assert!(article.body.is_empty());
}

#[test]
fn fingerprint_follows_time_and_title_not_text() {
    let original = parse(&sample());
    let edited = parse(&sample().replace("ba ngày", "bốn ngày"));
    assert_ne!(edited.body, original.body);
    assert_eq!(edited.fingerprint, original.fingerprint);

    let retitled = parse(&sample().replace("Kỳ họp thứ tư", "Kỳ họp thứ năm"));
    assert_ne!(retitled.fingerprint, original.fingerprint);
    let later = parse(&sample().replace("14:30", "14:31"));
    assert_ne!(later.fingerprint, original.fingerprint);
    // Case and accents of the title do not make another article.
    let shouting = parse(&sample().replace(
        "Kỳ họp thứ tư HĐND tỉnh khoá mới",
        "KỲ HỌP THỨ TƯ HĐND TỈNH KHOÁ MỚI",
    ));
    assert_eq!(shouting.fingerprint, original.fingerprint);
}

#[test]
fn category_slug_ignores_spelling_variants() {
    assert_eq!(
        category_slug("Công tác thông tin tuyên truyền"),
        "cong-tac-thong-tin-tuyen-truyen"
    );
    assert_eq!(
        category_slug("CÔNG TÁC  thông tin tuyên truye\u{302}\u{300}n"),
        "cong-tac-thong-tin-tuyen-truyen"
    );
}
