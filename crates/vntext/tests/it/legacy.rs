//! Legacy encodings: known byte strings, round trips and detection.

use vntext::{LegacyEncoding, decode_any, decode_legacy, detect_legacy, encode_legacy};

const SENTENCE: &str = "Hội đồng nhân dân thành phố Hà Nội";

/// `SENTENCE` as each encoding stores it (TCVN3 and VNI as they look when opened as
/// Latin-1: "Héi ®ång nh©n d©n..." and "Hoäi ñoàng nhaân daân...").
const SENTENCE_BYTES: [(LegacyEncoding, &[u8]); 4] = [
    (
        LegacyEncoding::Tcvn3,
        b"H\xe9i \xae\xe5ng nh\xa9n d\xa9n th\xb5nh ph\xe8 H\xb5 N\xe9i",
    ),
    (
        LegacyEncoding::VniWindows,
        b"Ho\xe4i \xf1o\xe0ng nha\xe2n da\xe2n tha\xf8nh pho\xe1 Ha\xf8 No\xe4i",
    ),
    (
        LegacyEncoding::Cp1258,
        b"H\xf4\xf2i \xf0\xf4\xccng nh\xe2n d\xe2n th\xe0nh ph\xf4\xec H\xe0 N\xf4\xf2i",
    ),
    (
        LegacyEncoding::Viqr,
        b"Ho^.i ddo^`ng nha^n da^n tha`nh pho^' Ha` No^.i",
    ),
];

#[test]
fn decodes_known_bytes() {
    for (enc, bytes) in SENTENCE_BYTES {
        assert_eq!(decode_legacy(bytes, enc), SENTENCE, "{enc:?}");
    }
}

#[test]
fn encodes_known_bytes() {
    for (enc, bytes) in SENTENCE_BYTES {
        assert_eq!(encode_legacy(SENTENCE, enc), bytes, "{enc:?}");
    }
}

#[test]
fn detects_known_bytes() {
    for (enc, bytes) in SENTENCE_BYTES {
        assert_eq!(detect_legacy(bytes), Some(enc), "{enc:?}");
        assert_eq!(decode_any(bytes), SENTENCE, "{enc:?}");
    }
}

#[test]
fn decodes_familiar_tcvn3_mojibake() {
    let cases: [(&[u8], &str); 3] = [
        (
            b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
        ),
        (
            b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c",
            "Độc lập - Tự do - Hạnh phúc",
        ),
        (
            b"Tr\xad\xeang \xa7\xb9i h\xe4c Qu\xe8c gia",
            "Trường Đại học Quốc gia",
        ),
    ];
    for (bytes, text) in cases {
        assert_eq!(decode_legacy(bytes, LegacyEncoding::Tcvn3), text);
        assert_eq!(detect_legacy(bytes), Some(LegacyEncoding::Tcvn3), "{text}");
    }
}

#[test]
fn decodes_familiar_vni_mojibake() {
    let cases: [(&[u8], &str); 3] = [
        (
            b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam",
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
        ),
        (
            b"\xd1o\xe4c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9c",
            "Độc lập - Tự do - Hạnh phúc",
        ),
        (
            b"Tr\xf6\xf4\xf8ng \xd1a\xefi ho\xefc Quo\xe1c gia",
            "Trường Đại học Quốc gia",
        ),
    ];
    for (bytes, text) in cases {
        assert_eq!(decode_legacy(bytes, LegacyEncoding::VniWindows), text);
        assert_eq!(
            detect_legacy(bytes),
            Some(LegacyEncoding::VniWindows),
            "{text}"
        );
    }
}

#[test]
fn vni_capitals() {
    let text = "VIỆT NAM ĐỘC LẬP, TRƯỜNG ĐẠI HỌC, THỦY LỢI, ỈM, Ỵ";
    let bytes = encode_legacy(text, LegacyEncoding::VniWindows);
    assert!(bytes.starts_with(b"VIE\xc4T NAM \xd1O\xc4C LA\xc4P"));
    assert_eq!(decode_legacy(&bytes, LegacyEncoding::VniWindows), text);
}

#[test]
fn tcvn3_capitals_with_marks_become_lowercase() {
    let bytes = encode_legacy("ĐẠI HỌC Ă", LegacyEncoding::Tcvn3);
    assert_eq!(bytes, b"\xa7\xb9I H\xe4C \xa1");
    assert_eq!(decode_legacy(&bytes, LegacyEncoding::Tcvn3), "ĐạI HọC Ă");
    // Capitals of the full TCVN 5712 table are read too.
    assert_eq!(decode_legacy(b"\xffI", LegacyEncoding::Tcvn3), "ỐI");
}

#[test]
fn tcvn3_keeps_windows_punctuation() {
    let bytes = b"\x93H\xb5 N\xe9i\x94 \x96 th\xf1 \xae\xab";
    assert_eq!(
        decode_legacy(bytes, LegacyEncoding::Tcvn3),
        "“Hà Nội” – thủ đô"
    );
}

#[test]
fn cp1258_accepts_precomposed_and_combining_forms() {
    // "à" as one code and as a + combining grave; "ấ" only as â + combining acute.
    assert_eq!(
        decode_legacy(b"\xe0 a\xcc \xe2\xec", LegacyEncoding::Cp1258),
        "à à ấ"
    );
    assert_eq!(decode_legacy(b"\xfe", LegacyEncoding::Cp1258), "₫");
}

#[test]
fn viqr_marks_versus_punctuation() {
    let cases = [
        ("Ha` No^.i.", "Hà Nội."),
        ("Anh ddi dda^u?", "Anh đi đâu?"),
        ("To^i ye^u Vie^.t Nam!", "Tôi yêu Việt Nam!"),
        ("Ca'c ba.n kho?e kho^ng?", "Các bạn khỏe không?"),
        ("Nguye^~n Tra^`n Thu+o+ng", "Nguyễn Trần Thương"),
        ("DDA(.NG DDU+'C", "ĐẶNG ĐỨC"),
        ("ho`a thu?y", "hòa thủy"),
        ("HDDND tha`nh pho^'", "HĐND thành phố"),
        ("e.g. you're odd, address", "e.g. you're odd, address"),
        ("Ha\\. No^.i\\?", "Ha. Nội?"),
        ("\\dd", "dd"),
        ("qu'y", "quý"),
    ];
    for (viqr, text) in cases {
        assert_eq!(
            decode_legacy(viqr.as_bytes(), LegacyEncoding::Viqr),
            text,
            "{viqr}"
        );
    }
}

#[test]
fn viqr_encoding_escapes_what_would_read_as_marks() {
    let text = "Hà Nội. Đi đâu? odd (a) a(b) u+1 C:\\dir";
    let bytes = encode_legacy(text, LegacyEncoding::Viqr);
    assert_eq!(decode_legacy(&bytes, LegacyEncoding::Viqr), text);
}

#[test]
fn round_trips_a_paragraph() {
    let text = "Điều 1. Thông qua Nghị quyết về kế hoạch phát triển kinh tế - xã hội năm 2025 \
                của thành phố; giao Uỷ ban nhân dân tổ chức thực hiện. Người dân, doanh nghiệp \
                được hưởng ưu đãi: giảm 50% phí, “hỗ trợ” khuyến khích đổi mới.";
    for enc in [
        LegacyEncoding::VniWindows,
        LegacyEncoding::Cp1258,
        LegacyEncoding::Viqr,
    ] {
        let bytes = encode_legacy(text, enc);
        assert_eq!(decode_legacy(&bytes, enc), text, "{enc:?}");
        assert_eq!(detect_legacy(&bytes), Some(enc), "{enc:?}");
        assert_eq!(decode_any(&bytes), text, "{enc:?}");
    }
    // TCVN3 loses only the case of "Đ"-less capitals with marks; this text has none.
    let bytes = encode_legacy(text, LegacyEncoding::Tcvn3);
    assert_eq!(decode_legacy(&bytes, LegacyEncoding::Tcvn3), text);
    assert_eq!(detect_legacy(&bytes), Some(LegacyEncoding::Tcvn3));
}

#[test]
fn detection_declines_unicode_and_foreign_text() {
    assert_eq!(detect_legacy(SENTENCE.as_bytes()), None);
    assert_eq!(detect_legacy(b"\xef\xbb\xbfHello"), None);
    assert_eq!(
        detect_legacy(b"Plain ASCII text, is it VIQR? No. Let's go."),
        None
    );
    assert_eq!(
        detect_legacy(b"Caf\xe9 cr\xe8me \xe0 la fran\xe7aise"),
        None
    );
    assert_eq!(detect_legacy(b"M\xfcller Stra\xdfe"), None);
    assert_eq!(detect_legacy(b""), None);
    assert_eq!(detect_legacy(b"\xff\xfe\x00"), None);
}

#[test]
fn decode_any_handles_utf8_bom_nfd_and_garbage() {
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice("Hà Nội".as_bytes());
    assert_eq!(decode_any(&with_bom), "Hà Nội");
    assert_eq!(
        decode_any("Ha\u{300} No\u{323}\u{302}i".as_bytes()),
        "Hà Nội"
    );
    assert_eq!(decode_any(b"plain text."), "plain text.");
    assert_eq!(decode_any(b"ab\xff"), "ab\u{FFFD}");
}
