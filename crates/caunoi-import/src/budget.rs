//! What reading one uploaded file may cost, whatever its structure: bytes inflated from all its
//! compressed parts together, bytes walked by the parsers, objects or elements read, pages,
//! nesting depth and wall time. Every reader of untrusted documents (PDF, DOCX, XLSX) draws on
//! one [`Budget`] and stops with [`OverBudget`] as soon as any dimension runs out, so the memory
//! and time one upload can take are bounded by construction, not by how the file is built.

use std::io::Read;
use std::time::{Duration, Instant};

/// The bounds of one [`Budget`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes decompressed from all the file's streams and ZIP entries together (memory).
    pub inflated_bytes: u64,
    /// Bytes walked by the parsers, counted each time (a PDF content stream shown on many
    /// pages is decompressed once but walked once per page).
    pub parsed_bytes: u64,
    /// PDF objects, drawing operations, XML elements and sheet cells read.
    pub objects: u64,
    /// Pages of a PDF.
    pub pages: u64,
    /// Depth of nested XML elements (or of a PDF's nested structures).
    pub depth: usize,
    /// Wall time from the start of the reading; checked inside the readers' loops.
    pub time: Duration,
}

impl Default for Limits {
    /// Far above any real resolution, petition sheet or answer letter, far below what hurts
    /// a server: 50 MiB inflated, 256 MiB walked, 5 million objects, 5,000 pages, 256 levels,
    /// 30 seconds.
    fn default() -> Self {
        Limits {
            inflated_bytes: 50 * 1024 * 1024,
            parsed_bytes: 256 * 1024 * 1024,
            objects: 5_000_000,
            pages: 5_000,
            depth: 256,
            time: Duration::from_secs(30),
        }
    }
}

/// Which bound of a [`Budget`] a file went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverBudget {
    /// [`Limits::inflated_bytes`].
    InflatedBytes,
    /// [`Limits::parsed_bytes`].
    ParsedBytes,
    /// [`Limits::objects`].
    Objects,
    /// [`Limits::pages`].
    Pages,
    /// [`Limits::depth`].
    Depth,
    /// [`Limits::time`].
    Time,
}

impl OverBudget {
    /// What went past its bound, in English.
    pub fn what_en(self) -> &'static str {
        match self {
            OverBudget::InflatedBytes => "it expands to more content than a document holds",
            OverBudget::ParsedBytes => "its content is repeated far more than a document needs",
            OverBudget::Objects => "it is made of too many objects",
            OverBudget::Pages => "it has too many pages",
            OverBudget::Depth => "its structure is nested too deeply",
            OverBudget::Time => "reading it takes too long",
        }
    }

    /// What went past its bound, in Vietnamese.
    pub fn what_vi(self) -> &'static str {
        match self {
            OverBudget::InflatedBytes => "giải nén ra quá nhiều nội dung",
            OverBudget::ParsedBytes => "nội dung bị lặp lại quá nhiều lần",
            OverBudget::Objects => "có quá nhiều thành phần",
            OverBudget::Pages => "có quá nhiều trang",
            OverBudget::Depth => "cấu trúc lồng nhau quá sâu",
            OverBudget::Time => "đọc mất quá nhiều thời gian",
        }
    }
}

/// What is left of the [`Limits`] while one file is read.
#[derive(Debug, Clone)]
pub struct Budget {
    limits: Limits,
    inflated: u64,
    parsed: u64,
    objects: u64,
    pages: u64,
    deadline: Instant,
    /// Set by the first bound passed, so every later charge fails the same way.
    spent: Option<OverBudget>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(Limits::default())
    }
}

impl Budget {
    /// A budget of `limits`, its clock starting now.
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            inflated: 0,
            parsed: 0,
            objects: 0,
            pages: 0,
            deadline: Instant::now() + limits.time,
            spent: None,
        }
    }

    /// The bounds this budget started with.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The first bound passed, if any.
    pub fn spent(&self) -> Option<OverBudget> {
        self.spent
    }

    fn fail(&mut self, why: OverBudget) -> Result<(), OverBudget> {
        let why = *self.spent.get_or_insert(why);
        Err(why)
    }

    fn charge(
        used: &mut u64,
        limit: u64,
        n: u64,
        why: OverBudget,
        spent: &mut Option<OverBudget>,
    ) -> Result<(), OverBudget> {
        if let Some(why) = spent {
            return Err(*why);
        }
        *used = used.saturating_add(n);
        if *used > limit {
            *spent = Some(why);
            return Err(why);
        }
        Ok(())
    }

    /// Bytes that may still be inflated; give it to a decompressor as its output limit.
    pub fn inflatable(&self) -> u64 {
        self.limits.inflated_bytes.saturating_sub(self.inflated)
    }

    /// [`Budget::inflatable`] as a `usize`, plus one byte so that a decompressor stopped
    /// exactly at the limit can be told from one that went past it.
    pub fn inflatable_usize(&self) -> usize {
        usize::try_from(self.inflatable().saturating_add(1)).unwrap_or(usize::MAX)
    }

    /// Charges `n` bytes decompressed.
    pub fn inflate(&mut self, n: u64) -> Result<(), OverBudget> {
        Self::charge(
            &mut self.inflated,
            self.limits.inflated_bytes,
            n,
            OverBudget::InflatedBytes,
            &mut self.spent,
        )?;
        self.tick()
    }

    /// Charges `n` bytes walked by a parser.
    pub fn parse(&mut self, n: u64) -> Result<(), OverBudget> {
        Self::charge(
            &mut self.parsed,
            self.limits.parsed_bytes,
            n,
            OverBudget::ParsedBytes,
            &mut self.spent,
        )?;
        self.tick()
    }

    /// Charges one object, element or cell read; looks at the clock every 4,096.
    pub fn object(&mut self) -> Result<(), OverBudget> {
        Self::charge(
            &mut self.objects,
            self.limits.objects,
            1,
            OverBudget::Objects,
            &mut self.spent,
        )?;
        if self.objects.is_multiple_of(4096) {
            self.tick()?;
        }
        Ok(())
    }

    /// Charges `n` pages.
    pub fn pages(&mut self, n: u64) -> Result<(), OverBudget> {
        Self::charge(
            &mut self.pages,
            self.limits.pages,
            n,
            OverBudget::Pages,
            &mut self.spent,
        )
    }

    /// Refuses a nesting `depth` past the bound.
    pub fn depth(&mut self, depth: usize) -> Result<(), OverBudget> {
        if let Some(why) = self.spent {
            return Err(why);
        }
        if depth > self.limits.depth {
            return self.fail(OverBudget::Depth);
        }
        Ok(())
    }

    /// Refuses once the wall time is over (a thread cannot be stopped from outside, so the
    /// readers call this inside their loops).
    pub fn tick(&mut self) -> Result<(), OverBudget> {
        if let Some(why) = self.spent {
            return Err(why);
        }
        if Instant::now() >= self.deadline {
            return self.fail(OverBudget::Time);
        }
        Ok(())
    }
}

/// Why a compressed part could not be read within a budget.
#[derive(Debug)]
pub(crate) enum InflateError {
    /// The part inflates past what is left of the budget (or the clock ran out).
    Over(OverBudget),
    /// The decompressor failed: the part is damaged.
    Damaged(std::io::Error),
}

/// Reads a compressed part (a ZIP entry) that says it holds `declared` bytes, charging what
/// comes out to `budget`: refused before reading when it says it is larger than what is left,
/// and while reading when it turns out larger (a ZIP may lie about sizes).
pub(crate) fn inflate(
    budget: &mut Budget,
    part: impl Read,
    declared: u64,
) -> Result<Vec<u8>, InflateError> {
    if declared > budget.inflatable() {
        let _ = budget.inflate(declared);
        return Err(InflateError::Over(
            budget.spent().unwrap_or(OverBudget::InflatedBytes),
        ));
    }
    let mut out = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    let mut part = part.take(budget.inflatable().saturating_add(1));
    let mut chunk = vec![0; 64 * 1024];
    loop {
        let n = match part.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(InflateError::Damaged(e)),
        };
        budget.inflate(n as u64).map_err(InflateError::Over)?;
        out.extend_from_slice(&chunk[..n]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            inflated_bytes: 10,
            parsed_bytes: 20,
            objects: 3,
            pages: 2,
            depth: 4,
            time: Duration::from_secs(3600),
        }
    }

    #[test]
    fn each_dimension_refuses_past_its_bound_and_stays_refused() {
        type Charge = fn(&mut Budget) -> Result<(), OverBudget>;
        let cases: [(OverBudget, Charge); 5] = [
            (OverBudget::InflatedBytes, |b| b.inflate(6)),
            (OverBudget::ParsedBytes, |b| b.parse(11)),
            (OverBudget::Objects, |b| b.object()),
            (OverBudget::Pages, |b| b.pages(1)),
            (OverBudget::Depth, |b| b.depth(3)),
        ];
        for (why, charge) in cases {
            let mut budget = Budget::new(small());
            assert_eq!(charge(&mut budget), Ok(()), "{why:?}");
            let mut failed = None;
            for _ in 0..4 {
                if let Err(e) = charge(&mut budget).and_then(|()| {
                    if why == OverBudget::Depth {
                        budget.depth(5)
                    } else {
                        Ok(())
                    }
                }) {
                    failed = Some(e);
                    break;
                }
            }
            assert_eq!(failed, Some(why));
            assert_eq!(budget.spent(), Some(why));
            // Once spent, every other charge is refused too, for the same reason.
            assert_eq!(budget.tick(), Err(why));
            assert_eq!(budget.inflate(0), Err(why));
        }
    }

    #[test]
    fn a_part_is_refused_for_what_it_declares_and_for_what_comes_out() {
        let mut budget = Budget::new(small());
        assert!(matches!(
            inflate(&mut budget, &b"abc"[..], 11),
            Err(InflateError::Over(OverBudget::InflatedBytes))
        ));
        // Declared small, but more comes out (a ZIP lying about its size).
        let mut budget = Budget::new(small());
        assert!(matches!(
            inflate(&mut budget, &[b' '; 100][..], 3),
            Err(InflateError::Over(OverBudget::InflatedBytes))
        ));
        // Two parts of one file share the budget.
        let mut budget = Budget::new(small());
        assert_eq!(inflate(&mut budget, &[b' '; 6][..], 6).unwrap().len(), 6);
        assert!(matches!(
            inflate(&mut budget, &[b' '; 6][..], 6),
            Err(InflateError::Over(OverBudget::InflatedBytes))
        ));
        let mut budget = Budget::new(small());
        assert_eq!(inflate(&mut budget, &[b' '; 10][..], 10).unwrap().len(), 10);
    }

    #[test]
    fn the_clock_runs_out() {
        let mut budget = Budget::new(Limits {
            time: Duration::ZERO,
            ..small()
        });
        assert_eq!(budget.tick(), Err(OverBudget::Time));
        assert_eq!(budget.parse(1), Err(OverBudget::Time));
    }

    #[test]
    fn what_can_still_be_inflated_shrinks() {
        let mut budget = Budget::new(small());
        assert_eq!(budget.inflatable(), 10);
        budget.inflate(7).unwrap();
        assert_eq!(budget.inflatable(), 3);
        assert_eq!(budget.inflatable_usize(), 4);
    }

    #[test]
    fn every_bound_is_explained_in_both_languages() {
        for why in [
            OverBudget::InflatedBytes,
            OverBudget::ParsedBytes,
            OverBudget::Objects,
            OverBudget::Pages,
            OverBudget::Depth,
            OverBudget::Time,
        ] {
            assert!(why.what_en().len() > 10);
            assert!(vntext::is_nfc(why.what_vi()) && !why.what_vi().is_ascii());
        }
    }
}
