//! The OFD reader and the layout of its pages into paragraphs, on arbitrary bytes: an error
//! is fine, a panic, a hang or an allocation past the limits is not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_search::extract::{layout, ofd, Limits};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::new(std::time::Duration::from_secs(5), 64 * 1024 * 1024);
    if let Ok(read) = ofd::read(data, &limits) {
        layout::paragraphs(&read.pages);
    }
});
