//! (b) Body lines are never lost, (e) text stays exactly as written.

use std::collections::HashSet;

use crate::support::*;

/// Independently of the parser: a line of running text, or a numbered heading.
fn is_body_line(line: &str) -> bool {
    let n = line.chars().count();
    let prose = n >= 20 && line.contains(['，', '。']);
    let cn = "一二三四五六七八九十";
    let heading = line.strip_prefix(['（', '(']).map_or_else(
        || {
            line.trim_start_matches(|c| cn.contains(c))
                .starts_with('、')
                && !line.starts_with('、')
        },
        |rest| {
            let after = rest.trim_start_matches(|c| cn.contains(c));
            after.len() < rest.len() && after.starts_with(['）', ')'])
        },
    );
    prose || heading
}

fn check_body_lines_kept(corpus: &Corpus, at_least: usize) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for d in corpus.texts() {
        let (id, doc) = (&d.id, &d.doc);
        let texts: HashSet<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        for (i, line) in source_lines(&d.root, id).iter().enumerate() {
            if is_body_line(line) {
                checked += 1;
                if !texts.contains(line.as_str()) {
                    let short: String = line.chars().take(40).collect();
                    failures.push(format!("{id} line {}: {short}…", i + 1));
                }
            }
        }
    }
    assert!(
        checked > at_least,
        "only {checked} body lines found: is the corpus there?"
    );
    assert!(
        failures.is_empty(),
        "body lines lost:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_body_line_of_the_source_is_a_paragraph_word_for_word() {
    check_body_lines_kept(&FIXTURES, 80);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn every_body_line_of_the_reports_is_a_paragraph_word_for_word() {
    check_body_lines_kept(shared(), 2000);
}

fn check_source_order(corpus: &Corpus) {
    for d in corpus.texts() {
        let (id, doc) = (&d.id, &d.doc);
        let lines = source_lines(&d.root, id);
        let mut at = 0;
        for p in &doc.paragraphs {
            match lines[at..].iter().position(|l| *l == p.text) {
                Some(k) => at += k + 1,
                None => panic!(
                    "{id} ¶{}: {:?} is not a source line after line {at}",
                    p.number, p.text
                ),
            }
        }
    }
}

#[test]
fn paragraphs_are_source_lines_in_source_order() {
    check_source_order(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn paragraphs_of_the_reports_are_source_lines_in_source_order() {
    check_source_order(shared());
}

fn check_numbering(corpus: &Corpus) {
    for (id, doc) in corpus.iter() {
        for (i, p) in doc.paragraphs.iter().enumerate() {
            assert_eq!(
                p.number as usize,
                i + 1,
                "{id}: paragraph {i} is numbered {}",
                p.number
            );
        }
    }
}

#[test]
fn paragraphs_are_numbered_one_to_n_in_order() {
    check_numbering(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn paragraphs_of_the_reports_are_numbered_one_to_n_in_order() {
    check_numbering(shared());
}

fn check_opening_and_closing(corpus: &Corpus) {
    for d in corpus.texts().filter(|d| d.id.contains("政府工作报告")) {
        let (id, doc) = (&d.id, &d.doc);
        assert!(
            doc.paragraphs.iter().any(|p| p.text == "各位代表："),
            "{id}: the salutation 各位代表： is missing"
        );
        let last_line = source_lines(&d.root, id)
            .into_iter()
            .rev()
            .find(|l| l.contains("让我们") && l.contains('。'));
        if let Some(last) = last_line {
            assert!(
                doc.paragraphs.iter().any(|p| p.text == last),
                "{id}: the closing call 让我们… is missing"
            );
        }
    }
}

#[test]
fn the_opening_and_closing_lines_of_each_report_are_kept() {
    check_opening_and_closing(&FIXTURES);
}

#[test]
#[ignore = "tier 2: needs ../shared beside the project; run: cargo test -- --ignored"]
fn the_opening_and_closing_lines_of_each_real_report_are_kept() {
    check_opening_and_closing(shared());
}
