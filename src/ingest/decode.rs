//! Text decoding: a text or HTML file's bytes to a string, whatever its encoding.

use encoding_rs::Encoding;

use crate::corpus::SkipReason;

/// Decodes bytes: a BOM wins, then UTF-8, then the detector's guess (GBK/GB18030, Big5, …).
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, &'static str), SkipReason> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SkipReason::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(SkipReason::Undecodable(encoding.name().into()));
        }
        return check_text(text.into_owned(), encoding.name());
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return check_text(text.to_string(), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        // GB18030 is a superset of GBK and GB2312 that decodes every byte sequence they can make.
        let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
        if had_errors {
            return Err(SkipReason::Undecodable(format!(
                "UTF-8, {}, GB18030",
                encoding.name()
            )));
        }
        return check_text(text.into_owned(), "GB18030");
    }
    check_text(text.into_owned(), encoding.name())
}

/// NUL bytes or many control characters mean a binary file (UTF-16 has a BOM, handled before).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    head.contains(&0) || controls * 20 > head.len()
}

fn check_text(
    text: String,
    encoding: &'static str,
) -> std::result::Result<(String, &'static str), SkipReason> {
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn decodes_gbk_utf16_and_utf8() {
        let text = "重庆高新区直管园2021年经济社会发展情况，科学城建设全面提速。";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let (decoded, encoding) = decode(&gbk).unwrap();
        assert_eq!(decoded, text);
        assert!(encoding == "GBK" || encoding == "gb18030", "{encoding}");

        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), (text.to_string(), "UTF-16LE"));
        assert_eq!(
            decode(text.as_bytes()).unwrap(),
            (text.to_string(), "UTF-8")
        );
    }

    #[test]
    fn rejects_empty_and_binary() {
        assert_eq!(decode(b""), Err(SkipReason::Empty));
        assert_eq!(decode(b" \n\n"), Err(SkipReason::Empty));
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 1, 2]),
            Err(SkipReason::Binary)
        );
    }
}
