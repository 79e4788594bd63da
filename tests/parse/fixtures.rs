//! The fixture pages, one by one.

use crate::support::*;

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
