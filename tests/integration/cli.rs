//! The command line as a user runs it: index, query (human and JSON), export, errors.

use assert_cmd::Command;
use serde_json::Value;

use crate::support::{fixture_index, succeeded, Workspace};

fn bin() -> Command {
    Command::cargo_bin("policy-search").unwrap()
}

/// `query --json` over a workspace's corpus and index, which must succeed: the JSON and stderr.
fn query_json(ws: &Workspace, query: &str) -> (Value, String) {
    let out = succeeded(
        bin()
            .args(["query", query, "--json", "--corpus"])
            .arg(ws.corpus())
            .arg("--index")
            .arg(ws.index())
            .output()
            .unwrap(),
    );
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(succeeded(cmd.output().unwrap()).stdout).unwrap()
}

#[test]
fn query_json_has_the_documented_shape() {
    let index = fixture_index();
    let out = stdout(
        bin()
            .args(["query", "低空经济", "--limit", "5", "--json", "--index"])
            .arg(&index.path),
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["query"], "低空经济");
    assert!(v["total"].as_u64().unwrap() > 5);
    assert!(v["took_ms"].is_number());
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    for key in [
        "doc",
        "paragraph",
        "title",
        "date",
        "section",
        "text",
        "snippet",
        "score",
    ] {
        assert!(hits[0].get(key).is_some(), "hit has {key}: {}", hits[0]);
    }
    assert!(hits[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>低空经济</mark>"));
}

#[test]
fn human_output_shows_title_section_paragraph_and_highlight() {
    let index = fixture_index();
    let out = stdout(
        bin()
            .args(["query", "金凤实验室", "--color", "never", "--index"])
            .arg(&index.path),
    );
    assert!(out.contains("2 paragraphs match 金凤实验室"), "{out}");
    assert!(out.contains("重庆高新区直管园2021年经济社会发展情况及2022年重点工作"));
    assert!(out.contains("一、2021年工作情况 › (一)创新动能显著增强"));
    assert!(out.contains("【金凤实验室】"));
    assert!(out.contains('¶'));
    let colored = stdout(
        bin()
            .args(["query", "金凤实验室", "--color", "always", "--index"])
            .arg(&index.path),
    );
    let style = policy_search::search::highlight::MATCH_STYLE;
    let highlighted = format!("{style}金凤实验室{style:#}");
    assert!(highlighted.starts_with('\x1b'), "{highlighted:?}");
    assert!(colored.contains(&highlighted), "{colored}");

    // `auto` follows the conventions: CLICOLOR_FORCE colours even a pipe, NO_COLOR wins over it.
    let auto = |vars: &[(&str, &str)]| {
        let mut cmd = bin();
        cmd.args(["query", "金凤实验室", "--index"])
            .arg(&index.path);
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        stdout(&mut cmd)
    };
    assert!(!auto(&[]).contains('\x1b'), "a pipe gets no colour");
    assert!(auto(&[("CLICOLOR_FORCE", "1")]).contains(&highlighted));
    let no_color = auto(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(
        !no_color.contains('\x1b') && no_color.contains("【金凤实验室】"),
        "{no_color}"
    );
}

#[test]
fn bad_queries_exit_non_zero_with_a_message() {
    let index = fixture_index();
    for query in ["", "。，", &"长".repeat(500)] {
        let out = bin()
            .args(["query", query, "--index"])
            .arg(&index.path)
            .output()
            .unwrap();
        // A query that cannot be read is a usage error, said as the API says it.
        assert_eq!(out.status.code(), Some(2), "{query:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error: ") && !err.is_ascii(),
            "{query:?}: {err}"
        );
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn the_first_query_builds_a_missing_index_and_export_prints_it() {
    let ws = Workspace::new().with_reports(&["北岸市", "西岭自治区"]);
    let (v, stderr) = query_json(&ws, "科技创新");
    assert!(stderr.contains("building it"), "{stderr}");
    assert!(v["total"].as_u64().unwrap() > 0);

    let exported = stdout(bin().arg("export").arg("--index").arg(ws.index()));
    let lines: Vec<Value> = exported
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = stdout(
        bin()
            .args(["index", "--json", "--corpus"])
            .arg(ws.corpus())
            .arg("--index")
            .arg(ws.index()),
    );
    let summary: Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(lines.len() as u64, summary["paragraphs"].as_u64().unwrap());
    assert_eq!(summary["unchanged"], 2);
    for key in ["doc", "paragraph", "title", "date", "section", "text"] {
        assert!(lines[0].get(key).is_some(), "{key}");
    }
}

#[test]
fn a_missing_corpus_is_a_clear_error() {
    let ws = Workspace::new();
    let out = bin()
        .args(["index", "--corpus", "/nonexistent/corpus", "--index"])
        .arg(ws.index())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("corpus folder /nonexistent/corpus does not exist"));
}

/// The whole of stderr of a command that must fail with exit code 1.
fn failure_stderr(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn an_error_is_printed_once_with_nothing_repeated() {
    let index = fixture_index();
    // A query that cannot be read: a usage error (exit code 2), in the API's words.
    let out = bin()
        .args(["query", "。，", "--index"])
        .arg(&index.path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: 检索词中没有可检索的内容：请至少包含一个汉字、字母或数字\n"
    );
    let ws = Workspace::new();
    assert_eq!(
        failure_stderr(
            bin()
                .args(["index", "--corpus", "/nonexistent/corpus", "--index"])
                .arg(ws.index())
        ),
        "error: corpus folder /nonexistent/corpus does not exist (pass --corpus DIR)\n"
    );
    // An I/O error: its cause is part of the message, not repeated under it.
    assert_eq!(
        failure_stderr(
            bin()
                .args(["analyze", "科技", "--dict", "/nonexistent/user.dict"])
        ),
        "error: cannot read dictionary /nonexistent/user.dict: No such file or directory (os error 2)\n"
    );
}

/// What a first build leaves when it is killed before its one commit: tantivy's files with this
/// version's schema, and no manifest.
fn interrupted_first_build(ws: &Workspace) {
    std::fs::create_dir_all(ws.index()).unwrap();
    let (schema, _) = policy_search::index::schema::build();
    tantivy::Index::create_in_dir(ws.index(), schema).unwrap();
}

#[test]
fn an_interrupted_first_build_says_so_and_how_to_finish_it() {
    let ws = Workspace::new().with_reports(&["北岸市"]);
    interrupted_first_build(&ws);
    let index = ws.index();
    assert_eq!(
        failure_stderr(bin().arg("export").arg("--index").arg(&index)),
        format!(
            "error: the index at {} was never finished: its first build was interrupted; \
             finish it with `policy-search index`\n",
            index.display()
        )
    );
    // `query` finishes it by itself, saying why it builds.
    let (v, stderr) = query_json(&ws, "科技创新");
    assert!(
        stderr.starts_with(&format!(
            "the index's first build was interrupted at {}: building it from {} …\n",
            index.display(),
            ws.corpus().display()
        )),
        "{stderr}"
    );
    assert!(v["total"].as_u64().unwrap() > 0);

    // `index` over another interrupted build starts again and says why.
    let ws = Workspace::new().with_reports(&["北岸市"]);
    interrupted_first_build(&ws);
    let summary = stdout(
        bin()
            .args(["index", "--corpus"])
            .arg(ws.corpus())
            .arg("--index")
            .arg(ws.index()),
    );
    assert!(
        summary.contains("built from scratch (the last build was interrupted before it finished)"),
        "{summary}"
    );
}

#[test]
fn an_index_folder_that_holds_other_files_is_refused_untouched() {
    let ws = Workspace::new().with_reports(&["北岸市"]);
    let folder = ws.index();
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("notes.txt"), "my notes").unwrap();
    assert_eq!(
        failure_stderr(
            bin()
                .args(["index", "--corpus"])
                .arg(ws.corpus())
                .arg("--index")
                .arg(&folder)
        ),
        format!(
            "error: {} is not empty and holds no index; refusing to write an index into it \
             (pass another --index)\n",
            folder.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.txt")).unwrap(),
        "my notes"
    );
}

#[test]
fn help_explains_the_query_syntax() {
    let out = stdout(bin().args(["query", "--help"]));
    for needle in [
        "title:",
        "section:",
        "-房地产",
        "year:2026",
        "\"科技 金融\"",
    ] {
        assert!(out.contains(needle), "--help mentions {needle}");
    }
}

#[test]
fn a_dictionary_change_needs_no_reindex_and_finds_the_same_paragraphs() {
    // Jieba's words are not indexed (they rank queries through the bigram field), so a new
    // word changes how queries are segmented, not what the index holds.
    let ws = Workspace::new().with_reports(&["东川省", "北岸市", "南湖市"]);
    let with_dicts = |cmd: &mut Command, extra: &[&std::path::Path]| {
        for dict in extra {
            cmd.arg("--dict").arg(dict);
        }
    };
    let index_json = |extra: &[&std::path::Path]| -> Value {
        let mut cmd = bin();
        cmd.args(["index", "--json", "--corpus"])
            .arg(ws.corpus())
            .arg("--index")
            .arg(ws.index());
        with_dicts(&mut cmd, extra);
        serde_json::from_str(&stdout(&mut cmd)).unwrap()
    };
    let first = index_json(&[]);
    let dict = ws.dir.path().join("user.dict");
    std::fs::write(&dict, "科产融合 30000 n\n不存在的词语甲 100 n\n").unwrap();
    let second = index_json(&[&dict]);
    assert!(second["rebuilt"].is_null(), "{second}");
    assert_eq!(second["added"].as_array().map(Vec::len), Some(0));
    assert_eq!(second["updated"].as_array().map(Vec::len), Some(0));
    assert_eq!(second["paragraphs"], first["paragraphs"]);

    let total = |extra: &[&std::path::Path]| -> u64 {
        let mut cmd = bin();
        cmd.args(["query", "科产融合", "--json", "--limit", "1000", "--index"])
            .arg(ws.index());
        with_dicts(&mut cmd, extra);
        let v: Value = serde_json::from_str(&stdout(&mut cmd)).unwrap();
        v["total"].as_u64().unwrap()
    };
    let engine = policy_search::search::Engine::open(&ws.index()).unwrap();
    let containing = crate::support::brute_force(&engine, "科产融合").len() as u64;
    assert!(containing > 0);
    assert_eq!(total(&[]), containing);
    assert_eq!(total(&[&dict]), containing);

    // The analyzer shows the new word whole, and only with the dictionary.
    let words = |extra: &[&std::path::Path]| -> Vec<Value> {
        let mut cmd = bin();
        cmd.args(["analyze", "--json", "壮大科产融合新动能"]);
        for dict in extra {
            cmd.arg("--dict").arg(dict);
        }
        let analysis: Value = serde_json::from_str(&stdout(&mut cmd)).unwrap();
        analysis["words"].as_array().unwrap().clone()
    };
    assert!(!words(&[]).iter().any(|w| w == "科产融合"));
    assert!(words(&[&dict]).iter().any(|w| w == "科产融合"));
}

#[test]
fn an_index_of_another_version_is_rebuilt_not_refused() {
    // What an upgrade leaves behind: a tantivy index whose schema this version does not know.
    // `query` and `serve` both go through the same check before opening it.
    let ws = Workspace::new().with_reports(&["北岸市"]);
    std::fs::create_dir_all(ws.index()).unwrap();
    let mut schema = tantivy::schema::Schema::builder();
    let old_text = schema.add_text_field("body", tantivy::schema::TEXT);
    let old = tantivy::Index::create_in_dir(ws.index(), schema.build()).unwrap();
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(old_text => "an old paragraph"))
        .unwrap();
    writer.commit().unwrap();
    drop(writer);
    assert!(policy_search::index::is_outdated(&ws.index()));

    let (v, stderr) = query_json(&ws, "科产融合");
    assert!(stderr.contains("another version"), "{stderr}");
    assert!(v["total"].as_u64().unwrap() > 0);
    assert!(!policy_search::index::is_outdated(&ws.index()));
}

/// `serve` as a user starts it: it builds the missing index, warms up, prints its URL on one
/// line, and the first search through that URL answers; it stops on SIGTERM.
#[test]
fn serve_prints_its_url_once_warm_and_answers_the_first_search() {
    use std::io::{BufRead, BufReader};
    let ws = Workspace::new().with_reports(&["北岸市"]);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_policy-search"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--corpus"])
        .arg(ws.corpus())
        .arg("--index")
        .arg(ws.index())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.contains(&format!("serving on http://127.0.0.1:{port}/")),
        "{line}"
    );
    let (status, v) = crate::http::get_json(&format!(
        "http://127.0.0.1:{port}/api/search?q={}",
        crate::http::enc("科技创新")
    ));
    // SAFETY: kill only sends a signal to the child we started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let exit = child.wait().unwrap();
    assert_eq!(status, 200, "{v}");
    assert!(v["total"].as_u64().unwrap() > 0, "{v}");
    assert!(exit.success(), "{exit:?}");
}
