//! (d) Section paths.

use policy_search::parse::Paragraph;

use crate::support::*;

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
