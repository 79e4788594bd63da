//! Object helpers.

use crate::extract::geometry::Matrix;
use lopdf::{Dictionary, Document, Object};

pub(super) fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, object)| object)
}

pub(super) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| resolve(doc, o))
}

pub(super) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    get(doc, dict, key).and_then(|o| o.as_dict().ok())
}

/// A rectangle, normalised to [llx, lly, urx, ury]; degenerate ones are refused.
pub(super) fn get_rect(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<[f64; 4]> {
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

pub(super) fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

pub(super) fn matrix_operands(operands: &[Object]) -> Option<Matrix> {
    let values: Vec<f64> = operands.iter().map(number).collect::<Option<_>>()?;
    <[f64; 6]>::try_from(values).ok().map(Matrix::from)
}
