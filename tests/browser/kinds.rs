//! 公文 by kind and issuer, and an article cited.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use policy_search::server::Background;

use crate::corpora::official_corpus;
use crate::page::{attr, click, facet, squeezed, text_of, texts, wait_for};
use crate::{block_on, browser, screenshot, serve};

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_researcher_filters_by_kind_and_issuer_and_cites_an_article() {
    let dir = tempfile::TempDir::new().unwrap();
    let (server, _driver, port) = serve(dir.path(), official_corpus(dir.path()));
    block_on(kinds_session(&server, port));
}

/// Waits until the reader shows the document titled `title`.
async fn wait_for_title(client: &Client, title: &str) {
    let started = Instant::now();
    loop {
        if text_of(client, "#reader-title").await == title {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the reader shows {title}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until every hit's title is `title`, and returns the status line then.
async fn wait_for_hits_of(client: &Client, title: &str) -> String {
    let started = Instant::now();
    loop {
        let titles = texts(client, "#results .hit .hit-title").await;
        if !titles.is_empty() && titles.iter().all(|t| t == title) {
            return text_of(client, "#status").await;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "filtered to {title}: {titles:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn kinds_session(server: &Background, port: u16) {
    let client = browser(port).await;
    let notice = "南湖市人民政府办公厅关于印发南湖市低空经济产业扶持办法的通知";
    let opinion = "东川省人民政府关于加快发展低空经济的意见";

    // The list says what each 公文 is: 文种 · 发文机关 · 发文字号.
    client.goto(&server.url("/")).await.unwrap();
    wait_for(&client, "#doc-list .doc-item").await;
    let items = texts(&client, "#doc-list .doc-item").await;
    let item = items
        .iter()
        .find(|t| t.contains(notice))
        .unwrap_or_else(|| panic!("the notice is listed: {items:?}"));
    assert!(
        item.contains("通知 · 南湖市人民政府办公厅 · 南府办发〔2026〕3号"),
        "{item}"
    );
    // The help lists the syntax of kinds, issuers and articles.
    click(&client, "#help-toggle").await;
    let syntax = texts(&client, "#help .syntax code").await;
    for code in [
        "kind:办法",
        "文种:办法",
        "issuer:国务院办公厅",
        "发文机关:国务院办公厅",
        "article:12",
        "条:12",
        "第十二条",
    ] {
        assert!(
            syntax.iter().any(|c| c == code),
            "{code} in the help: {syntax:?}"
        );
    }
    screenshot(&client, "12-home-help.png").await;

    // A search: 文种 and 发文机关 facets with counts, the article hit with its citation.
    client
        .goto(&server.url("/?q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E"))
        .await
        .unwrap();
    wait_for(&client, "#results .hit").await;
    let headings = texts(&client, "#facets .facet-group h3").await;
    assert!(
        headings.iter().any(|h| h == "文种") && headings.iter().any(|h| h == "发文机关"),
        "{headings:?}"
    );
    let citations = texts(&client, "#results .hit-citation").await;
    assert!(
        citations
            .iter()
            .any(|c| c == "《南湖市低空经济产业扶持办法》第四条"),
        "the article's citation: {citations:?}"
    );
    let (_, notices) = facet(&client, "kind", "通知").await;
    assert!(
        notices >= 2,
        "the notice's paragraphs under 通知: {notices}"
    );

    // Clicking 意见 keeps the opinion's paragraphs only, as many as the facet counted.
    let (button, count) = facet(&client, "kind", "意见").await;
    button.click().await.unwrap();
    let status = wait_for_hits_of(&client, opinion).await;
    assert!(status.starts_with(&format!("共 {count} 段")), "{status}");
    let chip = wait_for(&client, "#active-filters .chip").await;
    assert_eq!(squeezed(&chip.text().await.unwrap()), "文种意见×");
    let url = client.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").contains("kind="), "{url}");
    let (active, _) = facet(&client, "kind", "意见").await;
    assert_eq!(attr(&active, "aria-pressed").await, "true");
    screenshot(&client, "13-results-kind.png").await;

    // The chip undoes it; then the issuer facet filters the same way. The chips go at once,
    // the active facet only with the unfiltered answer, whose counts are the ones to read.
    chip.click().await.unwrap();
    let started = Instant::now();
    while !client
        .find_all(Locator::Css(
            "#active-filters .chip, #facets .facet.active, .results-col.is-loading",
        ))
        .await
        .unwrap()
        .is_empty()
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the chip clears the filter"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (button, count) = facet(&client, "issuer", "南湖市人民政府办公厅").await;
    button.click().await.unwrap();
    let status = wait_for_hits_of(&client, notice).await;
    assert!(status.starts_with(&format!("共 {count} 段")), "{status}");
    let chips = texts(&client, "#active-filters .chip").await;
    assert_eq!(
        chips.iter().map(|c| squeezed(c)).collect::<Vec<_>>(),
        ["发文机关南湖市人民政府办公厅×"]
    );

    // The syntax typed in the box: 文种 in Chinese, and an article by its number.
    client
        .goto(&server.url(
            "/?q=%E6%96%87%E7%A7%8D%3A%E6%84%8F%E8%A7%81+%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E",
        ))
        .await
        .unwrap();
    wait_for_hits_of(&client, opinion).await;
    client.goto(&server.url("/?q=article%3A3")).await.unwrap();
    wait_for(&client, "#results .hit").await;
    let citations = texts(&client, "#results .hit-citation").await;
    assert_eq!(citations, ["《南湖市低空经济产业扶持办法》第三条"]);
    screenshot(&client, "14-results-article.png").await;

    // The reader's head: 文种, 发文机关 and 发文字号 first.
    let hit = client
        .find(Locator::Css("#results .hit .hit-title"))
        .await
        .unwrap();
    hit.click().await.unwrap();
    wait_for(&client, "#reader-text .para.target").await;
    let rows = texts(&client, "#reader-meta .meta-row").await;
    assert_eq!(
        rows.iter().take(3).map(|r| squeezed(r)).collect::<Vec<_>>(),
        [
            "文种通知",
            "发文机关南湖市人民政府办公厅",
            "发文字号南府办发〔2026〕3号"
        ]
    );
    // The selected article says how to cite it; the letter that cites the notice's number is
    // among its related documents, and opens.
    let citation = text_of(&client, "#reader-text .para.target .para-citation").await;
    assert_eq!(citation, "引用：《南湖市低空经济产业扶持办法》第三条");
    let related = texts(&client, "#related .related-item").await;
    assert_eq!(
        related.iter().map(|r| squeezed(r)).collect::<Vec<_>>(),
        ["引用本文文号南湖市财政局关于做好企业奖励申报工作的函2026-03-05"]
    );
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    screenshot(&client, "15-reader-notice.png").await;
    click(&client, "#related .related-item a").await;
    wait_for_title(&client, "南湖市财政局关于做好企业奖励申报工作的函").await;
    let back = texts(&client, "#related .related-item").await;
    assert!(
        back.iter()
            .any(|r| squeezed(r).starts_with("本文引用其文号南湖市人民政府办公厅关于印发")),
        "{back:?}"
    );
    client.back().await.unwrap();
    wait_for_title(&client, notice).await;

    // On a phone the facets fold into 筛选, the 文种 and 发文机关 groups among them.
    client.set_window_size(390, 844).await.unwrap();
    client
        .goto(&server.url("/?q=%E4%BD%8E%E7%A9%BA%E7%BB%8F%E6%B5%8E&kind=%E9%80%9A%E7%9F%A5"))
        .await
        .unwrap();
    wait_for_hits_of(&client, notice).await;
    let summary = wait_for(&client, "#facets-box > summary").await;
    summary.click().await.unwrap();
    let (active, _) = facet(&client, "kind", "通知").await;
    assert!(active.is_displayed().await.unwrap());
    screenshot(&client, "16-phone-facets.png").await;

    client.close().await.unwrap();
}
