//! Files people have, not pages: one synthetic 通知 as DOCX, PDF, DOC, OFD and text
//! (tests/fixtures/formats, made by make.py there), and files that must be skipped with a reason.

use std::collections::BTreeMap;

use policy_search::search::{ParagraphRecord, SearchRequest};
use serde_json::Value;

use crate::http::{config, get_json};
use crate::support::{copy_tree, manifest_dir, Workspace};
use policy_search::server::Background;

fn formats_dir() -> std::path::PathBuf {
    manifest_dir().join("tests/fixtures/formats")
}

/// The paragraphs every format of the notice must give (written by make.py).
fn expected_paragraphs() -> Vec<String> {
    std::fs::read_to_string(formats_dir().join("notice.paragraphs.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

const TITLE: &str = "东川省人民政府办公厅关于做好二〇二五年数字经济发展工作的通知";

/// A workspace holding the notice in every format (and the bad files, when asked).
fn notice_workspace(with_bad_files: bool) -> Workspace {
    let ws = Workspace::new();
    for name in [
        "notice.docx",
        "notice.pdf",
        "notice.doc",
        "notice.ofd",
        "notice.paragraphs.txt",
    ] {
        std::fs::copy(formats_dir().join(name), ws.corpus().join(name)).unwrap();
    }
    if with_bad_files {
        copy_tree(&formats_dir().join("bad"), &ws.corpus().join("bad"));
    }
    ws
}

fn paragraphs_by_doc(ws: &Workspace) -> BTreeMap<String, Vec<ParagraphRecord>> {
    crate::support::exported_by_doc(&policy_search::search::Engine::open(&ws.index()).unwrap())
}

fn texts(records: &[ParagraphRecord]) -> Vec<String> {
    records.iter().map(|r| r.text.clone()).collect()
}

/// Fixed-layout pages set a table as cells side by side, which wrap in their columns: every
/// paragraph but the table rows comes out as written, in order, and what is left over is the
/// table's text.
fn assert_paged_reads_as_written(name: &str, got: &[String], expected: &[String]) {
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '|')
            .collect::<String>()
    };
    let (rows, prose): (Vec<&String>, Vec<&String>) =
        expected.iter().partition(|p| p.contains(" | "));
    let mut rest = got.iter();
    let mut leftover = String::new();
    for want in &prose {
        loop {
            let next = rest
                .next()
                .unwrap_or_else(|| panic!("{name}: {want:?} is missing\n got: {got:#?}"));
            if next == *want {
                break;
            }
            leftover.push_str(&squeeze(next));
        }
    }
    let table: String = rows.iter().map(|r| squeeze(r)).collect();
    let sorted = |s: &str| {
        let mut c: Vec<char> = s.chars().collect();
        c.sort();
        c
    };
    assert_eq!(
        sorted(&leftover),
        sorted(&table),
        "{name}: what is not prose is the table"
    );
    assert!(
        rest.next().is_none(),
        "{name}: paragraphs after the last: {got:#?}"
    );
}

#[test]
fn the_same_notice_gives_the_same_paragraphs_and_title_in_every_format() {
    let ws = notice_workspace(false);
    let report = ws.sync();
    assert_eq!(report.added.len(), 5, "{report}");
    let docs = paragraphs_by_doc(&ws);
    let expected = expected_paragraphs();
    for word in ["notice.docx", "notice.doc", "notice.paragraphs.txt"] {
        assert_eq!(texts(&docs[word]), expected, "{word}");
    }
    for paged in ["notice.pdf", "notice.ofd"] {
        assert_paged_reads_as_written(paged, &texts(&docs[paged]), &expected);
    }
    let engine = policy_search::search::Engine::open(&ws.index()).unwrap();
    let manifest = engine.manifest().unwrap();
    for (id, entry) in &manifest.files {
        if id.ends_with(".txt") {
            continue; // a text file has no document properties: its title is its name
        }
        assert_eq!(entry.metadata.title, TITLE, "{id}");
        assert_eq!(
            entry.metadata.written.map(|d| d.to_string()).as_deref(),
            Some("2025-03-06"),
            "{id}"
        );
        assert_eq!(
            entry.metadata.doc_number.as_deref(),
            Some("东政办发〔2025〕12号"),
            "{id}"
        );
    }
    let formats: Vec<&str> = manifest
        .files
        .values()
        .map(|e| e.metadata.format.as_str())
        .collect();
    assert_eq!(formats, ["doc", "docx", "ofd", "text", "pdf"]);
}

#[test]
fn paged_formats_keep_the_page_of_every_paragraph_and_drop_page_furniture() {
    let ws = notice_workspace(false);
    ws.sync();
    let docs = paragraphs_by_doc(&ws);
    for paged in ["notice.pdf", "notice.ofd"] {
        let records = &docs[paged];
        let pages: Vec<u32> = records.iter().map(|r| r.page.unwrap()).collect();
        assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{paged}: {pages:?}");
        assert_eq!(pages[0], 1, "{paged}");
        assert_eq!(*pages.last().unwrap(), 3, "{paged}");
        for r in records {
            assert!(
                !r.text.contains('—'),
                "{paged}: page number in {:?}",
                r.text
            );
            assert!(
                !r.text.contains("办公厅文件"),
                "{paged}: running header in {:?}",
                r.text
            );
        }
    }
    // The OFD sets 22 lines a page (make.py): 二、重点任务 opens page 2, in a CompositeObject.
    let ofd = &docs["notice.ofd"];
    let heading = ofd.iter().find(|r| r.text == "二、重点任务").unwrap();
    assert_eq!(heading.page, Some(2));
    // Word files record no page breaks here: no page rather than a wrong one.
    assert!(docs["notice.docx"].iter().all(|r| r.page.is_none()));
}

#[test]
fn one_document_in_several_formats_is_one_result_that_lists_the_others() {
    let ws = notice_workspace(false);
    ws.sync();
    let engine = policy_search::search::Engine::open(&ws.index()).unwrap();
    let results = engine
        .search(&SearchRequest {
            limit: 100,
            ..SearchRequest::new("低空经济")
        })
        .unwrap();
    let docs: Vec<&str> = results.hits.iter().map(|h| h.doc.as_str()).collect();
    // DOCX, DOC and text have the same text paragraph for paragraph; PDF and OFD set the table
    // differently, so they are documents of their own.
    assert_eq!(results.total, 3, "{docs:?}");
    let docx = results
        .hits
        .iter()
        .find(|h| h.doc == "notice.docx")
        .expect("the DOCX stands for the Word and text copies");
    assert_eq!(docx.also, ["notice.doc", "notice.paragraphs.txt"]);
    let pdf = results.hits.iter().find(|h| h.doc == "notice.pdf").unwrap();
    assert_eq!(pdf.page, Some(2));
    // Named by id, a hidden copy is searched as itself.
    let only_doc = engine
        .search(&SearchRequest {
            doc: Some("notice.doc".into()),
            ..SearchRequest::new("低空经济")
        })
        .unwrap();
    assert_eq!(only_doc.total, 1);
    assert_eq!(only_doc.hits[0].doc, "notice.doc");
    // Grouped by document, likewise.
    let grouped = engine
        .search_grouped(&SearchRequest::new("低空经济"), 3)
        .unwrap();
    let groups = grouped.groups.unwrap();
    assert_eq!(groups.len(), 3);
    let docx_group = groups.iter().find(|g| g.doc == "notice.docx").unwrap();
    assert_eq!(docx_group.also, ["notice.doc", "notice.paragraphs.txt"]);
}

#[test]
fn bad_files_are_skipped_with_their_reason_and_cost_nothing_else() {
    let ws = notice_workspace(true);
    let report = ws.sync();
    let reasons: BTreeMap<&str, &str> = report
        .skipped
        .iter()
        .map(|s| (s.id.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(reasons["bad/scanned.pdf"], "needs OCR: no text layer");
    assert_eq!(reasons["bad/user-password.pdf"], "password-protected");
    assert!(
        reasons["bad/truncated.pdf"].starts_with("corrupt or truncated file"),
        "{report}"
    );
    assert_eq!(reasons.len(), 3, "{report}");
    // Print restrictions only: read. A DOCX named .pdf: read as DOCX.
    let docs = paragraphs_by_doc(&ws);
    assert_eq!(texts(&docs["bad/docx-named.pdf"]), expected_paragraphs());
    assert_paged_reads_as_written(
        "bad/owner-password.pdf",
        &texts(&docs["bad/owner-password.pdf"]),
        &expected_paragraphs(),
    );
    assert_eq!(docs.len(), 7);
    // Not read again until they change, and still reported.
    let again = ws.sync();
    assert!(!again.changed(), "{again}");
    assert_eq!(again.skipped.len(), 3, "{again}");
    assert!(again.bytes_read == 0, "{again}");
}

#[test]
fn a_text_layer_of_nonsense_is_not_indexed() {
    // An OFD whose characters are some other characters (a broken font map).
    let ws = Workspace::new();
    let real = expected_paragraphs().join("");
    let shifted: String = real
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fa5}').contains(c))
        .map(|c| char::from_u32(c as u32 + 211).unwrap())
        .collect();
    ws.write("garbage.ofd", one_page_ofd(&shifted));
    ws.write("fine.ofd", one_page_ofd(&real));
    let report = ws.sync();
    assert_eq!(report.added, ["fine.ofd"], "{report}");
    assert_eq!(report.skipped.len(), 1, "{report}");
    assert!(
        report.skipped[0].reason.contains("garbage"),
        "{}",
        report.skipped[0].reason
    );
}

/// A one-page OFD with `text` set in lines of 28 characters.
fn one_page_ofd(text: &str) -> Vec<u8> {
    use std::io::Write;
    let chars: Vec<char> = text.chars().collect();
    let mut objects = String::new();
    for (i, line) in chars.chunks(28).take(40).enumerate() {
        let line: String = line.iter().collect();
        let line = line.replace('&', "&amp;").replace('<', "&lt;");
        objects.push_str(&format!(
            r#"<ofd:TextObject ID="{}" Boundary="0 0 210 297" Font="1" Size="5.6"><ofd:TextCode X="28" Y="{}" DeltaX="g 27 5.6">{line}</ofd:TextCode></ofd:TextObject>"#,
            i + 10,
            30.0 + i as f32 * 7.0
        ));
    }
    let ns = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let parts = [
        (
            "OFD.xml",
            format!(
                r#"<ofd:OFD {ns} Version="1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
            ),
        ),
        (
            "Doc_0/Document.xml",
            format!(
                r#"<ofd:Document {ns}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#
            ),
        ),
        (
            "Doc_0/Pages/Page_0/Content.xml",
            format!(
                r#"<ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
            ),
        ),
    ];
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn the_api_gives_pages_formats_and_the_original_file() {
    let ws = notice_workspace(false);
    ws.write(
        "page.html",
        "<html><body><h1>关于开展检查的通知</h1><p>各地要认真开展检查，确保各项任务落到实处，现将有关事项通知如下。</p><script>alert(1)</script></body></html>",
    );
    ws.sync();
    let server = Background::start(config(ws.corpus(), ws.index())).unwrap();
    let (status, doc) = get_json(&server.url("/api/docs/notice.pdf"));
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["metadata"]["format"], "pdf");
    assert_eq!(doc["metadata"]["pages"], 3);
    assert_eq!(doc["paragraphs"][0]["page"], 1);
    let (_, list) = get_json(&server.url("/api/docs"));
    let formats: Vec<&str> = list["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["format"].as_str().unwrap())
        .collect();
    assert_eq!(formats.len(), 6);
    assert!(formats.contains(&"ofd"), "{formats:?}");

    let response = crate::http::agent()
        .get(&server.url("/api/docs/notice.pdf/original"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert!(
        header("content-disposition").contains("filename=\"notice.pdf\""),
        "{}",
        header("content-disposition")
    );
    let body = response.into_body().read_to_vec().unwrap();
    assert_eq!(
        body,
        std::fs::read(formats_dir().join("notice.pdf")).unwrap()
    );
    let (status, _) = get_json(&server.url("/api/docs/nothing.pdf/original"));
    assert_eq!(status, 404);
    // Someone else's HTML is not shown on this origin: a sandboxed download.
    let page = crate::http::agent()
        .get(&server.url("/api/docs/page.html/original"))
        .call()
        .unwrap();
    let get = |name: &str| {
        page.headers()
            .get(name)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    assert!(get("content-disposition").starts_with("attachment"));
    assert_eq!(get("content-security-policy"), "sandbox");
    assert_eq!(get("x-content-type-options"), "nosniff");
}

#[test]
fn the_cli_shows_the_page_of_a_hit() {
    let ws = notice_workspace(false);
    ws.sync();
    let out = crate::support::succeeded(
        assert_cmd::Command::cargo_bin("policy-search")
            .unwrap()
            .args(["query", "低空经济", "--json", "--corpus"])
            .arg(ws.corpus())
            .arg("--index")
            .arg(ws.index())
            .output()
            .unwrap(),
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pdf = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["doc"] == "notice.pdf")
        .unwrap();
    assert_eq!(pdf["page"], 2);
    let human = crate::support::succeeded(
        assert_cmd::Command::cargo_bin("policy-search")
            .unwrap()
            .args(["query", "低空经济", "--corpus"])
            .arg(ws.corpus())
            .arg("--index")
            .arg(ws.index())
            .output()
            .unwrap(),
    );
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("第2页"), "{text}");
    assert!(text.contains("also notice.doc"), "{text}");
}

#[test]
fn many_pdfs_read_at_once_are_all_read() {
    // Readers run on threads of their own; a reader that waited on the indexer's thread pool
    // (lopdf's parallel parsing did) would stall every PDF read at once until its time limit.
    let ws = Workspace::new();
    let pdf = std::fs::read(formats_dir().join("notice.pdf")).unwrap();
    for i in 0..12 {
        ws.write(&format!("copy-{i:02}.pdf"), &pdf);
    }
    let report = ws.sync();
    assert_eq!(report.added.len(), 12, "{report}");
    assert!(report.skipped.is_empty(), "none given up on: {report}");
}
