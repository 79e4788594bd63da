//! Every fixed score of the ranking, in one table. A paragraph's score is the sum of the
//! bonuses below that it earns and of BM25 over the bigrams of the query's words
//! (`ranking.rs`), which for a paragraph stays in the tens. The bonuses are orders of magnitude
//! apart on purpose: each tier outranks everything below it together, so the order of hits is
//! first by tier (the named article, text over names, as typed over synonyms, the article's own
//! paragraphs, the parts side by side) and only then by BM25. A change here changes the order
//! of hits: the plan and ranking snapshots (`tests.rs`, `tests/integration/ranking_snapshot.rs`)
//! show it as a diff to review.

/// The fixed scores of a search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// The paragraphs of the article named in a named document (民法典 第一千零三十五条), the
    /// first of them; each next one earns [`Weights::named_article_step`] less, so they come
    /// first and in their order.
    pub named_article: f32,
    /// The drop from one paragraph of the named article to the next: more than all the other
    /// scores of a paragraph together.
    pub named_article_step: f32,
    /// The paragraphs of a named article counted in steps, at most: beyond it they tie.
    pub named_article_steps: usize,
    /// For each part a paragraph holds in its own text when the part also names documents: what
    /// the paragraph says ranks before what it is found through (its document's title or 文号).
    pub in_text: f32,
    /// For each part found as typed when a synonym could stand in for it: 高新技术产业开发区 as
    /// typed before 高新区 found for it.
    pub as_typed: f32,
    /// A paragraph of the article typed (第十二条), before paragraphs that only mention it.
    pub article: f32,
    /// Boost of the parts found side by side, as typed without the spaces between them.
    pub side_by_side: f32,
    /// Boost of the exact match of each part: it decides membership, and kept small its own
    /// score leaves the ranking to BM25 over the words.
    pub exact_match: f32,
}

/// The weights every search uses.
pub const WEIGHTS: Weights = Weights {
    named_article: 1e9,
    named_article_step: 1e5,
    named_article_steps: 4000,
    in_text: 2000.0,
    as_typed: 1000.0,
    article: 500.0,
    side_by_side: 5.0,
    exact_match: 0.1,
};

impl Weights {
    /// The score that puts the `i`th paragraph of the named article in its place.
    pub fn named_article_paragraph(&self, i: usize) -> f32 {
        self.named_article - self.named_article_step * i.min(self.named_article_steps) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The most a paragraph earns besides the named article, for a query of `parts` parts:
    /// every bonus of every part, and a generous bound on BM25 and the boosted matches.
    fn all_else(parts: f32) -> f32 {
        let w = WEIGHTS;
        parts * (w.in_text + w.as_typed + w.article) + 1000.0
    }

    #[test]
    fn each_tier_outranks_everything_below_it_together() {
        let w = WEIGHTS;
        // Up to 10 parts a query: a user's query is a few words.
        assert!(w.named_article_step > all_else(10.0));
        assert!(w.named_article_paragraph(w.named_article_steps) > all_else(10.0));
        assert!(w.in_text > w.as_typed + w.article);
        assert!(w.as_typed > w.article);
        // The article bonus outranks the side-by-side boost of a phrase BM25 (tens at most).
        assert!(w.article > 10.0 * w.side_by_side);
        assert!(w.exact_match < 1.0);
    }

    #[test]
    fn the_named_article_keeps_its_paragraphs_in_order() {
        let w = WEIGHTS;
        assert!(w.named_article_paragraph(0) > w.named_article_paragraph(1));
        assert!(w.named_article_paragraph(1) > w.named_article_paragraph(2));
        assert_eq!(
            w.named_article_paragraph(w.named_article_steps),
            w.named_article_paragraph(w.named_article_steps + 10)
        );
    }
}
