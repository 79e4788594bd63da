//! Text and HTML pages: format detection, decoding and parsing, on arbitrary bytes. The first
//! byte picks the file name's ending (which tells text from HTML and Markdown); files that
//! detect as PDF, OFD or Word are left to their own targets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_search::extract::{self, Format};
use policy_search::ingest;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let extension = ["txt", "html", "md", "bin"][pick as usize % 4];
    match extract::detect(bytes, extension) {
        Some(Format::Text | Format::Html | Format::Markdown) => {
            let _ = ingest::read(&format!("page.{extension}"), bytes);
        }
        _ => {}
    }
});
