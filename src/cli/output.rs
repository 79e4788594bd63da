//! Writing to standard output: buffered, a closed pipe (`| head`) taken as success, and tables
//! aligned for a terminal, as every command's output is written.

use std::io::{self, BufWriter, Write};

use crate::error::{Error, Result};

/// Columns as wide as their widest cell on a terminal (a Chinese character takes two columns),
/// numbers aligned right; indented by two spaces.
pub(crate) fn write_table<const N: usize>(
    out: &mut impl Write,
    rows: &[[String; N]],
    right: &[bool; N],
) -> io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in rows {
        let mut line = String::from(" ");
        for ((cell, w), right) in row.iter().zip(widths).zip(right) {
            let pad = " ".repeat(w - cell.width());
            line.push(' ');
            if *right {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `value` as indented JSON and a newline: what every `--json` prints.
pub(crate) fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(io::Error::other)
        .and_then(|_| writeln!(out))
}

pub(crate) fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Flushes, treating a closed pipe (`| head`) as success.
pub(crate) fn flush(mut out: impl Write) -> Result<()> {
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::io("writing output", e)),
        _ => Ok(()),
    }
}
