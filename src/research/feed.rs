//! Atom feeds of a saved search: the newest matching paragraphs, newest documents first, so that
//! a search becomes a subscription. Entry ids name the paragraph (document and number), so they
//! stay the same from one fetch to the next; new reports appear as they are indexed.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::error::{Error, Result};
use crate::search::{Engine, Hit, SearchRequest};

/// Entries in a feed.
pub const FEED_ENTRIES: usize = 50;

/// The Atom feed of a search (its filters and sort; newest first unless it asks otherwise).
/// `base` is the server's address (http://host:port) for links, `params` the search's query
/// string (`q=…&region=安徽`), so that the feed's links reproduce it.
pub fn feed(engine: &Engine, request: &SearchRequest, params: &str, base: &str) -> Result<Vec<u8>> {
    let query = request.query.as_str();
    let results = engine.search(&SearchRequest {
        limit: FEED_ENTRIES,
        offset: 0,
        // A feed follows what new texts say.
        through_documents: false,
        ..request.clone()
    })?;
    let manifest = engine.manifest()?;
    // An undated document's entries carry the time it was indexed: when it became news here
    // (in an index older than that record, the time its file last changed).
    let indexed = |doc: &str| {
        manifest.files.get(doc).map_or(0, |e| match e.indexed_at {
            0 => e.modified_ns / 1_000_000_000,
            at => at,
        })
    };
    let stamps: Vec<String> = results
        .hits
        .iter()
        .map(|h| timestamp(h.date.as_deref(), indexed(&h.doc)))
        .collect();
    let updated = stamps
        .iter()
        .max()
        .cloned()
        .unwrap_or_else(|| timestamp(None, 0));
    let search_url = format!("{base}/?{params}");
    let self_url = format!("{base}/feed?{params}");
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
        &format!("urn:policy-search:feed:{}", hex(params)),
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
    for (hit, stamp) in results.hits.iter().zip(&stamps) {
        entry(&mut w, hit, stamp, base, query).map_err(xml_err)?;
    }
    w.write_event(Event::End(BytesEnd::new("feed")))
        .map_err(xml_err)?;
    Ok(w.into_inner())
}

fn entry(
    w: &mut Writer<Vec<u8>>,
    hit: &Hit,
    updated: &str,
    base: &str,
    query: &str,
) -> std::io::Result<()> {
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
    text_element(w, "updated", updated)?;
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
        &super::hits::citation(&hit.title, &hit.section, hit.page, hit.paragraph),
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

/// A document date (YYYY-MM-DD) as an Atom timestamp; an undated document at the time it was
/// indexed (seconds since the epoch).
fn timestamp(date: Option<&str>, indexed_at: u64) -> String {
    match date.filter(|d| d.len() == 10) {
        Some(d) => format!("{d}T00:00:00Z"),
        None => {
            let days = (indexed_at / 86_400) as i64;
            let secs = indexed_at % 86_400;
            let (y, m, d) = civil_from_days(days);
            format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            )
        }
    }
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Ids are the hex of their UTF-8 bytes: stable, and valid in a URN whatever the file name.
fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// Percent-encodes a query-string value.
pub fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undated_entries_carry_the_time_they_were_indexed() {
        assert_eq!(timestamp(Some("2026-01-15"), 5), "2026-01-15T00:00:00Z");
        // 2026-12-07 15:30:00 UTC
        assert_eq!(timestamp(None, 1_796_657_400), "2026-12-07T15:30:00Z");
        assert_eq!(timestamp(None, 951_782_400), "2000-02-29T00:00:00Z");
    }
}
