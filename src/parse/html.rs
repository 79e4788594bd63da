//! HTML pages saved from government sites: their text, one block per line, chrome elements gone.
//!
//! The result is read like a `.txt` page, so the same boilerplate and metadata rules apply.

use scraper::{ElementRef, Html, Node};

/// Elements whose content is never text of the document. Not `form`: ASP.NET sites wrap the
/// whole page in one.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "iframe", "svg", "nav", "aside", "select", "button", "input",
    "textarea", "head", "template", "object", "embed", "canvas",
];
/// The page's banner and footer, unless inside the article (`<article><header><h1>`).
const PAGE_FRAME_TAGS: &[&str] = &["header", "footer"];
/// Class or id words of the document itself: `article-header` holds the title, not the banner.
const CONTENT_MARKERS: &[&str] = &[
    "article", "content", "detail", "details", "main", "text", "title", "info", "body", "zoom",
    "doc", "policy", "xxgk", "zw",
];
/// Class or id words of navigation and page furniture.
const DROPPED_MARKERS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "header",
    "breadcrumb",
    "crumb",
    "share",
    "sidebar",
    "toolbar",
    "topbar",
    "banner",
    "copyright",
    "search",
    "login",
];
/// Elements that start a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "tr",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "hr",
    "center",
    "main",
    "body",
    "td",
    "th",
];

/// The text of a page, blocks on their own lines.
pub fn to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut out = String::new();
    walk(document.root_element(), &mut out);
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_dropped(element: &ElementRef) -> bool {
    let e = element.value();
    if DROPPED_TAGS.contains(&e.name()) {
        return true;
    }
    if PAGE_FRAME_TAGS.contains(&e.name()) {
        return !element
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "article" | "main"));
    }
    let attrs = [e.attr("class"), e.attr("id")];
    attrs.iter().flatten().any(|value| {
        value.split_whitespace().any(|token| {
            let words: Vec<String> = token
                .split(|c: char| !c.is_ascii_alphanumeric())
                .map(|w| w.to_ascii_lowercase())
                .collect();
            words.iter().any(|w| DROPPED_MARKERS.contains(&w.as_str()))
                && !words.iter().any(|w| CONTENT_MARKERS.contains(&w.as_str()))
        })
    })
}

fn walk(element: ElementRef, out: &mut String) {
    if is_dropped(&element) {
        return;
    }
    let name = element.value().name();
    let block = BLOCK_TAGS.contains(&name);
    // Cells of one table row stay on one line, like `[ 发布日期 ] 2022-03-01`.
    let cell = matches!(name, "td" | "th");
    if block && !cell {
        out.push('\n');
    } else if cell {
        out.push(' ');
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.push_str(&text.replace(['\n', '\r'], " ")),
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, out);
                }
            }
            _ => {}
        }
    }
    if block && !cell {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_and_drops_chrome() {
        let html = r#"<html><head><title>t</title><style>p{}</style></head><body>
            <div class="nav">首页 > 要闻</div>
            <table><tr><td>发布日期：</td><td>2026-01-02</td></tr></table>
            <div id="content"><p>一、总体要求</p><p>（一）推进<b>科技创新</b>。加快发展。</p>
            <script>alert(1)</script></div>
            <footer>版权所有</footer></body></html>"#;
        let text = to_text(html);
        assert_eq!(
            text,
            "发布日期： 2026-01-02\n一、总体要求\n（一）推进科技创新。加快发展。"
        );
    }

    #[test]
    fn a_page_wrapped_in_a_form_keeps_its_text() {
        let html = r#"<html><body><form id="form1" method="post">
            <div class="nav">首页</div><input type="hidden" value="x">
            <div class="content"><p>一、总体要求</p></div></form></body></html>"#;
        assert_eq!(to_text(html), "一、总体要求");
    }

    #[test]
    fn an_article_s_own_header_keeps_the_title() {
        let html = r#"<html><body><header>网站名称 首页</header>
            <article><header><h1>某市关于做好防汛工作的通知</h1></header><p>各区县：</p></article>
            <div class="article-header">发布时间：2024-06-01</div>
            <div class="header-top">登录 注册</div><footer>版权所有</footer></body></html>"#;
        assert_eq!(
            to_text(html),
            "某市关于做好防汛工作的通知\n各区县：\n发布时间：2024-06-01"
        );
    }
}
