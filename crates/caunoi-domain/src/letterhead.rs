//! The official header and signature block of an administrative document (Nghị định
//! 30/2020/NĐ-CP, Phụ lục I): issuing body, number, place and date, recipients and signer,
//! with the decree's wording rules for each line.

use crate::FieldError;
use time::Date;

/// Quốc hiệu.
pub const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// The heading of the recipients' list.
pub const RECIPIENTS_HEADING: &str = "Nơi nhận:";
/// Ký hiệu of a council's report (báo cáo of the HĐND).
pub const REPORT_SYMBOL: &str = "BC-HĐND";
/// The authority line a report of the standing board carries by default.
pub const DEFAULT_AUTHORITY: &str = "TM. THƯỜNG TRỰC HĐND";
pub const DEFAULT_SIGNER_TITLE: &str = "CHỦ TỊCH";
pub const DEFAULT_RECIPIENTS: [&str; 2] = ["Như trên;", "Lưu: VT."];

/// The abbreviations an authority line starts with (Điều 13 of the decree): thay mặt, ký
/// thay, thừa lệnh, thừa ủy quyền, quyền.
const AUTHORITY_PREFIXES: [&str; 5] = ["TM.", "KT.", "TL.", "TUQ.", "Q."];

const MAX_ISSUER_LINES: usize = 3;
const MAX_AUTHORITY_LINES: usize = 3;
const MAX_RECIPIENTS: usize = 15;
const MAX_LINE: usize = 80;
const MAX_RECIPIENT: usize = 150;
const MAX_NUMBER_DIGITS: usize = 6;

/// The header as typed on the form or given to the command line: multi-line fields hold one
/// line per `\n`. `None` means "not given": the default for the council is used.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LetterheadInput {
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub place: Option<String>,
    pub date: Option<String>,
    pub authority: Option<String>,
    pub signer_title: Option<String>,
    pub signer: Option<String>,
    pub recipients: Option<String>,
}

impl LetterheadInput {
    /// Each field given here, otherwise the one of `defaults`.
    pub fn or(self, defaults: &LetterheadInput) -> LetterheadInput {
        let pick = |a: Option<String>, b: &Option<String>| a.or_else(|| b.clone());
        LetterheadInput {
            issuer: pick(self.issuer, &defaults.issuer),
            number: pick(self.number, &defaults.number),
            place: pick(self.place, &defaults.place),
            date: pick(self.date, &defaults.date),
            authority: pick(self.authority, &defaults.authority),
            signer_title: pick(self.signer_title, &defaults.signer_title),
            signer: pick(self.signer, &defaults.signer),
            recipients: pick(self.recipients, &defaults.recipients),
        }
    }

    /// The defaults of a council: its name as the issuing body, its unit as the place, today,
    /// the standing board's authority line, the chair (when the registry knows them) as signer.
    pub fn defaults(council_name: &str, unit_name: &str, today: Date, chair: Option<&str>) -> Self {
        LetterheadInput {
            issuer: Some(issuer_of(council_name).join("\n")),
            number: Some(String::new()),
            place: Some(place_of(unit_name)),
            date: Some(crate::vntime::format_date(today)),
            authority: Some(DEFAULT_AUTHORITY.to_owned()),
            signer_title: Some(DEFAULT_SIGNER_TITLE.to_owned()),
            signer: Some(chair.unwrap_or_default().to_owned()),
            recipients: Some(DEFAULT_RECIPIENTS.join("\n")),
        }
    }
}

/// A checked header, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Letterhead {
    /// The issuing body, upper case, one line each.
    pub issuer: Vec<String>,
    /// The number once the clerk has one.
    pub number: Option<u32>,
    pub place: String,
    pub date: Date,
    /// Upper case; empty when the head signs in their own name.
    pub authority: Vec<String>,
    /// Upper case.
    pub signer_title: String,
    /// Empty when the name is written by hand.
    pub signer: String,
    /// Without the leading dash.
    pub recipients: Vec<String>,
}

fn err(field: &'static str, vi: &str, en: &str) -> FieldError {
    FieldError::new(field, vi, en)
}

/// The non-empty lines of a multi-line field, trimmed, NFC.
fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| vntext::nfc(l.trim()))
        .filter(|l| !l.is_empty())
        .collect()
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

impl Letterhead {
    /// Checks every field and names each one that is wrong, with the fix. Missing fields are
    /// refused like empty ones: merge with [`LetterheadInput::or`] first.
    pub fn parse(input: &LetterheadInput) -> Result<Letterhead, Vec<FieldError>> {
        let text = |o: &Option<String>| o.as_deref().unwrap_or_default().to_owned();
        let mut errors = Vec::new();

        let issuer: Vec<String> = lines(&text(&input.issuer))
            .iter()
            .map(|l| upper(l))
            .collect();
        if issuer.is_empty()
            || issuer.len() > MAX_ISSUER_LINES
            || issuer
                .iter()
                .any(|l| too_long(l, MAX_LINE) || has_control(l))
        {
            errors.push(err(
                "issuer",
                "Cơ quan ban hành: nhập tên cơ quan, tối đa 3 dòng, mỗi dòng tối đa 80 ký tự (ví dụ HỘI ĐỒNG NHÂN DÂN, dòng dưới THÀNH PHỐ HÀ NỘI).",
                "give the issuing body in 1 to 3 lines of at most 80 characters (e.g. HỘI ĐỒNG NHÂN DÂN, then THÀNH PHỐ HÀ NỘI)",
            ));
        }

        let number_text = text(&input.number).trim().to_owned();
        let number = if number_text.is_empty() {
            None
        } else {
            match number_text.parse::<u32>() {
                Ok(n)
                    if n > 0
                        && number_text.len() <= MAX_NUMBER_DIGITS
                        && number_text.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Some(n)
                }
                _ => {
                    errors.push(err(
                        "number",
                        "Số văn bản: chỉ nhập phần số (ví dụ 125, tối đa 6 chữ số), hoặc để trống khi chưa cấp số.",
                        "use the number only (e.g. 125, at most 6 digits), or leave it empty until the report is numbered",
                    ));
                    None
                }
            }
        };

        let place = vntext::nfc(text(&input.place).trim());
        if place.is_empty() || too_long(&place, 50) || has_control(&place) {
            errors.push(err(
                "place",
                "Địa danh: nhập nơi ban hành, ví dụ Hà Nội (tối đa 50 ký tự).",
                "give the place of issue, e.g. Hà Nội (at most 50 characters)",
            ));
        }

        let date = text(&input.date);
        let date = crate::vntime::parse_date(&date);
        if date.is_none() {
            errors.push(err(
                "date",
                "Ngày ban hành: nhập một ngày có thật theo dạng ngày/tháng/năm, ví dụ 05/12/2026.",
                "give a real day as dd/mm/yyyy, e.g. 05/12/2026",
            ));
        }

        let authority: Vec<String> = lines(&text(&input.authority))
            .iter()
            .map(|l| upper(l))
            .collect();
        if authority.len() > MAX_AUTHORITY_LINES
            || authority.iter().any(|l| {
                too_long(l, MAX_LINE)
                    || has_control(l)
                    || !AUTHORITY_PREFIXES.iter().any(|p| l.starts_with(p))
            })
        {
            errors.push(err(
                "authority",
                "Thẩm quyền ký: mỗi dòng bắt đầu bằng TM., KT., TL., TUQ. hoặc Q. (ví dụ TM. THƯỜNG TRỰC HĐND), tối đa 3 dòng; để trống khi người đứng đầu ký trực tiếp.",
                "start each line with TM., KT., TL., TUQ. or Q. (e.g. TM. THƯỜNG TRỰC HĐND), at most 3 lines; leave it empty when the head signs in their own name",
            ));
        }

        let signer_title = upper(text(&input.signer_title).trim());
        if signer_title.is_empty()
            || too_long(&signer_title, MAX_LINE)
            || has_control(&signer_title)
        {
            errors.push(err(
                "signer-title",
                "Chức vụ người ký: nhập chức vụ, ví dụ CHỦ TỊCH hoặc PHÓ CHỦ TỊCH (tối đa 80 ký tự).",
                "give the signer's title, e.g. CHỦ TỊCH or PHÓ CHỦ TỊCH (at most 80 characters)",
            ));
        }

        let signer = vntext::nfc(text(&input.signer).trim());
        if too_long(&signer, MAX_LINE)
            || has_control(&signer)
            || signer.chars().any(|c| c.is_ascii_digit())
        {
            errors.push(err(
                "signer",
                "Họ và tên người ký: nhập họ tên đầy đủ, không có chữ số, tối đa 80 ký tự (ví dụ Nguyễn Văn An); để trống nếu sẽ ghi tay.",
                "give the signer's full name without digits, at most 80 characters (e.g. Nguyễn Văn An); leave it empty to write it by hand",
            ));
        }

        let recipients: Vec<String> = lines(&text(&input.recipients))
            .iter()
            .map(|l| recipient(l))
            .filter(|l| !l.is_empty())
            .collect();
        if recipients.is_empty()
            || recipients.len() > MAX_RECIPIENTS
            || recipients
                .iter()
                .any(|l| too_long(l, MAX_RECIPIENT) || has_control(l))
        {
            errors.push(err(
                "recipient",
                "Nơi nhận: nhập từ 1 đến 15 nơi nhận, mỗi dòng một nơi, tối đa 150 ký tự (ví dụ Lưu: VT.).",
                "give 1 to 15 recipients, one per line, at most 150 characters each (e.g. Lưu: VT.)",
            ));
        }

        match (errors.is_empty(), date) {
            (true, Some(date)) => Ok(Letterhead {
                issuer,
                number,
                place,
                date,
                authority,
                signer_title,
                signer,
                recipients,
            }),
            _ => Err(errors),
        }
    }

    /// "Số: 125/BC-HĐND", or dots to fill in by hand.
    pub fn number_line(&self, symbol: &str) -> String {
        match self.number {
            Some(n) => format!("Số: {n}/{symbol}"),
            None => format!("Số: ……/{symbol}"),
        }
    }

    pub fn date_line(&self) -> String {
        date_line(&self.place, self.date)
    }

    /// The recipients as printed: "- Như trên;".
    pub fn recipient_lines(&self) -> Vec<String> {
        self.recipients.iter().map(|r| format!("- {r}")).collect()
    }
}

/// "Hà Nội, ngày 05 tháng 02 năm 2026": a day below 10 and the months 1 and 2 take a
/// leading zero, the other months do not (Phụ lục I, mục 5.b).
pub fn date_line(place: &str, d: Date) -> String {
    let month = u8::from(d.month());
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!(
        "{place}, ngày {:02} tháng {month} năm {}",
        d.day(),
        d.year()
    )
}

/// Upper case as Vietnamese is printed: every letter with its marks ("Hội đồng" → "HỘI
/// ĐỒNG"), the result NFC whatever form the input was in.
pub fn upper(s: &str) -> String {
    vntext::nfc(&vntext::nfc(s).to_uppercase())
}

/// A recipient without the dash or bullet typed before it.
fn recipient(line: &str) -> String {
    line.trim_start_matches(['-', '–', '—', '•', '+', '*', ' ', '\t'])
        .trim()
        .to_owned()
}

fn folded_words(s: &str) -> Vec<String> {
    s.split_whitespace().map(vntext::fold).collect()
}

/// The issuing body from a council's name: "Hội đồng nhân dân Thành phố Hà Nội" →
/// "HỘI ĐỒNG NHÂN DÂN" over "THÀNH PHỐ HÀ NỘI"; a name of another shape on one line.
pub fn issuer_of(council_name: &str) -> Vec<String> {
    let words: Vec<&str> = council_name.split_whitespace().collect();
    let folded = folded_words(council_name);
    let skip = if folded.len() > 4 && folded[..4] == ["hoi", "dong", "nhan", "dan"] {
        4
    } else if folded.len() > 1 && folded[0] == "hdnd" {
        1
    } else {
        0
    };
    if skip == 0 {
        return vec![upper(&words.join(" "))];
    }
    vec![
        "HỘI ĐỒNG NHÂN DÂN".to_owned(),
        upper(&words[skip..].join(" ")),
    ]
}

/// The place name (địa danh) of a unit: its proper name without the kind ("Thành phố Hà Nội"
/// → "Hà Nội", "Xã Tân Lập" → "Tân Lập"); a unit named by a number keeps its full name
/// ("Phường 1").
pub fn place_of(unit_name: &str) -> String {
    const KINDS: [&[&str]; 9] = [
        &["thanh", "pho"],
        &["thi", "xa"],
        &["thi", "tran"],
        &["dac", "khu"],
        &["tinh"],
        &["xa"],
        &["phuong"],
        &["quan"],
        &["huyen"],
    ];
    let words: Vec<&str> = unit_name.split_whitespace().collect();
    let folded = folded_words(unit_name);
    for kind in KINDS {
        let n = kind.len();
        if folded.len() > n && folded[..n] == *kind {
            let rest = words[n..].join(" ");
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                break;
            }
            return vntext::nfc(&rest);
        }
    }
    vntext::nfc(&words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn input() -> LetterheadInput {
        LetterheadInput::defaults(
            "Hội đồng nhân dân Thành phố Hà Nội",
            "Thành phố Hà Nội",
            date!(2026 - 12 - 05),
            Some("Nguyễn Thị Lan"),
        )
    }

    #[test]
    fn date_lines_follow_the_decree() {
        assert_eq!(
            date_line("Hà Nội", date!(2026 - 12 - 05)),
            "Hà Nội, ngày 05 tháng 12 năm 2026"
        );
        assert_eq!(
            date_line("Hà Nội", date!(2020 - 02 - 05)),
            "Hà Nội, ngày 05 tháng 02 năm 2020"
        );
        assert_eq!(
            date_line("Hà Nội", date!(2020 - 01 - 31)),
            "Hà Nội, ngày 31 tháng 01 năm 2020"
        );
        assert_eq!(
            date_line("Tân Lập", date!(2020 - 06 - 29)),
            "Tân Lập, ngày 29 tháng 6 năm 2020"
        );
        assert_eq!(
            date_line("Huế", date!(2026 - 03 - 10)),
            "Huế, ngày 10 tháng 3 năm 2026"
        );
    }

    /// Reads "…, ngày DD tháng M năm YYYY" back, checking the zero rule on the way.
    fn read_date_line(line: &str) -> Option<Date> {
        let (_, rest) = line.split_once(", ngày ")?;
        let (day, rest) = rest.split_once(" tháng ")?;
        let (month, year) = rest.split_once(" năm ")?;
        let m: u8 = month.parse().ok()?;
        let d: u8 = day.parse().ok()?;
        let zero_month = month.len() == 2 && month.starts_with('0');
        if day.len() != 2 || zero_month != (m <= 2) {
            return None;
        }
        Date::from_calendar_date(year.parse().ok()?, m.try_into().ok()?, d).ok()
    }

    #[test]
    fn every_day_of_a_leap_and_a_common_year_reads_back() {
        for year in [2024, 2026] {
            let mut d = Date::from_calendar_date(year, time::Month::January, 1).unwrap();
            while d.year() == year {
                let line = date_line("Hà Nội", d);
                assert_eq!(read_date_line(&line), Some(d), "{line}");
                d = d.next_day().unwrap();
            }
        }
    }

    proptest! {
        #[test]
        fn any_date_line_reads_back(days in 0i32..(300 * 366)) {
            let d = Date::from_calendar_date(1900, time::Month::January, 1).unwrap()
                + time::Duration::days(days.into());
            prop_assert_eq!(read_date_line(&date_line("Đà Nẵng", d)), Some(d));
        }

        #[test]
        fn upper_case_keeps_every_mark_and_is_nfc(
            s in "[a-zA-Z ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐ]{0,40}",
            decompose in any::<bool>(),
        ) {
            let input = if decompose {
                // The same text with its marks as combining characters.
                unicode_nfd(&s)
            } else {
                s.clone()
            };
            let u = upper(&input);
            prop_assert!(vntext::is_nfc(&u));
            prop_assert_eq!(upper(&u), u.clone());
            prop_assert_eq!(vntext::fold(&u), vntext::fold(&s));
            // Lower-casing gives the text back with every mark where it was.
            prop_assert_eq!(u.to_lowercase(), s.to_lowercase());
            prop_assert_eq!(u.chars().count(), s.chars().count());
            prop_assert!(!u.chars().any(char::is_lowercase));
        }

        #[test]
        fn recipients_lose_their_dashes_once(r in "[ -]{0,3}[A-Za-zđĐ][A-Za-zđĐ :;.]{0,20}") {
            let once = recipient(&r);
            prop_assert_eq!(recipient(&once), once.clone());
            prop_assert!(!once.starts_with(['-', ' ']));
        }
    }

    fn unicode_nfd(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd().collect()
    }

    #[test]
    fn upper_case_of_the_council_words() {
        assert_eq!(
            upper("Thường trực HĐND tỉnh Quảng Ngãi"),
            "THƯỜNG TRỰC HĐND TỈNH QUẢNG NGÃI"
        );
        assert_eq!(upper("đặc khu Phú Quốc"), "ĐẶC KHU PHÚ QUỐC");
        // "ệ" typed as e + circumflex + dot below.
        assert_eq!(upper("Ngh\u{0065}\u{0302}\u{0323}"), "NGHỆ");
    }

    #[test]
    fn the_issuer_comes_from_the_council_name() {
        assert_eq!(
            issuer_of("Hội đồng nhân dân Thành phố Hà Nội"),
            ["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
        );
        assert_eq!(
            issuer_of("HĐND xã Tân Lập"),
            ["HỘI ĐỒNG NHÂN DÂN", "XÃ TÂN LẬP"]
        );
        assert_eq!(
            issuer_of("Thường trực HĐND tỉnh Lâm Đồng"),
            ["THƯỜNG TRỰC HĐND TỈNH LÂM ĐỒNG"]
        );
    }

    #[test]
    fn the_place_is_the_units_proper_name() {
        assert_eq!(place_of("Thành phố Hà Nội"), "Hà Nội");
        assert_eq!(place_of("Tỉnh Quảng Ninh"), "Quảng Ninh");
        assert_eq!(place_of("Xã Tân Lập"), "Tân Lập");
        assert_eq!(place_of("phường Ba Đình"), "Ba Đình");
        assert_eq!(place_of("Đặc khu Côn Đảo"), "Côn Đảo");
        assert_eq!(place_of("Phường 1"), "Phường 1");
        assert_eq!(place_of("Hà Nội"), "Hà Nội");
    }

    #[test]
    fn the_defaults_parse_into_a_header() {
        let h = Letterhead::parse(&input()).unwrap();
        assert_eq!(h.issuer, ["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]);
        assert_eq!(h.number_line(REPORT_SYMBOL), "Số: ……/BC-HĐND");
        assert_eq!(h.date_line(), "Hà Nội, ngày 05 tháng 12 năm 2026");
        assert_eq!(h.authority, ["TM. THƯỜNG TRỰC HĐND"]);
        assert_eq!(h.signer_title, "CHỦ TỊCH");
        assert_eq!(h.signer, "Nguyễn Thị Lan");
        assert_eq!(h.recipient_lines(), ["- Như trên;", "- Lưu: VT."]);
    }

    #[test]
    fn typed_values_are_tidied() {
        let h = Letterhead::parse(&LetterheadInput {
            number: Some(" 125 ".into()),
            authority: Some("tm. thường trực hđnd\n  kt. chủ tịch  \n".into()),
            signer_title: Some("phó chủ tịch".into()),
            recipients: Some("- Thường trực HĐND Thành phố;\n\n• Lưu: VT.".into()),
            ..input()
        })
        .unwrap();
        assert_eq!(h.number_line(REPORT_SYMBOL), "Số: 125/BC-HĐND");
        assert_eq!(h.authority, ["TM. THƯỜNG TRỰC HĐND", "KT. CHỦ TỊCH"]);
        assert_eq!(h.signer_title, "PHÓ CHỦ TỊCH");
        assert_eq!(
            h.recipient_lines(),
            ["- Thường trực HĐND Thành phố;", "- Lưu: VT."]
        );
        // The head signing in their own name has no authority line.
        let own = LetterheadInput {
            authority: Some(String::new()),
            ..input()
        };
        assert!(Letterhead::parse(&own).unwrap().authority.is_empty());
    }

    #[test]
    fn each_bad_field_is_named_with_its_fix() {
        let cases: [(&str, LetterheadInput); 12] = [
            (
                "issuer",
                LetterheadInput {
                    issuer: Some(" \n ".into()),
                    ..input()
                },
            ),
            (
                "issuer",
                LetterheadInput {
                    issuer: Some("A\nB\nC\nD".into()),
                    ..input()
                },
            ),
            (
                "number",
                LetterheadInput {
                    number: Some("12a".into()),
                    ..input()
                },
            ),
            (
                "number",
                LetterheadInput {
                    number: Some("0".into()),
                    ..input()
                },
            ),
            (
                "number",
                LetterheadInput {
                    number: Some("1234567".into()),
                    ..input()
                },
            ),
            (
                "place",
                LetterheadInput {
                    place: None,
                    ..input()
                },
            ),
            (
                "date",
                LetterheadInput {
                    date: Some("31/02/2026".into()),
                    ..input()
                },
            ),
            (
                "date",
                LetterheadInput {
                    date: Some("hôm nay".into()),
                    ..input()
                },
            ),
            (
                "authority",
                LetterheadInput {
                    authority: Some("Thay mặt Thường trực".into()),
                    ..input()
                },
            ),
            (
                "signer-title",
                LetterheadInput {
                    signer_title: Some("  ".into()),
                    ..input()
                },
            ),
            (
                "signer",
                LetterheadInput {
                    signer: Some("Nguyễn Văn 2".into()),
                    ..input()
                },
            ),
            (
                "recipient",
                LetterheadInput {
                    recipients: Some("-\n - ".into()),
                    ..input()
                },
            ),
        ];
        for (field, case) in cases {
            let errors = Letterhead::parse(&case).unwrap_err();
            assert_eq!(
                errors.iter().map(|e| e.field).collect::<Vec<_>>(),
                [field],
                "{case:?}"
            );
            assert!(errors[0].message_vi.contains(':') && errors[0].message_vi.contains("ví dụ"));
        }
        let too_long = LetterheadInput {
            place: Some("Hà Nội ".repeat(10)),
            recipients: Some("Lưu\n".repeat(16)),
            ..input()
        };
        let fields: Vec<&str> = Letterhead::parse(&too_long)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["place", "recipient"]);
    }

    #[test]
    fn given_fields_win_over_defaults() {
        let merged = LetterheadInput {
            number: Some("7".into()),
            place: Some(String::new()),
            ..LetterheadInput::default()
        }
        .or(&input());
        assert_eq!(merged.number.as_deref(), Some("7"));
        assert_eq!(
            merged.place.as_deref(),
            Some(""),
            "an emptied field stays empty"
        );
        assert_eq!(merged.signer.as_deref(), Some("Nguyễn Thị Lan"));
    }
}
