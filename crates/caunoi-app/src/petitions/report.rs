//! The office's reports for one session (kỳ họp), as DOCX and XLSX:
//! - the compilation "Báo cáo tổng hợp ý kiến, kiến nghị của cử tri" sent to the session:
//!   petitions recorded at the voter meetings held before it (the meetings linked to it in the
//!   registry), plus those that came another way (online, by post) since the previous session
//!   ended and before this one opens; grouped by field, then by responsible agency;
//! - the answer report presented at the next session: the same petitions' answers, by agency,
//!   with their timeliness against the working-day deadline.
//!
//! Both carry the header and signature block of an administrative document (see
//! `caunoi_domain::letterhead`), filled in by the clerk or taken from the council's defaults.
//!
//! No personal data: no contact and no submitter's name, only what the petition says.

use super::stats::{chosen, office_councils};
use super::{VERY_OVERDUE_AFTER, ancestry, work_calendar};
use crate::accounts::deny;
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::letterhead::{self, Letterhead, LetterheadInput};
use caunoi_domain::petition::Timeliness;
use caunoi_domain::{Action, Target, vntime};
use caunoi_import::ooxml::{self, Block, Cell, Merge, Sheet, Style, Styled};
use caunoi_store::councils::{self, Council};
use caunoi_store::events;
use caunoi_store::petition_stats::{self as store, ReportRow, SessionRow};
use caunoi_store::registry::{self as people, SeatFilter};
use time::Date;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// The compilation of petitions raised before the session.
    Compilation,
    /// The answers to them, for the next session.
    Answers,
}

impl ReportKind {
    pub fn parse(s: &str) -> Option<ReportKind> {
        match s {
            "compilation" | "tong-hop" => Some(ReportKind::Compilation),
            "answers" | "tra-loi" => Some(ReportKind::Answers),
            _ => None,
        }
    }
    /// Its name in the workspace's addresses.
    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::Compilation => "tong-hop",
            ReportKind::Answers => "tra-loi",
        }
    }
    fn file_stem(self) -> &'static str {
        match self {
            ReportKind::Compilation => "tong-hop-kien-nghi",
            ReportKind::Answers => "ket-qua-tra-loi-kien-nghi",
        }
    }
}

/// Which file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
    pub fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The sessions of a council the actor may report on, latest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sessions {
    pub councils: Vec<(i64, String)>,
    pub council_id: i64,
    pub sessions: Vec<SessionRow>,
    /// The header the chosen council's reports carry unless the clerk changes it.
    pub defaults: LetterheadInput,
}

/// The sessions of the council asked for, else of the council holding `session_id` (a report
/// asked for by its session), else of the actor's own council.
pub async fn sessions(
    app: &App,
    ctx: &Ctx,
    council_id: Option<i64>,
    session_id: Option<i64>,
) -> AppResult<Sessions> {
    let mut tx = app.db.read().await?;
    let list = office_councils(&mut tx, ctx).await?;
    let of_session = match (council_id, session_id) {
        (None, Some(id)) => events::find(&mut tx, id)
            .await?
            .map(|e| e.council_id)
            .filter(|c| list.iter().any(|x| x.id == *c)),
        _ => None,
    };
    let council = chosen(&list, ctx, council_id.or(of_session))?;
    Ok(Sessions {
        sessions: store::sessions(&mut tx, council.id).await?,
        defaults: defaults(&mut tx, &council).await?,
        councils: list.iter().map(|c| (c.id, c.name.clone())).collect(),
        council_id: council.id,
    })
}

/// The header of a council's reports: its name, its unit's place name, today, and its chair
/// (the council's seat holder with the role `chair` today) as signer when the registry knows one.
async fn defaults(tx: &mut caunoi_store::Tx, council: &Council) -> AppResult<LetterheadInput> {
    let today = crate::registry::today();
    let seats = people::seats(
        tx,
        &SeatFilter {
            council_id: Some(council.id),
            on: Some(today),
            ..SeatFilter::default()
        },
    )
    .await?;
    let chair = seats
        .iter()
        .find(|(pos, _)| pos.organization_kind == "council" && pos.role == "chair")
        .map(|(_, person)| person.full_name.as_str());
    Ok(LetterheadInput::defaults(
        &council.name,
        &council.unit_name,
        today,
        chair,
    ))
}

/// One petition of a report with its timeliness today.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Line {
    pub row: ReportRow,
    pub timeliness: Timeliness,
}

/// Petitions of one agency within a field (or within the answer report).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgencyGroup {
    pub name: Option<String>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FieldGroup {
    pub name: Option<String>,
    pub agencies: Vec<AgencyGroup>,
}

/// Answers of one agency.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AgencyAnswers {
    pub name: Option<String>,
    pub petitions: i64,
    pub answered: i64,
    pub on_time: i64,
    pub late: i64,
    pub overdue: i64,
    pub pending: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SessionReport {
    pub council_name: String,
    pub session_id: i64,
    pub session_title: String,
    pub session_date: String,
    /// Petitions from other channels are counted from this day (the previous session's end),
    /// or from the start when there was none.
    pub other_from: Option<String>,
    pub other_to: String,
    pub today: String,
    pub voters: i64,
    pub fields: Vec<FieldGroup>,
    pub answers: Vec<AgencyAnswers>,
    pub lines: usize,
    pub defaults: LetterheadInput,
}

/// Gathers the petitions raised for `session_id` (an event of kind session).
pub async fn session_report(app: &App, ctx: &Ctx, session_id: i64) -> AppResult<SessionReport> {
    if !ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let mut tx = app.db.read().await?;
    let session = events::find(&mut tx, session_id)
        .await?
        .filter(|e| e.kind == "session")
        .ok_or(AppError::NotFound("session"))?;
    let council = councils::find(&mut tx, session.council_id)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let anc = ancestry(&mut tx, council.unit_id).await?;
    if !ctx
        .actor
        .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
    {
        return Err(deny(ctx));
    }
    let previous = store::sessions(&mut tx, council.id)
        .await?
        .into_iter()
        .filter(|s| s.id != session.id && s.ends_at <= session.starts_at)
        .max_by_key(|s| s.ends_at);
    let from = previous.map(|s| s.ends_at);
    let rows =
        store::raised_for_session(&mut tx, council.id, session.id, from, session.starts_at).await?;
    let cal = work_calendar(&mut tx).await?;
    let today = crate::registry::today();
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|row| Line {
            timeliness: Timeliness::of(
                row.deadline
                    .filter(|_| row.answered_on.is_some() || awaits(&row.state)),
                row.answered_on,
                today,
                &cal,
                VERY_OVERDUE_AFTER,
            ),
            row,
        })
        .collect();
    let local = |t: time::OffsetDateTime| t.to_offset(vntime::VIETNAM).date();
    let defaults = defaults(&mut tx, &council).await?;
    Ok(SessionReport {
        defaults,
        council_name: council.name,
        session_id: session.id,
        session_title: session.title.clone(),
        session_date: vntime::format_date(local(session.starts_at)),
        other_from: from.map(|t| vntime::format_date(local(t))),
        other_to: vntime::format_date(local(session.starts_at)),
        today: vntime::format_date(today),
        voters: lines.iter().map(|l| l.row.voters).sum(),
        lines: lines.len(),
        answers: answers_by_agency(&lines),
        fields: group(lines),
    })
}

fn awaits(state: &str) -> bool {
    matches!(state, "forwarded" | "reopened")
}

/// Groups lines (already ordered by field, then agency) by field and agency.
fn group(lines: Vec<Line>) -> Vec<FieldGroup> {
    let mut out: Vec<FieldGroup> = Vec::new();
    for l in lines {
        let field = l.row.field_name.clone();
        let agency = l.row.agency_name.clone();
        if out.last().is_none_or(|f| f.name != field) {
            out.push(FieldGroup {
                name: field,
                agencies: Vec::new(),
            });
        }
        let f = out.last_mut().expect("pushed above");
        if f.agencies.last().is_none_or(|a| a.name != agency) {
            f.agencies.push(AgencyGroup {
                name: agency,
                lines: Vec::new(),
            });
        }
        f.agencies.last_mut().expect("pushed above").lines.push(l);
    }
    out
}

fn answers_by_agency(lines: &[Line]) -> Vec<AgencyAnswers> {
    let mut out: Vec<AgencyAnswers> = Vec::new();
    for l in lines {
        let name = l.row.agency_name.clone();
        let i = match out.iter().position(|a| a.name == name) {
            Some(i) => i,
            None => {
                out.push(AgencyAnswers {
                    name,
                    ..AgencyAnswers::default()
                });
                out.len() - 1
            }
        };
        let a = &mut out[i];
        a.petitions += 1;
        if l.row.answered_on.is_some() {
            a.answered += 1;
            match l.timeliness {
                Timeliness::AnsweredLate => a.late += 1,
                _ => a.on_time += 1,
            }
        } else if matches!(l.timeliness, Timeliness::Overdue | Timeliness::VeryOverdue) {
            a.overdue += 1;
        } else {
            a.pending += 1;
        }
    }
    // Agencies by name, the petitions not yet forwarded last.
    out.sort_by(|a, b| match (&a.name, &b.name) {
        (Some(x), Some(y)) => vntext::fold(x).cmp(&vntext::fold(y)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    out
}

const ROMAN: [&str; 20] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX",
];

fn roman(i: usize) -> String {
    ROMAN
        .get(i)
        .map(|s| (*s).to_owned())
        .unwrap_or_else(|| (i + 1).to_string())
}

const NO_FIELD: &str = "Chưa phân loại lĩnh vực";
const NO_AGENCY: &str = "Chưa chuyển cơ quan giải quyết";

fn where_from(r: &ReportRow) -> String {
    let mut parts = Vec::new();
    match &r.event_title {
        Some(t) => parts.push(t.clone()),
        None => parts.push(channel_label(&r.channel).to_owned()),
    }
    if let Some(u) = &r.unit_name {
        parts.push(u.clone());
    }
    parts.join(" – ")
}

fn channel_label(c: &str) -> &'static str {
    match c {
        "online" => "Gửi trực tuyến",
        "voter_meeting" => "Tiếp xúc cử tri",
        _ => "Hình thức khác",
    }
}

pub fn answer_kind_label(k: &str) -> &str {
    match k {
        "resolved" => "Đã giải quyết",
        "in_progress" => "Đang giải quyết",
        "not_competent" => "Không thuộc thẩm quyền",
        other => other,
    }
}

fn date(d: Option<Date>) -> String {
    d.map(vntime::format_date).unwrap_or_default()
}

fn scope_note(r: &SessionReport) -> String {
    let other = match &r.other_from {
        Some(f) => format!(
            "từ ngày {f} (bế mạc kỳ họp trước) đến trước ngày {}",
            r.other_to
        ),
        None => format!("trước ngày {}", r.other_to),
    };
    format!(
        "Phạm vi: các ý kiến, kiến nghị ghi nhận tại các cuộc tiếp xúc cử tri trước kỳ họp gắn với kỳ họp này, \
         và các kiến nghị gửi bằng hình thức khác (trực tuyến, qua bưu điện…) {other}. Không gồm kiến nghị không \
         được thụ lý và kiến nghị đã gộp vào nhóm trùng lặp (mỗi nhóm tính một lần). Không có thông tin cá nhân \
         của người kiến nghị."
    )
}

/// A report as a file: its bytes, a file name and a content type.
#[derive(Debug, Clone)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub content_type: &'static str,
}

/// The report of `session_id` as a file, with the header `input` gives (each field not given
/// taken from the council's defaults). Refuses a header field that is wrong, naming it.
pub async fn document(
    app: &App,
    ctx: &Ctx,
    session_id: i64,
    kind: ReportKind,
    format: Format,
    input: LetterheadInput,
) -> AppResult<(SessionReport, Download)> {
    let r = session_report(app, ctx, session_id).await?;
    let head = Letterhead::parse(&input.or(&r.defaults)).map_err(AppError::Invalid)?;
    let file = render(&r, kind, format, &head);
    Ok((r, file))
}

pub fn render(r: &SessionReport, kind: ReportKind, format: Format, head: &Letterhead) -> Download {
    let bytes = match (kind, format) {
        (ReportKind::Compilation, Format::Docx) => ooxml::docx(&compilation_blocks(r, head)),
        (ReportKind::Compilation, Format::Xlsx) => ooxml::xlsx(&compilation_sheets(r, head)),
        (ReportKind::Answers, Format::Docx) => ooxml::docx(&answer_blocks(r, head)),
        (ReportKind::Answers, Format::Xlsx) => ooxml::xlsx(&answer_sheets(r, head)),
    };
    Download {
        bytes,
        file_name: format!(
            "{}-ky-hop-{}.{}",
            kind.file_stem(),
            r.session_id,
            format.ext()
        ),
        content_type: format.content_type(),
    }
}

const COMPILATION_TITLE: &str = "BÁO CÁO TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI";
const ANSWERS_TITLE: &str = "BÁO CÁO KẾT QUẢ GIẢI QUYẾT, TRẢ LỜI Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI";

fn compilation_subject(r: &SessionReport) -> String {
    format!(
        "Gửi tới {} (khai mạc ngày {})",
        r.session_title, r.session_date
    )
}

fn answers_subject(r: &SessionReport) -> String {
    format!(
        "Về các kiến nghị cử tri gửi tới {} (khai mạc ngày {})",
        r.session_title, r.session_date
    )
}

const fn style(bold: bool, italic: bool, center: bool, size: Option<u8>) -> Style {
    Style {
        bold,
        italic,
        center,
        size,
    }
}

/// The two columns of the header: issuing body and number on the left; Quốc hiệu, tiêu ngữ
/// and place and date on the right, the number level with the date.
fn head_columns(h: &Letterhead) -> (Vec<Styled>, Vec<Styled>) {
    let body = style(true, false, true, Some(13));
    let rows = h.issuer.len().max(2);
    let mut left: Vec<Styled> = h.issuer.iter().map(|l| Styled::new(l, body)).collect();
    let mut right = vec![
        Styled::new(
            letterhead::NATIONAL_NAME,
            style(true, false, true, Some(12)),
        ),
        Styled::new(letterhead::MOTTO, body),
    ];
    left.resize(rows, Styled::default());
    right.resize(rows, Styled::default());
    left.push(Styled::default());
    right.push(Styled::default());
    left.push(Styled::new(
        h.number_line(letterhead::REPORT_SYMBOL),
        style(false, false, true, Some(13)),
    ));
    right.push(Styled::new(
        h.date_line(),
        style(false, true, true, Some(14)),
    ));
    (left, right)
}

/// The two columns of the end: recipients on the left; authority, title, room for the
/// signature and the signer's name on the right.
fn foot_columns(h: &Letterhead) -> (Vec<Styled>, Vec<Styled>) {
    let mut left = vec![Styled::new(
        letterhead::RECIPIENTS_HEADING,
        style(true, true, false, Some(12)),
    )];
    left.extend(
        h.recipient_lines()
            .into_iter()
            .map(|l| Styled::new(l, style(false, false, false, Some(11)))),
    );
    let bold = style(true, false, true, Some(13));
    let mut right: Vec<Styled> = h.authority.iter().map(|l| Styled::new(l, bold)).collect();
    right.push(Styled::new(&h.signer_title, bold));
    right.resize(right.len() + 4, Styled::default());
    right.push(Styled::new(&h.signer, bold));
    (left, right)
}

/// A Word report: header, title and subject, then `body`, then recipients and signature.
fn framed(h: &Letterhead, title: &str, subject: String, body: Vec<Block>) -> Vec<Block> {
    let (left, right) = head_columns(h);
    let mut b = vec![
        Block::Columns {
            left_percent: 40,
            left,
            right,
        },
        Block::Title(title.into()),
        Block::Line(Styled::new(subject, style(true, false, true, Some(14)))),
    ];
    b.extend(body);
    let (left, right) = foot_columns(h);
    b.push(Block::Columns {
        left_percent: 50,
        left,
        right,
    });
    b
}

/// Appends a row of two merged blocks: `l` over the first three columns, `r` over the rest.
fn side_by_side(
    rows: &mut Vec<Vec<Cell>>,
    merges: &mut Vec<Merge>,
    cols: usize,
    l: &Styled,
    r: &Styled,
) {
    const SPLIT: usize = 3;
    let cell = |s: &Styled| {
        if s.text.is_empty() {
            Cell::Empty
        } else {
            Cell::Styled(s.text.clone(), s.style)
        }
    };
    let mut row = vec![Cell::Empty; cols];
    row[0] = cell(l);
    row[SPLIT] = cell(r);
    for (first, last) in [(0, SPLIT - 1), (SPLIT, cols - 1)] {
        merges.push(Merge {
            row: rows.len(),
            first,
            last,
        });
    }
    rows.push(row);
}

/// The first sheet of an Excel report: the header in merged rows over the table's columns
/// (the first three for the body, the rest for the Quốc hiệu), the title and subject across,
/// then `table` (its first row the heading), then recipients and signature.
fn framed_sheet(
    h: &Letterhead,
    title: &str,
    subject: String,
    name: &str,
    widths: Vec<f64>,
    table: Vec<Vec<Cell>>,
) -> Sheet {
    let cols = widths.len().max(4);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut merges = Vec::new();
    let (left, right) = head_columns(h);
    for (l, r) in left.iter().zip(&right) {
        side_by_side(&mut rows, &mut merges, cols, l, r);
    }
    rows.push(Vec::new());
    for (text, size) in [(title.to_owned(), 14), (subject, 13)] {
        merges.push(Merge {
            row: rows.len(),
            first: 0,
            last: cols - 1,
        });
        rows.push(vec![Cell::Styled(
            text,
            style(true, false, true, Some(size)),
        )]);
    }
    rows.push(Vec::new());
    let header_rows = rows.len() + 1;
    rows.extend(table);
    rows.push(Vec::new());
    let (left, right) = foot_columns(h);
    let blank = Styled::default();
    for i in 0..left.len().max(right.len()) {
        side_by_side(
            &mut rows,
            &mut merges,
            cols,
            left.get(i).unwrap_or(&blank),
            right.get(i).unwrap_or(&blank),
        );
    }
    Sheet {
        name: name.into(),
        widths,
        rows,
        header_rows,
        merges,
    }
}

fn compilation_blocks(r: &SessionReport, h: &Letterhead) -> Vec<Block> {
    let mut b = vec![
        Block::Note(scope_note(r)),
        Block::Paragraph(format!(
            "Tổng số: {} kiến nghị của {} lượt cử tri, thuộc {} lĩnh vực.",
            r.lines,
            r.voters,
            r.fields.len()
        )),
    ];
    let mut n = 0;
    for (i, f) in r.fields.iter().enumerate() {
        let count: usize = f.agencies.iter().map(|a| a.lines.len()).sum();
        b.push(Block::Heading(
            1,
            format!(
                "{}. Lĩnh vực {} ({count} kiến nghị)",
                roman(i),
                f.name.as_deref().unwrap_or(NO_FIELD)
            ),
        ));
        for a in &f.agencies {
            b.push(Block::Heading(
                2,
                match &a.name {
                    Some(n) => format!("Cơ quan giải quyết: {n}"),
                    None => NO_AGENCY.to_owned(),
                },
            ));
            let mut rows = vec![vec![
                "STT".into(),
                "Nội dung ý kiến, kiến nghị".into(),
                "Nơi ghi nhận".into(),
                "Số cử tri".into(),
                "Mã".into(),
            ]];
            for l in &a.lines {
                n += 1;
                rows.push(vec![
                    n.to_string(),
                    format!("{}\n{}", l.row.title, l.row.body),
                    where_from(&l.row),
                    l.row.voters.to_string(),
                    l.row.code.clone(),
                ]);
            }
            b.push(Block::Table(rows));
        }
    }
    if r.fields.is_empty() {
        b.push(Block::Paragraph(
            "Chưa có ý kiến, kiến nghị nào trong phạm vi của báo cáo.".into(),
        ));
    }
    b.push(Block::Note(format!("Lập ngày {} từ Cầu Nối.", r.today)));
    framed(h, COMPILATION_TITLE, compilation_subject(r), b)
}

fn compilation_sheets(r: &SessionReport, h: &Letterhead) -> Vec<Sheet> {
    let mut rows: Vec<Vec<Cell>> = vec![
        [
            "STT",
            "Lĩnh vực",
            "Cơ quan giải quyết",
            "Tiêu đề",
            "Nội dung",
            "Nơi ghi nhận",
            "Số cử tri",
            "Mã kiến nghị",
            "Ngày tiếp nhận",
        ]
        .into_iter()
        .map(Cell::from)
        .collect(),
    ];
    let mut n = 0i64;
    let mut by_field = vec![vec![
        Cell::from("Lĩnh vực"),
        Cell::from("Số kiến nghị"),
        Cell::from("Số lượt cử tri"),
    ]];
    for f in &r.fields {
        let (mut count, mut voters) = (0i64, 0i64);
        for a in &f.agencies {
            for l in &a.lines {
                n += 1;
                count += 1;
                voters += l.row.voters;
                rows.push(vec![
                    Cell::from(n),
                    Cell::from(f.name.as_deref().unwrap_or(NO_FIELD)),
                    Cell::from(a.name.as_deref().unwrap_or(NO_AGENCY)),
                    Cell::from(l.row.title.as_str()),
                    Cell::from(l.row.body.as_str()),
                    Cell::from(where_from(&l.row)),
                    Cell::from(l.row.voters),
                    Cell::from(l.row.code.as_str()),
                    Cell::from(vntime::format_date(
                        l.row.received_at.to_offset(vntime::VIETNAM).date(),
                    )),
                ]);
            }
        }
        by_field.push(vec![
            Cell::from(f.name.as_deref().unwrap_or(NO_FIELD)),
            Cell::from(count),
            Cell::from(voters),
        ]);
    }
    vec![
        framed_sheet(
            h,
            COMPILATION_TITLE,
            compilation_subject(r),
            "Tổng hợp kiến nghị",
            vec![6.0, 20.0, 28.0, 40.0, 60.0, 30.0, 10.0, 20.0, 14.0],
            rows,
        ),
        Sheet {
            name: "Theo lĩnh vực".into(),
            widths: vec![30.0, 14.0, 14.0],
            rows: by_field,
            header_rows: 1,
            merges: Vec::new(),
        },
    ]
}

fn timeliness_label(t: Timeliness) -> &'static str {
    t.label_vi()
}

fn answer_lines(r: &SessionReport) -> Vec<&Line> {
    let mut lines: Vec<&Line> = r
        .fields
        .iter()
        .flat_map(|f| f.agencies.iter().flat_map(|a| a.lines.iter()))
        .collect();
    let key = |l: &&Line| {
        (
            l.row.agency_name.is_none(),
            l.row.agency_name.as_deref().map(vntext::fold),
        )
    };
    lines.sort_by_key(key);
    lines
}

fn summary_rows(r: &SessionReport) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "Cơ quan giải quyết".to_owned(),
        "Số kiến nghị".into(),
        "Đã trả lời".into(),
        "Trả lời đúng hạn".into(),
        "Trả lời quá hạn".into(),
        "Chưa trả lời, đã quá hạn".into(),
        "Chưa trả lời, còn hạn hoặc chưa chuyển".into(),
    ]];
    for a in &r.answers {
        rows.push(vec![
            a.name.clone().unwrap_or_else(|| NO_AGENCY.to_owned()),
            a.petitions.to_string(),
            a.answered.to_string(),
            a.on_time.to_string(),
            a.late.to_string(),
            a.overdue.to_string(),
            a.pending.to_string(),
        ]);
    }
    rows
}

fn answer_blocks(r: &SessionReport, h: &Letterhead) -> Vec<Block> {
    let answered: i64 = r.answers.iter().map(|a| a.answered).sum();
    let mut b = vec![
        Block::Paragraph(format!(
            "Báo cáo tại kỳ họp tiếp theo; số liệu đến ngày {}.",
            r.today
        )),
        Block::Note(scope_note(r)),
        Block::Note(
            "Đúng hạn: trả lời trong thời hạn tính theo ngày làm việc kể từ ngày chuyển (không tính thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù).".into(),
        ),
        Block::Paragraph(format!(
            "Đã trả lời {answered}/{} kiến nghị.",
            r.lines
        )),
        Block::Heading(1, "I. Tổng hợp theo cơ quan".into()),
        Block::Table(summary_rows(r)),
        Block::Heading(1, "II. Chi tiết trả lời".into()),
    ];
    let lines = answer_lines(r);
    let mut current: Option<Option<String>> = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let header = || {
        vec![
            "STT".to_owned(),
            "Kiến nghị".into(),
            "Nội dung trả lời".into(),
            "Ngày trả lời".into(),
            "Tiến độ".into(),
        ]
    };
    for (i, l) in lines.iter().enumerate() {
        if current.as_ref() != Some(&l.row.agency_name) {
            if !rows.is_empty() {
                b.push(Block::Table(std::mem::take(&mut rows)));
            }
            b.push(Block::Heading(
                2,
                l.row
                    .agency_name
                    .clone()
                    .unwrap_or_else(|| NO_AGENCY.to_owned()),
            ));
            rows.push(header());
            current = Some(l.row.agency_name.clone());
        }
        let answer = match (&l.row.answer, &l.row.answer_kind) {
            (Some(a), Some(k)) if l.row.answered_on.is_some() => {
                format!("{}: {a}", answer_kind_label(k))
            }
            _ => "Chưa trả lời".into(),
        };
        rows.push(vec![
            (i + 1).to_string(),
            l.row.title.clone(),
            answer,
            date(l.row.answered_on),
            timeliness_label(l.timeliness).to_owned(),
        ]);
    }
    if !rows.is_empty() {
        b.push(Block::Table(rows));
    }
    b.push(Block::Note(format!("Lập ngày {} từ Cầu Nối.", r.today)));
    framed(h, ANSWERS_TITLE, answers_subject(r), b)
}

fn answer_sheets(r: &SessionReport, h: &Letterhead) -> Vec<Sheet> {
    let mut rows: Vec<Vec<Cell>> = vec![
        [
            "STT",
            "Cơ quan giải quyết",
            "Lĩnh vực",
            "Tiêu đề",
            "Mã kiến nghị",
            "Ngày chuyển",
            "Hạn trả lời",
            "Ngày trả lời",
            "Kết quả",
            "Tiến độ",
            "Nội dung trả lời",
        ]
        .into_iter()
        .map(Cell::from)
        .collect(),
    ];
    for (i, l) in answer_lines(r).iter().enumerate() {
        let answered = l.row.answered_on.is_some();
        rows.push(vec![
            Cell::from(i as i64 + 1),
            Cell::from(l.row.agency_name.as_deref().unwrap_or(NO_AGENCY)),
            Cell::from(l.row.field_name.as_deref().unwrap_or(NO_FIELD)),
            Cell::from(l.row.title.as_str()),
            Cell::from(l.row.code.as_str()),
            Cell::from(date(l.row.forwarded_on)),
            Cell::from(date(l.row.deadline)),
            Cell::from(date(l.row.answered_on)),
            Cell::from(if answered {
                l.row
                    .answer_kind
                    .as_deref()
                    .map(answer_kind_label)
                    .unwrap_or("")
            } else {
                "Chưa trả lời"
            }),
            Cell::from(timeliness_label(l.timeliness)),
            Cell::from(if answered {
                l.row.answer.clone().unwrap_or_default()
            } else {
                String::new()
            }),
        ]);
    }
    let summary = summary_rows(r)
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            row.into_iter()
                .enumerate()
                .map(|(c, v)| match (i, c, v.parse::<i64>()) {
                    (1.., 1.., Ok(n)) => Cell::from(n),
                    (_, _, _) => Cell::from(v),
                })
                .collect()
        })
        .collect();
    vec![
        framed_sheet(
            h,
            ANSWERS_TITLE,
            answers_subject(r),
            "Kết quả trả lời",
            vec![
                6.0, 28.0, 20.0, 40.0, 20.0, 12.0, 12.0, 12.0, 20.0, 20.0, 60.0,
            ],
            rows,
        ),
        Sheet {
            name: "Theo cơ quan".into(),
            widths: vec![30.0, 12.0, 12.0, 14.0, 14.0, 16.0, 20.0],
            rows: summary,
            header_rows: 1,
            merges: Vec::new(),
        },
    ]
}
