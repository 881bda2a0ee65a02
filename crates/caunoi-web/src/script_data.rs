//! JSON placed inside a `<script>` data block (JSON-LD and any other inline JSON).

/// `value` as JSON that cannot end or change its `<script>` block: `<`, `>` and `&` become
/// `\u003c`, `\u003e` and `\u0026` (a `<!--<script>` in a title would otherwise put the HTML
/// parser in "double escaped" state and blank the rest of the page). The result parses back
/// to the same value. Every inline script data block goes through here.
pub fn script_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn round_trips_and_holds_no_markup(s in "(<!--|<script>|</script>|]]>|&amp;|[<>&\"\\\\a-zư\u{2028}])*") {
            let v = serde_json::json!({"headline": s, "list": [s]});
            let out = script_json(&v);
            proptest::prop_assert!(!out.contains(['<', '>', '&']));
            let back: serde_json::Value = serde_json::from_str(&out).unwrap();
            proptest::prop_assert_eq!(back, v);
        }
    }
}
