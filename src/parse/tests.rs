//! The parser as a whole, on small texts: what `parse` makes of a page (title, metadata,
//! paragraphs and their sections). Each part's own tests are in its file; these are the ones
//! that take every part together.

use super::lines::{MAX_PARAGRAPH_BYTES, PIECE_BYTES};
use super::parse;

#[test]
fn a_contents_page_a_layout_ran_into_one_line_is_not_text() {
    let doc = parse(
            "code.txt",
            "某某条例\n目录\n第一章 总则\n第二章 管理第一节 登记第二节 变更第三章 附则\n第一章 总则\n第一条 为了规范管理，制定本条例。\n",
            "UTF-8",
        );
    let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts.iter().filter(|t| t.contains("第一章")).count(),
        1,
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("第一节")), "{texts:?}");
    assert_eq!(texts.last(), Some(&"第一条 为了规范管理，制定本条例。"));
}

#[test]
fn an_order_is_issued_by_the_body_its_title_names_not_its_abbreviation() {
    let doc = parse(
            "order.txt",
            "北岸市人民政府令\n北府令第12号\n《北岸市数据资源管理办法》已经2025年2月20日市政府第8次常务会议通过，现予公布，自2025年4月1日起施行。\n市长 张三\n2025年3月1日\n",
            "UTF-8",
        );
    assert_eq!(doc.metadata.title, "北岸市人民政府令");
    assert_eq!(doc.metadata.kind.as_deref(), Some("令"));
    assert_eq!(doc.metadata.doc_number.as_deref(), Some("北府令第12号"));
    assert_eq!(doc.metadata.issuer.as_deref(), Some("北岸市人民政府"));

    // The number on a line of its own under the title.
    let doc = parse(
            "order2.txt",
            "北岸市人民政府令\n第 12 号\n《北岸市数据资源管理办法》已经市政府常务会议通过，现予公布。\n市长 张三\n2025年3月1日\n",
            "UTF-8",
        );
    assert_eq!(
        doc.metadata.doc_number.as_deref(),
        Some("北岸市人民政府令第12号")
    );
    assert_eq!(doc.metadata.issuer.as_deref(), Some("北岸市人民政府"));
    assert!(doc.paragraphs.iter().all(|p| !p.text.contains("12 号")));
}

#[test]
fn an_overlong_line_is_split_at_sentence_ends_and_nothing_is_lost() {
    let sentence = "推进科技创新和产业创新深度融合，加快发展新质生产力。";
    let line = sentence.repeat(MAX_PARAGRAPH_BYTES / sentence.len() + 10);
    let doc = parse("x.txt", &format!("关于测试的通知\n{line}\n"), "UTF-8");
    assert!(doc.paragraphs.len() > 10);
    assert!(doc
        .paragraphs
        .iter()
        .all(|p| p.text.len() <= PIECE_BYTES && p.text.ends_with('。')));
    let joined: String = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, line);
    assert_eq!(doc.notes.len(), 1, "{:?}", doc.notes);
    let junk = "x".repeat(MAX_PARAGRAPH_BYTES * 2);
    let doc = parse("y.txt", &junk, "UTF-8");
    let joined: String = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, junk);
}

#[test]
fn a_small_page() {
    let text = "首页\n打印\n2026年某市政府工作报告\n来源：某日报\n时间：2026-02-09\n\
            ——2026年1月28日在某市人民代表大会上\n各位代表：\n一、工作回顾\n\
            （一）创新驱动。科技投入增长。研发经费占比3%。\n相关报道：\n某市召开大会";
    let doc = parse("2026_某市_政府工作报告.txt", text, "UTF-8");
    assert_eq!(doc.metadata.title, "2026年某市政府工作报告");
    assert_eq!(doc.metadata.source.as_deref(), Some("某日报"));
    assert_eq!(
        doc.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2026-02-09")
    );
    assert_eq!(
        doc.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2026-01-28")
    );
    assert_eq!(
        doc.metadata.date.map(|d| d.to_string()).as_deref(),
        Some("2026-02-09")
    );
    let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "——2026年1月28日在某市人民代表大会上",
            "各位代表：",
            "一、工作回顾",
            "（一）创新驱动。科技投入增长。研发经费占比3%。"
        ]
    );
    assert_eq!(
        doc.paragraphs[3].section,
        ["一、工作回顾", "（一）创新驱动"]
    );
    assert_eq!(doc.paragraphs[3].number, 4);
}

#[test]
fn a_generic_title_is_found_without_help_from_the_file_name() {
    let text =
        "工作动态\n政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。";
    let doc = parse("a/b/c.txt", text, "UTF-8");
    assert_eq!(doc.metadata.title, "政府工作报告");
    assert_eq!(doc.paragraphs[0].text, "各位代表：");
}

#[test]
fn a_title_without_title_words_is_the_line_above_the_date() {
    let text =
        "中华人民共和国中央人民政府\n新华网 > 时政\n国务院常务会议部署推动经济持续回升向好\n\
            2024-01-10 10:00:00 来源: 新华网 作者：张三\n【字体：大 中 小】\n\
            新华社北京1月10日电 国务院总理主持召开国务院常务会议，部署推动经济持续回升向好。\n\
            责任编辑：李四";
    let doc = parse("news/c_1.htm", text, "UTF-8");
    assert_eq!(doc.metadata.title, "国务院常务会议部署推动经济持续回升向好");
    assert_eq!(doc.metadata.source.as_deref(), Some("新华网"));
    assert_eq!(
        doc.metadata.published.map(|d| d.to_string()).as_deref(),
        Some("2024-01-10")
    );
    assert_eq!(doc.paragraphs.len(), 1);
}

#[test]
fn a_regulation_s_adoption_line_gives_its_written_date() {
    let text =
        "重庆市数据条例\n（2022年3月30日重庆市第五届人民代表大会常务委员会第三十三次会议通过）\n\
            第一章 总则\n第一条 为了规范数据处理活动，保障数据安全，制定本条例。";
    let doc = parse("reg.txt", text, "UTF-8");
    assert_eq!(
        doc.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2022-03-30")
    );
    // The 题注 is metadata, not a paragraph.
    assert_eq!(doc.paragraphs[0].text, "第一章 总则");
    assert_eq!(doc.paragraphs[1].section, ["第一章 总则", "第一条"]);
    assert_eq!(doc.metadata.history.len(), 1);
    assert_eq!(doc.metadata.history[0].event, "通过");
    assert_eq!(
        doc.metadata.issuer.as_deref(),
        Some("重庆市人民代表大会常务委员会")
    );
    assert_eq!(doc.metadata.level.as_deref(), Some("地方性法规"));
}

#[test]
fn column_names_are_not_titles() {
    let text = "通知公告\n政策文件\n某市人民政府关于做好防汛工作的通知\n各区县人民政府：\n\
            为切实做好今年防汛工作，确保人民群众生命财产安全，现通知如下。";
    let doc = parse("art_2024_1.html", text, "UTF-8");
    assert_eq!(doc.metadata.title, "某市人民政府关于做好防汛工作的通知");
    assert_eq!(doc.paragraphs[0].text, "各区县人民政府：");
}

#[test]
fn the_byline_and_caption_before_the_salutation_head_no_section() {
    let text = "2026年某省政府工作报告\n——2026年1月27日在某省人民代表大会上\n省长 张三\n\
            省长张三作政府工作报告。本报记者 李四 摄\n各位代表：\n一、工作回顾\n\
            一是经济稳中有进。地区生产总值增长5%。";
    let doc = parse("2026_某省_政府工作报告.txt", text, "UTF-8");
    for p in &doc.paragraphs[..4] {
        assert!(p.section.is_empty(), "{:?}: {:?}", p.text, p.section);
    }
    assert_eq!(
        doc.paragraphs[5].section,
        ["一、工作回顾", "一是经济稳中有进"]
    );
}

#[test]
fn a_signature_s_date_is_the_written_date() {
    let text = "某部关于开展检查的通知\n各省级主管部门：\n\
            为加强管理，现就开展检查有关事项通知如下，请认真贯彻执行。\n某部办公厅\n\
            二〇二四年一月五日\n（此件主动公开）";
    let doc = parse("notice.txt", text, "UTF-8");
    assert_eq!(
        doc.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(
        doc.metadata.date.map(|d| d.to_string()).as_deref(),
        Some("2024-01-05")
    );
    assert_eq!(doc.paragraphs.last().unwrap().text, "（此件主动公开）");
}

#[test]
fn a_stated_written_date_wins_over_the_signature() {
    let text = "成文日期：2024-01-04\n某部关于开展检查的通知\n各省级主管部门：\n\
            为加强管理，现就开展检查有关事项通知如下，请认真贯彻执行。\n某部办公厅\n2024年1月5日";
    let doc = parse("notice.txt", text, "UTF-8");
    assert_eq!(
        doc.metadata.written.map(|d| d.to_string()).as_deref(),
        Some("2024-01-04")
    );
}

#[test]
fn a_long_title_given_on_the_line_after_its_label_is_read() {
    let text = "标　　题：\n\
            国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知\n\
            发文字号：\n国办发〔2024〕3号\n\
            国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知\n\
            各省、自治区、直辖市人民政府：\n现印发给你们，请认真贯彻执行。";
    let doc = parse("content_1.htm", text, "UTF-8");
    assert_eq!(
        doc.metadata.title,
        "国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知"
    );
    assert_eq!(
        doc.metadata.doc_number.as_deref(),
        Some("国办发〔2024〕3号")
    );
    assert_eq!(doc.paragraphs[0].text, "各省、自治区、直辖市人民政府：");
    assert_eq!(doc.paragraphs.len(), 2);
}

/// The 效力级别 `parse` reads for a text: it needs the 题注 and the title, which only the whole
/// parser reads.
fn level(text: &str) -> Option<String> {
    parse("x.txt", text, "UTF-8").metadata.level
}

#[test]
fn each_level_from_the_history_and_the_title() {
    let body = "\n第一章 总则\n第一条 为了规范管理，制定本规定。";
    for (head, want) in [
            ("中华人民共和国宪法\n（1982年12月4日第五届全国人民代表大会第五次会议通过）", "宪法"),
            ("中华人民共和国检察官法\n（1995年2月28日第八届全国人民代表大会常务委员会第十二次会议通过）", "法律"),
            ("重大行政决策程序暂行条例\n（2019年4月20日中华人民共和国国务院令第713号公布 自2019年9月1日起施行）", "行政法规"),
            ("监察法实施条例\n（2021年7月20日国家监察委员会全体会议决定 2021年9月20日国家监察委员会公告第1号公布 自公布之日起施行）", "监察法规"),
            ("最高人民法院关于审理民间借贷案件适用法律若干问题的规定\n（2015年6月23日最高人民法院审判委员会第1655次会议通过）", "司法解释"),
            ("北岸市养犬管理条例\n（2020年5月15日北岸市第十五届人民代表大会常务委员会第十次会议通过 2020年7月31日某某省第十三届人民代表大会常务委员会第二十次会议批准）", "地方性法规"),
            ("北岸市数据资源管理办法\n（2025年3月1日北岸市人民政府令第12号公布 自2025年4月1日起施行）", "地方政府规章"),
            ("道路交通安全违法行为处理程序规定\n（2020年4月7日中华人民共和国公安部令第157号公布 自2020年5月1日起施行）", "部门规章"),
            ("中国共产党纪律处分条例", "党内法规"),
            ("某某市人民政府办公厅关于做好防汛工作的通知", "规范性文件"),
        ] {
            assert_eq!(level(&format!("{head}{body}")).as_deref(), Some(want), "{head}");
        }
    assert_eq!(
        level(
            "2026年某市政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。"
        ),
        None
    );
}
