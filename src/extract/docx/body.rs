//! The body.

use super::lists::{ListCounters, Numbering};
use super::pages::{PageCounter, PageMark};
use super::styles::Styles;
use super::symbols::symbol_char;
use super::xml::{
    attribute, local_name, number_attribute, on_off, resolve_reference, walk_children, xml_error,
    Visit,
};
use crate::extract::types::{Block, BlockKind, ExtractError, Limits, CELL_SEPARATOR};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// XML events read between two deadline checks (a paragraph is some ten to twenty).
pub(crate) const CHECK_EVERY: u32 = 4096;

pub(super) struct RawBlock {
    pub(super) text: String,
    pub(super) kind: BlockKind,
    pub(super) mark: Option<PageMark>,
}

#[derive(Default)]
pub(super) struct ParagraphProps {
    pub(super) style: Option<String>,
    pub(super) num_id: Option<u32>,
    pub(super) level: Option<u8>,
    pub(super) page_break_before: bool,
    /// `Some(starts_new_page)` when a section ends with this paragraph.
    pub(super) section_end: Option<bool>,
}

#[derive(Default)]
pub(super) struct Paragraph {
    pub(super) text: String,
    pub(super) props: ParagraphProps,
    pub(super) label: Option<String>,
    pub(super) labelled: bool,
    pub(super) mark: Option<PageMark>,
    /// Text boxes anchored in this paragraph, placed after it.
    pub(super) boxes: Vec<RawBlock>,
}

/// Containers open at the current point of the body.
pub(super) enum Container {
    Paragraph(Paragraph),
    Row {
        cells: Vec<String>,
        mark: Option<PageMark>,
    },
    Cell {
        paragraphs: Vec<String>,
        continuation: bool,
        mark: Option<PageMark>,
    },
    TextBox(Vec<RawBlock>),
}

/// Element kinds the body reader acts on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    Paragraph,
    ParagraphProps,
    Text,
    Tab,
    Break,
    CarriageReturn,
    NoBreakHyphen,
    Symbol,
    FieldChar,
    RenderedPageBreak,
    /// Passed over with all its content.
    Skip,
    Row,
    Cell,
    CellProps,
    TextBox,
    SectionProps,
    AlternateContent,
    Choice,
    Fallback,
    Other,
}

/// The prefixes the document binds to the namespaces it reads, so that `a:p` (DrawingML) is
/// not taken for `w:p`.
pub(super) struct Prefixes {
    pub(super) w: String,
    pub(super) mc: String,
    pub(super) m: String,
}

impl Prefixes {
    pub(super) fn of_document(xml: &str) -> Prefixes {
        let mut prefixes = Prefixes {
            w: "w".into(),
            mc: "mc".into(),
            m: "m".into(),
        };
        let mut reader = Reader::from_str(xml);
        // The declarations sit on the root element.
        while let Ok(event) = reader.read_event() {
            let (Event::Start(e) | Event::Empty(e)) = event else {
                if matches!(event, Event::Eof) {
                    break;
                }
                continue;
            };
            for a in e.attributes().with_checks(false).flatten() {
                let prefix = match a.key.0.strip_prefix("xmlns") {
                    Some("") => "",
                    Some(rest) => match rest.strip_prefix(':') {
                        Some(p) => p,
                        None => continue,
                    },
                    None => continue,
                };
                let slot = match &*a.value {
                    "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
                    | "http://purl.oclc.org/ooxml/wordprocessingml/main" => &mut prefixes.w,
                    "http://schemas.openxmlformats.org/markup-compatibility/2006" => {
                        &mut prefixes.mc
                    }
                    "http://schemas.openxmlformats.org/officeDocument/2006/math"
                    | "http://purl.oclc.org/ooxml/officeDocument/math" => &mut prefixes.m,
                    _ => continue,
                };
                *slot = prefix.to_string();
            }
            break;
        }
        prefixes
    }

    pub(super) fn tag(&self, qname: &str) -> Tag {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        if prefix == self.w {
            match local {
                "p" => Tag::Paragraph,
                "pPr" => Tag::ParagraphProps,
                "t" => Tag::Text,
                "tab" | "ptab" => Tag::Tab,
                "br" => Tag::Break,
                "cr" => Tag::CarriageReturn,
                "noBreakHyphen" => Tag::NoBreakHyphen,
                "sym" => Tag::Symbol,
                "fldChar" => Tag::FieldChar,
                "lastRenderedPageBreak" => Tag::RenderedPageBreak,
                "tr" => Tag::Row,
                "tc" => Tag::Cell,
                "tcPr" => Tag::CellProps,
                "txbxContent" => Tag::TextBox,
                "sectPr" => Tag::SectionProps,
                // Deleted and moved-away revisions, field codes, and properties (run
                // properties hold no text; table properties hold revision marks).
                "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" | "rPr" | "sdtPr"
                | "sdtEndPr" | "tblPr" | "tblGrid" | "trPr" | "tblPrEx" | "customXmlPr"
                | "smartTagPr" | "fldData" | "ffData" => Tag::Skip,
                // Ruby (phonetic guide) text, printed small above the base text.
                "rt" => Tag::Skip,
                _ => Tag::Other,
            }
        } else if prefix == self.mc {
            match local {
                "AlternateContent" => Tag::AlternateContent,
                "Choice" => Tag::Choice,
                "Fallback" => Tag::Fallback,
                _ => Tag::Other,
            }
        } else if prefix == self.m && local == "t" {
            Tag::Text
        } else {
            Tag::Other
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldPart {
    Code,
    Result,
}

pub(super) struct BodyReader<'s> {
    pub(super) prefixes: Prefixes,
    pub(super) styles: &'s Styles,
    pub(super) numbering: &'s Numbering,
    pub(super) counters: ListCounters,
    pub(super) pages: PageCounter,
    pub(super) containers: Vec<Container>,
    pub(super) out: Vec<RawBlock>,
    /// Complex fields open here, innermost last: text shows only in results.
    pub(super) fields: Vec<FieldPart>,
    /// Per open `mc:AlternateContent`: whether one of its choices was read.
    pub(super) alternates: Vec<bool>,
    pub(super) in_text: bool,
}

impl<'s> BodyReader<'s> {
    pub(super) fn new(xml: &str, styles: &'s Styles, numbering: &'s Numbering) -> Self {
        BodyReader {
            prefixes: Prefixes::of_document(xml),
            styles,
            numbering,
            counters: ListCounters::default(),
            pages: PageCounter::default(),
            containers: Vec::new(),
            out: Vec::new(),
            fields: Vec::new(),
            alternates: Vec::new(),
            in_text: false,
        }
    }

    pub(super) fn read(mut self, xml: &str, limits: &Limits) -> Result<Vec<Block>, ExtractError> {
        match self.walk(xml, limits) {
            Ok(()) => {}
            // Malformed XML after some content: keep what was read.
            Err(ExtractError::Corrupt(_)) if !self.out.is_empty() => {}
            Err(error) => return Err(error),
        }
        let offsets = self.pages.section_offsets();
        Ok(self
            .out
            .into_iter()
            .map(|raw| Block {
                page: match (&offsets, raw.mark) {
                    (Some(offsets), Some(mark)) => Some(
                        mark.page
                            .saturating_add(offsets.get(mark.section).copied().unwrap_or(0)),
                    ),
                    _ => None,
                },
                text: raw.text,
                kind: raw.kind,
            })
            .collect())
    }

    pub(super) fn walk(&mut self, xml: &str, limits: &Limits) -> Result<(), ExtractError> {
        let mut reader = Reader::from_str(xml);
        let mut events = 0u32;
        loop {
            events = events.wrapping_add(1);
            if events.is_multiple_of(CHECK_EVERY) {
                limits.check()?;
            }
            match reader.read_event().map_err(xml_error)? {
                Event::Start(e) => self.start(&mut reader, &e, true)?,
                Event::Empty(e) => self.start(&mut reader, &e, false)?,
                Event::End(e) => self.end(self.prefixes.tag(e.name().0)),
                Event::Text(t) if self.in_text => self.push_text(&t.xml10_content()),
                Event::CData(t) if self.in_text => self.push_text(&t.xml10_content()),
                Event::GeneralRef(r) if self.in_text => {
                    if let Some(c) = resolve_reference(&r) {
                        self.push_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    pub(super) fn start(
        &mut self,
        reader: &mut Reader<&[u8]>,
        e: &BytesStart,
        has_content: bool,
    ) -> Result<(), ExtractError> {
        match self.prefixes.tag(e.name().0) {
            Tag::Paragraph if has_content => self
                .containers
                .push(Container::Paragraph(Paragraph::default())),
            Tag::ParagraphProps if has_content => {
                let props = parse_paragraph_props(reader)?;
                if props.page_break_before {
                    self.pages.break_before_paragraph();
                }
                if let Some(Container::Paragraph(p)) = self.containers.last_mut() {
                    p.props = props;
                }
                self.ensure_label();
            }
            Tag::Text => self.in_text = has_content,
            Tag::Tab => self.push_text("\t"),
            // A line break reads as a space: the words on both sides stay apart for search.
            Tag::Break => {
                self.push_text(" ");
                if attribute(e, "type").as_deref() == Some("page") && !self.field_code() {
                    self.pages.explicit_break();
                }
            }
            Tag::CarriageReturn => self.push_text(" "),
            Tag::NoBreakHyphen => self.push_text("-"),
            Tag::Symbol => {
                let code = attribute(e, "char").unwrap_or_default();
                if let Some(c) = symbol_char(attribute(e, "font").as_deref(), &code) {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Tag::FieldChar => match attribute(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(FieldPart::Code),
                Some("separate") => {
                    if let Some(part) = self.fields.last_mut() {
                        *part = FieldPart::Result;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            Tag::RenderedPageBreak => self.pages.rendered_break(),
            Tag::Skip if has_content => skip(reader, e)?,
            Tag::Row if has_content => self.containers.push(Container::Row {
                cells: Vec::new(),
                mark: None,
            }),
            Tag::Cell if has_content => self.containers.push(Container::Cell {
                paragraphs: Vec::new(),
                continuation: false,
                mark: None,
            }),
            Tag::CellProps if has_content => {
                let merged = parse_cell_continuation(reader)?;
                if let Some(Container::Cell { continuation, .. }) = self.containers.last_mut() {
                    *continuation = merged;
                }
            }
            Tag::TextBox if has_content => self.containers.push(Container::TextBox(Vec::new())),
            Tag::SectionProps => {
                let new_page = if has_content {
                    parse_section_starts_new_page(reader)?
                } else {
                    true
                };
                self.pages.last_section(new_page);
            }
            Tag::AlternateContent if has_content => self.alternates.push(false),
            // Text boxes are stored twice; read the first choice (DrawingML), skip the rest.
            Tag::Choice if has_content => match self.alternates.last_mut() {
                Some(taken) if *taken => skip(reader, e)?,
                Some(taken) => *taken = true,
                None => {}
            },
            // The fallback (VML) is read only when no choice was.
            Tag::Fallback if has_content && self.alternates.last() == Some(&true) => {
                skip(reader, e)?
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn end(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.end_paragraph(),
            Tag::Text => self.in_text = false,
            Tag::Row => self.end_row(),
            Tag::Cell => self.end_cell(),
            Tag::TextBox => self.end_text_box(),
            Tag::AlternateContent => {
                self.alternates.pop();
            }
            _ => {}
        }
    }

    pub(super) fn field_code(&self) -> bool {
        self.fields.contains(&FieldPart::Code)
    }

    pub(super) fn push_text(&mut self, text: &str) {
        if self.field_code() {
            return;
        }
        let Some(Container::Paragraph(paragraph)) = self.containers.last_mut() else {
            return;
        };
        // The page of a block is where its first visible character is.
        if paragraph.mark.is_none() && !text.trim().is_empty() {
            paragraph.mark = Some(self.pages.mark());
        }
        paragraph.text.push_str(text);
    }

    /// Numbers the open paragraph once its properties are known.
    pub(super) fn ensure_label(&mut self) {
        let Some(Container::Paragraph(paragraph)) = self.containers.last_mut() else {
            return;
        };
        if paragraph.labelled {
            return;
        }
        paragraph.labelled = true;
        let props = &paragraph.props;
        let (style_num, style_level, style_source) =
            self.styles.numbering_of(props.style.as_deref());
        let Some(num_id) = props.num_id.or(style_num).filter(|&id| id != 0) else {
            return;
        };
        // Numbering from a style uses the level bound to that style, unless a level is given.
        let (level, style) = match props.level.or(style_level) {
            Some(level) => (Some(level), None),
            None if props.num_id.is_none() => (None, style_source),
            None => (Some(0), None),
        };
        paragraph.label = self
            .counters
            .label(self.numbering, self.styles, num_id, level, style);
    }

    pub(super) fn end_paragraph(&mut self) {
        self.ensure_label();
        if !matches!(self.containers.last(), Some(Container::Paragraph(_))) {
            return;
        }
        let Some(Container::Paragraph(paragraph)) = self.containers.pop() else {
            return;
        };
        if let Some(new_page) = paragraph.props.section_end {
            self.pages.end_section(new_page);
        }
        let mut blocks = Vec::with_capacity(1 + paragraph.boxes.len());
        if !paragraph.text.trim().is_empty() {
            let mut text = paragraph.label.unwrap_or_default();
            text.push_str(&paragraph.text);
            blocks.push(RawBlock {
                text,
                kind: BlockKind::Paragraph,
                mark: paragraph.mark,
            });
        }
        blocks.extend(paragraph.boxes);
        self.deliver(blocks);
    }

    pub(super) fn end_cell(&mut self) {
        if !matches!(self.containers.last(), Some(Container::Cell { .. })) {
            return;
        }
        let Some(Container::Cell {
            paragraphs,
            continuation,
            mark: cell_mark,
        }) = self.containers.pop()
        else {
            return;
        };
        // A vertically merged cell continues the one above: its text is printed there.
        let text = if continuation {
            String::new()
        } else {
            paragraphs.join(" ")
        };
        if let Some(Container::Row { cells, mark }) = self.containers.last_mut() {
            cells.push(text);
            *mark = mark.or(cell_mark);
        }
    }

    pub(super) fn end_row(&mut self) {
        if !matches!(self.containers.last(), Some(Container::Row { .. })) {
            return;
        }
        let Some(Container::Row { cells, mark }) = self.containers.pop() else {
            return;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        // A table nested in a cell is flattened into that cell's text.
        let nested = self
            .containers
            .iter()
            .rev()
            .find_map(|f| match f {
                Container::Cell { .. } => Some(true),
                Container::TextBox(_) => Some(false),
                _ => None,
            })
            .unwrap_or(false);
        let text = cells.join(if nested { " " } else { CELL_SEPARATOR });
        self.deliver(vec![RawBlock {
            text,
            kind: BlockKind::TableRow,
            mark,
        }]);
    }

    pub(super) fn end_text_box(&mut self) {
        if !matches!(self.containers.last(), Some(Container::TextBox(_))) {
            return;
        }
        let Some(Container::TextBox(blocks)) = self.containers.pop() else {
            return;
        };
        // Placed after the paragraph that anchors the box.
        let anchor = self.containers.iter_mut().rev().find_map(|f| match f {
            Container::Paragraph(p) => Some(p),
            _ => None,
        });
        match anchor {
            Some(paragraph) => paragraph.boxes.extend(blocks),
            None => self.deliver(blocks),
        }
    }

    /// Hands finished blocks to the innermost container that collects them: a table cell
    /// (as text), a text box, or the body.
    pub(super) fn deliver(&mut self, blocks: Vec<RawBlock>) {
        for frame in self.containers.iter_mut().rev() {
            match frame {
                Container::Cell {
                    paragraphs, mark, ..
                } => {
                    for block in blocks {
                        *mark = mark.or(block.mark);
                        paragraphs.push(block.text);
                    }
                    return;
                }
                Container::TextBox(collected) => {
                    collected.extend(blocks);
                    return;
                }
                Container::Paragraph(_) | Container::Row { .. } => {}
            }
        }
        self.out.extend(blocks);
    }
}

pub(super) fn skip(reader: &mut Reader<&[u8]>, e: &BytesStart) -> Result<(), ExtractError> {
    reader.read_to_end(e.name()).map(|_| ()).map_err(xml_error)
}

pub(super) fn parse_paragraph_props(
    reader: &mut Reader<&[u8]>,
) -> Result<ParagraphProps, ExtractError> {
    let mut props = ParagraphProps::default();
    // Revision records hold properties as they were; the paragraph mark's run properties
    // hold no numbering.
    let skip = ["pPrChange", "rPr", "numberingChange"];
    walk_children(reader, &skip, |reader, e, has_content| {
        match local_name(e.name().0) {
            "pStyle" => props.style = attribute(e, "val"),
            "numId" => props.num_id = number_attribute(e, "val"),
            "ilvl" => props.level = number_attribute(e, "val"),
            "pageBreakBefore" => props.page_break_before = on_off(e),
            "sectPr" if has_content => {
                props.section_end = Some(parse_section_starts_new_page(reader)?);
                return Ok(Visit::Consumed);
            }
            "sectPr" => props.section_end = Some(true),
            _ => {}
        }
        Ok(Visit::Descend)
    })?;
    Ok(props)
}

/// Reads a `w:sectPr` to its end: does the section start on a new page? (Only `continuous`
/// and `nextColumn` do not; no `w:type` means `nextPage`.)
pub(super) fn parse_section_starts_new_page(
    reader: &mut Reader<&[u8]>,
) -> Result<bool, ExtractError> {
    let mut new_page = true;
    walk_children(reader, &["sectPrChange"], |_, e, _| {
        if local_name(e.name().0) == "type" {
            new_page = !matches!(
                attribute(e, "val").as_deref(),
                Some("continuous" | "nextColumn")
            );
        }
        Ok(Visit::Descend)
    })?;
    Ok(new_page)
}

/// Reads a `w:tcPr` to its end: is the cell a continuation of a vertical merge?
pub(super) fn parse_cell_continuation(reader: &mut Reader<&[u8]>) -> Result<bool, ExtractError> {
    let mut continuation = false;
    walk_children(reader, &["tcPrChange"], |_, e, _| {
        if local_name(e.name().0) == "vMerge" {
            continuation = attribute(e, "val").as_deref() != Some("restart");
        }
        Ok(Visit::Descend)
    })?;
    Ok(continuation)
}
