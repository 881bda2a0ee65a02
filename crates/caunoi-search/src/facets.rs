//! Counting matching documents per kind, category, year and unit in one pass over fast
//! fields, without scoring.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::Facets;
use crate::schema::{CATEGORY, KIND, NO_YEAR, UNIT0, YEAR};

/// Counts matches and their facet values.
pub(crate) struct FacetCollector;

/// Total and per-value counts, keyed by value so segments merge by addition.
#[derive(Default)]
pub(crate) struct FacetCounts {
    pub total: u64,
    kind: HashMap<String, u64>,
    category: HashMap<String, u64>,
    unit: HashMap<String, u64>,
    year: HashMap<i64, u64>,
}

impl FacetCounts {
    pub fn into_facets(self) -> Facets {
        fn by_count(map: HashMap<String, u64>) -> Vec<(String, u64)> {
            let mut v: Vec<_> = map.into_iter().filter(|&(_, n)| n > 0).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        }
        let mut year: Vec<(i32, u64)> = self
            .year
            .into_iter()
            .filter(|&(y, n)| y != NO_YEAR && n > 0)
            .filter_map(|(y, n)| Some((i32::try_from(y).ok()?, n)))
            .collect();
        year.sort_by_key(|&(y, _)| std::cmp::Reverse(y));
        Facets {
            kind: by_count(self.kind),
            category: by_count(self.category),
            year,
            unit: by_count(self.unit),
        }
    }
}

/// A string fast field with a counter per term ordinal of this segment.
struct StrCounts {
    column: StrColumn,
    counts: Vec<u64>,
}

impl StrCounts {
    fn new(column: Option<StrColumn>) -> Option<Self> {
        let column = column?;
        let counts = vec![0; column.num_terms()];
        Some(Self { column, counts })
    }

    fn collect(&mut self, doc: DocId) {
        if let Some(ord) = self.column.ords().first(doc)
            && let Some(n) = self.counts.get_mut(ord as usize)
        {
            *n += 1;
        }
    }

    fn collect_block(&mut self, docs: &[DocId], buf: &mut Vec<Option<u64>>) {
        buf.clear();
        buf.resize(docs.len(), None);
        self.column.ords().first_vals(docs, buf);
        for &ord in buf.iter().flatten() {
            if let Some(n) = self.counts.get_mut(ord as usize) {
                *n += 1;
            }
        }
    }

    fn harvest(self, into: &mut HashMap<String, u64>) {
        let mut value = String::new();
        for (ord, n) in self.counts.into_iter().enumerate() {
            if n > 0 && matches!(self.column.ord_to_str(ord as u64, &mut value), Ok(true)) {
                *into.entry(value.clone()).or_default() += n;
            }
        }
    }
}

/// Years live in a narrow range, so a vector indexed from the segment's smallest year
/// counts them without hashing.
struct YearCounts {
    column: Column<i64>,
    min: i64,
    counts: Vec<u64>,
}

impl YearCounts {
    fn new(column: Column<i64>) -> Option<Self> {
        let min = column.min_value();
        let span = column.max_value().checked_sub(min)?;
        // Undated documents hold NO_YEAR (0), so the range is 0..=2100 at worst.
        let len = usize::try_from(span).ok()?.checked_add(1)?;
        (len <= 1 << 16).then(|| Self {
            column,
            min,
            counts: vec![0; len],
        })
    }

    fn collect(&mut self, doc: DocId) {
        if let Some(y) = self.column.first(doc)
            && let Some(n) = usize::try_from(y - self.min)
                .ok()
                .and_then(|i| self.counts.get_mut(i))
        {
            *n += 1;
        }
    }

    fn collect_block(&mut self, docs: &[DocId], buf: &mut Vec<Option<i64>>) {
        buf.clear();
        buf.resize(docs.len(), None);
        self.column.first_vals(docs, buf);
        for &y in buf.iter().flatten() {
            if let Some(n) = usize::try_from(y - self.min)
                .ok()
                .and_then(|i| self.counts.get_mut(i))
            {
                *n += 1;
            }
        }
    }

    fn harvest(self, into: &mut HashMap<i64, u64>) {
        for (i, n) in self.counts.into_iter().enumerate() {
            if n > 0 {
                *into.entry(self.min + i as i64).or_default() += n;
            }
        }
    }
}

pub(crate) struct SegmentFacets {
    total: u64,
    /// Reused buffers for block-wise column reads.
    ords: Vec<Option<u64>>,
    years: Vec<Option<i64>>,
    kind: Option<StrCounts>,
    category: Option<StrCounts>,
    unit: Option<StrCounts>,
    year: Option<YearCounts>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        Ok(SegmentFacets {
            total: 0,
            ords: Vec::new(),
            years: Vec::new(),
            kind: StrCounts::new(ff.str(KIND)?),
            category: StrCounts::new(ff.str(CATEGORY)?),
            unit: StrCounts::new(ff.str(UNIT0)?),
            year: YearCounts::new(ff.i64(YEAR)?),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut all = FacetCounts::default();
        for f in fruits {
            all.total += f.total;
            for (k, n) in f.kind {
                *all.kind.entry(k).or_default() += n;
            }
            for (k, n) in f.category {
                *all.category.entry(k).or_default() += n;
            }
            for (k, n) in f.unit {
                *all.unit.entry(k).or_default() += n;
            }
            for (k, n) in f.year {
                *all.year.entry(k).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        for c in [&mut self.kind, &mut self.category, &mut self.unit]
            .into_iter()
            .flatten()
        {
            c.collect(doc);
        }
        if let Some(y) = &mut self.year {
            y.collect(doc);
        }
    }

    /// Without scoring, tantivy hands over blocks of documents: reading the columns a block
    /// at a time is about twice as fast as one document at a time.
    fn collect_block(&mut self, docs: &[DocId]) {
        self.total += docs.len() as u64;
        for c in [&mut self.kind, &mut self.category, &mut self.unit]
            .into_iter()
            .flatten()
        {
            c.collect_block(docs, &mut self.ords);
        }
        if let Some(y) = &mut self.year {
            y.collect_block(docs, &mut self.years);
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts {
            total: self.total,
            ..FacetCounts::default()
        };
        if let Some(c) = self.kind {
            c.harvest(&mut out.kind);
        }
        if let Some(c) = self.category {
            c.harvest(&mut out.category);
        }
        if let Some(c) = self.unit {
            c.harvest(&mut out.unit);
        }
        if let Some(y) = self.year {
            y.harvest(&mut out.year);
        }
        out
    }
}
