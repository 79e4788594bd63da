//! Page tree.

use super::objects::{get, get_dict, get_rect, number, resolve};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Deepest page tree or form XObject nesting followed; real files stay far below.
pub(super) const MAX_NESTING: usize = 32;
/// Content operators interpreted per page, forms included, before the rest is skipped.
pub(super) const MAX_OPERATIONS_PER_PAGE: usize = 5_000_000;

/// A page with what it inherits from its ancestors in the page tree.
pub(super) struct PageSpec<'a> {
    pub(super) resources: Option<&'a Dictionary>,
    pub(super) contents: Option<&'a Object>,
    /// The visible area: CropBox within MediaBox, as [llx, lly, urx, ury].
    pub(super) bounds: [f64; 4],
    /// Clockwise display rotation in degrees: 0, 90, 180 or 270.
    pub(super) rotate: i64,
}

#[derive(Clone, Copy, Default)]
pub(super) struct Inherited<'a> {
    pub(super) resources: Option<&'a Dictionary>,
    pub(super) media_box: Option<[f64; 4]>,
    pub(super) crop_box: Option<[f64; 4]>,
    pub(super) rotate: Option<i64>,
}

pub(super) fn page_specs(doc: &Document) -> Vec<PageSpec<'_>> {
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

pub(super) fn walk_page_tree<'a>(
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

pub(super) fn page_spec<'a>(
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

pub(super) fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let r = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}
