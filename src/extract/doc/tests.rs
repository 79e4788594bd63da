use super::bytes::Extent;
use super::*;
use std::io::Write;

// Where each part of the test file's WordDocument stream goes.
const FIB_SIZE: usize = 154 + 93 * 8;
const UTF16_TEXT_AT: usize = 1024;
const COMPRESSED_TEXT_AT: usize = 1536;
const _: () = assert!(FIB_SIZE < UTF16_TEXT_AT);
const PAPX_PAGE: usize = 4;
const CHPX_PAGE: usize = 5;

/// Main text, stored as two pieces: a compressed one that holds a deleted run ("XX") and a
/// PAGE field, and a UTF-16 one with a table row whose middle cell is empty. The UTF-16
/// piece comes first in the stream, as in a fast-saved file.
const COMPRESSED: &str = "Hello XX\u{13} PAGE \u{14}5\u{15} ";
const UTF16: &str = "世界\u{2}\r\u{13}SEQ\u{15}A\u{7}\u{7}C\u{7}\u{7}tail\u{0B}end\r";

struct TestFile {
    word: Vec<u8>,
    table: Vec<u8>,
    summary: Option<Vec<u8>>,
}

fn put_u16(data: &mut [u8], at: usize, value: u16) {
    data[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

fn put_u32(data: &mut [u8], at: usize, value: u32) {
    data[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

/// An FKP page: runs [fcs[i], fcs[i+1]) and for each run its grpprl (empty: no properties).
fn fkp(kind: FkpKind, fcs: &[u32], grpprls: &[&[u8]]) -> Vec<u8> {
    let mut page = vec![0u8; 512];
    let runs = grpprls.len();
    for (i, &fc) in fcs.iter().enumerate() {
        put_u32(&mut page, i * 4, fc);
    }
    page[511] = runs as u8;
    let entry_size = if kind == FkpKind::Papx { 13 } else { 1 };
    let mut free = 510usize;
    for (i, grpprl) in grpprls.iter().enumerate() {
        if grpprl.is_empty() {
            continue;
        }
        let property = match kind {
            FkpKind::Chpx => [&[grpprl.len() as u8][..], grpprl].concat(),
            // The long form: a zero, then the size in words of the istd and grpprl.
            FkpKind::Papx => {
                let mut data = vec![0, ((grpprl.len() + 2) / 2) as u8, 0, 0];
                data.extend_from_slice(grpprl);
                if data.len() % 2 == 1 {
                    data.push(0);
                }
                data
            }
        };
        free = (free - property.len()) & !1;
        page[free..free + property.len()].copy_from_slice(&property);
        page[(runs + 1) * 4 + i * entry_size] = (free / 2) as u8;
    }
    page
}

fn build(cp_order_swapped: bool) -> TestFile {
    let compressed_len = COMPRESSED.len() as u32;
    let utf16: Vec<u16> = UTF16.encode_utf16().collect();
    let ccp_text = compressed_len + utf16.len() as u32;

    let mut word = vec![0u8; 512 * 6];
    put_u16(&mut word, 0, 0xA5EC);
    put_u16(&mut word, 2, 0x00C1);
    put_u16(&mut word, 10, 0x0200); // fWhichTblStm: 1Table
    put_u16(&mut word, 32, 14);
    put_u16(&mut word, 62, 22);
    put_u32(&mut word, 64 + 3 * 4, ccp_text);
    put_u16(&mut word, 152, 93);
    word[COMPRESSED_TEXT_AT..COMPRESSED_TEXT_AT + COMPRESSED.len()]
        .copy_from_slice(COMPRESSED.as_bytes());
    for (i, unit) in utf16.iter().enumerate() {
        put_u16(&mut word, UTF16_TEXT_AT + i * 2, *unit);
    }

    // Paragraph properties of the UTF-16 piece: each mark's FC, by position in UTF16.
    let mark_fc = |index: usize| (UTF16_TEXT_AT + index * 2) as u32;
    let marks: Vec<usize> = (0..utf16.len())
        .filter(|&i| utf16[i] == 0x0D || utf16[i] == 0x07)
        .collect();
    let in_table: &[u8] = &[0x16, 0x24, 1];
    let row_end: &[u8] = &[0x16, 0x24, 1, 0x17, 0x24, 1];
    let mut fcs = vec![UTF16_TEXT_AT as u32];
    fcs.extend(marks.iter().map(|&m| mark_fc(m) + 2));
    let papx = fkp(
        FkpKind::Papx,
        &fcs,
        &[&[], in_table, in_table, in_table, row_end, &[]],
    );
    word[PAPX_PAGE * 512..PAPX_PAGE * 512 + 512].copy_from_slice(&papx);
    let deleted_at = (COMPRESSED_TEXT_AT + 6) as u32;
    let chpx = fkp(
        FkpKind::Chpx,
        &[
            COMPRESSED_TEXT_AT as u32,
            deleted_at,
            deleted_at + 2,
            COMPRESSED_TEXT_AT as u32 + compressed_len,
        ],
        &[&[], &[0x00, 0x08, 1], &[]],
    );
    word[CHPX_PAGE * 512..CHPX_PAGE * 512 + 512].copy_from_slice(&chpx);

    // Table stream: the CLX, then the two bin tables.
    let mut table = Vec::new();
    let compressed_fc = (COMPRESSED_TEXT_AT as u32 * 2) | 0x4000_0000;
    // (length in CPs, fc) in CP order.
    let mut pieces = [
        (compressed_len, compressed_fc),
        (ccp_text - compressed_len, UTF16_TEXT_AT as u32),
    ];
    if cp_order_swapped {
        pieces.swap(0, 1);
    }
    let mut plc = 0u32.to_le_bytes().to_vec();
    let mut cp = 0;
    for (len, _) in pieces {
        cp += len;
        plc.extend_from_slice(&cp.to_le_bytes());
    }
    for (_, fc) in pieces {
        plc.extend_from_slice(&0u16.to_le_bytes());
        plc.extend_from_slice(&fc.to_le_bytes());
        plc.extend_from_slice(&0u16.to_le_bytes());
    }
    // A Prc entry first, which the reader must skip.
    table.extend_from_slice(&[0x01, 3, 0, 0x16, 0x24, 0]);
    table.push(0x02);
    table.extend_from_slice(&(plc.len() as u32).to_le_bytes());
    table.extend_from_slice(&plc);
    let clx = (0u32, table.len() as u32);
    let mut bin_table = |first: u32, last: u32, page: usize| {
        let at = table.len() as u32;
        for value in [first, last, page as u32] {
            table.extend_from_slice(&value.to_le_bytes());
        }
        (at, 12u32)
    };
    let papx_bte = bin_table(UTF16_TEXT_AT as u32, mark_fc(utf16.len()), PAPX_PAGE);
    let chpx_bte = bin_table(
        COMPRESSED_TEXT_AT as u32,
        COMPRESSED_TEXT_AT as u32 + compressed_len,
        CHPX_PAGE,
    );
    for (index, (fc, lcb)) in [(33, clx), (13, papx_bte), (12, chpx_bte)] {
        put_u32(&mut word, 154 + index * 8, fc);
        put_u32(&mut word, 154 + index * 8 + 4, lcb);
    }
    TestFile {
        word,
        table,
        summary: None,
    }
}

/// A SummaryInformation set with code page 936, a GBK title, a UTF-16 author and a date.
fn summary() -> Vec<u8> {
    let (title, _, _) = encoding_rs::GBK.encode("通知标题");
    let mut title_value = vec![0x1E, 0, 0, 0];
    title_value.extend_from_slice(&(title.len() as u32 + 1).to_le_bytes());
    title_value.extend_from_slice(&title);
    title_value.push(0);
    let author: Vec<u16> = "王静\0".encode_utf16().collect();
    let mut author_value = vec![0x1F, 0, 0, 0];
    author_value.extend_from_slice(&(author.len() as u32).to_le_bytes());
    author
        .iter()
        .for_each(|u| author_value.extend_from_slice(&u.to_le_bytes()));
    // 2012-07-04 03:00 UTC.
    let ticks: u64 = (1_341_370_800 + 11_644_473_600) * 10_000_000;
    let mut date_value = vec![0x40, 0, 0, 0];
    date_value.extend_from_slice(&ticks.to_le_bytes());
    let code_page_value = vec![0x02, 0, 0, 0, 0xA8, 0x03, 0, 0];
    let values = [
        (PID_CODEPAGE, code_page_value),
        (PIDSI_TITLE, title_value),
        (PIDSI_AUTHOR, author_value),
        (PIDSI_CREATE_DTM, date_value),
    ];
    let mut set = vec![0u8; 8 + values.len() * 8];
    put_u32(&mut set, 4, values.len() as u32);
    for (i, (id, value)) in values.iter().enumerate() {
        let offset = set.len() as u32;
        put_u32(&mut set, 8 + i * 8, *id);
        put_u32(&mut set, 12 + i * 8, offset);
        set.extend_from_slice(value);
        while !set.len().is_multiple_of(4) {
            set.push(0);
        }
    }
    let size = set.len() as u32;
    put_u32(&mut set, 0, size);
    let mut stream = vec![0u8; 48];
    put_u16(&mut stream, 0, 0xFFFE);
    put_u32(&mut stream, 24, 1);
    put_u32(&mut stream, 44, 48);
    stream.extend_from_slice(&set);
    stream
}

fn compound(file: &TestFile) -> Vec<u8> {
    let mut container = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    let streams = [
        ("/WordDocument", Some(&file.word)),
        ("/1Table", Some(&file.table)),
        ("/\u{5}SummaryInformation", file.summary.as_ref()),
    ];
    for (path, data) in streams {
        if let Some(data) = data {
            container
                .create_stream(path)
                .unwrap()
                .write_all(data)
                .unwrap();
        }
    }
    container.flush().unwrap();
    container.into_inner().into_inner()
}

fn texts(flow: &Flow) -> Vec<(BlockKind, &str)> {
    flow.blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect()
}

#[test]
fn reads_pieces_fields_tables_and_deletions() {
    let mut file = build(false);
    file.summary = Some(summary());
    let flow = read(&compound(&file), &Limits::for_one_file()).unwrap();
    assert_eq!(
        texts(&flow),
        vec![
            (BlockKind::Paragraph, "Hello 5 世界"),
            (BlockKind::TableRow, "A |  | C"),
            (BlockKind::Paragraph, "tail end"),
        ]
    );
    assert!(flow.blocks.iter().all(|b| b.page.is_none()));
    assert_eq!(
        flow.properties,
        Properties {
            title: Some("通知标题".into()),
            author: Some("王静".into()),
            subject: None,
            created: Some("2012-07-04".into()),
        }
    );
}

#[test]
fn follows_the_piece_table_not_the_stream_order() {
    // The UTF-16 piece now comes first in CP order as well.
    let flow = read(&compound(&build(true)), &Limits::for_one_file()).unwrap();
    assert_eq!(flow.blocks[0].text, "世界");
    assert_eq!(
        texts(&flow)[2..],
        [
            (BlockKind::Paragraph, "tail end"),
            (BlockKind::Paragraph, "Hello 5")
        ]
    );
}

#[test]
fn without_paragraph_properties_a_doubled_cell_mark_ends_the_row() {
    let mut file = build(false);
    put_u32(&mut file.word, 154 + 13 * 8 + 4, 0);
    let flow = read(&compound(&file), &Limits::for_one_file()).unwrap();
    let rows: Vec<&str> = flow
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(rows, vec!["A", "C"]);
}

#[test]
fn broken_files_give_errors_not_panics() {
    let bytes = compound(&build(false));
    let limits = Limits::for_one_file();
    for len in (0..bytes.len()).step_by(61) {
        let _ = read(&bytes[..len], &limits);
    }
    assert!(matches!(
        read(&bytes[..bytes.len() / 2], &limits),
        Err(ExtractError::Corrupt(_))
    ));

    let mut outside = build(false);
    put_u32(&mut outside.word, 64 + 3 * 4, 10_000);
    let last_cp_at = 5 + 8;
    outside.table[last_cp_at..last_cp_at + 4].copy_from_slice(&10_000u32.to_le_bytes());
    assert!(matches!(
        read(&compound(&outside), &limits),
        Err(ExtractError::Corrupt(_))
    ));

    let mut encrypted = build(false);
    put_u16(&mut encrypted.word, 10, 0x0300);
    assert_eq!(
        read(&compound(&encrypted), &limits),
        Err(ExtractError::Encrypted)
    );

    let mut other = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    other
        .create_stream("/Workbook")
        .unwrap()
        .write_all(b"x")
        .unwrap();
    other.flush().unwrap();
    assert_eq!(
        read(&other.into_inner().into_inner(), &limits),
        Err(ExtractError::Unsupported("not a Word document".into()))
    );
}

/// A table stream with a list (level 0 "第%1章" in Chinese counting, level 1 "（%2）"), its
/// override, and two styles: Normal, and a heading numbered through its style alone.
fn list_tables() -> (Vec<u8>, Extent, Extent, Extent) {
    let mut table = Vec::new();
    // PlfLst: one LSTF (not simple: nine levels).
    let lst_at = table.len() as u32;
    table.extend_from_slice(&1u16.to_le_bytes());
    let mut lstf = vec![0u8; 28];
    lstf[0..4].copy_from_slice(&77i32.to_le_bytes());
    table.extend_from_slice(&lstf);
    let lst = (lst_at, table.len() as u32 - lst_at);
    for level in 0..9u16 {
        let mut lvlf = vec![0u8; 28];
        lvlf[0..4].copy_from_slice(&1i32.to_le_bytes());
        lvlf[4] = 37;
        lvlf[15] = 2;
        lvlf[25] = 3; // a grpprlPapx to skip
        table.extend_from_slice(&lvlf);
        table.extend_from_slice(&[0x16, 0x24, 0]);
        let text: Vec<u16> = match level {
            0 => "第\0章".encode_utf16().collect(),
            _ => vec![0xFF08, level, 0xFF09],
        };
        table.extend_from_slice(&(text.len() as u16).to_le_bytes());
        text.iter()
            .for_each(|u| table.extend_from_slice(&u.to_le_bytes()));
    }
    // PlfLfo: one LFO for list 77, with no level overrides.
    let lfo_at = table.len() as u32;
    table.extend_from_slice(&1u32.to_le_bytes());
    let mut lfo = vec![0u8; 16];
    lfo[0..4].copy_from_slice(&77i32.to_le_bytes());
    table.extend_from_slice(&lfo);
    let lfo = (lfo_at, table.len() as u32 - lfo_at);
    table.extend_from_slice(&0u32.to_le_bytes());
    // STSH: header (cstd 2, base STD size 10), Normal, then "H" based on Normal.
    let stsh_at = table.len() as u32;
    table.extend_from_slice(&4u16.to_le_bytes());
    table.extend_from_slice(&2u16.to_le_bytes());
    table.extend_from_slice(&10u16.to_le_bytes());
    for (base, grpprl) in [
        (0x0FFFu16, &[][..]),
        (0, &[0x0B, 0x46, 1, 0, 0x0A, 0x26, 0][..]),
    ] {
        let mut std = vec![0u8; 10];
        std[2..4].copy_from_slice(&(1 | (base << 4)).to_le_bytes());
        std[4..6].copy_from_slice(&2u16.to_le_bytes());
        std.extend_from_slice(&[1, 0, b'H', 0, 0, 0]);
        std.extend_from_slice(&(2 + grpprl.len() as u16).to_le_bytes());
        std.extend_from_slice(&0u16.to_le_bytes());
        std.extend_from_slice(grpprl);
        if std.len() % 2 == 1 {
            std.push(0);
        }
        std.extend_from_slice(&0u16.to_le_bytes());
        table.extend_from_slice(&(std.len() as u16).to_le_bytes());
        table.extend_from_slice(&std);
    }
    let stsh = (stsh_at, table.len() as u32 - stsh_at);
    (table, lst, lfo, stsh)
}

#[test]
fn numbers_lists_from_paragraphs_and_styles() {
    let (table, lst, lfo, stsh) = list_tables();
    let styles = style_lists(&table, stsh);
    assert_eq!((styles[0].ilfo, styles[1].ilfo, styles[1].ilvl), (0, 1, 0));
    let mut lists = ListTables::parse(&table, lst, lfo);
    let numbers: Vec<Option<String>> = [(1, 0), (1, 1), (1, 1), (0, 0), (1, 0), (1, 1), (2, 0)]
        .iter()
        .map(|&(ilfo, ilvl)| lists.number(ilfo, ilvl))
        .collect();
    let expected = ["第一章", "（一）", "（二）", "", "第二章", "（一）", ""];
    let expected: Vec<Option<String>> = expected
        .iter()
        .map(|n| (!n.is_empty()).then(|| n.to_string()))
        .collect();
    assert_eq!(numbers, expected);
}
