//! A researcher charting a trend and comparing two reports.

use std::path::Path;

use fantoccini::{Client, Locator};
use policy_search::server::Background;

use crate::corpora::{copy_reference, copy_tree};
use crate::page::{assert_contrast, attr, text_of, texts, wait_for, EVERY_TEXT};
use crate::{block_on, browser, screenshot, serve};

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn a_researcher_charts_a_trend_and_compares_two_reports() {
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_reference(root, &corpus);
    copy_tree(&root.join("tests/fixtures/corpus"), &corpus);
    let (server, _driver, port) = serve(dir.path(), corpus);
    block_on(research_session(&server, port));
}

async fn research_session(server: &Background, port: u16) {
    let client = browser(port).await;

    // Two queries by region: an ECharts bar chart across the box's full width, the value
    // axis fitted to the data, the province tile map beside, the table under them.
    client
        .goto(&server.url("/?tool=trends&q=低空经济&q=科技创新&by=region"))
        .await
        .unwrap();
    wait_for(&client, "#trend-chart canvas").await;
    let chart = chart_facts(&client, "#trend-chart").await;
    assert_eq!(chart["series"], 2, "{chart}");
    assert!(
        chart["canvasWidth"].as_f64().unwrap() >= chart["boxWidth"].as_f64().unwrap() - 4.0,
        "the chart fills its box: {chart}"
    );
    assert!(
        chart["boxWidth"].as_f64().unwrap() >= chart["pageWidth"].as_f64().unwrap() * 0.8,
        "the box spans the page: {chart}"
    );
    assert!(
        chart["axisMax"].as_f64().unwrap() >= chart["dataMax"].as_f64().unwrap(),
        "no value above the top tick: {chart}"
    );
    assert!(chart["saveAsImage"].as_bool().unwrap(), "{chart}");
    let tiles = chart_facts(&client, "#tile-map-0").await;
    assert!(tiles["tiles"].as_u64().unwrap() >= 31, "{tiles}");
    let rows = texts(&client, "#trend-table tbody tr").await;
    assert!(rows.iter().any(|r| r.starts_with("东川")), "{rows:?}");
    let csv = client
        .find(Locator::Css(".tool-summary a.download"))
        .await
        .unwrap();
    assert!(attr(&csv, "href").await.contains("format=csv"));
    screenshot(&client, "9-trends-by-region.png").await;
    client
        .execute(
            "document.querySelector('#tile-map-0').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    screenshot(&client, "9b-tile-map.png").await;

    // A click on the first bar opens its hits: the query in that region.
    let (query, key) = click_first_mark(&client, "#trend-chart").await;
    wait_for(&client, "#results .hit").await;
    let q = client
        .find(Locator::Css("#q"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(q, format!("{query} region:{key}"));
    assert!(wait_for(&client, "#search-tools a[href*='format=xlsx']")
        .await
        .is_displayed()
        .await
        .unwrap());

    // Lines by year, with synonyms counted: each variant in the summary.
    client
        .goto(&server.url("/?tool=trends&q=低空经济&by=year&synonyms=1"))
        .await
        .unwrap();
    wait_for(&client, "#trend-chart canvas").await;
    let chart = chart_facts(&client, "#trend-chart").await;
    assert_eq!(chart["type"], "line", "{chart}");
    assert!(
        chart["axisMax"].as_f64().unwrap() >= chart["dataMax"].as_f64().unwrap(),
        "{chart}"
    );
    let summary = text_of(&client, ".tool-summary").await;
    assert!(summary.contains("低空经济：共"), "{summary}");
    screenshot(&client, "10-trends-by-year.png").await;

    // Last year's report against this year's: changes marked, 新提法 listed.
    let a = "reports/2025_南湖市_政府工作报告.txt";
    let b = "reports/2026_北岸市_政府工作报告.txt";
    client
        .goto(&server.url(&format!(
            "/?tool=compare&a={}&b={}",
            a.replace('/', "%2F"),
            b.replace('/', "%2F")
        )))
        .await
        .unwrap();
    wait_for(&client, "#compare-pairs .pair").await;
    let summary = text_of(&client, "#compare-summary").await;
    assert!(summary.contains("新增"), "{summary}");
    assert!(!texts(&client, "#new-terms li").await.is_empty());
    let shown_kept = client
        .find_all(Locator::Css("#compare-pairs .pair-kept"))
        .await
        .unwrap();
    for p in &shown_kept {
        assert!(
            !p.is_displayed().await.unwrap(),
            "kept paragraphs are hidden at first"
        );
    }
    screenshot(&client, "11-compare.png").await;
    assert_contrast(
        &client,
        "compare",
        &[".pair-status", ".pair-removed .pair-text", EVERY_TEXT],
    )
    .await;

    client.close().await.unwrap();
}

/// What an ECharts chart in `css` shows: its series, its type, the largest value and the top of
/// its value axis, its width against its box's and the page's, its tiles (a tile map).
async fn chart_facts(client: &Client, css: &str) -> serde_json::Value {
    client
        .execute(
            r#"const box = document.querySelector(arguments[0]);
               const chart = echarts.getInstanceByDom(box);
               const option = chart.getOption();
               const values = option.series.flatMap((s) => s.data.map((d) => Array.isArray(d) ? d[2] : d));
               const y = chart.getModel().getComponent('yAxis');
               const canvas = box.querySelector('canvas');
               return {
                 series: option.series.length,
                 type: option.series[0].type,
                 dataMax: Math.max(...values),
                 axisMax: y && y.axis.type === 'value' ? y.axis.scale.getExtent()[1] : null,
                 boxWidth: box.clientWidth,
                 canvasWidth: canvas.getBoundingClientRect().width,
                 pageWidth: document.querySelector('main').clientWidth,
                 saveAsImage: !!(option.toolbox && option.toolbox[0].feature.saveAsImage),
                 tiles: option.series[0].type === 'heatmap' ? option.series[0].data.length : 0,
               };"#,
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap()
}

/// Clicks the first bar of an ECharts bar chart where it is drawn; its query and key.
async fn click_first_mark(client: &Client, css: &str) -> (String, String) {
    use fantoccini::actions::InputSource as _;
    let found = client
        .execute(
            r#"const box = document.querySelector(arguments[0]);
               box.scrollIntoView({ block: 'center' });
               const chart = echarts.getInstanceByDom(box);
               const option = chart.getOption();
               const key = option.xAxis[0].data[0];
               // The bar as laid out: x, y (its base), width, height (negative: upwards).
               const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
               const r = box.getBoundingClientRect();
               return [option.series[0].name, key, r.left + bar.x + bar.width / 2,
                       r.top + bar.y + bar.height / 2];"#,
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
    let query = found[0].as_str().unwrap().to_string();
    let key = found[1].as_str().unwrap().to_string();
    // A real click where the bar is drawn, as a reader's mouse makes it.
    let (x, y) = (found[2].as_f64().unwrap(), found[3].as_f64().unwrap());
    let actions = fantoccini::actions::MouseActions::new("mouse".into())
        .then(fantoccini::actions::PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(fantoccini::actions::PointerAction::Down {
            button: fantoccini::actions::MOUSE_BUTTON_LEFT,
        })
        .then(fantoccini::actions::PointerAction::Up {
            button: fantoccini::actions::MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(actions).await.unwrap();
    (query, key)
}
