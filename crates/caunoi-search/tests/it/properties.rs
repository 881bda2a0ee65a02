//! Properties: any text searches without panicking; a document is found by its own title.

use std::sync::LazyLock;

use caunoi_search::{SearchIndex, SearchQuery};
use proptest::prelude::*;

use crate::{doc, index_of};

static INDEX: LazyLock<SearchIndex> = LazyLock::new(|| {
    index_of(&[
        doc(
            1,
            "Hội đồng nhân dân thành phố Hà Nội",
            "Kỳ họp thường lệ cuối năm.",
        ),
        doc(
            2,
            "Cử tri phản ánh ô nhiễm \"khói bụi\"",
            "AND OR NOT ( ) + - * :",
        ),
        doc(3, "Thành ủy chỉ đạo", "Thuỷ lợi, hoà giải, khoẻ mạnh."),
    ])
});

/// Syllables to build plausible titles from, mixed with the odd ASCII word.
const SYLLABLES: &[&str] = &[
    "hội",
    "đồng",
    "nhân",
    "dân",
    "cử",
    "tri",
    "kiến",
    "nghị",
    "đất",
    "đai",
    "giao",
    "thông",
    "môi",
    "trường",
    "y",
    "tế",
    "giáo",
    "dục",
    "nước",
    "sạch",
    "thuỷ",
    "lợi",
    "hoà",
    "giải",
    "phường",
    "xã",
    "Hà",
    "Nội",
    "Đông",
    "Anh",
    "Sóc",
    "Sơn",
    "ngập",
    "úng",
    "rác",
    "thải",
    "chợ",
    "điện",
    "đường",
    "cầu",
    "trạm",
    "bơm",
    "sổ",
    "đỏ",
    "học",
    "phí",
    "bệnh",
    "viện",
    "COVID",
    "2025",
    "ATTP",
    "quy",
    "hoạch",
    "tái",
    "định",
    "cư",
    "giám",
    "sát",
    "kỳ",
    "họp",
];

fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SYLLABLES), 3..10).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_searches_without_panicking(text in "\\PC{0,300}|[\"():*+\\- ANDORT]{0,40}") {
        let r = INDEX.search(&SearchQuery::new(text)).unwrap();
        prop_assert!(r.items.len() <= 10);
    }

    #[test]
    fn a_document_is_found_by_its_exact_title(
        titles in prop::collection::vec(title(), 2..12),
        pick in any::<prop::sample::Index>(),
    ) {
        let docs: Vec<_> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| doc(i as i64, t, "Nội dung bài viết."))
            .collect();
        let index = index_of(&docs);
        let i = pick.index(docs.len());
        let r = index.search(&SearchQuery::new(titles[i].clone())).unwrap();
        let rank = r.items.iter().position(|h| h.id == i as i64);
        prop_assert!(
            rank.is_some_and(|r| r < 3),
            "{:?} ranked {:?} among {:?}",
            titles[i],
            rank,
            r.items.iter().map(|h| &h.title).collect::<Vec<_>>()
        );
    }
}
