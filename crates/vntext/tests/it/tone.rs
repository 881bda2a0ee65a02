//! Tone-mark placement on real words, in both styles.

use vntext::{ToneStyle, canonical, is_syllable, to_tone_style};

/// (old style, new style) spellings; identical where the styles agree.
const WORDS: &[(&str, &str)] = &[
    ("hòa", "hoà"),
    ("Hòa", "Hoà"),
    ("HÒA", "HOÀ"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("Thành ủy", "Thành uỷ"),
    ("Ủy ban", "Uỷ ban"),
    ("tỏa", "toả"),
    ("xòe", "xoè"),
    ("lũy", "luỹ"),
    ("Thụy Sĩ", "Thuỵ Sĩ"),
    ("hủy", "huỷ"),
    ("họa sĩ", "hoạ sĩ"),
    ("quý", "quý"),
    ("quỳ", "quỳ"),
    ("Quỳnh", "Quỳnh"),
    ("quả", "quả"),
    ("quốc", "quốc"),
    ("quyền", "quyền"),
    ("giờ", "giờ"),
    ("giữa", "giữa"),
    ("giá", "giá"),
    ("gì", "gì"),
    ("gìn giữ", "gìn giữ"),
    ("hoàng", "hoàng"),
    ("toán", "toán"),
    ("hoạch", "hoạch"),
    ("thuyền", "thuyền"),
    ("huỳnh", "huỳnh"),
    ("người", "người"),
    ("được", "được"),
    ("rượu", "rượu"),
    ("thuở", "thuở"),
    ("tuổi", "tuổi"),
    ("khuya", "khuya"),
    ("khuỷu", "khuỷu"),
    ("nghiêng", "nghiêng"),
    ("ngoài", "ngoài"),
    ("khuấy", "khuấy"),
    ("của", "của"),
    ("mùa", "mùa"),
    ("mía", "mía"),
    ("túi", "túi"),
    ("huệ", "huệ"),
    ("yếu", "yếu"),
    ("Việt", "Việt"),
];

#[test]
fn converts_real_words_both_ways() {
    for &(old, new) in WORDS {
        assert_eq!(to_tone_style(old, ToneStyle::New), new, "{old} -> new");
        assert_eq!(to_tone_style(new, ToneStyle::Old), old, "{new} -> old");
        assert_eq!(to_tone_style(old, ToneStyle::Old), old, "{old} stays old");
        assert_eq!(to_tone_style(new, ToneStyle::New), new, "{new} stays new");
        assert_eq!(canonical(old), canonical(new), "{old} ~ {new}");
    }
}

#[test]
fn every_table_word_is_a_syllable() {
    for &(old, new) in WORDS {
        for w in old.split(' ').chain(new.split(' ')) {
            assert!(is_syllable(w), "{w}");
        }
    }
}

#[test]
fn moves_misplaced_marks() {
    assert_eq!(to_tone_style("qúy", ToneStyle::Old), "quý");
    assert_eq!(to_tone_style("gía", ToneStyle::New), "giá");
    assert_eq!(to_tone_style("hoàng", ToneStyle::Old), "hoàng");
    assert_eq!(to_tone_style("hòang", ToneStyle::New), "hoàng");
    assert_eq!(to_tone_style("ngừơi", ToneStyle::New), "người");
}

#[test]
fn leaves_other_text_alone() {
    let s = "Hòa: café, naïve, résumé, 2024, hòà, Wi-Fi, 北京, x\u{301}!";
    let expected = "Hoà: café, naïve, résumé, 2024, hòà, Wi-Fi, 北京, x\u{301}!";
    assert_eq!(to_tone_style(s, ToneStyle::New), expected);
}

#[test]
fn accepts_decomposed_input() {
    assert_eq!(to_tone_style("tho\u{309}a", ToneStyle::New), "thoả");
    assert_eq!(canonical("Tho\u{309}a Thuận"), "thoả thuận");
}

#[test]
fn canonical_matches_across_case_and_style() {
    assert_eq!(canonical("Thành ủy"), canonical("Thành uỷ"));
    assert_eq!(canonical("THÀNH ỦY"), "thành uỷ");
}
