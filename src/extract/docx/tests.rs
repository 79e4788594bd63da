use super::*;
use crate::extract::types::{BlockKind, Properties};
use std::io::{Cursor, Write};
use std::time::Duration;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#;

/// A DOCX package whose main part sits at a non-standard name, found through _rels/.rels.
fn package(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>{body}</w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="doc/main.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;
    let mut parts = vec![
        ("_rels/.rels", rels.to_string()),
        ("doc/main.xml", document),
    ];
    parts.extend(extra.iter().map(|(n, c)| (*n, c.to_string())));
    for (name, content) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn texts(flow: &Flow) -> Vec<&str> {
    flow.blocks.iter().map(|b| b.text.as_str()).collect()
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn numbered(num: u32, level: u8, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%3"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style>
</w:styles>"#;

fn numbered_package(body: &str) -> Vec<u8> {
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/doc/styles.xml"/></Relationships>"#;
    package(
        body,
        &[
            ("doc/_rels/main.xml.rels", rels),
            ("doc/numbering.xml", NUMBERING),
            ("doc/styles.xml", STYLES),
        ],
    )
}

#[test]
fn numbering_nests_restarts_and_comes_from_styles() {
    let body = [
        numbered(1, 0, "总体要求"),
        numbered(1, 1, "目标"),
        numbered(1, 1, "原则"),
        numbered(1, 2, "其一"),
        numbered(1, 0, "重点任务"),
        numbered(1, 1, "产业"),
        numbered(1, 2, "其一"),
        // Heading numbered through its style (and its basedOn parent).
        r#"<w:p><w:pPr><w:pStyle w:val="H1x"/></w:pPr><w:r><w:t>保障措施</w:t></w:r></w:p>"#
            .into(),
        // numId 0 switches numbering off even where the style has it.
        r#"<w:p><w:pPr><w:pStyle w:val="H1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>附则</w:t></w:r></w:p>"#.into(),
        // A second list over the same definition restarts through startOverride.
        numbered(2, 0, "新的一章"),
        numbered(3, 0, "要点"),
    ]
    .concat();
    let flow = read(&numbered_package(&body), &Limits::for_one_file()).unwrap();
    assert_eq!(
        texts(&flow),
        [
            "一、总体要求",
            "1.1 目标",
            "1.2 原则",
            "①其一",
            "二、重点任务",
            "2.1 产业",
            "①其一",
            "三、保障措施",
            "附则",
            "一、新的一章",
            "要点",
        ]
    );
}

#[test]
fn table_rows_with_merges_and_nesting() {
    let cell = |inner: &str| format!("<w:tc>{inner}</w:tc>");
    let merged = r#"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"#;
    let nested = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        cell(&para("甲")),
        cell(&para("乙"))
    );
    let merge_start = format!(
        r#"<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>{}</w:tc>"#,
        para("地区")
    );
    let body = format!(
        r#"{}<w:tbl><w:tblPr/><w:tr>{merge_start}{}</w:tr><w:tr>{merged}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>{}"#,
        para("前"),
        cell(&(para("指标") + &para("说明"))),
        cell(&para("增长")),
        cell(&para("外")),
        cell(&nested),
        cell("<w:p/>"),
        para("后"),
    );
    let flow = read(&package(&body, &[]), &Limits::for_one_file()).unwrap();
    assert_eq!(
        texts(&flow),
        ["前", "地区 | 指标 说明", " | 增长", "外 | 甲 乙", "后"]
    );
    assert_eq!(flow.blocks[1].kind, BlockKind::TableRow);
    assert_eq!(flow.blocks[0].kind, BlockKind::Paragraph);
}

#[test]
fn text_box_is_read_once_after_its_anchor() {
    let box_content = format!("<w:txbxContent>{}</w:txbxContent>", para("框内文字"));
    let body = format!(
        r#"<w:p><w:r><w:t>锚定段落</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{box_content}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box_content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>续</w:t></w:r></w:p>{}"#,
        para("下一段")
    );
    let flow = read(&package(&body, &[]), &Limits::for_one_file()).unwrap();
    assert_eq!(texts(&flow), ["锚定段落续", "框内文字", "下一段"]);
}

#[test]
fn revisions_fields_and_special_characters() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">保留 </w:t></w:r><w:del w:id="1"><w:r><w:delText>删除</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>插入</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom></w:p>
        <w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r><w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>
        <w:p><w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>A&amp;B</w:t><w:noBreakHyphen/><w:t>C</w:t><w:br/><w:sym w:font="Symbol" w:char="F0B3"/></w:r></w:p>
        <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">   </w:t></w:r></w:p>
        <w:sdt><w:sdtPr><w:alias w:val="标题"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内容</w:t></w:r></w:p></w:sdtContent></w:sdt>"#;
    let flow = read(&package(body, &[]), &Limits::for_one_file()).unwrap();
    assert_eq!(
        texts(&flow),
        ["保留 插入", "第3页9", "链接\tA&B-C ≥", "控件内容"]
    );
    assert!(flow.blocks.iter().all(|b| b.page.is_none()));
}

#[test]
fn pages_follow_rendered_breaks_without_double_counting() {
    let body = [
        // Word opens no page for a break before the first paragraph.
        String::from(r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>一页</w:t></w:r></w:p>"#),
        // An explicit break that Word rendered: the lastRenderedPageBreak is the same page.
        r#"<w:p><w:r><w:t>一页末</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>"#.into(),
        r#"<w:p><w:r><w:lastRenderedPageBreak/><w:t>二页</w:t></w:r></w:p>"#.into(),
        // A paragraph running onto the next page keeps the page it starts on.
        r#"<w:p><w:r><w:t>二页续</w:t><w:lastRenderedPageBreak/><w:t>跨到三页</w:t></w:r></w:p>"#.into(),
        // An explicit break without a rendered mark still counts.
        r#"<w:p><w:r><w:t>三页</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>"#.into(),
        // The sectPr ends section 0; section 1 (next sectPr) is continuous: no new page.
        r#"<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>四页</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr></w:pPr><w:r><w:t>连续节</w:t></w:r></w:p>"#.into(),
        // Section 2 has no w:type (next page) and no rendered mark: a page of its own.
        r#"<w:p><w:pPr><w:pageBreakBefore w:val="0"/><w:sectPr/></w:pPr><w:r><w:t>五页</w:t></w:r></w:p>"#.into(),
        // Section 3 starts a page that Word rendered: counted once.
        r#"<w:p><w:r><w:lastRenderedPageBreak/><w:t>六页</w:t></w:r></w:p>"#.into(),
        r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>七页</w:t></w:r></w:p><w:sectPr/>"#.into(),
    ]
    .concat();
    let flow = read(&package(&body, &[]), &Limits::for_one_file()).unwrap();
    let pages: Vec<Option<u32>> = flow.blocks.iter().map(|b| b.page).collect();
    assert_eq!(
        pages,
        [1, 1, 2, 2, 3, 4, 4, 5, 6, 7].map(Some).to_vec(),
        "{:?}",
        texts(&flow)
    );
}

#[test]
fn zip_bomb_is_bounded() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..8 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 64 * 1024);
    let limits = Limits::new(Duration::from_secs(10), 1 << 20);
    assert!(matches!(
        read(&bytes, &limits),
        Err(ExtractError::TooLarge(_))
    ));
    // The same bomb declaring 1000 bytes in both headers: inflation still stops at the budget.
    let mut lying = bytes.clone();
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let at = lying.windows(4).position(|w| w == signature).unwrap() + offset;
        lying[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
    }
    let started = std::time::Instant::now();
    let result = read(&lying, &limits);
    assert!(result.is_err(), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn broken_packages_give_errors() {
    let limits = Limits::for_one_file();
    assert!(matches!(
        read(b"not a zip", &limits),
        Err(ExtractError::Corrupt(_))
    ));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("word/other.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<x/>").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(
        read(&bytes, &limits),
        Err(ExtractError::Corrupt("no word/document.xml".into()))
    );
    let whole = package(&para("完整"), &[]);
    for cut in [whole.len() / 2, whole.len() - 10] {
        assert!(read(&whole[..cut], &limits).is_err());
    }
}

#[test]
fn core_properties() {
    let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>关于印发&lt;方案&gt;的通知</dc:title><dc:creator>办公厅</dc:creator><dc:subject></dc:subject><dcterms:created>2025-01-23T01:38:34Z</dcterms:created></cp:coreProperties>"#;
    let flow = read(
        &package(&para("正文"), &[("docProps/core.xml", core)]),
        &Limits::for_one_file(),
    )
    .unwrap();
    assert_eq!(
        flow.properties,
        Properties {
            title: Some("关于印发<方案>的通知".into()),
            author: Some("办公厅".into()),
            subject: None,
            created: Some("2025-01-23".into()),
        }
    );
}
