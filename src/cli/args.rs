//! The command line as clap parses it: every command, its arguments and their help text. Apart
//! from what the commands do, so that each command's file reads its arguments from here.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::search::{SearchRequest, Sort};

const QUERY_SYNTAX: &str = "\
Query syntax:
  科技 金融             paragraphs that contain both parts (each as typed, in any order)
  \"科技 金融\"           an exact phrase, spaces included
  -房地产               paragraphs that do not contain 房地产
  title:上海            documents whose title contains 上海
  section:民生          paragraphs under a heading that contains 民生
  doc:2026_北京市        documents whose file name contains 2026_北京市
  docno:国办发〔2024〕5号 documents with that 发文字号 (any bracket style: 〔〕 [] （） 【】)
  region:上海           documents of a region (上海, 上海市, 广西壮族自治区 = 广西)
  year:2026             documents about 2026: the year of a report's title (2026年…报告), else
                        the year it is dated (also year:2024..2026)
  kind:办法             documents of that 文种 (通知, 意见, 办法, 条例, 批复, 报告…)
  issuer:国务院办公厅    documents whose issuing body (发文机关) contains 国务院办公厅
  level:行政法规         documents of that 效力级别 (宪法, 法律, 行政法规, 监察法规, 司法解释,
                        部门规章, 地方性法规, 地方政府规章, 规范性文件, 党内法规, 其他)
  status:现行有效        documents of that 时效性 (现行有效, 已修改, 已废止, 尚未生效)
  in-force:2020-01-01   documents in force that day: effective, not yet replaced or repealed
  article:12, 第十二条   paragraphs of article 12 (第十二条 as text ranks that article first)
  date:2026-01..2026-03 documents dated in that range (YYYY, YYYY-MM or YYYY-MM-DD)
Anything that is not syntax is searched as plain text. Full-width, case and traditional
characters are folded: 科學城, ＧＤＰ and ｒ＆ｄ find 科学城, GDP and R&D.";

/// Full-text search for Chinese policy documents.
#[derive(Debug, Parser)]
#[command(name = "policy-search", version, about, after_help = QUERY_SYNTAX)]
pub struct Cli {
    /// Extra word lists for jieba (`word [freq] [tag]` per line); dict/user.dict is read too if present.
    #[arg(long = "dict", global = true, value_name = "FILE")]
    pub dict: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from the corpus: reads only files that changed.
    Index {
        #[command(flatten)]
        paths: Paths,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Commit after this many MB of source (bounds the work an interruption costs).
        #[arg(long, value_name = "MB", default_value_t = 128, hide = true)]
        commit_every_mb: u64,
    },
    /// Search the index and print ranked, highlighted paragraphs.
    #[command(after_help = QUERY_SYNTAX)]
    Query(QueryArgs),
    /// Count matching paragraphs, occurrences and documents by year, region or document.
    #[command(after_help = QUERY_SYNTAX)]
    Trends(TrendsArgs),
    /// Compare two documents: B's paragraphs matched to A's (kept, changed, new, removed), and
    /// the terms B uses that A does not (新提法).
    Compare(CompareArgs),
    /// Paragraphs of other documents that say nearly the same thing as one paragraph.
    Similar(SimilarArgs),
    /// Print every indexed paragraph as JSON Lines ({"doc", "paragraph", "title", "date", "section", "text"}).
    Export {
        /// Index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Print OpenSearch `_bulk` NDJSON instead: an index action per paragraph (`_id` doc#paragraph).
        #[arg(long)]
        opensearch: bool,
        /// With --opensearch: the cluster's index name.
        #[arg(long, value_name = "NAME", default_value = crate::opensearch::DEFAULT_INDEX_NAME, requires = "opensearch")]
        index_name: String,
        /// With --opensearch: only what changed since this commit (from `opensearch commit`), with delete actions for paragraphs gone.
        #[arg(long, value_name = "COMMIT", requires = "opensearch")]
        since: Option<String>,
    },
    /// Hand the index to OpenSearch: mapping, search bodies, commits, sync, vocabulary.
    #[command(subcommand)]
    Opensearch(OpensearchCommand),
    /// Serve the web UI and the JSON API (builds the index first if it is missing).
    Serve(ServeArgs),
    /// Show how a text is folded and segmented, and the index terms it produces.
    Analyze {
        /// The text to analyze.
        #[arg(required = true)]
        text: Vec<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

// Parsed once per run: the size of the largest variant (the query's filters) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum OpensearchCommand {
    /// Print the index settings and mappings: the body of `PUT /NAME`.
    Mapping {
        /// The cluster's index name (printed in the hint on stderr).
        #[arg(long, value_name = "NAME", default_value = crate::opensearch::DEFAULT_INDEX_NAME)]
        index_name: String,
        #[command(flatten)]
        ranking: RankingArg,
    },
    /// Print the search body (`POST /NAME/_search`) for a query and filters, as policy-search answers it.
    #[command(after_help = QUERY_SYNTAX)]
    Query(OpensearchQueryArgs),
    /// Print the id of the index's current commit (what a later `export --opensearch --since` takes).
    Commit {
        /// Index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
    },
    /// Create the cluster's index if missing and send it what changed since the commit it holds.
    Sync {
        /// The cluster, e.g. http://localhost:9200.
        #[arg(long)]
        url: String,
        /// The cluster's index name.
        #[arg(long, value_name = "NAME", default_value = crate::opensearch::DEFAULT_INDEX_NAME)]
        index_name: String,
        /// Index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        #[command(flatten)]
        ranking: RankingArg,
        /// At most this many actions per `_bulk` request.
        #[arg(long, value_name = "N", default_value_t = 1000)]
        batch_actions: usize,
        /// At most about this many MB per `_bulk` request.
        #[arg(long, value_name = "MB", default_value_t = 5)]
        batch_mb: usize,
        /// Attempts of a request refused with 429 or 5xx (or not answered) before giving up.
        #[arg(long, value_name = "N", default_value_t = 8)]
        retries: u32,
        /// Primary shards of the index, when sync creates it (default: the cluster's, 1).
        #[arg(long, value_name = "N")]
        shards: Option<u32>,
        /// Replicas of each shard, when sync creates the index (default: the cluster's, 1).
        #[arg(long, value_name = "N")]
        replicas: Option<u32>,
        /// Delete the cluster's index first and load it anew: the migration of an index made by
        /// an older policy-search (sync refuses such an index and says so).
        #[arg(long)]
        recreate: bool,
        /// USER:PASSWORD for HTTP basic authentication (the security plugin).
        #[arg(long, env = "OPENSEARCH_USER", hide_env_values = true)]
        user: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the vocabulary (dict/policy.dict and your --dict words), one word a line.
    Dictionary {
        /// ik: IK's extension dictionary; solr: a Solr word list.
        #[arg(long, value_enum, default_value_t = crate::opensearch::mapping::VocabularyFormat::Ik)]
        format: crate::opensearch::mapping::VocabularyFormat,
    },
    /// Print the synonym groups of dict/synonyms.txt in Solr format (for synonyms_path, IK or Solr).
    Synonyms,
}

#[derive(Debug, Clone, Args)]
pub struct RankingArg {
    /// What ranks on the cluster: bigrams (stock OpenSearch), smartcn or ik (needs that plugin).
    #[arg(long, value_enum, default_value_t = crate::opensearch::Ranking::Bigrams)]
    pub ranking: crate::opensearch::Ranking,
}

#[derive(Debug, Args)]
pub struct OpensearchQueryArgs {
    /// What to search for (see the syntax below).
    #[arg(required = true)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub selection: Selection,
    /// Count hits per document, top-level section and year (terms aggregations).
    #[arg(long)]
    pub facets: bool,
    #[command(flatten)]
    pub ranking: RankingArg,
    /// Index folder (the one the cluster was loaded from): a query part may name its documents
    /// by title, 文号 or issuer, as `query` matches them, and level:, status: and in-force: are
    /// sent as the documents they keep. Without it the body matches text alone (as with
    /// --text-only) and a law filter is refused.
    #[arg(long)]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct Paths {
    /// Folder of documents: PDF, OFD, DOCX, DOC, WPS, HTML, text and Markdown (text in UTF-8, GBK/GB18030 or UTF-16).
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Index folder.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// What to search for (see the syntax below).
    #[arg(required = true)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub paths: Paths,
    #[command(flatten)]
    pub selection: Selection,
    /// Print one JSON object: {"query", "total", "took_ms", "hits": [...]}.
    #[arg(long)]
    pub json: bool,
    /// Export every hit (not a page) as csv, xlsx or json, with a citation line per hit.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the export to this file instead of standard output (needed for xlsx on a terminal).
    #[arg(long, short = 'o', value_name = "FILE", requires = "format")]
    pub output: Option<PathBuf>,
    /// Export the paragraphs found through a synonym as well (an export holds the query as
    /// typed, after folding, unless asked).
    #[arg(long, requires = "format")]
    pub synonyms: bool,
    /// Colour in the terminal.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// Which hits a search gives, and in what order: shared by `query` and `opensearch query`.
#[derive(Debug, Clone, Args)]
pub struct Selection {
    /// Number of hits.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Only this document (its id, or part of its file name or title).
    #[arg(long)]
    pub doc: Option<String>,
    /// Only documents whose 发文字号 contains this (any bracket style).
    #[arg(long)]
    pub doc_number: Option<String>,
    /// Only paragraphs under a heading that contains this.
    #[arg(long)]
    pub section: Option<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Order of hits.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
    /// Match paragraphs by their own text only, not through their document's title, 文号 or
    /// issuer (what `text_total` counts).
    #[arg(long)]
    pub text_only: bool,
}

impl Selection {
    /// The request for `query` (its parts joined by spaces) with these options.
    pub(crate) fn request(self, query: &[String]) -> SearchRequest {
        SearchRequest {
            limit: self.limit,
            offset: self.offset,
            doc: self.doc,
            doc_number: self.doc_number,
            section: self.section,
            sort: match self.sort {
                SortArg::Relevance => Sort::Relevance,
                SortArg::Date => Sort::Date,
            },
            through_documents: !self.text_only,
            ..self.filters.request(query.join(" "))
        }
    }
}

/// Filters shared by `query` and `trends`.
#[derive(Debug, Clone, Args)]
pub struct Filters {
    /// Only documents of this 文种 (通知, 意见, 办法, 条例…).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only documents whose issuing body (发文机关) contains this.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Only documents of this 效力级别 (法律, 行政法规, 地方性法规, 规范性文件…).
    #[arg(long)]
    pub level: Option<String>,
    /// Only documents of this 时效性 (现行有效, 已修改, 已废止, 尚未生效).
    #[arg(long)]
    pub status: Option<String>,
    /// Only documents of this region (上海, 上海市, 广西壮族自治区…).
    #[arg(long)]
    pub region: Option<String>,
    /// Only documents about this year (YYYY or YYYY..YYYY): a report's title year, else its date's.
    #[arg(long)]
    pub year: Option<String>,
    /// Only documents dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Only documents dated on or before.
    #[arg(long)]
    pub to: Option<String>,
}

impl Filters {
    /// A request for `query` restricted by these filters.
    pub(crate) fn request(self, query: String) -> SearchRequest {
        SearchRequest {
            kind: self.kind,
            issuer: self.issuer,
            level: self.level,
            status: self.status,
            region: self.region,
            year: self.year,
            from: self.from,
            to: self.to,
            ..SearchRequest::new(query)
        }
    }
}

#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// The queries, one bucket table each (quote a query that has spaces).
    #[arg(required = true)]
    pub queries: Vec<String>,
    #[command(flatten)]
    pub paths: Paths,
    /// What the buckets are.
    #[arg(long, value_enum, default_value_t = ByArg::Year)]
    pub by: ByArg,
    /// Only this document (its id, or part of its file name or title).
    #[arg(long)]
    pub doc: Option<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Count the query's synonyms too (ＡＩ: 人工智能 as well), each variant's count beside the
    /// total. Without it, the query is counted as typed (after folding).
    #[arg(long)]
    pub synonyms: bool,
    /// Print JSON ({"by", "series": [{"query", "total", "buckets": [...]}]}).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the table as CSV.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier document (id, or part of its file name or title).
    pub a: String,
    /// The later document.
    pub b: String,
    #[command(flatten)]
    pub paths: Paths,
    /// Print JSON ({"a", "b", "pairs": [...], "new_terms": [...]}).
    #[arg(long)]
    pub json: bool,
    /// Also print the paragraphs kept as they were.
    #[arg(long)]
    pub all: bool,
    /// 新旧对照 of two versions of a law: article by article (an article renumbered in B is
    /// found by its text), each side numbered by its article instead of its paragraph.
    #[arg(long)]
    pub articles: bool,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The document (id, or part of its file name or title).
    pub doc: String,
    /// The paragraph's number (¶ in the results).
    pub paragraph: u64,
    #[command(flatten)]
    pub paths: Paths,
    /// Print JSON ({"hits": [{"doc", "paragraph", "similarity", "text", "snippet"}]}).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ByArg {
    Year,
    Region,
    Doc,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub paths: Paths,
    /// Address to listen on; loopback unless told otherwise.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Watch the corpus folder and reindex when files are added, changed or removed.
    #[arg(long)]
    pub watch: bool,
    /// Token for the admin API (upload, delete, reindex); without one the admin API is off.
    #[arg(long, env = "POLICY_SEARCH_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Relevance,
    Date,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// Whether stdout gets colour. `auto` is anstream's reading of the conventions: `NO_COLOR`
    /// turns it off, `CLICOLOR_FORCE` on, otherwise only a colour terminal gets it.
    pub(crate) fn on_stdout(self) -> bool {
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
            }
        }
    }
}
