//! The documents a session indexes: copies of the shipped reference and the fixtures, and
//! 公文 written here.

use std::path::{Path, PathBuf};

/// The notice in each format into `to`, and the files of bad/ that cannot be read into `to/bad`.
/// bad/owner-password.pdf and bad/docx-named.pdf are readable copies of the notice: ids sort
/// before notice.*, so they would be the shown copies of the PDF and the DOCX.
pub fn copy_formats(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if name.starts_with("notice.") {
            std::fs::copy(&path, to.join(name)).unwrap();
        }
    }
    std::fs::create_dir_all(to.join("bad")).unwrap();
    for entry in std::fs::read_dir(from.join("bad")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if !["owner-password.pdf", "docx-named.pdf"].contains(&name) {
            std::fs::copy(&path, to.join("bad").join(name)).unwrap();
        }
    }
}

/// The reference page of `corpus/` (the rest of the shipped library is not what these tests
/// count on).
pub fn copy_reference(root: &Path, corpus: &Path) {
    const REFERENCE: &str = "重庆高新区直管园2021年经济社会发展情况及2022年重点工作.txt";
    std::fs::create_dir_all(corpus).unwrap();
    std::fs::copy(root.join("corpus").join(REFERENCE), corpus.join(REFERENCE)).unwrap();
}

#[path = "../common/files.rs"]
mod files;
pub use files::copy_tree;

/// The shipped report and two 公文 written here: a 通知 that issues a 办法 of numbered articles,
/// and an 意见 of another issuer. Their kinds, issuers and numbers are what the parser reads
/// from such texts (tests/integration checks that side).
pub fn official_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_reference(root, &corpus);
    std::fs::create_dir_all(corpus.join("公文")).unwrap();
    std::fs::write(corpus.join("公文/扶持办法的通知.txt"), MEASURES_NOTICE).unwrap();
    std::fs::write(corpus.join("公文/低空经济意见.txt"), OPINION).unwrap();
    std::fs::write(corpus.join("公文/奖励申报函.txt"), LETTER).unwrap();
    corpus
}

/// Cites the notice by its number (in another bracket style), so the notice's reader links it.
const LETTER: &str = "南湖市财政局关于做好企业奖励申报工作的函
各区县财政局：
根据南府办发[2026]3号文件精神，请做好企业奖励申报工作。
南湖市财政局
2026年3月5日
";

const MEASURES_NOTICE: &str = "南湖市人民政府办公厅关于印发南湖市低空经济产业扶持办法的通知
南府办发〔2026〕3号
各区县人民政府，市政府各部门：
《南湖市低空经济产业扶持办法》已经市政府同意，现印发给你们，请认真贯彻执行。
南湖市人民政府办公厅
2026年2月10日
南湖市低空经济产业扶持办法
第一章 总则
第一条 为促进低空经济高质量发展，制定本办法。
第二条 本办法适用于本市行政区域内从事低空经济的企业。
第二章 扶持措施
第三条 对新落户的低空经济企业，给予一次性奖励。
第四条 支持企业建设低空经济试验场地。
";

const OPINION: &str = "东川省人民政府关于加快发展低空经济的意见
东政发〔2026〕7号
各市、县人民政府，省政府各部门：
为加快发展低空经济，提出如下意见。
一、总体要求
坚持创新驱动，培育低空经济新业态。
二、重点任务
（一）完善基础设施。建设低空经济起降场地。
东川省人民政府
2026年3月1日
";
