//! `opensearch`: what policy-search hands to an OpenSearch cluster (mapping, queries, bulk
//! files, sync), printed or sent.

use std::io::Write;

use crate::error::{Error, Result};
use crate::search::SearchRequest;

use super::args::OpensearchCommand;
use super::output::{flush, stdout};

pub(crate) fn opensearch(command: OpensearchCommand) -> Result<()> {
    use crate::opensearch::{bulk, mapping, push, query};
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).expect("JSON serializes");
    let text = match command {
        OpensearchCommand::Mapping {
            index_name,
            ranking,
        } => {
            eprintln!("# the body of PUT /{index_name}");
            pretty(&mapping::index_body(ranking.ranking))
        }
        OpensearchCommand::Query(args) => {
            let request = SearchRequest {
                facets: args.facets,
                ..args.selection.request(&args.query)
            };
            let engine = args
                .index
                .as_deref()
                .map(crate::search::Engine::open)
                .transpose()?;
            pretty(&query::search_body_for(
                &request,
                args.ranking.ranking,
                engine.as_ref(),
            )?)
        }
        OpensearchCommand::Commit { index } => bulk::current_commit(&index)?,
        OpensearchCommand::Sync {
            url,
            index_name,
            index,
            ranking,
            batch_actions,
            batch_mb,
            retries,
            shards,
            replicas,
            recreate,
            user,
            json,
        } => {
            let options = push::PushOptions {
                index_name,
                ranking: ranking.ranking,
                batch_actions,
                batch_bytes: batch_mb.max(1) * 1024 * 1024,
                retries,
                credentials: user,
                shards,
                replicas,
                recreate,
                ..push::PushOptions::new(url)
            };
            let report = push::push(&index, &options)?;
            let text = if json {
                serde_json::to_string_pretty(&report).expect("report serializes")
            } else {
                report.to_string().trim_end().to_string()
            };
            if !report.acknowledged {
                println!("{text}");
                return Err(Error::OpenSearch(format!(
                    "{} items were refused by the cluster",
                    report.item_errors.len()
                )));
            }
            text
        }
        OpensearchCommand::Dictionary { format } => {
            mapping::dictionary(format).trim_end().to_string()
        }
        OpensearchCommand::Synonyms => mapping::synonyms_file().trim_end().to_string(),
    };
    let mut out = stdout();
    writeln!(out, "{text}").map_err(|e| Error::io("writing output", e))?;
    flush(out)
}
