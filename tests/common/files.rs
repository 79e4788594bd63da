//! Files for the test crates that build corpora (tests/integration, tests/browser): included by
//! each with `#[path]`, as test crates share no module otherwise.

use std::path::Path;

/// Copies every file under `from` into `to`, keeping the relative paths.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
