//! The parser on pages of scraped government sites.
//!
//! Tier 1 (every `cargo test`): the reference document shipped in `corpus/` and the synthetic
//! pages of `tests/fixtures/corpus` (scraped reports with their page chrome, an HTML notice, a
//! notice in traditional characters), plus small pages written here (国务院 notices with
//! metadata tables, signatures, 附件, 第一章/第一条).
//! Tier 2 (`cargo test -- --ignored`): the same checks and more on the 25 scraped provincial
//! reports of `../shared/corpus` beside the project (read in place, never copied).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use policy_search::ingest::read_document;
use policy_search::parse::{self, Document, Paragraph};

const REFERENCE: &str = "重庆高新区直管园2021年经济社会发展情况及2022年重点工作.txt";
const REPORTS_DIR: &str = "reports-2026";

/// A set of documents, each read from its folder.
struct Corpus {
    docs: Vec<Doc>,
}

struct Doc {
    root: PathBuf,
    id: String,
    doc: Document,
}

impl Corpus {
    fn read(files: Vec<(PathBuf, String)>) -> Self {
        let docs = files
            .into_iter()
            .map(|(root, id)| {
                let doc = read_document(&root, &id)
                    .unwrap_or_else(|e| panic!("{id}: cannot be read: {e}"));
                Doc { root, id, doc }
            })
            .collect();
        Corpus { docs }
    }
    fn iter(&self) -> impl Iterator<Item = (&str, &Document)> {
        self.docs.iter().map(|d| (d.id.as_str(), &d.doc))
    }
    /// The reports: documents that open with 各位代表：.
    fn reports(&self) -> impl Iterator<Item = (&str, &Document)> {
        self.iter().filter(|(id, _)| id.contains("政府工作报告"))
    }
    /// Documents whose source is plain text (their lines can be compared with paragraphs).
    fn texts(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter().filter(|d| d.id.ends_with(".txt"))
    }
    fn doc(&self, id_part: &str) -> &Document {
        let matches: Vec<&Document> = self
            .iter()
            .filter(|(id, _)| id.contains(id_part))
            .map(|(_, d)| d)
            .collect();
        assert_eq!(matches.len(), 1, "exactly one document matches {id_part:?}");
        matches[0]
    }
    fn report(&self, region: &str) -> &Document {
        self.doc(&format!("_{region}_政府工作报告"))
    }
    /// Every source line of every text document.
    fn all_source_lines(&self) -> Vec<String> {
        self.texts()
            .flat_map(|d| source_lines(&d.root, &d.id))
            .collect()
    }
}

/// Text files under `dir`, as ids relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().ends_with(".md"))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    ids.sort();
    ids
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Tier 1: the reference document (shipped in corpus/) and the fixtures.
static FIXTURES: LazyLock<Corpus> = LazyLock::new(|| {
    let mut files = vec![(manifest_dir().join("corpus"), REFERENCE.to_string())];
    let fixtures = manifest_dir().join("tests/fixtures/corpus");
    files.extend(
        files_under(&fixtures)
            .into_iter()
            .map(|id| (fixtures.clone(), id)),
    );
    Corpus::read(files)
});

fn shared_root() -> PathBuf {
    manifest_dir().join("../shared/corpus")
}

/// Tier 2: `../shared/corpus` — the reference document, then the 25 reports by name. Each test
/// checks that it is there first, so that each says why it fails.
fn shared() -> &'static Corpus {
    let root = shared_root();
    assert!(
        root.join(REPORTS_DIR).is_dir(),
        "tier 2 test: the shared corpus is missing at {} (the 25 reports of \
         ../shared/corpus/reports-2026 beside the project). `cargo test` (tier 1) needs no \
         ../shared; `cargo test -- --ignored` does.",
        root.display()
    );
    &SHARED
}

static SHARED: LazyLock<Corpus> = LazyLock::new(|| {
    let root = shared_root();
    let mut reports: Vec<String> = std::fs::read_dir(root.join(REPORTS_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .map(|name| format!("{REPORTS_DIR}/{name}"))
        .collect();
    reports.sort();
    let mut files = vec![(root.clone(), REFERENCE.to_string())];
    files.extend(reports.into_iter().map(|id| (root.clone(), id)));
    Corpus::read(files)
});

/// The source file's lines, decoded, trimmed, empty lines left out.
fn source_lines(root: &Path, id: &str) -> Vec<String> {
    let bytes = std::fs::read(root.join(id)).unwrap();
    let (text, _) = policy_search::ingest::decode(&bytes).unwrap();
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The paragraph whose text starts with `start`.
fn paragraph<'a>(doc: &'a Document, start: &str) -> &'a Paragraph {
    doc.paragraphs
        .iter()
        .find(|p| p.text.starts_with(start))
        .unwrap_or_else(|| panic!("{}: no paragraph starts with {start:?}", doc.id))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// The corpus is there

fn check_documents(corpus: &Corpus, count: usize, min_paragraphs: usize) {
    assert_eq!(corpus.docs.len(), count);
    for (id, doc) in corpus.iter() {
        assert!(
            doc.paragraphs.len() >= min_paragraphs,
            "{id}: only {} paragraphs",
            doc.paragraphs.len()
        );
        assert_eq!(doc.metadata.encoding, "UTF-8", "{id}");
    }
}

#[test]
fn the_fixtures_are_the_reference_document_four_reports_and_two_notices() {
    check_documents(&FIXTURES, 7, 10);
    assert_eq!(FIXTURES.reports().count(), 4);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_shared_corpus_holds_the_reference_document_and_25_reports() {
    check_documents(shared(), 26, 15);
}

// ---------------------------------------------------------------------------------------------
// (a) Page chrome never becomes a paragraph

/// Lines of page furniture: a paragraph equal to one of these, or starting with one, is chrome.
const CHROME_STARTS: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "【字号",
    "【字体",
    "字号：",
    "分享到",
    "分享至",
    "扫一扫",
    "相关报道",
    "相关文档",
    "相关链接",
    "编辑：",
    "责任编辑",
    "来源：",
    "（来源：",
    "时间：",
    "发表时间",
    "发布时间",
    "阅读量",
    "您当前的位置",
    "您的位置",
    "当前位置",
    "首页",
    "繁體版",
    "无障碍",
    "[ 索引号 ]",
    "[ 发文字号 ]",
    "[ 主题分类 ]",
    "[ 发布机构 ]",
    "[ 成文日期 ]",
    "[ 发布日期 ]",
    "原文下载",
    "文件下载",
    "》》点击",
    "关闭窗口",
    "中国政府网",
];
const CHROME_EXACT: &[&str] = &[
    "加大",
    "还原",
    "减小",
    "大",
    "中",
    "小",
    "镇街",
    "云南要闻",
    "宁夏要闻",
    "政务信息",
    ">",
];

fn chrome_reason(text: &str) -> Option<String> {
    if let Some(s) = CHROME_STARTS.iter().find(|s| text.starts_with(**s)) {
        return Some(format!("starts with {s:?}"));
    }
    if CHROME_EXACT.contains(&text) {
        return Some("is a page control".into());
    }
    if !text.chars().any(char::is_alphanumeric) {
        return Some("is lone punctuation".into());
    }
    None
}

fn check_no_chrome(corpus: &Corpus) {
    let mut failures = Vec::new();
    for (id, doc) in corpus.iter() {
        for p in &doc.paragraphs {
            if let Some(why) = chrome_reason(&p.text) {
                failures.push(format!("{id} ¶{}: {:?} {why}", p.number, p.text));
            }
        }
    }
    assert!(failures.is_empty(), "chrome kept:\n{}", failures.join("\n"));
}

#[test]
fn no_paragraph_is_a_line_of_page_chrome() {
    check_no_chrome(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn no_paragraph_of_the_reports_is_a_line_of_page_chrome() {
    check_no_chrome(shared());
}

/// Guards the chrome test against a list that matches nothing.
fn check_chrome_list(corpus: &Corpus, needles: &[&str]) {
    let lines = corpus.all_source_lines();
    for &needle in needles {
        assert!(
            lines.iter().any(|l| l == needle),
            "no source line {needle:?}"
        );
        assert!(
            chrome_reason(needle).is_some(),
            "{needle:?} not judged chrome"
        );
    }
}

#[test]
fn the_chrome_list_of_this_test_does_catch_the_chrome_of_the_pages() {
    check_chrome_list(
        &FIXTURES,
        &[
            "下载",
            "打印",
            "【字号：",
            "【字体：",
            "】",
            "相关报道：",
            "相关链接：",
            "扫一扫在手机打开当前页",
            "编辑：李 文",
            "责任编辑：周 敏",
            "》》点击图片进入专题《《",
            "|",
            "×",
            "繁體版",
            "文件下载:",
        ],
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_chrome_list_of_this_test_does_catch_the_chrome_of_the_reports() {
    check_chrome_list(
        shared(),
        &[
            "下载",
            "打印",
            "【字号：",
            "】",
            "相关报道：",
            "扫一扫在手机打开当前页",
            "编辑：何继红",
            "》》点击图片进入专题《《",
            "|",
            "×",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// (b) Body lines are never lost, (e) text stays exactly as written

/// Independently of the parser: a line of running text, or a numbered heading.
fn is_body_line(line: &str) -> bool {
    let n = line.chars().count();
    let prose = n >= 20 && line.contains(['，', '。']);
    let cn = "一二三四五六七八九十";
    let heading = line.strip_prefix(['（', '(']).map_or_else(
        || {
            line.trim_start_matches(|c| cn.contains(c))
                .starts_with('、')
                && !line.starts_with('、')
        },
        |rest| {
            let after = rest.trim_start_matches(|c| cn.contains(c));
            after.len() < rest.len() && after.starts_with(['）', ')'])
        },
    );
    prose || heading
}

fn check_body_lines_kept(corpus: &Corpus, at_least: usize) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for d in corpus.texts() {
        let (id, doc) = (&d.id, &d.doc);
        let texts: HashSet<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        for (i, line) in source_lines(&d.root, id).iter().enumerate() {
            if is_body_line(line) {
                checked += 1;
                if !texts.contains(line.as_str()) {
                    let short: String = line.chars().take(40).collect();
                    failures.push(format!("{id} line {}: {short}…", i + 1));
                }
            }
        }
    }
    assert!(
        checked > at_least,
        "only {checked} body lines found: is the corpus there?"
    );
    assert!(
        failures.is_empty(),
        "body lines lost:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_body_line_of_the_source_is_a_paragraph_word_for_word() {
    check_body_lines_kept(&FIXTURES, 80);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn every_body_line_of_the_reports_is_a_paragraph_word_for_word() {
    check_body_lines_kept(shared(), 2000);
}

fn check_source_order(corpus: &Corpus) {
    for d in corpus.texts() {
        let (id, doc) = (&d.id, &d.doc);
        let lines = source_lines(&d.root, id);
        let mut at = 0;
        for p in &doc.paragraphs {
            match lines[at..].iter().position(|l| *l == p.text) {
                Some(k) => at += k + 1,
                None => panic!(
                    "{id} ¶{}: {:?} is not a source line after line {at}",
                    p.number, p.text
                ),
            }
        }
    }
}

#[test]
fn paragraphs_are_source_lines_in_source_order() {
    check_source_order(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn paragraphs_of_the_reports_are_source_lines_in_source_order() {
    check_source_order(shared());
}

fn check_numbering(corpus: &Corpus) {
    for (id, doc) in corpus.iter() {
        for (i, p) in doc.paragraphs.iter().enumerate() {
            assert_eq!(
                p.number as usize,
                i + 1,
                "{id}: paragraph {i} is numbered {}",
                p.number
            );
        }
    }
}

#[test]
fn paragraphs_are_numbered_one_to_n_in_order() {
    check_numbering(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn paragraphs_of_the_reports_are_numbered_one_to_n_in_order() {
    check_numbering(shared());
}

fn check_opening_and_closing(corpus: &Corpus) {
    for d in corpus.texts().filter(|d| d.id.contains("政府工作报告")) {
        let (id, doc) = (&d.id, &d.doc);
        assert!(
            doc.paragraphs.iter().any(|p| p.text == "各位代表："),
            "{id}: the salutation 各位代表： is missing"
        );
        let last_line = source_lines(&d.root, id)
            .into_iter()
            .rev()
            .find(|l| l.contains("让我们") && l.contains('。'));
        if let Some(last) = last_line {
            assert!(
                doc.paragraphs.iter().any(|p| p.text == last),
                "{id}: the closing call 让我们… is missing"
            );
        }
    }
}

#[test]
fn the_opening_and_closing_lines_of_each_report_are_kept() {
    check_opening_and_closing(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_opening_and_closing_lines_of_each_real_report_are_kept() {
    check_opening_and_closing(shared());
}

// ---------------------------------------------------------------------------------------------
// (c) Metadata: titles, dates, sources, numbers

fn check_titles_and_dates(corpus: &Corpus) {
    for (id, doc) in corpus.iter() {
        let m = &doc.metadata;
        assert!(!m.title.is_empty(), "{id}: no title");
        let date = m
            .date
            .unwrap_or_else(|| panic!("{id}: no date"))
            .to_string();
        assert!(is_date(&date), "{id}: date {date:?} is not YYYY-MM-DD");
        for d in [&m.written, &m.published].into_iter().flatten() {
            assert!(is_date(&d.to_string()), "{id}: {d:?} is not YYYY-MM-DD");
        }
    }
}

#[test]
fn every_document_has_a_title_and_a_normalized_date() {
    check_titles_and_dates(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn every_real_report_has_a_title_and_a_normalized_date() {
    check_titles_and_dates(shared());
}

/// A report named `YYYY_region_政府工作报告.txt` is titled `YYYY年region政府工作报告`.
fn check_report_titles(corpus: &Corpus) {
    for (id, doc) in corpus.reports() {
        let name = id.rsplit('/').next().unwrap();
        let mut parts = name.split('_');
        let (year, region) = (parts.next().unwrap(), parts.next().unwrap());
        let title = &doc.metadata.title;
        assert!(title.contains("政府工作报告"), "{id}: title {title:?}");
        assert!(
            title.contains(region),
            "{id}: title {title:?} lacks {region}"
        );
        assert!(title.starts_with(year), "{id}: title {title:?}");
    }
}

#[test]
fn every_report_is_titled_with_its_year_region_and_政府工作报告() {
    check_report_titles(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn every_real_report_is_titled_with_its_region_and_政府工作报告() {
    check_report_titles(shared());
}

#[test]
fn the_reference_document_metadata_is_read_from_its_bracketed_table() {
    let m = &FIXTURES.doc(REFERENCE).metadata;
    assert_eq!(
        m.title,
        "重庆高新区直管园2021年经济社会发展情况及2022年重点工作"
    );
    assert_eq!(m.index_number.as_deref(), Some("/2022-00242"));
    assert_eq!(
        m.written.map(|d| d.to_string()).as_deref(),
        Some("2022-03-01")
    );
    assert_eq!(
        m.published.map(|d| d.to_string()).as_deref(),
        Some("2022-03-01")
    );
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2022-03-01"));
    // 发文字号 is empty and 发布机构 says 其他: neither is a value.
    assert_eq!(m.doc_number, None);
    assert_eq!(m.issuer, None);
}

/// Region, 来源, publication date (时间：… / a date line), date of the byline (——…日在…会议上).
const REPORT_METADATA: &[ReportMetadata] = &[
    ("上海市", Some("解放日报"), Some("2026-02-09"), "2026-02-03"),
    ("云南省", Some("云南日报"), Some("2026-02-03"), "2026-01-28"),
    (
        "内蒙古自治区",
        Some("内蒙古日报"),
        Some("2026-02-12"),
        "2026-02-04",
    ),
    ("北京市", Some("北京日报"), Some("2026-02-02"), "2026-01-25"),
    ("吉林省", Some("吉林日报"), Some("2026-02-01"), "2026-01-27"),
    (
        "宁夏回族自治区",
        Some("宁夏日报客户端"),
        Some("2026-02-09"),
        "2026-02-03",
    ),
    ("安徽省", Some("安徽日报"), Some("2026-02-11"), "2026-02-05"),
    ("山东省", Some("大众日报"), Some("2026-02-01"), "2026-01-27"),
    ("山西省", Some("山西日报"), Some("2026-02-09"), "2026-02-02"),
    ("广东省", None, None, "2026-01-26"),
    (
        "广西壮族自治区",
        Some("广西日报"),
        Some("2026-02-07"),
        "2026-02-02",
    ),
    (
        "新疆维吾尔自治区",
        Some("新疆日报"),
        Some("2026-02-12"),
        "2026-01-27",
    ),
    ("江苏省", Some("新华日报"), Some("2026-02-09"), "2026-02-03"),
    ("江西省", Some("江西日报"), Some("2026-02-05"), "2026-01-27"),
    ("河北省", Some("河北日报"), Some("2026-02-02"), "2026-01-26"),
    ("河南省", Some("河南日报"), Some("2026-02-03"), "2026-01-26"),
    ("浙江省", Some("浙江日报"), Some("2026-01-22"), "2026-01-14"),
    ("湖北省", Some("湖北日报"), Some("2026-02-05"), "2026-01-27"),
    ("湖南省", Some("湖南日报"), Some("2026-02-24"), "2026-02-03"),
    ("福建省", Some("福建日报"), Some("2026-02-06"), "2026-01-27"),
    (
        "西藏自治区",
        Some("西藏日报"),
        Some("2026-02-12"),
        "2026-01-31",
    ),
    ("辽宁省", Some("辽宁日报"), Some("2026-02-01"), "2026-01-27"),
    ("重庆市", Some("重庆日报"), Some("2026-02-03"), "2026-01-28"),
    ("青海省", Some("青海日报"), Some("2026-01-31"), "2026-01-27"),
    (
        "黑龙江省",
        Some("黑龙江日报"),
        Some("2026-02-26"),
        "2026-01-31",
    ),
];

type ReportMetadata<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str);

fn check_report_metadata(corpus: &Corpus, year: &str, table: &[ReportMetadata]) {
    for &(region, source, published, written) in table {
        let m = &corpus.report(region).metadata;
        let year = if region == "南湖市" { "2025" } else { year };
        assert_eq!(
            m.title,
            format!("{year}年{region}政府工作报告"),
            "{region}: title"
        );
        assert_eq!(m.source.as_deref(), source, "{region}: source");
        assert_eq!(
            m.published.map(|d| d.to_string()).as_deref(),
            published,
            "{region}: published"
        );
        assert_eq!(
            m.written.map(|d| d.to_string()).as_deref(),
            Some(written),
            "{region}: date of the byline"
        );
        // The page's date when it states one, else the date the report was delivered.
        assert_eq!(
            m.date.map(|d| d.to_string()).as_deref(),
            published.or(Some(written)),
            "{region}: date"
        );
        assert_eq!(m.doc_number, None, "{region}");
        assert_eq!(m.index_number, None, "{region}");
    }
}

#[test]
fn each_fixture_report_has_the_source_and_dates_its_page_states() {
    check_report_metadata(
        &FIXTURES,
        "2026",
        &[
            ("东川省", Some("东川日报"), Some("2026-01-28"), "2026-01-20"),
            (
                "西岭自治区",
                Some("西岭日报客户端"),
                Some("2026-02-06"),
                "2026-01-30",
            ),
            ("南湖市", Some("南湖日报"), Some("2025-01-22"), "2025-01-15"),
            (
                "北岸市",
                Some("北岸市人民政府网"),
                Some("2026-01-18"),
                "2026-01-12",
            ),
        ],
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn each_report_has_the_source_and_dates_its_page_states() {
    assert_eq!(REPORT_METADATA.len(), 25);
    check_report_metadata(shared(), "2026", REPORT_METADATA);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_shanghai_report_is_from_解放日报_dated_2026_02_09() {
    let m = &shared().report("上海市").metadata;
    assert_eq!(m.title, "2026年上海市政府工作报告");
    assert_eq!(m.source.as_deref(), Some("解放日报"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2026-02-09"));
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_label_whose_value_is_on_the_next_line_is_read_ningxia() {
    // 发表时间：\n2026-02-09 09:45:30\n来源：\n宁夏日报客户端
    let d = shared().report("宁夏回族自治区");
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2026-02-09")
    );
    assert_eq!(d.metadata.source.as_deref(), Some("宁夏日报客户端"));
    for value in ["2026-02-09 09:45:30", "宁夏日报客户端", "政府工作报告"] {
        assert!(
            d.paragraphs.iter().all(|p| p.text != value),
            "宁夏: {value:?} became a paragraph"
        );
    }
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_date_line_under_the_title_is_the_publication_date_yunnan() {
    // 2026-02-03 09:02:33 on its own line.
    let d = shared().report("云南省");
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2026-02-03")
    );
    assert!(d.paragraphs.iter().all(|p| p.text != "2026-02-03 09:02:33"));
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_date_line_after_the_byline_is_the_publication_date_qinghai() {
    // 政府工作报告 / ――2026年1月27日在… / 省长 罗东川 / 2026-01-31 07:00:44 / 来源：青海日报
    let d = shared().report("青海省");
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-31")
    );
    assert_eq!(
        d.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2026-01-27")
    );
    assert_eq!(d.metadata.source.as_deref(), Some("青海日报"));
    assert_eq!(d.paragraphs[1].text, "省长 罗东川");
    assert_eq!(d.paragraphs[2].text, "各位代表：");
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_byline_without_a_dash_or_split_over_two_lines_still_gives_the_date() {
    assert_eq!(
        shared()
            .report("浙江省")
            .metadata
            .written
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-01-14")
    );
    assert_eq!(
        shared()
            .report("黑龙江省")
            .metadata
            .written
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-01-31")
    );
    assert_eq!(
        shared()
            .report("广东省")
            .metadata
            .written
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-01-26")
    );
}

// ---------------------------------------------------------------------------------------------
// (d) Section paths

#[test]
fn the_金凤实验室_paragraph_sits_under_its_two_headings() {
    let d = FIXTURES.doc(REFERENCE);
    let jinfeng: Vec<&Paragraph> = d
        .paragraphs
        .iter()
        .filter(|p| p.text.contains("金凤实验室"))
        .collect();
    assert_eq!(jinfeng.len(), 2, "paragraphs on 金凤实验室");
    assert!(jinfeng[0]
        .text
        .starts_with("(一)创新动能显著增强。战略科技力量加快布局。"));
    assert_eq!(
        jinfeng[0].section,
        ["一、2021年工作情况", "(一)创新动能显著增强"]
    );
    assert_eq!(
        jinfeng[1].section,
        ["二、2022年重点工作安排", "(一)奋力推进科技自立自强"]
    );
}

#[test]
fn the_reference_document_headings_and_intro_lines_have_their_paths() {
    let d = FIXTURES.doc(REFERENCE);
    assert_eq!(d.paragraphs[0].text, "一、2021年工作情况");
    assert_eq!(d.paragraphs[0].section, ["一、2021年工作情况"]);
    assert_eq!(
        paragraph(d, "2021年是中国共产党成立100周年").section,
        ["一、2021年工作情况"]
    );
    assert_eq!(
        paragraph(d, "今年,重点做好六个方面的工作").section,
        ["二、2022年重点工作安排"]
    );
    assert_eq!(
        paragraph(d, "(六)不断夯实自身建设").section,
        ["二、2022年重点工作安排", "(六)不断夯实自身建设"]
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn paragraphs_under_a_standalone_heading_carry_it_and_their_lead_sentence_shanghai() {
    let d = shared().report("上海市");
    assert_eq!(
        paragraph(d, "（一）全力促进经济平稳健康发展").section,
        ["一、2025年工作回顾", "（一）全力促进经济平稳健康发展"]
    );
    assert_eq!(
        paragraph(d, "稳增长政策措施加快落地见效。").section,
        [
            "一、2025年工作回顾",
            "（一）全力促进经济平稳健康发展",
            "稳增长政策措施加快落地见效"
        ]
    );
    assert_eq!(
        paragraph(d, "“五个中心”建设扎实推进。").section,
        [
            "一、2025年工作回顾",
            "（二）聚力落实国家重大战略任务",
            "“五个中心”建设扎实推进"
        ]
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_一是_lead_sentence_is_the_last_level_of_the_path_beijing() {
    let d = shared().report("北京市");
    assert_eq!(
        paragraph(d, "一是首都功能持续优化提升。").section,
        ["一、2025年工作回顾", "一是首都功能持续优化提升"]
    );
    assert_eq!(
        paragraph(d, "二是科技创新加快引领新质生产力发展。").section,
        ["一、2025年工作回顾", "二是科技创新加快引领新质生产力发展"]
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_short_line_on_its_own_heads_the_paragraphs_after_it_qinghai() {
    let d = shared().report("青海省");
    assert_eq!(
        paragraph(d, "始终坚持生态优先、绿色发展").section,
        ["一、2025年和“十四五”时期工作回顾", "生态底色更加亮丽"]
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn numbered_items_of_an_appendix_sit_under_the_appendix_title_inner_mongolia() {
    let d = shared().report("内蒙古自治区");
    assert_eq!(paragraph(d, "附件").section, ["附件"]);
    assert_eq!(
        paragraph(d, "2026年自治区民生实事").section,
        ["附件", "2026年自治区民生实事"]
    );
    assert_eq!(
        paragraph(d, "1.通过“以工代赈”").section,
        [
            "附件",
            "2026年自治区民生实事",
            "1.通过“以工代赈”发放“三北”工程、高标准农田建设劳务报酬20亿元以上"
        ]
    );
    assert_eq!(
        paragraph(d, "2.实现城镇新增就业").section,
        [
            "附件",
            "2026年自治区民生实事",
            "2.实现城镇新增就业18万人以上"
        ]
    );
    assert_eq!(
        paragraph(d, "10.发放城镇住房保障家庭租赁补贴").section,
        [
            "附件",
            "2026年自治区民生实事",
            "10.发放城镇住房保障家庭租赁补贴1.6万户"
        ]
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_second_appendix_starts_afresh_and_definitions_are_numbered_items_guangdong() {
    let d = shared().report("广东省");
    assert_eq!(
        paragraph(d, "一、提高低保").section[..2],
        ["附件1", "2026年省十件民生实事"]
    );
    assert_eq!(
        paragraph(d, "1.“四上”企业：").section,
        ["附件2", "名词解释", "1.“四上”企业"]
    );
    assert_eq!(
        paragraph(d, "指建好、管好、护好、运营好农村公路。").section,
        ["附件2", "名词解释", "3.“四好农村路”"]
    );
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn a_heading_that_lost_its_opening_bracket_still_heads_its_paragraphs_yunnan() {
    // 三）改革开放持续深化、互促共进。 follows （二）… on the page.
    let d = shared().report("云南省");
    assert_eq!(
        paragraph(d, "“云南方案”成为全国").section,
        [
            "一、“十四五”时期和2025年工作回顾",
            "三）改革开放持续深化、互促共进"
        ]
    );
}

fn check_no_section_before_the_text(corpus: &Corpus) {
    for (id, doc) in corpus.reports() {
        let salutation = doc
            .paragraphs
            .iter()
            .position(|p| p.text == "各位代表：")
            .unwrap_or_else(|| panic!("{id}: no 各位代表："));
        for p in &doc.paragraphs[..=salutation] {
            assert!(
                p.section.is_empty(),
                "{id} ¶{} {:?}: {:?}",
                p.number,
                p.text,
                p.section
            );
        }
    }
}

fn check_headings_seen_before(corpus: &Corpus) {
    for (id, doc) in corpus.iter() {
        for (i, p) in doc.paragraphs.iter().enumerate() {
            for heading in &p.section {
                assert!(
                    doc.paragraphs[..=i]
                        .iter()
                        .any(|q| q.text.contains(heading.as_str())),
                    "{id} ¶{}: heading {heading:?} appears nowhere before",
                    p.number
                );
            }
        }
    }
}

fn check_no_address_as_lead_sentence(corpus: &Corpus) {
    for (id, doc) in corpus.iter() {
        for p in &doc.paragraphs {
            assert!(
                p.section.iter().all(|s| s != "各位代表"),
                "{id} ¶{}: 各位代表 in {:?}",
                p.number,
                p.section
            );
        }
    }
}

#[test]
fn the_byline_and_salutation_before_the_text_have_no_section() {
    check_no_section_before_the_text(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_byline_and_salutation_of_the_real_reports_have_no_section() {
    check_no_section_before_the_text(shared());
}

#[test]
fn every_section_heading_is_text_seen_at_or_before_the_paragraph() {
    check_headings_seen_before(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn every_section_heading_of_the_reports_is_text_seen_at_or_before_the_paragraph() {
    check_headings_seen_before(shared());
}

#[test]
fn an_address_to_the_deputies_is_not_a_lead_sentence() {
    check_no_address_as_lead_sentence(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn an_address_to_the_deputies_is_not_a_lead_sentence_in_the_reports() {
    check_no_address_as_lead_sentence(shared());
}

// ---------------------------------------------------------------------------------------------
// The fixture pages, one by one

#[test]
fn a_label_whose_value_is_on_the_next_line_is_read_xiling() {
    // 发表时间：\n2026-02-06 10:15:20\n来源：\n西岭日报客户端, as 宁夏's page prints it.
    let d = FIXTURES.report("西岭自治区");
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2026-02-06")
    );
    assert_eq!(d.metadata.source.as_deref(), Some("西岭日报客户端"));
    for value in [
        "2026-02-06 10:15:20",
        "西岭日报客户端",
        "政府工作报告",
        "阅读量：",
    ] {
        assert!(
            d.paragraphs.iter().all(|p| p.text != value),
            "西岭: {value:?} became a paragraph"
        );
    }
    assert_eq!(d.paragraphs[1].text, "各位代表：");
}

#[test]
fn a_date_line_after_the_byline_is_the_publication_date_nanhu() {
    // 政府工作报告 / ――2025年1月15日在… / 市长 赵 平 / 2025-01-22 08:30:10 / 来源：南湖日报
    let d = FIXTURES.report("南湖市");
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2025-01-22")
    );
    assert_eq!(
        d.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2025-01-15")
    );
    assert_eq!(d.metadata.source.as_deref(), Some("南湖日报"));
    assert_eq!(d.paragraphs[1].text, "市长 赵 平");
    assert_eq!(d.paragraphs[2].text, "各位代表：");
    assert!(d.paragraphs.iter().all(|p| !p.text.contains("08:30:10")));
}

#[test]
fn a_short_line_on_its_own_heads_the_paragraphs_after_it_nanhu() {
    let d = FIXTURES.report("南湖市");
    assert_eq!(
        paragraph(d, "规上工业企业达到2150家").section,
        ["一、2024年工作回顾", "产业结构持续优化"]
    );
    assert_eq!(
        paragraph(d, "稳定和扩大就业").section,
        ["二、2025年工作安排", "保障和改善民生"]
    );
}

#[test]
fn paragraphs_under_a_standalone_heading_carry_it_and_their_lead_sentence_dongchuan() {
    let d = FIXTURES.report("东川省");
    assert_eq!(
        paragraph(d, "（一）着力稳住经济基本盘").section,
        ["一、2025年工作回顾", "（一）着力稳住经济基本盘"]
    );
    assert_eq!(
        paragraph(d, "消费潜力加快释放。").section,
        [
            "一、2025年工作回顾",
            "（一）着力稳住经济基本盘",
            "消费潜力加快释放"
        ]
    );
    assert_eq!(
        paragraph(d, "健全科技投入与金融支持协同机制").section,
        ["二、2026年工作安排", "（一）坚持创新驱动，加快建设科技强省"]
    );
}

#[test]
fn a_一是_lead_sentence_is_the_last_level_of_the_path_xiling() {
    let d = FIXTURES.report("西岭自治区");
    assert_eq!(
        paragraph(d, "二是科技创新支撑增强。").section,
        ["一、2025年工作总结", "二是科技创新支撑增强"]
    );
    assert_eq!(
        paragraph(d, "（四）持续保障和改善民生。").section,
        ["二、2026年主要任务", "（四）持续保障和改善民生"]
    );
}

#[test]
fn a_source_row_with_a_view_count_and_lone_marks_are_not_kept_beian() {
    // 发布时间：… 来源：… 浏览次数：… on one line; ×, |, 》》点击图片进入专题《《 on their own.
    let d = FIXTURES.report("北岸市");
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-18")
    );
    assert_eq!(
        d.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2026-01-12")
    );
    assert_eq!(d.paragraphs[0].text, "北岸市市长 刘 洋");
    assert_eq!(
        d.paragraphs.last().unwrap().text,
        "各位代表，让我们团结一心、开拓进取，为加快建设更高水平的现代化北岸而不懈奋斗！"
    );
    assert!(d
        .paragraphs
        .iter()
        .any(|p| p.text.contains("（ＧＤＰ）增长５．２％")));
}

#[test]
fn an_html_notice_reads_its_metadata_table_and_drops_the_page() {
    let d = FIXTURES.doc("关于促进低空经济高质量发展的通知.html");
    let m = &d.metadata;
    assert_eq!(
        m.title,
        "东川省人民政府办公厅关于促进低空经济高质量发展的通知"
    );
    assert_eq!(m.issuer.as_deref(), Some("东川省人民政府办公厅"));
    assert_eq!(m.doc_number.as_deref(), Some("东政办发〔2025〕8号"));
    assert_eq!(m.index_number.as_deref(), Some("11330000/2025-01842"));
    assert_eq!(
        m.written.map(|d| d.to_string()).as_deref(),
        Some("2025-03-12")
    );
    assert_eq!(
        m.published.map(|d| d.to_string()).as_deref(),
        Some("2025-03-15")
    );
    assert_eq!(
        d.paragraphs[0].text,
        "各市、县（市、区）人民政府，省政府直属各单位："
    );
    assert_eq!(d.paragraphs.last().unwrap().text, "2025年3月12日");
    assert_eq!(
        paragraph(d, "（三）拓展应用场景").section,
        ["二、重点任务", "（三）拓展应用场景"]
    );
    for p in &d.paragraphs {
        for chrome in ["分享到", "版权所有", "政务公开", "var site"] {
            assert!(!p.text.contains(chrome), "¶{}: {:?}", p.number, p.text);
        }
    }
}

#[test]
fn a_notice_in_traditional_characters_keeps_its_text_as_written() {
    let d = FIXTURES.doc("（繁体）.txt");
    assert_eq!(
        d.metadata.title,
        "南湖市人民政府關於加強數字經濟與科技創新合作的通知"
    );
    assert_eq!(
        d.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2025-06-16")
    );
    assert_eq!(d.paragraphs[0].text, "各區人民政府，市政府各部門：");
    assert_eq!(
        paragraph(d, "（一）建設創新平台").section,
        ["二、主要任務", "（一）建設創新平台"]
    );
}

// ---------------------------------------------------------------------------------------------
// Pages from other sites (synthetic)

fn texts(doc: &Document) -> Vec<&str> {
    doc.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

/// A 国务院 notice as the gov.cn policy library prints it: a metadata table (labels padded with
/// full-width spaces, each value on the line after its label), the title, the 发文字号 line, the
/// text, the signature and date, then an appended 办法 with chapters and articles.
const GOV_NOTICE: &str = "\
首页 > 政策 > 政策库
【字体：大 中 小】
索  引  号：
000014349/2024-00003
主题分类：
城乡建设、环境保护\\其他
发文机关：
国务院办公厅
成文日期：
2024年01月05日
标　　题：
国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知
发文字号：
国办发〔2024〕3号
发布日期：
2024年01月10日
国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知
国办发〔2024〕3号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
《城市社区嵌入式服务设施建设工程实施方案》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2024年1月5日
（此件公开发布）
附件
城市社区嵌入式服务设施建设管理办法
第一章　总则
第一条　为规范城市社区嵌入式服务设施建设，制定本办法。
第二条　建设应当遵循以下原则：
（一）坚持需求导向，按照居民需要配置服务；
（二）坚持因地制宜，统筹利用存量资源。
第二章　建设要求
第三条　设施建设应当符合国家标准。
【我要纠错】 责任编辑：王 洋
扫一扫在手机打开当前页
主办单位：国务院办公厅　运行维护单位：中国政府网运行中心
版权所有：中国政府网　中文域名：中国政府网.政务
";

#[test]
fn a_gov_cn_notice_reads_its_metadata_table() {
    let d = parse::parse("gov/content_6925782.txt", GOV_NOTICE, "UTF-8");
    let m = &d.metadata;
    assert_eq!(
        m.title,
        "国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知"
    );
    assert_eq!(m.index_number.as_deref(), Some("000014349/2024-00003"));
    assert_eq!(m.issuer.as_deref(), Some("国务院办公厅"));
    assert_eq!(m.doc_number.as_deref(), Some("国办发〔2024〕3号"));
    assert_eq!(
        m.written.map(|d| d.to_string()).as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(
        m.published.map(|d| d.to_string()).as_deref(),
        Some("2024-01-10")
    );
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-01-05"));
}

#[test]
fn a_gov_cn_notice_keeps_its_text_signature_and_appendix_and_drops_the_page() {
    let d = parse::parse("gov/content_6925782.txt", GOV_NOTICE, "UTF-8");
    assert_eq!(
        texts(&d),
        [
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            "《城市社区嵌入式服务设施建设工程实施方案》已经国务院同意，现印发给你们，请认真贯彻执行。",
            "国务院办公厅",
            "2024年1月5日",
            "（此件公开发布）",
            "附件",
            "城市社区嵌入式服务设施建设管理办法",
            "第一章　总则",
            "第一条　为规范城市社区嵌入式服务设施建设，制定本办法。",
            "第二条　建设应当遵循以下原则：",
            "（一）坚持需求导向，按照居民需要配置服务；",
            "（二）坚持因地制宜，统筹利用存量资源。",
            "第二章　建设要求",
            "第三条　设施建设应当符合国家标准。",
        ]
    );
}

#[test]
fn chapters_articles_and_their_items_nest_in_the_order_they_appear() {
    let d = parse::parse("gov/content_6925782.txt", GOV_NOTICE, "UTF-8");
    let section = |start: &str| paragraph(&d, start).section.clone();
    let appendix = ["附件", "城市社区嵌入式服务设施建设管理办法"];
    assert!(section("各省、自治区").is_empty());
    assert!(section("国务院办公厅").is_empty());
    assert_eq!(
        section("第一章"),
        [appendix[0], appendix[1], "第一章　总则"]
    );
    assert_eq!(
        section("第一条"),
        [appendix[0], appendix[1], "第一章　总则", "第一条"]
    );
    assert_eq!(
        section("（二）坚持因地制宜"),
        [
            appendix[0],
            appendix[1],
            "第一章　总则",
            "第二条",
            "（二）坚持因地制宜，统筹利用存量资源"
        ]
    );
    assert_eq!(
        section("第三条"),
        [appendix[0], appendix[1], "第二章　建设要求", "第三条"]
    );
}

/// A ministry notice with no metadata table: the signature's date, written in Chinese numerals,
/// is the document's date.
const MINISTRY_NOTICE: &str = "\
当前位置：首页 > 政务公开 > 通知公告
教育部办公厅关于做好2024年普通高校招生工作的通知
教学厅〔2024〕1号
各省、自治区、直辖市教育厅（教委）：
为做好2024年普通高校招生工作，现将有关事项通知如下。
一、总体要求
坚持立德树人，确保招生工作平稳有序。
二、工作安排
1.加强组织领导。各地要成立工作专班。
2.做好考试安全。严格落实保密规定。
教育部办公厅
二〇二四年一月五日
打印本页 关闭窗口
";

#[test]
fn a_notice_signed_with_a_chinese_numeral_date_takes_that_date() {
    let d = parse::parse("moe/t20240105_1.html", MINISTRY_NOTICE, "UTF-8");
    let m = &d.metadata;
    assert_eq!(m.title, "教育部办公厅关于做好2024年普通高校招生工作的通知");
    assert_eq!(m.doc_number.as_deref(), Some("教学厅〔2024〕1号"));
    assert_eq!(
        m.written.map(|d| d.to_string()).as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-01-05"));
    assert_eq!(
        texts(&d).first(),
        Some(&"各省、自治区、直辖市教育厅（教委）：")
    );
    assert_eq!(texts(&d).last(), Some(&"二〇二四年一月五日"));
    assert_eq!(
        paragraph(&d, "2.做好考试安全").section,
        ["二、工作安排", "2.做好考试安全"]
    );
    assert_eq!(paragraph(&d, "坚持立德树人").section, ["一、总体要求"]);
}

/// A provincial page with a bracketed metadata table and a one-line source/date/controls row.
const PROVINCE_PAGE: &str = "\
网站首页 > 政务公开 > 政策文件
【发文机关】某省人民政府办公厅 【发文字号】某政办发〔2023〕12号
【成文日期】二〇二三年三月十日 【索引号】11500000/2023-00012
某省人民政府办公厅关于进一步优化营商环境的若干措施
来源：某省人民政府网 发布时间：2023-03-15 10:20 浏览次数：1024 【打印】【关闭】
【大 中 小】
各市（州）人民政府，省政府各部门：
现将有关措施印发给你们，请结合实际认真贯彻落实。
（一）压减审批时限。企业开办时间压缩至1个工作日以内。
（二）降低经营成本。全面落实减税降费政策。
上一篇：某省人民政府关于印发某规划的通知
下一篇：某省人民政府办公厅关于加强安全生产的意见
";

#[test]
fn a_bracketed_metadata_table_and_a_source_row_are_read_and_not_kept() {
    let d = parse::parse("province/art_1.html", PROVINCE_PAGE, "UTF-8");
    let m = &d.metadata;
    assert_eq!(
        m.title,
        "某省人民政府办公厅关于进一步优化营商环境的若干措施"
    );
    assert_eq!(m.issuer.as_deref(), Some("某省人民政府办公厅"));
    assert_eq!(m.doc_number.as_deref(), Some("某政办发〔2023〕12号"));
    assert_eq!(m.index_number.as_deref(), Some("11500000/2023-00012"));
    assert_eq!(
        m.written.map(|d| d.to_string()).as_deref(),
        Some("2023-03-10")
    );
    assert_eq!(
        m.published.map(|d| d.to_string()).as_deref(),
        Some("2023-03-15")
    );
    assert_eq!(m.source.as_deref(), Some("某省人民政府网"));
    assert_eq!(
        texts(&d),
        [
            "各市（州）人民政府，省政府各部门：",
            "现将有关措施印发给你们，请结合实际认真贯彻落实。",
            "（一）压减审批时限。企业开办时间压缩至1个工作日以内。",
            "（二）降低经营成本。全面落实减税降费政策。",
        ]
    );
    assert_eq!(
        paragraph(&d, "（一）压减审批时限").section,
        ["（一）压减审批时限"]
    );
}

#[test]
fn an_html_notice_page_parses_like_its_text() {
    let html = r#"<html><head><title>国务院关于某事项的通知</title></head><body>
        <div class="crumb">首页 &gt; 政策</div>
        <table class="info"><tr><td>发文机关：</td><td>国务院</td><td>发文字号：</td><td>国发〔2024〕2号</td></tr>
        <tr><td>成文日期：</td><td>2024年02月01日</td><td>发布日期：</td><td>2024年02月03日</td></tr></table>
        <h1>国务院关于某事项的通知</h1>
        <div id="UCAP-CONTENT"><p>各省、自治区、直辖市人民政府：</p>
        <p>一、总体要求</p><p>（一）指导思想。坚持稳中求进工作总基调，推动高质量发展。</p>
        <p>国务院</p><p>2024年2月1日</p></div>
        <div class="share">分享到：微信 微博</div><footer>版权所有</footer></body></html>"#;
    let d = parse::parse("gov/notice.html", &parse::html::to_text(html), "UTF-8");
    assert_eq!(d.metadata.title, "国务院关于某事项的通知");
    assert_eq!(d.metadata.issuer.as_deref(), Some("国务院"));
    assert_eq!(d.metadata.doc_number.as_deref(), Some("国发〔2024〕2号"));
    assert_eq!(
        d.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2024-02-01")
    );
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2024-02-03")
    );
    assert_eq!(
        texts(&d),
        [
            "各省、自治区、直辖市人民政府：",
            "一、总体要求",
            "（一）指导思想。坚持稳中求进工作总基调，推动高质量发展。",
            "国务院",
            "2024年2月1日",
        ]
    );
    assert_eq!(d.paragraphs[2].section, ["一、总体要求", "（一）指导思想"]);
}

#[test]
fn a_gbk_html_notice_is_read_through_read_document() {
    let html = "<html><head><meta charset=\"gbk\"><title>t</title></head><body>\
        <div class=\"position\">您现在的位置：首页 &gt; 政务公开</div>\
        <h2>某市人民政府办公室关于做好防汛工作的通知</h2>\
        <p>发布时间：2024-06-01 09:00 来源：某市人民政府办公室 【打印】【关闭】</p>\
        <p>各区县人民政府，市政府各部门：</p>\
        <p>　　一、压实防汛责任</p>\
        <p>　　各地要落实防汛责任制，确保安全度汛。</p>\
        <p>某市人民政府办公室</p><p>2024年5月30日</p></body></html>";
    let (gbk, _, _) = encoding_rs::GBK.encode(html);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notice.html"), &gbk).unwrap();
    let d = read_document(dir.path(), "notice.html").unwrap();
    assert_ne!(d.metadata.encoding, "UTF-8");
    assert_eq!(d.metadata.title, "某市人民政府办公室关于做好防汛工作的通知");
    assert_eq!(
        d.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2024-06-01")
    );
    assert_eq!(
        d.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2024-05-30")
    );
    assert_eq!(d.metadata.source.as_deref(), Some("某市人民政府办公室"));
    assert_eq!(
        texts(&d),
        [
            "各区县人民政府，市政府各部门：",
            "一、压实防汛责任",
            "各地要落实防汛责任制，确保安全度汛。",
            "某市人民政府办公室",
            "2024年5月30日",
        ]
    );
    assert_eq!(d.paragraphs[2].section, ["一、压实防汛责任"]);
}

// ---------------------------------------------------------------------------------------------
// (g) Every kind of policy document: the 公文 layout, numbering schemes, Markdown

/// A 印发 notice in full GB/T 9704 layout, carrying the 办法 it issues.
const NOTICE: &str = "000123\n机密★1年\n特急\n某某市人民政府办公厅文件\n某府办发〔2024〕7号\n\
    某某市人民政府办公厅关于印发《某某市科技创新券管理办法》的通知\n\
    各区县人民政府，市政府各部门：\n\
    现将《某某市科技创新券管理办法》印发给你们，请认真贯彻执行。\n\
    特此通知。\n\
    附件：某某市科技创新券管理办法\n\
    某某市人民政府办公厅\n\
    2024年3月1日\n\
    （此件公开发布）\n\
    某某市科技创新券管理办法\n\
    第一章 总则\n\
    第一条 为规范科技创新券管理，制定本办法。\n\
    第二条 申请创新券应当符合下列条件：\n\
    （一）在本市注册的中小企业；\n\
    （二）具有研发活动。\n\
    符合前款规定的，可以申请创新券。\n\
    第二章 附则\n\
    第三条 本办法自印发之日起施行。\n\
    抄送：市委办公厅，市人大常委会办公厅。\n\
    某某市人民政府办公厅 2024年3月2日印发";

#[test]
fn a_notice_s_frame_is_metadata_and_document_level_and_the_issued_measures_keep_their_structure() {
    let doc = parse::parse("notice/kcq.txt", NOTICE, "UTF-8");
    let m = &doc.metadata;
    assert_eq!(
        m.title,
        "某某市人民政府办公厅关于印发《某某市科技创新券管理办法》的通知"
    );
    assert_eq!(m.kind.as_deref(), Some("通知"));
    assert_eq!(m.issuer.as_deref(), Some("某某市人民政府办公厅"));
    assert_eq!(m.doc_number.as_deref(), Some("某府办发〔2024〕7号"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-03-01"));
    assert_eq!(m.secrecy.as_deref(), Some("机密★1年"));
    assert_eq!(m.urgency.as_deref(), Some("特急"));
    assert_eq!(m.addressee.as_deref(), Some("各区县人民政府，市政府各部门"));
    assert_eq!(
        m.copied_to.as_deref(),
        Some("市委办公厅，市人大常委会办公厅")
    );
    let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    for colophon in ["抄送", "印发", "000123", "特急", "某府办发"] {
        assert!(
            !texts.iter().any(|t| t.starts_with(colophon)),
            "{colophon} is a paragraph: {texts:?}"
        );
    }
    for frame in [
        "各区县人民政府，市政府各部门：",
        "特此通知。",
        "附件：某某市科技创新券管理办法",
        "某某市人民政府办公厅",
        "2024年3月1日",
        "（此件公开发布）",
    ] {
        assert!(
            paragraph(&doc, frame).section.is_empty(),
            "{frame}: {:?}",
            paragraph(&doc, frame).section
        );
    }
    let measures = "某某市科技创新券管理办法";
    assert_eq!(
        paragraph(&doc, "第一条").section,
        [measures, "第一章 总则", "第一条"]
    );
    assert_eq!(
        paragraph(&doc, "（二）具有研发活动").section,
        [measures, "第一章 总则", "第二条", "（二）具有研发活动"]
    );
    // The continuation 款 after the list belongs to the article, not to its last item.
    assert_eq!(
        paragraph(&doc, "符合前款规定的").section,
        [measures, "第一章 总则", "第二条"]
    );
    assert_eq!(
        paragraph(&doc, "第三条").section,
        [measures, "第二章 附则", "第三条"]
    );
}

#[test]
fn a_contingency_plan_numbered_decimally_nests_by_depth() {
    let text = "某某市突发事件总体应急预案\n1 总则\n1.1 编制目的\n\
        为提高政府应对突发事件的能力，制定本预案。\n1.2 适用范围\n1.2.1 自然灾害\n\
        本预案适用于本市行政区域内发生的自然灾害。\n2 组织体系\n2.1 领导机构\n\
        市政府是本市突发事件应急管理工作的行政领导机关。";
    let doc = parse::parse("yuan.txt", text, "UTF-8");
    assert_eq!(doc.metadata.kind.as_deref(), Some("预案"));
    assert_eq!(
        paragraph(&doc, "本预案适用于").section,
        ["1 总则", "1.2 适用范围", "1.2.1 自然灾害"]
    );
    assert_eq!(
        paragraph(&doc, "市政府是本市").section,
        ["2 组织体系", "2.1 领导机构"]
    );
}

#[test]
fn a_markdown_policy_text_reads_its_metadata_block_and_its_headings() {
    let md = "---\ntitle: 某某省数字经济促进条例\ndocno: 某人常〔2024〕3号\ndate: 2024-05-30\n---\n\n\
        # 某某省数字经济促进条例\n\n## 第一章 总则\n\n**第一条** 为了促进[数字经济](https://example.org)发展，制定本条例。\n\n\
        ## 第二章 数字基础设施\n\n### 第二节 算力\n\n- 第十条 县级以上人民政府应当统筹算力设施布局。\n";
    let doc = parse::parse_markdown("laws/digital.md", md, "UTF-8");
    let m = &doc.metadata;
    assert_eq!(m.title, "某某省数字经济促进条例");
    assert_eq!(m.kind.as_deref(), Some("条例"));
    assert_eq!(m.doc_number.as_deref(), Some("某人常〔2024〕3号"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-05-30"));
    let first = paragraph(&doc, "第一条");
    assert_eq!(first.text, "第一条 为了促进数字经济发展，制定本条例。");
    assert_eq!(first.section, ["第一章 总则", "第一条"]);
    assert_eq!(
        paragraph(&doc, "第十条").section,
        ["第二章 数字基础设施", "第二节 算力", "第十条"]
    );
    for p in &doc.paragraphs {
        assert!(
            !p.text.contains(['#', '*', '[', ']']) && !p.text.starts_with("- "),
            "Markdown leaks: {:?}",
            p.text
        );
    }
}
