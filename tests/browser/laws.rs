//! A lawyer following a law through its versions: 历史版本 in the reader, then 新旧对照 of two
//! versions in two columns, article by article.

use std::path::Path;

use fantoccini::{Client, Locator};
use policy_search::server::Background;

use crate::corpora::copy_tree;
use crate::page::{
    assert_contrast, attr, facet, squeezed, text_of, texts, wait_for, wait_for_url, EVERY_TEXT,
};
use crate::{block_on, browser, screenshot, serve};

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_lawyer_compares_two_versions_of_a_law_article_by_article() {
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("tests/fixtures/laws"), &corpus);
    let (server, _driver, port) = serve(dir.path(), corpus);
    block_on(versions_session(&server, port));
}

async fn versions_session(server: &Background, port: u16) {
    let client = browser(port).await;

    // The three versions share a title and a format: the document facet tells them apart by date.
    let query: String = url::form_urlencoded::byte_serialize("测试管理条例".as_bytes()).collect();
    client
        .goto(&server.url(&format!("/?q={query}")))
        .await
        .unwrap();
    wait_for(&client, "#facets .facet[data-kind=doc]").await;
    let mut labels = texts(&client, "#facets .facet[data-kind=doc] .facet-label").await;
    labels.retain(|l| l.starts_with("测试管理条例"));
    labels.sort();
    assert_eq!(
        labels,
        [
            "测试管理条例（2001-03-01）",
            "测试管理条例（2010-01-08）",
            "测试管理条例（2020-06-01）"
        ]
    );

    // Filtering by one of them names it the same way in its chip.
    let (button, _) = facet(&client, "doc", "测试管理条例(2010-01-08).md").await;
    button.click().await.unwrap();
    wait_for_url(&client, "doc=").await;
    wait_for(&client, "#facets .facet.active").await;
    let chips = texts(&client, "#active-filters .chip").await;
    assert_eq!(
        chips.iter().map(|c| squeezed(c)).collect::<Vec<_>>(),
        ["文档测试管理条例（2010-01-08）×"]
    );

    // The newest version lists all three, itself marked, each other one with its 新旧对照.
    let newest = "测试管理条例(2020-06-01).md";
    let url = format!(
        "/?read=1&doc={}",
        url::form_urlencoded::byte_serialize(newest.as_bytes()).collect::<String>()
    );
    client.goto(&server.url(&url)).await.unwrap();
    wait_for(&client, "#versions:not([hidden]) #versions-list li").await;
    let versions = texts(&client, "#versions-list li").await;
    assert_eq!(versions.len(), 3, "{versions:?}");
    assert!(versions[0].contains("（本版本）"), "{versions:?}");

    // 引用本条 sits under its article, as wide as the article's text (not squeezed into the
    // column of paragraph numbers), and opens on the paragraphs citing it.
    let placement = client
        .execute(
            "const box = document.querySelector('#reader-text .cited-by');
             const text = box.parentElement.querySelector('.para-text').getBoundingClientRect();
             const own = box.getBoundingClientRect();
             return { left: own.left, width: own.width, textLeft: text.left, textWidth: text.width };",
            vec![],
        )
        .await
        .unwrap();
    let at = |key: &str| placement[key].as_f64().unwrap();
    assert!(
        (at("left") - at("textLeft")).abs() < 1.0 && at("width") >= at("textWidth") - 1.0,
        "{placement}"
    );
    client
        .find(Locator::Css("#reader-text .cited-by summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let citing = texts(&client, "#reader-text .cited-by[open] li").await;
    assert!(
        !citing.is_empty() && citing.iter().all(|c| c.contains("第")),
        "{citing:?}"
    );

    // 新旧对照 with the 2010 version: the older is A (修改前), the newer B (修改后).
    client
        .find(Locator::XPath(
            "//ul[@id='versions-list']//a[text()='新旧对照' and contains(@href, '2010-01-08')]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#compare-table tbody tr").await;
    wait_for_url(&client, "by=article").await;
    let by_article = wait_for(&client, "#compare-by-article").await;
    assert!(by_article.is_selected().await.unwrap());
    let heads = texts(&client, "#compare-table th").await;
    assert_eq!(heads.len(), 2, "{heads:?}");
    assert!(
        heads[0].starts_with("修改前：") && heads[1].starts_with("修改后："),
        "{heads:?}"
    );
    let summary = text_of(&client, "#compare-summary").await;
    assert!(
        summary.contains("新增 1 条") && summary.contains("修改 3 条"),
        "{summary}"
    );

    // A changed article: the old wording struck through on the left, the new marked on the
    // right, each side only its own; an added article leaves the left cell saying so.
    let rows = row_cells(&client).await;
    let changed = rows
        .iter()
        .find(|r| r["b"]["text"].as_str().unwrap().contains("每季度"))
        .expect("the reporting article");
    assert_eq!(changed["a"]["head"], "第三条", "{changed}");
    assert_eq!(changed["b"]["head"], "第四条修改", "{changed}");
    assert_eq!(
        changed["a"]["del"],
        serde_json::json!(["半年"]),
        "{changed}"
    );
    assert_eq!(changed["a"]["ins"], serde_json::json!([]), "{changed}");
    assert_eq!(
        changed["b"]["ins"],
        serde_json::json!(["季度"]),
        "{changed}"
    );
    assert_eq!(changed["b"]["del"], serde_json::json!([]), "{changed}");
    let added = rows
        .iter()
        .find(|r| r["b"]["text"].as_str().unwrap().contains("真实、完整"))
        .expect("the added article");
    assert_eq!(added["a"]["text"], "（无，新增条文）", "{added}");

    // The unchanged article shows when asked for.
    assert!(texts(&client, "#compare-table tr.pair-kept").await[0].is_empty());
    client
        .find(Locator::Css("#show-kept"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let kept = texts(&client, "#compare-table tr.pair-kept").await;
    assert!(kept[0].contains("本条例适用于境内的测试活动"), "{kept:?}");
    assert_eq!(
        attr(&wait_for(&client, "#compare-table").await, "class").await,
        "compare-table"
    );

    assert_contrast(
        &client,
        "新旧对照",
        &[
            "#compare-table th",
            ".article-number",
            ".pair-status",
            "#compare-table .pair-text",
            ".article-none .muted",
            EVERY_TEXT,
        ],
    )
    .await;
    screenshot(&client, "17-versions-compare.png").await;
    client.close().await.unwrap();
}

/// Each row of the table: per side its heading, text, and the text it marks inserted and
/// deleted.
async fn row_cells(client: &Client) -> Vec<serde_json::Value> {
    let answer = client
        .execute(
            "const side = (td) => ({
               head: (td.querySelector('.pair-head') || {}).textContent || '',
               text: (td.querySelector('.pair-text') || td).textContent.trim(),
               ins: Array.from(td.querySelectorAll('ins'), (e) => e.textContent),
               del: Array.from(td.querySelectorAll('del'), (e) => e.textContent),
             });
             return Array.from(document.querySelectorAll('#compare-table tbody tr'),
               (tr) => ({ a: side(tr.cells[0]), b: side(tr.cells[1]) }));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(answer).unwrap()
}
