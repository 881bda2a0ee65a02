//! Writing: replacing, deleting, clearing, rebuilding in bulk, and reopening from disk.

use caunoi_search::{BulkOptions, SearchIndex};

use crate::{doc, ids, index_of, search};

#[test]
fn upsert_replaces_by_kind_and_id() {
    let index = index_of(&[doc(
        1,
        "Dự thảo nghị quyết về học phí",
        "Bản dự thảo lần một.",
    )]);
    index
        .upsert(&[doc(
            1,
            "Nghị quyết về học phí đã thông qua",
            "Bản chính thức.",
        )])
        .unwrap();
    assert_eq!(index.doc_count(), 1);
    let r = search(&index, "hoc phi");
    assert_eq!(r.items[0].title, "Nghị quyết về học phí đã thông qua");
    assert_eq!(search(&index, "du thao").total, 0);

    // Same id, another kind: a different document.
    let mut event = doc(1, "Lịch họp về học phí", "");
    event.kind = "event".into();
    index.upsert(&[event]).unwrap();
    assert_eq!(index.doc_count(), 2);
}

#[test]
fn delete_and_clear() {
    let index = index_of(&[
        doc(1, "Cử tri Đông Anh", "Ý kiến về đường sá."),
        doc(2, "Cử tri Gia Lâm", "Ý kiến về trường học."),
    ]);
    index.delete("article", 1).unwrap();
    index.delete("article", 99).unwrap();
    assert_eq!(ids(&search(&index, "cu tri")), [2]);
    index.clear().unwrap();
    assert_eq!(index.doc_count(), 0);
    assert_eq!(search(&index, "cu tri").total, 0);
    // Writable again afterwards.
    index.upsert(&[doc(3, "Cử tri Mê Linh", "")]).unwrap();
    assert_eq!(ids(&search(&index, "me linh")), [3]);
}

#[test]
fn bulk_rebuild_swaps_content_at_commit() {
    let index = index_of(&[doc(1, "Bài cũ về thủy lợi", "")]);
    let mut bulk = index
        .bulk_with(BulkOptions {
            threads: 2,
            memory_bytes: 64 << 20,
        })
        .unwrap();
    bulk.clear().unwrap();
    for i in 10..60 {
        bulk.add(doc(
            i,
            &format!("Bài mới số {i} về thuỷ lợi"),
            "Nạo vét kênh mương.",
        ))
        .unwrap();
    }
    assert_eq!(bulk.added(), 50);
    // Nothing changes for readers until the commit.
    assert_eq!(ids(&search(&index, "cu")), [1]);
    bulk.commit().unwrap();
    assert_eq!(index.doc_count(), 50);
    assert_eq!(search(&index, "cu").total, 0);
    assert_eq!(search(&index, "thủy lợi").total, 50);

    // Ordinary writes work after a bulk writer, and a dropped one discards its work.
    index.upsert(&[doc(1, "Bài cũ quay lại", "")]).unwrap();
    {
        let mut bulk = index.bulk().unwrap();
        bulk.add(doc(500, "Không bao giờ thấy", "")).unwrap();
    }
    assert_eq!(index.doc_count(), 51);
    assert_eq!(search(&index, "\"khong bao gio\"").total, 0);
}

#[test]
fn bulk_replace_replaces() {
    let index = index_of(&[doc(1, "Phiên bản đầu", "")]);
    let mut bulk = index.bulk().unwrap();
    bulk.replace(doc(1, "Phiên bản sau", "")).unwrap();
    bulk.commit().unwrap();
    assert_eq!(index.doc_count(), 1);
    assert_eq!(search(&index, "phien ban").items[0].title, "Phiên bản sau");
}

#[test]
fn reopened_index_still_understands_vietnamese() {
    let dir = std::env::temp_dir().join(format!("caunoi-search-it-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let index = SearchIndex::open_or_create(&dir).unwrap();
        index
            .upsert(&[doc(7, "Thành uỷ Hà Nội sơ kết quý", "Báo cáo sơ kết.")])
            .unwrap();
    }
    let index = SearchIndex::open_or_create(&dir).unwrap();
    assert_eq!(index.doc_count(), 1);
    assert_eq!(ids(&search(&index, "thanh uy ha noi")), [7]);
    assert_eq!(ids(&search(&index, "Thành ủy")), [7]);
    drop(index);
    std::fs::remove_dir_all(&dir).unwrap();
}
