//! PDF: the text of the pages, put into lines and paragraphs from where the text is drawn.
//!
//! `lopdf` parses the file and decodes the fonts; this module walks each page's content
//! stream itself, because `lopdf`'s own `extract_text` neither separates paragraphs nor
//! prefers a font's `ToUnicode` map over its `Encoding` (Word's Vietnamese fonts need the
//! map). Positions are estimated from the fonts' glyph widths; a font without widths is
//! taken as half an em per glyph.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::content::{Content, Operation};
use lopdf::xref::XrefRecovery;
use lopdf::{DecompressError, Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};

use super::DocTextError;
use crate::budget::{Budget, OverBudget};

/// The most bytes before `%PDF-` that PDF readers skip (mail gateways and old web servers
/// prepend junk).
const MAX_HEADER_OFFSET: usize = 1024;
/// Glyph width (thousandths of an em) for a font or a code whose width the file omits.
const UNKNOWN_WIDTH: f64 = 500.0;
/// Most `/W` width entries read for one font; a real font has at most 65,536 glyphs.
const MAX_WIDTH_ENTRIES: usize = 70_000;

/// The text of a PDF, by paragraph, and its number of pages.
pub(super) struct PdfText {
    pub paragraphs: Vec<String>,
    pub pages: usize,
}

/// Where `%PDF-` starts, if it does within the first [`MAX_HEADER_OFFSET`] bytes.
pub(super) fn header_offset(bytes: &[u8]) -> Option<usize> {
    let window = &bytes[..bytes.len().min(MAX_HEADER_OFFSET + 5)];
    window.windows(5).position(|w| w == b"%PDF-")
}

/// Reads the text of a PDF within `budget`. A panic inside `lopdf` (a parser of untrusted
/// input) is caught and reported as damage.
pub(super) fn read(bytes: &[u8], budget: &mut Budget) -> Result<PdfText, DocTextError> {
    catch_unwind(AssertUnwindSafe(|| read_unguarded(bytes, budget))).unwrap_or_else(|_| {
        Err(DocTextError::Damaged(
            "the PDF reader stopped on a malformed structure".to_owned(),
        ))
    })
}

thread_local! {
    /// The budget of the file `lopdf` is loading on this thread: its object filter is a plain
    /// function, so this is how it reaches the budget.
    static LOADING: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// `lopdf`'s object filter while loading: counts every object (those inside object streams
/// too) and inflates each object stream once, within the budget, before `lopdf` expands it
/// (`lopdf` bounds each stream, not their sum). Past the budget, objects are dropped and the
/// caller refuses the file.
fn charge_loaded(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    LOADING.with_borrow_mut(|budget| {
        if let Some(budget) = budget.as_mut() {
            budget.object().ok()?;
            if let Object::Stream(stream) = object
                && stream.dict.has_type(b"ObjStm")
            {
                match stream.decompressed_content_with_limit(budget.inflatable_usize()) {
                    Ok(plain) => {
                        budget.inflate(plain.len() as u64).ok()?;
                        stream.set_plain_content(plain);
                    }
                    Err(error) if is_too_large(&error) => {
                        let _ = budget.inflate(u64::MAX);
                        return None;
                    }
                    // Left to lopdf, which skips a stream it cannot decode.
                    Err(_) => {}
                }
            }
        }
        // lopdf keeps `object` itself for an object of the file, and what is returned for a
        // member of an object stream (never a stream): no need to copy a stream's bytes.
        let kept = match object {
            Object::Stream(_) => Object::Null,
            other => other.clone(),
        };
        Some((id, kept))
    })
}

/// Loads the document with [`charge_loaded`] drawing on `budget`.
fn load(bytes: &[u8], budget: &mut Budget, rebuild: bool) -> Result<Document, DocTextError> {
    let options = LoadOptions {
        // Bounds each stream lopdf decodes by itself (cross-reference streams, and the object
        // streams of an encrypted file, which bypass the filter).
        max_decompressed_size: Some(budget.inflatable_usize()),
        filter: Some(charge_loaded),
        force_reconstruct: rebuild,
        ..LoadOptions::default()
    };
    LOADING.set(Some(std::mem::take(budget)));
    let loaded = Document::load_mem_with_options(bytes, options);
    if let Some(charged) = LOADING.take() {
        *budget = charged;
    }
    if let Some(why) = budget.spent() {
        return Err(DocTextError::OverBudget(why));
    }
    loaded.map_err(load_error)
}

fn read_unguarded(bytes: &[u8], budget: &mut Budget) -> Result<PdfText, DocTextError> {
    let mut doc = load(bytes, budget, false)?;
    // lopdf rebuilds a damaged file's page tree by itself only when loading unfiltered.
    if doc.page_iter().next().is_none() && doc.xref_recovery.is_some() {
        if let Ok(rebuilt) = load(bytes, budget, true)
            && rebuilt.page_iter().next().is_some()
        {
            doc = rebuilt;
        }
        if let Some(why) = budget.spent() {
            return Err(DocTextError::OverBudget(why));
        }
    }
    // lopdf opens a file whose user password is empty (a file that only restricts printing
    // or copying); one that needs a password keeps its /Encrypt entry.
    if doc.is_encrypted() {
        return Err(DocTextError::Encrypted);
    }
    // Counted lazily: a page tree listing millions of pages is refused without a list of them.
    let mut pages = Vec::new();
    for page_id in doc.page_iter() {
        budget.pages(1).map_err(DocTextError::OverBudget)?;
        pages.push(page_id);
    }
    if pages.is_empty() {
        return Err(DocTextError::Damaged(
            "the PDF has no page that can be found".to_owned(),
        ));
    }
    let mut streams = Streams::default();
    let mut paragraphs = Vec::new();
    let mut first_error = None;
    for page_id in &pages {
        match page_paragraphs(&doc, *page_id, &mut streams, budget) {
            Ok(mut page) => paragraphs.append(&mut page),
            Err(PageError::Over(why)) => return Err(DocTextError::OverBudget(why)),
            Err(PageError::Pdf(error)) if is_too_large(&error) => {
                return Err(DocTextError::OverBudget(OverBudget::InflatedBytes));
            }
            Err(PageError::Pdf(error)) => {
                first_error.get_or_insert(error);
            }
        }
    }
    let no_text = paragraphs.iter().all(|p| p.trim().is_empty());
    if no_text && let Some(error) = first_error {
        return Err(DocTextError::Damaged(format!(
            "a page of the PDF cannot be read ({error})"
        )));
    }
    if no_text && doc.xref_recovery == Some(XrefRecovery::Reconstructed) {
        // Text missing from a file that had to be rebuilt is lost, not scanned.
        return Err(DocTextError::Damaged(
            "the PDF's cross-reference table is missing or broken, and no text could be recovered"
                .to_owned(),
        ));
    }
    Ok(PdfText {
        paragraphs,
        pages: pages.len(),
    })
}

fn is_too_large(error: &lopdf::Error) -> bool {
    matches!(
        error,
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })
    )
}

fn load_error(error: lopdf::Error) -> DocTextError {
    match error {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => DocTextError::Encrypted,
        error if is_too_large(&error) => DocTextError::OverBudget(OverBudget::InflatedBytes),
        error => DocTextError::Damaged(format!("the PDF structure cannot be read ({error})")),
    }
}

/// Why a page could not be read.
enum PageError {
    Over(OverBudget),
    Pdf(lopdf::Error),
}

impl From<OverBudget> for PageError {
    fn from(why: OverBudget) -> Self {
        PageError::Over(why)
    }
}

impl From<lopdf::Error> for PageError {
    fn from(error: lopdf::Error) -> Self {
        PageError::Pdf(error)
    }
}

/// Streams already decompressed, by object id: a content stream drawn on many pages (or
/// listed many times on one) is inflated, and charged as inflated, once; each use is
/// charged as bytes walked. For a font's `ToUnicode` map, which lopdf decodes itself each
/// time, the size is remembered to charge each decoding.
#[derive(Default)]
struct Streams {
    content: HashMap<ObjectId, std::rc::Rc<Vec<u8>>>,
    cmap_sizes: HashMap<ObjectId, u64>,
}

impl Streams {
    /// The decompressed bytes of content stream `id`; empty when there is none. A stream
    /// that cannot be decoded gives its raw bytes, as lopdf does.
    fn content(
        &mut self,
        doc: &Document,
        id: ObjectId,
        budget: &mut Budget,
    ) -> Result<std::rc::Rc<Vec<u8>>, PageError> {
        if let Some(bytes) = self.content.get(&id) {
            return Ok(bytes.clone());
        }
        let bytes = match doc.get_object(id).and_then(Object::as_stream) {
            Ok(stream) => match stream.decompressed_content_with_limit(budget.inflatable_usize()) {
                Ok(data) => data,
                Err(error) if is_too_large(&error) => {
                    return Err(PageError::Over(OverBudget::InflatedBytes));
                }
                Err(_) => stream.content.clone(),
            },
            Err(_) => Vec::new(),
        };
        budget.inflate(bytes.len() as u64)?;
        let bytes = std::rc::Rc::new(bytes);
        self.content.insert(id, bytes.clone());
        Ok(bytes)
    }

    /// Charges one decoding of the `ToUnicode` map of `font` (inflated the first time,
    /// walked every time).
    fn charge_cmap(
        &mut self,
        doc: &Document,
        font: &Dictionary,
        budget: &mut Budget,
    ) -> Result<(), PageError> {
        let Ok(id) = font.get(b"ToUnicode").and_then(Object::as_reference) else {
            return Ok(());
        };
        let size = match self.cmap_sizes.get(&id) {
            Some(size) => *size,
            None => {
                let size = match doc.get_object(id).and_then(Object::as_stream) {
                    Ok(stream) => {
                        match stream.decompressed_content_with_limit(budget.inflatable_usize()) {
                            Ok(data) => data.len() as u64,
                            Err(error) if is_too_large(&error) => {
                                return Err(PageError::Over(OverBudget::InflatedBytes));
                            }
                            Err(_) => stream.content.len() as u64,
                        }
                    }
                    Err(_) => 0,
                };
                budget.inflate(size)?;
                self.cmap_sizes.insert(id, size);
                size
            }
        };
        budget.parse(size)?;
        Ok(())
    }
}

/// The paragraphs of one page.
fn page_paragraphs(
    doc: &Document,
    page_id: ObjectId,
    streams: &mut Streams,
    budget: &mut Budget,
) -> Result<Vec<String>, PageError> {
    budget.tick()?;
    let font_dicts = doc.get_page_fonts(page_id).unwrap_or_default();
    // A font's ToUnicode map says what its glyphs mean better than its /Encoding (which
    // lopdf would prefer): read such fonts from a copy without /Encoding.
    let prepared: Vec<(Vec<u8>, Cow<'_, Dictionary>)> = font_dicts
        .into_iter()
        .map(|(name, dict)| {
            if has_to_unicode(doc, dict) && dict.has(b"Encoding") {
                let mut copy = dict.clone();
                copy.remove(b"Encoding");
                (name, Cow::Owned(copy))
            } else {
                (name, Cow::Borrowed(dict))
            }
        })
        .collect();
    let mut fonts = BTreeMap::new();
    for (name, dict) in &prepared {
        budget.object()?;
        streams.charge_cmap(doc, dict, budget)?;
        fonts.insert(
            name.as_slice(),
            Font::read(doc, dict, budget.inflatable_usize())?,
        );
    }
    // The page's streams, in order, each followed by a line break (as lopdf joins them).
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let bytes = streams.content(doc, id, budget)?;
        budget.parse(bytes.len() as u64 + 1)?;
        content.extend_from_slice(&bytes);
        content.push(b'\n');
    }
    let mut page = Page::new(&fonts);
    // A content stream that stops making sense keeps the text read up to there.
    for operation in Content::decode_iter(&content) {
        budget.object()?;
        match operation {
            Ok(operation) => page.apply(&operation),
            Err(_) => break,
        }
    }
    Ok(page.layout.into_paragraphs())
}

fn has_to_unicode(doc: &Document, font: &Dictionary) -> bool {
    font.get_deref(b"ToUnicode", doc)
        .and_then(Object::as_stream)
        .is_ok()
}

/// What the page walker needs of a font.
struct Font<'a> {
    /// How its codes map to text; `None` when nothing says (a CID font without a
    /// ToUnicode map), so its glyphs give no text.
    encoding: Option<Encoding<'a>>,
    /// Whether codes are two bytes (a Type0 font), not one.
    two_byte: bool,
    widths: Widths,
}

impl<'a> Font<'a> {
    fn read(
        doc: &'a Document,
        dict: &'a Dictionary,
        max_inflated: usize,
    ) -> Result<Font<'a>, lopdf::Error> {
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let encoding = if two_byte && !has_to_unicode(doc, dict) && !names_unicode_cmap(dict) {
            None
        } else {
            // lopdf falls back to the standard encoding on every error but a bomb.
            Some(dict.get_font_encoding_with_limit(doc, max_inflated)?)
        };
        let widths = if two_byte {
            Widths::of_cid_font(doc, dict)
        } else {
            Widths::of_simple_font(doc, dict)
        };
        Ok(Font {
            encoding,
            two_byte,
            widths,
        })
    }

    fn codes<'b>(&self, bytes: &'b [u8]) -> impl Iterator<Item = u32> + 'b {
        let size = if self.two_byte { 2 } else { 1 };
        bytes
            .chunks(size)
            .map(|code| code.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
    }
}

/// Whether a Type0 font's /Encoding is a CMap whose codes are Unicode (UCS-2 or UTF-16),
/// which lopdf decodes without a ToUnicode map.
fn names_unicode_cmap(dict: &Dictionary) -> bool {
    dict.get(b"Encoding")
        .and_then(Object::as_name)
        .is_ok_and(|name| {
            name.windows(4).any(|w| w == b"UCS2") || name.windows(5).any(|w| w == b"UTF16")
        })
}

/// Glyph widths of a font, in thousandths of an em, by code (or CID).
struct Widths {
    /// Non-overlapping `(first, last, width)` ranges, sorted by `first`.
    ranges: Vec<(u32, u32, f64)>,
    default: f64,
}

impl Widths {
    fn width(&self, code: u32) -> f64 {
        let after = self.ranges.partition_point(|(first, _, _)| *first <= code);
        match after.checked_sub(1).map(|i| self.ranges[i]) {
            Some((_, last, width)) if code <= last => width,
            _ => self.default,
        }
    }

    /// `/FirstChar` and `/Widths` of a simple font; `/MissingWidth` of its descriptor for
    /// the codes outside them.
    fn of_simple_font(doc: &Document, dict: &Dictionary) -> Widths {
        let default = dict
            .get_deref(b"FontDescriptor", doc)
            .and_then(Object::as_dict)
            .and_then(|d| d.get_deref(b"MissingWidth", doc))
            .ok()
            .and_then(number)
            .filter(|w| *w > 0.0)
            .unwrap_or(UNKNOWN_WIDTH);
        let first = dict
            .get_deref(b"FirstChar", doc)
            .ok()
            .and_then(number)
            .filter(|c| (0.0..=255.0).contains(c));
        let widths = dict
            .get_deref(b"Widths", doc)
            .and_then(Object::as_array)
            .ok();
        let mut ranges = Vec::new();
        if let (Some(first), Some(widths)) = (first, widths) {
            for (code, width) in (first as u32..=255).zip(widths) {
                if let Some(width) = deref_number(doc, width) {
                    ranges.push((code, code, width));
                }
            }
        }
        Widths { ranges, default }
    }

    /// `/DW` and `/W` of a Type0 font's descendant CID font. Codes are taken as CIDs
    /// (Identity encoding, which is what Word and most producers write).
    fn of_cid_font(doc: &Document, dict: &Dictionary) -> Widths {
        let cid_font = dict
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|fonts| fonts.first())
            .and_then(|font| doc.dereference(font).ok())
            .and_then(|(_, font)| font.as_dict().ok());
        let Some(cid_font) = cid_font else {
            return Widths {
                ranges: Vec::new(),
                default: UNKNOWN_WIDTH,
            };
        };
        let default = cid_font
            .get_deref(b"DW", doc)
            .ok()
            .and_then(number)
            .unwrap_or(1000.0);
        let mut ranges = Vec::new();
        if let Ok(w) = cid_font.get_deref(b"W", doc).and_then(Object::as_array) {
            let mut items = w.iter().map(|item| doc.dereference(item).map(|(_, o)| o));
            // Entries are `c [w1 w2 …]` or `c_first c_last w`.
            while let Some(Ok(first)) = items.next() {
                let Some(first) = number(first).filter(|c| *c >= 0.0).map(|c| c as u32) else {
                    break;
                };
                match items.next() {
                    Some(Ok(Object::Array(list))) => {
                        for (i, width) in list.iter().enumerate() {
                            let Some(code) =
                                u32::try_from(i).ok().and_then(|i| first.checked_add(i))
                            else {
                                break;
                            };
                            if let Some(width) = deref_number(doc, width) {
                                ranges.push((code, code, width));
                            }
                        }
                    }
                    Some(Ok(last)) => {
                        let last = number(last).filter(|c| *c >= 0.0).map(|c| c as u32);
                        let width = items.next().and_then(Result::ok).and_then(number);
                        if let (Some(last), Some(width)) = (last, width) {
                            ranges.push((first, last.max(first), width));
                        }
                    }
                    _ => break,
                }
                if ranges.len() > MAX_WIDTH_ENTRIES {
                    break;
                }
            }
        }
        ranges.sort_by_key(|(first, _, _)| *first);
        // Keep the ranges disjoint so that the binary search in `width` stays right.
        let mut disjoint: Vec<(u32, u32, f64)> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match disjoint.last() {
                Some((_, last, _)) if range.0 <= *last => {}
                _ => disjoint.push(range),
            }
        }
        Widths {
            ranges: disjoint,
            default,
        }
    }
}

fn number(object: &Object) -> Option<f64> {
    let value = match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    value.is_finite().then_some(value)
}

fn deref_number(doc: &Document, object: &Object) -> Option<f64> {
    doc.dereference(object).ok().and_then(|(_, o)| number(o))
}

/// An affine transformation `[a b c d e f]`, as PDF writes it (points are row vectors).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translation(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self × other`: `self` applied first.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn origin(self) -> (f64, f64) {
        (self.0[4], self.0[5])
    }

    /// Unit vector along the transformed x axis (the baseline of text).
    fn x_direction(self) -> (f64, f64) {
        let (x, y) = (self.0[0], self.0[1]);
        let length = x.hypot(y);
        if length.is_finite() && length > 1e-9 {
            (x / length, y / length)
        } else {
            (1.0, 0.0)
        }
    }

    /// Length of the transformed unit y vector (how much text is scaled vertically).
    fn y_scale(self) -> f64 {
        self.0[2].hypot(self.0[3])
    }
}

/// The graphics state that matters for text.
#[derive(Debug, Clone)]
struct GraphicsState<'f> {
    ctm: Matrix,
    font: Option<&'f [u8]>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
}

/// Walks one page's content stream.
struct Page<'f, 'a> {
    fonts: &'f BTreeMap<&'f [u8], Font<'a>>,
    state: GraphicsState<'f>,
    saved: Vec<GraphicsState<'f>>,
    text_matrix: Matrix,
    line_matrix: Matrix,
    layout: Layout,
}

/// Most nested `q` saves kept; a stream nesting deeper is malformed.
const MAX_SAVED_STATES: usize = 256;

impl<'f, 'a> Page<'f, 'a> {
    fn new(fonts: &'f BTreeMap<&'f [u8], Font<'a>>) -> Self {
        Page {
            fonts,
            state: GraphicsState {
                ctm: Matrix::IDENTITY,
                font: None,
                font_size: 12.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                horizontal_scale: 1.0,
                leading: 0.0,
            },
            saved: Vec::new(),
            text_matrix: Matrix::IDENTITY,
            line_matrix: Matrix::IDENTITY,
            layout: Layout::default(),
        }
    }

    fn apply(&mut self, operation: &Operation) {
        let operands = &operation.operands;
        let num = |i: usize| operands.get(i).and_then(number);
        match operation.operator.as_str() {
            "q" if self.saved.len() < MAX_SAVED_STATES => self.saved.push(self.state.clone()),
            "Q" => {
                if let Some(state) = self.saved.pop() {
                    self.state = state;
                }
            }
            "cm" => {
                if let Some(m) = matrix_operands(operands) {
                    self.state.ctm = m.then(self.state.ctm);
                }
            }
            "BT" => {
                self.text_matrix = Matrix::IDENTITY;
                self.line_matrix = Matrix::IDENTITY;
            }
            "Tf" => {
                let name = operands.first().and_then(|o| o.as_name().ok());
                self.state.font =
                    name.and_then(|name| self.fonts.get_key_value(name).map(|(key, _)| *key));
                if let Some(size) = num(1) {
                    self.state.font_size = size;
                }
            }
            "Tc" => self.state.char_spacing = num(0).unwrap_or(0.0),
            "Tw" => self.state.word_spacing = num(0).unwrap_or(0.0),
            "Tz" => self.state.horizontal_scale = num(0).unwrap_or(100.0) / 100.0,
            "TL" => self.state.leading = num(0).unwrap_or(0.0),
            "Td" => self.move_line(num(0).unwrap_or(0.0), num(1).unwrap_or(0.0)),
            "TD" => {
                let ty = num(1).unwrap_or(0.0);
                self.state.leading = -ty;
                self.move_line(num(0).unwrap_or(0.0), ty);
            }
            "Tm" => {
                if let Some(m) = matrix_operands(operands) {
                    self.text_matrix = m;
                    self.line_matrix = m;
                }
            }
            "T*" => self.next_line(),
            "Tj" => self.show_operand(operands.first()),
            "'" => {
                self.next_line();
                self.show_operand(operands.first());
            }
            "\"" => {
                self.state.word_spacing = num(0).unwrap_or(self.state.word_spacing);
                self.state.char_spacing = num(1).unwrap_or(self.state.char_spacing);
                self.next_line();
                self.show_operand(operands.get(2));
            }
            "TJ" => {
                let Some(Object::Array(items)) = operands.first() else {
                    return;
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => self.show(bytes),
                        item => {
                            if let Some(adjustment) = number(item) {
                                let tx = -adjustment / 1000.0
                                    * self.state.font_size
                                    * self.state.horizontal_scale;
                                self.advance(tx);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn move_line(&mut self, tx: f64, ty: f64) {
        self.line_matrix = Matrix::translation(tx, ty).then(self.line_matrix);
        self.text_matrix = self.line_matrix;
    }

    fn next_line(&mut self) {
        self.move_line(0.0, -self.state.leading);
    }

    fn advance(&mut self, tx: f64) {
        if tx.is_finite() {
            self.text_matrix = Matrix::translation(tx, 0.0).then(self.text_matrix);
        }
    }

    fn show_operand(&mut self, operand: Option<&Object>) {
        if let Some(Object::String(bytes, _)) = operand {
            self.show(bytes);
        }
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.state.font.and_then(|name| self.fonts.get(name)) else {
            return;
        };
        let placement = self.text_matrix.then(self.state.ctm);
        let text = match &font.encoding {
            Some(encoding) => encoding.bytes_to_string(bytes).unwrap_or_default(),
            None => String::new(),
        };
        let size = (self.state.font_size * placement.y_scale()).abs();
        let start = Pen {
            at: placement.origin(),
            direction: placement.x_direction(),
            size: if size.is_finite() && size > 1e-6 {
                size
            } else {
                1.0
            },
        };
        let mut width = 0.0;
        for code in font.codes(bytes) {
            let glyph = font.widths.width(code) / 1000.0 * self.state.font_size;
            let word = if !font.two_byte && code == 32 {
                self.state.word_spacing
            } else {
                0.0
            };
            width += (glyph + self.state.char_spacing + word) * self.state.horizontal_scale;
        }
        self.advance(width);
        let end = Pen {
            at: self.text_matrix.then(self.state.ctm).origin(),
            ..start
        };
        self.layout.place(start, end, &text);
    }
}

fn matrix_operands(operands: &[Object]) -> Option<Matrix> {
    let values: Vec<f64> = operands.iter().filter_map(number).collect();
    let values: [f64; 6] = values.try_into().ok()?;
    Some(Matrix(values))
}

/// A position on the page with the direction and size of the text there.
#[derive(Debug, Clone, Copy)]
struct Pen {
    at: (f64, f64),
    direction: (f64, f64),
    size: f64,
}

impl Pen {
    /// How far `to` is from `self` along the baseline and above it, in page units.
    fn offset(&self, to: (f64, f64)) -> (f64, f64) {
        let (dx, dy) = (to.0 - self.at.0, to.1 - self.at.1);
        let (ux, uy) = self.direction;
        (dx * ux + dy * uy, dy * ux - dx * uy)
    }
}

/// Text shown in one go (a string of `Tj`, or of a `TJ` array), placed along its line.
#[derive(Debug)]
struct Run {
    /// Where it starts and ends along the line's baseline, from the line's origin.
    from: f64,
    to: f64,
    size: f64,
    text: String,
}

/// The runs that share a baseline. Producers do not draw a line from left to right:
/// Word and LibreOffice draw the letters of one font, leaving gaps, then fill the gaps
/// with the letters of another (Vietnamese letters outside Windows-1252), so runs are put
/// in order by position.
#[derive(Debug)]
struct Line {
    /// Where the first run drawn on the line starts.
    origin: Pen,
    runs: Vec<Run>,
}

impl Line {
    fn size(&self) -> f64 {
        self.runs
            .iter()
            .map(|r| r.size)
            .fold(self.origin.size, f64::max)
    }

    /// The line's text, runs in order along the baseline: a gap wider than a word space
    /// becomes a space, one wider than a column gap a tab.
    fn text(mut self) -> String {
        self.runs.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut text = String::new();
        let mut reach: Option<(f64, f64)> = None;
        for run in self.runs {
            if let Some((end, size)) = reach {
                let unit = size.max(run.size);
                let gap = run.from - end;
                let spaced = text.ends_with(char::is_whitespace)
                    || run.text.starts_with(char::is_whitespace);
                if gap > COLUMN_GAP * unit {
                    text.push('\t');
                } else if gap > WORD_GAP * unit && !spaced {
                    text.push(' ');
                }
            }
            text.push_str(&run.text);
            reach = match reach {
                Some((end, _)) if end > run.to => reach,
                _ => Some((run.to, run.size)),
            };
        }
        text
    }
}

/// Gathers the text shown on a page into lines, then paragraphs.
#[derive(Debug, Default)]
struct Layout {
    lines: Vec<Line>,
}

/// A gap along the baseline wider than this many font sizes is a word space…
const WORD_GAP: f64 = 0.15;
/// …and wider than this one separates columns (cells of a table row): a tab.
const COLUMN_GAP: f64 = 2.0;
/// Text off a line's baseline by at most this many font sizes is on that line.
const SAME_LINE: f64 = 0.5;
/// How many of the page's latest lines a run may join (a run is drawn near the line it
/// belongs to; the bound keeps a page of many lines linear).
const RECENT_LINES: usize = 32;
/// How many of a line's latest runs are compared with a new one to drop a copy drawn
/// again a hair's breadth to the side (the poor man's bold of some producers).
const RECENT_RUNS: usize = 8;
/// A line further below the last than this times the page's usual line spacing starts a
/// new paragraph.
const PARAGRAPH_GAP: f64 = 1.3;
/// Without a usual line spacing (a page of few lines), a step of more than this many font
/// sizes starts a new paragraph.
const LONE_PARAGRAPH_GAP: f64 = 1.9;

impl Layout {
    /// Puts text drawn from `start` to `end` on its line.
    fn place(&mut self, start: Pen, end: Pen, text: &str) {
        if text.is_empty() {
            return;
        }
        let recent = self.lines.len().saturating_sub(RECENT_LINES);
        let line = self.lines[recent..].iter_mut().rev().find(|line| {
            let (ux, uy) = line.origin.direction;
            let (vx, vy) = start.direction;
            let (_, above) = line.origin.offset(start.at);
            ux * vx + uy * vy > 0.99 && above.abs() <= SAME_LINE * line.origin.size.max(start.size)
        });
        let line = match line {
            Some(line) => line,
            None => {
                self.lines.push(Line {
                    origin: start,
                    runs: Vec::new(),
                });
                let last = self.lines.len() - 1;
                &mut self.lines[last]
            }
        };
        let from = line.origin.offset(start.at).0;
        let to = line.origin.offset(end.at).0;
        let recent = line.runs.len().saturating_sub(RECENT_RUNS);
        let drawn_again = line.runs[recent..]
            .iter()
            .any(|run| run.text == text && (run.from - from).abs() < 0.2 * start.size);
        if !drawn_again {
            line.runs.push(Run {
                from,
                to: to.max(from),
                size: start.size,
                text: text.to_owned(),
            });
        }
    }

    /// The page's paragraphs: a line starts a new one when it is further below the last
    /// than usual, above it (a new column or block), or begins with a list marker. The
    /// lines of a paragraph are joined with a space, or with a line break where they hold
    /// columns (tabs).
    fn into_paragraphs(self) -> Vec<String> {
        // Steps down from each line to the next, in font sizes.
        let steps: Vec<f64> = self
            .lines
            .windows(2)
            .map(|pair| {
                let (_, above) = pair[0].origin.offset(pair[1].origin.at);
                -above / pair[0].size().max(pair[1].size())
            })
            .collect();
        let usual = usual_step(&steps);
        let mut paragraphs: Vec<String> = Vec::new();
        let mut last_had_columns = false;
        for (i, line) in self.lines.into_iter().enumerate() {
            let text = line.text();
            let starts_paragraph = match i.checked_sub(1).and_then(|j| steps.get(j)) {
                None => true,
                Some(step) => {
                    !step.is_finite()
                        || *step <= 0.0
                        || match usual {
                            Some(usual) => *step > usual * PARAGRAPH_GAP,
                            None => *step > LONE_PARAGRAPH_GAP,
                        }
                        || starts_with_list_marker(&text)
                }
            };
            let has_columns = text.contains('\t');
            match paragraphs.last_mut() {
                Some(paragraph) if !starts_paragraph => {
                    paragraph.push(if has_columns || last_had_columns {
                        '\n'
                    } else {
                        ' '
                    });
                    paragraph.push_str(&text);
                }
                _ => paragraphs.push(text),
            }
            last_had_columns = has_columns;
        }
        paragraphs
    }
}

/// The page's usual line spacing in font sizes: the lower quartile of the steps down
/// between lines, leaving out lines on top of each other; `None` with fewer than two.
fn usual_step(steps: &[f64]) -> Option<f64> {
    let mut down: Vec<f64> = steps
        .iter()
        .copied()
        .filter(|s| s.is_finite() && *s > SAME_LINE)
        .collect();
    if down.len() < 2 {
        return None;
    }
    down.sort_by(f64::total_cmp);
    Some(down[(down.len() - 1) / 4])
}

/// Whether a line begins like an item of a Vietnamese legal text: a bullet (`-`, `+`, `•`),
/// a numbered point (`1.`, `2.3.`, `4)`), a lettered point (`a)`, `đ)`), or `Điều 5`,
/// `Chương II`, `Mục 1`.
fn starts_with_list_marker(line: &str) -> bool {
    let line = vntext::nfc(line.trim_start());
    let mut chars = line.chars();
    let first = chars.next();
    let second = chars.next();
    if matches!(first, Some('-' | '+' | '–' | '—' | '*')) && second.is_some_and(char::is_whitespace)
        || first == Some('•')
    {
        return true;
    }
    let numbered = {
        let marker: String = line.chars().take_while(|c| !c.is_whitespace()).collect();
        let body = marker.strip_suffix(['.', ')']);
        let rest_is_spaced = line[marker.len()..].starts_with(char::is_whitespace);
        rest_is_spaced
            && body.is_some_and(|body| {
                let groups: Vec<&str> = body.split('.').collect();
                groups.len() <= 4
                    && groups.iter().all(|g| {
                        (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit())
                    })
                    || marker.ends_with(')')
                        && body.chars().count() == 1
                        && body.chars().all(|c| c.is_lowercase())
            })
    };
    if numbered {
        return true;
    }
    let mut words = line.split_whitespace();
    match (words.next(), words.next()) {
        (Some("Điều" | "Mục"), Some(n)) => n.starts_with(|c: char| c.is_ascii_digit()),
        (Some("Chương" | "Phần"), Some(n)) => {
            n.starts_with(|c: char| c.is_ascii_digit() || "IVXLC".contains(c))
        }
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::budget::Limits;
    use crate::doctext::{DocKind, extract};
    use lopdf::{
        EncryptionState, EncryptionVersion, Permissions, Stream, StringFormat, dictionary,
    };

    /// Builds a PDF with lopdf's writer: `make_font` adds whatever objects the font needs
    /// and returns the font, which every page gets as /F1; each page's content is given.
    pub(crate) fn build_pdf(
        make_font: impl FnOnce(&mut Document) -> Dictionary,
        pages: &[Vec<Operation>],
    ) -> Document {
        build_pdf_with_fonts(|doc| vec![make_font(doc)], pages)
    }

    /// [`build_pdf`] with several fonts, named /F1, /F2… in order.
    fn build_pdf_with_fonts(
        make_fonts: impl FnOnce(&mut Document) -> Vec<Dictionary>,
        pages: &[Vec<Operation>],
    ) -> Document {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let mut fonts = Dictionary::new();
        for (i, font) in make_fonts(&mut doc).into_iter().enumerate() {
            let font_id = doc.add_object(font);
            fonts.set(format!("F{}", i + 1), font_id);
        }
        let resources_id = doc.add_object(dictionary! { "Font" => fonts });
        let mut kids = Vec::new();
        for operations in pages {
            let content = Content {
                operations: operations.clone(),
            };
            let content_id = doc.add_object(Stream::new(
                dictionary! {},
                content.encode().expect("content encodes"),
            ));
            let page_id = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            });
            kids.push(page_id.into());
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        doc
    }

    fn save(mut doc: Document) -> Vec<u8> {
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("PDF saves");
        bytes
    }

    fn helvetica() -> Dictionary {
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        }
    }

    /// One line of text at `(x, y)` in font /F1 of `size`.
    fn line_at(x: f64, y: f64, size: f64, text: Object) -> Vec<Operation> {
        vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), Object::Real(size as f32)]),
            Operation::new("Td", vec![Object::Real(x as f32), Object::Real(y as f32)]),
            Operation::new("Tj", vec![text]),
            Operation::new("ET", vec![]),
        ]
    }

    /// A one-page PDF with one line of WinAnsi Helvetica text per entry, 14 points apart.
    pub(crate) fn simple_pdf(lines: &[&str]) -> Vec<u8> {
        let mut operations = Vec::new();
        for (i, text) in lines.iter().enumerate() {
            let y = 800.0 - 14.0 * i as f64;
            operations.extend(line_at(72.0, y, 12.0, Object::string_literal(*text)));
        }
        save(build_pdf(|_| helvetica(), &[operations]))
    }

    /// A ToUnicode CMap giving each code (one or two bytes) its character.
    fn to_unicode_cmap(codes: &[(u32, char)], two_byte: bool) -> Vec<u8> {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n",
        );
        cmap.push_str(if two_byte {
            "<0000> <FFFF>\n"
        } else {
            "<00> <FF>\n"
        });
        cmap.push_str(&format!("endcodespacerange\n{} beginbfchar\n", codes.len()));
        for (code, c) in codes {
            let mut utf16 = [0u16; 2];
            let units: String = c
                .encode_utf16(&mut utf16)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            if two_byte {
                cmap.push_str(&format!("<{code:04X}> <{units}>\n"));
            } else {
                cmap.push_str(&format!("<{code:02X}> <{units}>\n"));
            }
        }
        cmap.push_str(
            "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );
        cmap.into_bytes()
    }

    /// Codes 1, 2, 3… for the distinct characters of `lines`, in order of appearance, as
    /// a subset font made by Word has them.
    fn glyph_codes(lines: &[&str]) -> Vec<(u32, char)> {
        let mut codes: Vec<(u32, char)> = Vec::new();
        for c in lines.iter().flat_map(|l| l.chars()) {
            if !codes.iter().any(|(_, known)| *known == c) {
                codes.push((codes.len() as u32 + 1, c));
            }
        }
        codes
    }

    fn encode(text: &str, codes: &[(u32, char)], two_byte: bool) -> Vec<u8> {
        text.chars()
            .flat_map(|c| {
                let code = codes.iter().find(|(_, known)| *known == c).unwrap().0;
                if two_byte {
                    (code as u16).to_be_bytes().to_vec()
                } else {
                    vec![code as u8]
                }
            })
            .collect()
    }

    /// A Type0 font as Word and LibreOffice write one: Identity-H codes (glyph ids of a
    /// subset font, meaningless without the map), every glyph 500 wide, a ToUnicode CMap.
    fn type0_font(doc: &mut Document, codes: &[(u32, char)]) -> Dictionary {
        let cmap_id = doc.add_object(Stream::new(dictionary! {}, to_unicode_cmap(codes, true)));
        let widths: Vec<Object> = codes.iter().map(|_| Object::Integer(500)).collect();
        let cid_font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "ABCDEF+TimesNewRomanPSMT",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 1000,
            "W" => vec![Object::Integer(1), Object::Array(widths)],
        });
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "ABCDEF+TimesNewRomanPSMT",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid_font_id.into()],
            "ToUnicode" => cmap_id,
        }
    }

    /// A PDF of Vietnamese lines in one [`type0_font`].
    pub(crate) fn vietnamese_pdf(lines: &[&str]) -> Vec<u8> {
        let codes = glyph_codes(lines);
        let mut operations = Vec::new();
        for (i, text) in lines.iter().enumerate() {
            let bytes = encode(text, &codes, true);
            let y = 800.0 - 16.0 * i as f64;
            operations.extend(line_at(
                85.0,
                y,
                13.0,
                Object::String(bytes, StringFormat::Hexadecimal),
            ));
        }
        save(build_pdf(|doc| type0_font(doc, &codes), &[operations]))
    }

    #[test]
    fn reads_winansi_text_of_a_standard_font() {
        let pdf = simple_pdf(&[
            "Nghi quyet so 15/2025/NQ-HDND",
            "ve viec quy dinh muc thu phi",
        ]);
        let doc = extract(&pdf).unwrap();
        assert_eq!(doc.kind, DocKind::Pdf);
        assert_eq!(doc.pages, Some(1));
        assert_eq!(
            doc.text,
            "Nghi quyet so 15/2025/NQ-HDND ve viec quy dinh muc thu phi"
        );
    }

    #[test]
    fn reads_vietnamese_through_a_type0_font_tounicode_map() {
        let lines = [
            "Nghị quyết số 15/2025/NQ-HĐND về việc",
            "quy định mức thu phí thẩm định đề án",
        ];
        let doc = extract(&vietnamese_pdf(&lines)).unwrap();
        assert_eq!(
            doc.text,
            "Nghị quyết số 15/2025/NQ-HĐND về việc quy định mức thu phí thẩm định đề án"
        );
        assert!(vntext::is_nfc(&doc.text));
    }

    /// A one-page PDF with the given content and a Helvetica /F1.
    fn helvetica_pdf(operations: Vec<Operation>) -> Vec<u8> {
        save(build_pdf(|_| helvetica(), &[operations]))
    }

    fn op(operator: &str, operands: Vec<Object>) -> Operation {
        Operation::new(operator, operands)
    }

    fn real(value: f64) -> Object {
        Object::Real(value as f32)
    }

    #[test]
    fn prefers_the_tounicode_map_of_a_simple_font_over_its_encoding() {
        // A subset TrueType font whose /Differences name glyphs that mean nothing to a
        // reader (as some producers write them): only the ToUnicode map says what they are.
        let lines = ["Hội đồng nhân dân tỉnh Lâm Đồng"];
        let codes = glyph_codes(&lines);
        let differences: Vec<Object> = std::iter::once(Object::Integer(1))
            .chain(
                codes
                    .iter()
                    .map(|(code, _)| Object::Name(format!("g{code}").into_bytes())),
            )
            .collect();
        let make_font = |doc: &mut Document| {
            let cmap_id =
                doc.add_object(Stream::new(dictionary! {}, to_unicode_cmap(&codes, false)));
            dictionary! {
                "Type" => "Font",
                "Subtype" => "TrueType",
                "BaseFont" => "ABCDEF+Arial",
                "FirstChar" => 1,
                "LastChar" => codes.len() as i64,
                "Widths" => codes.iter().map(|_| Object::Integer(600)).collect::<Vec<_>>(),
                "Encoding" => dictionary! {
                    "Type" => "Encoding",
                    "BaseEncoding" => "WinAnsiEncoding",
                    "Differences" => differences.clone(),
                },
                "ToUnicode" => cmap_id,
            }
        };
        let text = Object::String(encode(lines[0], &codes, false), StringFormat::Literal);
        let pdf = save(build_pdf(make_font, &[line_at(72.0, 800.0, 12.0, text)]));
        assert_eq!(extract(&pdf).unwrap().text, lines[0]);
    }

    #[test]
    fn a_cid_font_without_tounicode_gives_no_text_rather_than_garbage() {
        let make_font = |doc: &mut Document| {
            let cid_font_id = doc.add_object(dictionary! {
                "Type" => "Font",
                "Subtype" => "CIDFontType2",
                "BaseFont" => "ABCDEF+TimesNewRomanPSMT",
            });
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type0",
                "BaseFont" => "ABCDEF+TimesNewRomanPSMT",
                "Encoding" => "Identity-H",
                "DescendantFonts" => vec![cid_font_id.into()],
            }
        };
        let text = Object::String(vec![0, 0x2B, 0, 0x4C, 0, 0x11], StringFormat::Hexadecimal);
        let pdf = save(build_pdf(make_font, &[line_at(72.0, 800.0, 12.0, text)]));
        assert_eq!(extract(&pdf), Err(DocTextError::NoText));
    }

    #[test]
    fn a_scanned_pdf_has_no_text() {
        // The page only paints an image, as a scanner's PDF does.
        let mut doc = build_pdf(
            |_| helvetica(),
            &[vec![
                op("q", vec![]),
                op("cm", [595, 0, 0, 842, 0, 0].map(Object::from).to_vec()),
                op("Do", vec!["Im1".into()]),
                op("Q", vec![]),
            ]],
        );
        let image_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            vec![0x80],
        ));
        let page_id = *doc.get_pages().values().next().unwrap();
        let resources = doc
            .get_dictionary(page_id)
            .unwrap()
            .get(b"Resources")
            .unwrap()
            .clone();
        let resources_id = resources.as_reference().unwrap();
        doc.get_dictionary_mut(resources_id)
            .unwrap()
            .set("XObject", dictionary! { "Im1" => image_id });
        let err = extract(&save(doc)).unwrap_err();
        assert_eq!(err, DocTextError::NoText);
        assert!(err.to_string().contains("paste its text"));
    }

    fn encrypted(user_password: &str) -> Vec<u8> {
        let mut doc = build_pdf(
            |_| helvetica(),
            &[line_at(72.0, 800.0, 12.0, Object::string_literal("Mat"))],
        );
        doc.trailer.set(
            "ID",
            Object::Array(vec![
                Object::string_literal(b"0123456789abcdef".to_vec()),
                Object::string_literal(b"fedcba9876543210".to_vec()),
            ]),
        );
        let state = EncryptionState::try_from(EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: Permissions::empty(),
        })
        .unwrap();
        doc.encrypt(&state).unwrap();
        save(doc)
    }

    #[test]
    fn a_pdf_that_needs_a_password_is_encrypted() {
        assert_eq!(extract(&encrypted("user")), Err(DocTextError::Encrypted));
    }

    #[test]
    fn a_pdf_that_only_restricts_copying_is_read() {
        // No user password: every reader opens it, so the text is the council's to index.
        assert_eq!(extract(&encrypted("")).unwrap().text, "Mat");
    }

    #[test]
    fn lines_join_into_paragraphs_by_spacing_markers_and_pages() {
        // 14 points between the lines of a paragraph, 24 between paragraphs.
        let page_one = [
            (800.0, "HOI DONG NHAN DAN"),
            (
                776.0,
                "Can cu Luat To chuc chinh quyen dia phuong ngay 19 thang 02",
            ),
            (762.0, "nam 2025;"),
            (738.0, "Dieu 1. Pham vi dieu chinh"),
            (724.0, "1. Nghi quyet nay quy dinh muc thu phi tham dinh."),
            (710.0, "a) Doi tuong nop phi;"),
            (696.0, "- Ca nhan, to chuc"),
            (682.0, "co de nghi tham dinh."),
        ];
        let page_two = [(800.0, "Dieu 2. Hieu luc thi hanh")];
        let content = |lines: &[(f64, &str)]| -> Vec<Operation> {
            lines
                .iter()
                .flat_map(|(y, text)| line_at(72.0, *y, 12.0, Object::string_literal(*text)))
                .collect()
        };
        let pdf = save(build_pdf(
            |_| helvetica(),
            &[content(&page_one), content(&page_two)],
        ));
        let doc = extract(&pdf).unwrap();
        assert_eq!(doc.pages, Some(2));
        assert_eq!(
            doc.text,
            "HOI DONG NHAN DAN\n\n\
             Can cu Luat To chuc chinh quyen dia phuong ngay 19 thang 02 nam 2025;\n\n\
             Dieu 1. Pham vi dieu chinh\n\n\
             1. Nghi quyet nay quy dinh muc thu phi tham dinh.\n\n\
             a) Doi tuong nop phi;\n\n\
             - Ca nhan, to chuc co de nghi tham dinh.\n\n\
             Dieu 2. Hieu luc thi hanh"
        );
    }

    #[test]
    fn spaces_and_tabs_come_from_gaps_between_runs() {
        let operations = vec![
            op("BT", vec![]),
            op("Tf", vec!["F1".into(), 12.into()]),
            op("Tm", [1, 0, 0, 1, 72, 800].map(Object::from).to_vec()),
            // Kerning inside a word, a word space written as a wide adjustment.
            op(
                "TJ",
                vec![Object::Array(vec![
                    Object::string_literal("Ngh"),
                    (-20).into(),
                    Object::string_literal("i"),
                    (-400).into(),
                    Object::string_literal("quyet"),
                ])],
            ),
            // A run moved right on the same baseline, as Word places each word of a
            // justified line; then a cell of the next column far to the right.
            // (Td moves from the start of the line: "Nghi quyet" ends near x = 59.)
            op("Td", vec![real(64.0), real(0.0)]),
            op("Tj", vec![Object::string_literal("so")]),
            op("Tm", [1, 0, 0, 1, 400, 800].map(Object::from).to_vec()),
            op("Tj", vec![Object::string_literal("15")]),
            op("ET", vec![]),
        ];
        assert_eq!(
            extract(&helvetica_pdf(operations)).unwrap().text,
            "Nghi quyet so\t15"
        );
    }

    #[test]
    fn text_placed_through_a_flipped_and_scaled_matrix_keeps_its_lines() {
        // Some producers draw with y pointing down (`1 0 0 -1 0 842 cm`, text matrix
        // flipped back) and a font size of 1 scaled by the text matrix.
        let mut operations = vec![op("cm", [1, 0, 0, -1, 0, 842].map(Object::from).to_vec())];
        for (i, text) in ["Dong mot cua doan", "dong hai cua doan"]
            .iter()
            .enumerate()
        {
            let y = 100 + 14 * i as i64;
            operations.extend([
                op("BT", vec![]),
                op("Tf", vec!["F1".into(), 1.into()]),
                op("Tm", [12, 0, 0, -12, 72, y].map(Object::from).to_vec()),
                op("Tj", vec![Object::string_literal(*text)]),
                op("ET", vec![]),
            ]);
        }
        assert_eq!(
            extract(&helvetica_pdf(operations)).unwrap().text,
            "Dong mot cua doan dong hai cua doan"
        );
    }

    #[test]
    fn compressed_content_is_read_and_a_stream_bomb_is_too_large() {
        let mut doc = build_pdf(
            |_| helvetica(),
            &[line_at(72.0, 800.0, 12.0, Object::string_literal("Nen"))],
        );
        doc.compress();
        assert_eq!(extract(&save(doc)).unwrap().text, "Nen");

        let mut doc = build_pdf(|_| helvetica(), &[vec![op("BT", vec![])]]);
        let page_id = *doc.get_pages().values().next().unwrap();
        let content_id = doc.get_page_contents(page_id)[0];
        let mut bomb = Stream::new(dictionary! {}, vec![b' '; 51 * 1024 * 1024]);
        bomb.compress().unwrap();
        doc.objects.insert(content_id, Object::Stream(bomb));
        let pdf = save(doc);
        assert!(pdf.len() < 1024 * 1024, "{}", pdf.len());
        assert_eq!(
            extract(&pdf),
            Err(DocTextError::OverBudget(OverBudget::InflatedBytes))
        );
    }

    /// A PDF of `pages` pages that all draw content stream `content` (compressed), as the
    /// hostile file of the issue does; `refs_per_page` times on each page.
    fn pages_sharing_one_stream(content: Vec<u8>, pages: usize, refs_per_page: usize) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(helvetica());
        let resources_id =
            doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
        let mut stream = Stream::new(dictionary! {}, content);
        stream.compress().unwrap();
        let content_id = doc.add_object(stream);
        let contents: Vec<Object> = vec![content_id.into(); refs_per_page];
        let kids: Vec<Object> = (0..pages)
            .map(|_| {
                doc.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "Contents" => contents.clone(),
                    "Resources" => resources_id,
                })
                .into()
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => pages as i64 },
            ),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        save(doc)
    }

    /// One line of text followed by `padding` spaces: compresses to almost nothing.
    fn padded_line(text: &str, padding: usize) -> Vec<u8> {
        let mut content = Content {
            operations: line_at(72.0, 800.0, 12.0, Object::string_literal(text)),
        }
        .encode()
        .unwrap();
        content.resize(content.len() + padding, b' ');
        content
    }

    #[test]
    fn a_page_tree_drawing_one_stream_ten_thousand_times_is_refused_by_its_pages() {
        let pdf = pages_sharing_one_stream(padded_line("Lap", 1024 * 1024), 10_000, 1);
        assert!(pdf.len() < 2 * 1024 * 1024, "{}", pdf.len());
        assert_eq!(
            extract(&pdf),
            Err(DocTextError::OverBudget(OverBudget::Pages))
        );
    }

    #[test]
    fn a_stream_drawn_again_and_again_is_inflated_once_and_walked_each_time() {
        // 100 pages × 64 KiB: inflated once, it fits a 100 KiB budget.
        let stream = || padded_line("Lap", 64 * 1024);
        let pdf = pages_sharing_one_stream(stream(), 100, 1);
        let mut budget = Budget::new(Limits {
            inflated_bytes: 100 * 1024,
            ..Limits::default()
        });
        let doc = crate::doctext::extract_within(&pdf, &mut budget).unwrap();
        assert_eq!(doc.pages, Some(100));
        // Walking it is charged every time: 100 pages, or one page listing it 100 times,
        // walk 6.4 MB, past a budget that walks 4 MiB.
        for (pages, refs) in [(100, 1), (1, 100)] {
            let pdf = pages_sharing_one_stream(stream(), pages, refs);
            let mut budget = Budget::new(Limits {
                parsed_bytes: 4 * 1024 * 1024,
                ..Limits::default()
            });
            assert_eq!(
                crate::doctext::extract_within(&pdf, &mut budget),
                Err(DocTextError::OverBudget(OverBudget::ParsedBytes)),
                "{pages} pages, {refs} times each"
            );
        }
    }

    #[test]
    fn object_streams_share_one_inflated_budget() {
        // Twelve object streams of 5 MiB each: every one is under the old per-stream bound,
        // together they are past the file's budget. (lopdf's writer would repack them.)
        let content = "BT /F1 12 Tf 72 800 Td (Nen) Tj ET";
        let mut objects: Vec<Vec<u8>> = tiny_objects(content);
        for i in 0..12 {
            let header = format!("{} 0 ", 100 + i);
            let mut body = format!("{header}null").into_bytes();
            body.resize(5 * 1024 * 1024, b' ');
            let mut stream = Stream::new(dictionary! {}, body);
            stream.compress().unwrap();
            let mut object = format!(
                "<< /Type /ObjStm /N 1 /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
                header.len(),
                stream.content.len()
            )
            .into_bytes();
            object.extend_from_slice(&stream.content);
            object.extend_from_slice(b"\nendstream");
            objects.push(object);
        }
        let pdf = raw_pdf(&objects);
        assert!(pdf.len() < 1024 * 1024, "{}", pdf.len());
        assert_eq!(
            extract(&pdf),
            Err(DocTextError::OverBudget(OverBudget::InflatedBytes))
        );
        assert_eq!(extract(&raw_pdf(&objects[..7])).unwrap().text, "Nen");
    }

    /// The objects of a one-page PDF drawing `content` in Helvetica /F1 (object 4).
    fn tiny_objects(content: &str) -> Vec<Vec<u8>> {
        [
            "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
            "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        ]
        .map(String::into_bytes)
        .to_vec()
    }

    #[test]
    fn objects_and_drawing_operations_are_counted() {
        let pdf = simple_pdf(&["Mot", "Hai", "Ba"]);
        for objects in [3, 12] {
            let mut budget = Budget::new(Limits {
                objects,
                ..Limits::default()
            });
            assert_eq!(
                crate::doctext::extract_within(&pdf, &mut budget),
                Err(DocTextError::OverBudget(OverBudget::Objects)),
                "{objects}"
            );
        }
        assert!(extract(&pdf).is_ok());
    }

    #[test]
    fn deeply_nested_arrays_and_page_trees_are_refused_without_overflowing() {
        let depth = 100_000;
        // Nested arrays in a content stream and as an object of the file.
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let mut content = b"BT /F1 12 Tf 72 800 Td (Sau) Tj ET ".to_vec();
        content.extend_from_slice(nested.as_bytes());
        content.extend_from_slice(b" TJ");
        let pdf = pages_sharing_one_stream(content, 1, 1);
        // The text drawn before the nesting is kept; the nesting itself is not read.
        assert_eq!(extract(&pdf).map(|d| d.text), Ok("Sau".to_owned()));
        // An object of the file nested as deep, and a page tree nested as deep.
        let mut objects = tiny_objects("BT /F1 12 Tf 72 800 Td (Sau) Tj ET");
        objects[2] = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Extra 6 0 R >>".to_vec();
        objects.push(nested.clone().into_bytes());
        assert_eq!(
            extract(&raw_pdf(&objects)).map(|d| d.text),
            Ok("Sau".to_owned())
        );
        objects[1] = format!(
            "<< /Type /Pages /Kids [{}3 0 R{}] /Count 1 >>",
            "<< /Type /Pages /Kids [".repeat(depth),
            "] >>".repeat(depth)
        )
        .into_bytes();
        let read = extract(&raw_pdf(&objects));
        assert!(
            matches!(read, Err(DocTextError::Damaged(_))) || read.is_ok(),
            "{read:?}"
        );
    }

    /// A PDF of the given objects (numbered from 1; the first is the catalog), written by
    /// hand so that it can hold what lopdf's writer would refuse or recurse on.
    fn raw_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for off in offsets {
            out.extend(format!("{off:010} 00000 n \n").as_bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn junk_before_the_header_is_skipped() {
        let mut pdf = b"Content-Type: application/pdf\r\n\r\n".to_vec();
        pdf.extend(simple_pdf(&["Co rac o dau"]));
        assert_eq!(extract(&pdf).unwrap().text, "Co rac o dau");
    }

    #[test]
    fn a_truncated_pdf_is_an_error() {
        let pdf = simple_pdf(&[
            "Nghi quyet so 15/2025/NQ-HDND",
            "ve viec quy dinh muc thu phi",
        ]);
        assert!(extract(&pdf).is_ok());
        for cut in [5, 9, 20, pdf.len() / 4, pdf.len() / 3, pdf.len() / 2] {
            let result = extract(&pdf[..cut]);
            assert!(result.is_err(), "cut at {cut} of {}: {result:?}", pdf.len());
        }
    }

    #[test]
    fn a_pdf_cut_anywhere_gives_an_error_or_some_of_its_text() {
        let pdf = simple_pdf(&[
            "Nghi quyet so 15/2025/NQ-HDND",
            "ve viec quy dinh muc thu phi",
        ]);
        let full = extract(&pdf).unwrap().text;
        for cut in 0..pdf.len() {
            if let Ok(doc) = extract(&pdf[..cut]) {
                // Whatever comes out of a cut file is text of the file.
                assert!(full.contains(&doc.text), "cut at {cut}: {:?}", doc.text);
            }
        }
    }

    #[test]
    fn list_markers_of_legal_texts_are_recognised() {
        for line in [
            "- Chính phủ;",
            "+ mức 1",
            "• mục",
            "1. Phạm vi",
            "2.3. Đối tượng",
            "4) Khác",
            "a) Cá nhân",
            "đ) Tổ chức",
            "Điều 15. Hiệu lực",
            "Chương II",
            "Mục 1. Quy định chung",
        ] {
            assert!(starts_with_list_marker(line), "{line}");
        }
        for line in [
            "-5 độ",
            "2025. Năm",
            "Điều chỉnh mức thu",
            "tháng 02 năm 2025;",
            "ab) x",
            "Chương trình",
            "1.000 đồng",
            "15/2025/NQ-HĐND",
        ] {
            assert!(!starts_with_list_marker(line), "{line}");
        }
    }

    #[test]
    fn widths_of_a_cid_font_are_read_from_both_forms_of_w() {
        let mut doc = Document::with_version("1.5");
        let cid_font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "DW" => 900,
            "W" => vec![
                3.into(), vec![Object::Integer(250), Object::Real(333.5)].into(),
                10.into(), 20.into(), 700.into(),
                // A range overlapping the last one, as broken files have: ignored.
                15.into(), 30.into(), 1.into(),
            ],
        });
        let font = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "DescendantFonts" => vec![cid_font_id.into()],
        };
        let widths = Widths::of_cid_font(&doc, &font);
        let got: Vec<f64> = [0, 3, 4, 5, 10, 20, 21, 30]
            .map(|c| widths.width(c))
            .to_vec();
        assert_eq!(
            got,
            [900.0, 250.0, 333.5, 900.0, 700.0, 700.0, 900.0, 900.0]
        );
    }

    #[test]
    fn letters_of_a_second_font_fill_the_gaps_left_for_them() {
        // As Word and LibreOffice draw "Hội đồng": the Windows-1252 letters first, in a
        // simple font, skipping the width of the others; then "ộ", "đ", "ồ" in a Type0
        // font, placed in the gaps. Every glyph is 500 wide at size 10: 5 points.
        let codes = glyph_codes(&["ộđồ"]);
        let simple = dictionary! {
            "Type" => "Font",
            "Subtype" => "TrueType",
            "BaseFont" => "ABCDEF+Arial",
            "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 32,
            "Widths" => vec![Object::Integer(500); 224],
        };
        let line = vec![
            op("BT", vec![]),
            op("Tf", vec!["F1".into(), 10.into()]),
            op("Tm", [1, 0, 0, 1, 72, 800].map(Object::from).to_vec()),
            op(
                "TJ",
                vec![Object::Array(vec![
                    Object::string_literal("H"),
                    (-500).into(),
                    Object::string_literal("i "),
                    (-1000).into(),
                    Object::string_literal("ng"),
                ])],
            ),
            op("Tf", vec!["F2".into(), 10.into()]),
            op("Tm", [1, 0, 0, 1, 77, 800].map(Object::from).to_vec()),
            op(
                "TJ",
                vec![Object::Array(vec![
                    Object::String(encode("ộ", &codes, true), StringFormat::Hexadecimal),
                    (-1000).into(),
                    Object::String(encode("đồ", &codes, true), StringFormat::Hexadecimal),
                ])],
            ),
            op("ET", vec![]),
        ];
        let pdf = save(build_pdf_with_fonts(
            |doc| vec![simple, type0_font(doc, &codes)],
            &[line],
        ));
        assert_eq!(extract(&pdf).unwrap().text, "Hội đồng");
    }

    #[test]
    fn text_drawn_twice_for_bold_is_read_once_and_columns_get_tabs() {
        let mut operations = Vec::new();
        for (x, text) in [(72.0, "DIEU 1"), (72.3, "DIEU 1")] {
            operations.extend(line_at(x, 800.0, 12.0, Object::string_literal(text)));
        }
        // A table row: both cells share the baseline and stay on one line.
        operations.extend(line_at(
            72.0,
            760.0,
            12.0,
            Object::string_literal("HOI DONG NHAN DAN"),
        ));
        operations.extend(line_at(
            72.0,
            746.0,
            12.0,
            Object::string_literal("TINH LAM DONG"),
        ));
        operations.extend(line_at(
            300.0,
            760.0,
            12.0,
            Object::string_literal("CONG HOA"),
        ));
        operations.extend(line_at(
            300.0,
            746.0,
            12.0,
            Object::string_literal("Doc lap"),
        ));
        assert_eq!(
            extract(&helvetica_pdf(operations)).unwrap().text,
            "DIEU 1\n\nHOI DONG NHAN DAN\tCONG HOA\nTINH LAM DONG\tDoc lap"
        );
    }
}
