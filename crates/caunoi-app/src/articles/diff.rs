//! Line differences between two revisions, for the desk's "what changed" view.

use similar::{ChangeTag, TextDiff};

/// ("same" | "added" | "removed", line) in reading order.
pub fn lines(old: &str, new: &str) -> Vec<(&'static str, String)> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| {
            let kind = match c.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Insert => "added",
                ChangeTag::Delete => "removed",
            };
            (kind, c.value().trim_end_matches('\n').to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_what_changed() {
        let d = super::lines("một\nhai\nba\n", "một\nhai sửa\nba\n");
        assert_eq!(
            d,
            [
                ("same", "một".into()),
                ("removed", "hai".into()),
                ("added", "hai sửa".into()),
                ("same", "ba".into())
            ]
        );
    }
}
