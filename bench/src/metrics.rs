//! Quality and latency figures: recall@10, MRR@10 and percentiles.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::corpus::Query;

/// Results are judged on the first page.
pub const CUTOFF: usize = 10;

/// Share of the relevant documents found in the first `CUTOFF` results.
pub fn recall(ranked: &[i64], relevant: &[i64]) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let top = &ranked[..ranked.len().min(CUTOFF)];
    let found = relevant.iter().filter(|r| top.contains(r)).count();
    found as f64 / relevant.len() as f64
}

/// 1 / rank of the first relevant result within the first `CUTOFF`, else 0.
pub fn reciprocal_rank(ranked: &[i64], relevant: &[i64]) -> f64 {
    ranked
        .iter()
        .take(CUTOFF)
        .position(|id| relevant.contains(id))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// Mean recall@10 and MRR@10, overall and per query kind.
#[derive(Debug, Default, Clone)]
pub struct Quality {
    pub recall: f64,
    pub mrr: f64,
    /// kind → (recall, mrr, queries)
    pub per_kind: BTreeMap<String, (f64, f64, usize)>,
    /// Queries whose first relevant result is not on the first page.
    pub misses: Vec<String>,
}

/// Scores `engine`'s ranking of every query.
pub fn evaluate(
    queries: &[Query],
    mut engine: impl FnMut(&str) -> anyhow::Result<Vec<i64>>,
) -> anyhow::Result<Quality> {
    let mut q = Quality::default();
    for query in queries {
        let ranked = engine(&query.query)?;
        let (r, rr) = (
            recall(&ranked, &query.relevant),
            reciprocal_rank(&ranked, &query.relevant),
        );
        q.recall += r;
        q.mrr += rr;
        let e = q.per_kind.entry(query.kind.clone()).or_default();
        e.0 += r;
        e.1 += rr;
        e.2 += 1;
        if rr == 0.0 {
            q.misses.push(format!("{} {:?}", query.id, query.query));
        }
    }
    let n = queries.len().max(1) as f64;
    q.recall /= n;
    q.mrr /= n;
    for e in q.per_kind.values_mut() {
        e.0 /= e.2 as f64;
        e.1 /= e.2 as f64;
    }
    Ok(q)
}

/// The `p`-th percentile (0–100, nearest rank) of `samples`, which it sorts.
pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_and_rank() {
        assert_eq!(recall(&[5, 1, 9], &[1, 2]), 0.5);
        assert_eq!(reciprocal_rank(&[5, 1, 9], &[1, 2]), 0.5);
        assert_eq!(reciprocal_rank(&[5, 6], &[1]), 0.0);
        let deep: Vec<i64> = (0..20).collect();
        assert_eq!(recall(&deep, &[15]), 0.0, "only the first page counts");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut s: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        assert_eq!(percentile(&mut s, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&mut s, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&mut [], 50.0), Duration::ZERO);
    }
}
