//! Word's automatic list numbers, for both Word readers: DOCX and DOC describe lists in formats
//! of their own, but once a reader has found a paragraph's list and level, printing its number
//! is the same arithmetic, kept here so that a list prints the same from either file.
//!
//! [`format`] prints one number in one of Word's number formats; [`counters`] keeps the numbers
//! Word advances through a document and renders a level's number text from them.

pub(crate) mod counters;
pub(crate) mod format;
