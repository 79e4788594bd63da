//! The region and year a document is about: 2026年广西壮族自治区政府工作报告 → 广西, 2026.
//!
//! Regions are named by their short form (上海, 广西, 内蒙古), so that 上海市, 上海 and 沪-less
//! variants of one province are one facet value. The provincial-level divisions are known by
//! name; other places (cities, or the invented provinces of test fixtures) are recognised by
//! their suffix (…省, …市, …自治区) at the start of the title or issuer.

use std::sync::LazyLock;

use regex::Regex;

use super::metadata::Metadata;
use crate::analyze::fold_str;

/// Provincial-level divisions: full name, short form.
const PROVINCES: &[(&str, &str)] = &[
    ("北京市", "北京"),
    ("天津市", "天津"),
    ("上海市", "上海"),
    ("重庆市", "重庆"),
    ("河北省", "河北"),
    ("山西省", "山西"),
    ("辽宁省", "辽宁"),
    ("吉林省", "吉林"),
    ("黑龙江省", "黑龙江"),
    ("江苏省", "江苏"),
    ("浙江省", "浙江"),
    ("安徽省", "安徽"),
    ("福建省", "福建"),
    ("江西省", "江西"),
    ("山东省", "山东"),
    ("河南省", "河南"),
    ("湖北省", "湖北"),
    ("湖南省", "湖南"),
    ("广东省", "广东"),
    ("海南省", "海南"),
    ("四川省", "四川"),
    ("贵州省", "贵州"),
    ("云南省", "云南"),
    ("陕西省", "陕西"),
    ("甘肃省", "甘肃"),
    ("青海省", "青海"),
    ("台湾省", "台湾"),
    ("内蒙古自治区", "内蒙古"),
    ("广西壮族自治区", "广西"),
    ("西藏自治区", "西藏"),
    ("宁夏回族自治区", "宁夏"),
    ("新疆维吾尔自治区", "新疆"),
    ("香港特别行政区", "香港"),
    ("澳门特别行政区", "澳门"),
];

/// A place name with its suffix at the start of a text (after a year): 南湖市人民政府…, 东川省….
static PLACE_AT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}年)?(\p{Han}{2,5}?)(?:特别行政区|自治区|省|市)").expect("valid regex")
});

/// 2026年…报告 (no other 年 between): the year a report is about.
static REPORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年[^年]*报告").expect("valid regex"));

/// Words that end in 市/省 without naming a place (城市, 超市, 全省…).
const NOT_PLACES: &[&str] = &[
    "城", "超", "全", "本", "各", "该", "某", "我", "外", "股", "夜",
];

/// Fills `region` and `year` from the title, issuer, source and (for the region) the file name.
pub fn fill(meta: &mut Metadata, id: &str) {
    if meta.region.is_none() {
        let stem = id.rsplit('/').next().unwrap_or(id);
        meta.region = [
            Some(meta.title.as_str()),
            meta.issuer.as_deref(),
            meta.source.as_deref(),
            Some(stem),
        ]
        .into_iter()
        .flatten()
        .find_map(region_of);
    }
    if meta.year.is_none() {
        meta.year = report_year(&meta.title).or_else(|| meta.date.map(|d| d.year() as i32));
    }
}

/// The region a text (a title, an issuer) names first, in its short form.
pub fn region_of(text: &str) -> Option<String> {
    let folded = fold_str(text);
    let text = folded
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '年' || c == '-')
        .trim_start();
    // A known division, by full name anywhere near the start or by short form at the start.
    let known = PROVINCES
        .iter()
        .filter_map(|(full, short)| text.find(full).map(|at| (at, *short)))
        .min_by_key(|(at, _)| *at)
        .filter(|(at, _)| text[..*at].chars().count() <= 4);
    if let Some((_, short)) = known {
        return Some(short.to_string());
    }
    if let Some((_, short)) = PROVINCES.iter().find(|(_, short)| text.starts_with(short)) {
        return Some(short.to_string());
    }
    let place = PLACE_AT_START.captures(text)?.get(1)?.as_str();
    if NOT_PLACES.iter().any(|w| place.ends_with(w)) || place.contains("人民") {
        return None;
    }
    Some(place.to_string())
}

/// The short form of a region as typed by a user (上海市 → 上海, 广西壮族自治区 → 广西).
pub fn short_form(name: &str) -> String {
    let folded = fold_str(name.trim());
    if let Some((_, short)) = PROVINCES.iter().find(|(full, _)| *full == folded) {
        return short.to_string();
    }
    for suffix in ["特别行政区", "自治区", "省", "市"] {
        if let Some(stem) = folded.strip_suffix(suffix) {
            if stem.chars().count() >= 2 {
                return stem.to_string();
            }
        }
    }
    folded
}

fn report_year(title: &str) -> Option<i32> {
    let folded = fold_str(title);
    let year: i32 = REPORT_YEAR
        .captures(&folded)?
        .get(1)?
        .as_str()
        .parse()
        .ok()?;
    (1900..=2200).contains(&year).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_by_full_and_short_name() {
        assert_eq!(
            region_of("2026年上海市政府工作报告").as_deref(),
            Some("上海")
        );
        assert_eq!(
            region_of("2026年广西壮族自治区政府工作报告").as_deref(),
            Some("广西")
        );
        assert_eq!(region_of("2025年宁夏政府工作报告").as_deref(), Some("宁夏"));
        assert_eq!(
            region_of("2026_内蒙古自治区_政府工作报告.txt").as_deref(),
            Some("内蒙古")
        );
        assert_eq!(
            region_of("重庆高新区直管园2021年经济社会发展情况").as_deref(),
            Some("重庆")
        );
    }

    #[test]
    fn other_places_by_suffix() {
        assert_eq!(
            region_of("南湖市人民政府關於加強數字經濟").as_deref(),
            Some("南湖")
        );
        assert_eq!(
            region_of("东川省人民政府办公厅关于促进低空经济").as_deref(),
            Some("东川")
        );
        assert_eq!(
            region_of("2026年西岭自治区政府工作报告").as_deref(),
            Some("西岭")
        );
        assert_eq!(region_of("国务院办公厅关于促进低空经济的意见"), None);
        assert_eq!(region_of("关于加强城市更新的通知"), None);
        assert_eq!(region_of("全市人民"), None);
    }

    #[test]
    fn short_forms_of_what_users_type() {
        assert_eq!(short_form("广西壮族自治区"), "广西");
        assert_eq!(short_form("上海市"), "上海");
        assert_eq!(short_form("上海"), "上海");
        assert_eq!(short_form("南湖市"), "南湖");
    }

    #[test]
    fn year_from_report_title_else_date() {
        let mut meta = Metadata {
            title: "2026年北京市政府工作报告".into(),
            date: crate::parse::date::Date::new(2026, 1, 30),
            ..Metadata::default()
        };
        fill(&mut meta, "reports/x.txt");
        assert_eq!(
            (meta.region.as_deref(), meta.year),
            (Some("北京"), Some(2026))
        );

        let mut meta = Metadata {
            title: "关于2025年计划执行情况的报告".into(),
            date: crate::parse::date::Date::new(2026, 1, 30),
            ..Metadata::default()
        };
        fill(&mut meta, "x.txt");
        assert_eq!(meta.year, Some(2025));

        let mut meta = Metadata {
            title: "关于促进低空经济的通知".into(),
            date: crate::parse::date::Date::new(2024, 6, 1),
            issuer: Some("东川省人民政府".into()),
            ..Metadata::default()
        };
        fill(&mut meta, "x.txt");
        assert_eq!(
            (meta.region.as_deref(), meta.year),
            (Some("东川"), Some(2024))
        );
    }
}
