//! Pushing the index to a cluster (the `opensearch sync` command): brings a cluster's index to the
//! local index's current commit over HTTP. Named `push`, not `sync`, because `index::sync` is the
//! local index's own incremental update.
//!
//! The cluster records the commit it holds in its mapping's `_meta` (`policy_search_commit`),
//! set only once every action of an export was accepted: a sync sends what changed since that
//! commit. Actions go in bounded batches; a batch refused with 429 or 5xx, or items refused with
//! 429, are sent again after a growing pause; other refused items are reported and keep the
//! commit from being recorded, so the next sync sends them again. The batches already accepted
//! of an interrupted sync are recorded beside the index and not sent again. A cluster that does not
//! answer at all (a node restarting, a connection cut) is retried like a 5xx.
//!
//! The index also records the version of the mapping it was created with
//! ([`mapping::MAPPING_META`]): an index made by an older policy-search is not synced into
//! (its analysis would not match the queries), and the error says how to migrate.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::bulk::{self, Action};
use super::mapping::{self, Ranking};
use crate::error::{Error, Result};
use crate::search::Engine;

/// The `_meta` key of the commit a cluster's index holds.
pub const COMMIT_META: &str = "policy_search_commit";

#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The cluster, e.g. `http://localhost:9200`.
    pub url: String,
    pub index_name: String,
    /// Used when the index is created.
    pub ranking: Ranking,
    /// At most this many actions a `_bulk` request…
    pub batch_actions: usize,
    /// …and about this many bytes.
    pub batch_bytes: usize,
    /// Attempts of a refused request before giving up.
    pub retries: u32,
    /// First pause before a retry; doubled each time (at most 30 s).
    pub backoff: Duration,
    /// `user:password` for HTTP basic authentication.
    pub credentials: Option<String>,
    /// Primary shards and replicas of each shard, when the index is created (none: the
    /// cluster's defaults).
    pub shards: Option<u32>,
    pub replicas: Option<u32>,
    /// Delete the cluster's index first and load it anew (the migration from an older mapping).
    pub recreate: bool,
}

impl PushOptions {
    pub fn new(url: impl Into<String>) -> Self {
        PushOptions {
            url: url.into(),
            index_name: mapping::DEFAULT_INDEX_NAME.into(),
            ranking: Ranking::default(),
            batch_actions: 1000,
            batch_bytes: 5 * 1024 * 1024,
            retries: 8,
            backoff: Duration::from_millis(500),
            credentials: None,
            shards: None,
            replicas: None,
            recreate: false,
        }
    }
}

/// An item the cluster refused.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ItemError {
    pub id: String,
    pub status: u16,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PushReport {
    pub commit: String,
    /// The commit the cluster held before (none: empty or new index).
    pub since: Option<String>,
    pub created: bool,
    pub up_to_date: bool,
    pub indexed: usize,
    pub deleted: usize,
    pub batches: usize,
    /// Actions of an interrupted sync that were accepted before and not sent again.
    pub resumed_after: usize,
    /// Requests or items sent again after 429, 5xx or no answer.
    pub retries: usize,
    /// Why requests were sent again (the first few distinct reasons).
    pub retry_reasons: Vec<String>,
    /// True when an existing index was deleted first (`--recreate`).
    pub recreated: bool,
    pub item_errors: Vec<ItemError>,
    /// True when the cluster now records `commit`.
    pub acknowledged: bool,
}

impl std::fmt::Display for PushReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.up_to_date {
            return writeln!(f, "the cluster already holds commit {}", self.commit);
        }
        if self.recreated {
            writeln!(f, "deleted the index to load it anew")?;
        }
        if self.created {
            writeln!(f, "created the index")?;
        }
        writeln!(
            f,
            "{} → {}: {} paragraphs indexed, {} deleted in {} batches ({} retried{})",
            self.since.as_deref().unwrap_or("empty"),
            self.commit,
            self.indexed,
            self.deleted,
            self.batches,
            self.retries,
            if self.resumed_after > 0 {
                format!("; resumed after {} accepted actions", self.resumed_after)
            } else {
                String::new()
            }
        )?;
        for reason in &self.retry_reasons {
            writeln!(f, "  retried: {reason}")?;
        }
        for e in self.item_errors.iter().take(20) {
            writeln!(f, "  refused: {} ({}: {})", e.id, e.status, e.reason)?;
        }
        if self.item_errors.len() > 20 {
            writeln!(f, "  … and {} more refused", self.item_errors.len() - 20)?;
        }
        if self.acknowledged {
            writeln!(f, "the cluster holds commit {}", self.commit)
        } else {
            writeln!(
                f,
                "{} items were refused: the cluster still records commit {}; fix them and sync again",
                self.item_errors.len(),
                self.since.as_deref().unwrap_or("none")
            )
        }
    }
}

/// Where an interrupted sync got to, kept beside the index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Progress {
    url: String,
    index_name: String,
    since: Option<String>,
    commit: String,
    /// Actions accepted, from the start of the export.
    accepted: usize,
}

pub fn push(index_dir: &Path, options: &PushOptions) -> Result<PushReport> {
    let client = Client::new(options)?;
    let name = &options.index_name;
    let engine = Engine::open(index_dir)?;
    let mut report = PushReport::default();

    let mut existing = client.get(&format!("/{name}/_mapping"))?;
    if options.recreate && existing.0 == 200 {
        client.expect_ok(
            "deleting the index",
            client.send(
                "DELETE",
                &format!("/{name}"),
                "application/json",
                Vec::new(),
            )?,
        )?;
        // A sync into the deleted index starts from nothing.
        let _ = std::fs::remove_file(progress_path(index_dir, options));
        report.recreated = true;
        existing = (404, String::new());
    }
    let held = match existing {
        (404, _) => {
            let mut body = mapping::index_body(options.ranking);
            if let Some(n) = options.shards {
                body["settings"]["index"]["number_of_shards"] = json!(n);
            }
            if let Some(n) = options.replicas {
                body["settings"]["index"]["number_of_replicas"] = json!(n);
            }
            client.expect_ok(
                "creating the index",
                client.put(&format!("/{name}"), &body)?,
            )?;
            report.created = true;
            None
        }
        (200, body) => {
            check_mapping(&body, options, &client.base)?;
            held_commit(&body)
        }
        response => {
            client.expect_ok("reading the index's mapping", response)?;
            None
        }
    };
    if held
        .as_ref()
        .is_some_and(|c| !bulk::has_snapshot(index_dir, c))
    {
        return Err(Error::OpenSearch(format!(
            "the cluster's index {name} holds commit {}, which the index at {} has no record of; \
             delete the cluster's index (curl -X DELETE {}/{name}) and sync again",
            held.as_deref().unwrap_or_default(),
            index_dir.display(),
            client.base
        )));
    }
    let export = bulk::export(&engine, name, held.as_deref())?;
    report.commit = export.commit.clone();
    report.since = held.clone();
    if held.as_deref() == Some(export.commit.as_str()) {
        report.up_to_date = true;
        report.acknowledged = true;
        return Ok(report);
    }

    let progress_path = progress_path(index_dir, options);
    let mut progress = Progress {
        url: client.base.clone(),
        index_name: name.clone(),
        since: held,
        commit: export.commit.clone(),
        accepted: 0,
    };
    if let Some(saved) = read_progress(&progress_path) {
        if saved
            == (Progress {
                accepted: saved.accepted,
                ..progress.clone()
            })
        {
            progress.accepted = saved.accepted.min(export.actions.len());
            report.resumed_after = progress.accepted;
        }
    }
    let mut rest = &export.actions[progress.accepted..];
    while !rest.is_empty() {
        let batch = next_batch(rest, options);
        client.send_batch(batch, options, &mut report)?;
        rest = &rest[batch.len()..];
        progress.accepted += batch.len();
        report.batches += 1;
        write_progress(&progress_path, &progress)?;
    }
    report.indexed = export.index_count();
    report.deleted = export.delete_count();
    // Accepted or refused for good: a later sync starts from the commit the cluster records.
    let _ = std::fs::remove_file(&progress_path);
    if report.item_errors.is_empty() {
        // `_meta` is replaced whole: the mapping's version goes with the commit.
        let mut meta = mapping::mapping_meta(options.ranking);
        meta[COMMIT_META] = json!(export.commit);
        let meta = json!({ "_meta": meta });
        client.expect_ok(
            "recording the commit",
            client.put(&format!("/{name}/_mapping"), &meta)?,
        )?;
        report.acknowledged = true;
    }
    Ok(report)
}

/// The commit recorded in a `GET /NAME/_mapping` answer.
fn held_commit(body: &str) -> Option<String> {
    held_meta(body, COMMIT_META)
}

/// A `_meta` value of a `GET /NAME/_mapping` answer.
fn held_meta(body: &str, key: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    // The answer is keyed by the concrete index name (the name asked for may be an alias).
    v.as_object()?
        .values()
        .find_map(|index| index["mappings"]["_meta"][key].as_str().map(str::to_string))
}

/// An index made by another mapping (an older policy-search, or another `--ranking`) would
/// answer our queries differently: refuse it, saying how to migrate.
fn check_mapping(body: &str, options: &PushOptions, base: &str) -> Result<()> {
    let name = &options.index_name;
    let wanted = mapping::mapping_version(options.ranking);
    let held = held_meta(body, mapping::MAPPING_META);
    if held.as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    let held_ranking = held_meta(body, mapping::RANKING_META);
    let what = match (&held, &held_ranking) {
        (Some(_), Some(r)) if r != options.ranking.name() => format!(
            "was created with --ranking {r}, not --ranking {}",
            options.ranking.name()
        ),
        (Some(v), _) => format!(
            "was created by another version of policy-search's mapping ({v}; this one is {wanted})"
        ),
        (None, _) => "was created by an older policy-search (its mapping records no version) \
                      or by hand"
            .to_string(),
    };
    Err(Error::OpenSearch(format!(
        "the cluster's index {name} at {base} {what}: its analysis may not match the queries \
         of this version. Migrate by loading it anew: `policy-search opensearch sync --url {base} \
         --index-name {name} --recreate` (deletes it first; searches find nothing until the load \
         ends), or, to keep it answering meanwhile, sync into a new index (--index-name \
         {name}-2) and point your alias at it (POST {base}/_aliases)"
    )))
}

/// The longest run of actions that fits one request.
fn next_batch<'a>(actions: &'a [Action], options: &PushOptions) -> &'a [Action] {
    let mut bytes = 0;
    let mut n = 0;
    for a in actions.iter().take(options.batch_actions.max(1)) {
        let size = a.action.len() + a.source.as_ref().map_or(0, |s| s.len()) + 2;
        if n > 0 && bytes + size > options.batch_bytes {
            break;
        }
        bytes += size;
        n += 1;
    }
    &actions[..n]
}

fn progress_path(index_dir: &Path, options: &PushOptions) -> PathBuf {
    let target = format!(
        "{}\n{}",
        options.url.trim_end_matches('/'),
        options.index_name
    );
    let digest = blake3::hash(target.as_bytes()).to_hex();
    index_dir
        .join("opensearch")
        .join(format!("sync-{}.progress", &digest[..16]))
}

fn read_progress(path: &Path) -> Option<Progress> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

fn write_progress(path: &Path, progress: &Progress) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    }
    let text = serde_json::to_string(progress).expect("progress serializes");
    std::fs::write(path, text).map_err(|e| Error::io(format!("writing {}", path.display()), e))
}

struct Client {
    agent: ureq::Agent,
    base: String,
    authorization: Option<String>,
}

/// A retry is due: the cluster is busy (429) or failing (5xx).
fn retryable(status: u16) -> bool {
    status == 429 || status >= 500
}

impl Client {
    fn new(options: &PushOptions) -> Result<Client> {
        let base = options.url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(Error::OpenSearch(format!(
                "--url {base:?} is not an http:// or https:// address"
            )));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(300)))
            .build()
            .into();
        let authorization = options
            .credentials
            .as_deref()
            .map(|c| format!("Basic {}", base64(c.as_bytes())));
        Ok(Client {
            agent,
            base,
            authorization,
        })
    }

    fn failed(&self, what: &str, e: impl std::fmt::Display) -> Error {
        Error::OpenSearch(format!("{what} at {}: {e}", self.base))
    }

    fn answer(
        &self,
        what: &str,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<(u16, String)> {
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| self.failed(what, e))?;
        Ok((status, body))
    }

    fn get(&self, path: &str) -> Result<(u16, String)> {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        if let Some(a) = &self.authorization {
            request = request.header("Authorization", a.as_str());
        }
        let response = request.call().map_err(|e| self.failed("GET", e))?;
        self.answer("GET", response)
    }

    fn put(&self, path: &str, body: &Value) -> Result<(u16, String)> {
        self.send(
            "PUT",
            path,
            "application/json",
            body.to_string().into_bytes(),
        )
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<(u16, String)> {
        let url = format!("{}{path}", self.base);
        if method == "DELETE" {
            let mut request = self.agent.delete(url);
            if let Some(a) = &self.authorization {
                request = request.header("Authorization", a.as_str());
            }
            let response = request
                .call()
                .map_err(|e| self.failed(&format!("{method} {path}"), e))?;
            return self.answer(method, response);
        }
        let mut request = match method {
            "PUT" => self.agent.put(url),
            _ => self.agent.post(url),
        }
        .header("Content-Type", content_type);
        if let Some(a) = &self.authorization {
            request = request.header("Authorization", a.as_str());
        }
        let response = request
            .send(&body[..])
            .map_err(|e| self.failed(&format!("{method} {path}"), e))?;
        self.answer(method, response)
    }

    fn expect_ok(&self, what: &str, (status, body): (u16, String)) -> Result<()> {
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(Error::OpenSearch(format!(
                "{what} at {}: HTTP {status}: {}",
                self.base,
                body.chars().take(500).collect::<String>()
            )))
        }
    }

    /// Sends a batch until every item is accepted or refused for good.
    fn send_batch(
        &self,
        batch: &[Action],
        options: &PushOptions,
        report: &mut PushReport,
    ) -> Result<()> {
        let mut pending: Vec<&Action> = batch.iter().collect();
        let mut attempt = 0;
        let mut reason = String::new();
        loop {
            let mut body = Vec::new();
            for a in &pending {
                a.write_to(&mut body).expect("writing to memory");
            }
            let (status, answer) = match self.send("POST", "/_bulk", "application/x-ndjson", body) {
                Ok(answer) => answer,
                // No answer at all: a node restarting, a connection cut. Sent again, as a 5xx.
                Err(e) => (0, e.to_string()),
            };
            let mut again = Vec::new();
            if status == 0 || retryable(status) {
                again = pending.clone();
                reason = note_retry(report, describe(status, &answer));
            } else {
                self.expect_ok("sending a batch", (status, answer.clone()))?;
                let items = bulk_items(&answer).ok_or_else(|| {
                    Error::OpenSearch(format!(
                        "the cluster's _bulk answer is not understood: {}",
                        answer.chars().take(300).collect::<String>()
                    ))
                })?;
                for (action, item) in pending.iter().zip(items) {
                    match item {
                        (status, why) if retryable(status) => {
                            reason = note_retry(
                                report,
                                format!("items refused with {status}: {}", why.unwrap_or_default()),
                            );
                            again.push(*action)
                        }
                        (status, Some(reason)) => report.item_errors.push(ItemError {
                            id: action.id.clone(),
                            status,
                            reason,
                        }),
                        _ => {}
                    }
                }
            }
            if again.is_empty() {
                return Ok(());
            }
            attempt += 1;
            if attempt > options.retries {
                return Err(Error::OpenSearch(format!(
                    "the cluster at {} kept refusing a batch ({} items: {}) after {} attempts; \
                     the batches accepted so far are recorded: run the same sync again to resume",
                    self.base,
                    again.len(),
                    describe(status, &answer),
                    attempt
                )));
            }
            report.retries += 1;
            let pause = options.backoff.saturating_mul(1 << (attempt - 1).min(16));
            eprintln!(
                "opensearch sync: {} of {} actions not accepted ({}); retry {attempt}/{} in {:.1} s",
                again.len(),
                batch.len(),
                reason,
                options.retries,
                pause.min(Duration::from_secs(30)).as_secs_f64()
            );
            std::thread::sleep(pause.min(Duration::from_secs(30)));
            pending = again;
        }
    }
}

/// Keeps the first few distinct reasons for a retry (the report prints them); returns this one.
fn note_retry(report: &mut PushReport, reason: String) -> String {
    let reason: String = reason.chars().take(200).collect();
    if report.retry_reasons.len() < 5 && !report.retry_reasons.contains(&reason) {
        report.retry_reasons.push(reason.clone());
    }
    reason
}

/// A refused or failed request in a few words.
fn describe(status: u16, answer: &str) -> String {
    let text: String = answer.chars().take(200).collect();
    if status == 0 {
        text
    } else {
        format!("HTTP {status}: {text}")
    }
}

/// Each item's status and, when refused, why (`type: reason`).
fn bulk_items(answer: &str) -> Option<Vec<(u16, Option<String>)>> {
    let v: Value = serde_json::from_str(answer).ok()?;
    v["items"]
        .as_array()?
        .iter()
        .map(|item| {
            let op = item.as_object()?.values().next()?;
            let status = op["status"].as_u64()? as u16;
            let error = op.get("error").filter(|e| !e.is_null()).map(|e| {
                match (e["type"].as_str(), e["reason"].as_str()) {
                    (Some(t), Some(r)) => format!("{t}: {r}"),
                    _ => e.to_string(),
                }
            });
            Some((status, error))
        })
        .collect()
}

/// Standard base64, for the basic authentication header.
fn base64(bytes: &[u8]) -> String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_authentication_is_base64() {
        assert_eq!(base64(b"admin:admin"), "YWRtaW46YWRtaW4=");
        assert_eq!(base64(b"ab"), "YWI=");
    }

    #[test]
    fn bulk_answers_give_each_item_its_fate() {
        let answer = r#"{"errors":true,"items":[{"index":{"_id":"a#1","status":201}},
            {"index":{"_id":"a#2","status":429,"error":{"type":"es_rejected_execution_exception","reason":"busy"}}},
            {"delete":{"_id":"a#3","status":404,"result":"not_found"}},
            {"index":{"_id":"a#4","status":400,"error":{"type":"mapper_parsing_exception","reason":"bad"}}}]}"#;
        let items = bulk_items(answer).unwrap();
        assert_eq!(items[0], (201, None));
        assert_eq!(items[1].0, 429);
        assert_eq!(items[2], (404, None));
        assert_eq!(
            items[3],
            (400, Some("mapper_parsing_exception: bad".into()))
        );
    }
}
