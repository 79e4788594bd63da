use super::*;
use crate::extract::types::{Page, Properties};
use std::io::{Cursor, Write};
use std::time::Duration;
use zip::write::SimpleFileOptions;

const NS: &str = r#"xmlns:ofd="http://www.ofdspec.org/2016""#;

fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn ofd_xml(doc_root: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {NS} Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:Title>关于&amp;测试</ofd:Title><ofd:Author>王静</ofd:Author><ofd:CreationDate>2023-7-12</ofd:CreationDate></ofd:DocInfo><ofd:DocRoot>{doc_root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#
    )
}

/// A Document.xml with A4 pages at the given BaseLocs, plus extra CommonData.
fn document_xml(pages: &[&str], common_extra: &str) -> String {
    let pages: String = pages
        .iter()
        .enumerate()
        .map(|(i, loc)| format!(r#"<ofd:Page ID="{}" BaseLoc="{loc}"/>"#, i + 10))
        .collect();
    format!(
        r#"<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>{common_extra}</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>"#
    )
}

/// A page part with the given objects in one layer, plus extra children of the Page.
fn page_xml(objects: &str, extra: &str) -> String {
    format!(
        r#"<ofd:Page {NS}>{extra}<ofd:Content><ofd:Layer ID="1">{objects}</ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

fn text_object(boundary: &str, attrs: &str, code: &str) -> String {
    format!(
        r#"<ofd:TextObject ID="5" Boundary="{boundary}" Font="3" Size="5" {attrs}>{code}</ofd:TextObject>"#
    )
}

/// A page part with one line of text, `text`, near its top-left corner.
fn text_page(text: &str) -> String {
    let code = format!(r#"<ofd:TextCode X="0" Y="5">{text}</ofd:TextCode>"#);
    page_xml(&text_object("0 0 100 10", "", &code), "")
}

fn read_files(files: &[(&str, &str)]) -> Result<FixedLayout, ExtractError> {
    read(&zip_of(files), &Limits::for_one_file())
}

/// The parts of a package with one document: OFD.xml pointing at `doc_root`,
/// Doc_0/Document.xml listing `pages` (and `common_extra` in its CommonData), then `parts`.
fn document_parts(
    doc_root: &str,
    pages: &[&str],
    common_extra: &str,
    parts: &[(&str, &str)],
) -> Vec<(String, String)> {
    let head = [
        ("OFD.xml", ofd_xml(doc_root)),
        ("Doc_0/Document.xml", document_xml(pages, common_extra)),
    ];
    let parts = parts.iter().map(|(name, text)| (*name, text.to_string()));
    head.into_iter()
        .chain(parts)
        .map(|(name, text)| (name.to_owned(), text))
        .collect()
}

/// A package with one document of one page, `page` its content, and any `extra` parts.
fn one_page(doc_root: &str, page: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut parts = document_parts(
        doc_root,
        &["Pages/Page_0/Content.xml"],
        "",
        &[("Doc_0/Pages/Page_0/Content.xml", page)],
    );
    parts.extend(extra.iter().map(|(n, t)| (n.to_string(), t.to_string())));
    parts
}

fn as_files(parts: &[(String, String)]) -> Vec<(&str, &str)> {
    parts
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect()
}

fn read_parts(parts: &[(String, String)]) -> Result<FixedLayout, ExtractError> {
    read_files(&as_files(parts))
}

fn page_text(page: &Page) -> String {
    page.glyphs.iter().map(|g| g.ch).collect()
}

fn pt(mm: f64) -> f32 {
    (mm * MM_TO_PT) as f32
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-3
}

#[test]
fn pages_follow_document_order_not_file_names() {
    let layout = read_parts(&document_parts(
        "Doc_0/Document.xml",
        &["Pages/Page_2/Content.xml", "Pages/Page_10/Content.xml"],
        "",
        &[
            ("Doc_0/Pages/Page_10/Content.xml", &text_page("十")),
            ("Doc_0/Pages/Page_2/Content.xml", &text_page("二")),
        ],
    ))
    .unwrap();
    let texts: Vec<String> = layout.pages.iter().map(page_text).collect();
    assert_eq!(texts, ["二", "十"]);
    assert!(close(layout.pages[0].width, pt(210.0)));
    assert!(close(layout.pages[0].height, pt(297.0)));
    assert_eq!(
        layout.properties,
        Properties {
            title: Some("关于&测试".into()),
            author: Some("王静".into()),
            subject: None,
            created: Some("2023-07-12".into()),
        }
    );
}

#[test]
fn delta_x_expands_g_syntax_and_repeats_the_last_delta() {
    let objects = text_object(
        "10 20 100 10",
        "",
        r#"<ofd:TextCode X="1" Y="4" DeltaX="g 2 5 3">一二三四</ofd:TextCode><ofd:TextCode X="1" Y="14" DeltaX="2">abcd</ofd:TextCode>"#,
    );
    let layout = read_parts(&one_page(
        "/Doc_0/Document.xml",
        &page_xml(&objects, ""),
        &[],
    ))
    .unwrap();
    let glyphs = &layout.pages[0].glyphs;
    assert_eq!(page_text(&layout.pages[0]), "一二三四abcd");
    let xs: Vec<f32> = glyphs.iter().map(|g| g.x).collect();
    let expected = [11.0, 16.0, 21.0, 24.0, 11.0, 13.0, 15.0, 17.0].map(pt);
    assert!(xs.iter().zip(expected).all(|(a, b)| close(*a, b)), "{xs:?}");
    assert!(close(glyphs[0].y, pt(24.0)));
    assert!(close(glyphs[4].y, pt(34.0)));
    assert!(close(glyphs[0].size, pt(5.0)));
    // Widths: the delta to the next glyph; the last glyph a full em (CJK) or half (ASCII).
    let widths: Vec<f32> = glyphs.iter().map(|g| g.width).collect();
    let expected = [5.0, 5.0, 3.0, 5.0, 2.0, 2.0, 2.0, 2.5].map(pt);
    assert!(
        widths.iter().zip(expected).all(|(a, b)| close(*a, b)),
        "{widths:?}"
    );
}

#[test]
fn composite_object_text_is_placed_by_its_boundary_and_ctm() {
    let unit_text = text_object(
        "100 200 50 20",
        r#"CTM="2 0 0 2 0 0""#,
        r#"<ofd:TextCode X="0" Y="4" DeltaX="3">合成</ofd:TextCode>"#,
    );
    let res = format!(
        r#"<ofd:Res {NS} BaseLoc="Res"><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="7" Width="500" Height="500"><ofd:Content>{unit_text}</ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits></ofd:Res>"#
    );
    let objects = r#"<ofd:CompositeObject ID="8" CTM="0.5 0 0 0.5 0 0" Boundary="10 20 100 100" ResourceID="7"/>"#;
    let layout = read_parts(&document_parts(
        "Doc_0/Document.xml",
        &["Pages/Page_0/Content.xml"],
        "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>",
        &[
            ("Doc_0/DocumentRes.xml", &res),
            ("Doc_0/Pages/Page_0/Content.xml", &page_xml(objects, "")),
        ],
    ))
    .unwrap();
    let glyphs = &layout.pages[0].glyphs;
    assert_eq!(page_text(&layout.pages[0]), "合成");
    // Unit point (100 + 2·0, 200 + 2·4) = (100, 208), halved, then offset by (10, 20).
    assert!(close(glyphs[0].x, pt(60.0)) && close(glyphs[0].y, pt(124.0)));
    assert!(close(glyphs[1].x, pt(63.0)));
    assert!(close(glyphs[0].size, pt(5.0)) && close(glyphs[0].width, pt(3.0)));
}

#[test]
fn templates_draw_under_and_over_the_page() {
    let templates = r#"<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/><ofd:TemplatePage ID="3" BaseLoc="/Doc_0/Tpls/Tpl_1/Content.xml" ZOrder="Foreground"/>"#;
    let page = page_xml(
        &text_object(
            "0 50 100 10",
            "",
            r#"<ofd:TextCode X="0" Y="5">正文</ofd:TextCode>"#,
        ),
        r#"<ofd:Template TemplateID="3"/><ofd:Template TemplateID="2"/>"#,
    );
    let layout = read_parts(&document_parts(
        "Doc_0/Document.xml",
        &["Pages/Page_0/Content.xml"],
        templates,
        &[
            ("Doc_0/Tpls/Tpl_0/Content.xml", &text_page("页眉")),
            ("Doc_0/Tpls/Tpl_1/Content.xml", &text_page("— 1 —")),
            ("Doc_0/Pages/Page_0/Content.xml", &page),
        ],
    ))
    .unwrap();
    assert_eq!(page_text(&layout.pages[0]), "页眉正文— 1 —");
}

#[test]
fn a_missing_page_part_skips_that_page_only() {
    let page = text_page("在");
    let layout = read_parts(&document_parts(
        "Doc_0/Document.xml",
        &["Pages/Page_0/Content.xml", "Pages/Page_1/Content.xml"],
        "",
        // Case differs from the reference: still found.
        &[("Doc_0/pages/page_1/content.xml", &page)],
    ))
    .unwrap();
    assert_eq!(layout.pages.len(), 1);
    assert_eq!(page_text(&layout.pages[0]), "在");
}

#[test]
fn a_zip_bomb_stops_at_the_inflation_limit() {
    let padding = " ".repeat(4 * 1024 * 1024);
    let page = page_xml(&format!("<!--{padding}-->"), "");
    let bytes = zip_of(&as_files(&one_page("Doc_0/Document.xml", &page, &[])));
    assert!(bytes.len() < 100_000);
    let limits = Limits::new(Duration::from_secs(60), 1024 * 1024);
    assert!(matches!(
        read(&bytes, &limits),
        Err(ExtractError::TooLarge(_))
    ));
}

#[test]
fn broken_packages_are_corrupt_or_encrypted() {
    let limits = Limits::for_one_file();
    assert!(matches!(
        read(b"not a zip", &limits),
        Err(ExtractError::Corrupt(_))
    ));
    let no_ofd_xml = zip_of(&[("Doc_0/Document.xml", &document_xml(&[], ""))]);
    assert!(matches!(
        read(&no_ofd_xml, &limits),
        Err(ExtractError::Corrupt(_))
    ));
    let broken_document = zip_of(&[
        ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
        ("Doc_0/Document.xml", "<ofd:Document><ofd:Pages>"),
    ]);
    assert!(matches!(
        read(&broken_document, &limits),
        Err(ExtractError::Corrupt(_))
    ));
    let encrypted = zip_of(&[
        ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
        ("Encryptions.xml", "<Encryptions/>"),
    ]);
    assert_eq!(read(&encrypted, &limits), Err(ExtractError::Encrypted));
    // Cut short: an error, not a panic or a hang.
    let whole = zip_of(&[
        ("OFD.xml", &ofd_xml("Doc_0/Document.xml")),
        ("Doc_0/Document.xml", &document_xml(&["P.xml"], "")),
    ]);
    for cut in [10, whole.len() / 2, whole.len() - 10] {
        assert!(read(&whole[..cut], &limits).is_err());
    }
}

#[test]
fn turned_text_and_control_characters_are_dropped() {
    let objects = [
        text_object(
            "0 0 100 10",
            "",
            "<ofd:TextCode X=\"0\" Y=\"5\" DeltaX=\"g 4 5\">甲&#x1;\t&lt;乙</ofd:TextCode>",
        ),
        text_object(
            "0 20 100 10",
            r#"CTM="0 1 -1 0 0 0""#,
            r#"<ofd:TextCode X="0" Y="5">章</ofd:TextCode>"#,
        ),
        text_object(
            "0 40 100 10",
            r#"CharDirection="90""#,
            r#"<ofd:TextCode X="0" Y="5">竖</ofd:TextCode>"#,
        ),
    ]
    .concat();
    let layout = read_parts(&one_page(
        "Doc_0/Document.xml",
        &page_xml(&objects, ""),
        &[],
    ))
    .unwrap();
    let glyphs = &layout.pages[0].glyphs;
    assert_eq!(page_text(&layout.pages[0]), "甲 <乙");
    // The dropped control character keeps its place: "<" is the fourth position.
    assert!(close(glyphs[2].x, pt(15.0)));
}

#[test]
fn pages_without_text_need_ocr() {
    let image =
        r#"<ofd:ImageObject ID="3" CTM="100 0 0 100 0 0" Boundary="0 0 100 100" ResourceID="4"/>"#;
    let result = read_parts(&one_page("Doc_0/Document.xml", &page_xml(image, ""), &[]));
    assert_eq!(result, Err(ExtractError::NoTextLayer));
}

#[test]
fn composite_units_nest_and_come_from_page_resources() {
    let unit = |id: &str, inner: &str| {
        format!(
            r#"<ofd:CompositeGraphicUnit ID="{id}" Width="100" Height="100"><ofd:Content>{inner}</ofd:Content></ofd:CompositeGraphicUnit>"#
        )
    };
    let text = text_object(
        "0 0 50 10",
        "",
        r#"<ofd:TextCode X="0" Y="5">内</ofd:TextCode>"#,
    );
    // Unit 7 draws unit 8 moved by (1, 2); unit 9 draws itself, forever but for the bound.
    let units = [
        unit(
            "7",
            r#"<ofd:CompositeObject ID="1" Boundary="1 2 10 10" ResourceID="8"/>"#,
        ),
        unit("8", &text),
        unit(
            "9",
            &format!(r#"{text}<ofd:CompositeObject ID="2" Boundary="0 0 1 1" ResourceID="9"/>"#),
        ),
    ]
    .concat();
    let res = format!(
        r#"<ofd:Res {NS}><ofd:CompositeGraphicUnits>{units}</ofd:CompositeGraphicUnits></ofd:Res>"#
    );
    let page = page_xml(
        r#"<ofd:CompositeObject ID="3" Boundary="10 20 100 100" ResourceID="7"/><ofd:PageBlock><ofd:CompositeObject ID="4" Boundary="0 0 1 1" ResourceID="9"/></ofd:PageBlock>"#,
        "<ofd:PageRes>Res.xml</ofd:PageRes>",
    );
    let layout = read_parts(&one_page(
        "Doc_0/Document.xml",
        &page,
        &[("Doc_0/Pages/Page_0/Res.xml", &res)],
    ))
    .unwrap();
    let glyphs = &layout.pages[0].glyphs;
    assert!(close(glyphs[0].x, pt(11.0)) && close(glyphs[0].y, pt(27.0)));
    assert!(
        glyphs.len() > 10 && glyphs.len() <= MAX_NESTING + 2,
        "{}",
        glyphs.len()
    );
}

#[test]
fn dates_are_normalized() {
    assert_eq!(
        normalize_date("2020-06-15T07:29:24+08:00").as_deref(),
        Some("2020-06-15")
    );
    assert_eq!(
        normalize_date("2020年6月1日").as_deref(),
        Some("2020-06-01")
    );
    assert_eq!(normalize_date("20200615").as_deref(), Some("2020-06-15"));
    assert_eq!(normalize_date("2020-13-01"), None);
    assert_eq!(normalize_date(""), None);
}

#[test]
fn huge_repeat_counts_cost_only_the_glyphs_they_reach() {
    assert_eq!(parse_deltas("g 99999999999 1.5 2", 3), [1.5, 1.5, 1.5]);
    assert_eq!(parse_deltas("1 g 2 3 4", 5), [1.0, 3.0, 3.0, 4.0]);
    assert_eq!(parse_deltas("g -2 3 4", 5), [4.0]);
}
