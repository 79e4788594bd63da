//! Tier 2: every body the OpenSearch hand-off generates is checked against OpenSearch's own
//! OpenAPI specification (`../shared/opensearch-api-specification`, YAML files whose schemas
//! `$ref` each other), and the cluster's folding against ours over the shared corpus.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use policy_search::opensearch::bulk;
use policy_search::opensearch::mapping::{self, Ranking};
use policy_search::opensearch::query::{search_body, search_body_for};
use policy_search::search::{SearchRequest, Sort};
use serde_json::{json, Value};

use crate::opensearch::{assert_folds_alike, cluster_fold};
use crate::support::{manifest_dir, shared_corpus, shared_index, shared_queries};

/// The specification as one JSON document: `{"files": {"schemas/_common.yaml": …, …}}`, every
/// `$ref` rewritten to point into it, so that one validator resolves references across files.
struct Spec {
    root: Value,
}

fn spec_dir() -> PathBuf {
    let dir = manifest_dir().join("../shared/opensearch-api-specification/spec");
    assert!(
        dir.is_dir(),
        "tier 2 test: the OpenSearch specification is missing at {}",
        dir.display()
    );
    dir
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let dir = spec_dir();
        let mut files = serde_json::Map::new();
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // Through YAML's own value: its mappings may have numeric keys (`200:`).
            let yaml: serde_norway::Value = serde_norway::from_str(&text)
                .unwrap_or_else(|e| panic!("reading {}: {e}", entry.path().display()));
            let mut value = serde_json::to_value(yaml).unwrap();
            rewrite_refs(&mut value, &name);
            files.insert(name, value);
        }
        Spec {
            root: json!({ "files": files }),
        }
    })
}

/// A JSON pointer into the combined document for `file` and its own `#/…` pointer.
fn pointer(file: &str, fragment: &str) -> String {
    format!(
        "#/files/{}{}",
        file.replace('~', "~0").replace('/', "~1"),
        fragment
    )
}

fn rewrite_refs(value: &mut Value, file: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                let (target, fragment) = r.split_once('#').unwrap_or((r.as_str(), ""));
                let target_file = if target.is_empty() {
                    file.to_string()
                } else {
                    normalize(&Path::new(file).parent().unwrap().join(target))
                };
                *r = pointer(&target_file, fragment);
            }
            for v in map.values_mut() {
                rewrite_refs(v, file);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, file)),
        _ => {}
    }
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

impl Spec {
    /// A validator for the schema at `file` + `fragment` (a JSON pointer inside that file).
    fn validator(&self, file: &str, fragment: &str) -> jsonschema::Validator {
        let target = pointer(file, fragment);
        let mut schema = self.root.clone();
        schema["$ref"] = json!(target);
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&schema)
            .unwrap_or_else(|e| panic!("compiling the schema {target}: {e}"))
    }
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, instance: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate: {errors:#?}\n{instance}"
    );
}

fn create_index_validator() -> jsonschema::Validator {
    spec().validator(
        "namespaces/indices.yaml",
        "/components/requestBodies/indices.create/content/application~1json/schema",
    )
}

fn search_validator() -> jsonschema::Validator {
    spec().validator(
        "namespaces/_core.yaml",
        "/components/requestBodies/search/content/application~1json/schema",
    )
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_mapping_validates_against_the_specification() {
    let validator = create_index_validator();
    for ranking in [Ranking::Bigrams, Ranking::Smartcn, Ranking::Ik] {
        assert_valid(
            &validator,
            &format!("the mapping ({ranking:?})"),
            &mapping::index_body(ranking),
        );
    }
    // The validator does reject what OpenSearch would: a tokenizer without its required fields.
    let mut broken = mapping::index_body(Ranking::Bigrams);
    broken["settings"]["index"]["analysis"]["tokenizer"]["policy_bigrams"] =
        json!({ "type": "ngram" });
    assert!(
        !validator.is_valid(&broken),
        "the specification's schemas are in force"
    );
}

/// The forms of our query syntax, each with the filters the CLI and API add.
fn syntax_forms() -> Vec<SearchRequest> {
    let queries = [
        "科技 金融",
        "\"科技 金融\"",
        "科技 -房地产",
        "-\"房地产 市场\" 科技",
        "title:上海 科技",
        "标题:上海",
        "section:民生",
        "章节:民生 就业",
        "doc:2026_北京市",
        "文档:北京",
        "docno:国办发〔2024〕5号",
        "文号:国办发[2024]5号 创新",
        "year:2026",
        "year:2024..2026 低空经济",
        "date:2026-01..2026-03",
        "date:..2026 科技",
        "date:2025.. 科技",
        "日期:2026-01-15",
        "碳",
        "高新区",
        "\"规上\"",
        "ＧＤＰ 科學城",
        "R&D占比",
        "国办发（２０２４）５号",
        "比例:1:2",
        "科技 -year:2025 -kind:通知 -region:上海",
    ];
    let mut requests = Vec::new();
    for q in queries {
        requests.push(SearchRequest::new(q));
        requests.push(SearchRequest {
            doc: Some("北京".into()),
            doc_number: Some("京政发〔2026〕1号".into()),
            section: Some("民生".into()),
            from: Some("2025".into()),
            to: Some("2026-06".into()),
            sort: Sort::Date,
            facets: true,
            limit: 20,
            offset: 40,
            ..SearchRequest::new(q)
        });
    }
    requests
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn search_bodies_for_every_public_query_and_syntax_form_validate() {
    let validator = search_validator();
    let mut requests: Vec<SearchRequest> =
        shared_queries().iter().map(SearchRequest::new).collect();
    requests.extend(shared_queries().iter().map(|q| SearchRequest {
        facets: true,
        ..SearchRequest::new(q)
    }));
    requests.extend(syntax_forms());
    assert!(requests.len() > 100);
    for ranking in [Ranking::Bigrams, Ranking::Smartcn, Ranking::Ik] {
        for request in &requests {
            let body = search_body(request, ranking)
                .unwrap_or_else(|e| panic!("{:?}: {e}", request.query));
            assert_valid(
                &validator,
                &format!("the search body of {:?}", request.query),
                &body,
            );
        }
    }
    // With the index: parts matched through documents' names, a named article first, law
    // filters sent as the documents they keep.
    let law = crate::support::law_index();
    for q in [
        "检察官法 第25条第一款第(二)项",
        "专利代理条例 第二十五条第二款",
        "国务院令第706号",
        "status:现行有效 检察官",
        "level:法律 -status:已修改",
        "in-force:2000-01-01 专利",
    ] {
        let body = search_body_for(&SearchRequest::new(q), Ranking::Bigrams, Some(&law.engine))
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
        assert_valid(
            &validator,
            &format!("the search body of {q:?} with the index"),
            &body,
        );
    }
    let mut broken = search_body(&SearchRequest::new("科技"), Ranking::Bigrams).unwrap();
    broken["size"] = json!("ten");
    assert!(
        !validator.is_valid(&broken),
        "the specification's schemas are in force"
    );
}

/// A schema for source lines from our own mapping: exactly its fields, of their types.
fn source_schema() -> Value {
    let body = mapping::index_body(Ranking::Bigrams);
    let mut properties = serde_json::Map::new();
    for (name, field) in body["mappings"]["properties"].as_object().unwrap() {
        let one = match field["type"].as_str().unwrap() {
            "integer" => {
                json!({ "type": "integer", "minimum": -2147483648i64, "maximum": 2147483647 })
            }
            "date" => json!({ "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" }),
            _ => json!({ "type": "string" }),
        };
        properties.insert(
            name.clone(),
            json!({ "anyOf": [one, { "type": "array", "items": one }] }),
        );
    }
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "required": ["doc", "paragraph", "title", "date_num", "section", "section_text", "text"],
    })
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_bulk_export_of_the_shared_corpus_validates() {
    let index = shared_index();
    let export = bulk::export(&index.engine, "policy-search", None).unwrap();
    assert_eq!(export.actions.len() as u64, index.engine.paragraph_count());
    let operation = spec().validator(
        "schemas/_core.bulk.yaml",
        "/components/schemas/OperationContainer",
    );
    let request = spec().validator(
        "namespaces/_core.yaml",
        "/components/requestBodies/bulk/content/application~1x-ndjson/schema",
    );
    let source = jsonschema::validator_for(&source_schema()).unwrap();
    let mut lines = Vec::new();
    let mut ids = BTreeMap::new();
    for a in &export.actions {
        let action: Value = serde_json::from_str(&a.action).unwrap();
        assert_valid(&operation, "an action line", &action);
        let s: Value = serde_json::from_str(a.source.as_ref().unwrap()).unwrap();
        assert_valid(&source, "a source line", &s);
        assert!(ids.insert(a.id.clone(), ()).is_none(), "{} twice", a.id);
        lines.push(action);
        lines.push(s);
    }
    assert_valid(&request, "the bulk body", &Value::Array(lines));
    assert!(
        !operation.is_valid(&json!({ "index": { "_id": 5 } })),
        "the specification's schemas are in force"
    );
    let deletes = bulk::delete_action("policy-search", "a#1");
    assert_valid(&operation, "a delete action", &deletes);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_shared_corpus_folds_on_the_cluster_as_here() {
    let fold = cluster_fold();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(shared_corpus()) {
        let entry = entry.unwrap();
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            assert_folds_alike(&fold, &entry.path().display().to_string(), &text);
            files += 1;
        }
    }
    assert!(files >= 26, "{files} files");
    // And every paragraph as indexed (what the cluster receives).
    shared_index()
        .engine
        .export(|p| {
            assert_eq!(
                crate::opensearch::without_ideograph_spaces(&fold.apply(&p.text)),
                policy_search::analyze::fold_str(&p.text),
                "{}#{}",
                p.doc,
                p.paragraph
            );
            Ok(())
        })
        .unwrap();
}
