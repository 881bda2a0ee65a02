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
    // other is "Hà Nội", not "hạ" somewhere and "nối" elsewhere). Longest chains first;
    // a lone word is only trusted when the query is one word.
    let mut chains: Vec<(&str, &[Match])> = Vec::new();
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
            chains.push((text, &matches[i..j]));
            i = j;
        }
    }
    // Stable: among equally long chains the title's, then the earliest, wins.
    chains.sort_by_key(|(_, c)| std::cmp::Reverse(c.len()));
    let shortest = n.min(2);
    for (text, chain) in chains.into_iter().take_while(|(_, c)| c.len() >= shortest) {
        for m in chain {
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
    fn scattered_words_are_not_respelled() {
        assert_eq!(suggest("thanh uy", "Thanh Trì", "Ủy ban nhân dân"), None);
        assert_eq!(
            suggest("ngap ung ha dong", "Hà Đông: ngập úng", ""),
            Some("ngập úng Hà Đông".into())
        );
        assert_eq!(suggest("dat", "Đất ở", ""), Some("Đất".into()));
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
