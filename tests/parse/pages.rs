//! Pages from other sites (synthetic).

use policy_search::ingest::read_document;
use policy_search::parse;

use crate::support::*;

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
