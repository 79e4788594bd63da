//! The OpenSearch hand-off (tier 1): the cluster's folding equals ours character for character,
//! incremental exports hold exactly the expected actions, and `sync` talks HTTP to a small
//! `_bulk` server on loopback that refuses and fails the way a busy cluster does.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use policy_search::analyze::fold_str;
use policy_search::opensearch::bulk::{self, Export};
use policy_search::opensearch::mapping::{self, Ranking};
use policy_search::opensearch::push::{self, PushOptions};
use policy_search::parse::doc_number;
use policy_search::search::Engine;
use serde_json::Value;

use crate::support::{fixture_corpus, manifest_dir, succeeded, Workspace, REFERENCE};

/// A `mapping` char_filter as Lucene's MappingCharFilter applies it: rules read the way
/// OpenSearch's MappingCharFilterFactory reads them, then the longest rule matching at each
/// position (in UTF-16 units, as Java strings are) replaces its match, output never re-read.
pub struct CharFilter {
    rules: BTreeMap<Vec<u16>, Vec<u16>>,
    longest: usize,
}

impl CharFilter {
    pub fn new(rules: &[String]) -> Self {
        // OpenSearch's rule pattern; Java's `\s` is ASCII whitespace only.
        let pattern =
            regex::Regex::new(r"(.*)[ \t\n\x0B\f\r]*=>[ \t\n\x0B\f\r]*(.*)[ \t\n\x0B\f\r]*$")
                .unwrap();
        let mut map = BTreeMap::new();
        for rule in rules {
            let m = pattern
                .captures(rule)
                .unwrap_or_else(|| panic!("invalid mapping rule {rule:?}"));
            let lhs = parse_java_string(java_trim(&m[1]));
            let rhs = parse_java_string(java_trim(&m[2]));
            assert!(!lhs.is_empty(), "a rule matches the empty string: {rule:?}");
            assert!(map.insert(lhs, rhs).is_none(), "rule added twice: {rule:?}");
        }
        let longest = map.keys().map(Vec::len).max().unwrap_or(0);
        CharFilter {
            rules: map,
            longest,
        }
    }

    pub fn apply(&self, text: &str) -> String {
        let input: Vec<u16> = text.encode_utf16().collect();
        let mut out = Vec::with_capacity(input.len());
        let mut i = 0;
        while i < input.len() {
            let matched = (1..=self.longest.min(input.len() - i))
                .rev()
                .find_map(|n| self.rules.get(&input[i..i + n]).map(|to| (n, to)));
            match matched {
                Some((n, to)) => {
                    out.extend_from_slice(to);
                    i += n;
                }
                None => {
                    out.push(input[i]);
                    i += 1;
                }
            }
        }
        String::from_utf16(&out).expect("rules keep surrogate pairs whole")
    }
}

/// Java's `String.trim`: code units up to U+0020 at either end.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// OpenSearch's `parseString` of a mapping rule side: `\\`, `\n`, `\t`, `\r`, `\b`, `\f`,
/// `\uXXXX`; any other character stands for itself.
fn parse_java_string(s: &str) -> Vec<u16> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let mut c = units[i];
        i += 1;
        if c == b'\\' as u16 {
            assert!(i < units.len(), "invalid escaped char in {s:?}");
            c = units[i];
            i += 1;
            c = match char::from_u32(c as u32) {
                Some('\\') => b'\\' as u16,
                Some('n') => b'\n' as u16,
                Some('t') => b'\t' as u16,
                Some('r') => b'\r' as u16,
                Some('b') => 0x08,
                Some('f') => 0x0c,
                Some('u') => {
                    assert!(i + 3 < units.len(), "invalid escaped char in {s:?}");
                    let hex = String::from_utf16(&units[i..i + 4]).unwrap();
                    i += 4;
                    u16::from_str_radix(&hex, 16).unwrap()
                }
                _ => c,
            };
        }
        out.push(c);
    }
    out
}

fn char_filter(body: &Value, name: &str) -> CharFilter {
    let rules: Vec<String> = serde_json::from_value(
        body["settings"]["index"]["analysis"]["char_filter"][name]["mappings"].clone(),
    )
    .unwrap();
    CharFilter::new(&rules)
}

/// What the cluster's `policy_ideograph_space` pattern does after folding: white space between
/// two ideographs goes. (The pattern itself is checked against Java's reading of it below.)
pub fn without_ideograph_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let ideograph = |c: char| policy_search::text::is_ideograph(c);
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() && i > 0 && ideograph(chars[i - 1]) {
            let end = (i..chars.len())
                .find(|&j| !chars[j].is_whitespace())
                .unwrap_or(chars.len());
            if end < chars.len() && ideograph(chars[end]) {
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[test]
fn the_cluster_leaves_out_a_space_between_two_ideographs_as_folding_does() {
    let body = mapping::index_body(Ranking::Bigrams);
    let filter = &body["settings"]["index"]["analysis"]["char_filter"]["policy_ideograph_space"];
    assert_eq!(filter["type"], "pattern_replace");
    assert_eq!(filter["replacement"], "");
    // Java reads \uXXXX inside a character class; lookbehind and lookahead keep the
    // ideographs themselves.
    assert_eq!(
        filter["pattern"],
        "(?<=[\\u3400-\\u4dbf\\u4e00-\\u9fff])\\s+(?=[\\u3400-\\u4dbf\\u4e00-\\u9fff])"
    );
    for analyzer in ["policy_grams", "policy_grams_index"] {
        let filters = &body["settings"]["index"]["analysis"]["analyzer"][analyzer]["char_filter"];
        if filters.is_array() {
            assert_eq!(filters[1], "policy_ideograph_space", "{analyzer}");
        }
    }
    for text in ["第四编 人 格 权", "AI 赋能", "科技　金融", " 科技 "] {
        assert_eq!(
            without_ideograph_spaces(&fold_str_keep(text)),
            fold_str(text),
            "{text}"
        );
    }
}

fn fold_str_keep(text: &str) -> String {
    policy_search::analyze::fold::fold_keeping_spaces(text)
}

/// The folding char_filter of the generated mapping.
pub fn cluster_fold() -> CharFilter {
    char_filter(&mapping::index_body(Ranking::Bigrams), "policy_fold")
}

/// Asserts that the cluster folds `text` as we do, as a whole and character by character.
pub fn assert_folds_alike(fold: &CharFilter, what: &str, text: &str) {
    assert_eq!(
        without_ideograph_spaces(&fold.apply(text)),
        fold_str(text),
        "{what} folds differently as a whole"
    );
    for c in text.chars().collect::<BTreeSet<_>>() {
        let s = c.to_string();
        assert_eq!(
            fold.apply(&s),
            fold_str(&s),
            "{what}: {c:?} (U+{:04X})",
            c as u32
        );
    }
}

#[test]
fn every_character_folds_on_the_cluster_as_here() {
    let fold = cluster_fold();
    let mut differing = Vec::new();
    for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
        let s = c.to_string();
        if fold.apply(&s) != fold_str(&s) {
            differing.push(c);
        }
    }
    assert!(
        differing.is_empty(),
        "{} characters differ: {:?}",
        differing.len(),
        &differing[..differing.len().min(20)]
    );
    // The tables themselves: a traditional character, a full-width letter, a compatibility form.
    for (from, to) in [
        ("學", "学"),
        ("Ｇ", "g"),
        ("㎡", "m2"),
        ("Ⅻ", "xii"),
        ("\u{3000}", " "),
    ] {
        assert_eq!(fold.apply(from), to);
    }
}

#[test]
fn the_shipped_corpus_and_vocabulary_fold_on_the_cluster_as_here() {
    let fold = cluster_fold();
    let reference = std::fs::read_to_string(manifest_dir().join("corpus").join(REFERENCE)).unwrap();
    assert_folds_alike(&fold, REFERENCE, &reference);
    for entry in walkdir::WalkDir::new(fixture_corpus()) {
        let entry = entry.unwrap();
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            assert_folds_alike(&fold, &entry.path().display().to_string(), &text);
        }
    }
    for list in ["dict/policy.dict", "dict/synonyms.txt"] {
        let text = std::fs::read_to_string(manifest_dir().join(list)).unwrap();
        assert_folds_alike(&fold, list, &text);
    }
}

#[test]
fn document_numbers_are_normalized_on_the_cluster_as_here() {
    let body = mapping::index_body(Ranking::Bigrams);
    let fold = char_filter(&body, "policy_fold");
    let docno = char_filter(&body, "policy_docno");
    let cluster = |s: &str| docno.apply(&fold.apply(s));
    for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
        let s = c.to_string();
        assert_eq!(
            cluster(&s),
            doc_number::normalize(&s),
            "{c:?} (U+{:04X})",
            c as u32
        );
    }
    for number in [
        "国办发〔2024〕5号",
        "国办发[2024]5号",
        "国办发（２０２４） ５号",
        "渝府发【2022】 5号",
    ] {
        assert_eq!(cluster(number), doc_number::normalize(number));
    }
    assert_eq!(cluster("国办发 [2024] 5号"), "国办发〔2024〕5号");
}

/// Index and delete actions of an export by `_id`, with the sources of the index actions.
fn actions(export: &Export) -> (BTreeMap<String, Value>, BTreeSet<String>) {
    let mut indexed = BTreeMap::new();
    let mut deleted = BTreeSet::new();
    for a in &export.actions {
        let action: Value = serde_json::from_str(&a.action).unwrap();
        match &a.source {
            Some(source) => {
                assert_eq!(action["index"]["_id"], a.id.as_str());
                indexed.insert(a.id.clone(), serde_json::from_str(source).unwrap());
            }
            None => {
                assert_eq!(action["delete"]["_id"], a.id.as_str());
                deleted.insert(a.id.clone());
            }
        }
    }
    (indexed, deleted)
}

fn ids_of(export: &Export, doc: &str) -> BTreeSet<String> {
    actions(export)
        .0
        .into_iter()
        .filter(|(_, s)| s["doc"] == doc)
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn an_incremental_export_holds_exactly_the_changed_paragraphs_and_deletes_the_gone() {
    let ws = Workspace::new().with_reports(&["东川省", "北岸市", "南湖市"]);
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let first = bulk::export(&engine, "policy", None).unwrap();
    let (all, none) = actions(&first);
    assert_eq!(all.len() as u64, engine.paragraph_count());
    assert!(none.is_empty());
    let north = "2026_北岸市_政府工作报告.txt";
    let south = "2025_南湖市_政府工作报告.txt";
    let south_ids = ids_of(&first, south);
    assert!(!south_ids.is_empty());
    // The longest paragraph of one report is edited in place: only it changes.
    let (edited_id, edited) = all
        .iter()
        .filter(|(_, s)| s["doc"] == north)
        .max_by_key(|(_, s)| s["text"].as_str().unwrap().len())
        .map(|(id, s)| (id.clone(), s["text"].as_str().unwrap().to_string()))
        .unwrap();
    drop(engine);

    let path = ws.corpus().join(north);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(&edited).count(), 1);
    std::fs::write(
        &path,
        text.replace(&edited, &format!("{edited}并建设低空经济示范区。")),
    )
    .unwrap();
    std::fs::remove_file(ws.corpus().join(south)).unwrap();
    let west = std::fs::read_dir(fixture_corpus().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("西岭自治区"))
        .unwrap();
    let west_name = west.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::copy(&west, ws.corpus().join(&west_name)).unwrap();
    let report = ws.sync();
    assert_eq!(
        (
            report.added.len(),
            report.updated.len(),
            report.removed.len()
        ),
        (1, 1, 1),
        "{report}"
    );

    let engine = Engine::open(&ws.index()).unwrap();
    let second = bulk::export(&engine, "policy", Some(&first.commit)).unwrap();
    assert_ne!(second.commit, first.commit);
    let (indexed, deleted) = actions(&second);
    let mut expected: BTreeSet<String> =
        ids_of(&bulk::export(&engine, "policy", None).unwrap(), &west_name);
    assert!(!expected.is_empty());
    expected.insert(edited_id.clone());
    assert_eq!(indexed.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(indexed[&edited_id]["text"]
        .as_str()
        .unwrap()
        .ends_with("低空经济示范区。"));
    assert_eq!(
        deleted, south_ids,
        "exactly the removed report's paragraphs are deleted"
    );

    // Nothing changed since the current commit: nothing to send.
    let third = bulk::export(&engine, "policy", Some(&second.commit)).unwrap();
    assert_eq!(
        (third.commit.as_str(), third.actions.len()),
        (second.commit.as_str(), 0)
    );

    // The command line: the commit, and the same incremental export as NDJSON.
    let index = ws.index();
    let out = succeeded(
        Command::cargo_bin("policy-search")
            .unwrap()
            .args(["opensearch", "commit", "--index"])
            .arg(&index)
            .output()
            .unwrap(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), second.commit);
    let out = succeeded(
        Command::cargo_bin("policy-search")
            .unwrap()
            .args([
                "export",
                "--opensearch",
                "--index-name",
                "policy",
                "--since",
                &first.commit,
                "--index",
            ])
            .arg(&index)
            .output()
            .unwrap(),
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let deletes = lines.iter().filter(|l| l.get("delete").is_some()).count();
    let index_actions = lines.iter().filter(|l| l.get("index").is_some()).count();
    assert_eq!((index_actions, deletes), (indexed.len(), deleted.len()));
    assert_eq!(lines.len(), 2 * index_actions + deletes);
    let unknown = Command::cargo_bin("policy-search")
        .unwrap()
        .args([
            "export",
            "--opensearch",
            "--since",
            "0123456789abcdef",
            "--index",
        ])
        .arg(&index)
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("never exported"),
        "{unknown:?}"
    );
}

#[test]
fn every_paragraph_is_exported_with_the_fields_of_the_mapping() {
    let ws = Workspace::new().with_reports(&["东川省"]);
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let export = bulk::export(&engine, "policy", None).unwrap();
    let body = mapping::index_body(Ranking::Bigrams);
    let properties = body["mappings"]["properties"].as_object().unwrap();
    let mut records = BTreeMap::new();
    engine
        .export(|r| {
            records.insert(bulk::paragraph_id(&r.doc, r.paragraph as u32), r.clone());
            Ok(())
        })
        .unwrap();
    let (indexed, _) = actions(&export);
    assert_eq!(indexed.len(), records.len());
    for (id, source) in &indexed {
        for key in source.as_object().unwrap().keys() {
            assert!(properties.contains_key(key), "{key} is not in the mapping");
        }
        let record = &records[id];
        assert_eq!(source["text"], record.text.as_str());
        assert_eq!(source["section"], serde_json::json!(record.section));
        assert_eq!(source["title"], record.title.as_str());
    }
}

/// A small OpenSearch stand-in on loopback: index creation, mappings with `_meta`, `_bulk`.
#[derive(Default)]
struct Cluster {
    exists: bool,
    /// The commit in `_meta`…
    meta: Option<String>,
    /// …and the whole `_meta` (with the mapping's version).
    mapping_meta: Value,
    docs: BTreeMap<String, Value>,
    bulk_requests: usize,
    /// `_bulk` requests answered 429 before any is served.
    busy: usize,
    /// Ids refused once with a per-item error.
    refuse_once: BTreeSet<String>,
    /// Items refused once with a per-item 429 (retried by the client).
    reject_once: BTreeSet<String>,
    /// After this many served `_bulk` requests, every one fails with 503.
    fail_after: Option<usize>,
}

struct FakeServer {
    url: String,
    cluster: Arc<Mutex<Cluster>>,
}

impl FakeServer {
    fn start() -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let cluster = Arc::new(Mutex::new(Cluster::default()));
        let shared = cluster.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let cluster = shared.clone();
                std::thread::spawn(move || serve_connection(stream, &cluster));
            }
        });
        FakeServer { url, cluster }
    }
}

fn serve_connection(stream: TcpStream, cluster: &Mutex<Cluster>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let (method, path) = (
            parts.next().unwrap_or("").to_string(),
            parts.next().unwrap_or("").to_string(),
        );
        let mut length = 0;
        let mut chunked = false;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).unwrap();
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap(),
                "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size).unwrap();
                let n = usize::from_str_radix(size.trim(), 16).unwrap();
                let mut chunk = vec![0; n + 2];
                reader.read_exact(&mut chunk).unwrap();
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            body.resize(length, 0);
            reader.read_exact(&mut body).unwrap();
        }
        let (status, answer) = handle(
            &mut cluster.lock().unwrap(),
            &method,
            &path,
            &String::from_utf8(body).unwrap(),
        );
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{answer}",
            answer.len()
        );
        writer.write_all(response.as_bytes()).unwrap();
    }
}

fn handle(c: &mut Cluster, method: &str, path: &str, body: &str) -> (u16, String) {
    let missing = (
        404,
        r#"{"error":{"type":"index_not_found_exception"},"status":404}"#.to_string(),
    );
    match (method, path) {
        ("GET", "/policy/_mapping") if !c.exists => missing,
        ("GET", "/policy/_mapping") => (
            200,
            serde_json::json!({ "policy-000001": { "mappings": { "_meta": c.mapping_meta } } })
                .to_string(),
        ),
        ("DELETE", "/policy") => {
            *c = Cluster::default();
            (200, r#"{"acknowledged":true}"#.into())
        }
        ("PUT", "/policy") => {
            let v: Value = serde_json::from_str(body).unwrap();
            assert!(v["settings"]["index"]["analysis"]["char_filter"]["policy_fold"].is_object());
            c.mapping_meta = v["mappings"]["_meta"].clone();
            c.exists = true;
            (
                200,
                r#"{"acknowledged":true,"shards_acknowledged":true,"index":"policy"}"#.into(),
            )
        }
        ("PUT", "/policy/_mapping") => {
            let v: Value = serde_json::from_str(body).unwrap();
            c.meta = v["_meta"][push::COMMIT_META].as_str().map(str::to_string);
            c.mapping_meta = v["_meta"].clone();
            (200, r#"{"acknowledged":true}"#.into())
        }
        ("POST", "/_bulk") => {
            if c.busy > 0 {
                c.busy -= 1;
                return (429, r#"{"error":"too many requests","status":429}"#.into());
            }
            if c.fail_after.is_some_and(|n| c.bulk_requests >= n) {
                return (503, r#"{"error":"unavailable","status":503}"#.into());
            }
            c.bulk_requests += 1;
            let mut lines = body.lines();
            let mut items = Vec::new();
            while let Some(line) = lines.next() {
                let action: Value = serde_json::from_str(line).unwrap();
                let (op, meta) = action.as_object().unwrap().iter().next().unwrap();
                assert_eq!(meta["_index"], "policy");
                let id = meta["_id"].as_str().unwrap().to_string();
                let item = if op.as_str() == "index" {
                    let source: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
                    if c.reject_once.remove(&id) {
                        serde_json::json!({ "index": { "_id": id, "status": 429, "error": { "type": "es_rejected_execution_exception", "reason": "queue full" } } })
                    } else if c.refuse_once.remove(&id) {
                        serde_json::json!({ "index": { "_id": id, "status": 400, "error": { "type": "mapper_parsing_exception", "reason": "failed to parse" } } })
                    } else {
                        c.docs.insert(id.clone(), source);
                        serde_json::json!({ "index": { "_id": id, "status": 201 } })
                    }
                } else {
                    assert_eq!(op.as_str(), "delete");
                    let status = if c.docs.remove(&id).is_some() {
                        200
                    } else {
                        404
                    };
                    serde_json::json!({ "delete": { "_id": id, "status": status } })
                };
                items.push(item);
            }
            (
                200,
                serde_json::json!({ "took": 1, "errors": true, "items": items }).to_string(),
            )
        }
        _ => (400, format!(r#"{{"error":"unexpected {method} {path}"}}"#)),
    }
}

fn options(url: &str) -> PushOptions {
    PushOptions {
        index_name: "policy".into(),
        batch_actions: 10,
        backoff: Duration::from_millis(5),
        ..PushOptions::new(url)
    }
}

/// What the cluster should hold: every paragraph's source, by `_id`.
fn expected_docs(ws: &Workspace) -> BTreeMap<String, Value> {
    let engine = Engine::open(&ws.index()).unwrap();
    actions(&bulk::export(&engine, "policy", None).unwrap()).0
}

#[test]
fn sync_retries_reports_refused_items_resumes_and_sends_only_changes() {
    let ws = Workspace::new().with_reports(&["东川省", "北岸市", "南湖市"]);
    ws.sync();
    let server = FakeServer::start();
    let all = expected_docs(&ws);
    assert!(all.len() > 60, "several batches: {}", all.len());
    let ids: Vec<&String> = all.keys().collect();
    {
        let mut c = server.cluster.lock().unwrap();
        c.busy = 1;
        c.refuse_once.insert(ids[3].clone());
        c.reject_once.insert(ids[50].clone());
    }
    // First: a 429, an item refused for good and an item rejected once.
    let first = push::push(&ws.index(), &options(&server.url)).unwrap();
    assert!(first.created);
    assert!(first.retries >= 2, "{first:?}");
    assert_eq!(first.item_errors.len(), 1);
    assert_eq!(&first.item_errors[0].id, ids[3]);
    assert!(first.item_errors[0]
        .reason
        .contains("mapper_parsing_exception"));
    assert!(!first.acknowledged);
    {
        let c = server.cluster.lock().unwrap();
        assert_eq!(c.meta, None, "a commit with refused items is not recorded");
        assert_eq!(c.docs.len(), all.len() - 1);
        assert!(
            c.docs.contains_key(ids[50]),
            "the rejected item was sent again"
        );
    }
    // Second: everything again (the cluster records no commit), all accepted.
    let second = push::push(&ws.index(), &options(&server.url)).unwrap();
    assert!(second.acknowledged && second.item_errors.is_empty() && !second.created);
    assert_eq!(second.since, None);
    {
        let c = server.cluster.lock().unwrap();
        assert_eq!(c.meta.as_deref(), Some(second.commit.as_str()));
        assert_eq!(c.docs, all);
    }
    assert!(
        push::push(&ws.index(), &options(&server.url))
            .unwrap()
            .up_to_date
    );

    // New reports arrive, one goes: the next sync fails after two batches, the one after resumes.
    std::fs::remove_file(ws.corpus().join("2025_南湖市_政府工作报告.txt")).unwrap();
    let west = std::fs::read_dir(fixture_corpus().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("西岭自治区"))
        .unwrap();
    std::fs::copy(&west, ws.corpus().join(west.file_name().unwrap())).unwrap();
    ws.sync();
    let now = expected_docs(&ws);
    let bulks_before = {
        let mut c = server.cluster.lock().unwrap();
        c.fail_after = Some(c.bulk_requests + 2);
        c.bulk_requests
    };
    let failing = PushOptions {
        retries: 1,
        ..options(&server.url)
    };
    let error = push::push(&ws.index(), &failing).unwrap_err().to_string();
    assert!(error.contains("kept refusing"), "{error}");
    server.cluster.lock().unwrap().fail_after = None;
    let resumed = push::push(&ws.index(), &options(&server.url)).unwrap();
    assert_eq!(resumed.since.as_deref(), Some(second.commit.as_str()));
    assert_eq!(resumed.resumed_after, 20, "{resumed:?}");
    assert!(resumed.acknowledged && resumed.deleted > 0);
    let c = server.cluster.lock().unwrap();
    assert_eq!(
        c.docs, now,
        "the cluster holds exactly the index's paragraphs"
    );
    assert_eq!(c.meta.as_deref(), Some(resumed.commit.as_str()));
    // Only what changed was sent: the new and changed paragraphs, deletes for the gone.
    let changed = now
        .iter()
        .filter(|(id, s)| all.get(*id) != Some(*s))
        .count();
    let gone = all.keys().filter(|id| !now.contains_key(*id)).count();
    assert!(changed > 0 && gone > 0);
    assert_eq!((resumed.indexed, resumed.deleted), (changed, gone));
    assert_eq!(c.bulk_requests - bulks_before, 2 + resumed.batches);
    drop(c);

    // An index made by an older mapping (here: its version in `_meta` changed) is refused, with
    // the way to migrate; `recreate` deletes it and loads it anew.
    server.cluster.lock().unwrap().mapping_meta[mapping::MAPPING_META] =
        serde_json::json!("0000000000000000");
    let error = push::push(&ws.index(), &options(&server.url))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("another version") && error.contains("--recreate"),
        "{error}"
    );
    let recreated = push::push(
        &ws.index(),
        &PushOptions {
            recreate: true,
            ..options(&server.url)
        },
    )
    .unwrap();
    assert!(recreated.recreated && recreated.created && recreated.acknowledged);
    assert_eq!(recreated.since, None);
    let c = server.cluster.lock().unwrap();
    assert_eq!(c.docs, now);
    assert_eq!(
        c.mapping_meta[mapping::MAPPING_META],
        mapping::mapping_version(Ranking::Bigrams)
    );
}

/// One document in several files (the same text, paragraph for paragraph): the paragraphs of the
/// files not shown name the shown file, so that the cluster's queries leave them out as ours do.
#[test]
fn other_copies_of_one_document_name_the_file_shown_in_their_place() {
    let ws = Workspace::new();
    let report = fixture_corpus().join("reports/2026_东川省_政府工作报告.txt");
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::copy(&report, ws.corpus().join(name)).unwrap();
    }
    ws.sync();
    let engine = Engine::open(&ws.index()).unwrap();
    let (docs, _) = actions(&bulk::export(&engine, "policy", None).unwrap());
    let mut marks: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
    for source in docs.values() {
        marks
            .entry(source["doc"].as_str().unwrap().to_string())
            .or_default()
            .insert(source["same_text_of"].as_str().map(str::to_string));
    }
    assert_eq!(marks["a.txt"], BTreeSet::from([None]), "{marks:?}");
    for other in ["b.txt", "c.txt"] {
        assert_eq!(
            marks[other],
            BTreeSet::from([Some("a.txt".to_string())]),
            "{marks:?}"
        );
    }
    // Locally, one hit per paragraph of the three copies.
    let local = engine
        .search(&policy_search::search::SearchRequest {
            limit: 1000,
            ..policy_search::search::SearchRequest::new("科技")
        })
        .unwrap();
    assert!(local.total > 0);
    assert!(
        local.hits.iter().all(|h| h.doc == "a.txt"),
        "{:?}",
        local.hits.len()
    );
}

#[test]
fn a_query_naming_a_law_and_its_article_is_sent_with_what_the_index_resolves() {
    use policy_search::opensearch::query;
    use policy_search::search::SearchRequest;
    let law = crate::support::law_index();
    let request = SearchRequest::new("检察官法 第25条第一款第(二)项");
    let local = law.engine.search(&request).unwrap();
    let through = law.engine.through_documents(&request).unwrap();
    // 检察官法 names the law's versions; the article typed is the one paragraph ranked first.
    assert!(
        through.named_by_part[0]
            .iter()
            .any(|id| id.contains("检察官法(2019-04-23)")),
        "{through:?}"
    );
    let first = (local.hits[0].doc.clone(), local.hits[0].paragraph);
    assert_eq!(through.article, std::slice::from_ref(&first));

    let body = query::search_body_for(&request, Ranking::Bigrams, Some(&law.engine)).unwrap();
    let should = body["query"]["bool"]["should"].as_array().unwrap();
    let named_first = should
        .iter()
        .find(|c| c["constant_score"]["boost"].as_f64() == Some(1e9))
        .expect("a clause that puts the named article first");
    let terms = named_first["constant_score"]["filter"]["bool"]["filter"].to_string();
    assert!(
        terms.contains(&first.0) && terms.contains(&format!("\"paragraph\":{}", first.1)),
        "{terms}"
    );
    let must = body["query"]["bool"]["must"].to_string();
    assert!(must.contains(r#""terms":{"doc":["#), "{must}");

    // Without the index (or with --text-only) the body matches text alone.
    let text_only = query::search_body(&request, Ranking::Bigrams).unwrap();
    assert!(!text_only.to_string().contains(r#""terms""#));
    let printed = succeeded(
        Command::cargo_bin("policy-search")
            .unwrap()
            .args(["opensearch", "query", "--index"])
            .arg(&law.path)
            .args(["--", "检察官法 第25条第一款第(二)项"])
            .output()
            .unwrap(),
    );
    let printed: Value = serde_json::from_slice(&printed.stdout).unwrap();
    assert_eq!(printed["query"], body["query"]);
}

#[test]
fn law_filters_are_sent_as_the_documents_they_keep_and_refused_without_the_index() {
    use policy_search::opensearch::query;
    use policy_search::search::SearchRequest;
    let law = crate::support::law_index();
    for typed in [
        "status:现行有效 检察官",
        "level:法律 -status:已修改",
        "in-force:2000-01-01",
    ] {
        let request = SearchRequest::new(typed);
        let local: BTreeSet<String> = law
            .engine
            .search(&SearchRequest {
                limit: 1000,
                ..request.clone()
            })
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.doc)
            .collect();
        assert!(!local.is_empty(), "{typed}");
        let body = query::search_body_for(&request, Ranking::Bigrams, Some(&law.engine)).unwrap();
        let sent = body["query"]["bool"].to_string();
        // Every document found here is among the ids sent; the query holds no unknown filter.
        assert!(sent.contains(r#""terms":{"doc":["#), "{typed}: {sent}");
        for doc in &local {
            assert!(
                sent.contains(&format!("\"{doc}\"")),
                "{typed}: {doc} not sent"
            );
        }
        let refused = query::search_body(&request, Ranking::Bigrams).unwrap_err();
        assert!(
            refused.to_string().contains("--index"),
            "{typed}: {refused}"
        );
    }
}
