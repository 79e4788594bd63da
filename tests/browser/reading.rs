//! A reader searching, filtering and opening a result, in every format.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use policy_search::server::Background;

use crate::corpora::{copy_formats, copy_reference, copy_tree};
use crate::page::{
    assert_contrast, attr, click, hit_with_badge, scroll_into_view, squeezed, text_of, texts,
    wait_for, EVERY_TEXT,
};
use crate::{block_on, browser, screenshot, serve};

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_reader_searches_filters_and_opens_a_result() {
    // The shipped reference document, the fixtures of tests/fixtures/corpus and the notice of
    // tests/fixtures/formats in five formats, with its unreadable files in bad/: no ../shared.
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_reference(root, &corpus);
    copy_tree(&root.join("tests/fixtures/corpus"), &corpus);
    copy_formats(&root.join("tests/fixtures/formats"), &corpus);
    let (server, _driver, port) = serve(dir.path(), corpus);
    block_on(session(&server, port));
}

async fn session(server: &Background, port: u16) {
    let client = browser(port).await;

    // The home page: the search box has the focus.
    client.goto(&server.url("/")).await.unwrap();
    wait_for(&client, "#doc-list .doc-item").await;
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("q"),
        "the search box is focused on load"
    );
    screenshot(&client, "1-home.png").await;

    // Every document has its format, paged ones their page count; the unreadable files are
    // listed, collapsed, with their reasons.
    let items = texts(&client, "#doc-list .doc-item").await;
    assert!(
        items
            .iter()
            .any(|t| t.contains("PDF") && t.contains("3 页")),
        "a PDF with its pages in the list: {items:?}"
    );
    for badge in ["PDF", "OFD", "DOCX", "DOC", "HTML", "TXT"] {
        assert!(
            texts(&client, "#doc-list .format-badge")
                .await
                .iter()
                .any(|b| b == badge),
            "a {badge} badge in the list"
        );
    }
    let summary = wait_for(&client, "#skipped-box > summary").await;
    assert_eq!(
        squeezed(&summary.text().await.unwrap()),
        "未能读取的文件（3）"
    );
    scroll_into_view(&client, &summary).await;
    summary.click().await.unwrap();
    let skipped = texts(&client, "#skipped-list .skipped-item").await;
    for (file, reason) in [
        ("bad/scanned.pdf", "文字识别（OCR）"),
        ("bad/user-password.pdf", "密码保护"),
        ("bad/truncated.pdf", "损坏或不完整"),
    ] {
        assert!(
            skipped
                .iter()
                .any(|t| t.contains(file) && t.contains(reason)),
            "{file} is listed as skipped ({reason}): {skipped:?}"
        );
    }
    screenshot(&client, "1b-home-skipped.png").await;
    assert_contrast(
        &client,
        "skipped files",
        &[
            ".skipped-box > summary",
            ".skipped-note",
            ".skipped-detail",
            EVERY_TEXT,
        ],
    )
    .await;

    // Type a query and submit it like a person.
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.send_keys("低空经济\n").await.unwrap();
    wait_for(&client, "#results .hit .hit-snippet mark").await;
    let marks = texts(&client, "#results .hit-snippet mark").await;
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m == "低空经济"),
        "highlighted: {marks:?}"
    );
    let status = text_of(&client, "#status").await;
    assert!(
        status.contains('段') && status.contains("毫秒"),
        "status: {status}"
    );
    let url = client.current_url().await.unwrap();
    assert!(
        url.query().unwrap_or("").contains("q="),
        "the query is in the URL: {url}"
    );
    screenshot(&client, "2-results.png").await;

    // The notice: the PDF hit says its page, the DOCX hit links its copies in other formats
    // at the same paragraph.
    let pdf = hit_with_badge(&client, "PDF").await;
    let page = pdf.find(Locator::Css(".hit-page")).await.unwrap();
    assert_eq!(squeezed(&page.text().await.unwrap()), "第2页");
    let docx = hit_with_badge(&client, "DOCX").await;
    let mut also = Vec::new();
    for link in docx.find_all(Locator::Css(".hit-also a")).await.unwrap() {
        also.push((link.text().await.unwrap(), attr(&link, "href").await));
    }
    assert_eq!(
        also.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
        ["DOC", "TXT"],
        "other formats of the DOCX: {also:?}"
    );
    assert!(
        also[0].1.contains("doc=notice.doc&") && also[0].1.contains("p=8"),
        "the DOC link opens paragraph 8: {also:?}"
    );
    let line = docx.find(Locator::Css(".hit-also")).await.unwrap();
    assert!(line.text().await.unwrap().starts_with("其他格式："));
    scroll_into_view(&client, &pdf).await;
    screenshot(&client, "2b-results-formats.png").await;

    // Apply the first document facet: every hit is then from that document.
    let facet = wait_for(&client, "#facets .facet[data-kind=doc]").await;
    let label = facet
        .find(Locator::Css(".facet-label"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    facet.click().await.unwrap();
    wait_for(&client, "#active-filters .chip").await;
    let started = Instant::now();
    loop {
        let titles = texts(&client, "#results .hit .hit-title").await;
        if !titles.is_empty() && titles.iter().all(|t| t == &label) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "filtered to {label}: {titles:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(client
        .current_url()
        .await
        .unwrap()
        .query()
        .unwrap_or("")
        .contains("doc="));
    screenshot(&client, "3-filtered.png").await;

    // Open a result in the reader: the paragraph is there, marked, with the outline beside it.
    click(&client, "#results .hit .hit-title").await;
    let target = wait_for(&client, "#reader-text .para.target").await;
    let target_html = target.html(true).await.unwrap();
    assert!(
        target_html.contains("<mark"),
        "the query is highlighted in the reader: {target_html}"
    );
    wait_for(&client, "#outline a").await;
    let title = text_of(&client, "#reader-title").await;
    assert_eq!(title, label);
    screenshot(&client, "4-reader.png").await;

    // Back returns to the filtered results (the search view keeps its old hits while hidden,
    // so the wait is for the view itself).
    client.back().await.unwrap();
    wait_for(
        &client,
        "#search:not([hidden]) .results-col:not(.is-loading) #results .hit",
    )
    .await;
    let url = client.current_url().await.unwrap();
    let query = url.query().unwrap_or("");
    assert!(query.contains("doc=") && !query.contains("read="), "{url}");

    // Traditional characters find the simplified text; a missing word says so.
    client
        .goto(&server.url("/?q=%E7%A7%91%E5%AD%B8%E5%9F%8E"))
        .await
        .unwrap();
    wait_for(&client, "#results .hit .hit-snippet mark").await;
    client
        .goto(&server.url("/?q=%E6%9F%A5%E6%97%A0%E6%AD%A4%E8%AF%8D%E8%AF%AD"))
        .await
        .unwrap();
    let empty = wait_for(&client, "#results .empty")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        empty.contains("查无此词语"),
        "the empty message names the query: {empty}"
    );
    screenshot(&client, "5-empty.png").await;
    assert_contrast(&client, "no results", &[".empty-tips li", EVERY_TEXT]).await;

    // The grouped view: one row per document.
    client
        .goto(&server.url("/?q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E&view=doc"))
        .await
        .unwrap();
    wait_for(&client, "#results .group").await;
    // By document id: the notice's PDF, DOCX and OFD share a title but differ in text.
    let mut groups = Vec::new();
    for title in client
        .find_all(Locator::Css("#results .group .group-title"))
        .await
        .unwrap()
    {
        let href = attr(&title, "href").await;
        // The id as encoded in the link: equal ids, equal strings.
        let doc = href
            .split(['?', '&'])
            .find(|p| p.starts_with("doc="))
            .unwrap_or_else(|| panic!("a reader link: {href}"))
            .to_string();
        groups.push(doc);
    }
    let unique: std::collections::BTreeSet<_> = groups.iter().collect();
    assert_eq!(
        unique.len(),
        groups.len(),
        "one row per document: {groups:?}"
    );
    screenshot(&client, "6-grouped.png").await;
    assert_contrast(
        &client,
        "grouped",
        &[".group-count", ".group-more", EVERY_TEXT],
    )
    .await;

    // The PDF in the reader: format and pages in the metadata, a divider where each page
    // starts (opening that page of the original), the original opened at the target's page.
    client
        .goto(&server.url("/?read=1&doc=notice.pdf&p=8&q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E"))
        .await
        .unwrap();
    wait_for(&client, "#reader-text .para.target").await;
    let meta = text_of(&client, "#reader-meta").await;
    assert!(
        meta.contains("PDF") && meta.contains("3 页"),
        "format and pages: {meta}"
    );
    let markers = texts(&client, "#reader-text .page-marker").await;
    assert_eq!(
        markers.iter().map(|m| squeezed(m)).collect::<Vec<_>>(),
        ["第1页", "第2页", "第3页"]
    );
    for (i, link) in client
        .find_all(Locator::Css("#reader-text .page-marker a"))
        .await
        .unwrap()
        .iter()
        .enumerate()
    {
        let href = attr(link, "href").await;
        assert!(
            href.ends_with(&format!("/api/docs/notice.pdf/original#page={}", i + 1)),
            "page {} opens there: {href}",
            i + 1
        );
    }
    // Paragraph 8 starts the second page.
    let marker = client
        .find(Locator::Css("#reader-text .page-marker + #p-8"))
        .await;
    assert!(
        marker.is_ok(),
        "the page-2 divider is right before paragraph 8"
    );
    let original = wait_for(&client, "#reader-original").await;
    let href = attr(&original, "href").await;
    assert!(
        href.ends_with("/api/docs/notice.pdf/original#page=2"),
        "the original opens at the target's page: {href}"
    );
    assert_eq!(squeezed(&original.text().await.unwrap()), "打开原文第2页");
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    screenshot(&client, "7-reader-pdf.png").await;
    assert_contrast(&client, "PDF reader", &[".page-label", EVERY_TEXT]).await;
    // Selecting a paragraph on page 3 moves the link there.
    let num = client.find(Locator::Css("#p-18 .para-num")).await.unwrap();
    scroll_into_view(&client, &num).await;
    num.click().await.unwrap();
    let href = attr(&original, "href").await;
    assert!(href.ends_with("#page=3"), "after selecting ¶18: {href}");
    screenshot(&client, "8-reader-pdf-page3.png").await;
    // The link serves the PDF itself.
    let url = server.url(href.split('#').next().unwrap());
    let content_type = tokio::task::spawn_blocking(move || {
        let response = ureq::get(&url).call().unwrap();
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    })
    .await
    .unwrap();
    assert_eq!(content_type, "application/pdf");

    // A Word file is downloaded, not opened, and has no pages.
    client
        .goto(&server.url("/?read=1&doc=notice.docx"))
        .await
        .unwrap();
    // The link is in the page from the start, hidden; the document's answer shows and names it.
    let original = wait_for(&client, "#reader-original:not([hidden])").await;
    assert_eq!(original.text().await.unwrap(), "下载原文（DOCX）");
    assert_eq!(attr(&original, "download").await, "notice.docx");
    assert!(attr(&original, "href")
        .await
        .ends_with("/api/docs/notice.docx/original"));
    assert!(texts(&client, "#reader-text .page-marker").await.is_empty());

    client.close().await.unwrap();
}
