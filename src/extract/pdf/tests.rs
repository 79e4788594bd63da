use super::cmap::CMap;
use super::*;
use crate::extract::types::Page;
use lopdf::{Dictionary, Stream};
use std::time::Duration;

/// A stream object with its /Length.
fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A PDF file of the given objects, numbered from 1; object 1 is the catalog.
fn pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> \
             <0123456789ABCDEF0123456789ABCDEF>] {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// One 200 × 100 pt page drawing `content` with font /F1 = object 5; `extra` objects
/// follow from number 5.
fn one_page(content: &[u8], page_extra: &str, extra: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> {page_extra} >>"
        )
        .into_bytes(),
        stream("", content),
    ];
    objects.extend_from_slice(extra);
    pdf(&objects, "")
}

fn read_ok(bytes: &[u8]) -> FixedLayout {
    match read(bytes, &Limits::for_one_file()) {
        Ok(layout) => layout,
        Err(error) => panic!("read failed: {error}"),
    }
}

fn text(page: &Page) -> String {
    page.glyphs.iter().map(|g| g.ch).collect()
}

fn close(a: f32, b: f64) -> bool {
    (f64::from(a) - b).abs() < 0.01
}

/// Helvetica with WinAnsi, widths 500 everywhere except H (700) and space (250).
fn helvetica() -> Vec<u8> {
    let widths: Vec<String> = (32..=126)
        .map(|c| match c {
            32 => "250".to_string(),
            72 => "700".to_string(),
            _ => "500".to_string(),
        })
        .collect();
    format!(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding \
         /FirstChar 32 /LastChar 126 /Widths [{}] >>",
        widths.join(" ")
    )
    .into_bytes()
}

const SONG_UCS2: &[u8] =
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H \
    /DescendantFonts [6 0 R] >>";
const SONG_CID: &[u8] = b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
    /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>";

#[test]
fn simple_font_positions_follow_spacing_and_widths() {
    let content = b"BT /F1 10 Tf 2 Tc 3 Tw 20 50 Td (Hi Hi) Tj ET";
    let layout = read_ok(&one_page(content, "", &[helvetica()]));
    let page = &layout.pages[0];
    assert_eq!((page.width, page.height), (200.0, 100.0));
    assert_eq!(text(page), "Hi Hi");
    let g = &page.glyphs;
    // Advance = w·size + Tc, and Tw on the space: H 7+2, i 5+2, space 2.5+2+3.
    assert!(
        close(g[0].x, 20.0) && close(g[1].x, 29.0) && close(g[2].x, 36.0) && close(g[3].x, 43.5)
    );
    assert!(g.iter().all(|g| close(g.y, 50.0) && close(g.size, 10.0)));
    assert!(close(g[0].width, 7.0) && close(g[1].width, 5.0));
}

#[test]
fn tj_numbers_and_horizontal_scaling_move_the_pen() {
    let content = b"BT /F1 10 Tf 50 Tz 1 0 0 1 10 20 Tm [(H) -500 (i)] TJ 0 -10 TD (i) ' ET";
    let layout = read_ok(&one_page(content, "", &[helvetica()]));
    let g = &layout.pages[0].glyphs;
    assert_eq!(text(&layout.pages[0]), "Hii");
    // H: 7 · 0.5 = 3.5; the kern: 500/1000 · 10 · 0.5 = 2.5.
    assert!(close(g[1].x, 16.0));
    assert!(close(g[0].width, 3.5));
    // TD sets the leading that ' uses again: two lines down.
    assert!(close(g[2].x, 10.0) && close(g[2].y, 100.0));
}

#[test]
fn ucs2_cmap_without_to_unicode_reads_codes_as_unicode() {
    let content = b"BT /F1 12 Tf 10 60 Td <4E2D65870041> Tj ET";
    let layout = read_ok(&one_page(
        content,
        "",
        &[SONG_UCS2.to_vec(), SONG_CID.to_vec()],
    ));
    let page = &layout.pages[0];
    assert_eq!(text(page), "中文A");
    let g = &page.glyphs;
    assert!(close(g[1].x, 22.0) && close(g[2].x, 34.0));
    // The CID of A is unknown: half the default width.
    assert!(close(g[2].width, 6.0));
}

#[test]
fn gbk_cmap_reads_one_and_two_byte_codes() {
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H \
        /DescendantFonts [6 0 R] >>";
    // 通知 in GBK, then "A1", then the UCS-2 test's bytes read as GBK.
    let content = b"BT /F1 10 Tf 10 60 Td <CDA8D6AA4131> Tj ET";
    let layout = read_ok(&one_page(content, "", &[font.to_vec(), SONG_CID.to_vec()]));
    let page = &layout.pages[0];
    assert_eq!(text(page), "通知A1");
    let x: Vec<f32> = page.glyphs.iter().map(|g| g.x).collect();
    assert!(close(x[1], 20.0) && close(x[2], 30.0) && close(x[3], 35.0));
}

#[test]
fn to_unicode_ranges_arrays_ligatures_and_surrogates() {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /CMapName /Test def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        % a comment\n3 beginbfchar <0001> <00660069> <0002> <D840DC00> <0003> <0000> endbfchar\n\
        2 beginbfrange <0010> <0012> <4E00> <0020> <0021> [<0041> <0042>] endbfrange\n\
        endcmap CMapName currentdict /CMap defineresource pop end end";
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H \
        /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>";
    let cid =
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /W [1 [600] 16 18 1000] /DW 500 >>";
    let content = b"BT /F1 10 Tf 10 60 Td <0001000200030010001100200021> Tj ET";
    let layout = read_ok(&one_page(
        content,
        "",
        &[font.to_vec(), cid.to_vec(), stream("", cmap)],
    ));
    let page = &layout.pages[0];
    assert_eq!(text(page), "fi\u{20000}一丁AB");
    let g = &page.glyphs;
    // The ligature's two characters share its 6 pt advance.
    assert!(close(g[0].width, 3.0) && close(g[1].x, 13.0));
    // Code 3 maps to U+0000: no glyph, but its advance (DW) still counts.
    assert!(close(g[2].x, 16.0) && close(g[3].x, 26.0));
}

#[test]
fn embedded_encoding_cmaps_give_code_lengths_and_cids() {
    let encoding = b"/CMapName /Custom def 2 begincodespacerange <00> <7F> <8000> <FFFF> \
        endcodespacerange 1 begincidrange <20> <7E> 1 endcidrange 1 begincidchar <8000> 200 \
        endcidchar";
    let to_unicode = b"1 begincodespacerange <00> <FF> endcodespacerange \
        2 beginbfchar <41> <0041> <8000> <4E2D> endbfchar";
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding 7 0 R \
        /DescendantFonts [6 0 R] /ToUnicode 8 0 R >>";
    let cid = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /W [34 [400] 200 [900]] >>";
    let content = b"BT /F1 10 Tf 10 60 Td <418000> Tj ET";
    let extra = [
        font.to_vec(),
        cid.to_vec(),
        stream("", encoding),
        stream("", to_unicode),
    ];
    let layout = read_ok(&one_page(content, "", &extra));
    let g = &layout.pages[0].glyphs;
    assert_eq!(text(&layout.pages[0]), "A中");
    // A is CID 34 (0x41 - 0x20 + 1), 中 is CID 200.
    assert!(close(g[0].width, 4.0) && close(g[1].x, 14.0) && close(g[1].width, 9.0));
}

#[test]
fn rotated_artifact_and_off_page_text_is_dropped_invisible_text_kept() {
    let content = b"BT /F1 10 Tf 10 80 Td (A) Tj ET \
        BT /F1 10 Tf 0.7 0.7 -0.7 0.7 100 50 Tm (B) Tj ET \
        /Artifact <</Type /Pagination>> BDC BT /F1 10 Tf 10 10 Td (C) Tj ET EMC \
        BT /F1 10 Tf 300 50 Td (D) Tj ET \
        BT /F1 10 Tf 3 Tr 10 40 Td (E) Tj ET \
        BT /F1 10 Tf 1 0 0.3 1 10 30 Tm (F) Tj ET";
    let layout = read_ok(&one_page(content, "", &[helvetica()]));
    // Fake italics (a skewed y axis) are still upright text.
    assert_eq!(text(&layout.pages[0]), "AEF");
}

#[test]
fn artifacts_are_kept_when_a_page_has_nothing_else() {
    let content = b"/Artifact BMC BT /F1 10 Tf 10 10 Td (7) Tj ET EMC";
    let layout = read_ok(&one_page(content, "", &[helvetica()]));
    assert_eq!(text(&layout.pages[0]), "7");
}

#[test]
fn text_drawn_twice_in_place_is_one_glyph() {
    let content = b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET BT /F1 10 Tf 10.5 50.5 Td (Hi) Tj ET";
    let layout = read_ok(&one_page(content, "", &[helvetica()]));
    assert_eq!(text(&layout.pages[0]), "Hi");
}

#[test]
fn forms_apply_their_matrix_and_resources_and_cycles_stop() {
    let content = b"q 1 0 0 1 0 -10 cm /X1 Do Q BT /F1 10 Tf 10 10 Td (i) Tj ET";
    let page_extra = "/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>";
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 200 100] /Matrix [1 0 0 1 30 0] \
         /Resources << /Font << /F2 5 0 R >> /XObject << /Me 6 0 R >> >>",
        b"BT /F2 10 Tf 10 50 Td (H) Tj ET /Me Do",
    );
    let mut bytes = one_page(content, "", &[helvetica(), form]);
    // Swap the page's resources for ones that name the form.
    let needle = b"/Resources << /Font << /F1 5 0 R >> >>";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or(0);
    let mut patched = bytes[..at].to_vec();
    patched.extend_from_slice(page_extra.as_bytes());
    patched.extend_from_slice(&bytes[at + needle.len()..]);
    bytes = patched;
    let layout = read_ok(&bytes);
    let page = &layout.pages[0];
    assert_eq!(text(page), "Hi");
    let h = &page.glyphs[0];
    assert!(close(h.x, 40.0) && close(h.y, 60.0));
    assert!(close(page.glyphs[1].y, 90.0));
}

#[test]
fn rotated_pages_give_display_coordinates() {
    // Text running up the page in user space reads left to right once the page is
    // turned clockwise for display.
    let content = b"BT /F1 10 Tf 0 1 -1 0 50 20 Tm (H) Tj ET BT /F1 10 Tf 50 50 Td (i) Tj ET";
    let layout = read_ok(&one_page(content, "/Rotate 90", &[helvetica()]));
    let page = &layout.pages[0];
    assert_eq!((page.width, page.height), (100.0, 200.0));
    assert_eq!(text(page), "H");
    assert!(close(page.glyphs[0].x, 20.0) && close(page.glyphs[0].y, 50.0));
}

#[test]
fn page_order_and_inheritance_follow_the_page_tree() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 2 /Resources << /Font << /F1 8 0 R >> >> >>"
            .to_vec(),
        b"<< /Type /Pages /Parent 2 0 R /Kids [5 0 R 4 0 R] /Count 2 /MediaBox [0 0 300 400] \
          /CropBox [10 20 290 380] >>"
            .to_vec(),
        b"<< /Type /Page /Parent 3 0 R /Contents 6 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 3 0 R /Contents 7 0 R /MediaBox [0 0 100 100] >>".to_vec(),
        stream("", b"BT /F1 10 Tf 20 30 Td (H) Tj ET"),
        stream("", b"BT /F1 10 Tf 20 30 Td (i) Tj ET"),
        helvetica(),
    ];
    let layout = read_ok(&pdf(&objects, ""));
    let pages = &layout.pages;
    assert_eq!(pages.len(), 2);
    assert_eq!(text(&pages[0]), "i");
    // The inherited CropBox is cut to the page's own MediaBox.
    assert_eq!((pages[0].width, pages[0].height), (90.0, 80.0));
    assert_eq!(text(&pages[1]), "H");
    assert_eq!((pages[1].width, pages[1].height), (280.0, 360.0));
    assert!(close(pages[1].glyphs[0].x, 10.0) && close(pages[1].glyphs[0].y, 350.0));
}

#[test]
fn simple_font_differences_and_unmapped_spaces() {
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Custom \
        /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding \
        /Differences [32 /g3 65 /uni4E2D /u1F600 /quoteright /eacute.sc /f_i] >> >>";
    let content = b"BT /F1 10 Tf 10 50 Td (ABCDE F) Tj ET";
    let layout = read_ok(&one_page(content, "", &[font.to_vec()]));
    // The space code maps to an unknown name: no glyph for it; f_i is not a name known here.
    assert_eq!(text(&layout.pages[0]), "中\u{1F600}’éF");
}

#[test]
fn vertical_fonts_stack_glyphs_downwards() {
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-V \
        /DescendantFonts [6 0 R] >>";
    let content = b"BT /F1 10 Tf 100 90 Td <901A77E5> Tj ET";
    let layout = read_ok(&one_page(content, "", &[font.to_vec(), SONG_CID.to_vec()]));
    let g = &layout.pages[0].glyphs;
    assert_eq!(text(&layout.pages[0]), "通知");
    assert!(close(g[0].x, 95.0) && close(g[1].x, 95.0));
    assert!(close(g[1].y - g[0].y, 10.0));
}

#[test]
fn properties_come_from_info_with_its_encodings() {
    let info = b"<< /Title <FEFF901A77E5> /Author (Acme\x92) /Subject <CDA8D6AA> \
        /CreationDate (D:20110325120000+08'00') >>";
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        info.to_vec(),
    ];
    let layout = read_ok(&pdf(&objects, "/Info 3 0 R"));
    assert!(layout.pages.is_empty());
    let p = layout.properties;
    assert_eq!(p.title.as_deref(), Some("通知"));
    assert_eq!(p.author.as_deref(), Some("Acme™"));
    assert_eq!(p.subject.as_deref(), Some("通知"));
    assert_eq!(p.created.as_deref(), Some("2011-03-25"));
}

#[test]
fn properties_fall_back_to_xmp() {
    let xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description xmp:CreateDate=\"2024-05-06T10:00:00+08:00\">\
        <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">关于 A &amp; B</rdf:li></rdf:Alt></dc:title>\
        <dc:creator><rdf:Seq><rdf:li>办公室</rdf:li></rdf:Seq></dc:creator>\
        </rdf:Description></rdf:RDF></x:xmpmeta>";
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 3 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        stream("/Type /Metadata /Subtype /XML", xmp.as_bytes()),
    ];
    let p = read_ok(&pdf(&objects, "")).properties;
    assert_eq!(p.title.as_deref(), Some("关于 A & B"));
    assert_eq!(p.author.as_deref(), Some("办公室"));
    assert_eq!(p.subject, None);
    assert_eq!(p.created.as_deref(), Some("2024-05-06"));
}

#[test]
fn dates_in_pdf_and_iso_forms() {
    assert_eq!(date("D:2011").as_deref(), Some("2011-01-01"));
    assert_eq!(date("D:201103").as_deref(), Some("2011-03-01"));
    assert_eq!(date("2011-3-5").as_deref(), Some("2011-03-05"));
    assert_eq!(date("D:20111325"), None);
    assert_eq!(date("yesterday"), None);
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let plain = one_page(b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET", "", &[helvetica()]);
    let Ok(mut doc) = Document::load_mem(&plain) else {
        panic!("the test PDF does not load");
    };
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let Ok(state) = lopdf::EncryptionState::try_from(version) else {
        panic!("no encryption state");
    };
    let mut out = Vec::new();
    assert!(doc.encrypt(&state).is_ok() && doc.save_to(&mut out).is_ok());
    out
}

#[test]
fn owner_password_only_files_are_read_user_passwords_refused() {
    let layout = read_ok(&encrypted(""));
    assert_eq!(text(&layout.pages[0]), "Hi");
    assert_eq!(
        read(&encrypted("secret"), &Limits::for_one_file()),
        Err(ExtractError::Encrypted)
    );
}

#[test]
fn broken_and_truncated_files_fail_cleanly() {
    assert!(matches!(
        read(b"not a pdf at all", &Limits::for_one_file()),
        Err(ExtractError::Corrupt(_))
    ));
    let whole = one_page(b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET", "", &[helvetica()]);
    for len in (0..whole.len()).step_by(5) {
        // Any outcome but a panic or a hang; once the content is in, pages are found.
        let _ = read(&whole[..len], &Limits::for_one_file());
    }
    let cut = whole
        .windows(4)
        .position(|w| w == b"xref")
        .unwrap_or(whole.len());
    let layout = read_ok(&whole[..cut]);
    assert_eq!(text(&layout.pages[0]), "Hi");
}

#[test]
fn inflation_past_the_budget_is_too_large() {
    let mut content = Stream::new(
        Dictionary::new(),
        b"BT /F1 10 Tf 10 50 Td (Hi) Tj ET\n".repeat(100),
    );
    assert!(content.compress().is_ok());
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream("/Filter /FlateDecode", &content.content),
        helvetica(),
    ];
    let bytes = pdf(&objects, "");
    assert_eq!(text(&read_ok(&bytes).pages[0]), "Hi");
    let tight = Limits::new(Duration::from_secs(10), 1000);
    assert!(matches!(
        read(&bytes, &tight),
        Err(ExtractError::TooLarge(_))
    ));
}

#[test]
fn cmap_lexer_handles_odd_hex_and_dictionaries() {
    let cmap = CMap::parse(
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) >> def /WMode 1 def\n\
          1 begincodespacerange <00> <8 0> endcodespacerange 1 beginbfchar <4> <0041> endbfchar",
    );
    assert!(cmap.vertical);
    assert_eq!(cmap.codespace.len(), 1);
    let mut out = Vec::new();
    cmap.unicode(0x40, &mut out);
    assert_eq!(out, vec!['A']);
}

/// Two pages set in /F1; page 1 also in /F2, the last object, which a file cut short loses.
fn two_pages_one_with_a_late_font(page_one: &[u8]) -> Vec<u8> {
    pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 5 0 R \
              /Resources << /Font << /F1 7 0 R /F2 8 0 R >> >> >>"
                .to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 6 0 R \
              /Resources << /Font << /F1 7 0 R >> >> >>"
                .to_vec(),
            stream("", page_one),
            stream("", b"BT /F1 10 Tf 10 50 Td (Whole) Tj ET"),
            helvetica(),
            helvetica(),
        ],
        "",
    )
}

#[test]
fn a_file_cut_short_keeps_only_pages_read_whole() {
    let page_one = b"BT /F1 10 Tf 10 50 Td (123) Tj /F2 10 Tf 40 0 Td (Lost) Tj ET";
    let whole = two_pages_one_with_a_late_font(page_one);
    let layout = read_ok(&whole);
    assert_eq!(text(&layout.pages[0]), "123Lost");
    assert_eq!(text(&layout.pages[1]), "Whole");

    // Cut before the font of page 1's main text: page 1 would give only "123", so it gives
    // nothing; page 2 lost nothing and is kept.
    let cut = whole.windows(7).position(|w| w == b"8 0 obj").unwrap();
    let layout = read_ok(&whole[..cut]);
    assert_eq!(layout.pages.len(), 2);
    assert_eq!(text(&layout.pages[0]), "");
    assert_eq!(text(&layout.pages[1]), "Whole");

    // When every page lost a font, nothing was read whole: the file is corrupt, with lopdf's
    // reason, not a document of fragments.
    let both = pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
              /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>"
                .to_vec(),
            stream("", page_one),
            helvetica(),
            helvetica(),
        ],
        "",
    );
    let cut = both.windows(7).position(|w| w == b"6 0 obj").unwrap();
    assert!(matches!(
        read(&both[..cut], &Limits::for_one_file()),
        Err(ExtractError::Corrupt(_))
    ));
    // The same file whole reads whole; an undamaged file whose resources lack a font gives what
    // it can, as before.
    assert_eq!(text(&read_ok(&both).pages[0]), "123Lost");
    let undamaged = one_page(page_one, "", &[helvetica()]);
    assert_eq!(text(&read_ok(&undamaged).pages[0]), "123");
}
