//! PDF reader: the glyphs of every page, positioned on the page as displayed, and the
//! document properties.
//!
//! lopdf parses the file (cross-reference data, objects, streams, decryption with an empty
//! user password). This module interprets the page content streams itself: graphics and text
//! state, form XObjects, and fonts with their encodings, ToUnicode CMaps and widths, because
//! positions and sizes matter as much as the characters.

use super::{ExtractError, FixedLayout, Glyph, Limits, Page, Properties};
use lopdf::content::{Content, Operation};
use lopdf::{DecompressError, Dictionary, Document, LoadOptions, Object, ObjectId, Stream};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Reads a PDF file: every page of the page tree in order, with its glyphs in draw order.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<FixedLayout, ExtractError> {
    let (doc, damage) = load(bytes, limits)?;
    limits.check()?;
    let mut interpreter = Interpreter::new(&doc, limits);
    let properties = document_properties(&doc, &mut interpreter);
    let mut pages = Vec::new();
    for spec in page_specs(&doc) {
        limits.check()?;
        pages.push(interpreter.page(&spec)?);
    }
    // A damaged file that gave no text is damaged, not a scan that needs OCR.
    if let Some(reason) = damage {
        if pages.iter().all(|p| p.glyphs.is_empty()) {
            return Err(ExtractError::Corrupt(reason));
        }
    }
    Ok(FixedLayout { pages, properties })
}

/// Stand-ins for the catalog and page tree root, which a file cut short has often lost with
/// its trailer; lopdf rebuilds the cross-reference table only around a catalog, and pages are
/// then found by scanning (see [`page_specs`]).
const STAND_IN_CATALOG: &[u8] = b"\n999998 0 obj\n<< /Type /Catalog /Pages 999999 0 R >>\nendobj\n\
999999 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";

/// The document, and what was wrong with it when it had to be patched to load.
fn load(bytes: &[u8], limits: &Limits) -> Result<(Document, Option<String>), ExtractError> {
    match load_document(bytes, limits) {
        Err(ExtractError::Corrupt(reason)) => {
            let mut patched = bytes.to_vec();
            patched.extend_from_slice(STAND_IN_CATALOG);
            load_document(&patched, limits)
                .map(|doc| (doc, Some(reason.clone())))
                .map_err(|_| ExtractError::Corrupt(reason))
        }
        other => other.map(|doc| (doc, None)),
    }
}

fn load_document(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let options = LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_inflated_bytes).unwrap_or(usize::MAX),
        ),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|error| match error {
        lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            ExtractError::TooLarge("a stream inflates past the limit".into())
        }
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => ExtractError::Encrypted,
        other => ExtractError::Corrupt(other.to_string()),
    })?;
    // lopdf decrypts with the empty user password by itself and then drops /Encrypt from the
    // trailer; a trailer that still has it means the document wants a user password.
    if doc.trailer.has(b"Encrypt") {
        return Err(ExtractError::Encrypted);
    }
    Ok(doc)
}

// ---------------------------------------------------------------------------------------------
// Page tree

/// Deepest page tree or form XObject nesting followed; real files stay far below.
const MAX_NESTING: usize = 32;
/// Content operators interpreted per page, forms included, before the rest is skipped.
const MAX_OPERATIONS_PER_PAGE: usize = 5_000_000;
/// Tolerated deviation of a baseline from horizontal (tan 3°): seals and diagonal watermarks
/// are drawn rotated, body text is not.
const UPRIGHT_TOLERANCE: f64 = 0.052;

/// A page with what it inherits from its ancestors in the page tree.
struct PageSpec<'a> {
    resources: Option<&'a Dictionary>,
    contents: Option<&'a Object>,
    /// The visible area: CropBox within MediaBox, as [llx, lly, urx, ury].
    bounds: [f64; 4],
    /// Clockwise display rotation in degrees: 0, 90, 180 or 270.
    rotate: i64,
}

#[derive(Clone, Copy, Default)]
struct Inherited<'a> {
    resources: Option<&'a Dictionary>,
    media_box: Option<[f64; 4]>,
    crop_box: Option<[f64; 4]>,
    rotate: Option<i64>,
}

fn page_specs(doc: &Document) -> Vec<PageSpec<'_>> {
    let mut specs = Vec::new();
    let root = doc
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Pages").ok());
    if let Some(root) = root {
        let mut visited = HashSet::new();
        walk_page_tree(doc, root, Inherited::default(), 0, &mut visited, &mut specs);
    }
    if specs.is_empty() {
        // A broken catalog or page tree: take the page objects in object order.
        for object in doc.objects.values() {
            if let Object::Dictionary(dict) = object {
                if dict.has_type(b"Page") {
                    specs.push(page_spec(doc, dict, Inherited::default()));
                }
            }
        }
    }
    specs
}

fn walk_page_tree<'a>(
    doc: &'a Document,
    node: &'a Object,
    inherited: Inherited<'a>,
    depth: usize,
    visited: &mut HashSet<ObjectId>,
    specs: &mut Vec<PageSpec<'a>>,
) {
    if depth > MAX_NESTING {
        return;
    }
    if let Object::Reference(id) = node {
        if !visited.insert(*id) {
            return;
        }
    }
    let Some(dict) = resolve(doc, node).and_then(|o| o.as_dict().ok()) else {
        return;
    };
    let mut here = inherited;
    if let Some(resources) = get_dict(doc, dict, b"Resources") {
        here.resources = Some(resources);
    }
    if let Some(media_box) = get_rect(doc, dict, b"MediaBox") {
        here.media_box = Some(media_box);
    }
    if let Some(crop_box) = get_rect(doc, dict, b"CropBox") {
        here.crop_box = Some(crop_box);
    }
    if let Some(rotate) = get(doc, dict, b"Rotate").and_then(number) {
        here.rotate = Some(rotate as i64);
    }
    let kids = get(doc, dict, b"Kids").and_then(|o| o.as_array().ok());
    match kids {
        Some(kids) if !dict.has_type(b"Page") => {
            for kid in kids {
                walk_page_tree(doc, kid, here, depth + 1, visited, specs);
            }
        }
        _ => specs.push(page_spec(doc, dict, here)),
    }
}

fn page_spec<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
    inherited: Inherited<'a>,
) -> PageSpec<'a> {
    let media_box = get_rect(doc, page, b"MediaBox")
        .or(inherited.media_box)
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop_box = get_rect(doc, page, b"CropBox").or(inherited.crop_box);
    let bounds = crop_box
        .and_then(|crop| intersect(crop, media_box))
        .unwrap_or(media_box);
    let rotate = get(doc, page, b"Rotate")
        .and_then(number)
        .map(|r| r as i64)
        .or(inherited.rotate)
        .unwrap_or(0);
    PageSpec {
        resources: get_dict(doc, page, b"Resources").or(inherited.resources),
        contents: page.get(b"Contents").ok(),
        bounds,
        rotate: (rotate.rem_euclid(360) + 45) / 90 % 4 * 90,
    }
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

// ---------------------------------------------------------------------------------------------
// Content stream interpretation

/// An affine matrix [a b c d e f], mapping (x, y) to (a·x + c·y + e, b·x + d·y + f).
type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `then`: the PDF product first × then.
fn concat(first: &Matrix, then: &Matrix) -> Matrix {
    [
        first[0] * then[0] + first[1] * then[2],
        first[0] * then[1] + first[1] * then[3],
        first[2] * then[0] + first[3] * then[2],
        first[2] * then[1] + first[3] * then[3],
        first[4] * then[0] + first[5] * then[2] + then[4],
        first[4] * then[1] + first[5] * then[3] + then[5],
    ]
}

fn translate(tx: f64, ty: f64, m: &Matrix) -> Matrix {
    concat(&[1.0, 0.0, 0.0, 1.0, tx, ty], m)
}

/// Maps user space to the page as displayed: origin top-left, y down, rotation applied.
fn display_matrix(bounds: [f64; 4], rotate: i64) -> Matrix {
    let [llx, lly, urx, ury] = bounds;
    match rotate {
        90 => [0.0, 1.0, 1.0, 0.0, -lly, -llx],
        180 => [-1.0, 0.0, 0.0, 1.0, urx, -lly],
        270 => [0.0, -1.0, -1.0, 0.0, ury, urx],
        _ => [1.0, 0.0, 0.0, -1.0, -llx, ury],
    }
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// Horizontal scaling as a factor (Tz / 100).
    h_scale: f64,
    leading: f64,
    rise: f64,
}

/// What one page's interpretation accumulates.
struct Canvas {
    width: f64,
    height: f64,
    gs: GraphicsState,
    saved: Vec<GraphicsState>,
    tm: Matrix,
    tlm: Matrix,
    /// One flag per open marked-content sequence: whether it is an /Artifact.
    marked: Vec<bool>,
    artifact_depth: usize,
    glyphs: Vec<Glyph>,
    /// Glyphs of page furniture, used only if the page has no other text.
    artifacts: Vec<Glyph>,
    operations: usize,
    chars: Vec<char>,
    drawn: DrawnGlyphs,
}

/// Positions (x, y, size) of the glyphs emitted so far, by character and artifact flag.
type DrawnGlyphs = HashMap<(char, bool), Vec<(f64, f64, f64)>>;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Object(ObjectId),
    /// A font dictionary written inline in a resource dictionary, by its address in the
    /// (immutable) document.
    Inline(usize),
}

struct Interpreter<'a> {
    doc: &'a Document,
    limits: &'a Limits,
    inflated: u64,
    fonts: HashMap<FontKey, Option<Rc<Font>>>,
    forms: HashMap<ObjectId, Rc<Vec<Operation>>>,
}

impl<'a> Interpreter<'a> {
    fn new(doc: &'a Document, limits: &'a Limits) -> Self {
        Interpreter {
            doc,
            limits,
            inflated: 0,
            fonts: HashMap::new(),
            forms: HashMap::new(),
        }
    }

    /// Decodes a stream's filters, counting the output against the document's inflation
    /// budget. A stream that does not decode gives `None`.
    fn inflate(&mut self, stream: &Stream) -> Result<Option<Vec<u8>>, ExtractError> {
        let remaining = self.limits.max_inflated_bytes.saturating_sub(self.inflated);
        let cap = usize::try_from(remaining).unwrap_or(usize::MAX);
        match stream.decompressed_content_with_limit(cap) {
            Ok(data) => {
                self.inflated = self.inflated.saturating_add(data.len() as u64);
                Ok(Some(data))
            }
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                Err(ExtractError::TooLarge(format!(
                    "more than {} inflated bytes",
                    self.limits.max_inflated_bytes
                )))
            }
            Err(_) => Ok(None),
        }
    }

    fn page(&mut self, spec: &PageSpec<'a>) -> Result<Page, ExtractError> {
        let [llx, lly, urx, ury] = spec.bounds;
        let (mut width, mut height) = (urx - llx, ury - lly);
        if spec.rotate == 90 || spec.rotate == 270 {
            std::mem::swap(&mut width, &mut height);
        }
        let mut canvas = Canvas {
            width,
            height,
            gs: GraphicsState {
                ctm: display_matrix(spec.bounds, spec.rotate),
                font: None,
                font_size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                h_scale: 1.0,
                leading: 0.0,
                rise: 0.0,
            },
            saved: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            marked: Vec::new(),
            artifact_depth: 0,
            glyphs: Vec::new(),
            artifacts: Vec::new(),
            operations: 0,
            chars: Vec::new(),
            drawn: HashMap::new(),
        };
        let content = self.page_content(spec.contents)?;
        let operations: Vec<Operation> = Content::decode_iter(&content)
            .map_while(Result::ok)
            .collect();
        let mut forms_open = Vec::new();
        self.run(&operations, spec.resources, &mut canvas, &mut forms_open)?;
        let glyphs = if canvas.glyphs.is_empty() {
            canvas.artifacts
        } else {
            canvas.glyphs
        };
        Ok(Page {
            width: width as f32,
            height: height as f32,
            glyphs,
        })
    }

    /// The page's content streams joined; streams that do not decode are left out.
    fn page_content(&mut self, contents: Option<&'a Object>) -> Result<Vec<u8>, ExtractError> {
        let mut data = Vec::new();
        let Some(contents) = contents.and_then(|c| resolve(self.doc, c)) else {
            return Ok(data);
        };
        let parts: Vec<&Object> = match contents {
            Object::Array(parts) => parts.iter().collect(),
            single => vec![single],
        };
        for part in parts {
            if let Some(Object::Stream(stream)) = resolve(self.doc, part) {
                if let Some(bytes) = self.inflate(stream)? {
                    data.extend_from_slice(&bytes);
                    // Streams split between operators, never inside one.
                    data.push(b'\n');
                }
            }
        }
        Ok(data)
    }

    fn run(
        &mut self,
        operations: &[Operation],
        resources: Option<&'a Dictionary>,
        canvas: &mut Canvas,
        forms_open: &mut Vec<ObjectId>,
    ) -> Result<(), ExtractError> {
        for op in operations {
            canvas.operations += 1;
            if canvas.operations > MAX_OPERATIONS_PER_PAGE {
                return Ok(());
            }
            if canvas.operations.is_multiple_of(4096) {
                self.limits.check()?;
            }
            let operands = op.operands.as_slice();
            let n = |i: usize| operands.get(i).and_then(number);
            match op.operator.as_str() {
                // Unbounded q without Q would only grow memory; deeper saves are ignored.
                "q" if canvas.saved.len() < 4096 => canvas.saved.push(canvas.gs.clone()),
                "Q" => {
                    if let Some(gs) = canvas.saved.pop() {
                        canvas.gs = gs;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix_operands(operands) {
                        canvas.gs.ctm = concat(&m, &canvas.gs.ctm);
                    }
                }
                "BT" => {
                    canvas.tm = IDENTITY;
                    canvas.tlm = IDENTITY;
                }
                "Tc" => canvas.gs.char_spacing = n(0).unwrap_or(canvas.gs.char_spacing),
                "Tw" => canvas.gs.word_spacing = n(0).unwrap_or(canvas.gs.word_spacing),
                "Tz" => canvas.gs.h_scale = n(0).map_or(canvas.gs.h_scale, |s| s / 100.0),
                "TL" => canvas.gs.leading = n(0).unwrap_or(canvas.gs.leading),
                "Ts" => canvas.gs.rise = n(0).unwrap_or(canvas.gs.rise),
                "Tf" => {
                    if let (Some(name), Some(size)) =
                        (operands.first().and_then(|o| o.as_name().ok()), n(1))
                    {
                        canvas.gs.font = self.font(resources, name)?;
                        canvas.gs.font_size = size;
                    }
                }
                "Td" | "TD" => {
                    if let (Some(tx), Some(ty)) = (n(0), n(1)) {
                        if op.operator == "TD" {
                            canvas.gs.leading = -ty;
                        }
                        canvas.tlm = translate(tx, ty, &canvas.tlm);
                        canvas.tm = canvas.tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = matrix_operands(operands) {
                        canvas.tlm = m;
                        canvas.tm = m;
                    }
                }
                "T*" => next_line(canvas),
                "Tj" => {
                    if let Some(Object::String(bytes, _)) = operands.first() {
                        show_text(canvas, bytes);
                    }
                }
                "'" => {
                    next_line(canvas);
                    if let Some(Object::String(bytes, _)) = operands.first() {
                        show_text(canvas, bytes);
                    }
                }
                "\"" => {
                    if let (Some(aw), Some(ac), Some(Object::String(bytes, _))) =
                        (n(0), n(1), operands.get(2))
                    {
                        canvas.gs.word_spacing = aw;
                        canvas.gs.char_spacing = ac;
                        next_line(canvas);
                        show_text(canvas, bytes);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = operands.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => show_text(canvas, bytes),
                                other => {
                                    if let Some(shift) = number(other) {
                                        kern(canvas, shift);
                                    }
                                }
                            }
                        }
                    }
                }
                "BMC" | "BDC" => {
                    let artifact = operands.first().and_then(|o| o.as_name().ok())
                        == Some(b"Artifact".as_slice());
                    canvas.marked.push(artifact);
                    canvas.artifact_depth += usize::from(artifact);
                }
                "EMC" => end_marked_content(canvas),
                "Do" => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(resources, name, canvas, forms_open)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Runs a form XObject in its own graphics state, with its matrix and resources.
    fn form(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        canvas: &mut Canvas,
        forms_open: &mut Vec<ObjectId>,
    ) -> Result<(), ExtractError> {
        let doc = self.doc;
        let Some(Object::Reference(id)) = resources
            .and_then(|r| get_dict(doc, r, b"XObject"))
            .and_then(|x| x.get(name).ok())
        else {
            return Ok(());
        };
        let id = *id;
        if forms_open.contains(&id) || forms_open.len() >= MAX_NESTING {
            return Ok(());
        }
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            return Ok(());
        };
        if get(doc, &stream.dict, b"Subtype").and_then(|o| o.as_name().ok())
            != Some(b"Form".as_slice())
        {
            return Ok(());
        }
        let operations = match self.forms.get(&id) {
            Some(operations) => Rc::clone(operations),
            None => {
                let data = self.inflate(stream)?.unwrap_or_default();
                let operations: Rc<Vec<Operation>> =
                    Rc::new(Content::decode_iter(&data).map_while(Result::ok).collect());
                self.forms.insert(id, Rc::clone(&operations));
                operations
            }
        };
        let form_resources = get_dict(doc, &stream.dict, b"Resources").or(resources);
        let matrix = get(doc, &stream.dict, b"Matrix")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| matrix_operands(a))
            .unwrap_or(IDENTITY);

        let saved_gs = canvas.gs.clone();
        let saved_depth = canvas.saved.len();
        let marked_depth = canvas.marked.len();
        canvas.gs.ctm = concat(&matrix, &canvas.gs.ctm);
        forms_open.push(id);
        let result = self.run(&operations, form_resources, canvas, forms_open);
        forms_open.pop();
        // A form's unbalanced q or BDC must not leak into its caller.
        canvas.gs = saved_gs;
        canvas.saved.truncate(saved_depth);
        while canvas.marked.len() > marked_depth {
            end_marked_content(canvas);
        }
        result
    }

    fn font(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, ExtractError> {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| get_dict(doc, r, b"Font"))
            .and_then(|fonts| fonts.get(name).ok())
        else {
            return Ok(None);
        };
        let (key, dict) = match entry {
            Object::Reference(id) => match doc.get_dictionary(*id) {
                Ok(dict) => (FontKey::Object(*id), dict),
                Err(_) => return Ok(None),
            },
            Object::Dictionary(dict) => (FontKey::Inline(dict as *const Dictionary as usize), dict),
            _ => return Ok(None),
        };
        if let Some(font) = self.fonts.get(&key) {
            return Ok(font.clone());
        }
        let font = self.load_font(dict)?.map(Rc::new);
        self.fonts.insert(key, font.clone());
        Ok(font)
    }
}

fn end_marked_content(canvas: &mut Canvas) {
    if canvas.marked.pop() == Some(true) {
        canvas.artifact_depth -= 1;
    }
}

fn next_line(canvas: &mut Canvas) {
    canvas.tlm = translate(0.0, -canvas.gs.leading, &canvas.tlm);
    canvas.tm = canvas.tlm;
}

/// A number in a TJ array: moves the pen back by n/1000 of the font size.
fn kern(canvas: &mut Canvas, n: f64) {
    let gs = &canvas.gs;
    let shift = -n / 1000.0 * gs.font_size;
    let vertical = gs.font.as_ref().is_some_and(|f| f.vertical.is_some());
    canvas.tm = if vertical {
        translate(0.0, shift, &canvas.tm)
    } else {
        translate(shift * gs.h_scale, 0.0, &canvas.tm)
    };
}

fn show_text(canvas: &mut Canvas, bytes: &[u8]) {
    let Some(font) = canvas.gs.font.clone() else {
        return;
    };
    let mut chars = std::mem::take(&mut canvas.chars);
    let mut rest = bytes;
    while !rest.is_empty() {
        let (code, len) = font.next_code(rest);
        rest = rest.get(len..).unwrap_or_default();
        chars.clear();
        font.unicode(code, len, &mut chars);
        let width = font.width(code, &chars);
        let gs = &canvas.gs;
        let spacing = gs.char_spacing
            + if len == 1 && code == 32 {
                gs.word_spacing
            } else {
                0.0
            };
        let trm = concat(
            &[
                gs.font_size * gs.h_scale,
                0.0,
                0.0,
                gs.font_size,
                0.0,
                gs.rise,
            ],
            &concat(&canvas.tm, &gs.ctm),
        );
        if !chars.is_empty() {
            emit(canvas, &trm, width, font.vertical.is_some(), &chars);
        }
        let gs = &canvas.gs;
        canvas.tm = match font.vertical {
            Some(advance) => translate(0.0, -(advance * gs.font_size + spacing), &canvas.tm),
            None => translate(
                (width * gs.font_size + spacing) * gs.h_scale,
                0.0,
                &canvas.tm,
            ),
        };
    }
    canvas.chars = chars;
}

/// Places one code's characters, given the text rendering matrix at its origin and its width
/// in em; glyphs that are rotated or off the page are dropped.
fn emit(canvas: &mut Canvas, trm: &Matrix, width: f64, vertical: bool, chars: &[char]) {
    let [a, b, c, d, mut x, mut y] = *trm;
    // Display space has y down: an upright glyph's baseline runs along +x, its up along -y.
    if a <= 0.0 || b.abs() > a * UPRIGHT_TOLERANCE || d >= 0.0 {
        return;
    }
    if vertical {
        // The origin of a vertical glyph is its top centre (the default vertical metrics).
        x -= width / 2.0 * a + 0.88 * c;
        y -= width / 2.0 * b + 0.88 * d;
    }
    let size = c.hypot(d);
    let advance = width * a.hypot(b);
    let (centre_x, centre_y) = (x + advance / 2.0, y - size * 0.3);
    let finite = [x, y, size, advance].iter().all(|v| v.is_finite());
    if !finite
        || size < 0.1
        || !(0.0..=canvas.width).contains(&centre_x)
        || !(0.0..=canvas.height).contains(&centre_y)
    {
        return;
    }
    let share = advance / chars.len() as f64;
    let artifact = canvas.artifact_depth > 0;
    for (i, &ch) in chars.iter().enumerate() {
        let x = x + share * i as f64;
        // Fake bold and shadows draw the same text again slightly offset: one glyph is seen.
        let drawn = canvas.drawn.entry((ch, artifact)).or_default();
        let near = |&(dx, dy, ds): &(f64, f64, f64)| {
            (dx - x).abs() < 0.2 * size
                && (dy - y).abs() < 0.2 * size
                && (ds - size).abs() < 0.1 * size
        };
        if drawn.iter().any(near) {
            continue;
        }
        drawn.push((x, y, size));
        let glyph = Glyph {
            ch,
            x: x as f32,
            y: y as f32,
            width: share as f32,
            size: size as f32,
        };
        if artifact {
            canvas.artifacts.push(glyph);
        } else {
            canvas.glyphs.push(glyph);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts

/// One range of a CMap's codespace: codes of `len` bytes whose every byte lies between the
/// corresponding bytes of `low` and `high`.
#[derive(Clone, Copy, Debug)]
struct CodeRange {
    len: usize,
    low: [u8; 4],
    high: [u8; 4],
}

impl CodeRange {
    const fn new(len: usize, low: u32, high: u32) -> Self {
        CodeRange {
            len,
            low: low.to_be_bytes(),
            high: high.to_be_bytes(),
        }
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        let offset = 4 - self.len;
        bytes.len() >= self.len
            && (0..self.len).all(|i| {
                let byte = bytes[i];
                self.low[offset + i] <= byte && byte <= self.high[offset + i]
            })
    }
}

const ONE_BYTE: &[CodeRange] = &[CodeRange::new(1, 0x00, 0xFF)];
const TWO_BYTES: &[CodeRange] = &[CodeRange::new(2, 0x0000, 0xFFFF)];
const UTF16_CODES: &[CodeRange] = &[
    CodeRange::new(2, 0x0000, 0xD7FF),
    CodeRange::new(4, 0xD800_DC00, 0xDBFF_DFFF),
    CodeRange::new(2, 0xE000, 0xFFFF),
];
const GBK_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0x8140, 0xFEFE),
];
const GB18030_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(4, 0x8130_8130, 0xFE39_FE39),
    CodeRange::new(2, 0x8140, 0xFEFE),
];
const EUC_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0xA1A1, 0xFEFE),
];
const BIG5_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0xA140, 0xFEFE),
];
const UHC_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(2, 0x8141, 0xFEFE),
];
const SJIS_CODES: &[CodeRange] = &[
    CodeRange::new(1, 0x00, 0x80),
    CodeRange::new(1, 0xA0, 0xDF),
    CodeRange::new(2, 0x8140, 0x9FFC),
    CodeRange::new(2, 0xE040, 0xFCFC),
];

/// Where a font's characters come from when its ToUnicode CMap is missing or silent.
enum Fallback {
    None,
    /// A simple font's encoding: code → character.
    Simple(Box<[Option<char>; 256]>),
    /// Codes are UCS-2 or UTF-16BE (the Uni…-UCS2 / -UTF16 CMaps).
    Utf16,
    /// Codes are bytes of a legacy multi-byte encoding (GBK-EUC-H and friends).
    Legacy(&'static encoding_rs::Encoding),
    /// Identity-coded CIDs through CIDToGIDMap to the embedded TrueType font's cmap.
    Embedded {
        cid_to_gid: Option<Vec<u16>>,
        glyph_chars: HashMap<u16, char>,
    },
}

/// How codes find their CIDs, which key the widths of CID fonts.
enum CidSource {
    /// The code is the key: simple fonts, Identity CMaps.
    Code,
    /// An embedded encoding CMap's cidchar/cidrange entries.
    Map(Box<CMap>),
    /// A predefined CMap whose tables this reader does not carry.
    Unknown,
}

struct Font {
    codespace: Vec<CodeRange>,
    to_unicode: Option<CMap>,
    fallback: Fallback,
    cids: CidSource,
    /// Advance widths in em by CID (CID fonts) or code (simple fonts).
    widths: HashMap<u32, f64>,
    default_width: f64,
    /// Widths of a standard 14 font whose dictionary lists none, for codes 32..=126.
    standard_widths: Option<&'static [u16; 95]>,
    /// Vertical advance in em, for fonts in vertical writing mode.
    vertical: Option<f64>,
}

impl Font {
    /// The next character code of a string and its length in bytes.
    fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let len = self
            .codespace
            .iter()
            .find(|range| range.matches(bytes))
            .or_else(|| self.codespace.iter().min_by_key(|range| range.len))
            .map_or(1, |range| range.len)
            .clamp(1, bytes.len().max(1));
        let code = bytes
            .iter()
            .take(len)
            .fold(0u32, |code, &byte| code << 8 | u32::from(byte));
        (code, len)
    }

    /// The characters of a code, or nothing if the font does not say.
    fn unicode(&self, code: u32, len: usize, out: &mut Vec<char>) {
        if let Some(map) = &self.to_unicode {
            map.unicode(code, out);
            if !out.is_empty() && out.iter().all(|&c| acceptable(c)) {
                return;
            }
            out.clear();
        }
        match &self.fallback {
            Fallback::None => {}
            Fallback::Simple(table) => out.extend(table.get(code as usize).copied().flatten()),
            Fallback::Utf16 => {
                let units = [(code >> 16) as u16, code as u16];
                let units = if len == 4 { &units[..] } else { &units[1..] };
                out.extend(char::decode_utf16(units.iter().copied()).map_while(Result::ok));
            }
            Fallback::Legacy(encoding) => {
                let bytes = code.to_be_bytes();
                let bytes = bytes.get(4 - len.min(4)..).unwrap_or_default();
                if let Some(text) =
                    encoding.decode_without_bom_handling_and_without_replacement(bytes)
                {
                    out.extend(text.chars());
                }
            }
            Fallback::Embedded {
                cid_to_gid,
                glyph_chars,
            } => {
                let cid = self.cid(code);
                let gid = match cid_to_gid {
                    Some(map) => cid.and_then(|cid| map.get(cid as usize).copied()),
                    None => cid.and_then(|cid| u16::try_from(cid).ok()),
                };
                out.extend(gid.and_then(|gid| glyph_chars.get(&gid)).copied());
            }
        }
        out.retain(|&c| acceptable(c));
    }

    /// The CID of a code, which keys widths and glyphs, where the encoding tells it.
    fn cid(&self, code: u32) -> Option<u32> {
        match &self.cids {
            CidSource::Code => Some(code),
            CidSource::Map(cmap) => cmap.cid(code),
            CidSource::Unknown => None,
        }
    }

    /// The advance width of a code in em.
    fn width(&self, code: u32, chars: &[char]) -> f64 {
        if let Some(width) = self.cid(code).and_then(|cid| self.widths.get(&cid)) {
            return *width;
        }
        if let (Some(table), [ch]) = (self.standard_widths, chars) {
            if let Some(width) = (*ch as usize).checked_sub(32).and_then(|i| table.get(i)) {
                return f64::from(*width) / 1000.0;
            }
        }
        if matches!(self.cids, CidSource::Unknown) && chars.first().is_some_and(|&c| is_narrow(c)) {
            return self.default_width / 2.0;
        }
        self.default_width
    }
}

/// Characters a glyph may carry: no controls, replacement characters or private-use code
/// points, which are no text anyone searches for.
fn acceptable(c: char) -> bool {
    !(c.is_control()
        || matches!(
            c,
            '\u{FFFD}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' | '\u{E000}'..='\u{F8FF}'
        )
        || c >= '\u{F0000}')
}

/// Characters that take half an em in CJK fonts.
fn is_narrow(c: char) -> bool {
    c < '\u{1100}' || ('\u{FF61}'..='\u{FFDC}').contains(&c)
}

impl Interpreter<'_> {
    fn load_font(&mut self, dict: &Dictionary) -> Result<Option<Font>, ExtractError> {
        let doc = self.doc;
        let to_unicode = match get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(stream)) => self
                .inflate(stream)?
                .map(|data| CMap::parse(&data))
                .filter(|cmap| cmap.has_unicode()),
            _ => None,
        };
        let subtype = get(doc, dict, b"Subtype").and_then(|o| o.as_name().ok());
        if subtype == Some(b"Type0".as_slice()) {
            self.load_composite_font(dict, to_unicode).map(Some)
        } else {
            self.load_simple_font(dict, subtype, to_unicode).map(Some)
        }
    }

    fn load_composite_font(
        &mut self,
        dict: &Dictionary,
        to_unicode: Option<CMap>,
    ) -> Result<Font, ExtractError> {
        let doc = self.doc;
        let descendant = get(doc, dict, b"DescendantFonts")
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok());
        let mut font = Font {
            codespace: TWO_BYTES.to_vec(),
            to_unicode: None,
            fallback: Fallback::None,
            cids: CidSource::Code,
            widths: HashMap::new(),
            default_width: 1.0,
            standard_widths: None,
            vertical: None,
        };
        let mut vertical = false;
        let mut known = false;
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => {
                vertical = name.ends_with(b"-V");
                known = apply_predefined_cmap(&mut font, name);
            }
            Some(Object::Stream(stream)) => {
                if let Some(cmap) = self.inflate(stream)?.map(|data| CMap::parse(&data)) {
                    vertical = cmap.vertical;
                    // An embedded CMap may just extend (or copy) a predefined one.
                    if let Some(base) = cmap.use_cmap.as_deref().or(cmap.name.as_deref()) {
                        apply_predefined_cmap(&mut font, base);
                    }
                    if !cmap.codespace.is_empty() {
                        font.codespace = cmap.codespace.clone();
                        known = true;
                    }
                    if cmap.has_cids() {
                        font.cids = CidSource::Map(Box::new(cmap));
                    }
                }
            }
            _ => {}
        }
        if !known {
            // No usable encoding: the ToUnicode CMap's codespace is the best guess.
            if let Some(cmap) = to_unicode.as_ref().filter(|c| !c.codespace.is_empty()) {
                font.codespace = cmap.codespace.clone();
            }
        }
        if let Some(descendant) = descendant {
            let default_width = get(doc, descendant, b"DW")
                .and_then(number)
                .unwrap_or(1000.0);
            font.default_width = default_width / 1000.0;
            if let Some(widths) = get(doc, descendant, b"W").and_then(|o| o.as_array().ok()) {
                font.widths = cid_widths(doc, widths);
            }
            if vertical {
                let advance = get(doc, descendant, b"DW2")
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| a.get(1))
                    .and_then(number)
                    .unwrap_or(-1000.0);
                font.vertical = Some(-advance / 1000.0);
            }
            let cids_known = !matches!(font.cids, CidSource::Unknown);
            if cids_known && matches!(font.fallback, Fallback::None) && to_unicode.is_none() {
                font.fallback = self.embedded_font_chars(descendant)?;
            }
        } else if vertical {
            font.vertical = Some(1.0);
        }
        font.to_unicode = to_unicode;
        Ok(font)
    }

    /// Maps glyph ids back to characters through the cmap of an embedded TrueType or
    /// OpenType font, for Identity-coded fonts without a ToUnicode CMap.
    fn embedded_font_chars(&mut self, descendant: &Dictionary) -> Result<Fallback, ExtractError> {
        let doc = self.doc;
        let Some(descriptor) = get_dict(doc, descendant, b"FontDescriptor") else {
            return Ok(Fallback::None);
        };
        let program = [b"FontFile2".as_slice(), b"FontFile3"]
            .iter()
            .find_map(|key| match get(doc, descriptor, key) {
                Some(Object::Stream(stream)) => Some(stream),
                _ => None,
            });
        let Some(program) = program else {
            return Ok(Fallback::None);
        };
        let Some(data) = self.inflate(program)? else {
            return Ok(Fallback::None);
        };
        let glyph_chars = glyph_chars(&data);
        if glyph_chars.is_empty() {
            return Ok(Fallback::None);
        }
        let cid_to_gid = match get(doc, descendant, b"CIDToGIDMap") {
            Some(Object::Stream(stream)) => match self.inflate(stream)? {
                Some(map) => Some(
                    map.chunks_exact(2)
                        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                        .collect(),
                ),
                None => return Ok(Fallback::None),
            },
            _ => None,
        };
        Ok(Fallback::Embedded {
            cid_to_gid,
            glyph_chars,
        })
    }

    fn load_simple_font(
        &mut self,
        dict: &Dictionary,
        subtype: Option<&[u8]>,
        to_unicode: Option<CMap>,
    ) -> Result<Font, ExtractError> {
        let doc = self.doc;
        let base_font = get(doc, dict, b"BaseFont")
            .and_then(|o| o.as_name().ok())
            .unwrap_or_default();
        let type3 = subtype == Some(b"Type3".as_slice());
        // Type 3 glyph widths are in glyph space, which FontMatrix maps to text space.
        let width_scale = if type3 {
            get(doc, dict, b"FontMatrix")
                .and_then(|o| o.as_array().ok())
                .and_then(|m| m.first())
                .and_then(number)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let descriptor = get_dict(doc, dict, b"FontDescriptor");
        let missing_width = descriptor
            .and_then(|d| get(doc, d, b"MissingWidth"))
            .and_then(number)
            .filter(|w| *w > 0.0);
        let mut widths = HashMap::new();
        let first_char = get(doc, dict, b"FirstChar").and_then(number).unwrap_or(0.0);
        if let Some(list) = get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
            for (i, width) in list.iter().enumerate() {
                if let Some(width) = resolve(doc, width).and_then(number) {
                    widths.insert(
                        (first_char as u32).saturating_add(i as u32),
                        width * width_scale,
                    );
                }
            }
        }
        let standard_widths = (widths.is_empty() && !type3)
            .then(|| standard_font_widths(base_font))
            .flatten();

        let symbolic_name = [
            b"Symbol".as_slice(),
            b"ZapfDingbats",
            b"Wingdings",
            b"Webdings",
        ]
        .iter()
        .any(|name| contains(base_font, name));
        let flags = descriptor
            .and_then(|d| get(doc, d, b"Flags"))
            .and_then(number)
            .map_or(0, |f| f as i64);
        let embedded = descriptor.is_some_and(|d| {
            [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| d.has(key))
        });
        // Symbolic embedded fonts encode by their own program, not by a standard encoding.
        let symbolic = flags & 4 != 0 && flags & 32 == 0 && embedded;
        let (explicit_base, differences) = match get(doc, dict, b"Encoding") {
            Some(Object::Name(name)) => (BaseEncoding::from_name(name), None),
            Some(Object::Dictionary(encoding)) => (
                get(doc, encoding, b"BaseEncoding")
                    .and_then(|o| o.as_name().ok())
                    .and_then(BaseEncoding::from_name),
                get(doc, encoding, b"Differences").and_then(|o| o.as_array().ok()),
            ),
            _ => (None, None),
        };
        let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
        let base = if explicit_base.is_some() || type3 || symbolic_name {
            explicit_base
        } else if symbolic {
            if to_unicode.is_none() {
                if let Some(builtin) = descriptor
                    .map(|d| self.builtin_encoding(d))
                    .transpose()?
                    .flatten()
                {
                    table = builtin;
                }
            }
            None
        } else if subtype == Some(b"TrueType".as_slice()) {
            Some(BaseEncoding::WinAnsi)
        } else {
            Some(BaseEncoding::Standard)
        };
        if let Some(base) = base {
            for (code, slot) in table.iter_mut().enumerate() {
                *slot = base.char(code as u8);
            }
        }
        if let Some(differences) = differences {
            let mut code = 0usize;
            for item in differences {
                match resolve(doc, item) {
                    Some(Object::Name(name)) => {
                        if let Some(slot) = table.get_mut(code) {
                            *slot = glyph_name_char(name);
                        }
                        code += 1;
                    }
                    Some(other) => {
                        if let Some(start) = number(other) {
                            code = start.clamp(0.0, 256.0) as usize;
                        }
                    }
                    None => {}
                }
            }
        }
        Ok(Font {
            codespace: ONE_BYTE.to_vec(),
            to_unicode,
            fallback: Fallback::Simple(table),
            cids: CidSource::Code,
            widths,
            default_width: missing_width.map_or(0.5, |w| w * width_scale),
            standard_widths,
            vertical: None,
        })
    }

    /// The encoding built into a symbolic font's embedded program: a Type 1 program's
    /// /Encoding array, or a TrueType font's symbol or Macintosh cmap.
    fn builtin_encoding(
        &mut self,
        descriptor: &Dictionary,
    ) -> Result<Option<Box<[Option<char>; 256]>>, ExtractError> {
        let doc = self.doc;
        let mut table: Box<[Option<char>; 256]> = Box::new([None; 256]);
        if let Some(Object::Stream(stream)) = get(doc, descriptor, b"FontFile") {
            let Some(program) = self.inflate(stream)? else {
                return Ok(None);
            };
            let Some(start) = program.windows(9).position(|w| w == b"/Encoding") else {
                return Ok(None);
            };
            let mut lexer = Lexer {
                data: &program,
                pos: start + 9,
            };
            let mut recent: [Option<Token>; 3] = [None, None, None];
            for _ in 0..4096 {
                match lexer.next() {
                    Some(Token::Keyword(b"StandardEncoding")) => {
                        for (code, slot) in table.iter_mut().enumerate() {
                            *slot = BaseEncoding::Standard.char(code as u8);
                        }
                        break;
                    }
                    Some(Token::Keyword(b"put")) => {
                        if let [Some(Token::Keyword(b"dup")), Some(Token::Number(code)), Some(Token::Name(name))] =
                            &recent
                        {
                            if let Some(slot) =
                                usize::try_from(*code).ok().and_then(|c| table.get_mut(c))
                            {
                                *slot = glyph_name_char(name);
                            }
                        }
                    }
                    Some(Token::Keyword(b"def" | b"readonly")) | None => break,
                    Some(token) => recent = [recent[1].take(), recent[2].take(), Some(token)],
                }
            }
        } else if let Some(Object::Stream(stream)) = get(doc, descriptor, b"FontFile2") {
            let Some(program) = self.inflate(stream)? else {
                return Ok(None);
            };
            let glyph_chars = glyph_chars(&program);
            let Ok(face) = ttf_parser::Face::parse(&program, 0) else {
                return Ok(None);
            };
            let Some(cmap) = face.tables().cmap else {
                return Ok(None);
            };
            for subtable in cmap.subtables {
                let symbol = match (subtable.platform_id, subtable.encoding_id) {
                    (ttf_parser::PlatformId::Windows, 0) => true,
                    (ttf_parser::PlatformId::Macintosh, 0) => false,
                    _ => continue,
                };
                for (code, slot) in table.iter_mut().enumerate() {
                    let code = code as u32;
                    let gid = if symbol {
                        subtable
                            .glyph_index(0xF000 | code)
                            .or_else(|| subtable.glyph_index(code))
                    } else {
                        subtable.glyph_index(code)
                    };
                    if slot.is_none() {
                        *slot = gid.and_then(|gid| glyph_chars.get(&gid.0)).copied();
                    }
                }
            }
        }
        Ok(table.iter().any(Option::is_some).then_some(table))
    }
}

/// Configures a composite font for a predefined CMap by name; false for names not known here.
fn apply_predefined_cmap(font: &mut Font, name: &[u8]) -> bool {
    let name = String::from_utf8_lossy(name);
    let stem = name
        .strip_suffix("-H")
        .or_else(|| name.strip_suffix("-V"))
        .unwrap_or(&name);
    let (codespace, fallback): (&[CodeRange], Fallback) = match stem {
        "Identity" => {
            font.codespace = TWO_BYTES.to_vec();
            font.cids = CidSource::Code;
            return true;
        }
        s if s.starts_with("Uni") && s.ends_with("UCS2") => (TWO_BYTES, Fallback::Utf16),
        s if s.starts_with("Uni") && s.ends_with("UTF16") => (UTF16_CODES, Fallback::Utf16),
        "GBK-EUC" | "GBpc-EUC" | "GBKp-EUC" => (GBK_CODES, Fallback::Legacy(encoding_rs::GBK)),
        "GB-EUC" | "GBT-EUC" => (EUC_CODES, Fallback::Legacy(encoding_rs::GBK)),
        "GBK2K" => (GB18030_CODES, Fallback::Legacy(encoding_rs::GB18030)),
        "ETen-B5" | "ETenms-B5" | "B5pc" | "HKscs-B5" => {
            (BIG5_CODES, Fallback::Legacy(encoding_rs::BIG5))
        }
        "90ms-RKSJ" | "90pv-RKSJ" | "83pv-RKSJ" => {
            (SJIS_CODES, Fallback::Legacy(encoding_rs::SHIFT_JIS))
        }
        "EUC" => (EUC_CODES, Fallback::Legacy(encoding_rs::EUC_JP)),
        "KSC-EUC" => (EUC_CODES, Fallback::Legacy(encoding_rs::EUC_KR)),
        "KSCms-UHC" => (UHC_CODES, Fallback::Legacy(encoding_rs::EUC_KR)),
        _ => return false,
    };
    font.codespace = codespace.to_vec();
    font.fallback = fallback;
    font.cids = CidSource::Unknown;
    false
}

/// A CID font's /W array: `c [w1 w2 …]` and `c_first c_last w` entries, in em.
fn cid_widths(doc: &Document, list: &[Object]) -> HashMap<u32, f64> {
    /// More entries than any real font has glyphs: bounds what a crafted range can cost.
    const MAX_ENTRIES: usize = 1 << 17;
    let mut widths = HashMap::new();
    let items: Vec<&Object> = list.iter().filter_map(|o| resolve(doc, o)).collect();
    // Entries written, repeats included: ranges may overlap.
    let mut work = 0usize;
    let mut i = 0;
    while i < items.len() && work < MAX_ENTRIES {
        let Some(first) = number(items[i]).map(|f| f.max(0.0) as u32) else {
            break;
        };
        match items.get(i + 1) {
            Some(Object::Array(run)) => {
                for (offset, width) in run.iter().enumerate() {
                    if let Some(width) = resolve(doc, width).and_then(number) {
                        widths.insert(first.saturating_add(offset as u32), width / 1000.0);
                    }
                }
                work += run.len().max(1);
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) =
                    (number(last), items.get(i + 2).and_then(|o| number(o)))
                else {
                    break;
                };
                let last =
                    (last.max(0.0) as u32).min(first.saturating_add((MAX_ENTRIES - work) as u32));
                for cid in first..=last {
                    widths.insert(cid, width / 1000.0);
                }
                work += (last.saturating_sub(first) as usize).saturating_add(1);
                i += 3;
            }
            None => break,
        }
    }
    widths
}

/// Glyph id → character from the Unicode subtables of a TrueType/OpenType font's cmap, or
/// failing that from its glyph names.
fn glyph_chars(data: &[u8]) -> HashMap<u16, char> {
    let mut chars: HashMap<u16, char> = HashMap::new();
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return chars;
    };
    // Several code points can share a glyph; prefer ordinary ones over radicals,
    // compatibility ideographs and private use.
    let rank = |c: char| match c {
        '\u{E000}'..='\u{F8FF}' => 2,
        '\u{2E80}'..='\u{2FDF}' | '\u{F900}'..='\u{FAFF}' => 1,
        _ => 0,
    };
    if let Some(cmap) = face.tables().cmap {
        // Look up the BMP and plane 2 (CJK extensions) rather than walk the subtables' own
        // ranges, which a crafted font can make astronomically long.
        let code_points = (0..=0xFFFFu32).chain(0x2_0000..=0x2_FFFF);
        for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            for code_point in code_points.clone() {
                let (Some(c), Some(gid)) =
                    (char::from_u32(code_point), subtable.glyph_index(code_point))
                else {
                    continue;
                };
                let better = chars
                    .get(&gid.0)
                    .is_none_or(|&old| (rank(c), c) < (rank(old), old));
                if better && gid.0 != 0 {
                    chars.insert(gid.0, c);
                }
            }
        }
    }
    if chars.is_empty() {
        for gid in 1..face.number_of_glyphs() {
            if let Some(c) = face
                .glyph_name(ttf_parser::GlyphId(gid))
                .and_then(|name| glyph_name_char(name.as_bytes()))
            {
                chars.insert(gid, c);
            }
        }
    }
    chars
}

// ---------------------------------------------------------------------------------------------
// CMaps

/// What a CMap stream says: its codespace, code → Unicode (bfchar/bfrange, for ToUnicode) and
/// code → CID (cidchar/cidrange, for embedded encodings).
#[derive(Default)]
struct CMap {
    codespace: Vec<CodeRange>,
    chars: HashMap<u32, Vec<u16>>,
    /// bfrange entries with one destination string, sorted by first code: (first, last, UTF-16).
    char_ranges: Vec<(u32, u32, Vec<u16>)>,
    cids: HashMap<u32, u32>,
    /// cidrange entries sorted by first code: (first, last, first CID).
    cid_ranges: Vec<(u32, u32, u32)>,
    name: Option<Vec<u8>>,
    use_cmap: Option<Vec<u8>>,
    vertical: bool,
}

/// Entries kept from one CMap: bounds what a crafted array or range can cost.
const MAX_CMAP_ENTRIES: usize = 1 << 18;

impl CMap {
    fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer { data, pos: 0 };
        // The last two tokens before a keyword, enough for `/Name value def` and `/X usecmap`.
        let mut previous: [Option<Token>; 2] = [None, None];
        while let Some(token) = lexer.next() {
            match &token {
                Token::Keyword(b"begincodespacerange") => {
                    while let Some(Token::Hex(low)) = lexer.next() {
                        let Some(Token::Hex(high)) = lexer.next() else {
                            break;
                        };
                        if let (Some(l), Some(h)) = (code_of(&low), code_of(&high)) {
                            if low.len() == high.len() && cmap.codespace.len() < 256 {
                                cmap.codespace.push(CodeRange::new(low.len(), l, h));
                            }
                        }
                    }
                }
                Token::Keyword(b"beginbfchar") => {
                    while let Some(Token::Hex(source)) = lexer.next() {
                        let target = match lexer.next() {
                            Some(Token::Hex(target)) => utf16_units(&target),
                            Some(Token::Name(name)) => glyph_name_char(name)
                                .map(|c| c.encode_utf16(&mut [0; 2]).to_vec())
                                .unwrap_or_default(),
                            _ => break,
                        };
                        if let Some(code) = code_of(&source) {
                            if cmap.chars.len() < MAX_CMAP_ENTRIES {
                                cmap.chars.insert(code, target);
                            }
                        }
                    }
                }
                Token::Keyword(b"beginbfrange") => {
                    while let Some(Token::Hex(low)) = lexer.next() {
                        let Some(Token::Hex(high)) = lexer.next() else {
                            break;
                        };
                        let (Some(low), Some(high)) = (code_of(&low), code_of(&high)) else {
                            continue;
                        };
                        match lexer.next() {
                            Some(Token::Hex(target)) => {
                                if high >= low && cmap.char_ranges.len() < MAX_CMAP_ENTRIES {
                                    cmap.char_ranges.push((low, high, utf16_units(&target)));
                                }
                            }
                            Some(Token::ArrayStart) => {
                                let mut code = low;
                                while let Some(Token::Hex(target)) = lexer.next() {
                                    if code <= high && cmap.chars.len() < MAX_CMAP_ENTRIES {
                                        cmap.chars.insert(code, utf16_units(&target));
                                    }
                                    code = code.saturating_add(1);
                                }
                            }
                            _ => break,
                        }
                    }
                }
                Token::Keyword(b"begincidchar") => {
                    while let Some(Token::Hex(source)) = lexer.next() {
                        let Some(Token::Number(cid)) = lexer.next() else {
                            break;
                        };
                        if let (Some(code), Ok(cid)) = (code_of(&source), u32::try_from(cid)) {
                            if cmap.cids.len() < MAX_CMAP_ENTRIES {
                                cmap.cids.insert(code, cid);
                            }
                        }
                    }
                }
                Token::Keyword(b"begincidrange") => {
                    while let Some(Token::Hex(low)) = lexer.next() {
                        let Some(Token::Hex(high)) = lexer.next() else {
                            break;
                        };
                        let Some(Token::Number(cid)) = lexer.next() else {
                            break;
                        };
                        if let (Some(low), Some(high), Ok(cid)) =
                            (code_of(&low), code_of(&high), u32::try_from(cid))
                        {
                            if high >= low && cmap.cid_ranges.len() < MAX_CMAP_ENTRIES {
                                cmap.cid_ranges.push((low, high, cid));
                            }
                        }
                    }
                }
                Token::Keyword(b"usecmap") => {
                    if let [_, Some(Token::Name(name))] = &previous {
                        cmap.use_cmap = Some(name.to_vec());
                    }
                }
                Token::Keyword(b"def") => match &previous {
                    [Some(Token::Name(b"CMapName")), Some(Token::Name(name))] => {
                        cmap.name = Some(name.to_vec())
                    }
                    [Some(Token::Name(b"WMode")), Some(Token::Number(mode))] => {
                        cmap.vertical = *mode == 1
                    }
                    _ => {}
                },
                _ => {}
            }
            previous = [previous[1].take(), Some(token)];
        }
        cmap.char_ranges.sort_by_key(|range| range.0);
        cmap.cid_ranges.sort_by_key(|range| range.0);
        cmap
    }

    fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || !self.char_ranges.is_empty()
    }

    fn has_cids(&self) -> bool {
        !self.cids.is_empty() || !self.cid_ranges.is_empty()
    }

    fn unicode(&self, code: u32, out: &mut Vec<char>) {
        if let Some(units) = self.chars.get(&code) {
            out.extend(char::decode_utf16(units.iter().copied()).map(|c| c.unwrap_or('\u{FFFD}')));
            return;
        }
        let i = self.char_ranges.partition_point(|range| range.0 <= code);
        let Some((low, high, units)) = i.checked_sub(1).and_then(|i| self.char_ranges.get(i))
        else {
            return;
        };
        if code > *high {
            return;
        }
        // The last UTF-16 unit of the destination counts up through the range.
        let Some((&last, head)) = units.split_last() else {
            return;
        };
        let Ok(last) = u16::try_from(u32::from(last) + (code - low)) else {
            return;
        };
        let units = head.iter().copied().chain(std::iter::once(last));
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
    }

    fn cid(&self, code: u32) -> Option<u32> {
        if let Some(cid) = self.cids.get(&code) {
            return Some(*cid);
        }
        let i = self.cid_ranges.partition_point(|range| range.0 <= code);
        let (low, high, cid) = self.cid_ranges.get(i.checked_sub(1)?)?;
        (code <= *high).then(|| cid.saturating_add(code - low))
    }
}

/// A code's value from its bytes (at most four).
fn code_of(bytes: &[u8]) -> Option<u32> {
    (1..=4)
        .contains(&bytes.len())
        .then(|| bytes.iter().fold(0u32, |code, &b| code << 8 | u32::from(b)))
}

/// A CMap destination as UTF-16 units; a lone byte is taken as a Latin-1 character.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if let [byte] = bytes {
        return vec![u16::from(*byte)];
    }
    bytes
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect()
}

enum Token<'a> {
    Hex(Vec<u8>),
    Name(&'a [u8]),
    Number(i64),
    Keyword(&'a [u8]),
    ArrayStart,
    /// Literal strings, dictionary brackets, array ends and what CMaps never need.
    Other,
}

/// Tokens of the PostScript subset CMap files are written in.
struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        let data = self.data;
        loop {
            let byte = *data.get(self.pos)?;
            if byte.is_ascii_whitespace() || byte == 0 {
                self.pos += 1;
            } else if byte == b'%' {
                while data
                    .get(self.pos)
                    .is_some_and(|&b| b != b'\n' && b != b'\r')
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        let start = self.pos;
        let byte = data[start];
        self.pos += 1;
        let token = match byte {
            b'<' if data.get(self.pos) == Some(&b'<') => {
                self.pos += 1;
                Token::Other
            }
            b'>' => {
                if data.get(self.pos) == Some(&b'>') {
                    self.pos += 1;
                }
                Token::Other
            }
            b'<' => {
                let mut nibbles = Vec::new();
                while let Some(&b) = data.get(self.pos) {
                    self.pos += 1;
                    if b == b'>' {
                        break;
                    }
                    if let Some(n) = (b as char).to_digit(16) {
                        nibbles.push(n as u8);
                    }
                }
                if nibbles.len() % 2 == 1 {
                    nibbles.push(0);
                }
                Token::Hex(nibbles.chunks_exact(2).map(|p| p[0] << 4 | p[1]).collect())
            }
            b'[' => Token::ArrayStart,
            b']' | b'{' | b'}' => Token::Other,
            b'(' => {
                let mut depth = 1;
                while let Some(&b) = data.get(self.pos) {
                    self.pos += 1;
                    match b {
                        b'\\' => self.pos += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Token::Other
            }
            _ => {
                while data
                    .get(self.pos)
                    .is_some_and(|&b| !b.is_ascii_whitespace() && !b"/<>[](){}%".contains(&b))
                {
                    self.pos += 1;
                }
                let word = &data[start..self.pos.min(data.len())];
                if byte == b'/' {
                    Token::Name(&word[1..])
                } else if let Some(n) = std::str::from_utf8(word).ok().and_then(|w| w.parse().ok())
                {
                    Token::Number(n)
                } else {
                    Token::Keyword(word)
                }
            }
        };
        Some(token)
    }
}

// ---------------------------------------------------------------------------------------------
// Simple font encodings and glyph names

#[derive(Clone, Copy)]
enum BaseEncoding {
    WinAnsi,
    MacRoman,
    Standard,
}

impl BaseEncoding {
    fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            _ => None,
        }
    }

    fn char(self, code: u8) -> Option<char> {
        match (self, code) {
            (_, 0..=0x1F) => None,
            (BaseEncoding::Standard, 0x27) => Some('\u{2019}'),
            (BaseEncoding::Standard, 0x60) => Some('\u{2018}'),
            (_, 0x20..=0x7E) => Some(char::from(code)),
            (BaseEncoding::Standard, _) => STANDARD_HIGH
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, ch)| *ch),
            // WinAnsi's second hyphen.
            (BaseEncoding::WinAnsi, 0xAD) => Some('-'),
            (BaseEncoding::WinAnsi, _) => single_byte(encoding_rs::WINDOWS_1252, code),
            (BaseEncoding::MacRoman, _) => single_byte(encoding_rs::MACINTOSH, code),
        }
    }
}

fn single_byte(encoding: &'static encoding_rs::Encoding, byte: u8) -> Option<char> {
    encoding
        .decode_without_bom_handling_and_without_replacement(&[byte])
        .and_then(|text| text.chars().next())
}

/// StandardEncoding above 0x7E.
const STANDARD_HIGH: &[(u8, char)] = &[
    (0xA1, '¡'),
    (0xA2, '¢'),
    (0xA3, '£'),
    (0xA4, '⁄'),
    (0xA5, '¥'),
    (0xA6, 'ƒ'),
    (0xA7, '§'),
    (0xA8, '¤'),
    (0xA9, '\''),
    (0xAA, '“'),
    (0xAB, '«'),
    (0xAC, '‹'),
    (0xAD, '›'),
    (0xAE, 'ﬁ'),
    (0xAF, 'ﬂ'),
    (0xB1, '–'),
    (0xB2, '†'),
    (0xB3, '‡'),
    (0xB4, '·'),
    (0xB6, '¶'),
    (0xB7, '•'),
    (0xB8, '‚'),
    (0xB9, '„'),
    (0xBA, '”'),
    (0xBB, '»'),
    (0xBC, '…'),
    (0xBD, '‰'),
    (0xBF, '¿'),
    (0xC1, '`'),
    (0xC2, '´'),
    (0xC3, 'ˆ'),
    (0xC4, '˜'),
    (0xC5, '¯'),
    (0xC6, '˘'),
    (0xC7, '˙'),
    (0xC8, '¨'),
    (0xCA, '˚'),
    (0xCB, '¸'),
    (0xCD, '˝'),
    (0xCE, '˛'),
    (0xCF, 'ˇ'),
    (0xD0, '—'),
    (0xE1, 'Æ'),
    (0xE3, 'ª'),
    (0xE8, 'Ł'),
    (0xE9, 'Ø'),
    (0xEA, 'Œ'),
    (0xEB, 'º'),
    (0xF1, 'æ'),
    (0xF5, 'ı'),
    (0xF8, 'ł'),
    (0xF9, 'ø'),
    (0xFA, 'œ'),
    (0xFB, 'ß'),
];

/// Names of the printable ASCII characters from 0x20.
#[rustfmt::skip]
const ASCII_NAMES: [&str; 95] = [
    "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quotesingle",
    "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "colon", "semicolon",
    "less", "equal", "greater", "question", "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J",
    "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "bracketleft",
    "backslash", "bracketright", "asciicircum", "underscore", "grave", "a", "b", "c", "d", "e",
    "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x",
    "y", "z", "braceleft", "bar", "braceright", "asciitilde",
];

/// Names of Latin-1 characters from 0xA0.
#[rustfmt::skip]
const LATIN1_NAMES: [&str; 96] = [
    "nbspace", "exclamdown", "cent", "sterling", "currency", "yen", "brokenbar", "section",
    "dieresis", "copyright", "ordfeminine", "guillemotleft", "logicalnot", "sfthyphen",
    "registered", "macron", "degree", "plusminus", "twosuperior", "threesuperior", "acute", "mu",
    "paragraph", "periodcentered", "cedilla", "onesuperior", "ordmasculine", "guillemotright",
    "onequarter", "onehalf", "threequarters", "questiondown", "Agrave", "Aacute", "Acircumflex",
    "Atilde", "Adieresis", "Aring", "AE", "Ccedilla", "Egrave", "Eacute", "Ecircumflex",
    "Edieresis", "Igrave", "Iacute", "Icircumflex", "Idieresis", "Eth", "Ntilde", "Ograve",
    "Oacute", "Ocircumflex", "Otilde", "Odieresis", "multiply", "Oslash", "Ugrave", "Uacute",
    "Ucircumflex", "Udieresis", "Yacute", "Thorn", "germandbls", "agrave", "aacute", "acircumflex",
    "atilde", "adieresis", "aring", "ae", "ccedilla", "egrave", "eacute", "ecircumflex",
    "edieresis", "igrave", "iacute", "icircumflex", "idieresis", "eth", "ntilde", "ograve",
    "oacute", "ocircumflex", "otilde", "odieresis", "divide", "oslash", "ugrave", "uacute",
    "ucircumflex", "udieresis", "yacute", "thorn", "ydieresis",
];

/// Other glyph names of the Adobe Glyph List that Latin text fonts use.
const OTHER_NAMES: &[(&str, char)] = &[
    ("Euro", '€'),
    ("quotesinglbase", '‚'),
    ("florin", 'ƒ'),
    ("quotedblbase", '„'),
    ("ellipsis", '…'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("circumflex", 'ˆ'),
    ("perthousand", '‰'),
    ("Scaron", 'Š'),
    ("guilsinglleft", '‹'),
    ("OE", 'Œ'),
    ("Zcaron", 'Ž'),
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("bullet", '•'),
    ("endash", '–'),
    ("emdash", '—'),
    ("tilde", '˜'),
    ("trademark", '™'),
    ("scaron", 'š'),
    ("guilsinglright", '›'),
    ("oe", 'œ'),
    ("zcaron", 'ž'),
    ("Ydieresis", 'Ÿ'),
    ("fraction", '⁄'),
    ("ff", 'ﬀ'),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
    ("ffi", 'ﬃ'),
    ("ffl", 'ﬄ'),
    ("dotlessi", 'ı'),
    ("Lslash", 'Ł'),
    ("lslash", 'ł'),
    ("breve", '˘'),
    ("dotaccent", '˙'),
    ("ring", '˚'),
    ("hungarumlaut", '˝'),
    ("ogonek", '˛'),
    ("caron", 'ˇ'),
    ("minus", '−'),
    ("middot", '·'),
    ("space", ' '),
    ("nonbreakingspace", '\u{A0}'),
    ("Delta", '∆'),
    ("Omega", 'Ω'),
    ("pi", 'π'),
    ("mu", 'µ'),
];

/// The character a glyph name stands for: uniXXXX, uXXXX[XX], or a common AGL name; a
/// suffix after a dot (`a.sc`) is ignored.
fn glyph_name_char(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    let name = name.split('.').next().filter(|n| !n.is_empty())?;
    let hex = |digits: &str| {
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
    };
    if let Some(digits) = name.strip_prefix("uni") {
        if digits.len() >= 4 && digits.is_char_boundary(4) {
            if let Some(c) = hex(&digits[..4]) {
                return Some(c);
            }
        }
    }
    if let Some(digits) = name.strip_prefix('u') {
        if (4..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            if let Some(c) = hex(digits) {
                return Some(c);
            }
        }
    }
    if let Some(i) = ASCII_NAMES.iter().position(|n| *n == name) {
        return char::from_u32(0x20 + i as u32);
    }
    if let Some(i) = LATIN1_NAMES.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHER_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
}

/// Advance widths of codes 32..=126 for the standard 14 fonts, which files may use without
/// listing widths.
fn standard_font_widths(base_font: &[u8]) -> Option<&'static [u16; 95]> {
    if contains(base_font, b"Courier") {
        Some(&COURIER_WIDTHS)
    } else if contains(base_font, b"Helvetica") || contains(base_font, b"Arial") {
        Some(&HELVETICA_WIDTHS)
    } else if contains(base_font, b"Times") {
        Some(&TIMES_WIDTHS)
    } else {
        None
    }
}

const COURIER_WIDTHS: [u16; 95] = [600; 95];
#[rustfmt::skip]
const HELVETICA_WIDTHS: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
#[rustfmt::skip]
const TIMES_WIDTHS: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Document properties

fn document_properties(doc: &Document, interpreter: &mut Interpreter) -> Properties {
    let mut properties = Properties::default();
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| resolve(doc, o))
        .and_then(|o| o.as_dict().ok());
    if let Some(info) = info {
        let text = |key: &[u8]| match get(doc, info, key) {
            Some(Object::String(bytes, _)) => non_empty(decode_text_string(bytes)),
            _ => None,
        };
        properties.title = text(b"Title");
        properties.author = text(b"Author");
        properties.subject = text(b"Subject");
        properties.created = text(b"CreationDate").and_then(|d| date(&d));
    }
    let complete = properties.title.is_some()
        && properties.author.is_some()
        && properties.subject.is_some()
        && properties.created.is_some();
    if !complete {
        let metadata = doc
            .catalog()
            .ok()
            .and_then(|catalog| get(doc, catalog, b"Metadata"));
        if let Some(Object::Stream(stream)) = metadata {
            if let Ok(Some(data)) = interpreter.inflate(stream) {
                let xml = String::from_utf8_lossy(&data);
                properties.title = properties.title.or_else(|| xmp_value(&xml, "dc:title"));
                properties.author = properties.author.or_else(|| xmp_value(&xml, "dc:creator"));
                properties.subject = properties
                    .subject
                    .or_else(|| xmp_value(&xml, "dc:description"));
                properties.created = properties
                    .created
                    .or_else(|| xmp_value(&xml, "xmp:CreateDate").and_then(|d| date(&d)));
            }
        }
    }
    properties
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding, except
/// that GBK bytes, which Chinese producers write without saying so, are read as GBK.
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units = utf16
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]));
        return char::decode_utf16(units).filter_map(Result::ok).collect();
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    if !bytes.is_ascii() {
        let gbk = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes);
        if let Ok(text) = std::str::from_utf8(bytes) {
            // GBK pairs can pass for two-byte UTF-8 (U+0080..U+07FF); Chinese in UTF-8 is
            // three-byte.
            if gbk.is_none() || text.chars().all(|c| c.is_ascii() || c >= '\u{800}') {
                return text.to_string();
            }
        }
        if let Some(text) = gbk {
            return text.into_owned();
        }
    }
    bytes.iter().filter_map(|&b| pdf_doc_char(b)).collect()
}

fn pdf_doc_char(byte: u8) -> Option<char> {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}', '€',
    ];
    let c = match byte {
        0x18..=0x1F => LOW[usize::from(byte - 0x18)],
        0x80..=0xA0 => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    };
    acceptable(c).then_some(c)
}

/// YYYY-MM-DD from a PDF date (D:YYYYMMDD…) or an ISO 8601 one (YYYY-MM-DD…).
fn date(text: &str) -> Option<String> {
    let text = text.trim().trim_start_matches("D:");
    let mut fields = Vec::new();
    let mut rest = text;
    // Compact PDF dates: 4-digit year, then 2-digit fields; ISO dates: separated fields.
    for width in [4usize, 2, 2] {
        rest = rest.trim_start_matches(['-', '/', '.', ' ']);
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        let take = if digits > width || width == 4 {
            width
        } else {
            digits
        };
        fields.push(rest.get(..take)?.parse::<u32>().ok()?);
        rest = rest.get(take..)?;
    }
    let year = *fields.first()?;
    let month = fields.get(1).copied().unwrap_or(1);
    let day = fields.get(2).copied().unwrap_or(1);
    ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The first value of an XMP property, as an element (`<dc:title><rdf:Alt><rdf:li>…`) or as
/// an attribute (`xmp:CreateDate="…"`).
fn xmp_value(xml: &str, property: &str) -> Option<String> {
    let open = format!("<{property}");
    if let Some(start) = xml.find(&open) {
        let body = &xml[start + open.len()..];
        let end = body.find(&format!("</{property}>")).unwrap_or(body.len());
        let body = &body[..end];
        let inner = match body.find("<rdf:li") {
            Some(li) => &body[li..],
            None => body,
        };
        let text = inner.split_once('>').map_or("", |(_, t)| t);
        let text = text.split('<').next().unwrap_or_default();
        if let Some(value) = non_empty(xml_unescape(text)) {
            return Some(value);
        }
    }
    let attribute = format!("{property}=\"");
    let start = xml.find(&attribute)? + attribute.len();
    let value = xml[start..].split('"').next()?;
    non_empty(xml_unescape(value))
}

fn xml_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// Object helpers

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, object)| object)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| resolve(doc, o))
}

fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    get(doc, dict, key).and_then(|o| o.as_dict().ok())
}

/// A rectangle, normalised to [llx, lly, urx, ury]; degenerate ones are refused.
fn get_rect(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<[f64; 4]> {
    let array = get(doc, dict, key)?.as_array().ok()?;
    let values: Vec<f64> = array
        .iter()
        .filter_map(|o| resolve(doc, o).and_then(number))
        .collect();
    let [x0, y0, x1, y1] = <[f64; 4]>::try_from(values).ok()?;
    let rect = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    (rect.iter().all(|v| v.is_finite()) && rect[2] - rect[0] >= 1.0 && rect[3] - rect[1] >= 1.0)
        .then_some(rect)
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

fn matrix_operands(operands: &[Object]) -> Option<Matrix> {
    let values: Vec<f64> = operands.iter().map(number).collect::<Option<_>>()?;
    <[f64; 6]>::try_from(values).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A stream object with its /Length.
    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream");
        out
    }

    /// A PDF file of the given objects, numbered from 1; object 1 is the catalog.
    fn pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
        );
        for offset in offsets {
            out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> \
                 <0123456789ABCDEF0123456789ABCDEF>] {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    /// One 200 × 100 pt page drawing `content` with font /F1 = object 5; `extra` objects
    /// follow from number 5.
    fn one_page(content: &[u8], page_extra: &str, extra: &[Vec<u8>]) -> Vec<u8> {
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
                 /Resources << /Font << /F1 5 0 R >> >> {page_extra} >>"
            )
            .into_bytes(),
            stream("", content),
        ];
        objects.extend_from_slice(extra);
        pdf(&objects, "")
    }

    fn read_ok(bytes: &[u8]) -> FixedLayout {
        match read(bytes, &Limits::for_one_file()) {
            Ok(layout) => layout,
            Err(error) => panic!("read failed: {error}"),
        }
    }

    fn text(page: &Page) -> String {
        page.glyphs.iter().map(|g| g.ch).collect()
    }

    fn close(a: f32, b: f64) -> bool {
        (f64::from(a) - b).abs() < 0.01
    }

    /// Helvetica with WinAnsi, widths 500 everywhere except H (700) and space (250).
    fn helvetica() -> Vec<u8> {
        let widths: Vec<String> = (32..=126)
            .map(|c| match c {
                32 => "250".to_string(),
                72 => "700".to_string(),
                _ => "500".to_string(),
            })
            .collect();
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding \
             /FirstChar 32 /LastChar 126 /Widths [{}] >>",
            widths.join(" ")
        )
        .into_bytes()
    }

    const SONG_UCS2: &[u8] =
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H \
        /DescendantFonts [6 0 R] >>";
    const SONG_CID: &[u8] = b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
        /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>";

    #[test]
    fn simple_font_positions_follow_spacing_and_widths() {
        let content = b"BT /F1 10 Tf 2 Tc 3 Tw 20 50 Td (Hi Hi) Tj ET";
        let layout = read_ok(&one_page(content, "", &[helvetica()]));
        let page = &layout.pages[0];
        assert_eq!((page.width, page.height), (200.0, 100.0));
        assert_eq!(text(page), "Hi Hi");
        let g = &page.glyphs;
        // Advance = w·size + Tc, and Tw on the space: H 7+2, i 5+2, space 2.5+2+3.
        assert!(
            close(g[0].x, 20.0)
                && close(g[1].x, 29.0)
                && close(g[2].x, 36.0)
                && close(g[3].x, 43.5)
        );
        assert!(g.iter().all(|g| close(g.y, 50.0) && close(g.size, 10.0)));
        assert!(close(g[0].width, 7.0) && close(g[1].width, 5.0));
    }

    #[test]
    fn tj_numbers_and_horizontal_scaling_move_the_pen() {
        let content = b"BT /F1 10 Tf 50 Tz 1 0 0 1 10 20 Tm [(H) -500 (i)] TJ 0 -10 TD (i) ' ET";
        let layout = read_ok(&one_page(content, "", &[helvetica()]));
        let g = &layout.pages[0].glyphs;
        assert_eq!(text(&layout.pages[0]), "Hii");
        // H: 7 · 0.5 = 3.5; the kern: 500/1000 · 10 · 0.5 = 2.5.
        assert!(close(g[1].x, 16.0));
        assert!(close(g[0].width, 3.5));
        // TD sets the leading that ' uses again: two lines down.
        assert!(close(g[2].x, 10.0) && close(g[2].y, 100.0));
    }

    #[test]
    fn ucs2_cmap_without_to_unicode_reads_codes_as_unicode() {
        let content = b"BT /F1 12 Tf 10 60 Td <4E2D65870041> Tj ET";
        let layout = read_ok(&one_page(
            content,
            "",
            &[SONG_UCS2.to_vec(), SONG_CID.to_vec()],
        ));
        let page = &layout.pages[0];
        assert_eq!(text(page), "中文A");
        let g = &page.glyphs;
        assert!(close(g[1].x, 22.0) && close(g[2].x, 34.0));
        // The CID of A is unknown: half the default width.
        assert!(close(g[2].width, 6.0));
    }

    #[test]
    fn gbk_cmap_reads_one_and_two_byte_codes() {
        let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H \
            /DescendantFonts [6 0 R] >>";
        // 通知 in GBK, then "A1", then the UCS-2 test's bytes read as GBK.
        let content = b"BT /F1 10 Tf 10 60 Td <CDA8D6AA4131> Tj ET";
        let layout = read_ok(&one_page(content, "", &[font.to_vec(), SONG_CID.to_vec()]));
        let page = &layout.pages[0];
        assert_eq!(text(page), "通知A1");
        let x: Vec<f32> = page.glyphs.iter().map(|g| g.x).collect();
        assert!(close(x[1], 20.0) && close(x[2], 30.0) && close(x[3], 35.0));
    }

    #[test]
    fn to_unicode_ranges_arrays_ligatures_and_surrogates() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            /CMapName /Test def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            % a comment\n3 beginbfchar <0001> <00660069> <0002> <D840DC00> <0003> <0000> endbfchar\n\
            2 beginbfrange <0010> <0012> <4E00> <0020> <0021> [<0041> <0042>] endbfrange\n\
            endcmap CMapName currentdict /CMap defineresource pop end end";
        let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H \
            /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>";
        let cid = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /W [1 [600] 16 18 1000] /DW 500 >>";
        let content = b"BT /F1 10 Tf 10 60 Td <0001000200030010001100200021> Tj ET";
        let layout = read_ok(&one_page(
            content,
            "",
            &[font.to_vec(), cid.to_vec(), stream("", cmap)],
        ));
        let page = &layout.pages[0];
        assert_eq!(text(page), "fi\u{20000}一丁AB");
        let g = &page.glyphs;
        // The ligature's two characters share its 6 pt advance.
        assert!(close(g[0].width, 3.0) && close(g[1].x, 13.0));
        // Code 3 maps to U+0000: no glyph, but its advance (DW) still counts.
        assert!(close(g[2].x, 16.0) && close(g[3].x, 26.0));
    }

    #[test]
    fn embedded_encoding_cmaps_give_code_lengths_and_cids() {
        let encoding = b"/CMapName /Custom def 2 begincodespacerange <00> <7F> <8000> <FFFF> \
            endcodespacerange 1 begincidrange <20> <7E> 1 endcidrange 1 begincidchar <8000> 200 \
            endcidchar";
        let to_unicode = b"1 begincodespacerange <00> <FF> endcodespacerange \
            2 beginbfchar <41> <0041> <8000> <4E2D> endbfchar";
        let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding 7 0 R \
            /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>";
        let cid = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /W [34 [400] 200 [900]] >>";
        let content = b"BT /F1 10 Tf 10 60 Td <418000> Tj ET";
        let extra = [
            font.to_vec(),
            cid.to_vec(),
            stream("", encoding),
            stream("", to_unicode),
        ];
        let layout = read_ok(&one_page(content, "", &extra));
        let g = &layout.pages[0].glyphs;
        assert_eq!(text(&layout.pages[0]), "A中");
        // A is CID 34 (0x41 - 0x20 + 1), 中 is CID 200.
        assert!(close(g[0].width, 4.0) && close(g[1].x, 14.0) && close(g[1].width, 9.0));
    }

    #[test]
    fn rotated_artifact_and_off_page_text_is_dropped_invisible_text_kept() {
        let content = b"BT /F1 10 Tf 10 80 Td (A) Tj ET \
            BT /F1 10 Tf 0.7 0.7 -0.7 0.7 100 50 Tm (B) Tj ET \
            /Artifact <</Type /Pagination>> BDC BT /F1 10 Tf 10 10 Td (C) Tj ET EMC \
            BT /F1 10 Tf 300 50 Td (D) Tj ET \
            BT /F1 10 Tf 3 Tr 10 40 Td (E) Tj ET \
            BT /F1 10 Tf 1 0 0.3 1 10 30 Tm (F) Tj ET";
        let layout = read_ok(&one_page(content, "", &[helvetica()]));
        // Fake italics (a skewed y axis) are still upright text.
        assert_eq!(text(&layout.pages[0]), "AEF");
    }

    #[test]
    fn artifacts_are_kept_when_a_page_has_nothing_else() {
        let content = b"/Artifact BMC BT /F1 10 Tf 10 10 Td (7) Tj ET EMC";
        let layout = read_ok(&one_page(content, "", &[helvetica()]));
        assert_eq!(text(&layout.pages[0]), "7");
    }

    #[test]
    fn text_drawn_twice_in_place_is_one_glyph() {
        let content = b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET BT /F1 10 Tf 10.5 50.5 Td (Hi) Tj ET";
        let layout = read_ok(&one_page(content, "", &[helvetica()]));
        assert_eq!(text(&layout.pages[0]), "Hi");
    }

    #[test]
    fn forms_apply_their_matrix_and_resources_and_cycles_stop() {
        let content = b"q 1 0 0 1 0 -10 cm /X1 Do Q BT /F1 10 Tf 10 10 Td (i) Tj ET";
        let page_extra = "/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>";
        let form = stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 200 100] /Matrix [1 0 0 1 30 0] \
             /Resources << /Font << /F2 5 0 R >> /XObject << /Me 6 0 R >> >>",
            b"BT /F2 10 Tf 10 50 Td (H) Tj ET /Me Do",
        );
        let mut bytes = one_page(content, "", &[helvetica(), form]);
        // Swap the page's resources for ones that name the form.
        let needle = b"/Resources << /Font << /F1 5 0 R >> >>";
        let at = bytes
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap_or(0);
        let mut patched = bytes[..at].to_vec();
        patched.extend_from_slice(page_extra.as_bytes());
        patched.extend_from_slice(&bytes[at + needle.len()..]);
        bytes = patched;
        let layout = read_ok(&bytes);
        let page = &layout.pages[0];
        assert_eq!(text(page), "Hi");
        let h = &page.glyphs[0];
        assert!(close(h.x, 40.0) && close(h.y, 60.0));
        assert!(close(page.glyphs[1].y, 90.0));
    }

    #[test]
    fn rotated_pages_give_display_coordinates() {
        // Text running up the page in user space reads left to right once the page is
        // turned clockwise for display.
        let content = b"BT /F1 10 Tf 0 1 -1 0 50 20 Tm (H) Tj ET BT /F1 10 Tf 50 50 Td (i) Tj ET";
        let layout = read_ok(&one_page(content, "/Rotate 90", &[helvetica()]));
        let page = &layout.pages[0];
        assert_eq!((page.width, page.height), (100.0, 200.0));
        assert_eq!(text(page), "H");
        assert!(close(page.glyphs[0].x, 20.0) && close(page.glyphs[0].y, 50.0));
    }

    #[test]
    fn page_order_and_inheritance_follow_the_page_tree() {
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 2 /Resources << /Font << /F1 8 0 R >> >> >>"
                .to_vec(),
            b"<< /Type /Pages /Parent 2 0 R /Kids [5 0 R 4 0 R] /Count 2 /MediaBox [0 0 300 400] \
              /CropBox [10 20 290 380] >>"
                .to_vec(),
            b"<< /Type /Page /Parent 3 0 R /Contents 6 0 R >>".to_vec(),
            b"<< /Type /Page /Parent 3 0 R /Contents 7 0 R /MediaBox [0 0 100 100] >>".to_vec(),
            stream("", b"BT /F1 10 Tf 20 30 Td (H) Tj ET"),
            stream("", b"BT /F1 10 Tf 20 30 Td (i) Tj ET"),
            helvetica(),
        ];
        let layout = read_ok(&pdf(&objects, ""));
        let pages = &layout.pages;
        assert_eq!(pages.len(), 2);
        assert_eq!(text(&pages[0]), "i");
        // The inherited CropBox is cut to the page's own MediaBox.
        assert_eq!((pages[0].width, pages[0].height), (90.0, 80.0));
        assert_eq!(text(&pages[1]), "H");
        assert_eq!((pages[1].width, pages[1].height), (280.0, 360.0));
        assert!(close(pages[1].glyphs[0].x, 10.0) && close(pages[1].glyphs[0].y, 350.0));
    }

    #[test]
    fn simple_font_differences_and_unmapped_spaces() {
        let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Custom \
            /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding \
            /Differences [32 /g3 65 /uni4E2D /u1F600 /quoteright /eacute.sc /f_i] >> >>";
        let content = b"BT /F1 10 Tf 10 50 Td (ABCDE F) Tj ET";
        let layout = read_ok(&one_page(content, "", &[font.to_vec()]));
        // The space code maps to an unknown name: no glyph for it; f_i is not a name known here.
        assert_eq!(text(&layout.pages[0]), "中\u{1F600}’éF");
    }

    #[test]
    fn vertical_fonts_stack_glyphs_downwards() {
        let font =
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-V \
            /DescendantFonts [6 0 R] >>";
        let content = b"BT /F1 10 Tf 100 90 Td <901A77E5> Tj ET";
        let layout = read_ok(&one_page(content, "", &[font.to_vec(), SONG_CID.to_vec()]));
        let g = &layout.pages[0].glyphs;
        assert_eq!(text(&layout.pages[0]), "通知");
        assert!(close(g[0].x, 95.0) && close(g[1].x, 95.0));
        assert!(close(g[1].y - g[0].y, 10.0));
    }

    #[test]
    fn properties_come_from_info_with_its_encodings() {
        let info = b"<< /Title <FEFF901A77E5> /Author (Acme\x92) /Subject <CDA8D6AA> \
            /CreationDate (D:20110325120000+08'00') >>";
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            info.to_vec(),
        ];
        let layout = read_ok(&pdf(&objects, "/Info 3 0 R"));
        assert!(layout.pages.is_empty());
        let p = layout.properties;
        assert_eq!(p.title.as_deref(), Some("通知"));
        assert_eq!(p.author.as_deref(), Some("Acme™"));
        assert_eq!(p.subject.as_deref(), Some("通知"));
        assert_eq!(p.created.as_deref(), Some("2011-03-25"));
    }

    #[test]
    fn properties_fall_back_to_xmp() {
        let xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description xmp:CreateDate=\"2024-05-06T10:00:00+08:00\">\
            <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">关于 A &amp; B</rdf:li></rdf:Alt></dc:title>\
            <dc:creator><rdf:Seq><rdf:li>办公室</rdf:li></rdf:Seq></dc:creator>\
            </rdf:Description></rdf:RDF></x:xmpmeta>";
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            stream("/Type /Metadata /Subtype /XML", xmp.as_bytes()),
        ];
        let p = read_ok(&pdf(&objects, "")).properties;
        assert_eq!(p.title.as_deref(), Some("关于 A & B"));
        assert_eq!(p.author.as_deref(), Some("办公室"));
        assert_eq!(p.subject, None);
        assert_eq!(p.created.as_deref(), Some("2024-05-06"));
    }

    #[test]
    fn dates_in_pdf_and_iso_forms() {
        assert_eq!(date("D:2011").as_deref(), Some("2011-01-01"));
        assert_eq!(date("D:201103").as_deref(), Some("2011-03-01"));
        assert_eq!(date("2011-3-5").as_deref(), Some("2011-03-05"));
        assert_eq!(date("D:20111325"), None);
        assert_eq!(date("yesterday"), None);
    }

    fn encrypted(user_password: &str) -> Vec<u8> {
        let plain = one_page(b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET", "", &[helvetica()]);
        let Ok(mut doc) = Document::load_mem(&plain) else {
            panic!("the test PDF does not load");
        };
        let version = lopdf::EncryptionVersion::V2 {
            document: &doc,
            owner_password: "owner",
            user_password,
            key_length: 128,
            permissions: lopdf::Permissions::all(),
        };
        let Ok(state) = lopdf::EncryptionState::try_from(version) else {
            panic!("no encryption state");
        };
        let mut out = Vec::new();
        assert!(doc.encrypt(&state).is_ok() && doc.save_to(&mut out).is_ok());
        out
    }

    #[test]
    fn owner_password_only_files_are_read_user_passwords_refused() {
        let layout = read_ok(&encrypted(""));
        assert_eq!(text(&layout.pages[0]), "Hi");
        assert_eq!(
            read(&encrypted("secret"), &Limits::for_one_file()),
            Err(ExtractError::Encrypted)
        );
    }

    #[test]
    fn broken_and_truncated_files_fail_cleanly() {
        assert!(matches!(
            read(b"not a pdf at all", &Limits::for_one_file()),
            Err(ExtractError::Corrupt(_))
        ));
        let whole = one_page(b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET", "", &[helvetica()]);
        for len in (0..whole.len()).step_by(5) {
            // Any outcome but a panic or a hang; once the content is in, pages are found.
            let _ = read(&whole[..len], &Limits::for_one_file());
        }
        let cut = whole
            .windows(4)
            .position(|w| w == b"xref")
            .unwrap_or(whole.len());
        let layout = read_ok(&whole[..cut]);
        assert_eq!(text(&layout.pages[0]), "Hi");
    }

    #[test]
    fn inflation_past_the_budget_is_too_large() {
        let mut content = Stream::new(
            Dictionary::new(),
            b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET\n".repeat(100),
        );
        assert!(content.compress().is_ok());
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
              /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_vec(),
            stream("/Filter /FlateDecode", &content.content),
            helvetica(),
        ];
        let bytes = pdf(&objects, "");
        assert_eq!(text(&read_ok(&bytes).pages[0]), "Hi");
        let tight = Limits::new(Duration::from_secs(10), 1000);
        assert!(matches!(
            read(&bytes, &tight),
            Err(ExtractError::TooLarge(_))
        ));
    }

    #[test]
    fn cmap_lexer_handles_odd_hex_and_dictionaries() {
        let cmap = CMap::parse(
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) >> def /WMode 1 def\n\
              1 begincodespacerange <00> <8 0> endcodespacerange 1 beginbfchar <4> <0041> endbfchar",
        );
        assert!(cmap.vertical);
        assert_eq!(cmap.codespace.len(), 1);
        let mut out = Vec::new();
        cmap.unicode(0x40, &mut out);
        assert_eq!(out, vec!['A']);
    }
}
