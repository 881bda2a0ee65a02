//! "Did you mean": the query respelled the way the best match writes it, so a voter who
//! typed `ha noi` or a typo sees (and can click) "Hà Nội".

use crate::parse::Parsed;
use crate::snippet::{Highlighter, Match};
use crate::text::is_word_char;

/// The query with each word as the top hit spells it, or `None` when that is what the
/// user typed anyway (up to case and tone-mark style).
pub(crate) fn did_you_mean(
    parsed: &Parsed,
    highlighter: &Highlighter,
    title: &str,
    body: &str,
) -> Option<String> {
    let n = parsed.words().count();
    let mut forms: Vec<Option<&str>> = vec![None; n];
    let found: Vec<(&str, Vec<Match>)> = [title, body]
        .into_iter()
        .map(|t| (t, highlighter.matches(t)))
        .collect();

    // Words side by side in query order are the surest reading ("ha noi" next to each
    // other is "Hà Nội", not "hạ" somewhere and "nối" elsewhere): take the longest chain.
    let mut best: Option<(&str, &[Match])> = None;
    for (text, matches) in &found {
        let mut i = 0;
        while i < matches.len() {
            let mut j = i + 1;
            while j < matches.len()
                && matches[j].word == matches[j - 1].word + 1
                && !text[matches[j - 1].end..matches[j].start]
                    .chars()
                    .any(is_word_char)
            {
                j += 1;
            }
            if best.is_none_or(|(_, b)| j - i > b.len()) {
                best = Some((text, &matches[i..j]));
            }
            i = j;
        }
    }
    if let Some((text, chain)) = best {
        for m in chain {
            forms[m.word] = Some(&text[m.start..m.end]);
        }
    }
    // Any other word: its first appearance.
    for (text, matches) in &found {
        for m in matches {
            if forms[m.word].is_none() {
                forms[m.word] = Some(&text[m.start..m.end]);
            }
        }
    }

    let mut changed = false;
    let mut out = String::new();
    let mut k = 0;
    for run in &parsed.runs {
        if !out.is_empty() {
            out.push(' ');
        }
        if run.quoted {
            out.push('"');
        }
        for (i, w) in run.words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match forms[k] {
                Some(form) if vntext::canonical(form) != w.exact => {
                    changed = true;
                    out.push_str(form);
                }
                _ => out.push_str(&w.typed),
            }
            k += 1;
        }
        if run.quoted {
            out.push('"');
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn suggest(q: &str, title: &str, body: &str) -> Option<String> {
        let p = parse(q);
        let none = vec![Vec::new(); p.words().count()];
        did_you_mean(&p, &Highlighter::new(&p, &none), title, body)
    }

    #[test]
    fn respells_unaccented_query_from_the_best_chain() {
        assert_eq!(
            suggest("ha noi", "Hạ tầng giao thông", "Hà Nội có nhiều nơi ngập"),
            Some("Hà Nội".into())
        );
    }

    #[test]
    fn nothing_when_typed_as_written() {
        assert_eq!(suggest("Thành ủy", "Thành uỷ họp", ""), None);
        assert_eq!(suggest("HÀ NỘI", "Hà Nội", ""), None);
    }

    #[test]
    fn keeps_unmatched_words_and_quotes() {
        assert_eq!(
            suggest("\"thanh uy\" xyz", "Thành uỷ họp", ""),
            Some("\"Thành uỷ\" xyz".into())
        );
    }
}
