//! (g) Every kind of policy document: the 公文 layout, numbering schemes, Markdown.

use policy_search::parse;

use crate::support::*;

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

#[test]
fn a_law_file_with_nothing_but_its_caption_keeps_the_caption_as_its_text() {
    // The national database's file of a law whose text it does not hold: a title and a 题注.
    let md = "# 某某市实施《中华人民共和国测试法》办法\n\n\
        1998年5月29日 某某市第一届人民代表大会常务委员会第九次会议通过\n\n\
        2012年9月27日某某市第三届人民代表大会常务委员会第三十六次会议修订\n\n<!-- INFO END -->\n";
    let doc = parse::parse_markdown("laws/caption-only.md", md, "UTF-8");
    assert_eq!(doc.metadata.title, "某某市实施《中华人民共和国测试法》办法");
    assert_eq!(doc.metadata.history.len(), 2, "{:?}", doc.metadata.history);
    let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].starts_with("1998年5月29日") && texts[1].starts_with("2012年9月27日"));
    // With a text, the 题注 stays metadata only.
    let with_text = format!("{md}\n第一条 为了测试，制定本办法。\n");
    let doc = parse::parse_markdown("laws/with-text.md", &with_text, "UTF-8");
    assert_eq!(doc.paragraphs.len(), 1, "{:?}", doc.paragraphs);
}
