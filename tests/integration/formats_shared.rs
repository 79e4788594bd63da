//! Tier 2: real files of every format in `../shared/formats` (see its SOURCES.md): the 通知 in
//! five formats, the 批复 as PDF and OFD, the 231-page 民法典, a PDF with a running header and
//! footer, an OFD whose text is all in CompositeObjects, and twenty 政府工作报告 as DOCX. Pages
//! are checked against poppler's `pdftotext` (a reference in tests only; .ci/run installs it).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use policy_search::search::{Engine, ParagraphRecord};
use tempfile::TempDir;

use crate::support::{manifest_dir, sync};

fn formats() -> PathBuf {
    let dir = manifest_dir().join("../shared/formats");
    assert!(
        dir.join("samples").is_dir(),
        "tier 2 test: the shared format samples are missing at {} (help: put ../shared beside the project)",
        dir.display()
    );
    dir
}

/// The samples and the twenty reports, indexed once: paragraphs by document.
struct Indexed {
    _dir: TempDir,
    docs: BTreeMap<String, Vec<ParagraphRecord>>,
    engine: Engine,
}

fn indexed() -> &'static Indexed {
    static INDEXED: OnceLock<Indexed> = OnceLock::new();
    INDEXED.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let corpus = dir.path().join("corpus");
        crate::support::copy_tree(&formats().join("samples"), &corpus.join("samples"));
        crate::support::copy_tree(&formats().join("docx-2025"), &corpus.join("docx-2025"));
        let report = sync(&corpus, &dir.path().join("index"));
        assert!(report.skipped.is_empty(), "{report}");
        let engine = Engine::open(&dir.path().join("index")).unwrap();
        let docs = crate::support::exported_by_doc(&engine);
        Indexed {
            _dir: dir,
            docs,
            engine,
        }
    })
}

fn paragraphs(id: &str) -> &'static [ParagraphRecord] {
    indexed()
        .docs
        .get(&format!("samples/{id}"))
        .unwrap_or_else(|| panic!("{id} was not indexed"))
}

/// Texts without white space: Word aligns with spaces where a page only has a gap.
fn squeezed(records: &[ParagraphRecord]) -> Vec<String> {
    records
        .iter()
        .map(|r| r.text.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_notice_reads_the_same_in_docx_wps_pdf_and_ofd_and_the_doc_version_alike() {
    let reference = squeezed(paragraphs("docx-03_通知.docx"));
    // 主送, text, contact lines, signature and date; the 版记 (抄送, 分送, 印发, 共印) is metadata.
    assert!(reference.len() >= 6, "{reference:?}");
    assert!(
        !reference
            .iter()
            .any(|p| p.starts_with("抄送") || p.ends_with("印发")),
        "{reference:?}"
    );
    for other in [
        "wps-01_通知_kingsoft.wps",
        "pdf-02_通知_wps.pdf",
        "ofd-04_通知_wps.ofd",
    ] {
        assert_eq!(squeezed(paragraphs(other)), reference, "{other}");
    }
    // The Word 97 file is an earlier version (教育部, 共印3份): the same paragraphs, a few words apart.
    let doc = squeezed(paragraphs("doc-01_通知_word97.doc"));
    assert_eq!(doc.len(), reference.len(), "{doc:?}");
    let same = doc.iter().zip(&reference).filter(|(a, b)| a == b).count();
    assert!(same * 10 >= reference.len() * 6, "{doc:?}");
    let engine = &indexed().engine;
    let manifest = engine.manifest().unwrap();
    for id in [
        "docx-03_通知.docx",
        "pdf-02_通知_wps.pdf",
        "ofd-04_通知_wps.ofd",
    ] {
        let meta = &manifest.files[&format!("samples/{id}")].metadata;
        assert_eq!(meta.title, "国防部关于放假的通知", "{id}");
        assert_eq!(meta.kind.as_deref(), Some("通知"), "{id}");
        assert_eq!(
            meta.doc_number.as_deref(),
            Some("国防部发〔2012〕21号"),
            "{id}"
        );
        assert_eq!(meta.copied_to.as_deref(), Some("教育局，教育局"), "{id}");
        assert_eq!(
            meta.printed.map(|d| d.to_string()).as_deref(),
            Some("2012-12-12"),
            "{id}"
        );
        assert_eq!(
            meta.written.map(|d| d.to_string()).as_deref(),
            Some("2012-12-12"),
            "{id}"
        );
    }
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_reply_as_pdf_and_as_ofd_agrees_paragraph_for_paragraph_and_page_for_page() {
    let pdf = paragraphs("pdf-01_批复_路卫发2011-76.pdf");
    let ofd = paragraphs("ofd-01_批复_路卫发2011-76.ofd");
    assert_eq!(squeezed(pdf), squeezed(ofd));
    let pages = |r: &[ParagraphRecord]| r.iter().map(|p| p.page).collect::<Vec<_>>();
    assert_eq!(pages(pdf), pages(ofd));
    assert!(
        pdf[1].text.contains("路中医发〔2011〕10号"),
        "{:?}",
        pdf[1].text
    );
    // One document in two formats: one result, listing the other.
    let results = indexed()
        .engine
        .search(&policy_search::search::SearchRequest::new("张阿三"))
        .unwrap();
    let docs: Vec<&str> = results.hits.iter().map(|h| h.doc.as_str()).collect();
    assert!(
        docs.iter().all(|d| !d.ends_with(".ofd")),
        "the OFD is listed under the PDF: {docs:?}"
    );
    assert_eq!(
        results.hits[0].also,
        ["samples/ofd-01_批复_路卫发2011-76.ofd"]
    );
    // The 公文 layout in both formats: 批复 of the bureau its masthead names, under its number.
    let manifest = indexed().engine.manifest().unwrap();
    for id in [
        "pdf-01_批复_路卫发2011-76.pdf",
        "ofd-01_批复_路卫发2011-76.ofd",
    ] {
        let meta = &manifest.files[&format!("samples/{id}")].metadata;
        assert_eq!(meta.kind.as_deref(), Some("批复"), "{id}");
        assert_eq!(meta.issuer.as_deref(), Some("测试符路桥区卫生局"), "{id}");
        assert_eq!(
            meta.doc_number.as_deref(),
            Some("路卫发〔2011〕76号"),
            "{id}"
        );
        assert_eq!(meta.addressee.as_deref(), Some("区中医院"), "{id}");
    }
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_civil_code_is_articles_under_books_chapters_and_sections_without_page_numbers() {
    let code = paragraphs("pdf-03_中华人民共和国民法典.pdf");
    let meta = &indexed().engine.manifest().unwrap().files
        ["samples/pdf-03_中华人民共和国民法典.pdf"]
        .metadata;
    assert_eq!(meta.title, "中华人民共和国民法典");
    assert_eq!(meta.pages, Some(231));
    let article = regex::Regex::new(r"^第[一二三四五六七八九十百千零]+条").unwrap();
    let articles: Vec<&ParagraphRecord> =
        code.iter().filter(|p| article.is_match(&p.text)).collect();
    assert_eq!(articles.len(), 1260);
    for a in &articles {
        let number = article.find(&a.text).unwrap().as_str();
        let path = &a.section;
        assert_eq!(
            path.last().map(String::as_str),
            Some(number),
            "{:?}",
            a.text
        );
        // Every article is in a 编 and a 章, but for the two of the 附则, which stands beside
        // the 编.
        if path[0].replace(' ', "") == "附则" {
            assert_eq!(path.len(), 2, "{path:?}");
            continue;
        }
        assert!(
            path[0].starts_with('第') && path[0].contains('编'),
            "{path:?}"
        );
        assert!(path.iter().any(|l| l.contains('章')), "{path:?}");
    }
    // The 款 after an article's first paragraph stay under the article.
    let second = code
        .iter()
        .position(|p| p.text.starts_with("第二条 "))
        .unwrap();
    assert_eq!(code[second - 1].section.last().unwrap(), "第一条");
    // No page number, running header or table-of-contents copy in the text.
    let bare_number = regex::Regex::new(r"^[\d\s\-—–]+$").unwrap();
    assert!(code.iter().all(|p| !bare_number.is_match(&p.text)));
    let chapter_one = code
        .iter()
        .filter(|p| p.text.replace(' ', "") == "第一章基本规定")
        .count();
    assert_eq!(
        chapter_one, 1,
        "the contents page is not a second copy of the headings"
    );
    // Nothing of the seven contents pages stays: the text begins at 第一编 on page 8, after the
    // promulgation (labels, 公布 sentence, signature, date, title, the 通过 note).
    let first_book = code
        .iter()
        .position(|p| p.text.replace(' ', "") == "第一编总则")
        .unwrap();
    assert_eq!(code[first_book].page, Some(8));
    assert!(first_book <= 8, "{:?}", &code[..first_book]);
    assert!(
        code[..first_book]
            .iter()
            .all(|p| !p.text.contains('章') && !p.text.contains('节')),
        "{:?}",
        &code[..first_book]
    );
    // An article is found by its number and cited with the code's title.
    let mut request = policy_search::search::SearchRequest::new("article:1035");
    request.limit = 100;
    let results = indexed().engine.search(&request).unwrap();
    assert_eq!(results.total, 6, "{:?}", results.hits);
    for hit in &results.hits {
        assert_eq!(
            hit.citation.as_deref(),
            Some("《中华人民共和国民法典》第一千零三十五条"),
            "{:?}",
            hit.text
        );
    }
}

/// pdftotext's text of each page, white space removed.
fn pdftotext_pages(path: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("tier 2 needs pdftotext (Debian: poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn every_paragraph_of_a_pdf_starts_on_the_page_pdftotext_puts_its_first_words_on() {
    // (Prose documents: pdftotext reads table cells in another order.)
    // The reply has four paragraphs of prose long enough to be told by their first words.
    for (id, at_least) in [
        ("pdf-03_中华人民共和国民法典.pdf", 1000),
        ("pdf-01_批复_路卫发2011-76.pdf", 4),
    ] {
        let pages = pdftotext_pages(&formats().join("samples").join(id));
        let mut checked = 0;
        for p in paragraphs(id) {
            let start: String = p
                .text
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(12)
                .collect();
            if start.chars().count() < 12 {
                continue; // short lines (headings) can stand on several pages
            }
            let page = p.page.unwrap() as usize;
            let on: Vec<usize> = (0..pages.len())
                .filter(|&i| pages[i].contains(&start))
                .map(|i| i + 1)
                .collect();
            if on.len() == 1 {
                assert_eq!(page, on[0], "{id}: {:?}", p.text);
                checked += 1;
            }
        }
        assert!(
            checked >= at_least,
            "{id}: only {checked} paragraphs could be checked"
        );
    }
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn running_headers_footers_and_page_numbers_are_not_paragraphs() {
    let manual = paragraphs("pdf-05_running-header-footer.pdf");
    assert!(manual.len() > 100);
    for p in manual {
        assert!(!p.text.contains("银谷大厦1611室"), "footer: {:?}", p.text);
        assert!(!p.text.contains("86-10-62800056"), "footer: {:?}", p.text);
        assert!(
            p.text.trim().parse::<u32>().is_err(),
            "page number: {:?}",
            p.text
        );
    }
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn an_ofd_whose_text_is_in_composite_objects_is_searchable() {
    let article = paragraphs("ofd-06_composite-objects.ofd");
    let text: String = article.iter().map(|p| p.text.as_str()).collect();
    assert!(text.chars().count() > 3000, "{}", text.chars().count());
    assert!(text.contains("全国示范数字档案室"));
    assert_eq!(article.last().unwrap().page, Some(3));
    let hits = indexed()
        .engine
        .search(&policy_search::search::SearchRequest::new("数字档案室"))
        .unwrap();
    assert!(hits
        .hits
        .iter()
        .any(|h| h.doc == "samples/ofd-06_composite-objects.ofd"));
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn twenty_reports_as_docx_have_their_titles_and_their_text() {
    let reports: Vec<(&String, &Vec<ParagraphRecord>)> = indexed()
        .docs
        .iter()
        .filter(|(id, _)| id.starts_with("docx-2025/"))
        .collect();
    assert_eq!(reports.len(), 20);
    for (id, paras) in reports {
        let stem = id
            .trim_start_matches("docx-2025/")
            .trim_end_matches(".docx");
        assert_eq!(paras[0].title, stem, "{id}");
        assert!(paras.len() >= 40, "{id}: {}", paras.len());
        assert!(paras.iter().all(|p| p.page.is_none_or(|n| n >= 1)));
    }
}

fn search(query: &str) -> policy_search::search::SearchResults {
    indexed()
        .engine
        .search(&policy_search::search::SearchRequest {
            limit: 50,
            ..policy_search::search::SearchRequest::new(query)
        })
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_civil_code_and_its_articles_are_found_by_name_and_number() {
    const CODE: &str = "samples/pdf-03_中华人民共和国民法典.pdf";
    assert_eq!(search("民法典").documents[0].id, CODE);
    for query in [
        "民法典 第一千零三十五条",
        "民法典第一千零三十五条",
        "《民法典》第1035条",
        "中华人民共和国民法典 第1035条",
    ] {
        let results = search(query);
        let first = &results.hits[0];
        assert_eq!(first.doc, CODE, "{query}");
        assert!(
            first.text.starts_with("第一千零三十五条"),
            "{query}: {}",
            first.text
        );
        assert_eq!(
            first.citation.as_deref(),
            Some("《中华人民共和国民法典》第一千零三十五条"),
            "{query}"
        );
    }
    // A book's letter-spaced heading is read as words: 第四编 人格权.
    let results = search("section:人格权 隐私");
    assert!(results.total > 0);
    assert!(
        results.hits.iter().all(|h| h.section[0] == "第四编 人格权"),
        "{:?}",
        results.hits[0].section
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_notice_and_the_reply_are_found_by_title_number_and_issuer_in_every_format() {
    let results = search("路卫发〔2011〕76号");
    let ids: Vec<&str> = results.documents.iter().map(|d| d.id.as_str()).collect();
    assert!(ids[0].contains("路卫发2011-76"), "{ids:?}");
    // The reply in its other format is the same document: listed with it, not apart.
    let first = &results.documents[0];
    assert!(
        first.also.iter().any(|a| a.contains("路卫发2011-76"))
            || ids.iter().filter(|i| i.contains("路卫发2011-76")).count() == 2,
        "{ids:?} {:?}",
        first.also
    );
    let number = search("国防部发〔2012〕21号");
    assert!(
        number.documents[0].id.contains("通知"),
        "{:?}",
        number.documents
    );
    let title = &number.documents[0].title;
    let by_title = search(title);
    assert_eq!(by_title.documents[0].title, *title);
    // The reply's issuing body names it.
    let issuer = first
        .issuer
        .clone()
        .expect("the reply's issuing body is read");
    let by_issuer = search(&issuer);
    assert!(
        by_issuer.documents.iter().any(|d| d.id == first.id),
        "{issuer}: {:?}",
        by_issuer.documents
    );
}
