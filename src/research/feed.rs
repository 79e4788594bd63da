//! Atom feeds of a saved search: the newest matching paragraphs, newest documents first, so that
//! a search becomes a subscription. Entry ids name the paragraph (document and number), so they
//! stay the same from one fetch to the next; new reports appear as they are indexed.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::error::{Error, Result};
use crate::search::{Engine, Hit, SearchRequest, Sort};

/// Entries in a feed.
pub const FEED_ENTRIES: usize = 50;

/// The Atom feed of `query`; `base` is the server's address (http://host:port) for links.
pub fn feed(engine: &Engine, query: &str, base: &str) -> Result<Vec<u8>> {
    let results = engine.search(&SearchRequest {
        limit: FEED_ENTRIES,
        sort: Sort::Date,
        // A feed follows what new texts say.
        through_documents: false,
        ..SearchRequest::new(query)
    })?;
    let updated = results
        .hits
        .iter()
        .filter_map(|h| h.date.as_deref())
        .max()
        .map_or_else(|| timestamp(None), |d| timestamp(Some(d)));
    let search_url = format!("{base}/?q={}", encode(query));
    let self_url = format!("{base}/feed?q={}", encode(query));
    let xml_err = |e: std::io::Error| Error::io("writing the feed", e);

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(xml_err)?;
    let mut root = BytesStart::new("feed");
    root.push_attribute(("xmlns", "http://www.w3.org/2005/Atom"));
    w.write_event(Event::Start(root)).map_err(xml_err)?;
    text_element(&mut w, "title", &format!("政策文件检索：{query}")).map_err(xml_err)?;
    text_element(
        &mut w,
        "id",
        &format!("urn:policy-search:feed:{}", hex(query)),
    )
    .map_err(xml_err)?;
    text_element(&mut w, "updated", &updated).map_err(xml_err)?;
    link(&mut w, &self_url, Some("self")).map_err(xml_err)?;
    link(&mut w, &search_url, None).map_err(xml_err)?;
    w.write_event(Event::Start(BytesStart::new("author")))
        .map_err(xml_err)?;
    text_element(&mut w, "name", "policy-search").map_err(xml_err)?;
    w.write_event(Event::End(BytesEnd::new("author")))
        .map_err(xml_err)?;
    for hit in &results.hits {
        entry(&mut w, hit, base, query).map_err(xml_err)?;
    }
    w.write_event(Event::End(BytesEnd::new("feed")))
        .map_err(xml_err)?;
    Ok(w.into_inner())
}

fn entry(w: &mut Writer<Vec<u8>>, hit: &Hit, base: &str, query: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("entry")))?;
    let heading = match hit.section.last() {
        Some(s) => format!("{} · {s}", hit.title),
        None => hit.title.clone(),
    };
    text_element(w, "title", &heading)?;
    text_element(
        w,
        "id",
        &format!(
            "urn:policy-search:paragraph:{}:{}",
            hex(&hit.doc),
            hit.paragraph
        ),
    )?;
    text_element(w, "updated", &timestamp(hit.date.as_deref()))?;
    let url = format!(
        "{base}/?read=1&doc={}&p={}&q={}",
        encode(&hit.doc),
        hit.paragraph,
        encode(query)
    );
    link(w, &url, None)?;
    text_element(
        w,
        "summary",
        &super::citation(&hit.title, &hit.section, hit.page, hit.paragraph),
    )?;
    let mut content = BytesStart::new("content");
    content.push_attribute(("type", "text"));
    w.write_event(Event::Start(content))?;
    w.write_event(Event::Text(BytesText::new(&hit.text)))?;
    w.write_event(Event::End(BytesEnd::new("content")))?;
    w.write_event(Event::End(BytesEnd::new("entry")))
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn link(w: &mut Writer<Vec<u8>>, href: &str, rel: Option<&str>) -> std::io::Result<()> {
    let mut link = BytesStart::new("link");
    link.push_attribute(("href", href));
    if let Some(rel) = rel {
        link.push_attribute(("rel", rel));
    }
    w.write_event(Event::Empty(link))
}

/// A document date (YYYY-MM-DD) as an Atom timestamp; undated documents at the epoch.
fn timestamp(date: Option<&str>) -> String {
    match date.filter(|d| d.len() == 10) {
        Some(d) => format!("{d}T00:00:00Z"),
        None => "1970-01-01T00:00:00Z".into(),
    }
}

/// Ids are the hex of their UTF-8 bytes: stable, and valid in a URN whatever the file name.
fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Percent-encodes a query-string value.
pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
