//! Little-endian fields at offsets in a stream, `None` where the stream is too short: every
//! structure of a Word file is read through these, so a truncated file is never a panic.

/// An (fc, lcb) pair of the FIB: where a structure lies in the table stream and its size.
pub(crate) type Extent = (u32, u32);

pub(crate) fn u16_at(data: &[u8], offset: usize) -> Option<u16> {
    let bytes = data.get(offset..offset.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

pub(crate) fn u32_at(data: &[u8], offset: usize) -> Option<u32> {
    let bytes = data.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

pub(crate) fn i32_at(data: &[u8], offset: usize) -> Option<i32> {
    u32_at(data, offset).map(|v| v as i32)
}

/// `len` bytes at `offset`, if all of them are there.
pub(crate) fn slice_at(data: &[u8], offset: u32, len: u32) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    data.get(start..start.checked_add(usize::try_from(len).ok()?)?)
}
