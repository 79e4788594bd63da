//! Content stream interpretation.

use super::cmap::{CMap, Lexer, Token};
use super::encoding::{contains, glyph_name_char, standard_font_widths, BaseEncoding};
use super::fonts::{
    apply_predefined_cmap, cid_widths, glyph_chars, CidSource, Fallback, Font, ONE_BYTE, TWO_BYTES,
};
use super::objects::{get, get_dict, matrix_operands, number, resolve};
use super::page_tree::{PageSpec, MAX_NESTING, MAX_OPERATIONS_PER_PAGE};
use crate::extract::geometry::Matrix;
use crate::extract::types::{ExtractError, Glyph, Limits, Page};
use lopdf::content::{Content, Operation};
use lopdf::{DecompressError, Dictionary, Document, Object, ObjectId, Stream};
use std::collections::HashMap;
use std::rc::Rc;

/// Maps user space to the page as displayed: origin top-left, y down, rotation applied.
pub(super) fn display_matrix(bounds: [f64; 4], rotate: i64) -> Matrix {
    let [llx, lly, urx, ury] = bounds;
    match rotate {
        90 => [0.0, 1.0, 1.0, 0.0, -lly, -llx],
        180 => [-1.0, 0.0, 0.0, 1.0, urx, -lly],
        270 => [0.0, -1.0, -1.0, 0.0, ury, urx],
        _ => [1.0, 0.0, 0.0, -1.0, -llx, ury],
    }
    .into()
}

#[derive(Clone)]
pub(super) struct GraphicsState {
    pub(super) ctm: Matrix,
    pub(super) font: Option<Rc<Font>>,
    pub(super) font_size: f64,
    pub(super) char_spacing: f64,
    pub(super) word_spacing: f64,
    /// Horizontal scaling as a factor (Tz / 100).
    pub(super) h_scale: f64,
    pub(super) leading: f64,
    pub(super) rise: f64,
}

/// What one page's interpretation accumulates.
pub(super) struct Canvas {
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) gs: GraphicsState,
    pub(super) saved: Vec<GraphicsState>,
    pub(super) tm: Matrix,
    pub(super) tlm: Matrix,
    /// One flag per open marked-content sequence: whether it is an /Artifact.
    pub(super) marked: Vec<bool>,
    pub(super) artifact_depth: usize,
    pub(super) glyphs: Vec<Glyph>,
    /// Glyphs of page furniture, used only if the page has no other text.
    pub(super) artifacts: Vec<Glyph>,
    pub(super) operations: usize,
    pub(super) chars: Vec<char>,
    pub(super) drawn: DrawnGlyphs,
}

/// Positions (x, y, size) of the glyphs emitted so far, by character and artifact flag.
pub(super) type DrawnGlyphs = HashMap<(char, bool), Vec<(f64, f64, f64)>>;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum FontKey {
    Object(ObjectId),
    /// A font dictionary written inline in a resource dictionary, by its address in the
    /// (immutable) document.
    Inline(usize),
}

pub(super) struct Interpreter<'a> {
    pub(super) doc: &'a Document,
    pub(super) limits: &'a Limits,
    pub(super) inflated: u64,
    pub(super) fonts: HashMap<FontKey, Option<Rc<Font>>>,
    pub(super) forms: HashMap<ObjectId, Rc<Vec<Operation>>>,
    /// Fonts named by a page's resources whose object is not in the file (a file cut short
    /// loses them): text set in them is not read, so what the page gives is not its text.
    pub(super) lost_fonts: usize,
}

impl<'a> Interpreter<'a> {
    pub(super) fn new(doc: &'a Document, limits: &'a Limits) -> Self {
        Interpreter {
            doc,
            limits,
            inflated: 0,
            fonts: HashMap::new(),
            forms: HashMap::new(),
            lost_fonts: 0,
        }
    }

    /// Decodes a stream's filters, counting the output against the document's inflation
    /// budget. A stream that does not decode gives `None`.
    pub(super) fn inflate(&mut self, stream: &Stream) -> Result<Option<Vec<u8>>, ExtractError> {
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

    pub(super) fn page(&mut self, spec: &PageSpec<'a>) -> Result<Page, ExtractError> {
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
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
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
    pub(super) fn page_content(
        &mut self,
        contents: Option<&'a Object>,
    ) -> Result<Vec<u8>, ExtractError> {
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

    pub(super) fn run(
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
                        canvas.gs.ctm = m.then(canvas.gs.ctm);
                    }
                }
                "BT" => {
                    canvas.tm = Matrix::IDENTITY;
                    canvas.tlm = Matrix::IDENTITY;
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
                        canvas.tlm = Matrix::translate(tx, ty).then(canvas.tlm);
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
    pub(super) fn form(
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
            .unwrap_or(Matrix::IDENTITY);

        let saved_gs = canvas.gs.clone();
        let saved_depth = canvas.saved.len();
        let marked_depth = canvas.marked.len();
        canvas.gs.ctm = matrix.then(canvas.gs.ctm);
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

    pub(super) fn font(
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
                Err(_) => {
                    self.lost_fonts += 1;
                    return Ok(None);
                }
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

pub(super) fn end_marked_content(canvas: &mut Canvas) {
    if canvas.marked.pop() == Some(true) {
        canvas.artifact_depth -= 1;
    }
}

pub(super) fn next_line(canvas: &mut Canvas) {
    canvas.tlm = Matrix::translate(0.0, -canvas.gs.leading).then(canvas.tlm);
    canvas.tm = canvas.tlm;
}

/// A number in a TJ array: moves the pen back by n/1000 of the font size.
pub(super) fn kern(canvas: &mut Canvas, n: f64) {
    let gs = &canvas.gs;
    let shift = -n / 1000.0 * gs.font_size;
    let vertical = gs.font.as_ref().is_some_and(|f| f.vertical.is_some());
    canvas.tm = if vertical {
        Matrix::translate(0.0, shift).then(canvas.tm)
    } else {
        Matrix::translate(shift * gs.h_scale, 0.0).then(canvas.tm)
    };
}

pub(super) fn show_text(canvas: &mut Canvas, bytes: &[u8]) {
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
        let trm = Matrix::from([
            gs.font_size * gs.h_scale,
            0.0,
            0.0,
            gs.font_size,
            0.0,
            gs.rise,
        ])
        .then(canvas.tm.then(gs.ctm));
        if !chars.is_empty() {
            emit(canvas, &trm, width, font.vertical.is_some(), &chars);
        }
        let gs = &canvas.gs;
        canvas.tm = match font.vertical {
            Some(advance) => {
                Matrix::translate(0.0, -(advance * gs.font_size + spacing)).then(canvas.tm)
            }
            None => Matrix::translate((width * gs.font_size + spacing) * gs.h_scale, 0.0)
                .then(canvas.tm),
        };
    }
    canvas.chars = chars;
}

/// Places one code's characters, given the text rendering matrix at its origin and its width
/// in em; glyphs that are rotated or off the page are dropped.
pub(super) fn emit(canvas: &mut Canvas, trm: &Matrix, width: f64, vertical: bool, chars: &[char]) {
    let Matrix {
        a,
        b,
        c,
        d,
        e: mut x,
        f: mut y,
    } = *trm;
    // Display space has y down: an upright glyph's baseline runs along +x, its up along -y.
    if !trm.is_level() || d >= 0.0 {
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

/// Loading the fonts a page selects (`Tf`): font dictionaries, their encodings, CMaps and
/// embedded programs, read with the interpreter's inflate budget.
impl Interpreter<'_> {
    pub(crate) fn load_font(&mut self, dict: &Dictionary) -> Result<Option<Font>, ExtractError> {
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

    pub(crate) fn load_composite_font(
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
    pub(crate) fn embedded_font_chars(
        &mut self,
        descendant: &Dictionary,
    ) -> Result<Fallback, ExtractError> {
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

    pub(crate) fn load_simple_font(
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
    pub(crate) fn builtin_encoding(
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
