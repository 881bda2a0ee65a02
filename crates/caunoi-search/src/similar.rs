//! Near-duplicate petitions: groups texts that raise the same matter in different words, so
//! the office can answer a matter once however many voter meetings raised it.
//!
//! **Shingles.** A text is read as syllables, folded ([`vntext::fold`]: no accents, `đ` →
//! `d`, lower case) and stripped of petition formulas ([`FILLER_PAIRS`], [`FILLER`]). Its
//! shingles are neighbouring syllable pairs (most Vietnamese words have one or two
//! syllables) and single syllables.
//!
//! **Weights.** A shingle weighs its rarity in the collection (a smoothed IDF, capped so a
//! typo cannot outweigh the rest), half for a single syllable. Names weigh ten times more:
//! a capitalised syllable inside a sentence or a number ("cầu Đồng Bến", "thôn 3"), and the
//! name after xã, phường, thị trấn, huyện or quận, the unit where the matter is. A petition
//! is about where and what; voters put the what in their own words ("sửa chữa", "khắc
//! phục", "nâng cấp"), but they name the same places.
//!
//! **Similarity** of two texts is the weighted Jaccard `Σ min(w) / Σ max(w)` times the
//! share of their unit names that the other text also holds (at least 0.2, for typos): two
//! petitions about different communes are different matters, however alike the rest. A
//! unit named as where the voters come from ("Cử tri xã Tân Lập kiến nghị…") is a name but
//! not where the matter is, so a policy matter raised in many communes still groups; pass
//! the unit a petition was received from that way when its text may not say.
//!
//! **Candidates.** Comparing every pair is quadratic. Weighted MinHash signatures (one
//! seeded multiply-shift family; a shingle enters as copies in proportion to its weight)
//! are cut into LSH bands, and only texts that share a band are compared: exactly, unless
//! the signatures already show the pair far below the threshold.
//!
//! **Groups.** Links are visited strongest first, and the two groups a link joins merge
//! only if their average similarity over all cross pairs reaches [`Params::cohesion`].
//! Joining every link instead would chain hundreds of matters into one group at 100,000
//! petitions, where each text has a few chance resemblances. Similarities are integers
//! and ties go by id, so the groups depend only on the texts, not on the order of `add`.
//!
//! **Changes.** Weights depend on the whole collection, so the first look-up after a change
//! rebuilds them: seconds at 100,000 texts. A small change to a large collection (from
//! 2,000 texts, until 1 in 50 texts were added since the build) instead joins the built
//! index in place, weighed with the document frequencies of its arrival; the groups of a
//! collection built at once depend only on its texts, and after changes in place they may
//! differ from those by the drift of weights that a few new texts cause.
//!
//! **Limits.** Two petitions that name the same place in different ways ("đường Đông – Đoài"
//! and "đường nối thôn Đông với thôn Đoài") or describe it without names share little weight:
//! on the hand-written sample of the benchmark only about a fifth of the true pairs reach the
//! default threshold. Groups are therefore only proposed; the office confirms them.
//!
//! ```
//! use caunoi_search::similar::{Dedup, Params};
//!
//! let mut dedup = Dedup::new(Params::default());
//! dedup.add(1, "Đề nghị sửa chữa cầu Đồng Bến, xã Tam Hưng bị xuống cấp");
//! dedup.add(2, "Cử tri xã Tam Hưng phản ánh cầu Đồng Bến hư hỏng, đề nghị sớm sửa chữa.");
//! dedup.add(3, "Đề nghị sửa chữa cầu Đồng Bến, xã Thanh Cao bị xuống cấp");
//! dedup.add(4, "Đề nghị lắp đặt đèn chiếu sáng tại chợ Chiều, xã Tam Hưng");
//! assert_eq!(dedup.groups(), vec![vec![1, 2]]);
//! assert_eq!(dedup.similar("cau Dong Ben xa Tam Hung xuong cap", 5)[0].0, 1);
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Tuning of [`Dedup`]. The defaults favour precision (a proposed group should rarely mix two
/// matters); `bench/src/bin/dedup-bench.rs` measures them (`bench/results/dedup.md`): on
/// 100,000 generated petitions pairwise precision 0.94 and recall 0.74; on the hand-written
/// sample precision 0.78 and recall 0.21. A threshold of 0.3 raises the sample's recall to
/// 0.46 and the generated set's to 0.91, at precision 0.74 and 0.77.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// MinHash functions per signature (more: fewer missed pairs, more time and memory).
    pub hashes: usize,
    /// LSH bands the signature is cut into, `hashes / bands` values each. More bands find
    /// pairs of lower similarity, at the cost of more candidate pairs to check.
    pub bands: usize,
    /// Minimum similarity, in `0.0..=1.0`, for two texts to be linked.
    pub threshold: f64,
    /// Minimum average similarity between two groups over all their cross pairs (a pair
    /// below `threshold` counts as 0) for a link to merge them. Two single texts merge
    /// when linked; two groups of ten need many links. `0.0` joins every link.
    pub cohesion: f64,
    /// Weigh shingles by rarity and names above words, and require the same unit (the
    /// default). `false`: plain Jaccard of the shingle sets, for comparison.
    pub weighted: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            hashes: 128,
            bands: 32,
            threshold: 0.44,
            cohesion: 0.04,
            weighted: true,
        }
    }
}

/// Folded syllable pairs that carry no matter: the formulas of a petition. Dropped before
/// shingling so "Cử tri đề nghị sửa đường" and "Đề nghị sửa đường" are the same text.
pub const FILLER_PAIRS: &[(&str, &str)] = &[
    ("de", "nghi"),   // đề nghị
    ("kien", "nghi"), // kiến nghị
    ("cu", "tri"),    // cử tri
    ("phan", "anh"),  // phản ánh
    ("de", "xuat"),   // đề xuất
    ("yeu", "cau"),   // yêu cầu
    ("xem", "xet"),   // xem xét
    ("dia", "ban"),   // địa bàn
    ("nguoi", "dan"), // người dân
    ("nhan", "dan"),  // nhân dân
    ("hien", "nay"),  // hiện nay
];

/// Folded single syllables dropped as filler: function words and "sớm". A folded form also
/// stands for rarer words (`co` is có and cỏ, `da` is đã and đá); losing those is cheaper
/// than letting "đã", "có", "các" link unrelated petitions. Words that name things
/// (`den`: đèn, `de`: đê, `o`: ô nhiễm) are deliberately not here.
pub const FILLER: &[&str] = &[
    "som", "cac", "cua", "va", "tai", "cho", "ve", "viec", "duoc", "co", "nay", "nhung", "tren",
    "da", "bi", "la", "mot", "rat", "thi", "ma", "cung", "nhu", "khi", "se", "dang",
];

/// Rank of a shingle in its text: an ordinary word.
const WORD: u8 = 0;
/// A capitalised syllable inside a sentence, or a number: "Đồng Bến", "thôn 3".
const NAME: u8 = 1;
/// The name of the administrative unit where the matter is: "Tân Lập" in "xã Tân Lập".
const UNIT: u8 = 2;

/// IDF above this (a shingle in fewer than about 0.25 % of texts) counts as this, so a
/// one-off typo does not outweigh everything two texts share.
const IDF_CAP: f64 = 6.0;
/// A single syllable weighs this much of a syllable pair of the same rarity.
const UNIGRAM_FACTOR: f64 = 0.5;
/// A name weighs this many times a word of the same rarity.
const NAME_FACTOR: f64 = 10.0;
/// The name of a unit weighs this many times a word of the same rarity.
const UNIT_FACTOR: f64 = 10.0;
/// Least unit agreement: a typo in a commune's name costs a pair, but does not rule it out.
const UNIT_FLOOR: f32 = 0.2;
/// MinHash copies of a shingle per unit of weight (at least one, at most [`MAX_COPIES`]).
const COPIES_PER_WEIGHT: f32 = 0.25;
const MAX_COPIES: u32 = 12;
/// A candidate whose signatures agree on fewer than `threshold - ESTIMATE_SLACK` of their
/// values is dropped without the exact comparison (the estimate is within ±0.05 mostly).
const ESTIMATE_SLACK: f32 = 0.1;
/// Seed of the MinHash family: fixed, so signatures are the same in every run.
const SEED: u64 = 0x5E_EDCA_00A1;
/// Below this many items, work stays on one thread.
const PARALLEL_MIN: usize = 2_000;
/// From this many texts, a text added after the index was built joins it in place (weighed
/// with the document frequencies of its arrival) instead of the whole index being rebuilt:
/// at 100,000 texts a rebuild takes seconds, an addition a few milliseconds. Smaller
/// collections rebuild, which costs little there and keeps their weights exact.
const INCREMENTAL_MIN: usize = 2_000;
/// The index is rebuilt once the texts added in place exceed this share of the collection
/// (1 in 50), so the weights never drift far from the collection's.
const REFRESH_SHARE: usize = 50;
/// A batch of more texts than this rebuilds the index rather than joining it one by one
/// (each in-place addition moves every band's entries after it).
const INCREMENTAL_BATCH: usize = 100;

/// Groups near-duplicate texts; see the [module documentation](self).
pub struct Dedup {
    params: Params,
    ids: Vec<i64>,
    /// `false` for a text replaced by a later `add` with the same id.
    alive: Vec<bool>,
    by_id: HashMap<i64, u32>,
    /// Shingles of every text, back to back, each text's sorted and unique.
    shingles: Vec<u32>,
    /// Rank ([`WORD`], [`NAME`], [`UNIT`]) of the shingle at the same position.
    ranks: Vec<u8>,
    /// Text `i` owns `shingles[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    /// In how many live texts each shingle occurs.
    df: HashMap<u32, u32, BuildHasherDefault<Fx>>,
    live: usize,
    /// Weights, signatures and bands, built on first use after a change, or kept up to date
    /// in place for small changes of a large collection (see [`INCREMENTAL_MIN`]).
    index: OnceLock<Index>,
    family: Family,
}

/// A shingle and its weight in one text; a negative weight marks a unit's name.
#[derive(Clone, Copy, Debug)]
struct Entry {
    shingle: u32,
    weight: f32,
}

/// What grouping and look-ups need, derived from the texts and document frequencies.
struct Index {
    /// The entries of every text, at the positions of `Dedup::shingles`.
    entries: Vec<Entry>,
    /// Sum of each text's weights (0 for a replaced or empty text).
    totals: Vec<f32>,
    /// Sum of the weights of each text's unit names.
    unit_totals: Vec<f32>,
    /// `hashes` MinHash values per text, text after text, as their top 16 bits: half the
    /// memory to load per candidate, and a false equal only once in 65,536 values.
    signatures: Vec<u16>,
    /// Per band, `(band key, text)` sorted: equal keys are candidate pairs.
    bands: Vec<Vec<(u32, u32)>>,
    /// Texts added in place since the build.
    appended: usize,
}

/// One text as compared.
#[derive(Clone, Copy)]
struct View<'a> {
    entries: &'a [Entry],
    total: f32,
    unit_total: f32,
}

impl<'a> View<'a> {
    fn of(entries: &'a [Entry]) -> Self {
        View {
            entries,
            total: entries.iter().map(|e| e.weight.abs()).sum(),
            unit_total: entries
                .iter()
                .filter(|e| e.weight < 0.0)
                .map(|e| -e.weight)
                .sum(),
        }
    }
}

/// The shingles of one text, sorted and unique, with their ranks.
struct Shingled {
    shingles: Vec<u32>,
    ranks: Vec<u8>,
}

impl Dedup {
    /// An empty collection. `hashes` and `bands` are clamped to at least 1, and `bands` to
    /// at most `hashes`.
    pub fn new(params: Params) -> Self {
        let hashes = params.hashes.max(1);
        let params = Params {
            hashes,
            bands: params.bands.clamp(1, hashes),
            ..params
        };
        Dedup {
            params,
            ids: Vec::new(),
            alive: Vec::new(),
            by_id: HashMap::new(),
            shingles: Vec::new(),
            ranks: Vec::new(),
            starts: vec![0],
            df: HashMap::default(),
            live: 0,
            index: OnceLock::new(),
            family: Family::new(hashes),
        }
    }

    /// The parameters in use.
    pub fn params(&self) -> Params {
        self.params
    }

    /// Number of texts held (a replaced text counts once).
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether no text was added.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Adds a petition: title and body in one text. Adding an id again replaces its text.
    pub fn add(&mut self, id: i64, text: &str) {
        let s = shingle(text);
        self.push(id, s);
    }

    /// Whether [`similar`](Self::similar) and [`groups`](Self::groups) would rebuild the
    /// index first (the costly step after a large change).
    pub fn needs_rebuild(&self) -> bool {
        self.index.get().is_none()
    }

    /// Adds many petitions, normalising them on all cores; the same as calling
    /// [`add`](Self::add) for each in order.
    pub fn extend<S: AsRef<str> + Sync>(&mut self, items: &[(i64, S)]) {
        if items.len() > INCREMENTAL_BATCH {
            self.index = OnceLock::new();
        }
        let shingled = parallel_map(items, |(_, text)| shingle(text.as_ref()));
        for ((id, _), s) in items.iter().zip(shingled) {
            self.push(*id, s);
        }
    }

    fn push(&mut self, id: i64, text: Shingled) {
        let doc = self.ids.len() as u32;
        let replaced = self.by_id.insert(id, doc);
        if let Some(old) = replaced {
            let old = old as usize;
            self.alive[old] = false;
            self.live -= 1;
            for s in &self.shingles[self.starts[old]..self.starts[old + 1]] {
                if let Some(n) = self.df.get_mut(s) {
                    *n -= 1;
                }
            }
        }
        self.ids.push(id);
        self.alive.push(true);
        self.live += 1;
        for &s in &text.shingles {
            *self.df.entry(s).or_insert(0) += 1;
        }
        self.shingles.extend_from_slice(&text.shingles);
        self.ranks.extend_from_slice(&text.ranks);
        self.starts.push(self.shingles.len());
        let in_place = self.index.get().is_some_and(|index| {
            self.live >= INCREMENTAL_MIN && index.appended < self.live / REFRESH_SHARE
        });
        match self.index.take() {
            Some(mut index) if in_place => {
                self.append(&mut index, doc as usize, replaced.map(|d| d as usize));
                self.index = OnceLock::from(index);
            }
            _ => {}
        }
    }

    /// Puts text `doc` (the last pushed) into a built index, and takes out `replaced`, the
    /// text it replaces: the same entries, signature and band keys a rebuild would give it,
    /// but for weights from the document frequencies of now rather than of the rebuild.
    fn append(&self, index: &mut Index, doc: usize, replaced: Option<usize>) {
        let hashes = self.params.hashes;
        if let Some(old) = replaced {
            if index.totals[old] > 0.0 {
                let keys: Vec<u32> = self
                    .band_keys(&index.signatures[old * hashes..][..hashes])
                    .collect();
                for (band, key) in index.bands.iter_mut().zip(keys) {
                    if let Ok(at) = band.binary_search(&(key, old as u32)) {
                        band.remove(at);
                    }
                }
            }
            index.totals[old] = 0.0;
            index.unit_totals[old] = 0.0;
            index.entries[self.starts[old]..self.starts[old + 1]]
                .iter_mut()
                .for_each(|e| e.weight = 0.0);
            index.signatures[old * hashes..][..hashes].fill(u16::MAX);
        }
        let r = self.starts[doc]..self.starts[doc + 1];
        let entries = self.entries(&self.shingles[r.clone()], &self.ranks[r]);
        let signature = self.family.sign(&entries, self.copy_scale());
        let view = View::of(&entries);
        if view.total > 0.0 {
            for (band, key) in index.bands.iter_mut().zip(self.band_keys(&signature)) {
                let at = band.partition_point(|e| *e < (key, doc as u32));
                band.insert(at, (key, doc as u32));
            }
        }
        index.totals.push(view.total);
        index.unit_totals.push(view.unit_total);
        index.entries.extend(entries);
        index.signatures.extend(signature);
        index.appended += 1;
    }

    /// Groups of at least two texts that raise the same matter: each group's ids sorted,
    /// the largest group first (ties by smallest id). Texts with no content words are
    /// never grouped.
    pub fn groups(&self) -> Vec<Vec<i64>> {
        let index = self.index();
        let pairs = self.candidates(index);
        let threshold = self.params.threshold as f32;
        let links = parallel_map(&pairs, |&p| {
            let (a, b) = ((p >> 32) as u32, p as u32);
            let j = self.pair_similarity(index, a as usize, b as usize);
            (j >= threshold).then(|| (a, b, quantise(j)))
        });
        drop(pairs);
        self.cluster(links.into_iter().flatten().collect())
    }

    /// [`groups`](Self::groups) comparing every pair of texts exactly instead of MinHash
    /// candidates: quadratic, for tests and as the benchmark's reference of what the
    /// candidate search misses.
    pub fn groups_exhaustive(&self) -> Vec<Vec<i64>> {
        let index = self.index();
        let docs: Vec<u32> = (0..self.ids.len() as u32)
            .filter(|&d| index.totals[d as usize] > 0.0)
            .collect();
        let n = docs.len();
        // Rows paired long with short, so the threads get equal shares of the triangle.
        let rows: Vec<usize> = (0..n.div_ceil(2))
            .flat_map(|i| [i, n - 1 - i])
            .take(n)
            .collect();
        let threshold = self.params.threshold as f32;
        let links = parallel_map(&rows, |&i| {
            let a = docs[i];
            docs[i + 1..]
                .iter()
                .filter_map(|&b| {
                    let j = similarity(self.view(index, a as usize), self.view(index, b as usize));
                    (j >= threshold).then(|| (a, b, quantise(j)))
                })
                .collect::<Vec<_>>()
        });
        self.cluster(links.concat())
    }

    /// The `k` stored texts most similar to `text` at or above the threshold, most similar
    /// first, with their similarity: "similar past petitions" for a new one.
    pub fn similar(&self, text: &str, k: usize) -> Vec<(i64, f64)> {
        let query = shingle(text);
        if query.shingles.is_empty() || k == 0 {
            return Vec::new();
        }
        let index = self.index();
        let entries = self.entries(&query.shingles, &query.ranks);
        let signature = self.family.sign(&entries, self.copy_scale());
        let mut candidates: Vec<u32> = Vec::new();
        for (band, key) in index.bands.iter().zip(self.band_keys(&signature)) {
            let from = band.partition_point(|e| e.0 < key);
            candidates.extend(band[from..].iter().take_while(|e| e.0 == key).map(|e| e.1));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let threshold = self.params.threshold as f32;
        let query = View::of(&entries);
        let mut found: Vec<(i64, f64)> = candidates
            .into_iter()
            .filter_map(|d| {
                let j = similarity(query, self.view(index, d as usize));
                (j >= threshold).then_some((self.ids[d as usize], f64::from(j)))
            })
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(k);
        found
    }

    /// Similarity of two texts, in `0.0..=1.0`, with the weights of this collection.
    pub fn similarity(&self, a: &str, b: &str) -> f64 {
        let (a, b) = (shingle(a), shingle(b));
        let a = self.entries(&a.shingles, &a.ranks);
        let b = self.entries(&b.shingles, &b.ranks);
        f64::from(similarity(View::of(&a), View::of(&b)))
    }

    fn view<'a>(&'a self, index: &'a Index, d: usize) -> View<'a> {
        View {
            entries: &index.entries[self.starts[d]..self.starts[d + 1]],
            total: index.totals[d],
            unit_total: index.unit_totals[d],
        }
    }

    /// Similarity of a candidate pair; 0 without the exact comparison when the MinHash
    /// estimate or the texts' total weights show it far below the threshold.
    fn pair_similarity(&self, index: &Index, a: usize, b: usize) -> f32 {
        let threshold = self.params.threshold as f32;
        let (ta, tb) = (index.totals[a], index.totals[b]);
        // The shared weight is at most the lighter text's.
        if ta.min(tb) < threshold * ta.max(tb) {
            return 0.0;
        }
        let h = self.params.hashes;
        let (sa, sb) = (
            &index.signatures[a * h..][..h],
            &index.signatures[b * h..][..h],
        );
        let same = sa.iter().zip(sb).filter(|(x, y)| x == y).count();
        if (same as f32) < (threshold - ESTIMATE_SLACK) * h as f32 {
            return 0.0;
        }
        similarity(self.view(index, a), self.view(index, b))
    }

    /// Links visited once, strongest first (ties by ids): the two groups a link joins merge
    /// if their average similarity over all cross pairs (unlinked pairs count as 0)
    /// reaches [`Params::cohesion`]. A later link between the same groups tests them again.
    fn cluster(&self, mut links: Vec<(u32, u32, u32)>) -> Vec<Vec<i64>> {
        let n = self.ids.len();
        let mut sets = UnionFind::new(n);
        let ids = &self.ids;
        links.sort_unstable_by_key(|&(a, b, q)| {
            let (x, y) = (ids[a as usize], ids[b as usize]);
            (std::cmp::Reverse(q), x.min(y), x.max(y))
        });
        let floor = u128::from(quantise(self.params.cohesion.clamp(0.0, 1.0) as f32));
        // Per group (by its root): the summed similarity of its links to each other group.
        let mut adj: Vec<HashMap<u32, u64, BuildHasherDefault<Fx>>> = vec![HashMap::default(); n];
        if floor > 0 {
            for &(a, b, q) in &links {
                adj[a as usize].insert(b, u64::from(q));
                adj[b as usize].insert(a, u64::from(q));
            }
        }
        for (a, b, _) in links {
            let (ra, rb) = (sets.find(a) as usize, sets.find(b) as usize);
            if ra == rb {
                continue;
            }
            if floor > 0 {
                let sum = adj[ra].get(&(rb as u32)).copied().unwrap_or(0);
                let pairs = u128::from(sets.size[ra]) * u128::from(sets.size[rb]);
                if u128::from(sum) < floor * pairs {
                    continue;
                }
            }
            // The group with more neighbours stays the root; the other's sums move over.
            let (keep, gone) = if adj[ra].len() >= adj[rb].len() {
                (ra, rb)
            } else {
                (rb, ra)
            };
            sets.parent[gone] = keep as u32;
            sets.size[keep] += sets.size[gone];
            let moved = std::mem::take(&mut adj[gone]);
            adj[keep].remove(&(gone as u32));
            for (m, s) in moved {
                if m as usize == keep {
                    continue;
                }
                adj[m as usize].remove(&(gone as u32));
                let total = *adj[keep].entry(m).and_modify(|t| *t += s).or_insert(s);
                adj[m as usize].insert(keep as u32, total);
            }
        }
        let mut by_root: HashMap<u32, Vec<i64>> = HashMap::new();
        for d in 0..n as u32 {
            if self.alive[d as usize] {
                by_root
                    .entry(sets.find(d))
                    .or_default()
                    .push(ids[d as usize]);
            }
        }
        let mut groups: Vec<Vec<i64>> = by_root.into_values().filter(|g| g.len() > 1).collect();
        for g in &mut groups {
            g.sort_unstable();
        }
        groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        groups
    }

    /// Pairs of texts that share a band, each once, as `a << 32 | b` with `a < b`.
    fn candidates(&self, index: &Index) -> Vec<u64> {
        let per_band = parallel_map(&index.bands, |band| {
            let mut pairs = Vec::new();
            for bucket in band.chunk_by(|a, b| a.0 == b.0) {
                for (i, &(_, a)) in bucket.iter().enumerate() {
                    for &(_, b) in &bucket[i + 1..] {
                        pairs.push(u64::from(a) << 32 | u64::from(b));
                    }
                }
            }
            pairs
        });
        let mut pairs = per_band.concat();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// One text's shingles with their weights: rarity in the collection (a smoothed, capped
    /// IDF), halved for a single syllable, multiplied for a name.
    fn entries(&self, shingles: &[u32], ranks: &[u8]) -> Vec<Entry> {
        shingles
            .iter()
            .zip(ranks)
            .map(|(&shingle, &rank)| {
                if !self.params.weighted {
                    return Entry {
                        shingle,
                        weight: 1.0,
                    };
                }
                let df = self.df.get(&shingle).copied().unwrap_or(0).max(1);
                let idf = (1.0 + self.live as f64 / f64::from(df)).ln().min(IDF_CAP);
                let kind = if is_pair(shingle) {
                    1.0
                } else {
                    UNIGRAM_FACTOR
                };
                let weight = (idf * kind) as f32;
                let weight = match rank {
                    WORD => weight,
                    NAME => weight * NAME_FACTOR as f32,
                    _ => -weight * UNIT_FACTOR as f32,
                };
                Entry { shingle, weight }
            })
            .collect()
    }

    fn copy_scale(&self) -> f32 {
        if self.params.weighted {
            COPIES_PER_WEIGHT
        } else {
            1.0
        }
    }

    fn band_keys<'a>(&self, signature: &'a [u16]) -> impl Iterator<Item = u32> + 'a {
        let rows = self.params.hashes / self.params.bands;
        signature
            .chunks_exact(rows)
            .take(self.params.bands)
            .map(|band| {
                let h = band
                    .iter()
                    .fold(0x243F_6A88_85A3_08D3_u64, |h, &v| mix(h ^ u64::from(v)));
                (h >> 32) as u32
            })
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| self.build())
    }

    fn build(&self) -> Index {
        let n = self.ids.len();
        let hashes = self.params.hashes;
        let docs: Vec<usize> = (0..n).collect();
        let per_doc = parallel_map(&docs, |&d| {
            let r = self.starts[d]..self.starts[d + 1];
            let mut entries = self.entries(&self.shingles[r.clone()], &self.ranks[r]);
            if !self.alive[d] {
                entries.iter_mut().for_each(|e| e.weight = 0.0);
                return (entries, vec![u16::MAX; hashes]);
            }
            let signature = self.family.sign(&entries, self.copy_scale());
            (entries, signature)
        });
        let mut index = Index {
            entries: Vec::with_capacity(self.shingles.len()),
            totals: Vec::with_capacity(n),
            unit_totals: Vec::with_capacity(n),
            signatures: Vec::with_capacity(n * hashes),
            bands: Vec::new(),
            appended: 0,
        };
        for (entries, signature) in per_doc {
            let view = View::of(&entries);
            index.totals.push(view.total);
            index.unit_totals.push(view.unit_total);
            index.entries.extend(entries);
            index.signatures.extend(signature);
        }
        let bands: Vec<usize> = (0..self.params.bands).collect();
        let rows = hashes / self.params.bands;
        index.bands = parallel_map(&bands, |&b| {
            let mut band: Vec<(u32, u32)> = (0..n)
                .filter(|&d| index.totals[d] > 0.0)
                .map(|d| {
                    let start = d * hashes + b * rows;
                    let key = self
                        .band_keys(&index.signatures[start..start + rows])
                        .next()
                        .unwrap_or(0);
                    (key, d as u32)
                })
                .collect();
            band.sort_unstable();
            band
        });
        index
    }
}

/// Weighted Jaccard similarity `Σ min / Σ max` of two texts, times the agreement of the
/// units they name.
fn similarity(a: View, b: View) -> f32 {
    if a.total <= 0.0 || b.total <= 0.0 {
        return 0.0;
    }
    let (ea, eb) = (a.entries, b.entries);
    let (mut i, mut j) = (0, 0);
    let (mut shared, mut units_found) = (0.0f32, 0.0f32);
    // Branch-free steps: which side advances is unpredictable.
    while i < ea.len() && j < eb.len() {
        let (x, y) = (ea[i], eb[j]);
        if x.shingle == y.shingle {
            let (wx, wy) = (x.weight.abs(), y.weight.abs());
            shared += wx.min(wy);
            units_found += if x.weight < 0.0 { wx } else { 0.0 };
            units_found += if y.weight < 0.0 { wy } else { 0.0 };
        }
        i += usize::from(x.shingle <= y.shingle);
        j += usize::from(y.shingle <= x.shingle);
    }
    let jaccard = shared / (a.total + b.total - shared);
    jaccard * agreement(units_found, a.unit_total, b.unit_total)
}

/// Share (by weight) of the unit names of both texts that the other text also holds, at
/// least [`UNIT_FLOOR`]; 1 if either names no unit.
fn agreement(found: f32, units_a: f32, units_b: f32) -> f32 {
    if units_a <= 0.0 || units_b <= 0.0 {
        1.0
    } else {
        (found / (units_a + units_b)).max(UNIT_FLOOR)
    }
}

/// Maps `f` over `items` on all cores, in order; one thread for small inputs.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = if items.len() < PARALLEL_MIN {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |p| p.get())
    };
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| s.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Whether `word` (NFC, not the first of its sentence) names something: it starts with a
/// capital and is not an all-capitals abbreviation (UBND, THCS), or it holds a digit.
fn is_name(word: &str) -> bool {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => {
            let rest = chars.as_str();
            rest.is_empty() || !rest.chars().all(char::is_uppercase)
        }
        _ => false,
    }
}

/// Whether `word` is a kind of administrative unit whose name follows: xã, phường, thị
/// trấn, huyện, quận. Unaccented `xa`, `phuong`, `huyen` count; `quan` (quán, quan) never
/// without its marks, and `tran` (trần, tràn) only after `thi`.
fn is_unit(word: &str, folded: &str, previous: Option<&str>) -> bool {
    let lower = word.to_lowercase();
    matches!(lower.as_str(), "xã" | "phường" | "huyện" | "quận")
        || word.is_ascii() && matches!(folded, "xa" | "phuong" | "huyen")
        || previous == Some("thi") && folded == "tran"
}

/// Whether the words before a unit say who speaks rather than where the matter is: "cử tri
/// xã X", "nhân dân thuộc phường Y".
fn is_origin(before: &[(String, u8)]) -> bool {
    let mut words: Vec<&str> = before.iter().rev().take(3).map(|w| w.0.as_str()).collect();
    if matches!(words.first(), Some(&("tai" | "thuoc" | "o"))) {
        words.remove(0);
    }
    matches!(
        words.as_slice(),
        ["tri", "cu", ..] | ["dan", "nhan", ..] | ["dan", "nguoi", ..] | ["dan", "ho", ..]
    )
}

/// Folds one word; ASCII words (most unaccented text) without the Unicode machinery.
fn fold_word(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        vntext::fold(word)
    }
}

/// The shingles of `text`: syllable pairs (low bit 1) and syllables (low bit 0) of its
/// content words, sorted and unique, each with its rank; a pair has the lower rank of its
/// two syllables.
fn shingle(text: &str) -> Shingled {
    let text = vntext::nfc(text);
    let has_capitals = text.chars().any(char::is_uppercase);
    let mut words: Vec<(String, u8)> = Vec::new();
    // Folded names of the units where the matter is.
    let mut units: Vec<String> = Vec::new();
    let mut sentence_start = true;
    // Inside a unit's name: (syllables still allowed without capitals, is an origin).
    let mut in_unit: Option<(u8, bool)> = None;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        if end == 0 {
            let gap = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
            if rest[..gap].contains(['.', '!', '?', ':', ';', '\n']) {
                sentence_start = true;
            }
            if rest[..gap].contains(|c: char| !c.is_whitespace() && c != '-' && c != '–') {
                in_unit = None;
            }
            rest = &rest[gap..];
            continue;
        }
        let word = &rest[..end];
        rest = &rest[end..];
        let folded = fold_word(word);
        let name = !sentence_start && is_name(word);
        sentence_start = false;
        let unit_word = is_unit(word, &folded, words.last().map(|w| w.0.as_str()));
        let mut rank = if name { NAME } else { WORD };
        match in_unit {
            // Lower-case text: the two syllables after the unit word are its name.
            Some((left, origin)) if !unit_word && (name || !has_capitals && left > 0) => {
                if !origin {
                    rank = UNIT;
                    units.push(folded.clone());
                }
                in_unit = Some((left.saturating_sub(1), origin));
            }
            _ => in_unit = unit_word.then(|| (2, is_origin(&words))),
        }
        words.push((folded, rank));
    }
    // "Cử tri Tân Lập" or "ở Tân Lập" next to "xã Tân Lập": the same unit.
    if !units.is_empty() {
        for w in &mut words {
            if w.1 == NAME && units.contains(&w.0) {
                w.1 = UNIT;
            }
        }
    }
    let mut content: Vec<(u64, u8)> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some((next, _)) = words.get(i + 1)
            && FILLER_PAIRS.contains(&(words[i].0.as_str(), next.as_str()))
        {
            i += 2;
            continue;
        }
        if !FILLER.contains(&words[i].0.as_str()) {
            content.push((fnv(&words[i].0), words[i].1));
        }
        i += 1;
    }
    let mut all: Vec<(u32, u8)> = content
        .iter()
        .map(|&(h, rank)| (((mix(h ^ 1) >> 32) as u32) & !1, rank))
        .collect();
    all.extend(content.windows(2).map(|p| {
        let h = mix(p[0].0.rotate_left(23) ^ p[1].0 ^ 2);
        (((h >> 32) as u32) | 1, p[0].1.min(p[1].1))
    }));
    // Sorted by shingle, the highest rank first, so the kept duplicate has it.
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    all.dedup_by_key(|s| s.0);
    Shingled {
        shingles: all.iter().map(|s| s.0).collect(),
        ranks: all.iter().map(|s| s.1).collect(),
    }
}

fn is_pair(shingle: u32) -> bool {
    shingle & 1 == 1
}

/// FNV-1a of a word, finished by [`mix`].
fn fnv(word: &str) -> u64 {
    let h = word.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    });
    mix(h)
}

/// SplitMix64's finaliser: spreads every input bit over the whole word.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The MinHash family: `h_i(x) = (a_i·x + b_i) >> 32` over mixed 64-bit values, `a_i` odd,
/// drawn from SplitMix64 with a fixed seed.
struct Family {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl Family {
    fn new(hashes: usize) -> Self {
        let mut state = SEED;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            mix(state)
        };
        let (mut a, mut b) = (Vec::with_capacity(hashes), Vec::with_capacity(hashes));
        for _ in 0..hashes {
            a.push(next() | 1);
            b.push(next());
        }
        Family { a, b }
    }

    /// Weighted MinHash: a shingle of weight `w` enters as `round(w · scale)` copies (at
    /// least one, at most [`MAX_COPIES`]), so the share of equal values between two
    /// signatures estimates the weighted Jaccard similarity.
    fn sign(&self, entries: &[Entry], scale: f32) -> Vec<u16> {
        let mut out = vec![u32::MAX; self.a.len()];
        for e in entries {
            let copies = ((e.weight.abs() * scale).round() as u32).clamp(1, MAX_COPIES);
            for c in 0..u64::from(copies) {
                let x = mix(u64::from(e.shingle) ^ c.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                for ((o, &a), &b) in out.iter_mut().zip(&self.a).zip(&self.b) {
                    let v = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                    *o = (*o).min(v);
                }
            }
        }
        out.into_iter().map(|v| (v >> 16) as u16).collect()
    }
}

/// Similarities as integers, so sums are exact whatever order they are added in.
const QUANTUM: f64 = (1 << 20) as f64;

fn quantise(j: f32) -> u32 {
    (f64::from(j) * QUANTUM).round() as u32
}

/// Disjoint sets of texts, with path halving; `size` is valid at roots.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u64>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }
}

/// Multiplicative hasher for integer keys (text indices, shingles).
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517C_C1B7_2722_0A95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Petitions of one council's term, as background: a matter needs a collection to tell
    /// its rare words from the common ones ("sửa chữa", "nghiêm trọng" are everywhere).
    const BACKGROUND: &[&str] = &[
        "Trường Mầm non Hoa Sen xuống cấp nghiêm trọng, đề nghị sửa chữa",
        "Nhà văn hóa thôn Bắc hư hỏng nghiêm trọng, đề nghị sửa chữa mái",
        "Bãi rác Nam Sơn gây ô nhiễm nghiêm trọng",
        "Đề nghị sửa chữa trạm bơm Đồng Quan",
        "Đề nghị lắp đặt đèn chiếu sáng tại chợ Đồng Xuân",
        "Cử tri phản ánh rác thải tồn đọng ở thôn Đông nhiều ngày, đề nghị thu gom",
        "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho khu giãn dân Đồng Mới",
        "Trạm y tế xã Thanh Cao thiếu bác sĩ và thuốc",
        "Đề nghị nạo vét kênh tiêu T3 bị bồi lắng",
        "Quán karaoke Hoàng Gia hát đến nửa đêm gây ồn",
        "Đề nghị hỗ trợ mức đóng bảo hiểm y tế cho học sinh",
        "Cầu Đồng Bến xuống cấp, lan can bị gãy",
    ];

    fn with_background(texts: &[(i64, &str)]) -> Dedup {
        let mut d = Dedup::new(Params::default());
        for (i, t) in BACKGROUND.iter().enumerate() {
            d.add(1000 + i as i64, t);
        }
        for (id, t) in texts {
            d.add(*id, t);
        }
        d
    }

    #[test]
    fn accents_case_and_punctuation_do_not_change_the_shingles() {
        let a = shingle("Đề nghị sửa chữa đường liên xã Tân Lập bị xuống cấp!");
        let b = shingle("de nghi sua chua duong lien xa Tan Lap bi xuong cap");
        let c = shingle("ĐỀ NGHỊ: SỬA CHỮA ĐƯỜNG LIÊN XÃ TÂN LẬP, BỊ XUỐNG CẤP.");
        assert_eq!(a.shingles, b.shingles);
        assert_eq!(a.shingles, c.shingles);
        // Capitals mark names, so the unaccented text written like the original is the same.
        let d = with_background(&[]);
        let s = d.similarity(
            "Đề nghị sửa chữa đường liên xã Tân Lập bị xuống cấp!",
            "de nghi sua chua duong lien xa Tan Lap bi xuong cap",
        );
        assert!((s - 1.0).abs() < 1e-6, "{s}");
    }

    #[test]
    fn the_same_request_in_other_words_is_grouped() {
        let d = with_background(&[
            (1, "Đề nghị sửa chữa đường liên xã bị xuống cấp"),
            (
                2,
                "Cử tri đề nghị sớm sửa đường liên xã đã xuống cấp nghiêm trọng",
            ),
        ]);
        assert_eq!(d.groups(), vec![vec![1, 2]]);
    }

    #[test]
    fn the_same_request_about_other_places_is_not_grouped() {
        let d = with_background(&[
            (
                1,
                "Đề nghị sửa chữa đường liên thôn Đông – Đoài, xã Tân Lập bị xuống cấp",
            ),
            (
                2,
                "Đề nghị sửa chữa đường liên thôn Đông – Đoài, xã Phú Minh bị xuống cấp",
            ),
            (
                3,
                "Đề nghị sửa chữa đường trục chính thôn Trung, xã Tân Lập bị xuống cấp",
            ),
            (4, "Đề nghị sửa chữa cầu Đồng Bến, xã Tam Hưng bị xuống cấp"),
            (
                5,
                "Tuyến đường liên thôn Đông – Đoài (xã Tân Lập) hư hỏng, đề nghị sửa chữa",
            ),
        ]);
        assert_eq!(d.groups(), vec![vec![1, 5]]);
    }

    #[test]
    fn filler_alone_is_never_grouped() {
        let d = with_background(&[(1, "Đề nghị xem xét."), (2, "Kiến nghị; đề xuất!")]);
        assert!(d.groups().is_empty());
        assert!(d.similar("Đề nghị xem xét", 5).is_empty());
    }

    #[test]
    fn similar_ranks_past_petitions_above_the_threshold() {
        let d = with_background(&[
            (1, "Đề nghị sửa chữa cầu Đồng Bến, xã Tam Hưng"),
            (2, "Đề nghị xây mới trường mầm non Hoa Sen"),
        ]);
        let found = d.similar("Cầu Đồng Bến ở xã Tam Hưng hư hỏng, đề nghị sửa", 5);
        assert_eq!(found.first().map(|f| f.0), Some(1));
        assert!(found.iter().all(|f| f.1 >= d.params().threshold));
        assert!(found.iter().all(|f| f.0 != 2));
    }

    #[test]
    fn adding_an_id_again_replaces_its_text() {
        let mut d = with_background(&[
            (1, "Đề nghị sửa chữa cầu Đồng Bến, xã Tam Hưng"),
            (2, "Cầu Đồng Bến, xã Tam Hưng hư hỏng, đề nghị sửa chữa"),
        ]);
        assert_eq!(d.groups(), vec![vec![1, 2]]);
        d.add(2, "Đề nghị mở tuyến xe buýt đến khu công nghiệp Phú Nghĩa");
        assert_eq!(d.len(), BACKGROUND.len() + 2);
        assert!(d.groups().is_empty());
    }

    #[test]
    fn exhaustive_and_candidate_grouping_agree_on_a_small_collection() {
        let d = with_background(&[
            (1, "Đề nghị sửa chữa đường liên xã bị xuống cấp"),
            (
                2,
                "Cử tri đề nghị sớm sửa đường liên xã đã xuống cấp nghiêm trọng",
            ),
            (
                3,
                "Quán karaoke Hoàng Gia gây tiếng ồn đến nửa đêm, đề nghị xử lý",
            ),
        ]);
        assert_eq!(d.groups(), d.groups_exhaustive());
    }

    /// A collection large enough to be changed in place: `n` petitions about 400 matters
    /// (a road in one of 400 hamlets of 8 communes), each matter in several wordings.
    fn large(n: usize) -> Vec<(i64, String)> {
        const COMMUNES: &[&str] = &[
            "Tân Lập",
            "Phú Minh",
            "Tam Hưng",
            "Thanh Cao",
            "Liên Hà",
            "Đông Anh",
            "Kim Chung",
            "Hồng Vân",
        ];
        const WORDINGS: &[&str] = &[
            "Đề nghị sửa chữa đường thôn {h}, xã {c} bị xuống cấp",
            "Cử tri xã {c} phản ánh đường thôn {h} hư hỏng nặng, đề nghị sớm sửa",
            "Đường trục thôn {h} ({c}) nhiều ổ gà, đề nghị nâng cấp",
            "Đề nghị lắp đèn chiếu sáng đường thôn {h}, xã {c}",
            "Rác thải tồn đọng ở thôn {h}, xã {c}, đề nghị thu gom",
        ];
        (0..n)
            .map(|i| {
                let matter = i % 400;
                let text = WORDINGS[(i / 400 + matter) % WORDINGS.len()]
                    .replace("{h}", &(matter / 8).to_string())
                    .replace("{c}", COMMUNES[matter % 8]);
                (i as i64, text)
            })
            .collect()
    }

    /// A text added to a large built collection joins its index in place: found at once,
    /// with the similarities a rebuild would give to within the drift of the weights, and
    /// the text it replaces is gone; after 1 in 50 texts the index is rebuilt.
    #[test]
    fn small_changes_to_a_large_collection_join_the_index_in_place() {
        let texts = large(INCREMENTAL_MIN + 500);
        let mut d = Dedup::new(Params::default());
        d.extend(&texts);
        assert!(d.needs_rebuild());
        let probe = "Đường thôn 7 xã Hồng Vân hư hỏng, đề nghị sửa chữa";
        assert!(!d.similar(probe, 5).is_empty());
        assert!(!d.needs_rebuild());

        let new = "Đề nghị nạo vét kênh tiêu T3 ở thôn 49, xã Kim Chung bị bồi lắng";
        d.add(90_001, new);
        d.add(
            90_002,
            "Kênh tiêu T3 thôn 49 (xã Kim Chung) bồi lắng, đề nghị nạo vét",
        );
        // Text 0 now raises another matter: its old words no longer find it.
        let old0 = texts[0].1.clone();
        d.add(0, "Đề nghị xây nhà văn hóa thôn 49, xã Kim Chung");
        assert!(!d.needs_rebuild(), "three texts must not rebuild the index");

        let mut fresh = Dedup::new(Params::default());
        fresh.extend(&texts);
        fresh.add(90_001, new);
        fresh.add(
            90_002,
            "Kênh tiêu T3 thôn 49 (xã Kim Chung) bồi lắng, đề nghị nạo vét",
        );
        fresh.add(0, "Đề nghị xây nhà văn hóa thôn 49, xã Kim Chung");
        for query in [new, probe, old0.as_str()] {
            let (a, b) = (d.similar(query, 20), fresh.similar(query, 20));
            let ids = |v: &[(i64, f64)]| {
                let mut ids: Vec<i64> = v.iter().map(|x| x.0).collect();
                ids.sort_unstable();
                ids
            };
            assert_eq!(ids(&a), ids(&b), "{query}");
            for ((_, x), (_, y)) in a.iter().zip(&b) {
                assert!((x - y).abs() < 0.02, "{query}: {x} vs {y}");
            }
        }
        assert!(d.similar(&old0, 20).iter().all(|f| f.0 != 0));
        assert_eq!(d.similar(new, 1)[0].0, 90_001);
        assert_eq!(d.groups(), fresh.groups());

        for i in 0..d.len() / REFRESH_SHARE {
            d.add(100_000 + i as i64, &format!("Đề nghị sửa cống thôn {i}"));
        }
        assert!(
            d.needs_rebuild(),
            "1 in 50 texts added: the next look-up rebuilds"
        );
    }

    const PIECES: &[&str] = &[
        "Đề nghị sửa chữa đường liên thôn Đông – Đoài, xã Tân Lập",
        "Đường liên thôn Đông – Đoài xuống cấp",
        "Cầu Đồng Bến hư hỏng nặng",
        "đề nghị xây mới cầu Đồng Bến",
        "Rác thải tồn đọng ở thôn Đông",
        "Chợ Chiều thiếu đèn chiếu sáng",
        "nước sạch cho xã Liên Hà",
        "xã Phú Minh",
        "nhiều ổ gà",
        "kéo dài nhiều năm",
    ];

    fn petitions() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop::collection::vec(0..PIECES.len(), 1..4)
                .prop_map(|ix| ix.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(". ")),
            0..30,
        )
    }

    proptest! {
        #[test]
        fn groups_are_a_partition_whatever_the_order(
            (texts, order) in petitions().prop_flat_map(|t| {
                let n = t.len();
                (Just(t), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
            })
        ) {
            let mut a = Dedup::new(Params::default());
            for (i, t) in texts.iter().enumerate() {
                a.add(i as i64, t);
            }
            let mut b = Dedup::new(Params::default());
            for &i in &order {
                b.add(i as i64, &texts[i]);
            }
            let groups = a.groups();
            let mut seen = std::collections::HashSet::new();
            for g in &groups {
                prop_assert!(g.len() >= 2);
                prop_assert!(g.windows(2).all(|w| w[0] < w[1]));
                for id in g {
                    prop_assert!(seen.insert(*id), "{id} in two groups");
                    prop_assert!((0..texts.len() as i64).contains(id));
                }
            }
            prop_assert_eq!(&groups, &b.groups());
            prop_assert_eq!(a.groups_exhaustive(), b.groups_exhaustive());
        }
    }
}
