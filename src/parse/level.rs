//! 效力级别: a document's level of authority, as the national law database and 北大法宝
//! classify it, from what the document says of itself: the bodies and 令 of its 题注, its
//! issuer, its title and 文种, its 发文字号.

use std::sync::LazyLock;

use regex::Regex;

use super::metadata::Metadata;

/// Every level, highest first: the values of `level` and of its filter and facet.
pub const LEVELS: [&str; 11] = [
    "宪法",
    "法律",
    "行政法规",
    "监察法规",
    "司法解释",
    "部门规章",
    "地方性法规",
    "地方政府规章",
    "规范性文件",
    "党内法规",
    "其他",
];

/// A local people's congress (省, 市, 自治区, 自治州, 县…人民代表大会), not the national one.
static LOCAL_CONGRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}+(?:省|市|自治区|自治州|自治县|县|区|盟|旗)(?:第[\d一二三四五六七八九十]+届)?人民代表大会").unwrap()
});
/// A local government's order: 北京市人民政府令第12号, 北府令第12号 is not enough.
static LOCAL_GOVERNMENT_ORDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:省|市|自治区|自治州|县|区)人民政府令").unwrap());
/// A ministry's meeting that adopts its rules: 部务会议, 局务会议, 委务会议, 署务会议, 行务会议,
/// 主任办公会议, 部长办公会议.
static MINISTRY_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:部|局|委|署|行|会)(?:务|长办公|主任办公|委员会)?会议|办公会议").unwrap()
});
/// Words of a judicial interpretation's title: 关于审理…案件适用法律若干问题的解释.
static JUDICIAL_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:审理|审判|适用|执行|办理).*(?:解释|规定|批复|答复)$").unwrap()
});

/// 文种 of rules and normative documents that a government body issues.
const NORMATIVE_KINDS: &[&str] = &[
    "通知", "意见", "办法", "规定", "决定", "方案", "细则", "批复", "公告", "通告", "规则", "指引",
    "函", "命令", "令", "规划", "纲要", "指南", "条例", "答复", "决议",
];

/// The level of a document, or `None` for texts that are no rules (reports, news).
pub fn of(meta: &Metadata) -> Option<&'static str> {
    let title = meta
        .title
        .trim()
        .trim_start_matches('《')
        .trim_end_matches('》');
    let bare = title.strip_prefix("中华人民共和国").unwrap_or(title);
    let issuer = meta.issuer.as_deref().unwrap_or("");
    let kind = meta.kind.as_deref().unwrap_or("");
    let bodies: String = meta
        .history
        .iter()
        .flat_map(|e| [e.body.as_deref(), e.order.as_deref()])
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let orders: Vec<&str> = meta
        .history
        .iter()
        .filter_map(|e| e.order.as_deref())
        .chain(meta.doc_number.as_deref().filter(|n| n.contains('令')))
        .collect();
    let names = |word: &str| bodies.contains(word) || issuer.contains(word);

    if bare == "宪法" || bare.starts_with("宪法修正案") {
        return Some("宪法");
    }
    if title.starts_with("中国共产党")
        || issuer.starts_with("中共")
        || issuer.starts_with("中国共产党")
    {
        return Some("党内法规");
    }
    if names("国家监察委员会") {
        return Some("监察法规");
    }
    if names("最高人民法院")
        || names("最高人民检察院")
        || title.starts_with("最高人民法院")
        || title.starts_with("最高人民检察院")
    {
        return Some("司法解释");
    }
    if LOCAL_CONGRESS.is_match(&bodies) || LOCAL_CONGRESS.is_match(issuer) {
        return Some("地方性法规");
    }
    if bodies.contains("全国人民代表大会") || orders.iter().any(|o| o.contains("主席令"))
    {
        return Some("法律");
    }
    if orders.iter().any(|o| LOCAL_GOVERNMENT_ORDER.is_match(o)) {
        return Some("地方政府规章");
    }
    if bodies.contains("国务院") || orders.iter().any(|o| o.contains("国务院令")) {
        return Some("行政法规");
    }
    if !orders.is_empty() || MINISTRY_MEETING.is_match(&bodies) {
        return Some("部门规章");
    }
    // Without a 题注: the title and issuer alone.
    if title.starts_with("全国人民代表大会") || issuer.starts_with("全国人民代表大会")
    {
        return Some("法律");
    }
    if kind == "法律" && meta.region.is_none() {
        return Some("法律");
    }
    if title.starts_with("国务院") && ["条例", "规定", "办法", "决定", "细则"].contains(&kind)
    {
        return Some("行政法规");
    }
    // A province's or city's 条例 (自治条例, 单行条例 too) is its people's congress's.
    if kind == "条例" && meta.region.is_some() && !issuer.contains("政府") {
        return Some("地方性法规");
    }
    if kind == "条例" && meta.region.is_none() && issuer.is_empty() {
        return Some("行政法规");
    }
    if JUDICIAL_TITLE.is_match(title) && meta.region.is_none() {
        return Some("司法解释");
    }
    if !issuer.is_empty() && NORMATIVE_KINDS.contains(&kind) {
        return Some("规范性文件");
    }
    if !meta.history.is_empty() {
        return Some("其他");
    }
    None
}
