//! Filters, facets, sort order and pages.

use caunoi_search::{SearchQuery, Sort};
use time::macros::datetime;

use crate::{full, ids, index_of};

fn council_index() -> caunoi_search::SearchIndex {
    index_of(&[
        full(
            "article",
            1,
            "Kỳ họp Hội đồng nhân dân phường Hoàn Kiếm",
            &["00070", "01"],
            Some("ky-hop"),
            Some(datetime!(2024-12-20 09:00 +7)),
        ),
        full(
            "article",
            2,
            "Hội đồng nhân dân xã Sóc Sơn giám sát trường học",
            &["00469", "01"],
            Some("giam-sat"),
            Some(datetime!(2025-06-02 14:00 +7)),
        ),
        full(
            "event",
            3,
            "Lịch tiếp công dân của Hội đồng nhân dân thành phố",
            &["01"],
            None,
            // 31/12/2025 23:30 in Hà Nội is still 2025 there, though 2025-12-31 16:30 UTC.
            Some(datetime!(2025-12-31 23:30 +7)),
        ),
        full(
            "article",
            4,
            "Hội đồng nhân dân tỉnh Ninh Bình họp chuyên đề",
            &["37"],
            Some("ky-hop"),
            None,
        ),
        full(
            "unit",
            5,
            "Hội đồng nhân dân phường Hoàn Kiếm khoá mới",
            &["00070", "01"],
            None,
            Some(datetime!(2026-01-05 08:00 +7)),
        ),
    ])
}

fn q(text: &str) -> SearchQuery {
    SearchQuery::new(text)
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

#[test]
fn filters_narrow_by_kind_unit_category_and_year() {
    let index = council_index();
    let run = |query: SearchQuery| sorted(ids(&index.search(&query).unwrap()));
    assert_eq!(run(q("hội đồng nhân dân")), [1, 2, 3, 4, 5]);
    assert_eq!(
        run(SearchQuery {
            kind: Some("article".into()),
            ..q("hoi dong nhan dan")
        }),
        [1, 2, 4]
    );
    // A unit's code matches everything below it.
    assert_eq!(
        run(SearchQuery {
            unit: Some("01".into()),
            ..q("hoi dong nhan dan")
        }),
        [1, 2, 3, 5]
    );
    assert_eq!(
        run(SearchQuery {
            unit: Some("00070".into()),
            ..q("hoi dong nhan dan")
        }),
        [1, 5]
    );
    assert_eq!(
        run(SearchQuery {
            category: Some("ky-hop".into()),
            ..q("hoi dong nhan dan")
        }),
        [1, 4]
    );
    assert_eq!(
        run(SearchQuery {
            year: Some(2025),
            ..q("hoi dong nhan dan")
        }),
        [2, 3],
        "years are Vietnam time"
    );
    assert_eq!(
        run(SearchQuery {
            year: Some(2025),
            kind: Some("event".into()),
            ..q("hoi dong nhan dan")
        }),
        [3]
    );
    assert!(
        run(SearchQuery {
            kind: Some("petition".into()),
            ..q("hoi dong nhan dan")
        })
        .is_empty()
    );
}

#[test]
fn facets_count_the_filtered_matches() {
    let index = council_index();
    let all = index.search(&q("hội đồng nhân dân")).unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(
        all.facets.kind,
        [
            ("article".into(), 3),
            ("event".into(), 1),
            ("unit".into(), 1)
        ]
    );
    assert_eq!(
        all.facets.category,
        [("ky-hop".into(), 2), ("giam-sat".into(), 1)]
    );
    assert_eq!(all.facets.year, [(2026, 1), (2025, 2), (2024, 1)]);
    assert_eq!(
        all.facets.unit,
        [
            ("00070".into(), 2),
            ("00469".into(), 1),
            ("01".into(), 1),
            ("37".into(), 1)
        ]
    );

    let filtered = index
        .search(&SearchQuery {
            unit: Some("01".into()),
            kind: Some("article".into()),
            ..q("hoi dong nhan dan")
        })
        .unwrap();
    assert_eq!(filtered.total, 2);
    assert_eq!(filtered.facets.kind, [("article".into(), 2)]);
    assert_eq!(filtered.facets.year, [(2025, 1), (2024, 1)]);
}

#[test]
fn newest_first_puts_undated_last() {
    let index = council_index();
    let results = index
        .search(&SearchQuery {
            sort: Sort::Newest,
            ..q("hội đồng nhân dân")
        })
        .unwrap();
    assert_eq!(ids(&results), [5, 3, 2, 1, 4]);
    assert_eq!(
        results.items[0].published_at,
        Some(datetime!(2026-01-05 01:00 UTC))
    );
    assert_eq!(results.items[4].published_at, None);
}

#[test]
fn pages_split_the_results() {
    let index = council_index();
    let page = |n, per| {
        index
            .search(&SearchQuery {
                page: n,
                per_page: per,
                sort: Sort::Newest,
                ..q("hoi dong")
            })
            .unwrap()
    };
    assert_eq!(ids(&page(1, 2)), [5, 3]);
    assert_eq!(ids(&page(2, 2)), [2, 1]);
    assert_eq!(ids(&page(3, 2)), [4]);
    assert!(page(4, 2).items.is_empty());
    assert_eq!(page(4, 2).total, 5);
    assert_eq!(
        ids(&page(0, 0)).len(),
        5,
        "page 0 is the first, per page 0 is ten"
    );
    assert!(page(usize::MAX, usize::MAX).items.is_empty());
}

#[test]
fn hits_carry_what_the_page_shows() {
    let index = council_index();
    let results = index.search(&q("soc son")).unwrap();
    let hit = &results.items[0];
    assert_eq!(hit.kind, "article");
    assert_eq!(hit.id, 2);
    assert_eq!(hit.url, "/article/2");
    assert_eq!(
        hit.title,
        "Hội đồng nhân dân xã Sóc Sơn giám sát trường học"
    );
    assert!(hit.score > 0.0);
    assert_eq!(hit.published_at, Some(datetime!(2025-06-02 07:00 UTC)));
    assert_eq!(results.did_you_mean.as_deref(), Some("Sóc Sơn"));
}
