//! Reading and waiting on the page, shared by the sessions.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

/// Waits for an element to appear, for at most 10 s.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// Text without spaces: "第 2 页" and "第2页" alike.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

pub async fn scroll_into_view(client: &Client, element: &fantoccini::elements::Element) {
    client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(element).unwrap()],
        )
        .await
        .unwrap();
}

/// The first result hit whose format badge reads `badge`.
pub async fn hit_with_badge(client: &Client, badge: &str) -> fantoccini::elements::Element {
    for hit in client
        .find_all(Locator::Css("#results .hit"))
        .await
        .unwrap()
    {
        if let Ok(b) = hit.find(Locator::Css(".hit-head .format-badge")).await {
            if b.text().await.unwrap() == badge {
                return hit;
            }
        }
    }
    panic!("no hit with a {badge} badge");
}

pub async fn attr(element: &fantoccini::elements::Element, name: &str) -> String {
    element.attr(name).await.unwrap().unwrap_or_default()
}

/// Clicks the first element `css` selects.
pub async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is not there: {e}"))
        .click()
        .await
        .unwrap();
}

/// The text of the element `css` finds.
pub async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is not there: {e}"))
        .text()
        .await
        .unwrap()
}

/// The rendered text of every element `css` finds (empty for hidden ones, as WebDriver has it),
/// read in one script: a re-render between finding and reading cannot leave stale elements.
pub async fn texts(client: &Client, css: &str) -> Vec<String> {
    let answer = client
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0]),
                (e) => (e.getClientRects().length ? e.innerText.trim() : ''));",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
    serde_json::from_value(answer).unwrap()
}

/// Waits until the URL's query contains `part`.
pub async fn wait_for_url(client: &Client, part: &str) {
    let started = Instant::now();
    loop {
        let url = client.current_url().await.unwrap();
        if url.query().unwrap_or("").contains(part) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{part} in the URL: {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The facet button of `value` in the group `kind`, with its count.
pub async fn facet(
    client: &Client,
    kind: &str,
    value: &str,
) -> (fantoccini::elements::Element, u64) {
    let css = format!("#facets .facet[data-kind={kind}][data-value=\"{value}\"]");
    let button = wait_for(client, &css).await;
    let count = button
        .find(Locator::Css(".facet-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (button, count.parse().unwrap())
}

/// The WCAG contrast of each visible element that `selectors` find: its text colour against the
/// first opaque background among it and its ancestors (a translucent text colour is blended onto
/// that background). Per selector: how many elements it found, and the worst of them.
pub const CONTRAST_JS: &str = r#"
function contrast(selectors) {
const parse = (css) => {
  const m = /^rgba?\(([^)]*)\)$/.exec(css);
  if (!m) throw new Error('not an rgb() colour: ' + css);
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const luminance = (c) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
};
const background = (e) => {
  for (let n = e; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c.a >= 1) return c;
  }
  return { r: 255, g: 255, b: 255, a: 1 }; // the canvas
};
const ratio = (e, pseudo) => {
  const bg = background(e);
  const fg = parse(getComputedStyle(e, pseudo).color);
  const mix = (k) => fg[k] * fg.a + bg[k] * (1 - fg.a);
  const text = { r: mix('r'), g: mix('g'), b: mix('b') };
  const [hi, lo] = [luminance(text), luminance(bg)].sort((x, y) => y - x);
  return { ratio: (hi + 0.05) / (lo + 0.05), color: getComputedStyle(e, pseudo).color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})` };
};
return selectors.map((selector) => {
  // `input::placeholder`: the placeholders of the inputs `input` finds.
  const pseudo = selector.endsWith('::placeholder') ? '::placeholder' : null;
  const base = pseudo ? selector.slice(0, -pseudo.length) : selector;
  const text = (e) => (pseudo ? e.placeholder || '' : e.textContent).trim();
  const shown = Array.from(document.querySelectorAll(base)).filter((e) =>
    e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && text(e) !== '');
  let worst = null;
  for (const e of shown) {
    const r = ratio(e, pseudo);
    if (!worst || r.ratio < worst.ratio) {
      worst = Object.assign(r, { element: `${e.tagName.toLowerCase()}.${e.className}`, text: text(e).slice(0, 30) });
    }
  }
  return { selector, found: shown.length, worst };
});
}
"#;

/// Every element on the page: whatever the named selectors leave out.
pub const EVERY_TEXT: &str = "body *";

/// Every selector finds visible text, and all of it has a contrast of at least 4.5:1 (WCAG AA
/// for normal text).
pub async fn assert_contrast(client: &Client, view: &str, selectors: &[&str]) {
    let answer = client
        .execute(
            &format!("{CONTRAST_JS} return contrast(arguments[0]);"),
            vec![serde_json::json!(selectors)],
        )
        .await
        .unwrap();
    for row in answer.as_array().unwrap() {
        let selector = row["selector"].as_str().unwrap();
        assert!(
            row["found"].as_u64().unwrap() > 0,
            "{view}: {selector} finds no visible text to check"
        );
        let ratio = row["worst"]["ratio"].as_f64().unwrap();
        assert!(
            ratio >= 4.5,
            "{view}: {selector} has a contrast of {ratio:.2}:1, below 4.5:1: {}",
            row["worst"]
        );
    }
}
