//! ZIP packages, as DOCX (OPC) and OFD use them: parts found by the names other parts give
//! them, and read whole under the file's inflation budget.
//!
//! Producers are loose about part names: backslashes for slashes, a leading slash or none,
//! `.` and `..` segments, letter case that differs between the ZIP directory and the
//! references to it. So every name, in the directory and in a lookup, is reduced to the same
//! form ([`part_name`]), and a lookup that finds no exact match tries again ignoring case.
//!
//! Reading is where a ZIP bomb would go off: what all parts inflate to together is bounded by
//! [`Limits::max_inflated_bytes`], counted even for parts that fail, so damaged parts cannot
//! each spend the budget afresh. What an error says is up to each reader.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use super::types::Limits;

/// A ZIP archive with its entries by part name and what reading them has inflated so far.
pub(super) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Entry index by part name, and by lower-cased part name; the first entry of a name wins.
    by_name: HashMap<String, usize>,
    by_folded_name: HashMap<String, usize>,
    inflated: u64,
    max_inflated: u64,
}

/// Why a part could not be read.
pub(super) enum PartError {
    Zip(ZipError),
    /// The part inflates past `allowance` bytes: what the package had left, or the caller's
    /// cap on one part when that was lower.
    TooLarge {
        allowance: u64,
    },
    /// Inflating failed part-way (bad data, wrong checksum).
    Damaged(std::io::Error),
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8], limits: &Limits) -> Result<Package<'a>, ZipError> {
        let zip = ZipArchive::new(Cursor::new(bytes))?;
        let mut by_name = HashMap::new();
        let mut by_folded_name = HashMap::new();
        // Raw names, read as UTF-8 whatever the ZIP flags say: Chinese producers write UTF-8
        // names without setting the flag.
        for (index, raw) in zip.file_names_raw().enumerate() {
            let name = part_name(&String::from_utf8_lossy(raw));
            by_folded_name.entry(name.to_lowercase()).or_insert(index);
            by_name.entry(name).or_insert(index);
        }
        Ok(Package {
            zip,
            by_name,
            by_folded_name,
            inflated: 0,
            max_inflated: limits.max_inflated_bytes,
        })
    }

    /// The entry of part `name`: the one so named, else one whose name differs only in case.
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        let name = part_name(name);
        self.by_name
            .get(&name)
            .or_else(|| self.by_folded_name.get(&name.to_lowercase()))
            .copied()
    }

    /// Every part name, lower-cased.
    pub(super) fn folded_names(&self) -> impl Iterator<Item = &str> {
        self.by_folded_name.keys().map(String::as_str)
    }

    /// Inflates entry `index` whole: at most what is left of the package's budget, and at most
    /// `part_cap` bytes.
    pub(super) fn read(&mut self, index: usize, part_cap: u64) -> Result<Vec<u8>, PartError> {
        let allowance = self
            .max_inflated
            .saturating_sub(self.inflated)
            .min(part_cap);
        let entry = self.zip.by_index(index).map_err(PartError::Zip)?;
        // The declared size makes an honest bomb fail before anything is inflated; `take`
        // bounds a dishonest one.
        if entry.size() > allowance {
            return Err(PartError::TooLarge { allowance });
        }
        let capacity = usize::try_from(entry.size().min(1 << 24)).unwrap_or(0);
        let mut data = Vec::with_capacity(capacity);
        // One byte past the allowance tells a part that is too large from one that fits.
        let outcome = entry
            .take(allowance.saturating_add(1))
            .read_to_end(&mut data);
        let read = u64::try_from(data.len()).unwrap_or(u64::MAX);
        self.inflated = self.inflated.saturating_add(read);
        if read > allowance {
            return Err(PartError::TooLarge { allowance });
        }
        outcome.map_err(PartError::Damaged)?;
        Ok(data)
    }
}

/// The form part names are compared in: forward slashes, `.` and `..` resolved, no empty
/// segments (so no leading slash).
pub(super) fn part_name(name: &str) -> String {
    normalize_path(&name.replace('\\', "/"))
}

/// Resolves "." and ".." segments and drops empty ones; ".." never climbs above the root.
pub(super) fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    segments.join("/")
}

/// The folder of a part ("" at the root).
pub(super) fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Decodes `%XX` escapes (OPC relationship targets are URIs); a stray `%` stays as it is.
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in files {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn part_names_are_compared_in_one_form() {
        assert_eq!(part_name("/word\\media/./a/../b.png"), "word/media/b.png");
        assert_eq!(normalize_path("../../x//y/"), "x/y");
        assert_eq!(
            parent_dir("Doc_0/Pages/Page_0/Content.xml"),
            "Doc_0/Pages/Page_0"
        );
        assert_eq!(parent_dir("OFD.xml"), "");
        assert_eq!(percent_decode("a%20b%E4%B8%80%zz%"), "a b一%zz%");
    }

    #[test]
    fn lookup_prefers_the_exact_name_then_ignores_case() {
        let bytes = zip_of(&[("Doc/Page.xml", b"upper"), ("doc/page.xml", b"lower")]);
        let limits = Limits::for_one_file();
        let mut package = Package::open(&bytes, &limits).unwrap();
        let read = |package: &mut Package, name: &str| {
            let index = package.find(name).unwrap();
            package.read(index, u64::MAX).ok().unwrap()
        };
        assert_eq!(read(&mut package, "/doc/page.xml"), b"lower");
        assert_eq!(read(&mut package, "Doc\\Page.xml"), b"upper");
        assert_eq!(read(&mut package, "DOC/PAGE.XML"), b"upper");
        assert!(package.find("doc/other.xml").is_none());
    }

    #[test]
    fn reads_count_against_the_budget_and_the_part_cap() {
        let bytes = zip_of(&[("a", &[b'a'; 600]), ("b", &[b'b'; 600])]);
        let limits = Limits::new(std::time::Duration::from_secs(60), 1000);
        let mut package = Package::open(&bytes, &limits).unwrap();
        assert!(matches!(
            package.read(0, 100),
            Err(PartError::TooLarge { allowance: 100 })
        ));
        assert_eq!(package.read(0, u64::MAX).ok().unwrap().len(), 600);
        assert!(matches!(
            package.read(1, u64::MAX),
            Err(PartError::TooLarge { allowance: 400 })
        ));
    }
}
