//! The command line: `index`, `query`, `trends`, `compare`, `similar`, `export`, `opensearch`,
//! `serve`, `analyze`. Each arm calls the library. (The benchmark harness is a binary of its
//! own, `bench`, in the `bench/` crate.)

use std::io::{self, BufWriter, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::analyze;
use crate::error::{Error, Result};
use crate::index::{self, Progress, SyncOptions, SyncReport};
use crate::search::{highlight, Engine, SearchRequest, Sort};

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
    fn request(self, query: &[String]) -> SearchRequest {
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
    fn request(self, query: String) -> SearchRequest {
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
    fn on_stdout(self) -> bool {
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
            }
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let mut dicts = cli.dict.clone();
    let default_user_dict = Path::new("dict/user.dict");
    if default_user_dict.is_file() && !dicts.iter().any(|d| d == default_user_dict) {
        dicts.push(default_user_dict.to_path_buf());
    }
    analyze::init_dictionary(&dicts)?;
    match cli.command {
        Command::Index {
            paths,
            json,
            commit_every_mb,
        } => {
            let mut options = SyncOptions::new(&paths.corpus, &paths.index);
            options.commit_every_bytes = commit_every_mb.max(1) * 1024 * 1024;
            let report = sync(&options, true)?;
            let mut out = stdout();
            if json {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&report).expect("report serializes")
                )
            } else {
                write!(out, "{report}")
            }
            .map_err(|e| Error::io("writing output", e))?;
            flush(out)
        }
        Command::Query(args) => query(args),
        Command::Trends(args) => trends(args),
        Command::Compare(args) => compare(args),
        Command::Similar(args) => similar(args),
        Command::Export {
            index,
            opensearch: false,
            ..
        } => export(&index),
        Command::Export {
            index,
            index_name,
            since,
            ..
        } => export_bulk(&index, &index_name, since.as_deref()),
        Command::Opensearch(command) => opensearch(command),
        Command::Serve(args) => serve(args),
        Command::Analyze { text, json } => analyze_text(&text.join(" "), json),
    }
}

/// Builds or updates the index, with a progress bar on a terminal.
pub fn build_index(paths: &Paths, show_progress: bool) -> Result<SyncReport> {
    sync(
        &SyncOptions::new(&paths.corpus, &paths.index),
        show_progress,
    )
}

fn sync(options: &SyncOptions, show_progress: bool) -> Result<SyncReport> {
    if !show_progress {
        index::sync(options, &index::NoProgress)
    } else if io::stderr().is_terminal() {
        sync_with_bar(options)
    } else {
        index::sync(options, &ProgressLines::default())
    }
}

/// Progress for logs and pipes: a line every few seconds, only on long runs.
#[derive(Default)]
struct ProgressLines {
    state: std::sync::Mutex<(u64, u64, Option<std::time::Instant>)>,
}

impl Progress for ProgressLines {
    fn start(&self, _files: u64, bytes: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = (0, bytes, Some(std::time::Instant::now()));
    }
    fn file_done(&self, _id: &str, bytes: u64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.0 += bytes;
        let (done, total, last) = *state;
        if last.is_some_and(|t| t.elapsed().as_secs() >= 5) {
            eprintln!(
                "indexing: {:.1} of {:.1} MB read",
                done as f64 / 1e6,
                total as f64 / 1e6
            );
            state.2 = Some(std::time::Instant::now());
        }
    }
}

fn sync_with_bar(options: &SyncOptions) -> Result<SyncReport> {
    struct Bar(ProgressBar);
    impl Progress for Bar {
        fn start(&self, _files: u64, bytes: u64) {
            self.0.set_length(bytes);
            self.0.set_message("reading");
        }
        fn file_started(&self, id: &str) {
            // Shows which file a long extraction (a 500-page PDF) is working on.
            self.0.set_message(format!("reading {id}"));
        }
        fn file_done(&self, _id: &str, bytes: u64) {
            self.0.inc(bytes);
        }
        fn committing(&self) {
            self.0.set_message("committing");
        }
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} indexing {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {msg}",
        )
        .expect("valid template"),
    );
    let result = index::sync(options, &Bar(bar.clone()));
    bar.finish_and_clear();
    result
}

/// Opens the index, building it from the corpus first when there is none yet, or when the one
/// there was built by another version of policy-search (after an upgrade).
pub fn open_index(paths: &Paths) -> Result<Engine> {
    let why = if !index::exists(&paths.index) {
        "no index"
    } else {
        match Engine::open(&paths.index) {
            Err(Error::IndexUnfinished(_)) => "the index's first build was interrupted",
            Err(e) if index::needs_rebuild(&e) => {
                "the index was built by another version of policy-search"
            }
            opened => return opened,
        }
    };
    eprintln!(
        "{why} at {}: building it from {} …",
        paths.index.display(),
        paths.corpus.display()
    );
    let report = build_index(paths, true)?;
    eprint!("{report}");
    Engine::open(&paths.index)
}

fn query(args: QueryArgs) -> Result<()> {
    let engine = open_index(&args.paths)?;
    let request = args.selection.request(&args.query);
    if let Some(format) = args.format {
        let request = SearchRequest {
            synonyms: args.synonyms,
            ..request
        };
        return export_hits(&engine, &request, format, args.output.as_deref());
    }
    let results = engine.search(&request)?;
    let mut out = stdout();
    let written = if args.json {
        serde_json::to_writer(&mut out, &results)
            .map_err(io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        print_results(&mut out, &results, &request, args.color.on_stdout())
    };
    written.map_err(|e| Error::io("writing output", e))?;
    flush(out)
}

fn print_results(
    out: &mut impl Write,
    results: &crate::search::SearchResults,
    request: &SearchRequest,
    color: bool,
) -> io::Result<()> {
    let parsed = request.parse().unwrap_or_default();
    // A plain style renders as nothing, its reset too.
    let (bold, dim) = if color {
        (anstyle::Style::new().bold(), anstyle::Style::new().dimmed())
    } else {
        (anstyle::Style::new(), anstyle::Style::new())
    };
    if results.total == 0 && results.documents.is_empty() {
        writeln!(
            out,
            "no paragraph contains {} ({} ms)",
            request.query, results.took_ms
        )?;
        writeln!(
            out,
            "searched every paragraph's text, and every document's title, 文号 and issuer;"
        )?;
        writeln!(out, "try fewer or shorter words, or check the spelling")?;
        return Ok(());
    }
    if !results.documents.is_empty() {
        writeln!(out, "documents named by {}:", request.query)?;
        for d in &results.documents {
            let matched: Vec<&str> = d.matched.iter().map(|m| m.chinese()).collect();
            writeln!(out, "  {bold}{}{bold:#}  [{}]", d.title, d.id)?;
            let facts: Vec<&str> = [&d.kind, &d.issuer, &d.doc_number, &d.date]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            writeln!(
                out,
                "    {dim}{}  ({}命中){dim:#}",
                facts.join(" · "),
                matched.join("、")
            )?;
            if let Some(article) = &d.article {
                let numbers: Vec<String> =
                    article.paragraphs.iter().map(|p| format!("¶{p}")).collect();
                writeln!(out, "    {}  {}", article.citation, numbers.join(" "))?;
            }
        }
        writeln!(out)?;
    }
    let first = request.offset + 1;
    let last = request.offset + results.hits.len();
    writeln!(
        out,
        "{} paragraphs match {} ({} ms); showing {first}–{last}\n",
        results.total, request.query, results.took_ms
    )?;
    for (i, hit) in results.hits.iter().enumerate() {
        let date = hit.date.as_deref().unwrap_or("undated");
        let page = hit.page.map(|p| format!("  第{p}页")).unwrap_or_default();
        let also = if hit.also.is_empty() {
            String::new()
        } else {
            format!("  (also {})", hit.also.join(", "))
        };
        writeln!(
            out,
            "{}. {bold}{}{bold:#}  {date}  ¶{}{page}  [{}]{also}",
            first + i,
            hit.title,
            hit.paragraph,
            hit.doc
        )?;
        if !hit.section.is_empty() {
            writeln!(out, "   {dim}{}{dim:#}", hit.section.join(" › "))?;
        }
        if let Some(citation) = &hit.citation {
            writeln!(out, "   {dim}引用：{citation}{dim:#}")?;
        }
        if hit.via != crate::search::Via::Text {
            writeln!(out, "   {dim}{}{dim:#}", hit.via.chinese())?;
        }
        let snippet = highlight::query_snippet(&hit.text, &parsed, highlight::SNIPPET_CHARS);
        writeln!(out, "   {}\n", snippet.to_terminal(color))?;
    }
    if last < results.total {
        writeln!(out, "more: --offset {last}")?;
    }
    Ok(())
}

/// Every hit of a search, as a file.
fn export_hits(
    engine: &Engine,
    request: &SearchRequest,
    format: FormatArg,
    output: Option<&Path>,
) -> Result<()> {
    use crate::research::export::ExportFormat;
    let format = match format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Xlsx => ExportFormat::Xlsx,
        FormatArg::Json => ExportFormat::Json,
    };
    if format == ExportFormat::Xlsx && output.is_none() && io::stdout().is_terminal() {
        return Err(Error::Usage(
            "an XLSX file is not for the terminal: give --output FILE.xlsx (or redirect)".into(),
        ));
    }
    let results = crate::research::all_hits(engine, request)?;
    let bytes = crate::research::export::export(&results, format)?;
    match output {
        Some(path) => std::fs::write(path, &bytes)
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))?,
        None => {
            let mut out = stdout();
            out.write_all(&bytes)
                .map_err(|e| Error::io("writing output", e))?;
            return flush(out);
        }
    }
    eprintln!(
        "{} hits written to {}",
        results.total,
        output.map_or(String::new(), |p| p.display().to_string())
    );
    Ok(())
}

fn trends(args: TrendsArgs) -> Result<()> {
    use crate::research::trends::{self, By};
    let engine = open_index(&args.paths)?;
    let by = match args.by {
        ByArg::Year => By::Year,
        ByArg::Region => By::Region,
        ByArg::Doc => By::Doc,
    };
    let base = SearchRequest {
        doc: args.doc,
        synonyms: args.synonyms,
        ..args.filters.request(String::new())
    };
    let result = trends::trends(&engine, &args.queries, by, &base)?;
    let mut out = stdout();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &result)
            .map_err(io::Error::other)
            .and_then(|_| writeln!(out))
    } else if args.csv {
        out.write_all(&trends::to_csv(&result)?)
    } else {
        print_trends(&mut out, &result)
    };
    written.map_err(|e| Error::io("writing output", e))?;
    flush(out)
}

fn print_trends(out: &mut impl Write, t: &crate::research::trends::Trends) -> io::Result<()> {
    use crate::research::trends::variant_counts;
    for s in &t.series {
        let what = if s.synonyms {
            "with synonyms"
        } else {
            "as typed"
        };
        writeln!(
            out,
            "{}: {} paragraphs, {} occurrences ({what})",
            s.query, s.total, s.occurrences
        )?;
        if !s.variants.is_empty() {
            let each: Vec<String> = s
                .variants
                .iter()
                .map(|v| format!("{} {}", v.term, v.occurrences))
                .collect();
            writeln!(out, "  variants: {}", each.join(", "))?;
        }
        let mut rows = vec![[
            String::new(),
            "paragraphs".to_string(),
            "occurrences".to_string(),
            "documents".to_string(),
            if s.variants.is_empty() {
                String::new()
            } else {
                "variants".to_string()
            },
        ]];
        for b in &s.buckets {
            let key = match (&b.label, b.key.is_empty()) {
                (Some(label), _) => label.clone(),
                (None, true) => "(unknown)".to_string(),
                (None, false) => b.key.clone(),
            };
            rows.push([
                key,
                b.paragraphs.to_string(),
                b.occurrences.to_string(),
                b.documents.to_string(),
                variant_counts(s, b),
            ]);
        }
        write_table(out, &rows, &[false, true, true, true, false])?;
    }
    Ok(())
}

/// Columns as wide as their widest cell on a terminal (a Chinese character takes two columns),
/// numbers aligned right; indented by two spaces.
fn write_table<const N: usize>(
    out: &mut impl Write,
    rows: &[[String; N]],
    right: &[bool; N],
) -> io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in rows {
        let mut line = String::from(" ");
        for ((cell, w), right) in row.iter().zip(widths).zip(right) {
            let pad = " ".repeat(w - cell.width());
            line.push(' ');
            if *right {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A document named on the command line: an id, or the one document whose id or title
/// contains the text.
fn resolve_doc(engine: &Engine, name: &str) -> Result<String> {
    let manifest = engine.manifest()?;
    if manifest.files.contains_key(name) {
        return Ok(name.to_string());
    }
    let folded = analyze::fold_str(name);
    let found: Vec<&String> = manifest
        .files
        .iter()
        .filter(|(id, e)| {
            analyze::fold_str(id).contains(&folded)
                || analyze::fold_str(&e.metadata.title).contains(&folded)
        })
        .map(|(id, _)| id)
        .collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::UnknownDocument(name.to_string())),
        many => Err(Error::Usage(format!(
            "{name:?} names {} documents ({}…): give more of the name",
            many.len(),
            many.iter()
                .take(3)
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn compare(args: CompareArgs) -> Result<()> {
    use crate::research::compare::{self, Status};
    let engine = open_index(&args.paths)?;
    let a = resolve_doc(&engine, &args.a)?;
    let b = resolve_doc(&engine, &args.b)?;
    let c = compare::compare(&engine, &a, &b)?;
    let mut out = stdout();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &c)
            .map_err(io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        (|| {
            writeln!(
                out,
                "A: {} [{}]\nB: {} [{}]",
                c.a_title, c.a, c.b_title, c.b
            )?;
            writeln!(
                out,
                "{} kept, {} changed, {} new, {} removed\n",
                c.summary.kept, c.summary.changed, c.summary.new, c.summary.removed
            )?;
            for p in &c.pairs {
                let number = |s: &Option<compare::Side>| {
                    s.as_ref()
                        .map_or("-".to_string(), |s| format!("¶{}", s.paragraph))
                };
                fn text(s: &Option<compare::Side>) -> &str {
                    s.as_ref().map_or("", |s| s.text.as_str())
                }
                match p.status {
                    Status::Kept if !args.all => {}
                    Status::Kept => writeln!(out, "= {} {}", number(&p.b), text(&p.b))?,
                    Status::New => writeln!(out, "+ {} {}", number(&p.b), text(&p.b))?,
                    Status::Removed => writeln!(out, "- {} {}", number(&p.a), text(&p.a))?,
                    Status::Changed => {
                        let marked: String = p
                            .diff
                            .iter()
                            .map(|d| match d.op.as_str() {
                                "insert" => format!("[+{}]", d.text),
                                "delete" => format!("[-{}]", d.text),
                                _ => d.text.clone(),
                            })
                            .collect();
                        writeln!(out, "~ {}→{} {marked}", number(&p.a), number(&p.b))?
                    }
                }
            }
            writeln!(out, "\n新提法 (terms of B that A does not use):")?;
            for t in &c.new_terms {
                writeln!(out, "  {} ×{}", t.term, t.count)?;
            }
            Ok(())
        })()
    };
    written.map_err(|e: io::Error| Error::io("writing output", e))?;
    flush(out)
}

fn similar(args: SimilarArgs) -> Result<()> {
    let engine = open_index(&args.paths)?;
    let doc = resolve_doc(&engine, &args.doc)?;
    let found = crate::research::similar::similar(&engine, &doc, args.paragraph)?;
    let mut out = stdout();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &found)
            .map_err(io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        (|| {
            writeln!(
                out,
                "[{}] ¶{}: {}\n",
                found.doc, found.paragraph, found.text
            )?;
            if found.hits.is_empty() {
                writeln!(out, "no other document says nearly the same thing")?;
            }
            for h in &found.hits {
                writeln!(
                    out,
                    "{:.0}%  {}  ¶{}  [{}]\n   {}\n",
                    h.similarity * 100.0,
                    h.title,
                    h.paragraph,
                    h.doc,
                    h.text
                )?;
            }
            Ok(())
        })()
    };
    written.map_err(|e: io::Error| Error::io("writing output", e))?;
    flush(out)
}

fn export(index_dir: &Path) -> Result<()> {
    let engine = Engine::open(index_dir)?;
    let mut out = stdout();
    let result = engine.export(|record| {
        serde_json::to_writer(&mut out, record).map_err(io::Error::other)?;
        writeln!(out)
    });
    match result {
        Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map(|_| ()),
    }?;
    flush(out)
}

fn export_bulk(index_dir: &Path, index_name: &str, since: Option<&str>) -> Result<()> {
    let engine = Engine::open(index_dir)?;
    let export = crate::opensearch::bulk::export(&engine, index_name, since)?;
    let mut out = stdout();
    for action in &export.actions {
        match action.write_to(&mut out) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
            other => other.map_err(|e| Error::io("writing export", e))?,
        }
    }
    flush(out)?;
    eprintln!(
        "commit {}{}: {} index and {} delete actions ({} paragraphs in the index)",
        export.commit,
        since.map(|s| format!(" since {s}")).unwrap_or_default(),
        export.index_count(),
        export.delete_count(),
        export.paragraphs
    );
    Ok(())
}

fn opensearch(command: OpensearchCommand) -> Result<()> {
    use crate::opensearch::{bulk, mapping, query, sync};
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
            pretty(&query::search_body(&request, args.ranking.ranking)?)
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
            let options = sync::SyncOptions {
                index_name,
                ranking: ranking.ranking,
                batch_actions,
                batch_bytes: batch_mb.max(1) * 1024 * 1024,
                retries,
                credentials: user,
                shards,
                replicas,
                recreate,
                ..sync::SyncOptions::new(url)
            };
            let report = sync::sync(&index, &options)?;
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

fn serve(args: ServeArgs) -> Result<()> {
    // The server opens its own engine; this one only makes sure there is a readable index.
    drop(open_index(&args.paths)?);
    let config = crate::server::Config {
        corpus: args.paths.corpus,
        index: args.paths.index,
        addr: args.addr,
        watch: args.watch,
        admin_token: args.admin_token.filter(|t| !t.is_empty()),
    };
    crate::server::run(config)
}

fn analyze_text(text: &str, json: bool) -> Result<()> {
    let analysis = analyze::explain(text);
    let mut out = stdout();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &analysis)
            .map_err(io::Error::other)
            .and_then(|_| writeln!(out))
    } else {
        write!(out, "{analysis}")
    };
    written.map_err(|e| Error::io("writing output", e))?;
    flush(out)
}

fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Flushes, treating a closed pipe (`| head`) as success.
fn flush(mut out: impl Write) -> Result<()> {
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::io("writing output", e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
