//! Whatever a user types, search answers: no error, no panic, a notice when it helps.

use caunoi_search::{MAX_QUERY_CHARS, QueryNotice};

use crate::{doc, ids, index_of, search};

fn index() -> caunoi_search::SearchIndex {
    index_of(&[
        doc(
            1,
            "Cử tri kiến nghị về đất đai",
            "Nhiều hộ dân chưa được cấp sổ đỏ.",
        ),
        doc(
            2,
            "Giám sát an toàn thực phẩm",
            "Kiểm tra bếp ăn tập thể trường học.",
        ),
    ])
}

#[test]
fn empty_query_has_no_results_and_says_so() {
    let index = index();
    for q in ["", "   ", "\n\t"] {
        let r = search(&index, q);
        assert!(r.items.is_empty());
        assert_eq!(r.total, 0);
        assert_eq!(r.notice, Some(QueryNotice::Empty), "{q:?}");
    }
}

#[test]
fn operators_only_are_reported() {
    let index = index();
    for q in [
        "AND",
        "OR NOT",
        "( )",
        "+ - * :",
        "AND OR NOT ( ) + - * :",
        "\"\"",
        "-:*",
    ] {
        let r = search(&index, q);
        assert!(r.items.is_empty(), "{q}");
        assert_eq!(r.notice, Some(QueryNotice::OnlyOperators), "{q}");
    }
}

#[test]
fn operators_among_words_are_ignored() {
    let index = index();
    let r = search(&index, "đất AND đai");
    assert_eq!(ids(&r), [1]);
    assert_eq!(r.notice, None);
    assert_eq!(ids(&search(&index, "+thực -phẩm* (an:toàn)")), [2]);
}

#[test]
fn unbalanced_quotes_search_the_words() {
    let index = index();
    let r = search(&index, "\"an toàn thực phẩm");
    assert_eq!(ids(&r), [2]);
    assert_eq!(r.notice, Some(QueryNotice::UnbalancedQuotes));
    let r = search(&index, "đất \"đai\" \"");
    assert_eq!(ids(&r), [1]);
    assert_eq!(r.notice, Some(QueryNotice::UnbalancedQuotes));
}

#[test]
fn ten_kilobytes_are_cut_and_reported() {
    let index = index();
    let long = format!("đất đai {}", "kiến nghị cử tri ".repeat(600));
    assert!(long.len() > 10_000);
    let r = search(&index, &long);
    assert_eq!(r.notice, Some(QueryNotice::TooLong));
    assert_eq!(ids(&r), [1], "the first words still count");

    let no_spaces = "x".repeat(10_240);
    let r = search(&index, &no_spaces);
    assert!(r.items.is_empty());
    assert_eq!(r.notice, Some(QueryNotice::TooLong));
    const { assert!(MAX_QUERY_CHARS < 10_000) };
}

#[test]
fn odd_input_is_just_text() {
    let index = index();
    for q in [
        "\u{0}\u{1}\u{7f}",
        "đ\u{301}\u{301}\u{301}",
        "🙂🙂 đất",
        "title:đất",
        "body:[a TO z]",
        "*",
        "~2 ^3 /regex/",
        "\\\"",
        "Vie\u{302}\u{323}t Nam",
        "ذذ 中文 ру́сский",
    ] {
        let r = index
            .search(&caunoi_search::SearchQuery::new(q))
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
        assert!(r.items.len() <= 10);
    }
    // NFD input is read as the NFC it stands for.
    assert_eq!(ids(&search(&index, "đa\u{302}\u{301}t")), [1]);
}
