//! The streams of the compound file, read under the file's budget of decoded bytes; the
//! readers of the other streams' structures share its error constructor.

use std::io::{Cursor, Read};

use crate::extract::types::ExtractError;

pub(crate) fn corrupt(reason: impl Into<String>) -> ExtractError {
    ExtractError::Corrupt(reason.into())
}

/// What is left of `Limits::max_inflated_bytes` for this file.
pub(crate) struct Budget(pub(crate) u64);

impl Budget {
    pub(crate) fn spend(&mut self, bytes: u64) -> Result<(), ExtractError> {
        self.0 = self.0.checked_sub(bytes).ok_or_else(|| {
            ExtractError::TooLarge(format!(
                "more than the limit of decoded data ({bytes} bytes)"
            ))
        })?;
        Ok(())
    }
}

pub(crate) fn read_stream(
    container: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    path: &str,
    budget: &mut Budget,
) -> Result<Vec<u8>, ExtractError> {
    let stream = container
        .open_stream(path)
        .map_err(|e| corrupt(format!("{path}: {e}")))?;
    let len = stream.len();
    budget.spend(len)?;
    let mut data = Vec::new();
    stream
        .take(len)
        .read_to_end(&mut data)
        .map_err(|e| corrupt(format!("{path}: {e}")))?;
    Ok(data)
}
