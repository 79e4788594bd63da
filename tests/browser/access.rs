//! Keyboards, screen readers and weak eyes: focus, labels, contrast, reduced motion.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use policy_search::server::Background;

use crate::corpora::official_corpus;
use crate::page::{
    assert_contrast, attr, click, facet, wait_for, wait_for_url, CONTRAST_JS, EVERY_TEXT,
};
use crate::{block_on, browser, serve};

#[test]
#[ignore = "needs chromium and chromium-driver: cargo test --test browser -- --ignored"]
fn the_page_serves_keyboards_screen_readers_and_weak_eyes() {
    let dir = tempfile::TempDir::new().unwrap();
    let (server, _driver, port) = serve(dir.path(), official_corpus(dir.path()));
    block_on(access_session(&server, port));
}

async fn access_session(server: &Background, port: u16) {
    let client = browser(port).await;
    client.goto(&server.url("/")).await.unwrap();
    wait_for(&client, "#doc-list .doc-item").await;

    // The contrast check itself tells a faint grey from a dark one.
    let probe = client
        .execute(
            &format!(
                "const p = document.createElement('p'); p.id = 'probe'; p.textContent = '浅灰';
                 p.style.color = '#98a2b3'; document.body.append(p);
                 {CONTRAST_JS}
                 const answer = contrast(['#probe']);
                 p.remove(); return answer;"
            ),
            vec![],
        )
        .await
        .unwrap();
    let ratio = probe[0]["worst"]["ratio"].as_f64().unwrap();
    assert!((ratio - 2.58).abs() < 0.01, "#98a2b3 on white: {ratio}");

    // The help toggle is a button that says whether the panel is open.
    let toggle = client.find(Locator::Css("#help-toggle")).await.unwrap();
    assert_eq!(toggle.tag_name().await.unwrap(), "button");
    assert_eq!(attr(&toggle, "type").await, "button");
    assert_eq!(attr(&toggle, "aria-controls").await, "help");
    assert_eq!(attr(&toggle, "aria-expanded").await, "false");
    assert!(
        toggle.attr("role").await.unwrap().is_none(),
        "a button needs no role"
    );
    toggle.click().await.unwrap();
    assert_eq!(attr(&toggle, "aria-expanded").await, "true");
    assert!(wait_for(&client, "#help")
        .await
        .is_displayed()
        .await
        .unwrap());
    assert_contrast(
        &client,
        "home",
        &[
            ".site-footer",
            ".intro p",
            ".example",
            "#doc-count",
            ".doc-meta",
            ".doc-facts",
            ".format-badge",
            ".help-toggle",
            ".help-note",
            ".syntax td",
            ".syntax code",
            ".brand",
            "input::placeholder",
            EVERY_TEXT,
        ],
    )
    .await;
    // Escape closes the panel and hands the focus back to its toggle.
    let input = client.find(Locator::Css("#analyze-input")).await.unwrap();
    input.click().await.unwrap();
    input
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await
        .unwrap();
    assert_eq!(attr(&toggle, "aria-expanded").await, "false");
    assert!(!client
        .find(Locator::Css("#help"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    wait_for_focus(&client, "help-toggle").await;

    // A search moves the focus to the status line, which is a polite live region.
    let q = client.find(Locator::Css("#q")).await.unwrap();
    q.click().await.unwrap();
    q.send_keys("低空经济\n").await.unwrap();
    wait_for(&client, "#results .hit").await;
    let status = client.find(Locator::Css("#status")).await.unwrap();
    assert_eq!(attr(&status, "aria-live").await, "polite");
    assert_eq!(attr(&status, "tabindex").await, "-1");
    wait_for_focus(&client, "status").await;
    let (button, _) = facet(&client, "kind", "通知").await;
    button.click().await.unwrap();
    wait_for(&client, "#active-filters .chip").await;
    // The chip is drawn before the search is sent, the facets only when its answer comes.
    wait_for(&client, ".facet.active .facet-count").await;
    wait_for(&client, ".results-col:not(.is-loading) #results .hit").await;
    assert_contrast(
        &client,
        "results",
        &[
            "#status",
            ".hit-title",
            ".hit-date",
            ".hit-para",
            ".hit-section",
            ".hit-citation",
            ".hit-similar",
            ".facet-group h3",
            ".facet-label",
            ".facet-count",
            ".facet.active .facet-count",
            ".chip-key",
            ".chip-value",
            ".chip-x",
            ".format-badge",
            ".sort-label",
            ".view-toggle button",
            ".search-tools a",
            ".site-footer",
            EVERY_TEXT,
        ],
    )
    .await;
    // Controls that stay in place keep the focus: the sort menu stepped through with the arrow
    // keys, the view toggle.
    let sort = client.find(Locator::Css("#sort")).await.unwrap();
    client
        .execute("document.getElementById('sort').focus();", vec![])
        .await
        .unwrap();
    sort.send_keys(&fantoccini::key::Key::Down.to_string())
        .await
        .unwrap();
    wait_for_url(&client, "sort=date").await;
    wait_for(&client, ".results-col:not(.is-loading) #results .hit").await;
    wait_for_focus(&client, "sort").await;
    let grouped = client
        .find(Locator::Css("#view-toggle button[data-view=doc]"))
        .await
        .unwrap();
    grouped.click().await.unwrap();
    wait_for(&client, "#results .group").await;
    let element = client.active_element().await.unwrap();
    assert_eq!(attr(&element, "data-view").await, "doc");
    click(&client, "#view-toggle button[data-view=para]").await;
    wait_for(&client, "#results .hit").await;

    // Opening a hit moves it to the reader's title; back, to the status again.
    click(&client, "#results .hit .hit-title").await;
    wait_for(&client, "#reader-text .para.target").await;
    wait_for_focus(&client, "reader-title").await;
    assert_contrast(
        &client,
        "reader",
        &[
            ".para-num",
            ".para.target .para-num",
            ".para-text",
            ".meta-row dt",
            ".meta-row dd",
            ".match-count",
            ".outline-item a",
            ".reader-back",
            ".original-link",
            EVERY_TEXT,
        ],
    )
    .await;
    client.back().await.unwrap();
    wait_for(&client, "#search:not([hidden]) #results .hit").await;
    wait_for_focus(&client, "status").await;
    // The brand link leads home, focus on its heading; the trends link, on the view's heading.
    click(&client, ".brand").await;
    wait_for(&client, "#home:not([hidden]) #doc-list .doc-item").await;
    wait_for_focus(&client, "home-title").await;
    click(&client, "#tool-trends").await;
    wait_for(&client, "#research .tool-title").await;
    let heading = client.active_element().await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "词频趋势");
    assert_contrast(
        &client,
        "trends",
        &[
            ".tool-title",
            "#research .muted",
            ".site-footer",
            EVERY_TEXT,
        ],
    )
    .await;

    // Smooth scrolling only without a wish for less motion: the outline's links scroll the
    // reader smoothly by default and jump when reduced motion is asked for, with no fade either.
    let reader = "/?read=1&doc=%E5%85%AC%E6%96%87%2F%E6%89%B6%E6%8C%81%E5%8A%9E%E6%B3%95%E7%9A%84%E9%80%9A%E7%9F%A5.txt";
    for reduce in [false, true] {
        emulate_reduced_motion(&client, reduce).await;
        client.goto(&server.url(reader)).await.unwrap();
        wait_for(&client, "#outline a").await;
        let answer = client
            .execute(
                "const calls = [];
                 const original = Element.prototype.scrollIntoView;
                 Element.prototype.scrollIntoView = function (options) { calls.push(options); };
                 document.querySelectorAll('#outline a')[1].click();
                 Element.prototype.scrollIntoView = original;
                 return {
                   reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
                   behaviors: calls.map((o) => (o && o.behavior) || 'auto'),
                   html: getComputedStyle(document.documentElement).scrollBehavior,
                   para: getComputedStyle(document.querySelector('.para')).scrollBehavior,
                   fade: getComputedStyle(document.querySelector('.results-col')).transitionDuration,
                 };",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(answer["reduce"], reduce, "{answer}");
        let expected = if reduce { "auto" } else { "smooth" };
        assert_eq!(
            answer["behaviors"],
            serde_json::json!([expected]),
            "{answer}"
        );
        assert_eq!(answer["html"], "auto", "{answer}");
        assert_eq!(answer["para"], "auto", "{answer}");
        assert_eq!(answer["fade"] == "0s", reduce, "{answer}");
    }

    client.close().await.unwrap();
}
/// A Chrome DevTools command, through chromedriver's `goog/cdp/execute` endpoint: what
/// WebDriver itself cannot do, such as emulating `prefers-reduced-motion`.
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

async fn emulate_reduced_motion(client: &Client, reduce: bool) {
    let value = if reduce { "reduce" } else { "no-preference" };
    client
        .issue_cmd(DevTools {
            cmd: "Emulation.setEmulatedMedia",
            params: serde_json::json!({
                "features": [{ "name": "prefers-reduced-motion", "value": value }]
            }),
        })
        .await
        .expect("emulating prefers-reduced-motion");
}

/// Waits until the element with this id (or, without an id, this tag) has the focus: views move
/// it when their answer has come, which may be after the element waited for is drawn.
async fn wait_for_focus(client: &Client, expected: &str) {
    let started = Instant::now();
    loop {
        let now = focused(client).await;
        if now == expected {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the focus is on {now}, not {expected}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The id of the focused element, or its tag when it has none.
async fn focused(client: &Client) -> String {
    let element = client.active_element().await.unwrap();
    match element.attr("id").await.unwrap() {
        Some(id) if !id.is_empty() => id,
        _ => element.tag_name().await.unwrap(),
    }
}
