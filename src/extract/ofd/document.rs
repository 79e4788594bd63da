//! Document structure.

use super::bounds::corrupt;
use super::package_xml::{Element, Package};
use super::page::{parse_numbers, Walker, Work};
use super::units::{load_units, UnitScope, Units};
use crate::extract::geometry::Matrix;
use crate::extract::package::parent_dir;
use crate::extract::types::{ExtractError, Page, Properties};
use std::collections::HashMap;

/// OFD lengths are millimetres; glyphs are given in points.
pub(crate) const MM_TO_PT: f64 = 72.0 / 25.4;
/// A4, the page box when the file gives none.
pub(crate) const DEFAULT_PAGE_BOX: PageBox = PageBox {
    x: 0.0,
    y: 0.0,
    width: 210.0,
    height: 297.0,
};

/// Reads the document at `doc_root` (a path from the package root) and appends its pages to
/// `pages`. Returns how many pages Document.xml lists.
pub(super) fn read_document(
    package: &mut Package,
    doc_root: &str,
    work: &mut Work,
    pages: &mut Vec<Page>,
) -> Result<usize, ExtractError> {
    let (doc_path, document) = package
        .read_xml("", doc_root)?
        .ok_or_else(|| corrupt(format!("no document part {doc_root}")))?;
    let doc_dir = parent_dir(&doc_path).to_owned();
    let common = document.child("CommonData");
    let default_box = common
        .and_then(|c| c.child("PageArea"))
        .and_then(PageBox::from_area)
        .unwrap_or(DEFAULT_PAGE_BOX);

    let mut document_units = Units::new();
    let mut templates: HashMap<String, Template> = HashMap::new();
    if let Some(common) = common {
        for res in common.elements() {
            if res.name == "PublicRes" || res.name == "DocumentRes" {
                load_units(package, &doc_dir, &res.text(), &mut document_units)?;
            }
        }
        for template in common.children_named("TemplatePage") {
            let (Some(id), Some(location)) = (template.attr("ID"), template.attr("BaseLoc")) else {
                continue;
            };
            templates.entry(id.trim().to_owned()).or_insert(Template {
                location: location.to_owned(),
                background: template.attr("ZOrder").is_none_or(is_background),
                part: None,
            });
        }
    }

    let page_refs: Vec<&Element> = document
        .child("Pages")
        .map(|p| p.children_named("Page").collect())
        .unwrap_or_default();
    for page_ref in &page_refs {
        package.limits.check()?;
        let Some(location) = page_ref.attr("BaseLoc") else {
            continue;
        };
        let Some(part) = PagePart::load(package, &doc_dir, location)? else {
            continue;
        };
        let page_box = part
            .root
            .child("Area")
            .and_then(PageBox::from_area)
            .unwrap_or(default_box);

        // Templates carry running headers and page numbers: drawn under (Background) or over
        // (Foreground) the page's own content. A page's ZOrder overrides the template's.
        let mut used: Vec<(String, bool)> = Vec::new();
        for reference in part.root.children_named("Template") {
            let Some(id) = reference.attr("TemplateID").map(str::trim) else {
                continue;
            };
            let Some(template) = templates.get_mut(id) else {
                continue;
            };
            if template.part.is_none() {
                template.part = Some(PagePart::load(package, &doc_dir, &template.location)?);
            }
            let in_background = reference
                .attr("ZOrder")
                .map_or(template.background, is_background);
            used.push((id.to_owned(), in_background));
        }
        let template_part = |(id, _): &(String, bool)| {
            templates
                .get(id)
                .and_then(|template| template.part.as_ref())
                .and_then(Option::as_ref)
        };
        let mut drawn: Vec<&PagePart> = used
            .iter()
            .filter(|(_, background)| *background)
            .filter_map(template_part)
            .collect();
        drawn.push(&part);
        drawn.extend(
            used.iter()
                .filter(|(_, background)| !*background)
                .filter_map(template_part),
        );

        // Glyphs are placed through one matrix: OFD page millimetres to points from the top-left
        // corner of the page box.
        let to_points = Matrix::translate(-page_box.x, -page_box.y).then(Matrix::scale(MM_TO_PT));
        let mut walker = Walker {
            limits: package.limits,
            work,
            glyphs: Vec::new(),
        };
        for drawn in drawn {
            if let Some(content) = drawn.root.child("Content") {
                let units = UnitScope {
                    part: &drawn.units,
                    document: &document_units,
                };
                walker.walk_block(content, to_points, &units, 0)?;
            }
        }
        pages.push(Page {
            width: (page_box.width * MM_TO_PT) as f32,
            height: (page_box.height * MM_TO_PT) as f32,
            glyphs: walker.glyphs,
        });
    }
    Ok(page_refs.len())
}

/// A template page of CommonData, read when a page first uses it.
pub(super) struct Template {
    pub(super) location: String,
    pub(super) background: bool,
    /// `Some(None)` once reading it failed: a broken template is not read twice.
    pub(super) part: Option<Option<PagePart>>,
}

/// A template's ZOrder is Background unless it says Foreground.
pub(super) fn is_background(z_order: &str) -> bool {
    !z_order.trim().eq_ignore_ascii_case("Foreground")
}

/// A page or template part, with the composite units of its own PageRes.
pub(super) struct PagePart {
    pub(super) root: Element,
    pub(super) units: Units,
}

impl PagePart {
    /// Reads the part at `location`; `None` when it is missing or broken.
    pub(super) fn load(
        package: &mut Package,
        base_dir: &str,
        location: &str,
    ) -> Result<Option<PagePart>, ExtractError> {
        let (path, root) = match package.read_xml(base_dir, location) {
            Ok(Some(found)) => found,
            Ok(None) | Err(ExtractError::Corrupt(_)) => return Ok(None),
            Err(fatal) => return Err(fatal),
        };
        let dir = parent_dir(&path).to_owned();
        let mut units = Units::new();
        for res in root.children_named("PageRes") {
            load_units(package, &dir, &res.text(), &mut units)?;
        }
        Ok(Some(PagePart { root, units }))
    }
}

/// A page's PhysicalBox in millimetres.
#[derive(Debug, Clone, Copy)]
pub(super) struct PageBox {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) width: f64,
    pub(super) height: f64,
}

impl PageBox {
    /// The PhysicalBox of a PageArea or Area element.
    pub(super) fn from_area(area: &Element) -> Option<PageBox> {
        let numbers = parse_numbers(&area.child("PhysicalBox")?.text());
        match numbers[..] {
            [x, y, width, height] if width > 0.0 && height > 0.0 => Some(PageBox {
                x,
                y,
                width,
                height,
            }),
            _ => None,
        }
    }
}

pub(super) fn read_properties(info: &Element) -> Properties {
    let field = |name: &str| {
        let text: String = info
            .child(name)?
            .text()
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    };
    Properties {
        title: field("Title"),
        author: field("Author"),
        subject: field("Subject"),
        created: field("CreationDate").and_then(|date| normalize_date(&date)),
    }
}

/// "2023-7-12", "2020-06-15T07:29:24+08:00", "2020年6月15日" or "20200615" → "YYYY-MM-DD".
pub(super) fn normalize_date(date: &str) -> Option<String> {
    let mut parts = date
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty());
    let first = parts.next()?;
    let (year, month, day) = if first.len() == 8 {
        (first.get(..4)?, first.get(4..6)?, first.get(6..)?)
    } else {
        (first, parts.next()?, parts.next()?)
    };
    let year: u32 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    let valid =
        (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}
