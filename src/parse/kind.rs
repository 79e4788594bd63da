//! 文种 and 发文机关 from a title: 国务院办公厅关于印发《…方案》的通知 is a 通知 of 国务院办公厅.

/// Kinds of documents, longest first so that 实施细则 is found before 细则 and 实施方案 before
/// 方案. The first column is the word a title ends with, the second the kind it is filed under.
const KINDS: &[(&str, &str)] = &[
    ("政府工作报告", "报告"),
    ("实施细则", "细则"),
    ("实施方案", "方案"),
    ("实施意见", "意见"),
    ("指导意见", "意见"),
    ("工作要点", "要点"),
    ("行动计划", "计划"),
    ("行动方案", "方案"),
    ("应急预案", "预案"),
    ("管理办法", "办法"),
    ("暂行办法", "办法"),
    ("暂行规定", "规定"),
    ("若干规定", "规定"),
    ("若干措施", "措施"),
    ("若干意见", "意见"),
    ("答复", "答复"),
    ("复函", "函"),
    ("公报", "公报"),
    ("决议", "决议"),
    ("决定", "决定"),
    ("命令", "命令"),
    ("公告", "公告"),
    ("通告", "通告"),
    ("意见", "意见"),
    ("通知", "通知"),
    ("通报", "通报"),
    ("报告", "报告"),
    ("请示", "请示"),
    ("批复", "批复"),
    ("议案", "议案"),
    ("纪要", "纪要"),
    ("条例", "条例"),
    ("规定", "规定"),
    ("办法", "办法"),
    ("细则", "细则"),
    ("规则", "规则"),
    ("规程", "规程"),
    ("章程", "章程"),
    ("方案", "方案"),
    ("规划", "规划"),
    ("纲要", "纲要"),
    ("计划", "计划"),
    ("要点", "要点"),
    ("预案", "预案"),
    ("指南", "指南"),
    ("指引", "指引"),
    ("清单", "清单"),
    ("目录", "目录"),
    ("标准", "标准"),
    ("准则", "准则"),
    ("守则", "守则"),
    ("措施", "措施"),
    ("制度", "制度"),
    ("法典", "法律"),
    ("解释", "解释"),
    ("函", "函"),
    ("令", "令"),
    ("法", "法律"),
];

/// Words a title may end with after its kind: (试行), （2024年修订）, （征求意见稿）.
fn without_trailing_notes(title: &str) -> &str {
    strip_trailing_notes(title, |_| true)
}

/// The title without the parenthesised notes at its end that `strip` accepts (each note with
/// its brackets), innermost last: 《…办法（试行）（2024年修订）》 → …办法 when all are accepted.
pub(crate) fn strip_trailing_notes(title: &str, strip: impl Fn(&str) -> bool) -> &str {
    let mut t = title.trim();
    loop {
        let trimmed = t.trim_end_matches([' ', '　']);
        let Some(open) = trimmed
            .ends_with([')', '）'])
            .then(|| trimmed.rfind(['(', '（']))
            .flatten()
            .filter(|&open| strip(&trimmed[open..]))
        else {
            return trimmed;
        };
        t = &trimmed[..open];
    }
}

/// The kind of a document by its title's last word: 通知, 意见, 办法, 条例, 报告, 法律…
/// A 法 must be a law's name (中华人民共和国…法, …保护法), not any word ending in 法 (方法, 做法).
pub fn kind_of(title: &str) -> Option<&'static str> {
    let t = without_trailing_notes(title);
    let t = t.trim_end_matches(['》', '”', '"']);
    let (word, kind) = KINDS.iter().find(|(word, _)| t.ends_with(word))?;
    if *word == "法" {
        let before: String = t.chars().rev().nth(1).into_iter().collect();
        let is_law = t.starts_with("中华人民共和国")
            || t.contains("法律")
            || [
                "护", "理", "督", "展", "进", "全", "障", "制", "治", "务", "育", "源",
            ]
            .contains(&before.as_str());
        if !is_law || t.ends_with("方法") || t.ends_with("办法") || t.ends_with("做法") {
            return None;
        }
    }
    if *word == "令" && t.chars().count() > 12 {
        // 令 is an order's name (国务院令), not the end of a long title (…的命令 is caught above).
        return None;
    }
    Some(kind)
}

/// The issuing body a title names before its 关于: 国务院办公厅关于… → 国务院办公厅;
/// 国家发展改革委 工业和信息化部关于… → both, joined by 、.
pub fn issuer_in_title(title: &str) -> Option<String> {
    // An order's title is its issuer's name: 北岸市人民政府令.
    if let Some(body) = title.trim().strip_suffix('令') {
        let body = body
            .strip_prefix("中华人民共和国")
            .filter(|b| !b.is_empty())
            .unwrap_or(body);
        return is_body_name(body).then(|| body.to_string());
    }
    let (before, _) = title.split_once("关于")?;
    let before = before.trim();
    let n = before.chars().count();
    if !(2..=60).contains(&n) || before.contains(['《', '，', '。', '：']) {
        return None;
    }
    let issuers: Vec<&str> = before
        .split([' ', '　', '、'])
        .filter(|s| !s.is_empty())
        .collect();
    issuers
        .iter()
        .all(|i| is_body_name(i))
        .then(|| issuers.join("、"))
}

/// Endings of the names of state organs, Party bodies and other issuers.
const BODY_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "委员会",
    "常委会",
    "办公厅",
    "办公室",
    "人民代表大会",
    "国务院",
    "中共中央",
    "党委",
    "党组",
    "管委会",
    "管理委员会",
    "委",
    "部",
    "厅",
    "局",
    "署",
    "院",
    "会",
    "中心",
    "处",
    "办",
    "所",
    "行",
    "总队",
    "公司",
    "集团",
    "大学",
    "学院",
    "联合会",
    "工会",
    "团委",
];

/// A name that ends as a body's name does (国务院办公厅, 市发展改革委, 县卫生健康局).
pub fn is_body_name(name: &str) -> bool {
    let n = name.chars().count();
    (2..=30).contains(&n)
        && !name.contains(['。', '，', '；', '：', ':', '！', '？'])
        && !name.chars().any(|c| c.is_ascii_digit())
        && BODY_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// The 发文机关标志 of a 版头: 某某市人民政府文件 → 某某市人民政府.
pub fn issuer_of_masthead(line: &str) -> Option<String> {
    let squeezed: String = line.split_whitespace().collect();
    let name = squeezed.strip_suffix("文件")?;
    let names: Vec<&str> = line
        .trim()
        .strip_suffix("文件")
        .unwrap_or(name)
        .split([' ', '　'])
        .filter(|s| !s.is_empty())
        .collect();
    // Joint issuers stand side by side (某某厅 某某局文件); one issuer may be letter-spaced.
    if names.len() > 1 && names.iter().all(|n| is_body_name(n)) {
        return Some(names.join("、"));
    }
    is_body_name(name).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_is_the_title_s_last_word() {
        for (title, kind) in [
            (
                "国务院办公厅关于印发《城市社区嵌入式服务设施建设工程实施方案》的通知",
                "通知",
            ),
            ("国务院关于同意设立某某高新技术产业开发区的批复", "批复"),
            ("专利代理条例", "条例"),
            ("某某省科技型中小企业认定管理办法（试行）", "办法"),
            ("某某市突发事件总体应急预案（2024年修订）", "预案"),
            ("关于加快南货场铁路涵洞下穿建设的函", "函"),
            ("2026年上海市政府工作报告", "报告"),
            ("中华人民共和国民法典", "法律"),
            ("中华人民共和国个人信息保护法", "法律"),
            ("关于政协第十三届委员会第5号提案的答复", "答复"),
            ("中共中央 国务院关于全面推进乡村振兴的意见", "意见"),
            ("某某市数字经济促进条例（草案）", "条例"),
        ] {
            assert_eq!(kind_of(title), Some(kind), "{title}");
        }
        assert_eq!(kind_of("新质生产力的培育方法"), None);
        assert_eq!(kind_of("科技创新的几点做法"), None);
        assert_eq!(kind_of("春节假期出行提示"), None);
    }

    #[test]
    fn the_issuer_stands_before_about() {
        assert_eq!(
            issuer_in_title("国务院办公厅关于印发《某方案》的通知").as_deref(),
            Some("国务院办公厅")
        );
        assert_eq!(
            issuer_in_title("国家发展改革委 工业和信息化部关于推动产业集群发展的意见").as_deref(),
            Some("国家发展改革委、工业和信息化部")
        );
        assert_eq!(issuer_in_title("关于同意张三同志辞职的批复"), None);
        assert_eq!(issuer_in_title("2024年关于做好工作的通知"), None);
        assert_eq!(
            issuer_in_title("北岸市人民政府令").as_deref(),
            Some("北岸市人民政府")
        );
        assert_eq!(
            issuer_in_title("中华人民共和国国务院令").as_deref(),
            Some("国务院")
        );
        assert_eq!(issuer_in_title("北府令"), None);
    }

    #[test]
    fn the_masthead_names_the_issuer() {
        assert_eq!(
            issuer_of_masthead("某某市人民政府文件").as_deref(),
            Some("某某市人民政府")
        );
        assert_eq!(
            issuer_of_masthead("测试符路桥区卫生局文件").as_deref(),
            Some("测试符路桥区卫生局")
        );
        assert_eq!(
            issuer_of_masthead("某某省财政厅 某某省税务局文件").as_deref(),
            Some("某某省财政厅、某某省税务局")
        );
        assert_eq!(issuer_of_masthead("一份公文文件"), None);
        assert_eq!(issuer_of_masthead("关于印发文件"), None);
    }
}
