//! CompositeGraphicUnits: drawings a page places by reference, looked up in the page's own
//! resources first and then the document's; apart from the document walk so that the page
//! walker can resolve references without knowing how documents are read.

use super::package_xml::{Element, Package};
use crate::extract::types::ExtractError;
use std::collections::HashMap;

/// CompositeGraphicUnits by ID.
pub(crate) type Units = HashMap<String, Element>;

/// The units a part can reference: its own PageRes first, then the document's resources.
pub(crate) struct UnitScope<'a> {
    pub(crate) part: &'a Units,
    pub(crate) document: &'a Units,
}

impl UnitScope<'_> {
    pub(crate) fn get(&self, id: &str) -> Option<&Element> {
        self.part.get(id).or_else(|| self.document.get(id))
    }
}

/// Moves the CompositeGraphicUnits of the resource part at `location` into `units`. A missing
/// or broken resource part only loses the text drawn from it.
pub(crate) fn load_units(
    package: &mut Package,
    base_dir: &str,
    location: &str,
    units: &mut Units,
) -> Result<(), ExtractError> {
    let res = match package.read_xml(base_dir, location) {
        Ok(Some((_, res))) => res,
        Ok(None) | Err(ExtractError::Corrupt(_)) => return Ok(()),
        Err(fatal) => return Err(fatal),
    };
    for group in res.into_elements() {
        if group.name != "CompositeGraphicUnits" {
            continue;
        }
        for unit in group.into_elements() {
            if unit.name != "CompositeGraphicUnit" {
                continue;
            }
            if let Some(id) = unit.attr("ID").map(|id| id.trim().to_owned()) {
                units.entry(id).or_insert(unit);
            }
        }
    }
    Ok(())
}
