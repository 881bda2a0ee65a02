//! Sorting people's names the Vietnamese way.

use std::cmp::Ordering;

use vntext::{compare_names, name_sort_key};

#[test]
fn sorts_by_given_name() {
    let expected = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Đức",
        "Phạm Thị Em",
    ];
    let mut names = vec![
        "Phạm Thị Em",
        "Lê Văn Đức",
        "Trần Thị Bình",
        "Nguyễn Văn An",
    ];
    names.sort_by(|a, b| compare_names(a, b));
    assert_eq!(names, expected);
    for pair in expected.windows(2) {
        assert_eq!(compare_names(pair[0], pair[1]), Ordering::Less, "{pair:?}");
    }
}

#[test]
fn same_given_name_falls_back_to_family_then_middle() {
    let mut names = vec![
        "Trần Văn An",
        "Nguyễn Văn An",
        "Nguyễn Thị An",
        "Đỗ An",
        "Dương An",
    ];
    names.sort_by_key(|n| name_sort_key(n));
    assert_eq!(
        names,
        [
            "Dương An",
            "Đỗ An",
            "Nguyễn Thị An",
            "Nguyễn Văn An",
            "Trần Văn An"
        ]
    );
}

#[test]
fn alphabet_letters_before_tones() {
    // ă and â are letters after a, so "Ân" sorts after "Anh"; tones only break ties.
    let mut names = vec!["Lê Ân", "Lê Anh", "Lê Ăn", "Lê An", "Lê Án", "Lê Ản"];
    names.sort_by(|a, b| compare_names(a, b));
    assert_eq!(
        names,
        ["Lê An", "Lê Ản", "Lê Án", "Lê Anh", "Lê Ăn", "Lê Ân"]
    );
}

#[test]
fn case_spacing_and_normalisation_do_not_matter() {
    assert_eq!(
        compare_names("NGUYỄN VĂN AN", "  nguyễn   văn an "),
        Ordering::Equal
    );
    assert_eq!(
        compare_names("Nguye\u{302}\u{303}n An", "Nguyễn An"),
        Ordering::Equal
    );
}

#[test]
fn uy_spellings_sort_together() {
    // The tone level compares marks, not their placement, so old and new spellings tie.
    assert_eq!(compare_names("Lê Thị Thủy", "Lê Thị Thuỷ"), Ordering::Equal);
}

#[test]
fn foreign_and_odd_names_still_order() {
    assert_eq!(compare_names("John Smith", "Zoe Adams"), Ordering::Greater);
    assert_eq!(compare_names("Anna Zed", "Bob Young"), Ordering::Greater);
    assert_eq!(
        compare_names("Nguyễn Văn 2", "Nguyễn Văn A"),
        Ordering::Less
    );
    assert_eq!(compare_names("Ông Ánh", "Ông Ánh"), Ordering::Equal);
}
