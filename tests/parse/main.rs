//! The parser on pages of scraped government sites.
//!
//! Tier 1 (every `cargo test`): the reference document shipped in `corpus/` and the synthetic
//! pages of `tests/fixtures/corpus` (scraped reports with their page chrome, an HTML notice, a
//! notice in traditional characters), plus small pages written here (国务院 notices with
//! metadata tables, signatures, 附件, 第一章/第一条).
//! Tier 2 (`cargo test -- --ignored`): the same checks and more on the 25 scraped provincial
//! reports of `../shared/corpus` beside the project (read in place, never copied).
//!
//! One test binary; modules by what they check.

mod support;

mod chrome;
mod corpus;
mod fixtures;
mod kinds;
mod metadata;
mod pages;
mod sections;
mod text;
