//! Incremental indexing: only changed files are read; removed files leave exactly their paragraphs.

use std::time::{Duration, SystemTime};

use policy_search::search::{Engine, SearchRequest};

use crate::support::Workspace;

fn set_mtime(path: &std::path::Path, t: SystemTime) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(t).unwrap();
}

#[test]
fn touching_a_file_rereads_only_that_file_and_reindexes_nothing() {
    let ws = Workspace::new().with_reports(&["东川省", "北岸市", "南湖市"]);
    let first = ws.sync();
    assert_eq!(first.added.len(), 3);
    let path = ws.corpus().join("2026_北岸市_政府工作报告.txt");
    set_mtime(&path, SystemTime::now() + Duration::from_secs(5));
    let second = ws.sync();
    assert_eq!(second.touched, 1, "only the touched file is re-read");
    assert_eq!(second.unchanged, 2);
    assert!(second.updated.is_empty() && second.added.is_empty());
    assert_eq!(second.paragraphs, first.paragraphs);
    let third = ws.sync();
    assert_eq!(
        (third.touched, third.unchanged),
        (0, 3),
        "the new time was recorded"
    );
}

#[test]
fn editing_a_file_replaces_its_paragraphs() {
    let ws = Workspace::new().with_reports(&["东川省"]);
    let path = ws.write(
        "通知.txt",
        "关于开展测试工作的通知\n一、总体要求\n推进示范区建设，发展独角兽企业。\n",
    );
    ws.sync();
    std::fs::write(
        &path,
        "关于开展测试工作的通知\n一、总体要求\n推进示范区建设，发展瞪羚企业。\n",
    )
    .unwrap();
    set_mtime(&path, SystemTime::now() + Duration::from_secs(5));
    let report = ws.sync();
    assert_eq!(report.updated, ["通知.txt"]);
    let engine = Engine::open(&ws.index()).unwrap();
    assert_eq!(
        engine.search(&SearchRequest::new("独角兽")).unwrap().total,
        0
    );
    assert_eq!(engine.search(&SearchRequest::new("瞪羚")).unwrap().total, 1);
}

#[test]
fn deleting_a_file_removes_exactly_its_paragraphs() {
    let ws = Workspace::new().with_reports(&["东川省", "北岸市"]);
    let first = ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let beijing = "2026_北岸市_政府工作报告.txt";
    let mut beijing_paragraphs = 0;
    engine
        .export(|p| {
            beijing_paragraphs += (p.doc == beijing) as u64;
            Ok(())
        })
        .unwrap();
    assert!(beijing_paragraphs > 20, "{beijing_paragraphs}");
    std::fs::remove_file(ws.corpus().join(beijing)).unwrap();
    let second = ws.sync();
    assert_eq!(second.removed, [beijing]);
    assert_eq!(second.paragraphs, first.paragraphs - beijing_paragraphs);
    engine.reload().unwrap();
    assert_eq!(engine.paragraph_count(), second.paragraphs);
    let mut left = Vec::new();
    engine
        .export(|p| {
            left.push(p.doc.clone());
            Ok(())
        })
        .unwrap();
    assert!(!left.iter().any(|d| d == beijing));
    assert_eq!(left.len() as u64, second.paragraphs);
}

#[test]
fn bad_files_are_skipped_with_a_reason_and_the_rest_stays_searchable() {
    let ws = Workspace::new().with_reports(&["东川省"]);
    ws.write("empty.txt", "");
    ws.write(
        "image.txt",
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3],
    );
    ws.write("notes.pdf", "not read");
    ws.write("chrome-only.txt", "打印\n分享到\n【字号：\n】\n");
    let (gbk, _, _) = encoding_rs::GBK
        .encode("关于推进低空经济发展的通知\n一、总体要求\n加快发展低空经济，培育新质生产力。\n");
    ws.write("gbk.txt", &gbk);
    // A whole text without line breaks (the 50 MB case is measured in BENCHMARKS.md; 3 MB here).
    let sentence = "统筹推进城乡融合发展，持续增进民生福祉。";
    let one_line = format!(
        "{}鲲鹏星链计划。{}",
        sentence.repeat(40_000),
        sentence.repeat(40_000)
    );
    ws.write("one-line.txt", &one_line);
    let report = ws.sync();
    let reason = |id: &str| {
        report
            .skipped
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.reason.clone())
    };
    assert_eq!(reason("empty.txt").as_deref(), Some("empty file"));
    assert_eq!(
        reason("image.txt").as_deref(),
        Some("binary file, not text")
    );
    // Content decides the reader: text named .pdf is read as text, and the report says so.
    assert_eq!(reason("notes.pdf"), None);
    assert!(report
        .notes
        .iter()
        .any(|n| n.id == "notes.pdf" && n.note.contains("its content is text")));
    assert_eq!(
        reason("chrome-only.txt").as_deref(),
        Some("no text left after removing page chrome")
    );
    assert_eq!(
        report.added.len(),
        4,
        "the report, the GBK notice, the one-line text and notes.pdf: {report}"
    );
    let note = report
        .notes
        .iter()
        .find(|n| n.id == "one-line.txt")
        .expect("a note on the split line");
    assert!(note.note.contains("was split into"), "{}", note.note);
    let engine = Engine::open(&ws.index()).unwrap();
    let hits = engine
        .search(&SearchRequest::new("培育新质生产力"))
        .unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(
        engine.manifest().unwrap().files["gbk.txt"]
            .metadata
            .encoding,
        "GBK"
    );
    let inside = engine.search(&SearchRequest::new("鲲鹏星链计划")).unwrap();
    assert_eq!(inside.total, 1, "text inside the long line is found");
}
