//! (c) Metadata: titles, dates, sources, numbers.

use crate::support::*;

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
