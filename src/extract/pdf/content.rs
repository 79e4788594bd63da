//! Content stream interpretation.

use super::*;

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
