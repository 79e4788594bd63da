//! Filling the metadata: the values the classifier reads (a label's value, a 版头 line), and,
//! once the body is known, what its frame, signature, byline, 题注 and file name say. Where two
//! sources give a field, the order here decides which wins.

use super::date::{self, Date};
use super::gongwen::{self, HeaderItem};
use super::history::{self, Effective};
use super::kind;
use super::level;
use super::metadata::{Key, Metadata};
use super::region;
use super::structure;
use super::title;

/// The byline of a speech is among this many first paragraphs.
const BYLINE_SEARCH: usize = 8;
/// A signature line (国务院办公厅) is at most this long.
const SIGNATURE_MAX_CHARS: usize = 30;

/// Fills what the body of document `id` says, given its lines' texts and the issuer its
/// masthead named: its frame, dates, legislative history, region and level. The frame is
/// returned, for the role it gives each line.
pub fn from_body(
    meta: &mut Metadata,
    texts: &[&str],
    masthead: Option<String>,
    id: &str,
) -> gongwen::Frame {
    let frame = gongwen::frame(texts);
    read_frame(meta, &frame, masthead);
    finish_dates(meta, texts);
    apply_history(meta, texts, title::version_in_file_name(id));
    region::fill(meta, id);
    meta.level = level::of(meta).map(str::to_string);
    frame
}

/// What a line of the 版头 says, into the metadata; the masthead's issuer is kept aside, as the
/// issuer when no label names one.
pub fn read_header_item(meta: &mut Metadata, masthead: &mut Option<String>, item: HeaderItem) {
    match item {
        HeaderItem::CopyNumber => {}
        HeaderItem::Secrecy(s) => meta.secrecy = Some(s),
        HeaderItem::Urgency(s) => meta.urgency = Some(s),
        HeaderItem::Masthead(issuer) => {
            masthead.get_or_insert(issuer);
        }
        HeaderItem::NumberAndSigner(number, signer) => {
            set_once(&mut meta.doc_number, &number);
            set_once(&mut meta.signer, &signer);
        }
        HeaderItem::Order(issuer, number) => {
            set_once(&mut meta.doc_number, &number);
            // 国务院令 names its issuer; 北府令 only an abbreviation of it (the signature says it).
            if kind::is_body_name(&issuer) {
                masthead.get_or_insert(issuer);
            }
        }
    }
}

/// The frame's findings into the metadata, and the document's kind and issuer: a label's issuer,
/// else the masthead's, else the one the title names (国务院办公厅关于…), else the signature.
fn read_frame(meta: &mut Metadata, frame: &gongwen::Frame, masthead: Option<String>) {
    meta.addressee = frame.addressee.clone();
    meta.signature = frame.signature.clone();
    meta.copied_to = frame.copied_to.clone();
    meta.printed_by = frame.printed_by.clone();
    meta.printed = frame.printed;
    if meta.written.is_none() {
        meta.written = frame.signed;
    }
    let signed_by_body = frame
        .signature
        .as_deref()
        .filter(|s| s.split('、').all(kind::is_body_name))
        .map(str::to_string);
    if meta.issuer.is_none() {
        meta.issuer = masthead
            .or_else(|| kind::issuer_in_title(&meta.title))
            .or(signed_by_body);
    }
    meta.kind = kind::kind_of(&meta.title).map(str::to_string);
}

/// A labelled value into the field its label names; a field already filled keeps its value.
pub fn set_field(meta: &mut Metadata, key: Key, value: &str) {
    let value = value.trim();
    let slot = match key {
        Key::Title => &mut meta.title,
        Key::Source => return set_once(&mut meta.source, value),
        Key::Issuer => return set_once(&mut meta.issuer, value),
        Key::Written => return set_date_once(&mut meta.written, value),
        Key::Published => return set_date_once(&mut meta.published, value),
        Key::DocNumber => return set_once(&mut meta.doc_number, value),
        Key::IndexNumber => return set_once(&mut meta.index_number, value),
        Key::Ignored => return,
    };
    if slot.is_empty() {
        *slot = value.to_string();
    }
}

/// Metadata blocks are often printed twice; the first value wins.
pub fn set_once(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() && value != "其他" && value != "无" {
        *slot = Some(value.to_string());
    }
}

/// The first date stated wins; a value that holds no date is none.
fn set_date_once(slot: &mut Option<Date>, value: &str) {
    if slot.is_none() {
        *slot = date::find_date(value);
    }
}

/// Fills `written` and `date`. The written date is the stated one (成文日期), else the date under
/// a signature (国务院办公厅\n2024年1月5日), else a speech's byline (——2026年1月28日在…);
/// `date` is the stated or signed written date, else the publication date, else the byline's.
fn finish_dates(meta: &mut Metadata, body: &[&str]) {
    if meta.written.is_none() {
        meta.written = signature_date(body);
    }
    let firm_written = meta.written;
    if meta.written.is_none() {
        meta.written = body
            .iter()
            .take(BYLINE_SEARCH)
            .find_map(|l| date::byline_date(l).or_else(|| date::adoption_date(l)));
    }
    meta.date = firm_written.or(meta.published).or(meta.written);
}

/// The date on the line under a signature: 国务院办公厅 / 2024年1月5日 (or 二〇二四年一月五日).
fn signature_date(body: &[&str]) -> Option<Date> {
    body.windows(2).find_map(|pair| {
        let (signer, date) = (pair[0], pair[1]);
        let is_signer = signer.chars().count() <= SIGNATURE_MAX_CHARS
            && !signer.contains(['。', '，', '；', '：', '！', ':'])
            && !structure::is_heading(signer)
            && !date::is_date_line(signer);
        (is_signer && date::is_date_line(date))
            .then(|| date::find_date(date))
            .flatten()
    })
}

/// Fills the metadata a history gives: `promulgated`, `effective` (else from the closing
/// article of `body`), the version's `date`, its 令 as `doc_number`, the 通过 date as `written`
/// and the issuer the events name (国务院第66次常务会议 → 国务院), where nothing else said them.
///
/// `named` is the version date a file name states (检察官法(2019-04-23).md): the version's date
/// when the 题注 says none or stops short of it (a later amendment left out of the lines).
fn apply_history(meta: &mut Metadata, body: &[&str], named: Option<Date>) {
    let mut dates = history::dates(&meta.history);
    if named.is_some_and(|n| dates.version.is_none_or(|v| n > v)) {
        let promulgated_with_version = dates.promulgated == dates.version;
        dates.version = named;
        if promulgated_with_version || meta.history.is_empty() {
            dates.promulgated = named;
        }
    }
    meta.promulgated = dates.promulgated;
    meta.effective = dates.effective.or_else(|| {
        match history::closing_effective(body.iter().copied())? {
            // A closing article dated before the version is the original text's: an amendment
            // takes effect when it is promulgated, unless its 题注 says otherwise (above).
            Effective::On(d) => Some(dates.version.filter(|v| d < *v).unwrap_or(d)),
            Effective::OnPromulgation => dates.promulgated.or(meta.published).or(meta.written),
        }
    });
    if meta.history.is_empty() {
        meta.date = meta.date.or(named);
        return;
    }
    if meta.doc_number.is_none() {
        meta.doc_number = dates.order;
    }
    if meta.written.is_none() {
        meta.written = meta.history.iter().find_map(|e| e.date);
    }
    if let Some(version) = dates.version {
        meta.date = Some(version);
    }
    if meta.issuer.is_none() {
        meta.issuer = meta.history.iter().find_map(history::issuer_of);
    }
}
